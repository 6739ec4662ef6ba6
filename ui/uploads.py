"""Upload checks: what may be attached to a chat message, and how large it may be.

Files are classified by suffix and then verified by content (Pillow must open an image; a
recording is decoded later by the voice lane), so a renamed file is refused with a message
that says what to send instead. Limits are per kind; the server's own ``max_file_size`` is a
larger backstop so that an oversized file still reaches us and gets a clear chat message.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from agent.errors import InputError
from ui.i18n import text, what

UploadKind = Literal["image", "audio"]
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
AUDIO_SUFFIXES = (".wav", ".mp3", ".ogg", ".oga", ".opus", ".webm", ".flac")
CARD_SUFFIXES = (".yaml", ".yml", ".json", ".png")
LIMIT_MB: dict[str, int] = {"image": 20, "audio": 40, "card": 20}
SERVER_MAX_FILE_SIZE = "100mb"  # the transport backstop; per-kind limits above give the friendly message
MAX_IMAGE_PIXELS = 40_000_000
IMAGE_FORMATS = ("PNG", "JPEG", "WEBP")


class UploadRejected(InputError):
    """An attachment the studio will not use; ``message`` is ready to show in the chat."""


@dataclass(frozen=True)
class Upload:
    path: Path
    kind: UploadKind
    name: str


def _size_check(path: Path, name: str, kind: str, language: str) -> None:
    size = path.stat().st_size
    if size > LIMIT_MB[kind] * 1024 * 1024:
        raise UploadRejected(text("err_upload_size", language, name=name, size=f"{size / 1048576:.1f}",
                                  what=what(kind, language), limit=LIMIT_MB[kind]))


def classify(path: str | Path, *, language: str = "en", name: str | None = None) -> Upload:
    """Check one chat attachment; ``UploadRejected`` carries the message for the chat."""
    path = Path(path)
    name = name or path.name
    suffix = path.suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        _size_check(path, name, "image", language)
        _verify_image(path, name, language)
        return Upload(path, "image", name)
    if suffix in AUDIO_SUFFIXES:
        _size_check(path, name, "audio", language)
        return Upload(path, "audio", name)
    kind = suffix.lstrip(".").upper() or "?"
    raise UploadRejected(text("err_upload_type", language, name=name, kind=kind))


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


def check_card_upload(path: str | Path, *, language: str = "en") -> Path:
    """A persona card upload: suffix and size only (the card loader validates the content)."""
    path = Path(path)
    if path.suffix.lower() not in CARD_SUFFIXES:
        raise UploadRejected(text("err_card", language, why=f"{path.name}: use a .yaml, .json or .png card"))
    _size_check(path, path.name, "card", language)
    return path
