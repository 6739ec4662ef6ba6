"""Props and containers: boxes, crates, barrels, chests, buckets, street furniture, small things."""

from __future__ import annotations

import math

from tools.scene import shapes
from tools.scene.materials import finish, glowing
from tools.scene.parts import Look, Part, object_kind


@object_kind("box", material="cardboard", category="containers",
             words=("cardboard box", "carton", "package", "parcel", "상자", "박스", "택배상자", "종이상자"))
def build_box(look: Look) -> list[Part]:
    size = (0.45, 0.35, 0.45)
    tape = look.secondary("plastic") if not look.greybox else look.main
    return [
        Part("body", shapes.box(size), look.main),
        Part("tape", shapes.box((0.06, 0.004, size[2] + 0.004), (0, size[1], 0)), tape),
    ]


@object_kind("crate", material="wood", category="containers",
             words=("wooden box", "wooden crate", "궤짝", "크레이트", "나무상자"))
def build_crate(look: Look) -> list[Part]:
    side, beam = 0.6, 0.05
    parts = [Part("body", shapes.box((side - beam, side - beam, side - beam), (0, beam / 2, 0)), look.main)]
    half = side / 2 - beam / 2
    index = 1
    # twelve edge beams: four along each axis
    for a in (-1, 1):
        for b in (-1, 1):
            edges = (
                ((side, beam, beam), (0, (a + 1) / 2 * (side - beam), b * half)),
                ((beam, beam, side), (a * half, (b + 1) / 2 * (side - beam), 0)),
                ((beam, side, beam), (a * half, 0, b * half)),
            )
            for size, base in edges:
                parts.append(Part(f"frame_{index}", shapes.box(size, base), look.main))
                index += 1
    return parts


@object_kind("barrel", material="wood", category="containers", words=("keg", "cask", "통", "술통", "배럴", "나무통"))
def build_barrel(look: Look) -> list[Part]:
    height, end_r, belly_r = 0.9, 0.27, 0.32
    rows = max(4, look.sections // 3)
    # the bulge is a half sine from end to end, sampled a few times so it stays cheap
    profile = [(0.0, 0.0)] + [
        (end_r + (belly_r - end_r) * math.sin(math.pi * i / rows), height * i / rows) for i in range(rows + 1)
    ] + [(0.0, height)]
    parts = [Part("staves", shapes.lathe(profile, sections=look.sections), look.main)]
    hoop = look.secondary("dark_metal")
    for i, y in enumerate((0.08, 0.3, 0.56, 0.78), start=1):
        radius = end_r + (belly_r - end_r) * math.sin(math.pi * (y + 0.02) / height)
        parts.append(Part(f"hoop_{i}", shapes.ring(radius - 0.01, radius + 0.008, 0.04, (0, y, 0),
                                                   sections=look.sections), hoop))
    return parts


@object_kind("chest", material="wood", category="containers",
             words=("treasure chest", "trunk", "coffer", "보물상자", "보물상자를", "궤", "트렁크", "금고"))
def build_chest(look: Look) -> list[Part]:
    width, depth, height = 0.8, 0.5, 0.45
    band = look.secondary("gold") if not look.greybox else look.main
    lid = shapes.lathe([(0.0, -width / 2), (depth / 2, -width / 2), (depth / 2, width / 2), (0.0, width / 2)],
                       sections=max(8, look.sections))
    # the lathe gives a full cylinder along Y; lay it along X and keep the upper half as a rounded lid
    shapes.turned(lid, 90, axis=(0, 0, 1))
    lid.apply_transform([[1, 0, 0, 0], [0, 0.5, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]])
    lid.apply_translation([-float(lid.bounds.mean(axis=0)[0]), height - float(lid.bounds.mean(axis=0)[1]), 0])
    return [
        Part("body", shapes.box((width, height, depth)), look.main),
        Part("lid", lid, look.main),
        Part("band_1", shapes.box((0.05, height + 0.01, depth + 0.01), (-width / 3, 0, 0)), band),
        Part("band_2", shapes.box((0.05, height + 0.01, depth + 0.01), (width / 3, 0, 0)), band),
        Part("lock", shapes.box((0.08, 0.1, 0.03), (0, height - 0.1, depth / 2)), band),
    ]


@object_kind("bucket", material="metal", category="containers", words=("pail", "양동이", "버킷", "들통"))
def build_bucket(look: Look) -> list[Part]:
    profile = [(0.0, 0.0), (0.12, 0.0), (0.16, 0.3), (0.145, 0.3), (0.105, 0.02), (0.0, 0.02)]
    handle = shapes.turned(shapes.ring(0.15, 0.16, 0.01, (0, 0, 0), sections=look.sections), 90, axis=(1, 0, 0))
    handle.apply_translation([0, 0.3 - float(handle.bounds.mean(axis=0)[1]) + 0.0, 0])
    return [Part("pail", shapes.lathe(profile, sections=look.sections), look.main),
            Part("handle", handle, look.secondary("dark_metal"))]


@object_kind("vase", material="ceramic", category="props",
             words=("jar", "urn", "pot", "amphora", "꽃병", "화병", "항아리", "단지", "도자기병"))
def build_vase(look: Look) -> list[Part]:
    profile = [(0.0, 0.0), (0.08, 0.0), (0.14, 0.12), (0.12, 0.26), (0.06, 0.34), (0.08, 0.4), (0.0, 0.4)]
    return [Part("vase", shapes.lathe(profile, sections=look.sections), look.main)]


@object_kind("bottle", material="glass", category="props", words=("flask", "병", "물병", "유리병", "wine bottle", "beer bottle", "와인병", "와인", "맥주병", "소주", "소주병", "막걸리", "술병"))
def build_bottle(look: Look) -> list[Part]:
    profile = [(0.0, 0.0), (0.04, 0.0), (0.04, 0.18), (0.015, 0.24), (0.015, 0.29), (0.0, 0.29)]
    return [Part("bottle", shapes.lathe(profile, sections=look.sections), look.main),
            Part("cork", shapes.cylinder(0.013, 0.025, (0, 0.29, 0), sections=look.thin), look.secondary("wood"))]


@object_kind("book", material="leather", category="props", words=("책", "서적", "closed book", "notebook", "공책"))
def build_book(look: Look) -> list[Part]:
    width, height, thick = 0.17, 0.24, 0.04
    return [
        Part("cover", shapes.box((width, thick, height)), look.main),
        Part("pages", shapes.box((width - 0.01, thick - 0.008, height - 0.012), (0.006, 0.004, 0)),
             look.secondary("fabric", "white")),
    ]


@object_kind("street_lamp", material="dark_metal", category="props",
             words=("streetlight", "street light", "lamppost", "lamp post", "lantern post", "가로등", "가로등불"))
def build_street_lamp(look: Look) -> list[Part]:
    light = glowing(look.secondary("ceramic") if look.greybox else finish("glass", "yellow"))
    return [
        Part("base", shapes.frustum(0.18, 0.1, 0.3, sections=look.sections), look.main),
        Part("pole", shapes.cylinder(0.05, 3.5, (0, 0.3, 0), sections=look.thin), look.main),
        Part("lantern", shapes.tapered_box((0.22, 0.22), (0.3, 0.3), 0.35, (0, 3.8, 0)), light),
        Part("cap", shapes.tapered_box((0.36, 0.36), (0.0, 0.0), 0.2, (0, 4.15, 0)), look.main),
    ]


@object_kind("signpost", material="wood", category="props",
             words=("road sign", "direction sign", "wooden sign", "표지판", "팻말", "이정표"))
def build_signpost(look: Look) -> list[Part]:
    return [
        Part("post", shapes.box((0.1, 1.6, 0.1)), look.main),
        Part("board", shapes.box((0.8, 0.45, 0.04), (0, 1.05, 0.07)), look.main),
    ]


@object_kind("campfire", material="flame", category="props", words=("bonfire", "fire", "fire pit", "모닥불", "캠프파이어"))
def build_campfire(look: Look) -> list[Part]:
    flame = glowing(look.main) if not look.greybox else look.main
    parts = [Part("flame", shapes.cone(0.18, 0.5, (0, 0.05, 0), sections=look.thin), flame)]
    for i in range(4):
        angle = 2 * math.pi * i / 4 + 0.3
        log = shapes.rod((-0.3, 0.05, 0), (0.3, 0.05, 0), 0.05, sections=look.thin)
        parts.append(Part(f"log_{i + 1}", shapes.turned(log, math.degrees(angle)), look.secondary("bark")))
    for i in range(8):
        angle = 2 * math.pi * i / 8
        stone = shapes.ellipsoid((0.09, 0.06, 0.08), (0.45 * math.cos(angle), 0, 0.45 * math.sin(angle)),
                                 subdivisions=1)
        parts.append(Part(f"stone_{i + 1}", stone, look.secondary("stone")))
    return parts
