"""One client for every chat model: timeouts, retries with backoff, typed errors.

``complete`` waits at most ``timeout_s`` for the whole answer; ``stream`` waits at most
``timeout_s`` for the first token and for each next one, so a stalled server never hangs a
turn. Errors a retry can fix (HTTP 429, 5xx, connection problems, timeouts) are retried with
exponential backoff and jitter (``Retry-After`` is honoured, capped); a stream is only
retried before its first token, since text already shown cannot be taken back. Every
failure surfaces as :class:`agent.errors.BackendError` whose ``retryable`` says whether
trying again later can help and whose message names the fix.
"""

from __future__ import annotations

import asyncio
import random
import time
from typing import TYPE_CHECKING, Any, AsyncIterator, Mapping, Sequence

from agent.errors import BackendError

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

Messages = Sequence["BaseMessage | Mapping[str, str]"]
MAX_RETRY_AFTER_S = 30.0
MAX_BACKOFF_S = 8.0


class LLMError(BackendError):
    """A chat model failed; ``retry_after`` is the server's hint in seconds, when it gave one."""

    def __init__(self, message: str, *, retryable: bool | None = None, retry_after: float | None = None,
                 status: int | None = None) -> None:
        super().__init__(message, retryable=retryable)
        self.retry_after = retry_after
        self.status = status


class LLM:
    """A LangChain chat model plus the policy Atelier needs around it.

    ``json_model`` (optional) is the same model bound to JSON output (``response_format``),
    used by ``complete(..., json_mode=True)``. ``label`` names the model in messages.
    """

    def __init__(self, *, chat_model: "BaseChatModel", label: str, timeout_s: float = 60.0,
                 max_retries: int = 2, retry_wait_s: float = 0.5,
                 json_model: "BaseChatModel | None" = None) -> None:
        if timeout_s <= 0:
            raise ValueError("timeout_s must be positive")
        self.chat_model = chat_model
        self.json_model = json_model
        self.label = label
        self.timeout_s = timeout_s
        self.max_retries = max_retries
        self.retry_wait_s = retry_wait_s
        self.last_call_s = 0.0  # seconds inside the model during the last complete() (bench)
        self.json_mode_supported = True  # False once the server refused response_format (HTTP 400)

    def __repr__(self) -> str:
        return f"LLM({self.label!r})"

    async def complete(self, messages: Messages, *, json_mode: bool = False) -> str:
        """The whole answer text; ``BackendError`` when it cannot be had.

        ``json_mode`` asks for a JSON object (``response_format``) when the model supports it;
        a server that rejects that option (HTTP 400) is asked again without it, and not again.
        """
        use_json = json_mode and self.json_model is not None and self.json_mode_supported
        converted = _convert(messages)
        started = time.perf_counter()
        try:
            try:
                return await self._complete(self.json_model if use_json else self.chat_model, converted)
            except LLMError as exc:
                if not (use_json and exc.status == 400):
                    raise
                self.json_mode_supported = False
                return await self._complete(self.chat_model, converted)
        finally:
            self.last_call_s = time.perf_counter() - started

    async def _complete(self, model: Any, converted: list["BaseMessage"]) -> str:
        async for attempt in self._retrying():
            with attempt:
                message = await self._guarded(model.ainvoke(converted), "an answer")
        return _text(message.content)

    async def stream(self, messages: Messages) -> AsyncIterator[str]:
        """Text chunks as the model produces them (empty chunks are skipped).

        Raises ``BackendError`` when no token arrives in time, when the stream ends without
        any text (``retryable``), or when it breaks after text was already given.
        """
        converted = _convert(messages)
        iterator: AsyncIterator[Any] | None = None
        first = ""
        async for attempt in self._retrying():
            with attempt:
                iterator = aiter(self.chat_model.astream(converted))
                first = await self._first_text(iterator)
        assert iterator is not None
        try:
            yield first
            while True:
                try:
                    chunk = await self._guarded(anext(iterator), "the next token")
                except StopAsyncIteration:
                    return
                text = _text(chunk.content)
                if text:
                    yield text
        finally:
            await _close(iterator)

    async def _first_text(self, iterator: AsyncIterator[Any]) -> str:
        try:
            while True:
                try:
                    chunk = await self._guarded(anext(iterator), "the first token")
                except StopAsyncIteration:
                    raise LLMError(f"{self.label} ended its answer without any text; try again, or use "
                                   "another model if it keeps happening", retryable=True) from None
                text = _text(chunk.content)
                if text:
                    return text
        except BaseException:
            await _close(iterator)
            raise

    async def _guarded(self, awaitable: Any, what: str) -> Any:
        """Await with the timeout, turning every library error into ``LLMError``."""
        try:
            async with asyncio.timeout(self.timeout_s):
                return await awaitable
        except StopAsyncIteration:
            raise
        except TimeoutError:
            raise LLMError(f"{self.label} gave no {what} within {self.timeout_s:g} s; check that the server is "
                           "up and not overloaded, or raise [llm] timeout_s", retryable=True) from None
        except BackendError:
            raise
        except Exception as exc:  # every client library has its own exception tree
            raise backend_error(exc, label=self.label) from exc

    def _retrying(self):
        from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt

        def wait(state: Any) -> float:  # exponential backoff with jitter, or the server's Retry-After
            backoff = min(MAX_BACKOFF_S, self.retry_wait_s * 2 ** (state.attempt_number - 1))
            backoff += random.uniform(0, self.retry_wait_s)
            error = state.outcome.exception() if state.outcome else None
            hint = getattr(error, "retry_after", None)
            return max(backoff, min(hint, MAX_RETRY_AFTER_S)) if hint else backoff

        return AsyncRetrying(
            retry=retry_if_exception(lambda exc: isinstance(exc, BackendError) and exc.retryable),
            stop=stop_after_attempt(self.max_retries + 1), wait=wait, reraise=True)


def backend_error(exc: BaseException, *, label: str) -> LLMError:
    """A typed error for a chat-model failure, saying whether a retry can help and what to fix."""
    status = getattr(exc, "status_code", None) or getattr(getattr(exc, "response", None), "status_code", None)
    name = type(exc).__name__
    detail = _short(str(exc))
    if isinstance(status, int):
        retry_after = _retry_after(exc)
        if status == 429:
            return LLMError(f"{label} is rate-limited (HTTP 429: {detail}); wait a moment or lower the request "
                            "rate", retryable=True, retry_after=retry_after)
        if status in (408, 409) or status >= 500:
            return LLMError(f"{label} failed on the server (HTTP {status}: {detail}); try again, or check the "
                            "server's log", retryable=True, retry_after=retry_after)
        if status in (401, 403):
            return LLMError(f"{label} refused the credentials (HTTP {status}); set [llm] api_key, "
                            "ATELIER_LLM__API_KEY or OPENAI_API_KEY", retryable=False)
        if status == 404:
            return LLMError(f"{label}: not found (HTTP 404: {detail}); check [llm] base_url (it usually ends "
                            "in /v1) and that [llm] model is served there", retryable=False)
        return LLMError(f"{label} rejected the request (HTTP {status}: {detail}); check [llm] model and "
                        "settings", retryable=False, status=status)
    if "Timeout" in name:
        return LLMError(f"{label} timed out ({detail}); raise [llm] timeout_s or check the server",
                        retryable=True)
    if "Connection" in name or isinstance(exc, (ConnectionError, OSError)):
        return LLMError(f"cannot reach {label} ({detail}); is the server running at [llm] base_url?",
                        retryable=True)
    return LLMError(f"{label} failed: {name}: {detail}", retryable=False)


def _retry_after(exc: BaseException) -> float | None:
    headers = getattr(getattr(exc, "response", None), "headers", None)
    if not headers:
        return None
    try:
        return float(headers.get("retry-after"))
    except (TypeError, ValueError):
        return None


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(content: Any) -> str:
    """The text of a message's content (a string, or a list of content blocks)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for block in content:
            if isinstance(block, str):
                parts.append(block)
            elif isinstance(block, Mapping) and block.get("type") == "text":
                parts.append(str(block.get("text", "")))
        return "".join(parts)
    return "" if content is None else str(content)


def _convert(messages: Messages) -> list["BaseMessage"]:
    from langchain_core.messages import convert_to_messages

    return convert_to_messages(list(messages))


async def _close(iterator: Any) -> None:
    close = getattr(iterator, "aclose", None)
    if close is not None:
        try:
            await close()
        except Exception:  # closing a broken stream must not hide the original error
            pass
