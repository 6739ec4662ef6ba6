"""The object kinds the embedded composer can build, one small function per kind.

Every builder returns named :class:`Part` s in metres, +Y up, with the object's base centre at
the origin. Adding a kind is one decorated function: its ``words`` (English and Korean) feed
the prompt parser, its ``material`` is what the main part is made of when the prompt names
none. The main part takes the colour/material the user asked for; secondary parts keep their
natural finish (a red lamp gets a red shade, not a red light bulb).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from tools.mesh import shapes
from tools.mesh.materials import Finish, finish, glowing

if TYPE_CHECKING:
    import numpy
    import trimesh


@dataclass(frozen=True)
class Part:
    """One named piece of an object; it becomes one node (and one mesh) in the GLB."""

    name: str
    mesh: "trimesh.Trimesh"
    finish: Finish


@dataclass(frozen=True)
class Look:
    """What a builder needs besides its own proportions."""

    main: Finish
    rng: "numpy.random.Generator"
    sections: int = 20  # around round parts; lower for low-poly
    subdivisions: int = 2  # of icospheres
    greybox: bool = False  # a blockout: every part grey, not only the main one

    def secondary(self, material: str) -> Finish:
        """The finish of a part the user did not colour (a hoop, a trunk, a roof)."""
        return finish("greybox") if self.greybox else finish(material)


Builder = Callable[[Look], list[Part]]


@dataclass(frozen=True)
class ObjectKind:
    """A buildable kind with the words that name it and its default main material."""

    name: str
    build: Builder
    material: str
    words: tuple[str, ...]


OBJECT_KINDS: dict[str, ObjectKind] = {}


def object_kind(name: str, *, material: str, words: tuple[str, ...]) -> Callable[[Builder], Builder]:
    """Register a builder under ``name``; the kind's own name always counts as one of its words."""

    def register(build: Builder) -> Builder:
        if name in OBJECT_KINDS:
            raise ValueError(f"object kind {name!r} is registered twice")
        OBJECT_KINDS[name] = ObjectKind(name=name, build=build, material=material, words=(name, *words))
        return build

    return register


def word_index() -> dict[str, str]:
    """Every noun (English and Korean) mapped to the kind it names."""
    index: dict[str, str] = {}
    for kind in OBJECT_KINDS.values():
        for word in kind.words:
            index.setdefault(word, kind.name)
    return index


def placeholder(label: str, look: Look) -> list[Part]:
    """The honest stand-in for a noun no builder knows: a 1 m box named after that noun."""
    return [Part(f"placeholder_{label}", shapes.box((1.0, 1.0, 1.0)), look.main)]


# -- furniture ---------------------------------------------------------------------------------


@object_kind("table", material="wood", words=("desk", "dining table", "탁자", "테이블", "책상", "식탁"))
def build_table(look: Look) -> list[Part]:
    width, depth, height, top, leg = 1.2, 0.75, 0.75, 0.04, 0.06
    parts = [Part("table_top", shapes.box((width, top, depth), (0, height - top, 0)), look.main)]
    x, z = width / 2 - leg, depth / 2 - leg
    for i, (sx, sz) in enumerate(((-1, -1), (1, -1), (1, 1), (-1, 1)), start=1):
        parts.append(Part(f"leg_{i}", shapes.box((leg, height - top, leg), (sx * x, 0, sz * z)), look.main))
    return parts


@object_kind("chair", material="wood", words=("armchair", "의자"))
def build_chair(look: Look) -> list[Part]:
    seat_w, seat_h, seat_t, leg, back_h = 0.45, 0.45, 0.04, 0.04, 0.45
    off = seat_w / 2 - leg / 2
    parts = [Part("seat", shapes.box((seat_w, seat_t, seat_w), (0, seat_h - seat_t, 0)), look.main)]
    for i, (sx, sz) in enumerate(((-1, 1), (1, 1)), start=1):
        parts.append(Part(f"leg_{i}", shapes.box((leg, seat_h - seat_t, leg), (sx * off, 0, sz * off)), look.main))
    # the back legs run on up to become the posts of the backrest
    for i, sx in enumerate((-1, 1), start=3):
        parts.append(Part(f"leg_{i}", shapes.box((leg, seat_h + back_h, leg), (sx * off, 0, -off)), look.main))
    parts.append(Part("backrest", shapes.box((seat_w - 2 * leg, 0.22, 0.025), (0, seat_h + back_h - 0.26, -off)),
                      look.main))
    return parts


@object_kind("stool", material="wood", words=("스툴", "걸상"))
def build_stool(look: Look) -> list[Part]:
    seat_r, height, leg_r = 0.17, 0.45, 0.018
    parts = [Part("seat", shapes.cylinder(seat_r, 0.04, (0, height - 0.04, 0), sections=look.sections), look.main)]
    off = seat_r * 0.65
    for i, (sx, sz) in enumerate(((-1, -1), (1, -1), (1, 1), (-1, 1)), start=1):
        leg = shapes.cylinder(leg_r, height - 0.04, (sx * off, 0, sz * off), sections=max(6, look.sections // 2))
        parts.append(Part(f"leg_{i}", leg, look.main))
    return parts


@object_kind("lamp", material="fabric", words=("table lamp", "램프", "전등", "스탠드", "조명"))
def build_lamp(look: Look) -> list[Part]:
    metal = look.secondary("dark_metal")
    bulb = glowing(look.secondary("ceramic") if look.greybox else finish("ceramic", "yellow"))
    return [
        Part("base", shapes.cylinder(0.09, 0.03, sections=look.sections), metal),
        Part("pole", shapes.cylinder(0.012, 0.32, (0, 0.03, 0), sections=max(6, look.sections // 2)), metal),
        Part("bulb", shapes.sphere(0.04, (0, 0.3, 0), subdivisions=look.subdivisions), bulb),
        Part("shade", shapes.frustum(0.17, 0.09, 0.2, (0, 0.3, 0), sections=look.sections), look.main),
    ]


# -- props ---------------------------------------------------------------------------------------


@object_kind("box", material="cardboard", words=("cardboard box", "carton", "상자", "박스"))
def build_box(look: Look) -> list[Part]:
    size = (0.45, 0.35, 0.45)
    tape = look.secondary("plastic") if not look.greybox else look.main
    return [
        Part("body", shapes.box(size), look.main),
        Part("tape", shapes.box((0.06, 0.004, size[2] + 0.004), (0, size[1], 0)), tape),
    ]


@object_kind("crate", material="wood", words=("wooden box", "궤짝", "크레이트", "나무상자"))
def build_crate(look: Look) -> list[Part]:
    side, beam = 0.6, 0.05
    parts = [Part("body", shapes.box((side - beam, side - beam, side - beam), (0, beam / 2, 0)), look.main)]
    half = side / 2 - beam / 2
    index = 1
    # twelve edge beams: four along each axis
    for a in (-1, 1):
        for b in (-1, 1):
            edges = (
                ((side, beam, beam), (0, (a + 1) / 2 * (side - beam), b * half)),
                ((beam, beam, side), (a * half, (b + 1) / 2 * (side - beam), 0)),
                ((beam, side, beam), (a * half, 0, b * half)),
            )
            for size, base in edges:
                parts.append(Part(f"frame_{index}", shapes.box(size, base), look.main))
                index += 1
    return parts


@object_kind("barrel", material="wood", words=("keg", "cask", "통", "술통", "배럴", "나무통"))
def build_barrel(look: Look) -> list[Part]:
    height, end_r, belly_r = 0.9, 0.27, 0.32
    rows = max(4, look.sections // 3)
    # the bulge is a half sine from end to end, sampled a few times so it stays cheap
    profile = [(0.0, 0.0)] + [
        (end_r + (belly_r - end_r) * math.sin(math.pi * i / rows), height * i / rows) for i in range(rows + 1)
    ] + [(0.0, height)]
    parts = [Part("staves", shapes.lathe(profile, sections=look.sections), look.main)]
    hoop = look.secondary("dark_metal")
    for i, y in enumerate((0.08, 0.3, 0.56, 0.78), start=1):
        radius = end_r + (belly_r - end_r) * math.sin(math.pi * (y + 0.02) / height)
        parts.append(Part(f"hoop_{i}", shapes.ring(radius - 0.01, radius + 0.008, 0.04, (0, y, 0),
                                                   sections=look.sections), hoop))
    return parts


@object_kind("sword", material="metal", words=("blade", "longsword", "검", "칼", "장검"))
def build_sword(look: Look) -> list[Part]:
    guard = look.secondary("dark_metal")
    grip = look.secondary("leather")
    thin = max(6, look.sections // 2)
    return [
        Part("pommel", shapes.sphere(0.03, subdivisions=max(1, look.subdivisions - 1)), guard),
        Part("grip", shapes.cylinder(0.016, 0.16, (0, 0.05, 0), sections=thin), grip),
        Part("crossguard", shapes.box((0.22, 0.03, 0.04), (0, 0.21, 0)), guard),
        Part("blade", shapes.box((0.05, 0.7, 0.008), (0, 0.24, 0)), look.main),
        Part("tip", shapes.tapered_box((0.05, 0.008), (0.0, 0.002), 0.12, (0, 0.94, 0)), look.main),
    ]


# -- nature and buildings ----------------------------------------------------------------------


@object_kind("tree", material="leaves", words=("oak", "나무"))
def build_tree(look: Look) -> list[Part]:
    # the seed picks broadleaf or conifer, so "five trees" is a little forest, not five clones
    return _conifer(look) if look.rng.random() < 0.35 else _broadleaf(look)


@object_kind("pine_tree", material="leaves", words=("pine", "pine tree", "fir", "conifer", "소나무", "전나무"))
def build_pine_tree(look: Look) -> list[Part]:
    return _conifer(look)


def _trunk(look: Look, height: float) -> Part:
    return Part("trunk", shapes.cylinder(0.13, height, sections=max(6, look.sections // 2)), look.secondary("bark"))


def _conifer(look: Look) -> list[Part]:
    height = float(look.rng.uniform(1.0, 1.3))
    parts = [_trunk(look, height)]
    for i, (radius, lift) in enumerate(((1.0, 0.0), (0.78, 0.7), (0.55, 1.3)), start=1):
        cone = shapes.cone(radius, 1.2, (0, height * 0.6 + lift, 0), sections=look.sections)
        parts.append(Part(f"foliage_{i}", cone, look.main))
    return parts


def _broadleaf(look: Look) -> list[Part]:
    height, crown = float(look.rng.uniform(1.4, 1.8)), float(look.rng.uniform(0.9, 1.15))
    return [
        _trunk(look, height),
        Part("crown", shapes.sphere(crown, (0, height * 0.75, 0), subdivisions=look.subdivisions), look.main),
        Part("crown_side", shapes.sphere(crown * 0.6, (0.5, height * 0.9, 0.2), subdivisions=look.subdivisions),
             look.main),
    ]


@object_kind("rock", material="stone", words=("boulder", "stone", "바위", "돌", "암석"))
def build_rock(look: Look) -> list[Part]:
    import numpy as np

    mesh = shapes.sphere(0.5, subdivisions=look.subdivisions)
    centre = mesh.bounds.mean(axis=0)
    offsets = mesh.vertices - centre
    # jitter each vertex along its own direction, then squash: a boulder, not a ball
    bumps = look.rng.uniform(0.82, 1.12, size=(len(offsets), 1))
    mesh.vertices = centre + offsets * bumps * np.array([1.0, 0.62, 0.85])
    mesh.apply_translation([0, -mesh.bounds[0][1], 0])
    return [Part("rock", mesh, look.main)]


@object_kind("house", material="plaster", words=("home", "cottage", "cabin", "hut", "집", "주택", "오두막"))
def build_house(look: Look) -> list[Part]:
    width, wall_h, depth, roof_h, eave = 6.0, 3.0, 5.0, 1.8, 0.3
    front = depth / 2
    glass = look.secondary("glass")
    return [
        Part("walls", shapes.box((width, wall_h, depth)), look.main),
        Part("roof", shapes.tapered_box((width + 2 * eave, depth + 2 * eave), (width + 2 * eave, 0.0), roof_h,
                                        (0, wall_h, 0)), look.secondary("roof_tile")),
        Part("door", shapes.box((1.0, 2.1, 0.06), (0, 0, front)), look.secondary("wood")),
        Part("window_1", shapes.box((1.1, 1.0, 0.05), (-1.9, 1.2, front)), glass),
        Part("window_2", shapes.box((1.1, 1.0, 0.05), (1.9, 1.2, front)), glass),
        Part("chimney", shapes.box((0.6, 1.6, 0.6), (1.8, wall_h + 0.6, -1.0)), look.secondary("stone")),
    ]


# -- primitives (1 m, so they double as measuring blocks) ----------------------------------------


@object_kind("cube", material="plastic", words=("block", "정육면체", "큐브"))
def build_cube(look: Look) -> list[Part]:
    return [Part("cube", shapes.box((1.0, 1.0, 1.0)), look.main)]


@object_kind("sphere", material="plastic", words=("ball", "orb", "공", "구", "구체"))
def build_sphere(look: Look) -> list[Part]:
    return [Part("sphere", shapes.sphere(0.5, subdivisions=look.subdivisions + 1), look.main)]


@object_kind("cylinder", material="plastic", words=("pillar", "column", "원기둥", "원통", "기둥"))
def build_cylinder(look: Look) -> list[Part]:
    return [Part("cylinder", shapes.cylinder(0.5, 1.0, sections=look.sections + 12), look.main)]


@object_kind("cone", material="plastic", words=("원뿔", "원추"))
def build_cone(look: Look) -> list[Part]:
    return [Part("cone", shapes.cone(0.5, 1.0, sections=look.sections + 12), look.main)]
