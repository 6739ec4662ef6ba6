"""What a client needs to place an artifact before downloading it: format, size, and for 3D
files the bounding box, morph targets, animations and skeleton (read from the file itself).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from agent.types import Artifact

_FORMATS = {"model/gltf-binary": "glb", "application/x-bvh": "bvh", "audio/wav": "wav", "audio/x-wav": "wav",
            "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "video/mp4": "mp4",
            "application/json": "json", "text/plain": "txt", "audio/mpeg": "mp3", "audio/ogg": "ogg",
            "audio/webm": "webm", "audio/flac": "flac"}


def file_format(artifact: Artifact) -> str:
    return _FORMATS.get(artifact.mime) or Path(artifact.path).suffix.lstrip(".").lower() or "bin"


def describe(artifact: Artifact, *, url: str) -> dict[str, Any]:
    """The ``ArtifactInfo`` wire shape of an artifact (see ``protocol.ArtifactInfo``)."""
    path = Path(artifact.path)
    size = path.stat().st_size if path.is_file() else int(artifact.meta.get("bytes", 0))
    info: dict[str, Any] = {"id": artifact.id, "kind": artifact.kind, "format": file_format(artifact),
                            "mime": artifact.mime, "size": size, "sha256": artifact.sha256, "url": url,
                            "meta": _json_safe(dict(artifact.meta))}
    info["meta"].pop("timings_path", None)  # a server path; the client gets URLs only
    extra: dict[str, Any] = {}
    if info["format"] == "glb" and path.is_file():
        extra = dict(_glb_facts(str(path), path.stat().st_mtime_ns))
    elif info["format"] == "bvh" and path.is_file():
        extra = dict(_bvh_facts(str(path), path.stat().st_mtime_ns))
    bbox = artifact.meta.get("bbox")
    if isinstance(bbox, dict) and {"min", "max"} <= set(bbox):
        extra["bbox"] = {"min": [float(v) for v in bbox["min"]], "max": [float(v) for v in bbox["max"]]}
    info.update({k: v for k, v in extra.items() if v})
    return info


def _json_safe(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


@lru_cache(maxsize=512)
def _glb_facts(path: str, _mtime: int) -> tuple[tuple[str, Any], ...]:
    from pygltflib import GLTF2

    try:
        gltf = GLTF2().load_binary(path)
    except Exception:  # not our job to reject a stored file; report no facts
        return ()
    facts: dict[str, Any] = {}
    lows, highs = [], []
    targets: list[str] = []
    for mesh in gltf.meshes:
        names = (mesh.extras or {}).get("targetNames") if isinstance(mesh.extras, dict) else None
        for name in names or []:
            if name not in targets:
                targets.append(str(name))
        for primitive in mesh.primitives:
            index = primitive.attributes.POSITION
            if index is not None and gltf.accessors[index].min and gltf.accessors[index].max:
                lows.append(gltf.accessors[index].min)
                highs.append(gltf.accessors[index].max)
    if lows:
        facts["bbox"] = {"min": [min(v[i] for v in lows) for i in range(3)],
                         "max": [max(v[i] for v in highs) for i in range(3)]}
    if targets:
        facts["morph_targets"] = targets
    if gltf.animations:
        facts["animations"] = [a.name or f"animation{i}" for i, a in enumerate(gltf.animations)]
    if gltf.skins:
        joints = [gltf.nodes[j].name or f"joint{j}" for j in gltf.skins[0].joints]
        facts["skeleton"] = {"source": "glb-skin", "joints": joints, "joint_count": len(joints)}
    return tuple(facts.items())


_JOINT = re.compile(r"^\s*(ROOT|JOINT)\s+(\S+)", re.MULTILINE)


@lru_cache(maxsize=512)
def _bvh_facts(path: str, _mtime: int) -> tuple[tuple[str, Any], ...]:
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ()
    head = text.split("MOTION", 1)
    joints = [name for _, name in _JOINT.findall(head[0])]
    skeleton: dict[str, Any] = {"source": "bvh", "joints": joints, "joint_count": len(joints)}
    if len(head) > 1:
        frames = re.search(r"Frames:\s*(\d+)", head[1])
        frame_time = re.search(r"Frame Time:\s*([0-9.eE+-]+)", head[1])
        if frames:
            skeleton["frames"] = int(frames.group(1))
        if frame_time and float(frame_time.group(1)) > 0:
            skeleton["fps"] = round(1.0 / float(frame_time.group(1)), 3)
    return (("skeleton", skeleton),) if joints else ()
