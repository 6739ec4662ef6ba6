"""The one reading of a prompt that mesh, image, panorama, video and level share.

:func:`parse_scene` returns a :class:`Scene`: the objects to build (kind, count, colour,
material, size, how they are arranged), the setting (place, inside or out, time of day, weather,
ground, features, mood), the nouns nothing could be built for (``unmatched``), the nearest-kind
stand-ins used (``substitutions``) and the output formats the words asked for. A named place
brings its furnishing when the prompt lists few objects of its own. :meth:`Scene.meta` is what
every visual artifact records as ``meta.scene``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agent.errors import ToolError
from tools.formats import requested_formats
from tools.nearest import TextEncoder
from tools.scene.prompt import ObjectRequest, ParsedPrompt, Relation, parse_prompt
from tools.scene.setting import PLACES_BY_NAME, Setting, read_setting

# A place adds its furnishing when the prompt itself names fewer kinds than this.
FURNISH_BELOW = 3
# Kinds the environment draws itself when the setting has them (an image "on a hill" stands on a hill).
DRAWN_BY_ENVIRONMENT = {"hill": "hills", "terrain": None}


@dataclass
class Scene:
    """Everything the prompt asked for, in the form the composer and the renderers read."""

    parsed: ParsedPrompt
    setting: Setting
    formats: list[str] = field(default_factory=list)
    text: str = ""  # the prompt without its format words

    @property
    def objects(self) -> list[ObjectRequest]:
        return self.parsed.objects

    @property
    def unmatched(self) -> list[str]:
        return self.parsed.unmatched

    @property
    def named(self) -> list[ObjectRequest]:
        """The objects the prompt named itself (not a place's furnishing)."""
        return [item for item in self.parsed.objects if not item.furnishing]

    def meta(self) -> dict[str, Any]:
        """``meta.scene``: objects as ``{kind, count}`` in prompt order, unmatched words, stand-ins, setting."""
        counts: dict[str, int] = {}
        for item in self.parsed.objects:
            if item.kind is not None:
                counts[item.kind] = counts.get(item.kind, 0) + item.count
        return {
            "objects": [{"kind": kind, "count": count} for kind, count in counts.items()],
            "named": [{"kind": item.kind, "count": item.count, "word": item.noun} for item in self.named],
            "furnishing": sorted({item.kind for item in self.parsed.objects if item.furnishing and item.kind}),
            "unmatched": list(self.parsed.unmatched),
            "substitutions": list(self.parsed.substitutions),
            "setting": self.setting.meta(),
            "language": self.parsed.language,
            **({"formats": list(self.formats)} if self.formats else {}),
        }

    def notes(self) -> list[str]:
        """Plain sentences about what was not built as asked (the tools' summaries use them)."""
        out = []
        for item in self.parsed.substitutions:
            out.append(f"no '{item['word']}' model yet — used '{item['kind'].replace('_', ' ')}'")
        for word in self.parsed.unmatched:
            out.append(f"no '{word}' model yet — left it out")
        return out


def require_content(scene: Scene, *, what: str = "a picture") -> None:
    """Refuse a prompt whose only nouns are ones no kind stands for (and that sets no scene either),
    naming them and the nearest kinds that could be made instead; nothing is stored."""
    if scene.objects or not scene.unmatched or scene.setting.words:
        return
    from tools.scene.nouns import suggestions

    words = ", ".join(f"'{word}'" for word in scene.unmatched)
    nearest = []
    for word in scene.unmatched:
        nearest += [kind for kind in suggestions([word]) if kind not in nearest]
    raise ToolError(f"I can't make {what} of {words} yet: the embedded library has no such model and nothing "
                    f"close enough. Kinds near it: {', '.join(k.replace('_', ' ') for k in nearest[:5])}; or name "
                    "another object, or use the neural backend (profile neural)")


def parse_scene(text: str, *, style: str | None = None, encoder: TextEncoder | None = None,
                furnish: bool = True, for_render: bool = False) -> Scene:
    """Read ``text`` into a :class:`Scene`.

    ``furnish`` adds a named place's furnishing when the prompt names fewer than
    :data:`FURNISH_BELOW` kinds. ``for_render`` drops kinds the environment draws itself (a hill
    under the subject, a terrain) when the setting already has them.
    """
    formats, cleaned = requested_formats(text)
    parsed = parse_prompt(cleaned, style=style, encoder=encoder)
    setting = read_setting(cleaned, kinds_named=[item.kind for item in parsed.objects if item.kind])
    if setting.place is not None and any(item.kind == _place_kind(setting.place) for item in parsed.objects) \
            and setting.interior:
        _drop_kind(parsed, _place_kind(setting.place))  # "a cabin interior" is the room, not a cabin in it
    if for_render:
        for kind, feature in DRAWN_BY_ENVIRONMENT.items():
            if feature is None or feature in setting.features or kind == "hill":
                if any(item.kind == kind for item in parsed.objects) and len(parsed.objects) > 1:
                    if kind == "hill" and "hills" not in setting.features:
                        setting.features = (*setting.features, "hills")
                    _drop_kind(parsed, kind)
    if furnish and setting.place is not None:
        named = {item.kind for item in parsed.objects if item.kind}
        if len(named) < FURNISH_BELOW:
            _furnish(parsed, setting, encoder)
    return Scene(parsed=parsed, setting=setting, formats=formats, text=cleaned)


def _place_kind(place: str) -> str | None:
    from tools.scene.setting import INSIDE_OF

    return next((kind for kind, inside in INSIDE_OF.items() if inside == place), None)


def _drop_kind(parsed: ParsedPrompt, kind: str | None) -> None:
    """Remove the requests of ``kind`` and re-index the relations of the rest."""
    keep = [i for i, item in enumerate(parsed.objects) if item.kind != kind]
    if len(keep) == len(parsed.objects):
        return
    new_index = {old: new for new, old in enumerate(keep)}
    parsed.objects = [parsed.objects[i] for i in keep]
    parsed.relations = [Relation(new_index[r.subject], r.relation, None if r.anchor is None else new_index[r.anchor])
                        for r in parsed.relations
                        if r.subject in new_index and (r.anchor is None or r.anchor in new_index)]


def _furnish(parsed: ParsedPrompt, setting: Setting, encoder: TextEncoder | None) -> None:
    """Append the place's furnishing, skipping kinds the prompt already named."""
    place = PLACES_BY_NAME[setting.place]  # type: ignore[index]
    named = {item.kind for item in parsed.objects}
    for phrase in place.furnishing:
        extra = parse_prompt(phrase, encoder=encoder)
        if any(item.kind in named for item in extra.objects):
            continue
        offset = len(parsed.objects)
        for item in extra.objects:
            item.furnishing = True
            parsed.objects.append(item)
        parsed.relations += [Relation(r.subject + offset, r.relation, None if r.anchor is None else r.anchor + offset)
                             for r in extra.relations]
