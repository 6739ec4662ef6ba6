"""Enemies, items and the special spawns (player, goal, boss, chest, shopkeeper) on a level.

Kept apart from the generators: every kind of level scatters its population the same way,
over cells the generator offers, never on the start, the goal, a key or a door.
"""

from __future__ import annotations

import numpy as np

from typing import TYPE_CHECKING

from tools.level.grid import Level, Spawn

if TYPE_CHECKING:
    from tools.level.params import LevelParams

ENEMIES = {
    "swamp": ("bog slime", "lizardfolk", "giant frog"), "ice": ("ice wolf", "frost wraith", "yeti"),
    "lava": ("fire imp", "magma golem", "salamander"), "crypt": ("skeleton", "ghoul", "wraith"),
    "forest": ("wolf", "goblin", "giant spider"), "desert": ("scorpion", "mummy", "sand worm"),
    "crystal": ("crystal golem", "cave bat", "gem beetle"), "sewer": ("rat swarm", "ooze", "thief"),
    "castle": ("guard", "knight", "hound"), "meadow": ("bandit", "wolf", "boar"), "hills": ("walker", "hopper", "flyer"),
}
DEFAULT_ENEMIES = ("goblin", "cave bat", "slime")
BOSSES = {"swamp": "swamp hag", "ice": "frost giant", "lava": "fire drake", "crypt": "lich", "forest": "ancient treant",
          "desert": "sand sphinx", "crystal": "crystal wyrm", "sewer": "rat king", "castle": "dark knight",
          "meadow": "warlord", "hills": "giant beetle"}
ITEMS = ("potion", "coins", "scroll", "arrows", "bomb")


def occupied(level: Level) -> set[tuple[int, int]]:
    """Cells that already hold something (spawns, keys, doors) or are the start/goal."""
    cells = {level.start, level.goal}
    cells |= {(s.x, s.y) for s in level.spawns}
    cells |= {(k.x, k.y) for k in level.keys}
    cells |= {(d.x, d.y) for d in level.doors}
    return cells


def add_specials(level: Level) -> None:
    """The player at the start, the boss (or the exit) at the goal, a chest and a shopkeeper."""
    level.spawns.append(Spawn("player", *level.start, room=_room_at(level, level.start)))
    boss = level.room("boss")
    if boss is not None:
        level.spawns.append(Spawn("boss", *level.goal, type=BOSSES.get(level.theme, "ogre chief"), room=boss.id))
    else:
        level.spawns.append(Spawn("goal", *level.goal, type="exit", room=_room_at(level, level.goal)))


def scatter(level: Level, rng: np.random.Generator, candidates: np.ndarray, *, count: int, kind: str,
            types: tuple[str, ...], keep_away: int = 0) -> None:
    """Put ``count`` spawns of ``kind`` on distinct cells of the boolean mask ``candidates``,
    at least ``keep_away`` tiles (Chebyshev) from the start."""
    taken = occupied(level)
    ys, xs = np.nonzero(candidates)
    if not len(xs) or count <= 0:
        return
    order = rng.permutation(len(xs))
    sx, sy = level.start
    placed = 0
    for index in order:
        cell = (int(xs[index]), int(ys[index]))
        if cell in taken or max(abs(cell[0] - sx), abs(cell[1] - sy)) < keep_away:
            continue
        level.spawns.append(Spawn(kind, *cell, type=types[int(rng.integers(len(types)))],
                                  room=_room_at(level, cell)))
        taken.add(cell)
        placed += 1
        if placed == count:
            break


def enemy_types(theme: str) -> tuple[str, ...]:
    return ENEMIES.get(theme, DEFAULT_ENEMIES)


def _room_at(level: Level, cell: tuple[int, int]) -> str | None:
    x, y = cell
    for room in level.rooms:
        if room.x <= x < room.x + room.w and room.y <= y < room.y + room.h:
            return room.id
    return None


def add_special_sites(level: Level, params: "LevelParams", regions: list[np.ndarray], path: list[tuple[int, int]],
                      rng: np.random.Generator) -> None:
    """A treasure chamber in a side pocket, a shop near the start (open maps have no rooms)."""
    from scipy.ndimage import distance_transform_edt

    from tools.level.grid import WALKABLE, Room, bfs_distance
    from tools.level.locks import GenerationFailed

    if not {"treasure", "shop"} & set(params.special):
        return
    on_route = np.ones(level.grid.shape, bool)
    for x, y in path:
        on_route[y, x] = False
    away = distance_transform_edt(on_route)
    taken = occupied(level)
    floor = np.logical_or.reduce(regions) & WALKABLE[level.grid] & (level.grid != 4)
    start_dist = bfs_distance(WALKABLE[level.grid] & (level.grid != 4), level.start)
    for role, score in (("treasure", away), ("shop", -np.abs(start_dist - 8).astype(float))):
        if role not in params.special:
            continue
        candidates = floor & (start_dist >= 0 if role == "shop" else floor)
        for cell in taken:
            candidates[cell[1], cell[0]] = False
        ys, xs = np.nonzero(candidates)
        if not len(xs):
            raise GenerationFailed(f"no place for the {role}")
        best = int(np.argmax(score[ys, xs] + rng.random(len(xs)) * 0.5))
        cell = (int(xs[best]), int(ys[best]))
        room = Room(f"r{len(level.rooms) + 1}", max(0, cell[0] - 1), max(0, cell[1] - 1), 3, 3, role)
        level.rooms.append(room)
        level.spawns.append(Spawn("treasure" if role == "treasure" else "shopkeeper", *cell,
                                  type="chest" if role == "treasure" else "merchant", room=room.id))
        taken.add(cell)
