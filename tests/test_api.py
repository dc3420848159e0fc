"""The Python API: the same objects the CLI uses, lazily imported."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import example


def test_import_trajgeo_defines_names_only():
    code = (
        "import sys, trajgeo; heavy = [m for m in ('numpy', 'shapely', 'pyproj', "
        "'geopandas', 'cartopy', 'folium', 'matplotlib', 'pydantic') if m in sys.modules];"
        " print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_events_to_shapely_geojson_and_geodataframe():
    import trajgeo

    events = trajgeo.load_events(example("2024-03-18-pyongyang.yaml"))
    geom = trajgeo.event_geometry(events[0], rings_km=(300.0,))
    shot = geom.shots[0]
    assert shot.impact_zone.geom_type == "Polygon" and shot.impact_zone.is_valid
    assert shot.arc.geom_type == "LineString"
    fc = trajgeo.to_geojson(geom)
    assert fc["type"] == "FeatureCollection"
    gdf = trajgeo.to_geodataframe(geom)
    assert gdf.crs.to_epsg() == 4326
    assert set(gdf["kind"]) >= {"launch_site", "arc", "impact_zone", "impact_point", "ring"}
    zone_row = gdf[(gdf["kind"] == "impact_zone") & (gdf["shot"] == 1)].iloc[0]
    # 1e-7° rounding in the export moves the area by far less than 0.1 %
    assert abs(zone_row.geometry.area - shot.impact_zone.area) / shot.impact_zone.area < 1e-3


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
