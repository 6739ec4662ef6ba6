"""Real processes: two CLI calls share memory through the data dir; export/forget; a Chroma server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.loopback import chroma_server as running_chroma

from memory.embeddings import shared_encoder
from memory.store import MemoryStore
from memory.stream import MemoryStream

ROOT = Path(__file__).resolve().parents[1]


def app(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "ATELIER_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "app.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=180)


def test_second_cli_call_plans_with_the_first_calls_artifact(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = app("run", "make a red dragon in 3D", "--session", "S", "--user", "U", "--json", data_dir=data)
    assert first.returncode == 0, first.stderr
    made = [a["id"] for a in json.loads(first.stdout)["artifacts"]]
    assert len(made) == 1
    second = app("plan", "make a video of that dragon", "--session", "S2", "--user", "U", "--json", data_dir=data)
    assert second.returncode == 0, second.stderr
    steps = json.loads(second.stdout)["steps"]
    assert steps[0]["tool"] == "video" and steps[0]["args"]["source"] == {"$artifact": made[0]}

    exported = app("memory", "export", "--user", "U", data_dir=data)
    assert exported.returncode == 0, exported.stderr
    dump = json.loads(exported.stdout)
    assert [a["artifact_id"] for a in dump["assets"]] == made
    assert "make a red dragon in 3D" in {m["text"] for m in dump["memories"]}
    assert [a["id"] for a in dump["artifacts"]] == made

    forgot = app("memory", "forget", "--user", "U", "--yes", data_dir=data)
    assert forgot.returncode == 0, forgot.stderr
    deleted = json.loads(forgot.stdout)["deleted"]
    assert deleted["assets"] == 1 and deleted["artifact_files"] == 1
    after = json.loads(app("memory", "export", "--user", "U", data_dir=data).stdout)
    assert after["memories"] == [] and after["assets"] == [] and after["artifacts"] == []
    assert not list((data / "sessions" / "S").glob("*.glb"))  # the files are gone too
    bad = app("memory", "export", "--user", "../etc", data_dir=data)
    assert bad.returncode == 2 and "user id" in bad.stderr


@pytest.fixture
def chroma_server(tmp_path: Path):
    with running_chroma(tmp_path / "server") as url:
        yield url


def test_memory_on_a_chroma_server(chroma_server: str) -> None:
    with MemoryStore(encoder=shared_encoder(), url=chroma_server) as store:
        stream = MemoryStream(store=store, reflection_threshold=1e9)
        stream.observe(user="a", text="My name is Minji and I love cats")
        stream.observe(user="b", text="My name is Bob")
        got = stream.recall(user="a", query="what's my name?", k=3)
        assert [m.record.text for m in got] == ["My name is Minji and I love cats"]
    with MemoryStore(encoder=shared_encoder(), url=chroma_server) as again:  # the server kept it
        assert MemoryStream(store=again).recall(user="b", query="name", k=3)[0].record.text == "My name is Bob"
