"""``python app.py ui [--host H] [--port P]``: open the studio (also what ``python app.py`` does)."""

from __future__ import annotations

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="interface to listen on (0.0.0.0 exposes the studio to your network; it then asks for a "
                   "sign-in: [ui] login, README 'Security')")
@click.option("--port", default=7860, show_default=True, type=click.IntRange(1, 65535), help="port to listen on")
@click.option("--lang", "language", type=click.Choice(["en", "ko"]), default="en", show_default=True,
              help="interface language (switchable in Settings)")
@click.option("--profile", type=click.Choice(["embedded", "neural"]), default=None, help="backend profile")
@click.option("--planner", type=click.Choice(["embedded", "llm"]), default=None, help="planner to use")
@click.option("--set", "assignments", multiple=True, metavar="SECTION.KEY=VALUE",
              help="any setting, e.g. --set api.burst=10 (repeatable)")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None, help="where artifacts are stored")
def ui(host: str, port: int, language: str, profile: str | None, planner: str | None, assignments: tuple[str, ...],
       data_dir: str | None) -> None:
    """Open the studio: chat, voice, personas, memory and live progress in the browser."""
    from agent.config import load_settings
    from ui.backend import StudioBackend
    from ui.studio import serve

    settings = load_settings({"profile": profile, "planner": planner, "data_dir": data_dir}, assignments=assignments)
    serve(StudioBackend(settings=settings), host=host, port=port, language=language)
