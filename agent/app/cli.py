"""Command line: ``python app.py plan|run|bench ...``. JSON shapes are documented in README.md.

Exit codes: 0 success, 1 a step failed at run time, 2 bad input (one line on stderr).
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

import click

from agent.errors import AtelierError, InputError

EXIT_OK, EXIT_STEP_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def _settings(profile: str | None, planner: str | None, data_dir: str | None,
              llm_base_url: str | None = None, llm_model: str | None = None, assignments: tuple[str, ...] = ()):
    from agent.config import load_settings

    llm = {key: value for key, value in (("base_url", llm_base_url), ("model", llm_model)) if value}
    if llm and planner is None:  # naming an LLM on the command line means: plan with it
        planner = "llm"
    return load_settings({"profile": profile, "planner": planner, "data_dir": data_dir, "llm": llm or None},
                         assignments=assignments)


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False))


def plan_json(plan) -> dict[str, Any]:
    """The stable ``plan`` shape: ``{"language", "steps": [{"id", "tool", "args", "depends_on"}]}``."""
    return plan.model_dump(mode="json", include={"language", "steps"})


_common = [
    click.option("--planner", type=click.Choice(["embedded", "llm"]), default=None, help="planner to use"),
    click.option("--profile", type=click.Choice(["embedded", "neural"]), default=None, help="backend profile"),
    click.option("--data-dir", type=click.Path(file_okay=False), default=None, help="where artifacts are stored"),
    click.option("--llm-base-url", default=None, help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1 "
                 "(implies --planner llm)"),
    click.option("--llm-model", default=None, help="model name at the endpoint, or a local transformers model "
                 "id/folder (implies --planner llm)"),
    click.option("--set", "assignments", multiple=True, metavar="SECTION.KEY=VALUE",
                 help="any setting, e.g. --set limits.max_plan_steps=16 (repeatable; above atelier.toml and ATELIER_*)"),
]


def common_options(func):
    for option in reversed(_common):
        func = option(func)
    return func


@click.group(invoke_without_command=True)
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Atelier: a conversational multimodal studio for digital assets and NPCs."""
    if ctx.invoked_subcommand is None:  # `python app.py` alone opens the studio (ui/cli.py)
        from ui.cli import ui as _ui

        ctx.invoke(_ui)


@cli.command()
@click.argument("text", required=False)
@click.option("--json", "as_json", is_flag=True, help="print the plan as one JSON object")
@click.option("--jsonl", is_flag=True, help="read one request per stdin line, print one JSON plan per line")
@click.option("--session", "session_id", default="default", show_default=True,
              help="session id (earlier artifacts of it can be referred to)")
@click.option("--user", "user_id", default="anonymous", show_default=True, help="user id (whose memory is used)")
@common_options
def plan(text: str | None, as_json: bool, jsonl: bool, planner: str | None, profile: str | None,
         data_dir: str | None, session_id: str = "default", user_id: str = "anonymous",
         llm_base_url: str | None = None, llm_model: str | None = None, assignments: tuple[str, ...] = ()) -> None:
    """Plan TEXT into typed tool steps without running them."""
    from agent.app.build import build_orchestrator
    from agent.planner.base import plan_turn
    from agent.types import Request

    if jsonl == (text is not None):
        raise InputError("give either TEXT or --jsonl (requests on stdin), not both or neither")
    orchestrator = build_orchestrator(_settings(profile, planner, data_dir, llm_base_url, llm_model, assignments))

    async def plan_one(line: str) -> dict[str, Any]:
        request = Request.parse(text=line, session_id=session_id, user_id=user_id)
        store = orchestrator.store_for(request)
        planned = await plan_turn(orchestrator.planner, request, orchestrator.plan_context(request, store))
        result = plan_json(planned.plan)
        warnings = ([orchestrator.planner_note] if orchestrator.planner_note else []) + list(planned.warnings)
        for warning in warnings:
            click.echo(f"warning: {warning}", err=True)
        if warnings:  # optional key, only when non-empty (README "JSON shapes")
            result["warnings"] = warnings
        return result

    if not jsonl:
        result = asyncio.run(plan_one(text or ""))
        if as_json:
            _print_json(result)
        else:
            _print_plan_text(result)
        return
    failures = 0
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            _print_json(asyncio.run(plan_one(line.rstrip("\n"))))
        except AtelierError as exc:
            failures += 1
            _print_json({"line": number, "error": {"type": exc.type, "message": exc.message}})
        sys.stdout.flush()
    if failures:
        sys.exit(EXIT_BAD_INPUT)


def _print_plan_text(result: dict[str, Any]) -> None:
    if not result["steps"]:
        click.echo("(no tool steps: just talk)")
    for step in result["steps"]:
        after = f"  after {', '.join(step['depends_on'])}" if step["depends_on"] else ""
        click.echo(f"{step['id']}: {step['tool']} {json.dumps(step['args'], ensure_ascii=False)}{after}")


@cli.command()
@click.argument("text", required=False)
@click.option("--json", "as_json", is_flag=True, help="print one JSON object with reply, plan, artifacts, events")
@click.option("--session", "session_id", default="default", show_default=True, help="session id")
@click.option("--user", "user_id", default="anonymous", show_default=True, help="user id")
@click.option("--persona", "persona_id", default=None, help="persona who answers (e.g. blacksmith, museum-guide)")
@click.option("--plan", "plan_path", type=click.Path(dir_okay=False, allow_dash=True), default=None,
              help="run this plan JSON file ('-' for stdin) instead of planning TEXT")
@click.option("--attach", "attach", multiple=True, metavar="FILE",
              help="a file for the request (image, audio, video, BVH motion); repeatable. TEXT may name it "
                   "(\"transcribe example.wav\")")
@common_options
def run(text: str | None, as_json: bool, session_id: str, user_id: str, plan_path: str | None,
        planner: str | None, profile: str | None, data_dir: str | None, persona_id: str | None = None,
        llm_base_url: str | None = None, llm_model: str | None = None, assignments: tuple[str, ...] = (),
        attach: tuple[str, ...] = ()) -> None:
    """Plan TEXT and execute it, writing artifacts to the session directory."""
    from agent.app.build import build_orchestrator
    from agent.types import Request
    from agent.planner.validate import parse_plan

    given_plan = None
    if plan_path is not None:
        try:
            raw = sys.stdin.read() if plan_path == "-" else Path(plan_path).read_text(encoding="utf-8")
            given_plan = parse_plan(json.loads(raw))
        except json.JSONDecodeError as exc:
            raise InputError(f"the plan file is not JSON ({exc.msg} at line {exc.lineno}); fix the file") from None
        except UnicodeDecodeError:
            raise InputError("the plan file is not UTF-8 text; give a JSON plan file") from None
        text = text or "(plan given)"
    elif text is None:
        raise InputError("give the request TEXT, or --plan FILE")
    request = Request.parse(text=text, session_id=session_id, user_id=user_id, persona=persona_id)
    settings = _settings(profile, planner, data_dir, llm_base_url, llm_model, assignments)
    formats = _check_attachments(attach, settings)  # bad files stop here, before anything loads
    orchestrator = build_orchestrator(settings)
    if attach:
        store = orchestrator.store_for(request)
        ids = [store.add(Path(path), kind=fmt.kind, mime=fmt.mime,
                         meta={"upload": True, "filename": Path(path).name, "user": user_id, "source": "cli"}).id
               for path, fmt in zip(attach, formats)]
        request = request.model_copy(update={"attachments": ids})

    async def drive() -> dict[str, Any]:
        events, artifacts, reply, the_plan, status = [], [], "", None, "ok"
        streamed = False
        async for event in orchestrator.turn(request, plan=given_plan):
            events.append(event.model_dump(mode="json", exclude_none=True))
            if event.kind == "plan":
                the_plan = plan_json(event.plan)
            elif event.kind == "artifact":
                artifacts.append(event.artifact)
            elif event.kind == "message":
                reply = event.message or ""
            elif event.kind == "message_delta" and not as_json:  # the reply as it streams
                click.echo(event.message or "", nl=False)
                sys.stdout.flush()
                streamed = True
            elif event.kind == "turn_done":
                status = event.data.get("status", "ok")
            if not as_json:
                _render_progress(event)
        return {"reply": reply, "plan": the_plan, "artifacts": artifacts, "events": events, "status": status,
                "streamed": streamed}

    result = asyncio.run(drive())
    status = result.pop("status")
    streamed = result.pop("streamed")
    if as_json:
        _print_json(result)
    else:
        click.echo("" if streamed else result["reply"])
        for artifact in result["artifacts"]:
            click.echo(f"{artifact['kind']}: {artifact['path']}")
    if status != "ok":
        sys.exit(EXIT_STEP_FAILED)


def _check_attachments(paths: tuple[str, ...], settings) -> list:
    """The upload format of each ``--attach`` file (agent/uploads.py: the studio's and API's policy);
    a missing, empty, unknown, mislabelled or oversize file is an ``InputError`` naming it (exit 2)."""
    from agent.uploads import check_file

    return [check_file(path, settings.limits) for path in paths]


def _render_progress(event) -> None:
    """Human progress on stderr so stdout stays clean."""
    label = f"[{event.at:6.2f}s]"
    if event.kind == "plan":
        tools = " -> ".join(step.tool for step in event.plan.steps) or "no tools"
        click.echo(f"{label} plan: {tools}", err=True)
    elif event.kind == "step_started":
        click.echo(f"{label} {event.step_id} {event.tool}: started", err=True)
    elif event.kind == "progress":
        click.echo(f"{label} {event.step_id} {event.tool}: {event.progress:.0%} {event.message or ''}", err=True)
    elif event.kind == "step_done":
        click.echo(f"{label} {event.step_id} {event.tool}: done in {event.duration_s:.2f}s", err=True)
    elif event.kind in ("warning", "error"):
        text = event.message or (event.error.message if event.error else "")
        click.echo(f"{label} {event.kind}: {text}", err=True)


# Each benchmark is a module of bench/ with a ``main(argv)`` that prints its table.
BENCHMARKS = ("planner", "orchestrator", "llm", "mesh", "motion", "motion_text", "visual", "fidelity", "speech",
              "memory", "safety", "ui", "api", "api_security", "level", "encoder", "scene", "references", "replies",
              "cluster")


@cli.command()
@click.option("--only", type=click.Choice(BENCHMARKS), multiple=True, help="run only these benchmarks (repeatable)")
def bench(only: tuple[str, ...]) -> None:
    """Run the benchmarks (all by default) and print their tables."""
    import importlib

    for name in only or BENCHMARKS:
        click.echo(f"\n=== bench.{name} ===")
        importlib.import_module(f"bench.{name}").main([])


def main(argv: list[str] | None = None) -> None:
    """Entry point with the exit-code contract: user errors print one line and exit 2."""
    try:
        cli.main(args=argv, prog_name="app.py", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("error: aborted", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except click.ClickException as exc:
        click.echo(f"error: {exc.format_message()} (see --help)", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except AtelierError as exc:
        click.echo(f"error: {exc.message}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except OSError as exc:
        click.echo(f"error: {exc.strerror or exc}: {getattr(exc, 'filename', '') or ''}".rstrip(": "), err=True)
        sys.exit(EXIT_BAD_INPUT)


from memory.cli import memory as _memory_group  # noqa: E402 - the `memory export|forget` commands

cli.add_command(_memory_group)

from persona.cli import moderate as _moderate_command, persona as _persona_group  # noqa: E402 - moderation, cards

cli.add_command(_moderate_command)
cli.add_command(_persona_group)

from ui.api.cli import keys as _keys_group, serve as _serve_command  # noqa: E402 - the XR network API

cli.add_command(_serve_command)
cli.add_command(_keys_group)

from agent.app.voice_cli import say as _say_command, transcribe as _transcribe_command  # noqa: E402 - voice tools

cli.add_command(_transcribe_command)
cli.add_command(_say_command)

from agent.cluster.cli import cluster as _cluster_group  # noqa: E402 - the Ray engine's status

cli.add_command(_cluster_group)

from ui.cli import ui as _ui_command  # noqa: E402 - the Gradio studio (`python app.py` with no arguments)

cli.add_command(_ui_command)
