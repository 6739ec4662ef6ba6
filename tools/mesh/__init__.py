"""The ``mesh`` tool (3D models as GLB). Importing this package loads no trimesh or numpy."""

from tools.mesh.tool import MeshInput, MeshTool

__all__ = ["MeshInput", "MeshTool"]
