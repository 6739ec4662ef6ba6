"""Plan steps given new ids ``s1, s2, ...`` in a new order, every dependency and ``$ref`` following (the
planner's post-rules add, drop and reorder steps after the ids were given)."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from agent.types import Step


def renamed_refs(value: Any, names: Mapping[str, str]) -> Any:
    """``value`` (a step's arguments, or one of them) with every ``{"$ref": id}`` in ``names`` renamed."""
    if isinstance(value, dict):
        if set(value) == {"$ref"} and value["$ref"] in names:
            return {"$ref": names[value["$ref"]]}
        return {key: renamed_refs(item, names) for key, item in value.items()}
    if isinstance(value, list):
        return [renamed_refs(item, names) for item in value]
    return value


def renumbered(order: Sequence[Step]) -> list[Step]:
    """``order`` with ids s1, s2, ... in that order, every dependency and ``$ref`` following."""
    names = {step.id: f"s{n}" for n, step in enumerate(order, start=1)}
    return [step.model_copy(update={"id": names[step.id], "args": renamed_refs(step.args, names),
                                    "depends_on": [names[dep] for dep in step.depends_on]}) for step in order]


__all__ = ["renamed_refs", "renumbered"]
