"""Sports gear and street things a game asks for: balls of each sport, bats, gloves, rackets, goals and
hoops, a skateboard, a dumbbell, a bowling pin, a traffic light. Real sizes in metres, fronts facing +Z
(a goal's mouth, a hoop's ring, a glove's palm), base on the ground."""

from __future__ import annotations

import math

from tools.scene import shapes
from tools.scene.materials import finish, glowing
from tools.scene.parts import Look, Part, object_kind


def _own(look: Look, material: str, colour: str) -> "object":
    """The kind's usual colour unless the prompt named one (a tennis ball is yellow, a red one is red)."""
    return look.main if look.main.name != material or look.greybox else finish(material, colour)


def _seam(radius: float, centre: tuple[float, float, float], tilt: float, axis: tuple[float, float, float],
          look: Look, width: float = 0.08) -> "object":
    """A thin band around a ball (a basketball's line, a tennis ball's seam), tilted about ``axis``."""
    band = shapes.ring(radius * 0.985, radius * 1.02, radius * width, sections=look.sections)
    band.apply_translation([0, -radius * width / 2, 0])
    shapes.turned(band, tilt, axis=axis)
    band.apply_translation(centre)
    return band


def _joined(meshes: list) -> "object":
    """Many small pieces of one finish as one part (a net's cords, a racket's strings): one node, not forty."""
    import trimesh

    return trimesh.util.concatenate(meshes)


def _ball(look: Look, main, radius: float, seams: list[tuple[float, tuple[float, float, float]]], seam_finish,
          width: float = 0.08) -> list[Part]:
    """A ball resting on the ground with its seams or lines as bands of their own finish."""
    centre = (0.0, radius, 0.0)
    parts = [Part("ball", shapes.sphere(radius, subdivisions=look.subdivisions), main)]
    for index, (tilt, axis) in enumerate(seams):
        parts.append(Part(f"seam_{index + 1}", _seam(radius, centre, tilt, axis, look, width), seam_finish))
    return parts


@object_kind("soccer_ball", material="leather", category="props",
             words=("soccer ball", "football", "footy ball", "축구공", "축구 공", "사커볼"))
def build_soccer_ball(look: Look) -> list[Part]:
    import numpy as np
    from trimesh.geometry import align_vectors

    radius = 0.11
    parts = [Part("ball", shapes.sphere(radius, subdivisions=look.subdivisions), _own(look, "leather", "white"))]
    # the twelve black pentagons sit where an icosahedron's corners are
    phi = (1 + math.sqrt(5)) / 2
    corners = [(0, 1, phi), (0, -1, phi), (0, 1, -phi), (0, -1, -phi), (1, phi, 0), (-1, phi, 0), (1, -phi, 0),
               (-1, -phi, 0), (phi, 0, 1), (-phi, 0, 1), (phi, 0, -1), (-phi, 0, -1)]
    patches = []
    for corner in corners:
        patch = shapes.cylinder(radius * 0.36, radius * 0.06, (0, radius * 0.95, 0), sections=5)
        patch.apply_transform(align_vectors(np.array([0.0, 1.0, 0.0]), np.array(corner, float) / np.linalg.norm(corner)))
        patch.apply_translation([0, radius, 0])
        patches.append(patch)
    return [*parts, Part("patches", _joined(patches), look.secondary("leather", "black"))]


@object_kind("basketball", material="leather", category="props", words=("basket ball", "농구공", "농구 공"))
def build_basketball(look: Look) -> list[Part]:
    seams = [(0.0, (1, 0, 0)), (90.0, (1, 0, 0)), (90.0, (0, 0, 1))]
    return _ball(look, _own(look, "leather", "orange"), 0.12, seams, look.secondary("rubber"), width=0.05)


@object_kind("baseball", material="leather", category="props", words=("softball", "야구공", "야구 공", "소프트볼"))
def build_baseball(look: Look) -> list[Part]:
    seams = [(60.0, (1, 0, 0)), (-60.0, (1, 0, 0))]
    return _ball(look, _own(look, "leather", "white"), 0.037, seams, look.secondary("fabric", "red"), width=0.07)


@object_kind("tennis_ball", material="fabric", category="props", words=("테니스공", "테니스 공"))
def build_tennis_ball(look: Look) -> list[Part]:
    seams = [(50.0, (1, 0, 0)), (-50.0, (0, 0, 1))]
    return _ball(look, _own(look, "fabric", "yellow"), 0.033, seams, look.secondary("rubber", "white"))


@object_kind("volleyball", material="leather", category="props",
             words=("volley ball", "beach ball", "배구공", "배구 공", "비치볼"))
def build_volleyball(look: Look) -> list[Part]:
    seams = [(0.0, (1, 0, 0)), (60.0, (0, 0, 1)), (-60.0, (0, 0, 1))]
    return _ball(look, _own(look, "leather", "white"), 0.105, seams, look.secondary("leather", "blue"), width=0.22)


@object_kind("baseball_bat", material="wood", category="weapons",
             words=("baseball bat", "softball bat", "wooden bat", "야구 배트", "야구배트", "배트",
                    "야구방망이", "야구 방망이", "방망이"))
def build_baseball_bat(look: Look) -> list[Part]:
    # stood on its knob, barrel up, as a bat leans in a rack: the knob is the base
    profile = [(0, 0), (0.027, 0), (0.029, 0.012), (0.014, 0.03), (0.012, 0.25), (0.016, 0.42), (0.026, 0.58),
               (0.033, 0.72), (0.034, 0.82), (0.028, 0.838), (0, 0.842)]
    grip = shapes.cylinder(0.0135, 0.2, (0, 0.035, 0), sections=look.thin)
    return [Part("bat", shapes.lathe(profile, sections=look.sections), look.main),
            Part("grip", grip, look.secondary("rubber"))]


@object_kind("baseball_glove", material="leather", category="props",
             words=("baseball glove", "baseball mitt", "catcher's mitt", "catchers mitt", "mitt",
                    "fielding glove", "야구 글러브", "야구글러브", "글러브", "야구 장갑", "야구장갑", "미트", "포수 미트"))
def build_baseball_glove(look: Look) -> list[Part]:
    # upright, palm (the pocket) toward +Z: broad fingers laced together, a thumb with a web to the first finger
    main = _own(look, "leather", "brown")
    lace = look.secondary("leather")
    parts = [Part("palm", shapes.ellipsoid((0.12, 0.13, 0.06), (0, 0.03, 0), subdivisions=look.subdivisions), main),
             Part("pocket", shapes.ellipsoid((0.08, 0.09, 0.02), (0, 0.08, 0.045), subdivisions=1), lace)]
    for index, (x, height, lean) in enumerate(((-0.06, 0.17, 6), (-0.02, 0.19, 2), (0.02, 0.19, -2),
                                               (0.062, 0.16, -6))):
        finger = shapes.ellipsoid((0.03, height / 2, 0.045), (0, 0, 0), subdivisions=1)
        shapes.turned(finger, lean, axis=(0, 0, 1))
        finger.apply_translation([x, 0.17, 0])
        parts.append(Part(f"finger_{index + 1}", finger, main))
    thumb = shapes.ellipsoid((0.035, 0.085, 0.045), (0, 0, 0), subdivisions=1)
    shapes.turned(thumb, 35, axis=(0, 0, 1))
    thumb.apply_translation([-0.09, 0.06, 0.01])
    parts.append(Part("thumb", thumb, main))
    parts.append(Part("web", shapes.box((0.07, 0.1, 0.02), (-0.11, 0.19, 0.0)), lace))
    parts.append(Part("cuff", shapes.ellipsoid((0.09, 0.035, 0.055), (0, 0, 0), subdivisions=1), lace))
    return parts


@object_kind("tennis_racket", material="plastic", category="props",
             words=("racket", "racquet", "tennis racquet", "badminton racket", "squash racket", "라켓", "테니스 라켓",
                    "테니스라켓", "배드민턴 라켓", "배드민턴라켓"))
def build_tennis_racket(look: Look) -> list[Part]:
    # stood on the butt of its handle, the face toward +Z
    head_centre = 0.5
    frame = shapes.ring(0.115, 0.13, 0.02, sections=look.sections)
    frame.apply_translation([0, -0.01, 0])
    shapes.turned(frame, 90, axis=(1, 0, 0))
    frame.apply_scale([1.0, 1.3, 1.0])
    frame.apply_translation([0, head_centre, 0])
    strings = look.secondary("fabric", "white")
    parts = [Part("handle", shapes.cylinder(0.017, 0.2, sections=look.thin), look.secondary("rubber")),
             Part("throat_l", shapes.rod((0, 0.2, 0), (-0.07, 0.36, 0), 0.009, sections=6), look.main),
             Part("throat_r", shapes.rod((0, 0.2, 0), (0.07, 0.36, 0), 0.009, sections=6), look.main),
             Part("frame", frame, look.main)]
    lines = []
    for index in range(7):
        x = -0.09 + 0.03 * index
        half = 0.15 * math.sqrt(max(0.0, 1 - (x / 0.118) ** 2))
        lines.append(shapes.box((0.003, 2 * half, 0.003), (x, head_centre - half, 0)))
    for index in range(9):
        y = -0.12 + 0.03 * index
        half = 0.115 * math.sqrt(max(0.0, 1 - (y / 0.15) ** 2))
        lines.append(shapes.box((2 * half, 0.003, 0.003), (0, head_centre + y, 0)))
    parts.append(Part("strings", _joined(lines), strings))
    return parts


@object_kind("soccer_goal", material="paint", category="props",
             words=("soccer goal", "football goal", "goal post", "goalpost", "goal posts", "goalposts", "goal net",
                    "futsal goal", "축구 골대", "축구골대", "골대", "골문", "골포스트", "골망"))
def build_soccer_goal(look: Look) -> list[Part]:
    # a small-sided goal (5 m by 2 m, 1.5 m deep): the mouth faces +Z, the net hangs behind it
    width, height, depth = 5.0, 2.0, 1.5
    post = _own(look, "paint", "white")
    net = look.secondary("fabric", "white")
    radius = 0.06
    parts = [Part("post_l", shapes.cylinder(radius, height, (-width / 2, 0, 0), sections=look.thin), post),
             Part("post_r", shapes.cylinder(radius, height, (width / 2, 0, 0), sections=look.thin), post),
             Part("crossbar", shapes.rod((-width / 2, height, 0), (width / 2, height, 0), radius, sections=look.thin),
                  post),
             Part("back_bar", shapes.rod((-width / 2, 0.03, -depth), (width / 2, 0.03, -depth), 0.03, sections=6),
                  post)]
    for side, x in (("l", -width / 2), ("r", width / 2)):
        parts.append(Part(f"stay_{side}", shapes.rod((x, height, 0), (x, 0.03, -depth), 0.03, sections=6), post))
        parts.append(Part(f"ground_{side}", shapes.rod((x, 0.03, 0), (x, 0.03, -depth), 0.03, sections=6), post))
    line = 0.012
    cords = []  # the net is one part: forty cords as forty nodes would cost more to build than the goal itself
    for index in range(1, 20):  # down the sloping back and across it
        x = -width / 2 + width * index / 20
        cords.append(shapes.rod((x, height, 0), (x, 0.03, -depth), line, sections=4))
    for index in range(1, 7):
        t = index / 7
        y, z = height * (1 - t) + 0.03 * t, -depth * t
        cords.append(shapes.rod((-width / 2, y, z), (width / 2, y, z), line, sections=4))
    for x in (-width / 2, width / 2):
        for index in range(1, 5):
            z = -depth * index / 5
            top = height * (1 + z / depth) + 0.03 * (-z / depth)
            cords.append(shapes.rod((x, 0.03, z), (x, top, z), line, sections=4))
    parts.append(Part("net", _joined(cords), net))
    return parts


@object_kind("basketball_hoop", material="paint", category="props",
             words=("basketball hoop", "basketball goal", "basketball net", "basketball stand", "hoop", "backboard",
                    "농구 골대", "농구골대", "농구대", "농구 링", "농구링", "농구 림", "백보드"))
def build_basketball_hoop(look: Look) -> list[Part]:
    # a street hoop: pole behind, backboard, the ring 3.05 m up, reaching toward +Z
    pole = look.main if look.main.name != "paint" or look.greybox else finish("paint", "navy")
    board = look.secondary("ceramic", "white")
    orange = look.secondary("paint", "orange")
    net = look.secondary("fabric", "white")
    rim_height = 3.05
    parts = [Part("base", shapes.box((0.8, 0.25, 1.0), (0, 0, -0.9)), pole),
             Part("pole", shapes.cylinder(0.08, 3.3, (0, 0.25, -0.9), sections=look.thin), pole),
             Part("arm", shapes.rod((0, 3.2, -0.9), (0, 3.2, -0.05), 0.05, sections=look.thin), pole),
             Part("backboard", shapes.box((1.8, 1.05, 0.05), (0, rim_height - 0.15, 0)), board),
             Part("square", shapes.box((0.59, 0.45, 0.01), (0, rim_height + 0.05, 0.03)),
                  look.secondary("paint", "red")),
             Part("rim", shapes.ring(0.225, 0.245, 0.02, (0, rim_height, 0.38), sections=look.sections), orange),
             Part("bracket", shapes.box((0.2, 0.06, 0.16), (0, rim_height - 0.03, 0.1)), orange),
             Part("net", shapes.frustum(0.15, 0.225, 0.4, (0, rim_height - 0.4, 0.38), sections=look.thin), net)]
    return parts


@object_kind("skateboard", material="wood", category="props", words=("skate board", "스케이트보드", "스케이트 보드"))
def build_skateboard(look: Look) -> list[Part]:
    wheel = look.secondary("plastic", "yellow")
    truck = look.secondary("metal")
    parts = [Part("deck", shapes.box((0.21, 0.015, 0.8), (0, 0.085, 0)), look.main),
             Part("grip_tape", shapes.box((0.2, 0.002, 0.76), (0, 0.1, 0)), look.secondary("rubber"))]
    for end, z in (("front", 0.27), ("back", -0.27)):
        parts.append(Part(f"truck_{end}", shapes.box((0.16, 0.03, 0.05), (0, 0.055, z)), truck))
        for side, x in (("l", -0.09), ("r", 0.09)):
            parts.append(Part(f"wheel_{end}_{side}", shapes.wheel(0.028, 0.03, (x, 0.028, z), sections=look.thin),
                              wheel))
    return parts


@object_kind("dumbbell", material="metal", category="props",
             words=("dumbbells", "barbell", "free weight", "아령", "덤벨", "바벨", "역기"))
def build_dumbbell(look: Look) -> list[Part]:
    plates = look.secondary("rubber")
    bar = shapes.rod((-0.2, 0.09, 0), (0.2, 0.09, 0), 0.016, sections=look.thin)
    parts = [Part("bar", bar, look.main)]
    for side, x in (("l", -0.15), ("r", 0.15)):
        plate = shapes.rod((x - 0.04, 0.09, 0), (x + 0.04, 0.09, 0), 0.09, sections=look.sections)
        parts.append(Part(f"plate_{side}", plate, plates))
    return parts


@object_kind("bowling_pin", material="ceramic", category="props",
             words=("skittle", "ten-pin", "볼링핀", "볼링 핀"))
def build_bowling_pin(look: Look) -> list[Part]:
    main = _own(look, "ceramic", "white")
    profile = [(0, 0), (0.026, 0), (0.05, 0.06), (0.06, 0.13), (0.05, 0.2), (0.03, 0.25), (0.022, 0.27),
               (0.026, 0.3), (0.032, 0.33), (0.028, 0.36), (0.016, 0.375), (0, 0.38)]
    stripe = shapes.frustum(0.0235, 0.0235, 0.02, (0, 0.255, 0), sections=look.sections)
    stripe.apply_scale([1.05, 1.0, 1.05])
    return [Part("pin", shapes.lathe(profile, sections=look.sections), main),
            Part("stripe", stripe, look.secondary("paint", "red"))]


@object_kind("traffic_light", material="dark_metal", category="props",
             words=("traffic lights", "traffic signal", "stoplight", "stop light", "signal light", "신호등",
                    "교통신호등", "교통 신호등"))
def build_traffic_light(look: Look) -> list[Part]:
    def lamp(colour: str) -> "object":
        return look.secondary("glass", colour) if look.greybox else glowing(finish("glass", colour))

    parts = [Part("base", shapes.frustum(0.16, 0.1, 0.2, sections=look.thin), look.main),
             Part("pole", shapes.cylinder(0.06, 2.6, (0, 0.2, 0), sections=look.thin), look.main),
             Part("housing", shapes.box((0.32, 0.95, 0.25), (0, 2.8, 0)), look.main)]
    for index, colour in enumerate(("red", "yellow", "green")):
        y = 3.58 - index * 0.3
        light = shapes.turned(shapes.cylinder(0.1, 0.03, sections=look.thin), 90, axis=(1, 0, 0))
        light.apply_translation([0, y, 0.14])
        parts.append(Part(f"light_{colour}", light, lamp(colour)))
        visor = shapes.box((0.26, 0.02, 0.12), (0, y + 0.11, 0.18))
        parts.append(Part(f"visor_{index + 1}", visor, look.main))
    return parts


@object_kind("sports_helmet", material="plastic", category="props",
             words=("bike helmet", "bicycle helmet", "batting helmet", "baseball helmet", "football helmet",
                    "hard hat", "hardhat", "safety helmet", "construction helmet", "skate helmet", "야구 헬멧",
                    "야구헬멧", "자전거 헬멧", "자전거헬멧", "안전모", "안전 헬멧", "안전헬멧"))
def build_sports_helmet(look: Look) -> list[Part]:
    # a rounded shell with a peak toward +Z, resting on its rim
    main = _own(look, "plastic", "blue")
    shell = shapes.lathe([(0, 0), (0.14, 0), (0.145, 0.04), (0.13, 0.1), (0.09, 0.16), (0.04, 0.185), (0, 0.19)],
                         sections=look.sections)
    shell.apply_scale([1.0, 1.0, 1.2])
    peak = shapes.box((0.2, 0.012, 0.09), (0, 0.02, 0.19))
    return [Part("shell", shell, main), Part("peak", peak, main),
            Part("band", shapes.frustum(0.146, 0.146, 0.02, (0, 0.0, 0), sections=look.sections),
                 look.secondary("rubber"))]


@object_kind("golf_club", material="metal", category="props",
             words=("golf club", "golf stick", "driver club", "putter", "골프채", "골프 클럽", "골프클럽", "퍼터"))
def build_golf_club(look: Look) -> list[Part]:
    # leaning on its head: the grip up, the head's face toward +Z
    return [Part("head", shapes.box((0.11, 0.045, 0.04)), look.secondary("dark_metal")),
            Part("shaft", shapes.rod((-0.04, 0.04, 0), (-0.06, 1.0, 0), 0.006, sections=look.thin), look.main),
            Part("grip", shapes.rod((-0.058, 0.75, 0), (-0.06, 1.02, 0), 0.012, sections=look.thin),
                 look.secondary("rubber"))]


@object_kind("hockey_stick", material="wood", category="props",
             words=("hockey stick", "ice hockey stick", "field hockey stick", "하키 스틱", "하키스틱", "하키채"))
def build_hockey_stick(look: Look) -> list[Part]:
    blade = shapes.box((0.3, 0.07, 0.02), (0.12, 0.0, 0))
    return [Part("blade", blade, look.main),
            Part("shaft", shapes.rod((-0.02, 0.05, 0), (-0.15, 1.5, 0), 0.015, sections=6), look.main),
            Part("tape", shapes.box((0.2, 0.072, 0.022), (0.16, 0.0, 0)), look.secondary("rubber"))]


@object_kind("surfboard", material="plastic", category="props",
             words=("surf board", "longboard", "paddle board", "서핑보드", "서핑 보드", "서프보드"))
def build_surfboard(look: Look) -> list[Part]:
    # stood on its tail, deck toward +Z, as boards lean on a beach shack
    main = _own(look, "plastic", "cyan")
    board = shapes.ellipsoid((0.27, 1.0, 0.035), subdivisions=look.subdivisions)
    stripe = shapes.box((0.03, 1.6, 0.072), (0, 0.2, 0))
    fin = shapes.prism([(0, 0), (0.1, 0), (0.0, 0.14)], 0.012, (0, 0.1, -0.06))
    return [Part("board", board, main), Part("stripe", stripe, look.secondary("paint", "white")),
            Part("fin", fin, look.secondary("plastic", "black"))]


@object_kind("punching_bag", material="leather", category="props",
             words=("punching bag", "heavy bag", "boxing bag", "punch bag", "샌드백", "펀칭백", "샌드 백"))
def build_punching_bag(look: Look) -> list[Part]:
    main = _own(look, "leather", "red")
    dark = look.secondary("dark_metal")
    return [Part("stand", shapes.box((0.7, 0.06, 0.7)), dark),
            Part("post", shapes.cylinder(0.04, 2.3, (-0.3, 0.06, 0), sections=look.thin), dark),
            Part("arm", shapes.rod((-0.3, 2.3, 0), (0.15, 2.3, 0), 0.03, sections=6), dark),
            Part("chain", shapes.rod((0.15, 2.3, 0), (0.15, 1.95, 0), 0.01, sections=4), dark),
            Part("bag", shapes.cylinder(0.18, 1.0, (0.15, 0.95, 0), sections=look.sections), main),
            Part("cap", shapes.cylinder(0.185, 0.06, (0.15, 1.9, 0), sections=look.sections),
                 look.secondary("leather", "black"))]


@object_kind("swing_set", material="paint", category="props",
             words=("swing set", "playground swing", "swings", "park swing", "그네", "놀이터 그네"))
def build_swing_set(look: Look) -> list[Part]:
    frame = _own(look, "paint", "red")
    seat = look.secondary("plastic", "yellow")
    chain = look.secondary("metal")
    parts = [Part("top_bar", shapes.rod((-1.4, 2.2, 0), (1.4, 2.2, 0), 0.05, sections=look.thin), frame)]
    for side, x in (("l", -1.4), ("r", 1.4)):
        parts.append(Part(f"leg_{side}_front", shapes.rod((x, 2.2, 0), (x, 0, 0.7), 0.045, sections=look.thin), frame))
        parts.append(Part(f"leg_{side}_back", shapes.rod((x, 2.2, 0), (x, 0, -0.7), 0.045, sections=look.thin), frame))
    for index, x in enumerate((-0.6, 0.6)):
        parts.append(Part(f"seat_{index + 1}", shapes.box((0.45, 0.04, 0.18), (x, 0.45, 0)), seat))
        for side, dx in (("l", -0.2), ("r", 0.2)):
            parts.append(Part(f"chain_{index + 1}_{side}", shapes.rod((x + dx, 2.2, 0), (x + dx, 0.49, 0), 0.008,
                                                                      sections=4), chain))
    return parts


@object_kind("playground_slide", material="plastic", category="props",
             words=("playground slide", "kids slide", "children's slide", "미끄럼틀", "미끄럼대"))
def build_playground_slide(look: Look) -> list[Part]:
    chute_finish = _own(look, "plastic", "yellow")
    frame = look.secondary("paint", "blue")
    # the ladder at the back (-Z), the chute running down toward +Z
    chute = shapes.box((0.5, 0.04, 2.6))
    shapes.turned(chute, 35, axis=(1, 0, 0))
    chute.apply_translation([0, 0.75, 0.95])
    parts = [Part("platform", shapes.box((0.7, 0.06, 0.6), (0, 1.5, -0.35)), frame), Part("chute", chute, chute_finish)]
    for side, x in (("l", -0.3), ("r", 0.3)):
        parts.append(Part(f"post_{side}", shapes.cylinder(0.035, 1.5, (x, 0, -0.55), sections=look.thin), frame))
        parts.append(Part(f"rail_{side}", shapes.rod((x, 0, -1.1), (x, 1.5, -0.62), 0.03, sections=6), frame))
        parts.append(Part(f"side_{side}", shapes.box((0.04, 0.12, 2.6)), chute_finish))
        shapes.turned(parts[-1].mesh, 35, axis=(1, 0, 0))
        parts[-1].mesh.apply_translation([x * 0.85, 0.78, 0.95])
    for step in range(1, 5):
        t = step / 5
        parts.append(Part(f"rung_{step}", shapes.rod((-0.3, 1.5 * t, -1.1 + 0.48 * t), (0.3, 1.5 * t, -1.1 + 0.48 * t),
                                                     0.02, sections=6), frame))
    return parts
