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

The structure is checked with pydantic-core (unknown keys are refused, so a typo
cannot pass silently); the reported figures are then turned into the frozen
dataclasses below, with every assumption (a compass point's sector, the
tolerance put on a single figure) written down on the object that made it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from trajgeo.errors import EventFileError, InputError
from trajgeo.events.compass import BearingBand
from trajgeo.events.figures import Figure, read_figure
from trajgeo.events.model import (
    Capability,
    Claim,
    Event,
    ImpactReport,
    Launch,
    Options,
    Shot,
    Source,
    parse_bearing,
    parse_range,
)
from trajgeo.events.schema import event_schema, validation_error

__all__ = ["load_events", "parse_event"]


#: Tolerance put on a single reported distance ("about 350 km"), in percent.
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
            description=_one_line(raw.description),
            country=place.country,
        )
    # + 0.0 turns a -0.0 coordinate into 0.0, so no label reads "-0.000"
    lat, lon = float(raw.lat) + 0.0, float(raw.lon) + 0.0
    if raw.site is not None:
        _site_agrees(raw, lat, lon, gaz, source, field)
    name = raw.name or raw.site or f"{lat:.3f}, {lon:.3f}"
    return Launch(
        name=name,
        lon=lon,
        lat=lat,
        radius_km=raw.radius_km or 0.0,
        coordinates_source="event file",
        description=_one_line(raw.description),
    )


#: How far (km) a launch's ``lat``/``lon`` may lie outside the area its ``site`` names.
SITE_SLACK_KM = 25.0


def _site_agrees(raw: Any, lat: float, lon: float, gaz: Any, source: str, field: str) -> None:
    """Stop on a launch whose ``site`` (a gazetteer place) is not where its ``lat``/``lon`` is.

    Both given, the point is used and the site names it; a site the gazetteer
    does not know is only a label. A known place far from the point is a
    mistake in one of them: the launch had been put at the point, silently.
    """
    from trajgeo.errors import UnknownPlaceError

    try:
        place = gaz.lookup(raw.site, source=source, field=f"{field}.site")
    except UnknownPlaceError:
        return
    p1, p2 = math.radians(lat), math.radians(place.lat)
    dl = math.radians(lon - place.lon)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    km = 2.0 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))
    reach = (place.radius_km or 0.0) + (raw.radius_km or 0.0) + SITE_SLACK_KM
    if km > reach:
        raise EventFileError(
            f"`site` {place.name} is {km:,.0f} km from `lat`/`lon` ({lat:.3f}, {lon:.3f})",
            source=source,
            field=f"{field}.site",
            value=raw.site,
            allowed=f"a site within {reach:,.0f} km of the point, or only one of them "
            "(use `name` to label a point)",
        )


def _impact(raw: Any, gaz: Any, source: str, field: str, options: Options) -> ImpactReport:
    if raw.lat is not None:
        at_lat, at_lon = float(raw.lat) + 0.0, float(raw.lon) + 0.0
        text = _one_line(raw.description) or f"{at_lat:.2f}°, {at_lon:.2f}°"
        return ImpactReport(
            lon=at_lon,
            lat=at_lat,
            text=text,
            radius_km=raw.radius_km or 0.0,
            described=bool(raw.description),
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
        bearing = (
            parse_bearing(
                raw.bearing,
                field="bearing",
                tolerance_deg=raw.bearing_tolerance_deg,
                options=options,
            )
            if raw.bearing is not None
            else BearingBand(0.0, 360.0, "", "no direction from the landmark was reported")
        )
    except InputError as exc:
        raise exc.located(source, field) from None
    if bearing.is_full_circle:
        # no direction: the nominal point is the landmark itself, never a guessed bearing
        lon, lat = place.lon, place.lat
        # "about 200 km from X": "of X" needs a direction before it ("about 200 km W of X")
        text = (
            _one_line(raw.description) or f"{dist.text} from {place.name} (direction not reported)"
        )
    else:
        lon, lat = destination(place.lon, place.lat, bearing.nominal_deg, dist.nominal_km * 1e3)
        text = _one_line(raw.description) or f"{dist.text} {bearing.text} of {place.name}"
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
        landmark_radius_km=place.radius_km,
    )


def _shot(
    i: int,
    raw: Any,
    launch: Launch,
    gaz: Any,
    source: str,
    options: Options,
    shots_so_far: Sequence[Shot] = (),
) -> Shot:
    field = f"shots[{i}]"
    if raw.launch is not None:
        launch = _launch(raw.launch, gaz, source, f"{field}.launch")
    rng = brg = apogee = flight_time = None
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
        if raw.apogee_km is not None:
            apogee = read_figure(raw.apogee_km, field="apogee_km", maximum=100_000.0)
        if raw.flight_time_min is not None:
            flight_time = read_figure(
                raw.flight_time_min, field="flight_time_min", unit="min", maximum=300.0
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
    count, given = raw.count, raw.count is not None
    if count is None:  # an account inherits the count of the line it describes again
        parent = shots_so_far[raw.same_as - 1] if raw.same_as is not None else None
        count = parent.count if parent is not None else 1
        given = parent is not None and parent.count_given
    return Shot(
        index=i,
        count=count,
        launch=launch,
        missile=raw.missile
        or (shots_so_far[raw.same_as - 1].missile if raw.same_as is not None else None),
        label=_one_line(raw.label),
        range=rng,
        bearing=brg,
        impact=impact,
        apogee_km=None if apogee is None else _reported(apogee),
        flight_time_min=None if flight_time is None else _reported(flight_time),
        source=raw.source,
        note=raw.note,
        same_as=raw.same_as,
        apogee=apogee,
        flight_time=flight_time,
        fell=raw.fell,
        count_given=given,
    )


def _one_line(text: str | None) -> str | None:
    r"""Return a one-line field (a label, a description) with its whitespace runs as one space.

    A newline in a label had split the line ``trajgeo check`` prints for its missile.

    Examples
    --------
    >>> _one_line("MOD no. 4\n(second salvo)"), _one_line(None)
    ('MOD no. 4 (second salvo)', None)
    """
    return " ".join(text.split()) if text else text


def _plain_text(value: Any) -> Any:
    r"""Return ``value`` with control characters removed from every text in it.

    Tabs become spaces and newlines stay (a summary may hold paragraphs).

    Examples
    --------
    >>> _plain_text({"title": "Launch\x1b[31m\x07", "shots": [{"note": "a\tb"}]})
    {'title': 'Launch', 'shots': [{'note': 'a b'}]}
    """
    from trajgeo.io.reading import plain_text

    kind = type(value)
    if kind is str:  # the common cases first, by exact type (an event holds hundreds)
        return value if value.isprintable() else plain_text(value)
    if kind is dict:
        return {_plain_text(k): _plain_text(v) for k, v in value.items()}
    if kind in _SCALARS:
        return value
    if isinstance(value, str):
        return plain_text(value)
    if isinstance(value, Mapping):
        return {_plain_text(k): _plain_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_text(v) for v in value]
    return value


#: Types that hold no text: :func:`_plain_text` returns them as they are.
_SCALARS = frozenset({int, float, bool, type(None)})


def _reported(fig: Figure) -> float:
    """Return the number a source gave (the band's middle when it gave a band)."""
    return fig.value if fig.value is not None else fig.nominal


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
    raw = _validated(data, source, field_prefix)
    if gazetteer is None:
        from trajgeo.events.gazetteer import gazetteer as shipped

        gazetteer = shipped()
    pre = f"{field_prefix}." if field_prefix else ""
    try:
        launch = _launch(raw.launch, gazetteer, source, f"{pre}launch")
        built: list[Shot] = []
        for i, s in enumerate(raw.shots):
            built.append(_shot(i, s, launch, gazetteer, source, options, built))
        shots = tuple(built)
    except InputError as exc:
        if field_prefix and exc.field and not exc.field.startswith(field_prefix):
            raise exc.located(source, field_prefix) from None
        raise
    return Event(
        id=raw.id,
        title=raw.title,
        launch=launch,
        shots=shots,
        date=raw.date,
        summary=raw.summary,
        claims=_claims(raw.claims, len(shots), source, pre),
        sources=_sources(raw.sources),
        capability=_capability(raw.capability, len(shots), source, pre),
        path=source,
    )


def _validated(data: Mapping[str, Any], source: str, field_prefix: str) -> Any:
    """Check an event mapping against the schema; return it as checked parts (attributes)."""
    from pydantic_core import ValidationError

    schema = event_schema()
    if not isinstance(data, Mapping):
        raise EventFileError(
            "an event must be a mapping of fields",
            source=source,
            field=field_prefix or None,
            value=type(data).__name__,
            allowed="id, title, date, launch, shots, claims, sources",
        )
    try:
        return schema.validator.validate_python(_plain_text(dict(data)))
    except ValidationError as exc:
        raise validation_error(exc, source, field_prefix, schema) from None


def _check_shot_numbers(
    numbers: Sequence[int], n_shots: int, what: str, *, source: str, field: str
) -> None:
    """Stop on a shot number outside 1..``n_shots`` that the ``what`` names at ``field``."""
    bad = [n for n in numbers if not 1 <= n <= n_shots]
    if bad:
        raise EventFileError(
            f"{what} names a shot that does not exist",
            source=source,
            field=field,
            value=bad,
            allowed=f"shot numbers 1 to {n_shots}",
        )


def _claims(raw: Sequence[Any], n_shots: int, source: str, pre: str) -> tuple[Claim, ...]:
    """Build the event's claims, after checking the shot numbers they name."""
    for j, c in enumerate(raw):
        _check_shot_numbers(
            c.shots, n_shots, "claim", source=source, field=f"{pre}claims[{j}].shots"
        )
    return tuple(
        Claim(
            zone=c.zone.upper() if len(c.zone) == 3 else c.zone,
            inside=c.inside,
            kind=c.kind,
            source=c.source,
            text=c.text,
            shots=tuple(c.shots),
        )
        for c in raw
    )


def _sources(raw: Sequence[Any]) -> tuple[Source, ...]:
    """Build the event's sources (a date kept as the text it was given)."""
    return tuple(
        Source(
            title=s.title,
            url=s.url,
            publisher=s.publisher,
            date=None if s.date is None else str(s.date),
            note=s.note,
        )
        for s in raw
    )


def _capability(c: Any, n_shots: int, source: str, pre: str) -> Capability | None:
    """Build the event's capability block, if any, after checking the shots it names."""
    if c is None:
        return None
    _check_shot_numbers(
        c.from_shots, n_shots, "capability", source=source, field=f"{pre}capability.from_shots"
    )
    return Capability(
        ranges_km=tuple(c.ranges_km),
        from_shots=tuple(c.from_shots),
        burnout_altitude_km=c.burnout_altitude_km,
        band_pct=c.band_pct,
        rotating=c.rotating,
        label=c.label,
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
    elif paths is None or not hasattr(paths, "__iter__"):  # None or 5: "not iterable" had leaked
        raise InputError(
            "not a path",
            field="paths",
            value=type(paths).__name__,
            allowed="an event file path or a list of them",
        )
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
