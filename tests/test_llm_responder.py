"""A whole turn with the LLM: it plans, tools run, and the persona's reply streams as
moderated ``message_delta`` events (loopback OpenAI-compatible server)."""

from __future__ import annotations

import json

import pytest

from agent.config import LLMSettings
from agent.llm.factory import build_llm
from agent.orchestrator import Orchestrator
from agent.planner.embedded import EmbeddedPlanner
from agent.planner.llm import LLMPlanner
from agent.registry import ToolRegistry
from agent.responder_llm import LLMResponder, results_text
from agent.types import Plan, Request
from persona.library import PersonaLibrary
from persona.prompt import build_system_prompt
from persona.responder import reply_for
from persona.safety.audit import AuditLog
from persona.safety.classifier import EmbeddedClassifier
from persona.safety.guard import SafetyGuard
from persona.turns import TurnSafety
from tests.fakes import FakeImageTool, FakeVideoTool
from agent.llm.fake_server import Answer, FakeOpenAI

DRAGON = json.dumps({"language": "en", "steps": [{"id": "s1", "tool": "image", "args": {"prompt": "a red dragon"}}]})


def orchestrator_for(server: FakeOpenAI, settings, *, moderation: bool = True) -> Orchestrator:
    llm = build_llm(LLMSettings(base_url=server.base_url, model="fake-model", timeout_s=5, max_retries=1))
    llm.retry_wait_s = 0.01
    registry = ToolRegistry(settings=settings)
    for tool in (FakeImageTool, FakeVideoTool):
        registry.register(tool)
    guard = SafetyGuard(classifier=EmbeddedClassifier(use_embeddings=False),
                        audit=AuditLog.under(settings.data_dir)) if moderation else None
    return Orchestrator(settings=settings, registry=registry,
                        planner=LLMPlanner(llm=llm, fallback=EmbeddedPlanner.for_tests()),
                        safety=TurnSafety(personas=PersonaLibrary(), guard=guard),
                        responder=LLMResponder(llm=llm, system_prompt=build_system_prompt, tools=registry.names()),
                        embedded_reply=reply_for)


async def run_turn(orchestrator: Orchestrator, request: Request, on_delta=None):
    events = []
    async for event in orchestrator.turn(request):
        events.append(event)
        if event.kind == "message_delta" and on_delta is not None:
            on_delta(event)
    return events


async def test_llm_plans_and_the_persona_answers_in_a_stream(settings):
    reply = "Aye, friend! Your red dragon is drawn. Good steel remembers every blow."
    chunks_sent: list[int] = []
    with FakeOpenAI([Answer(DRAGON), Answer(reply, chunk_delay_s=0.05)]) as server:
        orchestrator = orchestrator_for(server, settings)
        events = await run_turn(orchestrator, Request(text="draw a red dragon", persona="blacksmith"),
                                on_delta=lambda e: chunks_sent.append(len(server.sent_at)))
        kinds = [e.kind for e in events]
        assert kinds.index("plan") < kinds.index("artifact") < kinds.index("message_delta") < len(kinds) - 1 - kinds[::-1].index("message")
        deltas = [e.message for e in events if e.kind == "message_delta"]
        message = next(e for e in events if e.kind == "message" and e.data.get("stage") != "ack")
        assert "".join(deltas) == message.message == reply and len(deltas) >= 2
        assert chunks_sent[0] < len(reply.split())  # the first delta came before the LLM finished
        assert not [e for e in events if e.kind == "warning"]
        system = server.requests[1]["messages"][0]["content"]
        assert "Bram Ironhand" in system and "Results of this turn" in system and "made an image" in system
        assert server.requests[1]["messages"][-1] == {"role": "user", "content": "draw a red dragon"}


async def test_the_stream_is_moderated_window_by_window(settings):
    harmful = "Here is your dinosaur picture. Then I cut his throat and blood sprayed everywhere, guts spilling out. Bye!"
    with FakeOpenAI([Answer(json.dumps({"language": "en", "steps": []})), Answer(harmful)]) as server:
        events = await run_turn(orchestrator_for(server, settings),
                                Request(text="tell me a story", persona="museum-guide"))
    deltas = "".join(e.message for e in events if e.kind == "message_delta")
    message = next(e for e in events if e.kind == "message" and e.data.get("stage") != "ack").message
    assert deltas == message and deltas.startswith("Here is your dinosaur picture. ")
    assert "blood" not in message and "guts" not in message
    notices = [e for e in events if e.kind == "moderation" and "moderation" in e.data]
    assert notices and notices[0].data["moderation"]["stage"] == "output"


async def test_failed_llm_reply_falls_back_to_the_embedded_responder(settings):
    with FakeOpenAI([Answer(DRAGON), Answer(status=500)]) as server:
        events = await run_turn(orchestrator_for(server, settings), Request(text="draw a red dragon"))
    assert not [e for e in events if e.kind == "message_delta"]
    warnings = [e.message for e in events if e.kind == "warning"]
    assert any("before it said anything" in w and "HTTP 500" in w for w in warnings)
    message = next(e for e in events if e.kind == "message" and e.data.get("stage") != "ack").message
    assert message == "I drew a red dragon for you." and "s1" not in message


async def test_unreachable_llm_still_plans_and_answers(settings):
    with FakeOpenAI() as server:
        orchestrator = orchestrator_for(server, settings, moderation=False)
    # the server is gone now: every call is refused
    events = await run_turn(orchestrator, Request(text="draw a red dragon"))
    warnings = [e.message for e in events if e.kind == "warning"]
    assert any("embedded planner made this plan" in w for w in warnings)
    assert any(e.kind == "artifact" for e in events) and events[-1].data["status"] == "ok"
    assert "I drew a red dragon" in next(e for e in events if e.kind == "message" and e.data.get("stage") != "ack").message


async def test_results_text_lists_made_and_failed_steps(settings):
    with FakeOpenAI([Answer(json.dumps({"language": "en", "steps": [
            {"id": "s1", "tool": "image", "args": {"prompt": "ok"}},
            {"id": "s2", "tool": "image", "args": {"prompt": "bad", "fail": True}}]})),
            Answer("One made, one failed.")]) as server:
        events = await run_turn(orchestrator_for(server, settings, moderation=False), Request(text="two pictures"))
        system = server.requests[1]["messages"][0]["content"]
    assert '- made an image of "ok": I drew ok for you.' in system
    assert "- FAILED to make an image of \"bad\": I couldn't make an image: cannot draw 'bad'" in system
    assert "s1" not in system and "s2" not in system and "[happy]" in system  # no step ids; emotion tags asked for
    assert events[-1].data["status"] == "failed"
    assert results_text(Plan(language="en"), []).startswith("No tool ran")


@pytest.mark.parametrize("persona", [None, "station-ai"])
async def test_prompt_carries_memories_history_and_persona(persona):
    from agent.llm.client import LLM
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    responder = LLMResponder(llm=LLM(chat_model=FakeListChatModel(responses=["x"]), label="fake"),
                             system_prompt=build_system_prompt, tools=["image"])
    card = PersonaLibrary().get(persona) if persona else None
    messages = responder.messages(Plan(language="ko"), [], request_text="안녕", persona=card,
                                  memories=["likes dragons"], history=[{"role": "user", "content": "earlier"},
                                                                       {"role": "assistant", "content": "reply"}])
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]
    system = messages[0]["content"]
    assert "likes dragons" in system and "Korean" in system and "never claim" in system
    assert (card.name if card else "Atelier") in system
    chunks = [c async for c in responder.stream_reply(Plan(language="en"), [], request_text="hi")]
    assert chunks == ["x"]
