"""Planner metrics (bench/metrics.py), the dev set's shape, and the bench runner with a fake
planner.

Category rules the dev set follows (checked below):
- ``none``     <-> no steps (greetings, thanks, questions that need no asset);
- ``single``   <-> exactly one step;
- ``chain``    <-> at least one dependency edge (a chain may also hold an independent step,
                   e.g. "a 3D table, a turntable video of it, and also a skybox");
- ``parallel`` <-> two or more steps and no edge.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from pathlib import Path

import pytest

from agent.registry import installed_specs
from agent.types import ARTIFACT_KINDS, Plan, Step
from bench.metrics import (
    Counts,
    compare_multisets,
    edge_counts,
    edge_multiset,
    evaluate,
    exact_plan_match,
    no_tool_agreement,
    normalize_plan,
    percentile,
    tool_counts,
    tool_multiset,
)

DEV_SET = Path(__file__).resolve().parents[1] / "bench" / "data" / "planner_dev.jsonl"
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def steps(*specs: str) -> list[dict]:
    """Compact plans: steps("image", "mesh<s1", "video<s2") -> s1 image, s2 mesh<-s1, s3 video<-s2."""
    out = []
    for index, spec in enumerate(specs, start=1):
        tool, _, deps = spec.partition("<")
        out.append({"id": f"s{index}", "tool": tool, "depends_on": deps.split(",") if deps else []})
    return out


# ---------------------------------------------------------------- counts and P/R/F1


def test_counts_precision_recall_f1() -> None:
    counts = Counts(tp=3, fp=1, fn=2)
    assert counts.precision == pytest.approx(0.75)
    assert counts.recall == pytest.approx(0.6)
    assert counts.f1 == pytest.approx(2 * 0.75 * 0.6 / (0.75 + 0.6))
    assert Counts(1, 2, 3) + Counts(4, 5, 6) == Counts(5, 7, 9)


def test_counts_zero_denominators() -> None:
    assert (Counts().precision, Counts().recall, Counts().f1) == (1.0, 1.0, 1.0)
    nothing_predicted = Counts(tp=0, fp=0, fn=2)
    assert (nothing_predicted.precision, nothing_predicted.recall, nothing_predicted.f1) == (0.0, 0.0, 0.0)
    nothing_to_find = Counts(tp=0, fp=3, fn=0)
    assert (nothing_to_find.precision, nothing_to_find.recall, nothing_to_find.f1) == (0.0, 0.0, 0.0)


def test_compare_multisets_counts_repeats() -> None:
    assert compare_multisets(Counter({"mesh": 2, "image": 1}), Counter({"mesh": 1, "video": 1})) == Counts(1, 1, 2)


# ---------------------------------------------------------------- per-request pieces


def test_tool_counts_with_repeated_tools() -> None:
    gold = steps("mesh", "mesh")
    assert tool_counts(gold, steps("mesh")) == Counts(tp=1, fp=0, fn=1)
    assert tool_counts(gold, steps("mesh", "mesh", "mesh")) == Counts(tp=2, fp=1, fn=0)
    assert tool_counts(gold, steps("mesh", "mesh")) == Counts(tp=2, fp=0, fn=0)


def test_edges_are_producer_consumer_tool_pairs() -> None:
    plan = steps("image", "speech", "avatar<s1,s2")
    assert edge_multiset(plan) == Counter({("image", "avatar"): 1, ("speech", "avatar"): 1})
    # step ids do not matter, only tools and the direction
    renumbered = [
        {"id": "s7", "tool": "speech", "depends_on": []},
        {"id": "s2", "tool": "avatar", "depends_on": ["s9", "s7"]},
        {"id": "s9", "tool": "image", "depends_on": []},
    ]
    assert edge_multiset(renumbered) == edge_multiset(plan)
    assert edge_counts(steps("mesh", "video<s1"), steps("video", "mesh<s1")) == Counts(tp=0, fp=1, fn=1)


def test_edges_from_refs_and_dangling_dependencies() -> None:
    with_ref = [
        {"id": "s1", "tool": "mesh", "args": {"prompt": "chair"}},
        {"id": "s2", "tool": "video", "args": {"source": {"$ref": "s1"}}},
    ]
    assert edge_multiset(with_ref) == Counter({("mesh", "video"): 1})
    # an edge is counted once even when it is both in depends_on and in a $ref
    both = [{"id": "s1", "tool": "mesh"}, {"id": "s2", "tool": "video", "depends_on": ["s1"], "args": {"source": {"$ref": "s1"}}}]
    assert edge_multiset(both) == Counter({("mesh", "video"): 1})
    # a dependency on an id outside the plan, or an uploaded $artifact, is not an edge
    assert edge_multiset([{"id": "s1", "tool": "video", "depends_on": ["s5"], "args": {"source": {"$artifact": "a1"}}}]) == Counter()


def test_normalize_plan_accepts_pydantic_plans_and_none() -> None:
    plan = Plan(steps=[Step(id="s1", tool="image"), Step(id="s2", tool="mesh", args={"source": {"$ref": "s1"}})], language="en")
    assert [(s.id, s.tool, s.depends_on) for s in normalize_plan(plan)] == [("s1", "image", ()), ("s2", "mesh", ("s1",))]
    assert normalize_plan(plan.steps) == normalize_plan(plan)
    assert normalize_plan({"steps": steps("image")}) == normalize_plan(steps("image"))
    assert normalize_plan(None) == [] and normalize_plan(Plan()) == []
    assert tool_multiset(plan) == Counter({"image": 1, "mesh": 1})


def test_exact_match_and_no_tool_agreement() -> None:
    assert exact_plan_match([], [])
    assert exact_plan_match(steps("image", "mesh<s1"), [{"id": "s3", "tool": "image"}, {"id": "s1", "tool": "mesh", "depends_on": ["s3"]}])
    assert not exact_plan_match(steps("image", "mesh<s1"), steps("image", "mesh"))  # edge missing
    assert not exact_plan_match(steps("mesh", "mesh"), steps("mesh"))  # multiset, not set
    assert no_tool_agreement([], []) and no_tool_agreement(steps("image"), steps("video"))
    assert not no_tool_agreement([], steps("image")) and not no_tool_agreement(steps("image"), None)


# ---------------------------------------------------------------- aggregate (micro average)


def test_evaluate_micro_averages_by_hand() -> None:
    pairs = [
        (steps("mesh", "video<s1"), steps("mesh", "video<s1")),  # tools 2/0/0, edges 1/0/0, exact
        (steps("image", "mesh<s1"), steps("image", "mesh")),  # tools 2/0/0, edges 0/0/1
        (steps("mesh", "mesh"), steps("mesh")),  # tools 1/0/1
        ([], []),  # counts nothing, correct under both accuracies
        ([], steps("image")),  # tools 0/1/0, no-tool wrong
        (steps("speech", "avatar<s1"), []),  # tools 0/0/2, edges 0/0/1, no-tool wrong
    ]
    scores = evaluate(pairs)
    assert scores.n == 6
    assert scores.tools == Counts(tp=5, fp=1, fn=3)
    assert scores.edges == Counts(tp=1, fp=0, fn=2)
    assert scores.tools.precision == pytest.approx(5 / 6)
    assert scores.tools.recall == pytest.approx(5 / 8)
    assert scores.tools.f1 == pytest.approx(10 / 14)
    assert scores.edges.precision == pytest.approx(1.0)
    assert scores.edges.recall == pytest.approx(1 / 3)
    assert scores.edges.f1 == pytest.approx(0.5)
    assert scores.exact_plan_accuracy == pytest.approx(2 / 6)
    assert scores.no_tool_accuracy == pytest.approx(4 / 6)
    row = scores.as_dict()
    assert row["n"] == 6 and row["edge_f1"] == pytest.approx(0.5)


def test_evaluate_all_empty_and_no_pairs() -> None:
    scores = evaluate([([], []), ([], [])])
    assert scores.tools == Counts() and scores.edges == Counts()
    assert (scores.tools.f1, scores.edges.f1, scores.exact_plan_accuracy, scores.no_tool_accuracy) == (1.0, 1.0, 1.0, 1.0)
    empty = evaluate([])
    assert empty.n == 0 and empty.exact_plan_accuracy == 0.0


def test_percentile_interpolates_like_numpy() -> None:
    values = [4.0, 1.0, 3.0, 2.0]
    assert percentile(values, 50) == pytest.approx(2.5)
    assert percentile(values, 0) == 1.0 and percentile(values, 100) == 4.0
    assert percentile(list(range(1, 101)), 95) == pytest.approx(95.05)
    assert percentile([7.0], 95) == 7.0
    assert math.isnan(percentile([], 50))
    with pytest.raises(ValueError):
        percentile(values, 101)


# ---------------------------------------------------------------- the dev set itself


def _dev_rows() -> list[dict]:
    with DEV_SET.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _edges(row: dict) -> list[tuple[str, str]]:
    by_id = {step["id"]: step for step in row["steps"]}
    return [(dep, step["id"]) for step in row["steps"] for dep in step["depends_on"] if dep in by_id]


def test_dev_set_is_well_formed() -> None:
    rows = _dev_rows()
    assert len(rows) >= 100
    ids = [row["id"] for row in rows]
    assert len(set(ids)) == len(ids), "ids must be unique"
    texts = [row["text"].strip().lower() for row in rows]
    assert len(set(texts)) == len(texts), "texts must be unique"
    for row in rows:
        assert set(row) <= {"id", "lang", "text", "category", "steps", "attachments"}, row["id"]
        assert row["lang"] in ("en", "ko"), row["id"]
        assert re.fullmatch(rf"{row['lang']}-\d{{3}}", row["id"]), row["id"]
        assert row["text"].strip() == row["text"] and row["text"], row["id"]
        assert bool(HANGUL.search(row["text"])) == (row["lang"] == "ko"), f"{row['id']}: language and script disagree"
        assert row["category"] in ("single", "chain", "parallel", "none"), row["id"]
        for kind in row.get("attachments", []):
            assert kind in ARTIFACT_KINDS, row["id"]
        seen: list[str] = []
        for index, step in enumerate(row["steps"], start=1):
            assert set(step) == {"id", "tool", "depends_on"}, row["id"]
            assert step["id"] == f"s{index}", f"{row['id']}: steps are numbered s1, s2, ... in order"
            assert step["tool"] in installed_specs(), f"{row['id']}: unknown tool {step['tool']}"
            assert len(set(step["depends_on"])) == len(step["depends_on"]), row["id"]
            for dep in step["depends_on"]:
                assert dep in seen, f"{row['id']}: {step['id']} depends on {dep}, which is not an earlier step"
            seen.append(step["id"])


def test_dev_set_edges_are_well_typed() -> None:
    """Every labelled edge is one the consumer can take: a producer's output kind is accepted
    by one of the consumer's reference arguments (the tool classes' specs, agent.registry.installed_specs)."""
    for row in _dev_rows():
        tool_of = {step["id"]: step["tool"] for step in row["steps"]}
        for source, target in _edges(row):
            producer, consumer = installed_specs()[tool_of[source]], installed_specs()[tool_of[target]]
            accepted = {kind for kinds in consumer.consumes.values() for kind in kinds}
            assert accepted & set(producer.produces), f"{row['id']}: {producer.name} -> {consumer.name} is not a typed edge"


def test_dev_set_categories_match_steps() -> None:
    for row in _dev_rows():
        n_steps, n_edges = len(row["steps"]), len(_edges(row))
        expected = {
            "none": n_steps == 0,
            "single": n_steps == 1,
            "chain": n_edges >= 1,
            "parallel": n_steps >= 2 and n_edges == 0,
        }[row["category"]]
        assert expected, f"{row['id']}: category {row['category']} but {n_steps} steps and {n_edges} edges"


def test_dev_set_transcribe_has_an_audio_upload() -> None:
    """A transcription that does not consume a step's audio must come with an uploaded one."""
    for row in _dev_rows():
        for step in row["steps"]:
            if step["tool"] == "transcribe" and not step["depends_on"]:
                assert "audio" in row.get("attachments", []), row["id"]


def test_dev_set_balance() -> None:
    rows = _dev_rows()
    korean = sum(row["lang"] == "ko" for row in rows)
    assert korean / len(rows) >= 0.45
    assert sum(row["lang"] == "en" for row in rows) / len(rows) >= 0.45
    no_tool = sum(row["category"] == "none" for row in rows) / len(rows)
    assert 0.12 <= no_tool <= 0.25, f"no-tool share {no_tool:.2f}"
    for lang in ("en", "ko"):
        lang_rows = [row for row in rows if row["lang"] == lang]
        single_tools = Counter(row["steps"][0]["tool"] for row in lang_rows if row["category"] == "single")
        all_tools = Counter(step["tool"] for row in lang_rows for step in row["steps"])
        for tool in installed_specs():
            assert all_tools[tool] >= 2, f"{tool} appears {all_tools[tool]} times in {lang}"
            assert single_tools[tool] >= 2, f"{tool} is a single-tool request {single_tools[tool]} times in {lang}"
        categories = Counter(row["category"] for row in lang_rows)
        assert categories["chain"] >= 10 and categories["parallel"] >= 5, f"{lang}: {categories}"
        assert any(len(row["steps"]) >= 3 and len(_edges(row)) >= 2 for row in lang_rows), f"{lang}: no 3-step chain"


# ---------------------------------------------------------------- the runner, with a fake planner


class _EchoGoldPlanner:
    """Answers each dev-set text with its gold plan (or a wrong one for chosen texts)."""

    def __init__(self, wrong: set[str]) -> None:
        self._gold = {row["text"]: row for row in _dev_rows()}
        self._wrong = wrong
        self.seen_attachments: dict[str, int] = {}

    async def plan(self, request, ctx) -> Plan:  # noqa: ANN001 - the Planner protocol's shape
        row = self._gold[request.text]
        self.seen_attachments[row["id"]] = len(ctx.attachments)
        if row["id"] in self._wrong:
            return Plan(steps=[], language=row["lang"])
        return Plan(steps=[Step(**step) for step in row["steps"]], language=row["lang"])


def test_run_scores_a_planner_and_reports_mismatches() -> None:
    from bench.planner import format_errors, format_table, run

    chain_id = next(row["id"] for row in _dev_rows() if row["lang"] == "ko" and row["category"] == "chain")
    planner = _EchoGoldPlanner(wrong={chain_id})
    result = run(DEV_SET, planner=planner, warmup=2)
    overall, ko, en = result["rows"]["overall"], result["rows"]["ko"], result["rows"]["en"]
    assert overall["n"] == len(_dev_rows()) == ko["n"] + en["n"]
    assert en["tool_f1"] == 1.0 and en["edge_f1"] == 1.0 and en["exact_plan_accuracy"] == 1.0
    assert ko["tool_recall"] < 1.0 and ko["edge_recall"] < 1.0 and ko["tool_precision"] == 1.0
    assert [m["id"] for m in result["mismatches"]] == [chain_id]
    assert result["rows"]["overall"]["p95_ms"] >= result["rows"]["overall"]["p50_ms"] >= 0.0
    assert set(result["rows"]["overall"]["checks"]) == {"tool_f1", "edge_f1", "exact_plan_accuracy", "p50_ms", "p95_ms"}
    uploads = {row["id"]: len(row.get("attachments", [])) for row in _dev_rows()}
    assert planner.seen_attachments == uploads
    table = format_table(result)
    assert "overall" in table and "PASS" in table
    assert chain_id in format_errors(result)
    only_en = run(DEV_SET, "en", planner=_EchoGoldPlanner(wrong=set()), warmup=0)
    assert set(only_en["rows"]) == {"overall", "en"} and only_en["mismatches"] == []
