"""Slot extraction: subject prompt, text to speak, count, duration, style and language.

Everything works on the *masked* clause (quotes replaced by ``⟦n⟧``) so quoted words never
leak into a prompt, and all patterns are compiled once at import.

The subject is what remains after removing what the other slots and the router already
account for: command words and politeness ("can you please make me"), the medium ("a 3D model
of", "그림", "영상으로"), style, count, duration and references ("of it", "그걸로").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from agent.text import detect_language, final_consonant
from agent.planner.lexicon import EN_PAST_ASSET
from agent.planner.segment import PLACEHOLDER

# --------------------------------------------------------------------------- numbers

EN_NUMBERS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45,
    "fifty": 50, "sixty": 60, "ninety": 90, "a": 1, "an": 1, "a couple of": 2, "a pair of": 2, "couple of": 2,
    "pair of": 2, "a few": 3, "few": 3, "several": 3, "half a": 0.5, "a dozen": 12, "dozen": 12,
}
KO_NUMBERS: dict[str, int] = {
    "한": 1, "하나": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "석": 3, "네": 4, "넷": 4, "다섯": 5, "여섯": 6,
    "일곱": 7, "여덟": 8, "아홉": 9, "열": 10, "스무": 20, "서른": 30, "일": 1, "이": 2, "삼": 3, "사": 4, "오": 5,
    "육": 6, "칠": 7, "팔": 8, "구": 9, "십": 10, "이십": 20, "삼십": 30, "사십": 40, "오십": 50, "육십": 60,
}
_EN_NUMBER_WORD = r"(?:\d+(?:\.\d+)?|" + "|".join(sorted((re.escape(w) for w in EN_NUMBERS), key=len, reverse=True)) + ")"
_KO_NUMBER_WORD = r"(?:\d+(?:\.\d+)?|" + "|".join(sorted(KO_NUMBERS, key=len, reverse=True)) + ")"


def _number(word: str, table: dict[str, int]) -> float | None:
    word = word.strip().lower()
    if re.fullmatch(r"\d+(?:\.\d+)?", word):
        return float(word)
    value = table.get(word)
    return float(value) if value is not None else None


# --------------------------------------------------------------------------- duration

_EN_DURATION = re.compile(
    r"(?:\b(?:for|lasting|about|around|roughly|approximately|of|that\s+lasts|that's|that\s+is|just|only|under)\s+)*"
    # a number written as a word stands apart from its unit: "as" is no "a s", "am" no "a m"
    r"\b(" + _EN_NUMBER_WORD + r"|half\s+a)(?:(?<=\d)\s*[- ]?\s*|(?<!\d)(?:\s*-\s*|\s+))"
    r"(seconds?|secs?|s|minutes?|mins?|m)\b(?:\s*-?\s*long)?",
    re.IGNORECASE,
)
_KO_DURATION = re.compile(r"(?:(?<=\s)|^)(?:약\s*|한\s*)?(" + _KO_NUMBER_WORD + r")\s*(초|분)(?:\s*(?:짜리|동안|간|정도|길이|분량|가량))*(?:의|로|으로)?")


def extract_duration(text: str, language: str) -> float | None:
    """Seconds named in the clause ("5 seconds", "a minute", "10초", "1분"), else ``None``."""
    if language == "ko":
        match = _KO_DURATION.search(text)
        if match:
            value = _number(match.group(1), KO_NUMBERS)
            if value:
                return value * (60.0 if match.group(2) == "분" else 1.0)
    match = _EN_DURATION.search(text)
    if match:
        unit = match.group(2).lower()
        if unit == "m" and not re.search(r"\d", match.group(1)):
            return None
        value = 0.5 if match.group(1).lower().startswith("half") else _number(match.group(1), EN_NUMBERS)
        if value:
            return value * (60.0 if unit.startswith("m") else 1.0)
    return None


# --------------------------------------------------------------------------- count

_COUNT_ADJECTIVES = r"(?:different\s+|distinct\s+|unique\s+|more\s+|separate\s+|alternative\s+|alternate\s+|individual\s+)?(?:3d\s+)?"
# Count nouns that only say "how many outputs"; the subject loses them ("three pictures of a cat" -> "a cat").
_COUNT_MEDIA = (
    r"(?:variations?|versions?|variants?|options?|copies|takes|alternatives|designs?|pictures?|images?|illustrations?|"
    r"drawings?|sketches|photos?|models?|meshes|assets?|props?|renders?|shots?)"
)
_COUNT_NOUNS = _COUNT_ADJECTIVES + r"(?:" + _COUNT_MEDIA[3:-1] + r"|paintings?|portraits?|icons?|logos?)"
_EN_COUNT_MEDIUM = re.compile(r"\b(" + _EN_NUMBER_WORD + r")\s+" + _COUNT_NOUNS + r"(?:\s+(?:of|for|showing|with))?\b", re.IGNORECASE)
# "three cats": a plural noun after a number; units and dimensions are not counts.
_EN_COUNT_PLURAL = re.compile(
    r"\b(two|three|four|five|six|seven|eight|nine|ten|a\s+couple\s+of|a\s+pair\s+of|several|a\s+few|[2-9]|1[0-2])\s+"
    r"(?:(?:\w+\s+){0,2})(?!(?:seconds?|secs?|minutes?|mins?|hours?|degrees?|times|d\b|x\b|px|pixels?|frames?|fps|legs|arms|eyes|heads|wheels|sides)\b)"
    r"(\w+s|people|children|mice|geese|sheep|fish|deer|men|women)\b",
    re.IGNORECASE,
)
_KO_COUNTERS = r"(?:개|장|마리|가지|명|채|대|편|점|벌|컷|종류|그루|송이|척|버전)"
# the counter ends its word ("열대어" is a tropical fish, not "ten of 어"), bar the particles that may follow it
_KO_COUNT = re.compile(r"(?:(?<=\s)|^)(" + _KO_NUMBER_WORD + r")\s*" + _KO_COUNTERS
                       + r"(?:씩|만|를|을|의|로|으로|정도|쯤)?"
                       r"(?:(?![가-힣])|(?=(?:짜리|가|이|는|은|도|와|과|랑|이랑|하고|에)(?![가-힣])))")


# A number that counts a part or one listed item stays in the prompt for the renderer and is no
# count of outputs: Korean puts it inside a relative clause before the head noun ("돛 세 개 달린
# 해적선", "바퀴 네 개짜리 수레") or on one item of a list ("버섯 세 개랑 돌"); English after a word
# that attaches it to an earlier noun ("a ship with three sails", "a campfire and four benches").
_KO_AFTER_PART_COUNT = re.compile(r"^(?:짜리|\S*(?:이랑|랑|하고|와|과)(?=\s|$)|\s*[가이]?\s*(?:및|,))")
_EN_PART_OF = re.compile(
    r"\b(?:with|having|has|have|holding|carrying|featuring|wearing|and|plus|on|around|at|under|over|beside|near|by|"
    r"among|between|behind|inside|into|onto|atop|next\s+to|surrounded\s+by)\b",
    re.IGNORECASE,
)


def _ko_counts_a_part(text: str, match: re.Match[str]) -> bool:
    """Whether the Korean count ``match`` counts a part or a listed item (see ``_KO_AFTER_PART_COUNT``):
    what follows is "짜리", a list particle, or an adnominal verb form ("달린", "있는", "가진")."""
    rest = text[match.end():]
    if _KO_AFTER_PART_COUNT.match(rest):
        return True
    rest = re.sub(r"^[가이](?=\s)", "", rest)  # "바위 두 개가 있는 섬": the subject particle, then the clause's verb
    following = rest.split(maxsplit=1)[0].strip(",.!?~") if rest.strip() else ""
    if match.group(0)[-1:] in "을를의로" or not following or _KO_VERB_WORD.match(following):
        return False  # "두 장을 그려줘", "세 개 만든": the count is of what is made
    return following.endswith("는") or final_consonant(following[-1]) == "ㄴ"


# "three barrels and a crate": another item follows, so the number counts the first item only
_EN_ANOTHER_ITEM = re.compile(
    r"(?:\band|\bplus|&)\s+(?:a|an|the|one|some|two|three|four|five|six|seven|eight|nine|ten|several|\d+)\b", re.IGNORECASE)


def _en_counts_a_part(text: str, match: re.Match[str]) -> bool:
    """Whether the English plural count ``match`` counts a part or one listed item: it comes after a
    word attaching it to an earlier noun, or another item is listed after it."""
    return bool(_EN_PART_OF.search(text, 0, match.start()) or _EN_ANOTHER_ITEM.search(text, match.end()))


def extract_count(text: str, language: str) -> int | None:
    """How many outputs or subjects are asked for ("three versions", "두 마리"), if more than one;
    not the number of a part ("a ship with three sails", "돛 세 개 달린 해적선")."""
    value: float | None = None
    if language == "ko":
        match = next((m for m in _KO_COUNT.finditer(text) if not _ko_counts_a_part(text, m)), None)
        if match:
            value = _number(match.group(1), KO_NUMBERS)
    if value is None:
        # "a picture of three cats": the medium's "a" is one picture, the cats are three
        plural = next((m for m in _EN_COUNT_PLURAL.finditer(text) if not _en_counts_a_part(text, m)), None)
        for match in (_EN_COUNT_MEDIUM.search(text), plural):
            if match:
                value = _number(re.sub(r"\s+", " ", match.group(1).lower()), EN_NUMBERS)
                if value is not None and value >= 2:
                    break
    if value is None or value < 2 or value != int(value) or value > 16:
        return None
    return int(value)


# --------------------------------------------------------------------------- style

# canonical style -> English and Korean spellings (regex alternatives)
STYLES: tuple[tuple[str, str, str], ...] = (
    ("watercolor", r"water\s*-?\s*colou?r", r"수채화?"),
    ("oil painting", r"oil(?:\s+paint(?!ing)|(?=\s+paintings?\b))", r"유화"),  # "an oil painting of": the painting stays
    ("pixel art", r"pixel\s*-?\s*art|pixel(?:ated)?|8\s*-?\s*bit|16\s*-?\s*bit", r"픽셀(?:\s*아트)?|도트"),
    ("low poly", r"low\s*-?\s*poly(?:gon)?", r"로우\s*폴리"),
    ("anime", r"anime|manga", r"애니(?:메)?\s*(?:풍|스타일|느낌|그림체)|아니메|일본\s*애니|망가"),
    ("cartoon", r"cartoon(?:ish|y)?|comic(?:\s+book)?", r"만화|카툰"),
    ("realistic", r"photo\s*-?\s*realistic|realistic|photoreal|hyper\s*-?\s*realistic|lifelike|life-like", r"사실적|실사|리얼한|포토\s*리얼|사진\s*같은|사진처럼"),
    ("sketch", r"pencil(?:\s+sketch)?|charcoal|line\s+art|hand\s*-?\s*drawn", r"연필|목탄|선화|손그림"),
    ("ink wash", r"ink(?:\s+wash)?|sumi\s*-?\s*e", r"수묵화?"),
    ("clay", r"clay(?:mation)?|claymation|plasticine", r"클레이|점토"),
    ("voxel", r"voxel", r"복셀"),
    ("isometric", r"isometric", r"아이소메트릭"),
    ("minimalist", r"minimal(?:ist|istic)?|flat(?:\s+design)?|vector", r"미니멀|플랫|벡터"),
    ("cyberpunk", r"cyber\s*-?\s*punk", r"사이버\s*펑크"),
    ("steampunk", r"steam\s*-?\s*punk", r"스팀\s*펑크"),
    ("retro", r"retro|vintage|vaporwave|synthwave", r"레트로|빈티지"),
    ("storybook", r"storybook|fairy\s*-?\s*tale|children's\s+book", r"동화(?:풍|책)?"),
    ("chibi", r"chibi|kawaii", r"치비|sd\s*캐릭터"),
    ("cel shaded", r"cel\s*-?\s*shad(?:ed|ing)|toon\s*-?\s*shad(?:ed|ing)", r"셀\s*셰이딩|툰\s*셰이딩"),
    ("impressionist", r"impressionis(?:t|m|tic)", r"인상파|인상주의"),
    ("3d render", r"3d\s+render(?:ed)?|cgi", r"3d\s*렌더"),
    ("noir", r"noir|black\s+and\s+white|monochrome", r"흑백|누아르"),
    ("stylized", r"stylized|stylised", r"스타일라이즈드"),
)
_EN_STYLE = [(name, re.compile(r"(?<![\w-])(?:" + pattern + r")(?![\w-])", re.IGNORECASE)) for name, pattern, _ in STYLES]
_KO_STYLE = [(name, re.compile(ko, re.IGNORECASE)) for name, _, ko in STYLES]
KO_STYLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(_KO_STYLE)  # (style name, its Korean names)
_EN_STYLE_PHRASE = re.compile(
    r"(?:\b(?:in|with|using|as)\s+(?:a|an|the)?\s*)?(?<![\w-])(?:" + "|".join(p for _, p, _ in STYLES) + r")(?![\w-])"
    r"(?:\s*-?\s*(?:style[sd]?|looks?|aesthetic|vibes?|feel|fashion|inspired|rendering))?",
    re.IGNORECASE,
)
_EN_STYLE_GENERIC = re.compile(r"\bin\s+(?:the\s+)?style\s+of\s+[\w\s]+?(?=$|,|\.|\band\b)|\bin\s+(?:a|an)\s+(\w+)\s+style\b", re.IGNORECASE)
_KO_STYLE_PHRASE = re.compile(
    # "풍" is the style suffix ("수채화풍"), not the first syllable of a noun ("로우폴리 풍차" is a windmill)
    r"(?:" + "|".join(k for _, _, k in STYLES) + r")\s*(?:풍(?![차경선력향속년요부성뎅물악])|스타일|느낌|처럼|같이|화풍|그림체|아트|풍의|풍으로|스타일의|스타일로|느낌으로|톤)*"
    r"(?:으로|로|의|인|한)?"
    r"(?:(?<=느낌)(?:이)?\s*(?:나는|나게|풍기는))?",  # "도트 느낌 나는 슬라임": the feel is the style
    re.IGNORECASE,
)


def extract_style(text: str, language: str) -> str | None:
    """A canonical style name ("watercolor", "pixel art", "low poly", ...) when one is named."""
    if language == "ko":
        for name, pattern in _KO_STYLE:
            if pattern.search(text):
                return name
    for name, pattern in _EN_STYLE:
        if pattern.search(text):
            return name
    generic = _EN_STYLE_GENERIC.search(text)
    if generic and generic.group(1):
        return generic.group(1).lower()
    return None


# A style named as a style ("low poly style", "로우폴리 스타일", "도트 느낌"), not as a kind of asset
# ("a low poly tree" may well ask for a model).
_EN_MARKED_STYLE = re.compile(
    r"(?<![\w-])(?:" + "|".join(p for _, p, _ in STYLES) + r")\s*-?\s*(?:style[sd]?|looks?|aesthetic|vibes?|feel)\b",
    re.IGNORECASE,
)
_KO_MARKED_STYLE = re.compile(r"(?:" + "|".join(k for _, _, k in STYLES) + r")\s*(?:풍|스타일|느낌|화풍|그림체|톤)\S*", re.IGNORECASE)


def without_marked_style(text: str, language: str) -> str:
    """``text`` without the styles it names as styles (``_EN_MARKED_STYLE``): a phrase that names a
    medium only through such a style ("로우폴리 스타일 초원이랑 ...") is no request of its own when a
    clause is split; the medium named after it ("... 360 배경") is the request."""
    return (_KO_MARKED_STYLE if language == "ko" else _EN_MARKED_STYLE).sub(" ", text)


# --------------------------------------------------------------------------- subject

_EN_MEDIUM = (
    r"(?:(?:3d|3-d|three-dimensional)\s+(?:models?|assets?|meshe?s?|objects?|versions?|renders?|scenes?|sculptures?|prints?|figures?)|"
    r"(?:pictures?|pics?|images?|illustrations?|drawings?|sketch(?:es)?|photos?|photographs?|"
    r"artworks?|art|renders?|renderings?|videos?|clips?|movies?|films?|footage|animations?|gifs?|turntables?|"
    r"models?|meshe?s?|assets?|props?|glbs?|panoramas?|panoramic\s+(?:views?|images?|shots?)|skybox(?:es)?|sky\s+box(?:es)?|"
    r"360(?:°|-degree|\s+degree)?\s+(?:views?|images?|panoramas?|environments?|scenes?|photos?)|environment\s+maps?|hdris?|"
    r"avatars?|talking\s+heads?|digital\s+humans?|motions?|motion\s+clips?|mocap|bvh|audio(?:\s+clips?)?|voice\s+(?:clips?|lines?)|"
    r"recordings?|time\s*-?\s*lapses?|versions?|variations?|shots?|cinematics?|trailers?))"
)
# Kinds of artwork that are the content, not the tool: "a logo of a fox" is a logo, "an icon of a sword" an
# icon, "a painting of a ship" a painting (issue 19 renders by these words), so the prompt keeps them.
_EN_CONTENT_FORM = re.compile(
    r"\b(?:paintings?|portraits?|posters?|icons?|logos?|emblems?|wallpapers?|sprites?|concept\s+art|figurines?|"
    r"sculptures?|statues?)\b",
    re.IGNORECASE,
)
_EN_FRAMES = [re.compile(p, re.IGNORECASE) for p in (
    r"^(?:please|pls|kindly|now|also|then|and|ok(?:ay)?|alright|so|hey|just|quickly|maybe|finally|next|first|"
    r"go\s+ahead\s+and|try\s+to|let's|let\s+us|lets|oh|um|hmm|great|cool|nice|thanks?|thank\s+you)\b[\s,!]*",
    r"^(?:can|could|would|will|won't|can't)\s+(?:you|u|ya)\s*(?:please\s+|also\s+|maybe\s+|quickly\s+|just\s+)*",
    r"^(?:is\s+it\s+possible|are\s+you\s+able|would\s+you\s+be\s+able|do\s+you\s+mind)\s+(?:to\s+)?",
    r"^(?:i\s+(?:was\s+|am\s+|'m\s+)?wonder(?:ing)?|just\s+wondering)\s+(?:if|whether)\s+(?:you|u)\s+(?:can|could|would)\s*",
    r"^(?:i|we)\s+(?:really\s+)?(?:want|need|would\s+(?:like|love)|'d\s+(?:like|love)|wanna|wish\s+for|am\s+looking\s+for|'m\s+looking\s+for)"
    r"(?:\s+(?:you\s+)?to(?:\s+(?:have|get|see|hear))?|\s+to\s+(?:see|have|get|hear))?\s*",
    r"^i'd\s+(?:like|love)(?:\s+(?:you\s+)?to(?:\s+(?:have|get|see|hear))?)?\s*",
    r"^(?:how|what)\s+about\s+",
    r"^(?:have|let|make|get)\s+(?:it|him|her|them)\s+(?=\w)",
    r"^(?:could|can|may)\s+i\s+(?:get|have|see|hear)\s+",
    r"^(?:give|show|get|make|create|generate|draw|paint|sketch|render|build|produce|design|illustrate|craft|compose|"
    r"sculpt|do|film|shoot|photograph|visualize|depict|capture|bring|whip\s+up|come\s+up\s+with|put\s+together|"
    r"model|prepare|output|provide|turn|convert|transform|animate|record|gimme|redo|re-do|redraw|re-draw|remake|recreate|"
    r"reimagine|restyle)(?:\s+(?:me|us|out|up|for\s+me))?\b\s*",
    r"^(?:a|an|one|some|the)?\s*(?:(?:quick|short|simple|little|small|nice|cool|high-?res(?:olution)?|detailed|brief|new|"
    r"another|single|beautiful|good|looping|loopable|animated|3d|3-d|360|full|hd|4k|\d+\s*-?\s*second|\w+-second)\s+)*"
    + _EN_MEDIUM + r"\s+(?:of|showing|with|depicting|featuring|that\s+shows|where|in\s+which|for|about|from)\s+",
)]
_EN_MEDIUM_ANYWHERE = re.compile(
    r"\b(?:(?:in|as|into|to|in\s+to)\s+(?:(?:a|an|the)\s+)?)?(?:(?:short|quick|little|small|looping|brief|simple|cool|nice|new)\s+)*"
    r"(?:" + _EN_MEDIUM + r"|3d|3-d|in\s+three\s+dimensions)\b(?!\s*-?\s*" + _EN_CONTENT_FORM.pattern + r")",
    re.IGNORECASE,
)
_EN_TAIL = re.compile(
    r"(?:(?:^|[\s,]+)(?:please|pls|for\s+me|for\s+us|thanks|thank\s+you|if\s+you\s+can|if\s+possible|real\s+quick|now|too|"
    r"as\s+well|also|again|ok|okay|right\s+now|asap|thx|:\))\b)+[\s.!?~]*$|[\s.!?~,;:]+$",
    re.IGNORECASE,
)
_EN_REFERENCES = re.compile(
    r"\b(?:of|from|with|using|based\s+on|out\s+of|for|on)\s+(?:it|that|this|them|those|these|him|her)\b|"
    r"^(?:it|that|this|them|those|these)\b|\b(?:it|that|this|them|those|these)$",
    re.IGNORECASE,
)
_EN_DANGLING = re.compile(r"^(?:of|with|and|in|into|to|for|from|as|me|us|out|up)\b\s*|^(?:a|an|the)\s*$|\s*\b(?:of|with|and|in|into|to|for|from|as|a|an|the|me|us|out|up|of\s+a|of\s+an)$", re.IGNORECASE)
# Only the media: "an icon of a sword" keeps its icon (_EN_CONTENT_FORM), "three icons" its icons.
_EN_COUNT_PHRASE = re.compile(r"\b" + _EN_NUMBER_WORD + r"\s+" + _COUNT_ADJECTIVES + _COUNT_MEDIA + r"(?:\s+(?:of|for|showing|with))?\b\s*", re.IGNORECASE)
_EN_LEADING_COUNT = re.compile(r"^(?:two|three|four|five|six|seven|eight|nine|ten|a\s+couple\s+of|a\s+pair\s+of|several|a\s+few|[2-9]|1[0-2])\s+(?=\w)", re.IGNORECASE)
_EN_DIMENSIONS = re.compile(r",?\s*\b\d+\s*[x×]\s*\d+\b(?:\s*(?:px|pixels))?", re.IGNORECASE)
# Words that only say the format ("full 360", "360 background", "in 4k"): a clause of them alone has
# no subject, so it neither splits off as a request of its own nor becomes the prompt. "a 360 spin"
# is a motion, not a format.
_EN_FORMAT_ONLY = re.compile(
    r",?\s*(?<![\w-])(?:(?:in|at|as)\s+(?:a\s+)?)?(?:(?:full|true|complete|whole|realistic)\s+)?(?<!\ba\s)"
    r"(?:360(?:°|\s*-?\s*degrees?)?(?:\s+(?:backgrounds?|backdrops?|panos?|surround|views?|images?|panoramas?|environments?|scenes?|photos?))?"
    r"(?!\s*(?:°|-?\s*degrees?\s+)?(?:spins?|turns?|orbits?|rotations?|flips?|twirls?|pans?)\b)|"
    r"(?:full\s+|ultra\s+)?(?:hd|uhd|[248]k|1080p|720p|2160p)(?:\s+resolution)?)(?![\w°-])",
    re.IGNORECASE,
)

_KO_VERB_WORD = re.compile(
    r"^(?:그려|그리(?!스)|그린(?!란)|그릴|만들|만든|만드|생성|제작|변환|바꿔|바꾸|보여|렌더|읽어|말해|들려|받아|적어|옮겨|"
    r"돌려|불러|녹음해|전사해|낭독해|입혀|씌워|출력해|움직이게|재생|뽑(?!기)|좋겠|싶어|싶은|"
    r"수정|편집|고쳐|보정|더해|넣어|지워|없애|빼줘|빼고|합성|추가해|추가하|필요(?:해|합|함|하)|요청)\S*$"
)
_KO_FILLER = frozenset(
    "해 해줘 해줘요 해주세요 해줄래 해줄래요 해봐 해서 하고 하게 해주고 해주면 해줄 해주실래요 줘 줘요 주세요 줄래 줄래요 주라 "
    "주고 주면 부탁해 부탁해요 부탁합니다 부탁드려요 부탁드립니다 싶어 싶어요 싶은데 원해 원해요 수 있어 있어요 있나요 있을까 "
    "있을까요 있니 가능해 가능해요 가능할까 좀 한번 한 번 제발 나한테 저한테 나에게 저에게 빨리 하나 하나만 그리고 다음에 "
    "그다음 다음 후에 뒤에 그 이 저 그럼 이제 또 또한 추가로 마지막으로 먼저 우선 혹시 그냥 새로 새 같이 함께 만들어 "
    "그걸로 그것으로 그거로 그걸 그것을 그거 그거를 이걸로 이것으로 이걸 이거 이거로 이것을 그걸가지고 가지고 써서 사용해서 "
    "이용해서 이용해 사용해 바탕으로 기반으로 토대로 참고해서 아까 방금 위에서 앞에서 네가 니가 너가 내가 제가 나 저 "
    "쓸 쓰일 사용할 활용할 있게 있도록 바로 라고 이라고 거기 거기에 여기 여기에 거기다 여기다 거기다가 여기다가 따로 따로따로 각각 하나씩 별도로 개별로 각자 둘 다 모두 전부 너 너는 넌 네가 당신 당신은 혹시 너도".split()
)
_KO_MEDIUM_WORD = re.compile(
    r"^(?:그림|이미지|사진|일러스트|일러|영상|동영상|비디오|클립|3d|3-d|3차원|모델|3d모델|메시|메쉬|파노라마|스카이박스|"
    r"스카이|박스|360도?|아바타|에셋|애셋|입체|애니메이션|턴테이블|glb|gltf|스케치|드로잉|버전|파일|형태|"
    r"모양|디지털|휴먼|음성|오디오|목소리|텍스트|형식|포맷|결과물?|작품|걸|것|거|모션|bvh|짤|움짤|환경맵|배경)"
    r"(?:으로|로|을|를|이|가|은|는|도|의|과|와|로도|으로도|하나|한|처럼|같이|만|에|에서|형태로|파일로|이랑|랑|하고|및)?$",
    re.IGNORECASE,
)
# Only particles that cannot end a verb form: "는" ends "파도치는", "과" ends "사과".
_KO_PARTICLE = re.compile(r"(?<=\S)(?:을|를|으로|로|의|에게|한테|이랑|랑|하고)$")
_KO_SPACES = re.compile(r"\s+")
_KO_NOT_THIS = re.compile(r"(?:^|(?<=\s))\S+\s+말고(?=\s)")
_EN_NOT_THIS = re.compile(r",?\s*\b(?:instead\s+of|rather\s+than)\s+(?:an?\s+|the\s+)?[\w\s-]+?(?=$|,|\.)|"
                          r"^(?:instead\s+of|rather\s+than)\s+[\w\s-]+?,\s*", re.IGNORECASE)


_EN_APART = re.compile(r"\b(?:separate(?:ly)?|standalone|unrelated)\b", re.IGNORECASE)
_SEPARATELY_WORDS = re.compile(r"\b(?:separate(?:ly)?|individual(?:ly)?|each|respectively|distinct)\b|따로따로|따로|각각|하나씩|별도로?|개별로?", re.IGNORECASE)


def _after_colon(text: str, clean: Callable[[str], str]) -> str:
    """"two models: a sword and a shield" -> "a sword and a shield" when the head says nothing else."""
    head, _, tail = text.partition(":")
    if tail.strip() and not _SEPARATELY_WORDS.sub(" ", clean(head)).strip(" ,"):
        return tail
    return text


def _en_subject(text: str) -> str:
    text = PLACEHOLDER.sub(" ", text)
    if ":" in text:
        text = _after_colon(text, _en_subject)
    text = _EN_DIMENSIONS.sub(" ", text)
    text = _EN_FORMAT_ONLY.sub(" ", text)
    text = _EN_APART.sub(" ", text)  # "a separate skybox": that it is apart is the plan's shape, not what to draw
    text = EN_PAST_ASSET.sub(" ", text)  # "the castle picture you drew before" is an input, not the subject
    text = _EN_NOT_THIS.sub(" ", text)  # "a phoenix instead of a dragon"
    text = _EN_STYLE_GENERIC.sub(" ", text)
    text = _EN_STYLE_PHRASE.sub(" ", text)
    text = re.sub(r"\ban(\s+)(?=[b-df-hj-np-tv-z])", r"a\1", text, flags=re.IGNORECASE)  # "an oil painting" -> "a painting"
    text = _EN_DURATION.sub(" ", text)
    text = _EN_COUNT_PHRASE.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip(" ,")
    for _ in range(6):  # frames stack: "ok so can you please make me a picture of ..."
        before = text
        for frame in _EN_FRAMES:
            text = frame.sub("", text, count=1).strip(" ,")
        if text == before:
            break
    text = _EN_MEDIUM_ANYWHERE.sub(" ", text)
    text = _EN_REFERENCES.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip(" ,")
    for _ in range(3):
        text = _EN_TAIL.sub("", text).strip(" ,")
        text = _EN_DANGLING.sub("", text).strip(" ,")
    if not _EN_ANOTHER_ITEM.search(text):  # "three barrels and a crate" keeps its three (the count is not all of it)
        text = _EN_LEADING_COUNT.sub("", text)
    # "small chicken, , about 30cm" once "stylized" is gone; "a, foggy swamp" once "skybox" is
    text = re.sub(r"\s*,(?:\s*,)+|\s+,", ",", re.sub(r"\b(?:a|an|the)\s*(?=,)", "", text, flags=re.IGNORECASE))
    return re.sub(r"\s+", " ", text).strip(" ,.!?")


# "하나" is filler at the subject's edges ("용 하나 그려줘") but counts the noun before it inside
# ("풍차 하나 있는 초원"); "뷰" and resolutions only say the format ("360도 뷰", "4k로").
_KO_COUNT_INSIDE = frozenset({"하나"})
_KO_FORMAT_WORD = re.compile(r"^(?:뷰|view|[248]k|hd|uhd|풀\s*hd|모델링)(?:로|으로|의|에)?$", re.IGNORECASE)
# What describes the medium, not the content, when it stands last once the medium word is gone ("짧은 영상")
_KO_MEDIUM_ADJECTIVE = frozenset({"짧은", "긴", "간단한", "고화질", "고화질의", "고해상도", "고해상도의"})
# Which particle a word takes depends on its last sound (사과를 / 수박을): "마을", "노을" end in a
# syllable without a final consonant before "을", so that "을" is part of the noun, not a particle.
_PARTICLE_AFTER_CONSONANT = frozenset({"을", "으로", "이랑"})
_PARTICLE_AFTER_VOWEL = frozenset({"를", "랑"})


def _without_particle(word: str) -> str:
    """``word`` without a final object/instrument/list particle (_KO_PARTICLE) that fits its sound."""
    match = _KO_PARTICLE.search(word)
    if not match:
        return word
    stem, particle = word[:match.start()], match.group(0)
    final = final_consonant(stem[-1])
    if stem[-1] >= "가" and stem[-1] <= "힣" and (
            (particle in _PARTICLE_AFTER_CONSONANT and not final) or (particle in _PARTICLE_AFTER_VOWEL and final)):
        return word
    return stem


def _ko_subject(text: str) -> str:
    text = PLACEHOLDER.sub(" ", text)
    if ":" in text:
        text = _after_colon(text, _ko_subject)
    text = _KO_STYLE_PHRASE.sub(" ", text)
    text = _KO_DURATION.sub(" ", text)
    text = _KO_COUNT.sub(lambda m: m.group(0) if _ko_counts_a_part(text, m) else " ", text)
    text = _EN_DIMENSIONS.sub(" ", text)
    text = _KO_NOT_THIS.sub(" ", text)  # "용 말고 불사조": the phoenix, not the dragon
    kept: list[str] = []
    for raw in _KO_SPACES.split(text):
        word = raw.strip(",.!?~\"':;")
        if (not word or (word in _KO_FILLER and word not in _KO_COUNT_INSIDE) or _KO_VERB_WORD.match(word)
                or _KO_MEDIUM_WORD.match(word) or _KO_FORMAT_WORD.match(word)):
            continue
        kept.append(word)
    while kept and (kept[-1] in _KO_FILLER or _KO_MEDIUM_WORD.match(kept[-1]) or kept[-1] in _KO_MEDIUM_ADJECTIVE):
        kept.pop()
    while kept and kept[0] in _KO_COUNT_INSIDE:
        kept.pop(0)
    if kept:
        last = _without_particle(kept[-1])
        kept[-1] = last
        if not last:
            kept.pop()
    return " ".join(kept).strip()


def extract_subject(text: str, language: str) -> str:
    """The clause's subject with command words, medium, style, count and duration removed.

    "can you make a red wooden table in 3D?" -> "a red wooden table" (articles stay);
    "빨간 용 그림 그려줘" -> "빨간 용".
    """
    return _ko_subject(text) if language == "ko" else _en_subject(text)


def is_generic_subject(subject: str, language: str) -> bool:
    """Whether a subject names no concrete thing ("", "things", "3D models", "그런 거")."""
    from agent.planner.lexicon import EN_GENERIC_OBJECTS

    if not subject.strip():
        return True
    # "can it export FBX?", "FBX로도 뽑을 수 있어요?": a file format is how, not what
    subject = _FORMAT_WORDS.sub(" ", subject)
    if not subject.strip(" ,.?!"):
        return True
    if language == "ko":
        if re.search(r"어떤|무슨|뭐|무엇|뭘|어느", subject):
            return True
        return bool(re.fullmatch(r"(?:그런|이런|어떤|아무|다른|여러|뭐든|무엇이든|뭐|무슨|모든|같은|비슷한|등등?|따위)?\s*"
                                 r"(?:거|것|걸|종류|것들|거도|것도|것들도|거나|것이나|도|(?:초상화|포스터|로고|아이콘)(?:도|는|을|를|이|가)?)?\s*",
                                 subject))
    # each listed item generic: "videos or 3D stuff", "3D models or just pictures"
    parts = _EN_GENERIC_LIST_SPLIT.split(subject.strip())
    return all(EN_GENERIC_OBJECTS.match(part) for part in parts if part.strip())


_FORMAT_WORDS = re.compile(r"(?<![\w.])\.?(?:fbx|obj|glb|gltf|stl|usdz|ply|png|jpe?g|webp|exr|hdri?|wav|mp3|ogg|mp4|webm|gif|bvh|"
                           r"[48]k|1080p|4096|2048)(?:\s*(?:파일|포맷|형식|확장자))?(?:으로도|로도|으로|로|도|는|은|을|를|이|가)?(?![\w.])",
                           re.IGNORECASE)
_EN_GENERIC_LIST_SPLIT = re.compile(r"\s*(?:,|/|\b(?:or|and|and/or|just|only|even|maybe|also|like|plus)\b)\s*", re.IGNORECASE)


# --------------------------------------------------------------------------- spoken text

_EN_SAY = re.compile(
    r"\b(?:say|says|saying|speak|speaks|speaking|read(?:\s+out)?(?:\s+aloud)?|narrate|announce|recite|pronounce|sing|"
    r"tell\s+(?:them|everyone|the\s+\w+))\b\s*(?:out\s+loud\s+|aloud\s+)?(?:the\s+(?:words?|phrase|line|sentence|text)\s*)?"
    r"(?:that\s+)?[:,]?\s*(.+)$",
    re.IGNORECASE,
)
_EN_SAY_TAIL = re.compile(
    r"(?:\s+(?:out\s+loud|aloud|please|for\s+me|in\s+(?:a|an|her|his|my|their)\s+[\w\s-]*?voice|with\s+(?:a|an)\s+[\w\s-]*?voice|"
    r"in\s+(?:english|korean|japanese|chinese|spanish|french|german)|to\s+me|slowly|loudly|quietly|cheerfully|calmly))+[\s.!?]*$",
    re.IGNORECASE,
)
_EN_COLON = re.compile(r":\s*(.+)$")
_KO_SAY = re.compile(r"(.+?)\s*(?:이?라고|하고)\s*(?:말|읽|해|외|인사|소리|발음|얘기|이야기|녹음|노래)")
_LANGUAGE_HINTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bin\s+korean\b|한국어|한국말|한글로", re.IGNORECASE), "ko"),
    (re.compile(r"\bin\s+english\b|영어로|영어", re.IGNORECASE), "en"),
    (re.compile(r"\bin\s+japanese\b|일본어", re.IGNORECASE), "ja"),
    (re.compile(r"\bin\s+chinese\b|중국어", re.IGNORECASE), "zh"),
    (re.compile(r"\bin\s+spanish\b|스페인어", re.IGNORECASE), "es"),
    (re.compile(r"\bin\s+french\b|프랑스어", re.IGNORECASE), "fr"),
    (re.compile(r"\bin\s+german\b|독일어", re.IGNORECASE), "de"),
)
_PRONOUN_ONLY = re.compile(r"^(?:it|that|this|them|those|these|something|anything|그거|그걸|이거|이걸|그것|이것)?$", re.IGNORECASE)


@dataclass(frozen=True)
class SpokenText:
    text: str
    language: str


def extract_spoken_text(clause: str, quotes: list[str], language: str, *, bare: bool = False) -> SpokenText | None:
    """What should be said aloud: the quoted text, else the words after "say"/"read"/":" or before
    "라고 말해"; with ``bare`` (speech only) a Korean clause's subject ("안녕하세요 말해줘");
    ``None`` when the clause names nothing to say."""
    text: str | None = None
    if quotes:
        text = " ".join(q for q in quotes if q.strip())
    elif language == "ko":
        match = _KO_SAY.search(PLACEHOLDER.sub(" ", clause))
        if match:
            text = _ko_subject(match.group(1)) or match.group(1).strip()
        else:
            colon = _EN_COLON.search(clause)
            text = colon.group(1).strip() if colon else (_ko_subject(clause) if bare else None)
    else:
        colon = _EN_COLON.search(clause)
        match = _EN_SAY.search(clause)
        if colon:
            text = colon.group(1)
        elif match:
            text = match.group(1)
        if text is not None:
            text = _EN_SAY_TAIL.sub("", text).strip(" ,.!?")
    if text is None or _PRONOUN_ONLY.match(text.strip()):
        return None
    hint = next((code for pattern, code in _LANGUAGE_HINTS if pattern.search(clause)), None)
    return SpokenText(text.strip(), hint or detect_language(text))


# --------------------------------------------------------------------------- enumerations

_EN_SEPARATELY = re.compile(r"\b(?:separate(?:ly)?|each|individual(?:ly)?|one\s+(?:each|per)|respectively|distinct|apiece)\b", re.IGNORECASE)
_KO_SEPARATELY = re.compile(r"따로|각각|하나씩|별도|한\s*개씩|개별|각자")
_EN_LIST_SPLIT = re.compile(r"\s*(?:,\s*and\b|,|\band\b|&|\+|\bplus\b)\s*", re.IGNORECASE)
_KO_LIST_SPLIT = re.compile(r"(?:이랑|랑|하고|와|과|및)\s+|\s*,\s*")


def split_enumeration(subject: str, text: str, language: str, count: int | None) -> list[str]:
    """The items of "two separate models: a sword and a shield" / "검이랑 방패 따로따로": one
    output per item when the clause says so (separately, each, 따로, 각각) or when a stated
    count matches a listed enumeration after a colon; otherwise ``[subject]``."""
    splitter = _KO_LIST_SPLIT if language == "ko" else _EN_LIST_SPLIT
    items = [item.strip(" ,") for item in splitter.split(subject) if item.strip(" ,")]
    # "a bed, a lamp and a bookshelf, each one its own model": the closing "each ..." says how, it is no item
    items = [item for item in items if not _EN_HOW_EACH.match(item)] if language == "en" else items
    if len(items) < 2 and language == "ko":
        # "침대, 책상, 옷장 3D 모델 각각": the subject lost the commas that listed its words
        words = subject.split()
        if len(words) >= 2 and re.search(r"\s*,\s*".join(map(re.escape, words)), text):
            items = words
    if len(items) < 2:
        return [subject]
    separately = (_KO_SEPARATELY if language == "ko" else _EN_SEPARATELY).search(text)
    listed = count is not None and count == len(items) and ":" in text
    return items if (separately or listed or _same_kind_each(items)) else [subject]


# "walk cycle + run cycle + crouch-walk cycle": every item names a result of the same kind, so each is one
_RESULT_NOUN = re.compile(r"^(?:cycles?|loops?|clips?|animations?|motions?|models?|pictures?|images?|videos?|levels?|"
                          r"maps?|skyboxe?s?|portraits?|logos?|icons?|모션|동작|그림|모델|영상|맵)$", re.IGNORECASE)
_EN_HOW_EACH = re.compile(r"^(?:each|every|all)\b", re.IGNORECASE)


def _same_kind_each(items: list[str]) -> bool:
    shared = set.intersection(*({word.lower() for word in re.findall(r"[\w-]+", item)} for item in items))
    return any(_RESULT_NOUN.match(word) for word in shared)
