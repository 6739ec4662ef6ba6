"""Neural panorama backend: MultiDiffusion (``StableDiffusionPanoramaPipeline``) with circular
padding for a seamless wrap, or LDM3D-pano (colour + depth) when the model is an LDM3D one."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from tools.diffusion.loader import (
    default_steps_and_guidance, device_and_dtype, generator, load_pipeline, pipeline_class_name, step_callback,
)

LDM3D_CLASS = "StableDiffusionLDM3DPipeline"


def generate_panorama(*, model: str, prompt: str, negative_prompt: str | None, width: int, steps: int | None,
                      guidance: float | None, seed: int, progress: Callable[[float, str], None]
                      ) -> tuple[np.ndarray, np.ndarray | None, dict[str, Any]]:
    """(colour uint8 (H, 2H, 3), depth in metres-like units or None, what was used)."""
    import torch
    from diffusers import StableDiffusionLDM3DPipeline, StableDiffusionPanoramaPipeline

    progress(0.02, f"loading {model}")
    is_ldm3d = pipeline_class_name(model) == LDM3D_CLASS or "ldm3d" in model.lower()
    steps, guidance = default_steps_and_guidance(model, steps, guidance)
    device, _ = device_and_dtype()
    width = max(128, width // 16 * 16)
    height = width // 2
    kwargs: dict[str, Any] = {"prompt": prompt, "height": height, "width": width, "num_inference_steps": steps,
                              "guidance_scale": guidance, "generator": generator(seed, device), "output_type": "np",
                              "callback_on_step_end": step_callback(progress, steps)}
    if negative_prompt and guidance > 1.0:
        kwargs["negative_prompt"] = negative_prompt
    depth = None
    with torch.inference_mode():
        if is_ldm3d:
            pipe = load_pipeline("panorama-ldm3d", model,
                                 lambda m, dt: StableDiffusionLDM3DPipeline.from_pretrained(m, torch_dtype=dt))
            out = pipe(**kwargs)
            colour = out.rgb[0]
            depth = np.asarray(out.depth[0], np.float32).squeeze()
            mode = "ldm3d-pano"
        else:
            pipe = load_pipeline("panorama", model,
                                 lambda m, dt: StableDiffusionPanoramaPipeline.from_pretrained(m, torch_dtype=dt))
            colour = pipe(circular_padding=True, **kwargs).images[0]
            mode = "multidiffusion-circular"
    colour = (np.clip(np.asarray(colour, np.float32), 0, 1) * 255 + 0.5).astype(np.uint8)
    if depth is not None:
        # LDM3D predicts relative depth in [0, 1] (far = 1): map to pseudo metres 1..100 for the shared encoding
        depth = 1.0 + 99.0 * np.clip(depth / max(float(depth.max()), 1e-6), 0, 1)
    return colour, depth, {"model": model, "steps": steps, "guidance": guidance, "mode": mode, "device": device}
