"""The scene language shared by mesh, image, panorama and video: prompt parsing, object builders,
layout, composition and GLB export. Importing this package loads no trimesh or numpy."""
