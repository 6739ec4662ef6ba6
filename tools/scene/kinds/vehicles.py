"""Vehicles, length along Z with the front at +Z, wheels resting on y = 0."""

from __future__ import annotations

from tools.scene import shapes
from tools.scene.materials import finish, glowing
from tools.scene.parts import Look, Part, object_kind


def _wheels(look: Look, radius: float, width: float, track: float, axles: tuple[float, ...]) -> list[Part]:
    tyre = look.secondary("rubber")
    parts = []
    for i, (z, side) in enumerate(((z, side) for z in axles for side in (-1, 1)), start=1):
        parts.append(Part(f"wheel_{i}", shapes.wheel(radius, width, (side * track / 2, radius, z),
                                                     sections=look.sections), tyre))
    return parts


def _lights(look: Look, width: float, height: float, front: float) -> list[Part]:
    light = look.secondary("ceramic") if look.greybox else glowing(finish("glass", "white"))
    return [Part(f"headlight_{i}", shapes.box((0.22, 0.1, 0.03), (side * (width / 2 - 0.25), height, front)), light)
            for i, side in enumerate((-1, 1), start=1)]


@object_kind("car", material="paint", category="vehicles",
             words=("automobile", "sedan", "vehicle", "자동차", "차", "승용차", "자가용", "jeep", "limousine", "taxi", "suv", "sports car", "race car", "racing car", "police car", "택시", "지프", "스포츠카", "경찰차", "레이싱카", "경주차"), max_triangles=3000)
def build_car(look: Look) -> list[Part]:
    length, width, radius = 4.2, 1.8, 0.33
    glass = look.secondary("glass")
    return [
        Part("body", shapes.box((width, 0.6, length), (0, 0.28, 0)), look.main),
        Part("cabin", shapes.tapered_box((width - 0.1, 2.3), (width - 0.3, 1.5), 0.55, (0, 0.88, -0.3)), look.main),
        Part("windscreen", shapes.box((width - 0.35, 0.4, 0.02), (0, 0.95, 0.72)), glass),
        Part("bumper_front", shapes.box((width, 0.15, 0.1), (0, 0.25, length / 2)), look.secondary("rubber")),
        Part("bumper_back", shapes.box((width, 0.15, 0.1), (0, 0.25, -length / 2)), look.secondary("rubber")),
    ] + _lights(look, width, 0.6, length / 2) + _wheels(look, radius, 0.22, width - 0.1, (1.3, -1.3))


@object_kind("truck", material="paint", category="vehicles",
             words=("lorry", "pickup", "pickup truck", "트럭", "화물차", "픽업트럭", "van", "delivery van", "fire truck", "ambulance", "밴", "소방차", "구급차"), max_triangles=3000)
def build_truck(look: Look) -> list[Part]:
    length, width, radius = 6.5, 2.3, 0.48
    return [
        Part("chassis", shapes.box((width - 0.2, 0.3, length), (0, 0.5, 0)), look.secondary("dark_metal")),
        Part("cab", shapes.box((width, 1.8, 1.9), (0, 0.8, length / 2 - 0.95)), look.main),
        Part("windscreen", shapes.box((width - 0.3, 0.7, 0.03), (0, 1.75, length / 2)), look.secondary("glass")),
        Part("cargo_box", shapes.box((width, 2.0, length - 2.1), (0, 0.8, -1.0)), look.secondary("metal")),
    ] + _lights(look, width, 1.0, length / 2) + _wheels(look, radius, 0.35, width - 0.2, (2.2, -1.2, -2.4))


@object_kind("food_truck", material="paint", category="vehicles",
             words=("food truck", "taco truck", "ice cream truck", "ice cream van", "burger truck", "coffee truck",
                    "street food truck", "푸드트럭", "푸드 트럭", "아이스크림 트럭", "이동식 매점"), max_triangles=3000)
def build_food_truck(look: Look) -> list[Part]:
    """A rounded step van with a serving hatch on its side: the hatch's flap propped up as an awning, a counter
    under it, a menu board and a sign on the roof, a cream band along the body (retro two-tone)."""
    length, width, radius = 5.2, 2.2, 0.42
    cream = look.secondary("plaster") if look.greybox else finish("ceramic", "beige")
    side = width / 2
    parts = [
        Part("chassis", shapes.box((width - 0.2, 0.3, length), (0, 0.45, 0)), look.secondary("dark_metal")),
        Part("body", shapes.box((width, 1.9, length - 1.0), (0, 0.75, -0.5)), look.main),
        Part("roof", shapes.ellipsoid((side, 0.22, (length - 1.0) / 2), (0, 2.65, -0.5), subdivisions=2), look.main),
        Part("cab", shapes.box((width, 1.3, 1.0), (0, 0.75, length / 2 - 0.5)), look.main),
        Part("windscreen", shapes.box((width - 0.3, 0.55, 0.03), (0, 1.4, length / 2)), look.secondary("glass")),
        Part("band", shapes.box((width + 0.02, 0.35, length - 0.98), (0, 1.1, -0.5)), cream),
        Part("hatch", shapes.box((0.03, 0.8, 2.4), (side + 0.01, 1.55, -0.6)), look.secondary("dark_metal")),
        Part("counter", shapes.box((0.35, 0.06, 2.4), (side + 0.17, 1.45, -0.6)), look.secondary("metal")),
        Part("menu_board", shapes.box((0.03, 0.5, 0.7), (side + 0.02, 0.8, 1.0)), look.secondary("dark_metal")),
        Part("roof_sign", shapes.box((0.12, 0.45, 2.2), (0, 2.8, -0.6)), cream),
    ]
    awning = shapes.turned(shapes.box((0.9, 0.04, 2.6), (side + 0.45, 2.4, -0.6)), 18, axis=(0, 0, 1),
                           point=(side, 2.45, -0.6))
    parts.append(Part("awning", awning, look.secondary("fabric", "red")))
    return parts + _lights(look, width, 0.95, length / 2) + _wheels(look, radius, 0.3, width - 0.2, (1.7, -1.8))


@object_kind("boat", material="wood", category="vehicles",
             words=("rowboat", "rowing boat", "canoe", "dinghy", "ship", "보트", "배", "나룻배", "조각배", "카누", "yacht", "submarine", "요트", "잠수함"))
def build_boat(look: Look) -> list[Part]:
    length, width, depth = 3.6, 1.3, 0.55
    hull = shapes.tapered_box((width * 0.45, length * 0.8), (width, length), depth)
    # pull the bow to a point: vertices at the front (+Z) squeeze towards the keel line
    front = hull.vertices[:, 2] > 0
    hull.vertices[front, 0] *= 0.15
    seat = look.secondary("wood") if look.greybox else finish("wood", "brown")
    return [
        Part("hull", hull, look.main),
        Part("seat_1", shapes.box((width * 0.85, 0.04, 0.25), (0, depth * 0.6, -0.6)), seat),
        Part("seat_2", shapes.box((width * 0.7, 0.04, 0.25), (0, depth * 0.6, 0.5)), seat),
        Part("oar_1", shapes.rod((-width / 2, depth, -0.1), (-width / 2 - 0.9, 0.25, 0.3), 0.025, sections=look.thin),
             seat),
        Part("oar_2", shapes.rod((width / 2, depth, -0.1), (width / 2 + 0.9, 0.25, 0.3), 0.025, sections=look.thin),
             seat),
    ]


@object_kind("bicycle", material="paint", category="vehicles", words=("bike", "자전거", "바이크"),
             max_triangles=6000)
def build_bicycle(look: Look) -> list[Part]:
    import trimesh

    radius, tube = 0.34, 0.02
    parts = []
    for i, z in enumerate((0.52, -0.52), start=1):
        tyre = trimesh.creation.torus(radius - 0.02, 0.02, major_sections=look.sections + 4, minor_sections=6)
        shapes.turned(tyre, 90, axis=(0, 1, 0))  # the torus lies in XY; wheels roll in the YZ plane
        tyre.apply_translation([0, radius, z])
        parts.append(Part(f"wheel_{i}", tyre, look.secondary("rubber")))
        parts.append(Part(f"hub_{i}", shapes.wheel(0.04, 0.08, (0, radius, z), sections=look.thin),
                          look.secondary("metal")))
    seat, bar, crank = (0.0, 0.9, -0.2), (0.0, 0.98, 0.42), (0.0, 0.32, 0.0)
    frame = [("seat_tube", crank, seat), ("down_tube", crank, (0.0, 0.85, 0.38)), ("top_tube", seat, (0.0, 0.85, 0.38)),
             ("chain_stay", crank, (0.0, radius, -0.52)), ("seat_stay", seat, (0.0, radius, -0.52)),
             ("fork", (0.0, 0.85, 0.38), (0.0, radius, 0.52)), ("stem", (0.0, 0.85, 0.38), bar)]
    for name, start, end in frame:
        parts.append(Part(name, shapes.rod(start, end, tube, sections=max(5, look.thin // 2)), look.main))
    parts.append(Part("handlebar", shapes.rod((-0.25, bar[1], bar[2]), (0.25, bar[1], bar[2]), 0.015,
                                              sections=max(5, look.thin // 2)), look.secondary("rubber")))
    parts.append(Part("saddle", shapes.box((0.12, 0.05, 0.25), (0, seat[1], seat[2] - 0.02)), look.secondary("leather")))
    return parts


@object_kind("cart", material="wood", category="vehicles",
             words=("wagon", "handcart", "wheelbarrow", "수레", "손수레", "마차", "달구지"))
def build_cart(look: Look) -> list[Part]:
    width, length, radius = 1.2, 1.8, 0.45
    parts = [
        Part("bed", shapes.box((width, 0.08, length), (0, radius + 0.05, 0)), look.main),
        Part("side_1", shapes.box((0.05, 0.35, length), (-width / 2 + 0.025, radius + 0.13, 0)), look.main),
        Part("side_2", shapes.box((0.05, 0.35, length), (width / 2 - 0.025, radius + 0.13, 0)), look.main),
        Part("back", shapes.box((width, 0.35, 0.05), (0, radius + 0.13, -length / 2 + 0.025)), look.main),
        Part("axle", shapes.rod((-width / 2 - 0.1, radius, 0), (width / 2 + 0.1, radius, 0), 0.03,
                                sections=look.thin), look.secondary("dark_metal")),
    ]
    parts += [Part(f"wheel_{i}", shapes.wheel(radius, 0.07, (side * (width / 2 + 0.08), radius, 0),
                                              sections=look.sections), look.secondary("wood"))
              for i, side in enumerate((-1, 1), start=1)]
    for i, side in enumerate((-1, 1), start=1):
        handle = shapes.rod((side * 0.4, radius + 0.09, length / 2), (side * 0.3, radius - 0.05, length / 2 + 0.9),
                            0.025, sections=look.thin)
        parts.append(Part(f"handle_{i}", handle, look.main))
    return parts
