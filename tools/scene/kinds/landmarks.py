"""Big structures: castles, churches, towers of glass, windmills, barns, walls, gates, temples."""

from __future__ import annotations

import math

from tools.scene import shapes
from tools.scene.materials import finish, glowing
from tools.scene.parts import Look, Part, object_kind


def _battlements(look: Look, name: str, width: float, depth: float, y: float, *, merlon: float = 0.5) -> list[Part]:
    parts = []
    count_x = max(2, int(width / (merlon * 2)))
    for i in range(count_x):
        x = -width / 2 + merlon / 2 + i * (width - merlon) / max(1, count_x - 1)
        parts.append(Part(f"{name}_merlon_f{i + 1}", shapes.box((merlon, merlon, merlon), (x, y, depth / 2 - merlon / 2)),
                          look.main))
        parts.append(Part(f"{name}_merlon_b{i + 1}", shapes.box((merlon, merlon, merlon), (x, y, -depth / 2 + merlon / 2)),
                          look.main))
    return parts


@object_kind("castle", material="stone", category="buildings",
             words=("fortress", "fort", "citadel", "palace", "keep", "stronghold", "성", "성채", "요새", "궁전", "궁궐",
                    "왕궁", "성곽"), max_triangles=6000)
def build_castle(look: Look) -> list[Part]:
    """A walled keep with four round corner towers and a gate, about 16 m across."""
    roof = look.secondary("roof_tile")
    wood = look.secondary("wood", "brown")
    half = 7.0
    parts = [Part("keep", shapes.box((6.0, 10.0, 6.0), (0, 0, -1.0)), look.main)]
    parts += _battlements(look, "keep", 6.0, 6.0, 10.0, merlon=0.6)
    for name, size, base in (("wall_front_l", (5.0, 5.0, 1.0), (-4.5, 0, half)), ("wall_front_r", (5.0, 5.0, 1.0), (4.5, 0, half)),
                             ("wall_back", (14.0, 5.0, 1.0), (0, 0, -half)), ("wall_l", (1.0, 5.0, 14.0), (-half, 0, 0)),
                             ("wall_r", (1.0, 5.0, 14.0), (half, 0, 0)), ("gatehouse", (4.0, 6.5, 1.6), (0, 0, half))):
        parts.append(Part(name, shapes.box(size, base), look.main))
    for i, (sx, sz) in enumerate(((-1, -1), (1, -1), (1, 1), (-1, 1)), start=1):
        base = (sx * half, 0, sz * half)
        parts.append(Part(f"tower_{i}", shapes.cylinder(1.5, 8.0, base, sections=look.sections), look.main))
        parts.append(Part(f"tower_roof_{i}", shapes.cone(1.8, 3.0, (base[0], 8.0, base[2]), sections=look.sections), roof))
    parts.append(Part("gate", shapes.box((2.2, 3.2, 0.2), (0, 0, half + 0.75)), wood))
    parts.append(Part("flag_pole", shapes.cylinder(0.06, 2.5, (0, 10.6, -1.0), sections=6), look.secondary("dark_metal")))
    parts.append(Part("flag", shapes.box((1.2, 0.7, 0.03), (0.63, 12.3, -1.0)), look.secondary("fabric", "red")))
    return parts


@object_kind("church", material="stone", category="buildings",
             words=("chapel", "cathedral", "abbey", "교회", "성당", "예배당", "대성당"))
def build_church(look: Look) -> list[Part]:
    roof = look.secondary("roof_tile")
    glass = glowing(finish("glass", "blue"), 0.3) if not look.greybox else look.main
    return [
        Part("nave", shapes.box((6.0, 6.0, 12.0), (0, 0, -2.0)), look.main),
        Part("nave_roof", shapes.tapered_box((6.6, 12.6), (0.1, 12.6), 3.5, (0, 6.0, -2.0)), roof),
        Part("tower", shapes.box((3.0, 11.0, 3.0), (0, 0, 5.0)), look.main),
        Part("spire", shapes.tapered_box((3.2, 3.2), (0.05, 0.05), 6.0, (0, 11.0, 5.0)), roof),
        Part("door", shapes.box((1.4, 2.6, 0.1), (0, 0, 6.52)), look.secondary("wood", "brown")),
        Part("rose_window", shapes.moved(shapes.turned(shapes.cylinder(0.8, 0.1, sections=look.sections), 90,
                                                       axis=(1, 0, 0)), (0, 7.5, 6.55)), glass),
        Part("cross_v", shapes.box((0.15, 1.2, 0.15), (0, 17.0, 5.0)), look.secondary("gold")),
        Part("cross_h", shapes.box((0.7, 0.15, 0.15), (0, 17.6, 5.0)), look.secondary("gold")),
    ]


@object_kind("skyscraper", material="glass", category="buildings",
             words=("office building", "high-rise", "highrise", "tower block", "building", "apartment building",
                    "apartment", "빌딩", "고층빌딩", "마천루", "건물", "아파트", "고층건물", "오피스빌딩"))
def build_skyscraper(look: Look) -> list[Part]:
    frame = look.secondary("dark_metal")
    glass = look.main if look.main.name != "glass" or look.greybox else finish("glass", "cyan")
    parts = [Part("core", shapes.box((12.0, 60.0, 12.0)), glass),
             Part("crown", shapes.box((10.0, 4.0, 10.0), (0, 60.0, 0)), frame),
             Part("antenna", shapes.cylinder(0.3, 10.0, (0, 64.0, 0), sections=6), frame)]
    for i in range(1, 15):
        parts.append(Part(f"floor_band_{i}", shapes.box((12.2, 0.4, 12.2), (0, i * 4.0, 0)), frame))
    return parts


@object_kind("windmill", material="plaster", category="buildings", words=("wind mill", "풍차", "풍차방앗간"))
def build_windmill(look: Look) -> list[Part]:
    roof = look.secondary("wood", "brown")
    sail = look.secondary("canvas")
    parts = [Part("tower", shapes.frustum(2.6, 1.8, 8.0, sections=look.sections), look.main),
             Part("cap", shapes.cone(2.2, 2.0, (0, 8.0, 0), sections=look.sections), roof),
             Part("hub", shapes.sphere(0.4, (0, 7.2, 2.1), subdivisions=1), roof),
             Part("door", shapes.box((1.2, 2.2, 0.1), (0, 0, 2.55)), roof)]
    for i in range(4):
        blade = shapes.box((0.9, 5.0, 0.08), (0.0, 0.4, 0))
        shapes.turned(blade, 45 + 90 * i, axis=(0, 0, 1))
        blade.apply_translation([0, 7.6, 2.4])
        parts.append(Part(f"sail_{i + 1}", blade, sail))
    return parts


@object_kind("barn", material="wood", category="buildings",
             words=("farmhouse", "stable", "shed", "storehouse", "헛간", "외양간", "창고", "마구간", "농가"))
def build_barn(look: Look) -> list[Part]:
    main = look.main if look.main.name != "wood" or look.greybox else finish("wood", "red")
    trim = look.secondary("paint", "white")
    roof = look.secondary("dark_metal")
    return [Part("body", shapes.box((8.0, 4.0, 10.0)), main),
            Part("roof", shapes.tapered_box((8.6, 10.6), (0.1, 10.6), 3.0, (0, 4.0, 0)), roof),
            Part("door_l", shapes.box((1.5, 3.0, 0.1), (-0.76, 0, 5.02)), trim),
            Part("door_r", shapes.box((1.5, 3.0, 0.1), (0.76, 0, 5.02)), trim),
            Part("loft_door", shapes.box((1.4, 1.2, 0.1), (0, 4.6, 5.02)), trim)]


@object_kind("gate", material="wood", category="buildings",
             words=("castle gate", "city gate", "archway", "arch", "torii", "성문", "대문", "관문", "아치", "도리이"))
def build_gate(look: Look) -> list[Part]:
    stone = look.secondary("stone")
    return [Part("pillar_l", shapes.box((1.0, 5.0, 1.0), (-2.0, 0, 0)), stone),
            Part("pillar_r", shapes.box((1.0, 5.0, 1.0), (2.0, 0, 0)), stone),
            Part("lintel", shapes.box((5.4, 1.0, 1.2), (0, 5.0, 0)), stone),
            Part("door_l", shapes.box((1.45, 4.2, 0.15), (-0.75, 0, 0)), look.main),
            Part("door_r", shapes.box((1.45, 4.2, 0.15), (0.75, 0, 0)), look.main)]


@object_kind("wall", material="stone", category="buildings",
             words=("stone wall", "brick wall", "city wall", "rampart", "벽", "담", "돌담", "성벽", "벽돌담"))
def build_wall(look: Look) -> list[Part]:
    parts = [Part("wall", shapes.box((6.0, 2.5, 0.6)), look.main)]
    for i in range(6):
        parts.append(Part(f"merlon_{i + 1}", shapes.box((0.5, 0.5, 0.6), (-2.75 + i * 1.1, 2.5, 0)), look.main))
    return parts


@object_kind("pyramid", material="stone", category="buildings", words=("ziggurat", "피라미드", "금자탑"))
def build_pyramid(look: Look) -> list[Part]:
    main = look.main if look.main.name != "stone" or look.greybox else finish("stone", "beige")
    return [Part("pyramid", shapes.tapered_box((20.0, 20.0), (0.05, 0.05), 13.0), main)]


@object_kind("temple", material="marble", category="buildings",
             words=("shrine", "pagoda", "greek temple", "ruins", "ancient ruins", "신전", "사원", "절", "사찰", "탑사",
                    "유적", "폐허"))
def build_temple(look: Look) -> list[Part]:
    parts = [Part("base", shapes.box((10.0, 1.0, 7.0)), look.main),
             Part("step", shapes.box((11.0, 0.4, 8.0)), look.main),
             Part("entablature", shapes.box((10.0, 1.0, 7.0), (0, 5.0, 0)), look.main),
             Part("pediment", shapes.tapered_box((10.4, 7.4), (10.4, 0.1), 1.8, (0, 6.0, 0)), look.main)]
    for i in range(5):
        x = -4.0 + i * 2.0
        for j, z in enumerate((-2.8, 2.8)):
            parts.append(Part(f"column_{i + 1}_{j + 1}", shapes.cylinder(0.35, 4.0, (x, 1.0, z), sections=look.thin),
                              look.main))
    return parts


@object_kind("shop", material="wood", category="buildings",
             words=("store", "market stall", "stall", "kiosk", "booth", "food stall", "가게", "상점", "노점",
                    "좌판", "매점", "포장마차", "편의점", "convenience store", "supermarket", "grocery store", "grocery",
                    "mini mart", "슈퍼마켓", "슈퍼", "마트", "구멍가게"))
def build_shop(look: Look) -> list[Part]:
    """A market stall: a counter under a striped awning on four posts."""
    awning = look.secondary("canvas", "red")
    stripe = look.secondary("canvas", "white")
    parts = [Part("counter", shapes.box((2.4, 1.0, 0.8), (0, 0, 0.4)), look.main),
             Part("back", shapes.box((2.4, 2.2, 0.1), (0, 0, -0.8)), look.main),
             Part("awning", shapes.tapered_box((2.8, 2.0), (2.8, 0.4), 0.5, (0, 2.3, 0.1)), awning),
             Part("stripe", shapes.box((2.82, 0.12, 2.0), (0, 2.3, 0.1)), stripe)]
    for i, (sx, sz) in enumerate(((-1, -1), (1, -1), (1, 1), (-1, 1)), start=1):
        parts.append(Part(f"post_{i}", shapes.cylinder(0.05, 2.3, (sx * 1.15, 0, sz * 0.8 + 0.1), sections=6),
                          look.main))
    fruit = (finish("plastic", "red"), finish("plastic", "orange"), finish("plastic", "green"))
    for i in range(6):
        parts.append(Part(f"goods_{i + 1}", shapes.sphere(0.12, (-0.9 + i * 0.36, 1.0, 0.45), subdivisions=1),
                          look.main if look.greybox else fruit[i % 3]))
    return parts


@object_kind("house_block", material="plaster", category="buildings",
             words=("townhouse", "row house", "inn", "tavern building", "city house", "여관", "주막", "상가", "주점건물"))
def build_house_block(look: Look) -> list[Part]:
    """A two-storey town house with a shop front, windows and a pitched roof."""
    roof = look.secondary("roof_tile")
    wood = look.secondary("wood", "brown")
    glass = glowing(finish("glass", "yellow"), 0.3) if not look.greybox else look.main
    parts = [Part("ground_floor", shapes.box((6.0, 3.2, 6.0)), look.main),
             Part("upper_floor", shapes.box((6.4, 3.0, 6.4), (0, 3.2, 0)), look.main),
             Part("roof", shapes.tapered_box((7.0, 7.0), (7.0, 0.1), 2.6, (0, 6.2, 0)), roof),
             Part("door", shapes.box((1.2, 2.3, 0.1), (0, 0, 3.02)), wood),
             Part("sign", shapes.box((1.6, 0.5, 0.08), (0, 2.5, 3.2)), wood)]
    for i, x in enumerate((-2.0, 2.0)):
        parts.append(Part(f"window_low_{i + 1}", shapes.box((1.2, 1.2, 0.05), (x, 1.0, 3.02)), glass))
        parts.append(Part(f"window_high_{i + 1}", shapes.box((1.0, 1.2, 0.05), (x, 4.2, 3.22)), glass))
    parts.append(Part("chimney", shapes.box((0.7, 2.0, 0.7), (2.0, 6.8, -1.5)), look.secondary("stone")))
    return parts


@object_kind("lighthouse", material="paint", category="buildings", words=("beacon tower", "등대"))
def build_lighthouse(look: Look) -> list[Part]:
    main = look.main if look.main.name != "paint" or look.greybox else finish("paint", "white")
    band = look.secondary("paint", "red")
    light = glowing(finish("glass", "yellow"), 2.0) if not look.greybox else look.main
    return [Part("tower", shapes.frustum(2.0, 1.3, 12.0, sections=look.sections), main),
            Part("band_1", shapes.frustum(1.86, 1.72, 1.5, (0, 3.0, 0), sections=look.sections), band),
            Part("band_2", shapes.frustum(1.58, 1.44, 1.5, (0, 8.0, 0), sections=look.sections), band),
            Part("gallery", shapes.cylinder(1.7, 0.3, (0, 12.0, 0), sections=look.sections), band),
            Part("lamp", shapes.cylinder(0.9, 1.4, (0, 12.3, 0), sections=look.sections), light),
            Part("cap", shapes.cone(1.2, 1.2, (0, 13.7, 0), sections=look.sections), band)]


@object_kind("bridge", material="stone", category="buildings",
             words=("footbridge", "stone bridge", "arch bridge", "arched bridge", "viaduct",
                    "aqueduct", "다리", "돌다리", "나무다리", "교량", "구름다리", "아치교", "아치 다리", "석교", "수도교"))
def build_bridge(look: Look) -> list[Part]:
    """A stone bridge on three round arches (a wooden one: a plank deck on two piers), about 10 m long."""
    if not look.main.name.startswith("wood"):
        return _arched_bridge(look)
    rail = look.secondary("wood")
    parts = [Part("deck", shapes.box((8.0, 0.4, 2.4), (0, 1.2, 0)), look.main),
             Part("pier_l", shapes.box((0.8, 1.2, 2.4), (-3.0, 0, 0)), look.main),
             Part("pier_r", shapes.box((0.8, 1.2, 2.4), (3.0, 0, 0)), look.main),
             Part("ramp_l", shapes.turned(shapes.box((2.2, 0.3, 2.4)), 25, axis=(0, 0, 1)), look.main),
             Part("ramp_r", shapes.turned(shapes.box((2.2, 0.3, 2.4)), -25, axis=(0, 0, 1)), look.main)]
    parts[3].mesh.apply_translation([-4.9, 0.0, 0])
    parts[4].mesh.apply_translation([4.9, 0.0, 0])
    for side, z in (("l", -1.15), ("r", 1.15)):
        parts.append(Part(f"rail_{side}", shapes.box((8.0, 0.08, 0.08), (0, 2.4, z)), rail))
        for i in range(5):
            parts.append(Part(f"post_{side}{i + 1}", shapes.box((0.1, 0.8, 0.1), (-3.8 + i * 1.9, 1.6, z)), rail))
    return parts


@object_kind("pier", material="wood", category="buildings",
             words=("dock", "jetty", "wharf", "boardwalk", "부두", "선착장", "잔교", "나루터"))
def build_pier(look: Look) -> list[Part]:
    parts = [Part("deck", shapes.box((2.4, 0.15, 8.0), (0, 0.6, 0)), look.main)]
    for i in range(4):
        for j, x in enumerate((-1.1, 1.1)):
            parts.append(Part(f"pile_{i + 1}_{j + 1}", shapes.cylinder(0.12, 1.0, (x, 0, -3.6 + i * 2.4),
                                                                       sections=look.thin), look.main))
    return parts


@object_kind("statue", material="marble", category="props",
             words=("sculpture", "monument", "bust", "idol", "동상", "조각상", "석상", "기념비", "조각"))
def build_statue(look: Look) -> list[Part]:
    """A standing figure on a plinth, 3 m."""
    parts = [Part("plinth", shapes.box((1.2, 1.0, 1.2)), look.main),
             Part("body", shapes.ellipsoid((0.3, 0.6, 0.2), (0, 1.5, 0), subdivisions=look.subdivisions), look.main),
             Part("legs", shapes.tapered_box((0.4, 0.3), (0.5, 0.3), 0.6, (0, 1.0, 0)), look.main),
             Part("head", shapes.sphere(0.17, (0, 2.65, 0), subdivisions=look.subdivisions), look.main),
             Part("arm_up", shapes.rod((0.25, 2.4, 0), (0.45, 3.0, 0.1), 0.07, sections=look.thin), look.main),
             Part("arm_down", shapes.rod((-0.25, 2.4, 0), (-0.35, 1.8, 0.05), 0.07, sections=look.thin), look.main)]
    return parts


@object_kind("fountain", material="stone", category="props",
             words=("water fountain", "wishing fountain", "분수", "분수대"))
def build_fountain(look: Look) -> list[Part]:
    water = look.secondary("glass", "cyan")
    return [Part("basin", shapes.ring(1.3, 1.5, 0.6, sections=look.sections), look.main),
            Part("floor", shapes.cylinder(1.35, 0.1, sections=look.sections), look.main),
            Part("pool", shapes.cylinder(1.31, 0.02, (0, 0.5, 0), sections=look.sections), water),
            Part("column", shapes.cylinder(0.2, 1.3, (0, 0.1, 0), sections=look.thin), look.main),
            Part("bowl", shapes.frustum(0.25, 0.7, 0.3, (0, 1.3, 0), sections=look.sections), look.main),
            Part("jet", shapes.cone(0.15, 0.6, (0, 1.55, 0), sections=look.thin), water)]


@object_kind("gravestone", material="stone", category="props",
             words=("tombstone", "headstone", "grave", "tomb", "cross grave", "묘비", "비석", "무덤", "묘지석"))
def build_gravestone(look: Look) -> list[Part]:
    slab = shapes.box((0.6, 0.8, 0.15), (0, 0.1, 0))
    top = shapes.turned(shapes.cylinder(0.3, 0.15, sections=look.thin), 90, axis=(1, 0, 0))
    top.apply_translation([0, 0.9, 0])
    return [Part("base", shapes.box((0.8, 0.1, 0.4)), look.main), Part("slab", slab, look.main),
            Part("top", top, look.main), Part("mound", shapes.ellipsoid((0.45, 0.08, 0.9), (0, 0, 1.0), subdivisions=1),
                                              look.secondary("soil"))]


@object_kind("planet", material="stone", category="terrain",
             words=("ringed planet", "saturn", "moon rock", "asteroid", "행성", "토성", "소행성", "위성"))
def build_planet(look: Look) -> list[Part]:
    main = look.main if look.main.name != "stone" or look.greybox else finish("plastic", "orange")
    ring = look.secondary("ceramic", "beige")
    band = shapes.ring(3.0, 4.2, 0.05, (0, 2.45, 0), sections=look.sections)
    shapes.turned(band, 20, axis=(0, 0, 1), point=(0, 2.5, 0))
    return [Part("globe", shapes.sphere(2.5, subdivisions=look.subdivisions + 1), main), Part("ring", band, ring)]


def _stairs(look: Look, steps: int, width: float, rise: float, run: float) -> list[Part]:
    return [Part(f"step_{i + 1}", shapes.box((width, rise * (i + 1), run), (0, 0, -i * run)), look.main)
            for i in range(steps)]


@object_kind("stairs", material="stone", category="buildings",
             words=("staircase", "steps", "stairway", "계단", "층계", "돌계단"))
def build_stairs(look: Look) -> list[Part]:
    return _stairs(look, 8, 1.5, 0.18, 0.3)


@object_kind("ladder", material="wood", category="props", words=("step ladder", "사다리"))
def build_ladder(look: Look) -> list[Part]:
    parts = [Part("rail_l", shapes.box((0.05, 3.0, 0.05), (-0.22, 0, 0)), look.main),
             Part("rail_r", shapes.box((0.05, 3.0, 0.05), (0.22, 0, 0)), look.main)]
    for i in range(9):
        parts.append(Part(f"rung_{i + 1}", shapes.rod((-0.22, 0.3 + i * 0.3, 0), (0.22, 0.3 + i * 0.3, 0), 0.018,
                                                      sections=6), look.main))
    for part in parts:
        shapes.turned(part.mesh, -12, axis=(1, 0, 0))
    return parts



def _arched_bridge(look: Look, arches: int = 3) -> list[Part]:
    """Three semicircular arches between piers, each ring of stone blocks (voussoirs), spandrel walls filling up to
    a level deck with a low parapet: the silhouette that says "stone bridge" from the side."""
    import math

    span, pier, width = 2.6, 0.7, 2.6
    radius = span / 2
    spring = 1.0  # height of the piers where the arches start
    length = arches * span + (arches + 1) * pier
    deck_y = spring + radius + 0.45
    parts: list[Part] = []
    x0 = -length / 2
    for i in range(arches + 1):  # piers (and the two abutments at the ends)
        x = x0 + pier / 2 + i * (span + pier)
        parts.append(Part(f"pier_{i + 1}", shapes.box((pier, spring, width), (x, 0, 0)), look.main))
    blocks = 7
    for a in range(arches):
        cx = x0 + pier + radius + a * (span + pier)
        for b in range(blocks):  # the arch ring: blocks turned along the half circle
            angle = math.pi * (b + 0.5) / blocks
            bx, by = cx - math.cos(angle) * (radius + 0.15), spring + math.sin(angle) * (radius + 0.15)
            block = shapes.box((0.3, math.pi * radius / blocks + 0.02, width), (0, -(math.pi * radius / blocks) / 2, 0))
            block = shapes.turned(block, math.degrees(angle) - 90, axis=(0, 0, 1))
            parts.append(Part(f"voussoir_{a + 1}_{b + 1}", shapes.moved(block, (bx, by, 0)), look.main))
    haunch = spring + radius * 0.8  # spandrels fill above the arch ring's shoulders, never into the opening
    for i in range(arches + 1):  # spandrels: a wall above each pier up to the deck, wider above the haunches
        x = x0 + pier / 2 + i * (span + pier)
        parts.append(Part(f"spandrel_{i + 1}", shapes.box((pier, deck_y - spring, width), (x, spring, 0)), look.main))
        low, high = x - pier / 2 - (radius * 0.55 if i > 0 else 0), x + pier / 2 + (radius * 0.55 if i < arches else 0)
        parts.append(Part(f"haunch_{i + 1}", shapes.box((high - low, deck_y - haunch, width),
                                                       ((low + high) / 2, haunch, 0)), look.main))
    for a in range(arches):  # the thin wall over each crown
        cx = x0 + pier + radius + a * (span + pier)
        top = spring + radius + 0.3
        parts.append(Part(f"crown_{a + 1}", shapes.box((span * 0.5, deck_y - top, width), (cx, top, 0)), look.main))
    parts.append(Part("deck", shapes.box((length + 0.4, 0.3, width + 0.2), (0, deck_y, 0)), look.main))
    for side, z in (("l", -(width / 2)), ("r", width / 2)):
        parts.append(Part(f"parapet_{side}", shapes.box((length + 0.4, 0.5, 0.2), (0, deck_y + 0.3, z)), look.main))
    return parts


@object_kind("totem", material="wood", category="props",
             words=("totem pole", "totem", "idol", "tiki", "guardian post", "토템", "토템폴", "장승", "우상", "석상 토템"),
             max_triangles=3000)
def build_totem(look: Look) -> list[Part]:
    """A 3 m carved pole: three faces stacked one on another (brow, big eyes, nose, grinning mouth) under
    spread wings; in stone when asked ("돌로 만든 토템")."""
    dark = look.secondary("dark_metal", "black")
    paint = look.secondary("paint", "red")
    parts: list[Part] = []
    for level in range(3):
        y = level * 0.85
        r = 0.42 - level * 0.03
        parts.append(Part(f"block_{level + 1}", shapes.cylinder(r, 0.8, (0, y, 0), sections=max(8, look.sections // 2)),
                          look.main))
        parts.append(Part(f"brow_{level + 1}", shapes.box((r * 1.7, 0.1, 0.16), (0, y + 0.56, r - 0.02)), look.main))
        for side, sx in (("l", -1), ("r", 1)):
            parts.append(Part(f"eye_{level + 1}{side}", shapes.sphere(0.09, (sx * r * 0.4, y + 0.38, r - 0.05),
                                                                      subdivisions=1), dark))
        parts.append(Part(f"nose_{level + 1}", shapes.cone(0.07, 0.18, (0, y + 0.26, r + 0.02), sections=6),
                          look.main))
        parts.append(Part(f"mouth_{level + 1}", shapes.box((r * 1.2, 0.1, 0.08), (0, y + 0.1, r - 0.01)), paint))
    parts.append(Part("wings", shapes.box((1.9, 0.22, 0.2), (0, 2.35, 0.1)), look.main))
    parts.append(Part("crest", shapes.cone(0.3, 0.5, (0, 2.55, 0), sections=max(6, look.sections // 3)), look.main))
    return parts


@object_kind("race_track", material="stone", category="terrain",
             words=("racetrack", "racing track", "race course", "racecourse", "racing circuit", "circuit", "speedway",
                    "kart track", "go-kart track", "레이싱 트랙", "레이싱트랙", "경주 트랙", "경주트랙", "경주로", "서킷",
                    "레이스 트랙", "카트 트랙", "트랙"), max_triangles=4000)
def build_race_track(look: Look) -> list[Part]:
    """A 60 × 100 m oval circuit: dark asphalt loop with red-and-white kerbs on both edges, a grass infield,
    a white start/finish line and a small grandstand along the main straight."""
    import numpy as np

    asphalt = look.main if look.main.name != "stone" or look.greybox else finish("rubber", "gray")
    sections = max(32, look.sections * 3)
    stretch = np.diag([1.0, 1.0, 1.7, 1.0])  # the ring pulled into an oval along Z

    def oval_ring(inner: float, outer: float, height: float, y: float) -> object:
        ring = shapes.ring(inner, outer, height, (0, y, 0), sections=sections)
        return ring.apply_transform(stretch)

    infield = shapes.cylinder(21.0, 0.04, sections=sections).apply_transform(stretch)
    parts = [Part("track", oval_ring(22.0, 30.0, 0.1, 0.0), asphalt),
             Part("infield", infield, look.secondary("grass")),
             Part("kerb_inner", oval_ring(21.0, 22.0, 0.16, 0.0), look.secondary("paint", "red")),
             Part("kerb_outer", oval_ring(30.0, 31.0, 0.16, 0.0), look.secondary("paint", "white")),
             Part("start_line", shapes.box((8.0, 0.02, 1.2), (26.0, 0.1, 0.0)), look.secondary("paint", "white"))]
    stand = shapes.tapered_box((6.0, 40.0), (1.5, 40.0), 5.0, (36.0, 0.0, 0.0))
    shapes.turned(stand, 0)
    parts.append(Part("grandstand", stand, look.secondary("metal")))
    parts.append(Part("stand_roof", shapes.box((7.0, 0.3, 42.0), (35.5, 6.0, 0.0)), look.secondary("paint", "red")))
    return parts


@object_kind("hangar", material="metal", category="buildings",
             words=("aircraft hangar", "hangar bay", "hangar building", "aircraft shed", "격납고", "행거", "비행기 격납고",
                    "우주선 격납고"), max_triangles=3000)
def build_hangar(look: Look) -> list[Part]:
    """A 30 m wide arched hangar, 40 m deep: a curved metal roof over the floor, a back wall, the front wide
    open on a dark bay with lit door frames, and a painted floor stripe out of the door."""
    width, depth, rise = 30.0, 40.0, 12.0
    segments = max(8, look.sections // 2)
    angles = [math.pi * i / segments for i in range(segments + 1)]
    arch = [(width / 2 * math.cos(a), rise * math.sin(a)) for a in angles]
    roof = []
    for (x0, y0), (x1, y1) in zip(arch, arch[1:]):  # the curved roof, one flat panel per segment of the arch
        length = math.hypot(x1 - x0, y1 - y0) + 0.1
        panel = shapes.box((length, 0.4, depth), (0, -0.2, 0))
        shapes.turned(panel, math.degrees(math.atan2(y1 - y0, x1 - x0)), axis=(0, 0, 1))
        roof.append(shapes.moved(panel, ((x0 + x1) / 2, (y0 + y1) / 2, 0)))
    import trimesh

    shell = trimesh.util.concatenate(roof)
    back_wall = shapes.prism([(x * 0.97, y * 0.97) for x, y in arch], 0.3, (0, 0, -depth / 2 + 0.3))
    dark = look.secondary("dark_metal")
    light = look.secondary("ceramic") if look.greybox else glowing(finish("glass", "yellow"), 1.2)
    return [Part("roof", shell, look.main),
            Part("floor", shapes.box((width - 1.0, 0.1, depth), (0, 0, 0)), look.secondary("stone")),
            Part("back_wall", back_wall, dark),
            Part("door_frame_1", shapes.box((0.6, rise * 0.7, 0.6), (-width / 2 * 0.85, 0, depth / 2)), light),
            Part("door_frame_2", shapes.box((0.6, rise * 0.7, 0.6), (width / 2 * 0.85, 0, depth / 2)), light),
            Part("stripe", shapes.box((1.0, 0.02, depth + 12.0), (0, 0.1, 6.0)), look.secondary("paint", "yellow"))]
