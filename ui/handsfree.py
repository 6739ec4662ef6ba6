"""Hands-free voice in the studio: Gradio's streaming microphone feeds the listener the
WebSocket uses (agent/listening.py: VAD endpointing, partial transcripts, the speech onset that
interrupts a reply), and each utterance runs as a push-to-talk turn would.

No Gradio here: :class:`LiveVoice` takes the microphone's chunks as ``(rate, samples)`` and a
``run_turn`` that yields the chat's redraws; the studio (ui/studio.py) wires both to components.
One ``LiveVoice`` per studio conversation with hands-free on.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any, AsyncIterator, Callable

import numpy as np

from agent.errors import InputError, PlanError
from agent.listening import RATE, Listener, Playback
from agent.voice import Recognizer
from ui.speech_queue import ReplyClips

# yields (chat messages, plan markdown, spoken reply path or None, each spoken sentence's WAV so far)
# as the turn goes (the turn adds its spoken sentences to the Playback: agent/listening.py)
TurnRunner = Callable[[str, "str | None", Playback], AsyncIterator[tuple[Any, str, "str | None", list[str]]]]


def recognizer_of(orchestrator: Any) -> Recognizer:
    """The installed ``transcribe`` tool's listening side (the same one the WebSocket uses)."""
    recognizer = orchestrator.registry.get("transcribe")  # PlanError naming the installed tools when missing
    if not isinstance(recognizer, Recognizer):
        raise PlanError("the installed transcribe tool cannot listen to a stream (no Recognizer side)")
    return recognizer


def pcm16_of(rate: int, samples: np.ndarray) -> bytes:
    """16 kHz s16le mono PCM of one microphone chunk (Gradio: int16, ``(n,)`` or ``(n, channels)``)."""
    data = np.asarray(samples)
    if data.ndim not in (1, 2):
        raise InputError(f"a microphone chunk must be mono or (samples, channels) audio, not shape {data.shape}")
    if not isinstance(rate, (int, np.integer)) or rate <= 0:
        raise InputError(f"a microphone chunk needs a positive sample rate, not {rate!r}")
    floats = data.astype(np.float32) / 32768.0 if np.issubdtype(data.dtype, np.integer) else data.astype(np.float32)
    if floats.ndim == 2:
        floats = floats.mean(axis=1)
    from tools.audio_io import Audio, resample

    audio = Audio(samples=np.clip(floats, -1.0, 1.0), rate=int(rate))
    return (resample(audio, RATE) if rate != RATE else audio).pcm16()


@dataclass
class Redraw:
    """What the page should change after a chunk; ``None``: leave that component as it is."""

    messages: Any = None
    plan: str | None = None
    spoken: str | None = None  # the whole reply's WAV once it is spoken (a player to replay it)
    speech: dict[str, Any] | None = None  # the page's sentence queue: the turn and its clips so far
    heard: str | None = None
    stop: bool = False  # barge-in: stop the reply playing now
    turns: int = 0  # turns hands-free has started in this conversation


class LiveVoice:
    """Hands-free listening of one studio conversation: utterances become turns, one at a time."""

    def __init__(self, *, recognizer: Recognizer, settings: Any, language: str | None, run_turn: TurnRunner,
                 utterance_dir: Path, turns: asyncio.Semaphore | None = None) -> None:
        self._listener = Listener(recognizer=recognizer, settings=settings, on_event=self._on_event,
                                  language=language)
        self._run_turn = run_turn
        self._dir = Path(utterance_dir)
        self._turns = turns or asyncio.Semaphore(1)
        self._queue: deque[tuple[np.ndarray, str | None]] = deque(maxlen=4)  # said while a turn runs
        self._task: asyncio.Task | None = None
        self._reply: Playback | None = None
        self._interrupted: str | None = None
        self._partial = ""
        self._shown_heard: str | None = None
        self._latest: tuple[Any, str, str | None] | None = None  # the running turn's newest redraw
        self._shown_spoken: str | None = None
        self._clips: ReplyClips | None = None  # the running turn's spoken sentences, as they come
        self._shown_clips = -1  # how many of them the page has (-1: not even the new turn)
        self._stop = False
        self.turns_started = 0
        self.barge_ins = 0

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done()

    async def feed(self, rate: int, samples: np.ndarray) -> Redraw:
        """Take one microphone chunk; returns what the page should redraw."""
        await self._listener.feed(pcm16_of(rate, samples))
        if not self.busy and self._queue:
            self._start(*self._queue.popleft())
        return self.redraw()

    def redraw(self) -> Redraw:
        out = Redraw(stop=self._stop, turns=self.turns_started)
        self._stop = False
        if self._latest is not None:
            out.messages, out.plan, spoken = self._latest
            self._latest = None
            reply = self._reply
            if spoken and spoken != self._shown_spoken and reply is not None and not reply.muted:
                out.spoken = self._shown_spoken = spoken
        clips, reply = self._clips, self._reply
        if clips is not None and len(clips.paths) != self._shown_clips and reply is not None and not reply.muted:
            self._shown_clips = len(clips.paths)  # each sentence goes to the page's queue once it is ready
            out.speech = clips.page_value()
            if clips.paths:  # they reach the page now: the reply's clock (barge-in cuts by it) knows
                reply.reached(len(clips.paths), time.time())
        heard = self._partial
        if heard != self._shown_heard:
            out.heard = self._shown_heard = heard
        return out

    async def _on_event(self, kind: str, data: dict[str, Any]) -> None:
        if kind == "speech_started":
            onset = time.time() - max(0.0, self._listener.stream_s - data["onset_s"])
            reply = self._reply
            if reply is not None and reply.playing(onset, more_coming=self.busy):  # barge-in: it stops,
                self._interrupted = reply.cut(onset)["heard_text"] or "…"  # and the next turn knows where
                self._stop = True
                self.barge_ins += 1
        elif kind == "partial":
            self._partial = str(data.get("text") or "")
        elif kind == "utterance":
            self._partial = ""
            interrupted, self._interrupted = self._interrupted, None
            if self.busy:
                self._queue.append((data["samples"], interrupted))
            else:
                self._start(data["samples"], interrupted)

    def _start(self, samples: np.ndarray, interrupted: str | None) -> None:
        from tools.audio_io import Audio, write_wav

        self._dir.mkdir(parents=True, exist_ok=True)
        path = write_wav(self._dir / f"said-{time.time_ns()}.wav", Audio(samples=samples, rate=RATE))
        self._reply = Playback()
        self._clips, self._shown_clips = ReplyClips(), -1  # the page's queue drops the previous reply
        self._shown_spoken = None
        self.turns_started += 1
        self._task = asyncio.ensure_future(self._turn(str(path), interrupted, self._reply))

    async def _turn(self, path: str, interrupted: str | None, reply: Playback) -> None:
        clips = self._clips
        try:
            async with self._turns:
                async for messages, plan, spoken, sentences in self._run_turn(path, interrupted, reply):
                    self._latest = (messages, plan, spoken)
                    if clips is not None:
                        clips.paths[:] = sentences
        finally:
            Path(path).unlink(missing_ok=True)  # the turn stored its own copy in the session

    async def close(self) -> None:
        await self._listener.close()
        if self._task is not None and not self._task.done():
            await asyncio.gather(self._task, return_exceptions=True)  # a turn under way still finishes
