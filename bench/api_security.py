"""The XR API under attack, on loopback: uploads that must not land, and a wrong-secret flood.

The server is the real app (keys, limits, routes) under uvicorn in its own process, wrapped in a
counter of the request-body bytes the app pulled from the server (``GET /__bench/read``); its
temporary directory is its own, so temp files it writes are seen. The client speaks raw HTTP on a
socket, so it can send headers, keep sending a body, and stop the moment an answer arrives.

    python -m bench.api_security [--upload-mib 1024] [--keyed-mib 200] [--flood 40] [--flood-s 6] [--rounds 3]

Rows: an unauthenticated upload (declared length), the same without a length (chunked), an
oversize upload with a valid key (declared and chunked), and a legitimate client's latency alone
and during a flood of wrong secrets for a known key id.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import select
import socket
import statistics
import tempfile
import time
from pathlib import Path

MIB = 1024 * 1024
CHUNK = 256 * 1024
TARGET_401_MS = 100.0
TARGET_READ_MIB = 1.0
TARGET_FLOOD_RATIO = 1.5


def _bench_app(app):
    """The app inside a body-byte counter that also answers ``GET /__bench/read`` and ``POST /__bench/reset``."""
    from tests.api_helpers import CountingApp

    counting = CountingApp(app)

    async def bench_app(scope, receive, send):
        if scope["type"] == "http" and scope["path"] in ("/__bench/read", "/__bench/reset"):
            if scope["path"] == "/__bench/reset":
                counting.read = 0
            body = json.dumps({"read": counting.read}).encode()
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-type", b"application/json")]})
            await send({"type": "http.response.body", "body": body})
            return
        await counting(scope, receive, send)

    return bench_app


def _serve(port: int, data_dir: str, tmp_dir: str, ready) -> None:
    os.environ["TMPDIR"] = tmp_dir
    tempfile.tempdir = tmp_dir
    import uvicorn

    from agent.config import Settings
    from tests.api_helpers import build_orchestrator
    from ui.api.app import create_app

    settings = Settings(data_dir=Path(data_dir))
    app = _bench_app(create_app(settings=settings, orchestrator=build_orchestrator(settings)))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    ready.set()
    server.run()


def _files(pid: int | None, *roots: Path) -> dict[tuple[int, int], int]:
    """(device, inode) -> size of every regular file under ``roots`` and open in process ``pid``
    (anonymous temp files included); a file seen both ways counts once."""
    found: dict[tuple[int, int], int] = {}
    paths = [os.path.join(folder, name) for root in roots for folder, _, names in os.walk(root) for name in names]
    fd_dir = Path(f"/proc/{pid}/fd") if pid else None
    if fd_dir is not None and fd_dir.is_dir():
        paths += [str(fd_dir / fd) for fd in os.listdir(fd_dir)]
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            continue
        if (info.st_mode & 0o170000) == 0o100000:
            found[(info.st_dev, info.st_ino)] = info.st_size
    return found


def _dir_bytes(*roots: Path, pid: int | None = None) -> int:
    return sum(_files(pid, *roots).values())


def _get(port: int, path: str) -> dict:
    import httpx

    return httpx.get(f"http://127.0.0.1:{port}{path}", timeout=10).json()


def _frames(pieces: list[bytes], *, chunked: bool):
    for piece in pieces:  # the zero chunks are one shared object: nothing large is built here
        if piece:
            yield f"{len(piece):x}\r\n".encode() + piece + b"\r\n" if chunked else piece
    if chunked:
        yield b"0\r\n\r\n"


def _upload(port: int, session: str, key: str | None, size: int, *, chunked: bool, watch: tuple[Path, ...],
            pid: int, timeout_s: float = 60.0) -> dict:
    """Send a multipart upload of ``size`` bytes until the server answers (or all is sent).

    Returns the status, milliseconds to the first answer byte, bytes sent, and the most bytes
    seen in the watched directories (temp files, the data dir) and in the server's open files."""
    import httpx

    httpx.post(f"http://127.0.0.1:{port}/__bench/reset")
    boundary = "benchboundary7f3a"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.wav\"\r\n"
            f"Content-Type: audio/wav\r\n\r\nRIFF\x00\x00\x00\x00WAVEfmt ").encode("latin-1")
    tail = f"\r\n--{boundary}--\r\n".encode()
    body_size = len(head) + size + len(tail)
    lines = [f"POST /v1/sessions/{session}/uploads HTTP/1.1", f"Host: 127.0.0.1:{port}",
             f"Content-Type: multipart/form-data; boundary={boundary}"]
    if key:
        lines.append(f"Authorization: Bearer {key}")
    lines.append("Transfer-Encoding: chunked" if chunked else f"Content-Length: {body_size}")
    baseline = _dir_bytes(*watch, pid=pid)
    sock = socket.create_connection(("127.0.0.1", port))
    sock.setblocking(False)
    started = time.perf_counter()
    answer = b""
    sent = 0
    peak = 0
    zeros = bytes(CHUNK)
    frames = _frames([head, *[zeros] * (size // CHUNK), bytes(size % CHUNK), tail], chunked=chunked)
    pending = ("\r\n".join(lines) + "\r\n\r\n").encode()
    last_watch = 0.0
    first_byte_ms = None
    try:
        while time.perf_counter() - started < timeout_s:
            readable, writable, _ = select.select([sock], [sock] if pending is not None else [], [], 0.05)
            if readable:
                data = sock.recv(65536)
                if first_byte_ms is None and data:
                    first_byte_ms = (time.perf_counter() - started) * 1000
                answer += data
                if not data or b"\r\n\r\n" in answer:
                    break
            if writable and pending is not None:
                try:
                    count = sock.send(pending)
                except (BrokenPipeError, ConnectionResetError):
                    pending = None
                    continue
                sent += count
                pending = pending[count:]
                if not pending:
                    pending = next(frames, None)
            now = time.perf_counter()
            if now - last_watch > 0.02:
                last_watch = now
                peak = max(peak, _dir_bytes(*watch, pid=pid) - baseline)
    except ConnectionResetError:
        pass
    finally:
        sock.close()
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else 0
    time.sleep(0.3)  # let the server finish whatever it was doing with the body
    peak = max(peak, _dir_bytes(*watch, pid=pid) - baseline)
    return {"status": status, "ms": first_byte_ms, "sent": sent, "read": _get(port, "/__bench/read")["read"],
            "peak": max(0, peak), "left": max(0, _dir_bytes(*watch, pid=pid) - baseline)}


async def _latencies(base: str, key: str, seconds: float, out: list[float], stop: asyncio.Event | None = None) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=60) as http:
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline and not (stop and stop.is_set()):
            started = time.perf_counter()
            response = await http.get("/v1/sessions")
            if response.status_code == 200:
                out.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(0.05)


async def _flood(base: str, wrong: str, workers: int, seconds: float) -> dict:
    import httpx

    codes: dict[int, int] = {}
    deadline = time.perf_counter() + seconds

    async def one() -> None:
        async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {wrong}"}, timeout=60) as http:
            while time.perf_counter() < deadline:
                try:
                    status = (await http.get("/v1/sessions")).status_code
                except httpx.HTTPError:
                    status = 0
                codes[status] = codes.get(status, 0) + 1

    await asyncio.gather(*(one() for _ in range(workers)))
    return codes


async def _flood_run(base: str, key: str, wrong: str, workers: int, seconds: float) -> tuple[list[float], dict]:
    legit: list[float] = []
    flood = asyncio.create_task(_flood(base, wrong, workers, seconds))
    await asyncio.sleep(0.5)  # the flood is going before the legitimate client measures
    await _latencies(base, key, seconds - 1.0, legit)
    return legit, await flood


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upload-mib", type=int, default=1024, help="size of the unauthenticated uploads")
    parser.add_argument("--keyed-mib", type=int, default=200, help="size of the oversize uploads with a key")
    parser.add_argument("--flood", type=int, default=40, help="concurrent wrong-secret clients")
    parser.add_argument("--flood-s", type=float, default=6.0, help="how long each flood lasts")
    parser.add_argument("--rounds", type=int, default=3, help="alone/flood rounds (latencies pooled)")
    args = parser.parse_args(argv)

    from bench.api import _p, start_server
    from ui.api.keys import KeyStore

    data_dir = Path(tempfile.mkdtemp(prefix="atelier-bench-sec-"))
    tmp_dir = Path(tempfile.mkdtemp(prefix="atelier-bench-sec-tmp-"))
    key, record = KeyStore.for_data_dir(data_dir).create(name="bench")
    wrong = f"atk_{record.key_id}_{'A' * 43}"
    server, base = start_server(_serve, str(data_dir), str(tmp_dir))
    port = int(base.rsplit(":", 1)[1])
    import httpx

    rows = []
    try:
        auth = {"Authorization": f"Bearer {key}"}
        session = httpx.post(f"{base}/v1/sessions", json={}, headers=auth, timeout=30).json()["id"]
        watch = (tmp_dir, data_dir)
        for name, who, size, chunked in (
                (f"no key, {args.upload_mib} MiB, Content-Length", None, args.upload_mib * MIB, False),
                (f"no key, {args.upload_mib} MiB, chunked", None, args.upload_mib * MIB, True),
                (f"valid key, {args.keyed_mib} MiB, Content-Length", key, args.keyed_mib * MIB, False),
                (f"valid key, {args.keyed_mib} MiB, chunked", key, args.keyed_mib * MIB, True)):
            rows.append((name, _upload(port, session, who, size, chunked=chunked, watch=watch,
                                       pid=server.pid)))
        asyncio.run(_latencies(base, key, 1.0, []))  # warm-up
        alone: list[float] = []
        flooded: list[float] = []
        codes: dict[int, int] = {}
        for _ in range(args.rounds):  # alternated, so a shared machine's drifting load hits both alike
            asyncio.run(_latencies(base, key, args.flood_s - 1.0, alone))
            during, answered = asyncio.run(_flood_run(base, key, wrong, args.flood, args.flood_s))
            flooded += during
            for status, count in answered.items():
                codes[status] = codes.get(status, 0) + count
    finally:
        server.terminate()
        server.join(10)

    print(f"XR API uploads on loopback (bytes the app read; disk: temp dir, data dir, the server's open files)")
    print(f"{'upload':<36}{'status':>7}{'answer ms':>11}{'sent MiB':>10}{'read MiB':>10}{'disk peak MiB':>15}"
          f"{'left MiB':>10}")
    for name, row in rows:
        ms = f"{row['ms']:.0f}" if row["ms"] is not None else "-"
        print(f"{name:<36}{row['status']:>7}{ms:>11}{row['sent'] / MIB:>10.1f}{row['read'] / MIB:>10.2f}"
              f"{row['peak'] / MIB:>15.1f}{row['left'] / MIB:>10.1f}")
    unloaded = _p(alone, 0.95)
    loaded = _p(flooded, 0.95)
    ratio = loaded / unloaded if unloaded else float("nan")
    print()
    print(f"legitimate GET /v1/sessions (one client, 20/s) alone and during {args.flood} wrong-secret clients "
          f"for a known key id ({args.rounds} rounds of {args.flood_s:g} s, alternated, pooled)")
    print(f"{'run':<22}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for name, values in (("alone", alone), ("during flood", flooded)):
        print(f"{name:<22}{len(values):>9}{_p(values, .5):>9.1f}{_p(values, .95):>9.1f}"
              f"{(max(values) if values else float('nan')):>9.1f}")
    print(f"flood answers: {dict(sorted(codes.items()))}")
    print()
    unauth = rows[0][1]
    rows_ok = [
        ("unauthenticated upload: answer ms", unauth["ms"] or float("nan"), TARGET_401_MS,
         unauth["status"] == 401 and (unauth["ms"] or 1e9) < TARGET_401_MS),
        ("unauthenticated upload: MiB read", round(unauth["read"] / MIB, 2), TARGET_READ_MIB,
         unauth["read"] / MIB < TARGET_READ_MIB),
        ("flood: legitimate p95 / unloaded p95", round(ratio, 2), TARGET_FLOOD_RATIO, ratio <= TARGET_FLOOD_RATIO),
    ]
    print(f"{'target':<44}{'value':>10}{'limit':>8}  ok")
    for name, value, limit, ok in rows_ok:
        value_text = f"{value:.1f}" if isinstance(value, float) else str(value)
        print(f"{name:<44}{value_text:>10}{limit:>8}  {'yes' if ok else 'NO'}")
    print(f"(median unloaded {statistics.median(alone) if alone else float('nan'):.1f} ms)")


if __name__ == "__main__":
    main()
