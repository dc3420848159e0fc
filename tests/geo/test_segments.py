"""Segments of a limit: which lie near land, and exact distances to them."""

from __future__ import annotations

import numpy as np
import pytest
from geographiclib.geodesic import Geodesic
from shapely.geometry import LineString, MultiPolygon, box

from trajgeo.geo import segments

WGS84 = Geodesic.WGS84


def test_cut_keeps_every_vertex_and_densifies():
    segs = segments.cut(LineString([(0, 0), (1, 0), (1, 1)]), 0.1)
    assert len(segs) == 20
    assert np.allclose(segs[0, 0], (0, 0)) and np.allclose(segs[-1, 1], (1, 1))


@pytest.mark.parametrize(
    "lon,lat", [(1.0, 0.0), (0.5, 3.0), (-120.0, 60.0), (179.0, -80.0), (0.0, 89.9)]
)
def test_refine_is_the_exact_geodesic_distance(lon, lat):
    # to a meridian segment the nearest point is found on the ellipsoid
    segs = segments.cut(LineString([(0, -1), (0, 1)]), 0.1)
    brute = min(WGS84.Inverse(lat, lon, y, 0.0)["s12"] for y in np.linspace(-1, 1, 20001))
    assert segments.refine(lon, lat, segs) == pytest.approx(brute, abs=0.5)
    sphere = float(segments.nearest([lon], [lat], segs)[0])
    assert sphere == pytest.approx(brute, rel=0.006)


def test_the_cut_at_the_antimeridian_is_no_limit():
    # a zone split at 180 deg: its two halves meet there, so only its outer edges are a limit
    split = MultiPolygon([box(170, -10, 180, 10), box(-180, -10, -170, 10)])
    lim = segments.limit_segments(split)
    assert not np.any(np.all(np.abs(lim[:, :, 0]) == 180.0, axis=1))
    # a zone that ends at 180 deg has its limit there
    half = box(170, -10, 180, 10)
    assert np.any(np.all(segments.limit_segments(half)[:, :, 0] == 180.0, axis=1))


def test_edges_at_the_coast_are_no_limit():
    zone = box(0, 0, 10, 10)
    land = box(-5, -5, 0, 15)  # the zone's west edge is the coast
    lim = segments.limit_segments(zone, land)
    assert not np.any(np.all(lim[:, :, 0] == 0.0, axis=1))
    assert len(lim)
    # the margin of a point is measured to the sea-side limits, not the coast
    d = float(segments.nearest([1.0], [5.0], lim)[0])
    assert d > 400e3


def test_near_answers_for_points_planes_and_empty_inputs():
    segs = segments.cut(LineString([(0, 0), (10, 0)]), 1.0)
    assert segments.near(segs, [box(2, 1, 3, 2)], 1.2).sum() == 3
    assert not segments.near(segs, [], 1.0).any()
    assert len(segments.near(np.empty((0, 2, 2)), [box(0, 0, 1, 1)], 1.0)) == 0
