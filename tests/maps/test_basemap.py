"""The shipped basemap read from the user's cache is what GDAL's box filter returns."""

from __future__ import annotations

import random

import pytest
import shapely

from trajgeo.maps import basemap

pytest.importorskip("pyogrio")


def _boxes(seed: int, n: int) -> list[tuple[float, float, float, float]]:
    rng = random.Random(seed)
    out = [(-180.0, -90.0, 180.0, 90.0), (124.0, 33.0, 132.0, 43.0), (170.0, -20.0, 180.0, 10.0)]
    for _ in range(n):
        x0, y0 = rng.uniform(-180, 175), rng.uniform(-90, 85)
        w, h = rng.choice((0.5, 3, 20, 90, 250)), rng.choice((0.5, 3, 20, 60))
        out.append((x0, y0, min(x0 + w, 180.0), min(y0 + h, 90.0)))
    return out


@pytest.mark.parametrize(
    "name", ["land_10m", "land_50m", "coastline_50m", "borders_10m", "countries_50m"]
)
def test_cached_layer_reads_what_gdal_box_filter_reads(name):
    path = str(basemap.basemap_dir() / f"{name}.fgb")
    assert basemap._whole_layer(path) is not None  # the cache is on in tests
    for box in _boxes(len(name) * 7, 25):
        ours, our_fields = basemap._read.__wrapped__(path, box)
        gdal, gdal_fields = basemap._read_box(path, box)
        assert [shapely.to_wkb(g) for g in ours] == [shapely.to_wkb(g) for g in gdal], box
        assert our_fields.keys() == gdal_fields.keys()
        for key, values in gdal_fields.items():
            assert [str(v) for v in our_fields[key]] == [str(v) for v in values], (box, key)


def test_without_a_cache_folder_pyogrio_reads_the_box(monkeypatch):
    monkeypatch.setenv("TRAJGEO_CACHE_DIR", "")
    path = str(basemap.basemap_dir() / "land_110m.fgb")
    basemap._whole_layer.cache_clear()
    try:
        assert basemap._whole_layer(path) is None
        geoms, _ = basemap._read.__wrapped__(path, (124.0, 33.0, 132.0, 43.0))
        assert len(geoms) > 0
    finally:
        basemap._whole_layer.cache_clear()
