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
    animals, characters, game_assets, interior, items, landmarks, machines, outdoor, sports,
)
from tools.scene.kinds import food, gear, pickups, town  # noqa: F401,E402  (everyday kinds added in round i19i)
from functools import lru_cache

from tools.scene.parts import OBJECT_KINDS, Look, ObjectKind, Part, object_kind  # noqa: F401  (the public names)


def word_index() -> dict[str, str]:
    """Every noun (English and Korean) mapped to the kind it names."""
    index: dict[str, str] = {}
    for kind in OBJECT_KINDS.values():
        for word in kind.words:
            index.setdefault(word, kind.name)
    return index



@lru_cache(maxsize=None)
def natural_size(kind: str) -> tuple[float, float, float]:
    """Width, height and depth (metres) of ``kind`` as built with its default look (cached per kind)."""
    import numpy as np

    from tools.scene.materials import finish

    parts = OBJECT_KINDS[kind].build(Look(main=finish(OBJECT_KINDS[kind].material), rng=np.random.default_rng(0)))
    low = np.min([part.mesh.bounds[0] for part in parts], axis=0)
    high = np.max([part.mesh.bounds[1] for part in parts], axis=0)
    return tuple(float(v) for v in high - low)  # type: ignore[return-value]


# Kinds whose top is a surface things are set on ("a kitchen table with a teapot and two mugs")
SURFACE_KINDS = frozenset(("table", "round_table", "counter", "nightstand", "altar", "pedestal", "anvil", "stool",
                           "crate", "chest", "barrel", "stump", "console"))


# Furniture that stands on other furniture (every other piece stands on the floor)
TABLETOP_FURNITURE = frozenset(("lamp", "clock", "tv", "computer", "mirror", "picture_frame"))
# Families whose members may stand on a surface when small enough (a cat, a potted plant, a candle)
ON_SURFACE_CATEGORIES = frozenset(("props", "containers", "weapons", "creatures", "vegetation", "primitives"))


def fits_on(kind: str, surface: str) -> bool:
    """Whether ``kind`` is small enough to stand on top of ``surface`` (a mug on a table; a chair is not)."""
    if surface not in SURFACE_KINDS or kind == surface:
        return False
    if OBJECT_KINDS[kind].category not in ON_SURFACE_CATEGORIES and kind not in TABLETOP_FURNITURE:
        return False
    width, height, depth = natural_size(kind)
    top_width, top_height, top_depth = natural_size(surface)
    return max(width, depth) <= 0.8 * max(top_width, top_depth) and min(width, depth) <= min(top_width, top_depth) \
        and height <= max(1.2, 1.5 * top_height)
