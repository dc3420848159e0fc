"""The catalogue map: entries from real catalogue events, the static map, the HTML page.

The entries come from a real run of the fused estimate over three events of
``examples/catalogue``. The legibility checks use 50 entries spread over the
Sea of Japan (real launch sites, impacts and 95 % regions copied from the
three real ones and shifted), so that a 50-event map is drawn in seconds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import EXAMPLES

# the shared headless-Chromium fixture (test_interactive.py), used here as "chromium"
from tests.maps.test_interactive import browser as chromium  # noqa: F401

CATALOGUE = EXAMPLES / "catalogue"
#: A Japan-says-inside event with four missiles (a claim covering three), an overflight of
#: Japan, and a salvo whose "outside" claim is near the line.
EVENTS = (
    "2017-03-06-four-missiles-oga.yaml",
    "2022-10-04-hwasong-12-over-japan.yaml",
    "2024-05-30-srbm-salvo-sunan.yaml",
)
HOSTILE = "<script>alert(1)</script> {{ 7*7 }} <img src=x onerror=alert(2)>"


@pytest.fixture(scope="module")
def cat():
    from trajgeo.maps.catalogue import build_catalogue

    return build_catalogue([CATALOGUE / name for name in EVENTS])


@pytest.fixture(scope="module")
def fifty(cat):
    """50 entries over 2016-2025, every verdict, copied from the real ones and shifted."""
    import shapely

    rng = np.random.default_rng(7)
    base = cat.placed
    kinds = ["holds", "near_line", "contradicted", "no_claim"]
    out = []
    for i in range(50):
        src = base[i % len(base)]
        dx, dy = rng.uniform(-2.5, 2.5), rng.uniform(-2.0, 2.0)
        assert src.impact is not None
        out.append(
            dataclasses.replace(
                src,
                event_id=f"{src.event_id}-{i}",
                date=dt.date(2016 + i % 10, 1 + i % 12, 1),
                impact=(src.impact[0] + dx, src.impact[1] + dy),
                region_95=None
                if src.region_95 is None
                else shapely.affinity.translate(src.region_95, dx, dy),
                verdict=kinds[i % len(kinds)],
            )
        )
    return dataclasses.replace(cat, entries=tuple(out))


# --------------------------------------------------------------------------- entries
def test_entries_from_real_catalogue_events(cat):
    import shapely

    by_event: dict[str, list] = {}
    for e in cat.entries:
        by_event.setdefault(e.event_id, []).append(e)
    assert set(by_event) == {name.removesuffix(".yaml") for name in EVENTS}
    # entries are in date order
    dates = [e.date for e in cat.entries]
    assert dates == sorted(dates)
    four = by_event["2017-03-06-four-missiles-oga"]
    # the claim covers three of the four missiles: the others carry no claim
    assert {e.verdict for e in four} - {"no_claim"} and any(e.verdict == "no_claim" for e in four)
    for e in cat.entries:
        assert e.launch[0] == pytest.approx(125, abs=3) and e.launch[1] == pytest.approx(40, abs=3)
        if e.impact is not None:
            assert 127 < e.impact[0] < 180 and 30 < e.impact[1] < 50  # east of Korea
            assert e.region_95 is not None and e.region_95.contains(shapely.Point(e.impact))
        if e.verdict != "no_claim":
            assert e.zone == "Japan's EEZ" and e.claim_source
        if e.probability is not None:
            assert 0.0 <= e.probability <= 1.0
            p_in = e.probability if e.claim_inside else 1.0 - e.probability
            assert e.p_inside == pytest.approx(p_in)
    # no source gave the Hwasong-12's direction: a median of its ring would be a point
    # nobody reported, so it has a region and no impact point
    (hwasong,) = by_event["2022-10-04-hwasong-12-over-japan"]
    assert hwasong.impact is None and hwasong.region_95 is not None
    assert cat.region_only == (hwasong,)
    salvo = by_event["2024-05-30-srbm-salvo-sunan"]
    assert salvo[0].claim_inside is False and salvo[0].p_inside < 0.1
    assert cat.zones and cat.zones[0][0] == "Japan's EEZ"
    assert "trajgeo-eez" in cat.zone_credit
    assert cat.years == (2017, 2024) and cat.n_events == 3


def test_a_bad_file_is_skipped_with_its_one_line_error(tmp_path):
    from trajgeo.errors import InputError
    from trajgeo.maps.catalogue import build_catalogue

    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: no launch\n")
    with pytest.raises(InputError, match="no event could be read"):
        build_catalogue([bad])
    with pytest.raises(InputError, match="no such event file"):
        build_catalogue([tmp_path / "missing.yaml"])


def test_command_skips_a_bad_file_and_maps_the_rest(tmp_path):
    from trajgeo.maps.catalogue import catalogue_map_command

    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: no launch\n")
    out = tmp_path / "two.png"
    cat = catalogue_map_command([bad, CATALOGUE / EVENTS[2]], out, "year")
    assert [f for f, _ in cat.skipped] == [str(bad)]
    assert "\n" not in cat.skipped[0][1] and "bad.yaml" in cat.skipped[0][1]
    assert cat.n_events == 1 and out.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("value", ["colour", "years", ""])
def test_unknown_colour_by_is_a_one_line_input_error(value, cat, tmp_path):
    from trajgeo.errors import InputError
    from trajgeo.maps.catalogue import catalogue_map_command, parse_colour_by
    from trajgeo.maps.catalogue_static import catalogue_map

    with pytest.raises(InputError) as exc:
        parse_colour_by(value)
    msg = str(exc.value)
    assert "\n" not in msg and "colour-by" in msg and "year, verdict" in msg
    with pytest.raises(InputError):
        catalogue_map(cat, tmp_path / "x.png", colour_by=value)
    with pytest.raises(InputError):  # refused before any event is analysed
        catalogue_map_command([CATALOGUE], tmp_path / "x.png", colour_by=value)


def test_unknown_output_format_is_refused(tmp_path):
    from trajgeo.errors import InputError
    from trajgeo.maps.catalogue import catalogue_map_command

    with pytest.raises(InputError, match="unknown map format"):
        catalogue_map_command([CATALOGUE], tmp_path / "x.jpg", "year")


# --------------------------------------------------------------------------- static map
def _text_boxes(fig):
    from matplotlib.text import Text

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    out = []
    for t in fig.findobj(Text):
        if t.get_visible() and t.get_text().strip():
            out.append((t.get_text(), t.get_window_extent(renderer)))
    return out


@pytest.mark.parametrize("colour_by", ["year", "verdict"])
def test_fifty_events_draw_every_marker_and_no_text_overlaps(fifty, colour_by, tmp_path):
    import matplotlib.pyplot as plt

    from trajgeo.maps.catalogue_static import catalogue_figure

    fig = catalogue_figure(fifty, colour_by=colour_by)
    try:
        markers = [
            c for c in fig.axes[0].collections if str(c.get_gid() or "").startswith("impacts-")
        ]
        assert sum(len(c.get_offsets()) for c in markers) == 50
        if colour_by == "verdict":
            assert len(markers) == 4  # one marker shape per verdict
        boxes = _text_boxes(fig)
        texts = [t for t, _ in boxes]
        assert any(t.startswith("50 launches, 2016–2025") for t in texts)
        assert any("estimates from published reports" in t for t in texts)
        # no event text on the map: only title, key, footer
        assert not any("four-missiles" in t or "Hwasong" in t for t in texts)
        if colour_by == "verdict":
            assert any(re.fullmatch(r"Claim holds \(13\)", t) for t in texts)
        fig_box = fig.bbox
        for (ta, a), (tb, b) in combinations(boxes, 2):
            assert not a.overlaps(b), f"{ta!r} overlaps {tb!r}"
        for t, b in boxes:  # everything inside the figure
            assert fig_box.x0 <= b.x0 and b.x1 <= fig_box.x1 + 0.5, t
            assert fig_box.y0 <= b.y0 and b.y1 <= fig_box.y1 + 0.5, t
    finally:
        plt.close(fig)


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_static_map_writes_real_files(cat, suffix, tmp_path):
    from trajgeo.maps.catalogue_static import catalogue_map

    out = catalogue_map(cat, tmp_path / f"cat{suffix}", colour_by="verdict")
    data = out.read_bytes()
    magic = {".png": b"\x89PNG", ".svg": b"<?xml", ".pdf": b"%PDF"}[suffix]
    assert data.startswith(magic) and len(data) > 20_000
    if suffix == ".png":
        from PIL import Image

        img = np.asarray(Image.open(out).convert("RGB")).astype(int)
        assert img.shape[1] == 1400
        # the "holds" green and the "near the line" orange are on the map
        for colour in ("#009E73", "#E69F00"):
            rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
            assert (np.abs(img - rgb).sum(axis=2) < 30).sum() > 20, colour
    assert not list(tmp_path.glob(".cat*"))  # no temporary file left behind


# --------------------------------------------------------------------------- HTML
def test_html_carries_input_only_as_escaped_data(cat):
    from trajgeo.maps.catalogue_html import catalogue_html

    e = cat.entries[0]
    hostile = dataclasses.replace(
        cat,
        entries=(
            dataclasses.replace(
                e, title=HOSTILE, sources=(("</script><b>x</b>", "javascript:alert(3)"),)
            ),
            *cat.entries[1:],
        ),
    )
    page = catalogue_html(hostile, colour_by="verdict")
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "javascript:" not in page
    assert "{{ 7*7 }}" in page  # the title is data: no template ever evaluates it
    # two executable scripts (Leaflet, the page's own), both allowed by hash; input is data
    assert page.count("<script>") == 2
    assert page.count('<script type="application/json"') == 1
    csp = html.unescape(re.search(r'Content-Security-Policy" content="([^"]+)"', page).group(1))
    assert csp.count("'sha256-") == 2 and "https:" not in csp and "default-src 'none'" in csp


def test_html_with_cdn_links_only_the_pinned_leaflet_files(cat):
    from trajgeo.maps.catalogue_html import catalogue_html
    from trajgeo.maps.html import ASSETS, asset_integrity

    page = catalogue_html(cat, colour_by="year", cdn=True, theme="dark")
    js, css = ASSETS["leaflet"][1], ASSETS["leaflet_css"][1]
    assert f'src="{js}" integrity="{asset_integrity(js)}"' in page
    assert f'href="{css}" integrity="{asset_integrity(css)}"' in page
    csp = html.unescape(re.search(r'Content-Security-Policy" content="([^"]+)"', page).group(1))
    assert js in csp and csp.count("'sha256-") == 1  # the page's own script only
    assert len(page) < len(catalogue_html(cat)) - 100_000  # Leaflet not inlined


class _Page:
    def __init__(self, browser, path: Path) -> None:
        self.b = browser
        browser.open(path, width=1200, height=800, settle=2.0)

    def count(self, cls: str) -> int:
        return self.b.js(f"document.querySelectorAll('path.{cls}').length")


@pytest.mark.browser
def test_html_map_in_chromium_offline_filterable_and_safe(chromium, fifty, tmp_path):  # noqa: F811
    browser = chromium
    from trajgeo.maps.catalogue_html import write_catalogue_html

    e = fifty.entries[0]
    hostile = dataclasses.replace(
        fifty,
        entries=(
            dataclasses.replace(
                e,
                title=HOSTILE,
                sources=(("Good", "https://example.org/a"), ("Bad", "javascript:alert(4)")),
            ),
            *fifty.entries[1:],
        ),
    )
    path = write_catalogue_html(hostile, tmp_path / "cat.html", colour_by="year")
    page = _Page(browser, path)
    assert browser.errors() == []
    uri = path.resolve().as_uri()
    assert [u for u in browser.requests() if not u.startswith("data:") and u != uri] == []
    assert browser.dialogs() == []
    assert page.count("trajgeo-impact") == 50
    # one layer per year in the layer control, with its count
    labels = browser.js(
        "Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label'))"
        ".map(l => l.innerText.trim())"
    )
    assert [lab for lab in labels if re.fullmatch(r"20\d\d \(\d+\)", lab)] == [
        f"{y} (5)" for y in range(2016, 2026)
    ]
    # switching 2016 off removes its five markers
    browser.js(
        "Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label'))"
        ".find(l => l.innerText.trim().startsWith('2016')).querySelector('input').click()"
    )
    assert page.count("trajgeo-impact") == 45
    browser.js(
        "Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label'))"
        ".find(l => l.innerText.trim().startsWith('2016')).querySelector('input').click()"
    )
    assert page.count("trajgeo-impact") == 50
    # the hostile title is shown as text in the popup, and never runs
    browser.js(
        "(() => { const m = window.trajgeoCatalogue; const ls = [];"
        " m.eachLayer(l => { if (l.getPopup && l.getPopup() && l.options.className"
        " === 'trajgeo-impact') ls.push(l); }); ls[0].openPopup(); })()"
    )
    text = browser.js("document.querySelector('.trajgeo-popup h3').textContent")
    assert text == HOSTILE
    hostile_nodes = "document.querySelectorAll('.trajgeo-popup script, .trajgeo-popup img').length"
    assert browser.js(hostile_nodes) == 0
    links = browser.js("Array.from(document.querySelectorAll('.trajgeo-popup a')).map(a => a.href)")
    assert links == ["https://example.org/a"]
    assert browser.dialogs() == [] and browser.errors() == []
    shot = browser.screenshot(tmp_path / "cat.png")
    assert shot.stat().st_size > 30_000


@pytest.mark.browser
def test_html_by_verdict_via_the_command_function(chromium, tmp_path):  # noqa: F811
    browser = chromium
    from trajgeo.maps import catalogue as module

    out = tmp_path / "verdict.html"
    result = module.catalogue_map_command(
        [CATALOGUE / EVENTS[2], CATALOGUE / EVENTS[1]], out, "verdict"
    )
    page = _Page(browser, out)
    assert browser.errors() == []
    # the salvo has a marker; the Hwasong-12 (no direction reported) its 95 % region only
    assert page.count("trajgeo-impact") == len(result.placed) == 1
    assert page.count("trajgeo-region-only") == len(result.region_only) == 1
    labels = browser.js(
        "Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label'))"
        ".map(l => l.innerText.trim())"
    )
    assert any(lab.startswith(("Claim holds", "Too near the line")) for lab in labels)
