"""An OpenAI-compatible ``/moderations`` endpoint as a classifier (OpenAI, or a local server).

Request: ``POST {base_url}/moderations`` with ``{"model", "input": [texts]}``; the answer's
``results[i].category_scores`` map onto our categories. Injection is not an OpenAI category,
so a ``companion`` classifier (the embedded one) is merged in by the higher score.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from typing import Any

from agent.errors import BackendError
from persona.safety.categories import Assessment

CATEGORY_MAP = {
    "harassment": "harassment", "harassment/threatening": "harassment",
    "hate": "hate", "hate/threatening": "hate",
    "sexual": "sexual", "sexual/minors": "sexual/minors",
    "violence": "violence", "violence/graphic": "violence/graphic",
    "self-harm": "self-harm", "self-harm/intent": "self-harm", "self-harm/instructions": "self-harm",
    "illicit": "illicit", "illicit/violent": "illicit",
}


class OpenAIModerationClassifier:
    """``base_url`` like ``http://localhost:8000/v1``; the key comes from ``api_key`` or
    ``OPENAI_API_KEY`` (none is sent when neither is set)."""

    def __init__(self, *, base_url: str, model: str | None = None, api_key: str | None = None,
                 timeout_s: float = 10.0, companion: Any | None = None) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise BackendError(f"moderation endpoint {base_url!r} must start with http:// or https://")
        self.url = base_url.rstrip("/") + "/moderations"
        self.model = model or "omni-moderation-latest"
        self.api_key = api_key if api_key is not None else os.environ.get("OPENAI_API_KEY")
        self.timeout_s = timeout_s
        self.companion = companion
        self.name = "openai-moderation" + ("+embedded" if companion is not None else "")

    def request(self, texts: list[str]) -> list[dict[str, Any]]:
        """The endpoint's ``results`` list, one per text."""
        body = json.dumps({"model": self.model, "input": texts}).encode("utf-8")
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        req = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=self.timeout_s) as response:
                data = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            raise BackendError(f"moderation endpoint {self.url} answered HTTP {exc.code}",
                               retryable=exc.code >= 500 or exc.code == 429) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise BackendError(f"cannot reach moderation endpoint {self.url}: {exc}", retryable=True) from exc
        except json.JSONDecodeError as exc:
            raise BackendError(f"moderation endpoint {self.url} did not answer JSON") from exc
        results = data.get("results") if isinstance(data, dict) else None
        if not isinstance(results, list) or len(results) != len(texts):
            raise BackendError(f"moderation endpoint {self.url} returned {len(results or [])} results for "
                               f"{len(texts)} inputs")
        return results

    def assess_many(self, texts: list[str], *, stage: str = "input") -> list[Assessment]:
        base = self.companion.assess_many(texts, stage=stage) if self.companion is not None else \
            [Assessment() for _ in texts]
        for assessment, result in zip(base, self.request(texts)):
            assessment.source = self.name
            scores = result.get("category_scores") or {}
            for name, score in scores.items():
                ours = CATEGORY_MAP.get(name)
                if ours is not None and isinstance(score, (int, float)):
                    assessment.raise_to(ours, float(score), f"moderation endpoint: {name} {float(score):.2f}")
        return base
