"""Tool specs have one source, the tool classes: what the LLM planner's prompt shows, what the
default plan context holds and what settings accept all come from the ``atelier.tools`` entry points."""

from __future__ import annotations

import json
import re
from importlib.metadata import entry_points

import pytest

from agent.config import Settings, load_settings, tool_names
from agent.errors import ConfigError
from agent.planner.base import PlanContext
from agent.planner.llm_prompt import system_prompt
from agent.registry import ToolRegistry

ENTRIES = {entry.name: entry for entry in entry_points(group="atelier.tools")}
if "mesh" not in ENTRIES:
    pytest.skip("the atelier distribution is not installed (pip install -e .)", allow_module_level=True)


def prompt_blocks(prompt: str) -> dict[str, dict[str, object]]:
    """``{tool: {"makes": [...], "description": str, "schema": {...}}}`` read back from the prompt."""
    catalogue = prompt.split("\n# Tools\n\n", 1)[1]
    blocks = {}
    for block in catalogue.split("\n\n## "):
        name, makes, description, schema = block.removeprefix("## ").split("\n", 3)
        blocks[name] = {"makes": makes.removeprefix("makes: ").split(", "), "description": description,
                        "schema": json.loads(schema.removeprefix("args schema: "))}
    return blocks


def test_the_llm_prompt_shows_every_registered_tool_as_its_class_declares_it() -> None:
    registry = ToolRegistry.from_entry_points(settings=Settings())
    assert registry.load_errors == {}
    blocks = prompt_blocks(system_prompt(registry.specs()))
    assert sorted(blocks) == sorted(ENTRIES)
    for name, entry in ENTRIES.items():
        tool_class = entry.load()
        shown = blocks[name]
        declared = tool_class.Input.model_json_schema()
        assert shown["makes"] == list(tool_class.produces), name
        assert shown["description"] == tool_class.description, name
        properties = shown["schema"]["properties"]
        assert set(properties) == set(declared["properties"]), name
        assert shown["schema"].get("required", []) == declared.get("required", []), name
        artifacts = {arg: tuple(prop["artifact"]) for arg, prop in properties.items() if "artifact" in prop}
        assert artifacts == dict(tool_class.consumes), name
        for arg, prop in properties.items():
            if arg not in artifacts and "description" in declared["properties"][arg]:
                assert prop["description"] == declared["properties"][arg]["description"], (name, arg)


def test_the_default_plan_context_holds_the_classes_specs() -> None:
    tools = PlanContext().tools
    assert sorted(tools) == sorted(ENTRIES)
    for name, entry in ENTRIES.items():
        assert tools[name] == entry.load().spec()


def test_settings_know_the_tools_from_the_entry_points_without_importing_them() -> None:
    assert tool_names() == tuple(sorted(ENTRIES))
    assert load_settings(environ={"ATELIER_BACKENDS__MESH": "neural"}).backend_for("mesh") == "neural"
    with pytest.raises(ConfigError, match=re.escape("unknown tool 'teleport'; use one of " + ", ".join(tool_names()))):
        load_settings(environ={"ATELIER_MODELS__TELEPORT": "x"})


def test_no_tool_spec_is_written_down_twice() -> None:
    """The old hand-written copies (agent.tool.CANONICAL_SPECS, agent.config.CANONICAL_TOOLS) stay gone."""
    import agent.config
    import agent.tool

    assert not hasattr(agent.tool, "CANONICAL_SPECS") and not hasattr(agent.config, "CANONICAL_TOOLS")
