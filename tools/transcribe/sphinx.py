"""Embedded speech recognition: PocketSphinx with the US-English model its wheel ships.

English only; word segments come with times. The same decoder also gives phone-level
timings (``allphone`` search over the shipped phonetic LM), which the avatar uses to lip-sync
audio that has no phoneme track of its own.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from agent.errors import BackendError
from tools.audio_io import ASR_RATE, Audio

FRAME_S = 0.01  # PocketSphinx reports 100 frames per second
_FILLERS = {"<s>", "</s>", "<sil>", "[NOISE]", "[BREATH]", "[COUGH]", "[SMACK]", "[UM]", "[UH]"}


@dataclass(frozen=True)
class TimedToken:
    """A word or phone with its start and end in seconds."""

    text: str
    start: float
    end: float


def _padded(audio: Audio) -> bytes:
    # a little low-level noise either side: the decoder's cepstral mean normalisation needs a
    # lead-in, and exact digital zeros confuse its energy features
    if audio.rate != ASR_RATE:
        raise BackendError(f"PocketSphinx needs {ASR_RATE} Hz audio, got {audio.rate} Hz (decode with audio_io first)")
    pad = np.random.default_rng(0).normal(0.0, 1e-4, int(0.3 * ASR_RATE)).astype(np.float32)
    return Audio(samples=np.concatenate([pad, audio.samples, pad]), rate=ASR_RATE).pcm16()


class SphinxRecognizer:
    """A loaded PocketSphinx decoder (one utterance at a time; a lock serialises callers)."""

    name = "pocketsphinx"

    def __init__(self) -> None:
        try:
            from pocketsphinx import Decoder
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise BackendError("pocketsphinx is not installed; run `pip install pocketsphinx`") from exc
        # Batch CMN: each utterance is normalised on its own, so one request never shifts the
        # next one's recognition (live CMN carries its running mean across utterances).
        self._decoder = Decoder(samprate=ASR_RATE, loglevel="FATAL", cmn="batch")
        self._lock = threading.Lock()
        self._phone_decoder = None

    def transcribe(self, audio: Audio) -> tuple[str, list[TimedToken]]:
        """The recognised text and its words with times (relative to ``audio``'s start)."""
        with self._lock:
            decoder = self._decoder
            decoder.start_utt()
            decoder.process_raw(_padded(audio), full_utt=True)
            decoder.end_utt()
            hyp = decoder.hyp()
            words = [TimedToken(_clean_word(seg.word), max(0.0, seg.start_frame * FRAME_S - 0.3),
                                max(0.0, (seg.end_frame + 1) * FRAME_S - 0.3))
                     for seg in decoder.seg() if seg.word not in _FILLERS]
        return (hyp.hypstr.strip() if hyp else ""), words

    def phones(self, audio: Audio) -> list[TimedToken]:
        """Phone-level segmentation (ARPAbet, "SIL" for silence) from the phonetic language model."""
        from pocketsphinx import Decoder, get_model_path

        with self._lock:
            if self._phone_decoder is None:
                import os

                self._phone_decoder = Decoder(samprate=ASR_RATE, loglevel="FATAL", lm=None,
                                              allphone=os.path.join(get_model_path(), "en-us", "en-us-phone.lm.bin"),
                                              beam=1e-20, pbeam=1e-20, lw=2.0)
            decoder = self._phone_decoder
            decoder.start_utt()
            decoder.process_raw(_padded(audio), full_utt=True)
            decoder.end_utt()
            return [TimedToken(seg.word, max(0.0, seg.start_frame * FRAME_S - 0.3),
                               max(0.0, (seg.end_frame + 1) * FRAME_S - 0.3)) for seg in decoder.seg()]


def _clean_word(word: str) -> str:
    # alternate pronunciations come back as "word(2)"
    return word.split("(", 1)[0]
