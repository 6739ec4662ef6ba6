"""The ``mesh`` tool: a GLB 3D model from a text prompt or an image.

Backends:

- embedded (default): the parametric composer in this package (178 object kinds, scenes laid
  out by "next to", "on top of", "around", ... in English and Korean), offline and on CPU;
  from an image it builds a relief of the picture's silhouette (:mod:`tools.scene.relief`);
- neural: diffusers Shap-E, text -> 3D or image -> 3D (:mod:`tools.mesh.neural`), chosen like every
  tool's through :meth:`agent.tool.ToolContext.try_neural`: if the model cannot be loaded, the
  profile ``neural`` falls back to the embedded backend with a warning event, while a forced
  ``backends.mesh = "neural"`` makes that the step's error.

Importing this module loads neither trimesh, numpy, torch nor diffusers (house rule 1).
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from pydantic import BaseModel, ConfigDict, Field, field_validator

from agent.errors import AtelierError, BackendError, ToolError
from agent.tool import Tool, ToolContext
from agent.types import Artifact, ToolResult, Words
from tools.scene.prompt import MAX_OBJECTS, ObjectRequest, ParsedPrompt, parse_style, with_count
from tools.scene.words import scene_notes

if TYPE_CHECKING:
    import trimesh

    from tools.mesh import neural
    from tools.scene.compose import ComposedScene

MAX_SIZE_M = 1000.0  # a terrain tile or a tower, not a planet
MIN_SIZE_M = 0.005
MAX_SCALE = 100.0
MATERIAL_ADJECTIVES = {"wood": "wooden", "gold": "golden"}
RELATION_WORDS = {"next_to": "next to", "left_of": "to the left of", "right_of": "to the right of",
                  "on_top": "on top of", "behind": "behind", "in_front": "in front of", "around": "around",
                  "in_row": "in a row", "scattered": "scattered about", "flanking": "on either side of",
                  "stacked": "stacked up", "stuck_in": "stuck in", "held": "in the hand of"}


class MeshInput(BaseModel):
    """Arguments of the mesh tool (also the JSON schema planners see)."""

    model_config = ConfigDict(extra="forbid")

    prompt: str = Field(min_length=1, max_length=1000,
                        description='what to make, e.g. "a red wooden table", "three blue chairs", "빨간 나무 탁자"')
    count: int = Field(default=1, ge=1, le=MAX_OBJECTS, description="how many copies; wins over a count in the prompt")
    style: str | None = Field(default=None, max_length=200, description='e.g. "low poly", "greybox", "detailed"')
    seed: int | None = Field(default=None, ge=0, le=2**32 - 1, description="for repeatable variation")
    source: Artifact | None = Field(default=None, description="an image to turn into 3D (Shap-E image-to-3D with "
                                    "the neural backend; a relief of its silhouette with the embedded one)")
    export_obj: bool = Field(default=False, description="also write an OBJ + MTL next to the GLB")
    steps: int | None = Field(default=None, ge=1, le=500, description="denoising steps of the neural backend "
                              "(default 64); the embedded backend ignores it")

    @field_validator("prompt")
    @classmethod
    def _prompt_has_words(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the prompt is blank: say what object to make")
        return value.strip()


class MeshTool(Tool):
    """Makes a 3D model (GLB, metres, +Y up, PBR materials) from a text prompt or an image."""

    name = "mesh"
    description = (
        "a 3D model (GLB, glTF 2.0, metres, +Y up, PBR materials) from text: furniture, buildings, trees, rocks, "
        "terrain, props, containers, weapons, vehicles, animals and a humanoid character, with colour, material, "
        "size and count, arranged by 'next to', 'on top of', 'around', 'behind', 'in front of', 'in a row'; "
        "or from an image (source)"
    )
    Input = MeshInput
    consumes = {"source": ("image",)}
    produces = ("mesh",)

    async def run(self, args: MeshInput, ctx: ToolContext) -> ToolResult:  # type: ignore[override]
        """Parse the prompt, build the model off the event loop, store the GLB (and OBJ)."""
        from tools.scene.scene import parse_scene

        ctx.progress(0.0, "reading the prompt")
        scene = parse_scene(args.prompt, style=args.style)
        parsed = with_count(scene.parsed, args.count)
        if "obj" in scene.formats and not args.export_obj:
            args = args.model_copy(update={"export_obj": True})  # "as OBJ" in words: the OBJ + MTL as well
        check_request(parsed)
        seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
        mode = "image" if args.source is not None else "text"
        loaded = await ctx.try_neural("mesh", lambda: _load_shap_e(ctx, mode), instead="the embedded mesh composer")
        if loaded is not None:
            return await self._run_neural(args, parsed, ctx, loaded, seed=seed)
        if args.source is not None:
            return await self._run_relief(args, parsed, ctx, seed=seed)
        check_buildable(parsed)
        if args.style and parse_style(args.style) is None:
            ctx.warn(f"the embedded mesh composer does not know the style {args.style!r}; it knows "
                     "low poly, detailed and greybox, and built the default style")
        glb_path = ctx.store.new_path(".glb", stem=_slug(parsed))

        def report(fraction: float, message: str) -> None:
            ctx.progress(0.05 + 0.75 * fraction, message)  # building is most of the work

        def build() -> "ComposedScene":
            from tools.scene.compose import compose_scene

            if not scene.setting.interior:
                return compose_scene(parsed, seed=seed, progress=report)
            # "a bunker", "우주선 조종실": the place's furnishing ringed round the room's middle, on its floor
            # between its walls (the same layout the picture, panorama and video of that room show)
            from tools.render.stage import INTERIOR_CLEAR_M
            from tools.scene.room_shell import add_room_shell

            composed = compose_scene(parsed, seed=seed, progress=report, surround=INTERIOR_CLEAR_M)
            add_room_shell(composed, scene.setting.room)
            return composed

        composed, artifacts = await _build_and_store(
            ctx, args, glb_path, build, lambda composed: composed.scene,
            lambda composed: {**_meta(args, parsed, composed, seed=seed, step_id=ctx.step_id),
                              "scene": scene.meta(), **ctx.fallback_meta("mesh", used="embedded")},
            what=f"the embedded mesh composer failed on {args.prompt!r}")
        ctx.progress(1.0, "done")
        message = _message(parsed, composed) + "".join(f" Note: {note}." for note in scene.notes())
        if args.export_obj:
            message += " The OBJ + MTL is the second file."
        return ToolResult(artifacts=artifacts, detail=message, notes=scene_notes(scene))

    # -- neural: Shap-E -----------------------------------------------------------------------
    async def _run_neural(self, args: MeshInput, parsed: ParsedPrompt, ctx: ToolContext,
                          loaded: "neural.LoadedPipeline", *, seed: int) -> ToolResult:
        """Shap-E text/image -> 3D on the loaded pipeline."""
        from tools.mesh import neural

        ref, mode = loaded.ref, loaded.mode
        image = _load_image(args.source) if args.source is not None else None
        steps = args.steps or neural.DEFAULT_STEPS
        size = natural_size(parsed)
        glb_path = ctx.store.new_path(".glb", stem=f"shap-e-{_slug(parsed)}")

        def on_step(done: int, total: int) -> None:
            ctx.progress(0.1 + 0.7 * done / total, f"denoising step {done}/{total}")

        def build() -> "trimesh.Scene":
            from tools.scene.compose import smooth_shaded

            decoded = neural.generate(loaded, prompt=args.prompt, image=image, seed=seed, steps=steps, on_step=on_step)
            ctx.progress(0.82, "turning the decoded surface into a mesh")
            return _single_node_scene("shap_e_1", "mesh", smooth_shaded(neural.to_trimesh(decoded, size_m=size)))

        def meta(scene: "trimesh.Scene") -> dict[str, Any]:
            return {**_scene_meta(args, scene, seed=seed, step_id=ctx.step_id), "backend": "neural",
                    "model": ref, "mode": f"{mode}-to-3d", "steps": steps, "language": parsed.language,
                    "objects": ["shap_e"], "nodes": ["shap_e_1"], "fallback": False,
                    **({"source": args.source.id} if args.source is not None else {})}

        scene, artifacts = await _build_and_store(ctx, args, glb_path, build, lambda scene: scene, meta,
                                                  what=f"Shap-E failed on {args.prompt!r}")
        ctx.progress(1.0, "done")
        what = "the picture" if mode == "image" else repr(args.prompt)
        return ToolResult(artifacts=artifacts, detail=(
            f"Generated a 3D model of {what} with Shap-E ({ref}, {steps} steps, seed {seed}; "
            f"{artifacts[0].meta['triangles']} triangles, {_size_text(artifacts[0].meta)} m)."))

    # -- embedded image -> 3D: a relief ---------------------------------------------------------
    async def _run_relief(self, args: MeshInput, parsed: ParsedPrompt, ctx: ToolContext, *, seed: int) -> ToolResult:
        from tools.scene.relief import relief_from_image

        assert args.source is not None
        height = natural_size(parsed, default=1.0, axis="height")
        glb_path = ctx.store.new_path(".glb", stem="relief")
        found: dict[str, Any] = {}

        def build() -> "trimesh.Scene":
            ctx.progress(0.2, "cutting out the picture's silhouette")
            relief = relief_from_image(args.source.path, height_m=height)  # type: ignore[union-attr]
            found.update(cutout=relief.cutout, coverage=relief.coverage)
            from tools.scene.compose import with_unit_normals

            ctx.progress(0.8, "building the relief")
            # smooth: the puffed surface has no hard edges
            return _single_node_scene("relief_1", "relief", with_unit_normals(relief.mesh))

        def meta(scene: "trimesh.Scene") -> dict[str, Any]:
            data = {**_scene_meta(args, scene, seed=seed, step_id=ctx.step_id), "backend": "embedded",
                    "mode": "image-to-3d", "method": "relief", "source": args.source.id,  # type: ignore[union-attr]
                    "objects": ["relief"], "nodes": ["relief_1"], "fallback": False, "language": parsed.language,
                    **found, **ctx.fallback_meta("mesh", used="embedded")}
            return data

        scene, artifacts = await _build_and_store(ctx, args, glb_path, build, lambda scene: scene, meta,
                                                  what="the relief builder failed on the picture")
        ctx.progress(1.0, "done")
        how = {"alpha": "its transparency", "background": "its plain background",
               "whole image": "the whole picture (no plain background to cut away)"}[found["cutout"]]
        return ToolResult(artifacts=artifacts, notes=[Words(
            en="It's a relief cut from the picture's outline, so its back is a copy of the front.",
            ko="그림의 윤곽을 따라 만든 부조라서 뒷면은 앞면과 같아요.")], detail=(
            f"Built a relief from the picture: a puffed-up cut-out of its silhouette (found from {how}), textured "
            f"with the picture, {_size_text(artifacts[0].meta)} m. It is not a full 3D reconstruction of the hidden "
            "side; the neural mesh backend (Shap-E image-to-3D, profile neural) does that."))


def _load_shap_e(ctx: ToolContext, mode: str) -> "neural.LoadedPipeline":
    """The Shap-E pipeline ``models.mesh`` names for ``mode``; ``BackendError`` (naming the fix) if it cannot load."""
    from tools.mesh import neural

    text_ref, image_ref = neural.model_refs(ctx.settings.models.get("mesh"))
    ref = image_ref if mode == "image" else text_ref
    ctx.progress(0.02, f"loading Shap-E ({ref})")
    return neural.load_pipeline(ref, mode)


def check_buildable(parsed: ParsedPrompt) -> None:
    """Refuse a prompt the embedded composer has nothing to build for, naming the nearest kinds."""
    if not parsed.objects:
        from tools.scene.nouns import suggestions

        if parsed.unmatched:
            words = ", ".join(f"'{word}'" for word in parsed.unmatched)
            near: list[str] = []
            for word in parsed.unmatched:
                near += [kind for kind in suggestions([word]) if kind not in near]
            raise ToolError(f"I can't build {words} yet: the embedded library has no such model and nothing close "
                            f"enough. Kinds near it: {', '.join(k.replace('_', ' ') for k in near[:5])}; or use the "
                            "neural mesh backend (profile neural)")
        raise ToolError("the prompt names no object to build; say what to make, e.g. 'a wooden table', "
                        "'three pine trees', '빨간 의자'")


def check_request(parsed: ParsedPrompt) -> None:
    """Refuse requests no model should be built for, with a message that says what would work."""
    if parsed.total > MAX_OBJECTS:
        raise ToolError(f"that asks for {parsed.total} objects; the mesh tool places at most {MAX_OBJECTS} "
                        "per model, so split it into several requests")
    for item in parsed.objects:
        for axis, metres in item.dimensions.items():
            what = f"the {axis} of the {item.noun}" if axis != "size" else f"the size of the {item.noun}"
            if metres <= 0:
                raise ToolError(f"{what} is {metres:g} m; sizes must be positive, e.g. 'a 2 m tall tree'")
            if metres > MAX_SIZE_M:
                raise ToolError(f"{what} is {metres:g} m; the mesh tool builds objects up to {MAX_SIZE_M:g} m "
                                "(a terrain tile or a tower), so ask for something smaller")
            if metres < MIN_SIZE_M:
                raise ToolError(f"{what} is {metres * 1000:g} mm; the smallest size the mesh tool builds is "
                                f"{MIN_SIZE_M * 1000:g} mm")
        if max(item.scale) > MAX_SCALE:
            raise ToolError(f"the size words for the {item.noun} ({' '.join(item.size_words)}) scale it "
                            f"{max(item.scale):g} times; use at most {MAX_SCALE:g} or give a size in metres")


def natural_size(parsed: ParsedPrompt, *, default: float = 1.0, axis: str = "size") -> float:
    """A size in metres for a single generated shape: written sizes, else the known kind's, else ``default``."""
    import numpy as np

    from tools.scene.compose import _build

    if not parsed.objects:
        return default
    item = parsed.objects[0]
    for name in (axis, "height", "size", "length", "width"):
        if name in item.dimensions:
            return float(item.dimensions[name])
    if item.kind is not None:
        parts = _build(item, "low_poly", np.random.default_rng(0))  # cheap: only its extent is used
        lows = np.min([part.mesh.bounds[0] for part in parts], axis=0)
        highs = np.max([part.mesh.bounds[1] for part in parts], axis=0)
        extent = highs - lows
        return float(extent[1] if axis == "height" else extent.max())
    return default * max(item.scale)


async def _build_and_store(ctx: ToolContext, args: MeshInput, glb_path: Path, build: Callable[[], Any],
                           scene_of: Callable[[Any], "trimesh.Scene"], meta_of: Callable[[Any], dict[str, Any]], *,
                           what: str) -> tuple[Any, list[Artifact]]:
    """Run ``build`` off the loop, write GLB (+ OBJ/MTL), store them; no half-written files on failure."""
    obj_path = glb_path.with_suffix(".obj") if args.export_obj else None

    def work() -> Any:
        from tools.scene.export import write_glb, write_obj

        built = build()
        ctx.progress(0.85, "writing GLB")
        write_glb(scene_of(built), glb_path)
        if obj_path is not None:
            write_obj(scene_of(built), obj_path)
        return built

    written = [glb_path] + ([obj_path, obj_path.with_suffix(".mtl")] if obj_path is not None else [])
    try:
        built = await ctx.to_thread(work)
        ctx.progress(0.95, "storing the model")
    except AtelierError:
        _remove(written)  # a cancelled step leaves no half-written files behind
        raise
    except Exception as exc:
        _remove(written)
        raise BackendError(f"{what}: {type(exc).__name__}: {exc}", retryable=False) from exc
    meta = meta_of(built)
    artifacts = [ctx.store.add(glb_path, kind="mesh", meta=meta)]
    if obj_path is not None:
        obj_meta = {**meta, "format": "obj", "mtl": obj_path.with_suffix(".mtl").name, "glb": artifacts[0].id}
        artifacts.append(ctx.store.add(obj_path, kind="mesh", meta=obj_meta))
    return built, artifacts


def _single_node_scene(node: str, part: str, mesh: "trimesh.Trimesh") -> "trimesh.Scene":
    import trimesh

    scene = trimesh.Scene()
    scene.graph.update(frame_from=scene.graph.base_frame, frame_to=node, matrix=trimesh.transformations.identity_matrix())
    scene.add_geometry(mesh, node_name=f"{node}/{part}", geom_name=f"{node}/{part}", parent_node_name=node)
    return scene


def _load_image(source: Artifact) -> Any:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(source.path) as opened:
            picture = opened.convert("RGBA")
    except (UnidentifiedImageError, OSError) as exc:
        raise ToolError(f"cannot read the source {source.id} as an image ({exc}); give a PNG or JPEG") from exc
    flat = Image.new("RGB", picture.size, (255, 255, 255))  # Shap-E was trained on white backgrounds
    flat.paste(picture, mask=picture.getchannel("A"))
    return flat


def _scene_meta(args: MeshInput, scene: "trimesh.Scene", *, seed: int, step_id: str) -> dict[str, Any]:
    low, high = scene.bounds
    low = [round(float(v), 4) + 0.0 for v in low]
    high = [round(float(v), 4) + 0.0 for v in high]
    return {"prompt": args.prompt, "tool": "mesh", "seed": seed, "step_id": step_id,
            "triangles": int(sum(len(mesh.faces) for mesh in scene.geometry.values())),
            "bbox": {"min": low, "max": high}, "size_m": [round(h - lo, 4) for lo, h in zip(low, high)],
            "units": "m", "up": "+Y"}


def _size_text(meta: dict[str, Any]) -> str:
    return " × ".join(f"{v:.2f}" for v in meta["size_m"])


def _remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


# -- reporting -----------------------------------------------------------------------------------


def _meta(args: MeshInput, parsed: ParsedPrompt, composed: "ComposedScene", *, seed: int,
          step_id: str) -> dict[str, Any]:
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
        "fallback": False,
        "relations": composed.relations,
        "placements": [{"node": placed.node, "position": list(placed.position), "yaw_deg": placed.yaw_deg,
                        "bbox": {"min": list(placed.bbox_min), "max": list(placed.bbox_max)},
                        **({"relation": placed.relation} if placed.relation else {}),
                        **({"anchor": placed.anchor} if placed.anchor else {})} for placed in composed.objects],
    }
    if parsed.unmatched:
        meta["unknown"] = list(parsed.unmatched)
    if parsed.ignored:
        meta["ignored_words"] = parsed.ignored
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
    lines = []
    if known:
        lines.append(f"Built {_and_list([_describe(item) for item in known])} with the embedded composer "
                     f"({size} m, {composed.triangles} triangles).")
    for relation in parsed.relations:
        subject = parsed.objects[relation.subject]
        name = (subject.kind or subject.noun).replace("_", " ")
        if relation.anchor is None:
            lines.append(f"The {name}{'s stand' if subject.count > 1 else ' stands'} {RELATION_WORDS[relation.relation]}"
                         f"{' a circle' if relation.relation == 'around' else ''}.")
        else:
            anchor = parsed.objects[relation.anchor]
            verb = "stand" if subject.count > 1 else ("sits" if relation.relation == "on_top" else
                                                      "is" if relation.relation == "held" else "stands")
            plural = "s" if subject.count > 1 else ""
            lines.append(f"The {name}{plural} {verb} {RELATION_WORDS[relation.relation]} the "
                         f"{(anchor.kind or anchor.noun).replace('_', ' ')}.")
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

