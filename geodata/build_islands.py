#!/usr/bin/env python
"""Find the islands and reefs that Natural Earth 10m lacks, in GSHHG's full-resolution shorelines.

Writes ``geodata/eez/gshhg_islands.json``: every GSHHG level-1 (ocean shoreline) polygon that
lies more than ``NEAR_DEG`` (the same 0.02°, about 2 km, that ``build_eez.py`` uses for base
points) from all Natural Earth 10m land and from the reviewed base points, with the sovereign
the rule below gives it, or the reason it was skipped. ``build_eez.py`` adds the assigned ones
as land; nothing at run time reads GSHHG.

Source: GSHHG 2.3.7 (Wessel & Smith, NOAA / University of Hawaii, LGPL), full resolution, as
the Debian package ``gmt-gshhg-full`` installs it (``binned_GSHHS_f.nc``, read through GMT's
``gmt coast -M``). Only this data-build step needs them:
``apt-get install gmt gmt-gshhg-full``. The file's SHA-256 is recorded.

Rule (steps 0-7 fixed before any accuracy was looked at; step 8 added later, for a wrong
assignment the accuracy measurement showed; no reference file is read):

0. Islands within 12 NM (22.2 km) of mapped land are not added (counted only): they move the
   territorial sea's edge by less than their distance, and there are about 82,000 of them
   (skerries, fjord and reef islands), which would multiply the build's coast points.
1. Antarctic Treaty area (south of 60° S): skipped.
2. Distances are from the island's representative point to the coast vertices of each zone
   key's Natural Earth land (and of the reviewed base points, which count as that land).
   ``d1`` = nearest key; ``d2`` = nearest land of a *different sovereign*.
3. Skipped ``too_far`` if ``d1`` > 370.4 km (200 NM): the island is not within the zone of any
   state's mapped land, so proximity says nothing about its owner.
4. Skipped ``dispute`` if the nearest key is modelled disputed land, or disputed land is
   within ``AMBIGUOUS_RATIO`` × d1, or the island lies in a modelled dispute's box.
5. Skipped ``ambiguous`` if d2 < ``AMBIGUOUS_RATIO`` × d1 (another sovereign comparably near).
6. Otherwise the island belongs to the nearest key (state or overseas territory).
7. A skipped island listed by id in ``geodata/eez/island_owners.yaml`` (reviewed, each group with
   its sources) gets the key listed there, status ``assigned: reviewed``. An island that is part
   of a modelled dispute (nearest to its land, or in its box), or in the Antarctic Treaty area,
   cannot be listed; one skipped only because disputed land lies within ``AMBIGUOUS_RATIO`` ×
   d1 can (the review settles its owner; the rule alone could not).
8. An island the rule *assigned* can be listed only in a group whose ``corrects:`` names the key
   the rule gave it (the build stops if that is not what the rule said; the group's skipped
   islands are reviewed as in 7): a reviewed correction, for an
   atoll nearer another state's land than its own (Ontong Java, Solomon Islands, lies 48-112 km
   from Papua New Guinea's Nukumanu and 247-294 km from the rest of Solomon Islands).

Run: ``python geodata/build_islands.py`` (about a minute), then the ``build_eez.py`` chain.
"""

from __future__ import annotations

import datetime as _dt
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import shapely
import yaml
from pyproj import Geod
from scipy.spatial import cKDTree

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import build_eez as be  # noqa: E402

OUT = HERE / "eez" / "gshhg_islands.json"
OWNERS = HERE / "eez" / "island_owners.yaml"
REVIEWED = "assigned: reviewed (island_owners.yaml)"
REVIEWABLE = ("skipped: too far", "skipped: ambiguous")
GSHHG_FILE = Path("/usr/share/gmt-gshhg/binned_GSHHS_f.nc")
GMT_CMD = ["gmt", "coast", "-Df", "-R-180/180/-90/90", "-W1/0.1p", "-M", "-A0/1/1", "-bo2d"]
NEAR_DEG = 0.02  # same test as build_eez.labelled_parts for base points (~2 km)
MIN_D1_KM = 22.224  # 12 NM: closer islands only reshape the territorial sea's edge
MAX_D1_KM = 370.4  # 200 NM
AMBIGUOUS_RATIO = 2.0
ANTARCTIC_LAT = -60.0
SIMPLIFY_DEG = 0.001  # ~110 m: the stored outline (the zone build thins coasts at 0.002 deg)
GEOD = Geod(ellps="WGS84")


def dump_shorelines() -> list[np.ndarray]:
    """Level-1 shoreline pieces (one per GSHHG bin) from ``gmt coast``, as (n, 2) arrays."""
    if shutil.which("gmt") is None or not GSHHG_FILE.exists():
        raise SystemExit("needs GMT and GSHHG full: apt-get install -y gmt gmt-gshhg-full")
    with tempfile.TemporaryDirectory() as tmp:  # GMT leaves a gmt.history file in its cwd
        raw = subprocess.run(GMT_CMD, check=True, capture_output=True, cwd=tmp).stdout
    xy = np.frombuffer(raw, dtype="<f8").reshape(-1, 2)
    cut = np.flatnonzero(np.isnan(xy[:, 0]))
    pieces = np.split(xy, cut)
    return [p[1:] if len(p) and np.isnan(p[0, 0]) else p for p in pieces if len(p) > 2]


def far_polygons(pieces: list[np.ndarray], land: shapely.STRtree) -> np.ndarray:
    """Assemble the pieces that keep clear of Natural Earth land into island polygons."""
    idx = np.repeat(np.arange(len(pieces)), [len(p) for p in pieces])
    lines = shapely.linestrings(np.concatenate(pieces), indices=idx)
    near = np.unique(land.query(lines, predicate="dwithin", distance=NEAR_DEG)[0])
    keep = np.ones(len(lines), bool)
    keep[near] = False
    lines, arrs = lines[keep], [p for p, k in zip(pieces, keep, strict=True) if k]
    closed = np.array([np.array_equal(a[0], a[-1]) for a in arrs])
    ring_arrs = [a for a, c in zip(arrs, closed, strict=True) if c and len(a) > 3]
    ridx = np.repeat(np.arange(len(ring_arrs)), [len(a) for a in ring_arrs])
    polys = list(shapely.polygons(shapely.linearrings(np.concatenate(ring_arrs), indices=ridx)))
    be.log(f"GSHHG: {len(pieces)} level-1 pieces, {int(keep.sum())} clear of NE land")
    if (~closed).any():  # islands cut by GSHHG bin edges: join the pieces again
        merged = shapely.line_merge(shapely.union_all(lines[~closed]))
        polys.extend(shapely.get_parts(shapely.polygonize(shapely.get_parts(merged))))
    out = shapely.make_valid(np.array(polys, dtype=object))
    out = np.concatenate([shapely.get_parts(g) for g in out])
    out = out[(shapely.get_type_id(out) == 3) & (shapely.area(out) > 0)]
    near = np.unique(land.query(out, predicate="dwithin", distance=NEAR_DEG)[0])
    keep = np.ones(len(out), bool)
    keep[near] = False
    be.log(f"GSHHG: {len(out)} island polygons assembled, {int(keep.sum())} clear of NE land")
    return out[keep]


def chord_km(ch: np.ndarray) -> np.ndarray:
    """Great-circle km of unit-sphere chords."""
    return be.R_EARTH_KM * 2 * np.arcsin(np.clip(ch / 2, 0, 1))


def key_trees(parts: np.ndarray, keys: np.ndarray) -> dict[str, cKDTree]:
    """One KD-tree of coast vertices (<= 0.04° apart) per zone key."""
    trees = {}
    for k in np.unique(keys):
        c = shapely.get_coordinates(shapely.segmentize(parts[keys == k], be.COAST_STEP_DEG))
        trees[str(k)] = cKDTree(be.to_xyz(c[:, 0], c[:, 1]))
    return trees


def assign(
    pts: np.ndarray, trees: dict[str, cKDTree], meta: dict[str, dict]
) -> list[tuple[str | None, str, str, float, str | None, float]]:
    """Apply the rule per point: (key or None, status, nearest key, d1 km, nearest other
    sovereign's key, d2 km)."""
    xyz = be.to_xyz(pts[:, 0], pts[:, 1])
    names = sorted(trees)
    dist = np.column_stack([chord_km(trees[k].query(xyz)[0]) for k in names])
    sov = np.array([("dispute:" + k) if "dispute" in meta[k] else meta[k]["sov"] for k in names])
    disputed = np.array(["dispute" in meta[k] for k in names])
    out = []
    for i, (lon, lat) in enumerate(pts):
        order = np.argsort(dist[i])
        j1 = order[0]
        d1 = float(dist[i, j1])
        other = order[sov[order] != sov[j1]]
        j2 = other[0] if len(other) else None
        d2 = float(dist[i, j2]) if j2 is not None else float("inf")
        in_box = any(
            d.bbox is not None and d.bbox[0] <= lon <= d.bbox[2] and d.bbox[1] <= lat <= d.bbox[3]
            for d in be.DISPUTES
        )
        near_dispute = bool(disputed[j1]) or bool((dist[i, disputed] < AMBIGUOUS_RATIO * d1).any())
        if lat < ANTARCTIC_LAT:
            status = "skipped: Antarctic Treaty area (south of 60 S)"
        elif d1 > MAX_D1_KM:
            status = "skipped: too far (nearest mapped land > 200 NM)"
        elif near_dispute or in_box:
            status = "skipped: modelled dispute near"
        elif d2 < AMBIGUOUS_RATIO * d1:
            status = "skipped: ambiguous (another sovereign's land comparably near)"
        else:
            status = "assigned"
        key = str(names[j1]) if status == "assigned" else None
        out.append((key, status, str(names[j1]), d1, None if j2 is None else str(names[j2]), d2))
    return out


def island_id(lon: float, lat: float) -> str:
    """An island's id: its representative point, to 0.0001° (``gshhg-9.8123N160.9123E``).

    It names the island by where it is, so adding land elsewhere (a base point that puts
    other islands within 12 NM of mapped land) leaves every other island's id as it was.

    >>> island_id(160.91234, 9.8123), island_id(-79.7734, -15.8545)
    ('gshhg-9.8123N160.9123E', 'gshhg-15.8545S79.7734W')
    """
    ns, ew = ("N" if lat >= 0 else "S"), ("E" if lon >= 0 else "W")
    return f"gshhg-{abs(lat):.4f}{ns}{abs(lon):.4f}{ew}"


def reviewed_owners(meta: dict[str, dict]) -> dict[str, dict]:
    """The reviewed list, by GSHHG id: each id's group entry (name, key, near, within_km)."""
    by_id: dict[str, dict] = {}
    for group in yaml.safe_load(OWNERS.read_text())["islands"]:
        if group["key"] not in meta or "dispute" in meta[group["key"]]:
            raise SystemExit(f"{OWNERS.name}: {group['name']}: key {group['key']!r} is no state's")
        for i in group["ids"]:
            if i in by_id:
                raise SystemExit(f"{OWNERS.name}: {i} is listed twice")
            by_id[i] = group
    return by_id


def part_of_dispute(entry: dict, meta: dict[str, dict]) -> bool:
    """Whether an island is itself part of a modelled dispute: nearest its land, or in its box."""
    lon, lat = entry["lon"], entry["lat"]
    in_box = any(
        d.bbox is not None and d.bbox[0] <= lon <= d.bbox[2] and d.bbox[1] <= lat <= d.bbox[3]
        for d in be.DISPUTES
    )
    return in_box or "dispute" in meta.get(entry["nearest_key"], {})


def apply_reviewed(entry: dict, owners: dict[str, dict], meta: dict[str, dict]) -> None:
    """Give a skipped (or, with ``corrects``, wrongly assigned) island its reviewed owner.

    Stops if the id no longer names that island.
    """
    group = owners.get(entry["id"])
    if group is None:
        return
    name = f"{OWNERS.name}: {group['name']}: {entry['id']}"
    near_only = entry["status"] == "skipped: modelled dispute near" and not part_of_dispute(
        entry, meta
    )
    corrects = group.get("corrects")
    corrected = False
    if entry["status"] == "assigned":
        if corrects != entry["key"]:
            raise SystemExit(
                f"{name} was assigned {entry['key']} by the rule; list it only with "
                f"'corrects: {entry['key']}'"
            )
        corrected = True
    elif not (entry["status"].startswith(REVIEWABLE) or near_only):
        raise SystemExit(
            f"{name} is {entry['status']!r}; only too-far, ambiguous or near-a-dispute ones"
        )
    near = group["near"]
    km = GEOD.inv(near["lon"], near["lat"], entry["lon"], entry["lat"])[2] / 1e3
    if km > group["within_km"]:
        raise SystemExit(f"{name} lies {km:.0f} km from the group (GSHHG changed? review again)")
    entry["rule_status"] = entry["status"]
    if corrected:
        entry["rule_key"] = entry["key"]
    entry["status"], entry["key"], entry["reviewed"] = REVIEWED, group["key"], group["name"]


def main() -> int:
    """Dump, filter, assign, and write ``gshhg_islands.json``."""
    ne_dir = be.unpack_wheel(be.fetch_wheel())
    base_points = yaml.safe_load((be.OUT_EEZ / "base_points.yaml").read_text())["points"]
    countries = be.load_countries(ne_dir)
    meta = be.zone_meta(countries)
    parts, keys, _ = be.labelled_parts(countries, base_points)
    tree = shapely.STRtree(parts)
    islands = far_polygons(dump_shorelines(), tree)
    islands = shapely.simplify(islands, SIMPLIFY_DEG, preserve_topology=True)
    pts = shapely.get_coordinates(shapely.point_on_surface(islands))
    areas = np.array([abs(GEOD.geometry_area_perimeter(g)[0]) / 1e6 for g in islands])
    order = np.lexsort((pts[:, 1], pts[:, 0]))
    islands, pts, areas = islands[order], pts[order], areas[order]
    trees = key_trees(parts, keys)
    allv = np.concatenate([t.data for t in trees.values()])
    d_any = chord_km(cKDTree(allv).query(be.to_xyz(pts[:, 0], pts[:, 1]))[0])
    offshore = d_any > MIN_D1_KM
    be.log(f"{int(offshore.sum())} of {len(pts)} islands lie > {MIN_D1_KM} km from mapped land")
    islands, pts, areas = islands[offshore], pts[offshore], areas[offshore]
    rows = assign(pts, trees, meta)
    owners = reviewed_owners(meta)
    entries = []
    for g, p, a, r in zip(islands, pts, areas, rows, strict=True):
        key, status, k1, d1, k2, d2 = r
        ring = np.round(shapely.get_coordinates(g.exterior), 4)
        lon, lat = round(float(p[0]), 4), round(float(p[1]), 4)
        entries.append(
            {
                "id": island_id(lon, lat),
                "lon": lon,
                "lat": lat,
                "area_km2": round(float(a), 4),
                "status": status,
                "key": key,
                "nearest_key": k1,
                "d1_km": round(d1, 1),
                "other_sovereign_key": k2,
                "d2_km": round(d2, 1) if np.isfinite(d2) else None,
            }
        )
        apply_reviewed(entries[-1], owners, meta)
        if entries[-1]["key"] is not None:  # the outline is kept only for the islands added
            entries[-1]["ring"] = ring.tolist()
    ids = [e["id"] for e in entries]
    if len(set(ids)) != len(ids):
        raise SystemExit("two islands share a representative point to 0.0001 deg: ids not unique")
    missing = set(owners) - set(ids)
    if missing:
        raise SystemExit(f"{OWNERS.name}: no such island: {', '.join(sorted(missing))}")
    write(entries, {"within_12nm_of_mapped_land_not_added": int((~offshore).sum())})
    return 0


def write(entries: list[dict], extra: dict[str, int]) -> None:
    """Write the reviewed file: source record, rule, counts, then one line per island."""
    statuses: dict[str, int] = dict(extra)
    for e in entries:
        statuses[e["status"]] = statuses.get(e["status"], 0) + 1
    version = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", "gmt-gshhg-full"], capture_output=True, text=True
    ).stdout
    head = {
        "what": "GSHHG level-1 islands > 2 km (0.02 deg) from Natural Earth 10m land and "
        "the base points",
        "source": {
            "name": "GSHHG 2.3.7, full resolution (Wessel & Smith; NOAA NCEI / SOEST Hawaii), LGPL",
            "url": "https://www.soest.hawaii.edu/pwessel/gshhg/",
            "file": str(GSHHG_FILE),
            "sha256": be.sha256(GSHHG_FILE),
            "debian_package": f"gmt-gshhg-full {version}",
            "read_with": " ".join(GMT_CMD),
        },
        "rule": __doc__.split("no reference file is read):")[1].split("Run:")[0].strip(),
        "rule_fixed": "steps 0-7 before any accuracy was measured with them; step 8 (reviewed "
        "corrections) later; no reference file is read",
        "parameters": {
            "near_deg": NEAR_DEG,
            "min_d1_km": MIN_D1_KM,
            "max_d1_km": MAX_D1_KM,
            "ambiguous_ratio": AMBIGUOUS_RATIO,
            "antarctic_lat": ANTARCTIC_LAT,
            "outline_simplified_deg": SIMPLIFY_DEG,
        },
        "reviewed_owners": {
            "file": f"geodata/eez/{OWNERS.name}",
            "sha256": be.sha256(OWNERS),
            "status": REVIEWED,
        },
        "built": _dt.date.today().isoformat(),
        "counts": statuses,
    }
    lines = [
        "{",
        *(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()),
    ]
    lines.append('  "islands": [')
    body = [f"    {json.dumps(e, ensure_ascii=False)}" for e in entries]
    lines.append(",\n".join(body))
    lines.append("  ]")
    lines.append("}")
    OUT.write_text("\n".join(lines) + "\n")
    be.log(f"wrote {OUT.relative_to(HERE.parent)}: {statuses}")


if __name__ == "__main__":
    sys.exit(main())
