"""The areas ``trajgeo zones`` writes are the areas it wrote before it was made faster.

Issue 12 changed how impact areas are put together (a ring inside ±180 is
its own polygon, closed exactly, with no cut at 180°; a full ring computes
half its geodesics and mirrors the rest; a line inside ±180 is not cut), so
the bytes written differ: another first vertex, no doubled closing point.
The places do not. Two checks:

* against the code before (commit ee360e8): ``tests/data/zones_before.json.gz``
  holds, for every feature of the shipped examples and catalogue and for
  1,200 random impact areas (exact launch points, 15 km launch discs, any
  direction), the summary of the geometry as written (7 decimals): type,
  parts, planar area, length, bounds, centroid, and each impact area's
  ``area_km2``. Written by running this file as a script with the old code
  first on ``PYTHONPATH``:
  ``PYTHONPATH=/tmp/zones-old python tests/geo/test_zone_equivalence.py``;
* against an independent construction: the vertices of an area drawn from
  an exact launch point are raw ``pyproj.Geod.fwd`` points of its outline.

When these were written the two versions' ``trajgeo zones`` outputs for the
10,000-shot benchmark batch (31,197 features) were also compared feature by
feature: every property identical, every geometry ``equals`` the old one.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
STORED = REPO / "tests" / "data" / "zones_before.json.gz"
EXAMPLES = REPO / "examples"

#: Relative tolerance on areas and lengths, and absolute on coordinates (degrees).
REL, ABS = 1e-9, 1e-7

#: An area swept over a launch disc is held to the accuracy the module states for it, not
#: to the old outline: its loci are sampled at anchors along the outline (vertices found to
#: within a few metres), and its corners are drawn as finely as its own outer arc (chord
#: sag 10-50 m, where it was 10 m), so its bounds may move by up to :data:`SWEPT_M` metres
#: and its area (planar and written) change by up to :data:`SWEPT_REL` of itself.
SWEPT_M, SWEPT_REL = 60.0, 5e-4


def _example_files() -> list[str]:
    catalogue = sorted(EXAMPLES.glob("catalogue/*.yaml"))
    names = {c.name for c in catalogue}
    own = [p for p in sorted(EXAMPLES.glob("*.yaml")) if p.name not in names]
    return [str(p) for p in (*catalogue, *own)]


def random_shots(n: int = 400, seed: int = 12) -> list[tuple[float, ...]]:
    """Launch points over the globe (poles and 180° included), ranges and bearings."""
    rng = np.random.default_rng(seed)
    lat = np.concatenate(
        [rng.uniform(-70, 70, n - 20), rng.uniform(75, 88, 10), -88 + 13 * rng.random(10)]
    )
    return [
        (float(x), float(y), float(r0), float(r0 + w), float(az))
        for x, y, r0, w, az in zip(
            rng.uniform(-180, 180, n),
            lat,
            rng.uniform(100e3, 3000e3, n),
            rng.uniform(10e3, 200e3, n),
            rng.uniform(0, 360, n),
            strict=True,
        )
    ]


def _summary(geometry: dict) -> list:
    """Type, parts, planar area, length, bounds and centroid of a GeoJSON geometry."""
    from shapely.geometry import shape

    geom = shape(geometry)
    parts = len(getattr(geom, "geoms", [geom]))
    centroid = geom.centroid
    return [geom.geom_type, parts, geom.area, geom.length, *geom.bounds, centroid.x, centroid.y]


def summaries() -> dict[str, list]:
    """Summaries of every example feature and of the random impact areas, as written."""
    import shapely

    from trajgeo.events import load_events
    from trajgeo.events.compass import BearingBand
    from trajgeo.geo.impact import event_geometry, impact_area
    from trajgeo.io.export import _as_written, features

    out: dict[str, list] = {}
    for f in features([event_geometry(ev) for ev in load_events(_example_files())]):
        p = f["properties"]
        key = f"{p['event_id']}/{p['shot']}/{p['kind']}"
        while key in out:  # several sites or areas of one shot: numbered in order
            key += "+"
        out[key] = [*_summary(f["geometry"]), p.get("area_km2")]
    for i, (lon, lat, r0, r1, az) in enumerate(random_shots()):
        band = BearingBand.around(az, 11.25)
        for name, area in (
            ("point", impact_area(lon, lat, r0, r1, band)),
            ("disc", impact_area(lon, lat, r0, r1, band, launch_radius_m=15e3)),
            ("any", impact_area(lon, lat, r0, r1, None, launch_radius_m=15e3)),
        ):
            geometry = json.loads(shapely.to_geojson(_as_written(area)))
            out[f"random/{i}/{name}"] = _summary(geometry)
    return out


def _close_swept(new: list, old: list) -> bool:
    """Whether a swept area is where it was, within the swept outline's stated accuracy."""
    import math

    kind, parts, area, _, *coords = new
    okind, oparts, oarea, _, *ocoords = old
    minx, miny, maxx, maxy = ocoords[:4]
    # metres of longitude are fewest at the bounds' latitude furthest from the equator
    far = math.cos(math.radians(min(89.0, max(abs(miny), abs(maxy)))))
    lat_tol, lon_tol = SWEPT_M / 111_000.0, SWEPT_M / (111_000.0 * far)
    moved = [abs(a - b) for a, b in zip(coords[:4], ocoords[:4], strict=True)]
    written, owritten = coords[6:], ocoords[6:]
    return (
        kind.removeprefix("Multi") == okind.removeprefix("Multi")
        and parts == oparts
        and abs(area - oarea) <= SWEPT_REL * oarea
        and max(moved[0], moved[2]) <= lon_tol
        and max(moved[1], moved[3]) <= lat_tol
        and all(
            (a is None and b is None) or abs(a - b) <= SWEPT_REL * b + 0.05
            for a, b in zip(written, owritten, strict=True)
        )
    )


def _close(new: list, old: list, rel: float = REL, tol: float = ABS) -> bool:
    kind, parts, area, length, *coords = new
    okind, oparts, oarea, olength, *ocoords = old
    # a one-part MultiPolygon is the Polygon GEOS snapping gives where rounding makes a
    # ring near a pole cross itself (export._as_written): the same area, other type name
    return (
        kind.removeprefix("Multi") == okind.removeprefix("Multi")
        and parts == oparts
        and abs(area - oarea) <= rel * abs(oarea) + 1e-15
        and abs(length - olength) <= rel * abs(olength) + 1e-12
        and all(
            (a is None and b is None) or abs(a - b) <= tol
            for a, b in zip(coords[:6], ocoords[:6], strict=True)
        )
        and coords[6:] == ocoords[6:]  # area_km2: the same figure
    )


@pytest.mark.skipif(not STORED.exists(), reason="stored summaries missing")
def test_every_feature_and_random_area_is_where_it_was():
    stored = json.loads(gzip.decompress(STORED.read_bytes()))
    now = summaries()
    # an example added since the snapshot has no "before"; every feature that had one is kept
    before = {k.split("/")[0] for k in stored}
    now = {k: v for k, v in now.items() if k.split("/")[0] in before}
    assert now.keys() == stored.keys()
    # (every shot's impact_zone, swept or not: the summary does not say which)
    swept = [k for k in now if k.endswith(("/disc", "/impact_zone"))]
    moved = [k for k in now if k not in swept and not _close(now[k], stored[k])]
    moved += [k for k in swept if not _close_swept(now[k], stored[k])]
    assert not moved, [(k, now[k], stored[k]) for k in moved[:5]]


def test_exact_point_areas_are_raw_geod_fwd_points():
    import shapely
    from pyproj import Geod

    from trajgeo.events.compass import BearingBand
    from trajgeo.geo.impact import _sector_template, impact_area
    from trajgeo.io.export import _as_written

    geod = Geod(ellps="WGS84")
    checked = 0
    for lon, lat, r0, r1, az in random_shots()[:200]:
        band = BearingBand.around(az, 11.25)
        area = _as_written(impact_area(lon, lat, r0, r1, band))
        t_az, t_dist = _sector_template(r0, r1, band, 10e3)
        x, y, _ = geod.fwd(np.full(len(t_az), lon), np.full(len(t_az), lat), t_az, t_dist)
        raw = np.round(np.column_stack([x, y]), 7)
        if area.geom_type != "Polygon" or np.ptp(x) > 180:
            continue  # cut at 180°: its cut points are not outline points
        written = shapely.get_coordinates(area)
        assert {tuple(p) for p in written} == {tuple(p) for p in raw}
        assert shapely.Polygon(raw).equals(area) and area.exterior.is_ccw
        checked += 1
    assert checked > 150


if __name__ == "__main__":  # write the stored summaries with the trajgeo on PYTHONPATH
    STORED.write_bytes(gzip.compress(json.dumps(summaries()).encode(), mtime=0))
    print(f"wrote {STORED} from {sys.modules['trajgeo'].__file__}")
