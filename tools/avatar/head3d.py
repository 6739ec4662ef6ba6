"""A GLB talking head: a stylised head whose mouth has ARKit-named morph targets, animated by
the viseme track's blendshape curves (glTF animation channel with path ``weights``).

Metres, Y up, facing +Z (glTF conventions). Morph target names are in ``mesh.extras.targetNames``
(the convention three.js, Babylon.js, Blender and Unity's glTFast read), so an engine can also
drive the same targets live from a streamed viseme track. The audio travels beside the GLB as WAV.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from tools.speech.visemes import ARKIT_SHAPES

R = 0.11          # head radius (m)
N_LAT, N_LON = 44, 56
MOUTH_UY = -0.42  # mouth line height on the unit sphere
MOUTH_HALF_PHI = 0.42


def _smooth(edge0: float, edge1: float, x: np.ndarray) -> np.ndarray:
    t = np.clip((x - edge0) / (edge1 - edge0), 0.0, 1.0)
    return t * t * (3 - 2 * t)


def _sphere(n_lat: int, n_lon: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unit lat-long sphere: vertices (with single pole vertices), row index per vertex, and the grid."""
    verts = [np.array([0.0, 1.0, 0.0])]
    rows = [0]
    grid = np.zeros((n_lat + 1, n_lon), dtype=np.int64)
    for i in range(1, n_lat):
        theta = np.pi * i / n_lat
        for j in range(n_lon):
            phi = 2 * np.pi * j / n_lon
            grid[i, j] = len(verts)
            verts.append(np.array([np.sin(theta) * np.sin(phi), np.cos(theta), np.sin(theta) * np.cos(phi)]))
            rows.append(i)
    grid[n_lat, :] = len(verts)
    verts.append(np.array([0.0, -1.0, 0.0]))
    rows.append(n_lat)
    return np.array(verts), np.array(rows), grid


def _normals(positions: np.ndarray, faces: np.ndarray) -> np.ndarray:
    normals = np.zeros_like(positions)
    tri = positions[faces]
    face_normals = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    for corner in range(3):
        np.add.at(normals, faces[:, corner], face_normals)
    length = np.linalg.norm(normals, axis=1, keepdims=True)
    length[length == 0] = 1.0
    return (normals / length).astype(np.float32)


def build_head() -> dict[str, Any]:
    """Head geometry, its morph targets (one per ARKit shape) and the mouth interior's targets."""
    unit, rows, grid = _sphere(N_LAT, N_LON)
    mouth_row = int(round(np.degrees(np.arccos(MOUTH_UY)) / (180.0 / N_LAT)))
    phis = 2 * np.pi * np.arange(N_LON) / N_LON
    wrapped = np.where(phis > np.pi, phis - 2 * np.pi, phis)
    slit_cols = {j for j in range(N_LON) if abs(wrapped[j]) < MOUTH_HALF_PHI and abs(wrapped[(j + 1) % N_LON]) < MOUTH_HALF_PHI}

    faces: list[tuple[int, int, int]] = []
    for i in range(N_LAT):
        for j in range(N_LON):
            j2 = (j + 1) % N_LON
            a, b, c, d = grid[i, j], grid[i, j2], grid[i + 1, j], grid[i + 1, j2]
            if i == mouth_row and j in slit_cols:
                continue  # the mouth opening between the upper and the lower lip
            if i == 0:
                faces.append((a, c, d))
            elif i == N_LAT - 1:
                faces.append((a, c, b))
            else:
                faces.extend([(a, c, b), (b, c, d)])
    faces_arr = np.array(faces, dtype=np.uint32)

    ux, uy, uz = unit[:, 0], unit[:, 1], unit[:, 2]
    # head shape: narrower than deep, a tapering jaw, a nose
    taper = np.where(uy < 0, 1 - 0.22 * (-uy), 1.0)
    pos = np.stack([ux * 0.76 * taper, uy * 1.05, uz * 0.9 * np.where(uy < 0, 1 - 0.08 * (-uy), 1.0)], axis=1) * R
    nose = 0.14 * np.exp(-((ux / 0.1) ** 2 + ((uy + 0.12) / 0.16) ** 2)) * (uz > 0)
    pos[:, 2] += nose * R
    # close the lips at rest: the lower-lip row is pulled up onto the upper-lip row
    lower_lip = (rows == mouth_row + 1) & (uz > 0)
    side = np.abs(np.arctan2(ux, uz))
    lip_span = np.clip(1 - side / (MOUTH_HALF_PHI * 1.15), 0, 1)
    upper_idx = {int(grid[mouth_row + 1, j]): int(grid[mouth_row, j]) for j in range(N_LON)}
    for v in np.nonzero(lower_lip & (lip_span > 0))[0]:
        u = upper_idx[int(v)]
        blend = _smooth(0.0, 0.35, np.array(lip_span[v]))
        pos[v] = pos[v] * (1 - blend) + (pos[u] - np.array([0, 0.0012, 0])) * blend

    front = _smooth(-0.1, 0.5, uz)
    mouth_d = np.sqrt((ux / 0.42) ** 2 + ((uy - MOUTH_UY) / 0.22) ** 2)
    lip = np.clip(1 - mouth_d, 0, 1) * _smooth(0.3, 0.7, uz)
    is_lower = rows > mouth_row
    is_upper = ~is_lower
    left = _smooth(0.04, 0.25, ux) * lip   # the character's left is +X when it faces +Z
    right = _smooth(0.04, 0.25, -ux) * lip

    def jaw_delta(points: np.ndarray, weight: np.ndarray, angle: float = 0.32) -> np.ndarray:
        pivot = np.array([0.0, MOUTH_UY * R + 0.02, -0.25 * R])
        rel = points - pivot
        a = angle * weight
        y = rel[:, 1] * np.cos(a) - rel[:, 2] * np.sin(a)
        z = rel[:, 1] * np.sin(a) + rel[:, 2] * np.cos(a)
        return np.stack([np.zeros_like(y), y - rel[:, 1], z - rel[:, 2]], axis=1)

    jaw_w = is_lower * _smooth(-0.6, 0.1, uz) * np.where(rows >= N_LAT - 2, 0.0, 1.0)
    col = lambda *c: np.stack(c, axis=1) * R  # noqa: E731
    zero = np.zeros(len(pos))
    targets: dict[str, np.ndarray] = {
        "jawOpen": jaw_delta(pos, jaw_w),
        "mouthClose": col(zero, 0.08 * lip * is_lower, zero),
        "mouthFunnel": col(-0.25 * ux * lip, 0.05 * lip * np.where(is_upper, 1, -1), 0.1 * lip),
        "mouthPucker": col(-0.45 * ux * lip, zero, 0.16 * lip),
        "mouthSmileLeft": col(0.04 * left, 0.07 * left, -0.03 * left),
        "mouthSmileRight": col(-0.04 * right, 0.07 * right, -0.03 * right),
        "mouthStretchLeft": col(0.08 * left, -0.02 * left, -0.01 * left),
        "mouthStretchRight": col(-0.08 * right, -0.02 * right, -0.01 * right),
        "mouthRollLower": col(zero, 0.03 * lip * is_lower, -0.05 * lip * is_lower),
        "mouthRollUpper": col(zero, -0.03 * lip * is_upper, -0.05 * lip * is_upper),
        "mouthPressLeft": col(zero, 0.015 * left * np.where(is_upper, -1, 1), -0.015 * left),
        "mouthPressRight": col(zero, 0.015 * right * np.where(is_upper, -1, 1), -0.015 * right),
        "mouthLowerDownLeft": col(zero, -0.07 * left * is_lower, zero),
        "mouthLowerDownRight": col(zero, -0.07 * right * is_lower, zero),
        "mouthUpperUpLeft": col(zero, 0.06 * left * is_upper, zero),
        "mouthUpperUpRight": col(zero, 0.06 * right * is_upper, zero),
        "tongueOut": col(zero, zero, zero),
    }
    del front

    # mouth interior: a dark ellipsoid just inside the lips, with a tongue bulge that tongueOut pushes out
    iu, irows, igrid = _sphere(12, 16)
    centre = np.array([0.0, MOUTH_UY * R * 1.05 - 0.004, 0.5 * R])
    inner = iu * np.array([0.22 * R, 0.1 * R, 0.2 * R]) + centre
    ifaces = []
    for i in range(12):
        for j in range(16):
            j2 = (j + 1) % 16
            a, b, c, d = igrid[i, j], igrid[i, j2], igrid[i + 1, j], igrid[i + 1, j2]
            if i == 0:
                ifaces.append((a, c, d))
            elif i == 11:
                ifaces.append((a, c, b))
            else:
                ifaces.extend([(a, c, b), (b, c, d)])
    ilower = iu[:, 1] < 0
    inner_targets = {name: np.zeros_like(inner) for name in ARKIT_SHAPES}
    inner_targets["jawOpen"] = jaw_delta(inner, ilower.astype(float) * 0.8)
    tongue = np.clip(iu[:, 2], 0, 1) * _smooth(0.2, -0.4, iu[:, 1])
    inner_targets["tongueOut"] = np.stack([zero[:len(iu)], zero[:len(iu)], 0.35 * R * tongue], axis=1)

    return {
        "skin": (pos.astype(np.float32), faces_arr, {k: v.astype(np.float32) for k, v in targets.items()}),
        "mouth": (inner.astype(np.float32), np.array(ifaces, dtype=np.uint32),
                  {k: v.astype(np.float32) for k, v in inner_targets.items()}),
    }


def _eye(centre: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    unit, rows, grid = _sphere(10, 14)
    faces = []
    for i in range(10):
        for j in range(14):
            j2 = (j + 1) % 14
            a, b, c, d = grid[i, j], grid[i, j2], grid[i + 1, j], grid[i + 1, j2]
            faces.extend([(a, c, d)] if i == 0 else [(a, c, b)] if i == 9 else [(a, c, b), (b, c, d)])
    white = unit * 0.018 + centre
    iris = unit * np.array([0.009, 0.009, 0.004]) + centre + np.array([0, 0, 0.0165])
    return white.astype(np.float32), np.array(faces, np.uint32), iris.astype(np.float32), np.array(faces, np.uint32)


class _Blob:
    """Accumulates buffer views and accessors for one GLB binary chunk."""

    def __init__(self, gltf: Any) -> None:
        self.gltf = gltf
        self.data = bytearray()

    def add(self, array: np.ndarray, *, kind: str, target: int | None = None, bounds: bool = False) -> int:
        import pygltflib as g

        array = np.ascontiguousarray(array)
        while len(self.data) % 4:
            self.data.append(0)
        offset = len(self.data)
        self.data.extend(array.tobytes())
        self.gltf.bufferViews.append(g.BufferView(buffer=0, byteOffset=offset, byteLength=array.nbytes, target=target))
        component = g.UNSIGNED_INT if array.dtype == np.uint32 else g.FLOAT
        count = array.shape[0] if kind != "SCALAR" else array.size
        accessor = g.Accessor(bufferView=len(self.gltf.bufferViews) - 1, componentType=component, count=int(count),
                              type=kind)
        if bounds:
            flat = array.reshape(int(count), -1)
            accessor.min = [float(x) for x in flat.min(axis=0)]
            accessor.max = [float(x) for x in flat.max(axis=0)]
        self.gltf.accessors.append(accessor)
        return len(self.gltf.accessors) - 1


def write_head_glb(path: Path, *, times: np.ndarray, weights: np.ndarray, audio_file: str | None,
                   viseme_file: str | None = None) -> Path:
    """Write the head with its morph targets and one animation ("talk") from ``weights``
    (frames x len(ARKIT_SHAPES)) at ``times`` (seconds)."""
    import pygltflib as g

    head = build_head()
    gltf = g.GLTF2(asset=g.Asset(version="2.0", generator="atelier avatar"))
    gltf.scene = 0
    blob = _Blob(gltf)
    materials = [("skin", [0.93, 0.74, 0.62, 1.0], 0.65), ("mouth", [0.35, 0.08, 0.1, 1.0], 0.5),
                 ("eye", [0.96, 0.96, 0.94, 1.0], 0.2), ("iris", [0.18, 0.3, 0.16, 1.0], 0.15)]
    for name, colour, rough in materials:
        gltf.materials.append(g.Material(name=name, pbrMetallicRoughness=g.PbrMetallicRoughness(
            baseColorFactor=colour, metallicFactor=0.0, roughnessFactor=rough)))

    primitives = []
    for material, key in ((0, "skin"), (1, "mouth")):
        positions, faces, targets = head[key]
        attrs = g.Attributes(POSITION=blob.add(positions, kind="VEC3", target=g.ARRAY_BUFFER, bounds=True),
                             NORMAL=blob.add(_normals(positions, faces.astype(np.int64)), kind="VEC3", target=g.ARRAY_BUFFER))
        target_refs = [{"POSITION": blob.add(targets[name], kind="VEC3", target=g.ARRAY_BUFFER, bounds=True)}
                       for name in ARKIT_SHAPES]
        primitives.append(g.Primitive(attributes=attrs, indices=blob.add(faces.reshape(-1), kind="SCALAR",
                                                                          target=g.ELEMENT_ARRAY_BUFFER),
                                      material=material, targets=target_refs, mode=g.TRIANGLES))
    gltf.meshes.append(g.Mesh(name="head", primitives=primitives, weights=[0.0] * len(ARKIT_SHAPES),
                              extras={"targetNames": list(ARKIT_SHAPES)}))
    eye_meshes = []
    for side, x in (("left", 0.036), ("right", -0.036)):
        white, wf, iris, irf = _eye(np.array([x, 0.018, 0.072]))
        eye_prims = []
        for material, (verts, faces) in ((2, (white, wf)), (3, (iris, irf))):
            eye_prims.append(g.Primitive(
                attributes=g.Attributes(POSITION=blob.add(verts, kind="VEC3", target=g.ARRAY_BUFFER, bounds=True),
                                        NORMAL=blob.add(_normals(verts, faces.astype(np.int64)), kind="VEC3",
                                                        target=g.ARRAY_BUFFER)),
                indices=blob.add(faces.reshape(-1), kind="SCALAR", target=g.ELEMENT_ARRAY_BUFFER), material=material))
        gltf.meshes.append(g.Mesh(name=f"eye_{side}", primitives=eye_prims))
        eye_meshes.append(len(gltf.meshes) - 1)
    gltf.nodes.append(g.Node(name="head", mesh=0, children=[1, 2]))
    gltf.nodes.append(g.Node(name="eye_left", mesh=eye_meshes[0]))
    gltf.nodes.append(g.Node(name="eye_right", mesh=eye_meshes[1]))
    gltf.scenes.append(g.Scene(name="avatar", nodes=[0], extras={"audio": audio_file, "visemes": viseme_file}))

    times = np.asarray(times, dtype=np.float32)
    weights = np.asarray(weights, dtype=np.float32).reshape(len(times), len(ARKIT_SHAPES))
    t_acc = blob.add(times, kind="SCALAR", bounds=True)
    w_acc = blob.add(weights.reshape(-1), kind="SCALAR")
    gltf.animations.append(g.Animation(
        name="talk", samplers=[g.AnimationSampler(input=t_acc, output=w_acc, interpolation="LINEAR")],
        channels=[g.AnimationChannel(sampler=0, target=g.AnimationChannelTarget(node=0, path="weights"))],
        extras={"audio": audio_file},
    ))
    while len(blob.data) % 4:
        blob.data.append(0)
    gltf.buffers.append(g.Buffer(byteLength=len(blob.data)))
    gltf.set_binary_blob(bytes(blob.data))
    gltf.save_binary(str(path))
    return path
