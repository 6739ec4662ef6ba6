"""LLM planner overhead and streamed-reply latency, against the loopback OpenAI-compatible fake.

- Planner overhead: the time ``LLMPlanner.plan`` spends outside the model call (prompt from
  the registry's tools, JSON parsing, ``Plan`` + ``check_plan`` + argument schema checks).
  Target: p50 <= 5 ms.
- Streamed reply: the LLM's time to first token (TTFT, measured on the raw stream) against
  the time to the first ``message_delta`` the user sees, through the responder and the
  moderation window (embedded classifier, a persona). Target: first delta <= TTFT + 20 ms
  when the first chunk closes a window (a sentence); when the first sentence spans several
  chunks, the window must not hold text longer than its own end (first delta <= time the
  first window is complete + 20 ms).

- Local transformers backend (``--local tiny|llama-1b``): a random-weight model of that shape
  saved to a temp dir and loaded through ``from_pretrained``; time to first token and
  tokens/s of streamed generation (``llama-1b`` wants a GPU).

    python -m bench.llm [--runs N] [--ttft-ms MS] [--local llama-1b --new-tokens 128]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from pathlib import Path
from typing import Any

from agent.config import LLMSettings, Settings
from agent.llm.factory import build_llm
from agent.llm.fake_server import Answer, FakeOpenAI
from agent.planner.base import PlanContext
from agent.planner.embedded import EmbeddedPlanner
from agent.planner.llm import LLMPlanner
from agent.registry import ToolRegistry
from agent.responder_llm import LLMResponder
from agent.types import Plan, Request

OVERHEAD_TARGET_MS = 5.0
DELTA_SLACK_MS = 20.0
PLAN = {"language": "en", "steps": [
    {"id": "s1", "tool": "mesh", "args": {"prompt": "a wooden chair"}, "depends_on": []},
    {"id": "s2", "tool": "motion", "args": {"prompt": "wave", "character": {"$ref": "s1"},
                                            "script": [{"action": "wave", "times": 2}, {"action": "jump"}]},
     "depends_on": ["s1"]},
    {"id": "s3", "tool": "video", "args": {"prompt": "orbit the chair", "source": {"$ref": "s1"}},
     "depends_on": ["s1"]}]}


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def planner_overhead(runs: int) -> dict[str, Any]:
    specs = ToolRegistry.from_entry_points(settings=Settings()).specs()
    with FakeOpenAI([Answer(json.dumps(PLAN))]) as server:
        llm = build_llm(LLMSettings(base_url=server.base_url, model="fake", max_retries=0))
        planner = LLMPlanner(llm=llm, fallback=EmbeddedPlanner())
        request = Request(text="make a wooden chair in 3D, make it wave, then a video around it")
        overhead, model = [], []
        for index in range(runs + 3):
            started = time.perf_counter()
            planned = await planner.plan_turn(request, PlanContext(tools=specs))
            total = time.perf_counter() - started
            assert planned.source == "llm" and len(planned.plan.steps) == 3, planned.warnings
            if index >= 3:  # warm-up: first calls build the prompt cache and the HTTP pool
                overhead.append((total - llm.last_call_s) * 1000)
                model.append(llm.last_call_s * 1000)
    return {"runs": runs, "p50": statistics.median(overhead), "p95": _p(overhead, 0.95),
            "model_p50": statistics.median(model), "prompt_chars": len(planner._prompt(specs)[0][0]["content"])}


async def streamed_reply(runs: int, ttft_ms: float, chunks: list[str], moderated: bool) -> dict[str, Any]:
    from persona.library import PersonaLibrary
    from persona.prompt import build_system_prompt
    from persona.safety.classifier import EmbeddedClassifier
    from persona.safety.guard import SafetyGuard

    card = PersonaLibrary().get("blacksmith")
    guard = SafetyGuard(classifier=EmbeddedClassifier(use_embeddings=False)) if moderated else None
    if guard is not None:
        guard.check("warm up the classifier", stage="output", persona=card)
    delays = [ttft_ms / 1000] + [0.015] * (len(chunks) - 1)
    first_window_chunks = next(i + 1 for i, _ in enumerate(chunks) if any(c in "".join(chunks[:i + 1]) for c in ".!?"))
    ttft, window_done, first_delta = [], [], []
    with FakeOpenAI([Answer(chunks=chunks, chunk_delay_s=delays)]) as server:
        llm = build_llm(LLMSettings(base_url=server.base_url, model="fake", max_retries=0))
        responder = LLMResponder(llm=llm, system_prompt=build_system_prompt, tools=["image"])
        for index in range(runs + 2):
            started = time.perf_counter()
            seen = 0
            raw_first = raw_window = None
            async for _ in llm.stream([{"role": "user", "content": "hi"}]):  # the LLM alone
                seen += 1
                now = time.perf_counter()
                raw_first = raw_first or now
                if seen == first_window_chunks:
                    raw_window = now
            started_reply = time.perf_counter()
            window = guard.output_window(persona=card, session="bench", language="en") if guard else None
            streamed = responder.stream_reply(Plan(language="en"), [], request_text="hi", persona=card, window=window)
            delta_at = None
            async for _ in streamed:
                delta_at = delta_at or time.perf_counter()
            if index >= 2:
                ttft.append((raw_first - started) * 1000)
                window_done.append((raw_window - started) * 1000)
                first_delta.append((delta_at - started_reply) * 1000)
    return {"ttft": statistics.median(ttft), "window": statistics.median(window_done),
            "delta": statistics.median(first_delta), "delta_p95": _p(first_delta, 0.95)}


def local_model(size: str, new_tokens: int, runs: int) -> dict[str, Any]:
    import tempfile

    import torch

    from bench.random_chat_model import random_chat_model

    cuda = torch.cuda.is_available()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        path = random_chat_model(Path(folder) / size, size=size, dtype="bfloat16" if cuda else "float32")
        llm = build_llm(LLMSettings(model=str(path), temperature=0, max_tokens=new_tokens, max_retries=0,
                                    timeout_s=600))
        llm.chat_model.load()
        setup_s = time.perf_counter() - started
        prompt = [{"role": "system", "content": " ".join(f"w{i}" for i in range(200))},
                  {"role": "user", "content": "w1 w2 w3"}]
        ttft, rate = [], []
        for index in range(runs + 1):
            started = time.perf_counter()
            first = None
            count = 0
            async def drain() -> None:
                nonlocal first, count
                async for _ in llm.stream(prompt):
                    first = first or time.perf_counter()
                    count += 1
            asyncio.run(drain())
            done = time.perf_counter()
            if index:  # the first run warms up kernels and caches
                ttft.append((first - started) * 1000)
                rate.append((count - 1) / max(1e-9, done - first))
    device = torch.cuda.get_device_name(0) if cuda else "cpu"
    return {"device": device, "setup_s": setup_s, "ttft": statistics.median(ttft), "tps": statistics.median(rate)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.llm", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--ttft-ms", type=float, default=80.0, help="the fake LLM's time to first token")
    parser.add_argument("--local", choices=["tiny", "llama-1b"], default=None,
                        help="also time a random-weight local transformers model of this shape")
    parser.add_argument("--new-tokens", type=int, default=64)
    args = parser.parse_args(argv)

    overhead = asyncio.run(planner_overhead(args.runs))
    print(f"\nLLM planner overhead outside the model call (target p50 <= {OVERHEAD_TARGET_MS:g} ms), "
          f"{overhead['runs']} plans, 3-step plan, prompt {overhead['prompt_chars']} chars")
    print(f"{'p50 ms':>8} {'p95 ms':>8} {'model call p50 ms':>18}  target")
    verdict = "ok" if overhead["p50"] <= OVERHEAD_TARGET_MS else "MISSED"
    print(f"{overhead['p50']:>8.2f} {overhead['p95']:>8.2f} {overhead['model_p50']:>18.2f}  {verdict}")

    sentence_first = ["Aye, friend! ", "Your ", "chair ", "is ", "ready. ", "Good ", "steel ", "remembers."]
    long_first = ["Aye ", "friend ", "your ", "chair ", "is ", "ready. ", "Good ", "steel ", "remembers."]
    print(f"\nStreamed reply latency (fake LLM TTFT {args.ttft_ms:g} ms, then a chunk every 15 ms), medians ms")
    print(f"{'case':44} {'TTFT':>7} {'window':>7} {'1st delta':>10} {'p95':>7}  target")
    for label, chunks, moderated, bound in (
        ("unmoderated", sentence_first, False, "ttft"),
        ("moderated, first chunk ends a sentence", sentence_first, True, "ttft"),
        ("moderated, first sentence over 6 chunks", long_first, True, "window"),
    ):
        row = asyncio.run(streamed_reply(args.runs, args.ttft_ms, chunks, moderated))
        limit = row[bound] + DELTA_SLACK_MS
        verdict = f"{'ok' if row['delta'] <= limit else 'MISSED'} (<= {bound} + {DELTA_SLACK_MS:g})"
        print(f"{label:44} {row['ttft']:>7.1f} {row['window']:>7.1f} {row['delta']:>10.1f} {row['delta_p95']:>7.1f}  "
              f"{verdict}")
    if args.local:
        row = local_model(args.local, args.new_tokens, max(1, min(args.runs, 5)))
        print(f"\nLocal transformers backend, random {args.local} ({args.new_tokens} new tokens, greedy), medians")
        print(f"{'device':28} {'load s':>7} {'TTFT ms':>8} {'tokens/s':>9}")
        print(f"{row['device'][:28]:28} {row['setup_s']:>7.1f} {row['ttft']:>8.1f} {row['tps']:>9.1f}")


if __name__ == "__main__":
    main()
