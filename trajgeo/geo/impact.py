"""Impact zones, arcs and rings for reported shots, on the WGS84 ellipsoid.

An impact area is the set of points a missile could have reached given the
report: every distance in the range band, every azimuth in the bearing
band, from anywhere within the launch radius. It is built as an annular
sector of geodesics (never a buffer in degrees). Over a launch disc, a
sector is swept as one outline: each vertex goes where the launch point
that pushes it furthest outwards puts it (:func:`_swept_sector`); bands
wider than a half-turn, holes the disc would close and areas near a pole
take the union of sectors drawn from points on the disc's edge instead.
Any direction (no bearing, or a full circle) swept over a disc is exactly
an annulus around the nominal point, wider by the disc's radius on both
sides (:func:`_swept_annulus`), and is drawn as one.

Accuracy of the construction (stated, and checked in the tests):

* every vertex is an exact geodesic point (pyproj ``Geod.fwd``); edges
  between vertices are at most ``max_segment_m`` long (10 km by default);
* a swept outline's vertices are exact points of the swept set, found to
  within a few metres of the furthest such point, with corners drawn at
  the chord sag of the outline's own outer arc (between 10 and 50 m); the
  union of sampled sectors samples the disc's edge at 50 m chord sag and
  fills the notches between their corners with the hull of each corner's
  positions. Either way the area is at most about 50 m
  smaller than the exact swept set, beyond the chord error of its edges.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from trajgeo.constants import EARTH_MEAN_RADIUS_M
from trajgeo.errors import InputError
from trajgeo.events.compass import BearingBand
from trajgeo.geo import geodesy

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from trajgeo.events import Event, Shot

__all__ = [
    "SWEEP_SAG_M",
    "EventGeometry",
    "ShotGeometry",
    "disc",
    "event_geometry",
    "impact_area",
    "impact_zone",
    "range_ring",
    "sector",
    "shot_geometry",
]

#: Largest chord sag allowed when sampling the edge of a launch disc.
SWEEP_SAG_M = 50.0


def _pole_flags(
    lon: float, lat: float, rmin_m: float, rmax_m: float, band: BearingBand | None
) -> tuple[bool, bool]:
    """Whether the sector from (lon, lat) holds the north / south pole."""
    flags = []
    for az, d in _to_poles(float(lon), float(lat)):
        inside: bool = rmin_m <= d <= rmax_m
        if inside and band is not None and not band.is_full_circle and d > 0:
            inside = (az - band.start_deg) % 360.0 <= band.width_deg
        flags.append(bool(inside))
    return flags[0], flags[1]


@lru_cache(maxsize=256)
def _to_poles(lon: float, lat: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """Return the azimuth and distance (m) from a point to the north and the south pole.

    Each area asks several times from the same point (an annulus three times),
    and shots share their launch sites: computed once per point.
    """
    azs, _, dists = geodesy.inverse(lon, lat, 0.0, _POLE_LATS)  # both poles in one call
    north, south = zip(azs.tolist(), dists.tolist(), strict=True)
    return north, south


#: The latitudes of the north and south poles, as :func:`_to_poles` asks for them.
_POLE_LATS = np.array([90.0, -90.0])


def _check_segment(max_segment_m: float) -> None:
    """Refuse a segment length that is not a positive finite number (NaN would loop or crash)."""
    if not (math.isfinite(max_segment_m) and max_segment_m > 0.0):
        raise InputError(
            "not a usable segment length",
            field="max_segment_km",
            value=max_segment_m / 1000.0,
            allowed="a number of km above 0",
        )


def _check_area_args(
    lon: Any,
    lat: Any,
    rmin_m: Any,
    rmax_m: Any,
    band: Any,
    launch_radius_m: Any,
    max_segment_m: Any,
) -> None:
    """Check an impact area's arguments before any geometry is made.

    A band given backwards had been widened into a 10-m ring, a negative launch
    radius shrank the area, a latitude beyond 90 failed inside shapely.
    """
    from trajgeo._checks import lonlat, number
    from trajgeo.events.compass import BearingBand

    lonlat(lon, lat)
    top = geodesy.MAX_RANGE_M
    rmin = number(rmin_m, "rmin_m", low=0.0, high=top, allowed=f"0 to {top:,.0f} m")
    rmax = number(rmax_m, "rmax_m", low=0.0, high=top, allowed=f"0 to {top:,.0f} m")
    if rmin > rmax:
        raise InputError(
            "the range band is given backwards",
            field="rmin_m",
            value=(rmin, rmax),
            allowed="rmin_m at most rmax_m",
        )
    number(launch_radius_m, "launch_radius_m", low=0.0, high=top, allowed="0 or more metres")
    number(max_segment_m, "max_segment_m", low=1.0, high=top, allowed="1 m or more")
    if band is not None and not isinstance(band, BearingBand):
        raise InputError(
            "not a bearing band",
            field="band",
            value=band,
            allowed="None (any direction) or a BearingBand, e.g. BearingBand.around(45, 22.5)",
        )


def _check_distance(value_m: float, name: str) -> None:
    if not (0.0 <= value_m <= geodesy.MAX_RANGE_M) or not math.isfinite(value_m):
        raise InputError(
            "distance out of range",
            field=name,
            value=value_m / 1000.0,
            allowed=f"0 to {geodesy.MAX_RANGE_M / 1000:,.3f} km",
        )


def sector(
    lon: float,
    lat: float,
    rmin_m: float,
    rmax_m: float,
    band: BearingBand | None = None,
    max_segment_m: float = geodesy.DEFAULT_MAX_SEGMENT_M,
) -> BaseGeometry:
    """Return the annular sector of geodesics from one point.

    Parameters
    ----------
    lon, lat
        Origin in degrees.
    rmin_m, rmax_m
        Distance band in metres (``rmin_m`` may be 0).
    band
        Azimuth band; ``None`` or a full circle gives an annulus (or a disc).
    max_segment_m
        Longest boundary segment.

    Returns
    -------
    shapely.Polygon or shapely.MultiPolygon
        Normalised (split at the antimeridian, closed over a pole it holds).

    Examples
    --------
    >>> from trajgeo.events.compass import BearingBand
    >>> z = sector(125.75, 39.03, 300e3, 350e3, BearingBand.around(45, 11.25))
    >>> z.geom_type, z.is_valid
    ('Polygon', True)
    """
    _check_segment(max_segment_m)
    _check_distance(rmin_m, "rmin")
    _check_distance(rmax_m, "rmax")
    if rmax_m < rmin_m:
        raise InputError(
            "band minimum is above its maximum", field="range", value=(rmin_m / 1000, rmax_m / 1000)
        )
    # a band narrower than MIN_WIDTH_M (down to a zero range) is drawn that wide, so that
    # the area is never empty and holds its nominal point
    rmin_m, rmax_m = _widen(rmin_m, rmax_m)
    poles = _pole_flags(lon, lat, rmin_m, rmax_m, band)
    if band is None or band.is_full_circle:
        outer = geodesy.ring_points(lon, lat, rmax_m, max_segment_m)
        if rmin_m <= 0.0:
            return geodesy.lonlat_polygon(outer, poles=poles)
        inner = geodesy.ring_points(lon, lat, rmin_m, max_segment_m)
        inner_poles = _pole_flags(lon, lat, 0.0, rmin_m, None)
        outer_poles = _pole_flags(lon, lat, 0.0, rmax_m, None)
        return geodesy.lonlat_polygon(outer, [inner], poles=outer_poles, hole_poles=[inner_poles])
    az, dist = _sector_template(rmin_m, rmax_m, band, max_segment_m)
    lons, lats = geodesy.destination(lon, lat, az, dist)
    return geodesy.lonlat_polygon(np.column_stack([lons, lats]), poles=poles)


def _sector_template(
    rmin_m: float, rmax_m: float, band: BearingBand, max_segment_m: float
) -> tuple[np.ndarray, np.ndarray]:
    """Azimuths and distances of a sector's outline, the same for every origin.

    The outline runs out along the first azimuth, round the outer arc, back
    along the last azimuth and round the inner arc (or through the origin).
    """
    return _sector_outline(rmin_m, rmax_m, band, max_segment_m)[:2]


def _sector_outline(
    rmin_m: float, rmax_m: float, band: BearingBand, max_segment_m: float
) -> tuple[np.ndarray, np.ndarray, tuple[int, int]]:
    """:func:`_sector_template`, and how many segments each radial edge and the outer arc has."""
    start, width = band.start_deg, band.width_deg
    n_r = max(1, math.ceil((rmax_m - rmin_m) / max_segment_m))
    radial = np.linspace(rmin_m, rmax_m, n_r + 1)

    def arc_n(r: float) -> int:
        chord = (
            2.0
            * math.pi
            * EARTH_MEAN_RADIUS_M
            * abs(math.sin(r / EARTH_MEAN_RADIUS_M))
            * width
            / 360.0
        )
        return max(math.ceil(width / 2.0), math.ceil(chord / max_segment_m), 1)

    n_o = arc_n(rmax_m)
    outer_az = start + np.linspace(0.0, width, n_o + 1)
    parts_az = [np.full(n_r + 1, start), outer_az[1:], np.full(n_r, start + width)]
    parts_d = [radial, np.full(n_o, rmax_m), radial[::-1][1:]]
    if rmin_m > 0.0:
        n_i = arc_n(rmin_m)
        parts_az.append(start + np.linspace(width, 0.0, n_i + 1)[1:])
        parts_d.append(np.full(n_i, rmin_m))
    else:
        parts_az.append(np.array([start]))
        parts_d.append(np.array([0.0]))
    return np.concatenate(parts_az), np.concatenate(parts_d), (n_r, n_o)


#: Narrowest range band drawn (m): a zero or near-zero band is drawn this wide.
MIN_WIDTH_M = 10.0


def _widen(rmin_m: float, rmax_m: float) -> tuple[float, float]:
    """Widen a band narrower than :data:`MIN_WIDTH_M` about its middle, within 0..max range."""
    if rmax_m - rmin_m >= MIN_WIDTH_M:
        return rmin_m, rmax_m
    mid = min(max((rmin_m + rmax_m) / 2.0, MIN_WIDTH_M / 2.0), geodesy.MAX_RANGE_M - MIN_WIDTH_M)
    return max(0.0, mid - MIN_WIDTH_M / 2.0), mid + MIN_WIDTH_M / 2.0


def disc(
    lon: float, lat: float, radius_m: float, max_segment_m: float = geodesy.DEFAULT_MAX_SEGMENT_M
) -> BaseGeometry:
    """Return the geodesic disc (all points within ``radius_m``) around a point."""
    return sector(lon, lat, 0.0, radius_m, None, max_segment_m)


def range_ring(
    lon: float, lat: float, radius_m: float, max_segment_m: float = geodesy.DEFAULT_MAX_SEGMENT_M
) -> BaseGeometry:
    """Return the geodesic circle at ``radius_m`` around a point, as a (Multi)LineString.

    Examples
    --------
    >>> ring = range_ring(0.0, 89.0, 300e3)
    >>> ring.geom_type in ("LineString", "MultiLineString")
    True
    """
    from trajgeo._checks import lonlat, number

    lonlat(lon, lat)
    number(radius_m, "radius_m", low=0.0, above=True, allowed="above 0 m")
    _check_distance(radius_m, "radius")
    # the ring is at most half the Earth's circumference round: check it as a line that long
    geodesy._check_line(lon, lat, geodesy.MAX_RANGE_M, max_segment_m)
    return geodesy.split_line(geodesy.ring_points(lon, lat, radius_m, max_segment_m))


def _disc_edge(lon: float, lat: float, radius_m: float) -> tuple[np.ndarray, np.ndarray]:
    """Sample points on a launch disc's edge so the chord sag stays under SWEEP_SAG_M."""
    if radius_m <= SWEEP_SAG_M:
        return np.array([lon]), np.array([lat])
    n = max(8, math.ceil(math.pi / math.acos(1.0 - SWEEP_SAG_M / radius_m)))
    az = np.linspace(0.0, 360.0, n, endpoint=False)
    lons, lats = geodesy.destination(lon, lat, az, radius_m)
    return np.concatenate([[lon], lons]), np.concatenate([[lat], lats])


def impact_area(
    lon: float,
    lat: float,
    rmin_m: float,
    rmax_m: float,
    band: BearingBand | None = None,
    launch_radius_m: float = 0.0,
    max_segment_m: float = geodesy.DEFAULT_MAX_SEGMENT_M,
) -> BaseGeometry:
    """Return the impact area: a range band × bearing band, swept over the launch disc.

    Parameters
    ----------
    lon, lat
        Nominal launch point, degrees.
    rmin_m, rmax_m
        Range band, metres.
    band
        Bearing band (``None``: any direction, an annulus).
    launch_radius_m
        How far from the nominal point the launch may have been.
    max_segment_m
        Longest boundary segment.

    Returns
    -------
    shapely.Polygon or shapely.MultiPolygon
        Normalised, valid.

    Examples
    --------
    >>> from trajgeo.events.compass import BearingBand
    >>> z = impact_area(125.75, 39.03, 300e3, 350e3, BearingBand.around(45, 11.25), 15e3)
    >>> z.is_valid
    True
    """
    import shapely

    _check_area_args(lon, lat, rmin_m, rmax_m, band, launch_radius_m, max_segment_m)
    rmin_m, rmax_m = _widen(rmin_m, rmax_m)
    if band is None or band.is_full_circle:
        # Any direction over a disc: exactly the annulus rmin - a .. rmax + a around the
        # nominal point (see _swept_annulus), drawn directly instead of as a union.
        return sector(
            lon, lat, *_swept_annulus(rmin_m, rmax_m, launch_radius_m), band, max_segment_m
        )
    if launch_radius_m <= SWEEP_SAG_M:  # the disc's edge is one point: its centre
        return sector(lon, lat, rmin_m, rmax_m, band, max_segment_m)
    if _near_pole(lon, lat, rmax_m + launch_radius_m):
        lons, lats = _disc_edge(lon, lat, launch_radius_m)
        parts = [
            sector(float(x), float(y), rmin_m, rmax_m, band, max_segment_m)
            for x, y in zip(lons, lats, strict=False)
        ]
        zone = shapely.union_all(parts)
    else:
        swept = _swept_sector(lon, lat, rmin_m, rmax_m, band, launch_radius_m, max_segment_m)
        if swept is not None:
            return swept
        lons, lats = _disc_edge(lon, lat, launch_radius_m)
        az, dist = _sector_template(rmin_m, rmax_m, band, max_segment_m)
        ring_lon, ring_lat = geodesy.destination(
            lons[:, None], lats[:, None], az[None, :], dist[None, :]
        )
        unwrapped = np.apply_along_axis(geodesy.unwrap_lon, 1, ring_lon)
        simple = np.abs(unwrapped).max(axis=1) <= 180.0
        parts = list(
            shapely.make_valid(
                shapely.polygons(np.stack([unwrapped[simple], ring_lat[simple]], axis=-1))
            )
        )
        parts += [
            geodesy.lonlat_polygon(np.column_stack([unwrapped[k], ring_lat[k]]))
            for k in np.nonzero(~simple)[0]
        ]
        parts += _corner_hulls(lons[1:], lats[1:], rmin_m, rmax_m, band)
        zone = shapely.union_all(parts)
    # A sector swept over a disc has no holes; slivers between samples do.
    zone = shapely.union_all(
        [
            shapely.Polygon(p.exterior)
            for p in getattr(zone, "geoms", [zone])
            if p.geom_type == "Polygon"
        ]
    )
    return geodesy._clean_polygonal(zone)


def _swept_annulus(rmin_m: float, rmax_m: float, radius_m: float) -> tuple[float, float]:
    """Return the distance band, from the nominal point, of an annulus swept over a disc.

    A point ``p`` at distance ``d`` from the nominal launch point ``o`` is
    within ``rmin .. rmax`` of some launch point in the disc of radius ``a``
    exactly when ``rmin - a <= d <= rmax + a``: the triangle inequality
    (geodesic distance is a metric) rules out anything further, and the launch
    points on the geodesic through ``o`` and ``p``, up to ``a`` either side of
    ``o``, are at every distance from ``p`` between ``d - a`` and ``d + a``.
    So the swept set is itself an annulus (or a disc), drawn without sampling.
    """
    return max(0.0, rmin_m - radius_m), min(rmax_m + radius_m, geodesy.MAX_RANGE_M)


def impact_zone(*args: Any, **kwargs: Any) -> BaseGeometry:
    """Return :func:`impact_area` under its deprecated name, with a DeprecationWarning."""
    warnings.warn(
        "trajgeo.impact_zone is deprecated; use trajgeo.impact_area",
        DeprecationWarning,
        stacklevel=2,
    )
    return impact_area(*args, **kwargs)


def _swept_sector(
    lon: float,
    lat: float,
    rmin_m: float,
    rmax_m: float,
    band: BearingBand,
    radius_m: float,
    max_segment_m: float,
) -> BaseGeometry | None:
    """Return a sector swept over a launch disc as one outline, or ``None``.

    As the launch point goes round the disc's edge (its bearing ``t`` from
    the nominal point), each vertex of the sector's outline traces a closed
    curve close to an ellipse. The swept outline takes, for each vertex and
    the outward normal of the outline there (a fan of normals at corners),
    the point of that curve furthest along the normal: eight exact points
    of each curve give its first two Fourier harmonics, which locate the
    furthest ``t``, and that launch point's exact geodesic gives the vertex.
    The turn of north between launch points is thereby exact, not assumed
    away. The curves are sampled at anchors (the outline's corners, and
    vertices at most :data:`LOCUS_ANCHOR_SPACING_M` apart, closer towards a
    pole or the antipode); the harmonics of the vertices between are
    interpolated, which moves the outline by at most a few metres (its
    vertices, each still an exact point of the swept set, slide along it).
    Everything is four vectorised ``Geod.fwd`` calls and no union.

    ``None`` when one outline cannot hold the swept set: a band wider than a
    half-turn, an inner radius the disc would close, or a ring that comes
    out self-intersecting; the caller then unions sampled sectors.
    """
    import shapely

    if band.width_deg > 180.0 or not (rmin_m == 0.0 or rmin_m > 2.0 * radius_m):
        return None
    az, dist, (n_r, n_o) = _sector_outline(rmin_m, rmax_m, band, max_segment_m)
    # the template repeats its first vertex, and a wedge's apex once more as (end, 0)
    keep = len(az) - (2 if rmin_m == 0.0 else 1)
    az, dist = az[:keep], dist[:keep]
    n = len(az)
    # its corners: the start, the ends of the outer arc, and where the last radial edge
    # meets the inner arc (or, in a wedge, its last vertex before the apex)
    corners = [0, n_r, n_r + n_o, 2 * n_r + n_o - (rmin_m == 0.0)]
    fwd = geodesy.geod().fwd
    # the outline from the nominal point, and the loci (t: the launch point's bearing from
    # the nominal point) of the anchors among its vertices, sampled at eight bearings
    olon, olat, _ = fwd(
        np.full(8, float(lon)), np.full(8, float(lat)), _T8_DEG, np.full(8, radius_m)
    )
    spacing = _anchor_spacing_m(lon, lat, rmax_m, radius_m)
    anchor, left, weight = _locus_anchors(corners, n, spacing, max_segment_m)
    m = len(anchor)
    start_x = np.concatenate([np.full(n, float(lon)), np.repeat(olon, m)])
    start_y = np.concatenate([np.full(n, float(lat)), np.repeat(olat, m)])
    allx, ally, _ = fwd(
        start_x,
        start_y,
        np.concatenate([az, np.tile(az[anchor], 8)]),
        np.concatenate([dist, np.tile(dist[anchor], 8)]),
    )
    px, py = allx[:n], ally[:n]
    coslat = np.cos(np.radians(py))
    # each locus is close to an ellipse: east/north offsets (degrees of latitude) of its
    # samples from their anchor, and their first two Fourier harmonics, (4, m, 2)
    lx, ly = allx[n:].reshape(8, m), ally[n:].reshape(8, m)
    ax, ay = px[anchor], py[anchor]
    locus = np.stack([geodesy.normalise_lon(lx - ax) * coslat[anchor], ly - ay], axis=-1)
    harm = (_HARMONICS @ locus.reshape(8, 2 * m)).reshape(4, m, 2).transpose(1, 0, 2)
    # each vertex's, interpolated between its anchors: (n, 4, 2)
    w = weight[:, None, None]
    harm = harm[left] * (1.0 - w) + harm[(left + 1) % m] * w
    # the direction of each edge, to the next vertex; its outward normal points left of it
    # (the template runs clockwise on the map): angle atan2(-north, east) from north
    east = geodesy.normalise_lon(np.append(px[1:], px[0]) - px) * coslat
    a_out = np.arctan2(py - np.append(py[1:], py[0]), east)
    a_in = np.append(a_out[-1], a_out[:-1])
    turn = (a_out - a_in + np.pi) % (2.0 * np.pi) - np.pi
    step = 2.0 * math.acos(1.0 - _corner_sag_m(rmax_m, band.width_deg, n_o) / radius_m)
    # a convex corner (the normal turns clockwise) gets a fan; elsewhere the bisector
    fans = np.where(turn > step, np.ceil(turn / step), 0).astype(int)
    if fans.any():
        idx = np.repeat(np.arange(n), fans + 1)
        first = np.repeat(np.cumsum(fans + 1) - (fans + 1), fans + 1)
        fan = fans[idx]
        frac = np.where(fan > 0, (np.arange(len(idx)) - first) / np.maximum(fan, 1), 0.5)
        angle = a_in[idx] + frac * turn[idx]
        harm, az, dist = harm[idx], az[idx], dist[idx]
    else:
        angle = a_in + 0.5 * turn
    # the harmonics projected on each vertex's normal: (4, vertices)
    coef = (harm[:, :, 0] * np.sin(angle)[:, None] + harm[:, :, 1] * np.cos(angle)[:, None]).T
    bearing = np.degrees(_farthest_on_locus(coef))
    ox, oy, _ = fwd(
        np.full(len(az), float(lon)),
        np.full(len(az), float(lat)),
        bearing,
        np.full(len(az), float(radius_m)),
    )
    qx, qy, _ = fwd(ox, oy, az, dist)
    ring = np.column_stack([qx, qy])
    simple = geodesy.simple_polygon(ring)  # valid and inside ±180: nothing more to do
    if simple is not None:
        return simple
    ring[:, 0] = geodesy.unwrap_lon(qx)
    if not shapely.is_valid(shapely.Polygon(ring)):
        return None
    return geodesy.lonlat_polygon(ring)


def _corner_sag_m(rmax_m: float, width_deg: float, n_o: int) -> float:
    """Return the chord sag a swept outline's corners are drawn at: that of its outer arc.

    A corner finer than the coarsest part of the outline adds vertices and no
    accuracy, so corners take the outer arc's own sag (its ``n_o`` segments
    over the band's width, on the circle of its range), kept between a fifth
    of :data:`SWEEP_SAG_M` and :data:`SWEEP_SAG_M` itself.

    Examples
    --------
    >>> round(_corner_sag_m(350e3, 22.5, 14), 1)   # 9.8 km segments at 350 km
    34.4
    >>> _corner_sag_m(50e3, 22.5, 12), _corner_sag_m(3000e3, 90.0, 45)
    (10.0, 50.0)
    """
    arc = EARTH_MEAN_RADIUS_M * abs(math.sin(rmax_m / EARTH_MEAN_RADIUS_M))
    sag = arc * (1.0 - math.cos(math.radians(width_deg / max(n_o, 1)) / 2.0))
    return min(SWEEP_SAG_M, max(0.2 * SWEEP_SAG_M, sag))


#: Longest stretch of a swept outline between two vertices whose loci are sampled (m).
LOCUS_ANCHOR_SPACING_M = 100e3


def _anchor_spacing_m(lon: float, lat: float, rmax_m: float, radius_m: float) -> float:
    """How far apart along the outline the sampled loci may be, here.

    A locus's harmonics change with the vertex on the scale of the Earth's
    radius, but faster towards a pole (the local east turns) and towards the
    antipode (geodesics converge): the spacing shrinks in proportion there.
    """
    (_, north), (_, south) = _to_poles(float(lon), float(lat))
    to_pole = min(north, south) - rmax_m - radius_m
    to_antipode = math.pi * EARTH_MEAN_RADIUS_M - rmax_m - radius_m
    return max(0.0, min(LOCUS_ANCHOR_SPACING_M, 0.05 * to_pole, 0.02 * to_antipode))


def _locus_anchors(
    corners: list[int], n: int, spacing_m: float, max_segment_m: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return an outline's anchor vertices, and each vertex's anchor before it and weight.

    The outline's corners are anchors, and along each edge every ``k``-th
    vertex, ``k`` the number of the template's segments (none longer than
    ``max_segment_m``) that fit in ``spacing_m``. Vertex ``i`` lies between
    anchors ``left[i]`` and the one after it (after the last comes the
    first, round the ring), at ``weight[i]`` of the way.

    Examples
    --------
    >>> anchor, left, weight = _locus_anchors([0, 3], 5, 20e3, 10e3)
    >>> anchor.tolist(), left.tolist(), weight.tolist()
    ([0, 2, 3], [0, 0, 1, 2, 2], [0.0, 0.5, 0.0, 0.0, 0.5])
    """
    k = max(1, int(spacing_m // max_segment_m))
    ends = [*corners[1:], n]
    anchor = np.concatenate([np.arange(c, e, k) for c, e in zip(corners, ends, strict=True)])
    gaps = np.diff(np.append(anchor, n))
    left = np.repeat(np.arange(len(anchor)), gaps)
    return anchor, left, (np.arange(n) - anchor[left]) / gaps[left]


#: The bearings (rad) of the eight launch points on the disc's edge that sample each locus.
_T8_DEG = np.arange(8) * 45.0
_T8 = np.radians(_T8_DEG)

#: Rows giving a locus's Fourier coefficients (cos t, sin t, cos 2t, sin 2t) from its 8 samples.
_HARMONICS = np.stack([np.cos(_T8), np.sin(_T8), np.cos(2 * _T8), np.sin(2 * _T8)]) / 4.0


def _farthest_on_locus(coef: np.ndarray) -> np.ndarray:
    """Return t maximising ``ca cos t + cb sin t + c2a cos 2t + c2b sin 2t``, per column.

    ``coef`` stacks ``ca, cb, c2a, c2b``: a locus's harmonics projected on a
    normal. The first harmonic alone (an ellipse) gives ``atan2(cb, ca)``; two
    Newton steps on the full series correct it for the locus's departure from
    an ellipse (a few degrees for a 100 km launch disc at 60° latitude).
    """
    ca, cb, c2a, c2b = coef
    t = np.arctan2(cb, ca)
    for _ in range(2):
        s1, c1 = np.sin(t), np.cos(t)
        s2, c2 = 2.0 * s1 * c1, c1 * c1 - s1 * s1
        d1 = cb * c1 - ca * s1 + 2.0 * (c2b * c2 - c2a * s2)
        d2 = -(ca * c1 + cb * s1) - 4.0 * (c2a * c2 + c2b * s2)
        # a Newton step where t is near a maximum (the series curves down)
        t = t - np.divide(d1, d2, out=np.zeros_like(t), where=d2 < 0.0)
    return t


def _corner_hulls(
    lons: np.ndarray, lats: np.ndarray, rmin_m: float, rmax_m: float, band: BearingBand
) -> list[BaseGeometry]:
    """Where each corner of the sector can be, as the launch point goes round the disc.

    Sectors drawn from sampled launch points leave notches between their
    corners (up to a few km deep for a 40 km launch disc); the hull of a
    corner's positions fills them, leaving only the chord sag of the sampling.
    """
    import shapely

    corners = [
        (band.start_deg, rmax_m),
        (band.end_deg, rmax_m),
        (band.start_deg, rmin_m),
        (band.end_deg, rmin_m),
    ]
    out = []
    for az, dist in corners:
        cx, cy = geodesy.destination(lons, lats, az, dist)
        cx = geodesy.unwrap_lon(cx)
        if np.abs(cx).max() > 180.0:
            continue  # a corner locus across the antimeridian: rare, keep the sampled union
        out.append(shapely.convex_hull(shapely.multipoints(np.column_stack([cx, cy]))))
    return out


def _near_pole(lon: float, lat: float, reach_m: float) -> bool:
    """Whether a pole lies within ``reach_m`` (plus a 100 km guard) of a point."""
    (_, north), (_, south) = _to_poles(float(lon), float(lat))
    return min(north, south) <= reach_m + 100e3


# --------------------------------------------------------------------------- per shot
@dataclass(frozen=True)
class ShotGeometry:
    """Geometry of one shot line, all normalised (``[-180, 180]``, split at 180°).

    Attributes
    ----------
    shot
        The shot it was built from.
    launch_point
        Nominal launch point.
    launch_area
        Disc of the launch radius, or ``None`` for an exact point.
    arc
        Nominal geodesic from launch to the nominal impact point.
    arc_lonlat
        The same arc as an ``(n, 2)`` array with unwrapped longitudes (continuous).
    impact_point
        Nominal impact point (reported, or at the middle of the bands).
    impact_area
        Where it may have come down, or ``None`` if the report gives only a point.
    azimuth_deg, distance_km
        Of the nominal arc.
    assumptions
        Everything assumed in building it.
    """

    event_id: str
    shot: Shot
    launch_point: BaseGeometry
    launch_area: BaseGeometry | None
    arc: BaseGeometry
    arc_lonlat: np.ndarray = field(repr=False)
    impact_point: BaseGeometry
    impact_area: BaseGeometry | None
    azimuth_deg: float
    distance_km: float
    assumptions: tuple[str, ...] = ()

    @property
    def impact_zone(self) -> BaseGeometry | None:
        """Deprecated name of :attr:`impact_area` (kept for code written before 0.2)."""
        warnings.warn(
            "ShotGeometry.impact_zone is deprecated; use ShotGeometry.impact_area",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.impact_area


@dataclass(frozen=True)
class EventGeometry:
    """Geometry of every shot of an event, plus requested range rings."""

    event: Event
    shots: tuple[ShotGeometry, ...]
    rings: tuple[tuple[float, BaseGeometry], ...] = ()
    max_segment_m: float = geodesy.DEFAULT_MAX_SEGMENT_M


def shot_geometry(
    shot: Shot, event_id: str = "", max_segment_m: float = geodesy.DEFAULT_MAX_SEGMENT_M
) -> ShotGeometry:
    """Build the arc, impact point and impact area of one shot.

    The arc runs from the nominal launch point to the reported impact point
    or, without one, to the middle of the range and bearing bands.
    """
    from shapely.geometry import Point

    launch = shot.launch
    assumptions = list(shot.assumptions)
    launch_r = launch.radius_km * 1000.0
    if launch_r > 0:
        assumptions.append(f"launch within {launch.radius_km:g} km of {launch.name}")
    zone = None
    if shot.impact is not None:
        imp = shot.impact
        end_lon, end_lat = imp.lon, imp.lat
        if imp.distance is not None and imp.landmark_lon is not None:
            assert imp.landmark_lat is not None  # set together with landmark_lon
            zone = impact_area(
                imp.landmark_lon,
                imp.landmark_lat,
                imp.distance.min_km * 1e3,
                imp.distance.max_km * 1e3,
                imp.bearing,
                max(imp.radius_km, imp.landmark_radius_km) * 1e3,
                max_segment_m,
            )
        elif imp.radius_km > 0:
            zone = disc(imp.lon, imp.lat, imp.radius_km * 1e3, max_segment_m)
        az_a, _, dist_a = geodesy.inverse(launch.lon, launch.lat, end_lon, end_lat)
        az, dist = float(az_a), float(dist_a)
    else:
        rng = shot.range
        assert rng is not None  # guaranteed by the event schema
        band = shot.bearing
        if band is None:
            assumptions.append("no bearing reported: any direction")
        az = band.nominal_deg if band is not None else 0.0
        dist = rng.nominal_km * 1000.0
        lon, lat = geodesy.destination(launch.lon, launch.lat, az, dist)
        end_lon, end_lat = float(lon), float(lat)
        zone = impact_area(
            launch.lon,
            launch.lat,
            rng.min_km * 1e3,
            rng.max_km * 1e3,
            band,
            launch_r,
            max_segment_m,
        )
    # a full circle of bearings ("any direction") gives no direction either
    no_direction = shot.impact is None and (shot.bearing is None or shot.bearing.is_full_circle)
    if shot.impact is not None and not shot.impact.direction_known:
        # a ring around a landmark: the arc runs to the landmark, the ring's centre, only
        # when the ring is small enough, seen from the launch site, to give a direction
        assert shot.impact.distance is not None
        no_direction = shot.impact.distance.max_km * 1e3 > 0.7 * dist
    if no_direction:
        # No direction: there is no nominal arc, only the ring of possible impacts; its
        # first point is computed as the arc's would be (the arc of length 0 starts there)
        pts = geodesy.geodesic_arc(launch.lon, launch.lat, az, 0.0, max_segment_m)[:1]
        pts = pts.repeat(2, axis=0)
    else:
        pts = geodesy.geodesic_arc(launch.lon, launch.lat, az, dist, max_segment_m)
    area = _launch_disc(launch.lon, launch.lat, launch_r, max_segment_m) if launch_r > 0 else None
    return ShotGeometry(
        event_id=event_id,
        shot=shot,
        launch_point=Point(launch.lon, launch.lat),
        launch_area=area,
        arc=geodesy.split_line(pts),
        arc_lonlat=pts,
        impact_point=Point(float(geodesy.normalise_lon(end_lon)), end_lat),
        impact_area=zone,
        azimuth_deg=az % 360.0,
        distance_km=dist / 1000.0,
        assumptions=tuple(assumptions),
    )


@lru_cache(maxsize=64)
def _launch_disc(lon: float, lat: float, radius_m: float, max_segment_m: float) -> BaseGeometry:
    """Return the launch disc, drawn once for all the shots (and events) that share it.

    Shapely geometries are immutable, so one object can serve every shot.
    """
    return geodesy.lonlat_polygon(
        geodesy.ring_points(lon, lat, radius_m, max_segment_m),
        poles=_pole_flags(lon, lat, 0.0, radius_m, None),
    )


def event_geometry(
    event: Event,
    *,
    rings_km: tuple[float, ...] = (),
    max_segment_m: float = geodesy.DEFAULT_MAX_SEGMENT_M,
) -> EventGeometry:
    """Build the geometry of every shot of an event, and range rings around its launch site.

    Shot lines that place no impact (no distance, no impact point) have none,
    so :attr:`EventGeometry.shots` may hold fewer lines than the event.

    Parameters
    ----------
    event
        The event.
    rings_km
        Distances at which to draw range rings around the event's launch point.
    max_segment_m
        Longest segment of any densified line or boundary.
    """
    from trajgeo.events.model import Event

    if not isinstance(event, Event):  # a path or None had failed deep inside as AttributeError
        raise InputError(
            "not an event",
            field="event",
            value=type(event).__name__,
            allowed="an Event, e.g. trajgeo.events.load_events(path)[0]",
        )
    if isinstance(rings_km, (int, float, str)):
        raise InputError(
            "not a list of distances",
            field="rings_km",
            value=rings_km,
            allowed="a sequence of km, e.g. (500, 1000)",
        )
    _check_segment(max_segment_m)
    # a line that gives no distance and no impact (a count and a claim) has no geometry
    shots = tuple(shot_geometry(s, event.id, max_segment_m) for s in event.shots if s.places_impact)
    rings = tuple(
        (float(r), range_ring(event.launch.lon, event.launch.lat, r * 1000.0, max_segment_m))
        for r in rings_km
    )
    return EventGeometry(event, shots, rings, max_segment_m)
