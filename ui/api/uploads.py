"""Uploads (recordings and images): declared type must be allowed AND match the file's magic
bytes; size is counted while streaming to disk, so an oversize body never lands whole."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from agent.errors import InputError
from agent.store import ArtifactStore
from agent.types import Artifact
from ui.api.settings import AUDIO_TYPES, IMAGE_TYPES, ApiSettings

CHUNK = 1 << 16
_SUFFIX = {"audio/wav": ".wav", "audio/x-wav": ".wav", "audio/wave": ".wav", "audio/mpeg": ".mp3",
           "audio/ogg": ".ogg", "audio/webm": ".webm", "audio/flac": ".flac",
           "image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp"}


class UnsupportedUpload(InputError):
    """HTTP 415: a content type we do not take, or bytes that are not what the type says."""


class UploadTooLarge(InputError):
    """HTTP 413: over the size limit for its kind."""


def kind_of(content_type: str | None) -> Literal["audio", "image"]:
    base = (content_type or "").split(";")[0].strip().lower()
    if base in AUDIO_TYPES:
        return "audio"
    if base in IMAGE_TYPES:
        return "image"
    raise UnsupportedUpload(f"content type {base or '(none)'!r} is not accepted; send audio "
                            f"({', '.join(AUDIO_TYPES)}) or an image ({', '.join(IMAGE_TYPES)})")


def sniff(head: bytes, content_type: str) -> bool:
    """Whether the first bytes look like the declared type (no decoding, just signatures)."""
    base = content_type.split(";")[0].strip().lower()
    if base in ("audio/wav", "audio/x-wav", "audio/wave"):
        return head[:4] == b"RIFF" and head[8:12] == b"WAVE"
    if base == "audio/mpeg":
        return head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0)
    if base == "audio/ogg":
        return head[:4] == b"OggS"
    if base == "audio/webm":
        return head[:4] == b"\x1a\x45\xdf\xa3"
    if base == "audio/flac":
        return head[:4] == b"fLaC"
    if base == "image/png":
        return head[:8] == b"\x89PNG\r\n\x1a\n"
    if base == "image/jpeg":
        return head[:3] == b"\xff\xd8\xff"
    if base == "image/webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    return False


async def save_upload(upload, *, store: ArtifactStore, limits: ApiSettings, user_id: str) -> Artifact:
    """Validate and store a Starlette ``UploadFile``; returns the new artifact."""
    content_type = (upload.content_type or "").split(";")[0].strip().lower()
    kind = kind_of(content_type)
    limit = limits.max_audio_bytes if kind == "audio" else limits.max_image_bytes
    path = store.new_path(_SUFFIX[content_type], stem="upload")
    written = 0
    head = b""
    try:
        with path.open("wb") as handle:
            while chunk := await upload.read(CHUNK):
                written += len(chunk)
                if written > limit:
                    raise UploadTooLarge(f"the {kind} upload is over {limit // (1024 * 1024)} MiB; "
                                         "send a shorter recording or a smaller image")
                if len(head) < 16:
                    head += chunk[: 16 - len(head)]
                handle.write(chunk)
        if written == 0:
            raise UnsupportedUpload("the upload is empty; attach the file's bytes")
        if not sniff(head, content_type):
            raise UnsupportedUpload(f"the file is not {content_type} (its first bytes say otherwise); "
                                    "send the file with its real content type")
    except BaseException:
        if path.exists():
            os.unlink(path)
        raise
    name = Path(upload.filename or "upload").name[:120]
    return store.add(path, kind=kind, mime=content_type,
                     meta={"upload": True, "filename": name, "user": user_id})
