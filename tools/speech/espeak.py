"""eSpeak NG through ``espeakng-loader`` (which ships ``libespeak-ng`` and its voice data).

A thin ctypes binding to the C API (``espeak_Initialize``, ``espeak_Synth`` with a synth
callback, ``espeak_ListVoices``): synchronous synthesis returns the samples together with
phoneme events (IPA symbols with their sample positions), which drive the avatar's visemes.
libespeak-ng keeps global state, so one process-wide engine serialises calls with a lock.
"""

from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from agent.errors import BackendError, InputError
from tools.audio_io import Audio

# espeak_AUDIO_OUTPUT / options / flags / events from speak_lib.h
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INIT_PHONEME_EVENTS, _INIT_PHONEME_IPA, _INIT_DONT_EXIT = 0x0001, 0x0002, 0x8000
_CHARS_UTF8 = 1
_EVENT_LIST_TERMINATED, _EVENT_WORD, _EVENT_SENTENCE, _EVENT_PHONEME = 0, 1, 2, 7
_PARAM_RATE, _PARAM_VOLUME, _PARAM_PITCH, _PARAM_RANGE = 1, 2, 3, 4
_EE_OK, _EE_NOT_FOUND = 0, 2


class _EventId(ctypes.Union):
    _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8)]


class _Event(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint), ("text_position", ctypes.c_int),
        ("length", ctypes.c_int), ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p), ("id", _EventId),
    ]


class _Voice(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_char_p), ("languages", ctypes.c_void_p), ("identifier", ctypes.c_char_p),
        ("gender", ctypes.c_ubyte), ("age", ctypes.c_ubyte), ("variant", ctypes.c_ubyte), ("xx1", ctypes.c_ubyte),
        ("score", ctypes.c_int), ("spare", ctypes.c_void_p),
    ]


_SynthCallback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event))


@dataclass(frozen=True)
class Phoneme:
    """One phoneme: IPA ``symbol`` ("" for a pause) from ``start`` to ``end`` seconds."""

    symbol: str
    start: float
    end: float


@dataclass(frozen=True)
class VoiceInfo:
    """An installed eSpeak voice: ``name`` to pass back, the languages it speaks."""

    name: str
    languages: tuple[str, ...]
    gender: str


@dataclass(frozen=True)
class Synthesis:
    """Audio plus the phoneme timeline that produced it."""

    audio: Audio
    phonemes: tuple[Phoneme, ...]
    voice: str


class ESpeak:
    """The process-wide eSpeak NG engine. Use :meth:`shared`."""

    _shared: ClassVar["ESpeak | None"] = None
    _shared_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self) -> None:
        try:
            import espeakng_loader
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise BackendError("espeakng-loader is not installed; run `pip install espeakng-loader`") from exc
        try:
            self._lib = ctypes.cdll.LoadLibrary(espeakng_loader.get_library_path())
        except OSError as exc:
            raise BackendError(f"cannot load libespeak-ng from espeakng-loader: {exc}") from exc
        lib = self._lib
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_Synth.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint,
                                     ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
        lib.espeak_ListVoices.restype = ctypes.POINTER(ctypes.POINTER(_Voice))
        lib.espeak_ListVoices.argtypes = [ctypes.c_void_p]
        data_path = espeakng_loader.get_data_path().encode()
        rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data_path,
                                     _INIT_PHONEME_EVENTS | _INIT_PHONEME_IPA | _INIT_DONT_EXIT)
        if rate <= 0:
            raise BackendError(f"eSpeak NG failed to initialise with data at {data_path.decode()}")
        self.sample_rate = int(rate)
        self._lock = threading.Lock()
        self._chunks: list[np.ndarray] = []
        self._events: list[tuple[str, int]] = []
        self._callback = _SynthCallback(self._on_synth)  # keep a reference: C holds the pointer
        lib.espeak_SetSynthCallback(self._callback)
        self._voices: list[VoiceInfo] | None = None

    @classmethod
    def shared(cls) -> "ESpeak":
        """The one engine of this process (created on first use)."""
        with cls._shared_lock:
            if cls._shared is None:
                cls._shared = cls()
            return cls._shared

    # -- voices -------------------------------------------------------------------------------
    def voices(self) -> list[VoiceInfo]:
        """Every voice in the shipped data, with its languages."""
        if self._voices is None:
            with self._lock:
                found: list[VoiceInfo] = []
                array = self._lib.espeak_ListVoices(None)
                index = 0
                while array[index]:
                    voice = array[index].contents
                    found.append(VoiceInfo(
                        name=(voice.identifier or voice.name or b"").decode("utf-8", "replace"),
                        languages=tuple(_parse_languages(voice.languages)),
                        gender={1: "male", 2: "female"}.get(voice.gender, "unknown"),
                    ))
                    index += 1
                self._voices = found
        return list(self._voices)

    def variants(self) -> list[str]:
        """Voice variants shipped in the data (``m1``..``m7``, ``f1``..``f5``, ``whisper``, ...)."""
        import os

        import espeakng_loader

        folder = os.path.join(espeakng_loader.get_data_path(), "voices", "!v")
        return sorted(os.listdir(folder)) if os.path.isdir(folder) else []

    def _voice_for_language(self, voice: str) -> str | None:
        """The voice file name for a language code, keeping a ``+variant`` suffix."""
        code, plus, variant = voice.partition("+")
        for info in self.voices():
            if code.lower() in info.languages:
                return f"{info.name}{plus}{variant}"
        return None

    def languages(self) -> list[str]:
        """Sorted language codes some voice speaks (e.g. "en-us", "ko")."""
        return sorted({lang for voice in self.voices() for lang in voice.languages})

    # -- synthesis ----------------------------------------------------------------------------
    def synthesize(self, text: str, *, voice: str, rate_wpm: int = 175, pitch: int = 50, pitch_range: int = 50,
                   volume: int = 100) -> Synthesis:
        """Speak ``text`` with eSpeak voice ``voice`` (e.g. "en-us", "ko", "en-us+m3")."""
        with self._lock:
            status = self._lib.espeak_SetVoiceByName(voice.encode())
            if status == _EE_NOT_FOUND and (named := self._voice_for_language(voice)) is not None:
                status = self._lib.espeak_SetVoiceByName(named.encode())  # "en-gb" is spoken by "gmw/en"
            if status == _EE_NOT_FOUND:
                raise InputError(f"eSpeak has no voice {voice!r}; languages with a voice: {', '.join(self.languages())}")
            if status != _EE_OK:
                raise BackendError(f"eSpeak could not select voice {voice!r} (code {status})")
            for param, value in ((_PARAM_RATE, rate_wpm), (_PARAM_PITCH, pitch), (_PARAM_RANGE, pitch_range),
                                 (_PARAM_VOLUME, volume)):
                self._lib.espeak_SetParameter(param, int(value), 0)
            self._chunks, self._events = [], []
            data = text.encode("utf-8") + b"\x00"
            buffer = ctypes.create_string_buffer(data, len(data))
            status = self._lib.espeak_Synth(buffer, len(data), 0, 1, 0, _CHARS_UTF8, None, None)
            if status != _EE_OK:
                raise BackendError(f"eSpeak synthesis failed (code {status})", retryable=True)
            self._lib.espeak_Synchronize()
            chunks, events = self._chunks, self._events
            self._chunks, self._events = [], []
        pcm = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)
        samples = pcm.astype(np.float32) / 32768.0
        total = len(samples)
        phonemes: list[Phoneme] = []
        for index, (symbol, sample) in enumerate(events):
            end_sample = events[index + 1][1] if index + 1 < len(events) else total
            if end_sample > sample:
                phonemes.append(Phoneme(symbol=symbol, start=sample / self.sample_rate, end=end_sample / self.sample_rate))
        return Synthesis(audio=Audio(samples=samples, rate=self.sample_rate), phonemes=tuple(phonemes), voice=voice)

    def _on_synth(self, wav, count, events) -> int:  # called by libespeak-ng inside espeak_Synth
        if count > 0:
            self._chunks.append(np.ctypeslib.as_array(wav, shape=(count,)).copy())
        index = 0
        while events[index].type != _EVENT_LIST_TERMINATED:
            event = events[index]
            if event.type == _EVENT_PHONEME:
                symbol = bytes(event.id.string).split(b"\x00", 1)[0].decode("utf-8", "replace")
                self._events.append((symbol, int(event.sample)))
            index += 1
        return 0


def _parse_languages(pointer: int | None) -> list[str]:
    """eSpeak's ``languages`` field: (priority byte, NUL-terminated name) pairs, ended by a 0 byte."""
    if not pointer:
        return []
    found: list[str] = []
    offset = 0
    while True:
        priority = ctypes.string_at(pointer + offset, 1)
        if priority == b"\x00":
            return found
        name = ctypes.string_at(pointer + offset + 1)
        found.append(name.decode("utf-8", "replace").lower())
        offset += 2 + len(name)
