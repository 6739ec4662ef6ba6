"""The vocabulary of object builders: named parts, the look they are built with, and the
registry that :func:`object_kind` fills. Builders live in :mod:`tools.scene.kinds`; they import
this module, and :mod:`tools.scene.objects` imports them, so the registry has no import circle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, TYPE_CHECKING, Callable

from tools.scene.materials import Finish, finish

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
    # what the words say about a figure beyond its kind: "female", "cape" -> its colour, "beard" -> its colour
    traits: "Mapping[str, str | None]" = field(default_factory=dict)

    def secondary(self, material: str, colour: str | None = None) -> Finish:
        """The finish of a part the user did not colour (a hoop, a trunk, a roof)."""
        return finish("greybox") if self.greybox else finish(material, colour)

    def tone(self, name: str, hex_colour: str, *, roughness: float = 0.6, metallic: float = 0.0) -> Finish:
        """A part's own natural colour that no material preset has (rice, seaweed, a tomato), by hex."""
        if self.greybox:
            return finish("greybox")
        from tools.scene.materials import srgb_to_linear

        return Finish(name=name, base_color=(*srgb_to_linear(hex_colour), 1.0), metallic=metallic, roughness=roughness)

    def main_or(self, default_material: str, name: str, hex_colour: str, *, roughness: float = 0.6) -> Finish:
        """The main finish, or a natural colour when the words asked for none (the main finish is then the kind's
        bare default material): a pizza is golden, not the grey of plain plastic."""
        if self.main.name == default_material and not self.greybox:
            return self.tone(name, hex_colour, roughness=roughness)
        return self.main

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
    elevation: float = 0.0  # metres between the ground and the object's lowest point (a hanging lamp)


OBJECT_KINDS: dict[str, ObjectKind] = {}


def object_kind(name: str, *, material: str, words: tuple[str, ...], category: str = "props",
                max_triangles: int = 5000, elevation: float = 0.0) -> Callable[[Builder], Builder]:
    """Register a builder under ``name``; the kind's own name always counts as one of its words."""
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}; use one of {', '.join(CATEGORIES)}")

    def register(build: Builder) -> Builder:
        if name in OBJECT_KINDS:
            raise ValueError(f"object kind {name!r} is registered twice")
        spoken = name.replace("_", " ")
        own = (name, spoken) if spoken != name else (name,)
        OBJECT_KINDS[name] = ObjectKind(name=name, build=build, material=material, words=(*own, *words),
                                        category=category, max_triangles=max_triangles, elevation=elevation)
        return build

    return register


