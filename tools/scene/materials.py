"""Colours and physically based surface finishes for the embedded mesh composer.

A :class:`Finish` is plain data (no trimesh) so the prompt parser and object builders can talk
about surfaces cheaply; :func:`to_pbr` turns one into a glTF PBR material at export time.
Colours are written in sRGB (what people pick in a colour picker) and converted to the linear
values that glTF's ``baseColorFactor`` expects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trimesh.visual.material import PBRMaterial

RGBA = tuple[float, float, float, float]

# sRGB hex per canonical colour name; the parser maps English and Korean words onto these names.
COLOURS: dict[str, str] = {
    "red": "#c62828",
    "blue": "#1e5bc6",
    "green": "#2e8b3a",
    "yellow": "#f2c318",
    "white": "#f2f2f2",
    "black": "#1a1a1a",
    "brown": "#7a4a24",
    "gray": "#8a8a8a",
    "charcoal": "#44474d",  # gunmetal, charcoal, slate, dark grey: a grey that reads as metal or stone, not mid-grey
    "purple": "#7b3fa8",
    "orange": "#ef7d17",
    "pink": "#f48fb1",
    "gold": "#d4a72c",
    "silver": "#c0c0c8",
    "cyan": "#22b8cf",
    "navy": "#1b2a5e",
    "beige": "#d9c7a3",
    "teal": "#1f8a84",
}


@dataclass(frozen=True)
class MaterialPreset:
    """How a kind of matter reflects light, with the colour it has when none is asked for."""

    colour: str  # sRGB hex
    metallic: float
    roughness: float
    alpha: float = 1.0


MATERIALS: dict[str, MaterialPreset] = {
    "wood": MaterialPreset("#8b5a2b", metallic=0.0, roughness=0.7),
    "metal": MaterialPreset("#a8a9ad", metallic=0.9, roughness=0.3),
    "dark_metal": MaterialPreset("#3a3b3f", metallic=0.9, roughness=0.4),
    "gold": MaterialPreset("#d4a72c", metallic=1.0, roughness=0.25),
    "stone": MaterialPreset("#7d7b76", metallic=0.0, roughness=0.9),
    "glass": MaterialPreset("#cfe8f0", metallic=0.0, roughness=0.05, alpha=0.35),
    "plastic": MaterialPreset("#d0d0d0", metallic=0.0, roughness=0.45),
    "ceramic": MaterialPreset("#eeeae2", metallic=0.0, roughness=0.2),
    "fabric": MaterialPreset("#e8dcc0", metallic=0.0, roughness=0.95),
    "leather": MaterialPreset("#5a3a22", metallic=0.0, roughness=0.6),
    "cardboard": MaterialPreset("#b08a5a", metallic=0.0, roughness=0.9),
    "bark": MaterialPreset("#5b3d25", metallic=0.0, roughness=0.95),
    "leaves": MaterialPreset("#3f7f2f", metallic=0.0, roughness=0.8),
    "plaster": MaterialPreset("#e6dccb", metallic=0.0, roughness=0.85),
    "roof_tile": MaterialPreset("#8e3b2a", metallic=0.0, roughness=0.8),
    "marble": MaterialPreset("#ece9e4", metallic=0.0, roughness=0.15),
    "greybox": MaterialPreset("#9a9a9a", metallic=0.0, roughness=0.8),
    "paint": MaterialPreset("#b71c1c", metallic=0.4, roughness=0.35),  # car body: clear-coated metal
    "rubber": MaterialPreset("#1e1e1e", metallic=0.0, roughness=0.9),
    "skin": MaterialPreset("#d9a77f", metallic=0.0, roughness=0.6),
    "fur": MaterialPreset("#9a7048", metallic=0.0, roughness=0.95),
    "feathers": MaterialPreset("#6f7f95", metallic=0.0, roughness=0.85),
    "scales": MaterialPreset("#d9822b", metallic=0.1, roughness=0.4),
    "grass": MaterialPreset("#5b8f3a", metallic=0.0, roughness=0.9),
    "soil": MaterialPreset("#6b5034", metallic=0.0, roughness=0.95),
    "canvas": MaterialPreset("#c9b98f", metallic=0.0, roughness=0.9),
    "flame": MaterialPreset("#ff8a1e", metallic=0.0, roughness=0.9),
    "cactus": MaterialPreset("#4f8a3c", metallic=0.0, roughness=0.7),
    "mushroom_cap": MaterialPreset("#c0392b", metallic=0.0, roughness=0.6),
    "petals": MaterialPreset("#e84a7f", metallic=0.0, roughness=0.7),
}


@dataclass(frozen=True)
class Finish:
    """One surface as glTF will see it: a named PBR metallic-roughness material."""

    name: str
    base_color: RGBA  # linear RGBA in [0, 1]
    metallic: float
    roughness: float
    emissive: tuple[float, float, float] = (0.0, 0.0, 0.0)

    @property
    def transparent(self) -> bool:
        return self.base_color[3] < 1.0


def srgb_to_linear(hex_colour: str) -> tuple[float, float, float]:
    """``"#rrggbb"`` to linear RGB, the space glTF colour factors live in."""
    value = hex_colour.lstrip("#")
    channels = [int(value[i:i + 2], 16) / 255.0 for i in (0, 2, 4)]
    return tuple(  # type: ignore[return-value]
        round(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4, 4) for c in channels
    )


def finish(material: str, colour: str | None = None) -> Finish:
    """The finish of ``material`` (a :data:`MATERIALS` key), tinted ``colour`` if one is given.

    An unknown material or colour is a programming error here: the parser only emits known names.
    """
    preset = MATERIALS[material]
    hex_colour = COLOURS[colour] if colour else preset.colour
    r, g, b = srgb_to_linear(hex_colour)
    name = f"{material}_{colour}" if colour else material
    return Finish(name=name, base_color=(r, g, b, preset.alpha), metallic=preset.metallic, roughness=preset.roughness)


# Weathering a prompt names ("a rusted sedan", "녹슨 갑옷", "a mossy stone well", "피 묻은 인형"): which surfaces it
# takes, how far their colour goes towards it, and how much of a surface its patches cover. Rust eats metal and
# paint; moss grows on stone, wood, bark and tiles; blood stains anything that is not glass or light.
WEATHERING: dict[str, tuple[str, float, frozenset[str]]] = {
    "rusty": ("#a5521c", 0.9, frozenset(("metal", "dark_metal", "paint", "gold"))),
    "mossy": ("#4f7530", 0.85, frozenset(("stone", "wood", "bark", "roof_tile", "plaster", "marble", "leather"))),
    "bloody": ("#6a0808", 0.9, frozenset(("fabric", "skin", "wood", "stone", "metal", "dark_metal", "plastic", "ceramic",
                                          "leather", "paint", "fur", "plaster", "canvas", "marble", "cardboard"))),
}
WEATHERING_COVER = {"rusty": 0.55, "mossy": 0.55, "bloody": 0.3}  # the share of a part its patches take


def weathered(surface: Finish, weathering: str) -> Finish:
    """``surface`` as ``weathering`` (a :data:`WEATHERING` key) leaves it, or unchanged when it does not
    take that weathering (glass stays glass on a rusty car)."""
    colour, amount, takes = WEATHERING[weathering]
    material = next((m for m in sorted(takes, key=len, reverse=True) if surface.name == m
                     or surface.name.startswith(m + "_")), None)
    if material is None or surface.name.endswith("_glow"):
        return surface
    target = srgb_to_linear(colour)
    r, g, b, a = surface.base_color
    mixed = tuple(round(c + (t - c) * amount, 4) for c, t in zip((r, g, b), target))
    return Finish(name=f"{surface.name}_{weathering}", base_color=(*mixed, a),  # type: ignore[arg-type]
                  metallic=min(surface.metallic, 0.25), roughness=max(surface.roughness, 0.85),
                  emissive=surface.emissive)


def faded(surface: Finish, amount: float = 0.35) -> Finish:
    """``surface`` dulled with age towards a grey-brown (the paint left between rust patches)."""
    target = srgb_to_linear("#6b625a")
    r, g, b, a = surface.base_color
    mixed = tuple(round(c + (t - c) * amount, 4) for c, t in zip((r, g, b), target))
    return Finish(name=f"{surface.name}_faded", base_color=(*mixed, a),  # type: ignore[arg-type]
                  metallic=surface.metallic * 0.5, roughness=max(surface.roughness, 0.7), emissive=surface.emissive)


def glowing(base: Finish, strength: float = 1.0) -> Finish:
    """``base`` that also emits light (a lamp bulb), so viewers show it lit without a light."""
    r, g, b, a = base.base_color
    return Finish(
        name=f"{base.name}_glow", base_color=(r, g, b, a), metallic=base.metallic, roughness=base.roughness,
        emissive=(min(1.0, r * strength), min(1.0, g * strength), min(1.0, b * strength)),
    )


def to_pbr(surface: Finish) -> "PBRMaterial":
    """A trimesh PBR material for ``surface`` (imports trimesh, so only call it while building)."""
    from trimesh.visual.material import PBRMaterial

    return PBRMaterial(
        name=surface.name,
        baseColorFactor=list(surface.base_color),
        metallicFactor=surface.metallic,
        roughnessFactor=surface.roughness,
        emissiveFactor=list(surface.emissive) if any(surface.emissive) else None,
        alphaMode="BLEND" if surface.transparent else "OPAQUE",
        doubleSided=surface.transparent,
    )
