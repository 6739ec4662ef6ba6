"""Voice chat: a recording in (VAD check -> ``transcribe`` tool), the reply spoken out.

- :func:`transcribe_recording` refuses silence with WebRTC VAD before any recognizer runs,
  stores the recording as an ``audio`` artifact and runs the installed ``transcribe`` tool
  on it through the executor (so neural/embedded backend choice and progress events work as
  for any other step).
- :func:`speak_reply` wraps a turn's Event stream: every event passes through at once, and
  while the reply streams in (``message_delta``), finished sentences are already being
  synthesized in a worker thread with the persona's voice. Before ``turn_done`` it adds one
  ``audio`` event: the whole spoken reply (WAV artifact) with its viseme timeline.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any, AsyncIterator

from agent.errors import AtelierError, InputError, ToolError
from agent.text import split_finished
from agent.types import Event, Plan, Step

if TYPE_CHECKING:
    from agent.orchestrator import Orchestrator
    from agent.store import ArtifactStore
    from persona.card import PersonaCard

MAX_SPOKEN_CHARS = 1500  # a long reply is shown in full but only its start is read aloud


class SilentRecording(InputError):
    """A recording with no speech in it (VAD found no voiced frames)."""


def check_voiced(path: Path) -> None:
    """Decode a recording and raise ``SilentRecording`` when WebRTC VAD hears no speech."""
    from tools.audio_io import decode, voiced_span

    audio = decode(Path(path))
    if voiced_span(audio) is None:
        raise SilentRecording("the recording holds only silence or noise")


async def transcribe_recording(orchestrator: "Orchestrator", store: "ArtifactStore", path: Path,
                               *, language: str | None = None) -> str:
    """The words in a recording: VAD check, then the ``transcribe`` tool on the stored file."""
    await asyncio.to_thread(check_voiced, path)
    artifact = await asyncio.to_thread(store.add, Path(path), kind="audio", meta={"source": "microphone"})
    args: dict[str, Any] = {"audio": {"$artifact": artifact.id}}
    if language:
        args["language"] = language
    plan = Plan(steps=[Step(id="s1", tool="transcribe", args=args)], language=language or "en")
    run = orchestrator.executor.start(plan, store=store, turn_id=f"t_{secrets.token_hex(6)}")
    async for _ in run.events():
        pass
    outcome = run.outcomes.get("s1")
    if outcome is None or outcome.status != "ok":
        message = outcome.error.message if outcome is not None and outcome.error else "transcription did not run"
        if outcome is not None and outcome.error is not None and outcome.error.type == "InputError":
            raise InputError(message)
        raise ToolError(message)
    for produced in outcome.artifacts:
        if produced.kind == "text":
            spoken = str(produced.meta.get("text") or Path(produced.path).read_text(encoding="utf-8")).strip()
            if spoken:
                return spoken
    raise ToolError("the recognizer returned no words; speak more clearly or closer to the microphone")


class _Synthesizer:
    """Synthesizes sentences in order in one worker thread; joins them at the end."""

    def __init__(self, *, orchestrator: "Orchestrator", store: "ArtifactStore", persona: "PersonaCard | None") -> None:
        self.orchestrator = orchestrator
        self.store = store
        self.persona = persona
        self.chunks: list[Any] = []
        self.warnings: list[str] = []
        self._backend: Any = None
        self._language: str | None = None
        self._offset = 0.0
        self._spoken_chars = 0
        self._tail: asyncio.Future[None] | None = None

    def submit(self, sentence: str) -> None:
        """Queue a sentence; synthesis of queued sentences runs one after another off the loop."""
        sentence = sentence.strip()
        if not sentence or not any(ch.isalnum() for ch in sentence) or self._spoken_chars >= MAX_SPOKEN_CHARS:
            return
        self._spoken_chars += len(sentence)
        previous = self._tail

        async def after_previous() -> None:
            if previous is not None:
                await previous
            await asyncio.to_thread(self._speak, sentence)

        self._tail = asyncio.ensure_future(after_previous())

    async def finish(self) -> None:
        if self._tail is not None:
            await self._tail

    def _backend_for(self, language: str) -> Any:
        if self._backend is not None and self._language == language:
            return self._backend
        from tools.speech.synthesis import EmbeddedSpeech

        card = self.persona
        same_language = card is not None and card.language.split("-")[0] == language
        voice = card.voice.name if card is not None and same_language else None
        rate = max(0.5, min(2.0, card.voice.rate / 170.0)) if card is not None else 1.0
        pitch = card.voice.pitch if card is not None else None
        persona_id = card.id if card is not None else None
        backend = None
        settings = self.orchestrator.settings
        if settings.backend_for("speech") == "neural" and "speech" in self.orchestrator.registry:
            backend = self._neural_backend(language, rate, pitch)
        if backend is None:
            try:
                backend = EmbeddedSpeech.for_request(language=language, voice=voice, persona=persona_id,
                                                     rate=rate, pitch=pitch)
            except InputError:  # a card voice eSpeak does not know: the persona's stable default
                backend = EmbeddedSpeech.for_request(language=language, persona=persona_id, rate=rate, pitch=pitch)
        self._backend, self._language = backend, language
        return backend

    def _neural_backend(self, language: str, rate: float, pitch: int | None) -> Any:
        tool = self.orchestrator.registry.get("speech")
        make = getattr(tool, "neural_backend", None)
        if make is None:
            return None
        args = tool.Input.model_validate({"text": "hello", "language": language, "rate": rate, "pitch": pitch})
        try:
            return make(args, language)
        except AtelierError as exc:
            if self.orchestrator.settings.backends.get("speech") == "neural":
                raise  # forced (the rule of ToolContext.try_neural): the reply is not spoken, a warning says why
            self.warnings.append(f"the reply could not use neural speech ({exc.message}); using eSpeak NG")
            return None

    def _speak(self, sentence: str) -> None:
        from agent.text import detect_language
        from tools.speech.synthesis import SentenceAudio

        language = detect_language(sentence) if self._language is None or detect_language(sentence) == "ko" \
            else self._language
        backend = self._backend_for(language)
        result = backend.speak(sentence)
        self.chunks.append(SentenceAudio(index=len(self.chunks), text=sentence, audio=result.audio,
                                         phonemes=result.phonemes, offset_s=self._offset))
        self._offset += result.audio.seconds

    def store_reply(self, text: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """Join the sentences into one WAV (+ viseme JSON) in the session store."""
        if not self.chunks:
            return None
        from tools.audio_io import write_wav
        from tools.speech.visemes import spans_from_phonemes, viseme_track
        from tools.speech.synthesis import join

        audio, phonemes = join(self.chunks)
        wav = write_wav(self.store.new_path(".wav", stem="reply"), audio)
        meta = {"source": "reply", "text": text[:2000], "language": self._language,
                "voice": getattr(self._backend, "voice", None), "backend": getattr(self._backend, "name", None),
                "persona": self.persona.id if self.persona else None, "duration_s": round(audio.seconds, 3),
                "sentences": len(self.chunks)}
        audio_artifact = self.store.add(wav, kind="audio", meta=meta)
        track = viseme_track(spans_from_phonemes(phonemes), duration=audio.seconds, source="espeak-phonemes",
                             phonemes=phonemes, language=self._language, audio_file=wav.name)
        track_path = self.store.new_path(".json", stem="reply-visemes")
        track_path.write_text(json.dumps(track, ensure_ascii=False), encoding="utf-8")
        visemes = self.store.add(track_path, kind="visemes", meta={"audio": audio_artifact.id, "source": "reply"})
        data = {"visemes": track["visemes"], "duration_s": round(audio.seconds, 3), "visemes_artifact": visemes.id}
        return audio_artifact.public(), data


async def speak_reply(events: AsyncIterator[Event], *, orchestrator: "Orchestrator", store: "ArtifactStore",
                      persona: "PersonaCard | None") -> AsyncIterator[Event]:
    """Pass ``events`` through and add the spoken reply as an ``audio`` event before ``turn_done``."""
    synth = _Synthesizer(orchestrator=orchestrator, store=store, persona=persona)
    pending, streamed, reply_text = "", "", ""
    async for event in events:
        if event.kind == "message_delta" and event.message:
            streamed += event.message
            sentences, pending = split_finished(pending + event.message)
            for sentence in sentences:
                synth.submit(sentence)
        elif event.kind == "message" and event.message is not None:
            final = event.message
            if streamed and final.startswith(streamed):
                rest = pending + final[len(streamed):]
            elif streamed:  # the shown reply differs from the stream (masked): finish the sentence under way
                rest = pending
            else:
                rest = final
            sentences, tail = split_finished(rest)
            for sentence in sentences + [tail]:
                synth.submit(sentence)
            pending, reply_text = "", final
        if event.kind == "turn_done":
            try:
                await synth.finish()
                stored = await asyncio.to_thread(synth.store_reply, reply_text or streamed)
            except AtelierError as exc:
                stored = None
                synth.warnings.append(f"the reply could not be spoken: {exc.message}")
            for warning in synth.warnings:
                yield Event(kind="warning", turn_id=event.turn_id, at=event.at, message=warning)
            if stored is not None:
                artifact, data = stored
                yield Event(kind="audio", turn_id=event.turn_id, at=event.at, artifact=artifact, data=data)
        yield event
