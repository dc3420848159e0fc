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


def test_geometries_written_in_a_batch_are_written_as_each_alone():
    import json

    from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon

    from trajgeo.io.export import _geometry, _geometry_text, _geometry_texts, _json_default

    encode = json.JSONEncoder(separators=(",", ":"), default=_json_default).encode
    square = [(120.0, 30.0), (121.5, 30.0), (121.5, 31.25), (120.0, 31.25)]
    hole = [(120.5, 30.5), (120.75, 30.5), (120.75, 30.75)]
    geoms = [
        LineString([(170.123456789, 40.5), (179.9999999, 41.0)] * 10),
        Polygon(square, [hole]),
        MultiPolygon([Polygon(square), Polygon([(-10.5, 5.5), (-10.0, 5.5), (-10.0, 6.0)])]),
        MultiLineString([[(1.5, 2.5), (3.5, 4.5)], [(5.5, 6.5), (7.5, 8.5), (9.5, 1.5)]]),
        Point(125.75, 39.03),
        Polygon(),
        # a sliver that rounding collapses: written snapped to the grid, as alone
        Polygon([(1.5, 1.5), (2.5, 1.5), (2.0, 1.50000004)]),
        # values next to 0 are written by repr, one at a time
        Polygon([(0.00001, 0.0), (1.0, 0.0), (1.0, 1.0)]),
        # points are formatted together too, but for one next to 0
        Point(-179.99999994, -89.5),
        Point(0.0, 12.5),
        Point(-0.0, 0.00001),
        Point(33.123456789, 0.5),
    ]
    texts = _geometry_texts(geoms, encode)
    assert texts == [_geometry_text(g, encode) for g in geoms]
    # and json's text of the mapping, but for the collapsed sliver (written [[]], not [])
    assert [t for i, t in enumerate(texts) if i != 6] == [
        encode(_geometry(g)) for i, g in enumerate(geoms) if i != 6
    ]
