"""Platformer strips (side view): ground segments joined by steps, gaps and floating platforms,
every one within the stated jump height and length; locked gates (a door column from the
ground to the top of the map, so it cannot be jumped) with each key before its gate.

Rows count down from the top (row 0 is the sky); the player stands in an air tile whose tile
below is solid. A gap of ``g`` missing columns needs a jump of ``g + 1`` tiles across, so gaps
stay under ``jump_length``; rises stay within ``jump_height``; drops are kept within the jump
height too, so the player can always walk back for a key that was passed by.
"""

from __future__ import annotations

import numpy as np

from tools.level.grid import AIR, GROUND, KEY_COLOURS, LOCKED, SPIKES, Door, Key, Level, Room, Spawn
from tools.level.locks import GenerationFailed
from tools.level.params import LevelParams
from tools.level.populate import BOSSES, ITEMS, enemy_types

START_RUN = 6
END_RUN = 10
HEADROOM = 5  # rows kept free above the highest ground


def generate_platformer(params: LevelParams, rng: np.random.Generator) -> Level:
    height, width = params.height, params.width
    jump_h, jump_l = params.jump_height, params.jump_length
    grid = np.full((height, width), AIR, np.uint8)
    top_limit = HEADROOM
    ground = height - 4  # row of the ground's top tile
    gates = [int(round((width - END_RUN) * (i + 1) / (params.keys + 1))) for i in range(params.keys)]
    stands: list[tuple[int, int]] = []  # standing cells, left to right (keys, enemies, items)
    sections: list[tuple[int, int]] = []  # (first x, last x) between gates
    platforms: list[tuple[int, int]] = []  # standing cells on floating platforms

    def fill(x0: int, x1: int, top: int) -> None:
        grid[top:, x0:x1] = GROUND
        stands.extend((x, top - 1) for x in range(x0, x1))

    fill(0, START_RUN, ground)
    x = START_RUN
    section_start = 0
    gate_cells: list[list[tuple[int, int]]] = []
    while x < width - END_RUN:
        if gates and x >= gates[0]:
            gates.pop(0)
            run = 5
            fill(x, min(x + run, width - END_RUN), ground)
            gate_x = x + 2
            gate_cells.append([(gate_x, row) for row in range(0, ground)])
            sections.append((section_start, gate_x - 1))
            section_start = gate_x + 1
            x += run
            continue
        feature = rng.choice(["flat", "step", "gap", "platforms"], p=[0.25, 0.3, 0.3, 0.15])
        if feature == "flat":
            run = int(rng.integers(3, 8))
            fill(x, min(x + run, width - END_RUN), ground)
            x += run
        elif feature == "step":
            up = rng.random() < 0.5
            change = int(rng.integers(1, max(1, min(jump_h, 3)) + 1))
            new = ground - change if up else ground + change
            ground = int(min(height - 2, max(top_limit, new)))
            run = int(rng.integers(3, 7))
            fill(x, min(x + run, width - END_RUN), ground)
            x += run
        elif feature == "gap":
            gap = int(rng.integers(1, max(1, jump_l - 1) + 1))
            grid[height - 1, x:x + gap] = SPIKES
            x += gap
            rise = int(rng.integers(0, max(0, min(jump_h - 1, 2)) + 1))
            ground = int(max(top_limit, ground - rise))
            run = int(rng.integers(3, 6))
            fill(x, min(x + run, width - END_RUN), ground)
            x += run
        else:  # a wide pit with a floating platform in the middle
            reach = max(1, jump_l - 1)
            left_gap = int(rng.integers(1, reach + 1))
            length = int(rng.integers(2, 4))
            right_gap = int(rng.integers(1, reach + 1))
            rise = int(rng.integers(1, jump_h + 1))
            top = max(top_limit, ground - rise)
            span = left_gap + length + right_gap
            if x + span + 3 >= width - END_RUN:
                fill(x, width - END_RUN, ground)
                x = width - END_RUN
                continue
            grid[height - 1, x:x + span] = SPIKES
            px = x + left_gap
            grid[top, px:px + length] = GROUND
            platforms.extend((cx, top - 1) for cx in range(px, px + length))
            stands.extend((cx, top - 1) for cx in range(px, px + length))
            x += span
            run = int(rng.integers(3, 6))
            fill(x, min(x + run, width - END_RUN), ground)
            x += run
    fill(width - END_RUN, width, ground)
    sections.append((section_start, width - 1))

    start = (1, _stand_row(grid, 1))
    goal = (width - 3, _stand_row(grid, width - 3))
    level = Level(kind="platformer", grid=grid, start=start, goal=goal, view="side", theme=params.theme,
                  seed=params.seed, jump_height=jump_h, jump_length=jump_l)
    for index, cells in enumerate(gate_cells):
        for cx, cy in cells:
            grid[cy, cx] = LOCKED
            level.doors.append(Door(f"d{len(level.doors) + 1}", cx, cy, f"k{index + 1}"))
    taken = {start, goal} | {(d.x, d.y) for d in level.doors}
    for index in range(len(gate_cells)):
        first, last = sections[index]
        options = [c for c in stands if first + 2 <= c[0] <= last - 1 and c not in taken and _stands(grid, c)]
        raised = [c for c in options if c in platforms]
        pool = raised or options
        if not pool:
            raise GenerationFailed(f"no place for key {index + 1}")
        kx, ky = pool[int(rng.integers(len(pool)))]
        level.keys.append(Key(f"k{index + 1}", kx, ky, KEY_COLOURS[index % len(KEY_COLOURS)],
                              opens=[d.id for d in level.doors if d.key == f"k{index + 1}"]))
        taken.add((kx, ky))
    goal_role = params.goal_role
    level.rooms = [Room("r1", 0, start[1] - 2, START_RUN, 3, "start"),
                   Room("r2", width - END_RUN, goal[1] - 2, END_RUN, 3, goal_role)]
    for key in level.keys:
        level.rooms.append(Room(f"r{len(level.rooms) + 1}", key.x - 1, key.y - 1, 3, 2, "key"))
    level.spawns.append(Spawn("player", *start, room="r1"))
    if goal_role == "boss":
        level.spawns.append(Spawn("boss", *goal, type=BOSSES.get(params.theme, "giant beetle"), room="r2"))
    else:
        level.spawns.append(Spawn("goal", *goal, type="flag", room="r2"))
    free = [c for c in stands if c not in taken and _stands(level.grid, c) and c[0] > START_RUN]
    order = rng.permutation(len(free))
    for role, kind, what in (("treasure", "treasure", "chest"), ("shop", "shopkeeper", "merchant")):
        if role in params.special:
            pool = [free[i] for i in order if free[i] not in taken]
            best = (sorted(pool, key=lambda c: c[1])[0] if role == "treasure" else min(pool, key=lambda c: c[0])) \
                if pool else None
            if best is None:
                raise GenerationFailed(f"no place for the {role}")
            level.rooms.append(Room(f"r{len(level.rooms) + 1}", best[0] - 1, best[1] - 1, 3, 2, role))
            level.spawns.append(Spawn(kind, *best, type=what, room=level.rooms[-1].id))
            taken.add(best)
    enemies = int(round(params.enemies * width / 12))
    items = int(round(params.items * width / 10))
    for count, kind, types in ((enemies, "enemy", enemy_types(params.theme)), (items, "item", ("coin",) + ITEMS[:2])):
        placed = 0
        for i in order:
            cell = free[i]
            if cell in taken or (kind == "enemy" and cell[0] < START_RUN + 4):
                continue
            level.spawns.append(Spawn(kind, *cell, type=types[int(rng.integers(len(types)))]))
            taken.add(cell)
            placed += 1
            if placed >= count:
                break
    return level


def _stand_row(grid: np.ndarray, x: int) -> int:
    column = grid[:, x]
    solid = np.nonzero(column == GROUND)[0]
    if not len(solid):
        raise GenerationFailed(f"no ground at column {x}")
    return int(solid[0]) - 1


def _stands(grid: np.ndarray, cell: tuple[int, int]) -> bool:
    x, y = cell
    return 0 <= y < grid.shape[0] - 1 and grid[y, x] == AIR and grid[y + 1, x] == GROUND
