"""Embedded image -> 3D: an inflated relief of the picture's silhouette, textured with the picture.

No model guesses the hidden side here, and the result says so (``method: "relief"``): the
subject is cut out (alpha channel, or the colour that fills the image's border), its outline
is kept, and the cut-out is puffed up by its distance to the outline, front and back, so it
reads as a rounded 3D cut-out (a sticker, a sign, a game "paper" prop). The picture is its
texture. Pillow, numpy and scipy only; imported inside the functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from agent.errors import InputError

if TYPE_CHECKING:
    import numpy
    import trimesh

MAX_CELLS = 96  # grid cells along the longer side of the image
TEXTURE_SIDE = 512
BACKGROUND_DISTANCE = 48.0  # RGB distance (0-255 scale) that separates subject from a plain background


@dataclass
class Relief:
    mesh: "trimesh.Trimesh"
    cutout: str  # "alpha", "background" or "whole image"
    coverage: float  # the fraction of the picture kept


def silhouette(rgba: "numpy.ndarray") -> tuple["numpy.ndarray", str]:
    """A boolean mask of the subject and how it was found."""
    import numpy as np
    from scipy import ndimage

    alpha = rgba[..., 3]
    if alpha.min() < 250:
        mask, how = alpha > 127, "alpha"
    else:
        rgb = rgba[..., :3].astype(np.float32)
        border = np.concatenate([rgb[0], rgb[-1], rgb[:, 0], rgb[:, -1]])
        background = np.median(border, axis=0)
        mask, how = np.linalg.norm(rgb - background, axis=-1) > BACKGROUND_DISTANCE, "background"
    mask = ndimage.binary_fill_holes(ndimage.binary_opening(mask, iterations=1))
    labels, count = ndimage.label(mask)
    if count > 1:  # drop specks: keep parts of at least 2 % of the largest
        sizes = ndimage.sum(mask, labels, range(1, count + 1))
        mask = np.isin(labels, 1 + np.flatnonzero(sizes >= 0.02 * sizes.max()))
    coverage = float(mask.mean())
    if coverage < 0.02 or coverage > 0.98:
        return np.ones_like(mask, dtype=bool), "whole image"  # nothing to cut out: a thick card
    return mask, how


def relief_from_image(path: Path, *, height_m: float = 1.0, thickness: float = 0.12) -> Relief:
    """The relief mesh of the picture at ``path``: ``height_m`` tall, standing on y = 0, facing +Z.

    ``thickness`` is the bulge at the thickest point on each side, as a fraction of the height.
    """
    import numpy as np
    import trimesh
    from PIL import Image, UnidentifiedImageError
    from scipy import ndimage

    try:
        with Image.open(path) as opened:
            picture = opened.convert("RGBA")
    except (UnidentifiedImageError, OSError) as exc:
        raise InputError(f"cannot read {Path(path).name} as an image ({exc}); upload a PNG or JPEG") from exc
    width, height = picture.size
    cells_w = max(2, round(MAX_CELLS * width / max(width, height)))
    cells_h = max(2, round(MAX_CELLS * height / max(width, height)))
    small = np.asarray(picture.resize((cells_w, cells_h), Image.Resampling.LANCZOS))
    mask, how = silhouette(small)

    # puff: distance to the outline, rounded like a pillow (sqrt), zero on the outline itself
    distance = ndimage.distance_transform_edt(np.pad(mask, 1))[1:-1, 1:-1]
    bulge = np.sqrt(distance / max(float(distance.max()), 1.0)) * thickness * height_m
    inside = np.pad(mask, 1)
    # a grid corner is used when a cell around it is inside; on the outline when one is outside
    around = [inside[:-1, :-1], inside[:-1, 1:], inside[1:, :-1], inside[1:, 1:]]
    used = np.logical_or.reduce(around)
    outline = used & ~np.logical_and.reduce(around)
    padded_bulge = np.pad(bulge, 1)
    corner_depth = np.maximum.reduce([padded_bulge[:-1, :-1], padded_bulge[:-1, 1:],
                                      padded_bulge[1:, :-1], padded_bulge[1:, 1:]])
    corner_depth[outline] = 0.0

    cell = height_m / cells_h
    rows, cols = np.nonzero(used)
    front_index = -np.ones(used.shape, dtype=np.int64)
    front_index[rows, cols] = np.arange(len(rows))
    back_index = front_index.copy()
    inner = ~outline[rows, cols]
    back_index[rows[inner], cols[inner]] = len(rows) + np.arange(int(inner.sum()))
    xy = np.c_[(cols - cells_w / 2) * cell, (cells_h - rows) * cell]
    depth = corner_depth[rows, cols]
    vertices = np.r_[np.c_[xy, depth], np.c_[xy[inner], -depth[inner]]]
    uv = np.c_[cols / cells_w, 1.0 - rows / cells_h]
    uv = np.r_[uv, uv[inner]]

    cell_rows, cell_cols = np.nonzero(mask)
    faces = []
    for index in (front_index, back_index):
        a = index[cell_rows, cell_cols]  # top-left corner of each inside cell
        b = index[cell_rows, cell_cols + 1]  # top-right
        c = index[cell_rows + 1, cell_cols + 1]  # bottom-right
        d = index[cell_rows + 1, cell_cols]  # bottom-left
        if index is front_index:  # counter-clockwise seen from +Z
            faces += [np.c_[d, c, b], np.c_[d, b, a]]
        else:
            faces += [np.c_[d, b, c], np.c_[d, a, b]]
    # power-of-two sides: what WebGL 1 and the glTF validator prefer for mip-mapped textures
    side = [min(TEXTURE_SIDE, 1 << max(1, (n - 1).bit_length())) for n in picture.size]
    texture = picture.convert("RGB").resize((side[0], side[1]), Image.Resampling.LANCZOS)
    visual = trimesh.visual.TextureVisuals(uv=uv, image=texture)
    mesh = trimesh.Trimesh(vertices=vertices, faces=np.vstack(faces), visual=visual, process=False)
    # the subject, not the picture, is height_m tall and stands on y = 0, centred
    low, high = mesh.bounds
    mesh.apply_translation([-(low[0] + high[0]) / 2, -low[1], 0.0])
    mesh.apply_scale(height_m / max(float(high[1] - low[1]), 1e-6))
    return Relief(mesh=mesh, cutout=how, coverage=round(float(mask.mean()), 4))
