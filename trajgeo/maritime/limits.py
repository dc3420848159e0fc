"""Distance from a point to the nearest maritime-zone limit (not to the coast)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from trajgeo.maritime.zoneset import MaritimeZone, ZoneSet

if TYPE_CHECKING:
    from shapely.geometry import Point

__all__ = ["limit_distance_km"]


def limit_distance_km(
    zones: ZoneSet, lon: float, lat: float, found: Sequence[MaritimeZone] | None = None
) -> float:
    """Geodesic distance (km) from a point to the limit of the area it is in.

    The area is the holding state's whole 200-NM zone (its EEZ, which holds
    its territorial sea), or the disputed band holding the point; for a
    point on the high seas or on land, the nearest zone. The coast is not a
    limit. Measured as in :func:`trajgeo.maritime.verdicts.signed_margin_km`.
    """
    from shapely.geometry import Point

    from trajgeo.maritime.verdicts import signed_margin_km

    if found is None:
        found = zones.where(lon, lat)
    band = next((z for z in found if z.kind in ("overlapping_claim", "joint_regime")), None)
    state = next(
        (
            z.sovereign_iso3
            for z in found
            if z.kind in ("eez", "territorial_sea") and z.sovereign_iso3
        ),
        None,
    )
    point = Point(lon, lat)
    if band is not None:
        area = band.geometry
    elif state is not None:
        whole = zones.state_area(state, "eez")
        area = whole.geometry if whole is not None else found[0].geometry
    else:
        area = _nearby_zones(zones, point)
        if area is None:
            return float("inf")
    from shapely.geometry import box

    window = box(
        max(-180.0, lon - 10), max(-90.0, lat - 10), min(180.0, lon + 10), min(90.0, lat + 10)
    )
    lo, _ = signed_margin_km(point, area, (lon, lat), zones.land_near(window))
    return abs(lo)


def _nearby_zones(zones: ZoneSet, point: Point) -> Any:
    """Union of the zones that may hold the nearest limit to a point on the high seas.

    The candidates are found in lon/lat (a search window only, never a
    result): every zone within three times the planar distance of the
    nearest one, widened by the longitude scale at the point's latitude.
    """
    import math

    import shapely
    from shapely.geometry import box

    sea = [i for i, z in enumerate(zones.zones) if z.kind != "land"]
    if not sea:
        return None
    geoms = [zones.zones[i].geometry for i in sea]
    d0 = float(min(shapely.distance(point, g) for g in geoms))
    reach = 3.0 * d0 + 1.0
    lon_reach = min(360.0, reach / max(0.05, math.cos(math.radians(point.y))))
    window = box(
        point.x - lon_reach,
        max(-90.0, point.y - reach),
        point.x + lon_reach,
        min(90.0, point.y + reach),
    )
    near = [g for g in geoms if g.intersects(window)]
    return shapely.union_all(near) if near else None
