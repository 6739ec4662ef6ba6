"""The ``panorama`` tool: a 360° equirectangular (2:1) PNG that works as an XR skybox.

Embedded backend (default): a procedural environment from the prompt's words (desert, forest,
snow, ocean, city, night sky, space, interior...), seamless at the wrap, with an optional depth
map. Neural backend: diffusers ``StableDiffusionPanoramaPipeline`` (MultiDiffusion with circular
padding, so the wrap is seamless too), or LDM3D-pano (colour + depth) when ``models.panorama``
names an LDM3D checkpoint.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from agent.errors import AtelierError, BackendError, ToolError
from agent.tool import Tool, ToolContext
from agent.types import ToolResult, Words

if TYPE_CHECKING:
    import numpy as np

DEFAULT_MODEL = "stabilityai/stable-diffusion-2-base"
DEPTH_ENCODING = "uint16 PNG: value = round(65535 * 1 m / depth), i.e. inverse depth with 1 m = 65535; 0 = sky"


class PanoramaInput(BaseModel):
    """Arguments of the panorama tool."""

    model_config = ConfigDict(extra="forbid")

    prompt: str = Field(min_length=1, max_length=2000, description="the place to surround the viewer with")
    style: str | None = Field(default=None, max_length=200, description="look (neural: added to the prompt)")
    width: int = Field(default=2048, ge=256, le=8192, description="pixels around; the height is half of it")
    seed: int | None = Field(default=None, ge=0, le=2**32 - 1)
    depth: bool = Field(default=False, description="also write a depth map (second image artifact)")
    steps: int | None = Field(default=None, ge=1, le=150, description="denoising steps (neural)")
    guidance: float | None = Field(default=None, ge=0.0, le=30.0, description="guidance scale (neural)")
    negative_prompt: str | None = Field(default=None, max_length=1000)

    @field_validator("prompt")
    @classmethod
    def _has_words(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the prompt is blank: say what place to show")
        return value.strip()

    @field_validator("width")
    @classmethod
    def _even(cls, value: int) -> int:
        if value % 16:
            raise ValueError(f"width {value} must be a multiple of 16 (so that width/2 is a whole, even height)")
        return value


class PanoramaTool(Tool):
    """360° environment images for skyboxes and XR backdrops."""

    name = "panorama"
    description = ("a 360-degree equirectangular environment image (2:1 PNG skybox, seamless): deserts, forests, "
                   "snow, ocean, cities, night skies, space, interiors; optional depth map")
    Input = PanoramaInput
    consumes: dict[str, tuple[str, ...]] = {}
    produces = ("image",)

    async def run(self, args: PanoramaInput, ctx: ToolContext) -> ToolResult:  # type: ignore[override]
        seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
        made = await ctx.try_neural("panorama", lambda: self._neural(args, ctx, seed), instead="the procedural one")
        if made is not None:
            return made
        return await ctx.to_thread(self._embedded, args, ctx, seed)

    def _embedded(self, args: PanoramaInput, ctx: ToolContext, seed: int) -> ToolResult:
        from tools.image.tool import scene_summary
        from dataclasses import replace

        from tools.panorama.embedded import render_panorama
        from tools.render.styles import renderer_style, stylise_panorama
        from tools.render.weather import apply_effects
        from tools.scene.effects import read_effects
        from tools.scene.scene import parse_scene, require_content

        scene = parse_scene(args.prompt, for_render=True)
        require_content(scene, what="a panorama", allow_empty=True)
        style, style_note = renderer_style(args.style, args.prompt)  # "cyberpunk": still drawn, with a note
        pano = render_panorama(args.prompt, width=args.width, seed=seed, progress=ctx.progress, scene=scene,
                               style="flat" if style == "flat" else "shaded")
        colour = stylise_panorama(pano.colour, style, seed=seed)
        effects = read_effects(scene.text, scene.setting, [item.kind for item in scene.objects if item.kind])
        if effects.weather in ("rain", "storm", "snow"):  # falling weather all round; the seam stays continuous
            colour = apply_effects(colour, replace(effects, on_glass=False, flicker=False, bubbles=False, smoke=False),
                                   seed=seed, horizon=0.45, wrap=True)
        env = pano.environment
        extra = {"environment": {"setting": env.setting, "time": env.time, "ground": env.ground,
                                 "features": list(env.features)}, "objects": pano.objects, "scene": scene.meta(),
                 "effects": effects.meta(), "look": style,
                 **ctx.fallback_meta("panorama", used="embedded")}
        shown = scene_summary(extra["scene"]) if scene.objects else ", ".join(
            [env.setting, env.time, env.ground, *env.features])
        message = f"Made a {args.width}×{args.width // 2} 360° panorama: {shown}."
        message += "".join(f" Note: {note}." for note in scene.notes())
        if style_note:
            message += f" Note: {style_note}."
        return self._store(args, ctx, colour=colour, depth_m=pano.depth_m if args.depth else None, seed=seed,
                           backend="embedded", extra=extra, detail=message)

    def _neural(self, args: PanoramaInput, ctx: ToolContext, seed: int) -> ToolResult:
        from tools.panorama.neural import generate_panorama

        model = ctx.settings.models.get("panorama", DEFAULT_MODEL)
        prompt = args.prompt if not args.style else f"{args.prompt}, {args.style}"
        try:
            colour, depth, used = generate_panorama(model=model, prompt=prompt, negative_prompt=args.negative_prompt,
                                                    width=args.width, steps=args.steps, guidance=args.guidance,
                                                    seed=seed, progress=ctx.progress)
        except AtelierError:
            raise
        except Exception as exc:
            raise BackendError(f"the panorama model {model!r} failed: {type(exc).__name__}: {str(exc)[:300]}") from exc
        if args.depth and depth is None:
            ctx.warn("this panorama model makes no depth; configure an LDM3D-pano model for depth maps")
        return self._store(args, ctx, colour=colour, depth_m=depth if args.depth else None, seed=seed,
                           backend="neural", extra=used,
                           detail=f"Painted a {colour.shape[1]}×{colour.shape[0]} panorama with {model}.")

    def _store(self, args: PanoramaInput, ctx: ToolContext, *, colour: "np.ndarray", depth_m: "np.ndarray | None",
               seed: int, backend: str, extra: dict[str, Any], detail: str) -> ToolResult:
        import numpy as np
        from PIL import Image

        height, width = colour.shape[:2]
        if width != 2 * height:
            raise ToolError(f"the panorama came out {width}×{height}, not 2:1; this is a bug, please report it")
        meta = {"prompt": args.prompt, "tool": "panorama", "backend": backend, "seed": seed, "step_id": ctx.step_id,
                "width": width, "height": height, "projection": "equirectangular", "seamless": True,
                "style": args.style, **extra}
        path = ctx.store.new_path(".png", stem="panorama")
        Image.fromarray(colour).save(path, compress_level=4)
        artifacts = [ctx.store.add(path, kind="image", meta=meta, mime="image/png")]
        if depth_m is not None:
            depth_path = ctx.store.new_path(".png", stem="panorama-depth")
            inverse = np.where(depth_m >= 9999, 0.0, np.clip(1.0 / np.maximum(depth_m, 1e-3), 0, 1))
            Image.fromarray((inverse * 65535 + 0.5).astype(np.uint16)).save(depth_path)
            depth_meta = {**meta, "role": "depth", "depth_encoding": DEPTH_ENCODING, "colour": artifacts[0].id}
            artifacts.append(ctx.store.add(depth_path, kind="image", meta=depth_meta, mime="image/png"))
            detail += " A depth map is the second image."
        ctx.progress(1.0, "done")
        said = [Words(en="The second image is its depth map.", ko="두 번째 이미지는 깊이 지도예요.")] if depth_m is not None else []
        return ToolResult(artifacts=artifacts, detail=detail, notes=said)
