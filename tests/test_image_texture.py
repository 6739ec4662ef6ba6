"""Seamless textures: a texture or tile request paints the surface itself, and it repeats without a seam."""

from __future__ import annotations

import numpy as np
import pytest

from tools.image.texture import render_texture, texture_request


@pytest.mark.parametrize(("text", "surface", "weathering", "light"), [
    ("Top-down seamless tile of a mossy stone dungeon floor, torchlight coming from the left", "stone", ("mossy",),
     "left"),
    ("이끼 낀 돌바닥 심리스 텍스처", "stone", ("mossy",), None),
    ("seamless brick wall texture", "brick", (), None), ("벽돌 벽 텍스처", "brick", (), None),
    ("tileable wooden floor texture", "planks", (), None), ("seamless white bathroom tiles texture", "tiles", (), None),
    ("녹슨 철판 텍스처", "metal", ("rusty",), None), ("a seamless sand texture", "sand", (), None),
])
def test_texture_words_name_the_surface(text: str, surface: str, weathering: tuple, light: str | None) -> None:
    request = texture_request(text)
    assert request is not None
    assert (request.surface, request.weathering, request.light_from) == (surface, weathering, light)


@pytest.mark.parametrize("text", ["a knight on a tile floor", "a stone well in a village", "돌다리 그림",
                                  "a bathroom with white tiles"])
def test_pictures_of_things_are_no_textures(text: str) -> None:
    assert texture_request(text) is None


@pytest.mark.parametrize("text", ["seamless mossy cobblestone texture", "seamless brick texture",
                                  "tileable wooden floor", "seamless cracked lava texture", "seamless tiles texture"])
def test_a_tile_repeats_without_a_seam(text: str) -> None:
    pixels = render_texture(texture_request(text), width=128, height=96, seed=3).astype(np.float32)  # type: ignore[arg-type]
    inside = np.abs(np.diff(pixels, axis=1)).mean()  # how much neighbouring columns differ anyway
    across = np.abs(pixels[:, 0] - pixels[:, -1]).mean()  # the last column against the first: the seam
    assert across < 2.5 * inside + 4
    inside_rows = np.abs(np.diff(pixels, axis=0)).mean()
    assert np.abs(pixels[0] - pixels[-1]).mean() < 2.5 * inside_rows + 4
    assert pixels.std() > 5, "a pattern, not a flat colour"


def test_moss_greens_the_stone() -> None:
    plain = render_texture(texture_request("seamless stone floor texture"), width=64, height=64, seed=1)  # type: ignore[arg-type]
    mossy = render_texture(texture_request("seamless mossy stone floor texture"), width=64, height=64, seed=1)  # type: ignore[arg-type]
    green = lambda image: float(image[..., 1].mean() - (image[..., 0].mean() + image[..., 2].mean()) / 2)  # noqa: E731
    assert green(mossy) > green(plain) + 5


def test_the_image_tool_paints_a_texture_request(tmp_path) -> None:
    from tools.image.embedded import render_prompt

    rendered = render_prompt("Top-down seamless tile of a mossy stone dungeon floor", width=64, height=64,
                             style="shaded", seed=1)
    assert rendered.meta["texture"] == {"surface": "stone", "weathering": ["mossy"], "light_from": None,
                                        "seamless": True}
    assert rendered.meta["scene"]["objects"] == [] and rendered.pixels.shape == (64, 64, 3)
