"""A greybox blockout of a level as a trimesh scene (written as GLB by ``tools.scene.export``).

Metres, +Y up. Top-down levels lie in the X–Z plane (tile ``(x, y)`` covers
``[x·s, (x+1)·s] × [y·s, (y+1)·s]`` with ``s = tile_size_m``; the floor's top is at Y = 0,
walls rise 3 m). Side-view strips stand in the X–Y plane (row 0 is the top) and are extruded
along Z. Each kind of surface is one named mesh with its own PBR material: ``floor``,
``corridor``, ``walls``, ``doors`` (lintels over open doorways), ``locked_doors``, ``keys``,
``water``, terrain tiles by name, ``markers`` (start, goal, spawns). Runs of equal tiles in a
row are merged into one box to keep the triangle count low.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from tools.level.grid import (DOOR, GROUND, KEY_RGB, LOCKED, MOUNTAIN, SPIKES, TILES, WALKABLE, WALL, WATER,
                              Level)
from tools.level.render_png import tile_colours

if TYPE_CHECKING:
    import trimesh

WALL_HEIGHT_M = 3.0
SLAB_M = 0.2
EYE_HEIGHT_M = 1.6

# a unit cube as 6 faces × 4 corners (flat normals) and 12 outward-wound triangles
_CORNERS = np.array([
    [0, 0, 1], [1, 0, 1], [1, 1, 1], [0, 1, 1],  # +Z
    [1, 0, 0], [0, 0, 0], [0, 1, 0], [1, 1, 0],  # -Z
    [1, 0, 1], [1, 0, 0], [1, 1, 0], [1, 1, 1],  # +X
    [0, 0, 0], [0, 0, 1], [0, 1, 1], [0, 1, 0],  # -X
    [0, 1, 1], [1, 1, 1], [1, 1, 0], [0, 1, 0],  # +Y
    [0, 0, 0], [1, 0, 0], [1, 0, 1], [0, 0, 1],  # -Y
], np.float64)
_FACES = np.array([[q * 4, q * 4 + 1, q * 4 + 2] for q in range(6)] + [[q * 4, q * 4 + 2, q * 4 + 3] for q in range(6)])


def boxes(lows: np.ndarray, highs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vertices and faces of axis-aligned boxes given their (N, 3) min and max corners."""
    lows, highs = np.asarray(lows, np.float64).reshape(-1, 3), np.asarray(highs, np.float64).reshape(-1, 3)
    vertices = lows[:, None, :] + _CORNERS[None, :, :] * (highs - lows)[:, None, :]
    faces = _FACES[None, :, :] + (np.arange(len(lows)) * 24)[:, None, None]
    return vertices.reshape(-1, 3), faces.reshape(-1, 3)


def row_runs(mask: np.ndarray) -> np.ndarray:
    """(N, 3) array of (row, first column, last column + 1) for every horizontal run of True."""
    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), np.int8)
    padded[:, 1:-1] = mask
    diff = np.diff(padded, axis=1)
    rows_s, starts = np.nonzero(diff == 1)
    rows_e, ends = np.nonzero(diff == -1)
    order_s, order_e = np.lexsort((starts, rows_s)), np.lexsort((ends, rows_e))
    return np.stack([rows_s[order_s], starts[order_s], ends[order_e]], 1) if len(starts) else np.zeros((0, 3), int)


def build_blockout(level: Level, *, tile_m: float = 2.0) -> tuple["trimesh.Scene", dict[str, Any]]:
    """The scene and facts for meta: mesh names, triangle count, bounds and the camera route."""
    import trimesh

    parts: dict[str, tuple[list[np.ndarray], list[np.ndarray], tuple[float, ...]]] = {}

    def add(name: str, lows: np.ndarray, highs: np.ndarray, colour: tuple[float, ...]) -> None:
        if not len(lows):
            return
        lo, hi = parts.setdefault(name, ([], [], colour))[:2]
        lo.append(np.asarray(lows, float).reshape(-1, 3))
        hi.append(np.asarray(highs, float).reshape(-1, 3))

    colours = tile_colours(level.theme).astype(float) / 255.0
    if level.view == "side":
        _side(level, tile_m, add, colours)
    else:
        _top_down(level, tile_m, add, colours)
    scene = trimesh.Scene()
    from tools.scene.compose import with_unit_normals
    from trimesh.visual.material import PBRMaterial

    triangles = 0
    for name, (lows, highs, colour) in parts.items():
        vertices, faces = boxes(np.concatenate(lows), np.concatenate(highs))
        mesh = trimesh.Trimesh(vertices=vertices, faces=faces, process=False)
        rough, metal = (0.35, 0.6) if name in ("keys", "locked_doors") else (0.9, 0.0)
        if name == "water":
            rough = 0.15
        mesh.visual = trimesh.visual.TextureVisuals(material=PBRMaterial(
            name=f"level_{name}", baseColorFactor=[*colour[:3], 1.0], metallicFactor=metal, roughnessFactor=rough))
        scene.add_geometry(with_unit_normals(mesh), node_name=name, geom_name=name)
        triangles += len(faces)
    low, high = scene.bounds
    facts = {"meshes": list(parts), "triangles": triangles, "units": "m", "up": "+Y", "tile_size_m": tile_m,
             "bbox": {"min": [round(float(v), 3) for v in low], "max": [round(float(v), 3) for v in high]}}
    return scene, facts


def camera_route(level: Level, path: list[tuple[int, int]], *, tile_m: float = 2.0) -> list[list[float]]:
    """The checker's route in blockout metres at eye height: what a fly-through follows."""
    if level.view == "side":
        return [[(x + 0.5) * tile_m, (level.height - y - 0.5) * tile_m, 0.0] for x, y in path]
    return [[(x + 0.5) * tile_m, EYE_HEIGHT_M, (y + 0.5) * tile_m] for x, y in path]


def _rgb(colour: str) -> tuple[float, float, float]:
    return int(colour[1:3], 16) / 255, int(colour[3:5], 16) / 255, int(colour[5:7], 16) / 255


def _top_down(level: Level, s: float, add: Any, colours: np.ndarray) -> None:
    grid = level.grid
    walkable = WALKABLE[grid]
    near_open = walkable.copy()  # walls that can be seen: next to something open (8-neighbourhood)
    padded = np.pad(walkable, 1)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            near_open |= padded[1 + dy:1 + dy + grid.shape[0], 1 + dx:1 + dx + grid.shape[1]]
    for code in sorted({int(v) for v in np.unique(grid)}):
        mask = grid == code
        name = {WALL: "walls", LOCKED: "floor", DOOR: "floor"}.get(code, TILES[code].name)
        if code in (WALL, MOUNTAIN):
            mask &= near_open
            top = WALL_HEIGHT_M if code == WALL else WALL_HEIGHT_M * 1.6
            bottom = -SLAB_M
        elif code == WATER:
            top, bottom = -0.3, -0.3 - SLAB_M
        else:
            top, bottom = 0.0, -SLAB_M
        runs = row_runs(mask)
        if not len(runs):
            continue
        lows = np.stack([runs[:, 1] * s, np.full(len(runs), bottom), runs[:, 0] * s], 1)
        highs = np.stack([runs[:, 2] * s, np.full(len(runs), top), (runs[:, 0] + 1) * s], 1)
        add(name, lows, highs, tuple(colours[code if code not in (LOCKED, DOOR) else 1]))
    key_colour = {k.id: _rgb(KEY_RGB.get(k.colour, "#c2392b")) for k in level.keys}
    for door in level.doors:
        x0, z0 = door.x * s, door.y * s
        across_x = _blocked(grid, door.x - 1, door.y) and _blocked(grid, door.x + 1, door.y)
        if door.key is None:
            add("doors", [[x0, 2.4, z0]], [[x0 + s, WALL_HEIGHT_M, z0 + s]], (0.54, 0.35, 0.17))
            continue
        thin = 0.25
        if across_x:
            low, high = [x0, 0.0, z0 + s / 2 - thin / 2], [x0 + s, WALL_HEIGHT_M * 0.9, z0 + s / 2 + thin / 2]
        else:
            low, high = [x0 + s / 2 - thin / 2, 0.0, z0], [x0 + s / 2 + thin / 2, WALL_HEIGHT_M * 0.9, z0 + s]
        add("locked_doors", [low], [high], key_colour.get(door.key, (0.76, 0.22, 0.17)))
    for key in level.keys:
        cx, cz = (key.x + 0.5) * s, (key.y + 0.5) * s
        add("keys", [[cx - 0.25, 0.8, cz - 0.25]], [[cx + 0.25, 1.3, cz + 0.25]], key_colour[key.id])
    _markers(level, s, add, lambda x, y: ((x + 0.5) * s, 0.0, (y + 0.5) * s))


def _side(level: Level, s: float, add: Any, colours: np.ndarray) -> None:
    grid = level.grid
    height = level.height
    depth = s * 2
    for code in (GROUND, SPIKES):
        runs = row_runs(grid == code)
        if not len(runs):
            continue
        top_y = (height - runs[:, 0]) * s
        bottom_y = top_y - (s if code == GROUND else s * 0.4)
        lows = np.stack([runs[:, 1] * s, bottom_y, np.full(len(runs), -depth / 2)], 1)
        highs = np.stack([runs[:, 2] * s, top_y - (0 if code == GROUND else s * 0.6), np.full(len(runs), depth / 2)], 1)
        add("ground" if code == GROUND else "spikes", lows, highs, tuple(colours[code]))
    key_colour = {k.id: _rgb(KEY_RGB.get(k.colour, "#c2392b")) for k in level.keys}
    for door in level.doors:
        y0 = (height - door.y - 1) * s
        add("locked_doors", [[door.x * s + s * 0.3, y0, -depth / 2]], [[door.x * s + s * 0.7, y0 + s, depth / 2]],
            key_colour.get(door.key or "", (0.76, 0.22, 0.17)))
    for key in level.keys:
        cx, cy = (key.x + 0.5) * s, (height - key.y - 0.5) * s
        add("keys", [[cx - 0.3, cy - 0.3, -0.3]], [[cx + 0.3, cy + 0.3, 0.3]], key_colour[key.id])
    _markers(level, s, add, lambda x, y: ((x + 0.5) * s, (height - y - 1) * s, 0.0))


def _blocked(grid: np.ndarray, x: int, y: int) -> bool:
    return not (0 <= y < grid.shape[0] and 0 <= x < grid.shape[1]) or not WALKABLE[grid[y, x]]


MARKER_COLOURS = {"player": (0.18, 0.75, 0.31), "goal": (0.95, 0.95, 0.95), "boss": (0.69, 0.13, 0.16),
                  "enemy": (0.88, 0.32, 0.24), "item": (0.96, 0.83, 0.26), "treasure": (0.95, 0.72, 0.02),
                  "shopkeeper": (0.23, 0.63, 0.85)}


def _markers(level: Level, s: float, add: Any, place: Any) -> None:
    """Start and goal as pads, spawns as small posts (one mesh per kind of spawn)."""
    for spawn in level.spawns:
        x, y, z = place(spawn.x, spawn.y)
        size, tall = (0.8, 0.15) if spawn.kind in ("player", "goal") else (0.3, 1.2 if spawn.kind == "boss" else 0.7)
        if spawn.kind == "boss":
            size = 0.6
        add(f"spawn_{spawn.kind}", [[x - size, y, z - size]], [[x + size, y + tall, z + size]],
            MARKER_COLOURS.get(spawn.kind, (1.0, 1.0, 1.0)))
