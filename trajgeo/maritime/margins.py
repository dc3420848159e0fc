"""Signed margins: how far an impact area's extreme points lie from a zone's limit.

:func:`signed_margin_km` measures the impact area's boundary (densified to
2 km) and a grid of interior points against the zone's limit cut into short
segments (:mod:`trajgeo.geo.segments`), on the sphere; the extreme samples
are measured again as exact WGS84 geodesics. The distance to the limit is
1-Lipschitz, so samples that cannot rank among the extremes are bounded from
their measured neighbours and never measured: the cost stays bounded whatever
the size of the area or the zone.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from trajgeo.constants import EARTH_MEAN_RADIUS_M
from trajgeo.geo import geodesy

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

__all__ = ["signed_margin_km"]

_GRID = 24
#: Samples measured again exactly for each extreme margin.
_REFINE = 8
#: Boundary samples measured in a first, coarse pass.
_COARSE = 256


def _samples(subject: BaseGeometry, centre_lon: float) -> tuple[np.ndarray, int]:
    """Points of the subject (boundary every 2 km, then an interior grid), in lon/lat.

    Returns the points and how many of them (the first) are on the boundary.
    """
    import shapely

    if subject.geom_type == "Point":
        return np.array([[subject.x, subject.y]]), 1
    framed = geodesy.shift_to_frame(subject, centre_lon)
    boundary = shapely.get_coordinates(shapely.segmentize(framed.boundary, 0.02))
    minx, miny, maxx, maxy = framed.bounds
    gx, gy = np.meshgrid(np.linspace(minx, maxx, _GRID), np.linspace(miny, maxy, _GRID))
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    inside = shapely.contains_xy(framed, grid[:, 0], grid[:, 1])
    pts = np.concatenate([boundary, grid[inside]])
    pts[:, 0] = geodesy.normalise_lon(pts[:, 0])
    return pts, len(boundary)


def _kept_samples(subject: BaseGeometry, centre_lon: float) -> tuple[np.ndarray, int]:
    """:func:`_samples`, kept for the last subject: an event judges one subject many times."""
    last = _LAST_SAMPLES.get("subject")
    if last is None or last[0] is not subject or last[1] != centre_lon:
        pts, n = _samples(subject, centre_lon)
        pts.setflags(write=False)
        _LAST_SAMPLES["subject"] = last = (subject, centre_lon, pts, n)
    return last[2], last[3]


_LAST_SAMPLES: dict[str, tuple[Any, float, np.ndarray, int]] = {}


def signed_margin_km(
    subject: BaseGeometry,
    area: BaseGeometry,
    centre: tuple[float, float] | None = None,
    coast: BaseGeometry | None = None,
) -> tuple[float, float]:
    """Signed geodesic distance (km) of a subject's extreme points from an area's limit.

    The limit is cut into short segments (:mod:`trajgeo.geo.segments`);
    points of the subject are measured against them on the sphere, and the
    extreme ones again as exact WGS84 geodesics. Nothing is projected or
    buffered, so the cost is bounded whatever the size of the subject or area.

    Parameters
    ----------
    subject
        Impact zone (polygon) or point, normalised lon/lat.
    area
        The maritime zone, normalised lon/lat.
    centre
        Longitude the subject is framed around; default its representative point.
    coast
        Land: the parts of the area's boundary within 2 km of it are the
        coast, not the zone's limit, and are not measured to. (A zone that
        ends at land has no limit there.)

    Returns
    -------
    (min, max) : tuple of float
        Positive inside the area, negative outside. For a point both are equal.
        ``±inf`` when the area has no limit (empty, or the whole globe).

    Examples
    --------
    >>> from shapely.geometry import Point, box
    >>> lo, hi = signed_margin_km(Point(0, 1), box(-5, -5, 5, 5))
    >>> round(lo), lo == hi
    (442, True)
    """
    import shapely

    if area.is_empty:
        return (-math.inf, -math.inf)
    if centre is None:
        rp = subject.representative_point() if subject.geom_type != "Point" else subject
        centre = (rp.x, rp.y)
    pts, n_boundary = _kept_samples(subject, centre[0])
    if not len(pts):
        return (-math.inf, -math.inf)
    limit = _prepared_limit(area, coast)
    inside = shapely.intersects_xy(area, pts[:, 0], pts[:, 1])
    if not len(limit):
        edge = math.inf if inside.all() else -math.inf
        return (edge, edge) if inside.all() == inside.any() else (-math.inf, math.inf)
    signed = _signed(pts, inside, limit, n_boundary)
    if len(pts) > n_boundary:
        pts, inside, signed = _deepen(subject, area, limit, pts, inside, signed, n_boundary)
    return (
        _extreme(pts, signed, inside, limit, lowest=True),
        _extreme(pts, signed, inside, limit, lowest=False),
    )


def _prepared_limit(area: BaseGeometry, coast: BaseGeometry | None) -> Any:
    """Return the area's limit cut and prepared for measuring, kept for the same area and coast.

    An event's shots, and its claims, judge the same zone objects again and again.
    """
    from trajgeo.geo import segments

    key = (id(area), id(coast))
    hit = _LIMITS.get(key)
    if hit is not None and hit[0] is area and hit[1] is coast:
        return hit[2]
    prepared = segments.prepare(segments.limit_segments(area, coast))
    if len(_LIMITS) >= _LIMITS_KEPT:
        del _LIMITS[next(iter(_LIMITS))]
    # the area and coast are kept with it, so their ids stay theirs while cached
    _LIMITS[key] = (area, coast, prepared)
    return prepared


#: Prepared limits by (id(area), id(coast)), oldest first.
_LIMITS: dict[tuple[int, int], tuple[Any, Any, Any]] = {}
_LIMITS_KEPT = 256


def _signed(pts: np.ndarray, inside: np.ndarray, limit: Any, n_boundary: int) -> np.ndarray:
    """Measure (m, on the sphere) the samples that can hold an extreme; NaN elsewhere.

    Every k-th boundary sample and every fourth interior sample are measured
    first. The distance to the limit changes by at most the path between two samples
    (it is 1-Lipschitz on the sphere), so between two measured boundary
    samples ``a`` and ``b`` a path of length ``s`` apart, no sample is more
    than ``(d_a + d_b + s) / 2`` or less than ``(d_a + d_b - s) / 2`` from the
    limit; with the side of each sample known, that bounds its signed
    distance. Only stretches whose bound can reach the ``_REFINE`` greatest
    (or least) values measured so far are cut in eight and measured again, so
    every sample that can rank among the extremes is measured, and no other
    stretch. Interior samples are bounded likewise by their distance to every
    measured sample (:func:`_bound_interior`).
    """
    from trajgeo.geo import segments

    signed = np.full(len(pts), np.nan)

    def measure(idx: np.ndarray) -> None:
        idx = idx[np.isnan(signed[idx])]
        if len(idx):
            d = segments.nearest(pts[idx, 0], pts[idx, 1], limit)
            signed[idx] = np.where(inside[idx], d, -d)

    k = max(1, math.ceil(n_boundary / _COARSE))
    first = np.append(np.arange(0, n_boundary, k), max(0, n_boundary - 1))
    measure(np.concatenate([first[first < n_boundary], np.arange(n_boundary, len(pts), 4)]))
    if n_boundary >= 3 and k > 1:
        _bound_boundary(pts, inside, signed, n_boundary, measure)
    _bound_interior(pts, inside, signed, n_boundary, measure)
    return signed


def _top(signed: np.ndarray, interior: np.ndarray) -> tuple[float, float]:
    """Values an unmeasured sample must reach to matter: (greatest side, least side).

    It matters if it can rank among the ``_REFINE`` greatest (least) values,
    or beat the greatest (least) interior value, around which :func:`_deepen` searches.
    """
    known = np.sort(signed[~np.isnan(signed)])
    n = min(_REFINE, len(known))
    inner = signed[interior]
    if np.isnan(inner).all():
        return float(known[-n]), float(known[n - 1])
    return min(known[-n], np.nanmax(inner)), max(known[n - 1], np.nanmin(inner))


def _bound_interior(
    pts: np.ndarray, inside: np.ndarray, signed: np.ndarray, n_boundary: int, measure: Any
) -> None:
    """Measure the interior samples whose distance can still matter.

    A sample ``p`` lies within ``|s_q| ± |pq|`` of the limit for every
    measured interior sample ``q`` (the distance is 1-Lipschitz on the sphere).
    """
    from trajgeo.geo import segments

    interior = np.arange(n_boundary, len(pts))
    u = segments._unit(pts[n_boundary:, 0], pts[n_boundary:, 1])
    while True:
        todo = interior[np.isnan(signed[interior])]
        done = interior[~np.isnan(signed[interior])]
        if not len(todo) or not len(done):
            return
        cos = u[todo - n_boundary] @ u[done - n_boundary].T
        apart = np.arccos(np.clip(cos, -1.0, 1.0)) * EARTH_MEAN_RADIUS_M
        d = np.abs(signed[done])[None, :]
        upper = np.min(d + apart, axis=1) + 1.0
        lower = np.maximum(0.0, np.max(d - apart, axis=1) - 1.0)
        top = np.where(inside[todo], upper, -lower)
        bottom = np.where(inside[todo], lower, -upper)
        hi, lo = _top(signed, interior)
        need = todo[(top >= hi) | (bottom <= lo)]
        if not len(need):
            return
        measure(need)


def _bound_boundary(
    pts: np.ndarray, inside: np.ndarray, signed: np.ndarray, n_boundary: int, measure: Any
) -> None:
    """Measure the boundary samples that can hold an extreme (see :func:`_signed`)."""
    from trajgeo.geo import segments

    u = segments._unit(pts[:n_boundary, 0], pts[:n_boundary, 1])
    step = segments._angles(u[:-1], u[1:]) * EARTH_MEAN_RADIUS_M
    path = np.concatenate([[0.0], np.cumsum(step)])
    held = np.concatenate([[0], np.cumsum(inside[:n_boundary])])
    while True:
        at = np.nonzero(~np.isnan(signed[:n_boundary]))[0]
        gap = np.nonzero(np.diff(at) > 1)[0]
        if not len(gap):
            return
        a, b = at[gap], at[gap + 1]
        da, db, s = np.abs(signed[a]), np.abs(signed[b]), path[b] - path[a]
        upper = (da + db + s) / 2.0 + 1.0
        lower = np.maximum(0.0, (da + db - s) / 2.0 - 1.0)
        n_in = held[b] - held[a + 1]
        top = np.where(n_in > 0, upper, -lower)
        bottom = np.where(n_in < b - a - 1, -upper, lower)
        hi, lo = _top(signed, np.empty(0, dtype=int))
        open_ = (top >= hi) | (bottom <= lo)
        a, b = a[open_], b[open_]
        if not len(a):
            return
        stride = np.maximum(1, -(-(b - a) // 8))
        cand = a[:, None] + stride[:, None] * np.arange(1, 8)[None, :]
        measure(np.unique(cand[cand < b[:, None]]))


def _deepen(
    subject: BaseGeometry,
    area: BaseGeometry,
    limit: Any,
    pts: np.ndarray,
    inside: np.ndarray,
    signed: np.ndarray,
    n_boundary: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Search finer grids around the best interior samples (the deepest point can lie between).

    Three rounds, each a 9 x 9 grid at a quarter of the previous step around the
    interior sample with the greatest (and the least) signed distance.
    """
    import shapely

    from trajgeo.geo import segments

    grid = pts[n_boundary:]
    step = np.array(
        [np.ptp(grid[:, 0]) / (_GRID - 1) or 1.0, np.ptp(grid[:, 1]) / (_GRID - 1) or 1.0]
    )
    offsets = np.stack(np.meshgrid(np.linspace(-1, 1, 9), np.linspace(-1, 1, 9)), -1).reshape(-1, 2)
    for _ in range(3):
        inner = np.arange(n_boundary, len(pts))
        best = [inner[np.nanargmax(signed[inner])], inner[np.nanargmin(signed[inner])]]
        new = np.concatenate([pts[k] + offsets * step for k in best])
        new[:, 1] = np.clip(new[:, 1], -90.0, 90.0)
        new[:, 0] = geodesy.normalise_lon(new[:, 0])
        new = new[shapely.intersects_xy(subject, new[:, 0], new[:, 1])]
        if len(new):
            ins = shapely.intersects_xy(area, new[:, 0], new[:, 1])
            d = segments.nearest(new[:, 0], new[:, 1], limit)
            pts = np.concatenate([pts, new])
            inside = np.concatenate([inside, ins])
            signed = np.concatenate([signed, np.where(ins, d, -d)])
        step = step / 4.0
    return pts, inside, signed


def _extreme(
    pts: np.ndarray, signed: np.ndarray, inside: np.ndarray, limit: Any, lowest: bool
) -> float:
    """Return the least (or greatest) signed distance (km), measured exactly for the best samples.

    Distances on the sphere can rank two close samples the wrong way round;
    every sample within 1 % (at least 1 km) of the extreme is measured again
    on the ellipsoid.
    """
    from trajgeo.geo import segments

    value = signed if lowest else -signed
    value = np.where(np.isnan(value), np.inf, value)
    best = float(np.min(value))
    tol = max(1_000.0, 0.01 * abs(best))
    near = np.nonzero(value <= best + tol)[0]
    near = near[np.argsort(value[near])][:_REFINE]
    d = segments.refine_many(pts[near, 0], pts[near, 1], limit)
    exact = np.where(inside[near], d, -d)
    out = exact.min() if lowest else exact.max()
    return float(out) / 1000.0
