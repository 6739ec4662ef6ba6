"""Damaged artifact state: torn and bad manifest lines, partial outputs, orphans, atomic session files.

Each case was a finding of the fault tests (issue 23): a torn manifest line swallowed the next
acknowledged artifact, one bad line made every reader fail, a killed video left a finished-looking
``.mp4`` that ``forget`` never deleted.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from agent.errors import ArtifactNotFound
from agent.store import MANIFEST, ArtifactStore, forget_user, user_records

ROOT = Path(__file__).resolve().parents[1]


def _file(store: ArtifactStore, name: str = "thing.txt", body: bytes = b"hello") -> Path:
    path = store.new_path(Path(name).suffix, stem=Path(name).stem)
    path.write_bytes(body)
    return path


def _add(store: ArtifactStore, name: str = "thing.txt"):
    return store.add(_file(store, name), kind="text")


def test_a_torn_last_line_does_not_swallow_the_next_artifact(store: ArtifactStore) -> None:
    first = _add(store)
    manifest = store.root / MANIFEST
    whole = manifest.read_bytes()
    manifest.write_bytes(whole[: len(whole) // 2])  # a crash mid-append: half a line, no newline
    second = _add(store)
    assert [a.id for a in store.artifacts()] == [second.id]  # the torn one is gone, the next one is whole
    assert store.get(second.id).id == second.id
    assert [r["id"] for r in user_records(store.data_dir, store.user_id)] == [second.id]
    with pytest.raises(ArtifactNotFound):
        store.get(first.id)


@pytest.mark.parametrize("bad", [b"[1, 2, 3]\n", b"\xff\xfe not utf-8\n", b'"just a string"\n', b'{"id": 5}\n',
                                 b"{not json}\n", b"null\n"])
def test_a_bad_line_is_reported_and_skipped_never_fatal(store: ArtifactStore, bad: bytes, caplog) -> None:
    before = _add(store)
    with (store.root / MANIFEST).open("ab") as handle:
        handle.write(bad)
    after = _add(store)
    with caplog.at_level(logging.WARNING, logger="agent.durable"):
        assert [a.id for a in store.artifacts()] == [before.id, after.id]
    assert "line 2" in caplog.text and MANIFEST in caplog.text
    assert [r["id"] for r in user_records(store.data_dir, store.user_id)] == [before.id, after.id]
    assert forget_user(store.data_dir, store.user_id) == 2
    assert not before.path.exists() and not after.path.exists()
    # the line that could not be read is kept (it may be someone else's), never silently dropped
    assert bad.strip() in (store.root / MANIFEST).read_bytes()


def test_forget_removes_a_torn_line_of_the_user_and_its_file(store: ArtifactStore) -> None:
    other = ArtifactStore(data_dir=store.data_dir, session_id=store.session_id, user_id="someone-else")
    kept = _add(other)
    mine = _add(store)
    manifest = store.root / MANIFEST
    whole = manifest.read_bytes()
    manifest.write_bytes(whole[:-20])  # my line torn after its path and user id
    assert forget_user(store.data_dir, store.user_id) == 1
    assert not mine.path.exists()
    assert kept.path.exists() and [a.id for a in other.artifacts()] == [kept.id]
    assert store.user_id.encode() not in manifest.read_bytes()


def test_an_interrupted_write_leaves_no_finished_looking_file(store: ArtifactStore) -> None:
    final = store.new_path(".mp4", stem="clip")
    with pytest.raises(RuntimeError):
        with store.writing(final) as partial:
            partial.write_bytes(b"half a video")
            assert partial.name.startswith(".") and partial.suffix == ".mp4" and partial != final
            raise RuntimeError("killed")
    assert not final.exists() and list(store.root.iterdir()) == []
    with store.writing(final) as partial:
        partial.write_bytes(b"a whole video")
    assert final.read_bytes() == b"a whole video" and [p.name for p in store.root.iterdir()] == [final.name]


def test_forget_removes_orphans_of_dead_writers(store: ArtifactStore) -> None:
    kept = _add(store)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    orphan = store.root / f".partial.{pid}.{store.user_id}.clip-0000.mp4"
    orphan.write_bytes(b"half")
    live = store.root / f".partial.{os.getpid()}.{store.user_id}.clip-1111.mp4"
    live.write_bytes(b"being written")
    foreign = store.root / f".partial.{pid}.someone-else.clip-2222.mp4"
    foreign.write_bytes(b"half")
    from agent.store import orphans

    assert orphans(store.data_dir, store.user_id) == [orphan]
    assert forget_user(store.data_dir, store.user_id) == 2  # the artifact and the orphan
    assert not kept.path.exists() and not orphan.exists()
    assert live.exists() and foreign.exists()


VIDEO_RUN = """
import sys
from agent.app.cli import main
main(["run", "make a 10 second video of a castle at night", "--user", "viewer", "--session", "v",
      "--data-dir", sys.argv[1], "--set", "limits.max_plan_steps=4"])
"""


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_cli_video_leaves_nothing_that_looks_finished(tmp_path: Path, sig: int) -> None:
    data = tmp_path / "data"
    session = data / "sessions" / "v"
    process = subprocess.Popen([sys.executable, "-c", VIDEO_RUN, str(data)], cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        for line in process.stderr:  # progress lines: kill once frames are being encoded
            if "frame " in line:
                break
        else:
            pytest.fail("the video step never reported a frame")
        time.sleep(0.3)
        os.kill(process.pid, sig)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    finished_looking = [p for p in session.glob("*.mp4") if not p.name.startswith(".")]
    assert not finished_looking, "a killed run left an .mp4 that looks finished"
    assert list(session.glob(".partial.*.viewer.*.mp4"))  # what it did leave is named for what it is
    code = subprocess.run([sys.executable, "app.py", "memory", "forget", "--user", "viewer", "--yes", "--data-dir",
                           str(data)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert code.returncode == 0, code.stderr
    assert [p.name for p in session.iterdir()] == []


def test_session_files_are_written_whole(tmp_path: Path, monkeypatch) -> None:
    from agent.durable import write_atomic
    from agent.errors import StorageFull

    target = tmp_path / "s.json"
    write_atomic(target, b'{"a": 1}')
    assert json.loads(target.read_bytes()) == {"a": 1}
    real = os.write

    def fails_halfway(fd: int, data) -> int:
        real(fd, bytes(data)[:3])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", fails_halfway)
    with pytest.raises(StorageFull):
        write_atomic(target, b'{"a": 2, "b": 3}')
    monkeypatch.setattr(os, "write", real)
    assert json.loads(target.read_bytes()) == {"a": 1}  # the old content, whole
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]  # no temp file left behind
