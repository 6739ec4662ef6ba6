"""Overworld tile maps by wave function collapse (WFC) over terrain tiles.

Tiles and which may touch (4-neighbours): water–sand–grass, grass–forest, grass–hills,
forest–hills, hills–mountain (and each with itself); the map's rim is water, so the world is
an island. Observation is weighted by a smooth height field (fBm noise), which gives coasts,
woods and ranges rather than confetti. The collapse is batched: one pass observes every open
cell of a 5×5 sub-lattice at once (cells five apart cannot conflict: the adjacency graph's
diameter is four), then constraints are propagated to a fixed point with array operations.
A contradiction (never seen in practice, but possible in principle) makes the try fail, and
the caller draws another. Sites (start village, goal castle or lair, treasure ruins, shop
town) go on the largest land mass, roads join them, and locks are gates in palisades
(:mod:`tools.level.locks`).
"""

from __future__ import annotations

import numpy as np

from tools.level.grid import (FOREST, GRASS, HILLS, MOUNTAIN, ROAD, SAND, WALKABLE, WALL, WATER, Level, Room,
                              bfs_distance, largest_component)
from tools.level.locks import GenerationFailed, gate_open_map, place_keys, route
from tools.level.params import LevelParams
from tools.level.populate import ITEMS, add_special_sites, add_specials, enemy_types, scatter

TERRAIN = (WATER, SAND, GRASS, FOREST, HILLS, MOUNTAIN)
NEIGHBOURS = {0: (0, 1), 1: (0, 1, 2), 2: (1, 2, 3, 4), 3: (2, 3, 4), 4: (2, 3, 4, 5), 5: (4, 5)}
HEIGHT_BANDS = (0.2, 0.36, 0.5, 0.56, 0.68, 0.82)  # where each tile is most likely
SPACING = 5
NOISE_SEED = 4242  # one noise table for all maps; a map's seed moves the sampling window


def _support_table() -> np.ndarray:
    """``table[mask]``: the tiles allowed next to a cell whose options are ``mask``."""
    table = np.zeros(1 << len(TERRAIN), np.uint8)
    for mask in range(len(table)):
        allowed = 0
        for tile in range(len(TERRAIN)):
            if mask >> tile & 1:
                for other in NEIGHBOURS[tile]:
                    allowed |= 1 << other
        table[mask] = allowed
    return table


SUPPORT = _support_table()
POPCOUNT = np.array([bin(m).count("1") for m in range(1 << len(TERRAIN))], np.uint8)


def wave_function_collapse(weights: np.ndarray, rng: np.random.Generator, *, rim: int | None = 0) -> np.ndarray:
    """Tile indices (into ``TERRAIN``) for a grid, from per-cell tile ``weights`` (H, W, T)."""
    height, width, count = weights.shape
    full = (1 << count) - 1
    options = np.full((height, width), full, np.uint8)
    if rim is not None:
        options[0, :] = options[-1, :] = options[:, 0] = options[:, -1] = 1 << rim
    _propagate(options)
    yy, xx = np.mgrid[0:height, 0:width]
    bits = (1 << np.arange(count)).astype(np.uint8)
    for phase in range(SPACING * SPACING):
        py, px = divmod(phase, SPACING)
        batch = (yy % SPACING == py) & (xx % SPACING == px) & (POPCOUNT[options] > 1)
        if not batch.any():
            continue
        ys, xs = np.nonzero(batch)
        allowed = (options[ys, xs][:, None] & bits[None, :]) > 0
        w = weights[ys, xs] * allowed
        cumulative = np.cumsum(w, axis=1)
        pick = (cumulative < rng.random(len(ys))[:, None] * cumulative[:, -1:]).sum(axis=1)
        options[ys, xs] = bits[np.minimum(pick, count - 1)]
        _propagate(options)
        if (options == 0).any():
            raise GenerationFailed("wave function collapse met a contradiction")
    rest = POPCOUNT[options] > 1  # cells the lattice passes did not reach (none, when SPACING divides the map)
    while rest.any():
        y, x = (int(v[0]) for v in np.nonzero(rest))
        allowed = [t for t in range(count) if options[y, x] >> t & 1]
        options[y, x] = 1 << allowed[int(np.argmax(weights[y, x, allowed]))]
        _propagate(options)
        rest = POPCOUNT[options] > 1
    return np.log2(options).astype(np.int64)


def _propagate(options: np.ndarray) -> None:
    """Remove options no neighbour supports, until nothing changes (arc consistency)."""
    while True:
        before = options.copy()
        options[1:] &= SUPPORT[options[:-1]]
        options[:-1] &= SUPPORT[options[1:]]
        options[:, 1:] &= SUPPORT[options[:, :-1]]
        options[:, :-1] &= SUPPORT[options[:, 1:]]
        if np.array_equal(before, options):
            return


def generate_overworld(params: LevelParams, rng: np.random.Generator) -> Level:
    from tools.render.noise import fbm

    height, width = params.height, params.width
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    ox, oy = rng.uniform(0, 200, 2)
    elevation = fbm(xx / 14.0 + ox, yy / 14.0 + oy, octaves=4, seed=NOISE_SEED)
    elevation = (elevation - elevation.min()) / max(1e-6, float(np.ptp(elevation)))
    rim = np.minimum.reduce([xx, yy, width - 1 - xx, height - 1 - yy]) / max(4.0, min(width, height) * 0.18)
    elevation = elevation * np.clip(rim, 0.0, 1.0) ** 0.5  # lower towards the sea
    bands = np.array(HEIGHT_BANDS, np.float32)
    weights = np.exp(-((elevation[..., None] - bands) / 0.09) ** 2) + 1e-3
    if params.theme == "forest":
        weights[..., 3] *= 3
    elif params.theme == "desert":
        weights[..., 1] *= 4
    tiles = wave_function_collapse(weights, rng)
    grid = np.array(TERRAIN, np.uint8)[tiles]
    land = largest_component(WALKABLE[grid])
    if land.mean() < 0.25:
        raise GenerationFailed("too little land")
    ys, xs = np.nonzero(land)
    first = (int(xs[0]), int(ys[0]))
    start = _farthest(land, first)
    goal = _farthest(land, start)
    level = Level(kind="overworld", grid=grid, start=start, goal=goal, theme=params.theme, seed=params.seed)
    dist = bfs_distance(WALKABLE[grid], start)
    for x, y in route(dist, goal, rng):
        if grid[y, x] != WATER:
            grid[y, x] = ROAD
    regions = gate_open_map(level, params.keys, rng, wall=WALL)
    reach = np.logical_or.reduce(regions)
    path = route(bfs_distance(WALKABLE[level.grid], start), goal, rng)
    place_keys(level, regions, path, rng)
    level.rooms = [_site("r1", start, "start", level), _site("r2", goal, params.goal_role, level)]
    for key in level.keys:
        level.rooms.append(_site(f"r{len(level.rooms) + 1}", (key.x, key.y), "key", level))
    add_special_sites(level, params, regions, path, rng)
    add_specials(level)
    ground = reach & np.isin(level.grid, (SAND, GRASS, FOREST, HILLS, ROAD))
    area = int(ground.sum())
    scatter(level, rng, ground, count=int(round(params.enemies * area / 150)), kind="enemy",
            types=enemy_types(params.theme), keep_away=6)
    scatter(level, rng, ground, count=int(round(params.items * area / 200)), kind="item", types=ITEMS)
    return level


def _farthest(mask: np.ndarray, origin: tuple[int, int]) -> tuple[int, int]:
    dist = bfs_distance(mask, origin)
    y, x = np.unravel_index(int(np.argmax(dist)), dist.shape)
    return int(x), int(y)


def _site(ident: str, cell: tuple[int, int], role: str, level: Level) -> Room:
    x0, y0 = max(0, cell[0] - 1), max(0, cell[1] - 1)
    return Room(ident, x0, y0, min(level.width, cell[0] + 2) - x0, min(level.height, cell[1] + 2) - y0, role)


__all__ = ["generate_overworld", "wave_function_collapse", "MOUNTAIN"]
