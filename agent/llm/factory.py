"""Build the configured chat model (``[llm]`` settings) as an :class:`agent.llm.client.LLM`."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from agent.errors import ConfigError

if TYPE_CHECKING:
    from agent.config import LLMSettings
    from agent.llm.client import LLM

NO_KEY = "not-needed"  # local servers (Ollama, vLLM, llama.cpp) ignore the key but the client wants one


def provider_of(settings: "LLMSettings") -> str | None:
    """``openai``, ``transformers`` or ``None`` (no LLM configured)."""
    if settings.provider != "auto":
        return settings.provider
    if settings.base_url:
        return "openai"
    if settings.model:
        return "transformers"
    return None


def build_llm(settings: "LLMSettings", *, environ: dict[str, str] | None = None) -> "LLM | None":
    """The LLM the settings describe, or ``None`` when none is configured.

    Building never contacts the endpoint or loads weights (a local model loads on first
    use), so an unreachable server shows up as a ``BackendError`` at call time.
    """
    provider = provider_of(settings)
    if provider is None:
        return None
    if provider == "openai":
        return _openai(settings, os.environ if environ is None else environ)
    return _transformers(settings)


def _openai(settings: "LLMSettings", environ: "os._Environ[str] | dict[str, str]") -> "LLM":
    from langchain_openai import ChatOpenAI

    from agent.llm.client import LLM

    if not settings.model:
        raise ConfigError("[llm] model is not set; name the model the endpoint serves, e.g. model = 'qwen2.5:7b' "
                          "(ATELIER_LLM__MODEL or --llm-model)")
    key = settings.api_key.get_secret_value() if settings.api_key else environ.get("OPENAI_API_KEY")
    if not key:
        if not settings.base_url:
            raise ConfigError("[llm] api_key is not set for api.openai.com; set OPENAI_API_KEY or "
                              "ATELIER_LLM__API_KEY, or point [llm] base_url at a local server")
        key = NO_KEY
    chat = ChatOpenAI(
        model=settings.model, base_url=settings.base_url, api_key=key, temperature=settings.temperature,
        max_tokens=settings.max_tokens, max_retries=0,  # retries happen in LLM, the same for every backend
        timeout=settings.timeout_s + 5.0,
    )
    json_model = chat.bind(response_format={"type": "json_object"}) if settings.json_mode else None
    label = f"the LLM {settings.model!r} at {settings.base_url or 'api.openai.com'}"
    return LLM(chat_model=chat, json_model=json_model, label=label, timeout_s=settings.timeout_s,
               max_retries=settings.max_retries)


def _transformers(settings: "LLMSettings") -> "LLM":
    from agent.llm.client import LLM
    from agent.llm.transformers_chat import TransformersChatModel

    if not settings.model:
        raise ConfigError("[llm] model is not set; give a transformers model id or a local folder, "
                          "or set [llm] base_url for an OpenAI-compatible server")
    chat = TransformersChatModel(model_id=settings.model, temperature=settings.temperature,
                                 max_new_tokens=settings.max_tokens)
    return LLM(chat_model=chat, label=f"the local model {settings.model!r}", timeout_s=settings.timeout_s,
               max_retries=settings.max_retries)
