#!/usr/bin/env python
"""Measure the accuracy of ``geodata/eez/zones.fgb`` against a Marine Regions reference.

The reference (Marine Regions World EEZ v10, 5 %-simplified, NW Pacific extract) lives OUTSIDE
the project at ``../shared/reference/eez-marineregions-nw-pacific.geojson`` (beside the repo).
It is only read here, at measure time; nothing from it is copied into the project - only the
summary statistics computed below are written to ``geodata/eez/manifest.json``.

Figures:

* boundary offset (km): reference boundary points sampled every ~5 km, kept only if > 30 km
  from land (drops coastline-following edges) and > 20 km from the extract's clip box; distance
  to the nearest boundary of our eez/overlapping_claim layer. Split into *shared* boundaries
  (median / lateral lines between two reference zones) and *outer* 200 NM limits.
* membership agreement (%): a 0.2 deg grid; points judged only where the reference is reliable
  (> 30 km from land, > 20 km from any reference boundary, inside the clip box by > 20 km, and not
  in a zone of a state the extract does not cover). Classes: sovereign ISO3 of an EEZ,
  ``disputed:<claimants>``, ``joint``, ``none``.
* per-state area ratio ours / reference inside the clip box (geodesic areas).

Never fails: it is a report (exit status 0), and skips cleanly when the reference is absent.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely
from pyproj import Geod
from scipy.spatial import cKDTree
from shapely.geometry import box

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
REF_DIR = REPO.parent / "shared" / "reference"
REF_FILE = REF_DIR / "eez-marineregions-nw-pacific.geojson"
ZONES = HERE / "eez" / "zones.fgb"
LAND = HERE / "land" / "land.fgb"
MANIFEST = HERE / "eez" / "manifest.json"

R_KM = 6371.0088
BOX = (100.0, 0.0, 200.0, 65.0)  # the extract's clip box, lon in 0..360
TARGETS = {"JPN", "KOR", "PRK", "RUS", "CHN", "TWN", "PHL", "USA"}
COAST_MIN_KM = 30.0  # reference coastline is coarse: judge nothing closer to land
REF_EDGE_MIN_KM = 20.0  # reference boundaries are 5 %-simplified chords: keep clear of them
GRID_DEG = 0.2
GEOD = Geod(ellps="WGS84")
SOV_NAME_TO_ISO = {
    "Japan": "JPN",
    "South Korea": "KOR",
    "North Korea": "PRK",
    "Russia": "RUS",
    "China": "CHN",
    "Taiwan": "TWN",
    "Philippines": "PHL",
    "United States": "USA",
}


def to_360(g: shapely.Geometry) -> shapely.Geometry:
    """Move a [-180, 180] geometry into the reference's 0..360 frame (clip box only)."""
    east = shapely.intersection(g, box(BOX[0], BOX[1], 180.0, BOX[3]))
    west = shapely.intersection(g, box(-180.0, BOX[1], BOX[2] - 360.0, BOX[3]))
    west = shapely.transform(west, lambda c: c + np.array([360.0, 0.0]))
    return shapely.union_all([east, west])


def unit(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Lon/lat degrees to unit vectors."""
    lo, la = np.radians(lon), np.radians(lat)
    return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])


def boundary_points(geoms, step_km: float) -> np.ndarray:
    """Points every ~step_km along the boundaries of geometries (lon/lat array)."""
    lines = shapely.boundary(np.asarray(geoms, dtype=object))
    dense = shapely.segmentize(lines, step_km / 111.32)
    return shapely.get_coordinates(dense)


class NearestKm:
    """Great-circle distance (km) from points to a densified point set."""

    def __init__(self, lonlat: np.ndarray) -> None:
        self.tree = cKDTree(unit(lonlat[:, 0], lonlat[:, 1]))

    def __call__(self, lonlat: np.ndarray) -> np.ndarray:
        d, _ = self.tree.query(unit(lonlat[:, 0], lonlat[:, 1]))
        return 2 * R_KM * np.arcsin(np.clip(d / 2, 0, 1))


def ref_class(row) -> str:
    """Membership class of a reference feature."""
    pt = str(row.get("pol_type", ""))
    if pt.lower().startswith("joint"):
        return "joint"
    if pt.lower().startswith("disputed") or pt.lower().startswith("overlapping"):
        sovs = {
            s
            for s in (
                row.get("iso_sov"),
                row.get("iso_sov2"),
                row.get("iso_sov3"),
                SOV_NAME_TO_ISO.get(row.get("sovereign3")),
            )
            if isinstance(s, str) and s
        }
        return "disputed:" + ";".join(sorted(sovs))
    iso = row.get("iso_sov") or SOV_NAME_TO_ISO.get(row.get("sovereign"), "")
    return str(iso)


def our_class(row) -> str:
    """Membership class of one of our zones."""
    if row["kind"] == "overlapping_claim":
        return "disputed:" + row["claimants"]
    if row["kind"] == "joint_regime":
        return "joint"
    return row["sovereign_iso3"]


def classify(points: np.ndarray, geoms: np.ndarray, classes: np.ndarray) -> np.ndarray:
    """Class of the (first) polygon containing each point, 'none' elsewhere."""
    out = np.full(len(points), "none", dtype=object)
    pts = shapely.points(points)
    tree = shapely.STRtree(geoms)
    pi, gi = tree.query(pts, predicate="within")
    out[pi] = classes[gi]
    return out


def geodesic_area_km2(g: shapely.Geometry) -> float:
    """Geodesic area of a lon/lat (multi)polygon on WGS84, km^2."""
    if g.is_empty:
        return 0.0
    return abs(GEOD.geometry_area_perimeter(g)[0]) / 1e6


def measure() -> dict | None:
    """Compute the accuracy figures; None when the reference is absent."""
    if not REF_FILE.exists():
        print(f"reference not found at {REF_FILE}: skipping accuracy measurement")
        return None
    ref = gpd.read_file(REF_FILE)
    ref["cls"] = [ref_class(r) for r in ref.to_dict("records")]
    ref_geoms = shapely.make_valid(ref.geometry.values)

    z = pyogrio.read_dataframe(ZONES)
    z = z[z["kind"].isin(["eez", "overlapping_claim", "joint_regime"])].reset_index(drop=True)
    z["cls"] = [our_class(r) for r in z.to_dict("records")]
    ours = np.array([to_360(g) for g in z.geometry.values], dtype=object)
    keep = ~shapely.is_empty(ours)
    ours, ocls = ours[keep], z["cls"].to_numpy(dtype=object)[keep]

    land = pyogrio.read_dataframe(LAND)
    land360 = np.array([to_360(g) for g in land.geometry.values], dtype=object)
    land360 = land360[~shapely.is_empty(land360)]
    coast_km = NearestKm(boundary_points(land360, 2.0))
    ref_edge_km = NearestKm(boundary_points(ref_geoms, 1.0))
    our_edge_km = NearestKm(boundary_points(ours, 0.5))
    bx = box(*BOX)
    box_edge_km = NearestKm(boundary_points([bx], 1.0))

    # ---- boundary offsets: reference boundary -> our boundary
    rb = boundary_points(ref_geoms, 5.0)
    land_tree = shapely.STRtree(land360)
    on_land_rb = np.zeros(len(rb), bool)
    on_land_rb[land_tree.query(shapely.points(rb), predicate="within")[0]] = True
    ok = (coast_km(rb) > COAST_MIN_KM) & (box_edge_km(rb) > REF_EDGE_MIN_KM) & ~on_land_rb
    rb = rb[ok]
    # shared = on the boundary of >= 2 reference polygons
    near_two = np.zeros(len(rb), bool)
    pts = shapely.points(rb)
    tree = shapely.STRtree(shapely.boundary(ref_geoms))
    pi, gi = tree.query(pts, predicate="dwithin", distance=0.005)
    counts = np.bincount(pi, minlength=len(rb))
    near_two = counts >= 2
    off = our_edge_km(rb)
    res: dict = {
        "reference": {
            "file": REF_FILE.name,
            "dataset": "Marine Regions World EEZ v10 (2018), 5%-simplified "
            "extract, NW Pacific (lon 100..200, lat 0..65); validation only, not shipped",
        }
    }
    res["boundary_offset_km"] = {
        "shared_median_lines": _stats(off[near_two]),
        "outer_200nm_limits": _stats(off[~near_two]),
        "all": _stats(off),
        "how": "reference boundary sampled every 5 km, > 30 km from land and > 20 km from the "
        "clip box; great-circle distance to the nearest boundary of our eez/"
        "overlapping_claim polygons (densified to 0.5 km)",
    }
    # and the other way round: our boundaries -> reference
    ob = boundary_points(ours, 5.0)
    inbox = shapely.contains_xy(shapely.buffer(bx, -0.3), ob[:, 0], ob[:, 1])
    ob = ob[inbox]
    ok = (coast_km(ob) > COAST_MIN_KM) & (box_edge_km(ob) > REF_EDGE_MIN_KM)
    ob = ob[ok]
    ob_cls = classify(ob, ours, ocls)  # noqa: F841 - boundaries: class ambiguous by nature
    res["boundary_offset_km"]["ours_to_reference_all"] = _stats(ref_edge_km(ob))

    # ---- membership agreement on a grid
    gx, gy = np.meshgrid(
        np.arange(BOX[0] + GRID_DEG / 2, BOX[2], GRID_DEG),
        np.arange(BOX[1] + GRID_DEG / 2, BOX[3], GRID_DEG),
    )
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    on_land = shapely.STRtree(land360).query(shapely.points(grid), predicate="within")[0]
    sea = np.ones(len(grid), bool)
    sea[on_land] = False
    grid = grid[sea]
    reliable = (
        (coast_km(grid) > COAST_MIN_KM)
        & (ref_edge_km(grid) > REF_EDGE_MIN_KM)
        & (box_edge_km(grid) > REF_EDGE_MIN_KM)
    )
    g = grid[reliable]
    rc = classify(g, ref_geoms, ref["cls"].to_numpy(dtype=object))
    oc = classify(g, ours, ocls)
    covered = np.array(
        [c == "none" or c.startswith(("disputed", "joint")) or c in TARGETS for c in oc]
    )
    rc, oc, g = rc[covered], oc[covered], g[covered]
    agree = rc == oc
    nojoint = rc != "joint"
    by_class = {}
    for c in sorted(set(rc)):
        m = rc == c
        by_class[c] = {"n": int(m.sum()), "agree_pct": round(100 * float(agree[m].mean()), 2)}
    confusion: dict[str, int] = {}
    for a, b in zip(rc[~agree], oc[~agree], strict=False):
        confusion[f"{a}->{b}"] = confusion.get(f"{a}->{b}", 0) + 1
    res["membership"] = {
        "n_points": int(len(g)),
        "agreement_pct": round(100 * float(agree.mean()), 2),
        "agreement_pct_excluding_joint_regimes": round(100 * float(agree[nojoint].mean()), 2),
        "by_reference_class": by_class,
        "disagreements": dict(sorted(confusion.items(), key=lambda kv: -kv[1])[:12]),
        "how": f"{GRID_DEG} deg grid over lon 100..200 / lat 0..65 (0..360 frame); judged only "
        "> 30 km from land, > 20 km from any reference boundary and from the clip box, "
        "and outside zones of states the extract omits",
    }

    # ---- per-state area ratios inside the box
    areas = {}
    for s in sorted(TARGETS):
        r = shapely.union_all(ref_geoms[ref["cls"].to_numpy() == s])
        o = shapely.union_all(ours[ocls == s]) if np.any(ocls == s) else shapely.Polygon()
        ra = geodesic_area_km2(shapely.intersection(r, bx))
        oa = geodesic_area_km2(shapely.intersection(o, bx))
        if ra > 0:
            areas[s] = {
                "ours_km2": round(oa),
                "reference_km2": round(ra),
                "ratio": round(oa / ra, 4),
            }
    res["area_ratio"] = areas
    res["area_ratio_note"] = (
        "inside the clip box only; our EEZ rows exclude overlapping-claim bands, as do the "
        "reference's 200NM rows; the reference has joint regimes we do not model"
    )
    return res


def _stats(x: np.ndarray) -> dict:
    """Median / p95 / max summary."""
    if len(x) == 0:
        return {"n": 0}
    return {
        "n": int(len(x)),
        "median": round(float(np.median(x)), 2),
        "p90": round(float(np.percentile(x, 90)), 2),
        "p95": round(float(np.percentile(x, 95)), 2),
        "max": round(float(x.max()), 1),
    }


def print_report(res: dict) -> None:
    """Print the figures as plain tables."""
    print("\nBoundary offset, km (reference -> ours)")
    print(f"{'boundaries':28s} {'n':>6s} {'median':>7s} {'p90':>7s} {'p95':>7s} {'max':>7s}")
    for k, v in res["boundary_offset_km"].items():
        if isinstance(v, dict) and v.get("n"):
            print(
                f"{k:28s} {v['n']:6d} {v['median']:7.2f} {v['p90']:7.2f} {v['p95']:7.2f} "
                f"{v['max']:7.1f}"
            )
    m = res["membership"]
    print(
        f"\nMembership agreement on {m['n_points']} reliable grid points: "
        f"{m['agreement_pct']:.2f}% (excluding joint regimes "
        f"{m['agreement_pct_excluding_joint_regimes']:.2f}%)"
    )
    for c, v in m["by_reference_class"].items():
        print(f"  {c:24s} n={v['n']:6d}  agree {v['agree_pct']:6.2f}%")
    print("  top disagreements (reference->ours):", m["disagreements"])
    print("\nArea ratio ours/reference inside the clip box")
    for s, v in res["area_ratio"].items():
        print(f"  {s}: {v['ratio']:.4f}  ({v['ours_km2']:,} vs {v['reference_km2']:,} km2)")


def accuracy_km(res: dict) -> float:
    """A conservative single accuracy number from the measured p95 offsets."""
    p95 = [
        v["p95"]
        for k, v in res["boundary_offset_km"].items()
        if isinstance(v, dict) and v.get("n") and k in ("shared_median_lines", "outer_200nm_limits")
    ]
    return float(max(5.0, math.ceil(max(p95))))


def main(argv: list[str] | None = None) -> int:
    """Entry point; always returns 0."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--write-manifest",
        action="store_true",
        default=True,
        help="write the figures into geodata/eez/manifest.json (default)",
    )
    ap.add_argument("--no-write-manifest", dest="write_manifest", action="store_false")
    args = ap.parse_args(argv)
    try:
        res = measure()
    except Exception as exc:  # a report must never break the build
        print(f"accuracy measurement failed: {exc!r}")
        return 0
    if res is None:
        return 0
    print_report(res)
    acc = accuracy_km(res)
    res["accuracy_km_statement"] = (
        f"Our 200 NM limits and median lines lie within {acc:g} km of Marine Regions v10 for "
        "95% of sampled boundary points in the NW Pacific; treat a position closer than "
        f"{acc:g} km to a zone boundary as within data accuracy (undecided)."
    )
    print("\n" + res["accuracy_km_statement"])
    if args.write_manifest and MANIFEST.exists():
        man = json.loads(MANIFEST.read_text())
        man["accuracy"] = res
        man["accuracy_km"] = acc
        MANIFEST.write_text(json.dumps(man, indent=2, ensure_ascii=False) + "\n")
        print(f"wrote accuracy figures into {MANIFEST.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
