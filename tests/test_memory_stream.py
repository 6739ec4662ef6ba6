"""Memory stream on the real shared encoder (multilingual USE): scoring, privacy, reflections, buffer, export/forget."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from agent.config import MemorySettings
from memory.buffer import ConversationBuffer, approx_tokens
from memory.embeddings import shared_encoder
from memory.importance import HeuristicImportance, LLMImportance
from memory.service import Memory
from memory.store import MemoryStore
from memory.stream import LLMReflector, MemoryStream


@pytest.fixture(scope="module")
def encoder():
    return shared_encoder()


@pytest.fixture
def store(tmp_path: Path, encoder):
    with MemoryStore(encoder=encoder, path=tmp_path / "memory") as opened:
        yield opened


@pytest.fixture
def stream(store) -> MemoryStream:
    return MemoryStream(store=store, reflection_threshold=1e9)


FACTS_A = ["My name is Minji and I love cats", "I live in Busan near the beach", "내 생일은 3월 5일이야",
           "제가 제일 좋아하는 색은 청록색이에요"]
FILLER = ["hello there", "the weather is nice today", "thanks for the chair", "안녕하세요", "고마워요"]


def test_recall_finds_the_relevant_fact_in_english_and_korean(stream: MemoryStream) -> None:
    for text in FACTS_A + FILLER:
        stream.observe(user="a", text=text, session="s1")
    assert stream.recall(user="a", query="what's my name?", k=1)[0].record.text == FACTS_A[0]
    assert stream.recall(user="a", query="where do I live?", k=1)[0].record.text == FACTS_A[1]
    assert stream.recall(user="a", query="내 생일이 언제야?", k=1)[0].record.text == FACTS_A[2]
    assert stream.recall(user="a", query="내가 좋아하는 색 기억나?", k=1)[0].record.text == FACTS_A[3]


def test_user_a_memories_never_come_back_for_user_b(stream: MemoryStream) -> None:
    for text in FACTS_A:
        stream.observe(user="a", text=text, session="s1")
    stream.observe(user="b", text="I am Bob and I am allergic to peanuts", session="s2")
    for query in FACTS_A + ["what's my name?", "cats", "생일"]:
        got = stream.recall(user="b", query=query, k=10)
        assert got and all(m.record.user == "b" for m in got)
    assert stream.recall(user="nobody", query="what's my name?") == []


def test_memories_are_scoped_per_persona(stream: MemoryStream) -> None:
    stream.observe(user="a", persona="knight", text="I told the knight my secret is the blue key", session="s")
    stream.observe(user="a", persona="merchant", text="I sold the merchant a red gem", session="s")
    got = stream.recall(user="a", persona="knight", query="secret key", k=5)
    assert [m.record.persona for m in got] == ["knight"]


def test_recency_decays_and_recall_touches(store: MemoryStore) -> None:
    clock = [1_000_000.0]
    stream = MemoryStream(store=store, clock=lambda: clock[0], reflection_threshold=1e9)
    old = stream.observe(user="a", text="my dog is called Rex", importance=5, at=clock[0] - 24 * 3600 * 30)
    new = stream.observe(user="a", text="my dog is called Rex", importance=5, at=clock[0] - 60)
    ranked = stream.recall(user="a", query="dog name", k=2)
    assert [m.record.id for m in ranked] == [new.id, old.id]
    assert ranked[0].recency > ranked[1].recency
    assert ranked[1].recency == pytest.approx(0.995 ** (24 * 30 + 1 / 60), rel=1e-3)
    clock[0] += 10
    again = stream.recall(user="a", query="dog name", k=2)
    assert all(m.recency == pytest.approx(0.995 ** (10 / 3600), rel=1e-6) for m in again)  # last_accessed moved


def test_importance_heuristic_and_llm_scorer() -> None:
    heuristic = HeuristicImportance()
    assert heuristic.score("hi") < heuristic.score("My name is Minji") < heuristic.score(
        "Remember: my birthday is March 5")
    assert heuristic.score("내 이름은 민지야, 기억해 줘") >= 7
    assert heuristic.score("made a 3D model", speaker="asset") > heuristic.score("ok", speaker="persona")
    assert LLMImportance(chat_model=FakeListChatModel(responses=["Rating: 8"])).score("x") == 8.0
    assert LLMImportance(chat_model=FakeListChatModel(responses=["no idea"])).score("hi") == heuristic.score("hi")


def test_reflection_is_written_when_importance_adds_up(store: MemoryStore) -> None:
    stream = MemoryStream(store=store, reflection_threshold=15)  # 5 + 7 + 5
    stream.observe(user="a", text="My name is Minji", session="s")
    assert stream.maybe_reflect(user="a", persona=None) is None
    stream.observe(user="a", text="I love cats, remember that", session="s")
    stream.observe(user="a", text="I live in Busan", session="s")
    reflections = [r for r in stream.all_for("a") if r.kind == "reflection"]
    assert len(reflections) == 1
    reflection = reflections[0]
    assert "Minji" in reflection.text and "cats" in reflection.text
    assert len(reflection.meta["sources"].split(",")) == 3
    assert stream.maybe_reflect(user="a", persona=None) is None  # nothing new since
    llm = MemoryStream(store=store, reflection_threshold=1,
                       reflector=LLMReflector(chat_model=FakeListChatModel(responses=["Minji is a cat person."])))
    llm.observe(user="c", text="I adore my three cats", session="s")
    assert any(r.text == "Minji is a cat person." for r in llm.all_for("c") if r.kind == "reflection")


def test_buffer_keeps_the_newest_turns_within_budget() -> None:
    buffer = ConversationBuffer(max_turns=3, max_tokens=50)
    for i in range(5):
        buffer.add("user" if i % 2 == 0 else "assistant", f"turn {i}")
    assert [t.text for t in buffer.turns] == ["turn 2", "turn 3", "turn 4"]
    buffer.add("user", "word " * 60)
    assert len(buffer) == 1 and buffer.messages()[0]["role"] == "user"
    assert approx_tokens("안녕하세요") == 5 and approx_tokens("three little words") == 4
    with pytest.raises(ValueError):
        buffer.add("system", "x")


def test_memory_turns_export_and_forget(store: MemoryStore) -> None:
    memory = Memory(store=store, config=MemorySettings(buffer_turns=4))
    memory.remember_turn(user="a", text="My favourite colour is teal", reply="Noted!", session="s1")
    memory.remember_turn(user="b", text="My favourite colour is red", reply="Noted!", session="s9")
    recall = memory.recall(user="a", query="what is my favourite colour?", session="s2")
    assert recall.fact_texts[:1] == ["My favourite colour is teal"]
    assert memory.recall(user="a", query="hello", session="s1").buffer.messages() == [
        {"role": "user", "content": "My favourite colour is teal"}, {"role": "assistant", "content": "Noted!"}]
    exported = memory.export("a")
    assert {m["text"] for m in exported["memories"]} == {"My favourite colour is teal", "Noted!"}
    assert memory.forget("a") == {"memories": 2, "assets": 0}
    assert memory.export("a")["memories"] == []
    assert memory.recall(user="a", query="what is my favourite colour?").facts == []
    assert len(memory.export("b")["memories"]) == 2


def test_a_turn_writes_its_user_line_and_reply_in_one_encode_and_one_add(tmp_path: Path) -> None:
    from agent.encoder import HashingEncoder
    from memory.store import MEMORIES, collection_name

    class Counting(HashingEncoder):
        def __init__(self) -> None:
            super().__init__(dim=384)
            self.calls: list[int] = []

        def encode(self, texts):
            self.calls.append(len(texts))
            return super().encode(texts)

    class CountingStore(MemoryStore):
        def __init__(self, **kwargs) -> None:
            self.adds: list[tuple[str, int]] = []
            super().__init__(**kwargs)

        def add(self, name, *, ids, **rest) -> None:
            self.adds.append((name, len(ids)))
            super().add(name, ids=ids, **rest)

    encoder = Counting()
    with CountingStore(encoder=encoder, path=tmp_path / "memory") as store:
        memory = Memory(store=store, config=MemorySettings(reflection_threshold=1e9))
        memory.remember_turn(user="a", text="My favourite colour is teal", reply="Noted, teal it is!", session="s1",
                             persona="mira", turn_id="t_1")
        assert store.adds == [(collection_name(MEMORIES, "a"), 2)] and encoder.calls == [2]
        # the same records as two single observations (the way they were written before)
        for speaker, text, order in (("user", "My favourite colour is teal", 0), ("persona", "Noted, teal it is!", 1)):
            memory.stream.observe(user="b", persona="mira", session="s1", speaker=speaker, text=text, at=123.0,
                                  meta={"turn_id": "t_1", "order": order}, reflect=False)

        def stored(user: str) -> list[tuple]:
            got = store.get(collection_name(MEMORIES, user), include=["documents", "metadatas", "embeddings"])
            rows = []
            for document, meta, vector in zip(got["documents"], got["metadatas"], got["embeddings"]):
                fields = {k: v for k, v in meta.items() if k not in ("user", "created_at", "last_accessed")}
                rows.append((document, sorted(fields.items()), tuple(np.round(vector, 6)),
                             meta["created_at"] == meta["last_accessed"]))
            return sorted(rows)

        assert stored("a") == stored("b") and len(stored("a")) == 2
        memory.remember_turn(user="a", text="  ", reply="Only a reply.", session="s1")
        assert store.adds[-1] == (collection_name(MEMORIES, "a"), 1)
        assert [r.meta["order"] for r in memory.stream.recent(user="a", session="s1")][-1] == 1


def test_memory_planner_and_safety_share_one_multilingual_encoder(encoder) -> None:
    from agent.encoder import UniversalSentenceEncoder, shared_encoder
    from agent.planner.embedded import EmbeddedPlanner
    from persona.safety.classifier import EmbeddedClassifier

    assert isinstance(encoder, UniversalSentenceEncoder) and encoder.dim == 512
    assert EmbeddedPlanner.load().encoder is encoder is shared_encoder()
    assert EmbeddedClassifier(use_embeddings=True, use_trained=False)._exemplars().encoder is encoder
    vectors = encoder.encode(["용", "a red dragon", "a wooden chair"])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.15  # Korean and English in one space
