"""A scene of three personas: how soon the first speaker is heard after the user's line (issue 20's
target: first audio <= 300 ms with the embedded responder), and how long the whole scene turn takes.

The product's wiring (``agent.app.build.build_orchestrator``: MiniLM planner, ChromaDB memory in a
scratch data dir, the embedded moderation guard, the persona responder, eSpeak NG voices), warmed
up the way the studio and the API server warm up (one turn first), then each user line of the
script (named, "everyone", unnamed; English and Korean) is said ``--runs`` times in a voiced scene
of the blacksmith, the station AI and the museum guide.

    python -m bench.scene [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_MS = 300.0
CAST = ["blacksmith", "station-ai", "museum-guide"]
LINES = (
    "Bram, how long does a sword take?",
    "HALCYON, how high does the station orbit?",
    "hello everyone!",
    "where does the best iron come from?",
    "하늘 선생님, 티라노사우루스는 언제 살았어요?",
    "여러분 안녕하세요!",
)


async def one_line(orchestrator: Any, scene: Any, text: str, session: str) -> dict[str, float]:
    from agent.types import Request

    started = time.perf_counter()
    first_text = first_audio = None
    lines = 0
    async for event in orchestrator.scene_turn(Request(text=text, session_id=session, user_id="bench", voice=True),
                                               scene):
        now = (time.perf_counter() - started) * 1000
        if event.kind == "message" and event.data.get("stage") != "ack":
            lines += 1
            first_text = first_text if first_text is not None else now
        if event.kind == "audio" and first_audio is None:
            first_audio = now
    return {"text_ms": first_text or float("nan"), "audio_ms": first_audio or float("nan"),
            "total_ms": (time.perf_counter() - started) * 1000, "lines": lines}


def main(argv: list[str] | None = None) -> None:
    from agent.app.build import build_orchestrator
    from agent.config import load_settings
    from agent.scene import Scene

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="times each line is said")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="atelier-bench-scene-") as scratch:
        started = time.perf_counter()
        orchestrator = build_orchestrator(load_settings({"data_dir": str(Path(scratch))}))
        scene = Scene(personas=CAST, max_exchanges=2)
        for text in ("hello everyone!", "여러분 안녕하세요!"):  # warm up: models, voices, memory, moderation
            asyncio.run(one_line(orchestrator, scene, text, "warm-up"))
        print(f"scene: {', '.join(CAST)} (max_exchanges 2), embedded responder, voiced; "
              f"loaded and warmed in {time.perf_counter() - started:.1f} s\n")
        print(f"{'user line':46} {'lines':>5} {'1st text ms':>11} {'1st audio ms':>12} {'p90 audio':>9} {'turn s':>7}")
        print("-" * 96)
        firsts: list[float] = []
        for index, text in enumerate(LINES):
            runs = [asyncio.run(one_line(orchestrator, scene, text, f"s{index}-{run}")) for run in range(args.runs)]
            audio = sorted(r["audio_ms"] for r in runs)
            firsts += audio
            print(f"{text[:46]:46} {statistics.median(r['lines'] for r in runs):>5.0f} "
                  f"{statistics.median(r['text_ms'] for r in runs):>11.1f} {statistics.median(audio):>12.1f} "
                  f"{audio[min(len(audio) - 1, int(0.9 * len(audio)))]:>9.1f} "
                  f"{statistics.median(r['total_ms'] for r in runs) / 1000:>7.2f}")
        median = statistics.median(firsts)
        p90 = sorted(firsts)[min(len(firsts) - 1, int(0.9 * len(firsts)))]
        print(f"\nfirst audio of the first speaker: median {median:.1f} ms, p90 {p90:.1f} ms over {len(firsts)} lines; "
              f"target <= {TARGET_MS:.0f} ms: {'PASS' if median <= TARGET_MS else 'FAIL'}")


if __name__ == "__main__":
    main()
