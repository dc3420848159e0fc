"""Tests of trajgeo.physics.capability: equivalent-range and quoted rings around a launch site."""

from __future__ import annotations

import math

import numpy as np
import pytest

from trajgeo.errors import InputError
from trajgeo.events import Capability, parse_event
from trajgeo.geo import geodesy
from trajgeo.physics.capability import (
    LABEL_NOTE,
    capability_rings,
    equivalent_ring,
    explicit_ring,
)

SITE = (125.6, 39.2)


def _coords(geom):
    return np.concatenate([np.asarray(g.coords) for g in getattr(geom, "geoms", [geom])])


def _distances_km(geom, lon=SITE[0], lat=SITE[1]):
    c = _coords(geom)
    _, _, d = geodesy.inverse(np.full(len(c), lon), np.full(len(c), lat), c[:, 0], c[:, 1])
    return np.asarray(d) / 1000.0


def test_hwasong15_equivalent_ring():
    r = equivalent_ring(*SITE, 4475.0, 950.0, event_id="e", from_shot=1)
    assert r.kind == "equivalent" and r.from_shot == 1 and r.event_id == "e"
    assert r.label == "about 10,000 km if flown on a normal trajectory"
    assert r.range_rounded_km == 10_000.0 and r.range_km == pytest.approx(9983.3, abs=0.1)
    assert r.band_km == (9400.0, 11000.0)
    assert r.note == LABEL_NOTE and LABEL_NOTE in r.assumptions
    assert not r.is_global and not r.rotating and r.distance_by_bearing_km is None
    # every vertex is at the (unrounded) range on the WGS84 geodesic, longitudes normalised
    d = _distances_km(r.geometry)
    assert np.allclose(d, r.range_km, atol=0.01)
    c = _coords(r.geometry)
    assert c[:, 0].min() >= -180.0 and c[:, 0].max() <= 180.0
    lo, hi = r.band_geometries
    assert np.allclose(_distances_km(lo), 9_400, atol=300)
    assert _distances_km(lo).mean() < _distances_km(hi).mean()
    assert r.as_dict()["band_km"] == [9400.0, 11000.0]


def test_depressed_test_band_is_low_to_high():
    r = equivalent_ring(*SITE, 50.0, 400.0)  # below the minimum-energy apogee
    lo, hi = r.band_km
    assert lo < hi
    assert _distances_km(r.band_geometries[0]).mean() < _distances_km(r.band_geometries[1]).mean()


def test_orbital_speed_is_global_without_ring():
    r = equivalent_ring(*SITE, 7000.0, 1000.0)
    assert r.is_global and r.geometry is None and r.band_geometries == (None, None)
    assert r.label == "could reach any point on Earth if flown on a normal trajectory"
    assert r.warnings and math.isinf(r.range_km)
    assert r.as_dict()["range_km"] == "global"


def test_rotating_ring_depends_on_direction():
    r = equivalent_ring(*SITE, 4475.0, 950.0, rotating=True)
    bearings, dist = r.distance_by_bearing_km
    east = dist[np.argmin(np.abs(bearings - 90.0))]
    west = dist[np.argmin(np.abs(bearings - 270.0))]
    assert east > r.range_km > west
    assert "depending on direction" in r.label and r.rotating
    c = _coords(r.geometry)
    assert c[:, 0].min() >= -180.0 and c[:, 0].max() <= 180.0
    # no chord of the ring longer than ~the 10 km segment limit (allow for the bearing grid)
    for g in getattr(r.geometry, "geoms", [r.geometry]):
        xy = np.asarray(g.coords)
        _, _, seg = geodesy.inverse(xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1])
        assert np.max(seg) < 15_000.0
    assert all(g is not None for g in r.band_geometries)


@pytest.mark.parametrize("apogee_km", [4475.0, 5700.0])
def test_rotating_ring_and_band_have_no_notches(apogee_km):
    """Radius against bearing along each drawn line is continuous: no sawtooth edges.

    With 5,700 km over 900 km (the 2023 Hwasong-15) the band's outer speed reaches orbit
    eastward; aiming each bearing on its own once jumped 5,000 km between neighbouring
    bearings there, drawing the band with notches.
    """
    r = equivalent_ring(*SITE, apogee_km, 900.0 if apogee_km == 5700.0 else 950.0, rotating=True)
    lines = [r.geometry, *r.band_geometries]
    assert all(g is not None for g in lines)
    for geom in lines:
        for g in getattr(geom, "geoms", [geom]):
            xy = np.asarray(g.coords)
            n = len(xy)
            az, _, d = geodesy.inverse(np.full(n, SITE[0]), np.full(n, SITE[1]), xy[:, 0], xy[:, 1])
            d_km = np.asarray(d) / 1000.0
            # neighbouring vertices (under 15 km apart) differ in radius by a few km, where
            # the notches were steps of 400 km and more
            assert np.max(np.abs(np.diff(d_km))) < 25.0
            # and the bearing moves steadily: no back-and-forth of a folded outline
            step = (np.diff(np.asarray(az)) + 180.0) % 360.0 - 180.0
            assert np.all(step >= -1e-6) or np.all(step <= 1e-6)
    bearings, dist = r.distance_by_bearing_km
    finite = np.isfinite(dist)
    both = finite[:-1] & finite[1:]
    steps = np.abs(np.diff(np.where(finite, dist, 0.0)))[both]
    assert np.max(steps) < 100.0  # per 0.5° of bearing


def test_quoted_rings():
    r = explicit_ring(*SITE, 13_000.0)
    assert r.kind == "quoted" and r.label == "13,000 km" and r.band_km is None
    assert np.allclose(_distances_km(r.geometry), 13_000.0, atol=0.01)
    g = explicit_ring(*SITE, 25_000.0)
    assert g.is_global and g.geometry is None and g.label == "any point on Earth"
    with pytest.raises(InputError):
        explicit_ring(*SITE, -1.0)


def test_ring_near_antimeridian_is_split():
    r = explicit_ring(179.0, 10.0, 1000.0)
    assert r.geometry.geom_type == "MultiLineString"
    c = _coords(r.geometry)
    assert c[:, 0].max() == pytest.approx(180.0) and c[:, 0].min() == pytest.approx(-180.0)


def test_capability_rings_from_event(small_gazetteer):
    ev = parse_event(
        {
            "id": "hs15",
            "title": "t",
            "launch": {"site": "Pyongyang"},
            "shots": [
                {"range_km": 950, "bearing": "E", "apogee_km": 4475},
                {"range_km": 300, "bearing": "E"},
            ],
            "capability": {"from_shots": [1], "ranges_km": [13000], "label": "UCS estimate"},
        },
        gazetteer=small_gazetteer,
    )
    rings = capability_rings(ev)
    assert [r.kind for r in rings] == ["equivalent", "quoted"]
    assert rings[0].from_shot == 1 and rings[0].event_id == "hs15"
    assert rings[1].label == "13,000 km (UCS estimate)"
    # explicit parameters instead of the event's block
    only = capability_rings(ev, capability=Capability(ranges_km=(5000.0,)))
    assert len(only) == 1 and only[0].range_km == 5000.0
    with pytest.raises(InputError) as exc:
        capability_rings(ev, capability=Capability(from_shots=(2,)))
    assert exc.value.field == "capability.from_shots"


def test_no_capability_block_no_rings(small_gazetteer):
    ev = parse_event(
        {
            "id": "x",
            "title": "t",
            "launch": {"site": "Pyongyang"},
            "shots": [{"range_km": 300, "bearing": "E"}],
        },
        gazetteer=small_gazetteer,
    )
    assert capability_rings(ev) == ()
