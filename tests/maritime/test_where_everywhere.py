"""`trajgeo where` answers on any point of the globe, sea or land (never a crash)."""

from __future__ import annotations

import json

import numpy as np
import pytest


def test_global_half_degree_grid_is_classified():
    # every point of a 0.5 deg grid, vectorised: no error, every pair within range
    from trajgeo.maritime import load_zones

    lon, lat = np.meshgrid(np.arange(-179.75, 180, 0.5), np.arange(-89.75, 90, 0.5))
    lon, lat = lon.ravel(), lat.ravel()
    zs = load_zones()
    pi, zi = zs.classify(lon, lat)
    assert len(pi) and pi.max() < len(lon) and zi.max() < len(zs.zones)
    # most of the globe is sea outside any zone or land inside one: both occur
    assert 0 < len(np.unique(pi)) < len(lon)


@pytest.mark.parametrize(
    "lat,lon",
    [
        (-3.76, 162.37),  # high seas north of the Solomons: used to crash (no limit in the window)
        (15.67531, 19.650523),  # inland Chad: likewise
        (89.75, 0.25),
        (-89.75, 179.75),
        (0.25, -179.75),
        (37.5, 131.75),
        (60.0, 180.0),
        (-60.25, -60.25),
        (25.75, 123.75),
        (45.5, 147.5),
        (10.0, 114.0),
        (-35.0, 20.0),
    ],
)
def test_where_answers_everywhere(run_cli, lat, lon):
    res = run_cli("where", str(lat), str(lon), "--json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["boundary_distance_km"] is None or doc["boundary_distance_km"] >= 0


def test_where_answers_on_a_sample_of_the_global_grid():
    # a spread sample of the 0.5 deg grid (the distance is the slow part, ~0.1-1 s a point)
    from trajgeo.maritime import limit_distance_km, load_zones

    zs = load_zones()
    rng = np.random.default_rng(11)
    lon = rng.choice(np.arange(-179.75, 180, 0.5), 6)
    lat = rng.choice(np.arange(-89.75, 90, 0.5), 6)
    for x, y in zip(lon, lat, strict=False):
        d = limit_distance_km(zs, float(x), float(y))
        assert d >= 0
