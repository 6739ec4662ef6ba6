"""Llama Guard (3 and later) through transformers, from a model id or a local path.

The model reads the conversation through its own chat template and answers ``safe`` or
``unsafe`` followed by hazard codes (``S1,S10``). Codes map onto our categories; Llama Guard
has no prompt-injection category, so a ``companion`` classifier (the embedded one) is merged
in by taking the higher score per category. Unreadable output raises ``BackendError`` so the
guard falls back to its embedded classifier with a visible warning.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

from agent.errors import BackendError
from persona.safety.categories import Assessment

# Llama Guard 3 hazard taxonomy (MLCommons) -> our categories.
HAZARD_CODES = {
    "S1": "illicit",          # violent crimes
    "S2": "illicit",          # non-violent crimes
    "S3": "sexual",           # sex-related crimes
    "S4": "sexual/minors",    # child sexual exploitation
    "S5": "harassment",       # defamation
    "S6": "illicit",          # specialized advice
    "S7": "illicit",          # privacy
    "S8": "illicit",          # intellectual property
    "S9": "illicit",          # indiscriminate weapons
    "S10": "hate",            # hate
    "S11": "self-harm",       # suicide and self-harm
    "S12": "sexual",          # sexual content
    "S13": "illicit",         # elections
    "S14": "injection",       # code interpreter abuse
}
UNSAFE_SCORE = 0.9


def parse_verdict(output: str) -> dict[str, float]:
    """Category scores from Llama Guard's answer; ``BackendError`` if it is neither verdict."""
    lines = [line.strip() for line in output.strip().splitlines() if line.strip()]
    if not lines:
        raise BackendError("Llama Guard returned nothing", retryable=True)
    verdict = lines[0].lower().split()[0] if lines[0].split() else ""
    if verdict == "safe":
        return {}
    if verdict != "unsafe":
        raise BackendError(f"Llama Guard answered {lines[0][:40]!r}, not 'safe' or 'unsafe'; is this a Llama Guard model?")
    codes = re.findall(r"S\d{1,2}", " ".join(lines[1:]))
    scores: dict[str, float] = {}
    for code in codes or ["S1"]:
        scores[HAZARD_CODES.get(code, "illicit")] = UNSAFE_SCORE
    return scores


class LlamaGuardClassifier:
    """``model``: a Hugging Face id (e.g. ``meta-llama/Llama-Guard-3-1B``) or a local directory."""

    def __init__(self, *, model: str | Path, device: str = "cpu", max_new_tokens: int = 12,
                 companion: Any | None = None) -> None:
        self.model_id = str(model)
        self.device = device
        self.max_new_tokens = max_new_tokens
        self.companion = companion
        self.name = "llamaguard" + ("+embedded" if companion is not None else "")
        self._tokenizer = None
        self._model = None
        self._lock = threading.Lock()

    def load(self) -> "LlamaGuardClassifier":
        """Load tokenizer and weights (``from_pretrained``); ``BackendError`` names the fix."""
        if self._model is not None:
            return self
        with self._lock:
            if self._model is None:
                try:
                    from transformers import AutoModelForCausalLM, AutoTokenizer

                    tokenizer = AutoTokenizer.from_pretrained(self.model_id)
                    model = AutoModelForCausalLM.from_pretrained(self.model_id)
                    model.to(self.device).eval()
                except (OSError, ValueError, ImportError) as exc:
                    raise BackendError(f"cannot load Llama Guard from {self.model_id!r}: {str(exc).splitlines()[0]}; "
                                       "give a downloaded model directory or a model id this machine can fetch") from exc
                if not getattr(tokenizer, "chat_template", None):
                    raise BackendError(f"{self.model_id!r} has no chat template; Llama Guard models ship one")
                self._tokenizer, self._model = tokenizer, model
        return self

    def _conversation(self, text: str, stage: str) -> list[dict[str, Any]]:
        if stage == "output":  # judge the NPC's words as the agent's turn
            return [{"role": "user", "content": [{"type": "text", "text": "(conversation with a game character)"}]},
                    {"role": "assistant", "content": [{"type": "text", "text": text}]}]
        return [{"role": "user", "content": [{"type": "text", "text": text}]}]

    def generate(self, text: str, stage: str = "input") -> str:
        """The raw answer of the model for one text."""
        import torch

        self.load()
        tokenizer, model = self._tokenizer, self._model
        try:
            ids = tokenizer.apply_chat_template(self._conversation(text, stage), return_tensors="pt",
                                                add_generation_prompt=True)
        except Exception:  # older templates take plain-string content
            plain = [{"role": m["role"], "content": m["content"][0]["text"]} for m in self._conversation(text, stage)]
            ids = tokenizer.apply_chat_template(plain, return_tensors="pt", add_generation_prompt=True)
        if not isinstance(ids, torch.Tensor):  # transformers 5 may return a BatchEncoding
            ids = ids["input_ids"]
        ids = ids.to(self.device)
        with torch.inference_mode():
            out = model.generate(input_ids=ids, attention_mask=torch.ones_like(ids), max_new_tokens=self.max_new_tokens,
                                 do_sample=False, pad_token_id=tokenizer.pad_token_id or tokenizer.eos_token_id or 0)
        return tokenizer.decode(out[0, ids.shape[-1]:], skip_special_tokens=True)

    def assess_many(self, texts: list[str], *, stage: str = "input") -> list[Assessment]:
        base = self.companion.assess_many(texts, stage=stage) if self.companion is not None else \
            [Assessment() for _ in texts]
        for text, assessment in zip(texts, base):
            scores = parse_verdict(self.generate(text, stage))
            assessment.source = self.name
            for category, score in scores.items():
                assessment.raise_to(category, score, f"Llama Guard: unsafe ({category})")
        return base
