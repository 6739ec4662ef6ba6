"""The LLM planner: any LangChain chat model writes the plan, Atelier checks it.

1. The prompt (``llm_prompt``) lists every tool of the registry with its description and
   JSON schema, the plan format and its rules, few-shot exemplars in English and Korean, and
   the artifacts the request may refer to.
2. The answer must be one JSON object (code fences are tolerated). It is validated against
   ``Plan``, then ``check_plan`` (tools exist, the graph is a DAG, every ``$ref``/``$artifact``
   is of a kind the argument accepts) and each step's arguments against its tool's schema.
3. An invalid answer gets ONE repair round: the model sees its answer and the first problem.
4. If the model cannot be reached, or its plan is still invalid, the fallback planner (the
   embedded one) plans the request and a warning in the returned ``PlannedTurn`` says why. Planning with
   an LLM configured therefore never fails for reasons the user cannot fix.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any, Callable, Mapping

from agent.errors import ArtifactNotFound, BackendError, PlanError
from agent.planner.base import PlanContext, PlannedTurn, Planner, plan_turn
from agent.text import detect_language
from agent.planner.llm_prompt import (
    compact_schema, context_lines, exemplar_messages, repair_message, system_prompt, user_message,
)
from agent.planner.validate import check_plan, parse_plan
from agent.tool import ToolSpec
from agent.types import Artifact, Plan, Request

if TYPE_CHECKING:
    from agent.llm.client import LLM

MAX_SHOWN_ANSWER = 160


class LLMPlanner:
    """Plans with ``llm``; ``fallback`` (the embedded planner) plans when the LLM cannot."""

    def __init__(self, *, llm: "LLM", fallback: Planner, repair_rounds: int = 1) -> None:
        self.llm = llm
        self.fallback = fallback
        self.repair_rounds = repair_rounds
        self._prompts: dict[str, tuple[list[dict[str, str]], dict[str, Any]]] = {}

    async def plan(self, request: Request, ctx: PlanContext) -> Plan:
        """The plan of :meth:`plan_turn`, without its warnings."""
        return (await self.plan_turn(request, ctx)).plan

    async def plan_turn(self, request: Request, ctx: PlanContext) -> PlannedTurn:
        """A checked plan: the LLM's (``source="llm"``), its repaired one (``"repaired"``), or
        the fallback planner's with a warning saying why (``"fallback"``)."""
        messages, validators = self._prompt(ctx.tools)
        messages = messages + [{"role": "user", "content": user_message(
            request.text, context_lines(ctx.attachments, ctx.recent_artifacts), ctx.conversation)}]
        language = detect_language(request.text)
        lookup = _lookup(ctx.attachments, ctx.recent_artifacts)
        problem = ""
        for round_number in range(self.repair_rounds + 1):
            try:
                answer = await self.llm.complete(messages, json_mode=True)
            except BackendError as exc:
                return await self._fall_back(request, ctx, f"the LLM planner is unavailable ({exc.message})")
            try:
                plan = accept_answer(answer, ctx.tools, validators, language=language, lookup_artifact=lookup)
            except PlanError as exc:
                problem = exc.message
                messages = messages + [{"role": "assistant", "content": answer or "(empty answer)"},
                                       {"role": "user", "content": repair_message(problem)}]
                continue
            return PlannedTurn(plan=plan, source="repaired" if round_number else "llm")
        return await self._fall_back(request, ctx, f"the LLM's plan was invalid after {self.repair_rounds} "
                                                   f"repair round(s) ({problem})")

    async def _fall_back(self, request: Request, ctx: PlanContext, why: str) -> PlannedTurn:
        fallen = await plan_turn(self.fallback, request, ctx)
        return PlannedTurn(plan=fallen.plan, warnings=(f"{why}; the embedded planner made this plan", *fallen.warnings),
                           source="fallback")

    def _prompt(self, specs: Mapping[str, ToolSpec]) -> tuple[list[dict[str, str]], dict[str, Any]]:
        """System prompt + exemplars and the argument validators, cached per set of tool specs."""
        schemas = {name: compact_schema(spec) for name, spec in specs.items()}
        key = hashlib.sha1(json.dumps(schemas, sort_keys=True, default=str).encode()).hexdigest()
        cached = self._prompts.get(key)
        if cached is None:
            messages = [{"role": "system", "content": system_prompt(specs)}, *exemplar_messages(specs)]
            cached = (messages, _validators(schemas))
            self._prompts[key] = cached
        return cached


def accept_answer(answer: str, specs: Mapping[str, ToolSpec], validators: Mapping[str, Any] | None = None, *,
                  language: str = "en", lookup_artifact: Callable[[str], Artifact] | None = None) -> Plan:
    """The plan in an LLM answer, checked; ``PlanError`` naming the first problem otherwise."""
    data = parse_answer(answer)
    if isinstance(data, list):  # small models sometimes answer with the steps alone
        data = {"steps": data}
    if not isinstance(data, dict):
        raise PlanError(f"the answer is JSON but not an object with \"steps\": {_shown(answer)}")
    data.setdefault("language", language)
    from jsonschema.exceptions import best_match

    plan = check_plan(parse_plan(data), specs, lookup_artifact=lookup_artifact)
    for step in plan.steps:
        validator = (validators or {}).get(step.tool)
        if validator is None:
            continue
        try:
            error = best_match(validator.iter_errors(step.args))
        except Exception:  # a tool schema jsonschema cannot use; the executor still validates with pydantic
            continue
        if error is not None:
            where = ".".join(str(part) for part in error.absolute_path) or "args"
            raise PlanError(f"step {step.id} ({step.tool}): {where}: {error.message}")
    return plan


def parse_answer(answer: str) -> Any:
    """JSON from an answer, tolerating code fences and text around one object."""
    from langchain_core.utils.json import parse_json_markdown

    text = (answer or "").strip()
    if not text:
        raise PlanError("the answer was empty; answer with the plan as a JSON object")
    try:
        return parse_json_markdown(text)
    except (ValueError, TypeError):
        pass
    start = text.find("{")
    if start >= 0:
        try:
            return json.JSONDecoder().raw_decode(text[start:])[0]
        except ValueError:
            pass
    raise PlanError(f"the answer is not JSON: {_shown(text)}")


def _validators(schemas: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    from jsonschema import Draft202012Validator

    return {name: Draft202012Validator(dict(schema)) for name, schema in schemas.items()}


def _lookup(attachments: tuple[Artifact, ...], recent: tuple[Artifact, ...]) -> Callable[[str], Artifact]:
    known = {artifact.id: artifact for artifact in (*recent, *attachments)}

    def lookup(artifact_id: str) -> Artifact:
        if artifact_id not in known:
            listed = ", ".join(known) or "none"
            raise ArtifactNotFound(f"$artifact {artifact_id!r} is not one of the listed artifacts ({listed})")
        return known[artifact_id]

    return lookup


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= MAX_SHOWN_ANSWER else text[:MAX_SHOWN_ANSWER] + "…")


__all__ = ["LLMPlanner", "accept_answer", "parse_answer"]
