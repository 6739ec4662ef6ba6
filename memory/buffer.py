"""Short-term conversation buffer: the last turns of a session within a turn and token budget.

The responder (and an LLM prompt) reads it as chat messages. It is rebuilt from the memory
stream's observations of the session, so it survives a restart; the oldest turns drop first.
Tokens are estimated without a tokenizer (see :func:`approx_tokens`): the budget is a guard
against overlong prompts, not an exact count.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from typing import Callable, Iterable

from agent.text import HANGUL_SYLLABLE

_LATIN_WORD = re.compile(r"[A-Za-z0-9]+")
WORLD_EVENT = "[world event] "  # how a narrated event (agent/direct.py) reads in the conversation buffer


def approx_tokens(text: str) -> int:
    """About 4/3 tokens per Latin word, 1 per Hangul syllable, 1 per 4 other characters."""
    words = len(_LATIN_WORD.findall(text))
    hangul = len(HANGUL_SYLLABLE.findall(text))
    other = len(text) - sum(len(w) for w in _LATIN_WORD.findall(text)) - hangul
    return max(1, round(words * 4 / 3 + hangul + max(0, other) / 4))


@dataclass(frozen=True)
class Turn:
    """One utterance: ``role`` is "user" or "assistant"."""

    role: str
    text: str
    at: float = 0.0

    def message(self) -> dict[str, str]:
        return {"role": self.role, "content": self.text}


class ConversationBuffer:
    """The newest turns that fit ``max_turns`` and ``max_tokens`` (at least the newest one)."""

    def __init__(self, *, max_turns: int = 12, max_tokens: int = 1500,
                 count_tokens: Callable[[str], int] = approx_tokens) -> None:
        if max_turns < 1 or max_tokens < 1:
            raise ValueError("the conversation buffer needs max_turns >= 1 and max_tokens >= 1")
        self.max_turns = max_turns
        self.max_tokens = max_tokens
        self.count_tokens = count_tokens
        self._turns: deque[tuple[Turn, int]] = deque()
        self._tokens = 0

    def add(self, role: str, text: str, *, at: float = 0.0) -> None:
        """Append a turn and drop the oldest ones that no longer fit."""
        if role not in ("user", "assistant"):
            raise ValueError(f"role {role!r} must be 'user' or 'assistant'")
        cost = self.count_tokens(text)
        self._turns.append((Turn(role, text, at), cost))
        self._tokens += cost
        while len(self._turns) > 1 and (len(self._turns) > self.max_turns or self._tokens > self.max_tokens):
            _, dropped = self._turns.popleft()
            self._tokens -= dropped

    def extend(self, turns: Iterable[Turn]) -> None:
        for turn in turns:
            self.add(turn.role, turn.text, at=turn.at)

    @property
    def turns(self) -> list[Turn]:
        return [turn for turn, _ in self._turns]

    @property
    def tokens(self) -> int:
        return self._tokens

    def messages(self) -> list[dict[str, str]]:
        """OpenAI/LangChain-style ``[{"role", "content"}]``, oldest first."""
        return [turn.message() for turn in self.turns]

    def __len__(self) -> int:
        return len(self._turns)
