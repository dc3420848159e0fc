"""Overflight as a probability: the share of plausible ground tracks that cross a state's land.

Every sample of an impact estimate comes with its own launch point, so each
is a plausible ground track (the geodesic from one to the other). The share
of tracks that pass over a state's land is the probability that the missile
overflew it; the altitude there comes from the trajectory model (vacuum free
flight through the reported apogee, or the minimum-energy path), so it is
marked as modelled.

Nothing is reported when the accounts do not fix the direction of flight
(:attr:`~trajgeo.analysis.estimate.ImpactEstimate.direction_known`): a share
of tracks drawn over every direction would be a guess, not a finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from trajgeo.analysis.estimate import ImpactEstimate
    from trajgeo.maritime import ZoneSet
    from trajgeo.maritime.pieces import PieceIndex

__all__ = ["OverflightChance", "overflight_chances", "share_interval"]

#: Tracks are a seeded random subset of this many of the estimate's samples, and each share
#: carries its sampling interval. 200 evenly spaced tracks of the over-Japan example crossed
#: China in 2.5 % of cases where all 5,001 cross it in 11 % (random subsets of 200 give
#: 7.5-16 %): a subset of fixed pattern can fall on structure in the samples' order, and a
#: share of 200 says little without its interval. 1,000 tracks would narrow the intervals to
#: about +-3 points but cost four times as much (about a fifth of a whole fused estimate);
#: the interval says what 250 can tell.
_TRACKS = 250
#: The normal quantile of a 95 % interval.
_Z95 = 1.959963984540054
_STEP_KM = 5.0
#: At most this many points along one track (the step grows for long flights).
_POINTS = 150
#: Geodesic points are computed at most this far apart (km) along a track; the points
#: between are interpolated (:func:`track_points`).
_NODE_KM = 100.0
#: Land within this distance of the launch point counts as the launching state's own.
_LAUNCH_SLACK_KM = 5.0
#: Shares below this are not reported.
_MIN_SHARE = 0.01


@dataclass(frozen=True)
class OverflightChance:
    """How likely a missile's ground track crossed one state's land, and how high it was there.

    ``altitude_km`` is the modelled altitude range over that land (5th to 95th
    percentile of the crossing tracks); ``downrange_km`` where along the track;
    ``interval`` the 95 % interval of ``probability`` from sampling ``tracks`` of
    ``drawn`` tracks (Wilson's score interval). Land several states claim is
    named by all of them (``claimants``; ``iso3`` is then empty and ``name``
    reads "land claimed by Russia and Ukraine"), never by one as its owner.
    """

    iso3: str
    name: str
    probability: float
    altitude_km: tuple[float, float] | None
    downrange_km: tuple[float, float]
    tracks: int
    drawn: int
    interval: tuple[float, float]
    claimants: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "state": self.iso3 or None,
            "claimants": list(self.claimants or (self.iso3,)),
            "name": self.name,
            "probability": round(self.probability, 3),
            "altitude_km_modelled": None
            if self.altitude_km is None
            else [round(v) for v in self.altitude_km],
            "downrange_km": [round(v) for v in self.downrange_km],
            "tracks": self.tracks,
            "of_tracks": self.drawn,
            "interval": [round(v, 3) for v in self.interval],
        }


def share_interval(k: int, n: int) -> tuple[float, float]:
    """Return the 95 % interval of a share of ``k`` in ``n`` (Wilson's score interval).

    Examples
    --------
    >>> [round(v, 3) for v in share_interval(113, 1000)]
    [0.095, 0.134]
    >>> [round(v, 3) for v in share_interval(0, 10) + share_interval(10, 10)]
    [0.0, 0.278, 0.722, 1.0]
    """
    p = k / n
    z2 = _Z95**2
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = _Z95 * float(np.sqrt(p * (1 - p) / n + z2 / (4 * n * n))) / (1 + z2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def _altitude_model(estimate: ImpactEstimate, ranges_km: np.ndarray) -> Any:
    """Return a function (fraction of range) -> altitude km for the group's nominal flight."""
    from trajgeo.physics.profile import altitude_at, profile_from_figures

    apogees = [a.apogee_km.nominal for a in estimate.missile.accounts if a.apogee_km is not None]
    d = float(np.median(ranges_km))
    try:
        prof = profile_from_figures(d, apogees[0] if apogees else None)
    except Exception:  # a figure the model cannot fly (e.g. an apogee too low for the range)
        try:
            prof = profile_from_figures(d, None)
        except Exception:
            return None
    return lambda f: np.asarray(altitude_at(prof, fraction=np.clip(f, 0.0, 1.0)), float)


_LAND: dict[int, tuple[Any, PieceIndex, np.ndarray, np.ndarray]] = {}
#: Cells of this size (degrees) are classed once, per tile of ``_TILE_CELLS`` cells a side:
#: wholly at sea, wholly one state's land, or mixed (only points in mixed cells are tested).
#: A tile of 5 degrees: one event's samples and launch area touch a few, and classing the
#: 10-degree tiles they fell in (most of Korea and north-east China for one check) was a
#: tenth of a cold check's CPU.
_CELL_DEG = 0.1
_TILE_CELLS = 50
#: Blocks of this many cells a side are tested first (see :func:`_tile`).
_BLOCK_CELLS = 10
#: Per tile: each cell's class (``0`` sea, ``k + 1`` wholly piece ``k``'s land, or
#: ``-(j + 1)``: the tile's ``j``-th mixed cell), and the mixed cells' candidate pieces.
_CELLS: dict[tuple[int, int, int], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}


def _land_index(zones: ZoneSet) -> tuple[PieceIndex, np.ndarray]:
    """Return the land pieces of a zone set in their index, and each piece's owner (built once)."""
    from trajgeo.maritime.overflight import whose_land

    key = id(zones)
    if key not in _LAND or _LAND[key][0] is not zones:
        # the zone set's own point-test pieces (kept in the user's cache), land only
        index = zones.piece_index("land")
        states = np.array([z.sovereign_iso3 for z in zones.zones], dtype=object)
        # whose land a piece is, as a reader is told: land several states claim is all of
        # theirs ("RUS;UKR"), not the state the data list first
        claims = np.array([whose_land(z) for z in zones.zones], dtype=object)
        _LAND[key] = (zones, index, states[index.owner], claims[index.owner])
        for k in [k for k in _CELLS if k[0] == key]:
            del _CELLS[k]
    return _LAND[key][1], _LAND[key][2]


def _land_claimants(
    zones: ZoneSet, lon: np.ndarray, lat: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Return points on land, and whose land as a reader is told (``"RUS;UKR"``).

    As :func:`_land_owner`, with :func:`~trajgeo.maritime.overflight.whose_land`.
    """
    _land_index(zones)
    idx, piece = _land_pieces(zones, lon, lat)
    return idx, _LAND[id(zones)][3][piece]


def _mixed_cells(index: PieceIndex, boxes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Find the boxes that some piece's outline crosses, and the pieces each one's box meets.

    An outline's bounds are its piece's, so the pieces' own index finds the
    candidates; only theirs are outlined (outlining every land piece of the
    world for a few tiles was a twentieth of a cold check). Returns the
    crossed boxes (sorted), and for each its candidates: every piece whose
    bounds meet the box (``starts`` into ``pieces``, in order of piece), so a
    point in the box is tested against exactly the pieces a query of the point
    would test.
    """
    import shapely

    at, piece = index.query(boxes)
    if not len(piece):
        return at, np.zeros(1, dtype=np.int64), piece
    uniq, which = np.unique(piece, return_inverse=True)
    outlines = shapely.boundary(index.take(uniq))
    crossed = np.unique(at[shapely.intersects(outlines[which], boxes[at])])
    keep = np.isin(at, crossed)
    starts = np.append(np.searchsorted(at[keep], crossed), np.count_nonzero(keep))
    return crossed, starts, piece[keep]


def _tile(key: int, tx: int, ty: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Class every cell of one tile: sea, wholly one piece's land, or mixed (see :data:`_CELLS`).

    Blocks of :data:`_BLOCK_CELLS` cells a side are tested first: every cell of
    a block clear of land is sea, so only the blocks that touch land (few, out
    at sea, which long tracks cross most) are classed cell by cell.
    """
    import shapely

    if (key, tx, ty) not in _CELLS:
        index = _LAND[key][1]
        n, b = _TILE_CELLS, _BLOCK_CELLS

        def corner(ix: np.ndarray, iy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            return (tx * n + ix) * _CELL_DEG - 180.0, (ty * n + iy) * _CELL_DEG - 90.0

        # each block spans its cells' boxes exactly (corners computed as theirs are)
        bx, by = (v.ravel() * b for v in np.meshgrid(np.arange(n // b), np.arange(n // b)))
        x0, y0 = corner(bx, by)
        x1, y1 = corner(bx + b - 1, by + b - 1)
        blocks = shapely.box(x0, y0, x1 + _CELL_DEG, y1 + _CELL_DEG)
        land = np.unique(index.query(blocks, predicate="intersects")[0])
        dx, dy = (v.ravel() for v in np.meshgrid(np.arange(b), np.arange(b), indexing="ij"))
        ix = (bx[land][:, None] + dx).ravel()
        iy = (by[land][:, None] + dy).ravel()
        x0, y0 = corner(ix, iy)
        boxes = shapely.box(x0, y0, x0 + _CELL_DEG, y0 + _CELL_DEG)
        cell = ix * n + iy
        # a cell clear of every piece's outline lies wholly inside one piece or wholly
        # outside all of them, as its centre does (an island inside it has an outline)
        code = np.zeros(n * n, dtype=np.int64)
        crossed, starts, pieces = _mixed_cells(index, boxes)
        mixed = np.zeros(len(cell), dtype=bool)
        mixed[crossed] = True
        clear = np.flatnonzero(~mixed)
        half = _CELL_DEG / 2.0
        inner, piece = index.query(
            shapely.points(x0[clear] + half, y0[clear] + half), predicate="intersects"
        )
        code[cell[clear[inner]]] = piece + 1
        code[cell[crossed]] = -1 - np.arange(len(crossed))
        _CELLS[(key, tx, ty)] = (code, starts, pieces)
    return _CELLS[(key, tx, ty)]


def _land_owner(zones: ZoneSet, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Points on land, and whose land: a land-only index, built once per zone set.

    The owner is the piece's sovereign in the data set, one state even where
    several claim the land (the sampler's land tests want one); what a reader
    is told comes from :func:`_land_claimants`.
    """
    _, owners = _land_index(zones)
    idx, piece = _land_pieces(zones, lon, lat)
    return idx, owners[piece]


def _land_pieces(zones: ZoneSet, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Points on land, and the land piece (in :func:`_land_index`'s order) each lies in.

    Cells known to be wholly at sea or wholly one state's land answer at once;
    only points in cells that hold a coast are tested, against the pieces
    their cell's box meets (no point geometry is made), so the answer is
    exact: the first piece, in the index's order, that holds the point.
    """
    import shapely

    index, _ = _land_index(zones)
    lon = (np.asarray(lon, float) + 180.0) % 360.0 - 180.0
    lat = np.clip(np.asarray(lat, float), -90.0, 90.0 - 1e-9)
    cx = np.minimum(np.floor((lon + 180.0) / _CELL_DEG).astype(np.int64), 3599)
    cy = np.minimum(np.floor((lat + 90.0) / _CELL_DEG).astype(np.int64), 1799)
    tx, ty = cx // _TILE_CELLS, cy // _TILE_CELLS
    code = np.empty(len(lon), dtype=np.int64)
    key = id(zones)
    tiles = tx * 1000 + ty
    pair_pt, pair_piece = [], []
    for t in np.unique(tiles):
        sel = np.flatnonzero(tiles == t)
        cells, starts, pieces = _tile(key, int(t // 1000), int(t % 1000))
        code[sel] = cells[(cx[sel] % _TILE_CELLS) * _TILE_CELLS + cy[sel] % _TILE_CELLS]
        m = sel[code[sel] < 0]
        j = -1 - code[m]
        count = starts[j + 1] - starts[j]
        first = np.repeat(starts[j] - np.cumsum(count) + count, count)
        pair_pt.append(np.repeat(m, count))
        pair_piece.append(pieces[first + np.arange(int(count.sum()))])
    whole = np.flatnonzero(code > 0)
    q_point = np.concatenate(pair_pt) if pair_pt else np.zeros(0, dtype=np.int64)
    q_piece = np.concatenate(pair_piece) if pair_piece else np.zeros(0, dtype=np.int64)
    geoms = index.take(q_piece)
    shapely.prepare(geoms)
    hit = shapely.intersects_xy(geoms, lon[q_point], lat[q_point])
    q_point, q_piece = q_point[hit], q_piece[hit]
    first = np.unique(q_point, return_index=True)[1]
    idx = np.concatenate([whole, q_point[first]])
    piece = np.concatenate([code[whole] - 1, q_piece[first]])
    order = np.argsort(idx, kind="stable")
    return idx[order], piece[order]


def land_owners_near(zones: ZoneSet, lon: float, lat: float, radius_km: float) -> set[str] | None:
    """Return the owners of every land piece within a disc, or ``None`` where it is not told.

    The disc's outline (a geodesic circle, 2 % and 1 km wider) is looked up in
    the land index: a launch area that meets no other state's land needs no
    point of it tested (:func:`trajgeo.analysis.sampler._launch_pool`). A disc
    across 180° or near a pole is not told (``None``).

    Examples
    --------
    >>> from trajgeo.maritime import load_zones
    >>> sorted(land_owners_near(load_zones(), 125.75, 39.03, 15.0))   # Pyongyang
    ['PRK']
    >>> sorted(land_owners_near(load_zones(), 124.4, 40.1, 30.0))     # Sinuiju, on the Yalu
    ['CHN', 'PRK']
    """
    import shapely

    from trajgeo.analysis.sampler import _geod

    az = np.linspace(0.0, 360.0, 64, endpoint=False)
    x, y, _ = _geod().fwd(
        np.full(64, lon), np.full(64, lat), az, np.full(64, (radius_km * 1.02 + 1.0) * 1000.0)
    )
    if float(np.ptp(x)) > 180.0 or float(np.max(np.abs(y))) > 85.0:
        return None
    index, owners = _land_index(zones)
    _, piece = index.query([shapely.Polygon(np.column_stack([x, y]))], predicate="intersects")
    return {str(o) for o in owners[piece]}


def _unit(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    lo, la = np.radians(lon), np.radians(lat)
    c = np.cos(la)
    return np.stack([c * np.cos(lo), c * np.sin(lo), np.sin(la)], axis=-1)


def track_points(
    start: np.ndarray, az: np.ndarray, dist_m: np.ndarray, frac: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Points at fractions ``frac`` of each geodesic from ``start`` (lon/lat rows), flat.

    The geodesic (pyproj) is computed at nodes at most :data:`_NODE_KM` apart;
    the points between are interpolated along the chord between nodes, as unit
    vectors, and put back on the sphere: within 3 m of the geodesic's own
    points for any line up to 15,000 km, anywhere (poles and antimeridian
    included; ``tests/test_estimate.py`` checks it), at a tenth of the cost.

    Returns
    -------
    lon, lat
        Arrays of ``len(start) * len(frac)`` points, track by track.
    """
    from trajgeo.analysis.sampler import _geod

    n, k = len(start), len(frac)
    span = float(np.max(dist_m, initial=0.0)) / 1000.0 * float(np.max(np.diff(frac), initial=1.0))
    every = max(1, int(_NODE_KM // max(span, 1e-9)))
    nodes = np.unique(np.append(np.arange(0, k, every), k - 1))
    lon, lat, _ = _geod().fwd(
        np.repeat(start[:, 0], len(nodes)),
        np.repeat(start[:, 1], len(nodes)),
        np.repeat(az, len(nodes)),
        (dist_m[:, None] * frac[nodes]).ravel(),
    )
    if len(nodes) == k:
        return np.asarray(lon), np.asarray(lat)
    v = _unit(np.asarray(lon), np.asarray(lat)).reshape(n, len(nodes), 3)
    j = np.clip(np.searchsorted(nodes, np.arange(k), side="right") - 1, 0, len(nodes) - 2)
    w = ((frac - frac[nodes[j]]) / (frac[nodes[j + 1]] - frac[nodes[j]]))[None, :, None]
    p = (v[:, j] * (1.0 - w) + v[:, j + 1] * w).reshape(-1, 3)
    return (
        np.degrees(np.arctan2(p[:, 1], p[:, 0])),
        np.degrees(np.arctan2(p[:, 2], np.hypot(p[:, 0], p[:, 1]))),
    )


def overflight_chances(
    estimate: ImpactEstimate, zones: ZoneSet
) -> tuple[OverflightChance, ...] | None:
    """Return each state whose land the missile may have overflown, with its probability.

    Parameters
    ----------
    estimate
        A placed impact estimate.
    zones
        Maritime zones with land (the shipped set has it).

    Returns
    -------
    tuple of OverflightChance, or None
        ``None`` when the direction of flight is not known: no overflight is
        then reported at all.
    """
    if not estimate.placed or not estimate.direction_known:
        return None
    if estimate.n <= _TRACKS:
        idx = np.arange(estimate.n)
    else:  # a random subset, seeded by the estimate: reproducible, and free of any pattern
        idx = np.sort(np.random.default_rng(estimate.seed).choice(estimate.n, _TRACKS, False))
    return _chances(estimate, zones, idx)


def _landing_run(pi: np.ndarray, owners: np.ndarray, n: int, m: int) -> np.ndarray:
    """Tell which land points are a track's landing: the run on one land that ends it.

    ``pi`` indexes ``n`` tracks of ``m`` points each (flat, in order); ``owners``
    is whose land each such point is on.
    """
    codes = np.full(n * m, -1, dtype=np.int64)
    _, inverse = np.unique(owners.astype(str), return_inverse=True)
    codes[pi] = inverse
    grid = codes.reshape(n, m)
    last = grid[:, -1]
    # from the end back, the first point off the land the track ends on
    off = grid[:, ::-1] != last[:, None]
    start = m - np.where(off.any(axis=1), off.argmax(axis=1), m)
    run = (np.arange(m)[None, :] >= start[:, None]) & (last[:, None] >= 0)
    return run.ravel()[pi]


def _site_states(estimate: ImpactEstimate, zones: ZoneSet) -> set[str]:
    """Return whose land the reported launch sites are on (claimants together), if any is."""
    sites = {(a.launch.lon, a.launch.lat) for a in estimate.missile.accounts}
    lon, lat = (np.array(v, dtype=float) for v in zip(*sites, strict=True))
    return {str(o) for o in _land_claimants(zones, lon, lat)[1]}


def _chances(
    estimate: ImpactEstimate, zones: ZoneSet, idx: np.ndarray
) -> tuple[OverflightChance, ...]:
    """Return the overflight chances of the tracks of samples ``idx``."""
    from pyproj import Geod

    from trajgeo.wording import land_name

    g = Geod(ellps="WGS84")
    start, end = estimate.launches[idx], estimate.impacts[idx]
    az, _, dist = g.inv(start[:, 0], start[:, 1], end[:, 0], end[:, 1])
    dist_km = np.asarray(dist) / 1000.0
    k = int(min(_POINTS, max(2, np.ceil(dist_km.max() / _STEP_KM))))
    frac = np.linspace(0.0, 1.0, k + 1)
    n = len(idx)
    lon, lat = track_points(start, np.asarray(az), np.asarray(dist), frac)
    track = np.repeat(np.arange(n), k + 1)
    along = (dist_km[:, None] * frac).ravel()
    pi, owners = _land_claimants(zones, np.asarray(lon), np.asarray(lat))
    # the land a track comes down on is where it landed, not land it flew over: the run of
    # points on that land that ends at the impact is left out (an impact on Guam had been
    # "over the United States: 73 % of plausible tracks, at about 0 km altitude")
    keep = ~_landing_run(pi, owners, n, k + 1)
    pi, owners = pi[keep], owners[keep]
    # the launching state: whoever owns the land at (or just next to) each launch point; land
    # several states claim is theirs together, so a track from it over one claimant's land
    # (whichever launched) is reported, and one from a claimant's own land over it too
    launch_state: dict[int, set[str]] = {}
    for p, o in zip(pi, owners, strict=True):
        if along[p] <= _LAUNCH_SLACK_KM:
            launch_state.setdefault(int(track[p]), set()).add(o)
    # a launch point at sea is the launch area's reach past its coast, not a launch from the
    # sea: the launching state is whoever owns the land at the reported launch site (a site
    # at sea, a submarine's, has none)
    site = _site_states(estimate, zones)
    if site:
        for t in range(n):
            launch_state.setdefault(t, site)
    model = _altitude_model(estimate, dist_km)
    out = []
    for iso in sorted(set(owners)):
        sel = owners == iso
        ptr = track[pi[sel]]
        # on its own launching state's land: a track that state launched from
        own = np.isin(ptr, [t for t, states in launch_state.items() if iso in states])
        away = np.logical_not(own)
        if own.all():
            continue
        crossed = np.unique(ptr[away])
        share = len(crossed) / n
        if share < _MIN_SHARE:
            continue
        where = along[pi[sel][away]]
        alt = None
        if model is not None:
            f = where / np.maximum(dist_km[track[pi[sel][away]]], 1e-9)
            h = model(f)
            alt = (float(np.percentile(h, 5)), float(np.percentile(h, 95)))
        claimants = tuple(str(iso).split(";"))
        out.append(
            OverflightChance(
                iso if len(claimants) == 1 else "",
                land_name(claimants),
                share,
                alt,
                (float(where.min()), float(where.max())),
                len(crossed),
                n,
                share_interval(len(crossed), n),
                claimants,
            )
        )
    return tuple(sorted(out, key=lambda o: -o.probability))
