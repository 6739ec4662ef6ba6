"""The video tool: MP4 validity (codec, pixel format, frame count, duration), every embedded mode,
bad input, the neural SVD path on a tiny pipeline, and an image -> video chain through the executor."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pydantic import ValidationError

from agent.errors import ToolError
from agent.executor import Executor
from agent.registry import ToolRegistry
from agent.types import Plan, Step
from tools.image import ImageTool
from tools.video import VideoInput, VideoTool
from tools.video.encode import probe_video
from test_image_tool import Run, write_bvh


def check_mp4(path: Path, *, width: int, height: int, frames: int, fps: float) -> None:
    info = probe_video(path)
    assert (info.codec, info.pix_fmt) == ("h264", "yuv420p")
    assert (info.width, info.height) == (width, height)
    assert info.frames == frames
    assert info.duration_s == pytest.approx(frames / fps, abs=1.5 / fps)
    data = path.read_bytes()
    assert 0 <= data.find(b"moov") < data.find(b"mdat"), "faststart: the index comes before the media data"


async def test_spinning_treasure_chest_is_a_turntable_mp4_with_per_frame_progress(tmp_path: Path) -> None:
    run = Run(tmp_path)
    result = await run(VideoTool, prompt="a short video of a spinning treasure chest", duration_s=0.5, fps=12,
                       width=96, height=64, seed=2)
    [artifact] = result.artifacts
    assert artifact.kind == "video" and artifact.mime == "video/mp4"
    check_mp4(artifact.path, width=96, height=64, frames=6, fps=12)
    assert artifact.meta["mode"] == "turntable" and artifact.meta["frames"] == 6
    frames = [m for _, m in run.progress if m and m.startswith("frame ")]
    assert frames == [f"frame {i}/6" for i in range(1, 7)]


async def test_sources_pick_the_shot(tmp_path: Path) -> None:
    run = Run(tmp_path)
    still = tmp_path / "still.png"
    Image.fromarray((np.random.default_rng(1).random((120, 160, 3)) * 255).astype(np.uint8)).save(still)
    image = run.upload(still, "image")
    kb = (await run(VideoTool, prompt="pan over it", source=image, duration_s=0.25, fps=8, width=96, height=64)).artifacts[0]
    assert kb.meta["mode"] == "ken-burns" and kb.meta["source"] == image.id
    check_mp4(kb.path, width=96, height=64, frames=2, fps=8)

    from tools.panorama import PanoramaTool

    pano = (await run(PanoramaTool, prompt="a desert", width=256, seed=1)).artifacts[0]
    path = (await run(VideoTool, prompt="look around", source=pano, duration_s=0.25, fps=8, width=64, height=64)).artifacts[0]
    assert path.meta["mode"] == "panorama-path"

    from tools.scene.compose import compose_scene
    from tools.scene.export import write_glb
    from tools.scene.prompt import parse_prompt

    glb = tmp_path / "chair.glb"
    write_glb(compose_scene(parse_prompt("a red chair"), seed=1).scene, glb)
    mesh = run.upload(glb, "mesh")
    turn = (await run(VideoTool, prompt="turn it", source=mesh, duration_s=0.25, fps=8, width=64, height=64)).artifacts[0]
    assert turn.meta["mode"] == "turntable"

    motion = run.upload(write_bvh(tmp_path / "wave.bvh"), "motion")
    preview = (await run(VideoTool, prompt="preview", source=motion, fps=10, width=64, height=64)).artifacts[0]
    assert preview.meta["mode"] == "motion-preview"
    check_mp4(preview.path, width=64, height=64, frames=3, fps=10)  # the motion's own 0.3 s


def test_bad_durations_and_sizes_are_rejected() -> None:
    VideoInput(prompt="x", duration_s=60)
    for bad in ({"duration_s": 0}, {"duration_s": 600}, {"width": 65}, {"height": 4096}, {"fps": 0}):
        with pytest.raises(ValidationError):
            VideoInput(prompt="x", **bad)


async def test_audio_source_is_refused(tmp_path: Path) -> None:
    run = Run(tmp_path)
    wav = tmp_path / "a.wav"
    wav.write_bytes(b"RIFF")
    with pytest.raises(ToolError, match="audio"):
        await run(VideoTool, prompt="x", source=run.upload(wav, "audio"))


async def test_image_then_video_chain_passes_the_picture(tmp_path: Path) -> None:
    run = Run(tmp_path)
    registry = ToolRegistry(settings=run.settings)
    registry.register(ImageTool)
    registry.register(VideoTool)
    executor = Executor(registry=registry, settings=run.settings)
    plan = Plan(steps=[
        Step(id="s1", tool="image", args={"prompt": "a red dragon", "width": 96, "height": 64}),
        Step(id="s2", tool="video", args={"prompt": "a red dragon", "source": {"$ref": "s1"}, "duration_s": 0.25,
                                          "fps": 8, "width": 64, "height": 64}, depends_on=["s1"]),
    ])
    plan_run = executor.start(plan, store=run.store, turn_id="t1")
    events = [event async for event in plan_run.events()]
    assert [e.kind for e in events if e.kind == "error"] == []
    image, video = plan_run.outcomes["s1"].artifacts[0], plan_run.outcomes["s2"].artifacts[0]
    assert video.meta["source"] == image.id and video.meta["mode"] == "ken-burns"
    check_mp4(video.path, width=64, height=64, frames=2, fps=8)


async def test_neural_svd_animates_an_image(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    from tools.diffusion.random_weights import save_tiny_svd

    model = save_tiny_svd(tmp_path_factory.mktemp("svd") / "tiny-stable-video-diffusion")
    run = Run(tmp_path, backends={"video": "neural"}, models={"video": str(model)})
    still = tmp_path / "still.png"
    Image.new("RGB", (64, 64), (200, 40, 40)).save(still)
    result = await run(VideoTool, prompt="make it move", source=run.upload(still, "image"), duration_s=0.25, fps=8,
                       width=64, height=64, steps=1)
    [artifact] = result.artifacts
    assert artifact.meta["backend"] == "neural" and artifact.meta["mode"] == "image-to-video"
    check_mp4(artifact.path, width=64, height=64, frames=2, fps=8)
    assert [m for _, m in run.progress if m and m.startswith("denoising")] == ["denoising step 1/1"]


@pytest.mark.parametrize(("prompt", "mode"), [
    ("저폴리 레이싱 트랙 위를 드론샷으로 쭉 훑고 지나가는 영상", "fly-over"),  # the named track, seen from high up
    ("camera flies over a low poly island village", "fly-over"),
    ("용이 성 위를 날아가는 짧은 영상", "turntable"),  # the dragon flies, the camera circles at eye level
])
async def test_a_drone_shot_of_named_things_circles_above_them(tmp_path: Path, prompt: str, mode: str) -> None:
    result = await Run(tmp_path)(VideoTool, prompt=prompt, duration_s=0.5, fps=8, width=64, height=64, seed=1)
    assert result.artifacts[0].meta["mode"] == mode


def test_a_pan_inside_a_place_is_centred_on_what_was_named() -> None:
    from tools.panorama.embedded import render_panorama
    from tools.scene.scene import parse_scene

    text = "pan across a row of five arcade cabinets in a dim arcade"
    pano = render_panorama(text, width=256, seed=1, scene=parse_scene(text, for_render=True))
    assert pano.focus_yaw_deg is not None  # the cabinets, not the room's neon signs and stools behind the camera
    everything_named = "a table and two chairs in a kitchen, a stove, a fridge"
    assert render_panorama(everything_named, width=256, seed=1,
                           scene=parse_scene(everything_named, for_render=True)).focus_yaw_deg is None
