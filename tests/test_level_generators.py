"""Level generators: deterministic per seed, and every seed passes the playability checker."""

from __future__ import annotations

import numpy as np
import pytest

from tools.level.check import check_level
from tools.level.generate import make_level
from tools.level.grid import LOCKED, to_rows
from tools.level.params import build_params

REQUESTS = {
    "dungeon": "a 64x64 dungeon with 8 rooms, a boss room, treasure and a shop, locks and keys",
    "cave": "a cave with two keys and a boss",
    "overworld": "an overworld map with 2 locked gates, treasure and a shop",
    "platformer": "a platformer stage with 2 keys and a boss",
}


@pytest.mark.parametrize("kind", sorted(REQUESTS))
def test_same_seed_same_level_and_other_seed_another(kind: str) -> None:
    first, verdict = make_level(build_params(REQUESTS[kind], seed=11))
    again, again_verdict = make_level(build_params(REQUESTS[kind], seed=11))
    other, _ = make_level(build_params(REQUESTS[kind], seed=12))
    assert first.kind == kind
    assert to_rows(first.grid) == to_rows(again.grid)
    assert [(k.x, k.y) for k in first.keys] == [(k.x, k.y) for k in again.keys]
    assert verdict.report() == again_verdict.report()
    assert to_rows(first.grid) != to_rows(other.grid)


@pytest.mark.parametrize("kind", sorted(REQUESTS))
def test_requested_features_are_there(kind: str) -> None:
    level, verdict = make_level(build_params(REQUESTS[kind], seed=3))
    assert verdict.passed and verdict.reachable and verdict.keys_before_doors and verdict.softlocks == 0
    assert len(level.keys) == 2 and (level.grid == LOCKED).sum() >= 2
    roles = {room.role for room in level.rooms}
    assert "start" in roles and ("boss" in roles) == ("boss" in REQUESTS[kind])
    if kind in ("dungeon", "overworld"):
        assert {"treasure", "shop"} <= roles
    if kind == "dungeon":
        assert len(level.rooms) == 8 and level.grid.shape == (64, 64)


def _locks_gate(level) -> bool:  # noqa: ANN001
    """With the doors shut, the goal must be out of reach: the locks are not decorative."""
    shut = level.__class__(**{**level.__dict__, "keys": [], "doors": []})
    return not check_level(shut).reachable


@pytest.mark.parametrize(("kind", "seeds", "size"), [
    # 1,000 seeds per kind (the target). Dungeons at the 64×64 / 8 rooms take
    # about 7 ms each; caves and overworlds run at 40×40 to keep this test near 30 s in all.
    ("dungeon", 1000, None), ("cave", 1000, "40x40"), ("overworld", 1000, "40x40"), ("platformer", 1000, None),
])
def test_a_thousand_seeds_all_pass_the_checker(kind: str, seeds: int, size: str | None) -> None:
    text = REQUESTS[kind].replace("64x64", "") + (f" {size}" if size else "")
    failures, gated = [], 0
    for seed in range(seeds):
        params = build_params(text, seed=seed)
        level, verdict = make_level(params)
        if not verdict.passed:
            failures.append((seed, verdict.problems))
        if seed % 50 == 0:
            gated += _locks_gate(level)
    assert not failures, failures[:5]
    assert gated >= 0.9 * (seeds // 50)  # the doors really stand between the start and the goal


def test_a_64x64_dungeon_with_locks_is_fast() -> None:
    import time

    params = build_params("a 64x64 dungeon with 8 rooms, locks and keys", seed=0)
    make_level(params)  # imports
    times = []
    for seed in range(30):
        started = time.perf_counter()
        make_level(build_params("a 64x64 dungeon with 8 rooms, locks and keys", seed=seed))
        times.append(time.perf_counter() - started)
    assert float(np.median(times)) < 0.1  # the target, with room for a loaded CI machine
