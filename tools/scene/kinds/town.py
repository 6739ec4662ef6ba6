"""Everyday town and home things: a bus stop, a phone booth, a tractor, an excavator, a Korean hanok, a school, a
gas station, a treehouse, a volcano, the bathroom and utility fixtures (toilet, sink, washing machine, microwave)
and a bunk bed. Front +Z, origin under the base."""

from __future__ import annotations

import math

from tools.scene import shapes
from tools.scene.kinds.vehicles import _wheels
from tools.scene.materials import finish, glowing
from tools.scene.parts import Look, Part, object_kind


@object_kind("bus_stop", material="metal", category="props",
             words=("bus shelter", "bus station", "tram stop", "bus stop shelter", "버스 정류장", "버스정류장", "정류장",
                    "정류소", "버스 정류소", "버스정류소", "승차장"))
def build_bus_stop(look: Look) -> list[Part]:
    """A 3 m roofed shelter: glass back wall, a bench inside, a sign pole with a round plate beside it."""
    glass = look.secondary("glass")
    roof = look.secondary("paint", "navy")
    seat = look.secondary("wood")
    parts = [Part("roof", shapes.tapered_box((3.2, 1.5), (3.2, 1.3), 0.12, (0, 2.4, 0.05)), roof),
             Part("back_glass", shapes.box((2.9, 1.9, 0.03), (0, 0.35, -0.6)), glass),
             Part("side_glass", shapes.box((0.03, 1.9, 1.0), (-1.45, 0.35, -0.1)), glass),
             Part("bench", shapes.box((2.2, 0.05, 0.4), (0, 0.45, -0.35)), seat),
             Part("bench_leg_l", shapes.box((0.05, 0.45, 0.35), (-0.9, 0, -0.35)), look.main),
             Part("bench_leg_r", shapes.box((0.05, 0.45, 0.35), (0.9, 0, -0.35)), look.main),
             Part("sign_pole", shapes.cylinder(0.04, 2.5, (1.9, 0, 0.55), sections=look.thin), look.main),
             Part("sign", shapes.turned(shapes.cylinder(0.25, 0.03, sections=look.sections), 90, axis=(1, 0, 0)),
                  look.secondary("paint", "blue"))]
    shapes.moved(parts[-1].mesh, (1.9, 2.25, 0.55))
    for i, (x, z) in enumerate(((-1.45, -0.6), (1.45, -0.6), (-1.45, 0.45), (1.45, 0.45)), start=1):
        parts.append(Part(f"post_{i}", shapes.box((0.07, 2.4, 0.07), (x, 0, z)), look.main))
    parts.append(Part("timetable", shapes.box((0.6, 0.9, 0.02), (0.9, 0.9, -0.57)),
                      glowing(finish("ceramic", "white"), 0.6) if not look.greybox else look.main))
    return parts


@object_kind("phone_booth", material="paint", category="props",
             words=("telephone booth", "phone box", "telephone box", "payphone", "공중전화", "공중전화 부스", "전화부스",
                    "전화 부스", "공중전화박스"))
def build_phone_booth(look: Look) -> list[Part]:
    """A 2.5 m red telephone box with glazed sides and a domed top."""
    paint = look.main if look.main.name != "paint" or look.greybox else finish("paint", "red")
    glass = look.secondary("glass")
    parts = [Part("base", shapes.box((1.0, 0.15, 1.0)), paint),
             Part("roof", shapes.tapered_box((1.05, 1.05), (0.6, 0.6), 0.25, (0, 2.3, 0)), paint),
             Part("sign", shapes.box((0.8, 0.15, 1.02), (0, 2.1, 0)), glowing(finish("ceramic", "white"), 0.7)
                  if not look.greybox else look.main)]
    for i, (x, z) in enumerate(((-0.45, -0.45), (0.45, -0.45), (-0.45, 0.45), (0.45, 0.45)), start=1):
        parts.append(Part(f"post_{i}", shapes.box((0.1, 2.15, 0.1), (x, 0.15, z)), paint))
    for i, (size, base) in enumerate((((0.8, 1.9, 0.03), (0, 0.2, 0.45)), ((0.8, 1.9, 0.03), (0, 0.2, -0.45)),
                                      ((0.03, 1.9, 0.8), (0.45, 0.2, 0)), ((0.03, 1.9, 0.8), (-0.45, 0.2, 0))), start=1):
        parts.append(Part(f"pane_{i}", shapes.box(size, base), glass))
    parts.append(Part("phone", shapes.box((0.25, 0.35, 0.12), (0, 1.1, -0.38)), look.secondary("dark_metal")))
    return parts


@object_kind("tractor", material="paint", category="vehicles", words=("farm tractor", "트랙터", "경운기"),
             max_triangles=4000)
def build_tractor(look: Look) -> list[Part]:
    """A 3.5 m farm tractor: big rear wheels, small front ones, a bonnet and an open cab with a roof."""
    paint = look.main if look.main.name != "paint" or look.greybox else finish("paint", "green")
    dark = look.secondary("dark_metal")
    parts = [Part("chassis", shapes.box((1.0, 0.4, 3.0), (0, 0.5, 0.1)), paint),
             Part("bonnet", shapes.box((0.9, 0.65, 1.4), (0, 0.9, 0.8)), paint),
             Part("grille", shapes.box((0.8, 0.55, 0.04), (0, 0.95, 1.5)), dark),
             Part("exhaust", shapes.cylinder(0.05, 0.9, (0.3, 1.5, 1.1), sections=8), dark),
             Part("seat", shapes.box((0.5, 0.4, 0.5), (0, 0.9, -0.8)), look.secondary("leather", "black")),
             Part("steering", shapes.rod((0, 1.3, -0.3), (0, 1.6, -0.5), 0.03, sections=6), dark),
             Part("roof", shapes.box((1.5, 0.08, 1.4), (0, 2.55, -0.7)), paint)]
    for i, (x, z) in enumerate(((-0.7, -0.1), (0.7, -0.1), (-0.7, -1.3), (0.7, -1.3)), start=1):
        parts.append(Part(f"cab_post_{i}", shapes.box((0.06, 1.45, 0.06), (x, 1.1, z)), dark))
    parts += _wheels(look, 0.75, 0.45, 1.7, (-0.8,))
    parts += [Part(f"front_{p.name}", p.mesh, p.finish) for p in _wheels(look, 0.42, 0.25, 1.3, (1.2,))]
    return parts


@object_kind("excavator", material="paint", category="vehicles",
             words=("digger", "backhoe", "bulldozer", "construction vehicle", "포크레인", "포클레인", "굴착기", "굴삭기",
                    "불도저", "중장비"), max_triangles=4000)
def build_excavator(look: Look) -> list[Part]:
    """A 7 m tracked excavator: tracks, a turning cab, and a boom and arm reaching forward to a bucket."""
    paint = look.main if look.main.name != "paint" or look.greybox else finish("paint", "yellow")
    dark = look.secondary("dark_metal")
    parts = [Part("track_l", shapes.box((0.6, 0.8, 3.6), (-1.1, 0, 0)), look.secondary("rubber")),
             Part("track_r", shapes.box((0.6, 0.8, 3.6), (1.1, 0, 0)), look.secondary("rubber")),
             Part("turntable", shapes.cylinder(1.0, 0.3, (0, 0.8, 0), sections=look.sections), dark),
             Part("body", shapes.box((2.4, 1.1, 2.6), (0, 1.1, -0.4)), paint),
             Part("cab", shapes.box((0.9, 1.2, 1.1), (-0.65, 2.2, 0.3)), paint),
             Part("cab_glass", shapes.box((0.8, 0.8, 0.04), (-0.65, 2.45, 0.86)), look.secondary("glass", "navy")),
             Part("boom", shapes.rod((0.5, 1.8, 0.6), (0.5, 4.0, 2.6), 0.2, sections=look.thin), paint),
             Part("arm", shapes.rod((0.5, 4.0, 2.6), (0.5, 1.6, 4.2), 0.15, sections=look.thin), paint),
             Part("bucket", shapes.tapered_box((0.9, 0.7), (1.0, 0.2), 0.7, (0.5, 0.9, 4.3)), dark)]
    return parts


@object_kind("hanok", material="plaster", category="buildings",
             words=("korean house", "traditional korean house", "korean traditional house", "giwa house", "한옥",
                    "기와집", "초가집", "한옥집", "전통 가옥", "전통가옥", "한옥 마을", "한옥마을"), max_triangles=4000)
def build_hanok(look: Look) -> list[Part]:
    """A 9 m Korean house: a stone plinth, timber posts and white walls with lattice doors, under a wide dark
    tiled roof whose eaves sweep up at the corners."""
    wood = look.secondary("wood")
    tile = look.secondary("roof_tile", "black")
    paper = look.secondary("canvas", "beige")
    parts = [Part("plinth", shapes.box((9.0, 0.6, 5.2)), look.secondary("stone")),
             Part("walls", shapes.box((8.0, 2.4, 4.2), (0, 0.6, 0)), look.main),
             Part("beam", shapes.box((8.3, 0.3, 4.5), (0, 3.0, 0)), wood),
             Part("roof", shapes.tapered_box((10.6, 6.8), (8.0, 0.5), 1.9, (0, 3.3, 0)), tile),
             Part("ridge", shapes.box((8.6, 0.35, 0.5), (0, 5.15, 0)), tile),
             Part("maru", shapes.box((6.0, 0.15, 1.0), (0, 0.6, 2.55)), wood)]
    for i, (sx, sz) in enumerate(((-1, -1), (1, -1), (-1, 1), (1, 1)), start=1):
        # the eaves' corners sweep up (the line that makes a hanok read as one)
        parts.append(Part(f"eave_tip_{i}", shapes.tapered_box((0.9, 0.9), (0.15, 0.15), 0.7, (sx * 5.0, 3.3, sz * 3.1)),
                          tile))
    for i, x in enumerate((-3.9, -1.3, 1.3, 3.9), start=1):
        parts.append(Part(f"post_{i}", shapes.box((0.28, 2.4, 0.28), (x, 0.6, 2.1)), wood))
    for i, x in enumerate((-2.6, 0.0, 2.6), start=1):
        parts.append(Part(f"door_{i}", shapes.box((1.6, 1.9, 0.06), (x, 0.8, 2.1)), paper))
        for j, dx in enumerate((-0.4, 0.0, 0.4), start=1):
            parts.append(Part(f"lattice_{i}_{j}", shapes.box((0.04, 1.9, 0.08), (x + dx, 0.8, 2.12)), wood))
        parts.append(Part(f"lattice_{i}_h", shapes.box((1.6, 0.04, 0.08), (x, 1.75, 2.12)), wood))
    return parts


@object_kind("toilet", material="ceramic", category="furniture", words=("loo", "wc", "변기", "양변기", "좌변기"))
def build_toilet(look: Look) -> list[Part]:
    """A 75 cm toilet: pedestal, bowl with seat and lid, cistern behind."""
    seat = look.secondary("plastic", "white")
    return [Part("pedestal", shapes.frustum(0.14, 0.17, 0.3, (0, 0, 0.05), sections=look.sections), look.main),
            Part("bowl", shapes.ellipsoid((0.2, 0.09, 0.26), (0, 0.25, 0.08), subdivisions=look.subdivisions),
                 look.main),
            Part("seat", shapes.ring(0.1, 0.2, 0.03, (0, 0.42, 0.08), sections=look.sections), seat),
            Part("lid", shapes.box((0.36, 0.45, 0.03), (0, 0.44, -0.16)), seat),
            Part("cistern", shapes.box((0.42, 0.38, 0.18), (0, 0.4, -0.28)), look.main),
            Part("flush", shapes.cylinder(0.02, 0.02, (0, 0.78, -0.28), sections=8), look.secondary("metal"))]


@object_kind("sink", material="ceramic", category="furniture",
             words=("washbasin", "wash basin", "basin", "bathroom sink", "kitchen sink", "세면대", "싱크대", "개수대",
                    "세면기"))
def build_sink(look: Look) -> list[Part]:
    """A 90 cm pedestal washbasin with a tap."""
    metal = look.secondary("metal")
    return [Part("pedestal", shapes.frustum(0.12, 0.09, 0.7, sections=look.sections), look.main),
            Part("basin", shapes.lathe([(0.0, 0.0), (0.2, 0.0), (0.28, 0.15), (0.26, 0.15), (0.18, 0.04), (0.0, 0.04)],
                                       (0, 0.7, 0), sections=look.sections), look.main),
            Part("tap", shapes.rod((0, 0.85, -0.22), (0, 0.97, -0.15), 0.015, sections=8), metal),
            Part("spout", shapes.rod((0, 0.97, -0.15), (0, 0.93, -0.08), 0.012, sections=8), metal)]


@object_kind("washing_machine", material="plastic", category="furniture",
             words=("washer", "laundry machine", "dryer", "tumble dryer", "세탁기", "건조기", "드럼세탁기"))
def build_washing_machine(look: Look) -> list[Part]:
    """An 85 cm front-loading washer: a white cabinet, a round glass door and a control strip."""
    cabinet = look.main if look.main.name != "plastic" or look.greybox else finish("plastic", "white")
    door = shapes.turned(shapes.cylinder(0.2, 0.04, sections=look.sections), 90, axis=(1, 0, 0))
    rim = shapes.turned(shapes.ring(0.18, 0.23, 0.04, sections=look.sections), 90, axis=(1, 0, 0))
    return [Part("cabinet", shapes.box((0.6, 0.85, 0.6)), cabinet),
            Part("door_glass", shapes.moved(door, (0, 0.4, 0.3)), look.secondary("glass", "navy")),
            Part("door_rim", shapes.moved(rim, (0, 0.4, 0.31)), look.secondary("metal")),
            Part("panel", shapes.box((0.58, 0.1, 0.02), (0, 0.72, 0.3)), look.secondary("plastic", "gray")),
            Part("dial", shapes.moved(shapes.turned(shapes.cylinder(0.035, 0.03, sections=12), 90, axis=(1, 0, 0)),
                                      (0.18, 0.77, 0.31)), look.secondary("metal"))]


@object_kind("bunk_bed", material="wood", category="furniture",
             words=("bunk beds", "bunkbed", "double-decker bed", "2층 침대", "이층침대", "이층 침대", "2층침대", "벙커침대"))
def build_bunk_bed(look: Look) -> list[Part]:
    """A 1.7 m two-tier bed with mattresses, corner posts, a guard rail and a ladder."""
    mattress = look.secondary("fabric", "white")
    blanket = look.secondary("fabric", "navy")
    parts = []
    for tier, y in enumerate((0.3, 1.3), start=1):
        parts += [Part(f"frame_{tier}", shapes.box((1.0, 0.12, 2.0), (0, y, 0)), look.main),
                  Part(f"mattress_{tier}", shapes.box((0.92, 0.15, 1.92), (0, y + 0.12, 0)), mattress),
                  Part(f"blanket_{tier}", shapes.box((0.94, 0.05, 1.2), (0, y + 0.25, 0.35)), blanket)]
    for i, (x, z) in enumerate(((-0.5, -1.0), (0.5, -1.0), (-0.5, 1.0), (0.5, 1.0)), start=1):
        parts.append(Part(f"post_{i}", shapes.box((0.07, 1.75, 0.07), (x, 0, z)), look.main))
    parts.append(Part("rail", shapes.box((0.04, 0.2, 1.4), (0.5, 1.6, -0.25)), look.main))
    for i, y in enumerate((0.55, 0.85, 1.15), start=1):
        parts.append(Part(f"rung_{i}", shapes.box((0.05, 0.04, 0.4), (0.53, y, 0.75)), look.main))
    return parts


@object_kind("schoolhouse", material="plaster", category="buildings",
             words=("school building", "high school", "elementary school", "police station", "fire station",
                    "town hall", "city hall", "학교", "초등학교", "중학교", "고등학교", "학교 건물", "경찰서", "소방서", "시청",
                    "관공서", "파출소"), max_triangles=3000)
def build_school(look: Look) -> list[Part]:
    """A 16 m two-storey public building: rows of windows, a central entrance under a clock, a flag on a pole."""
    glass = look.secondary("glass", "navy")
    trim = look.secondary("paint", "white")
    parts = [Part("block", shapes.box((16.0, 7.0, 8.0)), look.main),
             Part("roof", shapes.box((16.4, 0.4, 8.4), (0, 7.0, 0)), look.secondary("dark_metal")),
             Part("entrance", shapes.box((3.0, 8.6, 1.0), (0, 0, 4.2)), trim),
             Part("door", shapes.box((1.8, 2.4, 0.06), (0, 0, 4.72)), look.secondary("wood")),
             Part("clock", shapes.turned(shapes.cylinder(0.6, 0.1, sections=look.sections), 90, axis=(1, 0, 0)),
                  look.secondary("ceramic", "white")),
             Part("flagpole", shapes.cylinder(0.06, 9.0, (5.5, 0, 6.0), sections=8), look.secondary("metal")),
             Part("flag", shapes.box((1.6, 1.0, 0.03), (6.3, 7.8, 6.0)), look.secondary("fabric", "red"))]
    shapes.moved(parts[4].mesh, (0, 7.4, 4.7))
    for floor, y in enumerate((1.2, 4.4), start=1):
        for i, x in enumerate((-6.5, -4.5, -2.5, 2.5, 4.5, 6.5), start=1):
            parts.append(Part(f"window_{floor}_{i}", shapes.box((1.3, 1.6, 0.06), (x, y, 4.0)), glass))
    return parts


@object_kind("gas_station", material="paint", category="buildings",
             words=("petrol station", "filling station", "fuel station", "service station", "gas pump", "fuel pump",
                    "주유소", "주유기", "충전소", "휴게소"))
def build_gas_station(look: Look) -> list[Part]:
    """An 8 m fuel forecourt: a flat canopy on four columns over two pumps on an island."""
    canopy = look.main if look.main.name != "paint" or look.greybox else finish("paint", "red")
    white = look.secondary("paint", "white")
    parts = [Part("canopy", shapes.box((8.0, 0.8, 5.0), (0, 4.2, 0)), canopy),
             Part("canopy_light", shapes.box((7.6, 0.05, 4.6), (0, 4.15, 0)),
                  glowing(finish("ceramic", "white"), 0.5) if not look.greybox else look.main),
             Part("island", shapes.box((5.0, 0.2, 1.0)), look.secondary("stone"))]
    for i, (x, z) in enumerate(((-3.6, -2.1), (3.6, -2.1), (-3.6, 2.1), (3.6, 2.1)), start=1):
        parts.append(Part(f"column_{i}", shapes.box((0.3, 4.2, 0.3), (x, 0, z)), white))
    for i, x in enumerate((-1.4, 1.4), start=1):
        parts += [Part(f"pump_{i}", shapes.box((0.8, 1.7, 0.5), (x, 0.2, 0)), white),
                  Part(f"pump_screen_{i}", shapes.box((0.5, 0.3, 0.02), (x, 1.4, 0.26)), look.secondary("glass", "navy")),
                  Part(f"pump_band_{i}", shapes.box((0.82, 0.25, 0.52), (x, 0.9, 0)), canopy)]
    return parts


@object_kind("treehouse", material="wood", category="buildings",
             words=("tree house", "tree fort", "트리하우스", "나무집", "나무 위의 집", "나무위의집"), max_triangles=3000)
def build_treehouse(look: Look) -> list[Part]:
    """A little wooden hut on a platform high in a broad tree, reached by a ladder."""
    bark = look.secondary("bark")
    leaves = look.secondary("leaves")
    parts = [Part("trunk", shapes.frustum(0.5, 0.35, 5.0, sections=look.thin + 4), bark),
             Part("platform", shapes.box((3.4, 0.15, 3.4), (0, 3.0, 0)), look.main),
             Part("hut", shapes.box((2.2, 1.8, 2.0), (0.2, 3.15, -0.2)), look.main),
             Part("hut_roof", shapes.tapered_box((2.6, 2.4), (2.6, 0.1), 1.0, (0.2, 4.95, -0.2)),
                  look.secondary("roof_tile")),
             Part("hut_door", shapes.box((0.7, 1.2, 0.05), (0.2, 3.15, 0.82)), look.secondary("wood", "brown")),
             Part("canopy", shapes.ellipsoid((2.8, 1.6, 2.8), (0, 5.4, 0), subdivisions=look.subdivisions), leaves)]
    for i, x in enumerate((-0.25, 0.25), start=1):
        parts.append(Part(f"ladder_rail_{i}", shapes.box((0.06, 3.1, 0.06), (x - 1.0, 0, 1.9)), look.main))
    for i in range(6):
        parts.append(Part(f"ladder_rung_{i + 1}", shapes.box((0.5, 0.05, 0.05), (-1.0, 0.4 + 0.45 * i, 1.9)), look.main))
    return parts


@object_kind("microwave", material="plastic", category="furniture",
             words=("microwave oven", "oven", "toaster oven", "전자레인지", "오븐", "토스터"))
def build_microwave(look: Look) -> list[Part]:
    """A 50 cm countertop microwave: a box with a dark glass door and a keypad."""
    body = look.main if look.main.name != "plastic" or look.greybox else finish("plastic", "white")
    return [Part("body", shapes.box((0.5, 0.3, 0.38)), body),
            Part("door", shapes.box((0.34, 0.24, 0.02), (-0.06, 0.03, 0.19)), look.secondary("glass", "black")),
            Part("keypad", shapes.box((0.1, 0.24, 0.02), (0.19, 0.03, 0.19)), look.secondary("plastic", "gray")),
            Part("handle", shapes.box((0.02, 0.18, 0.03), (0.11, 0.06, 0.205)), look.secondary("metal"))]


@object_kind("volcano", material="stone", category="terrain",
             words=("volcanoes", "erupting volcano", "lava mountain", "화산", "활화산", "용암산"), max_triangles=3000)
def build_volcano(look: Look) -> list[Part]:
    """A 30 m volcano: a broad dark cone with a crater of glowing lava and streams running down its side."""
    rock = look.main if look.main.name != "stone" or look.greybox else finish("stone", "black")
    lava = glowing(finish("flame", "orange"), 2.0) if not look.greybox else look.main
    parts = [Part("cone", shapes.lathe([(0.0, 0.0), (15.0, 0.0), (9.0, 4.0), (4.0, 9.5), (2.6, 11.0), (2.0, 10.4),
                                        (0.0, 10.4)], sections=look.sections + 4), rock),
             Part("lava_pool", shapes.cylinder(2.2, 0.2, (0, 10.4, 0), sections=look.sections), lava)]
    for i, angle in enumerate((20.0, 150.0), start=1):
        a = math.radians(angle)
        top, low = (2.6 * math.cos(a), 10.8, 2.6 * math.sin(a)), (11.0 * math.cos(a), 1.6, 11.0 * math.sin(a))
        parts.append(Part(f"lava_flow_{i}", shapes.rod(top, low, 0.45, sections=6), lava))
    return parts
