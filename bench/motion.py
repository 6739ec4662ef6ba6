"""Motion tool speed: a 5 s clip composed and written as BVH + GLB, and its MP4 preview.

Targets (issue 4, this machine): BVH + GLB <= 0.5 s, MP4 preview <= 3 s (medians, warm
process: the first run also pays for imports and is shown separately).

    python -m bench.motion [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

TARGET_CLIP_S = 0.5
TARGET_PREVIEW_S = 3.0
SCRIPT = [{"action": "walk", "duration_s": 2.0}, {"action": "wave", "duration_s": 1.9}, {"action": "jump"}]


def _clip(out: Path) -> tuple[float, float, int]:
    from tools.motion.bvh import write_bvh
    from tools.motion.compose import compose
    from tools.motion.glb import write_glb
    from tools.motion.script import parse_script

    t0 = time.perf_counter()
    motion = compose(parse_script(SCRIPT), fps=30)
    write_bvh(out / "clip.bvh", motion.rotations, motion.root, motion.fps)
    write_glb(out / "clip.glb", motion.rotations, motion.root, motion.fps)
    return time.perf_counter() - t0, motion.duration_s, motion.frames


def _preview(out: Path) -> float:
    from tools.motion.compose import compose
    from tools.motion.preview import write_mp4
    from tools.motion.script import parse_script

    motion = compose(parse_script(SCRIPT), fps=30)
    positions = motion.positions()
    t0 = time.perf_counter()
    write_mp4(out / "clip.mp4", positions, motion.fps, caption=lambda f: f"{f / motion.fps:.1f} s")
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        cold, duration, frames = _clip(out)
        clip_times = [_clip(out)[0] for _ in range(args.runs)]
        preview_times = [_preview(out) for _ in range(max(3, args.runs // 2))]
    rows = [
        ("first clip, cold (imports)", cold, None),
        (f"{duration:.1f} s clip -> BVH + GLB (p50 of {len(clip_times)})", statistics.median(clip_times),
         TARGET_CLIP_S),
        (f"MP4 preview, {frames} frames 480x480 (p50 of {len(preview_times)})", statistics.median(preview_times),
         TARGET_PREVIEW_S),
    ]
    print(f"{'motion benchmark':<48} {'seconds':>8} {'target':>8}  ok")
    for name, value, target in rows:
        verdict = "" if target is None else ("yes" if value <= target else "NO")
        print(f"{name:<48} {value:8.3f} {'' if target is None else f'{target:8.2f}':>8}  {verdict}")


if __name__ == "__main__":
    main()
