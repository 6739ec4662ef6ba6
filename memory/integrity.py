"""A local Chroma store checked from its files before Chroma reads them, and the records a
damaged index is rebuilt from (``python app.py memory repair``).

Chroma keeps a collection's records (ids, documents, metadata) in ``chroma.sqlite3`` and its
vector index (HNSW) in ``<store>/<segment id>/``: ``header.bin``, ``data_level0.bin``,
``length.bin``, ``link_lists.bin`` and ``index_metadata.pickle`` (record id -> index label).
hnswlib follows the neighbour ids in those files without bounds checks, so a damaged file can
crash the whole process (a segfault: under ``serve``, the server). Before a collection is first
used, :func:`check_collection` reads the files itself (numpy, no Chroma) and checks:

1. ``header.bin`` parses and agrees with the sizes of the other files;
2. every neighbour id on every level is a valid element, every link count fits, every vector
   is finite;
3. ``index_metadata.pickle`` parses (plain dicts only: nothing is unpickled into objects) and
   each of its labels is in the data;
4. a count check against the database: the index's ids plus the writes still in Chroma's log
   after the index was last saved are exactly the ids of the collection's records.

:func:`check_database` refuses an emptied or non-SQLite ``chroma.sqlite3`` (Chroma would
silently start an empty one over it). :func:`read_records` reads a collection's records
straight from the database, which is what a repair rebuilds the index from. The file layout is
Chroma 1.x's (hnswlib's format, version 1); an unknown layout is reported as damage, never
guessed at.
"""

from __future__ import annotations

import contextlib
import io
import json
import pickle
import sqlite3
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import numpy as np

SQLITE_FILE = "chroma.sqlite3"
SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER = struct.Struct("<IQQQQQQiIQQQdQ")  # hnswlib's persisted header (Chroma's fork, version 1)
PICKLE = "index_metadata.pickle"
ADD, UPDATE, UPSERT, DELETE = 0, 1, 2, 3  # Chroma's operation codes in embeddings_queue
DOCUMENT_KEY = "chroma:document"


@dataclass(frozen=True)
class Segments:
    """The ids Chroma gave one collection: the collection, its vector and its metadata segment."""

    collection: str
    vector: str
    metadata: str


@dataclass(frozen=True)
class StoredRecord:
    """One record as the database holds it."""

    id: str
    document: str | None
    metadata: dict[str, Any]

    def public(self) -> dict[str, Any]:
        return {"id": self.id, "document": self.document, "metadata": self.metadata}


def check_database(store: Path) -> str | None:
    """Why ``<store>/chroma.sqlite3`` cannot be opened safely, or None. A store that holds
    nothing but an empty database (killed while Chroma created it) is fine: it never held data."""
    db = store / SQLITE_FILE
    if not db.is_file():
        return None
    with db.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if not head:
        others = [p for p in store.iterdir() if p.name != SQLITE_FILE and not p.name.startswith(SQLITE_FILE + "-")]
        return f"its database {db.name} is empty (0 bytes) while the store holds other files" if others else None
    if head != SQLITE_MAGIC:
        return f"its database {db.name} is not a SQLite file"
    return None


@contextlib.contextmanager
def _connect(store: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection, closed on leaving (sqlite3's own ``with`` only commits)."""
    db = sqlite3.connect(f"file:{store / SQLITE_FILE}?mode=ro", uri=True, timeout=30)
    try:
        yield db
    finally:
        db.close()


def segments(store: Path) -> dict[str, Segments]:
    """Collection name -> its segment ids, read from the database."""
    with _connect(store) as db:
        rows = db.execute("SELECT c.name, c.id, s.id, s.scope FROM collections c JOIN segments s "
                          "ON s.collection = c.id").fetchall()
    found: dict[str, dict[str, str]] = {}
    for name, collection, segment, scope in rows:
        found.setdefault(name, {"collection": collection})[scope] = segment
    return {name: Segments(collection=ids["collection"], vector=ids.get("VECTOR", ""), metadata=ids.get("METADATA", ""))
            for name, ids in found.items() if "VECTOR" in ids and "METADATA" in ids}


class _DictsOnly(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"unexpected object {module}.{name}")


def _read_pickle(path: Path) -> dict[str, Any]:
    data = _DictsOnly(io.BytesIO(path.read_bytes())).load()
    if not isinstance(data, dict) or not isinstance(data.get("id_to_label"), dict):
        raise ValueError("not Chroma's index metadata")
    return data


def check_index_files(directory: Path) -> tuple[str | None, set[str] | None]:
    """``(problem, ids in the index)``: the problem is None when the files are sound; the ids
    are None when the index was never saved (everything is still in Chroma's log)."""
    header_path = directory / "header.bin"
    if not header_path.is_file():
        return ("header.bin is missing" if any(directory.iterdir()) else None), None
    raw = header_path.read_bytes()
    if len(raw) != HEADER.size:
        return f"header.bin is {len(raw)} bytes, not {HEADER.size}", None
    (version, offset_level0, max_elements, count, size_per, label_offset, offset_data, max_level, entry, max_m,
     max_m0, m, _mult, _ef) = HEADER.unpack(raw)
    if (version != 1 or offset_level0 != 0 or not 2 <= m <= 4096 or max_m != m or max_m0 != 2 * m
            or offset_data != 4 + 4 * max_m0 or label_offset <= offset_data or (label_offset - offset_data) % 4
            or size_per != label_offset + 8 or count > max_elements):
        return "header.bin does not describe an index (damaged)", None
    data_path, length_path, links_path = (directory / n for n in ("data_level0.bin", "length.bin", "link_lists.bin"))
    for path in (data_path, length_path, links_path):
        if not path.is_file():
            return f"{path.name} is missing", None
    if count == 0:
        return None, None if not (directory / PICKLE).is_file() else set()
    if not 0 <= entry < count or max_level < 0:
        return "header.bin names an entry point outside the index", None
    data_size, length_size = data_path.stat().st_size, length_path.stat().st_size
    if data_size < count * size_per:
        return f"data_level0.bin is cut short ({data_size} of {count * size_per} bytes)", None
    if length_size < 4 * count:
        return f"length.bin is cut short ({length_size} of {4 * count} bytes)", None
    elements = np.fromfile(data_path, dtype=np.uint8, count=count * size_per).reshape(count, size_per)
    links = np.ascontiguousarray(elements[:, :offset_data]).view("<u4")  # count word, then max_m0 neighbour ids
    link_count = links[:, 0] & 0xFFFF
    if (link_count > max_m0).any():
        return "data_level0.bin holds an impossible link count", None
    used = np.arange(max_m0)[None, :] < link_count[:, None]
    if (links[:, 1:][used] >= count).any():
        return "data_level0.bin links to elements that do not exist", None
    vectors = np.ascontiguousarray(elements[:, offset_data:label_offset]).view("<f4")
    if not np.isfinite(vectors).all():
        return "data_level0.bin holds vectors that are not numbers", None
    labels = set(np.ascontiguousarray(elements[:, label_offset:size_per]).view("<u8").ravel().tolist())
    if not np.isfinite(np.fromfile(length_path, dtype="<f4", count=count)).all():  # each vector's norm
        return "length.bin holds norms that are not numbers", None
    problem = _check_upper_levels(links_path.read_bytes(), count=count, max_m=max_m, max_level=max_level)
    if problem:
        return problem, None
    pickle_path = directory / PICKLE
    if not pickle_path.is_file():
        return f"{PICKLE} is missing (the index cannot name its records)", None
    try:
        metadata = _read_pickle(pickle_path)
    except Exception as exc:
        return f"{PICKLE} cannot be read ({type(exc).__name__})", None
    id_to_label = metadata["id_to_label"]
    if not set(id_to_label.values()) <= labels:
        return f"{PICKLE} names records the index does not hold", None
    return None, set(id_to_label)


def _check_upper_levels(raw: bytes, *, count: int, max_m: int, max_level: int) -> str | None:
    """``link_lists.bin``: for each element, its byte size (u32) then, per level above 0, a
    link count and ``max_m`` neighbour ids."""
    block = 4 * (max_m + 1)
    blocks: list[bytes] = []
    offset = 0
    for _ in range(count):
        if offset + 4 > len(raw):
            return "link_lists.bin is cut short"
        (size,) = struct.unpack_from("<I", raw, offset)
        offset += 4
        if size:
            if size % block or size // block > max_level or offset + size > len(raw):
                return "link_lists.bin does not match the index's levels"
            blocks.append(raw[offset:offset + size])
            offset += size
    if not blocks:
        return None
    upper = np.frombuffer(b"".join(blocks), dtype="<u4").reshape(-1, max_m + 1)
    upper_count = upper[:, 0] & 0xFFFF
    if (upper_count > max_m).any():
        return "link_lists.bin holds an impossible link count"
    if (upper[:, 1:][np.arange(max_m)[None, :] < upper_count[:, None]] >= count).any():
        return "link_lists.bin links to elements that do not exist"
    return None


def _log_ops(db: sqlite3.Connection, collection: str, after: int) -> Iterator[tuple[int, str]]:
    yield from db.execute("SELECT operation, id FROM embeddings_queue WHERE topic LIKE ? AND seq_id > ? "
                          "ORDER BY seq_id", (f"%/{collection}", after))


def _max_seq(db: sqlite3.Connection, segment: str) -> int:
    row = db.execute("SELECT seq_id FROM max_seq_id WHERE segment_id = ?", (segment,)).fetchone()
    if row is None or row[0] is None:
        return 0
    value = row[0]
    return int.from_bytes(value, "big") if isinstance(value, bytes) else int(value)


def _replay(ids: set[str], ops: Iterator[tuple[int, str]]) -> set[str]:
    ids = set(ids)
    for operation, record_id in ops:
        if operation in (ADD, UPSERT):
            ids.add(record_id)
        elif operation == DELETE:
            ids.discard(record_id)
    return ids


def check_collection(store: Path, name: str) -> str | None:
    """Why collection ``name`` of the local store cannot be used safely, or None when it can."""
    found = segments(store).get(name)
    if found is None:
        return None  # not created yet
    directory = store / found.vector
    with _connect(store) as db:
        vector_seq = _max_seq(db, found.vector)
        if directory.is_dir():
            problem, index_ids = check_index_files(directory)
            if problem:
                return f"its vector index is damaged: {problem}"
        elif vector_seq:
            return "its vector index files are missing"
        else:
            index_ids = None
        if index_ids is None and vector_seq:
            return "its vector index was saved but holds nothing"
        stored = {row[0] for row in db.execute("SELECT embedding_id FROM embeddings WHERE segment_id = ?",
                                               (found.metadata,))}
        expected = _replay(stored, _log_ops(db, found.collection, _max_seq(db, found.metadata)))
        indexed = _replay(index_ids or set(), _log_ops(db, found.collection, vector_seq))
    if indexed != expected:
        missing = len(expected - indexed)
        return (f"its vector index does not match the database ({missing} of {len(expected)} records cannot be "
                f"found, {len(indexed - expected)} unknown)")
    return None


def read_records(store: Path, name: str) -> list[StoredRecord]:
    """Every record of collection ``name`` as the database holds it (no vector index needed)."""
    found = segments(store).get(name)
    if found is None:
        return []
    with _connect(store) as db:
        rows = db.execute("SELECT e.id, e.embedding_id FROM embeddings e WHERE e.segment_id = ? ORDER BY e.id",
                          (found.metadata,)).fetchall()
        fields: dict[int, dict[str, Any]] = {row_id: {} for row_id, _ in rows}
        for row_id, key, text, integer, real, boolean in db.execute(
                "SELECT m.id, m.key, m.string_value, m.int_value, m.float_value, m.bool_value FROM embedding_metadata m "
                "JOIN embeddings e ON e.id = m.id WHERE e.segment_id = ?", (found.metadata,)):
            value = text if text is not None else integer if integer is not None else real if real is not None else (
                bool(boolean) if boolean is not None else None)
            fields.setdefault(row_id, {})[key] = value
    records = []
    for row_id, record_id in rows:
        meta = fields.get(row_id, {})
        document = meta.pop(DOCUMENT_KEY, None)
        records.append(StoredRecord(id=record_id, document=document,
                                    metadata={k: v for k, v in meta.items() if not k.startswith("chroma:")}))
    return records


def write_backup(path: Path, records: list[StoredRecord]) -> None:
    """The records as JSON lines (written whole, fsynced) before anything is rebuilt."""
    from agent.durable import write_atomic

    write_atomic(path, "".join(json.dumps(r.public(), ensure_ascii=False) + "\n" for r in records))
