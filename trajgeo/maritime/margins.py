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

__all__ = ["prepare_limits", "signed_margin_km"]

_GRID = 24
#: Samples measured again exactly for each extreme margin.
_REFINE = 8
#: Boundary samples measured in a first, coarse pass.
_COARSE = 256
#: Least stride of that pass: samples 2 km apart bound each other well (the hole
#: a whole-Earth band leaves at the antipode is 189 samples, all far from every zone).
_MIN_STRIDE = 8


def _samples(subject: BaseGeometry, centre_lon: float) -> tuple[np.ndarray, int]:
    """Points of the subject (boundary every 2 km, then an interior grid), in lon/lat.

    Returns the points and how many of them (the first) are on the boundary.
    """
    import shapely

    if subject.geom_type == "Point":
        return np.array([[subject.x, subject.y]]), 1
    framed = geodesy.shift_to_frame(subject, centre_lon)
    boundary = shapely.get_coordinates(shapely.segmentize(framed.boundary, 0.02))
    boundary = boundary[~_on_frame_edge(framed, boundary)]
    minx, miny, maxx, maxy = framed.bounds
    gx, gy = np.meshgrid(np.linspace(minx, maxx, _GRID), np.linspace(miny, maxy, _GRID))
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    inside = shapely.contains_xy(framed, grid[:, 0], grid[:, 1])
    pts = np.concatenate([boundary, grid[inside]])
    pts[:, 0] = geodesy.normalise_lon(pts[:, 0])
    return pts, len(boundary)


def _on_frame_edge(framed: BaseGeometry, xy: np.ndarray) -> np.ndarray:
    """Which boundary samples lie on a cut of the frame, not on the subject's edge.

    An area holding a pole has edges along the pole's latitude (one point on
    the Earth, sampled thousands of times: all but one are dropped) and
    along the frame's two ends a turn apart, where it goes on across (inside
    it, not its edge).
    """
    import shapely

    polar = np.abs(xy[:, 1]) >= 90.0 - 1e-9
    first = np.zeros(len(xy), dtype=bool)
    for sign in (-1.0, 1.0):
        at = np.flatnonzero(polar & (np.sign(xy[:, 1]) == sign))
        first[at[:1]] = True
    west, _, east, _ = framed.bounds
    seam = (np.abs(xy[:, 0] - west) <= 1e-9) | (np.abs(xy[:, 0] - east) <= 1e-9)
    seam &= east - west >= 360.0 - 1e-6
    if seam.any():
        y = xy[seam, 1]
        both = shapely.intersects_xy(framed, np.full(len(y), west + 1e-6), y) & (
            shapely.intersects_xy(framed, np.full(len(y), east - 1e-6), y)
        )
        seam[np.flatnonzero(seam)[~both]] = False
    return (polar & ~first) | (seam & ~polar)


def _kept_samples(subject: BaseGeometry, centre_lon: float) -> tuple[np.ndarray, int]:
    """:func:`_samples`, kept for the last subject: an event judges one subject many times."""
    last = _LAST_SAMPLES.get("subject")
    if last is None or last[0] is not subject or last[1] != centre_lon:
        pts, n = _samples(subject, centre_lon)
        pts.setflags(write=False)
        _LAST_SAMPLES["subject"] = last = (subject, centre_lon, pts, n)
    return last[2], last[3]


_LAST_SAMPLES: dict[str, tuple[Any, float, np.ndarray, int]] = {}


def _zone_samples(
    subject: BaseGeometry,
    area: BaseGeometry,
    pts: np.ndarray,
    n_boundary: int,
    ashore: BaseGeometry | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Points of the zone's part of the subject that the subject's grid is too coarse to see.

    The subject's grid spans the whole subject: a zone much smaller than it
    (a territorial sea inside a 5,000 km impact area) can fall between its
    points, and its deepest point would go unseen. Where the box the two
    share is under half the grid's span either way, a grid as fine over
    that box, the zone's own edge (its coast is no limit: the deepest point
    of a territorial sea lies on it) and a point inside each of its parts,
    all where they are inside the subject and the zone, are measured too.

    Returns the points and the steps of that grid (lon, lat), degrees.
    """
    import shapely

    none = (np.empty((0, 2)), np.zeros(2))
    grid = pts[n_boundary:]
    if not len(grid) and subject.geom_type == "Point":
        return none
    zminx, zminy, zmaxx, zmaxy = area.bounds
    sminx, sminy, smaxx, smaxy = subject.bounds
    minx, miny = max(zminx, sminx), max(zminy, sminy)
    maxx, maxy = min(zmaxx, smaxx), min(zmaxy, smaxy)
    span = np.ptp(grid, axis=0) if len(grid) else np.array([smaxx - sminx, smaxy - sminy])
    if minx > maxx or miny > maxy or (maxx - minx > span[0] / 2 and maxy - miny > span[1] / 2):
        return none
    gx, gy = np.meshgrid(np.linspace(minx, maxx, _GRID), np.linspace(miny, maxy, _GRID))
    edge = shapely.get_coordinates(shapely.boundary(area))
    edge = edge[:: max(1, len(edge) // _EDGE)]
    # a point inside each part (the largest first): an atoll's land, a few hundred metres
    # wide, falls between any grid's points and has only its edge (at distance 0) sampled
    parts = shapely.get_parts(area)
    parts = parts[np.argsort(-shapely.area(parts))][:_EDGE]
    inner = shapely.get_coordinates(shapely.point_on_surface(parts))
    cand = np.concatenate([np.column_stack([gx.ravel(), gy.ravel()]), edge, inner])
    cand = cand[
        (cand[:, 0] >= minx) & (cand[:, 0] <= maxx) & (cand[:, 1] >= miny) & (cand[:, 1] <= maxy)
    ]
    cand = cand[shapely.intersects_xy(subject, cand[:, 0], cand[:, 1])]
    cand = cand[shapely.intersects_xy(area, cand[:, 0], cand[:, 1])]
    if ashore is not None:
        cand = cand[~shapely.intersects_xy(ashore, cand[:, 0], cand[:, 1])]
    return cand, np.array([(maxx - minx) / (_GRID - 1) or 1.0, (maxy - miny) / (_GRID - 1) or 1.0])


#: Most points of a zone's edge taken by :func:`_zone_samples`.
_EDGE = 256


def signed_margin_km(
    subject: BaseGeometry,
    area: BaseGeometry,
    centre: tuple[float, float] | None = None,
    coast: BaseGeometry | None = None,
    ashore: BaseGeometry | None = None,
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
    ashore
        Land whose part of the subject is left out: a sea zone's margins are
        those of the subject's part at sea (inland, the coast is no limit and
        the zone's limits lie across the water).

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
    if ashore is not None:
        at_sea = ~shapely.intersects_xy(ashore, pts[:, 0], pts[:, 1])
        if at_sea.any():  # (a sliver at sea no sample reaches: the subject is measured whole)
            pts, n_boundary = pts[at_sea], int(at_sea[:n_boundary].sum())
        else:
            ashore = None
    if not len(pts):
        return (-math.inf, -math.inf)
    limit = _prepared_limit(area, coast)
    inside = shapely.intersects_xy(area, pts[:, 0], pts[:, 1])
    if not len(limit):
        edge = math.inf if inside.all() else -math.inf
        return (edge, edge) if inside.all() == inside.any() else (-math.inf, math.inf)
    extra, fine = _zone_samples(subject, area, pts, n_boundary, ashore)
    n_grid = len(pts)
    if len(extra):
        pts = np.concatenate([pts, extra])
        inside = np.concatenate([inside, np.ones(len(extra), dtype=bool)])
    signed = _signed(pts, inside, limit, n_boundary, n_grid)
    found = [(pts, inside, signed)]
    # which samples are the subject's own: its grid and boundary, and the search round them
    own = [np.arange(len(pts)) < n_grid]
    if n_grid > n_boundary:
        grid = pts[n_boundary:n_grid]
        step = np.array([np.ptp(grid[:, i]) / (_GRID - 1) or 1.0 for i in (0, 1)])
        found.append(
            _deepen(subject, area, limit, found[0], (n_boundary, n_grid), step, True, ashore)
        )
        own.append(np.ones(len(found[-1][0]), dtype=bool))
    if len(extra):
        # the zone's own grid holds its deepest point: search round it at its own step
        found.append(
            _deepen(subject, area, limit, found[0], (n_grid, len(pts)), fine, False, ashore)
        )
        own.append(np.zeros(len(found[-1][0]), dtype=bool))
    pts, inside, signed = (np.concatenate(a) for a in zip(*found, strict=True))
    return _extremes(pts, signed, inside, limit, np.concatenate(own))


def _prepared_limit(area: BaseGeometry, coast: BaseGeometry | None) -> Any:
    """Return the area's limit cut and prepared for measuring, kept for the same area and coast.

    An event's shots, and its claims, judge the same zone objects again and again.
    """
    key = (id(area), id(coast))
    hit = _LIMITS.get(key)
    if hit is not None and hit[0] is area and hit[1] is coast:
        return hit[2]
    prepare_limits([area], coast)
    return _LIMITS[key][2]


def prepare_limits(areas: list[BaseGeometry], coast: BaseGeometry | None) -> None:
    """Cut and prepare the limits of many areas against one coast in one pass, and keep them.

    :func:`signed_margin_km` then finds them ready: an impact area that
    touches hundreds of zones has the coast looked up once, not once a zone.
    """
    from trajgeo.geo import segments

    todo = []
    for area in dict.fromkeys(areas):
        hit = _LIMITS.get((id(area), id(coast)))
        if hit is None or hit[0] is not area or hit[1] is not coast:
            todo.append(area)
    for area, segs in zip(todo, segments.limit_segments_many(todo, coast), strict=True):
        if len(_LIMITS) >= _LIMITS_KEPT:
            del _LIMITS[next(iter(_LIMITS))]
        # the area and coast are kept with it, so their ids stay theirs while cached
        _LIMITS[(id(area), id(coast))] = (area, coast, segments.prepare(segs))


#: Prepared limits by (id(area), id(coast)), oldest first.
_LIMITS: dict[tuple[int, int], tuple[Any, Any, Any]] = {}
_LIMITS_KEPT = 256


def _signed(
    pts: np.ndarray, inside: np.ndarray, limit: Any, n_boundary: int, n_grid: int
) -> np.ndarray:
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
    measured sample (:func:`_bound_interior`). The subject's samples (before
    ``n_grid``) are measured first, as if alone; then the zone's
    (:func:`_zone_samples`), against the extremes of all.
    """
    from trajgeo.geo import segments

    signed = np.full(len(pts), np.nan)

    def measure(idx: np.ndarray) -> None:
        idx = idx[np.isnan(signed[idx])]
        if len(idx):
            d = segments.nearest(pts[idx, 0], pts[idx, 1], limit)
            signed[idx] = np.where(inside[idx], d, -d)

    k = max(_MIN_STRIDE, math.ceil(n_boundary / _COARSE))
    first = np.append(np.arange(0, n_boundary, k), max(0, n_boundary - 1))
    own = signed[:n_grid]  # a view: the subject's samples see only each other
    measure(np.concatenate([first[first < n_boundary], np.arange(n_boundary, n_grid, 4)]))
    if n_boundary >= 3 and k > 1:
        _bound_boundary(pts, inside, own, n_boundary, measure)
    _bound_interior(pts, inside, own, n_boundary, (n_boundary, n_grid), measure)
    if n_grid < len(pts):
        measure(np.arange(n_grid, len(pts), 4))
        _bound_interior(pts, inside, signed, n_boundary, (n_grid, len(pts)), measure)
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
    pts: np.ndarray,
    inside: np.ndarray,
    signed: np.ndarray,
    n_boundary: int,
    span: tuple[int, int],
    measure: Any,
) -> None:
    """Measure the interior samples ``span[0]:span[1]`` whose distance can still matter.

    A sample ``p`` lies within ``|s_q| ± |pq|`` of the limit for every
    measured sample ``q`` of the span (the distance is 1-Lipschitz on the sphere).
    """
    from trajgeo.geo import segments

    first = span[0]
    interior = np.arange(*span)
    u = segments._unit(pts[interior, 0], pts[interior, 1])
    while True:
        todo = interior[np.isnan(signed[interior])]
        done = interior[~np.isnan(signed[interior])]
        if not len(todo) or not len(done):
            return
        cos = u[todo - first] @ u[done - first].T
        apart = np.arccos(np.clip(cos, -1.0, 1.0)) * EARTH_MEAN_RADIUS_M
        d = np.abs(signed[done])[None, :]
        upper = np.min(d + apart, axis=1) + 1.0
        lower = np.maximum(0.0, np.max(d - apart, axis=1) - 1.0)
        top = np.where(inside[todo], upper, -lower)
        bottom = np.where(inside[todo], lower, -upper)
        hi, lo = _top(signed, np.arange(n_boundary, len(signed)))
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
    samples: tuple[np.ndarray, np.ndarray, np.ndarray],
    span: tuple[int, int],
    step: np.ndarray,
    both: bool,
    ashore: BaseGeometry | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Search finer grids round the best samples of a grid (the deepest point can lie between).

    Three rounds, each a 9 x 9 grid at a quarter of the previous step (first
    ``step``, the grid's own) around the sample of ``samples[span[0]:span[1]]``
    or of the rounds before with the greatest signed distance (and, if
    ``both``, the least). Returns the new points, their sides and signed distances.
    """
    import shapely

    from trajgeo.geo import segments

    pts, inside, signed = (a[span[0] : span[1]] for a in samples)
    first = len(pts)
    offsets = np.stack(np.meshgrid(np.linspace(-1, 1, 9), np.linspace(-1, 1, 9)), -1).reshape(-1, 2)
    for _ in range(3):
        if np.isnan(signed).all():
            break
        best = [np.nanargmax(signed), np.nanargmin(signed)] if both else [np.nanargmax(signed)]
        new = np.concatenate([pts[k] + offsets * step for k in best])
        new[:, 1] = np.clip(new[:, 1], -90.0, 90.0)
        new[:, 0] = geodesy.normalise_lon(new[:, 0])
        new = new[shapely.intersects_xy(subject, new[:, 0], new[:, 1])]
        if ashore is not None:
            new = new[~shapely.intersects_xy(ashore, new[:, 0], new[:, 1])]
        if len(new):
            ins = shapely.intersects_xy(area, new[:, 0], new[:, 1])
            d = segments.nearest(new[:, 0], new[:, 1], limit)
            pts = np.concatenate([pts, new])
            inside = np.concatenate([inside, ins])
            signed = np.concatenate([signed, np.where(ins, d, -d)])
        step = step / 4.0
    return pts[first:], inside[first:], signed[first:]


def _extremes(
    pts: np.ndarray, signed: np.ndarray, inside: np.ndarray, limit: Any, own: np.ndarray
) -> tuple[float, float]:
    """Return the least and greatest signed distance (km), measured exactly for the best samples.

    Distances on the sphere can rank two close samples the wrong way round;
    every sample within 1 % (at least 1 km) of each extreme (the ``_REFINE``
    best) is measured again on the ellipsoid, both extremes' in one call. The
    best of the subject's ``own`` samples are measured too, so the zone's
    samples (:func:`_zone_samples`) can only add to them.
    """
    from trajgeo.geo import segments

    picks = []
    for value in (signed, -signed):
        value = np.where(np.isnan(value), np.inf, value)
        chosen = []
        for among in (np.ones(len(value), dtype=bool), own) if not own.all() else (own,):
            v = np.where(among, value, np.inf)
            best = float(np.min(v))
            tol = max(1_000.0, 0.01 * abs(best))
            near = np.nonzero(v <= best + tol)[0]
            chosen.append(near[np.argsort(v[near])][:_REFINE])
        picks.append(np.unique(np.concatenate(chosen)) if len(chosen) > 1 else chosen[0])
    both = np.concatenate(picks)
    d = segments.refine_many(pts[both, 0], pts[both, 1], limit)
    exact = np.where(inside[both], d, -d)
    n = len(picks[0])
    return float(exact[:n].min()) / 1000.0, float(exact[n:].max()) / 1000.0
