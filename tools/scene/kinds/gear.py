"""Sci-fi gear, hand tools and party things game teams ask for: a cargo drone, a laser pistol, a pistol,
a crossbow, an astronaut, a wrench, a shovel, a pickaxe, a gift box, a party balloon. Front +Z, origin under
the base (hand-held things lie or stand as they would on a shelf)."""

from __future__ import annotations

from tools.scene import shapes
from tools.scene.kinds.characters import _dressed, _without
from tools.scene.kinds.creatures import build_humanoid
from tools.scene.materials import finish, glowing
from tools.scene.parts import Look, Part, object_kind


@object_kind("cargo_drone", material="metal", category="vehicles",
             words=("drone", "drones", "드론", "cargo drone", "delivery drone", "quadcopter", "quad drone", "quadrotor", "multicopter",
                    "drone with rotors", "camera drone", "combat drone", "택배 드론", "배송 드론", "화물 드론", "배달 드론",
                    "쿼드콥터", "멀티콥터", "드론 기체"))
def build_cargo_drone(look: Look) -> list[Part]:
    """A 1.4 m quadcopter: a central pod, four arms with motors and rotor discs, skids, and a cargo box hung under
    it on four cables (the box rests on the ground, so the drone stands on its load)."""
    arm = look.secondary("paint", "yellow")  # hazard-striped arms read from a top-down camera
    dark = look.secondary("dark_metal")
    rotor = look.secondary("plastic", "black")
    parts = [Part("cargo", shapes.box((0.5, 0.36, 0.5)), look.secondary("paint", "orange")),
             Part("body", shapes.ellipsoid((0.3, 0.11, 0.3), (0, 0.62, 0), subdivisions=look.subdivisions), look.main),
             Part("camera", shapes.sphere(0.05, (0, 0.6, 0.26), subdivisions=1), dark)]
    for i, (sx, sz) in enumerate(((1, 1), (-1, 1), (-1, -1), (1, -1)), start=1):
        tip = (sx * 0.55, 0.74, sz * 0.55)
        parts += [Part(f"arm_{i}", shapes.rod((sx * 0.15, 0.72, sz * 0.15), tip, 0.03, sections=look.thin), arm),
                  Part(f"motor_{i}", shapes.cylinder(0.05, 0.08, (tip[0], 0.7, tip[2]), sections=look.thin), dark),
                  Part(f"rotor_{i}", shapes.cylinder(0.26, 0.012, (tip[0], 0.79, tip[2]), sections=look.sections), rotor),
                  Part(f"cable_{i}", shapes.rod((sx * 0.2, 0.36, sz * 0.2), (sx * 0.1, 0.6, sz * 0.1), 0.006,
                                                sections=4), dark)]
    parts += [Part("skid_l", shapes.box((0.03, 0.03, 0.5), (-0.22, 0.45, 0)), dark),
              Part("skid_r", shapes.box((0.03, 0.03, 0.5), (0.22, 0.45, 0)), dark),
              Part("light_front", shapes.sphere(0.025, (0, 0.66, 0.3), subdivisions=1),
                   glowing(look.secondary("plastic", "green"), 2.0)),
              Part("light_back", shapes.sphere(0.025, (0, 0.66, -0.32), subdivisions=1),
                   glowing(look.secondary("plastic", "red"), 2.0))]
    return parts


@object_kind("laser_pistol", material="plastic", category="weapons",
             words=("laser pistol", "laser gun", "ray gun", "raygun", "blaster", "blaster pistol", "phaser",
                    "plasma pistol", "plasma gun", "sci-fi pistol", "sci-fi gun", "energy pistol", "laser rifle",
                    "레이저 권총", "레이저총", "레이저 총", "광선총", "레이저건", "블래스터", "플라즈마 건", "플라즈마건"))
def build_laser_pistol(look: Look) -> list[Part]:
    """A 30 cm sci-fi pistol lying on its side, barrel to +Z: a white body with glowing blue lines and emitter."""
    body = look.main if look.main.name != "plastic" or look.greybox else finish("plastic", "white")
    glow = glowing(look.secondary("plastic", "cyan"), 2.0) if not look.greybox else look.main
    grip = look.secondary("dark_metal")
    grip_mesh = shapes.turned(shapes.box((0.035, 0.13, 0.05), (0, 0.0, -0.06)), 15, axis=(1, 0, 0),
                              point=(0, 0.13, -0.06))
    barrel = shapes.turned(shapes.cylinder(0.02, 0.12, sections=look.thin), 90, axis=(1, 0, 0))
    emitter = shapes.turned(shapes.cylinder(0.024, 0.02, sections=look.thin), 90, axis=(1, 0, 0))
    parts = [Part("grip", grip_mesh, grip),
             Part("body", shapes.box((0.045, 0.07, 0.2), (0, 0.11, 0.0)), body),
             Part("top_fin", shapes.tapered_box((0.02, 0.16), (0.01, 0.1), 0.025, (0, 0.18, -0.01)), body),
             Part("barrel", shapes.moved(barrel, (0, 0.15, 0.1)), body),
             Part("emitter", shapes.moved(emitter, (0, 0.15, 0.22)), glow),
             Part("glow_line_l", shapes.box((0.003, 0.012, 0.17), (-0.0235, 0.13, 0.0)), glow),
             Part("glow_line_r", shapes.box((0.003, 0.012, 0.17), (0.0235, 0.13, 0.0)), glow),
             Part("cell", shapes.box((0.05, 0.03, 0.05), (0, 0.09, -0.06)), glow),
             Part("trigger_guard", shapes.box((0.01, 0.05, 0.06), (0, 0.06, 0.04)), grip)]
    return parts


@object_kind("pistol", material="dark_metal", category="weapons",
             words=("gun", "handgun", "revolver", "firearm", "flintlock", "flintlock pistol", "권총", "총", "리볼버",
                    "핸드건", "피스톨", "화승총", "총기"))
def build_pistol(look: Look) -> list[Part]:
    """A 25 cm handgun standing on its grip, barrel to +Z."""
    grip = look.secondary("wood")
    barrel = shapes.turned(shapes.cylinder(0.012, 0.16, sections=look.thin), 90, axis=(1, 0, 0))
    return [Part("grip", shapes.turned(shapes.box((0.03, 0.11, 0.045), (0, 0.0, -0.04)), 18, axis=(1, 0, 0),
                                       point=(0, 0.11, -0.04)), grip),
            Part("frame", shapes.box((0.032, 0.045, 0.16), (0, 0.1, 0.01)), look.main),
            Part("barrel", shapes.moved(barrel, (0, 0.13, 0.08)), look.main),
            Part("sight", shapes.box((0.006, 0.01, 0.01), (0, 0.145, 0.15)), look.main),
            Part("trigger_guard", shapes.ring(0.014, 0.02, 0.008, (0, 0.07, 0.02), sections=10), look.main)]


@object_kind("crossbow", material="wood", category="weapons", words=("arbalest", "석궁", "크로스보우", "쇠뇌"))
def build_crossbow(look: Look) -> list[Part]:
    """A 70 cm crossbow lying flat: a stock along Z, a bow across the front, the string drawn back."""
    metal = look.secondary("dark_metal")
    string = look.secondary("fabric", "white")
    parts = [Part("stock", shapes.box((0.05, 0.05, 0.7), (0, 0.0, 0.0)), look.main),
             Part("bolt", shapes.box((0.012, 0.012, 0.45), (0, 0.05, 0.1)), look.secondary("wood", "brown")),
             Part("bolt_tip", shapes.turned(shapes.cone(0.012, 0.05, sections=6), 90, axis=(1, 0, 0),
                                            point=(0, 0, 0)), metal)]
    shapes.moved(parts[-1].mesh, (0, 0.056, 0.325))
    for i, sx in enumerate((-1, 1), start=1):
        parts += [Part(f"limb_{i}", shapes.rod((0, 0.04, 0.3), (sx * 0.32, 0.04, 0.22), 0.015, sections=look.thin),
                       metal),
                  Part(f"string_{i}", shapes.rod((sx * 0.32, 0.04, 0.22), (0, 0.04, 0.02), 0.003, sections=4), string)]
    return parts


@object_kind("astronaut", material="fabric", category="characters",
             words=("spaceman", "space explorer", "cosmonaut", "spacesuit", "space suit", "우주비행사", "우주인", "우주복",
                    "우주 비행사", "탐사대원", "우주탐사대원", "우주 탐사대원"), max_triangles=5000)
def build_astronaut(look: Look) -> list[Part]:
    """The humanoid in a white spacesuit: a round helmet with a gold visor, a life-support pack, boots and gloves."""
    suit_look = _dressed(look, "fabric", "white")
    suit = suit_look.main
    body = _without(build_humanoid(suit_look), "hair", "eye_l", "eye_r", "nose")
    trim = look.secondary("plastic", "gray")
    parts = [Part(part.name, part.mesh, suit if part.name.startswith(("thigh", "shin", "forearm", "hips")) else
                  part.finish) for part in body]
    parts += [Part("helmet", shapes.sphere(0.16, (0, 1.47, 0.0), subdivisions=look.subdivisions), suit),
              Part("visor", shapes.ellipsoid((0.11, 0.08, 0.06), (0, 1.53, 0.1), subdivisions=look.subdivisions),
                   look.secondary("gold")),
              Part("backpack", shapes.box((0.36, 0.5, 0.18), (0, 0.95, -0.2)), suit),
              Part("chest_panel", shapes.box((0.16, 0.1, 0.03), (0, 1.15, 0.11)), trim),
              Part("collar", shapes.ring(0.1, 0.15, 0.05, (0, 1.43, 0), sections=look.sections), trim)]
    for side, sx in (("l", -1), ("r", 1)):
        parts += [Part(f"boot_{side}", shapes.box((0.13, 0.14, 0.28), (sx * 0.11, 0, 0.04)), trim),
                  Part(f"glove_{side}", shapes.sphere(0.05, (sx * 0.36, 0.76, 0.02), subdivisions=1), trim)]
    return [part for part in parts if not part.name.startswith(("foot_", "hand_"))]


@object_kind("wrench", material="metal", category="props",
             words=("spanner", "monkey wrench", "렌치", "스패너", "멍키스패너", "몽키스패너"))
def build_wrench(look: Look) -> list[Part]:
    """A 30 cm spanner standing on its ring end (as on a pegboard), the open jaws at the top, face to +Z."""
    ring = shapes.turned(shapes.ring(0.012, 0.024, 0.012, sections=look.thin), 90, axis=(1, 0, 0))
    return [Part("ring", shapes.moved(ring, (0, 0.024, 0)), look.main),
            Part("handle", shapes.box((0.024, 0.22, 0.012), (0, 0.045, 0)), look.main),
            Part("head", shapes.box((0.06, 0.025, 0.012), (0, 0.26, 0)), look.main),
            Part("jaw_l", shapes.box((0.018, 0.035, 0.012), (-0.021, 0.285, 0)), look.main),
            Part("jaw_r", shapes.box((0.018, 0.035, 0.012), (0.021, 0.285, 0)), look.main)]


@object_kind("shovel", material="metal", category="props", words=("spade", "삽", "삽자루", "모종삽"))
def build_shovel(look: Look) -> list[Part]:
    """A 1.2 m shovel standing on its blade."""
    return [Part("blade", shapes.tapered_box((0.18, 0.02), (0.22, 0.025), 0.28), look.main),
            Part("handle", shapes.cylinder(0.018, 0.85, (0, 0.28, 0), sections=look.thin), look.secondary("wood")),
            Part("grip", shapes.box((0.14, 0.03, 0.03), (0, 1.13, 0)), look.secondary("wood"))]


@object_kind("pickaxe", material="metal", category="props", words=("pick axe", "pick", "mattock", "곡괭이", "곡갱이"))
def build_pickaxe(look: Look) -> list[Part]:
    """A 90 cm pickaxe standing on its handle's end, the curved head across the top."""
    head = look.main
    parts = [Part("handle", shapes.cylinder(0.02, 0.85, sections=look.thin), look.secondary("wood"))]
    for i, sx in enumerate((-1, 1), start=1):
        parts += [Part(f"pick_{i}", shapes.rod((0, 0.83, 0), (sx * 0.22, 0.76, 0), 0.025, sections=look.thin), head),
                  Part(f"point_{i}", shapes.rod((sx * 0.22, 0.76, 0), (sx * 0.3, 0.7, 0), 0.012, sections=6), head)]
    parts.append(Part("socket", shapes.box((0.06, 0.07, 0.05), (0, 0.8, 0)), look.secondary("dark_metal")))
    return parts


@object_kind("gift_box", material="paint", category="containers",
             words=("gift", "present", "gift box", "birthday present", "christmas present", "선물", "선물상자", "선물 상자",
                    "선물박스", "기프트박스"))
def build_gift_box(look: Look) -> list[Part]:
    """A 30 cm wrapped present with a ribbon both ways and a bow on top."""
    paper = look.main if look.main.name != "paint" or look.greybox else finish("paint", "red")
    ribbon = look.secondary("fabric", "gold" if paper.name != "paint_gold" else "white")
    parts = [Part("box", shapes.box((0.3, 0.24, 0.3)), paper),
             Part("lid", shapes.box((0.32, 0.05, 0.32), (0, 0.22, 0)), paper),
             Part("ribbon_x", shapes.box((0.325, 0.275, 0.04)), ribbon),
             Part("ribbon_z", shapes.box((0.04, 0.275, 0.325)), ribbon)]
    for i, sx in enumerate((-1, 1), start=1):
        loop = shapes.ellipsoid((0.06, 0.035, 0.025), (sx * 0.05, 0.27, 0), subdivisions=1)
        parts.append(Part(f"bow_{i}", shapes.turned(loop, sx * 25, axis=(0, 0, 1), point=(0, 0.27, 0)), ribbon))
    return parts


@object_kind("balloon", material="plastic", category="props",
             words=("party balloon", "balloons", "toy balloon", "풍선", "고무풍선", "헬륨풍선", "풍선들"), elevation=0.0)
def build_balloon(look: Look) -> list[Part]:
    """A party balloon on its string, 1.3 m tall: the string's end on the ground, the balloon up top."""
    skin = look.main if look.main.name != "plastic" or look.greybox else finish("plastic", "red")
    skin = skin if skin.name == "greybox" else type(skin)(skin.name, skin.base_color, 0.0, 0.25, skin.emissive)
    return [Part("string", shapes.cylinder(0.002, 1.0, sections=4), look.secondary("fabric", "white")),
            Part("knot", shapes.cone(0.02, 0.03, (0, 0.99, 0), sections=8), skin),
            Part("balloon", shapes.ellipsoid((0.13, 0.16, 0.13), (0, 1.01, 0), subdivisions=look.subdivisions), skin)]
