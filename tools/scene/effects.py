"""What moves in a shot, read from the prompt (English and Korean): flames flickering, bubbles,
smoke, rain on a window pane, and how the camera moves.

The weather itself is the setting's (:mod:`tools.scene.setting`); this adds the motion words a
video needs and the things a still also shows (bubbles over a potion, smoke over a fire).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tools.scene.setting import Setting, words_of

FLICKER_WORDS = ("flicker", "flickering", "flickers", "burning", "crackling", "blazing", "flame", "flames", "fire",
                 "깜빡", "깜빡이는", "일렁이는", "일렁", "타오르는", "타는", "불꽃", "흔들리는")
BUBBLE_WORDS = ("bubbling", "bubble", "bubbles", "bubbly", "boiling", "fizzing", "fizzy", "simmering", "보글보글",
                "보글거리는", "보글", "끓는", "끓어오르는", "거품", "부글부글", "부글거리는")
SMOKE_WORDS = ("smoke", "smoking", "smoky", "steam", "steaming", "vapour", "vapor", "fumes", "연기", "김", "증기",
               "연기나는", "피어오르는")
GLASS_WORDS = ("glass", "window", "windows", "pane", "windowpane", "유리", "유리창", "창문", "창", "창가")
# kinds whose emissive parts are flames: they always flicker in a video
FIRE_KINDS = frozenset({"campfire", "torch", "candle", "fireplace", "lantern", "chandelier", "paper_lantern"})
# kinds that are a view from one side and move by themselves: the shot holds on their face, never circles
# round to their back
VISTA_KINDS = frozenset({"wave", "waterfall"})

# camera moves: push in (dolly toward / zoom), a fixed camera (loops), or circling the subject
_PUSH_IN = re.compile(r"dolly|push(?:ing)?\s*-?\s*in|zoom(?:s|ing)?\s*(?:in)?|toward|towards|approach|moving\s+forward|"
                      r"forward|fly(?:ing)?\s+(?:in|toward|into)|closer|다가가|다가오|줌\s*인|줌|전진|앞으로|돌리\s*샷|"
                      r"달리\s*샷|클로즈업으로|drone|crane\s*shot|rising|드론|올라가|상승", re.IGNORECASE)
_ORBIT = re.compile(r"turn\s*-?\s*table|spin|rotat|orbit|circl|around\s+(?:it|the)|360|회전|돌아가|빙글|주위를\s*도", re.IGNORECASE)
_PAN = re.compile(r"\bpan(?:s|ning|ned)?\b|look(?:ing)?\s+around|sweep(?:ing)?\s+(?:view|shot)|패닝|팬\s*샷|둘러보", re.IGNORECASE)
# A camera high above the land, looking down as it goes ("fly over a valley", "드론샷", "마을 위를 내려다보며")
AERIAL = re.compile(r"(?:fly|flies|flying|flew|soar(?:s|ing)?|glid(?:es|ing))[\s-]*over|flyover|aerial|bird'?s[\s-]*eye|drone|드론|상공|항공|"
                    r"위를\s*(?:날|지나)|내려다보", re.IGNORECASE)


def aerial_view(text: str) -> bool:
    """Whether the words ask for the land seen from high above, looking down."""
    return bool(AERIAL.search(text))


# A camera that keeps pace with a moving subject: it stays on the subject, seen large from the side
_FOLLOW = re.compile(r"follow(?:s|ing)?\b|tracking\s+(?:shot|camera)|track(?:s|ing)?\s+(?:him|her|it|them)|side[- ]?scroll|"
                     r"chase\s+cam|따라가|따라다니|따라오|추적|횡스크롤|사이드\s*스크롤", re.IGNORECASE)
_STILL = re.compile(r"loop|looping|loopable|cinemagraph|still\s+camera|static|idle|루프|반복|고정", re.IGNORECASE)


@dataclass(frozen=True)
class Effects:
    """Living effects for the renderer (:mod:`tools.render.weather`)."""

    weather: str = "clear"  # clear | cloudy | rain | storm | snow | fog
    on_glass: bool = False  # rain seen through a window pane
    flicker: bool = False
    bubbles: bool = False
    smoke: bool = False
    tint: tuple[int, int, int] | None = None  # sRGB of bubbles and smoke when the prompt names a colour
    flicker_asked: bool = False  # the words ask for it, or the main subject is a fire (not a lamp among many)
    vista: bool = False  # the main subject is one-sided and moving (waves, a waterfall)

    @property
    def moving(self) -> bool:
        """True when something in the shot moves by itself (drawn on every frame)."""
        return self.weather in ("rain", "storm", "snow") or self.flicker or self.bubbles or self.smoke

    @property
    def is_the_point(self) -> bool:
        """True when what moves by itself is what the shot is about, so a still camera shows it best
        (a flickering torch, rain; not the lanterns somewhere in a market)."""
        return (self.weather in ("rain", "storm", "snow", "sandstorm") or self.flicker_asked or self.bubbles
                or self.smoke or self.vista)

    def meta(self) -> list[str]:
        """The effect names, for ``meta.effects``."""
        names = [self.weather] if self.weather in ("rain", "storm", "snow", "fog") else []
        names += [name for name, on in (("rain on glass", self.on_glass), ("flicker", self.flicker),
                                         ("bubbles", self.bubbles), ("smoke", self.smoke)) if on]
        return names


def read_effects(text: str, setting: Setting, kinds: list[str] = ()) -> Effects:  # type: ignore[assignment]
    """The effects ``text`` asks for; ``kinds`` are the scene's object kinds in prompt order (every
    fire flickers; the first one named is what the shot is about)."""
    from tools.scene.materials import COLOURS
    from tools.scene.prompt import COLOUR_WORDS

    words = words_of(text)
    lowered = text.lower()
    bubbles = any(w in BUBBLE_WORDS for w in words) or "보글" in lowered or "부글" in lowered
    smoke = any(w in SMOKE_WORDS for w in words)
    flicker_words = any(w in FLICKER_WORDS for w in words) or "깜빡" in lowered
    flicker = flicker_words or bool(FIRE_KINDS & set(kinds))
    flicker_asked = flicker_words or (bool(kinds) and kinds[0] in FIRE_KINDS)
    tint = None
    if bubbles or smoke:
        effect_at = min((i for i, w in enumerate(words) if w in BUBBLE_WORDS or w in SMOKE_WORDS), default=len(words))
        colours = [(i, COLOUR_WORDS[w]) for i, w in enumerate(words) if w in COLOUR_WORDS]
        before = [c for i, c in colours if i <= effect_at]
        name = before[-1] if before else (colours[0][1] if colours else None)
        if name is not None:
            hex_colour = COLOURS[name].lstrip("#")
            tint = tuple(min(255, int(hex_colour[i:i + 2], 16) + 40) for i in (0, 2, 4))  # a lit, lighter shade
    on_glass = setting.weather in ("rain", "storm") and any(w in GLASS_WORDS for w in words)
    weather = setting.weather
    if setting.interior and any(kind != "window" for kind in kinds):
        # "a ramen shop at night, rain on the window": the rain is outside; the room is seen dry and sharp, not
        # through a lens of falling streaks and drops
        weather, on_glass = "clear", False
    return Effects(weather=weather, on_glass=on_glass, flicker=flicker, bubbles=bubbles, smoke=smoke,
                   tint=tint, flicker_asked=flicker_asked,
                   vista=bool(kinds) and kinds[0] in VISTA_KINDS)  # type: ignore[arg-type]


def camera_move(text: str, effects: Effects | None = None) -> str:
    """How a video's camera moves: ``pan`` (turning in place, looking round the scene), ``push-in``
    (a dolly or zoom toward the subject), ``follow`` (keeping pace with a moving subject: it stays
    large in frame), ``still`` (a fixed camera for a loop of something that moves by itself) or
    ``orbit`` (the default turntable)."""
    if _ORBIT.search(text):
        return "orbit"
    if _PAN.search(text):
        return "pan"
    if _FOLLOW.search(text):
        return "follow"
    if _PUSH_IN.search(text):
        return "push-in"
    if _STILL.search(text) or (effects is not None and effects.is_the_point):
        return "still"
    return "orbit"
