"""The fused impact estimate: calibration, conflicts, claims as probabilities, overflight.

Synthetic accounts are drawn from a known truth with the same error model the
estimate states (each band placed so the truth falls uniformly inside it), so
the estimate's regions must cover the truth at their stated rate.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Geod

from trajgeo.analysis.claims import judge_claim
from trajgeo.analysis.estimate import estimate_missile
from trajgeo.analysis.probability import zone_probability
from trajgeo.analysis.regions import probability_regions
from trajgeo.analysis.tracks import overflight_chances
from trajgeo.events.accounts import Account, Place, group_accounts
from trajgeo.events.figures import DirectionBand, Figure, read_direction, read_figure

REPO = Path(__file__).resolve().parents[1]
G = Geod(ellps="WGS84")
SITE = Place("Test site", 125.7, 39.0, 15.0)
MARK = Place("Test landmark", 133.0, 37.0, 0.0)
SUNAN = Place("Sunan", 125.67, 39.224, 3.0)
OSHIMA = Place("Oshima-Oshima", 139.35, 41.51, 2.0)


@pytest.fixture(scope="module")
def zones():
    from trajgeo.maritime import load_zones

    return load_zones()


@pytest.fixture(scope="module")
def land_owner(zones):
    from trajgeo.analysis.tracks import _land_owner

    def f(pts: np.ndarray) -> np.ndarray:
        idx, owners = _land_owner(zones, pts[:, 0], pts[:, 1])
        out = np.full(len(pts), "", dtype=object)
        out[idx] = owners
        return out

    return f


def _band(rng, truth, width):
    lo = truth - rng.random() * width
    return lo, lo + width


def _trial(rng, seed, target=2_000):
    """A truth, and two accounts of it: range + sector from the site, and from a landmark."""
    r, a = np.sqrt(rng.random()) * SITE.radius_km * 1000, rng.random() * 360
    lx, ly, _ = G.fwd(SITE.lon, SITE.lat, a, r)
    th, rr = rng.uniform(45, 105), rng.uniform(300, 800)
    ix, iy, _ = G.fwd(lx, ly, th, rr * 1000)
    lo, hi = _band(rng, rr, 60)
    b0, _ = _band(rng, th, 30)
    first = Account(
        1,
        "A",
        SITE,
        count=1,
        range_km=Figure(lo, hi, "", "between", ""),
        bearing=DirectionBand(b0 % 360, 30, "", ""),
    )
    az, _, d = G.inv(MARK.lon, MARK.lat, ix, iy)
    lo2, hi2 = _band(rng, d / 1000, 100)
    b2, _ = _band(rng, az, 90)
    second = Account(
        2,
        "B",
        SITE,
        landmark=MARK,
        landmark_distance_km=Figure(max(lo2, 0.1), hi2, "", "between", ""),
        landmark_bearing=DirectionBand(b2 % 360, 90, "", ""),
        same_as=1,
    )
    est = estimate_missile(group_accounts([first, second])[0], seed=seed, target=target)
    return est, (ix, iy)


@pytest.mark.slow
def test_regions_cover_the_truth_at_their_stated_rate():
    rng = np.random.default_rng(20261206)
    hits = {0.5: 0, 0.95: 0}
    trials = 1_000
    for k in range(trials):
        est, (x, y) = _trial(rng, k)
        assert est.placed and not est.conflicts
        for region in probability_regions(est, levels=(0.5, 0.95)):
            hits[region.level] += bool(shapely.intersects_xy(region.geometry, x, y))
    assert 0.93 <= hits[0.95] / trials <= 0.97
    assert 0.45 <= hits[0.5] / trials <= 0.55


def test_regions_hold_their_share_of_fresh_samples():
    rng = np.random.default_rng(7)
    est, _ = _trial(rng, 1, target=6_000)
    fresh, _ = _trial(np.random.default_rng(7), 2, target=6_000)  # same accounts, new seed
    r50, r95 = probability_regions(est)
    share = [
        shapely.intersects_xy(r.geometry, fresh.impacts[:, 0], fresh.impacts[:, 1]).mean()
        for r in (r50, r95)
    ]
    assert abs(share[0] - 0.5) < 0.04 and abs(share[1] - 0.95) < 0.02
    assert r50.area_km2 < r95.area_km2


def test_same_seed_same_estimate_and_probability_stable_to_a_point(zones):
    acc = [
        Account(
            1,
            "Japan MOD",
            SUNAN,
            count=1,
            missile="ICBM",
            landmark=OSHIMA,
            landmark_distance_km=read_figure("about 200"),
            landmark_bearing=read_direction("W"),
        )
    ]
    m = group_accounts(acc)[0]
    a = estimate_missile(m, event_id="e")
    b = estimate_missile(m, event_id="e")
    assert np.array_equal(a.impacts, b.impacts)
    ps = [zone_probability(estimate_missile(m, seed=s), zones, "JPN").p_inside for s in (1, 2, 3)]
    assert max(ps) - min(ps) < 0.02
    zp = zone_probability(a, zones, "JPN")
    assert zp.interval[1] - zp.interval[0] <= 0.02


def test_accounts_that_cannot_both_hold_are_reported_with_their_gap():
    jcs = Account(
        1,
        "ROK JCS",
        SUNAN,
        count=1,
        missile="IRBM",
        range_km=read_figure(600),
        bearing=read_direction("E"),
    )
    mod = Account(
        2, "Japan MOD", SUNAN, range_km=read_figure(450), bearing=read_direction("E"), same_as=1
    )
    est = estimate_missile(group_accounts([jcs, mod])[0], event_id="c")
    assert est.placed
    assert len(est.conflicts) == 1
    c = est.conflicts[0]
    # 600 km read as 550–650 km, 450 km as 425–475 km: 75 km apart, less the launch area
    assert 65 < c.gap_km < 80
    assert "cannot both hold" in c.sentence and f"{c.gap_km:,.0f} km apart" in c.sentence
    assert "ROK JCS" in c.sentence and "Japan MOD" in c.sentence


def test_a_third_account_breaks_the_tie():
    accs = [
        Account(
            1, "ROK JCS", SUNAN, count=1, range_km=read_figure(600), bearing=read_direction("E")
        ),
        Account(
            2, "Japan MOD", SUNAN, range_km=read_figure(450), bearing=read_direction("E"), same_as=1
        ),
        Account(3, "US", SUNAN, range_km=read_figure("about 620"), same_as=1),
    ]
    est = estimate_missile(group_accounts(accs)[0], event_id="t")
    assert est.lines_used == (1, 3)
    assert {c.line for c in est.conflicts} == {2}
    assert "sets aside Japan MOD's account" in est.conflicts[0].sentence


def test_claim_and_its_opposite_never_both_hold(zones, land_owner):
    cases = [
        [
            Account(
                1,
                "Japan MOD",
                SUNAN,
                count=1,
                landmark=OSHIMA,
                landmark_distance_km=read_figure("about 200"),
                landmark_bearing=read_direction("W"),
                fell="sea",
            )
        ],
        [
            Account(
                1,
                "Japan MOD",
                SITE,
                count=3,
                range_km=read_figure([300, 350]),
                bearing=read_direction("NE"),
            )
        ],
        [
            Account(
                1,
                "JCS",
                SUNAN,
                count=1,
                range_km=read_figure("about 1,000"),
                bearing=read_direction("E"),
            )
        ],
    ]
    for accs in cases:
        est = estimate_missile(group_accounts(accs)[0], event_id="f", land_owner=land_owner)
        yes = judge_claim("JPN", "eez", True, "x", [est], zones)
        no = judge_claim("JPN", "eez", False, "x", [est], zones)
        assert not (yes.status == "holds" and no.status == "holds")
        assert not (yes.status == "contradicted" and no.status == "contradicted")
        assert yes.probability + no.probability == pytest.approx(1.0)
        assert {yes.status, no.status} in ({"holds", "contradicted"}, {"near_line"})


def test_a_margin_within_the_boundary_error_never_decides(zones):
    """A point just inside the line's 95 % error: likely outside, but never confirmed."""
    from trajgeo.analysis.estimate import ImpactEstimate

    # walk west along 39°N out of Japan's EEZ until the margin is 75–95 % of the local error
    found = None
    for lon in np.arange(134.0, 128.0, -0.02):
        pt = np.array([[lon, 39.0]])
        est = ImpactEstimate(
            group_accounts([Account(1, "x", SITE)])[0], pt, pt, (), (), (), 0, 1, True
        )
        zp = zone_probability(est, zones, "JPN")
        if 0.75 * zp.error.p95_km < -zp.margin_km[1] < 0.95 * zp.error.p95_km:
            found = est
            break
    assert found is not None
    verdict = judge_claim("JPN", "eez", False, "x", [found], zones)
    assert verdict.probability >= 0.95  # outside is likely ...
    assert verdict.status == "near_line"  # ... but not beyond the line's own error
    assert "boundary's own error" in verdict.reason


def test_no_overflight_is_reported_without_a_direction(zones, land_owner):
    acc = [Account(1, "JCS", SUNAN, count=2, range_km=read_figure("about 800"), fell="sea")]
    est = estimate_missile(group_accounts(acc)[0], event_id="n", land_owner=land_owner)
    assert est.placed and not est.direction_known
    assert overflight_chances(est, zones) is None


def test_overflight_share_of_tracks_over_japan(zones, land_owner):
    chagang = Place("Chagang", 126.6, 40.6, 30.0)
    acc = [
        Account(
            1,
            "ROK JCS",
            chagang,
            count=1,
            range_km=read_figure("about 4,500"),
            apogee_km=read_figure("about 970"),
            bearing=read_direction("E"),
        ),
        Account(
            2,
            "Japan MOD",
            chagang,
            range_km=read_figure("about 4,600"),
            apogee_km=read_figure("about 1,000"),
            same_as=1,
        ),
    ]
    est = estimate_missile(group_accounts(acc)[0], event_id="o", land_owner=land_owner)
    chances = overflight_chances(est, zones)
    assert chances is not None
    japan = next(c for c in chances if c.iso3 == "JPN")
    assert japan.probability > 0.9
    assert japan.altitude_km is not None and 400 < japan.altitude_km[0] < 1_100
    assert all(c.iso3 != "PRK" for c in chances)  # the launching state's own land


def test_overflight_shares_agree_with_every_samples_within_their_interval(zones):
    # The shipped over-Japan example: launches near the Chinese border, heading east. 200
    # evenly spaced tracks crossed China in 2.5 % of cases where all 5,001 cross it in 11 %.
    # The drawn subset must agree with every sample's answer within the interval it reports.
    import trajgeo.analysis.tracks as tracks
    from trajgeo.analysis.fused import fuse_event
    from trajgeo.events import load_events

    (ev,) = load_events(REPO / "examples" / "2022-10-04-hwasong-12-over-japan.yaml")
    est = fuse_event(ev, zones).missiles[0].estimate
    assert est.n > tracks._TRACKS  # so a subset is drawn
    drawn = {c.iso3: c for c in overflight_chances(est, zones) or ()}
    old = tracks._TRACKS
    try:
        tracks._TRACKS = est.n
        full = {c.iso3: c for c in overflight_chances(est, zones) or ()}
    finally:
        tracks._TRACKS = old
    assert {"JPN", "CHN"} <= set(full)
    for iso, c in full.items():
        if c.probability < 0.03:
            continue  # rarer states may fall under the reporting floor in a subset
        lo, hi = drawn[iso].interval
        assert drawn[iso].drawn == tracks._TRACKS
        assert lo <= c.probability <= hi, (iso, c.probability, drawn[iso].interval)


def test_direction_known_agrees_with_the_ellipsoid_near_90_degrees(land_owner):
    """The spherical first pass of ``direction_known`` never answers otherwise than exactly."""
    from dataclasses import replace

    acc = [Account(1, "JCS", SUNAN, count=1, range_km=read_figure("about 800"), fell="sea")]
    est = estimate_missile(group_accounts(acc)[0], event_id="d", land_owner=land_owner)
    rng = np.random.default_rng(3)
    n = 4_000
    launch = np.tile([125.7, 39.0], (n, 1))
    for width in (30.0, 85.0, 88.0, 89.5, 90.0, 90.5, 92.0, 95.0, 200.0):
        for dist_km in (300.0, 5_000.0, 11_000.0):
            az = 60.0 + rng.uniform(-width / 2, width / 2, n) / 0.95
            lon, lat, _ = G.fwd(launch[:, 0], launch[:, 1], az, np.full(n, dist_km * 1e3))
            e = replace(est, launches=launch, impacts=np.column_stack([lon, lat]))
            assert e.direction_known == (e.azimuth_spread_deg() < 90.0), (width, dist_km)


def test_interpolated_tracks_stay_within_metres_of_the_geodesic():
    """Overflight tracks are geodesic at nodes 100 km apart, interpolated between."""
    from trajgeo.analysis.tracks import _POINTS, track_points

    rng = np.random.default_rng(7)
    n = 300
    start = np.column_stack([rng.uniform(-180, 180, n), rng.uniform(-89, 89, n)])
    az, dist = rng.uniform(0, 360, n), rng.uniform(20e3, 15_000e3, n)
    # over a pole, along the antimeridian, and a short hop
    start[:3] = [[40.0, 63.0], [179.9, -30.0], [125.7, 39.0]]
    az[:3], dist[:3] = [5.0, 0.0, 90.0], [8_000e3, 6_000e3, 20e3]
    for i in range(n):
        frac = np.linspace(0.0, 1.0, int(min(_POINTS, max(2, np.ceil(dist[i] / 5e3)))) + 1)
        lon, lat = track_points(start[i : i + 1], az[i : i + 1], dist[i : i + 1], frac)
        k = len(frac)
        ex_lon, ex_lat, _ = G.fwd(
            np.full(k, start[i, 0]), np.full(k, start[i, 1]), np.full(k, az[i]), dist[i] * frac
        )
        _, _, err = G.inv(lon, lat, ex_lon, ex_lat)
        assert np.max(err) < 3.0, (i, np.max(err))


def test_nothing_to_place_gives_unknown(zones):
    acc = [Account(1, "Japan MOD", SUNAN, count=3, missile="ballistic missile")]
    est = estimate_missile(group_accounts(acc)[0], event_id="u")
    assert not est.placed and "cannot place" in est.reason
    verdict = judge_claim("JPN", "eez", False, "Japan MOD", [est], zones)
    assert verdict.status == "unknown" and verdict.probability is None


def test_a_class_bound_places_a_bearing_only_account_and_says_it_is_derived():
    acc = [
        Account(1, "Japan MOD", SUNAN, count=3, missile="SRBM", bearing=read_direction("northeast"))
    ]
    est = estimate_missile(group_accounts(acc)[0], event_id="s")
    assert est.placed
    derived = [e for e in est.evidence if e.kind == "class"]
    assert derived and derived[0].source == "trajgeo (derived)"
    assert "at most 1,000 km" in derived[0].reading
    _, _, d = G.inv(est.launches[:, 0], est.launches[:, 1], est.impacts[:, 0], est.impacts[:, 1])
    assert d.max() <= 1_000_000.0 + 1


# --------------------------------------------------------------------------- apogee, flight time
def _catalogue_missile(name: str):
    from pathlib import Path

    from trajgeo.events import load_events
    from trajgeo.events.accounts import accounts_from_event

    path = Path(__file__).resolve().parents[1] / "examples" / "catalogue" / f"{name}.yaml"
    return load_events(path)[0], accounts_from_event(load_events(path)[0])[0]


def test_apogee_and_flight_time_bound_the_distance_of_a_known_flight():
    from trajgeo.analysis.flight import range_from_flight
    from trajgeo.physics.lofted import lofted_test_range

    # at a fixed apogee the free-flight time grows slowly with distance, and the
    # boost (0-5 min) is not known: the band is wide, but it holds the truth
    t = float(lofted_test_range(1_000.0, 6_000.0, band_pct=0.0).free_flight_time_min)
    band = range_from_flight(
        Figure(990.0, 1_010.0, "about 1,000", "about", ""),
        Figure(t + 1.0, t + 2.0, "", "", ""),
    )
    assert band is not None and band.low < 6_000.0 < band.high
    assert band.low > 1_500.0 and band.high < 9_000.0  # and it constrains
    assert band.rule.startswith("derived by trajgeo")


def test_a_lofted_report_says_its_apogee_and_time_do_not_narrow_the_distance():
    event, missile = _catalogue_missile("2022-03-24-hwasong-17")
    est = estimate_missile(missile, event_id=event.id, target=500)
    used = [e for e in est.evidence if e.kind == "apogee_flight_time"]
    assert used and "does not narrow the reported distance of some 1,100 km" in used[0].reading
    assert "over 6,000" in used[0].said  # the source's words, the band is trajgeo's


@pytest.mark.parametrize(
    "words",
    [
        "about 1,000",
        "an estimated 900",
        "more than 1,000",
        "between 950 and 1,050",
        "900",
        "900 km",
    ],
)
def test_the_reported_distance_reads_well_whatever_its_wording(words):
    # the figure carries its own article: "the reported an estimated 900 km" was written
    from dataclasses import replace

    from trajgeo.events.accounts import Missile

    event, missile = _catalogue_missile("2022-03-24-hwasong-17")
    first = replace(missile.accounts[1], range_km=read_figure(words), same_as=None)
    est = estimate_missile(
        Missile(missile.number, (first,), (first.line,)), event_id=event.id, target=300
    )
    reading = next(e.reading for e in est.evidence if e.kind == "apogee_flight_time")
    shown = words.removesuffix(" km")
    assert f"the reported distance of {shown} km" in reading, reading
    for bad in ("reported an ", "reported a ", "reported about", "km km", "  "):
        assert bad not in reading, reading


def test_a_class_bound_names_its_class_with_the_right_article():
    acc = [Account(1, "Japan MOD", SUNAN, missile="CRBM", bearing=read_direction("northeast"))]
    est = estimate_missile(group_accounts(acc)[0], event_id="s", target=300)
    derived = next(e.reading for e in est.evidence if e.kind == "class")
    assert "derived by trajgeo: a CRBM flies at most 300 km" in derived


def test_a_low_apogee_is_not_read_through_vacuum_ballistics():
    # Japan MOD: apogee 50 km, 11 min, about 850 km: a vacuum free flight would need
    # 1,900 km and more, a false conflict with the reported distance
    event, missile = _catalogue_missile("2023-06-15-two-srbm-hegura")
    est = estimate_missile(missile, event_id=event.id, target=500)
    assert not [e for e in est.evidence if e.kind == "apogee_flight_time"]
    assert any("too low for a free flight" in u for u in est.unused)
    assert not est.conflicts


def test_a_territory_zone_takes_its_sovereigns_measured_limit_error(zones):
    """French Polynesia's zone is bounded by France's limit lines: the same error model.

    The limit layer names sovereigns on either side; a claim about ``PYF`` once found no
    line of its own and fell back to a regional default that differed from ``FRA``'s.
    """
    from trajgeo.analysis.estimate import ImpactEstimate

    # a few samples near the Kiribati / French Polynesia limit (Line Islands - Marquesas)
    pts = np.array([[-148.0, -9.0], [-147.5, -9.2], [-148.3, -8.8]])
    est = ImpactEstimate(
        group_accounts([Account(1, "x", SITE)])[0], pts, pts, (), (), (), 0, 3, True
    )
    pyf = zone_probability(est, zones, "PYF")
    fra = zone_probability(est, zones, "FRA")
    assert pyf.error == fra.error
    assert "conservative default" not in pyf.error.basis
    assert abs(pyf.p_inside - fra.p_inside) < 0.02


def test_samples_far_from_a_limit_quote_that_limits_own_error(zones):
    """Every sample 1,000 km beyond Japan's limit: certain, and the error quoted is the local one.

    The quoted error once fell back to one class figure for the whole NW Pacific, from an
    older measurement, whatever the limit nearest the samples was.
    """
    from trajgeo.analysis.estimate import ImpactEstimate
    from trajgeo.maritime.accuracy import SEGMENT_BASIS, local_error

    pts = np.array([[158.0, 33.0], [158.3, 33.2], [157.8, 32.9]])
    est = ImpactEstimate(
        group_accounts([Account(1, "x", SITE)])[0], pts, pts, (), (), (), 0, 3, True
    )
    jpn = zone_probability(est, zones, "JPN")
    assert jpn.p_inside == 0.0
    assert jpn.error.basis == SEGMENT_BASIS
    nearest = min(
        (local_error(x, y, "JPN") for x, y in pts), key=lambda e: e.distance_km if e else 1e9
    )
    assert nearest is not None and nearest.distance_km > 500.0
    assert jpn.error.kind == nearest.kind
    assert jpn.error.p95_km == round(nearest.p95_km)


def test_a_territorial_sea_is_judged_by_its_own_edge_not_the_eez_line(zones):
    """Samples 57 km off Sokcho: about 35 km outside South Korea's 12-NM line.

    Their margin had been measured to the nearest EEZ limit (the median line with North
    Korea, some 60 km north) and graded by that line's error; the territorial sea's own edge
    is measured as drawn, with the error the data set states for such edges.
    """
    from trajgeo.analysis.estimate import ImpactEstimate
    from trajgeo.analysis.probability import STATED_BASIS

    geod = Geod(ellps="WGS84")
    lon, lat, _ = geod.fwd([128.59181] * 3, [38.20701] * 3, [85.0, 90.0, 95.0], [57e3] * 3)
    pts = np.column_stack([lon, lat])
    est = ImpactEstimate(
        group_accounts([Account(1, "x", SITE)])[0], pts, pts, (), (), (), 0, 3, True
    )
    ts = zone_probability(est, zones, "KOR", "territorial_sea")
    assert ts.error.basis == STATED_BASIS
    assert (ts.error.median_km, ts.error.p95_km) == (
        zones.dataset.accuracy_km,
        zones.dataset.accuracy_p95_km,
    )
    # outside by about 57 km less the 22-km (12-NM) belt, not by the 60-odd km to the EEZ line
    assert -45.0 < ts.margin_km[1] < -15.0, ts.margin_km
    assert ts.p_inside < 0.5
    eez = zone_probability(est, zones, "KOR")
    assert eez.error.basis != STATED_BASIS and eez.p_inside > 0.5


def test_samples_within_reach_of_a_poorly_known_limit_are_not_certain(zones):
    """Samples beyond the class cutoff but within 5x a disputed band's own error.

    The exact-distance cutoff came from class figures (about 350 km) while the
    edge of the Japan/Korea disputed band is known only to 217 km (95 %): samples
    380-430 km from it were called certain, their margin counted beyond the error
    whatever that band's error was. The samples lie at sea, off Wonsan (no sea limit
    reaches a sample ashore: points inland of Korea's east coast had stood in here).
    """
    from trajgeo.analysis.boundary_error import boundary_errors
    from trajgeo.analysis.estimate import ImpactEstimate
    from trajgeo.maritime.accuracy import local_error

    pts = np.array([[128.0, 39.5], [127.9, 39.3], [128.2, 39.6]])
    near = [local_error(x, y, "JPN") for x, y in pts]
    class_cutoff = 5.0 * max(e.p95_km for e in boundary_errors(127, 38, zones.dataset).values())
    assert all(e is not None and e.kind == "disputed_band" for e in near)
    assert all(class_cutoff < e.distance_km < 5.0 * e.p95_km for e in near)  # type: ignore[union-attr]
    est = ImpactEstimate(
        group_accounts([Account(1, "x", SITE)])[0], pts, pts, (), (), (), 0, 3, True
    )
    jpn = zone_probability(est, zones, "JPN")
    assert jpn.exact_within_km >= 5.0 * near[0].p95_km  # type: ignore[union-attr]
    assert 0.0 < jpn.p_inside < 0.05  # outside, very likely, but not certain
    assert jpn.error.kind == "disputed_band"
    assert jpn.margin_km[1] == pytest.approx(-near[0].distance_km, abs=15.0)  # type: ignore[union-attr]


def test_the_edge_is_found_across_the_antimeridian():
    # a sample at 179.95°E is 0.05° from a zone that starts at 179.9°W: it must be
    # measured exactly (with the line's error), not taken as 359° away and certainly out
    import shapely

    from trajgeo.analysis.probability import _edge_index, _Region

    geom = shapely.box(-179.9, 0.0, -179.0, 1.0)
    region = _Region(geom, _edge_index(geom))
    d = region.edge_distance(np.array([179.95, 179.95]), np.array([0.5, 0.5]), 0.001)
    assert (d < 0.2).all()
    far = region.edge_distance(np.array([100.0]), np.array([0.5]), 0.001)
    assert 79.0 < far[0] < 81.0  # the short way is still the planar one here


def test_margins_never_exceed_half_the_meridian(zones):
    from tests.conftest import EXAMPLES
    from trajgeo.analysis.core import analyse
    from trajgeo.events import load_events
    from trajgeo.geo.impact import event_geometry

    ev = load_events(EXAMPLES / "2022-10-04-hwasong-12-over-japan.yaml")
    result = analyse([event_geometry(e) for e in ev], zones=zones, overflights=False)
    missiles = [ma for ea in result.events for ma in ea.fused.missiles]
    margins = [m for ma in missiles for z in ma.zones for m in z.margin_km]
    assert margins and max(abs(m) for m in margins) <= 20_003.931


def test_no_impact_is_described_from_a_landmark_thousands_of_km_away():
    from trajgeo.analysis.estimate import ImpactEstimate
    from trajgeo.analysis.landmarks import describe_impact
    from trajgeo.events.gazetteer import Place as GPlace

    pts = np.array([[-177.3, -17.0], [-177.2, -17.1], [-177.4, -16.9]])  # near Fiji
    est = ImpactEstimate(
        group_accounts([Account(1, "x", SITE)])[0], pts, pts, (), (), (), 0, 3, True
    )
    caroline = GPlace("caroline", "Caroline Island", -150.21, -9.94, kind="island")
    assert describe_impact(est, [caroline]) is None  # about 3,050 km: says nothing useful
    near = GPlace("kadavu", "Kadavu", 178.2, -19.05, kind="island")
    assert describe_impact(est, [caroline, near]).landmark == "Kadavu"


def test_an_estimate_inland_is_described_from_the_nearest_town():
    # a missile that "did not land in the sea" came out as "about 350 km SW of Russky Island"
    from trajgeo.analysis.estimate import ImpactEstimate
    from trajgeo.analysis.landmarks import describe_impact
    from trajgeo.events.gazetteer import Place as GPlace

    pts = np.array([[127.9, 40.2], [127.95, 40.25], [127.85, 40.15]])  # inland, north of Hamhung
    est = ImpactEstimate(
        group_accounts([Account(1, "x", SITE)])[0], pts, pts, (), (), (), 0, 3, True
    )
    island = GPlace("offshore", "an island offshore", 128.9, 40.6, kind="island")  # ~95 km
    town = GPlace("hamhung", "Hamhung", 127.536, 39.918, kind="city")
    assert describe_impact(est, [island, town]).landmark == "an island offshore"
    ashore = describe_impact(est, [island, town], inland=True)
    assert ashore.landmark == "Hamhung" and ashore.direction == "NE"


def test_an_estimate_just_off_a_town_is_described_from_it():
    # 6 km off Chongjin, less than half of it on land, had been put 210 km from an island
    from trajgeo.analysis.estimate import ImpactEstimate
    from trajgeo.analysis.landmarks import describe_impact
    from trajgeo.events.gazetteer import Place as GPlace

    pts = np.array([[129.85, 41.795], [129.87, 41.80], [129.83, 41.79]])
    est = ImpactEstimate(
        group_accounts([Account(1, "x", SITE)])[0], pts, pts, (), (), (), 0, 3, True
    )
    island = GPlace("russky", "Russky Island", 131.9, 43.0, kind="island")  # about 220 km
    town = GPlace("chongjin", "Chongjin", 129.77556, 41.79556, kind="city")
    assert describe_impact(est, [island, town]).landmark == "Chongjin"
    far_town = GPlace("far", "a town inland", 129.0, 41.2, kind="city")  # about 100 km
    assert describe_impact(est, [island, far_town]).landmark == "Russky Island"


def test_a_states_merged_zone_reads_back_from_the_cache_unchanged(zones, tmp_path, monkeypatch):
    from trajgeo.analysis import probability as prob

    monkeypatch.setenv("TRAJGEO_CACHE_DIR", str(tmp_path))
    kinds = ("eez", "territorial_sea", "land")
    fresh = prob._merged_zone(zones, "JPN", "JPN", kinds)  # merged, and saved
    assert list(tmp_path.glob("geom-*.npz"))
    cached = prob._merged_zone(zones, "JPN", "JPN", kinds)  # read back
    assert cached is not fresh
    assert shapely.to_wkb(cached) == shapely.to_wkb(fresh)
    # another view of the same state is another geometry, not the cached one
    assert len(list(tmp_path.glob("geom-*.npz"))) == 1
    prob._merged_zone(zones, "CHN", "JPN", kinds)
    assert len(list(tmp_path.glob("geom-*.npz"))) == 2
