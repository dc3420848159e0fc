"""Launch areas as the maps draw them: a coast as a band of land, the marker on land.

A gazetteer area named after a coast ("east coast", ``coast: east`` in
``geodata/gazetteer.yaml``) is drawn as the band of that state's land along the
named coast inside the area's circle, not as a circle mostly at sea. The band is
cut from the shipped Natural Earth land (``geodata/land``): a point of the state's
land is in it when the sea lies within :data:`COAST_BAND_KM` of it on the named
side (any bearing within 60° of due east for the east coast). The site's marker
sits on land: at the gazetteer point when that is in the band (or, for other
areas, on land), else at the nearest point of the band (or of the state's land
in the circle). The fused estimate is not changed by this drawing: it still
allows a launch anywhere in the circle, and the tooltip says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from trajgeo.events.model import Launch

__all__ = ["COAST_BAND_KM", "SiteShape", "coast_band", "site_shape"]

#: Width of the band of land drawn along a named coast, in km (a drawing choice).
COAST_BAND_KM = 30.0

#: Azimuth (degrees) of the sea seen from each named coast.
_SEA_SIDE = {"north": 0.0, "east": 90.0, "south": 180.0, "west": 270.0}

#: How far inside the land (km) a marker moved onto it is put, clear of the coastline.
_INSET_KM = 2.0


@dataclass(frozen=True)
class SiteShape:
    """Where a launch site's marker goes and the area drawn around it (lon/lat degrees).

    Attributes
    ----------
    lon, lat
        The marker: on land for an area site.
    area
        The band of land along a named coast, or ``None`` (the renderer keeps the
        geometry's circle).
    coast
        The named coast (``"east"``) when ``area`` is such a band, else ``""``.
    """

    lon: float
    lat: float
    area: BaseGeometry | None = None
    coast: str = ""


def _local(lon: float, lat: float) -> tuple[Any, Any]:
    """Forward and inverse transformers to a local azimuthal equidistant plane (metres)."""
    from pyproj import CRS, Transformer

    local = CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
    fwd = Transformer.from_crs("EPSG:4326", local, always_xy=True)
    inv = Transformer.from_crs(local, "EPSG:4326", always_xy=True)
    return fwd, inv


def _state_land(
    lon: float, lat: float, reach_km: float, iso3: str
) -> tuple[BaseGeometry | None, BaseGeometry | None]:
    """Return the state's shipped land and all states' land, in a box around the point.

    With ``iso3`` empty, the first is all land too.
    """
    import math

    import shapely

    from trajgeo.io.data import data_dir
    from trajgeo.io.packed import read_layer

    dlat = reach_km / 111.0 + 0.1
    dlon = reach_km / (111.0 * max(math.cos(math.radians(lat)), 0.05)) + 0.1
    box = (lon - dlon, lat - dlat, lon + dlon, lat + dlat)
    geoms, attrs, _ = read_layer(data_dir() / "land" / "land.npz", bbox=box)
    if not geoms:
        return None, None
    owners = [str(s) for s in attrs.get("sovereign_iso3", [])]
    picked = [g for g, o in zip(geoms, owners, strict=False) if not iso3 or o == iso3.upper()]
    every = shapely.clip_by_rect(shapely.union_all(geoms), *box)
    if not picked:
        return None, every
    return shapely.clip_by_rect(shapely.union_all(picked), *box), every


def _to_plane(geom: BaseGeometry, fwd: Any) -> BaseGeometry:
    import numpy as np
    import shapely

    return shapely.transform(geom, lambda xy: np.column_stack(fwd.transform(xy[:, 0], xy[:, 1])))


@lru_cache(maxsize=32)
def coast_band(
    lon: float, lat: float, radius_km: float, iso3: str, coast: str, width_km: float = COAST_BAND_KM
) -> BaseGeometry | None:
    """Return the band of ``iso3``'s land along its ``coast`` within ``radius_km`` of a point.

    Parameters
    ----------
    lon, lat
        Centre of the area (degrees).
    radius_km
        The area's radius; the band is cut to this circle.
    iso3
        The state whose land the band is on.
    coast
        ``"north"``, ``"east"``, ``"south"`` or ``"west"``: the side the sea is on.
    width_km
        How far inland the band reaches.

    Returns
    -------
    shapely geometry or None
        The band in lon/lat degrees, or ``None`` when the circle holds no such coast.

    Examples
    --------
    >>> band = coast_band(127.49, 39.536, 120.0, "PRK", "east")
    >>> 127.0 < band.centroid.x < 128.5 and band.area > 0
    True
    """
    import math

    import shapely
    from shapely import affinity

    land, every = _state_land(lon, lat, radius_km + 2 * width_km, iso3)
    if land is None or every is None or coast not in _SEA_SIDE:
        return None
    fwd, inv = _local(lon, lat)
    plane = _to_plane(land, fwd)
    circle = shapely.Point(0.0, 0.0).buffer(radius_km * 1e3, 128)
    # a land border is no coast: probes test every state's land, simplified to 200 m
    inner = all_land = _to_plane(every, fwd).simplify(200.0)
    for turn in range(-60, 61, 15):
        az = math.radians(_SEA_SIDE[coast] + turn)
        for step in (0.25, 0.5, 0.75, 1.0):
            d = step * width_km * 1e3
            inner = inner.intersection(
                affinity.translate(all_land, -d * math.sin(az), -d * math.cos(az))
            )
    band = plane.intersection(circle).difference(inner)
    # an opening drops the slivers a translated coastline leaves behind
    band = band.buffer(-500.0).buffer(500.0).intersection(plane)
    if band.is_empty:
        return None
    return _to_plane(band, inv)


def _on_land(lon: float, lat: float, area: BaseGeometry) -> tuple[float, float]:
    """Return the point if ``area`` holds it, else the area's nearest point, set inside it."""
    import shapely
    from shapely.ops import nearest_points

    here = shapely.Point(lon, lat)
    if area.contains(here):
        return lon, lat
    fwd, inv = _local(lon, lat)
    plane = _to_plane(area, fwd)
    core = plane.buffer(-_INSET_KM * 1e3)
    target = core if not core.is_empty else plane
    p = nearest_points(target, shapely.Point(0.0, 0.0))[0]
    if not plane.contains(p):  # a sliver too thin to inset: any point inside it
        p = target.representative_point()
    x, y = inv.transform(p.x, p.y)
    return float(x), float(y)


def site_shape(launch: Launch) -> SiteShape:
    """Return the marker point (on land for an area) and the drawn area of a launch site.

    A site named after a coast gets its band of land (:func:`coast_band`); another
    area keeps its circle, with the marker moved onto the state's land in it when
    its point is at sea. A point site (no radius) is drawn where it is: a reported
    launch at sea stays at sea.
    """
    from trajgeo.events.gazetteer import gazetteer

    if launch.radius_km <= 0:
        return SiteShape(launch.lon, launch.lat)
    place = gazetteer().get(launch.place_id) if launch.place_id else None
    coast = place.coast if place is not None else ""
    iso3 = launch.country or (place.country if place is not None else "")
    band = coast_band(launch.lon, launch.lat, launch.radius_km, iso3, coast) if coast else None
    if band is not None:
        return SiteShape(*_on_land(launch.lon, launch.lat, band), area=band, coast=coast)
    import shapely

    land = _state_land(launch.lon, launch.lat, launch.radius_km, iso3)[0]
    if land is None or land.contains(shapely.Point(launch.lon, launch.lat)):
        return SiteShape(launch.lon, launch.lat)  # no land near, or the point is on it

    fwd, inv = _local(launch.lon, launch.lat)
    circle = shapely.Point(0.0, 0.0).buffer(launch.radius_km * 1e3, 64)
    near = _to_plane(_to_plane(land, fwd).intersection(circle), inv)
    if near.is_empty:
        return SiteShape(launch.lon, launch.lat)
    return SiteShape(*_on_land(launch.lon, launch.lat, near))
