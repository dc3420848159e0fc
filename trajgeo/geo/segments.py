"""Lines cut into short segments: which lie near other shapes, and how far points are from them.

A zone's limit is a long line (thousands of vertices, sometimes round the
globe). Two questions are asked of it, both answered segment by segment
through a spatial index (:class:`shapely.STRtree`) rather than by buffering
or unioning whole areas:

* which stretches lie near something else (the coast; another state's
  zone): :func:`near`;
* how far points are from it: :func:`nearest` on the mean sphere for many
  points at once (one matrix product against caps bounding runs of
  segments, then only the runs that can hold the nearest are measured), :func:`refine` as an
  exact WGS84 geodesic for a chosen point. Nothing is projected, so there
  is no frame to distort, no antimeridian and no pole to cut at, and the
  cost grows with (points x segments), not with the size of the areas.

Segments are ``(n, 2, 2)`` arrays of ``[[lon0, lat0], [lon1, lat1]]``, edges
straight in lon/lat, as the zone data define them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from trajgeo.constants import EARTH_MEAN_RADIUS_M

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

__all__ = [
    "Prepared",
    "as_lines",
    "cut",
    "limit_segments",
    "limit_segments_many",
    "near",
    "nearest",
    "prepare",
    "refine",
    "refine_many",
]

#: Longest segment of a cut limit, degrees: a lon/lat edge this short stays true
#: to within metres once projected.
CUT_DEG = 0.1
_KM_PER_DEG = 111.2
#: Consecutive segments bounded together by one cap when looking for the nearest.
_GROUP = 8


def cut(
    lines: BaseGeometry | Sequence[BaseGeometry], max_length: float | None = None
) -> np.ndarray:
    """Cut lines (or polygon boundaries) into two-point segments, ``(n, 2, 2)``.

    ``max_length`` (in the lines' own units) first densifies them.

    Examples
    --------
    >>> from shapely.geometry import LineString
    >>> cut(LineString([(0, 0), (1, 0), (1, 1)])).shape
    (2, 2, 2)
    """
    import shapely

    parts = shapely.get_parts(np.asarray(lines, dtype=object).ravel())
    parts = parts[~shapely.is_empty(parts)] if len(parts) else parts
    if not len(parts):
        return np.empty((0, 2, 2))
    if max_length is not None:
        parts = shapely.segmentize(parts, max_length)
    coords, idx = shapely.get_coordinates(parts, return_index=True)
    same = idx[1:] == idx[:-1]
    segs = np.stack([coords[:-1][same], coords[1:][same]], axis=1)
    moved = np.any(segs[:, 0] != segs[:, 1], axis=1)
    return segs[moved]


def as_lines(segs: np.ndarray) -> np.ndarray:
    """Return the segments as an array of shapely LineStrings."""
    import shapely

    if not len(segs):
        return np.empty(0, dtype=object)
    return shapely.linestrings(segs)


def near(
    segs: np.ndarray, others: BaseGeometry | Sequence[BaseGeometry], distance: Any
) -> np.ndarray:
    """Which segments lie within ``distance`` of any of ``others`` (all in one plane).

    ``segs`` is an ``(n, 2, 2)`` array or an array of LineStrings; ``distance``
    a number or one number per segment.
    """
    import shapely

    lines = as_lines(segs) if np.asarray(segs).dtype != object else np.asarray(segs)
    mask = np.zeros(len(lines), dtype=bool)
    parts = shapely.get_parts(np.asarray(others, dtype=object).ravel())
    if not len(lines) or not len(parts):
        return mask
    hit, _ = shapely.STRtree(parts).query(lines, predicate="dwithin", distance=distance)
    mask[hit] = True
    return mask


#: The furthest :func:`_near_km` measures: the coast is copied across the antimeridian
#: only where it comes within 1° of it, over 2.2 km even where a band's longitudes are
#: scaled the most (by 0.02).
_NEAR_KM_MAX = 2.0


def _near_km(segs: np.ndarray, land: BaseGeometry, km: float) -> np.ndarray:
    """Which lon/lat segments lie within ``km`` of ``land``, band by band of latitude.

    Each 5° band is measured in lon/lat with longitudes scaled by the cosine
    of its most poleward latitude (a local metric that errs on the near
    side) against the coastline cut into segments, with the coast across the
    antimeridian moved beside it. ``km`` is at most :data:`_NEAR_KM_MAX`.
    """
    if km > _NEAR_KM_MAX:
        raise ValueError(f"_near_km measures up to {_NEAR_KM_MAX} km, not {km}")
    mask = np.zeros(len(segs), dtype=bool)
    mid = segs[:, :, 1].mean(axis=1)
    # a segment further in latitude from the land's box than ``km`` cannot be near it
    _, south, _, north = land.bounds
    reach = km / _KM_PER_DEG
    lat_lo, lat_hi = segs[:, :, 1].min(axis=1), segs[:, :, 1].max(axis=1)
    maybe = (lat_hi >= south - reach) & (lat_lo <= north + reach)
    bands = _land_bands(land)
    for lo, (scale, tree) in bands.items():
        sel = np.nonzero(maybe & (mid >= lo) & (mid < lo + 5.0 + (lo == 85.0)))[0]
        if not len(sel):
            continue
        lines = as_lines(segs[sel] * np.array([scale, 1.0]))
        hit, _ = tree.query(lines, predicate="dwithin", distance=km / _KM_PER_DEG)
        mask[sel[hit]] = True
    return mask


def _land_bands(land: BaseGeometry) -> dict[float, tuple[float, Any]]:
    """Index the land of each 5° band of latitude, scaled as :func:`_near_km` measures.

    Kept for the last few land objects, found by identity: hashing a
    continent's coast (as a cache keyed on the geometry does) costs more than
    the look-up saves.
    """
    for kept, bands in _BANDS:
        if kept is land:
            return bands
    bands = _index_bands(land)
    _BANDS.insert(0, (land, bands))
    del _BANDS[4:]
    return bands


_BANDS: list[tuple[Any, dict[float, tuple[float, Any]]]] = []


def _index_bands(land: BaseGeometry) -> dict[float, tuple[float, Any]]:
    import shapely

    out = {}
    # the coastline as short segments: each test against the index is then cheap
    shore = cut(shapely.boundary(shapely.get_parts(land)), CUT_DEG)
    mid = shore[:, :, 1].mean(axis=1)
    for lo in np.arange(-90.0, 90.0, 5.0):
        band = shore[(mid >= lo - 1.0) & (mid <= lo + 6.0)]
        if not len(band):
            continue
        scale = max(0.02, math.cos(math.radians(min(abs(lo), abs(lo + 5.0)))))
        # shifted by a turn either way where the coast comes within a degree of 180°
        # (see _NEAR_KM_MAX), scaled as arrays, then made lines once
        west, east = band[:, :, 0].min(), band[:, :, 0].max()
        shifts = [
            s for s, near in ((-360.0, east > 179.0), (0.0, True), (360.0, west < -179.0)) if near
        ]
        copies = np.concatenate([(band + (s, 0.0)) * (scale, 1.0) for s in shifts])
        out[float(lo)] = (scale, shapely.STRtree(as_lines(copies)))
    return out


def limit_segments(area: BaseGeometry, coast: BaseGeometry | None = None) -> np.ndarray:
    """Cut an area's limit into segments: its boundary without cuts, closures or coast.

    Dropped: edges along ±180° where the area goes on across the
    antimeridian (a cut of the data, not a limit), edges along a pole's
    latitude (a pole is a point), and the edges within 2 km of ``coast``
    (a zone that ends at land has no limit there) unless that leaves none.
    """
    return limit_segments_many([area], coast)[0]


def limit_segments_many(
    areas: Sequence[BaseGeometry], coast: BaseGeometry | None = None
) -> list[np.ndarray]:
    """:func:`limit_segments` for several areas, the coast tested once for all their segments.

    An impact area that touches hundreds of zones asks this of every one of
    them against the same coast: one pass costs what one zone did.
    """
    import shapely

    cuts = []
    for area in areas:
        segs = cut(shapely.boundary(area), CUT_DEG)
        if len(segs):
            segs = segs[~_cut_edges(area, segs)]
        cuts.append(segs)
    if coast is None or coast.is_empty:
        return cuts
    owner = np.repeat(np.arange(len(cuts)), [len(c) for c in cuts])
    if not len(owner):
        return cuts
    at_coast = _near_km(np.concatenate(cuts), coast, 2.0)
    out = []
    for k, segs in enumerate(cuts):
        mask = at_coast[owner == k]
        out.append(segs if mask.all() else segs[~mask])
    return out


def _cut_edges(area: BaseGeometry, segs: np.ndarray) -> np.ndarray:
    """Which segments run along a pole's latitude, or along ±180° where the area goes on."""
    import shapely

    lon, lat = segs[:, :, 0], segs[:, :, 1]
    polar = np.all(np.abs(lat) >= 90.0 - 1e-9, axis=1)
    seam = np.all(np.abs(lon) >= 180.0 - 1e-9, axis=1)
    if seam.any():
        y = lat[seam].mean(axis=1)
        both = shapely.intersects_xy(area, np.full(len(y), 180.0 - 1e-6), y) & (
            shapely.intersects_xy(area, np.full(len(y), -180.0 + 1e-6), y)
        )
        seam[np.nonzero(seam)[0][~both]] = False
    return polar | seam


# --------------------------------------------------------------------------- distances
def _unit(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    lo, la = np.radians(lon), np.radians(lat)
    return np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)], axis=-1)


def _to_segments(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Angle (rad) from unit vectors ``p`` to the great-circle arcs ``a``-``b``, row by row."""
    n = _cross(a, b)
    norm = np.linalg.norm(n, axis=-1)
    ends = np.minimum(_angles(p, a), _angles(p, b))
    ok = norm > 1e-15
    nh = n[ok] / norm[ok, None]
    s = np.einsum("ij,ij->i", p[ok], nh)
    foot = p[ok] - s[:, None] * nh
    within = (np.einsum("ij,ij->i", _cross(a[ok], foot), nh) >= 0) & (
        np.einsum("ij,ij->i", _cross(foot, b[ok]), nh) >= 0
    )
    across = np.arcsin(np.clip(np.abs(s), 0.0, 1.0))
    out = ends.copy()
    out[ok] = np.where(within, np.minimum(across, ends[ok]), ends[ok])
    return out


def _cross(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    # row-wise cross product, written out: numpy.cross is several times slower on (n, 3)
    ax, ay, az = a[:, 0], a[:, 1], a[:, 2]
    bx, by, bz = b[:, 0], b[:, 1], b[:, 2]
    return np.stack([ay * bz - az * by, az * bx - ax * bz, ax * by - ay * bx], axis=1)


def _angles(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    # atan2 of |a x b| and a.b: accurate for tiny and near-antipodal angles alike
    return np.arctan2(np.linalg.norm(_cross(a, b), axis=-1), np.einsum("ij,ij->i", a, b))


@dataclass(frozen=True, eq=False)
class Prepared:
    """Segments ready to be measured to: their ends as unit vectors, and caps over runs of them.

    Build it once per limit with :func:`prepare`; :func:`nearest` and
    :func:`refine` then skip that work on every call.
    """

    segs: np.ndarray
    e0: np.ndarray
    e1: np.ndarray
    #: per level, finest first: unit centres and angular radii of the caps bounding
    #: each run of ``_GROUP``, ``_GROUP**2``, ... consecutive segments
    caps: tuple[tuple[np.ndarray, np.ndarray], ...]
    #: unit normal of each segment's great circle, and ``normal x e0``, ``e1 x normal``:
    #: a point's foot lies on the arc when its dot products with both are >= 0
    normal: np.ndarray
    side0: np.ndarray
    side1: np.ndarray
    #: segments long enough to have a great circle (the others are measured at their ends)
    arc: np.ndarray

    def __len__(self) -> int:
        return len(self.segs)


def prepare(segs: np.ndarray | Prepared) -> Prepared:
    """Return the segments with their unit vectors and bounding caps (see :class:`Prepared`).

    Examples
    --------
    >>> from shapely.geometry import LineString
    >>> len(prepare(cut(LineString([(0, 0), (1, 0)]), 0.1)))
    10
    """
    if isinstance(segs, Prepared):
        return segs
    e0 = _unit(segs[:, 0, 0], segs[:, 0, 1])
    e1 = _unit(segs[:, 1, 0], segs[:, 1, 1])
    m = len(segs)
    caps = []
    size = _GROUP
    while m:
        starts = np.arange(0, m, size)
        centre = np.add.reduceat(e0 + e1, starts)
        centre /= np.maximum(np.linalg.norm(centre, axis=1), 1e-300)[:, None]
        group = np.arange(m) // size
        reach = np.maximum(_angles(e0, centre[group]), _angles(e1, centre[group]))
        radius = np.maximum.reduceat(reach, starts)
        radius[radius >= np.pi / 2.0] = np.pi  # a cap this wide bounds nothing
        caps.append((centre, radius))
        if len(starts) <= _GROUP:
            break
        size *= _GROUP
    n = _cross(e0, e1) if m else np.empty((0, 3))
    norm = np.linalg.norm(n, axis=-1)
    arc = norm > 1e-15
    n[arc] /= norm[arc, None]
    return Prepared(segs, e0, e1, tuple(caps), n, _cross(n, e0), _cross(e1, n), arc)


def _to_prepared(p: np.ndarray, prep: Prepared, seg: np.ndarray) -> np.ndarray:
    """Angle (rad) from unit vectors ``p`` to the segments ``seg`` of ``prep``, row by row.

    As :func:`_to_segments`, with each segment's great circle worked out once
    in :func:`prepare`: the distance is across to the arc when the point's foot
    lies on it, else to the nearer end (from the chord, ``2 asin(c / 2)``).
    """
    ends = np.minimum(_chord(p, prep.e0[seg]), _chord(p, prep.e1[seg]))
    s = np.einsum("ij,ij->i", p, prep.normal[seg])
    within = (
        prep.arc[seg]
        & (np.einsum("ij,ij->i", p, prep.side0[seg]) >= 0)
        & (np.einsum("ij,ij->i", p, prep.side1[seg]) >= 0)
    )
    across = np.arcsin(np.clip(np.abs(s), 0.0, 1.0))
    return np.where(within, np.minimum(across, ends), ends)


def _chord(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    diff = p - q
    c = np.sqrt(np.einsum("ij,ij->i", diff, diff))
    return 2.0 * np.arcsin(np.clip(c / 2.0, 0.0, 1.0))


def _row_min(rows: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Least value of each row (``rows`` sorted); ``inf`` for rows with none."""
    out = np.full(n, np.inf)
    if len(rows):
        starts = np.flatnonzero(np.concatenate([[True], rows[1:] != rows[:-1]]))
        out[rows[starts]] = np.minimum.reduceat(values, starts)
    return out


def _row_argmin(rows: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Index (into ``values``) of the least value of each row present (``rows`` sorted)."""
    order = np.lexsort((values, rows))
    starts = np.flatnonzero(np.concatenate([[True], rows[order][1:] != rows[order][:-1]]))
    return order[starts]


def _spherical(p: np.ndarray, prep: Prepared) -> np.ndarray:
    """Return the angle (rad) from each unit vector to its nearest segment, on the unit sphere.

    The segments are bounded by caps (centre, radius) over runs of 8, 64,
    512, ... consecutive segments. Every point is measured to the widest caps
    (one matrix product); a cap can hold the nearest segment only if its
    near side is no farther than the far side of the best cap, so only those
    caps' smaller caps are measured, and so on down to the segments
    themselves. The answer is the exact distance to the nearest segment.
    """
    n, m = len(p), len(prep)
    best = np.full(n, np.inf)
    slack = 1e-9  # arccos of a dot product is good to about 1e-8 rad near 0
    top_c, top_r = prep.caps[-1]
    chunk = max(1, 1_000_000 // len(top_c))
    for lo in range(0, n, chunk):
        pc = p[lo : lo + chunk]
        ang = np.arccos(np.clip(pc @ top_c.T, -1.0, 1.0))
        bound = np.min(ang + top_r, axis=1)
        rows, caps = np.nonzero(ang - top_r <= bound[:, None] + slack)
        near, far = ang[rows, caps] - top_r[caps], ang[rows, caps] + top_r[caps]
        for centre, radius in prep.caps[-2::-1]:
            rows = np.repeat(rows, _GROUP)
            caps = (caps[:, None] * _GROUP + np.arange(_GROUP)[None, :]).ravel()
            ok = caps < len(centre)
            rows, caps = rows[ok], caps[ok]
            ang_k = np.arccos(np.clip(np.einsum("ij,ij->i", pc[rows], centre[caps]), -1.0, 1.0))
            near, far = ang_k - radius[caps], ang_k + radius[caps]
            bound = np.minimum(bound, _row_min(rows, far, len(pc)))
            keep = near <= bound[rows] + slack
            rows, caps, near, far = rows[keep], caps[keep], near[keep], far[keep]
        # the segments of each point's best cap give a bound as tight as the answer
        first = caps[_row_argmin(rows, far)]
        seg0 = np.minimum(first[:, None] * _GROUP + np.arange(_GROUP)[None, :], m - 1).ravel()
        own = np.unique(rows)
        tight = _to_prepared(np.repeat(pc[own], _GROUP, axis=0), prep, seg0)
        bound[own] = tight.reshape(-1, _GROUP).min(axis=1)
        keep = near <= bound[rows] + slack
        rows, caps = rows[keep], caps[keep]
        seg = (caps[:, None] * _GROUP + np.arange(_GROUP)[None, :]).ravel()
        rows = np.repeat(rows, _GROUP)
        ok = seg < m
        rows, seg = rows[ok], seg[ok]
        d = _to_prepared(pc[rows], prep, seg)
        best[lo : lo + len(pc)] = _row_min(rows, d, len(pc))
    return best


def nearest(lon: Any, lat: Any, segs: np.ndarray | Prepared) -> np.ndarray:
    """Return the distance (m) from each point to the nearest segment, on the mean sphere.

    ``inf`` for every point when there are no segments.

    Within about 0.5 % of the WGS84 geodesic distance; :func:`refine` gives
    the exact value for a chosen point.

    Examples
    --------
    >>> segs = cut(__import__("shapely").LineString([(0, -1), (0, 1)]))
    >>> round(float(nearest([1.0], [0.0], segs)[0]) / 1000)
    111
    """
    lon = np.asarray(lon, float).ravel()
    lat = np.asarray(lat, float).ravel()
    if not len(segs) or not len(lon):
        return np.full(len(lon), np.inf)
    return _spherical(_unit(lon, lat), prepare(segs)) * EARTH_MEAN_RADIUS_M


def refine(lon: float, lat: float, segs: np.ndarray | Prepared) -> float:
    """Return the exact WGS84 geodesic distance (m) from one point to the nearest segment.

    Every segment the sphere puts within 1 % (plus 2 km) of the nearest is
    measured on the ellipsoid: sampled along its lon/lat edge, then sampled
    again finely around its closest sample (see :func:`refine_many`).
    """
    return float(refine_many([lon], [lat], segs)[0])


def refine_many(lon: Any, lat: Any, segs: np.ndarray | Prepared) -> np.ndarray:
    """:func:`refine` for several points at once (m); ``inf`` when there are no segments.

    Only the caps that can hold a segment within reach are measured on the
    sphere, and the ellipsoid is asked about every point's candidates in one call.

    Examples
    --------
    >>> segs = cut(__import__("shapely").LineString([(0, -1), (0, 1)]), 0.1)
    >>> [round(float(d) / 1000, 1) for d in refine_many([1.0, -0.5], [0.0, 0.0], segs)]
    [111.3, 55.7]
    """
    from trajgeo.geo import geodesy

    lon = np.asarray(lon, float).ravel()
    lat = np.asarray(lat, float).ravel()
    if not len(segs) or not len(lon):
        return np.full(len(lon), np.inf)
    prep = prepare(segs)
    p = _unit(lon, lat)
    # the sphere is within 0.6 % of the ellipsoid: the nearest segment is among these
    reach = _spherical(p, prep) * 1.012 + 2e3 / EARTH_MEAN_RADIUS_M
    centre, radius = prep.caps[0]
    ang_c = np.arccos(np.clip(p @ centre.T, -1.0, 1.0))
    rows, groups = np.nonzero(ang_c - radius[None, :] <= reach[:, None] + 1e-9)
    idx = (groups[:, None] * _GROUP + np.arange(_GROUP)[None, :]).ravel()
    rows = np.repeat(rows, _GROUP)
    ok = idx < len(prep)
    rows, idx = rows[ok], idx[ok]
    ang = _to_prepared(p[rows], prep, idx)
    ok = ang <= reach[rows]
    rows, idx = rows[ok], idx[ok]
    cand = prep.segs[idx]
    x, y = lon[rows][:, None], lat[rows][:, None]
    # on the ellipsoid, a segment is no nearer than its middle less half its length
    _, _, mid = geodesy.inverse(x, y, *_point_at(cand, np.full((len(cand), 1), 0.5)))
    # (no longer than the angle between its ends' normals times the greatest radius of
    # curvature: a bound, as good as the length for ruling segments out)
    length = _angles(prep.e0[idx], prep.e1[idx]) * _RHO_MAX
    mid = mid.ravel()
    best = _row_min(rows, mid, len(lon))
    ok = mid - length / 2.0 <= best[rows] + 1.0
    return _sample_segments(rows[ok], cand[ok], x[ok], y[ok], length[ok], best)


#: Greatest radius of curvature of the WGS84 ellipsoid (m, a² / b, at the poles), a little over.
_RHO_MAX = 6_399_594.0 * (1.0 + 1e-9)


def _sample_segments(
    rows: np.ndarray,
    cand: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    length: np.ndarray,
    best: np.ndarray,
) -> np.ndarray:
    """Least WGS84 distance (m) from each row's point to samples along its candidate segments.

    Each segment is sampled at 33 points, then at 33 more round its closest.
    A segment whose samples cannot come within 1 m of the row's best value so
    far is not sampled further: every point of it lies within a sample's
    spacing of a sample (``length / 8`` for the first five, ``length / 64``
    for the 33), so none can. The answer is what sampling every candidate
    fully gives, for a fraction of the ellipsoid's work (far points have
    many candidates, nearly all of them hopeless).
    """
    from trajgeo.geo import geodesy

    t = np.linspace(0.0, 1.0, 33)
    d5 = geodesy.inverse(x, y, *_point_at(cand, np.repeat(t[None, ::8], len(cand), axis=0)))[2]
    best = np.minimum(best, _row_min(rows, d5.min(axis=1), len(best)))
    ok = d5.min(axis=1) - length / 8.0 <= best[rows] + 1.0
    rows, cand, x, y, length = rows[ok], cand[ok], x[ok], y[ok], length[ok]
    d = geodesy.inverse(x, y, *_point_at(cand, t[None, :].repeat(len(cand), axis=0)))[2]
    best = np.minimum(best, _row_min(rows, d.min(axis=1), len(best)))
    ok = d.min(axis=1) - length / 64.0 <= best[rows] + 1.0
    rows, cand, x, y, k = rows[ok], cand[ok], x[ok], y[ok], np.argmin(d[ok], axis=1)
    step = 1.0 / 32.0
    fine = np.clip(t[k][:, None] + np.linspace(-step, step, 33)[None, :], 0.0, 1.0)
    d2 = geodesy.inverse(x, y, *_point_at(cand, fine))[2]
    return np.minimum(best, _row_min(rows, d2.min(axis=1), len(best)))


def _point_at(segs: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions ``t`` (0..1, one row per segment) along lon/lat segments."""
    from trajgeo.geo import geodesy

    x0, y0 = segs[:, 0, 0][:, None], segs[:, 0, 1][:, None]
    dx = geodesy.normalise_lon(segs[:, 1, 0] - segs[:, 0, 0])[:, None]
    dy = (segs[:, 1, 1] - segs[:, 0, 1])[:, None]
    return x0 + t * dx, y0 + t * dy
