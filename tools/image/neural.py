"""Neural image backend: diffusers text-to-image, image-to-image and ControlNet (OpenPose) pipelines.

The model is ``settings.models["image"]`` (a hub id or a local folder), default SD-Turbo.
Image-to-image and ControlNet reuse the text-to-image weights (``AutoPipeline*.from_pipe``).
"""

from __future__ import annotations

import math
from typing import Any, Callable

from PIL import Image

from tools.diffusion.loader import (
    default_steps_and_guidance, device_and_dtype, generator, load_pipeline, step_callback,
)

DEFAULT_MODEL = "stabilityai/sd-turbo"
# OpenPose ControlNets per base family (used when the request carries a pose and no controlnet is named)
DEFAULT_CONTROLNETS = {
    "sd15": "lllyasviel/sd-controlnet-openpose",
    "sd2": "thibaud/controlnet-sd21-openpose-diffusers",
    "sdxl": "thibaud/controlnet-openpose-sdxl-1.0",
}


def text_to_image_pipeline(model: str, *, compile_models: bool = False) -> Any:
    from diffusers import AutoPipelineForText2Image

    return load_pipeline("image", model, lambda m, dtype: AutoPipelineForText2Image.from_pretrained(m, torch_dtype=dtype),
                         compile_models=compile_models)


def base_family(pipe: Any) -> str:
    name = type(pipe).__name__
    if "XL" in name:
        return "sdxl"
    dim = getattr(getattr(pipe, "unet", None), "config", None)
    cross = getattr(dim, "cross_attention_dim", 768) if dim is not None else 768
    return "sd2" if cross == 1024 else "sd15"


def generate(*, model: str, prompt: str, negative_prompt: str | None, width: int, height: int, steps: int | None,
             guidance: float | None, seed: int, count: int, source: Image.Image | None = None, strength: float = 0.6,
             pose: Image.Image | None = None, controlnet: str | None = None,
             progress: Callable[[float, str], None], compile_models: bool = False,
             ) -> tuple[list[Image.Image], dict[str, Any]]:
    """Run the right pipeline and return the pictures and what was used (for the artifact meta)."""
    from diffusers import AutoPipelineForImage2Image, AutoPipelineForText2Image, ControlNetModel

    progress(0.02, f"loading {model}")
    base = text_to_image_pipeline(model, compile_models=compile_models)
    steps, guidance = default_steps_and_guidance(model, steps, guidance)
    device, dtype = device_and_dtype()
    kwargs: dict[str, Any] = {"prompt": prompt, "num_inference_steps": steps, "guidance_scale": guidance,
                              "num_images_per_prompt": count, "generator": generator(seed, device),
                              "output_type": "pil"}
    if negative_prompt and guidance > 1.0:
        kwargs["negative_prompt"] = negative_prompt
    used: dict[str, Any] = {"model": model, "steps": steps, "guidance": guidance, "device": device}
    effective_steps = steps
    if pose is not None:
        family = base_family(base)
        control_id = controlnet or DEFAULT_CONTROLNETS[family]
        net = load_pipeline("image-controlnet", control_id,
                            lambda m, dt: ControlNetModel.from_pretrained(m, torch_dtype=dt))
        pipe = AutoPipelineForText2Image.from_pipe(base, controlnet=net)
        kwargs.update(image=pose.resize((width, height)), width=width, height=height)
        used.update(mode="controlnet-pose", controlnet=control_id)
    elif source is not None:
        pipe = AutoPipelineForImage2Image.from_pipe(base)
        if steps * strength < 1:  # few-step models: at least one step must run
            kwargs["num_inference_steps"] = steps = math.ceil(1 / strength)
        kwargs.update(image=source.resize((width, height)), strength=strength)
        effective_steps = max(1, int(steps * strength))
        used.update(mode="image-to-image", strength=strength, steps=steps)
    else:
        pipe = base
        kwargs.update(width=width, height=height)
        used.update(mode="text-to-image")
    pipe.set_progress_bar_config(disable=True)
    kwargs["callback_on_step_end"] = step_callback(progress, effective_steps)
    import torch

    with torch.inference_mode():
        images = pipe(**kwargs).images
    progress(0.97, "decoded")
    return [image.convert("RGB") for image in images], used
