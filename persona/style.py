"""Persona styling for the embedded (no-LLM) responder.

It never invents results: the factual lines about what was made or what failed stay as the
plain responder wrote them. Around them the persona greets, answers small talk from its
knowledge facts (best word overlap with the request), and adds one of its example lines.
Choices are deterministic for a given request, so replies are reproducible.
"""

from __future__ import annotations

import hashlib
import re
from typing import Sequence

from agent.text import HANGUL_SYLLABLES, detect_language
from persona.card import PersonaCard

_GREETING = re.compile(r"^\s*(?:hi|hello|hey|good (?:morning|afternoon|evening|day)|greetings|howdy|안녕|반가|"
                       r"처음 뵙|좋은 아침)", re.IGNORECASE)
_STOP = frozenset("the a an and or of to in on at for is are was were be do does did you your i me my it this "
                  "that what how why when where who can could would will please tell about with from".split())


def _pick(lines: Sequence[str], seed: str) -> str:
    return lines[int(hashlib.sha256(seed.encode("utf-8")).hexdigest()[:8], 16) % len(lines)]


def in_language(lines: Sequence[str], language: str | None) -> list[str]:
    """The lines written in ``language`` (a Korean turn never hears an English example line)."""
    if language is None:
        return list(lines)
    return [line for line in lines if detect_language(line) == ("ko" if language == "ko" else "en")]


def pick_line(lines: Sequence[str], seed: str, language: str | None = None) -> str | None:
    """One of ``lines`` in ``language``, the same one for the same seed; ``None`` when none fits."""
    fitting = in_language(lines, language)
    return _pick(fitting, seed) if fitting else None


def _features(text: str) -> set[str]:
    lowered = text.lower()
    words = {w for w in re.findall(r"[a-z0-9]+", lowered) if w not in _STOP and len(w) > 2}
    words |= {w[:-1] for w in words if w.endswith("s")}
    hangul = re.findall(f"[{HANGUL_SYLLABLES}]+", lowered)
    bigrams = {word[i:i + 2] for word in hangul for i in range(len(word) - 1)}
    return words | bigrams


def best_fact(card: PersonaCard, request_text: str) -> str | None:
    """The knowledge fact sharing the most words (or Hangul bigrams) with the request."""
    wanted = _features(request_text)
    if not wanted:
        return None
    scored = [(len(wanted & _features(fact)), -index, fact) for index, fact in enumerate(card.knowledge)]
    scored = [item for item in scored if item[0] > 0]
    return max(scored)[2] if scored else None


def style_reply(card: PersonaCard, base_reply: str, *, request_text: str = "", talk_only: bool = False,
                seed: str = "", language: str | None = None) -> str:
    """The persona's version of ``base_reply`` (the plain responder's honest text): a greeting
    when greeted, then the results, then one of its example lines; only lines written in the
    turn's ``language`` (detected from the request when not given) are used."""
    seed = seed or request_text
    language = language or (detect_language(request_text) if request_text else card.language)
    parts: list[str] = []
    greeted = bool(_GREETING.search(request_text))
    greeting = pick_line(card.greetings, seed, language)
    example = pick_line(card.example_lines, seed + "line", language)
    if greeted and greeting:
        parts.append(greeting)
    if talk_only:
        fact = best_fact(card, request_text)
        if fact:
            parts.append(fact)
        elif not greeted:
            if greeting:
                parts.append(greeting)
            parts.append(base_reply)
        if example and not fact:
            parts.append(example)
        return " ".join(parts)
    parts.append(base_reply)
    if example:
        parts.append(example)
    return "\n".join(parts)
