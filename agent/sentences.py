"""Sentence segmentation for sentence-by-sentence speech (English, Korean and similar scripts).

A reply is spoken one sentence at a time so that the first audio is ready long before the
whole reply is; the split keeps end punctuation with its sentence (eSpeak shapes intonation
and pauses from it) and never returns an empty piece. The speech tools split a text with
:func:`split_sentences`; the voice lane (agent/voice.py) splits a streaming reply with
:func:`split_finished`, on the same boundaries.
"""

from __future__ import annotations

import re

# end punctuation (ASCII, full-width, ellipsis), optionally followed by closing quotes/brackets
_BOUNDARY = re.compile(r"(?:(?<=[.!?。！？…])|(?<=[.!?。！？…][\"'”’)\]]))\s+|\n\s*\n|\n(?=\s*[-*•]\s)")
_MAX_SENTENCE_CHARS = 400
_SOFT_BREAK = re.compile(r"(?<=[,;:，、])\s+")


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into speakable sentences; very long ones are cut again at commas."""
    pieces: list[str] = []
    for chunk in _BOUNDARY.split(text.strip()):
        chunk = " ".join(chunk.split())
        if not chunk:
            continue
        if len(chunk) <= _MAX_SENTENCE_CHARS:
            pieces.append(chunk)
            continue
        current = ""
        for part in _SOFT_BREAK.split(chunk):
            if current and len(current) + len(part) + 1 > _MAX_SENTENCE_CHARS:
                pieces.append(current)
                current = part
            else:
                current = f"{current} {part}".strip()
        if current:
            pieces.append(current)
    return [piece for piece in pieces if any(ch.isalnum() for ch in piece)]


def split_finished(buffer: str) -> tuple[list[str], str]:
    """The complete sentences at the start of a streaming ``buffer`` and its unfinished rest
    (a sentence is complete once a boundary, e.g. end punctuation and a space, follows it)."""
    last = None
    for last in _BOUNDARY.finditer(buffer):
        pass
    if last is None:
        return [], buffer
    return split_sentences(buffer[:last.start()]), buffer[last.end():]
