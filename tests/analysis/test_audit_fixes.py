"""Estimates and claim checks that an audit found wrong, each held to what it should say."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tests.conftest import invoke

HEAD = "id: t\ntitle: t\ndate: 2024-01-01\n"


@pytest.fixture(scope="module")
def zoneset():
    from trajgeo.maritime import load_zones

    return load_zones()


def _write(tmp_path, body: str, name: str = "e.yaml"):
    path = tmp_path / name
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def _checked(path, *extra):
    """Return the one event of ``check --json`` on ``path``."""
    [event] = json.loads(invoke("check", path, "--json", *extra).stdout)["events"]
    return event


def _claim(path, *extra):
    return _checked(path, *extra)["claims"][0]


def test_a_worldview_measures_a_zone_against_its_own_limits(tmp_path):
    # 5 km from the Japan-Russia median line (95 % error 51 km): near the line in any view.
    # A third party's view had measured Japan's zone against that party's own limits, more
    # than 2,000 km away, and called Japan's claim contradicted.
    path = _write(
        tmp_path,
        "launch: {site: Sunan}\n"
        "shots:\n  - {count: 1, missile: ICBM, impact: {lat: 42.05, lon: 136.9, radius_km: 5},"
        " source: Test}\n"
        "claims:\n  - {zone: JPN, inside: false, source: Japan Ministry of Defense}\n",
    )
    own = _claim(path)
    for view in ("USA", "CHN", "RUS"):
        seen = _claim(path, "--worldview", view)
        assert seen["status"] == own["status"] == "near_line", view
        assert abs(seen["probability"] - own["probability"]) < 0.02, view
        margins = seen["missiles"][0]["zone"]["margin_km"]
        assert max(abs(m) for m in margins) < 60.0, (view, margins)


def test_an_impact_disc_across_180_degrees_is_sampled_on_both_sides(tmp_path):
    # 254 km inside Fiji's zone; the disc's points east of 180 had been left at longitudes
    # over 180, in no zone, and the claim read as a coin toss
    path = _write(
        tmp_path,
        "launch: {lat: -10.0, lon: 170.0}\n"
        "shots:\n  - {count: 1, missile: IRBM, impact: {lat: -20.0, lon: 179.95, radius_km: 30},"
        " source: Test}\n"
        "claims:\n  - {zone: FJI, inside: true, source: Fiji}\n",
    )
    event = _checked(path, "--samples")
    assert event["claims"][0]["probability"] > 0.9
    lon = np.array([p[0] for p in event["missiles"][0]["impact_samples"]])
    assert lon.min() >= -180.0 and lon.max() <= 180.0
    assert (lon < -179.0).any() and (lon > 179.0).any()


def _event(tmp_path, body: str):
    from trajgeo.events import load_events

    [event] = load_events(_write(tmp_path, body))
    return event


def test_a_per_account_claim_check_settles_nothing_within_the_95_percent_error(tmp_path, zoneset):
    # 15 km outside Japan's EEZ, where the median line's 95 % error is 51 km: the map's alt
    # text had said "This contradicts the reported claim" while check said near the line
    from trajgeo.maps import make_spec
    from trajgeo.maritime.verdicts import check_event

    event = _event(
        tmp_path,
        "launch: {site: Sunan}\n"
        "shots:\n  - {count: 1, missile: ICBM, impact: {lat: 42.5, lon: 136.9},"
        " source: Japan Ministry of Defense}\n"
        "claims:\n  - {zone: JPN, inside: true, source: Japan Ministry of Defense}\n",
    )
    [cc] = check_event(event, zoneset).claims
    assert cc.verdicts[0].confidence == "medium" and cc.status == "inconclusive"
    alt = make_spec(event, zones=zoneset).alt_text
    assert "contradicts" not in alt
    assert "Reported claim, inside Japan's EEZ (Japan Ministry of Defense): " in alt


def test_a_per_account_eez_claim_counts_the_states_land(tmp_path, zoneset):
    # 180 km inland in North Korea: not "outside North Korea's EEZ"
    from trajgeo.maritime.verdicts import check_event

    event = _event(
        tmp_path,
        "launch: {site: Pyongyang}\n"
        "shots:\n  - {count: 1, missile: SRBM, impact: {lat: 40.0, lon: 127.3}, source: ROK JCS}\n"
        "claims:\n  - {zone: PRK, inside: true, source: KCNA}\n",
    )
    [cc] = check_event(event, zoneset).claims
    assert cc.status == "holds" and cc.verdicts[0].status == "inside"


def test_disputed_land_is_read_as_trajgeos_and_names_every_claimant(tmp_path, zoneset):
    from trajgeo.maps import make_spec

    event = _event(
        tmp_path,
        "launch: {lat: 46.5, lon: 36.0}\n"
        "shots:\n  - {count: 1, missile: SRBM, impact: {lat: 44.95, lon: 34.1},"
        " source: Ukraine Air Force}\n"
        "  - {same_as: 1, range_km: about 200, source: Russian Defence Ministry}\n"
        "claims: []\n",
    )
    alt = make_spec(event, zones=zoneset).alt_text
    said, _, read = alt.partition("By trajgeo's reading of those figures, it ")
    assert "on land" not in said
    assert read.startswith("came down on land claimed by Russia and Ukraine")


def test_a_disputed_band_counts_for_each_of_its_claimants(tmp_path):
    # north of the Liancourt Rocks: both claimants' zones were missing from the list
    path = _write(
        tmp_path,
        "launch: {site: Wonsan}\n"
        "shots:\n  - {count: 1, missile: SRBM, impact: {lat: 38.3, lon: 132.0, radius_km: 10},"
        " source: Test}\n"
        "claims: []\n",
    )
    event = _checked(path)
    zones = {z["zone"] for z in event["missiles"][0]["zones"]}
    assert {"JPN", "KOR"} <= zones


def test_fewer_samples_than_an_account_is_tested_on_are_refused(run_cli):
    from tests.conftest import EXAMPLES

    res = run_cli("check", EXAMPLES / "2024-03-18-pyongyang.yaml", "--sample-size", "199")
    assert res.exit_code == 2 and "199" in res.output and "200" in res.output


def test_a_ring_round_its_own_middle_is_not_described_from_a_point():
    # no direction reported: the samples ring the launch site; their middle lies where
    # none of them is, and "about 20 km W of Pyongsong" had been printed
    from trajgeo.analysis.estimate import ImpactEstimate
    from trajgeo.analysis.landmarks import describe_impact
    from trajgeo.events.accounts import Missile
    from trajgeo.events.gazetteer import Place

    t = np.radians(np.linspace(0.0, 360.0, 400, endpoint=False))
    pts = np.column_stack([125.9 + 3.0 * np.cos(t), 39.2 + 2.3 * np.sin(t)])
    est = ImpactEstimate(Missile(1, ()), pts, pts, (), (), (), 0, len(pts), True)
    town = Place("pyongsong", "Pyongsong", 125.87, 39.25, kind="island")
    assert describe_impact(est, [town]) is None


def test_a_rounded_distance_stays_inside_its_own_90_percent():
    # samples 214-216 km west of a point: "about 220 km" would lie outside them all
    from pyproj import Geod

    from trajgeo.analysis.estimate import ImpactEstimate
    from trajgeo.analysis.landmarks import describe_impact
    from trajgeo.events.accounts import Missile
    from trajgeo.events.gazetteer import Place

    lon, lat, _ = Geod(ellps="WGS84").fwd(
        np.full(200, 139.45),
        np.full(200, 42.15),
        np.full(200, 270.0),
        np.linspace(214e3, 216e3, 200),
    )
    pts = np.column_stack([lon, lat])
    est = ImpactEstimate(Missile(1, ()), pts, pts, (), (), (), 0, len(pts), True)
    d = describe_impact(est, [Place("okushiri", "Okushiri Island", 139.45, 42.15, kind="island")])
    assert d is not None and d.low_km <= d.distance_km <= d.high_km and d.distance_km == 215.0


def test_a_claim_changes_nothing_in_the_estimate(tmp_path):
    # 15 km beyond Japan's zone (the median line's 95 % error is 51 km): Japan's zone was
    # measured only when a claim named it, and a claim could change how many samples were
    # drawn; the zones measured are now those the samples reach or lie within a limit's
    # error of
    shot = (
        "launch: {site: Sunan}\n"
        "shots:\n  - {count: 1, missile: ICBM, impact: {lat: 42.5, lon: 136.9, radius_km: 10},"
        " source: Japan Ministry of Defense}\n"
    )
    claim = "claims:\n  - {zone: JPN, inside: true, source: Japan Ministry of Defense}\n"

    def missile(path):
        m = _checked(path)["missiles"][0]
        return m["samples"], {z["zone"]: z["p_inside"] for z in m["zones"]}

    claimed = missile(_write(tmp_path, shot + claim, "claimed.yaml"))
    assert claimed == missile(_write(tmp_path, shot + "claims: []\n", "bare.yaml"))
    assert 0.02 < claimed[1]["JPN"] < 0.5  # no sample inside Japan's zone as drawn


def test_check_says_why_zone_probabilities_add_up_past_100_percent(tmp_path):
    from tests.conftest import EXAMPLES
    from trajgeo.wording import ZONES_OVERLAP

    band = _write(
        tmp_path,
        "launch: {site: Wonsan}\n"
        "shots:\n  - {count: 1, missile: SRBM, impact: {lat: 38.3, lon: 132.0, radius_km: 10},"
        " source: Test}\n"
        "claims: []\n",
    )
    assert ZONES_OVERLAP in invoke("check", band).stdout  # Japan's and Korea's, 81 % each
    assert ZONES_OVERLAP not in invoke("check", EXAMPLES / "2023-02-18-hwasong-15.yaml").stdout


def test_disputed_land_is_no_claimants_in_a_view_that_does_not_settle_it(zoneset):
    # the data list Russia first among Crimea's claimants; Russia's land had held Crimea in
    # the neutral and third-party views ("Russia (land): 55 % inside" beside the band)
    from shapely.geometry import Point

    simferopol = Point(34.1, 44.95)
    for view in (None, "USA"):
        zs = zoneset.with_worldview(view) if view else zoneset
        assert not zs.state_area("RUS", "land").geometry.contains(simferopol), view
        assert not zs.state_area("UKR", "land").geometry.contains(simferopol), view
    for view in ("RUS", "UKR"):
        area = zoneset.with_worldview(view).state_area(view, "land")
        assert area.geometry.contains(simferopol), view


def test_an_html_popup_gives_the_fused_answer_to_a_claim(tmp_path):
    # the popup had given each account's reading apart ("inconclusive") beside the badge's
    # and check's "holds"
    from tests.conftest import EXAMPLES

    out = tmp_path / "m.html"
    invoke("map", EXAMPLES / "2024-03-18-pyongyang.yaml", "-o", out)
    page = out.read_text(encoding="utf-8")
    assert 'cl-holds\\"\\u003eholds' in page and "cl-inconclusive" not in page


def test_a_claim_left_open_by_the_view_says_so_on_the_map(tmp_path):
    from trajgeo.wording import verdict_badge

    path = _write(
        tmp_path,
        "launch: {lat: 46.6, lon: 36.0}\n"
        "shots:\n  - {count: 1, source: S, impact: {lat: 44.95, lon: 34.1, radius_km: 5}}\n"
        "claims:\n  - {zone: UKR, kind: land, inside: true, source: S}\n",
    )
    [claim] = _event_claims(path, "--worldview", "USA")
    assert claim["unsettled_in_view"] is True and claim["unsettled"] is True
    from trajgeo.analysis import analyse

    [ea] = analyse(path, worldview="USA").events
    [cv] = ea.fused.claims
    assert (
        verdict_badge(cv, "Ukraine's land")
        == "Inside Ukraine's land? Not settled: several states claim the area"
    )


def _event_claims(path, *extra):
    return _checked(path, *extra)["claims"]


def test_in_one_view_the_note_blames_only_the_errors(tmp_path):
    # by the Senkaku Islands, in Japan's view: China 6 %, Japan 94 %, Taiwan 6 %; the zones do
    # not overlap in one view, and the note had said they were each as their state claims
    from trajgeo.wording import ERRORS_OVERLAP, ZONES_OVERLAP

    path = _write(
        tmp_path,
        "launch: {site: Fujian coast}\n"
        "shots:\n  - {count: 1, missile: SRBM, impact: {lat: 25.75, lon: 123.5, radius_km: 10},"
        " source: Test}\n"
        "claims: []\n",
    )
    text = invoke("check", path, "--worldview", "JPN").stdout
    assert ERRORS_OVERLAP in text and ZONES_OVERLAP not in text


def test_a_zone_beyond_a_nearer_line_but_within_its_own_error_is_measured(tmp_path):
    # off 41.5° N 133° E every sample's nearest limit is Russia's; the Japan-Korea band's
    # edge, 152 km away, is known only to 217 km: Japan's and Korea's zones are a few
    # per cent likely, and were listed only when a claim named them
    path = _write(
        tmp_path,
        "launch: {site: Sunan}\n"
        "shots:\n  - {count: 1, missile: IRBM, impact: {lat: 41.5, lon: 133.0, radius_km: 30},"
        " source: Test}\n"
        "claims: []\n",
    )
    event = _checked(path)
    zones = {z["zone"]: z["p_inside"] for z in event["missiles"][0]["zones"]}
    assert {"JPN", "KOR", "RUS"} <= set(zones) and zones["JPN"] < 0.2


def test_an_overflight_of_disputed_land_names_every_claimant(tmp_path):
    # westward from Krasnodar over Crimea: the land index had given Crimea to the state the
    # data list first (Russia), the launching land's own, so the crossing went unreported
    path = _write(
        tmp_path,
        "launch: {lat: 45.03, lon: 38.97, radius_km: 5}\n"
        "shots:\n  - {count: 1, missile: SRBM, range_km: 420, bearing: 262, source: Test}\n",
    )
    [over] = _checked(path)["missiles"][0]["overflights"]
    assert over["state"] is None and over["claimants"] == ["RUS", "UKR"]
    assert over["name"] == "land claimed by Russia and Ukraine"
    assert over["probability"] > 0.1  # tracks that land on Crimea are landings, not overflights
    text = invoke("check", path, "--accounts").stdout
    assert "over land claimed by Russia and Ukraine:" in text
    assert "OVER      land claimed by Russia and Ukraine from" in text
    assert "over Russia" not in text and "OVER      Russia" not in text


def test_a_track_from_disputed_land_reports_a_claimants_own_land(tmp_path, zoneset):
    # west-north-west from Crimea over Kherson and Odesa to the sea: Ukraine's land beyond
    # the oblasts Russia also claims is crossed and reported; the claimed oblasts, held by
    # the same claimants as the launch site, are not
    from trajgeo.geo.impact import event_geometry
    from trajgeo.maritime.overflight import overflights

    event = _event(
        tmp_path,
        "launch: {lat: 45.0, lon: 34.1, radius_km: 5}\n"
        "shots:\n  - {count: 1, missile: SRBM, range_km: 450, bearing: 290, source: Test}\n",
    )
    found = overflights(event_geometry(event), zoneset)
    assert [(o.sovereign_iso3, o.claimants, o.state) for o in found] == [
        ("UKR", ("UKR",), "Ukraine")
    ]


def test_a_territory_inside_its_sovereigns_zone_is_no_overlap(tmp_path):
    # deep in French Polynesia's EEZ with a claim naming it: France's EEZ (which holds it) and
    # French Polynesia's are both over 99 %; the note had blamed claims that overlap
    from trajgeo.wording import ERRORS_OVERLAP, ZONES_OVERLAP

    path = _write(
        tmp_path,
        "launch: {lat: -10.0, lon: -160.0}\n"
        "shots:\n  - {count: 1, missile: IRBM, impact: {lat: -15.0, lon: -145.0, radius_km: 20},"
        " source: Test}\n"
        "claims:\n  - {zone: PYF, inside: true, source: France}\n",
    )
    text = invoke("check", path).stdout
    assert "France's EEZ: over 99 %" in text and "French Polynesia's EEZ: over 99 %" in text
    assert ZONES_OVERLAP not in text and ERRORS_OVERLAP not in text


def test_check_names_the_view_its_answers_are_in():
    # under --worldview the answers change (bands, unsettled claims) and the text had never
    # said which view it was in; without one nothing is added
    from tests.conftest import EXAMPLES

    path = EXAMPLES / "2023-02-18-hwasong-15.yaml"
    viewed = invoke("check", path, "--worldview", "CHN").stdout.splitlines()
    assert viewed[-1].startswith("  view: China's (--worldview CHN): disputed sea and land")
    assert not any(
        ln.lstrip().startswith("view:") for ln in invoke("check", path).stdout.splitlines()
    )


def test_an_account_read_in_two_states_zones_says_each_is_its_own_claim(tmp_path):
    # north of the Liancourt Rocks, both Japan's and South Korea's claims: the alt text read
    # "it fell inside Japan's EEZ ... and fell inside South Korea's EEZ", two claims as facts;
    # the band is now named by both claimants. Beside a line the two do not dispute (80 km
    # NNW of Yonaguni, Japan and Taiwan), each zone is said as its state claims it
    from tests.conftest import EXAMPLES
    from trajgeo.events import load_events
    from trajgeo.geo.impact import event_geometry
    from trajgeo.maps.captions import alt_text
    from trajgeo.maritime import check_event, load_zones

    zs = load_zones()
    [event] = load_events(
        _write(
            tmp_path,
            "launch: {site: Wonsan}\n"
            "shots:\n  - {count: 1, missile: SRBM, impact: {lat: 38.3, lon: 132.0, radius_km: 2},"
            " source: Test}\n"
            "claims:\n  - {zone: JPN, inside: true, source: Japan}\n"
            "  - {zone: KOR, inside: true, source: South Korea}\n",
        )
    )
    g = event_geometry(event)
    text = alt_text(g, check_event(g, zs), claims=False)
    assert "it came down in sea claimed by Japan and South Korea." in text
    assert "inside Japan's EEZ" not in text and "inside South Korea's EEZ" not in text
    [event] = load_events(EXAMPLES / "2022-08-04-pla-missiles-japan-eez.yaml")
    g = event_geometry(event)
    text = alt_text(g, check_event(g, zs), claims=False)
    assert "limit of Taiwan's EEZ as Taiwan claims it" in text
    assert "limit of Japan's EEZ as Japan claims it" in text


def test_an_impact_on_a_far_islet_is_not_described_from_a_town_across_the_sea(tmp_path):
    # on Uotsuri (Senkaku Islands): mostly on land, so the nearest town was taken, Busan,
    # 1,166 km off, where Yonaguni lies 150 km away; and its tracks' altitude read "0–0 km"
    path = _write(
        tmp_path,
        "launch: {site: Fujian coast}\n"
        "shots:\n  - {count: 1, missile: SRBM, impact: {lat: 25.745, lon: 123.475, radius_km: 1},"
        " source: Test}\n"
        "claims: []\n",
    )
    text = invoke("check", path).stdout
    assert "km N of Yonaguni" in text and "Busan" not in text
    assert "0–0 km" not in text  # (the landing on the islet is no overflight at all now)


@pytest.mark.parametrize(
    ("impact", "said", "unsaid"),
    [
        # wholly on Japan's land near Aomori: had read "fell inside Japan's EEZ, 350 to 360 km
        # within its limit" (the claim's EEZ holds the state's land)
        ("{lat: 40.6, lon: 140.6, radius_km: 2}", "it came down on land in Japan.", "EEZ"),
        # across the coast: the claim's area is read as check reads it, "EEZ or land"
        ("{lat: 40.75, lon: 140.2, radius_km: 15}", "fell inside Japan's EEZ or land", "on land"),
    ],
)
def test_an_accounts_claimed_eez_on_land_is_said_as_land(tmp_path, impact, said, unsaid):
    from trajgeo.events import load_events
    from trajgeo.geo.impact import event_geometry
    from trajgeo.maps.captions import alt_text
    from trajgeo.maritime import check_event, load_zones

    [event] = load_events(
        _write(
            tmp_path,
            "launch: {site: Sunan}\n"
            f"shots:\n  - {{count: 1, missile: SRBM, impact: {impact}, source: Test}}\n"
            "claims:\n  - {zone: JPN, inside: true, source: Japan}\n",
        )
    )
    g = event_geometry(event)
    text = alt_text(g, check_event(g, load_zones()), claims=False)
    reading = text.split("By trajgeo's reading of those figures, ")[1].split(". ")[0]
    assert said in "By trajgeo's reading of those figures, " + reading + "."
    assert unsaid not in reading


FALKLANDS = (
    "launch: {lat: -53.78, lon: -67.7, radius_km: 10}\n"
    "shots:\n  - {count: 1, missile: SRBM, impact: {lat: -51.69, lon: -57.86, radius_km: 10},"
    " source: UK Ministry of Defence}\n"
    "claims:\n  - {zone: ARG, inside: false, source: UK Ministry of Defence}\n"
    "  - {zone: GBR, kind: land, inside: true, source: UK Ministry of Defence}\n"
)


def test_a_claim_in_land_or_sea_its_state_claims_with_others_is_not_settled(tmp_path):
    # off Stanley: "outside Argentina's EEZ" read CONTRADICTED, judged as Argentina draws its
    # zone; "on British land" HOLDS as the United Kingdom draws it. Either is one claim
    path = _write(tmp_path, FALKLANDS)
    claims = _event_claims(path)
    for claim in claims:
        assert claim["status"] == "near_line" and claim["unsettled"] is True, claim
        assert claim["unsettled_in_view"] is False
        assert "both claim" in claim["reason"]
    text = invoke("check", path).stdout
    assert "NOT SETTLED    outside Argentina's EEZ (UK Ministry of Defence): not settled" in text
    assert (
        "CONTRADICTED" not in text
        and "HOLDS" not in text
        and "likely" not in text.split("claims:")[1]
    )
    from trajgeo.analysis import analyse
    from trajgeo.maps.estimates import _badges

    # the map's badges lead with the same word ("NEAR THE LINE" had led "Not settled")
    assert {b.mark for b in _badges(analyse(path))} == {"NOT SETTLED"}


def test_a_maps_reading_of_disputed_land_or_sea_names_no_claimants_zone(tmp_path):
    from trajgeo.events import load_events
    from trajgeo.geo.impact import event_geometry
    from trajgeo.maps.captions import alt_text
    from trajgeo.maritime import check_event, load_zones

    [event] = load_events(_write(tmp_path, FALKLANDS))
    g = event_geometry(event)
    text = alt_text(g, check_event(g, load_zones()), claims=False)
    assert (
        "By trajgeo's reading of those figures, it came down partly in sea and partly on land "
        "claimed by Argentina and the United Kingdom." in text
    )
    assert "outside Argentina" not in text and "inside United Kingdom" not in text


def test_a_sliver_of_a_band_beside_a_margin_that_leaves_a_claim_open_is_not_the_reason():
    # the east-coast salvo: 6 % of the ring in the Japan-Korea band, 91 % outside Japan's EEZ;
    # the margin leaves the claim open and says so, with its probability
    from tests.conftest import EXAMPLES

    text = invoke("check", EXAMPLES / "seed-east-coast-srbm-salvo.yaml").stdout
    assert "NEAR THE LINE  outside Japan's EEZ" in text and "too close to the line" in text


def test_which_claims_a_report_makes_does_not_choose_the_landmark(tmp_path):
    # 15 km north of the Liancourt Rocks: a claim about Japan's zone had put it "about
    # 180 km NW of Dogo", its landmarks preferred; South Korea's claim, "about 15 km N of
    # Liancourt Rocks"
    shot = (
        "launch: {site: Wonsan}\n"
        "shots:\n  - {count: 1, missile: SRBM, source: Test,"
        " impact: {from: Liancourt Rocks, distance_km: about 15, bearing: N}}\n"
    )
    said = set()
    for zone in ("JPN", "KOR", None):
        claims = f"claims:\n  - {{zone: {zone}, inside: true, source: S}}\n" if zone else ""
        path = _write(tmp_path, shot + claims, f"{zone}.yaml")
        said.add(_checked(path)["missiles"][0]["impact_description"]["text"])
    assert said == {"about 15 km N of Liancourt Rocks"}


def test_no_sea_limit_reaches_a_sample_ashore(tmp_path):
    # 30 km inside Crimea: Turkey's and Romania's EEZ had each been 4 % likely, and Russia's
    # "EEZ or land" 94 % beside 99.6 % on its land, all by the error of a disputed band's
    # edge at sea (95 % under 371 km) applied to samples on land
    path = _write(
        tmp_path,
        "launch: {lat: 45.035, lon: 38.975, radius_km: 20}\n"
        "shots:\n  - {count: 1, missile: SRBM, impact: {lat: 44.95, lon: 34.10, radius_km: 20},"
        " source: Ukraine Air Force}\n"
        "claims: []\n",
    )
    zones = {z["zone"]: z for z in _checked(path)["missiles"][0]["zones"]}
    assert set(zones) == {"RUS", "UKR"}
    for z in zones.values():
        assert z["p_inside"] > 0.99, z


def test_the_land_a_track_comes_down_on_is_not_an_overflight(tmp_path):
    # 27 km inland of Aomori: the tracks' last stretch over Japan's land is the landing,
    # "over Japan: over 99 % of plausible tracks, at about 0–45 km altitude" had said
    path = _write(
        tmp_path,
        "launch: {site: Sunan}\n"
        "shots:\n  - {count: 1, missile: SRBM, impact: {lat: 40.6, lon: 140.6, radius_km: 2},"
        " source: Test}\n"
        "claims: []\n",
    )
    event = _checked(path, "--accounts")
    assert event["missiles"][0]["overflights"] == []
    assert all(not shot["overflights"] for shot in event["shots"])


def test_the_sites_table_says_its_state_column_is_no_judgement_on_sovereignty():
    # the Liancourt Rocks listed under KOR and Kunashir under RUS, with nothing to say that
    # the column is the administering state (the JSON notes said so)
    from trajgeo.wording import SITES_STATE

    out = invoke("sites", "liancourt").stdout.splitlines()
    assert out[1].split()[:4] == ["Liancourt", "Rocks", "island", "KOR"]
    assert out[-1] == SITES_STATE and "not a judgement on sovereignty" in SITES_STATE


def test_an_eez_claim_answered_with_the_states_land_says_so(tmp_path):
    # missiles that came down inland: "inside North Korea's EEZ ... as claimed" held on land,
    # and nothing said the EEZ had been read with the land
    path = _write(
        tmp_path,
        "launch: {site: Wonsan}\n"
        "shots:\n  - {count: 2, missile: SRBM, impact: {lat: 40.3, lon: 127.6, radius_km: 10},"
        " source: ROK Joint Chiefs of Staff}\n"
        "claims:\n  - {zone: PRK, inside: true, source: KCNA}\n"
        "  - {zone: JPN, inside: false, source: Japan Ministry of Defense}\n",
    )
    text = invoke("check", path).stdout
    assert (
        "inside North Korea's EEZ (KCNA): over 99 % likely, as claimed (read with North "
        "Korea's land, where over 99 % of the estimate lies)" in text
    )
    assert "outside Japan's EEZ (Japan Ministry of Defense): over 99 % likely, as claimed\n" in text


def test_where_a_source_said_it_fell_is_kept_in_its_own_reading(tmp_path):
    # KCNA's "fell into the Sea of Japan" had been dropped from the alt text ("flew about
    # 1,500 km in a direction not reported") and from its line under --accounts
    from trajgeo.events import load_events
    from trajgeo.geo.impact import event_geometry
    from trajgeo.maps.captions import alt_text

    path = _write(
        tmp_path,
        "launch: {site: Sunan}\n"
        "shots:\n  - {count: 1, missile: IRBM, range_km: about 1500, fell: Sea of Japan,"
        " source: KCNA}\n"
        "claims: []\n",
    )
    [event] = load_events(path)
    text = alt_text(event_geometry(event), None)
    assert "in a direction not reported and fell into the Sea of Japan." in text
    lines = invoke("check", path, "--accounts").stdout
    assert "line 1 (KCNA): IRBM from Sunan — 1,350–1,650 km, fell into the Sea of Japan" in lines


def test_a_sea_zones_margin_is_measured_over_the_part_at_sea(tmp_path, zoneset):
    # an area round Aomori, most of it on Japan's land: its land had been "396 km outside
    # Japan's EEZ", measured to the EEZ's sea limits across the water (the coast is no limit)
    from trajgeo.maritime.verdicts import check_event

    event = _event(
        tmp_path,
        "launch: {site: Pyongyang}\n"
        "shots:\n  - {count: 1, missile: IRBM, impact: {from: Aomori, distance_km: about 30},"
        " source: Japan Ministry of Defense}\n"
        "claims: []\n",
    )
    [sv] = check_event(event, zoneset).shots
    [eez] = [v for v in sv.verdicts if v.zone.kind == "eez" and v.zone.sovereign_iso3 == "JPN"]
    [land] = [v for v in sv.verdicts if v.zone.kind == "land"]
    assert eez.status == "straddles" and 0.5 < eez.share_ashore < 0.95
    assert eez.margin_km[0] >= 0.0, eez.margin_km  # every part at sea lies inside
    assert abs(eez.share_ashore - land.share_inside) < 0.1
    text = eez.describe()
    assert "the rest on land; at sea up to" in text and "outside" not in text, text
    assert eez.as_dict()["share_ashore"] == round(eez.share_ashore, 4)
    # an area wholly at sea is measured as before
    event = _event(
        tmp_path,
        "launch: {site: Sunan}\n"
        "shots:\n  - {count: 1, missile: ICBM, impact: {lat: 42.05, lon: 136.9, radius_km: 20},"
        " source: Test}\nclaims: []\n",
    )
    [sv] = check_event(event, zoneset).shots
    assert all(v.share_ashore == 0.0 for v in sv.verdicts)
    assert any("up to" in v.describe() and "km outside" in v.describe() for v in sv.verdicts)


def test_an_area_whose_samples_are_all_ashore_is_measured_whole():
    # land covering every sample of the area left none to measure: -inf, "outside" by an
    # infinite margin, where a sliver at sea too thin for the samples is what kept it a share
    from shapely.geometry import box

    from trajgeo.maritime.margins import signed_margin_km

    subject, area = box(0.0, 0.0, 1.0, 1.0), box(-5.0, -5.0, 5.0, 5.0)
    whole = signed_margin_km(subject, area)
    assert signed_margin_km(subject, area, ashore=box(-2.0, -2.0, 2.0, 2.0)) == whole
    # half ashore: only the part at sea is measured (its deepest point lies nearer the limit)
    lo, hi = signed_margin_km(subject, area, ashore=box(-2.0, -2.0, 0.5, 2.0))
    assert lo == whole[0] and hi < whole[1]


def test_the_per_account_claim_check_leaves_a_disputed_area_unsettled(tmp_path, zoneset):
    # the API's per-account check (map alt text where no estimate is made, popups, the
    # library) judged each claim in its own state's view alone: off Stanley, "outside
    # Argentina's EEZ" was CONTRADICTED as Argentina draws it; the fused estimate's rule now
    # holds for it too
    from trajgeo.geo.impact import event_geometry
    from trajgeo.maps.captions import alt_text
    from trajgeo.maritime.verdicts import check_event

    event = _event(tmp_path, FALKLANDS)
    for view in (None, "USA"):
        claims = check_event(event, zoneset, worldview=view).claims
        assert [c.status for c in claims] == ["inconclusive", "inconclusive"], view
        assert all(c.unsettled and c.as_dict()["unsettled"] for c in claims), view
        assert all("of the impact area lies in land or sea" in c.reason for c in claims)
    # in the United Kingdom's view Argentina's claimed EEZ does not reach Stanley: that holds
    gbr = check_event(event, zoneset, worldview="GBR").claims
    assert [c.unsettled for c in gbr] == [False, True] and gbr[0].status == "holds"
    g = event_geometry(event)
    text = alt_text(g, check_event(g, zoneset))
    assert (
        "The reported claim by UK Ministry of Defence, outside Argentina's EEZ, is not settled: "
        "over 99 % of the impact area lies in land or sea that Argentina and the United Kingdom "
        "both claim" in text
    )
    assert "contradicts" not in text


def test_the_catalogue_says_a_claim_in_disputed_sea_is_not_settled(tmp_path):
    # off the Oki Islands, in the sea round Takeshima/Dokdo: check said NOT SETTLED, and the
    # catalogue's table and map said "near the line"
    from trajgeo.maps.catalogue import VERDICTS, build_catalogue

    src = "examples/catalogue/2017-05-29-scud-wonsan.yaml"
    [entry] = build_catalogue(src).entries
    assert entry.verdict == "not_settled" and "not_settled" in VERDICTS
    table = invoke("check", src, "--format", "table").stdout
    assert "| not settled |" in table and "near the line" not in table


def test_a_launch_area_reaching_the_sea_is_no_launch_from_the_sea(tmp_path):
    # Tongchang-ri's launch area reaches the Yellow Sea: tracks drawn from its points at sea
    # had crossed North Korea's own coast, "over North Korea: 13 % of plausible tracks"
    def overflown(launch: str) -> set[str]:
        path = _write(
            tmp_path,
            f"launch: {launch}\n"
            "shots:\n  - {count: 1, missile: MRBM, range_km: about 1000, bearing: E,"
            " source: Test}\nclaims: []\n",
        )
        return {o["name"] for o in _checked(path)["missiles"][0]["overflights"]}

    assert "North Korea" not in overflown("{site: Tongchang-ri, radius_km: 40}")
    # a launch site at sea (a submarine's) has no launching land: the coast it crosses is
    # an overflight
    assert "North Korea" in overflown("{lat: 39.3, lon: 124.2, radius_km: 10}")
