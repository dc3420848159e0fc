"""Property-based tests: any value in any field gives an event or a TrajgeoError, nothing else."""

from __future__ import annotations

import copy
import datetime as dt
import math
from typing import Any

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from trajgeo.errors import TrajgeoError  # noqa: E402

BASE: dict[str, Any] = {
    "id": "2024-03-18-test",
    "title": "A test launch",
    "date": "2024-03-18T07:44:00+09:00",
    "launch": {"site": "Pyongyang", "radius_km": 15},
    "shots": [
        {"count": 2, "missile": "SRBM", "range_km": [300, 350], "bearing": "NE", "apogee_km": 50}
    ],
    "claims": [{"zone": "JPN", "inside": False, "source": "Japan MoD"}],
    "sources": [{"title": "Report", "url": "https://example.org", "date": "2024-03-18"}],
}

#: Every place a value can go, as a path into BASE (a new key where the path ends in one).
PATHS: list[tuple[Any, ...]] = [
    ("id",),
    ("title",),
    ("date",),
    ("summary",),
    ("launch", "site"),
    ("launch", "lat"),
    ("launch", "radius_km"),
    ("launch", "name"),
    ("shots", 0, "count"),
    ("shots", 0, "missile"),
    ("shots", 0, "range_km"),
    ("shots", 0, "bearing"),
    ("shots", 0, "apogee_km"),
    ("shots", 0, "flight_time_min"),
    ("shots", 0, "range_tolerance_pct"),
    ("shots", 0, "same_as"),
    ("shots", 0, "fell"),
    ("shots", 0, "impact"),
    ("claims", 0, "zone"),
    ("claims", 0, "inside"),
    ("claims", 0, "shots"),
    ("sources", 0, "title"),
    ("sources", 0, "date"),
    ("capability",),
    ("shots",),
    ("launch",),
    ("claims",),
]

HOSTILE_TEXT = st.sampled_from(
    [
        "{{ 7*7 }}",
        "{% for x in range(9) %}",
        "{{ cycler.__init__.__globals__ }}",
        "<script>alert(1)</script>",
        "$\\foo$",
        "\x00\x01\x1b[31m",
        "2024-13-45",
        "2024",
        "-0.0",
        "nan",
        "about 300",
        "NNE ± 10",
        "300 to 200",
        "\u202e",
        "",
        " ",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    HOSTILE_TEXT,
    st.dates(),
    st.datetimes(timezones=st.just(dt.timezone.utc)),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)


def _put(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    node: Any = doc
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return doc


def _parse(doc: Any) -> None:
    from trajgeo.events import parse_event

    try:
        event = parse_event(doc, source="prop.yaml")
    except TrajgeoError as exc:
        text = str(exc)
        assert "\n" not in text.strip() and len(text) < 2000, text
        return
    for shot in event.shots:  # a value that passes is a usable one
        if shot.range is not None:
            assert math.isfinite(shot.range.nominal_km) and shot.range.nominal_km >= 0


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(PATHS), value=VALUES)
def test_any_value_in_any_field_is_an_event_or_a_trajgeo_error(path, value):
    _parse(_put(BASE, path, value))


@settings(max_examples=100, deadline=None)
@given(key=st.text(max_size=20), value=VALUES)
def test_any_extra_key_is_an_error_naming_it(key, value):
    if key.strip() in BASE or not key.strip():
        return
    _parse({**BASE, key: value})


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=200))
def test_any_text_as_a_yaml_file_is_data_or_an_event_file_error(text):
    from trajgeo.errors import EventFileError
    from trajgeo.io.yamlfile import read_yaml

    try:
        doc = read_yaml("prop.yaml", text)
    except EventFileError as exc:
        assert "\n" not in str(exc).strip()
        return
    if isinstance(doc, dict):
        _parse(doc)


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=200))
def test_any_text_as_a_json_file_is_data_or_an_event_file_error(text):
    from trajgeo.errors import EventFileError
    from trajgeo.io.yamlfile import read_yaml

    try:
        read_yaml("prop.json", text)
    except EventFileError:
        pass


@settings(max_examples=100, deadline=None)
@given(title=st.text(min_size=1, max_size=60).filter(str.strip), hostile=HOSTILE_TEXT)
def test_titles_round_trip_through_yaml_as_plain_data(title, hostile):
    import yaml

    from trajgeo.events import parse_event
    from trajgeo.io.yamlfile import read_yaml

    text = yaml.safe_dump(_put(BASE, ("title",), title + hostile), allow_unicode=True)
    try:
        doc = read_yaml("prop.yaml", text)
        event = parse_event(doc, source="prop.yaml")
    except TrajgeoError:
        return
    from trajgeo.events.load import _plain_text

    # kept as written (control characters removed), never evaluated
    assert _plain_text(hostile).strip() in event.title
