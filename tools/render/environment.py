"""Procedural environments from scene words: sky, sun/moon/stars, clouds, terrain, ground.

``Environment.from_text("a castle on a hill at sunset")`` picks a time of day (day, dawn,
sunset, night, overcast), a ground (grass, sand, snow, rock, water, floor) and features
(mountains, hills, dunes, trees, city skyline), or a whole setting (space, interior). Every
look-up is a function of a world direction or ground point, so a panorama built from it is
seamless at the wrap and an image rendered through a camera sees the same world.
Colours are linear RGB, light intensities are in arbitrary units tone-mapped later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
import math

import numpy as np

from tools.render.noise import fbm, periodic_profile, value_noise
# the word tables live with the scene language: one reading of a prompt for every tool
from tools.scene.setting import (  # noqa: F401  (re-exported for the renderer's callers)
    FEATURE_WORDS, GROUND_WORDS, MOOD_WORDS, SETTING_WORDS, SKY_FEATURES, TIME_WORDS, Setting, read_setting,
)

Vec = tuple[float, float, float]
PROFILE_SAMPLES = 4096
MOOD_SPOOKY = frozenset(word for word, mood in MOOD_WORDS.items()
                        if mood == "spooky")
# (wall, wainscot, ceiling, floor A, floor B) linear colours per interior finish
FINISHES: dict[str, tuple[tuple[float, float, float], ...]] = {
    "plaster": ((0.62, 0.52, 0.4), (0.22, 0.12, 0.06), (0.75, 0.72, 0.66), (0.3, 0.17, 0.08), (0.4, 0.24, 0.11)),
    "wood": ((0.36, 0.2, 0.09), (0.16, 0.08, 0.035), (0.3, 0.18, 0.09), (0.24, 0.13, 0.06), (0.32, 0.18, 0.08)),
    "stone": ((0.32, 0.3, 0.27), (0.2, 0.19, 0.17), (0.25, 0.24, 0.22), (0.22, 0.21, 0.19), (0.3, 0.29, 0.26)),
    "metal": ((0.35, 0.38, 0.42), (0.12, 0.14, 0.17), (0.28, 0.3, 0.33), (0.16, 0.18, 0.2), (0.22, 0.24, 0.27)),
    # a station's glazed tiles: pale walls in a grout grid, a dark band below, a grey stone platform floor
    "tile": ((0.62, 0.62, 0.56), (0.1, 0.22, 0.2), (0.3, 0.3, 0.3), (0.2, 0.2, 0.2), (0.27, 0.27, 0.26)),
    # a bunker or warehouse: bare cast concrete in big panels, a darker plinth band, a grey slab floor
    "concrete": ((0.44, 0.44, 0.42), (0.26, 0.26, 0.25), (0.34, 0.34, 0.33), (0.27, 0.27, 0.26), (0.32, 0.32, 0.31)),
    # a Japanese room: paper sliding screens in dark timber frames, a timber ceiling, tatami mats on the floor
    "shoji": ((0.78, 0.74, 0.62), (0.16, 0.09, 0.04), (0.32, 0.2, 0.1), (0.46, 0.45, 0.24), (0.52, 0.5, 0.28)),
}

def scene_words(text: str) -> list[str]:
    """The words of ``text`` that drive the environment (time, setting, ground, features, mood)."""
    return read_setting(text).words


@dataclass(frozen=True)
class TerrainLayer:
    """A ring of distant silhouette around the viewer."""

    kind: str  # mountains | hills | dunes | trees | city
    colour: Vec
    base_deg: float  # elevation of the lowest point of the ridge
    height_deg: float  # extra elevation at the highest point
    distance_m: float
    seed: int


@dataclass(frozen=True)
class Environment:
    """Everything the shaders need to know about the world around the subject."""

    setting: str = "outdoor"  # outdoor | space | interior
    time: str = "day"
    ground: str = "grass"
    features: tuple[str, ...] = ()
    zenith: Vec = (0.12, 0.3, 0.75)
    horizon: Vec = (0.55, 0.7, 0.9)
    sun_dir: Vec = (-0.5, 0.7, 0.3)  # from the left of a default camera, so shadows show
    sun_colour: Vec = (2.3, 2.2, 2.0)
    sky_ambient: Vec = (0.3, 0.38, 0.5)
    ground_albedo: Vec = (0.18, 0.32, 0.08)
    ground_albedo_2: Vec = (0.28, 0.4, 0.1)
    fog: Vec = (0.6, 0.7, 0.85)
    fog_distance_m: float = 400.0
    clouds: float = 0.45
    stars: bool = False
    moon: bool = False
    layers: tuple[TerrainLayer, ...] = ()
    seed: int = 0
    words: tuple[str, ...] = field(default_factory=tuple)
    room: str = "plaster"  # interior finish: wood | stone | metal | plaster
    room_half: float = 6.0  # half the width of an interior room, metres
    weather: str = "clear"
    underwater: bool = False
    sky_tint: Vec | None = None  # "a purple sky": linear RGB the sky leans towards
    suns: int = 1  # "two suns": the others hang beside the first, a little lower
    moons: int = 0  # moons named: drawn by day or dusk too (at night without a count, ``suns`` of them)
    ground_tint: Vec | None = None  # "pink sand": linear RGB the ground leans towards
    forest: str = ""  # the kind planted around for a forest ("" = pines and broadleaf trees)
    river: bool = False  # a river winds across the ground, beside the subject and away to the horizon
    dim: bool = False  # a room at night, dimly lit or grim: its lights are low

    # -- construction ------------------------------------------------------------------------
    @classmethod
    def from_text(cls, text: str, *, seed: int = 0) -> "Environment":
        """Read time of day, setting, ground and features from the words of ``text``."""
        return cls.from_setting(read_setting(text), seed=seed)

    @classmethod
    def from_setting(cls, setting: Setting, *, seed: int = 0, room_half: float = 6.0) -> "Environment":
        """The world a parsed scene setting describes (:func:`tools.scene.setting.read_setting`)."""
        where = "interior" if setting.interior else ("space" if setting.space else "outdoor")
        time = setting.time
        if setting.weather in ("rain", "storm", "fog", "snow") and time == "day":
            time = "overcast"
        if "spooky" in setting.mood and time == "day" and not setting.interior:
            time = "overcast"  # grim and eerie under a grey sky
        env = cls(setting=where, time=time, ground=setting.ground or "grass", features=tuple(setting.features),
                  seed=seed, words=tuple(setting.words), room=setting.room, room_half=room_half,
                  weather=setting.weather, underwater=setting.underwater and where == "outdoor",
                  sky_tint=_linear(setting.sky_colour) if setting.sky_colour and where == "outdoor" else None,
                  suns=max(1, setting.suns), moons=setting.moons if where == "outdoor" and setting.ground != "moon"
                  else 0, forest=(setting.forest or "").replace("_", " "),
                  river=setting.river and where == "outdoor" and setting.ground not in ("water",),
                  dim=where == "interior" and (setting.time == "night" or bool({"dim", "spooky"} & set(setting.mood))),
                  ground_tint=_linear(setting.ground_colour) if setting.ground_colour and where == "outdoor" else None)
        env = env._with_palette()
        return _replace(env, moon=True) if env.moons else env  # "two moons at dusk": up before the night

    def _with_palette(self) -> "Environment":
        values: dict[str, object] = {}
        time = self.time
        if time == "sunset":
            values.update(zenith=(0.16, 0.16, 0.42), horizon=(1.0, 0.45, 0.16), sun_dir=_unit((0.9, 0.06, -0.45)),
                          sun_colour=(3.0, 1.45, 0.55), sky_ambient=(0.4, 0.28, 0.3), fog=(0.85, 0.5, 0.32),
                          clouds=0.5)
        elif time == "dawn":
            values.update(zenith=(0.25, 0.35, 0.7), horizon=(1.0, 0.7, 0.5), sun_dir=_unit((-0.8, 0.12, -0.5)),
                          sun_colour=(2.8, 2.0, 1.4), sky_ambient=(0.4, 0.38, 0.45), fog=(0.9, 0.75, 0.65),
                          clouds=0.4)
        elif time == "night":
            values.update(zenith=(0.004, 0.008, 0.03), horizon=(0.03, 0.05, 0.1), sun_dir=_unit((-0.4, 0.55, -0.6)),
                          sun_colour=(0.5, 0.6, 0.85), sky_ambient=(0.05, 0.07, 0.14), fog=(0.03, 0.04, 0.08),
                          clouds=0.15, stars=True, moon=True)
        elif time == "overcast":
            values.update(zenith=(0.42, 0.45, 0.5), horizon=(0.62, 0.64, 0.66), sun_dir=_unit((0.3, 0.8, 0.4)),
                          sun_colour=(0.9, 0.9, 0.95), sky_ambient=(0.6, 0.62, 0.66), fog=(0.6, 0.62, 0.64),
                          clouds=0.95, fog_distance_m=150.0)
        ground = self.ground
        palettes = {
            "grass": ((0.07, 0.15, 0.03), (0.13, 0.22, 0.05)),
            "sand": ((0.5, 0.35, 0.18), (0.58, 0.42, 0.23)),
            "beach": ((0.5, 0.41, 0.27), (0.58, 0.48, 0.33)),
            "snow": ((0.5, 0.53, 0.6), (0.62, 0.65, 0.72)),
            "water": ((0.02, 0.08, 0.12), (0.03, 0.1, 0.15)),
            "rock": ((0.25, 0.2, 0.17), (0.36, 0.3, 0.25)),
            "pavement": ((0.18, 0.18, 0.19), (0.26, 0.26, 0.27)),
            "moon": ((0.22, 0.22, 0.22), (0.32, 0.32, 0.31)),
            "clouds": ((0.22, 0.25, 0.34), (0.62, 0.63, 0.68)),  # billows lit on top, shaded between
        }
        values["ground_albedo"], values["ground_albedo_2"] = palettes.get(ground, palettes["grass"])
        if self.ground_tint is not None:  # "pink sand dunes": the named colour, as bright as the ground's own
            tint = np.asarray(self.ground_tint, np.float32)
            for key in ("ground_albedo", "ground_albedo_2"):
                base = np.asarray(values[key], np.float32)
                lit = tint * (float(base.mean()) / max(float(tint.mean()), 1e-3))
                values[key] = tuple(float(c) for c in np.clip(base * 0.25 + lit * 0.75, 0.0, 0.9))
        if ground == "sand" and time == "day":
            values.update(horizon=(0.85, 0.78, 0.65), fog=(0.85, 0.78, 0.65), clouds=0.1)
        if ground == "clouds":  # a high, clear sky over a white floor, the haze at the horizon white too
            values.update(horizon=(0.75, 0.82, 0.95), fog=(0.85, 0.88, 0.95), clouds=0.2, fog_distance_m=400.0)
        if ground == "snow" and time == "day":  # a clear cold sky: blue enough for white peaks to stand out
            values.update(horizon=(0.5, 0.64, 0.86), fog=(0.62, 0.72, 0.88), clouds=0.5)
        if self.weather == "fog" and self.setting == "outdoor":
            # the far world fades into a pale (or, at night, dark) grey within a few dozen metres
            grey = (0.09, 0.1, 0.14) if time == "night" else (0.62, 0.64, 0.66)  # moonlit or daylit mist
            # the mist thickens with distance on the scale of the scene, so a big subject (a mansion) still shows
            values.update(fog=grey, horizon=grey, zenith=tuple(c * 0.92 for c in grey),
                          fog_distance_m=max(45.0, self.room_half * 9.0),
                          clouds=0.0, stars=False)
        if self.weather == "sandstorm" and self.setting == "outdoor":
            # a wall of blown sand: an ochre sky, a low orange sun and the far world gone in dust
            dust = (0.2, 0.12, 0.06) if time == "night" else (0.78, 0.52, 0.26)
            values.update(fog=dust, horizon=dust, zenith=tuple(c * 0.7 for c in dust), fog_distance_m=70.0,
                          clouds=0.0, stars=False, sun_colour=(2.2, 1.5, 0.8), sky_ambient=(0.55, 0.4, 0.26))
        if self.weather == "storm" and self.setting == "outdoor" and time != "night":
            values.update(zenith=(0.12, 0.13, 0.16), horizon=(0.3, 0.31, 0.34), sun_colour=(0.5, 0.52, 0.6),
                          sky_ambient=(0.32, 0.33, 0.38), fog=(0.28, 0.29, 0.32), clouds=1.0, fog_distance_m=120.0)
        if self.time == "overcast" and self.weather in ("clear", "cloudy") and self.setting == "outdoor" \
                and any(w in MOOD_SPOOKY for w in self.words):
            values.update(zenith=(0.2, 0.2, 0.24), horizon=(0.36, 0.35, 0.36), sun_colour=(0.7, 0.68, 0.7),
                          sky_ambient=(0.36, 0.36, 0.4), fog=(0.34, 0.33, 0.34))  # grim: a low, dark sky
        if self.ground == "moon":
            values.update(zenith=(0.0, 0.0, 0.004), horizon=(0.01, 0.01, 0.02), sun_dir=_unit((0.6, 0.35, -0.5)),
                          sun_colour=(3.2, 3.1, 3.0), sky_ambient=(0.05, 0.05, 0.07), clouds=0.0, stars=True,
                          moon=False, fog=(0.0, 0.0, 0.0), fog_distance_m=1e6)
        if self.underwater:
            values.update(zenith=(0.1, 0.45, 0.5), horizon=(0.02, 0.14, 0.18), sun_dir=_unit((0.2, 0.95, 0.1)),
                          sun_colour=(0.9, 1.5, 1.5), sky_ambient=(0.12, 0.35, 0.38), fog=(0.02, 0.14, 0.18),
                          fog_distance_m=28.0, clouds=0.0, stars=False, moon=False)
        if self.setting == "space":
            values.update(zenith=(0.0, 0.0, 0.004), horizon=(0.0, 0.0, 0.006), sun_dir=_unit((0.6, 0.5, -0.6)),
                          sun_colour=(4.0, 3.8, 3.5), sky_ambient=(0.03, 0.03, 0.05), clouds=0.0, stars=True,
                          moon=False, ground="rock", ground_albedo=(0.2, 0.19, 0.18), ground_albedo_2=(0.3, 0.29, 0.27),
                          fog=(0.0, 0.0, 0.0), fog_distance_m=1e6)
        if self.setting == "interior":
            floor_a, floor_b = FINISHES.get(self.room, FINISHES["plaster"])[3:]
            warm = self.room in ("wood", "stone")  # fire and lamp light; a station is lit cool and white
            values.update(sun_dir=_unit((0.3, 0.9, 0.25)),
                          sun_colour=(2.2, 1.9, 1.5) if warm else (2.0, 2.1, 2.3),
                          sky_ambient=(0.45, 0.36, 0.28) if warm else (0.4, 0.43, 0.48),
                          clouds=0.2, ground="floor", ground_albedo=floor_a, ground_albedo_2=floor_b,
                          fog=(0.5, 0.45, 0.4), fog_distance_m=1e6)
            if self.dim:  # "a dim retro arcade", "폐병원", "a tavern at night": the room's lights are low
                values.update(sun_colour=tuple(c * 0.45 for c in values["sun_colour"]),  # type: ignore[union-attr]
                              sky_ambient=tuple(c * 0.4 for c in values["sky_ambient"]))  # type: ignore[union-attr]
        if self.sky_tint is not None:  # the named colour over the time of day's own gradient
            tint = np.asarray(self.sky_tint, np.float32)
            for key in ("zenith", "horizon"):
                base = np.asarray(values.get(key, getattr(self, key)), np.float32)
                lit = tint * max(float(base.mean()) / max(float(tint.mean()), 1e-3), 0.05)
                values[key] = tuple(float(c) for c in base * 0.35 + lit * 0.65)
        distance = float(values.get("fog_distance_m", self.fog_distance_m))  # type: ignore[arg-type]
        if self.setting == "outdoor" and distance >= 120.0 and self.weather not in ("fog", "sandstorm") \
                and not self.underwater:
            # a big subject (a hangar, a race track) is framed from far off: the air's haze scales with it, so it
            # is not drowned in the fog that keeps a small one's far hills soft
            values["fog_distance_m"] = max(distance, 20.0 * self.room_half)
        values["layers"] = self._layers(values)
        return _replace(self, **values)

    def _layers(self, values: dict[str, object]) -> tuple[TerrainLayer, ...]:
        if self.setting != "outdoor":
            return ()
        fog = np.asarray(values.get("fog", self.fog))
        ground = np.asarray(values.get("ground_albedo", self.ground_albedo))
        dark = 0.35 if self.time != "night" else 0.08
        layers: list[TerrainLayer] = []

        thick = 0.85 if self.weather == "fog" else (0.6 if self.underwater or self.weather == "sandstorm" else 0.0)  # mist hides the far world

        def tint(colour: Vec, haze: float) -> Vec:
            haze = haze + (1 - haze) * thick
            mixed = np.asarray(colour) * (1 - haze) + fog * haze
            return tuple(float(c) for c in mixed)  # type: ignore[return-value]

        features = set(self.features) - SKY_FEATURES
        if self.ground == "clouds":
            return ()  # above the clouds nothing stands on the horizon
        if self.ground == "moon":
            return (TerrainLayer("hills", (0.16, 0.16, 0.16), 0.0, 3.0, 700.0, self.seed + 3),)
        if self.ground == "snow":
            features.add("mountains")
        if "mountains" in features or (not features and self.ground in ("grass", "rock")):
            rock = (0.34, 0.38, 0.48) if self.ground == "snow" else (0.22, 0.24, 0.3)  # snowfields: blue-grey peaks
            if "mountains" in self.features:  # the prompt names them: a range standing all round, not a far rim
                dark = np.asarray(rock) * 0.3  # rock faces in shade: the range reads against a pale sky
                layers.append(TerrainLayer("peaks", tint(tuple(dark), 0.15), 0.0, 26.0, 4000.0, self.seed + 1))
                layers.append(TerrainLayer("peaks", tint(tuple(dark * 0.7), 0.05), 0.0, 12.0, 1500.0,
                                           self.seed + 2))
            else:
                layers.append(TerrainLayer("mountains", tint(rock, 0.55), 0.0, 12.0, 4000.0, self.seed + 1))
                layers.append(TerrainLayer("mountains", tint(tuple(np.asarray(rock) * 0.8), 0.3), 0.0, 6.0, 1500.0,
                                           self.seed + 2))
        if "canyon" in features:
            # banded red rock walls: a far rim and a near wall, both steep-sided with flat tops
            rock = (0.42, 0.17, 0.07) if self.ground != "snow" else (0.3, 0.26, 0.26)
            layers.append(TerrainLayer("canyon", tint(rock, 0.35), 0.0, 16.0, 1200.0, self.seed + 8))
            layers.append(TerrainLayer("canyon", tint(tuple(np.asarray(rock) * 0.75), 0.08), 0.0, 30.0, 300.0,
                                       self.seed + 9))
        if "hills" in features:
            layers.append(TerrainLayer("hills", tint(tuple(ground * 0.9), 0.35), 0.0, 4.0, 600.0, self.seed + 3))
        if "dunes" in features or self.ground == "sand":
            layers.append(TerrainLayer("dunes", tint(tuple(ground * 0.95), 0.3), 0.0, 3.0, 500.0, self.seed + 4))
        if "city" in features or self.ground == "pavement":
            layers.append(TerrainLayer("city", tint((0.25, 0.27, 0.32), 0.45), 0.0, 9.0, 900.0, self.seed + 5))
        if "trees" in features:
            leaves = (0.05, 0.13, 0.05) if self.ground != "snow" else (0.12, 0.2, 0.16)
            if self.forest in ("bamboo", "birch tree", "cherry tree"):  # light, airy canopies
                leaves = {"bamboo": (0.16, 0.3, 0.08), "birch tree": (0.2, 0.3, 0.08),
                          "cherry tree": (0.6, 0.32, 0.4)}[self.forest]
            layers.append(TerrainLayer("trees", tint(leaves, 0.45), 0.0, 7.0, 250.0, self.seed + 6))
            layers.append(TerrainLayer("trees", tint(tuple(np.asarray(leaves) * dark / 0.35), 0.1), 0.0, 14.0, 60.0,
                                       self.seed + 7))
        return tuple(layers)

    # -- look-ups -----------------------------------------------------------------------------
    @property
    def sun(self) -> np.ndarray:
        """Unit vector towards the sun (or moon)."""
        vector = np.asarray(self.sun_dir, np.float32)
        return vector / np.linalg.norm(vector)

    def other_sun(self, index: int, first: "Vec | np.ndarray | None" = None) -> np.ndarray:
        """Where the ``index``-th extra sun (or moon) hangs: turned 22° per index about the vertical from the
        first, a little lower, so a default camera facing the first sees them together."""
        base = np.asarray(first if first is not None else self.sun, np.float64)
        angle = math.radians(22.0 * index)
        c, s = math.cos(angle), math.sin(angle)
        x, y, z = base
        turned = np.array([c * x + s * z, max(0.08, y * 0.75), -s * x + c * z])
        return (turned / np.linalg.norm(turned)).astype(np.float32)

    def ambient(self, normals: np.ndarray) -> np.ndarray:
        """Hemisphere light: sky from above, ground bounce from below."""
        up = np.clip(normals[..., 1:2] * 0.5 + 0.5, 0.0, 1.0)
        bounce = np.asarray(self.ground_albedo, np.float32) * np.asarray(self.sun_colour, np.float32) * 0.25
        return up * np.asarray(self.sky_ambient, np.float32) + (1 - up) * bounce

    def sky(self, dirs: np.ndarray, *, detail: bool = True) -> np.ndarray:
        """Sky colour (…, 3) seen along unit directions ``dirs`` (…, 3), terrain excluded."""
        dirs = np.asarray(dirs, np.float32)
        y = dirs[..., 1:2]
        elevation = np.clip(y, 0.0, 1.0)
        t = np.sqrt(elevation)
        colour = (1 - t) * np.asarray(self.horizon, np.float32) + t * np.asarray(self.zenith, np.float32)
        sun = self.sun
        cos_sun = np.clip(dirs @ sun, -1.0, 1.0)[..., None]
        sun_rgb = np.asarray(self.sun_colour, np.float32)
        if self.setting == "space":
            colour = colour + self._nebula(dirs) if detail else colour
        if self.time in ("sunset", "dawn"):
            glow = np.clip(cos_sun, 0, 1) ** 6 * np.exp(-np.abs(y) * 6)
            colour = colour + glow * sun_rgb * 0.25
        if self.time != "night":
            # the bodies counted are moons ("two moons at dusk"): one sun beside them
            for index in range(min(self.suns, 4) if self.setting == "outdoor" and not self.moons else 1):
                cos_this = cos_sun if index == 0 else np.clip(dirs @ self.other_sun(index), -1.0, 1.0)[..., None]
                size = 1.2 if index == 0 else 0.9  # the others a little smaller, so they read as more than a glare
                colour = colour + (np.clip(cos_this, 0, 1) ** 64) * sun_rgb * 0.25
                disc = (cos_this > np.cos(np.radians(size))).astype(np.float32)
                colour = colour + disc * sun_rgb * (8.0 if self.setting != "interior" else 2.0)
        if detail and self.clouds > 0 and self.setting != "space":
            colour = self._clouds(dirs, colour, cos_sun)
        if detail and self.stars:
            colour = colour + self._stars(dirs)
        if "aurora" in self.features and self.setting == "outdoor":
            colour = colour + self._aurora(dirs)
        if self.moon:
            for index in range(min(self.moons or self.suns, 4)):  # "two moons over the castle"
                moon_dir = _unit((-0.35, 0.45, -0.8)) if index == 0 else self.other_sun(index, _unit((-0.35, 0.45, -0.8)))
                cos_moon = (dirs @ moon_dir)[..., None]
                colour = colour + (cos_moon > np.cos(np.radians(1.6))) * np.float32(1.6) + np.clip(cos_moon, 0, 1) ** 200 * 0.15
        return colour.astype(np.float32)

    def _clouds(self, dirs: np.ndarray, colour: np.ndarray, cos_sun: np.ndarray) -> np.ndarray:
        cloud, cloud_colour = self.cloud_cover(dirs, cos_sun)
        return colour * (1 - cloud[..., None]) + cloud_colour * cloud[..., None]

    def cloud_cover(self, dirs: np.ndarray, cos_sun: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Cloud opacity (…) and lit cloud colour (…, 3) along ``dirs``."""
        y = dirs[..., 1]
        up = np.maximum(y, 0.02)
        u, v = dirs[..., 0] / up * 1.4, dirs[..., 2] / up * 1.4  # where the ray meets a cloud layer
        density = fbm(u, v, octaves=4, seed=self.seed + 100)
        coverage = float(self.clouds)
        cloud = np.clip((density - (0.62 - 0.3 * coverage)) * 3.5, 0.0, 1.0)
        cloud *= np.clip(y * 8.0, 0.0, 1.0)  # thin out towards the horizon, none below it
        lit = np.asarray(self.sun_colour, np.float32) * 0.28 + np.asarray(self.sky_ambient, np.float32) * 0.8
        if self.time == "night":
            lit = np.asarray(self.horizon, np.float32) * 1.5
        shade = 0.75 + 0.25 * np.clip(cos_sun, 0, 1)
        return cloud.astype(np.float32), (lit * shade).astype(np.float32)

    def _stars(self, dirs: np.ndarray) -> np.ndarray:
        cells = np.floor(dirs * 420.0).astype(np.int64)
        h = (cells[..., 0] * 73856093) ^ (cells[..., 1] * 19349663) ^ (cells[..., 2] * 83492791) ^ self.seed
        h = (h * 2654435761) & 0xFFFFFFFF
        rnd = (h % 100000) / 100000.0
        threshold = 0.993 if self.setting == "space" else 0.996
        bright = np.where(rnd > threshold, (rnd - threshold) / (1 - threshold), 0.0).astype(np.float32)
        visible = 1.0 if self.setting == "space" else np.clip(dirs[..., 1] * 5, 0, 1)
        return (bright * visible * 1.5)[..., None] * np.array([0.9, 0.95, 1.0], np.float32)

    def _aurora(self, dirs: np.ndarray) -> np.ndarray:
        """Northern lights: green curtains whose lower hem waves along the sky and whose rays fade upwards into
        violet, seamless round the horizon (the noise is read on the unit circle of azimuth)."""
        azimuth = np.arctan2(dirs[..., 0], -dirs[..., 2])
        elevation = np.degrees(np.arcsin(np.clip(dirs[..., 1], -1.0, 1.0)))
        cx, cz = np.cos(azimuth) * 1.8, np.sin(azimuth) * 1.8
        hem = 18.0 + 16.0 * fbm(cx + 7.0, cz, octaves=3, seed=self.seed + 400)  # degrees above the horizon
        above = elevation - hem
        body = np.where(above >= 0, np.exp(-above / 14.0), np.exp(-(above / 2.5) ** 2))
        rays = 0.45 + 0.55 * value_noise(cx * 22.0, cz * 22.0, seed=self.seed + 401)
        patches = np.clip(fbm(cx * 0.9 - 3.0, cz * 0.9, octaves=2, seed=self.seed + 402) * 1.6 - 0.35, 0.0, 1.0)
        strength = (body * rays * patches * (elevation > 0))[..., None].astype(np.float32)
        top = np.clip(above / 25.0, 0.0, 1.0)[..., None]
        tint = (1 - top) * np.array([0.1, 0.9, 0.45], np.float32) + top * np.array([0.45, 0.15, 0.6], np.float32)
        return strength * tint * np.float32(0.9)

    def _nebula(self, dirs: np.ndarray) -> np.ndarray:
        # noise on two planes blended by direction: smooth everywhere, seamless in longitude
        a = fbm(dirs[..., 0] * 2.0 + 3, dirs[..., 1] * 2.0 + dirs[..., 2] * 1.3, octaves=4, seed=self.seed + 300)
        b = fbm(dirs[..., 2] * 2.2 - 5, dirs[..., 1] * 1.7 - dirs[..., 0], octaves=3, seed=self.seed + 301)
        band = np.exp(-(dirs[..., 1] * 2.5 - 0.3 * dirs[..., 0]) ** 2)
        glow = np.clip(a - 0.45, 0, 1)[..., None] * np.array([0.25, 0.06, 0.3], np.float32)
        glow += np.clip(b - 0.5, 0, 1)[..., None] * np.array([0.03, 0.12, 0.25], np.float32)
        return glow * band[..., None]

    def terrain(self, dirs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Silhouette colour and coverage (0/1) plus distance for directions above the horizon."""
        azimuth = np.arctan2(dirs[..., 0], -dirs[..., 2])  # 0 straight ahead (-Z)
        index = ((azimuth / (2 * np.pi)) % 1.0 * PROFILE_SAMPLES).astype(np.int64) % PROFILE_SAMPLES
        elevation = np.degrees(np.arcsin(np.clip(dirs[..., 1], -1, 1)))
        return self._terrain(index, elevation, dirs.shape[:-1])

    def terrain_equirect(self, width: int, height: int, rows: int) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`terrain` for the top ``rows`` rows of a ``width`` x ``height`` equirectangular image.

        There azimuth is a function of the column and elevation of the row, so each ridge is looked
        up once per column and compared with one elevation per row (not per pixel)."""
        lon = -np.pi + (np.arange(width, dtype=np.float64) + 0.5) * (2 * np.pi / width)
        lat = 90.0 - (np.arange(rows, dtype=np.float64) + 0.5) * (180.0 / height)
        index = ((lon / (2 * np.pi)) % 1.0 * PROFILE_SAMPLES).astype(np.int64) % PROFILE_SAMPLES
        return self._terrain(index[None, :], lat.astype(np.float32)[:, None], (rows, width))

    def _terrain(self, index: np.ndarray, elevation: np.ndarray, shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
        """The layers painted far to near, for profile ``index`` and ``elevation`` (degrees) that
        broadcast to ``shape``."""
        colour = np.zeros(shape + (3,), np.float32)
        covered = np.zeros(shape, bool)
        distance = np.full(shape, np.inf, np.float32)
        for layer in sorted(self.layers, key=lambda item: -item.distance_m):  # far to near
            ridge = layer.base_deg + layer.height_deg * _profile(layer)[index]
            hit = (elevation <= ridge) & (elevation > -2.0)
            shade = np.asarray(layer.colour, np.float32)
            colour[hit] = shade
            if layer.kind in ("mountains", "peaks") and (self.ground == "snow" or layer.kind == "peaks"):
                capped = hit & (elevation > layer.base_deg + (ridge - layer.base_deg) * 0.72 + 0.5)
                colour[capped] = self._snowcap(shade)
            elif layer.kind == "canyon":  # strata: bands of lighter and darker rock up the wall
                at_elevation = np.broadcast_to(elevation, shape)[hit]
                band = 0.82 + 0.18 * np.sin(at_elevation * (2.2 if layer.distance_m < 500 else 4.0))
                colour[hit] = shade * band[:, None].astype(np.float32)
            elif layer.kind == "city" and self.time in ("night", "sunset"):
                # the window pattern follows the profile index so it repeats exactly once per turn
                at_index = np.broadcast_to(index, shape)[hit]
                at_elevation = np.broadcast_to(elevation, shape)[hit]
                windows = value_noise(at_index / 8.0, at_elevation * 3, seed=layer.seed) > 0.72
                colour[hit] += windows[:, None] * np.array([0.9, 0.7, 0.3], np.float32)
            covered |= hit
            distance[hit] = layer.distance_m
        return colour, np.stack([covered.astype(np.float32), distance], -1)

    def _snowcap(self, rock: np.ndarray) -> np.ndarray:
        """The snow on a peak: brighter than the rock below it, lit by the sky's light."""
        lit = np.asarray(self.sky_ambient, np.float32) * 1.6 + np.asarray(self.sun_colour, np.float32) * 0.12
        return np.maximum(rock * 1.25, lit * 0.9).astype(np.float32)

    def ground_albedo_at(self, x: np.ndarray, z: np.ndarray) -> np.ndarray:
        """Ground colour (…, 3) at world points (x, z): two tones mixed by noise, plus patterns."""
        if self.ground == "floor":
            plank = (np.floor(x * 4.0 + 0.5) % 2).astype(np.float32)
            grain = value_noise(x * 4.0, z * 0.6, seed=self.seed + 7)
            mix = np.clip(0.35 * plank + 0.65 * grain, 0, 1)
        elif self.ground == "pavement":
            tiles = ((np.floor(x) + np.floor(z)) % 2).astype(np.float32)
            mix = np.clip(0.3 * tiles + 0.7 * value_noise(x * 3, z * 3, seed=self.seed + 8), 0, 1)
        elif self.ground == "water":
            mix = value_noise(x * 0.7 + z * 0.2, z * 2.5, seed=self.seed + 9)
        elif self.ground == "clouds":  # big soft billows, bright crowns and grey hollows
            mix = np.clip(fbm(x * 0.09, z * 0.09, octaves=4, seed=self.seed + 11) * 2.2 - 0.6, 0, 1) ** 0.6
        else:
            mix = fbm(x * 0.6, z * 0.6, octaves=3, seed=self.seed + 10)
        a = np.asarray(self.ground_albedo, np.float32)
        b = np.asarray(self.ground_albedo_2, np.float32)
        albedo = a + (b - a) * mix[..., None]
        if self.ground == "beach":
            albedo = self._sea_beyond_the_sand(albedo, x, z)
        if self.river:
            albedo = self._river_across(albedo, x, z)
        return albedo

    # A river runs from the horizon behind the subject past its right side and on towards the viewer, winding
    RIVER_OFFSET_M, RIVER_HALF_M = 7.0, 2.2

    def _river_across(self, ground: np.ndarray, x: np.ndarray, z: np.ndarray) -> np.ndarray:
        centre = self.RIVER_OFFSET_M + 4.0 * np.sin(z * 0.045) + 2.0 * np.sin(z * 0.013 + 1.0)
        half = self.RIVER_HALF_M * (1.0 + np.clip(-z, 0, 400) / 120.0)  # wider far away, so it reads on the horizon
        off = np.abs(x - centre) / half  # < 1 in the water
        ripple = value_noise(x * 0.6, z * 0.15, seed=self.seed + 13)
        water = np.array([0.03, 0.12, 0.2], np.float32) + np.array([0.03, 0.06, 0.08], np.float32) * ripple[..., None]
        bank = np.array([0.3, 0.26, 0.17], np.float32)
        out = np.where((off < 1.25)[..., None], bank, ground)  # a strip of bare bank either side
        return np.where((off < 1.0)[..., None], water, out).astype(np.float32)

    # A beach ("바닷가", "seaside") is sand running down to the sea: beyond a wavy shoreline behind the
    # subject the ground is water, with a band of surf where they meet
    SHORE_M = 9.0

    def _sea_beyond_the_sand(self, sand: np.ndarray, x: np.ndarray, z: np.ndarray) -> np.ndarray:
        wobble = (value_noise(x * 0.08, np.zeros_like(x), seed=self.seed + 11) - 0.5) * 4.0
        depth = -(z + 0.35 * x) - self.SHORE_M - wobble  # > 0 out at sea
        sea_a, sea_b = np.array([0.03, 0.16, 0.24], np.float32), np.array([0.05, 0.24, 0.32], np.float32)
        ripple = value_noise(x * 0.5 + z * 0.2, z * 2.0, seed=self.seed + 12)
        sea = sea_a + (sea_b - sea_a) * ripple[..., None]
        foam = np.exp(-np.square(depth / 0.6))[..., None] * 0.8  # surf breaking on the sand
        wet = np.clip(1.0 - np.abs(depth + 1.0), 0, 1)[..., None] * 0.35  # darker wet sand
        out = np.where((depth > 0)[..., None], sea, sand * (1.0 - wet))
        return (out * (1.0 - foam) + np.float32(0.85) * foam).astype(np.float32)

    def apply_fog(self, colour: np.ndarray, distance: np.ndarray) -> np.ndarray:
        """Blend towards the fog colour with distance (aerial perspective)."""
        amount = 1.0 - np.exp(-np.asarray(distance, np.float32) / float(self.fog_distance_m))
        amount = np.clip(amount, 0.0, 1.0)[..., None]
        return colour * (1 - amount) + np.asarray(self.fog, np.float32) * amount


@lru_cache(maxsize=64)  # bounded: seeds come from prompts, and a server renders for ever
def _profile(layer: TerrainLayer) -> np.ndarray:
    """The layer's silhouette height over one turn, in [0, 1], cached."""
    rng = np.random.default_rng(layer.seed)
    phi = np.arange(PROFILE_SAMPLES) / PROFILE_SAMPLES
    if layer.kind == "mountains":
        curve = periodic_profile(PROFILE_SAMPLES, harmonics=48, seed=layer.seed, roughness=1.1)
        curve = curve ** 1.5
    elif layer.kind == "peaks":  # a named range: jagged, and never lower than a third of its height
        curve = periodic_profile(PROFILE_SAMPLES, harmonics=64, seed=layer.seed, roughness=0.9)
        curve = 0.3 + 0.7 * curve ** 1.2
    elif layer.kind == "canyon":  # mesas: plateaus with steep sides, a few gaps between the walls
        curve = periodic_profile(PROFILE_SAMPLES, harmonics=14, seed=layer.seed, roughness=1.3)
        curve = np.clip((curve - 0.3) * 3.5, 0.0, 1.0) ** 0.5 * (0.85 + 0.15 * curve)
    elif layer.kind in ("hills", "dunes"):
        curve = periodic_profile(PROFILE_SAMPLES, harmonics=10 if layer.kind == "hills" else 16, seed=layer.seed,
                                 roughness=1.6)
    elif layer.kind == "trees":
        count = 420 if layer.distance_m < 100 else 900
        centres = rng.random(count)
        widths = rng.uniform(0.0015, 0.004, count) * (2.5 if layer.distance_m < 100 else 1.0)
        heights = rng.uniform(0.35, 1.0, count)
        curve = np.zeros(PROFILE_SAMPLES, np.float32)
        for start in range(0, count, 64):  # blocks of trees at once: a (64, samples) array each
            sl = slice(start, start + 64)
            gap = np.abs(((phi[None, :] - centres[sl, None]) + 0.5) % 1.0 - 0.5)  # wraps around the turn
            cone = heights[sl, None] * np.clip(1 - gap / widths[sl, None], 0, 1)
            curve = np.maximum(curve, cone.max(axis=0))
    else:  # city blocks
        edges = np.sort(rng.random(160))
        heights = rng.uniform(0.15, 1.0, 160) ** 1.5
        slot = np.searchsorted(edges, phi) % 160
        curve = heights[slot].astype(np.float32)
    return curve.astype(np.float32)


def _unit(vector: Vec) -> Vec:
    array = np.asarray(vector, np.float64)
    array = array / np.linalg.norm(array)
    return tuple(float(c) for c in array)  # type: ignore[return-value]


def _replace(env: Environment, **values: object) -> Environment:
    from dataclasses import replace

    return replace(env, **values)  # type: ignore[arg-type]


def _linear(colour: str) -> Vec:
    """A colour name (:data:`tools.scene.materials.COLOURS`) as linear RGB."""
    from tools.scene.materials import COLOURS, srgb_to_linear

    return srgb_to_linear(COLOURS[colour])
