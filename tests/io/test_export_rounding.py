"""GeoJSON export: vectorised coordinate rounding and streamed writing give the old text."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tests.conftest import EXAMPLES


def test_vectorised_rounding_is_pythons_round():
    from trajgeo.io.export import COORD_DECIMALS, _round_coords

    rng = np.random.default_rng(0)
    values = np.concatenate(
        [
            rng.uniform(-180, 180, 200_000),
            # exact halves at the 7th place and their neighbours, where rounding can tip
            (rng.integers(-1_800_000_000, 1_800_000_000, 20_000) + 0.5) / 1e7,
            np.nextafter((np.arange(-50, 50) + 0.5) / 1e7, np.inf),
            np.nextafter((np.arange(-50, 50) + 0.5) / 1e7, -np.inf),
            [0.0, -0.0, 180.0, -180.0, 1e-9, -1e-9],
        ]
    )
    xy = values.reshape(-1, 2)
    ours = _round_coords(xy)
    python = np.array([[round(float(v), COORD_DECIMALS) for v in row] for row in xy])
    assert np.array_equal(ours, python)
    assert np.array_equal(np.signbit(ours), np.signbit(python))


@pytest.mark.parametrize(
    "name",
    [p.name for p in sorted(EXAMPLES.glob("*.yaml"))]
    + ["catalogue/2022-10-04-hwasong-12-over-japan.yaml"],
)
def test_streamed_geojson_is_json_dumps_of_the_collection(tmp_path, name):
    # the writer formats coordinates from the arrays itself: the text must be json.dumps's,
    # for points, lines and polygons split at 180° (the Pacific example), holes and rings
    from trajgeo.events import load_events
    from trajgeo.geo.impact import event_geometry
    from trajgeo.io.export import _json_default, to_geojson, write_features

    ev = load_events([EXAMPLES / name])[0]
    geoms = [event_geometry(ev, rings_km=(500.0, 9_000.0))]
    out = tmp_path / "z.geojson"
    n = write_features(geoms, str(out))
    expected = json.dumps(
        to_geojson(geoms), ensure_ascii=False, separators=(",", ":"), default=_json_default
    )
    assert out.read_text(encoding="utf-8") == expected + "\n"
    assert n == len(json.loads(expected)["features"])
