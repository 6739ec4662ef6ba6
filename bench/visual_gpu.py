"""GPU benchmark of the neural image backend: full-size SD-Turbo and SDXL-Turbo architectures
with random weights (speed does not depend on weight values), 512x512, 4 steps, fp16, SDPA.

Each model is built from its config, saved, and loaded back through the image tool's own
backend (``tools.image.neural.generate`` -> ``AutoPipelineForText2Image.from_pretrained``), so
the figures include the tool's real code path (text encoding, 4 UNet steps, VAE decode, PIL).
Then the UNet is ``torch.compile``d and timed again. Reference: 83.8 ms for SDXL-Turbo 512^2,
4 steps with TensorRT (NVIDIA's published figure); the target is within 2x.

    python -m bench.visual_gpu [--runs 10] [--no-compile] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

REFERENCE_MS = 83.8


def _time(fn, runs: int) -> list[float]:
    import torch

    times = []
    for _ in range(runs):
        torch.cuda.synchronize()
        start = time.perf_counter()
        fn()
        torch.cuda.synchronize()
        times.append((time.perf_counter() - start) * 1000)
    return times


def bench_model(name: str, build, *, runs: int, compile_unet: bool, rows: list[dict]) -> None:
    import torch

    from tools.image import diffusion, neural

    folder = Path(tempfile.mkdtemp()) / f"{name}-turbo-random"
    started = time.perf_counter()
    pipe = build(torch.float16)
    pipe.save_pretrained(folder)
    del pipe
    torch.cuda.empty_cache()
    print(f"[{name}] built and saved in {time.perf_counter() - started:.1f} s", flush=True)

    def call(compile_models: bool = False) -> None:
        neural.generate(model=str(folder), prompt="a castle on a hill at sunset", negative_prompt=None, width=512,
                        height=512, steps=4, guidance=0.0, seed=1, count=1, progress=lambda f, m: None,
                        compile_models=compile_models)

    started = time.perf_counter()
    call()  # load + first run
    print(f"[{name}] load + first call {time.perf_counter() - started:.1f} s", flush=True)
    for _ in range(2):
        call()
    times = _time(call, runs)
    pipe = neural.text_to_image_pipeline(str(folder))
    params = sum(p.numel() for p in pipe.unet.parameters()) / 1e6
    attn = type(next(iter(pipe.unet.attn_processors.values()))).__name__
    rows.append({"model": name, "variant": f"eager fp16 ({attn})", "unet_params_m": round(params),
                 "p50_ms": statistics.median(times), "min_ms": min(times), "runs": runs})
    print(rows[-1], flush=True)

    # the UNet alone: 4 steps' worth of forward passes (the part TensorRT accelerates most)
    unet_times = _unet_steps(pipe, runs)
    rows.append({"model": name, "variant": "unet x4 only, eager", "unet_params_m": round(params),
                 "p50_ms": statistics.median(unet_times), "min_ms": min(unet_times), "runs": runs})
    print(rows[-1], flush=True)
    # components of one call, to see where the time goes
    for label, fn in _components(pipe).items():
        part = _time(fn, runs)
        rows.append({"model": name, "variant": label, "unet_params_m": round(params),
                     "p50_ms": statistics.median(part), "min_ms": min(part), "runs": runs})
        print(rows[-1], flush=True)
    if compile_unet:  # the `compile_models = true` setting's own path (tools/diffusion/loader.py)
        del pipe
        diffusion._CACHE.clear()
        torch.cuda.empty_cache()
        started = time.perf_counter()
        for _ in range(3):
            call(compile_models=True)
        print(f"[{name}] compile + warm-up {time.perf_counter() - started:.1f} s", flush=True)
        times = _time(lambda: call(compile_models=True), runs)
        pipe = neural.text_to_image_pipeline(str(folder), compile_models=True)
        rows.append({"model": name, "variant": "compiled unet+vae (compile_models) fp16",
                     "unet_params_m": round(params), "p50_ms": statistics.median(times), "min_ms": min(times),
                     "runs": runs})
        print(rows[-1], flush=True)
        unet_times = _unet_steps(pipe, runs)
        rows.append({"model": name, "variant": "unet x4 only, compiled (compile_models)",
                     "unet_params_m": round(params), "p50_ms": statistics.median(unet_times),
                     "min_ms": min(unet_times), "runs": runs})
        print(rows[-1], flush=True)
    diffusion._CACHE.clear()
    del pipe
    torch.cuda.empty_cache()


def _components(pipe) -> dict:
    """Text encoding and VAE decoding of one call, timed on their own."""
    import torch

    latents = torch.randn(1, 4, 64, 64, device="cuda", dtype=torch.float16)

    def encode() -> None:
        with torch.inference_mode():
            pipe.encode_prompt("a castle on a hill at sunset", device="cuda", num_images_per_prompt=1,
                               do_classifier_free_guidance=False)

    def decode() -> None:
        with torch.inference_mode():
            pipe.vae.decode(latents / pipe.vae.config.scaling_factor)

    encode()
    decode()
    return {"text encoding only": encode, "vae decode only": decode}


def _unet_steps(pipe, runs: int) -> list[float]:
    import torch

    unet = pipe.unet
    latents = torch.randn(1, 4, 64, 64, device="cuda", dtype=torch.float16)
    cross = torch.randn(1, 77, unet.config.cross_attention_dim, device="cuda", dtype=torch.float16)
    extra = {}
    if unet.config.addition_embed_type == "text_time":
        extra = {"added_cond_kwargs": {"text_embeds": torch.randn(1, 1280, device="cuda", dtype=torch.float16),
                                       "time_ids": torch.tensor([[512, 512, 0, 0, 512, 512]], device="cuda",
                                                                dtype=torch.float16)}}

    def four() -> None:
        with torch.inference_mode():
            for step in (999, 749, 499, 249):
                unet(latents, step, encoder_hidden_states=cross, **extra)

    four()
    return _time(four, runs)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--no-compile", action="store_true")
    parser.add_argument("--models", default="sdxl,sd")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    import torch

    if not torch.cuda.is_available():
        raise SystemExit("no CUDA device: this bench needs a GPU (the CPU figures are in bench.visual)")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import diffusers
    import transformers

    diffusers.utils.logging.set_verbosity_error()
    transformers.utils.logging.set_verbosity_error()

    from tools.image import random_weights

    print(f"device {torch.cuda.get_device_name(0)}, torch {torch.__version__}, diffusers {diffusers.__version__}, "
          f"transformers {transformers.__version__}", flush=True)
    builders = {"sdxl": random_weights.sdxl_turbo_pipeline, "sd": random_weights.sd_turbo_pipeline}
    rows: list[dict] = []
    for name in args.models.split(","):
        try:
            bench_model(name, builders[name], runs=args.runs, compile_unet=not args.no_compile, rows=rows)
        except Exception as exc:  # report and go on: one failing variant must not hide the others
            print(f"[{name}] failed: {type(exc).__name__}: {exc}", flush=True)
    print(f"\nneural image backend, 512x512, 4 steps, batch 1, {torch.cuda.get_device_name(0)}")
    print(f"{'model':<6} {'variant':<44} {'UNet M':>7} {'p50 ms':>8} {'min ms':>8} {'vs 83.8':>8}")
    for row in rows:
        print(f"{row['model']:<6} {row['variant']:<44} {row['unet_params_m']:>7} {row['p50_ms']:>8.1f} "
              f"{row['min_ms']:>8.1f} {row['p50_ms'] / REFERENCE_MS:>7.2f}x")
    if args.json:
        args.json.write_text(json.dumps({"device": torch.cuda.get_device_name(0), "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
