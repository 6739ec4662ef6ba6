"""Latency of a streamed voice turn over the real WebSocket (part of ``python -m bench.voice``).

    python -m bench.voice_latency [--runs N]

A client streams eSpeak NG speech at real-time pace to a live server (uvicorn on loopback, the
product's wiring, embedded profile, memory off, voice session) from one continuous "microphone"
(silence between the lines, as a live one sends), and times, per turn:
- end of speech (the last voiced sample sent) -> the reply's first ``audio`` event (a no-tool turn),
  split into stages: the end-of-speech wait and hand-off to the turn (VAD hangover), the final
  decoding, input moderation, memory recall, planning, writing the reply, moderating it, the first
  sentence's speech, and delivering the event (the turn's ``turn_done.stages`` and event times);
- barge-in: the onset of the user's speech over a playing reply -> ``interrupted`` received.

The machine is shared: the load average before and after is printed with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import tempfile
import time
from collections import deque
from pathlib import Path

import numpy as np

LINES = ("Hello there, how are you today?", "Tell me about your forge.", "What do you sell here?",
         "Good morning, blacksmith.")
CHUNK_S = 0.02
STAGES = (  # (label, how to compute it from one turn's timings)
    ("end of speech -> turn start (pause, early decoding, hand-off)", "endpoint"),
    ("final decoding in the turn (ASR not done early)", "asr"),
    ("input moderation", "moderation"),
    ("memory recall", "recall"),
    ("planning", "plan"),
    ("running the (empty) plan", "run"),
    ("writing the reply", "reply"),
    ("moderating the reply", "reply_moderation"),
    ("first sentence's speech (TTS)", "tts"),
    ("event delivery to the client", "delivery"),
)


def _speech(text: str) -> np.ndarray:
    from tools.audio_io import resample
    from tools.speech.synthesis import EmbeddedSpeech, join, synthesize_sentences

    audio, _ = join(list(synthesize_sentences(text, backend=EmbeddedSpeech.for_request(language="en"))))
    return resample(audio, 16000).samples


class Microphone:
    """Sends queued speech, and silence in between, at real-time pace in 20 ms chunks."""

    def __init__(self, ws) -> None:
        self._ws = ws
        self._queue: deque[tuple[np.ndarray, asyncio.Future]] = deque()

    def say(self, samples: np.ndarray) -> "asyncio.Future[tuple[float, float]]":
        """Queue ``samples``; the future gives the wall times (time.time) their first and last sample went out."""
        done: asyncio.Future = asyncio.get_running_loop().create_future()
        self._queue.append((samples, done))
        return done

    async def run(self) -> None:
        step = int(16000 * CHUNK_S)
        silence = np.zeros(step, np.float32)
        start, sent = time.perf_counter(), 0
        while True:
            if self._queue:
                samples, done = self._queue.popleft()
                first = time.time()
                for index in range(0, len(samples), step):
                    await self._send(samples[index:index + step])
                    sent += step
                    await _pace(start, sent)
                done.set_result((first, time.time()))
            else:
                await self._send(silence)
                sent += step
                await _pace(start, sent)

    async def _send(self, piece: np.ndarray) -> None:
        await self._ws.send((np.clip(piece, -1, 1) * 32767).astype("<i2").tobytes())


async def _pace(start: float, sent: int) -> None:
    await asyncio.sleep(max(0.0, start + sent / 16000 - time.perf_counter()))


async def _read(ws, events: list) -> None:
    while True:
        message = await ws.recv()
        events.append((time.time(), json.loads(message)))  # the time it came, not the time it was awaited


async def _until(events: list, test, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [(t, e) for t, e in events if test(e)]
        if found:
            return found[0]
        await asyncio.sleep(0.005)
    raise TimeoutError("the server did not answer in time")


def _onset_s(samples: np.ndarray) -> float:
    """Seconds of silence before the speech in ``samples``."""
    loud = np.flatnonzero(np.abs(samples) > 0.02)
    return float(loud[0]) / 16000 if loud.size else 0.0


def _trailing_s(samples: np.ndarray) -> float:
    """Seconds of silence after the speech in ``samples``."""
    loud = np.flatnonzero(np.abs(samples) > 0.02)
    return float(samples.size - 1 - loud[-1]) / 16000 if loud.size else 0.0


def _stages(spoken_end: float, events: list, job_id: str) -> dict[str, float]:
    """One turn's time from end of speech to its first audio event, by stage (seconds)."""
    mine = [(t, e) for t, e in events if e.get("job_id") == job_id]
    heard = next(e for _, e in mine if e["type"] == "transcript" and e.get("final"))
    received, audio = next((t, e) for t, e in mine if e["type"] == "audio")
    marks = next(e for _, e in mine if e["type"] == "turn_done").get("stages") or {}
    started = min(e["ts"] - e["at"] for _, e in mine if e.get("at") is not None)  # the wall time the turn began
    mark = lambda name, before: marks.get(name, before)  # noqa: E731 - a stage the turn skipped took no time
    heard_at = mark("heard", 0.0)
    moderated = mark("moderated", heard_at)
    recalled = mark("recalled", moderated)
    planned = mark("planned", recalled)
    reply_start = mark("reply_start", planned)
    written = mark("reply_written", reply_start)
    checked = mark("reply_checked", written)
    return {"endpoint": started - spoken_end, "asr": heard_at, "moderation": moderated - heard_at,
            "recall": recalled - moderated, "plan": planned - recalled, "run": reply_start - planned,
            "reply": written - reply_start, "reply_moderation": checked - written,
            "tts": audio["at"] - checked, "delivery": received - (started + audio["at"]),
            "total": received - spoken_end}


async def _measure(url: str, key: str, runs: int) -> tuple[list[dict[str, float]], list[float], list[float]]:
    import httpx
    import websockets

    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {key}"}) as http:
        sid = (await http.post("/v1/sessions", json={"persona": "blacksmith", "voice": True,
                                                      "language": "en"})).json()["id"]
    turns, barge, server_stop = [], [], []
    spoken = {text: _speech(text) for text in (*LINES, "Wait a moment.")}
    uri = url.replace("http", "ws") + f"/v1/sessions/{sid}/events"
    async with websockets.connect(uri, additional_headers={"Authorization": f"Bearer {key}"}, max_size=None) as ws:
        await ws.recv()
        events: list[tuple[float, dict]] = []
        reader = asyncio.create_task(_read(ws, events))
        mic = Microphone(ws)
        sender = asyncio.create_task(mic.run())
        try:
            await asyncio.sleep(0.5)
            for run in range(runs):
                events.clear()
                line = spoken[LINES[run % len(LINES)]]
                _, sent_end = await mic.say(line)
                spoken_end = sent_end - _trailing_s(line)  # the last voiced sample, not eSpeak's tail
                _, first = await _until(events, lambda e: e["type"] == "audio")
                # barge-in: the user speaks over the reply while it plays
                await asyncio.sleep(0.2)
                sent, _ = await mic.say(spoken["Wait a moment."])
                onset = sent + _onset_s(spoken["Wait a moment."])  # eSpeak starts with a little silence
                cut = await _until(events, lambda e: e["type"] == "interrupted", timeout=10)
                barge.append(cut[0] - onset)
                server_stop.append(cut[1]["stop_latency_s"])
                await _until(events, lambda e: e["type"] == "turn_done" and e["job_id"] == first["job_id"])
                turns.append(_stages(spoken_end, events, first["job_id"]))
                if os.environ.get("VOICE_BENCH_TRACE"):
                    for t, e in events:
                        print(f"{t - spoken_end:+.3f} {e['type']} at={e.get('at')} ts={e['ts'] - spoken_end:+.3f} "
                              f"{e.get('text', '')!r:.60} {e.get('stages', '')} {e.get('job_id')}")
                later = await _until(events, lambda e: e["type"] == "turn_done" and e["job_id"] != first["job_id"])
                playing = sum(e.get("duration_s", 0.0) for _, e in events
                              if e["type"] == "audio" and e.get("job_id") == later[1]["job_id"])
                await asyncio.sleep(playing + 0.5)  # the "wait" reply plays out before the next line
        finally:
            sender.cancel()
            reader.cancel()
    return turns, barge, server_stop


def report(*, runs: int = 12) -> str:
    from agent.app.build import build_orchestrator
    from agent.config import Settings
    from agent.app.warm import warm_up
    from tests.api_helpers import live_server
    from ui.api.app import create_app
    from ui.api.keys import KeyStore

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="atelier-voice-bench-") as scratch:
        settings = Settings(data_dir=Path(scratch), memory={"enabled": False})
        orchestrator = build_orchestrator(settings)
        warm_up(orchestrator)  # as the studio and `serve` do before the first request
        keys = KeyStore.for_data_dir(settings.data_dir)
        key, _ = keys.create(name="bench")
        with live_server(create_app(settings=settings, orchestrator=orchestrator, keys=keys)) as url:
            turns, barge, server_stop = asyncio.run(_measure(url, key, runs))
    load_after = os.getloadavg()[0]
    ms = lambda values: f"{1000 * statistics.median(values):.0f} ms" if values else "n/a"  # noqa: E731
    total = [t["total"] for t in turns]
    rows = [
        ("end of speech -> first reply audio, p50 (no-tool turn)", ms(total), "<= 500 ms",
         f"{len(total)} turns; end_of_speech_ms = {settings.voice.end_of_speech_ms}"),
        ("  p90", ms(sorted(total)[int(0.9 * (len(total) - 1)):]), "", ""),
        *((f"  {label}, p50", ms([t[key] for t in turns]), "", "") for label, key in STAGES),
        ("barge-in: speech onset -> interrupted at the client, p50", ms(barge), "<= 150 ms",
         f"{len(barge)} of {runs}; needs {settings.voice.barge_in_ms} ms of speech"),
        ("  same, measured by the server", ms(server_stop), "", ""),
    ]
    width = max(len(r[0]) for r in rows)
    return "\n".join([f"{'Streamed voice turn (WebSocket, real-time pace)':<{width}}  value     target     note",
                      *(f"{a:<{width}}  {b:<8}  {c:<9}  {d}" for a, b, c, d in rows),
                      f"load average (1 min) before / after: {load_before:.2f} / {load_after:.2f} "
                      f"on {os.cpu_count()} cores"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=12, help="turns measured")
    print(report(runs=parser.parse_args(argv).runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
