"""Hands-free listening: a live 16 kHz PCM stream cut into utterances by voice activity (DESIGN.md section 12).

A :class:`Listener` takes the stream in chunks of any size (:meth:`Listener.feed`), classifies
30 ms frames with the installed recognizer's VAD (``agent.voice.Recognizer``, the ``transcribe``
tool) and calls back:

- ``speech_started`` once ``voice.barge_in_ms`` of speech has come (the moment a reply being
  played is interrupted), with ``onset_s``, the stream time speech began;
- ``partial`` transcripts of the utterance so far, at most one decoding at a time (``voice.partials``);
- ``utterance`` when ``voice.end_of_speech_ms`` of silence follows speech (or :meth:`Listener.end`
  is called: push-to-talk released), with the samples, ready to be a turn's recording. Sooner
  when the words end a sentence: after ``voice.sentence_end_ms`` of silence the utterance is
  decoded, and a transcript ending in ``. ? !`` (Whisper punctuates) ends it as soon as it is
  known; "make a table and..." still waits the full ``end_of_speech_ms``.

The final decoding starts early, after that short pause, and its result is kept by the
recognizer: when the pause turns out to be the end, the utterance is exactly the audio decoded
early (what followed was silence), so the turn it starts finds the result ready, or waits for
the decoding under way, instead of decoding again after the end-of-speech wait. The utterance is
handed over at once; nothing here waits for a decoding. Nothing here imports a tool: the
recognizer is injected.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable

import numpy as np

from agent.errors import InputError
from agent.voice import Recognizer

RATE = 16000
FRAME = 480  # 30 ms at 16 kHz, one VAD decision
FRAME_S = FRAME / RATE
SENTENCE_END = ".?!。？！"  # a transcript ending in one of these is a finished thought...
DANGLING = frozenset("a an the and or but to of with for my your his her their some from into than"  # ...unless
                     .split())  # its last word needs more: Whisper punctuates a cut-off "make me a." too
PARTIAL_EVERY_S = 1.2  # new speech between two partial transcripts (each decoding holds the recognizer)
MAX_UTTERANCE_S = 30.0  # a longer utterance is cut here and taken as it is
LEAD_IN_S = 0.3  # audio kept before the onset, so the first syllable is not clipped
Callback = Callable[[str, dict[str, Any]], Awaitable[None]]


def pcm16_samples(pcm: bytes) -> np.ndarray:
    """Float samples of little-endian 16-bit mono PCM; ``InputError`` for an odd byte count."""
    if len(pcm) % 2:
        raise InputError("an audio_chunk must hold whole 16-bit samples (an even number of bytes, PCM s16le mono)")
    return np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0


@dataclass
class Playback:
    """A spoken reply as the client plays it: when its first audio went out and each sentence's
    (offset, duration, words), so that barge-in cuts it the same way for every client (the API's
    jobs, the studio's hands-free mode). The sentences of a reply play one after another."""

    started_at: float | None = None  # wall time the first audio was sent
    sentences: list[tuple[float, float, str]] = field(default_factory=list)
    muted: bool = False  # the user spoke over it: no more of it is sent
    reached_client: int = 0  # sentences known to have reached the client (:meth:`reached`)

    def begin(self, now: float) -> None:
        """Its first audio reached the client now (later calls change nothing)."""
        if self.started_at is None:
            self.started_at = now

    def reached(self, count: int, now: float) -> None:
        """The first ``count`` sentences have reached the client by ``now``. The client plays each as
        soon as it has it and the one before has played through, so a sentence that came after that
        starts late, and so does everything after it: the clock moves them (a client that gets every
        sentence at once need not call this)."""
        self.begin(now)
        assert self.started_at is not None
        for index in range(self.reached_client, min(count, len(self.sentences))):
            late = now - (self.started_at + self.sentences[index][0])
            if late > 0:
                self.sentences[index:] = [(offset + late, duration, words)
                                          for offset, duration, words in self.sentences[index:]]
        self.reached_client = max(self.reached_client, min(count, len(self.sentences)))

    def add(self, duration_s: float, words: str) -> None:
        self.sentences.append((self.length_s, max(0.0, float(duration_s)), words))

    @property
    def length_s(self) -> float:
        return max((offset + duration for offset, duration, _ in self.sentences), default=0.0)

    def playing(self, now: float, *, more_coming: bool) -> bool:
        """Still being heard: audio sent and not yet played through, or more of it coming."""
        if self.started_at is None or self.muted:
            return False
        return more_coming or now < self.started_at + self.length_s

    def cut(self, onset_wall: float) -> dict[str, Any]:
        """Stop it where the user began to speak: ``played_s``, ``spoken_s`` (all sent) and
        ``heard_text``, the sentences that had begun playing."""
        self.muted = True
        played = max(0.0, min(self.length_s, onset_wall - (self.started_at or onset_wall)))
        heard = " ".join(words for offset, _, words in self.sentences if offset <= played and words)
        return {"played_s": round(played, 3), "spoken_s": round(self.length_s, 3), "heard_text": heard}


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
        self._early_samples: np.ndarray | None = None  # what the early decoding hears
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
        if silent_ms >= min(self._voice.sentence_end_ms, self._voice.end_of_speech_ms) and self._early is None:
            self._early_samples = self._samples()
            self._early = self._spawn(self._decode_early(self._early_samples))
        if silent_ms >= self._voice.end_of_speech_ms or len(self._utterance) * FRAME_S >= MAX_UTTERANCE_S:
            await self._finish()
        elif self._voice.partials and self._silent_run == 0 and self._partial_task is None and \
                (self._frames - self._last_partial_frames) * FRAME_S >= PARTIAL_EVERY_S:
            self._last_partial_frames = self._frames
            self._partial_task = self._spawn(self._partial(self._samples()))

    def _samples(self) -> np.ndarray:
        return np.concatenate(self._utterance) if self._utterance else np.zeros(0, np.float32)

    async def _finish(self, *, early: bool = False) -> None:
        early = early or self._early is not None
        self._early = None
        # decoded early: the same samples (only silence came since), so the turn finds the result
        samples = self._early_samples if early and self._early_samples is not None else self._samples()
        end_s = (self._frames - self._silent_run) * FRAME_S
        self._in_speech = False
        self._utterance, self._voiced_run, self._silent_run = [], 0, 0
        self._early_samples = None
        if self._partial_task is not None:
            self._partial_task.cancel()
            self._partial_task = None
        await self._on_event("utterance", {"samples": samples, "onset_s": round(self._onset_frame * FRAME_S, 3),
                                           "end_s": round(end_s, 3), "stream_s": round(self.stream_s, 3),
                                           "decoded": early})

    def _cancel_early(self) -> None:
        if self._early is not None:
            self._early.cancel()  # its thread runs on; the result is kept but never asked for
            self._early = None
            self._early_samples = None

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

    async def _decode_early(self, samples: np.ndarray) -> dict[str, Any] | None:
        """The final decoding, started at the first pause; ends the utterance now when its words end
        a sentence and no speech came since (the pause was the end)."""
        heard = await self._decode(samples, partial=False)
        text = str((heard or {}).get("text") or "").rstrip(" \"'”’)")
        still_paused = self._in_speech and self._early_samples is samples and self._silent_run > 0
        last = text.rstrip(SENTENCE_END).split()[-1].lower() if text.rstrip(SENTENCE_END).split() else ""
        finished = text and text[-1] in SENTENCE_END and not text.endswith(("...", "…")) and last not in DANGLING
        if still_paused and finished and self._voice.sentence_end_ms < self._voice.end_of_speech_ms:
            self._early = None  # this task, done: the utterance is the samples it decoded
            await self._finish(early=True)
        return heard

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
