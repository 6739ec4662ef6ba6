"""Dishes and snacks game teams ask for by name (Korean street food, ramen, pizza, burgers): each served
on its own plate, bowl or board at real size, origin under the dish, front +Z.

The dish is the main part (it takes the colour the words name: "a blue bowl of ramen"); the food keeps
its natural colours (:meth:`Look.tone`), so a pizza is golden and tteokbokki red whatever the plate is.
"""

from __future__ import annotations

import math

from tools.scene import shapes
from tools.scene.parts import Look, Part, object_kind

SAUCE_RED = "#c8321c"
# The kinds here: each is served on its own dish, so "a bowl of ramen", "떡볶이 한 접시" are the food alone
FOOD_KINDS = frozenset(("tteokbokki", "ramen_bowl", "kimbap", "bibimbap", "dumplings", "pizza", "burger", "sushi",
                        "donut", "ice_cream", "watermelon", "kimchi", "korean_bbq", "fried_chicken", "bungeoppang",
                        "hotteok", "steak", "jjigae", "rice_bowl", "banchan"))
# Kinds a food is served in or on ("a plate of dumplings"): the food brings its own
SERVING_KINDS = frozenset(("plate", "bowl"))


def _plate(look: Look, radius: float = 0.14) -> Part:
    """A shallow round plate (a soup plate when ``radius`` is small)."""
    r = radius
    return Part("plate", shapes.lathe([(0.0, 0.0), (r * 0.65, 0.0), (r * 0.93, 0.02), (r, 0.026), (r * 0.86, 0.022),
                                       (r * 0.57, 0.008), (0.0, 0.008)], sections=look.sections), look.main)


def _bowl(look: Look, radius: float, height: float, name: str = "bowl") -> Part:
    r, h = radius, height
    return Part(name, shapes.lathe([(0.0, 0.0), (r * 0.45, 0.0), (r * 0.85, h * 0.45), (r, h), (r * 0.92, h),
                                    (r * 0.77, h * 0.45), (r * 0.38, h * 0.12), (0.0, h * 0.12)],
                                   sections=look.sections), look.main)


def _ring_of(count: int, radius: float, phase: float = 0.0) -> list[tuple[float, float, float]]:
    """(x, z, angle in degrees) of ``count`` points round a circle."""
    return [(radius * math.cos(phase + 2 * math.pi * i / count), radius * math.sin(phase + 2 * math.pi * i / count),
             math.degrees(phase + 2 * math.pi * i / count)) for i in range(count)]


@object_kind("tteokbokki", material="ceramic", category="props",
             words=("topokki", "ddeokbokki", "tteok-bokki", "spicy rice cakes", "rice cakes", "rice cake", "떡볶이",
                    "떡볶기", "국물떡볶이", "즉석떡볶이", "라볶이", "떡꼬치"))
def build_tteokbokki(look: Look) -> list[Part]:
    """A plate of cylinder rice cakes in red sauce with fish-cake triangles and green onion."""
    sauce = look.tone("gochujang_sauce", SAUCE_RED, roughness=0.25)
    cake = look.tone("rice_cake_sauced", "#e0503a", roughness=0.3)
    fishcake = look.tone("fish_cake", "#e2b070", roughness=0.6)
    onion = look.tone("green_onion", "#4f9a3a")
    parts = [_plate(look, 0.15), Part("sauce", shapes.cylinder(0.11, 0.008, (0, 0.01, 0), sections=look.sections), sauce)]
    # two loose layers of rice cakes, turned every which way (the look's rng keeps one seed's plate the same)
    for i in range(11):
        angle = float(look.rng.uniform(0, 180))
        x, z = float(look.rng.uniform(-0.06, 0.06)), float(look.rng.uniform(-0.06, 0.06))
        y = 0.026 + (0.014 if i >= 7 else 0.0)
        dx, dz = 0.032 * math.cos(math.radians(angle)), 0.032 * math.sin(math.radians(angle))
        parts.append(Part(f"rice_cake_{i + 1}", shapes.rod((x - dx, y, z - dz), (x + dx, y, z + dz), 0.011,
                                                             sections=8), cake))
    for i, (x, z, angle) in enumerate(_ring_of(3, 0.065, 0.4)):
        sheet = shapes.prism([(-0.03, 0.0), (0.03, 0.0), (0.0, 0.045)], 0.006)
        shapes.turned(sheet, 70, axis=(1, 0, 0))
        shapes.turned(sheet, angle, axis=(0, 1, 0))
        parts.append(Part(f"fish_cake_{i + 1}", shapes.moved(sheet, (x, 0.03, z)), fishcake))
    for i, (x, z, _) in enumerate(_ring_of(5, 0.035, 1.1)):
        parts.append(Part(f"onion_{i + 1}", shapes.cylinder(0.006, 0.004, (x, 0.05, z), sections=6), onion))
    return parts


@object_kind("ramen_bowl", material="ceramic", category="props",
             words=("ramen", "ramyeon", "ramyun", "noodles", "noodle soup", "bowl of noodles", "bowl of ramen", "udon",
                    "pho", "라면", "라멘", "국수", "우동", "짬뽕", "칼국수", "쌀국수", "냉면", "컵라면", "라면 한 그릇"))
def build_ramen_bowl(look: Look) -> list[Part]:
    """A deep bowl of broth with noodles, a halved egg, chashu, nori and chopsticks across the rim."""
    broth = look.tone("broth", "#c98a3c", roughness=0.2)
    noodle = look.tone("noodles", "#f1d58a", roughness=0.55)
    parts = [_bowl(look, 0.11, 0.09), Part("broth", shapes.cylinder(0.095, 0.006, (0, 0.07, 0), sections=look.sections),
                                           broth)]
    for i in range(6):  # a tangle of noodles breaking the surface
        z = -0.05 + 0.02 * i
        parts.append(Part(f"noodle_{i + 1}", shapes.rod((-0.07, 0.079, z), (0.05, 0.079, z + 0.012), 0.006,
                                                          sections=6), noodle))
    white, yolk = look.tone("egg_white", "#f6f2e6"), look.tone("egg_yolk", "#f0a020", roughness=0.4)
    parts += [Part("egg_white", shapes.ellipsoid((0.022, 0.012, 0.03), (0.045, 0.072, 0.02), subdivisions=1), white),
              Part("egg_yolk", shapes.ellipsoid((0.012, 0.006, 0.015), (0.045, 0.09, 0.022), subdivisions=1), yolk),
              Part("chashu", shapes.cylinder(0.03, 0.008, (-0.035, 0.078, 0.035), sections=12),
                   look.tone("chashu", "#b0704a")),
              Part("nori", shapes.turned(shapes.box((0.05, 0.06, 0.003), (0.0, 0.07, -0.07)), -15, axis=(1, 0, 0),
                                         point=(0, 0.07, -0.07)), look.tone("nori", "#1f2a1c", roughness=0.5)),
              Part("green_onion", shapes.cylinder(0.012, 0.004, (-0.01, 0.08, -0.02), sections=8),
                   look.tone("green_onion", "#5aa040"))]
    wood = look.secondary("wood")
    for i, x in enumerate((-0.012, 0.012), start=1):
        parts.append(Part(f"chopstick_{i}", shapes.rod((x, 0.094, -0.13), (x + 0.01, 0.094, 0.11), 0.004, sections=6),
                          wood))
    return parts


@object_kind("kimbap", material="ceramic", category="props",
             words=("gimbap", "kimbap roll", "seaweed rice roll", "maki", "maki roll", "sushi roll", "김밥", "김밥 한 줄",
                    "꼬마김밥", "참치김밥", "마끼"))
def build_kimbap(look: Look) -> list[Part]:
    """Eight sliced rolls on a plate: black seaweed round white rice round coloured fillings."""
    nori, rice = look.tone("nori", "#1c241a", roughness=0.5), look.tone("rice", "#f4f1e8", roughness=0.8)
    fillings = [look.tone("egg_yolk", "#f2c02c"), look.tone("carrot", "#e8742a"), look.tone("spinach", "#3f8a35"),
                look.tone("pickled_radish", "#f5d94a")]
    parts = [_plate(look, 0.15)]
    # slices stand on a cut face, as kimbap is plated: a black ring of seaweed, white rice, the fillings on top
    for i in range(8):
        x, z = -0.075 + 0.05 * (i % 4), -0.026 + 0.052 * (i // 4)
        parts += [Part(f"slice_{i + 1}", shapes.cylinder(0.022, 0.02, (x, 0.01, z), sections=14), nori),
                  Part(f"rice_{i + 1}", shapes.cylinder(0.019, 0.002, (x, 0.03, z), sections=14), rice)]
        for j, (fx, fz) in enumerate(((-0.006, -0.004), (0.006, -0.004), (0.0, 0.006))):
            bit = shapes.box((0.007, 0.003, 0.007), (x + fx, 0.031, z + fz))
            parts.append(Part(f"filling_{i + 1}_{j + 1}", bit, fillings[(i + j) % len(fillings)]))
    return parts


@object_kind("bibimbap", material="stone", category="props",
             words=("dolsot bibimbap", "rice bowl", "mixed rice", "donburi", "비빔밥", "돌솥비빔밥", "돌솥밥", "덮밥", "돈부리",
                    "볶음밥", "fried rice"))
def build_bibimbap(look: Look) -> list[Part]:
    """A hot-stone bowl of rice crowned with wedges of vegetables round a fried egg and a dab of chili paste."""
    parts = [_bowl(look, 0.1, 0.075, "stone_bowl"),
             Part("rice", shapes.cylinder(0.088, 0.01, (0, 0.058, 0), sections=look.sections),
                  look.tone("rice", "#f4f1e8", roughness=0.8))]
    toppings = [("spinach", "#3f8a35"), ("carrot", "#e8742a"), ("bean_sprouts", "#efe6c0"), ("mushroom", "#6e4a2c"),
                ("beef", "#5a2e1c"), ("radish", "#c8452e")]
    for i, (x, z, angle) in enumerate(_ring_of(len(toppings), 0.05, 0.3)):
        mound = shapes.ellipsoid((0.03, 0.012, 0.018), (x, 0.066, z), subdivisions=1)
        shapes.turned(mound, -angle, axis=(0, 1, 0), point=(x, 0.0, z))
        name, colour = toppings[i]
        parts.append(Part(name, mound, look.tone(name, colour)))
    parts += [Part("egg_white", shapes.cylinder(0.03, 0.006, (0, 0.076, 0), sections=14), look.tone("egg_white", "#f8f6ee")),
              Part("egg_yolk", shapes.ellipsoid((0.013, 0.008, 0.013), (0, 0.08, 0), subdivisions=1),
                   look.tone("egg_yolk", "#f2a81c", roughness=0.35)),
              Part("gochujang", shapes.ellipsoid((0.012, 0.007, 0.012), (0.025, 0.08, 0.02), subdivisions=1),
                   look.tone("gochujang", SAUCE_RED, roughness=0.3))]
    return parts


@object_kind("dumplings", material="ceramic", category="props",
             words=("dumpling", "gyoza", "mandu", "dim sum", "potstickers", "bao", "steamed buns", "만두", "군만두",
                    "물만두", "찐만두", "교자", "딤섬", "왕만두", "바오", "샤오롱바오", "소룡포"))
def build_dumplings(look: Look) -> list[Part]:
    """Five pleated crescent dumplings fanned out on a plate, with a dipping sauce dish."""
    skin = look.tone("dumpling_skin", "#f2e6c8", roughness=0.7)
    parts = [_plate(look, 0.15)]
    for i, (x, z, angle) in enumerate(_ring_of(5, 0.075, 0.2)):
        body = shapes.ellipsoid((0.04, 0.022, 0.022), (0.0, 0.008, 0.0), subdivisions=look.subdivisions)
        crest = shapes.ellipsoid((0.034, 0.01, 0.005), (0.0, 0.036, 0.0), subdivisions=1)
        for mesh in (body, crest):
            shapes.turned(mesh, 90 - angle, axis=(0, 1, 0))
            shapes.moved(mesh, (x, 0.0, z))
        parts += [Part(f"dumpling_{i + 1}", body, skin), Part(f"pleat_{i + 1}", crest, skin)]
    parts += [Part("sauce_dish", shapes.cylinder(0.03, 0.015, (0, 0.008, 0), sections=14), look.secondary("ceramic")),
              Part("soy_sauce", shapes.cylinder(0.025, 0.004, (0, 0.02, 0), sections=14),
                   look.tone("soy_sauce", "#3a1a0c", roughness=0.15))]
    return parts


@object_kind("pizza", material="cardboard", category="props",
             words=("pizza pie", "pepperoni pizza", "pizza slice", "피자", "페퍼로니 피자", "피자 한 판"))
def build_pizza(look: Look) -> list[Part]:
    """A 30 cm pizza: a golden crust, red sauce, melted cheese and pepperoni."""
    crust = look.main_or("cardboard", "pizza_crust", "#d39a4e")
    parts = [Part("crust", shapes.lathe([(0.0, 0.0), (0.15, 0.0), (0.155, 0.012), (0.148, 0.022), (0.135, 0.016),
                                         (0.0, 0.012)], sections=look.sections), crust),
             Part("sauce", shapes.cylinder(0.135, 0.004, (0, 0.012, 0), sections=look.sections), look.tone("tomato_sauce", "#b02a18")),
             Part("cheese", shapes.cylinder(0.127, 0.004, (0, 0.015, 0), sections=look.sections),
                  look.tone("cheese", "#f4cf5a", roughness=0.45))]
    pepperoni = look.tone("pepperoni", "#a8281c", roughness=0.45)
    spots = [(0.0, 0.0)] + [(x, z) for x, z, _ in _ring_of(5, 0.06, 0.3)] + [(x, z) for x, z, _ in _ring_of(6, 0.1, 0.9)]
    for i, (x, z) in enumerate(spots):
        parts.append(Part(f"pepperoni_{i + 1}", shapes.cylinder(0.018, 0.004, (x, 0.018, z), sections=10), pepperoni))
    return parts


@object_kind("burger", material="cardboard", category="props",
             words=("hamburger", "cheeseburger", "burger bun", "햄버거", "버거", "치즈버거", "수제버거"))
def build_burger(look: Look) -> list[Part]:
    """A stacked burger: bun, patty, cheese, lettuce, tomato, sesame-topped bun."""
    bun = look.main_or("cardboard", "bun", "#d8903e")
    parts = [Part("bun_bottom", shapes.frustum(0.05, 0.055, 0.022, sections=look.sections), bun),
             Part("patty", shapes.cylinder(0.058, 0.02, (0, 0.022, 0), sections=look.sections), look.tone("patty", "#4a2814", roughness=0.8)),
             Part("cheese", shapes.turned(shapes.box((0.1, 0.004, 0.1), (0, 0.042, 0)), 45),
                  look.tone("cheese", "#f2b824", roughness=0.4)),
             Part("lettuce", shapes.cylinder(0.062, 0.006, (0, 0.046, 0), sections=10), look.tone("lettuce", "#6cb03a")),
             Part("tomato", shapes.cylinder(0.052, 0.008, (0, 0.052, 0), sections=look.sections), look.tone("tomato", "#d2321e", roughness=0.3)),
             Part("bun_top", shapes.ellipsoid((0.058, 0.035, 0.058), (0, 0.06, 0), subdivisions=look.subdivisions), bun)]
    shapes.moved(parts[-1].mesh, (0, 0, 0))
    seed = look.tone("sesame", "#f6ecc8")
    for i, (x, z, _) in enumerate(_ring_of(6, 0.026, 0.2)):
        parts.append(Part(f"sesame_{i + 1}", shapes.ellipsoid((0.003, 0.002, 0.005), (x, 0.09, z), subdivisions=1), seed))
    return parts


@object_kind("sushi", material="wood", category="props",
             words=("nigiri", "sashimi", "sushi platter", "초밥", "스시", "연어초밥", "니기리", "생선초밥"))
def build_sushi(look: Look) -> list[Part]:
    """Three nigiri (salmon, tuna, egg) on a wooden serving board."""
    rice = look.tone("rice", "#f4f1e8", roughness=0.8)
    parts = [Part("board", shapes.box((0.26, 0.02, 0.1)), look.main)]
    for i, (name, colour) in enumerate((("salmon", "#f08a5a"), ("tuna", "#c42a3a"), ("tamago", "#f2cc48"))):
        x = -0.07 + 0.07 * i
        parts += [Part(f"rice_{i + 1}", shapes.ellipsoid((0.022, 0.015, 0.035), (x, 0.02, 0), subdivisions=1), rice),
                  Part(name, shapes.ellipsoid((0.026, 0.007, 0.042), (x, 0.042, 0), subdivisions=1),
                       look.tone(name, colour, roughness=0.3))]
    return parts


@object_kind("donut", material="cardboard", category="props",
             words=("doughnut", "donuts", "doughnuts", "glazed donut", "도넛", "도너츠", "도넛츠"))
def build_donut(look: Look) -> list[Part]:
    """A ring doughnut with pink icing and sprinkles (the icing takes the colour the words name)."""
    import trimesh

    dough = look.tone("dough", "#d59a52")
    icing = look.main_or("cardboard", "icing", "#f48fb1", roughness=0.3)
    ring = trimesh.creation.torus(major_radius=0.045, minor_radius=0.022, major_sections=max(12, look.sections),
                                  minor_sections=10)
    shapes.turned(ring, -90, axis=(1, 0, 0))
    top = trimesh.creation.torus(major_radius=0.045, minor_radius=0.019, major_sections=max(12, look.sections),
                                 minor_sections=8)
    shapes.turned(top, -90, axis=(1, 0, 0))
    parts = [Part("dough", shapes.moved(ring, (0, 0.022, 0)), dough), Part("icing", shapes.moved(top, (0, 0.03, 0)), icing)]
    colours = ("#ffffff", "#3d8fe0", "#f2c318", "#2e8b3a")
    for i, (x, z, angle) in enumerate(_ring_of(8, 0.045, 0.15)):
        bit = shapes.turned(shapes.box((0.009, 0.003, 0.003), (x, 0.049, z)), angle * 1.7, point=(x, 0, z))
        parts.append(Part(f"sprinkle_{i + 1}", bit, look.tone(f"sprinkle_{i % 4}", colours[i % 4])))
    return parts


@object_kind("ice_cream", material="cardboard", category="props",
             words=("ice cream cone", "icecream", "gelato", "soft serve", "sundae", "아이스크림", "콘아이스크림", "소프트아이스크림",
                    "젤라또", "아이스크림콘"))
def build_ice_cream(look: Look) -> list[Part]:
    """A waffle cone holding two scoops (the top scoop takes the colour the words name)."""
    cone = shapes.cone(0.032, 0.12, sections=look.thin + 4)
    shapes.turned(cone, 180, axis=(1, 0, 0), point=(0, 0.06, 0))
    return [Part("cone", cone, look.tone("waffle_cone", "#d9a45a", roughness=0.8)),
            Part("scoop_1", shapes.sphere(0.036, (0, 0.105, 0), subdivisions=look.subdivisions), look.tone("vanilla", "#f6ecd2")),
            Part("scoop_2", shapes.sphere(0.032, (0, 0.155, 0), subdivisions=look.subdivisions),
                 look.main_or("cardboard", "strawberry", "#f48fb1", roughness=0.5))]


@object_kind("watermelon", material="plastic", category="props",
             words=("melon", "watermelons", "수박", "멜론", "수박 한 통"))
def build_watermelon(look: Look) -> list[Part]:
    """A whole striped watermelon (dark bands from pole to pole) with its stalk."""
    rind = look.main_or("plastic", "watermelon_rind", "#3f8f3a", roughness=0.4)
    stripe = look.tone("watermelon_stripe", "#1e4d1e", roughness=0.4)
    parts = [Part("melon", shapes.ellipsoid((0.15, 0.14, 0.18), subdivisions=look.subdivisions), rind)]
    for i in range(6):
        band = shapes.ellipsoid((0.152, 0.142, 0.018), subdivisions=look.subdivisions)
        shapes.turned(band, i * 30.0, axis=(0, 1, 0), point=(0, 0.14, 0))
        parts.append(Part(f"stripe_{i + 1}", band, stripe))
    parts.append(Part("stalk", shapes.cylinder(0.006, 0.02, (0, 0.275, 0), sections=6), look.secondary("bark")))
    return parts


@object_kind("kimchi", material="ceramic", category="props",
             words=("kimchi", "kimchee", "김치", "배추김치", "깍두기", "김치 한 접시"))
def build_kimchi(look: Look) -> list[Part]:
    """A small dish heaped with red-pickled cabbage leaves."""
    leaf = look.tone("kimchi_leaf", "#d8482a", roughness=0.45)
    rib = look.tone("kimchi_rib", "#f0c0a0", roughness=0.5)
    parts = [_bowl(look, 0.08, 0.035, "dish")]
    for i, (x, z, angle) in enumerate(_ring_of(5, 0.025, 0.5)):
        heap = shapes.ellipsoid((0.028, 0.018, 0.014), (x, 0.02, z), subdivisions=1)
        parts.append(Part(f"leaf_{i + 1}", shapes.turned(heap, -angle, point=(x, 0, z)), leaf))
        parts.append(Part(f"rib_{i + 1}", shapes.turned(shapes.box((0.03, 0.006, 0.006), (x, 0.045, z)), -angle,
                                                         point=(x, 0, z)), rib))
    parts.append(Part("top", shapes.ellipsoid((0.03, 0.02, 0.025), (0, 0.04, 0), subdivisions=1), leaf))
    return parts


@object_kind("korean_bbq", material="dark_metal", category="props",
             words=("korean bbq", "korean barbecue", "barbecue grill", "bbq grill", "grilled meat", "bulgogi", "galbi",
                    "samgyeopsal", "불고기", "삼겹살", "갈비", "고기", "바베큐", "바비큐", "고기 굽는", "숯불구이", "제육볶음"))
def build_korean_bbq(look: Look) -> list[Part]:
    """A round tabletop grill with strips of pork belly, garlic and a side of lettuce leaves."""
    meat = look.tone("pork_belly", "#c8785a", roughness=0.5)
    fat = look.tone("pork_fat", "#f2e0cc", roughness=0.5)
    parts = [Part("grill", shapes.cylinder(0.16, 0.03, sections=look.sections), look.main),
             Part("grate", shapes.cylinder(0.15, 0.004, (0, 0.03, 0), sections=look.sections),
                  look.secondary("metal"))]
    for i in range(4):
        z = -0.075 + 0.05 * i
        parts += [Part(f"meat_{i + 1}", shapes.box((0.18, 0.012, 0.03), (0, 0.034, z)), meat),
                  Part(f"fat_{i + 1}", shapes.box((0.18, 0.013, 0.008), (0, 0.034, z + 0.011)), fat)]
    garlic = look.tone("garlic", "#f4ecd0")
    for i, (x, z, _) in enumerate(_ring_of(3, 0.11, 0.2)):
        parts.append(Part(f"garlic_{i + 1}", shapes.sphere(0.01, (x, 0.034, z), subdivisions=1), garlic))
    lettuce = look.tone("lettuce", "#5aa83a")
    for i in range(3):
        parts.append(Part(f"lettuce_{i + 1}", shapes.ellipsoid((0.05, 0.006, 0.035), (0.23, 0.006 * i, -0.02 + 0.01 * i),
                                                               subdivisions=1), lettuce))
    return parts


@object_kind("fried_chicken", material="cardboard", category="props",
             words=("fried chicken", "chicken wings", "drumsticks", "chicken drumstick", "치킨", "후라이드 치킨", "후라이드치킨",
                    "양념치킨", "프라이드 치킨", "닭강정", "통닭", "치킨 한 마리"))
def build_fried_chicken(look: Look) -> list[Part]:
    """A paper-lined basket of crispy drumsticks (the golden crust unless the words say otherwise: 양념 is red)."""
    crust = look.main_or("cardboard", "fried_crust", "#c8822c", roughness=0.8)
    parts = [Part("basket", shapes.frustum(0.1, 0.13, 0.06, sections=look.sections), look.secondary("wood", "brown")),
             Part("paper", shapes.cylinder(0.12, 0.004, (0, 0.058, 0), sections=look.sections), look.tone("paper", "#f4ecd8"))]
    bone = look.tone("bone", "#f2ead8")
    for i, (x, z, angle) in enumerate(_ring_of(5, 0.05, 0.3)):
        a = math.radians(angle)
        head = (x, 0.09, z)
        tail = (x + 0.05 * math.cos(a + 2.0), 0.075, z + 0.05 * math.sin(a + 2.0))
        parts += [Part(f"drumstick_{i + 1}", shapes.ellipsoid((0.03, 0.025, 0.03), (x, 0.065, z), subdivisions=1), crust),
                  Part(f"bone_{i + 1}", shapes.rod(head, tail, 0.006, sections=6), bone)]
    return parts


@object_kind("bungeoppang", material="cardboard", category="props",
             words=("fish-shaped bread", "fish shaped bread", "fish bread", "taiyaki", "붕어빵", "잉어빵", "타이야키"))
def build_bungeoppang(look: Look) -> list[Part]:
    """Three fish-shaped pastries lying side by side: a plump body, a tail fin, a bump of an eye."""
    dough = look.main_or("cardboard", "bungeoppang", "#c88a3c", roughness=0.7)
    parts = []
    for i, z in enumerate((-0.065, 0.0, 0.065), start=1):
        parts.append(Part(f"body_{i}", shapes.ellipsoid((0.06, 0.015, 0.03), (0.0, 0.0, z), subdivisions=1), dough))
        tail = shapes.prism([(0.0, 0.0), (0.028, -0.016), (0.028, 0.016)], 0.01)
        shapes.turned(tail, -90, axis=(1, 0, 0))  # the fin lies flat, fanning out behind the body
        parts.append(Part(f"tail_{i}", shapes.moved(tail, (0.052, 0.012, z)), dough))
        parts.append(Part(f"eye_{i}", shapes.sphere(0.005, (-0.035, 0.026, z + 0.01), subdivisions=1), dough))
    return parts


@object_kind("hotteok", material="cardboard", category="props",
             words=("hotteok", "korean pancake", "pancake", "pancakes", "jeon", "pajeon", "호떡", "파전", "부침개",
                    "해물파전", "김치전", "팬케이크"))
def build_hotteok(look: Look) -> list[Part]:
    """A stack of three golden griddle pancakes on a plate, a dark syrup spot on top."""
    cake = look.tone("pancake", "#d89a48", roughness=0.6)
    parts = [_plate(look, 0.13)]
    for i in range(3):
        parts.append(Part(f"pancake_{i + 1}", shapes.ellipsoid((0.08, 0.01, 0.08), (0, 0.008 + 0.016 * i, 0),
                                                               subdivisions=look.subdivisions), cake))
    parts.append(Part("syrup", shapes.cylinder(0.03, 0.003, (0, 0.057, 0), sections=12),
                      look.tone("syrup", "#6a3410", roughness=0.15)))
    return parts


@object_kind("steak", material="ceramic", category="props",
             words=("beef steak", "t-bone", "sirloin", "ribeye", "스테이크", "티본", "등심", "안심"))
def build_steak(look: Look) -> list[Part]:
    """A seared steak on a plate with a bone edge and a sprig of greens."""
    return [_plate(look, 0.15),
            Part("steak", shapes.ellipsoid((0.09, 0.018, 0.06), (0, 0.012, 0), subdivisions=look.subdivisions),
                 look.tone("seared_beef", "#5a2a18", roughness=0.6)),
            Part("bone", shapes.rod((-0.06, 0.03, -0.03), (0.05, 0.03, -0.045), 0.007, sections=6),
                 look.tone("bone", "#f0e6d0")),
            Part("greens", shapes.ellipsoid((0.02, 0.01, 0.015), (0.09, 0.012, 0.06), subdivisions=1),
                 look.tone("greens", "#4f9a3a"))]


def _fruit(look: Look, name: str, hex_colour: str, radii: tuple[float, float, float], *, leaf: bool = True,
           roughness: float = 0.45) -> list[Part]:
    """A round fruit or vegetable of ``radii`` in its own colour (or the one the words name), with a stalk."""
    parts = [Part(name, shapes.ellipsoid(radii, subdivisions=look.subdivisions),
                  look.main_or("plastic", name, hex_colour, roughness=roughness))]
    if leaf:
        top = 2 * radii[1]
        parts += [Part("stalk", shapes.cylinder(0.003, 0.01, (0, top - 0.002, 0), sections=6), look.secondary("bark")),
                  Part("leaf", shapes.cylinder(radii[0] * 0.45, 0.003, (0, top - 0.003, 0), sections=5),
                       look.tone("leaf", "#3f8a35"))]
    return parts


@object_kind("tomato", material="plastic", category="props", words=("tomatoes", "cherry tomato", "토마토", "방울토마토"))
def build_tomato(look: Look) -> list[Part]:
    """A 7 cm red tomato with its green calyx."""
    return _fruit(look, "tomato", "#d8321e", (0.036, 0.03, 0.036), roughness=0.25)


@object_kind("potato", material="plastic", category="props",
             words=("potatoes", "sweet potato", "yam", "감자", "고구마", "군고구마"))
def build_potato(look: Look) -> list[Part]:
    """A 10 cm lumpy brown potato."""
    parts = _fruit(look, "potato", "#a8784a", (0.05, 0.03, 0.035), leaf=False, roughness=0.9)
    parts.append(Part("lump", shapes.ellipsoid((0.025, 0.02, 0.022), (0.03, 0.012, 0.005), subdivisions=1),
                      parts[0].finish))
    return parts


@object_kind("pineapple", material="plastic", category="props", words=("pineapples", "파인애플"))
def build_pineapple(look: Look) -> list[Part]:
    """A 25 cm pineapple: a golden body under a crown of spiky leaves."""
    parts = [Part("fruit", shapes.ellipsoid((0.06, 0.085, 0.06), subdivisions=look.subdivisions),
                  look.main_or("plastic", "pineapple", "#d8a030", roughness=0.7))]
    leaf = look.tone("leaf", "#3f8a35")
    for i, (x, z, angle) in enumerate(_ring_of(6, 0.015, 0.2)):
        spike = shapes.cone(0.012, 0.09, (0, 0, 0), sections=4)
        shapes.turned(spike, 20, axis=(math.cos(math.radians(angle + 90)), 0, math.sin(math.radians(angle + 90))))
        parts.append(Part(f"leaf_{i + 1}", shapes.moved(spike, (x, 0.165, z)), leaf))
    parts.append(Part("leaf_top", shapes.cone(0.014, 0.11, (0, 0.165, 0), sections=4), leaf))
    return parts


@object_kind("lemon", material="plastic", category="props", words=("lemons", "lime", "limes", "레몬", "라임", "유자"))
def build_lemon(look: Look) -> list[Part]:
    """An 8 cm lemon lying on its side, pointed at both ends."""
    skin = look.main_or("plastic", "lemon", "#f2d83a", roughness=0.5)
    body = shapes.turned(shapes.lathe([(0.0, 0.0), (0.012, 0.006), (0.03, 0.025), (0.032, 0.04), (0.03, 0.055),
                                       (0.012, 0.074), (0.0, 0.08)], sections=look.sections), 90, axis=(0, 0, 1))
    low = body.bounds[0]
    body.apply_translation([-(body.bounds[0][0] + body.bounds[1][0]) / 2, -low[1], 0])
    return [Part("lemon", body, skin)]


@object_kind("jjigae", material="stone", category="props",
             words=("jjigae", "kimchi stew", "stew", "hot pot", "hotpot", "김치찌개", "된장찌개", "순두부찌개", "부대찌개",
                    "찌개", "된장국", "뚝배기", "전골"))
def build_jjigae(look: Look) -> list[Part]:
    """A black earthenware pot (ttukbaegi) of red stew with tofu cubes, kimchi and green onion."""
    stew = look.tone("stew", "#c0321a", roughness=0.2)
    parts = [Part("pot", shapes.lathe([(0.0, 0.0), (0.07, 0.0), (0.095, 0.04), (0.1, 0.08), (0.09, 0.085),
                                       (0.084, 0.05), (0.06, 0.012), (0.0, 0.012)], sections=look.sections), look.main),
             Part("stew", shapes.cylinder(0.086, 0.006, (0, 0.07, 0), sections=look.sections), stew)]
    tofu, leaf = look.tone("tofu", "#f4efe2", roughness=0.7), look.tone("kimchi_leaf", "#d8482a", roughness=0.45)
    for i, (x, z, angle) in enumerate(_ring_of(4, 0.045, 0.3)):
        parts.append(Part(f"tofu_{i + 1}", shapes.turned(shapes.box((0.024, 0.018, 0.024), (x, 0.068, z)), angle,
                                                         point=(x, 0, z)), tofu))
    parts.append(Part("kimchi", shapes.ellipsoid((0.03, 0.01, 0.022), (0, 0.078, 0), subdivisions=1), leaf))
    onion = look.tone("green_onion", "#5aa040")
    for i, (x, z, _) in enumerate(_ring_of(3, 0.025, 1.2)):
        parts.append(Part(f"green_onion_{i + 1}", shapes.cylinder(0.008, 0.005, (x, 0.079, z), sections=6), onion))
    return parts


@object_kind("rice_bowl", material="metal", category="props",
             words=("bowl of rice", "rice bowl", "steamed rice", "cooked rice", "rice", "밥", "공기밥", "공깃밥", "쌀밥",
                    "흰쌀밥", "흰밥", "밥 한 공기", "잡곡밥"))
def build_rice_bowl(look: Look) -> list[Part]:
    """A lidded steel bowl of white rice as served in Korea, the lid set beside it, the rice heaped above the rim."""
    rice = look.tone("rice", "#f4f1e8", roughness=0.8)
    return [Part("bowl", shapes.lathe([(0.0, 0.0), (0.04, 0.0), (0.055, 0.05), (0.058, 0.075), (0.054, 0.075),
                                       (0.05, 0.05), (0.036, 0.008), (0.0, 0.008)], sections=look.sections), look.main),
            Part("rice", shapes.ellipsoid((0.052, 0.028, 0.052), (0, 0.072, 0), subdivisions=look.subdivisions), rice),
            Part("lid", shapes.cylinder(0.058, 0.008, (0.13, 0, 0), sections=look.sections), look.main)]


@object_kind("banchan", material="ceramic", category="props",
             words=("banchan", "side dishes", "side dish", "반찬", "밑반찬", "반찬들", "나물", "콩나물", "시금치나물"))
def build_banchan(look: Look) -> list[Part]:
    """Four little dishes of side dishes in a row: kimchi, spinach, bean sprouts and rolled egg."""
    fillings = (("kimchi", "#d8482a"), ("spinach", "#3f7a2a"), ("bean_sprouts", "#efe2a8"), ("rolled_egg", "#f2c040"))
    parts = []
    for i, (name, colour) in enumerate(fillings):
        x = -0.15 + 0.1 * i
        dish = _bowl(look, 0.045, 0.02, f"dish_{i + 1}")
        dish.mesh.apply_translation((x, 0, 0))
        food = shapes.ellipsoid((0.032, 0.014, 0.032), (x, 0.018, 0), subdivisions=1)
        parts += [dish, Part(name, food, look.tone(name, colour, roughness=0.55))]
    return parts
