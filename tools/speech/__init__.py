"""speech tool: text -> WAV (+ a viseme/phoneme timing track), embedded eSpeak NG or neural Coqui TTS.

A Coqui model that cannot load falls back to eSpeak NG with a warning, unless the user forced it
with ``backends.speech = "neural"``: then the step fails and says why (``ToolContext.try_neural``).

:func:`open_speaker` chooses the backend and :func:`tools.speech.synthesis.synthesize` speaks;
the speech tool, the avatar tool and the turn's voice lane (``SpeechTool`` is its
``agent.voice.SpeechProvider``) all speak through these two.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from agent.errors import AtelierError, InputError
from agent.tool import Tool, ToolContext
from agent.types import Artifact, ToolResult, Words

if TYPE_CHECKING:
    from agent.voice import VoiceSpec
    from tools.speech.synthesis import Speaker


class SpeechInput(BaseModel):
    """Arguments of the ``speech`` tool."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, description="the words to speak (or give a script)")
    script: Artifact | None = Field(default=None, description="a text artifact (e.g. a transcript) whose words to "
                                                               "speak, instead of text")
    language: str | None = Field(default=None, description='language code, e.g. "en" or "ko"; detected when absent')
    voice: str | None = Field(default=None, description='a style ("deep", "female", "child", "whisper", ...), an eSpeak '
                                                        'voice ("en-us", "ko") or variant ("m3", "f2")')
    rate: float = Field(default=1.0, ge=0.5, le=2.0, description="speaking speed factor")
    pitch: int | None = Field(default=None, ge=0, le=100, description="base pitch 0-100 (eSpeak scale; 50 is normal)")
    reference_audio: Artifact | None = Field(default=None, description="neural backend: a WAV to clone the voice of")
    seed: int | None = Field(default=None, description="kept for provenance; eSpeak is deterministic")

    @field_validator("text")
    @classmethod
    def _speakable(cls, value: str | None) -> str | None:
        from tools.speech.synthesis import check_text

        return None if value is None else check_text(value)

    @model_validator(mode="after")
    def _one_source(self) -> "SpeechInput":
        if (self.text is None) == (self.script is None):
            raise ValueError("give either text (the words to say) or script (a text artifact to read out), not "
                             + ("both" if self.text is not None else "neither"))
        return self

    def words(self) -> str:
        """The words to speak: ``text``, or the contents of the ``script`` artifact."""
        if self.text is not None:
            return self.text
        return read_script(self.script)  # type: ignore[arg-type]


def read_script(script: Artifact) -> str:
    """The words of a text artifact (UTF-8), checked like literal text; ``InputError`` names the
    artifact when it is not text or cannot be read."""
    from tools.speech.synthesis import check_text

    if script.kind != "text":
        raise InputError(f"artifact {script.id} is {script.kind}, not text; the speech script must be a text "
                         "artifact such as a transcript")
    try:
        words = Path(script.path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"the script {script.id} cannot be read as UTF-8 text ({exc}); give the words as text") from exc
    return check_text(words)


def speech_language(text: str, language: str | None) -> str:
    """The language to speak ``text`` in: Hangul text is Korean even inside an English request."""
    from agent.text import detect_language

    detected = detect_language(text)
    if language is None or (detected == "ko" and language.split("-")[0].lower() != "ko"):
        return detected
    return language


async def open_speaker(ctx: ToolContext, *, language: str, voice: str | None = None, rate: float = 1.0,
                       pitch: int | None = None, reference_audio: Artifact | None = None) -> "Speaker":
    """The backend for one call, by the rule of :meth:`ToolContext.try_neural`: Coqui TTS when
    speech's backend is neural, eSpeak NG otherwise. A Coqui model that cannot load falls back
    to eSpeak NG with a warning, unless ``backends.speech = "neural"`` forced it: then the load
    failure (a ``BackendError`` naming the fix) is the caller's error. ``InputError`` for a
    language or ``voice`` eSpeak does not know."""
    from tools.speech.synthesis import EmbeddedSpeech, Speaker

    neural = await ctx.try_neural("speech", lambda: neural_speech(ctx.settings, language, reference_audio),
                                  instead="the embedded eSpeak NG voice")
    if neural is not None:
        return Speaker(backend=neural, language=language)
    if voice is None and pitch is None and english_by_piper(ctx.settings, language):
        from tools.speech.piper import PiperSpeech

        try:
            return Speaker(backend=await ctx.to_thread(PiperSpeech, rate=rate), language=language)
        except AtelierError as exc:
            if ctx.settings.voice.english_voice == "piper":
                raise
            ctx.warn(f"the Piper voice is unavailable ({exc.message}); using eSpeak NG")
    backend = await ctx.to_thread(EmbeddedSpeech.for_request, language=language, voice=voice,
                                  persona=ctx.persona, rate=rate, pitch=pitch)
    return Speaker(backend=backend, language=language)


def english_by_piper(settings: Any, language: str) -> bool:
    """English speaks with Piper's packaged voice: ``voice.english_voice`` is "piper", or "auto"
    and Piper is installed (an install-time choice: GPL-3.0, see README 'Voice')."""
    from tools.speech.piper import installed

    choice = settings.voice.english_voice
    return language.split("-")[0].lower() == "en" and (choice == "piper" or (choice == "auto" and installed()))


def neural_speech(settings: Any, language: str, reference_audio: Artifact | None = None):
    """Coqui TTS for ``models.speech`` (one loaded copy per process); ``BackendError`` when it cannot load."""
    from tools.speech.coqui import DEFAULT_MODEL, CoquiSpeech, shared_coqui

    model = settings.models.get("speech") or DEFAULT_MODEL
    speaker_wav = Path(reference_audio.path) if reference_audio is not None else None
    return CoquiSpeech(tts=shared_coqui(model), model=model, language=language.split("-")[0], speaker_wav=speaker_wav)


class SpeechTool(Tool):
    """Text to speech. Embedded: eSpeak NG (phoneme timings included). Neural: Coqui TTS / XTTS-v2.

    Also the voice lane's ``agent.voice.SpeechProvider``: :meth:`language_for` and :meth:`speaker`."""

    name = "speech"
    description = "spoken audio (WAV) of a text, with phoneme/viseme timings for lip-sync"
    Input = SpeechInput
    consumes = {"reference_audio": ("audio",), "script": ("text",)}
    produces = ("audio", "visemes")

    async def run(self, args: SpeechInput, ctx: ToolContext) -> ToolResult:
        if args.text is None:  # a script: what an earlier step wrote is only known now
            args = args.model_copy(update={"text": args.words()})
        language = speech_language(args.text, args.language)
        speaker = await open_speaker(ctx, language=language, voice=args.voice, rate=args.rate, pitch=args.pitch,
                                     reference_audio=args.reference_audio)
        return await ctx.to_thread(self._synthesize, args, ctx, speaker)

    def language_for(self, text: str, language: str | None) -> str:
        """The language to speak ``text`` in (see :func:`speech_language`)."""
        return speech_language(text, language)

    async def speaker(self, *, language: str, voice: "VoiceSpec", ctx: ToolContext) -> "Speaker":
        """A speaker for the voice lane: the persona's voice where it speaks ``language``; another
        language, or a voice eSpeak does not know (with a warning), gets the persona's stable
        default voice. Errors as :func:`open_speaker`."""
        same_language = voice.language is None or voice.language.split("-")[0].lower() == language.split("-")[0].lower()
        name = voice.name if same_language else None
        try:
            return await open_speaker(ctx, language=language, voice=name, rate=voice.rate, pitch=voice.pitch)
        except InputError as exc:
            if name is None:
                raise
            ctx.warn(f"the persona's voice {name!r} cannot speak this ({exc.message[:120]}); using the default voice")
            return await open_speaker(ctx, language=language, rate=voice.rate, pitch=voice.pitch)

    def face_weights(self, viseme: str | None, emotion: str) -> dict[str, float]:
        """ARKit weights of a viseme said with an emotion, for the voice lane's ``audio`` events
        (``agent.voice.FaceProvider``; see :func:`tools.speech.visemes.face_weights`)."""
        from tools.speech.visemes import face_weights

        return face_weights(viseme, emotion)

    def _synthesize(self, args: SpeechInput, ctx: ToolContext, speaker: "Speaker") -> ToolResult:
        from tools.speech.synthesis import synthesize
        from tools.speech.visemes import viseme_track

        stem = "speech-" + "-".join(args.text.split()[:4])
        speech = synthesize(args.text, backend=speaker.backend, path=ctx.store.new_path(".wav", stem=stem),
                            on_sentence=lambda done, total: ctx.progress(done / total, "speaking"))
        audio, language = speech.audio, speaker.language
        meta: dict[str, Any] = {
            "text": args.text, "language": language, "backend": speaker.name, "voice": speaker.voice,
            "rate": args.rate, "pitch": args.pitch, "seed": args.seed, "sample_rate": audio.rate,
            "duration_s": round(audio.seconds, 3), "sentences": speech.sentences,
            "synthesis_s": round(speech.synthesis_s, 4), "first_audio_s": round(speech.first_audio_s, 4),
            "step_id": ctx.step_id, "persona": ctx.persona,
        }
        if args.script is not None:
            meta["script"] = args.script.id
        meta.update(ctx.fallback_meta("speech", used=speaker.name))
        artifacts: list[Artifact] = []
        if speech.phonemes:
            track = viseme_track(list(speech.visemes), duration=audio.seconds, source="espeak-phonemes",
                                 phonemes=speech.phonemes, language=language, audio_file=speech.path.name)
            track_path = ctx.store.new_path(".json", stem=stem + "-visemes")
            track_path.write_text(json.dumps(track, ensure_ascii=False), encoding="utf-8")
            meta["timings_path"] = str(track_path)
            audio_artifact = ctx.store.add(speech.path, kind="audio", meta=meta)
            artifacts = [audio_artifact, ctx.store.add(
                track_path, kind="visemes",
                meta={"audio": audio_artifact.id, "source": track["source"], "language": language,
                      "duration_s": round(audio.seconds, 3), "step_id": ctx.step_id})]
        else:
            artifacts = [ctx.store.add(speech.path, kind="audio", meta=meta)]
        said = " ".join(args.text.split())
        said = said if len(said) <= 80 else said[:77].rstrip() + "…"
        return ToolResult(artifacts=artifacts, detail=f"{audio.seconds:.1f} s of speech ({speaker.voice}, {language})",
                          summary=Words(en=f"Here's the voice line ({audio.seconds:.1f} seconds): “{said}”",
                                        ko=f"“{said}” 음성을 만들었어요 ({audio.seconds:.1f}초)."))
