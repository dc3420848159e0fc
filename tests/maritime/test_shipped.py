"""The shipped zone set: zones whose geometry is made on first use, as read whole."""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys

import pytest
import shapely

from tests.conftest import EXAMPLES


def test_each_zone_made_on_use_is_the_layers_record_coordinate_for_coordinate():
    from trajgeo.io.data import data_dir
    from trajgeo.io.packed import Records, read_layer, read_records

    for layer in ("eez/zones.npz", "land/land.npz"):
        path = data_dir() / layer
        whole, attrs, meta = read_layer(path)
        read_layer(path)  # the second read is the one from the user's cache
        records, attrs2, meta2 = read_records(path)
        assert isinstance(records, Records) and len(records) == len(whole)
        assert meta2 == meta and sorted(attrs2) == sorted(attrs)
        for k in (0, len(whole) // 2, len(whole) - 1):
            assert shapely.to_wkb(records[k]) == shapely.to_wkb(whole[k])
        made = [records[k] for k in range(len(records))]
        assert shapely.to_wkb(made).tolist() == shapely.to_wkb(whole).tolist()


def test_a_shipped_zone_is_a_geometry_whoever_asks_and_however_it_is_copied():
    from trajgeo.io.packed import Record
    from trajgeo.maritime.shipped import load_shipped

    zones = load_shipped.__wrapped__(True).zones
    fresh = [z for z in zones if isinstance(z.__dict__["geometry"], Record)]
    assert len(fresh) == len(zones)  # nothing made until asked for
    zone = zones[1]
    pickled = pickle.dumps(zone)  # made first: a pickle holds the geometry, not the layer
    assert len(pickled) < 5_000_000
    back = pickle.loads(pickled)
    assert back == zone and back.geometry.equals(zone.geometry)
    assert copy.deepcopy(zones[2]).geometry.equals(zones[2].geometry)
    with pytest.raises(AttributeError):
        zone.geometry = shapely.Point(0, 0)  # still frozen
    assert zone.geometry.geom_type in ("Polygon", "MultiPolygon")


def test_a_check_makes_only_the_zones_it_reaches():
    # making all ~700 zones (740,000 vertices) was about 20 ms of every cold check
    code = (
        "import io, contextlib, trajgeo.cli.main as m; "
        "from trajgeo.io.packed import Record; "
        "from trajgeo.maritime.shipped import load_shipped\n"
        "for _ in range(2):\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        f"        m.main(['check', {str(EXAMPLES / '2024-03-18-pyongyang.yaml')!r}])\n"
        "    zones = load_shipped(True).zones\n"
        "    made = sum(not isinstance(z.__dict__['geometry'], Record) for z in zones)\n"
        "    print(made, len(zones))\n"
        "    load_shipped.cache_clear()\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    made, total = (int(v) for v in out.stdout.split("\n")[1].split())
    assert total > 600 and made < 30, out.stdout
