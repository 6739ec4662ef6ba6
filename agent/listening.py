"""Hands-free listening: a live 16 kHz PCM stream cut into utterances by voice activity (DESIGN.md section 12).

A :class:`Listener` takes the stream in chunks of any size (:meth:`Listener.feed`), classifies
30 ms frames with the installed recognizer's VAD (``agent.voice.Recognizer``, the ``transcribe``
tool) and calls back:

- ``speech_started`` once ``voice.barge_in_ms`` of speech has come (the moment a reply being
  played is interrupted), with ``onset_s``, the stream time speech began;
- ``partial`` transcripts of the utterance so far, at most one decoding at a time (``voice.partials``);
- ``utterance`` when ``voice.end_of_speech_ms`` of silence follows speech (or :meth:`Listener.end`
  is called: push-to-talk released), with the samples, ready to be a turn's recording.

The final decoding starts early, after a short pause (``EARLY_DECODE_MS``), and its result is
kept by the recognizer, so the turn the utterance starts finds it ready instead of decoding
after the whole end-of-speech wait. Nothing here imports a tool: the recognizer is injected.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any, Awaitable, Callable

import numpy as np

from agent.errors import InputError
from agent.voice import Recognizer

RATE = 16000
FRAME = 480  # 30 ms at 16 kHz, one VAD decision
FRAME_S = FRAME / RATE
EARLY_DECODE_MS = 180  # a pause this long starts the final decoding (thrown away if speech resumes)
PARTIAL_EVERY_S = 1.2  # new speech between two partial transcripts (each decoding holds the recognizer)
MAX_UTTERANCE_S = 30.0  # a longer utterance is cut here and taken as it is
LEAD_IN_S = 0.3  # audio kept before the onset, so the first syllable is not clipped
Callback = Callable[[str, dict[str, Any]], Awaitable[None]]


def pcm16_samples(pcm: bytes) -> np.ndarray:
    """Float samples of little-endian 16-bit mono PCM; ``InputError`` for an odd byte count."""
    if len(pcm) % 2:
        raise InputError("an audio_chunk must hold whole 16-bit samples (an even number of bytes, PCM s16le mono)")
    return np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0


class Listener:
    """Endpointing and partial transcripts over one stream (one per WebSocket connection)."""

    def __init__(self, *, recognizer: Recognizer, settings: Any, on_event: Callback,
                 language: str | None = None) -> None:
        self._recognizer = recognizer
        self._voice = settings.voice
        self._language = language
        self._on_event = on_event
        self._pending = b""  # bytes not yet a whole frame
        self._frames = 0  # frames seen since the stream began (the stream's clock)
        self._lead: list[np.ndarray] = []
        self._utterance: list[np.ndarray] = []
        self._in_speech = False
        self._started_reported = False
        self._voiced_run = 0
        self._silent_run = 0
        self._onset_frame = 0
        self._last_partial_frames = 0
        self._partial_task: asyncio.Task | None = None
        self._early: asyncio.Task | None = None
        self.tasks: set[asyncio.Task] = set()

    @property
    def stream_s(self) -> float:
        """Seconds of audio received so far."""
        return self._frames * FRAME_S

    @property
    def in_speech(self) -> bool:
        return self._in_speech

    async def feed(self, pcm: bytes) -> None:
        """Take the next chunk of 16 kHz s16le mono PCM."""
        data = self._pending + pcm
        whole = len(data) - len(data) % (FRAME * 2)
        self._pending = data[whole:]
        for start in range(0, whole, FRAME * 2):
            await self._frame(data[start:start + FRAME * 2])

    async def end(self) -> None:
        """The speaker is done (push-to-talk released): take what was said as an utterance now."""
        if self._in_speech and self._utterance:
            await self._finish()

    async def _frame(self, frame: bytes) -> None:
        self._frames += 1
        samples = pcm16_samples(frame)
        voiced = self._recognizer.is_speech(frame, RATE)
        if not self._in_speech:
            self._lead.append(samples)
            self._lead = self._lead[-int(LEAD_IN_S / FRAME_S) - 3:]
            self._voiced_run = self._voiced_run + 1 if voiced else 0
            if self._voiced_run >= 2:  # two voiced frames in a row: speech, not a click
                self._in_speech = True
                self._onset_frame = self._frames - self._voiced_run
                self._utterance = list(self._lead)
                self._lead = []
                self._silent_run = 0
                self._started_reported = False
                self._last_partial_frames = self._frames
            return
        self._utterance.append(samples)
        if voiced:
            self._voiced_run += 1
            if self._silent_run:
                self._silent_run = 0
                self._cancel_early()
        else:
            self._silent_run += 1
        if not self._started_reported and (self._frames - self._onset_frame) * FRAME_S * 1000 >= self._voice.barge_in_ms:
            self._started_reported = True
            await self._on_event("speech_started", {"onset_s": round(self._onset_frame * FRAME_S, 3),
                                                    "stream_s": round(self.stream_s, 3)})
        silent_ms = self._silent_run * FRAME_S * 1000
        if silent_ms >= EARLY_DECODE_MS and self._early is None:
            self._early = self._spawn(self._decode(self._samples(), partial=False))
        if silent_ms >= self._voice.end_of_speech_ms or len(self._utterance) * FRAME_S >= MAX_UTTERANCE_S:
            await self._finish()
        elif self._voice.partials and self._silent_run == 0 and self._partial_task is None and \
                (self._frames - self._last_partial_frames) * FRAME_S >= PARTIAL_EVERY_S:
            self._last_partial_frames = self._frames
            self._partial_task = self._spawn(self._partial(self._samples()))

    def _samples(self) -> np.ndarray:
        return np.concatenate(self._utterance) if self._utterance else np.zeros(0, np.float32)

    async def _finish(self) -> None:
        samples = self._samples()
        end_s = (self._frames - self._silent_run) * FRAME_S
        self._in_speech = False
        self._utterance, self._voiced_run, self._silent_run = [], 0, 0
        if self._partial_task is not None:
            self._partial_task.cancel()
            self._partial_task = None
        early, self._early = self._early, None
        if early is not None:  # wait for the early decoding, so the turn finds its result kept
            await asyncio.gather(early, return_exceptions=True)
        await self._on_event("utterance", {"samples": samples, "onset_s": round(self._onset_frame * FRAME_S, 3),
                                           "end_s": round(end_s, 3), "stream_s": round(self.stream_s, 3),
                                           "decoded": early is not None})

    def _cancel_early(self) -> None:
        if self._early is not None:
            self._early.cancel()
            self._early = None

    def _spawn(self, work: Awaitable[Any]) -> asyncio.Task:
        task = asyncio.ensure_future(work)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    async def _decode(self, samples: np.ndarray, *, partial: bool) -> dict[str, Any] | None:
        try:
            return await asyncio.to_thread(self._recognizer.hear, samples, language=self._language, partial=partial)
        except Exception:  # silence or a recognizer failure: the turn reports it when it decodes
            return None

    async def _partial(self, samples: np.ndarray) -> None:
        started = time.perf_counter()
        try:
            heard = await self._decode(samples, partial=True)
            if heard and heard.get("text") and self._in_speech:
                await self._on_event("partial", {"text": heard["text"], "language": heard.get("language"),
                                                 "confidence": heard.get("confidence"),
                                                 "decode_s": round(time.perf_counter() - started, 3)})
        finally:
            self._partial_task = None

    async def close(self) -> None:
        for task in list(self.tasks):
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
