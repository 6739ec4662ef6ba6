"""Planner benchmark: quality (TaskBench-style tool/edge F1) and latency of the embedded
planner on the labelled English/Korean dev set.

    python -m bench.planner [--data PATH] [--lang en|ko] [--show-errors] [--json]

The data set is JSON lines, one request each::

    {"id": "en-001", "lang": "en", "text": "...", "category": "single|chain|parallel|none",
     "steps": [{"id": "s1", "tool": "mesh", "depends_on": []}, ...],
     "attachments": ["audio"]}            # optional: kinds of files uploaded with the request

Only tools and dependencies are labelled; arguments are not scored. ``attachments`` gives the
planner what a real upload would (``transcribe this recording`` comes with a recording): the
bench passes a stand-in artifact of each kind in ``Request.attachments`` and
``PlanContext.attachments``; no file is read.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from bench.metrics import Scores, evaluate, exact_plan_match, normalize_plan, percentile

DEFAULT_DATA = Path(__file__).resolve().parent / "data" / "planner_dev.jsonl"
LANGS = ("en", "ko")
WARMUP_REQUESTS = 5

# Targets of the embedded planner (issue 14): (metric key, comparison, threshold). Tool and edge
# F1 hold for en and ko each; exact-plan accuracy and latency overall.
TARGETS: tuple[tuple[str, str, float], ...] = (
    ("tool_f1", ">=", 0.95),
    ("edge_f1", ">=", 0.85),
    ("exact_plan_accuracy", ">=", 0.80),
    ("p50_ms", "<=", 15.0),
    ("p95_ms", "<=", 40.0),
)
PER_LANGUAGE = ("tool_f1", "edge_f1")  # these must hold in every language row, not only overall


@dataclass(frozen=True)
class Example:
    """One labelled request of the dev set."""

    id: str
    lang: str
    text: str
    category: str
    steps: tuple[dict[str, Any], ...]
    attachments: tuple[str, ...] = ()


@dataclass
class Outcome:
    """What the planner did with one example."""

    example: Example
    predicted: list[dict[str, Any]] = field(default_factory=list)
    latency_ms: float = 0.0
    error: str | None = None


def load_examples(path: str | Path = DEFAULT_DATA, lang: str | None = None) -> list[Example]:
    """The examples of a JSONL dev set, optionally only one language; blank lines are skipped."""
    examples: list[Example] = []
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                example = Example(
                    id=row["id"],
                    lang=row["lang"],
                    text=row["text"],
                    category=row["category"],
                    steps=tuple(row["steps"]),
                    attachments=tuple(row.get("attachments", ())),
                )
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{number}: not a dev-set example ({exc})") from exc
            if lang is None or example.lang == lang:
                examples.append(example)
    return examples


def load_planner() -> Any:
    """The embedded planner, built the way the app builds it (``load()`` when it has one)."""
    try:
        from agent.planner.embedded import EmbeddedPlanner
    except ImportError as exc:
        raise RuntimeError(
            "the embedded planner (agent.planner.embedded.EmbeddedPlanner) cannot be imported: "
            f"{exc}"
        ) from exc
    loader = getattr(EmbeddedPlanner, "load", None)
    return loader() if callable(loader) else EmbeddedPlanner()


def _stand_in_artifacts(example: Example) -> tuple[Any, ...]:
    """Artifact records standing for the uploads an example says came with it."""
    from agent.types import Artifact

    suffix = {"audio": ("wav", "audio/wav"), "image": ("png", "image/png"), "video": ("mp4", "video/mp4"),
              "mesh": ("glb", "model/gltf-binary"), "motion": ("bvh", "application/octet-stream")}
    artifacts = []
    for index, kind in enumerate(example.attachments, start=1):
        ext, mime = suffix.get(kind, ("bin", "application/octet-stream"))
        artifacts.append(Artifact(id=f"upload-{index}", kind=kind, path=Path(f"upload-{index}.{ext}"),
                                  mime=mime, sha256="0" * 64, meta={"source": "upload"}))
    return tuple(artifacts)


def _build_call(example: Example) -> tuple[Any, Any]:
    from agent.planner.base import PlanContext
    from agent.types import Request

    uploads = _stand_in_artifacts(example)
    request = Request(text=example.text, attachments=[artifact.id for artifact in uploads])
    return request, PlanContext(attachments=uploads)


async def _plan_once(planner: Any, request: Any, context: Any) -> Any:
    result = planner.plan(request, context)
    if inspect.isawaitable(result):
        result = await result
    return result


def _as_rows(plan: Any) -> list[dict[str, Any]]:
    return [{"id": s.id, "tool": s.tool, "depends_on": list(s.depends_on)} for s in normalize_plan(plan)]


async def _run_all(planner: Any, examples: Sequence[Example], warmup: int) -> list[Outcome]:
    calls = [_build_call(example) for example in examples]
    warm_up = getattr(planner, "warm_up", None)
    if warmup and callable(warm_up):  # the first encoder call is slow whichever request makes it
        warm_up()
    for request, context in calls[:warmup]:
        try:
            await _plan_once(planner, request, context)
        except Exception:  # noqa: BLE001 - warm-up failures show up again in the timed run
            pass
    outcomes: list[Outcome] = []
    for example, (request, context) in zip(examples, calls):
        started = time.perf_counter()
        try:
            plan = await _plan_once(planner, request, context)
            elapsed = time.perf_counter() - started
            outcomes.append(Outcome(example, _as_rows(plan), elapsed * 1000.0))
        except Exception as exc:  # noqa: BLE001 - a planner failure is a scored empty plan
            elapsed = time.perf_counter() - started
            outcomes.append(Outcome(example, [], elapsed * 1000.0, f"{type(exc).__name__}: {exc}"))
    return outcomes


def summarize(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """Scores and latency percentiles of a group of outcomes, with PASS/FAIL per target."""
    scores: Scores = evaluate((list(o.example.steps), o.predicted) for o in outcomes)
    latencies = [o.latency_ms for o in outcomes]
    row: dict[str, Any] = scores.as_dict()
    row["p50_ms"] = percentile(latencies, 50) if latencies else float("nan")
    row["p95_ms"] = percentile(latencies, 95) if latencies else float("nan")
    row["errors"] = sum(1 for o in outcomes if o.error)
    row["checks"] = {key: _meets(row[key], op, threshold) for key, op, threshold in TARGETS}
    return row


def _meets(value: float, op: str, threshold: float) -> bool:
    if value != value:  # NaN never meets a target
        return False
    return value >= threshold if op == ">=" else value <= threshold


def run(data_path: str | Path = DEFAULT_DATA, lang: str | None = None, *, planner: Any = None,
        warmup: int = WARMUP_REQUESTS) -> dict[str, Any]:
    """Plan every example, score it and time it.

    Returns ``{"data", "planner", "load_s", "rows": {"overall", "en", "ko"}, "targets",
    "passed", "mismatches"}``; with ``lang`` only that language is run (and ``rows`` holds
    ``overall`` and that language). ``planner`` overrides the embedded planner (for tests and
    for comparing planners on the same set).
    """
    if lang is not None and lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
    examples = load_examples(data_path, lang)
    if not examples:
        raise ValueError(f"{data_path} holds no examples" + (f" in language {lang!r}" if lang else ""))
    started = time.perf_counter()
    if planner is None:
        planner = load_planner()
    load_s = time.perf_counter() - started
    outcomes = asyncio.run(_run_all(planner, examples, warmup))

    rows: dict[str, Any] = {"overall": summarize(outcomes)}
    for code in LANGS:
        group = [o for o in outcomes if o.example.lang == code]
        if group:
            rows[code] = summarize(group)
    mismatches = [
        {
            "id": o.example.id,
            "lang": o.example.lang,
            "category": o.example.category,
            "text": o.example.text,
            "gold": _as_rows(list(o.example.steps)),
            "predicted": o.predicted,
            "error": o.error,
        }
        for o in outcomes
        if o.error or not exact_plan_match(list(o.example.steps), o.predicted)
    ]
    return {
        "data": str(data_path),
        "planner": f"{type(planner).__module__}.{type(planner).__qualname__}",
        "load_s": load_s,
        "rows": rows,
        "targets": [{"metric": key, "op": op, "threshold": threshold} for key, op, threshold in TARGETS],
        "passed": all(rows["overall"]["checks"].values())
        and all(row["checks"][key] for row in rows.values() for key in PER_LANGUAGE),
        "mismatches": mismatches,
    }


def _describe(steps: Sequence[dict[str, Any]]) -> str:
    """A compact plan such as ``s1:image s2:mesh<s1``; ``(no tools)`` for an empty plan."""
    if not steps:
        return "(no tools)"
    parts = []
    for step in steps:
        deps = step.get("depends_on") or []
        parts.append(f"{step['id']}:{step['tool']}" + (f"<{','.join(deps)}" if deps else ""))
    return " ".join(parts)


def format_table(result: dict[str, Any]) -> str:
    """The human table: one row per group, then the targets with PASS/FAIL."""
    header = (f"{'set':<8}{'n':>5}  {'tool P':>6} {'tool R':>6} {'tool F1':>7}  {'edge P':>6} {'edge R':>6} "
              f"{'edge F1':>7}  {'exact':>6} {'no-tool':>7}  {'p50 ms':>7} {'p95 ms':>7}  {'err':>3}")
    lines = [f"planner: {result['planner']}  (loaded in {result['load_s']:.2f} s)", f"data:    {result['data']}", "",
             header, "-" * len(header)]
    for name, row in result["rows"].items():
        lines.append(
            f"{name:<8}{row['n']:>5}  {row['tool_precision']:>6.3f} {row['tool_recall']:>6.3f} {row['tool_f1']:>7.3f}  "
            f"{row['edge_precision']:>6.3f} {row['edge_recall']:>6.3f} {row['edge_f1']:>7.3f}  "
            f"{row['exact_plan_accuracy']:>6.3f} {row['no_tool_accuracy']:>7.3f}  "
            f"{row['p50_ms']:>7.2f} {row['p95_ms']:>7.2f}  {row['errors']:>3}"
        )
    lines += ["", "targets (overall" + "".join(f"; {k}" for k in result["rows"] if k != "overall") + "):"]
    for target in result["targets"]:
        key, op, threshold = target["metric"], target["op"], target["threshold"]
        verdicts = []
        for name, row in result["rows"].items():
            verdicts.append(f"{name} {row[key]:.3f} {'PASS' if row['checks'][key] else 'FAIL'}")
        lines.append(f"  {key:<19} {op} {threshold:<6g}  " + "  |  ".join(verdicts))
    lines += ["", f"overall: {'PASS' if result['passed'] else 'FAIL'}"
              f"  ({len(result['mismatches'])} of {result['rows']['overall']['n']} plans differ from gold)"]
    return "\n".join(lines)


def format_errors(result: dict[str, Any]) -> str:
    """Every request whose predicted plan is not the gold plan."""
    lines = [f"mismatches ({len(result['mismatches'])}):"]
    for item in result["mismatches"]:
        lines.append(f"[{item['id']}] ({item['category']}) {item['text']}")
        lines.append(f"    gold:      {_describe(item['gold'])}")
        lines.append(f"    predicted: {_describe(item['predicted'])}")
        if item["error"]:
            lines.append(f"    error:     {item['error']}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """CLI entry point; returns 0 when every target passes (tool/edge F1 in en and ko each), 1 otherwise,
    2 on a setup error."""
    parser = argparse.ArgumentParser(prog="python -m bench.planner", description="Score and time the embedded planner on the labelled en/ko dev set.")
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="labelled JSONL dev set (default: %(default)s)")
    parser.add_argument("--lang", choices=LANGS, help="only this language")
    parser.add_argument("--show-errors", action="store_true", help="list the requests whose plan differs from gold")
    parser.add_argument("--json", action="store_true", help="print the result as JSON instead of a table")
    args = parser.parse_args(argv)
    try:
        result = run(args.data, args.lang)
    except (OSError, ValueError, RuntimeError) as exc:
        print(f"bench.planner: {exc}", file=sys.stderr)
        return 2
    if args.json:
        if not args.show_errors:
            result = {key: value for key, value in result.items() if key != "mismatches"}
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(format_table(result))
        if args.show_errors:
            print()
            print(format_errors(result))
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
