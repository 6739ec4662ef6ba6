"""Things that stand outside: street furniture, farm and camp props, trees and plants of other
shapes, ponds. Real sizes in metres, fronts facing +Z."""

from __future__ import annotations

import math

from dataclasses import replace

from tools.scene import shapes
from tools.scene.materials import finish
from tools.scene.parts import Look, Part, object_kind


@object_kind("trash_can", material="metal", category="props",
             words=("garbage can", "dustbin", "bin", "rubbish bin", "waste bin", "쓰레기통", "휴지통"))
def build_trash_can(look: Look) -> list[Part]:
    return [Part("body", shapes.frustum(0.24, 0.28, 0.8, sections=look.sections), look.main),
            Part("lid", shapes.lathe([(0, 0), (0.3, 0), (0.2, 0.07), (0, 0.09)], (0, 0.8, 0), sections=look.sections),
                 look.main),
            Part("handle", shapes.box((0.12, 0.03, 0.03), (0, 0.89, 0)), look.secondary("dark_metal"))]


@object_kind("mailbox", material="paint", category="props",
             words=("postbox", "letterbox", "mail box", "우체통", "우편함"))
def build_mailbox(look: Look) -> list[Part]:
    main = look.main if look.main.name != "paint" or look.greybox else finish("paint", "red")
    top = shapes.turned(shapes.cylinder(0.2, 0.5, sections=look.thin), 90, axis=(1, 0, 0))
    top.apply_translation([0, 1.05, -0.25])
    return [Part("post", shapes.box((0.1, 0.9, 0.1)), look.secondary("wood")),
            Part("box", shapes.box((0.4, 0.18, 0.5), (0, 0.88, 0)), main), Part("top", top, main)]


@object_kind("fire_hydrant", material="paint", category="props", words=("hydrant", "fire plug", "소화전"))
def build_fire_hydrant(look: Look) -> list[Part]:
    main = look.main if look.main.name != "paint" or look.greybox else finish("paint", "yellow")
    return [Part("base", shapes.cylinder(0.16, 0.06, sections=look.thin), main),
            Part("body", shapes.cylinder(0.12, 0.55, (0, 0.06, 0), sections=look.thin), main),
            Part("cap", shapes.sphere(0.13, (0, 0.55, 0), subdivisions=1), main),
            Part("nozzle_l", shapes.rod((-0.12, 0.42, 0), (-0.22, 0.42, 0), 0.05, sections=8), main),
            Part("nozzle_r", shapes.rod((0.12, 0.42, 0), (0.22, 0.42, 0), 0.05, sections=8), main)]


@object_kind("traffic_cone", material="plastic", category="props",
             words=("pylon", "safety cone", "라바콘", "고깔", "교통콘", "안전콘"))
def build_traffic_cone(look: Look) -> list[Part]:
    main = look.main if look.main.name != "plastic" or look.greybox else finish("plastic", "orange")
    return [Part("base", shapes.box((0.4, 0.03, 0.4)), main),
            Part("cone", shapes.cone(0.16, 0.7, (0, 0.03, 0), sections=look.sections), main),
            Part("stripe", shapes.frustum(0.115, 0.09, 0.1, (0, 0.25, 0), sections=look.sections),
                 look.secondary("ceramic", "white"))]


@object_kind("log", material="bark", category="vegetation",
             words=("firewood", "timber", "log pile", "fallen log", "통나무", "장작", "땔감", "장작더미"))
def build_log(look: Look) -> list[Part]:
    cut = look.secondary("wood", "beige")
    body = shapes.turned(shapes.cylinder(0.18, 1.6, sections=look.thin), 90, axis=(0, 0, 1))
    body.apply_translation([0.8, 0.18, 0])
    end_l = shapes.turned(shapes.cylinder(0.17, 0.01, sections=look.thin), 90, axis=(0, 0, 1))
    end_l.apply_translation([-0.8, 0.18, 0])
    end_r = shapes.turned(shapes.cylinder(0.17, 0.01, sections=look.thin), 90, axis=(0, 0, 1))
    end_r.apply_translation([0.81, 0.18, 0])
    return [Part("log", body, look.main), Part("end_1", end_l, cut), Part("end_2", end_r, cut)]


@object_kind("stump", material="bark", category="vegetation", words=("tree stump", "그루터기", "나무그루터기"))
def build_stump(look: Look) -> list[Part]:
    parts = [Part("trunk", shapes.frustum(0.4, 0.32, 0.5, sections=look.thin), look.main),
             Part("top", shapes.cylinder(0.31, 0.01, (0, 0.5, 0), sections=look.thin), look.secondary("wood", "beige"))]
    for i in range(4):
        a = 2 * math.pi * i / 4 + 0.4
        parts.append(Part(f"root_{i + 1}", shapes.rod((0.25 * math.cos(a), 0.15, 0.25 * math.sin(a)),
                                                      (0.6 * math.cos(a), 0.03, 0.6 * math.sin(a)), 0.07, sections=6),
                          look.main))
    return parts


@object_kind("haystack", material="grass", category="props",
             words=("hay bale", "hay", "hay stack", "straw bale", "건초", "건초더미", "짚더미", "볏짚"))
def build_haystack(look: Look) -> list[Part]:
    main = look.main if look.main.name != "grass" or look.greybox else finish("canvas", "yellow")
    return [Part("stack", shapes.lathe([(0, 0), (1.0, 0), (0.95, 0.6), (0.6, 1.3), (0, 1.6)], sections=look.sections),
                 main)]


@object_kind("snowman", material="ceramic", category="props", words=("snow man", "눈사람"))
def build_snowman(look: Look) -> list[Part]:
    main = look.main if look.main.name != "ceramic" or look.greybox else finish("ceramic", "white")
    coal = look.secondary("plastic", "black")
    nose = shapes.turned(shapes.cone(0.03, 0.15, sections=6), 90, axis=(1, 0, 0))
    nose.apply_translation([0, 1.32, 0.17])
    return [Part("bottom", shapes.sphere(0.45, subdivisions=look.subdivisions), main),
            Part("middle", shapes.sphere(0.32, (0, 0.75, 0), subdivisions=look.subdivisions), main),
            Part("head", shapes.sphere(0.2, (0, 1.2, 0), subdivisions=look.subdivisions), main),
            Part("nose", nose, look.secondary("ceramic", "orange")),
            Part("eye_l", shapes.sphere(0.025, (-0.07, 1.4, 0.16), subdivisions=1), coal),
            Part("eye_r", shapes.sphere(0.025, (0.07, 1.4, 0.16), subdivisions=1), coal),
            Part("hat", shapes.cylinder(0.13, 0.25, (0, 1.55, 0), sections=look.thin), coal),
            Part("brim", shapes.cylinder(0.2, 0.02, (0, 1.55, 0), sections=look.thin), coal)]


@object_kind("scarecrow", material="canvas", category="props", words=("허수아비",))
def build_scarecrow(look: Look) -> list[Part]:
    wood = look.secondary("wood")
    straw = look.secondary("canvas", "yellow")
    return [Part("pole", shapes.box((0.08, 2.0, 0.08)), wood),
            Part("crossbar", shapes.box((1.4, 0.07, 0.07), (0, 1.45, 0)), wood),
            Part("shirt", shapes.tapered_box((0.5, 0.25), (0.6, 0.25), 0.6, (0, 0.95, 0)), look.main),
            Part("head", shapes.sphere(0.17, (0, 1.6, 0), subdivisions=1), look.secondary("canvas", "beige")),
            Part("hat", shapes.cone(0.3, 0.3, (0, 1.85, 0), sections=look.thin), straw)]


@object_kind("birch_tree", material="leaves", category="vegetation",
             words=("birch", "aspen", "white birch", "자작나무", "백양나무"))
def build_birch_tree(look: Look) -> list[Part]:
    bark = look.secondary("ceramic", "white")
    return [Part("trunk", shapes.cylinder(0.12, 4.0, sections=look.thin), bark),
            Part("crown_1", shapes.ellipsoid((1.0, 1.6, 1.0), (0, 2.8, 0), subdivisions=look.subdivisions), look.main),
            Part("crown_2", shapes.ellipsoid((0.7, 1.0, 0.7), (0.3, 4.6, 0.1), subdivisions=1), look.main)]


@object_kind("dead_tree", material="bark", category="vegetation",
             words=("bare tree", "leafless tree", "spooky tree", "withered tree", "고목", "죽은 나무", "마른나무",
                    "앙상한 나무"))
def build_dead_tree(look: Look) -> list[Part]:
    parts = [Part("trunk", shapes.frustum(0.25, 0.12, 3.5, sections=look.thin), look.main)]
    for i, (a, y, length) in enumerate(((0.3, 2.0, 1.6), (2.4, 2.6, 1.3), (4.3, 3.1, 1.1), (1.4, 3.4, 0.9))):
        end = (length * math.cos(a), y + length * 0.8, length * math.sin(a))
        parts.append(Part(f"branch_{i + 1}", shapes.rod((0, y, 0), end, 0.06, sections=6), look.main))
    return parts


@object_kind("bamboo", material="cactus", category="vegetation", words=("bamboo grove", "대나무", "대나무숲", "죽림"))
def build_bamboo(look: Look) -> list[Part]:
    leaves = look.secondary("leaves")
    parts = []
    for i, (x, z, h) in enumerate(((0, 0, 5.0), (0.4, 0.2, 4.2), (-0.35, 0.3, 4.6), (0.1, -0.4, 3.8))):
        parts.append(Part(f"cane_{i + 1}", shapes.cylinder(0.05, h, (x, 0, z), sections=6), look.main))
        parts.append(Part(f"leaves_{i + 1}", shapes.ellipsoid((0.4, 0.5, 0.4), (x, h - 0.6, z), subdivisions=1), leaves))
    return parts


@object_kind("sunflower", material="petals", category="vegetation", words=("sunflowers", "해바라기"))
def build_sunflower(look: Look) -> list[Part]:
    petals = look.main if look.main.name != "petals" or look.greybox else finish("petals", "yellow")
    head = shapes.turned(shapes.cylinder(0.18, 0.04, sections=look.sections), 70, axis=(1, 0, 0))
    head.apply_translation([0, 1.6, 0.05])
    disc = shapes.turned(shapes.cylinder(0.1, 0.05, sections=look.thin), 70, axis=(1, 0, 0))
    disc.apply_translation([0, 1.6, 0.07])
    return [Part("stem", shapes.cylinder(0.025, 1.6, sections=6), look.secondary("leaves")),
            Part("leaf_1", shapes.ellipsoid((0.15, 0.03, 0.08), (0.12, 0.8, 0), subdivisions=1), look.secondary("leaves")),
            Part("petals", head, petals), Part("disc", disc, look.secondary("soil"))]


@object_kind("pond", material="glass", category="terrain",
             words=("pool", "puddle", "small lake", "연못", "웅덩이", "저수지"))
def build_pond(look: Look) -> list[Part]:
    water = look.main if look.main.name != "glass" or look.greybox else finish("glass", "teal")
    if water.transparent:  # deep water: mostly opaque, or sand or grass shows through and the pond vanishes
        water = replace(water, name=f"{water.name}_deep", base_color=(*water.base_color[:3], 0.85))
    parts = [Part("water", shapes.cylinder(2.0, 0.03, sections=look.sections), water)]
    for i in range(8):
        a = 2 * math.pi * i / 8
        parts.append(Part(f"stone_{i + 1}", shapes.ellipsoid((0.35, 0.15, 0.25), (2.1 * math.cos(a), 0, 2.1 * math.sin(a)),
                                                             subdivisions=1), look.secondary("stone")))
    return parts


@object_kind("tombstone_cross", material="stone", category="props", words=("stone cross", "celtic cross", "십자가", "돌십자가"))
def build_tombstone_cross(look: Look) -> list[Part]:
    return [Part("base", shapes.box((0.5, 0.2, 0.3)), look.main),
            Part("upright", shapes.box((0.15, 1.3, 0.12), (0, 0.2, 0)), look.main),
            Part("arm", shapes.box((0.7, 0.15, 0.12), (0, 1.0, 0)), look.main)]


@object_kind("paper_lantern", material="fabric", category="props",
             words=("paper lamp", "hanging lantern", "chinese lantern", "청사초롱", "연등", "홍등"))
def build_paper_lantern(look: Look) -> list[Part]:
    """A paper lantern on a post, the kind strung along market streets."""
    main = look.main if look.main.name != "fabric" or look.greybox else finish("fabric", "red")
    from tools.scene.materials import glowing

    return [Part("post", shapes.cylinder(0.04, 2.2, sections=6), look.secondary("wood")),
            Part("arm", shapes.box((0.5, 0.04, 0.04), (0.22, 2.15, 0)), look.secondary("wood")),
            Part("lantern", shapes.ellipsoid((0.18, 0.25, 0.18), (0.45, 1.5, 0), subdivisions=look.subdivisions),
                 glowing(main, 0.6))]


@object_kind("cherry_tree", material="petals", category="vegetation",
             words=("cherry blossom", "cherry blossom tree", "sakura", "plum blossom", "blossom tree", "벚꽃", "벚나무",
                    "벚꽃나무", "매화", "매화나무"))
def build_cherry_tree(look: Look) -> list[Part]:
    petals = look.main if look.main.name != "petals" or look.greybox else finish("petals", "pink")
    bark = look.secondary("bark")
    parts = [Part("trunk", shapes.frustum(0.2, 0.12, 2.2, sections=look.thin), bark),
             Part("branch_1", shapes.rod((0, 1.8, 0), (0.9, 2.6, 0.2), 0.07, sections=6), bark),
             Part("branch_2", shapes.rod((0, 1.9, 0), (-0.8, 2.7, -0.3), 0.07, sections=6), bark)]
    for i, (x, y, z, r) in enumerate(((0, 2.8, 0, 1.2), (0.9, 2.6, 0.3, 0.8), (-0.9, 2.7, -0.3, 0.8),
                                      (0.2, 3.3, -0.4, 0.7))):
        parts.append(Part(f"blossom_{i + 1}", shapes.ellipsoid((r, r * 0.7, r), (x, y - r * 0.7, z),
                                                               subdivisions=look.subdivisions), petals))
    return parts
