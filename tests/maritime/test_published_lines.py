"""Published lines (geodata/eez/limit_sources.yaml) as the shipped zones and limits carry them.

For every treaty or court line that re-divides the zones, points a little either side of the
line must fall in the zone of the state on that side, and the line itself must be in the limit
layer with its instrument. Where the Marine Regions reference is beside the repository, the
same points are checked against it (validation only; skipped when absent).
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Geod

REPO = Path(__file__).resolve().parents[2]
SOURCES = REPO / "geodata" / "eez" / "limit_sources.yaml"
REF_NW = REPO.parent / "shared" / "reference" / "eez-marineregions-nw-pacific.geojson"
REF_WORLD = REPO.parent / "shared" / "reference" / "eez-marineregions-v10-world-s05.geojson"
GEOD = Geod(ellps="WGS84")
OFFSET_KM = 12.0  # either side of the line: well beyond its error bound, short of other limits
FRACTIONS = (0.15, 0.3, 0.45, 0.6, 0.75, 0.9)


@cache
def _sources() -> dict:
    sys.path.insert(0, str(REPO / "geodata"))
    import limit_sources

    return limit_sources.load(SOURCES)


def _zone_lines() -> list[dict]:
    return [
        e
        for e in _sources()["lines"]
        if e.get("apply_to_zones") and e["kind"] in ("treaty", "court_ruling")
    ]


def _arc_circles(entry: dict) -> list[tuple[float, float, float]]:
    """(lon, lat, radius_m) of the 200-NM arcs the line follows."""
    sys.path.insert(0, str(REPO / "geodata"))
    from limit_sources import NM_M, parse_dms

    return [
        (*parse_dms(it["arc"]["center"]), float(it["arc"].get("radius_nm", 200)) * NM_M)
        for it in entry["points"]
        if isinstance(it, dict) and "arc" in it
    ]


def _on_arc(entry: dict, lon: float, lat: float) -> bool:
    """True where the line follows a state's 200-NM arc (the high seas lie beyond it)."""
    for clon, clat, r in _arc_circles(entry):
        _, _, d = GEOD.inv(clon, clat, lon, lat)
        if abs(d - r) < 3000.0:
            return True
    return False


def _probe_points(entry: dict) -> list[tuple[tuple[float, float], tuple[float, float], bool]]:
    """Pairs of points OFFSET_KM either side of the line, at FRACTIONS of its length."""
    c = np.array(entry["coords"], float)
    seg = GEOD.line_lengths(c[:, 0], c[:, 1])
    cum = np.concatenate([[0.0], np.cumsum(seg)])
    out = []
    for f in FRACTIONS:
        i = int(np.searchsorted(cum, f * cum[-1]) - 1)
        i = min(max(i, 0), len(c) - 2)
        az, _, _ = GEOD.inv(c[i, 0], c[i, 1], c[i + 1, 0], c[i + 1, 1])
        mid_lon, mid_lat = (c[i] + c[i + 1]) / 2.0
        pair = []
        for turn in (-90.0, 90.0):
            lo, la, _ = GEOD.fwd(mid_lon, mid_lat, az + turn, OFFSET_KM * 1000.0)
            pair.append((((lo + 180.0) % 360.0) - 180.0, la))
        out.append((pair[0], pair[1], _on_arc(entry, mid_lon, mid_lat)))
    return out


def _state_at(zs, lon: float, lat: float) -> str | None:
    found = zs.where(lon, lat)
    return next(
        (z.sovereign_iso3 for z in found if z.kind in ("eez", "territorial_sea")),
        None,
    )


def _sovereign(zs, side: str) -> str:
    """A side as limit_sources.yaml names it (a state, or a territory: ABW) as its state."""
    return next((z.sovereign_iso3 for z in zs.zones if z.territory_iso3 == side), side)


@pytest.mark.parametrize("entry_id", [e["id"] for e in _zone_lines()])
def test_each_side_of_a_treaty_line_belongs_to_its_state(entry_id):
    from trajgeo.maritime.zoneset import load_zones

    entry = next(e for e in _zone_lines() if e["id"] == entry_id)
    zs = load_zones()
    flat = [k for s in entry["sides"] for k in (s if isinstance(s, list) else [s])]
    sides = {_sovereign(zs, s) for s in flat} - {"none"}
    high_seas = "none" in entry["sides"]  # the line ends one state's zone
    left_states, right_states, both = set(), set(), 0
    for left, right, on_arc in _probe_points(entry):
        a, b = _state_at(zs, *left), _state_at(zs, *right)
        # never a third state, never one state on both sides
        assert {a, b} - {None} <= sides and (a != b or a is None), (entry_id, left, a, b)
        if on_arc:  # the line is one state's 200-NM limit here: the high seas beyond it
            assert None in (a, b), (entry_id, left)
        both += {a, b} - {None} == sides
        left_states.add(a)
        right_states.add(b)
    # one state keeps one side all along the line (the high seas where the line runs beyond
    # both 200-NM limits, dividing only the seabed, as in the central Bering Sea); a line that
    # ends a state's zone has the high seas all along its other side
    left_states.discard(None)
    right_states.discard(None)
    if high_seas:
        assert sorted(map(len, (left_states, right_states))) == [0, 1], entry_id
        assert (left_states | right_states) == sides and both >= 1, entry_id
        return
    assert len(left_states) == 1 and len(right_states) == 1, entry_id
    assert left_states != right_states and both >= len(FRACTIONS) // 2, entry_id


@pytest.mark.parametrize("entry_id", [e["id"] for e in _zone_lines()])
def test_treaty_line_is_in_the_limit_layer_with_its_instrument(entry_id):
    from trajgeo.maritime.lines import limit_error_at

    entry = next(e for e in _zone_lines() if e["id"] == entry_id)
    c = np.array(entry["coords"], float)
    if "none" in entry["sides"]:
        # written past the state's own limit (the instrument gives no end point): only the
        # part that is the edge of its zone is shipped
        from trajgeo.maritime.zoneset import load_zones

        zs = load_zones()
        state = next(x for x in entry["sides"] if x != "none")
        c = c[
            [
                _state_at(zs, lo - 0.05, la) == state or _state_at(zs, lo + 0.05, la) == state
                for lo, la in c
            ]
        ]
    n = len(c)
    assert n >= 8, entry_id
    lon = ((c[n // 4 : 3 * n // 4 : 5, 0] + 180.0) % 360.0) - 180.0
    lat = c[n // 4 : 3 * n // 4 : 5, 1]
    kind, err, src, dist = limit_error_at(lon, lat, kinds=(entry["kind"],))
    assert np.all(kind == entry["kind"]), entry_id
    assert np.all(dist < 1.0), (entry_id, float(dist.max()))
    assert np.all(err <= float(entry["error_km"])), entry_id
    assert all(str(s) == " ".join(entry["source"].split()) for s in src), entry_id


def test_japan_korea_1974_line_is_the_agreement_not_the_median():
    # Article I points 20 and 27 (Tokyo datum) lie on the shipped Japan - Korea limit
    from pyproj import Transformer

    from trajgeo.maritime.lines import limit_error_at

    tr = Transformer.from_crs("EPSG:4301", "EPSG:4326", always_xy=True)
    pts = [(129 + 12.1 / 60, 34 + 49.7 / 60), (129 + 32.9 / 60, 35 + 1.2 / 60)]
    lon, lat = tr.transform([p[0] for p in pts], [p[1] for p in pts])
    kind, _, src, dist = limit_error_at(np.array(lon), np.array(lat), "KOR", kinds=("treaty",))
    assert np.all(kind == "treaty") and np.all(dist < 0.5)
    assert all("1974" in s for s in src)


def test_the_chukchi_sea_is_divided_by_the_1990_meridian_not_a_median_line():
    # a median line between Chukotka and Alaska had put the boundary up to 3 degrees west of
    # the meridian 168°58'37"W (69.6 N 171.5 W was the United States', 13 km from a limit)
    # and Wrangel Island's sea east of it; north of the United States' 200 NM the sea east of
    # the meridian is neither state's
    from trajgeo.maritime.zoneset import load_zones

    zs = load_zones()
    meridian = -(168 + 58 / 60 + 37 / 3600)
    for lat, lon, state in [
        (69.6, -171.5, "RUS"),
        (69.0, -169.1, "RUS"),
        (68.0, meridian - 0.2, "RUS"),
        (68.0, meridian + 0.2, "USA"),
        (71.5, -167.2, "USA"),
        (72.5, meridian + 0.3, "USA"),
        (73.3, meridian + 0.5, None),
        (73.3, meridian - 0.5, "RUS"),
    ]:
        assert _state_at(zs, lon, lat) == state, (lat, lon)


# (line, reference file, its state property, its zone-type property, 0..360 longitudes)
REF_CHECKS = {
    "jpn-kor-1974-north": (REF_NW, "iso_sov", "pol_type", True),
    "deu-nld-1964-coastal": (REF_WORLD, "ISO_Ter1", "Pol_type", False),
    "col-nic-2012-icj": (REF_WORLD, "ISO_Ter1", "Pol_type", False),
    "usa-rus-1990-chukchi": (REF_WORLD, "ISO_Ter1", "Pol_type", False),
}


@cache
def _reference(path: Path):
    if not path.exists():
        return None
    doc = json.loads(path.read_text())
    geoms = [shapely.geometry.shape(f["geometry"]) for f in doc["features"]]
    props = [f["properties"] for f in doc["features"]]
    return geoms, props


@pytest.mark.parametrize("entry_id", sorted(REF_CHECKS))
def test_treaty_line_sides_agree_with_marine_regions(entry_id):
    from trajgeo.maritime.zoneset import load_zones

    path, iso_key, type_key, wrap = REF_CHECKS[entry_id]
    ref = _reference(path)
    if ref is None:
        pytest.skip("Marine Regions reference (../shared/reference/) not present")
    geoms, props = ref
    entry = next(e for e in _zone_lines() if e["id"] == entry_id)
    zs = load_zones()
    agree = total = 0
    for *pair, _ in _probe_points(entry):
        for lon, lat in pair:
            x = lon % 360.0 if wrap else lon
            owners = {
                p[iso_key]
                for g, p in zip(geoms, props, strict=True)
                if p.get(type_key) == "200NM" and shapely.contains_xy(g, x, lat)
            }
            if not owners:
                continue
            total += 1
            agree += _state_at(zs, lon, lat) in owners
    assert total >= 6
    assert agree == total


def test_every_published_entry_says_whether_its_points_were_checked():
    # the manifest records the sources file as it is (hash) with each entry's check record
    import hashlib

    man = json.loads((REPO / "geodata" / "eez" / "manifest.json").read_text())
    rec = man["published_lines"]
    assert rec["sha256"] == hashlib.sha256(SOURCES.read_bytes()).hexdigest()
    src = _sources()
    entries = (
        src["lines"]
        + src["baselines"]
        + src["joint_regimes"]
        + src.get("full_reach", [])
        + src.get("enclaves", [])
    )
    assert [e["id"] for e in entries] == [e["id"] for e in rec["entries"]]
    for e, r in zip(entries, rec["entries"], strict=True):
        assert e.get("checked") and r["checked"] == " ".join(e["checked"].split()), e["id"]
        # an enclave's or a full reach's line is built from the coastline by its rule: no
        # coordinates, no datum
        by_rule = "islands" in e or "reach_nm" in e
        assert e.get("source") and (by_rule or (e.get("datum") and e.get("crs"))), e["id"]


def test_a_joint_regime_becomes_a_zone_naming_both_states():
    # the build step that turns a joint regime of limit_sources.yaml into a zone of its own,
    # run on the shipped Japan and Korea zones with a test box astride their median line
    # (not a real regime: the JDZ's coordinates are still to be entered from the Agreement)
    pytest.importorskip("geopandas")
    sys.path.insert(0, str(REPO / "geodata"))
    import build_eez
    import limit_sources

    from trajgeo.io.packed import read_layer

    geoms, attrs, _ = read_layer(REPO / "geodata" / "eez" / "zones.npz")
    zid = list(attrs["zone_id"])
    zones = {s: geoms[zid.index(f"eez-{s}")] for s in ("JPN", "KOR")}
    box = [(127.6, 32.4), (128.6, 32.4), (128.6, 33.0), (127.6, 33.0), (127.6, 32.4)]
    entry = {"id": "test-box", "name": "Test box", "states": ["JPN", "KOR"], "coords": box}
    before = {s: shapely.contains_xy(zones[s], 127.7, 32.5) for s in zones}
    assert sum(before.values()) == 1  # one state held the corner before
    box_poly = shapely.Polygon(box)
    assert all(shapely.intersection(zones[s], box_poly).area > 0.01 for s in zones)
    meta: dict = {}
    area = limit_sources.carve_joint_regime(zones, meta, entry)
    key = limit_sources.joint_regime_key(entry)
    assert area > 0.3 and key in zones
    assert shapely.contains_xy(zones[key], 127.7, 32.5)
    assert not any(shapely.contains_xy(zones[s], 127.7, 32.5) for s in ("JPN", "KOR"))
    # both states held part of it: it is cut from both
    assert all(shapely.intersection(zones[s], zones[key]).area < 1e-6 for s in ("JPN", "KOR"))
    rows = build_eez.rows_for({key: zones[key]}, meta, "eez")
    assert rows[0]["kind"] == "joint_regime" and rows[0]["claimants"] == "JPN;KOR"
    assert rows[0]["zone_id"] == "jr-JPN-KOR-test-box"
    with pytest.raises(ValueError, match="no zone"):
        limit_sources.carve_joint_regime(zones, meta, {**entry, "states": ["JPN", "XXX"]})


def test_a_joint_regimes_edges_carry_its_instrument():
    sys.path.insert(0, str(REPO / "geodata"))
    import build_limits

    entry = {"id": "x", "states": ["JPN", "KOR"], "source": "An  agreement (1974)", "error_km": 1}
    lines = [
        {"kind": "joint_regime", "zone_a": "eez-JPN", "zone_b": "jr-JPN-KOR-x"},
        {"kind": "median_line", "zone_a": "eez-JPN", "zone_b": "eez-KOR"},
    ]
    out = build_limits.published_regimes(lines, [entry])
    assert out[0]["source"] == "An agreement (1974)" and out[0]["error_km"] == 1.0
    assert "source" not in out[1]


def _at(lon: float, lat: float, az: float, km: float) -> tuple[float, float]:
    x, y, _ = GEOD.fwd(lon, lat, az, km * 1000.0)
    return float(x), float(y)


#: Points round the Italy-Tunisia 1971 enclaves: (island point, azimuth, km, state whose EEZ).
#: Within 13 NM (24.1 km) of Lampedusa or Pantelleria the sea stays Italian; beyond it, on the
#: side where Tunisia's coast is nearer than any other without the islands, it is Tunisian.
ENCLAVE_POINTS = [
    ((12.575, 35.505), 200.0, 15.0, "ITA"),  # Lampedusa, inside its belt
    ((12.575, 35.505), 240.0, 45.0, "TUN"),  # south-west of Lampedusa, beyond the belt
    ((12.575, 35.505), 150.0, 50.0, "TUN"),
    ((12.865, 35.865), 300.0, 40.0, "TUN"),  # west of Linosa, beyond its belt
    ((11.99, 36.78), 225.0, 15.0, "ITA"),  # Pantelleria, inside its belt
    ((11.99, 36.78), 200.0, 40.0, "TUN"),  # beyond it, towards Tunisia
]


@pytest.mark.parametrize(("start", "az", "km", "state"), ENCLAVE_POINTS)
def test_enclaved_islands_keep_only_their_treaty_belt(start, az, km, state):
    # Italy-Tunisia 1971, Articles I-II (limit_sources.yaml, enclaves): before, the Pelagie
    # Islands and Pantelleria had full median-line effect and Italy's EEZ reached far into
    # what the Agreement gives Tunisia
    from trajgeo.maritime import load_zones

    zones = load_zones()
    lon, lat = _at(*start, az, km)
    _, zi = zones.classify(np.array([lon]), np.array([lat]))
    eez = {zones.zones[i].sovereign_iso3 for i in zi if zones.zones[i].kind == "eez"}
    assert eez == {state}, (lon, lat, eez)


def test_the_enclave_treatys_line_names_the_treaty():
    from trajgeo.maritime.lines import limit_error_at

    lon, lat = _at(12.575, 35.505, 240.0, 24.1)  # on Lampedusa's belt, the boundary
    kinds = ("median_line", "treaty", "outer_limit_200nm")  # not the 12-NM limit, 1 NM inside
    kind, error_km, source, distance_km = limit_error_at(lon, lat, kinds=kinds)
    assert float(distance_km) < 5.0
    assert str(kind) == "median_line" and "Italian Republic and the Tunisian Republic" in str(
        source
    ), source


#: From Kolbeinsey (Iceland's northernmost base point, Law 41/1979) toward Jan Mayen: (km, state).
#: The median line would fall about 295 km out; the 1980 Agreement gives Iceland its full 200 NM
#: (370.4 km) there, and Jan Mayen's zone the rest.
KOLBEINSEY = (-18.6883, 67.1483)
JAN_MAYEN_POINTS = [(300.0, "ISL"), (355.0, "ISL"), (390.0, "NOR"), (450.0, "NOR")]


@pytest.mark.parametrize(("km", "state"), JAN_MAYEN_POINTS)
def test_iceland_keeps_its_full_200_nm_toward_jan_mayen(km, state):
    from trajgeo.maritime import load_zones

    az = GEOD.inv(*KOLBEINSEY, -8.45, 71.0)[0]
    lon, lat = _at(*KOLBEINSEY, az, km)
    zones = load_zones()
    _, zi = zones.classify(np.array([lon]), np.array([lat]))
    eez = {zones.zones[i].sovereign_iso3 for i in zi if zones.zones[i].kind == "eez"}
    assert eez == {state}, (km, lon, lat, eez)


def test_the_jan_mayen_line_names_the_1980_agreement():
    from trajgeo.maritime.lines import limit_error_at

    az = GEOD.inv(*KOLBEINSEY, -8.45, 71.0)[0]
    lon, lat = _at(*KOLBEINSEY, az, 370.4)  # on Iceland's 200-NM limit
    kind, _, source, distance_km = limit_error_at(lon, lat, kinds=("median_line", "treaty"))
    assert float(distance_km) < 5.0
    assert str(kind) == "median_line" and "Iceland and Norway" in str(source), source
