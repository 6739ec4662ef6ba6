"""Long uptime: 1,000 mixed turns through the server's own path, memory and open files measured.

    python -m bench.soak [--turns 1000] [--users 400] [--data-dir DIR]

The real product wiring (``agent.app.build.build_orchestrator``: embedded planner, ChromaDB
memory with the shared multilingual encoder, moderation) runs behind the XR API's session manager, as under
``serve``: each turn is a job on a session's event bus. The turns cycle through many users
(every user has their own memory collections, i.e. open index files) and a mix of dialogue,
pictures (each with a new random seed: the renderer's noise tables), 3D models, speech with
visemes, a Korean line and an input the moderation deflects.

Printed: the process's resident memory (RSS) and open files after warm-up ("start"), after
100 turns, then every 100, and the verdict against the targets: RSS after the last turn at
most 1.2 x RSS after 100; open files flat. New users keep arriving for the first 400 turns, then
come back. Open files rise and fall as the memory store opens users' collections (4 index files
each) and closes them past ``[memory] max_open_collections``, so "flat" compares the most open at
once (sampled every 10 turns) in the 100 turns after turn 100 and in the last 100: a leak, or
files kept per user, makes the last peak higher.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import tempfile
import time
from pathlib import Path

TARGET_RSS_RATIO = 1.2
OPEN_FILES_SLACK = 8  # files open for a moment (a turn's sqlite journal, an ffmpeg pipe)
SAMPLE_EVERY = 10
TURNS = (
    "hello, who are you?",
    "draw a {colour} castle on a hill at sunset",
    "what did I ask you to make before?",
    "make a {colour} wooden chair in 3D",
    "say 'welcome to the market, traveller'",
    "안녕하세요, 오늘 날씨가 좋네요",
    "paint a {colour} dragon flying over the sea",
    "I want to kill the boss in this game, any tips?",
    "tell me about the town",
    "thanks, goodbye",
)
COLOURS = ("red", "blue", "green", "golden", "purple", "white", "black", "orange")


def rss_mib() -> float:
    """Resident memory of this process now (not the peak), in MiB."""
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


async def soak(*, turns: int, users: int, data_dir: Path,
               samples: dict[int, int] | None = None) -> list[tuple[str, int, float, int, float]]:
    from agent.app.build import build_orchestrator
    from agent.config import Settings
    from ui.api.sessions import SessionManager

    settings = Settings(data_dir=data_dir)
    orchestrator = build_orchestrator(settings)
    manager = SessionManager(orchestrator=orchestrator, settings=settings, api=settings.api)
    sessions = [manager.create(key_id="soak", user=f"player{u}", persona="blacksmith" if u % 3 == 0 else None,
                               language=None, voice=False) for u in range(users)]
    rows: list[tuple[str, int, float, int, float]] = []
    started = time.perf_counter()
    failed = 0

    def measure(label: str, done: int) -> None:
        gc.collect()
        rows.append((label, done, rss_mib(), open_files(), time.perf_counter() - started))
        print(f"{label:>8} {done:6d} turns  RSS {rows[-1][2]:8.1f} MiB  open files {rows[-1][3]:4d}  "
              f"{rows[-1][4]:7.1f} s  ({failed} failed)", flush=True)

    async def one(index: int) -> None:
        nonlocal failed
        template = TURNS[index % len(TURNS)]
        text = template.format(colour=COLOURS[index % len(COLOURS)])
        job = manager.start_turn(sessions[index % users], text=text, audio=None, attachments=[])
        assert job.task is not None
        await job.task
        if job.status != "ok":
            failed += 1
            if failed <= 3:
                steps = {k: v.get("status") for k, v in job.steps.items()}
                print(f"  turn {index} {text!r} {job.status}: {job.error or steps}", flush=True)

    for index in range(len(TURNS)):  # warm-up: every kind of turn once (models loaded, caches made)
        await one(10_000 + index)
    measure("start", 0)
    for index in range(turns):
        await one(index)
        if samples is not None and (index + 1) % SAMPLE_EVERY == 0:
            samples[index + 1] = open_files()
        if index + 1 == 100 or (index + 1) % 100 == 0 or index + 1 == turns:
            measure("after", index + 1)
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=1000)
    parser.add_argument("--users", type=int, default=400)
    parser.add_argument("--data-dir", type=Path, default=None, help="default: a temporary directory")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="atelier-soak-") as tmp:
        data_dir = args.data_dir or Path(tmp)
        print(f"soak: {args.turns} mixed turns, {args.users} users, data in {data_dir}", flush=True)
        samples: dict[int, int] = {}
        rows = asyncio.run(soak(turns=args.turns, users=args.users, data_dir=data_dir, samples=samples))
    by_turns = {done: (rss, files) for _, done, rss, files, _ in rows}
    first = by_turns.get(100, by_turns[min(by_turns)])
    last = by_turns[max(by_turns)]
    ratio = last[0] / first[0]
    print()
    print(f"{'':12}{'turns':>7}{'RSS MiB':>10}{'open files':>12}")
    for label, done in (("start", 0), ("after 100", 100), ("end", max(by_turns))):
        if done in by_turns:
            print(f"{label:12}{done:7d}{by_turns[done][0]:10.1f}{by_turns[done][1]:12d}")
    print(f"RSS end / after 100: {ratio:.3f} (target <= {TARGET_RSS_RATIO})  "
          f"{'OK' if ratio <= TARGET_RSS_RATIO else 'OVER'}")
    end = max(samples, default=0)
    early_window = [d for d in samples if 100 < d <= 200] or sorted(samples)[:1]
    late_window = [d for d in samples if d > end - 100] or sorted(samples)[-1:]
    early = max((samples[d] for d in early_window), default=0)
    late = max((samples[d] for d in late_window), default=0)
    print(f"open files, most at once: turns {min(early_window, default=0)}-{max(early_window, default=0)}: {early}, "
          f"turns {min(late_window, default=0)}-{end}: {late} (target: flat, the last within {OPEN_FILES_SLACK} of "
          f"the first)  {'OK' if late <= early + OPEN_FILES_SLACK else 'GROWING'}")

if __name__ == "__main__":
    main()
