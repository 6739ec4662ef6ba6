"""Per-session artifact directories with an append-only JSONL manifest.

Layout: ``<data_dir>/sessions/<session_id>/`` holds the files and ``manifest.jsonl``; each
manifest line is one artifact with its provenance. A manifest line is fsynced before the
artifact is reported, so nothing acknowledged is lost on a crash.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import os
import re
import secrets
import shutil
import threading
import time
from pathlib import Path
from typing import Any, Iterator

from agent.errors import ArtifactNotFound, InputError
from agent.types import ARTIFACT_KINDS, Artifact

SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
MANIFEST = "manifest.jsonl"
EXTRA_MIME = {".glb": "model/gltf-binary", ".bvh": "application/x-bvh", ".obj": "model/obj",
              ".mtl": "model/mtl", ".wav": "audio/wav", ".json": "application/json"}


def check_id(value: str, what: str) -> str:
    """Session and user ids become directory names: allow only a safe alphabet."""
    if not SAFE_ID.match(value or ""):
        raise InputError(f"{what} {value!r} is not valid; use 1-64 letters, digits, '-' or '_'")
    return value


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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
        return self.path_for(f"{clean}-{secrets.token_hex(4)}{suffix}")

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
            shutil.copyfile(path, target)
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
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self._lock:
            self.root.mkdir(parents=True, exist_ok=True)
            with (self.root / MANIFEST).open("a", encoding="utf-8") as handle:
                handle.write(line)
                handle.flush()
                os.fsync(handle.fileno())
        return artifact

    # -- reading ------------------------------------------------------------------------------
    def records(self) -> Iterator[dict[str, Any]]:
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


def forget_user(data_dir: Path, user_id: str) -> int:
    """Delete one user's artifact files and manifest lines in every session; returns the count.

    Each manifest is rewritten to a temporary file and atomically swapped in, so a crash
    leaves either the old or the new manifest, never a torn one.
    """
    check_id(user_id, "user id")
    removed = 0
    sessions = Path(data_dir) / "sessions"
    for manifest in sorted(sessions.glob(f"*/{MANIFEST}")) if sessions.is_dir() else ():
        keep, drop = [], []
        for record in _read_manifest(manifest):
            (drop if record.get("user_id") == user_id else keep).append(record)
        if not drop:
            continue
        root = manifest.parent.resolve()
        for record in drop:
            path = Path(record["path"]).resolve()
            if root in path.parents:  # never delete outside the session directory
                path.unlink(missing_ok=True)
        tmp = manifest.with_suffix(".jsonl.tmp")
        with tmp.open("w", encoding="utf-8") as handle:
            handle.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in keep)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, manifest)
        removed += len(drop)
    return removed


def _read_manifest(path: Path) -> Iterator[dict[str, Any]]:
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if not line:
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                continue  # a torn last line after a crash: skip it, keep everything before


def _to_artifact(record: dict[str, Any]) -> Artifact:
    fields = {key: record[key] for key in ("id", "kind", "path", "mime", "sha256", "meta")}
    return Artifact(**fields)
