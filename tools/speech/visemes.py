"""Phoneme timings -> the 15 Oculus/OpenXR visemes -> ARKit blendshape curves, as one JSON track.

Input phonemes are IPA (eSpeak's phoneme events) or ARPAbet (PocketSphinx alignments); a
diphthong is split over its duration ("aʊ" -> aa then ou). The track keeps times in seconds
so an XR engine can play it beside the WAV; the blendshape curves are sampled at ``fps`` with
a short attack/release so the mouth moves instead of snapping (co-articulation, roughly).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

import numpy as np

VISEMES: tuple[str, ...] = ("sil", "PP", "FF", "TH", "DD", "kk", "CH", "SS", "nn", "RR", "aa", "E", "ih", "oh", "ou")

ARKIT_SHAPES: tuple[str, ...] = (
    "jawOpen", "mouthClose", "mouthFunnel", "mouthPucker", "mouthSmileLeft", "mouthSmileRight",
    "mouthStretchLeft", "mouthStretchRight", "mouthRollLower", "mouthRollUpper", "mouthPressLeft",
    "mouthPressRight", "mouthLowerDownLeft", "mouthLowerDownRight", "mouthUpperUpLeft", "mouthUpperUpRight",
    "tongueOut",
)


def _pose(**weights: float) -> dict[str, float]:
    pose: dict[str, float] = {}
    for name, value in weights.items():
        if name.endswith("_LR"):
            base = name[:-3]
            pose[f"{base}Left"] = value
            pose[f"{base}Right"] = value
        else:
            pose[name] = value
    return pose


# Each viseme as ARKit blendshape weights (0-1), following the usual Oculus->ARKit retarget tables.
VISEME_TO_ARKIT: dict[str, dict[str, float]] = {
    "sil": {},
    "PP": _pose(jawOpen=0.03, mouthClose=0.5, mouthPress_LR=0.6, mouthRollLower=0.15, mouthRollUpper=0.15),
    "FF": _pose(jawOpen=0.1, mouthRollLower=0.6, mouthUpperUp_LR=0.3, mouthClose=0.1),
    "TH": _pose(jawOpen=0.15, tongueOut=0.4, mouthStretch_LR=0.1),
    "DD": _pose(jawOpen=0.2, mouthStretch_LR=0.2, mouthLowerDown_LR=0.1),
    "kk": _pose(jawOpen=0.25, mouthStretch_LR=0.15),
    "CH": _pose(jawOpen=0.15, mouthFunnel=0.5, mouthPucker=0.25, mouthUpperUp_LR=0.2),
    "SS": _pose(jawOpen=0.08, mouthStretch_LR=0.35, mouthSmile_LR=0.2),
    "nn": _pose(jawOpen=0.15, mouthStretch_LR=0.15),
    "RR": _pose(jawOpen=0.15, mouthFunnel=0.35, mouthPucker=0.3),
    "aa": _pose(jawOpen=0.7, mouthLowerDown_LR=0.3, mouthUpperUp_LR=0.1),
    "E": _pose(jawOpen=0.4, mouthStretch_LR=0.3, mouthSmile_LR=0.2),
    "ih": _pose(jawOpen=0.25, mouthSmile_LR=0.4, mouthStretch_LR=0.2),
    "oh": _pose(jawOpen=0.5, mouthFunnel=0.6, mouthPucker=0.2),
    "ou": _pose(jawOpen=0.2, mouthPucker=0.8, mouthFunnel=0.3),
}

# How each emotion of a reply (agent/emotion.py) shows on a face, as ARKit blendshape weights (0-1):
# brows, eyes, cheeks and mouth corners; the mouth's visemes play on top of it (:func:`face_weights`).
EMOTION_TO_ARKIT: dict[str, dict[str, float]] = {
    "neutral": {},
    "happy": _pose(mouthSmile_LR=0.55, cheekSquint_LR=0.35, eyeSquint_LR=0.15, browInnerUp=0.1),
    "sad": _pose(mouthFrown_LR=0.5, browInnerUp=0.6, browDown_LR=0.15, eyeLookDown_LR=0.2, mouthPress_LR=0.1),
    "angry": _pose(browDown_LR=0.75, noseSneer_LR=0.35, eyeSquint_LR=0.35, mouthPress_LR=0.3, jawForward=0.1),
    "surprised": _pose(browInnerUp=0.75, browOuterUp_LR=0.7, eyeWide_LR=0.7, jawOpen=0.12),
    "afraid": _pose(browInnerUp=0.7, browOuterUp_LR=0.3, eyeWide_LR=0.6, mouthStretch_LR=0.4, mouthFrown_LR=0.2),
    "thinking": _pose(browDownLeft=0.3, browOuterUpRight=0.4, eyeLookUp_LR=0.25, mouthPressLeft=0.2,
                      mouthRollLower=0.15),
}
EXPRESSION_SHAPES: tuple[str, ...] = tuple(sorted({name for pose in EMOTION_TO_ARKIT.values() for name in pose}
                                                  - set(ARKIT_SHAPES)))


def face_weights(viseme: str | None, emotion: str = "neutral") -> dict[str, float]:
    """ARKit weights of ``viseme`` said with ``emotion`` (``viseme=None``: the expression alone):
    where both move a shape, the larger weight wins, so a smile stays through an "aa" and a
    closed "PP" still closes a frown. Only shapes that move are listed; unknown names raise ``KeyError``."""
    mouth = VISEME_TO_ARKIT[viseme] if viseme is not None else {}
    expression = EMOTION_TO_ARKIT[emotion]
    names = dict.fromkeys([*expression, *mouth])
    return {name: round(max(mouth.get(name, 0.0), expression.get(name, 0.0)), 3) for name in names}


_IPA_UNITS = {  # multi-character units first (affricates)
    "tʃ": "CH", "dʒ": "CH", "tɕ": "CH", "dʑ": "CH", "ts": "SS", "dz": "SS",
}
_IPA = {
    **dict.fromkeys("pbmɸβ", "PP"), **dict.fromkeys("fvʋ", "FF"), **dict.fromkeys("θð", "TH"),
    **dict.fromkeys("tdɾʈɖ", "DD"), **dict.fromkeys("kgɡqxɣhɦʔŋχɢ", "kk"), **dict.fromkeys("ʃʒɕʑçʝ", "CH"),
    **dict.fromkeys("szʂʐ", "SS"), **dict.fromkeys("nlɲɳɭʎɫ", "nn"), **dict.fromkeys("rɹɻʁʀɚɝ", "RR"),
    **dict.fromkeys("aɑɐæʌɒᴀ", "aa"), **dict.fromkeys("eɛəɜɘ", "E"), **dict.fromkeys("iɪjɨɯyʏ", "ih"),
    **dict.fromkeys("oɔɵøœɤ", "oh"), **dict.fromkeys("uʊwɥɰ", "ou"),
}
_ARPABET = {
    "AA": "aa", "AE": "aa", "AH": "aa", "AO": "oh", "AW": "aa", "AY": "aa", "B": "PP", "CH": "CH", "D": "DD",
    "DH": "TH", "EH": "E", "ER": "RR", "EY": "E", "F": "FF", "G": "kk", "HH": "kk", "IH": "ih", "IY": "ih",
    "JH": "CH", "K": "kk", "L": "nn", "M": "PP", "N": "nn", "NG": "kk", "OW": "oh", "OY": "oh", "P": "PP",
    "R": "RR", "S": "SS", "SH": "CH", "T": "DD", "TH": "TH", "UH": "ou", "UW": "ou", "V": "FF", "W": "ou",
    "Y": "ih", "Z": "SS", "ZH": "CH", "SIL": "sil", "+NSN+": "sil", "+SPN+": "sil", "+BREATH+": "sil",
}


@dataclass(frozen=True)
class VisemeSpan:
    viseme: str
    start: float
    end: float
    phoneme: str


def visemes_of(symbol: str) -> list[str]:
    """The viseme sequence of one phoneme symbol (IPA or ARPAbet); [] when it has none."""
    if not symbol.strip():
        return ["sil"]
    upper = symbol.strip().upper().rstrip("012")
    if upper in _ARPABET:
        return [_ARPABET[upper]]
    # drop stress, length and other modifier marks: ˈ ˌ ː ʰ ʲ ʷ and combining diacritics
    base = "".join(ch for ch in unicodedata.normalize("NFD", symbol)
                   if unicodedata.category(ch) not in ("Lm", "Mn", "Sk") and ch not in "ˈˌː'")
    out: list[str] = []
    index = 0
    while index < len(base):
        pair = base[index:index + 2]
        if pair in _IPA_UNITS:
            out.append(_IPA_UNITS[pair])
            index += 2
            continue
        viseme = _IPA.get(base[index].lower())
        if viseme is not None and (not out or out[-1] != viseme):
            out.append(viseme)
        index += 1
    return out


def spans_from_phonemes(phonemes: Iterable[Any]) -> list[VisemeSpan]:
    """Viseme spans from objects with ``symbol``, ``start``, ``end``; a diphthong shares its time."""
    spans: list[VisemeSpan] = []
    for phoneme in phonemes:
        sequence = visemes_of(phoneme.symbol) or ["sil"]
        step = (phoneme.end - phoneme.start) / len(sequence)
        for index, viseme in enumerate(sequence):
            start = phoneme.start + index * step
            end = phoneme.start + (index + 1) * step
            if spans and spans[-1].viseme == viseme and abs(spans[-1].end - start) < 1e-6:
                spans[-1] = VisemeSpan(viseme, spans[-1].start, end, spans[-1].phoneme + phoneme.symbol)
            else:
                spans.append(VisemeSpan(viseme, start, end, phoneme.symbol))
    return spans


def close_gaps(spans: list[VisemeSpan], duration: float) -> list[VisemeSpan]:
    """Fill holes and the tail with ``sil`` so the track covers [0, duration] exactly."""
    out: list[VisemeSpan] = []
    cursor = 0.0
    for span in sorted(spans, key=lambda s: s.start):
        start, end = max(span.start, cursor), min(span.end, duration)
        if end <= start:
            continue
        if start - cursor > 1e-4:
            out.append(VisemeSpan("sil", cursor, start, ""))
        out.append(VisemeSpan(span.viseme, start, end, span.phoneme))
        cursor = end
    if duration - cursor > 1e-4:
        out.append(VisemeSpan("sil", cursor, duration, ""))
    return out


def spans_from_energy(samples: np.ndarray, rate: int, *, hop_s: float = 0.04) -> list[VisemeSpan]:
    """Fallback when no phonemes are known: loud frames open the mouth ("aa"/"E"/"oh" by loudness),
    quiet frames are ``sil``. Labelled as such in the track's ``source``."""
    hop = max(1, int(rate * hop_s))
    frames = len(samples) // hop
    if frames == 0:
        return []
    rms = np.sqrt(np.mean(samples[: frames * hop].reshape(frames, hop) ** 2, axis=1))
    peak = float(np.percentile(rms, 95)) or 1.0
    level = rms / peak
    spans: list[VisemeSpan] = []
    for index, value in enumerate(level):
        viseme = "sil" if value < 0.12 else ("nn" if value < 0.3 else ("E" if value < 0.6 else ("oh" if index % 3 == 0 else "aa")))
        start, end = index * hop_s, (index + 1) * hop_s
        if spans and spans[-1].viseme == viseme:
            spans[-1] = VisemeSpan(viseme, spans[-1].start, end, "")
        else:
            spans.append(VisemeSpan(viseme, start, end, ""))
    return spans


def blendshape_frames(spans: Sequence[VisemeSpan], duration: float, *, fps: float = 30.0,
                      smooth_s: float = 0.045) -> np.ndarray:
    """ARKit weights sampled at ``fps``: shape (frames, len(ARKIT_SHAPES)), values in [0, 1]."""
    count = max(1, int(np.ceil(duration * fps)) + 1)
    times = np.arange(count) / fps
    targets = np.zeros((count, len(ARKIT_SHAPES)), dtype=np.float32)
    shape_index = {name: i for i, name in enumerate(ARKIT_SHAPES)}
    starts = np.array([s.start for s in spans]) if spans else np.zeros(0)
    for frame, t in enumerate(times):
        position = int(np.searchsorted(starts, t, side="right")) - 1
        if 0 <= position < len(spans) and t < spans[position].end + 1e-6:
            for name, weight in VISEME_TO_ARKIT[spans[position].viseme].items():
                targets[frame, shape_index[name]] = weight
    if smooth_s > 0 and count > 2:
        radius = max(1, int(round(smooth_s * fps)))
        kernel = np.hanning(2 * radius + 3)[1:-1]
        kernel /= kernel.sum()
        padded = np.pad(targets, ((radius, radius), (0, 0)), mode="edge")
        targets = np.stack([np.convolve(padded[:, j], kernel, mode="valid") for j in range(targets.shape[1])], axis=1)
    return np.clip(targets, 0.0, 1.0)


def viseme_track(spans: list[VisemeSpan], *, duration: float, source: str, fps: float = 30.0,
                 phonemes: Iterable[Any] = (), language: str | None = None, audio_file: str | None = None) -> dict[str, Any]:
    """The JSON track (times in seconds) that XR engines and the renderers consume."""
    spans = close_gaps(spans, duration)
    frames = blendshape_frames(spans, duration, fps=fps)
    return {
        "version": 1,
        "source": source,
        "language": language,
        "audio": {"file": audio_file, "duration_s": round(duration, 4)},
        "viseme_set": list(VISEMES),
        "visemes": [{"viseme": s.viseme, "start": round(s.start, 4), "end": round(s.end, 4), "phoneme": s.phoneme}
                    for s in spans],
        "phonemes": [{"symbol": p.symbol, "start": round(p.start, 4), "end": round(p.end, 4)} for p in phonemes],
        "blendshapes": {"standard": "ARKit", "fps": fps, "names": list(ARKIT_SHAPES),
                        "frames": np.round(frames, 3).tolist()},
    }
