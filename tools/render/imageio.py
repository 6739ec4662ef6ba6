"""Reading artifacts as images, with errors that say what is wrong with the file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from agent.errors import ToolError

if TYPE_CHECKING:
    from PIL import Image

    from agent.types import Artifact


def open_image(artifact: "Artifact", *, what: str = "source") -> "Image.Image":
    """The artifact's picture as RGB; a ``ToolError`` if the file is missing, corrupt or not an image."""
    from PIL import Image, UnidentifiedImageError

    if artifact.kind != "image":
        raise ToolError(f"the {what} {artifact.id} is {artifact.kind}, not an image; pass an image artifact")
    path = Path(artifact.path)
    if not path.is_file():
        raise ToolError(f"the {what} image {artifact.id} is missing on disk ({path}); upload it again")
    try:
        with Image.open(path) as handle:
            handle.load()
            return handle.convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ToolError(f"the {what} image {artifact.id} is corrupt or not a picture ({type(exc).__name__}: {exc}); "
                        "upload a PNG or JPEG file") from exc


def is_equirectangular(artifact: "Artifact") -> bool:
    """True for panoramas: marked so by their meta, or a 2:1 picture."""
    if artifact.kind != "image":
        return False
    if artifact.meta.get("projection") == "equirectangular":
        return True
    width, height = artifact.meta.get("width"), artifact.meta.get("height")
    return bool(width and height and int(width) == 2 * int(height) and artifact.meta.get("tool") == "panorama")
