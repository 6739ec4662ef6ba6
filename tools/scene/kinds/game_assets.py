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
             words=("hen", "rooster", "cockerel", "chick", "poultry", "닭", "병아리", "수탉", "암탉", "치킨", "꼬꼬닭"))
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
    """A 6 m breaking wave: a curling blue crest rising from the water with white foam along its lip."""
    import numpy as np
    import trimesh

    water = look.main if look.main.name != "plastic" or look.greybox else glowing(finish("ceramic", "teal"), 0.35)
    foam = _trim(look, "ceramic", "white")
    # the crest's cross-section (z, y), swept along x: a slope that rises and curls forward
    profile = [(-2.2, 0.0), (-1.2, 0.5), (-0.4, 1.4), (0.2, 2.1), (0.7, 2.3), (1.0, 2.0), (0.9, 1.6),
               (0.6, 1.5), (0.3, 1.2), (0.0, 0.6), (0.2, 0.0)]
    width, steps = 6.0, 8
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
    for i, x in enumerate(np.linspace(-width / 2 + 0.6, width / 2 - 0.6, 5), start=1):
        swell = 0.8 + 0.2 * math.cos(math.pi * x / width)
        parts.append(Part(f"foam_{i}", shapes.ellipsoid((0.75, 0.22, 0.35), (x, 2.05 * swell, 0.55),
                                                        subdivisions=1), foam))
    parts.append(Part("spray", shapes.ellipsoid((width * 0.45, 0.25, 0.7), (0, 0, 0.9), subdivisions=1), foam))
    return parts


@object_kind("neon_sign", material="dark_metal", category="props",
             words=("neon light sign", "glowing sign", "light-up sign", "네온사인", "네온 사인", "네온간판",
                    "네온 간판", "전광판"))
def build_neon_sign(look: Look) -> list[Part]:
    """A 3 m post with a dark board framed in glowing pink tubes and two cyan bars across it."""
    pink = look.secondary("ceramic") if look.greybox else glowing(finish("plastic", "pink"), 2.0)
    cyan = look.secondary("ceramic") if look.greybox else glowing(finish("plastic", "cyan"), 2.0)
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
