"""Event files: reported figures become explicit bands; bad input names file and field."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES
from trajgeo.errors import EventFileError, InputError, UnknownPlaceError
from trajgeo.events import load_events, parse_bearing, parse_event, parse_range

BASE = {
    "id": "2024-03-18-pyongyang",
    "title": "North Korea fires three short-range ballistic missiles",
    "date": "2024-03-18T07:44:00+09:00",
    "launch": {"site": "Pyongyang", "radius_km": 15},
    "shots": [
        {
            "count": 3,
            "missile": "SRBM",
            "range_km": [300, 350],
            "bearing": "NE",
            "apogee_km": 50,
            "flight_time_min": 6,
        }
    ],
    "claims": [{"zone": "JPN", "inside": False, "source": "Japan Ministry of Defense"}],
    "sources": [{"title": "MOD release", "url": "https://www.mod.go.jp/"}],
}


def _event(small_gazetteer, **changes):
    data = json.loads(json.dumps(BASE))
    data.update(changes)
    return parse_event(data, source="ev.yaml", gazetteer=small_gazetteer)


def test_the_issue_example_loads(small_gazetteer):
    ev = _event(small_gazetteer)
    shot = ev.shots[0]
    assert ev.launch.name == "Pyongyang" and ev.launch.radius_km == 15
    # a band's ends were rounded to 25 km; NE names one of eight directions
    assert (shot.range.min_km, shot.range.max_km) == (287.5, 362.5)
    assert shot.bearing.start_deg == pytest.approx(22.5)
    assert shot.bearing.end_deg == pytest.approx(67.5)
    assert "8-point direction" in shot.assumptions[1]
    assert ev.claims[0].zone == "JPN" and ev.claims[0].inside is False
    assert ev.missile_count == 3
    assert ev.date.utcoffset().total_seconds() == 9 * 3600


def test_single_range_is_read_by_its_rounding_and_says_so():
    band = parse_range(350)
    assert (band.min_km, band.max_km) == (325.0, 375.0)
    assert "rounded to 50 km" in band.assumption
    band = parse_range("about 200")
    assert (band.min_km, band.max_km) == (175.0, 225.0)
    assert band.text == "about 200 km"


def test_an_explicit_tolerance_replaces_the_rounding_rules():
    band = parse_range(350, tolerance_pct=5)
    assert (band.min_km, band.max_km) == (332.5, 367.5)
    assert "as the event file says" in band.assumption


def test_compass_point_can_be_narrowed():
    band = parse_bearing("NE", tolerance_deg=5)
    assert (band.start_deg, band.width_deg) == (40.0, 10.0)
    assert "45° ± 5° as the event file says" in band.assumption


@pytest.mark.parametrize(
    "word",
    [
        "northeast",
        "north-east",
        "north east",
        "North-East",
        "NORTHEAST",
        "north-eastward",
        "northeastwards",
    ],
)
def test_compass_words_in_any_spelling_are_the_same_sector(small_gazetteer, word):
    shots = [dict(BASE["shots"][0], bearing=word)]
    band = _event(small_gazetteer, shots=shots).shots[0].bearing
    assert (band.start_deg, band.end_deg) == pytest.approx((22.5, 67.5))


@pytest.mark.parametrize(
    ("word", "azimuth"),
    [("eastward", 90), ("westwards", 270), ("Southward", 180), ("northward", 0)],
)
def test_directional_words_name_their_sector(word, azimuth):
    assert parse_bearing(word).nominal_deg == pytest.approx(azimuth)


def test_bearing_band_across_north():
    band = parse_bearing([350, 10])
    assert band.start_deg == 350 and band.width_deg == 20 and band.nominal_deg == 0


def test_landmark_relative_impact(small_gazetteer):
    ev = _event(
        small_gazetteer,
        shots=[{"impact": {"from": "Oga Peninsula", "distance_km": 250, "bearing": "W"}}],
    )
    imp = ev.shots[0].impact
    assert imp.landmark == "Oga Peninsula"
    assert imp.lon < 139.75 and abs(imp.lat - 39.93) < 0.1
    assert "W of Oga Peninsula" in imp.text


def test_landmark_impact_without_a_direction_reads_as_a_distance_from_it(small_gazetteer):
    # "came down about 200 km of Oga Peninsula" was written
    shot = {"impact": {"from": "Oga Peninsula", "distance_km": "about 200"}}
    imp = _event(small_gazetteer, shots=[shot]).shots[0].impact
    assert imp.text == "about 200 km from Oga Peninsula (direction not reported)"


def test_lookup_is_accent_and_case_insensitive(small_gazetteer):
    ev = _event(small_gazetteer, launch={"site": "TONGCH'ANG-NI"})
    assert ev.launch.place_id == "sohae"
    ev = _event(small_gazetteer, launch={"site": "sŏhae"})
    assert ev.launch.place_id == "sohae"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"launch": {"site": "Pyongyan"}}, "launch.site", "did you mean 'Pyongyang'"),
        ({"launch": {"lat": 95, "lon": 125}}, "launch.lat", "from -90 to 90"),
        ({"launch": {"lat": 39}}, "launch", "both `lat` and `lon`"),
        ({"shots": [{"range_km": -5}]}, "shots[0].range_km", "negative"),
        ({"shots": [{"range_km": 0}]}, "shots[0].range_km", "above 0"),
        ({"shots": [{"range_km": 25000}]}, "shots[0].range_km", "half the Earth"),
        ({"shots": [{"range_km": [400, 300]}]}, "shots[0].range_km", "minimum is above"),
        ({"shots": [{"range_km": 300, "bearing": "NX"}]}, "shots[0].bearing", "compass point"),
        ({"shots": [{"range_km": 300, "bearing": 400}]}, "shots[0].bearing", "out of range"),
        ({"shots": [{"rnage_km": 300}]}, "shots[0].rnage_km", "unknown field"),
        ({"shots": []}, "shots", "at least 1"),
        ({"shots": [{"count": 3, "fell": "ocean"}]}, "shots[0].fell", "sea, land, or a named sea"),
        ({"claims": [{"zone": "JPN", "inside": "perhaps"}]}, "claims[0].inside", "true or false"),
        ({"id": "bad id!"}, "id", "letters, digits"),
    ],
)
def test_bad_input_names_the_file_field_and_allowed_values(small_gazetteer, change, field, words):
    with pytest.raises(InputError) as info:
        _event(small_gazetteer, **change)
    msg = str(info.value)
    assert msg.startswith(f"ev.yaml: {field}"), msg
    assert words in msg, msg


@pytest.mark.parametrize(
    ("change", "field", "cap"),
    [
        ({"launch": {"site": "Pyongyang", "radius_km": 2001}}, "launch.radius_km", "2,000"),
        (
            {"shots": [{"impact": {"lat": 40, "lon": 135, "radius_km": 5001}}]},
            "shots[0].impact.radius_km",
            "5,000",
        ),
    ],
)
def test_radius_error_names_its_cap(small_gazetteer, change, field, cap):
    # the message said "0 or more" without the cap it enforces
    with pytest.raises(InputError) as info:
        _event(small_gazetteer, **change)
    assert info.value.field == field
    assert f"from 0 to {cap}" in info.value.allowed


@pytest.mark.parametrize("value", [float("nan"), float("inf"), "nan", "-inf"])
def test_a_radius_that_is_no_number_is_called_so(small_gazetteer, value):
    # NaN had been refused as "should be less than or equal to 5000": true, and no help
    with pytest.raises(InputError) as info:
        _event(small_gazetteer, shots=[{"impact": {"lat": 40, "lon": 135, "radius_km": value}}])
    assert info.value.field == "shots[0].impact.radius_km"
    assert str(info.value).split(": ", 2)[2].startswith("input should be a finite number")
    assert "from 0 to 5,000" in info.value.allowed


def test_range_limit_the_message_states_is_accepted(small_gazetteer):
    # the message said "at most 20,004" and refused 20004
    with pytest.raises(InputError) as info:
        _event(small_gazetteer, shots=[{"range_km": 20004}])
    allowed = info.value.allowed
    assert "20,004" not in allowed
    limit = float(allowed.split("at most ")[1].split(" ")[0].replace(",", ""))
    assert limit == 20_003.931
    assert _event(small_gazetteer, shots=[{"range_km": limit}]).shots[0].range.max_km == limit
    # a band whose ends are within the limit is accepted (its reading is clipped to it)
    band = _event(small_gazetteer, shots=[{"range_km": [19000, 20000]}]).shots[0].range
    assert band.max_km == limit


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("about 350 km", "about 350 km"),
        ("350km", "350 km"),
        ("an estimated 900", "an estimated 900 km"),
    ],
)
def test_a_range_written_with_its_unit_says_the_unit_once(value, text):
    # "about 350 km" was shown as "about 350 km km"
    assert parse_range(value).text == text


def test_unknown_place_is_a_lookup_error_with_suggestions(small_gazetteer):
    with pytest.raises(UnknownPlaceError) as info:
        _event(small_gazetteer, launch={"site": "Sohea"})
    assert "Sohae" in info.value.suggestions
    assert isinstance(info.value, LookupError)


def test_missing_title(small_gazetteer):
    data = dict(BASE)
    del data["title"]
    with pytest.raises(EventFileError, match="title: required field is missing"):
        parse_event(data, source="ev.yaml", gazetteer=small_gazetteer)


def test_files_hold_one_event_or_a_list(tmp_path, small_gazetteer):
    import yaml

    one = tmp_path / "one.yaml"
    one.write_text(yaml.safe_dump(BASE))
    many = tmp_path / "many.json"
    second = dict(BASE, id="second")
    many.write_text(json.dumps([second, dict(BASE, id="third")]))
    events = load_events([one, many], gazetteer=small_gazetteer)
    assert [e.id for e in events] == ["2024-03-18-pyongyang", "second", "third"]
    wrapped = tmp_path / "wrapped.yaml"
    wrapped.write_text(yaml.safe_dump({"events": [dict(BASE, id="fourth")]}))
    assert load_events(wrapped, gazetteer=small_gazetteer)[0].id == "fourth"


def test_duplicate_ids_across_files_are_refused(tmp_path, small_gazetteer):
    import yaml

    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(yaml.safe_dump(BASE))
    b.write_text(yaml.safe_dump(BASE))
    with pytest.raises(EventFileError, match="event id used twice"):
        load_events([a, b], gazetteer=small_gazetteer)


def test_error_in_a_list_names_its_position(tmp_path, small_gazetteer):
    path = tmp_path / "list.yaml"
    bad = dict(BASE, id="bad", shots=[{"range_km": -1}])
    path.write_text(json.dumps([BASE, bad]))
    path = path.rename(tmp_path / "list.json")
    with pytest.raises(InputError, match=r"list.json: \[1\]\.shots\[0\]\.range_km"):
        load_events(path, gazetteer=small_gazetteer)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("id: x\ntitle: [unclosed\n", "malformed YAML at line"),
        ("", "the file is empty"),
        ("- 1\n- 2\n", "an event must be a mapping"),
    ],
)
def test_malformed_files(tmp_path, small_gazetteer, text, words):
    path = tmp_path / "e.yaml"
    path.write_text(text)
    with pytest.raises(EventFileError, match=words):
        load_events(path, gazetteer=small_gazetteer)


def test_not_utf8(tmp_path, small_gazetteer):
    path = tmp_path / "e.yaml"
    path.write_bytes(b"id: \xff\xfe\n")
    with pytest.raises(EventFileError, match="not UTF-8"):
        load_events(path, gazetteer=small_gazetteer)


def test_the_schema_is_built_once():
    from trajgeo.events.schema import event_schema

    assert event_schema() is event_schema()


def test_a_minus_zero_coordinate_loads_as_zero_and_its_label_has_no_sign():
    ev = parse_event(
        {
            "id": "z",
            "title": "on the meridian",
            "date": "2024-01-01",
            "launch": {"lat": -0.0, "lon": -0.0},
            "shots": [{"impact": {"lat": -0.0, "lon": -0.0}, "source": "test"}],
        }
    )
    assert ev.launch.name == "0.000, 0.000"
    assert str(ev.launch.lon) == "0.0" and str(ev.shots[0].impact.lon) == "0.0"
    assert "-" not in ev.shots[0].impact.text


def test_a_count_not_reported_stays_not_reported_in_its_other_accounts(small_gazetteer):
    shots = [{"range_km": 300}, {"range_km": 320, "same_as": 1}, {"count": 2, "range_km": 500}]
    ev = _event(small_gazetteer, shots=shots)
    assert [s.count_given for s in ev.shots] == [False, False, True]
    assert ev.shots[0].title == "missile (number not reported)" and not ev.count_given
    given = _event(small_gazetteer, shots=[{"count": 1, "range_km": 300}, {"same_as": 1}])
    assert [s.count_given for s in given.shots] == [True, True] and given.count_given


@pytest.mark.parametrize(
    ("change", "field", "keys"),
    [
        ({"titel": "x"}, "titel", "id, title, date, summary, notes, launch, shots, claims"),
        (
            {"shots": [{"range_km": 300, "impact": {"form": "Tokyo", "distance_km": 5}}]},
            "shots[0].impact.form",
            "lat, lon, radius_km, from, distance_km, distance_tolerance_pct, bearing",
        ),
        ({"launch": {"site": "Pyongyang", "radius": 5}}, "launch.radius", "site, lat, lon"),
        ({"capability": {"range_km": [5000]}}, "capability.range_km", "ranges_km, from_shots"),
    ],
)
def test_an_unknown_key_lists_the_keys_of_its_own_part(small_gazetteer, change, field, keys):
    # the keys come from the schema's parts, as a file spells them ("from", not "from_")
    with pytest.raises(InputError) as info:
        _event(small_gazetteer, **change)
    assert info.value.field == field and "unknown field" in str(info.value)
    assert info.value.allowed.startswith(keys), info.value.allowed


def test_reading_an_event_does_not_import_pydantic_models():
    # the schema is pydantic-core's: pydantic's model machinery cost 0.1 s of every command
    code = (
        "import sys; from trajgeo.events import load_events; "
        f"load_events({str(EXAMPLES / '2024-03-18-pyongyang.yaml')!r}); "
        "print('pydantic' in sys.modules, 'pydantic_core' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.split() == ["False", "True"], out.stdout + out.stderr


def test_a_gazetteer_file_reads_back_from_its_json_copy_and_an_edit_is_read_afresh(
    tmp_path, monkeypatch
):
    from trajgeo.events.gazetteer import load_gazetteer
    from trajgeo.io.data import data_path

    monkeypatch.setenv("TRAJGEO_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "gaz.yaml"
    path.write_bytes(data_path("gazetteer.yaml").read_bytes())
    first = load_gazetteer(path)  # parsed, and a JSON copy kept
    assert len(list((tmp_path / "cache").glob("gazetteer-v1-*.npz"))) == 1
    again = load_gazetteer(path)  # from the copy
    assert again.places == first.places and len(first.places) > 100
    # an edited file is another copy: the edit is read
    text = path.read_text(encoding="utf-8")
    assert 'name: "Sunan"' in text
    path.write_text(text.replace('name: "Sunan"', 'name: "Sunan district"', 1), encoding="utf-8")
    edited = load_gazetteer(path)
    assert "Sunan district" in {p.name for p in edited.places}
    assert len(list((tmp_path / "cache").glob("gazetteer-v1-*.npz"))) == 2
    # a file JSON cannot hold exactly (a date) is read from YAML every time, not copied
    path.write_text("places: []\nbuilt: 2024-03-18\n", encoding="utf-8")
    assert load_gazetteer(path).places == ()
    assert len(list((tmp_path / "cache").glob("gazetteer-v1-*.npz"))) == 2


def test_a_checked_part_of_an_event_file_cannot_be_changed():
    from trajgeo.events.schema import event_schema

    raw = event_schema().validator.validate_python(
        {"id": "x", "title": "t", "launch": {"site": "Pyongyang"}, "shots": [{"range_km": 300}]}
    )
    assert raw.launch.site == "Pyongyang" and raw.shots[0].range_km == 300
    with pytest.raises(AttributeError, match="read-only"):
        raw.launch.site = "Wonsan"
    assert "site='Pyongyang'" in repr(raw.launch)


@pytest.mark.parametrize(
    ("launch", "refused"),
    [
        ({"site": "Pyongyang", "lat": 10.0, "lon": 10.0}, True),  # Nigeria
        ({"site": "Pyongyang", "lat": 39.05, "lon": 125.80}, False),  # in the city's area
        ({"site": "Somewhere unlisted", "lat": 10.0, "lon": 10.0}, False),  # only a label
    ],
)
def test_a_launch_site_far_from_its_own_lat_lon_is_refused(small_gazetteer, launch, refused):
    # both given, the point won silently: Pyongyang with lat/lon 10, 10 launched from Nigeria
    if refused:
        with pytest.raises(EventFileError) as err:
            _event(small_gazetteer, launch=launch)
        assert err.value.field == "launch.site" and "km from `lat`/`lon`" in str(err.value)
        return
    ev = _event(small_gazetteer, launch=launch)
    assert (ev.launch.lat, ev.launch.lon) == (launch["lat"], launch["lon"])
    assert ev.launch.name == launch["site"]


def test_a_range_band_may_start_at_zero_a_figure_may_not(small_gazetteer):
    # "anywhere up to 100 km" is a band from 0; a range of 0 is no flight
    shot = dict(BASE["shots"][0], range_km=[0, 100])
    ev = _event(small_gazetteer, shots=[shot])
    assert ev.shots[0].range.min_km == 0.0
    with pytest.raises(InputError, match="must be above 0"):
        _event(small_gazetteer, shots=[dict(shot, range_km=0)])
    with pytest.raises(InputError, match="must be above 0"):
        _event(small_gazetteer, shots=[dict(shot, range_km=[0, 0])])


def test_a_figure_in_exponent_form_is_a_number():
    # YAML 1.1 reads `range_km: 1e3` as the text "1e3", which was "not a figure"
    got, bare = parse_range("1e3"), parse_range(1000)
    assert (got.min_km, got.max_km) == (bare.min_km, bare.max_km) == (950.0, 1050.0)


def test_true_is_not_a_coordinate(small_gazetteer):
    # YAML's `lat: true` had been read as latitude 1
    with pytest.raises(EventFileError, match="launch.lat: a number, not true or false"):
        _event(small_gazetteer, launch={"lat": True, "lon": 125.0})


@pytest.mark.parametrize(
    "capability, message",
    [
        ({"ranges_km": [-5]}, r"capability\.ranges_km\[0\]: input should be greater than 0"),
        ({"ranges_km": [0]}, r"capability\.ranges_km\[0\]: input should be greater than 0"),
        ({"ranges_km": [float("nan")]}, r"capability\.ranges_km\[0\]: .*finite number"),
        ({"ranges_km": [True]}, r"capability\.ranges_km\[0\]: a number, not true or false"),
        ({"from_shots": [True]}, r"capability\.from_shots\[0\]: a number, not true or false"),
        ({"from_shots": 1}, r"capability\.from_shots: expected a list"),
    ],
)
def test_a_capability_ring_is_checked_when_the_file_is_read(small_gazetteer, capability, message):
    # a ring of -5 km or NaN passed `check` and `zones` and stopped only `map`, with an error
    # naming neither the file nor the field; `from_shots` was named "fromshots"
    with pytest.raises(EventFileError, match=r"^ev\.yaml: " + message):
        _event(small_gazetteer, capability=capability)
    # past half a meridian a ring reaches any point on Earth (a map says so in a note)
    ev = _event(small_gazetteer, capability={"ranges_km": [25000]})
    assert ev.capability is not None and ev.capability.ranges_km == (25000,)


def test_true_is_not_a_count_a_shot_or_a_line_number(small_gazetteer):
    # `count: true` had been one missile, `same_as: true` line 1 and `shots: [true]` shot 1
    shot = BASE["shots"][0]
    with pytest.raises(EventFileError, match=r"shots\[0\]\.count: a number, not true or false"):
        _event(small_gazetteer, shots=[dict(shot, count=True)])
    with pytest.raises(EventFileError, match=r"shots\[1\]\.same_as: a number, not true or"):
        _event(small_gazetteer, shots=[shot, {"same_as": True}])
    claim = dict(BASE["claims"][0], shots=[True])
    with pytest.raises(EventFileError, match=r"claims\[0\]\.shots\[0\]: a number, not true"):
        _event(small_gazetteer, claims=[claim])
    assert _event(small_gazetteer, shots=[shot, {"same_as": 1, "count": 1}]).shots[1].count == 1


def test_digits_grouped_wrongly_are_not_a_figure():
    # "about 1,00,0" had been read as about 1,000 km; groups of three, or South Asia's
    # lakh grouping ("1,00,000"), are numbers
    with pytest.raises(InputError, match="not a figure"):
        parse_range("about 1,00,0")
    with pytest.raises(InputError, match="not a figure"):
        parse_range("1,0000")
    assert (parse_range("about 1,000").min_km, parse_range("about 1,000").max_km) == (900, 1100)
    with pytest.raises(InputError, match="above the largest possible value"):
        parse_range("1,00,000")  # read as 100,000 km, then refused as too long
