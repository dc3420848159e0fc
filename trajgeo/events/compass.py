"""Compass points and bearing bands.

A report's "north-east" is a sector, not a line: on a 16-point compass NE
stands for 33.75°..56.25°. :class:`BearingBand` holds such a sector as a
start azimuth and a clockwise width, so bands that straddle north
(``[350, 10]``) need no special casing downstream.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "COMPASS_POINTS",
    "BearingBand",
    "compass_azimuth",
    "compass_name",
]

#: The 16 compass points, clockwise from north; each is 22.5° wide.
COMPASS_POINTS: tuple[str, ...] = (
    "N",
    "NNE",
    "NE",
    "ENE",
    "E",
    "ESE",
    "SE",
    "SSE",
    "S",
    "SSW",
    "SW",
    "WSW",
    "W",
    "WNW",
    "NW",
    "NNW",
)
_SECTOR_DEG = 360.0 / len(COMPASS_POINTS)
_LETTERS = {"NORTH": "N", "SOUTH": "S", "EAST": "E", "WEST": "W", "BY": ""}
_TOKEN = re.compile(r"NORTH|SOUTH|EAST|WEST|BY|[NSEW]|[\s\-_/]+|.")
_DIRECTIONAL = re.compile(r"WARDS?$")


def _normalise(text: str) -> str | None:
    """Fold a compass word to its letters (``"north-east"`` -> ``"NE"``), or ``None``."""
    key = _DIRECTIONAL.sub("", text.strip().upper())
    letters = []
    for token in _TOKEN.findall(key):
        if token in _LETTERS:
            letters.append(_LETTERS[token])
        elif token in "NSEW":
            letters.append(token)
        elif token.strip(" \t\n-_/"):
            return None
    return "".join(letters)


def compass_azimuth(point: str) -> float | None:
    """Return the azimuth in degrees of a compass point, or ``None`` if ``point`` is not one.

    Accepts abbreviations (``"NE"``), words written together or apart, in any
    case (``"northeast"``, ``"north-east"``, ``"North East"``), and the
    ``-ward``/``-wards`` forms (``"eastward"``, ``"north-eastwards"``).

    Examples
    --------
    >>> compass_azimuth("NE")
    45.0
    >>> compass_azimuth("northeast"), compass_azimuth("North-East"), compass_azimuth("north east")
    (45.0, 45.0, 45.0)
    >>> compass_azimuth("west-northwest")
    292.5
    >>> compass_azimuth("eastward"), compass_azimuth("Westwards")
    (90.0, 270.0)
    >>> compass_azimuth("up") is None
    True
    """
    key = _normalise(point)
    if key in COMPASS_POINTS:
        return COMPASS_POINTS.index(key) * _SECTOR_DEG
    return None


def compass_name(azimuth_deg: float) -> str:
    """Return the nearest 16-point compass name for an azimuth.

    Examples
    --------
    >>> compass_name(47.0)
    'NE'
    """
    from trajgeo._checks import number

    az = number(azimuth_deg, "azimuth_deg", allowed="degrees from true north (a finite number)")
    return COMPASS_POINTS[round((az % 360.0) / _SECTOR_DEG) % len(COMPASS_POINTS)]


@dataclass(frozen=True)
class BearingBand:
    """A clockwise sector of azimuths, in degrees from true north.

    Parameters
    ----------
    start_deg
        Azimuth where the sector begins, in ``[0, 360)``.
    width_deg
        Clockwise width of the sector, in ``[0, 360]``; 360 means any direction.
    text
        The bearing as the report gave it (``"NE"``, ``"45"``, ``"[40, 60]"``).
    assumption
        How the text was turned into a sector, when anything was assumed.
    """

    start_deg: float
    width_deg: float
    text: str = ""
    assumption: str | None = None

    @classmethod
    def from_limits(
        cls, min_deg: float, max_deg: float, text: str = "", assumption: str | None = None
    ) -> BearingBand:
        """Build the clockwise band from ``min_deg`` to ``max_deg`` (wrapping through north)."""
        start = min_deg % 360.0
        width = (max_deg - min_deg) % 360.0
        if width == 0.0 and max_deg != min_deg:
            width = 360.0
        return cls(start, width, text, assumption)

    @classmethod
    def around(
        cls, centre_deg: float, half_width_deg: float, text: str = "", assumption: str | None = None
    ) -> BearingBand:
        """Build the band ``centre ± half_width`` (a full circle if the width reaches 360°)."""
        width = min(2.0 * half_width_deg, 360.0)
        return cls((centre_deg - width / 2.0) % 360.0, width, text, assumption)

    @property
    def end_deg(self) -> float:
        """Azimuth where the sector ends (may be below ``start_deg`` across north)."""
        return (self.start_deg + self.width_deg) % 360.0

    @property
    def nominal_deg(self) -> float:
        """The middle of the sector."""
        return (self.start_deg + self.width_deg / 2.0) % 360.0

    @property
    def is_full_circle(self) -> bool:
        """True when the band covers every direction."""
        return self.width_deg >= 360.0

    def describe(self) -> str:
        """Say the band in words, e.g. ``'NE (33.8°–56.2°)'``."""
        if self.is_full_circle:
            return "any direction"
        span = f"{self.start_deg:.1f}°–{self.end_deg:.1f}°"
        return f"{self.text} ({span})" if self.text and self.text != span else span
