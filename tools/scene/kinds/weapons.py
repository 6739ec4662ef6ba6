"""Weapons, standing on their pommel or butt (origin at the base, +Y up) like props in a rack."""

from __future__ import annotations

from tools.scene import shapes
from tools.scene.parts import Look, Part, object_kind


@object_kind("sword", material="metal", category="weapons", words=("blade", "longsword", "검", "칼", "장검", "대검", "greatsword", "great sword", "two-handed sword", "two handed sword", "claymore", "zweihander", "broadsword", "katana", "sabre", "saber", "cutlass", "rapier", "양손검", "한손검", "롱소드", "그레이트소드", "투핸드소드", "카타나", "사브르", "레이피어"))
def build_sword(look: Look) -> list[Part]:
    guard = look.secondary("dark_metal")
    grip = look.secondary("leather")
    return [
        Part("pommel", shapes.sphere(0.03, subdivisions=max(1, look.subdivisions - 1)), guard),
        Part("grip", shapes.cylinder(0.016, 0.16, (0, 0.05, 0), sections=look.thin), grip),
        Part("crossguard", shapes.box((0.22, 0.03, 0.04), (0, 0.21, 0)), guard),
        Part("blade", shapes.box((0.05, 0.7, 0.008), (0, 0.24, 0)), look.main),
        Part("tip", shapes.tapered_box((0.05, 0.008), (0.0, 0.002), 0.12, (0, 0.94, 0)), look.main),
    ]


@object_kind("dagger", material="metal", category="weapons", words=("knife", "단검", "단도", "비수"))
def build_dagger(look: Look) -> list[Part]:
    return [
        Part("grip", shapes.cylinder(0.013, 0.1, sections=look.thin), look.secondary("leather")),
        Part("guard", shapes.box((0.09, 0.015, 0.025), (0, 0.1, 0)), look.secondary("dark_metal")),
        Part("blade", shapes.tapered_box((0.035, 0.006), (0.0, 0.002), 0.2, (0, 0.115, 0)), look.main),
    ]


@object_kind("axe", material="metal", category="weapons", words=("ax", "hatchet", "battle axe", "도끼", "전투도끼"))
def build_axe(look: Look) -> list[Part]:
    head = shapes.prism([(0.02, 0.0), (0.2, -0.07), (0.22, 0.1), (0.02, 0.06)], 0.02, (0, 0.62, 0))
    return [
        Part("handle", shapes.cylinder(0.018, 0.75, sections=look.thin), look.secondary("wood")),
        Part("head", head, look.main),
        Part("socket", shapes.box((0.06, 0.08, 0.045), (0, 0.6, 0)), look.secondary("dark_metal")),
    ]


@object_kind("hammer", material="metal", category="weapons",
             words=("war hammer", "warhammer", "mallet", "maul", "mace", "club", "war club", "spiked club", "cudgel",
                    "망치", "해머", "전투망치", "철퇴", "곤봉", "몽둥이"))
def build_hammer(look: Look) -> list[Part]:
    return [
        Part("handle", shapes.cylinder(0.02, 0.7, sections=look.thin), look.secondary("wood")),
        Part("head", shapes.box((0.22, 0.1, 0.1), (0, 0.68, 0)), look.main),
    ]


@object_kind("spear", material="metal", category="weapons", words=("lance", "pike", "javelin", "창", "장창", "투창"))
def build_spear(look: Look) -> list[Part]:
    return [
        Part("shaft", shapes.cylinder(0.018, 1.8, sections=look.thin), look.secondary("wood")),
        Part("tip", shapes.tapered_box((0.05, 0.012), (0.0, 0.002), 0.22, (0, 1.8, 0)), look.main),
        Part("collar", shapes.cylinder(0.024, 0.05, (0, 1.77, 0), sections=look.thin), look.secondary("dark_metal")),
    ]


@object_kind("bow", material="wood", category="weapons", words=("longbow", "활", "장궁"))
def build_bow(look: Look) -> list[Part]:
    import numpy as np

    height, depth = 1.5, 0.22
    # the limbs follow a shallow arc; the string joins the tips
    ys = np.linspace(0, height, 9)
    zs = -depth * np.sin(np.pi * ys / height)
    parts = [Part(f"limb_{i + 1}", shapes.rod((0, ys[i], zs[i]), (0, ys[i + 1], zs[i + 1]), 0.015,
                                              sections=max(5, look.thin // 2)), look.main) for i in range(8)]
    parts.append(Part("string", shapes.rod((0, 0, 0), (0, height, 0), 0.002, sections=4),
                      look.secondary("fabric", "white")))
    parts.append(Part("grip", shapes.cylinder(0.022, 0.14, (0, height / 2 - 0.07, -depth), sections=look.thin),
                      look.secondary("leather")))
    low = min(float(part.mesh.bounds[0][1]) for part in parts)
    for part in parts:
        part.mesh.apply_translation([0, -low, 0])
    return parts


@object_kind("shield", material="wood", category="weapons", words=("buckler", "방패"))
def build_shield(look: Look) -> list[Part]:
    # a kite outline, counter-clockwise from the bottom point; the face stands in the XY plane
    face = shapes.prism([(0.0, 0.0), (0.3, 0.25), (0.3, 0.75), (-0.3, 0.75), (-0.3, 0.25)], 0.04)
    trim = look.secondary("metal")
    return [
        Part("face", face, look.main),
        Part("boss", shapes.sphere(0.07, (0, 0.38, 0.0), subdivisions=look.subdivisions), trim),
        Part("rim", shapes.box((0.62, 0.04, 0.05), (0, 0.73, 0)), trim),
    ]
