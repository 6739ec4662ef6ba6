"""The panorama tool: equirectangular 2:1, seamless wrap, scene words, depth map, neural paths."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pydantic import ValidationError

from tools.panorama import PanoramaInput, PanoramaTool
from test_image_tool import Run


def seam_error(pixels: np.ndarray) -> tuple[float, float]:
    """Mean step across the wrap (last column -> first) and between ordinary neighbouring columns."""
    p = pixels.astype(float)
    return float(np.abs(p[:, 0] - p[:, -1]).mean()), float(np.abs(p[:, 1:] - p[:, :-1]).mean())


async def test_snowy_forest_panorama_is_a_seamless_2_to_1_png_with_depth(tmp_path: Path) -> None:
    run = Run(tmp_path)
    result = await run(PanoramaTool, prompt="a 360 panorama of a snowy forest", width=512, seed=4, depth=True)
    colour, depth = result.artifacts
    with Image.open(colour.path) as picture:
        assert picture.format == "PNG" and picture.size == (512, 256)
        pixels = np.asarray(picture.convert("RGB"))
    assert colour.meta["projection"] == "equirectangular" and colour.meta["tool"] == "panorama"
    assert colour.meta["environment"]["ground"] == "snow" and "trees" in colour.meta["environment"]["features"]
    wrap, typical = seam_error(pixels)
    assert wrap <= 2 * typical + 1.0, f"seam step {wrap:.2f} vs typical column step {typical:.2f}"
    assert pixels[:64].mean() != pytest.approx(pixels[-64:].mean(), abs=3), "sky and ground differ"
    with Image.open(depth.path) as picture:
        assert picture.size == (512, 256) and picture.mode.startswith("I")
        d = np.asarray(picture)
    assert depth.meta["role"] == "depth" and depth.meta["colour"] == colour.id
    assert d[5].max() == 0 and d[-5].min() > 0, "sky is infinitely far, the ground below is near"
    assert d[-1].mean() > d[140].mean(), "the ground straight down is nearer than the ground at the horizon"


async def test_scene_words_change_the_environment(tmp_path: Path) -> None:
    run = Run(tmp_path)
    means = {}
    for prompt in ("a desert at noon", "a city at night", "outer space", "a cozy room interior", "the ocean"):
        result = await run(PanoramaTool, prompt=prompt, width=256, seed=1)
        pixels = np.asarray(Image.open(result.artifacts[0].path).convert("RGB")).astype(float)
        assert seam_error(pixels)[0] <= 2 * seam_error(pixels)[1] + 2.0, prompt
        means[prompt] = pixels.mean((0, 1))
    assert means["a city at night"].sum() < means["a desert at noon"].sum()
    assert means["outer space"].sum() < 60
    assert means["a desert at noon"][0] > means["a desert at noon"][2] * 0.9


def test_bad_widths_are_rejected() -> None:
    PanoramaInput(prompt="x", width=1024)
    for bad in (100, 128 + 8, 9000):
        with pytest.raises(ValidationError):
            PanoramaInput(prompt="x", width=bad)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from tools.diffusion.random_weights import save_tiny_ldm3d, save_tiny_sd

    root = tmp_path_factory.mktemp("tinypano")
    return {"sd": save_tiny_sd(root / "tiny-sd"), "ldm3d": save_tiny_ldm3d(root / "tiny-ldm3d-pano")}


async def test_neural_multidiffusion_and_ldm3d_panoramas(tmp_path: Path, tiny: dict[str, Path]) -> None:
    run = Run(tmp_path, backends={"panorama": "neural"}, models={"panorama": str(tiny["sd"])})
    result = await run(PanoramaTool, prompt="a beach", width=256, steps=1, guidance=0.0, seed=3)
    [artifact] = result.artifacts
    assert artifact.meta["mode"] == "multidiffusion-circular" and artifact.meta["projection"] == "equirectangular"
    assert Image.open(artifact.path).size == (256, 128)
    assert [m for _, m in run.progress if m and m.startswith("denoising")] == ["denoising step 1/1"]
    run3d = Run(tmp_path, backends={"panorama": "neural"}, models={"panorama": str(tiny["ldm3d"])})
    colour, depth = (await run3d(PanoramaTool, prompt="a room", width=256, steps=1, guidance=0.0, depth=True)).artifacts
    assert colour.meta["mode"] == "ldm3d-pano" and depth.meta["role"] == "depth"
    assert Image.open(depth.path).size == (256, 128)
