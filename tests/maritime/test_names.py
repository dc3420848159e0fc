"""State and territory names come from the shipped data, not from a short list."""

from __future__ import annotations

import pytest

from trajgeo.maritime.names import state_name, state_names


@pytest.mark.parametrize(
    ("code", "name"),
    [("CHL", "Chile"), ("JPN", "Japan"), ("usa", "United States"), ("PYF", "French Polynesia")],
)
def test_names_of_states_and_territories(code, name):
    assert state_name(code) == name


def test_every_state_with_a_zone_has_a_name():
    from trajgeo.maritime import load_zones

    names = state_names()
    sovereigns = {
        z.sovereign_iso3
        for z in load_zones().zones
        if z.sovereign_iso3
        and z.kind in ("eez", "territorial_sea", "land")
        and not z.zone_id.startswith(("oc-", "ts-oc-", "land-oc-"))
    }
    assert sovereigns <= set(names)


def test_a_claim_about_chile_reads_chiles_eez(small_gazetteer):
    from trajgeo.events import parse_event
    from trajgeo.geo import event_geometry
    from trajgeo.maritime import check_event, load_zones

    event = parse_event(
        {
            "id": "chile",
            "title": "t",
            "launch": {"lat": -33.0, "lon": -75.0},
            "shots": [{"range_km": 300, "bearing": "W"}],
            "claims": [{"zone": "CHL", "inside": True}],
        },
        gazetteer=small_gazetteer,
    )
    result = check_event(event_geometry(event), load_zones())
    assert "Chile's EEZ" in result.claims[0].reason
    assert "CHL's" not in result.claims[0].reason
