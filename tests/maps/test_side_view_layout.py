"""Pure geometry of the side view: limits at one scale, label spots that stay clear."""

import numpy as np

from trajgeo.maps.side_view_layout import REFERENCE_LINES, reference_labels, view_limits


def test_view_limits_one_scale_and_room_for_everything():
    xs = np.array([0.0, 500.0, 1000.0])
    ys = np.array([0.0, 900.0, 0.0])
    v = view_limits(xs, ys, 8.0, 4.0)
    # one scale on both axes: the limits fill the axes box exactly
    assert np.isclose((v.x1 - v.x0) / 8.0, v.scale)
    assert np.isclose((v.y1 - v.y0) / 4.0, v.scale)
    # the curve, the launch site and the highest reference arc are inside, with room above
    assert v.x0 < 0.0 and v.x1 > 1000.0 and v.y0 < 0.0
    assert v.y1 >= 900.0 + 0.05 * 1000.0  # at least 5 % of the span above the apogee
    assert v.y1 > max(alt for alt, _ in REFERENCE_LINES)


def test_reference_labels_merge_only_when_too_close():
    apart = reference_labels(10.0)
    assert all(apart.values())
    merged = reference_labels(1000.0)
    assert merged[100.0] == "" and "Kármán" in merged[420.0] and "ISS" in merged[420.0]
