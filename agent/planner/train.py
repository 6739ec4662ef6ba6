"""Fit the embedded planner's learned stage on the written corpus now (the weights are cached, never shipped).

    python -m agent.planner.train [--corpus DIR] [--out PATH]

Without ``--out`` the weights go to the user cache dir, where the planner looks for them
(:func:`agent.planner.fitting.cached_model`); ``make setup`` runs this so that the first request
does not wait for the fit. See :mod:`agent.planner.fitting` for the corpus, the heads and the
cache key.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from agent.planner.embedded import EmbeddedPlanner
from agent.planner.fitting import CORPUS_DIR, cache_path, cached_model, fit_planner


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m agent.planner.train", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR, help="folder of *.jsonl (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=None, help="write the weights here (default: the user cache)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    started = time.perf_counter()
    planner = EmbeddedPlanner.load(learned=False)
    if args.out is None:
        out = cache_path(planner.encoder.name if planner.encoder else "none", directory=args.corpus)
        planner.use_shape_model(cached_model(planner, directory=args.corpus))
    else:
        model = fit_planner(planner, directory=args.corpus)
        model.save(args.out)
        out = args.out
    print(f"planner model ready in {time.perf_counter() - started:.1f} s: {out.stat().st_size / 1024:.0f} KiB -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
