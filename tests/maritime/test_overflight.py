"""Tests of trajgeo.maritime.overflight on the shipped land data (geodata/land/land.npz)."""

from __future__ import annotations

import pytest

from tests.conftest import example


@pytest.fixture(scope="module")
def zones():
    from trajgeo.maritime.zoneset import load_zones

    return load_zones()


@pytest.fixture(scope="module")
def hwasong12():
    from trajgeo.events import load_events
    from trajgeo.geo.impact import event_geometry

    return event_geometry(load_events(example("2022-10-04-hwasong-12-over-japan.yaml"))[0])


def test_hwasong12_crossed_aomori(zones, hwasong12):
    from trajgeo.maritime.overflight import overflights

    out = overflights(hwasong12, zones)
    assert [(o.shot_number, o.sovereign_iso3) for o in out] == [(1, "JPN"), (2, "JPN")]
    o = out[0]
    assert o.state == "Japan" and not o.is_launch_state
    # the nominal track (bearing E from Chagang) crosses northern Honshu (Aomori, ~140-141.5° E)
    assert 139.5 < o.entry_lon < 141.0 and 140.5 < o.exit_lon < 142.0
    assert 39.5 < o.entry_lat < 41.5
    assert 1_050 < o.entry_km < o.exit_km < 1_400
    # modelled altitude over Japan: roughly 700-800 km on the arc through the 1,000 km apogee
    assert 650 < o.min_altitude_km <= o.entry_altitude_km < o.exit_altitude_km
    assert o.exit_altitude_km == o.max_altitude_km < 850
    assert o.trajectory == "near_minimum_energy" and o.apogee_reported
    assert o.describe().startswith("Shot 1 crossed Japan from 1,")
    assert "altitude (modelled)" in o.describe()
    d = o.as_dict()
    assert d["sovereign_iso3"] == "JPN" and d["entry_km"] < d["exit_km"]
    assert o.geometry.length > 0
    assert any("nominal geodesic arc" in a for a in o.assumptions)


def test_launch_state_left_out_unless_asked(zones, hwasong12):
    from trajgeo.maritime.overflight import overflights

    out = overflights(hwasong12, zones, include_launch_state=True)
    first = out[0]
    assert first.sovereign_iso3 == "PRK" and first.is_launch_state
    assert first.entry_km == pytest.approx(0.0, abs=1.0)
    assert first.entry_altitude_km == pytest.approx(0.0, abs=1.0)
    assert [o.sovereign_iso3 for o in out if not o.is_launch_state] == ["JPN", "JPN"]


def test_lofted_shot_into_the_sea_overflies_nobody(zones):
    from trajgeo.events import load_events
    from trajgeo.geo.impact import event_geometry
    from trajgeo.maritime.overflight import overflights

    eg = event_geometry(load_events(example("2023-02-18-hwasong-15.yaml"))[0])
    assert overflights(eg, zones) == ()


def test_shot_without_direction_has_no_track(zones, small_gazetteer):
    from trajgeo.events import parse_event
    from trajgeo.geo.impact import event_geometry
    from trajgeo.maritime.overflight import overflights

    ev = parse_event(
        {"id": "x", "title": "t", "launch": {"site": "Pyongyang"}, "shots": [{"range_km": 1000}]},
        gazetteer=small_gazetteer,
    )
    assert overflights(event_geometry(ev), zones) == ()


def test_minimum_energy_altitudes_when_no_apogee(zones, small_gazetteer):
    from trajgeo.events import parse_event
    from trajgeo.geo.impact import event_geometry
    from trajgeo.maritime.overflight import overflights
    from trajgeo.physics.profile import profile_from_figures

    ev = parse_event(
        {
            "id": "x",
            "title": "t",
            "launch": {"site": "Sohae"},
            "shots": [{"range_km": 1500, "bearing": 90}],
        },
        gazetteer=small_gazetteer,
    )
    out = overflights(event_geometry(ev), zones)
    jpn = [o for o in out if o.sovereign_iso3 == "JPN"]
    assert jpn and not jpn[0].apogee_reported and jpn[0].trajectory == "minimum_energy"
    met = profile_from_figures(1500.0)
    assert jpn[0].entry_altitude_km == pytest.approx(met.altitude_at(jpn[0].entry_km), abs=1.0)
    assert "minimum-energy path assumed" in jpn[0].describe()
