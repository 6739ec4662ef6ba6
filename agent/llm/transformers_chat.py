"""A LangChain chat model over a local transformers causal LM, with the model's chat template.

``langchain-huggingface`` would move ``huggingface_hub`` to another major version than the
one ``transformers`` here runs on, so this small ``BaseChatModel`` does the same job:
``tokenizer.apply_chat_template`` for the prompt, ``model.generate`` for the answer, and
``TextIteratorStreamer`` for token streaming. Weights load on first use (id or local folder,
through ``from_pretrained``), on CUDA when available.
"""

from __future__ import annotations

import threading
from typing import Any, Iterator

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import ConfigDict, Field, PrivateAttr

from agent.errors import BackendError

_ROLES = {"human": "user", "ai": "assistant", "system": "system", "tool": "tool"}


class TransformersChatModel(BaseChatModel):
    """Chat with a local ``AutoModelForCausalLM``; ``model_id`` is a hub id or a folder."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    model_id: str = Field(description="hub id or local folder with config, weights and tokenizer")
    temperature: float = 0.2
    max_new_tokens: int = 512
    device: str | None = Field(default=None, description="'cuda', 'cpu', ...; default: cuda when available")
    stream_timeout_s: float = Field(default=300.0, description="longest wait for one token from the worker")

    _loaded: tuple[Any, Any] | None = PrivateAttr(default=None)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "atelier-transformers-chat"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_id": self.model_id, "temperature": self.temperature, "max_new_tokens": self.max_new_tokens}

    # ------------------------------------------------------------------ loading

    def load(self) -> tuple[Any, Any]:
        """``(model, tokenizer)``, loaded once; ``BackendError`` naming the fix when it cannot be."""
        with self._lock:
            if self._loaded is None:
                self._loaded = self._load()
            return self._loaded

    def _load(self) -> tuple[Any, Any]:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        device = self.device or ("cuda" if torch.cuda.is_available() else "cpu")
        try:
            tokenizer = AutoTokenizer.from_pretrained(self.model_id)
            model = AutoModelForCausalLM.from_pretrained(
                self.model_id, dtype=torch.bfloat16 if device.startswith("cuda") else torch.float32)
        except Exception as exc:  # OSError, hub validation, missing tokenizer deps, bad config
            raise BackendError(f"cannot load the local model {self.model_id!r} ({exc}); give a transformers model "
                               "folder or a downloaded hub id in [llm] model", retryable=False) from exc
        if not getattr(tokenizer, "chat_template", None):
            raise BackendError(f"the model {self.model_id!r} has no chat template; use an instruction-tuned (chat) "
                               "model", retryable=False)
        model.to(device).eval()
        return model, tokenizer

    # ------------------------------------------------------------------ generation

    def _inputs(self, messages: list[BaseMessage]) -> tuple[Any, Any, dict[str, Any]]:
        model, tokenizer = self.load()
        chat = [{"role": _ROLES.get(m.type, "user"), "content": m.text} for m in messages]
        encoded = tokenizer.apply_chat_template(chat, add_generation_prompt=True, return_tensors="pt",
                                                return_dict=True)
        encoded = {key: value.to(model.device) for key, value in encoded.items()}
        options: dict[str, Any] = {"max_new_tokens": self.max_new_tokens}
        if self.temperature > 0:
            options.update(do_sample=True, temperature=self.temperature)
        else:
            options.update(do_sample=False)
        if tokenizer.pad_token_id is None and tokenizer.eos_token_id is not None:
            options["pad_token_id"] = tokenizer.eos_token_id
        return model, tokenizer, {**encoded, **options}

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> ChatResult:
        import torch

        model, tokenizer, inputs = self._inputs(messages)
        with torch.inference_mode():
            output = model.generate(**inputs)
        prompt_length = inputs["input_ids"].shape[1]
        text = tokenizer.decode(output[0, prompt_length:], skip_special_tokens=True)
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=_cut(text, stop)))])

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None,
                run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        import torch
        from transformers import StoppingCriteria, StoppingCriteriaList, TextIteratorStreamer

        model, tokenizer, inputs = self._inputs(messages)
        streamer = TextIteratorStreamer(tokenizer, skip_prompt=True, skip_special_tokens=True,
                                        timeout=self.stream_timeout_s)
        halt = threading.Event()

        class _Halt(StoppingCriteria):
            def __call__(self, input_ids: Any, scores: Any, **_: Any) -> bool:
                return halt.is_set()

        failure: list[BaseException] = []

        def work() -> None:
            try:
                with torch.inference_mode():
                    model.generate(**inputs, streamer=streamer, stopping_criteria=StoppingCriteriaList([_Halt()]))
            except BaseException as exc:  # surfaced to the consumer below
                failure.append(exc)
                streamer.end()

        worker = threading.Thread(target=work, name="atelier-llm-generate", daemon=True)
        worker.start()
        try:
            for text in streamer:
                if failure:
                    break
                if text:
                    if run_manager is not None:
                        run_manager.on_llm_new_token(text)
                    yield ChatGenerationChunk(message=AIMessageChunk(content=text))
            if failure:
                raise BackendError(f"the local model {self.model_id!r} failed while generating: {failure[0]}",
                                   retryable=False) from failure[0]
        finally:
            halt.set()  # the consumer stopped early (or finished): let the worker end


def _cut(text: str, stop: list[str] | None) -> str:
    for word in stop or ():
        index = text.find(word)
        if index >= 0:
            text = text[:index]
    return text
