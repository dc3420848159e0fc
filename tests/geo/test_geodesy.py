"""Geodesic arcs against an independent implementation, and the hard places:
the antimeridian, the poles, the antipode, zero and huge ranges."""

from __future__ import annotations

import math

import numpy as np
import pytest
from geographiclib.geodesic import Geodesic
from shapely.geometry import LineString, MultiLineString, MultiPoint, Point

from trajgeo.geo import geodesy

WGS84 = Geodesic.WGS84

CASES = [  # lon, lat, azimuth, distance_m
    (125.75, 39.03, 45.0, 350_000.0),
    (170.0, 40.0, 90.0, 2_000_000.0),  # across the antimeridian
    (-120.6, 34.7, 250.0, 7_800_000.0),  # Vandenberg towards Kwajalein
    (0.0, 89.0, 10.0, 500_000.0),  # over the north pole
    (40.6, 62.9, 30.0, 5_700_000.0),  # Plesetsk towards Kamchatka
    (10.0, -60.0, 180.0, 3_000_000.0),  # over the south pole
    (0.0, 0.0, 90.0, 19_900_000.0),  # nearly to the antipode
    (10.0, 40.0, 33.0, geodesy.MAX_RANGE_M),  # half the circumference
    (109.5, 18.3, 110.0, 11_700_000.0),  # Hainan into the South Pacific
]


def _geodesic_distance_m(lon1, lat1, lon2, lat2):
    return WGS84.Inverse(lat1, lon1, lat2, lon2)["s12"]


@pytest.mark.parametrize(("lon", "lat", "az", "dist"), CASES)
def test_arc_end_point_matches_geographiclib_to_1mm(lon, lat, az, dist):
    pts = geodesy.geodesic_arc(lon, lat, az, dist)
    ref = WGS84.Direct(lat, lon, az, dist)
    end_lon, end_lat = float(geodesy.normalise_lon(pts[-1, 0])), pts[-1, 1]
    # Tolerance 1 mm: both implement Karney's algorithms in double precision.
    assert _geodesic_distance_m(end_lon, end_lat, ref["lon2"], ref["lat2"]) < 1e-3


@pytest.mark.parametrize(("lon", "lat", "az", "dist"), CASES)
def test_arc_points_lie_on_the_geodesic_and_are_dense(lon, lat, az, dist):
    pts = geodesy.geodesic_arc(lon, lat, az, dist, max_segment_m=10_000.0)
    line = WGS84.Line(lat, lon, az)
    i = len(pts) // 3
    s = dist * i / (len(pts) - 1)
    ref = line.Position(s)
    # Intermediate points: same 1 mm standard as the end point.
    assert (
        _geodesic_distance_m(
            float(geodesy.normalise_lon(pts[i, 0])), pts[i, 1], ref["lon2"], ref["lat2"]
        )
        < 1e-3
    )
    steps = [_geodesic_distance_m(*pts[k], *pts[k + 1]) for k in range(0, len(pts) - 1, 37)]
    # No segment longer than the 10 km asked for (plus 1 mm of rounding).
    assert max(steps) <= 10_000.001


def test_antimeridian_flight_is_split_not_drawn_the_long_way():
    pts = geodesy.geodesic_arc(170.0, 40.0, 90.0, 2_000_000.0)
    assert pts[-1, 0] > 180.0  # unwrapped: continues east
    line = geodesy.split_line(pts)
    assert isinstance(line, MultiLineString)
    assert len(line.geoms) == 2
    west, east = line.geoms
    # each half stays on its own side; neither spans the globe
    assert west.bounds[0] >= 169.999 and west.bounds[2] == pytest.approx(180.0)
    assert east.bounds[0] == pytest.approx(-180.0) and east.bounds[2] < -150.0
    # the crossing latitude is the same on both sides (same point)
    assert west.coords[-1][1] == pytest.approx(east.coords[0][1], abs=1e-9)
    total = sum(
        _geodesic_distance_m(*a, *b)
        for g in line.geoms
        for a, b in zip(g.coords[:-1], g.coords[1:], strict=False)
    )
    # Splitting adds no length beyond the chord-vs-geodesic difference of
    # 10 km segments (well under 1 m over 2000 km).
    assert total == pytest.approx(2_000_000.0, abs=1.0)


def test_line_over_the_pole_is_cut_at_the_pole():
    pts = geodesy.geodesic_arc(0.0, 85.0, 0.0, 1_200_000.0)  # straight over the pole
    line = geodesy.split_line(pts)
    for part in getattr(line, "geoms", [line]):
        xs = [c[0] for c in part.coords]
        assert max(xs) - min(xs) < 1.0  # each piece stays on its meridian


def test_zero_length_arc_is_a_point_like_line():
    pts = geodesy.geodesic_arc(125.0, 39.0, 45.0, 0.0)
    assert np.allclose(pts[0], pts[-1])
    line = geodesy.split_line(pts)
    assert isinstance(line, LineString)
    assert line.length == 0.0


def test_half_circumference_from_pole_reaches_the_other_pole():
    pts = geodesy.geodesic_arc(0.0, 90.0, 180.0, geodesy.MAX_RANGE_M)
    # Tolerance 1 mm in latitude-equivalent: 1e-8 degrees is about 1 mm.
    assert pts[-1, 1] == pytest.approx(-90.0, abs=1e-8)


def test_unwrap_and_normalise_round_trip():
    lons = np.array([170.0, 179.5, -179.5, -170.0])
    un = geodesy.unwrap_lon(lons)
    assert un.tolist() == [170.0, 179.5, 180.5, 190.0]
    assert np.allclose(geodesy.normalise_lon(un), [170.0, 179.5, -179.5, -170.0])


def test_shift_to_frame_joins_a_split_line():
    line = geodesy.split_line(geodesy.geodesic_arc(170.0, 40.0, 90.0, 2_000_000.0))
    joined = geodesy.shift_to_frame(line, 180.0)
    assert joined.geom_type == "LineString"
    assert 169.9 < joined.bounds[0] and joined.bounds[2] < 200.0


@pytest.mark.parametrize("centre", [179.5, 20.0, -100.0, 0.0])
def test_shift_to_frame_moves_all_of_an_area_round_a_pole(centre):
    # a cap round the north pole spans all 360°: it had stayed at -180..180 whatever the
    # frame, and a map clipped to the frame lost the part outside it
    from shapely.geometry import box

    cap = box(-180.0, 80.0, 180.0, 90.0)
    framed = geodesy.shift_to_frame(cap, centre)
    lo = centre - 180.0
    assert framed.bounds == pytest.approx((lo, 80.0, lo + 360.0, 90.0))
    assert framed.is_valid and framed.area == pytest.approx(cap.area)
    lon = np.arange(-179.75, 180.0, 0.5)
    assert framed.contains(MultiPoint(np.column_stack([(lon - lo) % 360.0 + lo, lon * 0 + 85])))


def test_geodesic_area_of_small_disc_matches_flat_formula():
    from trajgeo.geo.impact import disc

    r = 10_000.0
    area = geodesy.geodesic_area_m2(disc(125.0, 39.0, r))
    # A 10 km disc on the ellipsoid is within 0.1 % of pi r^2 (curvature
    # ~ r^2/(12 R^2) ~ 2e-7; the polygon's 2° chords lose 0.01 %).
    assert area == pytest.approx(math.pi * r * r, rel=1e-3)
    assert Point(125.0, 39.0).within(disc(125.0, 39.0, r))


def _full_ring_area_m2(xy):
    area, _ = geodesy.geod().polygon_area_perimeter(xy[:, 0], xy[:, 1])
    return float(area)


@pytest.mark.parametrize(
    ("lon", "lat", "radius_m", "max_segment_m"),
    [
        (125.75, 39.03, 1_000e3, 10e3),  # an even number of points
        (125.75, 39.03, 1_003e3, 10e3),  # an odd number
        (-60.0, -20.0, 4_500e3, 10e3),
        (10.0, 0.0, 50e3, 10e3),  # the 2° minimum: 180 points
        (33.3, 70.0, 2_000e3, 7e3),
    ],
)
def test_symmetric_ring_is_measured_by_half_to_the_same_area(lon, lat, radius_m, max_segment_m):
    """Twice the half of a full ring is its area, to far below the written 0.1 km²."""
    from shapely.geometry import LinearRing

    xy = geodesy.ring_points(lon, lat, radius_m, max_segment_m)
    assert geodesy._mirror_half(xy) is not None
    full = _full_ring_area_m2(xy)
    assert geodesy._ring_area_m2(LinearRing(xy)) == pytest.approx(full, rel=1e-12, abs=1.0)


def test_a_ring_that_is_not_symmetric_is_measured_whole():
    xy = geodesy.ring_points(125.75, 39.03, 1_000e3, 10e3)
    xy[3, 1] += 1e-9  # one latitude off its mirror
    assert geodesy._mirror_half(xy) is None
    turned = np.vstack([xy[5:-1], xy[:6]])  # the same ring from another point
    assert geodesy._mirror_half(turned) is None
    sector = geodesy.ring_points(125.75, 39.03, 1_000e3, 10e3, start_deg=10.0, width_deg=90.0)
    assert geodesy._mirror_half(sector) is None
    round_the_pole = geodesy.ring_points(-60.0, -55.0, 4_500e3, 10e3)  # winds round it
    assert geodesy._mirror_half(round_the_pole) is None
