"""Text normalisation that undoes common obfuscations before lexicon and pattern matching.

English: NFKC (full-width letters), homoglyphs, leetspeak (``f4ck``, ``sh!t``), spaced or
dotted letters (``f u c k``, ``f.u.c.k``), stretched letters (``fuuuuck``) and masked letters
(``f*ck``). Korean: digits, symbols and spaces wedged between syllables (``시1발``, ``시.발``,
``시 발``) and jamo shorthand (``ㅅㅂ``, ``ㅂㅅ``) which the Korean lexicon lists directly.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from agent.text import HANGUL, HANGUL_COMPAT_JAMO, HANGUL_SYLLABLES, detect_language

_HOMOGLYPHS = str.maketrans({"а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "і": "i",
                             "ѕ": "s", "ԁ": "d", "ɡ": "g", "ⅰ": "i", "ı": "i", "ß": "ss"})
_LEET = str.maketrans({"4": "a", "@": "a", "3": "e", "1": "i", "!": "i", "0": "o", "$": "s", "5": "s",
                       "7": "t", "+": "t", "8": "b", "9": "g", "€": "e"})
_LEET_CHARS = set("4@31!0$57+89€")
_WORD_WITH_JUNK = re.compile(r"[a-z0-9@$!+€*#]+")
_SPACED = re.compile(r"(?<![a-z0-9])((?:[a-z0-9@$!*][\s.\-_,/\\]{1,3}){2,}[a-z0-9@$!*])(?![a-z0-9])")
_STRETCH = re.compile(r"([a-z])\1{2,}")
_HANGUL = HANGUL_SYLLABLES
_JAMO = HANGUL_COMPAT_JAMO
_KO_JUNK_BETWEEN = re.compile(rf"(?<=[{_HANGUL}{_JAMO}])(?:[0-9_a-z]|[^\w\s]){{1,3}}(?=[{_HANGUL}{_JAMO}])")
_KO_SPACED = re.compile(rf"(?<![{_HANGUL}])((?:[{_HANGUL}{_JAMO}]\s){{1,}}[{_HANGUL}{_JAMO}])(?![{_HANGUL}])")
_WILD_TOKEN = re.compile(r"(?<![0-9])[a-z]*[4@31!0$57+*#][a-z4@31!0$57+*#]*")
_NUMBER_WITH_SUFFIX = re.compile(r"[0-9]+(?:s|st|nd|rd|th|k|m|d|x|p|px|fps|h|am|pm)")
_TOKEN = re.compile(rf"[a-z][a-z'*#]*|[{_HANGUL}{_JAMO}]+")


@dataclass(frozen=True)
class Normalized:
    """Views of one text: ``plain`` (lower, NFKC), ``clean`` (obfuscations undone) and its tokens."""

    original: str
    plain: str
    clean: str
    tokens: tuple[str, ...]
    squeezed: tuple[str, ...]
    wild: tuple[str, ...]
    korean: str
    language: str


def _deleet_word(match: re.Match[str]) -> str:
    word = match.group(0)
    stripped = word.rstrip("!+")
    if stripped != word and stripped:  # "dragon!" is a word and an exclamation mark
        return _deleet_word(re.match(r".*", stripped)) + word[len(stripped):]  # type: ignore[arg-type]
    letters = sum(ch.isalpha() for ch in word)
    # "2024" or "3d" stay as they are; "f4ck", "sh!t", "a$$" are words with swapped letters
    if letters and (set(word) & _LEET_CHARS) and letters >= len(word) / 3 and not word.isdigit():
        if re.fullmatch(r"\d+[a-z]{1,2}", word):  # 3d, 4k, 2nd, 60s
            return word
        return word.translate(_LEET)
    return word


def _join_spaced(match: re.Match[str]) -> str:
    return re.sub(r"[\s.\-_,/\\]", "", match.group(1))


def normalize(text: str) -> Normalized:
    """All views at once; pure string work, a few microseconds per short line."""
    plain = unicodedata.normalize("NFKC", text).lower().translate(_HOMOGLYPHS)
    plain = re.sub(r"[\u200b-\u200f\u2060\ufeff\u00ad]", "", plain)  # zero-width and soft hyphens
    clean = _SPACED.sub(_join_spaced, plain)
    clean = _WORD_WITH_JUNK.sub(_deleet_word, clean)
    tokens = tuple(_TOKEN.findall(clean))
    squeezed = tuple(_STRETCH.sub(r"\1", t) for t in tokens if _STRETCH.search(t))
    # tokens with swapped or masked letters, as regexes with '.' for each unknown letter (f*ck, f4ck)
    # ("1950s", "50s", "3rd" are numbers, not masked words: "..s" would match "kys")
    wild = tuple(re.sub(r"[4@31!0$57+*#]", ".", w) for w in _WILD_TOKEN.findall(plain)
                 if sum(ch.isalpha() for ch in w) >= 1 and len(w) >= 3 and not _NUMBER_WITH_SUFFIX.fullmatch(w))
    korean = unicodedata.normalize("NFC", text).lower()
    korean = _KO_JUNK_BETWEEN.sub("", korean)
    korean = _KO_SPACED.sub(lambda m: m.group(1).replace(" ", ""), korean)
    return Normalized(original=text, plain=plain, clean=clean, tokens=tokens, squeezed=squeezed, wild=wild,
                      korean=korean, language=detect_language(text))
