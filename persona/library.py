"""The persona library: bundled cards plus the user's own, addressable by id.

Bundled cards live in ``persona/cards/*.yaml``; a user's cards (YAML, JSON or Character Card
V2 PNG) in ``<data_dir>/personas/`` override bundled ones with the same id.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from agent.errors import InputError
from persona.card import PersonaCard
from persona.card_files import load_card

CARD_SUFFIXES = (".yaml", ".yml", ".json", ".png")


class UnknownPersona(InputError):
    """A persona id that no card in the library has."""


class PersonaLibrary:
    """Cards by id. Loading is lazy and cached; a broken user card fails when it is asked for."""

    def __init__(self, *, user_dir: Path | None = None, include_bundled: bool = True) -> None:
        self.user_dir = Path(user_dir) if user_dir is not None else None
        self.include_bundled = include_bundled
        self._cache: dict[str, PersonaCard] = {}

    @classmethod
    def for_data_dir(cls, data_dir: Path) -> "PersonaLibrary":
        return cls(user_dir=Path(data_dir) / "personas")

    def _files(self) -> dict[str, Path]:
        found: dict[str, Path] = {}
        if self.include_bundled:
            bundled = resources.files("persona.cards")
            for entry in bundled.iterdir():
                if entry.name.endswith((".yaml", ".yml")):
                    found[entry.name.rsplit(".", 1)[0]] = Path(str(entry))
        if self.user_dir is not None and self.user_dir.is_dir():
            for path in sorted(self.user_dir.iterdir()):
                if path.suffix.lower() in CARD_SUFFIXES:
                    found[path.stem] = path
        return found

    def ids(self) -> list[str]:
        """Every persona id the library can load, sorted."""
        return sorted(self._files())

    def get(self, persona_id: str) -> PersonaCard:
        """The card with this id; ``UnknownPersona`` lists the known ids."""
        if persona_id in self._cache:
            return self._cache[persona_id]
        files = self._files()
        if persona_id not in files:
            raise UnknownPersona(f"unknown persona {persona_id!r}; known personas: {', '.join(sorted(files))} "
                                 "(or add a card to the personas folder of the data dir)")
        card = load_card(files[persona_id])
        if card.id != persona_id:
            card = card.model_copy(update={"id": persona_id})
        self._cache[persona_id] = card
        return card

    def all(self) -> list[PersonaCard]:
        return [self.get(persona_id) for persona_id in self.ids()]


def bundled_persona(persona_id: str) -> PersonaCard:
    """A bundled card by id (no user directory)."""
    return PersonaLibrary().get(persona_id)
