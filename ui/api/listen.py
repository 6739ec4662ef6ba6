"""Streamed voice on the session WebSocket: ``audio_chunk`` frames in, partial/final transcripts,
turns and barge-in out (protocol v1, ui/api/protocol.py).

One :class:`VoiceStream` per connection feeds an ``agent.listening.Listener`` (VAD endpointing
by the installed ``transcribe`` tool). Each utterance becomes an audio artifact of the session
and a turn (the turn transcribes it, plans, answers and speaks: agent/voice.py); user speech
while the session's reply is playing interrupts it (``interrupted``), and the next turn's
responder is told what the user heard of the cut reply.
"""

from __future__ import annotations

import base64
import binascii
import time
from typing import Any

import numpy as np

from agent.errors import InputError, PlanError
from agent.listening import Listener, pcm16_samples
from agent.voice import Recognizer


class VoiceStream:
    """The listening side of one WebSocket connection."""

    def __init__(self, *, manager: Any, session: Any) -> None:
        registry = manager.orchestrator.registry
        recognizer = registry.get("transcribe")  # PlanError naming the installed tools when missing
        if not isinstance(recognizer, Recognizer):
            raise PlanError("the installed transcribe tool cannot listen to a stream (no Recognizer side)")
        self._manager = manager
        self._session = session
        self._started_wall = None
        self._listener = Listener(recognizer=recognizer, settings=manager.settings, on_event=self._on_event,
                                  language=session.language)
        self._interrupted: str | None = None
        self.turns: list[Any] = []

    async def chunk(self, pcm: bytes, *, sample_rate: int = 16000) -> None:
        """Take PCM s16le mono at ``sample_rate`` (resampled to 16 kHz)."""
        if not pcm:
            return
        pcm16_samples(pcm[:2] if len(pcm) % 2 == 0 else pcm)  # an odd byte count: InputError
        if sample_rate != 16000:
            pcm = _resampled(pcm, sample_rate)
        if self._started_wall is None:
            self._started_wall = time.time()
        await self._listener.feed(pcm)

    async def chunk_base64(self, data: str, *, sample_rate: int) -> None:
        try:
            pcm = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            raise InputError("audio_chunk.data is not base64; send base64 of 16-bit little-endian mono PCM") from None
        await self.chunk(pcm, sample_rate=sample_rate)

    async def end(self) -> None:
        await self._listener.end()

    async def close(self) -> None:
        await self._listener.close()

    def _wall(self, stream_s: float) -> float:
        """Wall time of a stream instant (the client streams in real time)."""
        now = time.time()
        return now - max(0.0, self._listener.stream_s - stream_s)

    async def _on_event(self, kind: str, data: dict[str, Any]) -> None:
        manager, session = self._manager, self._session
        if kind == "speech_started":
            cut = manager.interrupt(session, onset_wall=self._wall(data["onset_s"]))  # first: stop the reply
            if cut is not None:
                self._interrupted = cut["heard_text"] or "…"
            manager.publish(session, "speech_started", onset_s=data["onset_s"])
        elif kind == "partial":
            manager.publish(session, "transcript", text=data["text"], final=False, confidence=data.get("confidence"),
                            language=data.get("language"))
        elif kind == "utterance":
            from tools.audio_io import Audio, write_wav

            store = manager.store(session)
            path = write_wav(store.new_path(".wav", stem="stream"), Audio(samples=data["samples"], rate=16000))
            recording = store.add(path, kind="audio", meta={"upload": True, "source": "stream",
                                                             "onset_s": data["onset_s"], "end_s": data["end_s"]})
            interrupted, self._interrupted = self._interrupted, None
            self.turns.append(manager.start_turn(session, text=None, audio=recording.id, attachments=[],
                                                 interrupted=interrupted))


def _resampled(pcm: bytes, rate: int) -> bytes:
    from tools.audio_io import Audio, resample

    return resample(Audio(samples=pcm16_samples(pcm), rate=rate), 16000).pcm16()
