"""MP4 (H.264, yuv420p, even dimensions, faststart) written and probed with the ffmpeg binary
that ``imageio-ffmpeg`` ships: no system ffmpeg or ffprobe needed."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from agent.errors import BackendError

_STREAM = re.compile(r"Stream #\d+:\d+.*?: Video: (\w+).*?, (\w+)\(?.*?, (\d+)x(\d+)")
_FPS = re.compile(r"(\d+(?:\.\d+)?) fps")
_FRAMES = re.compile(r"frame=\s*(\d+)")
_TIME = re.compile(r"time=\s*(\d+):(\d+):(\d+(?:\.\d+)?)")


def ffmpeg_exe() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def write_mp4(path: Path, frames: Iterable[np.ndarray], *, width: int, height: int, fps: float, crf: int = 20,
              on_frame: Callable[[int], None] | None = None) -> int:
    """Encode RGB uint8 frames of ``width`` x ``height`` (both even) as H.264; returns the frame count."""
    import imageio_ffmpeg

    if width % 2 or height % 2:
        raise ValueError(f"H.264 yuv420p needs even dimensions, got {width}x{height}")
    writer = imageio_ffmpeg.write_frames(
        str(path), (width, height), fps=fps, codec="libx264", pix_fmt_in="rgb24", pix_fmt_out="yuv420p",
        quality=None, bitrate=None, macro_block_size=2, ffmpeg_log_level="error",
        output_params=["-preset", "veryfast", "-crf", str(crf), "-movflags", "+faststart"],
    )
    count = 0
    try:
        writer.send(None)
        for frame in frames:
            if frame.shape[:2] != (height, width):
                raise ValueError(f"frame {count} is {frame.shape[1]}x{frame.shape[0]}, expected {width}x{height}")
            writer.send(np.ascontiguousarray(frame[..., :3], dtype=np.uint8))
            count += 1
            if on_frame is not None:
                on_frame(count)
    except (OSError, RuntimeError, BrokenPipeError) as exc:
        raise BackendError(f"ffmpeg failed to encode the video: {exc}") from exc
    finally:
        writer.close()
    return count


@dataclass(frozen=True)
class VideoInfo:
    """What ffprobe would say about the first video stream."""

    codec: str
    pix_fmt: str
    width: int
    height: int
    fps: float
    frames: int
    duration_s: float


def probe_video(path: Path) -> VideoInfo:
    """Codec, pixel format, size and rate from the container, frame count and duration by decoding."""
    proc = subprocess.run([ffmpeg_exe(), "-nostdin", "-hide_banner", "-i", str(path), "-map", "0:v:0", "-f", "null",
                           "-"], capture_output=True, text=True, errors="replace")
    stream = _STREAM.search(proc.stderr)
    if proc.returncode != 0 or stream is None:
        raise BackendError(f"{path} is not a readable video: {proc.stderr.strip().splitlines()[-1:]}")
    fps = _FPS.search(proc.stderr[stream.start():])
    frames = _FRAMES.findall(proc.stderr)
    times = _TIME.findall(proc.stderr)
    hours, minutes, seconds = times[-1] if times else ("0", "0", "0")
    return VideoInfo(codec=stream.group(1), pix_fmt=stream.group(2), width=int(stream.group(3)),
                     height=int(stream.group(4)), fps=float(fps.group(1)) if fps else 0.0,
                     frames=int(frames[-1]) if frames else 0,
                     duration_s=int(hours) * 3600 + int(minutes) * 60 + float(seconds))
