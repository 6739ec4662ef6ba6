"""An animated, skinned character as GLB (glTF 2.0): the built-in skeleton as a joint hierarchy,
a segmented low-poly body skinned rigidly to it, and one animation with a rotation channel per
joint plus the root translation.

Rigid skinning (each vertex follows exactly one joint, weight 1.0) keeps the file simple and
valid; the body is made of tapered prisms per bone and an ellipsoid head, in four PBR
materials (skin, shirt, trousers, shoes). Metres, +Y up, facing +Z, like the mesh tool.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np

from tools.scene.materials import srgb_to_linear
from tools.motion.skeleton import INDEX, JOINTS, NAMES, PARENTS, rest_positions

ARRAY_BUFFER, ELEMENT_ARRAY_BUFFER = 34962, 34963
FLOAT, UNSIGNED_BYTE, UNSIGNED_SHORT = 5126, 5121, 5123

MATERIALS = {"skin": "#e0ac8a", "shirt": "#3b6ea8", "trousers": "#3a3f4a", "shoes": "#2a1d16"}

# (joint skinned to, from joint, to joint or offset, radius at start, radius at end, material)
_SEGMENTS: tuple[tuple[str, str, str, float, float, str], ...] = (
    ("Hips", "Hips", "Spine", 0.14, 0.13, "trousers"),
    ("Spine", "Spine", "Spine1", 0.13, 0.135, "shirt"),
    ("Spine1", "Spine1", "Spine2", 0.135, 0.15, "shirt"),
    ("Spine2", "Spine2", "Neck", 0.15, 0.11, "shirt"),
    ("Neck", "Neck", "Head", 0.045, 0.045, "skin"),
    ("LeftShoulder", "LeftShoulder", "LeftArm", 0.06, 0.055, "shirt"),
    ("LeftArm", "LeftArm", "LeftForeArm", 0.05, 0.042, "shirt"),
    ("LeftForeArm", "LeftForeArm", "LeftHand", 0.04, 0.032, "skin"),
    ("LeftHand", "LeftHand", "LeftHandIndex1", 0.034, 0.03, "skin"),
    ("LeftHandIndex1", "LeftHandIndex1", "@end", 0.018, 0.012, "skin"),
    ("RightShoulder", "RightShoulder", "RightArm", 0.06, 0.055, "shirt"),
    ("RightArm", "RightArm", "RightForeArm", 0.05, 0.042, "shirt"),
    ("RightForeArm", "RightForeArm", "RightHand", 0.04, 0.032, "skin"),
    ("RightHand", "RightHand", "RightHandIndex1", 0.034, 0.03, "skin"),
    ("RightHandIndex1", "RightHandIndex1", "@end", 0.018, 0.012, "skin"),
    ("LeftUpLeg", "LeftUpLeg", "LeftLeg", 0.075, 0.055, "trousers"),
    ("LeftLeg", "LeftLeg", "LeftFoot", 0.052, 0.04, "trousers"),
    ("LeftFoot", "LeftFoot", "LeftToeBase", 0.045, 0.04, "shoes"),
    ("LeftToeBase", "LeftToeBase", "@end", 0.04, 0.03, "shoes"),
    ("RightUpLeg", "RightUpLeg", "RightLeg", 0.075, 0.055, "trousers"),
    ("RightLeg", "RightLeg", "RightFoot", 0.052, 0.04, "trousers"),
    ("RightFoot", "RightFoot", "RightToeBase", 0.045, 0.04, "shoes"),
    ("RightToeBase", "RightToeBase", "@end", 0.04, 0.03, "shoes"),
)


def _prism(a: np.ndarray, b: np.ndarray, ra: float, rb: float, sides: int = 10):
    """A capped, tapered prism from ``a`` to ``b``: (positions, normals, triangles)."""
    axis = b - a
    length = float(np.linalg.norm(axis))
    axis = axis / length
    helper = np.array([0.0, 0.0, 1.0]) if abs(axis[2]) < 0.9 else np.array([1.0, 0.0, 0.0])
    u = np.cross(axis, helper)
    u /= np.linalg.norm(u)
    v = np.cross(axis, u)
    angles = np.linspace(0.0, 2 * np.pi, sides, endpoint=False)
    ring = np.cos(angles)[:, None] * u + np.sin(angles)[:, None] * v  # [S, 3]
    slope = (ra - rb) / length
    side_normals = ring + slope * axis
    side_normals /= np.linalg.norm(side_normals, axis=1, keepdims=True)
    positions = [a + ra * ring, b + rb * ring, a + ra * ring, b + rb * ring, a[None], b[None]]
    normals = [side_normals, side_normals, np.tile(-axis, (sides, 1)), np.tile(axis, (sides, 1)),
               -axis[None], axis[None]]
    s = sides
    tris = []
    for i in range(s):
        j = (i + 1) % s
        tris += [(i, j, s + j), (i, s + j, s + i)]  # sides, counter-clockwise from outside
        tris += [(4 * s, 2 * s + j, 2 * s + i)]  # cap at a
        tris += [(4 * s + 1, 3 * s + i, 3 * s + j)]  # cap at b
    return np.concatenate(positions), np.concatenate(normals), np.array(tris)


def _ellipsoid(centre: np.ndarray, radii: tuple[float, float, float], rings: int = 8, sides: int = 12):
    phi = np.linspace(0.0, np.pi, rings + 1)
    theta = np.linspace(0.0, 2 * np.pi, sides, endpoint=False)
    unit = np.stack([np.sin(phi)[:, None] * np.cos(theta)[None], np.cos(phi)[:, None] * np.ones_like(theta)[None],
                     np.sin(phi)[:, None] * np.sin(theta)[None]], axis=-1).reshape(-1, 3)
    r = np.array(radii)
    positions = centre + unit * r
    normals = unit / r
    normals /= np.linalg.norm(normals, axis=1, keepdims=True)
    tris = []
    for i in range(rings):
        for k in range(sides):
            a, b = i * sides + k, i * sides + (k + 1) % sides
            c, d = a + sides, b + sides
            tris += [(a, b, d), (a, d, c)]
    tris = np.array(tris)
    # drop the degenerate triangles at the poles (all ring vertices coincide there)
    area = np.linalg.norm(np.cross(positions[tris[:, 1]] - positions[tris[:, 0]],
                                   positions[tris[:, 2]] - positions[tris[:, 0]]), axis=1)
    return positions, normals, tris[area > 1e-10]


def body_parts() -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """Per material: (positions, normals, joint index per vertex, triangles) in the rest pose."""
    rest = rest_positions()
    parts: dict[str, list] = {name: [] for name in MATERIALS}
    for joint, start, end, ra, rb, material in _SEGMENTS:
        a = rest[INDEX[start]]
        if end == "@end":
            b = a + np.array(JOINTS[INDEX[start]].end_site or (0.0, 0.05, 0.0))
        else:
            b = rest[INDEX[end]]
        parts[material].append((*_prism(a, b, ra, rb), INDEX[joint]))
    head = rest[INDEX["Head"]] + np.array([0.0, 0.09, 0.01])
    parts["skin"].append((*_ellipsoid(head, (0.085, 0.115, 0.1)), INDEX["Head"]))
    out = {}
    for material, pieces in parts.items():
        positions, normals, joints, tris, base = [], [], [], [], 0
        for p, n, t, j in pieces:
            positions.append(p)
            normals.append(n)
            joints.append(np.full(len(p), j))
            tris.append(t + base)
            base += len(p)
        out[material] = (np.concatenate(positions), np.concatenate(normals), np.concatenate(joints),
                         np.concatenate(tris))
    return out


class _Buffer:
    def __init__(self) -> None:
        self.data = bytearray()
        self.views: list[dict] = []
        self.accessors: list[dict] = []

    def add(self, array: np.ndarray, *, component: int, kind: str, target: int | None = None,
            minmax: bool = False) -> int:
        while len(self.data) % 4:
            self.data.append(0)
        raw = array.tobytes()
        view = {"buffer": 0, "byteOffset": len(self.data), "byteLength": len(raw)}
        if target is not None:
            view["target"] = target
        self.data.extend(raw)
        self.views.append(view)
        count = array.shape[0]
        accessor = {"bufferView": len(self.views) - 1, "componentType": component, "count": int(count), "type": kind}
        if minmax:
            flat = array.reshape(count, -1)
            accessor["min"] = [float(x) for x in flat.min(axis=0)]
            accessor["max"] = [float(x) for x in flat.max(axis=0)]
        self.accessors.append(accessor)
        return len(self.accessors) - 1


def write_glb(path: Path, rotations: np.ndarray, root: np.ndarray, fps: int, *, name: str = "motion") -> dict:
    """Write the skinned, animated character; returns a small summary for the artifact meta."""
    rest = rest_positions()
    buffer = _Buffer()
    joint_nodes = list(range(1, 1 + len(NAMES)))  # node 0 is the skinned mesh
    nodes: list[dict] = [{"name": "Character", "mesh": 0, "skin": 0}]
    for j, joint in enumerate(JOINTS):
        node: dict = {"name": joint.name, "translation": [float(c) for c in (root[0] if j == 0 else joint.offset)]}
        kids = [1 + c for c, parent in enumerate(PARENTS) if parent == j]
        if kids:
            node["children"] = kids
        nodes.append(node)
    materials, primitives = [], []
    triangles = 0
    for index, (material, (positions, normals, joints, tris)) in enumerate(body_parts().items()):
        r, g, b = srgb_to_linear(MATERIALS[material])
        materials.append({"name": material, "pbrMetallicRoughness": {
            "baseColorFactor": [r, g, b, 1.0], "metallicFactor": 0.0, "roughnessFactor": 0.8}})
        joint4 = np.zeros((len(positions), 4), dtype=np.uint8)
        joint4[:, 0] = joints
        weight4 = np.zeros((len(positions), 4), dtype=np.float32)
        weight4[:, 0] = 1.0
        primitives.append({
            "attributes": {
                "POSITION": buffer.add(positions.astype(np.float32), component=FLOAT, kind="VEC3",
                                       target=ARRAY_BUFFER, minmax=True),
                "NORMAL": buffer.add(normals.astype(np.float32), component=FLOAT, kind="VEC3", target=ARRAY_BUFFER),
                "JOINTS_0": buffer.add(joint4, component=UNSIGNED_BYTE, kind="VEC4", target=ARRAY_BUFFER),
                "WEIGHTS_0": buffer.add(weight4, component=FLOAT, kind="VEC4", target=ARRAY_BUFFER),
            },
            "indices": buffer.add(tris.astype(np.uint16).reshape(-1), component=UNSIGNED_SHORT, kind="SCALAR",
                                  target=ELEMENT_ARRAY_BUFFER),
            "material": index,
        })
        triangles += len(tris)
    inverse_bind = np.tile(np.eye(4, dtype=np.float32), (len(NAMES), 1, 1))
    inverse_bind[:, :3, 3] = -rest
    ibm = buffer.add(inverse_bind.transpose(0, 2, 1).copy(), component=FLOAT, kind="MAT4")  # column-major
    frames = len(rotations)
    times = (np.arange(frames) / fps).astype(np.float32)
    time_accessor = buffer.add(times, component=FLOAT, kind="SCALAR", minmax=True)
    samplers, channels = [], []
    rot = rotations.astype(np.float32)
    rot /= np.linalg.norm(rot, axis=-1, keepdims=True)
    for j in range(len(NAMES)):
        output = buffer.add(np.ascontiguousarray(rot[:, j]), component=FLOAT, kind="VEC4")
        samplers.append({"input": time_accessor, "output": output, "interpolation": "LINEAR"})
        channels.append({"sampler": len(samplers) - 1, "target": {"node": joint_nodes[j], "path": "rotation"}})
    translation = buffer.add(root.astype(np.float32), component=FLOAT, kind="VEC3")
    samplers.append({"input": time_accessor, "output": translation, "interpolation": "LINEAR"})
    channels.append({"sampler": len(samplers) - 1, "target": {"node": joint_nodes[0], "path": "translation"}})
    document = {
        "asset": {"version": "2.0", "generator": "Atelier motion tool (embedded)"},
        "scene": 0,
        "scenes": [{"name": name, "nodes": [0, joint_nodes[0]]}],
        "nodes": nodes,
        "meshes": [{"name": "Character", "primitives": primitives}],
        "materials": materials,
        "skins": [{"name": "Armature", "joints": joint_nodes, "skeleton": joint_nodes[0], "inverseBindMatrices": ibm}],
        "animations": [{"name": name, "samplers": samplers, "channels": channels}],
        "accessors": buffer.accessors,
        "bufferViews": buffer.views,
        "buffers": [{"byteLength": 0}],
    }
    while len(buffer.data) % 4:
        buffer.data.append(0)
    document["buffers"][0]["byteLength"] = len(buffer.data)
    text = json.dumps(document, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 4)
    body = struct.pack("<I4s", len(text), b"JSON") + text + struct.pack("<I4s", len(buffer.data), b"BIN\x00")
    body += bytes(buffer.data)
    path.write_bytes(struct.pack("<4sII", b"glTF", 2, 12 + len(body)) + body)
    return {"joints": len(NAMES), "triangles": int(triangles), "frames": frames, "animation": name,
            "skinning": "rigid (one joint per vertex)"}
