"""The LLM responder: the persona speaks about the turn's real results, streamed and moderated.

The prompt is the persona's system prompt (injected; ``persona.prompt.build_system_prompt``: who it is,
how it speaks, what it knows, what it remembers about the user, its safety rules), the
turn's results (what was made, what failed — the only things it may claim), the recent
conversation, and the user's words. Deltas pass through the moderation window
(``agent.protocols.ReplyWindow``) as soon as a window is checked, so nothing is held
back longer than one window. If the LLM fails before any text, ``StreamedReply.text`` is
``None`` and the caller answers with the embedded responder instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, AsyncIterator, Iterable, Protocol, Sequence

from agent.errors import BackendError
from agent.executor import StepOutcome
from agent.protocols import ReplyWindow
from agent.types import Plan

if TYPE_CHECKING:
    from agent.llm.client import LLM

_KIND_WORDS = {"image": "an image", "video": "a video", "mesh": "a 3D model", "motion": "a motion clip",
               "audio": "an audio clip", "visemes": "a viseme track", "text": "a transcript"}

RESULT_RULES = (
    "Speak to the user about this turn in character. Mention what was made and what failed, using only "
    "the results listed here; never claim anything else was made, never invent files, links or numbers. "
    "If a step failed, say so plainly and suggest what could help. If no tool ran, just talk; when asked "
    "for something none of your tools can do (live information, web search, e-mail, ...), say honestly "
    "that you cannot do it. Plain text only, no markdown."
)


class SystemPrompt(Protocol):
    """Who speaks: the persona's system prompt (``persona.prompt.build_system_prompt``);
    ``persona`` is ``None`` for a turn without one."""

    def __call__(self, persona: Any, *, memories: Sequence[str] = (), language: str | None = None,
                 tools: Sequence[str] = ()) -> str: ...


def results_text(plan: Plan, outcomes: Iterable[StepOutcome]) -> str:
    """The turn's results as the LLM sees them: one line per step, made or failed."""
    lines = []
    for outcome in outcomes:
        step = outcome.step
        subject = step.args.get("prompt") or step.args.get("text") or ""
        about = f' for "{subject}"' if isinstance(subject, str) and subject else ""
        if outcome.status == "ok":
            made = ", ".join(f"{_KIND_WORDS.get(a.kind, a.kind)} ({a.path.name})" for a in outcome.artifacts)
            note = f" — {outcome.message}" if outcome.message else ""
            lines.append(f"- {step.id} {step.tool}{about}: made {made or 'nothing'}{note}")
        else:
            reason = outcome.error.message if outcome.error else outcome.status
            lines.append(f"- {step.id} {step.tool}{about}: FAILED — {reason}")
    if not plan.steps:
        return "No tool ran this turn: the user is just talking."
    return "Results of this turn:\n" + "\n".join(lines)


class LLMResponder:
    """Builds the reply prompt and streams the persona's answer from ``llm``."""

    def __init__(self, *, llm: "LLM", system_prompt: SystemPrompt, tools: Sequence[str] = ()) -> None:
        self.llm = llm
        self.system_prompt = system_prompt
        self.tools = tuple(tools)

    def messages(self, plan: Plan, outcomes: Iterable[StepOutcome], *, request_text: str,
                 persona: Any = None, memories: Sequence[str] = (),
                 history: Sequence[dict[str, str]] = ()) -> list[dict[str, str]]:
        """System prompt (persona + results + rules), the recent conversation, the user's words."""
        system = self.system_prompt(persona, memories=memories, language=plan.language, tools=self.tools)
        system += "\n\n" + results_text(plan, outcomes) + "\n\n" + RESULT_RULES
        turns = [m for m in history if m.get("role") in ("user", "assistant") and m.get("content")]
        return [{"role": "system", "content": system}, *turns, {"role": "user", "content": request_text}]

    def stream_reply(self, plan: Plan, outcomes: Iterable[StepOutcome], *, request_text: str,
                     persona: Any = None, memories: Sequence[str] = (),
                     history: Sequence[dict[str, str]] = (), window: ReplyWindow | None = None) -> "StreamedReply":
        """The reply as moderated deltas; see :class:`StreamedReply`."""
        messages = self.messages(plan, list(outcomes), request_text=request_text, persona=persona,
                                 memories=memories, history=history)
        return StreamedReply(self.llm.stream(messages), window=window)


class StreamedReply:
    """Iterate for the deltas that may be shown; afterwards ``text`` is the whole reply as shown
    (``None`` when the LLM gave nothing, so the caller uses the embedded reply), ``warnings``
    says what went wrong (the LLM, or the moderation window's classifier), and ``flagged``
    holds the moderation decisions that changed it."""

    def __init__(self, deltas: AsyncIterator[str], *, window: ReplyWindow | None = None) -> None:
        self._deltas = deltas
        self._window = window
        self._shown: list[str] = []
        self.warnings: list[str] = []
        self.failed = False

    @property
    def text(self) -> str | None:
        return "".join(self._shown) if self._shown else None

    @property
    def flagged(self) -> list[Any]:
        return list(getattr(self._window, "flagged", []) or [])

    async def __aiter__(self) -> AsyncIterator[str]:
        received = False
        try:
            async for delta in self._deltas:
                received = True
                shown = self._window.feed(delta) if self._window is not None else delta
                if shown:
                    self._shown.append(shown)
                    yield shown
        except BackendError as exc:
            self.failed = True
            when = "while speaking" if received else "before it said anything"
            self.warnings.append(f"the LLM reply failed {when} ({exc.message})"
                                 + ("" if received else "; the embedded responder answered"))
        if self._window is not None:
            rest = self._window.close()
            self.warnings.extend(self._window.warnings)
            if rest:
                self._shown.append(rest)
                yield rest
