"""Where the API keeps what every request of a session needs: the sessions, the jobs' records,
each session's numbered event log (for ``?since=`` replays and live followers) and the rate
buckets. One interface, two implementations:

- ``ui/api/sessions.py: InProcessState``: dictionaries of this process (the default; one
  ``app.py serve`` process owns everything, as it always did);
- ``ui/api/state_ray.py: RaySessionState``: one shared state actor in the Ray cluster, so every
  replica of ``app.py serve --engine ray`` sees every session, job and event.

API keys are files under ``<data_dir>/keys`` (ui/api/keys.py); on a cluster the data dir is the
shared artifact root, so every replica reads the same keys and a revoked key is refused by all.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class EventLog(Protocol):
    """One session's events as a WebSocket follows them (``ui/api/ws.py``)."""

    seq: int  # the last number given out (read right after :meth:`subscribe`)

    def subscribe(self, *, since: int | None) -> tuple[Any, list[dict[str, Any]]]:
        """An ``asyncio.Queue`` of the events after this call (``None`` ends it) and the kept
        events numbered above ``since`` (none when ``since`` is None)."""

    def unsubscribe(self, queue: Any) -> None: ...


class Limiter(Protocol):
    def take(self, key: str, cost: float = 1.0) -> float:
        """Spend ``cost`` tokens of ``key``'s bucket: 0 when allowed, else seconds to wait."""

    def retry_after(self, wait_s: float) -> str: ...


@runtime_checkable
class SessionState(Protocol):
    """Sessions (``ApiSession``), jobs (``Job``) and event logs of the API, by id."""

    limiter: Limiter
    engine: str

    def save_session(self, session: Any) -> None: ...

    def session(self, session_id: str) -> Any | None:
        """The session with this id, or None (the caller checks its owner)."""

    def sessions_of(self, key_id: str) -> list[Any]: ...

    def add_job(self, job: Any) -> None:
        """A job that this process runs (its asyncio task lives here)."""

    def job(self, job_id: str) -> Any | None:
        """The job (this process's own, or the latest record of another process's), or None."""

    def jobs_here(self, session_id: str) -> list[Any]:
        """The session's jobs that this process runs or ran (what a barge-in can mute)."""

    def cancel_elsewhere(self, job: Any) -> None:
        """Ask the process that runs ``job`` to cancel it (a job of this process is cancelled
        by its task; see ``SessionManager.cancel``)."""

    def bus(self, session_id: str) -> EventLog: ...

    def publish(self, session_id: str, event: dict[str, Any], *, job: Any = None) -> dict[str, Any]:
        """Append ``event`` to the session's log (it gets its ``seq`` there) and wake followers;
        ``job``'s record follows the event."""

    async def drain(self) -> None:
        """Wait until every event and job record published so far is where every reader sees it
        (a job read as finished then has all its events in the log)."""

    def close(self) -> None: ...
