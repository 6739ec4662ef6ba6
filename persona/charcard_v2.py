"""SillyTavern "Character Card V2" import and export (JSON, and PNG with a ``chara`` chunk).

Spec: https://github.com/malfoyslastname/character-card-spec-v2. A V2 card is
``{"spec": "chara_card_v2", "spec_version": "2.0", "data": {...}}``; a PNG card carries that
JSON, base64-encoded, in a ``tEXt`` chunk with the keyword ``chara`` (V3 cards add ``ccv3``,
which we also read). Atelier-only fields (voice, safety policy, allowed tools, ...) travel in
``data.extensions.atelier`` so that an export re-imports to the same card; cards made in
SillyTavern map their fields onto ours (personality -> traits, first_mes -> greetings, ...).
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import re
from pathlib import Path
from typing import Any

from agent.text import detect_language
from persona.card import MAX_CARD_BYTES, MAX_CARD_PNG_BYTES, PersonaCard, PersonaCardError, parse_card, read_card_bytes, slugify

SPEC = "chara_card_v2"
SPEC_VERSION = "2.0"
_V2_STRING_FIELDS = ("name", "description", "personality", "scenario", "first_mes", "mes_example",
                     "creator_notes", "system_prompt", "post_history_instructions", "creator", "character_version")


def card_to_v2(card: PersonaCard) -> dict[str, Any]:
    """A Character Card V2 object for ``card``, readable by SillyTavern and back by Atelier."""
    examples = "\n".join(f"<START>\n{{{{char}}}}: {line}" for line in card.example_lines)
    description = card.description
    if card.role:
        description = f"{card.name} is {card.role}. {description}".strip()
    book = None
    if card.knowledge:
        book = {"name": f"{card.name} lore", "entries": [
            {"keys": _keywords(fact), "content": fact, "extensions": {}, "enabled": True,
             "insertion_order": index, "constant": False, "id": index}
            for index, fact in enumerate(card.knowledge)], "extensions": {}}
    data: dict[str, Any] = {
        "name": card.name,
        "description": description,
        "personality": ", ".join(card.traits),
        "scenario": "",
        "first_mes": card.greetings[0] if card.greetings else "",
        "mes_example": examples,
        "creator_notes": f"Exported from Atelier persona {card.id!r}.",
        "system_prompt": "",
        "post_history_instructions": "",
        "alternate_greetings": list(card.greetings[1:]),
        "tags": ["atelier", card.language],
        "creator": "atelier",
        "character_version": "1",
        "extensions": {"atelier": card.public(), "talkativeness": "0.5"},
    }
    if card.speaking_style:
        data["system_prompt"] = f"Speaking style: {card.speaking_style}"
    if book is not None:
        data["character_book"] = book
    return {"spec": SPEC, "spec_version": SPEC_VERSION, "data": data}


def _keywords(fact: str) -> list[str]:
    words = [w for w in re.findall(r"\w{4,}", fact)][:3]
    return words or [fact[:20]]


def card_from_v2(obj: dict[str, Any], *, source: str = "character card") -> PersonaCard:
    """Our card from a V2 (or V1/V3) character card object."""
    if not isinstance(obj, dict):
        raise PersonaCardError(f"{source}: a character card must be a JSON object")
    if obj.get("spec") in ("chara_card_v2", "chara_card_v3"):
        data = obj.get("data")
        if not isinstance(data, dict):
            raise PersonaCardError(f"{source}: a {obj['spec']} card needs a 'data' object")
    elif "name" in obj and ("first_mes" in obj or "personality" in obj):
        data = obj  # V1: the fields sit at the top level
    else:
        raise PersonaCardError(f"{source}: not a Character Card (no spec 'chara_card_v2' and no V1 fields)")
    extensions = data.get("extensions") or {}
    if isinstance(extensions, dict) and isinstance(extensions.get("atelier"), dict):
        return parse_card(extensions["atelier"], source=f"{source} (extensions.atelier)")
    for field in _V2_STRING_FIELDS:
        if field in data and not isinstance(data[field], str):
            raise PersonaCardError(f"{source}: field {field!r} must be text")
    name = (data.get("name") or "").strip()
    if not name:
        raise PersonaCardError(f"{source}: the character card has no name; add data.name")

    def fill(text: str) -> str:
        return text.replace("{{char}}", name).replace("<BOT>", name).replace("{{user}}", "you").replace("<USER>", "you")

    greetings = [fill(g) for g in [data.get("first_mes") or "", *(data.get("alternate_greetings") or [])]
                 if isinstance(g, str) and g.strip()]
    examples = []
    for line in (data.get("mes_example") or "").splitlines():
        match = re.match(r"^\s*(?:\{\{char\}\}|<BOT>|" + re.escape(name) + r")\s*:\s*(.+)$", line)
        if match:
            examples.append(fill(match.group(1).strip()))
    knowledge = []
    book = data.get("character_book")
    if isinstance(book, dict):
        for entry in book.get("entries") or []:
            if isinstance(entry, dict) and isinstance(entry.get("content"), str) and entry["content"].strip() \
                    and entry.get("enabled", True):
                knowledge.append(fill(entry["content"].strip()))
    description = fill((data.get("description") or "").strip())
    scenario = fill((data.get("scenario") or "").strip())
    if scenario:
        description = f"{description}\n\nScenario: {scenario}".strip()
    traits = [t.strip() for t in re.split(r"[,;\n]", fill(data.get("personality") or "")) if t.strip()]
    card = {
        "id": slugify(name),
        "name": name,
        "description": description,
        "traits": traits,
        "speaking_style": fill((data.get("system_prompt") or "").strip())[:2000],
        "greetings": greetings,
        "example_lines": examples,
        "knowledge": knowledge,
        "language": detect_language(" ".join([description, *greetings])),
    }
    return parse_card(card, source=source)


# -- JSON files ----------------------------------------------------------------------------------
def export_json(card: PersonaCard, path: Path | str) -> Path:
    """Write ``card`` as a Character Card V2 JSON file."""
    path = Path(path)
    path.write_text(json.dumps(card_to_v2(card), ensure_ascii=False, indent=2), encoding="utf-8")
    return path


# -- PNG files -----------------------------------------------------------------------------------
def export_png(card: PersonaCard, path: Path | str, *, image: Path | str | None = None) -> Path:
    """Write ``card`` into a PNG (``chara`` tEXt chunk). ``image`` is the portrait to embed the
    card in; without one a plain 400x600 portrait-sized image in the card's colours is used."""
    from PIL import Image, PngImagePlugin

    path = Path(path)
    if image is not None:
        picture = Image.open(image)
        picture.load()
    else:
        picture = _placeholder_portrait(card)
    info = PngImagePlugin.PngInfo()
    payload = base64.b64encode(json.dumps(card_to_v2(card), ensure_ascii=False).encode("utf-8")).decode("ascii")
    info.add_text("chara", payload)
    picture.save(path, format="PNG", pnginfo=info)
    return path


def _placeholder_portrait(card: PersonaCard):
    from PIL import Image, ImageDraw

    seed = sum(card.id.encode("utf-8"))
    colour = (60 + seed % 150, 60 + (seed * 7) % 150, 60 + (seed * 13) % 150)
    picture = Image.new("RGB", (400, 600), colour)
    draw = ImageDraw.Draw(picture)
    draw.ellipse((110, 90, 290, 270), fill=tuple(min(255, c + 60) for c in colour))
    draw.rounded_rectangle((70, 300, 330, 600), radius=60, fill=tuple(min(255, c + 40) for c in colour))
    draw.text((20, 20), card.id, fill=(255, 255, 255))
    return picture


def card_from_png_bytes(raw: bytes, *, source: str = "PNG") -> PersonaCard:
    """Read the card in a PNG's ``ccv3`` or ``chara`` text chunk."""
    from PIL import Image, UnidentifiedImageError

    if len(raw) > MAX_CARD_PNG_BYTES:
        raise PersonaCardError(f"{source} is {len(raw)} bytes; card PNGs must be under {MAX_CARD_PNG_BYTES} bytes")
    try:
        picture = Image.open(io.BytesIO(raw))
        picture.load()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise PersonaCardError(f"{source} is not a readable PNG ({exc}); export the card again as PNG") from None
    if picture.format != "PNG":
        raise PersonaCardError(f"{source} is a {picture.format} image; character cards are PNG files")
    chunks = getattr(picture, "text", None) or picture.info
    payload = chunks.get("ccv3") or chunks.get("chara")
    if not payload:
        raise PersonaCardError(f"{source} holds no character card (no 'chara' text chunk); export it from "
                               "SillyTavern as a character card PNG, or load a YAML/JSON card")
    if len(payload) > MAX_CARD_BYTES * 2:
        raise PersonaCardError(f"{source}: the embedded card is larger than {MAX_CARD_BYTES} bytes")
    from agent.errors import InputError
    from agent.text import parse_json

    try:
        obj = parse_json(base64.b64decode(payload, validate=False), what=f"{source}: the 'chara' chunk")
    except binascii.Error:
        raise PersonaCardError(f"{source}: the 'chara' chunk is not base64-encoded card JSON") from None
    except InputError as exc:
        raise PersonaCardError(exc.message) from None
    return card_from_v2(obj, source=source)


def import_png(path: Path | str) -> PersonaCard:
    """Load the card embedded in a character card PNG."""
    path = Path(path)
    return card_from_png_bytes(read_card_bytes(path, limit=MAX_CARD_PNG_BYTES), source=str(path))
