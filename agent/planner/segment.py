"""Quote masking and clause segmentation on connectives (English and Korean).

Quoted text is what the user wants *spoken*; it must neither split clauses nor trigger tool
cues ("say 'draw me a cat'" is speech, not an image), so it is replaced by placeholders
(``⟦0⟧``) before anything else looks at the request, and restored only for slot filling.

A clause carries ``link``, how it joins the previous one, because the connective is evidence
for a dependency: ``"chain"`` (Korean "-서", "그걸로", English "with it") says the next step uses
the previous result, ``"then"`` says it comes after, ``"and"`` says nothing either way.

Self-corrections ("… actually no, make it a phoenix", "oh wait", "scratch that", "아니 그냥 …")
start a clause of their own, marked ``correction``, with the marker words removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Literal

from agent.text import final_consonant, split_sentences

Link = Literal["start", "and", "then", "chain"]
Correction = Literal["replace", "only", "cancel"]

PLACEHOLDER = re.compile(r"⟦(\d+)⟧")
_QUOTES = re.compile(
    r'"([^"\n]+)"|“([^”\n]+)”|「([^」\n]+)」|『([^』\n]+)』|‘([^’\n]+)’|«([^»\n]+)»'
    # a Korean particle may follow the closing mark ("'안녕'이라고 말해줘", "'다음 손님!'은 퉁명스럽게")
    r"|(?<![\w'])'([^'\n]+)'(?!(?![가-힣])[\w'])"
)


@dataclass(frozen=True)
class MaskedText:
    """The request with every quoted span replaced by ``⟦n⟧``; ``quotes[n]`` is its text."""

    text: str
    quotes: tuple[str, ...]

    def unmask(self, text: str) -> str:
        """``text`` with its placeholders put back as the quoted words (without the quotes)."""
        return PLACEHOLDER.sub(lambda m: self.quotes[int(m.group(1))], text)

    def quotes_in(self, text: str) -> list[str]:
        """The quoted strings whose placeholders occur in ``text``, in order."""
        return [self.quotes[int(m.group(1))] for m in PLACEHOLDER.finditer(text)]


def mask_quotes(text: str) -> MaskedText:
    """Replace quoted spans ("…", “…”, '…', 「…」, 『…』) by numbered placeholders."""
    quotes: list[str] = []

    def keep(match: re.Match[str]) -> str:
        quoted = next(group for group in match.groups() if group is not None).strip()
        quotes.append(quoted)
        return f" ⟦{len(quotes) - 1}⟧ "

    masked = _QUOTES.sub(keep, text)
    return MaskedText(re.sub(r"[ \t]+", " ", masked).strip(), tuple(quotes))


@dataclass(frozen=True)
class Clause:
    """One piece of a request that may become one step.

    ``correction`` is set when the clause takes back what came before ("... actually no, make
    it a phoenix", "아니 그냥 불사조로 해줘"): ``"replace"`` for an ordinary correction,
    ``"only"`` when it says the rest is not wanted either ("no wait, just ..."), ``"cancel"``
    for a bare take-back ("scratch that"); ``None`` otherwise. The marker words are removed.
    """

    text: str  # masked text (placeholders for quotes), connectives removed
    link: Link = "start"
    correction: Correction | None = None


# --------------------------------------------------------------------------- English

# Sentences come from agent.text; a request also parts at ";" and line breaks, and at an end
# mark typed without its space ("draw a cat.Then make it 3D").
_CLAUSE_BREAK = re.compile(r"\s*[;\n]+\s*")
_ARROW = re.compile(r"\s*(?:→|⟶|➡|⇒|-+>|=+>)\s*")
_EN_GLUED = re.compile(r"\s*(?<!\d)[.!?]+(?=[A-Z])")


def _sentences(masked: str, language: str) -> list[str]:
    sentences = [s for part in _CLAUSE_BREAK.split(masked) for s in split_sentences(part)]
    return sentences if language == "ko" else [p for s in sentences for p in _EN_GLUED.split(s)]

# Connectives that always start a new clause: they order actions, they never join adjectives.
_EN_STRONG = re.compile(
    r"\s*,?\s*\b(?:and\s+then|and\s+after\s+that|after\s+that|afterwards?|then|"
    r"once\s+(?:that|it|this)(?:'s|\s+is)\s+(?:done|ready|finished)|"
    r"when\s+(?:that|it|this)(?:'s|\s+is)\s+(?:done|ready|finished)|"
    r"after\s+(?:that|it|this)(?:'s|\s+is)\s+(?:done|ready|finished)|"
    r"and\s+also|and\s+finally|and\s+next|followed\s+by|after\s+which|and\s+use\s+(?:it|that|this)\s+to|"
    r"(?<=,)\s*(?:next|finally|also|plus))\b\s*,?\s*",
    re.IGNORECASE,
)
# "and"/","/"plus" only split when the right side starts like a new command or both sides
# name a medium: "a black and white cat" and "rock and roll" must stay whole.
_EN_WEAK = re.compile(r"\s*(?:,\s*(?:and|but)\b|,|:|\band\b|\bbut\b|\bplus\b|\bas\s+well\s+as\b|&)\s*", re.IGNORECASE)
_EN_CLAUSE_START = re.compile(
    r"^(?:(?:please|also|now|just|then|maybe|pls|ok|okay|so|too)\s+)*"
    r"(?:make|create|generate|draw|paint|sketch|render|build|produce|design|turn|convert|animate|"
    r"have|let|give|show|read|say|speak|narrate|transcribe|write|put|use|add|record|film|shoot|"
    r"compose|get|can\s+you|could\s+you|would\s+you|will\s+you|i\s+want|i'd\s+like|i\s+would\s+like|"
    r"i\s+need|let's|bring|rig|export|voice|dub|sing|type|spin|rotate|place|apply|take|change|"
    r"transform|illustrate|photograph|visualize|capture|lip[\s-]?sync|caption|whip|craft|model|sculpt|"
    r"announce|recite|pronounce|tell|play|do|output|save|send|return|produce|then)\b",
    re.IGNORECASE,
)
# Clause-level pronoun/verb openers that make even an "and" a new sentence ("and it should").
_EN_LEADING_JUNK = re.compile(r"^(?:and|then|also|so|plus|now|next|finally|afterwards?|after\s+that)\b[\s,]*",
                              re.IGNORECASE)


def _split_en_sentence(sentence: str, cues: "SplitCues") -> list[Clause]:
    clauses: list[Clause] = []
    pieces = _EN_STRONG.split(sentence)
    whole = cues.keep_whole(sentence)
    for index, piece in enumerate(pieces):
        link: Link = "start" if index == 0 else "then"
        subs = [piece.strip()] if whole else _split_en_weak(piece, cues)
        for sub_index, sub in enumerate(subs):
            clauses.append(Clause(sub, link if sub_index == 0 else "and"))
    return clauses


def _split_en_weak(piece: str, cues: "SplitCues") -> list[str]:
    parts: list[str] = []
    start = 0  # where the clause being built begins inside ``piece``
    for match in _EN_WEAK.finditer(piece):
        left = piece[start:match.start()].strip()
        right = piece[match.end():].strip()
        if left and right and (_EN_CLAUSE_START.match(right) or (cues.names_medium(left) and cues.is_request(_head(right)))):
            parts.append(left)
            start = match.end()
    rest = piece[start:].strip()
    if rest:
        parts.append(rest)
    return parts


def _head(text: str) -> str:
    """The right side of a weak connective up to the next weak connective (its own phrase)."""
    return _EN_WEAK.split(text, maxsplit=1)[0]


# --------------------------------------------------------------------------- Korean

# Pure connectives: dropped; what they say about order is kept in ``link``.
_KO_CONNECTIVES: tuple[tuple[tuple[str, ...], Link], ...] = (
    (("그", "다음에"), "then"), (("그", "다음"), "then"), (("그다음에",), "then"), (("그다음",), "then"),
    (("그런", "다음에"), "then"), (("그런", "다음"), "then"), (("그러고", "나서"), "then"),
    (("그리고", "나서"), "then"), (("그", "후에"), "then"), (("그", "뒤에"), "then"), (("그후에",), "then"),
    (("이후에",), "then"), (("다음으로",), "then"), (("다음에",), "then"), (("마지막으로",), "then"),
    (("그리고",), "and"), (("또한",), "and"), (("그리고는",), "and"), (("추가로",), "and"),
)
# Reference connectives start the next clause and stay in it (they are its object).
_KO_REFERENCE_OPENERS = re.compile(r"^(?:그걸로|그것으로|그거로|그걸|그것을|그거|이걸로|이것으로|이걸|이거로|그걸\s*가지고)$")
# Verb stems whose "-고" form ends an action clause ("만들고", "그려주고", "생성하고"); a bare
# "-고" would also split adjectives ("크고 빨간 사과") and "하고" is also the particle "and".
_KO_GO_VERB = re.compile(
    r"(?:그리|만들|주|생성하|제작하|변환하|녹음하|낭독하|전사하|렌더링하|렌더하|읽|말하|부르|추|걷|뛰|바꾸|"
    r"돌리|움직이|보여주|해주|적|쓰|만들어주|그려주|합성하|출력하)고$"
)
# "-서" chains ("그려서", "만들어서", "생성해서"); "에서" is the locative particle, not a verb.
_KO_SEO_VERB = re.compile(r"(?:어서|아서|해서|려서|워서|줘서|꿔서|봐서|와서|져서|여서|들어서)$")
_KO_IMPERATIVE = re.compile(r"(?:줘|줘요|주세요|줄래|줄래요|주실래요|주라|해봐|해라|하자|해요|부탁해|부탁해요|부탁드려요|주고|봐)[.!?~]*$")
_KO_STATEMENT_END = re.compile(r"(?:이야|예요|이에요|입니다|거든|잖아|네요|구나|군요|었다|았다|였다|겠다|있다|없다|이다)$")
_KO_ONE = re.compile(r"^(?:하나|하나씩|한\s*개|1\s*개)$")
_KO_AFTER = re.compile(r"^(?:다음에?|후에?|뒤에?|다음으로)$")
_KO_AFTER_GLUED = re.compile(r"(?:다음에|후에|뒤에)$")
_KO_VERB_ENDINGS = re.compile(r"(?:줘|요|다|해|고|서|라|자|어|아|봐)[.!?~,]*$")


def _has_n_final(word: str) -> bool:
    """Whether the last syllable ends in ㄴ (an adnominal past form: 만든, 그린, 한)."""
    return bool(word) and final_consonant(word[-1]) == "ㄴ"


_KO_AND_PARTICLE = re.compile(r"(?<=\S)(?:이랑|랑|하고|와|과|및)$")


def _split_ko_sentence(sentence: str, cues: "SplitCues") -> list[Clause]:
    if cues.keep_whole(sentence):
        return [Clause(sentence)]
    words = sentence.split()
    clauses: list[Clause] = []
    current: list[str] = []
    link: Link = "start"

    def flush(next_link: Link) -> None:
        nonlocal current, link
        if current:
            clauses.append(Clause(" ".join(current), link))
            current = []
            link = next_link
        elif link == "start" and not clauses:
            link = "start"
        else:
            link = next_link if _stronger(next_link, link) else link

    index = 0
    while index < len(words):
        word = words[index]
        bare = word.strip(",.!?~")
        matched = False
        for pattern, connective_link in _KO_CONNECTIVES:
            size = len(pattern)
            window = tuple(w.strip(",.!?~") for w in words[index:index + size])
            if window != pattern:
                continue
            if pattern == ("그리고",) and current and current[-1].endswith(",") and not cues.names_medium(" ".join(current)):
                index += 1  # "고양이를 크게, 그리고 귀엽게": "and" inside one description
                matched = True
                break
            if (pattern == ("그리고",) and current and not _KO_VERB_ENDINGS.search(current[-1])
                    and not current[-1].endswith(",")):
                break  # "용을 그리고" is the verb "draw and"; after a comma it is the connective
            flush(connective_link)
            index += size
            matched = True
            break
        if matched:
            continue
        if _KO_REFERENCE_OPENERS.match(bare) and current and _KO_VERB_ENDINGS.search(current[-1]):
            flush("chain")
        current.append(word)
        last = index == len(words) - 1
        if not last:
            if bare == "그리고" or _KO_GO_VERB.search(bare):
                flush("and")
            elif word.endswith(",") and _KO_STATEMENT_END.search(bare):
                flush("and")  # "여기 내 사진이야, 이걸로 아바타 만들어줘": a statement, then the request
            elif (_KO_SEO_VERB.search(bare) and not bare.endswith("에서")
                  and not _ko_bare_predicate(words[index + 1:], cues)):
                flush("chain")
            elif _KO_IMPERATIVE.search(bare):
                flush("and")
            elif ((_KO_AND_PARTICLE.search(bare) or word.endswith(",")) and cues.names_medium(" ".join(current))
                  and cues.is_request(_ko_next_item(words[index + 1:]))):
                flush("and")  # "숲 스카이박스랑 모닥불 3D 모델", "유령의 집 그림, 랜턴 3D 모델": two media, two steps
            elif (_KO_ONE.match(bare) and cues.names_medium(" ".join(current))
                  and _ko_counts_one(words[index + 1:]) and cues.is_request(_ko_next_item(words[index + 1:]))):
                flush("and")  # "사막 맵 하나 설원 맵 하나", "스카이박스 하나 의자 3D 모델 하나": one of each
            elif _KO_AFTER.match(bare) and len(current) >= 2 and _has_n_final(current[-2].strip(",")):
                flush("then")
            elif _KO_AFTER_GLUED.search(bare) and len(bare) > 3 and _has_n_final(bare[:-3] if bare.endswith("다음에") else bare[:-2]):
                flush("then")
        index += 1
    flush("and")
    return clauses


def _ko_bare_predicate(rest: list[str], cues: "SplitCues") -> bool:
    """Whether what follows a "-서" verb is one last verb naming no medium ("더해서 수정해줘",
    "그려서 보여줘"): then both verbs are one action, not two steps."""
    return len(rest) == 1 and not cues.names_medium(rest[0]) and bool(_KO_VERB_ENDINGS.search(rest[0]))


def _ko_counts_one(words: list[str]) -> bool:
    """Whether the next item is counted as one too ("… 하나 얼음맵 하나"): a list of one of each, not
    "그림 하나 그린 다음에 …" (one picture, then what is done with it)."""
    return any(_KO_ONE.match(word.strip(",.!?~")) for word in words[1:4])


def _ko_next_item(words: list[str]) -> str:
    """The words after a list separator up to the next comma (the next listed item)."""
    item: list[str] = []
    for word in words:
        item.append(word)
        if word.endswith((",", ":")):
            break
    return " ".join(item)


_LINK_STRENGTH = {"start": 0, "and": 1, "then": 2, "chain": 3}


def _stronger(new: Link, old: Link) -> bool:
    return _LINK_STRENGTH[new] > _LINK_STRENGTH[old]


# --------------------------------------------------------------------------- self-corrections

# Markers that take back what was just asked. Strong ones do it wherever they stand ("draw a
# beach house oh wait make it a cabin"); weak ones only at the start of a sentence or after a
# comma or dash, and not when the clause adds something ("actually, can you also ...").
_EN_STRONG_CORRECTION = (
    r"(?:oh\s+wait|no\s*,?\s*wait|wait\s*,?\s*no|actually\s*,?\s*no|no\s*,?\s*actually|scratch\s+that|"
    r"forget\s+(?:that|it)|never\s*mind(?:\s+that)?|nvm|on\s+second\s+thoughts?|change\s+of\s+plans?|"
    r"(?:sorry\s*,?\s*)?i\s+meant|correction|hmm+\s*,?\s*no|ah\s+no|nah\s+wait)"
)
_EN_CORRECTION_AT_START = re.compile(
    r"^(?:(?:oh|ah|um+|uh+|hmm+|er+|ok(?:ay)?|ugh)[\s,.!]+)*(?:(?P<strong>" + _EN_STRONG_CORRECTION + r")\b|"
    r"(?P<weak>(?:actually|instead|or\s+rather|rather|i\s+mean)\b|(?:sorry|wait|no|nah|nope)(?=\s*[,.!:;\-–—])))[\s,.!:;\-–—]*",
    re.IGNORECASE,
)
_EN_CORRECTION_SPLIT = re.compile(
    r"\s*[,;:.!-]*\s*(?=\b(?:(?:oh|ah|um+|hmm+)\s+)?" + _EN_STRONG_CORRECTION + r"\b)"
    r"|(?<=[,;:\-–—])\s*(?=(?:actually|or\s+rather|instead|i\s+mean)\b|(?:no|nah|nope|sorry|wait)\s*[,.!])",
    re.IGNORECASE,
)
_PAUSES = " ,;:.!-–—"  # what may stand around a correction marker
_EN_MARKER_ONLY = re.compile(
    r"(?:(?:oh|ah|um+|uh+|hmm+|er+|ok(?:ay)?|ugh)[\s,.!]+)*(?:" + _EN_STRONG_CORRECTION +
    r"|actually|or\s+rather|rather|instead|sorry|wait|no|nah|nope|i\s+mean)",
    re.IGNORECASE,
)
# A clause that is only a correction marker ("nvm" split off before "just give me a picture of ..."): the
# correction it makes is carried to the clause after it.
MARKER_ONLY = re.compile(_EN_MARKER_ONLY.pattern + r"[\s,.!]*$", re.IGNORECASE)
_EN_CORRECTION_TAIL = re.compile(r"[\s,]+instead(?:\s+of\s+(?:that|it|this))?[\s.!?]*$", re.IGNORECASE)
_EN_ADDS = re.compile(r"\b(?:also|too|as\s+well|another|additionally|in\s+addition|plus|more|again)\b", re.IGNORECASE)
_EN_ONLY = re.compile(r"\b(?:just|only|simply)\b", re.IGNORECASE)
_EN_CANCEL = re.compile(r"^(?:scratch\s+that|forget\s+(?:that|it)|never\s*mind|nvm)", re.IGNORECASE)

_KO_CORRECTION_AT_START = re.compile(
    r"^(?:(?:아+|앗|어+|음+|흠+|근데|그런데|헐)[\s,.!~]+)*(?:(?P<strong>아니(?:다|야|요|에요)?|아냐|아뇨|잠깐(?:만)?|취소(?:하고|해|하자)?|정정|"
    r"(?:다시|지금|막상)?\s*생각해\s*보니(?:까)?|그거\s*말고|그것\s*말고|그건\s*말고|아\s*맞다|\S+(?:은|는)\s*됐고)|(?P<weak>대신(?:에)?|차라리))"
    r"(?=[\s,.!~]|$)[\s,.!~]*"
)
_KO_ONLY = re.compile(r"그냥|오직|only|(?<=\S)만(?=\s|$)", re.IGNORECASE)
_KO_CANCEL = re.compile(r"^(?:취소|아니다|됐어|됐다)")


def _strip_correction(text: str, language: str) -> tuple[str, Correction | None]:
    """``text`` without a leading correction marker, and what kind of correction it was."""
    if language == "ko":
        rest, markers, strong = text, [], False
        while match := _KO_CORRECTION_AT_START.match(rest):  # "아니다 취소", "아 잠깐, 아니"
            markers.append(match.group(0).strip(" ,.!~"))
            strong = strong or bool(match.group("strong"))
            rest = rest[match.end():].strip()
            if not match.group(0).strip():
                break
        if not markers:
            return text, None
        if not rest:
            cancel = any(_KO_CANCEL.match(marker) for marker in markers)
            return rest, "cancel" if cancel else ("replace" if strong else None)
        return rest, "only" if _KO_ONLY.search(rest) else "replace"
    tail = _EN_CORRECTION_TAIL.search(text)
    match = _EN_CORRECTION_AT_START.match(text)
    if not match:
        if tail and tail.start() > 0:  # "draw a phoenix instead"
            rest = text[:tail.start()].strip()
            return rest, "only" if _EN_ONLY.search(rest) else "replace"
        return text, None
    rest = text[match.end():].strip()
    if tail and tail.start() > match.end():
        rest = text[match.end():tail.start()].strip()
    if match.group("weak") and _EN_ADDS.search(rest):
        return rest, None  # "actually, can you also animate it?" adds, it does not replace
    if not rest:
        strong = match.group("strong")
        return rest, "cancel" if strong and _EN_CANCEL.match(strong) else None
    return rest, "only" if _EN_ONLY.search(rest) else "replace"


def _split_en_corrections(sentence: str) -> list[str]:
    """A sentence cut before each correction marker ("a beach house, oh wait, a cabin"); markers
    that follow each other ("wait, no, ...") stay with what they introduce."""
    pieces: list[str] = []
    carry = ""
    for piece in _EN_CORRECTION_SPLIT.split(sentence):
        if not piece or not piece.strip(_PAUSES):
            continue
        if _EN_MARKER_ONLY.fullmatch(piece.strip(_PAUSES)):
            carry = f"{carry}{piece.strip(_PAUSES)}, "
            continue
        pieces.append(carry + piece)
        carry = ""
    if carry:
        pieces.append(carry.strip(" ,"))
    return pieces


# --------------------------------------------------------------------------- public


@dataclass(frozen=True)
class SplitCues:
    """What the splitter asks of the lexicon (kept as callables so segmenting stays lexicon-free).

    ``names_medium(text)``: the phrase names an output medium. ``is_request(text)``: it names a
    medium *and* something to make with it (a subject or a quote). "and"/"랑" split between
    two requests ("a picture of a cat and a 3D model of a dog") but not inside one subject
    ("a cat and a dog") nor before a mere format ("a 3D model of a chest, glb please").
    ``keep_whole(sentence)``: never split weakly (questions: "what's the difference between a
    skybox and a background image?").
    """

    names_medium: Callable[[str], bool] = lambda _: False
    is_request: Callable[[str], bool] = lambda _: False
    keep_whole: Callable[[str], bool] = lambda _: False


# A brief that opens with the medium as a label ("Short clip: ...", "Trailer shot: ...", "Key art: ..."):
# what follows the colon is what the medium shows, not a clause of its own.
_EN_MEDIUM_HEADER = re.compile(
    r"^\s*((?:[\w-]+\s+){0,2}(?:clip|shot|video|cutscene|trailer|teaser|animation|render|picture|image|illustration|"
    r"art|model|skybox|panorama))\s*:\s+(?=\S)", re.IGNORECASE)


def split_clauses(masked: str, language: str, cues: SplitCues | None = None) -> list[Clause]:
    """Split a masked request into clauses (see ``SplitCues`` for when "and" splits)."""
    cues = cues or SplitCues()
    clauses: list[Clause] = []
    # "sketch → 3D model → turntable": an arrow orders the steps as "then" does (rule 11)
    masked = _ARROW.sub(" 그다음 " if language == "ko" else ", then ", masked)
    if language != "ko":  # "Trailer shot: a mech walks out of the dust" -> one clause, the shot of the words after it
        masked = _EN_MEDIUM_HEADER.sub(lambda m: f"{m.group(1)} of ", masked, count=1)
    if language == "ko":
        for sentence in _sentences(masked, "ko"):
            if sentence.strip():
                pieces = _split_ko_sentence(sentence.strip(), cues)
                clauses.extend(_relink(pieces, bool(clauses)))
    else:
        for sentence in _sentences(masked, "en"):
            for part in _split_en_corrections(sentence) if sentence and sentence.strip() else ():
                # the marker is taken off before splitting so that "actually no, make it ..." stays one clause
                rest, correction = _strip_correction(part.strip(_PAUSES), "en")
                if correction is None and rest != part.strip(_PAUSES) and not rest:
                    continue
                pieces = _split_en_sentence(rest, cues) if rest else [Clause("")]
                if correction is not None:
                    pieces[0] = Clause(pieces[0].text, pieces[0].link, correction)
                clauses.extend(_relink(pieces, bool(clauses)))
    cleaned: list[Clause] = []
    pending: Correction | None = None  # a marker standing alone corrects the next clause
    for clause in clauses:
        correction = clause.correction
        if language == "ko":
            text, correction = _strip_correction(clause.text.strip(" ,"), "ko")
            text = text.strip(" ,")
        else:
            text = _EN_LEADING_JUNK.sub("", clause.text.strip(" ,-–—")).strip(" ,-–—")
        if text and not re.fullmatch(r"[\W_]*", text):
            if pending is not None and correction is None:
                correction = "only" if _EN_ONLY.search(text) or _KO_ONLY.search(text) else "replace"
            pending = None
            cleaned.append(Clause(text, clause.link if cleaned else "start", correction))
        elif correction is not None:
            pending = correction
            if correction == "cancel":
                cleaned.append(Clause("", clause.link if cleaned else "start", "cancel"))
                pending = None
    return cleaned


def _relink(pieces: list[Clause], after_earlier: bool) -> list[Clause]:
    """A new sentence after an earlier one joins it with ``"and"`` (never ``"start"``)."""
    if after_earlier and pieces and pieces[0].link == "start":
        return [Clause(pieces[0].text, "and", pieces[0].correction), *pieces[1:]]
    return pieces
