#!/usr/bin/env python
"""Derive trajgeo's packed layer of maritime LIMIT LINES from the shipped zone polygons.

Run after ``pack_layers.py`` (and again after ``measure_accuracy.py``, which measures the
per-class errors this layer carries):  ``python geodata/build_limits.py``

Every edge of every zone polygon (``geodata/eez/zones.npz``) is classified by what lies on
its two sides, found among the other zones' boundaries within ``SIDE_KM``:

* nothing (the high seas)                       -> ``outer_limit_200nm``
* another state's EEZ                           -> ``median_line`` (equidistance between the
                                                   two states' Natural Earth coasts)
* an overlapping-claim band                     -> ``disputed_band``
* a joint regime                                -> ``joint_regime``
* land (edge within ``COAST_KM`` of land)       -> the coast: not a limit, dropped
* the seaward edge of a territorial sea         -> ``territorial_12nm``

Consecutive edges of one kind and one pair of sides are merged into lines; a line shared by
two zones is kept once. Lines listed in ``geodata/eez/limit_sources.yaml`` (treaty / court
lines and joint regimes built from published coordinates) replace the derived line between
the same two sides where they are given, with their own kind and source.

Each line carries ``kind``, ``side_a`` / ``side_b`` (sovereign ISO3; a disputed band's side
is its claimants joined by ``;``; empty for the high seas), ``zone_a`` / ``zone_b`` (zone ids),
``source``, ``error_km``: a 95 % bound for its class, read from ``geodata/eez/accuracy.json``
(written by ``measure_accuracy.py``) for the tuned regions only, or the conservative default
below where unmeasured, and ``error_from``: where that bound comes from (a tuned region's
name, ``tuned`` for the class's figure over all of them, ``unmatched``, ``instrument``).

Output: ``geodata/eez/limits.npz`` (format: :mod:`trajgeo.maritime.lines`), its SHA-256 in
``manifest.json``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import shapely
from scipy.spatial import cKDTree

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from measure_accuracy import (  # noqa: E402
    HELD_OUT,
    MISSING_KM,
    REGIONS,
    chord,
    in_region,
    pair_key,
    side_class,
    unit,
)

from trajgeo.io.packed import read_layer  # noqa: E402
from trajgeo.maritime.lines import pack_lines  # noqa: E402

ZONES = HERE / "eez" / "zones.npz"
LAND = HERE / "land" / "land.npz"
OUT = HERE / "eez" / "limits.npz"
ACCURACY = HERE / "eez" / "accuracy.json"
SOURCES = HERE / "eez" / "limit_sources.yaml"
MANIFEST = HERE / "eez" / "manifest.json"

STEP_KM = 1.0  # boundaries are sampled this densely to find their sides
SIDE_KM = (
    1.5  # another zone's boundary this close is on the other side (simplification <= 0.33 km each)
)
COAST_KM = 3.0  # an edge this close to land follows the coast: not a limit

#: 95 % bounds used where a class has not been measured against a reference (km). Derived
#: lines from Natural Earth coasts are not trusted below the worst measured class.
DEFAULT_ERROR_KM = {
    "outer_limit_200nm": 60.0,
    "median_line": 120.0,
    "disputed_band": 150.0,
    "joint_regime": 60.0,
    "territorial_12nm": 5.0,
    "treaty": 2.0,  # turning points from the published instrument; the line between them
    "court_ruling": 2.0,
}
_COASTS = "Natural Earth 10m coasts and GSHHG islands (trajgeo-eez)"
SOURCE_OF_KIND = {
    "outer_limit_200nm": f"200 NM geodesic circles from {_COASTS}",
    "median_line": f"unagreed equidistance line between {_COASTS}",
    "disputed_band": "sea nearest to disputed land, each claimant's view (trajgeo-eez)",
    "joint_regime": "joint regime (trajgeo-eez)",
    "territorial_12nm": f"12 NM geodesic circles from {_COASTS}",
}


def dense_boundary(geoms: list, step_km: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Points every ~step_km along polygon boundaries: xy, record index, ring id."""
    parts, prec = shapely.get_parts(np.asarray(geoms, dtype=object), return_index=True)
    rings, ridx = shapely.get_rings(parts, return_index=True)
    rec = prec[ridx]
    rings = shapely.segmentize(rings, step_km / 111.32)
    xy, ring = shapely.get_coordinates(rings, return_index=True)
    return xy, rec[ring], ring


def measured_errors() -> tuple[
    dict[str, float], dict[str, dict[str, float]], dict[str, dict[str, list[str]]]
]:
    """The 95 % bound of each class (globally, and per region) from accuracy.json, else the
    defaults; and per region and class the pairs of sides the reference has no boundary
    between."""
    err = dict(DEFAULT_ERROR_KM)
    by_region: dict[str, dict[str, float]] = {}
    unmatched: dict[str, dict[str, list[str]]] = {}
    if ACCURACY.exists():
        acc = json.loads(ACCURACY.read_text())
        for kind, v in acc.get("error_km_by_kind", {}).items():
            if v is not None:
                err[kind] = float(v)
        by_region = acc.get("error_km_by_region_kind", {})
        unmatched = acc.get("unmatched_pairs_by_region_kind", {})
    return err, by_region, unmatched


def line_error(
    kind: str,
    geom,
    errors: dict[str, float],
    by_region: dict[str, dict[str, float]],
    unmatched: dict[str, dict[str, list[str]]] | None = None,
    pair: str = "",
) -> tuple[float, str]:
    """A line's bound and where it comes from (the ``error_from`` attribute).

    The bound is the largest measured for its kind in the tuned regions holding its
    midpoint (``error_from``: that region), else its kind's figure over the tuned regions
    (``"tuned"``; sourced kinds keep theirs: they are not derived). A line between two
    sides the reference draws no boundary between in such a region carries the cap,
    ``MISSING_KM`` (``"unmatched"``): how far it is from the truth was not measured.

    The held-out regions (``HELD_OUT``) are never read here: their lines carry the tuned
    regions' figures, so what the reference says there tests those bounds out of sample
    instead of setting them.
    """
    pooled = errors.get(kind, max(DEFAULT_ERROR_KM.values()))
    if kind in ("treaty", "court_ruling") or not by_region:
        return pooled, "tuned"
    mid = shapely.get_coordinates(shapely.line_interpolate_point(geom, 0.5, normalized=True))
    held_by = [r for r, boxes in REGIONS.items() if r not in HELD_OUT and in_region(mid, boxes)[0]]
    if any(pair in (unmatched or {}).get(r, {}).get(kind, ()) for r in held_by):
        return MISSING_KM, "unmatched"
    vals = [(by_region[r][kind], r) for r in held_by if kind in by_region.get(r, {})]
    if not vals:
        return pooled, "tuned"
    # the worst of them; of equal figures, the region named first in REGIONS
    return max(vals, key=lambda v: v[0])


def side_label(kind: str, sov: str, claimants: str) -> str:
    """What one side of a line is: a sovereign ISO3, or a band's claimants."""
    return claimants if kind in ("overlapping_claim", "joint_regime") and claimants else sov


def classify_edges(zg: list, za: dict, land_tree: cKDTree) -> list[dict]:
    """Split every zone boundary into runs of one kind and one pair of sides."""
    kinds = np.asarray(za["kind"])
    sea = np.flatnonzero(np.isin(kinds, ["eez", "overlapping_claim", "joint_regime"]))
    ts = np.flatnonzero(kinds == "territorial_sea")
    out: list[dict] = []
    # --- EEZ-level limits
    geoms = [zg[i] for i in sea]
    xy, rec, ring = dense_boundary(geoms, STEP_KM)
    rec = sea[rec]
    u = unit(xy)
    tree = cKDTree(u)
    coast = land_tree.query(u, distance_upper_bound=chord(COAST_KM))[0] < np.inf
    # the nearest point of ANOTHER zone: query a few neighbours, skip the own record
    d, j = tree.query(u, k=12, distance_upper_bound=chord(SIDE_KM))
    out += runs(xy, ring, rec, nearest_other(d, j, rec), coast, kinds, za, ts_layer=False)
    # --- territorial-sea outer limits (12 NM): TS boundary not on land and not shared
    geoms = [zg[i] for i in ts]
    xy, trec, tring = dense_boundary(geoms, STEP_KM)
    trec = ts[trec]
    u = unit(xy)
    coast = land_tree.query(u, distance_upper_bound=chord(COAST_KM))[0] < np.inf
    tt = cKDTree(u)
    d, j = tt.query(u, k=8, distance_upper_bound=chord(SIDE_KM))
    shared = np.zeros(len(u), bool)
    for col in range(d.shape[1]):
        ok = d[:, col] < np.inf
        jj = np.where(ok, j[:, col], 0)
        shared |= ok & (trec[jj] != trec)
    other = np.where(shared, -2, -1)
    out += runs(xy, tring, trec, other, coast, kinds, za, ts_layer=True)
    return out


def nearest_other(d: np.ndarray, j: np.ndarray, rec: np.ndarray) -> np.ndarray:
    """Return, for each point, the record of its nearest neighbour in another record, or -1.

    ``d`` and ``j`` are a k-d tree's ``k`` nearest (``inf`` past the bound). At a vertex
    that three zones share, two other records are equally near (often both at 0): the
    lower record index is taken, so the choice does not hang on the tree's order of equal
    distances, which shifts with points anywhere in the data set.
    """
    valid = np.isfinite(d)
    other = np.where(valid, rec[np.where(valid, j, 0)], -1)
    dist = np.where(valid & (other != rec[:, None]), d, np.inf)
    best = dist.min(axis=1)
    tied = np.isfinite(dist) & (dist <= best[:, None] + 1e-12)
    none = np.iinfo(np.int64).max
    pick = np.where(tied, other, none).min(axis=1)
    return np.where(pick == none, -1, pick).astype(np.int64)


def runs(
    xy: np.ndarray,
    ring: np.ndarray,
    rec: np.ndarray,
    other: np.ndarray,
    coast: np.ndarray,
    kinds: np.ndarray,
    za: dict,
    ts_layer: bool,
) -> list[dict]:
    """Cut each ring into runs of constant (other side, coast) and label them."""
    sov = np.asarray(za["sovereign_iso3"])
    cl = np.asarray(za["claimants"])
    zid = np.asarray(za["zone_id"])
    out = []
    # a label per point; a change of label (or ring) starts a new run
    lab = np.where(coast, -3, other)
    # edges along the antimeridian are where a zone was split, not a limit
    cut = np.abs(np.abs(xy[:, 0]) - 180.0) < 1e-6
    lab = np.where(cut, -3, lab)
    brk = np.flatnonzero((ring[1:] != ring[:-1]) | (lab[1:] != lab[:-1])) + 1
    starts = np.concatenate([[0], brk])
    ends = np.concatenate([brk, [len(xy)]])
    for s, e in zip(starts, ends, strict=False):
        lb = int(lab[s])
        if lb == -3 or (ts_layer and lb == -2):
            continue
        # keep the point before the run (same ring) so consecutive runs join up
        s0 = s - 1 if s > 0 and ring[s - 1] == ring[s] else s
        if e - s0 < 2:
            continue
        a = int(rec[s])
        if ts_layer:
            kind, sa, sb, zb = "territorial_12nm", sov[a], sov[a], zid[a]
        elif lb < 0:
            kind, sa, sb, zb = "outer_limit_200nm", side_label(kinds[a], sov[a], cl[a]), "", ""
        else:
            ka, kb = kinds[a], kinds[lb]
            if str(zid[a]) > str(zid[lb]):  # a shared line is found from both zones: keep once
                continue
            if "joint_regime" in (ka, kb):
                kind = "joint_regime"
            elif "overlapping_claim" in (ka, kb):
                kind = "disputed_band"
            else:
                kind = "median_line"
            sa, sb, zb = side_label(ka, sov[a], cl[a]), side_label(kb, sov[lb], cl[lb]), zid[lb]
            if kind == "median_line" and sa == sb:
                continue  # two territories of one state: not a limit anyone asks about
        out.append(
            {
                "kind": kind,
                "side_a": str(sa),
                "side_b": str(sb),
                "zone_a": str(zid[a]),
                "zone_b": str(zb),
                "coords": xy[s0:e],
            }
        )
    return out


def group(
    lines: list[dict],
    errors: dict[str, float],
    by_region: dict[str, dict[str, float]],
    unmatched: dict[str, dict[str, list[str]]] | None = None,
) -> tuple[list, dict[str, list[str]]]:
    """One record per merged line of one kind between two zones, simplified back to the
    polygon detail, with its error bound (which depends on where the line lies)."""
    by: dict[tuple, list] = {}
    for ln in lines:
        by.setdefault(
            (
                ln["kind"],
                ln["zone_a"],
                ln["zone_b"],
                ln["side_a"],
                ln["side_b"],
                ln.get("source", ""),
                ln.get("error_km", -1.0),
            ),
            [],
        ).append(ln["coords"])
    geoms, attrs = (
        [],
        {
            k: []
            for k in (
                "kind",
                "side_a",
                "side_b",
                "zone_a",
                "zone_b",
                "source",
                "error_km",
                "error_from",
            )
        },
    )
    for (kind, za_, zb_, sa, sb, src, own_err), parts in sorted(by.items()):
        pair = str(pair_key(np.array([side_class(sa, kind)]), np.array([side_class(sb, kind)]))[0])
        g = shapely.line_merge(shapely.multilinestrings([shapely.linestrings(p) for p in parts]))
        g = shapely.simplify(g, 0.003 if kind != "territorial_12nm" else 0.008)
        for part in shapely.get_parts(g):
            if part.is_empty or len(part.coords) < 2:
                continue
            geoms.append(part)
            if own_err > 0:  # the bound stated with the instrument's coordinates
                err, err_from = own_err, "instrument"
            else:
                err, err_from = line_error(kind, part, errors, by_region, unmatched, pair)
            for k, v in (
                ("kind", kind),
                ("side_a", sa),
                ("side_b", sb),
                ("zone_a", za_),
                ("zone_b", zb_),
                ("source", src or SOURCE_OF_KIND.get(kind, "")),
                ("error_km", f"{err:g}"),
                ("error_from", err_from),
            ):
                attrs[k].append(v)
    return geoms, attrs


def zone_of_side(key: str, za) -> tuple[str, str]:
    """A ``limit_sources.yaml`` side (a zone key: a state, or a territory such as ``ABW``) as
    the zone id and the sovereign ISO3 the limit layer names it by.

    Treaties of a territory name the territory's zone (Aruba's, not all the Netherlands'):
    the layer's sides are sovereigns, as the derived lines' are, so that a line is found for
    its state; its zones keep which of the state's zones it bounds.
    """
    ids = np.asarray(za["zone_id"]).astype(str)
    sov = np.asarray(za["sovereign_iso3"]).astype(str)
    hit = [
        i
        for i, z in enumerate(ids)
        if z == f"eez-{key}" or (z.startswith("eez-") and z.endswith(f"-{key}"))
    ]
    if len(hit) != 1:
        raise SystemExit(f"limit_sources.yaml: side {key!r} names {len(hit)} zones, not one")
    return str(ids[hit[0]]), str(sov[hit[0]])


def sourced_lines(za) -> list[dict]:
    """Treaty / court / joint-regime lines from limit_sources.yaml (published coordinates)."""
    import limit_sources

    out = []
    for entry in limit_sources.load()["lines"]:
        a, b = entry["sides"]
        first = [zone_of_side(k, za) for k in (a if isinstance(a, list) else [a])]
        if len({sov for _, sov in first}) != 1:
            raise SystemExit(f"limit_sources.yaml: {entry['id']}: one side names two states")
        side_a = first[0][1]
        zone_b, side_b = ("", "") if b == "none" else zone_of_side(b, za)
        for piece in limit_sources.fold(entry["coords"]):
            out.append(
                {
                    "kind": entry["kind"],
                    "side_a": side_a,
                    "side_b": side_b,
                    "zone_a": entry["id"],
                    "zone_b": "",
                    "zones": [{z, zone_b} for z, _ in first],  # the pairs of zones it divides
                    "source": " ".join(str(entry["source"]).split()),
                    "coords": piece,
                    "error_km": float(entry.get("error_km", DEFAULT_ERROR_KM["treaty"])),
                    "replaces": bool(entry.get("replaces_derived", True)),
                    "replace_within_km": float(entry.get("replace_within_km", 60.0)),
                }
            )
    return out


def enclave_sources(lines: list[dict], entries: list[dict] | None = None) -> list[dict]:
    """Lines between the parties of an enclave or full-reach treaty name it as their source.

    The line is the treaty's rule applied to the shipped coastline (a median line without
    the islands and belts round them; one state's 200-NM limit), so it keeps the kind, and
    the error bound, of a median line; only its source changes from "unagreed equidistance
    line".
    """
    if entries is None:
        import limit_sources

        doc = limit_sources.load()
        entries = (doc.get("enclaves") or []) + (doc.get("full_reach") or [])
    for e in entries:
        text = " ".join(str(e["source"]).split()) + "; drawn by its rule from " + _COASTS
        for ln in lines:
            if ln["kind"] == "median_line" and {ln["side_a"], ln["side_b"]} == set(e["sides"]):
                ln["source"] = text
    return lines


def published_regimes(lines: list[dict], entries: list[dict] | None = None) -> list[dict]:
    """Edges of a joint regime from limit_sources.yaml (or ``entries``) carry its instrument
    and error bound."""
    if entries is None:
        import limit_sources

        entries = limit_sources.load()["joint_regimes"]
    regimes = {}
    for e in entries:
        zone_id = "jr-" + "-".join(e["states"]) + "-" + str(e["id"])
        regimes[zone_id] = (
            " ".join(str(e["source"]).split()),
            float(e.get("error_km", DEFAULT_ERROR_KM["treaty"])),
        )
    for ln in lines:
        hit = regimes.get(ln["zone_a"]) or regimes.get(ln["zone_b"])
        if ln["kind"] == "joint_regime" and hit:
            ln["source"], ln["error_km"] = hit
    return lines


def clip_to_zone(sourced: list[dict], zg, za) -> list[dict]:
    """Cut a sourced line that ends a state's zone (its other side the high seas) to where it
    is that zone's edge: such a line runs "as far as international law permits", that is to
    the state's own 200-NM limit, which the instrument gives no point for."""
    out = []
    ids = np.asarray(za["zone_id"]).astype(str)
    for s in sourced:
        if s["side_b"]:
            out.append(s)
            continue
        zone = [g for g, z in zip(zg, ids, strict=True) if z in s["zones"][0]]
        if not zone:
            continue
        edge = shapely.boundary(shapely.union_all(zone))
        out += kept_runs(s, shapely.dwithin(shapely.points(s["coords"]), edge, 0.01))
    return out


def kept_runs(line: dict, keep: np.ndarray) -> list[dict]:
    """The line cut into its runs of kept points (at least two points each)."""
    brk = np.flatnonzero(keep[1:] != keep[:-1]) + 1
    starts, ends = np.concatenate([[0], brk]), np.concatenate([brk, [len(keep)]])
    return [
        {**line, "coords": line["coords"][a:b]}
        for a, b in zip(starts, ends, strict=True)
        if keep[a] and b - a >= 2
    ]


def replace_derived(lines: list[dict], sourced: list[dict]) -> list[dict]:
    """Drop derived points between the same two zones within 60 km of a sourced line (or the
    entry's ``replace_within_km``): zones, not sovereigns, so a territory's treaty line (Aruba's
    with Venezuela) leaves its neighbours' lines with the same state (Curacao's) in place."""
    if not sourced:
        return lines
    out = []
    for ln in lines:
        pair = {ln["zone_a"], ln["zone_b"]}
        cut = None
        for s in sourced:
            if s["replaces"] and pair in s["zones"]:
                near = shapely.dwithin(
                    shapely.points(ln["coords"]),
                    shapely.linestrings(s["coords"]),
                    s.get("replace_within_km", 60.0) / 111.32,
                )
                cut = near if cut is None else (cut | near)
        if cut is None or not cut.any():
            out.append(ln)
            continue
        out += kept_runs(ln, ~cut)
    return out


def main() -> int:
    """Build geodata/eez/limits.npz."""
    zg, za, _ = read_layer(ZONES)
    lg, _, _ = read_layer(LAND)
    lxy, _, _ = dense_boundary(lg, 1.0)
    land_tree = cKDTree(unit(lxy))
    lines = enclave_sources(published_regimes(classify_edges(zg, za, land_tree)))
    src = clip_to_zone(sourced_lines(za), zg, za)
    lines = replace_derived(lines, src) + src
    errors, by_region, unmatched = measured_errors()
    geoms, attrs = group(lines, errors, by_region, unmatched)
    meta = {
        "layer": "limits",
        "dataset": "trajgeo-eez-limits",
        "error_km_by_kind": errors,
        "error_km_by_region_kind": by_region,
        "unmatched_pairs_by_region_kind": unmatched,
        "error_km_meaning": "95 % bound of the offset of lines of this kind from the true "
        "limit, measured by geodata/measure_accuracy.py (defaults where "
        "unmeasured)",
    }
    counts = pack_lines(OUT, geoms, attrs, meta)
    digest = hashlib.sha256(OUT.read_bytes()).hexdigest()
    kinds = {k: attrs["kind"].count(k) for k in sorted(set(attrs["kind"]))}
    print(
        f"{OUT.relative_to(HERE.parent)}: {counts['records']} records, {counts['lines']} lines, "
        f"{counts['vertices']:,} vertices, {OUT.stat().st_size / 1e6:.2f} MB; kinds {kinds}"
    )
    if MANIFEST.exists():
        man = json.loads(MANIFEST.read_text())
        man.setdefault("files", {})[str(OUT.relative_to(HERE.parent))] = digest
        man["limits"] = {
            "file": str(OUT.relative_to(HERE.parent)),
            "sha256": digest,
            "kinds": kinds,
            "error_km_by_kind": errors,
            "sources_file": str(SOURCES.relative_to(HERE.parent)) if SOURCES.exists() else None,
            "how": "derived by geodata/build_limits.py from zones.npz; sourced "
            "lines from limit_sources.yaml",
        }
        MANIFEST.write_text(json.dumps(man, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
