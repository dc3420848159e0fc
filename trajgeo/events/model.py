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

from trajgeo.constants import HALF_MERIDIAN_KM, HALF_MERIDIAN_KM_TEXT
from trajgeo.errors import InputError
from trajgeo.events.compass import BearingBand
from trajgeo.events.figures import Figure
from trajgeo.wording import NUMBER_NOT_REPORTED

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

#: Tolerance put on a single reported distance by ``--range-tolerance``-style options;
#: by default a figure is read by the rounding rules of :mod:`trajgeo.events.figures`.
DEFAULT_RANGE_TOLERANCE_PCT = 5.0
#: Tolerance put on a single numeric bearing ("45°"), in degrees either side.
DEFAULT_BEARING_TOLERANCE_DEG = 5.0
#: Longest range accepted: half the Earth's circumference, pole to pole on WGS84.
MAX_RANGE_KM = HALF_MERIDIAN_KM

_RANGE_ALLOWED = (
    f"a number of km above 0 and at most {HALF_MERIDIAN_KM_TEXT} (half the Earth's "
    "circumference, pole to pole: the farthest any point can be), [min, max] within those, "
    'or words such as "about 200", "between 350 and 380"'
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
    country: str = ""


@dataclass(frozen=True)
class ImpactReport:
    """A reported impact: a point, or a distance and bearing from a landmark.

    ``lon``/``lat`` is the nominal point. For a landmark-relative report,
    ``distance`` and ``bearing`` (from the landmark to the impact) give the
    zone around it; for a point, ``radius_km`` does. ``text`` says where it
    came down: the file's ``description`` when it gives one (``described``),
    else the point or the landmark-relative figures.
    """

    lon: float
    lat: float
    text: str
    radius_km: float = 0.0
    described: bool = False
    landmark: str | None = None
    landmark_lon: float | None = None
    landmark_lat: float | None = None
    distance: RangeBand | None = None
    bearing: BearingBand | None = None
    landmark_radius_km: float = 0.0

    @property
    def direction_known(self) -> bool:
        """False for a landmark-relative impact whose direction from the landmark was not given."""
        return self.distance is None or (
            self.bearing is not None and not self.bearing.is_full_circle
        )


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
    apogee: Figure | None = None
    flight_time: Figure | None = None
    fell: str | None = None
    count_given: bool = True

    @property
    def number(self) -> int:
        """1-based position of the shot line in its event."""
        return self.index + 1

    @property
    def places_impact(self) -> bool:
        """True when the line gives a distance or an impact: it has geometry of its own."""
        return self.range is not None or self.impact is not None

    @property
    def title(self) -> str:
        """A short label: the file's ``label``, else ``"3 × SRBM"`` (no number if none given)."""
        if self.label:
            return self.label
        what = self.missile or "missile"
        if not self.count_given:
            return f"{what} ({NUMBER_NOT_REPORTED})"
        return f"{self.count} × {what}" if self.count > 1 else what

    @property
    def assumptions(self) -> tuple[str, ...]:
        """Every assumption made in reading this shot's figures."""
        out = []
        for band in (self.range, self.bearing):
            if band is not None and band.assumption:
                out.append(band.assumption)
        for fig in (self.apogee, self.flight_time):
            if fig is not None:
                out.append(fig.rule)
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

    @property
    def count_given(self) -> bool:
        """False when some line's number of missiles was not reported (then no number is said)."""
        return all(s.count_given for s in self.shots if s.same_as is None)


@dataclass(frozen=True)
class Options:
    """Defaults used when reading reported figures (each recorded as an assumption)."""

    range_tolerance_pct: float | None = None
    bearing_tolerance_deg: float = DEFAULT_BEARING_TOLERANCE_DEG
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # the same bounds an event file's fields have: a negative tolerance reversed the band
        from trajgeo._checks import number

        if self.range_tolerance_pct is not None:
            number(self.range_tolerance_pct, "range_tolerance_pct", low=0, high=100)
        number(self.bearing_tolerance_deg, "bearing_tolerance_deg", low=0, high=180)


# --------------------------------------------------------------------------- figure parsing
def parse_range(
    value: Any,
    *,
    field: str = "range_km",
    tolerance_pct: float | None = None,
    tolerance_km: float | None = None,
    options: Options = Options(),
) -> RangeBand:
    """Read a reported distance with the precision its words carry (see :mod:`.figures`).

    Parameters
    ----------
    value
        ``350``, ``"about 350"``, ``"more than 250"``, ``[300, 350]``,
        ``"between 350 and 380"``.
    field
        Field name used in error messages.
    tolerance_pct, tolerance_km
        An explicit tolerance for a single figure, replacing the rounding
        rules; default ``options.range_tolerance_pct`` (none: the rules).

    Examples
    --------
    >>> parse_range([300, 350]).nominal_km
    325.0
    >>> band = parse_range("about 200")
    >>> band.min_km, band.max_km
    (175.0, 225.0)
    >>> band.assumption
    '"about 200 km": rounded to 50 km; read as ± 25 km (175–225 km)'
    """
    from trajgeo._checks import number
    from trajgeo.events.figures import read_figure

    if tolerance_pct is not None and tolerance_km is not None:
        raise InputError(  # one of them had been dropped in silence
            "give one tolerance, not both a percentage and a distance",
            field=field,
            value=(tolerance_pct, tolerance_km),
            allowed="range_tolerance_pct or range_tolerance_km (tolerance_pct or tolerance_km "
            "in Python)",
        )
    if tolerance_pct is not None:
        number(tolerance_pct, "tolerance_pct", low=0, high=100)
    if tolerance_km is not None:
        number(tolerance_km, "tolerance_km", low=0, high=MAX_RANGE_KM)
    pct = options.range_tolerance_pct if tolerance_pct is None else tolerance_pct
    # the limit applies to the reported figure (or band ends); the reading of it is clipped
    fig = read_figure(
        value,
        field=field,
        unit="km",
        maximum=MAX_RANGE_KM,
        tolerance_pct=pct,
        tolerance=tolerance_km,
        allowed=_RANGE_ALLOWED,
    )
    return RangeBand(max(fig.low, 0.0), min(fig.high, MAX_RANGE_KM), f"{fig.text} km", fig.rule)


def parse_bearing(
    value: Any,
    *,
    field: str = "bearing",
    tolerance_deg: float | None = None,
    options: Options = Options(),
) -> BearingBand:
    """Read a reported direction: a compass word, degrees, or ``[min_deg, max_deg]``.

    An 8-point word ("NE", "eastward") is the 45° sector it rounds to, a
    16-point word ("ENE") its 22.5° sector, a number of degrees ±
    ``options.bearing_tolerance_deg``; ``tolerance_deg`` replaces the width.

    Examples
    --------
    >>> b = parse_bearing("NE")
    >>> round(b.start_deg, 2), round(b.end_deg, 2)
    (22.5, 67.5)
    >>> parse_bearing([350, 10]).width_deg
    20.0
    """
    from trajgeo._checks import number
    from trajgeo.events.figures import read_direction

    if tolerance_deg is not None:  # a negative one had given a band of negative width
        number(tolerance_deg, "tolerance_deg", low=0, high=180)
    numeric = not isinstance(value, (str, list, tuple)) or _is_number(value)
    if tolerance_deg is None and numeric:
        tolerance_deg = options.bearing_tolerance_deg
    d = read_direction(value, field=field, tolerance_deg=tolerance_deg)
    return BearingBand(d.start_deg, d.width_deg, d.text, d.rule)


def _is_number(value: Any) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True
