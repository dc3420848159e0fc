"""Tests of ``trajgeo profile``: in-process runs, image content and stability."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from click.testing import CliRunner

from tests.conftest import example, invoke
from trajgeo.cli.main import cli

HS15 = "2023-02-18-hwasong-15.yaml"
HS12 = "2022-10-04-hwasong-12-over-japan.yaml"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def runner():
    return CliRunner()


def run(runner, args):
    result = runner.invoke(cli, ["profile", *args])
    assert result.exit_code == 0, result.output
    return result


def _path_points(d: str) -> np.ndarray:
    nums = [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", d)]
    return np.array(nums).reshape(-1, 2)


def _group_path(root, gid: str) -> np.ndarray:
    for g in root.iter(f"{SVG}g"):
        if g.get("id") == gid:
            path = g.find(f".//{SVG}path")
            return _path_points(path.get("d"))
    raise AssertionError(f"no group {gid!r} in the SVG")


def test_png_written_and_summary_printed(runner, tmp_path):
    out = tmp_path / "p.png"
    res = run(runner, [str(example(HS12)), "-o", str(out)])
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from PIL import Image

    assert Image.open(out).size == (1200, 800)
    assert "shot 1 (IRBM): 4,600 km, apogee 1,000 km (reported)" in res.stdout
    assert "warning: The reported flight time (20.0 min) is shorter" in res.stdout
    assert "wrote PNG side view of 2 shot(s)" in res.stderr


def test_svg_text_and_stable_bytes(runner, tmp_path):
    a, b = tmp_path / "a.svg", tmp_path / "b.svg"
    run(runner, [str(example(HS15)), "-o", str(a)])
    run(runner, [str(example(HS15)), "-o", str(b)])
    assert a.read_bytes() == b.read_bytes()
    text = a.read_text(encoding="utf-8")
    assert "<text" in text  # text stays text
    assert "apogee 5,700 km · 66 min" in text  # the curve's label
    assert "same energy ≈ 14,000 km on a" in text  # legend: equivalent range of a lofted test
    assert "Same-burnout-energy estimate" in text and "vacuum Kepler free flight" in text
    assert "<dc:date>" not in text


def test_svg_is_to_scale(runner, tmp_path):
    """Apogee height and downrange distance, in SVG units, against the 100 km reference arc.

    Equal aspect means: (launch y − apogee y) / (launch y − Kármán top y) = apogee y_km / 100
    and (impact x − launch x) / (launch y − Kármán top y) = impact x_km / 100, within 1 %.
    """
    from trajgeo.events import load_events
    from trajgeo.physics.profile import event_profiles

    out = tmp_path / "p.svg"
    run(runner, [str(example(HS15)), "-o", str(out)])
    root = ET.parse(out).getroot()
    curve = _group_path(root, "shot-0-2")  # 900 km, apogee 5,700 km
    karman = _group_path(root, "ref-100km")
    launch_x, launch_y = curve[0]
    unit = launch_y - karman[:, 1].min()  # SVG units per 100 km (y grows downwards)
    prof = event_profiles(load_events(example(HS15))[0])[1]
    height = launch_y - curve[:, 1].min()
    assert height / unit == pytest.approx(prof.y_km.max() / 100.0, rel=0.01)
    width = curve[-1, 0] - launch_x
    assert width / unit == pytest.approx(prof.x_km[-1] / 100.0, rel=0.01)


def test_png_apogee_pixel_height(tmp_path):
    """The topmost pixel of a curve's colour is where the model's highest point maps (±3 px)."""
    from PIL import Image

    from trajgeo.events import load_events
    from trajgeo.maps.side_view import profile_figure
    from trajgeo.maps.static import save_figure
    from trajgeo.maps.style import LIGHT
    from trajgeo.physics.profile import event_profiles

    ev = load_events(example(HS12))[0]
    profs = event_profiles(ev)[:1]  # one curve: shot 1, 4,600 km, apogee 1,000 km
    fig = profile_figure([(ev, profs)])
    out = tmp_path / "p.png"
    save_figure(fig, out)
    ax = fig.axes[0]
    p = profs[0]
    i = int(np.argmax(p.y_km))
    _, y_disp = ax.transData.transform((p.x_km[i], p.y_km[i]))
    expected_row = fig.bbox.height - y_disp
    img = np.asarray(Image.open(out).convert("RGB")).astype(int)
    colour = np.array([int(LIGHT.colors.shot(0)[k : k + 2], 16) for k in (1, 3, 5)])
    mask = np.abs(img - colour).sum(axis=2) < 40
    # the pixel column through the curve's highest point, inside the drawing (the legend
    # swatch below it has the same colour); the label sits to the right of this column
    top, bottom = fig.bbox.height - ax.bbox.y1, fig.bbox.height - ax.bbox.y0
    column = int(round(ax.transData.transform((p.x_km[i], 0.0))[0]))
    rows = np.nonzero(mask[:, column])[0]
    curve_top = rows[(rows > top) & (rows < bottom)].min()
    half_line = LIGHT.arc_width * fig.dpi / 72.0 / 2.0  # the stroke's upper edge
    assert curve_top == pytest.approx(expected_row - half_line, abs=3.0)


def test_dark_theme_and_size_options(runner, tmp_path):
    out = tmp_path / "d.png"
    run(
        runner,
        [str(example(HS15)), "-o", str(out), "--theme", "dark", "--width", "900", "--dpi", "150"],
    )
    from PIL import Image

    im = Image.open(out)
    assert im.size == (900, 600)
    assert im.convert("RGB").getpixel((2, 2)) == (0x15, 0x19, 0x1E)  # dark background


def test_pdf_written(runner, tmp_path):
    out = tmp_path / "p.pdf"
    run(runner, [str(example(HS12)), "-o", str(out)])
    assert out.read_bytes()[:5] == b"%PDF-"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["-o", "out.gif"], "--output: unknown image format"),
        (
            ["-o", "out.png", "--width", "50"],
            "--width: out of range (got 50); allowed: a whole number of pixels from 200",
        ),
        (["-o", "out.png", "--theme", "purple"], "--theme: unknown theme"),
        (["-o", "out.png", "--burnout-altitude", "-3"], "--burnout-altitude: out of range"),
        (["-o", "out.png", "--height", "200", "--width", "1200"], "too small"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path, monkeypatch, args, needle):
    monkeypatch.chdir(tmp_path)
    proc = invoke(
        "profile",
        str(example(HS15)),
        *[str(tmp_path / a) if a.startswith("out.") else a for a in args],
    )
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("trajgeo: error:"), proc.stderr
    assert needle in lines[0]
    assert not list(tmp_path.glob("*.png")) and not list(tmp_path.glob(".out*"))


def test_missing_event_file_exits_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    proc = invoke("profile", "nope.yaml", "-o", "x.png")
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1


def test_svg_run(tmp_path):
    out = tmp_path / "p.svg"
    proc = invoke("profile", str(example(HS12)), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "apogee 1,000 km · 20 min" in out.read_text(encoding="utf-8")


def test_help_does_not_import_matplotlib():
    code = (
        "import sys; from trajgeo.cli.main import main\n"
        "try:\n    main(['profile', '--help'])\nexcept SystemExit:\n    pass\n"
        "print('matplotlib' in sys.modules)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout.strip().endswith("False"), proc.stdout
