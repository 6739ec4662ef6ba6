"""English and Korean word lists with per-category weights, matched after normalisation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from agent.text import has_hangul
from persona.safety.normalize import Normalized

_STRETCH = re.compile(r"([a-z])\1+")


@dataclass(frozen=True)
class Hit:
    category: str
    weight: float
    term: str
    index: int  # token position for English hits, -1 for Korean substrings


def _collapse(word: str) -> str:
    return _STRETCH.sub(r"\1", word)


class Lexicon:
    """Compiled lexicons. Build once with :func:`load_lexicon`; matching is pure Python."""

    def __init__(self, *, english: dict[str, dict[str, float]], korean: dict[str, dict[str, float]],
                 korean_exceptions: list[str]) -> None:
        self.exact: dict[str, list[tuple[str, float, str]]] = {}
        self.prefixes: dict[str, list[tuple[str, str, float]]] = {}
        self.collapsed: dict[str, list[tuple[str, float, str]]] = {}
        for category, terms in english.items():
            for term, weight in terms.items():
                root = term.rstrip("*")
                entry = (category, float(weight), term)
                if term.endswith("*"):
                    self.prefixes.setdefault(root[:3], []).append((root, category, float(weight)))
                else:
                    self.exact.setdefault(root, []).append(entry)
                self.collapsed.setdefault(_collapse(root), []).append(entry)
        self.korean = [(term, category, float(weight)) for category, terms in korean.items()
                       for term, weight in terms.items()]
        self.korean_exceptions = sorted(korean_exceptions, key=len, reverse=True)
        self._roots = {root for group in self.prefixes.values() for root, _, _ in group}
        self.english_terms = sorted({t.rstrip("*") for terms in english.values() for t in terms})

    def _english_token(self, token: str, index: int, hits: list[Hit]) -> None:
        for category, weight, term in self.exact.get(token, ()):
            hits.append(Hit(category, weight, term, index))
        for root, category, weight in self.prefixes.get(token[:3], ()):
            if token.startswith(root):
                hits.append(Hit(category, weight, root + "*", index))

    def match(self, norm: Normalized) -> list[Hit]:
        """Every lexicon hit in a normalised text (English tokens and Korean substrings)."""
        hits: list[Hit] = []
        for index, token in enumerate(norm.tokens):
            self._english_token(token, index, hits)
        for token in norm.squeezed:  # "fuuuuck" -> "fuck", "kiiiill" -> "kil" ~ "kill"
            for category, weight, term in self.collapsed.get(token, ()):
                hits.append(Hit(category, weight, term, -1))
            self._english_token(token, -1, hits)
        for wild in norm.wild:  # "f*ck", "f4ck", "f*cking" -> "f.ck", "f.cking"
            pattern = re.compile(wild)
            for term in self.english_terms:
                if len(term) < 3 or len(wild) < len(term):
                    continue
                if pattern.fullmatch(term) or (term in self._roots and re.fullmatch(wild[:len(term)], term)):
                    for category, weight, entry in self.collapsed.get(_collapse(term), ()):
                        hits.append(Hit(category, weight, entry, -1))
        if norm.language == "ko" or has_hangul(norm.korean):
            text = norm.korean
            for exception in self.korean_exceptions:
                if exception in text:
                    text = text.replace(exception, " ")
            for term, category, weight in self.korean:
                if term in text:
                    hits.append(Hit(category, weight, term, -1))
        return hits



@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The bundled lexicons (``persona/safety/data/lexicon_*.yaml``), parsed once per process."""
    import yaml

    data = resources.files("persona.safety.data")
    english = yaml.safe_load((data / "lexicon_en.yaml").read_text(encoding="utf-8"))
    korean = yaml.safe_load((data / "lexicon_ko.yaml").read_text(encoding="utf-8"))
    exceptions = korean.pop("exceptions", [])
    return Lexicon(english=english, korean=korean, korean_exceptions=exceptions)
