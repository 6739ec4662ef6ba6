"""More animals, built like :mod:`tools.scene.kinds.creatures`: ellipsoids and rods, facing +Z."""

from __future__ import annotations

import math

from tools.scene import shapes
from tools.scene.kinds.creatures import _eye, _quadruped
from tools.scene.materials import finish
from tools.scene.parts import Look, Part, object_kind


def _tinted(look: Look, material: str, colour: str) -> object:
    return look.main if look.main.name != material or look.greybox else finish(material, colour)


@object_kind("horse", material="fur", category="creatures",
             words=("pony", "stallion", "mare", "steed", "foal", "말", "조랑말", "망아지", "백마", "군마", "unicorn", "유니콘"))
def build_horse(look: Look) -> list[Part]:
    parts = _quadruped(look, length=2.2, height=1.6, leg_r=0.07, head_r=0.2, ears="pointed")
    mane = look.secondary("fur", "black")
    parts.append(Part("neck", shapes.rod((0, 1.05, 0.85), (0, 1.45, 1.05), 0.17, sections=look.thin), look.main))
    parts.append(Part("mane", shapes.box((0.06, 0.45, 0.3), (0, 1.15, 0.85)), mane))
    return parts


@object_kind("camel", material="fur", category="creatures",
             words=("camels", "dromedary", "bactrian", "낙타", "낙타들", "단봉낙타", "쌍봉낙타"))
def build_camel(look: Look) -> list[Part]:
    """A tall long-legged quadruped with a hump and a long neck curving up to the head."""
    main = _tinted(look, "fur", "beige")
    body = Look(main=main, rng=look.rng, sections=look.sections, subdivisions=look.subdivisions, greybox=look.greybox)
    parts = _quadruped(body, length=2.4, height=2.1, leg_r=0.07, head_r=0.18, ears="pointed")
    parts.append(Part("hump", shapes.ellipsoid((0.35, 0.38, 0.5), (0, 1.35, -0.1), subdivisions=look.subdivisions),
                      main))
    parts.append(Part("neck", shapes.rod((0, 1.2, 0.95), (0, 1.85, 1.25), 0.14, sections=look.thin), main))
    return parts


@object_kind("cow", material="fur", category="creatures", words=("bull", "ox", "cattle", "calf", "소", "황소", "젖소",
                                                                  "송아지"))
def build_cow(look: Look) -> list[Part]:
    main = _tinted(look, "fur", "white")
    parts = _quadruped(Look(main=main, rng=look.rng, sections=look.sections, subdivisions=look.subdivisions,
                            greybox=look.greybox), length=2.0, height=1.4, leg_r=0.08, head_r=0.22, ears="floppy")
    horn = look.secondary("ceramic", "beige")
    for i, sx in enumerate((-1, 1), start=1):
        parts.append(Part(f"horn_{i}", shapes.rod((sx * 0.12, 1.32, 1.0), (sx * 0.28, 1.45, 1.0), 0.03, sections=6), horn))
    parts.append(Part("spot", shapes.ellipsoid((0.25, 0.2, 0.3), (0.12, 0.75, 0.1), subdivisions=1),
                      look.secondary("fur", "black")))
    return parts


@object_kind("pig", material="skin", category="creatures", words=("piglet", "hog", "boar", "돼지", "멧돼지", "새끼돼지"))
def build_pig(look: Look) -> list[Part]:
    main = _tinted(look, "skin", "pink")
    body = Look(main=main, rng=look.rng, sections=look.sections, subdivisions=look.subdivisions, greybox=look.greybox)
    return _quadruped(body, length=1.2, height=0.7, leg_r=0.05, head_r=0.16, ears="pointed")


@object_kind("sheep", material="fabric", category="creatures", words=("lamb", "ram", "goat", "양", "어린양", "염소",
                                                                       "산양"))
def build_sheep(look: Look) -> list[Part]:
    parts = _quadruped(look, length=1.1, height=0.8, leg_r=0.04, head_r=0.12, ears="floppy")
    parts.append(Part("wool", shapes.ellipsoid((0.32, 0.26, 0.5), (0, 0.38, -0.02), subdivisions=look.subdivisions),
                      look.main))
    return parts


@object_kind("rabbit", material="fur", category="creatures", words=("bunny", "hare", "토끼", "산토끼", "바니"))
def build_rabbit(look: Look) -> list[Part]:
    main = _tinted(look, "fur", "white")
    parts = [Part("body", shapes.ellipsoid((0.13, 0.14, 0.18), subdivisions=look.subdivisions), main),
             Part("head", shapes.sphere(0.08, (0, 0.2, 0.14), subdivisions=look.subdivisions), main),
             Part("tail", shapes.sphere(0.04, (0, 0.08, -0.2), subdivisions=1), main),
             _eye(look, "eye_l", (-0.04, 0.3, 0.2), 0.012), _eye(look, "eye_r", (0.04, 0.3, 0.2), 0.012)]
    for i, sx in enumerate((-1, 1), start=1):
        parts.append(Part(f"ear_{i}", shapes.ellipsoid((0.025, 0.1, 0.012), (sx * 0.03, 0.33, 0.12), subdivisions=1), main))
        parts.append(Part(f"foot_{i}", shapes.ellipsoid((0.04, 0.03, 0.09), (sx * 0.08, 0, 0.02), subdivisions=1), main))
    return parts


@object_kind("fox", material="fur", category="creatures", words=("foxes", "여우", "구미호"))
def build_fox(look: Look) -> list[Part]:
    main = _tinted(look, "fur", "orange")
    body = Look(main=main, rng=look.rng, sections=look.sections, subdivisions=look.subdivisions, greybox=look.greybox)
    parts = _quadruped(body, length=0.8, height=0.45, leg_r=0.03, head_r=0.1, ears="pointed")
    parts.append(Part("brush", shapes.ellipsoid((0.07, 0.07, 0.22), (0, 0.22, -0.5), subdivisions=1), main))
    parts.append(Part("tail_tip", shapes.sphere(0.05, (0, 0.24, -0.72), subdivisions=1), look.secondary("fur", "white")))
    return parts


@object_kind("wolf", material="fur", category="creatures", words=("wolves", "werewolf", "늑대", "이리", "늑대인간"))
def build_wolf(look: Look) -> list[Part]:
    main = _tinted(look, "fur", "gray")
    body = Look(main=main, rng=look.rng, sections=look.sections, subdivisions=look.subdivisions, greybox=look.greybox)
    return _quadruped(body, length=1.3, height=0.85, leg_r=0.045, head_r=0.14, ears="pointed")


@object_kind("bear", material="fur", category="creatures", words=("grizzly", "teddy bear", "곰", "불곰", "곰인형",
                                                                   "반달곰", "panda", "polar bear", "판다", "북극곰"))
def build_bear(look: Look) -> list[Part]:
    main = _tinted(look, "fur", "brown")
    body = Look(main=main, rng=look.rng, sections=look.sections, subdivisions=look.subdivisions, greybox=look.greybox)
    return _quadruped(body, length=1.9, height=1.2, leg_r=0.12, head_r=0.22, ears="floppy")


@object_kind("deer", material="fur", category="creatures", words=("stag", "elk", "moose", "reindeer", "사슴",
                                                                   "순록", "꽃사슴"))
def build_deer(look: Look) -> list[Part]:
    parts = _quadruped(look, length=1.6, height=1.3, leg_r=0.04, head_r=0.14, ears="pointed")
    antler = look.secondary("bark")
    for i, sx in enumerate((-1, 1), start=1):
        parts.append(Part(f"antler_{i}", shapes.rod((sx * 0.06, 1.18, 0.78), (sx * 0.3, 1.6, 0.7), 0.025, sections=5),
                          antler))
        parts.append(Part(f"tine_{i}", shapes.rod((sx * 0.18, 1.4, 0.74), (sx * 0.14, 1.62, 0.9), 0.02, sections=5),
                          antler))
    return parts


@object_kind("duck", material="feathers", category="creatures", words=("goose", "swan", "duckling", "오리", "거위",
                                                                        "백조", "고니"))
def build_duck(look: Look) -> list[Part]:
    main = _tinted(look, "feathers", "white")
    bill = look.secondary("ceramic", "orange")
    beak = shapes.ellipsoid((0.03, 0.012, 0.05), (0, 0.3, 0.2), subdivisions=1)
    return [Part("body", shapes.ellipsoid((0.13, 0.1, 0.2), subdivisions=look.subdivisions), main),
            Part("neck", shapes.rod((0, 0.15, 0.12), (0, 0.3, 0.14), 0.04, sections=look.thin), main),
            Part("head", shapes.sphere(0.07, (0, 0.27, 0.14), subdivisions=look.subdivisions), main),
            Part("bill", beak, bill), _eye(look, "eye_l", (-0.05, 0.37, 0.17), 0.01),
            _eye(look, "eye_r", (0.05, 0.37, 0.17), 0.01)]


@object_kind("frog", material="skin", category="creatures", words=("toad", "개구리", "두꺼비", "청개구리"))
def build_frog(look: Look) -> list[Part]:
    main = _tinted(look, "skin", "green")
    parts = [Part("body", shapes.ellipsoid((0.1, 0.06, 0.12), subdivisions=look.subdivisions), main)]
    for i, sx in enumerate((-1, 1), start=1):
        parts.append(Part(f"eye_bump_{i}", shapes.sphere(0.03, (sx * 0.05, 0.09, 0.07), subdivisions=1), main))
        parts.append(_eye(look, f"eye_{i}", (sx * 0.05, 0.145, 0.095), 0.012))
        parts.append(Part(f"leg_{i}", shapes.ellipsoid((0.04, 0.025, 0.09), (sx * 0.1, 0, -0.05), subdivisions=1), main))
    return parts


@object_kind("snake", material="scales", category="creatures", words=("serpent", "cobra", "python", "뱀", "구렁이",
                                                                       "코브라", "이무기"))
def build_snake(look: Look) -> list[Part]:
    main = _tinted(look, "scales", "green")
    parts = []
    points = [(0.5 * math.cos(t), 0.05, 0.5 * math.sin(t) * 0.6) for t in [i * 0.7 for i in range(9)]]
    for i in range(len(points) - 1):
        parts.append(Part(f"segment_{i + 1}", shapes.rod(points[i], points[i + 1], 0.05 - i * 0.003, sections=look.thin),
                          main))
    head = (0.45, 0.25, 0.0)
    parts.append(Part("neck", shapes.rod(points[0], head, 0.045, sections=look.thin), main))
    parts.append(Part("head", shapes.ellipsoid((0.06, 0.04, 0.08), (head[0], head[1] - 0.04, 0.04), subdivisions=1), main))
    return parts


@object_kind("spider", material="fur", category="creatures", words=("tarantula", "giant spider", "거미", "독거미",
                                                                     "타란튤라"))
def build_spider(look: Look) -> list[Part]:
    main = _tinted(look, "fur", "black")
    parts = [Part("abdomen", shapes.ellipsoid((0.2, 0.17, 0.25), (0, 0.2, -0.2), subdivisions=look.subdivisions), main),
             Part("head", shapes.ellipsoid((0.13, 0.1, 0.14), (0, 0.22, 0.15), subdivisions=1), main)]
    red = look.secondary("ceramic", "red")
    parts += [Part("eye_l", shapes.sphere(0.025, (-0.05, 0.36, 0.26), subdivisions=1), red),
              Part("eye_r", shapes.sphere(0.025, (0.05, 0.36, 0.26), subdivisions=1), red)]
    for i in range(4):
        z = 0.2 - i * 0.12
        for sx in (-1, 1):
            knee = (sx * 0.35, 0.45, z + 0.05)
            parts.append(Part(f"leg_{'lr'[sx > 0]}{i + 1}_a", shapes.rod((sx * 0.08, 0.28, 0.1), knee, 0.02, sections=5),
                              main))
            parts.append(Part(f"leg_{'lr'[sx > 0]}{i + 1}_b", shapes.rod(knee, (sx * 0.55, 0.0, z), 0.018, sections=5),
                              main))
    return parts


@object_kind("butterfly", material="petals", category="creatures", words=("moth", "나비", "나방", "호랑나비"))
def build_butterfly(look: Look) -> list[Part]:
    body = look.secondary("fur", "black")
    parts = [Part("body", shapes.ellipsoid((0.008, 0.008, 0.04), (0, 0.0, 0), subdivisions=1), body)]
    for i, sx in enumerate((-1, 1), start=1):
        outline = [(0.0, 0.0), (0.06, 0.02), (0.07, 0.06), (0.02, 0.05)]
        wing = shapes.prism([(sx * x, y) for x, y in (outline if sx > 0 else outline[::-1])], 0.002)
        shapes.turned(wing, 90, axis=(1, 0, 0))
        shapes.turned(wing, sx * -35, axis=(0, 0, 1))  # wings raised, as a resting butterfly holds them
        wing.apply_translation([0, 0.01, 0.02])
        parts.append(Part(f"wing_{i}", wing, look.main))
    return parts


@object_kind("owl", material="feathers", category="creatures", words=("부엉이", "올빼미"))
def build_owl(look: Look) -> list[Part]:
    main = _tinted(look, "feathers", "brown")
    face = look.secondary("feathers", "beige")
    eye = look.secondary("ceramic", "yellow")
    return [Part("body", shapes.ellipsoid((0.12, 0.17, 0.11), subdivisions=look.subdivisions), main),
            Part("head", shapes.sphere(0.1, (0, 0.28, 0), subdivisions=look.subdivisions), main),
            Part("face", shapes.ellipsoid((0.08, 0.07, 0.02), (0, 0.31, 0.08), subdivisions=1), face),
            Part("eye_l", shapes.sphere(0.025, (-0.035, 0.35, 0.095), subdivisions=1), eye),
            Part("eye_r", shapes.sphere(0.025, (0.035, 0.35, 0.095), subdivisions=1), eye),
            Part("ear_l", shapes.cone(0.025, 0.06, (-0.06, 0.46, 0), sections=4), main),
            Part("ear_r", shapes.cone(0.025, 0.06, (0.06, 0.46, 0), sections=4), main)]


@object_kind("turtle", material="skin", category="creatures", words=("tortoise", "sea turtle", "거북이", "거북",
                                                                      "자라"))
def build_turtle(look: Look) -> list[Part]:
    skin = look.secondary("skin", "green")
    shell = _tinted(look, "skin", "brown")
    parts = [Part("shell", shapes.ellipsoid((0.25, 0.12, 0.3), (0, 0.05, 0), subdivisions=look.subdivisions), shell),
             Part("head", shapes.sphere(0.07, (0, 0.06, 0.33), subdivisions=1), skin)]
    for i, (sx, sz) in enumerate(((-1, 1), (1, 1), (-1, -1), (1, -1)), start=1):
        parts.append(Part(f"leg_{i}", shapes.cylinder(0.045, 0.08, (sx * 0.18, 0, sz * 0.2), sections=6), skin))
    return parts


@object_kind("penguin", material="feathers", category="creatures", words=("펭귄",))
def build_penguin(look: Look) -> list[Part]:
    main = _tinted(look, "feathers", "black")
    belly = look.secondary("feathers", "white")
    beak = shapes.turned(shapes.cone(0.02, 0.06, sections=6), 90, axis=(1, 0, 0))
    beak.apply_translation([0, 0.6, 0.1])
    return [Part("body", shapes.ellipsoid((0.15, 0.3, 0.13), subdivisions=look.subdivisions), main),
            Part("belly", shapes.ellipsoid((0.11, 0.24, 0.05), (0, 0.04, 0.09), subdivisions=1), belly),
            Part("head", shapes.sphere(0.1, (0, 0.52, 0), subdivisions=look.subdivisions), main),
            Part("beak", beak, look.secondary("ceramic", "orange")),
            _eye(look, "eye_l", (-0.04, 0.66, 0.08), 0.012), _eye(look, "eye_r", (0.04, 0.66, 0.08), 0.012)]


@object_kind("elephant", material="skin", category="creatures", words=("mammoth", "코끼리", "맘모스", "매머드"))
def build_elephant(look: Look) -> list[Part]:
    main = _tinted(look, "skin", "gray")
    body = Look(main=main, rng=look.rng, sections=look.sections, subdivisions=look.subdivisions, greybox=look.greybox)
    parts = _quadruped(body, length=3.0, height=2.6, leg_r=0.22, head_r=0.45, ears="floppy")
    parts.append(Part("trunk", shapes.rod((0, 1.9, 1.9), (0, 0.6, 2.1), 0.1, sections=look.thin), main))
    tusk = look.secondary("ceramic", "white")
    for i, sx in enumerate((-1, 1), start=1):
        parts.append(Part(f"tusk_{i}", shapes.rod((sx * 0.2, 1.8, 1.8), (sx * 0.25, 1.4, 2.3), 0.04, sections=6), tusk))
    return parts


@object_kind("tiger", material="fur", category="creatures",
             words=("leopard", "panther", "jaguar", "cheetah", "big cat", "호랑이", "표범", "퓨마", "재규어"))
def build_tiger(look: Look) -> list[Part]:
    main = _tinted(look, "fur", "orange")
    body = Look(main=main, rng=look.rng, sections=look.sections, subdivisions=look.subdivisions, greybox=look.greybox)
    parts = _quadruped(body, length=1.9, height=1.0, leg_r=0.07, head_r=0.17, ears="floppy")
    stripe = look.secondary("fur", "black")
    for i in range(3):
        parts.append(Part(f"stripe_{i + 1}", shapes.ellipsoid((0.2, 0.05, 0.04), (0, 0.62, -0.35 + i * 0.3),
                                                              subdivisions=1), stripe))
    return parts


@object_kind("mouse", material="fur", category="creatures",
             words=("rat", "squirrel", "hedgehog", "raccoon", "rodent", "mole", "쥐", "생쥐",
                    "다람쥐", "고슴도치", "너구리"))
def build_mouse(look: Look) -> list[Part]:
    main = _tinted(look, "fur", "gray")
    parts = [Part("body", shapes.ellipsoid((0.07, 0.06, 0.11), subdivisions=look.subdivisions), main),
             Part("head", shapes.ellipsoid((0.045, 0.045, 0.06), (0, 0.03, 0.11), subdivisions=1), main),
             Part("tail", shapes.rod((0, 0.03, -0.1), (0.02, 0.02, -0.25), 0.008, sections=5), main),
             _eye(look, "eye_l", (-0.025, 0.09, 0.15), 0.008), _eye(look, "eye_r", (0.025, 0.09, 0.15), 0.008)]
    for i, sx in enumerate((-1, 1), start=1):
        parts.append(Part(f"ear_{i}", shapes.sphere(0.022, (sx * 0.03, 0.08, 0.09), subdivisions=1), main))
    return parts


@object_kind("hamster", material="fur", category="creatures",
             words=("hamsters", "guinea pig", "gerbil", "햄스터", "기니피그", "저빌", "햄찌"))
def build_hamster(look: Look) -> list[Part]:
    """A 0.26 m hamster sitting up: a round golden body with a white belly and puffed cheeks, small round ears,
    tiny paws held in front and big dark eyes (a mobile-game hamster, not a rat on all fours)."""
    fur = look.main if look.main.name != "fur" or look.greybox else finish("fur", "orange")
    white = look.secondary("fur", "white")
    pink = look.secondary("skin", "pink")
    parts = [Part("body", shapes.ellipsoid((0.1, 0.1, 0.09), (0, 0.0, 0), subdivisions=look.subdivisions), fur),
             Part("belly", shapes.ellipsoid((0.068, 0.07, 0.04), (0, 0.03, 0.05), subdivisions=look.subdivisions),
                  white),
             Part("head", shapes.ellipsoid((0.085, 0.075, 0.075), (0, 0.15, 0.01), subdivisions=look.subdivisions),
                  fur),
             Part("nose", shapes.sphere(0.011, (0, 0.19, 0.08), subdivisions=1), pink)]
    for i, side in enumerate((-1, 1), start=1):
        parts.append(Part(f"cheek_{i}", shapes.ellipsoid((0.035, 0.03, 0.03), (side * 0.055, 0.16, 0.045),
                                                         subdivisions=1), white))
        parts.append(Part(f"ear_{i}", shapes.ellipsoid((0.022, 0.026, 0.01), (side * 0.05, 0.275, 0.0),
                                                       subdivisions=1), pink))
        parts.append(_eye(look, f"eye_{i}", (side * 0.035, 0.225, 0.07), 0.014))
        parts.append(Part(f"paw_{i}", shapes.ellipsoid((0.016, 0.014, 0.016), (side * 0.035, 0.09, 0.085),
                                                       subdivisions=1), pink))
        parts.append(Part(f"foot_{i}", shapes.ellipsoid((0.02, 0.01, 0.03), (side * 0.05, 0.0, 0.06),
                                                        subdivisions=1), pink))
    return parts


@object_kind("lion", material="fur", category="creatures", words=("lioness", "lion cub", "사자", "암사자", "숫사자", "수사자"))
def build_lion(look: Look) -> list[Part]:
    """A 2 m lion: a tawny big cat with a dark mane round its head and a tufted tail."""
    main = _tinted(look, "fur", "beige")
    body = Look(main=main, rng=look.rng, sections=look.sections, subdivisions=look.subdivisions, greybox=look.greybox)
    parts = _quadruped(body, length=1.9, height=1.05, leg_r=0.075, head_r=0.17, ears="floppy")
    mane = look.secondary("fur", "brown")
    parts.append(Part("mane", shapes.ellipsoid((0.3, 0.3, 0.2), (0, 0.6, 0.85), subdivisions=look.subdivisions), mane))
    parts.append(Part("tail_tuft", shapes.sphere(0.05, (0, 0.83, -0.73), subdivisions=1), mane))
    return parts


@object_kind("giraffe", material="fur", category="creatures", words=("giraffes", "기린"))
def build_giraffe(look: Look) -> list[Part]:
    """A 4.5 m giraffe: long legs, a long neck rising forward to a small head with ossicones, dark patches."""
    main = _tinted(look, "fur", "yellow")
    body = Look(main=main, rng=look.rng, sections=look.sections, subdivisions=look.subdivisions, greybox=look.greybox)
    parts = _quadruped(body, length=2.0, height=2.4, leg_r=0.06, head_r=0.15, ears="pointed")
    neck_top = (0.0, 4.2, 1.25)
    parts = [part for part in parts if part.name not in ("head", "snout", "eye_l", "eye_r", "ear_1", "ear_2")]
    parts += [Part("neck", shapes.rod((0, 1.7, 0.75), neck_top, 0.13, sections=look.thin), main),
              Part("head", shapes.ellipsoid((0.13, 0.14, 0.3), (neck_top[0], 4.05, 1.45), subdivisions=look.subdivisions),
                   main),
              _eye(look, "eye_l", (-0.12, 4.28, 1.5), 0.03), _eye(look, "eye_r", (0.12, 4.28, 1.5), 0.03)]
    patch = look.secondary("fur", "brown")
    for i, (x, y, z) in enumerate(((0.2, 1.6, 0.3), (-0.2, 1.7, -0.3), (0.21, 1.55, -0.5), (-0.21, 1.5, 0.4),
                                   (0.0, 2.6, 0.95), (0.0, 3.3, 1.08)), start=1):
        parts.append(Part(f"patch_{i}", shapes.ellipsoid((0.1, 0.1, 0.1), (x, y - 0.1, z), subdivisions=1), patch))
    for i, sx in enumerate((-1, 1), start=1):
        parts.append(Part(f"ossicone_{i}", shapes.cylinder(0.025, 0.15, (sx * 0.06, 4.3, 1.35), sections=6), patch))
    return parts


@object_kind("monkey", material="fur", category="creatures",
             words=("ape", "chimp", "chimpanzee", "gorilla", "orangutan", "baboon", "원숭이", "고릴라", "침팬지", "오랑우탄", "유인원"))
def build_monkey(look: Look) -> list[Part]:
    """A 0.7 m monkey sitting up: a round body, long arms resting on the ground, a pale face, a curling tail."""
    main = _tinted(look, "fur", "brown")
    face = look.secondary("skin", "beige")
    parts = [Part("body", shapes.ellipsoid((0.17, 0.22, 0.14), (0, 0.08, 0), subdivisions=look.subdivisions), main),
             Part("head", shapes.sphere(0.12, (0, 0.48, 0.02), subdivisions=look.subdivisions), main),
             Part("face", shapes.ellipsoid((0.085, 0.08, 0.04), (0, 0.5, 0.1), subdivisions=1), face),
             _eye(look, "eye_l", (-0.035, 0.62, 0.13), 0.014), _eye(look, "eye_r", (0.035, 0.62, 0.13), 0.014),
             Part("tail", shapes.rod((0, 0.12, -0.12), (0.1, 0.35, -0.3), 0.02, sections=6), main)]
    for i, sx in enumerate((-1, 1), start=1):
        parts += [Part(f"ear_{i}", shapes.sphere(0.035, (sx * 0.12, 0.55, 0.0), subdivisions=1), face),
                  Part(f"arm_{i}", shapes.rod((sx * 0.15, 0.38, 0.02), (sx * 0.2, 0.02, 0.15), 0.035,
                                              sections=look.thin), main),
                  Part(f"leg_{i}", shapes.ellipsoid((0.06, 0.05, 0.12), (sx * 0.1, 0.0, 0.12), subdivisions=1), main)]
    return parts


@object_kind("bee", material="fur", category="creatures",
             words=("bumblebee", "honeybee", "wasp", "hornet", "벌", "꿀벌", "호박벌", "말벌", "땅벌"))
def build_bee(look: Look) -> list[Part]:
    """A bee at a toy's size (12 cm, so it reads in a scene): a striped yellow-and-black body and clear wings."""
    yellow = _tinted(look, "fur", "yellow")
    black = look.secondary("fur", "black")
    wing = look.secondary("glass")
    parts = [Part("abdomen", shapes.ellipsoid((0.035, 0.035, 0.05), (0, 0.02, -0.03), subdivisions=look.subdivisions),
                  yellow),
             Part("thorax", shapes.sphere(0.03, (0, 0.03, 0.03), subdivisions=1), black),
             Part("head", shapes.sphere(0.022, (0, 0.04, 0.07), subdivisions=1), black),
             Part("stinger", shapes.turned(shapes.cone(0.008, 0.025, sections=6), -90, axis=(1, 0, 0)), black)]
    shapes.moved(parts[-1].mesh, (0, 0.055, -0.08))
    for i, z in enumerate((-0.045, -0.01), start=1):
        parts.append(Part(f"stripe_{i}", shapes.ellipsoid((0.037, 0.037, 0.008), (0, 0.018, z), subdivisions=1), black))
    for i, sx in enumerate((-1, 1), start=1):
        parts.append(Part(f"wing_{i}", shapes.ellipsoid((0.04, 0.004, 0.022), (sx * 0.04, 0.07, 0.01), subdivisions=1),
                          wing))
        parts.append(Part(f"antenna_{i}", shapes.rod((sx * 0.008, 0.07, 0.08), (sx * 0.02, 0.1, 0.1), 0.002,
                                                     sections=4), black))
    return parts


@object_kind("snail", material="skin", category="creatures", words=("slug", "달팽이", "민달팽이"))
def build_snail(look: Look) -> list[Part]:
    """A 15 cm snail: a soft foot with eye stalks and a spiral shell (three shrinking whorls) on its back."""
    import trimesh

    skin = look.secondary("skin", "beige")
    shell = _tinted(look, "skin", "brown")
    parts = [Part("foot", shapes.ellipsoid((0.03, 0.02, 0.08), (0, 0.0, 0.01), subdivisions=look.subdivisions), skin)]
    for i, (radius, y, z) in enumerate(((0.045, 0.055, -0.01), (0.03, 0.075, 0.005), (0.017, 0.088, 0.014)), start=1):
        whorl = trimesh.creation.torus(major_radius=radius, minor_radius=radius * 0.45, major_sections=16,
                                       minor_sections=8)
        shapes.turned(whorl, 90, axis=(0, 1, 0))
        parts.append(Part(f"whorl_{i}", shapes.moved(whorl, (0, y, z)), shell))
    for i, sx in enumerate((-1, 1), start=1):
        parts.append(Part(f"stalk_{i}", shapes.rod((sx * 0.01, 0.03, 0.07), (sx * 0.02, 0.075, 0.09), 0.004,
                                                   sections=5), skin))
        parts.append(_eye(look, f"eye_{i}", (sx * 0.02, 0.083, 0.09), 0.006))
    return parts
