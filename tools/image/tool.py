"""The ``image`` tool: a PNG from a text prompt, optionally from a source image or a pose.

Embedded backend (default): the mesh composer's objects set in a procedural environment and
rendered on the CPU (tools/render). Neural backend: diffusers text-to-image (SD-Turbo by
default), image-to-image with a source, ControlNet OpenPose with a pose (motion or image).
A neural model that cannot load falls back to the embedded renderer with a warning, unless
the user forced it with ``backends.image = "neural"``: then the step fails and says why.
"""

from __future__ import annotations

import secrets
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from agent.errors import AtelierError, BackendError, ToolError
from agent.tool import Tool, ToolContext
from agent.types import Artifact, ToolResult, Words
from tools.scene.words import scene_notes

MIN_SIZE, MAX_SIZE = 64, 2048
STYLE_HELP = ("shaded (default), flat (also low poly), toon (also cartoon, anime), painterly (also oil painting, "
              "hand-painted), watercolour (also watercolor, 수채화) or pixel (also pixel art, 8-bit); a style named in the prompt is used "
              "when none is given")


class ImageInput(BaseModel):
    """Arguments of the image tool (also the JSON schema planners see)."""

    model_config = ConfigDict(extra="forbid")

    prompt: str = Field(min_length=1, max_length=2000, description="what to picture")
    style: str | None = Field(default=None, max_length=200, description=f"look: {STYLE_HELP}")
    count: int = Field(default=1, ge=1, le=8, description="how many pictures (different seeds)")
    source: Artifact | None = Field(default=None, description="an image to start from (image-to-image)")
    pose: Artifact | None = Field(default=None, description="a motion (BVH) or pose image to condition on")
    width: int = Field(default=512, ge=MIN_SIZE, le=MAX_SIZE)
    height: int = Field(default=512, ge=MIN_SIZE, le=MAX_SIZE)
    seed: int | None = Field(default=None, ge=0, le=2**32 - 1)
    steps: int | None = Field(default=None, ge=1, le=150, description="denoising steps (neural)")
    guidance: float | None = Field(default=None, ge=0.0, le=30.0, description="classifier-free guidance (neural)")
    negative_prompt: str | None = Field(default=None, max_length=1000, description="what to avoid (neural)")
    strength: float = Field(default=0.6, gt=0.0, le=1.0, description="how far image-to-image may move from the source")
    controlnet: str | None = Field(default=None, max_length=300, description="OpenPose ControlNet id or path (neural)")

    @field_validator("prompt")
    @classmethod
    def _has_words(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the prompt is blank: say what to picture")
        return value.strip()


class ImageTool(Tool):
    """Pictures (PNG) from text; image-to-image and pose conditioning with the neural backend."""

    name = "image"
    description = ("a picture (PNG) from a text prompt: objects in a lit scene (time of day, place, weather), "
                   "styles shaded, flat, toon, painterly, watercolour; optionally from a source image or a pose")
    Input = ImageInput
    consumes = {"source": ("image",), "pose": ("motion", "image")}
    produces = ("image",)

    async def run(self, args: ImageInput, ctx: ToolContext) -> ToolResult:  # type: ignore[override]
        from tools.render.styles import renderer_style

        for name, value, kinds in (("source", args.source, ("image",)), ("pose", args.pose, ("motion", "image"))):
            if value is not None and value.kind not in kinds:
                raise ToolError(f"the image tool's {name} must be {' or '.join(kinds)}, but {value.id} is "
                                f"{value.kind}; pass a matching artifact")
        style, style_note = renderer_style(args.style, args.prompt)
        seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
        made = await ctx.try_neural("image", lambda: self._neural(args, ctx, seed), instead="the embedded renderer")
        if made is not None:
            return made
        if style_note:  # a look the renderer lacks ("cyberpunk"): drawn anyway, and the reply says so
            ctx.warn(style_note)
        return await ctx.to_thread(self._embedded, args, ctx, seed, style)

    # -- embedded -------------------------------------------------------------------------------
    def _embedded(self, args: ImageInput, ctx: ToolContext, seed: int, style: str) -> ToolResult:
        from PIL import Image

        from tools.image.embedded import render_prompt, restyle
        from tools.render.imageio import open_image

        artifacts = []
        notes = []
        if args.pose is not None:
            notes.append("the embedded renderer cannot follow a pose; the neural backend (ControlNet) can")
            ctx.warn(notes[-1])
        scene = None
        if args.source is None:
            from tools.image.texture import texture_request
            from tools.scene.scene import parse_scene, require_content

            # a scene style given as the argument ("realistic", "low poly") shapes the models too
            scene = parse_scene(args.prompt, style="low poly" if style == "flat" else args.style, for_render=True)
            if texture_request(args.prompt) is None:  # a texture names a surface, not a kind of thing
                require_content(scene, what="a picture")
            pictures = _objects_counted(scene, args.count)
        else:
            pictures = args.count
        for index in range(pictures):
            this_seed = seed + index

            def report(fraction: float, message: str, index: int = index) -> None:
                ctx.progress((index + fraction) / pictures, message)

            meta: dict[str, Any]
            if args.source is not None:
                source = open_image(args.source)
                pixels = restyle(source, width=args.width, height=args.height, style=style, seed=this_seed)
                meta = {"mode": "restyle", "source": args.source.id}
            else:
                rendered = render_prompt(args.prompt, width=args.width, height=args.height, style=style,
                                         seed=this_seed, progress=report, scene=scene)
                pixels, meta = rendered.pixels, {"mode": "render", **rendered.meta}
            path = ctx.store.new_path(".png", stem=_stem(args.prompt))
            try:
                Image.fromarray(pixels).save(path, optimize=False, compress_level=4)
            except Exception as exc:
                path.unlink(missing_ok=True)
                raise BackendError(f"could not write the PNG: {exc}") from exc
            meta.update(_common_meta(args, ctx, seed=this_seed, backend="embedded", style=style))
            meta.update(ctx.fallback_meta("image", used="embedded"))
            artifacts.append(ctx.store.add(path, kind="image", meta=meta, mime="image/png"))
            ctx.check_cancelled()
        ctx.progress(1.0, "done")
        first = artifacts[0].meta
        message = f"Rendered {len(artifacts)} picture{'s' if len(artifacts) > 1 else ''} ({args.width}×{args.height}, {style})"
        if first.get("mode") == "render":
            env = first["environment"]
            message += f" of {scene_summary(first['scene'])} — {env['time']}, {env['ground']}"
        message += "."
        said = scene_notes(scene)
        if notes:
            said.append(Words(en="I couldn't copy the pose this time, so the figure stands its own way.",
                              ko="이번에는 자세를 따라 그리지 못했어요."))
        if scene is not None:
            notes = scene.notes() + notes
        return ToolResult(artifacts=artifacts, detail=message + "".join(f" Note: {n}." for n in notes), notes=said)

    # -- neural ---------------------------------------------------------------------------------
    def _neural(self, args: ImageInput, ctx: ToolContext, seed: int) -> ToolResult:
        from tools.image.neural import DEFAULT_MODEL, generate
        from tools.render.imageio import open_image

        model = ctx.settings.models.get("image", DEFAULT_MODEL)
        width, height = _multiple_of_8(args.width), _multiple_of_8(args.height)
        source = open_image(args.source) if args.source is not None else None
        pose = pose_image(args.pose, width=width, height=height) if args.pose is not None else None
        prompt = args.prompt if not args.style else f"{args.prompt}, {args.style}"
        try:
            images, used = generate(model=model, prompt=prompt, negative_prompt=args.negative_prompt, width=width,
                                    height=height, steps=args.steps, guidance=args.guidance, seed=seed,
                                    count=args.count, source=source, strength=args.strength, pose=pose,
                                    controlnet=args.controlnet, progress=ctx.progress,
                                    compile_models=ctx.settings.compile_models)
        except AtelierError:
            raise
        except Exception as exc:  # a model that loads but fails to run is a backend failure too
            raise BackendError(f"the image model {model!r} failed: {type(exc).__name__}: {str(exc)[:300]}",
                               retryable=False) from exc
        artifacts = []
        for index, picture in enumerate(images):
            path = ctx.store.new_path(".png", stem=_stem(args.prompt))
            picture.save(path)
            meta = {**_common_meta(args, ctx, seed=seed, backend="neural", style=args.style), **used,
                    "width": picture.width, "height": picture.height, "index": index}
            if args.source is not None:
                meta["source"] = args.source.id
            if args.pose is not None:
                meta["pose"] = args.pose.id
            artifacts.append(ctx.store.add(path, kind="image", meta=meta, mime="image/png"))
        ctx.progress(1.0, "done")
        return ToolResult(artifacts=artifacts, detail=f"Painted {len(artifacts)} picture(s) with {model} "
                                                       f"({used['mode']}, {used['steps']} steps).")


def _objects_counted(scene: Any, count: int) -> int:
    """How many pictures to make. A count beside a prompt naming one kind of thing in the plural with no
    number of its own ("potion bottles in a row", count 4) is how many of them the picture shows: one
    picture of four potions, not four pictures of two."""
    named = scene.named
    if count > 1 and len(named) == 1 and not named[0].count_given and named[0].count > 1:
        named[0].count, named[0].count_given = count, True
        return 1
    # "four torches around a stone well": the planner took the number off the one plural noun with no count
    # of its own; it is how many of those the picture shows, not how many pictures
    plural = [item for item in named if not item.count_given and item.count > 1]
    if count > 1 and len(named) > 1 and len(plural) == 1:
        plural[0].count, plural[0].count_given = count, True
        return 1
    return count


def scene_summary(scene: dict[str, Any]) -> str:
    """"a table, 4 stools and 3 barrels in a tavern" from ``meta.scene``."""
    items = [f"{item['count']} {item['kind'].replace('_', ' ')}s" if item["count"] > 1 else
             f"a {item['kind'].replace('_', ' ')}" for item in scene.get("objects", [])]
    text = (", ".join(items[:-1]) + " and " + items[-1]) if len(items) > 1 else (items[0] if items else "")
    place = (scene.get("setting") or {}).get("place")
    where = f"a {place.replace('_', ' ')}" if place else ""
    if text and where:
        return f"{text} in {where}"
    return text or where or "the scene"


def pose_image(artifact: Artifact, *, width: int, height: int) -> Any:
    """The ControlNet conditioning map: an OpenPose drawing of a motion's first frame, or the image."""
    from tools.render.imageio import open_image
    from tools.render.skeleton import openpose_image, read_bvh

    if artifact.kind == "motion":
        if not str(artifact.path).lower().endswith(".bvh"):
            raise ToolError(f"the pose {artifact.id} is a motion but not a BVH file; pass the motion's BVH")
        return openpose_image(read_bvh(artifact.path), width=width, height=height)
    return open_image(artifact, what="pose").resize((width, height))


def _multiple_of_8(value: int) -> int:
    return max(64, (value // 8) * 8)


def _common_meta(args: ImageInput, ctx: ToolContext, *, seed: int, backend: str, style: str | None) -> dict[str, Any]:
    return {"prompt": args.prompt, "tool": "image", "backend": backend, "seed": seed, "step_id": ctx.step_id,
            "width": args.width, "height": args.height, "style": style}


def _stem(prompt: str) -> str:
    words = [w for w in prompt.lower().split() if w.isascii() and w.isalnum() and w not in ("a", "an", "the", "of")]
    return "-".join(words[:4]) or "image"
