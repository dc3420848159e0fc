"""Geodesics on the WGS84 ellipsoid, and geometry that survives the antimeridian and the poles.

All computation goes through pyproj's :class:`~pyproj.Geod` (Karney's
algorithms, the GeographicLib accuracy). Coordinates are ``(lon, lat)`` in
degrees everywhere, as in shapely, pyproj and GeoJSON; distances are metres
unless a name says ``_km``.

Two coordinate forms are used:

*unwrapped*
    a continuous sequence of longitudes that may run past ±180 (a flight
    from 170°E eastwards goes to 190°), so that arithmetic along a path
    never jumps; renderers centred on the Pacific want this form.
*normalised*
    longitudes in ``[-180, 180]``, with lines and polygons split at the
    antimeridian into Multi-geometries (RFC 7946). Polygons that contain a
    pole are closed along the pole's latitude. This is the form trajgeo
    stores, exports and tests against maritime zones.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from trajgeo.constants import EARTH_MEAN_RADIUS_M, HALF_MERIDIAN_M

if TYPE_CHECKING:
    from pyproj import Geod
    from shapely.geometry.base import BaseGeometry

__all__ = [
    "DEFAULT_MAX_SEGMENT_M",
    "HALF_MERIDIAN_M",
    "MAX_RANGE_M",
    "arc_between",
    "destination",
    "geod",
    "geodesic_arc",
    "geodesic_area_m2",
    "inverse",
    "lonlat_polygon",
    "normalise_lon",
    "ring_points",
    "shift_to_frame",
    "simple_polygon",
    "split_line",
    "unwrap_lon",
]

#: Default longest segment of a densified arc or boundary: 10 km.
DEFAULT_MAX_SEGMENT_M = 10_000.0
#: Longest range trajgeo accepts: half the Earth's circumference (pole to pole).
MAX_RANGE_M = HALF_MERIDIAN_M
#: Longitude shifts tried when folding unwrapped geometry back into [-180, 180].
_FOLDS = (-720.0, -360.0, 0.0, 360.0, 720.0)


@lru_cache(maxsize=1)
def geod() -> Geod:
    """Return the shared WGS84 :class:`pyproj.Geod`."""
    from pyproj import Geod

    return Geod(ellps="WGS84")


def destination(
    lon: float | np.ndarray,
    lat: float | np.ndarray,
    azimuth_deg: float | np.ndarray,
    distance_m: float | np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Return the end points of geodesics of given start, azimuth and length.

    Parameters
    ----------
    lon, lat
        Start point(s) in degrees.
    azimuth_deg
        Initial azimuth, clockwise from true north.
    distance_m
        Geodesic length in metres.

    Returns
    -------
    lon, lat : numpy.ndarray
        End points; longitudes in ``[-180, 180]``. Inputs broadcast.

    Examples
    --------
    >>> lon, lat = destination(0.0, 0.0, 90.0, 111_319.49)
    >>> round(float(lon), 5), round(float(lat), 5)
    (1.0, 0.0)
    """
    (x, y, az, d), shape = _flat_broadcast(lon, lat, azimuth_deg, distance_m)
    lons, lats, _ = geod().fwd(x, y, az, d)
    return np.asarray(lons).reshape(shape), np.asarray(lats).reshape(shape)


def _flat_broadcast(*values: float | np.ndarray) -> tuple[list[np.ndarray], tuple[int, ...]]:
    """Return the values as flat float arrays broadcast to one shape, and that shape.

    The same as ``numpy.broadcast_arrays`` and ``ravel``, at half its fixed cost
    (it is paid on every one of the many small calls building a zone).
    """
    arrays = [np.asarray(v, float) for v in values]
    shape = np.broadcast_shapes(*(a.shape for a in arrays))
    return [a.ravel() if a.shape == shape else np.full(shape, a).ravel() for a in arrays], shape


def inverse(
    lon1: float | np.ndarray,
    lat1: float | np.ndarray,
    lon2: float | np.ndarray,
    lat2: float | np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return forward azimuth, back azimuth and distance (m) between point pairs."""
    (x1, y1, x2, y2), shape = _flat_broadcast(lon1, lat1, lon2, lat2)
    az12, az21, dist = geod().inv(x1, y1, x2, y2)
    return (
        np.asarray(az12).reshape(shape),
        np.asarray(az21).reshape(shape),
        np.asarray(dist).reshape(shape),
    )


def normalise_lon(lon: float | np.ndarray) -> np.ndarray:
    """Wrap longitudes into ``[-180, 180)``."""
    return (np.asarray(lon, float) + 180.0) % 360.0 - 180.0


def unwrap_lon(lon: Sequence[float] | np.ndarray) -> np.ndarray:
    """Make a longitude sequence continuous (no jump of more than 180° between neighbours).

    The first value is kept; later values may leave ``[-180, 180]``.

    Examples
    --------
    >>> unwrap_lon([170.0, 179.0, -178.0]).tolist()
    [170.0, 179.0, 182.0]
    """
    lon = np.asarray(lon, float)
    if lon.size < 2:
        return lon.copy()
    steps = normalise_lon(np.diff(lon))
    return np.concatenate([lon[:1], lon[0] + np.cumsum(steps)])


def _samples(length_m: float, max_segment_m: float) -> np.ndarray:
    n = max(1, math.ceil(length_m / max_segment_m))
    return np.linspace(0.0, length_m, n + 1)


def geodesic_arc(
    lon: float,
    lat: float,
    azimuth_deg: float,
    distance_m: float,
    max_segment_m: float = DEFAULT_MAX_SEGMENT_M,
) -> np.ndarray:
    """Return the points of a geodesic from a start, an azimuth and a length.

    Parameters
    ----------
    lon, lat
        Start point in degrees.
    azimuth_deg
        Initial azimuth, clockwise from true north.
    distance_m
        Length in metres, from 0 to :data:`MAX_RANGE_M`.
    max_segment_m
        No segment between consecutive points is longer than this.

    Returns
    -------
    numpy.ndarray
        ``(n, 2)`` array of ``(lon, lat)`` with *unwrapped* longitudes, first
        point the start, last point the exact geodesic end point.

    Examples
    --------
    >>> pts = geodesic_arc(170.0, 40.0, 90.0, 2_000_000.0)
    >>> bool(pts[-1, 0] > 180.0)  # continues east past the antimeridian
    True
    """
    _check_line(lon, lat, distance_m, max_segment_m)
    dist = _samples(float(distance_m), max_segment_m)
    lons, lats = destination(lon, lat, azimuth_deg, dist)
    lons = unwrap_lon(lons)
    lons += float(lon) - lons[0]
    return np.column_stack([lons, lats])


#: The most points :func:`geodesic_arc` and :func:`ring_points` make for one line.
MAX_LINE_POINTS = 1_000_000


def _check_line(lon: Any, lat: Any, length_m: Any, max_segment_m: Any) -> None:
    """Check a line's start, length and segment length before any point is made.

    A latitude beyond 90 had given NaN points, a negative length flew backwards, a
    segment of a millimetre asked for tens of gigabytes.
    """
    from trajgeo._checks import lonlat, number
    from trajgeo.errors import InputError

    lonlat(lon, lat)
    length = number(
        length_m, "distance_m", low=0.0, high=MAX_RANGE_M, allowed=f"0 to {MAX_RANGE_M:,.0f} m"
    )
    seg = number(max_segment_m, "max_segment_m", low=0.0, above=True, allowed="above 0 m")
    if length / seg > MAX_LINE_POINTS:
        raise InputError(
            "the segments are too short for the line's length",
            field="max_segment_m",
            value=seg,
            allowed=f"at least {length / MAX_LINE_POINTS:,.3g} m for a line of {length:,.0f} m "
            f"(at most {MAX_LINE_POINTS:,} points)",
        )


def arc_between(
    lon1: float, lat1: float, lon2: float, lat2: float, max_segment_m: float = DEFAULT_MAX_SEGMENT_M
) -> np.ndarray:
    """Return the points of the shortest geodesic between two points (unwrapped ``(n, 2)``)."""
    from trajgeo._checks import lonlat

    lonlat(lon1, lat1, field="start")
    lonlat(lon2, lat2, field="end")
    az12, _, dist = inverse(lon1, lat1, lon2, lat2)
    return geodesic_arc(lon1, lat1, float(az12), float(dist), max_segment_m)


def ring_points(
    lon: float,
    lat: float,
    radius_m: float,
    max_segment_m: float = DEFAULT_MAX_SEGMENT_M,
    start_deg: float = 0.0,
    width_deg: float = 360.0,
) -> np.ndarray:
    """Return points at a fixed geodesic distance from a centre, over a sweep of azimuths.

    The number of points keeps each chord under ``max_segment_m`` and the
    azimuth step under 2°. With the
    default full sweep the first and last points coincide (a closed ring).
    Longitudes are unwrapped.
    """
    circumference = (
        2.0 * math.pi * EARTH_MEAN_RADIUS_M * abs(math.sin(radius_m / EARTH_MEAN_RADIUS_M))
    )
    # chords under max_segment_m, and at least one point every 2° so small rings stay round
    n = max(
        math.ceil(width_deg / 2.0), math.ceil(circumference * width_deg / 360.0 / max_segment_m), 2
    )
    az = start_deg + np.linspace(0.0, width_deg, n + 1)
    if width_deg >= 360.0:
        lons, lats = _mirrored_ring(lon, lat, az, radius_m)
    else:
        lons, lats = destination(lon, lat, az, radius_m)
    pts = np.column_stack([unwrap_lon(lons), lats])
    if width_deg >= 360.0:
        pts[-1] = pts[0]  # close exactly: azimuth 360 can land a rounding error away from 0
    return pts


def _mirrored_ring(
    lon: float, lat: float, az: np.ndarray, radius_m: float
) -> tuple[np.ndarray, np.ndarray]:
    """Return a full ring's points at the azimuths ``az``, half of them computed.

    The ellipsoid is symmetric about the meridian plane through the centre,
    so the geodesic at azimuth ``-a`` is the mirror image of the one at ``a``:
    the same latitude, the longitude reflected about the centre's. When the
    turn starts at 0° or 180°, point ``k`` of the turn mirrors point ``n - k``,
    so the second half is the first half mirrored (what ``Geod.fwd`` gives,
    to about 1e-13°), for half the geodesics.
    """
    if float(az[0]) % 180.0 != 0.0:
        return destination(lon, lat, az, radius_m)
    n = len(az) - 1
    half = n // 2
    lons, lats = np.empty(n + 1), np.empty(n + 1)
    lons[: half + 1], lats[: half + 1] = destination(lon, lat, az[: half + 1], radius_m)
    src = n - np.arange(half + 1, n + 1)
    lons[half + 1 :] = 2.0 * float(lon) - lons[src]
    lats[half + 1 :] = lats[src]
    return lons, lats


def _fold(geom: BaseGeometry) -> BaseGeometry:
    """Cut unwrapped geometry into 360° strips and move each strip into [-180, 180].

    Line pieces come out in the order the line runs.
    """
    import shapely
    from shapely.geometry import Point

    minx, _, maxx, _ = geom.bounds
    pieces: list[tuple[float, BaseGeometry]] = []
    is_line = not geom.geom_type.endswith("Polygon")
    if is_line and -180.0 <= minx and maxx <= 180.0:
        return _merge_lines([geom])  # inside the one strip that is not moved: nothing to cut
    for shift in _FOLDS:
        lo, hi = -180.0 - shift, 180.0 - shift
        if maxx <= lo or minx >= hi:
            continue
        piece = geom.intersection(_strip(shift))
        if piece.is_empty:
            continue
        for part in getattr(piece, "geoms", [piece]) if is_line else [piece]:
            order = geom.project(Point(part.coords[0])) if is_line else 0.0
            pieces.append((order, shapely.transform(part, lambda xy, s=shift: xy + (s, 0.0))))
    if not pieces:
        return geom
    pieces.sort(key=lambda p: p[0])
    parts = [p for _, p in pieces]
    return _merge_lines(parts) if is_line else shapely.union_all(parts)


@lru_cache(maxsize=len(_FOLDS))
def _strip(shift: float) -> BaseGeometry:
    """Return the 360° strip that :func:`_fold` moves by ``shift`` (made once: it is immutable)."""
    from shapely.geometry import box

    return box(-180.0 - shift, -90.0, 180.0 - shift, 90.0)


def _merge_lines(parts: list[BaseGeometry]) -> BaseGeometry:
    from shapely.geometry import LineString, MultiLineString

    lines: list[LineString] = []
    for part in parts:
        for g in getattr(part, "geoms", [part]):
            if g.geom_type == "LineString" and not g.is_empty and g.length > 0:
                lines.append(g)
    if len(lines) == 1:
        return lines[0]
    return MultiLineString(lines)


def split_line(coords: np.ndarray) -> BaseGeometry:
    """Turn an unwrapped polyline into a normalised LineString or MultiLineString.

    The line is cut where it crosses the antimeridian (the crossing point is
    kept on both sides, at lon ±180), and where it passes over a pole.

    Examples
    --------
    >>> line = split_line(geodesic_arc(170.0, 40.0, 90.0, 2_000_000.0))
    >>> line.geom_type, round(line.geoms[0].coords[-1][0], 6)
    ('MultiLineString', 180.0)
    """
    from shapely.geometry import LineString

    from trajgeo._checks import numbers
    from trajgeo.errors import InputError

    coords = numbers(coords, "coords")
    if coords.ndim != 2 or coords.shape[1] != 2 or not len(coords):
        raise InputError(
            "not a list of points",
            field="coords",
            value=f"an array of shape {coords.shape}",
            allowed="rows of (lon, lat), at least one",
        )
    if len(coords) < 2 or _all_close(coords[0], coords[1:]):
        p = (float(normalise_lon(coords[0, 0])), float(coords[0, 1]))
        return LineString([p, p])
    # A path over a pole jumps by ~180° of longitude in one step: cut it there.
    jumps = np.nonzero(np.abs(np.diff(coords[:, 0])) > 90.0)[0]
    runs = np.split(coords, jumps + 1)
    parts = []
    for run in runs:
        run = run.copy()
        run[:, 0] = unwrap_lon(run[:, 0])
        if len(run) < 2:
            continue
        parts.append(_fold(LineString(run)))
    return _merge_lines(parts) if len(parts) != 1 else parts[0]


def _all_close(a: np.ndarray, b: np.ndarray) -> bool:
    """``numpy.allclose(a, b)``: its own test for finite values, without its fixed cost."""
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        return bool(np.allclose(a, b))
    return bool((np.abs(a - b) <= 1e-8 + 1e-5 * np.abs(b)).all())


def lonlat_polygon(
    exterior: np.ndarray,
    holes: Sequence[np.ndarray] = (),
    poles: tuple[bool, bool] = (False, False),
    hole_poles: Sequence[tuple[bool, bool]] | None = None,
) -> BaseGeometry:
    """Build a normalised (Multi)Polygon from rings given as ``(lon, lat)`` points.

    Parameters
    ----------
    exterior
        Outer ring; longitudes may be wrapped or unwrapped.
    holes
        Inner rings.
    poles
        ``(north, south)``: whether the area inside ``exterior`` holds the
        north and the south pole. A ring alone cannot tell its inside from its
        outside on a sphere, so the caller, who built the ring, says. A ring
        that winds once round a pole is closed along that pole's latitude; an
        area that holds both poles is the globe minus the ring's other side.
    hole_poles
        The same for each hole (default: holes hold no pole).

    Returns
    -------
    shapely.Polygon or shapely.MultiPolygon
        Valid, counter-clockwise exterior, longitudes in ``[-180, 180]``.
    """
    import shapely

    if not any(poles) and not any(any(p) for p in hole_poles or ()):
        simple = simple_polygon(exterior, holes)
        if simple is not None:
            return simple
    result = _ring_area(exterior, poles)
    if len(holes):
        hp = list(hole_poles) if hole_poles is not None else [(False, False)] * len(holes)
        cut = [_ring_area(h, p) for h, p in zip(holes, hp, strict=False)]
        result = result.difference(shapely.union_all(cut))
    return _clean_polygonal(result)


def simple_polygon(exterior: np.ndarray, holes: Sequence[np.ndarray] = ()) -> BaseGeometry | None:
    """Return the polygon of rings that need no cut, or ``None`` for :func:`lonlat_polygon`.

    Rings whose unwrapped longitudes stay within ``[-180, 180]`` (they cross
    neither the antimeridian nor wind round a pole) and that make a valid
    polygon as they are are that polygon: nothing to cut, fold or repair.
    Each ring is closed exactly on its first point (a ring that ends a
    rounding error off its start, as unwrapping leaves it, would otherwise
    cross itself in a sliver there). ``None`` for anything else (the caller
    cuts and repairs it); a polygon with a counter-clockwise exterior.

    Examples
    --------
    >>> import numpy as np
    >>> simple_polygon(np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])).area
    1.0
    >>> simple_polygon(np.array([[179.0, 0.0], [181.0, 0.0], [181.0, 1.0]])) is None
    True
    """
    import shapely

    rings = []
    for ring in (exterior, *holes):
        closed = _closed_ring(np.asarray(ring, float))
        if closed is None:
            return None
        rings.append(closed)
    poly = shapely.Polygon(rings[0], rings[1:])
    if not poly.is_valid or poly.area <= 1e-12:
        return None
    return shapely.orient_polygons(poly)


def _closed_ring(ring: np.ndarray) -> np.ndarray | None:
    """Return the ring unwrapped and closed exactly, or ``None`` if it leaves [-180, 180]."""
    if len(ring) < 3:
        return None
    lon = ring[:, 0]
    if not lon.max() - lon.min() < 180.0:  # (or NaN) it may jump at 180°: unwrap it
        lon = unwrap_lon(lon)
    if np.abs(lon).max() > 180.0:
        return None
    lat = ring[:, 1]
    # the closing step, the short way back, must come back to the start: not round a pole
    if abs(float(normalise_lon(lon[0] - lon[-1])) - (lon[0] - lon[-1])) > 1e-9:
        return None
    out = np.column_stack([lon, lat])
    if np.abs(out[-1] - out[0]).max() <= 1e-9:
        out[-1] = out[0]  # a rounding error off its start (unwrapping sums the steps)
    else:
        out = np.vstack([out, out[:1]])
    return out


def _clean_polygonal(geom: BaseGeometry) -> BaseGeometry:
    import shapely
    from shapely.geometry import Polygon

    geom = shapely.make_valid(geom)
    polys = [
        g
        for g in getattr(geom, "geoms", [geom])
        if g.geom_type in ("Polygon", "MultiPolygon") and not g.is_empty
    ]
    # drop the zero-area slivers that cutting at ±180 can leave
    polys = [p for g in polys for p in getattr(g, "geoms", [g]) if p.area > 1e-12]
    if not polys:
        return Polygon()
    out = polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)
    return shapely.orient_polygons(out)


def _valid_polygon(lon: np.ndarray, lat: np.ndarray) -> BaseGeometry:
    """Return a valid polygonal geometry from a ring (crossings repaired, stray lines dropped)."""
    import shapely
    from shapely.geometry import MultiPolygon, Polygon

    geom = shapely.make_valid(Polygon(np.column_stack([lon, lat])))
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    polys = [
        p
        for g in getattr(geom, "geoms", [geom])
        if g.geom_type.endswith("Polygon")
        for p in getattr(g, "geoms", [g])
    ]
    return MultiPolygon(polys) if polys else Polygon()


def _isclose(a: float, b: float) -> bool:
    """``numpy.isclose(a, b, atol=1e-9)`` for two finite floats, without numpy's overhead."""
    return abs(float(a) - float(b)) <= 1e-9 + 1e-5 * abs(float(b))


def _ring_area(ring: np.ndarray, poles: tuple[bool, bool]) -> BaseGeometry:
    """Return the area inside one ring, folded into [-180, 180]."""
    from shapely.geometry import box

    ring = np.asarray(ring, float)
    lon = unwrap_lon(ring[:, 0])
    lat = ring[:, 1]
    # Close the ring in unwrapped longitude: the closing step is the short way back.
    end = lon[-1] + float(normalise_lon(lon[0] - lon[-1]))
    if not (_isclose(end, lon[-1]) and _isclose(lat[0], lat[-1])):
        lon = np.append(lon, end)
        lat = np.append(lat, lat[0])
    north, south = poles
    if abs(lon[-1] - lon[0]) > 180.0 and north and south:
        # A ring round a pole separates the poles, unless it has shrunk onto one (a disc
        # reaching the antipode of a pole): then it holds both, and it is the whole globe.
        return box(-180.0, -90.0, 180.0, 90.0)
    if abs(lon[-1] - lon[0]) > 180.0:
        # The ring goes once round a pole: close it along that pole's latitude.
        cap = 90.0 if north or not south and float(np.mean(lat)) > 0 else -90.0
        lon = np.concatenate([lon, [lon[-1], lon[0]]])
        lat = np.concatenate([lat, [cap, cap]])
        return _fold(_valid_polygon(lon, lat))
    area = _fold(_valid_polygon(lon, lat))
    if north and south:
        # Holds both poles: everything except the small side of the ring.
        return box(-180.0, -90.0, 180.0, 90.0).difference(area)
    return area


def shift_to_frame(geom: BaseGeometry, central_lon: float) -> BaseGeometry:
    """Move every part of a normalised geometry into ``central_lon ± 180`` and rejoin it.

    Use it to draw a Pacific flight as one continuous line or area on a map
    centred on ``central_lon`` (Leaflet, or a quick matplotlib plot).

    Examples
    --------
    >>> from shapely.geometry import LineString, MultiLineString
    >>> split = MultiLineString([[(170, 0), (180, 0)], [(-180, 0), (-170, 0)]])
    >>> shift_to_frame(split, 180.0).bounds
    (170.0, 0.0, 190.0, 0.0)
    """
    import shapely

    lo = central_lon - 180.0

    def move(xy: np.ndarray) -> np.ndarray:
        out = xy.copy()
        out[:, 0] = (xy[:, 0] - lo) % 360.0 + lo
        # keep points exactly on the frame's east edge where they were
        out[:, 0] = np.where(
            np.isclose(out[:, 0], lo) & (xy[:, 0] > lo + 1e-9), lo + 360.0, out[:, 0]
        )
        return out

    minx, _, maxx, _ = geom.bounds if not geom.is_empty else (0, 0, 0, 0)
    if geom.is_empty or (
        minx >= lo
        and maxx <= lo + 360.0
        and not (geom.geom_type.startswith("Multi") and minx <= lo + 1e-9)
    ):
        return geom  # already inside the frame: nothing to move or rejoin
    parts = []
    moved = False
    for part in getattr(geom, "geoms", [geom]):
        if part.is_empty:
            continue
        pminx, _, pmaxx, _ = part.bounds
        # shift a part by its own middle longitude so it stays in one piece
        rep = (pminx + pmaxx) / 2.0
        shift = ((rep - lo) % 360.0 + lo) - rep
        if pminx + shift < lo - 1e-9 or pmaxx + shift > lo + 360.0 + 1e-9:
            # wider than what fits (an area round a pole spans all 360°): cut it at the
            # frame's ends and move each piece in, so no longitude falls outside
            parts.extend(_cut_to_frame(part, lo))
            moved = True
            continue
        moved = moved or shift != 0.0
        parts.append(shapely.transform(part, lambda c, s=shift: c + (s, 0.0)) if shift else part)
    if not parts:
        return geom
    if not moved:
        return geom
    if geom.geom_type.endswith("Polygon"):
        return shapely.union_all(parts)
    if geom.geom_type.endswith("LineString"):
        return shapely.line_merge(
            shapely.MultiLineString([g for p in parts for g in getattr(p, "geoms", [p])])
        )
    return shapely.union_all(parts)


def _cut_to_frame(part: BaseGeometry, lo: float) -> list[BaseGeometry]:
    """Cut one part at every ``lo + k·360`` and move each piece into ``lo .. lo + 360``."""
    import shapely

    minx, miny, maxx, maxy = part.bounds
    pieces = []
    for k in range(math.floor((minx - lo) / 360.0), math.ceil((maxx - lo) / 360.0)):
        west = lo + 360.0 * k
        piece = part.intersection(shapely.box(west, miny - 1.0, west + 360.0, maxy + 1.0))
        if piece.is_empty or (part.geom_type == "Polygon" and piece.area <= 0.0):
            continue
        pieces.append(shapely.transform(piece, lambda c, s=-360.0 * k: c + (s, 0.0)))
    return pieces


def geodesic_area_m2(geom: BaseGeometry) -> float:
    """Return the area of a normalised (Multi)Polygon on the WGS84 ellipsoid, in m².

    Parts smaller than a hemisphere's width use pyproj's exact geodesic
    polygon area. Parts that span more than 180° of longitude or reach a
    pole (where a ring alone is ambiguous) are measured in an equal-area
    cylindrical projection of the ellipsoid after densifying every edge to
    0.05°, which is exact for the meridian and parallel edges such parts
    have at ±180° and at the poles.
    """
    import shapely

    total = 0.0
    for part in getattr(geom, "geoms", [geom]):
        if part.is_empty:
            continue
        minx, miny, maxx, maxy = part.bounds
        if maxx - minx <= 180.0 and max(abs(miny), abs(maxy)) < 89.999:
            # as pyproj's geometry_area_perimeter sums its rings (holes wind the other
            # way), with the coordinates handed over as arrays, not point by point
            area = sum(_ring_area_m2(r) for r in (part.exterior, *part.interiors))
            total += abs(area)
        else:
            dense = shapely.segmentize(part, 0.05)
            total += shapely.transform(dense, _equal_area_xy).area
    return total


def _ring_area_m2(ring: BaseGeometry) -> float:
    """Signed geodesic area (m²) of one ring, positive when counter-clockwise.

    A ring symmetric about a meridian, as :func:`_mirrored_ring` makes a
    full one, is twice the half on one side of it (:func:`_mirror_half`):
    half the inverse geodesics.
    """
    import shapely

    xy = shapely.get_coordinates(ring)
    half = _mirror_half(xy)
    if half is not None:
        area, _ = geod().polygon_area_perimeter(half[:, 0], half[:, 1])
        return 2.0 * float(area)
    area, _ = geod().polygon_area_perimeter(xy[:, 0], xy[:, 1])
    return float(area)


#: How far (degrees) a mirrored point may be from the exact mirror of its partner: the
#: rounding of ``2 * lon - x`` in :func:`_mirrored_ring` (about 1e-14°), with room.
_MIRROR_TOL_DEG = 1e-12


def _mirror_half(xy: np.ndarray) -> np.ndarray | None:
    """Return the half of a ring symmetric about the meridian of its first point, or None.

    The ring ``p0 ... pn`` (``pn == p0``) is symmetric when point ``k`` has
    the latitude of point ``n - k`` and the mirrored longitude. Its first
    point lies on the meridian, and so does its middle: point ``n/2``, or
    for an odd ``n`` the middle of the geodesic between the two middle points
    (each the other's mirror). The half from ``p0`` to that middle closes
    along the meridian, the shortest path between the two when they are less
    than 90° of latitude apart. The ellipsoid is symmetric about every
    meridian, so the ring's area is twice the half's (``None`` when the ring
    is not such a ring).
    """
    n = len(xy) - 1
    if n < 4 or not np.array_equal(xy[0], xy[-1]):
        return None
    lon, lat = xy[:, 0], xy[:, 1]
    if not np.array_equal(lat, lat[::-1]):
        return None
    if np.abs(lon + lon[::-1] - 2.0 * lon[0]).max() > _MIRROR_TOL_DEG:
        return None
    h = n // 2
    if n % 2:  # the middle edge crosses the meridian at its own middle
        (x1, y1), (x2, y2) = xy[h], xy[h + 1]
        az, _, dist = geod().inv(x1, y1, x2, y2)
        mx, my, _ = geod().fwd(x1, y1, az, dist / 2.0)
        half = np.vstack([xy[: h + 1], [[mx, my]]])
    else:
        half = xy[: h + 1]
    if abs(lat[0] - half[-1, 1]) >= 90.0:
        return None
    return half


def _equal_area_xy(xy: np.ndarray) -> np.ndarray:
    x, y = _equal_area().transform(xy[:, 0], xy[:, 1])  # type: ignore[attr-defined]
    return np.column_stack([x, y])


@lru_cache(maxsize=1)
def _equal_area() -> object:
    from pyproj import Transformer

    return Transformer.from_crs(
        "EPSG:4326", "+proj=cea +lat_ts=0 +ellps=WGS84 +units=m", always_xy=True
    )
