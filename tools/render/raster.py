"""A vectorised triangle rasterizer with a z-buffer.

Triangles are grouped by the power-of-two size of their screen bounding box; each group is
rasterized at once as an (n, kx*ky) array of candidate pixels, so the Python loop runs over a
handful of size classes, not over triangles. Depth is resolved with ``np.minimum.at`` on the
NDC depth (affine in screen space for perspective and orthographic cameras alike). The result
is a G-buffer of triangle ids; the shader recomputes barycentrics from per-triangle plane
coefficients, so fragments never store attributes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_CANDIDATES = 1 << 21  # candidate pixels per batch: bounds peak memory (~100 MB)


@dataclass
class ScreenTriangles:
    """Per-triangle screen-space plane coefficients: value = a * x + b * y + c at pixel centres."""

    bary: np.ndarray  # (F, 2, 3): rows b0 and b1, columns a, b, c
    depth: np.ndarray  # (F, 3): NDC z plane
    inv_w: np.ndarray  # (F, 3, 1) per-vertex 1/w (perspective correction), ones for orthographic


@dataclass
class GBuffer:
    """What the rasterizer leaves for the shader."""

    face: np.ndarray  # (H, W) int32, -1 where no triangle covers the pixel
    depth: np.ndarray  # (H, W) float32 NDC z, +inf where empty
    triangles: ScreenTriangles
    width: int
    height: int

    def barycentrics(self, ys: np.ndarray, xs: np.ndarray, faces: np.ndarray, *, perspective: bool = True) -> np.ndarray:
        """Perspective-correct barycentric weights (n, 3) at pixel centres (ys, xs) of ``faces``."""
        px, py = xs.astype(np.float32) + 0.5, ys.astype(np.float32) + 0.5
        coef = self.triangles.bary[faces]
        b0 = coef[:, 0, 0] * px + coef[:, 0, 1] * py + coef[:, 0, 2]
        b1 = coef[:, 1, 0] * px + coef[:, 1, 1] * py + coef[:, 1, 2]
        weights = np.stack([b0, b1, 1.0 - b0 - b1], axis=1)
        if perspective:
            weights = weights * self.triangles.inv_w[faces, :, 0]
            weights /= weights.sum(axis=1, keepdims=True)
        return np.clip(weights, 0.0, 1.0)


def project(vertices: np.ndarray, matrix: np.ndarray, width: int, height: int) -> tuple[np.ndarray, np.ndarray]:
    """World vertices (V, 3) to screen (V, 3: x, y in pixels, NDC z) and clip w (V,).

    Written out row by row: numpy's (V, 4) @ (4, 4) product was eight times slower than these
    twelve multiply-adds, and projection runs on every ground pixel of a panorama's shadows."""
    m = np.asarray(matrix, np.float32)
    points = np.asarray(vertices, np.float32)
    x, y, z = points[:, 0], points[:, 1], points[:, 2]

    def row(i: int) -> np.ndarray:
        return x * m[i, 0] + y * m[i, 1] + z * m[i, 2] + m[i, 3]

    w = row(3)
    inverse = 1.0 / np.where(np.abs(w) < 1e-9, np.float32(1e-9), w)
    screen = np.empty((len(points), 3), np.float32)
    screen[:, 0] = (row(0) * inverse * 0.5 + 0.5) * width
    screen[:, 1] = (0.5 - row(1) * inverse * 0.5) * height
    screen[:, 2] = row(2) * inverse
    return screen, w


def rasterize(vertices: np.ndarray, faces: np.ndarray, matrix: np.ndarray, width: int, height: int,
              *, depth: np.ndarray | None = None, cull: bool = False) -> GBuffer:
    """Rasterize triangles ``faces`` (F, 3) of world ``vertices`` (V, 3) with the clip ``matrix``.

    ``depth`` may hold an initial depth buffer (e.g. an analytic ground already drawn); covered
    pixels keep -1 in ``face`` unless a triangle is nearer. Triangles with a vertex behind the
    near plane are dropped (cameras here always stand outside the scene's bounds). ``cull`` drops
    triangles facing away (counter-clockwise front faces); shadow passes use it, where a closed
    mesh casts the same silhouette with half its triangles whatever its winding.
    """
    vertices = np.asarray(vertices, np.float32)
    faces = np.asarray(faces, np.int64)
    screen, w = project(vertices, matrix, width, height)
    corner_w = w[faces]
    return rasterize_corners(screen[faces], corner_w, width, height, depth=depth, cull=cull,
                             keep=(corner_w > 1e-6).all(axis=1))


def rasterize_corners(tri: np.ndarray, corner_w: np.ndarray, width: int, height: int, *,
                      depth: np.ndarray | None = None, cull: bool = False, keep: np.ndarray | None = None) -> GBuffer:
    """Rasterize triangles given by their screen corners ``tri`` (F, 3, 3: x, y in pixels, depth in
    [-1, 1]) and per-corner clip ``corner_w`` (F, 3; ones for affine interpolation). ``keep``
    masks triangles to draw. Any projection can feed this (the equirectangular one does)."""
    x, y, z = tri[..., 0].astype(np.float64), tri[..., 1].astype(np.float64), tri[..., 2]
    area = (x[:, 1] - x[:, 0]) * (y[:, 2] - y[:, 0]) - (x[:, 2] - x[:, 0]) * (y[:, 1] - y[:, 0])
    visible = (np.abs(area) > 1e-12) & (z > -1).any(axis=1) & (z < 1).any(axis=1)
    if keep is not None:
        visible &= keep
    if cull:
        visible &= area < 0  # screen y points down, so front faces turn clockwise here

    # plane coefficients of b0 and b1 over the screen (b2 = 1 - b0 - b1)
    safe = np.where(np.abs(area) > 1e-12, area, 1.0)
    a0, b0, c0 = (y[:, 1] - y[:, 2]) / safe, (x[:, 2] - x[:, 1]) / safe, (x[:, 1] * y[:, 2] - x[:, 2] * y[:, 1]) / safe
    a1, b1, c1 = (y[:, 2] - y[:, 0]) / safe, (x[:, 0] - x[:, 2]) / safe, (x[:, 2] * y[:, 0] - x[:, 0] * y[:, 2]) / safe
    bary = np.stack([np.stack([a0, b0, c0], 1), np.stack([a1, b1, c1], 1)], 1).astype(np.float32)
    zd = z.astype(np.float64)
    dz = np.stack([a0 * (zd[:, 0] - zd[:, 2]) + a1 * (zd[:, 1] - zd[:, 2]),
                   b0 * (zd[:, 0] - zd[:, 2]) + b1 * (zd[:, 1] - zd[:, 2]),
                   c0 * (zd[:, 0] - zd[:, 2]) + c1 * (zd[:, 1] - zd[:, 2]) + zd[:, 2]], 1).astype(np.float32)
    inv_w = (1.0 / np.where(np.abs(corner_w) < 1e-9, 1e-9, corner_w))[..., None].astype(np.float32)
    triangles = ScreenTriangles(bary=bary, depth=dz, inv_w=inv_w)

    zbuf = np.full(width * height, np.inf, np.float32)
    if depth is not None:
        zbuf[:] = depth.reshape(-1)
    fbuf = np.full(width * height, -1, np.int32)

    iy0 = np.clip(np.ceil(y.min(1) - 0.5), 0, height).astype(np.int64)
    iy1 = np.clip(np.floor(y.max(1) - 0.5), -1, height - 1).astype(np.int64)
    ix0 = np.clip(np.ceil(x.min(1) - 0.5), 0, width).astype(np.int64)
    ix1 = np.clip(np.floor(x.max(1) - 0.5), -1, width - 1).astype(np.int64)
    rows_per_tri = np.where(visible & (ix1 >= ix0), iy1 - iy0 + 1, 0)
    keep = np.nonzero(rows_per_tri > 0)[0]
    if len(keep):
        _raster_spans(keep, rows_per_tri[keep], iy0, ix0, ix1, bary, dz, zbuf, fbuf, width)
    return GBuffer(face=fbuf.reshape(height, width), depth=zbuf.reshape(height, width),
                   triangles=triangles, width=width, height=height)


def _raster_spans(ids: np.ndarray, rows: np.ndarray, iy0: np.ndarray, ix0: np.ndarray, ix1: np.ndarray,
                  bary: np.ndarray, dz: np.ndarray, zbuf: np.ndarray, fbuf: np.ndarray, width: int) -> None:
    """Scanline rasterization of all triangles at once: for every (triangle, row) the covered x-span
    comes from the three edge functions, so only covered pixels are ever generated."""
    row_tri = np.repeat(ids, rows)
    starts = np.repeat(np.cumsum(rows) - rows, rows)
    y = iy0[row_tri] + (np.arange(len(row_tri)) - starts)
    fy = y.astype(np.float64) + 0.5
    coef = bary[row_tri].astype(np.float64)
    lo = ix0[row_tri].astype(np.float64)
    hi = ix1[row_tri].astype(np.float64)
    # b0 >= 0, b1 >= 0 and b2 = 1 - b0 - b1 >= 0, each linear in x along the row: a * x + k >= 0
    edges = ((coef[:, 0, 0], coef[:, 0, 1] * fy + coef[:, 0, 2]),
             (coef[:, 1, 0], coef[:, 1, 1] * fy + coef[:, 1, 2]),
             (-coef[:, 0, 0] - coef[:, 1, 0], 1.0 - (coef[:, 0, 1] + coef[:, 1, 1]) * fy - coef[:, 0, 2] - coef[:, 1, 2]))
    xmin = np.full(len(row_tri), -np.inf)
    xmax = np.full(len(row_tri), np.inf)
    eps = 1e-7
    with np.errstate(divide="ignore", invalid="ignore"):
        for a, k in edges:
            bound = -(k + eps) / a
            xmin = np.where(a > 0, np.maximum(xmin, bound), xmin)
            xmax = np.where(a < 0, np.minimum(xmax, bound), xmax)
            empty = (a == 0) & (k < -eps)
            xmax = np.where(empty, -np.inf, xmax)
    first = np.maximum(np.ceil(xmin - 0.5), lo)
    last = np.minimum(np.floor(xmax - 0.5), hi)
    length = np.where(last >= first, last - first + 1, 0).astype(np.int64)
    spans = np.nonzero(length)[0]
    if not len(spans):
        return
    length = length[spans]
    total = np.cumsum(length)
    # chunks of whole spans, about MAX_CANDIDATES pixels each
    cut = np.searchsorted(total, np.arange(MAX_CANDIDATES, total[-1], MAX_CANDIDATES))
    for chunk in np.split(np.arange(len(spans)), cut):
        if not len(chunk):
            continue
        span = spans[chunk]
        n = length[chunk]
        offsets = np.repeat(np.cumsum(n) - n, n)
        frag_span = np.repeat(span, n)
        px = first[frag_span].astype(np.int64) + (np.arange(int(n.sum())) - offsets)
        py = y[frag_span]
        tri = row_tri[frag_span]
        zplane = dz[tri]
        depth = zplane[:, 0] * (px + 0.5) + zplane[:, 1] * (py + 0.5) + zplane[:, 2]
        ok = (depth >= -1) & (depth <= 1)
        pixel = (py * width + px)[ok]
        frag_depth = depth[ok].astype(np.float32)
        np.minimum.at(zbuf, pixel, frag_depth)
        won = frag_depth <= zbuf[pixel]
        fbuf[pixel[won]] = tri[ok][won].astype(np.int32)


