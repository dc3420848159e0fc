#!/usr/bin/env python
"""Measure the COASTS of trajgeo's shipped land against GSHHG's full-resolution shorelines.

A land claim ("the missile fell on land", "inside Russia's territory") is judged against the
edge of a state's land: its land borders, each stretch with its own measured error
(``build_borders.py``), and its coast, which had only the data set's stated accuracy
(95 % under 68 km, a figure for maritime limits). This script measures the coast.

* **Ours**: the outline of the shipped land (``geodata/land/land.npz``, Natural Earth 10m,
  which derives its coastline from World Data Bank II), less its land borders (within
  ``BORDER_DEG`` of ``geodata/land/borders.npz``), sampled every ``STEP_KM``.
* **Reference**: GSHHG 2.3.7's full-resolution shorelines of levels 1 and 2 (the sea's, and
  lakes', as GSHHG counts the Caspian Sea a lake where Natural Earth draws it as sea), read
  with ``gmt coast -W -A0/1/2 -M``: built from the World Vector Shoreline (1:250,000), a
  source independent of World Data Bank II. Read only to measure; nothing of it is shipped.
* **Offset**: each of our points' great-circle distance to the nearest reference shoreline;
  the share farther than ``COUNTERPART_KM`` is reported (river mouths and lagoons one data
  set closes and the other does not), and counts in the figures like every other point.
  Per region (the maritime measurement's boxes, ``measure_accuracy.REGIONS``) and over
  the world.
* **Bound**: the 95th percentile plus ``REFERENCE_ALLOWANCE_KM``, the World Vector
  Shoreline's own error at its scale (the US National Map Accuracy Standards' 0.5 mm at
  1:250,000), which the comparison cannot see.

Output: ``geodata/land/coast_accuracy.json``, its SHA-256 in ``geodata/eez/manifest.json``.
Run: ``python geodata/measure_coasts.py`` (under a minute; needs GMT and GSHHG full:
``apt-get install gmt gmt-gshhg-full``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import shapely

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from build_borders import COUNTERPART_KM, LAND, STEP_KM, gmt_points, record_hashes  # noqa: E402
from build_borders import OUT as BORDERS  # noqa: E402
from measure_accuracy import REGIONS, NearestKm, in_region  # noqa: E402

from trajgeo.io.packed import read_layer  # noqa: E402
from trajgeo.maritime.lines import read_lines  # noqa: E402

OUT = HERE / "land" / "coast_accuracy.json"
SHORE_FILE = Path("/usr/share/gmt-gshhg/binned_GSHHS_f.nc")
GMT_CMD = ["gmt", "coast", "-Df", "-R-180/180/-90/90", "-W1/0.1p", "-M", "-A0/1/2", "-bo2d"]
BORDER_DEG = 0.006  # our outline this near a land border is border, not coast (~650 m)
#: The World Vector Shoreline's own error: 0.5 mm (NMAS) at 1:250,000.
REFERENCE_ALLOWANCE_KM = 0.13
REFERENCE = (
    "GSHHG 2.3.7 full-resolution shorelines, levels 1-2 (Wessel & Smith, LGPL; from the "
    "World Vector Shoreline, 1:250,000), read with gmt coast -W -A0/1/2 -M"
)


def shorelines() -> tuple[np.ndarray, str]:
    """Read GSHHG's shorelines with ``gmt coast``: densified lon/lat, and the file's hash."""
    return gmt_points(GMT_CMD, SHORE_FILE)


def our_coast() -> np.ndarray:
    """Points every ``STEP_KM`` along the shipped land's outline, less its land borders."""
    geoms, _, _ = read_layer(LAND)
    outline = shapely.union_all(shapely.boundary(np.asarray(geoms, dtype=object)))
    xy, off, _, _ = read_lines(BORDERS)
    borders = shapely.linestrings(xy, indices=np.repeat(np.arange(len(off) - 1), np.diff(off)))
    coast = shapely.difference(outline, shapely.buffer(shapely.union_all(borders), BORDER_DEG))
    return shapely.get_coordinates(shapely.segmentize(coast, STEP_KM / 111.32))


def _stats(d: np.ndarray) -> dict[str, float | int]:
    """Count, share without a counterpart, median and 95th percentile (of all points)."""
    if not len(d):
        return {"n": 0}
    return {
        "n": int(len(d)),
        "without_counterpart_pct": round(100.0 * float((d > COUNTERPART_KM).mean()), 1),
        "median": round(float(np.median(d)), 2),
        "p95": round(float(np.percentile(d, 95)), 2),
    }


def measure() -> dict:
    """Our coast's offsets from GSHHG's shorelines, per region and over the world."""
    ref, digest = shorelines()
    ours = our_coast()
    d = NearestKm(ref)(ours)
    return {
        "reference": REFERENCE,
        "reference_sha256": digest,
        "how": (
            f"the shipped land's outline less its land borders (within {BORDER_DEG:g} deg), "
            f"sampled every {STEP_KM:g} km; each point's great-circle distance to the "
            "nearest GSHHG shoreline (densified to 0.25 km); points over "
            f"{COUNTERPART_KM:g} km from any are reported (without_counterpart_pct) and counted "
            "in the figures like the others, in km"
        ),
        "reference_allowance_km": REFERENCE_ALLOWANCE_KM,
        "reference_allowance_why": (
            "the World Vector Shoreline's own error, which the comparison cannot see: the US "
            "National Map Accuracy Standards' 0.5 mm at 1:250,000"
        ),
        "world": _stats(d),
        "regions": {
            name: {"boxes": boxes, **_stats(d[in_region(ours, boxes)])}
            for name, boxes in REGIONS.items()
        },
    }


def main() -> int:
    """Write geodata/land/coast_accuracy.json."""
    acc = measure()
    OUT.write_text(json.dumps(acc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    w = acc["world"]
    print(
        f"{OUT.relative_to(HERE.parent)}: coast offsets from GSHHG median {w['median']} km, "
        f"95 % under {w['p95']} km ({w['n']:,} points, {w['without_counterpart_pct']} % "
        f"without a counterpart within {COUNTERPART_KM:g} km)"
    )
    record_hashes(OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
