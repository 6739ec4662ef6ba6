"""Asset memory: every artifact a user made, indexed by what was asked for, with provenance.

Each entry's document is the prompt plus the request it came from (its words are matched
exactly); its vector is the prompt's alone (what was made, without "make a ... please"), so
"the dragon from before" and "아까 만든 용" find the asset made from "a red dragon" through the
multilingual encoder; its metadata carries the artifact id, kind,
tool, persona, session, user, time and the full artifact record (so a hit becomes an
:class:`~agent.types.Artifact` without scanning manifests). Searches are always scoped to one
user.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np

from agent.encoder import standing_out
from agent.types import Artifact
from memory.lexical import content_query, relevance, search_words
from memory.store import ASSETS, MAX_TEXT_CHARS, MemoryStore, collection_name, embedded_text

# A request "describes" an earlier asset when its relevance reaches this (calibrated so that
# "the dragon from before" picks the dragon and "it" picks nothing; see tests/test_memory_assets.py).
DESCRIBED = 0.5


@dataclass(frozen=True)
class AssetHit:
    """An indexed artifact with its relevance to a query."""

    artifact: Artifact
    relevance: float
    created_at: float
    session: str
    persona: str
    prompt: str

    def public(self) -> dict[str, Any]:
        return {**self.artifact.public(), "relevance": round(self.relevance, 4), "created_at": self.created_at,
                "session": self.session, "persona": self.persona, "prompt": self.prompt}


def describe(prompt: str, request_text: str) -> str:
    """The searchable text of an asset: its prompt and, when different, the request."""
    parts = [p.strip() for p in (prompt, request_text) if p and p.strip()]
    if len(parts) == 2 and parts[0] in parts[1]:
        parts = parts[1:]
    return " | ".join(dict.fromkeys(parts))[:MAX_TEXT_CHARS] or "(no description)"


class AssetMemory:
    """Index and search a user's artifacts."""

    def __init__(self, *, store: MemoryStore, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.clock = clock

    def index(self, artifact: Artifact, *, user: str, session: str, persona: str | None = None,
              request_text: str = "", tool: str = "", at: float | None = None) -> None:
        """Remember one artifact (idempotent per artifact id: a re-index replaces the entry)."""
        prompt = str(artifact.meta.get("prompt") or "")
        record = {**artifact.public(), "sha256": artifact.sha256}
        meta = {"artifact_id": artifact.id, "kind": artifact.kind, "tool": tool, "user": user, "session": session,
                "persona": persona or "", "created_at": self.clock() if at is None else float(at),
                "prompt": prompt[:2000], "request": request_text[:2000],
                "artifact": json.dumps(record, ensure_ascii=False, default=str)}
        name = collection_name(ASSETS, user)
        document = describe(prompt, request_text)
        self.store.delete(name, ids=[artifact.id])
        self.store.add(name, ids=[artifact.id], documents=[document], metadatas=[meta],
                       embeddings=self.store.encoder.encode([embedded_text(document, meta)]))

    def search(self, *, user: str, query: str, kinds: Sequence[str] | None = None, k: int = 5,
               candidates: int = 50) -> list[AssetHit]:
        """The user's artifacts that best fit ``query``, best first."""
        if not query.strip():
            return []
        name = collection_name(ASSETS, user)
        if self.store.collection(name, create=False) is None:
            return []
        # the whole query and its content words alone ("아까 만든 용" -> "용"): the better cosine counts
        content = content_query(query)
        queries = self.store.encoder.encode([query, content] if content and content != query else [query])
        embedding = queries[-1]
        found = self.store.query(name, embedding=embedding, n_results=candidates)
        pool: dict[str, tuple[str, Mapping[str, Any], float]] = {
            i: (d, m, _best_cosine(queries, e))
            for i, d, m, e in zip(found["ids"][0], found["documents"][0], found["metadatas"][0], found["embeddings"][0])}
        words = search_words(query)
        if words:
            contains = [{"$contains": w} for w in words]
            lexical = self.store.get(name, limit=candidates,
                                     where_document=contains[0] if len(contains) == 1 else {"$or": contains},
                                     include=["documents", "metadatas", "embeddings"])
            for i, d, m, e in zip(lexical["ids"], lexical["documents"], lexical["metadatas"], lexical["embeddings"]):
                pool.setdefault(i, (d, m, _best_cosine(queries, e)))
        hits = [_hit(m, relevance(query, d, cos)) for d, m, cos in pool.values()
                if not kinds or m.get("kind") in kinds]
        hits.sort(key=lambda h: (-h.relevance, -h.created_at))
        return hits[:k]

    def all_for(self, user: str) -> list[dict[str, Any]]:
        """Every asset entry of ``user`` (export shape), oldest first."""
        found = self.store.get(collection_name(ASSETS, user))
        entries = [{"artifact_id": i, "document": d, **{k: v for k, v in m.items() if k != "artifact"},
                    "artifact": json.loads(m.get("artifact") or "{}")}
                   for i, d, m in zip(found["ids"], found["documents"], found["metadatas"])]
        return sorted(entries, key=lambda e: e.get("created_at", 0.0))


def _best_cosine(queries: np.ndarray, vector: Any) -> float:
    return float(np.max(queries @ np.asarray(vector, dtype=np.float32)))


def _hit(meta: Mapping[str, Any], score: float) -> AssetHit:
    record = json.loads(meta["artifact"])
    artifact = Artifact(id=record["id"], kind=record["kind"], path=record["path"], mime=record["mime"],
                        sha256=record.get("sha256", ""), meta=record.get("meta", {}))
    return AssetHit(artifact=artifact, relevance=score, created_at=float(meta.get("created_at", 0.0)),
                    session=str(meta.get("session", "")), persona=str(meta.get("persona", "")),
                    prompt=str(meta.get("prompt", "")))


def order_for_planner(recent: Sequence[Artifact], hits: Iterable[AssetHit],
                      created_at: Mapping[str, float] | None = None,
                      threshold: float = DESCRIBED) -> tuple[Artifact, ...]:
    """``PlanContext.recent_artifacts`` for a request: the planner takes the LAST artifact of a
    fitting kind, so the order is chosen to make that the right one.

    Artifacts the request describes (relevance >= ``threshold``, or the one hit that stands out
    from the others: ``agent.encoder.standing_out``, which is how a Korean description finds an
    English prompt) go last, best match last; everything else keeps time order before them.
    With no description ("it", "그걸") the newest artifact of the session stays last.
    """
    created_at = dict(created_at or {})
    by_id: dict[str, Artifact] = {}
    score: dict[str, float] = {}
    for position, artifact in enumerate(recent):
        by_id[artifact.id] = artifact
        created_at.setdefault(artifact.id, float(position))
    for hit in hits:
        by_id.setdefault(hit.artifact.id, hit.artifact)
        score[hit.artifact.id] = max(score.get(hit.artifact.id, 0.0), hit.relevance)
        created_at.setdefault(hit.artifact.id, hit.created_at)
    described = [i for i in by_id if score.get(i, 0.0) >= threshold]
    ranked = list(score)
    standout = standing_out([score[i] for i in ranked])
    if standout is not None and ranked[standout] not in described:
        described.append(ranked[standout])
    plain = [i for i in by_id if i not in described]
    plain.sort(key=lambda i: created_at.get(i, 0.0))
    described.sort(key=lambda i: (score[i], created_at.get(i, 0.0)))
    return tuple(by_id[i] for i in plain + described)
