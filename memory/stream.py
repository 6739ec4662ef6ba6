"""The Generative-Agents memory stream, one per (persona, user).

Every turn adds observations (what the user said, what the persona answered). Retrieval
scores each candidate as in Park et al. (2023)::

    score = w_recency * recency + w_importance * importance + w_relevance * relevance

each term already in [0, 1], where

- recency = ``decay_per_hour ** hours since the memory was last retrieved`` (0.995/h, as in
  the paper; so half-life ~138 h),
- importance = the 1-10 score given when the memory was stored (:mod:`memory.importance`),
- relevance = :func:`memory.lexical.relevance`: embedding cosine mixed with content-word
  overlap (English and Korean).

The paper min-max normalises each term over the candidates; that turns a few milliseconds of
age into a full point of recency when memories are fresh, so the raw values are used instead.
Defaults: relevance 1, importance 0.5, recency 0.5 (``memory.relevance_weight`` etc. in the
config), tuned on ``bench/data/memory_retrieval.jsonl``. Candidates are the
nearest neighbours in Chroma plus memories that contain one of the query's content words.
Reflections: once the importance of observations since the last reflection adds up to
``reflection_threshold``, a higher-level memory is written: extractive by default (the most
important and most central statements, joined), or by a chat model (:class:`LLMReflector`).
Reflections are memories too, scored like any other.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Protocol, Sequence

import numpy as np

from memory.importance import HeuristicImportance, ImportanceScorer
from memory.lexical import relevance, search_words
from memory.store import MEMORIES, MemoryStore, check_text, collection_name

SPEAKERS = ("user", "persona", "asset", "self", "world")  # world: a narrated event (narrate)
KINDS = ("observation", "reflection")


@dataclass(frozen=True)
class Weights:
    """Retrieval weights and recency decay (documented in the module docstring)."""

    recency: float = 0.5
    importance: float = 0.5
    relevance: float = 1.0
    decay_per_hour: float = 0.995


@dataclass(frozen=True)
class MemoryRecord:
    """One stored memory."""

    id: str
    text: str
    kind: str
    speaker: str
    user: str
    persona: str
    session: str
    importance: float
    created_at: float
    last_accessed: float
    meta: Mapping[str, Any] = field(default_factory=dict)

    def public(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "kind": self.kind, "speaker": self.speaker, "user": self.user,
                "persona": self.persona, "session": self.session, "importance": self.importance,
                "created_at": self.created_at, "last_accessed": self.last_accessed}


@dataclass(frozen=True)
class ScoredMemory:
    """A retrieved memory with its score and the raw parts of it."""

    record: MemoryRecord
    score: float
    relevance: float
    recency: float
    importance: float


def record_from(memory_id: str, document: str, meta: Mapping[str, Any]) -> MemoryRecord:
    return MemoryRecord(
        id=memory_id, text=document, kind=str(meta.get("kind", "observation")), speaker=str(meta.get("speaker", "user")),
        user=str(meta.get("user", "")), persona=str(meta.get("persona", "")), session=str(meta.get("session", "")),
        importance=float(meta.get("importance", 1.0)), created_at=float(meta.get("created_at", 0.0)),
        last_accessed=float(meta.get("last_accessed", meta.get("created_at", 0.0))),
        meta={k: v for k, v in meta.items() if k not in ("kind", "speaker", "user", "persona", "session", "importance",
                                                         "created_at", "last_accessed")},
    )


def scope(persona: str | None, **more: Any) -> dict[str, Any]:
    """A Chroma ``where`` filter for one persona's stream inside a user's collection."""
    clauses = [{"persona": persona or ""}] + [{k: v} for k, v in more.items() if v is not None]
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


class Reflector(Protocol):
    def reflect(self, observations: Sequence[MemoryRecord], embeddings: np.ndarray) -> str | None:
        """A higher-level statement about these observations, or ``None`` when there is none."""
        ...


class ExtractiveReflector:
    """Picks the statements that are most important and most central (mean cosine to the rest)."""

    def __init__(self, *, max_statements: int = 3) -> None:
        self.max_statements = max_statements

    def reflect(self, observations: Sequence[MemoryRecord], embeddings: np.ndarray) -> str | None:
        said = [i for i, o in enumerate(observations) if o.speaker == "user"] or list(range(len(observations)))
        if not said:
            return None
        vectors = embeddings[said]
        centrality = (vectors @ vectors.T).mean(axis=1) if len(said) > 1 else np.ones(1)
        importance = np.array([observations[i].importance for i in said]) / 10.0
        order = np.argsort(-(importance + centrality), kind="stable")[: self.max_statements]
        chosen = sorted((said[int(j)] for j in order), key=lambda i: observations[i].created_at)
        user = observations[chosen[0]].user
        return f"What {user} has told me: " + " / ".join(observations[i].text.strip() for i in chosen)


class LLMReflector:
    """Asks a LangChain chat model for one insight (the paper's reflection prompt, shortened)."""

    def __init__(self, *, chat_model: Any, fallback: Reflector | None = None) -> None:
        self.chat_model = chat_model
        self.fallback = fallback or ExtractiveReflector()

    def reflect(self, observations: Sequence[MemoryRecord], embeddings: np.ndarray) -> str | None:
        lines = "\n".join(f"{i + 1}. {o.text.strip()[:500]}" for i, o in enumerate(observations[-30:]))
        prompt = ("Statements from conversations with one person:\n" + lines +
                  "\nWhat is the single most important high-level insight about this person that these statements "
                  "support? Answer in one sentence, in the language of the statements.")
        try:
            text = str(getattr(self.chat_model.invoke(prompt), "content", "")).strip()
        except Exception:
            text = ""
        return text[:2000] if text else self.fallback.reflect(observations, embeddings)


class MemoryStream:
    """Observations and reflections of every (persona, user) in one store."""

    def __init__(self, *, store: MemoryStore, importance: ImportanceScorer | None = None,
                 reflector: Reflector | None = None, weights: Weights | None = None,
                 reflection_threshold: float = 30.0, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.importance = importance or HeuristicImportance()
        self.reflector = reflector or ExtractiveReflector()
        self.weights = weights or Weights()
        self.reflection_threshold = reflection_threshold
        self.clock = clock

    # -- writing --------------------------------------------------------------------------------
    def observe(self, *, user: str, text: str, persona: str | None = None, session: str = "default",
                speaker: str = "user", importance: float | None = None, at: float | None = None,
                meta: Mapping[str, Any] | None = None, reflect: bool = True) -> MemoryRecord:
        """Store one observation (durable when this returns); may write a reflection too."""
        record = self.add(user=user, text=text, persona=persona, session=session, speaker=speaker,
                          importance=importance, at=at, meta=meta)
        if reflect:
            self.maybe_reflect(user=user, persona=persona, session=session)
        return record

    def add(self, *, user: str, text: str, persona: str | None = None, session: str = "default",
            speaker: str = "user", kind: str = "observation", importance: float | None = None,
            at: float | None = None, meta: Mapping[str, Any] | None = None) -> MemoryRecord:
        """Store one memory of any kind without triggering a reflection."""
        record = self.new_record(user=user, text=text, persona=persona, session=session, speaker=speaker, kind=kind,
                                 importance=importance, at=at, meta=meta)
        self.write([record])
        return record

    def new_record(self, *, user: str, text: str, persona: str | None = None, session: str = "default",
                   speaker: str = "user", kind: str = "observation", importance: float | None = None,
                   at: float | None = None, meta: Mapping[str, Any] | None = None) -> MemoryRecord:
        """A checked, scored memory that is not stored yet (store it with :meth:`write`)."""
        check_text(text)
        if speaker not in SPEAKERS:
            raise ValueError(f"speaker {speaker!r} must be one of {SPEAKERS}")
        if kind not in KINDS:
            raise ValueError(f"kind {kind!r} must be one of {KINDS}")
        now = self.clock() if at is None else float(at)
        score = self.importance.score(text, speaker=speaker) if importance is None else float(importance)
        return MemoryRecord(id=f"m_{secrets.token_hex(8)}", text=text, kind=kind, speaker=speaker, user=user,
                            persona=persona or "", session=session, importance=score, created_at=now,
                            last_accessed=now, meta=dict(meta or {}))

    def write(self, records: Sequence[MemoryRecord]) -> None:
        """Store one user's records with one encoder call and one Chroma add (durable when this
        returns; e.g. a turn's user line and reply together). No reflection is triggered."""
        if not records:
            return
        users = {r.user for r in records}
        if len(users) > 1:
            raise ValueError(f"write() stores one user's memories at a time, got {sorted(users)}")
        self.store.add(collection_name(MEMORIES, records[0].user), ids=[r.id for r in records],
                       documents=[r.text for r in records], metadatas=[_metadata(r) for r in records])

    def maybe_reflect(self, *, user: str, persona: str | None, session: str = "default") -> MemoryRecord | None:
        """Write a reflection when enough has happened since the last one."""
        name = collection_name(MEMORIES, user)
        last = self.store.get(name, where=scope(persona, kind="reflection"), include=["metadatas"])
        since = max((float(m.get("created_at", 0.0)) for m in last["metadatas"]), default=0.0)
        found = self.store.get(name, where={"$and": scope(persona, kind="observation")["$and"] +
                                            [{"created_at": {"$gt": since}}]},
                               include=["documents", "metadatas", "embeddings"])
        records = [record_from(i, d, m) for i, d, m in zip(found["ids"], found["documents"], found["metadatas"])]
        if sum(r.importance for r in records) < self.reflection_threshold:
            return None
        order = sorted(range(len(records)), key=lambda i: records[i].created_at)
        records = [records[i] for i in order]
        embeddings = np.asarray(found["embeddings"], dtype=np.float32)[order]
        text = self.reflector.reflect(records, embeddings)
        if not text:
            return None
        return self.add(user=user, persona=persona, session=session, speaker="self", kind="reflection",
                        text=text[:2000], importance=max(r.importance for r in records),
                        meta={"sources": ",".join(r.id for r in records)[:4000]})

    # -- reading --------------------------------------------------------------------------------
    def recall(self, *, user: str, query: str, persona: str | None = None, k: int = 5, now: float | None = None,
               touch: bool = True, candidates: int = 50) -> list[ScoredMemory]:
        """The ``k`` best memories of this (persona, user) for ``query``, best first."""
        check_text(query, "memory query")
        name = collection_name(MEMORIES, user)
        if self.store.collection(name, create=False) is None:
            return []  # nothing stored about this user
        embedding = self.store.encoder.encode([query])[0]
        pool = self._candidates(name, persona or "", query, embedding, candidates)
        if not pool:
            return []
        now = self.clock() if now is None else now
        records = [item[0] for item in pool]
        rel = np.array([relevance(query, r.text, float(cos)) for r, cos in pool])
        hours = np.array([max(0.0, now - r.last_accessed) / 3600.0 for r in records])
        rec = self.weights.decay_per_hour ** hours
        imp = np.array([r.importance for r in records]) / 10.0
        total = self.weights.recency * rec + self.weights.importance * imp + self.weights.relevance * rel
        best = np.argsort(-total, kind="stable")[:k]
        chosen = [ScoredMemory(records[i], float(total[i]), float(rel[i]), float(rec[i]), float(records[i].importance))
                  for i in best]
        if touch and chosen:
            self.store.update_metadata(name, ids=[c.record.id for c in chosen],
                                       metadatas=[{"last_accessed": now} for _ in chosen])
        return chosen

    def _candidates(self, name: str, persona: str, query: str, embedding: np.ndarray,
                    limit: int) -> list[tuple[MemoryRecord, float]]:
        # Unfiltered nearest neighbours in the user's own collection, narrowed to the persona
        # here (Chroma's filtered search is ~50x slower); filtered search only when the
        # persona's memories are too rare among the nearest ones.
        wide = limit * 4
        found = self.store.query(name, embedding=embedding, n_results=wide)
        pool: dict[str, tuple[MemoryRecord, float]] = {}
        for i, d, m, dist in zip(found["ids"][0], found["documents"][0], found["metadatas"][0], found["distances"][0]):
            if m.get("persona", "") == persona and len(pool) < limit:
                pool[i] = (record_from(i, d, m), 1.0 - float(dist))
        if len(pool) < limit and len(found["ids"][0]) == wide:
            found = self.store.query(name, embedding=embedding, n_results=limit, where={"persona": persona})
            for i, d, m, dist in zip(found["ids"][0], found["documents"][0], found["metadatas"][0],
                                     found["distances"][0]):
                pool.setdefault(i, (record_from(i, d, m), 1.0 - float(dist)))
        words = search_words(query)
        if words:
            contains = [{"$contains": w} for w in words]
            # no metadata filter here either: Chroma's filtered get costs ~80 ms; check the persona below
            lexical = self.store.get(name, limit=limit * 4,
                                     where_document=contains[0] if len(contains) == 1 else {"$or": contains},
                                     include=["documents", "metadatas", "embeddings"])
            for i, d, m, e in zip(lexical["ids"], lexical["documents"], lexical["metadatas"], lexical["embeddings"]):
                if i not in pool and m.get("persona", "") == persona:
                    pool[i] = (record_from(i, d, m), float(np.dot(np.asarray(e, dtype=np.float32), embedding)))
        return list(pool.values())

    def recent(self, *, user: str, session: str, persona: str | None = None, limit: int = 20) -> list[MemoryRecord]:
        """The latest observations of one session, oldest first (for the conversation buffer)."""
        found = self.store.get(collection_name(MEMORIES, user), where=scope(persona, session=session, kind="observation"))
        records = [record_from(i, d, m) for i, d, m in zip(found["ids"], found["documents"], found["metadatas"])]
        records.sort(key=lambda r: (r.created_at, r.meta.get("order", 0)))
        return records[-limit:]

    def all_for(self, user: str) -> list[MemoryRecord]:
        """Every memory about ``user`` (all personas), oldest first."""
        found = self.store.get(collection_name(MEMORIES, user))
        records = [record_from(i, d, m) for i, d, m in zip(found["ids"], found["documents"], found["metadatas"])]
        return sorted(records, key=lambda r: r.created_at)


def _metadata(record: MemoryRecord) -> dict[str, Any]:
    meta = {k: v for k, v in record.meta.items() if isinstance(v, (str, int, float, bool))}
    return {**meta, "kind": record.kind, "speaker": record.speaker, "user": record.user, "persona": record.persona,
            "session": record.session, "importance": record.importance, "created_at": record.created_at,
            "last_accessed": record.last_accessed}


def texts(memories: Iterable[ScoredMemory]) -> list[str]:
    return [m.record.text for m in memories]
