"""The motion tool: skeleton, primitives, text parsing, ground contact, BVH/GLB/MP4 outputs,
motion-to-text, completion and bad input."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pydantic import ValidationError

from agent.config import Settings
from agent.errors import ToolError
from agent.store import ArtifactStore
from agent.tool import ToolContext
from agent.types import ToolResult
from tools.motion import MotionInput, MotionStep, MotionTool, motion_script_schema, parse_script
from tools.motion.catalog import PRIMITIVES
from tools.motion.compose import compose
from tools.motion.skeleton import MIXAMO, NAMES, SMPL_22, SOLE_POINTS, forward_kinematics
from tools.motion.text import parse_motion_text

ROOT = Path(__file__).resolve().parents[1]
VALIDATOR = ROOT / "tests" / "gltf_validate.mjs"


class Recorder:
    def __init__(self, tmp_path: Path) -> None:
        self.settings = Settings(data_dir=tmp_path)
        self.store = ArtifactStore(data_dir=tmp_path, session_id="t")
        self.progress: list[tuple[float, str | None]] = []
        self.warnings: list[str] = []
        self.ctx = ToolContext(step_id="s1", session_id="t", user_id="anonymous", store=self.store,
                               settings=self.settings, on_progress=lambda f, m: self.progress.append((f, m)),
                               on_warning=self.warnings.append, cancel_flag=threading.Event())

    async def run(self, **kwargs: Any) -> ToolResult:
        return await MotionTool(settings=self.settings).run(MotionInput(**kwargs), self.ctx)


def lowest_and_soles(motion) -> tuple[np.ndarray, np.ndarray]:
    joints, _, soles = forward_kinematics(motion.rotations, motion.root, SOLE_POINTS)
    return np.concatenate([soles, joints], axis=1)[:, :, 1].min(axis=1), soles


def max_planted_slide(motion) -> float:
    """Highest horizontal speed (m/s) of a sole point that is on the ground in two frames running."""
    _, soles = lowest_and_soles(motion)
    worst = 0.0
    for k in range(soles.shape[1]):
        y = soles[:, k, 1]
        on = (y[1:] < 0.003) & (y[:-1] < 0.003)
        speed = np.linalg.norm(soles[1:, k][:, [0, 2]] - soles[:-1, k][:, [0, 2]], axis=1) * motion.fps
        if on.any():
            worst = max(worst, float(speed[on].max()))
    return worst


# -- skeleton and library ------------------------------------------------------------------------


def test_skeleton_has_24_joints_with_smpl_22_and_mixamo_mappings() -> None:
    assert len(NAMES) >= 20 and len(set(NAMES)) == len(NAMES)
    assert len(SMPL_22) == 22 and len(set(SMPL_22)) == 22 and set(SMPL_22) <= set(NAMES)
    assert SMPL_22[0] == "Hips" and SMPL_22[15] == "Head" and SMPL_22[21] == "RightHand"
    assert MIXAMO["LeftForeArm"] == "mixamorig:LeftForeArm"


def test_library_has_at_least_20_primitives_and_each_builds_grounded() -> None:
    assert len(PRIMITIVES) >= 20
    for name in PRIMITIVES:
        motion = compose([MotionStep(action=name)], fps=20)
        lowest, _ = lowest_and_soles(motion)
        assert lowest.min() > -1e-6, name  # nothing under the floor
        assert np.isfinite(motion.rotations).all() and np.isfinite(motion.root).all(), name
        assert np.allclose(np.linalg.norm(motion.rotations, axis=-1), 1.0, atol=1e-6), name


@pytest.mark.parametrize("actions", [["walk"], ["run"], ["turn", "idle"], ["sit_down", "stand_up"], ["dance"],
                                     ["jumping_jacks"], ["crouch"]])
def test_grounded_frames_touch_the_floor_and_planted_feet_do_not_slide(actions: list[str]) -> None:
    motion = compose([MotionStep(action=a, duration_s=2.0 if a in ("walk", "run") else None) for a in actions])
    lowest, _ = lowest_and_soles(motion)
    assert lowest.min() > -1e-6
    if actions != ["jumping_jacks"] and actions != ["run"]:
        assert np.abs(lowest).max() < 1e-6  # never airborne: always standing on the floor
    assert max_planted_slide(motion) < 0.25, actions  # walking speed is ~1.2 m/s


def test_walk_travels_forward_and_a_left_turn_redirects_it() -> None:
    walk = compose([MotionStep(action="walk", times=6)])
    assert walk.root[-1, 2] > 2.0 and abs(walk.root[-1, 0]) < 0.3
    turned = compose([MotionStep(action="turn", direction="left"), MotionStep(action="walk", times=6)])
    assert turned.root[-1, 0] > 2.0 and abs(turned.root[-1, 2]) < 0.5  # facing +X after a left turn


def test_jump_leaves_the_ground_and_lands() -> None:
    motion = compose([MotionStep(action="jump", times=2)])
    lowest, _ = lowest_and_soles(motion)
    assert lowest.max() > 0.2  # airborne twice...
    flights = np.diff((lowest > 0.05).astype(int))
    assert (flights == 1).sum() == 2
    assert lowest[-1] == pytest.approx(0.0, abs=1e-6)  # ...and back on the ground


def test_blends_have_no_pops_between_primitives() -> None:
    from dataclasses import replace

    from tools.motion.primitives import build

    waving = compose([MotionStep(action="wave", times=4)])
    cut = replace(waving, rotations=waving.rotations[:40], root=waving.root[:40], segments=[])  # stops mid-wave
    jump_start = build(MotionStep(action="jump"), 30).rotations[0]
    gap = np.degrees(2 * np.arccos(np.clip(np.abs(np.sum(cut.rotations[-1] * jump_start, -1)), 0, 1))).max()
    assert gap > 40.0  # without a blend the arm would jump this far in one frame
    joined = compose([MotionStep(action="jump")], prefix=cut)
    dots = np.abs(np.sum(joined.rotations[1:] * joined.rotations[:-1], axis=-1))
    step_deg = np.degrees(2 * np.arccos(np.clip(dots, -1, 1))).max(axis=1)  # fastest joint per frame
    assert step_deg[36:48].max() < gap / 3  # the change is spread over the blend, not one frame


def test_sitting_then_jumping_inserts_a_stand_up() -> None:
    motion = compose([MotionStep(action="sit_down"), MotionStep(action="jump")])
    assert [s.action for s in motion.segments] == ["sit_down", "stand_up", "jump"]
    assert motion.segments[1].inserted


# -- text ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("a character waves and then jumps twice", [("wave", 1), ("jump", 2)]),
    ("캐릭터가 손을 흔들고 두 번 점프해", [("wave", 1), ("jump", 2)]),
    ("sit down and then stand up", [("sit_down", 1), ("stand_up", 1)]),
    ("앉았다가 일어나", [("sit_down", 1), ("stand_up", 1)]),
    ("jump 3 times, then bow", [("jump", 3), ("bow", 1)]),
    ("do jumping jacks then nod", [("jumping_jacks", 1), ("nod", 1)]),
    ("고개를 저어", [("shake_head", 1)]),
    ("고개를 끄덕이고 박수 쳐", [("nod", 1), ("clap", 1)]),
    ("칼을 휘두르고 발차기 해", [("sword_slash", 1), ("kick", 1)]),
    ("넘어졌다가 일어나", [("fall", 1), ("stand_up", 1)]),
    ("punches twice and kicks with the left foot", [("punch", 2), ("kick", 1)]),
    ("춤을 추고 숨쉬기", [("dance", 1), ("idle", 1)]),
    ("웅크리고 가리켜", [("crouch", 1), ("point", 1)]),
])
def test_text_gives_actions_in_order_with_repetitions(text: str, expected: list[tuple[str, int]]) -> None:
    steps = parse_motion_text(text).steps
    assert [(s.action, s.times) for s in steps] == expected


def test_text_speed_duration_and_sides() -> None:
    [walk] = parse_motion_text("walk slowly for 5 seconds").steps
    assert walk.speed < 1.0 and walk.duration_s == 5.0
    [walk_ko] = parse_motion_text("5초 동안 천천히 걸어").steps
    assert walk_ko.speed < 1.0 and walk_ko.duration_s == 5.0
    fast = parse_motion_text("빨리 달려").steps[0]
    assert fast.action == "run" and fast.speed > 1.0
    assert parse_motion_text("wave with the left hand").steps[0].hand == "left"
    assert parse_motion_text("kick with the left foot").steps[0].foot == "left"
    turn = parse_motion_text("turn right").steps[0]
    assert turn.action == "turn" and turn.direction == "right"
    assert parse_motion_text("뒤로 돌아").steps[0].direction == "around"


def test_timed_walk_lasts_the_requested_time() -> None:
    motion = compose(parse_motion_text("walk for 5 seconds").steps)
    assert motion.duration_s == pytest.approx(5.0, abs=0.1)


def test_an_unknown_verb_is_reported_and_the_known_ones_are_made_in_order() -> None:
    parsed = parse_motion_text("a character waves and then does a backflip")
    assert [s.action for s in parsed.steps] == ["wave"] and parsed.unmatched == ["does a backflip"]
    with pytest.raises(ToolError, match="motion library has"):
        parse_motion_text("a character juggles")
    with pytest.raises(ToolError, match=r"backflip.*jumping jacks.*sword slash"):
        parse_motion_text("does a backflip")


@pytest.mark.parametrize(("text", "clips"), [
    ("a knight swinging a sword", ["sword_slash"]),
    ("swings his sword twice then bows", ["sword_slash", "bow"]),
    ("뛰다가 점프", ["run", "jump"]),
    ("run then jump", ["run", "jump"]),
    ("he salutes and then kneels down", ["wave", "crouch"]),
    ("sprints, leaps and celebrates", ["run", "jump", "cheer"]),
    ("걷다가 손을 흔들고 앉아", ["walk", "wave", "sit_down"]),
    ("칼을 휘두르고 뒤로 돌아", ["sword_slash", "turn"]),
])
def test_verbs_map_to_clips_through_synonyms_and_meaning(text: str, clips: list[str]) -> None:
    assert [s.action for s in parse_motion_text(text).steps] == clips


def test_a_gait_without_a_count_lasts_long_enough_to_see() -> None:
    motion = compose(parse_motion_text("run then jump").steps)
    [run, jump] = motion.segments
    assert run.action == "run" and run.end_s - run.start_s > 1.5 and jump.action == "jump"


# -- script ----------------------------------------------------------------------------------


def test_motion_script_validates_and_has_a_schema() -> None:
    steps = parse_script('[{"action": "wave", "times": 2, "speed": 1.0, "duration_s": null, "hand": "right"},'
                         ' {"action": "sit down"}]')
    assert [s.action for s in steps] == ["wave", "sit_down"]
    schema = motion_script_schema()
    assert schema["type"] == "array" and "action" in json.dumps(schema)
    with pytest.raises(ValidationError, match="unknown motion 'moonwalk'.*walk"):
        parse_script([{"action": "moonwalk"}])
    with pytest.raises(ValidationError, match="at most 60 seconds"):
        parse_script([{"action": "walk", "duration_s": 90}])
    with pytest.raises(ValidationError):
        parse_script([{"action": "walk", "legs": 3}])  # extra fields are refused


# -- the tool end to end ------------------------------------------------------------------------


def _validator_ready() -> bool:
    modules = Path(os.environ.get("GLTF_VALIDATOR_MODULES", ROOT / ".node" / "node_modules"))
    return shutil.which("node") is not None and (modules / "gltf-validator").is_dir()


def _ffmpeg_stream_line(path: Path) -> str:
    import imageio_ffmpeg

    proc = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", str(path)],
                          capture_output=True, text=True, timeout=30)
    return next(line for line in proc.stderr.splitlines() if "Video:" in line)


async def test_wave_then_jump_twice_gives_bvh_glb_and_mp4(tmp_path: Path) -> None:
    import bvhio
    import imageio_ffmpeg
    import pygltflib

    rec = Recorder(tmp_path)
    result = await rec.run(prompt="a character waves and then jumps twice")
    kinds = [a.kind for a in result.artifacts]
    assert kinds == ["motion", "mesh", "video"]
    bvh, glb, mp4 = result.artifacts
    assert bvh.mime == "application/x-bvh" and glb.mime == "model/gltf-binary" and mp4.mime == "video/mp4"
    frames = bvh.meta["frames"]
    assert [s["action"] for s in bvh.meta["segments"]] == ["wave", "jump"]
    # BVH: parses with bvhio, joint and frame counts round-trip
    container = bvhio.readAsBvh(str(bvh.path))
    assert len(container.Root.layout()) == len(NAMES) and container.FrameCount == frames
    assert container.FrameTime == pytest.approx(1 / 30, abs=1e-5)
    # GLB: skin with 24 joints and inverse bind matrices, one animation driving every joint
    gltf = pygltflib.GLTF2().load(str(glb.path))
    [skin] = gltf.skins
    assert len(skin.joints) == len(NAMES) and gltf.accessors[skin.inverseBindMatrices].count == len(NAMES)
    [animation] = gltf.animations
    assert len(animation.channels) == len(NAMES) + 1
    assert gltf.accessors[animation.samplers[0].input].count == frames
    assert {p.attributes.JOINTS_0 is not None for p in gltf.meshes[0].primitives} == {True}
    # MP4: H.264, yuv420p, even size, one video frame per motion frame
    line = _ffmpeg_stream_line(mp4.path)
    assert "h264" in line and "yuv420p" in line
    width, height = map(int, re.search(r"(\d{2,5})x(\d{2,5})", line).groups())
    assert width % 2 == 0 and height % 2 == 0
    assert imageio_ffmpeg.count_frames_and_secs(str(mp4.path))[0] == frames
    assert rec.progress[-1][0] == 1.0
    if _validator_ready():
        proc = subprocess.run(["node", str(VALIDATOR), str(glb.path)], capture_output=True, text=True, timeout=60)
        [report] = json.loads(proc.stdout)
        assert report["errors"] == 0 and report["warnings"] == 0, report["issues"]


async def test_korean_request_and_script_input(tmp_path: Path) -> None:
    rec = Recorder(tmp_path)
    result = await rec.run(prompt="캐릭터가 손을 흔들고 두 번 점프해", preview=False)
    assert [a.kind for a in result.artifacts] == ["motion", "mesh"]
    assert result.artifacts[0].meta["language"] == "ko"
    assert [s["label"] for s in result.artifacts[0].meta["segments"]] == ["wave", "jump ×2"]
    scripted = await rec.run(script=[{"action": "clap", "times": 3}, {"action": "bow"}], preview=False, fps=24)
    assert scripted.artifacts[0].meta["fps"] == 24
    assert [s["action"] for s in scripted.artifacts[0].meta["segments"]] == ["clap", "bow"]


async def test_duration_pads_with_idle_and_character_mesh_is_declared_not_rigged(tmp_path: Path) -> None:
    rec = Recorder(tmp_path)
    mesh_file = tmp_path / "knight.glb"
    mesh_file.write_bytes(b"glTF placeholder")
    knight = rec.store.add(mesh_file, kind="mesh")
    result = await rec.run(prompt="wave", duration_s=4.0, character=knight, preview=False)
    assert result.artifacts[0].meta["duration_s"] == pytest.approx(4.0, abs=0.1)
    assert "auto-rigging" in result.message and knight.id in result.message
    assert result.artifacts[0].meta["character"] == knight.id


async def test_describe_an_uploaded_bvh(tmp_path: Path) -> None:
    rec = Recorder(tmp_path)
    made = await rec.run(script=[{"action": "wave", "times": 3}, {"action": "jump", "times": 2}], preview=False)
    upload = rec.store.add(made.artifacts[0].path, kind="motion")
    described = await rec.run(prompt="describe this motion", source=upload)
    assert described.artifacts == []
    actions = [s["action"] for s in described.data["segments"]]
    assert actions == ["wave", "jump"], described.data
    assert "jump ×2" in described.message
    korean = await rec.run(prompt="이 모션 설명해 줘", source=upload)
    assert [s["action"] for s in korean.data["segments"]] == actions


async def test_continue_an_uploaded_clip_from_its_last_pose(tmp_path: Path) -> None:
    rec = Recorder(tmp_path)
    made = await rec.run(script=[{"action": "walk", "times": 4}], preview=False)
    upload = rec.store.add(made.artifacts[0].path, kind="motion")
    continued = await rec.run(prompt="continue with a wave", source=upload, preview=False)
    meta = continued.artifacts[0].meta
    assert meta["mode"] == "continue"
    assert [s["action"] for s in meta["segments"]] == ["source", "wave"]
    assert meta["frames"] > made.artifacts[0].meta["frames"]
    from tools.motion.bvh import read_bvh

    before, after = read_bvh(made.artifacts[0].path), read_bvh(continued.artifacts[0].path)
    n = before.rotations.shape[0]
    assert np.allclose(np.abs(np.sum(before.rotations * after.rotations[:n], -1)), 1.0, atol=1e-4)
    assert np.allclose(before.root[-1], after.root[n - 1], atol=1e-3)  # continues from where it stopped


def _upload(rec: Recorder, tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text)
    return rec.store.add(path, kind="motion")


async def test_bad_uploads_and_inputs_fail_clearly(tmp_path: Path) -> None:
    rec = Recorder(tmp_path)
    broken = _upload(rec, tmp_path, "broken.bvh", "HIERARCHY\nROOT Hips\n{\n OFFSET 0 0\n}\n")
    with pytest.raises(ToolError, match="not a valid BVH"):
        await rec.run(prompt="describe this", source=broken)
    alien = ("HIERARCHY\nROOT Body\n{\n OFFSET 0 0 0\n CHANNELS 6 Xposition Yposition Zposition Zrotation Xrotation "
             "Yrotation\n JOINT Tentacle\n {\n  OFFSET 0 10 0\n  CHANNELS 3 Zrotation Xrotation Yrotation\n"
             "  End Site\n  {\n   OFFSET 0 5 0\n  }\n }\n}\nMOTION\nFrames: 2\nFrame Time: 0.033333\n"
             "0 90 0 0 0 0 0 0 0\n0 90 0 0 0 0 0 0 0\n")
    with pytest.raises(ToolError, match="cannot map.*Tentacle.*Mixamo"):
        await rec.run(prompt="describe this", source=_upload(rec, tmp_path, "alien.bvh", alien))
    with pytest.raises(ToolError, match="motion library has"):
        await rec.run(prompt="a character moonwalks")
    for bad in ({"prompt": "walk", "duration_s": 0}, {"prompt": "walk", "duration_s": 61}, {},
                {"prompt": "walk", "legs": 4}):
        with pytest.raises(ValidationError):
            MotionInput(**bad)
    with pytest.raises(ValidationError, match="at most 60 seconds"):
        MotionInput(prompt="walk", duration_s=600)
    with pytest.raises(ToolError, match="at most 60 s"):
        await rec.run(script=[{"action": "walk", "duration_s": 40}, {"action": "run", "duration_s": 30}])
    not_bvh = rec.store.add(Path(_upload(rec, tmp_path, "x.txt", "hello").path), kind="motion")
    with pytest.raises(ToolError, match="reads BVH"):
        await rec.run(prompt="describe", source=not_bvh)


def test_the_tool_registers_with_the_canonical_contract() -> None:
    from importlib.metadata import entry_points

    from agent.registry import installed_specs

    names = {ep.name: ep.value for ep in entry_points(group="atelier.tools")}
    if "motion" not in names:
        pytest.skip("the atelier distribution is not installed (pip install -e .)")
    assert names["motion"] == "tools.motion:MotionTool"
    spec = MotionTool.spec()
    canonical = installed_specs()["motion"]
    assert spec.produces == canonical.produces == ("motion", "mesh", "video")
    assert spec.consumes["character"] == canonical.consumes["character"]
    assert set(spec.input_schema["properties"]) >= {"prompt", "duration_s", "character"}


def test_importing_the_tool_loads_no_numpy() -> None:
    code = "import sys, tools.motion; print(any(m in sys.modules for m in ('numpy', 'scipy', 'torch')))"
    proc = subprocess.run([os.sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.stdout.strip() == "False", proc.stderr
