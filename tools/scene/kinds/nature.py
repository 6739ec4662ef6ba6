"""Vegetation, rocks and terrain. The seed varies sizes and shapes, so a forest is not clones."""

from __future__ import annotations

import math

from tools.scene import shapes
from tools.scene.parts import Look, Part, object_kind


@object_kind("tree", material="leaves", category="vegetation", words=("나무", "deciduous tree", "활엽수"))
def build_tree(look: Look) -> list[Part]:
    # the seed picks broadleaf or conifer, so "five trees" is a little forest, not five clones
    return _conifer(look) if look.rng.random() < 0.35 else _broadleaf(look)


@object_kind("pine_tree", material="leaves", category="vegetation",
             words=("pine", "fir", "fir tree", "conifer", "spruce", "christmas tree", "xmas tree", "소나무", "전나무", "침엽수", "크리스마스 트리", "크리스마스트리", "트리"))
def build_pine_tree(look: Look) -> list[Part]:
    return _conifer(look)


def _trunk(look: Look, height: float, radius: float = 0.13) -> Part:
    return Part("trunk", shapes.cylinder(radius, height, sections=look.thin), look.secondary("bark"))


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


@object_kind("palm_tree", material="leaves", category="vegetation", words=("palm", "야자수", "야자나무", "종려나무"))
def build_palm_tree(look: Look) -> list[Part]:
    height = float(look.rng.uniform(4.0, 5.0))
    lean = float(look.rng.uniform(0.2, 0.5))
    top = (lean, height, 0.0)
    parts = [Part("trunk", shapes.rod((0, 0, 0), top, 0.14, sections=look.thin), look.secondary("bark"))]
    for i in range(7):
        angle = 2 * math.pi * i / 7
        tip = (top[0] + 1.6 * math.cos(angle), height - 0.7, 1.6 * math.sin(angle))
        parts.append(Part(f"frond_{i + 1}", shapes.rod(top, tip, 0.09, sections=4), look.main))
    parts.append(Part("coconuts", shapes.sphere(0.18, (top[0], height - 0.35, 0), subdivisions=1),
                      look.secondary("wood")))
    low = min(float(part.mesh.bounds[0][1]) for part in parts)
    for part in parts:
        part.mesh.apply_translation([0, -low, 0])
    return parts


@object_kind("bush", material="leaves", category="vegetation",
             words=("shrub", "hedge", "덤불", "관목", "수풀", "떨기나무"))
def build_bush(look: Look) -> list[Part]:
    parts = []
    for i in range(3):
        radius = float(look.rng.uniform(0.35, 0.5))
        x, z = float(look.rng.uniform(-0.35, 0.35)), float(look.rng.uniform(-0.25, 0.25))
        blob = shapes.ellipsoid((radius, radius * 0.8, radius), (x, 0, z), subdivisions=look.subdivisions)
        parts.append(Part(f"clump_{i + 1}", blob, look.main))
    return parts


@object_kind("flower", material="petals", category="vegetation",
             words=("tulip", "rose", "daisy", "꽃", "튤립", "장미", "데이지", "꽃송이", "lotus", "lily", "연꽃", "백합"))
def build_flower(look: Look) -> list[Part]:
    height = float(look.rng.uniform(0.3, 0.45))
    stem = look.secondary("leaves")
    parts = [
        Part("stem", shapes.cylinder(0.006, height, sections=6), stem),
        Part("leaf", shapes.ellipsoid((0.05, 0.012, 0.02), (0.04, height * 0.35, 0), subdivisions=1), stem),
        Part("centre", shapes.sphere(0.02, (0, height, 0), subdivisions=1), look.secondary("ceramic", "yellow")),
    ]
    for i in range(6):
        angle = 2 * math.pi * i / 6
        petal = shapes.ellipsoid((0.035, 0.008, 0.018), (0.035 * math.cos(angle), height + 0.012,
                                                          0.035 * math.sin(angle)), subdivisions=1)
        shapes.turned(petal, -math.degrees(angle), point=(0.035 * math.cos(angle), height, 0.035 * math.sin(angle)))
        parts.append(Part(f"petal_{i + 1}", petal, look.main))
    return parts


@object_kind("cactus", material="cactus", category="vegetation", words=("saguaro", "선인장"))
def build_cactus(look: Look) -> list[Part]:
    height = float(look.rng.uniform(1.6, 2.2))
    parts = [Part("stem", shapes.cylinder(0.2, height, sections=look.sections), look.main),
             Part("stem_top", shapes.sphere(0.2, (0, height - 0.2, 0), subdivisions=look.subdivisions), look.main)]
    for i, (side, lift) in enumerate(((-1, 0.55), (1, 0.75)), start=1):
        elbow = (side * 0.45, height * lift, 0.0)
        parts.append(Part(f"arm_{i}", shapes.rod((0, height * lift, 0), elbow, 0.12, sections=look.thin), look.main))
        parts.append(Part(f"arm_{i}_up", shapes.cylinder(0.12, 0.5, (elbow[0], elbow[1] - 0.06, 0),
                                                          sections=look.thin), look.main))
    return parts


@object_kind("mushroom", material="mushroom_cap", category="vegetation",
             words=("toadstool", "fungus", "버섯", "독버섯"))
def build_mushroom(look: Look) -> list[Part]:
    height = float(look.rng.uniform(0.18, 0.26))
    spots = look.secondary("ceramic", "white")
    profile = [(0.0, 0.0), (0.16, 0.0), (0.15, 0.05), (0.1, 0.1), (0.0, 0.12)]
    parts = [
        Part("stem", shapes.frustum(0.05, 0.04, height, sections=look.thin), look.secondary("ceramic", "beige")),
        Part("cap", shapes.lathe(profile, (0, height - 0.02, 0), sections=look.sections), look.main),
    ]
    for i in range(4):
        angle = 2 * math.pi * i / 4 + 0.4
        spot = shapes.sphere(0.02, (0.09 * math.cos(angle), height + 0.055, 0.09 * math.sin(angle)), subdivisions=1)
        parts.append(Part(f"spot_{i + 1}", spot, spots))
    return parts


@object_kind("rock", material="stone", category="terrain", words=("boulder", "stone", "바위", "돌", "암석", "바윗돌", "pebble", "pebbles", "cobble", "돌멩이", "자갈", "조약돌", "meteor", "meteorite", "운석", "소행성"))
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


@object_kind("terrain", material="grass", category="terrain",
             words=("ground", "landscape", "land", "field", "meadow", "heightmap", "지형", "땅", "지면", "들판", "평원",
                    "풀밭", "초원"), max_triangles=3000)
def build_terrain(look: Look) -> list[Part]:
    """A 10 m x 10 m rolling ground tile: a height field from a few random waves, base at 0."""
    import numpy as np
    import trimesh

    cells, size = 24 if look.sections >= 12 else 12, 10.0
    axis = np.linspace(-size / 2, size / 2, cells + 1)
    x, z = np.meshgrid(axis, axis, indexing="xy")
    height = np.zeros_like(x)
    for _ in range(4):
        kx, kz = look.rng.uniform(0.2, 0.9, size=2)
        phase = look.rng.uniform(0, 2 * np.pi)
        height += look.rng.uniform(0.05, 0.2) * np.sin(kx * x + phase) * np.cos(kz * z + phase)
    height -= height.min()
    top = np.c_[x.ravel(), height.ravel() + 0.2, z.ravel()]  # 20 cm of soil under the lowest point
    index = np.arange((cells + 1) ** 2).reshape(cells + 1, cells + 1)
    a, b, c, d = index[:-1, :-1].ravel(), index[:-1, 1:].ravel(), index[1:, 1:].ravel(), index[1:, :-1].ravel()
    faces = np.r_[np.c_[a, d, c], np.c_[a, c, b]]  # counter-clockwise seen from above
    surface = trimesh.Trimesh(vertices=top, faces=faces, process=False)
    soil = shapes.box((size, 0.2, size))
    return [Part("surface", surface, look.main), Part("soil", soil, look.secondary("soil"))]


@object_kind("hill", material="grass", category="terrain", words=("mound", "mountain", "언덕", "산", "동산", "구릉"),
             max_triangles=3000)
def build_hill(look: Look) -> list[Part]:
    import numpy as np

    radius, height = 6.0, 2.5
    rows = max(5, look.sections // 2)
    # a bell curve turned about the axis, then roughened a little by the seed
    profile = [(0.0, 0.0)] + [(radius * (1 - i / rows), height * math.exp(-3 * (1 - i / rows) ** 2) - height *
                                math.exp(-3)) for i in range(rows)] + [(0.0, height * (1 - math.exp(-3)))]
    mesh = shapes.lathe(profile, sections=look.sections + 4)
    top = mesh.vertices[:, 1] > 0.01
    mesh.vertices[top, 1] *= look.rng.uniform(0.9, 1.1, size=int(top.sum()))
    mesh.apply_translation([0, -float(np.min(mesh.vertices[:, 1])), 0])
    return [Part("hill", mesh, look.main)]


@object_kind("island", material="grass", category="terrain",
             words=("islet", "small island", "desert island", "atoll", "섬", "작은 섬", "무인도", "외딴섬"),
             max_triangles=3000)
def build_island(look: Look) -> list[Part]:
    """A round island 8 m across: a flat grassy top on a sandy shore sloping into a ring of shallow water, so
    what stands on it stands on land in the sea."""
    top, shore = 3.0, 3.8
    profile = [(0.0, 0.0), (shore, 0.0), (shore - 0.25, 0.22), (top + 0.1, 0.55), (top, 0.6), (0.0, 0.6)]
    sand = shapes.lathe(profile[:4] + [(0.0, 0.55)], sections=look.sections + 4)
    grass = shapes.lathe([(0.0, 0.55), (top + 0.05, 0.55), (top, 0.62), (0.0, 0.62)], sections=look.sections + 4)
    water = shapes.cylinder(shore + 1.4, 0.12, (0, 0.0, 0), sections=look.sections + 4)
    return [Part("land", grass, look.main), Part("shore", sand, look.secondary("soil", "beige")),
            Part("water", water, look.secondary("plastic", "teal"))]  # opaque: see-through water reads as white


@object_kind("floating_island", material="grass", category="terrain",
             words=("floating island", "sky island", "flying island", "floating islands", "떠있는 섬", "떠 있는 섬",
                    "공중섬", "부유섬", "하늘섬"), max_triangles=3000)
def build_floating_island(look: Look) -> list[Part]:
    """An island torn out of the ground, 7 m across, hanging in the air: a grassy top on a rough cone of rock
    that narrows to a point 4 m below it, with a few boulders clinging to its underside."""
    top_y, radius = 4.6, 3.4
    rock = look.secondary("stone", "brown")
    # the underside: a lathe that bulges out under the rim and tapers to a root-like tip
    cone = shapes.lathe([(0.0, 0.4), (0.5, 0.9), (1.6, 2.2), (2.8, 3.4), (radius, top_y - 0.3), (radius - 0.1, top_y),
                         (0.0, top_y)], (0, 0.4, 0), sections=look.sections + 2)  # lathe sets its bottom on base
    land = shapes.lathe([(0.0, 0.0), (radius + 0.05, 0.0), (radius - 0.1, 0.2), (0.0, 0.25)], (0, top_y - 0.05, 0),
                        sections=look.sections + 2)
    parts = [Part("rock", cone, rock), Part("land", land, look.main)]
    for i, (x, y, z, r) in enumerate(((1.2, 1.6, 0.6, 0.45), (-1.0, 2.4, -1.4, 0.5), (0.3, 1.1, -0.6, 0.35))):
        parts.append(Part(f"boulder_{i + 1}", shapes.sphere(r, (x, y, z), subdivisions=1), rock))
    return parts


@object_kind("coral_reef", material="stone", category="vegetation",
             words=("coral", "corals", "reef", "coral reef", "coral reefs", "brain coral", "sea fan", "산호", "산호초",
                    "산호들", "산호 군락", "암초"), max_triangles=4000)
def build_coral_reef(look: Look) -> list[Part]:
    """A 3 m clump of reef: a low rock shelf grown over with branching corals (pink, orange, purple), round brain
    corals and a flat sea fan, each in its own colour so the reef reads as alive."""
    rock = look.secondary("stone", "brown") if look.main.name == "stone" else look.main
    colours = ("pink", "orange", "purple", "yellow", "red", "cyan")
    parts = [Part("shelf", shapes.ellipsoid((1.6, 0.35, 1.1), (0, -0.15, 0), subdivisions=look.subdivisions), rock)]
    rng = look.rng
    for i in range(7):  # branching corals: a trunk and three arms each, spread over the shelf
        angle = 2 * math.pi * i / 7 + float(rng.uniform(-0.3, 0.3))
        x, z = 1.0 * math.cos(angle) * float(rng.uniform(0.3, 1.0)), 0.7 * math.sin(angle) * float(rng.uniform(0.3, 1.0))
        coral = look.secondary("plastic", colours[i % len(colours)])
        height = float(rng.uniform(0.7, 1.2))
        parts.append(Part(f"branch_{i + 1}", shapes.rod((x, 0.1, z), (x, height, z), 0.09, sections=look.thin), coral))
        for k, (dx, dz) in enumerate(((0.18, 0.0), (-0.12, 0.14), (-0.06, -0.16)), start=1):
            top = (x + 2 * dx, height + 0.3 + 0.08 * k, z + 2 * dz)
            parts.append(Part(f"branch_{i + 1}_arm_{k}", shapes.rod((x, height * 0.7, z), top, 0.06,
                                                                    sections=look.thin), coral))
    for i, (x, z, r) in enumerate(((0.9, 0.45, 0.4), (-1.0, -0.3, 0.36), (0.1, -0.75, 0.3)), start=1):
        brain = look.secondary("plastic", ("yellow", "green", "orange")[i - 1])
        parts.append(Part(f"brain_coral_{i}", shapes.ellipsoid((r, r * 0.7, r), (x, 0.05, z), subdivisions=1), brain))
    fan = shapes.prism([(-0.45, 0.0), (0.45, 0.0), (0.6, 0.55), (0.3, 0.9), (-0.3, 0.9), (-0.6, 0.55)], 0.04,
                       (-0.35, 0.1, 0.5))
    parts.append(Part("sea_fan", fan, look.secondary("plastic", "pink")))
    return parts
