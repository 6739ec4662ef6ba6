"""transcribe tool: spoken audio (WAV, MP3, OGG, WebM, ...) -> text.

Embedded: PocketSphinx (US English). Neural: openai-whisper / faster-whisper (any language,
detection or forcing). Every input is decoded with imageio-ffmpeg's ffmpeg, resampled to
16 kHz mono and trimmed to its voiced span with WebRTC VAD before recognition.
A Whisper model that cannot load falls back to PocketSphinx with a warning, unless the user
forced it with ``backends.transcribe = "neural"``: then the step fails and says why.
"""

from __future__ import annotations

import time
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from agent.errors import InputError, ToolError
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
        self._whisper: dict[str, Any] = {}

    def sphinx(self):
        """The embedded recognizer (loaded once per tool instance)."""
        if self._sphinx is None:
            from tools.transcribe.sphinx import SphinxRecognizer

            self._sphinx = SphinxRecognizer()
        return self._sphinx

    def whisper(self):
        """The neural recognizer for ``models.transcribe`` (loaded once per model)."""
        from tools.transcribe.whisper_backend import DEFAULT_MODEL, WhisperRecognizer

        model = self.settings.models.get("transcribe") or DEFAULT_MODEL
        if model not in self._whisper:
            self._whisper[model] = WhisperRecognizer(model=model)
        return self._whisper[model]

    async def run(self, args: TranscribeInput, ctx: ToolContext) -> ToolResult:
        recognizer = await ctx.try_neural("transcribe", self.whisper, instead="embedded PocketSphinx")
        return await ctx.to_thread(self._transcribe, args, ctx, recognizer)

    def _transcribe(self, args: TranscribeInput, ctx: ToolContext, recognizer: Any) -> ToolResult:
        from tools.audio_io import decode, trim_silence

        started = time.perf_counter()
        ctx.progress(0.05, "decoding audio")
        audio = decode(args.audio.path)
        speech, span = trim_silence(audio)
        ctx.progress(0.2, "recognising speech")
        language = (args.language or "").split("-")[0].lower() or None
        if recognizer is not None:
            text, segments, language = recognizer.transcribe(speech, language=language)
            backend, model = "neural", f"{recognizer.name}:{recognizer.model_name}"
        else:
            if language is not None and language not in EMBEDDED_LANGUAGES:
                raise InputError(
                    f"the embedded recognizer (PocketSphinx) only knows English, not {args.language!r}; for other "
                    "languages set backends.transcribe = 'neural' (Whisper) in atelier.toml or ATELIER_BACKENDS__TRANSCRIBE=neural"
                )
            text, segments = self.sphinx().transcribe(speech)
            backend, model, language = "embedded", "pocketsphinx:en-us", "en"
        if not text:
            raise ToolError("no words were recognised in the recording; speak more clearly or closer to the microphone"
                            + (" (the embedded recognizer knows English only)" if backend == "embedded" else ""))
        elapsed = time.perf_counter() - started
        path = ctx.store.new_path(".txt", stem="transcript-" + "-".join(text.split()[:4]))
        path.write_text(text + "\n", encoding="utf-8")
        meta = {
            "text": text[:2000], "language": language, "backend": backend, "model": model,
            "source": args.audio.id, "audio_duration_s": round(audio.seconds, 3),
            "speech_start_s": round(span.start, 3), "speech_end_s": round(span.end, 3),
            "segments": [{"text": s.text, "start": round(s.start + span.start, 3), "end": round(s.end + span.start, 3)}
                         for s in segments][:500],
            "real_time_factor": round(elapsed / max(audio.seconds, 1e-3), 4), "step_id": ctx.step_id,
        }
        meta.update(ctx.fallback_meta("transcribe", used=backend))
        artifact = ctx.store.add(path, kind="text", meta=meta, mime="text/plain")
        shown = text if len(text) <= 300 else text[:297].rstrip() + "…"
        return ToolResult(artifacts=[artifact], detail=f'heard: "{text}"', data={"text": text, "language": language},
                          summary=Words(en=f"I heard: “{shown}”", ko=f"들린 말: “{shown}”"))
