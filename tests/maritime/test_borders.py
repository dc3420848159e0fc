"""Land borders: the shipped layer, its measurement, and where the estimate and `where` use them."""

from __future__ import annotations

import json
import re
import shutil
import sys

import numpy as np
import pytest
from pyproj import Geod

from tests.conftest import EXAMPLES, REPO, invoke
from trajgeo.analysis.estimate import ImpactEstimate
from trajgeo.analysis.probability import zone_probability
from trajgeo.events.accounts import Account, Place, group_accounts
from trajgeo.maritime.accuracy import (
    BORDER_BASIS,
    BORDER_STAND_IN_BASIS,
    local_border,
    state_borders,
)

ACCURACY = REPO / "geodata" / "land" / "border_accuracy.json"
SITE = Place("Test site", 125.7, 39.0, 15.0)


@pytest.fixture(scope="module")
def zones():
    from trajgeo.maritime import load_zones

    return load_zones()


def _disc(lon: float, lat: float, r_km: float, n: int = 600, seed: int = 0) -> ImpactEstimate:
    """An estimate of ``n`` samples spread evenly over a disc."""
    rng = np.random.default_rng(seed)
    x, y, _ = Geod(ellps="WGS84").fwd(
        np.full(n, lon),
        np.full(n, lat),
        rng.uniform(0.0, 360.0, n),
        r_km * 1e3 * np.sqrt(rng.uniform(0.0, 1.0, n)),
    )
    pts = np.column_stack([x, y])
    return ImpactEstimate(
        group_accounts([Account(1, "x", SITE)])[0], pts, pts, (), (), (), 0, n, True
    )


def _build_borders():
    sys.path.insert(0, str(REPO / "geodata"))
    try:
        import build_borders
    finally:
        sys.path.remove(str(REPO / "geodata"))
    return build_borders


def test_north_koreas_borders_are_with_its_three_neighbours_and_measured():
    from trajgeo.maritime.lines import read_lines

    prk = state_borders("PRK")
    pairs = {f"{a}|{b}" for a, b in zip(prk.attrs["side_a"], prk.attrs["side_b"], strict=True)}
    assert pairs == {"CHN|PRK", "KOR|PRK", "PRK|RUS"}
    assert set(prk.attrs["kind"]) == {"land_border"}
    acc = json.loads(ACCURACY.read_text(encoding="utf-8"))
    allowance = acc["reference_allowance_km"]  # the reference's own error, on top
    world = acc["world"]["ours_to_reference"]["p95"]
    _, _, attrs, _ = read_lines(REPO / "geodata" / "land" / "borders.npz")
    assert len(attrs["side_a"]) == len(acc["stretches"])  # one record a stretch, in order
    seen = set()
    for k, (a, b) in enumerate(zip(attrs["side_a"], attrs["side_b"], strict=True)):
        if "PRK" not in (a, b):
            continue
        err, origin = float(attrs["error_km"][k]), str(attrs["error_from"][k])
        n, _, p95, _ = acc["stretches"][k]
        pair = acc["pairs"][f"{a}|{b}"]
        seen.add(origin)
        if origin == "stretch":  # measured alone: at least 30 points
            assert n >= 30 and err == pytest.approx(p95 + allowance)
        elif origin == "pair":  # a short stretch of a measured border
            assert n < 30 and err == pytest.approx(pair["p95"] + allowance)
        else:  # too short to measure alone: the world's figure
            assert pair["n"] < 30 and err == pytest.approx(world + allowance)
    assert "stretch" in seen


def test_a_stretch_is_graded_by_its_own_offsets_not_its_borders_worst():
    """Egypt-Sudan: straight along 22 degrees N, apart round Halaib and Bir Tawil."""
    from trajgeo.maritime.lines import read_lines

    _, _, attrs, _ = read_lines(REPO / "geodata" / "land" / "borders.npz")
    sel = (attrs["side_a"] == "EGY") & (attrs["side_b"] == "SDN")
    errors = np.sort(attrs["error_km"][sel].astype(float))
    assert errors[0] < 5.0 and errors[-1] > 100.0  # the pair's p95 alone was 140 km
    err, _ = local_border(28.0, 22.0, "EGY")  # on the straight stretch
    assert err.p95_km < 5.0


def test_a_border_the_reference_lacks_takes_the_worlds_figure():
    acc = json.loads(ACCURACY.read_text(encoding="utf-8"))
    assert acc["pairs"]["IDN|TLS"]["without_counterpart_pct"] == 100.0  # drawn after WDBII
    tls = state_borders("TLS")
    assert set(tls.attrs["error_from"]) == {"unmatched"}
    world = acc["world"]["ours_to_reference"]["p95"] + acc["reference_allowance_km"]
    assert {round(float(e), 2) for e in tls.attrs["error_km"]} == {round(world, 2)}


def test_the_layer_is_what_the_build_derives_from_the_shipped_land():
    bb = _build_borders()
    lines, attrs = bb.borders(*bb.land_records())
    shipped = state_borders("CHN")
    mine = {
        (a, b)
        for a, b in zip(attrs["side_a"], attrs["side_b"], strict=True)
        if "CHN" in a.split(";") or "CHN" in b.split(";")
    }
    assert len(mine) >= 14  # China's fourteen neighbours, and Hong Kong's and Macau's lines
    assert mine == set(
        zip(shipped.attrs["side_a"].tolist(), shipped.attrs["side_b"].tolist(), strict=True)
    )


@pytest.mark.skipif(
    shutil.which("gmt") is None or not _build_borders().BORDER_FILE.exists(),
    reason="needs GMT and GSHHG full (apt-get install gmt gmt-gshhg-full)",
)
def test_the_measurement_reproduces_the_recorded_figures():
    bb = _build_borders()
    lines, attrs = bb.borders(*bb.land_records())
    got = bb.measure(lines, attrs)
    recorded = json.loads(ACCURACY.read_text(encoding="utf-8"))
    assert got["world"] == recorded["world"]
    assert got["pairs"] == recorded["pairs"]
    assert got["reference_sha256"] == recorded["reference_sha256"]


def test_the_readme_table_is_the_recorded_measurement():
    acc = json.loads(ACCURACY.read_text(encoding="utf-8"))
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    rows = [ln for ln in readme.splitlines() if ln.startswith("| ") and " % |" in ln]
    for name, v in [*acc["regions"].items(), ("**world**", acc["world"])]:
        a, b = v["ours_to_reference"], v["reference_to_ours"]
        cells = (
            f"| {a['n']:,} | {a['median']:g} | {a['p95']:g} | {b['median']:g} | {b['p95']:g} | "
            f"{v['reference_without_counterpart_pct']:g} % |"
        )
        assert any(cells in r for r in rows), (name, cells)
    pair = acc["pairs"]["CHN|PRK"]
    assert f"median\n{pair['median']:g} km, 95 % under {pair['p95']:g} km" in readme


def test_an_estimate_across_a_land_border_is_graded_by_the_border(zones):
    """Samples round Hyesan, on the Yalu: about two-thirds North Korea's, a third China's.

    The nearest sea limit (a Yellow Sea median line, 95 % under 51 km, over 200 km away) had
    graded them: the probabilities blurred towards a half, below the share on the land.
    """
    est = _disc(128.18, 41.40, 25.0)
    prk = zone_probability(est, zones, "PRK")
    chn = zone_probability(est, zones, "CHN")
    for zp in (prk, chn):
        assert zp.error.kind == "land_border"
        assert zp.error.basis == BORDER_BASIS
        assert zp.error.p95_km < 5.0
        assert abs(zp.p_inside - zp.share_inside) < 0.02, zp
    assert 0.55 < prk.p_inside < 0.8
    assert abs(prk.p_inside + chn.p_inside - 1.0) < 0.02
    land = zone_probability(est, zones, "PRK", "land")
    assert land.error.kind == "land_border"
    assert land.p_inside <= prk.p_inside + 0.01


def test_a_border_inside_the_zone_is_not_an_edge(zones):
    """Hong Kong's boundary with Shenzhen is inside China's zone: no sample is graded by it."""
    est = _disc(114.1, 22.53, 10.0)
    chn = zone_probability(est, zones, "CHN")
    assert chn.share_inside == 1.0
    assert chn.error.kind != "land_border"
    assert chn.p_inside > 0.95


def test_a_disputed_areas_edge_is_an_edge_only_in_the_view_that_makes_it_one(zones):
    """The Perekop isthmus: Ukraine's own view holds Crimea; Russia's view gives Ukraine none."""
    est = _disc(33.7, 46.1, 25.0)
    own = zone_probability(est, zones, "UKR", "land")
    assert own.error.kind != "land_border"
    theirs = zone_probability(est, zones, "UKR", "land", "RUS")
    assert theirs.share_inside == 0.0
    assert theirs.error.kind == "land_border"
    # the line between the area claimed since 2022 and Ukraine: WDBII has no such border
    assert theirs.error.basis == BORDER_STAND_IN_BASIS


def test_an_estimate_hundreds_of_km_wide_is_moved_by_a_border_known_to_km_by_a_point_at_most():
    """The README's 22 October 2025 example: its probability is about its share on the land.

    Graded by a Yellow Sea median line's error (95 % under 51 km) it had read 71 % against 72 %
    of the samples on North Korea's land; by the border's own (95 % under 4 km), within the
    estimate's sampling precision of that share.
    """
    out = invoke("check", EXAMPLES / "2025-10-22-south-of-pyongyang.yaml", "--json")
    doc = json.loads(out.stdout)
    zones = [z for m in doc["events"][0]["missiles"] for z in m["zones"]]
    for iso in ("PRK", "CHN"):
        [zp] = [z for z in zones if z["zone"] == iso]
        assert zp["boundary_error"]["kind"] == "land_border"
        assert zp["boundary_error"]["p95_km"] < 5.0
        assert abs(zp["p_inside"] - zp["share_on_land"]) <= 0.015, zp


def test_where_gives_a_point_on_land_its_nearest_land_border():
    err, across = local_border(128.0, 41.3, "PRK")
    assert across == "land-CHN" and err.kind == "land_border" and err.distance_km < 15.0
    out = invoke("where", "41.3", "128.0", "--json")
    doc = json.loads(out.stdout)
    assert doc["nearest_land_border"]["with"] == "China"
    assert doc["nearest_land_border"]["p95_km"] == round(err.p95_km, 1)
    sea = json.loads(invoke("where", "40.0", "132.0", "--json").stdout)
    assert sea["nearest_land_border"] is None


def test_the_readme_where_example_on_land_is_what_where_prints():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"\$ trajgeo where 41\.3 128\.0\n(.*?)```", readme, re.S)
    assert block is not None
    assert invoke("where", "41.3", "128.0").stdout == block.group(1)


def test_a_border_distance_left_unrefined_is_never_too_long():
    """Beyond 30 km a border's distance comes from its first guess, less that guess's bound."""
    from trajgeo.maritime.accuracy import BORDER_REFINE_KM
    from trajgeo.maritime.lines import nearest_line

    prk = state_borders("PRK")
    rng = np.random.default_rng(3)
    lon = rng.uniform(124.0, 131.0, 3000)
    lat = rng.uniform(37.5, 43.5, 3000)
    _, exact = nearest_line(prk, lon, lat)
    _, quick = nearest_line(prk, lon, lat, refine_km=BORDER_REFINE_KM)
    within = exact < BORDER_REFINE_KM - 1.0
    assert np.allclose(quick[within], exact[within])
    far = (exact > BORDER_REFINE_KM + 1.0) & (exact < 290.0)
    assert far.sum() > 1000
    assert np.all(quick[far] <= exact[far] + 1e-9)
    assert np.all(exact[far] - quick[far] < 0.6)


def test_where_names_the_land_across_not_the_points_own():
    # both sides of Morocco's border with Western Sahara name Morocco: the side had been
    # picked by the state's code and named Morocco across from Morocco
    for args, across in (
        (("28", "-11"), "Western Sahara"),  # south Morocco
        (("36.14", "-5.35"), "Spain"),  # Gibraltar
        (("4", "-59"), "Guyana"),  # the area Venezuela claims west of the Essequibo
        (("42.2", "20.3"), "Kosovo"),  # not "Kosovo (Kosovo)"
    ):
        doc = json.loads(invoke("where", *args, "--json").stdout)
        assert doc["nearest_land_border"]["with"] == across, (args, doc["nearest_land_border"])


def test_local_border_refuses_what_it_cannot_answer():
    from trajgeo.errors import InputError

    for args in (
        (20.0, 95.0, "COD"),
        (20.0, 0.0, ""),
        (20.0, 0.0, "prkk"),
        (float("nan"), 0.0, "PRK"),
    ):
        with pytest.raises(InputError):
            local_border(*args)
    assert local_border(128.0, 41.3, "prk") is not None  # the code in any case


def test_a_states_land_is_not_cut_by_the_seam_with_the_area_it_claims(zones):
    """Morocco's land in Morocco's view, across the seam with Western Sahara at 27.67° N."""
    est = _disc(-10.5, 27.67, 20.0)
    land = zone_probability(est, zones, "MAR", "land")
    assert land.share_inside == 1.0
    assert land.p_inside > 0.97, land  # 0.85 when the seam counted as an edge


def test_a_third_partys_view_gives_a_disputed_area_to_none_and_decides_nothing_there(tmp_path):
    """Simferopol: no claim about Crimea is settled in the view of a state that claims none of it.

    The data list Russia first among Crimea's claimants, and that order had given Crimea to
    Russia in every third party's view: "CONTRADICTED inside Ukraine's EEZ" for --worldview USA.
    """
    import yaml

    event = {
        "id": "simferopol",
        "title": "t",
        "date": "2024-01-01",
        "launch": {"lat": 46.6, "lon": 36.0},
        "shots": [
            {"count": 1, "source": "S", "impact": {"lat": 44.95, "lon": 34.1, "radius_km": 5}}
        ],
        "claims": [
            {"zone": "UKR", "inside": True, "source": "S"},
            {"zone": "UKR", "kind": "land", "inside": True, "source": "S"},
        ],
    }
    path = tmp_path / "simferopol.yaml"
    path.write_text(yaml.safe_dump(event), encoding="utf-8")

    def run(*view: str) -> dict:
        return json.loads(invoke("check", path, *view, "--json").stdout)["events"][0]

    for c in run("--worldview", "USA")["claims"]:
        assert c["status"] == "near_line" and "none of them" in c["reason"], c
        assert c["missiles"][0]["zone"]["worldview"] == "USA"
    assert "contradicted" in [c["status"] for c in run("--worldview", "RUS")["claims"]]
    assert "contradicted" not in [c["status"] for c in run()["claims"]]  # Ukraine's own view
    # in Ukraine's view, Russia's zone holds none of Crimea's land
    rus = [z for z in run("--worldview", "UKR")["missiles"][0]["zones"] if z["zone"] == "RUS"]
    assert rus and rus[0]["share_on_land"] == 0.0 and rus[0]["worldview"] == "UKR"


def test_a_land_verdict_is_graded_by_the_border_it_was_measured_to(zones):
    """A point 16 km inside North Korea from China: high confidence by the border's error.

    By the data set's stated 68 km it had been medium confidence; 3 km inland from the
    coast, the coast's measured figure grades it.
    """
    from shapely.geometry import Point

    from trajgeo.maritime.verdicts import judge

    prk = next(z for z in zones.zones if z.zone_id == "land-PRK")
    v = judge(Point(128.0, 41.25), prk, zones.dataset)
    assert v.status == "inside" and 10.0 < v.margin_km[0] < 25.0
    assert v.limit_error is not None and v.limit_error.kind == "land_border"
    assert abs(v.limit_error.distance_km - v.margin_km[0]) < 1.0
    assert v.confidence == "high"
    coast = judge(Point(129.7, 41.7), prk, zones.dataset)
    assert coast.limit_error is not None and coast.limit_error.kind == "coast"
    assert coast.limit_error.p95_km < 3.0 and coast.confidence == "high"


def test_the_coast_is_graded_by_its_measured_error_and_the_readme_says_it():
    from trajgeo.maritime.accuracy import COAST_BASIS, coast_error

    doc = json.loads((REPO / "geodata" / "land" / "coast_accuracy.json").read_text("utf-8"))
    med, p95, basis = coast_error(129.8, 41.0)
    nw = doc["regions"]["nw_pacific"]
    assert (med, basis) == (nw["median"], COAST_BASIS)
    assert p95 == pytest.approx(nw["p95"] + doc["reference_allowance_km"])
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    w = doc["world"]
    assert f"median {w['median']:g} km, 95 % under {w['p95']:g} km" in readme


def test_a_land_claim_by_the_sea_is_graded_by_the_coast(zones):
    """Samples 3-13 km inland from North Korea's east coast: not the stated 68 km."""
    est = _disc(129.62, 41.0, 5.0)
    land = zone_probability(est, zones, "PRK", "land")
    assert land.share_inside == 1.0
    assert land.error.kind == "coast" and land.error.p95_km < 3.0
    assert land.p_inside > 0.97


@pytest.mark.skipif(
    shutil.which("gmt") is None or not _build_borders().BORDER_FILE.exists(),
    reason="needs GMT and GSHHG full (apt-get install gmt gmt-gshhg-full)",
)
def test_the_coast_measurement_reproduces_the_recorded_figures():
    sys.path.insert(0, str(REPO / "geodata"))
    try:
        import measure_coasts
    finally:
        sys.path.remove(str(REPO / "geodata"))
    got = json.loads(json.dumps(measure_coasts.measure()))  # (boxes as JSON has them)
    recorded = json.loads((REPO / "geodata" / "land" / "coast_accuracy.json").read_text("utf-8"))
    assert got["world"] == recorded["world"] and got["regions"] == recorded["regions"]
