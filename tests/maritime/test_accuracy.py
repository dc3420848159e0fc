"""The error of the limit nearest a place: reported by `where` and used to grade verdicts."""

from __future__ import annotations

import json

import numpy as np
import pytest
from shapely.geometry import Point

from tests.conftest import REPO, invoke
from trajgeo.maritime.accuracy import limit_errors, local_error
from trajgeo.maritime.verdicts import judge
from trajgeo.maritime.zoneset import load_zones

# Inside Japan's EEZ, 112 km from the edge of the band Japan and Korea both claim
# round the Liancourt Rocks (a class measured at 95 % under about 220 km), and
# south of Honshu, 336 km inside Japan's 200-NM limit (95 % under about 15 km).
NEAR_BAND = (135.5, 38.5)
OPEN_PACIFIC = (140.0, 30.0)


def test_the_class_of_the_nearest_limit_sets_its_error():
    band = local_error(*NEAR_BAND)
    outer = local_error(*OPEN_PACIFIC, "JPN")
    assert band is not None and outer is not None
    assert band.kind == "disputed_band" and outer.kind == "outer_limit_200nm"
    assert band.p95_km > 100.0 > 50.0 > outer.p95_km
    assert 0 < outer.median_km < outer.p95_km and 0 < band.median_km < band.p95_km
    assert band.distance_km == pytest.approx(112.3, abs=1.0)
    # the same figures as the many-point form the fused estimate integrates
    med, p95, kind, dist = limit_errors(np.array([NEAR_BAND, OPEN_PACIFIC]), None)
    assert (kind[0], p95[0], med[0], dist[0]) == (
        band.kind,
        band.p95_km,
        band.median_km,
        band.distance_km,
    )


def test_a_limit_is_quoted_with_its_own_regions_error_even_where_that_is_worse():
    # The Liancourt band's edge: disputed bands measure worse in the NW Pacific than over all
    # the measured regions together. The lower, pooled figure once capped the local one, so
    # `where` and the verdicts quoted a bound the data there does not meet.
    from trajgeo.maritime.accuracy import EEZ_LIMITS, SEGMENT_BASIS, class_stats
    from trajgeo.maritime.lines import nearest_limit

    lim, idx, _ = nearest_limit(np.array([131.87]), np.array([37.24]), "JPN", kinds=EEZ_LIMITS)
    own = float(lim.error_km[idx[0]])
    pooled = class_stats()["disputed_band"][1]
    assert own > pooled  # the case under test
    err = local_error(131.87, 37.24, "JPN")
    assert err is not None and err.kind == "disputed_band"
    assert (err.p95_km, err.basis) == (own, SEGMENT_BASIS)
    assert limit_errors(np.array([[131.87, 37.24]]), "JPN")[1][0] == own


def test_a_line_the_measurement_could_not_match_says_its_class_figure_stands_in():
    # Off Odesa the reference draws no boundary where the band of Russia's 2022 claim ends:
    # the line carries the measurement's 500-km marker, and its class's figure stands in
    from trajgeo.maritime.accuracy import STAND_IN_BASIS, UNMEASURED_KM, class_stats

    err = local_error(31.2, 45.25)
    assert err is not None and err.kind == "disputed_band"
    assert err.p95_km == class_stats()["disputed_band"][1] < UNMEASURED_KM
    assert err.basis == STAND_IN_BASIS
    text = invoke("where", 45.25, 31.2)
    line = next(x for x in text.stdout.splitlines() if "nearest EEZ limit" in x)
    assert "(not measured here as the reference has no such boundary near it" in line, line


def test_where_reports_the_local_error_not_one_figure_for_the_world():
    lon, lat = NEAR_BAND
    text = invoke("where", lat, lon)
    assert text.returncode == 0, text.stderr
    band = local_error(*NEAR_BAND)
    assert band is not None
    line = next(x for x in text.stdout.splitlines() if "nearest EEZ limit" in x)
    assert "disputed band" in line and f"95 % under {band.p95_km:,.0f} km" in line
    doc = json.loads(invoke("where", lat, lon, "--json").stdout)
    assert doc["nearest_eez_limit"]["kind"] == "disputed_band"
    assert doc["nearest_eez_limit"]["p95_km"] == round(band.p95_km, 1)
    # without a distance, no limit is looked for
    bare = json.loads(invoke("where", lat, lon, "--json", "--no-distance").stdout)
    assert bare["nearest_eez_limit"] is None


def test_other_zone_data_keeps_its_own_stated_accuracy(tmp_path):
    import shapely

    path = tmp_path / "zones.geojson"
    feature = {
        "type": "Feature",
        "properties": {"name": "Demo", "sovereign_iso3": "JPN", "kind": "eez"},
        "geometry": json.loads(shapely.to_geojson(shapely.box(130, 35, 140, 42))),
    }
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    lon, lat = NEAR_BAND
    doc = json.loads(invoke("where", lat, lon, "--json", "--zones", path).stdout)
    assert doc["nearest_eez_limit"] is None


def test_a_verdict_is_graded_by_its_limits_error_where_it_is():
    zones = load_zones()
    japan = zones.state_area("JPN", "eez")
    assert japan is not None
    v = judge(Point(*NEAR_BAND), japan, zones.dataset)
    assert v.status == "inside" and v.limit_error is not None
    # 112 km clears the data set's one figure (95 % under 88 km), not this band's error
    assert v.closest_km > zones.dataset.accuracy_p95_km
    assert v.closest_km < v.limit_error.p95_km
    assert v.confidence == "medium"
    assert "this limit's typical boundary error" in v.describe()
    assert v.as_dict()["limit_error"]["kind"] == "disputed_band"
    # 336 km inside the well-measured 200-NM limit is a high-confidence answer
    far = judge(Point(*OPEN_PACIFIC), japan, zones.dataset)
    assert far.status == "inside" and far.confidence == "high"
    assert far.limit_error is not None and far.limit_error.kind == "outer_limit_200nm"


@pytest.mark.parametrize(
    ("lat", "lon", "words", "instrument"),
    [
        # on the 1974 Japan-Korea continental-shelf line, Korea Strait
        (34.0, 128.6, "a treaty line: the Agreement between Japan and the Republic of Korea", True),
        # on the belt the 1971 Italy-Tunisia Agreement gives Lampedusa, drawn by its rule
        (
            35.2,
            12.9,
            "drawn from the coastline by the rule of the Agreement between the Italian",
            True,
        ),
        # a disputed band's edge: derived, no instrument
        (37.24, 131.87, "the edge of a disputed band, 45 km away", False),
    ],
)
def test_where_names_the_instrument_a_limit_follows(lat, lon, words, instrument):
    text = invoke("where", lat, lon)
    assert text.returncode == 0, text.stderr
    line = next(x for x in text.stdout.splitlines() if "nearest EEZ limit" in x)
    assert words in line, line
    doc = json.loads(invoke("where", lat, lon, "--json").stdout)["nearest_eez_limit"]
    assert bool(doc["source"]) is instrument, doc
    # a line copied from an instrument's coordinates carries the bound stated with them;
    # one the build draws (by a treaty's rule or not), the bound measured for its class
    from trajgeo.maritime.accuracy import INSTRUMENT_BASIS, SEGMENT_BASIS

    assert doc["basis"] == (INSTRUMENT_BASIS if doc["kind"] == "treaty" else SEGMENT_BASIS)


def test_every_derived_source_text_the_build_writes_is_known_as_derived(monkeypatch):
    # a line trajgeo derived itself must never be presented as an instrument
    from pathlib import Path

    from trajgeo.maritime.lines import DERIVED_SOURCE_PREFIXES

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2] / "geodata"))
    from build_limits import SOURCE_OF_KIND

    for kind, text in SOURCE_OF_KIND.items():
        assert text.startswith(DERIVED_SOURCE_PREFIXES), (kind, text)


def test_a_limit_in_a_held_out_region_is_quoted_with_the_tuned_regions_figure():
    # French Polynesia's 200-NM limit north-east of the Tuamotus lies in the South Pacific,
    # a region kept out of tuning: its bound is its class's figure over the tuned regions,
    # and the basis says it was measured elsewhere
    from trajgeo.maritime.accuracy import POOLED_BASIS, class_stats

    acc = json.loads((REPO / "geodata" / "eez" / "accuracy.json").read_text())
    err = local_error(-134.0, -10.5, "FRA")
    assert err is not None and err.kind == "outer_limit_200nm", err
    assert err.p95_km == acc["error_km_by_kind"]["outer_limit_200nm"]
    assert err.p95_km != acc["error_km_by_region_kind"]["south_pacific"]["outer_limit_200nm"]
    assert err.basis == POOLED_BASIS
    class_median = class_stats()["outer_limit_200nm"][0]
    assert err.median_km == pytest.approx(min(class_median, err.p95_km * 0.9))
    text = invoke("where", -10.5, -134.0)
    line = next(x for x in text.stdout.splitlines() if "nearest EEZ limit" in x)
    assert "measured for this class of boundary in other regions" in line, line
