"""The voice lane of a turn (DESIGN.md sections 2 and 12): a recording is heard before anything
else, and the reply is spoken sentence by sentence, with visemes, as ``audio`` events.

- :func:`transcribe_input` runs the installed ``transcribe`` tool (WebRTC VAD trims the
  recording and refuses silence, tools/audio_io.py) on ``Request.audio`` under the step
  timeout; the transcript joins ``Request.text`` and a ``transcript`` event says what was heard.
  A transcript heard with less confidence than ``voice.confidence_floor`` is not acted on (and
  never moderated as the user's words): the turn answers :func:`not_heard_reply` instead.
- Streamed (hands-free) turns: agent/listening.py cuts a live PCM stream into utterances with
  the tool's :class:`Recognizer` side and hands each to a turn as a recording.
- :class:`ReplyVoice` speaks a turn's messages when ``Request.voice`` is set. A streamed reply is
  fed to it chunk by chunk (:meth:`ReplyVoice.hear`), so its first sentence is synthesized and
  sent while the rest is still coming; :meth:`ReplyVoice.speak` speaks a whole message (or the
  rest of a streamed one). Each sentence is one ``audio`` event: the WAV artifact and ``data``
  ``{index, text, sample_rate, duration_s, offset_s, visemes: [{viseme, start, end, arkit}], final,
  emotion, expression, speaker}``. The text may carry emotion tags (``agent/emotion.py``): each
  sentence is spoken with its tag's emotion, and the provider's face weights (``face_weights``,
  tools/speech) give every viseme its ARKit blendshape weights with the emotion's expression on top.

The kernel reaches speech only through the tool registry: the installed ``speech`` tool is the
:class:`SpeechProvider` (tools/speech implements it). The persona's voice arrives as data
(:class:`VoiceSpec`) from the composition side; nothing here imports a persona or an interface.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, AsyncIterator, Callable, Protocol, Sequence, runtime_checkable

from agent.emotion import DEFAULT_EMOTION, sentence_emotion
from agent.errors import AtelierError, InputError, StepTimeout, ToolError
from agent.text import split_finished, split_sentences
from agent.tool import ToolContext
from agent.types import Artifact, Event, Request

if TYPE_CHECKING:
    from agent.config import Settings
    from agent.registry import ToolRegistry
    from agent.store import ArtifactStore

MAX_SPOKEN_CHARS = 1500  # a long reply is shown in full but only its start is read aloud
EventFactory = Callable[..., Event]  # the turn's ``event(kind, **fields)``: turn id and time filled in


@dataclass(frozen=True)
class VoiceSpec:
    """How a persona sounds, as data: ``name`` is a voice or style for the speech tool (e.g.
    "en-gb", "deep"), used only for text in its ``language``; ``rate`` is a speed factor."""

    name: str | None = None
    language: str | None = None
    rate: float = 1.0
    pitch: int | None = None


class VisemeTiming(Protocol):
    @property
    def viseme(self) -> str: ...
    @property
    def start(self) -> float: ...
    @property
    def end(self) -> float: ...


class SpokenText(Protocol):
    """A text spoken into a WAV file (tools.speech.synthesis.Speech)."""

    @property
    def path(self) -> Path: ...
    @property
    def sample_rate(self) -> int: ...
    @property
    def duration_s(self) -> float: ...
    @property
    def visemes(self) -> Sequence[VisemeTiming]: ...


class Speaker(Protocol):
    """A chosen backend and voice for one language (tools.speech.synthesis.Speaker)."""

    @property
    def name(self) -> str: ...  # the backend: "embedded" or "neural"
    @property
    def voice(self) -> str: ...
    @property
    def language(self) -> str: ...
    def speak(self, text: str, path: Path) -> SpokenText:
        """Blocking: synthesize ``text`` into the WAV file ``path``."""


@runtime_checkable
class SpeechProvider(Protocol):
    """What the voice lane needs from the installed ``speech`` tool (tools/speech ``SpeechTool``)."""

    def language_for(self, text: str, language: str | None) -> str:
        """The language to speak ``text`` in, ``language`` being the turn's (None: detect)."""

    async def speaker(self, *, language: str, voice: VoiceSpec, ctx: ToolContext) -> Speaker:
        """A speaker for ``language`` in ``voice``, by the configured backend rule; ``ctx.warn``
        reports a fallback. Raises ``AtelierError`` when there is no way to speak."""


@runtime_checkable
class Recognizer(Protocol):
    """What a streamed turn needs from the installed ``transcribe`` tool (tools/transcribe)."""

    def is_speech(self, frame: bytes, rate: int = 16000) -> bool:
        """Voice activity in one 30 ms frame of 16-bit mono PCM."""

    def hear(self, samples: object, *, language: str | None = None, partial: bool = False) -> dict:
        """Blocking: ``{text, language, confidence}`` for 16 kHz mono float samples."""


NOT_HEARD = {"en": "Sorry, I didn't catch that. Could you say it again?",
             "ko": "죄송해요, 잘 못 들었어요. 다시 한번 말씀해 주시겠어요?"}


def not_heard_reply(language: str | None) -> str:
    """What the NPC says to a recording it could not make out (the persona's words are not at stake)."""
    return NOT_HEARD.get((language or "en").split("-")[0], NOT_HEARD["en"])


@runtime_checkable
class FaceProvider(Protocol):
    """A speech provider that also knows faces (tools/speech): the ARKit blendshape weights of a
    viseme said with an emotion (``viseme=None``: the emotion's expression alone)."""

    def face_weights(self, viseme: str | None, emotion: str) -> dict[str, float]: ...


# -- hearing ----------------------------------------------------------------------------------------
async def transcribe_input(request: Request, *, registry: "ToolRegistry", store: "ArtifactStore",
                           settings: "Settings", event: EventFactory) -> tuple[Request, list[Event], bool]:
    """``request`` with the words of its recording joined to its text, the events to send first
    (warnings, then ``transcript``), and whether the words were heard well enough to act on
    (confidence at or above ``voice.confidence_floor``; a recognizer that gives none counts as
    sure). Raises ``AtelierError``: an unknown or non-audio recording, silence (the
    recognizer's VAD), no words, a timeout, no ``transcribe`` tool."""
    assert request.audio is not None
    tool = registry.get("transcribe")  # PlanError naming the installed tools when it is missing
    recording = store.get(request.audio)
    if recording.kind not in ("audio", "video"):
        raise InputError(f"{recording.id} is {recording.kind}, not a recording; send an audio artifact as 'audio'")
    warnings: list[str] = []
    ctx = ToolContext(step_id="transcribe", session_id=store.session_id, user_id=store.user_id, store=store,
                      settings=settings, persona=request.persona, on_warning=warnings.append)
    args = tool.Input.model_validate({"audio": recording, "language": request.language})
    try:
        result = await asyncio.wait_for(tool.run(args, ctx), timeout=settings.step_timeout_s)
    except asyncio.TimeoutError:
        ctx.cancel_flag.set()  # the recognizer's thread stops at its next progress call
        raise StepTimeout(f"transcribing the recording ran past the {settings.step_timeout_s:g} s limit; "
                          "send a shorter recording or raise step_timeout_s") from None
    written = next((a for a in result.artifacts if a.kind == "text"), None)
    heard = str(result.data.get("text") or (written.meta.get("text") if written is not None else "") or "").strip()
    if not heard:
        raise ToolError("the recognizer returned no words; speak more clearly or closer to the microphone")
    confidence = result.data.get("confidence")
    confident = confidence is None or float(confidence) >= settings.voice.confidence_floor
    text = f"{request.text} {heard}" if request.text else heard
    if confident:
        request = Request.model_validate({**request.model_dump(), "text": text})  # a long transcript: InputError
    events = [event("warning", message=message) for message in warnings]
    events.append(event("transcript", message=heard, artifact=written.public() if written is not None else None,
                        data={"audio": recording.id, "language": result.data.get("language"), "request_text": text,
                              "confidence": confidence, "confident": confident, "final": True}))
    return request, events, confident


# -- speaking ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Chunk:
    index: int
    text: str
    artifact: Artifact
    spoken: SpokenText
    offset_s: float
    emotion: str = DEFAULT_EMOTION


@dataclass
class _Utterance:
    """One message being spoken: its sentence jobs, in order, and how far they were released."""

    streamed: str = ""
    pending: str = ""
    jobs: list["asyncio.Future[_Chunk | None]"] = field(default_factory=list)
    released: int = 0
    offset_s: float = 0.0
    chars: int = 0


class ReplyVoice:
    """Speaks one turn's messages as ``audio`` events; silent when the turn did not ask for voice.

    Sentences are synthesized one after another off the event loop (one worker at a time keeps
    them in order and the engine's lock uncontended); an event is released once its sentence is
    ready and it is known whether more of the message follows (``final``).
    """

    def __init__(self, *, event: EventFactory, provider: SpeechProvider | None = None,
                 store: "ArtifactStore | None" = None, settings: "Settings | None" = None, persona: str | None = None,
                 voice: VoiceSpec | None = None, language: str | None = None, problem: str | None = None) -> None:
        self._event = event
        self._provider = provider
        self._voice = voice or VoiceSpec()
        self._language = language
        self._speakers: dict[str, Speaker] = {}
        self._warnings: list[str] = [f"the reply is not spoken: {problem}"] if problem else []
        self._ctx = None if provider is None or store is None or settings is None else ToolContext(
            step_id="voice", session_id=store.session_id, user_id=store.user_id, store=store, settings=settings,
            persona=persona, on_warning=self._warnings.append)
        self._failed = self._ctx is None  # reported: nothing more is spoken this turn
        self._stopped = self._failed  # a sentence failed: the ones queued after it are skipped
        self._tail: "asyncio.Future[_Chunk | None] | None" = None
        self._now = _Utterance()
        self._mood = DEFAULT_EMOTION  # the emotion in force: the last tag heard in this message
        self.speaker: str | None = None  # the persona speaking (scenes: one lane per character)

    @classmethod
    def for_turn(cls, request: Request, *, registry: "ToolRegistry", store: "ArtifactStore", settings: "Settings",
                 event: EventFactory, voice: VoiceSpec | None = None) -> "ReplyVoice":
        """The lane of one turn: speaks through the installed ``speech`` tool if ``request.voice``."""
        if not request.voice:
            return cls(event=event)
        try:
            provider = registry.get("speech")
        except AtelierError as exc:
            return cls(event=event, problem=exc.message)
        if not isinstance(provider, SpeechProvider):
            return cls(event=event, problem="the installed speech tool cannot speak replies (no SpeechProvider)")
        return cls(event=event, provider=provider, store=store, settings=settings, persona=request.persona,
                   voice=voice, language=request.language)

    # -- the two entry points ------------------------------------------------------------------------
    def hear(self, delta: str) -> list[Event]:
        """Feed one streamed chunk of the reply; returns the audio (and warning) events ready now."""
        if not self._stopped:
            now = self._now
            now.streamed += delta
            sentences, now.pending = split_finished(now.pending + delta)
            for sentence in sentences:
                self._submit(sentence)
        return self._release(closing=False)

    async def speak(self, text: str, *, emotion: str | None = None, speaker: str | None = None) -> AsyncIterator[Event]:
        """Speak the message ``text`` (the part already fed to :meth:`hear` is not spoken twice);
        yields each sentence's audio event as soon as it is ready, the last one ``final``.
        ``emotion``: how sentences without a tag are said; ``speaker``: who says them (scenes)."""
        now = self._now
        if emotion is not None and not now.jobs:
            self._mood = emotion
        if speaker is not None:
            self.speaker = speaker
        if not self._stopped:
            if now.streamed and text.startswith(now.streamed):
                rest = now.pending + text[len(now.streamed):]
            elif now.streamed:  # the shown reply differs from the stream (masked): finish the sentence under way
                rest = now.pending
            else:
                rest = text
            for sentence in split_sentences(rest):
                self._submit(sentence)
        while now.released < len(now.jobs):
            await asyncio.wait([now.jobs[now.released]])
            for item in self._release(closing=True):
                yield item
        for item in self._release(closing=True):  # warnings that came last
            yield item
        self._now = _Utterance()
        self._mood = DEFAULT_EMOTION

    # -- the work -----------------------------------------------------------------------------------
    def _submit(self, sentence: str) -> None:
        now = self._now
        sentence, emotion, self._mood = sentence_emotion(sentence.strip(), self._mood)
        if self._stopped or not any(ch.isalnum() for ch in sentence) or now.chars >= MAX_SPOKEN_CHARS:
            return
        now.chars += len(sentence)
        previous, index = self._tail, len(now.jobs)

        async def after_previous() -> _Chunk | None:
            if previous is not None:
                await asyncio.wait([previous])
            if self._stopped:
                return None
            try:
                return await self._speak_one(now, index, sentence, emotion)
            except BaseException:
                self._stopped = True
                raise

        job = asyncio.ensure_future(after_previous())
        job.add_done_callback(lambda done: done.cancelled() or done.exception())  # read in _release
        now.jobs.append(job)
        self._tail = job

    async def _speak_one(self, now: _Utterance, index: int, sentence: str, emotion: str = DEFAULT_EMOTION) -> _Chunk:
        assert self._provider is not None and self._ctx is not None
        language = self._provider.language_for(sentence, self._language)
        if language not in self._speakers:
            self._speakers[language] = await self._provider.speaker(language=language, voice=self._voice,
                                                                    ctx=self._ctx)
        speaker = self._speakers[language]
        store = self._ctx.store
        spoken = await asyncio.to_thread(speaker.speak, sentence, store.new_path(".wav", stem=f"reply-{index}"))
        offset, now.offset_s = now.offset_s, now.offset_s + spoken.duration_s
        artifact = await asyncio.to_thread(store.add, spoken.path, kind="audio", meta={
            "source": "reply", "reply": True, "text": sentence, "sentence": index, "language": speaker.language,
            "voice": speaker.voice, "backend": speaker.name, "persona": self.speaker or self._ctx.persona,
            "sample_rate": spoken.sample_rate, "duration_s": round(spoken.duration_s, 4),
            "offset_s": round(offset, 4), "emotion": emotion})
        return _Chunk(index=index, text=sentence, artifact=artifact, spoken=spoken, offset_s=offset, emotion=emotion)

    def _release(self, *, closing: bool) -> list[Event]:
        """Audio events of finished sentences, in order; the newest waits until it is known
        whether it is the message's last (more text pending, or the message is closing)."""
        now, out = self._now, []
        more_coming = any(ch.isalnum() for ch in now.pending) and now.chars < MAX_SPOKEN_CHARS and not self._stopped
        while now.released < len(now.jobs) and now.jobs[now.released].done():
            last = now.released == len(now.jobs) - 1
            if last and not closing and not more_coming:
                break
            job = now.jobs[now.released]
            now.released += 1
            problem = job.exception() if not job.cancelled() else None
            if problem is not None and not self._failed:
                self._failed = True
                why = problem.message if isinstance(problem, AtelierError) else f"speech synthesis failed ({problem})"
                self._warnings.append(f"the reply is not spoken: {why}")
            chunk = job.result() if problem is None and not job.cancelled() else None
            if chunk is not None and not self._failed:
                out.append(self._audio_event(chunk, final=closing and last))
        warnings, self._warnings[:] = list(self._warnings), []
        return [self._event("warning", message=message) for message in warnings] + out

    def _audio_event(self, chunk: _Chunk, *, final: bool) -> Event:
        spoken = chunk.spoken
        face = self._provider.face_weights if isinstance(self._provider, FaceProvider) else None
        visemes = [{"viseme": v.viseme, "start": round(v.start, 4), "end": round(v.end, 4),
                    **({"arkit": face(v.viseme, chunk.emotion)} if face is not None else {})} for v in spoken.visemes]
        return self._event("audio", artifact=chunk.artifact.public(), data={
            "index": chunk.index, "text": chunk.text, "sample_rate": spoken.sample_rate,
            "duration_s": round(spoken.duration_s, 4), "offset_s": round(chunk.offset_s, 4), "visemes": visemes,
            "final": final, "language": chunk.artifact.meta.get("language"), "voice": chunk.artifact.meta.get("voice"),
            "emotion": chunk.emotion, "expression": face(None, chunk.emotion) if face is not None else {},
            "speaker": self.speaker})


async def warm_up(registry: "ToolRegistry", *, settings: "Settings") -> None:
    """Load the speech provider's default voice and speak one word into a throwaway store, so
    the first spoken reply does not pay for it. Does nothing without a speech tool."""
    import tempfile

    from agent.store import ArtifactStore

    with tempfile.TemporaryDirectory(prefix="atelier-warm-up-") as scratch:
        store = ArtifactStore(data_dir=Path(scratch), session_id="warm-up", user_id="warm-up")
        lane = ReplyVoice.for_turn(Request(text="hello", voice=True), registry=registry, store=store,
                                   settings=settings, event=lambda kind, **fields: Event(kind=kind, turn_id="warm-up",
                                                                                         at=0.0, **fields))
        async for _ in lane.speak("Hello."):
            pass
