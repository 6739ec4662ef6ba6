"""Turn parsed object requests into one trimesh scene: objects in a row, parts as named nodes.

Node layout in the GLB: one node per object ("chair_2") holding its position, and one child
node per part ("chair_2/seat") holding the mesh, so DCC tools show a tidy hierarchy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from tools.mesh.materials import Finish, finish, to_pbr
from tools.mesh.objects import OBJECT_KINDS, Look, Part, placeholder
from tools.mesh.prompt import ObjectRequest, ParsedPrompt

if TYPE_CHECKING:
    import trimesh

Progress = Callable[[float, str], None]

# (sections around round parts, icosphere subdivisions) per style
DETAIL: dict[str, tuple[int, int]] = {"low_poly": (8, 1), "normal": (20, 2), "high_poly": (40, 3), "greybox": (12, 1)}


@dataclass(frozen=True)
class PlacedObject:
    """One object in the scene, as reported in the artifact's metadata."""

    kind: str  # a registered kind, or "placeholder"
    node: str
    label: str  # the user's word for it
    fallback: bool = False


@dataclass
class ComposedScene:
    scene: "trimesh.Scene"
    objects: list[PlacedObject] = field(default_factory=list)
    triangles: int = 0
    bbox_min: tuple[float, float, float] = (0.0, 0.0, 0.0)
    bbox_max: tuple[float, float, float] = (0.0, 0.0, 0.0)
    materials: list[str] = field(default_factory=list)


def compose_scene(parsed: ParsedPrompt, *, seed: int, progress: Progress | None = None) -> ComposedScene:
    """Build every requested object and lay the copies out in a row along +X, centred on 0.

    ``progress(fraction, message)`` is called after each object; it may raise to cancel.
    """
    import numpy as np
    import trimesh

    built: list[tuple[PlacedObject, list[Part]]] = []
    per_kind: dict[str, int] = {}
    total = max(1, parsed.total)
    for request in parsed.objects:
        for _ in range(request.count):
            rng = np.random.default_rng([seed, len(built)])
            kind = request.kind or "placeholder"
            label = _node_label(request.kind or request.noun)
            per_kind[label] = per_kind.get(label, 0) + 1
            node = f"{label}_{per_kind[label]}"
            parts = _build(request, parsed.style, rng)
            built.append((PlacedObject(kind, node, request.noun, request.fallback), parts))
            if progress is not None:
                progress(len(built) / total, f"built {node}")

    scene = trimesh.Scene()
    materials: dict[Finish, object] = {}
    offsets = _row_offsets([_x_extent(parts) for _, parts in built])
    for (placed, parts), offset in zip(built, offsets):
        scene.graph.update(frame_from=scene.graph.base_frame, frame_to=placed.node,
                           matrix=trimesh.transformations.translation_matrix(offset))
        for part in parts:
            if part.finish not in materials:
                materials[part.finish] = to_pbr(part.finish)
            part.mesh.visual = trimesh.visual.TextureVisuals(material=materials[part.finish])
            name = f"{placed.node}/{part.name}"
            scene.add_geometry(part.mesh, node_name=name, geom_name=name, parent_node_name=placed.node)

    low, high = scene.bounds
    return ComposedScene(
        scene=scene,
        objects=[placed for placed, _ in built],
        triangles=int(sum(len(mesh.faces) for mesh in scene.geometry.values())),
        bbox_min=tuple(round(float(v), 4) + 0.0 for v in low),  # type: ignore[arg-type]  # + 0.0: no "-0.0"
        bbox_max=tuple(round(float(v), 4) + 0.0 for v in high),  # type: ignore[arg-type]
        materials=sorted(surface.name for surface in materials),
    )


def main_finish(request: ObjectRequest, style: str) -> Finish:
    """The surface of an object's main part from the words the user chose."""
    if style == "greybox":
        return finish("greybox")
    if request.kind is None:
        # a placeholder stays neutral grey unless a colour or material was asked for
        return finish(request.material or ("plastic" if request.colour else "greybox"), request.colour)
    return finish(request.material or OBJECT_KINDS[request.kind].material, request.colour)


def _build(request: ObjectRequest, style: str, rng: object) -> list[Part]:
    import numpy as np

    sections, subdivisions = DETAIL.get(style, DETAIL["normal"])
    look = Look(main=main_finish(request, style), rng=rng,  # type: ignore[arg-type]
                sections=sections, subdivisions=subdivisions, greybox=style == "greybox")
    if request.kind is None:
        parts = placeholder(_node_label(request.noun), look)
    else:
        parts = OBJECT_KINDS[request.kind].build(look)
    if request.scale != (1.0, 1.0, 1.0):
        # parts are built around the object's base centre, so scaling keeps it on the ground
        matrix = np.diag([*request.scale, 1.0])
        for part in parts:
            part.mesh.apply_transform(matrix)
    return parts


def _x_extent(parts: list[Part]) -> tuple[float, float]:
    return (min(float(part.mesh.bounds[0][0]) for part in parts), max(float(part.mesh.bounds[1][0]) for part in parts))


def _row_offsets(extents: list[tuple[float, float]]) -> list[tuple[float, float, float]]:
    """Offsets that line objects up along +X, a quarter of a width apart, the row centred on 0."""
    starts: list[float] = []
    cursor = 0.0
    for low, high in extents:
        starts.append(cursor - low)  # this object's left edge lands on the cursor
        width = high - low
        cursor += width + max(0.15, 0.25 * width)
    if not extents:
        return []
    row_left, row_right = starts[0] + extents[0][0], starts[-1] + extents[-1][1]
    shift = -(row_left + row_right) / 2
    return [(round(x + shift, 4), 0.0, 0.0) for x in starts]


def _node_label(word: str) -> str:
    """A node-name-safe label; Korean letters are kept (glTF names are UTF-8)."""
    return re.sub(r"\W+", "_", word.strip().lower()).strip("_") or "object"
