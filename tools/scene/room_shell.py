"""The room an interior place stands in, for the mesh tool: "a bunker" is its furnishing on a floor between walls
in the place's own finish (concrete, stone, timber, station metal), not furniture on nothing.

The shell is a cutaway, as level blockouts are shown: a floor under everything and the back (-Z) and left (-X)
walls, open at the front and right, so a default three-quarter view (and any viewer's first look) sees in. No
ceiling: it would hide the room from every camera above it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tools.scene import shapes
from tools.scene.materials import Finish, finish, to_pbr

if TYPE_CHECKING:
    from tools.scene.compose import ComposedScene

WALL_HEIGHT_M = 3.0
WALL_THICKNESS_M = 0.15
MARGIN_M = 1.0  # floor beyond the furthest object
# (wall, floor) finishes per room finish of tools.scene.setting.Place.room
ROOM_FINISHES: dict[str, tuple[tuple[str, str | None], tuple[str, str | None]]] = {
    "wood": (("wood", None), ("wood", "brown")),
    "stone": (("stone", None), ("stone", "gray")),
    "plaster": (("plaster", None), ("wood", None)),
    "metal": (("plastic", "gray"), ("dark_metal", None)),
    "concrete": (("plaster", "gray"), ("stone", "gray")),
    "tile": (("ceramic", "white"), ("stone", "gray")),
    "shoji": (("canvas", "beige"), ("canvas", None)),
}


def add_room_shell(composed: "ComposedScene", room: str) -> None:
    """Add a ``room`` node (floor, back wall, left wall) round the composed objects, in place."""
    import numpy as np
    import trimesh

    from tools.scene.compose import smooth_shaded

    low = np.asarray(composed.bbox_min, np.float64)
    high = np.asarray(composed.bbox_max, np.float64)
    x0, x1 = float(low[0]) - MARGIN_M, float(high[0]) + MARGIN_M
    z0, z1 = float(low[2]) - MARGIN_M, float(high[2]) + MARGIN_M
    height = max(WALL_HEIGHT_M, float(high[1]) + 0.5)
    wall_surface, floor_surface = ROOM_FINISHES.get(room, ROOM_FINISHES["plaster"])
    wall, floor = finish(*wall_surface), finish(*floor_surface)
    t = WALL_THICKNESS_M
    parts: list[tuple[str, "trimesh.Trimesh", Finish]] = [
        ("floor", shapes.box((x1 - x0, t, z1 - z0), ((x0 + x1) / 2, -t, (z0 + z1) / 2)), floor),
        ("wall_back", shapes.box((x1 - x0 + t, height, t), ((x0 + x1) / 2 - t / 2, -t, z0 - t / 2)), wall),
        ("wall_left", shapes.box((t, height, z1 - z0), (x0 - t / 2, -t, (z0 + z1) / 2)), wall),
    ]
    graph = composed.scene.graph
    graph.update(frame_from=graph.base_frame, frame_to="room", matrix=np.eye(4))
    materials = {}
    for name, mesh, surface in parts:
        if surface not in materials:
            materials[surface] = to_pbr(surface)
        shaded = smooth_shaded(mesh)
        shaded.visual = trimesh.visual.TextureVisuals(material=materials[surface])
        composed.scene.add_geometry(shaded, node_name=f"room/{name}", geom_name=f"room/{name}", parent_node_name="room")
    composed.triangles += sum(len(mesh.faces) for _, mesh, _ in parts)
    composed.materials = sorted(set(composed.materials) | {surface.name for surface in materials})
    bounds = composed.scene.bounds
    composed.bbox_min = tuple(round(float(v), 4) for v in bounds[0])  # type: ignore[assignment]
    composed.bbox_max = tuple(round(float(v), 4) for v in bounds[1])  # type: ignore[assignment]
