"""`where --distance`: the nearest zone limit, from the prepared stretch index."""

from __future__ import annotations

import numpy as np
import pytest


@pytest.fixture(scope="module")
def zones():
    from trajgeo.maritime import load_zones

    return load_zones()


def _brute_force_km(zones, lon, lat):
    # every sea zone's boundary, densified, measured vertex by vertex with geodesics
    import shapely

    from trajgeo.geo import geodesy

    best = np.inf
    for z in zones.zones:
        if z.kind == "land":
            continue
        c = shapely.get_coordinates(shapely.segmentize(z.geometry.boundary, 0.02))
        _, _, d = geodesy.inverse(lon, lat, c[:, 0], c[:, 1])
        best = min(best, float(d.min()) / 1000.0)
    return best


@pytest.mark.parametrize(
    "lon,lat",
    [
        (
            -49.274297801873416,
            27.042388151449565,
        ),  # mid-Atlantic; the old windowed search said 1280
        (-167.1550996415054, -61.19553843220734),  # Southern Ocean; the old one said 1344
    ],
)
def test_high_seas_distance_is_the_nearest_zone(zones, lon, lat):
    from trajgeo.maritime import limit_distance_km

    assert zones.where(lon, lat) == []
    assert limit_distance_km(zones, lon, lat) == pytest.approx(
        _brute_force_km(zones, lon, lat), abs=0.2
    )


def test_distance_in_a_zone_matches_the_readme(zones):
    from trajgeo.maritime import limit_distance_km

    assert round(limit_distance_km(zones, 131.87, 37.24), 1) == 44.9


def test_the_cut_at_180_degrees_is_no_limit(zones):
    # Fiji's EEZ is split at 180°: the split is not a limit, and the islands east of it are coast
    from trajgeo.maritime import limit_distance_km

    for lon in (-179.99, 179.99):
        assert limit_distance_km(zones, lon, -17.0) > 50.0


def test_distance_from_everywhere_is_finite(zones):
    from trajgeo.maritime import limit_distance_km

    rng = np.random.default_rng(5)
    lon = rng.uniform(-180, 180, 40)
    lat = np.degrees(np.arcsin(rng.uniform(-1, 1, 40)))
    for x, y in zip(lon, lat, strict=True):
        assert 0.0 <= limit_distance_km(zones, float(x), float(y)) < 20_000.0


def test_limit_index_read_back_from_the_cache_measures_alike(zones, tmp_path, monkeypatch):
    import shapely

    from trajgeo.maritime import limit_distance_km
    from trajgeo.maritime.limits import prepare_limit_index
    from trajgeo.maritime.zoneset import ZoneSet

    monkeypatch.setenv("TRAJGEO_CACHE_DIR", str(tmp_path))
    window = shapely.box(125, 30, 145, 45)  # the Sea of Japan and round it
    near = tuple(z for z in zones.zones if z.geometry.intersects(window))
    cut = ZoneSet(zones.dataset, near)
    prepare_limit_index(cut)
    assert len(list(tmp_path.glob("limits-*.npz"))) == 1
    read = ZoneSet(zones.dataset, near)
    points = [(131.87, 37.24), (136.9, 40.5), (133.0, 38.0), (140.0, 43.0)]
    for x, y in points:
        assert limit_distance_km(read, x, y) == limit_distance_km(cut, x, y)
    assert len(read._memo["limits"]._edges) == len(cut._memo["limits"]._edges)


def test_cutting_every_zone_at_once_gives_what_cutting_one_by_one_gives(zones):
    # the vectorised cut (one coast index, one classification of the probes) against the
    # zone-by-zone cut a single query does: the same stretches, the same sides
    from trajgeo.maritime.limits import _Limits

    limits = _Limits(zones)
    names = ("Japan", "Fiji", "Russia", "Chile", "Norway", "Kiribati", "Senkaku")
    picked = [
        i for i, z in enumerate(zones.zones) if z.kind != "land" and any(n in z.name for n in names)
    ]
    assert len(picked) >= 7
    together = limits._build_all(picked)
    for i in picked:
        alone = limits._build_edges(i)
        assert np.array_equal(alone.a, together[i].a), zones.zones[i].name
        assert np.array_equal(alone.b, together[i].b), zones.zones[i].name

        def sides(e):
            return set(
                zip(
                    e.side_stretch.tolist(), e.side_zone.tolist(), e.side_left.tolist(), strict=True
                )
            )

        assert sides(alone) == sides(together[i]), zones.zones[i].name
        assert len(sides(alone)) > 0
