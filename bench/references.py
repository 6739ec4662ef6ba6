"""Reference resolution across turns: "it", "that sword I made earlier", "아까 그 성 그림" in
two- and three-turn conversations (issue 20's target: >= 0.9 right).

Each line of a set is ``{"id", "turns": [...], "expect": {"tool", "ref_turn", "ref_kind"?, "unfit"?}}``.
The earlier turns are planned by the embedded planner (packaged MiniLM, as the product loads it)
and stand-in results are recorded for their steps (the kinds each tool makes, with the prompt
and, for models and pictures, the scene language's objects), with a plain reply line in the
conversation. The last turn is planned with those results and that conversation, and it is
right when the step of the expected tool takes a result of the expected turn (and kind), takes
none when ``ref_turn`` is null, or, with ``unfit``, is left out with a note about that turn's
result (it cannot take the action).

    python -m bench.references [--data bench/data/references_fresh.jsonl] [--show-errors]

``references_fresh.jsonl`` (64, half Korean) was written before the resolver work and is the
final test; ``references_dev.jsonl`` (16) is the set that was looked at while working.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "references_fresh.jsonl"
TARGET = 0.9


def _stand_ins(step: Any, spec: Any, turn: int) -> list[Any]:
    """The artifacts ``step`` would make, without running the tool (ids name the turn)."""
    from agent.types import Artifact

    prompt = step.args.get("prompt") or step.args.get("text") or ""
    meta: dict[str, Any] = {"prompt": prompt, "tool": step.tool, "step_id": step.id}
    if step.tool in ("mesh", "image", "video") and isinstance(prompt, str) and prompt:
        from tools.scene.prompt import parse_prompt

        parsed = parse_prompt(prompt)
        meta["objects"] = [item.kind or "placeholder" for item in parsed.objects]
        unknown = [item.noun for item in parsed.objects if item.fallback]
        if unknown:
            meta["unknown"] = unknown
    if step.tool == "mesh" and isinstance(step.args.get("source"), dict):
        meta["method"] = "relief"
    return [Artifact(id=f"a_t{turn}{step.id}{index}", kind=kind, path=Path(f"t{turn}-{step.id}-{index}.bin"),
                     mime="application/octet-stream", sha256="0" * 64, meta=meta)
            for index, kind in enumerate(spec.produces)]


def _bound(plan: Any) -> dict[str, list[str]]:
    """Per tool of the plan: the stored artifact ids its steps take."""
    out: dict[str, list[str]] = {}
    for step in plan.steps:
        for value in step.args.values():
            if isinstance(value, dict) and "$artifact" in value:
                out.setdefault(step.tool, []).append(value["$artifact"])
        out.setdefault(step.tool, [])
    return out


def run_conversation(planner: Any, row: dict[str, Any]) -> dict[str, Any]:
    """Plan every turn of ``row``; the verdict on its last turn."""
    from agent.executor import StepOutcome
    from agent.planner.base import PlanContext
    from agent.registry import installed_specs
    from agent.responder import made_line
    from agent.types import Request

    specs = dict(installed_specs())
    recent: list[Any] = []
    conversation: list[dict[str, str]] = []
    turns = row["turns"]
    for index, text in enumerate(turns[:-1]):
        planned = planner.plan_turn_sync(Request(text=text), PlanContext(
            tools=specs, recent_artifacts=tuple(recent[-20:]), conversation=tuple(conversation)))
        lines = []
        for step in planned.plan.steps:
            recent.extend(_stand_ins(step, specs[step.tool], index))
            lines.append(made_line(StepOutcome(step, "ok"), planned.plan.language))
        conversation += [{"role": "user", "content": text},
                         {"role": "assistant", "content": " ".join(lines) or "…"}]
    started = time.perf_counter()
    last = planner.plan_turn_sync(Request(text=turns[-1]), PlanContext(
        tools=specs, recent_artifacts=tuple(recent[-20:]), conversation=tuple(conversation)))
    took_ms = (time.perf_counter() - started) * 1000
    expect = row["expect"]
    bound = _bound(last.plan)
    taken = bound.get(expect["tool"])
    ref_turn, kind = expect.get("ref_turn"), expect.get("ref_kind")
    by_id = {a.id: a for a in recent}
    if expect.get("unfit"):
        notes = [n.en for n in last.notes]
        right = taken is None and bool(notes)
        why = f"tool {expect['tool']} planned ({taken})" if taken is not None else "no note"
    elif ref_turn is None:
        right = taken is not None and not taken
        why = f"took {taken}" if taken else f"no {expect['tool']} step"
    else:
        fits = [i for i in (taken or []) if i.startswith(f"a_t{ref_turn}") and (kind is None or by_id[i].kind == kind)]
        right = bool(fits)
        why = f"took {[(i, by_id[i].kind) for i in taken or []]}" if taken is not None else f"no {expect['tool']} step"
    return {"id": row["id"], "right": right, "why": "" if right else why, "ms": took_ms,
            "plan": [s.model_dump() for s in last.plan.steps], "notes": [n.say(last.plan.language) for n in last.notes]}


def main(argv: list[str] | None = None) -> None:
    from agent.planner.embedded import EmbeddedPlanner

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA, help="a conversation set (JSONL)")
    parser.add_argument("--show-errors", action="store_true", help="print every wrong conversation")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    started = time.perf_counter()
    planner = EmbeddedPlanner.load()
    planner.warm_up()
    print(f"planner: embedded (MiniLM, loaded in {time.perf_counter() - started:.2f} s)")
    print(f"data:    {args.data}  ({len(rows)} conversations)\n")
    results = [run_conversation(planner, row) for row in rows]
    print(f"{'set':8} {'n':>4} {'right':>6} {'share':>7} {'p50 ms':>8}")
    print("-" * 37)
    shares = {}
    for label, chosen in (("overall", results), ("en", [r for r in results if r["id"].split("-")[-2] in ("en",)]),
                          ("ko", [r for r in results if r["id"].split("-")[-2] in ("ko",)])):
        if not chosen:
            continue
        right = sum(r["right"] for r in chosen)
        shares[label] = right / len(chosen)
        print(f"{label:8} {len(chosen):>4} {right:>6} {right / len(chosen):>7.3f} "
              f"{statistics.median(r['ms'] for r in chosen):>8.2f}")
    verdict = "PASS" if shares.get("overall", 0.0) >= TARGET else "FAIL"
    print(f"\ntarget: right >= {TARGET}  overall {shares.get('overall', 0.0):.3f} {verdict}")
    if args.show_errors:
        for result in results:
            if not result["right"]:
                print(f"\n{result['id']}: {result['why']}\n  plan: {json.dumps(result['plan'], ensure_ascii=False)}"
                      f"\n  notes: {result['notes']}")


if __name__ == "__main__":
    main()
