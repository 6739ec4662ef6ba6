"""Read a mesh prompt (English or Korean) into the objects to build.

"three blue chairs", "a red wooden table and four chairs", "빨간 나무 탁자", "의자 세 개" become
:class:`ObjectRequest` s with a kind, count, colour, material and size. The parser is a small
rule-based tagger, not a grammar: modifiers attach to the next object noun; a Korean count
with a counter after a noun ("의자 세 개") attaches to that noun; "나무"/"돌"/"stone" are a
material when another object noun follows ("나무 탁자" = wooden table) and the object itself
otherwise ("나무" = tree). Words it does not know are kept, so an unknown object noun becomes
an honest placeholder instead of a silently wrong object.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from tools.mesh.objects import word_index

Scale = tuple[float, float, float]

COLOUR_WORDS: dict[str, str] = {
    **dict.fromkeys(("red", "crimson", "scarlet", "빨간", "빨강", "빨간색", "빨강색", "붉은", "레드"), "red"),
    **dict.fromkeys(("blue", "파란", "파랑", "파란색", "파랑색", "푸른", "블루"), "blue"),
    **dict.fromkeys(("green", "초록", "초록색", "녹색", "초록빛", "그린"), "green"),
    **dict.fromkeys(("yellow", "노란", "노랑", "노란색", "노랑색", "옐로"), "yellow"),
    **dict.fromkeys(("white", "하얀", "흰", "흰색", "하얀색", "화이트"), "white"),
    **dict.fromkeys(("black", "검은", "검정", "검은색", "검정색", "까만", "까만색", "블랙"), "black"),
    **dict.fromkeys(("brown", "갈색", "밤색"), "brown"),
    **dict.fromkeys(("gray", "grey", "회색", "잿빛"), "gray"),
    **dict.fromkeys(("purple", "violet", "보라", "보라색", "자주색"), "purple"),
    **dict.fromkeys(("orange", "주황", "주황색", "오렌지색"), "orange"),
    **dict.fromkeys(("pink", "분홍", "분홍색", "핑크", "핑크색"), "pink"),
    **dict.fromkeys(("gold-coloured", "gold-colored", "금색", "금빛"), "gold"),
    **dict.fromkeys(("silver", "은색", "은빛"), "silver"),
    **dict.fromkeys(("cyan", "하늘색"), "cyan"),
    **dict.fromkeys(("navy", "남색"), "navy"),
    **dict.fromkeys(("beige", "베이지", "베이지색"), "beige"),
    "teal": "teal",
}

MATERIAL_WORDS: dict[str, str] = {
    **dict.fromkeys(("wooden", "wood", "목재", "원목", "목제"), "wood"),
    **dict.fromkeys(("metal", "metallic", "iron", "steel", "금속", "철", "쇠", "강철", "철제", "금속제"), "metal"),
    **dict.fromkeys(("gold", "golden", "금", "황금"), "gold"),
    **dict.fromkeys(("stony", "석재", "석조", "concrete", "콘크리트"), "stone"),
    **dict.fromkeys(("glass", "유리", "유리로된"), "glass"),
    **dict.fromkeys(("plastic", "플라스틱"), "plastic"),
    **dict.fromkeys(("marble", "대리석"), "marble"),
    **dict.fromkeys(("ceramic", "porcelain", "도자기", "세라믹"), "ceramic"),
    **dict.fromkeys(("leather", "가죽"), "leather"),
    **dict.fromkeys(("fabric", "cloth", "천"), "fabric"),
    **dict.fromkeys(("cardboard", "paper", "종이", "골판지"), "cardboard"),
}

# Words that are a material before another object noun and an object on their own.
MATERIAL_OR_OBJECT: dict[str, str] = {"나무": "wood", "돌": "stone", "stone": "stone"}

SIZE_WORDS: dict[str, Scale] = {
    **dict.fromkeys(("small", "little", "작은", "작고", "조그만", "조그마한"), (0.6, 0.6, 0.6)),
    **dict.fromkeys(("tiny", "mini", "miniature", "아주작은", "미니"), (0.35, 0.35, 0.35)),
    **dict.fromkeys(("large", "big", "큰", "크고", "커다란", "대형"), (1.5, 1.5, 1.5)),
    **dict.fromkeys(("huge", "giant", "enormous", "massive", "거대한", "엄청큰"), (2.5, 2.5, 2.5)),
    **dict.fromkeys(("tall", "높은", "키큰"), (1.0, 1.5, 1.0)),
    **dict.fromkeys(("short", "low", "낮은"), (1.0, 0.65, 1.0)),
    **dict.fromkeys(("wide", "broad", "넓은"), (1.5, 1.0, 1.5)),
    **dict.fromkeys(("long", "긴"), (1.6, 1.0, 1.0)),
}

# Styles change level of detail or turn everything into a grey blockout.
STYLE_WORDS: dict[str, str] = {
    **dict.fromkeys(("low-poly", "lowpoly", "로우폴리", "로우-폴리"), "low_poly"),
    **dict.fromkeys(("high-poly", "highpoly", "detailed", "smooth", "realistic", "하이폴리", "정교한", "사실적인"),
                    "high_poly"),
    **dict.fromkeys(("greybox", "graybox", "grey-box", "gray-box", "blockout", "block-out", "그레이박스", "블록아웃"),
                    "greybox"),
}

NUMBER_WORDS: dict[str, int] = {
    "one": 1, "single": 1, "two": 2, "pair": 2, "couple": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "twenty": 20,
    # Korean noun-form numbers stand alone: "탁자 하나", "의자 넷"
    "하나": 1, "둘": 2, "셋": 3, "넷": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10,
}
# Korean determiner-form numbers count only next to a counter: "세 개" yes, "네" alone is "yes".
KOREAN_COUNTED: dict[str, int] = {
    "한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10,
    "열한": 11, "열두": 12, "스무": 20, "일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8,
    "구": 9, "십": 10,
}
COUNTERS = ("개", "대", "채", "그루", "자루", "마리", "점", "벌", "척")

SEPARATORS = {",", "and", "with", "plus", "&", "또", "그리고", "및"}
# After these, unknown words describe a place ("a chair in the kitchen"), not an object to build.
PREPOSITIONS = {"in", "on", "at", "from", "near", "by", "under", "beside", "inside", "into", "to", "next", "behind"}
# After these, even known nouns are a purpose, not an object: "a lamp for my desk" is one lamp.
PURPOSE_WORDS = {"for"}
STOP_WORDS = {
    "a", "an", "the", "of", "some", "set", "make", "create", "generate", "build", "model", "design", "give", "show",
    "me", "us", "please", "i", "want", "need", "would", "like", "could", "can", "you", "3d", "mesh", "glb",
    "object", "asset", "prop", "made", "out", "that", "is", "are", "it", "this", "my", "our", "let's", "just",
    "한번", "좀", "3d로", "모델", "모델로", "메쉬", "하나만", "만", "것", "거",
}
# Korean particles, longest first; the flag says what the particle tells the parser.
PARTICLES: tuple[tuple[str, str], ...] = (
    ("이랑", "and"), ("하고", "and"), ("으로", "made_of"), ("에서", "place"), ("들을", ""), ("들이", ""),
    ("들과", "and"), ("들와", "and"), ("들", ""), ("를", ""), ("을", ""), ("은", ""), ("는", ""), ("와", "and"),
    ("과", "and"), ("랑", "and"), ("로", "made_of"), ("의", "of"), ("에", "place"), ("이", ""), ("가", ""),
    ("도", ""),
)
# Only these are stripped from words the parser does not know (so "고양이" keeps its "이").
SAFE_PARTICLES = {"이랑", "하고", "으로", "에서", "들을", "들과", "를", "을", "은", "는", "와", "과", "랑", "로", "에"}
KOREAN_VERB_ENDINGS = ("줘", "주세요", "줄래", "줄래요", "해", "해요", "하세요", "봐", "봐요", "싶어", "싶어요", "니다",
                       "어요", "하다", "든다", "는다")
NUMBERS_BEFORE_COUNTER = {**NUMBER_WORDS, **KOREAN_COUNTED}
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@dataclass
class ObjectRequest:
    """One kind of object to place, ``count`` times. ``kind`` is None for an unknown noun."""

    kind: str | None
    noun: str
    count: int = 1
    count_given: bool = False
    colour: str | None = None
    material: str | None = None
    scale: Scale = (1.0, 1.0, 1.0)
    size_words: list[str] = field(default_factory=list)

    @property
    def fallback(self) -> bool:
        return self.kind is None


@dataclass
class ParsedPrompt:
    """Everything the composer needs from the text."""

    objects: list[ObjectRequest]
    style: str = "normal"  # normal | low_poly | high_poly | greybox
    language: str = "en"
    ignored: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(item.count for item in self.objects)


@dataclass
class _Token:
    word: str  # the form looked up (particles removed)
    tag: str  # noun colour material either size style count counter sep prep purpose stop unknown
    value: object = None
    flag: str = ""  # what a Korean particle said: and, made_of, of, place
    post_nominal: bool = False  # a Korean count after its noun


@dataclass
class _Modifiers:
    count: int | None = None
    colour: str | None = None
    material: str | None = None
    scale: Scale = (1.0, 1.0, 1.0)
    size_words: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    def empty(self) -> bool:
        return self.count is None and not self.colour and not self.material and not self.size_words


@lru_cache(maxsize=1)
def _nouns() -> dict[str, str]:
    return word_index()


def parse_prompt(text: str, *, style: str | None = None) -> ParsedPrompt:
    """Parse ``text`` (and an optional ``style`` phrase) into object requests.

    Always returns at least one request: with no object noun at all, the unknown words (or
    "object") become a placeholder request so the caller can say what it could not build.
    """
    tokens = _tokenize(text)
    parsed = ParsedPrompt(objects=[], language="ko" if HANGUL.search(text) else "en")
    pending = _Modifiers()
    in_place_phrase = False  # after "in"/"on"/"~에": unknown words describe a place, not an object
    in_purpose_phrase = False  # after "for": nothing until the next separator is an object
    for index, token in enumerate(tokens):
        if token.tag == "either":
            token = _resolve_either(token, tokens[index + 1:])
        if in_purpose_phrase and token.tag not in ("sep", "stop"):
            parsed.ignored.append(token.word)
        elif token.tag == "purpose":
            in_purpose_phrase = True
        elif token.tag == "style":
            parsed.style = str(token.value)
        elif token.tag == "count":
            last = parsed.objects[-1] if parsed.objects else None
            if token.post_nominal and last is not None and not last.count_given and pending.empty():
                last.count, last.count_given = int(token.value), True  # type: ignore[arg-type]
            else:
                pending.count = int(token.value)  # type: ignore[arg-type]
        elif token.tag == "colour":
            pending.colour = str(token.value)
        elif token.tag == "material":
            pending.material = str(token.value)
        elif token.tag == "size":
            sx, sy, sz = token.value  # type: ignore[misc]
            pending.scale = (pending.scale[0] * sx, pending.scale[1] * sy, pending.scale[2] * sz)
            pending.size_words.append(token.word)
        elif token.tag == "noun":
            parsed.ignored.extend(pending.unknown)
            parsed.objects.append(_request(str(token.value), token.word, pending, plural=token.flag == "plural"))
            pending, in_place_phrase = _Modifiers(), False
        elif token.tag == "prep":
            in_place_phrase = True
        elif token.tag == "unknown":
            if in_place_phrase or token.flag == "place":
                parsed.ignored.append(token.word)
            else:
                pending.unknown.append(token.word)
        if token.tag == "sep" or token.flag == "and":
            pending = _close_unknown(parsed, pending)
            in_place_phrase = in_purpose_phrase = False
    pending = _close_unknown(parsed, pending)
    if not pending.empty() and parsed.objects:
        _apply_leftovers(parsed.objects[-1], pending)  # "a table, red": trailing words still count
    if not parsed.objects:
        parsed.objects.append(_request(None, "object", pending))
    parsed.style = parse_style(style) or parsed.style  # the explicit style argument beats prompt words
    return parsed


def parse_style(text: str | None) -> str | None:
    """The style a phrase names ("low poly", "greybox", "detailed"), or None if it names none we know."""
    found = [token.value for token in _tokenize(text or "") if token.tag == "style"]
    return str(found[-1]) if found else None


def with_count(parsed: ParsedPrompt, count: int) -> ParsedPrompt:
    """Apply an explicit ``count`` argument (from a planner) when it is more than one.

    With one object kind the argument wins. With several ("a table and chairs") it goes to the
    last kind whose count the text did not give; counts written in the text are kept.
    """
    if count <= 1:
        return parsed
    if len(parsed.objects) == 1:
        parsed.objects[0].count, parsed.objects[0].count_given = count, True
        return parsed
    for item in reversed(parsed.objects):
        if not item.count_given:
            item.count, item.count_given = count, True
            break
    return parsed


# -- internals -----------------------------------------------------------------------------------


def _request(kind: str | None, noun: str, mods: _Modifiers, *, plural: bool = False) -> ObjectRequest:
    count = mods.count if mods.count is not None else (2 if plural else 1)
    return ObjectRequest(
        kind=kind, noun=noun, count=count, count_given=mods.count is not None, colour=mods.colour,
        material=mods.material, scale=mods.scale, size_words=list(mods.size_words),
    )


def _close_unknown(parsed: ParsedPrompt, pending: _Modifiers) -> _Modifiers:
    """Unknown words not followed by a known noun name an object we cannot build: keep it."""
    if not pending.unknown:
        return pending
    label = " ".join(pending.unknown[-3:])
    parsed.ignored.extend(pending.unknown[:-3])
    parsed.objects.append(_request(None, label, pending))
    return _Modifiers()


def _apply_leftovers(target: ObjectRequest, mods: _Modifiers) -> None:
    target.colour = target.colour or mods.colour
    target.material = target.material or mods.material
    if mods.count is not None and not target.count_given:
        target.count, target.count_given = mods.count, True
    if mods.size_words:
        target.scale = tuple(a * b for a, b in zip(target.scale, mods.scale))  # type: ignore[assignment]
        target.size_words.extend(mods.size_words)


def _resolve_either(token: _Token, rest: list[_Token]) -> _Token:
    """"나무 탁자" -> wood material; "나무" / "나무와 바위" / "a stone" -> the object itself."""
    if token.flag == "made_of":
        return _Token(token.word, "material", MATERIAL_OR_OBJECT[token.word])
    if token.flag != "and":
        for nxt in rest:
            if nxt.tag in ("colour", "size", "style", "stop", "material", "count", "counter"):
                continue
            if nxt.tag in ("noun", "either"):
                return _Token(token.word, "material", MATERIAL_OR_OBJECT[token.word])
            break
    return _Token(token.word, "noun", _nouns()[token.word], flag=token.flag)


def _tokenize(text: str) -> list[_Token]:
    lowered = text.lower().replace("low poly", "low-poly").replace("high poly", "high-poly")
    words = re.sub(r"[,;:!?.()\"“”'‘’/]+", " , ", lowered).split()
    tokens: list[_Token] = []
    index = 0
    while index < len(words):
        word = words[index]
        if index + 1 < len(words) and not HANGUL.search(word):
            pair = _english_token(f"{word} {words[index + 1]}")  # "dining table", "pine trees"
            if pair.tag == "noun":
                tokens.append(pair)
                index += 2
                continue
        if HANGUL.search(word):
            tokens.extend(_korean_tokens(word))
        else:
            tokens.append(_english_token(word))
        index += 1
    _mark_korean_counts(tokens)
    return tokens


def _lookup(word: str) -> _Token | None:
    """The tag of a word with nothing stripped, or None."""
    if word in SEPARATORS:
        return _Token(word, "sep")
    if word in STOP_WORDS:
        return _Token(word, "stop")
    if word in STYLE_WORDS:
        return _Token(word, "style", STYLE_WORDS[word])
    if word in MATERIAL_OR_OBJECT:
        return _Token(word, "either")
    if word in COLOUR_WORDS:
        return _Token(word, "colour", COLOUR_WORDS[word])
    if word in MATERIAL_WORDS:
        return _Token(word, "material", MATERIAL_WORDS[word])
    if word in SIZE_WORDS:
        return _Token(word, "size", SIZE_WORDS[word])
    if word in _nouns():
        return _Token(word, "noun", _nouns()[word])
    if word in NUMBER_WORDS:
        return _Token(word, "count", NUMBER_WORDS[word])
    if word.isdigit():
        # "0 chairs" cannot be built; read it as no count rather than an empty model
        return _Token(word, "count", int(word)) if int(word) > 0 else _Token(word, "stop")
    if word in COUNTERS:
        return _Token(word, "counter")
    return None


def _english_token(word: str) -> _Token:
    found = _lookup(word)
    if found is not None:
        return found
    if word in PREPOSITIONS:
        return _Token(word, "prep")
    if word in PURPOSE_WORDS:
        return _Token(word, "purpose")
    singular = _singular(word)
    if singular is not None:
        return _Token(singular, "noun", _nouns()[singular], flag="plural")
    return _Token(word, "unknown")


def _singular(word: str) -> str | None:
    """The known noun that the English plural ``word`` is a form of, if any."""
    for cut, add in (("ies", "y"), ("es", ""), ("s", "")):
        if word.endswith(cut) and word[: -len(cut)] + add in _nouns():
            return word[: -len(cut)] + add
    return None


def _korean_tokens(word: str) -> list[_Token]:
    found = _lookup(word)
    if found is not None:
        return [found]
    counted = _korean_count(word)
    if counted is not None:
        return counted
    if word in KOREAN_COUNTED:
        return [_Token(word, "stop")]  # "세" means three only before a counter; alone, "네" is "yes"
    for particle, flag in PARTICLES:
        stem = word[: -len(particle)]
        if not stem or not word.endswith(particle):
            continue
        inner = _lookup(stem) or (_korean_count(stem) or [None])[-1]
        if inner is not None:
            inner.flag = inner.flag or flag
            if inner.tag == "noun" and particle.startswith("들"):
                inner.flag = "and" if flag == "and" else "plural"
            return [inner]
    if word.startswith("만들") or word.endswith(KOREAN_VERB_ENDINGS):
        return [_Token(word, "stop")]
    for particle, flag in PARTICLES:
        if particle in SAFE_PARTICLES and word.endswith(particle) and len(word) > len(particle) + 1:
            return [_Token(word[: -len(particle)], "unknown", flag=flag)]
    return [_Token(word, "unknown")]


def _korean_count(word: str) -> list[_Token] | None:
    """"3개", "세개", "세개의", "두그루" -> a count (with a flag when "의" makes it pre-nominal)."""
    match = re.fullmatch(r"(\d+|[\uac00-\ud7a3]+?)(" + "|".join(COUNTERS) + r")(의)?", word)
    if not match:
        return None
    number, _, of = match.groups()
    value = int(number) if number.isdigit() else NUMBERS_BEFORE_COUNTER.get(number)
    if value is None:
        return None
    if value == 0:
        return [_Token(word, "stop")]  # "0개" cannot be built; read it as no count
    return [_Token(word, "count", value, flag="of" if of else "")]


def _mark_korean_counts(tokens: list[_Token]) -> None:
    """Join "세" + "개" and decide whether a Korean count follows its noun or precedes one."""
    joined: list[_Token] = []
    for token in tokens:
        previous = joined[-1] if joined else None
        if token.tag == "counter" and previous is not None and previous.word in NUMBERS_BEFORE_COUNTER:
            value = NUMBERS_BEFORE_COUNTER[previous.word]
            joined[-1] = _Token(previous.word + token.word, "count", value, flag=token.flag)
        elif token.tag == "counter" and previous is not None and previous.tag == "count":
            previous.flag = token.flag or previous.flag  # "3 개의"
        elif token.tag == "counter":
            joined.append(_Token(token.word, "stop", flag=token.flag))
        else:
            joined.append(token)
    tokens[:] = joined
    if not any(HANGUL.search(token.word) for token in tokens):
        return  # English counts always come before their noun
    for index, token in enumerate(tokens):
        if token.tag != "count":
            continue
        # after a noun and not "N개의": it counts that noun ("의자 세 개", "탁자 하나와")
        before = [t for t in tokens[:index] if t.tag not in ("stop",)]
        token.post_nominal = token.flag != "of" and bool(before) and before[-1].tag in ("noun", "either")
