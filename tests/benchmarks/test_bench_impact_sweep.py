"""An impact area swept over a launch disc, against an exact launch point and raw Geod.fwd.

The sweep once cost 18x an exact point (109x raw ``Geod.fwd`` on its
vertices), from unioning ~40 sampled sectors; the aim is at most 4x. The
swept, exact-point and raw times are medians of the three run in turn, and
the ratios, with the vertex counts (a swept outline has round corners, so
several times the vertices), are reported in ``extra_info`` and printed
(run: see the README's benchmark command).
"""

from __future__ import annotations

import time

import numpy as np
import shapely

from trajgeo.events.compass import BearingBand
from trajgeo.geo import geodesy
from trajgeo.geo.impact import impact_area

SHOT = (125.75, 39.03, 300e3, 350e3, BearingBand.around(45.0, 11.25))


def _median(fn, rounds: int = 30) -> float:
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return float(np.median(times))


def _paired_medians(fns: dict, rounds: int = 300, warmup: int = 30) -> dict[str, float]:
    """Median time of each function, run in turn round after round (so load hits all alike)."""
    times: dict[str, list[float]] = {k: [] for k in fns}
    for r in range(warmup + rounds):
        for name, fn in fns.items():
            t = time.perf_counter()
            fn()
            if r >= warmup:
                times[name].append(time.perf_counter() - t)
    return {k: float(np.median(v)) for k, v in times.items()}


def test_disc_swept_area_against_exact_point_and_raw_geod(benchmark):
    lon, lat, r0, r1, band = SHOT
    swept = benchmark.pedantic(
        lambda: impact_area(lon, lat, r0, r1, band, 40e3), rounds=30, iterations=1, warmup_rounds=5
    )
    assert swept.is_valid and not swept.is_empty
    exact_area = impact_area(lon, lat, r0, r1, band)
    # the anchor: Geod.fwd computing as many points as the swept outline keeps
    n = shapely.get_num_coordinates(swept)
    az = np.linspace(0.0, 360.0, n)
    d = np.full(n, r1)
    lons, lats = np.full(n, lon), np.full(n, lat)
    med = _paired_medians(
        {
            "swept": lambda: impact_area(lon, lat, r0, r1, band, 40e3),
            "exact": lambda: impact_area(lon, lat, r0, r1, band),
            "raw": lambda: geodesy.geod().fwd(lons, lats, az, d),
        }
    )
    n_exact = shapely.get_num_coordinates(exact_area)
    benchmark.extra_info["vertices"] = int(n)
    benchmark.extra_info["vertices_exact_point"] = int(n_exact)
    benchmark.extra_info["swept_us"] = round(med["swept"] * 1e6)
    benchmark.extra_info["exact_point_us"] = round(med["exact"] * 1e6)
    benchmark.extra_info["sweep_over_exact_point"] = round(med["swept"] / med["exact"], 2)
    benchmark.extra_info["per_vertex_sweep_over_exact_point"] = round(
        float((med["swept"] / n) / (med["exact"] / n_exact)), 2
    )
    benchmark.extra_info["sweep_over_raw_geod_fwd"] = round(med["swept"] / med["raw"], 1)
    print("\ndisc-swept area:", benchmark.extra_info)


def test_thousand_impact_areas_exact_and_swept(benchmark):
    """1,000 seeded areas (launch points over East Asia, 100-2,000 km, 16-point bearings).

    Each is built from an exact launch point and again swept over a 15 km launch
    disc; the two totals are reported side by side.
    """
    rng = np.random.default_rng(7)
    n = 1_000
    lons, lats = rng.uniform(120.0, 140.0, n), rng.uniform(30.0, 45.0, n)
    mid = rng.uniform(100e3, 2_000e3, n)
    bands = [BearingBand.around(float(b), 11.25) for b in rng.integers(0, 16, n) * 22.5]

    def build(radius_m: float) -> None:
        for k in range(n):
            impact_area(lons[k], lats[k], 0.95 * mid[k], 1.05 * mid[k], bands[k], radius_m)

    exact = _median(lambda: build(0.0), rounds=3)
    swept = benchmark.pedantic(lambda: build(15e3), rounds=3, iterations=1)
    del swept
    benchmark.extra_info["exact_s"] = round(exact, 3)
    benchmark.extra_info["swept_15km_s"] = round(benchmark.stats.stats.median, 3)
    print("\n1,000 impact areas:", benchmark.extra_info)
