"""Capability rings and overflight markers on maps, and overflights in ``trajgeo check``.

Real renders of the shipped examples, judged against the shipped zones and basemap.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import EXAMPLES

pytest.importorskip("cartopy")

HWASONG15 = EXAMPLES / "2023-02-18-hwasong-15.yaml"
OVER_JAPAN = EXAMPLES / "2022-10-04-hwasong-12-over-japan.yaml"
RING_LINES = ("about 14,000 km", "if flown on a normal trajectory")


@pytest.fixture(autouse=True)
def _offline(offline_render):
    """Every render here runs with the network refused and no cartopy data (conftest)."""


@pytest.fixture(scope="module")
def zoneset():
    from trajgeo.errors import DataError
    from trajgeo.maritime.zoneset import load_zones

    try:
        return load_zones()
    except DataError as exc:  # pragma: no cover - the data ship with the repository
        pytest.skip(f"shipped zones unavailable: {exc}")


@pytest.fixture(scope="module")
def hwasong15_spec(zoneset):
    from trajgeo.maps import make_spec

    return make_spec(HWASONG15, zones=zoneset)


@pytest.fixture(scope="module")
def over_japan_spec(zoneset):
    from trajgeo.maps import make_spec

    return make_spec(OVER_JAPAN, zones=zoneset)


def _svg_texts(path) -> str:
    svg = path.read_text(encoding="utf-8")
    return " ".join(
        re.sub(r"<[^>]+>", " ", t) for t in re.findall(r"<text\b.*?</text>", svg, flags=re.S)
    )


# --------------------------------------------------------------------------- spec
def test_spec_has_the_capability_ring_and_centres_on_the_site(hwasong15_spec):
    spec = hwasong15_spec
    (ring,) = spec.capability
    assert ring.from_shot == 2 and not ring.is_global
    assert ring.label == "about 14,000 km if flown on a normal trajectory"
    assert ring.band_km == (13000.0, 16000.0)
    assert ring.paths and all(len(p) > 100 for p in ring.paths)
    # the ring sets the view: an azimuthal map on the launch site, where it is a circle
    assert spec.projection.kind == "azimuthal-equidistant"
    assert spec.projection.central_lon == pytest.approx(125.67)
    assert spec.small_scale
    assert any(lb.role == "capability" for lb in spec.labels)
    assert "same-burnout-energy" in spec.footer
    assert "A ring marks about 14,000 km from Sunan" in spec.alt_text
    assert not spec.overflights  # a lofted shot into the Sea of Japan crosses no land


def test_no_capability_keeps_the_view_on_the_flight(zoneset, hwasong15_spec):
    from trajgeo.maps import make_spec

    spec = make_spec(HWASONG15, zones=zoneset, capability=False)
    assert spec.capability == ()
    assert not any(lb.role.startswith("capability") for lb in spec.labels)
    assert not spec.small_scale
    wide = hwasong15_spec.extent
    assert spec.extent.lat1 - spec.extent.lat0 < (wide.lat1 - wide.lat0) / 4


def test_global_capability_is_a_note_not_a_ring():
    from trajgeo.events import parse_event
    from trajgeo.geo.impact import event_geometry
    from trajgeo.maps.spec import build_spec

    ev = parse_event(
        {
            "id": "t",
            "title": "t",
            "launch": {"lat": 39.2, "lon": 125.6},
            "shots": [{"range_km": 950, "apogee_km": 4475, "bearing": "E"}],
            "capability": {"ranges_km": [25000]},
        }
    )
    spec = build_spec(event_geometry(ev))
    (ring,) = spec.capability
    assert ring.is_global and ring.geometry is None and ring.paths == ()
    notes = [lb for lb in spec.labels if lb.role == "capability_note"]
    assert [lb.text for lb in notes] == ["Any point on Earth"]


def test_spec_has_the_overflight_of_japan(over_japan_spec):
    spec = over_japan_spec
    assert {o.sovereign_iso3 for o in spec.overflights} == {"JPN"}
    labelled = [o for o in spec.overflights if o.label]
    assert len(labelled) == 1  # two sources' lines of one missile share a label
    assert labelled[0].label == "over Japan at about 700–790 km altitude"
    for o in spec.overflights:
        assert 600 < o.min_altitude_km < o.max_altitude_km < 900
        assert 139.0 < o.paths[0][:, 0].min() < o.paths[0][:, 0].max() < 143.0
    assert "passed over Japan at about 700–790 km altitude" in spec.alt_text
    assert spec.capability == ()  # the file has no capability block


def test_no_zones_no_overflights():
    from trajgeo.maps import make_spec

    spec = make_spec(OVER_JAPAN, verdicts=None)
    assert spec.overflights == ()


# --------------------------------------------------------------------------- static
def test_static_svg_has_the_capability_label_and_ring(hwasong15_spec, tmp_path):
    from trajgeo.maps.static import draw, save_figure

    drawn = draw(hwasong15_spec)

    fig = drawn.figure
    out = tmp_path / "hwasong15.svg"
    save_figure(fig, out)
    texts = _svg_texts(out)
    for line in RING_LINES:
        assert line in texts
    assert "Range on a normal trajectory" in texts  # legend entry
    svg = out.read_text(encoding="utf-8")
    assert 'id="capability' in svg and 'id="capability-band' in svg
    placed = [lb for lb in drawn.layout.labels if lb[1] == "capability"]
    assert placed, "the ring's label was not placed"
    # the whole label sits inside the map
    ax = drawn.layout.map_axes.bbox
    x0, y0, x1, y1 = placed[0][2]
    assert ax.x0 <= x0 and x1 <= ax.x1 and ax.y0 <= y0 and y1 <= ax.y1
    # a world view has no locator globe
    assert 'id="inset"' not in svg


def test_static_map_has_the_overflight_label(over_japan_spec, tmp_path):
    from trajgeo.maps.static import draw, save_figure

    drawn = draw(over_japan_spec)

    fig = drawn.figure
    out = tmp_path / "over-japan.svg"
    save_figure(fig, out)
    texts = _svg_texts(out)
    assert "over Japan" in texts and "at about 700–790 km altitude" in texts
    assert "Over land" in texts  # legend entry
    assert 'id="overflight' in out.read_text(encoding="utf-8")
    assert [lb[0] for lb in drawn.layout.labels if lb[1] == "overflight"] == [
        "over Japan\nat about 700–790 km altitude"
    ]


def test_cli_no_capability_removes_the_ring(run_cli, tmp_path):

    with_ring, without = tmp_path / "with.svg", tmp_path / "without.svg"
    for out, extra in ((with_ring, []), (without, ["--no-capability"])):
        res = run_cli("map", str(HWASONG15), "-o", str(out), *extra)
        assert res.exit_code == 0, res.output
    assert RING_LINES[1] in _svg_texts(with_ring)
    texts = _svg_texts(without)
    assert RING_LINES[1] not in texts and "Range on a normal trajectory" not in texts
    assert 'id="capability' not in without.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- interactive
def test_html_has_capability_and_overflight_layers(zoneset, tmp_path):
    from trajgeo.maps import make_spec
    from trajgeo.maps.interactive import LAYER_NAMES, write_html

    pages = {}
    for name, events in (("one", [HWASONG15]), ("two", [HWASONG15, OVER_JAPAN])):
        write_html(make_spec(events, zones=zoneset), tmp_path / f"{name}.html")
        pages[name] = (tmp_path / f"{name}.html").read_text(encoding="utf-8")
    one, two = pages["one"], pages["two"]
    assert json.dumps(LAYER_NAMES["capability"]) in one
    assert "about 14,000 km if flown on a normal trajectory" in one
    assert "Range on a normal trajectory" in one
    # a map of several events is about where they fell: no one event's ring sets its view
    assert "about 14,000 km if flown on a normal trajectory" not in two
    assert json.dumps(LAYER_NAMES["overflights"]) in two
    assert "Shot 1 crossed Japan from 1,137 to 1,307 km downrange" in two
    assert "Track over land" in two


def test_html_escapes_a_hostile_capability_label(tmp_path):
    from trajgeo.events import parse_event
    from trajgeo.geo.impact import event_geometry
    from trajgeo.maps.interactive import write_html
    from trajgeo.maps.spec import build_spec

    evil = "<img src=x onerror=alert(1)>"
    ev = parse_event(
        {
            "id": "t",
            "title": "t",
            "launch": {"lat": 39.2, "lon": 125.6},
            "shots": [{"range_km": 950, "apogee_km": 4475, "bearing": "E"}],
            "capability": {"ranges_km": [3000], "label": evil},
        }
    )
    out = tmp_path / "evil.html"
    write_html(build_spec(event_geometry(ev)), out)
    html = out.read_text(encoding="utf-8")
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # shown as text (HTML-escaped)


def test_no_capability_in_html(zoneset, tmp_path):
    from trajgeo.maps import make_spec
    from trajgeo.maps.interactive import LAYER_NAMES, write_html

    out = tmp_path / "map.html"
    write_html(make_spec(HWASONG15, zones=zoneset, capability=False), out)
    assert json.dumps(LAYER_NAMES["capability"]) not in out.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- check
def test_check_json_lists_the_overflight_of_japan(run_cli):

    res = run_cli("check", "--json", str(OVER_JAPAN))
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    shots = doc["events"][0]["shots"]
    assert len(shots) == 2
    for shot in shots:
        (o,) = shot["overflights"]
        assert o["sovereign_iso3"] == "JPN" and o["shot"] == shot["shot"]
        assert 600 < o["min_altitude_km"] <= o["max_altitude_km"] < 900
        assert o["entry_altitude_km"] and o["exit_altitude_km"]
        assert o["apogee_reported"] is True
    # a flight that crosses no foreign land says so with an empty list
    res = run_cli("check", "--json", str(HWASONG15))
    assert res.exit_code == 0, res.output
    assert all(s["overflights"] == [] for s in json.loads(res.output)["events"][0]["shots"])


def test_check_text_lists_the_overflight(run_cli):

    res = run_cli("check", "--accounts", str(OVER_JAPAN))
    assert res.exit_code == 0, res.output
    # the fused estimate: the share of plausible tracks over Japan, altitude modelled
    fused = [ln for ln in res.output.splitlines() if ln.strip().startswith("over Japan:")]
    assert len(fused) == 1 and "of plausible tracks" in fused[0] and "(modelled)" in fused[0]
    # each account on its own: its nominal track
    lines = [ln for ln in res.output.splitlines() if ln.strip().startswith("OVER ")]
    assert len(lines) == 2
