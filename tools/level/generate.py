"""Generate a level and check it, regenerating (bounded) until the checker passes.

Deterministic: try ``t`` of seed ``s`` draws from ``numpy.random.default_rng([s, t])``, so
the same seed and words always give the same level, the same tries and the same report.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from agent.errors import ToolError
from tools.level.check import Playability, check_level
from tools.level.grid import Level
from tools.level.locks import GenerationFailed
from tools.level.params import LevelParams

MAX_TRIES = 12


def generator_for(kind: str) -> Callable[[LevelParams, np.random.Generator], Level]:
    if kind == "dungeon":
        from tools.level.dungeon import generate_dungeon

        return generate_dungeon
    if kind == "cave":
        from tools.level.cave import generate_cave

        return generate_cave
    if kind == "overworld":
        from tools.level.overworld import generate_overworld

        return generate_overworld
    if kind == "platformer":
        from tools.level.platformer import generate_platformer

        return generate_platformer
    raise ValueError(f"unknown level kind {kind!r}")


def make_level(params: LevelParams, *, progress: Callable[[float, str], None] | None = None,
               max_tries: int = MAX_TRIES) -> tuple[Level, Playability]:
    """A level that passes the playability check, or ``ToolError`` with the last problems."""
    generate = generator_for(params.kind)
    last: Playability | None = None
    for attempt in range(max_tries):
        if progress is not None:
            progress(0.05 + 0.4 * attempt / max_tries, f"generating the {params.kind} (try {attempt + 1})")
        try:
            level = generate(params, np.random.default_rng([params.seed, attempt]))
        except GenerationFailed as exc:
            last = Playability(False, False, False, False, 0, 0, -1, problems=[str(exc)], tries=attempt + 1)
            continue
        if progress is not None:
            progress(0.05 + 0.4 * (attempt + 0.5) / max_tries, "checking playability")
        verdict = check_level(level)
        verdict.tries = attempt + 1
        if verdict.passed:
            return level, verdict
        last = verdict
    problems = "; ".join(last.problems[:3]) if last else "no level was made"
    raise ToolError(f"no playable {params.kind} came out of {max_tries} tries ({problems}); try another seed, "
                    "fewer keys or a bigger map")
