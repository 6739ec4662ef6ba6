"""Connecting to Ray: a local Ray started in this process (``cluster.address`` empty) or an
existing cluster (``ray start --head`` on one machine, ``ray start --address HEAD:6379`` on the
others). An unreachable address is an error within ``cluster.connect_timeout_s``, not a hang.
"""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path
from types import ModuleType
from typing import Any

from agent.config import ClusterSettings
from agent.errors import BackendError, ConfigError

INSTALL_HINT = "pip install 'atelier[ray]'"


def require_ray() -> ModuleType:
    """The ``ray`` module, or a ``ConfigError`` that names the extra to install."""
    try:
        import ray
    except ImportError:
        raise ConfigError(f"cluster.engine = 'ray' needs Ray, which is not installed here: {INSTALL_HINT} "
                          "(or set cluster.engine = 'local')") from None
    return ray


def _host_port(address: str) -> tuple[str, int] | None:
    """Host and port to probe for ``HOST:PORT`` and ``ray://HOST:PORT``; None for ``auto``."""
    bare = address.removeprefix("ray://")
    if bare in ("auto", "local"):
        return None
    host, sep, port = bare.rpartition(":")
    if not sep or not port.isdecimal() or not host:
        raise ConfigError(f"bad config value for 'cluster.address' ({address!r}); give HOST:PORT (the head's "
                          "GCS port, 6379 by default), ray://HOST:10001, auto, or leave it empty for a local Ray")
    return host.strip("[]"), int(port)


def _probe(address: str, timeout_s: float) -> None:
    target = _host_port(address)
    if target is None:
        return
    try:
        with socket.create_connection(target, timeout=timeout_s):
            pass
    except OSError as exc:
        raise BackendError(f"cannot reach the Ray cluster at {address} ({exc.strerror or exc}); start it with "
                           "`ray start --head` on the head machine or fix cluster.address", retryable=True) from None


def _token_mode() -> None:
    """A cluster started by ``ray start`` (or by a local ``ray.init``) asks for its auth token; a
    driver that joins it only sends one when RAY_AUTH_MODE=token. Use the token this machine has
    (Ray's own places) unless told otherwise."""
    if "RAY_AUTH_MODE" in os.environ:
        return
    if os.environ.get("RAY_AUTH_TOKEN") or os.environ.get("RAY_AUTH_TOKEN_PATH") or \
            (Path.home() / ".ray" / "auth_token").is_file():
        os.environ["RAY_AUTH_MODE"] = "token"


def connect(cluster: ClusterSettings) -> ModuleType:
    """Ray, initialised for ``cluster`` (a Ray already initialised in this process is used as is,
    e.g. inside a Serve replica or a test's fixture)."""
    if cluster.address:
        _token_mode()  # before Ray is imported: its auth mode is read once, at import
    ray = require_ray()
    if ray.is_initialized():
        return ray
    options: dict[str, Any] = {"namespace": cluster.namespace, "log_to_driver": False, "logging_level": "warning"}
    if not cluster.address:
        ray.init(num_cpus=cluster.num_cpus, include_dashboard=False, **options)
        return ray
    _probe(cluster.address, cluster.connect_timeout_s)
    outcome: dict[str, BaseException | None] = {}

    def init() -> None:
        try:
            ray.init(address=cluster.address, **options)
            outcome["error"] = None
        except BaseException as exc:  # handed to the caller below
            outcome["error"] = exc

    # ray.init retries a silent address for minutes; wait in a thread and give up in time
    thread = threading.Thread(target=init, name="ray-connect", daemon=True)
    thread.start()
    thread.join(cluster.connect_timeout_s)
    if "error" not in outcome:
        raise BackendError(f"the Ray cluster at {cluster.address} did not answer within {cluster.connect_timeout_s:g} s "
                           "(is it a Ray head's GCS port? `ray status` on the head prints the address)", retryable=True)
    error = outcome["error"]
    if error is not None:
        if type(error).__name__ == "AuthenticationError" or "token" in str(error).lower():
            raise ConfigError(f"the Ray cluster at {cluster.address} refused this machine's auth token: copy the "
                              "head's ~/.ray/auth_token here (or set RAY_AUTH_TOKEN) and RAY_AUTH_MODE=token") from None
        raise BackendError(f"cannot connect to the Ray cluster at {cluster.address}: "
                           f"{str(error).strip().splitlines()[0][:300]}", retryable=True) from None
    return ray
