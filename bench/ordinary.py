"""Ordinary traffic for the moderation guard (issue 15): what real players and NPCs say that must
never be flagged.

The lines are the product's own: every request quoted in README.md, every request in
``bench/data/planner_*.jsonl``, every line of the bundled persona cards (description, greetings,
example lines, knowledge, look, deflections and refusals), and the replies the embedded responder
gives to the planner requests and to "describe this motion" on the labelled mocap clips (run as
real turns: the embedded planner, the real tools at small sizes, moderation off so that every
reply is written, then each reply checked as the reply window checks it).

    python -m bench.ordinary [--no-replies] [--show]     # the false-flag rate and the offenders

Target: at most 0.5 % of the lines flagged, over at least 600 lines.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data"
README = ROOT / "README.md"
MOCAP = DATA / "mocap"
PERSONAS = (None, "blacksmith", "museum-guide", "station-ai")
TARGET_RATE = 0.005
MIN_LINES = 600
CARD_FIELDS = ("description", "greetings", "example_lines", "knowledge")

# A quoted request in the README: words, not code ("{...}", "event['x']", flags, paths).
_QUOTED = re.compile(r"[\"“]([^\"”\n]{4,300})[\"”]")
_CODE = re.compile(r"[{}\[\]`=<>$\\]|^[^\w가-힣]|\w\(|\)\s*\+|^\W*$|^[a-z_]+\.[a-z]+$|\b[a-z]+_[\w.]*|^[A-Z][a-z]+: ")


@dataclass(frozen=True)
class OrdinaryLine:
    """One line of ordinary traffic: where it comes from, the words, and how it is checked."""

    source: str  # "readme", "planner_dev.jsonl", "card:blacksmith", "reply:planner_dev.jsonl", ...
    text: str
    stage: str = "input"  # "input" for what a user types, "output" for what an NPC says
    persona: str | None = None


def readme_requests(path: Path = README) -> list[str]:
    """Every quoted phrase of two words or more in the README that reads as words, not code."""
    seen: dict[str, None] = {}
    for match in _QUOTED.finditer(path.read_text(encoding="utf-8")):
        text = match.group(1).strip()
        if len(text.split()) >= 2 and not _CODE.search(text) and any(ch.isalpha() for ch in text):
            seen.setdefault(text, None)
    return list(seen)


def planner_rows(directory: Path = DATA) -> list[tuple[str, dict[str, Any]]]:
    """``(set name, row)`` for every request of every planner set."""
    rows = []
    for path in sorted(directory.glob("planner_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append((path.name, json.loads(line)))
    return rows


def card_lines() -> list[OrdinaryLine]:
    """What the bundled personas say of themselves, checked as their own words (output stage)."""
    from persona.library import PersonaLibrary

    lines = []
    for card in PersonaLibrary().all():
        texts: list[str] = []
        for name in CARD_FIELDS:
            value = getattr(card, name)
            texts.extend(value if isinstance(value, list) else [value])
        texts.append(card.look.description)
        for table in (card.safety.deflections, card.safety.refusals):
            for said in table.values():
                texts.extend(said)
        lines.extend(OrdinaryLine(source=f"card:{card.id}", text=t, stage="output", persona=card.id)
                     for t in texts if t and t.strip())
    return lines


def request_lines() -> list[OrdinaryLine]:
    """README requests and planner requests (input stage, each with a bundled persona or none, in turn)."""
    lines = [OrdinaryLine(source="readme", text=t) for t in readme_requests()]
    for index, (name, row) in enumerate(planner_rows()):
        lines.append(OrdinaryLine(source=name, text=row["text"], persona=PERSONAS[index % len(PERSONAS)]))
    return lines


async def _replies(rows: Iterable[tuple[str, str, str | None, list[Path]]], data_dir: Path) -> list[OrdinaryLine]:
    """The embedded responder's reply to each ``(source, request, persona, uploads)``, moderation off."""
    from agent.config import SafetySettings, Settings
    from agent.orchestrator import Orchestrator
    from agent.planner.embedded import EmbeddedPlanner
    from agent.registry import ToolRegistry
    from agent.store import ArtifactStore
    from agent.text import has_hangul
    from agent.types import Plan, Request, Step
    from bench.replies import quick_tools
    from persona.responder import reply_for
    from persona.turns import TurnSafety

    settings = Settings(data_dir=data_dir, safety=SafetySettings(moderation=False))
    registry = ToolRegistry(settings=settings)
    for tool in quick_tools():
        registry.register(tool)
    orchestrator = Orchestrator(settings=settings, registry=registry, planner=EmbeddedPlanner.load(),
                                embedded_reply=reply_for, safety=TurnSafety.for_settings(settings))
    out = []
    for index, (source, text, persona, uploads) in enumerate(rows):
        session = f"ordinary-{index}"
        store = ArtifactStore(data_dir=data_dir, session_id=session, user_id="player")
        attachments = [store.add(path, kind="motion").id for path in uploads]
        request = Request(text=text, persona=persona, session_id=session, user_id="player", attachments=attachments)
        # an uploaded clip is described as the README does it: the motion tool with the upload as source
        plan = Plan(steps=[Step(id="s1", tool="motion", args={"prompt": text, "source": {"$artifact": attachments[0]}})],
                    language="ko" if has_hangul(text) else "en") if uploads else None
        async for event in orchestrator.turn(request, plan=plan):
            if event.kind == "error" and uploads:  # a mocap turn that fails tests nothing: say so
                raise RuntimeError(f"describing {uploads[0].name} failed: {event.error}")
            if event.kind == "message" and event.message and (event.data or {}).get("stage") != "ack":
                out.append(OrdinaryLine(source=f"reply:{source}", text=event.message, stage="output",
                                        persona=persona))
    return out


def reply_lines(requests: list[OrdinaryLine] | None = None) -> list[OrdinaryLine]:
    """The replies to the planner requests and to "describe this motion" on every labelled mocap clip."""
    requests = request_lines() if requests is None else requests
    rows = [(line.source, line.text, line.persona, []) for line in requests if line.source != "readme"]
    for index, clip in enumerate(sorted(MOCAP.glob("*.bvh"))):
        ask = ("describe this motion", "describe this", "이 모션 설명해")[index % 3]
        rows.append((f"mocap/{clip.name}", ask, PERSONAS[index % len(PERSONAS)], [clip]))
    with tempfile.TemporaryDirectory(prefix="atelier-ordinary-") as scratch:
        return asyncio.run(_replies(rows, Path(scratch)))


def ordinary_lines(*, replies: bool = True) -> list[OrdinaryLine]:
    """Every line of ordinary traffic: requests, persona cards and (``replies``) the replies."""
    requests = request_lines()
    return [*requests, *card_lines(), *(reply_lines(requests) if replies else [])]


@dataclass
class FalseFlag:
    line: OrdinaryLine
    checked: str  # the window of a reply that was flagged, or the line itself
    action: str
    reason: str


def false_flags(guard: Any, lines: list[OrdinaryLine]) -> list[FalseFlag]:
    """The lines the guard flags. Requests and card lines are checked whole; a reply is checked the
    way a shown reply is, window by window (``SafetyGuard.output_window``)."""
    from persona.library import PersonaLibrary

    library = PersonaLibrary()
    flagged = []
    for line in lines:
        card = library.get(line.persona) if line.persona else None
        if line.source.startswith("reply:"):
            window = guard.output_window(persona=card, session="ordinary")
            window.feed(line.text)
            window.close()
            for checked, decision in zip(window.windows, window.decisions):
                if decision.flagged:
                    flagged.append(FalseFlag(line, checked, decision.action, decision.reason))
                    break
            continue
        decision = guard.check(line.text, stage=line.stage, persona=card, session="ordinary")
        if decision.flagged:
            flagged.append(FalseFlag(line, line.text, decision.action, decision.reason))
    return flagged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ordinary", description=__doc__.splitlines()[0])
    parser.add_argument("--no-replies", action="store_true", help="requests and cards only (no turns run)")
    parser.add_argument("--show", action="store_true", help="list every line that was flagged")
    args = parser.parse_args(argv)
    from persona.safety.classifier import EmbeddedClassifier
    from persona.safety.guard import SafetyGuard

    lines = ordinary_lines(replies=not args.no_replies)
    guard = SafetyGuard(classifier=EmbeddedClassifier().warm(), audit=None)
    flags = false_flags(guard, lines)
    by_source: dict[str, list[int]] = {}
    flagged_ids = {id(f.line) for f in flags}
    for line in lines:
        key = line.source.split(":")[0] if line.source.startswith("card:") else line.source
        counts = by_source.setdefault(key, [0, 0])
        counts[0] += 1
        counts[1] += id(line) in flagged_ids
    print(f"{'source':<34}{'lines':>7}{'flagged':>9}")
    for key, (total, hit) in sorted(by_source.items()):
        print(f"{key:<34}{total:>7}{hit:>9}")
    rate = len(flags) / len(lines)
    print(f"{'all':<34}{len(lines):>7}{len(flags):>9}   false-flag rate {rate:.2%} (target <= {TARGET_RATE:.1%})")
    if args.show:
        for flag in flags:
            shown = flag.line.text if flag.checked == flag.line.text else f"{flag.checked!r} in {flag.line.text!r}"
            print(f"  [{flag.line.source}] {flag.action}: {shown[:300]}  ({flag.reason})")
    return 0 if rate <= TARGET_RATE else 1


if __name__ == "__main__":
    sys.exit(main())
