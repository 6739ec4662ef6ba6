"""Text to speech, one sentence at a time, on the embedded (eSpeak NG) or neural (Coqui) backend.

:func:`synthesize` is the one way a text becomes speech: a WAV file, its phoneme timings and
its viseme spans (used by the speech tool, the avatar tool and the turn's voice lane through
:class:`Speaker`). Underneath, :func:`synthesize_sentences` yields each sentence's audio as soon
as it is ready and :func:`join` concatenates them with phoneme times shifted onto one timeline.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Protocol

import numpy as np

from agent.errors import InputError
from agent.text import split_sentences
from tools.audio_io import Audio, write_wav
from tools.speech.espeak import ESpeak, Phoneme, Synthesis
from tools.speech.visemes import VisemeSpan, close_gaps, spans_from_phonemes
from tools.speech.voices import VoiceChoice, choose_voice

MAX_TEXT_CHARS = 5000  # about five minutes of speech; longer scripts are split by the caller
MAX_SENTENCE_CHARS = 400  # one synthesis call; a longer sentence is cut again at commas


def check_text(text: str) -> str:
    """The text to speak, or ``InputError`` for empty, unspeakable or over-long text."""
    cleaned = (text or "").strip()
    if not cleaned or not any(ch.isalnum() for ch in cleaned):
        raise InputError("there is no text to speak; give the words to say, e.g. say 'welcome, traveler'")
    if len(cleaned) > MAX_TEXT_CHARS:
        raise InputError(
            f"the text is {len(cleaned)} characters long (about {len(cleaned) / 900:.0f} minutes of speech); "
            f"the limit is {MAX_TEXT_CHARS} characters per step: split it into several steps"
        )
    return cleaned


class SpeechBackend(Protocol):
    """Speaks one sentence."""

    name: str
    voice: str

    def speak(self, text: str) -> Synthesis: ...


class EmbeddedSpeech:
    """eSpeak NG with a resolved :class:`VoiceChoice`."""

    name = "embedded"

    def __init__(self, *, choice: VoiceChoice, engine: ESpeak | None = None) -> None:
        self.choice = choice
        self.engine = engine or ESpeak.shared()
        self.voice = choice.espeak_voice

    @classmethod
    def for_request(cls, *, language: str, voice: str | None = None, persona: str | None = None,
                    rate: float = 1.0, pitch: int | None = None) -> "EmbeddedSpeech":
        """Resolve language/voice/persona/rate/pitch against the shipped voices."""
        engine = ESpeak.shared()
        choice = choose_voice(language=language, available=engine.languages(), variants=engine.variants(),
                              voice=voice, persona=persona, rate=rate, pitch=pitch)
        return cls(choice=choice, engine=engine)

    def speak(self, text: str) -> Synthesis:
        c = self.choice
        return self.engine.synthesize(text, voice=c.espeak_voice, rate_wpm=c.rate_wpm, pitch=c.pitch,
                                      pitch_range=c.pitch_range)


@dataclass(frozen=True)
class SentenceAudio:
    """One synthesized sentence; ``phonemes`` are in this chunk's own time, ``offset_s`` places it."""

    index: int
    text: str
    audio: Audio
    phonemes: tuple[Phoneme, ...]
    offset_s: float


def synthesize_sentences(text: str, *, backend: SpeechBackend,
                         on_sentence: Callable[[int, int], None] | None = None) -> Iterator[SentenceAudio]:
    """Yield each sentence's audio as soon as it is synthesized (the streaming API)."""
    sentences = split_sentences(check_text(text), max_chars=MAX_SENTENCE_CHARS)
    offset = 0.0
    for index, sentence in enumerate(sentences):
        result = backend.speak(sentence)
        yield SentenceAudio(index=index, text=sentence, audio=result.audio, phonemes=result.phonemes, offset_s=offset)
        offset += result.audio.seconds
        if on_sentence is not None:
            on_sentence(index + 1, len(sentences))


def join(chunks: list[SentenceAudio]) -> tuple[Audio, tuple[Phoneme, ...]]:
    """One audio clip and one phoneme timeline from sentence chunks."""
    if not chunks:
        raise InputError("there is no text to speak")
    rate = chunks[0].audio.rate
    samples = np.concatenate([chunk.audio.samples for chunk in chunks]).astype(np.float32)
    phonemes = tuple(
        Phoneme(symbol=p.symbol, start=round(p.start + chunk.offset_s, 6), end=round(p.end + chunk.offset_s, 6))
        for chunk in chunks for p in chunk.phonemes
    )
    return Audio(samples=samples, rate=rate), phonemes


@dataclass(frozen=True)
class Speech:
    """A text spoken into a WAV file: its audio, phoneme timings and viseme spans (the spans
    cover the whole clip; without phonemes, e.g. from Coqui, it is all ``sil``)."""

    text: str
    path: Path
    audio: Audio
    phonemes: tuple[Phoneme, ...]
    visemes: tuple[VisemeSpan, ...]
    sentences: int
    first_audio_s: float
    synthesis_s: float

    @property
    def sample_rate(self) -> int:
        return self.audio.rate

    @property
    def duration_s(self) -> float:
        return self.audio.seconds


def synthesize(text: str, *, backend: SpeechBackend, path: Path,
               on_sentence: Callable[[int, int], None] | None = None) -> Speech:
    """Speak ``text`` sentence by sentence with ``backend`` into one WAV at ``path``."""
    started = time.perf_counter()
    first_audio_s: float | None = None
    chunks = []
    for chunk in synthesize_sentences(text, backend=backend, on_sentence=on_sentence):
        if first_audio_s is None:
            first_audio_s = time.perf_counter() - started
        chunks.append(chunk)
    audio, phonemes = join(chunks)
    write_wav(path, audio)
    return Speech(text=text, path=Path(path), audio=audio, phonemes=phonemes,
                  visemes=tuple(close_gaps(spans_from_phonemes(phonemes), audio.seconds)), sentences=len(chunks),
                  first_audio_s=first_audio_s or 0.0, synthesis_s=time.perf_counter() - started)


@dataclass(frozen=True)
class Speaker:
    """A chosen backend and language: what the voice lane's ``SpeechProvider.speaker`` returns
    (agent/voice.py ``Speaker`` protocol)."""

    backend: SpeechBackend
    language: str

    @property
    def name(self) -> str:
        return self.backend.name

    @property
    def voice(self) -> str:
        return self.backend.voice

    def speak(self, text: str, path: Path) -> Speech:
        """Blocking: speak ``text`` into ``path`` (see :func:`synthesize`)."""
        return synthesize(text, backend=self.backend, path=path)
