"""API keys: created by ``python app.py keys create``, stored only as scrypt hashes.

A key reads ``atk_<key id>_<secret>``. The key id is public (it names the owner of sessions
and artifacts); the secret is 32 random bytes shown once. ``<data_dir>/keys/<key id>.json``
holds the salt and the scrypt hash, never the secret. Verified keys are cached in memory by
a SHA-256 of the whole key, so scrypt's deliberate cost is paid once per key and process.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

KEY_SHAPE = re.compile(r"^atk_(k[0-9a-f]{8})_([A-Za-z0-9_-]{43})$")
# RFC 7914 parameters: 16 MiB of memory and ~50 ms per check on a laptop core.
SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


@dataclass(frozen=True)
class ApiKey:
    """A verified key: ``key_id`` owns sessions and artifacts; ``name`` is a human label."""

    key_id: str
    name: str
    created_at: float


def _hash(secret: str, salt: bytes) -> bytes:
    return hashlib.scrypt(secret.encode(), salt=salt, maxmem=64 * 1024 * 1024, **SCRYPT)


def hash_password(password: str) -> str:
    """A studio sign-in's stored form: ``scrypt$<n>$<r>$<p>$<salt hex>$<hash hex>`` (never the password)."""
    salt = secrets.token_bytes(16)
    return "$".join(["scrypt", str(SCRYPT["n"]), str(SCRYPT["r"]), str(SCRYPT["p"]), salt.hex(),
                     _hash(password, salt).hex()])


def check_password(password: str, stored: str) -> bool:
    """Whether ``password`` is the one ``stored`` (from :func:`hash_password`) was made from."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        found = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                               dklen=len(digest) // 2, maxmem=64 * 1024 * 1024)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(found.hex(), digest)


class KeyStore:
    """API keys under ``<data_dir>/keys``. Thread-safe; files are written 0600."""

    def __init__(self, *, directory: Path) -> None:
        self.directory = Path(directory)
        self._verified: dict[str, ApiKey] = {}
        self._lock = threading.Lock()

    @classmethod
    def for_data_dir(cls, data_dir: Path) -> "KeyStore":
        return cls(directory=Path(data_dir) / "keys")

    def create(self, *, name: str = "") -> tuple[str, ApiKey]:
        """A new key: returns the full key (show it once) and its record."""
        self.directory.mkdir(parents=True, exist_ok=True)
        key_id = f"k{secrets.token_hex(4)}"
        secret = secrets.token_urlsafe(32)
        salt = secrets.token_bytes(16)
        record = {"key_id": key_id, "name": name[:200], "created_at": time.time(), "salt": salt.hex(),
                  "scrypt": {k: v for k, v in SCRYPT.items()}, "hash": _hash(secret, salt).hex()}
        path = self.directory / f"{key_id}.json"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(record, handle)
        return f"atk_{key_id}_{secret}", ApiKey(key_id=key_id, name=record["name"], created_at=record["created_at"])

    @staticmethod
    def key_id_of(key: str | None) -> str | None:
        """The key id of a well-formed key, else None (no file is read, nothing is hashed)."""
        match = KEY_SHAPE.match(key.strip()) if key else None
        return match.group(1) if match else None

    def exists(self, key_id: str) -> bool:
        """Whether a key with this id is on file (one ``stat``; no hashing)."""
        return bool(re.fullmatch(r"k[0-9a-f]{8}", key_id)) and (self.directory / f"{key_id}.json").is_file()

    def cached(self, key: str | None) -> ApiKey | None:
        """The record of a key this process has verified before and that is still on file,
        else None; costs a SHA-256 and a ``stat``, never scrypt."""
        if not key or self.key_id_of(key) is None:
            return None
        with self._lock:
            found = self._verified.get(hashlib.sha256(key.encode()).hexdigest())
        return found if found is not None and self.exists(found.key_id) else None  # a deleted file revokes it

    def verify(self, key: str | None) -> ApiKey | None:
        """The key's record when ``key`` is a valid, unrevoked key; else ``None``.

        A key seen before costs a hash lookup; a new one costs one scrypt (~50-70 ms of a core):
        callers on an event loop run this in a worker thread behind a failure throttle
        (ui/api/auth.py)."""
        if not key:
            return None
        match = KEY_SHAPE.match(key.strip())
        if match is None:
            return None
        fingerprint = hashlib.sha256(key.encode()).hexdigest()
        with self._lock:
            cached = self._verified.get(fingerprint)
        key_id, secret = match.groups()
        path = self.directory / f"{key_id}.json"
        if cached is not None:
            return cached if path.is_file() else None  # a deleted file revokes the key
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not hmac.compare_digest(_hash(secret, bytes.fromhex(record["salt"])).hex(), record["hash"]):
            return None
        found = ApiKey(key_id=key_id, name=record.get("name", ""), created_at=record.get("created_at", 0.0))
        with self._lock:
            self._verified[fingerprint] = found
        return found

    def revoke(self, key_id: str) -> bool:
        """Delete a key; returns whether it existed."""
        if not re.fullmatch(r"k[0-9a-f]{8}", key_id):
            return False
        path = self.directory / f"{key_id}.json"
        if not path.is_file():
            return False
        path.unlink()
        with self._lock:
            self._verified = {f: k for f, k in self._verified.items() if k.key_id != key_id}
        return True

    def list(self) -> list[ApiKey]:
        found = []
        for path in sorted(self.directory.glob("k*.json")) if self.directory.is_dir() else []:
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            found.append(ApiKey(key_id=record["key_id"], name=record.get("name", ""),
                                created_at=record.get("created_at", 0.0)))
        return found
