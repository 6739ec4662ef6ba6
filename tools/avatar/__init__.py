"""avatar tool: a talking digital human from text or audio.

Outputs, main first: an MP4 talking head (H.264 + AAC; a drawn face, or the user's portrait
with its mouth animated), the viseme JSON track (15 Oculus/OpenXR visemes + ARKit blendshape
curves, seconds), a GLB head whose ARKit-named morph targets are animated by that track, and
the WAV the GLB plays beside.

Where the phoneme timings come from, best first: eSpeak's own phoneme events (text input, or a
``$ref`` to an embedded speech step), a PocketSphinx phone alignment of the audio, and, when
that finds nothing, the audio's loudness envelope (labelled ``energy`` in the track).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from agent.errors import InputError
from agent.tool import Tool, ToolContext
from agent.emotion import Emotion
from agent.types import Artifact, ToolResult, Words

MAX_AVATAR_SECONDS = 120.0


class AvatarInput(BaseModel):
    """Arguments of the ``avatar`` tool: ``text`` to say or ``audio`` to lip-sync (one of them)."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, description="what the avatar says (synthesized with the persona's voice)")
    audio: Artifact | None = Field(default=None, description="speech to lip-sync: a $ref to a speech step or an upload")
    portrait: Artifact | None = Field(default=None, description="a face picture to animate instead of the drawn face")
    language: str | None = Field(default=None, description='language of the text, e.g. "en" or "ko"')
    voice: str | None = Field(default=None, description='voice style or eSpeak voice, as for the speech tool')
    rate: float = Field(default=1.0, ge=0.5, le=2.0)
    pitch: int | None = Field(default=None, ge=0, le=100)
    fps: int = Field(default=25, ge=10, le=60, description="video frame rate")
    size: int = Field(default=512, ge=128, le=1024, description="video width and height in pixels (square)")
    mouth: tuple[float, float] | None = Field(
        default=None, description="portrait only: mouth centre as (x, y) fractions of the square-cropped picture")
    emotion: Emotion | None = Field(default=None, description=(
        "how the face looks while it talks (brows, smile); default: the text's own emotion tags, e.g. "
        "'[happy] Welcome!', else neutral"))

    @model_validator(mode="after")
    def _text_or_audio(self) -> "AvatarInput":
        if self.audio is None and not (self.text and self.text.strip()):
            raise ValueError("give the avatar either text to say or audio to lip-sync")
        if self.text is not None:
            from agent.emotion import dominant, sentence_emotions, strip_tags

            if self.emotion is None and "[" in self.text:
                self.emotion = dominant(sentence_emotions(self.text))  # type: ignore[assignment]
            self.text = strip_tags(self.text)  # the tags are how it is said, not words to say
        if self.text is not None and self.audio is None:
            from tools.speech.synthesis import check_text

            self.text = check_text(self.text)
        if self.mouth is not None and not all(0.0 < v < 1.0 for v in self.mouth):
            raise ValueError("mouth must be two fractions between 0 and 1, e.g. [0.5, 0.68]")
        if self.size % 16:
            raise ValueError("size must be a multiple of 16 (H.264 macroblocks), e.g. 512")
        return self


class AvatarTool(Tool):
    """Lip-synced talking head (MP4), viseme track (JSON) and animated GLB head."""

    name = "avatar"
    description = "a talking digital human: lip-synced video, viseme track and GLB head"
    Input = AvatarInput
    consumes = {"audio": ("audio", "video"), "portrait": ("image",)}
    produces = ("video", "visemes", "mesh", "audio")

    def __init__(self, *, settings) -> None:
        super().__init__(settings=settings)
        self._sphinx = None

    async def run(self, args: AvatarInput, ctx: ToolContext) -> ToolResult:
        speaker = None
        if args.audio is None:
            from tools.speech import open_speaker, speech_language

            speaker = await open_speaker(ctx, language=speech_language(args.text or "", args.language),
                                         voice=args.voice, rate=args.rate, pitch=args.pitch)
        return await ctx.to_thread(self._make, args, ctx, speaker)

    # -- the work ---------------------------------------------------------------------------------
    def _timeline(self, args: AvatarInput, ctx: ToolContext, speaker, wav_path: Path) -> dict[str, Any]:
        """Audio (at its own rate), phonemes, their source and language; spoken text is written to ``wav_path``."""
        from tools.audio_io import ASR_RATE, decode, resample
        from tools.speech.espeak import Phoneme
        from tools.speech.synthesis import synthesize

        if speaker is not None:
            speech = synthesize(args.text or "", backend=speaker.backend, path=wav_path,
                                on_sentence=lambda d, t: ctx.progress(0.2 * d / t, "speaking"))
            audio, phonemes, language = speech.audio, speech.phonemes, speaker.language
            source = "espeak-phonemes" if phonemes else None
            voice = speaker.voice
        else:
            audio_artifact = args.audio
            assert audio_artifact is not None
            audio = decode(Path(audio_artifact.path), rate=24000, max_seconds=MAX_AVATAR_SECONDS)
            language = args.language or audio_artifact.meta.get("language")
            voice = audio_artifact.meta.get("voice")
            phonemes, source = (), None
            timings = audio_artifact.meta.get("timings_path")
            if timings and Path(timings).is_file():
                track = json.loads(Path(timings).read_text(encoding="utf-8"))
                phonemes = tuple(Phoneme(p["symbol"], p["start"], p["end"]) for p in track.get("phonemes", []))
                source = "espeak-phonemes" if phonemes else None
        if audio.seconds > MAX_AVATAR_SECONDS:
            raise InputError(f"the avatar clip would be {audio.seconds:.0f} s long; the limit is "
                             f"{MAX_AVATAR_SECONDS:.0f} s: split the text into several clips")
        if not phonemes:
            ctx.progress(0.22, "aligning phones")
            phones = self._phones(resample(audio, ASR_RATE))
            if any(p.text not in ("SIL", "+NSN+", "+SPN+") for p in phones):
                phonemes = tuple(Phoneme(p.text, p.start, p.end) for p in phones)
                source = "pocketsphinx-phones"
            else:
                source = "energy"
        return {"audio": audio, "phonemes": phonemes, "source": source, "language": language, "voice": voice}

    def _phones(self, audio):
        from tools.transcribe.sphinx import SphinxRecognizer

        if self._sphinx is None:
            self._sphinx = SphinxRecognizer()
        return self._sphinx.phones(audio)

    def _make(self, args: AvatarInput, ctx: ToolContext, speaker) -> ToolResult:
        import numpy as np

        from tools.audio_io import write_wav
        from tools.avatar.face2d import DrawnFace, PortraitFace
        from tools.avatar.head3d import write_head_glb
        from tools.avatar.video import write_mp4
        from tools.speech.visemes import (
            ARKIT_SHAPES, EMOTION_TO_ARKIT, spans_from_energy, spans_from_phonemes, viseme_track,
        )

        started = time.perf_counter()
        label = args.text or (Path(args.audio.path).stem if args.audio is not None else "")
        stem = "avatar-" + "-".join(label.split()[:3])
        wav_path = ctx.store.new_path(".wav", stem=stem)
        try:
            line = self._timeline(args, ctx, speaker, wav_path)
            if float(np.max(np.abs(line["audio"].samples))) < 0.003:
                raise InputError("the audio is silent; give speech to lip-sync, or text to say")
        except BaseException:
            wav_path.unlink(missing_ok=True)  # a refused clip leaves no file behind
            raise
        audio, phonemes, source = line["audio"], line["phonemes"], line["source"]
        spans = (spans_from_energy(audio.samples, audio.rate) if source == "energy" else spans_from_phonemes(phonemes))
        if speaker is None:  # lip-syncing given audio: the clip is written at the rate it was decoded to
            write_wav(wav_path, audio)
        track = viseme_track(spans, duration=audio.seconds, source=source, phonemes=phonemes,
                             language=line["language"], audio_file=wav_path.name, fps=float(args.fps))
        track_path = ctx.store.new_path(".json", stem=stem + "-visemes")

        frames_w = np.asarray(track["blendshapes"]["frames"], dtype=np.float32)
        emotion = args.emotion or "neutral"
        expression = EMOTION_TO_ARKIT[emotion]
        for index, name in enumerate(ARKIT_SHAPES):  # the emotion's mouth (a smile) under the visemes
            if name in expression:
                frames_w[:, index] = np.maximum(frames_w[:, index], expression[name])
        track["expression"] = {"emotion": emotion, "arkit": expression}
        track["blendshapes"]["frames"] = np.round(frames_w, 3).tolist()
        track_path.write_text(json.dumps(track, ensure_ascii=False), encoding="utf-8")
        n_frames = max(1, int(round(audio.seconds * args.fps)))
        face = (PortraitFace(image_path=Path(args.portrait.path), size=args.size, fps=args.fps, mouth=args.mouth)
                if args.portrait is not None else DrawnFace(size=args.size, fps=args.fps, expression=expression))

        def frames():
            for index in range(n_frames):
                yield face.frame(index, frames_w[min(index, len(frames_w) - 1)])

        video_path = ctx.store.new_path(".mp4", stem=stem)
        write_mp4(video_path, frames(), size=args.size, fps=args.fps, audio_wav=wav_path,
                  on_frame=lambda i: ctx.progress(0.25 + 0.65 * (i + 1) / n_frames, "rendering") if i % 10 == 0 else None)
        ctx.progress(0.92, "building the 3D head")
        times = np.arange(len(frames_w), dtype=np.float32) / float(args.fps)
        glb_path = write_head_glb(ctx.store.new_path(".glb", stem=stem + "-head"), times=times, weights=frames_w,
                                  audio_file=wav_path.name, viseme_file=track_path.name)

        common = {"text": args.text, "language": line["language"], "voice": line["voice"], "emotion": emotion,
                  "lipsync_source": source, "duration_s": round(audio.seconds, 3), "step_id": ctx.step_id,
                  "persona": ctx.persona, "backend": self.settings.backend_for("avatar")}
        video = ctx.store.add(video_path, kind="video", meta={
            **common, "fps": args.fps, "size": [args.size, args.size], "frames": n_frames,
            "face": "portrait" if args.portrait is not None else "drawn",
            "portrait": args.portrait.id if args.portrait is not None else None,
            "render_s": round(time.perf_counter() - started, 3)})
        visemes = ctx.store.add(track_path, kind="visemes", meta={**common, "video": video.id})
        wav = ctx.store.add(wav_path, kind="audio", meta={**common, "sample_rate": audio.rate, "timings_path": str(track_path)})
        head = ctx.store.add(glb_path, kind="mesh", meta={**common, "morph_targets": len(track["blendshapes"]["names"]),
                                                          "animation": "talk", "audio": wav.id})
        note = "" if source != "energy" else " (lip-sync from loudness only: no phonemes could be found)"
        said = [] if source != "energy" else [Words(
            en="I couldn't make out the sounds clearly, so the lips follow how loud the voice is.",
            ko="소리를 또렷하게 알아듣지 못해서 입 모양은 목소리 크기에 맞췄어요.")]
        return ToolResult(artifacts=[video, visemes, head, wav], notes=said,
                          detail=f"a {audio.seconds:.1f} s talking head, viseme track and animated 3D head{note}",
                          summary=Words(en=f"Here's the talking avatar ({audio.seconds:.1f} seconds), with a 3D head "
                                           "your game engine can animate.",
                                        ko=f"말하는 아바타를 만들었어요 ({audio.seconds:.1f}초). 게임 엔진에서 움직일 수 "
                                           "있는 입체 머리 모델도 함께 있어요."))
