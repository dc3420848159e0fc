"""The event-file schema: pydantic models, built once, and their error messages.

pydantic checks the structure of an event file (unknown keys are refused, so
a typo cannot pass silently). The models are built on first use (pydantic
costs start-up time) and then kept: building them per event made loading 200
events take seconds. A validation error becomes one :class:`InputError` that
names the field, the value and what is allowed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any, Literal

from trajgeo.errors import EventFileError, InputError

__all__ = ["event_schema", "validation_error"]


# --------------------------------------------------------------------------- file schema
@cache
def event_schema() -> dict[str, Any]:
    """Build the pydantic models (imported lazily: pydantic costs start-up time)."""
    base = _base_model()
    launch_in, impact_in = _place_models(base)
    shot_in = _shot_model(base, launch_in, impact_in)
    claim_in, source_in, capability_in = _record_models(base)
    return {"EventIn": _event_model(base, launch_in, shot_in, claim_in, source_in, capability_in)}


def _base_model() -> Any:
    """Return the base of every model: unknown fields refused, values frozen, text stripped."""
    from pydantic import BaseModel, ConfigDict

    class _M(BaseModel):
        model_config = ConfigDict(
            extra="forbid", frozen=True, str_strip_whitespace=True, populate_by_name=True
        )

    return _M


def _place_models(_M: Any) -> tuple[Any, Any]:  # noqa: N803
    """Return the models of a launch site and of an impact point (``LaunchIn``, ``ImpactIn``)."""
    from pydantic import Field, model_validator

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
                        "give lat/lon, or `from` a landmark with `distance_km` (and `bearing` "
                        "if the report gives one)"
                    )
                if self.distance_km is None:
                    raise ValueError(
                        "an impact `from` a landmark needs `distance_km` (and `bearing`, "
                        "from the landmark to the impact, if the report gives one)"
                    )
            return self

    return LaunchIn, ImpactIn


def _shot_model(_M: Any, LaunchIn: Any, ImpactIn: Any) -> Any:  # noqa: N803
    """Return the model of one shot line (``ShotIn``); the arguments name what it holds."""
    from pydantic import Field, field_validator

    class ShotIn(_M):
        count: int | None = Field(None, ge=1, le=1000)
        label: str | None = None
        missile: str | None = None
        range_km: Any = None
        range_tolerance_pct: float | None = Field(None, ge=0, le=100)
        range_tolerance_km: float | None = Field(None, ge=0, le=5000)
        bearing: Any = None
        bearing_tolerance_deg: float | None = Field(None, ge=0, le=180)
        apogee_km: Any = None
        flight_time_min: Any = None
        impact: ImpactIn | None = None
        launch: LaunchIn | None = None
        fell: str | None = None
        source: str | None = None
        note: str | None = None
        same_as: int | None = Field(None, ge=1)

        @field_validator("fell")
        @classmethod
        def _sea_or_land(cls, v: str | None) -> str | None:
            if v is None:
                return v
            from trajgeo.maritime.seas import sea_name

            try:
                known = sea_name(v)
            except InputError as exc:
                raise ValueError(exc.message) from None
            # keep the source's own words for a named sea ("East Sea"), for quoting
            return known if known in ("sea", "land") else v

    return ShotIn


def _record_models(_M: Any) -> tuple[Any, Any, Any]:  # noqa: N803
    """Return the models of a claim, a source and a capability block."""
    from pydantic import Field, field_validator

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

        @field_validator("date", mode="before")
        @classmethod
        def _real_date(cls, v: Any) -> Any:
            return _real_source_date(v)

    class CapabilityIn(_M):
        ranges_km: list[float] = Field(default_factory=list)
        from_shots: list[int] = Field(default_factory=list)
        burnout_altitude_km: float = Field(0.0, ge=0, le=1000)
        band_pct: float = Field(5.0, ge=0, le=50)
        rotating: bool = False
        label: str | None = None

    return ClaimIn, SourceIn, CapabilityIn


def _event_model(  # noqa: N803
    _M: Any, LaunchIn: Any, ShotIn: Any, ClaimIn: Any, SourceIn: Any, CapabilityIn: Any
) -> Any:
    """Return the model of a whole event (``EventIn``) from the models of its parts."""
    from pydantic import Field, field_validator

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
        # what `trajgeo extract` writes for the reviewer; never read by trajgeo
        provenance: dict[str, Any] | None = None
        missing: list[str] | None = None

        @field_validator("id", mode="before")
        @classmethod
        def _id_text(cls, v: Any) -> Any:
            return str(v) if isinstance(v, (int, dt.date)) else v

        @field_validator("date", mode="before")
        @classmethod
        def _calendar_date(cls, v: Any) -> Any:
            return _calendar_date(v)

    return EventIn


#: The start of an ISO 8601 date: a year, month and day (a year alone is not a date).
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ].*)?$")


def _calendar_date(v: Any) -> Any:
    """Refuse numbers and texts that pydantic would read as seconds since 1970.

    ``date: '2024'`` or ``date: 2024`` used to become 1970-01-01T00:33:44.
    """
    if v is None or isinstance(v, (dt.date, dt.datetime)):
        return v
    if isinstance(v, str) and _ISO_DATE.match(v.strip()):
        return v.strip()
    raise ValueError("not a calendar date")


def _real_source_date(v: Any) -> Any:
    """Let a source's date be free text ("March 2024"), but an ISO date must exist."""
    if isinstance(v, str) and _ISO_DATE.match(v.strip()):
        try:
            dt.date.fromisoformat(v.strip()[:10])
        except ValueError:
            raise ValueError("not a real date") from None
    return v


_ALLOWED_BY_FIELD = {
    "lat": "a number from -90 to 90",
    "lon": "a number from -180 to 180",
    "radius_km": "a number of km from 0 to 2,000 (launch) or to 5,000 (impact)",
    "count": "a whole number from 1 to 1000",
    "apogee_km": 'a number of km above 0, [min, max], or words such as "about 500"',
    "flight_time_min": 'a number of minutes above 0, [min, max], or words such as "about 6"',
    "fell": "sea, land, or a named sea: Sea of Japan (East Sea), Yellow Sea (West Sea), "
    "East China Sea, Sea of Okhotsk, Seto Inland Sea, Pacific Ocean",
    "inside": "true or false",
    "id": "letters, digits, '.', '_' and '-', starting with a letter or digit",
    "date": "an ISO 8601 date or date-time, e.g. 2024-03-18T07:44:00+09:00",
    "kind": "eez, territorial_sea, land",
    "shots": "a list of one or more shots",
}

#: The caps of a radius, by what it is the radius of (the schema's ``le=`` limits).
_RADIUS_ALLOWED = {
    "launch": "a number of km from 0 to 2,000 (the largest launch area)",
    "impact": "a number of km from 0 to 5,000 (the largest impact area)",
}


def _allowed_for(loc: Sequence[Any], last: str) -> str | None:
    """Say what a field allows; a radius names the cap of its own kind."""
    if last == "radius_km":
        kind = next((p for p in reversed(loc) if p in _RADIUS_ALLOWED), None)
        if kind is not None:
            return _RADIUS_ALLOWED[kind]
    return _ALLOWED_BY_FIELD.get(last)


#: Names pydantic puts in an error's location for the member of a union that failed.
_TYPE_NAMES = frozenset({"datetime", "str", "int", "float", "bool", "list", "dict"})


def _format_loc(loc: Sequence[Any]) -> str:
    out = ""
    for k, part in enumerate(loc):
        if k and (part in _TYPE_NAMES or part == loc[k - 1]):
            break  # a union member's type name (`date.datetime`): not a field
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(part, str) and (part[:1].islower() or part == "from"):
            out += ("." if out else "") + part
        else:  # a union member's type name: not a field
            break
    return out.replace("from_", "from")


def validation_error(exc: Any, source: str, prefix: str, models: dict) -> InputError:
    """Turn a pydantic ``ValidationError`` into one :class:`InputError` naming the field."""
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
            allowed=_allowed_for(loc, last),
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
        allowed=_allowed_for(loc, last),
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
