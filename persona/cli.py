"""``python app.py moderate ...`` and ``python app.py persona ...``.

``moderate TEXT --json`` prints ``{"flagged", "action", "categories", "reason", "category",
"stage"[, "text", "support"]}``; ``moderate --jsonl`` reads one text per stdin line and prints
one such object per line (a bad line prints ``{"line": N, "error": {...}}``; exit code 2 at the
end), loading the models once and batching the embedding stage.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from agent.errors import AtelierError, InputError

BATCH = 64


def _settings(data_dir: str | None):
    from agent.config import load_settings

    return load_settings({"data_dir": data_dir})


def _emit(data: dict[str, Any]) -> None:
    click.echo(json.dumps(data, ensure_ascii=False))


@click.command()
@click.argument("text", required=False)
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
@click.option("--jsonl", is_flag=True, help="read one text per stdin line, print one JSON object per line")
@click.option("--persona", "persona_id", default=None, help="persona whose policy applies (e.g. blacksmith)")
@click.option("--stage", type=click.Choice(["input", "output", "generation"]), default="input", show_default=True,
              help="where the text comes from: user input, NPC output, or a generation prompt")
@click.option("--classifier", type=click.Choice(["embedded", "llamaguard", "openai"]), default=None,
              help="embedded (offline), Llama Guard via transformers, or an OpenAI-compatible endpoint "
                   "[default: setting safety.classifier, embedded]")
@click.option("--model", default=None, help="Llama Guard model id or path; moderation model name for --classifier openai")
@click.option("--endpoint", default=None, help="base URL of an OpenAI-compatible API (…/v1) for --classifier openai")
@click.option("--session", "session_id", default="cli", show_default=True, help="session id written to the audit log")
@click.option("--no-audit", is_flag=True, help="do not write the audit log")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None, help="where the audit log is written")
def moderate(text: str | None, as_json: bool, jsonl: bool, persona_id: str | None, stage: str, classifier: str | None,
             model: str | None, endpoint: str | None, session_id: str, no_audit: bool, data_dir: str | None) -> None:
    """Check TEXT (or stdin lines with --jsonl) against a persona's safety policy."""
    from persona.library import PersonaLibrary
    from persona.safety.guard import build_guard

    if jsonl == (text is not None):
        raise InputError("give either TEXT or --jsonl (texts on stdin), not both or neither")
    settings = _settings(data_dir)
    persona = PersonaLibrary.for_data_dir(settings.data_dir).get(persona_id) if persona_id else None
    configured = settings.safety
    if classifier is None:  # no --classifier: the [safety] settings, with --model/--endpoint over theirs
        classifier, model, endpoint = configured.classifier, model or configured.model, endpoint or configured.endpoint
    guard = build_guard(classifier=classifier, model=model, endpoint=endpoint,
                        data_dir=None if no_audit or not configured.audit else settings.data_dir)
    check = dict(stage=stage, persona=persona, session=session_id)
    if not jsonl:
        decision = guard.check(text or "", **check)
        for warning in decision.warnings:
            click.echo(f"warning: {warning}", err=True)
        if as_json:
            _emit(decision.public())
        else:
            top = f" ({decision.category} {decision.score:.2f})" if decision.category else ""
            click.echo(f"{decision.action}{top}: {decision.reason}")
            if decision.text:
                click.echo(decision.text)
        return
    failures = 0
    batch: list[tuple[int, str]] = []
    warnings: list[str] = []  # a batch's decisions share its warnings; said once each at the end

    def flush() -> None:
        nonlocal failures
        from persona.safety.guard import check_text

        errors: dict[int, dict[str, Any]] = {}
        good: list[tuple[int, str]] = []
        for number, line in batch:
            try:
                good.append((number, check_text(line)))
            except AtelierError as exc:
                errors[number] = {"line": number, "error": {"type": exc.type, "message": exc.message}}
        decisions = dict(zip([n for n, _ in good], guard.check_many([t for _, t in good], **check))) if good else {}
        warnings.extend(next(iter(decisions.values())).warnings if decisions else ())
        for number, _ in batch:
            if number in errors:
                failures += 1
                _emit(errors[number])
            else:
                _emit(decisions[number].public())
        sys.stdout.flush()
        batch.clear()

    # bytes, decoded here whatever the locale: undecodable bytes become lone surrogates, which the
    # guard judges as U+FFFD (a few) or refuses as binary (many); no line is dropped or fatal
    for number, raw in enumerate(sys.stdin.buffer, start=1):
        batch.append((number, raw.decode("utf-8", "surrogateescape").rstrip("\n").rstrip("\r")))
        if len(batch) >= BATCH:
            flush()
    flush()
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    if failures:
        sys.exit(2)


@click.group()
def persona() -> None:
    """List, show, import and export persona cards."""


@persona.command("list")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None)
def list_personas(data_dir: str | None) -> None:
    """Every persona id with its name and role."""
    from persona.library import PersonaLibrary

    for card in PersonaLibrary.for_data_dir(_settings(data_dir).data_dir).all():
        click.echo(f"{card.id}\t{card.name}\t{card.role}")


@persona.command("show")
@click.argument("persona_id")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None)
def show_persona(persona_id: str, data_dir: str | None) -> None:
    """Print a card as JSON."""
    from persona.library import PersonaLibrary

    _emit(PersonaLibrary.for_data_dir(_settings(data_dir).data_dir).get(persona_id).public())


@persona.command("export")
@click.argument("persona_id")
@click.argument("out", type=click.Path(dir_okay=False))
@click.option("--image", type=click.Path(exists=True, dir_okay=False), default=None,
              help="portrait PNG to embed the card in (PNG output only)")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None)
def export_persona(persona_id: str, out: str, image: str | None, data_dir: str | None) -> None:
    """Write a card as Character Card V2 (.png or .json) or as an Atelier card (.yaml)."""
    from persona.card_files import save_card
    from persona.charcard_v2 import export_json, export_png
    from persona.library import PersonaLibrary

    card = PersonaLibrary.for_data_dir(_settings(data_dir).data_dir).get(persona_id)
    suffix = Path(out).suffix.lower()
    if suffix == ".png":
        export_png(card, out, image=image)
    elif suffix == ".json":
        export_json(card, out)
    elif suffix in (".yaml", ".yml"):
        save_card(card, out)
    else:
        raise InputError(f"cannot export to {suffix or 'a file without suffix'}; use .png, .json or .yaml")
    click.echo(out)


@persona.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--data-dir", type=click.Path(file_okay=False), default=None)
def import_persona(path: str, data_dir: str | None) -> None:
    """Validate a card (YAML, JSON, Character Card V2 JSON or PNG) and add it to the data dir."""
    from persona.card_files import load_card, save_card

    card = load_card(path)
    target = _settings(data_dir).data_dir / "personas" / f"{card.id}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    save_card(card, target)
    click.echo(f"{card.id}\t{target}")
