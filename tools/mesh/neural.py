"""The neural mesh backend: diffusers Shap-E, text -> 3D and image -> 3D, decoded to a GLB mesh.

``settings.models["mesh"]`` names the model: a hub id or a local directory written by
``save_pretrained``. One value serves the mode it is (a directory whose ``model_index.json`` says
``ShapEImg2ImgPipeline``, or an id ending in ``img2img``, is the image model); ``"TEXT,IMAGE"``
names both. Defaults: ``openai/shap-e`` and ``openai/shap-e-img2img``. torch and diffusers are
imported only here, inside functions (house rule 1).

Shap-E decodes a signed distance field on a grid over [-1, 1]^3, Z up, with linear vertex
colours; :func:`to_trimesh` turns that to glTF's +Y up, sets it on the ground at a size in
metres, and keeps the colours as ``COLOR_0``.
"""

from __future__ import annotations

import json
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from agent.errors import BackendError

if TYPE_CHECKING:
    import trimesh

DEFAULT_TEXT_MODEL = "openai/shap-e"
DEFAULT_IMAGE_MODEL = "openai/shap-e-img2img"
DEFAULT_STEPS = 64
GUIDANCE = {"text": 15.0, "image": 3.0}  # the values of the diffusers Shap-E examples

StepReport = Callable[[int, int], None]


def model_refs(configured: str | None) -> tuple[str, str]:
    """(text model, image model) from the ``models.mesh`` setting."""
    if not configured or not configured.strip():
        return DEFAULT_TEXT_MODEL, DEFAULT_IMAGE_MODEL
    pieces = [piece.strip() for piece in configured.split(",") if piece.strip()]
    if len(pieces) >= 2:
        return pieces[0], pieces[1]
    only = pieces[0]
    return (DEFAULT_TEXT_MODEL, only) if is_image_model(only) else (only, DEFAULT_IMAGE_MODEL)


def is_image_model(ref: str) -> bool:
    """True for an image-conditioned Shap-E: a local pipeline of that class, or an ``*img2img`` id."""
    index = Path(ref).expanduser() / "model_index.json"
    if index.is_file():
        try:
            return json.loads(index.read_text(encoding="utf-8")).get("_class_name") == "ShapEImg2ImgPipeline"
        except (OSError, ValueError):
            return False
    return ref.rstrip("/").lower().endswith("img2img")


class LoadedPipeline:
    """A loaded Shap-E pipeline and a lock: one generation at a time per pipeline."""

    def __init__(self, pipe: Any, *, ref: str, mode: str, device: str) -> None:
        self.pipe = pipe
        self.ref = ref
        self.mode = mode
        self.device = device
        self.lock = threading.Lock()


@lru_cache(maxsize=2)
def load_pipeline(ref: str, mode: str) -> LoadedPipeline:
    """Load (once per process) the Shap-E pipeline at ``ref`` for ``mode`` ("text" or "image").

    Whatever goes wrong (no diffusers, no network, a bad directory) is a ``BackendError`` that
    names the setting to fix; the tool's backend rule (``ToolContext.try_neural``) decides
    whether that falls back to the embedded composer or fails the step.
    """
    try:
        import torch
        from diffusers import ShapEImg2ImgPipeline, ShapEPipeline

        cls = ShapEImg2ImgPipeline if mode == "image" else ShapEPipeline
        device = "cuda" if torch.cuda.is_available() else "cpu"
        dtype = torch.float16 if device == "cuda" else torch.float32
        pipe = cls.from_pretrained(str(Path(ref).expanduser()) if Path(ref).expanduser().is_dir() else ref,
                                   dtype=dtype)
    except Exception as exc:
        reason = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise BackendError(f"could not load Shap-E from {ref!r} ({type(exc).__name__}: {reason}); set models.mesh to "
                           "a downloaded model id or a local directory", retryable=False) from exc
    pipe.to(device)
    pipe.set_progress_bar_config(disable=True)
    return LoadedPipeline(pipe, ref=ref, mode=mode, device=device)


def generate(loaded: LoadedPipeline, *, prompt: str | None = None, image: Any = None, seed: int,
             steps: int = DEFAULT_STEPS, on_step: StepReport | None = None) -> Any:
    """Run Shap-E and return the decoded mesh (diffusers' ``MeshDecoderOutput``).

    ``on_step(done, total)`` is called after every denoising step (Heun takes two model calls
    per step, so ``total`` is the scheduler's count, about twice ``steps``); it may raise to cancel.
    """
    import torch

    pipe = loaded.pipe
    generator = torch.Generator(device="cpu").manual_seed(seed)
    condition: dict[str, Any] = {"image": image} if loaded.mode == "image" else {"prompt": prompt}

    def stepped(iterable: Any = None, total: int | None = None) -> Any:
        items = list(iterable) if iterable is not None else list(range(total or 0))
        for done, item in enumerate(items, start=1):
            yield item
            if on_step is not None:
                on_step(done, len(items))

    with loaded.lock:
        pipe.progress_bar = stepped  # diffusers walks its timesteps through self.progress_bar
        try:
            output = pipe(**condition, num_inference_steps=steps, generator=generator,
                          guidance_scale=GUIDANCE[loaded.mode], output_type="mesh")
        except (ValueError, RuntimeError, IndexError) as exc:
            if "non-empty" in str(exc) or "expected a non-empty list" in str(exc):
                raise BackendError(
                    "Shap-E decoded an empty surface for this input; try another seed or a more concrete prompt",
                    retryable=True) from exc
            raise
        finally:
            del pipe.progress_bar
    return output.images[0]


def to_trimesh(decoded: Any, *, size_m: float = 1.0) -> "trimesh.Trimesh":
    """A +Y-up trimesh of a decoded Shap-E mesh whose largest side is ``size_m``, base centre at the origin.

    Shap-E has no notion of scale; the caller picks the size (from the prompt's words or kind).
    """
    import numpy as np
    import trimesh

    vertices = decoded.verts.detach().float().cpu().numpy().astype(np.float64)
    faces = decoded.faces.detach().cpu().numpy().astype(np.int64)
    if len(vertices) == 0 or len(faces) == 0:
        raise BackendError("Shap-E decoded an empty surface; try another seed or prompt", retryable=True)
    # Z up (Shap-E) -> Y up (glTF): x stays, y' = z, z' = -y
    vertices = np.c_[vertices[:, 0], vertices[:, 2], -vertices[:, 1]]
    channels = decoded.vertex_channels or {}
    colours = None
    if all(name in channels for name in "RGB"):
        rgb = np.stack([channels[name].detach().float().cpu().numpy() for name in "RGB"], axis=1)[: len(vertices)]
        # the channels are linear already (diffusers converts from sRGB); COLOR_0 is linear too
        colours = np.c_[np.clip(rgb, 0, 1) * 255, np.full(len(rgb), 255)].round().astype(np.uint8)
    mesh = trimesh.Trimesh(vertices=vertices, faces=faces, vertex_colors=colours, process=True)
    mesh.fix_normals()  # marching cubes leaves winding to chance; face outwards for back-face culling
    low, high = mesh.bounds
    largest = max(float((high - low).max()), 1e-6)
    mesh.apply_translation([-(low[0] + high[0]) / 2, -low[1], -(low[2] + high[2]) / 2])
    mesh.apply_scale(size_m / largest)
    return mesh
