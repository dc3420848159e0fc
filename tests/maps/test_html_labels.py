"""HTML map labels in headless Chromium: no text box covers another, moved labels have leaders.

Every shipped example and a five-event map, at 390 px (a phone) and 1200 px, in the
light and dark themes. The boxes are the element rectangles Chromium lays out; the
point a label names is read from the marker's own position (Leaflet's transforms),
not from anything the placement pass records.
"""

from __future__ import annotations

import pytest

from tests.conftest import EXAMPLES
from tests.maps.test_collisions import FIVE

pytest.importorskip("folium")

# the same headless Chromium (module-scoped fixture) as the other HTML tests
from tests.maps.test_interactive import SHOTS_DIR, _overlap, browser  # noqa: E402, F401

pytestmark = pytest.mark.browser

MAPS = [p.stem for p in sorted(EXAMPLES.glob("*.yaml"))] + ["five-events"]

_LABELS_JS = """(() => Array.from(document.querySelectorAll('.trajgeo-map')).map(wrap => {
  const rect = e => { const b = e.getBoundingClientRect();
    return [b.left, b.top, b.right, b.bottom]; };
  const shift = e => { const m = /translate3d\\((-?[\\d.]+)px, (-?[\\d.]+)px/.exec(
    e.style.transform || ''); return m ? [+m[1], +m[2]] : [0, 0]; };
  const c = wrap.querySelector('.leaflet-container').getBoundingClientRect();
  const pane = shift(wrap.querySelector('.leaflet-map-pane'));
  const controls = Array.from(wrap.querySelectorAll(
      '.leaflet-control, .leaflet-control-attribution'))
    .filter(e => e.getBoundingClientRect().width > 0)
    .map(e => [e.className, rect(e)]);
  const labels = Array.from(wrap.querySelectorAll('.trajgeo-label')).map(e => {
    const at = shift(e), lead = e.querySelector('.trajgeo-leader');
    return {text: e.innerText, box: rect(e), shown: getComputedStyle(e).visibility !== 'hidden',
            point: [c.left + pane[0] + at[0], c.top + pane[1] + at[1]],
            leader: lead ? rect(lead) : null};
  });
  return {map: rect(wrap.querySelector('.leaflet-container')), controls, labels};
}))()"""


_SPECS: dict[str, object] = {}


def _spec(name: str):
    from trajgeo.maps import make_spec

    if name not in _SPECS:
        paths = [EXAMPLES / f"{n}.yaml" for n in (FIVE if name == "five-events" else (name,))]
        _SPECS[name] = make_spec(paths)
    return _SPECS[name]


def _near(point, box, reach):
    """Whether ``box`` comes within ``reach`` px of ``point``."""
    dx = max(box[0] - point[0], 0, point[0] - box[2])
    dy = max(box[1] - point[1], 0, point[1] - box[3])
    return (dx * dx + dy * dy) ** 0.5 <= reach


def _crosses(a, b, r, steps=40):
    """Whether the segment ``a``-``b`` passes through the inside of rectangle ``r``."""
    for i in range(steps + 1):
        x, y = a[0] + (b[0] - a[0]) * i / steps, a[1] + (b[1] - a[1]) * i / steps
        if r[0] + 1.5 < x < r[2] - 1.5 and r[1] + 1.5 < y < r[3] - 1.5:
            return True
    return False


def _check(m, where: str) -> int:
    shown = [lab for lab in m["labels"] if lab["shown"]]
    boxes = [(lab["text"], lab["box"]) for lab in shown] + m["controls"]
    for i, (name_a, a) in enumerate(boxes):
        for name_b, b in boxes[i + 1 :]:
            assert not _overlap(a, b), f"{name_a!r} covers {name_b!r} {where}"
    for lab in shown:
        box, point, lead = lab["box"], lab["point"], lab["leader"]
        if lead is None:  # beside its point
            assert _near(point, box, 12.0), f"{lab['text']!r} is far from its point {where}"
        else:  # a leader from the point to the label's edge
            assert _near(point, lead, 1.5) and _overlap(lead, box, -1.5), (lab["text"], where)
            assert not _near(point, box, 12.0), f"{lab['text']!r}: a leader it needs not"
            # and the leader runs clear of every other label and box
            far = max(
                ((x, y) for x in (lead[0], lead[2]) for y in (lead[1], lead[3])),
                key=lambda c: (c[0] - point[0]) ** 2 + (c[1] - point[1]) ** 2,
            )
            for name, other in boxes:
                if other is not box:
                    assert not _crosses(point, far, other), f"{lab['text']!r} crosses {name!r}"
        # nor does a label cover the point another label names
        for other in m["labels"]:
            p = other["point"]
            if p != point:
                inside = box[0] + 1 < p[0] < box[2] - 1 and box[1] + 1 < p[1] < box[3] - 1
                assert not inside, f"{lab['text']!r} covers the point of {other['text']!r}"
        m_box = m["map"]
        assert m_box[0] <= box[0] and box[2] <= m_box[2] + 0.5, f"{lab['text']!r} off the map"
    return len(shown)


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("name", MAPS)
def test_html_labels_never_overlap(browser, tmp_path, name, theme):  # noqa: F811
    from trajgeo.maps.interactive import write_html

    path = tmp_path / f"{name}-{theme}.html"
    write_html(_spec(name), path, theme=theme)
    shown = {}
    for width in (390, 1200):
        browser.open(path, width=width, height=800, settle=1.5)
        assert browser.errors() == []
        (m,) = browser.js(_LABELS_JS)
        assert m["labels"], "a map with no label at all"
        shown[width] = _check(m, f"at {width} px ({theme})")
        if name == "five-events" and width == 390:
            # five launches crowd one corner of a phone screen: labels go out on leaders
            assert sum(1 for lab in m["labels"] if lab["shown"] and lab["leader"]) >= 2
        if theme == "light" and name == "five-events":
            browser.screenshot(SHOTS_DIR / f"labels-{name}-{width}.png")
    assert shown[1200] >= 1  # the desktop map names at least its launch site
