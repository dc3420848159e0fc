"""`where --points`: the fast reader for plain CSV files writes what the csv module would."""

from __future__ import annotations

import pytest

ROWS = [
    ("a", 37.24, 131.87),  # Liancourt: a territorial sea and a disputed band
    ("b", 40.5, 136.9),  # Japan's EEZ
    ("c", 27.04, -49.27),  # high seas, mid-Atlantic
    ("d", 15.67531, 19.650523),  # inland Chad
    ("e", -17.0, -179.9),  # Fiji, by 180°
    ("f", 0.0, 0.0),
]


def _write(path, header, rows):
    path.write_text(header + "\n" + "".join(f"{i},{lat},{lon},x y\n" for i, lat, lon in rows))
    return path


@pytest.mark.parametrize("distance", [[], ["--distance"]])
def test_plain_file_reads_as_the_csv_module_reads_it(run_cli, tmp_path, distance):
    plain = _write(tmp_path / "plain.csv", "id,lat,lon,note", ROWS)
    # a quoted header cell sends the same table through the csv-module reader
    quoted = _write(tmp_path / "quoted.csv", '"id",lat,lon,note', ROWS)
    fast = run_cli("where", "--points", plain, *distance)
    slow = run_cli("where", "--points", quoted, *distance)
    assert fast.exit_code == 0 and slow.exit_code == 0, fast.output + slow.output
    assert fast.stdout == slow.stdout
    lines = fast.stdout.splitlines()
    assert len(lines) == len(ROWS) + 1
    assert lines[1].startswith("a,37.24,131.87,x y,") and "overlapping_claim" in lines[1]
    # issue 15: a band two states claim names both of them, not one sovereign
    assert ",JPN/KOR;JPN/KOR," in lines[1]
    assert lines[3] == "c,27.04,-49.27,x y,,," + (",1228.6" if distance else "")


def test_bad_row_still_names_its_line(run_cli, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("lat,lon\n10,20\n95,20\n")
    res = run_cli("where", "--points", bad)
    assert res.exit_code == 2
    assert "line 3" in res.output


def test_piece_index_read_back_from_the_cache_classifies_alike(tmp_path, monkeypatch):
    import numpy as np

    from trajgeo.maritime import load_zones
    from trajgeo.maritime.zoneset import ZoneSet

    monkeypatch.setenv("TRAJGEO_CACHE_DIR", str(tmp_path))
    zs = load_zones()
    rng = np.random.default_rng(3)
    lon = rng.uniform(-180, 180, 20_000)
    lat = np.degrees(np.arcsin(rng.uniform(-1, 1, 20_000)))
    cut = ZoneSet(zs.dataset, zs.zones)  # a fresh set: cuts its zones and saves them
    first = cut.classify(lon, lat)
    assert len(list(tmp_path.glob("pieces-*.npz"))) == 1
    read = ZoneSet(zs.dataset, zs.zones)  # reads them back
    again = read.classify(lon, lat)
    assert np.array_equal(first[0], again[0]) and np.array_equal(first[1], again[1])
    assert len(read.piece_index().geometries) == len(cut.piece_index().geometries)


def test_cache_can_be_turned_off(tmp_path, monkeypatch):
    from trajgeo.maritime._piececache import cache_dir

    monkeypatch.setenv("TRAJGEO_CACHE_DIR", "")
    assert cache_dir() is None


@pytest.mark.parametrize("extra", [[], ["--distance"], ["--json"], ["--jobs", "2"]])
def test_points_in_no_zone_at_all_are_rows_of_no_zone(run_cli, tmp_path, extra):
    # every point on the high seas: the classifier had no candidate piece and crashed
    # (ValueError from zip), where `where 10 -30` answers "in no zone"
    path = tmp_path / "sea.csv"
    path.write_text("lat,lon\n10,-30\n27.04,-49.27\n")
    res = run_cli("where", "--points", path, *extra)
    assert res.exit_code == 0 and "Traceback" not in res.stderr, res.stderr
    if "--json" in extra:
        assert [line.count('"zones": []') for line in res.stdout.splitlines()] == [1, 1]
    else:
        assert res.stdout.splitlines()[1].startswith("10,-30,,,")
    empty = tmp_path / "header-only.csv"
    empty.write_text("lat,lon\n")
    res = run_cli("where", "--points", empty, *extra)
    assert res.exit_code == 0 and "Traceback" not in res.stderr


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("lat,lon,name\n40.5,136.9,a\n40,130\n", "line 3: 2 fields where the header has 3"),
        ("lat,lon,name\n40.5,136.9,a\n40,131,h,extra\n", "line 3: 4 fields where the header has 3"),
        ("lat,lon,lat\n10,-30,5\n", "header: a column is named twice in the header (got 'lat')"),
        ("lat,lon\n91,0\n", "line 2: coordinates out of range (got (91.0, 0.0))"),
    ],
)
def test_a_row_that_does_not_fit_the_header_is_refused(run_cli, tmp_path, text, said):
    # a short or long row was written back with its cells under other columns' names
    path = tmp_path / "ragged.csv"
    path.write_text(text)
    out = tmp_path / "out.csv"
    for extra in ([], ["--json"], ["-o", str(out)]):
        res = run_cli("where", "--points", path, *extra)
        assert res.exit_code == 2 and "Traceback" not in res.stderr, res.stderr
        lines = res.stderr.strip().splitlines()
        assert len(lines) == 1 and str(path) in lines[0] and said in lines[0], lines
        assert not out.exists()
