"""Tool calls on Ray: every tool has a pool of worker actors of its own.

A worker (:class:`ToolWorker`) is a named, detached Ray actor holding the resources declared
under ``[cluster.tools.<tool>]`` (``num_cpus``, ``num_gpus``, custom ``resources``). It creates
the tool once, so a GPU tool's model loads once per worker, not per call, and it runs one call
at a time; calls sent to a busy worker wait in its queue. Every API process (Serve replica) finds
the same workers by name, so they share the pools.

A call streams back what the tool reports: progress and warnings as they happen, then the
result (artifacts stored by the worker on the shared data dir, same ids and paths) or the
tool's own exception. Cancelling the step reaches the worker, which sets the call's cancel
flag; the tool stops at its next progress report. A worker that dies mid-call (killed, out of
memory, its node lost) is restarted by Ray; the files the call had started are removed and the
call is tried again (``cluster.retries``, one by default) with a visible warning, after which
the step fails with a retryable :class:`WorkerLost` and the turn goes on.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import secrets
import threading
import time
from pathlib import Path
from typing import Any, Mapping

from pydantic import BaseModel

from agent.cluster.connect import connect
from agent.config import Settings, ToolResources
from agent.errors import AtelierError, BackendError, Cancelled, ToolError
from agent.store import ArtifactStore
from agent.tool import Tool, ToolContext
from agent.types import ToolResult

WORKER_PREFIX = "atelier-tool-"
CALLS_DIR = ".calls"  # <session>/.calls/<call id>.paths: the files a running call was handed
CANCEL_GRACE_S = 30.0  # how long a cancelled call may take to stop before its worker counts as free
RESTART_WAIT_S = 120.0  # how long a retry waits for Ray to bring a lost worker back (a GPU model reloads)


class WorkerLost(BackendError):
    """The worker running a call stopped (killed, out of memory, node lost); trying again can help."""

    retryable = True

    def __init__(self, message: str, *, worker: Any = None) -> None:
        super().__init__(message)
        self.worker = worker  # the handle, to wait for its restart before trying again


def worker_name(tool: str, index: int) -> str:
    return f"{WORKER_PREFIX}{tool}-{index}"


# -- files of a call ---------------------------------------------------------------------------
class JournaledStore(ArtifactStore):
    """The session's store as a worker sees it: every path it hands out is journaled first, so
    the files of a call whose worker died can be found and removed by whoever retries it."""

    def __init__(self, *, call_id: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.journal = self.root / CALLS_DIR / f"{call_id}.paths"

    def new_path(self, suffix: str, *, stem: str = "asset") -> Path:
        path = super().new_path(suffix, stem=stem)
        # written through before the tool gets the path; no fsync: the journal must outlive the
        # worker's process (the page cache does), and a lost node's calls are retried elsewhere
        for _ in range(10):  # another call of the session may remove the empty folder meanwhile
            try:
                self.journal.parent.mkdir(parents=True, exist_ok=True)
                with self.journal.open("a", encoding="utf-8") as handle:
                    handle.write(f"{path}\n")
                return path
            except (FileNotFoundError, FileExistsError):
                continue
        raise FileNotFoundError(f"cannot write the call journal {self.journal}")


def discard_call(store: ArtifactStore, call_id: str) -> list[Path]:
    """Remove the files a call was handed (and their sidecars: same name, other suffix) that
    no manifest line records; then its journal. Returns what was removed."""
    journal = store.root / CALLS_DIR / f"{call_id}.paths"
    if not journal.is_file():
        return []
    recorded = {str(Path(record["path"]).resolve()) for record in store.records()}
    removed = []
    for line in journal.read_text(encoding="utf-8").splitlines():
        handed = Path(line.strip())
        if not line.strip() or store.root.resolve() not in handed.resolve().parents:
            continue
        # its sidecars, and what ArtifactStore.writing left under a temporary name (a killed worker)
        for path in {handed, *handed.parent.glob(f"{handed.stem}.*"), *handed.parent.glob(f".partial.*.{handed.name}")}:
            if path.is_file() and str(path.resolve()) not in recorded:
                path.unlink(missing_ok=True)
                removed.append(path)
    finish_call(store, call_id)
    return removed


def finish_call(store: ArtifactStore, call_id: str) -> None:
    """Forget a call's journal (its files are recorded, or were removed)."""
    (store.root / CALLS_DIR / f"{call_id}.paths").unlink(missing_ok=True)
    try:
        (store.root / CALLS_DIR).rmdir()
    except OSError:  # other calls still running, or already gone
        pass


def _portable(exc: BaseException) -> BaseException:
    """``exc`` if it survives pickling (it crosses to the caller's process), else a ToolError
    with its words."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return ToolError(f"{type(exc).__name__}: {exc}")


# -- the worker actor ----------------------------------------------------------------------------
class ToolWorker:
    """One worker of one tool's pool (wrapped by ``ray.remote`` when a pool is made)."""

    def __init__(self, tool_class: type[Tool], settings: Settings, index: int) -> None:
        self.tool = tool_class(settings=settings)  # its model loads on first use and stays
        self.settings = settings
        self.index = index
        self.flags: dict[str, threading.Event] = {}
        self.busy = 0
        self.waiting = 0
        self.done = 0
        self.failed = 0
        self.started_at = time.time()
        self._slot: asyncio.Semaphore | None = None

    async def run(self, call: dict[str, Any], args: BaseModel):
        """Stream ``("progress", fraction, message)``, ``("warning", message)``, then
        ``("result", ToolResult)`` or ``("error", exception, retryable)``."""
        if self._slot is None:
            self._slot = asyncio.Semaphore(1)
        flag = self.flags.setdefault(call["call_id"], threading.Event())
        loop = asyncio.get_running_loop()
        reports: asyncio.Queue[tuple[Any, ...]] = asyncio.Queue()
        store = JournaledStore(call_id=call["call_id"], data_dir=Path(call["data_dir"]),
                               session_id=call["session_id"], user_id=call["user_id"])
        ctx = ToolContext(
            step_id=call["step_id"], session_id=call["session_id"], user_id=call["user_id"], store=store,
            settings=self.settings, persona=call.get("persona"), cancel_flag=flag,
            on_progress=lambda f, m: loop.call_soon_threadsafe(reports.put_nowait, ("progress", f, m)),
            on_warning=lambda m: loop.call_soon_threadsafe(reports.put_nowait, ("warning", m)))
        try:
            self.waiting += 1
            try:
                await self._slot.acquire()
            finally:
                self.waiting -= 1
            self.busy = 1
            try:
                async for item in self._call(args, ctx, reports, store, call["call_id"]):
                    if item[0] in ("result", "error"):
                        # the call is over once its outcome leaves: a caller that stops reading there
                        # closes this generator later, and status() said busy until it did
                        self.busy = 0
                    yield item
            finally:
                self.busy = 0
                self._slot.release()
        finally:
            self.flags.pop(call["call_id"], None)

    async def _call(self, args: BaseModel, ctx: ToolContext, reports: asyncio.Queue, store: JournaledStore,
                    call_id: str):
        if ctx.cancelled:
            yield ("error", Cancelled(f"step {ctx.step_id} was cancelled"), False)
            return
        task = asyncio.ensure_future(self.tool.run(args, ctx))
        while not task.done() or not reports.empty():
            if reports.empty():
                getter = asyncio.ensure_future(reports.get())
                await asyncio.wait({task, getter}, return_when=asyncio.FIRST_COMPLETED)
                if not getter.done():
                    getter.cancel()
                    continue
                yield getter.result()
            else:
                yield reports.get_nowait()
        try:
            result = task.result()
        except Exception as exc:
            self.failed += 1
            discard_call(store, call_id)  # whatever the tool left half-written
            retryable = exc.retryable if isinstance(exc, AtelierError) else False
            yield ("error", _portable(exc), retryable)
            return
        finish_call(store, call_id)
        self.done += 1
        yield ("result", result)

    async def cancel(self, call_id: str) -> bool:
        """Set a call's cancel flag (queued or running); False when the worker does not hold it."""
        flag = self.flags.get(call_id)
        if flag is None:
            return False
        flag.set()
        return True

    async def status(self) -> dict[str, Any]:
        import ray

        context = ray.get_runtime_context()
        return {"tool": self.tool.name, "index": self.index, "busy": self.busy, "waiting": self.waiting,
                "done": self.done, "failed": self.failed, "pid": os.getpid(), "node_id": context.get_node_id(),
                "gpu_ids": [str(g) for g in ray.get_gpu_ids()], "up_s": round(time.time() - self.started_at, 1)}


# -- the runner --------------------------------------------------------------------------------
class _Pool:
    """The caller's view of one tool's workers: handles and the calls it has in flight on each."""

    def __init__(self, tool: str, handles: list[Any], resources: ToolResources) -> None:
        self.tool = tool
        self.handles = handles
        self.resources = resources
        self.inflight = [0] * len(handles)

    def pick(self) -> int:
        """The least busy worker; a ``BackendError`` (retryable) when the call would wait behind
        ``max_queued`` others."""
        index = min(range(len(self.handles)), key=lambda i: self.inflight[i])
        if self.inflight[index]:
            waiting = sum(max(0, n - 1) for n in self.inflight)
            if waiting + 1 > self.resources.max_queued:
                raise BackendError(f"the {self.tool} workers are busy ({waiting} calls waiting for "
                                   f"{len(self.handles)} workers); try again shortly, or raise "
                                   f"cluster.tools.{self.tool}.workers or .max_queued", retryable=True)
        self.inflight[index] += 1
        return index

    def release(self, index: int) -> None:
        self.inflight[index] = max(0, self.inflight[index] - 1)


class RayToolRunner:
    """Runs tool calls on Ray worker pools (one per tool, made on the tool's first call)."""

    engine = "ray"

    def __init__(self, *, settings: Settings, resources: Mapping[str, ToolResources] | None = None) -> None:
        self.settings = settings
        self._ray = connect(settings.cluster)
        self._resources = dict(resources or {})
        self._pools: dict[str, _Pool] = {}
        self._lock = threading.Lock()
        self._background: set[asyncio.Future[Any]] = set()

    def resources_for(self, tool: str) -> ToolResources:
        return self._resources.get(tool) or self.settings.cluster.resources_for(tool)

    def pool(self, tool_class: type[Tool]) -> _Pool:
        """The tool's pool, its workers found by name or created (detached: they serve every
        API process of the cluster and outlive this one; ``app.py cluster release`` ends them)."""
        name = tool_class.name
        with self._lock:
            if name in self._pools:
                return self._pools[name]
            declared = self.resources_for(name)
            self._check_fits(name, declared)
            actor = self._ray.remote(ToolWorker)
            handles = [actor.options(
                name=worker_name(name, index), namespace=self.settings.cluster.namespace, get_if_exists=True,
                lifetime="detached", num_cpus=declared.num_cpus, num_gpus=declared.num_gpus,
                resources=dict(declared.resources) or None, max_restarts=-1, max_concurrency=1000,
            ).remote(tool_class, self.settings, index) for index in range(declared.workers)]
            self._pools[name] = _Pool(name, handles, declared)
            return self._pools[name]

    def _check_fits(self, tool: str, declared: ToolResources) -> None:
        """A worker no node could ever hold would wait forever: say so instead (a worker waiting
        for resources that other workers hold now is fine; it starts when they are freed)."""
        need = {"CPU": declared.num_cpus, "GPU": declared.num_gpus, **declared.resources}
        need = {key: amount for key, amount in need.items() if amount > 0}
        nodes = [node.get("Resources", {}) for node in self._ray.nodes() if node.get("Alive")]
        if any(all(node.get(key, 0.0) >= amount for key, amount in need.items()) for node in nodes):
            return
        wanted = ", ".join(f"{amount:g} {key}" for key, amount in need.items())
        largest = "; ".join(", ".join(f"{node.get(key, 0.0):g} {key}" for key in need) for node in nodes) or "none"
        raise BackendError(f"no node of the Ray cluster can hold a {tool} worker ({wanted}; the nodes have: {largest}): "
                           f"lower cluster.tools.{tool}.num_cpus/num_gpus/resources or add such a node",
                           retryable=False)

    async def run(self, tool: Tool, args: BaseModel, ctx: ToolContext) -> ToolResult:
        attempts = self.settings.cluster.retries + 1
        for attempt in range(1, attempts + 1):
            pool = self.pool(type(tool))
            try:
                return await self._attempt(pool, args, ctx)
            except WorkerLost as lost:
                if attempt == attempts:
                    raise WorkerLost(f"{lost.message}; tried {attempts} time{'s' if attempts > 1 else ''} "
                                     f"(setting cluster.retries)") from None
                ctx.warn(f"{lost.message}; trying again ({attempt} of {attempts - 1})")
                await self._restarted(lost.worker, pool.tool)
        raise AssertionError("unreachable")

    async def _restarted(self, handle: Any, tool: str) -> None:
        """Wait until Ray has restarted a lost worker (it re-creates the tool, so its model loads again)."""
        from ray.exceptions import ActorUnavailableError, RayActorError

        deadline = time.monotonic() + RESTART_WAIT_S
        while True:
            try:
                await asyncio.wait_for(handle.status.remote(), timeout=RESTART_WAIT_S)
                return
            except (ActorUnavailableError, asyncio.TimeoutError):
                if time.monotonic() > deadline:
                    raise WorkerLost(f"the {tool} worker did not come back within {RESTART_WAIT_S:g} s") from None
                await asyncio.sleep(0.2)
            except RayActorError:  # gone for good (ended by `cluster release`): the pool makes it again
                with self._lock:
                    self._pools.pop(tool, None)
                return

    async def _attempt(self, pool: _Pool, args: BaseModel, ctx: ToolContext) -> ToolResult:
        from ray.exceptions import ActorUnavailableError, RayActorError

        index = pool.pick()
        handle = pool.handles[index]
        call_id = f"c_{secrets.token_hex(8)}"
        call = {"call_id": call_id, "step_id": ctx.step_id, "session_id": ctx.session_id, "user_id": ctx.user_id,
                "data_dir": str(ctx.store.data_dir), "persona": ctx.persona}
        stream = handle.run.options(num_returns="streaming").remote(call, args)
        finished = False
        try:
            async for ref in stream:
                item = await ref
                if item[0] == "progress":
                    ctx.progress(item[1], item[2])  # raises Cancelled once the step is cancelled
                elif item[0] == "warning":
                    ctx.warn(item[1])
                elif item[0] == "result":
                    finished = True
                    return item[1]
                elif item[0] == "error":
                    finished = True
                    error = item[1]
                    if isinstance(error, AtelierError):
                        error.retryable = item[2]
                    raise error
            finished = True
            raise WorkerLost(f"the {pool.tool} worker ended the call without a result")
        except (RayActorError, ActorUnavailableError) as exc:
            finished = True
            discard_call(ctx.store, call_id)
            reason = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
            raise WorkerLost(f"the {pool.tool} worker {index} stopped mid-call ({type(exc).__name__}: {reason})",
                             worker=handle) from None
        finally:
            if finished:
                pool.release(index)
            else:  # cancelled or timed out here: tell the worker, and free its slot once it has stopped
                handle.cancel.remote(call_id)
                self._keep(asyncio.ensure_future(self._drain(pool, index, stream, ctx.store, call_id)))

    async def _drain(self, pool: _Pool, index: int, stream: Any, store: ArtifactStore, call_id: str) -> None:
        try:
            async with asyncio.timeout(CANCEL_GRACE_S):
                async for ref in stream:
                    await ref
        except Exception:  # a worker that died while stopping, or one that did not stop in time
            discard_call(store, call_id)
        finally:
            pool.release(index)

    def _keep(self, future: asyncio.Future[Any]) -> None:
        self._background.add(future)
        future.add_done_callback(self._background.discard)


def worker_handles(settings: Settings, *, ray: Any = None) -> dict[str, list[tuple[str, Any]]]:
    """The Atelier workers alive in this cluster's namespace: tool -> [(name, handle)]."""
    ray = ray or connect(settings.cluster)
    found: dict[str, list[tuple[str, Any]]] = {}
    for entry in ray.util.list_named_actors(all_namespaces=True):
        name, namespace = entry["name"], entry["namespace"]
        if namespace != settings.cluster.namespace or not name.startswith(WORKER_PREFIX):
            continue
        tool = name[len(WORKER_PREFIX):].rsplit("-", 1)[0]
        try:
            found.setdefault(tool, []).append((name, ray.get_actor(name, namespace=namespace)))
        except ValueError:  # gone between the listing and the lookup
            continue
    return {tool: sorted(handles) for tool, handles in sorted(found.items())}


def release_workers(settings: Settings, *, ray: Any = None) -> list[str]:
    """End every Atelier worker of the namespace (after a change of ``[cluster.tools]``, or to
    give the GPUs back); returns their names."""
    ray = ray or connect(settings.cluster)
    ended = []
    for handles in worker_handles(settings, ray=ray).values():
        for name, handle in handles:
            ray.kill(handle, no_restart=True)
            ended.append(name)
    return ended


def cluster_status(settings: Settings, *, ray: Any = None, timeout_s: float = 10.0) -> dict[str, Any]:
    """Nodes (CPUs, GPUs, GPUs in use), the workers of each tool with their queue depths, and
    the other named actors of the namespace (the API's shared state)."""
    ray = ray or connect(settings.cluster)
    total, free = ray.cluster_resources(), ray.available_resources()
    nodes = [{"node_id": n["NodeID"], "address": n.get("NodeManagerAddress"), "alive": bool(n.get("Alive")),
              "cpus": n.get("Resources", {}).get("CPU", 0.0), "gpus": n.get("Resources", {}).get("GPU", 0.0)}
             for n in ray.nodes()]
    tools: dict[str, Any] = {}
    for tool, handles in worker_handles(settings, ray=ray).items():
        workers = []
        for name, handle in handles:
            try:
                workers.append({"name": name, **ray.get(handle.status.remote(), timeout=timeout_s)})
            except Exception as exc:  # a worker restarting or stuck: say so, keep listing
                workers.append({"name": name, "error": f"{type(exc).__name__}"})
        tools[tool] = {"workers": workers, "busy": sum(w.get("busy", 0) for w in workers),
                       "queued": sum(w.get("waiting", 0) for w in workers)}
    others = sorted(e["name"] for e in ray.util.list_named_actors(all_namespaces=True)
                    if e["namespace"] == settings.cluster.namespace and not e["name"].startswith(WORKER_PREFIX))
    return {"engine": "ray", "address": settings.cluster.address or "(local Ray in this process)",
            "namespace": settings.cluster.namespace, "nodes": nodes,
            "cpus": {"total": total.get("CPU", 0.0), "used": total.get("CPU", 0.0) - free.get("CPU", 0.0)},
            "gpus": {"total": total.get("GPU", 0.0), "used": total.get("GPU", 0.0) - free.get("GPU", 0.0)},
            "tools": tools, "actors": others}


__all__ = ["RayToolRunner", "ToolWorker", "WorkerLost", "cluster_status", "discard_call", "release_workers",
           "worker_handles"]
