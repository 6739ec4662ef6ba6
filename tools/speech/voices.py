"""Choosing an eSpeak voice: language, a described style ("deep", "child"), a persona's own voice.

``voice`` may be a style word, an eSpeak voice name ("en-us", "ko"), an eSpeak variant ("m3",
"+f2", "whisper") or a full "name+variant". A persona with no explicit voice gets a stable
variant derived from its name, so every NPC keeps the same voice across sessions.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from agent.errors import InputError

# planner language codes -> eSpeak language names
LANGUAGE_VOICES = {"en": "en-us", "ko": "ko", "zh": "cmn", "ja": "ja"}

# style word -> (variant, pitch 0-100, pitch range 0-100, rate factor)
STYLES: dict[str, tuple[str, int, int, float]] = {
    "deep": ("m3", 18, 35, 0.92), "low": ("m3", 22, 40, 0.95), "bass": ("m3", 12, 30, 0.9),
    "male": ("m1", 40, 50, 1.0), "man": ("m1", 40, 50, 1.0),
    "female": ("f2", 62, 60, 1.0), "woman": ("f2", 62, 60, 1.0),
    "high": ("f3", 78, 70, 1.05), "child": ("f4", 88, 75, 1.08), "kid": ("f4", 88, 75, 1.08),
    "old": ("grandpa", 35, 45, 0.85), "elderly": ("grandpa", 35, 45, 0.85),
    "whisper": ("whisper", 50, 50, 0.95), "robot": ("robosoft", 50, 10, 1.0),
    "calm": ("m2", 40, 30, 0.9), "excited": ("f1", 65, 90, 1.15), "fast": ("", 50, 50, 1.3),
    "slow": ("", 50, 50, 0.75),
}
PERSONA_VARIANTS = ("m1", "m2", "m3", "m4", "m7", "f1", "f2", "f3", "f4")
_VARIANT = re.compile(r"^\+?([A-Za-z][A-Za-z0-9_]*)$")


@dataclass(frozen=True)
class VoiceChoice:
    """What the engine is asked for."""

    espeak_voice: str          # e.g. "en-us+m3"
    language: str              # the eSpeak language, e.g. "en-us"
    pitch: int                 # 0-100
    pitch_range: int           # 0-100
    rate_wpm: int              # words per minute, 80-450
    style: str | None = None


def espeak_language(language: str, available: list[str]) -> str:
    """The eSpeak language for a planner code; ``InputError`` names the languages that exist."""
    code = language.strip().lower().replace("_", "-")
    candidates = [LANGUAGE_VOICES.get(code, code), code, code.split("-")[0]]
    for candidate in candidates:
        if candidate in available:
            return candidate
    raise InputError(
        f"there is no voice for language {language!r}; voices exist for: {', '.join(available)}"
    )


def persona_variant(persona: str) -> str:
    """A stable eSpeak variant for a persona name (same name, same voice)."""
    digest = hashlib.sha256(persona.strip().lower().encode("utf-8")).digest()
    return PERSONA_VARIANTS[digest[0] % len(PERSONA_VARIANTS)]


def choose_voice(*, language: str, available: list[str], variants: list[str], voice: str | None = None,
                 persona: str | None = None, rate: float = 1.0, pitch: int | None = None) -> VoiceChoice:
    """Resolve language, style or voice name, persona, rate and pitch into one :class:`VoiceChoice`."""
    base = espeak_language(language, available)
    variant, style_pitch, style_range, style_rate, style = "", 50, 50, 1.0, None
    if voice:
        wanted = voice.strip().lower()
        words = re.findall(r"[a-z]+", wanted)
        style = next((word for word in words if word in STYLES), None)
        if style is not None:
            variant, style_pitch, style_range, style_rate = STYLES[style]
        elif "+" in wanted and not wanted.startswith("+"):
            name, variant = wanted.split("+", 1)
            base = espeak_language(name, available)
        elif wanted in available:
            base = wanted
        elif (match := _VARIANT.match(voice.strip())) and match.group(1) in variants:
            variant = match.group(1)
        else:
            raise InputError(
                f"unknown voice {voice!r}; use a style ({', '.join(sorted(STYLES))}), a language voice "
                f"(e.g. en-us, ko) or an eSpeak variant (e.g. {', '.join(PERSONA_VARIANTS)})"
            )
        if variant and variant not in variants:
            raise InputError(f"eSpeak has no voice variant {variant!r}; variants: {', '.join(sorted(variants))}")
    elif persona:
        variant = persona_variant(persona)
    return VoiceChoice(
        espeak_voice=f"{base}+{variant}" if variant else base,
        language=base,
        pitch=int(pitch if pitch is not None else style_pitch),
        pitch_range=style_range,
        rate_wpm=int(min(450, max(80, round(175 * rate * style_rate)))),
        style=style,
    )
