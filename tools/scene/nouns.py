"""Words the kind library does not know: which of them name a thing, and the nearest kind to it.

A run of unknown words ("a futuristic hovercar", "귀여운 햄스터") has at most one head noun:
in English the last word that can be a noun (lemminflect's lexicon says which parts of speech
a word can be; "futuristic" is only an adjective, "looking" only a verb), in Korean the last
word that does not end like a modifier ("-한", "-는", "-적인"). The head, in its dictionary form,
is compared by meaning with every kind's words (:mod:`tools.nearest`, the multilingual sentence
encoder); a kind close enough stands in for it and the substitution is reported, anything else
is reported as unmatched and built as nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from agent.text import HANGUL_SYLLABLE
from tools.nearest import Match, NearestNames, TextEncoder

if TYPE_CHECKING:
    import numpy as np

# When a noun may stand in for a kind (USE multilingual v3, "a <word>" against every kind's English
# words): similarity >= 0.6, 3.5 standard deviations above the mean over all kinds, and 0.05 above
# the best kind of another family. Chosen on about 110 dev nouns and the 120 dev requests sampled
# from the planner corpus (villa -> house, treehouse -> tree, 요트 -> boat match; mermaid, crab,
# chalice, 구름, 터널 do not). Single words are a weak spot of a sentence encoder (shared sub-words
# such as "board" / "signboard" still slip through), so common nouns are listed as kinds' words
# and this is only the fallback; every substitution is reported to the user.
KIND_THRESHOLD = 0.6
KIND_MIN_Z = 3.5
KIND_MIN_GAP = 0.05
# Function words and verbs common in asset requests that lemminflect may call nouns.
NOT_NOUNS = {
    "over", "under", "above", "below", "across", "through", "along", "among", "between", "inside", "outside",
    "within", "without", "toward", "towards", "out", "off", "up", "down", "into", "onto", "against", "around",
    "style", "styled", "version", "kind", "sort", "type", "lots", "lot", "bunch", "few", "several", "many", "much",
    "thing", "things", "something", "stuff", "view", "shot", "angle", "background", "foreground", "detail", "details",
    "colour", "color", "colours", "colors", "lighting", "light", "mood", "vibe", "vibes", "theme", "feel", "look",
    "format", "file", "files", "export", "size", "scale", "quality", "resolution", "art", "concept", "sketch",
    "icon", "icons", "sprite", "texture", "asset", "assets", "prop", "props", "model", "models", "mesh", "scene",
    "pls", "plz", "please", "thanks", "thx", "lol", "pic", "render", "seconds", "second", "minute", "minutes",
    "game", "level", "loop", "time", "day", "way", "side", "top", "bottom", "front", "back", "middle", "centre",
    "center", "corner", "edge", "end", "start", "left", "right", "ground", "floor", "sky", "air", "distance",
    # talk around a request, and words about the medium or the game rather than a thing in the scene
    "hey", "hi", "hello", "oops", "sorry", "thanks", "thank", "excuse", "wow", "okay", "ok", "yes", "no", "don",
    "doesn", "isn", "hold", "favour", "favor", "friend", "buddy", "lol", "pal", "idea", "help", "sheet", "logo",
    "icon", "graphic", "graphics", "screen", "screenshot", "screenshot-style", "game-ready", "ready", "slideshow",
    "clip", "loop", "static", "title", "menu", "ui", "hud", "card", "cards", "portrait", "poster", "banner",
    "design", "designs", "illustration", "map", "world", "worlds", "version", "variant", "variants", "set",
    "pack", "kit", "collection", "series", "frame", "frames", "fly-around", "orbit", "sim", "fps", "mp4", "stl",
    "hdri", "pixel", "pixel-art", "sprite", "sprites", "character", "characters", "monster", "creature",
    "player", "enemy", "boss", "npc", "hero", "team", "party", "group", "crowd", "walk", "run", "cast", "all",
    "where", "convert", "use", "attached", "attachment", "layer", "layers", "style", "painter", "artist",
    "underneath", "beneath", "take", "being", "make", "want", "need", "give", "see", "let", "show", "try", "get", "keep", "bring", "add",
    "change", "turn", "move", "thing", "bit", "piece", "pieces", "kind", "kinds", "lot", "type", "types",
}
KOREAN_MODIFIER_ENDINGS = ("한", "는", "던", "적인", "스러운", "로운", "다운", "같은", "있는", "없는", "운", "은", "처럼",
                           "하게", "스럽게", "롭게", "풍", "풍의", "느낌의", "스타일의")
KOREAN_NOT_NOUNS = {"느낌", "스타일", "버전", "분위기", "배경", "그림", "사진", "이미지", "영상", "모델", "파일", "크기",
                    "정도", "하나", "것", "거", "좀", "한번", "같이", "처럼", "모습", "장면", "컷", "한장", "한", "장",
                    "게임", "게임용", "아이콘", "화면", "클립", "클립아트", "스케치", "아트", "키", "일러스트", "렌더",
                    "세트", "시트", "캐릭터", "몬스터", "주인공", "포즈", "모션", "애니메이션", "루프", "타임랩스", "뷰",
                    "환경맵", "스카이박스", "모델링", "아이템", "레벨", "맵", "지도", "세팅", "용", "우리", "저희",
                    "안녕하세요", "감사해요", "감사합니다", "첨부", "수채화", "업스케일", "패럴랙스", "단면도", "컨셉",
                    "디자인", "로고", "배너", "포스터", "카드", "월드", "ui", "hud", "환경", "앱", "앱용", "아니", "그",
                    "이", "저", "주변", "전체", "일반", "와이드", "샷", "레디", "에셋", "소품", "프롭",
                    # adverbs and verb forms that are nouns by their shape ("잘 살려서": well, not a well)
                    "잘", "있고", "없고", "되고", "살려서", "살려", "표면", "재질", "소재", "질감", "플라이스루", "플라이스로",
                    "플라이오버", "워크스루", "속", "안쪽", "서", "누워", "엎드려", "기대어", "기대", "걸터앉아"}  # "서 있는": standing
KOREAN_VERB_ENDINGS = ("요", "까요", "게요", "돼", "줘", "주세요", "하게", "해", "했어", "하고", "하며", "말고", "이라고",
                       "니다", "어", "아", "지", "게", "며", "면", "서", "도", "나", "져")  # 져: "펼쳐져 있는"


@dataclass(frozen=True)
class Resolved:
    """What a run of unknown words turned out to be."""

    head: str | None  # the noun among them (None: only modifiers)
    match: Match | None  # the kind standing in for it, when one is close enough
    modifiers: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def _lemmas():
    from lemminflect import getAllLemmas

    return getAllLemmas


def english_noun(word: str) -> str | None:
    """The dictionary form of ``word`` when it can be a noun, else None."""
    if word in NOT_NOUNS or not re.fullmatch(r"[a-z][a-z'-]*", word) or len(word) < 3:
        return None
    lemmas = _lemmas()(word)
    if not lemmas:
        return word  # a word lemminflect does not know (a coinage, a typo): let the encoder judge
    if "NOUN" in lemmas:
        return lemmas["NOUN"][0]
    if "PROPN" in lemmas:
        return word
    return None


def korean_noun(word: str) -> str | None:
    """``word`` when it looks like a Korean noun (not a modifier or a verb form), else None."""
    if not HANGUL_SYLLABLE.search(word) or word in KOREAN_NOT_NOUNS:
        return None
    if word.endswith(KOREAN_VERB_ENDINGS) and (len(word) >= 2 or word in ("돼", "해", "줘", "봐")):
        return None
    if len(word) >= 2 and word.endswith(KOREAN_MODIFIER_ENDINGS):
        return None
    half = len(word) // 2
    if len(word) >= 2 and len(word) % 2 == 0 and word[:half] == word[half:]:
        return None  # a doubled sound or shape word ("데굴데굴", "반짝반짝", "휙휙") says how, never what
    return word


def head_noun(words: list[str]) -> tuple[str | None, tuple[str, ...]]:
    """The head noun of a run of unknown words and the words that modify it."""
    for index in range(len(words) - 1, -1, -1):
        word = words[index]
        noun = korean_noun(word) if HANGUL_SYLLABLE.search(word) else english_noun(word)
        if noun is not None:
            return noun, tuple(words[:index])
    return None, tuple(words)


@lru_cache(maxsize=1)
def kind_vocabulary() -> NearestNames:
    """Every kind with its English and Korean words, embedded once per encoder."""
    from tools.scene.objects import OBJECT_KINDS

    # English words only: Korean synonyms share syllables with unrelated nouns (구름다리 / 구름),
    # and the encoder already puts a Korean query next to its English meaning
    phrases = {name: [f"a {word}" for word in kind.words if word.isascii()] for name, kind in OBJECT_KINDS.items()}
    groups = {name: kind.category for name, kind in OBJECT_KINDS.items()}
    return NearestNames("kinds", phrases, threshold=KIND_THRESHOLD, min_z=KIND_MIN_Z, min_gap=KIND_MIN_GAP,
                        groups=groups)


def query_of(word: str) -> str:
    """The text a noun is embedded as: "a <word>" in English, the word itself in Korean."""
    return word if HANGUL_SYLLABLE.search(word) else f"a {word}"


def compound_kind(word: str) -> str | None:
    """The kind a Korean compound written without spaces ends in: "모던한의자" -> chair, "나무의자" -> chair."""
    from tools.scene.objects import word_index

    if not HANGUL_SYLLABLE.search(word):
        return None
    index = word_index()
    for start in range(1, len(word) - 1):
        tail = word[start:]
        if tail in index and len(tail) >= 2:
            return index[tail]
    return None


# What a word is when it is not a thing to build: a quality of the picture (its tone, style, mood), a manner
# (an adverb) or an action (a verb form). Words that can be nouns by their form ("tone", "톤", "바로", "굴러")
# still name nothing to place; a word nearer to one of these in meaning than to every kind (less
# DESCRIBER_MARGIN) is read as a modifier, so it is neither built nor reported as a missing model.
DESCRIBERS = (
    "a tone", "a style", "a mood", "a colour", "a shade", "a texture", "a feeling", "an atmosphere", "a vibe",
    "a look", "lighting", "brightness", "pastel", "watercolour",
    "quickly", "slowly", "directly", "right away", "slightly", "very", "just",
    "rolling", "going in", "running", "flying", "falling", "jumping",
)
DESCRIBER_MARGIN = 0.05


@lru_cache(maxsize=4)
def _describer_matrix(encoder_name: str, encoder: TextEncoder):
    return encoder.encode(list(DESCRIBERS))


def describes(word: str, kind_score: float, *, encoder: TextEncoder | None = None,
              vector: "np.ndarray | None" = None) -> bool:
    """True when ``word`` (a noun by its form, no kind close to it) reads as a quality, manner or action
    rather than a thing: its nearest describer is at least as close as its nearest kind, less a margin.
    ``vector``: the word's query already encoded."""
    from tools.nearest import text_encoder

    encoder = encoder or text_encoder()
    if vector is None:
        vector = encoder.encode([query_of(word)])[0]
    score = float((_describer_matrix(encoder.name, encoder) @ vector).max())
    return score >= kind_score - DESCRIBER_MARGIN


def resolve(words: list[str], *, encoder: TextEncoder | None = None) -> Resolved:
    """The head noun of ``words`` and the nearest kind to it.

    The head is the last word that can be a noun; when it is a describer ("수채화 톤": the tone is how it
    looks; "바로 굴러": how it moves) the run has no head and builds nothing, and the words before it
    are its modifiers ("spikes ... a spotlight", the spotlight read as lighting, builds no spear either)."""
    head, modifiers = head_noun(words)
    if head is None:
        return Resolved(None, None, modifiers)
    compound = compound_kind(head)
    if compound is not None:
        return Resolved(head, Match(compound, 1.0, head), modifiers)
    from tools.nearest import text_encoder

    encoder = encoder or text_encoder()
    vector = encoder.encode([query_of(head)])[0]  # once: the kinds and the describers both read it
    ranked = kind_vocabulary().ranked_all(query_of(head), encoder=encoder, vector=vector)
    match = kind_vocabulary().pick(ranked)
    # a kind that stands in must beat the describers by the margin ("pastel" is no cake, "톤" no vase)
    best = match.score + DESCRIBER_MARGIN if match is not None else ranked[0].score
    if describes(head, best, encoder=encoder, vector=vector):
        return Resolved(None, None, tuple(words))
    return Resolved(head, match, modifiers)


def suggestions(words: list[str], *, encoder: TextEncoder | None = None, top: int = 3) -> list[str]:
    """Kinds nearest in meaning to ``words`` (for a reply that says what could be built instead)."""
    if not words:
        return []
    return [match.name for match in kind_vocabulary().ranked(query_of(" ".join(words)), encoder=encoder, top=top)]
