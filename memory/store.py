"""The Chroma client behind memory: a local store in the data dir, or a Chroma server.

Local (default): ``chromadb.PersistentClient`` in ``<data_dir>/memory``. One process writes a
store at a time: a lock file ``<store>.lock`` is held while it is open, and a second writer
gets :class:`StoreLocked`. A damaged store raises :class:`StoreCorrupt` naming the path; it is
never replaced by an empty one.

Durability: Chroma appends every write to its SQLite write-ahead log before ``add`` returns and
replays the log into the vector index on the next open, so a write that returned survives a
``kill -9`` (``tests/test_memory_durability.py`` checks this below and above Chroma's
1000-write index sync threshold).

Layout: two collections per user, ``atelier-mem-<user>-v1`` (the memory stream) and
``atelier-assets-<user>-v1`` (asset memory). A user's memories are physically apart from
everyone else's, so a query can never return another user's memory, ``forget`` drops two
collections, and queries run without a metadata filter: Chroma's local filtered search
scans metadata (about 130 ms at 100k memories on 2 cores) while an unfiltered HNSW query
takes 1-3 ms. Narrower scopes (persona, kind) are applied to the nearest candidates.

Server: with ``memory.chroma_url`` set, ``chromadb.HttpClient`` talks to ``chroma run``; the
server owns locking and durability.

Encoder: each collection records the encoder that made its vectors (metadata
``embedding_model`` and ``embedding_dim``). A collection made with another encoder (a store
from before the multilingual encoder, which used all-MiniLM-L6-v2) is re-embedded from its
stored texts when it is first opened, so two vector spaces never mix: the new vectors go to a
staging collection ``<name>.reembed``, the old collection is dropped only once they are all
written, and the staging one is renamed; an interrupted run is finished or redone on the next
open. Nothing stored is lost, and ``app.py memory repair`` does the same for every collection
up front.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Mapping, Sequence
from urllib.parse import urlparse

import numpy as np

from agent.durable import full_disk_error, process_alive, storage_full
from agent.errors import AtelierError, BackendError, ConfigError, InputError
from memory.embeddings import Encoder, chroma_embedding_function
from memory.integrity import check_collection, check_database, read_records, segments, write_backup

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection

MEMORIES = "mem"
ASSETS = "assets"
KINDS = (MEMORIES, ASSETS)
SQLITE_FILE = "chroma.sqlite3"
MAX_TEXT_CHARS = 8000
STAGING_SUFFIX = ".reembed"
REEMBED_BATCH = 256

log = logging.getLogger(__name__)


def collection_name(kind: str, user: str) -> str:
    """The Chroma collection of one user's memories (``kind`` "mem") or assets ("assets")."""
    from agent.store import check_id

    if kind not in KINDS:
        raise ValueError(f"unknown memory collection kind {kind!r}")
    return f"atelier-{kind}-{check_id(user, 'user id')}-v1"


def user_of(name: str) -> tuple[str, str] | None:
    """``(kind, user)`` of an Atelier collection name, or ``None`` for a foreign collection."""
    for kind in KINDS:
        prefix = f"atelier-{kind}-"
        if name.startswith(prefix) and name.endswith("-v1"):
            return kind, name[len(prefix):-3]
    return None


def embedded_text(document: str, meta: Mapping[str, Any] | None) -> str:
    """What a record's vector encodes: an asset entry's prompt when it has one (memory/assets.py),
    else the stored document."""
    prompt = (meta or {}).get("prompt")
    return prompt if isinstance(prompt, str) and prompt.strip() else document


class StoreLocked(AtelierError):
    """Another process already has this memory store open for writing."""

    retryable = True


def _owner_file(path: Path) -> Path:
    return Path(str(path) + ".owner")


def _this_process() -> str:
    return json.dumps({"pid": os.getpid(), "command": " ".join(sys.argv[:3])[:200], "since": time.time()})


def _write_owner(path: Path) -> None:
    """Say who holds the store (beside the lock), so a refused second process can name it."""
    try:
        _owner_file(path).write_text(_this_process(), encoding="utf-8")
    except OSError:  # the note is a courtesy; the lock is what guards the store
        pass


def locked_message(path: Path, *, waited_s: float = 0.0, holder: dict[str, Any] | None = None) -> str:
    """Why a second process cannot open the store, who holds it (``holder``, else its owner
    note), and the ways out."""
    owner, holder = holder, "another process"
    try:
        owner = owner or json.loads(_owner_file(path).read_text(encoding="utf-8"))
        holder = (f"process {owner['pid']} ({owner['command'] or 'python'}, since "
                  f"{time.strftime('%H:%M', time.localtime(owner['since']))})")
    except (OSError, ValueError, KeyError, TypeError):
        pass
    waited = f" and did not let go within {waited_s:g} s" if waited_s else ""
    return (f"memory store {path} is already open for writing by {holder}{waited}; one store has one writer. Stop that "
            "process, give this one its own data dir (--data-dir DIR), point both at one Chroma server (`chroma run "
            "--path DIR`, then --set memory.chroma_url=http://127.0.0.1:8000), or run this one without memory "
            "(--set memory.enabled=false)")


def _server_file(path: Path) -> Path:
    return Path(str(path) + ".server")


def claim_server(path: Path) -> None:
    """Record this process as the server that keeps the store, until it exits. A server lets go
    of the store's lock while idle (so export/forget/repair work meanwhile); this record is what
    still refuses a second server on the same store then (:func:`check_unlocked`)."""
    import atexit

    note, mine = _server_file(path), _this_process()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        note.write_text(mine, encoding="utf-8")
    except OSError:  # a courtesy, like the owner note
        return

    def release() -> None:
        try:
            if note.read_text(encoding="utf-8") == mine:
                note.unlink()
        except OSError:
            pass

    atexit.register(release)


def check_unlocked(path: Path) -> None:
    """Raise :class:`StoreLocked` (naming the holder and the fixes) when another process holds the store."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(path) + ".lock", timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise StoreLocked(locked_message(path)) from None
    lock.release()
    try:  # a server that let go of the lock while idle still keeps the store
        server = json.loads(_server_file(path).read_text(encoding="utf-8"))
        pid = int(server["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return
    if pid != os.getpid() and process_alive(pid):
        raise StoreLocked(locked_message(path, holder=server))


class StoreCorrupt(AtelierError):
    """The memory store on disk cannot be read; nothing was overwritten."""


def check_text(text: str, what: str = "memory text") -> str:
    """A storable memory text: not empty, at most ``MAX_TEXT_CHARS`` characters, lone
    surrogates replaced (SQLite and the encoder take none)."""
    from agent.text import clean_text, is_blank

    if not isinstance(text, str) or is_blank(text):
        raise InputError(f"the {what} is empty; give some words to remember or search for")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"the {what} is {len(text)} characters long; memory keeps at most {MAX_TEXT_CHARS} "
                         "per entry: split it or summarise it first")
    return clean_text(text)


class MemoryStore:
    """Thin, typed wrapper over one Chroma client and Atelier's two collections.

    Give either ``path`` (a local store, locked for this process) or ``url`` (a Chroma server,
    e.g. ``http://127.0.0.1:8000``). Every collection embeds with ``encoder``.

    A local store is checked before Chroma reads it (memory/integrity.py): an emptied database
    or a damaged vector index is a :class:`StoreCorrupt` naming ``memory repair``, never a crash
    or an empty store. Its files stay bounded: Chroma keeps four files open per collection and
    closes none, so after ``max_open_collections`` collections the client is closed and opened
    again on the next use (reloading only what is used). With ``idle_close_s`` the store also
    lets go of its files and writer lock when idle that long, or at once when another process
    asks for the lock (``export``/``forget``/``repair`` while a server runs), and takes them
    back on its next use, waiting up to ``lock_wait_s``.
    """

    def __init__(self, *, encoder: Encoder, path: Path | None = None, url: str | None = None,
                 idle_close_s: float | None = None, max_open_collections: int = 64, lock_wait_s: float = 0.0) -> None:
        if (path is None) == (url is None):
            raise ValueError("give exactly one of path= (local store) or url= (Chroma server)")
        self.encoder = encoder
        self.path = Path(path).resolve() if path is not None else None
        self.url = url
        self.idle_close_s = idle_close_s
        self.max_open_collections = max(2, max_open_collections)
        self.lock_wait_s = lock_wait_s
        self._lock: Any = None
        self._client: Any = None
        self._collections: dict[str, Collection] = {}
        self._checked: set[str] = set()
        self._known: set[str] | None = None
        self._busy = threading.RLock()
        self._last_used = time.monotonic()
        self._closed = False
        self._catalogue: dict[str, Mapping[str, Any]] = {}  # collection name -> its metadata
        try:
            self._open(wait_s=lock_wait_s)
        except BaseException:
            self.close()
            raise
        if self.path is not None and idle_close_s is not None:
            threading.Thread(target=self._watch, name=f"memory-store-{self.path.name}", daemon=True).start()

    @property
    def location(self) -> str:
        """The store's path or server URL, for messages."""
        return str(self.path) if self.path is not None else str(self.url)

    @property
    def is_open(self) -> bool:
        """Whether the client (and, for a local store, its files and writer lock) is held now."""
        return self._client is not None

    # -- opening and letting go -------------------------------------------------------------------
    def _open(self, *, wait_s: float) -> None:
        if self.path is not None:
            self._client = self._open_local(self.path, wait_s=wait_s)
        else:
            self._client = self._open_server(self.url or "")
        self._verify()

    def _ensure_open(self) -> None:
        if self._closed:
            raise BackendError(f"memory store {self.location} was closed", retryable=False)
        if self._client is None:
            self._open(wait_s=max(self.lock_wait_s, 1.0))

    def _release(self) -> None:
        """Close the client and give up the writer lock (the store reopens on its next use)."""
        client, self._client = self._client, None
        self._collections.clear()
        self._checked.clear()
        self._known = None
        self._catalogue = {}
        if client is not None and hasattr(client, "close"):
            try:
                client.close()
            except Exception as exc:  # closing must not hide the error that made us close
                log.warning("closing memory store %s: %s", self.location, exc)
            del client
        self._release_lock()

    def _release_lock(self) -> None:
        if self._lock is not None:
            if self.path is not None:
                _owner_file(self.path).unlink(missing_ok=True)
            self._lock.release()
            self._lock = None

    def _watch(self) -> None:
        """Let go of the store when it is idle, or when another process waits for it."""
        while not self._closed:
            time.sleep(0.1)
            if self._client is None or not self._busy.acquire(blocking=False):
                continue
            try:
                idle = time.monotonic() - self._last_used
                if self._client is not None and (idle >= (self.idle_close_s or 0) or _wanted_by_other(self.path)):
                    log.info("memory store %s: letting go (idle %.0f s or wanted by another process)",
                             self.location, idle)
                    self._release()
            finally:
                self._busy.release()

    @contextlib.contextmanager
    def _using(self) -> Iterator[None]:
        """Hold the store for one operation (reopened first when it was let go)."""
        with self._busy:
            self._ensure_open()
            try:
                yield
            finally:
                self._last_used = time.monotonic()
                if len(self._collections) > self.max_open_collections:
                    self._release_client()  # Chroma closes no index files but at client close

    def _open_local(self, path: Path, *, wait_s: float) -> Any:
        from filelock import FileLock, Timeout

        if path.exists() and not path.is_dir():
            raise StoreCorrupt(f"memory store {path} is a file, not a directory; move it away or set another data_dir")
        if path.is_dir() and any(path.iterdir()) and not (path / SQLITE_FILE).is_file():
            raise StoreCorrupt(f"memory store {path} holds files but no {SQLITE_FILE}; it is not a Chroma store or "
                               "it lost its database: restore it from a backup or move it away (it was not touched)")
        if path.is_dir() and (problem := check_database(path)):
            raise StoreCorrupt(f"memory store {path} is damaged: {problem}; restore it from a backup or move it "
                               "away (it was not touched, and no empty store was started over it)")
        path.parent.mkdir(parents=True, exist_ok=True)
        if self._lock is None:  # a client closed to let go of files keeps the lock
            lock = FileLock(str(path) + ".lock", timeout=0, thread_local=False)
            try:
                _acquire(lock, path, wait_s=wait_s)
            except Timeout:
                raise StoreLocked(locked_message(path, waited_s=wait_s)) from None
            _write_owner(path)
            self._lock = lock
        try:
            return self._open_local_client(path)
        except Exception as exc:
            self._release_lock()
            if storage_full(exc):
                raise full_disk_error(path) from exc
            raise StoreCorrupt(f"memory store {path} cannot be opened ({_short(exc)}); restore it from a backup "
                               "or move it away (it was not touched)") from exc

    @staticmethod
    def _open_server(url: str) -> Any:
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ConfigError(f"bad config value for 'memory.chroma_url' ({url!r}); give a URL such as "
                              "http://127.0.0.1:8000")
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        try:
            return chromadb.HttpClient(host=parsed.hostname, port=parsed.port or (443 if parsed.scheme == "https" else 80),
                                       ssl=parsed.scheme == "https", settings=ChromaSettings(anonymized_telemetry=False))
        except Exception as exc:
            raise BackendError(f"cannot reach the Chroma server at {url} ({_short(exc)}); start it with "
                               "`chroma run --path DIR --port PORT` or fix memory.chroma_url", retryable=True) from exc

    def _verify(self) -> None:
        """Read the catalogue now, so a damaged database shows at start-up, not mid-turn.
        Each collection's vector index is checked when it is first used (:meth:`collection`)."""
        try:
            self._read_catalogue()
            self._finish_interrupted_reembedding()
        except AtelierError:
            raise
        except Exception as exc:
            raise self._damaged("the catalogue", exc) from exc

    def _read_catalogue(self) -> None:
        listed = list(self._client.list_collections())
        self._catalogue = {getattr(c, "name", str(c)): dict(getattr(c, "metadata", None) or {}) for c in listed}
        self._known = set(self._catalogue)

    def _finish_interrupted_reembedding(self) -> None:
        """A staging collection left by an interrupted re-embedding: complete when its original
        is gone (it was dropped only after every vector was written), so it takes its name;
        incomplete when the original is still there, so it is dropped and redone later."""
        for name in [n for n in self._catalogue if n.endswith(STAGING_SUFFIX)]:
            original = name[: -len(STAGING_SUFFIX)]
            if original in self._catalogue:
                self._client.delete_collection(name)
            else:
                self._client.get_collection(name, embedding_function=None).modify(name=original)
                log.info("memory store %s: finished re-embedding collection %s", self.location, original)
        if any(n.endswith(STAGING_SUFFIX) for n in self._catalogue):
            self._read_catalogue()

    def foreign_collections(self) -> list[str]:
        """Atelier collections whose vectors another encoder made (re-embedded when opened)."""
        with self._using():
            return [name for name, meta in sorted(self._catalogue.items())
                    if user_of(name) and not self._made_by_this_encoder(meta)]

    def _made_by_this_encoder(self, meta: Mapping[str, Any]) -> bool:
        dim = meta.get("embedding_dim")
        return meta.get("embedding_model") == self.encoder.name and (dim is None or int(dim) == self.encoder.dim)

    def _metadata(self) -> dict[str, Any]:
        return {"atelier": "memory", "embedding_model": self.encoder.name, "embedding_dim": int(self.encoder.dim)}

    def reembed(self, name: str) -> int:
        """Re-embed one collection's stored texts with this store's encoder (see the module
        docstring); returns how many records were re-embedded."""
        with self._using():
            self._check_index(name)  # Chroma must not read a damaged index (``repair`` rebuilds it)
            return self._reembed(name)

    def _vectors(self, name: str, texts: Sequence[str], metas: Sequence[Mapping[str, Any] | None]) -> np.ndarray:
        """What the records of collection ``name`` are embedded from (an asset's prompt, else its text)."""
        assets = (user_of(name) or ("", ""))[0] == ASSETS
        return self.encoder.encode([embedded_text(t, m) if assets else t for t, m in zip(texts, metas)])

    def _reembed(self, name: str) -> int:
        old = self._client.get_collection(name, embedding_function=None)
        found = old.get(include=["documents", "metadatas"])
        ids, documents, metadatas = found["ids"], found["documents"], found["metadatas"]
        staging = name + STAGING_SUFFIX
        if staging in (self._known or ()):
            self._client.delete_collection(staging)
        log.warning("memory store %s: re-embedding %d records of %s with %s (made by %s); once per collection",
                    self.location, len(ids), name, self.encoder.name,
                    self._catalogue.get(name, {}).get("embedding_model", "another encoder"))
        target = self._client.create_collection(
            staging, embedding_function=chroma_embedding_function(self.encoder),
            configuration={"hnsw": {"space": "cosine"}}, metadata=self._metadata())
        metadatas = metadatas or [{} for _ in ids]
        for start in range(0, len(ids), REEMBED_BATCH):
            end = start + REEMBED_BATCH
            texts = [d or "" for d in documents[start:end]]
            metas = [dict(m or {}) for m in metadatas[start:end]]
            target.add(ids=list(ids[start:end]), documents=texts, embeddings=self._vectors(name, texts, metas),
                       metadatas=metas if all(metas) else None)
        self._client.delete_collection(name)  # every new vector is written: the old ones may go
        target.modify(name=name)
        self._collections.pop(name, None)
        self._catalogue[name] = self._metadata()
        if self._known is not None:
            self._known.add(name)
        return len(ids)

    def _damaged(self, what: str, exc: BaseException) -> AtelierError:
        if storage_full(exc):
            return full_disk_error(self.location)
        if self.path is None:
            return BackendError(f"Chroma server {self.url} failed on {what} ({_short(exc)})", retryable=True)
        return StoreCorrupt(f"memory store {self.path} is damaged: {what} cannot be read ({_short(exc)}); "
                            "restore it from a backup or move it away (it was not touched)")

    def user_names(self) -> dict[str, list[str]]:
        """Users with stored memory -> their collection names."""
        with self._using():
            known = sorted(self._known or ())
        users: dict[str, list[str]] = {}
        for name in known:
            parsed = user_of(name)
            if parsed:
                users.setdefault(parsed[1], []).append(name)
        return users

    def _check_index(self, name: str) -> None:
        """Refuse a collection whose files would crash or mislead Chroma (before it reads them)."""
        if self.path is None or name in self._checked:
            return
        try:
            problem = check_collection(self.path, name)
        except Exception as exc:  # the database itself cannot be read
            raise self._damaged(f"collection {name}", exc) from exc
        if problem:
            parsed = user_of(name)
            repair = "python app.py memory repair" + (f" --user {parsed[1]}" if parsed else "")
            raise StoreCorrupt(f"memory store {self.path} is damaged: collection {name}: {problem}. Its records are "
                               f"safe in the database: rebuild the index with `{repair}`")
        self._checked.add(name)

    def collection(self, name: str, *, create: bool = True) -> "Collection | None":
        """A collection embedding with this store's encoder; created on first write. With
        ``create=False`` a collection that does not exist yet is ``None`` (nothing stored)."""
        with self._using():
            return self._collection(name, create=create)

    def _collection(self, name: str, *, create: bool = True) -> "Collection | None":
        found = self._collections.get(name)
        if found is not None:
            return found
        missing = self._known is not None and name not in self._known
        if not create and missing and self.path is not None:
            return None  # a local store's catalogue is ours alone: nothing stored for this user
        if not missing:
            self._check_index(name)
        try:
            meta = self._catalogue.get(name)
            if meta is not None and not self._made_by_this_encoder(meta):
                self._reembed(name)
            if not create and missing:  # a server: another client may have created it since
                from chromadb.errors import NotFoundError

                try:
                    found = self._client.get_collection(name, embedding_function=chroma_embedding_function(self.encoder))
                except (NotFoundError, ValueError):
                    return None
            else:
                found = self._client.get_or_create_collection(
                    name, embedding_function=chroma_embedding_function(self.encoder),
                    configuration={"hnsw": {"space": "cosine"}}, metadata=self._metadata(),
                )
            if found.count():  # touch the vector index: a damaged one fails here, loudly
                probe = np.zeros((1, self.encoder.dim), dtype=np.float32)
                probe[0, 0] = 1.0
                found.query(query_embeddings=probe, n_results=1, include=[])
        except AtelierError:
            raise
        except Exception as exc:
            raise self._damaged(f"collection {name}", exc) from exc
        self._collections[name] = found
        self._checked.add(name)
        self._catalogue.setdefault(name, self._metadata())
        if self._known is not None:
            self._known.add(name)
        return found

    def drop(self, name: str) -> int:
        """Delete a whole collection; returns how many records it held. A damaged index does
        not stop it (``forget`` must work): its files are removed before Chroma could read them."""
        with self._using():
            if self.path is not None and name in (self._known or ()) and name not in self._collections \
                    and check_collection(self.path, name):
                found = segments(self.path)[name]
                held = len(read_records(self.path, name))
                shutil.rmtree(self.path / found.vector, ignore_errors=True)
                self._call(lambda: self._client.delete_collection(name))
            else:
                collection = self._collection(name, create=False)
                if collection is None:
                    return 0
                held = collection.count()
                self._call(lambda: self._client.delete_collection(name))
            self._collections.pop(name, None)
            self._catalogue.pop(name, None)
            if self._known is not None:
                self._known.discard(name)
            return int(held)

    # -- data -----------------------------------------------------------------------------------
    def add(self, name: str, *, ids: Sequence[str], documents: Sequence[str], metadatas: Sequence[Mapping[str, Any]],
            embeddings: np.ndarray | None = None) -> None:
        """Insert records; returns once Chroma has written them to its log (durable)."""
        if not ids:
            return
        if embeddings is None:
            embeddings = self.encoder.encode(list(documents))  # outside the store's lock: the slow part
        with self._using():
            self._call(lambda: self._collection(name).add(
                ids=list(ids), documents=list(documents), metadatas=[dict(m) for m in metadatas],
                embeddings=embeddings))

    def get(self, name: str, *, where: Mapping[str, Any] | None = None, ids: Sequence[str] | None = None,
            where_document: Mapping[str, Any] | None = None, limit: int | None = None,
            include: Sequence[str] = ("documents", "metadatas")) -> dict[str, Any]:
        with self._using():
            collection = self._collection(name, create=False)
            if collection is None:
                return {"ids": [], "documents": [], "metadatas": [], "embeddings": []}
            return self._call(lambda: collection.get(
                ids=list(ids) if ids is not None else None, where=dict(where) if where else None,
                where_document=dict(where_document) if where_document else None, limit=limit,
                include=list(include)))

    def query(self, name: str, *, embedding: np.ndarray, n_results: int, where: Mapping[str, Any] | None = None,
              where_document: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Nearest neighbours of one embedding (cosine distance), restricted by ``where``."""
        with self._using():
            collection = self._collection(name, create=False)
            if collection is None:
                return {"ids": [[]], "documents": [[]], "metadatas": [[]], "distances": [[]], "embeddings": [[]]}
            return self._call(lambda: collection.query(
                query_embeddings=np.asarray(embedding, dtype=np.float32).reshape(1, -1), n_results=n_results,
                where=dict(where) if where else None,
                where_document=dict(where_document) if where_document else None,
                include=["documents", "metadatas", "distances", "embeddings"]))

    def update_metadata(self, name: str, *, ids: Sequence[str], metadatas: Sequence[Mapping[str, Any]]) -> None:
        with self._using():
            if ids and (collection := self._collection(name, create=False)) is not None:
                self._call(lambda: collection.update(ids=list(ids), metadatas=[dict(m) for m in metadatas]))

    def delete(self, name: str, *, where: Mapping[str, Any] | None = None, ids: Sequence[str] | None = None) -> None:
        with self._using():
            if (collection := self._collection(name, create=False)) is not None:
                self._call(lambda: collection.delete(ids=list(ids) if ids is not None else None,
                                                     where=dict(where) if where else None))

    def count(self, name: str) -> int:
        with self._using():
            collection = self._collection(name, create=False)
            return 0 if collection is None else int(self._call(collection.count))

    def _call(self, action: Any) -> Any:
        try:
            return action()
        except AtelierError:
            raise
        except (ValueError, TypeError) as exc:
            raise InputError(f"memory store refused the request: {_short(exc)}") from exc
        except Exception as exc:
            if storage_full(exc):
                raise full_disk_error(self.location) from exc
            raise BackendError(f"memory store {self.location} failed ({_short(exc)})",
                               retryable=self.path is None) from exc

    # -- repair ---------------------------------------------------------------------------------
    def check(self, name: str) -> str | None:
        """Why a collection of this local store cannot be used safely, or None (no Chroma read)."""
        if self.path is None:
            return None
        with self._using():
            return check_collection(self.path, name)

    def repair(self, name: str) -> dict[str, Any]:
        """Rebuild a collection's vector index from the records in the database.

        The records (ids, texts, metadata) are read straight from SQLite and written to a backup
        file first; the damaged index files are moved beside it; then the collection is made
        again and every record re-embedded with this store's encoder. Returns ``{"collection",
        "records", "backup", "problem"}`` (the problem found before, or None)."""
        if self.path is None:
            raise ConfigError("memory repair works on a local store; a Chroma server repairs its own")
        with self._busy:
            self._ensure_open()
            problem = check_collection(self.path, name)
            records = read_records(self.path, name)
            stamp = time.strftime("%Y%m%d-%H%M%S")
            backups = self.path.parent / "memory-repair" / f"{name}-{stamp}"
            write_backup(backups / "records.jsonl", records)
            found = segments(self.path).get(name)
            self._release_client()
            if found is not None and (self.path / found.vector).is_dir():
                os.replace(self.path / found.vector, backups / "index")  # kept for whoever wants to look
            self._client = self._open_local_client(self.path)
            self._verify()
            try:
                if name in (self._known or ()):
                    self._client.delete_collection(name)
                    self._known.discard(name)  # type: ignore[union-attr]
                self._catalogue.pop(name, None)  # made anew, by this store's encoder
                self._checked.add(name)  # made new below: nothing on disk to check
                for start in range(0, len(records), REEMBED_BATCH):
                    batch = records[start:start + REEMBED_BATCH]
                    texts = [r.document or "" for r in batch]
                    vectors = self._vectors(name, texts, [r.metadata for r in batch])
                    self._call(lambda: self._collection(name).add(
                        ids=[r.id for r in batch], documents=texts, embeddings=vectors,
                        metadatas=[{k: v for k, v in r.metadata.items() if v is not None} or {"repaired": True}
                                   for r in batch]))
                if not records:
                    self._collection(name)
            except AtelierError:
                raise
            except Exception as exc:
                raise self._damaged(f"collection {name} (while repairing; the records are in {backups})", exc) from exc
            self._last_used = time.monotonic()
        self._release_client()  # reopen from disk and check what was written, as any later open will
        self._client = self._open_local_client(self.path)
        self._verify()
        after = check_collection(self.path, name)
        if after or self.count(name) != len(records):
            raise StoreCorrupt(f"memory store {self.path}: collection {name} is still damaged after the repair "
                               f"({after or 'records missing'}); its records are saved in {backups}")
        return {"collection": name, "records": len(records), "backup": str(backups / "records.jsonl"),
                "problem": problem}

    def _release_client(self) -> None:
        """Close the Chroma client but keep the writer lock."""
        lock, self._lock = self._lock, None
        try:
            self._release()
        finally:
            self._lock = lock

    @staticmethod
    def _open_local_client(path: Path) -> Any:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        return chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))

    # -- lifetime -------------------------------------------------------------------------------
    def close(self) -> None:
        """Release the Chroma client and the writer lock for good (idempotent)."""
        self._closed = True
        with self._busy:
            self._release()

    def __enter__(self) -> "MemoryStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _want_file(path: Path) -> Path:
    return Path(str(path) + ".lock.want")


def _wanted_by_other(path: Path | None) -> bool:
    """Whether another live process has asked for this store's lock (see :func:`_acquire`)."""
    if path is None:
        return False
    try:
        pid = int(_want_file(path).read_text().strip() or 0)
    except (OSError, ValueError):
        return False
    return pid != os.getpid() and process_alive(pid)


def _acquire(lock: Any, path: Path, *, wait_s: float) -> None:
    """Take the writer lock. Waiting (``wait_s`` > 0), ask the holder to let go: a long-running
    holder watches ``<store>.lock.want`` and closes the store at its next idle moment. A holder
    that takes the lock back waits while another live process wants it."""
    from filelock import Timeout

    deadline = time.monotonic() + wait_s
    while _wanted_by_other(path) and time.monotonic() < deadline:
        time.sleep(0.05)  # someone else asked first
    try:
        lock.acquire(timeout=0)
        return
    except Timeout:
        if wait_s <= 0:
            raise
    want = _want_file(path)
    want.write_text(str(os.getpid()))
    try:
        lock.acquire(timeout=max(0.0, deadline - time.monotonic()))
    finally:
        try:
            if want.read_text().strip() == str(os.getpid()):
                want.unlink()
        except OSError:
            pass


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:300]
