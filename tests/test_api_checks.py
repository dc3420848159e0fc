"""The Python API refuses a caller's mistake with one InputError, never a hang or a wrong answer.

Each case was found by calling the public functions with bad arguments: a latitude of 95
made `where_point` loop for ever, a backward range band became a 10-m ring, a negative
tolerance reversed a band, `samples=0` gave a probability from two samples.
"""

from __future__ import annotations

import math

import pytest

from tests.conftest import example
from trajgeo.errors import InputError


def _zones():
    from trajgeo.maritime import load_zones

    return load_zones()


CASES = {
    "where_point lat 95 (looped for ever)": (
        lambda: __import__("trajgeo.maritime.where", fromlist=["x"]).where_point(
            _zones(), 136.9, 95.0
        ),
        "lat: out of range",
    ),
    "where_point lon/lat swapped": (
        lambda: __import__("trajgeo.maritime.where", fromlist=["x"]).where_point(
            _zones(), 40.5, 136.9
        ),
        "lat: out of range",
    ),
    "limit_distance_km NaN": (
        lambda: __import__("trajgeo.maritime.limits", fromlist=["x"]).limit_distance_km(
            _zones(), math.nan, 40.0
        ),
        "lon: not a finite number",
    ),
    "where_points mismatched lengths": (
        lambda: __import__("trajgeo.maritime.where", fromlist=["x"]).where_points(
            _zones(), [136.9, 137.0], [40.5]
        ),
        "differ in shape",
    ),
    "impact_area backward band": (
        lambda: __import__("trajgeo").impact_area(125, 40, 500e3, 100e3),
        "backwards",
    ),
    "impact_area negative launch radius": (
        lambda: __import__("trajgeo").impact_area(125, 40, 100e3, 200e3, launch_radius_m=-5e4),
        "launch_radius_m: out of range",
    ),
    "impact_area band not a BearingBand": (
        lambda: __import__("trajgeo").impact_area(125, 40, 100e3, 200e3, band=90),
        "band: not a bearing band",
    ),
    "geodesic_arc millimetre segments": (
        lambda: __import__("trajgeo.geo", fromlist=["x"]).geodesic_arc(
            125, 40, 90, 1e7, max_segment_m=1e-3
        ),
        "segments are too short",
    ),
    "geodesic_arc negative length": (
        lambda: __import__("trajgeo.geo", fromlist=["x"]).geodesic_arc(125, 40, 90, -1e5),
        "distance_m: out of range",
    ),
    "range_ring zero radius": (
        lambda: __import__("trajgeo.geo", fromlist=["x"]).range_ring(125, 40, 0),
        "radius_m: out of range",
    ),
    "Options negative tolerance": (
        lambda: __import__("trajgeo.events", fromlist=["x"]).Options(range_tolerance_pct=-5),
        "range_tolerance_pct: out of range",
    ),
    "parse_bearing negative tolerance": (
        lambda: __import__("trajgeo.events", fromlist=["x"]).parse_bearing(45, tolerance_deg=-5),
        "tolerance_deg: out of range",
    ),
    "parse_range both tolerances": (
        lambda: __import__("trajgeo.events", fromlist=["x"]).parse_range(
            300, tolerance_pct=5, tolerance_km=10
        ),
        "give one tolerance, not both",
    ),
    "analyse samples=0": (
        lambda: __import__("trajgeo.analysis", fromlist=["x"]).analyse(
            example("2024-03-18-pyongyang.yaml"), samples=0
        ),
        "samples: out of range",
    ),
    "analyse holds_at=1.5": (
        lambda: __import__("trajgeo.analysis", fromlist=["x"]).analyse(
            example("2024-03-18-pyongyang.yaml"), holds_at=1.5
        ),
        "holds_at: out of range",
    ),
    "analyse unknown worldview": (
        lambda: __import__("trajgeo.analysis", fromlist=["x"]).analyse(
            example("2024-03-18-pyongyang.yaml"), worldview="XXX"
        ),
        "worldview: unknown worldview state",
    ),
    "ZoneSet.with_worldview unknown": (
        lambda: _zones().with_worldview("XXX"),
        "worldview: unknown worldview state",
    ),
    "trajectory_profile 10**9 samples (ran for ever)": (
        lambda: __import__("trajgeo.physics", fromlist=["x"]).trajectory_profile(
            1000, 300, samples=10**9
        ),
        "samples: out of range",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_callers_mistake_is_one_input_error(name):
    call, said = CASES[name]
    with pytest.raises(InputError) as err:
        call()
    assert said in str(err.value), str(err.value)
    assert len(str(err.value).splitlines()) == 1


def test_of_kind_refuses_an_unknown_kind():
    from trajgeo.events import load_events
    from trajgeo.geo.impact import event_geometry
    from trajgeo.maritime.verdicts import check_event

    result = check_event(
        event_geometry(load_events(example("2024-03-18-pyongyang.yaml"))[0]), _zones()
    )
    assert result.shots[0].of_kind("eez")
    with pytest.raises(InputError, match="unknown kind of area"):
        result.shots[0].of_kind("EEZ")


def test_run_catalogue_takes_one_path_as_one_file():
    from trajgeo.analysis.catalogue import run_catalogue

    cat = run_catalogue(str(example("2024-03-18-pyongyang.yaml")), jobs=1)
    assert len(cat.results) == 1 and cat.results[0].ok


@pytest.mark.parametrize("bad", [-1.0, math.nan, "fine"])
def test_a_stated_zone_accuracy_must_be_a_distance(bad):
    from trajgeo.maritime import load_zones

    with pytest.raises(InputError, match="accuracy_km"):
        load_zones(accuracy_km=bad)


@pytest.mark.parametrize(
    ("call", "said"),
    [
        (lambda p: p.free_flight(3, 40, mu=0), "mu: out of range"),
        (lambda p: p.free_flight(3, 40, earth_radius_km=-1), "earth_radius_km: out of range"),
        (lambda p: p.flight_path_angles(-2, 1000), "speed must be ≥ 0"),
        (lambda p: p.profile_from_burnout(3, 95), "flight-path angle out of range"),
    ],
)
def test_physics_refuses_what_gave_inf_or_nan(call, said):
    from trajgeo import physics

    with pytest.raises(InputError, match=said):
        call(physics)


@pytest.mark.parametrize("figures", [0, -1, 2.5])
def test_significant_figures_are_a_count(figures):
    # 0 had been read as 1 and 2.5 as 2.5 figures
    from trajgeo.physics import lofted_test_range
    from trajgeo.physics.lofted import round_significant

    with pytest.raises(InputError, match="sig_figs: not a count"):
        round_significant(1234.0, figures)
    with pytest.raises(InputError, match="sig_figs: not a count"):
        lofted_test_range(1000.0, 300.0, sig_figs=figures)


@pytest.mark.parametrize(
    ("call", "said"),
    [
        (lambda c: c.run_catalogue(["x.yaml"], jobs=0), "jobs: out of range"),
        (lambda c: c.CatalogueOptions(samples=-1), "samples: out of range"),
        (lambda c: c.CatalogueOptions(holds_at=1.5), "holds_at: out of range"),
    ],
)
def test_catalogue_options_are_checked_once_before_any_file(call, said):
    from trajgeo.analysis import catalogue

    with pytest.raises(InputError, match=said):
        call(catalogue)


def test_a_geopackage_goes_only_to_a_gpkg_name(tmp_path):
    from trajgeo.events import load_events
    from trajgeo.geo.impact import event_geometry
    from trajgeo.io.export import write_geopackage

    g = event_geometry(load_events(example("2024-03-18-pyongyang.yaml"))[0])
    with pytest.raises(InputError, match="does not match the output, a GeoPackage"):
        write_geopackage(g, str(tmp_path / "x.txt"))
    assert not any(tmp_path.iterdir())


def test_overflights_refuse_a_negative_gap():
    from trajgeo.events import load_events
    from trajgeo.geo.impact import event_geometry
    from trajgeo.maritime.overflight import shot_overflights

    g = event_geometry(load_events(example("2022-10-04-hwasong-12-over-japan.yaml"))[0])
    with pytest.raises(InputError, match="merge_gap_km: out of range"):
        shot_overflights(g.shots[0], _zones(), merge_gap_km=-1)


@pytest.mark.parametrize(
    ("call", "said"),
    [
        (
            lambda: __import__("trajgeo.geo", fromlist=["x"]).event_geometry("e.yaml"),
            "event: not an event",
        ),
        (
            lambda: __import__("trajgeo.io.export", fromlist=["x"]).to_geojson(None),
            "not event geometries",
        ),
        (
            lambda: __import__("trajgeo.events", fromlist=["x"]).load_events(None),
            "paths: not a path",
        ),
    ],
)
def test_an_argument_of_the_wrong_type_is_named(call, said):
    # each had failed deep inside with AttributeError or TypeError
    with pytest.raises(InputError, match=said):
        call()


@pytest.mark.parametrize("height", [-5, "banana", "1px; background: url(x)", True])
def test_an_html_map_height_must_be_a_css_length(tmp_path, height):
    # the value was written into the page's CSS as given
    from trajgeo.maps import make_spec
    from trajgeo.maps.interactive import write_html

    spec = make_spec(example("2024-03-18-pyongyang.yaml"))
    with pytest.raises(InputError, match="height: not a CSS length"):
        write_html(spec, str(tmp_path / "m.html"), height=height)
    assert not any(tmp_path.iterdir())


def test_map_and_verdict_arguments_of_the_wrong_type_are_named():
    from trajgeo.events import load_events
    from trajgeo.geo import event_geometry
    from trajgeo.maps import make_spec
    from trajgeo.maritime.verdicts import check_event

    event = example("2024-03-18-pyongyang.yaml")
    with pytest.raises(InputError, match="central_lon: not a number"):
        make_spec(event, central_lon="east")
    with pytest.raises(InputError, match="zones: not a zone set"):
        check_event(event_geometry(load_events(event)[0]), "zones")


@pytest.mark.parametrize(
    ("call", "said"),
    [
        (
            lambda: __import__("trajgeo.maps", fromlist=["x"]).plot(
                example("2024-03-18-pyongyang.yaml"), width="800"
            ),
            "width: not a",
        ),
        (
            lambda: __import__("trajgeo.maps.style", fromlist=["x"]).resolve_size("web", dpi=-1),
            "dpi: out of range",
        ),
        (
            lambda: __import__("trajgeo.maps.style", fromlist=["x"]).resolve_size(["web"]),
            "unknown size preset",
        ),
        (
            lambda: __import__("trajgeo.maritime.verdicts", fromlist=["x"]).verdicts_frame("x"),
            "results: wrong type",
        ),
        (
            lambda: __import__("trajgeo.physics.profile", fromlist=["x"]).shot_profile(None),
            "shot: wrong type",
        ),
        (
            lambda: __import__("trajgeo.geo.geodesy", fromlist=["x"]).split_line([1.0, 2.0, 3.0]),
            "coords: not a list of points",
        ),
        (
            lambda: __import__("trajgeo.geo.geodesy", fromlist=["x"]).split_line([[1, math.nan]]),
            "coords: value at position 1",
        ),
        (
            lambda: __import__("trajgeo.maritime.names", fromlist=["x"]).state_name(None),
            "iso3: wrong type",
        ),
        (
            lambda: __import__("trajgeo.events.compass", fromlist=["x"]).compass_name(math.nan),
            "azimuth_deg: not a finite number",
        ),
        (
            lambda: __import__("trajgeo.physics.lofted", fromlist=["x"]).check_report(
                500, 800, 30, max_boost_min=-1
            ),
            "max_boost_min: out of range",
        ),
    ],
)
def test_more_arguments_of_the_wrong_type_or_range_are_named(call, said):
    # each had failed with a TypeError, AttributeError, IndexError or ValueError from
    # deep inside, or (check_report) had judged every flight time too long
    with pytest.raises(InputError, match=said):
        call()


def test_a_python_writer_names_its_argument_not_a_command_line_option(tmp_path):
    # errors of the writers the API shares with the CLI said "command line: --output"
    from trajgeo.events import load_events
    from trajgeo.geo import event_geometry
    from trajgeo.io.atomic import check_output
    from trajgeo.io.export import write_features

    geoms = [event_geometry(load_events(example("2024-03-18-pyongyang.yaml"))[0])]
    with pytest.raises(InputError) as err:
        write_features(geoms, str(tmp_path / "zones.txt"))
    assert str(err.value).startswith("path: unknown output format")
    with pytest.raises(InputError) as err:
        check_output(tmp_path)
    assert str(err.value).startswith("path: is a folder")
    assert not any(tmp_path.iterdir())
