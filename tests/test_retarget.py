"""Motion capture in and out: every rig family round-trips onto the built-in humanoid.

The clips are ours, written out under each rig's names, extra bones, units, rest pose (A-pose,
turned, Z-up), channel order and root layout (translation on a static root's hips child), with
channel noise and another frame rate; read back, every mapped bone must point where the
original's did, the root must travel the same way and the pelvis face the same way.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from agent.errors import ToolError
from tools.motion import quat
from tools.motion.bvh import read_bvh
from tools.motion.compose import compose
from tools.motion.retarget import MAX_BYTES, name_words, parse_bvh, world_motion
from tools.motion.rigs import RIGS, resampled, write_rig_bvh
from tools.motion.skeleton import INDEX, forward_kinematics
from tools.motion.text import parse_motion_text

from test_motion import Recorder, _upload  # the motion tool's test harness

BONES = [(INDEX[a], INDEX[b]) for a, b in (
    ("LeftArm", "LeftForeArm"), ("LeftForeArm", "LeftHand"), ("RightArm", "RightForeArm"),
    ("RightForeArm", "RightHand"), ("LeftUpLeg", "LeftLeg"), ("LeftLeg", "LeftFoot"), ("RightUpLeg", "RightLeg"),
    ("RightLeg", "RightFoot"), ("Neck", "Head"))]


@pytest.fixture(scope="module")
def clip():
    return compose(parse_motion_text("walk forward then turn left and wave then jump").steps)


def _directions(positions: np.ndarray) -> np.ndarray:
    vectors = np.stack([positions[:, b] - positions[:, a] for a, b in BONES], 1)
    return vectors / np.linalg.norm(vectors, axis=-1, keepdims=True)


@pytest.mark.parametrize("rig", sorted(RIGS))
@pytest.mark.parametrize("fps", [30, 60])
def test_every_rig_family_round_trips(tmp_path: Path, clip, rig: str, fps: int) -> None:
    rotations, root = (clip.rotations, clip.root) if fps == 30 else resampled(clip.rotations, clip.root, 30, fps)
    path = tmp_path / f"{rig}.bvh"
    write_rig_bvh(path, RIGS[rig], rotations, root, fps, noise_deg=0.3 if fps != 30 else 0.0, seed=fps)
    uploaded = read_bvh(path, fps=30)
    assert uploaded.source_fps == pytest.approx(fps, rel=1e-3)
    original = clip.positions()
    moved = forward_kinematics(uploaded.rotations, uploaded.root)[0]
    n = min(len(original), len(moved))
    assert abs(len(original) - len(moved)) <= 1
    angle = np.degrees(np.arccos(np.clip((_directions(original[:n]) * _directions(moved[:n])).sum(-1), -1, 1)))
    assert angle.mean() < 2.0 and angle.max() < 10.0, (rig, angle.mean(), angle.max())
    travel = original[n - 1, 0, [0, 2]] - original[0, 0, [0, 2]]
    moved_travel = moved[n - 1, 0, [0, 2]] - moved[0, 0, [0, 2]]
    assert np.linalg.norm(travel) > 1.5 and np.linalg.norm(moved_travel - travel) < 0.1, "root travel is kept"
    yaw_error = (quat.yaw_of(clip.rotations[:n, 0]) - quat.yaw_of(uploaded.rotations[:n, 0]) + 180) % 360 - 180
    assert np.abs(yaw_error).max() < 3.0, "the pelvis faces where the original did"
    for ours in ("Hips", "Head", "LeftArm", "RightForeArm", "LeftUpLeg", "RightFoot"):
        assert ours in uploaded.mapped


def test_families_are_named(tmp_path: Path, clip) -> None:
    families = {}
    for rig in RIGS:
        path = tmp_path / f"{rig}.bvh"
        write_rig_bvh(path, RIGS[rig], clip.rotations[:10], clip.root[:10], 30)
        families[rig] = read_bvh(path).family
    assert families == {"mixamo": "mixamo", "cmu": "cmu", "unreal": "unreal", "upperarm_l": "upperarm_l-style",
                        "biovision": "biovision", "biped": "3dsmax-biped"}


def test_the_parser_agrees_with_an_independent_reader(tmp_path: Path, clip) -> None:
    import bvhio

    path = tmp_path / "biped.bvh"  # names with spaces, Z up, a static root
    write_rig_bvh(path, RIGS["biped"], clip.rotations[:30], clip.root[:30], 30)
    _, positions, _ = world_motion(parse_bvh(path))
    hierarchy = bvhio.readAsHierarchy(str(path))
    for frame in (0, 15, 29):
        hierarchy.loadPose(frame)
        for k, (joint, _, _) in enumerate(hierarchy.layout()):
            assert np.allclose(np.array(joint.PositionWorld), positions[frame, k], atol=1e-3)


@pytest.mark.parametrize(("name", "side", "words"), [
    ("mixamorig:LeftUpLeg", "left", ["up", "leg"]), ("thigh_l", "left", ["thigh"]),
    ("UpperArm_R", "right", ["upper", "arm"]), ("Bip01 L Calf", "left", ["calf"]),
    ("RightHandIndex1", "right", ["hand", "index", "1"]), ("spine_03", None, ["spine", "03"]),
])
def test_bone_names_split_into_side_and_words(name: str, side: str | None, words: list[str]) -> None:
    assert name_words(name) == (side, words)


async def test_an_unknown_rig_lists_the_bones_it_could_not_map(tmp_path: Path) -> None:
    rec = Recorder(tmp_path)
    text = ("HIERARCHY\nROOT Body\n{\n OFFSET 0 0 0\n CHANNELS 6 Xposition Yposition Zposition Zrotation Xrotation "
            "Yrotation\n JOINT Tentacle\n {\n  OFFSET 0 10 0\n  CHANNELS 3 Zrotation Xrotation Yrotation\n"
            "  End Site\n  {\n   OFFSET 0 5 0\n  }\n }\n}\nMOTION\nFrames: 2\nFrame Time: 0.033333\n"
            "0 90 0 0 0 0 0 0 0\n0 90 0 0 0 0 0 0 0\n")
    before = len(rec.store.artifacts())
    with pytest.raises(ToolError, match=r"no bone for the left foot, left hand, right foot, right hand, head.*Tentacle"):
        await rec.run(prompt="describe this", source=_upload(rec, tmp_path, "alien.bvh", text))
    assert len(rec.store.artifacts()) == before + 1  # only the upload itself


def _with_last_row_value(text: str, value: str) -> str:
    lines = text.rstrip("\n").split("\n")
    row = lines[-1].split()
    row[4] = value
    return "\n".join(lines[:-1] + [" ".join(row)]) + "\n"


def _clip_text(tmp_path: Path, clip) -> str:
    path = tmp_path / "good.bvh"
    write_rig_bvh(path, RIGS["mixamo"], clip.rotations[:5], clip.root[:5], 30)
    return path.read_text()


@pytest.mark.parametrize(("change", "needle"), [
    (lambda t: t.replace("{", "", 3), "not a valid BVH: its hierarchy is broken"),
    (lambda t: t.replace("CHANNELS 3", "CHANNELS 4", 1), "not a valid BVH"),
    (lambda t: t.split("MOTION")[0] + "MOTION\nFrames: 0\nFrame Time: 0.033333\n", "0 frame"),
    (lambda t: _with_last_row_value(t, "nan"), "NaN or infinite"),
    (lambda t: t.rsplit("\n", 2)[0] + "\n", "holds"),
])
def test_broken_files_fail_clearly_and_store_nothing(tmp_path: Path, clip, change, needle: str) -> None:
    path = tmp_path / "bad.bvh"
    path.write_text(change(_clip_text(tmp_path, clip)))
    with pytest.raises(ToolError, match=needle):
        read_bvh(path)


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.bvh"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(ToolError, match="MB; the motion tool reads clips up to"):
        read_bvh(path)


async def test_the_motion_tool_writes_a_clip_for_another_rig_too(tmp_path: Path) -> None:
    rec = Recorder(tmp_path)
    result = await rec.run(prompt="wave then jump", rig="unreal", preview=False)
    [main, extra] = [a for a in result.artifacts if a.kind == "motion"]
    assert extra.meta["rig"] == "unreal" and extra.meta["clips"] == ["wave", "jump"]
    back = read_bvh(extra.path)
    assert back.family == "unreal" and "thigh_l" in back.mapped.values()
    ours = read_bvh(main.path)
    n = min(len(ours.rotations), len(back.rotations))
    dot = np.abs((ours.rotations[:n] * back.rotations[:n]).sum(-1))
    assert np.degrees(2 * np.arccos(np.clip(dot, 0, 1))).mean() < 2.0
