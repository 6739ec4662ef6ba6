"""A stage to render: the mesh tool's composed objects, scenery, a hill, and the environment.

The subject comes from the mesh tool's composer (``tools.scene.prompt.parse_prompt`` and
``tools.scene.compose.compose_scene``); scene words ("at sunset", "snowy", "forest", "on a hill")
go to :class:`~tools.render.environment.Environment` instead, and words that describe the
medium ("a picture of", "a spinning", "a short video") are dropped. A noun the composer does not
know stays a labelled placeholder box, as in the mesh tool: the render shows it honestly.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from tools.render.camera import Camera
from tools.render.environment import Environment, scene_words
from tools.render.geometry import Geometry, empty_geometry, from_arrays, from_trimesh_scene

MEDIUM_WORDS = {
    "picture", "pictures", "image", "images", "photo", "photos", "photograph", "drawing", "draw", "paint", "painting",
    "render", "rendering", "illustration", "art", "artwork", "sketch", "portrait", "wallpaper", "scene", "view",
    "video", "videos", "clip", "movie", "animation", "animated", "animate", "film", "gif", "footage",
    "spinning", "spin", "spins", "rotating", "rotate", "rotates", "turning", "turn", "turns", "turntable",
    "revolving", "orbit", "orbiting", "around", "short", "long", "quick", "second", "seconds", "sec", "360",
    "panorama", "panoramic", "degree", "degrees", "showing", "shows", "show", "of", "with", "featuring",
    "그림", "사진", "이미지", "영상", "동영상", "비디오", "회전", "회전하는", "도는", "돌아가는", "파노라마",
    "그려줘", "그려", "만들어줘", "보여줘", "짧은",
}
SCENE_ONLY = {"sunset", "sunrise", "dawn", "dusk", "night", "day", "morning", "evening", "noon", "hill", "hills",
              "hilltop"}


@dataclass
class Stage:
    """Geometry in world space (metres, +Y up) plus the world around it."""

    subject: Geometry
    scenery: Geometry
    environment: Environment
    subject_prompt: str
    objects: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    labels: list[tuple[str, tuple[float, float, float]]] = field(default_factory=list)
    ground_y: float = 0.0

    def geometry(self) -> Geometry:
        return Geometry.concat([self.subject, self.scenery])

    def focus(self) -> tuple[np.ndarray, float]:
        """Centre and radius the camera frames: the subject, or the scenery when there is none."""
        target = self.subject if self.subject.face_count else self.scenery
        if not target.face_count:
            return np.array([0.0, 1.0, 0.0], np.float32), 2.0
        low, high = target.bounds()
        return (low + high) / 2, max(float(np.linalg.norm(high - low) / 2), 0.3)


def subject_prompt(text: str) -> str:
    """``text`` without scene and medium words: what the composer should build."""
    drop = set(scene_words(text)) | MEDIUM_WORDS | SCENE_ONLY
    words = re.findall(r"[\w'-]+|[,.]", text)
    kept = [w for w in words if w.lower() not in drop]
    return " ".join(kept).strip(" ,.")


def build_stage(prompt: str, *, seed: int, mesh_style: str | None = None, with_subject: bool = True,
                progress: object = None) -> Stage:
    """Compose the subject with the mesh tool's composer and add hill and scenery from the words."""
    from tools.scene.compose import compose_scene
    from tools.scene.prompt import parse_prompt

    env = Environment.from_text(prompt, seed=seed)
    text = subject_prompt(prompt)
    subject = empty_geometry()
    objects: list[str] = []
    unknown: list[str] = []
    labels: list[tuple[str, tuple[float, float, float]]] = []
    has_words = bool(re.search(r"\w", text)) and with_subject
    if has_words:
        parsed = parse_prompt(text, style=mesh_style)
        nameless = len(parsed.objects) == 1 and parsed.objects[0].fallback and parsed.objects[0].noun == "object"
        if not nameless:
            composed = compose_scene(parsed, seed=seed, progress=progress)  # type: ignore[arg-type]
            subject = from_trimesh_scene(composed.scene)
            for placed in composed.objects:
                objects.append(placed.kind)
                if placed.fallback:
                    unknown.append(placed.label)
                    matrix = composed.scene.graph.get(placed.node)[0]
                    top = _node_top(composed.scene, placed.node)
                    labels.append((placed.label, (float(matrix[0, 3]), top, float(matrix[2, 3]))))
    lift = 0.0
    scenery_parts = []
    if "hills" in env.features and subject.face_count:
        low, high = subject.bounds()
        footprint = float(max(high[0] - low[0], high[2] - low[2])) / 2 + 0.3
        lift = max(0.6, footprint * 0.8)
        scenery_parts.append(hill(footprint * 1.15, lift, seed=seed))
        subject = subject.transformed(_translation(0.0, lift, 0.0))
        labels = [(text_, (x, y + lift, z)) for text_, (x, y, z) in labels]
    scenery_parts.append(scenery(env, subject, seed=seed))
    return Stage(subject=subject, scenery=Geometry.concat(scenery_parts), environment=env, subject_prompt=text,
                 objects=objects, unknown=unknown, labels=labels)


def _node_top(scene: object, node: str) -> float:
    top = 1.0
    for child in scene.graph.nodes_geometry:  # type: ignore[attr-defined]
        if child.startswith(node + "/"):
            transform, name = scene.graph[child]  # type: ignore[index]
            mesh = scene.geometry[name]  # type: ignore[attr-defined]
            top = max(top, float((np.asarray(mesh.vertices) @ transform[:3, :3].T + transform[:3, 3])[:, 1].max()))
    return top


def _translation(x: float, y: float, z: float) -> np.ndarray:
    matrix = np.eye(4)
    matrix[:3, 3] = (x, y, z)
    return matrix


def hill(plateau_radius: float, height: float, *, seed: int, rings: int = 18, segments: int = 64) -> Geometry:
    """A grassy mound with a flat top of ``plateau_radius`` at ``height``, easing into the ground."""
    rng = np.random.default_rng(seed)
    outer = plateau_radius + height * 4.0
    radii = np.concatenate([[0.0], np.linspace(plateau_radius * 0.5, outer, rings)])
    angles = np.linspace(0, 2 * np.pi, segments, endpoint=False)
    wobble = 1 + 0.08 * np.sin(3 * angles + rng.uniform(0, 6)) + 0.05 * np.sin(5 * angles + rng.uniform(0, 6))
    rr = radii[:, None] * np.where(radii[:, None] > plateau_radius, wobble[None, :], 1.0)
    s = np.clip((rr - plateau_radius) / (outer - plateau_radius), 0, 1)
    heights = height * (1 - s * s * (3 - 2 * s)) - 0.02
    xs, zs = rr * np.cos(angles)[None, :], rr * np.sin(angles)[None, :]
    verts = np.stack([xs, heights, zs], -1).reshape(-1, 3)
    faces = []
    for i in range(len(radii) - 1):
        for j in range(segments):
            a, b = i * segments + j, i * segments + (j + 1) % segments
            c, d = (i + 1) * segments + j, (i + 1) * segments + (j + 1) % segments
            faces += [(a, b, c), (b, d, c)]  # counter-clockwise seen from above: normals up
    return from_arrays(verts, np.array(faces), textured=True, roughness=0.95)


def scenery(env: Environment, subject: Geometry, *, seed: int) -> Geometry:
    """Props the scene words ask for around the subject: trees for a forest, rocks for a desert."""
    from tools.scene.compose import compose_scene
    from tools.scene.prompt import parse_prompt

    wanted: list[str] = []
    if "trees" in env.features:
        wanted = ["pine tree"] * 9 if env.ground == "snow" else ["pine tree", "tree"] * 5
    elif env.ground in ("sand", "rock") or "mountains" in env.features:
        wanted = ["rock"] * 5
    if not wanted or env.setting != "outdoor":
        return empty_geometry()
    rng = np.random.default_rng(seed + 99)
    if subject.face_count:
        low, high = subject.bounds()
        clear = float(np.linalg.norm((high - low)[[0, 2]])) / 2 + 1.2
    else:
        clear = 1.5
    parts = []
    cache: dict[str, Geometry] = {}
    for index, word in enumerate(wanted):
        if word not in cache:
            cache[word] = from_trimesh_scene(compose_scene(parse_prompt(word), seed=seed + index).scene)
        angle = math.pi * (0.15 + 0.7 * index / max(1, len(wanted) - 1)) + rng.uniform(-0.15, 0.15)
        distance = clear + rng.uniform(0.5, 5.0)
        scale = rng.uniform(0.8, 1.6) * (2.2 if word != "rock" else 1.0)
        rot = rng.uniform(0, 2 * np.pi)
        matrix = np.eye(4)
        c, s = math.cos(rot), math.sin(rot)
        matrix[:3, :3] = np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]]) * scale
        matrix[:3, 3] = (distance * math.cos(angle), 0.0, -distance * math.sin(angle))
        part = cache[word].transformed(matrix)
        part.corner_normals = part.corner_normals / np.maximum(
            np.linalg.norm(part.corner_normals, axis=-1, keepdims=True), 1e-9)
        parts.append(part)
    return Geometry.concat(parts)


def orbit_camera(centre: np.ndarray, radius: float, *, width: int, height: int, azimuth_deg: float = 35.0,
                 elevation_deg: float = 12.0, fov_y_deg: float = 40.0, zoom: float = 0.62) -> Camera:
    """A camera on a sphere around ``centre`` that fits a sphere of ``radius`` in the frame."""
    fit = math.radians(fov_y_deg) / 2
    if width < height:
        fit = math.atan(math.tan(fit) * width / height)
    distance = radius / math.sin(fit) * 1.1 / zoom
    az, el = math.radians(azimuth_deg), math.radians(elevation_deg)
    eye = centre + distance * np.array([math.sin(az) * math.cos(el), math.sin(el), math.cos(az) * math.cos(el)])
    eye[1] = max(eye[1], 0.35)
    target = centre + np.array([0.0, radius * 0.35 / zoom, 0.0])  # leave room for the sky above the subject
    return Camera(eye=tuple(float(v) for v in eye), target=tuple(float(v) for v in target), width=width,
                  height=height, fov_y_deg=fov_y_deg, near=max(0.02, distance * 0.01), far=distance * 200 + 500)
