"""Plan steps given new ids ``s1, s2, ...`` in a new order, every dependency and ``$ref`` following (the
planner's post-rules add, drop and reorder steps after the ids were given)."""

from __future__ import annotations

from typing import Any, Sequence

from agent.types import Step


def renumbered(order: Sequence[Step]) -> list[Step]:
    """``order`` with ids s1, s2, ... in that order, every dependency and ``$ref`` following."""
    renamed = {step.id: f"s{n}" for n, step in enumerate(order, start=1)}

    def rename(value: Any) -> Any:
        if isinstance(value, dict):
            if set(value) == {"$ref"} and value["$ref"] in renamed:
                return {"$ref": renamed[value["$ref"]]}
            return {key: rename(item) for key, item in value.items()}
        if isinstance(value, list):
            return [rename(item) for item in value]
        return value

    return [step.model_copy(update={"id": renamed[step.id], "args": rename(step.args),
                                    "depends_on": [renamed[dep] for dep in step.depends_on]}) for step in order]


__all__ = ["renumbered"]
