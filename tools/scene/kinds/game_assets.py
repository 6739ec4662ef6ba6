"""Kinds game developers ask for by name and that no older family covered well: before these a
hover bike came out as a bicycle, a chicken as a crow, a mushroom house as a cottage, a jewel box
as a cardboard box, a pirate ship as a rowing boat, and "waves" or "a waterfall" as nothing.
Same conventions as every family: metres, +Y up, base centre at the origin, front at +Z.
"""

from __future__ import annotations

import math

from tools.scene import shapes
from tools.scene.materials import finish, glowing
from tools.scene.parts import Look, Part, object_kind


def _trim(look: Look, material: str, colour: str | None = None):
    return look.secondary(material, colour)


@object_kind("chicken", material="feathers", category="creatures",
             words=("hen", "rooster", "cockerel", "chick", "poultry", "닭", "병아리", "수탉", "암탉", "꼬꼬닭"))
def build_chicken(look: Look) -> list[Part]:
    """A plump 0.4 m hen: round white body, red comb and wattle, yellow beak and legs."""
    body_finish = look.main if look.main.name != "feathers" or look.greybox else finish("feathers", "white")
    red = _trim(look, "skin", "red")
    yellow = _trim(look, "ceramic", "yellow")
    beak = shapes.turned(shapes.cone(0.025, 0.07, sections=look.thin), 90, axis=(1, 0, 0))
    beak.apply_translation([0, 0.31, 0.19])
    tail = shapes.tapered_box((0.14, 0.05), (0.2, 0.02), 0.16, (0, 0.16, -0.14))
    shapes.turned(tail, -35, axis=(1, 0, 0), point=(0, 0.16, -0.14))
    parts = [
        Part("body", shapes.ellipsoid((0.13, 0.12, 0.16), (0, 0.1, 0), subdivisions=look.subdivisions), body_finish),
        Part("neck", shapes.ellipsoid((0.07, 0.09, 0.07), (0, 0.2, 0.1), subdivisions=1), body_finish),
        Part("head", shapes.sphere(0.065, (0, 0.26, 0.13), subdivisions=look.subdivisions), body_finish),
        Part("tail", tail, body_finish),
        Part("beak", beak, yellow),
        Part("comb", shapes.tapered_box((0.025, 0.09), (0.015, 0.06), 0.06, (0, 0.375, 0.13)), red),
        Part("wattle", shapes.ellipsoid((0.018, 0.03, 0.018), (0, 0.23, 0.19), subdivisions=1), red),
    ]
    for i, sx in enumerate((-1, 1), start=1):
        parts.append(Part(f"wing_{i}", shapes.ellipsoid((0.03, 0.075, 0.11), (sx * 0.12, 0.13, -0.01),
                                                        subdivisions=1), body_finish))
        parts.append(Part(f"leg_{i}", shapes.cylinder(0.012, 0.11, (sx * 0.05, 0, 0.01), sections=6), yellow))
        parts.append(Part(f"foot_{i}", shapes.box((0.05, 0.01, 0.07), (sx * 0.05, 0, 0.03)), yellow))
        eye = shapes.sphere(0.011, (sx * 0.05, 0.28, 0.17), subdivisions=1)
        parts.append(Part(f"eye_{i}", eye, _trim(look, "plastic", "black")))
    return parts


@object_kind("hover_bike", material="paint", category="vehicles", elevation=0.35,
             words=("hoverbike", "hover-bike", "speeder", "speeder bike", "jet bike", "jetbike", "hover cycle",
                    "hovercycle", "hover motorcycle", "anti-gravity bike", "호버바이크", "호버 바이크", "스피더",
                    "스피더 바이크", "제트바이크", "부양 바이크"))
def build_hover_bike(look: Look) -> list[Part]:
    """A sci-fi bike with no wheels: a long nosed body over two glowing hover pads, with side stripes."""
    stripe = _trim(look, "paint", "orange")
    glow = look.secondary("ceramic") if look.greybox else glowing(finish("glass", "cyan"), 1.5)
    dark = _trim(look, "dark_metal")
    body = shapes.tapered_box((0.5, 1.9), (0.36, 1.5), 0.34, (0, 0.25, 0))
    nose = shapes.tapered_box((0.4, 0.3), (0.06, 0.06), 0.45, (0, 0.0, 0))
    shapes.turned(nose, 90, axis=(1, 0, 0))
    nose.apply_translation([0, 0.42, 0.95])
    parts = [
        Part("body", body, look.main),
        Part("nose", nose, look.main),
        Part("seat", shapes.box((0.3, 0.08, 0.6), (0, 0.59, -0.25)), _trim(look, "leather", "black")),
        Part("windshield", shapes.tapered_box((0.34, 0.04), (0.2, 0.02), 0.22, (0, 0.59, 0.45)),
             look.secondary("glass")),
        Part("handlebar", shapes.rod((-0.35, 0.72, 0.3), (0.35, 0.72, 0.3), 0.022, sections=look.thin), dark),
        Part("engine", shapes.wheel(0.16, 0.36, (0, 0.42, -0.95), sections=look.sections), dark),
        Part("thruster", shapes.wheel(0.11, 0.38, (0, 0.42, -1.04), sections=look.sections), glow),
    ]
    shapes.turned(parts[-1].mesh, 90, axis=(0, 1, 0), point=(0, 0.42, -1.04))
    shapes.turned(parts[-2].mesh, 90, axis=(0, 1, 0), point=(0, 0.42, -0.95))
    for i, z in enumerate((0.6, -0.6), start=1):
        parts.append(Part(f"pad_{i}", shapes.cylinder(0.3, 0.1, (0, 0.12, z), sections=look.sections), dark))
        parts.append(Part(f"pad_glow_{i}", shapes.cylinder(0.24, 0.02, (0, 0.1, z), sections=look.sections), glow))
    for i, sx in enumerate((-1, 1), start=1):
        parts.append(Part(f"stripe_{i}", shapes.box((0.012, 0.07, 1.5), (sx * 0.235, 0.42, 0.0)), stripe))
        parts.append(Part(f"fin_{i}", shapes.prism([(0, 0), (0.45, 0), (0.1, 0.3)], 0.03,
                                                    (sx * 0.2, 0.55, -0.7)), look.main))
        shapes.turned(parts[-1].mesh, -90 * sx, axis=(0, 1, 0), point=(sx * 0.2, 0.55, -0.7))
    return parts


@object_kind("mushroom_house", material="mushroom_cap", category="buildings",
             words=("mushroom home", "mushroom cottage", "mushroom hut", "toadstool house", "toadstool cottage",
                    "fairy house", "버섯 집", "버섯집", "버섯 오두막", "버섯오두막", "버섯 하우스", "요정의 집"))
def build_mushroom_house(look: Look) -> list[Part]:
    """A fairy-tale house: a fat cream stem with a door and round windows under a big spotted cap."""
    stem = look.secondary("plaster", "beige")
    white = _trim(look, "ceramic", "white")
    wood = _trim(look, "wood")
    cap = shapes.lathe([(0, 0), (2.3, 0), (2.2, 0.35), (1.8, 0.95), (1.1, 1.45), (0, 1.6)], (0, 2.6, 0),
                       sections=look.sections)
    parts = [
        Part("stem", shapes.frustum(1.45, 1.2, 2.7, sections=look.sections), stem),
        Part("cap", cap, look.main),
        Part("door", shapes.box((0.7, 1.35, 0.08), (0, 0.0, 1.36)), wood),
        Part("door_top", shapes.wheel(0.35, 0.08, (0, 1.35, 1.36), sections=look.thin), wood),
        Part("step", shapes.box((1.0, 0.12, 0.45), (0, 0, 1.55)), _trim(look, "stone")),
        Part("chimney", shapes.cylinder(0.16, 0.8, (1.0, 3.55, -0.6), sections=look.thin), _trim(look, "stone")),
    ]
    shapes.turned(parts[3].mesh, 90, axis=(0, 1, 0), point=(0, 1.35, 1.36))
    for i, (angle, height) in enumerate(((40, 1.7), (-40, 1.7), (150, 1.5)), start=1):
        x, z = 1.33 * math.sin(math.radians(angle)), 1.33 * math.cos(math.radians(angle))
        window = shapes.wheel(0.24, 0.06, (0, height, 0), sections=look.thin)
        shapes.turned(window, 90, axis=(0, 1, 0))
        shapes.turned(window, angle)
        window.apply_translation([x, 0, z])
        parts.append(Part(f"window_{i}", window, look.secondary("ceramic") if look.greybox else
                          glowing(finish("glass", "yellow"), 0.6)))
    for i in range(9):  # white spots on the cap
        angle = 2 * math.pi * i / 9 + 0.3
        ring = 1.5 if i % 2 else 0.85
        y = 2.6 + (0.95 if ring == 1.5 else 1.35)
        spot = shapes.ellipsoid((0.28, 0.1, 0.28), (ring * math.cos(angle), y, ring * math.sin(angle)),
                                subdivisions=1)
        parts.append(Part(f"spot_{i + 1}", spot, white))
    return parts


@object_kind("jewel_box", material="wood", category="containers",
             words=("jewelry box", "jewellery box", "jewel case", "jewel chest", "trinket box", "treasure box",
                    "music box", "casket", "보석 상자", "보석상자", "보석함", "보석 함", "주얼리 박스", "보물 상자",
                    "오르골", "장신구함"))
def build_jewel_box(look: Look) -> list[Part]:
    """A small 0.2 m box with a domed lid, gold trim, a gold handle and a gem on the lid."""
    gold = _trim(look, "gold")
    gem = look.secondary("ceramic") if look.greybox else glowing(finish("glass", "red"), 0.8)
    width, depth, height = 0.24, 0.16, 0.1
    lid = shapes.lathe([(0, 0), (1.0, 0), (0.95, 0.35), (0.7, 0.7), (0, 0.85)], (0, height, 0), sections=look.sections)
    lid.apply_scale([width / 2, 0.06, depth / 2])
    lid.apply_translation([0, height * (1 - 0.06), 0])
    handle = shapes.ring(0.025, 0.034, 0.01, sections=look.thin)
    shapes.turned(handle, 90, axis=(1, 0, 0))
    handle.apply_translation([0, height + 0.065, 0])
    parts = [
        Part("box", shapes.box((width, height, depth)), look.main),
        Part("lid", lid, look.main),
        Part("trim_base", shapes.box((width + 0.012, 0.012, depth + 0.012)), gold),
        Part("trim_rim", shapes.box((width + 0.012, 0.012, depth + 0.012), (0, height - 0.006, 0)), gold),
        Part("lock", shapes.box((0.04, 0.045, 0.012), (0, height - 0.045, depth / 2)), gold),
        Part("handle", handle, gold),
        Part("gem", shapes.sphere(0.017, (0, height + 0.04, depth * 0.32), subdivisions=1), gem),
    ]
    for i, (sx, sz) in enumerate(((-1, -1), (1, -1), (-1, 1), (1, 1)), start=1):
        parts.append(Part(f"foot_{i}", shapes.sphere(0.012, (sx * width * 0.42, -0.012, sz * depth * 0.38),
                                                     subdivisions=1), gold))
    return parts


@object_kind("waterfall", material="stone", category="terrain",
             words=("falls", "cascade", "cascading water", "water fall", "폭포", "폭포수", "물줄기", "폭포가"))
def build_waterfall(look: Look) -> list[Part]:
    """A 5 m rock step with a sheet of falling water, foam where it lands and a pool in front."""
    water = look.secondary("ceramic") if look.greybox else glowing(finish("ceramic", "cyan"), 0.25)
    foam = _trim(look, "ceramic", "white")
    rock = look.main
    parts = [
        Part("cliff", shapes.tapered_box((6.0, 2.4), (5.2, 1.8), 5.0, (0, 0, -1.2)), rock),
        Part("ledge", shapes.box((2.2, 0.3, 1.0), (0, 4.7, -0.1)), rock),
        Part("water", shapes.box((1.6, 4.8, 0.12), (0, 0.05, 0.32)), water),
        Part("pool", shapes.cylinder(2.6, 0.08, (0, 0, 1.9), sections=look.sections), water),
        Part("foam", shapes.ellipsoid((1.2, 0.25, 0.6), (0, 0, 0.7), subdivisions=1), foam),
    ]
    for i, (x, z, r) in enumerate(((-2.4, 0.6, 0.7), (2.5, 0.9, 0.9), (-1.8, 2.8, 0.5), (2.0, 3.0, 0.45)), start=1):
        parts.append(Part(f"boulder_{i}", shapes.ellipsoid((r, r * 0.7, r), (x, 0, z), subdivisions=1), rock))
    for i, x in enumerate((-2.9, 2.9), start=1):
        parts.append(Part(f"crag_{i}", shapes.tapered_box((1.4, 1.6), (0.6, 0.8), 5.8, (x, 0, -1.3)), rock))
    return parts


@object_kind("sailing_ship", material="wood", category="vehicles", max_triangles=3000,
             words=("pirate ship", "galleon", "sailing ship", "sailship", "sail ship", "tall ship", "frigate",
                    "sailboat", "sailing boat", "caravel", "brig", "해적선", "범선", "돛단배", "돛배", "갤리온",
                    "해적 배", "해적배", "돛단 배", "군함", "warship"))
def build_sailing_ship(look: Look) -> list[Part]:
    """A 12 m three-masted ship: a pointed hull with a raised stern, square sails and a black flag."""
    length, width, depth = 12.0, 3.4, 1.8
    hull = shapes.tapered_box((width * 0.55, length * 0.82), (width, length), depth)
    front = hull.vertices[:, 2] > 0
    hull.vertices[front, 0] *= 0.2  # the bow comes to a point
    sail = look.secondary("canvas") if look.greybox else finish("fabric", "white")
    mast_finish = _trim(look, "wood", "brown")
    parts = [
        Part("hull", hull, look.main),
        Part("deck", shapes.box((width * 0.82, 0.08, length * 0.8), (0, depth - 0.05, -0.3)), _trim(look, "wood")),
        Part("stern_castle", shapes.box((width * 0.9, 1.1, 2.4), (0, depth, -length / 2 + 1.3)), look.main),
        Part("bowsprit", shapes.rod((0, depth + 0.3, length / 2 - 0.3), (0, depth + 1.3, length / 2 + 2.6), 0.08,
                                    sections=look.thin), mast_finish),
    ]
    for i, (z, height) in enumerate(((3.2, 7.5), (0.0, 9.0), (-3.2, 7.0)), start=1):
        parts.append(Part(f"mast_{i}", shapes.cylinder(0.12, height, (0, depth, z), sections=look.thin), mast_finish))
        for j, (lift, span, tall) in enumerate(((0.35, 1.0, 0.36), (0.72, 0.8, 0.24)), start=1):
            low = depth + height * lift
            parts.append(Part(f"sail_{i}_{j}", shapes.tapered_box((width * span * 1.25, 0.06),
                                                                  (width * span * 1.0, 0.06), height * tall,
                                                                  (0, low, z + 0.18)), sail))
            parts.append(Part(f"yard_{i}_{j}", shapes.rod((-width * span * 0.65, low + height * tall, z + 0.15),
                                                          (width * span * 0.65, low + height * tall, z + 0.15), 0.06,
                                                          sections=6), mast_finish))
    parts.append(Part("flag", shapes.box((0.02, 0.6, 0.9), (0, depth + 9.0 - 0.7, -0.5)), _trim(look, "fabric", "black")))
    for i, sx in enumerate((-1, 1), start=1):
        for k, z in enumerate((-2.0, 0.5, 3.0), start=1):
            cannon = shapes.wheel(0.12, 0.5, (sx * width * 0.5, depth * 0.62, z), sections=look.thin)
            parts.append(Part(f"cannon_{i}_{k}", cannon, _trim(look, "dark_metal")))
    return parts


@object_kind("column", material="stone", category="buildings",
             words=("pillar", "stone column", "stone pillar", "marble column", "colonnade", "기둥", "돌기둥", "석주",
                    "대리석 기둥", "기둥마다"))
def build_column(look: Look) -> list[Part]:
    """A 4 m classical column: square plinth, round fluted-looking shaft, square capital."""
    parts = [
        Part("plinth", shapes.box((0.9, 0.3, 0.9)), look.main),
        Part("base", shapes.frustum(0.42, 0.34, 0.2, (0, 0.3, 0), sections=look.sections), look.main),
        Part("shaft", shapes.frustum(0.32, 0.28, 3.1, (0, 0.5, 0), sections=max(8, look.sections // 2)), look.main),
        Part("echinus", shapes.frustum(0.3, 0.42, 0.2, (0, 3.6, 0), sections=look.sections), look.main),
        Part("capital", shapes.box((0.95, 0.22, 0.95), (0, 3.8, 0)), look.main),
    ]
    return parts


@object_kind("shop_sign", material="wood", category="props",
             words=("sign", "signboard", "shop sign", "hanging sign", "store sign", "tavern sign", "inn sign",
                    "potion shop sign", "간판", "상점 간판", "가게 간판", "걸이 간판", "현판"))
def build_shop_sign(look: Look) -> list[Part]:
    """A hanging shop sign: a wall bracket with a board on two chains, a round emblem painted on it."""
    iron = _trim(look, "dark_metal")
    emblem = _trim(look, "paint", "yellow")
    parts = [
        Part("post", shapes.box((0.1, 2.4, 0.1)), _trim(look, "wood", "brown")),
        Part("bracket", shapes.box((0.05, 0.05, 0.9), (0, 2.25, 0.45)), iron),
        Part("board", shapes.box((0.06, 0.55, 0.75), (0, 1.45, 0.5)), look.main),
        Part("frame", shapes.box((0.04, 0.63, 0.83), (0, 1.41, 0.5)), iron),
        Part("emblem", shapes.wheel(0.17, 0.08, (0, 1.72, 0.5), sections=look.thin), emblem),
    ]
    for i, z in enumerate((0.2, 0.8), start=1):
        parts.append(Part(f"chain_{i}", shapes.rod((0, 2.25, z), (0, 2.0, z), 0.012, sections=5), iron))
    return parts


@object_kind("oak_tree", material="leaves", category="vegetation",
             words=("oak", "great oak", "old oak", "ancient tree", "big tree", "참나무", "떡갈나무", "상수리나무",
                    "오크나무", "큰 나무", "느티나무"))
def build_oak_tree(look: Look) -> list[Part]:
    """A broad 6 m oak: a thick trunk flaring into roots, two limbs and a wide lumpy crown."""
    bark = look.secondary("bark")
    parts = [Part("trunk", shapes.frustum(0.55, 0.38, 3.0, sections=look.sections), bark)]
    for i in range(5):  # roots spreading from the foot of the trunk
        angle = 2 * math.pi * i / 5 + 0.4
        root = shapes.rod((0.3 * math.cos(angle), 0.35, 0.3 * math.sin(angle)),
                          (1.2 * math.cos(angle), 0.0, 1.2 * math.sin(angle)), 0.16, sections=look.thin)
        parts.append(Part(f"root_{i + 1}", root, bark))
    for i, (dx, dz) in enumerate(((1.2, 0.3), (-1.0, -0.4)), start=1):
        parts.append(Part(f"limb_{i}", shapes.rod((0, 2.6, 0), (dx, 3.9, dz), 0.18, sections=look.thin), bark))
    for i, (x, y, z, r) in enumerate(((0, 4.0, 0, 2.1), (1.5, 3.7, 0.4, 1.5), (-1.4, 3.8, -0.5, 1.5),
                                      (0.3, 3.6, 1.4, 1.3), (-0.2, 3.7, -1.5, 1.3)), start=1):
        r *= float(look.rng.uniform(0.9, 1.1))
        crown = shapes.ellipsoid((r, r * 0.8, r), (x, y - r * 0.8, z), subdivisions=max(1, look.subdivisions - 1))
        parts.append(Part(f"crown_{i}", crown, look.main))
    return parts


@object_kind("spellbook", material="leather", category="props",
             words=("grimoire", "magic book", "spell book", "open book", "tome", "마법서", "마법책", "마도서", "주문서",
                    "펼쳐진 책"))
def build_spellbook(look: Look) -> list[Part]:
    """An open 0.45 m book: two covers and two page blocks in a shallow V, a ribbon, a glowing rune."""
    pages = _trim(look, "fabric", "beige")
    rune = look.secondary("ceramic") if look.greybox else glowing(finish("glass", "cyan"), 1.2)
    parts = []
    for i, side in enumerate((-1, 1), start=1):
        cover = shapes.box((0.23, 0.015, 0.32), (side * 0.115, 0.0, 0))
        shapes.turned(cover, side * -8, axis=(0, 0, 1))
        block = shapes.box((0.21, 0.035, 0.3), (side * 0.108, 0.012, 0))
        shapes.turned(block, side * -8, axis=(0, 0, 1))
        parts.append(Part(f"cover_{i}", cover, look.main))
        parts.append(Part(f"pages_{i}", block, pages))
    parts.append(Part("spine", shapes.box((0.03, 0.04, 0.32)), look.main))
    parts.append(Part("ribbon", shapes.box((0.012, 0.003, 0.2), (0.02, 0.05, 0.12)), _trim(look, "fabric", "red")))
    parts.append(Part("rune", shapes.ring(0.035, 0.045, 0.003, (0.11, 0.062, 0), sections=look.thin), rune))
    return parts


@object_kind("cannon", material="dark_metal", category="weapons",
             words=("artillery", "field gun", "ship cannon", "대포", "캐논", "포대", "화포"))
def build_cannon(look: Look) -> list[Part]:
    """A 2 m muzzle-loading cannon on a wooden carriage with two spoked-looking wheels."""
    wood = _trim(look, "wood")
    barrel = shapes.frustum(0.2, 0.14, 1.9, sections=look.sections)
    shapes.turned(barrel, 80, axis=(1, 0, 0))
    barrel.apply_translation([0, 0.65, -0.55])
    parts = [
        Part("carriage", shapes.box((0.5, 0.3, 1.3), (0, 0.35, -0.2)), wood),
        Part("trail", shapes.box((0.3, 0.12, 1.1), (0, 0.05, -1.1)), wood),
        Part("barrel", barrel, look.main),
        Part("breech", shapes.sphere(0.2, (0, 0.5, -0.7), subdivisions=1), look.main),
        Part("muzzle", shapes.wheel(0.17, 0.12, (0, 0.98, 1.3), sections=look.thin), look.main),
    ]
    shapes.turned(parts[-1].mesh, 90, axis=(0, 1, 0), point=(0, 0.98, 1.3))
    for i, side in enumerate((-1, 1), start=1):
        parts.append(Part(f"wheel_{i}", shapes.wheel(0.42, 0.1, (side * 0.36, 0.42, 0.0), sections=look.sections),
                          wood))
        parts.append(Part(f"hub_{i}", shapes.wheel(0.1, 0.14, (side * 0.36, 0.42, 0.0), sections=look.thin),
                          _trim(look, "dark_metal")))
    return parts


@object_kind("portal", material="stone", category="props",
             words=("magic portal", "warp gate", "teleporter", "stargate", "dimensional gate", "rift", "포탈", "포털",
                    "차원문", "워프게이트", "순간이동 장치", "마법진"))
def build_portal(look: Look) -> list[Part]:
    """A 3 m stone ring standing on a dais, a glowing disc of light inside it."""
    swirl = look.secondary("ceramic") if look.greybox else glowing(finish("glass", "purple"), 1.5)
    ring = shapes.ring(1.15, 1.45, 0.4, sections=max(12, look.sections))
    shapes.turned(ring, 90, axis=(1, 0, 0))
    ring.apply_translation([0, 1.75, 0])
    disc = shapes.cylinder(1.15, 0.06, sections=max(12, look.sections))
    shapes.turned(disc, 90, axis=(1, 0, 0))
    disc.apply_translation([0, 1.75, 0])
    parts = [
        Part("dais", shapes.frustum(1.8, 1.6, 0.3, sections=look.sections), look.main),
        Part("ring", ring, look.main),
        Part("light", disc, swirl),
    ]
    for i, side in enumerate((-1, 1), start=1):
        parts.append(Part(f"foot_{i}", shapes.box((0.5, 0.45, 0.5), (side * 1.1, 0.3, 0)), look.main))
    return parts


@object_kind("reeds", material="leaves", category="vegetation",
             words=("reed", "cattail", "cattails", "bulrush", "rushes", "marsh grass", "갈대", "부들", "갈대숲", "습지풀"))
def build_reeds(look: Look) -> list[Part]:
    """A clump of 1.5 m reeds, some with brown cattail heads."""
    head = _trim(look, "bark")
    parts = []
    for i in range(9):
        angle = 2 * math.pi * i / 9 + float(look.rng.uniform(0, 0.6))
        r = 0.08 + 0.22 * (i % 3) / 2
        x, z = r * math.cos(angle), r * math.sin(angle)
        tall = float(look.rng.uniform(1.1, 1.7))
        tip = (x * 2.2, tall, z * 2.2)
        parts.append(Part(f"stalk_{i + 1}", shapes.rod((x, 0, z), tip, 0.012, sections=5), look.main))
        if i % 3 == 0:
            parts.append(Part(f"head_{i + 1}", shapes.rod((tip[0] * 0.95, tall * 0.8, tip[2] * 0.95),
                                                          (tip[0] * 0.98, tall * 0.95, tip[2] * 0.98), 0.03,
                                                          sections=6), head))
    return parts


@object_kind("wave", material="plastic", category="terrain",
             words=("waves", "breaker", "breakers", "surf", "big wave", "crashing wave", "파도", "물결", "큰 파도",
                    "파도가", "너울"))
def build_wave(look: Look) -> list[Part]:
    """An 8 m breaking wave: a tall curling teal crest rising from the water with white foam along its lip."""
    import numpy as np
    import trimesh

    water = look.main if look.main.name != "plastic" or look.greybox else glowing(finish("ceramic", "teal"), 0.5)
    foam = _trim(look, "ceramic", "white")
    # the crest's cross-section (z, y), swept along x: a slope that rises and curls forward
    profile = [(-2.2, 0.0), (-1.2, 0.8), (-0.4, 2.2), (0.2, 3.3), (0.9, 3.7), (1.5, 3.3), (1.4, 2.7),
               (0.9, 2.6), (0.4, 2.0), (0.1, 1.0), (0.3, 0.0)]
    width, steps = 8.0, 9
    xs = np.linspace(-width / 2, width / 2, steps)
    rows = []
    for x in xs:
        swell = 0.8 + 0.2 * math.cos(math.pi * x / width)  # lower towards the ends
        rows.append([(x, y * swell, z) for z, y in profile])
    vertices = np.asarray(rows, float).reshape(-1, 3)
    n = len(profile)
    faces = []
    for i in range(steps - 1):
        for j in range(n):
            a, b = i * n + j, i * n + (j + 1) % n
            c, d = (i + 1) * n + j, (i + 1) * n + (j + 1) % n
            faces += [[a, c, b], [b, c, d]]
    for end, flip in ((0, False), (steps - 1, True)):  # close both ends with fans
        for j in range(1, n - 1):
            tri = [end * n, end * n + j, end * n + j + 1]
            faces.append(tri[::-1] if flip else tri)
    crest = trimesh.Trimesh(vertices=vertices, faces=np.asarray(faces), process=False)
    crest.fix_normals()
    parts = [Part("crest", crest, water)]
    for i, x in enumerate(np.linspace(-width / 2 + 0.8, width / 2 - 0.8, 6), start=1):
        swell = 0.8 + 0.2 * math.cos(math.pi * x / width)
        parts.append(Part(f"foam_{i}", shapes.ellipsoid((0.95, 0.3, 0.5), (x, 3.45 * swell, 1.0),
                                                        subdivisions=1), foam))
    parts.append(Part("spray", shapes.ellipsoid((width * 0.45, 0.35, 0.9), (0, 0, 1.2), subdivisions=1), foam))
    return parts


@object_kind("neon_sign", material="dark_metal", category="props",
             words=("neon light sign", "glowing sign", "light-up sign", "네온사인", "네온 사인", "네온간판",
                    "네온 간판", "전광판"))
def build_neon_sign(look: Look) -> list[Part]:
    """A 3 m post with a dark board framed in glowing pink tubes and two cyan bars across it."""
    pink = look.secondary("ceramic") if look.greybox else glowing(finish("plastic", "pink"), 1.0)
    cyan = look.secondary("ceramic") if look.greybox else glowing(finish("plastic", "cyan"), 1.0)
    parts = [
        Part("post", shapes.box((0.1, 3.0, 0.1)), look.main),
        Part("board", shapes.box((1.3, 0.9, 0.08), (0, 1.9, 0.1)), look.main),
    ]
    for i, (w, h, x, y) in enumerate(((1.3, 0.05, 0, 2.8), (1.3, 0.05, 0, 1.85), (0.05, 0.95, -0.65, 1.85),
                                      (0.05, 0.95, 0.65, 1.85)), start=1):
        parts.append(Part(f"tube_{i}", shapes.box((w, h, 0.05), (x, y, 0.16)), pink))
    for i, y in enumerate((2.15, 2.45), start=1):
        parts.append(Part(f"bar_{i}", shapes.box((0.9 - 0.2 * i, 0.08, 0.05), (0, y, 0.16)), cyan))
    return parts


@object_kind("altar", material="stone", category="props",
             words=("shrine altar", "sacrificial altar", "ritual altar", "offering table", "제단", "제대", "제사상", "성단"))
def build_altar(look: Look) -> list[Part]:
    """A 1 m stone altar on two steps, a cloth across its top and a candle at each end."""
    flame = look.secondary("ceramic") if look.greybox else glowing(finish("flame"), 1.5)
    parts = [
        Part("step_1", shapes.box((2.4, 0.2, 1.6)), look.main),
        Part("step_2", shapes.box((2.0, 0.2, 1.2), (0, 0.2, 0)), look.main),
        Part("block", shapes.box((1.6, 0.7, 0.8), (0, 0.4, 0)), look.main),
        Part("slab", shapes.box((1.8, 0.1, 0.95), (0, 1.1, 0)), look.main),
        Part("cloth", shapes.box((0.5, 0.02, 0.97), (0, 1.2, 0)), _trim(look, "fabric", "red")),
    ]
    for i, x in enumerate((-0.7, 0.7), start=1):
        parts.append(Part(f"candle_{i}", shapes.cylinder(0.04, 0.22, (x, 1.2, 0), sections=look.thin),
                          _trim(look, "ceramic", "white")))
        parts.append(Part(f"flame_{i}", shapes.cone(0.025, 0.07, (x, 1.42, 0), sections=6), flame))
    return parts


@object_kind("obelisk", material="stone", category="buildings",
             words=("monolith", "standing stone", "menhir", "rune stone", "runestone", "오벨리스크",
                    "선돌", "비석탑", "룬스톤", "석비"))
def build_obelisk(look: Look) -> list[Part]:
    """A 5 m tapering stone needle with a pyramid tip on a square base, a glowing rune band."""
    rune = look.secondary("ceramic") if look.greybox else glowing(finish("glass", "cyan"), 1.0)
    return [
        Part("base", shapes.box((1.4, 0.4, 1.4)), look.main),
        Part("shaft", shapes.tapered_box((0.8, 0.8), (0.5, 0.5), 4.2, (0, 0.4, 0)), look.main),
        Part("tip", shapes.tapered_box((0.5, 0.5), (0.0, 0.0), 0.5, (0, 4.6, 0)), look.main),
        Part("runes", shapes.tapered_box((0.76, 0.76), (0.74, 0.74), 0.12, (0, 2.0, 0)), rune),
    ]


@object_kind("crab", material="scales", category="creatures",
             words=("lobster", "crayfish", "hermit crab", "게", "꽃게", "바닷가재", "랍스터", "가재", "소라게"))
def build_crab(look: Look) -> list[Part]:
    """A 0.35 m red crab: a flat round shell, two big claws forward, eight legs, eyes on stalks."""
    main = look.main if look.main.name != "scales" or look.greybox else finish("scales", "red")
    eye = _trim(look, "plastic", "black")
    parts = [Part("shell", shapes.ellipsoid((0.17, 0.06, 0.13), (0, 0.06, 0), subdivisions=look.subdivisions), main)]
    for i, side in enumerate((-1, 1), start=1):
        parts.append(Part(f"arm_{i}", shapes.rod((side * 0.12, 0.1, 0.08), (side * 0.2, 0.12, 0.2), 0.02,
                                                 sections=6), main))
        parts.append(Part(f"claw_{i}", shapes.ellipsoid((0.05, 0.035, 0.07), (side * 0.21, 0.09, 0.25),
                                                        subdivisions=1), main))
        parts.append(Part(f"stalk_{i}", shapes.rod((side * 0.04, 0.1, 0.1), (side * 0.05, 0.17, 0.12), 0.008,
                                                   sections=5), main))
        parts.append(Part(f"eye_{i}", shapes.sphere(0.016, (side * 0.05, 0.165, 0.12), subdivisions=1), eye))
        for k, z in enumerate((0.05, -0.01, -0.07, -0.12), start=1):
            leg = shapes.rod((side * 0.14, 0.07, z), (side * 0.27, 0.0, z * 1.4), 0.012, sections=5)
            parts.append(Part(f"leg_{i}_{k}", leg, main))
    return parts


@object_kind("bat", material="fur", category="creatures",
             words=("vampire bat", "bats", "박쥐", "흡혈박쥐"), elevation=1.5)
def build_bat(look: Look) -> list[Part]:
    """A bat with wings spread (0.6 m across), hanging in the air: furry body, pointed ears, thin wings."""
    main = look.main if look.main.name != "fur" or look.greybox else finish("fur", "black")
    wing = _trim(look, "leather", "black")
    red = look.secondary("ceramic") if look.greybox else glowing(finish("plastic", "red"), 1.0)
    parts = [
        Part("body", shapes.ellipsoid((0.05, 0.07, 0.05), (0, 0, 0), subdivisions=1), main),
        Part("head", shapes.sphere(0.04, (0, 0.13, 0.01), subdivisions=1), main),
    ]
    for i, side in enumerate((-1, 1), start=1):
        parts.append(Part(f"wing_{i}", shapes.prism([(0.0, 0.0), (0.3, -0.05), (0.28, 0.12), (0.12, 0.16), (0.0, 0.12)],
                                                    0.008, (side * 0.04, 0.03, 0)), wing))
        if side < 0:
            shapes.turned(parts[-1].mesh, 180, axis=(0, 1, 0), point=(side * 0.04, 0.03, 0))
        parts.append(Part(f"ear_{i}", shapes.cone(0.015, 0.05, (side * 0.02, 0.19, 0.01), sections=5), main))
        parts.append(Part(f"eye_{i}", shapes.sphere(0.008, (side * 0.015, 0.16, 0.045), subdivisions=1), red))
    return parts


@object_kind("golem", material="stone", category="creatures", max_triangles=3000,
             words=("stone golem", "rock golem", "iron golem", "colossus", "rock giant", "stone giant", "골렘",
                    "돌 골렘", "돌골렘", "바위 거인", "석상 거인"))
def build_golem(look: Look) -> list[Part]:
    """A 2.6 m hulking figure of blocks: a broad chest, small head with glowing eyes, huge fists."""
    glow = look.secondary("ceramic") if look.greybox else glowing(finish("glass", "cyan"), 2.0)
    parts = [
        Part("pelvis", shapes.box((0.8, 0.4, 0.5), (0, 1.0, 0)), look.main),
        Part("chest", shapes.tapered_box((0.9, 0.6), (1.4, 0.75), 0.9, (0, 1.4, 0)), look.main),
        Part("head", shapes.box((0.42, 0.38, 0.42), (0, 2.25, 0.08)), look.main),
        Part("core", shapes.sphere(0.1, (0, 1.8, 0.33), subdivisions=1), glow),
    ]
    for i, side in enumerate((-1, 1), start=1):
        parts.append(Part(f"eye_{i}", shapes.box((0.08, 0.05, 0.02), (side * 0.1, 2.42, 0.3)), glow))
        parts.append(Part(f"leg_{i}", shapes.box((0.35, 1.0, 0.4), (side * 0.25, 0.0, 0)), look.main))
        parts.append(Part(f"shoulder_{i}", shapes.sphere(0.28, (side * 0.78, 1.95, 0), subdivisions=1), look.main))
        parts.append(Part(f"arm_{i}", shapes.box((0.3, 0.9, 0.32), (side * 0.82, 1.1, 0.02)), look.main))
        parts.append(Part(f"fist_{i}", shapes.box((0.42, 0.4, 0.42), (side * 0.84, 0.7, 0.05)), look.main))
    return parts


@object_kind("coffin", material="wood", category="containers",
             words=("casket coffin", "sarcophagus", "vampire coffin", "관", "석관", "목관"))
def build_coffin(look: Look) -> list[Part]:
    """A 2 m six-sided coffin lying on the ground, a cross on its lid."""
    outline = [(-0.3, -1.0), (0.3, -1.0), (0.42, 0.35), (0.3, 1.0), (-0.3, 1.0), (-0.42, 0.35)]
    body = shapes.prism(outline, 0.45)
    shapes.turned(body, -90, axis=(1, 0, 0))
    body.apply_translation([0, 0.0, 0])
    body = shapes._place(body, (0, 0, 0))
    lid = shapes.prism([(x * 1.04, z * 1.02) for x, z in outline], 0.06)
    shapes.turned(lid, -90, axis=(1, 0, 0))
    lid = shapes._place(lid, (0, 0.45, 0))
    brass = _trim(look, "gold")
    return [
        Part("body", body, look.main),
        Part("lid", lid, look.main),
        Part("cross_long", shapes.box((0.08, 0.02, 0.7), (0, 0.51, -0.1)), brass),
        Part("cross_short", shapes.box((0.4, 0.02, 0.08), (0, 0.51, 0.1)), brass),
    ]


@object_kind("catapult", material="wood", category="weapons",
             words=("trebuchet", "siege engine", "ballista", "onager", "투석기", "캐터펄트", "공성병기", "발리스타", "노포"))
def build_catapult(look: Look) -> list[Part]:
    """A 3 m siege catapult: a wheeled frame, an A-frame upright and a long arm with a bucket of stone."""
    iron = _trim(look, "dark_metal")
    parts = [
        Part("rail_1", shapes.box((0.15, 0.2, 3.0), (-0.6, 0.45, 0)), look.main),
        Part("rail_2", shapes.box((0.15, 0.2, 3.0), (0.6, 0.45, 0)), look.main),
        Part("cross_1", shapes.box((1.35, 0.15, 0.15), (0, 0.5, 1.2)), look.main),
        Part("cross_2", shapes.box((1.35, 0.15, 0.15), (0, 0.5, -1.2)), look.main),
        Part("axle", shapes.rod((-0.6, 1.7, 0.2), (0.6, 1.7, 0.2), 0.06, sections=look.thin), iron),
        Part("arm", shapes.rod((0, 0.75, -1.2), (0, 2.6, 1.0), 0.07, sections=look.thin), look.main),
        Part("bucket", shapes.frustum(0.18, 0.26, 0.18, (0, 2.55, 1.05), sections=look.thin), look.main),
        Part("stone", shapes.sphere(0.17, (0, 2.65, 1.05), subdivisions=1), _trim(look, "stone")),
    ]
    for i, side in enumerate((-1, 1), start=1):
        parts.append(Part(f"upright_{i}_a", shapes.rod((side * 0.6, 0.55, 1.0), (side * 0.6, 1.75, 0.2), 0.07,
                                                       sections=look.thin), look.main))
        parts.append(Part(f"upright_{i}_b", shapes.rod((side * 0.6, 0.55, -0.6), (side * 0.6, 1.75, 0.2), 0.07,
                                                       sections=look.thin), look.main))
        for k, z in enumerate((1.1, -1.1), start=1):
            parts.append(Part(f"wheel_{i}_{k}", shapes.wheel(0.38, 0.1, (side * 0.75, 0.38, z),
                                                             sections=look.sections), _trim(look, "wood")))
    return parts


@object_kind("scroll", material="fabric", category="props",
             words=("parchment", "rolled scroll", "magic scroll", "quest scroll", "treasure map", "map", "두루마리",
                    "양피지", "마법 두루마리", "보물지도", "지도", "스크롤"))
def build_scroll(look: Look) -> list[Part]:
    """A half-unrolled 0.4 m parchment: a flat sheet between two wooden rollers, tied with a red ribbon."""
    main = look.main if look.main.name != "fabric" or look.greybox else finish("fabric", "beige")
    wood = _trim(look, "wood")
    parts = [
        Part("sheet", shapes.box((0.36, 0.006, 0.3)), main),
        Part("roll", shapes.wheel(0.03, 0.38, (0, 0.03, -0.16), sections=look.thin), main),
        Part("ribbon", shapes.wheel(0.033, 0.03, (0.05, 0.03, -0.16), sections=look.thin), _trim(look, "fabric", "red")),
        Part("ink", shapes.box((0.2, 0.002, 0.12), (0, 0.006, 0.02)), _trim(look, "fabric", "brown")),
    ]
    for i, side in enumerate((-1, 1), start=1):
        parts.append(Part(f"knob_{i}", shapes.sphere(0.02, (side * 0.2, 0.01, -0.16), subdivisions=1), wood))
    return parts


@object_kind("hourglass", material="glass", category="props",
             words=("sand timer", "sandglass", "egg timer", "모래시계"))
def build_hourglass(look: Look) -> list[Part]:
    """A 0.3 m hourglass: two glass bulbs between wooden discs on three posts, sand in the lower bulb."""
    wood = _trim(look, "wood")
    sand = look.secondary("ceramic") if look.greybox else finish("cardboard", "yellow")
    bulb = [(0.0, 0.0), (0.08, 0.01), (0.09, 0.06), (0.01, 0.13), (0.0, 0.13)]
    lower = shapes.lathe(bulb, (0, 0.025, 0), sections=look.sections)
    upper = shapes.lathe(bulb, (0, 0.155, 0), sections=look.sections)
    shapes.turned(upper, 180, axis=(1, 0, 0), point=(0, 0.22, 0))
    parts = [
        Part("bottom", shapes.cylinder(0.11, 0.025, sections=look.sections), wood),
        Part("top", shapes.cylinder(0.11, 0.025, (0, 0.285, 0), sections=look.sections), wood),
        Part("bulb_lower", lower, look.main),
        Part("bulb_upper", upper, look.main),
        Part("sand", shapes.frustum(0.075, 0.02, 0.05, (0, 0.03, 0), sections=look.thin), sand),
    ]
    for i in range(3):
        angle = 2 * math.pi * i / 3
        x, z = 0.095 * math.cos(angle), 0.095 * math.sin(angle)
        parts.append(Part(f"post_{i + 1}", shapes.cylinder(0.008, 0.26, (x, 0.025, z), sections=5), wood))
    return parts


@object_kind("mine_cart", material="dark_metal", category="vehicles",
             words=("minecart", "mining cart", "ore cart", "mine car", "광차", "광산 수레", "광산수레", "탄광차"))
def build_mine_cart(look: Look) -> list[Part]:
    """A 1.3 m iron mine cart on four small wheels over two rails, heaped with ore."""
    ore = _trim(look, "stone")
    parts = [
        Part("tub", shapes.tapered_box((0.8, 1.1), (1.0, 1.3), 0.6, (0, 0.25, 0)), look.main),
        Part("ore", shapes.ellipsoid((0.42, 0.18, 0.55), (0, 0.75, 0), subdivisions=1), ore),
        Part("band", shapes.tapered_box((1.02, 1.32), (1.02, 1.32), 0.06, (0, 0.78, 0)), _trim(look, "wood")),
    ]
    for i, (x, z) in enumerate(((-0.35, 0.4), (0.35, 0.4), (-0.35, -0.4), (0.35, -0.4)), start=1):
        parts.append(Part(f"wheel_{i}", shapes.wheel(0.14, 0.06, (x, 0.14, z), sections=look.thin), look.main))
    for i, x in enumerate((-0.35, 0.35), start=1):
        parts.append(Part(f"rail_{i}", shapes.box((0.05, 0.04, 2.4), (x + (0.03 if x > 0 else -0.03), 0, 0)),
                          _trim(look, "metal")))
    return parts


@object_kind("bomb", material="dark_metal", category="weapons",
             words=("cartoon bomb", "cannonball bomb", "powder keg", "explosive", "grenade", "폭탄", "수류탄", "화약통",
                    "다이너마이트", "dynamite"))
def build_bomb(look: Look) -> list[Part]:
    """A round 0.3 m cartoon bomb with a cap, a fuse and a glowing spark."""
    spark = look.secondary("ceramic") if look.greybox else glowing(finish("flame"), 2.0)
    fuse = shapes.rod((0, 0.33, 0), (0.04, 0.42, 0.02), 0.008, sections=5)
    return [
        Part("ball", shapes.sphere(0.15, subdivisions=look.subdivisions), look.main),
        Part("cap", shapes.cylinder(0.045, 0.05, (0, 0.285, 0), sections=look.thin), _trim(look, "metal")),
        Part("fuse", fuse, _trim(look, "fabric", "beige")),
        Part("spark", shapes.sphere(0.022, (0.04, 0.41, 0.02), subdivisions=1), spark),
    ]


@object_kind("octopus", material="skin", category="creatures",
             words=("squid", "kraken", "cuttlefish", "문어", "오징어", "크라켄", "대왕오징어"))
def build_octopus(look: Look) -> list[Part]:
    """A 0.6 m octopus: a round mantle with eyes and eight curling arms spread on the ground."""
    main = look.main if look.main.name != "skin" or look.greybox else finish("skin", "purple")
    eye = _trim(look, "plastic", "black")
    parts = [Part("mantle", shapes.ellipsoid((0.17, 0.22, 0.17), (0, 0.1, -0.03), subdivisions=look.subdivisions),
                  main)]
    for i, side in enumerate((-1, 1), start=1):
        parts.append(Part(f"eye_{i}", shapes.sphere(0.03, (side * 0.08, 0.2, 0.11), subdivisions=1), eye))
    for i in range(8):
        angle = 2 * math.pi * i / 8 + 0.2
        c, s = math.cos(angle), math.sin(angle)
        parts.append(Part(f"arm_{i + 1}_a", shapes.rod((0.1 * c, 0.1, 0.1 * s), (0.3 * c, 0.03, 0.3 * s), 0.035,
                                                       sections=6), main))
        parts.append(Part(f"arm_{i + 1}_b", shapes.rod((0.3 * c, 0.03, 0.3 * s),
                                                       (0.42 * c - 0.08 * s, 0.06, 0.42 * s + 0.08 * c), 0.02,
                                                       sections=6), main))
    return parts


@object_kind("whale", material="skin", category="creatures",
             words=("humpback", "blue whale", "orca", "killer whale", "dolphin", "고래", "범고래", "돌고래", "혹등고래"))
def build_whale(look: Look) -> list[Part]:
    """A 10 m whale: a long tapering body, a pale belly, flippers, a fluked tail and small eyes."""
    main = look.main if look.main.name != "skin" or look.greybox else finish("skin", "navy")
    belly = _trim(look, "skin", "beige")
    eye = _trim(look, "plastic", "black")
    body = shapes.lathe([(0, 0), (0.9, 0.6), (1.4, 2.5), (1.3, 5.0), (0.7, 7.5), (0.25, 9.0), (0, 9.2)],
                        sections=look.sections)
    shapes.turned(body, 90, axis=(1, 0, 0))
    body = shapes._place(body, (0, 0, 0))
    body.apply_translation([0, 0, 0])
    parts = [
        Part("body", body, main),
        Part("belly", shapes.ellipsoid((1.0, 0.4, 3.2), (0, 0.05, 1.0), subdivisions=1), belly),
        Part("fluke", shapes.tapered_box((3.2, 0.9), (2.6, 0.5), 0.15, (0, 1.2, -4.9)), main),
    ]
    for i, side in enumerate((-1, 1), start=1):
        parts.append(Part(f"flipper_{i}", shapes.ellipsoid((1.1, 0.1, 0.45), (side * 1.7, 0.5, 1.5), subdivisions=1),
                          main))
        parts.append(Part(f"eye_{i}", shapes.sphere(0.09, (side * 1.0, 1.2, 3.0), subdivisions=1), eye))
    return parts


@object_kind("pedestal", material="stone", category="props",
             words=("plinth", "display stand", "stone pedestal", "altar stone", "받침대", "좌대", "돌 받침대", "진열대",
                    "단상"), max_triangles=1500)
def build_pedestal(look: Look) -> list[Part]:
    """A 1 m stone plinth: a stepped base, a fluted shaft and a flat top where a crystal, a sword or a trophy sits."""
    return [Part("base", shapes.box((0.8, 0.15, 0.8)), look.main),
            Part("step", shapes.box((0.65, 0.1, 0.65), (0, 0.15, 0)), look.main),
            Part("shaft", shapes.cylinder(0.22, 0.6, (0, 0.25, 0), sections=max(8, look.sections // 2)), look.main),
            Part("top", shapes.box((0.6, 0.12, 0.6), (0, 0.85, 0)), look.main)]
