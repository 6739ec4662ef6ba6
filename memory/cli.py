"""``python app.py memory export|forget --user U``: what memory holds about a person;
``python app.py memory repair [--user U]``: rebuild damaged indexes, re-embed foreign ones.

``export`` prints one JSON object: the user's memories (every persona), asset-index entries,
and the manifest records of the artifact files made for them. ``forget`` deletes all of it:
memories, asset-index entries, the user's artifact files with their manifest lines, and the
user's orphans (partial files of killed runs). Both work while a server runs: they ask it to
hand the store over (setting ``memory.lock_wait_s``). ``repair`` rebuilds damaged vector
indexes from the records in the database (README "Durability").
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
    store = open_memory(settings, wait=True)  # a running server hands the store over
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
    counts = dict(open_memory(settings, wait=True).forget(user_id))
    counts["artifact_files"] = forget_user(Path(settings.data_dir), user_id)
    click.echo(json.dumps({"user": user_id, "deleted": counts}, ensure_ascii=False))
    if not any(counts.values()):
        click.echo(f"note: nothing was stored about user {user_id!r}", err=True)


@memory.command()
@click.option("--user", "user_id", default=None, help="rebuild this user's indexes (damaged or not); "
              "default: check every collection and rebuild the damaged ones")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None, help="where artifacts and memory live")
def repair(user_id: str | None, data_dir: str | None) -> None:
    """Rebuild damaged vector indexes from the records in the database, then re-embed, from
    their stored texts, every collection whose vectors another encoder made (a store from an
    older version); prints what it did as JSON.

    The records of each rebuilt collection are first saved to <data_dir>/memory-repair/.
    """
    from agent.store import check_id
    from memory.service import open_memory
    from memory.store import KINDS, collection_name

    settings = _settings(data_dir)
    if settings.memory.chroma_url:
        raise click.UsageError("memory repair works on the local store; a Chroma server (memory.chroma_url) "
                               "keeps its own indexes")
    store = open_memory(settings, wait=True).store
    stored = {n for ns in store.user_names().values() for n in ns}
    if user_id is not None:
        check_id(user_id, "user id")
        names = [name for name in (collection_name(kind, user_id) for kind in KINDS) if name in stored]
        targets = names
    else:
        names = sorted(stored)
        targets = [name for name in names if store.check(name)]
    report: dict[str, Any] = {"store": store.location, "encoder": store.encoder.name, "repaired": {},
                              "healthy": len(names) - len(targets), "backups": [], "problems": {}}
    for name in targets:  # first: re-embedding reads the index, which must be whole
        done = store.repair(name)  # rebuilt with this store's encoder: no longer foreign
        report["repaired"][name] = done["records"]
        report["backups"].append(done["backup"])
        if done["problem"]:
            report["problems"][name] = done["problem"]
    report["reembedded"] = {name: store.reembed(name) for name in store.foreign_collections() if name in names}
    click.echo(json.dumps(report, ensure_ascii=False))
    if user_id is not None and not targets:
        click.echo(f"note: nothing is stored about user {user_id!r}", err=True)
