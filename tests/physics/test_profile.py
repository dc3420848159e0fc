"""Tests of trajgeo.physics.profile: modelled trajectories, labels, assumptions, altitudes."""

from __future__ import annotations

import numpy as np
import pytest

from trajgeo.errors import InputError
from trajgeo.events import parse_event
from trajgeo.physics import ballistics as bal
from trajgeo.physics.profile import (
    altitude_at,
    event_profiles,
    profile_from_figures,
    shot_ground_range_km,
    shot_profile,
)


def _event(shots, gaz, **extra):
    return parse_event(
        {"id": "t", "title": "Test", "launch": {"site": "Sohae"}, "shots": shots, **extra},
        gazetteer=gaz,
    )


def test_lofted_arc_goes_through_reported_apogee_and_distance():
    p = profile_from_figures(950.0, 4475.0)  # Hwasong-15, 29 Nov 2017
    assert p.trajectory == "lofted" and p.apogee_reported
    assert p.apogee_km == 4475.0
    assert p.altitude_km.max() == pytest.approx(4475.0, abs=1.0)
    assert p.downrange_km[0] == 0.0 and p.downrange_km[-1] == pytest.approx(950.0, abs=1e-6)
    assert p.altitude_km[0] == pytest.approx(0.0, abs=1e-6)
    assert p.altitude_km[-1] == pytest.approx(0.0, abs=1e-6)
    assert p.free_flight_time_min == pytest.approx(50.3, abs=0.05)
    assert np.all(np.diff(p.time_min) > 0)
    # symmetric arc from the surface: apogee half-way
    assert p.apogee_downrange_km == pytest.approx(475.0, abs=5.0)
    assert p.apogee_label == "apogee 4,475 km (reported)"  # as reported, not re-rounded
    assert any("spherical Earth" in a for a in p.assumptions)


def test_range_only_is_minimum_energy_and_says_so():
    p = profile_from_figures(1000.0)
    met = bal.minimum_energy_trajectory(1000.0)
    assert p.trajectory == "minimum_energy" and p.is_minimum_energy and not p.apogee_reported
    assert p.apogee_km == pytest.approx(met.apogee_km, rel=1e-3)
    assert p.free_flight_time_min == pytest.approx(met.time_min, rel=1e-6)
    assert "minimum-energy model" in p.apogee_label
    assert any("no apogee reported: minimum-energy trajectory assumed" in a for a in p.assumptions)
    assert p.as_dict()["trajectory"] == "minimum_energy"


@pytest.mark.parametrize(
    ("apogee", "kind"), [(50.0, "depressed"), (100.0, "near_minimum_energy"), (400.0, "lofted")]
)
def test_trajectory_kind_against_minimum_energy_apogee(apogee, kind):
    # the minimum-energy apogee for 400 km is ~98 km
    assert profile_from_figures(400.0, apogee).trajectory == kind


def test_altitude_at_is_exact_and_matches_samples():
    p = profile_from_figures(4600.0, 1000.0)
    s = np.linspace(0.0, 4600.0, 57)
    exact = p.altitude_at(s)
    assert np.max(np.abs(exact - np.interp(s, p.downrange_km, p.altitude_km))) < 0.1
    assert altitude_at(p, 2300.0) == pytest.approx(1000.0, abs=1e-6)
    assert altitude_at(p, fraction=1.0) == pytest.approx(0.0, abs=1e-6)
    assert isinstance(altitude_at(p, fraction=0.25), float)


def test_altitude_at_with_burnout_altitude_and_powered_range():
    p = profile_from_figures(4600.0, 1000.0, burnout_altitude_km=100.0, powered_range_km=50.0)
    assert p.downrange_km[0] == 0.0 and p.altitude_km[0] == 0.0  # boost drawn from the site
    assert p.altitude_at(50.0) == pytest.approx(100.0, abs=0.5)
    assert p.altitude_at(25.0) == pytest.approx(50.0, abs=0.5)
    assert p.altitude_km.max() == pytest.approx(1000.0, abs=1.0)
    assert any("straight line" in a for a in p.assumptions)


@pytest.mark.parametrize(
    ("args", "kw", "field"),
    [
        ((), {}, "downrange_km"),
        ((100.0,), {"fraction": 0.5}, "downrange_km"),
        ((5000.0,), {}, "downrange_km"),
        ((), {"fraction": -0.1}, "fraction"),
    ],
)
def test_altitude_at_errors(args, kw, field):
    p = profile_from_figures(4600.0, 1000.0)
    with pytest.raises(InputError) as exc:
        altitude_at(p, *args, **kw)
    assert exc.value.field == field


def test_bad_figures_are_named():
    with pytest.raises(InputError) as exc:
        profile_from_figures(25_000.0)
    assert exc.value.field == "range_km"
    with pytest.raises(InputError) as exc:
        profile_from_figures(900.0, -5.0)
    assert exc.value.field == "apogee_km"


def test_event_profiles_use_shot_figures(small_gazetteer):
    ev = _event(
        [
            {"range_km": 950, "bearing": "E", "apogee_km": 4475, "flight_time_min": 53},
            {"range_km": [300, 350], "bearing": "NE"},
            {"impact": {"lat": 40.5, "lon": 138.0}, "apogee_km": 5700, "flight_time_min": 40},
        ],
        small_gazetteer,
        capability={"burnout_altitude_km": 0, "from_shots": [1]},
    )
    p1, p2, p3 = event_profiles(ev)
    assert (p1.shot_number, p2.shot_number, p3.shot_number) == (1, 2, 3)
    assert p1.trajectory == "lofted" and p1.reported_flight_time_min == 53.0
    assert p1.warnings == ()  # 53 min leaves 2.7 min of boost: consistent
    assert p2.trajectory == "minimum_energy" and p2.ground_range_km == 325.0
    assert "middle of the reported range" in p2.range_source
    d, src = shot_ground_range_km(ev.shots[2])
    assert p3.ground_range_km == pytest.approx(d) and "impact point" in src
    # 40 min is shorter than the free fall of a 5,700 km apogee: flagged
    assert p3.warnings and "shorter than" in p3.warnings[0]
    assert p1.event_id == "t"


def test_burnout_altitude_defaults_to_capability_block(small_gazetteer):
    ev = _event(
        [{"range_km": 950, "bearing": "E", "apogee_km": 4475}],
        small_gazetteer,
        capability={"burnout_altitude_km": 200, "from_shots": [1]},
    )
    assert event_profiles(ev)[0].burnout_altitude_km == 200.0
    assert event_profiles(ev, burnout_altitude_km=0.0)[0].burnout_altitude_km == 0.0


def test_shot_profile_error_names_the_shot(small_gazetteer):
    ev = _event([{"range_km": 950, "bearing": "E", "apogee_km": 4475}], small_gazetteer)
    with pytest.raises(InputError) as exc:
        shot_profile(ev.shots[0], burnout_altitude_km=5000.0)
    assert exc.value.field.startswith("shots[0]")


def test_hwasong12_altitude_over_aomori():
    # 2022-10-04: 4,600 km, apogee ~1,000 km; Aomori lies ~1,140-1,310 km down the track
    p = profile_from_figures(4600.0, 1000.0, flight_time_min=20.0)
    alt = p.altitude_at(np.array([1140.0, 1310.0]))
    assert 680.0 < alt[0] < 730.0 and 760.0 < alt[1] < 810.0
