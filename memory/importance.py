"""How much a memory matters, on the Generative Agents 1-10 "poignancy" scale.

Embedded profile: :class:`HeuristicImportance`, cues in English and Korean (self-disclosure,
an explicit "remember", preferences, feelings, dates and numbers, made assets; small talk
scores low). With a chat model configured: :class:`LLMImportance` asks it for the number and
falls back to the heuristic when the answer is not one.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

MIN_IMPORTANCE, MAX_IMPORTANCE = 1.0, 10.0


class ImportanceScorer(Protocol):
    def score(self, text: str, *, speaker: str = "user") -> float:
        """Importance of one memory text, 1 (mundane) to 10 (life-changing)."""
        ...


def _cues(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(patterns), re.IGNORECASE)


_DISCLOSURE = _cues(r"\bmy name\b", r"\bcall me\b", r"\bi am\b", r"\bi'm\b", r"\bi live\b", r"\bi work\b",
                    r"\bmy (?:fav(?:ou)?rite|wife|husband|son|daughter|dog|cat|job|birthday|home|partner)\b",
                    r"\bi (?:really )?(?:like|love|hate|prefer|enjoy|can't stand|am allergic)\b", r"\bi have\b",
                    r"이름[은이]", r"(?:^|\s)(?:나는|저는|난|전)\s", r"좋아해|좋아하는|좋아요|싫어|사랑해", r"살아요|살아|사는",
                    r"생일", r"알레르기", r"직업", r"제가|내가")
_REMEMBER = _cues(r"\bremember\b", r"\bdon't forget\b", r"\bkeep in mind\b", r"\bnote that\b", r"기억해", r"잊지\s*마")
_FEELING = _cues(r"\b(?:sad|happy|afraid|scared|angry|excited|worried|lonely|proud|upset)\b",
                 r"슬퍼|행복|무서|화나|신나|걱정|외로|자랑|속상")
_NUMBER = _cues(r"\d", r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|"
                r"april|may|june|july|august|september|october|november|december)\b", r"[월화수목금토일]요일")
_SMALL_TALK = _cues(r"^\s*(?:hi|hello|hey|thanks|thank you|ok|okay|cool|nice|bye|lol)\b", r"^\s*(?:안녕|고마워|감사|ㅎㅎ|ㅋㅋ|좋아$)")


class HeuristicImportance:
    """Keyword cues; deterministic and instant. Weights are in the method, in one place."""

    def score(self, text: str, *, speaker: str = "user") -> float:
        value = 2.0
        if speaker == "user":
            if _DISCLOSURE.search(text):
                value += 3.0
            if _REMEMBER.search(text):
                value += 2.0
            if _FEELING.search(text):
                value += 1.0
            if _NUMBER.search(text):
                value += 1.0
            if _SMALL_TALK.search(text) and len(text) < 40:
                value -= 1.0
        elif speaker == "asset":
            value += 2.0  # something was made: worth remembering, less than what a person says about themselves
        else:
            value -= 0.5  # the persona's own words are mostly a restatement
        return max(MIN_IMPORTANCE, min(MAX_IMPORTANCE, value))


_PROMPT = ("On the scale of 1 to 10, where 1 is purely mundane (e.g., saying hello) and 10 is extremely poignant "
           "(e.g., a break up, a new name, a serious allergy), rate the likely poignancy of the following memory "
           "for a character who talks with this person. Answer with one number only.\nMemory: {text}\nRating:")


class LLMImportance:
    """Asks a LangChain chat model (the Generative Agents prompt); heuristic on a bad answer."""

    def __init__(self, *, chat_model: Any, fallback: ImportanceScorer | None = None) -> None:
        self.chat_model = chat_model
        self.fallback = fallback or HeuristicImportance()

    def score(self, text: str, *, speaker: str = "user") -> float:
        try:
            answer = self.chat_model.invoke(_PROMPT.format(text=text[:2000]))
            content = getattr(answer, "content", answer)
            match = re.search(r"\d+(?:\.\d+)?", str(content))
        except Exception:  # a flaky endpoint must not lose the memory
            match = None
        if match is None:
            return self.fallback.score(text, speaker=speaker)
        return max(MIN_IMPORTANCE, min(MAX_IMPORTANCE, float(match.group())))
