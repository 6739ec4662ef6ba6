"""The ``mesh`` tool: a GLB 3D model from a text prompt.

Embedded backend (default): the parametric composer in this package, offline and on CPU.
The neural backend (Shap-E) is not built yet; asking for it falls back here with a visible
warning. Importing this module loads neither trimesh nor numpy (house rule 1).
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from agent.errors import AtelierError, BackendError, ToolError
from agent.tool import Tool, ToolContext
from agent.types import Artifact, ToolResult
from tools.mesh.prompt import ObjectRequest, ParsedPrompt, parse_prompt, parse_style, with_count

if TYPE_CHECKING:
    from tools.mesh.compose import ComposedScene

MAX_OBJECTS = 50
NEURAL_NOT_READY = "neural mesh backend is not available yet; using the embedded composer"
IMAGE_TO_3D_NEEDS_NEURAL = (
    "the embedded mesh composer builds from text only and cannot turn an image into 3D; image-to-3D needs "
    'the neural mesh backend (profile neural, or backends.mesh = "neural" in atelier.toml), which is not '
    "available in this installation yet. Describe the object in words instead."
)
MATERIAL_ADJECTIVES = {"wood": "wooden", "gold": "golden"}


class MeshInput(BaseModel):
    """Arguments of the mesh tool (also the JSON schema planners see)."""

    model_config = ConfigDict(extra="forbid")

    prompt: str = Field(min_length=1, max_length=1000,
                        description='what to make, e.g. "a red wooden table", "three blue chairs", "빨간 나무 탁자"')
    count: int = Field(default=1, ge=1, le=MAX_OBJECTS, description="how many copies; wins over a count in the prompt")
    style: str | None = Field(default=None, max_length=200, description='e.g. "low poly", "greybox", "detailed"')
    seed: int | None = Field(default=None, ge=0, le=2**32 - 1, description="for repeatable variation")
    source: Artifact | None = Field(default=None, description="an image to turn into 3D (neural backend only)")
    export_obj: bool = Field(default=False, description="also write an OBJ + MTL next to the GLB")

    @field_validator("prompt")
    @classmethod
    def _prompt_has_words(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the prompt is blank: say what object to make")
        return value.strip()


class MeshTool(Tool):
    """Makes a 3D model (GLB, metres, +Y up, PBR materials) from a text prompt."""

    name = "mesh"
    description = (
        "a 3D model (GLB, glTF 2.0, metres, +Y up, PBR materials) from text: furniture, props, trees, rocks, "
        "houses and primitives, with colour, material, size and count; image-to-3D needs the neural backend"
    )
    Input = MeshInput
    consumes = {"source": ("image",)}
    produces = ("mesh",)

    async def run(self, args: MeshInput, ctx: ToolContext) -> ToolResult:  # type: ignore[override]
        """Parse the prompt, compose the scene off the event loop, store the GLB (and OBJ)."""
        requested = ctx.settings.backend_for("mesh")
        if requested == "neural":
            ctx.warn(NEURAL_NOT_READY)
        if args.source is not None:
            raise ToolError(IMAGE_TO_3D_NEEDS_NEURAL)
        ctx.progress(0.0, "reading the prompt")
        parsed = with_count(parse_prompt(args.prompt, style=args.style), args.count)
        if parsed.total > MAX_OBJECTS:
            raise ToolError(f"that asks for {parsed.total} objects; the mesh tool places at most {MAX_OBJECTS} "
                            "per model, so split it into several requests")
        if args.style and parse_style(args.style) is None:
            ctx.warn(f"the embedded mesh composer does not know the style {args.style!r}; it knows "
                     "low poly, detailed and greybox, and built the default style")
        seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
        glb_path = ctx.store.new_path(".glb", stem=_slug(parsed))
        obj_path = glb_path.with_suffix(".obj") if args.export_obj else None

        def report(fraction: float, message: str) -> None:
            ctx.progress(0.05 + 0.75 * fraction, message)  # building is most of the work

        def build() -> "ComposedScene":
            from tools.mesh.compose import compose_scene
            from tools.mesh.export import write_glb, write_obj

            composed = compose_scene(parsed, seed=seed, progress=report)
            ctx.progress(0.85, "writing GLB")
            write_glb(composed.scene, glb_path)
            if obj_path is not None:
                write_obj(composed.scene, obj_path)
            return composed

        written = [glb_path] + ([obj_path, obj_path.with_suffix(".mtl")] if obj_path is not None else [])
        try:
            composed = await ctx.to_thread(build)
            ctx.progress(0.95, "storing the model")
        except AtelierError:
            _remove(written)  # a cancelled step leaves no half-written files behind
            raise
        except Exception as exc:
            _remove(written)
            raise BackendError(f"the embedded mesh composer failed on {args.prompt!r}: {type(exc).__name__}: {exc}",
                               retryable=False) from exc
        meta = _meta(args, parsed, composed, seed=seed, step_id=ctx.step_id, requested=requested)
        artifacts = [ctx.store.add(glb_path, kind="mesh", meta=meta)]
        if obj_path is not None:
            obj_meta = {**meta, "format": "obj", "mtl": obj_path.with_suffix(".mtl").name, "glb": artifacts[0].id}
            artifacts.append(ctx.store.add(obj_path, kind="mesh", meta=obj_meta))
        ctx.progress(1.0, "done")
        return ToolResult(artifacts=artifacts, message=_message(parsed, composed))


def _remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


# -- reporting -----------------------------------------------------------------------------------


def _meta(args: MeshInput, parsed: ParsedPrompt, composed: "ComposedScene", *, seed: int, step_id: str,
          requested: str) -> dict[str, Any]:
    low, high = composed.bbox_min, composed.bbox_max
    meta: dict[str, Any] = {
        "prompt": args.prompt,
        "tool": "mesh",
        "backend": "embedded",
        "seed": seed,
        "step_id": step_id,
        "objects": [placed.kind for placed in composed.objects],
        "nodes": [placed.node for placed in composed.objects],
        "triangles": composed.triangles,
        "bbox": {"min": list(low), "max": list(high)},
        "size_m": [round(h - lo, 4) for lo, h in zip(low, high)],
        "units": "m",
        "up": "+Y",
        "style": parsed.style,
        "language": parsed.language,
        "materials": composed.materials,
        "fallback": any(item.fallback for item in parsed.objects),
    }
    unknown = [item.noun for item in parsed.objects if item.fallback]
    if unknown:
        meta["unknown"] = unknown
    if parsed.ignored:
        meta["ignored_words"] = parsed.ignored
    if requested != "embedded":
        meta["backend_requested"] = requested
    return meta


def _describe(item: ObjectRequest) -> str:
    words = [item.colour or "", MATERIAL_ADJECTIVES.get(item.material or "", item.material or "")]
    name = (item.kind or item.noun).replace("_", " ")
    if item.count > 1:
        name = name + ("es" if name.endswith(("s", "x", "ch", "sh")) else "s")
    adjectives = " ".join(word for word in words if word)
    lead = str(item.count) if item.count > 1 else ("an" if (adjectives or name)[0] in "aeiou" else "a")
    return " ".join(part for part in (lead, adjectives, name) if part)


def _message(parsed: ParsedPrompt, composed: "ComposedScene") -> str:
    size = " × ".join(f"{h - lo:.2f}" for lo, h in zip(composed.bbox_min, composed.bbox_max))
    known = [item for item in parsed.objects if not item.fallback]
    unknown = [item.noun for item in parsed.objects if item.fallback]
    lines = []
    if known:
        lines.append(f"Built {_and_list([_describe(item) for item in known])} with the embedded composer "
                     f"({size} m, {composed.triangles} triangles).")
    if unknown:
        names = _and_list([repr(noun) for noun in unknown])
        boxes = _and_list([repr(placed.node) for placed in composed.objects if placed.fallback])
        lines.append(f"The embedded composer does not know {names}, so the model holds a placeholder box in its "
                     f"place (node {boxes}); the neural mesh backend (profile neural) can do better.")
    return " ".join(lines)


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _slug(parsed: ParsedPrompt) -> str:
    """A file stem like ``red-table`` or ``blue-chair-x3`` (the store strips non-ASCII)."""
    pieces = []
    for item in parsed.objects[:2]:
        words = [item.colour or "", item.kind or "placeholder"]
        if item.count > 1:
            words.append(f"x{item.count}")
        pieces.append("-".join(word for word in words if word))
    return "-".join(pieces) or "mesh"

