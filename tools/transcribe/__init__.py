"""transcribe tool: spoken audio (WAV, MP3, OGG, WebM, ...) -> text, with a confidence.

Embedded: a recognizer whose weights ship in packages, ``voice.recognizer``: Whisper base
through faster-whisper (int8, any language; the default), Whisper tiny.en (English, less
memory) or PocketSphinx (English). Neural: openai-whisper / faster-whisper ``models.transcribe``
(any Whisper name or path; detection or forcing). Every input is decoded with imageio-ffmpeg's
ffmpeg, resampled to 16 kHz mono and trimmed to its voiced span with WebRTC VAD first.
A neural model that cannot load falls back to the embedded recognizer with a warning, unless
the user forced it with ``backends.transcribe = "neural"``: then the step fails and says why.

The tool is also the voice lane's :class:`agent.voice.Recognizer` (streamed, hands-free turns):
:meth:`TranscribeTool.is_speech` classifies 30 ms frames and :meth:`TranscribeTool.hear` decodes
an utterance; the last few utterances' results are kept by their samples' hash, so the turn that
a streamed utterance starts does not decode it twice.
"""

from __future__ import annotations

import collections
import hashlib
import threading
import time
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from agent.errors import BackendError, InputError, ToolError
from agent.tool import Tool, ToolContext
from agent.types import Artifact, ToolResult, Words

EMBEDDED_LANGUAGES = ("en",)


class TranscribeInput(BaseModel):
    """Arguments of the ``transcribe`` tool."""

    model_config = ConfigDict(extra="forbid")

    audio: Artifact = Field(description="the recording: a $ref to a speech step or an uploaded $artifact")
    language: str | None = Field(default=None, description='force a language, e.g. "en" or "ko"; detected when absent')


class TranscribeTool(Tool):
    """Speech recognition with voice-activity trimming."""

    name = "transcribe"
    description = "text from spoken audio (WAV, MP3, OGG or WebM)"
    Input = TranscribeInput
    consumes = {"audio": ("audio", "video")}
    produces = ("text",)

    def __init__(self, *, settings) -> None:
        super().__init__(settings=settings)
        self._sphinx = None
        self._heard: collections.OrderedDict[tuple[str, str | None, str], Any] = collections.OrderedDict()
        self._heard_lock = threading.Lock()
        self._vad = None

    def sphinx(self):
        """PocketSphinx (loaded once per tool instance)."""
        if self._sphinx is None:
            from tools.transcribe.sphinx import SphinxRecognizer

            self._sphinx = SphinxRecognizer()
        return self._sphinx

    def whisper(self):
        """The neural recognizer for ``models.transcribe`` (one loaded copy per process)."""
        from tools.transcribe.whisper_backend import DEFAULT_MODEL, shared_recognizer

        return shared_recognizer(self.settings.models.get("transcribe") or DEFAULT_MODEL)

    def embedded(self, ctx: ToolContext | None = None):
        """The packaged recognizer ``voice.recognizer``; PocketSphinx (with a warning) when its
        package is missing, so a broken install still hears English."""
        name = self.settings.voice.recognizer
        if name == "pocketsphinx":
            return None
        from tools.transcribe.whisper_backend import shared_recognizer

        try:
            return shared_recognizer(name)
        except BackendError as exc:
            if ctx is None:
                raise
            ctx.warn(f"the packaged recognizer {name} is unavailable ({exc.message}); using PocketSphinx (English)")
            return None

    async def run(self, args: TranscribeInput, ctx: ToolContext) -> ToolResult:
        recognizer = await ctx.try_neural("transcribe", self.whisper, instead="the embedded recognizer")
        neural = recognizer is not None
        if recognizer is None:
            recognizer = await ctx.to_thread(self.embedded, ctx)
        return await ctx.to_thread(self._transcribe, args, ctx, recognizer, neural)

    # -- the voice lane's Recognizer ----------------------------------------------------------------
    def is_speech(self, frame: bytes, rate: int = 16000) -> bool:
        """WebRTC VAD on one 10/20/30 ms frame of 16-bit mono PCM."""
        if self._vad is None:
            import webrtcvad

            self._vad = webrtcvad.Vad(2)
        return self._vad.is_speech(frame, rate)

    def hear(self, samples: Any, *, language: str | None = None, partial: bool = False) -> dict[str, Any]:
        """Blocking: the words in 16 kHz mono float ``samples`` (``{text, language, confidence}``)
        by the configured recognizer; a final result is kept for the turn that follows."""
        from tools.audio_io import ASR_RATE, Audio, trim_silence

        audio = Audio(samples=samples, rate=ASR_RATE)
        if not partial:
            audio, _ = trim_silence(audio)
        key = (hashlib.sha256(audio.pcm16()).hexdigest(), language, self._choice())
        with self._heard_lock:
            if key in self._heard:
                return dict(self._heard[key])
        text, _, language, confidence, _, _ = self._recognise(audio, language, self._recognizer())
        heard = {"text": text, "language": language, "confidence": confidence}
        if not partial:
            with self._heard_lock:
                self._heard[key] = heard
                while len(self._heard) > 8:
                    self._heard.popitem(last=False)
        return dict(heard)

    def _choice(self) -> str:
        if self.settings.backend_for("transcribe") == "neural":
            return "neural:" + (self.settings.models.get("transcribe") or "base")
        return self.settings.voice.recognizer

    def _recognizer(self):
        return self.whisper() if self.settings.backend_for("transcribe") == "neural" else self.embedded()

    def _recognise(self, speech: Any, language: str | None, recognizer: Any):
        """text, segments, language, confidence (None: not measured), backend model name, embedded?"""
        if recognizer is not None:
            if recognizer.languages is not None and language is not None and language not in recognizer.languages:
                raise InputError(f"the recognizer {recognizer.model_name} knows English only, not {language!r}; set "
                                 "voice.recognizer = 'whisper-base' in atelier.toml (or ATELIER_VOICE__RECOGNIZER)")
            heard = recognizer.hear(speech, language=language)
            return (heard.text, heard.segments, heard.language, heard.confidence,
                    f"{recognizer.name}:{recognizer.model_name}", recognizer.packaged)
        if language is not None and language not in EMBEDDED_LANGUAGES:
            raise InputError(
                f"PocketSphinx only knows English, not {language!r}; set voice.recognizer = 'whisper-base' "
                "(ATELIER_VOICE__RECOGNIZER=whisper-base) or backends.transcribe = 'neural' (Whisper)")
        text, segments = self.sphinx().transcribe(speech)
        return text, segments, "en", None, "pocketsphinx:en-us", True

    def _transcribe(self, args: TranscribeInput, ctx: ToolContext, recognizer: Any, neural: bool) -> ToolResult:
        from tools.audio_io import decode, trim_silence

        started = time.perf_counter()
        ctx.progress(0.05, "decoding audio")
        audio = decode(args.audio.path)
        speech, span = trim_silence(audio)
        ctx.progress(0.2, "recognising speech")
        language = (args.language or "").split("-")[0].lower() or None
        key = (hashlib.sha256(speech.pcm16()).hexdigest(), language, self._choice())
        with self._heard_lock:
            kept = self._heard.get(key)
        if kept is not None and recognizer is not None:  # a streamed utterance, decoded as it ended
            text, segments, language, confidence = kept["text"], [], kept["language"], kept["confidence"]
            model = f"{recognizer.name}:{recognizer.model_name}"
        else:
            text, segments, language, confidence, model, _ = self._recognise(speech, language, recognizer)
        backend = "neural" if neural else "embedded"
        if not text:
            raise ToolError("no words were recognised in the recording; speak more clearly or closer to the microphone")
        elapsed = time.perf_counter() - started
        path = ctx.store.new_path(".txt", stem="transcript-" + "-".join(text.split()[:4]))
        path.write_text(text + "\n", encoding="utf-8")
        meta = {
            "text": text[:2000], "language": language, "backend": backend, "model": model,
            "confidence": confidence,
            "source": args.audio.id, "audio_duration_s": round(audio.seconds, 3),
            "speech_start_s": round(span.start, 3), "speech_end_s": round(span.end, 3),
            "segments": [{"text": s.text, "start": round(s.start + span.start, 3), "end": round(s.end + span.start, 3)}
                         for s in segments][:500],
            "real_time_factor": round(elapsed / max(audio.seconds, 1e-3), 4), "step_id": ctx.step_id,
        }
        meta.update(ctx.fallback_meta("transcribe", used=backend))
        artifact = ctx.store.add(path, kind="text", meta=meta, mime="text/plain")
        shown = text if len(text) <= 300 else text[:297].rstrip() + "…"
        return ToolResult(artifacts=[artifact], detail=f'heard: "{text}"',
                          data={"text": text, "language": language, "confidence": confidence},
                          summary=Words(en=f"I heard: “{shown}”", ko=f"들린 말: “{shown}”"))
