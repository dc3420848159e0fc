"""Benchmarks of catalogue runs: ``trajgeo check DIR --format csv`` at 100 and 1,000 events.

Run with::

    python -m pytest tests/benchmarks/test_bench_catalogue.py -o addopts="" --benchmark-only -s \\
        --basetemp=/tmp/trajgeo-bench

(a folder of its own: pytest keeps only the last three runs' temporary folders
under ``/tmp/pytest-of-USER``, so other pytest runs on a shared machine would
delete the generated files in the middle of a run).

The events are synthetic copies of the 36 real launches of ``examples/catalogue``,
written by ``examples/catalogue/generate.py`` (seeded: the same files every run)
with their ranges, distances, bearings, launch points and dates varied. One
deliberately broken file sits in the middle of each run: it must be reported,
the run must go on, every other row must be written, and the exit code is 3.

``check`` is the whole command line, in-process, with its defaults (10,000
samples per missile, one worker process per CPU). ``loop`` is what a user
would otherwise write: a serial loop of :func:`trajgeo.analysis.analyse` over
the same files, without the table. Linear growth means the cost per event at
1,000 events stays within 1.5 times that at 100 (asserted when both run in
one session, 100 first). The cost is CPU time, summed over the command and its
worker processes: on a machine shared with other jobs, wall time says more about
the others' load than about trajgeo. Both are printed.
"""

from __future__ import annotations

import collections
import csv
import time

import pytest

from tests.benchmarks.process_watch import ProcessWatch
from tests.conftest import expected_rows, invoke, synthetic_catalogue

#: CPU seconds per event of each size, kept for the linearity check.
PER_EVENT: dict[int, float] = {}


@pytest.mark.parametrize("n", [100, 1_000])
def test_bench_check_cli(benchmark, tmp_path, n):
    events = tmp_path / "events"
    synthetic_catalogue().generate(n, events, bad=True)
    out = tmp_path / "launches.csv"
    with ProcessWatch(every_s=0.5) as watch:
        t0 = time.perf_counter()
        res = benchmark.pedantic(
            invoke, args=("check", events, "--format", "csv", "-o", out), rounds=1, iterations=1
        )
        seconds = time.perf_counter() - t0
    assert res.exit_code == 3, res.output[-2000:]
    assert "-bad.yaml: launch.site: unknown place 'Pyongyan'" in res.stderr
    assert f"1 of {n + 1} files failed" in res.stderr
    with out.open(encoding="utf-8", newline="") as fh:
        got = collections.Counter(row["event_id"] for row in csv.DictReader(fh))
    assert got == collections.Counter(expected_rows(events))
    PER_EVENT[n] = watch.cpu_s / n
    benchmark.extra_info.update(per_event_s=round(seconds / n, 3), per_event_cpu_s=PER_EVENT[n])
    print(
        f"\ncheck --format csv, {n} events: {seconds:.1f} s, {seconds / n:.3f} s per event; "
        f"{watch.cpu_s:.0f} s of CPU, {PER_EVENT[n]:.3f} s per event"
    )
    if n == 1_000 and 100 in PER_EVENT:
        ratio = PER_EVENT[1_000] / PER_EVENT[100]
        print(f"CPU per event at 1,000 / at 100: {ratio:.2f}")
        assert ratio < 1.5


@pytest.mark.parametrize("n", [100])
def test_bench_plain_loop(benchmark, tmp_path, n):
    from trajgeo.analysis import analyse
    from trajgeo.errors import TrajgeoError
    from trajgeo.maritime import load_zones

    paths = synthetic_catalogue().generate(n, tmp_path, bad=True)

    def loop():
        zones = load_zones()
        done = 0
        for p in paths:
            try:
                analyse(p, zones=zones, verdicts=False, overflights=False, capability=False)
                done += 1
            except TrajgeoError:
                pass
        return done

    t0, c0 = time.perf_counter(), time.process_time()
    done = benchmark.pedantic(loop, rounds=1, iterations=1)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    assert done == n
    benchmark.extra_info.update(per_event_s=round(seconds / n, 3), per_event_cpu_s=cpu / n)
    print(
        f"\nplain loop, {n} events: {seconds:.1f} s, {seconds / n:.3f} s per event; "
        f"{cpu:.0f} s of CPU, {cpu / n:.3f} s per event"
    )
