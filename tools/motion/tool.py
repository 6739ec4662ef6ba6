"""The ``motion`` tool: human motion from text or a motion script, as BVH + animated GLB + MP4.

Three modes (MotionGPT's three tasks), chosen from the arguments:

- text/script to motion (default): ``prompt`` (English or Korean) or ``script`` (a motion
  script, see ``tools.motion.script``) becomes a clip on the built-in 24-joint skeleton.
- motion to text: ``source`` (an uploaded BVH, kind ``motion``) with a prompt that asks what
  it is ("describe this", "what is this motion", "이 모션 설명해") or names no action; the
  reply lists the recognised primitives with times and counts (no new files).
- motion completion: ``source`` plus actions ("continue with a wave", "이어서 점프해"); the
  clip is retargeted onto the built-in skeleton and continued from its last pose.

Importing this module loads no numpy (house rule 1); the work runs in a worker thread.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from agent.errors import AtelierError, BackendError, ToolError
from agent.tool import Tool, ToolContext
from agent.types import Artifact, ToolResult
from tools.motion import words
from tools.motion.catalog import PRIMITIVES
from tools.motion.script import MAX_TOTAL_S, MotionStep

DESCRIBE_WORDS = re.compile(r"\b(describe|description|what(?:'s| is| does)?|explain|analy[sz]e|label|caption|"
                            r"recogni[sz]e|identify|tell me)\b|설명|무슨|어떤|뭐|무엇|분석|알려", re.IGNORECASE)
CHARACTER_NOTE = ("the motion plays on the built-in skinned humanoid: auto-rigging the given mesh ({id}) is not "
                  "supported, so retarget the BVH (Mixamo bone names) onto it in your engine")


class MotionInput(BaseModel):
    """Arguments of the motion tool (also the JSON schema planners see)."""

    model_config = ConfigDict(extra="forbid")

    prompt: str | None = Field(default=None, max_length=1000,
                               description='what the character does, e.g. "waves and then jumps twice", '
                                           '"손을 흔들고 두 번 점프해"; with source: "describe this" or '
                                           '"continue with a wave"')
    duration_s: float | None = Field(default=None, description="total length in seconds (0 < d <= 60)")
    character: Artifact | None = Field(default=None, description="a mesh the motion is meant for (see result note)")
    source: Artifact | None = Field(default=None, description="an uploaded BVH to describe or to continue")
    script: list[MotionStep] | None = Field(default=None, description="a motion script; wins over the prompt")
    speed: float | None = Field(default=None, ge=0.25, le=4.0, description="global speed factor")
    repeat: int = Field(default=1, ge=1, le=20, description="play the whole sequence this many times")
    seed: int | None = Field(default=None, ge=0, le=2**32 - 1, description="small repeatable variation")
    fps: int = Field(default=30, ge=10, le=60, description="frames per second of all outputs")
    preview: bool = Field(default=True, description="also render the MP4 preview")
    rig: str | None = Field(default=None, max_length=40,
                            description="also write the BVH for another rig: mixamo, cmu, unreal, upperarm_l, "
                                        "biovision or biped (bone names, rest pose, units and axes of that rig)")

    @field_validator("rig")
    @classmethod
    def _known_rig(cls, value: str | None) -> str | None:
        from tools.motion.rigs import RIGS

        if value is not None and value.strip().lower() not in RIGS:
            raise ValueError(f"unknown rig {value!r}; use one of {', '.join(sorted(RIGS))}")
        return value.strip().lower() if value else None

    @field_validator("duration_s")
    @classmethod
    def _sane_duration(cls, value: float | None) -> float | None:
        if value is not None and not (0.0 < value <= MAX_TOTAL_S):
            raise ValueError(f"a motion lasts more than 0 and at most {MAX_TOTAL_S:g} seconds, not {value:g}; "
                             "ask for a shorter clip or split it into several")
        return value

    @model_validator(mode="after")
    def _something_to_do(self) -> "MotionInput":
        if not (self.prompt and self.prompt.strip()) and not self.script and self.source is None:
            raise ValueError("say what the character should do (prompt), give a motion script, or a BVH source")
        return self


class MotionTool(Tool):
    """Human motion on a 24-joint humanoid: BVH, skinned animated GLB and an MP4 preview."""

    name = "motion"
    description = (
        "human motion from text (en/ko) or a motion script: walk, run, jump, wave, sit, bow, kick, punch, dance, "
        "turn, clap, nod, fall and more, with order, speed, duration and repetitions; outputs BVH (main), a "
        "skinned animated GLB and an MP4 preview. With a BVH source: describe it, or continue it with an action"
    )
    Input = MotionInput
    consumes = {"character": ("mesh",), "source": ("motion",)}
    produces = ("motion", "mesh", "video")

    async def run(self, args: MotionInput, ctx: ToolContext) -> ToolResult:  # type: ignore[override]
        """Parse, compose and export off the event loop; store BVH, GLB and MP4."""
        if ctx.settings.backend_for("motion") == "neural":
            ctx.warn("the neural motion backend (an LLM writing motion scripts) is not configured here; "
                     "the embedded text parser made this motion")
        ctx.progress(0.0, "reading the request")
        if args.source is not None:
            uploaded = await ctx.to_thread(_read_source, args.source, args.fps)
            if args.script is None and _wants_description(args.prompt):
                return await ctx.to_thread(_describe, uploaded, args.source, ctx)
        else:
            uploaded = None
        steps, language, ignored, unmatched = _steps_for(args)
        written: list[Path] = []
        try:
            return await ctx.to_thread(_make, args, steps, uploaded, ctx, written, language, ignored, unmatched)
        except AtelierError:
            for path in written:
                path.unlink(missing_ok=True)
            raise
        except Exception as exc:
            for path in written:
                path.unlink(missing_ok=True)
            raise BackendError(f"the embedded motion builder failed: {type(exc).__name__}: {exc}") from exc


def _wants_description(prompt: str | None) -> bool:
    if not prompt or not prompt.strip():
        return True
    if DESCRIBE_WORDS.search(prompt):
        return True
    from tools.motion.text import parse_motion_text

    try:
        parse_motion_text(prompt)
    except ToolError:
        return True
    return False


def _read_source(source: Artifact, fps: int):
    from tools.motion.bvh import read_bvh

    path = Path(source.path)
    if path.suffix.lower() != ".bvh" and source.mime != "application/x-bvh":
        raise ToolError(f"the source {source.id} is {source.mime} ({path.name}); the motion tool reads BVH files")
    if not path.is_file():
        raise ToolError(f"the source file of {source.id} is missing on disk; upload it again")
    return read_bvh(path, fps=fps)


def _describe(uploaded, source: Artifact, ctx: ToolContext) -> ToolResult:
    from tools.motion.describe import describe
    from tools.motion.skeleton import forward_kinematics

    ctx.progress(0.3, "matching the clip against the primitive library")
    positions = forward_kinematics(uploaded.rotations, uploaded.root)[0]
    result = describe(positions, uploaded.rotations[:, 0], uploaded.fps)
    ctx.progress(1.0, "done")
    data = {"mode": "describe", "description": result.text, "segments": result.segments, "source": source.id,
            "skeleton": uploaded.family, "mapped_joints": len(uploaded.mapped),
            "source_joints": uploaded.source_joints, "source_frames": uploaded.source_frames,
            "source_fps": uploaded.source_fps}
    from tools.motion.words import described

    seconds = (len(uploaded.rotations) - 1) / uploaded.fps
    return ToolResult(artifacts=[], detail=result.text + " (nearest primitives of the built-in library)", data=data,
                      summary=described(result.segments, seconds))


def _steps_for(args: MotionInput) -> tuple[list[MotionStep], str, list[str], list[str]]:
    from tools.formats import requested_formats
    from tools.motion.text import parse_motion_text

    language, ignored, unmatched = "en", [], []
    if args.script:
        steps = list(args.script)
    else:
        _, text = requested_formats(args.prompt or "")  # "as BVH": the BVH is always written
        parsed = parse_motion_text(text)
        steps, language, ignored, unmatched = parsed.steps, parsed.language, parsed.ignored, parsed.unmatched
    if args.speed is not None:
        steps = [s.model_copy(update={"speed": min(4.0, max(0.25, s.speed * args.speed))}) for s in steps]
    if args.seed is not None:
        import random

        rng = random.Random(args.seed)
        steps = [s.model_copy(update={"intensity": min(1.5, max(0.2, s.intensity * rng.uniform(0.9, 1.1)))})
                 for s in steps]
    if args.duration_s is not None and len(steps) == 1 and steps[0].duration_s is None \
            and PRIMITIVES[steps[0].action].periodic:
        steps = [steps[0].model_copy(update={"duration_s": args.duration_s})]
    steps = steps * args.repeat
    return steps, language, ignored, unmatched


def _make(args: MotionInput, steps: list[MotionStep], uploaded, ctx: ToolContext, written: list[Path],
          language: str, ignored: list[str], unmatched: list[str] = ()) -> ToolResult:  # type: ignore[assignment]
    from tools.motion.bvh import write_bvh
    from tools.motion.compose import Motion, ScriptTooLong, Segment, compose
    from tools.motion.glb import write_glb
    from tools.motion.preview import write_mp4

    prefix = None
    if uploaded is not None:
        seconds = (len(uploaded.rotations) - 1) / uploaded.fps
        prefix = Motion(rotations=uploaded.rotations, root=uploaded.root, fps=uploaded.fps,
                        segments=[Segment("source", "uploaded clip", 0.0, round(seconds, 3))])
    ctx.progress(0.05, "composing the primitives")
    try:
        motion = compose(steps, fps=args.fps, prefix=prefix, check_cancel=ctx.check_cancelled)
    except ScriptTooLong as exc:
        raise ToolError(f"{exc}; ask for fewer repetitions or a shorter duration") from None
    notes: list[str] = []
    if args.duration_s is not None:
        if motion.duration_s < args.duration_s - 0.2:
            motion = compose(steps + [MotionStep(action="idle", duration_s=args.duration_s - motion.duration_s)],
                             fps=args.fps, prefix=prefix, check_cancel=ctx.check_cancelled)
            notes.append("padded with idle breathing to the requested duration")
        elif motion.duration_s > args.duration_s + 0.5:
            notes.append(f"the actions need {motion.duration_s:.1f} s, longer than the requested {args.duration_s:g} s")
    labels = [seg.label for seg in motion.segments]
    stem = "-".join(dict.fromkeys(s.action for s in steps))[:40] or "motion"
    bvh_path = ctx.store.new_path(".bvh", stem=stem)
    written.append(bvh_path)
    ctx.progress(0.25, "writing BVH")
    write_bvh(bvh_path, motion.rotations, motion.root, motion.fps)
    glb_path = bvh_path.with_suffix(".glb")
    written.append(glb_path)
    ctx.progress(0.35, "writing the animated GLB")
    glb_info = write_glb(glb_path, motion.rotations, motion.root, motion.fps, name=stem)
    mp4_path = bvh_path.with_suffix(".mp4")
    video_info: dict[str, Any] | None = None
    if args.preview:
        written.append(mp4_path)
        positions = motion.positions()
        bounds = [(seg.start_s, seg.end_s, seg.label) for seg in motion.segments]

        def caption(frame: int) -> str:
            t = frame / motion.fps
            label = next((text for start, end, text in bounds if start <= t <= end), "")
            return f"{t:4.1f} s  {label}"

        video_info = write_mp4(mp4_path, positions, motion.fps, caption=caption,
                               progress=lambda f: ctx.progress(0.45 + 0.5 * f, "rendering the preview"))
    rig_path = None
    if args.rig is not None:
        from tools.motion.rigs import RIGS, write_rig_bvh

        rig_path = bvh_path.with_name(f"{bvh_path.stem}-{args.rig}.bvh")
        written.append(rig_path)
        write_rig_bvh(rig_path, RIGS[args.rig], motion.rotations, motion.root, motion.fps)
    ctx.progress(0.97, "storing")
    mode = "continue" if uploaded is not None else "generate"
    meta: dict[str, Any] = {
        "prompt": args.prompt, "tool": "motion", "backend": "embedded", "mode": mode,
        "seed": args.seed, "step_id": ctx.step_id, "language": language,
        "script": [s.model_dump(exclude_defaults=True) for s in steps],
        "segments": [{"action": s.action, "label": s.label, "start_s": s.start_s, "end_s": s.end_s,
                      "inserted": s.inserted} for s in motion.segments],
        "clips": [seg.action for seg in motion.segments if seg.action != "source"],
        "unmatched": list(unmatched),
        "fps": motion.fps, "frames": motion.frames, "duration_s": round(motion.duration_s, 3),
        "skeleton": "atelier-humanoid-24 (Mixamo bone names, SMPL-22 mapping)", "joints": 24,
        "units": "BVH centimetres, GLB metres; +Y up; faces +Z",
    }
    if ignored:
        meta["ignored_words"] = ignored
    if notes:
        meta["notes"] = notes
    if uploaded is not None:
        meta.update({"source": args.source.id if args.source else None, "source_skeleton": uploaded.family,
                     "source_frames": uploaded.source_frames})
    if args.character is not None:
        meta["character"] = args.character.id
        meta["character_note"] = CHARACTER_NOTE.format(id=args.character.id)
    artifacts = [
        ctx.store.add(bvh_path, kind="motion", meta={**meta, "format": "bvh"}, mime="application/x-bvh"),
    ]
    artifacts.append(ctx.store.add(glb_path, kind="mesh", meta={**meta, "format": "glb", "animated": True,
                                                               "bvh": artifacts[0].id, **glb_info},
                                   mime="model/gltf-binary"))
    if rig_path is not None:
        artifacts.append(ctx.store.add(rig_path, kind="motion", meta={**meta, "format": "bvh", "rig": args.rig,
                                                                     "bvh": artifacts[0].id},
                                       mime="application/x-bvh"))
    if video_info is not None:
        artifacts.append(ctx.store.add(mp4_path, kind="video", meta={**meta, "format": "mp4", "bvh": artifacts[0].id,
                                                                    **video_info}, mime="video/mp4"))
    ctx.progress(1.0, "done")
    message = (f"{'Continued the uploaded clip with' if uploaded is not None else 'Animated'} "
               f"{' → '.join(labels[1:] if uploaded is not None else labels)} "
               f"({motion.duration_s:.1f} s, {motion.frames} frames at {motion.fps} fps) on the built-in 24-joint "
               f"humanoid: BVH, skinned GLB{' and an MP4 preview' if video_info else ''}.")
    if unmatched:
        notes.append("not made (no such motion in the library): " + ", ".join(repr(u) for u in unmatched))
    if notes:
        message += " Note: " + "; ".join(notes) + "."
    if args.character is not None:
        message += " " + CHARACTER_NOTE.format(id=args.character.id).capitalize() + "."
    data = {"mode": mode, "segments": meta["segments"], "seed": args.seed, "clips": meta["clips"],
            "unmatched": meta["unmatched"]}
    said = [words.CHARACTER] if args.character is not None else []
    said += [words.PADDED if "padded" in note else words.TOO_LONG for note in notes]
    actions = [(s.action, s.times) for s in steps]
    return ToolResult(artifacts=artifacts, detail=message, data=data, notes=said,
                      summary=words.made(actions, motion.duration_s, continued=uploaded is not None))
