"""Static maps: content, pixels, text in SVG, stable output, baselines, no network, CLI.

Image comparison: ``tests/maps/baseline/*.png`` against a fresh render, RMS of the
RGB difference (0-255 scale) below ``BASELINE_RMS``. Regenerate after an
intended visual change with ``TRAJGEO_UPDATE_BASELINES=1 pytest tests/maps/test_static.py``
and look at the new images before committing them.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import EXAMPLES, assert_matches_baseline, invoke

pytest.importorskip("cartopy")
PIL = pytest.importorskip("PIL.Image")

BASELINE_DIR = Path(__file__).parent / "baseline"
SEED = EXAMPLES / "2024-03-18-pyongyang.yaml"
MAGENTA = "#FF00FF"


@pytest.fixture(autouse=True)
def _offline(offline_render):
    """Every render here runs with the network refused and no cartopy data (conftest)."""


@pytest.fixture(scope="module")
def zoneset():
    from trajgeo.maritime.zoneset import load_zones

    return load_zones()


@pytest.fixture(scope="module")
def seed_spec(zoneset):
    from trajgeo.maps import make_spec

    return make_spec(SEED, zones=zoneset)


@pytest.fixture(scope="module")
def seed_map(seed_spec):
    from trajgeo.maps.static import draw

    return draw(seed_spec)


@pytest.fixture(scope="module")
def seed_fig(seed_map):
    return seed_map.figure


def _rgb(path: Path) -> np.ndarray:
    return np.asarray(PIL.open(path).convert("RGB")).astype(float)


# --------------------------------------------------------------------------- spec
def test_spec_seed_content(seed_spec):
    s = seed_spec
    assert s.title.startswith("North Korea fires three")
    assert "18 March 2024" in s.subtitle
    assert s.projection.kind == "azimuthal-equidistant"
    assert not s.crosses_antimeridian
    # the ROK JCS line gives no direction, so its distance labels no arc
    assert {lb.text.split("\n")[0] for lb in s.labels if lb.role == "distance"} == {"about 350 km"}
    assert any(lb.text == "Pyongyang" and lb.role == "launch" for lb in s.labels)
    assert any(z.label == "Japan's EEZ" for z in s.zones)
    assert "Natural Earth" in s.footer and "WGS84" in s.footer
    assert "trajgeo-eez" in s.footer


def test_alt_text_from_geometry_and_verdicts(seed_spec):
    text = seed_spec.alt_text
    # two sources quoted: the launch site is said apart, not put in either one's mouth
    assert text.startswith("The missiles were launched from the Pyongyang area. ")
    assert (
        "According to Japan Ministry of Defense, three missiles flew about 350 km north-east."
        in text
    )
    m = re.search(r"fell (\d+) to (\d+) km outside Japan's EEZ", text)
    assert m and 0 < int(m.group(1)) < int(m.group(2))


def test_alt_text_without_verdicts():
    from trajgeo.events import load_events
    from trajgeo.geo.impact import event_geometry
    from trajgeo.maps.spec import alt_text

    g = event_geometry(load_events(SEED)[0], rings_km=(500.0,))
    text = alt_text(g)
    assert "EEZ" not in text
    assert "Rings mark 500 km from Pyongyang." in text


def test_alt_text_says_a_reported_area_as_the_file_words_it_or_with_its_radius():
    # a point with a radius had been said as a point ("came down at 25.31°, 122.51°"),
    # as if the source had given that point; the 2022-08-04 file gives the exercise zones
    from trajgeo.events import parse_event
    from trajgeo.geo.impact import event_geometry
    from trajgeo.maps.spec import alt_text

    base = {"id": "t", "title": "t", "date": "2022-08-04", "launch": {"site": "Fujian coast"}}
    zone = {"lat": 23.2833, "lon": 123.0125, "radius_km": 55}
    said = {**zone, "description": "in China's exercise zone SW of Hateruma"}
    for impact, words in [
        (said, "came down in China's exercise zone SW of Hateruma"),
        (zone, "came down within 55 km of 23.28°, 123.01°"),
        ({"lat": 23.2833, "lon": 123.0125}, "came down at 23.28°, 123.01°"),
    ]:
        event = parse_event({**base, "shots": [{"count": 1, "impact": impact}]})
        assert words in alt_text(event_geometry(event))


def test_antimeridian_spec_is_pacific_centred(zoneset):
    from trajgeo.maps import make_spec

    spec = make_spec(EXAMPLES / "2024-09-25-pla-icbm-pacific.yaml", zones=zoneset)
    assert spec.crosses_antimeridian
    assert 120 < spec.central_lon < 240
    for s in spec.shots:
        steps = np.abs(np.diff(s.arc_lonlat[:, 0]))
        assert steps.max() < 5.0  # continuous in the frame, no jump at 180°
        assert spec.central_lon - 180 <= s.arc_lonlat[:, 0].min()
        assert s.arc_lonlat[:, 0].max() <= spec.central_lon + 180


def test_bad_projection_and_extent():
    from trajgeo.errors import InputError
    from trajgeo.maps import make_spec

    with pytest.raises(InputError, match="unknown projection"):
        make_spec(SEED, verdicts=None, projection="robinson-ish")
    with pytest.raises(InputError, match="extent"):
        make_spec(SEED, verdicts=None, extent=(120, 130, 50, 40))


# --------------------------------------------------------------------------- style
def test_theme_yaml(tmp_path):
    from trajgeo.errors import InputError
    from trajgeo.maps.style import load_theme

    good = tmp_path / "house.yaml"
    good.write_text("base: dark\ntitle_size: 13\ncolors: {sea: '#102030', shots: ['#ff0000']}\n")
    th = load_theme(good)
    assert th.colors.sea == "#102030" and th.colors.shot(3) == "#FF0000"
    assert th.colors.land == load_theme("dark").colors.land
    bad = tmp_path / "bad.yaml"
    bad.write_text("colors: {sea: blue-ish}\n")
    with pytest.raises(InputError, match=r"bad.yaml: colors.sea: not a colour"):
        load_theme(bad)
    bad.write_text("colours: {}\n")
    with pytest.raises(InputError, match=r"bad.yaml: colours: unknown field"):
        load_theme(bad)
    with pytest.raises(InputError, match="unknown theme"):
        load_theme("sepia")


def test_size_presets():
    from trajgeo.maps.style import resolve_size

    assert resolve_size("web").width_px == 1200
    p = resolve_size("print")
    assert round(p.inches[0] * 25.4) == 180 and p.dpi == 300
    assert resolve_size("web", width=600).height_px == 500


# --------------------------------------------------------------------------- pixels
def test_launch_marker_lands_on_its_projected_pixel(seed_spec, tmp_path):
    from trajgeo.maps.static import draw, save_figure
    from trajgeo.maps.style import LIGHT, Palette, Theme

    theme = Theme(name="probe", colors=Palette(launch=MAGENTA))
    drawn = draw(seed_spec, theme=theme, inset=False)
    fig = drawn.figure
    out = tmp_path / "m.png"
    save_figure(fig, out)
    info = drawn.layout
    ax = info.map_axes
    site = seed_spec.launches[0]
    xy = info.projection.transform_point(site.lon - info.frame, site.lat, info.source_crs)
    px, py = ax.transData.transform(xy)
    img = _rgb(out)
    h = img.shape[0]
    mask = (img[:, :, 0] > 235) & (img[:, :, 1] < 40) & (img[:, :, 2] > 235)
    x0, y0, x1, y1 = ax.bbox.extents  # the map panel only (the legend repeats the marker)
    keep = np.zeros_like(mask)
    keep[int(h - y1) : int(h - y0), int(x0) : int(x1)] = True
    rows, cols = np.nonzero(mask & keep)
    assert len(rows) > 20, "launch marker not found"
    # the marker's pixel box is centred on the projected point (a '^' triangle is
    # centred on its bounding box, not its centroid): within 2 px
    assert abs((cols.min() + cols.max()) / 2 - px) < 2.0
    assert abs((h - (rows.min() + rows.max()) / 2) - py) < 2.0
    assert LIGHT.colors.launch != MAGENTA


def test_scale_bar_is_true_at_the_centre(seed_map):
    from trajgeo.geo import geodesy

    info = seed_map.layout
    ax, proj, src = info.map_axes, info.projection, info.source_crs
    lon, lat = info.scale_centre
    centre = np.array(ax.transData.transform(proj.transform_point(lon - info.frame, lat, src)))
    half = info.scale_px / 2
    ends = [ax.transData.inverted().transform(centre + (d, 0.0)) for d in (-half, half)]
    ll = [src.transform_point(x, y, proj) for x, y in ends]
    _, _, d = geodesy.inverse(ll[0][0], ll[0][1], ll[1][0], ll[1][1])
    assert float(d) / 1000 == pytest.approx(info.scale_km, rel=0.01)


def test_labels_do_not_collide(seed_map):
    from shapely.geometry import LineString, box

    info = seed_map.layout
    boxes = [box(*b) for _, _, b in info.labels]
    assert len(boxes) >= 3
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.intersects(b)
    for arc in info.arcs_px:
        line = LineString(arc)
        for (text, _role, _), b in zip(info.labels, boxes, strict=False):
            assert not line.intersects(b), f"label {text!r} covers an arc"


def test_baseline_image(seed_fig, tmp_path):
    from trajgeo.maps.static import save_figure

    out = tmp_path / "seed.png"
    save_figure(seed_fig, out)
    assert_matches_baseline(out, BASELINE_DIR / "2024-03-18-pyongyang-web.png")


def test_baseline_image_across_the_antimeridian(zoneset, tmp_path):
    from trajgeo.maps import make_spec
    from trajgeo.maps.static import render, save_figure

    out = tmp_path / "pacific.png"
    spec = make_spec(EXAMPLES / "2024-09-25-pla-icbm-pacific.yaml", zones=zoneset)
    save_figure(render(spec, size="web", inset=False), out)
    assert_matches_baseline(out, BASELINE_DIR / "2024-09-25-pla-icbm-pacific-web.png")


# --------------------------------------------------------------------------- formats
def test_svg_keeps_text_and_is_stable(seed_fig, tmp_path):
    from trajgeo.maps.static import save_figure

    a, b = tmp_path / "a.svg", tmp_path / "b.svg"
    save_figure(seed_fig, a)
    save_figure(seed_fig, b)
    svg = a.read_text()
    assert a.read_bytes() == b.read_bytes()
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    joined = " ".join(texts)
    assert "North Korea fires three" in joined
    assert "about 350 km" in joined and "about 300 km" in joined
    assert "Pyongyang" in joined
    assert "<dc:date>" not in svg


def test_svg_has_no_control_character_from_any_drawn_text_and_hidden_axes_make_no_ticks(
    tmp_path,
):
    import matplotlib.pyplot as plt

    from trajgeo.maps.static import save_figure

    fig = plt.figure()
    shown = fig.add_axes((0.1, 0.1, 0.4, 0.4))
    shown.set_title("title\x07")
    shown.plot([0, 1], label="line\x1b[31m")
    shown.legend()
    hidden = fig.add_axes((0.6, 0.6, 0.3, 0.3))
    hidden.set_axis_off()
    hidden.text(0.5, 0.5, "note\x08")
    fig.text(0.1, 0.95, "figure\x0b text")
    made = len(hidden.xaxis.majorTicks)
    out = tmp_path / "c.svg"
    save_figure(fig, out)
    svg = out.read_text()
    plt.close(fig)
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", svg)
    texts = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    assert "title" in texts and "note" in texts and "line" in texts and "figure" in texts
    # the hidden axes' ticks were never asked for (walking them cost as much as the rest)
    assert len(hidden.xaxis.majorTicks) == made


def test_pdf_is_stable(seed_fig, tmp_path):
    from trajgeo.maps.static import save_figure

    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    save_figure(seed_fig, a)
    save_figure(seed_fig, b)
    assert a.read_bytes()[:5] == b"%PDF-"
    assert a.read_bytes() == b.read_bytes()


def test_failed_write_leaves_no_file(seed_fig, tmp_path, monkeypatch):
    from matplotlib.figure import Figure

    from trajgeo.errors import RenderError
    from trajgeo.maps.static import save_figure

    real = Figure.savefig

    def half_then_fail(self, fname, *args, **kwargs):
        Path(fname).write_bytes(b"\x89PNG half")
        raise RuntimeError("disk full")

    monkeypatch.setattr(Figure, "savefig", half_then_fail)
    target = tmp_path / "map.png"
    with pytest.raises(RenderError, match="disk full"):
        save_figure(seed_fig, target)
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setattr(Figure, "savefig", real)


def test_plot_api_returns_figure(zoneset):
    from matplotlib.figure import Figure

    import trajgeo

    fig = trajgeo.plot(SEED, zones=zoneset, size="web", width=800, theme="dark", rings_km=[500])
    assert isinstance(fig, Figure)
    assert tuple(round(v) for v in fig.get_size_inches() * fig.dpi) == (800, 667)


def _clashes(fig) -> list[tuple[str, str]]:
    from trajgeo.maps.collisions import overlapping_texts

    return [(a.text, b.text) for a, b in overlapping_texts(fig)]


# --------------------------------------------------------------------------- every example
@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_example_renders_offline(path, zoneset, tmp_path):
    from trajgeo.maps import make_spec
    from trajgeo.maps.static import draw, save_figure

    spec = make_spec(path, zones=zoneset)
    drawn = draw(spec)
    fig = drawn.figure
    # no text covers another, by the renderer's own extents, at web and print sizes
    assert _clashes(fig) == []
    assert _clashes(draw(spec, theme="dark", size="print").figure) == []
    out = tmp_path / f"{path.stem}.png"
    save_figure(fig, out)
    img = _rgb(out)
    assert img.shape[:2] == (1000, 1200)
    # never inside out: the impact-zone tint covers only a part of the map
    info = drawn.layout
    ax = info.map_axes
    x0, y0, x1, y1 = (int(v) for v in ax.bbox.extents)
    h = img.shape[0]
    panel = img[h - y1 : h - y0, x0:x1]
    land = np.array([0xF4, 0xF1, 0xEA], float)
    share_land = np.mean(np.all(np.abs(panel - land) < 2, axis=2))
    assert share_land < 0.9
    assert spec.alt_text and len(spec.alt_text) > 40


# --------------------------------------------------------------------------- CLI
def _run(args: list[str]):
    from click.testing import CliRunner

    from trajgeo.cli.main import main

    runner = CliRunner()
    return runner.invoke(main, args, catch_exceptions=False, standalone_mode=True)


def test_cli_png_and_alt_text(tmp_path, zoneset):
    from click.testing import CliRunner

    from trajgeo.cli.main import cli

    out, alt = tmp_path / "m.png", tmp_path / "alt.txt"
    res = CliRunner().invoke(
        cli,
        [
            "map",
            str(SEED),
            "-o",
            str(out),
            "--alt-text",
            str(alt),
            "--ring",
            "500",
            "--width",
            "600",
        ],
        catch_exceptions=False,
    )
    assert res.exit_code == 0, res.output
    assert PIL.open(out).size == (600, 500)
    assert "Pyongyang area" in alt.read_text()


@pytest.mark.parametrize(
    "args, needle",
    [
        (["-o", "map.gif"], "not a map format"),
        (["-o", "m.png", "--size", "huge"], "--size"),
        (["-o", "m.png", "--projection", "robinson-ish"], "--projection"),
        (["-o", "m.png", "--theme", "sepia"], "--theme"),
        (["-o", "m.png", "--worldview", "Japan"], "--worldview"),
        (["-o", "m.png", "--width", "5"], "--width"),
        (["-o", "m.png", "--embed"], "html"),
    ],
)
def test_cli_bad_flags_exit_2(args, needle, tmp_path, monkeypatch):

    monkeypatch.chdir(tmp_path)
    res = invoke("map", str(SEED), *args)
    assert res.returncode == 2, res.stderr
    last = res.stderr.strip().splitlines()[-1]
    assert needle in last
    assert not any(tmp_path.iterdir())


def test_cli_missing_output_folder_exit_2(tmp_path):

    res = invoke("map", str(SEED), "--no-zones", "-o", str(tmp_path / "nope" / "m.png"))
    assert res.returncode == 2
    assert res.stderr.strip().count("\n") == 0
    assert "output folder does not exist" in res.stderr


def test_cli_html_dispatch(tmp_path):
    out = tmp_path / "m.html"
    res = invoke("map", str(SEED), "--no-zones", "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# --------------------------------------------------------------------------- fused estimate
#: An event whose fused estimate straddles 180° east of Vanuatu.
ACROSS_180 = """\
id: test-region-across-180
title: Test launch towards Fiji
date: 2024-01-01
launch: {name: Test site, lat: -16.0, lon: 168.0}
shots:
  - {count: 1, missile: SRBM, range_km: [1200, 1400], bearing: E, source: Test source}
claims:
  - {zone: FJI, inside: false, source: Test claim}
"""


@pytest.fixture(scope="module")
def across_spec(zoneset, tmp_path_factory):
    from trajgeo.maps import make_spec

    path = tmp_path_factory.mktemp("events") / "across.yaml"
    path.write_text(ACROSS_180)
    return make_spec(path, zones=zoneset, samples=True)


def test_spec_carries_regions_and_badges(seed_spec):
    (est,) = seed_spec.estimates
    assert est.title.startswith("Missile 1")
    assert [lvl for lvl, _ in est.regions] == [0.95, 0.5]
    wide, core = (g for _, g in est.regions)
    assert wide.area > core.area > 0
    # each account's colour: the group's first shot line
    assert est.index == 0
    assert any("Japan's EEZ" == label for label, _ in est.zones)
    assert est.landmark and "of" in est.landmark
    assert len(est.samples) == 0  # off by default
    (badge,) = seed_spec.badges
    assert badge.status in ("holds", "contradicted", "near_line", "unknown")
    assert "Japan's EEZ" in badge.text
    assert badge.line.startswith(badge.mark + " — ")
    # the regions lie in the map's frame and inside its view
    x0, y0, x1, y1 = wide.bounds
    e = seed_spec.extent
    assert e.lon0 <= x0 and x1 <= e.lon1 and e.lat0 <= y0 and y1 <= e.lat1


def test_alt_text_says_each_claim_and_the_estimate(seed_spec):
    alt = seed_spec.alt_text
    # the claim as check says it: whose, how likely, and that it holds
    assert "Reported claim, outside Japan's EEZ (Japan Ministry of Defense): " in alt
    assert "% likely, as claimed." in alt
    assert "By trajgeo's estimate, the missiles came down about" in alt
    assert "50 %" in alt and "95 %" in alt


def test_regions_across_180_are_one_shape_in_the_frame(across_spec):
    (est,) = across_spec.estimates
    level, wide = est.regions[0]
    assert level == 0.95
    # in normalised lon/lat the region is cut at 180°; in the frame it is one polygon
    assert wide.geom_type == "Polygon"
    x0, _, x1, _ = wide.bounds
    assert x0 < 180.0 < x1
    assert across_spec.extent.lon0 <= x0 and x1 <= across_spec.extent.lon1
    # the sample dots are in the frame too: no jump of 360°
    lon = est.samples[:, 0]
    assert lon.max() - lon.min() < 20.0 and lon.min() < 180.0 < lon.max()


def test_many_claims_give_two_badges_and_an_ellipsis():
    from types import SimpleNamespace

    from trajgeo.analysis.claims import ClaimVerdict
    from trajgeo.maps.estimates import _badges

    claims = tuple(ClaimVerdict("JPN", "eez", False, None, "holds", 0.97) for _ in range(5))
    analysis = SimpleNamespace(events=[SimpleNamespace(fused=SimpleNamespace(claims=claims))])
    badges = _badges(analysis)  # type: ignore[arg-type]
    assert len(badges) == 3
    assert badges[0].line == "HOLDS — Outside Japan's EEZ: 97 % likely"
    assert badges[-1].text.startswith("…") and "3 more" in badges[-1].text


def test_static_svg_has_the_badge_as_text(seed_spec, tmp_path):
    from trajgeo.maps.static import draw, save_figure

    drawn = draw(seed_spec)
    out = tmp_path / "seed.svg"
    save_figure(drawn.figure, out)
    svg = out.read_text()
    texts = " ".join(html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    badge = seed_spec.badges[0]
    assert badge.mark in texts
    assert " ".join(badge.text.split()[:4]) in " ".join(texts.split())
    assert "50 % likely impact region" in texts and "95 % likely impact region" in texts
    # the badge covers neither the scale bar nor the inset, nor any placed label
    fig = drawn.figure
    fig.canvas.draw()  # at the figure's own dpi (the SVG was drawn at 72)
    renderer = fig.canvas.get_renderer()
    (box,) = [t for t in fig.texts if t.get_gid() == "badge"]
    bb = box.get_bbox_patch().get_window_extent(renderer)
    (inset,) = [a for a in fig.axes if a.get_gid() == "inset"]
    assert not bb.overlaps(inset.get_window_extent(renderer))
    for text, _role, (x0, y0, x1, y1) in drawn.layout.labels:
        assert not (bb.x0 < x1 and x0 < bb.x1 and bb.y0 < y1 and y0 < bb.y1), text
    # the badge stays in the map's frame, clear of the title and the legend
    ax = drawn.layout.map_axes.get_position(original=True).transformed(fig.transFigure)
    assert ax.x0 <= bb.x0 and bb.x1 <= ax.x1 and ax.y0 <= bb.y0 and bb.y1 <= ax.y1


def test_samples_draw_dots(across_spec, seed_spec):
    from trajgeo.maps.static import draw

    fig = draw(across_spec).figure
    dots = [c for c in fig.axes[0].collections if c.get_gid() == "samples"]
    assert dots and 0 < len(dots[0].get_offsets()) <= 2_000
    assert not [c for c in draw(seed_spec).figure.axes[0].collections if c.get_gid() == "samples"]


def test_cli_samples_flag(tmp_path):
    from click.testing import CliRunner

    from trajgeo.cli.main import cli

    out = tmp_path / "m.svg"
    res = CliRunner().invoke(cli, ["map", str(SEED), "-o", str(out), "--samples"])
    assert res.exit_code == 0, res.output
    assert 'id="samples' in out.read_text()


def test_the_coast_of_a_state_a_claim_names_is_in_frame(seed_spec, zoneset):
    """'Outside Japan's EEZ' is drawn with Japanese land on the map, not just sea."""
    import shapely

    near = zoneset.query(shapely.box(125.0, 30.0, 146.0, 46.0), kinds=("land",))
    japan = shapely.union_all([z.geometry for z in near if z.sovereign_iso3 == "JPN"])
    focus = shapely.points(seed_spec.focus)
    # the point of Japan's land nearest the impacts (here Tsushima) sets the view
    assert float(shapely.distance(focus, japan).min()) < 1e-6


def test_a_launch_at_minus_zero_longitude_draws(run_cli, tmp_path, offline_render):
    # issue 15: `lon: -0.0` ended in PROJ's CRSError (+pm=-0.0) with a traceback
    event = tmp_path / "nz.yaml"
    event.write_text(
        "id: nz\ntitle: t\nlaunch: {lat: 39.0, lon: -0.0}\n"
        "shots:\n  - {range_km: 300, bearing: NE, source: s}\n",
        encoding="utf-8",
    )
    res = run_cli("map", str(event), "-o", str(tmp_path / "nz.png"))
    assert res.exit_code == 0, res.output
    assert (tmp_path / "nz.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_no_number_is_said_when_the_report_gave_none(zoneset):
    # 2025-10-22: "multiple" missiles, count unset; the alt text said "One missile flew …"
    from trajgeo.maps import make_spec

    spec = make_spec(EXAMPLES / "2025-10-22-south-of-pyongyang.yaml", zones=zoneset)
    alt = spec.alt_text
    assert alt.startswith("Missiles (number not reported) flew about 350 km north-east"), alt
    assert "One missile" not in alt and " it fell" not in alt and "the missile " not in alt
    assert "they fell" in alt
    # on land and spread across north-east North Korea into China: no single point is named
    # (it had been "about 350 km SW of Russky Island")
    assert "came down about" not in alt
    assert "SRBM (number not reported), about 350 km north-east" in spec.subtitle
    assert "1 ×" not in spec.subtitle


def test_a_character_the_font_lacks_is_one_warning_line(tmp_path):
    # matplotlib printed two lines per missing glyph (its message, then trajgeo's source line)
    import subprocess
    import sys

    event = tmp_path / "e.yaml"
    text = SEED.read_text(encoding="utf-8")
    event.write_text(
        "\n".join(
            'title: "Launch 𝔘 test"' if line.startswith("title:") else line
            for line in text.splitlines()
        )
        + "\n",
        encoding="utf-8",
    )
    out = subprocess.run(
        [sys.executable, "-m", "trajgeo", "map", str(event), "-o", str(tmp_path / "m.png")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    warned = [line for line in out.stderr.splitlines() if "warning" in line.lower()]
    assert warned == [
        "trajgeo: warning: the map's font (DejaVu Sans) has no 𝔘 (mathematical fraktur capital "
        "u): it is drawn as an empty box; a --theme with a font that has it draws it"
    ], out.stderr


def test_a_title_too_long_for_the_map_is_named_as_the_cause(tmp_path):
    # it was "the image is too small ... use a larger --height", though the title was the cause
    res = invoke("map", str(SEED), "--title", "word " * 5000, "-o", str(tmp_path / "t.png"))
    assert res.returncode == 2
    line = res.stderr.strip()
    assert line.startswith("trajgeo: error: title: the title and subtitle run to ")
    assert "leave no room for the map" in line and "a shorter --title" in line
    assert not any(tmp_path.iterdir())


def test_a_map_labels_a_reported_area_with_its_radius_and_each_open_claim_apart(zoneset):
    # the alt text said "within 55 km of" while the map's label and popup said the bare point;
    # two open claims about Japan's EEZ (inside, outside) read as one repeated sentence
    from trajgeo.events import parse_event
    from trajgeo.maps import make_spec

    event = parse_event(
        {
            "id": "t",
            "title": "t",
            "date": "2024-03-18",
            "launch": {"site": "Pyongyang"},
            "shots": [{"count": 1, "impact": {"lat": 40.5, "lon": 136.9, "radius_km": 55}}],
        }
    )
    spec = make_spec(event)
    assert "within 55 km of 40.50°, 136.90°" in [lb.text for lb in spec.labels]
    alt = make_spec(EXAMPLES / "2022-08-04-pla-missiles-japan-eez.yaml", zones=zoneset).alt_text
    assert "Reported claim, outside Japan's EEZ (Japan Ministry of Defense): " in alt
    assert "Reported claim, inside Japan's EEZ (Japan Ministry of Defense): " in alt
