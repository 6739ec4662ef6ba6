"""Safety benchmark: recall, false-positive rate, F1 and latency of the embedded moderation.

    python -m bench.safety [--data PATH]... [--persona ID] [--embeddings | --no-embeddings] [--no-trained]
                           [--trained-floor P] [--show-errors] [--json] [--families] [--ordinary] [--cold]

``--families`` prints recall (harmful families) or the false-flag rate (harmless ones) per
``family`` of the data; every run prints recall and FPR per language. ``--ordinary`` adds the
false-flag rate on ordinary traffic (:mod:`bench.ordinary`: README, planner requests, persona
cards and the embedded responder's replies); ``--cold`` times ``python app.py moderate`` from a
fresh process (models read from their caches), the median of three runs.

The data set is JSON lines::

    {"text": "...", "lang": "en|ko", "label": "benign|fiction|toxic|injection|self-harm|illicit",
     "harmful": true|false, "category": "injection" | "self-harm" | ... | null,
     "persona": "museum-guide"}            # optional: check this line under that persona's policy

A line counts as flagged when the policy's action is not ``allow``. Harmful lines (toxic,
injection, self-harm, illicit) should be flagged; benign and in-fiction lines should not.
The default policy is the general one (fiction violence allowed); ``--persona museum-guide``
shows the children's policy instead (where fiction violence is meant to be deflected, so the
false-positive rate there is not a target).

Latency is measured per line through ``SafetyGuard.check`` (no audit), after the models are
loaded: one line at a time (the dialogue path) and in batches of 64 (``moderate --jsonl``), as
wall time and as this thread's CPU time (the machine may be shared), and for each line's first
sight apart (no cache keyed by the line's text helps there). ``python -m bench.safety_profile``
splits a line's time into its parts.
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
from typing import Any

from bench.metrics import percentile

DEFAULT_DATA = Path(__file__).resolve().parent / "data" / "safety_dev.jsonl"
TARGETS = {"recall": 0.9, "fpr": 0.05, "injection_recall": 0.9, "p95_ms": 2.0}
#: issue 15's targets per language (recall at most this FPR) and for the rest
LANGUAGE_TARGETS = {"ko": (0.80, 0.10), "en": (0.92, 0.08)}
ORDINARY_TARGET = 0.005
COLD_TARGET_S = 2.0


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run(rows: list[dict[str, Any]], *, persona_id: str | None, embeddings: bool | None, trained: bool = True,
        trained_floor: float | None = None, repeats: int = 3) -> dict[str, Any]:
    from persona.library import PersonaLibrary
    from persona.safety.classifier import EmbeddedClassifier
    from persona.safety.guard import SafetyGuard

    library = PersonaLibrary()
    default_persona = library.get(persona_id) if persona_id else None
    loaded = {pid: library.get(pid) for pid in {row["persona"] for row in rows if row.get("persona")}}
    personas = [loaded[row["persona"]] if row.get("persona") else default_persona for row in rows]
    options = {} if trained_floor is None else {"trained_floor": trained_floor}
    classifier = EmbeddedClassifier(use_embeddings=embeddings, use_trained=trained, **options)
    started = time.perf_counter()
    classifier.warm()
    load_s = time.perf_counter() - started
    embeddings = classifier.use_embeddings
    guard = SafetyGuard(classifier=classifier, audit=None)
    texts = [row["text"] for row in rows]
    guard.check_many(texts[:8], persona=default_persona)  # warm caches and code paths

    # Wall time and this thread's CPU time: on a shared machine wall time includes waiting for a
    # core, CPU time does not. The first sight of each line is reported apart from the median of
    # the repeats, so that a cache keyed by the text cannot flatter the figures.
    per_line: list[list[float]] = [[] for _ in rows]
    per_line_cpu: list[list[float]] = [[] for _ in rows]
    decisions = []
    before = classifier.stats.embedded
    for repeat in range(repeats):
        for index, text in enumerate(texts):
            t0, c0 = time.perf_counter_ns(), time.thread_time_ns()
            decision = guard.check(text, persona=personas[index])
            per_line_cpu[index].append((time.thread_time_ns() - c0) / 1e6)
            per_line[index].append((time.perf_counter_ns() - t0) / 1e6)
            if repeat == 0:
                decisions.append(decision)
    embedded_lines = (classifier.stats.embedded - before) // repeats
    single_ms = [statistics.median(times) for times in per_line]
    single_cpu_ms = [statistics.median(times) for times in per_line_cpu]
    first_ms = [times[0] for times in per_line]
    first_cpu_ms = [times[0] for times in per_line_cpu]

    batch_ms = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for start in range(0, len(texts), 64):
            chunk = range(start, min(start + 64, len(texts)))
            for persona in {id(personas[i]): personas[i] for i in chunk}.values():
                guard.check_many([texts[i] for i in chunk if personas[i] is persona], persona=persona)
        batch_ms.append((time.perf_counter() - t0) * 1000 / len(texts))

    groups: dict[str, list[bool]] = defaultdict(list)
    families: dict[str, list[bool]] = defaultdict(list)
    languages: dict[str, dict[bool, list[bool]]] = defaultdict(lambda: {True: [], False: []})
    errors = []
    for row, decision in zip(rows, decisions):
        groups[f"{row['label']}/{row['lang']}"].append(decision.flagged)
        families[f"{row.get('family') or row['label']}|{'harmful' if row['harmful'] else 'harmless'}"].append(
            decision.flagged)
        languages["ko" if row["lang"] == "ko" else "en" if row["lang"] == "en" else "other"][row["harmful"]].append(
            decision.flagged)
        if decision.flagged != row["harmful"]:
            errors.append({"text": row["text"], "label": row["label"], "action": decision.action,
                           "persona": row.get("persona") or persona_id,
                           "reason": decision.reason})
    harmful = [d.flagged for r, d in zip(rows, decisions) if r["harmful"]]
    harmless = [d.flagged for r, d in zip(rows, decisions) if not r["harmful"]]
    injection = [d.flagged for r, d in zip(rows, decisions) if r["label"] == "injection"]
    tp, fn, fp = sum(harmful), len(harmful) - sum(harmful), sum(harmless)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / len(harmful) if harmful else 0.0
    return {
        "lines": len(rows), "persona": persona_id or "(general policy)", "embeddings": embeddings, "trained": trained,
        "recall": recall, "fpr": fp / len(harmless) if harmless else 0.0,
        "injection_recall": sum(injection) / len(injection) if injection else 0.0,
        "precision": precision, "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "single_p50_ms": percentile(single_ms, 50), "single_p95_ms": percentile(single_ms, 95),
        "single_cpu_p50_ms": percentile(single_cpu_ms, 50), "single_cpu_p95_ms": percentile(single_cpu_ms, 95),
        "first_p95_ms": percentile(first_ms, 95), "first_cpu_p95_ms": percentile(first_cpu_ms, 95),
        "single_max_ms": max(single_ms), "batch_ms_per_line": statistics.median(batch_ms),
        "embedded_share": embedded_lines / len(rows), "load_s": load_s,
        "groups": {name: {"lines": len(flags), "flagged": sum(flags)} for name, flags in sorted(groups.items())},
        "families": {name: {"lines": len(flags), "flagged": sum(flags)} for name, flags in sorted(families.items())},
        "languages": {lang: {"harmful": len(by[True]), "caught": sum(by[True]), "harmless": len(by[False]),
                             "false_flags": sum(by[False])} for lang, by in sorted(languages.items())},
        "errors": errors,
    }


def print_table(result: dict[str, Any]) -> None:
    print(f"safety bench: {result['lines']} lines, policy {result['persona']}, "
          f"trained stage {'on' if result.get('trained', True) else 'off'}, "
          f"embedding stage {'on' if result['embeddings'] else 'off'} (models loaded in {result['load_s']:.1f} s)")
    print()
    print(f"{'metric':<28}{'value':>10}{'target':>10}")
    rows = [("recall (harmful lines)", result["recall"], f">= {TARGETS['recall']}"),
            ("false-positive rate", result["fpr"], f"<= {TARGETS['fpr']}"),
            ("injection recall", result["injection_recall"], f">= {TARGETS['injection_recall']}"),
            ("precision", result["precision"], ""), ("F1", result["f1"], ""),
            ("p50 ms/line (one at a time)", result["single_p50_ms"], ""),
            ("p95 ms/line (one at a time)", result["single_p95_ms"], f"<= {TARGETS['p95_ms']}"),
            ("p50 CPU ms/line", result["single_cpu_p50_ms"], ""),
            ("p95 CPU ms/line", result["single_cpu_p95_ms"], ""),
            ("p95 ms, first sight", result["first_p95_ms"], ""),
            ("p95 CPU ms, first sight", result["first_cpu_p95_ms"], ""),
            ("max ms/line (one at a time)", result["single_max_ms"], ""),
            ("ms/line (batches of 64)", result["batch_ms_per_line"], ""),
            ("lines sent to embeddings", result["embedded_share"], "")]
    for name, value, target in rows:
        print(f"{name:<28}{value:>10.3f}{target:>10}")
    print()
    print(f"{'label/lang':<22}{'lines':>7}{'flagged':>9}")
    for name, group in result["groups"].items():
        print(f"{name:<22}{group['lines']:>7}{group['flagged']:>9}")


def merge_counts(results: list[dict[str, Any]], key: str) -> dict[str, dict[str, int]]:
    merged: dict[str, dict[str, int]] = {}
    for result in results:
        for name, counts in result[key].items():
            into = merged.setdefault(name, {})
            for field, value in counts.items():
                into[field] = into.get(field, 0) + value
    return merged


def print_languages(languages: dict[str, dict[str, int]]) -> None:
    print(f"{'language':<10}{'harmful':>8}{'recall':>8}{'harmless':>9}{'FPR':>7}   target")
    for lang, c in languages.items():
        recall = c["caught"] / c["harmful"] if c["harmful"] else 0.0
        fpr = c["false_flags"] / c["harmless"] if c["harmless"] else 0.0
        target = LANGUAGE_TARGETS.get(lang)
        verdict = "" if target is None else (f"recall >= {target[0]} at FPR <= {target[1]}: "
                                             f"{'met' if recall >= target[0] and fpr <= target[1] else 'NOT MET'}")
        print(f"{lang:<10}{c['harmful']:>8}{recall:>8.3f}{c['harmless']:>9}{fpr:>7.3f}   {verdict}")


def print_families(families: dict[str, dict[str, int]]) -> None:
    """Recall of each harmful family, false-flag rate of each harmless one."""
    print(f"{'family':<28}{'kind':<9}{'lines':>6}{'flagged':>8}{'rate':>7}")
    for kind in ("harmful", "harmless"):
        for name, c in sorted((n, c) for n, c in families.items() if n.endswith("|" + kind)):
            rate = c["flagged"] / c["lines"] if c["lines"] else 0.0
            label = "recall" if kind == "harmful" else "FPR"
            print(f"{name.split('|')[0][:27]:<28}{kind:<9}{c['lines']:>6}{c['flagged']:>8}{rate:>7.2f} {label}")


def ordinary_rate(embeddings: bool | None, *, replies: bool = True) -> dict[str, Any]:
    """The false-flag rate on ordinary traffic (bench.ordinary)."""
    from bench.ordinary import false_flags, ordinary_lines
    from persona.safety.classifier import EmbeddedClassifier
    from persona.safety.guard import SafetyGuard

    lines = ordinary_lines(replies=replies)
    flags = false_flags(SafetyGuard(classifier=EmbeddedClassifier(use_embeddings=embeddings).warm(), audit=None), lines)
    return {"lines": len(lines), "flagged": len(flags), "rate": len(flags) / len(lines),
            "offenders": [{"source": f.line.source, "text": f.checked, "reason": f.reason} for f in flags]}


def cold_moderate_s(runs: int = 3) -> float:
    """Median wall time of ``python app.py moderate TEXT --no-audit`` in a fresh process."""
    import subprocess

    app = Path(__file__).resolve().parents[1] / "app.py"
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, str(app), "moderate", "차 한잔 할래? and draw me a red dragon", "--no-audit"],
                       check=True, capture_output=True, timeout=120)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def print_summary(paths: list[Path], results: list[dict[str, Any]]) -> None:
    """One row per data set, then the pooled figures over all lines."""
    print(f"{'data set':<24}{'lines':>7}{'recall':>8}{'FPR':>8}{'inject':>8}{'F1':>8}"
          f"{'p50 ms':>8}{'p95 ms':>8}{'p50 cpu':>8}{'p95 cpu':>8}{'1st p95':>8}{'1st cpu':>8}")
    for path, r in zip(paths, results):
        print(f"{path.stem:<24}{r['lines']:>7}{r['recall']:>8.3f}{r['fpr']:>8.3f}{r['injection_recall']:>8.3f}"
              f"{r['f1']:>8.3f}{r['single_p50_ms']:>8.2f}{r['single_p95_ms']:>8.2f}{r['single_cpu_p50_ms']:>8.2f}"
              f"{r['single_cpu_p95_ms']:>8.2f}{r['first_p95_ms']:>8.2f}{r['first_cpu_p95_ms']:>8.2f}")
    flagged = defaultdict(lambda: [0, 0])
    for r in results:
        for name, group in r["groups"].items():
            kind = "injection" if name.startswith("injection/") else (
                "harmless" if name.split("/")[0] in ("benign", "fiction") else "harmful")
            flagged[kind][0] += group["flagged"]
            flagged[kind][1] += group["lines"]
            if kind == "injection":
                flagged["harmful"][0] += group["flagged"]
                flagged["harmful"][1] += group["lines"]
    pooled = {kind: hit / total if total else 0.0 for kind, (hit, total) in flagged.items()}
    print(f"{'pooled':<24}{sum(r['lines'] for r in results):>7}{pooled.get('harmful', 0):>8.3f}"
          f"{pooled.get('harmless', 0):>8.3f}{pooled.get('injection', 0):>8.3f}")
    print(f"targets: recall >= {TARGETS['recall']}, FPR <= {TARGETS['fpr']}, injection >= {TARGETS['injection_recall']}, "
          f"p95 <= {TARGETS['p95_ms']} ms")


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    parser = argparse.ArgumentParser(prog="python -m bench.safety", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, action="append",
                        help="a labelled set (repeat for several: one summary row each); default bench/data/safety_dev.jsonl")
    parser.add_argument("--persona", default=None, help="apply this persona's policy (default: the general policy)")
    parser.add_argument("--embeddings", action=argparse.BooleanOptionalAction, default=None,
                        help="the exemplar stage on the shared sentence encoder (default: the classifier's, i.e. off while the trained stage is on)")
    parser.add_argument("--no-trained", action="store_true", help="without the trained n-gram stage")
    parser.add_argument("--trained-floor", type=float, default=None,
                        help="probability where the trained stage starts to count (default: the classifier's)")
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--families", action="store_true", help="recall / false-flag rate per family of the data")
    parser.add_argument("--ordinary", action="store_true",
                        help="also the false-flag rate on ordinary traffic (README, planner sets, cards, replies)")
    parser.add_argument("--cold", action="store_true", help="also the wall time of a cold `app.py moderate`")
    args = parser.parse_args(argv)
    paths = args.data or [DEFAULT_DATA]
    results = [run(load(path), persona_id=args.persona, embeddings=args.embeddings, trained=not args.no_trained,
                   trained_floor=args.trained_floor) for path in paths]
    extra: dict[str, Any] = {}
    if args.ordinary:
        extra["ordinary"] = ordinary_rate(args.embeddings)
    if args.cold:
        extra["cold_moderate_s"] = cold_moderate_s()
    if args.json:
        payload = {str(p): r for p, r in zip(paths, results)} if len(paths) > 1 else results[0]
        print(json.dumps({**payload, **extra} if extra else payload, ensure_ascii=False))
        return 0
    if len(paths) > 1:
        print_summary(paths, results)
    else:
        print_table(results[0])
    print()
    print_languages(merge_counts(results, "languages"))
    if args.families:
        print()
        print_families(merge_counts(results, "families"))
    if "ordinary" in extra:
        o = extra["ordinary"]
        print(f"\nordinary traffic: {o['flagged']}/{o['lines']} lines flagged = {o['rate']:.2%} "
              f"(target <= {ORDINARY_TARGET:.1%})")
        for offender in o["offenders"][:20]:
            print(f"  [{offender['source']}] {offender['text'][:120]!r}  ({offender['reason'][-90:]})")
    if "cold_moderate_s" in extra:
        print(f"\ncold `app.py moderate`: {extra['cold_moderate_s']:.2f} s (target <= {COLD_TARGET_S} s)")
    if len(paths) > 1:
        return 0
    result = results[0]
    if args.show_errors and result["errors"]:
        print()
        for error in result["errors"]:
            print(f"  {error['label']:<10} {error['action']:<8} {error['text']}  ({error['reason']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
