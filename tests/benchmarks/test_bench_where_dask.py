"""``where --points`` on a 10-million-point GeoParquet file: Dask beside one process.

Run with::

    python -m pytest tests/benchmarks/test_bench_where_dask.py -o addopts="" --benchmark-only -s \\
        --basetemp=/tmp/trajgeo-bench

(a base folder of its own, for the reason ``test_bench_catalogue.py`` gives).

Each run writes the file (seeded, in a temporary folder), classifies it with the
command line, measures the peak of the summed resident memory of every process
involved, and checks a random sample of 2,000 output rows against
:func:`trajgeo.maritime.where.where_points` in one process (see
``where_dask_memory.py``). The aim of issue 14: the Dask run stays under 2 GB
at its peak, and the sample agrees. The one-process run (the same command
without ``--scheduler``) is the anchor it is read against.
"""

from __future__ import annotations

import pytest

from tests.benchmarks.where_dask_memory import run

POINTS = 10_000_000


@pytest.mark.parametrize("dask", [True, False], ids=["dask-2-workers", "one-process"])
def test_bench_where_parquet_10m(benchmark, tmp_path, dask):
    pytest.importorskip("dask_geopandas")
    res = benchmark.pedantic(
        run, args=(POINTS,), kwargs={"folder": tmp_path, "dask": dask}, rounds=1, iterations=1
    )
    print("\n" + res.line())
    benchmark.extra_info.update(peak_mb=round(res.peak_mb), seconds=round(res.seconds))
    assert res.sample == 2_000 and res.sample_mismatches == 0
    assert res.peak_mb < 2_000
