"""Impact areas and probability regions that hold a pole, on static and interactive maps.

Such an area is one lon/lat polygon across all 360° of longitude, closed along the
pole's latitude. It had been left at -180..180 when the map's frame was elsewhere,
and the static map's clip to the frame then cut part of it away (half of it, on a
map centred near 180°); the HTML map drew that part a turn away from the rest.
Each test samples points inside the area as trajgeo's own geometry gives it.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

pytest.importorskip("cartopy")
PIL = pytest.importorskip("PIL.Image")

MAGENTA = "#FF00FF"

#: Three launches whose impact areas hold a pole: (launch, shot) of an event file.
CASES = {
    "chukotka": (
        {"lat": 66.0, "lon": 179.5, "radius_km": 30},
        {"range_km": [2000, 3000], "bearing": [340, 20]},
    ),
    "south-pole": ({"lat": -45.0, "lon": 170.0}, {"range_km": "about 5000", "bearing": "S"}),
    "pole-wedge": (
        {"lat": 80.0, "lon": 20.0, "radius_km": 50},
        {"range_km": [800, 1500], "bearing": [330, 30]},
    ),
}


@pytest.fixture(autouse=True)
def _offline(offline_render):
    """Every render here runs with the network refused and no cartopy data (conftest)."""


def _event(name: str):
    from trajgeo.events import parse_event

    launch, shot = CASES[name]
    return parse_event(
        {
            "id": f"pole-{name}",
            "title": "An impact area round a pole",
            "date": "2024-01-01T00:00:00+00:00",
            "launch": launch,
            "shots": [{"count": 1, "missile": "IRBM", "source": "test", **shot}],
        }
    )


@pytest.fixture(scope="module")
def zoneset():
    from trajgeo.maritime.zoneset import load_zones

    return load_zones()


@pytest.fixture(scope="module", params=sorted(CASES))
def case(request, zoneset):
    """An event's name, its analysis (trajgeo's API) and its map spec."""
    from trajgeo.analysis import analyse
    from trajgeo.geo.impact import event_geometry
    from trajgeo.maps.spec import build_spec

    result = analyse([event_geometry(_event(request.param))], zones=zoneset, overflights=False)
    spec = build_spec(result.geometries, result.verdicts, zones=result.zones, analysis=result)
    return request.param, result, spec


def _inside_points(geom, margin_deg: float = 0.6, n: int = 90) -> np.ndarray:
    """Lon/lat grid points well inside ``geom`` (normalised lon/lat), away from its edges."""
    import shapely

    minx, miny, maxx, maxy = geom.bounds
    gx, gy = np.meshgrid(np.linspace(minx, maxx, n), np.linspace(miny, min(maxy, 89.0), n))
    lon, lat = gx.ravel(), gy.ravel()
    inside = shapely.contains_xy(geom, lon, lat)
    # the true edges only: those along ±180° and the pole's latitude are cuts
    edges = shapely.get_coordinates(shapely.segmentize(geom.boundary, 0.05))
    edges = edges[(np.abs(edges[:, 0]) < 179.9) & (np.abs(edges[:, 1]) < 89.9)]
    # distance on the sphere in degrees (longitude shrinks with the cosine of latitude)
    dlon = (lon[:, None] - edges[None, :, 0] + 180.0) % 360.0 - 180.0
    dx = dlon * np.cos(np.radians(lat))[:, None]
    dy = lat[:, None] - edges[None, :, 1]
    far = np.hypot(dx, dy).min(axis=1) > margin_deg
    return np.column_stack([lon, lat])[inside & far]


def _tinted_pixels(spec, theme, points: np.ndarray, tmp_path) -> tuple[np.ndarray, np.ndarray]:
    """Render ``spec``; return (is magenta-tinted, is near an arc or label) per lon/lat point."""
    from trajgeo.maps.static import draw, save_figure

    # no EEZ limits: their dashed lines are drawn over the areas
    drawn = draw(dataclasses.replace(spec, zones=()), theme=theme, inset=False)
    out = tmp_path / "map.png"
    save_figure(drawn.figure, out)
    info = drawn.layout
    ax = info.map_axes
    lon = (points[:, 0] - info.frame + 180.0) % 360.0 - 180.0
    xy = info.projection.transform_points(info.source_crs, lon, points[:, 1])[:, :2]
    px = ax.transData.transform(xy)
    img = np.asarray(PIL.open(out).convert("RGB")).astype(float)
    h = img.shape[0]
    x0, y0, x1, y1 = ax.bbox.extents
    seen = (px[:, 0] > x0 + 3) & (px[:, 0] < x1 - 3) & (px[:, 1] > y0 + 3) & (px[:, 1] < y1 - 3)
    busy = np.zeros(len(px), dtype=bool)
    for arc in info.arcs_px:  # the arc and its arrowhead are drawn in the same colour
        busy |= np.hypot(*(px[:, None, :] - arc[None, :, :]).transpose(2, 0, 1)).min(axis=1) < 14
    for _, _, (bx0, by0, bx1, by1) in info.labels:
        in_x = (px[:, 0] > bx0 - 3) & (px[:, 0] < bx1 + 3)
        busy |= in_x & (px[:, 1] > by0 - 3) & (px[:, 1] < by1 + 3)
    rgb = np.zeros((len(px), 3))
    cols = np.clip(px[:, 0].astype(int), 0, img.shape[1] - 1)
    rows = np.clip((h - px[:, 1]).astype(int), 0, h - 1)
    rgb[:] = img[rows, cols]
    # magenta over any basemap colour: red and blue clearly above green
    tinted = (rgb[:, 0] - rgb[:, 1] > 30) & (rgb[:, 2] - rgb[:, 1] > 30)
    return tinted[seen], busy[seen]


def _theme():
    from trajgeo.maps.style import Palette, Theme

    return Theme(name="probe", colors=Palette(shots=(MAGENTA,)), zone_alpha=0.5)


def test_an_impact_area_round_a_pole_is_filled_everywhere(case, tmp_path):
    """Every point well inside the area, wherever its longitude, carries the area's fill."""
    from shapely.geometry import Point

    name, result, spec = case
    area = result.geometries[0].shots[0].impact_area
    assert area.covers(Point(0.0, 90.0 if area.bounds[3] > 0 else -90.0)), "must hold a pole"
    # the area alone: no fused estimate drawn over it (its own fill steps back then)
    spec = dataclasses.replace(spec, estimates=())
    points = _inside_points(area)
    tinted, busy = _tinted_pixels(spec, _theme(), points, tmp_path)
    assert (~busy).sum() > 200, name
    missing = ~tinted & ~busy
    assert not missing.any(), f"{name}: {missing.sum()} of {(~busy).sum()} points unfilled"
    # the far side of the frame's longitude (the half lost before) is sampled too
    lo = spec.central_lon - 180.0
    far = (points[:, 0] - lo) % 360.0 > 180.0
    assert far.any() and (~far).any()


def test_the_probability_regions_round_a_pole_are_filled_everywhere(case, tmp_path):
    """The fused estimate's 95 % and 50 % regions, as the analysis gives them, are drawn whole."""
    name, result, spec = case
    (ea,) = result.events
    (ma,) = ea.fused.missiles
    regions = {r.level: r.geometry for r in ma.regions}
    assert set(regions) == {0.5, 0.95}
    # the regions alone: each account's impact area (and its outline) left out
    shots = tuple(dataclasses.replace(s, impact_area=None) for s in spec.shots)
    points = np.concatenate([_inside_points(regions[0.95]), _inside_points(regions[0.5])])
    tinted, busy = _tinted_pixels(
        dataclasses.replace(spec, shots=shots), _theme(), points, tmp_path
    )
    assert (~busy).sum() > 200, name
    missing = ~tinted & ~busy
    assert not missing.any(), f"{name}: {missing.sum()} of {(~busy).sum()} points unfilled"


def test_the_outline_of_an_area_round_a_pole_has_no_cut_at_the_frame_end(case):
    """The outline drawn leaves out the cut where the frame ends and the pole's latitude."""
    import shapely

    from trajgeo.maps.canvas import _clip_geoms, _open_cuts

    _, _, spec = case
    lo = spec.central_lon - 180.0
    (src,) = _clip_geoms([spec.shots[0].impact_area], (lo, lo + 360.0, -90.0, 90.0), lo + 180.0)
    lines = _open_cuts(src)
    assert lines is not None
    xy = shapely.get_coordinates(lines)
    assert np.abs(xy[:, 1]).max() < 90.0
    on_cut = np.abs(np.abs(xy[:, 0]) - 180.0) < 1e-6
    # only the two points where the rim crosses the cut remain on it
    assert on_cut.sum() <= 4
    # and every true edge is kept: the outline is as long as the area's rim
    rim = shapely.get_coordinates(src.boundary)
    rim = rim[(np.abs(np.abs(rim[:, 0]) - 180.0) > 1e-6) & (np.abs(rim[:, 1]) < 90.0)]
    assert len(rim) <= len(xy)


def test_a_plain_polygon_keeps_its_outline():
    """A polygon with no cut is drawn as before (byte-identical maps)."""
    from shapely.geometry import box

    from trajgeo.maps.canvas import _open_cuts

    assert _open_cuts(box(-179.0, 10.0, 179.0, 20.0)) is None
    # an edge on 180° where nothing goes on across is a true edge
    assert _open_cuts(box(170.0, 10.0, 180.0, 20.0)) is None


def test_html_draws_an_area_round_a_pole_whole_in_the_frame(case):
    """The interactive map's area lies in the map's frame and holds every inside point."""
    import shapely
    from shapely.geometry import shape

    from tests.maps.test_interactive import _layer_data

    pytest.importorskip("folium")
    from trajgeo.maps.interactive import build_map, map_html

    name, result, spec = case
    html = map_html(build_map(spec, geometries=result.geometries), spec=spec)
    (feat,) = _layer_data(html, "impact_zones")["features"]
    zone = shape(feat["geometry"])
    lo = spec.central_lon - 180.0
    minx, _, maxx, _ = zone.bounds
    assert lo - 1e-4 <= minx and maxx <= lo + 360.0 + 1e-4, (name, zone.bounds)  # 5 decimals
    points = _inside_points(result.geometries[0].shots[0].impact_area)
    framed = (points[:, 0] - lo) % 360.0 + lo
    assert shapely.contains_xy(zone, framed, points[:, 1]).all(), name
