"""The playability checker: every level is checked before it is returned.

The player's state is ``(position, keys held)``. Keys are specific (key ``k`` opens the doors
listed under it) and never used up, so holding more keys never hurts. From the level a
directed *move graph* is built over positions (:func:`top_down_moves`: four-neighbour steps
plus one-way drops; :func:`side_view_moves`: walks, falls and jumps within the level's jump
height and length), each move with the set of keys it needs and the keys picked up where it
ends. The state graph is that graph once per key set, searched with scipy's breadth-first
search in both directions:

- ``reachable``: some state at the goal is reachable from the start;
- ``keys_before_doors``: every key can be picked up, which means reached without crossing a
  door it opens (a key behind its own door never is);
- required rooms (start, goal, boss, treasure, shop, key rooms) are reached;
- ``softlocks``: states reachable from the start from which the goal can no longer be
  reached (a one-way drop into a pit, a fall the jump cannot climb back out of);
- ``dead_ends``: reachable positions with a single way in and out (informative, not a failure);
- ``path_length``: moves on a shortest start-to-goal route, which is also returned (the
  fly-through camera follows it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tools.level.grid import LOCKED, SOLID, WALKABLE, Level

REQUIRED_ROLES = frozenset({"start", "boss", "exit", "treasure", "shop", "key"})
NEVER = 1 << 62  # the keys a move needs when no key opens it (a locked tile without a door record)


@dataclass
class MoveGraph:
    """Positions and moves. ``needs[i]``: bit mask of keys move ``i`` requires; ``gives[n]``:
    keys picked up on arriving at node ``n``."""

    cells: np.ndarray  # (N, 2) x, y
    src: np.ndarray
    dst: np.ndarray
    needs: np.ndarray
    gives: np.ndarray
    start: int
    goal: int
    ids: np.ndarray  # (H, W) node id or -1


@dataclass
class Playability:
    """The checker's verdict; ``report()`` is what goes into ``meta.playability``."""

    passed: bool
    reachable: bool
    keys_before_doors: bool
    required_rooms_reachable: bool
    softlocks: int
    dead_ends: int
    path_length: int
    path: list[tuple[int, int]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    tries: int = 1

    def report(self) -> dict[str, Any]:
        return {"passed": self.passed, "reachable": self.reachable, "keys_before_doors": self.keys_before_doors,
                "required_rooms_reachable": self.required_rooms_reachable, "softlocks": self.softlocks,
                "dead_ends": self.dead_ends, "path_length": self.path_length, "tries": self.tries,
                "problems": list(self.problems)}


def check_level(level: Level) -> Playability:
    """Check ``level``; the verdict lists every problem found, in words."""
    problems: list[str] = []
    key_bits = {key.id: index for index, key in enumerate(level.keys)}
    door_needs = np.zeros(level.grid.shape, np.int64)
    locked = level.grid == LOCKED
    door_needs[locked] = NEVER
    for door in level.doors:
        if door.key is not None and 0 <= door.y < level.height and 0 <= door.x < level.width:
            if door.key not in key_bits:
                problems.append(f"door {door.id} needs key {door.key!r}, which the level does not hold")
                continue
            door_needs[door.y, door.x] = 1 << key_bits[door.key]
    graph = side_view_moves(level, door_needs) if level.view == "side" else top_down_moves(level, door_needs)
    if graph.start < 0:
        problems.append(f"the start {level.start} is not a place the player can stand")
    if graph.goal < 0:
        problems.append(f"the goal {level.goal} is not a place the player can stand")
    if graph.start < 0 or graph.goal < 0:
        return Playability(False, False, False, False, 0, 0, -1, problems=problems)
    gives = graph.gives
    unplaced = []
    for key in level.keys:
        node = graph.ids[key.y, key.x] if 0 <= key.y < level.height and 0 <= key.x < level.width else -1
        if node < 0:
            unplaced.append(key.id)
        else:
            gives[node] |= 1 << key_bits[key.id]
    for key_id in unplaced:
        problems.append(f"key {key_id} lies where the player cannot stand")

    count, masks = len(graph.cells), 1 << len(level.keys)
    states_src, states_dst = [], []
    for mask in range(masks):
        allowed = (graph.needs & ~mask) == 0
        src, dst = graph.src[allowed], graph.dst[allowed]
        states_src.append(mask * count + src)
        states_dst.append((mask | gives[dst]) * count + dst)
    total = count * masks
    src = np.concatenate(states_src)
    dst = np.concatenate(states_dst)
    start_state = int(gives[graph.start]) * count + graph.start
    goal_states = np.arange(masks) * count + graph.goal

    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import breadth_first_order

    forward = csr_matrix((np.ones(len(src), np.int8), (src, dst)), shape=(total, total))
    order, pred = breadth_first_order(forward, start_state, directed=True, return_predecessors=True)
    reached = np.zeros(total, bool)
    reached[order] = True
    reached_cells = reached.reshape(masks, count).any(axis=0)

    reachable = bool(reached[goal_states].any())
    path: list[tuple[int, int]] = []
    if reachable:
        position = {int(state): index for index, state in enumerate(order)}
        first_goal = min((int(s) for s in goal_states if reached[s]), key=position.__getitem__)
        state = first_goal
        while state >= 0 and state != start_state:
            path.append(tuple(int(v) for v in graph.cells[state % count]))
            state = int(pred[state])
        path.append(tuple(int(v) for v in graph.cells[graph.start]))
        path.reverse()
    else:
        problems.append("the goal cannot be reached from the start")

    # backwards from every goal state (a sink joined to them), over the reversed moves
    sink = total
    back = csr_matrix((np.ones(len(src) + masks, np.int8),
                       (np.concatenate([dst, np.full(masks, sink)]), np.concatenate([src, goal_states]))),
                      shape=(total + 1, total + 1))
    can_finish = np.zeros(total + 1, bool)
    can_finish[breadth_first_order(back, sink, directed=True, return_predecessors=False)] = True
    stuck = reached & ~can_finish[:total]
    stuck_cells = sorted({tuple(int(v) for v in graph.cells[s % count]) for s in np.nonzero(stuck)[0]})
    softlocks = len(stuck_cells) if reachable else 0
    if softlocks:
        problems.append(f"{softlocks} reachable places strand the player (no way on to the goal), e.g. at "
                        f"{', '.join(map(str, stuck_cells[:3]))}")

    keys_ok = not unplaced
    for key in level.keys:
        node = graph.ids[key.y, key.x] if key.id not in unplaced else -1
        if node >= 0 and not reached_cells[node]:
            keys_ok = False
            problems.append(f"key {key.id} ({key.colour}) at ({key.x}, {key.y}) cannot be reached before the doors "
                            "it opens")

    rooms_ok = True
    for room in level.rooms:
        if room.role not in REQUIRED_ROLES:
            continue
        ids = graph.ids[room.cells()]
        inside = ids[ids >= 0]
        if not inside.size or not reached_cells[inside].any():
            rooms_ok = False
            problems.append(f"the {room.role} room {room.id} cannot be reached")

    dead_ends = _dead_ends(graph, reached_cells)
    passed = reachable and keys_ok and rooms_ok and softlocks == 0 and not problems
    return Playability(passed, reachable, keys_ok, rooms_ok, softlocks, dead_ends, len(path) - 1 if path else -1,
                       path, problems)


def _dead_ends(graph: MoveGraph, reached_cells: np.ndarray) -> int:
    """Reachable positions with exactly one neighbour position (moves in or out)."""
    pairs = np.unique(np.stack([np.minimum(graph.src, graph.dst), np.maximum(graph.src, graph.dst)], 1), axis=0) \
        if len(graph.src) else np.zeros((0, 2), np.int64)
    degree = np.bincount(pairs.ravel(), minlength=len(graph.cells)) if len(pairs) else np.zeros(len(graph.cells))
    return int(((degree == 1) & reached_cells).sum())


def _node_ids(passable: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ids = np.full(passable.shape, -1, np.int64)
    ys, xs = np.nonzero(passable)
    ids[ys, xs] = np.arange(len(ys))
    return ids, np.stack([xs, ys], 1)


def _node(ids: np.ndarray, cell: tuple[int, int]) -> int:
    x, y = cell
    if not (0 <= y < ids.shape[0] and 0 <= x < ids.shape[1]):
        return -1
    return int(ids[y, x])


def top_down_moves(level: Level, door_needs: np.ndarray) -> MoveGraph:
    """Four-neighbour steps between walkable tiles (a locked door needs its key), plus the
    level's one-way drops."""
    from tools.level.grid import grid_edges

    passable = WALKABLE[level.grid]
    ids, cells = _node_ids(passable)
    src, dst = grid_edges(passable, ids)
    extra_src, extra_dst = [], []
    for origin, target in level.one_way:
        a, b = _node(ids, origin), _node(ids, target)
        if a >= 0 and b >= 0:
            extra_src.append(a)
            extra_dst.append(b)
    src = np.concatenate([src, np.array(extra_src, np.int64)])
    dst = np.concatenate([dst, np.array(extra_dst, np.int64)])
    needs = door_needs[cells[dst, 1], cells[dst, 0]] if len(dst) else np.zeros(0, np.int64)
    return MoveGraph(cells, src, dst, needs.astype(np.int64), np.zeros(len(cells), np.int64),
                     _node(ids, level.start), _node(ids, level.goal), ids)


def side_view_moves(level: Level, door_needs: np.ndarray) -> MoveGraph:
    """A platformer strip: the player stands on air (or a door) above something solid. From
    there: walk one tile, walk off an edge and fall, or jump to any place to stand within
    ``jump_length`` tiles across and ``jump_height`` tiles up (any depth down) along a clear
    up-across-down box; hazards and the bottom of the map kill (no move)."""
    grid = level.grid
    height, width = grid.shape
    passable = WALKABLE[grid]
    below_solid = np.zeros_like(passable)
    below_solid[:-1] = SOLID[grid[1:]]
    standable = passable & below_solid
    ids, cells = _node_ids(standable)
    clear = passable.tolist()
    needs_at = door_needs.tolist()
    jump_h, jump_l = level.jump_height, level.jump_length
    by_column: dict[int, list[int]] = {}
    for x, y in cells.tolist():
        by_column.setdefault(x, []).append(y)
    edges: set[tuple[int, int, int]] = set()  # (from, to, keys needed): two routes may need different keys

    def add(a: tuple[int, int], b: tuple[int, int], need: int) -> None:
        origin, target = int(ids[a[1], a[0]]), int(ids[b[1], b[0]])
        if origin != target:
            edges.add((origin, target, need))

    for x, y in cells.tolist():
        for step in (-1, 1):  # walk, or walk off the edge and fall
            nx = x + step
            if not (0 <= nx < width) or not clear[y][nx]:
                continue
            need, ny = needs_at[y][nx], y
            while True:
                if standable[ny, nx]:
                    add((x, y), (nx, ny), need)
                    break
                if ny + 1 >= height or not clear[ny + 1][nx]:
                    break  # off the map or onto a hazard: a death, not a move
                ny += 1
                need |= needs_at[ny][nx]
        for tx in range(max(0, x - jump_l), min(width, x + jump_l + 1)):
            for ty in by_column.get(tx, ()):
                if (tx, ty) == (x, y) or y - ty > jump_h:
                    continue
                need = _jump_box(clear, needs_at, x, y, tx, ty)
                if need is not None:
                    add((x, y), (tx, ty), need)
    table = np.array(sorted(edges), np.int64).reshape(-1, 3)
    pairs, needs = table[:, :2], table[:, 2]
    for origin, target in level.one_way:
        a, b = _node(ids, origin), _node(ids, target)
        if a >= 0 and b >= 0:
            pairs = np.vstack([pairs, [[a, b]]])
            needs = np.append(needs, 0)
    return MoveGraph(cells, pairs[:, 0], pairs[:, 1], needs, np.zeros(len(cells), np.int64),
                     _node(ids, level.start), _node(ids, level.goal), ids)


def _jump_box(clear: list[list[bool]], needs_at: list[list[int]], x: int, y: int, tx: int, ty: int) -> int | None:
    """The keys a jump from (x, y) to (tx, ty) needs, or None when something is in the way:
    up from the start to the apex row, across, then down to the landing."""
    apex = min(y, ty)
    need = 0
    for row in range(apex, y + 1):
        if not clear[row][x]:
            return None
        need |= needs_at[row][x]
    lo, hi = (x, tx) if x <= tx else (tx, x)
    for col in range(lo, hi + 1):
        if not clear[apex][col]:
            return None
        need |= needs_at[apex][col]
    for row in range(apex, ty + 1):
        if not clear[row][tx]:
            return None
        need |= needs_at[row][tx]
    return need


__all__ = ["MoveGraph", "Playability", "check_level"]
