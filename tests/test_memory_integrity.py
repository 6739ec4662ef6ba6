"""Damaged memory state: an emptied database, damaged or inconsistent vector indexes (which used
to segfault the reader), ``memory repair``, the writer lock handed to export/forget while a
server runs, idle closing and bounded open files."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from agent.encoder import HashingEncoder
from memory.store import MEMORIES, MemoryStore, StoreCorrupt, StoreLocked, collection_name
from memory.stream import MemoryStream

ROOT = Path(__file__).resolve().parents[1]
MINE = collection_name(MEMORIES, "u")


def _text(i: int) -> str:
    return f"note number {i} about the castle"


def _filled(path: Path, n: int, *, user: str = "u") -> None:
    """``n`` memories of ``user`` embedded by the store's encoder from their text (as the product does)."""
    with MemoryStore(encoder=HashingEncoder(), path=path) as store:
        for start in range(0, n, 250):
            ids = range(start, min(n, start + 250))
            store.add(collection_name(MEMORIES, user), ids=[f"m{i}" for i in ids], documents=[_text(i) for i in ids],
                      metadatas=[{"user": user, "persona": "", "kind": "observation", "speaker": "user",
                                  "session": "s", "importance": 2.0, "created_at": 1.0, "last_accessed": 1.0}
                                 for _ in ids])


@pytest.fixture(scope="module")
def persisted(tmp_path_factory) -> Path:
    """1,300 memories: past Chroma's 1,000-write sync point, so the HNSW files hold 1,000 of them."""
    path = tmp_path_factory.mktemp("persisted") / "memory"
    _filled(path, 1300)
    assert list(path.glob("*/index_metadata.pickle"))
    return path


@pytest.fixture
def store_copy(persisted: Path, tmp_path: Path) -> Path:
    import shutil

    copy = tmp_path / "memory"
    shutil.copytree(persisted, copy)
    return copy


def _segment(path: Path) -> Path:
    (segment,) = [p for p in path.iterdir() if p.is_dir()]
    return segment


def _all_found(store: MemoryStore, n: int) -> int:
    """How many of the first ``n`` memories are among the 5 nearest to their own text. The texts
    differ in one number and HNSW is approximate, so a healthy index may miss one or two in a
    thousand (a damaged one lost 140 to 1,000 of them); callers allow 1 %."""
    encoder = store.encoder
    found = 0
    for i in range(n):
        hit = store.query(MINE, embedding=encoder.encode([_text(i)])[0], n_results=5)
        found += _text(i) in hit["documents"][0]
    return found


# -- the database ---------------------------------------------------------------------------------

def test_an_emptied_database_is_refused_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "memory"
    _filled(path, 300)
    (path / "chroma.sqlite3").write_bytes(b"")
    with pytest.raises(StoreCorrupt, match="empty"):
        MemoryStore(encoder=HashingEncoder(), path=path)
    assert (path / "chroma.sqlite3").stat().st_size == 0  # untouched: a backup can still be put back


def test_an_empty_database_of_a_store_that_never_held_anything_opens(tmp_path: Path) -> None:
    path = tmp_path / "memory"
    path.mkdir()
    (path / "chroma.sqlite3").write_bytes(b"")  # killed while Chroma created it
    with MemoryStore(encoder=HashingEncoder(), path=path) as store:
        store.add(MINE, ids=["a"], documents=["hello"], metadatas=[{"user": "u"}])
        assert store.count(MINE) == 1


# -- the vector index -----------------------------------------------------------------------------

def _random_data(segment: Path) -> None:
    data = segment / "data_level0.bin"
    data.write_bytes(np.random.default_rng(0).bytes(data.stat().st_size))


def _header_count(segment: Path) -> None:
    header = bytearray((segment / "header.bin").read_bytes())
    header[20:28] = struct.pack("<Q", 10**6)  # cur_element_count far past the data
    (segment / "header.bin").write_bytes(bytes(header))


def _bad_neighbours(segment: Path) -> None:
    data = bytearray((segment / "data_level0.bin").read_bytes())
    for offset in range(0, len(data), 1676):
        data[offset + 4:offset + 8] = struct.pack("<I", 2**31)  # a neighbour id far outside the index
    (segment / "data_level0.bin").write_bytes(bytes(data))


def _truncated(segment: Path) -> None:
    data = segment / "data_level0.bin"
    os.truncate(data, data.stat().st_size // 2)


def _no_pickle(segment: Path) -> None:
    (segment / "index_metadata.pickle").unlink()


def _bad_pickle(segment: Path) -> None:
    os.truncate(segment / "index_metadata.pickle", 100)


def _no_segment(segment: Path) -> None:
    import shutil

    shutil.rmtree(segment)


DAMAGE = {"random-data": _random_data, "header-count": _header_count, "bad-neighbours": _bad_neighbours,
          "truncated": _truncated, "no-pickle": _no_pickle, "bad-pickle": _bad_pickle, "no-segment": _no_segment}

PROBE = textwrap.dedent("""
    import sys
    from agent.encoder import HashingEncoder
    from memory.store import MemoryStore, StoreCorrupt
    from memory.stream import MemoryStream
    try:
        with MemoryStore(encoder=HashingEncoder(), path=sys.argv[1]) as store:
            found = MemoryStream(store=store).recall(user="u", query="note number 5 about the castle", k=3)
            print("OPENED", len(found))
    except StoreCorrupt as exc:
        print("CORRUPT", exc.message)
""")


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_index_is_detected_on_open_never_a_crash_or_silent_loss(store_copy: Path, damage: str) -> None:
    DAMAGE[damage](_segment(store_copy))
    out = subprocess.run([sys.executable, "-c", PROBE, str(store_copy)], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, f"the reader died (exit {out.returncode}): {out.stderr[-500:]}"
    assert out.stdout.startswith("CORRUPT"), out.stdout + out.stderr[-500:]
    assert "memory repair --user u" in out.stdout and str(store_copy) in out.stdout


def test_a_healthy_index_opens_and_every_memory_is_found(store_copy: Path) -> None:
    with MemoryStore(encoder=HashingEncoder(), path=store_copy) as store:
        assert store.count(MINE) == 1300
        assert _all_found(store, 1300) >= 1287


def test_an_unpersisted_index_that_is_damaged_is_detected_too(tmp_path: Path) -> None:
    path = tmp_path / "memory"
    _filled(path, 300)
    (_segment(path) / "header.bin").write_bytes(np.random.default_rng(1).bytes(100))
    with MemoryStore(encoder=HashingEncoder(), path=path) as store:
        with pytest.raises(StoreCorrupt, match="memory repair"):
            store.count(MINE)


@pytest.mark.parametrize("damage", ["random-data", "no-pickle", "truncated"])
def test_repair_rebuilds_the_index_from_the_records(store_copy: Path, damage: str) -> None:
    DAMAGE[damage](_segment(store_copy))
    with MemoryStore(encoder=HashingEncoder(), path=store_copy) as store:
        report = store.repair(MINE)
        assert report["records"] == 1300 and report["backup"] and Path(report["backup"]).is_file()
        assert store.count(MINE) == 1300
        assert _all_found(store, 1300) >= 1287
        kept = MemoryStream(store=store).all_for("u")
        assert {m.text for m in kept} == {_text(i) for i in range(1300)}
        assert {m.session for m in kept} == {"s"} and {m.importance for m in kept} == {2.0}
    backup = [json.loads(line) for line in Path(report["backup"]).read_text().splitlines()]
    assert len(backup) == 1300 and backup[0]["metadata"]["user"] == "u"
    with MemoryStore(encoder=HashingEncoder(), path=store_copy) as again:  # and it stays repaired
        assert again.count(MINE) == 1300 and _all_found(again, 100) >= 99


def app(*args: str, data_dir: Path, timeout: float = 180) -> subprocess.CompletedProcess:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "ATELIER_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "app.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)


WRITE_WITH_MINILM = textwrap.dedent("""
    import sys
    from agent.config import Settings
    from memory.service import open_memory
    memory = open_memory(Settings(data_dir=sys.argv[1]))
    for user in ("u", "v"):  # one encoder call per user
        memory.stream.write([memory.stream.new_record(user=user, text=f"{user} said note {i}: the castle has {i} "
                                                      "towers", importance=3.0) for i in range(40)])
    memory.close()
""")


def test_memory_repair_command(tmp_path: Path) -> None:
    data = tmp_path / "data"
    subprocess.run([sys.executable, "-c", WRITE_WITH_MINILM, str(data)], cwd=ROOT, check=True, timeout=180)
    store = data / "memory"
    import sqlite3

    with sqlite3.connect(store / "chroma.sqlite3") as db:
        (segment_of_u,) = db.execute(
            "SELECT s.id FROM segments s JOIN collections c ON s.collection = c.id "
            "WHERE c.name = ? AND s.scope = 'VECTOR'", (MINE,)).fetchone()
    (store / segment_of_u / "header.bin").write_bytes(b"\x01" * 100)
    broken = app("memory", "export", "--user", "u", data_dir=data)
    assert broken.returncode == 2 and "memory repair --user u" in broken.stderr and "Traceback" not in broken.stderr

    checked = app("memory", "repair", data_dir=data)  # no --user: checks every collection, repairs the bad ones
    assert checked.returncode == 0, checked.stderr
    report = json.loads(checked.stdout)
    assert report["repaired"] == {MINE: 40} and report["healthy"] == 1 and "header.bin" in report["problems"][MINE]
    exported = app("memory", "export", "--user", "u", data_dir=data)
    assert exported.returncode == 0, exported.stderr
    assert len(json.loads(exported.stdout)["memories"]) == 40
    fine = app("memory", "export", "--user", "v", data_dir=data)  # another user's memory was never touched
    assert fine.returncode == 0 and len(json.loads(fine.stdout)["memories"]) == 40
    nobody = app("memory", "repair", "--user", "nobody", data_dir=data)  # --user: that user's collections only
    assert nobody.returncode == 0 and json.loads(nobody.stdout)["repaired"] == {} and "nothing" in nobody.stderr


# -- sharing the store with a running server ------------------------------------------------------

SERVER = textwrap.dedent("""
    import sys, time
    from agent.config import Settings
    from memory.service import open_memory
    memory = open_memory(Settings(data_dir=sys.argv[1]))
    memory.stream.write([memory.stream.new_record(user="u", text=f"u said note {i}: the castle has {i} towers",
                                                  importance=3.0) for i in range(40)])
    i = 0
    print("READY", flush=True)
    while True:  # a busy server: a memory write every 50 ms
        memory.stream.observe(user="busy", text=f"busy note {i}", reflect=False)
        i += 1
        if i % 20 == 0:
            print("WROTE", i, flush=True)
        time.sleep(0.05)
""")


def test_export_and_forget_work_while_a_server_holds_the_store(tmp_path: Path) -> None:
    data = tmp_path / "data"
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(data)], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None and server.stdout.readline().startswith("READY")
        assert server.stdout.readline().startswith("WROTE")
        exported = app("memory", "export", "--user", "u", data_dir=data)
        assert exported.returncode == 0, exported.stderr
        assert len(json.loads(exported.stdout)["memories"]) == 40
        forgot = app("memory", "forget", "--user", "u", "--yes", data_dir=data)
        assert forgot.returncode == 0, forgot.stderr
        assert json.loads(forgot.stdout)["deleted"]["memories"] == 40
        before = int(server.stdout.readline().split()[1])
        after = int(server.stdout.readline().split()[1])  # the server went on writing
        assert after > before and server.poll() is None
    finally:
        server.kill()
        server.wait(timeout=30)
    with MemoryStore(encoder=HashingEncoder(), path=data / "memory") as store:
        assert store.count(MINE) == 0
        assert store.count(collection_name(MEMORIES, "busy")) >= after  # nothing the server wrote was lost


def test_an_idle_store_lets_go_of_its_lock_and_files_and_comes_back(tmp_path: Path) -> None:
    path = tmp_path / "memory"
    _filled(path, 20)
    store = MemoryStore(encoder=HashingEncoder(), path=path, idle_close_s=0.2)
    try:
        assert store.count(MINE) == 20
        time.sleep(1.0)
        assert not store.is_open
        with MemoryStore(encoder=HashingEncoder(), path=path) as other:  # the lock is free
            other.add(MINE, ids=["late"], documents=["a late note"], metadatas=[{"user": "u"}])
        assert store.count(MINE) == 21  # reopened on use, and sees the other writer's note
    finally:
        store.close()


def test_a_store_in_use_keeps_refusing_a_second_writer_that_does_not_wait(tmp_path: Path) -> None:
    path = tmp_path / "memory"
    with MemoryStore(encoder=HashingEncoder(), path=path) as store:
        store.count(MINE)
        with pytest.raises(StoreLocked):
            MemoryStore(encoder=HashingEncoder(), path=path)


IDLE_SERVER = textwrap.dedent("""
    import sys
    from agent.config import load_settings
    from memory.service import check_available, open_memory
    settings = load_settings({"data_dir": sys.argv[1], "memory": {"idle_close_s": 0.2}})
    check_available(settings)  # what `serve` and the studio do before they listen
    open_memory(settings).stream.observe(user="u", text="hello", reflect=False)
    print("READY", flush=True)
    sys.stdin.read()
""")


def test_a_second_server_is_refused_even_while_the_first_has_let_go_of_the_store(tmp_path: Path) -> None:
    from agent.config import load_settings
    from memory.service import check_available

    data = tmp_path / "data"
    first = subprocess.Popen([sys.executable, "-c", IDLE_SERVER, str(data)], cwd=ROOT, stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert first.stdout is not None and first.stdout.readline().startswith("READY")
        time.sleep(1.0)  # idle: it let go of the lock (export/forget may take it now)
        with MemoryStore(encoder=HashingEncoder(), path=data / "memory") as store:
            assert store.user_names() == {"u": [collection_name(MEMORIES, "u")]}
        with pytest.raises(StoreLocked) as refused:
            check_available(load_settings({"data_dir": str(data)}))
        assert f"process {first.pid}" in refused.value.message
    finally:
        assert first.stdin is not None
        first.stdin.close()
        first.wait(timeout=30)
    check_available(load_settings({"data_dir": str(data)}))  # it exited: its record went with it


def _open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts open files through /proc")
def test_open_files_stay_bounded_with_many_users(tmp_path: Path) -> None:
    path = tmp_path / "memory"
    with MemoryStore(encoder=HashingEncoder(), path=path, max_open_collections=8) as store:
        stream = MemoryStream(store=store, reflection_threshold=1e9)
        stream.observe(user="first", text="hello")
        baseline = _open_files()
        for user in range(60):
            stream.observe(user=f"user{user}", text=f"I am user {user}", reflect=False)
            stream.recall(user=f"user{user}", query="who am I?")
        assert _open_files() <= baseline + 8 * 4 + 4
        assert stream.recall(user="user3", query="who am I?")[0].record.text == "I am user 3"


def test_forget_works_on_a_damaged_index(store_copy: Path) -> None:
    DAMAGE["bad-pickle"](_segment(store_copy))  # (not one that segfaults: a regression must fail, not kill pytest)
    with MemoryStore(encoder=HashingEncoder(), path=store_copy) as store:
        assert store.drop(MINE) == 1300  # without reading the damaged files (that could crash)
        assert store.count(MINE) == 0
    with MemoryStore(encoder=HashingEncoder(), path=store_copy) as again:
        assert again.count(MINE) == 0 and not [p for p in store_copy.iterdir() if p.is_dir()]
