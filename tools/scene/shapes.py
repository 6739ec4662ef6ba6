"""Y-up primitive helpers in metres, each placed by the centre of its base.

trimesh builds cylinders, cones and solids of revolution around +Z; glTF is +Y up, so every
round shape here is turned once (+Z -> +Y) before it is moved. Object builders then only think
in "put this part's bottom at that point", which keeps their code readable.
trimesh and numpy are imported inside the functions (house rule 1).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    import trimesh

Vec3 = tuple[float, float, float]
ORIGIN: Vec3 = (0.0, 0.0, 0.0)


def _z_up_to_y_up(mesh: "trimesh.Trimesh") -> "trimesh.Trimesh":
    import numpy as np
    from trimesh.transformations import rotation_matrix

    mesh.apply_transform(rotation_matrix(-np.pi / 2, [1, 0, 0]))  # maps +Z onto +Y
    return mesh


def _place(mesh: "trimesh.Trimesh", base: Vec3) -> "trimesh.Trimesh":
    """Move ``mesh`` so the centre of its bounding-box bottom sits at ``base``."""
    lo, hi = mesh.bounds
    mesh.apply_translation([base[0] - (lo[0] + hi[0]) / 2, base[1] - lo[1], base[2] - (lo[2] + hi[2]) / 2])
    return mesh


# trimesh.creation.box's unit cube (corners and outward-wound triangles), built here directly: boxes are
# most of the parts a scene has, and the generic constructor was a fifth of a scene's build time
_BOX_CORNERS = ((-0.5, -0.5, -0.5), (-0.5, -0.5, 0.5), (-0.5, 0.5, -0.5), (-0.5, 0.5, 0.5), (0.5, -0.5, -0.5),
                (0.5, -0.5, 0.5), (0.5, 0.5, -0.5), (0.5, 0.5, 0.5))
_BOX_FACES = ((1, 3, 0), (4, 1, 0), (0, 3, 2), (2, 4, 0), (1, 7, 3), (5, 1, 4), (5, 7, 1), (3, 7, 2), (6, 4, 2),
              (2, 7, 6), (6, 5, 4), (7, 5, 6))


def box(size: Vec3, base: Vec3 = ORIGIN) -> "trimesh.Trimesh":
    """An axis-aligned box of ``size`` = (width x, height y, depth z)."""
    import numpy as np
    import trimesh

    extents = np.asarray(size, np.float64)
    centre = np.array([base[0], base[1] + extents[1] / 2, base[2]])
    return trimesh.Trimesh(vertices=np.asarray(_BOX_CORNERS) * extents + centre, faces=np.asarray(_BOX_FACES),
                           process=False)


def cylinder(radius: float, height: float, base: Vec3 = ORIGIN, *, sections: int = 20) -> "trimesh.Trimesh":
    """An upright cylinder."""
    import trimesh

    return _place(_z_up_to_y_up(trimesh.creation.cylinder(radius=radius, height=height, sections=sections)), base)


def cone(radius: float, height: float, base: Vec3 = ORIGIN, *, sections: int = 20) -> "trimesh.Trimesh":
    """An upright cone, point up."""
    import trimesh

    return _place(_z_up_to_y_up(trimesh.creation.cone(radius=radius, height=height, sections=sections)), base)


def sphere(radius: float, base: Vec3 = ORIGIN, *, subdivisions: int = 2) -> "trimesh.Trimesh":
    """An icosphere resting on ``base``."""
    import trimesh

    return _place(trimesh.creation.icosphere(subdivisions=subdivisions, radius=radius), base)


def ring(inner: float, outer: float, height: float, base: Vec3 = ORIGIN, *, sections: int = 20) -> "trimesh.Trimesh":
    """A flat upright ring (a barrel hoop)."""
    import trimesh

    mesh = trimesh.creation.annulus(r_min=inner, r_max=outer, height=height, sections=sections)
    return _place(_z_up_to_y_up(mesh), base)


def lathe(profile: Sequence[tuple[float, float]], base: Vec3 = ORIGIN, *, sections: int = 20) -> "trimesh.Trimesh":
    """A solid of revolution around +Y from (radius, height) points listed bottom to top.

    The profile should start and end on the axis (radius 0) so the solid is closed.
    """
    import numpy as np
    import trimesh

    mesh = trimesh.creation.revolve(np.asarray(profile, dtype=float), sections=sections)
    return _place(_z_up_to_y_up(mesh), base)


def frustum(bottom_radius: float, top_radius: float, height: float, base: Vec3 = ORIGIN, *,
            sections: int = 20) -> "trimesh.Trimesh":
    """A truncated cone (a lamp shade, a bucket)."""
    profile = [(0.0, 0.0), (bottom_radius, 0.0), (top_radius, height), (0.0, height)]
    return lathe(profile, base, sections=sections)


def tapered_box(bottom: tuple[float, float], top: tuple[float, float], height: float,
                base: Vec3 = ORIGIN) -> "trimesh.Trimesh":
    """A box whose top face is ``top`` = (width, depth) instead of ``bottom``: a roof, a blade tip.

    A top of (w, ~0) gives a gable roof; (~0, ~0) gives a pyramid. Sizes of zero are nudged to
    a millimetre so no triangle degenerates.
    """
    import numpy as np
    import trimesh

    bw, bd = (max(v, 1e-3) / 2 for v in bottom)
    tw, td = (max(v, 1e-3) / 2 for v in top)
    vertices = np.array([
        [-bw, 0, -bd], [bw, 0, -bd], [bw, 0, bd], [-bw, 0, bd],
        [-tw, height, -td], [tw, height, -td], [tw, height, td], [-tw, height, td],
    ], dtype=float)
    faces = np.array([
        # counter-clockwise seen from outside, so normals point outwards
        [0, 1, 2], [0, 2, 3],  # bottom
        [4, 6, 5], [4, 7, 6],  # top
        [0, 4, 5], [0, 5, 1],  # back (-z)
        [1, 5, 6], [1, 6, 2],  # right (+x)
        [2, 6, 7], [2, 7, 3],  # front (+z)
        [3, 7, 4], [3, 4, 0],  # left (-x)
    ])
    return _place(trimesh.Trimesh(vertices=vertices, faces=faces), base)


def ellipsoid(radii: Vec3, base: Vec3 = ORIGIN, *, subdivisions: int = 2) -> "trimesh.Trimesh":
    """An icosphere stretched to ``radii`` = (x, y, z), resting on ``base`` (a body, a bush, a head)."""
    import numpy as np
    import trimesh

    mesh = trimesh.creation.icosphere(subdivisions=subdivisions, radius=1.0)
    mesh.apply_transform(np.diag([*radii, 1.0]))
    return _place(mesh, base)


def rod(start: Vec3, end: Vec3, radius: float, *, sections: int = 12) -> "trimesh.Trimesh":
    """A cylinder from ``start`` to ``end`` (a leg, an arm, a handle, a spoke), any direction."""
    import trimesh

    return trimesh.creation.cylinder(radius=radius, segment=[start, end], sections=sections)


def wheel(radius: float, width: float, centre: Vec3, *, sections: int = 20) -> "trimesh.Trimesh":
    """A wheel: a cylinder whose axle runs along X, centred on ``centre``."""
    x, y, z = centre
    return rod((x - width / 2, y, z), (x + width / 2, y, z), radius, sections=sections)


def turned(mesh: "trimesh.Trimesh", degrees: float, axis: Vec3 = (0.0, 1.0, 0.0),
           point: Vec3 = ORIGIN) -> "trimesh.Trimesh":
    """``mesh`` rotated by ``degrees`` about ``axis`` through ``point`` (in place; returned for chaining)."""
    import numpy as np
    from trimesh.transformations import rotation_matrix

    mesh.apply_transform(rotation_matrix(np.radians(degrees), axis, point))
    return mesh


def moved(mesh: "trimesh.Trimesh", offset: Vec3) -> "trimesh.Trimesh":
    """``mesh`` translated by ``offset`` (in place; returned for chaining)."""
    mesh.apply_translation(offset)
    return mesh


def prism(outline: Sequence[tuple[float, float]], depth: float, base: Vec3 = ORIGIN) -> "trimesh.Trimesh":
    """An upright slab: the convex 2D ``outline`` (x, y points, counter-clockwise) extruded ``depth``
    along Z and centred on z = 0, then moved by ``base`` (the outline keeps its own x, y).

    Shields, axe heads, sign boards and fins are outlines first; this keeps their builders readable.
    """
    import numpy as np
    import trimesh

    points = np.asarray(outline, dtype=float)
    n = len(points)
    front = np.c_[points, np.full(n, depth / 2)]
    back = np.c_[points, np.full(n, -depth / 2)]
    faces = [[0, i, i + 1] for i in range(1, n - 1)]  # front fan (convex outline)
    faces += [[n, n + i + 1, n + i] for i in range(1, n - 1)]  # back fan, reversed
    for i in range(n):
        j = (i + 1) % n
        faces += [[i, n + i, n + j], [i, n + j, j]]  # side quad, outward for a CCW outline
    mesh = trimesh.Trimesh(vertices=np.vstack([front, back]), faces=np.asarray(faces), process=False)
    mesh.apply_translation(base)
    return mesh
