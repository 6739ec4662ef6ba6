"""Neural video backend: Stable Video Diffusion (image to video) or a text-to-video pipeline.

``models.video`` picks the model; its ``model_index.json`` class decides the path. SVD needs a
picture: the source image, or one made from the prompt by the image tool's backends first.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from tools.diffusion.loader import (
    default_steps_and_guidance, device_and_dtype, generator, load_pipeline, pipeline_class_name, step_callback,
)

SVD_CLASS = "StableVideoDiffusionPipeline"
SVD_MAX_FRAMES = 25


def generate_video(*, model: str, prompt: str, picture: Any, width: int, height: int, duration_s: float, fps: int,
                   steps: int | None, guidance: float | None, negative_prompt: str | None, seed: int, settings: Any,
                   progress: Callable[[float, str], None]) -> tuple[list[np.ndarray], float, dict[str, Any]]:
    """Frames (uint8 RGB), the frame rate that makes them last ``duration_s``, and what was used."""
    import torch
    from diffusers import DiffusionPipeline, StableVideoDiffusionPipeline

    progress(0.02, f"loading {model}")
    class_name = pipeline_class_name(model)
    device, _ = device_and_dtype()
    used: dict[str, Any] = {"model": model, "device": device}
    if class_name == SVD_CLASS or (class_name is None and "video-diffusion" in model.lower()):
        pipe = load_pipeline("video", model,
                             lambda m, dt: StableVideoDiffusionPipeline.from_pretrained(m, torch_dtype=dt))
        if picture is None:
            picture = _picture_from_text(prompt, width=width, height=height, seed=seed, settings=settings)
            used["first_frame"] = "made from the prompt"
        frames = max(2, min(SVD_MAX_FRAMES, int(round(duration_s * fps))))
        steps = steps or 25
        with torch.inference_mode():
            result = pipe(picture.resize((width, height)), height=height, width=width, num_frames=frames,
                          num_inference_steps=steps, decode_chunk_size=8, generator=generator(seed, device),
                          output_type="np", callback_on_step_end=step_callback(progress, steps),
                          max_guidance_scale=guidance if guidance is not None else 3.0)
        video = result.frames[0]
        used.update(mode="image-to-video", steps=steps)
    else:
        pipe = load_pipeline("video-t2v", model, lambda m, dt: DiffusionPipeline.from_pretrained(m, torch_dtype=dt))
        steps, guidance = default_steps_and_guidance(model, steps, guidance)
        frames = max(2, min(64, int(round(duration_s * fps))))
        kwargs: dict[str, Any] = {"prompt": prompt, "num_frames": frames, "num_inference_steps": steps,
                                  "guidance_scale": guidance, "height": height, "width": width,
                                  "generator": generator(seed, device), "output_type": "np",
                                  "callback_on_step_end": step_callback(progress, steps)}
        if negative_prompt:
            kwargs["negative_prompt"] = negative_prompt
        with torch.inference_mode():
            video = pipe(**kwargs).frames[0]
        used.update(mode="text-to-video", steps=steps, guidance=guidance)
    array = np.asarray(video, np.float32)
    if array.max() <= 1.0 + 1e-3:
        array = array * 255.0
    out = [np.clip(frame + 0.5, 0, 255).astype(np.uint8) for frame in array]
    return out, len(out) / duration_s, used


def _picture_from_text(prompt: str, *, width: int, height: int, seed: int, settings: Any) -> Any:
    """SVD's first frame from text: the neural image model when configured, else the embedded render."""
    from PIL import Image

    if settings.backend_for("image") == "neural":
        from tools.image.neural import DEFAULT_MODEL, generate

        images, _ = generate(model=settings.models.get("image", DEFAULT_MODEL), prompt=prompt, negative_prompt=None,
                             width=width, height=height, steps=None, guidance=None, seed=seed, count=1,
                             progress=lambda fraction, message: None)
        return images[0]
    from tools.image.embedded import render_prompt

    return Image.fromarray(render_prompt(prompt, width=width, height=height, style="shaded", seed=seed).pixels)
