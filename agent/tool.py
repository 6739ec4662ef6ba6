"""The tool contract: what every modality tool (built in or plugin) implements.

A tool is a class with a pydantic ``Input`` model, the artifact kinds it ``consumes`` (per
argument that may carry a ``$ref``/``$artifact``) and ``produces``, and an async ``run``.
CPU-bound work belongs in ``await ctx.to_thread(...)`` so the event loop keeps serving the
dialogue lane; long loops call ``ctx.progress(...)`` (which also honours cancellation).
"""

from __future__ import annotations

import asyncio
import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Mapping, TypeVar

from pydantic import BaseModel

from agent.errors import BackendError, Cancelled
from agent.types import Artifact, ToolResult

if TYPE_CHECKING:
    from agent.config import Settings
    from agent.store import ArtifactStore

T = TypeVar("T")


@dataclass(frozen=True)
class ToolSpec:
    """What planners and validators need to know about a tool: always derived from its class
    (:meth:`Tool.spec`), never restated by hand."""

    name: str
    description: str
    consumes: Mapping[str, tuple[str, ...]]
    produces: tuple[str, ...]
    input_schema: Mapping[str, Any] = field(default_factory=dict)

    def field_for(self, kind: str) -> str | None:
        """The argument that accepts an artifact of ``kind``, if any."""
        for name, kinds in self.consumes.items():
            if kind in kinds:
                return name
        return None


class ToolContext:
    """What a running tool may use: its session, store, progress and cancellation."""

    def __init__(
        self,
        *,
        step_id: str,
        session_id: str,
        user_id: str,
        store: "ArtifactStore",
        settings: "Settings",
        persona: str | None = None,
        on_progress: Callable[[float, str | None], None] | None = None,
        on_warning: Callable[[str], None] | None = None,
        cancel_flag: threading.Event | None = None,
    ) -> None:
        self.step_id = step_id
        self.session_id = session_id
        self.user_id = user_id
        self.store = store
        self.settings = settings
        self.persona = persona
        self._on_progress = on_progress
        self._on_warning = on_warning
        self.cancel_flag = cancel_flag or threading.Event()

    @property
    def cancelled(self) -> bool:
        return self.cancel_flag.is_set()

    def check_cancelled(self) -> None:
        if self.cancel_flag.is_set():
            raise Cancelled(f"step {self.step_id} was cancelled")

    def progress(self, fraction: float, message: str | None = None) -> None:
        """Report progress in [0, 1]; safe from worker threads; raises ``Cancelled`` if cancelled."""
        self.check_cancelled()
        if self._on_progress is not None:
            self._on_progress(min(1.0, max(0.0, float(fraction))), message)

    def warn(self, message: str) -> None:
        """A visible warning event (e.g. a neural backend fell back to the embedded one)."""
        if self._on_warning is not None:
            self._on_warning(message)

    async def to_thread(self, func: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run CPU-bound work off the event loop."""
        return await asyncio.to_thread(func, *args, **kwargs)

    def fallback_meta(self, tool: str, *, used: str) -> dict[str, str]:
        """``{"backend_requested": ...}`` when ``tool`` ran on another backend than the settings
        ask for (a visible fallback, recorded in the artifact's meta), else ``{}``."""
        requested = self.settings.backend_for(tool)
        return {} if requested == used else {"backend_requested": requested}

    async def try_neural(self, tool: str, neural: Callable[[], T], *, instead: str) -> T | None:
        """DESIGN.md section 4's backend rule in one place: when ``tool``'s backend is neural, run
        ``neural`` off the loop; if it fails with a ``BackendError``, a per-tool override
        (``backends.<tool> = "neural"``) makes that the step's error, while the profile alone
        falls back with a visible warning. ``None`` means: run the embedded backend."""
        if self.settings.backend_for(tool) != "neural":
            return None
        try:
            return await self.to_thread(neural)
        except BackendError as exc:
            if self.settings.backends.get(tool) == "neural":
                raise
            self.warn(f"neural {tool} backend unavailable ({exc.message}); using {instead} instead")
            return None


class Tool(ABC):
    """Base class of every tool. Subclasses set the class attributes and implement ``run``."""

    name: ClassVar[str]
    description: ClassVar[str]
    Input: ClassVar[type[BaseModel]]
    consumes: ClassVar[Mapping[str, tuple[str, ...]]] = {}
    produces: ClassVar[tuple[str, ...]]

    def __init__(self, *, settings: "Settings") -> None:
        self.settings = settings

    @abstractmethod
    async def run(self, args: BaseModel, ctx: ToolContext) -> ToolResult:
        """Do the work and return the stored artifacts."""

    @classmethod
    def spec(cls) -> ToolSpec:
        """The one source of this tool's planner-facing contract (consumes, produces, JSON schema)."""
        return ToolSpec(
            name=cls.name,
            description=cls.description,
            consumes=dict(cls.consumes),
            produces=tuple(cls.produces),
            input_schema=cls.Input.model_json_schema(),
        )


def pick_artifact(artifacts: list[Artifact], accepted: tuple[str, ...]) -> Artifact | None:
    """The first artifact whose kind a consumer accepts (producers list their main output first)."""
    for artifact in artifacts:
        if artifact.kind in accepted:
            return artifact
    return None
