"""What keeps stored state whole and a long-running process bounded (README "Durability").

- Files: :func:`write_atomic` (temp file, fsync, rename: a reader sees the old or the new
  content, never half), :func:`append_line` (an fsynced append that first ends a torn tail left
  by a crash, so the next record is never joined to it), :func:`read_jsonl` (every line, the
  ones that are not a JSON object reported and skipped, never fatal).
- A full disk: :func:`storage_full` recognises it in an ``OSError`` or a library's message;
  the helpers here raise :class:`agent.errors.StorageFull` after removing what they began.
- Caches on disk: :func:`save_verified` writes a file with a SHA-256 sidecar and
  :func:`load_verified` reads it back only when the digest matches (else ``None``: refit).
- Caches in memory: :class:`LRU`, a mapping with a size limit.
- The heap: :func:`trim_heap` hands memory freed by past turns back to the system (glibc keeps
  it otherwise: a server's resident size then only grows).
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Generic, Iterator, MutableMapping, TypeVar

from agent.errors import StorageFull

log = logging.getLogger(__name__)

_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
_FULL_WORDS = ("no space left", "disk is full", "disk full", "quota exceeded")


# ----------------------------------------------------------------------------- a full disk

def storage_full(exc: BaseException | None) -> bool:
    """Whether ``exc`` (or an exception it was raised from) says the disk or quota is full."""
    seen = 0
    while exc is not None and seen < 8:
        if isinstance(exc, StorageFull):
            return True
        if isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS:
            return True
        if any(word in str(exc).lower() for word in _FULL_WORDS):  # sqlite, Chroma, ffmpeg say it in words
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def full_disk_error(where: Path | str) -> StorageFull:
    """The error for a write under ``where`` that ran out of space."""
    return StorageFull(f"the disk holding {where} is full: nothing was half-written; free some space and try again")


# ----------------------------------------------------------------------------- whole files

def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def temp_name(path: Path, tag: str = "tmp") -> Path:
    """A hidden sibling of ``path`` no other writer picks: ``.NAME.PID.RANDOM.TAG``."""
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(3)}.{tag}")


def write_atomic(path: Path | str, data: bytes | str) -> None:
    """Replace ``path`` with ``data`` whole: write a temporary file, fsync it, rename it over.

    A crash or a full disk leaves the old file (or none) and no temporary file; a full disk
    raises :class:`StorageFull`.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_name(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            _write_all(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if storage_full(exc):
            raise full_disk_error(path.parent) from exc
        raise
    _fsync_dir(path.parent)


def append_line(path: Path | str, line: bytes | str) -> None:
    """Append one line (a newline is added) and fsync before returning: then it is durable.

    A file that does not end in a newline has a torn last line (a crash mid-append); the new
    line starts on a line of its own, so it is never swallowed by the torn one. A failed append
    (a full disk) is cut back off, leaving the file as it was. The caller serialises appenders.
    """
    path = Path(path)
    payload = (line.encode("utf-8") if isinstance(line, str) else bytes(line)).rstrip(b"\n") + b"\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            log.warning("%s ended in a torn line (a crash mid-write); it is kept apart and skipped", path)
            payload = b"\n" + payload
        try:
            _write_all(fd, payload)
            os.fsync(fd)
        except BaseException as exc:
            try:
                os.ftruncate(fd, size)
            except OSError:
                pass
            if storage_full(exc):
                raise full_disk_error(path.parent) from exc
            raise
    finally:
        os.close(fd)


@dataclass(frozen=True)
class JsonLine:
    """One line of a JSONL file: its number (from 1), its bytes, and the object it holds (or None)."""

    number: int
    raw: bytes
    value: dict[str, Any] | None
    problem: str = ""


def read_jsonl(path: Path | str, *, check: Callable[[dict[str, Any]], str] | None = None) -> Iterator[JsonLine]:
    """Every non-empty line of a JSONL file. A line that is not UTF-8, not JSON, not an object
    (or that ``check`` finds fault with: it returns the problem, "" for none) comes with
    ``value=None`` and the problem; nothing is fatal."""
    path = Path(path)
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return
    with handle:
        for number, raw in enumerate(handle, start=1):
            raw = raw.rstrip(b"\r\n")
            if not raw.strip():
                continue
            try:
                value = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                yield JsonLine(number, raw, None, "not UTF-8")
                continue
            except (ValueError, RecursionError):
                yield JsonLine(number, raw, None, "not JSON (a torn or damaged line)")
                continue
            if not isinstance(value, dict):
                yield JsonLine(number, raw, None, f"a JSON {type(value).__name__}, not an object")
                continue
            problem = check(value) if check is not None else ""
            yield JsonLine(number, raw, None if problem else value, problem)


def good_records(path: Path | str, *, check: Callable[[dict[str, Any]], str] | None = None,
                 what: str = "record") -> Iterator[dict[str, Any]]:
    """The objects of a JSONL file; each bad line is logged (file, line, why) and skipped."""
    for line in read_jsonl(path, check=check):
        if line.value is None:
            log.warning("%s line %d is not a %s (%s); skipped", path, line.number, what, line.problem)
        else:
            yield line.value


# ----------------------------------------------------------------------------- verified caches

def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def save_verified(path: Path | str, write: Callable[[Path], None]) -> None:
    """Write a cache file through ``write(temp_path)`` and record its SHA-256 beside it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_name(path, tag="part" + path.suffix)  # keeps the suffix: writers such as numpy go by it
    try:
        write(tmp)
        write_atomic(_sidecar(path), sha256_file(tmp) + "\n")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def load_verified(path: Path | str, read: Callable[[Path], Any]) -> Any | None:
    """``read(path)`` when the file's SHA-256 matches its sidecar; ``None`` (logged) when the
    file is missing, damaged, or fails to load, so the caller rebuilds it."""
    path = Path(path)
    if not path.is_file():
        return None
    try:
        expected = _sidecar(path).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        expected = ""
    try:
        actual = sha256_file(path)
    except OSError as exc:
        log.warning("cache file %s cannot be read (%s)", path, exc)
        return None
    if actual != expected:
        log.warning("cache file %s does not match its digest (damaged or unverified)", path)
        return None
    try:
        return read(path)
    except Exception as exc:  # a matching digest but an unreadable file: still rebuild, never fail
        log.warning("cache file %s cannot be loaded (%s: %s)", path, type(exc).__name__, exc)
        return None


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this machine (the writer of a partial file, the holder of a
    request for a lock); one we may not signal counts as alive."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# ----------------------------------------------------------------------------- the heap

_TRIM_LOCK = threading.Lock()
_last_trim = 0.0


def _libc() -> Any:
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


def trim_heap(*, min_interval_s: float = 2.0) -> bool:
    """Return the C heap's free memory to the system (glibc ``malloc_trim``), at most once per
    ``min_interval_s``; whether it ran. Rendering, encoding and the vector store allocate and free
    hundreds of MiB a turn across threads; glibc keeps the freed pages, so without this a
    long-running server's resident size grows with every turn (``python -m bench.soak``)."""
    global _last_trim
    import time

    now = time.monotonic()
    if now - _last_trim < min_interval_s or not _TRIM_LOCK.acquire(blocking=False):
        return False
    try:
        _last_trim = now
        libc = _libc()
        if libc is None:  # not glibc (macOS, musl): nothing to do
            return False
        libc.malloc_trim(0)
        return True
    finally:
        _TRIM_LOCK.release()


# ----------------------------------------------------------------------------- bounded maps

K = TypeVar("K")
V = TypeVar("V")


class LRU(MutableMapping[K, V], Generic[K, V]):
    """A thread-safe mapping that keeps at most ``maxsize`` entries, dropping the least recently used."""

    def __init__(self, *, maxsize: int) -> None:
        if maxsize < 1:
            raise ValueError("maxsize must be at least 1")
        self.maxsize = maxsize
        self._data: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def __getitem__(self, key: K) -> V:
        with self._lock:
            value = self._data[key]
            self._data.move_to_end(key)
            return value

    def __setitem__(self, key: K, value: V) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def __delitem__(self, key: K) -> None:
        with self._lock:
            del self._data[key]

    def __iter__(self) -> Iterator[K]:
        with self._lock:
            return iter(list(self._data))

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data
