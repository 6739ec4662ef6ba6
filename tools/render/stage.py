"""A stage to render: the scene's composed objects, scenery, a hill, and the environment.

The prompt is read once by the scene language (:func:`tools.scene.scene.parse_scene`): objects
go to the composer (``tools.scene.compose.compose_scene``), the setting (place, time of day,
weather, ground, features) to :class:`~tools.render.environment.Environment`, and words about
the medium are dropped. A noun no kind is close to is left out and reported in
``scene.unmatched``; nothing is ever drawn as a labelled stand-in, and no text goes into a picture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from tools.render.camera import Camera
from tools.render.environment import Environment
from tools.render.geometry import Geometry, empty_geometry, from_arrays, from_trimesh_scene

from tools.scene.setting import FLIERS

if TYPE_CHECKING:
    from tools.scene.scene import Scene

# Interiors and panoramas ring the objects around an empty middle this wide (metres).
INTERIOR_CLEAR_M = 1.6
# The smallest radius the camera frames (metres): a ring, a coin or a potion fills the picture instead of being a
# speck in a frame sized for a 60 cm thing
MIN_FOCUS_RADIUS = 0.03
# A subject this small (radius, metres) or smaller is a small thing on its own: the camera comes in closer
# (SMALL_ZOOM), since a lawn round a mug says nothing the mug does not; the extra closeness eases off by
# SMALL_SUBJECT_M, where the ordinary framing already shows the thing well (and a closer camera only costs time)
TINY_SUBJECT_M = 0.25
SMALL_SUBJECT_M = 0.6
SMALL_ZOOM = 0.85


def framing_zoom(radius: float, zoom: float) -> float:
    """``zoom`` for a subject of ``radius``: a small one (a coin, a bowl of ramen) is framed closer."""
    if zoom >= SMALL_ZOOM or radius >= SMALL_SUBJECT_M:
        return zoom
    share = min(1.0, (SMALL_SUBJECT_M - radius) / (SMALL_SUBJECT_M - TINY_SUBJECT_M))
    return zoom + (SMALL_ZOOM - zoom) * share


@dataclass
class Stage:
    """Geometry in world space (metres, +Y up) plus the world around it."""

    subject: Geometry
    scenery: Geometry
    environment: Environment
    subject_prompt: str
    objects: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    ground_y: float = 0.0
    scene: "Scene | None" = None
    # the box of the objects the prompt named itself, when a place's furnishing stands round them too
    named_box: "tuple[np.ndarray, np.ndarray] | None" = None
    # things set on a surface ("a desk with three candles", "탁자 위에 찻주전자"): that surface and what stands on it
    # is what the picture is of, seen from above its top
    tabletop: bool = False

    def geometry(self) -> Geometry:
        return Geometry.concat([self.subject, self.scenery])

    def focus(self) -> tuple[np.ndarray, float]:
        """Centre and radius the camera frames: what the prompt named (not the furnishing its place brought),
        else the whole subject, or the scenery when there is none."""
        if self.named_box is not None:
            low, high = self.named_box
            return (low + high) / 2, max(float(np.linalg.norm(high - low) / 2), MIN_FOCUS_RADIUS)
        target = self.subject if self.subject.face_count else self.scenery
        if not target.face_count:
            return np.array([0.0, 1.0, 0.0], np.float32), 2.0
        low, high = target.bounds()
        return (low + high) / 2, max(float(np.linalg.norm(high - low) / 2), MIN_FOCUS_RADIUS)


def build_stage(prompt: str, *, seed: int, mesh_style: str | None = None, with_subject: bool = True,
                progress: object = None, surround: float | None = None, scene: "Scene | None" = None) -> Stage:
    """Compose the scene's objects and add hill and scenery from its setting.

    ``surround`` rings the objects around an empty middle (panoramas); interiors always do.
    """
    from tools.scene.compose import compose_scene
    from tools.scene.scene import parse_scene

    scene = scene or parse_scene(prompt, style=mesh_style, for_render=True)
    if surround is None and scene.setting.interior:
        surround = INTERIOR_CLEAR_M
    subject = empty_geometry()
    objects: list[str] = []
    room_half = 6.0
    named_box = table_box = None
    if with_subject and scene.objects:
        composed = compose_scene(scene.parsed, seed=seed, progress=progress, surround=surround)  # type: ignore[arg-type]
        _into_the_sky(composed, flying=scene.setting.flying, surround=surround)
        if scene.setting.underwater:
            _swim(composed)
        # at night, what has windows shows lit rooms (a haunted house at night was a black block)
        subject = from_trimesh_scene(composed.scene, lit_windows=scene.setting.time == "night"
                                     and not scene.setting.interior)
        objects = [placed.kind for placed in composed.objects]
        named_box = _named_box(scene, composed)  # in a room too: the camera looks from its middle at them
        table_box = _tabletop_box(scene, composed)
        if table_box is not None:
            named_box = table_box
        if subject.face_count:
            low, high = subject.bounds()
            room_half = max(6.0, float(np.abs(np.concatenate([low[[0, 2]], high[[0, 2]]])).max()) + 1.0)
    env = Environment.from_setting(scene.setting, seed=seed, room_half=room_half)
    lift = 0.0
    scenery_parts = []
    if "hills" in env.features and subject.face_count and surround is None:
        low, high = subject.bounds()
        footprint = float(max(high[0] - low[0], high[2] - low[2])) / 2 + 0.3
        lift = max(0.6, footprint * 0.8)
        scenery_parts.append(hill(footprint * 1.15, lift, seed=seed))
        subject = subject.transformed(_translation(0.0, lift, 0.0))
        if named_box is not None:
            named_box = (named_box[0] + [0.0, lift, 0.0], named_box[1] + [0.0, lift, 0.0])
    if scene.setting.framing != "icon":
        scenery_parts.append(scenery(env, subject, seed=seed, around=surround is not None))
    return Stage(subject=subject, scenery=Geometry.concat(scenery_parts), environment=env, subject_prompt=scene.text,
                 objects=objects, unknown=list(scene.unmatched), scene=scene, named_box=named_box,
                 tabletop=with_subject and scene.objects and table_box is not None)


def _named_box(scene: "Scene", composed: object) -> "tuple[np.ndarray, np.ndarray] | None":
    """The world box of the objects the prompt named, when its place also brought furnishing ("red sports cars
    parked in a street": the cars, not the skyscrapers round them); None when everything was named."""
    requests = [item for item in scene.parsed.objects if item.kind is not None]
    if not any(item.furnishing for item in requests) or all(item.furnishing for item in requests):
        return None
    named = [not item.furnishing for item in requests for _ in range(item.count)]
    placed = composed.objects  # type: ignore[attr-defined]
    boxes = [(np.asarray(p.bbox_min), np.asarray(p.bbox_max)) for p, keep in zip(placed, named) if keep]
    if len(named) != len(placed) or not boxes:
        return None
    return np.min([b[0] for b in boxes], axis=0), np.max([b[1] for b in boxes], axis=0)


def _tabletop_box(scene: "Scene", composed: object) -> "tuple[np.ndarray, np.ndarray] | None":
    """The world box of the first surface the prompt named things on (the surface and everything standing on
    it, or on what stands on it: a cat on a spellbook on the table), or None when nothing named is set on one."""
    from tools.scene.objects import SURFACE_KINDS

    requests = scene.parsed.objects
    on_top = [r for r in scene.parsed.relations if r.relation == "on_top" and r.anchor is not None]
    surface = next((r.anchor for r in on_top if requests[r.anchor].kind in SURFACE_KINDS
                    and not requests[r.anchor].furnishing and not requests[r.subject].furnishing), None)
    if surface is None:
        return None
    group, grew = {surface}, True
    while grew:
        grew = False
        for relation in on_top:
            if relation.anchor in group and relation.subject not in group:
                group.add(relation.subject)
                grew = True
    owner = [index for index, item in enumerate(requests) if item.kind is not None for _ in range(item.count)]
    placed = composed.objects  # type: ignore[attr-defined]
    if len(owner) != len(placed):
        return None
    boxes = [(np.asarray(p.bbox_min), np.asarray(p.bbox_max)) for p, request in zip(placed, owner) if request in group]
    return np.min([b[0] for b in boxes], axis=0), np.max([b[1] for b in boxes], axis=0)


# Kinds that belong in the sky whenever they share a scene with anything else (a planet on the ground
# next to a moon base is always wrong): they hang up and away, scaled to read as huge and distant.
SKY_KINDS = frozenset({"planet"})


def _into_the_sky(composed: object, *, flying: bool, surround: float | None) -> None:
    """Move the objects that belong up in the air there, in the composed scene graph: things that
    fly ("dragons in the sky", "하늘을 나는") 6 m up, a planet sharing the scene high and far
    behind the rest (round the viewer's sky in a panorama)."""
    graph = composed.scene.graph  # type: ignore[attr-defined]
    placed = list(composed.objects)  # type: ignore[attr-defined]
    grounded = [item for item in placed if item.kind not in SKY_KINDS]
    if grounded:
        low = np.min([item.bbox_min for item in grounded], axis=0)
        high = np.max([item.bbox_max for item in grounded], axis=0)
    below = [item for item in grounded if item.kind not in FLIERS] if flying and surround is None else []
    if below:
        below_low = np.min([item.bbox_min for item in below], axis=0)
        below_high = np.max([item.bbox_max for item in below], axis=0)
    for item in placed:
        matrix = np.array(graph[item.node][0], dtype=np.float64)
        if item.kind in SKY_KINDS and (grounded or surround is not None):
            if surround is not None:  # a panorama: up in the sky on the planet's own bearing
                bearing = matrix[[0, 2], 3]
                norm = float(np.linalg.norm(bearing))
                bearing = bearing / norm if norm > 1e-6 else np.array([0.0, -1.0])
                position, scale = (bearing[0] * 70.0, 30.0, bearing[1] * 70.0), 5.5  # its shadow lands far off
            else:  # a picture: above and behind the rest, so one frame holds both
                position, scale = ((low[0] + high[0]) / 2, float(high[1]) + 4.0, float(low[2]) - 12.0), 2.0
            matrix[:3, :3] *= scale
            matrix[:3, 3] = position
        elif flying and item.kind in FLIERS and below:
            # "a dragon flying over a castle": over the middle of what stands on the ground, and big enough
            # to read beside it (a 3 m dragon by a 20 m castle is a speck)
            size = max(float(item.bbox_max[0] - item.bbox_min[0]), float(item.bbox_max[2] - item.bbox_min[2]), 0.1)
            span = max(float(below_high[0] - below_low[0]), float(below_high[2] - below_low[2]))
            scale = float(np.clip(0.6 * span / size, 1.0, 4.0))
            matrix[:3, :3] *= scale
            matrix[:3, 3] = ((below_low[0] + below_high[0]) / 2, float(below_high[1]) + 1.0,
                             (below_low[2] + below_high[2]) / 2)
        elif flying and item.kind in FLIERS:
            matrix[1, 3] += 6.0  # up in the sky, well above the ground
        else:
            continue
        graph.update(frame_from=graph.base_frame, frame_to=item.node, matrix=matrix)


# Kinds that swim: under water they hang in it, not lie on the sea floor
SWIMMERS = frozenset({"fish", "whale", "octopus", "turtle"})


def _swim(composed: object) -> None:
    """Lift what swims off the floor of an underwater scene, each copy at its own depth (a school, not a row)."""
    graph = composed.scene.graph  # type: ignore[attr-defined]
    for index, item in enumerate(composed.objects):  # type: ignore[attr-defined]
        if item.kind not in SWIMMERS:
            continue
        matrix = np.array(graph[item.node][0], dtype=np.float64)
        matrix[1, 3] += 1.2 + 0.45 * (index % 4)
        graph.update(frame_from=graph.base_frame, frame_to=item.node, matrix=matrix)


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


def scenery(env: Environment, subject: Geometry, *, seed: int, around: bool = False) -> Geometry:
    """Props the scene words ask for around the subject: trees for a forest, rocks for a desert.

    They stand behind the subject as a default camera sees it, or all ``around`` it (panoramas).
    """
    from tools.scene.compose import compose_scene
    from tools.scene.prompt import parse_prompt

    wanted: list[str] = []
    if "trees" in env.features and env.forest:
        wanted = [env.forest] * 10  # "대나무 숲", "a cherry blossom forest": the forest is of that kind
    elif "trees" in env.features:
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
        spread = (0.0, 2.0) if around else (0.15, 0.7)
        angle = math.pi * (spread[0] + spread[1] * index / max(1, len(wanted))) + rng.uniform(-0.15, 0.15)
        distance = clear + (rng.uniform(4.0, 14.0) if around else rng.uniform(0.5, 5.0))
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
    eye[1] = max(eye[1], min(0.35, float(centre[1]) + radius))  # above the ground; a coin is not seen from 35 cm up
    target = centre + np.array([0.0, radius * 0.35 / zoom, 0.0])  # leave room for the sky above the subject
    return Camera(eye=tuple(float(v) for v in eye), target=tuple(float(v) for v in target), width=width,
                  height=height, fov_y_deg=fov_y_deg, near=max(0.02, distance * 0.01), far=distance * 200 + 500)


def fill_frame(stage: Stage, *, width: int, height: int, azimuth_deg: float, elevation_deg: float,
               fill: float = 0.82, lift: float = 0.0, turn: bool = True) -> Camera:
    """A camera for an icon or a close-up: from the side that shows the subject broadest (a sword
    face-on, not edge-on), aimed at it (``lift`` radii above its centre, leaving room for what
    rises from it) and moved in until it spans ``fill`` of the frame."""
    from tools.render.raster import project

    vertices = stage.subject.vertices
    low, high = stage.subject.bounds()
    centre = (low + high) / 2
    radius = max(float(np.linalg.norm(high - low) / 2), 0.05)

    def extent(camera: Camera) -> tuple[float, float, float, float]:
        screen, w = project(vertices, camera.matrix(), width, height)
        screen = screen[w > 0]
        return (float(screen[:, 0].min()), float(screen[:, 0].max()), float(screen[:, 1].min()),
                float(screen[:, 1].max()))

    def area(camera: Camera) -> float:
        x0, x1, y0, y1 = extent(camera)
        return (x1 - x0) * (y1 - y0)

    # scenery (a forest, rocks) stands behind the subject as the default side sees it: turning further round would
    # put it between the camera and the subject
    steps = (0, 30, 60, 90, 120, 150) if not stage.scenery.face_count else (-30, -15, 0, 15, 30)
    if not turn:  # the words named the side to see ("side view", "정면")
        steps = (0,)
    candidates = [orbit_camera(centre, radius, width=width, height=height, azimuth_deg=azimuth_deg + step,
                               elevation_deg=elevation_deg, zoom=1.0) for step in steps]
    best = max(candidates, key=area)
    target = centre.astype(np.float64) + np.array([0.0, lift * radius, 0.0])
    eye = np.asarray(best.eye, np.float64) + (target - centre)
    for _ in range(3):  # re-aim, then move along the view line until the subject spans ``fill`` of the frame
        camera = Camera(eye=tuple(float(v) for v in eye), target=tuple(float(v) for v in target), width=width,
                        height=height, fov_y_deg=best.fov_y_deg, near=best.near, far=best.far)
        x0, x1, y0, y1 = extent(camera)
        span = max(2 * max(abs(x0 - width / 2), abs(x1 - width / 2)) / width,
                   2 * max(abs(y0 - height / 2), abs(y1 - height / 2)) / height, 1e-3)
        eye = target + (eye - target) * (span / fill)
    return Camera(eye=tuple(float(v) for v in eye), target=tuple(float(v) for v in target), width=width,
                  height=height, fov_y_deg=best.fov_y_deg, near=max(0.01, best.near * 0.2), far=best.far)
