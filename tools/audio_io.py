"""Audio file helpers shared by the speech, transcribe and avatar tools.

Decoding goes through the ffmpeg binary that ``imageio-ffmpeg`` ships (so WAV, MP3, OGG/Opus
and browser WebM all work without a system ffmpeg); writing is 16-bit PCM WAV from the
standard library. Voice-activity trimming uses WebRTC's VAD (``webrtcvad-wheels``).
"""

from __future__ import annotations

import re
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from agent.errors import BackendError, InputError

ASR_RATE = 16000
MAX_AUDIO_SECONDS = 30 * 60  # a longer recording is refused with a message naming this limit
_DURATION = re.compile(r"Duration:\s*(\d+):(\d+):(\d+(?:\.\d+)?)")


def ffmpeg_exe() -> str:
    """The ffmpeg binary shipped by ``imageio-ffmpeg``."""
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


@dataclass(frozen=True)
class Audio:
    """Mono float32 samples in [-1, 1] at ``rate`` Hz."""

    samples: np.ndarray
    rate: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / float(self.rate)

    def pcm16(self) -> bytes:
        """Little-endian 16-bit PCM bytes (what WAV files, PocketSphinx and WebRTC VAD take)."""
        clipped = np.clip(self.samples, -1.0, 1.0)
        return (clipped * 32767.0).astype("<i2").tobytes()


def probe_seconds(path: Path) -> float | None:
    """The container's stated duration, read from ffmpeg's banner (None when it states none)."""
    proc = subprocess.run([ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True, text=True,
                          errors="replace")
    match = _DURATION.search(proc.stderr)
    if not match:
        return None
    hours, minutes, seconds = match.groups()
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def decode(path: Path, *, rate: int = ASR_RATE, max_seconds: float = MAX_AUDIO_SECONDS) -> Audio:
    """Decode any audio (or video) file ffmpeg understands to mono float32 at ``rate``.

    Raises ``InputError`` for a missing, corrupt, unsupported, empty or over-long file; the
    message names the formats that work or the limit.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"audio file {path} does not exist; upload it again")
    if path.stat().st_size == 0:
        raise InputError(f"audio file {path.name} is empty (0 bytes); record or upload it again")
    stated = probe_seconds(path)
    if stated is not None and stated > max_seconds:
        raise InputError(
            f"the recording is {stated / 60:.0f} minutes long; the limit is {max_seconds / 60:.0f} minutes: "
            "cut it into shorter parts"
        )
    cmd = [ffmpeg_exe(), "-nostdin", "-hide_banner", "-loglevel", "error", "-i", str(path),
           "-t", f"{max_seconds + 1:.0f}", "-vn", "-ac", "1", "-ar", str(rate), "-f", "s16le", "-"]
    proc = subprocess.run(cmd, capture_output=True)
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(
            f"cannot decode audio file {path.name} ({detail[-1] if detail else 'unknown error'}); "
            "send WAV, MP3, OGG/Opus, FLAC or WebM audio"
        )
    samples = np.frombuffer(proc.stdout, dtype="<i2").astype(np.float32) / 32768.0
    if samples.size == 0:
        raise InputError(f"audio file {path.name} holds no audio samples; send WAV, MP3, OGG/Opus, FLAC or WebM audio")
    if samples.size > (max_seconds + 0.5) * rate:
        raise InputError(
            f"the recording is longer than the {max_seconds / 60:.0f}-minute limit; cut it into shorter parts"
        )
    return Audio(samples=samples, rate=rate)


def write_wav(path: Path, audio: Audio) -> Path:
    """Write 16-bit mono PCM WAV."""
    path = Path(path)
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(int(audio.rate))
        handle.writeframes(audio.pcm16())
    return path


def read_wav(path: Path) -> Audio:
    """Read a 16-bit PCM WAV written by :func:`write_wav` (mono); other files go through :func:`decode`."""
    with wave.open(str(path), "rb") as handle:
        if handle.getsampwidth() != 2 or handle.getnchannels() != 1:
            return decode(Path(path), rate=handle.getframerate())
        frames = handle.readframes(handle.getnframes())
        rate = handle.getframerate()
    return Audio(samples=np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32768.0, rate=rate)


def resample(audio: Audio, rate: int) -> Audio:
    """Band-limited polyphase resampling (scipy), e.g. eSpeak's 22 050 Hz to 16 kHz for ASR."""
    if audio.rate == rate:
        return audio
    from math import gcd

    from scipy.signal import resample_poly

    g = gcd(int(audio.rate), int(rate))
    out = resample_poly(audio.samples, rate // g, audio.rate // g).astype(np.float32)
    return Audio(samples=out, rate=rate)


@dataclass(frozen=True)
class SpeechSpan:
    """Where speech starts and ends in a recording, in seconds."""

    start: float
    end: float


def voiced_span(audio: Audio, *, aggressiveness: int = 2, pad_s: float = 0.15) -> SpeechSpan | None:
    """The first-to-last voiced region found by WebRTC VAD (30 ms frames), padded; None for silence.

    Near-silent input (peak below -50 dBFS) counts as silence without asking the VAD, which
    can fire on amplified noise.
    """
    import webrtcvad

    if audio.samples.size == 0 or float(np.max(np.abs(audio.samples))) < 0.003:
        return None
    work = audio if audio.rate in (8000, 16000, 32000, 48000) else resample(audio, ASR_RATE)
    vad = webrtcvad.Vad(aggressiveness)
    frame = int(work.rate * 0.03)
    pcm = work.pcm16()
    voiced: list[int] = []
    for index in range(len(work.samples) // frame):
        chunk = pcm[index * frame * 2:(index + 1) * frame * 2]
        if vad.is_speech(chunk, work.rate):
            voiced.append(index)
    # a lone voiced frame is a click, not speech: require two voiced frames within 90 ms
    runs = [i for i in voiced if (i + 1 in voiced or i + 2 in voiced or i - 1 in voiced or i - 2 in voiced)]
    if not runs:
        return None
    start = max(0.0, runs[0] * 0.03 - pad_s)
    end = min(audio.seconds, (runs[-1] + 1) * 0.03 + pad_s)
    return SpeechSpan(start=start, end=end)


def trim_silence(audio: Audio, *, aggressiveness: int = 2) -> tuple[Audio, SpeechSpan]:
    """Cut leading and trailing silence; ``InputError`` when there is no speech at all."""
    span = voiced_span(audio, aggressiveness=aggressiveness)
    if span is None:
        raise InputError("the recording holds no speech (only silence or noise); record again closer to the microphone")
    first, last = int(span.start * audio.rate), int(span.end * audio.rate)
    return Audio(samples=audio.samples[first:last], rate=audio.rate), span


def run_ffmpeg(args: list[str], *, what: str) -> None:
    """Run ffmpeg with ``args``; a failure becomes ``BackendError`` with ffmpeg's last line."""
    proc = subprocess.run([ffmpeg_exe(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args],
                          capture_output=True)
    if proc.returncode != 0:
        lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise BackendError(f"ffmpeg failed while {what}: {lines[-1] if lines else 'no message'}")
