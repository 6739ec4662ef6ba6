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

from agent.text import HANGUL_SYLLABLES
from persona.card import PersonaCard

_GREETING = re.compile(r"^\s*(?:hi|hello|hey|good (?:morning|afternoon|evening|day)|greetings|howdy|안녕|반가|"
                       r"처음 뵙|좋은 아침)", re.IGNORECASE)
_STOP = frozenset("the a an and or of to in on at for is are was were be do does did you your i me my it this "
                  "that what how why when where who can could would will please tell about with from".split())


def _pick(lines: Sequence[str], seed: str) -> str:
    return lines[int(hashlib.sha256(seed.encode("utf-8")).hexdigest()[:8], 16) % len(lines)]


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
                seed: str = "") -> str:
    """The persona's version of ``base_reply`` (the plain responder's honest text)."""
    seed = seed or request_text
    parts: list[str] = []
    greeted = bool(_GREETING.search(request_text))
    if greeted and card.greetings:
        parts.append(_pick(card.greetings, seed))
    if talk_only:
        fact = best_fact(card, request_text)
        if fact:
            parts.append(fact)
        elif not greeted:
            if card.greetings:
                parts.append(_pick(card.greetings, seed))
            parts.append(base_reply)
        if card.example_lines and not fact:
            parts.append(_pick(card.example_lines, seed + "line"))
        return " ".join(parts)
    parts.append(base_reply)
    if card.example_lines:
        parts.append(_pick(card.example_lines, seed + "line"))
    return "\n".join(parts)
