"""Content-word overlap in English and Korean, the lexical half of memory relevance.

Relevance mixes the embedding cosine (the multilingual encoder: paraphrases, and English and
Korean in one space) with the share of the query's content words found in a memory (exact
names and numbers the embedding blurs). Korean particles glue onto nouns ("용을", "기사를"),
so each Korean word also stands for its stem without one trailing particle; request
boilerplate ("make", "from before", "만들어 줘", "아까") is not content.
"""

from __future__ import annotations

import re
from functools import lru_cache

from agent.text import HANGUL_SYLLABLE, HANGUL_SYLLABLES

_WORD = re.compile(rf"[0-9a-z]+(?:'[a-z]+)?|[{HANGUL_SYLLABLES}]+", re.IGNORECASE)

STOP_EN = frozenset("""
a an the this that these those it its it's one ones some any of to in into on onto at by for from with without
and or but then also too as so very really just please pls kindly
i me my mine you your yours we us our he she him her they them their
is are was were be been am do does did done have has had will would can could shall should may might must
make made making create created generate generated render rendered produce produced build built give show
want need like let let's get got turn turned use used using put take
before earlier previous previously ago last yesterday today recent recently again now same other another
what which who whom how when where why there here about know remember tell say said told
image images picture pictures pic video videos clip clips model models mesh 3d asset assets file files version
""".split())

STOP_KO = frozenset("""
그 그거 그걸 그것 그것을 그걸로 그거로 그것으로 이 이거 이걸 저 저거 저걸 아까 어제 전에 방금 예전에 지난번 지난번에
좀 다시 또 한번 하나 거 것 걸 수 더 이번엔 이번에는 제발
영상 영상으로 영상을 동영상 이미지 이미지로 그림 그림으로 그림을 모델 모델로 모델을 3d로 파일
만든 만들었던 만들어 만들어줘 만들어줄래 만들어주세요 만들고 만들기 했던 나는 저는 내 제 너 너는 나 저 우리
뭐 뭐야 뭐지 뭐였지 뭐였더라 무엇 무슨 누구 누구야 어디 어디야 언제 왜 어떻게 알아 알고 있어 기억해 기억나 기억하니 있어 있니
""".split())

# verb and request endings: a Korean word ending like this is not a content word
_KO_VERB_ENDINGS = ("줘", "주세요", "줄래", "줄래요", "해줘", "해요", "했어", "했던", "었던", "았던", "던", "든", "하고",
                    "드네", "니다", "세요", "어요", "아요", "할래", "볼래")

# one trailing particle, longest first
_KO_PARTICLES = ("에서는", "에게서", "으로는", "에서", "에게", "한테", "으로", "이랑", "까지", "부터", "처럼", "보다", "하고",
                 "이가", "은", "는", "이", "가", "을", "를", "의", "에", "로", "와", "과", "도", "만", "랑")


def _is_hangul(word: str) -> bool:
    return HANGUL_SYLLABLE.match(word) is not None


def _variants(word: str) -> frozenset[str]:
    """The word and its stem: an English plural/possessive, or a Korean trailing particle, removed."""
    if _is_hangul(word):
        forms = {word}
        for particle in _KO_PARTICLES:
            if word.endswith(particle) and len(word) > len(particle):
                forms.add(word[: -len(particle)])
                break
        return frozenset(forms)
    word = word.lower()
    if word.endswith("'s"):
        word = word[:-2]
    forms = {word}
    if len(word) > 3 and word.endswith("es") and word[-3] in "sxz":
        forms.add(word[:-2])
    elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        forms.add(word[:-1])
    return frozenset(forms)


def _is_stop(word: str) -> bool:
    if _is_hangul(word):
        return word in STOP_KO or word.endswith(_KO_VERB_ENDINGS)
    word = word.lower().removesuffix("'s")
    return word in STOP_EN or (len(word) < 2 and not word.isdigit())


@lru_cache(maxsize=4096)
def content_terms(text: str) -> tuple[frozenset[str], ...]:
    """Each content word of ``text`` as the set of its forms (word, stem)."""
    seen: list[frozenset[str]] = []
    for word in _WORD.findall(text):
        if _is_stop(word):
            continue
        forms = _variants(word)
        if forms not in seen:
            seen.append(forms)
    return tuple(seen)


def all_forms(text: str) -> frozenset[str]:
    """Every form of every word of ``text`` (stop words included: a memory keeps all its words)."""
    forms: set[str] = set()
    for word in _WORD.findall(text):
        forms |= _variants(word)
    return frozenset(forms)


def overlap(query: str, document: str) -> float | None:
    """Share of the query's content words found in ``document`` (0..1); ``None`` when the
    query has no content word (then only the embedding can judge)."""
    terms = content_terms(query)
    if not terms:
        return None
    forms = all_forms(document)
    return sum(1 for term in terms if term & forms) / len(terms)


def search_words(query: str, limit: int = 6) -> list[str]:
    """The query's content words in their shortest form, for a full-text pre-filter."""
    words = [min(term, key=len) for term in content_terms(query)]
    return [w for w in words if w][:limit]


def content_query(query: str) -> str:
    """The query's content words as written, boilerplate left out ("아까 만든 용" -> "용"): what
    the embedding should compare with an asset's prompt. Empty when nothing is left."""
    words = [word for word in _WORD.findall(query) if not _is_stop(word)]
    return " ".join(dict.fromkeys(words))


def relevance(query: str, document: str, cosine: float) -> float:
    """Hybrid relevance in [0, 1] of ``document`` to ``query`` given their embedding cosine:
    ``max(cos, (cos + overlap) / 2)``. The embedding alone catches paraphrases and other
    languages (a Korean query and an English memory share no word, so the overlap only ever
    adds); the overlap lifts exact content-word matches. A query without content words is
    judged by the cosine alone. (With the English-only MiniLM of earlier versions Korean had
    to lean on the overlap; the multilingual encoder reads Korean, measured in bench/encoder.py.)
    """
    cos = max(0.0, min(1.0, float(cosine)))
    lex = overlap(query, document)
    return cos if lex is None else max(cos, (cos + lex) / 2)
