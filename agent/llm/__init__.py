"""LLM backends as LangChain chat models, behind one small client with timeouts and retries.

- :func:`agent.llm.factory.build_llm` turns the ``[llm]`` settings into an :class:`LLM`:
  an OpenAI-compatible endpoint (``langchain-openai`` ``ChatOpenAI``: Ollama, vLLM, llama.cpp
  server, OpenAI) or a local transformers model (:mod:`agent.llm.transformers_chat`, the
  model's own chat template, streamed with ``TextIteratorStreamer``).
- :class:`agent.llm.client.LLM` adds what both need: a timeout on the whole answer and on the
  first/next token of a stream, retries with exponential backoff for errors a retry can fix,
  and ``BackendError`` with ``retryable`` for the rest.

Importing this package loads neither LangChain's OpenAI client nor torch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agent.llm.client import LLM
    from agent.llm.factory import build_llm

__all__ = ["LLM", "build_llm"]


def __getattr__(name: str):
    if name == "LLM":
        from agent.llm.client import LLM

        return LLM
    if name == "build_llm":
        from agent.llm.factory import build_llm

        return build_llm
    raise AttributeError(name)
