"""The ``video`` tool: an MP4 (H.264, yuv420p, even size, faststart).

Embedded backend (default), chosen by the source:
- no source: the prompt's scene (:func:`tools.scene.scene.parse_scene`: its objects, a named place's
  furnishing, its setting) outdoors circled by the camera (a turntable); inside a room, or with
  no object named, a camera turning through the scene's 360° panorama, objects included;
- a mesh: a turntable of the model (a level's blockout: a fly-through along the route the
  level tool's checker found, unless the prompt asks for a turntable); a panorama (equirectangular image): a camera path inside it;
- another image: pan-and-zoom (Ken Burns); a motion (BVH): a stick-figure preview.
Neural backend: ``StableVideoDiffusionPipeline`` (image to video; from text it first makes the
picture) or a text-to-video pipeline when ``models.video`` names one.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel, ConfigDict, Field, field_validator

from agent.errors import AtelierError, BackendError, ToolError
from agent.tool import Tool, ToolContext
from agent.types import Artifact, ToolResult
from tools.image.tool import STYLE_HELP
from tools.scene.words import scene_notes

DEFAULT_MODEL = "stabilityai/stable-video-diffusion-img2vid"
# a level blockout is flown through along its route unless a turntable is asked for
_TURNTABLE_WORDS = re.compile(r"turn\s*-?\s*table|spin|rotat|orbit|회전|돌아가|빙글", re.IGNORECASE)
MAX_SECONDS = 60.0
MAX_FRAMES = 1440


_CAMERA_WORDS = re.compile(r"camera|drone|aerial|bird'?s[\s-]*eye|카메라|드론|항공|상공", re.IGNORECASE)


class VideoInput(BaseModel):
    """Arguments of the video tool."""

    model_config = ConfigDict(extra="forbid")

    prompt: str = Field(min_length=1, max_length=2000, description="what the video shows")
    duration_s: float | None = Field(default=None, gt=0.0, le=MAX_SECONDS,
                                     description="length in seconds (default 3; a motion keeps its own length)")
    style: str | None = Field(default=None, max_length=200, description=f"look: {STYLE_HELP}")
    source: Artifact | None = Field(default=None, description="an image, panorama, 3D model or motion to animate")
    fps: int = Field(default=24, ge=1, le=60)
    width: int = Field(default=512, ge=64, le=2048, description="even")
    height: int = Field(default=512, ge=64, le=2048, description="even")
    seed: int | None = Field(default=None, ge=0, le=2**32 - 1)
    steps: int | None = Field(default=None, ge=1, le=150, description="denoising steps (neural)")
    guidance: float | None = Field(default=None, ge=0.0, le=30.0, description="guidance (neural)")
    negative_prompt: str | None = Field(default=None, max_length=1000)

    @field_validator("prompt")
    @classmethod
    def _has_words(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the prompt is blank: say what the video should show")
        return value.strip()

    @field_validator("width", "height")
    @classmethod
    def _even(cls, value: int) -> int:
        if value % 2:
            raise ValueError(f"{value} is odd; H.264 (yuv420p) needs even width and height")
        return value


class VideoTool(Tool):
    """Short MP4 clips: turntables, camera paths, pan-and-zoom and motion previews."""

    name = "video"
    description = ("an MP4 video (H.264) from text — a turntable of the described objects — or animating an image "
                   "(pan and zoom), a 360 panorama (camera path), a 3D model (turntable) or a motion (preview)")
    Input = VideoInput
    consumes = {"source": ("image", "mesh", "motion")}
    produces = ("video",)

    async def run(self, args: VideoInput, ctx: ToolContext) -> ToolResult:  # type: ignore[override]
        from tools.render.styles import renderer_style

        if args.source is not None and args.source.kind not in self.consumes["source"]:
            raise ToolError(f"the video tool animates an image, mesh or motion, but {args.source.id} is "
                            f"{args.source.kind}; pass one of those")
        seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
        made = await ctx.try_neural("video", lambda: self._neural(args, ctx, seed), instead="the embedded renderer")
        if made is not None:
            return made
        style, style_note = renderer_style(args.style, args.prompt)
        if style_note:  # a look the renderer lacks ("cyberpunk"): drawn anyway, and the reply says so
            ctx.warn(style_note)
        return await ctx.to_thread(self._embedded, args, ctx, seed, style)

    # -- embedded -------------------------------------------------------------------------------
    def _embedded(self, args: VideoInput, ctx: ToolContext, seed: int, style: str) -> ToolResult:
        from tools.render.imageio import is_equirectangular, open_image
        from tools.video import embedded

        width, height, fps = args.width, args.height, args.fps
        duration = args.duration_s if args.duration_s is not None else 3.0
        frames = _frame_count(duration, fps)
        source = args.source
        meta: dict[str, Any] = {}
        ctx.progress(0.01, "setting up the shot")
        notes: list[str] = []
        scene = None
        if source is not None and source.kind == "motion":
            if not str(source.path).lower().endswith(".bvh"):
                raise ToolError(f"the motion {source.id} is not a BVH file; pass the motion tool's BVH artifact")
            stream, frames = embedded.motion_frames(Path(source.path), width=width, height=height, fps=fps,
                                                    duration_s=args.duration_s)
            mode, what = "motion-preview", "a stick-figure preview of the motion"
        elif (source is not None and source.kind == "mesh" and source.meta.get("camera_path")
              and not _TURNTABLE_WORDS.search(args.prompt)):
            stage = embedded.level_stage(Path(source.path), args.prompt, seed=seed)
            stream = embedded.flythrough_frames(stage, list(source.meta["camera_path"]),
                                                side_view=source.meta.get("view") == "side", width=width,
                                                height=height, frames=frames, style=style, seed=seed)
            mode, what = "fly-through", "a fly-through along the level's route from start to goal"
        elif source is not None and source.kind == "mesh":
            stage = embedded.stage_from_mesh(Path(source.path), args.prompt, seed=seed)
            stream = embedded.turntable_frames(stage, width=width, height=height, frames=frames, style=style, seed=seed)
            mode, what = "turntable", "a turntable of the 3D model"
        elif source is not None and is_equirectangular(source):
            import numpy as np

            pano = np.asarray(open_image(source))
            stream = embedded.panorama_path_frames(pano, width=width, height=height, frames=frames)
            mode, what = "panorama-path", "a camera turning inside the panorama"
        elif source is not None:
            stream = embedded.ken_burns_frames(open_image(source), width=width, height=height, frames=frames,
                                               seed=seed)
            mode, what = "ken-burns", "a slow pan and zoom over the picture"
        else:
            from tools.image.tool import scene_summary
            from tools.scene.scene import parse_scene, require_content

            scene = parse_scene(args.prompt, style="low poly" if style == "flat" else None, for_render=True)
            require_content(scene, what="a video")
            meta["scene"] = scene.meta()
            notes = scene.notes()
            from tools.scene.effects import camera_move, read_effects

            effects = read_effects(scene.text, scene.setting, [item.kind for item in scene.objects if item.kind])
            move = camera_move(args.prompt, effects)
            meta["effects"], meta["camera_move"] = effects.meta(), move
            close = scene.setting.framing in ("icon", "close") or move == "follow"  # a followed subject stays large
            from tools.scene.effects import aerial_view

            from tools.scene.setting import FLIERS

            # the camera flies when the words say so, or when nothing named could ("a dragon flying over a castle"
            # is the dragon's flight, circled at eye level)
            camera_flies = bool(_CAMERA_WORDS.search(args.prompt)) or not any(
                item.kind in FLIERS for item in scene.objects)
            drone = bool(scene.objects) and aerial_view(args.prompt) and camera_flies and not scene.setting.interior \
                and not scene.setting.space and move in ("pan", "orbit", "push-in")
            if drone:
                # "a drone shot over a race track", "flies over an island village": what was named, seen from high
                # up by a camera sweeping round above it (from a panorama's middle it was a speck on the horizon)
                stage = embedded.text_stage(args.prompt, seed=seed, style=style, scene=scene)
                stream = embedded.turntable_frames(stage, width=width, height=height, frames=frames, style=style,
                                                   seed=seed, turns=0.35, zoom=0.8, effects=effects, elevation_deg=40.0)
                meta["camera_move"], meta["objects"] = "fly-over", stage.objects
                mode, what = "fly-over", f"a camera flying over {scene_summary(meta['scene'])}"
            elif scene.setting.interior or not scene.objects or move == "pan":
                from tools.panorama.embedded import render_panorama

                from tools.scene.effects import aerial_view

                aerial = aerial_view(args.prompt) and not scene.setting.interior and not scene.setting.space
                pano = render_panorama(args.prompt, width=2048, seed=seed, style=style, scene=scene,
                                       eye_height=24.0 if aerial else 1.7)  # a fly-over: high up, looking down
                stream = embedded.panorama_path_frames(pano.colour, width=width, height=height, frames=frames,
                                                       effects=effects, seed=seed, pitch_deg=-24.0 if aerial else 0.0,
                                                       centre_yaw_deg=pano.focus_yaw_deg or 0.0)
                # a room or a bare sky: looked around; a land flown over: looked down on from high up
                meta["objects"], meta["camera_move"] = pano.objects, "fly-over" if aerial else "pan"
                mode, what = "scene-pan", (f"a camera flying over {scene_summary(meta['scene'])}" if aerial
                                           else f"a camera turning through {scene_summary(meta['scene'])}")
                if effects.weather in ("rain", "storm", "snow"):
                    what += f" ({', '.join(effects.meta())})"
            elif move in ("still", "push-in", "follow"):
                stage = embedded.text_stage(args.prompt, seed=seed, style=style, scene=scene)
                stream = embedded.still_frames(stage, width=width, height=height, frames=frames, style=style,
                                               seed=seed, effects=effects, push_in=1.6 if move == "push-in" else 1.0,
                                               zoom=0.5 if move == "push-in" else 0.62, close=close)
                mode = move if move in ("push-in", "follow") else "still"
                what = {"push-in": f"the camera moving in toward {scene_summary(meta['scene'])}",
                        "follow": f"a camera keeping pace with {scene_summary(meta['scene'])}"}.get(
                    move, f"a fixed camera on {scene_summary(meta['scene'])}")
                if effects.meta():
                    what += f" ({', '.join(effects.meta())})"
                meta["objects"] = stage.objects
            else:
                stage = embedded.text_stage(args.prompt, seed=seed, style=style, scene=scene)
                stream = embedded.turntable_frames(stage, width=width, height=height, frames=frames, style=style,
                                                   seed=seed, zoom=1.0 if close else 0.62, effects=effects)
                mode, what = "turntable", f"a camera circling {scene_summary(meta['scene'])}"
                if effects.meta():
                    what += f" ({', '.join(effects.meta())})"
                meta["objects"] = stage.objects
        meta.update({"mode": mode, "source": source.id if source is not None else None})
        path, count = self._encode(stream, frames, ctx, width=width, height=height, fps=fps, stem=args.prompt)
        meta.update(_meta(args, ctx, seed=seed, backend="embedded", width=width, height=height, fps=fps, frames=count,
                          style=style))
        meta.update(ctx.fallback_meta("video", used="embedded"))
        artifact = ctx.store.add(path, kind="video", meta=meta, mime="video/mp4")
        ctx.progress(1.0, "done")
        message = f"Made a {count / fps:.1f} s video ({width}×{height}, {fps} fps): {what}."
        message += "".join(f" Note: {note}." for note in notes)
        return ToolResult(artifacts=[artifact], detail=message, notes=scene_notes(scene))

    def _encode(self, frames: Iterator[Any], total: int, ctx: ToolContext, *, width: int, height: int, fps: float,
                stem: str) -> tuple[Path, int]:
        from tools.video.encode import write_mp4

        path = ctx.store.new_path(".mp4", stem=_stem(stem))

        def on_frame(count: int) -> None:
            ctx.progress(0.02 + 0.96 * count / max(1, total), f"frame {count}/{total}")

        # under a hidden name until complete: a cancelled, failed or killed step leaves nothing that looks finished
        with ctx.store.writing(path) as partial:
            count = write_mp4(partial, frames, width=width, height=height, fps=fps, on_frame=on_frame)
            if count == 0:
                raise ToolError("no frames were rendered; ask for a longer video")
        return path, count

    # -- neural ---------------------------------------------------------------------------------
    def _neural(self, args: VideoInput, ctx: ToolContext, seed: int) -> ToolResult:
        from tools.render.imageio import open_image
        from tools.video.neural import generate_video

        model = ctx.settings.models.get("video", DEFAULT_MODEL)
        if args.source is not None and args.source.kind != "image":
            raise BackendError(f"the neural video backend animates images; a {args.source.kind} source needs the "
                               "embedded backend")
        width, height = max(64, args.width // 8 * 8), max(64, args.height // 8 * 8)
        picture = open_image(args.source) if args.source is not None else None
        duration = args.duration_s if args.duration_s is not None else 3.0
        prompt = args.prompt if not args.style else f"{args.prompt}, {args.style}"
        try:
            frames, fps, used = generate_video(model=model, prompt=prompt, picture=picture, width=width, height=height,
                                               duration_s=duration, fps=args.fps, steps=args.steps,
                                               guidance=args.guidance, negative_prompt=args.negative_prompt,
                                               seed=seed, settings=ctx.settings, progress=ctx.progress)
        except AtelierError:
            raise
        except Exception as exc:
            raise BackendError(f"the video model {model!r} failed: {type(exc).__name__}: {str(exc)[:300]}") from exc
        fh, fw = frames[0].shape[:2]
        fw, fh = fw // 2 * 2, fh // 2 * 2
        path, count = self._encode(iter(f[:fh, :fw] for f in frames), len(frames), ctx, width=fw, height=fh, fps=fps,
                                   stem=args.prompt)
        meta = {**_meta(args, ctx, seed=seed, backend="neural", width=fw, height=fh, fps=fps, frames=count,
                        style=args.style), **used, "source": args.source.id if args.source is not None else None}
        artifact = ctx.store.add(path, kind="video", meta=meta, mime="video/mp4")
        ctx.progress(1.0, "done")
        return ToolResult(artifacts=[artifact], detail=f"Generated a {count / fps:.1f} s video with {model} "
                                                        f"({used['mode']}).")


def _frame_count(duration_s: float, fps: float) -> int:
    frames = max(1, int(round(duration_s * fps)))
    if frames > MAX_FRAMES:
        raise ToolError(f"{duration_s:g} s at {fps:g} fps is {frames} frames; the limit is {MAX_FRAMES}")
    return frames


def _meta(args: VideoInput, ctx: ToolContext, *, seed: int, backend: str, width: int, height: int, fps: float,
          frames: int, style: str | None) -> dict[str, Any]:
    return {"prompt": args.prompt, "tool": "video", "backend": backend, "seed": seed, "step_id": ctx.step_id,
            "width": width, "height": height, "fps": fps, "frames": frames, "duration_s": round(frames / fps, 4),
            "codec": "h264", "pix_fmt": "yuv420p", "style": style}


def _stem(prompt: str) -> str:
    words = [w for w in prompt.lower().split() if w.isascii() and w.isalnum() and w not in ("a", "an", "the", "of")]
    return "-".join(words[:4]) or "video"
