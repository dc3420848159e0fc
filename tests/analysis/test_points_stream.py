"""GeoParquet ``where --points``: piece by piece, in processes and on Dask, same answers."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest

pytest.importorskip("geopandas")
pytest.importorskip("pyarrow")

N = 20_000


@pytest.fixture(scope="module")
def points(tmp_path_factory):
    """20,000 seeded points, half near Japan, in row groups of 3,000 (seven pieces)."""
    import geopandas
    import shapely

    rng = np.random.default_rng(3)
    lons = np.concatenate([rng.uniform(125, 145, N // 2), rng.uniform(-180, 180, N // 2)])
    lats = np.concatenate([rng.uniform(28, 46, N // 2), rng.uniform(-80, 80, N // 2)])
    names = np.where(np.arange(N) % 1000 == 7, "=HYPERLINK(1)", "ship")
    path = tmp_path_factory.mktemp("pq") / "points.parquet"
    frame = geopandas.GeoDataFrame(
        {"id": np.arange(N), "name": names}, geometry=shapely.points(lons, lats), crs=4326
    )
    frame.to_parquet(path, row_group_size=3_000)
    return path, lons, lats


@pytest.fixture(scope="module")
def reference(points):
    """The zone cells of every point, from the single-process where_points."""
    from trajgeo.maritime import load_zones
    from trajgeo.maritime.where import where_points

    _, lons, lats = points
    found = where_points(load_zones(), lons, lats, distance=False)
    return [
        tuple(";".join(getattr(z, a) for z in p.zones) for a in ("name", "sovereign_iso3", "kind"))
        for p in found
    ]


def _cells(path):
    import pyarrow.parquet as pq

    t = pq.read_table(path, columns=["zones", "sovereigns", "kinds"])
    return list(
        zip(*(t.column(c).to_pylist() for c in ("zones", "sovereigns", "kinds")), strict=True)
    )


def test_parquet_in_parquet_out_keeps_rows_and_adds_zones(run_cli, points, reference, tmp_path):
    import geopandas

    src, lons, _ = points
    out = tmp_path / "z.parquet"
    res = run_cli("where", "--points", src, "-o", out)
    assert res.exit_code == 0, res.output
    assert f"classified {N} points into" in res.stderr
    back = geopandas.read_parquet(out)  # valid GeoParquet: geometry and CRS kept
    assert back.crs.to_epsg() == 4326 and len(back) == N
    assert back["id"].tolist() == list(range(N))
    np.testing.assert_array_equal(back.geometry.x.to_numpy(), lons)
    assert _cells(out) == reference
    assert {"JPN", ""} <= {r[1] for r in reference}  # the sample reaches zones and high seas


def test_csv_out_is_formula_safe_with_lat_lon(run_cli, points, reference, tmp_path):
    src, lons, lats = points
    out = tmp_path / "z.csv"
    assert run_cli("where", "--points", src, "-o", out, "--jobs", "1").exit_code == 0
    with out.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["id", "name", "lat", "lon", "zones", "sovereigns", "kinds"]
    assert [(r["zones"], r["sovereigns"], r["kinds"]) for r in rows] == reference
    assert float(rows[5]["lat"]) == lats[5] and float(rows[5]["lon"]) == lons[5]
    assert rows[7]["name"] == "'=HYPERLINK(1)" and rows[8]["name"] == "ship"


def test_worker_processes_give_the_same_file(run_cli, points, tmp_path):
    src, _, _ = points
    one, two = tmp_path / "1.csv", tmp_path / "2.csv"
    assert run_cli("where", "--points", src, "-o", one, "--jobs", "1").exit_code == 0
    assert run_cli("where", "--points", src, "-o", two, "--jobs", "2").exit_code == 0
    assert one.read_bytes() == two.read_bytes()


def test_dask_local_cluster_gives_the_same_answers(run_cli, points, reference, tmp_path):
    distributed = pytest.importorskip("distributed")
    pytest.importorskip("dask_geopandas")
    src, _, _ = points
    out, csv_out, local = tmp_path / "d.parquet", tmp_path / "d.csv", tmp_path / "l.csv"
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        for target in (out, csv_out):
            res = run_cli("where", "--points", src, "--scheduler", cluster.scheduler_address,
                          "-o", target)  # fmt: skip
            assert res.exit_code == 0, res.output
    assert _cells(out) == reference
    assert run_cli("where", "--points", src, "-o", local).exit_code == 0
    assert csv_out.read_bytes() == local.read_bytes()


def test_distance_column(run_cli, tmp_path):
    import geopandas
    import shapely

    src = tmp_path / "few.parquet"
    geopandas.GeoDataFrame(
        {"id": [1, 2]}, geometry=shapely.points([135.0, 131.87], [40.0, 37.24]), crs=4326
    ).to_parquet(src)
    out = tmp_path / "few.csv"
    assert run_cli("where", "--points", src, "--distance", "-o", out).exit_code == 0
    rows = list(csv.DictReader(out.read_text().splitlines()))
    one = run_cli("where", "37.24", "131.87", "--json")
    assert float(rows[1]["boundary_distance_km"]) == round(
        json.loads(one.stdout)["boundary_distance_km"], 1
    )


@pytest.mark.parametrize(
    ("make", "words"),
    [
        ("plain", "no GeoParquet metadata"),
        ("lines", "its geometry is not WKB points"),
        ("projected", "its points are not in longitude/latitude"),
        ("clash", "it already has a column named 'zones'"),
        ("empty", "a point with no coordinates or out of range"),
        ("text", "cannot read it as Parquet"),
    ],
)
def test_bad_files_are_one_line(run_cli, tmp_path, make, words):
    import geopandas
    import pandas as pd
    import shapely

    src = tmp_path / "bad.parquet"
    pts = shapely.points([135.0, 136.0], [40.0, 41.0])
    if make == "plain":
        pd.DataFrame({"lat": [1.0], "lon": [2.0]}).to_parquet(src)
    elif make == "lines":
        line = shapely.linestrings([[0, 0], [1, 1]])
        geopandas.GeoDataFrame({"a": [1]}, geometry=[line], crs=4326).to_parquet(src)
    elif make == "projected":
        geopandas.GeoDataFrame({"a": [1, 2]}, geometry=pts, crs=3857).to_parquet(src)
    elif make == "clash":
        geopandas.GeoDataFrame({"zones": [1, 2]}, geometry=pts, crs=4326).to_parquet(src)
    elif make == "empty":
        geo = [pts[0], shapely.Point()]
        geopandas.GeoDataFrame({"a": [1, 2]}, geometry=geo, crs=4326).to_parquet(src)
    else:
        src.write_text("lat,lon\n1,2\n")
    out = tmp_path / "out.csv"
    res = run_cli("where", "--points", src, "-o", out)
    assert res.exit_code == 2, res.output
    assert words in res.stderr and "Traceback" not in res.output
    assert len(res.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_json_is_refused_for_parquet(run_cli, points):
    res = run_cli("where", "--points", points[0], "--json")
    assert res.exit_code == 2 and "-o FILE.parquet" in res.stderr


def test_missing_dask_geopandas_is_one_line(monkeypatch, points, tmp_path):
    import sys

    from trajgeo.analysis.points_stream import ZoneOptions, where_parquet
    from trajgeo.errors import MissingDependencyError

    monkeypatch.setitem(sys.modules, "dask_geopandas", None)
    out = tmp_path / "never.parquet"
    with pytest.raises(MissingDependencyError, match=r"pip install 'trajgeo\[dask\]'"):
        where_parquet(str(points[0]), str(out), ZoneOptions(), scheduler="tcp://127.0.0.1:1")
    assert not out.exists()
