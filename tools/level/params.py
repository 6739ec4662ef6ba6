"""Words to level parameters, in English and Korean: kind, size, rooms, special rooms, locks and
keys, enemy and item density, theme, seed and platformer jumps.

Numbers may be digits ("8 rooms", "8개 방", "64x64"), English words ("two keys") or Korean
native counters ("열쇠 두 개", "방 여덟 개"). Explicit tool arguments win over the words.
Impossible asks (more rooms than the map holds, a key behind its own door) raise
``InputError`` saying what is possible.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from agent.errors import InputError

KINDS = ("dungeon", "cave", "overworld", "platformer")
DENSITIES = {"none": 0.0, "few": 0.25, "some": 0.5, "many": 0.9}
MIN_LEAF = 5  # a BSP leaf holding a room: a 3×3 floor, its walls and a tile to pass by
MAX_KEYS = 6
MIN_SIZE = {"dungeon": (10, 10), "cave": (16, 16), "overworld": (16, 16), "platformer": (24, 10)}
MAX_SIDE = 256
DEFAULT_SIZE = {"dungeon": (64, 64), "cave": (64, 48), "overworld": (64, 64), "platformer": (120, 16)}
SIZE_WORDS = {"tiny": 0.5, "small": 0.75, "medium": 1.0, "big": 1.5, "large": 1.5, "huge": 2.0, "giant": 2.0,
              "작은": 0.75, "아주 작은": 0.5, "큰": 1.5, "커다란": 1.5, "거대한": 2.0}

EN_NUMBERS = {"a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "a couple of": 2, "couple of": 2, "three": 3,
              "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
              "twelve": 12, "fifteen": 15, "twenty": 20}
KO_NUMBERS = {"한": 1, "하나": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "석": 3, "네": 4, "넷": 4, "다섯": 5, "여섯": 6,
              "일곱": 7, "여덟": 8, "아홉": 9, "열": 10, "열한": 11, "열두": 12, "스무": 20, "스물": 20}
_EN_NUM = r"(\d+|" + "|".join(sorted((re.escape(w) for w in EN_NUMBERS), key=len, reverse=True)) + r")"
_KO_NUM = r"(\d+|" + "|".join(sorted(KO_NUMBERS, key=len, reverse=True)) + r")"

_KIND_WORDS = (
    ("platformer", r"platform(?:er|ing)?\s*(?:game|level|stage)?|side\s*-?\s*scroll\w*|jump\s*(?:and|'n'?)\s*run|"
                   r"플랫포머|플랫폼\s*게임|횡\s*스크롤|점프\s*맵|발판"),
    ("cave", r"caves?|cavern\w*|grotto|동굴|굴"),
    ("overworld", r"overworld|world\s*map|island|kingdom\s+map|region\s+map|open\s+world|field\s+map|"
                  r"오버\s*월드|월드\s*맵|필드|섬|왕국\s*지도|세계\s*지도"),
    ("dungeon", r"dungeons?|labyrinth|maze|crypt|catacombs?|keep|던전|미궁|미로|지하\s*감옥"),
)
THEMES = (
    ("swamp", r"swamp\w*|marsh\w*|bog|늪"),
    ("ice", r"ice|icy|frozen|snow\w*|frost\w*|얼음|빙하|눈\s*덮인|설원"),
    ("lava", r"lava|fire|volcan\w*|magma|infernal|용암|화산|불의?"),
    ("crypt", r"crypt|tomb|undead|bone|catacomb\w*|무덤|납골당|언데드"),
    ("forest", r"forest|woods?|jungle|숲|밀림|정글"),
    ("desert", r"desert|sand\w*|dune\w*|사막"),
    ("crystal", r"crystal\w*|gem|수정|크리스탈"),
    ("sewer", r"sewers?|하수도"),
    ("castle", r"castle|fortress|성채|요새|성\s"),
)
_SPECIAL = {
    "boss": r"boss|final\s+(?:room|chamber|fight)|보스",
    "treasure": r"treasure|loot\s+room|vault|보물",
    "shop": r"shops?|store|merchant|trader|vendor|상점|가게|상인",
}


@dataclass(frozen=True)
class LevelParams:
    """Everything a generator needs; ``ask`` keeps the words for the report."""

    kind: str = "dungeon"
    width: int = 64
    height: int = 64
    rooms: int = 8
    keys: int = 0
    special: tuple[str, ...] = ()  # boss, treasure, shop (start and a goal are always there)
    enemies: float = 0.5
    items: float = 0.5
    theme: str = "stone"
    seed: int = 0
    jump_height: int = 3
    jump_length: int = 4
    language: str = "en"
    words: dict[str, str] = field(default_factory=dict)  # what was read from the text, for meta

    @property
    def goal_role(self) -> str:
        return "boss" if "boss" in self.special else "exit"


def parse_level_text(text: str) -> dict[str, object]:
    """What the words say; only keys that were found are returned (the tool fills the rest)."""
    lower = text.lower()
    found: dict[str, object] = {}
    if re.search(r"[가-힣]", text):
        found["language"] = "ko"
    for kind, pattern in _KIND_WORDS:
        if re.search(pattern, lower):
            found["kind"] = kind
            break
    else:
        if re.search(r"\bstage\b|스테이지", lower) and re.search(r"jump|점프|run|달리", lower):
            found["kind"] = "platformer"
    size = re.search(r"(\d{1,4})\s*(?:x|×|by|\*)\s*(\d{1,4})", lower)
    if size:
        found["width"], found["height"] = int(size.group(1)), int(size.group(2))
    else:
        for word, scale in sorted(SIZE_WORDS.items(), key=lambda item: -len(item[0])):
            if re.search(r"(?<![\w])" + re.escape(word) + r"(?![\w])", lower):
                found["scale"] = scale
                break
    rooms = (_count(lower, r"(?:rooms?|chambers?)", en=True, articles=False)
             or _count(lower, r"(?:방|룸)", en=False))
    if rooms is not None:
        found["rooms"] = rooms
    keys = _count(lower, r"(?:keys?)", en=True) or _count(lower, r"(?:열쇠|키)", en=False)
    locks = (_count(lower, r"(?:locked\s+doors?|locks?|gates?)", en=True)
             or _count(lower, r"(?:잠긴\s*문|자물쇠|잠긴\s*게이트)", en=False))
    if keys is not None or locks is not None:
        found["keys"] = max(keys or 0, locks or 0)
    elif re.search(r"\blocks?\b|\blocked\b|\bkeys?\b|열쇠|잠긴|자물쇠", lower):
        found["keys"] = 2 if re.search(r"\blocks?\s+and\s+keys?\b|열쇠.*문|문.*열쇠", lower) else 1
    if re.search(r"\bno\s+(?:locks?|keys?|locked\s+doors?)\b|열쇠\s*없", lower):
        found["keys"] = 0
    special = tuple(role for role, pattern in _SPECIAL.items() if re.search(pattern, lower))
    if special:
        found["special"] = special
    for what, words_en, words_ko in (("enemies", r"enem(?:y|ies)|monsters?|mobs?|foes?|guards?",
                                      r"적|몬스터|괴물"),
                                     ("items", r"items?|loot|potions?|pickups?|coins?|power\s*-?\s*ups?",
                                      r"아이템|물약|동전|코인")):
        density = _density(lower, words_en, words_ko)
        if density is not None:
            found[what] = density
    for theme, pattern in THEMES:
        if re.search(r"(?<![a-z])(?:" + pattern + r")", lower + " "):
            found["theme"] = theme
            break
    seed = re.search(r"(?:seed|시드)\s*[:=#]?\s*(\d{1,10})", lower)
    if seed:
        found["seed"] = int(seed.group(1))
    jump_h = re.search(r"jump\s*height\s*(?:of\s*)?(\d+)|jumps?\s+(\d+)\s*tiles?\s+high|점프\s*높이\s*(\d+)", lower)
    if jump_h:
        found["jump_height"] = int(next(g for g in jump_h.groups() if g))
    jump_l = re.search(r"jump\s*(?:length|distance)\s*(?:of\s*)?(\d+)|jumps?\s+(\d+)\s*tiles?\s+(?:far|long|wide)|"
                       r"점프\s*(?:거리|길이)\s*(\d+)", lower)
    if jump_l:
        found["jump_length"] = int(next(g for g in jump_l.groups() if g))
    if re.search(r"keys?\s+(?:\w+\s+){0,3}(?:behind|inside|beyond)\s+(?:its|their|the)\s+own\s+(?:locked\s+)?doors?|"
                 r"keys?\s+(?:\w+\s+){0,2}behind\s+the\s+(?:very\s+)?doors?\s+(?:it|they)\s+opens?|"
                 r"열쇠[가를이]?\s*(?:\S+\s+){0,2}?(?:자기|자신의|그|제)\s*문\s*(?:뒤|안|너머)", lower):
        found["key_behind_own_door"] = True
    return found


def _count(text: str, noun: str, *, en: bool, articles: bool = True) -> int | None:
    """A count written next to ``noun``: "8 rooms", "two keys", "방 8개", "8개의 방", "열쇠 두 개".
    ``articles=False``: "a"/"an" are no count ("a boss room" asks for a boss room, not one room)."""
    if en:
        stop = "|".join(["boss", "treasure", "shop", "start", "secret", "and", "or", "with", "plus", "in", "of"]
                        + [w for w in EN_NUMBERS if " " not in w])
        between = r"(?:(?!(?:" + stop + r")\b)[a-z-]+\s+){0,2}?"
        for match in re.finditer(r"(?<![\w])" + _EN_NUM + r"\s+" + between + noun + r"(?![a-z])", text):
            if articles or match.group(1) not in ("a", "an", "single"):
                return _number(match.group(1))
        return None
    after = re.search(noun + r"\s*(?:이|가|을|를)?\s*" + _KO_NUM + r"\s*(?:개|칸|곳)", text)
    before = re.search(_KO_NUM + r"\s*(?:개|칸|곳)\s*(?:의\s*)?(?:\S+\s+)?" + noun, text)
    match = after or before
    return _number(match.group(1)) if match else None


def _number(word: str) -> int:
    if word.isdecimal():
        return int(word)
    return EN_NUMBERS.get(word, KO_NUMBERS.get(word, 1))


def _density(text: str, en: str, ko: str) -> float | None:
    if re.search(r"\bno\s+(?:" + en + r")\b|(?:" + ko + r")\s*(?:은|는|이|가)?\s*없", text):
        return DENSITIES["none"]
    if re.search(r"\b(?:few|a\s+few|some\s+sparse|sparse|little)\s+(?:" + en + r")\b|(?:" + ko + r")\s*(?:은|는|이|가)?\s*(?:조금|적게|약간)", text):
        return DENSITIES["few"]
    if re.search(r"\b(?:many|lots\s+of|full\s+of|plenty\s+of|hordes?\s+of|tons\s+of|packed\s+with)\s+(?:\w+\s+)?(?:"
                 + en + r")\b|(?:" + ko + r")\s*(?:이|가|을|를)?\s*(?:많|가득|잔뜩)|(?:많은|수많은)\s*(?:" + ko + r")", text):
        return DENSITIES["many"]
    return None


def build_params(text: str, *, kind: str | None = None, width: int | None = None, height: int | None = None,
                 rooms: int | None = None, keys: int | None = None, special: list[str] | None = None,
                 enemies: str | None = None, items: str | None = None, theme: str | None = None,
                 seed: int = 0, jump_height: int | None = None, jump_length: int | None = None) -> LevelParams:
    """Merge the words with explicit arguments, fill defaults and refuse impossible asks."""
    found = parse_level_text(text)
    if found.get("key_behind_own_door"):
        raise InputError("a key locked behind the very door it opens can never be picked up, so that level could "
                         "not be finished; every key is placed before its door (ask for 'locks and keys', or say "
                         "how many keys and locked doors you want)")
    chosen_kind = kind or str(found.get("kind", "dungeon"))
    default_w, default_h = DEFAULT_SIZE[chosen_kind]
    scale = float(found.get("scale", 1.0))  # type: ignore[arg-type]
    w = width or int(found.get("width", 0)) or max(MIN_SIZE[chosen_kind][0], int(round(default_w * scale)))  # type: ignore[arg-type]
    h = height or int(found.get("height", 0)) or max(MIN_SIZE[chosen_kind][1], int(round(default_h * (scale if chosen_kind != "platformer" else 1.0))))  # type: ignore[arg-type]
    roles = tuple(special) if special is not None else tuple(found.get("special", ()))  # type: ignore[arg-type]
    params = LevelParams(
        kind=chosen_kind, width=w, height=h,
        rooms=rooms if rooms is not None else int(found.get("rooms", 0)),  # type: ignore[arg-type]
        keys=keys if keys is not None else int(found.get("keys", 0)),  # type: ignore[arg-type]
        special=tuple(role for role in ("boss", "treasure", "shop") if role in roles),
        enemies=DENSITIES[enemies] if enemies else float(found.get("enemies", 0.5)),  # type: ignore[arg-type]
        items=DENSITIES[items] if items else float(found.get("items", 0.5)),  # type: ignore[arg-type]
        theme=theme or str(found.get("theme", _default_theme(chosen_kind))),
        seed=seed,
        jump_height=jump_height or int(found.get("jump_height", 3)),  # type: ignore[arg-type]
        jump_length=jump_length or int(found.get("jump_length", 4)),  # type: ignore[arg-type]
        language=str(found.get("language", "en")),
        words={k: str(v) for k, v in found.items() if k not in ("language",)},
    )
    return check_params(params)


def _default_theme(kind: str) -> str:
    return {"cave": "cavern", "overworld": "meadow", "platformer": "hills"}.get(kind, "stone")


def max_rooms(width: int, height: int) -> int:
    """How many dungeon rooms a map holds: one per 5×5 BSP leaf."""
    return (width // MIN_LEAF) * (height // MIN_LEAF)


def check_params(params: LevelParams) -> LevelParams:
    """Defaults that depend on other values, and clear refusals of what cannot be built."""
    kind, w, h = params.kind, params.width, params.height
    min_w, min_h = MIN_SIZE[kind]
    if w < min_w or h < min_h:
        raise InputError(f"a {kind} needs at least {min_w}×{min_h} tiles; {w}×{h} is too small (ask for a bigger map)")
    if w > MAX_SIDE or h > MAX_SIDE:
        raise InputError(f"{w}×{h} is too big: levels go up to {MAX_SIDE}×{MAX_SIDE} tiles")
    if params.keys > MAX_KEYS:
        raise InputError(f"{params.keys} keys is more than the {MAX_KEYS} locks and keys a level holds; "
                         f"ask for {MAX_KEYS} or fewer")
    if kind == "dungeon":
        capacity = max_rooms(w, h)
        needed = 2 + sum(1 for role in params.special if role in ("treasure", "shop"))
        rooms = params.rooms or min(capacity, max(needed, params.keys + 1, round(w * h / 512)))
        if rooms > capacity:
            side = MIN_LEAF * int(-(-rooms ** 0.5 // 1))
            raise InputError(f"a {w}×{h} grid fits at most {capacity} rooms (each needs about {MIN_LEAF}×{MIN_LEAF} "
                             f"tiles); ask for {capacity} or fewer rooms, or a bigger map (about {side}×{side} "
                             f"for {rooms} rooms)")
        if rooms < needed:
            raise InputError(f"{rooms} room{'s' if rooms != 1 else ''} cannot hold the start, the "
                             f"{params.goal_role} room{''.join(' and the ' + r for r in params.special if r != 'boss')}; "
                             f"ask for at least {needed} rooms")
        if params.keys > rooms - 1:
            raise InputError(f"{rooms} rooms have {rooms - 1} doorways between them, so at most {rooms - 1} locked "
                             f"doors; ask for fewer keys or more rooms")
        params = replace(params, rooms=rooms)
    elif kind == "platformer":
        limit = max(0, (w - 30) // 20)
        if params.keys > limit:
            raise InputError(f"a strip {w} tiles long has room for {limit} locked gates with their keys; ask for "
                             f"fewer keys or a longer level (about {30 + 20 * params.keys} tiles)")
        if not 1 <= params.jump_height <= h - 4:
            raise InputError(f"a jump height of {params.jump_height} tiles does not fit a strip {h} tiles high; "
                             f"use 1 to {h - 4}")
        if not 2 <= params.jump_length <= 12:
            raise InputError(f"a jump length of {params.jump_length} tiles is outside 2 to 12")
        params = replace(params, rooms=params.rooms or 0)
    else:
        limit = max(0, min(w, h) // 8 - 1)
        if params.keys > limit:
            raise InputError(f"a {w}×{h} {kind} has room for {limit} locked doors with their keys; ask for fewer "
                             f"keys or a bigger map")
    return params
