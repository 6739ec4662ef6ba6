"""What a turn asks of the outer packages, as small protocols the kernel owns.

The orchestrator runs a turn against these shapes; persona/ and memory/ implement them and
``agent/app/build.py`` wires the implementations in (dependency inversion: the kernel imports
nothing from persona/, memory/, ui/ or bench/).

- :class:`Persona`: the one field of a persona card the kernel reads (its id); everything
  else about a persona travels through the kernel untouched, to the responders.
- :class:`TurnSafety`: persona lookup and moderation (``persona.turns.TurnSafety``).
- :class:`Memory` and :class:`Recall`: recall and remembering (``memory.service``).
- :class:`ReplyWriter`: the embedded reply (``agent.responder.plain_reply`` without a persona,
  ``persona.responder.reply_for`` in the persona's voice).
- :class:`Responder`: the streamed LLM reply (``agent.responder_llm.LLMResponder``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, AsyncIterator, Iterable, Mapping, Protocol, Sequence

from agent.types import Artifact, Plan, Request, Words

if TYPE_CHECKING:
    from agent.executor import StepOutcome
    from agent.voice import VoiceSpec


class Persona(Protocol):
    """A persona card as the kernel sees it (``persona.card.PersonaCard``): its id, and the name
    it answers to in a scene (agent/scene.py)."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...


class ModerationDecision(Protocol):
    """One moderation verdict (``persona.safety.categories.Decision``).

    ``warnings``: what went wrong while deciding (e.g. a classifier failed and its fallback
    decided); the orchestrator turns them into ``warning`` events.
    """

    flagged: bool
    action: str
    reason: str
    text: str | None
    support: bool
    warnings: list[str]

    def public(self) -> dict[str, Any]: ...


def notice(decision: ModerationDecision, **extra: Any) -> dict[str, Any]:
    """The ``data`` of a moderation notice event: ``{"moderation": {...}}``."""
    return {"moderation": {**decision.public(), **extra}}


@dataclass
class PlanModeration:
    """The plan that may run, why steps were taken out, and what went wrong moderating it."""

    plan: Plan
    notices: list[dict[str, Any]] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    refused: ModerationDecision | None = None
    warnings: list[str] = field(default_factory=list)


class ReplyWindow(Protocol):
    """The moderation window of a streamed reply (``persona.safety.guard.OutputWindow``):
    ``feed`` returns what may be shown now, ``close`` the rest."""

    def feed(self, delta: str) -> str: ...

    def close(self) -> str: ...

    @property
    def flagged(self) -> list[Any]: ...

    @property
    def warnings(self) -> list[str]: ...


class TurnSafety(Protocol):
    """Personas and moderation during a turn (``persona.turns.TurnSafety``)."""

    def persona_for(self, request: Request) -> Persona | None:
        """The request's persona (a session keeps its persona); ``InputError`` for a bad id."""
        ...

    def card(self, persona_id: str) -> Persona:
        """The persona ``persona_id``, whatever a session holds; ``InputError`` for a bad id."""
        ...

    def check_input(self, request: Request, card: Any) -> ModerationDecision | None: ...

    def moderate_plan(self, plan: Plan, card: Any, *, session: str) -> PlanModeration: ...

    def check_reply(self, reply: str, card: Any, *, session: str,
                    language: str | None = None) -> tuple[str, list[ModerationDecision]]:
        """The reply as it may be shown and the decision on every window of it."""
        ...

    def reply_window(self, card: Any, *, session: str, language: str | None = None) -> ReplyWindow | None:
        """A window for a streamed reply; ``None`` when moderation is off."""
        ...

    def voice_for(self, card: Any) -> "VoiceSpec | None":
        """The persona's voice for the voice lane (agent/voice.py); ``None``: the default voice."""
        ...


class Recall(Protocol):
    """What memory offers one turn (``memory.service.Recall``)."""

    @property
    def fact_texts(self) -> list[str]: ...

    @property
    def fact_ids(self) -> list[str]: ...

    def history(self) -> list[dict[str, str]]:
        """The session's recent conversation, ``[{"role", "content"}]``, oldest first."""
        ...


class Memory(Protocol):
    """Recall and remembering (``memory.service.Memory``); its errors are ``AtelierError``s."""

    def recall(self, *, user: str, query: str, persona: str | None = None, session: str = "default") -> Recall: ...

    def artifacts_for_plan(self, *, user: str, query: str, recent: Sequence[Artifact],
                           created_at: Mapping[str, float] | None = None) -> tuple[Artifact, ...]: ...

    def remember_turn(self, *, user: str, text: str, reply: str, persona: str | None = None,
                      session: str = "default", artifacts: Iterable[tuple[Artifact, str]] = (),
                      turn_id: str = "") -> None: ...

    def remember_event(self, *, user: str, text: str, persona: str | None = None, session: str = "default",
                       turn_id: str = "") -> None:
        """A world event the persona was told of (``narrate``)."""
        ...


class ReplyWriter(Protocol):
    """The embedded (no LLM) reply, grounded in the turn's outcomes; it may carry emotion tags
    (``agent/emotion.py``). ``history``: the conversation so far; ``instructions``: a client's
    system message; ``notes``: what the planner wants the player told (``PlannedTurn.notes``);
    ``narration``: a world event to react to (``POST /v1/sessions/{id}/narrate``) instead of words."""

    def __call__(self, plan: Plan, outcomes: Iterable["StepOutcome"], memories: Sequence[str] = (),
                 persona: Any = None, request_text: str = "", *, history: Sequence[dict[str, str]] = (),
                 instructions: str | None = None, notes: Sequence[Words] = (),
                 narration: str | None = None) -> str: ...


class ReplyStream(Protocol):
    """Iterate for the deltas that may be shown; afterwards ``text`` is the reply as shown
    (``None``: nothing was said, the embedded reply answers), ``warnings`` what went wrong and
    ``flagged`` the moderation decisions that changed it (``agent.responder_llm.StreamedReply``)."""

    def __aiter__(self) -> AsyncIterator[str]: ...

    @property
    def text(self) -> str | None: ...

    @property
    def warnings(self) -> list[str]: ...

    @property
    def flagged(self) -> list[Any]: ...


class Responder(Protocol):
    """The LLM reply, streamed through the moderation window."""

    def stream_reply(self, plan: Plan, outcomes: Iterable["StepOutcome"], *, request_text: str,
                     persona: Any = None, memories: Sequence[str] = (),
                     history: Sequence[dict[str, str]] = (), window: ReplyWindow | None = None,
                     instructions: str | None = None, notes: Sequence[Words] = (),
                     narration: str | None = None) -> ReplyStream:
        """Deltas may carry emotion tags (``agent/emotion.py``), as the prompt asks."""
        ...
