"""The issue 19 speed cases, timed back to back for this checkout and another one (say, main).

On a machine other engineers share, a number is only comparable with one taken minutes apart, so
this runs the cases for each code tree in turn (a fresh process each, the tree first on
``PYTHONPATH``), ``--rounds`` times, and prints p50 wall time per case and tree with the ratio,
plus the p50 CPU time of the Python process (steadier under load; it leaves out the ffmpeg encoder
process a video also runs). Export the
other tree without touching its checkout: ``git archive main | tar -x -C /tmp/main-tree``.

    python -m bench.speed_compare --other /tmp/main-tree [--rounds 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES: list[tuple[str, str, dict, int, float]] = [
    ("one object", "mesh", {"prompt": "a red wooden table"}, 9, 0.05),
    ("10-object scene", "mesh", {"prompt": "a table with four chairs around it, a lamp on the table, a sofa, a "
                                           "bookshelf, a barrel and a pine tree"}, 9, 0.15),
    ("panorama 2048, snowy forest", "panorama", {"prompt": "a 360 panorama of a snowy forest", "width": 2048}, 5, 0.5),
    ("panorama 2048, tavern", "panorama", {"prompt": "cozy tavern interior 360", "width": 2048}, 3, 0.5),
    ("video 3 s 512², chest", "video", {"prompt": "a short video of a spinning treasure chest", "duration_s": 3.0,
                                         "fps": 24, "width": 512, "height": 512}, 3, 4.0),
]


def _measure() -> dict[str, list[float]]:
    """In the child process: p50 wall and CPU seconds per case through the tools' own ``run``."""
    import tools

    assert Path(tools.__file__).resolve().is_relative_to(Path.cwd().resolve()), "timing the wrong tree"
    from agent.config import Settings
    from agent.store import ArtifactStore
    from agent.tool import ToolContext
    from tools.mesh import MeshTool
    from tools.panorama import PanoramaTool
    from tools.video import VideoTool

    classes = {"mesh": MeshTool, "panorama": PanoramaTool, "video": VideoTool}
    data = Path(tempfile.mkdtemp())
    settings = Settings(data_dir=data)
    store = ArtifactStore(data_dir=data, session_id="bench", user_id="bench")

    async def once(tool_class: type, args: dict) -> tuple[float, float]:
        tool = tool_class(settings=settings)
        ctx = ToolContext(step_id="s1", session_id="bench", user_id="bench", store=store, settings=settings)
        started, cpu = time.perf_counter(), time.process_time()
        await tool.run(tool.Input.model_validate({**args, "seed": 1}), ctx)
        return time.perf_counter() - started, time.process_time() - cpu

    out = {}
    for name, tool, args, runs, _ in CASES:
        asyncio.run(once(classes[tool], args))  # warm-up
        times = [asyncio.run(once(classes[tool], args)) for _ in range(runs)]
        out[name] = [statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)]
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--other", type=Path, required=True, help="the other code tree (e.g. an export of main)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_measure()))
        return
    if not (args.other / "tools").is_dir():
        parser.error(f"{args.other} holds no tools/ package; export a tree with "
                     "`git archive main | tar -x -C DIR`")
    trees = {"other": args.other.resolve(), "this": ROOT}
    for round_index in range(args.rounds):
        results = {}
        for label, tree in trees.items():
            # this file runs as a script, so the tree's own agent/ and tools/ are the ones imported
            env = {**os.environ, "PYTHONPATH": str(tree)}
            done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--other", str(args.other),
                                   "--child"], cwd=tree, env=env, capture_output=True, text=True, check=True)
            results[label] = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"round {round_index + 1}: p50 seconds through Tool.run, {trees['other'].name} -> this checkout")
        print(f"  {'case':30s} {'wall':>18s} {'ratio':>6s}   {'cpu':>18s} {'ratio':>6s}  target")
        for name, *_, target in CASES:
            (other, other_cpu), (this, this_cpu) = results["other"][name], results["this"][name]
            print(f"  {name:30s} {other:7.3f} -> {this:7.3f}  x{other / this:4.1f}   {other_cpu:7.3f} -> "
                  f"{this_cpu:7.3f}  x{other_cpu / this_cpu:4.1f}  {target:g} {'ok' if this <= target else 'SLOW'}")


if __name__ == "__main__":
    main()
