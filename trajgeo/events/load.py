"""Launch events: what a report says, read from YAML or JSON and checked.

An event file describes one launch event (or a list of them)::

    id: 2024-03-18-pyongyang
    title: North Korea fires three short-range ballistic missiles
    date: 2024-03-18T07:44:00+09:00
    launch: {site: Pyongyang, radius_km: 15}
    shots:
      - {count: 3, missile: SRBM, range_km: [300, 350], bearing: NE, apogee_km: 50}
    claims:
      - {zone: JPN, inside: false, source: Japan Ministry of Defense}
    sources:
      - {title: "...", url: "https://..."}

The structure is checked with pydantic (unknown keys are refused, so a typo
cannot pass silently); the reported figures are then turned into the frozen
dataclasses below, with every assumption (a compass point's sector, the
tolerance put on a single figure) written down on the object that made it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from trajgeo.constants import HALF_MERIDIAN_KM
from trajgeo.errors import EventFileError, InputError
from trajgeo.events.compass import COMPASS_POINTS, BearingBand, compass_azimuth

__all__ = [
    "DEFAULT_BEARING_TOLERANCE_DEG",
    "DEFAULT_RANGE_TOLERANCE_PCT",
    "BearingBand",
    "Capability",
    "Claim",
    "Event",
    "ImpactReport",
    "Launch",
    "Options",
    "RangeBand",
    "Shot",
    "Source",
    "load_events",
    "parse_bearing",
    "parse_event",
    "parse_range",
]

#: Tolerance put on a single reported distance ("about 350 km"), in percent.
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


# --------------------------------------------------------------------------- file schema
def _schema() -> dict[str, Any]:
    """Build the pydantic models (imported lazily: pydantic costs start-up time)."""
    from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

    class _M(BaseModel):
        model_config = ConfigDict(
            extra="forbid", frozen=True, str_strip_whitespace=True, populate_by_name=True
        )

    class LaunchIn(_M):
        site: str | None = None
        lat: float | None = Field(None, ge=-90, le=90)
        lon: float | None = Field(None, ge=-180, le=180)
        radius_km: float | None = Field(None, ge=0, le=2000)
        name: str | None = None
        description: str | None = None

        @model_validator(mode="after")
        def _site_or_point(self) -> LaunchIn:
            if self.site is None and (self.lat is None or self.lon is None):
                raise ValueError("give `site` (a gazetteer name) or both `lat` and `lon`")
            if (self.lat is None) != (self.lon is None):
                raise ValueError("give both `lat` and `lon`, not one of them")
            return self

    class ImpactIn(_M):
        lat: float | None = Field(None, ge=-90, le=90)
        lon: float | None = Field(None, ge=-180, le=180)
        radius_km: float | None = Field(None, ge=0, le=5000)
        from_: str | None = Field(None, alias="from")
        distance_km: Any = None
        distance_tolerance_pct: float | None = Field(None, ge=0, le=100)
        bearing: Any = None
        bearing_tolerance_deg: float | None = Field(None, ge=0, le=180)
        description: str | None = None

        @model_validator(mode="after")
        def _point_or_landmark(self) -> ImpactIn:
            point = self.lat is not None or self.lon is not None
            if point and self.from_ is not None:
                raise ValueError("give either lat/lon or `from` a landmark, not both")
            if point and (self.lat is None or self.lon is None):
                raise ValueError("give both `lat` and `lon`")
            if not point:
                if self.from_ is None:
                    raise ValueError(
                        "give lat/lon, or `from` a landmark with `distance_km` and `bearing`"
                    )
                if self.distance_km is None or self.bearing is None:
                    raise ValueError(
                        "an impact `from` a landmark needs `distance_km` and "
                        "`bearing` (from the landmark to the impact)"
                    )
            return self

    class ShotIn(_M):
        count: int = Field(1, ge=1, le=1000)
        label: str | None = None
        missile: str | None = None
        range_km: Any = None
        range_tolerance_pct: float | None = Field(None, ge=0, le=100)
        range_tolerance_km: float | None = Field(None, ge=0, le=5000)
        bearing: Any = None
        bearing_tolerance_deg: float | None = Field(None, ge=0, le=180)
        apogee_km: float | None = Field(None, gt=0, le=100_000)
        flight_time_min: float | None = Field(None, gt=0, le=300)
        impact: ImpactIn | None = None
        launch: LaunchIn | None = None
        source: str | None = None
        note: str | None = None
        same_as: int | None = Field(None, ge=1)

        @model_validator(mode="after")
        def _has_flight(self) -> ShotIn:
            if self.range_km is None and self.impact is None:
                raise ValueError(
                    "a shot needs `range_km` (with or without `bearing`) or an `impact`"
                )
            if self.range_km is None and self.bearing is not None:
                raise ValueError("`bearing` without `range_km`: give the distance too")
            return self

    class ClaimIn(_M):
        zone: str = Field(min_length=2)
        inside: bool
        kind: Literal["eez", "territorial_sea", "land"] = "eez"
        source: str | None = None
        text: str | None = None
        shots: list[int] = Field(default_factory=list)

    class SourceIn(_M):
        title: str = Field(min_length=1)
        url: str | None = None
        publisher: str | None = None
        date: dt.date | dt.datetime | str | None = None
        note: str | None = None

    class CapabilityIn(_M):
        ranges_km: list[float] = Field(default_factory=list)
        from_shots: list[int] = Field(default_factory=list)
        burnout_altitude_km: float = Field(0.0, ge=0, le=1000)
        band_pct: float = Field(5.0, ge=0, le=50)
        rotating: bool = False
        label: str | None = None

    class EventIn(_M):
        id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=120)
        title: str = Field(min_length=1)
        date: dt.datetime | dt.date | None = None
        summary: str | None = None
        notes: str | None = None
        launch: LaunchIn
        shots: list[ShotIn] = Field(min_length=1)
        claims: list[ClaimIn] = Field(default_factory=list)
        sources: list[SourceIn] = Field(default_factory=list)
        capability: CapabilityIn | None = None

        @field_validator("id", mode="before")
        @classmethod
        def _id_text(cls, v: Any) -> Any:
            return str(v) if isinstance(v, (int, dt.date)) else v

    return {"EventIn": EventIn}


_ALLOWED_BY_FIELD = {
    "lat": "a number from -90 to 90",
    "lon": "a number from -180 to 180",
    "radius_km": "a number of km, 0 or more",
    "count": "a whole number from 1 to 1000",
    "apogee_km": "a number of km above 0",
    "flight_time_min": "a number of minutes above 0",
    "inside": "true or false",
    "id": "letters, digits, '.', '_' and '-', starting with a letter or digit",
    "date": "an ISO 8601 date or date-time, e.g. 2024-03-18T07:44:00+09:00",
    "kind": "eez, territorial_sea, land",
    "shots": "a list of one or more shots",
}


def _format_loc(loc: Sequence[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(part, str) and (part[:1].islower() or part == "from"):
            out += ("." if out else "") + part
        else:  # a union member's type name: not a field
            break
    return out.replace("from_", "from")


def _from_validation_error(exc: Any, source: str, prefix: str, models: dict) -> InputError:
    err = exc.errors(include_url=False)[0]
    loc = err.get("loc", ())
    field = _format_loc(loc)
    if prefix:
        field = f"{prefix}.{field}" if field else prefix
    last = next((p for p in reversed(loc) if isinstance(p, str)), "")
    etype = err.get("type", "")
    if etype == "extra_forbidden":
        model = models["EventIn"]
        # walk the model tree to list the keys allowed at this place
        allowed = _allowed_keys(model, [p for p in loc[:-1] if isinstance(p, str)])
        return EventFileError(
            "unknown field",
            source=source,
            field=field,
            allowed=", ".join(allowed) if allowed else None,
        )
    if etype == "missing":
        return EventFileError(
            "required field is missing",
            source=source,
            field=field,
            allowed=_ALLOWED_BY_FIELD.get(last),
        )
    msg = err.get("msg", "invalid value").removeprefix("Value error, ")
    value = err.get("input", ...)
    if etype in ("model_type", "model_attributes_type", "dict_type"):
        msg = "expected a mapping of fields"
    if etype == "list_type":
        msg = "expected a list"
    if isinstance(value, Mapping) and etype.startswith("value_error"):
        value = ...
    return EventFileError(
        msg[:1].lower() + msg[1:],
        source=source,
        field=field,
        value=value,
        allowed=_ALLOWED_BY_FIELD.get(last),
    )


def _allowed_keys(model: Any, path: list[str]) -> list[str]:
    import typing

    for name in path:
        fld = next((f for k, f in model.model_fields.items() if k == name or f.alias == name), None)
        if fld is None:
            return []
        ann = fld.annotation
        found = None
        for arg in (ann, *typing.get_args(ann)):
            for sub in (arg, *typing.get_args(arg)):
                if hasattr(sub, "model_fields"):
                    found = sub
        if found is None:
            return []
        model = found
    return [f.alias or k for k, f in model.model_fields.items()]


# --------------------------------------------------------------------------- normalisation
def _launch(raw: Any, gaz: Any, source: str, field: str) -> Launch:
    if raw.site is not None and raw.lat is None:
        place = gaz.lookup(raw.site, source=source, field=f"{field}.site")
        radius = place.radius_km if raw.radius_km is None else raw.radius_km
        return Launch(
            name=raw.name or place.name,
            lon=place.lon,
            lat=place.lat,
            radius_km=radius,
            place_id=place.id,
            coordinates_source=place.source or "trajgeo gazetteer",
            description=raw.description,
        )
    name = raw.name or raw.site or f"{raw.lat:.3f}, {raw.lon:.3f}"
    return Launch(
        name=name,
        lon=float(raw.lon),
        lat=float(raw.lat),
        radius_km=raw.radius_km or 0.0,
        coordinates_source="event file",
        description=raw.description,
    )


def _impact(raw: Any, gaz: Any, source: str, field: str, options: Options) -> ImpactReport:
    if raw.lat is not None:
        text = raw.description or f"{raw.lat:.2f}°, {raw.lon:.2f}°"
        return ImpactReport(
            lon=float(raw.lon), lat=float(raw.lat), text=text, radius_km=raw.radius_km or 0.0
        )
    from trajgeo.geo.geodesy import destination

    place = gaz.lookup(raw.from_, source=source, field=f"{field}.from")
    try:
        dist = parse_range(
            raw.distance_km,
            field="distance_km",
            tolerance_pct=raw.distance_tolerance_pct,
            options=options,
        )
        bearing = parse_bearing(
            raw.bearing, field="bearing", tolerance_deg=raw.bearing_tolerance_deg, options=options
        )
    except InputError as exc:
        raise exc.located(source, field) from None
    lon, lat = destination(place.lon, place.lat, bearing.nominal_deg, dist.nominal_km * 1000.0)
    if bearing.is_full_circle:
        text = raw.description or f"within {dist.max_km:,.0f} km of {place.name}"
    else:
        text = raw.description or (
            f"about {dist.describe().removeprefix('about ')} {bearing.text} of {place.name}"
        )
    return ImpactReport(
        lon=float(lon),
        lat=float(lat),
        text=text,
        radius_km=raw.radius_km or 0.0,
        landmark=place.name,
        landmark_lon=place.lon,
        landmark_lat=place.lat,
        distance=dist,
        bearing=bearing,
    )


def _shot(i: int, raw: Any, launch: Launch, gaz: Any, source: str, options: Options) -> Shot:
    field = f"shots[{i}]"
    if raw.launch is not None:
        launch = _launch(raw.launch, gaz, source, f"{field}.launch")
    rng = brg = None
    try:
        if raw.range_km is not None:
            rng = parse_range(
                raw.range_km,
                field="range_km",
                tolerance_pct=raw.range_tolerance_pct,
                tolerance_km=raw.range_tolerance_km,
                options=options,
            )
        if raw.bearing is not None:
            brg = parse_bearing(
                raw.bearing,
                field="bearing",
                tolerance_deg=raw.bearing_tolerance_deg,
                options=options,
            )
    except InputError as exc:
        raise exc.located(source, field) from None
    impact = (
        _impact(raw.impact, gaz, source, f"{field}.impact", options)
        if raw.impact is not None
        else None
    )
    if raw.same_as is not None and raw.same_as > i:
        raise EventFileError(
            "`same_as` must name an earlier shot line",
            source=source,
            field=f"{field}.same_as",
            value=raw.same_as,
            allowed=f"a shot number from 1 to {i}" if i else "none for the first line",
        )
    return Shot(
        index=i,
        count=raw.count,
        launch=launch,
        missile=raw.missile,
        label=raw.label,
        range=rng,
        bearing=brg,
        impact=impact,
        apogee_km=raw.apogee_km,
        flight_time_min=raw.flight_time_min,
        source=raw.source,
        note=raw.note,
        same_as=raw.same_as,
    )


def parse_event(
    data: Mapping[str, Any],
    *,
    source: str = "<event>",
    gazetteer: Any = None,
    options: Options = Options(),
    field_prefix: str = "",
) -> Event:
    """Check one event mapping and turn it into an :class:`Event`.

    Parameters
    ----------
    data
        The event as parsed from YAML/JSON.
    source
        File name used in error messages.
    gazetteer
        A :class:`~trajgeo.events.gazetteer.Gazetteer`; default the shipped one.
    options
        Tolerances for single figures.

    Raises
    ------
    EventFileError
        Naming the file, the field, the value and what is allowed.
    UnknownPlaceError
        For a site or landmark not in the gazetteer, with suggestions.
    """
    from pydantic import ValidationError

    models = _schema()
    if not isinstance(data, Mapping):
        raise EventFileError(
            "an event must be a mapping of fields",
            source=source,
            field=field_prefix or None,
            value=type(data).__name__,
            allowed="id, title, date, launch, shots, claims, sources",
        )
    try:
        raw = models["EventIn"].model_validate(dict(data))
    except ValidationError as exc:
        raise _from_validation_error(exc, source, field_prefix, models) from None
    if gazetteer is None:
        from trajgeo.events.gazetteer import gazetteer as shipped

        gazetteer = shipped()
    pre = f"{field_prefix}." if field_prefix else ""
    try:
        launch = _launch(raw.launch, gazetteer, source, f"{pre}launch")
        shots = tuple(
            _shot(i, s, launch, gazetteer, source, options) for i, s in enumerate(raw.shots)
        )
    except InputError as exc:
        if field_prefix and exc.field and not exc.field.startswith(field_prefix):
            raise exc.located(source, field_prefix) from None
        raise
    for j, c in enumerate(raw.claims):
        bad = [n for n in c.shots if not 1 <= n <= len(shots)]
        if bad:
            raise EventFileError(
                "claim names a shot that does not exist",
                source=source,
                field=f"{pre}claims[{j}].shots",
                value=bad,
                allowed=f"shot numbers 1 to {len(shots)}",
            )
    claims = tuple(
        Claim(
            zone=c.zone.upper() if len(c.zone) == 3 else c.zone,
            inside=c.inside,
            kind=c.kind,
            source=c.source,
            text=c.text,
            shots=tuple(c.shots),
        )
        for c in raw.claims
    )
    sources = tuple(
        Source(
            title=s.title,
            url=s.url,
            publisher=s.publisher,
            date=None if s.date is None else str(s.date),
            note=s.note,
        )
        for s in raw.sources
    )
    cap = None
    if raw.capability is not None:
        c = raw.capability
        bad = [n for n in c.from_shots if not 1 <= n <= len(shots)]
        if bad:
            raise EventFileError(
                "capability names a shot that does not exist",
                source=source,
                field=f"{pre}capability.from_shots",
                value=bad,
                allowed=f"shot numbers 1 to {len(shots)}",
            )
        cap = Capability(
            ranges_km=tuple(c.ranges_km),
            from_shots=tuple(c.from_shots),
            burnout_altitude_km=c.burnout_altitude_km,
            band_pct=c.band_pct,
            rotating=c.rotating,
            label=c.label,
        )
    return Event(
        id=raw.id,
        title=raw.title,
        launch=launch,
        shots=shots,
        date=raw.date,
        summary=raw.summary,
        claims=claims,
        sources=sources,
        capability=cap,
        path=source,
    )


def load_events(
    paths: str | Path | Iterable[str | Path], *, gazetteer: Any = None, options: Options = Options()
) -> list[Event]:
    """Read events from YAML or JSON files.

    A file holds one event (a mapping), a list of events, or a mapping with
    an ``events`` list. Event ids must be unique across all files read.

    Parameters
    ----------
    paths
        One path or several.
    gazetteer
        A :class:`~trajgeo.events.gazetteer.Gazetteer`; default the shipped one.
    options
        Tolerances put on single figures.

    Returns
    -------
    list of Event

    Raises
    ------
    EventFileError, UnknownPlaceError
        For anything wrong in a file; the message names the file and field.
    """
    from trajgeo.io.yamlfile import read_yaml

    if isinstance(paths, (str, Path)):
        paths = [paths]
    events: list[Event] = []
    seen: dict[str, str] = {}
    for path in paths:
        name = str(path)
        doc = read_yaml(path)
        if isinstance(doc, Mapping) and "events" in doc and "id" not in doc:
            items, prefix = doc["events"], "events"
            if not isinstance(items, list):
                raise EventFileError("expected a list of events", source=name, field="events")
        elif isinstance(doc, list):
            items, prefix = doc, ""
        elif doc is None:
            raise EventFileError(
                "the file is empty", source=name, allowed="an event mapping or a list of events"
            )
        else:
            items, prefix = [doc], None
        if not items:
            raise EventFileError("no events in the file", source=name)
        for i, item in enumerate(items):
            fp = "" if prefix is None else f"{prefix}[{i}]"
            event = parse_event(
                item, source=name, gazetteer=gazetteer, options=options, field_prefix=fp.lstrip(".")
            )
            if event.id in seen:
                raise EventFileError(
                    "event id used twice",
                    source=name,
                    field=f"{fp}.id".lstrip("."),
                    value=event.id,
                    allowed=f"an id not already used in {seen[event.id]}",
                )
            seen[event.id] = name
            events.append(event)
    return events
