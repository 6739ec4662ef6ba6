"""``python app.py memory export|forget --user U``: what memory holds about a person;
``python app.py memory repair``: re-embed collections another encoder made.

``export`` prints one JSON object: the user's memories (every persona), asset-index entries,
and the manifest records of the artifact files made for them. ``forget`` deletes all of it:
memories, asset-index entries, and the user's artifact files with their manifest lines.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click


def _settings(data_dir: str | None):
    from agent.config import load_settings

    return load_settings({"data_dir": data_dir})


@click.group()
def memory() -> None:
    """Inspect, export or delete what memory stores about a user."""


@memory.command()
@click.option("--user", "user_id", required=True, help="the user id whose memory to export")
@click.option("--out", type=click.Path(dir_okay=False, allow_dash=True), default="-", show_default=True,
              help="write the JSON here ('-' for stdout)")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None, help="where artifacts and memory live")
def export(user_id: str, out: str, data_dir: str | None) -> None:
    """Print everything stored about USER as one JSON object."""
    from agent.store import check_id, user_records
    from memory.service import open_memory

    check_id(user_id, "user id")
    settings = _settings(data_dir)
    store = open_memory(settings)
    data = store.export(user_id)
    data["artifacts"] = user_records(Path(settings.data_dir), user_id)
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    if out == "-":
        click.echo(text)
    else:
        Path(out).write_text(text + "\n", encoding="utf-8")
    if not (data["memories"] or data["assets"] or data["artifacts"]):
        click.echo(f"note: nothing is stored about user {user_id!r}", err=True)


@memory.command()
@click.option("--user", "user_id", required=True, help="the user id whose memory to delete")
@click.option("--yes", is_flag=True, help="do not ask for confirmation")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None, help="where artifacts and memory live")
def forget(user_id: str, yes: bool, data_dir: str | None) -> None:
    """Delete every memory, asset-index entry and artifact file of USER; prints the counts as JSON."""
    from agent.store import check_id, forget_user
    from memory.service import open_memory

    check_id(user_id, "user id")
    if not yes and sys.stdin.isatty():
        click.confirm(f"Delete everything memory holds about {user_id!r}?", abort=True)
    settings = _settings(data_dir)
    counts = dict(open_memory(settings).forget(user_id))
    counts["artifact_files"] = forget_user(Path(settings.data_dir), user_id)
    click.echo(json.dumps({"user": user_id, "deleted": counts}, ensure_ascii=False))
    if not any(counts.values()):
        click.echo(f"note: nothing was stored about user {user_id!r}", err=True)


@memory.command()
@click.option("--data-dir", type=click.Path(file_okay=False), default=None, help="where artifacts and memory live")
def repair(data_dir: str | None) -> None:
    """Re-embed, from their stored texts, every collection whose vectors another encoder made
    (a store from an older version); prints the counts as JSON. Opening such a collection does
    the same on first use; this does it for all of them now."""
    from memory.service import open_memory

    store = open_memory(_settings(data_dir)).store
    done = {name: store.reembed(name) for name in store.foreign_collections()}
    click.echo(json.dumps({"store": store.location, "encoder": store.encoder.name, "reembedded": done},
                          ensure_ascii=False))
