"""Candidate impacts drawn once and tested against every account (Monte Carlo core).

An *anchor* account (the most precise of a set) proposes candidate launch and
impact points; every account's own test is then run on the same candidates,
once. A set of accounts keeps the candidates that all its members allow, so
the search for the largest set of accounts that can hold together
(:mod:`trajgeo.analysis.estimate`) reuses one draw for every set with the
same anchor instead of drawing again for each.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from trajgeo.events.accounts import Account, Place
from trajgeo.events.figures import DirectionBand, Figure

_BATCH = 20_000
_MAX_DRAWS = 400_000
#: Fewer accepted samples than this, after every draw: the accounts cannot all hold.
MIN_ACCEPTED = 200
#: Launch points drawn once per estimate, then resampled.
_LAUNCH_POOL = 20_000
_EARTH_HALF_M = 20_003_931.0

LandOwner = Callable[[np.ndarray], np.ndarray]


def _geod() -> Any:
    from pyproj import Geod

    global _GEOD
    if _GEOD is None:
        _GEOD = Geod(ellps="WGS84")
    return _GEOD


_GEOD: Any = None


def _in_disc(rng: np.random.Generator, place: Place, n: int) -> np.ndarray:
    """``n`` points uniform over a place's disc (its point when the radius is 0)."""
    if place.radius_km <= 0:
        return np.tile([place.lon, place.lat], (n, 1)).astype(float)
    r = place.radius_km * 1000.0 * np.sqrt(rng.random(n))
    az = rng.random(n) * 360.0
    if place.radius_km <= _PLANE_KM and abs(place.lat) < 70.0:
        # within 50 km the local plane (WGS84 radii of curvature) is within 0.3 % of
        # the geodesic, at a fraction of its cost
        phi = math.radians(place.lat)
        w = 1.0 - _E2 * math.sin(phi) ** 2
        north = _A_M * (1.0 - _E2) / w**1.5
        east = _A_M / math.sqrt(w) * math.cos(phi)
        t = np.radians(az)
        lon = place.lon + np.degrees(r * np.sin(t) / east)
        # a disc across 180° wraps (only those points change, so the others keep their bits)
        lon = np.where(lon > 180.0, lon - 360.0, np.where(lon < -180.0, lon + 360.0, lon))
        return np.column_stack([lon, place.lat + np.degrees(r * np.cos(t) / north)])
    lon, lat, _ = _geod().fwd(np.full(n, place.lon), np.full(n, place.lat), az, r)
    return np.column_stack([lon, lat])


def _in_sector(rng: np.random.Generator, band: DirectionBand | None, n: int) -> np.ndarray:
    if band is None or band.width_deg >= 360.0:
        return rng.random(n) * 360.0
    return (band.start_deg + rng.random(n) * band.width_deg) % 360.0


def _in_band(rng: np.random.Generator, fig: Figure, n: int) -> np.ndarray:
    return (fig.low + rng.random(n) * (fig.high - fig.low)) * 1000.0


def _fwd(start: np.ndarray, az: np.ndarray, dist_m: np.ndarray) -> np.ndarray:
    lon, lat, _ = _geod().fwd(start[:, 0], start[:, 1], az, np.minimum(dist_m, _EARTH_HALF_M))
    return np.column_stack([lon, lat])


def _inv(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    az, _, dist = _geod().inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
    return np.asarray(az) % 360.0, np.asarray(dist) / 1000.0


_SPHERE_KM = 6371.0088
#: Discs up to this radius (km) are sampled in the local plane.
_PLANE_KM = 50.0
_A_M = 6_378_137.0
_E2 = 6.69437999014e-3
#: A spherical length is within 0.6 % of the ellipsoid's; its azimuth, on lines of
#: 100-3,000 km, well within 1°. Lines within these of a band's edge are measured exactly.
_DIST_SLACK = 0.007
_AZ_SLACK_DEG = 1.0


def _sphere(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Azimuth (degrees) and length (km) of each a→b line on a sphere: a fast first pass."""
    lon1, lat1, lon2, lat2 = (np.radians(v) for v in (a[:, 0], a[:, 1], b[:, 0], b[:, 1]))
    dlon = lon2 - lon1
    c1, c2 = np.cos(lat1), np.cos(lat2)
    h = np.sin((lat2 - lat1) / 2) ** 2 + c1 * c2 * np.sin(dlon / 2) ** 2
    dist = 2 * _SPHERE_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    y = np.sin(dlon) * c2
    x = c1 * np.sin(lat2) - np.sin(lat1) * c2 * np.cos(dlon)
    return np.degrees(np.arctan2(y, x)) % 360.0, dist


def _in_bands(
    a: np.ndarray, b: np.ndarray, low: float, high: float, band: DirectionBand | None
) -> np.ndarray:
    """Tell which a→b lines are ``low``-``high`` km long, with an azimuth in ``band``.

    A spherical first pass settles every line clearly inside or clearly
    outside the bands; the rest are measured on the ellipsoid (pyproj), so the
    answer is the ellipsoid's.
    """
    az, dist = _sphere(a, b)
    m = dist * _DIST_SLACK + 0.5
    out = (dist < low - m) | (dist > high + m)
    keep = (dist >= low + m) & (dist <= high - m)
    if band is not None and band.width_deg < 360.0:
        here = band.contains(az)
        lo_in = band.contains((az - _AZ_SLACK_DEG) % 360.0)
        hi_in = band.contains((az + _AZ_SLACK_DEG) % 360.0)
        sure = (dist >= 100.0) & (dist <= 3_000.0)
        keep &= here & lo_in & hi_in & sure
        out |= ~here & ~lo_in & ~hi_in & sure
    unsure = np.flatnonzero(~(keep | out))
    if len(unsure):
        az2, d2 = _inv(a[unsure], b[unsure])
        ok = (d2 >= low) & (d2 <= high)
        keep[unsure] = ok & band.contains(az2) if band is not None else ok
    return keep


def _sector_area_km2(band: DirectionBand | None, fig: Figure) -> float:
    width = 2 * math.pi if band is None else math.radians(min(band.width_deg, 360.0))
    return 0.5 * width * (fig.high**2 - fig.low**2) + 1.0


def _anchor(accounts: Sequence[Account]) -> Account | None:
    """Pick the account whose own region is smallest: it proposes the candidates."""
    best, best_area = None, math.inf
    for a in accounts:
        areas = []
        if a.impact is not None:
            areas.append(math.pi * max(a.impact.radius_km, 1.0) ** 2)
        if a.landmark is not None and a.landmark_distance_km is not None:
            areas.append(
                _sector_area_km2(a.landmark_bearing, a.landmark_distance_km)
                + math.pi * a.landmark.radius_km**2
            )
        if a.distance_km is not None:
            areas.append(
                _sector_area_km2(a.bearing, a.distance_km) + math.pi * a.launch.radius_km**2
            )
        for area in areas:
            if area < best_area:
                best, best_area = a, area
    return best


#: Launch pools drawn so far, by place and land layer (see :func:`_launch_pool`).
_POOLS: dict[tuple[Any, ...], tuple[Any, np.ndarray]] = {}


def _launch_pool(place: Place, land_owner: LandOwner | None) -> np.ndarray | None:
    """Launch points uniform over a launch area, less other states' land (``None``: no need).

    A launch area drawn round a state's site can spill over a border; a launch
    from that site is never from another state's land. The pool is drawn
    once per place (with its own seed, so it is the same in every run) and
    resampled by each estimate, so the land test runs once per place and land
    layer: a ``land_owner`` with a ``cache_key`` attribute (the land layer it
    reads) shares its pools across estimates.
    """
    if not place.country or land_owner is None or place.radius_km <= 0:
        return None
    layer = getattr(land_owner, "cache_key", None)
    key = (place.lon, place.lat, place.radius_km, place.country, id(layer))
    hit = _POOLS.get(key) if layer is not None else None
    if hit is not None and hit[0] is layer:
        return hit[1]
    rng = np.random.default_rng(zlib.crc32(repr(key[:4]).encode()))
    pool = _in_disc(rng, place, _LAUNCH_POOL)
    # an area that meets no other state's land keeps every point: none is tested
    near = getattr(land_owner, "owners_near", None)
    owners = near(place.lon, place.lat, place.radius_km) if near is not None else None
    if owners is None or not owners <= {place.country}:
        owner = land_owner(pool)
        keep = (owner == "") | (owner == place.country)
        pool = pool[keep] if keep.any() else pool
    if layer is not None:
        if len(_POOLS) > 256:
            _POOLS.clear()
        _POOLS[key] = (layer, pool)
    return pool


def _propose(
    a: Account,
    rng: np.random.Generator,
    n: int,
    class_range: Figure | None,
    pool: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, str]:
    launches = _in_disc(rng, a.launch, n) if pool is None else pool[rng.integers(len(pool), size=n)]
    areas = {}
    if a.impact is not None:
        areas["point"] = math.pi * max(a.impact.radius_km, 1.0) ** 2
    if a.landmark is not None and a.landmark_distance_km is not None:
        areas["landmark"] = _sector_area_km2(a.landmark_bearing, a.landmark_distance_km)
    if a.distance_km is not None:
        areas["range"] = _sector_area_km2(a.bearing, a.distance_km)
    how = min(areas, key=areas.__getitem__) if areas else "class"
    if how == "point":
        assert a.impact is not None
        impacts = _in_disc(rng, replace_radius(a.impact), n)
    elif how == "landmark":
        assert a.landmark is not None and a.landmark_distance_km is not None
        marks = _in_disc(rng, a.landmark, n)
        impacts = _fwd(
            marks, _in_sector(rng, a.landmark_bearing, n), _in_band(rng, a.landmark_distance_km, n)
        )
    elif how == "range":
        assert a.distance_km is not None
        impacts = _fwd(launches, _in_sector(rng, a.bearing, n), _in_band(rng, a.distance_km, n))
    else:
        assert class_range is not None
        impacts = _fwd(launches, _in_sector(rng, a.bearing, n), _in_band(rng, class_range, n))
    return launches, impacts, how


def replace_radius(p: Place) -> Place:
    """Give a reported point a radius of at least 1 km: it is never exact."""
    if p.radius_km >= 1.0:
        return p
    return Place(p.name, p.lon, p.lat, 1.0, p.country)


def _same_place(a: Place, b: Place) -> bool:
    return (a.lon, a.lat, a.radius_km) == (b.lon, b.lat, b.radius_km)


def _keep(
    a: Account,
    launches: np.ndarray,
    impacts: np.ndarray,
    ok: np.ndarray,
    rng: np.random.Generator,
    skip: str,
    anchor_launch: Place,
    land_owner: Callable[[np.ndarray], np.ndarray] | None,
    class_range: Figure | None,
) -> np.ndarray:
    """Narrow ``ok`` to the candidates account ``a`` also allows.

    ``skip`` names the constraint that proposed the candidates (true by
    construction). Each test runs only on the candidates still standing.
    """

    def narrow(test: Callable[[np.ndarray], np.ndarray]) -> None:
        idx = np.nonzero(ok)[0]
        if len(idx):
            ok[idx] = test(idx)

    if not _same_place(a.launch, anchor_launch):
        site = np.array([[a.launch.lon, a.launch.lat]])
        narrow(
            lambda i: _inv(launches[i], np.repeat(site, len(i), 0))[1] <= a.launch.radius_km + 0.5
        )
    need_track = (
        (a.distance_km is not None and skip != "range")
        or (a.bearing is not None and skip not in ("range", "class"))
        or (a.distance_km is None and class_range is not None and skip != "class")
    )
    if need_track:
        low, high = 0.0, math.inf
        if a.distance_km is not None and skip != "range":
            low, high = a.distance_km.low, a.distance_km.high
        if a.distance_km is None and class_range is not None and skip != "class":
            high = class_range.high
        brg = a.bearing if skip not in ("range", "class") else None

        def track(i: np.ndarray) -> np.ndarray:
            return _in_bands(launches[i], impacts[i], low, high, brg)

        narrow(track)
    if a.landmark is not None and a.landmark_distance_km is not None and skip != "landmark":
        lm, dist_fig, lm_brg = a.landmark, a.landmark_distance_km, a.landmark_bearing

        def landmark(i: np.ndarray) -> np.ndarray:
            marks = _in_disc(rng, lm, len(i))
            return _in_bands(marks, impacts[i], dist_fig.low, dist_fig.high, lm_brg)

        narrow(landmark)
    if a.impact is not None and skip != "point":
        p = replace_radius(a.impact)
        pt = np.array([[p.lon, p.lat]])
        narrow(lambda i: _inv(impacts[i], np.repeat(pt, len(i), 0))[1] <= p.radius_km)
    if a.fell is not None and a.fell not in ("sea", "land"):
        from trajgeo.maritime.seas import in_sea

        sea = a.fell
        narrow(lambda i: in_sea(sea, impacts[i]))
    elif a.fell is not None and land_owner is not None:
        owner_fn = land_owner

        def sea_or_land(i: np.ndarray) -> np.ndarray:
            land = owner_fn(impacts[i]) != ""
            return land if a.fell == "land" else np.logical_not(land)

        narrow(sea_or_land)
    return ok


def _hopeless(n_ok: int, drawn: int) -> bool:
    """Tell whether a set cannot reach :data:`MIN_ACCEPTED` in :data:`_MAX_DRAWS` candidates.

    ``n_ok`` of ``drawn`` candidates were accepted; the set is hopeless when
    even a generous upper bound of its acceptance rate (about 3 standard
    errors, and 3 accepted when none was: a 95 % bound) gives fewer than
    :data:`MIN_ACCEPTED` in :data:`_MAX_DRAWS`.
    """
    upper = (n_ok + 3.0 + 3.0 * math.sqrt(n_ok)) / drawn
    return upper * _MAX_DRAWS < MIN_ACCEPTED


# --------------------------------------------------------------------------- shared draws
@dataclass(frozen=True)
class Run:
    """Accepted samples of one set of accounts."""

    impacts: np.ndarray
    launches: np.ndarray
    drawn: int
    anchor: int


@dataclass
class _Draws:
    """Every candidate one anchor proposed so far, with each account's verdict on it."""

    anchor: Account
    launches: list[np.ndarray] = field(default_factory=list)
    impacts: list[np.ndarray] = field(default_factory=list)
    masks: list[np.ndarray] = field(default_factory=list)
    drawn: int = 0
    pool: np.ndarray | None = None


class Sampler:
    """Draw candidates per anchor, test each account once, serve any set of accounts.

    Parameters
    ----------
    accounts
        Every account that may be in a set (the columns of the verdicts).
    rng
        The seeded generator: draws happen in the order sets are asked for,
        so a run is reproducible.
    land_owner
        ``f(points) -> str array`` of whose land each point is on.
    class_range
        The distance band a missile's class allows, when no account gives one.
    """

    def __init__(
        self,
        accounts: Sequence[Account],
        rng: np.random.Generator,
        land_owner: LandOwner | None,
        class_range: Figure | None,
    ) -> None:
        self.accounts = list(accounts)
        self.rng = rng
        self.land_owner = land_owner
        self.class_range = class_range
        self._draws: dict[int, _Draws] = {}

    def anchor(self, subset: Sequence[Account]) -> Account | None:
        """Return the account that proposes candidates for ``subset`` (``None``: none can)."""
        a = _anchor(subset)
        if a is None and self.class_range is not None:
            a = next((x for x in subset if x.bearing is not None), None)
        return a

    def _more(self, d: _Draws, n: int) -> None:
        """Draw ``n`` more candidates from ``d``'s anchor and test every account on them."""
        a, rng = d.anchor, self.rng
        if d.pool is None and not d.drawn:
            d.pool = _launch_pool(a.launch, self.land_owner)
        launches, impacts, how = _propose(a, rng, n, self.class_range, d.pool)
        base = _keep(
            a,
            launches,
            impacts,
            np.ones(n, dtype=bool),
            rng,
            how,
            a.launch,
            self.land_owner,
            self.class_range,
        )
        cols = []
        for b in self.accounts:
            if b is a:
                cols.append(base)
            else:
                ok = base.copy()
                cols.append(
                    _keep(b, launches, impacts, ok, rng, "", a.launch, self.land_owner, None)
                )
        d.launches.append(launches)
        d.impacts.append(impacts)
        d.masks.append(np.column_stack(cols))
        d.drawn += n

    def run(self, subset: Sequence[Account], need: int) -> Run | None:
        """Return accepted samples of ``subset``: at least ``need`` unless it cannot hold.

        Draws more only when the candidates drawn so far for the same anchor
        do not already answer: a set found hopeless (fewer than
        :data:`MIN_ACCEPTED` in :data:`_MAX_DRAWS` at its rate) stops early.
        """
        a = self.anchor(subset)
        if a is None:
            return None
        d = self._draws.setdefault(a.line, _Draws(a))
        cols = [i for i, b in enumerate(self.accounts) if any(b is x for x in subset)]
        n_ok, ok = 0, np.zeros(0, dtype=bool)
        while True:
            if d.drawn:
                ok = np.asarray(np.concatenate(d.masks)[:, cols].all(axis=1))
                n_ok = int(ok.sum())
            if n_ok >= need or d.drawn >= _MAX_DRAWS:
                break
            if d.drawn >= _BATCH and _hopeless(n_ok, d.drawn):
                break  # a hopeless set: stop early rather than draw everything
            if n_ok:  # size the next batch to what is still needed
                rate = n_ok / d.drawn
                batch = int(min(_BATCH * 4, max(2_000, 1.2 * (need - n_ok) / rate)))
            else:
                batch = _BATCH if d.drawn else min(_BATCH, max(2_000, 2 * need))
            self._more(d, min(batch, _MAX_DRAWS - d.drawn))
        if not d.drawn:
            return Run(np.empty((0, 2)), np.empty((0, 2)), 0, a.line)
        keep = np.flatnonzero(ok)[:need]
        return Run(
            np.concatenate(d.impacts)[keep],
            np.concatenate(d.launches)[keep],
            d.drawn,
            a.line,
        )

    @property
    def drawn(self) -> int:
        """Candidates drawn so far, over every anchor."""
        return sum(d.drawn for d in self._draws.values())
