"""`where --distance`: the nearest zone limit, from the prepared stretch index."""

from __future__ import annotations

import numpy as np
import pytest


@pytest.fixture(scope="module")
def zones():
    from trajgeo.maritime import load_zones

    return load_zones()


def _brute_force_km(zones, lon, lat):
    # every sea zone's boundary, densified, measured vertex by vertex with geodesics
    import shapely

    from trajgeo.geo import geodesy

    best = np.inf
    for z in zones.zones:
        if z.kind == "land":
            continue
        c = shapely.get_coordinates(shapely.segmentize(z.geometry.boundary, 0.02))
        _, _, d = geodesy.inverse(lon, lat, c[:, 0], c[:, 1])
        best = min(best, float(d.min()) / 1000.0)
    return best


@pytest.mark.parametrize(
    "lon,lat",
    [
        (
            -49.274297801873416,
            27.042388151449565,
        ),  # mid-Atlantic; the old windowed search said 1280
        (-167.1550996415054, -61.19553843220734),  # Southern Ocean; the old one said 1344
    ],
)
def test_high_seas_distance_is_the_nearest_zone(zones, lon, lat):
    from trajgeo.maritime import limit_distance_km

    assert zones.where(lon, lat) == []
    assert limit_distance_km(zones, lon, lat) == pytest.approx(
        _brute_force_km(zones, lon, lat), abs=0.2
    )


def test_distance_in_a_zone_matches_the_readme(zones):
    from trajgeo.maritime import limit_distance_km

    assert round(limit_distance_km(zones, 131.87, 37.24), 1) == 44.9


def test_the_cut_at_180_degrees_is_no_limit(zones):
    # Fiji's EEZ is split at 180°: the split is not a limit, and the islands east of it are coast
    from trajgeo.maritime import limit_distance_km

    for lon in (-179.99, 179.99):
        assert limit_distance_km(zones, lon, -17.0) > 50.0


def test_distance_from_everywhere_is_finite(zones):
    from trajgeo.maritime import limit_distance_km

    rng = np.random.default_rng(5)
    lon = rng.uniform(-180, 180, 40)
    lat = np.degrees(np.arcsin(rng.uniform(-1, 1, 40)))
    for x, y in zip(lon, lat, strict=True):
        assert 0.0 <= limit_distance_km(zones, float(x), float(y)) < 20_000.0
