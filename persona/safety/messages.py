"""What the NPC says instead: masked words, in-character deflections, refusals, support.

Self-harm never gets silence or a joke: a short supportive reply with help lines, in the
user's language (Korean: 자살예방상담전화 109, 정신건강위기상담 1577-0199, 청소년 1388).
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING, Sequence

from persona.safety.lexicon import Lexicon
from persona.safety.normalize import normalize

if TYPE_CHECKING:
    from persona.card import PersonaCard

SUPPORT = {
    "en": ("I'm really sorry you're feeling this way, and I'm glad you said it. You don't have to carry this "
           "alone: please reach out to someone now. If you might act on these thoughts, call your local emergency "
           "number. In the US you can call or text 988 (Suicide & Crisis Lifeline); in the UK and Ireland call "
           "Samaritans on 116 123; in Korea call 109; other countries' free, confidential lines are listed at "
           "findahelpline.com. I'm here to keep talking with you too."),
    "ko": ("그렇게 힘든 마음을 말해 줘서 고마워요. 혼자 견디지 않아도 돼요. 지금 바로 도움을 받을 수 있어요: "
           "자살예방상담전화 109 (24시간), 정신건강위기상담전화 1577-0199, 청소년상담 1388에 전화할 수 있어요. "
           "위급하면 112나 119에 전화해 주세요. 저도 계속 이야기 들을게요."),
}

_DEFAULT_DEFLECTIONS = {
    "en": ["Let's keep our story on a kinder path. What would you like to make next?",
           "That's not something I'll go into. Shall we get back to what we were doing?"],
    "ko": ["그 이야기는 하지 않을게요. 우리 다른 걸 만들어 볼까요?",
           "그건 제가 도와드릴 수 없어요. 대신 다른 재미있는 걸 해 봐요!"],
}
_DEFAULT_REFUSALS = {
    "en": ["I won't help with that. Let's talk about something else."],
    "ko": ["그건 도와드릴 수 없어요. 다른 이야기를 해요."],
}
_INJECTION_LINES = {
    "en": ["I'm not sure what you mean by that. I am who I am. What can I do for you?"],
    "ko": ["무슨 말씀인지 잘 모르겠어요. 저는 저예요! 무엇을 도와드릴까요?"],
}


def _pick(lines: Sequence[str], seed: str) -> str:
    digest = int(hashlib.sha256(seed.encode("utf-8")).hexdigest()[:8], 16)
    return lines[digest % len(lines)]


def _lang(language: str | None) -> str:
    return "ko" if language == "ko" else "en"


def support_message(language: str | None) -> str:
    """A supportive reply with help resources, in English or Korean."""
    return SUPPORT[_lang(language)]


def deflection(persona: "PersonaCard | None", category: str | None, language: str | None, *, seed: str = "") -> str:
    """An in-character line that steers away from the flagged topic."""
    lang = _lang(language)
    if persona is not None:
        lines = persona.safety.deflections.get(lang) or persona.safety.deflections.get(persona.language)
        if lines:
            return _pick(lines, seed + (category or ""))
    if category == "injection":
        return _pick(_INJECTION_LINES[lang], seed)
    return _pick(_DEFAULT_DEFLECTIONS[lang], seed)


def refusal(persona: "PersonaCard | None", language: str | None, *, seed: str = "") -> str:
    """A firm refusal, in the persona's voice when the card gives one."""
    lang = _lang(language)
    if persona is not None:
        lines = persona.safety.refusals.get(lang) or persona.safety.refusals.get(persona.language)
        if lines:
            return _pick(lines, seed)
    return _pick(_DEFAULT_REFUSALS[lang], seed)


_WORD = re.compile(r"\S+")
_MASKABLE = ("harassment", "hate", "sexual")


def mask_text(text: str, lexicon: Lexicon) -> str:
    """Replace words that hit the harassment, hate or sexual lexicons with asterisks
    (first letter kept: "f***"), leaving everything else as written."""

    def replace(match: re.Match[str]) -> str:
        word = match.group(0)
        hits = [h for h in lexicon.match(normalize(word)) if h.category in _MASKABLE and h.weight >= 0.3]
        if not hits:
            return word
        core = re.match(r"^(\W*)(.*?)(\W*)$", word)
        lead, body, tail = core.groups() if core else ("", word, "")
        return lead + body[:1] + "*" * max(1, len(body) - 1) + tail

    return _WORD.sub(replace, text)
