"""What the orchestrator asks of personas and safety during a turn, in one place.

- ``persona_for(request)``: the request's persona card (a session keeps its persona until a
  request names another).
- ``check_input``: moderation of the user's words before memory and planning.
- ``moderate_plan``: generation prompts of plan steps (``prompt``/``text`` arguments) and the
  persona's allowed tools; flagged steps are dropped with their dependents, or the whole plan
  is refused when the persona's policy says ``refuse_plan``.
- ``check_reply``: the NPC's reply, window by window; ``reply_window`` for a streamed one.
- ``voice_for``: the persona's voice, as data for the voice lane (agent/voice.py).

It implements the kernel's ``agent.protocols.TurnSafety``; decisions carry their warnings
(a classifier fallback), which the orchestrator turns into ``warning`` events.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from agent.protocols import PlanModeration, notice
from agent.types import Plan
from agent.voice import VoiceSpec

if TYPE_CHECKING:
    from agent.config import Settings
    from agent.types import Request
    from persona.card import PersonaCard
    from persona.library import PersonaLibrary
    from persona.safety.categories import Decision
    from persona.safety.guard import OutputWindow, SafetyGuard

GENERATION_ARGS = ("prompt", "text", "negative_prompt", "caption", "script")

__all__ = ["GENERATION_ARGS", "PlanModeration", "TurnSafety", "notice"]


class TurnSafety:
    """Persona lookup plus the guard; ``guard=None`` turns moderation off (personas still work)."""

    def __init__(self, *, personas: "PersonaLibrary", guard: "SafetyGuard | None") -> None:
        self.personas = personas
        self.guard = guard
        self._session_persona: dict[str, str] = {}

    @classmethod
    def for_data_dir(cls, data_dir: Path, *, moderation: bool = True) -> "TurnSafety":
        """Bundled and user personas; the embedded guard auditing to ``<data_dir>/audit``."""
        from agent.config import SafetySettings, Settings

        return cls.for_settings(Settings(data_dir=data_dir, safety=SafetySettings(moderation=moderation)))

    @classmethod
    def for_settings(cls, settings: "Settings") -> "TurnSafety":
        """Bundled and user personas; the guard the ``[safety]`` settings describe."""
        from persona.library import PersonaLibrary
        from persona.safety.guard import build_guard

        safety = settings.safety
        guard = build_guard(classifier=safety.classifier, model=safety.model, endpoint=safety.endpoint,
                            data_dir=settings.data_dir, audit=safety.audit) if safety.moderation else None
        return cls(personas=PersonaLibrary.for_data_dir(settings.data_dir), guard=guard)

    def persona_for(self, request: "Request") -> "PersonaCard | None":
        """The card for this request; ``UnknownPersona`` (an input error) for a bad id."""
        persona_id = request.persona or self._session_persona.get(request.session_id)
        if persona_id is None:
            return None
        card = self.personas.get(persona_id)
        self._session_persona[request.session_id] = persona_id
        return card

    def card(self, persona_id: str) -> "PersonaCard":
        """The card ``persona_id`` (``UnknownPersona`` naming the known ones for a bad id)."""
        return self.personas.get(persona_id)

    @staticmethod
    def voice_for(card: "PersonaCard | None") -> VoiceSpec | None:
        """The card's TTS voice for the voice lane: its voice name (for text in the card's
        language), words per minute as a speed factor around eSpeak's 170, and pitch."""
        if card is None:
            return None
        return VoiceSpec(name=card.voice.name, language=card.language,
                         rate=max(0.5, min(2.0, card.voice.rate / 170.0)), pitch=card.voice.pitch)

    def forget_session_persona(self, session_id: str) -> None:
        """The session goes back to no persona (a later request may name one again)."""
        self._session_persona.pop(session_id, None)

    def check_input(self, request: "Request", card: "PersonaCard | None") -> "Decision | None":
        if self.guard is None:
            return None
        return self.guard.check(request.text, stage="input", persona=card, session=request.session_id)

    def moderate_plan(self, plan: Plan, card: "PersonaCard | None", *, session: str) -> PlanModeration:
        plan = plan.model_copy(deep=True)  # masking edits arguments; the caller's plan stays as given
        result = PlanModeration(plan=plan)
        flagged: dict[str, str] = {}
        for step in plan.steps:
            if card is not None and card.allowed_tools is not None and step.tool not in card.allowed_tools:
                flagged[step.id] = f"{card.name} does not use the {step.tool} tool"
                continue
            if self.guard is None:
                continue
            for name in GENERATION_ARGS:
                value = step.args.get(name)
                if not isinstance(value, str) or not value.strip():
                    continue
                decision = self.guard.check(value, stage="generation", persona=card, session=session,
                                            language=plan.language)
                result.warnings.extend(w for w in decision.warnings if w not in result.warnings)
                if not decision.flagged:
                    continue
                result.notices.append(notice(decision, step_id=step.id, argument=name))
                if decision.action == "mask" and not decision.support:
                    step.args[name] = decision.text or value
                    continue
                if card is not None and card.safety.on_flagged_generation == "refuse_plan":
                    result.refused = decision
                    result.plan = Plan(steps=[], language=plan.language)
                    result.dropped = [s.id for s in plan.steps]
                    return result
                if decision.support and result.refused is None:
                    result.refused = decision  # never make art from a self-harm prompt; answer with support
                flagged[step.id] = f"its {name} was flagged ({decision.category})"
                break
        if not flagged:
            return result
        dropped = set(flagged)
        changed = True
        while changed:  # dependents of a dropped step cannot run either
            changed = False
            for step in plan.steps:
                if step.id not in dropped and any(dep in dropped for dep in step.depends_on):
                    dropped.add(step.id)
                    flagged[step.id] = f"it needs a step that was removed ({', '.join(step.depends_on)})"
                    changed = True
        result.dropped = [s.id for s in plan.steps if s.id in dropped]
        result.plan = Plan(steps=[s for s in plan.steps if s.id not in dropped], language=plan.language)
        for step_id in result.dropped:
            result.notices.append({"moderation": {"stage": "generation", "step_id": step_id, "action": "drop_step",
                                                  "reason": f"step {step_id} removed: {flagged[step_id]}"}})
        return result

    def check_reply(self, reply: str, card: "PersonaCard | None", *, session: str,
                    language: str | None = None) -> tuple[str, list["Decision"]]:
        """The reply as it may be shown (checked in windows) and the decision on every window."""
        window = self.reply_window(card, session=session, language=language)
        if window is None or not reply.strip():
            return reply, []
        shown = window.feed(reply) + window.close()
        return shown, window.decisions

    def reply_window(self, card: "PersonaCard | None", *, session: str,
                     language: str | None = None) -> "OutputWindow | None":
        """The moderation window for a streamed reply; ``None`` when moderation is off."""
        if self.guard is None:
            return None
        return self.guard.output_window(persona=card, session=session, language=language)
