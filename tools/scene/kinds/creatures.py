"""Simple creatures and a humanoid character, facing +Z, standing on y = 0.

These are stylised blockouts (ellipsoids and rods), the kind used for placeholders, crowds and
toy-like games; they are not rigged. The humanoid's proportions follow a 1.75 m adult.
"""

from __future__ import annotations

from dataclasses import replace

from tools.scene import shapes
from tools.scene.materials import finish, glowing
from tools.scene.parts import Look, Part, object_kind


def _eye(look: Look, name: str, centre: tuple[float, float, float], radius: float) -> Part:
    return Part(name, shapes.sphere(radius, (centre[0], centre[1] - radius, centre[2]), subdivisions=1),
                look.secondary("plastic", "black"))


def _quadruped(look: Look, *, length: float, height: float, leg_r: float, head_r: float, ears: str) -> list[Part]:
    body_y = height * 0.62
    body = shapes.ellipsoid((length * 0.22, height * 0.2, length * 0.5), (0, body_y - height * 0.2, 0),
                            subdivisions=look.subdivisions)
    head_c = (0.0, height * 0.82, length * 0.5)
    parts = [
        Part("body", body, look.main),
        Part("head", shapes.sphere(head_r, (head_c[0], head_c[1] - head_r, head_c[2]), subdivisions=look.subdivisions),
             look.main),
        Part("snout", shapes.ellipsoid((head_r * 0.5, head_r * 0.4, head_r * 0.6),
                                       (0, head_c[1] - head_r * 0.9, head_c[2] + head_r * 0.8), subdivisions=1), look.main),
        _eye(look, "eye_l", (-head_r * 0.45, head_c[1] + head_r * 0.15, head_c[2] + head_r * 0.8), head_r * 0.15),
        _eye(look, "eye_r", (head_r * 0.45, head_c[1] + head_r * 0.15, head_c[2] + head_r * 0.8), head_r * 0.15),
        Part("tail", shapes.rod((0, body_y, -length * 0.45), (0, body_y + height * 0.25, -length * 0.7), leg_r * 0.7,
                                sections=look.thin), look.main),
    ]
    for i, (sx, sz) in enumerate(((-1, 1), (1, 1), (-1, -1), (1, -1)), start=1):
        foot = (sx * length * 0.13, 0.0, sz * length * 0.3)
        parts.append(Part(f"leg_{i}", shapes.cylinder(leg_r, body_y, foot, sections=look.thin), look.main))
    for i, sx in enumerate((-1, 1), start=1):
        base = (sx * head_r * 0.55, head_c[1] + head_r * 0.6, head_c[2] - head_r * 0.1)
        if ears == "pointed":
            ear = shapes.cone(head_r * 0.35, head_r * 0.7, base, sections=4)
        else:
            ear = shapes.ellipsoid((head_r * 0.2, head_r * 0.5, head_r * 0.12),
                                   (sx * head_r * 0.95, head_c[1] - head_r * 0.3, head_c[2]), subdivisions=1)
        parts.append(Part(f"ear_{i}", ear, look.main))
    return parts


@object_kind("dog", material="fur", category="creatures", words=("puppy", "hound", "강아지", "멍멍이", "댕댕이", "corgi", "wolf pup", "retriever", "shiba", "코기", "시바견", "리트리버"))
def build_dog(look: Look) -> list[Part]:
    return _quadruped(look, length=0.9, height=0.6, leg_r=0.045, head_r=0.13, ears="floppy")


@object_kind("cat", material="fur", category="creatures", words=("kitten", "kitty", "고양이", "야옹이", "냥이"))
def build_cat(look: Look) -> list[Part]:
    return _quadruped(look, length=0.5, height=0.3, leg_r=0.022, head_r=0.07, ears="pointed")


@object_kind("fish", material="scales", category="creatures", words=("goldfish", "물고기", "생선", "금붕어", "koi", "carp", "shark", "salmon", "잉어", "상어", "연어",
                    "tropical fish", "clownfish", "열대어", "흰동가리", "니모"))
def build_fish(look: Look) -> list[Part]:
    length, height = 0.35, 0.14
    body = shapes.ellipsoid((0.04, height / 2, length / 2), subdivisions=look.subdivisions)
    tail = shapes.prism([(0.0, -0.06), (0.0, 0.06), (-0.1, 0.09), (-0.07, 0.0), (-0.1, -0.09)][::-1], 0.01)
    shapes.turned(tail, -90)  # the outline was drawn along -X; turn it to trail behind (-Z)
    tail.apply_translation([0, height / 2, -length / 2 + 0.01])
    return [
        Part("body", body, look.main),
        Part("tail", tail, look.main),
        Part("fin", shapes.prism([(-0.05, 0.0), (0.05, 0.0), (-0.03, 0.05)], 0.006, (0, height - 0.01, 0)), look.main),
        _eye(look, "eye_l", (-0.03, height * 0.62, length * 0.33), 0.012),
        _eye(look, "eye_r", (0.03, height * 0.62, length * 0.33), 0.012),
    ]


@object_kind("bird", material="feathers", category="creatures",
             words=("sparrow", "pigeon", "crow", "참새", "비둘기", "까마귀", "새", "eagle", "hawk", "parrot", "seagull", "독수리", "매", "앵무새", "갈매기"))
def build_bird(look: Look) -> list[Part]:
    beak = shapes.turned(shapes.cone(0.012, 0.04), 90, axis=(1, 0, 0))
    beak.apply_translation([0, 0.175, 0.085])
    legs = look.secondary("ceramic", "orange")
    parts = [
        Part("body", shapes.ellipsoid((0.055, 0.055, 0.08), (0, 0.05, 0), subdivisions=look.subdivisions), look.main),
        Part("head", shapes.sphere(0.035, (0, 0.14, 0.06), subdivisions=look.subdivisions), look.main),
        Part("beak", beak, legs),
        Part("tail", shapes.tapered_box((0.05, 0.01), (0.09, 0.005), 0.08, (0, 0.1, -0.06)), look.main),
        _eye(look, "eye_l", (-0.025, 0.185, 0.08), 0.006),
        _eye(look, "eye_r", (0.025, 0.185, 0.08), 0.006),
    ]
    shapes.turned(parts[3].mesh, -60, axis=(1, 0, 0), point=(0, 0.1, -0.06))
    for i, sx in enumerate((-1, 1), start=1):
        parts.append(Part(f"wing_{i}", shapes.ellipsoid((0.012, 0.04, 0.07), (sx * 0.055, 0.07, -0.005),
                                                        subdivisions=1), look.main))
        parts.append(Part(f"leg_{i}", shapes.cylinder(0.004, 0.06, (sx * 0.02, 0, 0), sections=5), legs))
    return parts


@object_kind("humanoid", material="fabric", category="characters",
             words=("humanoid character", "game character", "person", "human", "character", "man", "woman", "npc",
                    "villager", "people", "figure", "mannequin",
                    "사람", "인간", "캐릭터", "남자", "여자", "주민", "마네킹", "인물", "엔피씨", "hero", "heroine", "villain", "bandit", "pirate", "princess", "prince", "king", "queen", "elf", "dwarf", "rogue", "thief", "archer", "hunter", "farmer", "merchant", "shopkeeper", "girl", "boy", "child", "kid", "blacksmith", "smith", "대장장이", "lumberjack", "woodcutter", "나무꾼", "bowman", "ranger", "spearman", "lancer", "창병", "명사수", "mechanic", "pilot", "chef", "doctor", "student", "dancer", "주인공", "악당", "해적", "공주", "왕자", "왕", "여왕", "엘프", "드워프", "도적", "궁수", "사냥꾼", "농부", "상인", "소녀", "소년", "아이", "정비공", "조종사", "요리사", "의사", "학생", "아이돌", "댄서"), max_triangles=4000)
def build_humanoid(look: Look) -> list[Part]:
    """A 1.75 m figure in an A-pose: the main finish is the clothing, skin and hair keep theirs."""
    skin = look.secondary("skin")
    hair = look.secondary("fur", look.traits.get("hair") or "brown")  # "은발", "red-haired": the hair's own colour
    trousers = look.secondary("fabric", "navy")
    shoes = look.secondary("leather")
    thin = look.thin
    parts = [
        Part("torso", shapes.ellipsoid((0.19, 0.3, 0.12), (0, 0.95, 0), subdivisions=look.subdivisions), look.main),
        Part("hips", shapes.ellipsoid((0.17, 0.12, 0.11), (0, 0.86, 0), subdivisions=look.subdivisions), trousers),
        Part("neck", shapes.cylinder(0.05, 0.1, (0, 1.5, 0), sections=thin), skin),
        Part("head", shapes.ellipsoid((0.09, 0.115, 0.1), (0, 1.55, 0.005), subdivisions=look.subdivisions), skin),
        Part("hair", shapes.ellipsoid((0.095, 0.07, 0.1), (0, 1.66, -0.01), subdivisions=look.subdivisions), hair),
        _eye(look, "eye_l", (-0.033, 1.7, 0.09), 0.011),
        _eye(look, "eye_r", (0.033, 1.7, 0.09), 0.011),
        Part("nose", shapes.ellipsoid((0.012, 0.02, 0.015), (0, 1.635, 0.095), subdivisions=1), skin),
    ]
    for side, sx in (("l", -1), ("r", 1)):
        shoulder, elbow, wrist = (sx * 0.2, 1.42, 0.0), (sx * 0.3, 1.15, -0.02), (sx * 0.36, 0.9, 0.02)
        hip, knee, ankle = (sx * 0.1, 0.9, 0.0), (sx * 0.11, 0.48, 0.02), (sx * 0.11, 0.08, 0.0)
        parts += [
            Part(f"upper_arm_{side}", shapes.rod(shoulder, elbow, 0.05, sections=thin), look.main),
            Part(f"forearm_{side}", shapes.rod(elbow, wrist, 0.04, sections=thin), skin),
            Part(f"hand_{side}", shapes.ellipsoid((0.03, 0.06, 0.045), (wrist[0], wrist[1] - 0.11, wrist[2]),
                                                  subdivisions=1), skin),
            Part(f"thigh_{side}", shapes.rod(hip, knee, 0.07, sections=thin), trousers),
            Part(f"shin_{side}", shapes.rod(knee, ankle, 0.055, sections=thin), trousers),
            Part(f"foot_{side}", shapes.box((0.1, 0.08, 0.25), (ankle[0], 0, 0.05)), shoes),
        ]
    parts = parts + _traits(look, hair)
    return _dwarfed(parts) if "dwarf" in look.traits else parts


HEAD_PARTS = frozenset(("head", "hair", "eye_l", "eye_r", "nose", "beard", "neck", "helmet", "visor_slit", "hat",
                        "hat_brim"))


def undwarfed(look: Look) -> Look:
    """The look without the dwarf trait: a figure built over the humanoid is squashed once, whole, at the end."""
    return replace(look, traits={k: v for k, v in look.traits.items() if k != "dwarf"})


def _dwarfed(parts: list[Part]) -> list[Part]:
    """A dwarf: the body squashed to about 1.25 m and made broad, the head kept at full size on top (a big head
    on a short, stocky frame is what reads as a dwarf), the beard long and full."""
    import numpy as np

    squash = np.diag([1.3, 0.68, 1.25, 1.0])
    drop = 1.5 * (1 - 0.68)  # how far the neck comes down
    for part in parts:
        if part.name in HEAD_PARTS:
            part.mesh.apply_translation((0, -drop, 0))
            if part.name == "beard":  # down over the chest
                centre = part.mesh.bounds.mean(axis=0)
                part.mesh.apply_translation(-centre)
                part.mesh.apply_transform(np.diag([1.3, 2.0, 1.3, 1.0]))
                part.mesh.apply_translation(centre - np.array([0, 0.1, -0.02]))
        else:
            part.mesh.apply_transform(squash)
    return parts


def _traits(look: Look, hair: "object") -> list[Part]:
    """A figure's written traits: long hair and a skirt for a woman, a cape down the back, a beard."""
    traits = look.traits
    parts: list[Part] = []
    if "female" in traits:
        parts += [Part("long_hair", shapes.ellipsoid((0.1, 0.24, 0.07), (0, 1.3, -0.06), subdivisions=look.subdivisions),
                       hair),  # type: ignore[arg-type]
                  Part("skirt", shapes.frustum(0.3, 0.17, 0.42, (0, 0.5, 0), sections=look.sections), look.main)]
    if "cape" in traits:
        cape = shapes.box((0.5, 1.1, 0.035), (0, 0.35, -0.19))
        cape = shapes.turned(cape, -6, axis=(1, 0, 0), point=(0, 1.45, -0.17))  # hanging back from the shoulders
        parts.append(Part("cape", cape, look.secondary("fabric", traits["cape"] or "red")))
    if "beard" in traits:
        parts.append(Part("beard", shapes.ellipsoid((0.075, 0.1, 0.05), (0, 1.4, 0.07), subdivisions=1),
                          look.secondary("fur", traits["beard"] or "brown")))
    return parts


@object_kind("slime", material="glass", category="creatures", words=("blob", "jelly", "슬라임", "젤리"))
def build_slime(look: Look) -> list[Part]:
    body = shapes.lathe([(0.0, 0.0), (0.3, 0.0), (0.32, 0.08), (0.26, 0.22), (0.12, 0.33), (0.0, 0.35)],
                        sections=look.sections)
    eye = finish("plastic", "black") if not look.greybox else look.main
    # a slime is green unless asked otherwise, and glows a little so its colour survives the see-through jelly
    main = look.main if look.greybox else glowing(finish("glass", "green") if look.main.name == "glass" else look.main,
                                                  0.5)
    if main.transparent:  # thick jelly: mostly opaque, or the grass behind washes its colour out
        main = replace(main, name=f"{main.name}_jelly", base_color=(*main.base_color[:3], 0.85))
    return [Part("body", body, main),
            Part("eye_l", shapes.sphere(0.035, (-0.09, 0.17, 0.24), subdivisions=1), eye),
            Part("eye_r", shapes.sphere(0.035, (0.09, 0.17, 0.24), subdivisions=1), eye)]


Vec = tuple[float, float, float]


def _reptile_body(look: Look, *, body: tuple[Vec, Vec], neck: tuple[Vec, Vec, float], head: tuple[Vec, Vec],
                  tail: tuple[Vec, Vec, float, Vec, float], eyes: tuple[float, float, float, float]) -> list[Part]:
    """The body plan dragons and lizards share: a body, a neck rod, a head, a tail in two tapering rods
    (root, joint, root radius, tip, tip radius) and a pair of eyes (half spacing x, y, z, radius)."""
    detail = look.subdivisions
    root, joint, root_r, tip, tip_r = tail
    ex, ey, ez, er = eyes
    return [
        Part("body", shapes.ellipsoid(body[0], body[1], subdivisions=detail), look.main),
        Part("neck", shapes.rod(neck[0], neck[1], neck[2], sections=look.thin), look.main),
        Part("head", shapes.ellipsoid(head[0], head[1], subdivisions=detail), look.main),
        Part("tail_1", shapes.rod(root, joint, root_r, sections=look.thin), look.main),
        Part("tail_2", shapes.rod(joint, tip, tip_r, sections=look.thin), look.main),
        _eye(look, "eye_l", (-ex, ey, ez), er),
        _eye(look, "eye_r", (ex, ey, ez), er),
    ]


@object_kind("dragon", material="scales", category="creatures",
             words=("wyvern", "drake", "용", "드래곤", "와이번", "hydra", "dinosaur", "t-rex", "히드라", "공룡"))
def build_dragon(look: Look) -> list[Part]:
    """A 4 m fantasy dragon: four legs, a long neck and tail, horns and two raised wings."""
    horn = look.secondary("ceramic", "white")
    parts = _reptile_body(look, body=((0.6, 0.55, 1.1), (0, 0.75, 0)), neck=((0, 1.55, 0.8), (0, 2.25, 1.55), 0.22),
                          head=((0.28, 0.24, 0.45), (0, 2.15, 1.8)),
                          tail=((0, 1.25, -0.95), (0, 0.85, -2.0), 0.22, (0, 0.45, -2.9), 0.12),
                          eyes=(0.17, 2.5, 2.05, 0.05))
    for i, sx in enumerate((-1, 1), start=1):
        horn_mesh = shapes.turned(shapes.cone(0.06, 0.35, (sx * 0.14, 2.5, 1.62), sections=6), -35,
                                  axis=(1, 0, 0), point=(sx * 0.14, 2.5, 1.62))
        parts.append(Part(f"horn_{i}", horn_mesh, horn))
        # a wing is a thin sail: outline in the XY plane, mirrored for the left side
        outline = [(0.0, 0.0), (1.9, 1.0), (1.7, 0.25), (1.2, 0.4), (0.9, -0.1)]
        wing = shapes.prism([(sx * x, y) for x, y in (outline if sx > 0 else outline[::-1])], 0.04)
        parts.append(Part(f"wing_{i}", shapes.moved(wing, (sx * 0.4, 1.55, 0.2)), look.main))
    for i, (sx, sz) in enumerate(((-1, 1), (1, 1), (-1, -1), (1, -1)), start=1):
        parts.append(Part(f"leg_{i}", shapes.cylinder(0.14, 1.0, (sx * 0.42, 0.0, sz * 0.6), sections=look.thin),
                          look.main))
    return parts


@object_kind("lizard", material="scales", category="creatures",
             words=("lizard mount", "gecko", "iguana", "salamander", "komodo dragon", "monitor lizard", "chameleon",
                    "basilisk", "raptor mount", "도마뱀", "이구아나", "도롱뇽", "카멜레온", "바실리스크", "게코"))
def build_lizard(look: Look) -> list[Part]:
    """A 3 m lizard (a riding mount's size): a long low body slung between splayed legs, a flat head and a
    tapering tail, no wings (a dragon has those)."""
    belly = look.secondary("leather", "beige")
    parts = _reptile_body(look, body=((0.42, 0.3, 0.95), (0, 0.45, 0)), neck=((0, 0.78, 0.8), (0, 0.9, 1.25), 0.17),
                          head=((0.2, 0.14, 0.36), (0, 0.78, 1.45)),
                          tail=((0, 0.7, -0.85), (0, 0.45, -1.7), 0.16, (0, 0.12, -2.6), 0.07),
                          eyes=(0.13, 1.0, 1.6, 0.035))
    parts.insert(1, Part("belly", shapes.ellipsoid((0.34, 0.16, 0.8), (0, 0.42, 0), subdivisions=1), belly))
    for i, (sx, sz) in enumerate(((-1, 0.55), (1, 0.55), (-1, -0.55), (1, -0.55)), start=1):
        hip = (sx * 0.35, 0.72, sz)
        knee = (sx * 0.75, 0.62, sz + 0.08)
        foot = (sx * 0.8, 0.0, sz + 0.15)
        parts += [Part(f"thigh_{i}", shapes.rod(hip, knee, 0.1, sections=look.thin), look.main),
                  Part(f"shin_{i}", shapes.rod(knee, foot, 0.08, sections=look.thin), look.main)]
    return parts
