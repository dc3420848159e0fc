"""The Python API: the same objects the CLI uses, lazily imported."""

from __future__ import annotations

import subprocess
import sys
from types import ModuleType

from tests.conftest import example


def test_import_trajgeo_defines_names_only():
    code = (
        "import sys, trajgeo; heavy = [m for m in ('numpy', 'shapely', 'pyproj', "
        "'geopandas', 'cartopy', 'folium', 'matplotlib', 'pydantic_core') if m in sys.modules];"
        " print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_events_to_shapely_geojson_and_geodataframe():
    import trajgeo

    events = trajgeo.load_events(example("2024-03-18-pyongyang.yaml"))
    geom = trajgeo.event_geometry(events[0], rings_km=(300.0,))
    shot = geom.shots[0]
    assert shot.impact_area.geom_type == "Polygon" and shot.impact_area.is_valid
    assert shot.arc.geom_type == "LineString"
    fc = trajgeo.to_geojson(geom)
    assert fc["type"] == "FeatureCollection"
    gdf = trajgeo.to_geodataframe(geom)
    assert gdf.crs.to_epsg() == 4326
    assert set(gdf["kind"]) >= {"launch_site", "arc", "impact_zone", "impact_point", "ring"}
    zone_row = gdf[(gdf["kind"] == "impact_zone") & (gdf["shot"] == 1)].iloc[0]
    # 1e-7° rounding in the export moves the area by far less than 0.1 %
    assert abs(zone_row.geometry.area - shot.impact_area.area) / shot.impact_area.area < 1e-3


def test_errors_are_one_hierarchy():
    import trajgeo

    for name in ("InputError", "EventFileError", "UnknownPlaceError", "DataError", "RenderError"):
        assert issubclass(getattr(trajgeo, name), trajgeo.TrajgeoError)
    assert issubclass(trajgeo.InputError, ValueError)
    assert issubclass(trajgeo.UnknownPlaceError, LookupError)


def test_gazetteer_lookup_and_suggestions():
    import pytest

    import trajgeo

    assert trajgeo.lookup("Tongch'ang-ni").id == trajgeo.lookup("sohae").id
    with pytest.raises(trajgeo.UnknownPlaceError) as info:
        trajgeo.lookup("Sinpoo")
    assert any("Sinpo" in s for s in info.value.suggestions)


def _type_checking_names(module: ModuleType) -> set[str]:
    """The names a module imports under ``if TYPE_CHECKING:`` (what type checkers see)."""
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(module))
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING"
        for stmt in node.body
        for alias in stmt.names
    }


def test_every_lazy_name_is_typed_and_resolves():
    """Type checkers read the TYPE_CHECKING imports; runtime reads _LAZY: they must agree."""
    import trajgeo

    typed = _type_checking_names(trajgeo)
    assert typed == set(trajgeo._LAZY) | set(trajgeo._SUBPACKAGES)
    for name in trajgeo.__all__:
        assert getattr(trajgeo, name) is not None


def test_old_ballistics_name_warns_and_gives_physics():
    import pytest

    import trajgeo
    from trajgeo import physics

    with pytest.warns(DeprecationWarning, match="trajgeo.physics"):
        old = trajgeo.ballistics
    assert old is physics
    assert physics.lofted_test_range(4475, 950).range_rounded_km == 10000.0


def test_impact_zone_names_still_work_with_a_deprecation_warning():
    import pytest

    import trajgeo
    from trajgeo.events.compass import BearingBand

    geom = trajgeo.event_geometry(trajgeo.load_events(example("2024-03-18-pyongyang.yaml"))[0])
    shot = geom.shots[0]
    with pytest.warns(DeprecationWarning, match="impact_area"):
        assert shot.impact_zone is shot.impact_area
    band = BearingBand.around(45, 11.25)
    with pytest.warns(DeprecationWarning, match="impact_area"):
        old = trajgeo.impact_zone(125.75, 39.03, 300e3, 350e3, band)
    assert old.equals(trajgeo.impact_area(125.75, 39.03, 300e3, 350e3, band))


def test_lazy_subpackages_offer_what_their_types_say_from_the_module_named():
    """Each lazy package's TYPE_CHECKING names are its _HOME, and each resolves from there."""
    import importlib

    from trajgeo.physics import ballistics

    for name in ("trajgeo.geo", "trajgeo.maritime", "trajgeo.physics"):
        package = importlib.import_module(name)
        assert _type_checking_names(package) == set(package._HOME), name
        assert set(package.__all__) == set(package._HOME), name
        for attr, module in package._HOME.items():
            home = importlib.import_module(f"{name}.{module}")
            assert getattr(package, attr) is getattr(home, attr), (name, attr)
    # the physics package still gives every name of the ballistics module it replaced
    physics = importlib.import_module("trajgeo.physics")
    assert set(ballistics.__all__) <= set(physics.__all__)
