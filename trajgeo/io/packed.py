"""A compact, fast-to-read polygon layer format with a bounding-box index.

trajgeo ships its maritime zones and land polygons as ``.npz`` files (numpy's
zip container, deflate-compressed) so that reading them needs only numpy
and shapely, not GDAL: a cold ``trajgeo where`` must start in under a
second. Layout (all arrays):

``x``, ``y``
    int32 vertex coordinates in units of 1e-7 degree (about 1 cm), all
    rings of all pieces concatenated; each ring closed.
``ring_offsets``, ``poly_offsets``
    shapely ragged-array offsets: ring k is ``x[ring_offsets[k]:ring_offsets[k+1]]``,
    piece p holds rings ``poly_offsets[p]:poly_offsets[p+1]`` (shell first).
``bbox``
    float64 ``(n_pieces, 4)`` minx, miny, maxx, maxy: the spatial index.
``owner``
    int32 ``(n_pieces,)``: the record each piece belongs to.
``attr_<name>``
    unicode arrays, one entry per record.
``meta``
    a JSON string (data-set name, version, ...).

Records are split into pieces (one polygon each, and large polygons cut on
a grid by the packer), so a bounding-box read decodes only what it needs.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "SCALE",
    "Record",
    "Records",
    "pack_layer",
    "ragged_subset",
    "read_layer",
    "read_records",
]

#: Fixed-point scale: 1e-7 degree per unit (about 1 cm of latitude).
SCALE = 1e7


def _split(geom: Any, cell_deg: float, max_vertices: int | None) -> list[Any]:
    import shapely
    from shapely.geometry import box

    polys = [p for p in getattr(geom, "geoms", [geom]) if not p.is_empty]
    out = []
    for poly in polys:
        if max_vertices is None or shapely.get_num_coordinates(poly) <= max_vertices:
            out.append(poly)
            continue
        minx, miny, maxx, maxy = poly.bounds
        xs = np.arange(math.floor(minx / cell_deg) * cell_deg, maxx + cell_deg, cell_deg)
        ys = np.arange(math.floor(miny / cell_deg) * cell_deg, maxy + cell_deg, cell_deg)
        cells = np.array(
            [box(x, y, x + cell_deg, y + cell_deg) for x in xs[:-1] for y in ys[:-1]], dtype=object
        )
        shapely.prepare(poly)
        pieces = shapely.intersection(poly, cells[shapely.intersects(poly, cells)])
        for piece in pieces:
            for g in getattr(piece, "geoms", [piece]):
                if g.geom_type == "Polygon" and not g.is_empty:
                    out.append(g)
    return out


def pack_layer(
    path: str | Path,
    geometries: Sequence[Any],
    attributes: Mapping[str, Sequence[str]],
    meta: Mapping[str, Any],
    cell_deg: float = 5.0,
    max_vertices: int | None = None,
) -> dict[str, int]:
    """Write polygons and their string attributes to a packed ``.npz`` layer.

    Each geometry is stored as its polygons (and, if ``max_vertices`` is
    given, larger polygons cut into grid cells of ``cell_deg``). Returns counts.
    """
    import shapely

    pieces, owner = [], []
    for i, geom in enumerate(geometries):
        # snap to the stored grid first, so the file reads back valid, exactly
        geom = shapely.set_precision(geom, 1.0 / SCALE)
        parts = _split(geom, cell_deg, max_vertices)
        pieces.extend(parts)
        owner.extend([i] * len(parts))
    gtype, coords, (ring_off, poly_off) = shapely.to_ragged_array(np.asarray(pieces, dtype=object))
    assert gtype == shapely.GeometryType.POLYGON
    xy = np.round(coords * SCALE)
    arrays: dict[str, Any] = {
        "x": xy[:, 0].astype(np.int32),
        "y": xy[:, 1].astype(np.int32),
        "ring_offsets": ring_off.astype(np.int64),
        "poly_offsets": poly_off.astype(np.int64),
        "bbox": shapely.bounds(np.asarray(pieces, dtype=object)),
        "owner": np.asarray(owner, dtype=np.int32),
        "meta": np.array(json.dumps(dict(meta), ensure_ascii=False)),
    }
    for name, values in attributes.items():
        arrays[f"attr_{name}"] = np.asarray([str(v) for v in values], dtype=np.str_)
    np.savez_compressed(path, **arrays)
    return {"records": len(geometries), "pieces": len(pieces), "vertices": len(coords)}


def read_layer(
    path: str | Path,
    bbox: Sequence[float] | None = None,
    records: Sequence[int] | None = None,
) -> tuple[list[Any], dict[str, np.ndarray], dict[str, Any]]:
    """Read a packed layer, optionally only the pieces whose box meets ``bbox``.

    ``records`` (indices) limits the read to those records, whole.

    Returns
    -------
    geometries : list
        One (Multi)Polygon per record that has a polygon in the box (a box
        read returns only those polygons of a record that meet the box).
    attributes : dict
        Attribute arrays for those records.
    meta : dict
        The layer's metadata.
    """
    import shapely

    from trajgeo.maritime._piececache import load_npz

    if bbox is None and records is None:
        return _whole_layer(path)
    z = load_npz(path)  # decompressed once, then read from the user's cache
    boxes = z["bbox"]
    owner = z["owner"]
    if records is not None:
        keep = np.nonzero(np.isin(owner, np.asarray(records)))[0]
    elif bbox is None:
        keep = np.arange(len(owner))
    else:
        minx, miny, maxx, maxy = bbox
        keep = np.nonzero(
            (boxes[:, 0] <= maxx)
            & (boxes[:, 2] >= minx)
            & (boxes[:, 1] <= maxy)
            & (boxes[:, 3] >= miny)
        )[0]
    if len(keep) == len(owner) and len(keep):
        return _read_all(z)  # every piece: the stored arrays are the ragged arrays already
    vert, new_ring, new_poly = ragged_subset(z["ring_offsets"], z["poly_offsets"], keep)
    coords = np.column_stack([z["x"][vert], z["y"][vert]]).astype(np.float64) / SCALE
    pieces = (
        shapely.from_ragged_array(shapely.GeometryType.POLYGON, coords, (new_ring, new_poly))
        if len(keep)
        else []
    )
    return _by_record(pieces, owner[keep], z)


def ragged_subset(
    ring_offsets: np.ndarray, poly_offsets: np.ndarray, keep: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the vertices of polygons ``keep`` of a ragged array, and their own offsets.

    The polygons' rings and vertices, gathered into ragged arrays of their own:
    the indices of their vertices in the whole, then ring and polygon offsets.

    Examples
    --------
    >>> rings, polys = np.array([0, 4, 8, 12]), np.array([0, 2, 3])  # 2 rings, then 1
    >>> vert, ring, poly = ragged_subset(rings, polys, np.array([1]))
    >>> vert.tolist(), ring.tolist(), poly.tolist()
    ([8, 9, 10, 11], [0, 4], [0, 1])
    """
    keep = np.asarray(keep, dtype=np.int64)
    r0, r1 = poly_offsets[keep], poly_offsets[keep + 1]
    ring = _ranges(r0, r1)
    v0, v1 = ring_offsets[ring], ring_offsets[ring + 1]
    return _ranges(v0, v1), _offsets(v1 - v0), _offsets(r1 - r0)


def _ranges(start: np.ndarray, stop: np.ndarray) -> np.ndarray:
    """``start[k]:stop[k]`` for every k, one after another."""
    lengths = stop - start
    return np.repeat(start - _offsets(lengths)[:-1], lengths) + np.arange(lengths.sum())


def _offsets(lengths: np.ndarray) -> np.ndarray:
    return np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)


#: The user-cache family of whole layers as their records' ragged arrays; the number changes
#: whenever :func:`_by_record` would group pieces differently, so an old copy is never read.
_WHOLE = "layer-v1"


def _whole_layer(path: str | Path) -> tuple[list[Any], dict[str, np.ndarray], dict[str, Any]]:
    """Read every record of a layer, from the user's cache once it has been read once.

    Grouping the pieces into records (about 10,000 polygons into 700
    (Multi)Polygons for the zones and land) was about 0.05 s of every command
    that reads zones. The cache keeps the records themselves, as shapely's
    ragged arrays, Polygons and MultiPolygons apart, so they come back as
    the same geometries, coordinate for coordinate, in a few milliseconds.
    It is named by the layer's content, so a changed layer is read afresh.
    """
    from trajgeo.maritime._piececache import (
        KEEP_UNPACKED,
        content_key,
        load_arrays,
        load_npz,
        save_arrays,
    )

    key = content_key(path)
    if key:
        found = load_arrays(f"{_WHOLE}-{key}")
        if found is not None and "single" in found:
            return _records_from_arrays(found)
    result = _read_all(load_npz(path))
    if key and len(result[0]):
        save_arrays(f"{_WHOLE}-{key}", _records_to_arrays(*result), keep=KEEP_UNPACKED)
    return result


def read_records(path: str | Path) -> tuple[Records, dict[str, np.ndarray], dict[str, Any]]:
    """Read every record of a layer, each made into its geometry only when first asked for.

    As :func:`read_layer` with neither ``bbox`` nor ``records``, but from the
    user's cache (once the layer has been read once) no record is made yet:
    :class:`Records` makes each on first use, the same geometry coordinate
    for coordinate.
    """
    from trajgeo.maritime._piececache import content_key, load_arrays

    key = content_key(path)
    found = load_arrays(f"{_WHOLE}-{key}") if key else None
    if found is not None and "single" in found:
        attrs = {k[5:]: v for k, v in found.items() if k.startswith("attr_")}
        return Records(found), attrs, json.loads(str(found["meta"]))
    geoms, attrs, meta = _whole_layer(path)
    return Records(None, geoms), attrs, meta


class Records:
    """A layer's records (one Polygon or MultiPolygon each), each made on first use.

    Held as the ragged arrays :func:`_records_to_arrays` saves (or as
    geometries made already); ``records[k]`` makes record ``k`` once and
    keeps it. Making one of a few hundred records costs about a third more
    than its share of making them all at once, so a command that needs every
    record pays little more, and one that needs a few pays for those.

    Examples
    --------
    >>> import shapely
    >>> square = shapely.box(0, 0, 1, 1)
    >>> records = Records(_records_to_arrays([square, square.buffer(1)], {}, {}))
    >>> len(records), records.made
    (2, 0)
    >>> records[0].equals(square), records.made
    (True, 1)
    """

    def __init__(self, arrays: Mapping[str, np.ndarray] | None, made: Sequence[Any] = ()):
        self._a = arrays
        if arrays is None:
            self._made: list[Any] = list(made)
            return
        single = np.asarray(arrays["single"], dtype=bool)
        self._single = single
        self._at = np.where(single, np.cumsum(single), np.cumsum(~single)) - 1
        self._made = [None] * len(single)

    def __len__(self) -> int:
        return len(self._made)

    @property
    def made(self) -> int:
        """How many records have been made into geometries."""
        return sum(g is not None for g in self._made)

    def __getitem__(self, k: int) -> Any:
        if self._made[k] is None:
            self._made[k] = self._make(k)
        return self._made[k]

    def _make(self, k: int) -> Any:
        import shapely

        a = self._a
        assert a is not None
        j = int(self._at[k])
        if self._single[k]:  # a Polygon: its rings, and their vertices
            off0, off1 = a["s_off0"], a["s_off1"]
            r0, r1 = off1[j], off1[j + 1]
            c0, c1 = off0[r0], off0[r1]
            return shapely.from_ragged_array(
                shapely.GeometryType.POLYGON,
                a["s_coords"][c0:c1],
                (off0[r0 : r1 + 1] - c0, np.array([0, r1 - r0])),
            )[0]
        off0, off1, off2 = a["m_off0"], a["m_off1"], a["m_off2"]
        p0, p1 = off2[j], off2[j + 1]
        r0, r1 = off1[p0], off1[p1]
        c0, c1 = off0[r0], off0[r1]
        return shapely.from_ragged_array(
            shapely.GeometryType.MULTIPOLYGON,
            a["m_coords"][c0:c1],
            (off0[r0 : r1 + 1] - c0, off1[p0 : p1 + 1] - r0, np.array([0, p1 - p0])),
        )[0]


class Record:
    """Record ``k`` of a :class:`Records`, to be made into its geometry when first used."""

    __slots__ = ("k", "records")

    def __init__(self, records: Records, k: int):
        self.records = records
        self.k = k

    def make(self) -> Any:
        """Return the record's geometry (made once, kept by its :class:`Records`)."""
        return self.records[self.k]


def _read_all(z: Any) -> tuple[list[Any], dict[str, np.ndarray], dict[str, Any]]:
    """Group every piece of a layer into its record."""
    import shapely

    x, y = z["x"], z["y"]
    coords = np.column_stack([x, y]).astype(np.float64) / SCALE
    pieces = shapely.from_ragged_array(
        shapely.GeometryType.POLYGON, coords, (z["ring_offsets"], z["poly_offsets"])
    )
    return _by_record(pieces, z["owner"], z)


def _records_to_arrays(
    geoms: list[Any], attrs: dict[str, np.ndarray], meta: dict[str, Any]
) -> dict[str, np.ndarray]:
    """Return records as arrays: the Polygons' and the MultiPolygons' ragged arrays apart."""
    import shapely

    arr = np.asarray(geoms, dtype=object)
    single = shapely.get_type_id(arr) == shapely.GeometryType.POLYGON
    out: dict[str, np.ndarray] = {"single": single, "meta": np.array(json.dumps(meta))}
    for tag, sel in (("s", single), ("m", ~single)):
        if sel.any():
            _, coords, offsets = shapely.to_ragged_array(arr[sel])
            out[f"{tag}_coords"] = coords
            out.update({f"{tag}_off{k}": off for k, off in enumerate(offsets)})
    out.update({f"attr_{k}": v for k, v in attrs.items()})
    return out


def _records_from_arrays(
    a: dict[str, np.ndarray],
) -> tuple[list[Any], dict[str, np.ndarray], dict[str, Any]]:
    """Rebuild the records :func:`_records_to_arrays` saved."""
    import shapely

    single = a["single"].astype(bool)
    geoms = np.empty(len(single), dtype=object)
    kinds = (
        ("s", single, shapely.GeometryType.POLYGON, 2),
        ("m", ~single, shapely.GeometryType.MULTIPOLYGON, 3),
    )
    for tag, sel, kind, levels in kinds:
        if sel.any():
            offsets = tuple(a[f"{tag}_off{k}"] for k in range(levels))
            geoms[sel] = shapely.from_ragged_array(kind, a[f"{tag}_coords"], offsets)
    attrs = {k[5:]: v for k, v in a.items() if k.startswith("attr_")}
    return list(geoms), attrs, json.loads(str(a["meta"]))


def _by_record(
    pieces: Any, kept_records: np.ndarray, z: Any
) -> tuple[list[Any], dict[str, np.ndarray], dict[str, Any]]:
    """Group pieces by their record (one (Multi)Polygon each), with the records' attributes."""
    import shapely

    attrs_all = {k[5:]: v for k, v in z.items() if k.startswith("attr_")}
    meta = json.loads(str(z["meta"]))
    order, starts = np.unique(kept_records, return_index=True)
    sort = np.argsort(kept_records, kind="stable")
    bounds = list(np.searchsorted(kept_records[sort], order)) + [len(kept_records)]
    pieces_arr = np.asarray(pieces, dtype=object)
    counts = np.diff(bounds)
    geoms = pieces_arr[sort[np.asarray(bounds[:-1], dtype=np.int64)]]  # one-piece records
    multi = np.flatnonzero(counts > 1)
    if len(multi):
        # the records of several pieces, built in one call: their pieces in order, numbered
        group = np.repeat(np.arange(len(multi)), counts[multi])
        at = np.concatenate([sort[bounds[k] : bounds[k + 1]] for k in multi])
        geoms[multi] = shapely.multipolygons(pieces_arr[at], indices=group)
    attrs = {k: v[order] for k, v in attrs_all.items()}
    return list(geoms), attrs, meta
