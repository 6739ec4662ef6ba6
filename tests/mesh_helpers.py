"""Shared helpers of the mesh tests: a ToolContext that records progress and warnings."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from agent.config import Settings
from agent.store import ArtifactStore
from agent.tool import ToolContext
from agent.types import ToolResult
from tools.mesh import MeshInput, MeshTool


class Recorder:
    """A ToolContext with recorded progress and warnings."""

    def __init__(self, tmp_path: Path, *, settings: Settings | None = None) -> None:
        self.settings = settings or Settings(data_dir=tmp_path)
        self.store = ArtifactStore(data_dir=tmp_path, session_id="t")
        self.progress: list[tuple[float, str | None]] = []
        self.warnings: list[str] = []
        self.cancel = threading.Event()
        self.ctx = ToolContext(
            step_id="s1", session_id="t", user_id="anonymous", store=self.store, settings=self.settings,
            on_progress=lambda fraction, message: self.progress.append((fraction, message)),
            on_warning=self.warnings.append, cancel_flag=self.cancel,
        )

    async def run(self, prompt: str, **kwargs: Any) -> ToolResult:
        tool = MeshTool(settings=self.settings)
        return await tool.run(MeshInput(prompt=prompt, **kwargs), self.ctx)


