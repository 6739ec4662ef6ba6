"""Shared plumbing of the diffusers backends (image, panorama, video): device and dtype choice,
a cache of loaded pipelines, per-step progress callbacks, and load errors that say what to do.

Imported only when a neural backend runs; it imports torch and diffusers inside functions.
"""

from __future__ import annotations

import threading
from typing import Any, Callable

from agent.errors import BackendError

_CACHE: dict[tuple[str, ...], Any] = {}  # loaded pipelines, a registry keyed by (kind, model, device)
_LOCK = threading.Lock()
FAST_MODEL_MARKERS = ("turbo", "lcm", "lightning", "hyper", "schnell")


def device_and_dtype() -> tuple[str, Any]:
    """CUDA with fp16 when a GPU is present, else CPU with fp32."""
    import torch

    if torch.cuda.is_available():
        return "cuda", torch.float16
    return "cpu", torch.float32


def is_fast_model(model: str) -> bool:
    """Distilled few-step models (SD-Turbo, LCM, ...) want few steps and no guidance."""
    return any(marker in model.lower() for marker in FAST_MODEL_MARKERS)


def default_steps_and_guidance(model: str, steps: int | None, guidance: float | None) -> tuple[int, float]:
    fast = is_fast_model(model)
    return (steps if steps is not None else (4 if fast else 25),
            guidance if guidance is not None else (0.0 if fast else 7.5))


def pipeline_class_name(model: str) -> str | None:
    """The ``_class_name`` in a model's ``model_index.json`` (local path or cached hub id)."""
    from diffusers import DiffusionPipeline

    try:
        config = DiffusionPipeline.load_config(model)
    except Exception:
        return None
    return config.get("_class_name") if isinstance(config, dict) else None


def cached(key: tuple[str, ...], load: Callable[[], Any]) -> Any:
    """Load once per key; loads are serialised (two steps asking for one model share it)."""
    with _LOCK:
        if key not in _CACHE:
            _CACHE[key] = load()
        return _CACHE[key]


def load_pipeline(kind: str, model: str, loader: Callable[[str, Any], Any], *, compile_models: bool = False) -> Any:
    """``loader(model, dtype)`` on the chosen device, cached, with errors a user can act on.

    ``compile_models`` (setting ``compile_models``) wraps the denoiser and the VAE decoder in
    ``torch.compile`` on CUDA: the first call takes minutes, later ones run about 3x faster
    (bench/visual_gpu.py: SDXL-Turbo size 316 -> 109 ms on an H100).
    """
    device, dtype = device_and_dtype()
    compile_models = compile_models and device == "cuda"

    def load() -> Any:
        try:
            pipe = loader(model, dtype)
        except Exception as exc:
            raise BackendError(
                f"could not load the {kind} model {model!r} ({type(exc).__name__}: {str(exc)[:300]}); "
                f"set models.{kind.split('-')[0]} in atelier.toml to a diffusers model id or local folder, "
                "and download it first if this machine is offline",
                retryable=False,
            ) from exc
        pipe = pipe.to(device)
        if hasattr(pipe, "set_progress_bar_config"):
            pipe.set_progress_bar_config(disable=True)
        if compile_models:
            _compile(pipe)
        return pipe

    return cached((kind, model, device, str(compile_models)), load)


def _compile(pipe: Any) -> None:
    import torch

    denoiser = "unet" if getattr(pipe, "unet", None) is not None else "transformer"
    if getattr(pipe, denoiser, None) is not None:
        getattr(pipe, denoiser).to(memory_format=torch.channels_last)
        setattr(pipe, denoiser, torch.compile(getattr(pipe, denoiser), mode="reduce-overhead", fullgraph=True))
    if getattr(pipe, "vae", None) is not None:
        pipe.vae.decode = torch.compile(pipe.vae.decode, mode="reduce-overhead")


def step_callback(progress: Callable[[float, str], None], total_steps: int, *, start: float = 0.05,
                  end: float = 0.95, label: str = "denoising") -> Callable[..., dict[str, Any]]:
    """A ``callback_on_step_end`` that reports each denoising step (and so honours cancellation)."""
    total = max(1, total_steps)

    def callback(pipe: Any, step: int, timestep: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
        done = min(step + 1, total)
        progress(start + (end - start) * done / total, f"{label} step {done}/{total}")
        return kwargs

    return callback


def generator(seed: int, device: str) -> Any:
    import torch

    return torch.Generator(device="cpu" if device == "mps" else device).manual_seed(int(seed))
