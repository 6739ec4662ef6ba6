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

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Sequence
from urllib.parse import urlparse

import numpy as np

from agent.errors import AtelierError, BackendError, ConfigError, InputError
from memory.embeddings import Encoder, chroma_embedding_function

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


def _write_owner(path: Path) -> None:
    """Say who holds the store (beside the lock), so a refused second process can name it."""
    import json
    import os
    import sys
    import time

    try:
        _owner_file(path).write_text(json.dumps({"pid": os.getpid(), "command": " ".join(sys.argv[:3])[:200],
                                                 "since": time.time()}), encoding="utf-8")
    except OSError:  # the note is a courtesy; the lock is what guards the store
        pass


def locked_message(path: Path) -> str:
    """Why a second process cannot open the store, who holds it, and the ways out."""
    import json
    import time

    holder = "another process"
    try:
        owner = json.loads(_owner_file(path).read_text(encoding="utf-8"))
        holder = (f"process {owner['pid']} ({owner['command'] or 'python'}, since "
                  f"{time.strftime('%H:%M', time.localtime(owner['since']))})")
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return (f"memory store {path} is already open for writing by {holder}; one store has one writer. Stop that "
            "process, give this one its own data dir (--data-dir DIR), point both at one Chroma server (`chroma run "
            "--path DIR`, then --set memory.chroma_url=http://127.0.0.1:8000), or run this one without memory "
            "(--set memory.enabled=false)")


def check_unlocked(path: Path) -> None:
    """Raise :class:`StoreLocked` (naming the holder and the fixes) when another process holds the store."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(path) + ".lock", timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise StoreLocked(locked_message(path)) from None
    lock.release()


class StoreCorrupt(AtelierError):
    """The memory store on disk cannot be read; nothing was overwritten."""


def check_text(text: str, what: str = "memory text") -> str:
    """A storable memory text: not empty, at most ``MAX_TEXT_CHARS`` characters."""
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"the {what} is empty; give some words to remember or search for")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"the {what} is {len(text)} characters long; memory keeps at most {MAX_TEXT_CHARS} "
                         "per entry: split it or summarise it first")
    return text


class MemoryStore:
    """Thin, typed wrapper over one Chroma client and Atelier's two collections.

    Give either ``path`` (a local store, locked for this process) or ``url`` (a Chroma server,
    e.g. ``http://127.0.0.1:8000``). Every collection embeds with ``encoder``.
    """

    def __init__(self, *, encoder: Encoder, path: Path | None = None, url: str | None = None) -> None:
        if (path is None) == (url is None):
            raise ValueError("give exactly one of path= (local store) or url= (Chroma server)")
        self.encoder = encoder
        self.path = Path(path).resolve() if path is not None else None
        self.url = url
        self._lock: Any = None
        self._collections: dict[str, Collection] = {}
        self._known: set[str] | None = None
        self._catalogue: dict[str, Mapping[str, Any]] = {}  # collection name -> its metadata
        if self.path is not None:
            self._client = self._open_local(self.path)
        else:
            self._client = self._open_server(url or "")
        try:
            self._verify()
        except BaseException:
            self.close()
            raise

    @property
    def location(self) -> str:
        """The store's path or server URL, for messages."""
        return str(self.path) if self.path is not None else str(self.url)

    # -- opening --------------------------------------------------------------------------------
    def _open_local(self, path: Path) -> Any:
        from filelock import FileLock, Timeout

        if path.exists() and not path.is_dir():
            raise StoreCorrupt(f"memory store {path} is a file, not a directory; move it away or set another data_dir")
        if path.is_dir() and any(path.iterdir()) and not (path / SQLITE_FILE).is_file():
            raise StoreCorrupt(f"memory store {path} holds files but no {SQLITE_FILE}; it is not a Chroma store or "
                               "it lost its database: restore it from a backup or move it away (it was not touched)")
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(path) + ".lock", timeout=0)
        try:
            lock.acquire()
        except Timeout:
            raise StoreLocked(locked_message(path)) from None
        _write_owner(path)
        self._lock = lock
        try:
            import chromadb
            from chromadb.config import Settings as ChromaSettings

            return chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))
        except Exception as exc:
            lock.release()
            self._lock = None
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
        assets = (user_of(name) or ("", ""))[0] == ASSETS
        for start in range(0, len(ids), REEMBED_BATCH):
            end = start + REEMBED_BATCH
            texts = [d or "" for d in documents[start:end]]
            metas = [dict(m or {}) for m in metadatas[start:end]]
            vectors = self.encoder.encode([embedded_text(d, m) if assets else d for d, m in zip(texts, metas)])
            target.add(ids=list(ids[start:end]), documents=texts, embeddings=vectors,
                       metadatas=metas if all(metas) else None)
        self._client.delete_collection(name)  # every new vector is written: the old ones may go
        target.modify(name=name)
        self._collections.pop(name, None)
        self._catalogue[name] = self._metadata()
        if self._known is not None:
            self._known.add(name)
        return len(ids)

    def _damaged(self, what: str, exc: BaseException) -> AtelierError:
        if self.path is None:
            return BackendError(f"Chroma server {self.url} failed on {what} ({_short(exc)})", retryable=True)
        return StoreCorrupt(f"memory store {self.path} is damaged: {what} cannot be read ({_short(exc)}); "
                            "restore it from a backup or move it away (it was not touched)")

    def user_names(self) -> dict[str, list[str]]:
        """Users with stored memory -> their collection names."""
        users: dict[str, list[str]] = {}
        for name in sorted(self._known or ()):
            parsed = user_of(name)
            if parsed:
                users.setdefault(parsed[1], []).append(name)
        return users

    def collection(self, name: str, *, create: bool = True) -> "Collection | None":
        """A collection embedding with this store's encoder; created on first write. With
        ``create=False`` a collection that does not exist yet is ``None`` (nothing stored)."""
        found = self._collections.get(name)
        if found is not None:
            return found
        missing = self._known is not None and name not in self._known
        if not create and missing and self.path is not None:
            return None  # a local store's catalogue is ours alone: nothing stored for this user
        try:
            meta = self._catalogue.get(name)
            if meta is not None and not self._made_by_this_encoder(meta):
                self.reembed(name)
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
        self._catalogue.setdefault(name, self._metadata())
        if self._known is not None:
            self._known.add(name)
        return found

    def drop(self, name: str) -> int:
        """Delete a whole collection; returns how many records it held."""
        collection = self.collection(name, create=False)
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
        self._call(lambda: self.collection(name).add(
            ids=list(ids), documents=list(documents), metadatas=[dict(m) for m in metadatas],
            embeddings=embeddings if embeddings is not None else self.encoder.encode(list(documents))))

    def get(self, name: str, *, where: Mapping[str, Any] | None = None, ids: Sequence[str] | None = None,
            where_document: Mapping[str, Any] | None = None, limit: int | None = None,
            include: Sequence[str] = ("documents", "metadatas")) -> dict[str, Any]:
        collection = self.collection(name, create=False)
        if collection is None:
            return {"ids": [], "documents": [], "metadatas": [], "embeddings": []}
        return self._call(lambda: collection.get(
            ids=list(ids) if ids is not None else None, where=dict(where) if where else None,
            where_document=dict(where_document) if where_document else None, limit=limit, include=list(include)))

    def query(self, name: str, *, embedding: np.ndarray, n_results: int, where: Mapping[str, Any] | None = None,
              where_document: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Nearest neighbours of one embedding (cosine distance), restricted by ``where``."""
        collection = self.collection(name, create=False)
        if collection is None:
            return {"ids": [[]], "documents": [[]], "metadatas": [[]], "distances": [[]], "embeddings": [[]]}
        return self._call(lambda: collection.query(
            query_embeddings=np.asarray(embedding, dtype=np.float32).reshape(1, -1), n_results=n_results,
            where=dict(where) if where else None, where_document=dict(where_document) if where_document else None,
            include=["documents", "metadatas", "distances", "embeddings"]))

    def update_metadata(self, name: str, *, ids: Sequence[str], metadatas: Sequence[Mapping[str, Any]]) -> None:
        if ids and self.collection(name, create=False) is not None:
            self._call(lambda: self.collection(name).update(ids=list(ids), metadatas=[dict(m) for m in metadatas]))

    def delete(self, name: str, *, where: Mapping[str, Any] | None = None, ids: Sequence[str] | None = None) -> None:
        if self.collection(name, create=False) is None:
            return
        self._call(lambda: self.collection(name).delete(ids=list(ids) if ids is not None else None,
                                                        where=dict(where) if where else None))

    def count(self, name: str) -> int:
        collection = self.collection(name, create=False)
        return 0 if collection is None else int(self._call(collection.count))

    def _call(self, action: Any) -> Any:
        try:
            return action()
        except AtelierError:
            raise
        except (ValueError, TypeError) as exc:
            raise InputError(f"memory store refused the request: {_short(exc)}") from exc
        except Exception as exc:
            raise BackendError(f"memory store {self.location} failed ({_short(exc)})",
                               retryable=self.path is None) from exc

    # -- lifetime -------------------------------------------------------------------------------
    def close(self) -> None:
        """Release the Chroma client and the writer lock (idempotent)."""
        client, self._client = getattr(self, "_client", None), None
        self._collections.clear()
        if client is not None and hasattr(client, "close"):
            try:
                client.close()
            except Exception as exc:  # closing must not hide the error that made us close
                log.warning("closing memory store %s: %s", self.location, exc)
        if self._lock is not None:
            if self.path is not None:
                _owner_file(self.path).unlink(missing_ok=True)
            self._lock.release()
            self._lock = None

    def __enter__(self) -> "MemoryStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:300]
