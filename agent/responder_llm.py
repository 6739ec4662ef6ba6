"""The LLM responder: the persona speaks about the turn's real results, streamed and moderated.

The prompt is the persona's system prompt (injected; ``persona.prompt.build_system_prompt``: who it is,
how it speaks, what it knows, what it remembers about the user, its safety rules, then a client's
own instructions), the turn's results as the player may hear them (each result's summary and notes,
what failed, the planner's notes: the only things it may claim; never the technical detail, step
ids or tool names), the recent conversation, and the user's words. It is asked to start every
sentence with an emotion tag (``agent/emotion.py``) that the voice lane speaks with. Deltas pass through the moderation window
(``agent.protocols.ReplyWindow``) as soon as a window is checked, so nothing is held
back longer than one window. If the LLM fails before any text, ``StreamedReply.text`` is
``None`` and the caller answers with the embedded responder instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, AsyncIterator, Iterable, Protocol, Sequence

from agent.emotion import EMOTIONS
from agent.errors import BackendError
from agent.executor import StepOutcome
from agent.protocols import ReplyWindow
from agent.responder import TOOL_WORDS, failed_line, made_line, subject_of
from agent.types import Plan, Words

if TYPE_CHECKING:
    from agent.llm.client import LLM

RESULT_RULES = (
    "Speak to the user about this turn in character. Mention what was made and what failed, using only "
    "the results listed here; never claim anything else was made, never invent files, links or numbers, and "
    "never mention files, step numbers, tools, backends, models or scores. If something failed, say so plainly "
    "and suggest what could help. If no tool ran, just talk; when asked for something none of your tools can do "
    "(live information, web search, e-mail, ...), say honestly that you cannot do it. Plain text only, no markdown."
)
NARRATION = ("[Something just happened in the world; the user did not say this] {event}\n"
             "React to it in character, in one or two sentences.")
EMOTION_RULE = (
    "Start every sentence with how you say it, as one tag in square brackets: "
    + " ".join(f"[{name}]" for name in EMOTIONS)
    + ". For example: \"[happy] Here it is! [thinking] Shall I make it bigger?\" The tags are not shown to the user."
)


class SystemPrompt(Protocol):
    """Who speaks: the persona's system prompt (``persona.prompt.build_system_prompt``);
    ``persona`` is ``None`` for a turn without one."""

    def __call__(self, persona: Any, *, memories: Sequence[str] = (), language: str | None = None,
                 tools: Sequence[str] = (), instructions: str | None = None) -> str: ...


def results_text(plan: Plan, outcomes: Iterable[StepOutcome], notes: Sequence[Words] = ()) -> str:
    """The turn's results as the LLM sees them: one line per result, made or failed, in the words
    the player may hear (the tools' summaries and notes), then what the planner wants said."""
    language = plan.language
    lines = []
    for outcome in outcomes:
        thing = TOOL_WORDS["en"].get(outcome.step.tool, "something")
        subject = subject_of(outcome.step, "en")
        about = f' of "{subject}"' if subject else ""
        if outcome.status == "ok":
            lines.append(f"- made {thing}{about}: {made_line(outcome, language)}")
            lines.extend(f"  note: {note.say(language)}" for note in outcome.notes)
        else:
            lines.append(f"- FAILED to make {thing}{about}: {failed_line(outcome, language)}")
    said = [f"Also tell the user: {note.say(language)}" for note in notes]
    if not plan.steps:
        return "\n".join(["No tool ran this turn: the user is just talking.", *said])
    return "\n".join(["Results of this turn:", *lines, *said])


class LLMResponder:
    """Builds the reply prompt and streams the persona's answer from ``llm``."""

    def __init__(self, *, llm: "LLM", system_prompt: SystemPrompt, tools: Sequence[str] = ()) -> None:
        self.llm = llm
        self.system_prompt = system_prompt
        self.tools = tuple(tools)

    def messages(self, plan: Plan, outcomes: Iterable[StepOutcome], *, request_text: str,
                 persona: Any = None, memories: Sequence[str] = (), history: Sequence[dict[str, str]] = (),
                 instructions: str | None = None, notes: Sequence[Words] = (),
                 narration: str | None = None) -> list[dict[str, str]]:
        """System prompt (persona + rules + the client's instructions + results + reply rules), the
        conversation so far, the user's words (or, for a ``narration``, the world event to react to)."""
        system = self.system_prompt(persona, memories=memories, language=plan.language, tools=self.tools,
                                    instructions=instructions)
        system += "\n\n" + results_text(plan, outcomes, notes) + "\n\n" + RESULT_RULES + "\n" + EMOTION_RULE
        turns = [{"role": m["role"], "content": m["content"]} for m in history
                 if m.get("role") in ("user", "assistant") and m.get("content")]
        if narration is not None:
            request_text = NARRATION.format(event=narration)
        return [{"role": "system", "content": system}, *turns, {"role": "user", "content": request_text}]

    def stream_reply(self, plan: Plan, outcomes: Iterable[StepOutcome], *, request_text: str,
                     persona: Any = None, memories: Sequence[str] = (),
                     history: Sequence[dict[str, str]] = (), window: ReplyWindow | None = None,
                     instructions: str | None = None, notes: Sequence[Words] = (),
                     narration: str | None = None) -> "StreamedReply":
        """The reply as moderated deltas (emotion tags included); see :class:`StreamedReply`."""
        messages = self.messages(plan, list(outcomes), request_text=request_text, persona=persona,
                                 memories=memories, history=history, instructions=instructions, notes=notes,
                                 narration=narration)
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
