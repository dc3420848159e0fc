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


def _numpy_floor(v, gamma_deg, h_b, mu=398600.4418, r_e=6371.0):
    """The same closed form written plainly in numpy: range, apogee and time of flight.

    What a user would write from a textbook (Bate, Mueller & White ch. 6):
    the anchor trajgeo's free_flight is compared with, in the same run.
    """
    r = r_e + h_b
    g = np.radians(gamma_deg)
    q = r * v * v / mu
    e = np.sqrt(1.0 + q * (q - 2.0) * np.cos(g) ** 2)
    p = r * q * np.cos(g) ** 2
    a = r / (2.0 - q)
    nu_b = np.arccos(np.clip((p / r - 1.0) / e, -1, 1))
    nu_i = 2 * np.pi - np.arccos(np.clip((p / r_e - 1.0) / e, -1, 1))
    psi = nu_i - nu_b
    e_b = 2 * np.arctan(np.sqrt((1 - e) / (1 + e)) * np.tan(nu_b / 2))
    e_i = 2 * np.pi + 2 * np.arctan(np.sqrt((1 - e) / (1 + e)) * np.tan(nu_i / 2))
    t = np.sqrt(a**3 / mu) * ((e_i - e * np.sin(e_i)) - (e_b - e * np.sin(e_b)))
    return r_e * psi, a * (1 + e) - r_e, t


def test_bench_free_flight_vs_numpy_floor(benchmark, states):
    """free_flight against the plain numpy closed form on the same states; ratio in extra_info."""
    import time

    args = (states["speed"], states["gamma"], states["h_b"])
    t0 = time.perf_counter()
    for _ in range(3):
        rng_km, _, _ = _numpy_floor(*args)
    floor = (time.perf_counter() - t0) / 3
    res = benchmark.pedantic(
        bal.free_flight,
        args=args[:2],
        kwargs={"burnout_altitude_km": states["h_b"]},
        rounds=3,
        iterations=1,
    )
    ok = np.isfinite(res.ground_range_km) & np.isfinite(rng_km)
    assert np.allclose(res.ground_range_km[ok], rng_km[ok], rtol=1e-6, atol=1e-3)
    _record(benchmark)
    benchmark.extra_info["numpy_floor_s"] = round(floor, 4)
    benchmark.extra_info["ratio_to_numpy_floor"] = round(benchmark.stats.stats.median / floor, 2)


def test_bench_lofted_default_sig_figs(benchmark, states):
    """Lofted-test inversion on its default path (significant figures read from the inputs)."""
    res = benchmark.pedantic(
        bal.lofted_test_range,
        args=(states["apogee"], states["distance"]),
        rounds=3,
        iterations=1,
    )
    assert res.range_km.shape == (N,)
    _record(benchmark)
