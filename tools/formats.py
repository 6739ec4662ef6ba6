"""Output formats named in words: "as OBJ", "in GLB format", "OBJ+MTL", "export to BVH", "PNG로",
"obj 파일로". A tool reads them from its prompt (so "a table as OBJ" sets the format instead of
adding an object called "obj") and gets the prompt back without them."""

from __future__ import annotations

import re

FORMATS = {"obj": "obj", "mtl": "obj", "obj+mtl": "obj", "glb": "glb", "gltf": "glb", "bvh": "bvh", "png": "png",
           "wav": "wav", "mp4": "mp4", "fbx": "fbx", "jpg": "png", "jpeg": "png"}
_NAME = r"(obj\s*\+\s*mtl|obj|mtl|glb|gltf|bvh|png|wav|mp4|fbx|jpe?g)"
_PATTERN = re.compile(
    # "as OBJ", "in OBJ format", "export to OBJ", "save it as an OBJ file", "OBJ+MTL", "FBX-free OBJ", "obj 파일로"
    rf"(?:\bfbx[- ]free\s+)?(?:\b(?:exported|export|save[ds]?|saved|output|as|in|to|into)\s+(?:it\s+)?(?:as\s+)?"
    rf"(?:an?\s+)?)?(?<![a-z0-9]){_NAME}(?![a-z0-9])(?:\s*(?:format|files?|export)\b|\s*(?:파일|형식|포맷)?\s*(?:으로|로))?",
    re.IGNORECASE)


def requested_formats(text: str) -> tuple[list[str], str]:
    """The formats ``text`` names (canonical names, in order) and ``text`` without those words."""
    found: list[str] = []

    def take(match: re.Match) -> str:
        name = re.sub(r"\s+", "", match.group(1).lower())
        found.append(FORMATS.get(name, name))
        return " "

    cleaned = _PATTERN.sub(take, text)
    cleaned = re.sub(r"\s{2,}", " ", cleaned).strip(" ,")
    return list(dict.fromkeys(found)), cleaned
