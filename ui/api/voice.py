"""The spoken reply of a voice session: one WAV and one viseme timeline per sentence,
synthesized off the event loop and published as each sentence is ready.

Used only when the orchestrator did not speak the reply itself (it emits ``audio`` events
when it does). Speech goes through the installed ``speech`` tool, so the configured backend
(embedded eSpeak NG or neural) and its fallback rule apply: a neural backend that cannot load
falls back with a warning, a forced one (``backends.speech = "neural"``) leaves the reply unspoken
with a warning that says why.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from typing import Any, AsyncIterator

from agent.errors import AtelierError
from agent.registry import ToolRegistry
from agent.store import ArtifactStore
from agent.tool import ToolContext


@dataclass(frozen=True)
class SpokenChunk:
    index: int
    count: int
    text: str
    artifact: Any  # agent.types.Artifact of the WAV
    sample_rate: int
    duration_s: float
    offset_s: float
    visemes: list[dict[str, Any]]


async def speak(text: str, *, registry: ToolRegistry, store: ArtifactStore, language: str | None,
                persona: str | None, voice: str | None, warn, cancel: threading.Event) -> AsyncIterator[SpokenChunk]:
    """Yield each sentence of ``text`` as stored audio plus visemes. Raises ``AtelierError``."""
    from tools.audio_io import write_wav
    from tools.speech.visemes import close_gaps, spans_from_phonemes
    from agent.text import split_sentences
    from tools.speech import speech_language
    from tools.speech.synthesis import MAX_SENTENCE_CHARS, check_text, synthesize_sentences

    tool = registry.get("speech")  # PlanError when speech is not installed
    lang = speech_language(text, language)
    args = tool.Input(text=text, language=lang, voice=voice)
    ctx = ToolContext(step_id="s1", session_id=store.session_id, user_id=store.user_id, store=store,
                      settings=tool.settings, persona=persona, on_warning=warn, cancel_flag=cancel)
    backend = await tool.choose_backend(args, ctx, lang)  # type: ignore[attr-defined]
    count = len(split_sentences(check_text(text), max_chars=MAX_SENTENCE_CHARS))
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[Any] = asyncio.Queue()
    stop = threading.Event()  # the consumer went away; ``cancel`` is the job's own flag

    def produce() -> None:
        try:
            for chunk in synthesize_sentences(text, backend=backend):
                if cancel.is_set() or stop.is_set():
                    break
                path = write_wav(store.new_path(".wav", stem=f"reply-{chunk.index}"), chunk.audio)
                spans = close_gaps(spans_from_phonemes(chunk.phonemes), chunk.audio.seconds)
                artifact = store.add(path, kind="audio", meta={
                    "text": chunk.text, "language": lang, "voice": backend.voice, "backend": backend.name,
                    "sentence": chunk.index, "offset_s": round(chunk.offset_s, 4), "reply": True})
                visemes = [{"viseme": s.viseme, "start": round(s.start, 4), "end": round(s.end, 4)} for s in spans]
                loop.call_soon_threadsafe(queue.put_nowait, SpokenChunk(
                    index=chunk.index, count=count, text=chunk.text, artifact=artifact,
                    sample_rate=chunk.audio.rate, duration_s=round(chunk.audio.seconds, 4),
                    offset_s=round(chunk.offset_s, 4), visemes=visemes))
        except BaseException as exc:  # handed to the loop, re-raised there
            loop.call_soon_threadsafe(queue.put_nowait, exc)
        finally:
            loop.call_soon_threadsafe(queue.put_nowait, None)

    worker = loop.run_in_executor(None, produce)
    try:
        while (item := await queue.get()) is not None:
            if isinstance(item, AtelierError):
                raise item
            if isinstance(item, BaseException):
                raise AtelierError(f"speech synthesis failed: {item}") from item
            yield item
    finally:
        stop.set()
        await asyncio.shield(worker)
