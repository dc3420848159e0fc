"""Every text on a static map has room of its own: measured, not assumed.

The boxes are the renderer's own text extents (:mod:`trajgeo.maps.collisions`);
the shipped examples are checked in ``test_static.py``, a five-event map here.
"""

from __future__ import annotations

import pytest

from tests.conftest import EXAMPLES

pytest.importorskip("cartopy")

FIVE = (
    "2022-10-04-hwasong-12-over-japan",
    "2023-02-18-hwasong-15",
    "2024-03-18-pyongyang",
    "2025-10-22-south-of-pyongyang",
    "seed-east-coast-srbm-salvo",
)


@pytest.fixture(autouse=True)
def _offline(offline_render):
    """Every render here runs with the network refused and no cartopy data (conftest)."""


def _figure():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 2), dpi=100)
    FigureCanvasAgg(fig)
    return fig


def test_overlapping_texts_are_found():
    from trajgeo.maps.collisions import overlapping_texts

    fig = _figure()
    fig.text(0.1, 0.5, "Japan's EEZ", gid="label-zone")
    fig.text(0.15, 0.5, "about 350 km", gid="label-distance")
    fig.text(0.1, 0.1, "far away", gid="footer")
    pairs = overlapping_texts(fig)
    assert [(a.gid, b.gid) for a, b in pairs] == [("label-zone", "label-distance")]


def test_a_rotated_label_is_its_turned_rectangle():
    """Two parallel slanted labels clash by their upright boxes, not by their own."""
    from trajgeo.maps.collisions import overlapping_texts

    fig = _figure()
    kw = {"rotation": 45, "rotation_mode": "anchor", "ha": "center", "va": "center"}
    fig.text(0.40, 0.50, "a long slanted label", **kw)
    fig.text(0.48, 0.32, "another slanted one", **kw)
    assert overlapping_texts(fig) == []
    fig.text(0.40, 0.50, "on top", **kw)
    assert len(overlapping_texts(fig)) == 1


def test_a_label_without_room_goes_to_the_footnote(seed_spec_small):
    """On a small image, what cannot be placed is named under the map, never overprinted."""
    from trajgeo.maps.collisions import overlapping_texts
    from trajgeo.maps.static import draw
    from trajgeo.maps.style import Size

    drawn = draw(seed_spec_small, size=Size("small", 700, 800, 150.0), inset=True)
    assert [(a.text, b.text, b.corners) for a, b in overlapping_texts(drawn.figure)] == []
    placed = {text for text, _, _ in drawn.layout.labels}
    assert drawn.layout.unplaced
    assert not placed & set(drawn.layout.unplaced)
    notes = [t.get_text() for t in drawn.figure.texts if t.get_gid() == "footnote"]
    assert notes and "Not labelled on the map for lack of room" in notes[0]
    assert drawn.layout.unplaced[0].split("\n")[0] in notes[0].replace("\n", " ")


@pytest.fixture(scope="module")
def seed_spec_small():
    from trajgeo.maps import make_spec

    return make_spec(EXAMPLES / "2024-03-18-pyongyang.yaml", rings_km=[100, 200, 300])


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_five_events_without_a_clash(five_spec, theme):
    from trajgeo.maps.collisions import overlapping_texts
    from trajgeo.maps.static import draw

    for size in ("web", "print"):
        fig = draw(five_spec, theme=theme, size=size).figure
        assert [(a.text, b.text) for a, b in overlapping_texts(fig)] == []


@pytest.fixture(scope="module")
def five_spec():
    from trajgeo.maps import make_spec

    return make_spec([EXAMPLES / f"{name}.yaml" for name in FIVE])
