"""Every example of docs/plan-conventions.md, planned by the shipped planner (rules + learned stage).

The table is parsed from the page itself, so an example added there is checked here. A file
named in a request is given as an upload of its kind (files named are inputs, not steps), and a
request that transcribes "this recording" comes with one.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from agent.planner.base import PlanContext
from agent.planner.embedded import EmbeddedPlanner
from agent.planner.learned import named_files
from agent.types import Artifact, Request

PAGE = Path(__file__).resolve().parent.parent / "docs" / "plan-conventions.md"
_STEP = re.compile(r"^(s\d+)\s+(\w+)(?:\[([\w,\s]*)\])?$")


def examples() -> list[tuple[str, list[tuple[str, str, list[str]]]]]:
    """(request, [(id, tool, depends_on)]) of each row of the page's "Examples" table."""
    text = PAGE.read_text(encoding="utf-8")
    section = text.split("## Examples", 1)[1]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 2 or cells[0] in ("request", "") or set(cells[0]) <= set("-: "):
            continue
        request, plan = cells
        steps = []
        if plan != "(none)":
            for part in plan.split(";"):
                match = _STEP.match(part.strip())
                assert match, f"cannot read plan {plan!r} of {request!r} in {PAGE.name}"
                deps = [d.strip() for d in (match.group(3) or "").split(",") if d.strip()]
                steps.append((match.group(1), match.group(2), deps))
        rows.append((request, steps))
    return rows


def shape(steps: list[tuple[str, str, list[str]]]) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    tools = {ident: tool for ident, tool, _ in steps}
    return Counter(tools.values()), Counter((tools[d], tool) for _, tool, deps in steps for d in deps)


def test_the_page_has_english_and_korean_examples() -> None:
    rows = examples()
    assert len(rows) >= 15
    assert any(re.search("[가-힣]", request) for request, _ in rows)
    assert any(not re.search("[가-힣]", request) for request, _ in rows)


@pytest.fixture(scope="module")
def planner() -> EmbeddedPlanner:
    return EmbeddedPlanner.load()


def _uploads(request: str, steps: list[tuple[str, str, list[str]]]) -> tuple[Artifact, ...]:
    kinds = [kind for _, kind in named_files(request)]
    if any(tool == "transcribe" for _, tool, _ in steps) and "audio" not in kinds:
        kinds.append("audio")  # "이 녹음 받아 적고": the recording comes with the request
    return tuple(Artifact(id=f"up-{i}", kind=kind, path=Path(f"up-{i}.{kind}"), mime="application/octet-stream",
                          sha256="0" * 64, meta={"source": "upload"}) for i, kind in enumerate(kinds, start=1))


@pytest.mark.parametrize(("request_text", "steps"), examples(), ids=[row[0][:40] for row in examples()])
def test_the_planner_follows_every_example(planner: EmbeddedPlanner, request_text: str,
                                           steps: list[tuple[str, str, list[str]]]) -> None:
    uploads = _uploads(request_text, steps)
    plan = planner.plan_sync(Request(text=request_text, attachments=[a.id for a in uploads]),
                             PlanContext(attachments=uploads))
    got = [(step.id, step.tool, list(step.depends_on)) for step in plan.steps]
    assert shape(got) == shape(steps), f"{request_text!r}: planned {got}, the page says {steps}"
