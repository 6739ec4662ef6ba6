"""The LLM client over the OpenAI-compatible backend: streaming, timeouts, retries, typed
errors, and the ``[llm]`` settings."""

from __future__ import annotations

import time

import pytest

from agent.config import LLMSettings, load_settings
from agent.errors import BackendError, ConfigError
from agent.llm.factory import build_llm, provider_of
from agent.llm.fake_server import Answer, FakeOpenAI

HELLO = [{"role": "user", "content": "hello"}]


def llm_for(server: FakeOpenAI, **options):
    settings = LLMSettings(base_url=server.base_url, model="fake-model", **options)
    llm = build_llm(settings)
    llm.retry_wait_s = 0.01
    return llm


async def collect(llm, messages=HELLO) -> list[str]:
    return [chunk async for chunk in llm.stream(messages)]


async def test_stream_yields_the_chunks_in_order():
    with FakeOpenAI([Answer("Aye, welcome to the forge, friend!")]) as server:
        chunks = await collect(llm_for(server))
        assert "".join(chunks) == "Aye, welcome to the forge, friend!" and len(chunks) == 6
        assert server.requests[0]["stream"] is True


async def test_complete_returns_the_whole_answer():
    with FakeOpenAI([Answer("plain answer")]) as server:
        assert await llm_for(server).complete(HELLO) == "plain answer"
        assert "response_format" not in server.requests[0]


async def test_empty_stream_is_a_retryable_error_after_retries():
    with FakeOpenAI([Answer("", chunks=[])]) as server:
        with pytest.raises(BackendError, match="without any text") as caught:
            await collect(llm_for(server, max_retries=1))
        assert caught.value.retryable and len(server.requests) == 2


async def test_empty_stream_then_text_recovers():
    with FakeOpenAI([Answer("", chunks=[]), Answer("second try")]) as server:
        assert "".join(await collect(llm_for(server))) == "second try"


async def test_rate_limit_then_ok_streams():
    with FakeOpenAI([Answer(status=429, retry_after="0"), Answer("ok then")]) as server:
        assert "".join(await collect(llm_for(server))) == "ok then" and len(server.requests) == 2


@pytest.mark.parametrize("status, retryable, needle", [
    (500, True, "HTTP 500"), (503, True, "HTTP 503"), (401, False, "api_key"), (404, False, "base_url"),
    (400, False, "HTTP 400"),
])
async def test_http_errors_are_typed(status, retryable, needle):
    with FakeOpenAI([Answer(status=status)]) as server:
        with pytest.raises(BackendError, match=needle) as caught:
            await llm_for(server, max_retries=1).complete(HELLO)
        assert caught.value.retryable is retryable
        assert len(server.requests) == (2 if retryable else 1)


async def test_first_token_timeout_never_hangs():
    with FakeOpenAI([Answer("late", delay_s=3.0)]) as server:
        started = time.perf_counter()
        with pytest.raises(BackendError, match="first token") as caught:
            await collect(llm_for(server, timeout_s=0.3, max_retries=0))
        assert caught.value.retryable and time.perf_counter() - started < 2.0


async def test_stall_in_the_middle_of_a_stream_is_an_error_after_the_text_so_far():
    with FakeOpenAI([Answer(chunks=["Hello ", "there ", "friend"], chunk_delay_s=[0.0, 0.0, 3.0])]) as server:
        llm = llm_for(server, timeout_s=0.5, max_retries=2)
        got: list[str] = []
        started = time.perf_counter()
        with pytest.raises(BackendError, match="next token"):
            async for chunk in llm.stream(HELLO):
                got.append(chunk)
        assert got == ["Hello ", "there "] and len(server.requests) == 1  # no retry after text was given
        assert time.perf_counter() - started < 2.5


async def test_unreachable_server_is_retryable_connection_error():
    llm = build_llm(LLMSettings(base_url="http://127.0.0.1:9/v1", model="m", max_retries=0))
    with pytest.raises(BackendError, match="cannot reach") as caught:
        await llm.complete(HELLO)
    assert caught.value.retryable


def test_settings_and_factory(monkeypatch):
    assert build_llm(LLMSettings()) is None and provider_of(LLMSettings()) is None
    assert provider_of(LLMSettings(model="./my-model")) == "transformers"
    with pytest.raises(ConfigError, match="model"):
        build_llm(LLMSettings(base_url="http://127.0.0.1:11434/v1"))
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        build_llm(LLMSettings(provider="openai", model="gpt-4o-mini"), environ={})
    llm = build_llm(LLMSettings(provider="openai", model="gpt-4o-mini"), environ={"OPENAI_API_KEY": "sk-test"})
    assert llm.chat_model.openai_api_key.get_secret_value() == "sk-test"
    settings = load_settings(environ={"ATELIER_LLM__BASE_URL": "http://h:1/v1/", "ATELIER_LLM__MODEL": "m",
                                      "ATELIER_LLM__API_KEY": "secret", "ATELIER_LLM__MAX_RETRIES": "4"})
    assert settings.llm.base_url == "http://h:1/v1" and settings.llm.max_retries == 4
    assert "secret" not in repr(settings.llm) and settings.llm.api_key.get_secret_value() == "secret"
    with pytest.raises(ConfigError, match="llm.timeout_s"):
        load_settings(environ={"ATELIER_LLM__TIMEOUT_S": "-1"})
    with pytest.raises(ConfigError, match="base_url"):
        load_settings({"llm": {"base_url": "localhost:11434"}}, environ={})


async def test_servers_without_json_mode_are_asked_again_without_it():
    with FakeOpenAI([Answer(status=400), Answer('{"steps": []}')]) as server:
        llm = llm_for(server)
        assert await llm.complete(HELLO, json_mode=True) == '{"steps": []}'
        assert server.requests[0]["response_format"] == {"type": "json_object"}
        assert "response_format" not in server.requests[1] and not llm.json_mode_supported
