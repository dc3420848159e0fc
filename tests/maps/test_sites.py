"""Launch areas on maps: a named coast as a band of land, every area site's marker on land."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

shapely = pytest.importorskip("shapely")

AREA_KINDS = ("area", "peninsula", "test_range")
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml")) + sorted((EXAMPLES / "catalogue").glob("*.yaml"))


@pytest.fixture(scope="module")
def land():
    """Every state's shipped land, read independently of the code under test."""
    from trajgeo.io.data import data_dir
    from trajgeo.io.packed import read_layer

    geoms, attrs, _ = read_layer(data_dir() / "land" / "land.npz")
    owners = [str(s) for s in attrs["sovereign_iso3"]]
    return shapely.union_all(geoms), dict(zip(owners, geoms, strict=True))


def _launch(place):
    from trajgeo.events.model import Launch

    p = place
    return Launch(p.name, p.lon, p.lat, p.radius_km, p.id, country=p.country)


def _area_places():
    from trajgeo.events.gazetteer import gazetteer

    return [p for p in gazetteer() if p.kind in AREA_KINDS and p.radius_km > 0]


@pytest.mark.parametrize("place", _area_places(), ids=lambda p: p.id)
def test_every_area_site_of_the_gazetteer_has_its_marker_on_land(place, land):
    from trajgeo.geo import geodesy
    from trajgeo.maps.sites import site_shape

    shape = site_shape(_launch(place))
    assert land[0].contains(shapely.Point(shape.lon, shape.lat)), (shape.lon, shape.lat)
    # moved at most to the edge of the area, never out of it
    _, _, dist_m = geodesy.inverse(place.lon, place.lat, shape.lon, shape.lat)
    assert float(dist_m) <= place.radius_km * 1e3


def _example_launches(path: Path):
    from trajgeo.events.load import load_events

    for ev in load_events(path):
        yield ev.launch
        for shot in ev.shots:
            yield shot.launch


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_every_example_area_site_has_its_marker_on_land(path, land):
    from trajgeo.maps.sites import site_shape

    areas = [la for la in _example_launches(path) if la.radius_km > 0]
    for la in areas:
        shape = site_shape(la)
        assert land[0].contains(shapely.Point(shape.lon, shape.lat)), (la.name, shape)


def test_the_east_coast_is_a_band_of_north_korean_land_along_the_east_coast(land):
    from trajgeo.events.gazetteer import lookup
    from trajgeo.geo import geodesy
    from trajgeo.maps.sites import COAST_BAND_KM, site_shape

    place = lookup("near North Korea's eastern coast")
    assert place.coast == "east"
    shape = site_shape(_launch(place))
    band = shape.area
    assert shape.coast == "east" and band is not None
    prk = land[1]["PRK"]
    # on North Korean land only: no sea, no South Korea, no China
    assert band.difference(prk).area < 1e-4 * band.area
    assert band.contains(shapely.Point(shape.lon, shape.lat))
    # inside the area's circle
    lon, lat = shapely.get_coordinates(band).T
    _, _, d = geodesy.inverse(place.lon, place.lat, lon, lat)
    assert d.max() <= place.radius_km * 1e3 * 1.001

    # along the east coast: from every vertex, sea within 1.5 band widths east (±60°)
    def sea_east(x: float, y: float) -> bool:
        for az in range(30, 151, 15):
            for km in (0.25, 0.5, 0.75, 1.0, 1.25, 1.5):
                px, py = geodesy.destination(x, y, float(az), km * COAST_BAND_KM * 1e3)
                if not land[0].contains(shapely.Point(float(px), float(py))):
                    return True
        return False

    assert all(sea_east(float(x), float(y)) for x, y in zip(lon[::7], lat[::7], strict=True))
    assert lon.min() > 126.8  # the west (Yellow Sea) coast is near 125°E
    # a real stretch of coast, not a crumb: Wonsan (39.15°N) to Hamhung (39.92°N)
    assert lat.min() < 39.15 and lat.max() > 39.92


def test_an_event_file_site_without_a_radius_stays_where_it_is():
    from trajgeo.events.model import Launch
    from trajgeo.maps.sites import site_shape

    at_sea = Launch("SLBM off Sinpo", 128.3, 39.9)  # a reported point at sea stays at sea
    assert site_shape(at_sea) == type(site_shape(at_sea))(128.3, 39.9)


def test_the_map_spec_draws_the_band_and_the_marker_on_land(land):
    from trajgeo.events.load import load_events
    from trajgeo.geo.impact import event_geometry
    from trajgeo.maps.spec import build_spec

    (ev,) = load_events(EXAMPLES / "seed-east-coast-srbm-salvo.yaml")
    spec = build_spec(event_geometry(ev))
    (site,) = spec.launches
    assert site.coast == "east" and site.area is not None
    assert land[0].contains(shapely.Point(site.lon, site.lat))
    # the band, not the 120 km disc (over 45,000 km² of land and sea)
    assert site.area.area < 0.5 * event_geometry(ev).shots[0].launch_area.area


def test_the_html_map_draws_the_band_with_its_tooltip(tmp_path):
    from trajgeo.maps import make_spec
    from trajgeo.maps.interactive import write_html

    spec = make_spec(EXAMPLES / "seed-east-coast-srbm-salvo.yaml", verdicts=None)
    out = tmp_path / "m.html"
    write_html(spec, out)
    text = out.read_text()
    assert "launch from land along the east coast" in text
    assert "Launch area (land along the coast)" in text  # the legend says what it is
