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
