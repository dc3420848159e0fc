"""Catalogue runs: files from paths, globs and folders; rows per missile; parallel == serial."""

from __future__ import annotations

import dataclasses

import pytest

from tests.conftest import EXAMPLES

CAT = EXAMPLES / "catalogue"
#: Two quick real launches: an IRBM whose "outside" claim holds, two SRBMs near the line.
FAST = [str(CAT / "2017-05-14-hwasong-12.yaml"), str(CAT / "2021-09-15-rail-srbm-hegura.yaml")]
SMALL = 500  # impact samples per missile: enough for the table's shape, quick on CI


@pytest.fixture(scope="module")
def serial():
    from trajgeo.analysis.catalogue import CatalogueOptions, run_catalogue

    return run_catalogue(FAST, CatalogueOptions(samples=SMALL), jobs=1)


def test_collect_files_folders_globs_and_missing(tmp_path):
    from trajgeo.analysis.catalogue import collect_files

    (tmp_path / "a.yaml").write_text("x")
    (tmp_path / "b.json").write_text("x")
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.yml").write_text("x")
    (tmp_path / "empty").mkdir()
    files, failed = collect_files(
        [tmp_path, str(tmp_path / "sub" / "*.yml"), str(tmp_path / "a.yaml"),
         str(tmp_path / "none*.yaml"), str(tmp_path / "gone.yaml"), tmp_path / "empty"]
    )  # fmt: skip
    assert [f.rsplit("/", 1)[-1] for f in files] == ["a.yaml", "b.json", "c.yml"]  # a once
    assert [f.error_kind for f in failed] == ["input"] * 3
    assert "no file matches" in failed[0].error and "none*.yaml" in failed[0].error
    assert failed[1].error.endswith("gone.yaml: no such file")
    assert "no yaml/yml/json file in this folder" in failed[2].error


def test_catalogue_folder_holds_every_example():
    from trajgeo.analysis.catalogue import collect_files

    files, failed = collect_files([CAT])
    assert len(files) == 36 and not failed
    assert files == sorted(files)


def test_one_row_per_missile_with_the_estimate(serial):
    assert not serial.failures
    rows = serial.rows
    assert [r.event_id for r in rows] == ["2017-05-14-hwasong-12", "2021-09-15-rail-srbm-hegura"]
    hs12, srbm = rows
    assert hs12.launch_site == "Kusong" and srbm.count == 2
    # Japan's "outside" is very likely (> 95 %) and more than 95 % of the samples lie beyond
    # the measured error of their own nearest stretch of limit (mostly the Japan-Russia
    # median line; before the GSHHG islands off Noto and Yamagata moved Japan's lines, a
    # larger share was nearest the Takeshima/Dokdo band's edge and the guard said near_line)
    assert hs12.claims.startswith("outside Japan's EEZ")
    assert hs12.verdict == "holds" and hs12.claim_probability > 0.95
    # the claim's probability is the missile's chance of the side claimed: 1 - P(inside)
    p_in = dict(hs12.p_inside)[("JPN", "eez")]
    assert hs12.claim_probability == pytest.approx(1 - p_in, abs=1e-3)
    assert srbm.verdict == "near_line" and 0.05 < srbm.claim_probability < 0.95
    for r in rows:
        assert r.placed and r.samples == SMALL and r.dataset == "trajgeo-eez"
        assert 120 < r.impact_lon < 150 and 30 < r.impact_lat < 50
        assert r.region_95.contains(__import__("shapely").Point(r.impact_lon, r.impact_lat))
        assert r.nearest_limit_km is not None and r.nearest_limit_error_p95_km > 0
    assert hs12.overflown is not None and hs12.overflown.startswith("RUS")


def test_records_share_columns(serial):
    recs = serial.records()
    assert [list(r) for r in recs] == [serial.columns()] * len(recs)
    assert "p_inside_JPN_eez" in serial.columns()
    frame = serial.frame()
    assert frame.shape == (2, len(serial.columns()))
    assert frame["p_inside_JPN_eez"].dtype.kind == "f"


def test_bad_file_is_a_result_not_an_exception(tmp_path):
    from trajgeo.analysis.catalogue import CatalogueOptions, run_catalogue

    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: t\nlaunch: {site: Pyongyan}\nshots: [{range_km: 300}]\n")
    cat = run_catalogue([bad, FAST[0]], CatalogueOptions(samples=SMALL), jobs=1)
    assert [r.ok for r in cat.results] == [False, True]
    (fail,) = cat.failures
    assert fail.error_kind == "input" and "unknown place 'Pyongyan'" in fail.error
    assert "\n" not in fail.error
    assert len(cat.rows) == 1


def _numbers(cat):
    return [dataclasses.replace(r, region_95=None) for r in cat.rows]


def test_parallel_gives_the_serial_numbers(serial):
    from trajgeo.analysis.catalogue import CatalogueOptions, run_catalogue

    par = run_catalogue(FAST, CatalogueOptions(samples=SMALL), jobs=2)
    assert _numbers(par) == _numbers(serial)
    assert [
        r.region_95.equals(s.region_95) for r, s in zip(par.rows, serial.rows, strict=True)
    ] == [True] * 2


def test_dask_local_cluster_gives_the_serial_numbers(serial):
    distributed = pytest.importorskip("distributed")
    from trajgeo.analysis.catalogue import CatalogueOptions, run_catalogue

    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        seen = []
        cat = run_catalogue(
            FAST, CatalogueOptions(samples=SMALL), scheduler=client, on_done=seen.append
        )
        assert len(seen) == 2
        assert _numbers(cat) == _numbers(serial)
        # an address works as well as a client
        again = run_catalogue(
            FAST[:1], CatalogueOptions(samples=SMALL), scheduler=cluster.scheduler_address
        )
        assert _numbers(again) == _numbers(serial)[:1]


def test_missing_dask_is_one_line(monkeypatch):
    import sys

    from trajgeo.analysis.catalogue import run_catalogue
    from trajgeo.errors import MissingDependencyError

    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'trajgeo\[dask\]'"):
        run_catalogue(FAST[:1], scheduler="tcp://127.0.0.1:1")
