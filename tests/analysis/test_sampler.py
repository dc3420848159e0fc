"""The sampler's fast tests give the ellipsoid's answer, not the sphere's."""

from __future__ import annotations

import numpy as np

from trajgeo.analysis.sampler import _in_bands, _inv
from trajgeo.events.figures import DirectionBand


def test_band_tests_match_the_ellipsoid_at_the_edges():
    rng = np.random.default_rng(7)
    n = 50_000
    a = np.column_stack([rng.uniform(120, 135, n), rng.uniform(30, 45, n)])
    b = np.column_stack([a[:, 0] + rng.uniform(-12, 12, n), a[:, 1] + rng.uniform(-9, 9, n)])
    az, dist = _inv(a, b)
    band = DirectionBand(40.0, 45.0, "NE", "")
    # bands whose edges fall among the lines: many lie within the sphere's error of an edge
    for low, high in ((300.0, 600.0), (0.0, 950.0), (710.0, 712.0)):
        exact = (dist >= low) & (dist <= high) & band.contains(az)
        assert np.array_equal(_in_bands(a, b, low, high, band), exact)
        assert np.array_equal(_in_bands(a, b, low, high, None), (dist >= low) & (dist <= high))


def test_a_launch_area_clear_of_other_land_is_drawn_alike_without_testing_its_points():
    """A launch disc that meets no other state's land keeps every point, tested or not."""
    from trajgeo.analysis import sampler
    from trajgeo.analysis.tracks import _land_owner, land_owners_near
    from trajgeo.events.accounts import Place
    from trajgeo.maritime import load_zones

    zones = load_zones()
    calls = []

    def tested(pts: np.ndarray) -> np.ndarray:
        calls.append(len(pts))
        idx, owners = _land_owner(zones, pts[:, 0], pts[:, 1])
        out = np.full(len(pts), "", dtype=object)
        out[idx] = owners
        return out

    def told(pts: np.ndarray) -> np.ndarray:
        return tested(pts)

    told.owners_near = lambda lon, lat, r: land_owners_near(zones, lon, lat, r)  # type: ignore[attr-defined]
    for place, skipped in (
        (Place("Pyongyang", 125.75, 39.03, 15.0, "PRK"), True),
        (Place("Sinuiju", 124.4, 40.1, 30.0, "PRK"), False),  # China across the Yalu
    ):
        calls.clear()
        plain = sampler._launch_pool(place, tested)
        assert calls == [sampler._LAUNCH_POOL]
        calls.clear()
        quick = sampler._launch_pool(place, told)
        assert calls == ([] if skipped else [sampler._LAUNCH_POOL])
        assert plain is not None and quick is not None
        assert np.array_equal(plain, quick)
    assert len(quick) < sampler._LAUNCH_POOL  # Sinuiju's disc loses China's land
