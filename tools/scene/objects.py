"""The registry of object kinds the embedded composer can build.

Builders live in :mod:`tools.scene.kinds` (one module per family: furniture, buildings, nature,
props, weapons, vehicles, creatures, primitives, and interior, items, landmarks, outdoor, animals,
characters, machines) and register with :func:`object_kind`.
Every builder returns named :class:`Part` s in metres, +Y up, with the object's base centre at
the origin and its front facing +Z (a chair's seat, a house's door, a car's bonnet), so the
layout code can turn objects to face each other. Its ``words`` (English and Korean) feed the
prompt parser; its ``material`` is what the main part is made of when the prompt names none.
The main part takes the colour/material the user asked for; secondary parts keep their
natural finish (a red lamp gets a red shade, not a red light bulb).
"""

from __future__ import annotations

from tools.scene.kinds import (  # noqa: F401  (imported for registration)
    buildings, creatures, furniture, nature, primitives, props, vehicles, weapons,
)
from tools.scene.kinds import (  # noqa: F401  (registered after the first families: their words win ties)
    animals, characters, game_assets, interior, items, landmarks, machines, outdoor,
)
from tools.scene.parts import OBJECT_KINDS, Look, ObjectKind, Part, object_kind  # noqa: F401  (the public names)


def word_index() -> dict[str, str]:
    """Every noun (English and Korean) mapped to the kind it names."""
    index: dict[str, str] = {}
    for kind in OBJECT_KINDS.values():
        for word in kind.words:
            index.setdefault(word, kind.name)
    return index

