"""The lazy piece index answers as one STRtree of every piece does, making only what it needs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely

from trajgeo.maritime.pieces import PieceIndex


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory):
    """The shipped zones' pieces: cut, saved to a cache of their own, and read back."""
    from trajgeo.maritime import _piececache as cache
    from trajgeo.maritime.pieces import pieces_key
    from trajgeo.maritime.shipped import load_shipped

    mp = pytest.MonkeyPatch()
    mp.setenv("TRAJGEO_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    cut = load_shipped.__wrapped__(True)
    geoms, owner = cut.pieces()  # cut, and saved
    saved = cache.load_pieces(pieces_key(cut))
    mp.undo()
    assert saved is not None
    return geoms, owner, saved


def _queries(rng: np.random.Generator) -> list[tuple[str, np.ndarray]]:
    lon = np.concatenate([rng.uniform(-180, 180, 3000), rng.uniform(124, 142, 3000)])
    sphere = np.degrees(np.arcsin(rng.uniform(-1, 1, 3000)))
    lat = np.concatenate([sphere, rng.uniform(33, 43, 3000)])
    x0, y0 = rng.uniform(-185, 178, 400), rng.uniform(-89, 85, 400)
    size = rng.choice([0.01, 0.5, 4.0, 12.0], 400)
    boxes = shapely.box(x0, y0, x0 + size, np.minimum(y0 + size, 90.0))
    # boxes whose edges lie on tile edges, and points on them, where rounding could slip
    edge = shapely.box(125.0, 35.0, 130.0, 40.0), shapely.box(-180.0, -20.0, -175.0, -15.0)
    on_edge = shapely.points([130.0, 125.0, 180.0, -180.0], [37.5, 40.0, -17.0, -17.0])
    return [
        ("points", shapely.points(lon, lat)),
        ("boxes", boxes),
        ("edges", np.concatenate([np.asarray(edge), on_edge])),
        ("empty", np.asarray([shapely.Point(), shapely.points(np.nan, np.nan)])),
    ]


@pytest.mark.parametrize("predicate", [None, "intersects"])
def test_queries_give_the_pairs_of_one_tree_of_every_piece(world, predicate):
    geoms, owner, (coords, offsets, saved_owner, bounds) = world
    tree = shapely.STRtree(geoms)
    for what, queries in _queries(np.random.default_rng(11)):
        lazy = PieceIndex.from_arrays(coords, offsets, saved_owner, bounds)
        got = lazy.query(queries, predicate=predicate)
        want = tree.query(queries, predicate=predicate)
        order = np.lexsort((want[1], want[0]))
        assert got.tolist() == want[:, order].tolist(), what
        # the same answer again, from the tiles' trees made by the first query
        assert lazy.query(queries, predicate=predicate).tolist() == got.tolist(), what
        # unordered: the same pairs, in the order the trees found them
        loose = lazy.query(queries, predicate=predicate, ordered=False)
        assert loose[:, np.lexsort((loose[1], loose[0]))].tolist() == got.tolist(), what
    assert saved_owner.tolist() == owner.tolist()


def test_a_small_query_makes_few_pieces_and_they_are_the_cut_ones(world):
    geoms, _, (coords, offsets, owner, bounds) = world
    lazy = PieceIndex.from_arrays(coords, offsets, owner, bounds)
    land = lazy.subset(np.arange(0, len(owner), 2))
    points = shapely.points([125.75, 129.9], [39.03, 35.1])  # Pyongyang, off Busan
    q, piece = lazy.query(points, predicate="intersects")
    assert 0 < lazy.made < len(owner) // 20
    made = lazy.made
    assert shapely.to_wkb(lazy.take(piece)).tolist() == shapely.to_wkb(geoms[piece]).tolist()
    # a subset's pieces are the whole index's: those made already are not made again
    sub_q, sub_piece = land.query(points, predicate="intersects")
    assert lazy.made <= made + len(land.take(sub_piece))
    shared = np.flatnonzero(np.isin(np.arange(0, len(owner), 2), piece))
    assert all(a is b for a, b in zip(land.take(shared), lazy.take(shared * 2), strict=True))
    # asking for every piece makes them all, each the cut one
    assert shapely.to_wkb(lazy.geometries).tolist() == shapely.to_wkb(geoms).tolist()
    assert lazy.made == len(owner)


def test_a_query_across_the_world_uses_one_tree_with_the_same_answer(world, monkeypatch):
    geoms, _, (coords, offsets, owner, bounds) = world
    rng = np.random.default_rng(5)
    points = shapely.points(rng.uniform(-180, 180, 5000), rng.uniform(-90, 90, 5000))
    lazy = PieceIndex.from_arrays(coords, offsets, owner, bounds)
    got = lazy.query(points, predicate="intersects")
    assert lazy._whole is not None and not lazy._tiles  # noqa: SLF001
    want = shapely.STRtree(geoms).query(points, predicate="intersects")
    assert got.tolist() == want[:, np.lexsort((want[1], want[0]))].tolist()
    # a large query is first judged on a sample of it: spread out, it goes to one tree;
    # packed in a few tiles, to theirs
    from trajgeo.maritime import pieces

    monkeypatch.setattr(pieces, "_PROBE", 100)
    sampled = PieceIndex.from_arrays(coords, offsets, owner, bounds)
    assert sampled.query(points, predicate="intersects").tolist() == got.tolist()
    assert sampled._whole is not None and not sampled._tiles  # noqa: SLF001
    korea = shapely.points(rng.uniform(124, 131, 5000), rng.uniform(33, 43, 5000))
    packed = PieceIndex.from_arrays(coords, offsets, owner, bounds)
    near = packed.query(korea, predicate="intersects")
    assert packed._whole is None and 0 < len(packed._tiles) <= 9  # noqa: SLF001
    want = shapely.STRtree(geoms).query(korea, predicate="intersects")
    assert near.tolist() == want[:, np.lexsort((want[1], want[0]))].tolist()
    # once that tree exists, small queries use it too, with the answer of the tiles
    few = shapely.points([125.75, 129.9], [39.03, 35.1])
    fresh = PieceIndex.from_arrays(coords, offsets, owner, bounds)
    assert lazy.query(few).tolist() == fresh.query(few).tolist()


def test_pieces_made_by_the_zone_set_agree_with_a_fresh_cut(tmp_path: Path, monkeypatch):
    from trajgeo.maritime.shipped import load_shipped

    monkeypatch.setenv("TRAJGEO_CACHE_DIR", str(tmp_path))
    fresh = load_shipped.__wrapped__(True)
    geoms, zone = fresh.pieces()  # cut and saved
    read = load_shipped.__wrapped__(True)
    land = read.piece_index("land")
    assert {read.zones[i].kind for i in land.owner} == {"land"}
    assert read.piece_index().made == 0  # nothing made until asked
    got, got_zone = read.pieces()
    assert got_zone.tolist() == zone.tolist()
    assert shapely.to_wkb(got).tolist() == shapely.to_wkb(geoms).tolist()
