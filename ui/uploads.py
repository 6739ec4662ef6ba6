"""Studio upload checks: the one upload policy (agent/uploads.py) worded for the chat.

Files are classified by suffix and then verified by content (Pillow must open an image; a
recording is decoded later by the voice lane), so a renamed file is refused with a message
that says what to send instead. Limits are per kind (settings ``[limits]``); the server's own
``max_file_size`` is a larger backstop so that an oversized file still reaches us and gets a
clear chat message.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from agent.config import LimitsSettings
from agent.errors import InputError
from agent.uploads import MAX_IMAGE_PIXELS, MIB, UploadKind, format_for_name, limit_bytes, suffixes
from ui.i18n import text, what

IMAGE_FORMATS = ("PNG", "JPEG", "WEBP")


class UploadRejected(InputError):
    """An attachment the studio will not use; ``message`` is ready to show in the chat."""


@dataclass(frozen=True)
class Upload:
    path: Path
    kind: UploadKind
    name: str


def server_max_file_size(limits: LimitsSettings) -> int:
    """The transport backstop in bytes: well above every per-kind limit, so that an oversize
    file still reaches :func:`classify` and gets a chat message instead of a bare HTTP error."""
    return max(100 * MIB, 2 * max(limit_bytes(kind, limits) for kind in ("image", "audio", "video", "motion", "card")))


def _size_check(path: Path, name: str, kind: UploadKind, language: str, limits: LimitsSettings) -> None:
    size = path.stat().st_size
    if size > limit_bytes(kind, limits):
        raise UploadRejected(text("err_upload_size", language, name=name, size=f"{size / MIB:.1f}",
                                  what=what(kind, language), limit=f"{limit_bytes(kind, limits) / MIB:g}"))


def classify(path: str | Path, *, limits: LimitsSettings, language: str = "en", name: str | None = None) -> Upload:
    """Check one chat attachment; ``UploadRejected`` carries the message for the chat."""
    path = Path(path)
    name = name or path.name
    fmt = format_for_name(path)
    if fmt is None:
        kind = path.suffix.lstrip(".").upper() or "?"
        raise UploadRejected(text("err_upload_type", language, name=name, kind=kind))
    _size_check(path, name, fmt.kind, language, limits)
    if fmt.kind == "image":
        _verify_image(path, name, language)
    return Upload(path, fmt.kind, name)


def _verify_image(path: Path, name: str, language: str) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            fmt = image.format
            width, height = image.size
            if fmt not in IMAGE_FORMATS:
                raise UploadRejected(text("err_upload_type", language, name=name, kind=str(fmt)))
            if width * height > MAX_IMAGE_PIXELS:
                raise UploadRejected(text("err_upload_bad", language, name=name, what=what("image", language),
                                          why=f"{width}×{height} pixels is more than {MAX_IMAGE_PIXELS // 1_000_000} MP"))
            image.verify()
    except UploadRejected:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        why = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UploadRejected(text("err_upload_bad", language, name=name, what=what("image", language), why=why)) from None


def check_card_upload(path: str | Path, *, limits: LimitsSettings, language: str = "en") -> Path:
    """A persona card upload: suffix and size only (the card loader validates the content)."""
    path = Path(path)
    if path.suffix.lower() not in suffixes("card"):
        raise UploadRejected(text("err_card", language, why=f"{path.name}: use a .yaml, .json or .png card"))
    _size_check(path, path.name, "card", language, limits)
    return path
