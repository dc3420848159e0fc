"""The zone layers a map draws: a state's merged layer reads back from the cache unchanged."""

from __future__ import annotations

import pytest
import shapely

from trajgeo.maps.layers import Extent
from trajgeo.maps.zones import _merged_state_layer, _state_layer, _to_normalised_box


@pytest.fixture(scope="module")
def zones():
    from trajgeo.maritime.zoneset import load_zones

    return load_zones()


def test_a_states_map_layer_reads_back_from_the_cache_unchanged(zones, tmp_path, monkeypatch):
    monkeypatch.setenv("TRAJGEO_CACHE_DIR", str(tmp_path))
    wide = Extent(120.0, 150.0, 25.0, 48.0)
    near = zones.query(_to_normalised_box(wide))
    plain = _merged_state_layer("JPN", near, 0.0, wide)  # no cache involved
    fresh = _state_layer(zones, "JPN", near, 0.0, wide)  # merged, and saved
    assert len(list(tmp_path.glob("maplayer-*.npz"))) == 1
    cached = _state_layer(zones, "JPN", near, 0.0, wide)  # read back
    for a, b, c in zip(plain, fresh, cached, strict=True):
        assert shapely.to_wkb(a) == shapely.to_wkb(b) == shapely.to_wkb(c)
        assert c is not b
    assert not cached[0].is_empty and not cached[1].is_empty
    # another view or another state is another file, never the cached layer
    _state_layer(zones, "JPN", near, 0.0, Extent(121.0, 150.0, 25.0, 48.0))
    _state_layer(zones, "RUS", near, 0.0, wide)
    assert len(list(tmp_path.glob("maplayer-*.npz"))) == 3
