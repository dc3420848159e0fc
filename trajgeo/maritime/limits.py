"""Distance from a point to the nearest maritime-zone limit (not to the coast).

Each zone's boundary is cut once, when first needed, into short stretches
(0.05°, as verdicts densify limits), and each stretch is marked with what
lies on either side of it and whether it runs along land. A limit is then a
stretch with the measured area on one side only, away from land: no union
or repair of polygons is done per query. A query looks at the stretches in a
search window just wide enough to hold the nearest one, and measures to them
as :func:`trajgeo.maritime.verdicts.signed_margin_km` does: in the azimuthal
equidistant plane of the point, where distances from the point are
geodesic.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from trajgeo.maritime.zoneset import MaritimeZone, ZoneSet

__all__ = ["limit_distance_km", "prepare_limit_index"]

#: Stretch length (degrees), as the verdicts densify an area's edges.
_STEP_DEG = 0.05
#: Zones cut together when every zone is cut (bounds the memory of the vectorised cut).
_BATCH_ZONES = 16
#: A stretch this close to land (km) is coast, not a zone limit.
_COAST_KM = 2.0
#: How far either side of a stretch its sides are probed (degrees, about a centimetre).
_PROBE_DEG = 1e-7
#: Shortest parallel and meridian degree on WGS84 (km), for search windows that hold a radius.
_KM_PER_DEG_LAT = 110.5
_KM_PER_DEG_EQ = 111.33
_WGS84_A = 6_378_137.0
_WGS84_E2 = 6.69437999014e-3
_WGS84_B_KM = 6_356.752


def limit_distance_km(
    zones: ZoneSet, lon: float, lat: float, found: Sequence[MaritimeZone] | None = None
) -> float:
    """Geodesic distance (km) from a point to the limit of the area it is in.

    The area is the holding state's whole 200-NM zone (its EEZ, which holds
    its territorial sea), or the disputed band holding the point; for a
    point on the high seas or on land, the nearest zone. The coast is not a
    limit. Measured as in :func:`trajgeo.maritime.verdicts.signed_margin_km`.

    Examples
    --------
    >>> from trajgeo.maritime import load_zones
    >>> round(limit_distance_km(load_zones(), 131.87, 37.24))
    45
    """
    from trajgeo._checks import lonlat

    lon, lat = lonlat(lon, lat)  # NaN or a latitude beyond 90 had looped for ever below
    if found is None:
        found = zones.where(lon, lat)
    members = _area_members(zones, found)
    if not members:
        return math.inf
    return _Limits.of(zones).distance_km(members, lon, lat)


def prepare_limit_index(zones: ZoneSet) -> None:
    """Cut every zone's limits now (for many distances), kept in the user's cache.

    Without it, each zone is cut the first time a query needs it, which
    suits a few points. The cut stretches are saved beside the point index
    (see :mod:`trajgeo.maritime._piececache`), so later runs read them.
    """
    _Limits.of(zones).complete()


def _area_members(zones: ZoneSet, found: Sequence[MaritimeZone]) -> tuple[int, ...]:
    """Return the indices of the zones whose union is the area measured for ``found``."""
    limits = _Limits.of(zones)
    band = next((z for z in found if z.kind in ("overlapping_claim", "joint_regime")), None)
    if band is not None:
        return (limits.index_of(band),)
    state = next(
        (
            z.sovereign_iso3
            for z in found
            if z.kind in ("eez", "territorial_sea") and z.sovereign_iso3
        ),
        None,
    )
    if state is not None:
        return limits.eez_of.get(state) or (limits.index_of(found[0]),)
    return limits.sea_zones


@dataclass(frozen=True)
class _Edges:
    """One zone's boundary, coast left out, as short stretches in lon/lat.

    ``a``, ``b`` are the ends; ``side_*`` are (stretch, zone, is_left)
    triples: a zone that holds a probe just left or right of the stretch.
    """

    a: np.ndarray
    b: np.ndarray
    side_stretch: np.ndarray
    side_zone: np.ndarray
    side_left: np.ndarray

    @cached_property
    def tree(self) -> Any:
        """STRtree of the stretches (built on first use)."""
        import shapely

        return shapely.STRtree(shapely.linestrings(np.stack([self.a, self.b], axis=1)))


class _Limits:
    """The stretch index of one zone set, built zone by zone as queries need it."""

    def __init__(self, zones: ZoneSet) -> None:
        self.zones = zones
        self._index = {id(z): i for i, z in enumerate(zones.zones)}
        self._edges: dict[int, _Edges] = {}
        self._keep: dict[tuple[tuple[int, ...], int], np.ndarray] = {}
        self._coasts: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self._prepared_zones: dict[int, Any] = {}  # zone index -> its geometry, prepared
        self._sea = np.array([z.kind != "land" for z in zones.zones], dtype=bool)
        self.sea_zones = tuple(int(i) for i in np.nonzero(self._sea)[0])
        eez: dict[str, list[int]] = {}
        for i, z in enumerate(zones.zones):
            if z.kind == "eez":
                eez.setdefault(z.sovereign_iso3, []).append(i)
        self.eez_of = {k: tuple(v) for k, v in eez.items()}
        self._groups: dict[tuple[int, ...], tuple[np.ndarray, np.ndarray, Any]] = {}
        self._world: dict[str, Any] = {}

    @staticmethod
    def of(zones: ZoneSet) -> _Limits:
        memo = zones._memo
        if "limits" not in memo:
            memo["limits"] = _Limits(zones)
            memo["limits"].load()
        limits: _Limits = memo["limits"]
        return limits

    def _cache_name(self) -> str:
        from trajgeo.maritime.pieces import pieces_key

        key = pieces_key(self.zones)
        return f"limits-v1-{key}" if key else ""

    def load(self) -> None:
        """Take every zone's stretches from the cache, if an earlier run saved them."""
        from trajgeo.maritime._piececache import load_arrays

        name = self._cache_name()
        data = load_arrays(name) if name else None
        if data is None:
            return
        zone, seg_end, side_end = data["zone"], data["seg_end"], data["side_end"]
        seg_start, side_start = np.r_[0, seg_end[:-1]], np.r_[0, side_end[:-1]]
        for k, i in enumerate(zone.tolist()):
            s0, s1, p0, p1 = seg_start[k], seg_end[k], side_start[k], side_end[k]
            self._edges[i] = _Edges(
                data["a"][s0:s1],
                data["b"][s0:s1],
                data["side_stretch"][p0:p1],
                data["side_zone"][p0:p1],
                data["side_left"][p0:p1],
            )

    def complete(self) -> None:
        """Cut every sea zone now, and save them all for later runs."""
        from trajgeo.maritime._piececache import save_arrays

        if all(i in self._edges for i in self.sea_zones):
            return
        todo = [i for i in self.sea_zones if i not in self._edges]
        for k in range(0, len(todo), _BATCH_ZONES):  # in batches, to bound memory
            self._edges.update(self._build_all(todo[k : k + _BATCH_ZONES]))
        edges = [self._edges[i] for i in self.sea_zones]
        name = self._cache_name()
        if not name:
            return
        save_arrays(
            name,
            {
                "zone": np.asarray(self.sea_zones, dtype=np.int64),
                "seg_end": np.cumsum([len(e.a) for e in edges]),
                "side_end": np.cumsum([len(e.side_stretch) for e in edges]),
                "a": np.concatenate([e.a for e in edges]),
                "b": np.concatenate([e.b for e in edges]),
                "side_stretch": np.concatenate([e.side_stretch for e in edges]),
                "side_zone": np.concatenate([e.side_zone for e in edges]),
                "side_left": np.concatenate([e.side_left for e in edges]),
            },
        )

    def index_of(self, zone: MaritimeZone) -> int:
        if id(zone) in self._index:
            return self._index[id(zone)]
        return next(i for i, z in enumerate(self.zones.zones) if z.zone_id == zone.zone_id)

    # ------------------------------------------------------------------ query
    def distance_km(self, members: tuple[int, ...], lon: float, lat: float) -> float:
        """Distance to the nearest limit of the union of ``members``; widen until it is held."""
        wanted = set(members)
        radius = 400.0
        while True:
            a, b = self._stretches(members, wanted, _search_boxes(lon, lat, radius))
            if len(a):
                d = _nearest_km(lon, lat, a, b)
                if d <= radius:
                    return d
                radius = d * 1.001 + 0.01
            elif radius >= 40_000.0:
                return math.inf
            else:
                radius = min(40_000.0, radius * 4.0)

    def _stretches(
        self, members: tuple[int, ...], wanted: set[int], boxes: list[tuple[float, ...]]
    ) -> tuple[np.ndarray, np.ndarray]:
        import shapely

        group = self._group(members, wanted)
        if group is not None:
            a, b, tree = group
            # the boxes never overlap (split at 180°): no stretch is found twice
            idx = np.concatenate([tree.query(shapely.box(*box)) for box in boxes])
            return a[idx], b[idx]
        a_parts, b_parts = [], []
        for box in boxes:
            window = shapely.box(*box)
            for i in self.zones._tree.query(window):
                if int(i) not in wanted:
                    continue
                edges = self.edges(int(i))
                keep = self._group_keep(members, wanted, int(i), edges)
                idx = edges.tree.query(window)
                idx = idx[keep[idx]]
                a_parts.append(edges.a[idx])
                b_parts.append(edges.b[idx])
        if not a_parts:
            return np.empty((0, 2)), np.empty((0, 2))
        return np.concatenate(a_parts), np.concatenate(b_parts)

    def _group(self, members: tuple[int, ...], wanted: set[int]) -> Any:
        """One index of an area's limit stretches, once every member zone has been cut."""
        import shapely

        if members not in self._groups:
            if any(i not in self._edges for i in members):
                return None
            a, b = [], []
            for i in members:
                edges = self._edges[i]
                keep = self._group_keep(members, wanted, i, edges)
                a.append(edges.a[keep])
                b.append(edges.b[keep])
            a_all, b_all = np.concatenate(a), np.concatenate(b)
            tree = shapely.STRtree(shapely.linestrings(np.stack([a_all, b_all], axis=1)))
            self._groups[members] = (a_all, b_all, tree)
        return self._groups[members]

    def _group_keep(
        self, members: tuple[int, ...], wanted: set[int], i: int, edges: _Edges
    ) -> np.ndarray:
        """Stretches of zone ``i`` that are limits of the union of ``members``."""
        key = (members, i)
        if key not in self._keep:
            n = len(edges.a)
            inside = np.isin(edges.side_zone, np.fromiter(wanted, dtype=np.int64))
            left = np.zeros(n, dtype=bool)
            right = np.zeros(n, dtype=bool)
            left[edges.side_stretch[inside & edges.side_left]] = True
            right[edges.side_stretch[inside & ~edges.side_left]] = True
            self._keep[key] = ~(left & right)
        return self._keep[key]

    # ------------------------------------------------------------------ building
    def edges(self, i: int) -> _Edges:
        if i not in self._edges:
            self._edges[i] = self._build_edges(i)
        return self._edges[i]

    def _build_edges(self, i: int) -> _Edges:

        a, b, _ = _cut([self.zones.zones[i].geometry])
        # the coast is no limit of any area: drop it before anything else is done
        sea = ~self._along_coast(a, b)
        a, b = a[sea], b[sea]
        stretch, zone, left = self._sides(i, a, b)
        return _Edges(a, b, stretch, zone, left)

    def _build_all(self, todo: list[int]) -> dict[int, _Edges]:
        """Cut many zones at once: what :meth:`_build_edges` does, in a few vectorised calls.

        Every stretch is tested against one index of the world's coasts, and
        every probe beside a stretch is classified with the zone set's own
        point index, instead of an index per zone and its neighbours.
        """
        if not todo:
            return {}
        # pos: which of ``todo`` each stretch belongs to (non-decreasing)
        a, b, pos = _cut([self.zones.zones[i].geometry for i in todo])
        sea = ~self._along_any_coast(a, b)
        a, b, pos = a[sea], b[sea], pos[sea]
        n = len(a)
        px, py = _probes(a, b)
        probe, holder = self.zones.classify(px, py)
        sea = self._sea[holder]
        probe, holder = probe[sea], holder[sea]
        stretch = probe % n
        order = np.argsort(pos[stretch], kind="stable")
        stretch, holder, left = stretch[order], holder[order], (probe < n)[order]
        starts = np.searchsorted(pos, np.arange(len(todo) + 1))
        side_starts = np.searchsorted(pos[stretch], np.arange(len(todo) + 1))
        out: dict[int, _Edges] = {}
        for k, i in enumerate(todo):
            s0, s1, p0, p1 = starts[k], starts[k + 1], side_starts[k], side_starts[k + 1]
            out[i] = _Edges(a[s0:s1], b[s0:s1], stretch[p0:p1] - s0, holder[p0:p1], left[p0:p1])
        return out

    def _along_any_coast(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """:meth:`_along_coast` against every land zone's coast in one index."""
        import shapely

        land = [j for j in range(len(self.zones.zones)) if not self._sea[j]]
        if not len(a) or not land:
            return np.zeros(len(a), dtype=bool)
        if "coast_tree" not in self._world:
            parts = [self._coast_of(j) for j in land]
            self._world["coast_xy"] = np.sort(np.concatenate([p[0] for p in parts]))
            self._world["coast_tree"] = shapely.STRtree(np.concatenate([p[1] for p in parts]))
        return _near_coast(a, b, self._world["coast_xy"], self._world["coast_tree"])

    def _sides(self, i: int, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, ...]:
        """(stretch, zone, is_left) for every sea zone holding a probe beside a stretch.

        Only the zones round zone ``i`` are tested, each prepared once, so a
        first query does not wait for the whole world's index.
        """
        import shapely

        px, py = _probes(a, b)
        n = len(a)
        out_p, out_z = [], []
        geom = self.zones.zones[i].geometry
        for j in self.zones._tree.query(shapely.box(*geom.bounds)):
            j = int(j)
            if not self._sea[j]:
                continue
            minx, miny, maxx, maxy = self.zones.zones[j].geometry.bounds
            cand = np.nonzero((px >= minx) & (px <= maxx) & (py >= miny) & (py <= maxy))[0]
            if not len(cand):
                continue
            hit = cand[shapely.intersects_xy(self._prepared(j), px[cand], py[cand])]
            out_p.append(hit)
            out_z.append(np.full(len(hit), j, dtype=np.int64))
        if not out_p:
            return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, bool)
        pts, zone = np.concatenate(out_p), np.concatenate(out_z)
        return pts % n, zone, pts < n

    def _prepared(self, j: int) -> Any:
        """Zone ``j``'s geometry, prepared for many point tests (once)."""
        import shapely

        if j not in self._prepared_zones:
            geom = self.zones.zones[j].geometry
            shapely.prepare(geom)  # an index GEOS keeps beside the geometry; it stays the same
            self._prepared_zones[j] = geom
        return self._prepared_zones[j]

    def _along_coast(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Stretches within 2 km of land (a longitude degree scaled by latitude).

        A stretch between two of the land's own vertices is coast outright;
        only the others are measured, against the coast of the land nearby.
        """
        import shapely

        coast = np.zeros(len(a), dtype=bool)
        if not len(a):
            return coast
        lo, hi = np.minimum(a, b).min(axis=0) - 0.1, np.maximum(a, b).max(axis=0) + 0.1
        near_land = [
            int(j)
            for j in self.zones._tree.query(shapely.box(lo[0], lo[1], hi[0], hi[1]))
            if not self._sea[int(j)]
        ]
        if not near_land:
            return coast
        rings = shapely.get_parts(
            shapely.boundary(np.array([self.zones.zones[j].geometry for j in near_land]))
        )
        xy = np.sort(_as_complex(shapely.get_coordinates(rings)))
        coast = shapely.multilinestrings(rings)
        shapely.prepare(coast)  # its own index: cheaper than one of its single segments
        return _near_coast(a, b, xy, coast)

    def _coast_of(self, j: int) -> tuple[np.ndarray, np.ndarray]:
        """Return a land zone's vertices (complex) and its coast cut into single segments."""
        import shapely

        if j not in self._coasts:
            rings = shapely.get_parts(shapely.boundary(self.zones.zones[j].geometry))
            coords, ring = shapely.get_coordinates(rings, return_index=True)
            same = ring[1:] == ring[:-1]
            segs = shapely.linestrings(np.stack([coords[:-1][same], coords[1:][same]], axis=1))
            self._coasts[j] = (_as_complex(coords), segs)
        return self._coasts[j]


def _cut(geoms: Sequence[Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cut zones' boundaries into stretches of at most :data:`_STEP_DEG`.

    Returns the stretches' ends ``a``, ``b`` (lon/lat) and, for each, the
    position in ``geoms`` of the zone it bounds (non-decreasing). The cut at
    180° is no limit, nor is a stretch of no length: both are left out.
    """
    import shapely

    parts, owner = shapely.get_parts(
        shapely.boundary(np.asarray(geoms, dtype=object)), return_index=True
    )
    coords, line = shapely.get_coordinates(shapely.segmentize(parts, _STEP_DEG), return_index=True)
    same = line[1:] == line[:-1]
    a, b, pos = coords[:-1][same], coords[1:][same], owner[line[:-1][same]]
    seam = (np.abs(a[:, 0]) >= 180.0 - 1e-9) & (a[:, 0] == b[:, 0])
    keep = ~seam & np.any(a != b, axis=1)
    return a[keep], b[keep], pos[keep]


def _near_coast(a: np.ndarray, b: np.ndarray, coast_xy: np.ndarray, coast: Any) -> np.ndarray:
    """Which stretches ``a``-``b`` lie within 2 km of the coast ``coast``.

    ``coast`` is an STRtree of coast segments (the whole world's, for many
    zones) or one prepared (Multi)LineString (the coast near one zone). A
    stretch between two coast vertices (``coast_xy``, sorted complex) is
    coast outright; so is one whose middle is that close (the stretch is then
    too). Only the rest are measured as segments, the costlier test.
    """
    import shapely

    def within(geoms: Any, reach: np.ndarray) -> np.ndarray:
        if isinstance(coast, shapely.STRtree):
            out = np.zeros(len(geoms), dtype=bool)
            out[coast.query(geoms, predicate="dwithin", distance=reach)[0]] = True
            return out
        return np.asarray(shapely.dwithin(coast, geoms, reach))

    lat = np.maximum(np.abs(a[:, 1]), np.abs(b[:, 1]))
    # a longitude degree shrinks with latitude: 2 km as degrees, widest where the stretch is
    reach = _COAST_KM / (_KM_PER_DEG_EQ * np.maximum(np.cos(np.radians(lat)), 0.01))
    near = _among(a, coast_xy) & _among(b, coast_xy)
    rest = np.nonzero(~near)[0]
    near[rest] = within(shapely.points((a[rest] + b[rest]) / 2.0), reach[rest])
    rest = np.nonzero(~near)[0]
    segs = shapely.linestrings(np.stack([a[rest], b[rest]], axis=1))
    near[rest] = within(segs, reach[rest])
    return near


def _probes(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Points a hair left of each stretch's middle, then a hair right (lon, lat)."""
    mid = (a + b) / 2.0
    d = b - a
    normal = np.column_stack([-d[:, 1], d[:, 0]]) / np.hypot(d[:, 0], d[:, 1])[:, None]
    px = np.concatenate(
        [mid[:, 0] + _PROBE_DEG * normal[:, 0], mid[:, 0] - _PROBE_DEG * normal[:, 0]]
    )
    py = np.concatenate(
        [mid[:, 1] + _PROBE_DEG * normal[:, 1], mid[:, 1] - _PROBE_DEG * normal[:, 1]]
    )
    return px, py


def _as_complex(xy: np.ndarray) -> np.ndarray:
    """Lon/lat pairs as complex numbers, to compare points exactly in one array."""
    return np.ascontiguousarray(xy, dtype=float).view(complex).ravel()


def _among(xy: np.ndarray, sorted_xy: np.ndarray) -> np.ndarray:
    """Which lon/lat pairs are exactly among ``sorted_xy`` (sorted complex numbers)."""
    q = _as_complex(xy)
    if not len(sorted_xy):
        return np.zeros(len(q), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_xy, q), len(sorted_xy) - 1)
    return np.asarray(sorted_xy[at] == q)


def _search_boxes(lon: float, lat: float, radius_km: float) -> list[tuple[float, ...]]:
    """Lon/lat boxes (split at 180°) that hold every point within ``radius_km`` of a point."""
    dlat = radius_km / _KM_PER_DEG_LAT
    lat0, lat1 = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    if lat0 <= -90.0 or lat1 >= 90.0:
        return [(-180.0, lat0, 180.0, lat1)]
    widest = math.cos(math.radians(max(abs(lat0), abs(lat1))))
    dlon = radius_km / (_KM_PER_DEG_EQ * widest) * 1.001
    if dlon >= 180.0:
        return [(-180.0, lat0, 180.0, lat1)]
    lo, hi = lon - dlon, lon + dlon
    return [
        (max(-180.0, lo + s), lat0, min(180.0, hi + s), lat1)
        for s in (-360.0, 0.0, 360.0)
        if lo + s < 180.0 and hi + s > -180.0
    ]


def _ecef(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    lam, phi = np.radians(lon), np.radians(lat)
    n = _WGS84_A / np.sqrt(1.0 - _WGS84_E2 * np.sin(phi) ** 2)
    return np.stack(
        [
            n * np.cos(phi) * np.cos(lam),
            n * np.cos(phi) * np.sin(lam),
            n * (1 - _WGS84_E2) * np.sin(phi),
        ],
        axis=-1,
    )


def _to_segment(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Distance from ``p`` to each segment ``a``-``b`` (any dimension, straight lines)."""
    d = b - a
    dd = np.einsum("ij,ij->i", d, d)
    t = np.where(dd > 0, np.einsum("ij,ij->i", p - a, d) / np.where(dd > 0, dd, 1.0), 0.0)
    t = np.clip(t, 0.0, 1.0)
    return np.linalg.norm(a + t[:, None] * d - p, axis=1)


def _nearest_km(lon: float, lat: float, a: np.ndarray, b: np.ndarray) -> float:
    """Geodesic distance (km) from a point to the nearest of the stretches ``a``-``b``.

    Chords through the Earth pick the few stretches that can be nearest (a
    chord is never longer than the geodesic, and nearly as long); those are
    measured in the point's azimuthal equidistant plane, as the verdicts do.
    """
    from trajgeo.geo import geodesy

    p = _ecef(np.array([lon]), np.array([lat]))
    chord = _to_segment(p, _ecef(a[:, 0], a[:, 1]), _ecef(b[:, 0], b[:, 1])) / 1000.0
    c = float(chord.min())
    x = min(1.0, c / (2.0 * _WGS84_B_KM))
    bound = (c * (math.asin(x) / x if x > 0 else 1.0)) * 1.002 + 0.01
    pick = chord <= bound
    a, b = a[pick], b[pick]
    ends = np.concatenate([a, b])
    az, _, dist = geodesy.inverse(lon, lat, ends[:, 0], ends[:, 1])
    az = np.radians(az)
    plane = np.column_stack([dist * np.sin(az), dist * np.cos(az)])
    n = len(a)
    return float(_to_segment(np.zeros((1, 2)), plane[:n], plane[n:]).min()) / 1000.0
