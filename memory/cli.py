"""``python app.py memory export|forget --user U``: what memory holds about a person.

``export`` prints one JSON object: the user's memories (every persona), asset-index entries,
and the manifest records of the artifact files made for them. ``forget`` deletes the
memories and asset-index entries (the files themselves stay in their session folders and are
listed by ``export``).
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


def _artifact_records(data_dir: Path, user: str) -> list[dict[str, Any]]:
    from agent.store import MANIFEST, ArtifactStore

    sessions = data_dir / "sessions"
    found: list[dict[str, Any]] = []
    if sessions.is_dir():
        for manifest in sorted(sessions.glob(f"*/{MANIFEST}")):
            store = ArtifactStore(data_dir=data_dir, session_id=manifest.parent.name, user_id=user)
            found.extend(r for r in store.records() if r.get("user_id") == user)
    return found


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
    from agent.store import check_id
    from memory.service import open_memory

    check_id(user_id, "user id")
    settings = _settings(data_dir)
    store = open_memory(settings)
    data = store.export(user_id)
    data["artifacts"] = _artifact_records(Path(settings.data_dir), user_id)
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
    """Delete every memory and asset-index entry of USER; prints the counts as JSON."""
    from agent.store import check_id
    from memory.service import open_memory

    check_id(user_id, "user id")
    if not yes and sys.stdin.isatty():
        click.confirm(f"Delete everything memory holds about {user_id!r}?", abort=True)
    counts = open_memory(_settings(data_dir)).forget(user_id)
    click.echo(json.dumps({"user": user_id, "deleted": counts}, ensure_ascii=False))
    if not any(counts.values()):
        click.echo(f"note: nothing was stored about user {user_id!r}", err=True)
