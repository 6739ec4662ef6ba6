"""Every registered tool as a LangChain ``StructuredTool``, so any LangChain agent can call it.

Artifact inputs become plain artifact-id strings in the LangChain schema; the call runs as a
one-step plan through the same executor (validation, reference checks, timeout, events).
"""

from __future__ import annotations

import json
import secrets
from typing import TYPE_CHECKING, Any, Optional

from pydantic import BaseModel, ConfigDict, Field, create_model

from agent.types import Plan, Step

if TYPE_CHECKING:
    from langchain_core.tools import StructuredTool

    from agent.executor import Executor
    from agent.store import ArtifactStore


def langchain_args_schema(tool_name: str, input_model: type[BaseModel], consumes: dict[str, tuple[str, ...]]) -> type[BaseModel]:
    """The tool's Input model with artifact fields replaced by artifact-id strings."""
    fields: dict[str, Any] = {}
    for name, info in input_model.model_fields.items():
        if name in consumes:
            description = f"id of a stored {'/'.join(consumes[name])} artifact"
            fields[name] = (Optional[str], Field(default=None, description=description))
        else:
            fields[name] = (info.annotation, info)
    return create_model(f"{tool_name.title()}LangChainArgs", __config__=ConfigDict(extra="forbid"), **fields)


def as_structured_tool(tool_name: str, *, executor: "Executor", store: "ArtifactStore") -> "StructuredTool":
    """Wrap one registered tool; the result is JSON text listing the artifacts made."""
    from langchain_core.tools import StructuredTool

    tool = executor.registry.get(tool_name)
    schema = langchain_args_schema(tool_name, tool.Input, dict(tool.consumes))

    async def call(**kwargs: Any) -> str:
        args = {key: ({"$artifact": value} if key in tool.consumes else value)
                for key, value in kwargs.items() if value is not None}
        plan = Plan(steps=[Step(id="s1", tool=tool_name, args=args)])
        run = executor.start(plan, store=store, turn_id=f"t_{secrets.token_hex(6)}")
        async for _ in run.events():
            pass
        outcome = run.outcomes["s1"]
        if outcome.status != "ok":
            return json.dumps({"error": outcome.error.model_dump() if outcome.error else outcome.status})
        return json.dumps({"artifacts": [a.public() for a in outcome.artifacts], "message": outcome.detail},
                          ensure_ascii=False)

    return StructuredTool.from_function(coroutine=call, name=tool_name, description=tool.description,
                                        args_schema=schema)


def structured_tools(*, executor: "Executor", store: "ArtifactStore") -> list["StructuredTool"]:
    """All installed tools as LangChain tools."""
    return [as_structured_tool(name, executor=executor, store=store) for name in executor.registry.names()]
