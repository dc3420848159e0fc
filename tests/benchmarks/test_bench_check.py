"""`trajgeo check` on one example, cold, against the import floor, side by side.

The floor is ``python -c "import shapely, pyproj"``: what any Python tool on
these libraries pays before it does anything. Both run as new processes,
alternating, and are measured by wall time and by their own CPU time (so the
ratio holds on a busy machine). Run:
``python -m pytest tests/benchmarks/test_bench_check.py -o addopts="" -s``.
"""

from __future__ import annotations

import statistics
import sys

from tests.benchmarks.process_watch import run_child
from tests.conftest import EXAMPLES

ROUNDS = 5
FLOOR = [sys.executable, "-c", "import shapely, pyproj"]


def _run(args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one child process."""
    wall, cpu, _ = run_child(args)
    return wall, cpu


def test_bench_check_one_example_vs_import_floor(benchmark):
    event = EXAMPLES / "2024-03-18-pyongyang.yaml"
    check = [sys.executable, "-m", "trajgeo", "check", str(event)]
    _run(check)  # the user's cache (point index) exists after a first run, as it would
    ours, floor = [], []
    for _ in range(ROUNDS):
        ours.append(_run(check))
        floor.append(_run(FLOOR))
    benchmark.pedantic(lambda: _run(check), rounds=1, iterations=1)
    for i, what in enumerate(("wall", "cpu")):
        o = statistics.median(x[i] for x in ours)
        f = statistics.median(x[i] for x in floor)
        benchmark.extra_info[f"check_{what}_s"] = round(o, 3)
        benchmark.extra_info[f"floor_{what}_s"] = round(f, 3)
        benchmark.extra_info[f"ratio_{what}"] = round(o / f, 2)
    print("\ncheck vs import floor:", benchmark.extra_info)
