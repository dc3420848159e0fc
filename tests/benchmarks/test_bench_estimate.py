"""Benchmarks of the fused estimate, beside the floor it cannot beat.

Run with::

    python -m pytest tests/benchmarks/test_bench_estimate.py -o addopts="" --benchmark-only

One event with three accounts: the estimate (10,000 accepted samples, so a
probability to within ±1 point) and the claim's probability, warm. The anchor
is pyproj's ``Geod.fwd`` and ``Geod.inv`` on the same number of points: the
geodesy the sampler cannot do without. 1,000 events: the catalogue's events
repeated with other seeds, timed once.

The machine is shared: wall-clock times swing with its load, so each test
also records the process's CPU time, and the geodesy floor gives the ratio
that load does not change.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
THREE = REPO / "examples" / "catalogue" / "2017-11-29-hwasong-15.yaml"


@pytest.fixture(scope="module")
def setup():
    from trajgeo.events import load_events
    from trajgeo.maritime import load_zones

    zones = load_zones()
    event = load_events(THREE)[0]
    assert len(event.shots) == 3
    return event, zones


def test_bench_one_event_three_accounts(benchmark, setup):
    from trajgeo.analysis.fused import fuse_event

    event, zones = setup
    fuse_event(event, zones)  # warm: land index, limit layer, projections
    cpu = time.process_time()
    fuse_event(event, zones)
    benchmark.extra_info["cpu_seconds"] = round(time.process_time() - cpu, 3)
    result = benchmark(fuse_event, event, zones)
    claim = result.claims[0]
    lo, hi = claim.missiles[0].zone.interval
    assert hi - lo <= 0.02  # the probability to within ±1 point
    benchmark.extra_info["probability"] = round(claim.probability, 3)


def test_bench_geodesy_floor(benchmark):
    """The anchor: fwd + inv on the 40,000 candidates the sampler typically draws."""
    from pyproj import Geod

    g = Geod(ellps="WGS84")
    rng = np.random.default_rng(0)
    n = 40_000
    lon, lat = np.full(n, 125.7), np.full(n, 39.0)
    az, d = rng.uniform(0, 360, n), rng.uniform(1e5, 1e6, n)

    def floor():
        x, y, _ = g.fwd(lon, lat, az, d)
        g.inv(lon, lat, x, y)
        g.inv(lon, lat, x, y)

    benchmark(floor)


def test_bench_1000_events(benchmark, setup):
    from trajgeo.analysis.fused import fuse_event
    from trajgeo.events import load_events

    _, zones = setup
    events = [
        e for p in sorted((REPO / "examples" / "catalogue").glob("*.yaml")) for e in load_events(p)
    ]

    cpu = time.process_time()

    def run():
        for k in range(1_000):
            fuse_event(events[k % len(events)], zones, seed=k)

    benchmark.pedantic(run, rounds=1, iterations=1)
    benchmark.extra_info["cpu_seconds_per_event"] = round((time.process_time() - cpu) / 1_000, 3)
