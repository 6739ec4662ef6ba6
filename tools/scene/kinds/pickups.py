"""Game pickups and small gear: a heart, a star, a medkit, a ring, a medal, a rifle, an energy sword, a smartphone,
a radio, and fruit and snacks (banana, orange, grapes, strawberry, cheese, egg, cookie, sandwich, hot dog, fries).
Front +Z, origin under the base; flat pickups (heart, star, medal) stand upright facing +Z, as collectibles float."""

from __future__ import annotations

import math

from tools.scene import shapes
from tools.scene.materials import finish, glowing
from tools.scene.parts import Look, Part, object_kind


def _upright(mesh: object) -> object:
    """A Y-axis disc turned to face +Z."""
    return shapes.turned(mesh, 90, axis=(1, 0, 0))


@object_kind("heart", material="plastic", category="props",
             words=("health heart", "heart pickup", "heart icon", "love heart", "life heart", "하트", "하트 아이콘", "체력 하트",
                    "생명 하트"))
def build_heart(look: Look) -> list[Part]:
    """A 40 cm heart standing face-on: two round lobes over a point (a health pickup)."""
    red = look.main if look.main.name != "plastic" or look.greybox else finish("plastic", "red")
    # a square on its corner with a round lobe on each upper edge: the classic heart outline, extruded 8 cm
    side, depth = 0.21, 0.08
    half_diagonal = side / math.sqrt(2)
    point = shapes.turned(shapes.box((side, side, depth), (0, half_diagonal - side / 2, 0)), 45, axis=(0, 0, 1),
                          point=(0, half_diagonal, 0))
    parts = [Part("point", point, red)]
    for name, sx in (("lobe_l", -1), ("lobe_r", 1)):
        lobe = _upright(shapes.cylinder(side / 2, depth, sections=look.sections))
        parts.append(Part(name, shapes.moved(lobe, (sx * half_diagonal / 2, half_diagonal * 1.5, -depth / 2)), red))
    return parts


@object_kind("star", material="gold", category="props",
             words=("star pickup", "gold star", "star icon", "power star", "collectible star", "starfish", "별 모양", "별모양",
                    "황금별", "금별", "별 아이콘", "불가사리"))
def build_star(look: Look) -> list[Part]:
    """A 40 cm five-pointed star standing face-on: a pentagon core with five triangular points."""
    depth = 0.07
    inner, outer, cy = 0.08, 0.2, 0.2
    core = shapes.prism([(inner * math.cos(math.radians(90 + 72 * i)), inner * math.sin(math.radians(90 + 72 * i)))
                         for i in range(5)], depth, (0, cy, 0))
    parts = [Part("core", core, look.main)]
    for i in range(5):
        a = math.radians(90 + 72 * i)
        b1, b2 = math.radians(90 + 72 * i - 36), math.radians(90 + 72 * i + 36)
        tri = [(inner * math.cos(b1), inner * math.sin(b1)), (outer * math.cos(a), outer * math.sin(a)),
               (inner * math.cos(b2), inner * math.sin(b2))]
        # counter-clockwise: from the right base corner to the tip to the left one
        parts.append(Part(f"point_{i + 1}", shapes.prism(tri[::-1] if _clockwise(tri) else tri, depth, (0, cy, 0)),
                          look.main))
    low = min(float(part.mesh.bounds[0][1]) for part in parts)
    for part in parts:
        part.mesh.apply_translation([0, -low, 0])
    return parts


def _clockwise(points: list[tuple[float, float]]) -> bool:
    area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]))
    return area < 0


@object_kind("medkit", material="plastic", category="containers",
             words=("first aid kit", "first-aid kit", "health pack", "healthpack", "med kit", "health kit", "medical kit",
                    "구급상자", "구급함", "응급키트", "메디킷", "의료키트", "회복 아이템"))
def build_medkit(look: Look) -> list[Part]:
    """A 40 cm first-aid case: a white box with a red cross on its face and lid, and a handle."""
    white = look.main if look.main.name != "plastic" or look.greybox else finish("plastic", "white")
    cross = look.secondary("plastic", "red")
    return [Part("case", shapes.box((0.4, 0.26, 0.16)), white),
            Part("cross_v", shapes.box((0.06, 0.18, 0.01), (0, 0.04, 0.082)), cross),
            Part("cross_h", shapes.box((0.18, 0.06, 0.01), (0, 0.1, 0.082)), cross),
            Part("handle", shapes.box((0.14, 0.03, 0.03), (0, 0.26, 0)), look.secondary("plastic", "gray"))]


@object_kind("ring", material="gold", category="props",
             words=("gold ring", "magic ring", "wedding ring", "signet ring", "반지", "금반지", "마법 반지", "결혼반지"))
def build_ring(look: Look) -> list[Part]:
    """A 2.5 cm finger ring standing on its band with a gem on top (the band takes the words' colour)."""
    import trimesh

    band = trimesh.creation.torus(major_radius=0.011, minor_radius=0.0022, major_sections=max(16, look.sections),
                                  minor_sections=8)  # already upright: trimesh lays the torus in the XY plane
    return [Part("band", shapes.moved(band, (0, 0.0132, 0)), look.main),
            Part("setting", shapes.cylinder(0.004, 0.003, (0, 0.0245, 0), sections=8), look.main),
            Part("gem", shapes.sphere(0.0045, (0, 0.0265, 0), subdivisions=1),
                 glowing(look.secondary("glass", "red"), 0.4) if not look.greybox else look.main)]


@object_kind("medal", material="gold", category="props",
             words=("gold medal", "medallion", "badge of honour", "메달", "금메달", "훈장", "메달리온"))
def build_medal(look: Look) -> list[Part]:
    """A 7 cm medal hanging on a short ribbon, standing face-on."""
    ribbon = look.secondary("fabric", "blue")
    return [Part("disc", shapes.moved(_upright(shapes.cylinder(0.035, 0.006, sections=look.sections)), (0, 0.035, 0)),
                 look.main),
            Part("rim", shapes.moved(_upright(shapes.ring(0.03, 0.036, 0.008, sections=look.sections)), (0, 0.035, 0)),
                 look.main),
            Part("ribbon", shapes.tapered_box((0.03, 0.004), (0.045, 0.004), 0.07, (0, 0.068, 0)), ribbon)]


@object_kind("rifle", material="dark_metal", category="weapons",
             words=("sniper rifle", "assault rifle", "shotgun", "musket", "carbine", "machine gun", "소총", "저격총", "라이플",
                    "돌격소총", "산탄총", "샷건", "머스킷", "기관총", "장총"))
def build_rifle(look: Look) -> list[Part]:
    """A 1.1 m rifle lying on its side, barrel to +Z: a wooden stock, the action, a long barrel and a scope."""
    wood = look.secondary("wood")
    barrel = shapes.turned(shapes.cylinder(0.012, 0.55, sections=look.thin), 90, axis=(1, 0, 0))
    scope = shapes.turned(shapes.cylinder(0.018, 0.22, sections=look.thin), 90, axis=(1, 0, 0))
    return [Part("stock", shapes.tapered_box((0.04, 0.3), (0.035, 0.2), 0.12, (0, 0.0, -0.35)), wood),
            Part("grip", shapes.box((0.035, 0.12, 0.06), (0, 0.0, -0.12)), wood),
            Part("action", shapes.box((0.045, 0.07, 0.3), (0, 0.08, 0.0)), look.main),
            Part("magazine", shapes.box((0.03, 0.08, 0.05), (0, 0.0, 0.05)), look.main),
            Part("barrel", shapes.moved(barrel, (0, 0.12, 0.15)), look.main),
            Part("scope", shapes.moved(scope, (0, 0.175, -0.05)), look.main)]


@object_kind("energy_sword", material="plastic", category="weapons",
             words=("lightsaber", "light saber", "laser sword", "beam sword", "plasma sword", "energy blade", "광선검",
                    "레이저검", "레이저 검", "라이트세이버", "빔사벨", "빔소드"))
def build_energy_sword(look: Look) -> list[Part]:
    """A 1.1 m sword of light standing on its hilt: a metal hilt and a glowing blade (cyan unless asked)."""
    blade_colour = look.main if look.main.name != "plastic" or look.greybox else finish("plastic", "cyan")
    blade = glowing(blade_colour, 2.2) if not look.greybox else look.main
    metal = look.secondary("metal")
    return [Part("pommel", shapes.cylinder(0.022, 0.03, sections=look.thin), look.secondary("dark_metal")),
            Part("hilt", shapes.cylinder(0.02, 0.22, (0, 0.03, 0), sections=look.thin), metal),
            Part("emitter", shapes.cylinder(0.025, 0.03, (0, 0.25, 0), sections=look.thin), look.secondary("dark_metal")),
            Part("blade", shapes.cylinder(0.016, 0.82, (0, 0.28, 0), sections=look.thin), blade),
            Part("tip", shapes.sphere(0.016, (0, 1.084, 0), subdivisions=1), blade)]


@object_kind("smartphone", material="plastic", category="props",
             words=("phone", "cell phone", "cellphone", "mobile phone", "iphone", "스마트폰", "휴대폰", "핸드폰", "폰", "휴대전화"))
def build_smartphone(look: Look) -> list[Part]:
    """A 15 cm phone standing on its edge, screen lit and facing +Z."""
    body = look.main if look.main.name != "plastic" or look.greybox else finish("plastic", "black")
    screen = glowing(look.secondary("glass", "cyan"), 0.8) if not look.greybox else look.main
    return [Part("body", shapes.box((0.072, 0.15, 0.008)), body),
            Part("screen", shapes.box((0.064, 0.135, 0.002), (0, 0.0075, 0.0045)), screen),
            Part("camera", shapes.moved(_upright(shapes.cylinder(0.005, 0.002, sections=8)), (0.02, 0.13, -0.005)),
                 look.secondary("glass", "black"))]


@object_kind("radio", material="plastic", category="props",
             words=("walkie-talkie", "walkie talkie", "transistor radio", "boombox", "radio set", "라디오", "무전기", "워키토키",
                    "카세트", "붐박스"))
def build_radio(look: Look) -> list[Part]:
    """A 30 cm portable radio: a box with a round speaker grille, a dial, a handle and an aerial."""
    body = look.main if look.main.name != "plastic" or look.greybox else finish("plastic", "beige")
    dark = look.secondary("dark_metal")
    return [Part("body", shapes.box((0.3, 0.18, 0.1)), body),
            Part("speaker", shapes.moved(_upright(shapes.cylinder(0.055, 0.01, sections=look.sections)),
                                         (-0.06, 0.09, 0.05)), dark),
            Part("dial", shapes.box((0.1, 0.04, 0.01), (0.08, 0.11, 0.05)), look.secondary("glass", "yellow")),
            Part("knob", shapes.moved(_upright(shapes.cylinder(0.015, 0.012, sections=10)), (0.08, 0.04, 0.05)), dark),
            Part("handle", shapes.box((0.2, 0.025, 0.025), (0, 0.2, 0)), dark),
            Part("aerial", shapes.rod((0.12, 0.18, -0.03), (0.17, 0.45, -0.03), 0.004, sections=6), look.secondary("metal"))]


@object_kind("jellyfish", material="glass", category="creatures", words=("jelly fish", "medusa", "해파리"))
def build_jellyfish(look: Look) -> list[Part]:
    """A 50 cm jellyfish: a glowing translucent bell over trailing tentacles (it drifts, so its base is the tips)."""
    bell_colour = look.main if look.main.name != "glass" or look.greybox else finish("glass", "pink")
    bell = glowing(bell_colour, 0.6) if not look.greybox else look.main
    parts = [Part("bell", shapes.lathe([(0.0, 0.0), (0.16, 0.0), (0.15, 0.06), (0.11, 0.12), (0.0, 0.15)],
                                       (0, 0.35, 0), sections=look.sections), bell)]
    for i in range(6):
        a = 2 * math.pi * i / 6
        x, z = 0.1 * math.cos(a), 0.1 * math.sin(a)
        parts.append(Part(f"tentacle_{i + 1}", shapes.rod((x, 0.36, z), (x * 0.6, 0.0, z * 0.6), 0.008, sections=5),
                          bell))
    return parts


# -- fruit and snacks -------------------------------------------------------------------------------------------


@object_kind("banana", material="plastic", category="props", words=("bananas", "바나나", "바나나 한 송이"))
def build_banana(look: Look) -> list[Part]:
    """A bunch of three curved bananas lying on their sides."""
    peel = look.main_or("plastic", "banana_peel", "#f2d03a", roughness=0.5)
    tip = look.tone("banana_tip", "#4a3a1c")
    parts = []
    for i, dz in enumerate((-0.035, 0.0, 0.035), start=1):
        points = [(-0.1 + 0.05 * k, 0.018 + 0.045 * ((k - 2) / 2) ** 2, dz) for k in range(5)]
        for k in range(4):
            parts.append(Part(f"banana_{i}_{k + 1}", shapes.rod(points[k], points[k + 1], 0.017 - 0.001 * abs(k - 1.5),
                                                                 sections=look.thin), peel))
        parts.append(Part(f"stem_{i}", shapes.rod(points[-1], (0.115, 0.075, dz * 0.5), 0.006, sections=6), tip))
    low = min(float(part.mesh.bounds[0][1]) for part in parts)
    for part in parts:
        part.mesh.apply_translation([0, -low, 0])
    return parts


@object_kind("orange", material="plastic", category="props",
             words=("oranges", "tangerine", "mandarin", "clementine", "citrus", "귤", "오렌지", "한라봉", "감귤"))
def build_orange(look: Look) -> list[Part]:
    """An 8 cm citrus fruit (an orange, a tangerine) with a stalk and a leaf."""
    skin = look.main_or("plastic", "orange_peel", "#f08a1c", roughness=0.55)
    leaf = shapes.turned(shapes.ellipsoid((0.012, 0.003, 0.025), (0.0, 0.078, 0.018), subdivisions=1), 20,
                         axis=(1, 0, 0), point=(0, 0.078, 0))
    return [Part("fruit", shapes.sphere(0.04, subdivisions=look.subdivisions), skin),
            Part("stalk", shapes.cylinder(0.003, 0.008, (0, 0.078, 0), sections=6), look.secondary("bark")),
            Part("leaf", leaf, look.tone("leaf", "#3f8a35"))]


@object_kind("grapes", material="plastic", category="props", words=("grape", "bunch of grapes", "포도", "포도송이", "청포도"))
def build_grapes(look: Look) -> list[Part]:
    """A 15 cm bunch of grapes hanging from its stalk, resting on the lowest grape."""
    skin = look.main_or("plastic", "grape_skin", "#6a2a7a", roughness=0.3)
    parts = [Part("stalk", shapes.cylinder(0.004, 0.03, (0, 0.14, 0), sections=6), look.secondary("bark"))]
    rows = ((0.12, 4, 0.03), (0.095, 4, 0.026), (0.07, 3, 0.02), (0.045, 3, 0.014), (0.02, 1, 0.0))
    index = 0
    for y, count, radius in rows:
        for k in range(count):
            a = 2 * math.pi * k / count + y * 10
            index += 1
            parts.append(Part(f"grape_{index}", shapes.sphere(0.014, (radius * math.cos(a), y - 0.02, radius * math.sin(a)),
                                                              subdivisions=1), skin))
    low = min(float(part.mesh.bounds[0][1]) for part in parts)
    for part in parts:
        part.mesh.apply_translation([0, -low, 0])
    return parts


@object_kind("strawberry", material="plastic", category="props", words=("strawberries", "딸기", "산딸기"))
def build_strawberry(look: Look) -> list[Part]:
    """A 5 cm strawberry point-down with seeds and a green leafy cap."""
    red = look.main_or("plastic", "strawberry_red", "#d42a2a", roughness=0.35)
    body = shapes.lathe([(0.0, 0.0), (0.012, 0.01), (0.024, 0.03), (0.025, 0.045), (0.015, 0.055), (0.0, 0.056)],
                        sections=look.thin + 4)
    seed = look.tone("seed", "#f4e07a")
    parts = [Part("berry", body, red),
             Part("cap", shapes.cylinder(0.018, 0.006, (0, 0.054, 0), sections=6), look.tone("leaf", "#3f8a35"))]
    for i in range(8):
        a = 2 * math.pi * i / 8
        y = 0.02 + 0.012 * (i % 3)
        r = 0.0235 if y > 0.025 else 0.018
        parts.append(Part(f"seed_{i + 1}", shapes.sphere(0.002, (r * math.cos(a), y, r * math.sin(a)), subdivisions=1),
                          seed))
    return parts


@object_kind("cheese", material="plastic", category="props", words=("cheese wedge", "wedge of cheese", "치즈", "치즈 조각"))
def build_cheese(look: Look) -> list[Part]:
    """A 15 cm wedge of holey yellow cheese."""
    yellow = look.main_or("plastic", "cheese", "#f4c84a", roughness=0.5)
    wedge = shapes.prism([(-0.075, 0.0), (0.075, 0.0), (0.075, 0.07), (-0.075, 0.02)], 0.1)
    holes = look.tone("cheese_hole", "#c89a28")
    return [Part("wedge", wedge, yellow)] + [
        Part(f"hole_{i + 1}", shapes.moved(shapes.turned(shapes.cylinder(0.01, 0.004, sections=8), 90, axis=(1, 0, 0)),
                                           (x, y, 0.049)), holes)
        for i, (x, y) in enumerate(((-0.04, 0.006), (0.02, 0.02), (0.05, 0.04)))]


@object_kind("egg", material="ceramic", category="props",
             words=("eggs", "fried egg", "boiled egg", "easter egg", "달걀", "계란", "계란후라이", "달걀프라이", "삶은 달걀", "부활절 달걀"))
def build_egg(look: Look) -> list[Part]:
    """A 6 cm egg standing on its broad end."""
    shell = look.main_or("ceramic", "eggshell", "#f2e4cc", roughness=0.4)
    return [Part("egg", shapes.lathe([(0.0, 0.0), (0.018, 0.004), (0.024, 0.02), (0.022, 0.04), (0.013, 0.055),
                                      (0.0, 0.06)], sections=look.sections), shell)]


@object_kind("cookie", material="cardboard", category="props",
             words=("cookies", "biscuit", "biscuits", "chocolate chip cookie", "쿠키", "과자", "비스킷", "초코칩 쿠키"))
def build_cookie(look: Look) -> list[Part]:
    """Two 8 cm chocolate-chip cookies, one leaning on the other."""
    dough = look.main_or("cardboard", "cookie_dough", "#c98a48", roughness=0.8)
    chip = look.tone("chocolate", "#3a2012", roughness=0.5)
    parts = [Part("cookie_1", shapes.cylinder(0.04, 0.012, sections=look.sections), dough),
             Part("cookie_2", shapes.turned(shapes.cylinder(0.04, 0.012, (0.03, 0.012, 0.0), sections=look.sections), 12,
                                            axis=(0, 0, 1), point=(0.03, 0.012, 0.0)), dough)]
    for i, (x, z) in enumerate(((0.0, 0.0), (0.02, 0.012), (-0.018, 0.016), (0.012, -0.022), (-0.022, -0.012)), start=1):
        chip_mesh = shapes.cylinder(0.005, 0.004, (x + 0.03, 0.023, z), sections=6)
        parts.append(Part(f"chip_{i}", shapes.turned(chip_mesh, 12, axis=(0, 0, 1), point=(0.03, 0.012, 0.0)), chip))
    return parts


@object_kind("sandwich", material="cardboard", category="props",
             words=("sandwiches", "sub sandwich", "toast sandwich", "샌드위치", "토스트"))
def build_sandwich(look: Look) -> list[Part]:
    """A 12 cm square sandwich cut on the diagonal: bread, lettuce, ham, cheese, bread."""
    bread = look.main_or("cardboard", "sandwich_bread", "#f0d8a0", roughness=0.85)
    layers = [("bread_low", bread, 0.015), ("lettuce", look.tone("lettuce", "#6cb03a"), 0.006),
              ("ham", look.tone("ham", "#e88a8a"), 0.008), ("cheese", look.tone("cheese", "#f2b824", roughness=0.4), 0.005),
              ("bread_top", bread, 0.015)]
    parts, y = [], 0.0
    for name, surface, height in layers:
        slab = shapes.prism([(-0.06, -0.06), (0.06, -0.06), (-0.06, 0.06)], height)
        shapes.turned(slab, -90, axis=(1, 0, 0))
        parts.append(Part(name, shapes.moved(slab, (0, y + height / 2, 0)), surface))
        y += height
    return parts


@object_kind("hot_dog", material="cardboard", category="props", words=("hotdog", "hot dogs", "핫도그", "소시지빵"))
def build_hot_dog(look: Look) -> list[Part]:
    """A 18 cm hot dog: a long bun round a sausage with a line of mustard."""
    bun = look.main_or("cardboard", "bun", "#d8a05a")
    sausage = shapes.turned(shapes.cylinder(0.014, 0.19, sections=look.thin), 90, axis=(1, 0, 0))
    mustard = shapes.turned(shapes.cylinder(0.004, 0.15, sections=6), 90, axis=(1, 0, 0))
    return [Part("bun_l", shapes.ellipsoid((0.018, 0.02, 0.09), (-0.014, 0.0, 0.0), subdivisions=look.subdivisions), bun),
            Part("bun_r", shapes.ellipsoid((0.018, 0.02, 0.09), (0.014, 0.0, 0.0), subdivisions=look.subdivisions), bun),
            Part("sausage", shapes.moved(sausage, (0, 0.032, -0.095)), look.tone("sausage", "#a8442a", roughness=0.4)),
            Part("mustard", shapes.moved(mustard, (0, 0.047, -0.075)), look.tone("mustard", "#f2c318"))]


@object_kind("fries", material="paint", category="props",
             words=("french fries", "chips", "fries box", "감자튀김", "프렌치프라이", "프라이"))
def build_fries(look: Look) -> list[Part]:
    """A 15 cm red carton of golden fries."""
    carton = look.main if look.main.name != "paint" or look.greybox else finish("paint", "red")
    fry = look.tone("fries", "#f2c04a", roughness=0.6)
    parts = [Part("carton", shapes.tapered_box((0.07, 0.04), (0.1, 0.05), 0.1), carton)]
    for i in range(9):
        x, z = -0.035 + 0.009 * i, 0.012 * ((i * 7) % 3 - 1)
        lean = (i % 3 - 1) * 8.0
        stick = shapes.turned(shapes.box((0.008, 0.08, 0.008), (x, 0.06, z)), lean, axis=(0, 0, 1), point=(x, 0.06, z))
        parts.append(Part(f"fry_{i + 1}", stick, fry))
    return parts
