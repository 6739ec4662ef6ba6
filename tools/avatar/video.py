"""MP4 writing (H.264 yuv420p + AAC) through imageio-ffmpeg, and stream-length probing."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from agent.errors import BackendError
from tools.audio_io import ffmpeg_exe

_TIME = re.compile(r"time=\s*(\d+):(\d+):(\d+(?:\.\d+)?)")


def write_mp4(path: Path, frames: Iterable[np.ndarray], *, size: int, fps: float, audio_wav: Path | None,
              on_frame: Callable[[int], None] | None = None) -> Path:
    """Encode RGB frames as H.264 (yuv420p, faststart) and mux ``audio_wav`` as AAC."""
    import imageio_ffmpeg

    writer = imageio_ffmpeg.write_frames(
        str(path), (size, size), fps=fps, codec="libx264", pix_fmt_out="yuv420p", quality=None, bitrate=None,
        macro_block_size=16, ffmpeg_log_level="error",
        output_params=["-preset", "veryfast", "-crf", "23", "-movflags", "+faststart"]
        + (["-b:a", "128k", "-ac", "1"] if audio_wav else []),
        audio_path=str(audio_wav) if audio_wav else None, audio_codec="aac" if audio_wav else None,
    )
    try:
        writer.send(None)
        for index, frame in enumerate(frames):
            writer.send(np.ascontiguousarray(frame, dtype=np.uint8))
            if on_frame is not None:
                on_frame(index)
    except (OSError, RuntimeError) as exc:
        raise BackendError(f"ffmpeg failed to encode the video: {exc}") from exc
    finally:
        writer.close()
    return path


def stream_seconds(path: Path, stream: str) -> float | None:
    """Length of the first video (``"v"``) or audio (``"a"``) stream: ffmpeg decodes it to null and
    reports the end time (a stream copy would report the last packet's start instead)."""
    proc = subprocess.run(
        [ffmpeg_exe(), "-nostdin", "-hide_banner", "-i", str(path), "-map", f"0:{stream}:0", "-f", "null", "-"],
        capture_output=True, text=True, errors="replace",
    )
    found = _TIME.findall(proc.stderr)
    if proc.returncode != 0 or not found:
        return None
    hours, minutes, seconds = found[-1]
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)
