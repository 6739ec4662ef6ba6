"""Caves: cellular automata (random fill, then the 4-5 smoothing rule), the largest open
region kept, start and goal at the two ends of its longest route, chambers carved there,
and locks on distance fronts (:mod:`tools.level.locks`)."""

from __future__ import annotations

import numpy as np

from tools.level.grid import FLOOR, WALKABLE, WALL, Level, Room, bfs_distance, largest_component
from tools.level.locks import GenerationFailed, gate_open_map, place_keys, route
from tools.level.params import LevelParams
from tools.level.populate import ITEMS, add_special_sites, add_specials, enemy_types, scatter

FILL = 0.45
SMOOTHING_STEPS = 5
MIN_OPEN = 0.3


def generate_cave(params: LevelParams, rng: np.random.Generator) -> Level:
    from scipy.ndimage import uniform_filter

    height, width = params.height, params.width
    rock = rng.random((height, width)) < FILL
    for _ in range(SMOOTHING_STEPS):
        rock = _with_border(rock)
        walls = np.rint(uniform_filter(rock.astype(np.float32), size=3, mode="constant", cval=1.0) * 9)
        rock = walls >= 5
    rock = _with_border(rock)
    open_ = largest_component(~rock)
    if open_.mean() < MIN_OPEN:
        raise GenerationFailed("too little open cave")
    grid = np.where(open_, FLOOR, WALL).astype(np.uint8)
    ys, xs = np.nonzero(open_)
    seed_cell = (int(xs[0]), int(ys[0]))
    start = _farthest(open_, seed_cell)
    goal = _farthest(open_, start)
    level = Level(kind="cave", grid=grid, start=start, goal=goal, theme=params.theme, seed=params.seed)
    for cell in (start, goal):
        _chamber(level.grid, cell, 2)
    regions = gate_open_map(level, params.keys, rng, wall=WALL)
    reachable = np.logical_or.reduce(regions)
    level.grid[WALKABLE[level.grid] & ~reachable & (level.grid == FLOOR)] = WALL  # pockets nobody reaches
    dist = bfs_distance(WALKABLE[level.grid], start)
    path = route(dist, goal, rng) if dist[goal[1], goal[0]] >= 0 else []
    place_keys(level, regions, path, rng)
    level.rooms = [_room_at("r1", start, "start", level), _room_at("r2", goal, params.goal_role, level)]
    for index, key in enumerate(level.keys):
        level.rooms.append(_room_at(f"r{len(level.rooms) + 1}", (key.x, key.y), "key", level))
    add_special_sites(level, params, regions, path, rng)
    add_specials(level)
    floor = reachable & (level.grid == FLOOR)
    area = int(floor.sum())
    scatter(level, rng, floor, count=int(round(params.enemies * area / 90)), kind="enemy",
            types=enemy_types(params.theme), keep_away=6)
    scatter(level, rng, floor, count=int(round(params.items * area / 120)), kind="item", types=ITEMS)
    return level


def _with_border(rock: np.ndarray) -> np.ndarray:
    rock = rock.copy()
    rock[0, :] = rock[-1, :] = rock[:, 0] = rock[:, -1] = True
    return rock


def _farthest(open_: np.ndarray, origin: tuple[int, int]) -> tuple[int, int]:
    dist = bfs_distance(open_, origin)
    y, x = np.unravel_index(int(np.argmax(dist)), dist.shape)
    return int(x), int(y)


def _chamber(grid: np.ndarray, cell: tuple[int, int], radius: int) -> None:
    """Open a round chamber around ``cell`` (never the map's border)."""
    height, width = grid.shape
    cx, cy = cell
    yy, xx = np.mgrid[0:height, 0:width]
    disc = (xx - cx) ** 2 + (yy - cy) ** 2 <= radius * radius + 1
    disc[0, :] = disc[-1, :] = disc[:, 0] = disc[:, -1] = False
    grid[disc] = FLOOR


def _room_at(ident: str, cell: tuple[int, int], role: str, level: Level, radius: int = 2) -> Room:
    x0, y0 = max(0, cell[0] - radius), max(0, cell[1] - radius)
    x1, y1 = min(level.width, cell[0] + radius + 1), min(level.height, cell[1] + radius + 1)
    return Room(ident, x0, y0, x1 - x0, y1 - y0, role)
