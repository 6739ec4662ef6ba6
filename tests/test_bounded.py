"""Long uptime: every cache has a size limit, and cached model files are verified by digest on
load and refitted when bad (issue 23: the noise tables grew ~1.85 MB per image turn forever; a
truncated safety cache failed every later run)."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.test_safety_trained import _tiny_corpus

ROOT = Path(__file__).resolve().parents[1]


def test_lru_keeps_the_most_recent() -> None:
    from agent.durable import LRU

    cache: LRU[int, str] = LRU(maxsize=3)
    for i in range(10):
        cache[i] = str(i)
    assert list(cache) == [7, 8, 9]
    assert cache.get(7) == "7"  # a hit makes it the newest
    cache[10] = "10"
    assert list(cache) == [9, 7, 10] and len(cache) == 3


def test_noise_tables_are_bounded() -> None:
    from tools.render import noise

    x = np.linspace(0, 10, 16, dtype=np.float32)
    for seed in range(300):
        noise.value_noise(x, x, seed=seed)
    assert noise.cached_tables() <= noise.MAX_TABLES < 300
    again = noise.value_noise(x, x, seed=5)  # an evicted seed is rebuilt the same
    assert np.array_equal(again, noise.value_noise(x, x, seed=5))


def test_terrain_profiles_and_tone_tables_are_bounded() -> None:
    from tools.render import environment, shading

    for seed in range(300):
        environment._profile(environment.TerrainLayer(kind="hills", colour=(0.3, 0.4, 0.3), base_deg=0.0,
                                                      height_deg=5.0, distance_m=500.0, seed=seed))
        shading.tone_map(np.zeros((2, 2, 3), np.float32), exposure=0.5 + seed / 1000)
    assert environment._profile.cache_info().currsize <= 64
    assert shading._tone_lut.cache_info().currsize <= 16


def test_a_session_to_persona_map_is_bounded(settings) -> None:
    from agent.types import Request
    from persona.turns import TurnSafety

    safety = TurnSafety.for_data_dir(settings.data_dir, moderation=False)
    for i in range(5000):
        safety.persona_for(Request(text="hi", session_id=f"s{i}", persona="blacksmith"))
    assert len(safety._session_persona) <= 4096
    assert safety.persona_for(Request(text="hi", session_id="s4999")).id == "blacksmith"


def test_api_jobs_buses_and_sessions_in_memory_are_bounded(settings) -> None:
    from agent.config import ApiSettings
    from tests.api_helpers import build_orchestrator
    from ui.api.sessions import InProcessState, SessionManager

    class Small(InProcessState):
        max_jobs, max_buses, max_sessions = 50, 20, 30

    api = ApiSettings(history_events=10)
    state = Small(api=api, root=settings.data_dir / "api" / "sessions")
    manager = SessionManager(orchestrator=build_orchestrator(settings), settings=settings, api=api, state=state)

    async def many_turns() -> None:
        for i in range(120):
            session = manager.create(key_id="k", user=f"u{i}", persona=None, language=None, voice=False)
            job = manager.start_turn(session, text="hello there", audio=None, attachments=[])
            assert job.task is not None
            await job.task
        running = manager.create(key_id="k", user="late", persona=None, language=None, voice=False)
        manager.bus(running.id).subscribe(since=None)  # a client is connected: its bus is never dropped
        for i in range(40):
            other = manager.create(key_id="k", user=f"w{i}", persona=None, language=None, voice=False)
            manager.bus(other.id)
        assert running.id in state._buses

    asyncio.run(many_turns())
    assert len(state.jobs) <= 50 and len(state._buses) <= 20 + 1 and len(state._sessions) <= 30
    assert len(manager.of_key("k")) == 161  # listing still finds every session (evicted ones from their files)
    first = sorted((settings.data_dir / "api" / "sessions").glob("s_*.json"))[0].stem
    assert manager.get(first, key_id="k").id == first  # an evicted session is read back from disk


def test_recalled_ids_of_turns_that_were_never_remembered_are_bounded(settings) -> None:
    from agent.durable import LRU
    from memory.service import Memory

    assert isinstance(Memory(store=_NoStore(), config=settings.memory)._recalled, LRU)


class _NoStore:
    encoder = None


# -- verified caches -----------------------------------------------------------------------------

@pytest.fixture
def tiny(tmp_path: Path, monkeypatch):
    from persona.safety import train

    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    corpus.mkdir()
    _tiny_corpus(corpus)
    monkeypatch.setattr(train, "MIN_DF", 1)
    weights = train.cached_weights(cache_dir=cache, directory=corpus)
    return train, corpus, cache, weights


def _damage_and_reload(tiny, damage, caplog) -> None:
    train, corpus, cache, weights = tiny
    (path,) = cache.glob("trained-*.npz")
    damage(path)
    with caplog.at_level(logging.WARNING, logger="persona.safety.train"):
        again = train.cached_weights(cache_dir=cache, directory=corpus)
    assert np.array_equal(again.columns, weights.columns) and again.labels == weights.labels
    assert "fitting it again" in caplog.text
    fits = []
    train_fit = train.fit
    try:
        train.fit = lambda *a, **k: fits.append(1)  # the refitted file is good again: read, not refitted
        train.cached_weights(cache_dir=cache, directory=corpus)
    finally:
        train.fit = train_fit
    assert not fits


def test_a_truncated_weights_cache_is_refitted(tiny, caplog) -> None:
    _damage_and_reload(tiny, lambda p: os.truncate(p, p.stat().st_size // 2), caplog)


def test_an_empty_weights_cache_is_refitted(tiny, caplog) -> None:
    _damage_and_reload(tiny, lambda p: p.write_bytes(b""), caplog)


def test_a_weights_cache_that_reads_but_differs_is_refitted(tiny, caplog) -> None:
    from persona.safety.trained import LinearWeights

    def swap(path: Path) -> None:
        good = LinearWeights.load(path)
        LinearWeights(labels=good.labels, columns=good.columns, weights=good.weights * 0, bias=good.bias).save(path)

    _damage_and_reload(tiny, swap, caplog)


@pytest.mark.slow
def test_moderate_with_a_truncated_cache_in_a_fresh_process(tmp_path: Path) -> None:
    """The CLI path end to end: no BadZipFile traceback, no bare "error: aborted"."""
    from persona.safety import train

    cache = tmp_path / "xdg" / "atelier" / "safety"
    cache.mkdir(parents=True)
    good = train.cache_path()
    if not good.is_file():
        pytest.skip("the real safety cache is not fitted on this machine (make setup fits it)")
    data = good.read_bytes()
    target = cache / good.name
    target.write_bytes(data[: len(data) // 2])
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    out = subprocess.run([sys.executable, "app.py", "moderate", "hello there", "--no-audit"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    assert target.read_bytes() != data[: len(data) // 2]


def test_the_heap_is_trimmed_at_most_once_per_interval() -> None:
    import agent.durable as durable

    durable._last_trim = 0.0
    first = durable.trim_heap(min_interval_s=60)
    assert durable.trim_heap(min_interval_s=60) is False  # rate-limited: a turn pays for it once a minute at most
    assert first is (durable._libc() is not None)


def test_a_damaged_exemplar_embedding_cache_is_encoded_again(tmp_path: Path) -> None:
    from agent.encoder import cached_encode
    from tests.fakes import CountingEncoder

    encoder = CountingEncoder()
    first = cached_encode(encoder, ["draw a cat", "make a chair"], cache_dir=tmp_path)
    (path,) = tmp_path.glob("exemplars-*.npy")
    np.save(path, np.zeros_like(first))  # reads fine, same shape, wrong numbers
    again = cached_encode(encoder, ["draw a cat", "make a chair"], cache_dir=tmp_path)
    assert len(encoder.calls) == 2 and np.array_equal(again, first)
    path.write_bytes(path.read_bytes()[:40])  # cut short
    assert np.array_equal(cached_encode(encoder, ["draw a cat", "make a chair"], cache_dir=tmp_path), first)
