"""Tool registry fed by the ``atelier.tools`` entry-point group.

Built-in tools are declared in ``pyproject.toml`` under that group, exactly as a third-party
plugin would declare its own, so both take the same path (house rule 6). A tool's spec (what
planners see: consumes, produces, JSON schema) comes from its class alone. The registered names
are known without importing anything (the entry points); a registered tool whose class is not
loaded (it failed to import, or this registry was built without it) has no spec, so no planner
names it, and a step that names it anyway fails saying why.
"""

from __future__ import annotations

import logging
from functools import cache
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Mapping

from agent.config import TOOL_ENTRY_POINTS, tool_names
from agent.errors import ConfigError, PlanError
from agent.tool import Tool, ToolSpec

if TYPE_CHECKING:
    from pydantic import BaseModel

    from agent.config import Settings

log = logging.getLogger(__name__)


class ToolRegistry:
    """Tool classes by name; instances are created on first use with the settings."""

    def __init__(self, *, settings: "Settings") -> None:
        self._settings = settings
        self._classes: dict[str, type[Tool]] = {}
        self._instances: dict[str, Tool] = {}
        self._specs: dict[str, ToolSpec] = {}  # JSON schemas are costly to rebuild every turn
        self.load_errors: dict[str, str] = {}

    @classmethod
    def from_entry_points(cls, *, settings: "Settings") -> "ToolRegistry":
        registry = cls(settings=settings)
        for entry in entry_points(group=TOOL_ENTRY_POINTS):
            try:
                registry.register(entry.load())
            except Exception as exc:  # a broken plugin must not take the others down
                registry.load_errors[entry.name] = f"{type(exc).__name__}: {exc}"
                log.warning("tool plugin %r failed to load: %s", entry.name, exc)
        return registry

    def register(self, tool_class: type[Tool]) -> None:
        if not (isinstance(tool_class, type) and issubclass(tool_class, Tool)):
            raise ConfigError(f"{tool_class!r} is not a subclass of agent.tool.Tool")
        for attr in ("name", "description", "Input", "produces"):
            if not hasattr(tool_class, attr):
                raise ConfigError(f"tool class {tool_class.__name__} must define {attr!r}")
        self._classes[tool_class.name] = tool_class
        self._instances.pop(tool_class.name, None)
        self._specs.pop(tool_class.name, None)
        self.load_errors.pop(tool_class.name, None)

    def names(self) -> list[str]:
        return sorted(self._classes)

    def __contains__(self, name: str) -> bool:
        return name in self._classes

    def registered(self, name: str) -> bool:
        """Whether ``name`` is a tool of this installation, loaded or not."""
        return name in self._classes or name in self.load_errors or name in tool_names()

    def unavailable(self, name: str) -> PlanError | None:
        """Why ``name`` cannot run here (registered but not loaded, or unknown); None if it can."""
        if name in self._classes:
            return None
        if self.registered(name):
            reason = self.load_errors.get(name, "its package is not loaded here")
            return PlanError(f"the {name!r} tool is not available in this installation ({reason})")
        return PlanError(f"unknown tool {name!r}; known tools: {', '.join(self.known())}")

    def get(self, name: str) -> Tool:
        """The tool instance, or a ``PlanError`` that says what is available."""
        if (error := self.unavailable(name)) is not None:
            raise error
        if name not in self._instances:
            self._instances[name] = self._classes[name](settings=self._settings)
        return self._instances[name]

    def input_model(self, name: str) -> "type[BaseModel] | None":
        """The ``Input`` model of a loaded tool (None when it is unknown or failed to load)."""
        tool_class = self._classes.get(name)
        return tool_class.Input if tool_class is not None else None

    def spec(self, name: str) -> ToolSpec | None:
        """The spec of a loaded tool (from its class); None when it is unknown or failed to load."""
        if name not in self._classes:
            return None
        if name not in self._specs:
            self._specs[name] = self._classes[name].spec()
        return self._specs[name]

    def known(self) -> list[str]:
        """Loaded tools plus registered ones that are not (see ``load_errors``)."""
        return sorted(set(self._classes) | set(self.load_errors) | set(tool_names()))

    def specs(self) -> dict[str, ToolSpec]:
        """Specs of every loaded tool: what planners may plan."""
        return {name: spec for name in self.names() if (spec := self.spec(name)) is not None}


@cache
def installed_specs() -> Mapping[str, ToolSpec]:
    """Specs of the tools this installation registers, loaded once (the default tool set of a
    :class:`agent.planner.base.PlanContext` built without a registry)."""
    from agent.config import Settings

    return ToolRegistry.from_entry_points(settings=Settings()).specs()
