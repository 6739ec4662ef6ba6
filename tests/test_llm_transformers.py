"""The local transformers backend on a tiny random-weight Llama-like model built in a temp dir
(no download) and loaded through ``from_pretrained``, as users' models are."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.config import LLMSettings
from agent.errors import BackendError
from agent.llm.factory import build_llm
from agent.planner.base import PlanContext
from agent.planner.embedded import EmbeddedPlanner
from agent.planner.llm import LLMPlanner
from agent.types import Request
from bench.random_chat_model import CHAT_TEMPLATE, TINY_WORDS, random_chat_model


def tiny_chat_model(folder: Path, *, chat_template: str | None = CHAT_TEMPLATE) -> Path:
    """A 1-layer random Llama with a word-level tokenizer and a chat template, saved to ``folder``."""
    return random_chat_model(folder, size="tiny", chat_template=chat_template)


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    return tiny_chat_model(tmp_path_factory.mktemp("tiny-llama"))


def llm_on(path: Path, **options):
    return build_llm(LLMSettings(model=str(path), temperature=0, max_tokens=options.pop("max_tokens", 6),
                                 max_retries=0, **options))


async def test_streams_tokens_through_the_chat_template(tiny_model):
    llm = llm_on(tiny_model)
    chunks = [chunk async for chunk in llm.stream([{"role": "system", "content": "be brief"},
                                                   {"role": "user", "content": "hello draw a red dragon"}])]
    assert len(chunks) >= 2 and all(isinstance(c, str) and c for c in chunks)
    words = " ".join(chunks).split()
    assert words and set(words) <= set(TINY_WORDS) | {"<unk>"}  # random, but from the model's own vocabulary
    complete = await llm.complete([{"role": "user", "content": "hello"}])
    assert isinstance(complete, str) and complete.strip()


async def test_garbage_plans_take_the_fallback_cleanly(tiny_model):
    planner = LLMPlanner(llm=llm_on(tiny_model, max_tokens=8), fallback=EmbeddedPlanner())
    planned = await planner.plan_turn(Request(text="draw a red dragon"), PlanContext())
    plan = planned.plan
    assert planned.source == "fallback" and [s.tool for s in plan.steps] == ["image"]
    assert len(planned.warnings) == 1 and "embedded planner made this plan" in planned.warnings[0]


async def test_models_that_cannot_chat_are_typed_errors(tmp_path, tiny_model):
    no_template = tiny_chat_model(tmp_path / "plain", chat_template=None)
    with pytest.raises(BackendError, match="chat template") as caught:
        await llm_on(no_template).complete([{"role": "user", "content": "hello"}])
    assert not caught.value.retryable
    with pytest.raises(BackendError, match="cannot load the local model") as caught:
        await llm_on(tmp_path / "missing").complete([{"role": "user", "content": "hello"}])
    assert not caught.value.retryable
    planner = LLMPlanner(llm=llm_on(tmp_path / "missing"), fallback=EmbeddedPlanner())
    planned = await planner.plan_turn(Request(text="make a chair in 3D"), PlanContext())
    assert planned.plan.steps[0].tool == "mesh"
    assert "cannot load the local model" in planned.warnings[0]
