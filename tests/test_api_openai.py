"""The official ``openai`` client talks to a persona through /v1/chat/completions (live server)."""

from __future__ import annotations

import httpx
import openai
import pytest

from tests.api_helpers import build_orchestrator, live_server
from ui.api.app import create_app
from ui.api.keys import KeyStore


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from agent.config import Settings

    settings = Settings(data_dir=tmp_path_factory.mktemp("openai") / "data")
    keys = KeyStore.for_data_dir(settings.data_dir)
    key, _ = keys.create(name="openai")
    app = create_app(settings=settings, orchestrator=build_orchestrator(settings), keys=keys)
    with live_server(app) as base:
        yield base, key


@pytest.fixture
def client(server):
    base, key = server
    return openai.OpenAI(base_url=f"{base}/v1", api_key=key, max_retries=0, timeout=30)


def test_models_are_personas(client):
    ids = [m.id for m in client.models.list().data]
    assert "atelier" in ids and {"blacksmith", "museum-guide", "station-ai"} <= set(ids)


def test_chat_completion_in_character(client):
    done = client.chat.completions.create(model="blacksmith", messages=[
        {"role": "system", "content": "ignored by the embedded responder"},
        {"role": "user", "content": "hello, who are you?"}], user="player-1")
    assert done.object == "chat.completion" and done.model == "blacksmith"
    reply = done.choices[0].message.content
    assert done.choices[0].finish_reason == "stop" and done.choices[0].message.role == "assistant"
    assert reply and done.usage.completion_tokens == len(reply.split())
    other = client.chat.completions.create(model="station-ai", messages=[{"role": "user", "content": "hello"}])
    assert other.choices[0].message.content != reply, "each persona speaks in its own voice"


def test_streaming_chat_completion(client):
    chunks = list(client.chat.completions.create(
        model="museum-guide", stream=True, stream_options={"include_usage": True},
        messages=[{"role": "user", "content": [{"type": "text", "text": "hello"}]}]))
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text.strip()
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "stop"
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens == len(text.split())


def test_errors_come_back_as_openai_errors(client, server):
    with pytest.raises(openai.NotFoundError) as missing:
        client.chat.completions.create(model="dragon", messages=[{"role": "user", "content": "hi"}])
    assert missing.value.code == "model_not_found"
    with pytest.raises(openai.BadRequestError):
        client.chat.completions.create(model="blacksmith", messages=[{"role": "user", "content": "   "}])
    with pytest.raises(openai.BadRequestError):
        client.chat.completions.create(model="blacksmith", messages=[{"role": "user", "content": "hi"}], n=2)
    with pytest.raises(openai.AuthenticationError):
        openai.OpenAI(base_url=client.base_url, api_key="sk-wrong", max_retries=0).models.list()
    base, key = server
    raw = httpx.post(f"{base}/v1/chat/completions", content=b"{not json",
                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    assert raw.status_code == 400 and raw.json()["error"]["message"]
