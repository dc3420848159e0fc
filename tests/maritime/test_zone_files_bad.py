"""A malformed --zones file ends in one line naming the file, the row and what is allowed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("pyogrio")


def _write(tmp_path: Path, ring: str, crs: str = "") -> Path:
    p = tmp_path / "zones.geojson"
    head = f'"crs":{{"type":"name","properties":{{"name":"{crs}"}}}},' if crs else ""
    p.write_text(
        '{"type":"FeatureCollection",' + head + '"features":[{"type":"Feature",'
        '"properties":{"name":"Z"},"geometry":{"type":"Polygon","coordinates":[' + ring + "]}}]}",
        encoding="utf-8",
    )
    return p


@pytest.mark.parametrize(
    "ring,words",
    [
        ("[[0,0],[10,0],[10,100],[0,0]]", "latitude 100"),
        ("[[0,0],[10,0],[10,10],[0,10]]", "closed rings"),
        ("[[0,0],[10,0],[10,NaN],[0,0]]", "not a number"),
        ("[[390,0],[400,0],[400,10],[390,0]]", "longitude 400"),  # it had been accepted
    ],
)
def test_bad_zone_files_give_one_line(run_cli, tmp_path, ring, words):
    p = _write(tmp_path, ring)
    res = run_cli("where", "5", "5", "--zones", str(p))
    assert res.exit_code == 2, res.output
    assert words in res.stderr and "row 1" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.output


def test_a_local_projection_is_converted_or_refused_in_one_line(run_cli, tmp_path):
    ring = "[[400000,4000000],[500000,4000000],[500000,9e12],[400000,4000000]]"
    p = _write(tmp_path, ring, "EPSG:32654")
    res = run_cli("where", "36", "140", "--zones", str(p), "--json")
    assert res.exit_code in (0, 2), res.output
    assert "Traceback" not in res.output
    if res.exit_code == 0:
        assert "zones" in json.loads(res.stdout)


def test_a_polygon_with_no_area_is_left_out_and_a_file_of_nothing_else_refused(run_cli, tmp_path):
    # it had been measured "inf km" away, with Infinity in the JSON (not JSON)
    p = _write(tmp_path, "[[130,35],[130,35],[130,35],[130,35]]")
    res = run_cli("where", "10", "10", "--zones", str(p), "--json")
    assert res.exit_code == 2 and "no polygons in the zones file" in res.stderr
    assert "Infinity" not in res.stdout


def test_a_zone_without_a_name_is_refused(run_cli, tmp_path):
    # it had been printed as "'s EEZ"
    p = _write(tmp_path, "[[0,0],[10,0],[10,10],[0,0]]")
    p.write_text(p.read_text().replace('"name":"Z"', '"name":null'), encoding="utf-8")
    res = run_cli("where", "5", "5", "--zones", str(p))
    assert res.exit_code == 2 and "row 1 has no name" in res.stderr, res.stderr
