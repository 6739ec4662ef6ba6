"""Facts about text that every layer shares: scripts, language, sentences, binary input.

One home for each rule, so the planner, the safety layer, speech and the interfaces agree on
what Korean is, where a sentence ends and when a "text" is really bytes:

- Script ranges: :data:`HANGUL_SYLLABLES`, :data:`HANGUL_JAMO`, :data:`HANGUL_COMPAT_JAMO`
  (character-class fragments for building larger patterns), :data:`HANGUL` and
  :data:`HANGUL_SYLLABLE` (compiled), :func:`has_hangul`, :func:`final_consonant` (batchim).
- Language: :func:`hangul_ratio`, :func:`detect_language` (``"ko"`` or ``"en"``).
- Sentences: :func:`split_sentences` (whole text), :func:`split_finished` (a streamed
  buffer: finished sentences and the unfinished rest), :func:`first_sentence_end`.
- Binary input: :func:`control_ratio`, :func:`looks_binary`.
- Input from any edge: :func:`clean_text` (lone surrogates, what undecodable bytes become, are
  replaced), :func:`is_blank` (nothing visible: whitespace and zero-width characters only),
  :func:`parse_json` (JSON with its depth and integer size bounded before parsing).
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any, Iterator

# ----------------------------------------------------------------------------- scripts

HANGUL_SYLLABLES = "\uac00-\ud7a3"  # 가-힣, the 11,172 precomposed syllables
HANGUL_JAMO = "\u1100-\u11ff"  # conjoining jamo (decomposed, NFD text)
HANGUL_COMPAT_JAMO = "\u3130-\u318f"  # ㄱ-ㆎ, the jamo typed on their own (ㅋㅋ, ㅅㅂ)
HANGUL_LETTERS = HANGUL_SYLLABLES + HANGUL_JAMO + HANGUL_COMPAT_JAMO

HANGUL = re.compile(f"[{HANGUL_LETTERS}]")
HANGUL_SYLLABLE = re.compile(f"[{HANGUL_SYLLABLES}]")


def has_hangul(text: str) -> bool:
    """Whether ``text`` holds any Hangul letter (syllable or jamo)."""
    return HANGUL.search(text) is not None


# final consonants (jongseong) in the order Unicode composes syllables: 가 + 28 * vowel + final
_FINALS = ("", "ㄱ", "ㄲ", "ㄳ", "ㄴ", "ㄵ", "ㄶ", "ㄷ", "ㄹ", "ㄺ", "ㄻ", "ㄼ", "ㄽ", "ㄾ", "ㄿ", "ㅀ",
           "ㅁ", "ㅂ", "ㅄ", "ㅅ", "ㅆ", "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ")


def final_consonant(syllable: str) -> str:
    """The final consonant (batchim) of a Hangul syllable as a jamo ("한" -> "ㄴ"); "" for none or a non-syllable.

    Korean grammar turns on it: which particle follows (사람은 / 여자는), the adnominal ㄴ
    (만든), the past-tense ㅆ (했다).
    """
    code = ord(syllable) - 0xAC00 if len(syllable) == 1 else -1
    return _FINALS[code % 28] if 0 <= code <= 11171 else ""


# how a word ending in a digit or a Latin letter is read before a particle: with a final consonant?
_READ_WITH_FINAL = {**dict.fromkeys("0136789", True), **dict.fromkeys("245", False),
                    **dict.fromkeys("lmnLMN", True)}


def with_particle(word: str, after_consonant: str, after_vowel: str) -> str:
    """``word`` with the particle that fits its last sound: ``with_particle("의자", "을", "를")`` is
    "의자를", "칼" gives "칼을" (로/으로: a final ㄹ takes "로"). Quotes and brackets at the end are
    looked through; a word whose sound is unknown gets both ("을(를)")."""
    stripped = word.rstrip("\"'”’)]」』 .!?")
    last = stripped[-1:] if stripped else ""
    final = final_consonant(last)
    if HANGUL_SYLLABLE.match(last or " "):
        consonant = bool(final) and not (after_vowel == "로" and final == "ㄹ")
    elif last in _READ_WITH_FINAL:
        consonant = _READ_WITH_FINAL[last]
    else:
        return f"{word}{after_consonant}({after_vowel})"
    return word + (after_consonant if consonant else after_vowel)


# ----------------------------------------------------------------------------- language

# A third of the letters is plenty: "GLB 3D 모델 만들어줘" is Korean, "say hello: 안녕" is English.
# A ratio, not "any Hangul": a Korean request often carries Latin tokens ("3D", "GLB", "TTS").
KOREAN_LETTER_RATIO = 0.3


def hangul_ratio(text: str) -> float:
    """The share of letters in ``text`` that are Hangul (0.0 when there are no letters)."""
    letters = sum(1 for ch in text if ch.isalpha())
    if not letters:
        return 0.0
    return len(HANGUL.findall(text)) / letters


def detect_language(text: str) -> str:
    """``"ko"`` when at least 30 % of the letters are Hangul, else ``"en"`` (also for no letters)."""
    return "ko" if hangul_ratio(text) >= KOREAN_LETTER_RATIO else "en"


# ----------------------------------------------------------------------------- sentences

# "." after these words does not end a sentence ("Dr. Kim", "e.g. a sword"). Words that also
# end sentences often ("etc.", "no.") are left out: a missed split costs less than a wrong one.
ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "vs", "e.g", "i.e", "cf",
                           "approx", "fig", "vol", "dept", "est"})
# Korean final endings that close a sentence even without punctuation ("살았어요 그리고 ...");
# each is two syllables so the look-behind has one width.
_KO_FINAL_ENDINGS = ("니다", "어요", "아요", "에요", "예요", "세요", "네요", "군요", "까요", "래요", "해요",
                     "었다", "았다", "였다", "한다", "는다", "이다")
_CLOSERS = "\"'”’)\\]」』"
_BOUNDARY = re.compile(
    # ASCII end marks (and "~" after Hangul) end a sentence only before whitespace, so "3.5" and
    # "v2.0" stay whole; closing quotes and brackets stay with their sentence.
    rf"(?P<mark>[.!?…]+|(?<=[{HANGUL_SYLLABLES}])~+)[{_CLOSERS}]*(?P<gap>\s+|$)"
    # full-width marks need no space after them (Chinese and Japanese write none)
    rf"|[。！？]+[{_CLOSERS}]*(?P<wide_gap>\s*)"
    rf"|(?<={'|'.join(_KO_FINAL_ENDINGS)}|[{HANGUL_SYLLABLES}]죠)(?P<ko_gap>[ \t]+)(?=[^\s.!?…~。！？])"
    r"|(?P<newline>[ \t]*\n\s*)"
)
_WORD_BEFORE = re.compile(r"([A-Za-z](?:[A-Za-z.]*[A-Za-z])?)\.$")
_SOFT_BREAK = re.compile(r"(?<=[,;:，、])\s+")


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    mark = match.group("mark")
    if not mark:
        return True
    following = text[match.end():match.end() + 1]
    if mark == ".":
        word = _WORD_BEFORE.search(text[max(0, match.start() - 10):match.start() + 1])
        if word and word.group(1).lower() in ABBREVIATIONS:
            return False
        if word and "." in word.group(1) and following.islower():
            return False  # "at 3 p.m. on the mat", "the U.S. team": an initialism, the sentence goes on
    # '"Stop!" he said' goes on: a lower-case word after a closing quote continues the sentence.
    # An ellipsis does end one even before lower case: "... actually, just the knight" is where
    # a speaker corrects themselves, and the planner needs that break.
    quoted = match.end("mark") < match.start("gap")
    return not (quoted and following.islower())


def _boundaries(text: str, *, final: bool) -> Iterator[tuple[int, int]]:
    """``(end of sentence, start of the next)`` offsets; ``final=False`` for a buffer that may grow."""
    for match in _BOUNDARY.finditer(text):
        gap = match.group("gap")
        end = match.start("gap") if gap is not None else match.start(
            next(name for name in ("wide_gap", "ko_gap", "newline") if match.group(name) is not None))
        if match.end() == len(text) and not final and match.group("wide_gap") is None:
            # the next delta may continue it ("3." + "5", "Dr. " + "Kim", '"Stop!" ' + "he said")
            return
        if _is_boundary(text, match):
            yield end, match.end()


def first_sentence_end(buffer: str) -> int | None:
    """Where the first finished sentence of a streamed ``buffer`` ends, whitespace after it included."""
    return next((start for _, start in _boundaries(buffer, final=False)), None)


def split_finished(buffer: str) -> tuple[list[str], str]:
    """The finished sentences at the start of a streamed ``buffer`` and the unfinished rest."""
    sentences: list[str] = []
    start = 0
    for end, following in _boundaries(buffer, final=False):
        sentence = buffer[start:end].strip()
        if sentence:
            sentences.append(sentence)
        start = following
    return sentences, buffer[start:]


def split_sentences(text: str, *, max_chars: int | None = None) -> list[str]:
    """The sentences of ``text`` (end marks kept, whitespace collapsed, wordless pieces dropped).

    Sentences end at ``.``/``!``/``?``/``…`` before whitespace (not after "Dr." or inside "3.5"),
    at full-width ``。！？``, at Korean final endings and at line breaks. A sentence longer than
    ``max_chars`` is cut again at commas and semicolons.
    """
    pieces: list[str] = []
    start = 0
    for end, following in _boundaries(text, final=True):
        pieces.append(text[start:end])
        start = following
    pieces.append(text[start:])
    sentences: list[str] = []
    for piece in pieces:
        piece = " ".join(piece.split())
        if max_chars is None or len(piece) <= max_chars:
            sentences.append(piece)
            continue
        current = ""
        for part in _SOFT_BREAK.split(piece):
            if current and len(current) + len(part) + 1 > max_chars:
                sentences.append(current)
                current = part
            else:
                current = f"{current} {part}".strip()
        sentences.append(current)
    return [s for s in sentences if any(ch.isalnum() for ch in s)]


# ----------------------------------------------------------------------------- binary input

BINARY_CONTROL_RATIO = 0.1  # above this share of control characters, "text" is bytes decoded by mistake


def control_ratio(text: str) -> float:
    """The share of ``text`` that is control characters (not tab/newline), U+FFFD or lone surrogates.

    Those are what undecodable bytes turn into, so a high share means binary data sent as text.
    """
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\n\r\t") or ch == "\ufffd"
              or 0xD800 <= ord(ch) <= 0xDFFF)
    return bad / max(1, len(text))


def looks_binary(text: str) -> bool:
    """Whether ``text`` is binary data rather than words: a NUL byte, or over 10 % control characters."""
    return "\x00" in text or control_ratio(text) > BINARY_CONTROL_RATIO


# ----------------------------------------------------------------------------- input from any edge

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# letters that render as nothing: Hangul fillers, the braille blank (used for "invisible" names)
_INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def clean_text(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD.

    Lone surrogates are what invalid UTF-8 becomes on a command line (Python's surrogateescape)
    and what a ``"\\udcff"`` JSON escape decodes to; no encoder, model or database takes them.
    """
    return _LONE_SURROGATE.sub("\ufffd", text) if _LONE_SURROGATE.search(text) else text


def is_blank(text: str) -> bool:
    """Whether ``text`` shows nothing: only whitespace, zero-width and other format characters,
    combining marks with nothing to combine with, or invisible letters. A private-use or
    not-yet-assigned code point counts as shown: an emoji newer than this Python's Unicode tables
    is one (the API refused such a turn as empty)."""
    return not any((unicodedata.category(ch)[0] in "LNPS" or unicodedata.category(ch) in ("Co", "Cn"))
                   and ch not in _INVISIBLE_LETTERS for ch in text)


def decode_input(data: bytes) -> str:
    """Bytes from a pipe or file as text: invalid UTF-8 becomes U+FFFD (never an exception)."""
    return data.decode("utf-8", errors="replace")


def input_lines(stream: Any) -> Iterator[str]:
    """The lines of a text stream such as ``sys.stdin``, read as bytes where it can be, so
    invalid UTF-8 becomes U+FFFD instead of ending the whole batch; line ends stripped."""
    for raw in getattr(stream, "buffer", None) or stream:
        line = decode_input(raw) if isinstance(raw, bytes) else clean_text(raw)
        yield line.rstrip("\n").rstrip("\r")


JSON_MAX_DEPTH = 64  # plans and cards nest a few levels; this is far past any real one
JSON_MAX_INT_DIGITS = 40  # seeds and sizes fit in 20; Python refuses to parse past 4,300
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_BRACKETS = re.compile(r"[^\[\]{}]+")


def json_depth(text: str) -> int:
    """The deepest nesting of ``[`` and ``{`` in JSON ``text`` (brackets inside strings ignored)."""
    depth = deepest = 0
    for ch in _JSON_BRACKETS.sub("", _JSON_STRING.sub("", text)):
        depth += 1 if ch in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


_LONG_NUMBER = re.compile(r"\d{%d,}" % (JSON_MAX_INT_DIGITS + 1))


def check_json_bounds(text: str, *, what: str = "the input") -> None:
    """``InputError`` when JSON ``text`` nests deeper than :data:`JSON_MAX_DEPTH` or holds a
    number longer than :data:`JSON_MAX_INT_DIGITS` digits: checked on the raw text, before a
    parser recurses or converts (Python's own parser fails with RecursionError/ValueError)."""
    from agent.errors import InputError

    if (depth := json_depth(text)) > JSON_MAX_DEPTH:
        raise InputError(f"{what} is nested {depth} levels deep; JSON input may be nested at most "
                         f"{JSON_MAX_DEPTH} levels")
    if (number := _LONG_NUMBER.search(_JSON_STRING.sub('""', text))) is not None:
        raise InputError(f"{what} holds a number of {len(number.group())} digits; numbers may have at most "
                         f"{JSON_MAX_INT_DIGITS}")


def parse_json(text: str | bytes, *, what: str = "the input") -> Any:
    """JSON from an edge, bounded by :func:`check_json_bounds` before parsing; any problem is
    one ``InputError`` naming ``what`` (never a RecursionError or ValueError)."""
    from agent.errors import InputError

    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")  # a byte-order mark (Windows editors) is not an error
        except UnicodeDecodeError:
            raise InputError(f"{what} is not UTF-8 text; send JSON encoded as UTF-8") from None
    check_json_bounds(text, what=what)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{what} is not JSON ({exc.msg} at line {exc.lineno}); fix it") from None
    if _holds_surrogate(value):
        raise InputError(f"{what} holds a lone surrogate escape (\\ud800-\\udfff); send real characters")
    return value


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def clean_json_text(text: str) -> str:
    """JSON ``text`` whose strings hold no lone surrogate (a ``"\udcff"`` escape): each becomes
    U+FFFD, as :func:`clean_text` does, so a request body reaches the models it is meant for
    rather than failing a validator. Text without such escapes, or that is not JSON, is returned
    as it is (the parser that follows reports what is wrong)."""
    if not _SURROGATE_ESCAPE.search(text):
        return text
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return text
    if not _holds_surrogate(value):  # escapes of proper pairs only
        return text
    return json.dumps(_cleaned(value), ensure_ascii=False)


def _cleaned(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(k): _cleaned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    return value


def _holds_surrogate(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _LONE_SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False
