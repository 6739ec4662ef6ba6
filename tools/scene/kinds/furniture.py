"""Furniture: tables, seats, beds, storage, lamps. Real-world sizes in metres, fronts facing +Z."""

from __future__ import annotations

from tools.scene import shapes
from tools.scene.materials import finish, glowing
from tools.scene.parts import Look, Part, object_kind

CORNERS = ((-1, -1), (1, -1), (1, 1), (-1, 1))


def _legs(look: Look, width: float, depth: float, height: float, leg: float, *, round_legs: bool = False) -> list[Part]:
    x, z = width / 2 - leg / 2, depth / 2 - leg / 2
    parts = []
    for i, (sx, sz) in enumerate(CORNERS, start=1):
        if round_legs:
            mesh = shapes.cylinder(leg / 2, height, (sx * x, 0, sz * z), sections=look.thin)
        else:
            mesh = shapes.box((leg, height, leg), (sx * x, 0, sz * z))
        parts.append(Part(f"leg_{i}", mesh, look.main))
    return parts


@object_kind("table", material="wood", category="furniture",
             words=("desk", "dining table", "탁자", "테이블", "책상", "식탁"))
def build_table(look: Look) -> list[Part]:
    width, depth, height, top, leg = 1.2, 0.75, 0.75, 0.04, 0.06
    parts = [Part("table_top", shapes.box((width, top, depth), (0, height - top, 0)), look.main)]
    x, z = width / 2 - leg, depth / 2 - leg
    for i, (sx, sz) in enumerate(CORNERS, start=1):
        parts.append(Part(f"leg_{i}", shapes.box((leg, height - top, leg), (sx * x, 0, sz * z)), look.main))
    return parts


@object_kind("round_table", material="wood", category="furniture",
             words=("round table", "circular table", "round dining table", "원탁", "원형 테이블", "원형 탁자"))
def build_round_table(look: Look) -> list[Part]:
    """A round top on a pedestal, the kind a "round table" or a shape word before "table" picks."""
    radius, height, top = 0.6, 0.75, 0.04
    return [Part("table_top", shapes.cylinder(radius, top, (0, height - top, 0), sections=max(look.sections, 24)),
                 look.main),
            Part("pedestal", shapes.cylinder(0.06, height - top, (0, 0, 0), sections=look.thin), look.main),
            Part("foot", shapes.cylinder(0.3, 0.04, (0, 0, 0), sections=look.sections), look.main)]


@object_kind("chair", material="wood", category="furniture", words=("armchair", "의자"))
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


@object_kind("stool", material="wood", category="furniture", words=("스툴", "걸상"))
def build_stool(look: Look) -> list[Part]:
    seat_r, height, leg_r = 0.17, 0.45, 0.018
    parts = [Part("seat", shapes.cylinder(seat_r, 0.04, (0, height - 0.04, 0), sections=look.sections), look.main)]
    off = seat_r * 0.65
    for i, (sx, sz) in enumerate(CORNERS, start=1):
        leg = shapes.cylinder(leg_r, height - 0.04, (sx * off, 0, sz * off), sections=look.thin)
        parts.append(Part(f"leg_{i}", leg, look.main))
    return parts


@object_kind("lamp", material="fabric", category="furniture",
             words=("table lamp", "desk lamp", "램프", "전등", "스탠드", "조명"))
def build_lamp(look: Look) -> list[Part]:
    metal = look.secondary("dark_metal")
    bulb = glowing(look.secondary("ceramic") if look.greybox else finish("ceramic", "yellow"))
    return [
        Part("base", shapes.cylinder(0.09, 0.03, sections=look.sections), metal),
        Part("pole", shapes.cylinder(0.012, 0.32, (0, 0.03, 0), sections=look.thin), metal),
        Part("bulb", shapes.sphere(0.04, (0, 0.3, 0), subdivisions=look.subdivisions), bulb),
        Part("shade", shapes.frustum(0.17, 0.09, 0.2, (0, 0.3, 0), sections=look.sections), look.main),
    ]


@object_kind("sofa", material="fabric", category="furniture", words=("couch", "settee", "소파", "쇼파", "loveseat", "futon", "sofa bed"))
def build_sofa(look: Look) -> list[Part]:
    width, depth, seat_h, back_h, arm_w = 2.0, 0.9, 0.42, 0.85, 0.2
    feet = look.secondary("wood")
    parts = [
        Part("base", shapes.box((width, seat_h - 0.18, depth), (0, 0.08, 0)), look.main),
        Part("cushion", shapes.box((width - 2 * arm_w, 0.18, depth - 0.2), (0, seat_h - 0.1, 0.1)), look.main),
        Part("backrest", shapes.box((width, back_h - seat_h + 0.1, 0.2), (0, seat_h - 0.1, -depth / 2 + 0.1)),
             look.main),
    ]
    for i, sx in enumerate((-1, 1), start=1):
        parts.append(Part(f"armrest_{i}", shapes.box((arm_w, 0.62 - 0.08, depth), (sx * (width - arm_w) / 2, 0.08, 0)),
                          look.main))
    for i, (sx, sz) in enumerate(CORNERS, start=1):
        parts.append(Part(f"foot_{i}", shapes.cylinder(0.03, 0.08, (sx * (width / 2 - 0.08), 0, sz * (depth / 2 - 0.08)),
                                                        sections=look.thin), feet))
    return parts


@object_kind("bed", material="fabric", category="furniture", words=("침대", "베드"))
def build_bed(look: Look) -> list[Part]:
    width, length = 1.4, 2.05
    frame = look.secondary("wood")
    linen = look.secondary("fabric", "white")
    return [
        Part("frame", shapes.box((width, 0.3, length), (0, 0.1, 0)), frame),
        Part("mattress", shapes.box((width - 0.06, 0.2, length - 0.08), (0, 0.4, 0.02)), linen),
        Part("blanket", shapes.box((width - 0.02, 0.05, length * 0.6), (0, 0.6, length * 0.2)), look.main),
        Part("pillow", shapes.box((width * 0.6, 0.1, 0.35), (0, 0.6, -length / 2 + 0.3)), linen),
        Part("headboard", shapes.box((width, 1.0, 0.06), (0, 0.0, -length / 2 - 0.03)), frame),
    ] + [Part(f"leg_{i}", shapes.box((0.06, 0.1, 0.06), (sx * (width / 2 - 0.03), 0, sz * (length / 2 - 0.03))), frame)
         for i, (sx, sz) in enumerate(((-1, 1), (1, 1)), start=1)]


@object_kind("bookshelf", material="wood", category="furniture",
             words=("bookcase", "shelf", "shelves", "책장", "책꽂이", "선반"))
def build_bookshelf(look: Look) -> list[Part]:
    width, height, depth, board, shelves = 0.9, 1.8, 0.32, 0.025, 5
    parts = [
        Part("side_1", shapes.box((board, height, depth), (-(width - board) / 2, 0, 0)), look.main),
        Part("side_2", shapes.box((board, height, depth), ((width - board) / 2, 0, 0)), look.main),
        Part("back", shapes.box((width, height, 0.01), (0, 0, -depth / 2 + 0.005)), look.main),
    ]
    gap = (height - board) / shelves
    for i in range(shelves + 1):
        parts.append(Part(f"shelf_{i + 1}", shapes.box((width - 2 * board, board, depth - 0.01), (0, i * gap, 0.005)),
                          look.main))
    import trimesh

    colours = ("red", "blue", "green", "navy", "brown", "beige")
    books: dict[str, list["trimesh.Trimesh"]] = {}
    for i in range(shelves):  # a row of books on every shelf but the top
        x = -width / 2 + board + 0.02
        row = 0
        while x < width / 2 - board - 0.12 and row < 9:
            thick, tall = float(look.rng.uniform(0.025, 0.05)), float(look.rng.uniform(0.18, gap - 0.06))
            colour = colours[int(look.rng.integers(len(colours)))]
            books.setdefault(colour, []).append(shapes.box((thick, tall, 0.2), (x + thick / 2, i * gap + board, 0.02)))
            x += thick + 0.004
            row += 1
    # one part per cover colour: dozens of tiny nodes would cost draw calls and export time
    for colour, meshes in books.items():
        parts.append(Part(f"books_{colour}", trimesh.util.concatenate(meshes), look.secondary("cardboard", colour)))
    return parts


@object_kind("wardrobe", material="wood", category="furniture",
             words=("cabinet", "cupboard", "closet", "dresser", "armoire", "옷장", "장롱", "캐비닛", "찬장", "수납장"))
def build_wardrobe(look: Look) -> list[Part]:
    width, height, depth = 1.0, 1.9, 0.55
    knob = look.secondary("metal")
    return [
        Part("body", shapes.box((width, height - 0.08, depth), (0, 0.08, 0)), look.main),
        Part("plinth", shapes.box((width - 0.04, 0.08, depth - 0.04)), look.main),
        Part("door_gap", shapes.box((0.01, height - 0.2, 0.005), (0, 0.14, depth / 2 + 0.0025)), look.secondary("dark_metal")),
        Part("knob_1", shapes.sphere(0.02, (-0.05, 1.0, depth / 2), subdivisions=1), knob),
        Part("knob_2", shapes.sphere(0.02, (0.05, 1.0, depth / 2), subdivisions=1), knob),
    ]


@object_kind("bench", material="wood", category="furniture", words=("park bench", "벤치", "긴의자"))
def build_bench(look: Look) -> list[Part]:
    length, seat_h, depth = 1.6, 0.45, 0.4
    iron = look.secondary("dark_metal")
    parts = [Part(f"slat_{i + 1}", shapes.box((length, 0.03, 0.11), (0, seat_h - 0.03, -depth / 2 + 0.065 + i * 0.135)),
                  look.main) for i in range(3)]
    parts += [Part(f"back_slat_{i + 1}", shapes.box((length, 0.1, 0.03), (0, seat_h + 0.1 + i * 0.14, -depth / 2)),
                   look.main) for i in range(2)]
    for i, sx in enumerate((-1, 1), start=1):
        x = sx * (length / 2 - 0.12)
        parts.append(Part(f"frame_{i}", shapes.box((0.05, seat_h - 0.03, depth - 0.04), (x, 0, 0)), iron))
        parts.append(Part(f"back_post_{i}", shapes.box((0.05, 0.42, 0.04), (x, seat_h - 0.03, -depth / 2 - 0.035)), iron))
    return parts
