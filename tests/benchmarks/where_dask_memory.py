"""``trajgeo where --points FILE.parquet`` on Dask: peak memory, and a sample checked.

Writes a seeded GeoParquet file of random points (half over the north-west
Pacific, where zones are dense, half over the whole globe) into a temporary
folder, piece by piece, then runs the command line::

    trajgeo where --points points.parquet --scheduler ADDRESS -o zones.parquet

against a ``distributed.LocalCluster`` of few worker processes (the machine has
two cores). While it runs, a thread sums the resident memory (RSS) of this
process (the scheduler), the command's process (the client, which writes the
output) and every nanny and worker, every 0.1 s; the peak of that sum is the
figure reported (pages shared between processes count more than once, so the
figure errs high). Then a random sample of the output rows is classified again
by :func:`trajgeo.maritime.where.where_points` in this one process, and every
zone cell must be the same.

Run it as a script (a 10-million-point run takes minutes)::

    python tests/benchmarks/where_dask_memory.py --points 10000000 --workers 2

or through ``test_bench_where_dask.py``. Nothing is downloaded.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.benchmarks.process_watch import ProcessWatch

#: Rows per row group of the generated file: one dask-geopandas partition each.
ROW_GROUP = 250_000


def write_points(path: Path, n: int, seed: int = 0) -> None:
    """Write ``n`` seeded random points as GeoParquet, one row group at a time."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq
    import shapely
    from pyproj import CRS

    geo = {
        "version": "1.0.0",
        "primary_column": "geometry",
        "columns": {
            "geometry": {
                "encoding": "WKB",
                "geometry_types": ["Point"],
                "crs": CRS("EPSG:4326").to_json_dict(),
            }
        },
    }
    schema = pa.schema(
        [("id", pa.int64()), ("vessel", pa.string()), ("geometry", pa.binary())],
        metadata={b"geo": json.dumps(geo).encode()},
    )
    rng = np.random.default_rng(seed)
    with pq.ParquetWriter(path, schema) as writer:
        for start in range(0, n, ROW_GROUP):
            m = min(ROW_GROUP, n - start)
            half = m // 2
            lons = np.concatenate([rng.uniform(120, 150, half), rng.uniform(-180, 180, m - half)])
            lats = np.concatenate([rng.uniform(20, 50, half), rng.uniform(-85, 85, m - half)])
            table = pa.table(
                {
                    "id": np.arange(start, start + m, dtype=np.int64),
                    "vessel": [f"V{k % 997:03d}" for k in range(start, start + m)],
                    "geometry": shapely.to_wkb(shapely.points(lons, lats)),
                },
                schema=schema,
            )
            writer.write_table(table, row_group_size=ROW_GROUP)


@dataclass(frozen=True)
class Result:
    """What one run measured."""

    points: int
    workers: int
    seconds: float
    cpu_s: float
    peak_mb: float
    peak_processes: int
    input_mb: float
    sample: int
    sample_mismatches: int
    at_peak: tuple[tuple[str, int], ...] = ()

    def line(self) -> str:
        how = f"{self.workers} Dask workers" if self.workers else "one process, no Dask"
        return (
            f"{self.points:,} points, {how}: {self.seconds:.0f} s ({self.cpu_s:.0f} s of CPU), "
            f"peak RSS {self.peak_mb:,.0f} MB summed over {self.peak_processes} processes "
            f"(input file {self.input_mb:,.0f} MB); sample of {self.sample:,} rows against "
            f"one process: {self.sample_mismatches} differ"
        )


def check_sample(path: Path, n: int, size: int, seed: int = 1) -> tuple[int, int]:
    """Classify ``size`` random output rows in this process; return (checked, differing)."""
    import numpy as np
    import pyarrow.parquet as pq
    import shapely

    from trajgeo.maritime import load_zones
    from trajgeo.maritime.where import where_points

    rows = np.sort(np.random.default_rng(seed).choice(n, size=min(size, n), replace=False))
    pf = pq.ParquetFile(path)
    got, lons, lats = [], [], []
    start = 0
    for g in range(pf.metadata.num_row_groups):
        m = pf.metadata.row_group(g).num_rows
        inside = rows[(rows >= start) & (rows < start + m)] - start
        if len(inside):
            t = pf.read_row_group(g, columns=["geometry", "zones", "sovereigns", "kinds"])
            t = t.take(inside)
            pts = shapely.from_wkb(t.column("geometry").to_numpy(zero_copy_only=False))
            lons.extend(shapely.get_x(pts).tolist())
            lats.extend(shapely.get_y(pts).tolist())
            cols = (t.column(c).to_pylist() for c in ("zones", "sovereigns", "kinds"))
            got.extend(zip(*cols, strict=True))
        start += m
    ref = where_points(load_zones(), np.array(lons), np.array(lats), distance=False)
    want = [
        tuple(";".join(getattr(z, a) for z in p.zones) for a in ("name", "sovereign_iso3", "kind"))
        for p in ref
    ]
    return len(want), sum(1 for a, b in zip(got, want, strict=True) if a != b)


def run(
    n: int, workers: int = 2, sample: int = 2_000, folder: Path | None = None, *, dask: bool = True
) -> Result:
    """Write ``n`` points, classify them (on a LocalCluster, or in one process), measure, check.

    ``dask=False`` runs the same command without ``--scheduler``: one process reading
    the same file piece by piece, the anchor the Dask figures are read against.
    """
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        src, out = Path(tmp) / "points.parquet", Path(tmp) / "zones.parquet"
        write_points(src, n)
        cmd = [sys.executable, "-m", "trajgeo", "where", "--points", str(src), "-o", str(out)]
        with contextlib.ExitStack() as stack:
            if dask:
                from distributed import LocalCluster

                cluster = stack.enter_context(
                    LocalCluster(
                        n_workers=workers,
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=None,
                    )
                )
                cmd += ["--scheduler", cluster.scheduler_address]
            else:
                cmd += ["--jobs", "1"]
            mem = stack.enter_context(ProcessWatch())
            t0 = time.perf_counter()
            done = subprocess.run(cmd, capture_output=True, text=True, check=False)
            seconds = time.perf_counter() - t0
        if done.returncode != 0:
            raise RuntimeError(f"trajgeo where failed: {done.stderr[-2000:]}")
        checked, differ = check_sample(out, n, sample)
        return Result(
            n,
            workers if dask else 0,
            seconds,
            mem.cpu_s,
            mem.peak_bytes / 1e6,
            mem.peak_processes,
            src.stat().st_size / 1e6,
            checked,
            differ,
            tuple(mem.at_peak),
        )


def main() -> None:
    """Command line: ``--points N --workers W --sample S``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=10_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--local", action="store_true", help="one process, no Dask (the anchor)")
    args = parser.parse_args()
    res = run(args.points, args.workers, args.sample, dask=not args.local)
    print(res.line())
    for name, rss in res.at_peak:
        print(f"  at the peak: {rss / 1e6:6.0f} MB  {name}")


if __name__ == "__main__":
    main()
