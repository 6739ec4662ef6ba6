"""The ``level`` tool (procedural dungeons, caves, overworlds and platformer stages with a
playability check). Importing this package loads nothing heavy."""

from tools.level.tool import LevelInput, LevelTool

__all__ = ["LevelInput", "LevelTool"]
