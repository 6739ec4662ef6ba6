"""The upload policy: which files a user may attach, how they are recognised, how large they may be.

One home for the studio (files by name, ui/uploads.py), the XR API (bytes with a declared MIME
type, ui/api/uploads.py) and the CLI's ``run --attach FILE`` (:func:`check_file`). A file is an
``image``, an ``audio`` recording, a ``video``, a ``motion`` capture (BVH) (or, in the studio, a
persona ``card``); its kind comes from its suffix or declared type, its first bytes must agree
with that type (:func:`sniff`), and each kind has a size limit from the settings' ``[limits]``
section.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Literal

from agent.config import LimitsSettings
from agent.errors import InputError

UploadKind = Literal["image", "audio", "video", "motion", "card"]
MIB = 1024 * 1024
SNIFF_BYTES = 16  # enough for every signature below
MAX_IMAGE_PIXELS = 40_000_000  # a decoded image larger than this is refused (decompression bombs)


class UnsupportedUpload(InputError):
    """A type we do not take, or bytes that are not what the type says (HTTP 415)."""


class UploadTooLarge(InputError):
    """Over the size limit of its kind (HTTP 413)."""


@dataclass(frozen=True)
class Format:
    """One accepted file format: its MIME type (and aliases), suffixes, kind and signature."""

    mime: str
    kind: UploadKind
    suffixes: tuple[str, ...]
    signature: Callable[[bytes], bool]
    aliases: tuple[str, ...] = ()


def _riff(form: bytes) -> Callable[[bytes], bool]:
    return lambda head: head[:4] == b"RIFF" and head[8:12] == form


FORMATS: tuple[Format, ...] = (
    Format("audio/wav", "audio", (".wav",), _riff(b"WAVE"), aliases=("audio/x-wav", "audio/wave")),
    Format("audio/mpeg", "audio", (".mp3",),
           lambda head: head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0)),
    Format("audio/ogg", "audio", (".ogg", ".oga", ".opus"), lambda head: head[:4] == b"OggS"),
    Format("audio/webm", "audio", (".webm",), lambda head: head[:4] == b"\x1a\x45\xdf\xa3"),
    Format("audio/flac", "audio", (".flac",), lambda head: head[:4] == b"fLaC"),
    Format("image/png", "image", (".png",), lambda head: head[:8] == b"\x89PNG\r\n\x1a\n"),
    Format("image/jpeg", "image", (".jpg", ".jpeg"), lambda head: head[:3] == b"\xff\xd8\xff"),
    Format("image/webp", "image", (".webp",), _riff(b"WEBP")),
    Format("video/mp4", "video", (".mp4", ".m4v", ".mov"), lambda head: head[4:8] == b"ftyp",
           aliases=("video/quicktime", "video/x-m4v")),
    Format("application/x-bvh", "motion", (".bvh",),
           lambda head: head.lstrip(b"\xef\xbb\xbf \t\r\n").upper().startswith(b"HIERARCHY")),
)
CARD_SUFFIXES = (".yaml", ".yml", ".json", ".png")
_BY_MIME = {mime: fmt for fmt in FORMATS for mime in (fmt.mime, *fmt.aliases)}
_BY_SUFFIX = {suffix: fmt for fmt in FORMATS for suffix in fmt.suffixes}


def mime_types(kind: UploadKind) -> tuple[str, ...]:
    """Every MIME type (aliases included) accepted for ``kind``."""
    return tuple(mime for mime, fmt in _BY_MIME.items() if fmt.kind == kind)


def suffixes(kind: UploadKind) -> tuple[str, ...]:
    """Every file suffix accepted for ``kind`` (lower case, with the dot)."""
    return CARD_SUFFIXES if kind == "card" else tuple(s for s, fmt in _BY_SUFFIX.items() if fmt.kind == kind)


def format_for_mime(content_type: str | None) -> Format:
    """The format a declared ``Content-Type`` names; ``UnsupportedUpload`` says what is accepted."""
    base = (content_type or "").split(";")[0].strip().lower()
    if base in _BY_MIME:
        return _BY_MIME[base]
    raise UnsupportedUpload(f"content type {base or '(none)'!r} is not accepted; send audio "
                            f"({', '.join(mime_types('audio'))}), an image ({', '.join(mime_types('image'))}), "
                            f"a video ({', '.join(mime_types('video'))}) or a motion ({', '.join(mime_types('motion'))})")


def format_for_name(name: str | Path) -> Format | None:
    """The format a file name's suffix names, or None."""
    return _BY_SUFFIX.get(Path(name).suffix.lower())


def format_for_bytes(head: bytes) -> Format | None:
    """The accepted format a file's first bytes show (for an upload that declares no type), or None."""
    return next((fmt for fmt in FORMATS if fmt.signature(head)), None)


def sniff(head: bytes, fmt: Format) -> bool:
    """Whether a file's first bytes look like ``fmt`` (signatures only, no decoding)."""
    return fmt.signature(head)


def limit_bytes(kind: UploadKind, limits: LimitsSettings) -> int:
    """The largest upload of ``kind``, from ``[limits] upload_<kind>_mib``."""
    return int(getattr(limits, f"upload_{kind}_mib") * MIB)


def too_large(kind: UploadKind, size: int, limits: LimitsSettings) -> bool:
    return size > limit_bytes(kind, limits)


def size_message(kind: UploadKind, limits: LimitsSettings) -> str:
    """The English refusal of an oversize upload (the studio words it per language itself)."""
    return (f"the {kind} upload is over {limit_bytes(kind, limits) / MIB:g} MiB (setting limits.upload_{kind}_mib); "
            f"send {'a shorter recording' if kind == 'audio' else 'a smaller file'}")


def check_file(path: str | Path, limits: LimitsSettings) -> Format:
    """The format of a local file to attach (the CLI's ``--attach``): it exists, is not empty,
    has an accepted suffix, its first bytes agree and it is within its kind's limit. Raises
    ``InputError`` (missing, empty), ``UnsupportedUpload`` or ``UploadTooLarge``, each naming the file."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file; check the path given to --attach")
    fmt = format_for_name(path)
    if fmt is None:
        accepted = ", ".join(sorted(_BY_SUFFIX))
        raise UnsupportedUpload(f"{path}: {path.suffix or 'a file without a suffix'} is not a type Atelier takes; "
                                f"attach one of {accepted}")
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"{path}: the file is empty; attach the real {fmt.kind} file")
    if too_large(fmt.kind, size, limits):
        raise UploadTooLarge(f"{path}: {size / MIB:.1f} MiB; {size_message(fmt.kind, limits)}")
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not sniff(head, fmt):
        raise UnsupportedUpload(f"{path}: the file is not {fmt.mime} (its first bytes say otherwise); attach the "
                                f"real file or give it the suffix of its real type")
    return fmt
