"""Language detection for the embedded planner: Korean when enough of the letters are Hangul.

Only two languages are planned for today, so a script ratio is both exact enough and free;
a Korean request often carries Latin tokens ("3D", "GLB", "TTS"), hence a ratio, not "any".
"""

from __future__ import annotations

import re

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
# A third of the letters is plenty: "GLB 3D 모델 만들어줘" is Korean, "say 안녕" is English.
KOREAN_LETTER_RATIO = 0.3


def hangul_ratio(text: str) -> float:
    """The share of letters in ``text`` that are Hangul (0.0 when there are no letters)."""
    letters = sum(1 for ch in text if ch.isalpha())
    if not letters:
        return 0.0
    return len(_HANGUL.findall(text)) / letters


def detect_language(text: str) -> str:
    """``"ko"`` when at least 30 % of the letters are Hangul, else ``"en"``."""
    return "ko" if hangul_ratio(text) >= KOREAN_LETTER_RATIO else "en"
