"""Issue 15: ordinary traffic is not flagged. Every request quoted in the README, every request of
``bench/data/planner_*.jsonl``, every line of the bundled persona cards and the replies the
embedded responder gives (run as real turns: the embedded planner, the real tools at small sizes)
go through the moderation guard; at most 0.5 % may be flagged, and the offenders are listed.

The replies to all ~600 planner requests take about a minute (``-m slow``, and
``python -m bench.ordinary``); by default the replies to one planner set and to "describe this
motion" on every labelled mocap clip are checked.
"""

from __future__ import annotations

import pytest

from bench.ordinary import (MIN_LINES, PERSONAS, TARGET_RATE, OrdinaryLine, card_lines, false_flags, reply_lines,
                            request_lines)
from persona.library import bundled_persona
from persona.safety.classifier import EmbeddedClassifier
from persona.safety.guard import SafetyGuard

#: the lines issue 15 names: the README's own phrasing for motion-to-text and a planner request
NAMED = ["describe this motion", "describe this", "이 모션 설명해",
         "Generate an image of an elf archer and use it as the face of a talking avatar saying 'Follow me'"]


@pytest.fixture(scope="module")
def guard() -> SafetyGuard:
    return SafetyGuard(classifier=EmbeddedClassifier().warm(), audit=None)


def _report(flags) -> str:
    return "\n".join(f"[{f.line.source}] {f.action}: {f.checked!r} ({f.reason})" for f in flags)


def test_the_lines_the_issue_names_pass_for_every_persona(guard):
    for text in NAMED:
        for persona in PERSONAS:
            decision = guard.check(text, persona=bundled_persona(persona) if persona else None)
            assert not decision.flagged, f"{text!r} ({persona}): {decision.reason}"
    window = guard.output_window(persona=bundled_persona("blacksmith"))
    reply = "The hop is a 1.1 s jump. It lands at 3 p.m. on the mat."
    assert window.feed(reply[:22]) + window.feed(reply[22:]) + window.close() == reply
    assert window.windows == ["The hop is a 1.1 s jump. ", "It lands at 3 p.m. on the mat."]


def test_requests_and_persona_cards_are_not_flagged(guard):
    lines = [*request_lines(), *card_lines(), *(OrdinaryLine(source="issue", text=t) for t in NAMED)]
    assert len(lines) >= MIN_LINES
    assert {line.source for line in lines} >= {"readme", "planner_dev.jsonl", "card:blacksmith", "card:museum-guide"}
    flags = false_flags(guard, lines)
    assert len(flags) <= TARGET_RATE * len(lines), f"{len(flags)}/{len(lines)} flagged:\n{_report(flags)}"


def test_replies_to_one_planner_set_and_to_motion_descriptions_are_not_flagged(guard):
    requests = [line for line in request_lines() if line.source == "planner_fresh2.jsonl"]
    replies = reply_lines(requests)
    assert sum(r.source.startswith("reply:mocap/") for r in replies) >= 15  # the clips were described
    assert any("jump" in r.text for r in replies if r.source.startswith("reply:mocap/"))
    flags = false_flags(guard, replies)
    assert len(flags) <= max(1, TARGET_RATE * len(replies)), _report(flags)


@pytest.mark.slow
def test_every_reply_to_every_planner_request_is_not_flagged(guard):
    replies = reply_lines()
    assert len(replies) >= 600
    flags = false_flags(guard, replies)
    assert len(flags) <= TARGET_RATE * len(replies), f"{len(flags)}/{len(replies)} flagged:\n{_report(flags)}"
