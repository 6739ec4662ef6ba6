"""``app.py transcribe FILE [--json]`` and ``app.py say TEXT [--voice V] -o out.wav``: the voice
tools for scripts, run through the tool registry as one-step plans (same backends, settings
and checks as a turn; the files land in the artifact store and are copied where asked)."""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
from pathlib import Path

import click

from agent.errors import InputError


def _one_step(settings, tool: str, args: dict, *, upload: Path | None = None) -> tuple[dict, list]:
    from agent.executor import Executor
    from agent.registry import ToolRegistry
    from agent.store import ArtifactStore
    from agent.types import Plan

    store = ArtifactStore(data_dir=settings.data_dir, session_id="cli", user_id="cli")
    if upload is not None:
        if not upload.is_file():
            raise InputError(f"{upload} does not exist; give the path of a recording (WAV, MP3, OGG, WebM, FLAC)")
        from agent.uploads import size_message, too_large

        if too_large("audio", upload.stat().st_size, settings.limits):
            raise InputError(size_message("audio", settings.limits))
        recording = store.add(upload, kind="audio", meta={"upload": True, "name": upload.name})
        args = {**args, "audio": {"$artifact": recording.id}}
    executor = Executor(registry=ToolRegistry.from_entry_points(settings=settings), settings=settings)
    plan = executor.check(Plan(steps=[{"id": "s1", "tool": tool, "args": args}]), store)

    async def drive():
        run = executor.start(plan, store=store, turn_id="cli")
        warnings = [e.message async for e in run.events() if e.kind == "warning"]
        return run.outcomes["s1"], warnings

    outcome, warnings = asyncio.run(drive())
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    if outcome.status != "ok":
        click.echo(f"error: {outcome.error.message if outcome.error else outcome.status}", err=True)
        sys.exit(1)
    return outcome, warnings


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--language", default=None, help='force a language ("en", "ko"); detected when absent')
@click.option("--json", "as_json", is_flag=True, help="print {text, language, confidence, backend, model, ...}")
@click.option("--set", "assignments", multiple=True, metavar="SECTION.KEY=VALUE",
              help="any setting, e.g. --set voice.recognizer=whisper-tiny.en")
def transcribe(file: Path, language: str | None, as_json: bool, assignments: tuple[str, ...]) -> None:
    """Print the words spoken in FILE (any format ffmpeg reads; resampled, silence trimmed)."""
    from agent.config import load_settings

    settings = load_settings(assignments=assignments)
    outcome, _ = _one_step(settings, "transcribe", {"language": language} if language else {}, upload=file)
    meta = outcome.artifacts[0].meta
    if as_json:
        click.echo(json.dumps({key: meta.get(key) for key in (
            "text", "language", "confidence", "backend", "model", "audio_duration_s", "speech_start_s",
            "speech_end_s", "real_time_factor", "segments")}, ensure_ascii=False))
    else:
        click.echo(meta["text"])


@click.command()
@click.argument("text")
@click.option("--voice", default=None, help='a style ("deep", "child"), an eSpeak voice ("en-us", "ko") or variant '
              '("f2"); default: the packaged voice for the language')
@click.option("--language", default=None, help='"en", "ko", ...; detected when absent')
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="the WAV to write; its viseme track goes beside it as .visemes.json")
@click.option("--set", "assignments", multiple=True, metavar="SECTION.KEY=VALUE",
              help="any setting, e.g. --set voice.english_voice=espeak")
def say(text: str, voice: str | None, language: str | None, output: Path, assignments: tuple[str, ...]) -> None:
    """Speak TEXT into a WAV file (and its visemes into a JSON beside it)."""
    from agent.config import load_settings

    settings = load_settings(assignments=assignments)
    args = {"text": text, **({"voice": voice} if voice else {}), **({"language": language} if language else {})}
    outcome, _ = _one_step(settings, "speech", args)
    output.parent.mkdir(parents=True, exist_ok=True)
    audio = next(a for a in outcome.artifacts if a.kind == "audio")
    shutil.copyfile(audio.path, output)
    track = next((a for a in outcome.artifacts if a.kind == "visemes"), None)
    if track is not None:
        shutil.copyfile(track.path, output.with_suffix(".visemes.json"))
    click.echo(f"{output} ({audio.meta['duration_s']:.1f} s, {audio.meta['voice']}, {audio.meta['language']})")
