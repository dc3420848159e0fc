"""The event model: what a report says about a launch, as frozen dataclasses.

An :class:`Event` holds its :class:`Launch`, its :class:`Shot` lines (one per
source's account), its :class:`Claim` and :class:`Source` entries. Reported
figures become bands (:class:`RangeBand`, :class:`~trajgeo.events.compass.BearingBand`)
through :func:`parse_range` and :func:`parse_bearing`, and every assumption
made on the way (a compass point's sector, the tolerance put on a single
figure) is written down on the object that made it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from trajgeo.constants import HALF_MERIDIAN_KM
from trajgeo.errors import InputError
from trajgeo.events.compass import COMPASS_POINTS, BearingBand, compass_azimuth

__all__ = [
    "DEFAULT_BEARING_TOLERANCE_DEG",
    "DEFAULT_RANGE_TOLERANCE_PCT",
    "MAX_RANGE_KM",
    "Capability",
    "Claim",
    "Event",
    "ImpactReport",
    "Launch",
    "Options",
    "RangeBand",
    "Shot",
    "Source",
    "parse_bearing",
    "parse_range",
]

DEFAULT_RANGE_TOLERANCE_PCT = 5.0
#: Tolerance put on a single numeric bearing ("45°"), in degrees either side.
DEFAULT_BEARING_TOLERANCE_DEG = 5.0
#: Longest range accepted: half the Earth's circumference, pole to pole on WGS84.
MAX_RANGE_KM = HALF_MERIDIAN_KM

_RANGE_ALLOWED = f"a number of km above 0 and at most {MAX_RANGE_KM:,.0f}, or [min, max]"
_BEARING_ALLOWED = (
    "degrees from 0 to 360, a compass point ("
    + ", ".join(COMPASS_POINTS)
    + "), or [min_deg, max_deg] clockwise"
)


# --------------------------------------------------------------------------- domain objects
@dataclass(frozen=True)
class RangeBand:
    """A reported distance as a band of km.

    Parameters
    ----------
    min_km, max_km
        The band; equal only when the report's figure is taken as exact.
    text
        The figure as reported (``"300-350 km"``, ``"about 350 km"``).
    assumption
        How a single figure was widened, if it was.
    """

    min_km: float
    max_km: float
    text: str = ""
    assumption: str | None = None

    @property
    def nominal_km(self) -> float:
        """The middle of the band."""
        return (self.min_km + self.max_km) / 2.0

    def describe(self) -> str:
        """Say the band in words, e.g. ``'300–350 km'``."""
        if math.isclose(self.min_km, self.max_km):
            return f"{self.min_km:,.0f} km"
        return f"{self.min_km:,.0f}–{self.max_km:,.0f} km"


@dataclass(frozen=True)
class Launch:
    """Where a launch came from: a point and how far from it the launch may have been."""

    name: str
    lon: float
    lat: float
    radius_km: float = 0.0
    place_id: str | None = None
    coordinates_source: str = ""
    description: str | None = None


@dataclass(frozen=True)
class ImpactReport:
    """A reported impact: a point, or a distance and bearing from a landmark.

    ``lon``/``lat`` is the nominal point. For a landmark-relative report,
    ``distance`` and ``bearing`` (from the landmark to the impact) give the
    zone around it; for a point, ``radius_km`` does.
    """

    lon: float
    lat: float
    text: str
    radius_km: float = 0.0
    landmark: str | None = None
    landmark_lon: float | None = None
    landmark_lat: float | None = None
    distance: RangeBand | None = None
    bearing: BearingBand | None = None


@dataclass(frozen=True)
class Shot:
    """One line of a report: one or more missiles with the same reported flight."""

    index: int
    count: int
    launch: Launch
    missile: str | None = None
    label: str | None = None
    range: RangeBand | None = None
    bearing: BearingBand | None = None
    impact: ImpactReport | None = None
    apogee_km: float | None = None
    flight_time_min: float | None = None
    source: str | None = None
    note: str | None = None
    same_as: int | None = None

    @property
    def number(self) -> int:
        """1-based position of the shot line in its event."""
        return self.index + 1

    @property
    def title(self) -> str:
        """A short label: the file's ``label``, else ``"3 × SRBM"``."""
        if self.label:
            return self.label
        what = self.missile or "missile"
        return f"{self.count} × {what}" if self.count > 1 else what

    @property
    def assumptions(self) -> tuple[str, ...]:
        """Every assumption made in reading this shot's figures."""
        out = []
        for band in (self.range, self.bearing):
            if band is not None and band.assumption:
                out.append(band.assumption)
        if self.impact is not None:
            for band in (self.impact.distance, self.impact.bearing):
                if band is not None and band.assumption:
                    out.append(band.assumption)
        return tuple(out)


@dataclass(frozen=True)
class Claim:
    """What a report says about a maritime zone, e.g. "outside Japan's EEZ"."""

    zone: str
    inside: bool
    kind: str = "eez"
    source: str | None = None
    text: str | None = None
    shots: tuple[int, ...] = ()


@dataclass(frozen=True)
class Source:
    """A public source for the event."""

    title: str
    url: str | None = None
    publisher: str | None = None
    date: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Capability:
    """What full-range estimates to draw for an event (equivalent-range rings)."""

    ranges_km: tuple[float, ...] = ()
    from_shots: tuple[int, ...] = ()
    burnout_altitude_km: float = 0.0
    band_pct: float = 5.0
    rotating: bool = False
    label: str | None = None


@dataclass(frozen=True)
class Event:
    """A reported launch event: launch, shots, claims and sources."""

    id: str
    title: str
    launch: Launch
    shots: tuple[Shot, ...]
    date: dt.datetime | dt.date | None = None
    summary: str | None = None
    claims: tuple[Claim, ...] = ()
    sources: tuple[Source, ...] = ()
    capability: Capability | None = None
    path: str | None = None

    @property
    def missile_count(self) -> int:
        """How many missiles the event reports (a line ``same_as`` another is not counted)."""
        return sum(s.count for s in self.shots if s.same_as is None)


@dataclass(frozen=True)
class Options:
    """Defaults used when reading reported figures (each recorded as an assumption)."""

    range_tolerance_pct: float = DEFAULT_RANGE_TOLERANCE_PCT
    bearing_tolerance_deg: float = DEFAULT_BEARING_TOLERANCE_DEG
    extra: Mapping[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------- figure parsing
def _number(value: Any, *, field: str, allowed: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        if isinstance(value, str):
            try:
                value = float(value.strip().removesuffix("km").strip())
            except ValueError:
                raise InputError(
                    "not a number", field=field, value=value, allowed=allowed
                ) from None
        else:
            raise InputError("not a number", field=field, value=value, allowed=allowed)
    value = float(value)
    if not math.isfinite(value):
        raise InputError("not a finite number", field=field, value=value, allowed=allowed)
    return value


def parse_range(
    value: Any,
    *,
    field: str = "range_km",
    tolerance_pct: float | None = None,
    tolerance_km: float | None = None,
    options: Options = Options(),
) -> RangeBand:
    """Read a reported distance: a number (widened by a stated tolerance) or ``[min, max]``.

    Parameters
    ----------
    value
        ``350``, ``"350"``, ``[300, 350]``.
    field
        Field name used in error messages.
    tolerance_pct, tolerance_km
        Tolerance for a single figure; default ``options.range_tolerance_pct``.

    Examples
    --------
    >>> parse_range([300, 350]).nominal_km
    325.0
    >>> band = parse_range(350)
    >>> band.min_km, band.max_km
    (332.5, 367.5)
    """
    if isinstance(value, (list, tuple)):
        if len(value) != 2:
            raise InputError(
                "a band needs exactly two numbers",
                field=field,
                value=list(value),
                allowed=_RANGE_ALLOWED,
            )
        lo = _number(value[0], field=field, allowed=_RANGE_ALLOWED)
        hi = _number(value[1], field=field, allowed=_RANGE_ALLOWED)
        if lo > hi:
            raise InputError(
                "band minimum is above its maximum",
                field=field,
                value=list(value),
                allowed="[min, max] with min <= max",
            )
        if lo < 0:
            raise InputError(
                "distance is negative", field=field, value=list(value), allowed=_RANGE_ALLOWED
            )
        if hi <= 0:
            raise InputError(
                "distance must be above 0", field=field, value=list(value), allowed=_RANGE_ALLOWED
            )
        text, assumption = f"{lo:g}–{hi:g} km", None
    else:
        x = _number(value, field=field, allowed=_RANGE_ALLOWED)
        if x <= 0:
            raise InputError(
                "distance must be above 0" if x == 0 else "distance is negative",
                field=field,
                value=value,
                allowed=_RANGE_ALLOWED,
            )
        if tolerance_km is not None:
            tol = tolerance_km
            assumption = f"single figure {x:g} km taken as ±{tol:g} km (file)"
        else:
            pct = options.range_tolerance_pct if tolerance_pct is None else tolerance_pct
            tol = x * pct / 100.0
            origin = "file" if tolerance_pct is not None else "default"
            assumption = f"single figure {x:g} km taken as ±{pct:g} % ({origin})"
        lo, hi = max(0.0, x - tol), x + tol
        text = f"about {x:g} km"
    if hi > MAX_RANGE_KM:
        raise InputError(
            "range beyond half the Earth's circumference (the farthest any point can be)",
            field=field,
            value=value,
            allowed=_RANGE_ALLOWED,
        )
    return RangeBand(lo, hi, text, assumption)


def parse_bearing(
    value: Any,
    *,
    field: str = "bearing",
    tolerance_deg: float | None = None,
    options: Options = Options(),
) -> BearingBand:
    """Read a reported direction: degrees, a compass point, or ``[min_deg, max_deg]``.

    A compass point stands for its 22.5° sector unless ``tolerance_deg``
    narrows (or widens) it; a single number gets ``options.bearing_tolerance_deg``.

    Examples
    --------
    >>> b = parse_bearing("NE")
    >>> round(b.start_deg, 2), round(b.end_deg, 2)
    (33.75, 56.25)
    >>> parse_bearing([350, 10]).width_deg
    20.0
    """
    if isinstance(value, (list, tuple)):
        if len(value) != 2:
            raise InputError(
                "a bearing band needs exactly two numbers",
                field=field,
                value=list(value),
                allowed=_BEARING_ALLOWED,
            )
        lo = _number(value[0], field=field, allowed=_BEARING_ALLOWED)
        hi = _number(value[1], field=field, allowed=_BEARING_ALLOWED)
        for v in (lo, hi):
            if not 0.0 <= v <= 360.0:
                raise InputError(
                    "bearing out of range", field=field, value=list(value), allowed=_BEARING_ALLOWED
                )
        return BearingBand.from_limits(lo, hi, f"{lo:g}°–{hi:g}°")
    if isinstance(value, str) and compass_azimuth(value) is not None:
        az = compass_azimuth(value)
        assert az is not None
        name = value.strip()
        if tolerance_deg is None:
            band = BearingBand.around(az, 11.25, name)
            return BearingBand(
                band.start_deg,
                band.width_deg,
                name,
                f"compass point {name} = {band.start_deg:.2f}°–"
                f"{band.end_deg:.2f}° (its 22.5° sector)",
            )
        band = BearingBand.around(az, tolerance_deg, name)
        return BearingBand(
            band.start_deg,
            band.width_deg,
            name,
            f"compass point {name} narrowed to {az:g}° ± {tolerance_deg:g}° (file)",
        )
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            raise InputError(
                "not a compass point or a number of degrees",
                field=field,
                value=value,
                allowed=_BEARING_ALLOWED,
            ) from None
    x = _number(value, field=field, allowed=_BEARING_ALLOWED)
    if not 0.0 <= x <= 360.0:
        raise InputError("bearing out of range", field=field, value=value, allowed=_BEARING_ALLOWED)
    tol = options.bearing_tolerance_deg if tolerance_deg is None else tolerance_deg
    origin = "default" if tolerance_deg is None else "file"
    band = BearingBand.around(x, tol, f"{x:g}°")
    return BearingBand(
        band.start_deg, band.width_deg, f"{x:g}°", f"bearing {x:g}° taken as ±{tol:g}° ({origin})"
    )
