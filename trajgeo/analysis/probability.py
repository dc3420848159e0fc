"""Verdicts as probabilities: how likely each missile came down inside a maritime zone.

For each sample of a missile's impact estimate (:mod:`trajgeo.analysis.estimate`)
trajgeo measures the signed distance to the zone's limit (the 200-NM line, a
median line, a disputed band's edge, never the coast) and asks how likely the
*true* limit lies on the other side of it, given the boundary's own error.
The probability of having come down inside is the mean of that over the
samples: it integrates the impact's uncertainty and the boundary's.

A boundary's error follows its class (:class:`BoundaryError`): an outer
200-NM limit is better known than a line between two states. The errors come
from the data set's measured accuracy (``geodata/measure_accuracy.py``); where
nothing was measured, a conservative default applies and says so.

A report's claim is judged on these probabilities in
:mod:`trajgeo.analysis.claims`.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from trajgeo.analysis import borders as _borders
from trajgeo.analysis.boundary_error import (
    BoundaryError,
    boundary_errors,
    p_inside_arrays,
)
from trajgeo.constants import HALF_MERIDIAN_KM
from trajgeo.maritime import accuracy as _accuracy
from trajgeo.maritime.accuracy import basis_of, limit_errors_and_sources, local_error

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from trajgeo.analysis.estimate import ImpactEstimate
    from trajgeo.maritime import ZoneSet

__all__ = [
    "BoundaryError",
    "ZoneProbability",
    "boundary_errors",
    "sample_variance",
    "zone_probability",
]


# --------------------------------------------------------------------------- geometry
@dataclass(frozen=True)
class _Frame:
    """A local azimuthal equidistant frame around a set of points."""

    lon0: float
    lat0: float

    @property
    def tr(self) -> Any:
        """The projection (built on first use, and cached by centre)."""
        return _aeqd(self.lon0, self.lat0)

    def xy(self, lonlat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x, y = self.tr.transform(lonlat[:, 0], lonlat[:, 1])
        return np.asarray(x), np.asarray(y)

    def lonlat(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        lon, lat = self.tr.transform(x, y, direction="INVERSE")
        return np.asarray(lon), np.asarray(lat)

    def geometry(self, geom: BaseGeometry) -> BaseGeometry:
        import shapely

        def f(c: np.ndarray) -> np.ndarray:
            x, y = self.tr.transform(c[:, 0], c[:, 1])
            return np.column_stack([x, y])

        return shapely.transform(geom, f)


@lru_cache(maxsize=64)
def _aeqd(lon0: float, lat0: float) -> Any:
    from pyproj import Transformer

    # the pipeline ``from_crs("EPSG:4326", "+proj=aeqd ... +datum=WGS84", always_xy=True)``
    # resolves to, built directly: the same numbers, without the CRS database's 5 ms
    return Transformer.from_pipeline(
        "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad "
        f"+step +proj=aeqd +lat_0={lat0:.4f} +lon_0={lon0:.4f} +ellps=WGS84 +units=m"
    )


def _frame(points: np.ndarray) -> _Frame:
    lon = np.unwrap(np.radians(points[:, 0]))
    lon0 = math.degrees(float(np.median(lon)))
    lon0 = round((lon0 + 180.0) % 360.0 - 180.0, 2)
    lat0 = round(float(np.median(points[:, 1])), 2)
    return _Frame(lon0, lat0)


def _window_parts(
    geoms: Sequence[BaseGeometry], frame: _Frame, half_deg_lat: float, half_deg_lon: float
) -> list[BaseGeometry]:
    """Parts of ``geoms`` inside a lon/lat window around the frame centre, in its frame's lon."""
    import shapely

    out = []
    lo, hi = frame.lon0 - half_deg_lon, frame.lon0 + half_deg_lon
    la, lb = max(frame.lat0 - half_deg_lat, -90.0), min(frame.lat0 + half_deg_lat, 90.0)
    for g in geoms:
        for part in getattr(g, "geoms", [g]):
            if part.is_empty:
                continue
            minx, _, maxx, _ = part.bounds
            mid = (minx + maxx) / 2.0
            shift = ((mid - frame.lon0 + 180.0) % 360.0 - 180.0 + frame.lon0) - mid
            moved = shapely.transform(part, lambda c, s=shift: c + (s, 0.0)) if shift else part
            clipped = shapely.clip_by_rect(moved, lo, la, hi, lb)
            if not clipped.is_empty:
                out.append(clipped)
    return out


def _half_extent(frame: _Frame, reach_km: float) -> tuple[float, float]:
    """Half height and half width (degrees) of a lon/lat box reaching ``reach_km`` round a frame."""
    half_lat = reach_km / 111.0
    coslat = math.cos(math.radians(min(abs(frame.lat0) + half_lat, 89.0)))
    return half_lat, min(180.0, reach_km / (111.0 * max(coslat, 0.02)))


@dataclass(frozen=True)
class _Limits:
    """A zone's region and its limit as short segments in a local frame, each with its class."""

    region: Any
    segments: np.ndarray
    between: np.ndarray


def _limits(
    zone_geoms: Sequence[BaseGeometry],
    other_geoms: Sequence[BaseGeometry],
    frame: _Frame,
    reach_km: float,
) -> _Limits:
    import shapely

    half_lat, half_lon = _half_extent(frame, reach_km)
    seg = 0.1  # degrees: keeps the projected lines true to the geodesic within metres

    def project(parts: list[BaseGeometry]) -> BaseGeometry:
        if not parts:
            return shapely.Polygon()
        dense = [shapely.segmentize(p, seg) for p in parts]
        # each part is made valid on its own: projecting can fold a large part's rings
        return shapely.union_all([shapely.make_valid(frame.geometry(p)) for p in dense])

    # a state's parts that nearly meet are one (see _closed): a seam is no limit
    region = _closed_m(project(_window_parts(zone_geoms, frame, half_lat, half_lon)))
    lo, hi = frame.lon0 - half_lon, frame.lon0 + half_lon
    la, lb = max(frame.lat0 - half_lat, -90.0), min(frame.lat0 + half_lat, 90.0)
    edge = frame.geometry(shapely.segmentize(shapely.box(lo, la, hi, lb).exterior, seg))
    if region.is_empty:
        return _Limits(region, np.empty(0, dtype=object), np.empty(0, dtype=bool))
    from trajgeo.geo import segments as cut

    boundary = shapely.difference(region.boundary, edge.buffer(500.0))
    segments = cut.as_lines(cut.cut(boundary, 20_000.0))
    others = [
        shapely.make_valid(frame.geometry(shapely.segmentize(p, seg)))
        for p in _window_parts(other_geoms, frame, half_lat, half_lon)
    ]
    # a stretch of limit is "between states" when another state's zone lies across
    # it (within 5 km), else an outer limit
    between = cut.near(segments, others, 5_000.0)
    return _Limits(region, segments, between)


@dataclass(frozen=True)
class ZoneProbability:
    """How likely a missile came down inside one zone.

    Parameters
    ----------
    iso3, kind, label
        The zone: whose, which kind, and how a sentence names it.
    p_inside
        Probability of having come down inside, boundary error included.
    interval
        Its 95 % Monte Carlo interval.
    share_inside
        Share of the impact samples inside the zone as the data draw it (no
        boundary error): what the probability would be if the line were exact.
    margin_km
        The 5th, 50th and 95th percentiles of the signed distance to the limit
        (+ inside).
    error
        The boundary error used where the samples are nearest the limit.
    worldview
        Whose claim the zone follows.
    n
        Number of samples.
    exact_within_km
        Margins are exact up to this distance from a limit; beyond it they are
        lower bounds (the boundary's error no longer matters there).
    beyond_error
        Shares of the samples farther inside, and farther outside, than the
        95 % error of the stretch of limit nearest each of them: what the
        margin guard of :func:`judge_claim` tests.
    on_land
        Share of the samples on the state's own land, which its zone (as it
        claims it) includes: an EEZ's probability counts a missile that fell
        inland as inside, and the outputs say how much of it is land.
    part_of
        For a territory's zone (French Polynesia's), the state whose zone of
        the same kind includes it (France); empty for a state's own.
    """

    iso3: str
    kind: str
    label: str
    p_inside: float
    interval: tuple[float, float]
    share_inside: float
    margin_km: tuple[float, float, float]
    error: BoundaryError
    worldview: str = ""
    n: int = 0
    exact_within_km: float = math.inf
    beyond_error: tuple[float, float] = (0.0, 0.0)
    on_land: float = 0.0
    part_of: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "zone": self.iso3,
            "kind": self.kind,
            "label": self.label,
            "p_inside": round(self.p_inside, 4),
            "interval": [round(v, 4) for v in self.interval],
            "share_inside_as_drawn": round(self.share_inside, 4),
            "margin_km": [round(v, 1) for v in self.margin_km],
            "boundary_error": self.error.as_dict(),
            "worldview": self.worldview,
            "samples": self.n,
            "margins_exact_within_km": self.exact_within_km,
            "share_beyond_error": {
                "inside": round(self.beyond_error[0], 4),
                "outside": round(self.beyond_error[1], 4),
            },
            "share_on_land": round(self.on_land, 4),
        }


def _limit_distance(
    pts: np.ndarray, iso3: str, kinds: tuple[str, ...], zs: ZoneSet, cutoff: float
) -> tuple[np.ndarray, np.ndarray]:
    """Return each point's distance (km) to a state's zone limit, and the limit's class."""
    import shapely

    frame = _frame(pts)
    x, y = frame.xy(pts)
    reach = float(np.hypot(x, y).max()) / 1000.0 + cutoff
    mine, other = [], []
    for z in zs.query(_window_box(frame, reach)):
        owner = _owns(z, iso3)
        if owner and z.kind in kinds:
            mine.append(z.geometry)
        elif not owner and z.kind != "land":
            other.append(z.geometry)
    lim = _limits(mine, other, frame, reach)
    if not len(lim.segments):
        return np.full(len(x), np.inf), np.full(len(x), "outer_limit", dtype=object)
    # nearest segment through a spatial index: no scan of every segment for every point
    idx, dist = shapely.STRtree(lim.segments).query_nearest(
        shapely.points(x, y), return_distance=True, all_matches=False
    )
    which = np.where(lim.between[idx[1]], "between_states", "outer_limit").astype(object)
    out = np.full(len(x), np.inf)
    out[idx[0]] = dist / 1000.0
    kinds_out = np.full(len(x), "outer_limit", dtype=object)
    kinds_out[idx[0]] = which
    return out, kinds_out


#: Samples measured to tell how widely their probabilities spread (:func:`sample_variance`).
_PROBE = 500
#: Samples whose distance to the limit is measured in a first pass (see :func:`zone_probability`).
_FIRST_PASS = 2_000
#: Half-width of a probability's 95 % Monte Carlo interval aimed for (one point).
HALF_WIDTH = 0.01


#: The last few :func:`_setup` answers: a fused estimate asks twice for one estimate and zone
#: (:func:`sample_variance`, then :func:`zone_probability` when the samples suffice).
_SETUPS: OrderedDict[tuple[Any, ...], tuple[Any, tuple[str, tuple[str, ...], float, _Region]]] = (
    OrderedDict()
)
_MAX_SETUPS = 8


def _setup(
    estimate: ImpactEstimate, zones: ZoneSet, iso3: str, kind: str, worldview: str | None
) -> tuple[str, tuple[str, ...], float, _Region]:
    """Return the view, zone kinds, cutoff (km) and region (the state's zone round the samples).

    The same samples, zones, state, kind and view give the same answer: it is
    kept for the next call (the samples are compared byte for byte).
    """
    key = (estimate.impacts.tobytes(), id(zones), iso3, kind, worldview)
    found = _SETUPS.get(key)
    if found is not None and found[0] is zones:
        _SETUPS.move_to_end(key)
        return found[1]
    answer = _new_setup(estimate, zones, iso3, kind, worldview)
    _SETUPS[key] = (zones, answer)
    while len(_SETUPS) > _MAX_SETUPS:
        _SETUPS.popitem(last=False)
    return answer


def _new_setup(
    estimate: ImpactEstimate, zones: ZoneSet, iso3: str, kind: str, worldview: str | None
) -> tuple[str, tuple[str, ...], float, _Region]:
    """Work out what :func:`_setup` returns."""
    from trajgeo.analysis.sampler import _sphere

    view = (worldview or iso3).upper()
    pts = estimate.impacts
    centre = _frame(pts)
    kinds = {
        "eez": ("eez", "territorial_sea", "land"),
        "territorial_sea": ("territorial_sea", "land"),
        "land": ("land",),
    }[kind]
    errors = _errors(centre.lon0, centre.lat0, zones, kinds)
    # beyond this distance from a limit its error changes a probability by < 0.25 %
    cutoff = max(200.0, 5.0 * max(e.p95_km for e in errors.values()))
    # the farthest sample from the centre, on a sphere (within 0.6 % of the ellipsoid)
    _, far = _sphere(np.array([[centre.lon0, centre.lat0]]), pts)
    if not getattr(zones.dataset, "user_supplied", False) and "eez" in kinds:
        # a stretch of limit known worse than its class (a disputed band's edge) moves
        # probabilities farther out: samples that far must be measured too
        from trajgeo.maritime.accuracy import error_reach

        reach = error_reach(centre.lon0, centre.lat0, float(far.max()), zones.sovereign_of(iso3))
        cutoff = min(max(cutoff, reach), HALF_MERIDIAN_KM)
    window = _window_box(centre, 1.01 * float(far.max()) + cutoff)
    return view, kinds, cutoff, _region(zones, view, iso3, kinds, window)


def sample_variance(
    estimate: ImpactEstimate, zones: ZoneSet, iso3: str, *, worldview: str | None = None
) -> float:
    """Return the variance, over the samples, of each one's probability of lying inside.

    Measured against the state's EEZ limit on :data:`_PROBE` of the samples:
    it tells how many samples a probability within ±1 point needs
    (:func:`trajgeo.analysis.fused.fuse_event`) before the costly measurement
    of them all.
    """
    iso3 = iso3.upper()
    view, kinds, cutoff, region = _setup(estimate, zones, iso3, "eez", worldview)
    pts = estimate.impacts
    idx = np.random.default_rng(0).permutation(len(pts))[:_PROBE]
    if len(idx) < 2:
        return 0.25
    # only the probed samples' sides are needed
    p = _measure(pts[idx], region.contains(pts[idx]), region, zones, iso3, view, kinds, cutoff)[1]
    return float(np.var(p, ddof=1))


def zone_probability(
    estimate: ImpactEstimate,
    zones: ZoneSet,
    iso3: str,
    kind: str = "eez",
    worldview: str | None = None,
) -> ZoneProbability:
    """Probability that an estimated impact lies inside a state's zone, as that state claims it.

    Every sample's side of the line as drawn is tested; the boundary's error
    moves a probability only for samples near the line, so the distance to
    the limit (the costly part) is measured on a random subset of the
    samples, as large as the stated precision needs (all of them, if need
    be). The estimate is the share inside plus the subset's mean correction
    (a control variate: unbiased), and its interval counts both terms.

    Parameters
    ----------
    estimate
        A placed impact estimate.
    zones
        The maritime zones; the state's own worldview is applied.
    iso3
        The state (or territory) whose zone it is.
    kind
        ``"eez"`` (the whole 200-NM zone, territorial sea included),
        ``"territorial_sea"`` or ``"land"``.
    worldview
        Judge the zone as this state claims it (default: ``iso3`` itself).
    """
    iso3 = iso3.upper()
    view, kinds, cutoff, region = _setup(estimate, zones, iso3, kind, worldview)
    pts = estimate.impacts
    inside = region.contains(pts)
    n = len(pts)
    # a fixed random order: its first m samples are a random subset of the estimate's
    order = np.random.default_rng(0).permutation(n)
    m = min(n, _FIRST_PASS)
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, BoundaryError, np.ndarray]] = []
    done = 0
    while True:
        idx = order[done:m]
        parts.append(_measure(pts[idx], inside[idx], region, zones, iso3, view, kinds, cutoff))
        done = m
        idx = order[:m]
        signed = np.concatenate([t[0] for t in parts])
        p = np.concatenate([t[1] for t in parts])
        mean, se, more = _control_variate(inside, inside[idx].astype(float), p)
        if more <= m or m == n:
            break
        m = min(n, more)
    nearest_error = min(parts, key=lambda t: float(np.abs(t[0]).min()))[3]
    finite = np.isfinite(signed)
    # far from every limit only a lower bound is known: at least the cutoff, or the rough value
    bound = np.concatenate([t[2] for t in parts])
    own = np.concatenate([t[4] for t in parts])
    beyond = (float(np.mean(signed > own)), float(np.mean(signed < -own)))
    margins = tuple(float(v) for v in np.percentile(np.where(finite, signed, bound), [5, 50, 95]))
    return ZoneProbability(
        iso3,
        kind,
        _label(zones, iso3, kind),
        mean,
        (max(0.0, mean - 1.96 * se), min(1.0, mean + 1.96 * se)),
        float(inside.mean()),
        margins,  # type: ignore[arg-type]
        nearest_error,
        view,
        n,
        cutoff,
        beyond,
        part_of="" if zones.sovereign_of(iso3) == iso3 else zones.sovereign_of(iso3),
    )


@dataclass(frozen=True)
class _Region:
    """A state's zone within a window (prepared), and its boundary cut into indexed pieces."""

    geometry: BaseGeometry
    edge: Any  # the boundary, simplified (None when the region is empty)

    def contains(self, pts: np.ndarray) -> np.ndarray:
        """Tell which lon/lat points lie inside."""
        import shapely

        if self.geometry.is_empty:
            return np.zeros(len(pts), dtype=bool)
        return np.asarray(shapely.contains_xy(self.geometry, pts[:, 0], pts[:, 1]))

    def edge_distance(self, lon: np.ndarray, lat: np.ndarray, near: float) -> np.ndarray:
        """Return a lower bound of each point's planar distance (degrees) to the boundary.

        The distance to the boundary simplified within :data:`_EDGE_TOL_DEG`,
        less that tolerance: at most twice the tolerance below the true one.
        Points within ``near`` of it are only found (a prepared test), and get 0.
        """
        import shapely

        if self.edge is None or not len(lon):
            return np.full(len(lon), np.inf)
        out = np.zeros(len(lon))
        far = np.arange(len(lon))
        minx, _, maxx, _ = self.edge.bounds
        # 180° and -180° are one meridian: where a point and part of the edge are more than
        # 180° of longitude apart, the edge may be nearer the other way round the globe
        turns: tuple[float, ...] = (0.0,)
        if float(lon.max()) - minx > 180.0 or maxx - float(lon.min()) > 180.0:
            turns = (0.0, 360.0, -360.0)
        d = np.full(len(lon), np.inf)
        for turn in turns:
            pts = shapely.points(lon[far] + turn, lat[far])
            keep = ~shapely.dwithin(self.edge, pts, near + _EDGE_TOL_DEG)
            far, pts = far[keep], pts[keep]
            d[far] = np.minimum(d[far], np.asarray(shapely.distance(self.edge, pts)))
        out[far] = np.maximum(d[far] - _EDGE_TOL_DEG, 0.0)
        return out


#: Regions built so far, most recently used last (see :func:`_region`).
_REGIONS: OrderedDict[tuple[Any, ...], tuple[Any, _Region]] = OrderedDict()
_MAX_REGIONS = 256
#: Windows are widened to multiples of this (degrees), so nearby estimates share a region.
_SNAP_DEG = 30.0
#: The region's boundary is simplified within this (degrees, about 2 km) to measure
#: the rough distances that tell which samples are near enough to measure exactly.
_EDGE_TOL_DEG = _borders.EDGE_TOL_DEG


def _edge_index(region: BaseGeometry) -> Any:
    """Return a region's boundary simplified within :data:`_EDGE_TOL_DEG` (``None``: none)."""
    import shapely

    if region.is_empty:
        return None
    edge = shapely.simplify(region.boundary, _EDGE_TOL_DEG)
    shapely.prepare(edge)
    return edge


_VIEWS: dict[tuple[int, str], tuple[Any, ZoneSet]] = {}


def _viewed(zones: ZoneSet, view: str) -> ZoneSet:
    """``zones`` as ``view`` claims it, built once per zone set and view."""
    key = (id(zones), view)
    hit = _VIEWS.get(key)
    if hit is None or hit[0] is not zones:
        if len(_VIEWS) > 64:
            _VIEWS.clear()
        hit = _VIEWS[key] = (zones, zones.with_worldview(view))
    return hit[1]


def _snapped(box: BaseGeometry) -> tuple[float, float, float, float]:
    """Return a box's bounds widened to whole multiples of :data:`_SNAP_DEG` (within ±180, ±90)."""
    x0, y0, x1, y1 = box.bounds
    return (
        max(-180.0, math.floor(x0 / _SNAP_DEG) * _SNAP_DEG),
        max(-90.0, math.floor(y0 / _SNAP_DEG) * _SNAP_DEG),
        min(180.0, math.ceil(x1 / _SNAP_DEG) * _SNAP_DEG),
        min(90.0, math.ceil(y1 / _SNAP_DEG) * _SNAP_DEG),
    )


def _region(
    zones: ZoneSet,
    view: str,
    iso3: str,
    kinds: tuple[str, ...],
    window: BaseGeometry,
) -> _Region:
    """Return a state's zone (``zones`` in ``view``) within ``window``, built once.

    The window only has to reach ``cutoff`` beyond every sample; widening it to
    whole multiples of :data:`_SNAP_DEG` moves its edges farther away, so
    nothing measured against the region changes, and estimates in the same
    part of the world share one region.
    """
    import shapely

    # each box of the window (two where it crosses the antimeridian) widened alike
    snap = tuple(sorted(_snapped(b) for b in shapely.get_parts(window)))
    key = (id(zones), view, iso3, kinds, snap)
    hit = _REGIONS.get(key)
    if hit is not None and hit[0] is zones:
        _REGIONS.move_to_end(key)
        return hit[1]
    window = shapely.union_all([shapely.box(*b) for b in snap])
    geom = shapely.intersection(_state_zone(zones, view, iso3, kinds), window)
    shapely.prepare(geom)
    region = _Region(geom, _edge_index(geom))
    while len(_REGIONS) >= _MAX_REGIONS:
        _REGIONS.popitem(last=False)
    _REGIONS[key] = (zones, region)
    return region


_STATES: dict[tuple[Any, ...], tuple[Any, BaseGeometry]] = {}


def _state_zone(zones: ZoneSet, view: str, iso3: str, kinds: tuple[str, ...]) -> BaseGeometry:
    """Return a state's whole zone of ``kinds`` (``zones`` in ``view``), merged once.

    Each window's region is cut from it (one overlay, not one per part and a merge).
    Merging takes up to a tenth of a second a state, so a zone set read from a
    file keeps its merged zones in the user's cache folder
    (:func:`trajgeo.maritime._piececache.load_geometry`; the same coordinates).
    """
    key = (id(zones), view, iso3, kinds)
    hit = _STATES.get(key)
    if hit is None or hit[0] is not zones:
        if len(_STATES) > 64:
            _STATES.clear()
        hit = _STATES[key] = (zones, _merged_zone(zones, view, iso3, kinds))
    return hit[1]


def _owns(z: Any, iso3: str) -> bool:
    """Whether a zone, as a worldview draws it, is the state's or territory's own.

    An area still claimed by two or more in that view (the view of a state that
    is none of its claimants) is no one's: the data list one claimant first, and
    that order must not decide a third party's answer (Crimea is not Russia's,
    nor Ukraine's, as the United States' view is drawn here).
    """
    return (z.sovereign_iso3 == iso3 or z.territory_iso3 == iso3) and len(z.claimants) < 2


def _merged_zone(zones: ZoneSet, view: str, iso3: str, kinds: tuple[str, ...]) -> BaseGeometry:
    """Merge a state's zones of ``kinds``, or read them merged from the user's cache."""
    import shapely

    from trajgeo.maritime._piececache import digest, load_geometry, save_geometry
    from trajgeo.maritime.pieces import pieces_key

    data_key = pieces_key(zones)
    # (the merge's own version: a merge cached before seams were closed is not read)
    name = digest(data_key, view, iso3, *kinds, "seams-660m-undisputed") if data_key else ""
    found = load_geometry(name) if name else None
    if found is not None:
        return found
    mine = [z.geometry for z in _viewed(zones, view).zones if _owns(z, iso3) and z.kind in kinds]
    merged = _without_slivers(_closed(shapely.union_all(mine))) if mine else shapely.Polygon()
    if name:
        save_geometry(name, merged)
    return merged


#: A hole in a merged zone narrower than this on average (degrees, about 200 m) is a sliver.
_SLIVER_DEG = 0.002
#: Parts of a merged zone this near (degrees, about 330 m) meet (:func:`_closed`): gaps
#: under about 660 m close, as the land borders take outlines within 550 m as meeting.
_SEAM_DEG = 0.003
#: The same in a local frame's metres (:func:`_closed_m`).
_SEAM_M = 330.0


def _closed(geom: BaseGeometry) -> BaseGeometry:
    """Join the parts of a merge that nearly meet along a seam (a closing of gaps under ~660 m).

    Two of a state's parts whose shared edge does not quite coincide (Morocco's land and
    Western Sahara's in Morocco's view; Sudan's and the Halaib triangle's in Sudan's, 450 m
    apart) stay apart with a gap open at both ends, whose two sides then counted as an edge
    of the state's land. Dilating by :data:`_SEAM_DEG` and eroding back (mitred corners:
    square ones come back where they were) fills gaps under about 660 m and nothing wider;
    it is a snapping tolerance for vertices, not a distance anything is judged by.

    Examples
    --------
    >>> import shapely
    >>> a, b = shapely.box(0, 0, 1, 1), shapely.box(0, 1.004, 1, 2)    # 450 m apart
    >>> len(shapely.get_parts(_closed(shapely.union_all([a, b]))))
    1
    >>> c = shapely.box(0, 1.01, 1, 2)                                # 1.1 km apart
    >>> len(shapely.get_parts(_closed(shapely.union_all([a, c]))))
    2
    """
    return _closing(geom, _SEAM_DEG)


def _closed_m(geom: BaseGeometry) -> BaseGeometry:
    """:func:`_closed` for a geometry in a local frame's metres."""
    return _closing(geom, _SEAM_M)


def _closing(geom: BaseGeometry, by: float) -> BaseGeometry:
    import shapely

    if geom.is_empty:
        return geom
    grown = shapely.buffer(geom, by, quad_segs=1, join_style="mitre")
    return shapely.buffer(grown, -by, quad_segs=1, join_style="mitre")


def _without_slivers(geom: BaseGeometry) -> BaseGeometry:
    """Close the sliver holes a merge leaves where two of a state's parts nearly meet.

    Land and sea parts whose shared edges do not quite coincide (Morocco's land and Western
    Sahara's in Morocco's view, Guam's zone and the Northern Marianas') merge with a hole
    tens of metres wide along the seam, whose outline then counted as an edge of the zone.
    A hole's mean width is twice its area over its perimeter.

    Examples
    --------
    >>> import shapely
    >>> outer = [(0, 0), (4, 0), (4, 4), (0, 4)]
    >>> seam = [(1, 2), (3, 2), (3, 2.0005), (1, 2.0005)]   # 55 m wide
    >>> lake = [(1, 0.5), (2, 0.5), (2, 1.5), (1, 1.5)]     # 110 km wide
    >>> len(_without_slivers(shapely.Polygon(outer, [seam, lake])).geoms[0].interiors)
    1
    """
    import shapely

    parts = list(shapely.get_parts(geom))
    changed = False
    for i, part in enumerate(parts):
        holes = [shapely.Polygon(r) for r in part.interiors]
        keep = [h.exterior for h in holes if 2.0 * h.area >= _SLIVER_DEG * h.length]
        if len(keep) < len(holes):
            parts[i] = shapely.Polygon(part.exterior, keep)
            changed = True
    return shapely.MultiPolygon(parts) if changed else geom


def _control_variate(
    inside: np.ndarray, inside_sub: np.ndarray, p_sub: np.ndarray
) -> tuple[float, float, int]:
    """Return the mean, its standard error, and the subset size the stated precision needs.

    The estimate is the share of all ``n`` samples inside plus the mean
    correction ``p - inside`` over the ``m`` measured ones; its variance is
    ``var(p)/n + var(p - inside) (1/m - 1/n)``.
    """
    n, m = len(inside), len(p_sub)
    d = p_sub - inside_sub
    mean = float(inside.mean() + d.mean())
    if m < 2:
        return mean, 0.5, n
    var_p, var_d = float(p_sub.var(ddof=1)), float(d.var(ddof=1))
    var = var_p / n + var_d * (1.0 / m - 1.0 / n)
    goal = (HALF_WIDTH / 1.96) ** 2 - var_p / n + var_d / n
    need = n if goal <= 0 else int(min(n, math.ceil(1.1 * var_d / goal)))
    return mean, math.sqrt(max(var, 0.0)), need


def _measure(
    pts: np.ndarray,
    inside: np.ndarray,
    region: _Region,
    zones: ZoneSet,
    iso3: str,
    view: str,
    kinds: tuple[str, ...],
    cutoff: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, BoundaryError, np.ndarray]:
    """Measure samples against a zone's limit.

    Returns each sample's signed distance to the limit (km, + inside; infinite
    beyond ``cutoff``), its probability of being inside, a lower bound of its
    margin (for samples beyond ``cutoff``), the boundary error where the
    samples are nearest the limit, and each sample's own stretch's 95 % error
    (0 beyond ``cutoff``, which is wider than any such error).
    """
    lon, lat = pts[:, 0], pts[:, 1]
    errors = _errors(float(np.median(lon)), float(np.median(lat)), zones, kinds)
    # a cheap lower bound of each sample's distance to the region's edge, in km
    km_per_deg = 111.0
    if len(pts):
        km_per_deg *= math.cos(math.radians(min(89.0, float(np.abs(lat).max()) + 5.0)))
    # (0 for samples within the cutoff: only which they are matters)
    rough = region.edge_distance(lon, lat, cutoff / km_per_deg) * km_per_deg
    signed = np.where(inside, np.inf, -np.inf)
    # no two points on Earth are farther apart than half the meridian
    rough = np.minimum(rough, HALF_MERIDIAN_KM)
    bound = np.where(inside, 1.0, -1.0) * np.maximum(np.nan_to_num(rough, posinf=cutoff), cutoff)
    which = np.full(len(pts), "outer_limit", dtype=object)
    near = np.nonzero(rough <= cutoff)[0]
    p = inside.astype(float)
    own = np.zeros(len(pts))
    # the shipped limit lines are the EEZs': a territorial sea's or land's edge is measured
    # as drawn, with the error stated for the data (see _errors)
    shipped = not getattr(zones.dataset, "user_supplied", False) and "eez" in kinds
    # the zone's own state's limits, in any view: the view only redraws which sea is whose
    iso = zones.sovereign_of(iso3)
    measured = limit_errors_and_sources(pts[near], iso) if shipped and len(near) else None
    if measured is not None:
        # a sea limit cannot reach a sample ashore, whatever its error: inland, a zone ends
        # at its state's land borders, known far better than the sea's, and nowhere else
        # (a point 30 km inside Crimea had been 4 % likely inside Turkey's EEZ by the error
        # of a disputed band's edge at sea)
        ashore = _borders.ashore(pts[near], zones)
        measured = _borders.ashore_far(measured, ashore)
        if "land" in kinds:
            borders = _borders.edge_borders(region, iso3, zones, view)
            measured = _borders.nearer_border(measured, pts[near], borders, ashore, cutoff)
    if shipped and len(pts) and not len(near):
        # every sample is beyond the cutoff: the answer is certain either way, and the
        # error to quote is the one of the limit nearest the samples, not a class's
        far = _nearest_limit_error(pts[[int(np.argmin(rough))]], iso)
        if far is not None:
            return signed, p, bound, far, own
    if measured is not None:
        # each sample against the stretch of limit nearest it: its geodesic distance, and
        # the error measured for that class of boundary in that region
        sources, med, p95, kinds_near, dist, origin = measured
        signed[near] = np.where(inside[near], dist, -dist)
        p[near] = p_inside_arrays(signed[near], med, p95)
        own[near] = p95
        k = int(np.argmin(dist))
        kind_k = str(kinds_near[k])
        error = BoundaryError(
            kind_k,
            float(med[k]),
            _rounded_km(float(p95[k])),
            basis_of(kind_k, str(sources[k]), str(origin[k])),
        )
        return signed, p, bound, error, own
    # exact distances near the limit, in local frames of at most 10° tiles of samples
    tiles = np.floor(lon[near] / 10.0) * 1000 + np.floor(lat[near] / 10.0)
    for tile in np.unique(tiles):
        idx = near[tiles == tile]
        d, classes = _limit_distance(pts[idx], iso3, kinds, _viewed(zones, view), cutoff)
        signed[idx] = np.where(inside[idx], d, -d)
        which[idx] = classes
    for cls, err in errors.items():
        sel = (which == cls) & np.isfinite(signed)
        if sel.any():
            p[sel] = err.p_inside(signed[sel])
            own[sel] = err.p95_km
    on_border = _borders.border_samples(pts, near, signed, region, iso3, zones, view, kinds)
    for i, err in on_border.items():
        which[i] = "land_border"
        p[i] = err.p_inside(signed[[i]])[0]
        own[i] = err.p95_km
    finite = np.isfinite(signed)
    if not finite.any():
        return signed, p, bound, errors["outer_limit"], own
    k = int(np.argmin(np.abs(np.where(finite, signed, np.inf))))
    return signed, p, bound, on_border.get(k) or errors[str(which[k])], own


def _rounded_km(km: float) -> float:
    """Round a 95 % bound as it is quoted: to 0.1 km under 10 km, else to the km.

    >>> _rounded_km(2.49), _rounded_km(217.3)
    (2.5, 217.0)
    """
    return round(km, 1) if km < 10.0 else float(round(km))


def _errors(
    lon: float, lat: float, zones: ZoneSet, kinds: tuple[str, ...]
) -> dict[str, BoundaryError]:
    """Return the error model of the limits a zone of ``kinds`` is judged against.

    An EEZ's limits have the errors measured for their classes (200-NM limit, line
    between states). A territorial sea's 12-NM line or a coast was not measured: it
    takes the accuracy the data set states, as the verdicts do
    (:mod:`trajgeo.maritime.verdicts`). The EEZ line between two states had stood in for
    it, so a missile 28 km outside a territorial sea was judged by a median line 65 km
    away and its error.
    """
    errors = boundary_errors(lon, lat, zones.dataset)
    ds = zones.dataset
    if "eez" in kinds or getattr(ds, "user_supplied", False):
        return errors
    if kinds == ("land",) and getattr(ds, "shipped", False):
        # land's edges are its coast (measured: coast_error) and its land borders (each
        # stretch measured: _border_samples)
        coast = _accuracy.coast_error(lon, lat)
        if coast is not None:
            return {k: BoundaryError("coast", *coast) for k in errors}
    p95 = ds.accuracy_p95_km
    if p95 is None:
        return errors
    typical = ds.accuracy_km if ds.accuracy_km is not None else p95 / 4.0
    stated = BoundaryError(kinds[0], float(typical), float(p95), STATED_BASIS)
    return {k: stated for k in errors}


#: How the error of a territorial sea's or a coast's edge is known, as the outputs say it.
STATED_BASIS = "the data set's stated accuracy (not measured for this kind of limit)"


def _nearest_limit_error(pts: np.ndarray, iso3: str) -> BoundaryError | None:
    """Return the error of the state's limit nearest the first of ``pts``."""
    near = local_error(float(pts[0, 0]), float(pts[0, 1]), iso3)
    if near is None:
        return None
    return BoundaryError(near.kind, near.median_km, round(near.p95_km), near.basis)


def _window_box(frame: _Frame, reach_km: float) -> BaseGeometry:
    import shapely

    half_lat, half_lon = _half_extent(frame, reach_km)
    lo, hi = frame.lon0 - half_lon, frame.lon0 + half_lon
    la, lb = max(frame.lat0 - half_lat, -90.0), min(frame.lat0 + half_lat, 90.0)
    boxes = [shapely.box(max(lo, -180.0), la, min(hi, 180.0), lb)]
    if lo < -180.0:
        boxes.append(shapely.box(lo + 360.0, la, 180.0, lb))
    if hi > 180.0:
        boxes.append(shapely.box(-180.0, la, hi - 360.0, lb))
    return shapely.union_all(boxes)


def _label(zones: ZoneSet, iso3: str, kind: str) -> str:
    from trajgeo.maritime import state_name
    from trajgeo.wording import claim_label

    return f"{state_name(iso3)} (land)" if kind == "land" else claim_label(iso3, kind)
