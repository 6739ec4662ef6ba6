"""Quote masking and clause segmentation on connectives (English and Korean).

Quoted text is what the user wants *spoken*; it must neither split clauses nor trigger tool
cues ("say 'draw me a cat'" is speech, not an image), so it is replaced by placeholders
(``⟦0⟧``) before anything else looks at the request, and restored only for slot filling.

A clause carries ``link``, how it joins the previous one, because the connective is evidence
for a dependency: ``"chain"`` (Korean "-서", "그걸로", English "with it") says the next step uses
the previous result, ``"then"`` says it comes after, ``"and"`` says nothing either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Literal

Link = Literal["start", "and", "then", "chain"]

PLACEHOLDER = re.compile(r"⟦(\d+)⟧")
_QUOTES = re.compile(
    r'"([^"\n]+)"|“([^”\n]+)”|「([^」\n]+)」|『([^』\n]+)』|‘([^’\n]+)’|«([^»\n]+)»'
    r"|(?<![\w'])'([^'\n]+)'(?![\w'])"
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
    """One piece of a request that may become one step."""

    text: str  # masked text (placeholders for quotes), connectives removed
    link: Link = "start"


# --------------------------------------------------------------------------- English

_EN_SENTENCES = re.compile(r"(?<=[.!?])\s+|\s*[;\n]+\s*|\s*(?<!\d)[.!?]+(?=[A-Z])")
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
_EN_WEAK = re.compile(r"\s*(?:,\s*and\b|,|\band\b|\bplus\b|\bas\s+well\s+as\b|&)\s*", re.IGNORECASE)
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

_KO_SENTENCES = re.compile(r"(?<=[.!?~])\s+|\s*[;\n]+\s*")
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
_KO_AFTER = re.compile(r"^(?:다음에?|후에?|뒤에?|다음으로)$")
_KO_AFTER_GLUED = re.compile(r"(?:다음에|후에|뒤에)$")
_KO_VERB_ENDINGS = re.compile(r"(?:줘|요|다|해|고|서|라|자|어|아|봐)[.!?~,]*$")


def _has_n_final(word: str) -> bool:
    """Whether the last syllable ends in ㄴ (an adnominal past form: 만든, 그린, 한)."""
    if not word:
        return False
    code = ord(word[-1]) - 0xAC00
    return 0 <= code <= 11171 and code % 28 == 4


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
            if pattern == ("그리고",) and current and not _KO_VERB_ENDINGS.search(current[-1]):
                break  # "용을 그리고" is the verb "draw and", handled below
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
            elif _KO_SEO_VERB.search(bare) and not bare.endswith("에서"):
                flush("chain")
            elif _KO_IMPERATIVE.search(bare):
                flush("and")
            elif (_KO_AND_PARTICLE.search(bare) and cues.names_medium(" ".join(current))
                  and cues.is_request(" ".join(words[index + 1:]))):
                flush("and")  # "숲 스카이박스랑 모닥불 3D 모델": two media, two steps
            elif _KO_AFTER.match(bare) and len(current) >= 2 and _has_n_final(current[-2].strip(",")):
                flush("then")
            elif _KO_AFTER_GLUED.search(bare) and len(bare) > 3 and _has_n_final(bare[:-3] if bare.endswith("다음에") else bare[:-2]):
                flush("then")
        index += 1
    flush("and")
    return clauses


_LINK_STRENGTH = {"start": 0, "and": 1, "then": 2, "chain": 3}


def _stronger(new: Link, old: Link) -> bool:
    return _LINK_STRENGTH[new] > _LINK_STRENGTH[old]


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


def split_clauses(masked: str, language: str, cues: SplitCues | None = None) -> list[Clause]:
    """Split a masked request into clauses (see ``SplitCues`` for when "and" splits)."""
    cues = cues or SplitCues()
    clauses: list[Clause] = []
    if language == "ko":
        for sentence in _KO_SENTENCES.split(masked):
            if sentence.strip():
                pieces = _split_ko_sentence(sentence.strip(), cues)
                clauses.extend(_relink(pieces, bool(clauses)))
    else:
        for sentence in _EN_SENTENCES.split(masked):
            if sentence and sentence.strip():
                pieces = _split_en_sentence(sentence.strip(), cues)
                clauses.extend(_relink(pieces, bool(clauses)))
    cleaned: list[Clause] = []
    for clause in clauses:
        text = _EN_LEADING_JUNK.sub("", clause.text.strip(" ,")).strip(" ,") if language != "ko" else clause.text.strip(" ,")
        if text and not re.fullmatch(r"[\W_]*", text):
            cleaned.append(Clause(text, clause.link if cleaned else "start"))
    return cleaned


def _relink(pieces: list[Clause], after_earlier: bool) -> list[Clause]:
    """A new sentence after an earlier one joins it with ``"and"`` (never ``"start"``)."""
    if after_earlier and pieces and pieces[0].link == "start":
        return [Clause(pieces[0].text, "and"), *pieces[1:]]
    return pieces
