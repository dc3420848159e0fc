"""``trajgeo map --summary``: a catalogue on one map, from files and folders."""

from __future__ import annotations

import shutil

import pytest

from tests.analysis.test_catalogue import FAST

pytest.importorskip("cartopy")


@pytest.fixture()
def folder(tmp_path):
    """Two real catalogue launches and one file that cannot be read."""
    d = tmp_path / "catalogue"
    d.mkdir()
    for f in FAST:
        shutil.copy(f, d)
    (d / "broken.yaml").write_text("id: [\n")
    return d


def test_summary_of_a_folder_skips_a_bad_file_and_keeps_the_map(run_cli, tmp_path, folder):
    from PIL import Image

    out = tmp_path / "catalogue.png"
    res = run_cli("map", folder, "--summary", "--colour-by", "verdict", "-o", out)
    assert res.returncode == 3, res.stderr
    lines = res.stderr.strip().splitlines()
    assert lines[0].startswith(f"trajgeo: error: {folder / 'broken.yaml'}: malformed YAML")
    assert lines[-1] == "trajgeo: 1 file(s) skipped (above); the map shows the others"
    with Image.open(out) as im:
        assert im.format == "PNG" and im.width >= 800


def test_a_folder_without_summary_is_a_usage_error(run_cli, tmp_path, folder):
    out = tmp_path / "x.png"
    res = run_cli("map", folder, "-o", out)
    assert res.returncode == 2
    assert res.stderr.count("\n") == 1
    assert "add --summary" in res.stderr
    assert not out.exists()


def test_unknown_colour_by_is_refused_before_any_work(run_cli, tmp_path, folder):
    res = run_cli("map", folder, "--summary", "--colour-by", "month", "-o", tmp_path / "c.png")
    assert res.returncode == 2
    assert "month" in res.stderr and "verdict" in res.stderr


@pytest.mark.parametrize(
    "extra", [("--alt-text", "alt.txt"), ("--size", "print"), ("--no-inset",), ("--ring", "500")]
)
def test_options_a_summary_does_not_use_are_refused(run_cli, tmp_path, folder, extra):
    # --alt-text with --summary used to exit 0 and write no alt text at all
    args = [a if not a.endswith(".txt") else tmp_path / a for a in extra]
    out = tmp_path / "c.png"
    res = run_cli("map", folder, "--summary", "-o", out, *args)
    assert res.returncode == 2, res.stderr
    assert f"command line: {extra[0]}: not used with --summary" in res.stderr
    assert res.stderr.count("\n") == 1
    assert not out.exists() and not (tmp_path / "alt.txt").exists()
