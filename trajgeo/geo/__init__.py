"""Geometry on the WGS84 ellipsoid: geodesics, the antimeridian, impact areas.

Everything here is geodesic (pyproj's ``Geod``); nothing is buffered in
degrees. Coordinates are ``(lon, lat)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trajgeo._lazy import attach

if TYPE_CHECKING:
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

#: Where each name lives (imported on first use: geodesy alone does not load impact areas).
_HOME = {
    "HALF_MERIDIAN_M": "geodesy",
    "arc_between": "geodesy",
    "destination": "geodesy",
    "geodesic_arc": "geodesy",
    "geodesic_area_m2": "geodesy",
    "inverse": "geodesy",
    "ring_points": "geodesy",
    "shift_to_frame": "geodesy",
    "split_line": "geodesy",
    "unwrap_lon": "geodesy",
    "EventGeometry": "impact",
    "ShotGeometry": "impact",
    "event_geometry": "impact",
    "impact_area": "impact",
    "impact_zone": "impact",
    "range_ring": "impact",
    "shot_geometry": "impact",
}

__getattr__, __dir__ = attach(__name__, _HOME)

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
