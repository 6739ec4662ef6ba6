"""Emotion tags of a reply: each sentence says how it is said (DESIGN.md section 12).

Responders mark sentences with a tag in square brackets, ``[happy] Here it is!`` (the LLM is asked
for them in its prompt; the embedded responder picks them from the persona's style and the words,
``persona/emotion.py``). The tags travel with the reply through moderation to the voice lane,
which speaks each sentence with its emotion (``audio`` events carry it with ARKit weights); what
is shown or stored never has them (:func:`strip_tags`), and the ``message`` event lists them per
sentence (:func:`sentence_emotions`).

A tag holds until the next one; a sentence without one takes the emotion before it. Unknown
words in brackets ("[laughs]") are left alone: they are not tags.
"""

from __future__ import annotations

import re
from typing import Literal

from agent.text import split_sentences

Emotion = Literal["neutral", "happy", "sad", "angry", "surprised", "afraid", "thinking"]
EMOTIONS: tuple[str, ...] = ("neutral", "happy", "sad", "angry", "surprised", "afraid", "thinking")
DEFAULT_EMOTION = "neutral"

TAG = re.compile(r"\[(" + "|".join(EMOTIONS) + r")\][ \t]*", re.IGNORECASE)
_GLUED = re.compile(r"(?<=\S)(?=\[(?:" + "|".join(EMOTIONS) + r")\])", re.IGNORECASE)  # "A.[sad] B": one space
_PARTIAL = re.compile(r"\[[a-zA-Z]{0,9}$")  # the start of a tag a later chunk may finish
_SPACES = re.compile(r"[ \t]{2,}")


def tag(emotion: str, sentence: str) -> str:
    """``sentence`` with its tag in front."""
    return f"[{emotion}] {sentence}"


def strip_tags(text: str) -> str:
    """``text`` as shown: every emotion tag removed, the spaces around it tidied."""
    return _SPACES.sub(" ", TAG.sub("", normalize(text))).strip() if TAG.search(text) else text


def normalize(text: str) -> str:
    """Tags set off by a space ("A.[sad] B." -> "A. [sad] B."), so sentences split before them."""
    return _GLUED.sub(" ", text)


def sentence_emotion(sentence: str, before: str = DEFAULT_EMOTION) -> tuple[str, str, str]:
    """``(clean sentence, its emotion, the emotion after it)``: the sentence's first tag (or
    ``before`` when it has none) and its last one, which holds for the sentences that follow."""
    found = [m.group(1).lower() for m in TAG.finditer(sentence)]
    if not found:
        return sentence.strip(), before, before
    clean = strip_tags(sentence)
    leading = TAG.match(sentence.lstrip())
    return clean, (found[0] if leading else before), found[-1]


def sentence_emotions(text: str, default: str = DEFAULT_EMOTION) -> list[dict[str, str]]:
    """``[{"text", "emotion"}]`` for every sentence of a tagged reply, tags removed."""
    out: list[dict[str, str]] = []
    mood = default
    for piece in split_sentences(normalize(text)):
        clean, emotion, mood = sentence_emotion(piece, mood)
        if any(ch.isalnum() for ch in clean):
            out.append({"text": clean, "emotion": emotion})
    return out


def dominant(emotions: list[dict[str, str]], default: str = DEFAULT_EMOTION) -> str:
    """The emotion of the first sentence that is not neutral (how the line comes across)."""
    return next((e["emotion"] for e in emotions if e["emotion"] != "neutral"), default)


class TagStream:
    """A streamed, tagged reply split into what is shown and what is spoken.

    ``feed(delta)`` returns ``(shown, tagged)``: the text to show now, tags removed, and the same
    text with its tags (normalized) for the voice lane. A chunk ending in what may be the start of
    a tag ("[hap") is held until the next chunk says; ``close()`` returns what is left.
    """

    def __init__(self) -> None:
        self._held = ""
        self._last = ""  # the last character released: a tag right after it gets a space
        self._after_tag = False  # the last release ended with a tag: the spaces after it are its own

    def feed(self, delta: str) -> tuple[str, str]:
        text = self._held + delta
        partial = _PARTIAL.search(text)
        self._held, text = (text[partial.start():], text[:partial.start()]) if partial else ("", text)
        return self._release(text)

    def close(self) -> tuple[str, str]:
        text, self._held = self._held, ""
        return self._release(text)

    def _release(self, text: str) -> tuple[str, str]:
        if not text:
            return "", ""
        tagged = normalize(self._last + text)[len(self._last):] if self._last else normalize(text)
        self._last = tagged[-1]
        shown = TAG.sub("", tagged)
        if self._after_tag:
            shown = shown.lstrip(" \t")
        body = tagged.rstrip(" \t")
        ends_with_tag = any(match.end() >= len(body) for match in TAG.finditer(body))
        self._after_tag = ends_with_tag or (self._after_tag and not shown.strip())
        return shown, tagged
