"""Whose land a point is on: the cell index answers as the land polygons do."""

from __future__ import annotations

import numpy as np


def test_land_owner_matches_the_polygons_point_by_point():
    # random points worldwide and dense along the coasts of Korea and Japan (where cells are
    # mixed): the cell-by-cell answer is the polygons' own, whatever size the tiles are
    import shapely

    from trajgeo.analysis.tracks import _land_index, _land_owner
    from trajgeo.maritime.zoneset import load_zones

    zones = load_zones()
    rng = np.random.default_rng(3)
    lon = np.concatenate([rng.uniform(-180.0, 180.0, 20_000), rng.uniform(124.0, 142.0, 20_000)])
    lat = np.concatenate(
        [np.degrees(np.arcsin(rng.uniform(-1.0, 1.0, 20_000))), rng.uniform(33.0, 43.0, 20_000)]
    )
    idx, owners = _land_owner(zones, lon, lat)
    tree, piece_owner = _land_index(zones)
    q_point, q_piece = tree.query(shapely.points(lon, lat), predicate="intersects")
    first = np.unique(q_point, return_index=True)[1]
    assert idx.tolist() == q_point[first].tolist()
    assert owners.tolist() == piece_owner[q_piece[first]].tolist()
