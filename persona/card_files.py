"""Persona card files: YAML/JSON cards and SillyTavern Character Card V2 (JSON or PNG), read and
written by suffix. The formats live in :mod:`persona.card` and :mod:`persona.charcard_v2`; this
module picks between them so that neither imports the other's caller.
"""

from __future__ import annotations

import json
from pathlib import Path

from agent.errors import InputError
from agent.text import JSON_MAX_DEPTH, json_depth, parse_json

from persona.card import MAX_CARD_BYTES, MAX_CARD_PNG_BYTES, PersonaCard, PersonaCardError, parse_card, read_card_bytes, slugify
from persona.charcard_v2 import card_from_png_bytes, card_from_v2


def load_card(path: Path | str) -> PersonaCard:
    """Load a card from ``.yaml``/``.yml``/``.json``, or a Character Card V2 ``.png``/JSON."""
    path = Path(path)
    suffix = path.suffix.lower()
    raw = read_card_bytes(path, limit=MAX_CARD_PNG_BYTES if suffix == ".png" else MAX_CARD_BYTES)
    if suffix == ".png":
        return card_from_png_bytes(raw, source=str(path))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise PersonaCardError(f"persona card {path} is not UTF-8 text; save it as UTF-8 YAML or JSON") from None
    if suffix == ".json":
        try:
            data = parse_json(text, what=f"persona card {path}")  # depth and number size bounded first
        except InputError as exc:
            raise PersonaCardError(exc.message) from None
    else:
        data = _load_yaml(text, path, suffix)
    if isinstance(data, dict) and data.get("spec") in ("chara_card_v2", "chara_card_v3"):
        return card_from_v2(data, source=str(path))
    if isinstance(data, dict) and "id" not in data and isinstance(data.get("name"), str):
        data = {"id": slugify(data["name"]), **data}
    return parse_card(data, source=str(path))


def _load_yaml(text: str, path: Path, suffix: str) -> object:
    import yaml

    if json_depth(text) > JSON_MAX_DEPTH:  # flow-style nesting; block nesting is bounded by the card size
        raise PersonaCardError(f"persona card {path} is nested deeper than {JSON_MAX_DEPTH} levels")
    try:
        return yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        raise PersonaCardError(f"persona card {path} is not valid {suffix.lstrip('.').upper() or 'YAML'}: "
                               f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None


def save_card(card: PersonaCard, path: Path | str) -> Path:
    """Write a card as YAML (``.yaml``/``.yml``) or JSON (anything else)."""
    import yaml

    path = Path(path)
    data = card.public()
    if path.suffix.lower() in (".yaml", ".yml"):
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    else:
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path

