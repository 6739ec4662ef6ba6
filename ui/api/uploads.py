"""Uploads (recordings and images) over the API, under the one upload policy (agent/uploads.py):
the declared type must be accepted AND match the file's magic bytes; size is counted while
streaming to disk, so an oversize body never lands whole."""

from __future__ import annotations

from pathlib import Path

from agent.config import LimitsSettings
from agent.store import ArtifactStore
from agent.types import Artifact
from agent.uploads import SNIFF_BYTES, UnsupportedUpload, UploadTooLarge, format_for_mime, size_message, sniff, too_large

CHUNK = 1 << 16


async def save_upload(upload, *, store: ArtifactStore, limits: LimitsSettings, user_id: str) -> Artifact:
    """Validate and store a Starlette ``UploadFile``; returns the new artifact."""
    fmt = format_for_mime(upload.content_type)
    path = store.new_path(fmt.suffixes[0], stem="upload")
    written = 0
    head = b""
    with store.writing(path) as partial:  # renamed when whole; removed on any error (a full disk: 507)
        with partial.open("wb") as handle:
            while chunk := await upload.read(CHUNK):
                written += len(chunk)
                if too_large(fmt.kind, written, limits):
                    raise UploadTooLarge(size_message(fmt.kind, limits))
                if len(head) < SNIFF_BYTES:
                    head += chunk[: SNIFF_BYTES - len(head)]
                handle.write(chunk)
        if written == 0:
            raise UnsupportedUpload("the upload is empty; attach the file's bytes")
        if not sniff(head, fmt):
            raise UnsupportedUpload(f"the file is not {fmt.mime} (its first bytes say otherwise); "
                                    "send the file with its real content type")
    name = Path(upload.filename or "upload").name[:120]
    return store.add(path, kind=fmt.kind, mime=(upload.content_type or "").split(";")[0].strip().lower(),
                     meta={"upload": True, "filename": name, "user": user_id})
