"""Static checks on a plan before anything runs: tools exist, the graph is a DAG, and every
``$ref``/``$artifact`` points at something whose kind the consuming argument accepts."""

from __future__ import annotations

from typing import Any, Callable, Mapping

from pydantic import ValidationError

from agent.errors import ArtifactNotFound, PlanError, from_validation
from agent.tool import ToolSpec
from agent.types import Artifact, Plan, Step, refs_in


def parse_plan(data: Any) -> Plan:
    """A ``Plan`` from JSON-like data, or a ``PlanError`` naming the first problem."""
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        raise from_validation(exc, error_type=PlanError, where="plan", message="invalid plan at {where}: {msg}") from exc


def topological_order(plan: Plan) -> list[Step]:
    """Steps in an order where each comes after its dependencies; ``PlanError`` on a cycle."""
    by_id = {step.id: step for step in plan.steps}
    for step in plan.steps:
        for dep in step.depends_on:
            if dep not in by_id:
                raise PlanError(f"step {step.id} depends on {dep!r}, which is not a step of this plan")
            if dep == step.id:
                raise PlanError(f"step {step.id} depends on itself; remove it from its depends_on")
    order: list[Step] = []
    state: dict[str, int] = {}  # 1 = visiting, 2 = done

    def visit(step_id: str, path: list[str]) -> None:
        if state.get(step_id) == 2:
            return
        if state.get(step_id) == 1:
            cycle = " -> ".join(path[path.index(step_id):] + [step_id])
            raise PlanError(f"the plan has a dependency cycle ({cycle}); a step cannot wait for itself")
        state[step_id] = 1
        for dep in by_id[step_id].depends_on:
            visit(dep, path + [step_id])
        state[step_id] = 2
        order.append(by_id[step_id])

    for step in plan.steps:
        visit(step.id, [])
    return order


def _ref_fields(args: Mapping[str, Any]) -> list[tuple[str, dict[str, str]]]:
    return [(name, ref) for name, value in args.items() for ref in refs_in(value)]


def check_plan(
    plan: Plan,
    specs: Mapping[str, ToolSpec],
    *,
    lookup_artifact: Callable[[str], Artifact] | None = None,
) -> Plan:
    """Raise ``PlanError`` for unknown tools, cycles and ill-typed or dangling references.

    ``$ref`` to a step implies a dependency: it is added to ``depends_on`` when missing.
    ``lookup_artifact`` (the store's ``get``) checks ``$artifact`` ids when given.
    """
    by_id = {step.id: step for step in plan.steps}
    fixed: list[Step] = []
    for step in plan.steps:
        spec = specs.get(step.tool)
        if spec is None:
            raise PlanError(f"step {step.id} names unknown tool {step.tool!r}; known tools: {', '.join(sorted(specs))}")
        depends = list(step.depends_on)
        for name, ref in _ref_fields(step.args):
            accepted = spec.consumes.get(name)
            if accepted is None:
                takes = ", ".join(spec.consumes) or "no artifact inputs"
                raise PlanError(f"step {step.id}: tool {step.tool!r} takes no artifact in {name!r} (it takes: {takes})")
            if "$ref" in ref:
                target = by_id.get(ref["$ref"])
                if target is None:
                    raise PlanError(f"step {step.id}: $ref {ref['$ref']!r} is not a step of this plan")
                produced = specs[target.tool].produces if target.tool in specs else ()
                if not set(produced) & set(accepted):
                    raise PlanError(
                        f"step {step.id}: {name!r} needs {'/'.join(accepted)} but step {target.id} "
                        f"({target.tool}) makes {'/'.join(produced) or 'nothing'}"
                    )
                if target.id not in depends:
                    depends.append(target.id)
            else:
                if lookup_artifact is None:
                    continue
                try:
                    artifact = lookup_artifact(ref["$artifact"])
                except ArtifactNotFound:
                    raise
                if artifact.kind not in accepted:
                    raise PlanError(
                        f"step {step.id}: {name!r} needs {'/'.join(accepted)} but artifact "
                        f"{artifact.id} is {artifact.kind}"
                    )
        fixed.append(step if depends == step.depends_on else step.model_copy(update={"depends_on": depends}))
    checked = plan.model_copy(update={"steps": fixed})
    topological_order(checked)
    return checked
