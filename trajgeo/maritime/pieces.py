"""Zones cut into pieces of few vertices, for fast point tests and area look-ups.

A zone's polygon can hold tens of thousands of vertices; a point test against
it is slow. Cut into pieces of at most 128 vertices (on multiples of 0.5°,
so neighbouring zones' pieces line up), the pieces go into a spatial index
and each test touches only a few short rings.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from trajgeo.maritime.zoneset import ZoneSet

__all__ = ["PieceIndex", "pieces_key", "quad_split", "side_boxes"]


def side_boxes(
    geom: BaseGeometry, reach_deg: float
) -> tuple[tuple[float, float, float, float], ...]:
    """Boxes round ``geom`` widened by ``reach_deg``: one per side of 180° if it is split there.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> side_boxes(box(10, 20, 11, 21), 1.0)
    ((9.0, 19.0, 12.0, 22.0),)
    """
    import shapely

    minx, _, maxx, _ = geom.bounds
    if minx <= -180.0 + 1e-9 and maxx >= 180.0 - 1e-9:
        parts = shapely.get_parts(geom)
        bounds = shapely.bounds(parts)
        west = (bounds[:, 0] + bounds[:, 2]) < 0.0
        groups = [bounds[west], bounds[~west]]
    else:
        groups = [np.asarray([geom.bounds])]
    out = []
    for b in groups:
        if len(b):
            out.append(
                (
                    max(-180.0, float(b[:, 0].min()) - reach_deg),
                    max(-90.0, float(b[:, 1].min()) - reach_deg),
                    min(180.0, float(b[:, 2].max()) + reach_deg),
                    min(90.0, float(b[:, 3].max()) + reach_deg),
                )
            )
    return tuple(out)


def pieces_key(zs: ZoneSet) -> str:
    """Name the piece index of a zone set read from a file (empty if it has no file)."""
    from trajgeo.maritime._piececache import digest

    try:
        stat = Path(zs.dataset.path).stat()
    except (OSError, ValueError):
        return ""
    return digest(
        zs.dataset.path,
        str(stat.st_size),
        str(stat.st_mtime_ns),
        "128",
        *(z.zone_id for z in zs.zones),
    )


class PieceIndex:
    """Zone pieces in a spatial index, each made into a geometry only when a query reaches it.

    The world's zones and land are about 33,000 pieces. Making every one, and one
    tree over them all, was about a tenth of a cold ``trajgeo check``, whose samples
    fall in a few degrees of sea. So the pieces stay as shapely's ragged arrays
    (coordinates and offsets) with their bounds; the world is cut into tiles of
    :data:`TILE_DEG`, and the first query that falls in a tile makes that tile's
    pieces and a tree of their own. A query that reaches more than
    :data:`WHOLE_AFTER` tiles (a million points the world over) uses one tree of
    every piece instead. Either way the answer is that of one
    :class:`shapely.STRtree` of all the pieces, its pairs in order of query,
    then of piece.

    Indexes of one kind of zone (:meth:`subset`) share their pieces with the
    whole one, so a piece is made once whichever index asks first. An index
    fills its caches as it is queried: share one between threads only behind
    a lock.

    Attributes
    ----------
    owner : numpy.ndarray
        The zone (its position in the zone set) of each piece.
    bounds : numpy.ndarray
        ``(n, 4)``: each piece's minx, miny, maxx, maxy.

    Examples
    --------
    >>> import shapely
    >>> index = PieceIndex.from_geometries(
    ...     [shapely.box(0, 0, 1, 1), shapely.box(40, 0, 41, 1)], np.array([0, 1])
    ... )
    >>> index.query(shapely.points([0.5, 40.5, 90.0], [0.5, 0.5, 0.0])).tolist()
    [[0, 1], [0, 1]]
    >>> index.made
    2
    """

    #: Side of a tile, in degrees: one event's samples fall in one to a few dozen.
    TILE_DEG = 5.0
    #: A query reaching more tiles than this uses one tree of all the pieces.
    WHOLE_AFTER = 64

    def __init__(self, store: _Store, ids: np.ndarray, owner: np.ndarray, bounds: np.ndarray):
        self._store = store
        self._ids = ids
        self.owner = owner
        self.bounds = bounds
        self._tiles: dict[int, tuple[Any, np.ndarray]] = {}
        self._members: tuple[np.ndarray, np.ndarray] | None = None
        self._whole: Any = None

    @classmethod
    def from_arrays(
        cls,
        coords: np.ndarray,
        offsets: tuple[np.ndarray, np.ndarray],
        owner: np.ndarray,
        bounds: np.ndarray,
    ) -> PieceIndex:
        """Index polygons given as shapely's ragged arrays, none made yet."""
        store = _Store(coords, offsets, None)
        return cls(store, np.arange(len(owner)), owner, bounds)

    @classmethod
    def from_geometries(cls, geoms: Any, owner: np.ndarray) -> PieceIndex:
        """Index polygons made already."""
        import shapely

        arr = np.asarray(geoms, dtype=object).reshape(-1)
        return cls(_Store(None, None, arr), np.arange(len(arr)), owner, shapely.bounds(arr))

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def made(self) -> int:
        """How many of the pieces have been made into geometries so far."""
        return int(self._store.made[self._ids].sum())

    @property
    def geometries(self) -> np.ndarray:
        """Every piece (all made now), as a tree's ``geometries`` would be."""
        return self.take(np.arange(len(self._ids)))

    def take(self, pieces: np.ndarray) -> np.ndarray:
        """Return the pieces at these positions, as geometries."""
        return self._store.make(self._ids[np.asarray(pieces, dtype=np.int64)])

    def subset(self, pieces: np.ndarray) -> PieceIndex:
        """Return an index of some of the pieces (positions here), sharing the pieces made."""
        pieces = np.asarray(pieces, dtype=np.int64)
        return PieceIndex(self._store, self._ids[pieces], self.owner[pieces], self.bounds[pieces])

    def query(
        self, geoms: Any, predicate: str | None = None, *, ordered: bool = True
    ) -> np.ndarray:
        """Pairs (query, piece) as :meth:`shapely.STRtree.query` gives them, in sorted order.

        Parameters
        ----------
        geoms : array of shapely geometries
            What to look up.
        predicate : str, optional
            As :meth:`shapely.STRtree.query`; without one, the pieces whose
            boxes meet each query's box.
        ordered : bool, default True
            Sort the pairs by query, then piece. A caller that sorts them its
            own way saves the sort (a tenth of a million points' lookup).

        Returns
        -------
        numpy.ndarray
            ``(2, k)``: the query's position, the piece's position here.
        """
        geoms = np.asarray(geoms, dtype=object).reshape(-1)
        if self._whole is not None:
            return self._whole_query(geoms, predicate, ordered)
        # a million points' tiles cost half their lookup: a sample of them decides first
        step = max(1, len(geoms) // _PROBE)
        if step > 1 and len(np.flatnonzero(_tiles_of(geoms[::step])[2])) > self.WHOLE_AFTER:
            return self._whole_query(geoms, predicate, ordered)
        q, tile, count, spans = _tiles_of(geoms)
        tiles = np.flatnonzero(count)
        if len(tiles) > self.WHOLE_AFTER:
            return self._whole_query(geoms, predicate, ordered)
        order = np.argsort(tile, kind="stable")
        ends = np.cumsum(count[tiles])
        got_q, got_p = [], []
        for t, s0, s1 in zip(tiles, ends - count[tiles], ends, strict=True):
            tree, members = self._tile(int(t))
            if tree is None:
                continue
            sel = q[order[s0:s1]]
            a, b = tree.query(geoms[sel], predicate=predicate)
            got_q.append(sel[a])
            got_p.append(members[b])
        if not got_q:
            return np.zeros((2, 0), dtype=np.int64)
        q, p = np.concatenate(got_q), np.concatenate(got_p)
        if spans:  # a piece may be found from two tiles
            return _sorted_pairs(q, p, len(self._ids), dedupe=True)
        return _sorted_pairs(q, p, len(self._ids), dedupe=False) if ordered else np.vstack([q, p])

    def _tile(self, tile: int) -> tuple[Any, np.ndarray]:
        """Return the tree of one tile's pieces, and their positions (made on first use)."""
        import shapely

        if tile not in self._tiles:
            order, starts = self._tile_members()
            members = order[starts[tile] : starts[tile + 1]]
            tree = shapely.STRtree(self.take(members)) if len(members) else None
            self._tiles[tile] = (tree, members)
        return self._tiles[tile]

    def _tile_members(self) -> tuple[np.ndarray, np.ndarray]:
        """Each tile's pieces: positions grouped by tile, and where each tile's start."""
        if self._members is None:
            b = self.bounds
            x0, y0 = _tile_xy(b[:, 0], b[:, 1])
            x1, y1 = _tile_xy(b[:, 2], b[:, 3])
            piece, tile = _expand(np.arange(len(b)), x0, y0, x1 - x0 + 1, y1 - y0 + 1)
            order = np.argsort(tile, kind="stable")
            starts = np.searchsorted(tile[order], np.arange(_NX * _NY + 1))
            self._members = (piece[order], starts)
        return self._members

    def _whole_query(self, geoms: np.ndarray, predicate: str | None, ordered: bool) -> np.ndarray:
        """Query one tree of every piece (made, with every piece, on first use)."""
        import shapely

        if self._whole is None:
            self._whole = shapely.STRtree(self.geometries)
        found = self._whole.query(geoms, predicate=predicate)
        return _sorted_pairs(found[0], found[1], len(self._ids), dedupe=False) if ordered else found


#: Tiles across and up the world (see :attr:`PieceIndex.TILE_DEG`).
_NX = int(360 / PieceIndex.TILE_DEG)
_NY = int(180 / PieceIndex.TILE_DEG)


#: How many queries (at most) a sample of a large query holds (see :meth:`PieceIndex.query`).
_PROBE = 65_536


def _tiles_of(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool]:
    """Return each query once for every tile its box meets, as (query, tile) pairs.

    Also each tile's count of queries, and whether any query meets more than
    one tile. Empty queries meet none.
    """
    import shapely

    qb = shapely.bounds(geoms)
    ok = np.flatnonzero(~np.isnan(qb[:, 0]))
    x0, y0 = _tile_xy(qb[ok, 0], qb[ok, 1])
    x1, y1 = _tile_xy(qb[ok, 2], qb[ok, 3])
    nx, ny = x1 - x0 + 1, y1 - y0 + 1
    q, tile = _expand(ok, x0, y0, nx, ny)
    count = np.bincount(tile, minlength=_NX * _NY)
    return q, tile, count, bool(((nx > 1) | (ny > 1)).any())


def _tile_xy(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the tile column and row of points (clamped: 180° is in the last column)."""
    t = PieceIndex.TILE_DEG
    tx = np.clip(np.floor((x + 180.0) / t), 0, _NX - 1).astype(np.int64)
    ty = np.clip(np.floor((y + 90.0) / t), 0, _NY - 1).astype(np.int64)
    return tx, ty


def _expand(
    item: np.ndarray, x0: np.ndarray, y0: np.ndarray, nx: np.ndarray, ny: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each item once for every tile of its range of columns and rows: (item, tile)."""
    count = nx * ny
    which = np.repeat(np.arange(len(item)), count)
    k = np.arange(len(which)) - np.repeat(np.cumsum(count) - count, count)
    tx = x0[which] + k // ny[which]
    ty = y0[which] + k % ny[which]
    return item[which], tx * _NY + ty


def _sorted_pairs(q: np.ndarray, p: np.ndarray, n: int, dedupe: bool) -> np.ndarray:
    """Pairs in order of query, then of piece (once each when ``dedupe``)."""
    key = q.astype(np.int64) * max(n, 1) + p
    key = np.unique(key) if dedupe else np.sort(key)
    return np.vstack([key // max(n, 1), key % max(n, 1)])


class _Store:
    """Polygons kept as ragged arrays, made into geometries one set at a time."""

    def __init__(
        self,
        coords: np.ndarray | None,
        offsets: tuple[np.ndarray, np.ndarray] | None,
        geoms: np.ndarray | None,
    ):
        self._coords = coords
        self._offsets = offsets
        if geoms is not None:
            self.geoms = geoms
            self.made = np.ones(len(geoms), dtype=bool)
        else:
            assert offsets is not None
            n = len(offsets[1]) - 1
            self.geoms = np.empty(n, dtype=object)
            self.made = np.zeros(n, dtype=bool)

    def make(self, ids: np.ndarray) -> np.ndarray:
        """Return the polygons ``ids``, making those not made yet from the arrays in one call."""
        import shapely

        from trajgeo.io.packed import ragged_subset

        todo = np.unique(ids[~self.made[ids]])
        if len(todo):
            assert self._coords is not None and self._offsets is not None
            rings, polys = self._offsets
            if len(todo) == len(self.geoms):
                made = shapely.from_ragged_array(
                    shapely.GeometryType.POLYGON, self._coords, self._offsets
                )
            else:
                vert, ring, poly = ragged_subset(rings, polys, todo)
                made = shapely.from_ragged_array(
                    shapely.GeometryType.POLYGON, self._coords[vert], (ring, poly)
                )
            self.geoms[todo] = made
            self.made[todo] = True
        return self.geoms[ids]


def quad_split(geom: BaseGeometry, max_vertices: int = 128) -> list[BaseGeometry]:
    """Cut a polygon in halves, recursively, until each piece has few vertices.

    Cuts fall on multiples of 0.5° where the piece is large, so pieces of
    neighbouring zones line up. Used only for fast point tests.

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> disc = Point(0, 0).buffer(2.0, quad_segs=64)   # 257 vertices
    >>> pieces = quad_split(disc)
    >>> len(pieces) > 1, round(sum(p.area for p in pieces) / disc.area, 9)
    (True, 1.0)
    """
    import shapely

    out: list[BaseGeometry] = []
    stack = [geom]
    while stack:
        g = stack.pop()
        if g.is_empty:
            continue
        if shapely.get_num_coordinates(g) <= max_vertices:
            out.extend(
                p for p in getattr(g, "geoms", [g]) if p.geom_type == "Polygon" and not p.is_empty
            )
            continue
        minx, miny, maxx, maxy = g.bounds
        if maxx - minx >= maxy - miny:
            m = _cut(minx, maxx)
            stack += [
                shapely.clip_by_rect(g, minx, miny, m, maxy),
                shapely.clip_by_rect(g, m, miny, maxx, maxy),
            ]
        else:
            m = _cut(miny, maxy)
            stack += [
                shapely.clip_by_rect(g, minx, miny, maxx, m),
                shapely.clip_by_rect(g, minx, m, maxx, maxy),
            ]
    return out


def _cut(lo: float, hi: float) -> float:
    mid = (lo + hi) / 2.0
    if hi - lo > 1.0:
        mid = round(mid * 2.0) / 2.0
    return mid
