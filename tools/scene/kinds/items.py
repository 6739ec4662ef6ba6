"""Small things people carry, eat, play and keep: tableware, food, treasure, instruments, tools."""

from __future__ import annotations

import math
from dataclasses import replace

from tools.scene import shapes
from tools.scene.materials import finish, glowing
from tools.scene.parts import Look, Part, object_kind


@object_kind("mug", material="ceramic", category="props",
             words=("cup", "tankard", "beer mug", "tea cup", "teacup", "goblet", "coffee", "cup of coffee", "coffee cup", "coffee mug",
                    "latte", "커피", "커피잔", "커피 한 잔", "맥주", "머그", "머그컵", "머그잔", "컵", "잔", "맥주잔",
                    "찻잔", "술잔"))
def build_mug(look: Look) -> list[Part]:
    handle = shapes.ring(0.035, 0.05, 0.015, sections=max(8, look.thin))
    shapes.turned(handle, 90, axis=(1, 0, 0))
    shapes.turned(handle, 90, axis=(0, 1, 0))
    handle.apply_translation([0.055, 0.06, 0])
    return [Part("body", shapes.lathe([(0.0, 0.0), (0.045, 0.0), (0.048, 0.12), (0.042, 0.12), (0.04, 0.01),
                                       (0.0, 0.01)], sections=look.sections), look.main),
            Part("handle", handle, look.main)]


@object_kind("plate", material="ceramic", category="props", words=("dish", "platter", "접시", "그릇접시", "쟁반"))
def build_plate(look: Look) -> list[Part]:
    return [Part("plate", shapes.lathe([(0.0, 0.0), (0.09, 0.0), (0.13, 0.02), (0.14, 0.025), (0.12, 0.022),
                                        (0.08, 0.008), (0.0, 0.008)], sections=look.sections), look.main)]


@object_kind("bowl", material="ceramic", category="props", words=("soup bowl", "그릇", "사발", "대접", "공기"))
def build_bowl(look: Look) -> list[Part]:
    return [Part("bowl", shapes.lathe([(0.0, 0.0), (0.05, 0.0), (0.1, 0.05), (0.12, 0.09), (0.11, 0.09),
                                       (0.09, 0.05), (0.04, 0.012), (0.0, 0.012)], sections=look.sections), look.main)]


@object_kind("teapot", material="ceramic", category="props",
             words=("kettle", "tea pot", "주전자", "찻주전자", "티팟", "주전자를"))
def build_teapot(look: Look) -> list[Part]:
    body = shapes.lathe([(0.0, 0.0), (0.07, 0.0), (0.1, 0.05), (0.09, 0.11), (0.05, 0.14), (0.0, 0.14)],
                        sections=look.sections)
    spout = shapes.rod((0.08, 0.05, 0), (0.16, 0.13, 0), 0.014, sections=look.thin)
    handle = shapes.ring(0.035, 0.05, 0.015, sections=max(8, look.thin))
    shapes.turned(handle, 90, axis=(1, 0, 0))
    handle.apply_translation([-0.1, 0.08, 0])
    return [Part("body", body, look.main), Part("spout", spout, look.main), Part("handle", handle, look.main),
            Part("lid_knob", shapes.sphere(0.015, (0, 0.14, 0), subdivisions=1), look.main)]


@object_kind("lantern", material="dark_metal", category="props",
             words=("oil lamp", "hand lantern", "랜턴", "등불", "초롱", "등롱", "호롱불", "등잔"))
def build_lantern(look: Look) -> list[Part]:
    light = glowing(finish("glass", "yellow"), 1.5) if not look.greybox else look.main
    return [
        Part("base", shapes.box((0.16, 0.03, 0.16)), look.main),
        Part("glass", shapes.box((0.12, 0.18, 0.12), (0, 0.03, 0)), light),
        Part("cap", shapes.tapered_box((0.17, 0.17), (0.04, 0.04), 0.08, (0, 0.21, 0)), look.main),
        Part("ring", shapes.ring(0.03, 0.04, 0.01, (0, 0.3, 0), sections=8), look.main),
    ] + [Part(f"post_{i + 1}", shapes.box((0.015, 0.18, 0.015), (sx * 0.065, 0.03, sz * 0.065)), look.main)
         for i, (sx, sz) in enumerate(((-1, -1), (1, -1), (1, 1), (-1, 1)))]


@object_kind("torch", material="wood", category="props",
             words=("wall torch", "flaming torch", "torchlight", "횃불", "햇불", "토치"))
def build_torch(look: Look) -> list[Part]:
    """A torch in a floor bracket (1.6 m), flame on top."""
    iron = look.secondary("dark_metal")
    fire = glowing(look.secondary("flame"), 2.5)
    return [
        Part("stand", shapes.cylinder(0.12, 0.04, sections=look.thin), iron),
        Part("pole", shapes.cylinder(0.02, 1.3, (0, 0.04, 0), sections=look.thin), iron),
        Part("cup", shapes.frustum(0.03, 0.06, 0.1, (0, 1.34, 0), sections=look.thin), iron),
        Part("stick", shapes.cylinder(0.035, 0.15, (0, 1.38, 0), sections=look.thin), look.main),
        Part("flame", shapes.cone(0.09, 0.34, (0, 1.5, 0), sections=look.thin), fire),  # big enough to read afar
    ]


@object_kind("apple", material="plastic", category="props",
             words=("fruit", "apples", "사과", "과일", "열매"))
def build_apple(look: Look) -> list[Part]:
    main = look.main if look.main.name != "plastic" or look.greybox else finish("plastic", "red")
    return [Part("fruit", shapes.sphere(0.04, subdivisions=look.subdivisions), main),
            Part("stem", shapes.cylinder(0.004, 0.02, (0, 0.075, 0), sections=5), look.secondary("bark")),
            Part("leaf", shapes.ellipsoid((0.015, 0.004, 0.008), (0.012, 0.085, 0), subdivisions=1),
                 look.secondary("leaves"))]


@object_kind("bread", material="cardboard", category="props", words=("loaf", "baguette", "빵", "식빵", "바게트"))
def build_bread(look: Look) -> list[Part]:
    return [Part("loaf", shapes.ellipsoid((0.08, 0.05, 0.16), subdivisions=look.subdivisions), look.main)]


@object_kind("cake", material="fabric", category="props",
             words=("birthday cake", "cupcake", "pie", "케이크", "생일케이크", "파이"))
def build_cake(look: Look) -> list[Part]:
    icing = look.secondary("ceramic", "white")
    cream = look.secondary("ceramic", "pink")
    parts = [Part("tier_1", shapes.cylinder(0.15, 0.1, sections=look.sections), look.main),
             Part("icing_1", shapes.cylinder(0.152, 0.015, (0, 0.1, 0), sections=look.sections), icing),
             Part("tier_2", shapes.cylinder(0.1, 0.08, (0, 0.115, 0), sections=look.sections), cream)]
    wax = look.secondary("ceramic", "yellow")
    for i in range(3):
        a = 2 * math.pi * i / 3
        parts.append(Part(f"candle_{i + 1}", shapes.cylinder(0.006, 0.05, (0.05 * math.cos(a), 0.195, 0.05 * math.sin(a)),
                                                             sections=5), wax))
    return parts


@object_kind("pumpkin", material="plastic", category="vegetation",
             words=("jack-o-lantern", "jack o lantern", "gourd", "squash", "호박", "늙은호박"))
def build_pumpkin(look: Look) -> list[Part]:
    main = look.main if look.main.name != "plastic" or look.greybox else finish("plastic", "orange")
    parts = []
    for i in range(6):
        a = 2 * math.pi * i / 6
        parts.append(Part(f"lobe_{i + 1}", shapes.ellipsoid((0.1, 0.13, 0.1), (0.07 * math.cos(a), 0, 0.07 * math.sin(a)),
                                                            subdivisions=max(1, look.subdivisions - 1)), main))
    parts.append(Part("stem", shapes.cylinder(0.02, 0.07, (0, 0.25, 0), sections=6), look.secondary("bark")))
    return parts


@object_kind("crystal", material="glass", category="props",
             words=("gem", "gemstone", "jewel", "diamond", "crystals", "mana crystal", "수정", "보석", "크리스탈",
                    "다이아몬드", "마나석"))
def build_crystal(look: Look) -> list[Part]:
    # glowing whatever its colour: clear glass over grass reads as a white smudge, not a blue mana crystal
    main = look.main if look.greybox else glowing(finish("glass", "purple") if look.main.name == "glass" else look.main, 0.6)
    parts = []
    for i, (x, z, h, tilt) in enumerate(((0, 0, 0.8, 0), (0.2, 0.05, 0.5, 20), (-0.18, 0.08, 0.45, -22),
                                         (0.05, -0.18, 0.4, 15))):
        shard = shapes.cylinder(0.09 * h, h * 0.7, sections=6)
        tip = shapes.cone(0.09 * h, h * 0.3, (0, h * 0.7, 0), sections=6)
        for mesh in (shard, tip):
            shapes.turned(mesh, tilt, axis=(0, 0, 1))
            mesh.apply_translation([x, 0, z])
        parts += [Part(f"shard_{i + 1}", shard, main), Part(f"tip_{i + 1}", tip, main)]
    parts.append(Part("rock", shapes.ellipsoid((0.3, 0.08, 0.3), subdivisions=1), look.secondary("stone")))
    return parts


@object_kind("coin", material="gold", category="props",
             words=("gold coin", "silver coin", "single coin", "token", "동전", "금화", "은화", "코인", "동전 하나", "금화 하나"))
def build_coin(look: Look) -> list[Part]:
    """One 0.3 m coin standing on its edge, face to +Z (an icon shows its face): a thick disc, a raised rim and
    a raised boss with a square mark in the middle."""
    disc = shapes.turned(shapes.cylinder(0.15, 0.03, (0, 0.15, -0.015), sections=max(16, look.sections)), 90,
                         axis=(1, 0, 0), point=(0, 0.15, 0))
    rim = shapes.turned(shapes.ring(0.125, 0.15, 0.045, (0, 0.15, 0), sections=max(16, look.sections)), 90,
                        axis=(1, 0, 0), point=(0, 0.15, 0))
    boss = shapes.turned(shapes.cylinder(0.07, 0.042, (0, 0.15, -0.021), sections=max(12, look.sections)), 90,
                         axis=(1, 0, 0), point=(0, 0.15, 0))
    mark = shapes.box((0.05, 0.05, 0.05), (0, 0.125, 0))
    return [Part("face", disc, look.main), Part("rim", rim, look.main), Part("emblem", boss, look.main),
            Part("mark", mark, look.secondary("gold", "orange") if look.main.name.startswith("gold") else look.main)]


@object_kind("coin_pile", material="gold", category="props",
             words=("coins", "gold coins", "pile of coins", "treasure", "pile of gold", "hoard", "동전 더미", "금화 더미",
                    "보물", "금은보화", "동전들", "금화들"))
def build_coin_pile(look: Look) -> list[Part]:
    """A small heap of coins."""
    parts = [Part("heap", shapes.lathe([(0, 0), (0.2, 0), (0.12, 0.06), (0, 0.09)], sections=look.sections), look.main)]
    for i in range(5):
        a = 2 * math.pi * i / 5
        parts.append(Part(f"coin_{i + 1}", shapes.cylinder(0.03, 0.006, (0.24 * math.cos(a), 0, 0.24 * math.sin(a)),
                                                           sections=look.thin), look.main))
    return parts


@object_kind("key", material="gold", category="props", words=("door key", "skeleton key", "열쇠", "키", "황금열쇠"))
def build_key(look: Look) -> list[Part]:
    """A big old key standing on its bit, 20 cm long."""
    bow = shapes.turned(shapes.ring(0.03, 0.05, 0.015, sections=max(8, look.thin)), 90, axis=(1, 0, 0))
    bow.apply_translation([0, 0.17, 0])
    shaft = shapes.box((0.016, 0.14, 0.016), (0, 0.03, 0))
    bit = shapes.box((0.016, 0.04, 0.045), (0, 0.0, 0.02))
    return [Part("bow", bow, look.main), Part("shaft", shaft, look.main), Part("bit", bit, look.main)]


@object_kind("crown", material="gold", category="props", words=("tiara", "diadem", "왕관", "면류관", "티아라"))
def build_crown(look: Look) -> list[Part]:
    gem = look.secondary("glass", "red")
    parts = [Part("band", shapes.ring(0.085, 0.1, 0.05, sections=look.sections), look.main)]
    for i in range(5):
        a = 2 * math.pi * i / 5
        x, z = 0.092 * math.cos(a), 0.092 * math.sin(a)
        parts.append(Part(f"point_{i + 1}", shapes.cone(0.025, 0.07, (x, 0.05, z), sections=4), look.main))
        parts.append(Part(f"gem_{i + 1}", shapes.sphere(0.012, (x * 1.06, 0.018, z * 1.06), subdivisions=1), gem))
    return parts


@object_kind("helmet", material="metal", category="props",
             words=("knight helmet", "helm", "투구", "헬멧", "철모"))
def build_helmet(look: Look) -> list[Part]:
    dome = shapes.lathe([(0.0, 0.0), (0.13, 0.0), (0.135, 0.12), (0.11, 0.22), (0.06, 0.27), (0.0, 0.28)],
                        sections=look.sections)
    slit = shapes.box((0.16, 0.015, 0.02), (0, 0.13, 0.125))
    plume = shapes.ellipsoid((0.02, 0.08, 0.12), (0, 0.26, -0.02), subdivisions=1)
    return [Part("dome", dome, look.main), Part("visor_slit", slit, look.secondary("dark_metal")),
            Part("plume", plume, look.secondary("fabric", "red"))]


@object_kind("guitar", material="wood", category="props",
             words=("acoustic guitar", "electric guitar", "lute", "기타", "통기타", "전자기타", "류트", "banjo", "ukulele", "violin", "밴조", "우쿨렐레", "바이올린"))
def build_guitar(look: Look) -> list[Part]:
    """Standing upright on its body's bottom, top of the head at 1 m."""
    dark = look.secondary("wood", "brown")
    body_low = shapes.turned(shapes.ellipsoid((0.19, 0.2, 0.05), subdivisions=look.subdivisions), 0)
    body_high = shapes.ellipsoid((0.15, 0.14, 0.05), (0, 0.3, 0), subdivisions=look.subdivisions)
    hole = shapes.turned(shapes.cylinder(0.045, 0.01, sections=look.thin), 90, axis=(1, 0, 0))
    hole.apply_translation([0, 0.32, 0.05])
    return [Part("body_lower", body_low, look.main), Part("body_upper", body_high, look.main),
            Part("sound_hole", hole, look.secondary("plastic", "black")),
            Part("neck", shapes.box((0.05, 0.45, 0.03), (0, 0.5, 0)), dark),
            Part("head", shapes.box((0.08, 0.12, 0.03), (0, 0.95, 0)), dark)]


@object_kind("drum", material="wood", category="props",
             words=("drums", "war drum", "drum kit", "북", "드럼", "장구"))
def build_drum(look: Look) -> list[Part]:
    skin = look.secondary("fabric", "beige")
    rim = look.secondary("metal")
    return [Part("shell", shapes.cylinder(0.3, 0.45, sections=look.sections), look.main),
            Part("skin", shapes.cylinder(0.305, 0.01, (0, 0.45, 0), sections=look.sections), skin),
            Part("rim_top", shapes.ring(0.3, 0.32, 0.03, (0, 0.43, 0), sections=look.sections), rim),
            Part("rim_bottom", shapes.ring(0.3, 0.32, 0.03, (0, 0.0, 0), sections=look.sections), rim)]


@object_kind("umbrella", material="fabric", category="props",
             words=("parasol", "beach umbrella", "우산", "양산", "파라솔"))
def build_umbrella(look: Look) -> list[Part]:
    pole = look.secondary("metal")
    return [Part("base", shapes.cylinder(0.2, 0.05, sections=look.thin), pole),
            Part("pole", shapes.cylinder(0.02, 2.0, (0, 0.05, 0), sections=look.thin), pole),
            Part("canopy", shapes.cone(1.0, 0.4, (0, 1.7, 0), sections=max(8, look.sections // 2)), look.main)]


@object_kind("backpack", material="fabric", category="props",
             words=("bag", "rucksack", "satchel", "knapsack", "배낭", "가방", "책가방", "륙색"))
def build_backpack(look: Look) -> list[Part]:
    strap = look.secondary("leather")
    return [Part("body", shapes.box((0.32, 0.45, 0.18)), look.main),
            Part("flap", shapes.box((0.33, 0.15, 0.2), (0, 0.33, 0.005)), look.main),
            Part("pocket", shapes.box((0.24, 0.15, 0.06), (0, 0.06, 0.11)), look.main),
            Part("strap_l", shapes.box((0.04, 0.4, 0.02), (-0.09, 0.03, -0.1)), strap),
            Part("strap_r", shapes.box((0.04, 0.4, 0.02), (0.09, 0.03, -0.1)), strap)]


@object_kind("globe", material="plastic", category="props", words=("world globe", "지구본", "지구의"))
def build_globe(look: Look) -> list[Part]:
    sea = look.main if look.main.name != "plastic" or look.greybox else finish("plastic", "blue")
    stand = look.secondary("wood")
    land = look.secondary("plastic", "green")
    return [Part("stand", shapes.cylinder(0.1, 0.03, sections=look.thin), stand),
            Part("post", shapes.cylinder(0.015, 0.12, (0, 0.03, 0), sections=6), stand),
            Part("sphere", shapes.sphere(0.15, (0, 0.12, 0), subdivisions=look.subdivisions), sea),
            Part("land_1", shapes.ellipsoid((0.06, 0.07, 0.03), (0.04, 0.2, 0.12), subdivisions=1), land),
            Part("land_2", shapes.ellipsoid((0.05, 0.05, 0.03), (-0.08, 0.18, 0.1), subdivisions=1), land)]


@object_kind("trophy", material="gold", category="props", words=("cup trophy", "award", "트로피", "우승컵"))
def build_trophy(look: Look) -> list[Part]:
    return [Part("plinth", shapes.box((0.16, 0.08, 0.16)), look.secondary("wood")),
            Part("cup", shapes.lathe([(0.0, 0.08), (0.05, 0.08), (0.015, 0.12), (0.015, 0.2), (0.08, 0.26),
                                      (0.09, 0.36), (0.0, 0.33)], sections=look.sections), look.main)]


@object_kind("anvil", material="dark_metal", category="props", words=("blacksmith anvil", "모루", "대장간모루"))
def build_anvil(look: Look) -> list[Part]:
    return [Part("stump", shapes.cylinder(0.25, 0.45, sections=look.thin), look.secondary("bark")),
            Part("foot", shapes.tapered_box((0.3, 0.2), (0.14, 0.1), 0.12, (0, 0.45, 0)), look.main),
            Part("face", shapes.box((0.45, 0.1, 0.14), (0, 0.57, 0)), look.main),
            Part("horn", shapes.moved(shapes.turned(shapes.cone(0.05, 0.22, sections=8), -90, axis=(0, 0, 1)),
                                      (0.22, 0.62, 0)), look.main)]


@object_kind("cauldron", material="dark_metal", category="containers",
             words=("witch cauldron", "pot of soup", "kettle pot", "가마솥", "솥", "마녀솥", "냄비"))
def build_cauldron(look: Look) -> list[Part]:
    brew = glowing(finish("glass", "green"), 0.8) if not look.greybox else look.main
    body = shapes.lathe([(0.0, 0.06), (0.2, 0.06), (0.3, 0.2), (0.29, 0.38), (0.25, 0.45), (0.0, 0.45)],
                        sections=look.sections)
    parts = [Part("body", body, look.main), Part("brew", shapes.cylinder(0.25, 0.01, (0, 0.45, 0), sections=look.sections),
                                                  brew),
             Part("rim", shapes.ring(0.24, 0.28, 0.03, (0, 0.44, 0), sections=look.sections), look.main)]
    for i in range(3):
        a = 2 * math.pi * i / 3
        parts.append(Part(f"leg_{i + 1}", shapes.cylinder(0.03, 0.1, (0.18 * math.cos(a), 0, 0.18 * math.sin(a)),
                                                          sections=6), look.main))
    return parts


@object_kind("skull", material="ceramic", category="props", words=("bones", "해골", "두개골", "뼈"))
def build_skull(look: Look) -> list[Part]:
    dark = look.secondary("plastic", "black")
    return [Part("cranium", shapes.ellipsoid((0.08, 0.08, 0.1), (0, 0.03, 0), subdivisions=look.subdivisions), look.main),
            Part("jaw", shapes.box((0.09, 0.04, 0.07), (0, 0.0, 0.04)), look.main),
            Part("eye_l", shapes.sphere(0.018, (-0.03, 0.1, 0.085), subdivisions=1), dark),
            Part("eye_r", shapes.sphere(0.018, (0.03, 0.1, 0.085), subdivisions=1), dark)]


@object_kind("staff", material="wood", category="weapons",
             words=("magic staff", "wand", "wizard staff", "rod", "지팡이", "마법봉", "스태프", "완드", "마법지팡이"))
def build_staff(look: Look) -> list[Part]:
    orb = glowing(finish("glass", "cyan"), 1.0) if not look.greybox else look.main
    return [Part("shaft", shapes.cylinder(0.02, 1.6, sections=look.thin), look.main),
            Part("claw", shapes.frustum(0.02, 0.05, 0.08, (0, 1.6, 0), sections=6), look.main),
            Part("orb", shapes.sphere(0.06, (0, 1.66, 0), subdivisions=look.subdivisions), orb)]


@object_kind("armor", material="metal", category="props",
             words=("armour", "suit of armor", "suit of armour", "armor stand", "plate armor", "갑옷", "판금갑옷"))
def build_armor(look: Look) -> list[Part]:
    """Plate armour on a wooden stand, 1.8 m."""
    wood = look.secondary("wood")
    parts = [Part("base", shapes.box((0.5, 0.05, 0.4)), wood),
             Part("post", shapes.cylinder(0.025, 0.9, (0, 0.05, 0), sections=6), wood),
             Part("cuirass", shapes.ellipsoid((0.2, 0.28, 0.13), (0, 0.9, 0), subdivisions=look.subdivisions), look.main),
             Part("fauld", shapes.frustum(0.2, 0.17, 0.2, (0, 0.75, 0), sections=look.sections), look.main),
             Part("helm", shapes.lathe([(0, 0), (0.12, 0), (0.12, 0.18), (0.07, 0.26), (0, 0.27)],
                                       (0, 1.5, 0), sections=look.sections), look.main)]
    for i, sx in enumerate((-1, 1), start=1):
        parts.append(Part(f"pauldron_{i}", shapes.sphere(0.09, (sx * 0.23, 1.3, 0), subdivisions=1), look.main))
    return parts


@object_kind("chess_piece", material="ceramic", category="props",
             words=("chess pawn", "pawn", "chess pieces", "chess set", "chess", "체스 말", "체스말", "폰",
                    "체스"))
def build_chess_piece(look: Look) -> list[Part]:
    return [Part("piece", shapes.lathe([(0.0, 0.0), (0.06, 0.0), (0.06, 0.015), (0.04, 0.03), (0.025, 0.09),
                                        (0.04, 0.1), (0.02, 0.11), (0.035, 0.14), (0.02, 0.17), (0.0, 0.175)],
                                       sections=look.sections), look.main)]


@object_kind("potion", material="glass", category="props",
             words=("elixir", "health potion", "mana potion", "potion bottle", "vial", "tonic", "물약", "포션",
                    "마나 포션", "체력 물약", "비약", "영약"))
def build_potion(look: Look) -> list[Part]:
    """A round-bottomed flask of glowing liquid; the liquid takes the asked colour (red when none)."""
    plain = finish("glass")
    if look.greybox:
        liquid = look.main
    elif look.main.base_color == plain.base_color:
        liquid = glowing(finish("plastic", "red"), 0.5)
    else:
        r, g, b, _ = look.main.base_color
        liquid = glowing(replace(look.main, base_color=(r, g, b, 1.0), metallic=0.0, roughness=0.2), 0.5)
    bulb = shapes.lathe([(0.0, 0.0), (0.05, 0.005), (0.085, 0.05), (0.09, 0.09), (0.07, 0.15), (0.03, 0.18),
                         (0.0, 0.18)], sections=look.sections)
    neck = shapes.lathe([(0.0, 0.0), (0.03, 0.0), (0.028, 0.09), (0.034, 0.1), (0.0, 0.1)], (0, 0.17, 0),
                        sections=look.sections)
    # the bulb shows the liquid itself; the neck is pale glazed glass (clear glass would vanish in a render)
    return [Part("liquid", bulb, liquid), Part("neck", neck, look.secondary("ceramic", "white")),
            Part("cork", shapes.cylinder(0.026, 0.035, (0, 0.265, 0), sections=look.thin), look.secondary("wood"))]


@object_kind("flag", material="fabric", category="props",
             words=("banner flag", "war banner", "standard", "pennant", "battle flag", "깃발", "군기", "깃대"))
def build_flag(look: Look) -> list[Part]:
    """A cloth flag on a tall pole; the cloth takes the asked colour (red when none)."""
    cloth = look.main if look.main.base_color != finish("fabric").base_color or look.greybox \
        else look.secondary("fabric", "red")
    outline = [(0.0, -0.6), (0.92, -0.56), (0.92, 0.02), (0.0, 0.0)]
    sheet = shapes.prism(outline, 0.02, (0.03, 2.4, 0.0))
    return [Part("cloth", sheet, cloth),
            Part("pole", shapes.cylinder(0.025, 2.5, sections=look.thin), look.secondary("wood")),
            Part("finial", shapes.sphere(0.05, (0, 2.5, 0), subdivisions=1), look.secondary("gold"))]


@object_kind("dome", material="plastic", category="buildings",
             words=("habitat dome", "habitat", "biodome", "geodesic dome", "igloo", "돔", "거주 돔", "이글루"))
def build_dome(look: Look) -> list[Part]:
    """A habitat dome (4 m across) on a low ring, with a door and a glowing window band."""
    shell = shapes.lathe([(0.0, 1.85), (0.8, 1.75), (1.45, 1.4), (1.85, 0.8), (2.0, 0.0), (0.0, 0.0)], (0, 0.35, 0),
                         sections=look.sections * 2)
    window = glowing(finish("glass", "cyan"), 0.6) if not look.greybox else look.main
    return [Part("shell", shell, look.main),
            Part("ring", shapes.cylinder(2.05, 0.35, sections=look.sections * 2), look.secondary("metal")),
            Part("door", shapes.box((0.8, 1.4, 0.3), (0, 0.35, 1.85)), look.secondary("dark_metal")),
            Part("windows", shapes.ring(1.9, 1.93, 0.18, (0, 1.0, 0), sections=look.sections * 2), window)]


@object_kind("hat", material="canvas", category="props",
             words=("straw hat", "sun hat", "sunhat", "cowboy hat", "farmer hat", "farmer's hat", "bucket hat", "fedora",
                    "bowler hat", "top hat", "hats", "모자", "밀짚모자", "밀짚 모자", "카우보이모자", "카우보이 모자", "중절모",
                    "챙모자", "실크햇"))
def build_hat(look: Look) -> list[Part]:
    """A 0.36 m wide straw hat: a flat round brim, a rounded crown and a band round it."""
    band = look.secondary("fabric", "red")
    return [Part("brim", shapes.cylinder(0.18, 0.012, sections=look.sections), look.main),
            Part("crown", shapes.lathe([(0, 0), (0.1, 0.0), (0.1, 0.07), (0.085, 0.1), (0, 0.11)], (0, 0.012, 0),
                                       sections=look.sections), look.main),
            Part("band", shapes.cylinder(0.102, 0.025, (0, 0.015, 0), sections=look.sections), band)]


@object_kind("carrot", material="plastic", category="props", words=("carrots", "당근", "홍당무", "당근들"))
def build_carrot(look: Look) -> list[Part]:
    """A 0.2 m carrot standing point down: an orange taper with a tuft of green leaves at the top."""
    body = look.main if look.main.name != "plastic" or look.greybox else finish("plastic", "orange")
    leaves = look.secondary("leaves")
    parts = [Part("root", shapes.cone(0.035, 0.2, sections=look.thin), body)]
    shapes.turned(parts[0].mesh, 180, axis=(1, 0, 0), point=(0, 0.1, 0))
    for i, lean in enumerate((-18, 0, 18), start=1):
        leaf = shapes.cone(0.018, 0.1, (0, 0.2, 0), sections=6)
        shapes.turned(leaf, lean, axis=(0, 0, 1), point=(0, 0.2, 0))
        parts.append(Part(f"leaf_{i}", leaf, leaves))
    return parts
