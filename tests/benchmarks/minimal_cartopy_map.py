"""The anchor for the map benchmark: the least a user would write with cartopy alone.

Reads the same shipped Natural Earth layers (land, coastline, borders) that meet
the same box with ``pyogrio.raw``, draws them in the same projection over the same
view, and saves a PNG of the same size. No labels, legend, zones or analysis.

Run as a script: ``python minimal_cartopy_map.py PARAMS.json OUT.png``.
"""

from __future__ import annotations

import json
import sys


def draw(params: dict, out: str) -> None:
    """Draw and save the minimal map described by ``params`` (see the benchmark)."""
    import cartopy.crs as ccrs
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pyogrio.raw
    import shapely

    lon0, lon1, lat0, lat1 = params["clip"]
    proj = ccrs.AzimuthalEquidistant(
        central_longitude=params["centre"][0], central_latitude=params["centre"][1]
    )
    fig = plt.figure(figsize=params["inches"], dpi=params["dpi"])
    ax = fig.add_axes([0.02, 0.2, 0.96, 0.6], projection=proj)
    ax.set_xlim(*params["xlim"])
    ax.set_ylim(*params["ylim"])
    for name, style in (
        ("land", {"facecolor": "#F4F1EA", "edgecolor": "none"}),
        ("coastline", {"facecolor": "none", "edgecolor": "#888888", "linewidth": 0.5}),
        ("borders", {"facecolor": "none", "edgecolor": "#999999", "linewidth": 0.4}),
    ):
        path = f"{params['basemap_dir']}/{name}_{params['resolution']}.fgb"
        try:
            _, _, wkb, _ = pyogrio.raw.read(path, bbox=(lon0, lat0, lon1, lat1))
        except Exception:  # no coastline layer at this resolution: land outlines stand in
            continue
        geoms = shapely.clip_by_rect(shapely.from_wkb(wkb), lon0, lat0, lon1, lat1)
        ax.add_geometries(geoms[~shapely.is_empty(geoms)], crs=ccrs.PlateCarree(), **style)
    fig.savefig(out, dpi=params["dpi"])


if __name__ == "__main__":
    draw(json.loads(open(sys.argv[1]).read()), sys.argv[2])
