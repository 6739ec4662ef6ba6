"""``python app.py cluster status|release``: what runs where on the Ray cluster."""

from __future__ import annotations

import json
from typing import Any

import click

_set = click.option("--set", "assignments", multiple=True, metavar="SECTION.KEY=VALUE",
                    help="any setting, e.g. --set cluster.address=HEAD:6379 (repeatable)")


def _settings(assignments: tuple[str, ...]):
    from agent.config import load_settings

    settings = load_settings(assignments=assignments)
    if not settings.cluster.address:  # nothing to look at in a fresh local Ray: find the one running here
        settings = settings.model_copy(update={"cluster": settings.cluster.model_copy(update={"address": "auto"})})
    return settings


def _connect(settings) -> Any:
    from agent.cluster.connect import connect
    from agent.errors import BackendError

    try:
        return connect(settings.cluster)
    except ConnectionError as exc:  # address "auto" with no cluster here
        raise BackendError(f"no Ray cluster is running here ({str(exc).splitlines()[0][:200]}); start one with "
                           "`python app.py serve --engine ray` or `ray start --head`, or set cluster.address",
                           retryable=True) from None


@click.group()
def cluster() -> None:
    """The Ray engine: nodes, tool workers, queues and GPUs (see README "Running on a cluster")."""


@cluster.command("status")
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
@_set
def status(as_json: bool, assignments: tuple[str, ...]) -> None:
    """Print the nodes, the workers of each tool (busy, queued, done, GPUs) and the API's actors."""
    from agent.cluster.workers import cluster_status

    settings = _settings(assignments)
    report = cluster_status(settings, ray=_connect(settings))
    report["serve"] = _serve_status()
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False))
        return
    click.echo(f"Ray cluster {report['address']} (namespace {report['namespace']}): {len(report['nodes'])} node(s); "
               f"CPUs {report['cpus']['used']:g}/{report['cpus']['total']:g} held, "
               f"GPUs {report['gpus']['used']:g}/{report['gpus']['total']:g} held")
    for node in report["nodes"]:
        click.echo(f"  node {node['node_id'][:8]}  {node['address']}  {'alive' if node['alive'] else 'DEAD'}  "
                   f"{node['cpus']:g} CPU  {node['gpus']:g} GPU")
    if not report["tools"]:
        click.echo("no tool workers yet (a tool's pool starts with its first call)")
    else:
        click.echo(f"{'tool':<12}{'workers':>8}{'busy':>6}{'queued':>8}{'done':>7}{'failed':>8}  GPUs")
        for tool, pool in report["tools"].items():
            workers = pool["workers"]
            gpus = ",".join(g for w in workers for g in w.get("gpu_ids", [])) or "-"
            click.echo(f"{tool:<12}{len(workers):>8}{pool['busy']:>6}{pool['queued']:>8}"
                       f"{sum(w.get('done', 0) for w in workers):>7}{sum(w.get('failed', 0) for w in workers):>8}  {gpus}")
    for app_name, deployments in report["serve"].items():
        for name, replicas in deployments.items():
            click.echo(f"serve {app_name}/{name}: " + ", ".join(f"{n} {state}" for state, n in replicas.items()))
    if report["actors"]:
        click.echo("actors: " + ", ".join(report["actors"]))


def _serve_status() -> dict[str, dict[str, dict[str, int]]]:
    """Serve applications -> deployments -> replica states (empty when Serve is not running)."""
    try:
        from ray import serve

        applications = serve.status().applications
    except Exception:  # Serve not started on this cluster, or not installed
        return {}
    return {name: {dep: dict(info.replica_states) for dep, info in app.deployments.items()}
            for name, app in applications.items()}


@cluster.command("release")
@_set
def release(assignments: tuple[str, ...]) -> None:
    """End the tool workers (to apply changed [cluster.tools] settings or give GPUs back); the next
    call of a tool starts its pool again."""
    from agent.cluster.workers import release_workers

    settings = _settings(assignments)
    ended = release_workers(settings, ray=_connect(settings))
    click.echo(f"ended {len(ended)} worker(s)" + (f": {', '.join(ended)}" if ended else ""))
