"""Machines that fly, run on rails or stand in control rooms: aircraft, trains, buses, bikes,
spacecraft, tanks, balloons, consoles. Length along Z with the front at +Z."""

from __future__ import annotations

from tools.scene import shapes
from tools.scene.kinds.vehicles import _lights, _wheels
from tools.scene.materials import finish, glowing
from tools.scene.parts import Look, Part, object_kind


def _along_z(mesh: object) -> object:
    """A Y-axis primitive turned to lie along +Z."""
    return shapes.turned(mesh, 90, axis=(1, 0, 0))


@object_kind("airplane", material="paint", category="vehicles",
             words=("plane", "aeroplane", "jet", "aircraft", "airliner", "biplane", "비행기", "여객기", "제트기",
                    "항공기"), max_triangles=3000)
def build_airplane(look: Look) -> list[Part]:
    main = look.main if look.main.name != "paint" or look.greybox else finish("paint", "white")
    glass = look.secondary("glass", "navy")
    fuselage = shapes.moved(_along_z(shapes.lathe([(0, 0), (0.9, 0.8), (1.0, 3.0), (1.0, 9.0), (0.6, 11.5), (0.15, 12.5),
                                                  (0, 12.6)], sections=look.sections)), (0, 1.6, -6.0))
    wing = shapes.prism([(-7.0, 0.0), (7.0, 0.0), (1.2, 2.2), (-1.2, 2.2)], 0.25)
    shapes.turned(wing, -90, axis=(1, 0, 0))
    wing.apply_translation([0, 1.3, -1.0])
    tail = shapes.prism([(0.0, 0.0), (2.2, 0.0), (1.9, 2.6), (1.3, 2.6)], 0.2)
    shapes.turned(tail, -90, axis=(0, 1, 0))
    tail.apply_translation([0, 2.2, -5.8])
    stab = shapes.prism([(-2.8, 0.0), (2.8, 0.0), (0.6, 1.4), (-0.6, 1.4)], 0.15)
    shapes.turned(stab, -90, axis=(1, 0, 0))
    stab.apply_translation([0, 2.3, -6.0])
    parts = [Part("fuselage", fuselage, main), Part("wing", wing, main), Part("fin", tail, main),
             Part("stabiliser", stab, main),
             Part("cockpit", shapes.ellipsoid((0.6, 0.35, 1.0), (0, 2.2, 5.0), subdivisions=1), glass)]
    for i, sx in enumerate((-1, 1), start=1):
        parts.append(Part(f"engine_{i}", shapes.moved(_along_z(shapes.cylinder(0.45, 2.0, sections=look.thin)),
                                                      (sx * 3.5, 0.7, 0.0)), look.secondary("metal")))
    parts.append(Part("gear", shapes.box((0.3, 0.6, 0.3), (0, 0, 3.0)), look.secondary("rubber")))
    return parts


@object_kind("helicopter", material="paint", category="vehicles", words=("chopper", "헬리콥터", "헬기"),
             max_triangles=3000)
def build_helicopter(look: Look) -> list[Part]:
    glass = look.secondary("glass", "cyan")
    metal = look.secondary("dark_metal")
    return [Part("cabin", shapes.ellipsoid((1.1, 1.0, 2.0), (0, 0.5, 0.5), subdivisions=look.subdivisions), look.main),
            Part("canopy", shapes.ellipsoid((0.8, 0.6, 0.8), (0, 1.1, 1.7), subdivisions=1), glass),
            Part("tail_boom", shapes.moved(_along_z(shapes.cylinder(0.2, 4.5, sections=look.thin)), (0, 1.6, -5.8)),
                 look.main),
            Part("tail_fin", shapes.box((0.1, 1.2, 0.6), (0, 1.5, -5.7)), look.main),
            Part("mast", shapes.cylinder(0.12, 0.5, (0, 2.4, 0.4), sections=6), metal),
            Part("rotor_1", shapes.box((9.0, 0.06, 0.35), (0, 2.9, 0.4)), metal),
            Part("rotor_2", shapes.box((0.35, 0.06, 9.0), (0, 2.9, 0.4)), metal),
            Part("skid_l", shapes.box((0.1, 0.1, 3.4), (-0.9, 0, 0.5)), metal),
            Part("skid_r", shapes.box((0.1, 0.1, 3.4), (0.9, 0, 0.5)), metal),
            Part("strut_l", shapes.box((0.08, 0.5, 0.08), (-0.8, 0.05, 0.5)), metal),
            Part("strut_r", shapes.box((0.08, 0.5, 0.08), (0.8, 0.05, 0.5)), metal)]


@object_kind("train", material="paint", category="vehicles",
             words=("locomotive", "steam engine", "steam train", "railway engine", "tram", "기차", "열차", "기관차",
                    "증기기관차", "전철", "지하철"), max_triangles=3500)
def build_train(look: Look) -> list[Part]:
    main = look.main if look.main.name != "paint" or look.greybox else finish("paint", "green")
    metal = look.secondary("dark_metal")
    boiler = shapes.moved(_along_z(shapes.cylinder(0.9, 5.0, sections=look.sections)), (0, 1.9, -1.5))
    parts = [Part("chassis", shapes.box((2.6, 0.4, 9.0), (0, 0.6, 0)), metal),
             Part("boiler", boiler, main),
             Part("cab", shapes.box((2.6, 2.6, 2.6), (0, 1.0, -3.2)), main),
             Part("cab_roof", shapes.box((2.9, 0.15, 3.0), (0, 3.6, -3.2)), metal),
             Part("chimney", shapes.frustum(0.3, 0.45, 1.2, (0, 2.6, 2.6), sections=look.thin), metal),
             Part("buffer", shapes.box((2.6, 0.5, 0.3), (0, 0.6, 4.5)), look.secondary("paint", "red"))]
    return parts + _wheels(look, 0.6, 0.25, 2.2, (3.0, 1.0, -1.0, -3.0)) + _lights(look, 2.0, 2.4, 3.6)


@object_kind("bus", material="paint", category="vehicles", words=("coach", "school bus", "minibus", "버스", "관광버스",
                                                                   "스쿨버스"), max_triangles=3000)
def build_bus(look: Look) -> list[Part]:
    main = look.main if look.main.name != "paint" or look.greybox else finish("paint", "yellow")
    glass = look.secondary("glass", "navy")
    parts = [Part("body", shapes.box((2.5, 2.6, 11.0), (0, 0.4, 0)), main),
             Part("windows_l", shapes.box((0.02, 0.9, 9.5), (-1.26, 1.8, -0.3)), glass),
             Part("windows_r", shapes.box((0.02, 0.9, 9.5), (1.26, 1.8, -0.3)), glass),
             Part("windscreen", shapes.box((2.2, 1.1, 0.02), (0, 1.7, 5.51)), glass)]
    return parts + _wheels(look, 0.5, 0.3, 2.2, (3.8, -3.5)) + _lights(look, 2.5, 0.8, 5.5)


@object_kind("motorcycle", material="paint", category="vehicles",
             words=("motorbike", "scooter", "moped", "오토바이", "스쿠터", "모터사이클"), max_triangles=2500)
def build_motorcycle(look: Look) -> list[Part]:
    metal = look.secondary("metal")
    seat = look.secondary("leather", "black")
    tyre = look.secondary("rubber")
    return [Part("wheel_front", shapes.wheel(0.32, 0.12, (0, 0.32, 0.75), sections=look.sections), tyre),
            Part("wheel_back", shapes.wheel(0.32, 0.14, (0, 0.32, -0.7), sections=look.sections), tyre),
            Part("tank", shapes.ellipsoid((0.18, 0.14, 0.32), (0, 0.75, 0.15), subdivisions=1), look.main),
            Part("engine", shapes.box((0.3, 0.3, 0.45), (0, 0.35, 0)), metal),
            Part("seat", shapes.box((0.26, 0.1, 0.55), (0, 0.82, -0.35)), seat),
            Part("fork", shapes.rod((0, 0.32, 0.75), (0, 1.0, 0.5), 0.03, sections=6), metal),
            Part("handlebar", shapes.rod((-0.35, 1.0, 0.48), (0.35, 1.0, 0.48), 0.02, sections=6), metal),
            Part("frame", shapes.rod((0, 0.35, -0.7), (0, 0.8, 0.45), 0.035, sections=6), metal)]


@object_kind("spaceship", material="metal", category="vehicles",
             words=("starship", "spacecraft", "space ship", "ufo", "flying saucer", "star fighter", "starfighter",
                    "space shuttle", "shuttle", "우주선", "비행접시", "유에프오", "우주전함", "전투기우주선"),
             max_triangles=3500)
def build_spaceship(look: Look) -> list[Part]:
    glass = glowing(finish("glass", "cyan"), 0.4) if not look.greybox else look.main
    engine = glowing(finish("glass", "orange"), 2.0) if not look.greybox else look.main
    hull = shapes.moved(_along_z(shapes.lathe([(0, 0), (1.0, 0.3), (1.2, 2.0), (1.0, 5.0), (0.5, 7.0), (0, 7.6)],
                                              sections=look.sections)), (0, 1.3, -3.6))
    wing = shapes.prism([(-4.0, 0.0), (4.0, 0.0), (1.0, 3.2), (-1.0, 3.2)], 0.2)
    shapes.turned(wing, -90, axis=(1, 0, 0))
    wing.apply_translation([0, 1.0, -3.2])
    parts = [Part("hull", hull, look.main), Part("wing", wing, look.main),
             Part("cockpit", shapes.ellipsoid((0.6, 0.45, 1.3), (0, 1.8, 1.6), subdivisions=1), glass),
             Part("fin", shapes.box((0.15, 1.4, 1.6), (0, 2.3, -3.0)), look.main)]
    for i, sx in enumerate((-1, 1), start=1):
        parts.append(Part(f"engine_{i}", shapes.moved(_along_z(shapes.cylinder(0.45, 1.8, sections=look.thin)),
                                                      (sx * 1.8, 0.9, -4.2)), look.secondary("dark_metal")))
        parts.append(Part(f"thruster_{i}", shapes.moved(_along_z(shapes.cylinder(0.35, 0.05, sections=look.thin)),
                                                        (sx * 1.8, 0.9, -4.25)), engine))
    parts.append(Part("landing_gear", shapes.box((0.3, 0.45, 0.3), (0, 0, 0)), look.secondary("dark_metal")))
    return parts


@object_kind("rocket", material="paint", category="vehicles", words=("space rocket", "missile", "로켓", "미사일",
                                                                      "발사체"))
def build_rocket(look: Look) -> list[Part]:
    main = look.main if look.main.name != "paint" or look.greybox else finish("paint", "white")
    fin = look.secondary("paint", "red")
    parts = [Part("body", shapes.lathe([(0, 0), (1.0, 0), (1.0, 9.0), (0.7, 11.0), (0, 12.5)], (0, 1.0, 0),
                                       sections=look.sections), main),
             Part("nozzle", shapes.frustum(0.8, 0.5, 1.0, sections=look.thin), look.secondary("dark_metal")),
             Part("window", shapes.sphere(0.3, (0, 8.2, 0.85), subdivisions=1), look.secondary("glass", "cyan"))]
    for i, (x, z) in enumerate(((1, 0), (-1, 0), (0, 1), (0, -1)), start=1):
        outline = [(0.0, 0.0), (1.2, 0.0), (0.0, 2.5)]
        slab = shapes.prism(outline, 0.12)
        angle = {(1, 0): 0, (0, -1): 90, (-1, 0): 180, (0, 1): 270}[(x, z)]
        shapes.turned(slab, angle)
        slab.apply_translation([x * 0.95, 0.6, z * 0.95])
        parts.append(Part(f"fin_{i}", slab, fin))
    return parts


@object_kind("tank", material="paint", category="vehicles", words=("battle tank", "armoured vehicle", "탱크", "전차"),
             max_triangles=3000)
def build_tank(look: Look) -> list[Part]:
    main = look.main if look.main.name != "paint" or look.greybox else finish("paint", "green")
    track = look.secondary("rubber")
    barrel = shapes.moved(_along_z(shapes.cylinder(0.12, 3.5, sections=look.thin)), (0, 2.0, 1.0))
    return [Part("hull", shapes.tapered_box((3.2, 6.5), (3.0, 5.5), 1.0, (0, 0.5, 0)), main),
            Part("track_l", shapes.box((0.7, 0.9, 6.6), (-1.5, 0, 0)), track),
            Part("track_r", shapes.box((0.7, 0.9, 6.6), (1.5, 0, 0)), track),
            Part("turret", shapes.tapered_box((2.2, 2.8), (1.8, 2.2), 0.8, (0, 1.5, -0.3)), main),
            Part("barrel", barrel, main)]


@object_kind("hot_air_balloon", material="fabric", category="vehicles",
             words=("hot-air balloon", "air balloon", "hot air balloons", "열기구"))
def build_hot_air_balloon(look: Look) -> list[Part]:
    main = look.main if look.main.name != "fabric" or look.greybox else finish("fabric", "red")
    basket = look.secondary("wood", "brown")
    rope = look.secondary("fabric", "beige")
    parts = [Part("envelope", shapes.lathe([(0, 3.0), (0.9, 3.1), (2.5, 4.5), (3.0, 6.5), (2.3, 8.5), (0, 9.2)],
                                           sections=look.sections), main),
             Part("basket", shapes.box((1.2, 1.0, 1.2)), basket)]
    for i, (sx, sz) in enumerate(((-1, -1), (1, -1), (1, 1), (-1, 1)), start=1):
        parts.append(Part(f"rope_{i}", shapes.rod((sx * 0.55, 1.0, sz * 0.55), (sx * 0.7, 3.05, sz * 0.7), 0.015,
                                                  sections=4), rope))
    return parts


@object_kind("airship", material="canvas", category="vehicles",
             words=("airships", "blimp", "zeppelin", "dirigible", "sky ship", "skyship", "flying ship", "비행선",
                    "飛行船", "체펠린", "하늘배", "비행 범선"), max_triangles=4000)
def build_airship(look: Look) -> list[Part]:
    """A long cigar-shaped gas envelope over a hanging gondola, with tail fins and a propeller each side:
    the shape that reads as an airship (a round balloon reads as a hot-air balloon)."""
    fittings = look.secondary("gold")  # brass struts, propellers and rings, the steampunk look by default
    gondola_wood = look.secondary("wood", "brown")
    envelope = shapes.moved(_along_z(shapes.lathe([(0, 0), (0.8, 0.5), (1.5, 1.6), (1.9, 3.5), (1.9, 6.5),
                                                   (1.6, 8.4), (0.9, 9.6), (0, 10.0)], sections=look.sections)),
                            (0, 5.0, -5.0))
    parts = [Part("envelope", envelope, look.main),
             Part("gondola", shapes.tapered_box((0.9, 3.6), (1.2, 4.2), 0.8, (0, 1.6, 0.3)), gondola_wood),
             Part("gondola_roof", shapes.box((1.3, 0.1, 4.3), (0, 2.4, 0.3)), fittings)]
    for i, (x, z) in enumerate(((-0.5, -1.2), (0.5, -1.2), (-0.5, 1.8), (0.5, 1.8)), start=1):
        parts.append(Part(f"strut_{i}", shapes.rod((x, 2.4, z), (x * 1.8, 3.3, z), 0.04, sections=4), fittings))
    # a cross of fins at the tapered tail (-Z)
    parts.append(Part("fin_vertical", shapes.box((0.08, 3.4, 1.8), (0, 3.3, -4.1)), fittings))
    parts.append(Part("fin_horizontal", shapes.box((3.4, 0.08, 1.8), (0, 4.96, -4.1)), fittings))
    for i, sx in enumerate((-1, 1), start=1):
        hub = (sx * 1.5, 1.9, -1.6)
        parts.append(Part(f"arm_{i}", shapes.rod((sx * 0.6, 1.9, -1.4), hub, 0.05, sections=4), fittings))
        parts.append(Part(f"propeller_{i}", shapes.box((0.08, 1.4, 0.12), (hub[0], hub[1] - 0.7, hub[2] - 0.1)),
                          fittings))
        parts.append(Part(f"propeller_{i}_b", shapes.box((0.08, 0.12, 1.4), (hub[0], hub[1] - 0.06, hub[2] - 0.8)),
                          fittings))
    for i, z in enumerate((-2.5, 0.0, 2.5), start=1):  # brass bands round the envelope
        band = shapes.moved(_along_z(shapes.ring(1.88, 1.98, 0.15, sections=look.sections)), (0, 5.0, z))
        parts.append(Part(f"band_{i}", band, fittings))
    return parts


@object_kind("console", material="dark_metal", category="furniture",
             words=("control panel", "computer terminal", "terminal", "control console", "dashboard", "제어판",
                    "콘솔", "단말기", "조종석", "제어반"))
def build_console(look: Look) -> list[Part]:
    screen = glowing(finish("glass", "cyan"), 0.8) if not look.greybox else look.main
    lights = (glowing(finish("plastic", "red"), 1.0), glowing(finish("plastic", "green"), 1.0),
              glowing(finish("plastic", "yellow"), 1.0))
    parts = [Part("base", shapes.box((1.6, 0.9, 0.7)), look.main),
             Part("desk", shapes.tapered_box((1.6, 0.8), (1.6, 0.5), 0.15, (0, 0.9, 0.05)), look.main),
             Part("screen_frame", shapes.box((1.4, 0.7, 0.08), (0, 1.05, -0.25)), look.main),
             Part("screen", shapes.box((1.3, 0.6, 0.01), (0, 1.1, -0.2)), screen)]
    for i in range(6):
        parts.append(Part(f"button_{i + 1}", shapes.box((0.06, 0.03, 0.06), (-0.5 + i * 0.2, 1.04, 0.2)),
                          look.main if look.greybox else lights[i % 3]))
    return parts


@object_kind("robot", material="metal", category="characters",
             words=("android", "droid", "mech", "cyborg", "automaton", "robots", "로봇", "안드로이드", "드로이드",
                    "메카", "사이보그"), max_triangles=4000)
def build_robot(look: Look) -> list[Part]:
    eye = glowing(finish("glass", "cyan"), 1.5) if not look.greybox else look.main
    joint = look.secondary("dark_metal")
    parts = [Part("torso", shapes.box((0.55, 0.6, 0.35), (0, 0.95, 0)), look.main),
             Part("pelvis", shapes.box((0.4, 0.15, 0.3), (0, 0.8, 0)), joint),
             Part("neck", shapes.cylinder(0.06, 0.08, (0, 1.55, 0), sections=6), joint),
             Part("head", shapes.box((0.32, 0.28, 0.3), (0, 1.63, 0)), look.main),
             Part("visor", shapes.box((0.24, 0.07, 0.01), (0, 1.76, 0.155)), eye),
             Part("antenna", shapes.cylinder(0.01, 0.15, (0, 1.91, 0), sections=5), joint),
             Part("chest_light", shapes.box((0.12, 0.12, 0.01), (0, 1.25, 0.18)), eye)]
    for side, sx in (("l", -1), ("r", 1)):
        parts += [Part(f"shoulder_{side}", shapes.sphere(0.09, (sx * 0.34, 1.38, 0), subdivisions=1), joint),
                  Part(f"arm_{side}", shapes.box((0.12, 0.55, 0.12), (sx * 0.36, 0.9, 0)), look.main),
                  Part(f"hand_{side}", shapes.box((0.14, 0.12, 0.1), (sx * 0.36, 0.76, 0.0)), joint),
                  Part(f"leg_{side}", shapes.box((0.15, 0.72, 0.15), (sx * 0.12, 0.08, 0)), look.main),
                  Part(f"foot_{side}", shapes.box((0.18, 0.08, 0.28), (sx * 0.12, 0, 0.04)), joint)]
    return parts


@object_kind("fighter_jet", material="paint", category="vehicles",
             words=("fighter", "fighters", "fighter plane", "jet fighter", "warplane", "war plane",
                    "interceptor", "combat jet", "stealth fighter", "전투기", "제트 전투기", "전투 비행기", "스텔스기",
                    "요격기", "전투기들"), max_triangles=3000)
def build_fighter_jet(look: Look) -> list[Part]:
    """A 15 m single-seat jet: a pointed fuselage, swept delta wings, twin canted fins, a bubble canopy and
    two glowing exhausts at the back; grey unless coloured."""
    main = look.main if look.main.name != "paint" or look.greybox else finish("paint", "gray")
    glass = look.secondary("glass", "navy")
    fuselage = shapes.moved(_along_z(shapes.lathe([(0, 0), (0.75, 0.3), (0.85, 3.0), (0.8, 9.5), (0.45, 13.0),
                                                   (0.05, 15.0), (0, 15.1)], sections=look.sections)),
                            (0, 1.5, -7.5))
    wing = shapes.prism([(-5.2, 0.0), (5.2, 0.0), (0.9, 6.0), (-0.9, 6.0)], 0.18)
    shapes.turned(wing, 90, axis=(1, 0, 0))  # the wide trailing edge at the back, the swept tips forward
    wing.apply_translation([0, 1.4, -6.0])
    stab = shapes.prism([(-2.6, 0.0), (2.6, 0.0), (0.5, 1.8), (-0.5, 1.8)], 0.12)
    shapes.turned(stab, 90, axis=(1, 0, 0))
    stab.apply_translation([0, 1.5, -7.4])
    parts = [Part("fuselage", fuselage, main), Part("wing", wing, main), Part("stabiliser", stab, main),
             Part("canopy", shapes.ellipsoid((0.5, 0.45, 1.6), (0, 2.0, 3.6), subdivisions=look.subdivisions), glass),
             Part("intake", shapes.box((2.0, 0.7, 2.5), (0, 0.9, 0.5)), look.secondary("dark_metal"))]
    flame = look.secondary("ceramic") if look.greybox else glowing(finish("flame"), 1.4)
    for i, sx in enumerate((-1, 1), start=1):
        fin = shapes.prism([(0.0, 0.0), (2.4, 0.0), (1.9, 2.4), (1.2, 2.4)], 0.1)
        shapes.turned(fin, -90, axis=(0, 1, 0))
        shapes.turned(fin, sx * 15, axis=(0, 0, 1))
        fin.apply_translation([sx * 0.7, 2.1, -7.3])
        parts.append(Part(f"fin_{i}", fin, main))
        parts.append(Part(f"exhaust_{i}", shapes.moved(_along_z(shapes.cylinder(0.32, 0.25, sections=look.thin)),
                                                       (sx * 0.42, 1.45, -7.75)), flame))
    parts.append(Part("gear", shapes.box((0.25, 0.7, 0.25), (0, 0, 4.5)), look.secondary("rubber")))
    for i, sx in enumerate((-1, 1), start=1):
        parts.append(Part(f"gear_{i + 1}", shapes.box((0.25, 0.9, 0.25), (sx * 1.6, 0, -3.0)), look.secondary("rubber")))
    return parts
