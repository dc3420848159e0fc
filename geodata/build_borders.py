#!/usr/bin/env python
"""Derive the LAND BORDERS of trajgeo's shipped zones, and measure them against GSHHG's WDBII.

A state's "EEZ or land", its territorial sea and its land all end, inland, at a land border
with a neighbour. Until this layer, those stretches were judged with the error of the
nearest maritime limit (a median line 50 km off) or with the data set's stated accuracy
(68 km): far worse than the borders are drawn. This script gives every land border its own
measured error.

1. **Borders**: every stretch where the land of two different sides meets in
   ``geodata/land/land.npz`` (Natural Earth 10m admin-0 land, as the zone build keeps it).
   A side is the land's sovereign ISO3 and its territory's (``FRA;GUF``), or a disputed
   area's claimants (``RUS;UKR``), as the limit layer names the sides of a disputed band.
   Two land polygons meet where their outlines coincide; outlines are taken as meeting within
   ``MEET_DEG`` (about 550 m, a snapping tolerance, not a distance anything is judged by):
   Natural Earth's neighbours overlap or part in slivers along some borders (Niger and Chad
   by up to about a kilometre), and at 50 m 4 % of the borders' length was missed.
2. **Measurement**: each border sampled every ``STEP_KM`` is measured (great circle) to the
   nearest national boundary of WDBII, the CIA World Data Bank II borders as GSHHG 2.3.7
   distributes them (Wessel & Smith, LGPL; Debian's ``gmt-gshhg-full``, read through
   ``gmt coast -N1 -M``), and the other way round: WDBII's boundaries within
   ``COUNTERPART_KM`` of ours, measured to ours. WDBII names no states, so a point is
   matched to the nearest boundary of any pair: where two borders run close together the
   figure can be too good, never too bad by that. WDBII has errors of its own (it was
   digitised at about 1:3,000,000), so an offset is the two data sets' disagreement: an
   estimate of our border's error, not a survey.
3. **Each border's bound**: borders are cut into stretches of at most ``STRETCH_DEG``
   (about 100 km); each carries the 95th percentile of its own points' offsets
   (``error_from: stretch``; a stretch under ``MIN_POINTS`` its pair of sides',
   ``pair``), plus ``REFERENCE_ALLOWANCE_KM`` for WDBII's own error
   (Natural Earth's data derive in large part from WDB II, so where both follow it the
   offsets measure Natural Earth's generalisation, and WDB II's own error comes on top),
   and a border with fewer than ``MIN_POINTS`` in all
   takes the 95th percentile over all borders (``world``), and so does a border WDBII
   lacks (most of its points farther than ``COUNTERPART_KM`` from any of WDBII's:
   ``unmatched``; Timor-Leste's, drawn after WDBII, and the edges of the disputed areas
   the zone build models). Nothing is tuned on the measurement: the borders are Natural
   Earth's as they are.

Outputs: ``geodata/land/borders.npz`` (format :mod:`trajgeo.maritime.lines`, kind
``land_border``, with ``side_a`` / ``side_b``, ``zone_a`` / ``zone_b``, ``source``,
``error_km``, ``median_km`` and ``error_from``) and ``geodata/land/border_accuracy.json``
(per pair, per region, world; both directions). Their SHA-256 go to
``geodata/eez/manifest.json``.

Run: ``python geodata/build_borders.py`` (about half a minute; needs GMT and GSHHG full:
``apt-get install gmt gmt-gshhg-full``). Without them, ``--recorded`` rebuilds the layer
from the figures already in ``border_accuracy.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import shapely

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from measure_accuracy import NearestKm, in_region  # noqa: E402

from trajgeo.io.packed import read_layer  # noqa: E402
from trajgeo.maritime.lines import pack_lines  # noqa: E402
from trajgeo.maritime.shipped import _territory_code  # noqa: E402

LAND = HERE / "land" / "land.npz"
OUT = HERE / "land" / "borders.npz"
ACCURACY = HERE / "land" / "border_accuracy.json"
MANIFEST = HERE / "eez" / "manifest.json"
BORDER_FILE = Path("/usr/share/gmt-gshhg/binned_border_f.nc")
GMT_CMD = ["gmt", "coast", "-Df", "-R-180/180/-90/90", "-N1/0.1p", "-M", "-bo2d"]

MEET_DEG = 0.005  # outlines this close are taken as one border (snapping, ~550 m)
STEP_KM = 1.0  # borders are sampled this densely
REF_STEP_KM = 0.25  # WDBII is densified this finely before measuring to it
COUNTERPART_KM = 50.0  # WDBII boundaries farther than this from ours have no counterpart
MIN_POINTS = 30  # a border sampled at fewer points takes the world's figure
STRETCH_DEG = 1.0  # borders are cut into stretches of at most this length (degrees of line)
#: The reference's own error, which comparing with it cannot see, added to every 95 % bound:
#: WDB II was digitised (1972-77) at a nominal 1:3,000,000, and the US National Map Accuracy
#: Standards allow 90 % of points within 1/50 inch (0.5 mm) at a map's scale: 1.5 km there.
REFERENCE_ALLOWANCE_KM = 1.5
SOURCE = "land boundary of Natural Earth 10m admin-0 (trajgeo-eez)"
REFERENCE = (
    "WDBII national boundaries (CIA World Data Bank II) as distributed with GSHHG 2.3.7 "
    "(Wessel & Smith, LGPL), full resolution, read with gmt coast -N1 -M"
)
#: Land areas the figures are also given for (boxes overlap: a border counts in each).
REGIONS: dict[str, list[tuple[float, float, float, float]]] = {
    "east_asia": [(100.0, -11.0, 150.0, 60.0)],
    "south_central_asia": [(44.0, 0.0, 100.0, 56.0)],
    "middle_east": [(30.0, 12.0, 63.0, 42.0)],
    "europe": [(-25.0, 35.0, 45.0, 72.0)],
    "africa": [(-20.0, -36.0, 52.0, 35.0)],
    "americas": [(-170.0, -60.0, -30.0, 72.0)],
}
R_KM = 6371.0088


def side_of(sov: str, territory: str, claimants: str) -> str:
    """A border's side: a disputed area's claimants, else the sovereign (and its territory).

    >>> side_of("FRA", "GUF", ""), side_of("RUS", "", "RUS;UKR"), side_of("CHN", "", "")
    ('FRA;GUF', 'RUS;UKR', 'CHN')
    """
    if claimants:
        return claimants
    return f"{sov};{territory}" if territory and territory != sov else sov


def land_records() -> tuple[np.ndarray, list[str], list[str]]:
    """The shipped zones' land polygons, each one's side and zone id."""
    geoms, attrs, _ = read_layer(LAND)
    kind = np.asarray(attrs["kind"])
    idx = np.flatnonzero(kind == "land")
    col = {k: np.asarray(v) for k, v in attrs.items()}
    sov, zid = col["sovereign_iso3"], col["zone_id"]
    sides = [
        side_of(str(sov[i]), _territory_code(str(zid[i]), str(sov[i])), str(col["claimants"][i]))
        for i in idx
    ]
    return np.asarray(geoms, dtype=object)[idx], sides, [str(col["zone_id"][i]) for i in idx]


def borders(
    geoms: np.ndarray, sides: list[str], ids: list[str]
) -> tuple[list[shapely.Geometry], dict[str, list[str]]]:
    """Every stretch where two different sides' land meets: merged lines and their sides."""
    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="dwithin", distance=MEET_DEG)
    keep = (a < b) & (np.asarray(sides)[a] != np.asarray(sides)[b])
    out: list[shapely.Geometry] = []
    attrs: dict[str, list[str]] = {k: [] for k in ("kind", "side_a", "side_b", "zone_a", "zone_b")}
    for i, j in zip(a[keep], b[keep], strict=True):
        # the stretch of i's outline that lies along j's land
        shared = shapely.intersection(geoms[i].boundary, shapely.buffer(geoms[j], MEET_DEG))
        parts = [p for p in shapely.get_parts(shared) if p.geom_type == "LineString"]
        if not parts:
            continue
        line = shapely.line_merge(shapely.multilinestrings(parts))
        if shapely.length(line) < 1e-4:
            continue
        first, second = sorted([(sides[i], ids[i]), (sides[j], ids[j])])
        for stretch in stretches(line):
            out.append(stretch)
            for key, val in (
                ("kind", "land_border"),
                ("side_a", first[0]),
                ("side_b", second[0]),
                ("zone_a", first[1]),
                ("zone_b", second[1]),
            ):
                attrs[key].append(val)
    return out, attrs


def stretches(line: shapely.Geometry) -> list[shapely.Geometry]:
    """Cut a border into stretches of at most ``STRETCH_DEG`` (about 100 km), each measured alone.

    >>> [round(s.length, 2) for s in stretches(shapely.LineString([(0, 0), (2.5, 0)]))]
    [0.83, 0.83, 0.83]
    """
    from shapely.ops import substring

    out = []
    for part in shapely.get_parts(line):
        n = max(1, int(np.ceil(part.length / STRETCH_DEG)))
        out += [substring(part, k / n, (k + 1) / n, normalized=True) for k in range(n)]
    return [s for s in out if s.geom_type == "LineString" and s.length > 0]


def wdbii() -> tuple[np.ndarray, str]:
    """Read WDBII's national boundaries with ``gmt coast``: densified lon/lat, the file's hash."""
    return gmt_points(GMT_CMD, BORDER_FILE, "; or rebuild from recorded figures: --recorded")


def gmt_points(cmd: list[str], source: Path, otherwise: str = "") -> tuple[np.ndarray, str]:
    """Run ``gmt coast ... -M -bo2d``: its lines, densified to ``REF_STEP_KM``; the file's hash."""
    if shutil.which("gmt") is None or not source.exists():
        need = "needs GMT and GSHHG full (apt-get install -y gmt gmt-gshhg-full)"
        raise SystemExit(need + otherwise)
    with tempfile.TemporaryDirectory() as tmp:  # GMT leaves a gmt.history file in its cwd
        raw = subprocess.run(cmd, check=True, capture_output=True, cwd=tmp).stdout
    xy = np.frombuffer(raw, dtype="<f8").reshape(-1, 2)
    cut = np.flatnonzero(np.isnan(xy[:, 0]))
    pieces = [p[~np.isnan(p[:, 0])] for p in np.split(xy, cut)]
    lines = [shapely.LineString(p) for p in pieces if len(np.unique(p, axis=0)) >= 2]
    dense = shapely.segmentize(np.asarray(lines, dtype=object), REF_STEP_KM / 111.32)
    return shapely.get_coordinates(dense), hashlib.sha256(source.read_bytes()).hexdigest()


def record_hashes(*paths: Path) -> None:
    """Write the files' SHA-256 into ``geodata/eez/manifest.json``'s ``files``."""
    if not MANIFEST.exists():
        return
    man = json.loads(MANIFEST.read_text(encoding="utf-8"))
    for path in paths:
        key = str(path.relative_to(HERE.parent))
        man.setdefault("files", {})[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    MANIFEST.write_text(json.dumps(man, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _stats(d: np.ndarray) -> dict[str, float | int]:
    if not len(d):
        return {"n": 0}
    return {
        "n": int(len(d)),
        "median": round(float(np.median(d)), 2),
        "p95": round(float(np.percentile(d, 95)), 2),
        "max": round(float(d.max()), 1),
    }


def measure(lines: list[shapely.Geometry], attrs: dict[str, list[str]]) -> dict:
    """Offsets of our borders from WDBII's and back, per pair of sides, per region, world."""
    ref, digest = wdbii()
    dense = shapely.segmentize(np.asarray(lines, dtype=object), STEP_KM / 111.32)
    ours, line_of = shapely.get_coordinates(dense, return_index=True)
    fwd = NearestKm(ref)(ours)
    back_all = NearestKm(ours)(ref)
    near = back_all <= COUNTERPART_KM
    pair = np.array([f"{a}|{b}" for a, b in zip(attrs["side_a"], attrs["side_b"], strict=True)])
    pairs = {}
    for p in sorted(set(pair)):
        d = fwd[np.isin(line_of, np.flatnonzero(pair == p))]
        pairs[p] = {
            **_stats(d),
            "without_counterpart_pct": round(100.0 * float((d > COUNTERPART_KM).mean()), 1),
        }
    # each stretch alone, in the layer's order: points, median, p95, % without a counterpart
    order = np.argsort(line_of, kind="stable")
    starts = np.searchsorted(line_of[order], np.arange(len(lines) + 1))
    each = []
    for k in range(len(lines)):
        d = fwd[order[starts[k] : starts[k + 1]]]
        each.append(
            [int(len(d)), round(float(np.median(d)), 2), round(float(np.percentile(d, 95)), 2)]
            + [round(100.0 * float((d > COUNTERPART_KM).mean()), 1)]
            if len(d)
            else [0, 0.0, 0.0, 0.0]
        )
    regions = {}
    for name, boxes in REGIONS.items():
        regions[name] = {
            "ours_to_reference": _stats(fwd[in_region(ours, boxes)]),
            "reference_to_ours": _stats(back_all[near & in_region(ref, boxes)]),
            "reference_without_counterpart_pct": round(
                100.0
                * float((~near & in_region(ref, boxes)).sum())
                / max(1, int(in_region(ref, boxes).sum())),
                1,
            ),
        }
    return {
        "reference": REFERENCE,
        "reference_sha256": digest,
        "how": (
            f"our land borders sampled every {STEP_KM:g} km, each point's great-circle distance "
            f"to WDBII's nearest national boundary (densified to {REF_STEP_KM:g} km); back: "
            f"WDBII's boundary points within {COUNTERPART_KM:g} km of ours, to ours. WDBII names "
            "no states: the nearest boundary of any pair counts. Offsets are the two data "
            "sets' disagreement (WDBII has errors of its own), in km."
        ),
        "reference_allowance_km": REFERENCE_ALLOWANCE_KM,
        "reference_allowance_why": (
            "WDB II's own error, which the comparison cannot see, added to each border's 95 % "
            "bound: digitised 1972-77 at a nominal 1:3,000,000; the US National Map Accuracy "
            "Standards allow 90 % of points within 0.5 mm at a map's scale, 1.5 km there. "
            "Natural Earth's data derive in large part from WDB II, so where both follow it "
            "the offsets measure Natural Earth's generalisation of it"
        ),
        "world": {
            "ours_to_reference": _stats(fwd),
            "reference_to_ours": _stats(back_all[near]),
            "reference_without_counterpart_pct": round(100.0 * float((~near).mean()), 1),
        },
        "regions": regions,
        "pairs": pairs,
        "stretches": each,
        "stretches_columns": ["points", "median", "p95", "without_counterpart_pct"],
    }


def line_bounds(attrs: dict[str, list[str]], acc: dict) -> tuple[list[str], list[str], list[str]]:
    """Each stretch's 95 % bound and median (km, as text) and where they come from.

    The bound is a measured 95th percentile plus :data:`REFERENCE_ALLOWANCE_KM`: the
    stretch's own (``stretch``) where it has ``MIN_POINTS``, else its pair's (``pair``),
    else the world's (``world``); a pair WDBII mostly lacks takes the world's
    (``unmatched``). A stretch whose own points lie far from WDBII's border while its pair's
    others match keeps its own large figure: the two data sets disagree there.

    >>> acc = {"world": {"ours_to_reference": {"median": 1.0, "p95": 4.0}},
    ...        "pairs": {"CHN|PRK": {"n": 900, "median": 0.5, "p95": 2.5},
    ...                  "AND|ESP": {"n": 12, "median": 0.2, "p95": 0.4},
    ...                  "IDN|TLS": {"n": 220, "median": 1641.0, "p95": 1672.0,
    ...                              "without_counterpart_pct": 100.0}},
    ...        "stretches": [[100, 0.3, 1.0, 0.0], [12, 0.4, 3.0, 0.0], [12, 0.2, 0.4, 0.0],
    ...                      [110, 1641.0, 1672.0, 100.0]]}
    >>> p95, median, origin = line_bounds(
    ...     {"side_a": ["CHN", "CHN", "AND", "IDN"], "side_b": ["PRK", "PRK", "ESP", "TLS"]}, acc
    ... )
    >>> p95, median
    (['2.5', '4.0', '5.5', '5.5'], ['0.3', '0.5', '1.0', '1.0'])
    >>> origin
    ['stretch', 'pair', 'world', 'unmatched']
    """
    world = acc["world"]["ours_to_reference"]
    each = acc.get("stretches") or []
    if len(each) != len(attrs["side_a"]):
        each = [[0, 0.0, 0.0, 0.0]] * len(attrs["side_a"])  # figures of another cut: pairs only
    p95, med, origin = [], [], []
    for a, b, (n, s_med, s_p95, _) in zip(attrs["side_a"], attrs["side_b"], each, strict=True):
        st = acc["pairs"].get(f"{a}|{b}", {})
        if st.get("without_counterpart_pct", 0.0) >= 50.0:
            got = (world["p95"], world["median"], "unmatched")
        elif n >= MIN_POINTS:
            got = (s_p95, s_med, "stretch")
        elif st.get("n", 0) >= MIN_POINTS:
            got = (st["p95"], st["median"], "pair")
        else:
            got = (world["p95"], world["median"], "world")
        p95.append(str(round(got[0] + REFERENCE_ALLOWANCE_KM, 2)))
        med.append(str(got[1]))
        origin.append(got[2])
    return p95, med, origin


def main(argv: list[str] | None = None) -> int:
    """Build geodata/land/borders.npz and geodata/land/border_accuracy.json."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--recorded",
        action="store_true",
        help="do not measure (no GMT needed): use the figures in border_accuracy.json",
    )
    args = ap.parse_args(argv)
    geoms, sides, ids = land_records()
    lines, attrs = borders(geoms, sides, ids)
    if args.recorded:
        acc = json.loads(ACCURACY.read_text(encoding="utf-8"))
    else:
        acc = measure(lines, attrs)
        ACCURACY.write_text(json.dumps(acc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    attrs["error_km"], attrs["median_km"], attrs["error_from"] = line_bounds(attrs, acc)
    attrs["source"] = [SOURCE] * len(lines)
    meta = {
        "layer": "borders",
        "dataset": "trajgeo-eez-borders",
        "error_km_meaning": "95 % bound of the offset of this stretch of border from WDBII's, "
        "measured by geodata/build_borders.py (its own points; its pair of sides' for a short "
        "stretch; the world's for a short border or one WDBII lacks), plus WDB II's own error "
        "at its nominal scale (1.5 km)",
        "reference": REFERENCE,
    }
    counts = pack_lines(OUT, lines, attrs, meta)
    w = acc["world"]["ours_to_reference"]
    print(
        f"{OUT.relative_to(HERE.parent)}: {counts['lines']} lines, {counts['vertices']:,} "
        f"vertices, {OUT.stat().st_size / 1e6:.2f} MB; offsets from WDBII: median "
        f"{w['median']} km, 95 % under {w['p95']} km ({w['n']:,} points)"
    )
    record_hashes(OUT, ACCURACY)
    if MANIFEST.exists():
        man = json.loads(MANIFEST.read_text(encoding="utf-8"))
        man["borders"] = {
            "file": str(OUT.relative_to(HERE.parent)),
            "how": "derived by geodata/build_borders.py from land/land.npz; measured against "
            + REFERENCE,
            "reference_sha256": acc.get("reference_sha256"),
        }
        MANIFEST.write_text(json.dumps(man, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
