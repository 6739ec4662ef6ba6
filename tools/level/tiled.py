"""Tiled export (``.tmj``, Tiled's JSON map format) for Godot, Unity and Tiled users.

One tile layer ("tiles": the grid, global tile id = tile code + 1) and one object layer
("objects": start, goal, rooms as rectangles, doors, keys and spawns as points with their
properties). The tileset is embedded in the map and points at a small PNG strip of the
legend's colours written next to it (Tiled needs an image; game engines usually swap in their
own art by tile ``type``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from tools.level.grid import TILES, Level

TILE_PX = 16
TILED_VERSION = "1.10"


def write_tileset_png(level: Level, path: Path) -> None:
    from PIL import Image

    from tools.level.render_png import tile_colours

    colours = tile_colours(level.theme)
    strip = np.repeat(np.repeat(colours[None, :, :], TILE_PX, axis=0), TILE_PX, axis=1)
    Image.fromarray(strip).save(path)


def tiled_map(level: Level, *, tileset_image: str) -> dict[str, Any]:
    """The ``.tmj`` document."""
    objects: list[dict[str, Any]] = []

    def obj(name: str, kind: str, x: float, y: float, *, w: float = 0, h: float = 0,
            props: dict[str, Any] | None = None) -> None:
        entry: dict[str, Any] = {"id": len(objects) + 1, "name": name, "type": kind, "x": x, "y": y, "width": w,
                                 "height": h, "rotation": 0, "visible": True}
        if not w and not h:
            entry["point"] = True
        if props:
            entry["properties"] = [{"name": k, "type": _prop_type(v), "value": v} for k, v in props.items()]
        objects.append(entry)

    def centre(x: int, y: int) -> tuple[float, float]:
        return (x + 0.5) * TILE_PX, (y + 0.5) * TILE_PX

    obj("start", "start", *centre(*level.start))
    obj("goal", "goal", *centre(*level.goal))
    for room in level.rooms:
        obj(room.id, "room", room.x * TILE_PX, room.y * TILE_PX, w=room.w * TILE_PX, h=room.h * TILE_PX,
            props={"role": room.role})
    for door in level.doors:
        obj(door.id, "door", *centre(door.x, door.y), props={"locked": door.key is not None, "key": door.key or ""})
    for key in level.keys:
        obj(key.id, "key", *centre(key.x, key.y), props={"color": key.colour, "opens": ",".join(key.opens)})
    for index, spawn in enumerate(level.spawns):
        obj(f"{spawn.kind}{index + 1}", spawn.kind, *centre(spawn.x, spawn.y), props={"what": spawn.type})
    data = (level.grid.astype(np.int64) + 1).ravel().tolist()
    return {
        "type": "map", "version": TILED_VERSION, "tiledversion": "1.10.2", "orientation": "orthogonal",
        "renderorder": "right-down", "infinite": False, "width": level.width, "height": level.height,
        "tilewidth": TILE_PX, "tileheight": TILE_PX, "nextlayerid": 3, "nextobjectid": len(objects) + 1,
        "properties": [{"name": "kind", "type": "string", "value": level.kind},
                       {"name": "view", "type": "string", "value": level.view},
                       {"name": "seed", "type": "int", "value": int(level.seed)}],
        "layers": [
            {"type": "tilelayer", "id": 1, "name": "tiles", "x": 0, "y": 0, "width": level.width,
             "height": level.height, "opacity": 1, "visible": True, "data": data},
            {"type": "objectgroup", "id": 2, "name": "objects", "x": 0, "y": 0, "opacity": 1, "visible": True,
             "draworder": "topdown", "objects": objects},
        ],
        "tilesets": [{
            "firstgid": 1, "name": "atelier-level", "tilewidth": TILE_PX, "tileheight": TILE_PX,
            "tilecount": len(TILES), "columns": len(TILES), "margin": 0, "spacing": 0, "image": tileset_image,
            "imagewidth": TILE_PX * len(TILES), "imageheight": TILE_PX,
            "tiles": [{"id": tile.code, "type": tile.name,
                       "properties": [{"name": "walkable", "type": "bool", "value": tile.walkable},
                                      {"name": "solid", "type": "bool", "value": tile.solid}]} for tile in TILES],
        }],
    }


def write_tmj(level: Level, path: Path, *, tileset_image: str) -> None:
    path.write_text(json.dumps(tiled_map(level, tileset_image=tileset_image)), encoding="utf-8")


def _prop_type(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    return "string"
