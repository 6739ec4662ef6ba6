"""avatar tool: visemes from phonemes, the MP4 talking head, the animated GLB head, bad input."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from agent.errors import InputError
from tools.audio_io import Audio, write_wav
from tools.avatar.video import stream_seconds
from tools.speech.visemes import (ARKIT_SHAPES, VISEMES, blendshape_frames, close_gaps, spans_from_energy,
                                  spans_from_phonemes, visemes_of)
from tools.speech.espeak import Phoneme

from tests.test_speech import run_plan
from tests.test_transcribe import spoken_wav

ROOT = Path(__file__).resolve().parents[1]
VALIDATOR = ROOT / "tests" / "gltf_validate.mjs"


@pytest.mark.parametrize("symbol, expected", [
    ("p", ["PP"]), ("m", ["PP"]), ("f", ["FF"]), ("θ", ["TH"]), ("t", ["DD"]), ("k", ["kk"]), ("tʃ", ["CH"]),
    ("s", ["SS"]), ("n", ["nn"]), ("ɹ", ["RR"]), ("ˈæ", ["aa"]), ("ɛ", ["E"]), ("iː", ["ih"]), ("ɔ", ["oh"]),
    ("uː", ["ou"]), ("aʊ", ["aa", "ou"]), ("", ["sil"]), ("AA1", ["aa"]), ("UW", ["ou"]), ("SIL", ["sil"]),
    ("ʌ", ["aa"]), ("ɯ", ["ih"]),
])
def test_phonemes_map_to_the_oculus_visemes(symbol, expected):
    assert visemes_of(symbol) == expected
    assert set(expected) <= set(VISEMES)


def test_diphthongs_share_their_time_and_the_track_covers_the_audio():
    spans = spans_from_phonemes([Phoneme("h", 0.0, 0.1), Phoneme("ˈaʊ", 0.1, 0.3)])
    assert [(s.viseme, round(s.start, 3), round(s.end, 3)) for s in spans] == [
        ("kk", 0.0, 0.1), ("aa", 0.1, 0.2), ("ou", 0.2, 0.3)]
    full = close_gaps(spans, 0.5)
    assert full[-1].viseme == "sil" and full[-1].end == 0.5 and full[0].start == 0.0


def test_blendshape_curves_open_the_jaw_on_open_vowels():
    spans = close_gaps(spans_from_phonemes([Phoneme("m", 0.0, 0.2), Phoneme("a", 0.2, 0.6)]), 0.6)
    frames = blendshape_frames(spans, 0.6, fps=30)
    jaw = frames[:, ARKIT_SHAPES.index("jawOpen")]
    close = frames[:, ARKIT_SHAPES.index("mouthClose")]
    assert frames.shape == (19, len(ARKIT_SHAPES))
    assert jaw[15] > 0.6 and jaw[2] < 0.1 and close[2] > 0.3
    assert frames.min() >= 0 and frames.max() <= 1


def test_energy_fallback_opens_the_mouth_only_where_it_is_loud():
    rate = 16000
    t = np.arange(rate) / rate
    samples = np.where(t > 0.5, 0.5 * np.sin(2 * np.pi * 200 * t), 0.0).astype(np.float32)
    spans = spans_from_energy(samples, rate)
    assert spans[0].viseme == "sil" and spans[0].end <= 0.52
    assert all(s.viseme != "sil" for s in spans if s.start >= 0.56)


def assert_valid_talking_head(video, track_artifact, head, wav):
    assert (video.kind, track_artifact.kind, head.kind, wav.kind) == ("video", "visemes", "mesh", "audio")
    track = json.loads(Path(track_artifact.path).read_text())
    duration = track["audio"]["duration_s"]
    assert abs(track["visemes"][-1]["end"] - duration) <= 0.1  # aligned with the audio's end
    video_s, audio_s = stream_seconds(video.path, "v"), stream_seconds(video.path, "a")
    assert video_s is not None and audio_s is not None
    assert abs(video_s - audio_s) <= 0.1 and abs(video_s - duration) <= 0.1
    assert track["blendshapes"]["names"] == list(ARKIT_SHAPES)
    import pygltflib

    gltf = pygltflib.GLTF2().load(str(head.path))
    assert gltf.meshes[0].extras["targetNames"] == list(ARKIT_SHAPES)
    assert all(len(p.targets) == len(ARKIT_SHAPES) for p in gltf.meshes[0].primitives)
    assert gltf.animations[0].channels[0].target.path == "weights"
    assert gltf.scenes[0].extras["audio"] == Path(wav.path).name
    return track


async def test_text_avatar_in_korean_makes_mp4_visemes_glb_and_wav(settings, store):
    run, _ = await run_plan(settings, store, [{"id": "s1", "tool": "avatar", "args": {"text": "안녕하세요, 반가워요"}}])
    outcome = run.outcomes["s1"]
    assert outcome.status == "ok", outcome.error
    track = assert_valid_talking_head(*outcome.artifacts)
    assert track["source"] == "espeak-phonemes" and track["language"] == "ko"
    assert {"PP", "aa", "nn"} <= {v["viseme"] for v in track["visemes"]}


async def test_avatar_lip_syncs_a_speech_step_by_ref_with_its_phonemes(settings, store):
    run, _ = await run_plan(settings, store, [
        {"id": "s1", "tool": "speech", "args": {"text": "Welcome, traveler.", "voice": "deep"}},
        {"id": "s2", "tool": "avatar", "args": {"audio": {"$ref": "s1"}}, "depends_on": ["s1"]},
    ])
    outcome = run.outcomes["s2"]
    assert outcome.status == "ok", outcome.error
    track = assert_valid_talking_head(*outcome.artifacts)
    speech_track = json.loads(Path(run.outcomes["s1"].artifacts[1].path).read_text())
    assert track["source"] == "espeak-phonemes" and track["phonemes"] == speech_track["phonemes"]


async def test_uploaded_audio_is_aligned_with_pocketsphinx_phones(settings, store, tmp_path):
    mp3 = tmp_path / "upload.mp3"
    wav = spoken_wav(tmp_path / "say.wav", "Good morning. The weather is nice today.")
    from tools.audio_io import ffmpeg_exe

    subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-y", "-i", str(wav), str(mp3)], check=True)
    uploaded = store.add(mp3, kind="audio")
    run, _ = await run_plan(settings, store, [{"id": "s1", "tool": "avatar", "args": {"audio": {"$artifact": uploaded.id}}}])
    outcome = run.outcomes["s1"]
    assert outcome.status == "ok", outcome.error
    track = assert_valid_talking_head(*outcome.artifacts)
    assert track["source"] == "pocketsphinx-phones"
    assert len({v["viseme"] for v in track["visemes"]}) >= 6


async def test_portrait_avatar_animates_the_given_picture(settings, store, tmp_path):
    picture = Image.new("RGB", (300, 400), (90, 120, 160))
    picture.paste((230, 190, 160), (60, 60, 240, 360))
    path = tmp_path / "face.png"
    picture.save(path)
    portrait = store.add(path, kind="image")
    run, _ = await run_plan(settings, store, [{"id": "s1", "tool": "avatar", "args": {
        "text": "Hello there, friend.", "portrait": {"$artifact": portrait.id}, "size": 256}}])
    outcome = run.outcomes["s1"]
    assert outcome.status == "ok", outcome.error
    video = outcome.artifacts[0]
    assert video.meta["face"] == "portrait" and video.meta["portrait"] == portrait.id
    assert_valid_talking_head(*outcome.artifacts)
    from tools.audio_io import ffmpeg_exe

    frames = subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-i", str(video.path), "-f", "rawvideo", "-pix_fmt",
                             "gray", "-"], capture_output=True, check=True).stdout
    frames = np.frombuffer(frames, np.uint8).reshape(-1, 256, 256)
    mouth = frames[:, 160:230, 90:166].astype(np.float32)
    assert np.ptp(mouth.mean(axis=(1, 2))) > 3  # the mouth region changes while speaking


async def test_avatar_needs_text_or_audio(settings, store):
    run, _ = await run_plan(settings, store, [{"id": "s1", "tool": "avatar", "args": {"language": "en"}}])
    assert "either text to say or audio" in run.outcomes["s1"].error.message


async def test_silent_audio_and_a_broken_portrait_are_refused(settings, store, tmp_path):
    silent = store.add(write_wav(tmp_path / "silence.wav", Audio(np.zeros(16000, np.float32), 16000)), kind="audio")
    broken = tmp_path / "face.png"
    broken.write_bytes(b"\x89PNG not really")
    portrait = store.add(broken, kind="image")
    run, _ = await run_plan(settings, store, [
        {"id": "s1", "tool": "avatar", "args": {"audio": {"$artifact": silent.id}}},
        {"id": "s2", "tool": "avatar", "args": {"text": "Hi.", "portrait": {"$artifact": portrait.id}}},
    ])
    assert "silent" in run.outcomes["s1"].error.message
    assert "not a readable image" in run.outcomes["s2"].error.message


def _validator_ready() -> bool:
    """The shared validator script (tests/gltf_validate.mjs) needs node and the npm package."""
    modules = Path(os.environ.get("GLTF_VALIDATOR_MODULES", ROOT / ".node" / "node_modules"))
    return shutil.which("node") is not None and (modules / "gltf-validator").is_dir()


def test_glb_head_passes_the_khronos_validator(tmp_path):
    if not _validator_ready():
        pytest.skip("node or the npm package gltf-validator is not installed (make setup puts it in .node/)")
    from tools.avatar.head3d import write_head_glb

    times = np.arange(10, dtype=np.float32) / 25
    weights = np.random.default_rng(0).uniform(0, 1, (10, len(ARKIT_SHAPES))).astype(np.float32)
    glb = write_head_glb(tmp_path / "head.glb", times=times, weights=weights, audio_file="head.wav")
    proc = subprocess.run(["node", str(VALIDATOR), str(glb)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    [report] = json.loads(proc.stdout)
    assert report["errors"] == 0 and report["warnings"] == 0, report["issues"]


def test_too_long_text_is_refused_before_any_work():
    from tools.avatar import AvatarInput

    with pytest.raises(ValueError, match="limit is 5000"):
        AvatarInput(text="word " * 2000)
    with pytest.raises(InputError):
        from tools.speech.synthesis import check_text

        check_text("")
