"""Maritime limit LINES with what each one is and how good it is.

trajgeo ships, beside its zone polygons, a layer of the limits between them
(``geodata/eez/limits.npz``, built by ``geodata/build_limits.py``). Each line
has a ``kind``:

``outer_limit_200nm``
    200 NM from the coast, the high seas beyond.
``median_line``
    An equidistance line between two states' coasts (not agreed).
``treaty`` / ``court_ruling``
    A line from the turning points of a published instrument.
``disputed_band``
    The edge of a band of sea whose owner depends on whose claim to
    disputed land you follow.
``joint_regime``
    The edge of an area two states manage jointly.
``territorial_12nm``
    The seaward edge of a territorial sea.

and ``side_a`` / ``side_b`` (sovereign ISO3 codes; a band's claimants joined by
``;``; empty for the high seas), ``source`` (the instrument and its year for
treaty lines) and ``error_km``: a 95 % bound of the line's offset from the
true limit for its class, measured by ``geodata/measure_accuracy.py`` against
reference data (conservative where unmeasured).

The layer is read only when first asked for (:func:`load_limits`), so it
costs nothing to commands that never need it.

File format (numpy ``.npz``): ``x``, ``y`` int32 in 1e-7 degree; ``line_offsets``
(vertices of line k are ``line_offsets[k]:line_offsets[k+1]``); ``bbox``
``(n_lines, 4)``; ``owner`` (record of each line); ``attr_<name>`` one string
per record; ``meta`` JSON.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "DERIVED_SOURCE_PREFIXES",
    "LimitLines",
    "limit_error_at",
    "limit_lines",
    "load_limits",
    "nearest_limit",
    "pack_lines",
    "read_lines",
]

#: How the ``source`` of a line trajgeo derived from the coastline alone begins (the texts
#: ``geodata/build_limits.py`` writes, ``SOURCE_OF_KIND``); any other source names the
#: instrument the line follows.
DERIVED_SOURCE_PREFIXES = (
    "200 NM geodesic circles",
    "12 NM geodesic circles",
    "unagreed equidistance line",
    "sea nearest to disputed land",
    "joint regime (trajgeo-eez)",
)

SCALE = 1e7
R_KM = 6371.0088
KM_PER_DEG = math.pi * R_KM / 180.0
#: lines are cut into pieces of at most this many vertices for the spatial index (short
#: pieces: the exact pass measures fewer vertices beyond the search radius)
PIECE_VERTICES = 8
#: the first guess measures to points this far apart (degrees, at most 11 km) along the
#: lines: from a point d km away the nearest of them is within spacing^2 / 8d of the
#: line's own distance (0.05 km at ``REFINE_KM``)
DENSE_DEG = 0.1
#: points nearer a line than this (km) are measured exactly; farther ones within about 0.05 km
REFINE_KM = 300.0
#: Up to this many points, the nearest dense point is found by a scan, not an index.
SCAN_POINTS = 16


def pack_lines(
    path: str | Path,
    geometries: Sequence[Any],
    attributes: Mapping[str, Sequence[str]],
    meta: Mapping[str, Any],
) -> dict[str, int]:
    """Write (multi)linestrings and their string attributes to a packed ``.npz`` layer."""
    import shapely

    lines, owner = [], []
    for i, g in enumerate(geometries):
        for part in shapely.get_parts(g):
            if part.geom_type == "LineString" and len(part.coords) >= 2:
                lines.append(part)
                owner.append(i)
    arr = np.asarray(lines, dtype=object)
    coords, idx = shapely.get_coordinates(arr, return_index=True)
    counts = np.bincount(idx, minlength=len(arr))
    xy = np.round(coords * SCALE)
    arrays: dict[str, Any] = {
        "x": xy[:, 0].astype(np.int32),
        "y": xy[:, 1].astype(np.int32),
        "line_offsets": np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
        "bbox": shapely.bounds(arr),
        "owner": np.asarray(owner, dtype=np.int32),
        "meta": np.array(json.dumps(dict(meta), ensure_ascii=False)),
    }
    for k, vals in attributes.items():
        arrays[f"attr_{k}"] = np.asarray([str(v) for v in vals], dtype=np.str_)
    np.savez_compressed(path, **arrays)
    return {"records": len(geometries), "lines": len(lines), "vertices": len(coords)}


def read_lines(
    path: str | Path,
) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray], dict[str, Any]]:
    """Read a packed line layer: coordinates (n, 2), line offsets, per-line attributes, meta."""
    from trajgeo.maritime._piececache import load_npz

    z = load_npz(path)  # decompressed once, then read from the user's cache
    xy = np.column_stack([z["x"], z["y"]]).astype(np.float64) / SCALE
    off = z["line_offsets"]
    owner = z["owner"]
    # one record a line (as the shipped layer has) needs no gathering: the mapped arrays
    # are used as they are, and only the parts a command reads are paged in
    own = len(owner) == len(off) - 1 and np.array_equal(owner, np.arange(len(owner)))
    attrs = {k[5:]: v if own else v[owner] for k, v in z.items() if k.startswith("attr_")}
    meta = json.loads(str(z["meta"]))
    return xy, off, attrs, meta


@dataclass
class LimitLines:
    """The limit lines, cut into short pieces with a spatial index (STRtree)."""

    pieces: np.ndarray  # shapely LineStrings, lon/lat
    line: np.ndarray  # line index of each piece
    attrs: dict[str, np.ndarray]  # per line
    meta: dict[str, Any]

    def __len__(self) -> int:
        return len(self.attrs.get("kind", ()))

    @property
    def error_km(self) -> np.ndarray:
        """Per-line 95 % error bound (km)."""
        return self.attrs["error_km"].astype(float)

    def subset(self, mask_lines: np.ndarray) -> LimitLines:
        """Only the lines where ``mask_lines`` is true."""
        keep = mask_lines[self.line]
        remap = np.cumsum(mask_lines) - 1
        return LimitLines(
            self.pieces[keep],
            remap[self.line[keep]],
            {k: v[mask_lines] for k, v in self.attrs.items()},
            self.meta,
        )

    def _dense_points(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Points every :data:`DENSE_DEG` along the pieces: lon/lat, piece, unit vectors."""
        if getattr(self, "_dense", None) is None:
            import shapely

            dense = shapely.segmentize(self.pieces, DENSE_DEG)
            xy, piece = shapely.get_coordinates(dense, return_index=True)
            self._dense = (xy, piece, _unit_vectors(xy[:, 0], xy[:, 1]))
        return self._dense

    @property
    def bounds(self) -> np.ndarray:
        """Each piece's bounds (minx, miny, maxx, maxy), kept once computed."""
        if getattr(self, "_bounds", None) is None:
            import shapely

            self._bounds = shapely.bounds(self.pieces)
        return self._bounds

    @property
    def dense(self) -> tuple[np.ndarray, np.ndarray]:
        """Points every :data:`DENSE_DEG` along the pieces: lon/lat, and piece."""
        xy, piece, _ = self._dense_points()
        return xy, piece

    @property
    def guide(self) -> tuple[_LonIndex, np.ndarray, np.ndarray]:
        """The :attr:`dense` points: their index, unit vectors, and piece.

        The index (:class:`_LonIndex`) finds the points in lon/lat boxes, which
        may run past 180° on either side; :func:`_nearest_point` finds the
        nearest on the sphere with it.
        """
        if getattr(self, "_guide", None) is None:
            xy, piece, vectors = self._dense_points()
            self._guide = (_LonIndex(xy[:, 0], xy[:, 1]), vectors, piece)
        return self._guide

    def nearest_dense(self, unit: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Chord to, and index of, the :attr:`dense` point nearest each of a few ``unit`` rows.

        For a handful of points a scan of the dense points finds the same
        nearest point as the k-d tree, without importing scipy or building an
        index (which would cost a one-point ``trajgeo where`` a quarter second).
        """
        vectors = self._dense_points()[2]
        chord = np.empty(len(unit))
        j = np.empty(len(unit), dtype=np.int64)
        for k, u in enumerate(unit):
            d2 = ((vectors - u) ** 2).sum(axis=1)
            j[k] = int(np.argmin(d2))
            chord[k] = np.sqrt(d2[j[k]])
        return chord, j

    @property
    def kdtree(self) -> Any:
        """A k-d tree (``scipy.spatial.cKDTree``) of the guide points' unit vectors.

        For points scattered over much of the globe (see :func:`nearest_line`);
        scipy is imported only then.
        """
        if getattr(self, "_kd", None) is None:
            from scipy.spatial import cKDTree

            self._kd = cKDTree(self._dense_points()[2])
        return self._kd

    @property
    def tree(self) -> Any:
        """STRtree over the pieces, with copies shifted by ±360° near the antimeridian."""
        if getattr(self, "_tree", None) is None:
            import shapely

            b = shapely.bounds(self.pieces)
            east = np.flatnonzero(b[:, 2] > 170.0)
            west = np.flatnonzero(b[:, 0] < -170.0)
            geoms = np.concatenate(
                [
                    self.pieces,
                    shapely.transform(self.pieces[east], lambda c: c - [360.0, 0.0]),
                    shapely.transform(self.pieces[west], lambda c: c + [360.0, 0.0]),
                ]
            )
            self._src = np.concatenate([np.arange(len(self.pieces)), east, west])
            self._geoms = geoms
            self._tree = shapely.STRtree(geoms)
        return self._tree


def _default_path() -> Path:
    from trajgeo.io.data import data_path

    return data_path("eez", "limits.npz")


@lru_cache(maxsize=4)
def _read(path: str) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray], dict[str, Any]]:
    """:func:`read_lines`, once per process."""
    return read_lines(path)


def _cut(xy: np.ndarray, off: np.ndarray, sel: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cut lines ``sel`` into pieces of <= PIECE_VERTICES vertices (consecutive pieces share one).

    Returns the pieces and the line of each, numbered in ``sel``'s order.
    """
    import shapely

    start, end = off[sel], off[sel + 1]
    step = PIECE_VERTICES - 1
    npieces = np.maximum(1, np.ceil((end - start - 1) / step)).astype(int)
    line = np.repeat(np.arange(len(sel)), npieces)
    k = np.arange(len(line)) - np.repeat(np.cumsum(npieces) - npieces, npieces)
    s = start[line] + k * step
    e = np.minimum(s + step + 1, end[line])
    lens = e - s
    idx = np.repeat(s - np.concatenate([[0], np.cumsum(lens)[:-1]]), lens) + np.arange(lens.sum())
    pieces = shapely.linestrings(xy[idx], indices=np.repeat(np.arange(len(line)), lens))
    return np.asarray(pieces, dtype=object), line


@lru_cache(maxsize=4)
def _load(path: str) -> LimitLines:
    xy, off, attrs, meta = _read(path)
    pieces, line = _cut(xy, off, np.arange(len(off) - 1))
    return LimitLines(pieces, line, attrs, meta)


def load_limits(path: str | Path | None = None) -> LimitLines:
    """Load the shipped limit lines (cached; read on first use only)."""
    return _load(str(path if path is not None else _default_path()))


@lru_cache(maxsize=64)
def _selected(path: str, iso3: str | None, kinds: tuple[str, ...] | None) -> LimitLines:
    """Select the lines with ``iso3`` on one side (a band's claimants count) and of ``kinds``."""
    xy, off, attrs, meta = _read(path)
    mask = np.ones(len(off) - 1, dtype=bool)
    if iso3:
        mask &= _naming(path, iso3)
    if kinds is not None:
        mask &= np.isin(attrs["kind"], list(kinds))
    if mask.all():
        return _load(path)
    # only the selected lines are cut (the same pieces as the whole layer's subset)
    pieces, line = _cut(xy, off, np.flatnonzero(mask))
    return LimitLines(pieces, line, {k: v[mask] for k, v in attrs.items()}, meta)


@lru_cache(maxsize=4)
def _sides(path: str) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Each side column of a layer's lines as its distinct values and which each line has.

    Sorting the side names (thousands of strings) was most of selecting a
    state's lines; it is done once per layer, not once per state asked about.
    """
    attrs = _read(path)[2]
    a, which_a = np.unique(np.asarray(attrs["side_a"]), return_inverse=True)
    b, which_b = np.unique(np.asarray(attrs["side_b"]), return_inverse=True)
    return (a, which_a), (b, which_b)


def _naming(path: str, iso3: str) -> np.ndarray:
    """Which lines of the layer at ``path`` have ``iso3`` on one side (see :func:`_names`)."""
    (a, which_a), (b, which_b) = _sides(path)
    return _names(a, which_a, iso3) | _names(b, which_b, iso3)


def _names(distinct: np.ndarray, which: np.ndarray, iso3: str) -> np.ndarray:
    """Which lines' side (``;``-separated ISO3 codes, a band's claimants) names ``iso3``.

    ``distinct`` and ``which`` are a side column as :func:`numpy.unique` splits
    it: each distinct side (a few hundred among thousands of lines) is read once.

    Examples
    --------
    >>> sides = np.unique(["JPN", "KOR;JPN", "CHN", "JPN"], return_inverse=True)
    >>> _names(*sides, "JPN").tolist()
    [True, True, False, True]
    """
    named = np.array([iso3 in str(v).split(";") for v in distinct], dtype=bool)
    return named[which.reshape(-1)]


def _haversine_km(
    lon1: np.ndarray, lat1: np.ndarray, lon2: np.ndarray, lat2: np.ndarray
) -> np.ndarray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(lon2 - lon1)
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * R_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


def _unit_vectors(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Points on the unit sphere (rows x, y, z) for lon/lat in degrees."""
    lo, la = np.radians(lon), np.radians(lat)
    c = np.cos(la)
    return np.column_stack([c * np.cos(lo), c * np.sin(lo), np.sin(la)])


def _feet(coords: np.ndarray, cidx: np.ndarray, ngeoms: int) -> tuple[np.ndarray, np.ndarray]:
    """Each line's point nearest the origin, as GEOS's ``shortest_line`` finds it.

    ``coords`` are the vertices of ``ngeoms`` lines (line ``cidx``, in order);
    for each line, the foot on its segment nearest the origin (planar), and
    whether the line had a segment at all.
    """
    a, b = coords[:-1], coords[1:]
    same = cidx[:-1] == cidx[1:]
    a, b, seg = a[same], b[same], cidx[:-1][same]
    ab = b - a
    len2 = ab[:, 0] * ab[:, 0] + ab[:, 1] * ab[:, 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        t = -(a[:, 0] * ab[:, 0] + a[:, 1] * ab[:, 1]) / len2
    t = np.where(len2 > 0, np.clip(t, 0.0, 1.0), 0.0)
    fx, fy = a[:, 0] + t * ab[:, 0], a[:, 1] + t * ab[:, 1]
    d2 = fx * fx + fy * fy
    out = np.zeros((ngeoms, 2))
    has = np.zeros(ngeoms, dtype=bool)
    if not len(seg):
        return out, has
    # the nearest segment of each line (the first of equals, as GEOS takes it); a
    # line's segments are consecutive
    starts = np.flatnonzero(np.concatenate([[True], seg[1:] != seg[:-1]]))
    low = np.minimum.reduceat(d2, starts)
    hit = np.flatnonzero(d2 == np.repeat(low, np.diff(np.append(starts, len(seg)))))
    first = hit[np.searchsorted(hit, starts)]
    out[seg[first], 0], out[seg[first], 1] = fx[first], fy[first]
    has[seg[first]] = True
    return out, has


class _LonIndex:
    """Points sorted by longitude and by latitude, to find those in boxes that may cross 180°.

    What an STRtree of the points and of their copies shifted by ±360° finds
    (every point in a box, edges included), without making a geometry: the
    guide points of a state's lines (tens of thousands) were a twentieth of a
    cold ``trajgeo check`` to make into points and index, for the few boxes an
    estimate asks about. Each box takes its candidates from whichever order
    gives fewer (a cap round a pole spans every longitude but few latitudes),
    and boxes are taken a batch at a time, so the candidates held at once
    stay bounded.

    Examples
    --------
    >>> index = _LonIndex(np.array([179.5, -179.5, 0.0]), np.array([10.0, 10.0, 10.0]))
    >>> box, point = index.query(*(np.array([v]) for v in (179.0, 9.0, 180.6, 11.0)))
    >>> point.tolist()
    [0, 1]
    >>> box, point = index.query(*(np.array([v]) for v in (-180.0, 9.5, 180.0, 10.5)))
    >>> point.tolist()
    [0, 1, 2]
    """

    #: Candidates examined at once, at most (plus one box's own, if larger).
    BATCH = 1 << 22
    #: A point, and its copies 360° east and west: the longitudes a box is matched against.
    SHIFTS = (0.0, 360.0, -360.0)

    def __init__(self, lon: np.ndarray, lat: np.ndarray) -> None:
        self.lon_order = np.argsort(lon, kind="stable")
        self.lat_order = np.argsort(lat, kind="stable")
        self.lon = lon
        self.lat = lat
        self.by_lon = lon[self.lon_order]
        self.by_lat = lat[self.lat_order]

    def query(
        self, west: np.ndarray, south: np.ndarray, east: np.ndarray, north: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Return (box, point) index pairs, each point once a box, in order of box, then point."""
        # each box's candidates: a range of the longitude order for the box and each of its
        # copies 360° east and west, or one range of the latitude order
        shifts = self.SHIFTS
        lon_lo = np.stack([np.searchsorted(self.by_lon, west + s, side="left") for s in shifts])
        lon_hi = np.stack([np.searchsorted(self.by_lon, east + s, side="right") for s in shifts])
        lon_hi = np.maximum(lon_hi, lon_lo)
        lat_lo = np.searchsorted(self.by_lat, south, side="left")
        lat_hi = np.maximum(np.searchsorted(self.by_lat, north, side="right"), lat_lo)
        lon_count = (lon_hi - lon_lo).sum(axis=0)
        by_lat = (lat_hi - lat_lo) < lon_count
        total = np.cumsum(np.where(by_lat, lat_hi - lat_lo, lon_count))
        boxes, points = [], []
        start = 0
        while start < len(west):
            # as many boxes as fit in one batch of candidates (at least one)
            done = int(total[start - 1]) if start else 0
            end = max(start + 1, int(np.searchsorted(total, done + self.BATCH)))
            sel = np.arange(start, end)
            lat_sel, lon_sel = sel[by_lat[sel]], sel[~by_lat[sel]]
            b, p = self._in_lat_ranges(lat_sel, lat_lo, lat_hi, west, east)
            boxes.append(b)
            points.append(p)
            for k in range(len(shifts)):
                b, p = self._ranges(lon_sel, lon_lo[k], lon_hi[k], self.lon_order)
                inside = (self.lat[p] >= south[b]) & (self.lat[p] <= north[b])
                boxes.append(b[inside])
                points.append(p[inside])
            start = end
        box, point = np.concatenate(boxes), np.concatenate(points)
        # a box 360° wide can meet a point and its copy: keep each pair once
        order = np.lexsort((point, box))
        box, point = box[order], point[order]
        keep = np.ones(len(box), dtype=bool)
        keep[1:] = (box[1:] != box[:-1]) | (point[1:] != point[:-1])
        return box[keep], point[keep]

    def _in_lat_ranges(
        self,
        sel: np.ndarray,
        lo: np.ndarray,
        hi: np.ndarray,
        west: np.ndarray,
        east: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Return the pairs of boxes ``sel`` from their latitude ranges, longitude (or copy) in."""
        b, p = self._ranges(sel, lo, hi, self.lat_order)
        lon = self.lon[p]
        inside = np.zeros(len(p), dtype=bool)
        for s in self.SHIFTS:
            inside |= (lon >= west[b] + s) & (lon <= east[b] + s)
        return b[inside], p[inside]

    @staticmethod
    def _ranges(
        sel: np.ndarray, lo: np.ndarray, hi: np.ndarray, order: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Return the (box, point) pairs of boxes ``sel``, each over ``order[lo:hi]``."""
        from trajgeo.io.packed import _ranges

        return np.repeat(sel, hi[sel] - lo[sel]), order[_ranges(lo[sel], hi[sel])]


def _nearest_point(
    guide: tuple[_LonIndex, np.ndarray, np.ndarray],
    lon: np.ndarray,
    lat: np.ndarray,
    groups: list[np.ndarray],
) -> tuple[np.ndarray, np.ndarray]:
    """Return the chord to the nearest guide point on the unit sphere, and its index.

    Exact on the sphere (the first of equally near points), as a k-d tree of
    unit vectors answers it, without one: importing ``scipy.spatial`` cost a
    ``trajgeo check`` more than all its searches. The points are taken in
    groups of neighbours (``groups``, from :func:`_groups`); the guide point
    nearest a group's centre is within ``spread + d`` of every point of the
    group (``spread`` the group's largest angle from its centre, ``d`` that
    point's), so each point's nearest is within ``2 spread + d`` of the
    centre. Every guide point in the lon/lat box round that cap is a
    candidate, and the nearest of them by dot product (a matrix product) is
    each point's nearest.
    """
    index, unit, _ = guide
    q = _unit_vectors(lon, lat)
    centres = np.array([q[g].sum(axis=0) for g in groups]).reshape(-1, 3)
    centres /= np.linalg.norm(centres, axis=1)[:, None]  # a group lies within one cell
    spread = np.array(
        [
            _angle(np.linalg.norm(q[g] - c, axis=1)).max()
            for g, c in zip(groups, centres, strict=True)
        ]
    )
    near = np.concatenate(
        [np.max(centres[s : s + 64] @ unit.T, axis=1) for s in range(0, len(centres), 64)]
    )
    reach = 2.0 * spread + np.arccos(np.clip(near, -1.0, 1.0)) + 1e-9
    gi, pi = index.query(*_cap_boxes(centres, reach))  # by group, then guide point
    bounds = np.searchsorted(gi, np.arange(len(groups) + 1))
    best = np.empty(len(q), dtype=np.int64)
    for k, grp in enumerate(groups):
        cand = pi[bounds[k] : bounds[k + 1]]
        top = np.full(len(grp), -np.inf)
        for b in range(0, len(cand), _BLOCK):
            block = cand[b : b + _BLOCK]
            dots = q[grp] @ unit[block].T
            j = np.argmax(dots, axis=1)
            hit = dots[np.arange(len(grp)), j]
            better = hit > top
            top[better], best[grp[better]] = hit[better], block[j[better]]
    return np.linalg.norm(q - unit[best], axis=1), best


#: points searched together for their nearest guide point (neighbours: one cap for all),
#: grouped first by cells of this many degrees; guide points a matrix product takes
_GROUP = 256
_GROUP_DEG = 1.0
_BLOCK = 8192
_MIN_PER_GROUP = 16


def _groups(lon: np.ndarray, lat: np.ndarray) -> list[np.ndarray] | None:
    """Split the points' indices into groups of at most :data:`_GROUP`, each in one cell.

    ``None`` when the points are scattered, fewer than :data:`_MIN_PER_GROUP`
    a cell on average: each group then reaches far, and a k-d tree is faster.
    """
    cell = np.floor(lon / _GROUP_DEG) * 1000.0 + np.floor(lat / _GROUP_DEG)
    order = np.argsort(cell, kind="stable")
    ends = np.append(np.flatnonzero(np.diff(cell[order])) + 1, len(order))
    if len(ends) * _MIN_PER_GROUP > len(cell):
        return None
    out: list[np.ndarray] = []
    start = 0
    for end in ends.tolist():
        out.extend(order[s : min(s + _GROUP, end)] for s in range(start, end, _GROUP))
        start = end
    return out


def _angle(chord: np.ndarray) -> np.ndarray:
    """Angle (rad) subtended by a chord of the unit sphere."""
    return 2.0 * np.arcsin(np.minimum(chord / 2.0, 1.0))


def _cap_boxes(
    centres: np.ndarray, theta: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return the lon/lat boxes round spherical caps (unit-vector centres, radii in rad).

    As four arrays: west, south, east and north edges (degrees; east and west
    may lie past 180°).
    """
    lon = np.degrees(np.arctan2(centres[:, 1], centres[:, 0]))
    lat = np.degrees(np.arcsin(np.clip(centres[:, 2], -1.0, 1.0)))
    half_lat = np.degrees(theta) + 1e-7
    ratio = np.sin(np.minimum(theta, np.pi / 2)) / np.maximum(np.cos(np.radians(lat)), 1e-12)
    # a cap that holds a pole spans every longitude
    half_lon = np.where(
        np.abs(lat) + half_lat < 90.0, np.degrees(np.arcsin(np.minimum(ratio, 1.0))) + 1e-7, 180.0
    )
    return lon - half_lon, lat - half_lat, lon + half_lon, lat + half_lat


def nearest_line(
    lim: LimitLines, lon: np.ndarray, lat: np.ndarray, refine_km: float = REFINE_KM
) -> tuple[np.ndarray, np.ndarray]:
    """Index of the nearest line and the distance to it (km) for each point.

    A first guess comes from points every ~10 km along the lines: the nearest
    on the sphere (a scan for up to :data:`SCAN_POINTS` points, as ``trajgeo
    where`` asks; :func:`_nearest_point` for points close together, as an
    estimate's samples are; a k-d tree of unit vectors for points scattered
    over the globe), whose great-circle distance
    is an upper bound of the nearest line's. For points within
    ``REFINE_KM`` of a line, every piece the STRtree finds in the box round
    that guess's spherical cap (+2 km) is measured in a local
    equirectangular frame centred on the point, and the foot found there is
    measured as a great circle. A smaller ``refine_km`` measures fewer points
    exactly: up to ``REFINE_KM``, the others' distances are then the first
    guess less its bound, ``DENSE_DEG`` squared over eight times the distance
    (0.5 km at 30 km): never too long, at most that bound too short.
    """
    n = len(lon)
    best_d = np.full(n, np.inf)
    best_i = np.full(n, -1)
    if n == 0 or len(lim.pieces) == 0:
        return best_i, best_d
    # first guess: the nearest point along the lines on the sphere (chord -> arc); any
    # point of a line will do: its distance bounds the nearest line's, so the exact pass
    # below, which searches that far, finds the true nearest line
    if n <= SCAN_POINTS:  # a point or a few (trajgeo where): a scan, no index to build
        chord, j = lim.nearest_dense(_unit_vectors(lon, lat))
    elif (groups := _groups(lon, lat)) is not None:  # an estimate's samples, close together
        chord, j = _nearest_point(lim.guide, lon, lat, groups)
    else:  # scattered over much of the globe
        chord, j = lim.kdtree.query(_unit_vectors(lon, lat))
    d_guess = R_KM * _angle(chord)
    best_d[:] = d_guess
    best_i[:] = lim.line[lim.dense[1][j]]
    if refine_km < REFINE_KM:
        # points left unmeasured short of REFINE_KM: the guess less its bound, never too long
        skip = (d_guess >= refine_km) & (d_guess < REFINE_KM)
        best_d[skip] -= (DENSE_DEG * KM_PER_DEG) ** 2 / (8.0 * d_guess[skip])
    # refine near points exactly: every piece that can be within the guess + 2 km
    near = np.flatnonzero(d_guess < refine_km)
    coslat = np.maximum(0.05, np.cos(np.radians(lat)))
    for start in range(0, len(near), _REFINE_BATCH):
        batch = near[start : start + _REFINE_BATCH]
        _refine(lim, lon, lat, coslat, batch, d_guess, best_i, best_d)
    return best_i, best_d


#: Points measured exactly together (each with every piece its cap's box meets): a bound on
#: the pairs held at once, whatever the number of points.
_REFINE_BATCH = 2048


def _refine(
    lim: LimitLines,
    lon: np.ndarray,
    lat: np.ndarray,
    coslat: np.ndarray,
    near: np.ndarray,
    d_guess: np.ndarray,
    best_i: np.ndarray,
    best_d: np.ndarray,
) -> None:
    """Measure points ``near`` exactly against every piece within their guess + 2 km (in place).

    ``coslat`` is each point's local frame's scale in longitude (the cosine of
    its latitude, at least 0.05), worked out once for all the batches.

    The candidates are the pieces whose bounds meet the lon/lat box round each
    point's spherical cap of that radius (:func:`_cap_boxes`: every longitude
    for a cap round a pole), so none that could be nearer is left out, and a
    point near a pole is not measured against half a hemisphere.
    """
    import shapely

    west, south, east, north = _cap_boxes(
        _unit_vectors(lon[near], lat[near]), (d_guess[near] + 2.0) / R_KM
    )
    pi, gi = lim.tree.query(shapely.box(west, south, east, north))
    pi = near[pi]
    coords, cidx = shapely.get_coordinates(lim._geoms[gi], return_index=True)
    p = pi[cidx]
    # longitudes from the point's, within ±180°; a piece keeps its first vertex's turn
    # throughout, so one across the pole from the point stays there (wrapped vertex by
    # vertex, part of it came round to the point's side, as near as the point itself)
    shifted = coords[:, 0] - lon[p] + 180.0
    turn = np.floor(shifted / 360.0)
    first_vertex = np.searchsorted(cidx, np.arange(len(gi)))
    coords[:, 0] = (shifted % 360.0 - 180.0 + 360.0 * (turn - turn[first_vertex][cidx])) * coslat[p]
    coords[:, 1] = coords[:, 1] - lat[p]
    # each candidate piece in its point's local frame, the point at the origin: the
    # piece's point nearest the origin is the foot
    foot, has = _feet(coords, cidx, len(gi))
    pi, gi, foot = pi[has], gi[has], foot[has]
    flon = lon[pi] + foot[:, 0] / coslat[pi]
    flat = lat[pi] + foot[:, 1]
    d = _haversine_km(lon[pi], lat[pi], flon, flat)
    order = np.lexsort((d, pi))
    first = np.unique(pi[order], return_index=True)[1]
    sel = order[first]
    better = d[sel] < best_d[pi[sel]]
    sel = sel[better]
    best_d[pi[sel]] = d[sel]
    best_i[pi[sel]] = lim.line[lim._src[gi[sel]]]


def limit_error_at(
    lon: Any,
    lat: Any,
    zone_iso3: str | None = None,
    *,
    kinds: Sequence[str] | None = None,
    path: str | Path | None = None,
) -> tuple[Any, Any, Any, Any]:
    """Find the nearest maritime limit to each point: what it is, how good, and how far.

    Parameters
    ----------
    lon, lat
        Degrees (scalars or arrays of one shape).
    zone_iso3
        Only limits with this state on one side (its own zone's limits).
    kinds
        Only limits of these kinds (e.g. leave out ``territorial_12nm`` to
        get the EEZ-level limit).
    path
        Another limit layer than the shipped one.

    Returns
    -------
    (kind, error_km, source, distance_km)
        Arrays shaped like the input (scalars for scalar input). ``kind`` is
        one of the classes listed in this module's doc ('' where no limit
        qualifies); ``error_km`` the 95 % bound of that class (NaN where no
        limit qualifies); ``distance_km`` the great-circle distance to that line.

    Examples
    --------
    >>> kind, err, src, d = limit_error_at(135.0, 35.0)   # doctest: +SKIP
    """
    lon_a = np.atleast_1d(np.asarray(lon, dtype=float)).ravel()
    lat_a = np.atleast_1d(np.asarray(lat, dtype=float)).ravel()
    lim, idx, dist = nearest_limit(lon_a, lat_a, zone_iso3, kinds=kinds, path=path)
    ok = idx >= 0
    kind = np.full(len(idx), "", dtype=object)
    src = np.full(len(idx), "", dtype=object)
    err = np.full(len(idx), np.nan)
    kind[ok] = lim.attrs["kind"][idx[ok]]
    src[ok] = lim.attrs["source"][idx[ok]]
    err[ok] = lim.error_km[idx[ok]]
    if np.ndim(lon) == 0 and np.ndim(lat) == 0:
        return str(kind[0]), float(err[0]), str(src[0]), float(dist[0])
    shape = np.broadcast(np.asarray(lon), np.asarray(lat)).shape
    return (kind.reshape(shape), err.reshape(shape), src.reshape(shape), dist.reshape(shape))


def nearest_limit(
    lon: np.ndarray,
    lat: np.ndarray,
    zone_iso3: str | None = None,
    *,
    kinds: Sequence[str] | None = None,
    path: str | Path | None = None,
) -> tuple[LimitLines, np.ndarray, np.ndarray]:
    """Return the lines :func:`limit_error_at` chooses from, and each point's nearest (index, km).

    For callers that look up per-line tables themselves (an index of -1 and
    an infinite distance where no line qualifies).
    """
    lim = limit_lines(zone_iso3, kinds=kinds, path=path)
    idx, dist = nearest_line(lim, lon, lat)
    return lim, idx, dist


def limit_lines(
    zone_iso3: str | None = None,
    *,
    kinds: Sequence[str] | None = None,
    path: str | Path | None = None,
) -> LimitLines:
    """Return the limit lines with ``zone_iso3`` on one side and of ``kinds`` (cached).

    The lines :func:`nearest_limit` and :func:`limit_error_at` search.
    """
    p = str(path if path is not None else _default_path())
    return _selected(p, zone_iso3 or None, tuple(kinds) if kinds is not None else None)
