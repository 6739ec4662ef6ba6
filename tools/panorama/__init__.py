"""The ``panorama`` tool (equirectangular 360° PNG skyboxes, optional depth). Loads nothing heavy on import."""

from tools.panorama.tool import PanoramaInput, PanoramaTool

__all__ = ["PanoramaInput", "PanoramaTool"]
