"""The API side of issue 20: scenes (POST /v1/scenes), direct control (say, narrate; REST and
WebSocket), events with speakers, emotions and ARKit weights, and the OpenAI-compatible endpoint
with system messages, history and links to what a turn made."""

from __future__ import annotations

import json

import openai
import pytest

from tests.api_helpers import build_orchestrator
from tests.test_api import event_validator, make_client, read_until  # noqa: F401 - the fixture is used
from tests.test_api_openai import client, server  # noqa: F401 - the live server and its OpenAI client


@pytest.fixture
def api(settings):
    client, _ = make_client(settings, real_tools=("speech",))
    with client:
        yield client


def _error(response, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()["error"]
    assert set(body) == {"type", "message", "param", "code"}  # the OpenAI error shape
    return body["message"]


def test_scene_sessions_and_their_bad_input(api):
    created = api.post("/v1/scenes", json={"personas": ["blacksmith", "station-ai"], "voice": True})
    assert created.status_code == 201, created.text
    assert created.json()["scene"] == {"personas": ["blacksmith", "station-ai"], "max_exchanges": 2}
    assert "dragon" in _error(api.post("/v1/scenes", json={"personas": ["blacksmith", "dragon"]}), 404)  # as sessions
    assert _error(api.post("/v1/scenes", json={"personas": ["blacksmith", "station-ai", "museum-guide",
                                                            "blacksmith", "station-ai"]}), 422)
    assert _error(api.post("/v1/scenes", json={"personas": ["blacksmith"]}), 422)
    session = created.json()["id"]
    assert "empty" in _error(api.post(f"/v1/sessions/{session}/say", json={"text": "   "}), 422)
    assert _error(api.post(f"/v1/sessions/{session}/say", json={"text": "hi", "emotion": "smug"}), 422)
    assert _error(api.post(f"/v1/sessions/{session}/narrate", json={"event": "x" * 100_000}), 422)
    assert "not in this session" in _error(api.post(f"/v1/sessions/{session}/say",  # the session lacks it: 409
                                                    json={"text": "hi", "persona": "museum-guide"}), 409)


def test_a_scene_turn_streams_each_speakers_text_and_audio(api, event_validator):
    session = api.post("/v1/scenes", json={"personas": ["blacksmith", "station-ai"], "voice": True,
                                           "max_exchanges": 0}).json()["id"]
    with api.websocket_connect(f"/v1/sessions/{session}/events") as ws:
        ws.receive_json()  # session_ready
        ws.send_text(json.dumps({"type": "turn", "text": "hello everyone!"}))
        events = read_until(ws, lambda e: e["type"] == "turn_done")
    for event in events:
        event_validator.validate(event)
    assert [e["type"] for e in events].count("turn_done") == 1
    assert events[0]["type"] == "turn_started" and events[0]["addressed"] == ["blacksmith", "station-ai"]
    texts = [e for e in events if e["type"] == "text"]
    assert [e["speaker"] for e in texts] == ["blacksmith", "station-ai"]
    assert all(e["emotions"] and e["stage"] == "reply" for e in texts)
    audio = [e for e in events if e["type"] == "audio"]
    assert {e["speaker"] for e in audio} == {"blacksmith", "station-ai"}
    spoken = next(v for e in audio for v in e["visemes"] if v["viseme"] not in ("sil",))
    assert spoken["arkit"] and all(0 <= w <= 1 for w in spoken["arkit"].values())


def test_say_and_narrate_over_rest_and_the_websocket(api, event_validator):
    session = api.post("/v1/sessions", json={"persona": "blacksmith"}).json()["id"]
    with api.websocket_connect(f"/v1/sessions/{session}/events") as ws:
        ws.receive_json()
        accepted = api.post(f"/v1/sessions/{session}/say", json={"text": "Mind the sparks, friend.",
                                                                 "emotion": "happy"})
        assert accepted.status_code == 202, accepted.text
        said = read_until(ws, lambda e: e["type"] == "turn_done")
        ws.send_text(json.dumps({"type": "narrate", "event": "the player picked up the cursed ring"}))
        told = read_until(ws, lambda e: e["type"] == "turn_done")
        ws.send_text(json.dumps({"type": "say", "text": ""}))
        refused = ws.receive_json()
    for event in said + told:
        event_validator.validate(event)
    assert said[0]["mode"] == "say" and said[0]["text"] == "Mind the sparks, friend."
    assert next(e for e in said if e["type"] == "text")["text"] == "Mind the sparks, friend."
    audio = [e for e in said if e["type"] == "audio"]
    assert audio and {e["emotion"] for e in audio} == {"happy"} and audio[0]["expression"]["mouthSmileLeft"] > 0
    assert told[0]["mode"] == "narrate" and told[0]["text"] == "the player picked up the cursed ring"
    reaction = next(e for e in told if e["type"] == "text")
    assert reaction["speaker"] == "blacksmith" and reaction["emotions"][0]["emotion"] == "afraid"
    assert refused["type"] == "error" and refused["error"]["type"] == "bad_message"


# -- the OpenAI-compatible endpoint -------------------------------------------------------------------
def test_system_message_and_history_shape_the_reply(client):
    system = "You stand at the gate of Emberfall. The innkeeper of the Sleeping Fox is called Mara."
    history = [{"role": "user", "content": "I am looking for a gift for my sister Yuna."},
               {"role": "assistant", "content": "A fine blade, perhaps?"}]
    recalled = client.chat.completions.create(model="blacksmith", user="p-9", messages=[
        {"role": "system", "content": system}, *history,
        {"role": "user", "content": "what did I tell you about my sister?"}])
    assert "Yuna" in recalled.choices[0].message.content, "the history is the conversation"
    fact = client.chat.completions.create(model="blacksmith", user="p-9", messages=[
        {"role": "system", "content": system}, *history, {"role": "user", "content": "who runs the Sleeping Fox?"}])
    assert "Mara" in fact.choices[0].message.content, "the system message is what the persona knows"
    assert fact.model_extra["atelier"]["artifacts"] == [] and fact.model_extra["atelier"]["session_id"].startswith("s_")


def test_artifacts_of_a_chat_turn_are_linked_and_listed(client, server):
    base, key = server
    done = client.chat.completions.create(model="atelier", messages=[{"role": "user", "content": "slow 0 please"}])
    reply = done.choices[0].message.content
    made = done.model_extra["atelier"]["artifacts"]
    assert len(made) == 1 and made[0]["kind"] == "image"
    link = f"{base}{made[0]['url']}"
    assert f"]({link})" in reply
    import httpx

    assert httpx.get(link, headers={"Authorization": f"Bearer {key}"}).status_code == 200
    chunks = list(client.chat.completions.create(model="atelier", stream=True,
                                                 messages=[{"role": "user", "content": "slow 0 again"}]))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    last = chunks[-1].model_extra["atelier"]
    assert len(last["artifacts"]) == 1 and f"({base}{last['artifacts'][0]['url']})" in text


def test_messages_without_a_user_message_are_refused(client):
    with pytest.raises(openai.BadRequestError) as refused:
        client.chat.completions.create(model="blacksmith", messages=[
            {"role": "system", "content": "be nice"}, {"role": "tool", "content": "{}", "tool_call_id": "c1"}])
    assert "no user message" in str(refused.value) and refused.value.code == "invalid_messages"


async def test_an_llm_responder_gets_the_instructions_after_the_rules_and_the_history(settings):
    """The LLM sees the persona prompt, its safety rules, then the app's system message, and the
    earlier messages as the conversation, then the user's words."""
    from agent.config import LLMSettings
    from agent.llm.factory import build_llm
    from agent.llm.fake_server import Answer, FakeOpenAI
    from agent.responder_llm import LLMResponder
    from agent.types import Request
    from persona.prompt import build_system_prompt

    orchestrator = build_orchestrator(settings)
    with FakeOpenAI([Answer("[happy] Aye, Yuna will love it. [thinking] A dagger, perhaps?")]) as server:
        llm = build_llm(LLMSettings(base_url=server.base_url, model="fake", timeout_s=5, max_retries=0))
        orchestrator.responder = LLMResponder(llm=llm, system_prompt=build_system_prompt)
        request = Request(text="what should I get her?", persona="blacksmith", instructions="The player is Mina.",
                          history=[{"role": "user", "content": "my sister Yuna turns ten"},
                                   {"role": "assistant", "content": "A fine age."}])
        events = [e async for e in orchestrator.turn(request)]
        sent = server.requests[-1]["messages"]
    system = sent[0]["content"]
    assert system.index("Rules:") < system.index("The player is Mina.") < system.index("No tool ran this turn")
    assert [m["content"] for m in sent[1:]] == ["my sister Yuna turns ten", "A fine age.", "what should I get her?"]
    message = next(e for e in events if e.kind == "message")
    assert message.message == "Aye, Yuna will love it. A dagger, perhaps?"
    assert [e["emotion"] for e in message.data["emotions"]] == ["happy", "thinking"]
    assert "".join(e.message for e in events if e.kind == "message_delta") == message.message
