"""The ordinary-traffic set of issue 20: what a player reads and hears carries no step ids, tool or
backend names, sizes or scores, and a Korean turn is answered in Korean.

The inputs are the planner's untouched test requests (bench/data/planner_fresh2.jsonl: 40 English,
40 Korean, chat and asset requests), run through the product's pieces: the embedded planner on
MiniLM, the real tools (at small sizes, so the test stays fast; the words they return do not
depend on the size), the embedded moderation guard and the embedded responder, each request with
one of the bundled personas or none. ``python -m bench.replies`` does the same at full size.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.orchestrator import Orchestrator
from agent.registry import ToolRegistry
from agent.text import hangul_ratio
from agent.types import Request
from bench.replies import PERSONAS, TECHNICAL, korean_share, quick_tools
from persona.library import PersonaLibrary
from persona.responder import reply_for
from persona.safety.audit import AuditLog
from persona.safety.classifier import EmbeddedClassifier
from persona.safety.guard import SafetyGuard
from persona.turns import TurnSafety

DATA = Path(__file__).resolve().parents[1] / "bench" / "data" / "planner_fresh2.jsonl"


@pytest.fixture(scope="module")
def planner():
    from agent.planner.embedded import EmbeddedPlanner

    return EmbeddedPlanner.load()


@pytest.fixture
def orchestrator(settings, planner) -> Orchestrator:
    registry = ToolRegistry(settings=settings)
    for tool in quick_tools():
        registry.register(tool)
    guard = SafetyGuard(classifier=EmbeddedClassifier(use_embeddings=False), audit=AuditLog.under(settings.data_dir))
    return Orchestrator(settings=settings, registry=registry, planner=planner, embedded_reply=reply_for,
                        safety=TurnSafety(personas=PersonaLibrary(), guard=guard))


async def test_ordinary_traffic_replies_are_player_facing_and_in_the_turns_language(orchestrator):
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    leaks, korean_letters, korean_hangul, worst = [], 0, 0.0, (1.0, "")
    made = 0
    for index, row in enumerate(rows):
        request = Request(text=row["text"], persona=PERSONAS[index % len(PERSONAS)], session_id=f"s{index}")
        said = []
        async for event in orchestrator.turn(request):
            if event.kind in ("message", "message_delta") and event.message:
                said.append(event.message)
            made += event.kind == "artifact"
        for text in said:
            if TECHNICAL.search(text):
                leaks.append((row["id"], TECHNICAL.search(text).group(0), text))
        if row["lang"] == "ko":
            letters = sum(ch.isalpha() for text in said for ch in text)
            korean_letters += letters
            korean_hangul += hangul_ratio(" ".join(said)) * letters
            worst = min(worst, (korean_share(said, request.persona), f"{row['id']}: {' | '.join(said)}"))
    assert made >= 20, "the set makes real assets (the summaries under test come from real tools)"
    assert not leaks, f"{len(leaks)} replies carry technical words: {leaks[:5]}"
    assert korean_hangul / korean_letters >= 0.95, f"Korean replies are {korean_hangul / korean_letters:.1%} Hangul"
    assert worst[0] >= 0.85, f"the least Korean Korean reply (the persona's name left out): {worst}"
