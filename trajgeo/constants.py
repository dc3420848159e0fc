"""Physical and geodetic constants, each defined once.

This module imports nothing, so any part of trajgeo (and the command line's
option definitions) can use it without cost.

Examples
--------
>>> from trajgeo.constants import HALF_MERIDIAN_KM, HALF_MERIDIAN_M
>>> HALF_MERIDIAN_KM
20003.931
>>> round(HALF_MERIDIAN_M / 1000, 3) == HALF_MERIDIAN_KM
True
"""

from __future__ import annotations

__all__ = [
    "EARTH_MEAN_RADIUS_M",
    "HALF_MERIDIAN_KM",
    "HALF_MERIDIAN_KM_TEXT",
    "HALF_MERIDIAN_M",
]

#: Length of half a WGS84 meridian, pole to pole (m): the longest geodesic
#: between two points, so the farthest any impact can be from its launch.
HALF_MERIDIAN_M: float = 20_003_931.458625447

#: :data:`HALF_MERIDIAN_M` in km, to the metre (the limit shown to users).
HALF_MERIDIAN_KM: float = 20_003.931

#: :data:`HALF_MERIDIAN_KM` as messages write it: the exact limit enforced, so that
#: every value a message allows is accepted ("20,003.931", not a rounded "20,004").
HALF_MERIDIAN_KM_TEXT: str = f"{HALF_MERIDIAN_KM:,.3f}"

#: Mean radius of the WGS84 ellipsoid, (2a + b) / 3 (m), for length estimates.
EARTH_MEAN_RADIUS_M: float = 6_371_008.8
