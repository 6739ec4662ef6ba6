"""Image/text -> 3D: Shap-E through diffusers (tiny random weights, loaded with from_pretrained from a
temp dir exactly as a user's local model is), and the embedded relief for images."""

from __future__ import annotations

from pathlib import Path

import pytest
import trimesh

from agent.config import Settings
from agent.errors import Cancelled, InputError, ToolError
from agent.store import ArtifactStore
from agent.types import Artifact
from tools.mesh.neural import DEFAULT_IMAGE_MODEL, DEFAULT_TEXT_MODEL, model_refs

from gltf_check import assert_valid, validator_or_skip
from mesh_helpers import Recorder

diffusers = pytest.importorskip("diffusers", reason="the neural mesh backend needs diffusers")


@pytest.fixture(scope="module")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from mesh_tiny_shap_e import save_tiny_image_pipeline, save_tiny_text_pipeline

    root = tmp_path_factory.mktemp("shap-e")
    return save_tiny_text_pipeline(root / "text"), save_tiny_image_pipeline(root / "image")


def neural_recorder(tmp_path: Path, models: str) -> Recorder:
    return Recorder(tmp_path, settings=Settings(data_dir=tmp_path, profile="neural", models={"mesh": models}))


def picture(tmp_path: Path, *, alpha: bool, name: str = "pic.png") -> Artifact:
    from PIL import Image, ImageDraw

    mode, clear = ("RGBA", (0, 0, 0, 0)) if alpha else ("RGB", (250, 250, 250))
    image = Image.new(mode, (120, 160), clear)
    draw = ImageDraw.Draw(image)
    draw.ellipse((20, 30, 100, 150), fill=(200, 40, 40, 255) if alpha else (200, 40, 40))
    draw.rectangle((50, 5, 70, 40), fill=(30, 30, 200, 255) if alpha else (30, 30, 200))
    path = tmp_path / name
    image.save(path)
    store = ArtifactStore(data_dir=tmp_path, session_id="t")
    return store.add(path, kind="image")


def test_model_setting_names_text_image_or_both(tmp_path: Path, tiny_models: tuple[Path, Path]) -> None:
    text, image = tiny_models
    assert model_refs(None) == (DEFAULT_TEXT_MODEL, DEFAULT_IMAGE_MODEL)
    assert model_refs(str(text)) == (str(text), DEFAULT_IMAGE_MODEL)
    assert model_refs(str(image)) == (DEFAULT_TEXT_MODEL, str(image)), "read from model_index.json"
    assert model_refs("me/shap-e-img2img") == (DEFAULT_TEXT_MODEL, "me/shap-e-img2img")
    assert model_refs(f"{text}, {image}") == (str(text), str(image))


async def test_shap_e_text_to_3d_writes_a_y_up_validator_clean_glb(tmp_path: Path,
                                                                   tiny_models: tuple[Path, Path]) -> None:
    text, _ = tiny_models
    rec = neural_recorder(tmp_path, str(text))
    result = await rec.run("a small chair", seed=7, steps=2)
    [artifact] = result.artifacts
    meta = artifact.meta
    assert meta["backend"] == "neural" and meta["model"] == str(text) and meta["mode"] == "text-to-3d"
    assert meta["steps"] == 2 and meta["seed"] == 7 and meta["triangles"] > 0 and rec.warnings == []
    steps = [message for _, message in rec.progress if message and message.startswith("denoising step")]
    assert len(steps) >= 2 and steps[-1].split()[-1].split("/")[0] == steps[-1].split("/")[-1], "every step reported"
    fractions = [fraction for fraction, _ in rec.progress]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    scene = trimesh.load(artifact.path)
    low, high = scene.bounds
    assert abs(low[1]) < 1e-4, "on the ground (+Y up)"
    assert max(high - low) == pytest.approx(0.6 * 0.9, rel=0.02), "a small chair: 0.6 x a chair's 0.9 m"
    geometry = next(iter(scene.geometry.values()))
    assert geometry.visual.kind == "vertex", "Shap-E's colours kept as COLOR_0"
    assert "Shap-E" in (result.message or "")
    if validator_or_skip():
        assert_valid([artifact.path])


async def test_shap_e_image_to_3d_uses_the_image_pipeline(tmp_path: Path, tiny_models: tuple[Path, Path]) -> None:
    text, image = tiny_models
    rec = neural_recorder(tmp_path, f"{text},{image}")
    result = await rec.run("make this in 3D", source=picture(tmp_path, alpha=True), seed=1, steps=2)
    meta = result.artifacts[0].meta
    assert meta["backend"] == "neural" and meta["mode"] == "image-to-3d" and meta["model"] == str(image)
    assert meta["source"].startswith("a_") and meta["triangles"] > 0
    assert_valid([result.artifacts[0].path])


async def test_cancel_during_denoising_stops_and_stores_nothing(tmp_path: Path,
                                                               tiny_models: tuple[Path, Path]) -> None:
    text, _ = tiny_models
    rec = neural_recorder(tmp_path, str(text))

    def cancel_at_first_step(fraction: float, message: str | None) -> None:
        if message and message.startswith("denoising step"):
            rec.cancel.set()

    rec.ctx._on_progress = cancel_at_first_step
    with pytest.raises(Cancelled):
        await rec.run("a chair", steps=2)
    assert rec.store.artifacts() == [] and not list(rec.store.root.glob("*.glb"))


# -- embedded image -> 3D: the relief ------------------------------------------------------------


@pytest.mark.parametrize("alpha", [True, False])
async def test_embedded_image_to_3d_is_an_honest_textured_relief(tmp_path: Path, alpha: bool) -> None:
    rec = Recorder(tmp_path)
    source = picture(tmp_path, alpha=alpha)
    result = await rec.run("turn this into a 3D model", source=source)
    [artifact] = result.artifacts
    meta = artifact.meta
    assert meta["backend"] == "embedded" and meta["method"] == "relief" and meta["source"] == source.id
    assert meta["cutout"] == ("alpha" if alpha else "background") and 0.2 < meta["coverage"] < 0.8
    scene = trimesh.load(artifact.path)
    low, high = scene.bounds
    assert abs(low[1]) < 1e-6 and high[1] == pytest.approx(1.0), "1 m tall, standing on the ground"
    assert 0 < high[2] - low[2] < 0.3 and high[0] - low[0] < 1.0, "a relief: thin in Z, the picture's width in X"
    geometry = next(iter(scene.geometry.values()))
    assert geometry.visual.kind == "texture" and geometry.visual.material.baseColorTexture is not None
    message = result.message or ""
    assert "relief" in message and "not a full 3D reconstruction" in message and "neural" in message
    assert_valid([artifact.path])


async def test_a_picture_with_nothing_to_cut_out_becomes_a_card(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "flat.png"
    Image.new("RGB", (64, 32), (90, 140, 200)).save(path)
    source = ArtifactStore(data_dir=tmp_path, session_id="t").add(path, kind="image")
    result = await Recorder(tmp_path).run("3d please", source=source)
    assert result.artifacts[0].meta["cutout"] == "whole image"
    assert "whole picture" in (result.message or "")


async def test_an_unreadable_picture_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.png"
    path.write_bytes(b"\x89PNG not really")
    source = ArtifactStore(data_dir=tmp_path, session_id="t").add(path, kind="image")
    with pytest.raises((InputError, ToolError), match="PNG or JPEG"):
        await Recorder(tmp_path).run("3d", source=source)
