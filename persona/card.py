"""Persona cards: who an NPC is, how it speaks, what it knows, and its safety policy.

Cards are YAML or JSON files validated by pydantic with ``extra="forbid"``, so a typo in a
key fails loudly instead of being ignored. SillyTavern "Character Card V2" import and export
live in :mod:`persona.charcard_v2`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from agent.errors import InputError, from_validation
from persona.safety.policy import SafetyPolicy

MAX_CARD_BYTES = 1_000_000
MAX_CARD_PNG_BYTES = 20_000_000  # a portrait with the card inside
PERSONA_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


class PersonaCardError(InputError):
    """A persona card that cannot be used: unreadable, too large, or with bad fields."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Voice(_Strict):
    """Text-to-speech settings: an eSpeak NG / Coqui voice name, words per minute, pitch 0-99."""

    name: str | None = None
    rate: int = Field(default=170, ge=80, le=450)
    pitch: int = Field(default=50, ge=0, le=99)


class Look(_Strict):
    """How the avatar looks: a prompt for image/avatar tools and an optional portrait file."""

    description: str = ""
    portrait: str | None = None


class PersonaCard(_Strict):
    """One persona. ``id`` addresses it on the CLI and API (``--persona blacksmith``)."""

    id: str = Field(description="lower-case slug, e.g. 'blacksmith'")
    name: str = Field(min_length=1, max_length=200)
    role: str = ""
    description: str = ""
    traits: list[str] = Field(default_factory=list)
    speaking_style: str = ""
    greetings: list[str] = Field(default_factory=list)
    example_lines: list[str] = Field(default_factory=list)
    knowledge: list[str] = Field(default_factory=list, description="facts the persona knows and may share")
    language: str = Field(default="en", description="main language: 'en', 'ko', ...")
    voice: Voice = Field(default_factory=Voice)
    look: Look = Field(default_factory=Look)
    allowed_tools: list[str] | None = Field(default=None, description="None: every tool; [] : talk only")
    safety: SafetyPolicy = Field(default_factory=SafetyPolicy)

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not PERSONA_ID.match(value):
            raise ValueError(f"persona id {value!r} must be a lower-case slug like 'blacksmith' (a-z, 0-9, '-', '_')")
        return value

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("name is blank; give the persona a name")
        return value.strip()

    def public(self) -> dict[str, Any]:
        """The card as plain JSON data (what ``to_file`` writes)."""
        return self.model_dump(mode="json", exclude_none=True)


def slugify(name: str) -> str:
    """A persona id from a display name ("Old Bram" -> "old-bram"); Hangul-only names get 'persona'."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:64]
    return slug or "persona"


def parse_card(data: Any, *, source: str = "card") -> PersonaCard:
    """Validate already-decoded card data; errors name the field and the fix."""
    if not isinstance(data, dict):
        raise PersonaCardError(f"{source}: a persona card must be a mapping of fields, got {type(data).__name__}")
    try:
        return PersonaCard.model_validate(data)
    except ValidationError as exc:
        raise from_validation(exc, error_type=PersonaCardError, where="card", message=lambda problem: (
            f"{source}: bad persona card; {problem.fix(known=PersonaCard.model_fields)}")) from None


def read_card_bytes(path: Path, *, limit: int = MAX_CARD_BYTES) -> bytes:
    """Read a card file, refusing anything larger than ``limit`` bytes before reading it."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PersonaCardError(f"cannot read persona card {path}: {exc.strerror}") from None
    if size > limit:
        raise PersonaCardError(
            f"persona card {path} is {size} bytes; cards must be under {limit} bytes "
            "(keep long lore in memory, not in the card)")
    return path.read_bytes()
