"""Safe file serving for the studio: only the artifact directory (and the UI's own copies of
artifacts and uploads) can be read over HTTP.

Two layers guard every file URL (defence in depth, beside Gradio's ``allowed_paths``):

- :class:`ServedFiles` resolves a requested path against the served roots and refuses
  anything suspicious *before* touching the file system: ``..`` or ``.`` segments,
  backslashes, NUL bytes, percent signs left after the server's one decoding (double
  encoding), encoded separators or dots in the raw URL, paths outside every root (absolute
  or not), symlinks that lead out, and case variants (every segment must match a directory
  entry exactly, so ``Sessions/`` never reaches ``sessions/`` on a case-insensitive disk).
- :func:`guard_middleware` applies those checks to Gradio's file routes (``/gradio_api/file=`` and
  the older ``/gradio_api/file/``; ``/proxy=`` is refused) and serves ``/artifacts/<session>/<file>``
  downloads from the sessions directory: recorded artifacts only, never a manifest, and with a
  sign-in only the signed-in user's.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Awaitable, Callable, Sequence
from urllib.parse import quote

from agent.errors import InputError

ARTIFACT_ROUTE = "/artifacts/"
GRADIO_FILE_ROUTE = "/gradio_api/file="
GRADIO_OLD_FILE_ROUTE = "/gradio_api/file/"  # Gradio's deprecated spelling of the same route
# What may never appear in a raw URL path: encoded dot, slash, backslash, percent, NUL.
_ENCODED_TRICKS = re.compile(rb"%(?:2e|2f|5c|25|00)", re.IGNORECASE)


class UnsafePath(InputError):
    """A requested file path that is outside the served roots or looks like an attack."""


@dataclass(frozen=True)
class ServedFiles:
    """The directories whose files may be served. ``roots[0]`` is the sessions directory,
    the base of relative ``/artifacts/`` paths."""

    roots: tuple[Path, ...]

    @classmethod
    def for_dirs(cls, dirs: Sequence[Path | str]) -> "ServedFiles":
        resolved = []
        for directory in dirs:
            path = Path(directory)
            path.mkdir(parents=True, exist_ok=True)
            resolved.append(path.resolve())
        return cls(roots=tuple(resolved))

    # -- checks -------------------------------------------------------------------------------
    def resolve(self, requested: str, *, relative: bool = False) -> Path:
        """The real file for ``requested`` (already URL-decoded once), or ``UnsafePath``.

        ``relative=True``: ``requested`` is relative to the sessions root and must not be
        absolute (``/artifacts/`` route); otherwise it must be an absolute path inside a root
        (Gradio's ``file=`` route).
        """
        _check_text(requested)
        if relative:
            if requested.startswith("/") or re.match(r"^[A-Za-z]:", requested):
                raise UnsafePath("absolute paths are not served; ask for /artifacts/<session>/<file>")
            candidates = [(self.roots[0], requested)]
        else:
            if not requested.startswith("/"):
                raise UnsafePath("only absolute paths inside the artifact directory are served")
            candidates = [(root, requested[len(str(root)):].lstrip("/")) for root in self.roots
                          if requested == str(root) or requested.startswith(str(root) + "/")]
            if not candidates:
                raise UnsafePath("that file is outside the artifact directory")
        root, rest = candidates[0]
        return _walk_exact(root, rest)

    def recorded(self, real: Path, *, user: str | None = None) -> None:
        """Refuse a file of the sessions directory that is not a recorded artifact of its session
        (a manifest, a half-written upload, anything else lying there) or, when ``user`` is given,
        not one of that user's (``UnsafePath``). Files of the other roots (the UI's copies) pass."""
        sessions = self.roots[0]
        if sessions not in real.parents:
            return
        from agent.store import ArtifactStore

        session_id = real.relative_to(sessions).parts[0]
        store = ArtifactStore(data_dir=sessions.parent, session_id=session_id)
        for record in store.records():
            try:
                listed = Path(record["path"]).resolve()
            except (KeyError, TypeError, OSError):
                continue
            if listed == real:
                if user is not None and record.get("user_id") != user:
                    break
                return
        raise UnsafePath("only artifacts are served (and, signed in, only your own)")

    def contains(self, path: Path | str) -> bool:
        """Whether ``path`` (an artifact we are about to show) is inside a served root."""
        try:
            real = Path(path).resolve(strict=True)
        except OSError:
            return False
        return real.is_file() and any(root == real or root in real.parents for root in self.roots)


def _check_text(requested: str) -> None:
    if not requested or "\x00" in requested or "\\" in requested:
        raise UnsafePath("empty paths, NUL bytes and backslashes are not allowed in file paths")
    if "%" in requested:
        raise UnsafePath("percent-encoded characters are not allowed in file paths (double encoding?)")
    parts = requested.split("/")
    if any(part in ("..", ".") for part in parts):
        raise UnsafePath("'..' and '.' segments are not allowed in file paths")


def _walk_exact(root: Path, rest: str) -> Path:
    """Follow ``rest`` from ``root`` segment by segment, matching directory entries exactly."""
    current = root
    parts = [part for part in rest.split("/") if part]
    if not parts:
        raise UnsafePath("a directory is not a file")
    for part in parts:
        try:
            entries = os.listdir(current)
        except OSError:
            raise UnsafePath("no such file") from None
        if part not in entries:  # exact, case-sensitive match even on case-insensitive disks
            raise UnsafePath("no such file (names are case-sensitive)")
        current = current / part
    real = current.resolve()
    if not (root in real.parents) or not real.is_file():
        raise UnsafePath("that path leads outside the artifact directory or is not a file")
    return real


# -- ASGI middleware ---------------------------------------------------------------------------
ASGIApp = Callable[[dict[str, Any], Callable[..., Awaitable[Any]], Callable[..., Awaitable[Any]]], Awaitable[None]]


def guard_middleware(app: ASGIApp, *, served: ServedFiles,
                     user_of: Callable[[dict[str, Any]], str | None] | None = None) -> ASGIApp:
    """Wrap an ASGI app: vet Gradio's file routes (``/file=``, the older ``/file/``; ``/proxy=`` is
    refused) and serve ``/artifacts/`` files. Only recorded artifacts of the sessions directory are
    served; with ``user_of`` (the studio's sign-in), only the signed-in user's."""
    from starlette.responses import FileResponse, PlainTextResponse

    async def guarded(scope: dict[str, Any], receive: Callable[..., Awaitable[Any]],
                      send: Callable[..., Awaitable[Any]]) -> None:
        if scope.get("type") != "http":
            await app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        raw: bytes = scope.get("raw_path") or path.encode("utf-8", "surrogateescape")
        route = _route_of(path)
        if route is None:
            await app(scope, receive, send)
            return
        try:
            if _ENCODED_TRICKS.search(raw.split(b"?", 1)[0]):
                raise UnsafePath("encoded dots, slashes, backslashes or percent signs are not allowed in file URLs")
            if route == "proxy":
                raise UnsafePath("this server proxies nothing")
            if route == "artifact":
                real = served.resolve(path[len(ARTIFACT_ROUTE):], relative=True)
            else:
                requested = path.split("/file=", 1)[1] if "/file=" in path else path.split(GRADIO_OLD_FILE_ROUTE, 1)[1]
                if requested.startswith(("http:", "https:")):
                    raise UnsafePath("remote URLs are not fetched by this server")
                real = served.resolve(requested if requested.startswith("/") else "/" + requested)
            served.recorded(real, user=user_of(scope) if user_of is not None else None)
        except UnsafePath as exc:
            response = PlainTextResponse(f"403 forbidden: {exc.message}", status_code=403)
            await response(scope, receive, send)
            return
        if route == "artifact":
            if scope.get("method") not in ("GET", "HEAD"):
                await PlainTextResponse("405 method not allowed", status_code=405)(scope, receive, send)
                return
            from agent.store import guess_mime

            await FileResponse(real, media_type=guess_mime(real), filename=real.name)(scope, receive, send)
            return
        # Gradio gets the very file that was vetted, in its current spelling of the route
        prefix = path.split("/file=", 1)[0] if "/file=" in path else path.split(GRADIO_OLD_FILE_ROUTE, 1)[0] + "/gradio_api"
        vetted = f"{prefix}/file={real}"
        await app({**scope, "path": vetted, "raw_path": quote(vetted).encode("ascii")}, receive, send)

    return guarded


def _route_of(path: str) -> str | None:
    if path.startswith(ARTIFACT_ROUTE):
        return "artifact"
    if "/file=" in path or GRADIO_OLD_FILE_ROUTE in path:  # Gradio's file routes under any mount prefix
        return "gradio"
    if "/proxy=" in path:  # Gradio's reverse proxy (for Spaces): never wanted here
        return "proxy"
    return None


def artifact_url(served: ServedFiles, path: Path | str) -> str | None:
    """The ``/artifacts/...`` URL of a file in the sessions directory, or None."""
    real = Path(path).resolve()
    root = served.roots[0]
    if root not in real.parents:
        return None
    return ARTIFACT_ROUTE + real.relative_to(root).as_posix()
