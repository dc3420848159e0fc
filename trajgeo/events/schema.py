"""The event-file schema: pydantic-core validators, built once, and their error messages.

pydantic-core (the validation engine under pydantic) checks the structure of
an event file: unknown keys are refused, so a typo cannot pass silently;
numbers are range-checked; text is stripped. The schema is written here
directly in pydantic-core's terms rather than as pydantic models: building
the models cost about 0.12 s of CPU in every command that reads an event
(pydantic's import and schema generation), the validator itself under
0.01 s. The checks and every message are the same. The validator is built
on first use and then kept. A validation error becomes one
:class:`InputError` that names the field, the value and what is allowed.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from trajgeo.errors import EventFileError, InputError

__all__ = ["EventSchema", "Validated", "event_schema", "validation_error"]


class Validated:
    """One checked part of an event file (the event, a shot, a claim...): its fields as attributes.

    Made by the validator (which fills the instance's ``__dict__`` itself), read
    by :mod:`trajgeo.events.load`; setting an attribute is refused, as pydantic's
    frozen models refused it.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only: {name!r} cannot be set")

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if not k.startswith("__"))
        return f"{type(self).__name__}({fields})"


@dataclass(frozen=True)
class EventSchema:
    """The event file's validator and, for messages, the keys each part allows.

    Attributes
    ----------
    validator
        A :class:`pydantic_core.SchemaValidator`; ``validate_python(mapping)``
        returns the event as :class:`Validated` parts or raises
        :class:`pydantic_core.ValidationError`.
    keys
        For each part (``"EventIn"``, ``"ShotIn"``...), its keys as a file
        spells them, each with the part it holds (``None`` for a value).
    """

    validator: Any
    keys: Mapping[str, tuple[tuple[str, str | None], ...]]


# --------------------------------------------------------------------------- file schema
@cache
def event_schema() -> EventSchema:
    """Build the validator (pydantic-core is imported here: commands that read no event skip it)."""
    from pydantic_core import SchemaValidator

    parts = _Parts()
    launch = parts.model("LaunchIn", _launch_fields(), after=_site_or_point)
    impact = parts.model(
        "ImpactIn", _impact_fields(), after=_point_or_landmark, aliases={"from_": "from"}
    )
    shot = parts.model("ShotIn", _shot_fields(launch, impact))
    claim = parts.model("ClaimIn", _claim_fields())
    source = parts.model("SourceIn", _source_fields())
    capability = parts.model("CapabilityIn", _capability_fields())
    event = parts.model("EventIn", _event_fields(launch, shot, claim, source, capability))
    return EventSchema(SchemaValidator(event), dict(parts.keys))


class _Parts:
    """Makes the model schemas of the parts, and records the keys each allows."""

    def __init__(self) -> None:
        self.keys: dict[str, tuple[tuple[str, str | None], ...]] = {}

    def model(
        self,
        name: str,
        fields: dict[str, Any],
        *,
        after: Callable[[Any], Any] | None = None,
        aliases: Mapping[str, str] | None = None,
    ) -> Any:
        """Return the schema of one part: its fields, unknown keys refused, text stripped."""
        from pydantic_core import core_schema as cs

        aliases = aliases or {}
        config = cs.CoreConfig(
            title=name,
            extra_fields_behavior="forbid",
            str_strip_whitespace=True,
            validate_by_alias=True,
            validate_by_name=True,
        )
        cls = type(name, (Validated,), {"__doc__": f"A checked ``{name}`` of an event file."})
        schema = cs.model_schema(
            cls,
            cs.model_fields_schema(
                {k: cs.model_field(s, validation_alias=aliases.get(k)) for k, s in fields.items()},
                model_name=name,
            ),
            config=config,
        )
        self.keys[name] = tuple((aliases.get(k, k), _part_of(s)) for k, s in fields.items())
        return cs.no_info_after_validator_function(after, schema) if after else schema


def _part_of(schema: Mapping[str, Any]) -> str | None:
    """Return the name of the part a field holds (through defaults, ``None`` and lists)."""
    while True:
        if schema["type"] == "model":
            return str(schema["cls"].__name__)
        inner = schema.get("schema") or schema.get("items_schema")
        if not isinstance(inner, Mapping):
            return None
        schema = inner


# the field types, as pydantic would make them from annotations (`float | None = None`...)
def _optional(schema: Any, default: Any = None) -> Any:
    """Return a field that may be absent or null (``X | None = default``)."""
    from pydantic_core import core_schema as cs

    return cs.with_default_schema(cs.nullable_schema(schema), default=default)


def _text() -> Any:
    from pydantic_core import core_schema as cs

    return _optional(cs.str_schema())


def _number(ge: float, le: float) -> Any:
    """Return an optional number from ``ge`` to ``le`` (``true`` is not one: it had read as 1)."""
    from pydantic_core import core_schema as cs

    return _optional(cs.no_info_before_validator_function(_not_bool, cs.float_schema(ge=ge, le=le)))


def _not_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("a number, not true or false")
    return value


def _anything() -> Any:
    """Return a figure, read later by :func:`~trajgeo.events.figures.read_figure`."""
    from pydantic_core import core_schema as cs

    return _optional(cs.any_schema())


def _whole(ge: int, le: int | None = None) -> Any:
    """Return an optional whole number from ``ge`` (``true`` is not one: it had read as 1)."""
    from pydantic_core import core_schema as cs

    return _optional(cs.no_info_before_validator_function(_not_bool, cs.int_schema(ge=ge, le=le)))


def _int_list() -> Any:
    """Return a list of whole numbers (``true`` is not one: it had read as 1)."""
    from pydantic_core import core_schema as cs

    item = cs.no_info_before_validator_function(_not_bool, cs.int_schema())
    return cs.with_default_schema(cs.list_schema(item), default_factory=list)


def _launch_fields() -> dict[str, Any]:
    """Return the fields of a launch site: a gazetteer name or a point, and a radius."""
    return {
        "site": _text(),
        "lat": _number(-90, 90),
        "lon": _number(-180, 180),
        "radius_km": _number(0, 2000),
        "name": _text(),
        "description": _text(),
    }


def _site_or_point(v: Any) -> Any:
    if v.site is None and (v.lat is None or v.lon is None):
        raise ValueError("give `site` (a gazetteer name) or both `lat` and `lon`")
    if (v.lat is None) != (v.lon is None):
        raise ValueError("give both `lat` and `lon`, not one of them")
    return v


def _impact_fields() -> dict[str, Any]:
    """Return the fields of an impact: a point, or a distance (and bearing) from a landmark."""
    return {
        "lat": _number(-90, 90),
        "lon": _number(-180, 180),
        "radius_km": _number(0, 5000),
        "from_": _text(),
        "distance_km": _anything(),
        "distance_tolerance_pct": _number(0, 100),
        "bearing": _anything(),
        "bearing_tolerance_deg": _number(0, 180),
        "description": _text(),
    }


def _point_or_landmark(v: Any) -> Any:
    point = v.lat is not None or v.lon is not None
    if point and v.from_ is not None:
        raise ValueError("give either lat/lon or `from` a landmark, not both")
    if point and (v.lat is None or v.lon is None):
        raise ValueError("give both `lat` and `lon`")
    if not point:
        if v.from_ is None:
            raise ValueError(
                "give lat/lon, or `from` a landmark with `distance_km` (and `bearing` "
                "if the report gives one)"
            )
        if v.distance_km is None:
            raise ValueError(
                "an impact `from` a landmark needs `distance_km` (and `bearing`, "
                "from the landmark to the impact, if the report gives one)"
            )
    return v


def _shot_fields(launch: Any, impact: Any) -> dict[str, Any]:
    """Return the fields of one shot line: its figures, as reported, and where it fell."""
    from pydantic_core import core_schema as cs

    return {
        "count": _whole(1, 1000),
        "label": _text(),
        "missile": _text(),
        "range_km": _anything(),
        "range_tolerance_pct": _number(0, 100),
        "range_tolerance_km": _number(0, 5000),
        "bearing": _anything(),
        "bearing_tolerance_deg": _number(0, 180),
        "apogee_km": _anything(),
        "flight_time_min": _anything(),
        "impact": _optional(impact),
        "launch": _optional(launch),
        "fell": cs.with_default_schema(
            cs.no_info_after_validator_function(_sea_or_land, cs.nullable_schema(cs.str_schema())),
            default=None,
        ),
        "source": _text(),
        "note": _text(),
        "same_as": _whole(1),
    }


def _sea_or_land(v: str | None) -> str | None:
    if v is None:
        return v
    from trajgeo.maritime.seas import sea_name

    try:
        known = sea_name(v)
    except InputError as exc:
        raise ValueError(exc.message) from None
    # keep the source's own words for a named sea ("East Sea"), for quoting
    return known if known in ("sea", "land") else v


def _claim_fields() -> dict[str, Any]:
    """Return the fields of a claim: a zone, inside or not, its kind, who said it, its shots."""
    from pydantic_core import core_schema as cs

    return {
        "zone": cs.str_schema(min_length=2),
        "inside": cs.bool_schema(),
        "kind": cs.with_default_schema(
            cs.literal_schema(["eez", "territorial_sea", "land"]), default="eez"
        ),
        "source": _text(),
        "text": _text(),
        "shots": _int_list(),
    }


def _source_fields() -> dict[str, Any]:
    """Return the fields of a source: title, where and when published (a date may be text)."""
    from pydantic_core import core_schema as cs

    date = cs.union_schema(
        [cs.date_schema(), cs.datetime_schema(microseconds_precision="truncate"), cs.str_schema()]
    )
    return {
        "title": cs.str_schema(min_length=1),
        "url": _text(),
        "publisher": _text(),
        "date": cs.with_default_schema(
            cs.no_info_before_validator_function(_real_source_date, cs.nullable_schema(date)),
            default=None,
        ),
        "note": _text(),
    }


def _capability_fields() -> dict[str, Any]:
    """Return the fields of a capability block: ranges (or shots to take them from) to draw."""
    from pydantic_core import core_schema as cs

    return {
        # a ring's radius, more than 0 (checked when the file is read: a bad one had passed
        # `check` and `zones` and stopped only `map`); past half a meridian it reaches any
        # point on Earth, which a map says in a note
        "ranges_km": cs.with_default_schema(
            cs.list_schema(
                cs.no_info_before_validator_function(
                    _not_bool, cs.float_schema(gt=0, allow_inf_nan=False)
                )
            ),
            default_factory=list,
        ),
        "from_shots": _int_list(),
        "burnout_altitude_km": cs.with_default_schema(cs.float_schema(ge=0, le=1000), default=0.0),
        "band_pct": cs.with_default_schema(cs.float_schema(ge=0, le=50), default=5.0),
        "rotating": cs.with_default_schema(cs.bool_schema(), default=False),
        "label": _text(),
    }


def _event_fields(
    launch: Any, shot: Any, claim: Any, source: Any, capability: Any
) -> dict[str, Any]:
    """Return the fields of a whole event, from the schemas of its parts."""
    from pydantic_core import core_schema as cs

    date = cs.union_schema(
        [cs.datetime_schema(microseconds_precision="truncate"), cs.date_schema()]
    )
    return {
        "id": cs.no_info_before_validator_function(
            _id_text, cs.str_schema(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=120)
        ),
        "title": cs.str_schema(min_length=1),
        "date": cs.with_default_schema(
            cs.no_info_before_validator_function(_calendar_date, cs.nullable_schema(date)),
            default=None,
        ),
        "summary": _text(),
        "notes": _text(),
        "launch": launch,
        "shots": cs.list_schema(shot, min_length=1),
        "claims": cs.with_default_schema(cs.list_schema(claim), default_factory=list),
        "sources": cs.with_default_schema(cs.list_schema(source), default_factory=list),
        "capability": _optional(capability),
        # what `trajgeo extract` writes for the reviewer; never read by trajgeo
        "provenance": _optional(cs.dict_schema(cs.str_schema(), cs.any_schema())),
        "missing": _optional(cs.list_schema(cs.str_schema())),
    }


def _id_text(v: Any) -> Any:
    return str(v) if isinstance(v, (int, dt.date)) else v


#: The start of an ISO 8601 date: a year, month and day (a year alone is not a date).
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ].*)?$")


def _calendar_date(v: Any) -> Any:
    """Refuse numbers and texts that pydantic-core would read as seconds since 1970.

    ``date: '2024'`` or ``date: 2024`` used to become 1970-01-01T00:33:44.
    """
    if v is None or isinstance(v, (dt.date, dt.datetime)):
        return v
    if isinstance(v, str) and _ISO_DATE.match(v.strip()):
        return v.strip()
    raise ValueError("not a calendar date")


def _real_source_date(v: Any) -> Any:
    """Let a source's date be free text ("March 2024"), but an ISO date must exist.

    So must an ISO time joined to it by ``T`` (``2024-03-18T99:00`` had passed); after a
    space, what follows is free text ("2024-03-18 07:44 KST").
    """
    if isinstance(v, str) and _ISO_DATE.match(v.strip()):
        text = v.strip()
        try:
            dt.date.fromisoformat(text[:10])
        except ValueError:
            raise ValueError("not a real date") from None
        if text[10:11] in ("T", "t") and text[11:12].isdigit():
            try:
                dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
            except ValueError:
                raise ValueError("not a real date and time") from None
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


#: Names pydantic-core puts in an error's location for the member of a union that failed.
_TYPE_NAMES = frozenset({"datetime", "str", "int", "float", "bool", "list", "dict"})


def _format_loc(loc: Sequence[Any]) -> str:
    out = ""
    for k, part in enumerate(loc):
        if k and (part in _TYPE_NAMES or part == loc[k - 1]):
            break  # a union member's type name (`date.datetime`): not a field
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(part, str) and (part[:1].islower() or part == "from"):
            # (a field stored as `from_` is the file's `from`; `from_shots` is itself)
            out += ("." if out else "") + ("from" if part == "from_" else part)
        else:  # a union member's type name: not a field
            break
    return out


def validation_error(exc: Any, source: str, prefix: str, schema: EventSchema) -> InputError:
    """Turn a pydantic-core ``ValidationError`` into one :class:`InputError` naming the field."""
    err = exc.errors(include_url=False)[0]
    loc = err.get("loc", ())
    field = _format_loc(loc)
    if prefix:
        field = f"{prefix}.{field}" if field else prefix
    last = next((p for p in reversed(loc) if isinstance(p, str)), "")
    etype = err.get("type", "")
    if etype == "extra_forbidden":
        # walk the parts to list the keys allowed at this place
        allowed = _allowed_keys(schema.keys, [p for p in loc[:-1] if isinstance(p, str)])
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
    if _not_finite(value):
        # a bound's "should be less than or equal to 5000" says nothing of NaN or infinity
        msg = "input should be a finite number"
    return EventFileError(
        msg[:1].lower() + msg[1:],
        source=source,
        field=field,
        value=value,
        allowed=_allowed_for(loc, last) or _allowed_by_type(etype, err.get("ctx") or {}),
    )


def _not_finite(value: Any) -> bool:
    """Tell a NaN or an infinity, as a number or as the text a number field reads as one.

    Examples
    --------
    >>> [_not_finite(v) for v in (float("nan"), float("-inf"), "NaN", " inf", 3.0, "x", None)]
    [True, True, True, True, False, False, False]
    """
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return False
    return isinstance(value, float) and not math.isfinite(value)


#: What a field of each kind allows, where the field itself names nothing more precise.
_ALLOWED_BY_TYPE = {
    "string_type": "text",
    "string_too_short": "a text of at least one character",
    "list_type": "a list",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "finite_number": "a finite number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
}
#: The bounds pydantic-core reports, and how to say them.
_BOUND_WORDS = {"ge": "at least", "gt": "above", "le": "at most", "lt": "below"}


def _allowed_by_type(etype: str, ctx: Mapping[str, Any]) -> str | None:
    """Say what a value of this error's kind may be: its type, its bound, a real date.

    Examples
    --------
    >>> _allowed_by_type("less_than_equal", {"le": 180})
    'a number at most 180'
    >>> _allowed_by_type("string_too_short", {})
    'a text of at least one character'
    """
    bounds = [f"{_BOUND_WORDS[k]} {v:g}" for k, v in ctx.items() if k in _BOUND_WORDS]
    if bounds:
        return "a number " + " and ".join(bounds)
    if etype.startswith(("date", "datetime")):
        return "a real date, YYYY-MM-DD, or an ISO 8601 date and time"
    return _ALLOWED_BY_TYPE.get(etype)


def _allowed_keys(
    keys: Mapping[str, tuple[tuple[str, str | None], ...]], path: list[str]
) -> list[str]:
    """Return the keys allowed in the part at ``path`` (field names from the event down)."""
    part = "EventIn"
    for name in path:
        sub = next((sub for key, sub in keys[part] if key == name), None)
        if sub is None:
            return []
        part = sub
    return [key for key, _ in keys[part]]
