"""Describe an estimated impact the way ministries do: "about 200 km W of Okushiri Island".

The description is trajgeo's own, derived from the fused estimate, and always
says so: it never puts a figure in a source's mouth.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from trajgeo.analysis.estimate import ImpactEstimate

__all__ = ["LANDMARK_KINDS", "LandmarkDescription", "describe_impact"]

#: Gazetteer kinds that make good reference points at sea.
LANDMARK_KINDS = ("island", "cape", "peninsula")
#: An estimate spread wider than this (or half its distance from the landmark) is not
#: described from a landmark: it has no central point worth naming.
_SPREAD_KM = 150.0
#: Landmarks within this distance are preferred to a nearer town.
_PREFER_KM = 400.0
#: A town this near, and a quarter or less as far as the landmark, names a coastal impact.
_TOWN_KM = 50.0
#: Farther than this from every landmark, an impact is not described from one ("about
#: 3,050 km W of Caroline Island" tells a reader nothing; Japan's ministry has described
#: impacts about 1,180 km east of Cape Erimo, within it).
_MAX_KM = 1_500.0
_EIGHT = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")


@dataclass(frozen=True)
class LandmarkDescription:
    """An estimated impact described from a landmark.

    ``distance_km`` is rounded as a ministry would (to 1 km below 20 km, 10 km
    below 300 km, else 50 km), or to 1 km where that would put it outside
    ``low_km``/``high_km``, which span the central 90 % of the samples.
    """

    landmark: str
    distance_km: float
    direction: str
    low_km: float
    high_km: float

    @property
    def text(self) -> str:
        """E.g. ``"about 200 km W of Okushiri Island"``."""
        return f"about {self.distance_km:,.0f} km {self.direction} of {self.landmark}"

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (marked as derived)."""
        return {
            "text": self.text,
            "landmark": self.landmark,
            "distance_km": self.distance_km,
            "direction": self.direction,
            "range_km": [round(self.low_km), round(self.high_km)],
            "derived_by": "trajgeo",
        }


def _round(d: float) -> float:
    """Round a distance as a ministry would: to 1 km below 20 km, 10 km below 300, else 50.

    Examples
    --------
    >>> _round(2.4), _round(47.0), _round(1_234.0)
    (2.0, 50.0, 1250.0)
    """
    step = 1.0 if d < 20 else 10.0 if d < 300 else 50.0
    return max(step, round(d / step) * step)


def describe_impact(
    estimate: ImpactEstimate,
    places: Iterable[Any],
    inland: bool = False,
) -> LandmarkDescription | None:
    """Describe an estimate's central impact point from the nearest suitable landmark.

    Parameters
    ----------
    estimate
        A placed impact estimate.
    places
        Gazetteer places: kinds :data:`LANDMARK_KINDS`, else towns.
    inland
        The estimate lies mostly on land: describe it from the nearest town, as
        one would a place ashore (an island 350 km off, across a coast, tells a
        reader little about a missile that came down inland).

    Examples
    --------
    >>> import numpy as np
    >>> from trajgeo.analysis.estimate import ImpactEstimate
    >>> from trajgeo.events.accounts import Missile
    >>> from trajgeo.events.gazetteer import Place
    >>> pts = np.array([[137.0, 41.5], [137.1, 41.6], [136.9, 41.4]])
    >>> est = ImpactEstimate(Missile(1, ()), pts, pts, (), (), (), 0, 3, True)
    >>> okushiri = Place("okushiri", "Okushiri Island", 139.45, 42.15, kind="island")
    >>> describe_impact(est, [okushiri]).text
    'about 220 km W of Okushiri Island'
    """
    from pyproj import Geod

    if not estimate.placed or estimate.n == 0:
        return None
    places = list(places)
    cands = [p for p in places if p.kind in LANDMARK_KINDS]
    towns = [p for p in places if p.kind == "city"]
    if not cands and not towns:
        return None
    g = Geod(ellps="WGS84")
    lon = math.degrees(float(np.median(np.unwrap(np.radians(estimate.impacts[:, 0])))))
    lat = float(np.median(estimate.impacts[:, 1]))
    pool = cands + towns
    lons = np.array([p.lon for p in pool])
    lats = np.array([p.lat for p in pool])
    az, _, d = g.inv(lons, lats, np.full(len(pool), lon), np.full(len(pool), lat))
    d = np.asarray(d) / 1000.0
    order = [int(i) for i in np.argsort(d)]
    # the nearest island, cape or peninsula within _PREFER_KM; a town only where no such
    # landmark is that near. Never the landmarks of a state a claim names: which claims a
    # report makes is no evidence of where the missile came down (a claim about Japan's
    # zone had put an impact 15 km from the Liancourt Rocks "about 180 km NW of Dogo")
    marks = [i for i in order if i < len(cands) and d[i] <= _PREFER_KM]
    pick = (marks or order)[0]
    town = next((i for i in order if i >= len(cands)), None)
    # inland, or just off a town, the town says where ("about 6 km E of Chongjin", not 210 km
    # from an island): an estimate with less than half of it on land had been put off Russky.
    # Inland, a town far off says less than a nearer landmark: an impact on a rock of the
    # Senkaku Islands had been "about 1,166 km SW of Busan", Yonaguni 150 km away
    near_town = town is not None and d[town] <= max(_PREFER_KM, d[pick])
    if town is not None and ((inland and near_town) or d[town] <= min(_TOWN_KM, 0.25 * d[pick])):
        pick = town
    if d[pick] > _MAX_KM:
        return None  # no landmark near enough to be of use
    p = pool[pick]
    _, _, ds = g.inv(
        np.full(estimate.n, p.lon),
        np.full(estimate.n, p.lat),
        estimate.impacts[:, 0],
        estimate.impacts[:, 1],
    )
    lo, hi = np.percentile(np.asarray(ds) / 1000.0, [5, 95])
    raw = float(d[pick])
    if hi - lo > max(_SPREAD_KM, 0.5 * raw) or not lo <= raw <= hi:
        # a wide area, or a ring round its own middle (no direction was reported): the
        # middle lies where almost none of the estimate is, so no single point describes it
        return None
    dist = _round(raw)
    if not lo <= dist <= hi:  # rounded as a ministry would, but never out of its own 90 %
        dist = float(max(1, round(raw)))
    direction = _EIGHT[int(round((float(az[pick]) % 360.0) / 45.0)) % 8]
    return LandmarkDescription(p.name, dist, direction, float(lo), float(hi))
