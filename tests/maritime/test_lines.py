"""The shipped limit-line layer: what each boundary is and how good it is."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely

REPO = Path(__file__).resolve().parents[2]
LIMITS = REPO / "geodata" / "eez" / "limits.npz"
ACCURACY = REPO / "geodata" / "eez" / "accuracy.json"
KINDS = {
    "outer_limit_200nm",
    "median_line",
    "treaty",
    "court_ruling",
    "disputed_band",
    "joint_regime",
    "territorial_12nm",
    "straight_baseline",
}


def test_every_line_says_what_it_is_and_how_good():
    from trajgeo.maritime.lines import load_limits

    lim = load_limits()
    a = lim.attrs
    assert len(lim) > 100
    assert set(a["kind"]) <= KINDS
    assert {"outer_limit_200nm", "median_line", "territorial_12nm"} <= set(a["kind"])
    side = re.compile(r"^([A-Z]{3}(;[A-Z]{3})*)?$")
    assert all(side.match(s) for s in a["side_a"]) and all(side.match(s) for s in a["side_b"])
    assert all(s for s in a["source"])
    err = lim.error_km
    assert np.all(np.isfinite(err)) and np.all(err > 0)
    # a line between two states has a state on both sides; an outer limit the high seas on one
    med = a["kind"] == "median_line"
    assert all(a["side_a"][med]) and all(a["side_b"][med])
    assert not any(a["side_b"][a["kind"] == "outer_limit_200nm"])


def test_error_bounds_come_from_the_measurement():
    # a derived line carries the bound measured for its kind (in its region, or globally), or
    # the conservative default where its kind was never measured, or the cap where the
    # reference has nothing to measure it against; a sourced line its own bound
    from trajgeo.maritime.lines import load_limits

    if not ACCURACY.exists():
        pytest.skip("no accuracy.json")
    import sys

    sys.path.insert(0, str(REPO / "geodata"))
    from build_limits import DEFAULT_ERROR_KM

    acc = json.loads(ACCURACY.read_text())
    lim = load_limits()
    for kind in set(lim.attrs["kind"]):
        sel = lim.attrs["kind"] == kind
        if kind in ("treaty", "court_ruling"):
            assert np.all(lim.error_km[sel] <= 10.0), kind
            continue
        allowed = {acc["error_km_by_kind"].get(kind, DEFAULT_ERROR_KM.get(kind))}
        allowed |= {v[kind] for v in acc["error_km_by_region_kind"].values() if kind in v}
        # a line the reference has no counterpart for carries the cap (next test)
        if any(kind in v for v in acc["unmatched_pairs_by_region_kind"].values()):
            allowed.add(500.0)
        assert set(lim.error_km[sel]) <= allowed, kind


def test_wrong_beyond_the_stated_error_was_judged_with_the_shipped_bounds():
    # measure_accuracy.py counts the points it gets wrong beyond "the stated error" with the
    # bounds the limit lines carry, which build_limits.py took from the measurement before;
    # the shipped figures must come from a run whose bounds are the ones it measured itself
    # (else a rebuild stopped one step short, and the README's counts are a step behind)
    import sys

    from trajgeo.maritime.lines import read_lines

    if not ACCURACY.exists():
        pytest.skip("no accuracy.json")
    sys.path.insert(0, str(REPO / "geodata"))
    from measure_accuracy import stale_bounds

    acc = json.loads(ACCURACY.read_text())
    assert acc["stated_error_judged_with"] is not None
    assert stale_bounds(acc) == []
    meta = read_lines(LIMITS)[3]
    assert meta["error_km_by_region_kind"] == acc["error_km_by_region_kind"]
    assert meta["unmatched_pairs_by_region_kind"] == acc["unmatched_pairs_by_region_kind"]
    for kind, km in acc["error_km_by_kind"].items():
        assert meta["error_km_by_kind"][kind] == km, kind


def test_the_measurement_samples_each_line_from_its_own_start():
    # measure_accuracy.py measures our lines every 5 km. It took every tenth point of all the
    # lines' 0.5-km points run together, so a line gaining or losing points moved the samples
    # of every line after it, and the bounds moved by 1-2 km with changes far away. Now each
    # point's place is counted along its own line.
    import sys

    sys.path.insert(0, str(REPO / "geodata"))
    from measure_accuracy import our_boundary

    from trajgeo.maritime.lines import read_lines

    pts, _, _, _, _, along = our_boundary(0.5)
    starts = np.flatnonzero(along == 0)
    runs = np.diff(np.append(starts, len(along)))
    assert np.array_equal(along, np.concatenate([np.arange(n) for n in runs]))
    # each run is one of the measured lines, from its first vertex
    xy, off, attrs, _ = read_lines(LIMITS)
    measured = attrs["kind"] != "territorial_12nm"
    assert len(starts) == int(measured.sum()) > 500
    assert np.allclose(pts[starts], xy[off[:-1][measured]])


def test_a_line_the_reference_has_no_counterpart_for_carries_the_cap():
    # The reference draws a disputed area between Kenya and Somalia and a joint zone between
    # Nigeria and Sao Tome: our median lines there have nothing to be measured against. They
    # carry the cap and are left out of their region's figure, which had been the cap for
    # every median line of East and West Africa (more than 5 % of samples unmatched).
    from trajgeo.maritime.lines import read_lines

    if not ACCURACY.exists():
        pytest.skip("no accuracy.json")
    acc = json.loads(ACCURACY.read_text())
    unmatched = acc["unmatched_pairs_by_region_kind"]
    assert "KEN|SOM" in unmatched["east_africa_indian_ocean"]["median_line"]
    assert "NGA|STP" in unmatched["west_africa"]["median_line"]
    assert acc["error_km_by_region_kind"]["east_africa_indian_ocean"]["median_line"] < 100
    _, off, attrs, _ = read_lines(LIMITS)
    pairs = {frozenset((a, b)) for a, b in zip(attrs["side_a"], attrs["side_b"], strict=True)}
    assert frozenset(("KEN", "SOM")) in pairs
    for i in range(len(off) - 1):
        if {attrs["side_a"][i], attrs["side_b"][i]} in ({"KEN", "SOM"}, {"NGA", "STP"}):
            assert float(attrs["error_km"][i]) == 500.0
        if {attrs["side_a"][i], attrs["side_b"][i]} == {"MOZ", "TZA"}:
            assert float(attrs["error_km"][i]) < 100


def test_limit_error_at_scalar_and_vector():
    from trajgeo.maritime.lines import limit_error_at, load_limits

    lim = load_limits()
    # a point ON a median line is at distance ~0 from it and gets its kind
    i = int(np.flatnonzero(lim.attrs["kind"] == "median_line")[0])
    piece = lim.pieces[np.flatnonzero(lim.line == i)[0]]
    x, y = shapely.get_coordinates(shapely.line_interpolate_point(piece, 0.5, normalized=True))[0]
    kind, err, src, d = limit_error_at(x, y)
    assert isinstance(kind, str) and isinstance(err, float) and isinstance(d, float)
    assert d < 1.0 and kind == "median_line" and src
    lon = np.array([[x, 135.0], [-170.0, 179.9]])
    lat = np.array([[y, 30.0], [58.0, 52.0]])
    k, e, s, dist = limit_error_at(lon, lat)
    assert k.shape == e.shape == s.shape == dist.shape == (2, 2)
    assert dist[0, 0] < 1.0 and np.all(np.isfinite(dist)) and np.all(dist < 1500)


def test_limit_error_at_one_states_limits():
    from trajgeo.maritime.lines import limit_error_at

    # Sea of Japan, between Japan and Korea: Korea's nearest limit has Korea on one side
    kind, err, src, d = limit_error_at(130.5, 36.0, "KOR")
    assert kind in KINDS and err > 0 and d < 400
    from trajgeo.maritime.lines import _default_path, _selected

    lim = _selected(str(_default_path()), "KOR", None)
    assert all(
        "KOR" in (a + ";" + b).split(";")
        for a, b in zip(lim.attrs["side_a"], lim.attrs["side_b"], strict=False)
    )
    # only EEZ-level limits: the nearest is never a territorial-sea limit
    kinds = ("outer_limit_200nm", "median_line", "treaty", "disputed_band", "joint_regime")
    k, _, _, d2 = limit_error_at(np.array([129.05, 130.5]), np.array([34.45, 36.0]), kinds=kinds)
    assert set(k) <= set(kinds) and np.all(d2 >= 0)


def test_distance_across_the_antimeridian():
    from trajgeo.maritime.lines import limit_error_at

    # points a few km either side of 180 in the Bering Sea see the same nearest limit
    _, _, _, d1 = limit_error_at(179.99, 60.0)
    _, _, _, d2 = limit_error_at(-179.99, 60.0)
    assert abs(d1 - d2) < 2.0


@pytest.mark.parametrize(
    ("args", "loaded"),
    [
        # without a distance, the limit layer is not read at all
        (["where", "35.0", "135.0", "--no-distance"], "False False"),
        # one point's nearest limit is found by a scan: no scipy, no k-d tree to build
        (["where", "35.0", "135.0"], "True False"),
    ],
)
def test_limits_are_read_only_when_asked_for(args, loaded):
    import subprocess
    import sys

    code = (
        "import sys; from trajgeo.cli.main import cli; "
        "from click.testing import CliRunner; "
        f"r = CliRunner().invoke(cli, {args!r}); "
        "assert r.exit_code == 0, r.output; "
        "print('trajgeo.maritime.lines' in sys.modules, 'scipy.spatial' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == loaded


def test_a_scan_finds_the_same_nearest_line_as_the_tree():
    from trajgeo.maritime import lines

    lim = lines.load_limits()
    rng = np.random.default_rng(7)
    lon = rng.uniform(-180.0, 180.0, lines.SCAN_POINTS)
    lat = np.degrees(np.arcsin(rng.uniform(-1.0, 1.0, lines.SCAN_POINTS)))
    unit = lines._unit_vectors(lon, lat)
    chord_scan, _ = lim.nearest_dense(unit)
    chord_tree, _ = lim.kdtree.query(unit)
    np.testing.assert_array_equal(chord_scan, chord_tree)
    # and the nearest line and its distance, through both first guesses
    idx, dist = lines.nearest_line(lim, lon, lat)
    both = lines.nearest_line(lim, np.tile(lon, 2), np.tile(lat, 2))  # more: the tree
    np.testing.assert_array_equal(both[0][: len(lon)], idx)
    np.testing.assert_array_equal(both[1][: len(lon)], dist)


def test_global_half_degree_grid_has_a_nearest_limit_everywhere():
    # every point of a 0.5 deg grid has a nearest limit, its kind and bound (vectorised)
    from trajgeo.maritime.lines import limit_error_at

    lon, lat = np.meshgrid(np.arange(-179.75, 180, 0.5), np.arange(-89.75, 90, 0.5))
    lon, lat = lon.ravel(), lat.ravel()
    kind, err, _, d = limit_error_at(lon, lat)
    ok = kind != ""
    assert ok.all() and np.all(d >= 0) and np.all(np.isfinite(err))


def test_nearest_guide_point_is_the_nearest_on_the_sphere():
    # the guess behind every distance, for points close together as an estimate's samples
    # are (near Korea, either side of 180 degrees, round the north pole), against a
    # brute-force search of the same points by chord; scattered points go to a k-d tree
    from trajgeo.maritime.lines import (
        _groups,
        _nearest_point,
        _selected,
        _unit_vectors,
        load_limits,
    )

    rng = np.random.default_rng(7)
    clusters = [
        (rng.uniform(124.0, 134.0, 2000), rng.uniform(33.0, 43.0, 2000)),
        ((rng.uniform(177.0, 183.0, 1000) + 180.0) % 360.0 - 180.0, rng.uniform(50.0, 56.0, 1000)),
        (rng.uniform(-10.0, 10.0, 1000), rng.uniform(88.0, 90.0, 1000)),
    ]
    path = str(load_limits.__globals__["_default_path"]())
    for lines in (load_limits(), _selected(path, "PRK", ("median_line", "outer_limit_200nm"))):
        guide = lines.guide
        for lon, lat in clusters:
            groups = _groups(lon, lat)
            assert groups is not None
            chord, idx = _nearest_point(guide, lon, lat, groups)
            q, pts = _unit_vectors(lon, lat), guide[1]
            blocks = [np.argmax(q[s : s + 64] @ pts.T, axis=1) for s in range(0, len(q), 64)]
            brute = np.linalg.norm(q - pts[np.concatenate(blocks)], axis=1)
            np.testing.assert_allclose(chord, brute, rtol=1e-9, atol=1e-12)
            np.testing.assert_allclose(np.linalg.norm(q - pts[idx], axis=1), chord, rtol=1e-12)
    lon = rng.uniform(-180.0, 180.0, 500)
    assert _groups(lon, np.degrees(np.arcsin(rng.uniform(-1.0, 1.0, 500)))) is None


def test_the_guide_index_finds_what_an_strtree_of_the_points_and_their_copies_finds():
    # the boxes round caps near Korea, across 180 degrees and round a pole (every longitude,
    # few latitudes), against an STRtree of the points shifted by -360, 0 and +360 degrees;
    # the batch is made small so that boxes are taken several at a time
    import shapely

    from trajgeo.maritime.lines import _LonIndex

    rng = np.random.default_rng(11)
    lon = np.concatenate([rng.uniform(-180, 180, 3000), [180.0, -180.0, 0.0, 179.999]])
    lat = np.concatenate([rng.uniform(-90, 90, 3000), [10.0, 10.0, 89.9, -45.0]])
    tree = shapely.STRtree(
        shapely.points(np.concatenate([lon, lon - 360.0, lon + 360.0]), np.tile(lat, 3))
    )
    west = np.concatenate([rng.uniform(-200, 170, 300), [179.0, -180.0, -181.0, -10.0]])
    width = np.concatenate([rng.uniform(0, 60, 300), [1.0, 360.0, 362.0, 20.0]])
    south = np.concatenate([rng.uniform(-90, 80, 300), [9.0, 85.0, -90.0, 9.9]])
    height = np.concatenate([rng.uniform(0, 30, 300), [2.0, 5.0, 180.0, 0.1]])
    for batch in (_LonIndex.BATCH, 500):
        index = _LonIndex(lon, lat)
        index.BATCH = batch
        box, point = index.query(west, south, west + width, south + height)
        gi, pi = tree.query(shapely.box(west, south, west + width, south + height))
        pairs = np.unique(np.column_stack([gi, pi % len(lon)]), axis=0)
        np.testing.assert_array_equal(np.column_stack([box, point]), pairs)
    assert len(box) > 1000


def test_points_round_a_pole_are_measured_exactly_in_bounded_memory():
    # every piece whose box meets a point's cap is a candidate, and round a pole that is every
    # longitude: pieces across the pole from the point must stay there in its local frame
    # (wrapped vertex by vertex, they came round as near as 157 km where the line is 294 km
    # away), and 20,000 such points had held 2.5 GB of candidates at once
    code = """
import resource, numpy as np, shapely
resource.setrlimit(resource.RLIMIT_AS, (2_000_000_000, 2_000_000_000))
from trajgeo.maritime.lines import load_limits, nearest_line, _haversine_km
rng = np.random.default_rng(5)
lon, lat = rng.uniform(-180, 180, 20000), rng.uniform(80, 90, 20000)
lim = load_limits()
idx, d = nearest_line(lim, lon, lat)
xy = shapely.get_coordinates(shapely.segmentize(lim.pieces, 0.005))
pick = np.argsort(-lat)[:: 400]
brute = [_haversine_km(np.full(len(xy), lon[k]), np.full(len(xy), lat[k]), xy[:, 0], xy[:, 1]).min()
         for k in pick]
print(np.abs(d[pick] - brute).max(), np.isfinite(d).all())
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    worst, finite = out.stdout.split()
    assert finite == "True"
    assert float(worst) < 0.5  # the brute force's own spacing: 0.005 degree


@pytest.mark.parametrize("iso3", ["JPN", "PRK", "USA", None])
@pytest.mark.parametrize("kinds", [None, ("median_line", "outer_limit_200nm")])
def test_a_states_lines_are_the_whole_layers_lines_cut_the_same(iso3, kinds):
    from trajgeo.maritime.lines import _default_path, _load, _selected

    path = str(_default_path())
    whole = _load(path)
    mask = np.ones(len(whole), dtype=bool)
    if iso3:
        sides = zip(whole.attrs["side_a"], whole.attrs["side_b"], strict=True)
        mask &= np.array([iso3 in f"{a};{b}".split(";") for a, b in sides])
    if kinds:
        mask &= np.isin(whole.attrs["kind"], list(kinds))
    expected = whole.subset(mask)
    got = _selected(path, iso3, kinds)
    assert len(got.pieces) == len(expected.pieces) > 0
    assert shapely.equals_exact(got.pieces, expected.pieces, tolerance=0).all()
    assert np.array_equal(got.line, expected.line)
    assert all(np.array_equal(got.attrs[k], expected.attrs[k]) for k in expected.attrs)


def test_the_limit_builder_labels_a_shared_vertex_whatever_the_tree_order(monkeypatch):
    # at a vertex three zones share, two other zones are equally near; the label must not
    # depend on the k-d tree's order of equal distances (which shifts with points anywhere)
    monkeypatch.syspath_prepend(str(REPO / "geodata"))
    from build_limits import nearest_other

    rec = np.array([0, 0, 1, 2])  # points 0-1 in record 0, point 2 in record 1, point 3 in 2
    inf = np.inf
    d = np.array(
        [
            [0.0, 0.0, 0.0],  # point 0 itself, then records 2 and 1 tied at 0
            [0.0, 0.1, 0.2],  # point 1 itself, then record 1 nearer than record 2
            [0.0, inf, inf],  # only itself within the bound
            [0.0, 0.3, inf],  # itself, then point 1 of record 0
        ]
    )
    j = np.array([[0, 3, 2], [1, 2, 3], [2, 4, 4], [3, 1, 4]])
    labels = nearest_other(d, j, rec)
    assert labels.tolist() == [1, 1, -1, 0]
    swapped = nearest_other(d[:, [0, 2, 1]], j[:, [0, 2, 1]], rec)
    assert swapped.tolist() == labels.tolist()


def test_held_out_regions_never_set_a_lines_bound(monkeypatch):
    # The regions kept out of tuning test the bounds; if their own measurement set the bounds
    # of their lines, "wrong beyond the stated error" there would be judged with figures
    # taken from the very reference it is counted against. A line there carries its class's
    # figure over the tuned regions, and says so (error_from "tuned").
    monkeypatch.syspath_prepend(str(REPO / "geodata"))
    import shapely
    from build_limits import line_error
    from measure_accuracy import HELD_OUT, REGIONS

    from trajgeo.maritime.lines import read_lines

    assert "south_pacific" in HELD_OUT
    pooled = {"median_line": 88.0}
    by_region = {"south_pacific": {"median_line": 12.0}, "nw_pacific": {"median_line": 51.0}}
    # a line near Tonga (South Pacific, held out), and one in the Sea of Japan (tuned)
    tonga = shapely.linestrings([(-176.0, -20.0), (-175.0, -21.0)])
    japan = shapely.linestrings([(134.0, 37.0), (135.0, 38.0)])
    assert line_error("median_line", tonga, pooled, by_region) == (88.0, "tuned")
    assert line_error("median_line", japan, pooled, by_region) == (51.0, "nw_pacific")
    # and so in the shipped layer: no line whose midpoint lies only in held-out regions
    # carries a regional figure
    xy, off, attrs, meta = read_lines(LIMITS)
    assert "error_from" in attrs
    tuned = set(REGIONS) - set(HELD_OUT)
    assert set(attrs["error_from"]) <= tuned | {"tuned", "unmatched", "instrument"}
    assert meta["error_km_by_kind"]["outer_limit_200nm"] > 0
    for region in HELD_OUT:
        assert region not in set(attrs["error_from"])


def test_the_readme_accuracy_tables_are_the_shipped_measurement(monkeypatch):
    # The README quotes the figures of geodata/eez/accuracy.json as measure_accuracy.py
    # --markdown prints them: a rebuild that moved them must move the README too
    monkeypatch.syspath_prepend(str(REPO / "geodata"))
    from measure_accuracy import markdown

    if not ACCURACY.exists():
        pytest.skip("no accuracy.json")
    tables = markdown(json.loads(ACCURACY.read_text()))
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert tables in readme
    # the class-matched agreement counts a band the reference gives a claimant as agreeing,
    # never the other way round
    for name, region in json.loads(ACCURACY.read_text())["regions"].items():
        p = region["points"]
        assert p["agree_pct_band_as_claimant"] >= p["agree_pct"], name
        assert p["wrong_farther_than_far_km_not_band_of_claimant"] <= p["wrong_farther_than_far_km"]
