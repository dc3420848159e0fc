"""``trajgeo where --points`` across processes and on Dask: the same answers as one process."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest

N = 24


@pytest.fixture()
def points(tmp_path):
    # sea points between Korea and Japan, where limits are close: distances matter
    # (a distance costs 0.1 s or more a point here, so the file is small)
    rng = np.random.default_rng(7)
    path = tmp_path / "pts.csv"
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "lat", "lon"])
        for i, (la, lo) in enumerate(
            zip(rng.uniform(36, 41, N), rng.uniform(130, 136, N), strict=True)
        ):
            w.writerow([f"p{i}", round(la, 4), round(lo, 4)])
    return path


def test_jobs_give_the_serial_answers(run_cli, points, tmp_path):
    outs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}.csv"
        res = run_cli("where", "--points", points, "--distance", "--jobs", jobs, "-o", out)
        assert res.returncode == 0, res.stderr
        outs[jobs] = out.read_text()
    assert outs["1"] == outs["2"]
    rows = list(csv.DictReader(outs["1"].splitlines()))
    assert len(rows) == N and {r["sovereigns"] for r in rows} >= {"JPN", "KOR"}


def test_dask_gives_the_serial_answers(run_cli, points, tmp_path):
    distributed = pytest.importorskip("distributed")
    serial = tmp_path / "s.jsonl"
    run_cli("where", "--points", points, "--distance", "--json", "--jobs", "1", "-o", serial)
    out = tmp_path / "d.jsonl"
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        res = run_cli("where", "--points", points, "--distance", "--json",
                      "--scheduler", cluster.scheduler_address, "-o", out)  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert out.read_text() == serial.read_text()


def test_chunks_put_back_in_order():
    from trajgeo.analysis.parallel import where_points_parallel
    from trajgeo.maritime import load_zones
    from trajgeo.maritime.where import where_points

    lons = np.linspace(126, 144, 50)
    lats = np.linspace(33, 44, 50)
    ser = where_points(load_zones(), lons, lats)
    for jobs in (1, 2):  # 2: eight chunks on two worker processes
        par = where_points_parallel(lons, lats, jobs=jobs, chunk_size=7)
        assert [(p.lon, p.lat, [z.name for z in p.zones]) for p in par] == [
            (p.lon, p.lat, [z.name for z in p.zones]) for p in ser
        ]


def test_no_zone_south_of_60s_is_not_called_high_seas(run_cli):
    # the shipped data set leaves Antarctica out: the pole is no "high seas"
    res = run_cli("where", "--", "-90", "0")
    assert res.exit_code == 0
    assert "high seas)" not in res.output and "Antarctic" in res.output
    north = run_cli("where", "--", "-50", "0")
    assert "in no zone of the data set (high seas)" in north.output


@pytest.mark.parametrize(
    ("lat", "lon", "between"),
    [
        ("46.85", "10.45", {"Switzerland (land)", "Italy (land)"}),  # in the Alps
        ("64.25", "14.15", {"Sweden (land)", "Norway (land)"}),
        ("14.308", "144.177", {"Guam's EEZ (United States)"}),  # at sea
    ],
)
def test_a_gap_between_neighbouring_zones_is_no_high_seas(run_cli, lat, lon, between):
    # each zone is simplified on its own, so neighbours can leave slivers between them: a
    # point in one, in the Alps, had been "in no zone of the data set (high seas)"
    res = run_cli("where", lat, lon)
    assert res.exit_code == 0 and "high seas" not in res.output, res.output
    assert "in a gap between" in res.output
    doc = json.loads(run_cli("where", lat, lon, "--json").stdout)
    assert doc["zones"] == [] and between <= set(doc["gap_between"])
    # each named zone is within the gap's reach of the point
    from trajgeo.maritime.where import GAP_KM

    assert f"within {GAP_KM:g} km" in res.output


def test_a_point_just_beyond_an_outer_limit_is_on_the_high_seas_not_in_a_gap(run_cli):
    # Japan's 200-NM limit crosses 35 N at about 144.8585 E: 0.2 km east of it, the zone is
    # within a kilometre but covers under half the disc round the point
    from trajgeo.maritime import load_zones

    zs = load_zones()
    assert [z.sovereign_iso3 for z in zs.where(144.857, 35.0) if z.kind == "eez"] == ["JPN"]
    res = run_cli("where", "35.0", "144.8605")
    assert "in no zone of the data set (high seas)" in res.output and "gap" not in res.output


def test_the_caspian_sea_is_no_high_seas(run_cli):
    res = run_cli("where", "42", "50.5")
    assert res.exit_code == 0 and "Caspian Sea" in res.output and "(high seas)" not in res.output
    assert "(high seas)" in run_cli("where", "30", "-40").output  # the open Atlantic
