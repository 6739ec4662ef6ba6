"""Persona cards, Character Card V2 import/export, the library, prompt injection and styling."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from agent.errors import InputError
from agent.executor import StepOutcome
from agent.types import Plan, Step
from persona.card import PersonaCardError, parse_card
from persona.card_files import load_card, save_card
from persona.charcard_v2 import card_from_v2, card_to_v2, export_json, export_png, import_png
from persona.library import PersonaLibrary, UnknownPersona, bundled_persona
from persona.prompt import build_system_prompt, chat_messages
from agent.emotion import strip_tags
from persona.responder import reply_for
from persona.style import best_fact, style_reply


def test_bundled_personas_load():
    library = PersonaLibrary()
    assert {"blacksmith", "museum-guide", "station-ai"} <= set(library.ids())
    guide = library.get("museum-guide")
    assert guide.language == "ko" and guide.safety.audience == "children"
    assert library.get("blacksmith").safety.allow_fiction_violence
    for card in library.all():
        assert card.greetings and card.knowledge and card.example_lines


def test_card_rejects_unknown_keys_and_missing_name(tmp_path: Path):
    with pytest.raises(PersonaCardError, match="unknown field 'mood'"):
        parse_card({"id": "x", "name": "X", "mood": "happy"})
    with pytest.raises(PersonaCardError, match="required field 'name'"):
        parse_card({"id": "x"})
    with pytest.raises(PersonaCardError, match="blank"):
        parse_card({"id": "x", "name": "   "})
    with pytest.raises(PersonaCardError, match="safety.actions"):
        parse_card({"id": "x", "name": "X", "safety": {"actions": {"violence": "explode"}}})
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed", encoding="utf-8")
    with pytest.raises(PersonaCardError, match="not valid YAML"):
        load_card(bad)


def test_huge_card_is_refused_before_reading(tmp_path: Path):
    huge = tmp_path / "huge.json"
    huge.write_bytes(b'{"name": "' + b"x" * (10 * 1024 * 1024) + b'"}')
    with pytest.raises(PersonaCardError, match="must be under"):
        load_card(huge)


def test_png_without_card_and_non_png(tmp_path: Path):
    from PIL import Image

    plain = tmp_path / "plain.png"
    Image.new("RGB", (8, 8), "red").save(plain)
    with pytest.raises(PersonaCardError, match="no 'chara' text chunk"):
        import_png(plain)
    fake = tmp_path / "fake.png"
    fake.write_bytes(b"not an image at all")
    with pytest.raises(PersonaCardError, match="not a readable PNG"):
        load_card(fake)


def test_character_card_v2_png_round_trip(tmp_path: Path):
    from PIL import Image

    card = bundled_persona("museum-guide")
    out = export_png(card, tmp_path / "guide.png")
    with Image.open(out) as picture:  # a real PNG that image tools open, with the chunk spec'd by V2
        assert picture.format == "PNG" and picture.size == (400, 600)
        raw = json.loads(base64.b64decode(picture.text["chara"]))
    assert raw["spec"] == "chara_card_v2" and raw["spec_version"] == "2.0"
    assert raw["data"]["name"] == card.name and raw["data"]["first_mes"] == card.greetings[0]
    assert load_card(out) == card
    portrait = tmp_path / "portrait.png"
    Image.new("RGB", (64, 96), "navy").save(portrait)
    assert import_png(export_png(card, tmp_path / "p.png", image=portrait)) == card
    assert load_card(export_json(card, tmp_path / "guide.json")) == card


def test_sillytavern_card_maps_onto_persona_fields():
    v2 = {"spec": "chara_card_v2", "spec_version": "2.0", "data": {
        "name": "Captain Rell", "description": "{{char}} commands the airship Dawn.",
        "personality": "bold, reckless; loyal", "scenario": "A storm is coming.",
        "first_mes": "Welcome aboard, {{user}}!", "mes_example": "<START>\n{{user}}: hi\n{{char}}: Hold on tight!",
        "creator_notes": "", "system_prompt": "", "post_history_instructions": "",
        "alternate_greetings": ["Back again?"], "tags": [], "creator": "someone", "character_version": "1",
        "extensions": {},
        "character_book": {"entries": [{"keys": ["Dawn"], "content": "The Dawn has four propellers.",
                                        "enabled": True, "insertion_order": 0, "extensions": {}}],
                           "extensions": {}}}}
    card = card_from_v2(v2)
    assert card.id == "captain-rell" and card.name == "Captain Rell"
    assert card.traits == ["bold", "reckless", "loyal"]
    assert card.greetings == ["Welcome aboard, you!", "Back again?"]
    assert card.example_lines == ["Hold on tight!"]
    assert card.knowledge == ["The Dawn has four propellers."]
    assert "Captain Rell commands" in card.description and "storm" in card.description
    with pytest.raises(PersonaCardError, match="no name"):
        card_from_v2({"spec": "chara_card_v2", "data": {"name": ""}})
    with pytest.raises(PersonaCardError, match="not a Character Card"):
        card_from_v2({"hello": 1})
    exported = card_to_v2(card)
    assert card_from_v2(exported) == card


def test_library_user_cards_and_unknown_ids(tmp_path: Path):
    user_dir = tmp_path / "personas"
    user_dir.mkdir()
    custom = bundled_persona("blacksmith").model_copy(update={"id": "blacksmith", "name": "Other Smith"})
    save_card(custom, user_dir / "blacksmith.yaml")
    (user_dir / "pirate.json").write_text(json.dumps({"name": "Pirate Pete"}), encoding="utf-8")
    library = PersonaLibrary(user_dir=user_dir)
    assert library.get("blacksmith").name == "Other Smith"
    assert library.get("pirate").name == "Pirate Pete"
    with pytest.raises(UnknownPersona, match="known personas: .*museum-guide") as info:
        library.get("nobody")
    assert isinstance(info.value, InputError)


def test_system_prompt_carries_persona_memories_and_safety_rules():
    guide = bundled_persona("museum-guide")
    prompt = build_system_prompt(guide, memories=["likes dinosaurs"], tools=["image", "video"])
    assert guide.name in prompt and guide.knowledge[0] in prompt and "likes dinosaurs" in prompt
    assert "children" in prompt and "109" in prompt and "Korean" in prompt
    assert "image" in prompt and "video" not in prompt.split("tools:")[1].split(".")[0]  # not an allowed tool
    smith = build_system_prompt(bundled_persona("blacksmith"))
    assert "slaying monsters" in smith and "never reveal" in smith
    messages = chat_messages(bundled_persona("station-ai"), "hi", history=[("user", "a"), ("assistant", "b")])
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]


def test_style_keeps_results_and_speaks_in_character():
    smith = bundled_persona("blacksmith")
    plan = Plan(steps=[Step(id="s1", tool="mesh", args={"prompt": "a sword"})], language="en")
    outcome = StepOutcome(step=plan.steps[0], status="ok", detail="Built a sword with the embedded composer")
    plain = strip_tags(reply_for(plan, [outcome]))
    styled = strip_tags(reply_for(plan, [outcome], persona=smith, request_text="make a sword in 3D"))
    assert plain in styled and styled != plain and "a sword" in plain
    assert "embedded" not in styled and "s1" not in styled, "the technical detail never reaches the player"
    assert any(line in styled for line in smith.example_lines)
    talk = strip_tags(reply_for(Plan(language="en"), [], persona=smith, request_text="Hello! How long does a sword take?"))
    assert talk.startswith(tuple(smith.greetings)) and "three days" in talk
    guide = bundled_persona("museum-guide")
    assert "6시" in best_fact(guide, "박물관은 몇 시에 문을 닫아요?")
    assert style_reply(guide, "x", request_text="안녕하세요!", talk_only=True).startswith(tuple(guide.greetings))


def test_responder_without_persona_is_unchanged():
    assert reply_for(Plan(language="ko"), []) == reply_for(Plan(language="ko"), [], persona=None)
    assert "아틀리에" in reply_for(Plan(language="ko"), [])


def test_persona_cli_export_import(tmp_path: Path):
    from click.testing import CliRunner

    from agent.app.cli import cli

    runner = CliRunner()
    data = str(tmp_path / "data")
    out = tmp_path / "smith.png"
    result = runner.invoke(cli, ["persona", "export", "blacksmith", str(out), "--data-dir", data])
    assert result.exit_code == 0, result.output
    renamed = load_card(out).model_copy(update={"id": "bram", "name": "Bram the Second"})
    export_png(renamed, tmp_path / "bram.png")
    result = runner.invoke(cli, ["persona", "import", str(tmp_path / "bram.png"), "--data-dir", data])
    assert result.exit_code == 0, result.output
    listing = runner.invoke(cli, ["persona", "list", "--data-dir", data]).output
    assert "bram\tBram the Second" in listing and "museum-guide" in listing
