"""The on-disk cache keeps a few recent files of each family and drops the rest."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import shapely

from trajgeo.maritime import _piececache as cache


def test_cache_keeps_the_most_recently_used_files(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("TRAJGEO_CACHE_DIR", str(tmp_path))
    geoms = [shapely.box(0, 0, 1, 1)]
    for k in range(cache.KEEP):
        cache.save_pieces(f"k{k}", geoms, np.zeros(1, dtype=np.int64))
        os.utime(tmp_path / f"pieces-k{k}.npz", ns=(k * 10**9, k * 10**9))
    cache.save_arrays("limits-v1-a", {"x": np.arange(3)})
    # reading the oldest file marks it used, so the next saves keep it
    assert cache.load_pieces("k0") is not None
    cache.save_pieces("new", geoms, np.zeros(1, dtype=np.int64))
    cache.save_pieces("newer", geoms, np.zeros(1, dtype=np.int64))
    kept = sorted(p.name for p in tmp_path.glob("pieces-*.npz"))
    assert len(kept) == cache.KEEP
    assert {"pieces-k0.npz", "pieces-new.npz", "pieces-newer.npz"} <= set(kept)
    assert "pieces-k1.npz" not in kept  # the least recently used went
    # another family is counted on its own
    assert (tmp_path / "limits-v1-a.npz").exists()
    assert cache.load_arrays("limits-v1-a")["x"].tolist() == [0, 1, 2]


def test_unwritable_cache_is_ignored(tmp_path: Path, monkeypatch):
    target = tmp_path / "file"
    target.write_text("not a folder")
    monkeypatch.setenv("TRAJGEO_CACHE_DIR", str(target))
    cache.save_pieces("k", [shapely.box(0, 0, 1, 1)], np.zeros(1, dtype=np.int64))
    assert cache.load_pieces("k") is None


def test_pieces_read_back_exactly_and_an_older_form_is_cut_again(tmp_path: Path, monkeypatch):
    from trajgeo.maritime.pieces import PieceIndex

    monkeypatch.setenv("TRAJGEO_CACHE_DIR", str(tmp_path))
    holed = shapely.box(0, 0, 4, 4).difference(shapely.box(1, 1, 2, 2))
    geoms = [holed, shapely.box(-180, -90, -179.9999999, 89.123456789), shapely.box(5, 5, 6, 7)]
    cache.save_pieces("r", geoms, np.arange(3, dtype=np.int64))
    coords, offsets, owner, bounds = cache.load_pieces("r")
    back = PieceIndex.from_arrays(coords, offsets, owner, bounds).geometries
    assert shapely.equals_exact(back, np.asarray(geoms), tolerance=0).all()
    assert owner.tolist() == [0, 1, 2]
    assert bounds.tolist() == shapely.bounds(np.asarray(geoms)).tolist()
    # files of earlier forms (WKB; ragged arrays without bounds) are not misread: the
    # caller cuts the pieces again
    wkb = np.frombuffer(shapely.to_wkb(geoms[0]), dtype=np.uint8)
    cache.save_arrays("pieces-old", {"wkb": wkb, "ends": np.array([len(wkb)]), "owner": owner[:1]})
    assert cache.load_pieces("old") is None
    _, flat, offs = shapely.to_ragged_array(np.asarray(geoms))
    arrays = {"type": np.array(3), "coords": flat, "owner": owner}
    cache.save_arrays("pieces-nobounds", arrays | {f"offsets{k}": o for k, o in enumerate(offs)})
    assert cache.load_pieces("nobounds") is None


def test_a_compressed_layer_is_read_from_its_decompressed_copy(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("TRAJGEO_CACHE_DIR", str(tmp_path / "cache"))
    arrays = {"x": np.arange(1000, dtype=np.int32), "attr_name": np.array(["a", "bé"])}
    layer = tmp_path / "layer.npz"
    np.savez_compressed(layer, **arrays, meta=np.array('{"v": 1}'))
    first = cache.load_npz(layer)
    copies = list((tmp_path / "cache").glob("unpacked-*.npz"))
    assert len(copies) == 1
    # the copy is named by the content: the same layer elsewhere reads the same copy
    moved = tmp_path / "elsewhere.npz"
    moved.write_bytes(layer.read_bytes())
    layer.unlink()
    again = cache.load_npz(moved)
    for got in (first, again):
        assert got.keys() == {"x", "attr_name", "meta"}
        assert np.array_equal(got["x"], arrays["x"]) and got["x"].dtype == np.int32
        assert got["attr_name"].tolist() == ["a", "bé"] and str(got["meta"]) == '{"v": 1}'
    assert list((tmp_path / "cache").glob("unpacked-*.npz")) == copies
    # another content, another copy; an uncompressed file is read as it is
    np.savez_compressed(moved, x=np.arange(3))
    assert cache.load_npz(moved)["x"].tolist() == [0, 1, 2]
    plain = tmp_path / "plain.npz"
    np.savez(plain, y=np.arange(2))
    assert cache.load_npz(plain)["y"].tolist() == [0, 1]
    assert len(list((tmp_path / "cache").glob("unpacked-*.npz"))) == 2


def test_a_merged_geometry_reads_back_exactly(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("TRAJGEO_CACHE_DIR", str(tmp_path))
    holed = shapely.box(0, 0, 4, 4).difference(shapely.box(1, 1, 2, 2))
    merged = shapely.union_all([holed, shapely.box(10.123456789, 0, 11, 1e-9)])
    assert cache.load_geometry("m") is None
    cache.save_geometry("m", merged)
    back = cache.load_geometry("m")
    assert back.geom_type == merged.geom_type
    assert shapely.to_wkb(back) == shapely.to_wkb(merged)


def test_a_damaged_cache_file_is_read_as_missing(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("TRAJGEO_CACHE_DIR", str(tmp_path / "cache"))
    layer = tmp_path / "layer.npz"
    np.savez_compressed(layer, x=np.arange(50_000))
    cache.load_npz(layer)
    (copy,) = (tmp_path / "cache").glob("unpacked-*.npz")
    copy.write_bytes(copy.read_bytes()[:1000])  # cut short, as a full disk might leave it
    assert cache.load_npz(layer)["x"].tolist() == list(range(50_000))


def test_land_near_an_area_reads_back_from_the_cache_unchanged(tmp_path: Path, monkeypatch):
    from trajgeo.maritime import load_zones

    monkeypatch.setenv("TRAJGEO_CACHE_DIR", str(tmp_path))
    area = shapely.box(135.0, 38.0, 137.0, 40.0)  # the Sea of Japan, off Honshu
    zones = load_zones()
    boxes = (
        (130.0, 33.0, 142.0, 45.0),
        (179.0, -20.0, 180.0, -15.0),
    )
    merged = zones._land_in(boxes[:1])  # no cache involved
    fresh = zones._land_in_cached(boxes[:1])  # merged, and saved
    assert len(list(tmp_path.glob("landnear-*.npz"))) == 1
    cached = zones._land_in_cached(boxes[:1])  # read back
    assert cached is not fresh
    assert shapely.to_wkb(cached) == shapely.to_wkb(fresh) == shapely.to_wkb(merged)
    # other boxes are another file; a fresh zone set asking about the same area reads it
    zones._land_in_cached(boxes)
    assert len(list(tmp_path.glob("landnear-*.npz"))) == 2
    again = load_zones(include_land=True).land_near(area, 5.0)
    assert shapely.to_wkb(again) == shapely.to_wkb(zones._land_in(((130.0, 33.0, 142.0, 45.0),)))


def test_cached_arrays_are_mapped_read_only_and_a_damaged_member_reads_as_missing(
    tmp_path: Path, monkeypatch
):
    monkeypatch.setenv("TRAJGEO_CACHE_DIR", str(tmp_path))
    arrays = {
        "coords": np.arange(24_000, dtype=np.float64).reshape(-1, 2),
        "fortran": np.asfortranarray(np.arange(12, dtype=np.int32).reshape(3, 4)),
        "name": np.array(["Sŏhae", "Musudan-ri"]),
        "meta": np.array('{"v": 1}'),
        "empty": np.zeros(0, dtype=np.int64),
    }
    cache.save_arrays("fam-a", arrays)
    back = cache.load_arrays("fam-a")
    assert back.keys() == arrays.keys()
    for k, v in arrays.items():
        assert back[k].dtype == v.dtype and back[k].shape == v.shape
        assert np.array_equal(back[k], v)
    assert not back["coords"].flags.writeable  # a view of the file, never written through
    # a member cut short or a file of garbage: missing, so the caller builds it again
    path = tmp_path / "fam-a.npz"
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    assert cache.load_arrays("fam-a") is None
    path.write_bytes(b"\0" * 100)
    assert cache.load_arrays("fam-a") is None
    path.write_bytes(b"")
    assert cache.load_arrays("fam-a") is None
    # a compressed file (not as save_arrays writes it) is still read, the usual way
    np.savez_compressed(path, x=np.arange(5))
    assert cache.load_arrays("fam-a")["x"].tolist() == [0, 1, 2, 3, 4]


def test_a_whole_layer_reads_back_from_the_cache_as_the_same_records(tmp_path: Path, monkeypatch):
    from trajgeo.io.data import data_dir
    from trajgeo.io.packed import _read_all, read_layer

    monkeypatch.setenv("TRAJGEO_CACHE_DIR", str(tmp_path))
    path = data_dir() / "land" / "land.npz"
    built = _read_all(cache.load_npz(path))  # grouped from the pieces, no whole-layer copy
    first = read_layer(path)
    assert len(list(tmp_path.glob("layer-v1-*.npz"))) == 1
    again = read_layer(path)  # from the copy
    for got in (first, again):
        assert (
            shapely.to_wkb(np.asarray(got[0])).tolist()
            == shapely.to_wkb(np.asarray(built[0])).tolist()
        )
        assert [g.geom_type for g in got[0]] == [g.geom_type for g in built[0]]
        assert got[1].keys() == built[1].keys()
        assert all(got[1][k].tolist() == built[1][k].tolist() for k in built[1])
        assert got[2] == built[2]
    assert {"Polygon", "MultiPolygon"} <= {g.geom_type for g in again[0]}
