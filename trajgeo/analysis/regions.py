"""Probability regions of an impact estimate: where 50 % and 95 % of the impacts lie.

The samples of an :class:`~trajgeo.analysis.estimate.ImpactEstimate` are
binned on a grid in a local azimuthal equidistant frame, the counts are
smoothed, and cells are taken from the densest down until they hold the
wanted share of the samples (a highest-density region). The cells become a
polygon, which is turned back into normalised lon/lat (split at 180°).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from trajgeo.analysis.estimate import ImpactEstimate

__all__ = ["ProbabilityRegion", "probability_regions"]

_GRID = 72
_SMOOTH_CELLS = 1.2
#: Samples the smoothing kernel should cover, so that cell densities are not noise.
_KERNEL_SAMPLES = 60.0


@dataclass(frozen=True)
class ProbabilityRegion:
    """The smallest area (on the grid) that holds ``level`` of the impact samples.

    ``geometry`` is a normalised lon/lat (Multi)Polygon; ``area_km2`` its area.
    """

    level: float
    geometry: Any
    area_km2: float

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (GeoJSON geometry)."""
        import shapely

        return {
            "level": self.level,
            "area_km2": round(self.area_km2, 1),
            "geometry": shapely.geometry.mapping(self.geometry),
        }


def _smooth(h: np.ndarray, sigma: float) -> np.ndarray:
    r = max(1, int(3 * sigma))
    k = np.exp(-0.5 * (np.arange(-r, r + 1) / sigma) ** 2)
    k /= k.sum()
    h = np.apply_along_axis(lambda v: np.convolve(v, k, mode="same"), 0, h)
    return np.apply_along_axis(lambda v: np.convolve(v, k, mode="same"), 1, h)


def probability_regions(
    estimate: ImpactEstimate, levels: Sequence[float] = (0.5, 0.95)
) -> tuple[ProbabilityRegion, ...]:
    """Return the highest-density regions of an estimate at the given levels.

    Parameters
    ----------
    estimate
        A placed estimate.
    levels
        Shares of the samples each region must hold, in ``(0, 1)``.

    Returns
    -------
    tuple of ProbabilityRegion
        In the order of ``levels`` (empty when the estimate is not placed).
    """
    import shapely

    from trajgeo.analysis.probability import _frame

    if not estimate.placed or estimate.n == 0:
        return ()
    frame = _frame(estimate.impacts)
    x, y = frame.xy(estimate.impacts)
    cell = max(np.ptp(x), np.ptp(y), 2_000.0) / (_GRID - 8)
    x0, y0 = x.min() - 4 * cell, y.min() - 4 * cell
    nx = int(np.ceil((x.max() - x0) / cell)) + 5
    ny = int(np.ceil((y.max() - y0) / cell)) + 5
    ix = ((x - x0) // cell).astype(int)
    iy = ((y - y0) // cell).astype(int)
    # two independent halves: one ranks the cells, the other measures their share, so a
    # region's stated share is not inflated by picking the cells that sampling noise favoured
    half = np.arange(len(ix)) % 2 == 0
    rank_counts = np.zeros((nx, ny))
    np.add.at(rank_counts, (ix[half], iy[half]), 1.0)
    counts = np.zeros((nx, ny))
    np.add.at(counts, (ix[~half], iy[~half]), 1.0)
    occupied = max(int((rank_counts > 0).sum()), 1)
    per_cell = half.sum() / occupied
    sigma = max(_SMOOTH_CELLS, float(np.sqrt(_KERNEL_SAMPLES / (2 * np.pi * per_cell))))
    density = _smooth(rank_counts, sigma)
    order = np.argsort(density, axis=None, kind="stable")[::-1]
    cum = np.cumsum(counts.ravel()[order]) / counts.sum()
    out = []
    for level in levels:
        k = int(np.searchsorted(cum, level)) + 1
        take = np.zeros(nx * ny, dtype=bool)
        take[order[:k]] = True
        take &= density.ravel() > 0
        cx, cy = np.unravel_index(np.nonzero(take)[0], (nx, ny))
        boxes = shapely.box(
            x0 + cx * cell, y0 + cy * cell, x0 + (cx + 1) * cell, y0 + (cy + 1) * cell
        )
        planar = shapely.coverage_union_all(boxes)
        planar = shapely.simplify(planar, cell * 0.3)
        area = float(planar.area) / 1e6
        out.append(ProbabilityRegion(float(level), _to_lonlat(planar, frame, cell), area))
    return tuple(out)


def _to_lonlat(planar: BaseGeometry, frame: Any, cell: float) -> BaseGeometry:
    import shapely

    from trajgeo.geo.geodesy import lonlat_polygon

    parts = []
    for poly in getattr(planar, "geoms", [planar]):
        if poly.is_empty:
            continue
        dense = shapely.segmentize(poly, max(cell / 2.0, 1_000.0))

        def ring(r: Any) -> np.ndarray:
            xy = np.asarray(r.coords)
            lon, lat = frame.lonlat(xy[:, 0], xy[:, 1])
            return np.column_stack([lon, lat])

        parts.append(lonlat_polygon(ring(dense.exterior), [ring(h) for h in dense.interiors]))
    if not parts:
        return shapely.Polygon()
    return parts[0] if len(parts) == 1 else shapely.union_all(parts)
