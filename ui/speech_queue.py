"""The studio's sentence queue: a spoken reply plays as its sentences are synthesised.

The turn's voice lane (agent/voice.py) writes each reply sentence as its own WAV and sends an
``audio`` event as soon as it is ready. The studio hands the page the turn's clips so far
(:class:`ReplyClips`, as the value of a hidden JSON component, :func:`speech_component`), and
:data:`SPEECH_QUEUE_JS` in the page fetches each new clip from Gradio's file route and schedules
it on one Web Audio clock right after the previous one (no gap between sentences, as the XR page
and the WebSocket clients play them). A new turn (another ``turn`` id) and a barge-in
(``window.atelierSpeech.stop()``) clear the queue and stop what plays.

Gradio's own streaming audio output is not used: it needs ffmpeg on PATH and would change the
``/chat`` and ``/voice`` API outputs. The hidden component is left out of the API (``skip_api``,
as ``gr.State`` is), so API clients see the same outputs as before.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from ui.files import GRADIO_FILE_ROUTE


@dataclass
class ReplyClips:
    """One turn's spoken sentences, in the order they are spoken: the WAV path of each."""

    turn: str = field(default_factory=lambda: f"turn-{time.time_ns()}")
    paths: list[str] = field(default_factory=list)

    def page_value(self, *, upto: int | None = None) -> dict[str, Any]:
        """What the page's queue is given: the turn id and the URLs of its first ``upto`` clips
        (all by default), relative to the page so a mount prefix keeps working."""
        shown = self.paths if upto is None else self.paths[:upto]
        return {"turn": self.turn, "clips": [clip_url(path) for path in shown]}


def clip_url(path: str) -> str:
    """Gradio's file route for ``path`` (an artifact of the sessions directory, which the studio
    serves through its file guard, ui/files.py)."""
    return GRADIO_FILE_ROUTE.lstrip("/") + quote(str(path))


def speech_component() -> Any:
    """A hidden JSON component the page's queue listens to, left out of the API."""
    from abc import ABCMeta

    import gradio as gr

    attrs = {"__module__": __name__, "__qualname__": "SpeechQueue", "__doc__": "The page's sentence queue.",
             "is_template": True,  # drawn by the frontend's JSON component
             "skip_api": property(lambda self: True)}  # like gr.State: not an output API clients see
    # Made with ABCMeta.__new__, not Gradio's ComponentMeta.__new__: that one writes a .pyi stub beside
    # the defining file (for custom component packages); the events are JSON's, inherited as they are.
    queue_class = ABCMeta.__new__(type(gr.JSON), "SpeechQueue", (gr.JSON,), attrs)
    return queue_class(value=None, visible=False, elem_id="speech-queue")


# The page side. One AudioContext: each clip is scheduled to start where the previous one ends,
# so the sentences play without a gap; clips download in parallel but start in order. The first
# pointer/key press of the page resumes the context (browsers keep audio silent until a gesture;
# hands-free and push-to-talk both start with one). ``log`` keeps, per clip, its turn, index and
# the wall time it starts (what the browser test and bench/studio_voice.py read).
SPEECH_QUEUE_JS = """(value) => {
  const q = window.atelierSpeech || (window.atelierSpeech = (() => {
    const q = {turn: null, queued: 0, epoch: 0, next: 0, sources: [], chain: Promise.resolve(), ctx: null,
               log: [], stopped: 0, errors: []};
    q.context = () => {
      if (!q.ctx) q.ctx = new AudioContext();
      if (q.ctx.state === 'suspended') q.ctx.resume().catch(() => {});
      return q.ctx;
    };
    for (const kind of ['pointerdown', 'keydown']) addEventListener(kind, () => q.context(), {capture: true});
    q.playing = () => q.sources.length > 0 && q.ctx !== null && q.ctx.currentTime < q.next;
    q.stop = () => {  // a barge-in or a new turn: what plays stops, what is queued is dropped
      q.epoch += 1;
      if (q.sources.length) q.stopped += 1;
      for (const source of q.sources) { try { source.stop(); } catch (err) {} }
      q.sources = [];
      q.next = 0;
      q.chain = Promise.resolve();
    };
    q.enqueue = (url, index) => {
      const epoch = q.epoch, turn = q.turn, ctx = q.context();
      const loaded = fetch(url).then((r) => {
        if (!r.ok) throw new Error(`${r.status} for a reply sentence`);
        return r.arrayBuffer();
      }).then((bytes) => ctx.decodeAudioData(bytes));
      q.chain = q.chain.then(() => loaded).then((buffer) => {
        if (epoch !== q.epoch) return;  // stopped while it downloaded
        const source = ctx.createBufferSource();
        source.buffer = buffer;
        source.connect(ctx.destination);
        const at = Math.max(ctx.currentTime + 0.01, q.next);
        source.start(at);
        q.next = at + buffer.duration;
        q.sources.push(source);
        source.onended = () => { q.sources = q.sources.filter((s) => s !== source); };
        q.log.push({turn, index, url, starts: Date.now() + (at - ctx.currentTime) * 1000, duration: buffer.duration});
      }).catch((err) => { q.errors.push(String(err)); });
    };
    q.offer = (value) => {
      if (!value || !value.turn) return;
      if (value.turn !== q.turn) { q.stop(); q.turn = value.turn; q.queued = 0; }
      const clips = value.clips || [];
      for (; q.queued < clips.length; q.queued += 1) q.enqueue(clips[q.queued], q.queued);
    };
    return q;
  })());
  q.offer(value);
  return [];
}"""
