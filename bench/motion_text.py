"""Motion to text on the 20 labelled test clips in bench/data/mocap (six rig conventions).

Target (issue 19): the right action named first on at least 15 of 20. "Named first" is the first
segment the recogniser reports that is not idle (for the idle clip: the first segment). The clips
are hand-keyed animation, not captured motion; ``bench/mocap_authoring.py`` says how they were
made. Each is read through the real upload path (parse, map bones, retarget) and described.

    python -m bench.motion_text
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

DATA = Path(__file__).parent / "data" / "mocap"
TARGET = 15


def first_action(actions: list[str], label: str) -> str:
    if label == "idle":
        return actions[0]
    return next((action for action in actions if action != "idle"), actions[0])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="a folder with labels.jsonl and the BVH files")
    args = parser.parse_args(argv)
    from tools.motion.bvh import read_bvh
    from tools.motion.describe import describe
    from tools.motion.skeleton import forward_kinematics

    rows = [json.loads(line) for line in (args.data / "labels.jsonl").read_text(encoding="utf-8").splitlines() if line]
    right = 0
    started = time.perf_counter()
    print(f"{'clip':<22} {'rig':<11} {'fps':>4} {'label':<14} {'named first':<14} ok  segments")
    for row in rows:
        uploaded = read_bvh(args.data / row["file"])
        positions = forward_kinematics(uploaded.rotations, uploaded.root)[0]
        result = describe(positions, uploaded.rotations[:, 0], uploaded.fps)
        actions = [str(segment["action"]) for segment in result.segments]
        named = first_action(actions, row["label"])
        right += named == row["label"]
        print(f"{row['file'][:22]:<22} {uploaded.family[:11]:<11} {row['fps']:>4} {row['label']:<14} {named:<14} "
              f"{'yes' if named == row['label'] else 'NO ':<3} {' > '.join(actions)}")
    elapsed = time.perf_counter() - started
    print(f"\nright action named first: {right}/{len(rows)} (target >= {TARGET}/20) "
          f"{'ok' if right >= TARGET else 'NOT MET'}; {elapsed:.1f} s for all clips")


if __name__ == "__main__":
    main()
