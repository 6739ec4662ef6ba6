"""Replies on ordinary traffic (issue 20): how many replies a player would read or hear carry
technical words (step ids, tool or backend names, sizes, scores), and how Korean the Korean ones are.

The inputs are the planner benchmark's requests (English and Korean: chat, asset requests,
edits, follow-ups), each run as a turn through the product's pieces: the embedded planner on
MiniLM, the real tools (small output sizes by default; ``--full-size`` for the real ones), the
embedded moderation guard and the embedded responder, with one of the bundled personas or none.

    python -m bench.replies [--data bench/data/planner_fresh2.jsonl ...] [--full-size] [--show]

Targets: 0 replies with technical words; Korean replies >= 95 % Hangul among their letters.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"
DEFAULT_SETS = ("planner_fresh2.jsonl", "planner_holdout.jsonl")
PERSONAS = (None, "blacksmith", "museum-guide", "station-ai")
TECHNICAL = re.compile(
    r"\bs\d{1,3}\b|\((?:image|panorama|video|mesh|motion|speech|transcribe|avatar|level)\)|"
    r"\b(?:embedded|neural|e[Ss]peak|pocketsphinx|whisper|coqui|shap-?e|diffusers|controlnet|composer|renderer|"
    r"backend|pipeline|lexicon|classifier|score|triangles?|fps|node)\b|"
    r"\d(?:\.\d+)?\s*×\s*\d|\b\d\.\d{2}\s*(?:>=|<=|>|<)|\$ref|\$artifact|\ba_[0-9a-f]{8,}", re.IGNORECASE)
# small outputs: the words a tool returns do not depend on its size, the test's time does
QUICK = {"image": {"width": 64, "height": 64}, "panorama": {"width": 256}, "video": {"width": 64, "height": 64,
         "duration_s": 0.5, "fps": 4}, "motion": {"fps": 10, "preview": False}, "avatar": {"size": 128, "fps": 10}}


def quick_tools() -> list[type]:
    """The installed tools, each making small outputs (``QUICK``) through its real code."""
    from importlib.metadata import entry_points

    made = []
    for entry in entry_points(group="atelier.tools"):
        tool = entry.load()
        smaller = QUICK.get(entry.name)
        if smaller:
            tool = type(tool.__name__, (tool,), {"run": _smaller(tool, smaller)})
        made.append(tool)
    return made


def _smaller(tool: type, smaller: dict[str, Any]):
    async def run(self, args, ctx):
        fields = type(args).model_fields
        return await tool.run(self, args.model_copy(update={k: v for k, v in smaller.items() if k in fields}), ctx)

    return run


def korean_share(said: list[str], persona: str | None) -> float:
    """The Hangul share of the letters a reply has, the speaking persona's own name left out
    (a proper name like "Bram Ironhand" is not translated)."""
    from agent.text import hangul_ratio

    text = " ".join(said)
    if persona:
        from persona.library import PersonaLibrary

        text = text.replace(PersonaLibrary().get(persona).name, " ")
    return hangul_ratio(text)


def orchestrator_for(data_dir: Path, *, full_size: bool) -> Any:
    from agent.config import Settings
    from agent.orchestrator import Orchestrator
    from agent.planner.embedded import EmbeddedPlanner
    from agent.registry import ToolRegistry
    from persona.library import PersonaLibrary
    from persona.responder import reply_for
    from persona.safety.audit import AuditLog
    from persona.safety.classifier import EmbeddedClassifier
    from persona.safety.guard import SafetyGuard
    from persona.turns import TurnSafety

    settings = Settings(data_dir=data_dir)
    registry = ToolRegistry.from_entry_points(settings=settings) if full_size else ToolRegistry(settings=settings)
    if not full_size:
        for tool in quick_tools():
            registry.register(tool)
    guard = SafetyGuard(classifier=EmbeddedClassifier(use_embeddings=False), audit=AuditLog.under(data_dir))
    return Orchestrator(settings=settings, registry=registry, planner=EmbeddedPlanner.load(), embedded_reply=reply_for,
                        safety=TurnSafety(personas=PersonaLibrary(), guard=guard))


async def run_set(orchestrator: Any, rows: list[dict[str, Any]], name: str = "set") -> list[dict[str, Any]]:
    """Each request in a session of its own (no request refers to another's results)."""
    out = []
    for index, row in enumerate(rows):
        session = re.sub(r"[^A-Za-z0-9_-]", "-", f"{name}-{index}")
        request_fields = {"text": row["text"], "persona": PERSONAS[index % len(PERSONAS)], "session_id": session}
        from agent.types import Request

        said, started = [], time.perf_counter()
        async for event in orchestrator.turn(Request(**request_fields)):
            if event.kind in ("message", "message_delta") and event.message:
                said.append(event.message)
        out.append({"id": row.get("id", str(index)), "lang": row.get("lang", "en"), "said": said,
                    "persona": request_fields["persona"], "s": time.perf_counter() - started,
                    "leaks": [m.group(0) for text in said for m in [TECHNICAL.search(text)] if m]})
    return out


def main(argv: list[str] | None = None) -> None:
    from agent.text import hangul_ratio

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, action="append", help="request sets (JSONL with text and lang)")
    parser.add_argument("--full-size", action="store_true", help="tools at their default output sizes")
    parser.add_argument("--show", action="store_true", help="print every reply with technical words and the "
                                                             "least Korean Korean replies")
    args = parser.parse_args(argv)
    sets = args.data or [DATA / name for name in DEFAULT_SETS]
    with tempfile.TemporaryDirectory(prefix="atelier-bench-replies-") as scratch:
        orchestrator = orchestrator_for(Path(scratch), full_size=args.full_size)
        results = []
        for path in sets:
            rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            results.append((path.name, asyncio.run(run_set(orchestrator, rows, path.stem))))
    print("ko Hangul: Hangul among all letters of the Korean turns' messages; ko min: the least Korean turn "
          "(the persona's own name left out)\n")
    print(f"{'set':24} {'turns':>5} {'msgs':>5} {'leaks':>5} {'ko turns':>8} {'ko Hangul':>9} {'ko min':>7} {'p50 s':>6}")
    print("-" * 76)
    everything = [r for _, rows in results for r in rows]
    for name, rows in [*results, ("overall", everything)]:
        korean = [r for r in rows if r["lang"] == "ko"]
        letters = sum(ch.isalpha() for r in korean for text in r["said"] for ch in text)
        hangul = sum(hangul_ratio(text) * sum(ch.isalpha() for ch in text) for r in korean for text in r["said"])
        ratios = [korean_share(r["said"], r["persona"]) for r in korean if r["said"]]
        print(f"{name:24} {len(rows):>5} {sum(len(r['said']) for r in rows):>5} "
              f"{sum(bool(r['leaks']) for r in rows):>5} {len(korean):>8} "
              f"{(hangul / letters if letters else 0):>9.3f} {(min(ratios) if ratios else 0):>7.3f} "
              f"{statistics.median(r['s'] for r in rows):>6.2f}")
    leaky = [r for r in everything if r["leaks"]]
    korean = [r for r in everything if r["lang"] == "ko" and r["said"]]
    letters = sum(ch.isalpha() for r in korean for text in r["said"] for ch in text)
    hangul = sum(hangul_ratio(t) * sum(ch.isalpha() for ch in t) for r in korean for t in r["said"])
    print(f"\ntargets: replies with technical words = 0: {len(leaky)} {'PASS' if not leaky else 'FAIL'}; "
          f"Korean replies >= 95 % Hangul: {hangul / max(1, letters):.1%} "
          f"{'PASS' if letters and hangul / letters >= 0.95 else 'FAIL'}")
    if args.show:
        for r in leaky:
            print(f"\n{r['id']} ({r['persona']}): {r['leaks']}\n  " + "\n  ".join(r["said"]))
        for r in sorted(korean, key=lambda r: korean_share(r["said"], r["persona"]))[:8]:
            print(f"\n{r['id']} ({r['persona']}) {korean_share(r['said'], r['persona']):.2f}\n  " + "\n  ".join(r["said"]))


if __name__ == "__main__":
    main()
