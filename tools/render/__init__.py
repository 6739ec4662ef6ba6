"""A small CPU renderer shared by the image, panorama and video tools.

Pure numpy, vectorised: a triangle rasterizer with a z-buffer (:mod:`tools.render.raster`),
deferred Lambert/Blinn-Phong shading with a sun shadow map (:mod:`tools.render.shading`),
procedural skies, terrain and ground driven by scene words (:mod:`tools.render.environment`),
and cheap stylising post-processes (:mod:`tools.render.styles`). Importing this package loads
nothing heavy; numpy and trimesh are imported by the modules that need them.
"""
