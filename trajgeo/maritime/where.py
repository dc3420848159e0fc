"""Which maritime zones hold a point, or each of many points.

:func:`where_point` answers for one point, with the distance to the nearest
zone limit; :func:`where_points` classifies many points at once (100,000 in
about a second) and measures distances only when asked (a few ms a point once
the zones near it are cut).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trajgeo.maritime.accuracy import LimitError
    from trajgeo.maritime.zoneset import MaritimeZone, ZoneSet

__all__ = ["MANY_POINTS", "PointZones", "where_point", "where_points"]

#: From this many points on, distances cut every zone's limits at once (and cache them).
MANY_POINTS = 100


@dataclass(frozen=True)
class PointZones:
    """The zones holding one point.

    Attributes
    ----------
    lon, lat
        The point, degrees.
    zones
        The :class:`~trajgeo.maritime.zoneset.MaritimeZone` objects holding it
        (empty on the high seas).
    boundary_distance_km
        Geodesic distance to the nearest zone limit, if measured.
    limit_error
        The nearest EEZ limit of the shipped data and its error there
        (:func:`trajgeo.maritime.accuracy.local_error`), with the distance
        for one point; ``None`` otherwise and for other zone data.
    border_error, border_with
        For a point on land, with the distance: the nearest land border of
        the land holding it, its error there
        (:func:`trajgeo.maritime.accuracy.local_border`), and the name of the
        land across it; ``None`` and ``""`` otherwise.
    """

    lon: float
    lat: float
    zones: tuple[MaritimeZone, ...]
    boundary_distance_km: float | None = None
    limit_error: LimitError | None = None
    border_error: LimitError | None = None
    border_with: str = ""

    def as_dict(self, zones: ZoneSet) -> dict[str, Any]:
        """Return the JSON object ``trajgeo where --json`` prints for one point."""
        dist = self.boundary_distance_km
        return {
            "lat": self.lat,
            "lon": self.lon,
            "zones": [
                {
                    "name": z.name,
                    "label": z.label,
                    "sovereign_iso3": z.sovereign_iso3,
                    "kind": z.kind,
                    "claimants": list(z.claimants),
                }
                for z in self.zones
            ],
            "boundary_distance_km": None if dist is None else round(dist, 1),
            "nearest_eez_limit": None if self.limit_error is None else self.limit_error.as_dict(),
            "nearest_land_border": (
                None
                if self.border_error is None
                else {**self.border_error.as_dict(), "with": self.border_with}
            ),
            "dataset": zones.dataset.as_dict(),
        }


def where_point(zones: ZoneSet, lon: float, lat: float, *, distance: bool = True) -> PointZones:
    """Return the zones holding a point and, with ``distance``, how far the nearest limit is.

    Examples
    --------
    >>> from trajgeo.maritime import load_zones
    >>> found = where_point(load_zones(), 136.9, 40.5)  # doctest: +SKIP
    >>> [z.sovereign_iso3 for z in found.zones]  # doctest: +SKIP
    ['JPN']
    """
    from trajgeo._checks import lonlat, require_zone_set
    from trajgeo.maritime.accuracy import local_error
    from trajgeo.maritime.limits import limit_distance_km

    require_zone_set(zones)
    lon, lat = lonlat(lon, lat)  # a latitude of 95 had looped for ever measuring the distance
    found = zones.where(lon, lat)
    if not distance:
        return PointZones(lon, lat, tuple(found))
    dist = limit_distance_km(zones, lon, lat, found)
    if not zones.dataset.shipped:
        return PointZones(lon, lat, tuple(found), dist)
    border = _land_border(zones, lon, lat, found)
    return PointZones(lon, lat, tuple(found), dist, local_error(lon, lat), *border)


def _land_border(
    zones: ZoneSet, lon: float, lat: float, found: Sequence[MaritimeZone]
) -> tuple[LimitError | None, str]:
    """Find the nearest land border of the land holding a point, and name the land across."""
    from trajgeo.maritime.accuracy import local_border
    from trajgeo.maritime.names import state_name

    land = next((z for z in found if z.kind == "land"), None)
    if land is None:
        return None, ""
    zone_id = land.zone_id.split("@")[0]  # (a worldview's copy of the zone)
    got = local_border(lon, lat, land.territory_iso3 or land.sovereign_iso3, zone_id)
    if got is None:
        return None, ""
    err, across = got
    other = next((z for z in zones.zones if z.zone_id.split("@")[0] == across), None)
    if other is None:
        return err, across
    # a disputed area by its own name ("Western Sahara"), a state or territory by its name
    code = other.territory_iso3 or other.sovereign_iso3
    return err, other.name if other.claimants or not code else state_name(code)


def where_points(
    zones: ZoneSet,
    lons: Sequence[float] | Any,
    lats: Sequence[float] | Any,
    *,
    distance: bool = False,
) -> list[PointZones]:
    """Classify many points at once; one :class:`PointZones` per point, in order."""
    import numpy as np

    from trajgeo._checks import lonlat, require_zone_set
    from trajgeo.maritime.limits import limit_distance_km, prepare_limit_index

    require_zone_set(zones)
    lons, lats = lonlat(np.atleast_1d(lons), np.atleast_1d(lats))
    if lons.ndim != 1:
        from trajgeo.errors import InputError

        raise InputError(
            "expected one dimension of points",
            field="lons/lats",
            value=f"shape {lons.shape}",
            allowed="sequences of longitudes and latitudes",
        )
    if distance and len(lons) >= MANY_POINTS:
        prepare_limit_index(zones)
    pi, zi = zones.classify(lons, lats)
    per_point: list[list[int]] = [[] for _ in range(len(lons))]
    for p, z in zip(pi.tolist(), zi.tolist(), strict=False):
        per_point[p].append(z)
    out = []
    for k, idx in enumerate(per_point):
        found = [zones.zones[z] for z in idx]
        lon, lat = float(lons[k]), float(lats[k])
        dist = limit_distance_km(zones, lon, lat, found) if distance else None
        out.append(PointZones(lon, lat, tuple(found), dist))
    return out
