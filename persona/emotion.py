"""Emotion of the embedded responder's sentences: from what a sentence says and who says it.

Each sentence gets one of ``agent.emotion.EMOTIONS`` from English and Korean cues (an apology is
sad, "careful, it's cursed" afraid, "wow" surprised, a question or "hmm" thinking, a welcome or
a finished result happy), then the persona's temperament shapes it: a warm persona smiles where
a plain one stays neutral, a calm one keeps small joys neutral, and a guide for children never
sounds angry. :func:`tag_reply` writes the tags the voice lane reads (``[happy] Here it is!``).
Deterministic, a few microseconds a sentence.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from agent.emotion import tag
from agent.text import split_sentences

if TYPE_CHECKING:
    from persona.card import PersonaCard

_I = re.IGNORECASE
# checked in this order: the first that matches decides
_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("afraid", re.compile(r"\b(?:careful|beware|danger\w*|cursed?|scar(?:y|ed)|frighten\w*|watch out|terrif\w*|"
                          r"run!|hide!)\b|조심|위험|저주|무서|겁이|겁나|도망", _I)),
    ("angry", re.compile(r"\b(?:how dare|not in my|never again|get out|enough!|refuse)\b|^no[.!]|감히|절대 안|썩 꺼", _I)),
    ("sad", re.compile(r"\b(?:sorry|couldn'?t|could not|can'?t|cannot|failed|unfortunately|sadly|alas|miss(?:ed)?|"
                       r"lost|didn'?t work|went wrong)\b|미안|죄송|못했|못 했|못 하|못해|못 해|아쉽|안타깝|슬프|실패|"
                       r"문제가 생|할 수 없|없어요|안 돼서", _I)),
    ("surprised", re.compile(r"\b(?:wow|whoa|oh my|really\?|incredible|unbelievable|what a surprise|goodness)\b|"
                             r"우와|와!|세상에|정말요\?|어머|깜짝|놀라", _I)),
    ("thinking", re.compile(r"\b(?:hmm+|let me think|perhaps|maybe|i wonder|i suppose|i think)\b|\?\s*$|"
                            r"음+[,.…]|글쎄|아마|생각해|궁금|\?\s*$", _I)),
    ("happy", re.compile(r"\b(?:welcome|glad|great|wonderful|lovely|here'?s|here is|done|ready|enjoy|thanks?|"
                         r"hello|hi|good|aye|splendid|nominal)\b|!\s*$|반가|좋아|멋|기뻐|환영|만들었어요|그렸어요|"
                         r"완성|고마|감사|천만에|안녕|좋은|!\s*$", _I)),
)
_WARM = re.compile(r"warm|cheer|friendly|kind|jolly|playful|enthusias|다정|친절|밝|명랑|칭찬|상냥", _I)
_CALM = re.compile(r"calm|precise|reserved|stoic|measured|dry|serious|차분|침착|냉정|진지", _I)


def temperament(card: "PersonaCard | None") -> str:
    """``warm``, ``calm`` or ``plain``, from the card's traits and speaking style."""
    if card is None:
        return "plain"
    words = " ".join([*card.traits, card.speaking_style])
    if _CALM.search(words):
        return "calm"
    if _WARM.search(words):
        return "warm"
    return "plain"


def emotion_for(sentence: str, card: "PersonaCard | None" = None) -> str:
    """The emotion ``card`` says ``sentence`` with."""
    found = next((name for name, cue in _CUES if cue.search(sentence)), "neutral")
    mood = temperament(card)
    if mood == "calm" and found in ("happy", "surprised") and not sentence.rstrip().endswith("!"):
        found = "neutral"
    if mood == "warm" and found == "neutral":
        found = "happy"
    if found == "angry" and card is not None and card.safety.audience == "children":
        found = "sad"  # a children's guide says no gently
    return found


def tag_reply(text: str, card: "PersonaCard | None" = None) -> str:
    """``text`` with an emotion tag before every sentence; its line breaks are kept. A sentence
    with no cue of its own keeps the feeling of the one before it ("That's dangerous. Watch
    yourself." is afraid twice); the persona's temperament colours only a line's first sentence."""
    lines = []
    for line in text.splitlines():
        tagged, mood = [], None
        for sentence in split_sentences(line):
            found = next((name for name, cue in _CUES if cue.search(sentence)), None)
            mood = emotion_for(sentence, card) if found is not None or mood is None else mood
            tagged.append(tag(mood, sentence))
        lines.append(" ".join(tagged))
    return "\n".join(line for line in lines if line)
