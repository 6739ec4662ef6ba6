"""speech tool: text -> WAV (+ a viseme/phoneme timing track), embedded eSpeak NG or neural Coqui TTS.

A Coqui model that cannot load falls back to eSpeak NG with a warning, unless the user forced it
with ``backends.speech = "neural"``: then the step fails and says why (``ToolContext.try_neural``).

The public streaming API for voice lanes is :func:`tools.speech.synthesis.synthesize_sentences`.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from agent.tool import Tool, ToolContext
from agent.types import Artifact, ToolResult


class SpeechInput(BaseModel):
    """Arguments of the ``speech`` tool."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="the words to speak")
    language: str | None = Field(default=None, description='language code, e.g. "en" or "ko"; detected when absent')
    voice: str | None = Field(default=None, description='a style ("deep", "female", "child", "whisper", ...), an eSpeak '
                                                        'voice ("en-us", "ko") or variant ("m3", "f2")')
    rate: float = Field(default=1.0, ge=0.5, le=2.0, description="speaking speed factor")
    pitch: int | None = Field(default=None, ge=0, le=100, description="base pitch 0-100 (eSpeak scale; 50 is normal)")
    reference_audio: Artifact | None = Field(default=None, description="neural backend: a WAV to clone the voice of")
    seed: int | None = Field(default=None, description="kept for provenance; eSpeak is deterministic")

    @field_validator("text")
    @classmethod
    def _speakable(cls, value: str) -> str:
        from tools.speech.synthesis import check_text

        return check_text(value)


def speech_language(text: str, language: str | None) -> str:
    """The language to speak ``text`` in: Hangul text is Korean even inside an English request."""
    from agent.text import detect_language

    detected = detect_language(text)
    if language is None or (detected == "ko" and language.split("-")[0].lower() != "ko"):
        return detected
    return language


class SpeechTool(Tool):
    """Text to speech. Embedded: eSpeak NG (phoneme timings included). Neural: Coqui TTS / XTTS-v2."""

    name = "speech"
    description = "spoken audio (WAV) of a text, with phoneme/viseme timings for lip-sync"
    Input = SpeechInput
    consumes = {"reference_audio": ("audio",)}
    produces = ("audio", "visemes")

    def __init__(self, *, settings) -> None:
        super().__init__(settings=settings)
        self._neural: dict[str, Any] = {}

    async def choose_backend(self, args: SpeechInput, ctx: ToolContext, language: str):
        """The backend for this call, by the rule of :meth:`ToolContext.try_neural`: Coqui TTS when
        speech's backend is neural, eSpeak NG otherwise. A Coqui model that cannot load falls back
        to eSpeak NG with a warning, unless ``backends.speech = "neural"`` forced it: then the load
        failure (a ``BackendError`` naming the fix) is the step's error."""
        from tools.speech.synthesis import EmbeddedSpeech

        neural = await ctx.try_neural("speech", lambda: self.neural_backend(args, language),
                                      instead="the embedded eSpeak NG voice")
        if neural is not None:
            return neural
        return await ctx.to_thread(EmbeddedSpeech.for_request, language=language, voice=args.voice,
                                   persona=ctx.persona, rate=args.rate, pitch=args.pitch)

    def neural_backend(self, args: SpeechInput, language: str):
        """Coqui TTS for ``models.speech`` (loaded once per model); ``BackendError`` when it cannot load."""
        from tools.speech.coqui import DEFAULT_MODEL, CoquiSpeech, load_coqui

        model = self.settings.models.get("speech") or DEFAULT_MODEL
        if model not in self._neural:
            self._neural[model] = load_coqui(model)
        speaker_wav = Path(args.reference_audio.path) if args.reference_audio is not None else None
        return CoquiSpeech(tts=self._neural[model], model=model, language=language.split("-")[0], speaker_wav=speaker_wav)

    async def run(self, args: SpeechInput, ctx: ToolContext) -> ToolResult:
        language = speech_language(args.text, args.language)
        backend = await self.choose_backend(args, ctx, language)
        return await ctx.to_thread(self._synthesize, args, ctx, backend, language)

    def _synthesize(self, args: SpeechInput, ctx: ToolContext, backend, language: str) -> ToolResult:
        from tools.audio_io import write_wav
        from tools.speech.visemes import spans_from_phonemes, viseme_track
        from tools.speech.synthesis import join, synthesize_sentences

        started = time.perf_counter()
        first_audio_s: float | None = None
        chunks = []
        for chunk in synthesize_sentences(args.text, backend=backend,
                                          on_sentence=lambda done, total: ctx.progress(done / total, "speaking")):
            if first_audio_s is None:
                first_audio_s = time.perf_counter() - started
            chunks.append(chunk)
        audio, phonemes = join(chunks)
        stem = "speech-" + "-".join(args.text.split()[:4])
        wav_path = write_wav(ctx.store.new_path(".wav", stem=stem), audio)
        meta: dict[str, Any] = {
            "text": args.text, "language": language, "backend": backend.name, "voice": backend.voice,
            "rate": args.rate, "pitch": args.pitch, "seed": args.seed, "sample_rate": audio.rate,
            "duration_s": round(audio.seconds, 3), "sentences": len(chunks),
            "synthesis_s": round(time.perf_counter() - started, 4), "first_audio_s": round(first_audio_s or 0.0, 4),
            "step_id": ctx.step_id, "persona": ctx.persona,
        }
        meta.update(ctx.fallback_meta("speech", used=backend.name))
        artifacts: list[Artifact] = []
        if phonemes:
            track = viseme_track(spans_from_phonemes(phonemes), duration=audio.seconds, source="espeak-phonemes",
                                 phonemes=phonemes, language=language, audio_file=wav_path.name)
            track_path = ctx.store.new_path(".json", stem=stem + "-visemes")
            track_path.write_text(json.dumps(track, ensure_ascii=False), encoding="utf-8")
            meta["timings_path"] = str(track_path)
            audio_artifact = ctx.store.add(wav_path, kind="audio", meta=meta)
            artifacts = [audio_artifact, ctx.store.add(
                track_path, kind="visemes",
                meta={"audio": audio_artifact.id, "source": track["source"], "language": language,
                      "duration_s": round(audio.seconds, 3), "step_id": ctx.step_id})]
        else:
            artifacts = [ctx.store.add(wav_path, kind="audio", meta=meta)]
        return ToolResult(artifacts=artifacts,
                          message=f"{audio.seconds:.1f} s of speech ({backend.voice}, {language})")
