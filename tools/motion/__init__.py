"""The ``motion`` tool (BVH + skinned animated GLB + MP4 preview). Importing loads no numpy.

See ``tools.motion.skeleton`` (the 24-joint humanoid and its SMPL/Mixamo mapping),
``tools.motion.script`` (the motion-script format) and ``tools.motion.tool`` (the three modes).
"""

from tools.motion.script import MotionStep, motion_script_schema, parse_script
from tools.motion.tool import MotionInput, MotionTool

__all__ = ["MotionInput", "MotionStep", "MotionTool", "motion_script_schema", "parse_script"]
