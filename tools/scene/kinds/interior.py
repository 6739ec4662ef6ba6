"""What furnishes a room: hearths, lights, doors and windows, kitchen and living-room things.

Real-world sizes in metres, fronts facing +Z, bases on y = 0. Wall pieces (door, window,
picture frame, mirror) stand upright on the floor or at their usual height, their face on +Z.
"""

from __future__ import annotations

from tools.scene import shapes
from tools.scene.materials import finish, glowing
from tools.scene.parts import Look, Part, object_kind


def _flame(look: Look, base: tuple[float, float, float], radius: float, height: float) -> Part:
    fire = glowing(look.secondary("flame"), 2.0)
    return Part("flame", shapes.cone(radius, height, base, sections=max(6, look.thin)), fire)


@object_kind("fireplace", material="stone", category="furniture",
             words=("hearth", "fire place", "stone fireplace", "벽난로", "난로", "화로"))
def build_fireplace(look: Look) -> list[Part]:
    width, height, depth = 1.6, 1.3, 0.6
    wood = look.secondary("wood")
    parts = [
        Part("pillar_l", shapes.box((0.35, 1.0, depth), (-(width - 0.35) / 2, 0, 0)), look.main),
        Part("pillar_r", shapes.box((0.35, 1.0, depth), ((width - 0.35) / 2, 0, 0)), look.main),
        Part("lintel", shapes.box((width, 0.3, depth), (0, 1.0, 0)), look.main),
        Part("mantel", shapes.box((width + 0.2, 0.08, depth + 0.15), (0, height, 0.05)), wood),
        Part("chimney", shapes.box((width * 0.7, 1.2, depth * 0.8), (0, height + 0.08, -0.05)), look.main),
        Part("hearth_back", shapes.box((width - 0.7, 1.0, 0.1), (0, 0, -depth / 2 + 0.05)),
             look.secondary("dark_metal")),
        Part("log_1", shapes.rod((-0.3, 0.08, 0.05), (0.3, 0.08, -0.05), 0.07, sections=look.thin), wood),
        Part("log_2", shapes.rod((-0.3, 0.08, -0.08), (0.3, 0.08, 0.08), 0.07, sections=look.thin), wood),
    ]
    parts.append(_flame(look, (0, 0.12, 0), 0.2, 0.45))
    return parts


@object_kind("candle", material="ceramic", category="props",
             words=("candles", "candlestick", "candle holder", "양초", "촛불", "촛대"))
def build_candle(look: Look) -> list[Part]:
    holder = look.secondary("gold")
    return [
        Part("dish", shapes.cylinder(0.06, 0.015, sections=look.sections), holder),
        Part("stem", shapes.cylinder(0.012, 0.08, (0, 0.015, 0), sections=look.thin), holder),
        Part("cup", shapes.cylinder(0.03, 0.02, (0, 0.09, 0), sections=look.sections), holder),
        Part("wax", shapes.cylinder(0.022, 0.14, (0, 0.11, 0), sections=look.sections), look.main),
        _flame(look, (0, 0.255, 0), 0.012, 0.04),
    ]


@object_kind("chandelier", material="gold", category="furniture",
             words=("ceiling light", "hanging lamp", "샹들리에", "천장등"), elevation=1.9)
def build_chandelier(look: Look) -> list[Part]:
    """A ring of candles hanging from a chain, its lowest point 1.9 m above the floor."""
    top = 2.5
    parts = [
        Part("chain", shapes.cylinder(0.01, 0.6, (0, top - 0.6, 0), sections=6), look.main),
        Part("ring", shapes.ring(0.42, 0.46, 0.04, (0, top - 0.65, 0), sections=look.sections), look.main),
        Part("hub", shapes.sphere(0.07, (0, top - 0.72, 0), subdivisions=1), look.main),
    ]
    wax = look.secondary("ceramic")
    fire = glowing(look.secondary("flame"), 2.0)
    import math

    for i in range(6):
        a = 2 * math.pi * i / 6
        x, z = 0.44 * math.cos(a), 0.44 * math.sin(a)
        parts.append(Part(f"candle_{i + 1}", shapes.cylinder(0.018, 0.1, (x, top - 0.61, z), sections=6), wax))
        parts.append(Part(f"flame_{i + 1}", shapes.cone(0.012, 0.035, (x, top - 0.51, z), sections=5), fire))
        parts.append(Part(f"arm_{i + 1}", shapes.rod((0, top - 0.66, 0), (x, top - 0.63, z), 0.008, sections=5),
                          look.main))
    return parts


@object_kind("rug", material="fabric", category="furniture",
             words=("carpet", "mat", "doormat", "러그", "카펫", "양탄자", "깔개"))
def build_rug(look: Look) -> list[Part]:
    border = look.secondary("fabric", "navy")
    return [Part("border", shapes.box((2.0, 0.022, 1.4)), border),
            Part("field", shapes.box((1.8, 0.025, 1.2), (0, 0.0, 0)), look.main)]


@object_kind("door", material="wood", category="furniture",
             words=("wooden door", "doorway", "entrance", "문", "출입문", "현관문", "방문", "나무문"))
def build_door(look: Look) -> list[Part]:
    frame = look.secondary("wood", "brown")
    metal = look.secondary("dark_metal")
    return [
        Part("frame_l", shapes.box((0.1, 2.2, 0.16), (-0.5, 0, 0)), frame),
        Part("frame_r", shapes.box((0.1, 2.2, 0.16), (0.5, 0, 0)), frame),
        Part("frame_top", shapes.box((1.1, 0.12, 0.16), (0, 2.2, 0)), frame),
        Part("leaf", shapes.box((0.9, 2.18, 0.05), (0, 0.01, 0)), look.main),
        Part("panel_1", shapes.box((0.7, 0.8, 0.02), (0, 1.2, 0.03)), look.main),
        Part("panel_2", shapes.box((0.7, 0.8, 0.02), (0, 0.2, 0.03)), look.main),
        Part("handle", shapes.sphere(0.035, (0.33, 1.0, 0.03), subdivisions=1), metal),
    ]


@object_kind("window", material="wood", category="furniture",
             words=("windows", "window frame", "창문", "유리창", "창틀"))
def build_window(look: Look) -> list[Part]:
    """A framed four-pane window on a short stretch of wall, sill at 0.9 m."""
    glass = look.secondary("glass")
    wall = look.secondary("plaster")
    sill, w, h = 0.9, 1.0, 1.2
    parts = [
        Part("wall_below", shapes.box((1.6, sill, 0.2)), wall),
        Part("wall_above", shapes.box((1.6, 0.5, 0.2), (0, sill + h, 0)), wall),
        Part("wall_l", shapes.box((0.3, h, 0.2), (-0.65, sill, 0)), wall),
        Part("wall_r", shapes.box((0.3, h, 0.2), (0.65, sill, 0)), wall),
        Part("sill", shapes.box((1.15, 0.05, 0.3), (0, sill - 0.05, 0.05)), look.main),
        Part("glass", shapes.box((w, h, 0.01), (0, sill, 0)), glass),
        Part("frame_top", shapes.box((w, 0.06, 0.08), (0, sill + h - 0.06, 0)), look.main),
        Part("frame_bottom", shapes.box((w, 0.06, 0.08), (0, sill, 0)), look.main),
        Part("mullion", shapes.box((0.05, h, 0.08), (0, sill, 0)), look.main),
        Part("transom", shapes.box((w, 0.05, 0.08), (0, sill + h / 2, 0)), look.main),
    ]
    return parts


@object_kind("mirror", material="glass", category="furniture",
             words=("standing mirror", "looking glass", "거울", "전신거울"))
def build_mirror(look: Look) -> list[Part]:
    frame = look.secondary("wood")
    silver = finish("metal") if not look.greybox else look.main
    return [
        Part("stand", shapes.box((0.6, 0.05, 0.35)), frame),
        Part("frame", shapes.box((0.6, 1.6, 0.05), (0, 0.05, 0)), frame),
        Part("glass", shapes.box((0.5, 1.5, 0.01), (0, 0.1, 0.03)), silver),
    ]


@object_kind("picture_frame", material="gold", category="furniture",
             words=("framed painting", "framed picture", "wall painting", "portrait frame", "easel", "canvas",
                    "액자", "그림 액자", "초상화 액자", "이젤", "캔버스"))
def build_picture_frame(look: Look) -> list[Part]:
    """A framed painting on an easel-like stand, canvas at about 1.1-1.9 m."""
    canvas = look.secondary("canvas", "teal")
    legs = look.secondary("wood")
    return [
        Part("easel_l", shapes.rod((-0.3, 0, -0.1), (-0.1, 1.9, 0.0), 0.02, sections=6), legs),
        Part("easel_r", shapes.rod((0.3, 0, -0.1), (0.1, 1.9, 0.0), 0.02, sections=6), legs),
        Part("easel_back", shapes.rod((0, 0, -0.5), (0, 1.8, -0.05), 0.02, sections=6), legs),
        Part("frame", shapes.box((0.8, 0.65, 0.05), (0, 1.1, 0.03)), look.main),
        Part("canvas", shapes.box((0.66, 0.5, 0.01), (0, 1.17, 0.06)), canvas),
    ]


@object_kind("clock", material="wood", category="furniture",
             words=("grandfather clock", "wall clock", "clock tower clock", "시계", "괘종시계", "벽시계"))
def build_clock(look: Look) -> list[Part]:
    face = look.secondary("ceramic", "white")
    brass = look.secondary("gold")
    dial = shapes.turned(shapes.cylinder(0.17, 0.02, sections=look.sections), 90, axis=(1, 0, 0))
    dial.apply_translation([0, 1.65, 0.16])
    hand_1 = shapes.box((0.015, 0.13, 0.01), (0, 1.65, 0.18))
    hand_2 = shapes.turned(shapes.box((0.012, 0.1, 0.01), (0, 1.65, 0.185)), 100, axis=(0, 0, 1), point=(0, 1.65, 0))
    return [
        Part("base", shapes.box((0.55, 0.2, 0.35)), look.main),
        Part("case", shapes.box((0.45, 1.2, 0.3), (0, 0.2, 0)), look.main),
        Part("hood", shapes.box((0.52, 0.5, 0.33), (0, 1.4, 0)), look.main),
        Part("crown", shapes.tapered_box((0.52, 0.33), (0.2, 0.33), 0.15, (0, 1.9, 0)), look.main),
        Part("dial", dial, face),
        Part("hand_hour", hand_1, brass),
        Part("hand_minute", hand_2, brass),
        Part("pendulum", shapes.cylinder(0.07, 0.02, (0, 0.6, 0.16), sections=look.thin), brass),
    ]


@object_kind("throne", material="gold", category="furniture", words=("royal chair", "왕좌", "옥좌", "용상"))
def build_throne(look: Look) -> list[Part]:
    cushion = look.secondary("fabric", "red")
    return [
        Part("dais", shapes.box((1.2, 0.15, 1.1)), look.secondary("stone")),
        Part("seat", shapes.box((0.8, 0.35, 0.7), (0, 0.15, 0)), look.main),
        Part("cushion", shapes.box((0.66, 0.08, 0.6), (0, 0.5, 0.02)), cushion),
        Part("back", shapes.tapered_box((0.8, 0.12), (0.5, 0.12), 1.4, (0, 0.5, -0.3)), look.main),
        Part("back_cushion", shapes.box((0.5, 0.8, 0.04), (0, 0.7, -0.22)), cushion),
        Part("arm_l", shapes.box((0.1, 0.3, 0.7), (-0.4, 0.5, 0)), look.main),
        Part("arm_r", shapes.box((0.1, 0.3, 0.7), (0.4, 0.5, 0)), look.main),
        Part("orb_l", shapes.sphere(0.06, (-0.4, 0.8, 0.3), subdivisions=1), look.main),
        Part("orb_r", shapes.sphere(0.06, (0.4, 0.8, 0.3), subdivisions=1), look.main),
    ]


@object_kind("piano", material="paint", category="furniture",
             words=("grand piano", "upright piano", "keyboard instrument", "피아노", "그랜드피아노"))
def build_piano(look: Look) -> list[Part]:
    keys = look.secondary("ceramic", "white")
    dark = look.secondary("plastic", "black")
    main = look.main if look.main.name != "paint" else finish("paint", "black")
    parts = [
        Part("body", shapes.box((1.5, 1.25, 0.6), (0, 0.0, -0.1)), main),
        Part("key_bed", shapes.box((1.45, 0.08, 0.3), (0, 0.68, 0.3)), main),
        Part("keys", shapes.box((1.35, 0.03, 0.16), (0, 0.76, 0.36)), keys),
        Part("music_stand", shapes.box((0.7, 0.25, 0.03), (0, 0.95, 0.2)), main),
    ]
    for i in range(18):
        x = -0.64 + i * 0.075
        if i % 7 in (2, 6):
            continue
        parts.append(Part(f"black_key_{i + 1}", shapes.box((0.025, 0.02, 0.09), (x, 0.79, 0.33)), dark))
    parts.append(Part("bench", shapes.box((0.8, 0.45, 0.35), (0, 0, 0.85)), main))
    return parts


@object_kind("nightstand", material="wood", category="furniture",
             words=("bedside table", "night stand", "side table", "end table", "협탁", "사이드테이블", "침대협탁"))
def build_nightstand(look: Look) -> list[Part]:
    knob = look.secondary("metal")
    return [
        Part("body", shapes.box((0.5, 0.55, 0.4), (0, 0.05, 0)), look.main),
        Part("plinth", shapes.box((0.46, 0.05, 0.36)), look.main),
        Part("drawer_line", shapes.box((0.46, 0.01, 0.005), (0, 0.33, 0.2)), look.secondary("dark_metal")),
        Part("knob_1", shapes.sphere(0.018, (0, 0.42, 0.2), subdivisions=1), knob),
        Part("knob_2", shapes.sphere(0.018, (0, 0.18, 0.2), subdivisions=1), knob),
    ]


@object_kind("fridge", material="metal", category="furniture",
             words=("refrigerator", "freezer", "냉장고", "냉동고"))
def build_fridge(look: Look) -> list[Part]:
    handle = look.secondary("dark_metal")
    main = look.main if look.main.name != "metal" else finish("plastic", "white")
    return [
        Part("body", shapes.box((0.75, 1.8, 0.7)), main),
        Part("gap", shapes.box((0.74, 0.01, 0.005), (0, 1.2, 0.35)), handle),
        Part("handle_top", shapes.box((0.03, 0.35, 0.04), (0.3, 1.35, 0.37)), handle),
        Part("handle_bottom", shapes.box((0.03, 0.45, 0.04), (0.3, 0.65, 0.37)), handle),
    ]


@object_kind("stove", material="dark_metal", category="furniture",
             words=("oven", "cooker", "kitchen stove", "range", "스토브", "오븐", "가스레인지", "화덕", "아궁이"))
def build_stove(look: Look) -> list[Part]:
    glass = look.secondary("glass")
    iron = look.secondary("dark_metal")
    parts = [
        Part("body", shapes.box((0.75, 0.9, 0.65)), look.main),
        Part("oven_door", shapes.box((0.6, 0.45, 0.02), (0, 0.15, 0.33)), glass),
        Part("handle", shapes.rod((-0.25, 0.65, 0.37), (0.25, 0.65, 0.37), 0.012, sections=6), iron),
    ]
    for i, (x, z) in enumerate(((-0.18, -0.15), (0.18, -0.15), (-0.18, 0.15), (0.18, 0.15)), start=1):
        parts.append(Part(f"burner_{i}", shapes.cylinder(0.1, 0.02, (x, 0.9, z), sections=look.thin), iron))
    return parts


@object_kind("bathtub", material="ceramic", category="furniture", words=("bath", "tub", "욕조", "목욕통"))
def build_bathtub(look: Look) -> list[Part]:
    feet = look.secondary("gold")
    parts = [
        Part("floor", shapes.box((1.6, 0.08, 0.7), (0, 0.12, 0)), look.main),
        Part("side_front", shapes.box((1.6, 0.5, 0.08), (0, 0.12, 0.31)), look.main),
        Part("side_back", shapes.box((1.6, 0.5, 0.08), (0, 0.12, -0.31)), look.main),
        Part("side_l", shapes.box((0.08, 0.5, 0.54), (-0.76, 0.12, 0)), look.main),
        Part("side_r", shapes.box((0.08, 0.5, 0.54), (0.76, 0.12, 0)), look.main),
        Part("water", shapes.box((1.44, 0.02, 0.54), (0, 0.45, 0)), look.secondary("glass", "cyan")),
    ]
    for i, (sx, sz) in enumerate(((-1, -1), (1, -1), (1, 1), (-1, 1)), start=1):
        parts.append(Part(f"foot_{i}", shapes.cylinder(0.04, 0.12, (sx * 0.7, 0, sz * 0.26), sections=6), feet))
    return parts


@object_kind("tv", material="plastic", category="furniture",
             words=("television", "tv set", "screen", "flat screen", "텔레비전", "티비", "테레비", "crt", "crt monitor", "브라운관"))
def build_tv(look: Look) -> list[Part]:
    screen = glowing(finish("glass", "navy"), 0.4) if not look.greybox else look.main
    main = look.main if look.main.name != "plastic" or look.greybox else finish("plastic", "black")
    return [
        Part("stand_base", shapes.box((0.4, 0.02, 0.22)), main),
        Part("stand_neck", shapes.box((0.06, 0.12, 0.04), (0, 0.02, -0.02)), main),
        Part("panel", shapes.box((1.1, 0.65, 0.05), (0, 0.12, 0)), main),
        Part("screen", shapes.box((1.04, 0.59, 0.01), (0, 0.15, 0.026)), screen),
    ]


@object_kind("computer", material="plastic", category="furniture",
             words=("pc", "monitor", "laptop", "desktop computer", "computer monitor", "컴퓨터", "모니터", "노트북",
                    "피씨"))
def build_computer(look: Look) -> list[Part]:
    screen = glowing(finish("glass", "cyan"), 0.5) if not look.greybox else look.main
    dark = look.secondary("plastic", "black")
    return [
        Part("foot", shapes.box((0.22, 0.015, 0.16)), look.main),
        Part("neck", shapes.box((0.04, 0.18, 0.03), (0, 0.015, -0.03)), look.main),
        Part("monitor", shapes.box((0.55, 0.34, 0.03), (0, 0.15, 0)), look.main),
        Part("screen", shapes.box((0.51, 0.3, 0.005), (0, 0.17, 0.016)), screen),
        Part("keyboard", shapes.box((0.45, 0.02, 0.15), (0, 0, 0.22)), dark),
        Part("mouse", shapes.ellipsoid((0.03, 0.015, 0.05), (0.32, 0, 0.22), subdivisions=1), dark),
    ]


@object_kind("counter", material="wood", category="furniture",
             words=("bar counter", "bar", "shop counter", "reception desk", "카운터", "계산대", "바 테이블"))
def build_counter(look: Look) -> list[Part]:
    top = look.secondary("wood", "brown")
    return [
        Part("body", shapes.box((2.4, 1.0, 0.6)), look.main),
        Part("top", shapes.box((2.5, 0.06, 0.75), (0, 1.0, 0.05)), top),
        Part("foot_rail", shapes.rod((-1.2, 0.15, 0.38), (1.2, 0.15, 0.38), 0.02, sections=6),
             look.secondary("gold")),
    ]


@object_kind("potted_plant", material="ceramic", category="vegetation",
             words=("houseplant", "pot plant", "plant pot", "planter", "plant", "화분", "화초", "식물", "관엽식물"))
def build_potted_plant(look: Look) -> list[Part]:
    leaves = look.secondary("leaves")
    soil = look.secondary("soil")
    parts = [
        Part("pot", shapes.frustum(0.13, 0.17, 0.3, sections=look.sections), look.main),
        Part("soil", shapes.cylinder(0.155, 0.01, (0, 0.28, 0), sections=look.sections), soil),
    ]
    for i, (x, z, h) in enumerate(((0.0, 0.0, 0.55), (0.08, 0.04, 0.42), (-0.07, 0.05, 0.45), (0.02, -0.08, 0.4))):
        parts.append(Part(f"leaf_{i + 1}", shapes.ellipsoid((0.07, h / 2, 0.05), (x, 0.3, z), subdivisions=1), leaves))
    return parts


@object_kind("vending_machine", material="metal", category="furniture",
             words=("vending machine", "drink machine", "soda machine", "snack machine", "자판기", "음료 자판기",
                    "음료수 자판기", "과자 자판기"))
def build_vending_machine(look: Look) -> list[Part]:
    front = glowing(finish("glass", "cyan"), 0.6) if not look.greybox else look.main
    dark = look.secondary("plastic", "black")
    return [
        Part("cabinet", shapes.box((0.9, 1.85, 0.75)), look.main),
        Part("window", shapes.box((0.56, 1.1, 0.02), (-0.1, 0.55, 0.37)), front),  # lit glass front
        Part("buttons", shapes.box((0.16, 0.5, 0.03), (0.3, 0.95, 0.37)), dark),
        Part("slot", shapes.box((0.5, 0.14, 0.04), (-0.1, 0.18, 0.36)), dark),
    ]


@object_kind("doll", material="fabric", category="props",
             words=("rag doll", "puppet", "creepy doll", "porcelain doll", "인형", "헝겊 인형", "봉제 인형", "저주 인형",
                    "도자기 인형", "마리오네트"))
def build_doll(look: Look) -> list[Part]:
    skin = look.secondary("fabric", "white")
    eyes = look.secondary("plastic", "black")  # button eyes
    hair = look.secondary("fabric", look.traits.get("hair") or "brown")
    return [
        Part("leg_left", shapes.rod((-0.04, 0.0, 0.0), (-0.04, 0.12, 0.0), 0.025, sections=look.thin), skin),
        Part("leg_right", shapes.rod((0.04, 0.0, 0.0), (0.04, 0.12, 0.0), 0.025, sections=look.thin), skin),
        Part("dress", shapes.cone(0.13, 0.2, (0, 0.08, 0), sections=look.sections), look.main),
        Part("body", shapes.ellipsoid((0.06, 0.07, 0.05), (0, 0.2, 0), subdivisions=look.subdivisions), look.main),
        Part("arm_left", shapes.rod((-0.06, 0.3, 0), (-0.14, 0.18, 0.03), 0.022, sections=look.thin), skin),
        Part("arm_right", shapes.rod((0.06, 0.3, 0), (0.14, 0.18, 0.03), 0.022, sections=look.thin), skin),
        Part("head", shapes.sphere(0.085, (0, 0.32, 0), subdivisions=look.subdivisions), skin),
        Part("hair", shapes.ellipsoid((0.09, 0.05, 0.09), (0, 0.43, -0.01), subdivisions=look.subdivisions), hair),
        Part("eye_left", shapes.sphere(0.016, (-0.032, 0.41, 0.075), subdivisions=1), eyes),
        Part("eye_right", shapes.sphere(0.016, (0.032, 0.41, 0.075), subdivisions=1), eyes),
    ]


@object_kind("arcade_cabinet", material="wood", category="furniture",
             words=("arcade cabinet", "arcade machine", "arcade game", "coin-op", "오락기", "아케이드 기계", "오락실 기계",
                    "아케이드 게임기"))
def build_arcade_cabinet(look: Look) -> list[Part]:
    screen = glowing(finish("glass", "purple"), 0.7) if not look.greybox else look.main
    marquee = glowing(finish("plastic", "yellow"), 0.8) if not look.greybox else look.main
    dark = look.secondary("plastic", "black")
    return [
        Part("base", shapes.box((0.7, 0.95, 0.75)), look.main),
        Part("control_panel", shapes.box((0.7, 0.08, 0.3), (0, 0.95, 0.25)), dark),
        Part("joystick", shapes.cylinder(0.02, 0.09, (-0.15, 1.03, 0.28), sections=look.thin), dark),
        Part("buttons", shapes.box((0.2, 0.02, 0.08), (0.12, 1.03, 0.28)), look.secondary("plastic", "red")),
        Part("screen_box", shapes.box((0.7, 0.6, 0.55), (0, 1.03, -0.05)), look.main),
        Part("screen", shapes.box((0.56, 0.46, 0.02), (0, 1.1, 0.23)), screen),
        Part("marquee", shapes.box((0.7, 0.22, 0.4), (0, 1.63, -0.1)), marquee),
    ]


@object_kind("wheelchair", material="metal", category="furniture",
             words=("wheel chair", "wheelchairs", "휠체어", "휠 체어", "환자용 휠체어"), max_triangles=3000)
def build_wheelchair(look: Look) -> list[Part]:
    """A 0.65 m wide wheelchair facing +Z: a tube frame, a canvas seat and back, two big rear wheels with hand
    rims, two small casters in front and a footrest."""
    seat = look.secondary("fabric", "navy")
    tyre = look.secondary("rubber")
    thin = look.thin
    parts = [Part("seat", shapes.box((0.45, 0.05, 0.42), (0, 0.48, 0.05)), seat),
             Part("back", shapes.box((0.45, 0.42, 0.04), (0, 0.52, -0.17)), seat),
             Part("footrest", shapes.box((0.36, 0.03, 0.14), (0, 0.12, 0.36)), look.main)]
    for i, side in enumerate((-1, 1), start=1):
        x = side * 0.25
        parts += [
            Part(f"wheel_{i}", shapes.wheel(0.3, 0.035, (side * 0.31, 0.3, -0.1), sections=look.sections), tyre),
            Part(f"rim_{i}", shapes.wheel(0.26, 0.012, (side * 0.345, 0.3, -0.1), sections=look.sections), look.main),
            Part(f"caster_{i}", shapes.wheel(0.06, 0.03, (side * 0.2, 0.06, 0.3), sections=thin), tyre),
            Part(f"post_{i}", shapes.rod((x, 0.06, 0.3), (x, 0.5, 0.25), 0.012, sections=thin), look.main),
            Part(f"handle_{i}", shapes.rod((side * 0.22, 0.5, -0.19), (side * 0.22, 0.98, -0.24), 0.012,
                                          sections=thin), look.main),
            Part(f"armrest_{i}", shapes.rod((x, 0.72, -0.15), (x, 0.72, 0.22), 0.015, sections=thin), look.main),
            Part(f"leg_{i}", shapes.rod((x, 0.5, 0.25), (side * 0.18, 0.12, 0.36), 0.012, sections=thin), look.main),
        ]
    return parts
