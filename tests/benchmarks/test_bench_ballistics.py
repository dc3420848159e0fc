"""Benchmarks of the vectorized trajectory physics (1,000,000 trajectories per call).

Run with::

    python -m pytest tests/benchmarks -o addopts="" --benchmark-only

The per-trajectory cost is stored in ``benchmark.extra_info["ns_per_trajectory"]``.
"""

from __future__ import annotations

import numpy as np
import pytest

from trajgeo.physics import ballistics as bal

N = 1_000_000


@pytest.fixture(scope="module")
def states():
    rng = np.random.default_rng(20171129)
    return {
        "speed": rng.uniform(1.0, 7.8, N),
        "gamma": rng.uniform(5.0, 85.0, N),
        "h_b": rng.uniform(0.0, 300.0, N),
        "range": rng.uniform(100.0, 15_000.0, N),
        "apogee": rng.uniform(500.0, 5000.0, N),
        "distance": rng.uniform(300.0, 1200.0, N),
    }


def _record(benchmark):
    mean = benchmark.stats.stats.mean
    benchmark.extra_info["trajectories"] = N
    benchmark.extra_info["ns_per_trajectory"] = round(mean / N * 1e9, 1)


def test_bench_free_flight(benchmark, states):
    """Range, apogee and time of flight from burnout states."""
    res = benchmark.pedantic(
        bal.free_flight,
        args=(states["speed"], states["gamma"]),
        kwargs={"burnout_altitude_km": states["h_b"]},
        rounds=5,
        iterations=1,
    )
    assert res.ground_range_km.shape == (N,) and not np.isnan(res.time_s).any()
    _record(benchmark)


def test_bench_minimum_energy(benchmark, states):
    """γ*, speed, apogee and time of the minimum-energy trajectory for each range."""
    res = benchmark.pedantic(
        bal.minimum_energy_trajectory, args=(states["range"],), rounds=5, iterations=1
    )
    assert res.apogee_km.shape == (N,)
    _record(benchmark)


def test_bench_lofted_symmetric(benchmark, states):
    """Lofted-test inversion with band (three inversions each), closed form (h_b = 0)."""
    res = benchmark.pedantic(
        bal.lofted_test_range,
        args=(states["apogee"], states["distance"]),
        kwargs={"sig_figs": 2},
        rounds=3,
        iterations=1,
    )
    assert res.range_km.shape == (N,)
    _record(benchmark)
