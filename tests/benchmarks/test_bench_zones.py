"""Impact-zone construction speed (run: see the README's benchmark command)."""

from __future__ import annotations

import numpy as np

from trajgeo.events.compass import BearingBand
from trajgeo.geo.impact import impact_area


def _shots(n: int = 1000, seed: int = 7):
    rng = np.random.default_rng(seed)
    lon = rng.uniform(-180, 180, n)
    lat = rng.uniform(-70, 70, n)
    rmin = rng.uniform(100e3, 3000e3, n)
    width = rng.uniform(10e3, 200e3, n)
    az = rng.uniform(0, 360, n)
    return [
        (
            float(lon[i]),
            float(lat[i]),
            float(rmin[i]),
            float(rmin[i] + width[i]),
            BearingBand.around(float(az[i]), 11.25),
        )
        for i in range(n)
    ]


def test_impact_zones_1000_shots_exact_launch_point(benchmark):
    shots = _shots()

    def build():
        return [impact_area(lo, la, r0, r1, b) for lo, la, r0, r1, b in shots]

    zones = benchmark.pedantic(build, rounds=3, iterations=1)
    assert all(z.is_valid for z in zones)
    benchmark.extra_info["shots"] = len(shots)
    benchmark.extra_info["ms_per_shot"] = benchmark.stats.stats.mean / len(shots) * 1e3


def test_impact_zones_1000_shots_with_15km_launch_disc(benchmark):
    shots = _shots()

    def build():
        return [impact_area(lo, la, r0, r1, b, launch_radius_m=15e3) for lo, la, r0, r1, b in shots]

    zones = benchmark.pedantic(build, rounds=1, iterations=1)
    assert all(z.is_valid for z in zones)
    benchmark.extra_info["shots"] = len(shots)
    benchmark.extra_info["ms_per_shot"] = benchmark.stats.stats.mean / len(shots) * 1e3
