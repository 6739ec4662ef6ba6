"""Uploads (recordings and images) over the API, under the one upload policy (agent/uploads.py).

The multipart body is parsed as it streams in (python-multipart's push parser), straight into
the session's artifact file, under its temporary name until it is whole (``ArtifactStore.writing``:
a killed server leaves nothing that looks finished): no copy, nothing buffered whole. The one part must be
named ``file``; its declared type must be accepted AND match the file's magic bytes (a part
without a type is recognised by those bytes alone); its size is counted while it streams and
refused past the kind's limit (at once, after the part's headers, when the declared length is over it). Whatever goes wrong (too large,
wrong type, a broken body, the client gone, a full disk: 507), the partial file is removed before the answer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agent.config import LimitsSettings
from agent.errors import InputError
from agent.store import ArtifactStore
from agent.types import Artifact
from agent.uploads import (SNIFF_BYTES, Format, UnsupportedUpload, UploadTooLarge, format_for_bytes, format_for_mime,
                           limit_bytes, mime_types, size_message, sniff, too_large)

FIELD = "file"
# the request body the OpenAPI document describes (the route reads the stream itself)
OPENAPI_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {
    "schema": {"type": "object", "required": [FIELD], "additionalProperties": False,
               "properties": {FIELD: {"type": "string", "format": "binary",
                                      "description": "the file; its part's Content-Type names the format (without "
                                                     "one, the file's first bytes must show it)"}}},
    "encoding": {FIELD: {"contentType": ", ".join(mime_types("audio") + mime_types("image"))}}}}}}


class BadForm(InputError):
    """A multipart form without its one ``file`` part, or with other fields (HTTP 422)."""


class MalformedForm(BadForm):
    """A body that does not parse as multipart/form-data (HTTP 400, like malformed JSON)."""


UNTYPED = ("", "application/octet-stream")  # a part that names no type: its first bytes decide
MULTIPART_OVERHEAD = 64 * 1024  # part headers and boundaries around the largest file


class _Part:
    """The file part being received: its format (once known), where it goes, how much came."""

    def __init__(self, *, declared: Format | None, filename: str, mime: str) -> None:
        self.declared, self.filename, self.mime = declared, filename, mime
        self.fmt: Format | None = None
        self.path: Path | None = None
        self.partial: Path | None = None  # where the bytes go until the file is whole (ArtifactStore.writing)
        self.handle: Any = None
        self.written = 0
        self.head = b""  # the first SNIFF_BYTES, kept until the format is decided


class _Receiver:
    """python-multipart callbacks that write the one ``file`` part to the store."""

    def __init__(self, *, store: ArtifactStore, limits: LimitsSettings, declared: int | None = None) -> None:
        self.store, self.limits, self.declared = store, limits, declared
        self.headers: dict[str, str] = {}
        self._field = b""
        self._value = b""
        self.part: _Part | None = None
        self.done = False

    def callbacks(self) -> dict[str, Any]:
        return {"on_part_begin": self._begin, "on_header_field": self._header_field,
                "on_header_value": self._header_value, "on_header_end": self._header_end,
                "on_headers_finished": self._headers_finished, "on_part_data": self._data,
                "on_part_end": self._part_end, "on_end": self._end}

    def _begin(self) -> None:
        self.headers = {}

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        self.headers[self._field.decode("latin-1").strip().lower()] = self._value.decode("latin-1").strip()
        self._field, self._value = b"", b""

    def _headers_finished(self) -> None:
        from python_multipart.multipart import parse_options_header

        _, options = parse_options_header(self.headers.get("content-disposition", ""))
        name = options.get(b"name", b"").decode("latin-1")
        if name != FIELD:
            raise BadForm(f"unexpected form field {name!r}; send one part named {FIELD!r} holding the file")
        if self.part is not None:
            raise BadForm(f"send one file per upload (one part named {FIELD!r})")
        mime = self.headers.get("content-type", "").split(";")[0].strip().lower()
        declared = None if mime in UNTYPED else format_for_mime(mime)  # a type we do not take: 415 now
        if declared is not None:
            self._check_length(declared)
        filename = Path(options.get(b"filename", b"upload").decode("utf-8", "replace") or "upload").name[:120]
        self.part = _Part(declared=declared, filename=filename, mime=mime)

    def _check_length(self, fmt: Format) -> None:
        """A body whose declared length is over the limit of the kind it turns out to hold: 413 now,
        before the file's bytes are read."""
        if self.declared is not None and self.declared > limit_bytes(fmt.kind, self.limits) + MULTIPART_OVERHEAD:
            raise UploadTooLarge(size_message(fmt.kind, self.limits))

    def _data(self, data: bytes, start: int, end: int) -> None:
        part = self.part
        if part is None:
            return
        chunk = data[start:end]
        part.written += len(chunk)
        if part.fmt is None:
            part.head += chunk
            if len(part.head) < SNIFF_BYTES:
                return
            self._decide(part)
            chunk, part.head = part.head, part.head[:SNIFF_BYTES]
        if too_large(part.fmt.kind, part.written, self.limits):
            raise UploadTooLarge(size_message(part.fmt.kind, self.limits))
        part.handle.write(chunk)

    def _decide(self, part: _Part) -> None:
        """Pick the format from the declared type (which the first bytes must match) or from the bytes."""
        fmt = part.declared
        if fmt is None:
            fmt = format_for_bytes(part.head)
            if fmt is None:
                raise UnsupportedUpload("the file's type is not given and its first bytes are none we take; send "
                                        f"audio ({', '.join(mime_types('audio'))}) or an image "
                                        f"({', '.join(mime_types('image'))})")
            part.mime = fmt.mime
        elif not sniff(part.head, fmt):
            raise UnsupportedUpload(f"the file is not {fmt.mime} (its first bytes say otherwise); "
                                    "send the file with its real content type")
        self._check_length(fmt)
        part.fmt = fmt
        part.path = self.store.new_path(fmt.suffixes[0], stem="upload")
        part.partial = self.store.partial_path(part.path)
        part.handle = part.partial.open("wb")

    def _part_end(self) -> None:
        part = self.part
        if part is None:
            return
        if part.written == 0:
            raise UnsupportedUpload("the upload is empty; attach the file's bytes")
        if part.fmt is None:  # shorter than a signature
            self._decide(part)
            part.handle.write(part.head)
        part.handle.close()
        self.store.finish_partial(part.partial, part.path)  # whole: it gets its name now

    def _end(self) -> None:
        self.done = True

    def discard(self) -> None:
        part = self.part
        if part is not None and part.path is not None:
            part.handle.close()
            for path in (part.partial, part.path):  # nothing half-written stays (a full disk, a cut body)
                if path is not None:
                    path.unlink(missing_ok=True)


def _boundary(content_type: str | None) -> bytes:
    from python_multipart.multipart import parse_options_header

    kind, options = parse_options_header(content_type or "")
    boundary = options.get(b"boundary", b"")
    if kind != b"multipart/form-data" or not boundary or len(boundary) > 200:
        raise UnsupportedUpload(f"send the file as multipart/form-data with one part named {FIELD!r} "
                                f"(got Content-Type {content_type or '(none)'!r})")
    return boundary


async def receive_upload(request, *, store: ArtifactStore, limits: LimitsSettings, user_id: str) -> Artifact:
    """Stream a Starlette request's multipart body into ``store``; returns the new artifact."""
    from python_multipart.exceptions import MultipartParseError
    from python_multipart.multipart import MultipartParser

    length = request.headers.get("content-length", "")
    receiver = _Receiver(store=store, limits=limits, declared=int(length) if length.isascii() and length.isdecimal() else None)
    parser = MultipartParser(_boundary(request.headers.get("content-type")), receiver.callbacks())
    try:
        async for chunk in request.stream():
            if chunk:
                parser.write(chunk)
        parser.finalize()
        part = receiver.part
        if part is None or part.fmt is None or not receiver.done:
            raise BadForm(f"the form has no complete part named {FIELD!r}; attach the file as {FIELD!r}")
    except MultipartParseError as exc:
        receiver.discard()
        raise MalformedForm(f"the multipart body is malformed ({exc}); send multipart/form-data with one part named "
                      f"{FIELD!r}") from None
    except BaseException:
        receiver.discard()
        raise
    try:
        return store.add(part.path, kind=part.fmt.kind, mime=part.mime,
                         meta={"upload": True, "filename": part.filename, "user": user_id})
    except BaseException:
        receiver.discard()
        raise

