"""Turn parsed object requests into one trimesh scene, arranged by the prompt's spatial words.

Node layout in the GLB: one node per object ("chair_2") holding its position and turn, and one
child node per part ("chair_2/seat") holding the mesh, so DCC tools show a tidy hierarchy.
Parts are smooth-shaded where their faces meet at shallow angles (round parts) and keep hard
edges elsewhere (boxes), with vertex normals written to the GLB.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from tools.scene.layout import Box, arrange
from tools.scene.materials import WEATHERING_COVER, Finish, faded, finish, glowing, to_pbr, weathered
from tools.scene.objects import OBJECT_KINDS, Look, Part
from tools.scene.prompt import ObjectRequest, ParsedPrompt

if TYPE_CHECKING:
    import trimesh

Progress = Callable[[float, str], None]

# (sections around round parts, icosphere subdivisions) per style
DETAIL: dict[str, tuple[int, int]] = {"low_poly": (8, 1), "normal": (20, 2), "high_poly": (40, 3), "greybox": (12, 1)}
# Faces meeting at less than this angle share smoothed normals; sharper edges stay hard.
SMOOTH_ANGLE_DEG = 35.0


@dataclass(frozen=True)
class PlacedObject:
    """One object in the scene, as reported in the artifact's metadata."""

    kind: str  # a registered kind
    node: str
    label: str  # the user's word for it
    fallback: bool = False
    position: tuple[float, float, float] = (0.0, 0.0, 0.0)  # of its base centre, metres
    yaw_deg: float = 0.0  # turn about +Y (0 = facing +Z)
    bbox_min: tuple[float, float, float] = (0.0, 0.0, 0.0)  # world-space box of the object
    bbox_max: tuple[float, float, float] = (0.0, 0.0, 0.0)
    relation: str | None = None  # how it was placed: next_to, on_top, around, behind, in_front, ...
    anchor: str | None = None  # the node it was placed against


@dataclass
class ComposedScene:
    scene: "trimesh.Scene"
    objects: list[PlacedObject] = field(default_factory=list)
    triangles: int = 0
    bbox_min: tuple[float, float, float] = (0.0, 0.0, 0.0)
    bbox_max: tuple[float, float, float] = (0.0, 0.0, 0.0)
    materials: list[str] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)  # {"subject", "relation", "anchor"} by node


def compose_scene(parsed: ParsedPrompt, *, seed: int, progress: Progress | None = None,
                  surround: float | None = None) -> ComposedScene:
    """Build every requested object and arrange them as the prompt says (a row when it says nothing).

    ``progress(fraction, message)`` is called after each object; it may raise to cancel.
    ``surround`` (metres) rings the groups of objects around an empty middle (panoramas, rooms).
    """
    import numpy as np
    import trimesh

    built: list[tuple[PlacedObject, list[Part], int]] = []
    per_kind: dict[str, int] = {}
    total = max(1, parsed.total)
    for request_index, request in enumerate(parsed.objects):
        if request.kind is None:
            continue  # a noun no kind stands for is reported by the parser, never built as a box
        for copy in range(request.count):
            rng = np.random.default_rng([seed, len(built)])
            kind = request.kind
            label = _node_label(request.kind)
            per_kind[label] = per_kind.get(label, 0) + 1
            node = f"{label}_{per_kind[label]}"
            parts = _build(_copy_colour(request, copy), parsed.style, rng)
            built.append((PlacedObject(kind, node, request.noun, request.fallback), parts, request_index))
            if progress is not None:
                progress(len(built) / total, f"built {node}")

    local = [_local_box(parts) for _, parts, _ in built]
    placements = arrange(local, [request for _, _, request in built], parsed.relations, surround=surround)
    first_node = {}
    for placed, _, request in built:
        first_node.setdefault(request, placed.node)

    scene = trimesh.Scene()
    materials: dict[Finish, object] = {}
    objects: list[PlacedObject] = []
    for (placed, parts, _), placement in zip(built, placements):
        matrix = trimesh.transformations.translation_matrix(placement.position) @ \
            trimesh.transformations.rotation_matrix(math.radians(placement.yaw_deg), [0, 1, 0])
        scene.graph.update(frame_from=scene.graph.base_frame, frame_to=placed.node, matrix=matrix)
        for part in parts:
            if part.finish not in materials:
                materials[part.finish] = to_pbr(part.finish)
            mesh = smooth_shaded(part.mesh)
            mesh.visual = trimesh.visual.TextureVisuals(material=materials[part.finish])
            name = f"{placed.node}/{part.name}"
            scene.add_geometry(mesh, node_name=name, geom_name=name, parent_node_name=placed.node)
        world = _world_box(parts, matrix)
        anchor = first_node.get(placement.anchor_request) if placement.anchor_request is not None else None
        objects.append(PlacedObject(
            placed.kind, placed.node, placed.label, placed.fallback,
            position=_rounded(placement.position), yaw_deg=round(placement.yaw_deg % 360.0, 3),
            bbox_min=_rounded(world[0]), bbox_max=_rounded(world[1]), relation=placement.relation, anchor=anchor,
        ))

    low, high = scene.bounds if objects else ((0.0, 0.0, 0.0), (0.0, 0.0, 0.0))
    relations = [{"subject": first_node[r.subject], "relation": r.relation,
                  "anchor": first_node[r.anchor] if r.anchor is not None else None}
                 for r in parsed.relations if r.subject in first_node and (r.anchor is None or r.anchor in first_node)]
    return ComposedScene(
        scene=scene,
        objects=objects,
        triangles=int(sum(len(mesh.faces) for mesh in scene.geometry.values())),
        bbox_min=_rounded(low),
        bbox_max=_rounded(high),
        materials=sorted(surface.name for surface in materials),
        relations=relations,
    )


def smooth_shaded(mesh: "trimesh.Trimesh") -> "trimesh.Trimesh":
    """A copy of ``mesh`` that renders smooth across shallow edges and hard across sharp ones.

    Coincident vertices are merged first (builders leave seams on lathes and extrusions) and
    degenerate triangles dropped (they have no normal, and a zero normal in a GLB is a validator
    error). Each triangle corner then takes the area-weighted mean normal of the triangles around
    its vertex that bend less than :data:`SMOOTH_ANGLE_DEG` away from its own, and corners that
    agree share one output vertex. All in array operations: trimesh's graph-based smooth_shade
    was most of a 10-object scene's build time.
    """
    import numpy as np
    import trimesh

    vertices = np.asarray(mesh.vertices, np.float64)
    faces = np.asarray(mesh.faces, np.int64)
    if not len(faces):
        return mesh.copy()
    # per-vertex colours (Shap-E's meshes carry them as COLOR_0) follow their vertices through
    colours = np.asarray(mesh.visual.vertex_colors) if mesh.visual.kind == "vertex" else None
    keyed = np.round(vertices * 1e8).astype(np.int64)  # the precision trimesh's merge_vertices uses
    _, first, inverse = np.unique(keyed, axis=0, return_index=True, return_inverse=True)
    vertices, faces = vertices[first], inverse.reshape(-1)[faces]
    colours = None if colours is None else colours[first]
    corners = vertices[faces]
    cross = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0])
    double_area = np.linalg.norm(cross, axis=1)
    longest = np.linalg.norm(corners - np.roll(corners, 1, axis=1), axis=2).max(axis=1)
    keep = (double_area > 1e-9 * np.maximum(longest, 1e-12)) & (faces[:, 0] != faces[:, 1]) \
        & (faces[:, 1] != faces[:, 2]) & (faces[:, 0] != faces[:, 2])  # height above 1e-9 m, three corners
    faces, cross, double_area = faces[keep], cross[keep], double_area[keep]
    if not len(faces):
        return trimesh.Trimesh(vertices=np.zeros((0, 3)), faces=np.zeros((0, 3), np.int64), process=False)
    normals = cross / double_area[:, None]
    # every (corner, neighbouring face) pair: the faces around the corner's vertex
    corner_vertex = faces.reshape(-1)
    corner_face = np.repeat(np.arange(len(faces)), 3)
    order = np.argsort(corner_vertex, kind="stable")
    valence = np.bincount(corner_vertex, minlength=len(vertices))
    start = np.concatenate([[0], np.cumsum(valence)[:-1]])
    counts = valence[corner_vertex]
    pair_corner = np.repeat(np.arange(len(corner_vertex)), counts)
    offsets = np.arange(len(pair_corner)) - np.repeat(np.cumsum(counts) - counts, counts)
    neighbour = corner_face[order][start[corner_vertex][pair_corner] + offsets]
    bend = np.einsum("ij,ij->i", normals[corner_face[pair_corner]], normals[neighbour])
    weight = np.where(bend > np.cos(np.radians(SMOOTH_ANGLE_DEG)), double_area[neighbour], 0.0)
    summed = np.stack([np.bincount(pair_corner, weights=weight * normals[neighbour, axis],
                                   minlength=len(corner_vertex)) for axis in range(3)], axis=1)
    length = np.linalg.norm(summed, axis=1)
    corner_normal = np.where(length[:, None] > 1e-12, summed / np.maximum(length, 1e-12)[:, None],
                             normals[corner_face])
    # corners of one vertex with the same normal become one output vertex
    key = np.c_[corner_vertex, np.round(corner_normal * 1e4).astype(np.int64)]
    _, unique_first, corner_to_vertex = np.unique(key, axis=0, return_index=True, return_inverse=True)
    out = trimesh.Trimesh(vertices=vertices[corner_vertex[unique_first]], faces=corner_to_vertex.reshape(-1, 3),
                          vertex_colors=None if colours is None else colours[corner_vertex[unique_first]],
                          process=False)
    out.vertex_normals = corner_normal[unique_first]
    return with_unit_normals(out)


def with_unit_normals(mesh: "trimesh.Trimesh") -> "trimesh.Trimesh":
    """Compute vertex normals now (so the GLB exporter writes them) and make every one unit length.

    Where the faces around a vertex cancel out (a sheet folded back on itself) the average is
    zero; such a vertex takes the normal of its first face, since glTF requires unit normals.
    """
    import numpy as np

    normals = np.array(mesh.vertex_normals, dtype=np.float64)
    lengths = np.linalg.norm(normals, axis=1)
    bad = lengths < 1e-6
    if bad.any():
        first_face = np.full(len(mesh.vertices), -1)
        first_face[mesh.faces[::-1].ravel()] = np.repeat(np.arange(len(mesh.faces))[::-1], 3)
        normals[bad] = np.where(first_face[bad, None] >= 0, mesh.face_normals[first_face[bad]], [0.0, 1.0, 0.0])
        mesh.vertex_normals = normals / np.linalg.norm(normals, axis=1, keepdims=True)
    return mesh


def _rounded(values: Any) -> tuple[float, float, float]:
    return tuple(round(float(v), 4) + 0.0 for v in values)  # type: ignore[return-value]  # + 0.0: no "-0.0"


def _local_box(parts: list[Part]) -> Box:
    low = [min(float(part.mesh.bounds[0][i]) for part in parts) for i in range(3)]
    high = [max(float(part.mesh.bounds[1][i]) for part in parts) for i in range(3)]
    return Box(tuple(low), tuple(high))  # type: ignore[arg-type]


def _world_box(parts: list[Part], matrix: Any) -> tuple[Any, Any]:
    import numpy as np

    points = np.vstack([part.mesh.vertices for part in parts])
    world = np.c_[points, np.ones(len(points))] @ np.asarray(matrix).T
    return world[:, :3].min(axis=0), world[:, :3].max(axis=0)


# "the same lamp post in 4 colours": copies take these in turn (distinct at a glance, then the rest)
VARIED_COLOURS = ("red", "blue", "green", "yellow", "purple", "orange", "white", "black", "pink", "teal", "brown",
                  "gray")


def _copy_colour(request: ObjectRequest, copy: int) -> ObjectRequest:
    """The request for one copy: its own colour when the prompt asked for the copies in several colours."""
    if not request.varied:
        return request
    from dataclasses import replace

    if request.palette:  # the colours the prompt listed, one per copy
        return replace(request, colour=request.palette[copy % len(request.palette)])
    palette = [c for c in VARIED_COLOURS if c != request.colour]
    return replace(request, colour=palette[copy % len(palette)])


def main_finish(request: ObjectRequest, style: str) -> Finish:
    """The surface of an object's main part from the words the user chose."""
    if style == "greybox":
        return finish("greybox")
    return finish(request.material or OBJECT_KINDS[request.kind].material, request.colour)


def _build(request: ObjectRequest, style: str, rng: object) -> list[Part]:
    import numpy as np

    sections, subdivisions = DETAIL.get(style, DETAIL["normal"])
    look = Look(main=main_finish(request, style), rng=rng,  # type: ignore[arg-type]
                sections=sections, subdivisions=subdivisions, greybox=style == "greybox", traits=request.traits)
    parts = OBJECT_KINDS[request.kind].build(look)  # type: ignore[index]
    if request.part_colours and style != "greybox":
        parts = _coloured_parts(parts, request, style, rng)
    if request.weathering == "glowing" and style != "greybox":  # "a glowing magic sword": its main surfaces shine
        from dataclasses import replace

        main = main_finish(request, style)
        parts = [replace(part, finish=glowing(part.finish, 0.9)) if part.finish == main else part for part in parts]
    elif request.weathering and style != "greybox":  # "a rusted sedan": its metal and paint rust, its glass does not
        size = max(_local_box(parts).size)
        patch = min(PATCH_M, max(0.02, size / 8))  # a doll's or an axe's blotches are smaller than a car's
        parts = [piece for part in parts for piece in _weathered_patches(part, request.weathering, patch)]
    # a part that dips below the base (a fish's tail) lifts the whole object onto y = 0; a hanging
    # kind (a chandelier) keeps its height above the floor
    lowest = min(float(part.mesh.bounds[0][1]) for part in parts) - OBJECT_KINDS[request.kind].elevation  # type: ignore[index]
    if abs(lowest) > 1e-9:
        for part in parts:
            part.mesh.apply_translation([0.0, -lowest, 0.0])
    scale = dimension_scale(request, _local_box(parts).size) if request.dimensions else request.scale
    if scale != (1.0, 1.0, 1.0):
        # parts are built around the object's base centre, so scaling keeps it on the ground
        matrix = np.diag([*scale, 1.0])
        for part in parts:
            part.mesh.apply_transform(matrix)
    return parts


def _coloured_parts(parts: list[Part], request: ObjectRequest, style: str, rng: object) -> list[Part]:
    """Parts the words coloured ("a windmill with a red roof", "지붕은 빨간색"): each part of that name (or its
    numbered or sided copies) in its own material, in that colour. When the colour went to the main part as well
    and the kind has such a part of its own, the main part keeps its natural colour (the walls stay white)."""
    from dataclasses import replace

    from tools.scene.materials import MATERIALS

    def named(part: Part) -> str | None:
        return next((colour for name, colour in request.part_colours.items()
                     if part.name == name or re.match(rf"{re.escape(name)}(?:_\w+)?$", part.name)), None)

    main = main_finish(request, style)
    hit = [part for part in parts if named(part) is not None]
    if not hit and "stripe" in request.part_colours:
        return parts + _stripe_bands(parts, main, finish("paint", request.part_colours["stripe"]))
    if not hit:
        return parts
    if request.colour in request.part_colours.values() and all(part.finish != main for part in hit):
        plain = replace(request, colour=None, part_colours={})
        parts = OBJECT_KINDS[request.kind].build(Look(main=main_finish(plain, style), rng=rng,  # type: ignore[arg-type]
                                                      sections=DETAIL.get(style, DETAIL["normal"])[0],
                                                      subdivisions=DETAIL.get(style, DETAIL["normal"])[1],
                                                      traits=request.traits))
    out = []
    for part in parts:
        colour = named(part)
        if colour is None:
            out.append(part)
            continue
        material = next((m for m in sorted(MATERIALS, key=len, reverse=True)
                         if part.finish.name == m or part.finish.name.startswith(m + "_")), "paint")
        out.append(replace(part, finish=finish(material, colour)))
    return out


def _stripe_bands(parts: list[Part], main: Finish, colour: Finish) -> list[Part]:
    """"a white crate with yellow hazard stripes" on a kind with no stripes of its own: two bands round its main
    body, a hair proud of it so they show on every side."""
    import numpy as np

    from tools.scene import shapes

    body = [part for part in parts if part.finish == main] or parts
    low = np.min([part.mesh.bounds[0] for part in body], axis=0)
    high = np.max([part.mesh.bounds[1] for part in body], axis=0)
    size = high - low
    centre = (low + high) / 2
    return [Part(f"stripe_{i}", shapes.box((size[0] * 1.02 + 0.004, size[1] * 0.09, size[2] * 1.02 + 0.004),
                                           (centre[0], low[1] + size[1] * at, centre[2])), colour)
            for i, at in enumerate((0.22, 0.68), start=1)]


# Weathering comes in patches this big (metres); a part is cut finer than this so its patches can show
PATCH_M = 0.3
MAX_PATCHED_FACES = 2000


def _weathered_patches(part: Part, weathering: str, patch_m: float = PATCH_M) -> list[Part]:
    """``part`` split into its own finish and patches of ``weathering`` (rust blotches over paint, moss
    mostly on the upward faces); a part that does not take it (glass, cloth, a lit bulb) comes back whole."""
    import numpy as np
    from dataclasses import replace

    worn = weathered(part.finish, weathering)
    if worn == part.finish:
        return [part]
    mesh = part.mesh
    while len(mesh.faces) * 4 <= MAX_PATCHED_FACES and float(mesh.edges_unique_length.max(initial=0.0)) > patch_m:
        mesh = mesh.subdivide()
    cells = np.floor(mesh.triangles_center / patch_m).astype(np.int64)
    # a fixed hash of the patch cell: the same object weathers the same way on every render
    noise = ((cells * np.array([73856093, 19349663, 83492791])).sum(axis=1) % 1000) / 1000.0
    if weathering == "mossy":
        noise = noise - 0.45 * mesh.face_normals[:, 1]  # moss gathers on what faces the sky
    patch = noise < WEATHERING_COVER.get(weathering, 0.55)
    if patch.all() or not patch.any():
        return [replace(part, mesh=mesh, finish=worn if patch.all() else part.finish)]
    clean = mesh.submesh([np.flatnonzero(~patch)], append=True)
    blotch = mesh.submesh([np.flatnonzero(patch)], append=True)
    own = faded(part.finish) if weathering == "rusty" else part.finish  # the paint between the rust is old too
    return [replace(part, mesh=clean, finish=own), Part(f"{part.name}_{weathering}", blotch, worn)]


def dimension_scale(request: ObjectRequest, natural: tuple[float, float, float]) -> tuple[float, float, float]:
    """The scale that gives an object the sizes written in the prompt ("3 m tall", "50 cm wide").

    One written size scales the object uniformly (a 3 m tall tree keeps a tree's proportions);
    several set their own axes. ``length`` is the longer horizontal side, ``size`` the largest.
    Written sizes win over size words ("a big 2 m table" is 2 m).
    """
    width, height, depth = (max(v, 1e-6) for v in natural)
    axis_of = {"width": 0, "height": 1, "depth": 2, "length": 0 if width >= depth else 2}
    factors: dict[int, float] = {}
    for axis, metres in request.dimensions.items():
        if axis == "size":
            factors.setdefault(-1, metres / max(width, height, depth))
        else:
            factors[axis_of[axis]] = metres / natural[axis_of[axis]] if natural[axis_of[axis]] > 1e-6 else 1.0
    if len(factors) == 1:
        (factor,) = factors.values()
        return (factor, factor, factor)
    factors.pop(-1, None)
    return tuple(factors.get(i, 1.0) for i in range(3))  # type: ignore[return-value]


def _node_label(word: str) -> str:
    """A node-name-safe label; Korean letters are kept (glTF names are UTF-8)."""
    return re.sub(r"\W+", "_", word.strip().lower()).strip("_") or "object"
