"""The ``image`` tool (PNG pictures). Importing this package loads no numpy, torch or diffusers."""

from tools.image.tool import ImageInput, ImageTool

__all__ = ["ImageInput", "ImageTool"]
