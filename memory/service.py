"""The memory the orchestrator talks to: recall before planning, remember after the turn,
export and forget for privacy. One :class:`Memory` per store per process (:func:`open_memory`).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from agent.store import check_id
from agent.types import Artifact
from memory.assets import AssetMemory, order_for_planner
from memory.buffer import WORLD_EVENT, ConversationBuffer, Turn
from memory.embeddings import Encoder, shared_encoder
from memory.store import ASSETS, MAX_TEXT_CHARS, MEMORIES, MemoryStore, collection_name
from memory.stream import MemoryStream, ScoredMemory, Weights

if TYPE_CHECKING:
    from agent.config import MemorySettings, Settings

# a recalled memory is offered to the reply only when it is at least this relevant
FACT_RELEVANCE = 0.4


@dataclass
class Recall:
    """What memory offers a turn: relevant facts for the reply, the scored top-k, the buffer."""

    facts: list[ScoredMemory] = field(default_factory=list)
    memories: list[ScoredMemory] = field(default_factory=list)
    buffer: ConversationBuffer = field(default_factory=ConversationBuffer)

    @property
    def fact_texts(self) -> list[str]:
        return [m.record.text for m in self.facts]

    @property
    def fact_ids(self) -> list[str]:
        return [m.record.id for m in self.facts]

    def history(self) -> list[dict[str, str]]:
        """The session's recent conversation, ``[{"role", "content"}]``, oldest first."""
        return self.buffer.messages()


def store_path(settings: "Settings") -> Path:
    return Path(settings.memory.path or Path(settings.data_dir) / "memory")


class Memory:
    """Memory stream + asset memory + conversation buffer over one :class:`MemoryStore`."""

    def __init__(self, *, store: MemoryStore, config: "MemorySettings", stream: MemoryStream | None = None,
                 assets: AssetMemory | None = None) -> None:
        self.store = store
        self.config = config
        self.stream = stream or MemoryStream(
            store=store, reflection_threshold=config.reflection_threshold,
            weights=Weights(recency=config.recency_weight, importance=config.importance_weight,
                            relevance=config.relevance_weight, decay_per_hour=config.decay_per_hour))
        self.assets = assets or AssetMemory(store=store)
        self._recalled: dict[str, set[str]] = {}

    @classmethod
    def open(cls, settings: "Settings", *, encoder: Encoder | None = None) -> "Memory":
        """Open the configured store: the Chroma server if ``memory.chroma_url`` is set, else
        ``<data_dir>/memory``. Raises ``StoreLocked`` / ``StoreCorrupt`` / ``BackendError``."""
        encoder = encoder or shared_encoder()
        if settings.memory.chroma_url:
            store = MemoryStore(encoder=encoder, url=settings.memory.chroma_url)
        else:
            store = MemoryStore(encoder=encoder, path=store_path(settings))
        return cls(store=store, config=settings.memory)

    # -- a turn ---------------------------------------------------------------------------------
    def recall(self, *, user: str, query: str, persona: str | None = None, session: str = "default") -> Recall:
        """Memories of this (persona, user) for ``query`` and the session's recent turns."""
        # last_accessed is written with the turn's other writes (remember_turn), off the reply's path
        memories = self.stream.recall(user=user, persona=persona, query=query[:MAX_TEXT_CHARS],
                                      k=self.config.recall_k, touch=False)
        self._recalled.setdefault(user, set()).update(m.record.id for m in memories)
        facts = [m for m in memories if m.relevance >= FACT_RELEVANCE and m.record.speaker in ("user", "self", "world")]
        return Recall(facts=facts, memories=memories, buffer=self.buffer(user=user, persona=persona, session=session))

    def buffer(self, *, user: str, session: str, persona: str | None = None) -> ConversationBuffer:
        buffer = ConversationBuffer(max_turns=self.config.buffer_turns, max_tokens=self.config.buffer_tokens)
        records = self.stream.recent(user=user, persona=persona, session=session, limit=self.config.buffer_turns)
        buffer.extend(Turn("user" if r.speaker in ("user", "world") else "assistant",
                           f"{WORLD_EVENT}{r.text}" if r.speaker == "world" else r.text, r.created_at) for r in records)
        return buffer

    def artifacts_for_plan(self, *, user: str, query: str, recent: Sequence[Artifact],
                           created_at: Mapping[str, float] | None = None, k: int = 5) -> tuple[Artifact, ...]:
        """``PlanContext.recent_artifacts``: the session's recent artifacts plus this user's
        assets that the request describes, ordered so the best fit comes last."""
        hits = self.assets.search(user=user, query=query[:MAX_TEXT_CHARS], k=k)
        return order_for_planner(recent, hits, created_at)

    def remember_turn(self, *, user: str, text: str, reply: str, persona: str | None = None,
                      session: str = "default", artifacts: Iterable[tuple[Artifact, str]] = (),
                      turn_id: str = "") -> None:
        """Store the user's words, the reply, and every artifact (with its tool) of a turn."""
        now = time.time()
        recalled = sorted(self._recalled.pop(user, set()))
        if recalled:
            self.store.update_metadata(collection_name(MEMORIES, user), ids=recalled,
                                       metadatas=[{"last_accessed": now}] * len(recalled))
        said = [self.stream.new_record(user=user, persona=persona, session=session, speaker=speaker, at=now,
                                       text=_fit(words), meta={"turn_id": turn_id, "order": order})
                for order, (speaker, words) in enumerate((("user", text), ("persona", reply))) if words.strip()]
        self.stream.write(said)  # the user line and the reply: one encode, one Chroma add
        for artifact, tool in artifacts:
            self.assets.index(artifact, user=user, session=session, persona=persona, request_text=text, tool=tool,
                              at=now)
        self.stream.maybe_reflect(user=user, persona=persona, session=session)

    def remember_event(self, *, user: str, text: str, persona: str | None = None, session: str = "default",
                       turn_id: str = "") -> None:
        """Store a world event the persona was told of (``narrate``): it knows it from now on."""
        record = self.stream.new_record(user=user, persona=persona, session=session, speaker="world",
                                        text=_fit(text), meta={"turn_id": turn_id, "order": 0})
        self.stream.write([record])
        self.stream.maybe_reflect(user=user, persona=persona, session=session)

    # -- privacy --------------------------------------------------------------------------------
    def export(self, user: str) -> dict[str, Any]:
        """Everything memory holds about ``user``: memories (all personas) and asset entries."""
        check_id(user, "user id")
        return {"user": user, "store": self.store.location, "exported_at": time.time(),
                "memories": [r.public() for r in self.stream.all_for(user)],
                "assets": self.assets.all_for(user)}

    def forget(self, user: str) -> dict[str, int]:
        """Delete every memory and asset entry of ``user``; returns how many went."""
        check_id(user, "user id")
        return {label: self.store.drop(collection_name(kind, user))
                for kind, label in ((MEMORIES, "memories"), (ASSETS, "assets"))}

    def close(self) -> None:
        with _registry_lock:
            for key, memory in list(_open.items()):
                if memory is self:
                    del _open[key]
        self.store.close()


def _fit(text: str) -> str:
    """Turn texts longer than one memory entry keep their head, visibly cut."""
    return text if len(text) <= MAX_TEXT_CHARS else text[: MAX_TEXT_CHARS - 20].rstrip() + " …[truncated]"


_open: dict[str, Memory] = {}
_registry_lock = threading.Lock()


def check_available(settings: "Settings") -> None:
    """Refuse at start-up (``StoreLocked``, naming the holder and the fixes) when another process
    already writes this data dir's local memory store; this process's own open store passes."""
    if not settings.memory.enabled or settings.memory.chroma_url:
        return
    path = store_path(settings)
    with _registry_lock:
        if str(path.resolve()) in _open or not path.parent.exists():
            return
    from memory.store import check_unlocked

    check_unlocked(path.resolve())


def open_memory(settings: "Settings", *, encoder: Encoder | None = None) -> Memory:
    """The process's :class:`Memory` for the configured store (opened once, then shared)."""
    key = settings.memory.chroma_url or str(store_path(settings).resolve())
    with _registry_lock:
        memory = _open.get(key)
        if memory is None:
            memory = Memory.open(settings, encoder=encoder)
            _open[key] = memory
        return memory
