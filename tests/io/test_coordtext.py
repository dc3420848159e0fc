"""Coordinates written from arrays: the same text as ``repr`` of each rounded float."""

from __future__ import annotations

import numpy as np

from trajgeo.io.coordtext import pairs_text
from trajgeo.io.export import _round_coords


def _repr_text(xy: np.ndarray) -> str:
    return ",".join(f"[{x!r},{y!r}]" for x, y in xy.tolist())


def test_pairs_text_is_repr_of_every_rounded_value():
    rng = np.random.default_rng(1)
    for scale in (180.0, 999.9, 10.0, 1.0, 0.01, 0.001):
        xy = _round_coords(rng.uniform(-scale, scale, (50_000, 2)))
        xy = xy[(np.abs(xy) >= 1e-4).all(axis=1)]  # smaller values are refused (below)
        text, ends = pairs_text(xy)
        assert text == _repr_text(xy), scale
        # each pair's text ends where ends says
        for i in rng.integers(0, len(xy), 200).tolist():
            start = ends[i - 1] + 1 if i else 0
            assert text[start : ends[i]] == _repr_text(xy[i : i + 1])


def test_pairs_text_edges_of_what_it_writes():
    xy = np.array(
        [[180.0, -180.0], [90.0, -90.0], [0.0001, -0.0001], [999.9999999, -999.9999999]]
        + [[100.0000001, 10.1], [1.0, -1.0], [12.5, 0.1234567], [-0.5, 0.0010001]]
    )
    assert pairs_text(xy)[0] == _repr_text(xy)


def test_pairs_text_refuses_what_repr_writes_otherwise():
    # zero and -0.0, below 1e-4 (exponent form), 1000 and above, not rounded, not finite
    for value in (0.0, -0.0, 9.99e-05, 1000.0, 1.00000001, np.nan, np.inf):
        assert pairs_text(np.array([[1.5, value]])) is None, value
