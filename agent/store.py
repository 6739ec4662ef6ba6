"""Per-session artifact directories with an append-only JSONL manifest.

Layout: ``<data_dir>/sessions/<session_id>/`` holds the files and ``manifest.jsonl``; each
manifest line is one artifact with its provenance. A manifest line is fsynced before the
artifact is reported, so nothing acknowledged is lost on a crash (README "Durability"):

- appends and rewrites of a manifest hold its ``flock`` (processes and threads alike), and
  an append first ends a torn last line (:func:`agent.durable.append_line`), so a crash
  mid-append never swallows the next acknowledged artifact;
- a line that is not a record (torn, not UTF-8, not an object) is reported and skipped;
- files that take time to write are written under a hidden name (:meth:`ArtifactStore.writing`:
  ``.partial.<pid>.<user>.<name>``) and renamed when complete, so a killed process leaves
  nothing that looks finished; :func:`forget_user` also removes such orphans of the user.
"""

from __future__ import annotations

import json
import mimetypes
import os
import re
import secrets
import shutil
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Iterator

from agent.durable import (append_line, full_disk_error, good_records, process_alive, read_jsonl, storage_full,
                           write_atomic)
from agent.durable import sha256_file as sha256_of
from agent.errors import ArtifactNotFound, InputError
from agent.types import ARTIFACT_KINDS, Artifact

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
MANIFEST = "manifest.jsonl"
_STEP: ContextVar[str | None] = ContextVar("atelier_step", default=None)  # the step whose tool is writing
PARTIAL = re.compile(r"^\.partial\.(?P<pid>\d+)\.(?P<user>[A-Za-z0-9][A-Za-z0-9_-]{0,63})\.(?P<name>.+)$")
EXTRA_MIME = {".glb": "model/gltf-binary", ".bvh": "application/x-bvh", ".obj": "model/obj",
              ".mtl": "model/mtl", ".wav": "audio/wav", ".json": "application/json"}


def check_id(value: str, what: str) -> str:
    """Session and user ids become directory names: allow only a safe alphabet."""
    if not SAFE_ID.match(value or ""):
        raise InputError(f"{what} {value!r} is not valid; use 1-64 letters, digits, '-' or '_'")
    return value


def guess_mime(path: Path) -> str:
    return EXTRA_MIME.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


class ArtifactStore:
    """The artifacts of one session. One writer per session directory (a lock guards appends)."""

    def __init__(self, *, data_dir: Path, session_id: str, user_id: str = "anonymous") -> None:
        self.data_dir = Path(data_dir)
        self.session_id = check_id(session_id, "session id")
        self.user_id = check_id(user_id, "user id")
        self.root = self.data_dir / "sessions" / self.session_id
        self._lock = threading.Lock()
        self._issued: dict[str, set[Path]] = {}  # paths handed to a running step, not yet recorded

    # -- paths ---------------------------------------------------------------------------------
    def path_for(self, name: str) -> Path:
        """A path inside this session's directory; anything that would escape it is refused."""
        candidate = (self.root / name).resolve()
        root = self.root.resolve()
        if not name or os.path.isabs(name) or root not in candidate.parents:
            raise InputError(f"artifact name {name!r} would leave the session directory; use a plain file name")
        return candidate

    def new_path(self, suffix: str, *, stem: str = "asset") -> Path:
        """A fresh, unique file path for a tool to write into."""
        self.root.mkdir(parents=True, exist_ok=True)
        clean = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-")[:40] or "asset"
        path = self.path_for(f"{clean}-{secrets.token_hex(4)}{suffix}")
        if (step := _STEP.get()) is not None:
            with self._lock:
                self._issued.setdefault(step, set()).add(path)
        return path

    @contextmanager
    def step_outputs(self, step_id: str) -> Iterator[None]:
        """Paths handed out inside this block belong to ``step_id`` (threads started in it too),
        so :meth:`discard_unrecorded` can remove what a failed step left half-written."""
        token = _STEP.set(step_id)
        try:
            yield
        finally:
            _STEP.reset(token)

    def discard_unrecorded(self, step_id: str) -> int:
        """Delete the files a step was given but never recorded (it failed, was cancelled or
        ran out of disk space mid-write); returns how many there were."""
        with self._lock:
            paths = self._issued.pop(step_id, set())
        removed = 0
        for path in paths:
            if path.is_file():
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    def forget_step(self, step_id: str) -> None:
        """The step finished: what it was given and did not record is its own business (a sidecar)."""
        with self._lock:
            self._issued.pop(step_id, None)

    # -- writing ------------------------------------------------------------------------------
    def add(self, path: Path, *, kind: str, meta: dict[str, Any] | None = None, mime: str | None = None) -> Artifact:
        """Record a file written under this session (or copy one in) and return its Artifact."""
        if kind not in ARTIFACT_KINDS:
            raise ValueError(f"unknown artifact kind {kind!r}")
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"artifact file {path} does not exist")
        root = self.root.resolve()
        if root not in path.resolve().parents:
            target = self.new_path(path.suffix, stem=path.stem)
            with self.writing(target) as partial:
                shutil.copyfile(path, partial)
            path = target
        artifact = Artifact(
            id=f"a_{secrets.token_hex(8)}",
            kind=kind,  # type: ignore[arg-type]
            path=path.resolve(),
            mime=mime or guess_mime(path),
            sha256=sha256_of(path),
            meta={**(meta or {}), "bytes": path.stat().st_size},
        )
        record = {
            **artifact.model_dump(mode="json"),
            "session_id": self.session_id,
            "user_id": self.user_id,
            "created_at": time.time(),
        }
        with self._lock, manifest_lock(self.root):
            append_line(self.root / MANIFEST, json.dumps(record, ensure_ascii=False))
            for issued in self._issued.values():
                issued.discard(path)
        return artifact

    @contextmanager
    def writing(self, path: Path) -> Iterator[Path]:
        """Write ``path`` (from :meth:`new_path`) under a hidden temporary name in the same
        directory, renamed into place when the block ends without error; on an error, a
        cancel or a full disk the temporary file is removed. A killed process leaves only
        ``.partial.<pid>.<user>.<name>``, which :func:`forget_user` removes."""
        path = Path(path)
        partial = self.partial_path(path)
        try:
            yield partial
            self.finish_partial(partial, path)
        except BaseException as exc:
            partial.unlink(missing_ok=True)
            if storage_full(exc) and not isinstance(exc, InputError):
                raise full_disk_error(self.root) from exc
            raise

    def partial_path(self, path: Path) -> Path:
        """The temporary name :meth:`writing` writes ``path`` under (for writers that cannot use a
        ``with`` block, such as a streamed upload's callbacks; they call :meth:`finish_partial`)."""
        path = Path(path)
        return path.with_name(f".partial.{os.getpid()}.{self.user_id}.{path.name}")

    @staticmethod
    def finish_partial(partial: Path, path: Path) -> None:
        """Give a whole partial file its finished name, durable first."""
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, path)

    # -- reading ------------------------------------------------------------------------------
    def records(self) -> Iterator[dict[str, Any]]:
        """This session's manifest records, oldest first (bad lines reported and skipped)."""
        yield from _read_manifest(self.root / MANIFEST)

    def artifacts(self) -> list[Artifact]:
        return [_to_artifact(record) for record in self.records()]

    def get(self, artifact_id: str) -> Artifact:
        """An artifact of this session, or of another session of the same user."""
        # Only this user's artifacts, even inside a session another user also wrote to.
        for record in self.records():
            if record["id"] == artifact_id and record.get("user_id") == self.user_id:
                return _to_artifact(record)
        sessions = self.data_dir / "sessions"
        if sessions.is_dir():
            for manifest in sessions.glob(f"*/{MANIFEST}"):
                for record in _read_manifest(manifest):
                    if record["id"] == artifact_id and record.get("user_id") == self.user_id:
                        return _to_artifact(record)
        raise ArtifactNotFound(
            f"no stored artifact {artifact_id!r} for user {self.user_id!r}; upload it again or refer to "
            "one listed by this session"
        )


def user_records(data_dir: Path, user_id: str) -> list[dict[str, Any]]:
    """Every manifest record of one user, across all sessions (for export)."""
    sessions = Path(data_dir) / "sessions"
    if not sessions.is_dir():
        return []
    return [r for manifest in sorted(sessions.glob(f"*/{MANIFEST}")) for r in _read_manifest(manifest)
            if r.get("user_id") == user_id]


@contextmanager
def manifest_lock(root: Path) -> Iterator[None]:
    """Hold the lock of ``root``'s manifest: every writer takes it (threads and processes).

    The lock is the manifest file's own ``flock``; a rewrite replaces the file while holding the
    old one's lock, so a writer that got the lock checks it holds the file now at the path."""
    path = root / MANIFEST
    root.mkdir(parents=True, exist_ok=True)
    if fcntl is None:  # no flock (Windows): threads are still serialised by the store's own lock
        yield
        return
    while True:
        fd = os.open(path, os.O_RDONLY | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if os.fstat(fd).st_ino == os.stat(path).st_ino:
                break
        except FileNotFoundError:
            pass
        os.close(fd)
    try:
        yield
    finally:
        os.close(fd)  # closing releases the flock


def forget_user(data_dir: Path, user_id: str) -> int:
    """Delete one user's artifact files and manifest lines in every session, and the user's
    orphans (partial files of dead writers, files named by the user's torn lines); returns
    how many files went.

    Each manifest is rewritten whole under its lock (a server appending at the same time waits),
    so a crash leaves the old or the new manifest, never a torn one. Lines that cannot be read
    and are not the user's are kept as they are.
    """
    check_id(user_id, "user id")
    removed = 0
    sessions = Path(data_dir) / "sessions"
    mine = re.compile(rb'"user_id":\s*"' + re.escape(user_id.encode()) + rb'"')
    for manifest in sorted(sessions.glob(f"*/{MANIFEST}")) if sessions.is_dir() else ():
        root = manifest.parent.resolve()
        with manifest_lock(manifest.parent):
            keep: list[bytes] = []
            drop: list[str] = []
            for line in read_jsonl(manifest, check=_record_problem):
                if line.value is not None and line.value.get("user_id") == user_id:
                    drop.append(str(line.value["path"]))
                elif line.value is None and mine.search(line.raw):  # a torn line of this user
                    drop.extend(_torn_path(line.raw))
                else:
                    keep.append(line.raw)
            if not drop:
                continue
            for name in drop:
                path = Path(name).resolve()
                if root in path.parents and path.is_file():  # never delete outside the session directory
                    path.unlink()
                    removed += 1
            write_atomic(manifest, b"".join(raw + b"\n" for raw in keep))
    for orphan in orphans(data_dir, user_id):
        orphan.unlink(missing_ok=True)
        removed += 1
    return removed


def orphans(data_dir: Path, user_id: str) -> list[Path]:
    """The user's partial files (:meth:`ArtifactStore.writing`) whose writing process is gone."""
    sessions = Path(data_dir) / "sessions"
    found = []
    for path in sorted(sessions.glob("*/.partial.*")) if sessions.is_dir() else ():
        match = PARTIAL.match(path.name)
        if match and match["user"] == user_id and not process_alive(int(match["pid"])):
            found.append(path)
    return found


def _torn_path(raw: bytes) -> list[str]:
    found = re.search(rb'"path":\s*("(?:[^"\\]|\\.)*")', raw)
    if found is None:
        return []
    try:
        return [json.loads(found.group(1).decode("utf-8", errors="replace"))]
    except ValueError:
        return []


def _record_problem(record: dict[str, Any]) -> str:
    """What keeps a manifest line from being an artifact record ("" when nothing does)."""
    for key in ("id", "kind", "path", "mime", "sha256"):
        if not isinstance(record.get(key), str):
            return f"no {key!r}"
    if record["kind"] not in ARTIFACT_KINDS:
        return f"unknown kind {record['kind']!r}"
    if not isinstance(record.get("meta", {}), dict):
        return "'meta' is not an object"
    return ""


def _read_manifest(path: Path) -> Iterator[dict[str, Any]]:
    yield from good_records(path, check=_record_problem, what="manifest record")


def _to_artifact(record: dict[str, Any]) -> Artifact:
    fields = {key: record[key] for key in ("id", "kind", "path", "mime", "sha256")} | {"meta": record.get("meta", {})}
    return Artifact(**fields)
