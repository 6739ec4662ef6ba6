"""Core data contracts shared by planners, the executor, tools and every interface.

Everything that crosses a boundary (CLI JSON, API wire, LLM structured output) is a pydantic
model with ``extra="forbid"`` so a typo fails loudly instead of being ignored.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any, Literal, Mapping

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from agent.text import looks_binary

ArtifactKind = Literal["image", "video", "mesh", "motion", "audio", "visemes", "text"]
ARTIFACT_KINDS: tuple[str, ...] = ("image", "video", "mesh", "motion", "audio", "visemes", "text")

STEP_ID = re.compile(r"^s[1-9][0-9]{0,3}$")
MAX_REQUEST_CHARS = 4000


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @classmethod
    def checked(cls, *, where: str, **fields: Any) -> Any:
        """A validated instance from an edge; any problem is one ``InputError`` naming the fix
        ("bad request: remove the unknown field 'sesion' (known: ...)"). A validator's own
        ``InputError`` surfaces as itself."""
        from agent.errors import InputError, from_validation

        try:
            return cls(**fields)
        except ValidationError as exc:
            raise from_validation(exc, error_type=InputError, where=where,
                                  message=lambda problem: f"bad {where}: {problem.fix(known=cls.model_fields)}") from None


MAX_INSTRUCTIONS_CHARS = 8000


class ChatTurn(Strict):
    """One earlier line of a conversation, as a client sends its history."""

    role: Literal["user", "assistant"]
    content: str = Field(max_length=MAX_REQUEST_CHARS * 4)


class Request(Strict):
    """One user turn as it reaches the orchestrator."""

    text: str = Field(default="", description="what the user said or typed (with ``audio``: what they typed besides)")
    session_id: str = "default"
    user_id: str = "anonymous"
    persona: str | None = None
    attachments: list[str] = Field(default_factory=list, description="ids of stored artifacts (uploads)")
    audio: str | None = Field(default=None, description="id of a stored recording: transcribed first, the transcript "
                                                        "joins text (agent/voice.py)")
    voice: bool = Field(default=False, description="speak the reply: audio events with visemes (agent/voice.py)")
    language: str | None = Field(default=None, description='the spoken language, e.g. "en" or "ko"; detected when absent')
    interrupted: str | None = Field(default=None, max_length=4000, description="the part of the NPC's previous reply "
                                    "the user heard before speaking over it (barge-in); the responder is told")
    history: list[ChatTurn] | None = Field(default=None, max_length=500, description=(
        "the conversation before this turn, oldest first; when given it stands for the session's own buffer "
        "(the OpenAI-compatible endpoint sends its messages here)"))
    instructions: str | None = Field(default=None, max_length=MAX_INSTRUCTIONS_CHARS, description=(
        "the client's own system message: added to the persona's prompt after its safety rules"))

    def conversation(self) -> list[dict[str, str]] | None:
        """``history`` as ``[{"role", "content"}]`` (``None`` when the request brings none)."""
        return None if self.history is None else [turn.model_dump() for turn in self.history]

    @model_validator(mode="before")
    @classmethod
    def _a_recording_may_stand_for_text(cls, data: Any) -> Any:
        # A recording alone is a request (its transcript becomes the text); without one, a missing
        # text is checked like an empty one.
        if isinstance(data, dict):
            data = dict(data)
            if data.get("audio") and not str(data.get("text") or "").strip():
                data.pop("text", None)
            else:
                data.setdefault("text", "")
        return data

    @field_validator("text")
    @classmethod
    def _text_is_usable(cls, text: str) -> str:
        from agent.errors import InputError

        if not text or not text.strip():
            raise InputError("the request is empty: type what you want to make or say")
        if len(text) > MAX_REQUEST_CHARS:
            raise InputError(
                f"the request is {len(text)} characters long; keep it under {MAX_REQUEST_CHARS} "
                "(split long scripts into several turns)"
            )
        if looks_binary(text):
            raise InputError("the request holds binary data, not text: send words, or upload the file as an attachment")
        return text.strip()

    @classmethod
    def parse(cls, **fields: Any) -> "Request":
        """A validated request from an edge (CLI, studio, API); any problem is one ``InputError``.

        The text's own checks (empty, too long, binary) surface as their ``InputError``; other
        fields name the fix ("remove the unknown field 'sesion' (known: ...)").
        """
        return cls.checked(where="request", **fields)


class Step(Strict):
    """One tool call in a plan. ``args`` may hold ``{"$ref": "s1"}`` (the artifact of step s1)
    or ``{"$artifact": "ID"}`` (an artifact already in the store)."""

    id: str = Field(description='"s1", "s2", ...')
    tool: str = Field(description="canonical tool name, e.g. mesh")
    args: dict[str, Any] = Field(default_factory=dict)
    depends_on: list[str] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not STEP_ID.match(value):
            raise ValueError(f"step id {value!r} must look like 's1', 's2', ...")
        return value


class Plan(Strict):
    """A typed DAG of tool steps; an empty plan means "just talk"."""

    steps: list[Step] = Field(default_factory=list)
    language: str = "en"

    @model_validator(mode="after")
    def _unique_ids(self) -> "Plan":
        seen: set[str] = set()
        for step in self.steps:
            if step.id in seen:
                raise ValueError(f"step id {step.id!r} is used twice; give every step its own id")
            seen.add(step.id)
        return self


def refs_in(value: Any) -> list[dict[str, str]]:
    """Every ``{"$ref": ...}`` or ``{"$artifact": ...}`` object inside a step argument."""
    found: list[dict[str, str]] = []
    if isinstance(value, dict):
        if set(value) in ({"$ref"}, {"$artifact"}):
            found.append(value)
        else:
            for item in value.values():
                found.extend(refs_in(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(refs_in(item))
    return found


class Artifact(BaseModel):
    """A produced or uploaded file. Events carry this record, never raw bytes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    kind: ArtifactKind
    path: Path
    mime: str
    sha256: str
    meta: Mapping[str, Any] = Field(default_factory=dict)

    def public(self) -> dict[str, Any]:
        """The stable JSON shape the CLI and API print."""
        return {"id": self.id, "kind": self.kind, "path": str(self.path), "mime": self.mime, "meta": dict(self.meta)}


class Words(Strict):
    """One line for the player in each language replies are written in (English, Korean).

    A tool knows best what the player must hear about its result but not the turn's language or
    the persona's voice: it writes both, the responder picks one (``say``) and styles it.
    """

    en: str = Field(min_length=1)
    ko: str = Field(min_length=1)

    def say(self, language: str | None) -> str:
        return self.ko if language == "ko" else self.en


class ToolResult(Strict):
    """What a tool made, in two texts: ``summary``/``notes`` for the player (spoken, shown in the
    reply), ``detail`` for the maker (backend, sizes, counts: the plan panel, logs, never the reply)."""

    artifacts: list[Artifact] = Field(default_factory=list)
    summary: Words | None = Field(default=None, description="player-facing: what was made, in a few words "
                                  "(None: the responder names the result from its kind and the request's words)")
    notes: list[Words] = Field(default_factory=list, description="player-facing: what the player must know "
                               "about the result (a stand-in for an unknown word, an answer the tool read out)")
    detail: str | None = Field(default=None, validation_alias=AliasChoices("detail", "message"),
                               description="technical line: backend, sizes, counts (``message`` is its old name)")
    data: dict[str, Any] = Field(default_factory=dict)

    @property
    def message(self) -> str | None:
        """The technical line (``detail``), under the name it had before results had two texts."""
        return self.detail


EventKind = Literal[
    "turn_started", "plan", "step_started", "progress", "step_done", "artifact",
    "message_delta",  # a chunk of the reply while it streams (``message`` holds the chunk)
    "message",        # the whole reply, once it is complete
    "transcript",     # what an audio input said: ``message``; ``artifact`` (text), ``data["audio"]`` the recording
    "audio",          # one spoken sentence of a reply: ``artifact`` (WAV), ``data``: index, text, sample_rate,
                      # duration_s, offset_s, visemes [{viseme, start, end, arkit}], final, emotion (agent/voice.py)
    "moderation",     # a safety decision: ``data`` holds stage, action, categories
    "warning", "error", "turn_done",
]


class ErrorInfo(Strict):
    type: str
    message: str
    retryable: bool = False
    said: dict[str, str] | None = Field(default=None, description="how a player hears it, per language")


class Event(Strict):
    """Everything the UI, API and CLI render. ``at`` is seconds since the turn started."""

    v: Literal[1] = 1
    kind: EventKind
    turn_id: str
    at: float
    step_id: str | None = None
    tool: str | None = None
    message: str | None = None
    progress: float | None = Field(default=None, ge=0.0, le=1.0)
    duration_s: float | None = None
    plan: Plan | None = None
    artifact: dict[str, Any] | None = None
    error: ErrorInfo | None = None
    data: dict[str, Any] = Field(default_factory=dict)
    speaker: str | None = Field(default=None, description="the persona saying a message, delta or audio (scenes)")


class Clock:
    """Monotonic seconds since a turn started, shared by all of its events."""

    def __init__(self) -> None:
        self._t0 = time.perf_counter()

    def now(self) -> float:
        return round(time.perf_counter() - self._t0, 6)
