"""TaskBench-style planner metrics: tool (node) F1, dependency-edge F1, exact-plan and
no-tool accuracy, plus latency percentiles.

Everything here is a pure function over plain data so that any planner's output can be
scored. A plan is given as a ``Plan``, a list of ``Step`` objects or a list of mappings with
``tool`` and ``depends_on`` (and ``id``); arguments are not scored.

Conventions (the ones TaskBench uses, written down because empty plans make them matter):

- Tool counts compare the *multiset* of tool names of one request: gold ``[mesh, mesh]``
  against predicted ``[mesh]`` is one true positive and one false negative.
- An edge is ``(tool of the step depended on, tool of the dependent step)``, i.e. producer
  then consumer, taken from ``depends_on`` and from any ``{"$ref": ...}`` in the arguments;
  edges are compared as multisets per request as well.
- Counts are summed over all requests before precision/recall/F1 are taken (micro average).
  A request whose gold and predicted plans are both empty adds nothing to the counts.
- Precision with nothing predicted, or recall with nothing to find, is 0.0 -- except when
  there is neither anything predicted nor anything to find, where P = R = F1 = 1.0 (a
  planner that correctly predicts no edges on a set without edges made no mistake).
- Exact-plan accuracy: same tool multiset and same edge multiset. No-tool accuracy: both
  plans empty, or both non-empty. Two empty plans are correct under both.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

Edge = tuple[str, str]


@dataclass(frozen=True)
class StepShape:
    """The scored part of a step: its id, tool and the ids it depends on."""

    id: str
    tool: str
    depends_on: tuple[str, ...] = ()


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives, with derived P/R/F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        if self.tp + self.fp == 0:
            return 1.0 if self.fn == 0 else 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.tp + self.fn == 0:
            return 1.0 if self.fp == 0 else 0.0
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        if self.tp + self.fp + self.fn == 0:
            return 1.0
        # 2TP / (2TP + FP + FN) equals the harmonic mean of P and R whenever both are defined.
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)


@dataclass(frozen=True)
class Scores:
    """Aggregate scores over a set of (gold, predicted) plan pairs."""

    n: int
    tools: Counts
    edges: Counts
    exact_plan_accuracy: float
    no_tool_accuracy: float

    def as_dict(self) -> dict[str, float | int]:
        """A flat JSON-friendly view (used by the bench table and ``app.py bench --json``)."""
        return {
            "n": self.n,
            "tool_precision": self.tools.precision,
            "tool_recall": self.tools.recall,
            "tool_f1": self.tools.f1,
            "edge_precision": self.edges.precision,
            "edge_recall": self.edges.recall,
            "edge_f1": self.edges.f1,
            "exact_plan_accuracy": self.exact_plan_accuracy,
            "no_tool_accuracy": self.no_tool_accuracy,
        }


def _refs(value: Any) -> list[str]:
    """Step ids named by ``{"$ref": id}`` objects anywhere inside an argument value."""
    found: list[str] = []
    if isinstance(value, Mapping):
        if set(value) == {"$ref"} and isinstance(value["$ref"], str):
            found.append(value["$ref"])
        else:
            for item in value.values():
                found.extend(_refs(item))
    elif isinstance(value, (list, tuple)):
        for item in value:
            found.extend(_refs(item))
    return found


def _field(step: Any, name: str, default: Any = None) -> Any:
    if isinstance(step, Mapping):
        return step.get(name, default)
    return getattr(step, name, default)


def normalize_plan(plan: Any) -> list[StepShape]:
    """The scored shape of a plan given as a ``Plan``, a sequence of ``Step``s or of dicts.

    ``None`` means an empty plan. Dependencies are the union of ``depends_on`` and ``$ref``
    targets in the arguments, in first-seen order; a step without an id gets ``s<index>``.
    """
    if plan is None:
        return []
    steps = _field(plan, "steps", plan) if not isinstance(plan, (list, tuple)) else plan
    shapes: list[StepShape] = []
    for index, step in enumerate(steps or (), start=1):
        deps: list[str] = []
        for dep in list(_field(step, "depends_on", None) or ()) + _refs(_field(step, "args", None) or {}):
            if dep not in deps:
                deps.append(str(dep))
        shapes.append(StepShape(id=str(_field(step, "id", None) or f"s{index}"), tool=str(_field(step, "tool")), depends_on=tuple(deps)))
    return shapes


def tool_multiset(plan: Any) -> Counter[str]:
    """How many times each tool appears in a plan."""
    return Counter(step.tool for step in normalize_plan(plan))


def edge_multiset(plan: Any) -> Counter[Edge]:
    """The plan's dependency edges as ``(producer tool, consumer tool)`` pairs.

    A dependency on an id that is not a step of the plan is ignored (it has no tool).
    """
    steps = normalize_plan(plan)
    tool_of = {step.id: step.tool for step in steps}
    return Counter((tool_of[dep], step.tool) for step in steps for dep in step.depends_on if dep in tool_of)


def compare_multisets(gold: Counter[Any], predicted: Counter[Any]) -> Counts:
    """TP/FP/FN between two multisets: TP is the size of their intersection."""
    tp = sum((gold & predicted).values())
    return Counts(tp=tp, fp=sum(predicted.values()) - tp, fn=sum(gold.values()) - tp)


def tool_counts(gold: Any, predicted: Any) -> Counts:
    """Node (tool-name) counts of one request."""
    return compare_multisets(tool_multiset(gold), tool_multiset(predicted))


def edge_counts(gold: Any, predicted: Any) -> Counts:
    """Dependency-edge counts of one request."""
    return compare_multisets(edge_multiset(gold), edge_multiset(predicted))


def exact_plan_match(gold: Any, predicted: Any) -> bool:
    """Same tools (as a multiset) and same edges (as a multiset); two empty plans match."""
    return tool_multiset(gold) == tool_multiset(predicted) and edge_multiset(gold) == edge_multiset(predicted)


def no_tool_agreement(gold: Any, predicted: Any) -> bool:
    """Whether both plans are empty or both are non-empty."""
    return (len(normalize_plan(gold)) == 0) == (len(normalize_plan(predicted)) == 0)


def evaluate(pairs: Iterable[tuple[Any, Any]]) -> Scores:
    """Micro-averaged scores over ``(gold, predicted)`` pairs; an empty set scores 0 requests
    with F1 1.0 (no counts) and accuracies 0.0."""
    tools = Counts()
    edges = Counts()
    exact = agree = n = 0
    for gold, predicted in pairs:
        n += 1
        tools += tool_counts(gold, predicted)
        edges += edge_counts(gold, predicted)
        exact += exact_plan_match(gold, predicted)
        agree += no_tool_agreement(gold, predicted)
    return Scores(
        n=n,
        tools=tools,
        edges=edges,
        exact_plan_accuracy=exact / n if n else 0.0,
        no_tool_accuracy=agree / n if n else 0.0,
    )


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) with linear interpolation between order statistics
    (numpy's default method); NaN for no values."""
    if not 0.0 <= q <= 100.0:
        raise ValueError(f"percentile q must lie in [0, 100], got {q}")
    if not values:
        return math.nan
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100.0
    lower = math.floor(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)
