"""The registry of object kinds the embedded composer can build.

Builders live in :mod:`tools.mesh.kinds` (one module per family: furniture, buildings, nature,
props, weapons, vehicles, creatures, primitives) and register with :func:`object_kind`.
Every builder returns named :class:`Part` s in metres, +Y up, with the object's base centre at
the origin and its front facing +Z (a chair's seat, a house's door, a car's bonnet), so the
layout code can turn objects to face each other. Its ``words`` (English and Korean) feed the
prompt parser; its ``material`` is what the main part is made of when the prompt names none.
The main part takes the colour/material the user asked for; secondary parts keep their
natural finish (a red lamp gets a red shade, not a red light bulb).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from tools.mesh import shapes
from tools.mesh.materials import Finish, finish

if TYPE_CHECKING:
    import numpy
    import trimesh

CATEGORIES = ("furniture", "buildings", "vegetation", "terrain", "props", "containers", "weapons", "vehicles",
              "creatures", "characters", "primitives")


@dataclass(frozen=True)
class Part:
    """One named piece of an object; it becomes one node (and one mesh) in the GLB."""

    name: str
    mesh: "trimesh.Trimesh"
    finish: Finish


@dataclass(frozen=True)
class Look:
    """What a builder needs besides its own proportions."""

    main: Finish
    rng: "numpy.random.Generator"
    sections: int = 20  # around round parts; lower for low-poly
    subdivisions: int = 2  # of icospheres
    greybox: bool = False  # a blockout: every part grey, not only the main one

    def secondary(self, material: str, colour: str | None = None) -> Finish:
        """The finish of a part the user did not colour (a hoop, a trunk, a roof)."""
        return finish("greybox") if self.greybox else finish(material, colour)

    @property
    def thin(self) -> int:
        """Sections around thin round parts (legs, handles), where fewer sides do not show."""
        return max(6, self.sections // 2)


Builder = Callable[[Look], list[Part]]


@dataclass(frozen=True)
class ObjectKind:
    """A buildable kind with the words that name it, its default main material and its family."""

    name: str
    build: Builder
    material: str
    words: tuple[str, ...]
    category: str = "props"
    max_triangles: int = 5000  # the budget at normal detail; tests hold every kind to it


OBJECT_KINDS: dict[str, ObjectKind] = {}


def object_kind(name: str, *, material: str, words: tuple[str, ...], category: str = "props",
                max_triangles: int = 5000) -> Callable[[Builder], Builder]:
    """Register a builder under ``name``; the kind's own name always counts as one of its words."""
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}; use one of {', '.join(CATEGORIES)}")

    def register(build: Builder) -> Builder:
        if name in OBJECT_KINDS:
            raise ValueError(f"object kind {name!r} is registered twice")
        spoken = name.replace("_", " ")
        own = (name, spoken) if spoken != name else (name,)
        OBJECT_KINDS[name] = ObjectKind(name=name, build=build, material=material, words=(*own, *words),
                                        category=category, max_triangles=max_triangles)
        return build

    return register


def word_index() -> dict[str, str]:
    """Every noun (English and Korean) mapped to the kind it names."""
    index: dict[str, str] = {}
    for kind in OBJECT_KINDS.values():
        for word in kind.words:
            index.setdefault(word, kind.name)
    return index


def placeholder(label: str, look: Look) -> list[Part]:
    """The honest stand-in for a noun no builder knows: a 1 m box named after that noun."""
    return [Part(f"placeholder_{label}", shapes.box((1.0, 1.0, 1.0)), look.main)]


# Importing the families registers their kinds (after the names above exist: they import them).
from tools.mesh.kinds import (  # noqa: E402,F401  (imported for registration)
    buildings, creatures, furniture, nature, primitives, props, vehicles, weapons,
)
