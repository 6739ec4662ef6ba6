"""The level as JSON, in the documented schema ``tools/level/schema/level.schema.json``.

``grid`` is a list of strings, one per row from the top, one legend character per tile;
``legend`` maps each character used to its tile name, whether it can be walked on and its
colour. Coordinates are tiles, ``x`` the column and ``y`` the row from the top.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from tools.level.check import Playability
from tools.level.grid import TILES, Level, to_rows

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "level.schema.json"
FORMAT = "atelier-level"
VERSION = 1
TILE_SIZE_M = 2.0  # the blockout's metres per tile


def level_document(level: Level, verdict: Playability, *, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """The JSON-ready document of ``level``."""
    used = sorted({int(code) for code in np.unique(level.grid)})
    return {
        "format": FORMAT,
        "version": VERSION,
        "kind": level.kind,
        "view": level.view,
        "theme": level.theme,
        "seed": level.seed,
        "width": level.width,
        "height": level.height,
        "tile_size_m": TILE_SIZE_M,
        "grid": to_rows(level.grid),
        "legend": {TILES[code].char: {"name": TILES[code].name, "walkable": TILES[code].walkable,
                                      "solid": TILES[code].solid, "color": TILES[code].colour} for code in used},
        "start": {"x": level.start[0], "y": level.start[1]},
        "goal": {"x": level.goal[0], "y": level.goal[1]},
        "rooms": [{"id": r.id, "role": r.role, "x": r.x, "y": r.y, "w": r.w, "h": r.h} for r in level.rooms],
        "doors": [{"id": d.id, "x": d.x, "y": d.y, "locked": d.key is not None, "key": d.key, "rooms": list(d.rooms)}
                  for d in level.doors],
        "keys": [{"id": k.id, "x": k.x, "y": k.y, "color": k.colour, "opens": list(k.opens)} for k in level.keys],
        "spawns": [{"kind": s.kind, "x": s.x, "y": s.y, "type": s.type, "room": s.room} for s in level.spawns],
        "one_way": [{"from": {"x": a[0], "y": a[1]}, "to": {"x": b[0], "y": b[1]}} for a, b in level.one_way],
        "physics": {"jump_height": level.jump_height, "jump_length": level.jump_length} if level.view == "side" else {},
        "solution": [{"x": x, "y": y} for x, y in verdict.path],
        "playability": verdict.report(),
        "params": params or {},
    }


def write_level_json(level: Level, verdict: Playability, path: Path, *, params: dict[str, Any] | None = None) -> None:
    path.write_text(json.dumps(level_document(level, verdict, params=params), ensure_ascii=False, indent=1),
                    encoding="utf-8")


def load_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
