"""Checks of the arguments the Python API takes, raising :class:`~trajgeo.errors.InputError`.

A public function that takes coordinates, distances or counts checks them here
first, so a caller's mistake is one error naming the argument, the value and
what is allowed, never a NaN result, a hang, or an exception from deep inside
numpy, shapely or pyproj.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from trajgeo.errors import InputError

__all__ = ["count", "instance", "lonlat", "number", "numbers", "require_zone_set"]


def number(
    value: Any,
    field: str,
    *,
    low: float = -math.inf,
    high: float = math.inf,
    above: bool = False,
    below: bool = False,
    allowed: str | None = None,
) -> float:
    """Return ``value`` as a finite float within ``low`` .. ``high``.

    ``above`` and ``below`` leave out ``low`` and ``high`` themselves.

    Examples
    --------
    >>> number(3, "radius_km", low=0)
    3.0
    >>> number(-1, "radius_km", low=0)
    Traceback (most recent call last):
    ...
    trajgeo.errors.InputError: radius_km: out of range (got -1); allowed: a number from 0
    """
    what = allowed or _range_text(low, high, above, below)
    if isinstance(value, bool) or value is None or isinstance(value, str):
        raise InputError("not a number", field=field, value=value, allowed=what)
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise InputError("not a number", field=field, value=value, allowed=what) from None
    if not math.isfinite(x):
        raise InputError("not a finite number", field=field, value=value, allowed=what)
    if x < low or x > high or (above and x == low) or (below and x == high):
        raise InputError("out of range", field=field, value=value, allowed=what)
    return x


def numbers(
    values: Any,
    field: str,
    *,
    low: float = -math.inf,
    high: float = math.inf,
    allowed: str | None = None,
) -> np.ndarray:
    """Return ``values`` as a float array of finite numbers within ``low`` .. ``high``.

    Examples
    --------
    >>> numbers([1, 2], "lats", low=-90, high=90).tolist()
    [1.0, 2.0]
    >>> numbers([1, float("nan")], "lats", low=-90, high=90)
    Traceback (most recent call last):
    ...
    trajgeo.errors.InputError: lats: value at position 1 is not allowed (got nan); allowed: \
a number from -90 to 90
    """
    what = allowed or _range_text(low, high, False, False)
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise InputError("not numbers", field=field, value=values, allowed=what) from None
    bad = ~np.isfinite(arr) | (arr < low) | (arr > high)
    if bad.any():
        k = int(np.flatnonzero(bad.ravel())[0])
        raise InputError(
            f"value at position {k} is not allowed",
            field=field,
            value=float(arr.ravel()[k]),
            allowed=what,
        )
    return arr


def lonlat(lon: Any, lat: Any, *, field: str = "") -> tuple[Any, Any]:
    """Check a longitude and a latitude (scalars or arrays of one shape); return them as floats.

    Longitudes may run -180 to 180 (a point given at 190 is a mistake, not 190 - 360),
    latitudes -90 to 90.

    Examples
    --------
    >>> lonlat(136.9, 40.5)
    (136.9, 40.5)
    >>> lonlat(40.5, 136.9)
    Traceback (most recent call last):
    ...
    trajgeo.errors.InputError: lat: out of range (got 136.9); allowed: degrees from -90 to 90
    """
    pre = f"{field}." if field else ""
    if np.ndim(lon) == 0 and np.ndim(lat) == 0:
        return (
            number(lon, f"{pre}lon", low=-180, high=180, allowed="degrees from -180 to 180"),
            number(lat, f"{pre}lat", low=-90, high=90, allowed="degrees from -90 to 90"),
        )
    lons = numbers(lon, f"{pre}lon", low=-180, high=180, allowed="degrees from -180 to 180")
    lats = numbers(lat, f"{pre}lat", low=-90, high=90, allowed="degrees from -90 to 90")
    if lons.shape != lats.shape:
        raise InputError(
            "longitudes and latitudes differ in shape",
            field=f"{pre}lon/lat",
            value=f"{lons.shape} and {lats.shape}",
            allowed="one latitude for every longitude",
        )
    return lons, lats


def count(
    value: Any, field: str, *, low: int = 1, high: int = 10_000_000, allowed: str | None = None
) -> int:
    """Return ``value`` as a whole number from ``low`` to ``high``.

    Examples
    --------
    >>> count(200, "samples", low=2)
    200
    >>> count(2.5, "samples", low=2)
    Traceback (most recent call last):
    ...
    trajgeo.errors.InputError: samples: not a whole number (got 2.5); allowed: \
a whole number from 2 to 10,000,000
    """
    what = allowed or f"a whole number from {low:,} to {high:,}"
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise InputError("not a whole number", field=field, value=value, allowed=what)
    if not low <= int(value) <= high:
        raise InputError("out of range", field=field, value=value, allowed=what)
    return int(value)


def instance(value: Any, kinds: type | tuple[type, ...], field: str, allowed: str) -> None:
    """Stop on an argument of the wrong type, naming it, before it fails deep inside.

    Examples
    --------
    >>> instance("JPN", str, "iso3", "a code such as 'JPN'")
    >>> instance(None, str, "iso3", "a code such as 'JPN'")
    Traceback (most recent call last):
    ...
    trajgeo.errors.InputError: iso3: wrong type (got None); allowed: a code such as 'JPN'
    """
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in _tuple(kinds)):
        raise InputError("wrong type", field=field, value=value, allowed=allowed)


def _tuple(kinds: type | tuple[type, ...]) -> tuple[type, ...]:
    return kinds if isinstance(kinds, tuple) else (kinds,)


def require_zone_set(zones: Any, *, optional: bool = False) -> None:
    """Stop on a ``zones`` argument that is not a :class:`~trajgeo.maritime.zoneset.ZoneSet`.

    ``None`` is refused too, unless ``optional`` (then the shipped zones are meant).
    A wrong one had failed deep inside as an AttributeError.

    Examples
    --------
    >>> require_zone_set(None, optional=True)
    >>> require_zone_set("eez")
    Traceback (most recent call last):
    ...
    trajgeo.errors.InputError: zones: not a zone set (got 'str'); allowed: a ZoneSet, \
e.g. trajgeo.maritime.load_zones()
    """
    from trajgeo.maritime.zoneset import ZoneSet

    if isinstance(zones, ZoneSet) or (optional and zones is None):
        return
    raise InputError(
        "not a zone set",
        field="zones",
        value=type(zones).__name__,
        allowed="a ZoneSet, e.g. trajgeo.maritime.load_zones()"
        + (", or None for the shipped zones" if optional else ""),
    )


def _range_text(low: float, high: float, above: bool, below: bool) -> str:
    """Say a range: "a number from 0 to 180", "a number above 0.5 and below 1"."""
    lo = f"{low:,g}" if math.isfinite(low) else ""
    hi = f"{high:,g}" if math.isfinite(high) else ""
    start = f"above {lo}" if above else f"from {lo}"
    end = f"below {hi}" if below else f"up to {hi}"
    if lo and hi:
        return f"a number {start} and {end}" if above or below else f"a number {start} to {hi}"
    if lo:
        return f"a number {start}"
    return f"a number {end}" if hi else "a finite number"
