"""Scenes: two to four personas in one session, each with its own voice, memory and safety policy
(DESIGN.md section 12).

The user's line goes to the personas it names ("Bram, how long does a sword take?"), to all of
them when it says so ("everyone", "여러분"), else to the one addressed last (at first, the
scene's first persona). Each answers in a turn of its own (``Orchestrator.turn``: its own
moderation, memory, voice); only the first may run tools, so "everyone, make a sword" makes
one sword. Then the personas may answer each other, at most ``max_exchanges`` lines: a persona
named in the last line answers it; otherwise, with an LLM responder, the next one in turn does,
and with the embedded responder only a question gets an answer. A line heard from another
persona is moderated under the listener's policy and is not remembered as the user's words.

Every event of a scene turn carries its ``speaker`` and the scene turn's id; one
``turn_started`` opens it and one ``turn_done`` closes it (``data.speakers``: who spoke, in order).
"""

from __future__ import annotations

import re
import secrets
from typing import Any, AsyncIterator, Protocol, Sequence

from pydantic import Field, field_validator

from agent.errors import InputError
from agent.reply import TurnEvents
from agent.types import Clock, Event, Request, Strict

MAX_PERSONAS = 4
_EVERYONE = re.compile(r"\b(?:every(?:one|body)|all of you|you all|y'all|guys|both of you)\b|여러분|모두들?|다들|"
                       r"둘 다|셋 다|너희", re.IGNORECASE)
_GENERIC = frozenset({"the", "of", "a", "an", "ai", "npc", "mr", "mrs", "ms", "dr"})
_HANGUL_AFTER = r"(?:[이가은는을를아야여의께도만]|님|에게|한테|씨|,|\s|$|[?!.~])"


class Scene(Strict):
    """Who is in a scene and how long they may talk among themselves after the user's line."""

    personas: list[str] = Field(min_length=2, max_length=MAX_PERSONAS,
                                description="2-4 persona ids, each with its own voice, memory and safety policy")
    max_exchanges: int = Field(default=2, ge=0, le=8, description="lines the personas may say to each other after "
                                                                    "answering the user")

    @field_validator("personas")
    @classmethod
    def _distinct(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("a persona can be in a scene only once")
        return value

    @classmethod
    def parse(cls, **fields: Any) -> "Scene":
        """A checked scene; any problem is one ``InputError`` naming the fix."""
        count = len(fields.get("personas") or [])
        if count > MAX_PERSONAS or count < 2:
            raise InputError(f"a scene holds 2 to {MAX_PERSONAS} personas, not {count}; name fewer or more "
                             "in 'personas'")
        return cls.checked(where="scene", **fields)


class Stage(Protocol):
    """What a scene needs of the orchestrator: a persona's turn and who the personas are."""

    responder: Any

    def turn(self, request: Request, *, talk_only: bool = False,
             heard_from: str | None = None) -> AsyncIterator[Event]: ...

    def persona_names(self, persona_id: str) -> list[str]: ...


def _name_pattern(names: Sequence[str]) -> re.Pattern[str] | None:
    words = {n.strip() for name in names for n in [name, *re.split(r"[\s_-]+", name)] if n.strip()}
    words = {w for w in words if w.lower() not in _GENERIC and len(w) >= 2}
    if not words:
        return None
    parts = []
    for word in sorted(words, key=len, reverse=True):
        escaped = re.escape(word)
        if re.search(r"[가-힣]", word):
            parts.append(rf"(?<![가-힣]){escaped}(?={_HANGUL_AFTER})")
        else:
            parts.append(rf"\b{escaped}\b")
    return re.compile("|".join(parts), re.IGNORECASE)


class SceneDirector:
    """Runs scene turns for one orchestrator; remembers who each session addressed last."""

    def __init__(self, stage: Stage) -> None:
        self.stage = stage
        self._last: dict[str, str] = {}
        self._patterns: dict[str, re.Pattern[str] | None] = {}

    def _pattern(self, persona: str) -> re.Pattern[str] | None:
        if persona not in self._patterns:
            self._patterns[persona] = _name_pattern([persona, *self.stage.persona_names(persona)])
        return self._patterns[persona]

    def named_in(self, text: str, personas: Sequence[str]) -> list[str]:
        """The personas ``text`` names, in the order it names them."""
        found = []
        for persona in personas:
            pattern = self._pattern(persona)
            match = pattern.search(text) if pattern is not None else None
            if match is not None:
                found.append((match.start(), persona))
        return [persona for _, persona in sorted(found)]

    def without_vocative(self, text: str, personas: Sequence[str]) -> str:
        """``text`` without the names it opens by calling ("HALCYON, what is our orbit?" asks
        "what is our orbit?"), so the planner does not take a name for a thing to make."""
        rest = text
        while True:
            found = None
            for persona in personas:
                pattern = self._pattern(persona)
                match = pattern.match(rest.lstrip()) if pattern is not None else None
                if match is not None:
                    found = match
                    break
            if found is None:
                return rest.strip()
            tail = rest.lstrip()[found.end():]
            opener = re.match(r"\s*(?:and\s+|&\s*|(?:[아야]|님|씨)?\s*[,:!]\s*|(?:[아야]|님|씨)\s+)", tail)
            if opener is None:
                return rest.strip()
            rest = tail[opener.end():]

    def addressees(self, text: str, scene: Scene, *, session: str) -> list[str]:
        """Who answers the user's ``text``: the named, everyone, or the one addressed last."""
        if _EVERYONE.search(text):
            return list(scene.personas)
        named = self.named_in(text, scene.personas)
        if named:
            return named
        last = self._last.get(session)
        return [last if last in scene.personas else scene.personas[0]]

    def _next(self, line: str, speaker: str, scene: Scene, spoken: Sequence[str]) -> str | None:
        """Who answers ``speaker``'s ``line`` among the others, or ``None`` (the talk ends)."""
        others = [p for p in scene.personas if p != speaker]
        named = [p for p in self.named_in(line, others)]
        if named:
            return named[0]
        if self.stage.responder is None and not line.rstrip().endswith(("?", "？")):
            return None  # the embedded responder answers questions, not every remark
        after = scene.personas.index(speaker)
        order = [scene.personas[(after + i) % len(scene.personas)] for i in range(1, len(scene.personas))]
        quiet = [p for p in order if p not in spoken]  # those who have not spoken yet go first
        return (quiet or order)[0]

    async def turn(self, request: Request, scene: Scene) -> AsyncIterator[Event]:
        """One user line in ``scene``: the addressed personas answer, then may talk among themselves."""
        outer = TurnEvents(turn_id=f"t_{secrets.token_hex(6)}", clock=Clock())
        addressed = self.addressees(request.text, scene, session=request.session_id)
        yield outer("turn_started", data={"session_id": request.session_id, "user_id": request.user_id,
                                          "scene": list(scene.personas), "addressed": addressed})
        spoken: list[str] = []
        failed: list[str] = []
        last_line, last_speaker = "", ""

        def relay(item: Event, persona: str) -> Event:
            return item.model_copy(update={"turn_id": outer.turn_id, "at": outer.clock.now(),
                                           "speaker": item.speaker or persona})

        words = self.without_vocative(request.text, scene.personas) or request.text
        for index, persona in enumerate(addressed):
            line = ""
            asked = request.model_copy(update={"persona": persona, "text": words})
            async for item in self.stage.turn(asked, talk_only=index > 0):
                if item.kind == "turn_started":
                    continue
                if item.kind == "turn_done":
                    failed += [f"{persona}:{s}" for s in item.data.get("failed_steps", [])]
                    continue
                if item.kind == "message" and item.data.get("stage") != "ack":
                    line = item.message or ""
                yield relay(item, persona)
            spoken.append(persona)
            last_line, last_speaker = line or last_line, persona
        self._last[request.session_id] = addressed[-1]
        for _ in range(scene.max_exchanges):
            listener = self._next(last_line, last_speaker, scene, spoken) if last_line.strip() else None
            if listener is None:
                break
            heard = request.model_copy(update={"text": last_line[:4000], "persona": listener, "attachments": [],
                                               "audio": None, "history": None})
            line = ""
            async for item in self.stage.turn(heard, talk_only=True, heard_from=last_speaker):
                if item.kind in ("turn_started", "turn_done"):
                    continue
                if item.kind == "message":
                    line = item.message or ""
                yield relay(item, listener)
            spoken.append(listener)
            last_line, last_speaker = line, listener
        yield outer("turn_done", data={"status": "failed" if failed else "ok", "failed_steps": failed,
                                       "speakers": spoken})

