"""Speech, transcription and talking-head speed against the issue's targets (medians of N runs).

    python -m bench.speech [--runs N]

- eSpeak NG real-time factor (synthesis seconds / audio seconds) on a three-sentence reply
- first audio of a three-sentence reply: time until the first sentence's samples are ready
- PocketSphinx real-time factor, decode + VAD + recognition of a ~5 s WAV
- a 5 s talking-head MP4 (drawn face, H.264 + AAC) plus its viseme JSON and GLB head, end to end
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

REPLY = ("Welcome to the forge, traveler. The fire is warm and the steel is ready. "
         "Tell me what you need, and I will make it.")
FIVE_SECONDS = "Good morning. The weather is nice today, and the market opens at nine. Come and see the new swords."


def _median(values: list[float]) -> float:
    return statistics.median(values)


def bench_espeak(runs: int) -> tuple[float, float, float]:
    from tools.speech.synthesis import EmbeddedSpeech, join, synthesize_sentences

    cold_start = time.perf_counter()
    backend = EmbeddedSpeech.for_request(language="en")
    first = next(iter(synthesize_sentences(REPLY, backend=backend)))
    cold_first = time.perf_counter() - cold_start
    del first
    rtf, first_audio = [], []
    for _ in range(runs):
        started = time.perf_counter()
        backend = EmbeddedSpeech.for_request(language="en")
        stream = synthesize_sentences(REPLY, backend=backend)
        next(stream)
        first_audio.append(time.perf_counter() - started)
        started = time.perf_counter()
        audio, _ = join(list(synthesize_sentences(REPLY, backend=backend)))
        rtf.append((time.perf_counter() - started) / audio.seconds)
    return _median(rtf), _median(first_audio), cold_first


def bench_pocketsphinx(runs: int, workdir: Path) -> tuple[float, float]:
    from tools.audio_io import decode, trim_silence, write_wav
    from tools.speech.synthesis import EmbeddedSpeech, join, synthesize_sentences
    from tools.transcribe.sphinx import SphinxRecognizer

    audio, _ = join(list(synthesize_sentences(FIVE_SECONDS, backend=EmbeddedSpeech.for_request(language="en", voice="f2"))))
    wav = write_wav(workdir / "five.wav", audio)
    recognizer = SphinxRecognizer()
    factors = []
    for _ in range(runs):
        started = time.perf_counter()
        speech, _ = trim_silence(decode(wav))
        recognizer.transcribe(speech)
        factors.append((time.perf_counter() - started) / audio.seconds)
    return _median(factors), audio.seconds


def bench_avatar(runs: int, workdir: Path) -> tuple[float, float]:
    from agent.config import Settings
    from agent.executor import Executor
    from agent.registry import ToolRegistry
    from agent.store import ArtifactStore
    from agent.types import Plan
    from tools.avatar import AvatarTool

    settings = Settings(data_dir=workdir / "data")
    registry = ToolRegistry(settings=settings)
    registry.register(AvatarTool)
    executor = Executor(registry=registry, settings=settings)
    store = ArtifactStore(data_dir=settings.data_dir, session_id="bench")
    plan = Plan(steps=[{"id": "s1", "tool": "avatar", "args": {"text": FIVE_SECONDS}}])

    async def once() -> tuple[float, float]:
        run = executor.start(plan, store=store, turn_id="t_bench")
        started = time.perf_counter()
        async for _ in run.events():
            pass
        elapsed = time.perf_counter() - started
        outcome = run.outcomes["s1"]
        if outcome.status != "ok":
            raise RuntimeError(outcome.error)
        return elapsed, float(outcome.artifacts[0].meta["duration_s"])

    times, duration = [], 0.0
    for _ in range(runs):
        elapsed, duration = asyncio.run(once())
        times.append(elapsed)
    return _median(times), duration


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        rtf, first_audio, cold_first = bench_espeak(args.runs)
        sphinx_rtf, sphinx_audio_s = bench_pocketsphinx(args.runs, workdir)
        avatar_s, avatar_audio_s = bench_avatar(args.runs, workdir)
    rows = [
        ("eSpeak NG real-time factor (3-sentence reply)", f"{rtf:.4f}", "<= 0.05", rtf <= 0.05),
        ("first audio of a 3-sentence reply (warm)", f"{first_audio * 1000:.1f} ms", "<= 150 ms", first_audio <= 0.15),
        ("first audio, cold (engine load included)", f"{cold_first * 1000:.1f} ms", "-", None),
        (f"PocketSphinx real-time factor ({sphinx_audio_s:.1f} s WAV)", f"{sphinx_rtf:.3f}", "<= 0.5", sphinx_rtf <= 0.5),
        (f"talking head MP4 + visemes + GLB ({avatar_audio_s:.1f} s clip)", f"{avatar_s:.2f} s", "<= 3 s (5 s clip)",
         avatar_s <= 3.0),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"speech benchmarks, median of {args.runs} runs")
    print(f"{'measure':<{width}}  {'median':>12}  {'target':>18}  ok")
    for name, value, target, ok in rows:
        print(f"{name:<{width}}  {value:>12}  {target:>18}  {'-' if ok is None else ('yes' if ok else 'NO')}")


if __name__ == "__main__":
    main()
