"""Flat triangle soups with per-face materials, built from trimesh scenes (GLB files or the
mesh tool's composer) for the rasterizer and shader."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

import numpy as np

if TYPE_CHECKING:
    import trimesh

CREASE_COS = np.cos(np.radians(35.0))  # sharper edges than this keep flat face normals
DEFAULT_ALBEDO = (0.6, 0.6, 0.6)


@dataclass
class Geometry:
    """Triangles in world space. Colours are linear RGB; ``corner_normals`` give smooth shading."""

    vertices: np.ndarray  # (V, 3) float32
    faces: np.ndarray  # (F, 3) int64
    corner_normals: np.ndarray  # (F, 3, 3) float32
    albedo: np.ndarray  # (F, 3) float32 linear
    metallic: np.ndarray  # (F,) float32
    roughness: np.ndarray  # (F,) float32
    emissive: np.ndarray  # (F, 3) float32 linear
    textured: np.ndarray  # (F,) bool: shaded with the ground texture (hills)

    @property
    def face_count(self) -> int:
        return len(self.faces)

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        if not len(self.vertices):
            return np.zeros(3, np.float32), np.zeros(3, np.float32)
        return self.vertices.min(0), self.vertices.max(0)

    def transformed(self, matrix: np.ndarray) -> "Geometry":
        """A copy moved by a 4x4 ``matrix`` (rotation + translation)."""
        rot = matrix[:3, :3].astype(np.float32)
        vertices = self.vertices @ rot.T + matrix[:3, 3].astype(np.float32)
        normals = self.corner_normals @ rot.T
        return Geometry(vertices, self.faces, normals, self.albedo, self.metallic, self.roughness,
                        self.emissive, self.textured)

    def faces_subset(self, ids: np.ndarray) -> "Geometry":
        """The faces ``ids`` (repeats allowed) over the same vertices."""
        return Geometry(self.vertices, self.faces[ids], self.corner_normals[ids], self.albedo[ids], self.metallic[ids],
                        self.roughness[ids], self.emissive[ids], self.textured[ids])

    @staticmethod
    def concat(parts: Iterable["Geometry"]) -> "Geometry":
        items = [part for part in parts if part.face_count]
        if not items:
            return empty_geometry()
        offsets = np.cumsum([0] + [len(p.vertices) for p in items[:-1]])
        return Geometry(
            vertices=np.concatenate([p.vertices for p in items]).astype(np.float32),
            faces=np.concatenate([p.faces + off for p, off in zip(items, offsets)]),
            corner_normals=np.concatenate([p.corner_normals for p in items]).astype(np.float32),
            albedo=np.concatenate([p.albedo for p in items]).astype(np.float32),
            metallic=np.concatenate([p.metallic for p in items]).astype(np.float32),
            roughness=np.concatenate([p.roughness for p in items]).astype(np.float32),
            emissive=np.concatenate([p.emissive for p in items]).astype(np.float32),
            textured=np.concatenate([p.textured for p in items]),
        )


def empty_geometry() -> Geometry:
    return Geometry(np.zeros((0, 3), np.float32), np.zeros((0, 3), np.int64), np.zeros((0, 3, 3), np.float32),
                    np.zeros((0, 3), np.float32), np.zeros(0, np.float32), np.zeros(0, np.float32),
                    np.zeros((0, 3), np.float32), np.zeros(0, bool))


def from_arrays(vertices: np.ndarray, faces: np.ndarray, *, albedo: tuple[float, float, float] = DEFAULT_ALBEDO,
                metallic: float = 0.0, roughness: float = 0.8, emissive: tuple[float, float, float] = (0, 0, 0),
                textured: bool = False, smooth: bool = True) -> Geometry:
    """One single-material triangle mesh."""
    vertices = np.asarray(vertices, np.float32)
    faces = np.asarray(faces, np.int64)
    count = len(faces)
    return Geometry(
        vertices=vertices, faces=faces, corner_normals=corner_normals(vertices, faces, smooth=smooth),
        albedo=np.tile(np.asarray(albedo, np.float32), (count, 1)),
        metallic=np.full(count, metallic, np.float32), roughness=np.full(count, roughness, np.float32),
        emissive=np.tile(np.asarray(emissive, np.float32), (count, 1)), textured=np.full(count, textured),
    )


def corner_normals(vertices: np.ndarray, faces: np.ndarray, *, smooth: bool = True) -> np.ndarray:
    """Per-corner normals: area-weighted vertex normals, except across creases (box edges)."""
    tri = vertices[faces]
    cross = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    length = np.linalg.norm(cross, axis=1, keepdims=True)
    face_n = cross / np.maximum(length, 1e-12)
    corners = np.repeat(face_n[:, None, :], 3, axis=1)
    if not smooth or not len(faces):
        return corners.astype(np.float32)
    vertex_n = np.zeros_like(vertices, dtype=np.float64)
    for k in range(3):
        np.add.at(vertex_n, faces[:, k], cross)
    vertex_n /= np.maximum(np.linalg.norm(vertex_n, axis=1, keepdims=True), 1e-12)
    smooth_n = vertex_n[faces]
    use = (smooth_n * face_n[:, None, :]).sum(-1) > CREASE_COS
    corners[use] = smooth_n[use]
    return corners.astype(np.float32)


# A lit window at night: warm light from inside (linear RGB, above 1 so it reads as a light, not a paint)
WINDOW_LIGHT = (1.6, 1.0, 0.42)


def from_trimesh_scene(scene: "trimesh.Scene", *, lit_windows: bool = False) -> Geometry:
    """Every mesh of a trimesh scene in world space with its PBR base colour, metal and roughness; with
    ``lit_windows`` (a night scene) the windows of buildings glow warm, as lit rooms do."""
    parts = []
    for node in scene.graph.nodes_geometry:
        transform, geom_name = scene.graph[node]
        mesh = scene.geometry[geom_name]
        if not hasattr(mesh, "faces") or len(mesh.faces) == 0:
            continue
        vertices = np.asarray(mesh.vertices, np.float64) @ transform[:3, :3].T + transform[:3, 3]
        albedo, alpha, metallic, roughness, emissive, face_colours = _material_of(mesh)
        if lit_windows and str(node).rsplit("/", 1)[-1].startswith("window"):
            albedo, emissive = (0.9, 0.7, 0.35), WINDOW_LIGHT
        part = from_arrays(vertices, np.asarray(mesh.faces), albedo=albedo, metallic=metallic, roughness=roughness,
                           emissive=emissive)
        if face_colours is not None:
            part.albedo = face_colours
        if alpha < 1.0:  # no blending here: see-through parts read lighter
            part.albedo = part.albedo * alpha + (1 - alpha) * 0.8
        parts.append(part)
    return Geometry.concat(parts)


def _material_of(mesh: "trimesh.Trimesh") -> tuple[tuple[float, float, float], float, float, float,
                                                     tuple[float, float, float], np.ndarray | None]:
    visual = getattr(mesh, "visual", None)
    material = getattr(visual, "material", None)
    albedo, alpha, metallic, roughness, emissive = DEFAULT_ALBEDO, 1.0, 0.0, 0.7, (0.0, 0.0, 0.0)
    face_colours = None
    if material is not None:
        base = getattr(material, "baseColorFactor", None)
        is_srgb = False
        if base is None and hasattr(material, "diffuse"):
            base, is_srgb = material.diffuse, True  # an OBJ/MTL diffuse colour is sRGB
        if base is not None:
            rgba = np.asarray(base, np.float64)
            if rgba.max() > 1.0:  # stored as uint8 (trimesh keeps glTF's factors so)
                rgba = rgba / 255.0
                if is_srgb:
                    # a glTF baseColorFactor is linear already: linearising it again darkened every colour and
                    # pushed hues (orange drew red, light blue drew teal-green)
                    rgba[:3] = srgb_to_linear(rgba[:3])
            albedo, alpha = tuple(float(c) for c in rgba[:3]), float(rgba[3]) if len(rgba) > 3 else 1.0
        texture = getattr(material, "baseColorTexture", None)
        if texture is not None and base is None:
            mean = np.asarray(texture.convert("RGB"), np.float64).reshape(-1, 3).mean(0) / 255.0
            albedo = tuple(float(c) for c in srgb_to_linear(mean))
        metallic = float(getattr(material, "metallicFactor", None) or 0.0)
        rough = getattr(material, "roughnessFactor", None)
        roughness = float(rough) if rough is not None else 0.7
        glow = getattr(material, "emissiveFactor", None)
        if glow is not None:
            emissive = tuple(float(c) for c in np.asarray(glow, np.float64)[:3])
    elif visual is not None and getattr(visual, "kind", None) in ("face", "vertex"):
        colours = np.asarray(visual.face_colors, np.float64)[:, :3] / 255.0
        face_colours = srgb_to_linear(colours).astype(np.float32)
    return albedo, alpha, metallic, roughness, emissive, face_colours


def srgb_to_linear(values: np.ndarray) -> np.ndarray:
    values = np.asarray(values, np.float64)
    return np.where(values <= 0.04045, values / 12.92, ((values + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(values: np.ndarray) -> np.ndarray:
    values = np.clip(values, 0.0, 1.0)
    return np.where(values <= 0.0031308, values * 12.92, 1.055 * np.power(values, 1 / 2.4) - 0.055)
