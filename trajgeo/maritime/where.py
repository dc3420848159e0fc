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
#: Zones this close to a point none holds are said to leave a gap there, not the high seas.
GAP_KM = 1.0
#: The least share of the disc of GAP_KM round a point that zones cover, for a gap.
_GAP_COVER = 0.6
#: A box round the Caspian Sea (lon0, lat0, lon1, lat1): water there is no zone's.
_CASPIAN = (46.5, 36.5, 55.0, 47.3)


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
    gap_between
        For a point no zone holds: the zones within :data:`GAP_KM` of it (a
        gap between neighbours' simplified edges, on land or at sea, not the
        high seas); empty otherwise.
    """

    lon: float
    lat: float
    zones: tuple[MaritimeZone, ...]
    boundary_distance_km: float | None = None
    limit_error: LimitError | None = None
    border_error: LimitError | None = None
    border_with: str = ""
    gap_between: tuple[MaritimeZone, ...] = ()

    def no_zone_text(self, zones: ZoneSet) -> str:
        """Say what a point no zone holds is: a gap, the Caspian, Antarctica or the high seas."""
        from trajgeo.wording import NO_ZONE, NO_ZONE_ANTARCTIC, NO_ZONE_CASPIAN, NO_ZONE_GAP

        if self.gap_between:
            labels = [z.label for z in self.gap_between]
            names = ", ".join(labels[:-1]) + " and " + labels[-1] if len(labels) > 1 else labels[0]
            return NO_ZONE_GAP.format(zones=names, km=GAP_KM)
        if zones.dataset.user_supplied:
            return NO_ZONE
        if self.lat < -60.0:
            return NO_ZONE_ANTARCTIC
        x0, y0, x1, y1 = _CASPIAN
        if x0 <= self.lon <= x1 and y0 <= self.lat <= y1:
            return NO_ZONE_CASPIAN
        return NO_ZONE

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
            "gap_between": [z.label for z in self.gap_between],
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
    gap = () if found else _gap(zones, lon, lat)
    if not distance:
        return PointZones(lon, lat, tuple(found), gap_between=gap)
    dist = limit_distance_km(zones, lon, lat, found)
    if not zones.dataset.shipped:
        return PointZones(lon, lat, tuple(found), dist, gap_between=gap)
    border = _land_border(zones, lon, lat, found)
    return PointZones(lon, lat, tuple(found), dist, local_error(lon, lat), *border, gap)


def _gap(zones: ZoneSet, lon: float, lat: float) -> tuple[MaritimeZone, ...]:
    """Return the zones within :data:`GAP_KM` of a point that lies in a sliver between them.

    A sliver leaves most of the disc of :data:`GAP_KM` round the point covered (one as wide
    as the simplification leaves, 0.33 km, through its centre: 79 %); a point just beyond a
    zone's outer limit, on the high seas, has less than half of it covered, and is no gap.
    """
    import math

    import numpy as np
    import shapely

    from trajgeo.geo.geodesy import geod

    dlat = GAP_KM / 110.0
    dlon = min(180.0, dlat / max(math.cos(math.radians(lat)), 1e-3))
    near = zones.query(shapely.box(lon - dlon, lat - dlat, lon + dlon, lat + dlat))
    if not near:
        return ()
    # the disc in degrees: an ellipse dlon by dlat round the point
    disc = shapely.affinity.scale(shapely.Point(lon, lat).buffer(dlat), dlon / dlat, 1.0)
    # each zone cut to the disc first: a whole state's land or EEZ need not be unioned
    cut = shapely.intersection([z.geometry for z in near], disc)
    covered = shapely.union_all(cut).area
    if covered < _GAP_COVER * disc.area:
        return ()
    out: list[MaritimeZone] = []
    for z in near:
        # the zone's nearest point by degrees, then its geodesic distance (about a km apart,
        # the two nearest points differ by metres)
        (x, y), _ = shapely.get_coordinates(
            shapely.shortest_line(z.geometry, shapely.Point(lon, lat))
        )
        km = geod().inv(lon, lat, x, y)[2] / 1000.0
        if np.isfinite(km) and km <= GAP_KM and z.label not in {o.label for o in out}:
            out.append(z)
    return tuple(out)


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
