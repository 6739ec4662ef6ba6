"""Studio start-up and first-reply latency: ``python -m bench.ui [--runs N] [--no-browser]``.

Launches ``python app.py ui`` as a real process on a loopback port and measures:

- *page ready*: process start -> the page and its Gradio config are served (target <= 10 s);
- *models ready*: process start -> the status line says Ready (planner, memory, safety loaded);
- *first reply (client)*: ``gradio_client`` submits a message that needs no tool -> the first
  streamed chat value holding the reply text (target <= 1 s);
- *first reply (browser)*: headless Chromium presses Enter -> the reply bubble is visible
  (when /usr/bin/chromium exists).

Prints a table of medians; timings on a shared machine are noisy.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from tests.loopback import CHROMIUM, CHROMIUM_ARGS, free_port

ROOT = Path(__file__).resolve().parents[1]
MESSAGES = ["hello there", "how are you today?", "안녕하세요", "who are you?", "good evening"]
PAGE_TARGET_S, REPLY_TARGET_S = 10.0, 1.0


def _launch(data_dir: Path) -> tuple[subprocess.Popen, str, float]:
    port = free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "ui", "--port", str(port), "--data-dir",
                                str(data_dir)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return process, f"http://127.0.0.1:{port}/", started


def _wait_page(url: str, started: float, process: subprocess.Popen, timeout: float = 60) -> float:
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"the studio exited: {process.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(url, timeout=1).status_code == 200 and httpx.get(url + "config", timeout=1).status_code == 200:
                return time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise RuntimeError("the page did not come up")


def _reply_text(messages) -> str | None:
    if not messages or messages[-1]["role"] != "assistant":
        return None
    for part in messages[-1]["content"]:
        if part.get("type") == "text" and part["text"].strip() and not part["text"].startswith("_"):
            return part["text"]
    return None


def _client_first_reply(client, text: str) -> float:
    started = time.perf_counter()
    job = client.submit(message={"text": text, "files": []}, api_name="/chat")
    for output in job:
        if _reply_text(output[0]) is not None:
            elapsed = time.perf_counter() - started
            job.result()
            return elapsed
    raise RuntimeError(f"no reply text for {text!r}")


def _browser_first_replies(url: str, texts: list[str]) -> list[float]:
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page()
            page.goto(url)
            page.get_by_text("Ready").first.wait_for(timeout=120_000)
            bubbles = page.locator("#chat .message-row.bot-row")
            for text in texts:
                before = bubbles.count()
                box = page.locator("#message textarea")
                box.fill(text)
                started = time.perf_counter()
                box.press("Enter")
                page.wait_for_function(
                    """([before]) => {
                        const rows = document.querySelectorAll('#chat .message-row.bot-row');
                        if (rows.length <= before) return false;
                        const last = rows[rows.length - 1].innerText.trim();
                        return last.length > 0 && !last.startsWith('Planning');
                    }""", arg=[before], timeout=30_000, polling="raf")
                times.append(time.perf_counter() - started)
                page.wait_for_timeout(600)  # let the turn finish before the next one
        finally:
            browser.close()
    return times


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="launches to time")
    parser.add_argument("--no-browser", action="store_true", help="skip the headless Chromium measurement")
    args = parser.parse_args(argv)
    from gradio_client import Client

    page, models, client_replies, browser_replies = [], [], [], []
    for run in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="atelier-bench-ui-") as tmp:
            process, url, started = _launch(Path(tmp))
            try:
                page.append(_wait_page(url, started, process))
                client = Client(url, verbose=False, download_files=False)
                client.predict(message={"text": "hello", "files": []}, api_name="/chat")  # waits for the models
                models.append(time.perf_counter() - started)
                for text in MESSAGES:
                    client_replies.append(_client_first_reply(client, text))
                if run == 0 and not args.no_browser and CHROMIUM.exists():
                    browser_replies.extend(_browser_first_replies(url, MESSAGES))
            finally:
                process.terminate()
                process.wait(timeout=20)

    def row(name: str, values: list[float], target: float | None) -> str:
        if not values:
            return f"| {name:<34} | {'-':>8} | {'-':>8} | {'-':>8} | {'-':>6} | {'skipped':<7} |"
        median = statistics.median(values)
        verdict = "-" if target is None else ("pass" if median <= target else "FAIL")
        return (f"| {name:<34} | {median:8.3f} | {min(values):8.3f} | {max(values):8.3f} | {len(values):6d} | "
                f"{verdict:<7} |")

    print(f"| {'measure (seconds)':<34} | {'median':>8} | {'min':>8} | {'max':>8} | {'n':>6} | {'target':<7} |")
    print(f"|{'-' * 36}|{'-' * 10}|{'-' * 10}|{'-' * 10}|{'-' * 8}|{'-' * 9}|")
    print(row(f"page ready after launch (<= {PAGE_TARGET_S:g})", page, PAGE_TARGET_S))
    print(row("models ready + first turn done", models, None))
    print(row(f"first reply text, client (<= {REPLY_TARGET_S:g})", client_replies, REPLY_TARGET_S))
    print(row(f"first reply text, browser (<= {REPLY_TARGET_S:g})", browser_replies, REPLY_TARGET_S))


if __name__ == "__main__":
    main()
