"""Studio hands-free: end of speech -> first reply audio heard in the page, on a long reply.

``python -m bench.studio_voice [--samples N] [--text T]``

Serves the studio on a loopback port and opens it in headless Chromium whose fake microphone
loops a request said by eSpeak NG ("What can you do?": a three-sentence, ~15 s reply, embedded
profile). Each repetition is one sample:

- *end of speech*: the wall time the listener's last voiced frame was received (the moment its
  utterance ends, less the silence counted since; frames arrive in the page's 0.25 s chunks, so
  this is when the server had the audio, not when it was said);
- *first reply audio*: the wall time the page starts playing the reply: the sentence queue's
  first clip (``window.atelierSpeech.log``), or, for a page that plays the whole reply in an
  ``<audio>`` element, that element's ``playing`` event.

Only turns that heard the request are counted (the fake microphone may start inside the words).
Prints each sample and the median; the load average is printed too (a shared machine is noisy).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from tests.loopback import CHROMIUM, CHROMIUM_ARGS, free_port

REQUEST = "What can you do?"
PLAYS_JS = """(() => {  // before the page's own scripts: every media element that starts playing
  window.benchPlays = [];  // (Gradio's player may play an element that is not in the document)
  const watch = (el) => { el.addEventListener('playing', () => window.benchPlays.push(Date.now())); return el; };
  const create = Document.prototype.createElement;
  Document.prototype.createElement = function (tag, ...rest) {
    const el = create.call(this, tag, ...rest);
    return /^(audio|video)$/i.test(String(tag)) ? watch(el) : el;
  };
  const Native = window.Audio;
  window.Audio = function (...args) { return watch(new Native(...args)); };
})();"""


def _record_ends(ends: list[float]) -> None:
    """Wrap the listener's end of an utterance: note the wall time its speech ended."""
    from agent.listening import FRAME_S, Listener

    finish = Listener._finish

    async def noted(self, *, early: bool = False):
        ends.append(time.time() - self._silent_run * FRAME_S)
        return await finish(self, early=early)

    Listener._finish = noted


def _record_transcripts(backend, heard: list[tuple[float, str]]) -> None:
    """Wrap the backend's turns: note what each one heard, and when."""
    turn = backend.turn

    async def noted(**kwargs):
        async for event in turn(**kwargs):
            if event.kind == "transcript":
                heard.append((time.time(), event.message or ""))
            yield event

    backend.turn = noted


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=6, help="repetitions of the request to time")
    parser.add_argument("--text", default=REQUEST, help="the spoken request")
    parser.add_argument("--tail", type=float, default=9.0,
                        help="seconds of silence after each request (the reply starts before the next one)")
    parser.add_argument("--verbose", action="store_true", help="print the timeline of ends, turns and starts")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from agent.config import Settings
    from tests.test_ui_app import fake_mic_args, request_wav
    from ui.backend import StudioBackend
    from ui.studio import serve

    data_dir = Path(tempfile.mkdtemp(prefix="bench-studio-voice-"))
    os.environ["GRADIO_TEMP_DIR"] = str(data_dir / "ui-cache")
    ends: list[float] = []
    heard: list[tuple[float, str]] = []
    _record_ends(ends)
    backend = StudioBackend(settings=Settings(data_dir=data_dir))
    _record_transcripts(backend, heard)
    running = serve(backend, host="127.0.0.1", port=free_port(), block=False)
    assert backend.wait(timeout=180) and backend.ready, backend.error
    wav = request_wav(data_dir / "request.wav", args.text, tail_s=args.tail)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, *fake_mic_args(wav)],
                                         headless=True)
            page = browser.new_page()
            page.add_init_script(PLAYS_JS)
            page.goto(running.url, wait_until="domcontentloaded")
            page.get_by_text("Ready").first.wait_for(timeout=60_000)
            page.get_by_role("tab", name="Voice").click()
            page.locator("#handsfree input[type=checkbox]").check()
            wanted = args.text.lower().rstrip("?.!")
            deadline = time.monotonic() + 60 + 15 * args.samples
            while sum(wanted in text.lower() for _, text in heard) < args.samples + 1 and time.monotonic() < deadline:
                page.wait_for_timeout(500)
            page.wait_for_timeout(3000)  # the last reply starts
            plays = page.evaluate("() => window.benchPlays")
            queued = page.evaluate("() => (window.atelierSpeech?.log || []).filter(e => e.index === 0)"
                                   ".map(e => e.starts)")
            browser.close()
    finally:
        running.close()
    starts = sorted(ms / 1000 for ms in [*plays, *queued])
    samples, after_heard = [], []
    for index, end in enumerate(ends):
        later = ends[index + 1] if index + 1 < len(ends) else float("inf")
        at, said = next(((at, text) for at, text in heard if at > end), (0.0, ""))
        first = next((start for start in starts if end < start < later), None)
        if first is None or wanted not in said.lower():
            continue
        samples.append(first - end)
        after_heard.append(first - at)
        print(f"end of speech -> first reply audio: {1000 * (first - end):6.0f} ms   "
              f"(transcript -> first reply audio {1000 * (first - at):5.0f} ms)")
    samples, after_heard = samples[:args.samples], after_heard[:args.samples]
    print(f"utterances ended: {len(ends)}; turns heard: {[text for _, text in heard]}; "
          f"reply starts seen: {len(starts)}")
    if args.verbose:
        zero = min([*ends, *starts], default=0.0)
        timeline = sorted([(t, "end of speech") for t in ends] + [(t, f"heard {x!r}") for t, x in heard]
                          + [(t, "reply audio starts") for t in starts])
        for at, what in timeline:
            print(f"  {at - zero:8.3f} s  {what}")
    print(f"load average: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    if samples:
        print(f"median over {len(samples)}: end of speech -> first reply audio "
              f"{1000 * statistics.median(samples):.0f} ms; transcript -> first reply audio "
              f"{1000 * statistics.median(after_heard):.0f} ms")
    else:
        print("no sample: no turn heard the request")


if __name__ == "__main__":
    main()
