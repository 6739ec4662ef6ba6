"""The ``video`` tool (H.264 MP4). Importing this package loads no numpy, torch or diffusers."""

from tools.video.tool import VideoInput, VideoTool

__all__ = ["VideoInput", "VideoTool"]
