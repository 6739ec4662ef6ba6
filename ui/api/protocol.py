"""Wire protocol v1: the JSON events a client receives on ``/v1/sessions/{id}/events``
and the messages it may send there.

Every server event has the envelope ``{"v": 1, "type", "seq", "session_id", "ts"}``
(``seq`` rises by one per session event; ``ts`` is the server's Unix time when the event
was produced) plus ``turn_id``/``job_id``/``at`` when it belongs to a turn. The JSON
Schema files in ``ui/api/schema/v1/`` are generated from these models
(``python -m ui.api.schema_gen``) and a test keeps them in sync.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter

from agent.types import MAX_REQUEST_CHARS

from agent.emotion import Emotion

PROTOCOL_VERSION = 1

# What a turn's text may be, as the server checks it (agent/types.py: Request): not blank (by
# Python's str.isspace), no control characters but tab, newline and CR, no U+FFFD. Said once
# as a JSON Schema pattern (ECMA-262 and Python's re read it alike) and checked with it here,
# so the published schema accepts exactly what the server does.
_CONTROL = "\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\ufffd"
_SPACE_OR_CONTROL = ("\\u0000-\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f"
                     "\\u3000\\ufffd")
TEXT_PATTERN = f"^[^{_CONTROL}]*[^{_SPACE_OR_CONTROL}][^{_CONTROL}]*$"
ARTIFACT_ID_PATTERN = r"^a_[0-9a-f]{16}$"


def _usable_text(text: str) -> str:
    if re.fullmatch(TEXT_PATTERN, text):
        return text
    if not text.strip():
        raise ValueError("the text is empty; say something (or send only an audio recording)")
    raise ValueError("the text holds control characters, so it looks like binary data; send words, and upload "
                     "files with POST /v1/sessions/{id}/uploads")


TurnText = Annotated[str, Field(max_length=MAX_REQUEST_CHARS, json_schema_extra={"pattern": TEXT_PATTERN}),
                     AfterValidator(_usable_text)]
"""A turn's text: 1-4000 characters, not blank, no control characters (the pattern says exactly that)."""

# Not blank by Python's str.strip(): at least one character outside its whitespace set.
NOT_BLANK_PATTERN = "^[\\s\\S]*[^\\u0009-\\u000d\\u001c-\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000][\\s\\S]*$"


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("the text is empty; say what happened")
    return text


def not_blank_text(max_length: int) -> Any:
    """Text of at most ``max_length`` characters that is not only whitespace (the pattern says so)."""
    return Annotated[str, Field(max_length=max_length, json_schema_extra={"pattern": NOT_BLANK_PATTERN}),
                     AfterValidator(_not_blank)]


class _Wire(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Envelope(_Wire):
    v: Literal[1] = 1
    seq: int = Field(default=0, ge=0, description="per-session sequence number, from 1")
    session_id: str
    ts: float = Field(description="server Unix time when the event was produced")
    turn_id: str | None = None
    job_id: str | None = None
    at: float | None = Field(default=None, description="seconds since the turn started")
    speaker: str | None = Field(default=None, description="the persona this event belongs to (in a scene, who speaks)")


class Viseme(_Wire):
    viseme: str = Field(description="Oculus/OpenXR viseme: sil PP FF TH DD kk CH SS nn RR aa E ih oh ou")
    start: float = Field(ge=0, description="seconds from the start of this audio chunk")
    end: float = Field(ge=0)
    arkit: dict[str, float] | None = Field(default=None, description=(
        "ARKit blendshape weights (0-1) of this mouth shape said with the chunk's emotion: the mouth and the "
        "expression together, only the shapes that move; drive a face with them as they are"))


class SentenceEmotion(_Wire):
    text: str
    emotion: Emotion


class ErrorBody(_Wire):
    type: str = Field(description="error class, e.g. InputError, ToolError, bad_message")
    message: str
    retryable: bool = False
    said: dict[str, str] | None = Field(default=None, description="how to say it to a player, per language")


class ArtifactInfo(_Wire):
    id: str
    kind: str = Field(description="image, video, mesh, motion, audio, visemes or text")
    format: str = Field(description="file format: glb, bvh, png, mp4, wav, json, ...")
    mime: str
    size: int = Field(ge=0, description="bytes")
    sha256: str
    url: str = Field(description="download URL (relative to the server), supports HTTP Range")
    meta: dict[str, Any] = Field(default_factory=dict)
    bbox: dict[str, list[float]] | None = Field(default=None, description="meshes: {min: [x,y,z], max: [x,y,z]}, metres")
    skeleton: dict[str, Any] | None = Field(default=None, description="BVH / skinned GLB: joints, frames, fps")
    morph_targets: list[str] | None = Field(default=None, description="GLB morph target names (e.g. ARKit shapes)")
    animations: list[str] | None = Field(default=None, description="GLB animation names")


class SessionReady(Envelope):
    """First event on every WebSocket: the session as the server knows it."""

    type: Literal["session_ready"] = "session_ready"
    session: dict[str, Any]
    last_seq: int = Field(ge=0, description="the newest event number; replayed events came before this one")


class TurnStarted(Envelope):
    type: Literal["turn_started"] = "turn_started"
    text: str = Field(description="what the user said or typed (the transcript for audio); the line or event "
                                  "of a say/narrate")
    mode: Literal["turn", "say", "narrate"] = Field(default="turn", description="a user's turn, a line the app "
                                                    "had the NPC say, or a world event it was told of")
    addressed: list[str] | None = Field(default=None, description="scenes: the personas the user's line went to")


class Transcript(Envelope):
    """What the user said: partial ones while they speak (streamed turns), then the final one
    from the turn, which acts on it only when ``confident``."""

    type: Literal["transcript"] = "transcript"
    text: str
    final: bool = Field(default=True, description="false: a partial transcript of speech still going on")
    artifact_id: str | None = Field(default=None, description="the recording (final transcripts)")
    confidence: float | None = Field(default=None, ge=0, le=1, description="the recognizer's confidence (0-1)")
    confident: bool = Field(default=True, description="false: heard too unsurely to act on; the NPC asks again")
    language: str | None = None


class SpeechStarted(Envelope):
    """The user started speaking on the stream (after ``voice.barge_in_ms`` of speech)."""

    type: Literal["speech_started"] = "speech_started"
    onset_s: float = Field(ge=0, description="stream time (seconds of audio received) when speech began")


class Interrupted(Envelope):
    """The user spoke over a reply (barge-in): stop playing it; its remaining audio is not sent."""

    type: Literal["interrupted"] = "interrupted"
    played_s: float = Field(ge=0, description="seconds of the reply played when the user spoke (real-time playback "
                                              "from its first audio event)")
    spoken_s: float = Field(ge=0, description="seconds of reply audio sent so far")
    heard_text: str = Field(description="the part of the reply the user heard (whole sentences started)")
    stop_latency_s: float = Field(ge=0, description="from the user's speech onset to this event")


class PlanEvent(Envelope):
    type: Literal["plan"] = "plan"
    plan: dict[str, Any] = Field(description="{language, steps: [{id, tool, args, depends_on}]}")


class JobStarted(Envelope):
    type: Literal["job_started"] = "job_started"
    step_id: str
    tool: str


class JobProgress(Envelope):
    type: Literal["job_progress"] = "job_progress"
    step_id: str
    tool: str
    progress: float = Field(ge=0, le=1)
    message: str | None = None


class JobDone(Envelope):
    type: Literal["job_done"] = "job_done"
    step_id: str
    tool: str
    status: Literal["ok", "failed", "skipped", "cancelled"]
    duration_s: float | None = None
    message: str | None = None
    error: ErrorBody | None = None


class ArtifactReady(Envelope):
    type: Literal["artifact_ready"] = "artifact_ready"
    step_id: str | None = None
    tool: str | None = None
    artifact: ArtifactInfo


class TextDelta(Envelope):
    type: Literal["text_delta"] = "text_delta"
    text: str


class Text(Envelope):
    """The NPC's whole reply, once complete (after any ``text_delta`` chunks)."""

    type: Literal["text"] = "text"
    text: str
    emotions: list[SentenceEmotion] = Field(default_factory=list, description="each sentence and how it is said")
    stage: Literal["ack", "reply"] = Field(default="reply", description="ack: the first words, said before the "
                                           "assets are done; reply: the answer")


class AudioChunk(Envelope):
    """One spoken sentence of the reply and its mouth shapes, in the chunk's own time."""

    type: Literal["audio"] = "audio"
    index: int = Field(ge=0)
    text: str
    url: str
    artifact_id: str
    format: str = "wav"
    sample_rate: int = Field(gt=0)
    duration_s: float = Field(ge=0)
    offset_s: float = Field(ge=0, description="where this chunk starts in the whole reply")
    visemes: list[Viseme]
    final: bool = Field(description="the last chunk of this reply")
    emotion: Emotion = Field(default="neutral", description="how this sentence is said")
    expression: dict[str, float] = Field(default_factory=dict, description="ARKit weights of the emotion alone "
                                         "(brows, eyes, cheeks), for the face between visemes")


class Moderation(Envelope):
    type: Literal["moderation"] = "moderation"
    stage: str | None = None
    action: str | None = None
    categories: list[str] = Field(default_factory=list)
    reason: str | None = None


class Warning(Envelope):  # noqa: A001 - the wire name
    type: Literal["warning"] = "warning"
    message: str


class Error(Envelope):
    type: Literal["error"] = "error"
    error: ErrorBody
    step_id: str | None = None


class TurnDone(Envelope):
    type: Literal["turn_done"] = "turn_done"
    status: Literal["ok", "failed", "cancelled"]
    failed_steps: list[str] = Field(default_factory=list)
    artifacts: list[str] = Field(default_factory=list, description="ids of the artifacts this turn made")


class Pong(Envelope):
    type: Literal["pong"] = "pong"


SERVER_EVENTS: tuple[type[Envelope], ...] = (
    SessionReady, TurnStarted, Transcript, SpeechStarted, Interrupted, PlanEvent, JobStarted, JobProgress, JobDone, ArtifactReady,
    TextDelta, Text, AudioChunk, Moderation, Warning, Error, TurnDone, Pong,
)
ServerEvent = Annotated[Union[tuple(SERVER_EVENTS)], Field(discriminator="type")]  # type: ignore[valid-type]
SERVER_EVENT = TypeAdapter(ServerEvent)


# -- client -> server -----------------------------------------------------------------------
class TurnMessage(_Wire):
    """Say something: ``text`` and/or ``audio`` (an uploaded audio artifact id), plus images."""

    type: Literal["turn"] = "turn"
    text: TurnText | None = None
    audio: str | None = Field(default=None, pattern=ARTIFACT_ID_PATTERN,
                              description="artifact id of an uploaded recording")
    attachments: list[Annotated[str, Field(pattern=ARTIFACT_ID_PATTERN)]] = Field(
        default_factory=list, max_length=16, description="artifact ids (images)")


class AudioChunkMessage(_Wire):
    """Streamed speech (hands-free or push-to-talk): PCM s16le mono as base64 in ``data``. A binary
    WebSocket frame is the same with the raw bytes at 16 kHz. The server ends an utterance after
    ``voice.end_of_speech_ms`` of silence (or at ``audio_end``) and starts a turn with it."""

    type: Literal["audio_chunk"] = "audio_chunk"
    data: str = Field(max_length=64_000, description="base64 of 16-bit little-endian mono PCM")
    sample_rate: Literal[8000, 16000, 22050, 24000, 32000, 44100, 48000] = Field(
        default=16000, description="resampled to 16 kHz on arrival")


class AudioEndMessage(_Wire):
    """Push-to-talk released: take what was streamed since speech began as one utterance now."""

    type: Literal["audio_end"] = "audio_end"


class CancelMessage(_Wire):
    type: Literal["cancel"] = "cancel"
    job_id: str


class PingMessage(_Wire):
    type: Literal["ping"] = "ping"


class SayMessage(_Wire):
    """The NPC says exactly ``text`` (speech and visemes, no planner), with an emotion if given."""

    type: Literal["say"] = "say"
    text: str = Field(min_length=1, max_length=4000)
    emotion: Emotion | None = None
    persona: str | None = Field(default=None, description="scenes: which persona says it (default: the first)")


class NarrateMessage(_Wire):
    """A world event the NPC learns of and, with ``react``, reacts to."""

    type: Literal["narrate"] = "narrate"
    event: str = Field(min_length=1, max_length=2000, description='e.g. "the player picked up the cursed ring"')
    react: bool = True
    persona: str | None = Field(default=None, description="scenes: who is told (default: everyone)")


CLIENT_MESSAGES: tuple[type[_Wire], ...] = (TurnMessage, AudioChunkMessage, AudioEndMessage, CancelMessage, PingMessage,
                                             SayMessage, NarrateMessage)
ClientMessage = Annotated[Union[TurnMessage, AudioChunkMessage, AudioEndMessage, CancelMessage, PingMessage, SayMessage,
                                NarrateMessage],
                          Field(discriminator="type")]
CLIENT_MESSAGE = TypeAdapter(ClientMessage)
