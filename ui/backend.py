"""What the studio needs from the rest of Atelier, without any Gradio: the orchestrator (loaded
in the background so the page is up at once), personas, memory and one turn as Events.

Everything here goes through the public APIs of the orchestrator, persona library, memory
service and voice lane; the UI module only renders what comes back.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, AsyncIterator, Callable, Mapping

from agent.config import Settings
from agent.errors import AtelierError, InputError
from agent.types import Event, Request
from ui.limits import ToolSlots, limit_tools

if TYPE_CHECKING:
    from agent.orchestrator import Orchestrator
    from persona.card import PersonaCard

log = logging.getLogger(__name__)
MEMORY_LIST_LIMIT = 200


def new_session_id() -> str:
    """A fresh id for one browser conversation (also its artifact folder name)."""
    return f"ui-{secrets.token_hex(6)}"


class StudioBackend:
    """Long-lived services of one studio process, shared by every browser session."""

    def __init__(self, *, settings: Settings,
                 factory: Callable[[Settings], "Orchestrator"] | None = None) -> None:
        self.settings = settings
        self._factory = factory
        self.slots = ToolSlots(slots=settings.limits.tool_slots)  # setting [limits] tool_slots
        self._base: "Orchestrator | None" = None
        self._variants: dict[tuple[str, tuple[tuple[str, str], ...]], "Orchestrator"] = {}
        self._ready = threading.Event()
        self._error: str | None = None
        self._thread: threading.Thread | None = None
        self.loaded_in_s: float | None = None

    # -- start-up ----------------------------------------------------------------------------
    def start(self) -> "StudioBackend":
        """Load the orchestrator (planner, memory, safety) and warm it up in a thread."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._load, name="atelier-studio-load", daemon=True)
            self._thread.start()
        return self

    def _load(self) -> None:
        started = time.perf_counter()
        try:
            if self._factory is not None:
                orchestrator = self._factory(self.settings)
            else:
                from agent.app.build import build_orchestrator

                orchestrator = build_orchestrator(self.settings)
            limit_tools(orchestrator.registry, self.slots)
            self._warm_up(orchestrator)
            self._base = orchestrator
        except Exception as exc:  # shown in the page; the process keeps serving it
            log.exception("the studio could not load the orchestrator")
            self._error = exc.message if isinstance(exc, AtelierError) else f"{type(exc).__name__}: {exc}"
        finally:
            self.loaded_in_s = round(time.perf_counter() - started, 3)
            self._ready.set()

    @staticmethod
    def _warm_up(orchestrator: "Orchestrator") -> None:
        """Run the first, slow calls (encoders, moderation, voice) before a person waits on them."""
        from agent.app.warm import warm_up

        warm_up(orchestrator)

    @property
    def ready(self) -> bool:
        return self._ready.is_set() and self._error is None

    @property
    def error(self) -> str | None:
        return self._error if self._ready.is_set() else None

    def wait(self, timeout: float | None = None) -> bool:
        return self._ready.wait(timeout)

    async def base(self) -> "Orchestrator":
        """The loaded orchestrator (waits for the background load)."""
        if not self._ready.is_set():
            await asyncio.to_thread(self._ready.wait)
        if self._base is None:
            raise InputError(self._error or "the studio did not start")
        return self._base

    async def orchestrator(self, *, profile: str | None = None,
                           backends: Mapping[str, str] | None = None) -> "Orchestrator":
        """The orchestrator for these backend settings; variants share planner, memory and safety."""
        base = await self.base()
        wanted_profile = profile or base.settings.profile
        wanted = {tool: choice for tool, choice in (backends or {}).items() if choice in ("embedded", "neural")}
        if wanted_profile == base.settings.profile and wanted == dict(base.settings.backends):
            return base
        key = (wanted_profile, tuple(sorted(wanted.items())))
        if key not in self._variants:
            from agent.orchestrator import Orchestrator
            from agent.registry import ToolRegistry

            settings = Settings.model_validate({**base.settings.model_dump(), "profile": wanted_profile,
                                                "backends": wanted})
            registry = ToolRegistry.from_entry_points(settings=settings)
            limit_tools(registry, self.slots)
            self._variants[key] = Orchestrator(settings=settings, registry=registry, planner=base.planner,
                                               memory=base.memory, safety=base.safety,
                                               embedded_reply=base.embedded_reply)
        return self._variants[key]

    # -- personas ----------------------------------------------------------------------------
    def _library(self):
        if self._base is not None and self._base.safety is not None:
            return self._base.safety.personas
        from persona.library import PersonaLibrary

        return PersonaLibrary.for_data_dir(self.settings.data_dir)

    def personas(self) -> list[tuple[str, str]]:
        """(label, id) of every persona card that loads; broken user cards are left out."""
        found = []
        library = self._library()
        for persona_id in library.ids():
            try:
                card = library.get(persona_id)
            except AtelierError as exc:
                log.warning("persona card %s is unusable: %s", persona_id, exc.message)
                continue
            found.append((f"{card.name} — {card.role}" if card.role else card.name, persona_id))
        return found

    def persona(self, persona_id: str | None) -> "PersonaCard | None":
        if not persona_id:
            return None
        return self._library().get(persona_id)

    def add_persona(self, path: Path) -> "PersonaCard":
        """Validate an uploaded card (Atelier YAML/JSON or Character Card V2 JSON/PNG) and keep it."""
        from persona.card_files import load_card, save_card
        from persona.library import PersonaLibrary

        card = load_card(path)
        target = Path(self.settings.data_dir) / "personas" / f"{card.id}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        save_card(card, target)
        if self._base is not None and self._base.safety is not None:  # drop cached cards (one may be replaced)
            self._base.safety.personas = PersonaLibrary.for_data_dir(self.settings.data_dir)
        return card

    def clear_session_persona(self, session_id: str) -> None:
        """Let a session go back to no persona (the turn safety remembers a session's persona)."""
        if self._base is not None and self._base.safety is not None:
            self._base.safety.forget_session_persona(session_id)

    # -- memory ------------------------------------------------------------------------------
    @property
    def memory(self):
        return self._base.memory if self._base is not None else None

    def memories(self, user: str) -> list[dict[str, Any]]:
        """What memory holds about ``user`` (newest first), or [] when memory is off."""
        if self.memory is None:
            return []
        records = self.memory.export(user)["memories"]
        return sorted(records, key=lambda r: r.get("created_at", 0.0), reverse=True)[:MEMORY_LIST_LIMIT]

    def delete_memories(self, user: str, ids: list[str]) -> int:
        """Delete the chosen memories of ``user``; ids that are not this user's are ignored.

        The memory service has export/forget per user but no per-memory delete yet, so this
        removes the ids from the user's stream collection (memory.store's public naming).
        """
        if self.memory is None or not ids:
            return 0
        from memory.store import MEMORIES, collection_name

        mine = {record["id"] for record in self.memory.export(user)["memories"]}
        chosen = [memory_id for memory_id in ids if memory_id in mine]
        if chosen:
            self.memory.store.delete(collection_name(MEMORIES, user), ids=chosen)
        return len(chosen)

    def forget(self, user: str) -> dict[str, int]:
        if self.memory is None:
            return {"memories": 0, "assets": 0}
        return self.memory.forget(user)

    def export(self, user: str) -> Path | None:
        """A JSON file with everything memory holds about ``user``."""
        if self.memory is None:
            return None
        data = self.memory.export(user)
        handle = tempfile.NamedTemporaryFile("w", suffix=f"-memory-{user}.json", delete=False, encoding="utf-8")
        with handle:
            json.dump(data, handle, ensure_ascii=False, indent=2, default=str)
        return Path(handle.name)

    # -- a turn ------------------------------------------------------------------------------
    async def turn(self, *, text: str, session_id: str, user_id: str, persona: str | None = None,
                   attachments: list[str] | None = None, audio: str | None = None, speak: bool = False,
                   profile: str | None = None, backends: Mapping[str, str] | None = None,
                   scene: list[str] | None = None, interrupted: str | None = None) -> AsyncIterator[Event]:
        """One turn's Events. ``audio`` (a stored recording's id) is transcribed first (a
        ``transcript`` event); with ``speak`` the reply is also spoken (``audio`` events).
        ``scene``: two or more persona ids talk together (agent/scene.py); one is the same as none.
        ``interrupted``: what the user heard of the previous reply before speaking over it (barge-in)."""
        orchestrator = await self.orchestrator(profile=profile, backends=backends)
        cast = [p for p in dict.fromkeys(scene or []) if p]
        if len(cast) == 1:
            persona, cast = cast[0], []
        request = Request.parse(text=text, session_id=session_id, user_id=user_id, persona=persona or None,
                                attachments=list(attachments or []), audio=audio, voice=speak,
                                interrupted=interrupted or None)
        if cast:
            from agent.scene import Scene

            events = orchestrator.scene_turn(request, Scene.parse(personas=cast))
        else:
            events = orchestrator.turn(request)
        async for event in events:
            yield event

    def persona_names(self) -> dict[str, str]:
        """Persona id -> name, to say who speaks in a scene."""
        return {persona_id: label.split(" — ")[0] for label, persona_id in self.personas()}

    async def store_for(self, session_id: str, user_id: str):
        orchestrator = await self.base()
        from agent.store import ArtifactStore

        return ArtifactStore(data_dir=orchestrator.settings.data_dir, session_id=session_id, user_id=user_id)


