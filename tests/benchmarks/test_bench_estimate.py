"""Benchmarks of the fused estimate: the issue's two aims, beside the floor they cannot beat.

Run with::

    python -m pytest tests/benchmarks/test_bench_estimate.py -o addopts="" --benchmark-only -s

* One event with three accounts (``2017-11-29-hwasong-15``: three sources, two
  of which cannot both hold), warm: the estimate, each zone's probability and
  the claim's, every one within ±1 point (its 95 % Monte Carlo interval; the
  standard error is then at most half a point). Aim: under 0.5 s.
* 1,000 events, end to end (event file read, estimate, zone probabilities,
  overflight, regions, landmark, claims): the 43 shipped events (``examples``
  and ``examples/catalogue``) varied into 1,000 seeded copies, each with its
  own id (so its own seed) and its numeric distances scaled by 0.9-1.1. Run
  once with the project's process pool (:func:`trajgeo.analysis.parallel.ordered_map`,
  one worker per CPU, as catalogue runs use by default) and once as a plain
  loop in this process. Aim: under 60 s.

The anchor is pyproj's ``Geod.fwd`` and ``Geod.inv`` on 40,000 points: the
geodesy the sampler cannot do without. The machine is shared: wall-clock
times swing with its load, so each test also records the process's CPU time
(and the load average when it ran).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
THREE = REPO / "examples" / "catalogue" / "2017-11-29-hwasong-15.yaml"
EVENTS = 1_000
#: Half-width of a probability's 95 % interval the aim asks for (one point).
POINT = 0.01


@pytest.fixture(scope="module")
def setup():
    from trajgeo.events import load_events
    from trajgeo.maritime import load_zones

    zones = load_zones()
    event = load_events(THREE)[0]
    assert len(event.shots) == 3
    return event, zones


def _within_a_point(fused) -> float:
    """Check every zone's and claim's probability is within ±1 point; return the widest."""
    widest = 0.0
    for m in fused.missiles:
        for z in m.zones:
            lo, hi = z.interval
            widest = max(widest, hi - z.p_inside, z.p_inside - lo)
    for c in fused.claims:
        for side in c.missiles:
            if side.zone is not None:
                lo, hi = side.zone.interval
                widest = max(widest, (hi - lo) / 2.0)
    assert widest <= POINT + 1e-9, widest
    return widest


def test_bench_one_event_three_accounts(benchmark, setup):
    from trajgeo.analysis.fused import fuse_event

    event, zones = setup
    fuse_event(event, zones)  # warm: land index, limit layer, regions, projections
    cpu = time.process_time()
    fuse_event(event, zones)
    benchmark.extra_info["cpu_seconds"] = round(time.process_time() - cpu, 3)
    benchmark.extra_info["load_average"] = round(os.getloadavg()[0], 1)
    result = benchmark(fuse_event, event, zones)
    claim = result.claims[0]
    benchmark.extra_info["probability"] = round(claim.probability, 4)
    benchmark.extra_info["widest_half_interval"] = round(_within_a_point(result), 4)
    benchmark.extra_info["samples"] = [m.estimate.n for m in result.missiles]
    assert claim.status == "holds" and result.missiles[0].estimate.conflicts


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


# --------------------------------------------------------------------------- 1,000 events
def _varied(doc: dict, i: int, factor: float) -> dict:
    """A copy of an event document with its own id and its bare distances scaled."""
    shots = [
        {**shot, "range_km": round(shot["range_km"] * factor, 1)}
        if type(shot.get("range_km")) in (int, float)  # worded figures stay as said
        else shot
        for shot in doc.get("shots", [])
    ]
    return {**doc, "id": f"{doc['id']}-v{i:04d}", "shots": shots}


@pytest.fixture(scope="module")
def thousand(tmp_path_factory) -> list[Path]:
    """Write 1,000 event files varied (seeded) from the shipped examples."""
    folder = tmp_path_factory.mktemp("thousand")
    sources = sorted((REPO / "examples").glob("*.yaml"))
    sources += sorted((REPO / "examples" / "catalogue").glob("*.yaml"))
    docs = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sources]
    factors = np.random.default_rng(EVENTS).uniform(0.9, 1.1, EVENTS)
    paths = [folder / f"{i:04d}.yaml" for i in range(EVENTS)]
    for i, path in enumerate(paths):
        doc = _varied(docs[i % len(docs)], i, float(factors[i]))
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")
    return paths


def fuse_file(path: Path) -> tuple[float, float | None]:
    """Read one event file and fuse it (a pool worker); return its CPU time and first claim."""
    from trajgeo.analysis.fused import fuse_event
    from trajgeo.analysis.parallel import worker_zones
    from trajgeo.events import load_events

    cpu = time.process_time()
    zones = worker_zones()
    first = None
    for event in load_events(path):
        fused = fuse_event(event, zones)
        _within_a_point(fused)
        if first is None and fused.claims:
            first = fused.claims[0].probability
    return time.process_time() - cpu, first


def _run(benchmark, paths, jobs):
    from trajgeo.analysis.parallel import default_jobs, ordered_map

    fuse_file(paths[0])  # warm this process (the pool's workers warm on their own)
    t0, cpu0 = time.perf_counter(), time.process_time()
    out = benchmark.pedantic(
        lambda: list(ordered_map(fuse_file, paths, jobs=jobs)), rounds=1, iterations=1
    )
    wall = time.perf_counter() - t0
    cpu = sum(c for c, _ in out) if jobs != 1 else time.process_time() - cpu0
    assert len(out) == EVENTS
    benchmark.extra_info.update(
        wall_seconds=round(wall, 1),
        cpu_seconds_per_event=round(cpu / EVENTS, 3),
        workers=jobs or default_jobs(),
        load_average=round(os.getloadavg()[0], 1),
    )
    print(
        f"\n{EVENTS} events, {jobs or default_jobs()} worker(s): {wall:.1f} s wall, "
        f"{cpu / EVENTS:.3f} s of CPU an event (load average {os.getloadavg()[0]:.1f})"
    )


def test_bench_1000_events_pool(benchmark, thousand):
    """The default: one worker per CPU (two on the project's machine)."""
    _run(benchmark, thousand, None)


def test_bench_1000_events_one_core(benchmark, thousand):
    """The same 1,000 events in a plain loop in this process."""
    _run(benchmark, thousand, 1)
