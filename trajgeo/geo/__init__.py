"""Geometry on the WGS84 ellipsoid: geodesics, the antimeridian, impact areas.

Everything here is geodesic (pyproj's ``Geod``); nothing is buffered in
degrees. Coordinates are ``(lon, lat)``.
"""

from trajgeo.geo.geodesy import (
    HALF_MERIDIAN_M,
    arc_between,
    destination,
    geodesic_arc,
    geodesic_area_m2,
    inverse,
    ring_points,
    shift_to_frame,
    split_line,
    unwrap_lon,
)
from trajgeo.geo.impact import (
    EventGeometry,
    ShotGeometry,
    event_geometry,
    impact_area,
    impact_zone,
    range_ring,
    shot_geometry,
)

__all__ = [
    "HALF_MERIDIAN_M",
    "EventGeometry",
    "ShotGeometry",
    "arc_between",
    "destination",
    "event_geometry",
    "geodesic_arc",
    "geodesic_area_m2",
    "impact_area",
    "impact_zone",
    "inverse",
    "range_ring",
    "ring_points",
    "shift_to_frame",
    "shot_geometry",
    "split_line",
    "unwrap_lon",
]
