"""A PNG map of a level with a legend: tiles coloured by the theme, doors and keys in matching
colours, the start, the goal, spawns, and the checker's route as a dotted line."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tools.level.check import Playability
from tools.level.grid import KEY_RGB, LOCKED, TILES, Level

THEME_COLOURS = {  # wall, floor, corridor
    "swamp": ("#2f3b27", "#7b8a57", "#66734a"), "ice": ("#4f6d80", "#dcebf2", "#c2d8e3"),
    "lava": ("#2a1712", "#7a5240", "#6a4232"), "crypt": ("#2c2a30", "#9c968d", "#857f76"),
    "forest": ("#2c3f25", "#8aa868", "#768f58"), "desert": ("#8a6a3c", "#e6cf98", "#d2b981"),
    "crystal": ("#3a2f55", "#b6a9d9", "#9d90c4"), "sewer": ("#2f3430", "#7e8b7c", "#6b7769"),
}
MARKERS = {"player": ("#2fbf4f", "S"), "goal": ("#ffffff", "E"), "boss": ("#b0202a", "B"), "enemy": ("#e0523c", ""),
           "item": ("#f5d442", ""), "treasure": ("#f2b705", "$"), "shopkeeper": ("#3aa0d8", "M")}
LEGEND_WIDTH = 190


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def tile_colours(theme: str) -> np.ndarray:
    colours = np.array([_rgb(tile.colour) for tile in TILES], np.uint8)
    if theme in THEME_COLOURS:
        for code, colour in zip((0, 1, 2), THEME_COLOURS[theme]):
            colours[code] = _rgb(colour)
    return colours


def render_map(level: Level, verdict: Playability, path: Path) -> tuple[int, int]:
    """Write the map to ``path``; returns its (width, height) in pixels."""
    from PIL import Image, ImageDraw, ImageFont

    cell = int(max(4, min(16, 1024 // level.width, 720 // level.height)))
    pixels = tile_colours(level.theme)[level.grid]
    key_of_door = {(d.x, d.y): d.key for d in level.doors}
    colour_of_key = {k.id: KEY_RGB.get(k.colour, "#c2392b") for k in level.keys}
    map_img = Image.fromarray(np.kron(pixels, np.ones((cell, cell, 1), np.uint8)))
    draw = ImageDraw.Draw(map_img)
    for y, x in zip(*np.nonzero(level.grid == LOCKED)):
        key = key_of_door.get((int(x), int(y)))
        box = (x * cell, y * cell, (x + 1) * cell - 1, (y + 1) * cell - 1)
        draw.rectangle(box, fill=_rgb(colour_of_key.get(key or "", "#c2392b")), outline=(20, 20, 20))
    if len(verdict.path) > 1:
        points = [(x * cell + cell / 2, y * cell + cell / 2) for x, y in verdict.path]
        for index, (a, b) in enumerate(zip(points, points[1:])):
            if index % 2 == 0:
                draw.line([a, b], fill=(255, 255, 255), width=max(1, cell // 5))
    font = _font(max(8, cell))
    for spawn in level.spawns:
        colour, letter = MARKERS.get(spawn.kind, ("#ffffff", ""))
        cx, cy = spawn.x * cell + cell / 2, spawn.y * cell + cell / 2
        radius = cell * (0.48 if letter else 0.3)
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=_rgb(colour), outline=(20, 20, 20))
        if letter and cell >= 8:
            draw.text((cx, cy), letter, fill=(0, 0, 0) if spawn.kind in ("goal", "treasure") else (255, 255, 255),
                      font=font, anchor="mm")
    for key in level.keys:
        cx, cy, r = key.x * cell + cell / 2, key.y * cell + cell / 2, cell * 0.5
        draw.polygon([(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)], fill=_rgb(colour_of_key[key.id]),
                     outline=(255, 255, 255))
    entries = _legend_entries(level, colour_of_key)
    line = 18
    height = max(map_img.height, 34 + line * len(entries))
    canvas = Image.new("RGB", (map_img.width + LEGEND_WIDTH, height), (30, 30, 34))
    canvas.paste(map_img, (0, 0))
    draw = ImageDraw.Draw(canvas)
    small = _font(12)
    left = map_img.width + 10
    status = "playable" if verdict.passed else "NOT playable"
    draw.text((left, 8), f"{level.kind} {level.width}x{level.height} · {status}", fill=(240, 240, 240), font=small)
    for index, (colour, label, shape) in enumerate(entries):
        top = 30 + index * line
        box = (left, top, left + 12, top + 12)
        if shape == "circle":
            draw.ellipse(box, fill=colour, outline=(20, 20, 20))
        elif shape == "diamond":
            draw.polygon([(left + 6, top), (left + 12, top + 6), (left + 6, top + 12), (left, top + 6)], fill=colour)
        elif shape == "line":
            draw.line([(left, top + 6), (left + 12, top + 6)], fill=colour, width=3)
        else:
            draw.rectangle(box, fill=colour, outline=(90, 90, 90))
        draw.text((left + 18, top - 1), label, fill=(230, 230, 230), font=small)
    canvas.save(path, optimize=True)
    return canvas.width, canvas.height


def _legend_entries(level: Level, colour_of_key: dict[str, str]) -> list[tuple[tuple[int, int, int], str, str]]:
    colours = tile_colours(level.theme)
    entries = [(tuple(int(c) for c in colours[code]), TILES[code].name.replace("_", " "), "square")
               for code in sorted({int(v) for v in np.unique(level.grid)}) if code != LOCKED]
    for key in level.keys:
        colour = _rgb(colour_of_key[key.id])
        entries.append((colour, f"{key.colour} key ({key.id})", "diamond"))
        entries.append((colour, f"{key.colour} locked door", "square"))
    kinds = dict.fromkeys(spawn.kind for spawn in level.spawns)
    labels = {"player": "start (S)", "goal": "exit (E)", "boss": "boss (B)", "enemy": "enemy", "item": "item",
              "treasure": "treasure ($)", "shopkeeper": "shop (M)"}
    for kind in kinds:
        entries.append((_rgb(MARKERS.get(kind, ("#ffffff", ""))[0]), labels.get(kind, kind), "circle"))
    entries.append(((255, 255, 255), "route (checked)", "line"))
    return entries


def _font(size: int):  # type: ignore[no-untyped-def]
    from PIL import ImageFont

    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1
        return ImageFont.load_default()
