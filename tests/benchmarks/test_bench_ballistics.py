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


def _numpy_floor_met(range_km, mu=398600.4418, r_e=6371.0):
    """The minimum-energy trajectory from the surface, plainly (BMW 6.2-18...20).

    γ* = 45° − Ψ/4, a* = (r + c)/4 with the chord c; speed, apogee and the
    symmetric flight time from the eccentric anomaly at burnout.
    """
    psi = range_km / r_e
    a = (2 * r_e + 2 * r_e * np.sin(psi / 2)) / 4
    v = np.sqrt(mu * (2 / r_e - 1 / a))
    g = np.pi / 4 - psi / 4
    e = np.sqrt(1 - (r_e * v * np.cos(g)) ** 2 / (mu * a))
    e_b = np.arccos((1 - r_e / a) / e)
    t = 2 * np.sqrt(a**3 / mu) * (np.pi - e_b + e * np.sin(e_b))
    return np.degrees(g), v, a * (1 + e) - r_e, t


def _numpy_floor_lofted(apogee_km, distance_km, band_pct=5.0, mu=398600.4418, r_e=6371.0):
    """A lofted test's same-energy range, plainly: the symmetric closed form.

    The ellipse through the apogee and both ends gives the burnout speed, angle
    and flight time; the minimum-energy ellipse of the same energy (same a)
    reaches Ψ* = 2 asin((4a − 2R)/2R), γ* = 45° − Ψ*/4. Nominal, low and
    high apogee, as trajgeo's band.
    """
    psi = distance_km / r_e
    out = []
    for k in (1.0, 1 - band_pct / 100, 1 + band_pct / 100):
        r_a = r_e + apogee_km * k
        e = (r_a - r_e) / (r_a - r_e * np.cos(psi / 2))
        a = r_a / (1 + e)
        psi_met = 2 * np.arcsin(np.minimum((4 * a - 2 * r_e) / (2 * r_e), 1.0))
        out.append(np.where(a >= r_e, np.inf, r_e * psi_met))
        if k == 1.0:
            v = np.sqrt(mu * (2 / r_e - 1 / a))
            g = np.arccos(np.sqrt(mu * r_a * (1 - e)) / (r_e * v))
            e_b = np.arccos((1 - r_e / a) / e)
            t = 2 * np.sqrt(a**3 / mu) * (np.pi - e_b + e * np.sin(e_b))
            g_met = np.degrees(np.pi / 4 - psi_met / 4)
            nominal = (v, np.degrees(g), g_met, t)
    return (*out, *nominal)


def _pairs(states):
    """Each entry point, its numpy floor, and how to compare their answers."""
    s = states
    return {
        "free_flight": (
            lambda: bal.free_flight(s["speed"], s["gamma"], burnout_altitude_km=s["h_b"]),
            lambda: _numpy_floor(s["speed"], s["gamma"], s["h_b"]),
            lambda r: (r.ground_range_km, r.apogee_km, r.time_s),
        ),
        "minimum_energy_trajectory": (
            lambda: bal.minimum_energy_trajectory(s["range"]),
            lambda: _numpy_floor_met(s["range"]),
            lambda r: (r.flight_path_angle_deg, r.speed_km_s, r.apogee_km, r.time_s),
        ),
        "lofted_test_range": (
            lambda: bal.lofted_test_range(s["apogee"], s["distance"], sig_figs=2),
            lambda: _numpy_floor_lofted(s["apogee"], s["distance"]),
            lambda r: (
                r.range_km,
                r.range_low_km,
                r.range_high_km,
                r.burnout_speed_km_s,
                r.burnout_flight_path_angle_deg,
                r.met_flight_path_angle_deg,
                r.free_flight_time_s,
            ),
        ),
    }


@pytest.mark.parametrize("entry", ["free_flight", "minimum_energy_trajectory", "lofted_test_range"])
def test_bench_vs_numpy_floor(benchmark, states, entry):
    """An entry point against the same closed form in plain numpy, on the same states.

    Nine pairs, run in turn (trajgeo, then the floor), timed by CPU time: on a
    machine shared with other jobs, the median of the pairs' ratios says more
    than either time alone. The ratio is in ``extra_info`` and printed. Aim
    (issue 12): at most 1.5 on every entry point.
    """
    import statistics
    import time

    ours, floor, answers = _pairs(states)[entry]

    def cpu(fn):
        t0 = time.process_time()
        out = fn()
        return time.process_time() - t0, out

    ratios, ours_s, floor_s = [], [], []
    for _ in range(9):
        a, res = cpu(ours)
        b, ref = cpu(floor)
        ratios.append(a / b)
        ours_s.append(a)
        floor_s.append(b)
    for got, want in zip(answers(res), ref, strict=True):
        ok = np.isfinite(got) & np.isfinite(want)
        assert np.allclose(got[ok], want[ok], rtol=1e-6, atol=1e-3)
        assert np.array_equal(np.isfinite(got), np.isfinite(want))
    benchmark.pedantic(ours, rounds=1, iterations=1)
    _record(benchmark)
    benchmark.extra_info["cpu_s"] = round(statistics.median(ours_s), 4)
    benchmark.extra_info["numpy_floor_cpu_s"] = round(statistics.median(floor_s), 4)
    ratio = statistics.median(ratios)
    benchmark.extra_info["ratio_to_numpy_floor"] = round(ratio, 2)
    print(
        f"\n{entry}: {statistics.median(ours_s) * 1e3:.0f} ms of CPU against "
        f"{statistics.median(floor_s) * 1e3:.0f} ms for the numpy floor: {ratio:.2f}x"
    )


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
