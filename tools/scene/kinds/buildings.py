"""Buildings and structures: houses, a log cabin, a watchtower, fences, a well, a tent."""

from __future__ import annotations

import math

from tools.scene import shapes
from tools.scene.parts import Look, Part, object_kind


@object_kind("house", material="plaster", category="buildings", words=("home", "cottage", "집", "주택"),
             max_triangles=2000)
def build_house(look: Look) -> list[Part]:
    width, wall_h, depth, roof_h, eave = 6.0, 3.0, 5.0, 1.8, 0.3
    front = depth / 2
    glass = look.secondary("glass")
    return [
        Part("walls", shapes.box((width, wall_h, depth)), look.main),
        Part("roof", shapes.tapered_box((width + 2 * eave, depth + 2 * eave), (width + 2 * eave, 0.0), roof_h,
                                        (0, wall_h, 0)), look.secondary("roof_tile")),
        Part("door", shapes.box((1.0, 2.1, 0.06), (0, 0, front)), look.secondary("wood")),
        Part("window_1", shapes.box((1.1, 1.0, 0.05), (-1.9, 1.2, front)), glass),
        Part("window_2", shapes.box((1.1, 1.0, 0.05), (1.9, 1.2, front)), glass),
        Part("chimney", shapes.box((0.6, 1.6, 0.6), (1.8, wall_h + 0.6, -1.0)), look.secondary("stone")),
    ]


@object_kind("cabin", material="wood", category="buildings",
             words=("log cabin", "hut", "shack", "lodge", "오두막", "오두막집", "통나무집", "산장", "gazebo", "pavilion", "정자"), max_triangles=4000)
def build_cabin(look: Look) -> list[Part]:
    width, depth, wall_h, log_r = 4.0, 3.5, 2.4, 0.12
    logs = max(6, int(wall_h / (2 * log_r)))
    parts = []
    # stacked logs on the long walls; the short walls are plain boards behind them
    for i in range(logs):
        y = log_r + i * 2 * log_r
        for side, z in (("front", depth / 2 - log_r), ("back", -depth / 2 + log_r)):
            log = shapes.rod((-width / 2 - 0.15, y, z), (width / 2 + 0.15, y, z), log_r, sections=look.thin)
            parts.append(Part(f"log_{side}_{i + 1}", log, look.main))
    for i, sx in enumerate((-1, 1), start=1):
        parts.append(Part(f"wall_{i}", shapes.box((2 * log_r, logs * 2 * log_r, depth - 4 * log_r),
                                                  (sx * (width / 2 - log_r), 0, 0)), look.main))
    top = logs * 2 * log_r
    parts += [
        Part("roof", shapes.tapered_box((width + 0.8, depth + 0.8), (width + 0.8, 0.0), 1.5, (0, top, 0)),
             look.secondary("bark")),
        Part("door", shapes.box((0.9, 1.9, 0.05), (0.6, 0, depth / 2)), look.secondary("dark_metal") if look.greybox
             else look.secondary("leather")),
        Part("window", shapes.box((0.7, 0.6, 0.04), (-1.1, 1.1, depth / 2)), look.secondary("glass")),
        Part("chimney", shapes.box((0.5, 1.4, 0.5), (-1.2, top + 0.3, -0.6)), look.secondary("stone")),
    ]
    return parts


@object_kind("tower", material="stone", category="buildings",
             words=("watchtower", "turret", "탑", "타워", "망루", "감시탑"), max_triangles=3000)
def build_tower(look: Look) -> list[Part]:
    radius, height = 2.0, 9.0
    parts = [
        Part("shaft", shapes.frustum(radius, radius * 0.85, height, sections=look.sections), look.main),
        Part("parapet", shapes.cylinder(radius * 1.05, 0.5, (0, height, 0), sections=look.sections), look.main),
        Part("roof", shapes.cone(radius * 1.15, 3.0, (0, height + 0.5, 0), sections=look.sections),
             look.secondary("roof_tile")),
        Part("door", shapes.box((1.0, 2.0, 0.1), (0, 0, radius - 0.02)), look.secondary("wood")),
    ]
    for i in range(4):  # arrow slits facing the four sides
        angle = math.pi / 2 * i + math.pi / 4
        slit = shapes.box((0.25, 1.0, 0.1), (0, 5.5, 0))
        shapes.moved(shapes.turned(slit, math.degrees(angle)), (math.sin(angle) * radius * 0.9, 0,
                                                                math.cos(angle) * radius * 0.9))
        parts.append(Part(f"window_{i + 1}", slit, look.secondary("dark_metal")))
    return parts


@object_kind("fence", material="wood", category="buildings", words=("picket fence", "railing", "울타리", "펜스", "담장"))
def build_fence(look: Look) -> list[Part]:
    length, height, posts = 3.0, 1.0, 5
    parts = []
    for i in range(posts):
        x = -length / 2 + i * length / (posts - 1)
        parts.append(Part(f"post_{i + 1}", shapes.box((0.09, height, 0.09), (x, 0, 0)), look.main))
        parts.append(Part(f"cap_{i + 1}", shapes.tapered_box((0.09, 0.09), (0.0, 0.0), 0.08, (x, height, 0)), look.main))
    for i, y in enumerate((0.3, 0.7), start=1):
        parts.append(Part(f"rail_{i}", shapes.box((length, 0.09, 0.03), (0, y, 0.06)), look.main))
    return parts


@object_kind("well", material="stone", category="buildings", words=("water well", "wishing well", "우물"),
             max_triangles=3000)
def build_well(look: Look) -> list[Part]:
    outer, inner, wall_h = 0.8, 0.6, 0.8
    wood = look.secondary("wood")
    return [
        Part("wall", shapes.ring(inner, outer, wall_h, sections=look.sections), look.main),
        Part("water", shapes.cylinder(inner, 0.05, (0, 0.3, 0), sections=look.sections), look.secondary("glass", "blue")),
        Part("post_1", shapes.box((0.1, 1.9, 0.1), (-outer + 0.05, 0, 0)), wood),
        Part("post_2", shapes.box((0.1, 1.9, 0.1), (outer - 0.05, 0, 0)), wood),
        Part("axle", shapes.rod((-outer, 1.5, 0), (outer, 1.5, 0), 0.04, sections=look.thin), wood),
        Part("roof", shapes.tapered_box((2.0, 1.3), (2.0, 0.0), 0.6, (0, 1.9, 0)), look.secondary("roof_tile")),
        Part("bucket", shapes.frustum(0.1, 0.13, 0.2, (0, 0.9, 0), sections=look.thin), wood),
    ]


@object_kind("tent", material="canvas", category="buildings", words=("camping tent", "텐트", "천막"))
def build_tent(look: Look) -> list[Part]:
    width, depth, height = 2.2, 2.4, 1.4
    pole = look.secondary("wood")
    return [
        Part("canvas", shapes.tapered_box((width, depth), (0.0, depth), height), look.main),
        Part("pole_1", shapes.cylinder(0.025, height + 0.15, (0, 0, depth / 2 + 0.05), sections=look.thin), pole),
        Part("pole_2", shapes.cylinder(0.025, height + 0.15, (0, 0, -depth / 2 - 0.05), sections=look.thin), pole),
        Part("ground_sheet", shapes.box((width + 0.2, 0.01, depth + 0.2)), look.secondary("canvas", "green")),
    ]


@object_kind("mansion", material="plaster", category="buildings",
             words=("manor", "manor house", "haunted house", "haunted mansion", "estate house", "victorian house",
                    "victorian mansion", "gothic house", "gothic mansion", "빅토리아풍 저택", "고딕 저택", "저택", "대저택",
                    "맨션", "흉가", "유령의 집", "귀신의 집"), max_triangles=3000)
def build_mansion(look: Look) -> list[Part]:
    """A two-storey manor 12 m wide: a main block under a steep roof, a taller centre bay with a pointed gable over
    a double front door, rows of tall windows and two chimneys."""
    width, depth, wall_h = 12.0, 7.0, 6.4
    front = depth / 2
    roof = look.secondary("roof_tile", "gray")
    glass = look.secondary("glass")
    trim = look.secondary("wood", "black")
    parts = [
        Part("walls", shapes.box((width, wall_h, depth)), look.main),
        Part("roof", shapes.tapered_box((width + 0.6, depth + 0.6), (width + 0.6, 0.0), 3.0, (0, wall_h, 0)), roof),
        Part("bay", shapes.box((3.6, wall_h + 1.2, 1.2), (0, 0, front + 0.6)), look.main),
        Part("gable", shapes.tapered_box((4.0, 1.6), (0.0, 1.6), 2.2, (0, wall_h + 1.2, front + 0.6)), roof),
        Part("door", shapes.box((1.6, 2.6, 0.08), (0, 0, front + 1.2)), trim),
        Part("steps", shapes.box((2.6, 0.3, 0.9), (0, 0, front + 1.6)), look.secondary("stone")),
    ]
    for floor, y in enumerate((1.2, 4.2), start=1):
        for i, x in enumerate((-4.8, -3.2, 3.2, 4.8), start=1):
            parts.append(Part(f"window_{floor}_{i}", shapes.box((0.9, 1.6, 0.06), (x, y, front)), glass))
        parts.append(Part(f"bay_window_{floor}", shapes.box((1.2, 1.4, 0.06), (0, y + (1.2 if floor == 1 else 0.4),
                                                                               front + 1.2)), glass))
    for i, x in enumerate((-4.2, 4.2), start=1):
        parts.append(Part(f"chimney_{i}", shapes.box((0.7, 2.4, 0.7), (x, wall_h + 1.0, -1.0)), look.secondary("stone")))
    return parts


@object_kind("prison", material="stone", category="buildings",
             words=("jail", "jailhouse", "prison building", "jail building", "gaol", "penitentiary", "감옥 건물",
                    "교도소", "감옥소", "옥사", "형무소", "유치장"), max_triangles=3000)
def build_prison(look: Look) -> list[Part]:
    """A squat stone block 7 m wide with a flat parapet roof, barred windows and an iron door (rust-red, as
    prison doors in games are), a small watch turret on one corner."""
    width, depth, wall_h = 7.0, 5.0, 3.6
    front = depth / 2
    iron = look.secondary("dark_metal")
    rust = look.secondary("metal", "brown")
    parts = [
        Part("walls", shapes.box((width, wall_h, depth)), look.main),
        Part("roof", shapes.box((width + 0.3, 0.3, depth + 0.3), (0, wall_h, 0)), look.main),
        Part("door", shapes.box((1.2, 2.2, 0.1), (0, 0, front)), rust),
        Part("door_band_1", shapes.box((1.25, 0.1, 0.12), (0, 0.5, front)), iron),
        Part("door_band_2", shapes.box((1.25, 0.1, 0.12), (0, 1.6, front)), iron),
        Part("turret", shapes.box((1.6, 1.8, 1.6), (width / 2 - 0.8, wall_h + 0.3, -front + 0.8)), look.main),
    ]
    for side, sx in (("l", -1), ("r", 1)):
        parts.append(Part(f"parapet_{side}", shapes.box((0.3, 0.5, depth + 0.3), (sx * (width / 2), wall_h + 0.3, 0)),
                          look.main))
        for w in range(2):
            x = sx * (1.6 + w * 1.5)
            parts.append(Part(f"window_{side}{w + 1}", shapes.box((0.8, 0.7, 0.04), (x, 1.9, front)),
                              look.secondary("dark_metal", "black")))
            for b in range(3):
                bar = shapes.cylinder(0.03, 0.8, (x - 0.25 + b * 0.25, 1.85, front + 0.06), sections=6)
                parts.append(Part(f"bar_{side}{w + 1}_{b + 1}", bar, iron))
    parts.append(Part("parapet_front", shapes.box((width + 0.3, 0.5, 0.3), (0, wall_h + 0.3, front)), look.main))
    return parts
