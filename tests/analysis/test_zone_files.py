"""``trajgeo zones --jobs``: the file worker processes write is the one a single process writes."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import EXAMPLES
from trajgeo.analysis.zone_files import write_zones_geojson
from trajgeo.errors import InputError

#: The shipped catalogue and the examples not in it (ids are unique across a run):
#: launch discs, landmarks, any direction, 180° crossings.
_CATALOGUE = sorted(EXAMPLES.glob("catalogue/*.yaml"))
FILES = [
    str(p)
    for p in (
        *_CATALOGUE,
        *(p for p in sorted(EXAMPLES.glob("*.yaml")) if p.name not in {c.name for c in _CATALOGUE}),
    )
]


def test_workers_write_the_single_process_bytes(tmp_path):
    one, two = tmp_path / "one.geojson", tmp_path / "two.geojson"
    counts_one = write_zones_geojson(FILES, str(one), rings_km=(500.0,), jobs=1)
    counts_two = write_zones_geojson(FILES, str(two), rings_km=(500.0,), jobs=2)
    assert counts_one == counts_two and counts_one[1] == len(FILES)
    assert one.read_bytes() == two.read_bytes()
    # the workers' parts are gone: nothing is left beside the output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.geojson", "two.geojson"]


def test_cli_jobs_option_writes_the_same_file(run_cli, tmp_path):
    outs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}.geojson"
        res = run_cli("zones", *FILES[:8], "--jobs", jobs, "-o", out)
        assert res.returncode == 0, res.stderr
        outs[jobs] = out.read_bytes()
    assert outs["1"] == outs["2"] and outs["1"].startswith(b'{"type":"FeatureCollection"')


def _error(files, path, jobs):
    with pytest.raises(InputError) as info:
        write_zones_geojson(files, str(path), jobs=jobs)
    assert not path.exists()  # nothing half-written
    assert not list(path.parent.glob(".trajgeo-zones-*"))  # nor the workers' parts
    return str(info.value)


def test_a_bad_file_stops_the_run_as_in_one_process(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\nlaunch: {site: Pyongyan}\nshots: [{range_km: 350, bearing: E}]\n")
    files = [*FILES[:5], str(bad), *FILES[5:10]]
    out = tmp_path / "out.geojson"
    assert _error(files, out, 2) == _error(files, out, 1)
    assert "bad.yaml" in _error(files, out, 2)


def test_an_id_used_in_two_files_stops_the_run_as_in_one_process(tmp_path):
    twin = tmp_path / "twin.yaml"
    shutil.copy(FILES[0], twin)  # the same event id, in another file and another worker's run
    files = [*FILES[:6], str(twin)]
    out = tmp_path / "out.geojson"
    message = _error(files, out, 2)
    assert message == _error(files, out, 1) and "twin.yaml" in message
