"""Impact zones: annular sectors of geodesics swept over the launch disc."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
import shapely.ops
from geographiclib.geodesic import Geodesic
from shapely.geometry import Point

from trajgeo.events.compass import BearingBand
from trajgeo.geo import geodesy
from trajgeo.geo.impact import disc, impact_area, range_ring, sector

WGS84 = Geodesic.WGS84
NE = BearingBand.around(45.0, 11.25, "NE")


def _point(lon, lat, az, dist_m):
    r = WGS84.Direct(lat, lon, az, dist_m)
    return Point(r["lon2"], r["lat2"])


def _boundary_distances(zone, lon, lat):
    xy = shapely.get_coordinates(zone.boundary)
    return np.array([WGS84.Inverse(lat, lon, y, x)["s12"] for x, y in xy[::5]])


def test_sector_vertices_lie_within_the_bands():
    z = sector(125.75, 39.03, 300e3, 350e3, NE)
    assert z.is_valid and z.geom_type == "Polygon"
    d = _boundary_distances(z, 125.75, 39.03)
    # Vertices are exact geodesic points: within 1 mm of the band.
    assert d.min() >= 300e3 - 1e-3 and d.max() <= 350e3 + 1e-3


@pytest.mark.parametrize(
    ("dist_km", "inside"), [(301, True), (349, True), (299, False), (351, False)]
)
def test_sector_membership_along_the_nominal_bearing(dist_km, inside):
    z = sector(125.75, 39.03, 300e3, 350e3, NE)
    # 1 km from the band edge: far more than the 36 m sag of a 10 km chord at 350 km.
    assert z.contains(_point(125.75, 39.03, 45.0, dist_km * 1e3)) is inside


@pytest.mark.parametrize(
    ("az", "inside"), [(34.5, True), (55.5, True), (33.0, False), (57.0, False)]
)
def test_sector_membership_across_the_bearing_band(az, inside):
    z = sector(125.75, 39.03, 300e3, 350e3, NE)
    # 0.75° from the NE sector edges is ~4 km at 325 km: clear of any chord error.
    assert z.contains(_point(125.75, 39.03, az, 325e3)) is inside


def test_launch_radius_sweeps_the_zone_outwards():
    z = impact_area(125.75, 39.03, 300e3, 350e3, NE, launch_radius_m=15e3)
    assert z.is_valid and z.geom_type == "Polygon"
    assert not list(z.interiors)
    # rmax + radius - 1 km inside; rmax + radius + 1 km outside (sweep sag < 50 m).
    assert z.contains(_point(125.75, 39.03, 45.0, 364e3))
    assert not z.contains(_point(125.75, 39.03, 45.0, 366e3))
    # and inwards: rmin - radius + 1 km inside, - 1 km outside
    assert z.contains(_point(125.75, 39.03, 45.0, 286e3))
    assert not z.contains(_point(125.75, 39.03, 45.0, 284e3))


def test_zone_across_the_antimeridian_is_split_and_valid():
    z = impact_area(176.0, 40.0, 200e3, 500e3, BearingBand.around(90.0, 15.0), 20e3)
    assert z.is_valid and z.geom_type == "MultiPolygon"
    west = [g for g in z.geoms if g.bounds[2] == pytest.approx(180.0)]
    east = [g for g in z.geoms if g.bounds[0] == pytest.approx(-180.0)]
    assert west and east
    assert z.bounds[0] == pytest.approx(-180.0) and z.bounds[2] == pytest.approx(180.0)
    # no part spans the globe the long way round
    assert all(g.bounds[2] - g.bounds[0] < 30.0 for g in z.geoms)
    assert z.contains(_point(176.0, 40.0, 90.0, 350e3))
    area = geodesy.geodesic_area_m2(z)
    unsplit = geodesy.geodesic_area_m2(
        sector(-160.0, 40.0, 200e3, 500e3, BearingBand.around(90.0, 15.0))
    )
    # The same sector 24° further east (no split), without the launch-radius
    # sweep, is smaller; the sweep adds a rim about 20 km wide all round
    # (~ +35 % of a 300 x 130 km sector).
    assert unsplit < area < unsplit * 1.45


def test_ring_around_a_point_near_the_pole_holds_the_pole():
    z = disc(0.0, 89.0, 200e3)
    assert z.is_valid
    assert z.covers(Point(0.0, 90.0)) and z.covers(Point(123.0, 90.0))
    assert z.contains(Point(180.0 - 1e-6, 89.5)) and z.contains(Point(-179.9, 89.5))
    assert not z.contains(_point(0.0, 89.0, 180.0, 201e3))
    area = geodesy.geodesic_area_m2(z)
    # The disc's geodesic area is pi r^2 within 0.1 % (chords and curvature).
    assert area == pytest.approx(np.pi * 200e3**2, rel=1e-3)


def test_annulus_around_the_pole_excludes_its_hole():
    z = sector(30.0, 90.0, 100e3, 300e3)
    assert z.is_valid
    assert not z.contains(Point(0.0, 89.9))  # 11 km from the pole: in the hole
    assert z.contains(Point(0.0, 88.0))  # 222 km: in the ring
    assert not z.contains(Point(0.0, 87.0))  # 333 km: outside


def test_huge_disc_holds_both_poles_and_not_the_antipode():
    z = disc(0.0, 0.0, 15_000e3)
    assert z.is_valid
    assert z.contains(Point(0.0, 89.9)) and z.contains(Point(0.0, -89.9))
    assert not z.contains(Point(180.0 - 1e-6, 0.0))
    area = geodesy.geodesic_area_m2(z)
    total = 4 * np.pi * 6_371_007.2**2
    # spherical cap fraction (1 - cos(15000/6371))/2 = 0.8519, within 0.5 % (ellipsoid)
    assert area / total == pytest.approx(0.8519, rel=5e-3)


def test_zone_near_the_antipode_is_valid():
    z = sector(10.0, 40.0, 19_000e3, 20_000e3, BearingBand.around(90.0, 20.0))
    assert z.is_valid and not z.is_empty


def test_zero_minimum_range_gives_a_wedge_from_the_launch_point():
    z = sector(125.0, 39.0, 0.0, 100e3, NE)
    assert z.is_valid
    assert z.covers(Point(125.0, 39.0))


def test_range_beyond_half_circumference_is_refused():
    from trajgeo.errors import InputError

    with pytest.raises(InputError, match="distance out of range"):
        sector(0.0, 0.0, 0.0, 20_100e3)


def test_range_ring_around_pole_region_is_a_line_split_at_180():
    ring = range_ring(170.0, 80.0, 1_500e3)
    assert ring.geom_type == "MultiLineString"
    assert all(g.bounds[2] - g.bounds[0] <= 360.0 for g in ring.geoms)
    xy = shapely.get_coordinates(ring)
    d = [WGS84.Inverse(80.0, 170.0, y, x)["s12"] for x, y in xy[::40]]
    assert max(abs(np.array(d) - 1_500e3)) < 1e-3


def test_swept_zone_has_no_notches_between_sampled_launch_points():
    # Every corner the sector can have, for any launch point on the disc's edge
    # (not only the sampled ones), lies in the zone or within the stated 50 m.
    band = BearingBand.around(45.0, 11.25)
    z = impact_area(125.75, 39.03, 330e3, 370e3, band, launch_radius_m=40e3)
    rng = np.random.default_rng(3)
    for theta in rng.uniform(0, 360, 40):
        o = WGS84.Direct(39.03, 125.75, theta, 40e3)
        for az, dist in ((band.start_deg, 370e3), (band.end_deg, 330e3)):
            c = WGS84.Direct(o["lat2"], o["lon2"], az, dist)
            p = Point(c["lon2"], c["lat2"])
            if z.contains(p):
                continue
            near = shapely.ops.nearest_points(z.exterior, p)[0]
            gap = WGS84.Inverse(p.y, p.x, near.y, near.x)["s12"]
            assert gap < 50.0, (theta, az, gap)


def _brute_sweep(lon, lat, r0, r1, band, rho):
    """The union of sectors from 720 launch points on the disc's edge and its centre."""
    olon, olat = geodesy.destination(lon, lat, np.linspace(0.0, 360.0, 720, endpoint=False), rho)
    parts = [sector(float(x), float(y), r0, r1, band, 2e3) for x, y in zip(olon, olat, strict=True)]
    return shapely.union_all([*parts, sector(lon, lat, r0, r1, band, 2e3)])


def _farthest_outside_m(points: np.ndarray, area) -> float:
    """The largest geodesic distance from one of ``points`` outside ``area`` to its edge."""
    worst = 0.0
    edge = area.boundary
    for x, y in points:
        p = Point(x, y)
        if area.contains(p):
            continue
        q = shapely.ops.nearest_points(edge, p)[0]
        worst = max(worst, WGS84.Inverse(y, x, q.y, q.x)["s12"])
    return worst


@pytest.mark.parametrize(
    "shot",
    [
        (125.75, 39.03, 300e3, 350e3, BearingBand.around(45.0, 11.25), 40e3),
        (20.0, 60.0, 0.0, 800e3, BearingBand.around(300.0, 45.0), 100e3),  # a wedge, far north
        (176.0, 40.0, 200e3, 500e3, BearingBand.around(90.0, 15.0), 20e3),  # across 180
        (127.0, -70.0, 500e3, 900e3, BearingBand.around(200.0, 60.0), 60e3),
    ],
)
def test_swept_outline_holds_every_sampled_sector_and_nothing_unreachable(shot):
    lon, lat, r0, r1, band, rho = shot
    z = impact_area(*shot)
    assert z.is_valid and not z.is_empty
    brute = _brute_sweep(*shot)
    # every point any sampled sector reaches is in the area, or within the stated 50 m
    # (the rest is the 10 km chords' sag: at most 40 m on these outer arcs)
    edge = shapely.get_coordinates(shapely.segmentize(brute.boundary, 0.01))[::3]
    edge = edge[np.abs(np.abs(edge[:, 0]) - 180.0) > 1e-6]  # not the cut at 180
    assert _farthest_outside_m(edge, z) < 90.0
    # and every vertex of the area is reached from some launch point on the disc's edge
    verts = shapely.get_coordinates(z)
    verts = verts[np.abs(np.abs(verts[:, 0]) - 180.0) > 1e-6][::2]
    # (a corner may be missed by up to about half the sampled launch points' spacing)
    olon, olat = geodesy.destination(lon, lat, np.linspace(0.0, 360.0, 14400, endpoint=False), rho)
    az, _, d = geodesy.inverse(olon[:, None], olat[:, None], verts[None, :, 0], verts[None, :, 1])
    off = np.abs((az - band.start_deg - band.width_deg / 2.0 + 180.0) % 360.0 - 180.0)
    miss = np.maximum(off - band.width_deg / 2.0, 0.0) * np.pi / 180.0 * d
    miss += np.maximum(r0 - d, 0.0) + np.maximum(d - r1, 0.0)
    assert miss.min(axis=0).max() < 5.0 + 0.6 * 2.0 * np.pi * rho / 14400


@pytest.mark.parametrize(
    "shot",
    [
        (125.75, 39.03, 300e3, 350e3, BearingBand.around(45.0, 11.25), 40e3),
        (20.0, 60.0, 0.0, 800e3, BearingBand.around(300.0, 45.0), 100e3),  # a wedge, far north
        (176.0, 40.0, 200e3, 500e3, BearingBand.around(90.0, 15.0), 20e3),  # across 180
        (-45.3, -60.0, 1_200e3, 1_800e3, BearingBand.around(60.0, 40.0), 100e3),  # far south
        (117.5, 7.0, 8_000e3, 8_135e3, BearingBand.around(1.4, 11.1), 40e3),  # long range
        (10.0, 0.0, 19_500e3, 19_800e3, BearingBand.around(90.0, 10.0), 20e3),  # near antipode
    ],
)
def test_loci_sampled_at_anchors_give_the_outline_of_loci_sampled_everywhere(shot, monkeypatch):
    # The loci are sampled at anchors along the outline, and their harmonics interpolated
    # between. That moves vertices along the outline (by tens of metres where the disc is
    # large), each still a point of the swept set, but the outline itself by no more than
    # a few metres: measured both ways, in metres of an azimuthal projection about the
    # area's middle
    from pyproj import Transformer

    from trajgeo.geo import impact

    lon, lat, r0, r1, band, rho = shot
    anchored = impact._swept_sector(lon, lat, r0, r1, band, rho, 10e3)
    monkeypatch.setattr(impact, "LOCUS_ANCHOR_SPACING_M", 0.0)  # every vertex an anchor
    everywhere = impact._swept_sector(lon, lat, r0, r1, band, rho, 10e3)
    assert anchored is not None and everywhere is not None
    mx, my = geodesy.destination(lon, lat, band.nominal_deg, (r0 + r1) / 2.0)
    to_m = Transformer.from_crs(
        "EPSG:4326", f"+proj=aeqd +lat_0={float(my)} +lon_0={float(mx)}", always_xy=True
    )
    a, b = (
        shapely.transform(shapely.boundary(g), lambda xy: np.column_stack(to_m.transform(*xy.T)))
        for g in (anchored, everywhere)
    )
    assert shapely.hausdorff_distance(a, b, densify=0.05) < 5.0
    a_xy, b_xy = shapely.get_coordinates(anchored), shapely.get_coordinates(everywhere)
    if r1 < 19_000e3:  # (near the antipode the spacing shrinks to every vertex)
        assert not np.array_equal(a_xy, b_xy)  # the anchors left vertices to interpolate


@pytest.mark.parametrize(
    "shot",
    [
        (125.75, 39.03, 300e3, 350e3, 15e3),
        (126.0, 40.0, 900e3, 1100e3, 8e3),
        (179.5, 10.0, 1000e3, 1500e3, 20e3),  # across 180
        (140.0, 80.0, 500e3, 700e3, 40e3),  # round the north pole
        (125.75, 39.03, 10e3, 300e3, 15e3),  # the disc closes the hole
    ],
)
def test_any_direction_over_a_disc_is_the_exact_wider_annulus(shot):
    lon, lat, r0, r1, rho = shot
    z = impact_area(lon, lat, r0, r1, None, launch_radius_m=rho)
    assert z.is_valid and not z.is_empty
    # every vertex off the cuts at 180° and along a pole's latitude lies on one of the two
    # circles rmin - rho and rmax + rho around the nominal point (or the disc's circle)
    xy = shapely.get_coordinates(z)
    xy = xy[(np.abs(np.abs(xy[:, 0]) - 180.0) > 1e-6) & (np.abs(xy[:, 1]) < 89.9)]
    _, _, d = geodesy.inverse(lon, lat, xy[:, 0], xy[:, 1])
    targets = [r1 + rho] + ([r0 - rho] if r0 > rho else [])
    assert np.min(np.abs(d[:, None] - np.array(targets)[None, :]), axis=1).max() < 1e-3
    # the hole stays unless the disc closes it
    assert z.contains(Point(lon, lat)) == (r0 <= rho)
    # and it holds every sector drawn from a launch point on the disc's edge, but for
    # its own 10 km edges' sag (under 50 m on these circles, straight in lon/lat
    # near the pole)
    for theta in (0.0, 77.0, 190.0, 300.0):
        o = WGS84.Direct(lat, lon, theta, rho)
        part = sector(o["lon2"], o["lat2"], r0, r1, None, 2e3)
        edge = shapely.get_coordinates(part.boundary)[::7]
        edge = edge[np.abs(np.abs(edge[:, 0]) - 180.0) > 1e-6]
        assert _farthest_outside_m(edge, z) < 50.0
