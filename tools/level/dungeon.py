"""Dungeons: rooms from binary space partitioning (BSP), corridors along the BSP tree, locks
on the tree's edges and each key on the near side of its door.

1. The map is split recursively into exactly ``rooms`` leaves (each split keeps enough 5×5
   capacity on both sides), and a room is carved inside every leaf.
2. Sibling subtrees are joined by their closest pair of rooms: the room graph is a tree.
3. Start and goal are the two ends of the tree's longest path; locks go on edges of that path
   first (then on edges into the biggest side branches), ordered by depth.
4. Key ``k`` goes in a room reachable with doors ``0..k-1`` open and outside the part its own
   door closes off, preferably a side room just behind the previous door.
5. Corridors are L- or Z-shaped; the shape chosen avoids rooms and corridors of other lock
   regions, so doors really gate what lies behind them. A few loops are added inside regions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tools.level.grid import (CORRIDOR, DOOR, FLOOR, KEY_COLOURS, LOCKED, WALL, Door, Key, Level, Room)
from tools.level.params import MIN_LEAF, LevelParams
from tools.level.populate import add_specials, enemy_types, scatter, ITEMS


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    w: int
    h: int

    @property
    def capacity(self) -> int:
        return (self.w // MIN_LEAF) * (self.h // MIN_LEAF)


def generate_dungeon(params: LevelParams, rng: np.random.Generator) -> Level:
    """A dungeon of ``params.rooms`` rooms with ``params.keys`` locked doors (see module doc)."""
    width, height = params.width, params.height
    grid = np.full((height, width), WALL, np.uint8)
    leaves: list[Rect] = []
    edges: list[tuple[int, int]] = []
    _split(Rect(0, 0, width, height), params.rooms, rng, leaves, edges, [])
    rooms = [_room_in(leaf, rng, f"r{index + 1}") for index, leaf in enumerate(leaves)]
    for room in rooms:
        grid[room.cells()] = FLOOR

    adjacency: dict[int, list[int]] = {i: [] for i in range(len(rooms))}
    for a, b in edges:
        adjacency[a].append(b)
        adjacency[b].append(a)
    far = _farthest(adjacency, rooms, 0)
    start = far
    goal = _farthest(adjacency, rooms, start)
    parent, depth, order = _rooted(adjacency, start)
    path = [goal]
    while path[-1] != start:
        path.append(parent[path[-1]])
    path.reverse()

    locks = _choose_locks(params.keys, path, parent, depth, order, adjacency)  # child rooms behind a lock, in order
    lock_of_child = {child: index for index, child in enumerate(locks)}
    needs = {start: 0}
    for room in order[1:]:
        needs[room] = needs[parent[room]] | (1 << lock_of_child[room] if room in lock_of_child else 0)
    subtree = _subtrees(order, parent)
    key_rooms: list[int] = []
    for index, child in enumerate(locks):
        key_rooms.append(_key_room(index, child, needs, subtree, adjacency, start, goal, key_rooms, depth))

    roles = {start: "start", goal: params.goal_role}
    free = [r for r in order if r not in roles and r not in key_rooms]
    if "treasure" in params.special:
        leaves_first = sorted((r for r in free if len(adjacency[r]) == 1), key=lambda r: -depth[r]) or \
            sorted(free, key=lambda r: -depth[r]) or [r for r in order if r not in roles]
        roles[leaves_first[0]] = "treasure"
    if "shop" in params.special:
        near = sorted((r for r in order if r not in roles and r not in key_rooms), key=lambda r: depth[r]) or \
            [r for r in order if r not in roles]
        roles[near[0]] = "shop"
    for room_index in key_rooms:
        roles.setdefault(room_index, "key")
    for index, role in roles.items():
        rooms[index].role = role

    level = Level(kind="dungeon", grid=grid, start=rooms[start].centre, goal=rooms[goal].centre, theme=params.theme,
                  seed=params.seed, rooms=rooms)
    region = {room: needs[room] for room in range(len(rooms))}
    corridor_region = np.full(grid.shape, -1, np.int64)
    floors = [np.zeros(grid.shape, bool) for _ in rooms]
    for index, room in enumerate(rooms):
        floors[index][room.cells()] = True
    rings = [_dilate(f) & ~f for f in floors]
    for a, b in edges:
        near_side, far_side = (a, b) if parent.get(b) == a else (b, a)
        locked = far_side in lock_of_child
        _connect(level, rng, near_side, far_side, region, floors, rings, corridor_region,
                 key=f"k{lock_of_child[far_side] + 1}" if locked else None)
    _add_loops(level, rng, region, floors, rings, corridor_region, adjacency, rooms)

    for index, room_index in enumerate(key_rooms):
        x, y = _free_cell(level, rooms[room_index], rng)
        key = Key(f"k{index + 1}", x, y, KEY_COLOURS[index % len(KEY_COLOURS)],
                  opens=[d.id for d in level.doors if d.key == f"k{index + 1}"])
        level.keys.append(key)
    add_specials(level)
    for room in rooms:
        if room.role == "treasure":
            level.spawns.append(_spawn_in(level, room, rng, "treasure", "chest"))
        elif room.role == "shop":
            level.spawns.append(_spawn_in(level, room, rng, "shopkeeper", "merchant"))
    room_floor = np.zeros(grid.shape, bool)
    for room in rooms:
        if room.role not in ("start", "shop"):
            room_floor[room.cells()] = True
    scatter(level, rng, room_floor, count=int(round(params.enemies * 2 * len(rooms))), kind="enemy",
            types=enemy_types(params.theme), keep_away=3)
    scatter(level, rng, room_floor, count=int(round(params.items * 1.5 * len(rooms))), kind="item", types=ITEMS)
    return level


# -- BSP ----------------------------------------------------------------------------------------
def _split(rect: Rect, count: int, rng: np.random.Generator, leaves: list[Rect], edges: list[tuple[int, int]],
           _: list[int]) -> list[int]:
    """Split ``rect`` into ``count`` leaves (appended to ``leaves``); returns the leaf indices
    of this subtree and appends the edge joining its two halves to ``edges``."""
    if count == 1:
        leaves.append(rect)
        return [len(leaves) - 1]
    axes = ["x", "y"] if (rect.w > rect.h or (rect.w == rect.h and rng.random() < 0.5)) else ["y", "x"]
    for axis in axes:
        size = rect.w if axis == "x" else rect.h
        if size < 2 * MIN_LEAF:
            continue
        tries = [int(rng.integers(MIN_LEAF, size - MIN_LEAF + 1)) for _ in range(4)]
        tries += [MIN_LEAF * max(1, round(size / 2 / MIN_LEAF))]  # keeps all of the capacity
        for cut in tries:
            first, second = _halves(rect, axis, cut)
            if first.capacity >= 1 and second.capacity >= 1 and first.capacity + second.capacity >= count:
                share = count * (first.w * first.h) / (rect.w * rect.h)
                low, high = max(1, count - second.capacity), min(first.capacity, count - 1)
                n_first = int(min(high, max(low, round(share))))
                left = _split(first, n_first, rng, leaves, edges, _)
                right = _split(second, count - n_first, rng, leaves, edges, _)
                edges.append(_closest_pair(leaves, left, right))
                return left + right
    raise ValueError(f"cannot split {rect} into {count} rooms")  # check_params prevents this


def _halves(rect: Rect, axis: str, cut: int) -> tuple[Rect, Rect]:
    if axis == "x":
        return Rect(rect.x, rect.y, cut, rect.h), Rect(rect.x + cut, rect.y, rect.w - cut, rect.h)
    return Rect(rect.x, rect.y, rect.w, cut), Rect(rect.x, rect.y + cut, rect.w, rect.h - cut)


def _closest_pair(leaves: list[Rect], left: list[int], right: list[int]) -> tuple[int, int]:
    def centre(i: int) -> tuple[float, float]:
        leaf = leaves[i]
        return leaf.x + leaf.w / 2, leaf.y + leaf.h / 2

    return min(((a, b) for a in left for b in right),
               key=lambda pair: abs(centre(pair[0])[0] - centre(pair[1])[0]) + abs(centre(pair[0])[1] - centre(pair[1])[1]))


def _room_in(leaf: Rect, rng: np.random.Generator, ident: str) -> Room:
    """A room inside ``leaf`` with a wall tile to spare on every side (the map edge stays wall)."""
    inner_w, inner_h = leaf.w - 2, leaf.h - 2
    w = int(rng.integers(max(3, inner_w // 2), max(3, inner_w * 4 // 5) + 1))
    h = int(rng.integers(max(3, inner_h // 2), max(3, inner_h * 4 // 5) + 1))
    x = leaf.x + 1 + int(rng.integers(0, inner_w - w + 1))
    y = leaf.y + 1 + int(rng.integers(0, inner_h - h + 1))
    return Room(ident, x, y, w, h)


# -- the room tree ------------------------------------------------------------------------------
def _farthest(adjacency: dict[int, list[int]], rooms: list[Room], origin: int) -> int:
    parent, depth, order = _rooted(adjacency, origin)
    ox, oy = rooms[origin].centre
    return max(order, key=lambda r: (depth[r], abs(rooms[r].centre[0] - ox) + abs(rooms[r].centre[1] - oy), -r))


def _rooted(adjacency: dict[int, list[int]], root: int) -> tuple[dict[int, int], dict[int, int], list[int]]:
    parent, depth, order = {root: -1}, {root: 0}, [root]
    for room in order:
        for other in sorted(adjacency[room]):
            if other not in parent:
                parent[other], depth[other] = room, depth[room] + 1
                order.append(other)
    return parent, depth, order


def _subtrees(order: list[int], parent: dict[int, int]) -> dict[int, set[int]]:
    below: dict[int, set[int]] = {room: {room} for room in order}
    for room in reversed(order[1:]):
        below[parent[room]] |= below[room]
    return below


def _choose_locks(keys: int, path: list[int], parent: dict[int, int], depth: dict[int, int], order: list[int],
                  adjacency: dict[int, list[int]]) -> list[int]:
    """The rooms entered through a locked door, in the order their keys are found."""
    if keys <= 0:
        return []
    on_path = path[1:]  # each is the child side of one path edge
    if keys <= len(on_path):
        picks = sorted({int(round((i + 1) * len(on_path) / (keys + 1))) - 1 for i in range(keys)})
        picks = [max(0, p) for p in picks]
        chosen = [on_path[p] for p in dict.fromkeys(picks)]
        for room in on_path:  # rounding can merge two picks; top up along the path
            if len(chosen) == keys:
                break
            if room not in chosen:
                chosen.append(room)
    else:
        chosen = list(on_path)
        others = sorted((r for r in order[1:] if r not in chosen), key=lambda r: (depth[r], r))
        chosen += others[: keys - len(chosen)]
    return sorted(chosen, key=lambda r: (depth[r], r))


def _key_room(index: int, child: int, needs: dict[int, int], subtree: dict[int, set[int]],
              adjacency: dict[int, list[int]], start: int, goal: int, taken: list[int], depth: dict[int, int]) -> int:
    """A room for key ``index``: reachable with the earlier doors open, outside what its door closes."""
    opened = (1 << index) - 1
    candidates = [r for r in needs if needs[r] & ~opened == 0 and r not in subtree[child]]
    behind_previous = [r for r in candidates if index == 0 or needs[r] >> (index - 1) & 1]

    def score(room: int) -> tuple[int, int, int, int]:
        return (room in taken, room in (start, goal), len(adjacency[room]) != 1, -depth[room])

    pool = behind_previous or candidates
    return min(pool, key=lambda r: (score(r), r))


# -- corridors ----------------------------------------------------------------------------------
def _dilate(mask: np.ndarray) -> np.ndarray:
    out = mask.copy()
    out[1:] |= mask[:-1]
    out[:-1] |= mask[1:]
    out[:, 1:] |= mask[:, :-1]
    out[:, :-1] |= mask[:, 1:]
    return out


def _connect(level: Level, rng: np.random.Generator, near: int, far: int, region: dict[int, int],
             floors: list[np.ndarray], rings: list[np.ndarray], corridor_region: np.ndarray, *, key: str | None) -> None:
    """Carve a corridor from room ``near`` to room ``far``; its openings into ``far`` are locked
    with ``key`` when given, and plain doorways otherwise."""
    grid = level.grid
    own = region[near]
    forbidden = np.zeros(grid.shape, bool)
    for index, floor in enumerate(floors):
        if index not in (near, far) and (region[index] != own or key is not None):
            forbidden |= _dilate(floor)
    forbidden |= _dilate((corridor_region >= 0) & (corridor_region != own))
    forbidden[0, :] = forbidden[-1, :] = forbidden[:, 0] = forbidden[:, -1] = True
    a = _inner_point(level.rooms[near], rng)
    b = _inner_point(level.rooms[far], rng)
    best: tuple[tuple[int, int], np.ndarray] | None = None
    for path in _shapes(a, b, rng):
        xs, ys = path[:, 0], path[:, 1]
        carved = ~(floors[near][ys, xs] | floors[far][ys, xs])
        score = (int(forbidden[ys, xs][carved].sum()), int(rings[far][ys, xs].sum()))
        if best is None or score < best[0]:
            best = (score, path)
    assert best is not None
    path = best[1]
    for x, y in path.tolist():
        if grid[y, x] == WALL:
            grid[y, x] = CORRIDOR
            corridor_region[y, x] = own
    far_room, near_room = level.rooms[far], level.rooms[near]
    for x, y in path.tolist():
        if rings[far][y, x] and grid[y, x] in (CORRIDOR, DOOR):
            _door(level, x, y, key, (near_room.id, far_room.id))
        elif rings[near][y, x] and grid[y, x] == CORRIDOR:
            _door(level, x, y, None, (near_room.id, far_room.id))


def _door(level: Level, x: int, y: int, key: str | None, rooms: tuple[str, str]) -> None:
    existing = next((d for d in level.doors if (d.x, d.y) == (x, y)), None)
    if existing is not None:
        if key is not None and existing.key is None:
            existing.key = key
            level.grid[y, x] = LOCKED
        return
    level.grid[y, x] = LOCKED if key else DOOR
    level.doors.append(Door(f"d{len(level.doors) + 1}", x, y, key, rooms))


def _inner_point(room: Room, rng: np.random.Generator) -> tuple[int, int]:
    return (room.x + 1 + int(rng.integers(0, max(1, room.w - 2))), room.y + 1 + int(rng.integers(0, max(1, room.h - 2))))


def _shapes(a: tuple[int, int], b: tuple[int, int], rng: np.random.Generator) -> list[np.ndarray]:
    """Candidate corridors from a to b: two L shapes and Z shapes through random midlines."""
    (ax, ay), (bx, by) = a, b
    shapes = [[(ax, ay), (bx, ay), (bx, by)], [(ax, ay), (ax, by), (bx, by)]]
    for _ in range(2):
        mx = int(rng.integers(min(ax, bx), max(ax, bx) + 1))
        my = int(rng.integers(min(ay, by), max(ay, by) + 1))
        shapes.append([(ax, ay), (mx, ay), (mx, by), (bx, by)])
        shapes.append([(ax, ay), (ax, my), (bx, my), (bx, by)])
    return [_polyline(points) for points in shapes]


def _polyline(points: list[tuple[int, int]]) -> np.ndarray:
    cells = [points[0]]
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        steps = max(abs(x1 - x0), abs(y1 - y0))
        for i in range(1, steps + 1):
            cells.append((x0 + (x1 - x0) * i // steps, y0 + (y1 - y0) * i // steps))
    return np.array(cells, np.int64)


def _add_loops(level: Level, rng: np.random.Generator, region: dict[int, int], floors: list[np.ndarray],
               rings: list[np.ndarray], corridor_region: np.ndarray, adjacency: dict[int, list[int]],
               rooms: list[Room]) -> None:
    """A few extra corridors between nearby rooms of the same lock region (fewer dead ends,
    never a way around a locked door)."""
    pairs = []
    for a in range(len(rooms)):
        for b in range(a + 1, len(rooms)):
            if region[a] == region[b] and b not in adjacency[a]:
                (ax, ay), (bx, by) = rooms[a].centre, rooms[b].centre
                pairs.append((abs(ax - bx) + abs(ay - by), a, b))
    pairs.sort()
    for _, a, b in pairs[: max(0, len(rooms) // 4)]:
        if rng.random() < 0.7:
            _connect(level, rng, a, b, region, floors, rings, corridor_region, key=None)


def _free_cell(level: Level, room: Room, rng: np.random.Generator) -> tuple[int, int]:
    from tools.level.populate import occupied

    taken = occupied(level)
    cells = [(x, y) for y in range(room.y, room.y + room.h) for x in range(room.x, room.x + room.w)
             if (x, y) not in taken]
    return cells[int(rng.integers(len(cells)))] if cells else room.centre


def _spawn_in(level: Level, room: Room, rng: np.random.Generator, kind: str, what: str):  # type: ignore[no-untyped-def]
    from tools.level.grid import Spawn

    x, y = _free_cell(level, room, rng)
    return Spawn(kind, x, y, type=what, room=room.id)
