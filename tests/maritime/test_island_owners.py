"""The reviewed owners of skipped (or wrongly assigned) GSHHG islands
(geodata/eez/island_owners.yaml) are in the shipped data: recorded in the island list and the
manifest, and carrying their state's zones."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

import pytest
import yaml
from pyproj import Geod

GEODATA = Path(__file__).resolve().parents[2] / "geodata"
OWNERS = GEODATA / "eez" / "island_owners.yaml"
ISLANDS = GEODATA / "eez" / "gshhg_islands.json"
MANIFEST = GEODATA / "eez" / "manifest.json"
REVIEWED = "assigned: reviewed (island_owners.yaml)"
GEOD = Geod(ellps="WGS84")


@cache
def groups() -> list[dict]:
    return yaml.safe_load(OWNERS.read_text())["islands"]


def zone_key(zone_id: str) -> str:
    """The zone key a zone id ends with (``eez-NZL-COK`` -> ``COK``)."""
    return zone_id.split("-")[-1]


def test_every_reviewed_island_is_recorded_with_its_owner_and_sources():
    doc = json.loads(ISLANDS.read_text())
    by_id = {e["id"]: e for e in doc["islands"]}
    listed = [i for g in groups() for i in g["ids"]]
    assert len(listed) == len(set(listed)) == doc["counts"][REVIEWED]
    for g in groups():
        assert any("https://" in s or "http://" in s for s in g["sources"])  # one to follow
        assert len(g["checked"]) > 50
        for i in g["ids"]:
            e = by_id[i]
            assert (e["status"], e["key"], e["reviewed"]) == (REVIEWED, g["key"], g["name"])
            if e["rule_status"] == "assigned":  # a reviewed correction of the rule's own
                assert e["rule_key"] == g["corrects"] != g["key"]
            else:
                assert e["rule_status"].startswith(
                    ("skipped: too far", "skipped: ambiguous", "skipped: modelled dispute near")
                )
            # near a dispute, never part of one: not nearest disputed land
            assert not e["nearest_key"].startswith("oc")
            assert len(e["ring"]) >= 4
            km = GEOD.inv(g["near"]["lon"], g["near"]["lat"], e["lon"], e["lat"])[2] / 1e3
            assert km <= g["within_km"]
    # no island left skipped as too far: each of them is one state's, and listed
    assert not [e for e in doc["islands"] if e["status"].startswith("skipped: too far")]
    # the island list records the reviewed file, and the manifest both, by SHA-256
    sha = hashlib.sha256(OWNERS.read_bytes()).hexdigest()
    assert doc["reviewed_owners"]["sha256"] == sha
    m = json.loads(MANIFEST.read_text())
    rec = [s for s in m["sources"] if s.get("file") == "geodata/eez/gshhg_islands.json"]
    assert rec[0]["reviewed_owners"]["sha256"] == sha


@pytest.mark.parametrize("name", [g["name"] for g in groups()])
def test_reviewed_atoll_has_its_states_territorial_sea(name):
    # Inside the group (the mean of its islands' points): the state's territorial sea or land.
    # Before the review the data set had no territorial sea there, except at Enewetak and Elato
    # (from their islets the rule had added); at the Farquhar group it answered Madagascar's EEZ.
    from trajgeo.maritime import load_zones

    g = next(g for g in groups() if g["name"] == name)
    found = {
        (z.kind, zone_key(z.zone_id))
        for z in load_zones().where(g["near"]["lon"], g["near"]["lat"])
    }
    assert found & {("territorial_sea", g["key"]), ("land", g["key"])}, found


# 100 km from a group, in a direction where the data set before the review answered another
# state's zone or none: Ujelang south (Micronesia's), the Niuas north and east (Samoa's),
# Cargados Carajos north, east and west, Eauripik south, Suwarrow south and Palmerston north
# and west (high seas). The other Yap atolls and Enewetak lay in their state's zone already,
# from the islands around them; the Minquiers in Jersey's. Farquhar and Providence south and
# west (Madagascar's): they lie near the disputed Glorioso Islands, so the island rule skips
# them, and the review names them (they are no part of that dispute). Ontong Java east, south
# and west (Papua New Guinea's: the rule had given the atoll to its nearest land, Papua New
# Guinea's Nukumanu); Takuu south (Solomon Islands': the rule had skipped the atoll); Los
# Monjes north (Colombia's: the rule had given the islets to the Guajira's state). The
# Philippine Turtle Islands lie 26-33 km off Sabah: their territorial sea is the test there.
AWAY = [
    ("Ujelang Atoll (Wūjlan̄)", 180),
    ("Niuatoputapu and Tafahi (Tonga, the Niuas)", 0),
    ("Niuatoputapu and Tafahi (Tonga, the Niuas)", 90),
    ("Cargados Carajos Shoals (Saint Brandon)", 0),
    ("Cargados Carajos Shoals (Saint Brandon)", 90),
    ("Cargados Carajos Shoals (Saint Brandon)", 270),
    ("Eauripik Atoll (Yap State)", 180),
    ("Suwarrow Atoll (Cook Islands, Northern Group)", 180),
    ("Palmerston Atoll (Cook Islands, Southern Group)", 0),
    ("Palmerston Atoll (Cook Islands, Southern Group)", 270),
    ("Farquhar Atoll (Seychelles, Outer Islands)", 180),
    ("Farquhar Atoll (Seychelles, Outer Islands)", 270),
    ("Providence Atoll and St Pierre (Seychelles, Farquhar group)", 180),
    ("Ontong Java Atoll (Luaniua), Solomon Islands", 90),
    ("Ontong Java Atoll (Luaniua), Solomon Islands", 180),
    ("Ontong Java Atoll (Luaniua), Solomon Islands", 270),
    ("Takuu (Tauu, the Mortlock Islands), Papua New Guinea", 180),
    ("Los Monjes (Venezuela, Federal Dependencies)", 0),
]


@pytest.mark.parametrize(("name", "azimuth"), AWAY)
def test_where_100_km_off_a_reviewed_atoll_answers_its_states_eez(run_cli, name, azimuth):
    g = next(g for g in groups() if g["name"] == name)
    from trajgeo.maritime import load_zones

    lon, lat, _ = GEOD.fwd(g["near"]["lon"], g["near"]["lat"], azimuth, 100e3)
    zs = load_zones().zones
    eez = next(z for z in zs if z.kind == "eez" and zone_key(z.zone_id) == g["key"])
    res = run_cli("where", f"{lat:.4f}", f"{lon:.4f}", "--json")
    assert res.exit_code == 0, res.output
    zones = json.loads(res.stdout)["zones"]
    got = [(z["kind"], z["name"], z["sovereign_iso3"]) for z in zones]
    assert got == [("eez", eez.name, eez.sovereign_iso3)], zones
