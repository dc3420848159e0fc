"""Small helpers of map building: direction words, frames, points."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from trajgeo.errors import InputError
from trajgeo.wording import POINT_WORDS, impact_words, prose_km

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from trajgeo.geo.impact import ShotGeometry
from trajgeo.maps.layers import (
    _PROJ_ALIASES,
    PROJECTIONS,
    Extent,
    ShotLayer,
)

__all__ = [
    "direction_words",
]


# --------------------------------------------------------------------------- helpers
def direction_words(azimuth_deg: float) -> str:
    """Say an azimuth as a 16-point compass direction in words.

    Examples
    --------
    >>> direction_words(45.0), direction_words(292.0)
    ('north-east', 'west-north-west')
    """
    from trajgeo.events.compass import compass_name

    name = compass_name(azimuth_deg % 360.0)
    words = [POINT_WORDS[c] for c in name]
    if len(words) == 3:
        return f"{words[0]}-{words[1]}-{words[2]}"
    return "".join(words[:1]) + ("-" + words[1] if len(words) == 2 else "")


def _range_words(band: Any, *, prose: bool = True) -> str:
    """Say the distance in the source's words: ``"about 4,600 km"``, ``"300 to 350 km"``."""
    text = band.text or band.describe()
    return text.replace("–", " to ") if prose else text


def _unit_vectors(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    lo, la = np.radians(lon), np.radians(lat)
    return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])


def _centre(points: np.ndarray) -> tuple[float, float]:
    """Spherical centre of lon/lat points (mean unit vector)."""
    v = _unit_vectors(points[:, 0], points[:, 1]).mean(axis=0)
    n = float(np.linalg.norm(v))
    if n < 1e-9:
        return float(points[0, 0]), float(points[0, 1])
    v /= n
    return (
        math.degrees(math.atan2(v[1], v[0])),
        math.degrees(math.asin(max(-1.0, min(1.0, v[2])))),
    )


def _shift_points(xy: np.ndarray, central_lon: float) -> np.ndarray:
    out = np.array(xy, float, copy=True)
    if out.size == 0:
        return out.reshape(-1, 2)
    lo = central_lon - 180.0
    # keep a continuous line continuous: shift by whole turns chosen from its first point
    shift = ((out[0, 0] - lo) % 360.0 + lo) - out[0, 0]
    out[:, 0] += shift
    return out


def _geom_points(geom: BaseGeometry | None, limit: int = 400) -> np.ndarray:
    import shapely

    if geom is None or geom.is_empty:
        return np.empty((0, 2))
    xy = shapely.get_coordinates(geom)
    if len(xy) > limit:
        xy = xy[np.linspace(0, len(xy) - 1, limit).astype(int)]
    return xy


def _crosses(geom: BaseGeometry | None) -> bool:
    if geom is None or geom.is_empty:
        return False
    parts = getattr(geom, "geoms", [geom])
    if len(parts) < 2:
        return False
    xs = [(p.bounds[0], p.bounds[2]) for p in parts]
    return any(
        abs(a - 180.0) < 1e-6
        or abs(b - 180.0) < 1e-6
        or abs(a + 180.0) < 1e-6
        or abs(b + 180.0) < 1e-6
        for a, b in xs
    )


def _parse_projection(name: str | None) -> str:
    if name is None:
        return "auto"
    key = str(name).strip().lower().replace("_", "-")
    key = _PROJ_ALIASES.get(key.replace("-", ""), _PROJ_ALIASES.get(key, key))
    if key not in PROJECTIONS:
        raise InputError(
            "unknown projection", field="projection", value=name, allowed=", ".join(PROJECTIONS)
        )
    return key


def _format_date(date: Any) -> str:
    if date is None:
        return ""
    return f"{date.day} {date.strftime('%B %Y')}"


def _check_extent(extent: Sequence[float]) -> tuple[float, float, float, float]:
    vals = list(extent)
    if len(vals) != 4:
        raise InputError(
            "an extent needs four numbers",
            field="extent",
            value=vals,
            allowed="lon0 lon1 lat0 lat1",
        )
    lon0, lon1, lat0, lat1 = (float(v) for v in vals)
    if not all(math.isfinite(v) for v in (lon0, lon1, lat0, lat1)):
        raise InputError("extent values must be finite", field="extent", value=vals)
    if not (-90 <= lat0 < lat1 <= 90):
        raise InputError(
            "bad latitudes in extent",
            field="extent",
            value=vals,
            allowed="-90 <= lat0 < lat1 <= 90",
        )
    if not (-360 <= lon0 <= 360 and -360 <= lon1 <= 360) or lon0 == lon1:
        raise InputError(
            "bad longitudes in extent",
            field="extent",
            value=vals,
            allowed="lon0 != lon1 within -360..360 (lon1 < lon0 crosses 180°)",
        )
    return lon0, lon1, lat0, lat1


def _frame(lon: float, frame: float) -> float:
    lo = frame - 180.0
    return float((lon - lo) % 360.0 + lo)


def _to_frame(geom: BaseGeometry, frame: float) -> BaseGeometry:
    from trajgeo.geo.geodesy import shift_to_frame

    return shift_to_frame(geom, frame)


def _box(xy: np.ndarray) -> Extent:
    lon0, lat0 = np.min(xy, axis=0)
    lon1, lat1 = np.max(xy, axis=0)
    if lat1 > 84.0 or lat0 < -84.0:
        # near a pole a lon/lat box is meaningless: take all longitudes
        mid = (lon0 + lon1) / 2.0
        lon0, lon1 = mid - 180.0, mid + 180.0
        lat1 = 90.0 if lat1 > 84.0 else lat1
        lat0 = -90.0 if lat0 < -84.0 else lat0
    return Extent(float(lon0), float(lon1), float(lat0), float(lat1))


def _shot_layer(sg: ShotGeometry, index: int, frame: float) -> ShotLayer:
    s = sg.shot
    if s.range is not None and s.impact is None:
        label = _range_words(s.range, prose=False)
    elif s.impact is not None:
        # as the source placed it, e.g. "about 200 km W of Oshima-Oshima", with its radius
        label = impact_words(s.impact, at="")
    else:
        label = f"about {prose_km(sg.distance_km):,} km"
    has_dir = s.bearing is not None or s.impact is not None
    zone = (
        None
        if sg.impact_area is None or sg.impact_area.is_empty
        else _to_frame(sg.impact_area, frame)
    )
    return ShotLayer(
        index=index,
        event_id=sg.event_id,
        number=s.number,
        title=s.title,
        arc=_to_frame(sg.arc, frame),
        arc_lonlat=_shift_points(sg.arc_lonlat, frame),
        has_direction=has_dir,
        impact_lon=_frame(sg.impact_point.x, frame),
        impact_lat=float(sg.impact_point.y),
        impact_reported=s.impact is not None,
        impact_area=zone,
        distance_km=float(sg.distance_km),
        azimuth_deg=float(sg.azimuth_deg),
        distance_label=label,
        source=s.source,
    )
