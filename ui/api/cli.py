"""``python app.py serve [--host] [--port]`` and ``python app.py keys create|list|revoke``."""

from __future__ import annotations

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="interface to listen on")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port")
@click.option("--profile", type=click.Choice(["embedded", "neural"]), default=None, help="backend profile")
@click.option("--planner", type=click.Choice(["embedded", "llm"]), default=None, help="planner to use")
@click.option("--set", "assignments", multiple=True, metavar="SECTION.KEY=VALUE",
              help="any setting, e.g. --set api.burst=10 (repeatable)")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None, help="where artifacts and keys live")
@click.option("--engine", type=click.Choice(["local", "ray"]), default=None,
              help="ray: Ray Serve replicas over shared state, tools on Ray workers (sets cluster.engine)")
@click.option("--replicas", type=click.IntRange(1, 1024), default=1, show_default=True,
              help="API replicas (with --engine ray)")
def serve(host: str, port: int, profile: str | None, planner: str | None, assignments: tuple[str, ...],
          data_dir: str | None, engine: str | None = None, replicas: int = 1) -> None:
    """Run the XR network API (REST + WebSocket + /v1/chat/completions + the /xr page)."""
    from agent.config import load_settings
    from agent.errors import InputError
    from ui.api.keys import KeyStore

    settings = load_settings({"profile": profile, "planner": planner, "data_dir": data_dir,
                              "cluster": {"engine": engine} if engine else None}, assignments=assignments)
    if not KeyStore.for_data_dir(settings.data_dir).list():
        click.echo("no API keys yet: create one with `python app.py keys create`", err=True)
    if settings.cluster.engine == "ray":  # ui/api/serve_ray.py: Serve replicas, shared state, tool workers
        from ui.api.serve_ray import serve_forever

        click.echo(f"Atelier API on http://{host}:{port} with {replicas} Ray Serve replica(s)  (docs /docs, "
                   "WebXR page /xr; `python app.py cluster status`)", err=True)
        serve_forever(settings, replicas=replicas, host=host, port=port)
        return
    if replicas > 1:
        raise InputError("--replicas needs --engine ray (one process serves the local engine)")
    import uvicorn

    from agent.app.build import build_orchestrator, check_memory_available
    from ui.api.app import create_app

    check_memory_available(settings)  # a data dir whose memory another process writes: exit 2, naming it
    app = create_app(settings=settings, orchestrator=build_orchestrator(settings))
    click.echo(f"Atelier API on http://{host}:{port}  (docs /docs, WebXR page /xr)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info", ws_max_size=1 << 20)


@click.group()
def keys() -> None:
    """API keys of the network API (stored hashed under <data_dir>/keys) and studio passwords."""


def _store(data_dir: str | None):
    from agent.config import load_settings
    from ui.api.keys import KeyStore

    return KeyStore.for_data_dir(load_settings({"data_dir": data_dir}).data_dir)


@keys.command("create")
@click.option("--name", default="", help="a label, e.g. the app or person using the key")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None)
def keys_create(name: str, data_dir: str | None) -> None:
    """Print a new API key (shown once; only its hash is stored)."""
    key, record = _store(data_dir).create(name=name)
    click.echo(key)
    click.echo(f"key id {record.key_id} stored hashed; this is the only time the key is shown", err=True)


@keys.command("list")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None)
def keys_list(data_dir: str | None) -> None:
    """List key ids and labels (never the keys)."""
    for record in _store(data_dir).list():
        click.echo(f"{record.key_id}\t{record.name}")


@keys.command("revoke")
@click.argument("key_id")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None)
def keys_revoke(key_id: str, data_dir: str | None) -> None:
    """Delete a key by its id (``k`` + 8 hex digits)."""
    from agent.errors import InputError

    if not _store(data_dir).revoke(key_id):
        raise InputError(f"no key {key_id!r}; see `python app.py keys list`")
    click.echo(f"revoked {key_id}")


@keys.command("password")
@click.argument("name")
@click.password_option("--password", prompt="Studio password", confirmation_prompt=True,
                       help="asked for when not given (never echoed)")
def keys_password(name: str, password: str) -> None:
    """Print a studio sign-in for NAME (a scrypt hash) to put under [ui.users] in atelier.toml."""
    from agent.errors import InputError
    from agent.store import check_id
    from ui.api.keys import hash_password

    check_id(name, "user name")
    if len(password) < 8:
        raise InputError("the password is shorter than 8 characters; choose a longer one")
    click.echo("[ui.users]")
    click.echo(f'{name} = "{hash_password(password)}"')
    click.echo(f"paste these lines into atelier.toml; {name} then signs in to the studio with that password",
               err=True)
