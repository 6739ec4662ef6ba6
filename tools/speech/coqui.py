"""Neural TTS with Coqui TTS (the maintained ``coqui-tts`` distribution), imported lazily.

Install with ``pip install 'atelier[neural-tts]'``. ``models.speech`` names a Coqui model id
(e.g. ``tts_models/multilingual/multi-dataset/xtts_v2``, the default) or a local directory
holding ``config.json`` and the checkpoint. XTTS-v2 clones a voice from a short reference WAV;
its weights are under the Coqui Public Model License (non-commercial use only), and Coqui asks
you to accept it (``COQUI_TOS_AGREED=1``) before the first download. Coqui gives no phoneme
timings, so lip-sync for neural speech comes from the avatar's alignment step.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np

from agent.errors import BackendError
from tools.audio_io import Audio
from tools.speech.espeak import Synthesis

DEFAULT_MODEL = "tts_models/multilingual/multi-dataset/xtts_v2"
INSTALL_HINT = "install it with `pip install 'atelier[neural-tts]'` (the coqui-tts package)"

# The loaded models of this process, by model id or path: a registry, so the speech tool, the
# avatar tool and the voice lane share one copy of a model of several GB.
_LOADED: dict[str, Any] = {}
_LOADED_LOCK = threading.Lock()


def shared_coqui(model: str) -> Any:
    """The ``TTS.api.TTS`` for ``model``, loaded on first use; ``BackendError`` as :func:`load_coqui`."""
    with _LOADED_LOCK:  # concurrent first callers wait for one load
        if model not in _LOADED:
            _LOADED[model] = load_coqui(model)
        return _LOADED[model]


def load_coqui(model: str | None) -> Any:
    """A ``TTS.api.TTS`` for a model id or a local directory; ``BackendError`` says what to do."""
    try:
        from TTS.api import TTS
    except ImportError as exc:
        raise BackendError(f"Coqui TTS is not installed; {INSTALL_HINT}") from exc
    name = model or DEFAULT_MODEL
    local = Path(name).expanduser()
    try:
        if local.exists():
            config = local / "config.json" if local.is_dir() else local.with_name("config.json")
            if not config.is_file():
                raise BackendError(f"Coqui model directory {local} has no config.json; point models.speech at the "
                                   "folder that holds config.json and the checkpoint")
            return TTS(model_path=str(local), config_path=str(config), progress_bar=False)
        return TTS(model_name=name, progress_bar=False)
    except BackendError:
        raise
    except Exception as exc:  # Coqui raises many kinds (download, config, state-dict mismatch)
        raise BackendError(f"Coqui TTS could not load {name!r} ({type(exc).__name__}: {str(exc)[:300]}); set "
                           "models.speech to a Coqui model id or a local folder with config.json and the checkpoint, "
                           "and download it first if this machine is offline", retryable=False) from exc


class CoquiSpeech:
    """One loaded Coqui model speaking sentences, optionally in a cloned voice."""

    name = "neural"

    def __init__(self, *, tts: Any, model: str, language: str, speaker_wav: Path | None = None,
                 speaker: str | None = None) -> None:
        self._tts = tts
        self._lock = threading.Lock()
        self.model = model
        self.language = language
        self.speaker_wav = speaker_wav
        self.speaker = speaker
        self.voice = f"coqui:{Path(model).name}" + (f" cloned from {speaker_wav.name}" if speaker_wav else "")

    def speak(self, text: str) -> Synthesis:
        kwargs: dict[str, Any] = {}
        if getattr(self._tts, "is_multi_lingual", False):
            kwargs["language"] = self.language
        if self.speaker_wav is not None:
            kwargs["speaker_wav"] = str(self.speaker_wav)
        elif getattr(self._tts, "is_multi_speaker", False):
            speakers = list(getattr(self._tts, "speakers", None) or [])
            kwargs["speaker"] = self.speaker or (speakers[0] if speakers else None)
        try:
            with self._lock:
                wav = self._tts.tts(text=text, **kwargs)
        except Exception as exc:
            raise BackendError(f"Coqui TTS failed on a sentence: {type(exc).__name__}: {exc}", retryable=True) from exc
        rate = int(self._tts.synthesizer.output_sample_rate)
        samples = np.asarray(wav, dtype=np.float32).reshape(-1)
        return Synthesis(audio=Audio(samples=samples, rate=rate), phonemes=(), voice=self.voice)
