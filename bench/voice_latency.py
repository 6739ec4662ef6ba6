"""Latency of a streamed voice turn over the real WebSocket (part of ``python -m bench.voice``).

A client streams eSpeak NG speech at real-time pace to a live server (uvicorn on loopback, the
product's wiring, embedded profile, memory off, voice session) and times, per turn:
- end of speech (the last voiced sample sent) -> the reply's first ``audio`` event (a no-tool turn);
- barge-in: the onset of the user's speech over a playing reply -> ``interrupted`` received.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

LINES = ("Hello there, how are you today?", "Tell me about your forge.", "What do you sell here?",
         "Good morning, blacksmith.")
CHUNK_S = 0.02


def _speech(text: str):
    from tools.audio_io import resample
    from tools.speech.synthesis import EmbeddedSpeech, join, synthesize_sentences

    audio, _ = join(list(synthesize_sentences(text, backend=EmbeddedSpeech.for_request(language="en"))))
    return resample(audio, 16000)


async def _stream(ws, samples: np.ndarray) -> float:
    """Send ``samples`` paced in real time; returns the wall time the last sample was sent."""
    step = int(16000 * CHUNK_S)
    start = time.perf_counter()
    for index in range(0, len(samples), step):
        piece = (np.clip(samples[index:index + step], -1, 1) * 32767).astype("<i2").tobytes()
        await ws.send(piece)
        delay = start + (index + step) / 16000 - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
    return time.perf_counter()


async def _measure(url: str, key: str, runs: int, settings) -> tuple[list[float], list[float], list[float]]:
    import httpx
    import websockets

    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {key}"}) as http:
        sid = (await http.post("/v1/sessions", json={"persona": "blacksmith", "voice": True,
                                                      "language": "en"})).json()["id"]
    lead = np.zeros(int(0.3 * 16000), np.float32)
    tail = np.zeros(int((settings.voice.end_of_speech_ms / 1000 + 1.0) * 16000), np.float32)
    first_audio, barge, server_stop = [], [], []
    uri = url.replace("http", "ws") + f"/v1/sessions/{sid}/events"
    async with websockets.connect(uri, additional_headers={"Authorization": f"Bearer {key}"}, max_size=None) as ws:
        await ws.recv()
        for run in range(runs):
            speech = _speech(LINES[run % len(LINES)])
            events: list[tuple[float, dict]] = []
            reader = asyncio.create_task(_read(ws, events))
            spoken_end = await _stream(ws, np.concatenate([lead, speech.samples]))
            tail_task = asyncio.create_task(_stream(ws, tail))
            while not any(e["type"] == "audio" and t > spoken_end for t, e in events):
                await asyncio.sleep(0.005)
            first_audio.append(next(t for t, e in events if e["type"] == "audio" and t > spoken_end) - spoken_end)
            await tail_task
            # barge-in: speak over the reply while it plays
            onset = time.perf_counter() + lead.size / 16000
            await _stream(ws, np.concatenate([lead, _speech("Wait a moment.").samples]))
            deadline = time.perf_counter() + 10
            while not any(e["type"] == "interrupted" for _, e in events) and time.perf_counter() < deadline:
                await asyncio.sleep(0.005)
            cut = [(t, e) for t, e in events if e["type"] == "interrupted" and t > onset]
            if cut:
                barge.append(cut[0][0] - onset)
                server_stop.append(cut[0][1]["stop_latency_s"])
            await _stream(ws, tail)
            while sum(e["type"] == "turn_done" for _, e in events) < 2:  # the line's turn and the "wait" turn
                await asyncio.sleep(0.02)
            playing = sum(e.get("duration_s", 0.0) for _, e in events if e["type"] == "audio"
                          and e.get("job_id") == [e for _, e in events if e["type"] == "turn_done"][-1]["job_id"])
            await asyncio.sleep(playing + 0.5)  # the "wait" reply plays out before the next line
            reader.cancel()
    return first_audio, barge, server_stop


async def _read(ws, events: list) -> None:
    while True:
        events.append((time.perf_counter(), json.loads(await ws.recv())))


def report(*, runs: int = 12) -> str:
    from agent.app.build import build_orchestrator
    from agent.config import Settings
    from agent.voice import warm_up
    from tests.api_helpers import live_server
    from ui.api.app import create_app
    from ui.api.keys import KeyStore

    with tempfile.TemporaryDirectory(prefix="atelier-voice-bench-") as scratch:
        settings = Settings(data_dir=Path(scratch), memory={"enabled": False})
        orchestrator = build_orchestrator(settings)
        asyncio.run(warm_up(orchestrator.registry, settings=settings))
        orchestrator.registry.get("transcribe").hear(_speech("Hello.").samples)  # load the recognizer
        if hasattr(orchestrator.planner, "warm_up"):  # as the studio and `serve` do before the first request
            orchestrator.planner.warm_up()
        keys = KeyStore.for_data_dir(settings.data_dir)
        key, _ = keys.create(name="bench")
        with live_server(create_app(settings=settings, orchestrator=orchestrator, keys=keys)) as url:
            first_audio, barge, server_stop = asyncio.run(_measure(url, key, runs, settings))
    ms = lambda values: f"{1000 * statistics.median(values):.0f} ms" if values else "n/a"  # noqa: E731
    rows = [
        ("end of speech -> first reply audio, p50 (no-tool turn)", ms(first_audio), "<= 500 ms",
         f"{len(first_audio)} turns; includes the {settings.voice.end_of_speech_ms} ms end-of-speech wait"),
        ("  p90", ms(sorted(first_audio)[int(0.9 * (len(first_audio) - 1)):]), "", ""),
        ("barge-in: speech onset -> interrupted at the client, p50", ms(barge), "<= 150 ms",
         f"{len(barge)} of {runs}; needs {settings.voice.barge_in_ms} ms of speech"),
        ("  same, measured by the server", ms(server_stop), "", ""),
    ]
    width = max(len(r[0]) for r in rows)
    return "\n".join([f"{'Streamed voice turn (WebSocket, real-time pace)':<{width}}  value     target     note",
                      *(f"{a:<{width}}  {b:<8}  {c:<9}  {d}" for a, b, c, d in rows)])


if __name__ == "__main__":
    print(report())
