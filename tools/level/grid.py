"""The level data model shared by the generators, the checker and the exporters.

A level is a grid of tiles (``grid[y, x]``, row 0 at the top: north on a top-down map, the sky
on a side-view platformer strip) plus what stands on it: rooms, doors, keys, spawns, the start
and the goal. Coordinates everywhere are ``(x, y)`` in tiles: ``x`` the column, ``y`` the row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass(frozen=True)
class TileType:
    """One entry of the legend: a code in the grid, a character in the JSON, a colour in the PNG."""

    code: int
    name: str
    char: str
    walkable: bool
    colour: str  # "#rrggbb": the PNG map, the Tiled tileset and the legend's swatches
    solid: bool = False  # side view: something to stand on (a platformer's ground)


TILES: tuple[TileType, ...] = (
    TileType(0, "wall", "#", False, "#3b3631", solid=True),
    TileType(1, "floor", ".", True, "#c9bfa8"),
    TileType(2, "corridor", ",", True, "#a89e88"),
    TileType(3, "door", "+", True, "#8a5a2b"),
    TileType(4, "locked_door", "D", True, "#c2392b"),  # walkable only with its key
    TileType(5, "water", "~", False, "#3a78b5"),
    TileType(6, "sand", ":", True, "#e3d08f"),
    TileType(7, "grass", '"', True, "#7fb25a"),
    TileType(8, "forest", "T", True, "#3f7a3a"),
    TileType(9, "hills", "n", True, "#a7a15e"),
    TileType(10, "mountain", "^", False, "#8c8580", solid=True),
    TileType(11, "air", " ", True, "#bfe3f2"),
    TileType(12, "ground", "=", False, "#7a5636", solid=True),
    TileType(13, "spikes", "x", False, "#d64a3a"),  # a hazard: touching it kills, so no one stands there
    TileType(14, "ledge", "v", False, "#5e5247"),  # a drop-off: crossed downwards only, by a one-way edge
    TileType(15, "road", "_", True, "#cdb07a"),
    TileType(16, "bridge", "H", True, "#9b6b3d"),
)
BY_NAME: dict[str, TileType] = {tile.name: tile for tile in TILES}
BY_CHAR: dict[str, TileType] = {tile.char: tile for tile in TILES}
WALL, FLOOR, CORRIDOR, DOOR, LOCKED = 0, 1, 2, 3, 4
WATER, SAND, GRASS, FOREST, HILLS, MOUNTAIN = 5, 6, 7, 8, 9, 10
AIR, GROUND, SPIKES, LEDGE, ROAD, BRIDGE = 11, 12, 13, 14, 15, 16
WALKABLE = np.array([tile.walkable for tile in TILES], bool)
SOLID = np.array([tile.solid for tile in TILES], bool)
KEY_COLOURS = ("red", "blue", "green", "yellow", "purple", "orange")
KEY_RGB = {"red": "#e04a3a", "blue": "#3a6ee0", "green": "#2fae4f", "yellow": "#f2c12e", "purple": "#9a4ad6",
           "orange": "#f08a24"}


@dataclass
class Room:
    """A named area: a dungeon room, a cave chamber, an overworld site or a platformer section."""

    id: str
    x: int
    y: int
    w: int
    h: int
    role: str = "normal"  # start | boss | exit | treasure | shop | key | normal

    @property
    def centre(self) -> tuple[int, int]:
        return self.x + self.w // 2, self.y + self.h // 2

    def cells(self) -> tuple[slice, slice]:
        """``grid[room.cells()]`` is the room's rectangle."""
        return slice(self.y, self.y + self.h), slice(self.x, self.x + self.w)


@dataclass
class Door:
    id: str
    x: int
    y: int
    key: str | None = None  # the key that opens it; None: an open doorway
    rooms: tuple[str, ...] = ()


@dataclass
class Key:
    id: str
    x: int
    y: int
    colour: str
    opens: list[str] = field(default_factory=list)  # door ids


@dataclass
class Spawn:
    kind: str  # player | goal | boss | enemy | item | treasure | shopkeeper
    x: int
    y: int
    type: str = ""  # e.g. "slime", "potion"
    room: str | None = None


@dataclass
class Level:
    """A generated (or hand-made) level. ``view`` is "top-down" or "side" (platformer)."""

    kind: str
    grid: np.ndarray  # (height, width) uint8 tile codes
    start: tuple[int, int]
    goal: tuple[int, int]
    view: str = "top-down"
    theme: str = "stone"
    seed: int = 0
    rooms: list[Room] = field(default_factory=list)
    doors: list[Door] = field(default_factory=list)
    keys: list[Key] = field(default_factory=list)
    spawns: list[Spawn] = field(default_factory=list)
    one_way: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)  # (from, to) drops
    jump_height: int = 3  # side view: tiles a jump rises
    jump_length: int = 4  # side view: tiles a jump crosses
    notes: list[str] = field(default_factory=list)

    @property
    def width(self) -> int:
        return int(self.grid.shape[1])

    @property
    def height(self) -> int:
        return int(self.grid.shape[0])

    def room(self, role: str) -> Room | None:
        return next((room for room in self.rooms if room.role == role), None)

    def key_of_door(self, x: int, y: int) -> str | None:
        return next((door.key for door in self.doors if door.x == x and door.y == y), None)

    def summary(self) -> dict[str, Any]:
        return {"kind": self.kind, "size": [self.width, self.height], "rooms": len(self.rooms),
                "locked_doors": sum(1 for door in self.doors if door.key), "keys": len(self.keys),
                "enemies": sum(1 for s in self.spawns if s.kind == "enemy"),
                "items": sum(1 for s in self.spawns if s.kind == "item")}


def from_rows(rows: list[str]) -> np.ndarray:
    """A grid from strings of legend characters (hand-made test levels, the JSON's ``grid``)."""
    return np.array([[BY_CHAR[ch].code for ch in row] for row in rows], np.uint8)


def to_rows(grid: np.ndarray) -> list[str]:
    chars = np.array([tile.char for tile in TILES])
    return ["".join(chars[row]) for row in grid]


def bfs_distance(passable: np.ndarray, start: tuple[int, int]) -> np.ndarray:
    """4-neighbour BFS distance from ``start`` (x, y) over ``passable``; -1 where unreachable."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import shortest_path

    ids = np.full(passable.shape, -1, np.int64)
    ys, xs = np.nonzero(passable)
    ids[ys, xs] = np.arange(len(ys))
    dist = np.full(passable.shape, -1, np.int64)
    if ids[start[1], start[0]] < 0:
        return dist
    src, dst = grid_edges(passable, ids)
    graph = csr_matrix((np.ones(len(src), np.int8), (src, dst)), shape=(len(ys), len(ys)))
    found = shortest_path(graph, directed=True, unweighted=True, indices=int(ids[start[1], start[0]]))
    dist[ys, xs] = np.where(np.isfinite(found), found, -1).astype(np.int64)
    return dist


def grid_edges(passable: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Directed 4-neighbour edges (both ways) between passable cells, as node-id arrays."""
    srcs, dsts = [], []
    for dy, dx in ((0, 1), (1, 0)):
        a = passable[: passable.shape[0] - dy, : passable.shape[1] - dx]
        b = passable[dy:, dx:]
        both = a & b
        ia = ids[: passable.shape[0] - dy, : passable.shape[1] - dx][both]
        ib = ids[dy:, dx:][both]
        srcs += [ia, ib]
        dsts += [ib, ia]
    return np.concatenate(srcs), np.concatenate(dsts)


def largest_component(passable: np.ndarray) -> np.ndarray:
    """The biggest 4-connected region of ``passable`` (a boolean mask)."""
    from scipy.ndimage import label

    labels, count = label(passable)
    if count == 0:
        return passable.copy()
    sizes = np.bincount(labels.ravel())
    sizes[0] = 0
    return labels == int(np.argmax(sizes))


def component_of(passable: np.ndarray, cell: tuple[int, int]) -> np.ndarray:
    from scipy.ndimage import label

    labels, _ = label(passable)
    value = labels[cell[1], cell[0]]
    return labels == value if value else np.zeros_like(passable)
