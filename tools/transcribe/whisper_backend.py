"""Neural speech recognition: openai-whisper (model name or local ``.pt`` checkpoint) or
faster-whisper (a CTranslate2 model directory, or any name when only faster-whisper is installed).

Both detect the language when none is forced, which Korean needs. Imported lazily: torch and
numba load only when this backend is chosen.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from agent.errors import BackendError
from tools.audio_io import ASR_RATE, Audio
from tools.transcribe.sphinx import TimedToken

DEFAULT_MODEL = "base"
INSTALL_HINT = ("install openai-whisper (`pip install 'atelier[neural-asr]'`) or faster-whisper "
                "(`pip install faster-whisper`)")


def _installed(module: str) -> bool:
    from importlib.util import find_spec

    return find_spec(module) is not None


class WhisperRecognizer:
    """A loaded Whisper model; ``transcribe`` returns text, segments and the language."""

    def __init__(self, *, model: str | None = None, device: str | None = None) -> None:
        self.model_name = model or DEFAULT_MODEL
        path = Path(self.model_name).expanduser()
        ct2_dir = path.is_dir() and (path / "model.bin").is_file()
        want_faster = ct2_dir or (not _installed("whisper") and _installed("faster_whisper"))
        self._lock = threading.Lock()
        try:
            if want_faster:
                from faster_whisper import WhisperModel

                self.name = "faster-whisper"
                self._model: Any = WhisperModel(str(path) if ct2_dir else self.model_name, device=device or "cpu",
                                                compute_type="int8")
            else:
                import whisper

                self.name = "openai-whisper"
                self._model = whisper.load_model(str(path) if path.is_file() else self.model_name,
                                                 device=device or "cpu")
        except ImportError as exc:
            raise BackendError(f"Whisper is not installed; {INSTALL_HINT}") from exc
        except Exception as exc:  # download failures, bad checkpoints, unknown names
            raise BackendError(f"Whisper could not load {self.model_name!r} ({type(exc).__name__}: {str(exc)[:300]}); "
                               "set models.transcribe to a Whisper model name (tiny, base, small, ...), a local .pt "
                               "checkpoint or a faster-whisper folder, and download it first if this machine is "
                               "offline") from exc

    def transcribe(self, audio: Audio, *, language: str | None = None) -> tuple[str, list[TimedToken], str]:
        """Text, timed segments and the (forced or detected) language code."""
        if audio.rate != ASR_RATE:
            raise BackendError(f"Whisper needs {ASR_RATE} Hz audio, got {audio.rate} Hz")
        try:
            with self._lock:
                if self.name == "faster-whisper":
                    segments, info = self._model.transcribe(audio.samples, language=language, beam_size=1)
                    parts = [TimedToken(s.text.strip(), float(s.start), float(s.end)) for s in segments]
                    detected = info.language
                else:
                    result = self._model.transcribe(audio.samples, language=language, fp16=False, verbose=None,
                                                    temperature=0.0, condition_on_previous_text=False)
                    parts = [TimedToken(str(s["text"]).strip(), float(s["start"]), float(s["end"]))
                             for s in result.get("segments", [])]
                    detected = str(result.get("language") or language or "")
        except Exception as exc:
            raise BackendError(f"Whisper failed to transcribe: {type(exc).__name__}: {exc}", retryable=True) from exc
        text = " ".join(p.text for p in parts if p.text).strip()
        return text, parts, language or detected
