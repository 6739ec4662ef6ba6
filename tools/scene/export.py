"""Write a composed scene as GLB (glTF 2.0 binary), and optionally as OBJ + MTL.

glTF is +Y up and metres, which is how the composer builds, so coordinates are written as
they are. OBJ has no PBR standard; the MTL carries the common ``Kd``/``d`` plus the widely read
``Pr``/``Pm`` (roughness/metallic) extension so Blender and most viewers keep the look.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import trimesh


ARRAY_BUFFER, ELEMENT_ARRAY_BUFFER = 34962, 34963


def write_glb(scene: "trimesh.Scene", path: Path) -> int:
    """Export ``scene`` to ``path`` as GLB; returns the number of bytes written."""
    # normals are written: the composer decides smooth vs hard edges per part (compose.smooth_shaded)
    data = with_buffer_view_targets(scene.export(file_type="glb", include_normals=True))
    path.write_bytes(data)
    return len(data)


def with_buffer_view_targets(glb: bytes) -> bytes:
    """Set ``bufferView.target`` (vertex vs index data), which trimesh leaves out.

    The Khronos glTF validator hints about every missing target, and some loaders use it to
    pick GPU buffer types. A view shared by vertex and index data is left alone. Any GLB this
    function does not understand is returned unchanged.
    """
    magic, version, _ = struct.unpack_from("<4sII", glb, 0)
    json_length, json_type = struct.unpack_from("<I4s", glb, 12)
    if magic != b"glTF" or version != 2 or json_type != b"JSON":
        return glb
    document = json.loads(glb[20:20 + json_length])
    accessors, views = document.get("accessors", []), document.get("bufferViews", [])
    wanted: dict[int, set[int]] = {}
    for mesh in document.get("meshes", []):
        for primitive in mesh.get("primitives", []):
            for accessor in primitive.get("attributes", {}).values():
                wanted.setdefault(accessors[accessor].get("bufferView", -1), set()).add(ARRAY_BUFFER)
            if "indices" in primitive:
                view = accessors[primitive["indices"]].get("bufferView", -1)
                wanted.setdefault(view, set()).add(ELEMENT_ARRAY_BUFFER)
    for index, targets in wanted.items():
        if 0 <= index < len(views) and len(targets) == 1 and "byteStride" not in views[index]:
            views[index]["target"] = targets.pop()
    text = json.dumps(document, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 4)  # chunks are 4-byte aligned, JSON padded with spaces
    rest = glb[20 + json_length:]
    body = struct.pack("<I4s", len(text), b"JSON") + text + rest
    return struct.pack("<4sII", b"glTF", 2, 12 + len(body)) + body


def write_obj(scene: "trimesh.Scene", path: Path) -> Path:
    """Export ``scene`` as ``path`` (OBJ, world coordinates, one ``o`` per part) and a sibling MTL.

    Returns the MTL path. Written by hand because trimesh merges materials into a texture atlas
    when it flattens a scene to OBJ, which loses the per-part PBR values.
    """
    import numpy as np

    mtl_path = path.with_suffix(".mtl")
    obj_lines = ["# Atelier embedded mesh composer; metres, +Y up", f"mtllib {mtl_path.name}"]
    materials: dict[str, object] = {}
    first_vertex = 1
    for node in scene.graph.nodes_geometry:
        matrix, geometry_name = scene.graph[node]
        mesh = scene.geometry[geometry_name]
        material = getattr(mesh.visual, "material", None)
        material_name = getattr(material, "name", None) or "default"
        materials.setdefault(material_name, material)
        vertices = np.c_[mesh.vertices, np.ones(len(mesh.vertices))] @ np.asarray(matrix).T
        obj_lines.append(f"o {node}")
        obj_lines.append(f"usemtl {material_name}")
        obj_lines.extend(f"v {x:.5f} {y:.5f} {z:.5f}" for x, y, z in vertices[:, :3])
        obj_lines.extend(f"f {a + first_vertex} {b + first_vertex} {c + first_vertex}" for a, b, c in mesh.faces)
        first_vertex += len(mesh.vertices)
    path.write_text("\n".join(obj_lines) + "\n", encoding="utf-8")
    mtl_path.write_text(_mtl(materials), encoding="utf-8")
    return mtl_path


def _mtl(materials: dict[str, object]) -> str:
    lines = ["# Atelier embedded mesh composer"]
    for name, material in materials.items():
        factor = getattr(material, "baseColorFactor", None)
        colour = [200, 200, 200, 255] if factor is None else [float(c) for c in factor]
        # trimesh stores the factor as 0-255 integers; MTL wants 0-1 floats
        r, g, b, a = (c / 255.0 for c in colour)
        metallic = getattr(material, "metallicFactor", None)
        roughness = getattr(material, "roughnessFactor", None)
        lines += [
            f"newmtl {name}",
            f"Kd {r:.4f} {g:.4f} {b:.4f}",
            f"d {a:.4f}",
            f"Pr {0.5 if roughness is None else roughness:.3f}",
            f"Pm {0.0 if metallic is None else metallic:.3f}",
            "",
        ]
    return "\n".join(lines)
