"""Tool registry fed by the ``atelier.tools`` entry-point group.

Built-in tools are declared in ``pyproject.toml`` under that group, exactly as a third-party
plugin would declare its own, so both take the same path (house rule 6).
"""

from __future__ import annotations

import logging
from importlib.metadata import entry_points
from typing import TYPE_CHECKING

from agent.errors import ConfigError, PlanError
from agent.tool import CANONICAL_SPECS, Tool, ToolSpec

if TYPE_CHECKING:
    from agent.config import Settings

ENTRY_POINT_GROUP = "atelier.tools"
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
        for entry in entry_points(group=ENTRY_POINT_GROUP):
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

    def names(self) -> list[str]:
        return sorted(self._classes)

    def __contains__(self, name: str) -> bool:
        return name in self._classes

    def get(self, name: str) -> Tool:
        """The tool instance, or a ``PlanError`` that says what is available."""
        if name not in self._classes:
            if name in CANONICAL_SPECS:
                reason = self.load_errors.get(name, "its package is not installed")
                raise PlanError(f"the {name!r} tool is not available in this installation ({reason})")
            raise PlanError(f"unknown tool {name!r}; known tools: {', '.join(self.known())}")
        if name not in self._instances:
            self._instances[name] = self._classes[name](settings=self._settings)
        return self._instances[name]

    def spec(self, name: str) -> ToolSpec | None:
        if name in self._classes:
            if name not in self._specs:
                self._specs[name] = self._classes[name].spec()
            return self._specs[name]
        return CANONICAL_SPECS.get(name)

    def known(self) -> list[str]:
        """Installed tools plus the canonical ones a planner may name."""
        return sorted(set(self._classes) | set(CANONICAL_SPECS))

    def specs(self) -> dict[str, ToolSpec]:
        return {name: spec for name in self.known() if (spec := self.spec(name)) is not None}
