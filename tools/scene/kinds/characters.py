"""Character types built on the humanoid blockout: a knight, a wizard, a goblin, a skeleton
warrior, a ghost. Each is the 1.75 m humanoid (or a smaller one) with its own gear."""

from __future__ import annotations

from tools.scene import shapes
from tools.scene.kinds.creatures import _dwarfed, _eye, build_humanoid, undwarfed
from tools.scene.materials import finish, glowing
from tools.scene.parts import Look, Part, object_kind


def _dressed(look: Look, material: str, colour: str | None = None) -> Look:
    """``look`` with its main finish replaced when the user named no colour or material."""
    main = look.main if look.greybox or look.main.name != _default_name(material) else finish(material, colour)
    return Look(main=main, rng=look.rng, sections=look.sections, subdivisions=look.subdivisions, greybox=look.greybox)


def _default_name(material: str) -> str:
    return finish(material).name


def _without(parts: list[Part], *names: str) -> list[Part]:
    return [part for part in parts if part.name not in names]


@object_kind("knight", material="metal", category="characters",
             words=("armored knight", "paladin", "warrior", "soldier", "guard", "swordsman", "기사", "전사", "병사",
                    "경비병", "검사", "팔라딘", "기사단", "samurai", "ninja", "gladiator", "viking", "cleric", "paladin knight", "사무라이", "닌자", "검투사", "바이킹", "성기사", "female knight", "woman knight", "lady knight", "여기사", "여전사", "여자 기사", "여성 기사"), max_triangles=4500)
def build_knight(look: Look) -> list[Part]:
    """The humanoid in plate armour with a helmet, a sword at the right hand and a shield on the left."""
    body = build_humanoid(undwarfed(look))
    metal = look.main
    parts = _without(body, "hair")
    parts += [Part("helmet", shapes.lathe([(0, 0), (0.115, 0), (0.12, 0.16), (0.08, 0.25), (0, 0.27)], (0, 1.53, 0),
                                          sections=look.sections), metal),
              Part("visor_slit", shapes.box((0.14, 0.015, 0.02), (0, 1.69, 0.11)), look.secondary("dark_metal")),
              Part("pauldron_l", shapes.sphere(0.09, (-0.22, 1.35, 0), subdivisions=1), metal),
              Part("pauldron_r", shapes.sphere(0.09, (0.22, 1.35, 0), subdivisions=1), metal),
              Part("belt", shapes.ring(0.16, 0.18, 0.05, (0, 0.92, 0), sections=look.sections), look.secondary("leather"))]
    blade = look.secondary("metal")
    parts += [Part("sword_blade", shapes.box((0.05, 0.8, 0.01), (0.42, 0.0, 0.12)), blade),
              Part("sword_guard", shapes.box((0.2, 0.03, 0.04), (0.42, 0.8, 0.12)), look.secondary("gold")),
              Part("sword_grip", shapes.cylinder(0.015, 0.15, (0.42, 0.83, 0.12), sections=6), look.secondary("leather"))]
    shield = shapes.prism([(-0.22, 0.1), (0.22, 0.1), (0.22, 0.6), (0.0, 0.75), (-0.22, 0.6)][::-1], 0.04)
    shapes.turned(shield, 180, axis=(0, 1, 0))
    shapes.turned(shield, 180, axis=(0, 0, 1))
    shield.apply_translation([-0.42, 1.45, 0.1])
    parts.append(Part("shield", shield, look.secondary("paint", "blue")))
    return _dwarfed(parts) if "dwarf" in look.traits else parts  # "a dwarf warrior"


@object_kind("wizard", material="fabric", category="characters",
             words=("mage", "sorcerer", "witch", "warlock", "magician", "druid", "마법사", "마녀", "법사", "위저드",
                    "주술사"), max_triangles=4500)
def build_wizard(look: Look) -> list[Part]:
    robe_look = _dressed(look, "fabric", "purple")
    body = _without(build_humanoid(undwarfed(robe_look)), "hair", "thigh_l", "thigh_r", "shin_l", "shin_r")
    robe = robe_look.main
    beard = look.secondary("fabric", "white")
    orb = glowing(finish("glass", "cyan"), 1.0) if not look.greybox else look.main
    parts = body + [
        Part("robe", shapes.frustum(0.35, 0.2, 1.0, (0, 0.0, 0), sections=look.sections), robe),
        Part("hat_brim", shapes.cylinder(0.22, 0.02, (0, 1.72, 0), sections=look.sections), robe),
        Part("hat", shapes.cone(0.13, 0.45, (0, 1.74, 0), sections=look.sections), robe),
        Part("beard", shapes.cone(0.07, 0.3, (0, 1.32, 0.08), sections=6), beard),
        Part("staff", shapes.cylinder(0.02, 1.8, (0.45, 0, 0.1), sections=6), look.secondary("wood")),
        Part("staff_orb", shapes.sphere(0.06, (0.45, 1.8, 0.1), subdivisions=1), orb),
    ]
    return _dwarfed(parts) if "dwarf" in look.traits else parts


@object_kind("goblin", material="skin", category="characters",
             words=("orc", "troll", "imp", "gremlin", "kobold", "고블린", "오크", "트롤", "도깨비", "임프"),
             max_triangles=4500)
def build_goblin(look: Look) -> list[Part]:
    """A 1.1 m green humanoid with big ears, a loincloth and a club."""
    skin = _dressed(look, "skin", "green")
    body = build_humanoid(Look(main=look.secondary("leather"), rng=look.rng, sections=look.sections,
                               subdivisions=look.subdivisions, greybox=look.greybox))
    scale = 0.63
    parts = []
    for part in _without(body, "hair"):
        mesh = part.mesh.copy()
        mesh.apply_scale(scale)
        finish_ = skin.main if part.name in ("head", "neck", "forearm_l", "forearm_r", "hand_l", "hand_r", "nose",
                                             "shin_l", "shin_r") else part.finish
        parts.append(Part(part.name, mesh, finish_))
    for i, sx in enumerate((-1, 1), start=1):
        ear = shapes.cone(0.035, 0.14, sections=4)
        shapes.turned(ear, -sx * 70, axis=(0, 0, 1))
        ear.apply_translation([sx * 0.07, 1.05, 0.0])
        parts.append(Part(f"ear_{i}", ear, skin.main))
    parts.append(Part("club", shapes.rod((0.24, 0.5, 0.05), (0.3, 0.95, 0.25), 0.04, sections=6), look.secondary("wood")))
    return parts


@object_kind("skeleton", material="ceramic", category="characters",
             words=("skeleton warrior", "skeleton archer", "skeleton soldier", "undead", "lich", "zombie", "mummy",
                    "해골 전사", "해골 병사", "해골 기사", "해골 궁수", "해골전사", "해골병사", "스켈레톤", "언데드", "좀비",
                    "미라", "해골전사"), max_triangles=4500)
def build_skeleton(look: Look) -> list[Part]:
    bone = _dressed(look, "ceramic", "beige").main
    dark = look.secondary("plastic", "black")
    parts = [Part("skull", shapes.ellipsoid((0.09, 0.11, 0.1), (0, 1.55, 0), subdivisions=look.subdivisions), bone),
             Part("jaw", shapes.box((0.1, 0.05, 0.08), (0, 1.5, 0.03)), bone),
             Part("eye_l", shapes.sphere(0.02, (-0.035, 1.67, 0.08), subdivisions=1), dark),
             Part("eye_r", shapes.sphere(0.02, (0.035, 1.67, 0.08), subdivisions=1), dark),
             Part("spine", shapes.cylinder(0.025, 0.6, (0, 0.9, -0.02), sections=6), bone),
             Part("pelvis", shapes.box((0.28, 0.1, 0.12), (0, 0.85, 0)), bone)]
    for i in range(4):
        parts.append(Part(f"rib_{i + 1}", shapes.ring(0.1, 0.12, 0.025, (0, 1.1 + i * 0.08, 0.0), sections=10), bone))
    for side, sx in (("l", -1), ("r", 1)):
        parts += [Part(f"humerus_{side}", shapes.rod((sx * 0.17, 1.38, 0), (sx * 0.26, 1.1, 0), 0.02, sections=5), bone),
                  Part(f"ulna_{side}", shapes.rod((sx * 0.26, 1.1, 0), (sx * 0.3, 0.85, 0.05), 0.018, sections=5), bone),
                  Part(f"femur_{side}", shapes.rod((sx * 0.1, 0.86, 0), (sx * 0.11, 0.47, 0.02), 0.025, sections=5), bone),
                  Part(f"tibia_{side}", shapes.rod((sx * 0.11, 0.47, 0.02), (sx * 0.11, 0.06, 0), 0.022, sections=5), bone),
                  Part(f"foot_{side}", shapes.box((0.08, 0.05, 0.2), (sx * 0.11, 0, 0.04)), bone)]
    parts.append(Part("shoulders", shapes.rod((-0.17, 1.38, 0), (0.17, 1.38, 0), 0.025, sections=5), bone))
    return parts


@object_kind("ghost", material="fabric", category="characters",
             words=("spirit", "phantom", "spectre", "specter", "wraith", "유령", "귀신", "망령", "원혼"))
def build_ghost(look: Look) -> list[Part]:
    sheet = _dressed(look, "fabric", "white").main
    body = shapes.lathe([(0.0, 0.3), (0.4, 0.3), (0.35, 0.9), (0.3, 1.3), (0.18, 1.6), (0.0, 1.68)],
                        sections=look.sections)
    return [Part("sheet", body, glowing(sheet, 0.2) if not look.greybox else sheet),
            _eye(look, "eye_l", (-0.09, 1.42, 0.27), 0.04), _eye(look, "eye_r", (0.09, 1.42, 0.27), 0.04),
            Part("mouth", shapes.ellipsoid((0.04, 0.06, 0.02), (0, 1.2, 0.3), subdivisions=1),
                 look.secondary("plastic", "black"))]
