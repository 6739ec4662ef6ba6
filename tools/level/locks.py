"""Locks and keys on open maps (caves, overworlds) where there are no rooms to lock.

Breadth-first distance from the start changes by at most one per step, so every route from
the start to the goal crosses each distance "front" ``{d == t}``. Walling a front off except
the one cell where a shortest route crosses it leaves that cell the only way on: a door. The
``k``-th key goes into the part opened by door ``k-1`` (or the start area), in a side pocket
far from the route when there is one.
"""

from __future__ import annotations

import numpy as np

from tools.level.grid import KEY_COLOURS, LOCKED, WALKABLE, Door, Key, Level, bfs_distance, component_of

MIN_SPACING = 4  # tiles of route between two doors (and before the first, after the last)


class GenerationFailed(Exception):
    """This try cannot be finished; the caller draws another (bounded)."""


def route(dist: np.ndarray, goal: tuple[int, int], rng: np.random.Generator) -> list[tuple[int, int]]:
    """A shortest route from the start (distance 0) to ``goal``, following the distance field down."""
    x, y = goal
    cells = [(x, y)]
    height, width = dist.shape
    while dist[y, x] > 0:
        options = [(x + dx, y + dy) for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1))
                   if 0 <= x + dx < width and 0 <= y + dy < height and dist[y + dy, x + dx] == dist[y, x] - 1]
        x, y = options[int(rng.integers(len(options)))]
        cells.append((x, y))
    cells.reverse()
    return cells


def gate_open_map(level: Level, keys: int, rng: np.random.Generator, *, wall: int) -> list[np.ndarray]:
    """Add ``keys`` locked doors with their keys; returns the regions (boolean masks) opened
    in turn: ``regions[0]`` is reachable from the start, ``regions[k]`` behind door ``k``."""
    passable = WALKABLE[level.grid]
    dist = bfs_distance(passable, level.start)
    total = int(dist[level.goal[1], level.goal[0]])
    if total < 0:
        raise GenerationFailed("the goal is cut off")
    if keys and total < MIN_SPACING * (keys + 1):
        raise GenerationFailed(f"the route is {total} tiles, too short for {keys} doors")
    path = route(dist, level.goal, rng)
    for index in range(keys):
        front = int(round(total * (index + 1) / (keys + 1)))
        door_x, door_y = path[front]
        level.grid[(dist == front)] = wall
        level.grid[door_y, door_x] = LOCKED
        level.doors.append(Door(f"d{index + 1}", door_x, door_y, f"k{index + 1}"))
    regions: list[np.ndarray] = []
    seen = np.zeros(level.grid.shape, bool)
    for opened in range(keys + 1):
        open_now = WALKABLE[level.grid] & (level.grid != LOCKED)
        for door in level.doors[:opened]:
            open_now[door.y, door.x] = True
        reach = component_of(open_now, level.start)
        regions.append(reach & ~seen)
        seen |= reach
    return regions


def place_keys(level: Level, regions: list[np.ndarray], path_cells: list[tuple[int, int]],
               rng: np.random.Generator) -> None:
    """Key ``k`` in ``regions[k]``, away from the route, never on the start, goal or a door."""
    from scipy.ndimage import distance_transform_edt

    on_route = np.ones(level.grid.shape, bool)
    for x, y in path_cells:
        on_route[y, x] = False
    away = distance_transform_edt(on_route)
    for index in range(len(level.doors)):
        region = regions[index].copy()
        for x, y in (level.start, level.goal, *((d.x, d.y) for d in level.doors), *((k.x, k.y) for k in level.keys)):
            region[y, x] = False
        ys, xs = np.nonzero(region)
        if not len(xs):
            raise GenerationFailed(f"no room for key {index + 1}")
        scores = away[ys, xs]
        top = np.nonzero(scores >= np.quantile(scores, 0.75))[0]
        pick = int(top[int(rng.integers(len(top)))])
        level.keys.append(Key(f"k{index + 1}", int(xs[pick]), int(ys[pick]), KEY_COLOURS[index % len(KEY_COLOURS)],
                              opens=[f"d{index + 1}"]))
