"""The one reading of a prompt that mesh, image, panorama, video and level share.

:func:`parse_scene` returns a :class:`Scene`: the objects to build (kind, count, colour,
material, size, how they are arranged), the setting (place, inside or out, time of day, weather,
ground, features, mood), the nouns nothing could be built for (``unmatched``), the nearest-kind
stand-ins used (``substitutions``) and the output formats the words asked for. A named place
brings its furnishing when the prompt lists few objects of its own. :meth:`Scene.meta` is what
every visual artifact records as ``meta.scene``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from agent.errors import ToolError
from tools.formats import requested_formats
from tools.nearest import TextEncoder
from tools.scene.prompt import MAX_OBJECTS, ObjectRequest, ParsedPrompt, Relation, parse_prompt
from tools.scene.setting import PLACES_BY_NAME, Setting, read_setting, words_of

# Things a scene renderer cannot draw: lettering and interface art. They are never objects; the reply says
# so plainly (and nothing is made when they are all the prompt asks for).
UNDRAWABLE_WORDS = frozenset((
    "logo", "logos", "logotype", "wordmark", "lettering", "text", "texts", "font", "fonts", "typography", "caption",
    "ui", "hud", "gui", "button", "buttons", "menu", "menus", "banner", "banners", "interface", "healthbar",
    "로고", "글자", "텍스트", "폰트", "배너", "버튼", "메뉴", "인터페이스", "타이포", "타이포그래피", "자막", "문구", "레터링"))
# Words for a room's own surfaces: inside, these are the room, never objects standing in it
ROOM_SURFACE_WORDS = frozenset(("wall", "walls", "벽", "벽면", "벽들", "tiled wall", "stone wall", "stone walls", "돌벽"))
# A place adds its furnishing when the prompt itself names fewer kinds than this.
FURNISH_BELOW = 3
# "행성 표면", "the surface of a planet", "an alien planet's surface": standing on a planet, not beside one
PLANET_WORDS = frozenset(("planet", "planets", "행성", "행성의", "외계행성"))
PLANET_SURFACE = re.compile(r"(?:행성|planet)(?:'s)?\s*(?:의\s*)?(?:표면|surface|지표|땅|위에|위)|surface\s+of\s+(?:an?\s+|the\s+)?"
                            r"(?:[\w-]+\s+){0,2}planet|on\s+(?:an?\s+|the\s+)?(?:alien|red|desert|rocky|distant)\s+planet")
# Kinds the environment draws itself when the setting has them (an image "on a hill" stands on a hill).
DRAWN_BY_ENVIRONMENT = {"hill": "hills", "terrain": None}


@dataclass
class Scene:
    """Everything the prompt asked for, in the form the composer and the renderers read."""

    parsed: ParsedPrompt
    setting: Setting
    formats: list[str] = field(default_factory=list)
    text: str = ""  # the prompt without its format words
    undrawable: list[str] = field(default_factory=list)  # logo, UI, lettering words: not drawn

    @property
    def objects(self) -> list[ObjectRequest]:
        return self.parsed.objects

    @property
    def unmatched(self) -> list[str]:
        return self.parsed.unmatched

    @property
    def named(self) -> list[ObjectRequest]:
        """The objects the prompt named itself (not a place's furnishing)."""
        return [item for item in self.parsed.objects if not item.furnishing]

    def meta(self) -> dict[str, Any]:
        """``meta.scene``: objects as ``{kind, count}`` in prompt order, unmatched words, stand-ins, setting."""
        counts: dict[str, int] = {}
        for item in self.parsed.objects:
            if item.kind is not None:
                counts[item.kind] = counts.get(item.kind, 0) + item.count
        return {
            "objects": [{"kind": kind, "count": count} for kind, count in counts.items()],
            "named": [{"kind": item.kind, "count": item.count, "word": item.noun,
                       **({"varied_colours": True} if item.varied else {}),
                       **({"colours": list(item.palette)} if item.palette else {}),
                       **({"traits": dict(item.traits)} if item.traits else {})}
                      for item in self.named],
            "furnishing": sorted({item.kind for item in self.parsed.objects if item.furnishing and item.kind}),
            "unmatched": list(self.parsed.unmatched),
            "substitutions": list(self.parsed.substitutions),
            "setting": self.setting.meta(),
            "language": self.parsed.language,
            **({"formats": list(self.formats)} if self.formats else {}),
            **({"undrawable": list(self.undrawable)} if self.undrawable else {}),
        }

    def notes(self) -> list[str]:
        """Plain sentences about what was not built as asked (the tools' summaries use them)."""
        out = []
        for item in self.parsed.substitutions:
            out.append(f"no '{item['word']}' model yet — used '{item['kind'].replace('_', ' ')}'")
        for word in self.parsed.unmatched:
            out.append(f"no '{word}' model yet — left it out")
        if self.undrawable:
            out.append(f"the embedded renderer draws scenes, not lettering or interface art, so there is no "
                       f"{'/'.join(self.undrawable)} in it")
        return out


def require_content(scene: Scene, *, what: str = "a picture", allow_empty: bool = False) -> None:
    """Refuse a prompt whose only nouns are ones no kind stands for (and that sets no scene either),
    naming them and the nearest kinds that could be made instead; nothing is stored. A prompt that
    names nothing at all is refused too unless ``allow_empty`` (a panorama of "just the sky")."""
    if scene.undrawable and not scene.objects and not scene.setting.words:
        words = ", ".join(f"'{word}'" for word in scene.undrawable)
        raise ToolError(f"I can't make {what} of {words}: the embedded renderer draws 3D scenes and objects, not "
                        "logos, lettering or UI (banners, buttons, menus, HUDs). Name the scene or object to show "
                        "(e.g. 'a castle at dusk' for a menu background) and add the text in an editor, or use "
                        "the neural backend (profile neural)")
    # "수채화 톤 배경", "a soft pastel background": the background is what is asked for, its own landscape will do
    asks_backdrop = re.search(r"(?<![\w-])(?:backgrounds?|backdrops?|wallpapers?)(?![\w-])|배경", scene.text.lower())
    if not scene.objects and not scene.unmatched and not scene.setting.words and not allow_empty \
            and not asks_backdrop:
        raise ToolError(f"the prompt names nothing to show in {what}: say what it should show, e.g. 'a castle on "
                        "a hill at dusk', 'a tavern interior', '비 오는 숲 속 오두막'")
    if scene.objects or not scene.unmatched or scene.setting.words:
        return
    from tools.scene.nouns import suggestions

    words = ", ".join(f"'{word}'" for word in scene.unmatched)
    nearest = []
    for word in scene.unmatched:
        nearest += [kind for kind in suggestions([word]) if kind not in nearest]
    raise ToolError(f"I can't make {what} of {words} yet: the embedded library has no such model and nothing "
                    f"close enough. Kinds near it: {', '.join(k.replace('_', ' ') for k in nearest[:5])}; or name "
                    "another object, or use the neural backend (profile neural)")


def parse_scene(text: str, *, style: str | None = None, encoder: TextEncoder | None = None,
                furnish: bool = True, for_render: bool = False) -> Scene:
    """Read ``text`` into a :class:`Scene`.

    ``furnish`` adds a named place's furnishing when the prompt names fewer than
    :data:`FURNISH_BELOW` kinds. ``for_render`` drops kinds the environment draws itself (a hill
    under the subject, a terrain) when the setting already has them.
    """
    formats, cleaned = requested_formats(text)
    cleaned, variants = _without_variant_list(cleaned)
    cleaned, kinds_of = _without_kinds_count(cleaned)
    parsed = parse_prompt(_without_backdrop_colour(cleaned), style=style, encoder=encoder)
    from tools.scene.setting import words_of

    undrawable = list(dict.fromkeys(w for w in words_of(cleaned) if w in UNDRAWABLE_WORDS))
    if undrawable:
        parsed.unmatched = [w for w in parsed.unmatched if w.lower() not in UNDRAWABLE_WORDS]
    _vary_colours(cleaned, parsed, listed=variants)
    _shaped_variants(cleaned, parsed)
    _kinds_counted(parsed, kinds_of)
    _colour_list(cleaned, parsed)
    _icon_set(cleaned, parsed)
    _food_comes_on_its_dish(parsed)
    _parts_are_their_owners(parsed)
    _figure_traits(cleaned, parsed)
    _building_of_place(cleaned, parsed)
    setting = read_setting(cleaned, kinds_named=[item.kind for item in parsed.objects if item.kind])
    setting.sky_colour = _sky_colour(words_of(cleaned))
    setting.ground_colour = _ground_colour(words_of(cleaned))
    if setting.place is not None and any(item.kind == _place_kind(setting.place) for item in parsed.objects) \
            and setting.interior:
        # "a cabin interior" is the room, not a cabin in it; "폐허가 된 성당 안" is no temple either
        from tools.scene.setting import INSIDE_OF

        _drop_where(parsed, lambda item: INSIDE_OF.get(item.kind or "") == setting.place)
    if EXTERIOR_VIEW.search(cleaned.lower()):
        from tools.scene.setting import place_phrases

        rooms = [place for _, place in place_phrases(cleaned) if place.interior]
        if rooms and (setting.interior or not parsed.objects):  # "a ramen shop exterior" had left nothing at all
            setting.place = setting.place if setting.interior else rooms[0].name
            _outside_of_the_place(parsed, setting)
    if setting.ground == "clouds":
        for item in parsed.objects:  # "구름 위에 떠 있는 섬들": above the clouds an island hangs in the air
            if item.kind == "island":
                item.kind = "floating_island"
    if setting.place == "noodle_shop":
        for item in parsed.objects:  # "three bowls on the counter" of a ramen shop hold ramen
            if item.kind == "bowl":
                item.kind = "ramen_bowl"
    if setting.interior and setting.place == "cockpit":
        from tools.scene.setting import COCKPIT_VEHICLES

        named_vehicles = {item.kind for item in parsed.objects if item.kind in COCKPIT_VEHICLES}
        # "우주선 조종실", "a spaceship cockpit": the room inside the ship, which looks out on space (an airliner's
        # or a tank's looks out on nothing the room can draw, so its viewports stay shut)
        _drop_where(parsed, lambda item: item.kind in COCKPIT_VEHICLES)
        if not named_vehicles or named_vehicles & {"spaceship", "rocket"} or setting.space \
                or "futuristic" in setting.mood:
            setting.space = True
    if setting.interior:
        # "graffiti on tiled walls", "돌벽": inside, the walls are the room's own, not free-standing walls in it
        _drop_where(parsed, lambda item: item.kind == "wall" and item.noun in ROOM_SURFACE_WORDS)
        if any(item.kind == "planet" for item in parsed.objects):
            # "창밖에 행성", "a planet outside the window": seen through the viewports, not standing in the room
            _drop_kind(parsed, "planet")
            setting.words.append("planet")
        if setting.place == "space_station" or setting.space:
            setting.words.append("space")  # a ship's or a station's rooms look out on space
    if for_render:
        from tools.scene.setting import FEATURE_WORDS

        if any(item.kind == "hill" and FEATURE_WORDS.get(item.noun) == "mountains" for item in parsed.objects):
            # "snowy mountains", "설산": the world's ridges around the scene, never a mound in it
            setting.features = tuple(dict.fromkeys((*setting.features, "mountains")))
            _drop_where(parsed, lambda item: item.kind == "hill" and FEATURE_WORDS.get(item.noun) == "mountains")
        for kind, feature in DRAWN_BY_ENVIRONMENT.items():
            if feature is None or feature in setting.features or kind == "hill":
                if any(item.kind == kind for item in parsed.objects) and len(parsed.objects) > 1:
                    if kind == "hill" and "hills" not in setting.features:
                        setting.features = (*setting.features, "hills")
                    _drop_kind(parsed, kind)
    if not setting.interior and any(item.kind == "planet" for item in parsed.objects) \
            and PLANET_SURFACE.search(cleaned.lower()):
        # "붉은 행성 표면에 서 있는 우주비행사", "on the surface of an alien planet": the planet is the ground underfoot
        _drop_kind(parsed, "planet")
        setting.ground = setting.ground if setting.ground not in (None, "grass") else "rock"
        setting.ground_colour = setting.ground_colour or _colour_before(words_of(cleaned), PLANET_WORDS, window=2)
        setting.words.append("planet")
    if not setting.interior and setting.ground in ("sand", "rock", "snow", "grass", "water") \
            and [item.kind for item in parsed.objects] == ["planet"]:
        # "보라색 모래 언덕이 있는 외계 행성": a planet with a ground named is the world to stand on, not a ball on it
        _drop_kind(parsed, "planet")
    if setting.forest and any(item.kind != setting.forest for item in parsed.objects):
        # "a fox in a birch forest": the birches are the forest all round, not one more tree beside the fox
        _drop_where(parsed, lambda item: item.kind == setting.forest and not item.count_given)
    if furnish and setting.place is not None and not (setting.framing in ("icon", "close") and parsed.objects):
        # a portrait, icon or close-up of a named thing shows that thing, not the room's furniture
        named = {item.kind for item in parsed.objects if item.kind}
        if len(named) < FURNISH_BELOW:
            _furnish(parsed, setting, encoder)
        else:  # "an island village with seagulls and boats": a village is its houses, however much else is named
            _furnish(parsed, setting, encoder, only_core=True)
    _grounds_hold_what_stands_on_them(parsed)
    if parsed.total > MAX_OBJECTS:  # "10001 castles" would build for minutes and fill the disk
        raise ToolError(f"that asks for {parsed.total} objects; a scene holds at most {MAX_OBJECTS}, "
                        "so ask for fewer or split it into several requests")
    return Scene(parsed=parsed, setting=setting, formats=formats, text=cleaned, undrawable=undrawable)


def _without_backdrop_colour(text: str) -> str:
    """The prompt without the colour of a named background ("on a plain white background", "검은 배경"): that
    colour is the backdrop's (the setting reads it), never the object's."""
    from tools.scene.prompt import COLOUR_WORDS

    colours = "|".join(sorted((re.escape(word) for word in COLOUR_WORDS), key=len, reverse=True))
    return re.sub(rf"(?<![\w-])(?:{colours})(?:\s+(?:plain|solid|flat|simple))?\s*(?=(?:background|backdrop|bg|배경)"
                  rf"(?![a-z]))", " ", text, flags=re.IGNORECASE)


_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
            "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10}
_VARIED_EN = re.compile(r"\b(?:in|of|with)\s+(\d+|two|three|four|five|six|seven|eight|nine|ten|different|various|"
                        r"several|many|all)\s+(?:different\s+)?colou?rs?\b|"
                        r"\beach\s+(?:in\s+)?(?:a\s+)?different\s+colou?r\b", re.IGNORECASE)
_VARIED_KO = re.compile(r"(\d+|두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s*(?:가지|개의?)?\s*(?:다른\s*)?(?:색|색깔|색상|컬러)|"
                        r"(색깔별로|색상별로|다양한\s*색|여러\s*(?:가지\s*)?색|각각\s*다른\s*색|서로\s*다른\s*색|"
                        r"색을\s*다르게|색을\s*달리|속성별로|종류별로)")


# Element and material words listed as the variants of one thing ("검 여섯 개, 나무, 철, 금, 얼음, 불, 독 속성별로",
# "potions in fire, ice and poison versions"): never objects or setting, each copy gets its own colour
ELEMENT_WORDS = ("나무", "철", "금", "은", "동", "얼음", "불", "독", "번개", "물", "바람", "땅", "빛", "어둠", "신성", "화염", "냉기",
                 "전기", "대지", "wood", "wooden", "iron", "steel", "gold", "silver", "bronze", "ice", "fire", "flame",
                 "poison", "lightning", "thunder", "water", "wind", "earth", "light", "holy", "dark", "shadow", "frost",
                 "arcane", "nature")
_ELEMENT = "(?:" + "|".join(sorted(ELEMENT_WORDS, key=len, reverse=True)) + ")"
_VARIANT_LIST = re.compile(rf"(?<![\w-]){_ELEMENT}(?:(?:\s*,\s*|\s+|\s*,?\s*(?:and|or|및|과|와)\s+){_ELEMENT}){{2,}}(?![\w-])",
                           re.IGNORECASE)


# What the words say about a figure beyond its kind (the humanoid builders draw them)
FEMALE_WORDS = frozenset(("woman", "women", "female", "girl", "lady", "princess", "queen", "heroine", "witch",
                          "sorceress", "priestess", "huntress", "여자", "여성", "소녀", "공주", "여왕", "여기사", "여전사", "마녀",
                          "아가씨", "여궁수", "여주인공", "여마법사"))
CAPE_WORDS = frozenset(("cape", "capes", "cloak", "cloaks", "mantle", "망토", "케이프", "클로크", "로브망토"))
BEARD_WORDS = frozenset(("beard", "beards", "bearded", "수염", "턱수염", "구레나룻"))
DWARF_WORDS = frozenset(("dwarf", "dwarves", "dwarfs", "dwarven", "드워프", "드워프족", "난쟁이"))
HAIR_WORDS = frozenset(("hair", "haired", "머리", "머리카락", "헤어", "머리칼"))
# one word for hair of a colour: "은발에 초록 망토", "a blonde elf"
COLOURED_HAIR = {**dict.fromkeys(("은발", "은발에", "은발의", "silver-haired"), "silver"),
                 **dict.fromkeys(("금발", "금발에", "금발의", "blonde", "blond"), "yellow"),
                 **dict.fromkeys(("흑발", "흑발에", "흑발의", "black-haired", "dark-haired"), "black"),
                 **dict.fromkeys(("백발", "백발에", "백발의", "white-haired"), "white"),
                 **dict.fromkeys(("적발", "적발에", "빨간머리", "redhead", "red-haired", "ginger"), "orange")}
FIGURE_KINDS = frozenset(("humanoid", "knight", "wizard"))
# What a figure wears over its body: its colour is the figure's clothes ("a wizard in a blue robe", "파란 로브")
CLOTHES_WORDS = frozenset(("robe", "robes", "tunic", "dress", "gown", "coat", "jacket", "outfit", "clothes", "suit",
                           "uniform", "armor", "armour", "로브", "옷", "드레스", "코트", "의상", "복장", "정장", "제복",
                           "갑옷", "튜닉", "재킷", "자켓", "가운"))


def _building_of_place(text: str, parsed: ParsedPrompt) -> None:
    """"대장간 건물", "a forge building", "교회 건물": the building of the place named before the word "building" (the
    place's own building kind), not a generic tower block."""
    from tools.scene.prompt import GENERIC_HEADS
    from tools.scene.setting import INSIDE_OF, PLACE_INDEX

    generic = [item for item in parsed.objects if item.noun in GENERIC_HEADS]
    if not generic:
        return
    lowered = text.lower()
    building_of = {place: kind for kind, place in INSIDE_OF.items()}
    for word in sorted(PLACE_INDEX, key=len, reverse=True):
        if re.search(rf"(?<![\w-]){re.escape(word)}(?:의)?\s*(?:building|buildings|건물|건축물)", lowered):
            kind = building_of.get(PLACE_INDEX[word].name)
            if kind is not None:
                for item in generic:
                    item.kind = kind
            return


def _food_comes_on_its_dish(parsed: ParsedPrompt) -> None:
    """"a bowl of ramen", "two plates of dumplings", "떡볶이 한 접시": a dish named next to a food is the one the food
    is built on, not a second object; a count written on the dish is the food's."""
    from tools.scene.kinds.food import FOOD_KINDS, SERVING_KINDS

    objects = parsed.objects
    served: set[int] = set()
    for index in range(len(objects) - 1):
        pair = (objects[index], objects[index + 1])
        for dish, food in (pair, pair[::-1]):
            if dish.kind in SERVING_KINDS and food.kind in FOOD_KINDS and not dish.furnishing \
                    and not {index, index + 1} & served:
                if (dish.count_given or dish.count > 1) and not food.count_given:
                    food.count, food.count_given = dish.count, True
                served.add(objects.index(dish))
                break
    # "a cup of coffee", "a mug of beer": the drink names the same kind as its cup, one object
    related = {(r.subject, r.anchor) for r in parsed.relations} | {(r.anchor, r.subject) for r in parsed.relations}
    for index in range(len(objects) - 1):
        first, second = objects[index], objects[index + 1]
        if first.kind is not None and first.kind == second.kind and not second.count_given and second.count == 1 \
                and not first.furnishing and (index, index + 1) not in related and index not in served \
                and (first.colour, first.material, first.scale) == (second.colour, second.material, second.scale) \
                and second.colour is None and first.noun != second.noun:  # two words for one thing
            served.add(index + 1)
    if served:
        _drop_where(parsed, lambda item: any(item is objects[i] for i in served))


def _parts_are_their_owners(parsed: ParsedPrompt) -> None:
    """"비행선, 황동 프로펠러 네 개, 가죽 기낭": a part the named owner builds itself is no missing model."""
    from tools.scene.prompt import OWN_PARTS

    owned = {word for item in parsed.objects for word in OWN_PARTS.get(item.kind or "", ())}
    parsed.unmatched = [word for word in parsed.unmatched if word not in owned]
    # "버스 정류장, 벤치 하나 있고 지붕 달린 걸로": the bench is the bus stop's own, written after it as one of its parts
    owners = [index for index, item in enumerate(parsed.objects) if item.kind in OWN_PARTS and not item.furnishing]
    if owners:
        first = owners[0]
        own = OWN_PARTS[parsed.objects[first].kind]  # type: ignore[index]
        _drop_where(parsed, lambda item: item is not parsed.objects[first] and item.noun in own and item.count == 1
                    and not item.furnishing and parsed.objects.index(item) > first)


def _figure_traits(text: str, parsed: ParsedPrompt) -> None:
    """"빨간 망토를 두른 여자 궁수", "an old dwarf with a braided grey beard": a woman, a cape or a beard on the
    first figure named, each in the colour written just before it; a colour that was the cape's is not the
    figure's clothes."""
    figure = next((item for item in parsed.objects if item.kind in FIGURE_KINDS and not item.furnishing), None)
    if figure is None:
        return
    words = words_of(text)
    if any(word in FEMALE_WORDS for word in words):
        figure.traits["female"] = None
    hair = next((COLOURED_HAIR[word] for word in words if word in COLOURED_HAIR), None)
    at = next((i for i, word in enumerate(words) if word in HAIR_WORDS), None)
    hair = hair or (_colour_before(words[:at + 1], HAIR_WORDS, window=2) if at is not None else None)
    if hair is not None:
        figure.traits["hair"] = hair
        if figure.colour == hair:
            figure.colour = None
    if any(word in DWARF_WORDS for word in words):
        figure.traits["dwarf"] = None  # short and stocky, and bearded unless a beard is described below
        if not any(word in BEARD_WORDS for word in words) and "female" not in figure.traits:
            figure.traits["beard"] = "brown"
    worn = CAPE_WORDS | BEARD_WORDS | HAIR_WORDS | frozenset(COLOURED_HAIR)
    parsed.unmatched = [word for word in parsed.unmatched if word.lower() not in worn]  # the figure's, drawn on it
    at = next((i for i, word in enumerate(words) if word in CLOTHES_WORDS), None)
    clothes = _colour_before(words[:at + 1], CLOTHES_WORDS, window=3) if at is not None else None
    if clothes is not None:
        figure.colour = clothes
        parsed.unmatched = [word for word in parsed.unmatched if word.lower() not in CLOTHES_WORDS]
        for item in parsed.objects:  # "파란 로브에 지팡이 든": the blue was the robe's, never the staff's
            where = next((i for i, word in enumerate(words) if word == item.noun.lower()), None)
            if item is not figure and item.colour == clothes and where is not None and where > at and \
                    _colour_before(words[at + 1:where + 1], frozenset((item.noun.lower(),)), window=3) is None:
                item.colour = None
    for trait, names, default in (("cape", CAPE_WORDS, "red"), ("beard", BEARD_WORDS, "brown")):
        at = next((i for i, word in enumerate(words) if word in names), None)
        if at is None:
            continue
        colour = _colour_before(words[:at + 1], frozenset(names), window=3)
        figure.traits[trait] = colour or default
        if colour is not None and figure.colour == colour:
            figure.colour = None  # "빨간 망토를 두른 궁수": the cape is red, not the archer's clothes


def _without_variant_list(text: str) -> tuple[str, int]:
    """The text without a list of three or more element/material words, and how many it listed (0: none)."""
    match = _VARIANT_LIST.search(text)
    if match is None:
        return text, 0
    listed = len(re.findall(_ELEMENT, match.group(0), re.IGNORECASE))
    return text[: match.start()] + " " + text[match.end():], listed


def _vary_colours(text: str, parsed: ParsedPrompt, *, listed: int = 0) -> None:
    """"The same lamp post in 4 colours", "색깔별로 의자 세 개": the object named just before (or the only
    one) comes in that many copies, each its own colour; so does one listed in ``listed`` variants."""
    match = _VARIED_EN.search(text) or _VARIED_KO.search(text)
    named = [item for item in parsed.objects if item.kind is not None and not item.furnishing]
    if (match is None and not listed) or not named:
        return
    if match is None:  # "검 여섯 개, 나무, 철, 금 …": the last thing named before the list, one copy per variant
        target = named[-1]
        target.varied = True
        target.count = max(target.count, min(listed, 12))
        return
    word = (match.group(1) or "").lower()
    wanted = int(word) if word.isdecimal() else _NUMBERS.get(word, 0)
    before = text[: match.start()].lower()
    target = max(named, key=lambda item: before.rfind(item.noun.lower()))
    target.varied = True
    if wanted > target.count and wanted <= 12:
        target.count = wanted
    elif target.count < 2:
        target.count = 3  # "in different colours" with no number: a few, to show the range


# "a ramen shop storefront", "카페 외관", "the outside of a tavern": the building seen from the street, not its room
EXTERIOR_VIEW = re.compile(r"\b(?:store|shop)\s*fronts?\b|\bfa[cç]ades?\b|\bexterior\b|\boutside\s+(?:of|view)\b|"
                           r"\bfrom\s+(?:the\s+)?(?:outside|street)\b|외관|겉모습|바깥\s*모습|가게\s*앞|입구\s*앞")
# the building whose room a place is, where no building kind's inside it is (shops, cafés, bars: a shop front)
_OUTSIDE_KIND = {"tavern": "house_block", "chapel": "church", "classroom": "schoolhouse"}


def _outside_of_the_place(parsed: ParsedPrompt, setting: Setting) -> None:
    """The place's building on a street at the prompt's hour and weather, in place of its furnished room."""
    from tools.scene.setting import INSIDE_OF

    building = _OUTSIDE_KIND.get(setting.place or "") or next(
        (kind for kind, room in INSIDE_OF.items() if room == setting.place and kind not in ("house_block", "barn")),
        "shop")
    noun = (setting.place or "shop").replace("_", " ")
    setting.interior, setting.place, setting.ground = False, None, "pavement"
    setting.features = tuple(dict.fromkeys((*setting.features, "city")))
    if not any(item.kind == building for item in parsed.objects):
        parsed.objects.insert(0, ObjectRequest(kind=building, noun=noun))
        parsed.relations = [Relation(r.subject + 1, r.relation, None if r.anchor is None else r.anchor + 1)
                            for r in parsed.relations]


# "검 아이콘 5종", "포션 세 종류", "five kinds of swords": that many of the thing, each a variant (its own colour)
_KINDS_COUNT = re.compile(r"(?<![\w.])(\d+|두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s*(?:종류|종)(?:의|씩|로|을|를|이)?(?![가-힣])|"
                          r"\b(\d+|two|three|four|five|six|seven|eight|nine|ten)\s+(?:different\s+)?(?:kinds|types|"
                          r"variants|varieties|styles)\s+of\b", re.IGNORECASE)


# A shape word before a noun picks the kind's variant of that shape where the library has one
# ("a round oak dining table" is a round_table; "둥근 탁자")
SHAPE_WORDS = {**dict.fromkeys(("round", "circular", "둥근", "동그란", "원형", "원형의"), "round")}
SHAPES = frozenset(SHAPE_WORDS.values())  # a round_table named stands for the table a place would bring


def _shaped_variants(text: str, parsed: ParsedPrompt) -> None:
    from tools.scene.objects import OBJECT_KINDS

    words = words_of(text)
    for at, word in enumerate(words):
        shape = SHAPE_WORDS.get(word)
        if shape is None:
            continue
        ahead = words[at + 1:at + 5]
        for item in parsed.objects:
            variant = f"{shape}_{item.kind}"
            if item.kind is not None and variant in OBJECT_KINDS and item.noun.lower().split()[-1] in ahead:
                item.kind = variant
                break


def _without_kinds_count(text: str) -> tuple[str, int]:
    """The text without a "5종"/"five kinds of" count, and the count (0: none)."""
    match = _KINDS_COUNT.search(text)
    if match is None:
        return text, 0
    word = (match.group(1) or match.group(2)).lower()
    count = int(word) if word.isdecimal() else _NUMBERS.get(word, 0)
    return text[: match.start()] + " " + text[match.end():], count


def _kinds_counted(parsed: ParsedPrompt, count: int) -> None:
    named = [item for item in parsed.objects if item.kind is not None and not item.furnishing]
    if not count or not named or count > 12:
        return
    target = named[0] if len(named) == 1 else max(named, key=lambda item: item.count)
    target.count, target.count_given, target.varied = count, True, True


# "sword icons", "an icon set of potions", "포션 아이콘 세트": a sheet of several, not one icon
ICON_SET = re.compile(r"\bicons\b|\bicon\s+(?:set|sheet|pack)s?\b|\bsprite\s*sheets?\b|\bset\s+of\s+icons\b|"
                      r"아이콘\s*(?:들|세트|모음|시트|팩)|스프라이트\s*시트", re.IGNORECASE)
ICON_SET_SIZE = 4


def _icon_set(text: str, parsed: ParsedPrompt) -> None:
    """An icon set of one kind of thing with no number: ICON_SET_SIZE of it, each its own colour."""
    named = [item for item in parsed.objects if item.kind is not None and not item.furnishing]
    if len(named) != 1 or not ICON_SET.search(text):
        return
    item = named[0]
    if item.palette or item.varied:
        return  # its colours or variants are the prompt's own list ("in fire, ice and poison versions")
    if not item.count_given:
        item.count = max(item.count, ICON_SET_SIZE)
    # five of the same sword read as one icon copied: a set varies them, unless its colour is named ("red potions")
    item.varied = item.count > 1 and item.colour is None


def _colour_list(text: str, parsed: ParsedPrompt) -> None:
    """"potion icons, red blue and green", "빨강 파랑 초록 포션": a list of colours spreads over copies of the
    thing named next to it, one copy of each colour (more copies cycle through them). Two colours are a list
    only for a plural thing or an icon set ("red and white striped tent" is one two-toned tent)."""
    from tools.scene.prompt import COLOUR_WORDS

    colour = "(?:" + "|".join(sorted(map(re.escape, COLOUR_WORDS), key=len, reverse=True)) + ")"
    joint = r"(?:\s*[,/&]\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+|(?:과|와|이랑|랑|하고)?\s+)"
    lists = list(re.finditer(rf"(?<![\w-]){colour}(?:{joint}{colour}){{1,}}(?![\w-])", text, re.IGNORECASE))
    named = [item for item in parsed.objects if item.kind is not None and not item.furnishing]
    if not lists or not named:
        return
    match = max(lists, key=lambda m: len(m.group(0)))
    if re.match(r"\s*(?:-?\s*)(?:strip\w*|check\w*|plaid|polka|spotted|줄무늬|체크|땡땡이)", text[match.end():],
                re.IGNORECASE):
        return  # "red and white striped": the pattern's colours, on one thing
    lowered = text.lower()
    colours = tuple(dict.fromkeys(COLOUR_WORDS[w.lower()] for w in re.findall(colour, match.group(0), re.IGNORECASE)
                                  if w.lower() in COLOUR_WORDS))
    if len(colours) < 2:
        return
    before = [item for item in named if 0 <= lowered.rfind(item.noun.lower(), 0, match.start())]
    target = (max(before, key=lambda item: lowered.rfind(item.noun.lower(), 0, match.start())) if before
              else min(named, key=lambda item: lowered.find(item.noun.lower(), match.end()) % 10**6))
    icon_set = re.search(r"\bicons?\b|\bsprites?\b|\bset\b|아이콘|세트|스프라이트", lowered) is not None
    if len(colours) == 2 and target.count < 2 and not icon_set:
        return
    target.palette, target.varied = colours, True
    target.count = max(target.count, len(colours))
    target.colour = colours[0]


def _sky_colour(words: list[str]) -> str | None:
    """The colour word just before "sky"/"하늘" (a mood word may sit between: "purple stormy sky")."""
    from tools.scene.setting import SKY_WORDS

    return _colour_before(words, frozenset(SKY_WORDS), window=3)


# Words of a ground a colour can be written on ("pink sand", "붉은 사막", "black sand beach")
GROUND_COLOURED = frozenset(("sand", "sands", "dune", "dunes", "desert", "beach", "soil", "earth", "ground", "grass",
                             "snow", "모래", "모래언덕", "사막", "해변", "땅", "흙", "잔디", "풀밭", "초원", "설원"))


def _ground_colour(words: list[str]) -> str | None:
    """The colour word just before a ground word ("pink sand dunes", "붉은 모래 사막")."""
    return _colour_before(words, GROUND_COLOURED, window=2)


def _colour_before(words: list[str], targets: frozenset[str], *, window: int) -> str | None:
    """The colour named within ``window`` words before the first of ``targets`` that has one."""
    from tools.scene.prompt import COLOUR_WORDS

    for index, word in enumerate(words):
        if word in targets:
            for before in reversed(words[max(0, index - window):index]):
                if before in COLOUR_WORDS:
                    return COLOUR_WORDS[before]
    return None


def _place_kind(place: str) -> str | None:
    from tools.scene.setting import INSIDE_OF

    return next((kind for kind, inside in INSIDE_OF.items() if inside == place), None)


def _drop_kind(parsed: ParsedPrompt, kind: str | None) -> None:
    """Remove the requests of ``kind`` and re-index the relations of the rest."""
    _drop_where(parsed, lambda item: item.kind == kind)


def _drop_where(parsed: ParsedPrompt, drop: Callable[[ObjectRequest], bool]) -> None:
    """Remove the requests ``drop`` picks and re-index the relations of the rest."""
    keep = [i for i, item in enumerate(parsed.objects) if not drop(item)]
    if len(keep) == len(parsed.objects):
        return
    new_index = {old: new for new, old in enumerate(keep)}
    parsed.objects = [parsed.objects[i] for i in keep]
    parsed.relations = [Relation(new_index[r.subject], r.relation, None if r.anchor is None else new_index[r.anchor])
                        for r in parsed.relations
                        if r.subject in new_index and (r.anchor is None or r.anchor in new_index)]


def _grounds_hold_what_stands_on_them(parsed: ParsedPrompt) -> None:
    """An island wide enough for its village: a ground kind (:data:`~tools.scene.prompt.GROUND_KINDS`) grows
    across (not up) until what stands on it covers about a third of it (two houses slid off a 10 m island)."""
    import math

    from tools.scene.objects import natural_size
    from tools.scene.prompt import GROUND_KINDS

    for index, ground in enumerate(parsed.objects):
        if ground.kind not in GROUND_KINDS or ground.dimensions:
            continue
        area = 0.0
        for relation in parsed.relations:
            item = parsed.objects[relation.subject]
            if relation.anchor == index and relation.relation == "on_top" and item.kind is not None:
                width, _, depth = natural_size(item.kind)
                area += item.count * width * depth * item.scale[0] * item.scale[2]
        width, _, depth = natural_size(ground.kind)
        factor = min(4.0, math.sqrt(3.0 * area / max(width * depth * ground.scale[0] * ground.scale[2], 1e-6)))
        if factor > 1.0:
            ground.scale = (ground.scale[0] * factor, ground.scale[1], ground.scale[2] * factor)


def _furnish(parsed: ParsedPrompt, setting: Setting, encoder: TextEncoder | None, *, only_core: bool = False) -> None:
    """Append the place's furnishing (``only_core``: the phrases that make it that place), skipping kinds the
    prompt already named; on a named ground (an island) what the place brings stands on it."""
    from tools.scene.prompt import GROUND_KINDS

    place = PLACES_BY_NAME[setting.place]  # type: ignore[index]
    named = {item.kind for item in parsed.objects}
    named |= {kind.split("_", 1)[1] for kind in named if kind and kind.startswith(tuple(f"{s}_" for s in SHAPES))}
    ground = next((i for i, item in enumerate(parsed.objects) if item.kind in GROUND_KINDS), None)
    for phrase in place.furnishing[:place.core] if only_core else place.furnishing:
        extra = parse_prompt(phrase, encoder=encoder)
        if any(item.kind in named for item in extra.objects):
            for item in extra.objects:  # "기둥마다 횃불" in a great hall: as many torches as the hall has
                for own in parsed.objects:
                    if own.kind == item.kind and not own.count_given and item.count > own.count:
                        own.count = item.count
            continue
        offset = len(parsed.objects)
        for item in extra.objects:
            item.furnishing = True
            parsed.objects.append(item)
        parsed.relations += [Relation(r.subject + offset, r.relation, None if r.anchor is None else r.anchor + offset)
                             for r in extra.relations]
        if ground is not None:
            tied = {r.subject for r in extra.relations if r.anchor is not None}
            parsed.relations += [Relation(offset + i, "on_top", ground) for i in range(len(extra.objects))
                                 if i not in tied]
