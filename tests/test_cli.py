"""The CLI's JSON shapes and exit codes (README documents both)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import trimesh

from agent.app.cli import main

ROOT = Path(__file__).resolve().parents[1]


def invoke(args: list[str], capsys, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_plan_json_shape(capsys):
    code, out, err = invoke(["plan", "make a red wooden table in 3D", "--json"], capsys)
    assert code == 0, err
    plan = json.loads(out)
    assert set(plan) == {"language", "steps"} and plan["language"] == "en"
    assert [s["tool"] for s in plan["steps"]] == ["mesh"]
    assert set(plan["steps"][0]) == {"id", "tool", "args", "depends_on"}
    assert "table" in plan["steps"][0]["args"]["prompt"]


def test_plan_jsonl_reads_stdin_one_plan_per_line(capsys, monkeypatch):
    lines = "draw a red dragon\n빨간 용 그림 그려줘\n\nhello there!\n"
    code, out, err = invoke(["plan", "--jsonl"], capsys, stdin=lines, monkeypatch=monkeypatch)
    assert code == 0, err
    plans = [json.loads(line) for line in out.splitlines()]
    assert [p["language"] for p in plans] == ["en", "ko", "en"]
    assert [len(p["steps"]) for p in plans] == [1, 1, 0]
    assert plans[1]["steps"][0]["tool"] == "image"


def test_plan_jsonl_reports_bad_lines_and_keeps_going(capsys, monkeypatch):
    code, out, err = invoke(["plan", "--jsonl"], capsys, stdin="x" * 5000 + "\nmake a 3D chair\n",
                            monkeypatch=monkeypatch)
    assert code == 2
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["error"]["type"] == "InputError" and first["line"] == 1
    assert second["steps"][0]["tool"] == "mesh"


def test_run_json_writes_a_real_glb(capsys, tmp_path):
    data = tmp_path / "store"
    code, out, err = invoke(["run", "make a red wooden table in 3D", "--json", "--session", "s1", "--user", "u1",
                             "--data-dir", str(data)], capsys)
    assert code == 0, err
    result = json.loads(out)
    assert set(result) == {"reply", "plan", "artifacts", "events"}
    (artifact,) = result["artifacts"]
    assert set(artifact) == {"id", "kind", "path", "mime", "meta"}
    assert artifact["kind"] == "mesh" and artifact["mime"] == "model/gltf-binary"
    path = Path(artifact["path"])
    assert path.is_relative_to(data / "sessions" / "s1")
    loaded = trimesh.load(path)
    assert len(loaded.geometry) > 0 and sum(len(g.faces) for g in loaded.geometry.values()) > 12
    kinds = [e["kind"] for e in result["events"]]
    assert kinds[0] == "turn_started" and kinds[-1] == "turn_done"
    assert {"plan", "step_started", "progress", "step_done", "artifact", "message"} <= set(kinds)
    assert "table" in result["reply"].lower() or "3d" in result["reply"].lower()
    manifest = (data / "sessions" / "s1" / "manifest.jsonl").read_text().splitlines()
    assert json.loads(manifest[0])["user_id"] == "u1"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["plan", "   ", "--json"], "empty"),
        (["plan", "x" * 100_000, "--json"], "characters long"),
        (["plan", "\x01\x02\x03\x04junk\x05\x06", "--json"], "binary"),
        (["run", "make a chair in 3D", "--session", "../etc"], "session id"),
        (["plan", "--json"], "give either TEXT"),
        (["plan", "hi", "--profile", "turbo"], "turbo"),
        (["plan", "hi", "--set", "limits.max_plan_steps"], "SECTION.KEY=VALUE"),
        (["plan", "hi", "--set", "limits.max_plan_steps=0"], "max_plan_steps"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, args, needle):
    code, out, err = invoke(args, capsys)
    assert code == 2
    assert needle in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize(
    ("plan", "needle"),
    [
        ({"steps": [{"id": "s1", "tool": "teleport", "args": {}}]}, "unknown tool 'teleport'"),
        ({"steps": [{"id": "s1", "tool": "mesh", "args": {"prompt": "a"}, "depends_on": ["s2"]},
                    {"id": "s2", "tool": "mesh", "args": {"prompt": "b"}, "depends_on": ["s1"]}]}, "cycle"),
        ({"steps": [{"id": "s1", "tool": "video", "args": {"source": {"$ref": "s7"}}}]}, "'s7' is not a step"),
        ({"steps": [{"id": "s1", "tool": "speech", "args": {"text": "hi"}},
                    {"id": "s2", "tool": "mesh", "args": {"source": {"$ref": "s1"}}}]}, "needs image"),
        ({"steps": [{"id": "s1", "tool": "video", "args": {"source": {"$artifact": "a_nope"}}}]}, "a_nope"),
        ({"steps": [], "oops": 1}, "oops"),
    ],
)
def test_bad_plan_files_exit_2(capsys, tmp_path, plan, needle):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    code, out, err = invoke(["run", "--plan", str(path), "--json"], capsys)
    assert code == 2, out
    assert needle in err and "Traceback" not in err


def test_plan_file_that_is_not_json(capsys, tmp_path):
    path = tmp_path / "plan.json"
    path.write_bytes(b"\x00\xff garbage")
    code, out, err = invoke(["run", "--plan", str(path)], capsys)
    assert code == 2 and "error:" in err


def test_run_of_a_given_plan(capsys, tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps({"language": "en", "steps": [{"id": "s1", "tool": "mesh", "args": {"prompt": "a blue chair"}}]}))
    code, out, err = invoke(["run", "--plan", str(path), "--json", "--data-dir", str(tmp_path / "d")], capsys)
    assert code == 0, err
    assert json.loads(out)["artifacts"][0]["kind"] == "mesh"


def test_cold_process_plan_and_exit_codes():
    """A real process, as a user runs it (also what the cold-start target is about)."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    ok = subprocess.run([sys.executable, "app.py", "plan", "그 다음에 빨간 의자를 3D로 만들어줘", "--json"],
                        capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["language"] == "ko"
    bad = subprocess.run([sys.executable, "app.py", "plan", "", "--json"], capture_output=True, text=True, cwd=ROOT,
                         env=env, timeout=120)
    assert bad.returncode == 2 and bad.stderr.startswith("error:") and "Traceback" not in bad.stderr


def test_set_reaches_the_settings_a_plan_is_checked_against(capsys, tmp_path):
    """``--set`` is the CLI layer of every setting: a 2-step plan over ``limits.max_plan_steps=1`` is refused."""
    request = "make a chair in 3D, then a video turning around it"
    code, out, _ = invoke(["plan", request, "--json"], capsys)
    assert code == 0 and len(json.loads(out)["steps"]) == 2
    code, out, _ = invoke(["run", request, "--json", "--data-dir", str(tmp_path), "--set", "limits.max_plan_steps=1"],
                          capsys)
    result = json.loads(out)
    error = next(e for e in result["events"] if e["kind"] == "error")
    assert "limits.max_plan_steps" in error["error"]["message"] and result["artifacts"] == []
    assert "at most" in result["reply"] and "limits" not in result["reply"], "the player hears no setting names"


# -- run --attach ---------------------------------------------------------------------------------------
def _spoken_wav(path: Path) -> Path:
    """A real recording of a short English sentence (eSpeak NG, as the speech tool makes it)."""
    from tools.speech.synthesis import EmbeddedSpeech, synthesize

    backend = EmbeddedSpeech.for_request(language="en", voice=None, persona=None, rate=1.0, pitch=None)
    synthesize("hello world, this is a test of the microphone", backend=backend, path=path)
    return path


def test_run_attach_transcribes_a_named_file_and_reads_it_back(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _spoken_wav(tmp_path / "example.wav")
    code, out, err = invoke(["run", "transcribe example.wav, then read it back in a calm voice", "--attach",
                             "example.wav", "--json", "--data-dir", str(tmp_path / "d")], capsys)
    assert code == 0, err
    result = json.loads(out)
    steps = result["plan"]["steps"]
    assert [(s["tool"], s["depends_on"]) for s in steps] == [("transcribe", []), ("speech", ["s1"])]
    assert steps[1]["args"] == {"script": {"$ref": "s1"}}
    kinds = {a["kind"]: a for a in result["artifacts"]}
    assert {"text", "audio"} <= set(kinds)  # both files were made
    transcript = Path(kinds["text"]["path"]).read_text(encoding="utf-8").strip()
    assert transcript and kinds["audio"]["meta"]["text"] == transcript  # the speech read the transcript
    uploaded = steps[0]["args"]["audio"]["$artifact"]
    assert any(e.get("kind") == "plan" for e in result["events"]) and uploaded.startswith("a_")


@pytest.mark.parametrize(("name", "content", "needle"), [
    ("missing.wav", None, "no such file"),
    ("empty.wav", b"", "empty"),
    ("fake.wav", b"this is not a recording", "not audio/wav"),
    ("notes.docx", b"PK\x03\x04 not ours", "not a type"),
    ("dance.bvh", b"MOTION\nFrames: 1\n", "not application/x-bvh"),
])
def test_run_attach_of_a_bad_file_exits_2_with_one_line(capsys, tmp_path, name, content, needle):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    code, out, err = invoke(["run", f"use {name}", "--attach", str(path), "--data-dir", str(tmp_path / "d")], capsys)
    assert code == 2 and needle in err and name in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_file_named_but_not_attached_is_asked_for_and_the_rest_runs(capsys, tmp_path):
    code, out, err = invoke(["run", "transcribe example.wav and draw a cat", "--json", "--data-dir",
                             str(tmp_path / "d")], capsys)
    assert code == 0, err
    result = json.loads(out)
    assert [s["tool"] for s in result["plan"]["steps"]] == ["image"]
    warnings = [e["message"] for e in result["events"] if e.get("kind") == "warning"]
    assert any("example.wav" in w and "--attach" in w for w in warnings)


def test_attach_policy_knows_video_and_bvh(tmp_path):
    from agent.config import Settings
    from agent.uploads import check_file

    bvh = tmp_path / "walk.bvh"
    bvh.write_text("HIERARCHY\nROOT Hips\n{\n}\nMOTION\nFrames: 0\n", encoding="utf-8")
    mp4 = tmp_path / "clip.mp4"
    mp4.write_bytes(b"\x00\x00\x00\x18ftypisom" + b"\x00" * 32)
    limits = Settings().limits
    assert (check_file(bvh, limits).kind, check_file(mp4, limits).kind) == ("motion", "video")
