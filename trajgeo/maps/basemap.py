"""The shipped basemap: land, coastlines, borders and country labels from ``geodata/basemap``.

Layers are Natural Earth (public domain) FlatGeobuf files shipped with trajgeo,
at three resolutions::

    geodata/basemap/land_{10m,50m,110m}.fgb
    geodata/basemap/coastline_{50m,110m}.fgb  (10m: the outline of land_10m)
    geodata/basemap/borders_{10m,50m,110m}.fgb
    geodata/basemap/countries_50m.fgb     (country label points, optional)

Nothing is ever downloaded: a map drawn by trajgeo uses only these files
(cartopy's own Natural Earth download is never triggered).

:func:`load_basemap` reads the features that meet a box given in a map
*frame* (longitudes continuous around a central longitude, so a Pacific box
may run from 120° to 250°), shifts them into that frame and clips them to the
box. Clipping in lon/lat before projecting is what keeps filled land from
turning inside out at the map edge (cartopy#2103). Both the static and the
interactive renderer use it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from trajgeo.errors import DataError, InputError

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

__all__ = [
    "ATTRIBUTION",
    "RESOLUTIONS",
    "Basemap",
    "CountryLabel",
    "basemap_dir",
    "choose_resolution",
    "load_basemap",
]

#: Resolutions shipped, finest first.
RESOLUTIONS: tuple[str, ...] = ("10m", "50m", "110m")
#: Credit line for the basemap.
ATTRIBUTION = "Natural Earth (public domain)"

#: Largest map width (km) drawn with each resolution.
_RES_LIMIT_KM = {"10m": 900.0, "50m": 7_000.0}


@dataclass(frozen=True)
class CountryLabel:
    """A country's name at its label point (longitude in the requested frame)."""

    name: str
    iso3: str
    lon: float
    lat: float
    rank: float = 0.0


@dataclass(frozen=True)
class Basemap:
    """Basemap features clipped to a box, with longitudes in the box's frame.

    Attributes
    ----------
    resolution
        ``"10m"``, ``"50m"`` or ``"110m"``.
    bbox
        ``(lon0, lon1, lat0, lat1)`` the features were clipped to.
    land, coastline, borders
        Tuples of shapely geometries.
    labels
        Country label points inside the box.
    """

    resolution: str
    bbox: tuple[float, float, float, float]
    land: tuple[BaseGeometry, ...]
    coastline: tuple[BaseGeometry, ...]
    borders: tuple[BaseGeometry, ...]
    labels: tuple[CountryLabel, ...] = ()


def basemap_dir() -> Path:
    """Return the folder of the shipped basemap layers.

    Raises
    ------
    DataError
        When the folder is missing (an incomplete install).
    """
    from trajgeo.io.data import data_dir

    folder = data_dir() / "basemap"
    if not folder.is_dir():
        raise DataError(f"the shipped basemap folder is missing: {folder}; reinstall trajgeo")
    return folder


def choose_resolution(width_km: float) -> str:
    """Return the basemap resolution fit for a map ``width_km`` wide.

    Examples
    --------
    >>> choose_resolution(600), choose_resolution(4000), choose_resolution(15000)
    ('10m', '50m', '110m')
    """
    for res, limit in _RES_LIMIT_KM.items():
        if width_km <= limit:
            return res
    return "110m"


def _frame_pieces(lon0: float, lon1: float) -> list[tuple[float, float, float]]:
    """Split a frame longitude span into normalised spans and the shift back to the frame."""
    if lon1 - lon0 >= 360.0:
        k = math.floor((lon0 + 180.0) / 360.0)
        return [
            (-180.0, 180.0, 360.0 * k + s)
            for s in (0.0, 360.0)
            if -180.0 + 360.0 * k + s < lon1 and 180.0 + 360.0 * k + s > lon0
        ]
    out = []
    k0 = math.floor((lon0 + 180.0) / 360.0)
    k1 = math.floor((lon1 + 180.0) / 360.0)
    for k in range(k0, k1 + 1):
        shift = 360.0 * k
        a, b = max(lon0 - shift, -180.0), min(lon1 - shift, 180.0)
        if b > a:
            out.append((a, b, shift))
    return out


@lru_cache(maxsize=64)
def _read(path: str, bbox: tuple[float, float, float, float] | None) -> tuple:
    """Read the geometries (and attribute columns) of one layer that meet ``bbox``.

    The features are those GDAL returns for ``pyogrio.raw.read(path, bbox=bbox)``,
    in the same order, with the same geometry: read from the layer's copy in
    the user's cache (:func:`_whole_layer`), which spares every map command
    the import of pyogrio (and the geopandas, pandas and pyarrow it pulls in,
    about 0.18 s of CPU). Without a cache folder, pyogrio reads the box.
    """
    import shapely

    layer = _whole_layer(path)
    if layer is None:
        return _read_box(path, bbox)
    wkb, ends, bounds, fields = layer
    keep = np.arange(len(ends))
    if bbox is not None:  # GDAL's box filter: an envelope that meets the box, edges included
        x0, y0, x1, y1 = bbox
        b = bounds
        keep = np.flatnonzero((b[:, 0] <= x1) & (b[:, 2] >= x0) & (b[:, 1] <= y1) & (b[:, 3] >= y0))
    starts = np.concatenate([[0], ends[:-1]])
    blobs = [wkb[starts[i] : ends[i]].tobytes() for i in keep]
    geoms = shapely.from_wkb(blobs) if blobs else np.array([], dtype=object)
    if bbox is not None and len(keep):
        # ... and, unless the envelope lies inside the box, a geometry that intersects it
        b = bounds[keep]
        inside = (b[:, 0] >= x0) & (b[:, 2] <= x1) & (b[:, 1] >= y0) & (b[:, 3] <= y1)
        meets = inside.copy()
        meets[~inside] = shapely.intersects(geoms[~inside], shapely.box(x0, y0, x1, y1))
        keep, geoms = keep[meets], geoms[meets]
    return geoms, {k: [v[i] for i in keep] for k, v in fields.items()}


def _read_box(path: str, bbox: tuple[float, float, float, float] | None) -> tuple:
    """Read the features of one layer that meet ``bbox`` with pyogrio (GDAL's box filter)."""
    import shapely

    wkb, fields = _gdal_read(path, bbox)
    geoms = shapely.from_wkb(wkb) if len(wkb) else np.array([], dtype=object)
    return geoms, fields


def _gdal_read(path: str, bbox: tuple[float, float, float, float] | None) -> tuple:
    """Return the features' WKB as GDAL writes it, and the attribute columns by name."""
    import pyogrio.raw

    try:
        meta, _, wkb, cols = pyogrio.raw.read(path, bbox=bbox)
    except Exception as exc:  # pyogrio raises DataSourceError and friends
        raise DataError(f"cannot read basemap layer {path}: {exc}") from None
    return wkb, {str(n): c for n, c in zip(meta["fields"], cols, strict=False)}


@lru_cache(maxsize=16)
def _whole_layer(path: str) -> tuple | None:
    """Return a whole layer as GDAL reads it, from the user's cache (saved there on first use).

    Returns the features' WKB (one byte array), where each ends, their
    envelopes and the attribute columns (as lists), or ``None`` without a cache.
    """
    import json
    import os

    from trajgeo.maritime._piececache import cache_dir, digest, load_arrays, save_arrays

    if cache_dir() is None:
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    name = f"basemap-v1-{digest(str(Path(path).resolve()), str(st.st_size), str(st.st_mtime_ns))}"
    data = load_arrays(name)
    if data is None or not {"wkb", "ends", "bounds", "fields"} <= data.keys():
        data = _pack_layer(path)
        if data is None:
            return None
        save_arrays(name, data, keep=_KEEP_LAYERS)
    return data["wkb"], data["ends"], data["bounds"], json.loads(str(data["fields"]))


def _pack_layer(path: str) -> dict[str, np.ndarray] | None:
    """Pack a whole layer read by GDAL for the cache (``None`` if a feature has no geometry)."""
    import json

    import shapely

    wkb, cols = _gdal_read(path, None)
    if any(b is None for b in wkb):
        return None
    fields = {k: [v.item() if isinstance(v, np.generic) else v for v in c] for k, c in cols.items()}
    return {
        "wkb": np.frombuffer(b"".join(wkb), dtype=np.uint8),
        "ends": np.cumsum([len(b) for b in wkb], dtype=np.int64),
        "bounds": shapely.bounds(shapely.from_wkb(wkb)).reshape(-1, 4),
        "fields": np.array(json.dumps(fields)),
    }


#: How many basemap layers the user's cache keeps (nine are shipped).
_KEEP_LAYERS = 12


def _layer(name: str, resolution: str) -> Path:
    if resolution not in RESOLUTIONS:
        raise InputError(
            "unknown basemap resolution",
            field="resolution",
            value=resolution,
            allowed=", ".join(RESOLUTIONS),
        )
    path = basemap_dir() / f"{name}_{resolution}.fgb"
    if not path.is_file():
        raise DataError(f"shipped basemap layer missing: {path}; reinstall trajgeo")
    return path


def _clip_layer(
    path: Path,
    lon0: float,
    lon1: float,
    lat0: float,
    lat1: float,
    polygons: bool,
    outline: bool = False,
) -> list[BaseGeometry]:
    import shapely

    out: list[BaseGeometry] = []
    for a, b, shift in _frame_pieces(lon0, lon1):
        geoms, _ = _read(str(path), (a, lat0, b, lat1))
        if not len(geoms):
            continue
        if outline:
            geoms = _outlines(geoms, a, lat0, b, lat1)
        clipped = shapely.clip_by_rect(geoms, a, lat0, b, lat1)
        clipped = clipped[~shapely.is_empty(clipped)]
        if shift:
            clipped = shapely.transform(clipped, lambda xy, s=shift: xy + (s, 0.0))
        out.extend(clipped.tolist())
    if polygons and len(_frame_pieces(lon0, lon1)) > 1:
        out = _join_seam(out, lon0, lon1)
    return out


def _outlines(geoms: np.ndarray, a: float, lat0: float, b: float, lat1: float) -> np.ndarray:
    """Coastlines from land polygons, near the box only.

    The polygons are clipped to the box grown by a degree *before* their outline
    is taken (a continent's whole outline is thousands of times the work), so the
    grown box's edges, which are no coast, fall outside the box and the final clip
    drops them. Nor is the antimeridian a coast, where Natural Earth cuts land in two.
    """
    import shapely

    near = shapely.clip_by_rect(geoms, a - 1.0, lat0 - 1.0, b + 1.0, lat1 + 1.0)
    lines = shapely.boundary(near[~shapely.is_empty(near)])
    seam = shapely.box(179.9999, -90, 180.0001, 90).union(
        shapely.box(-180.0001, -90, -179.9999, 90)
    )
    return shapely.difference(lines, seam)


def _join_seam(polys: list[BaseGeometry], lon0: float, lon1: float) -> list[BaseGeometry]:
    """Merge land pieces cut at the antimeridian, so no hairline seam shows inside the frame."""
    import shapely

    seams = [180.0 + 360.0 * k for k in range(-2, 3) if lon0 < 180.0 + 360.0 * k < lon1]
    near: list[BaseGeometry] = []
    far: list[BaseGeometry] = []
    for p in polys:
        x0, _, x1, _ = p.bounds
        (near if any(abs(x0 - s) < 1e-6 or abs(x1 - s) < 1e-6 for s in seams) else far).append(p)
    if len(near) < 2:
        return polys
    merged = shapely.union_all(shapely.set_precision(np.array(near, dtype=object), 1e-7))  # type: ignore[type-var]
    return far + list(getattr(merged, "geoms", [merged]))


def load_basemap(
    bbox: tuple[float, float, float, float],
    resolution: str = "auto",
    *,
    width_km: float | None = None,
    labels: bool = True,
) -> Basemap:
    """Read the basemap layers that meet a box, shifted into the box's frame and clipped to it.

    Parameters
    ----------
    bbox
        ``(lon0, lon1, lat0, lat1)``; ``lon0 < lon1`` and the span may cross
        ±180 (e.g. ``(120, 250, 10, 60)`` for a Pacific map).
    resolution
        ``"10m"``, ``"50m"``, ``"110m"``, or ``"auto"`` (from ``width_km``, or
        the box's width at its middle latitude).
    width_km
        Width of the map, for ``"auto"``.
    labels
        Whether to read the country label points.

    Returns
    -------
    Basemap

    Raises
    ------
    DataError
        When a shipped layer is missing or unreadable.
    """
    lon0, lon1, lat0, lat1 = (float(v) for v in bbox)
    if not lon0 < lon1 or not lat0 < lat1:
        raise InputError(
            "empty map box", field="extent", value=bbox, allowed="lon0 < lon1 and lat0 < lat1"
        )
    lat0, lat1 = max(lat0, -90.0), min(lat1, 90.0)
    if resolution == "auto":
        if width_km is None:
            mid = math.radians((lat0 + lat1) / 2.0)
            width_km = (lon1 - lon0) * 111.32 * max(math.cos(mid), 0.05)
        resolution = choose_resolution(width_km)
    land = _clip_layer(_layer("land", resolution), lon0, lon1, lat0, lat1, True)
    coast_path = basemap_dir() / f"coastline_{resolution}.fgb"
    if coast_path.is_file():
        coast = _clip_layer(coast_path, lon0, lon1, lat0, lat1, False)
    else:
        # no coastline layer at this resolution: the land polygons' own outlines
        coast = _clip_layer(_layer("land", resolution), lon0, lon1, lat0, lat1, False, outline=True)
    borders = _clip_layer(_layer("borders", resolution), lon0, lon1, lat0, lat1, False)
    found = _labels(lon0, lon1, lat0, lat1) if labels else ()
    return Basemap(
        resolution, (lon0, lon1, lat0, lat1), tuple(land), tuple(coast), tuple(borders), found
    )


def _labels(lon0: float, lon1: float, lat0: float, lat1: float) -> tuple[CountryLabel, ...]:
    import shapely

    folder = basemap_dir()
    files = sorted(folder.glob("*label*.fgb")) + sorted(folder.glob("countries_*.fgb"))
    if not files:
        return ()
    out: list[CountryLabel] = []
    for a, b, shift in _frame_pieces(lon0, lon1):
        geoms, fields = _read(str(files[0]), (a, lat0, b, lat1))
        if not len(geoms):
            continue
        lower = {k.lower(): v for k, v in fields.items()}
        names = next((lower[k] for k in ("name_en", "name", "label", "admin") if k in lower), None)
        if names is None:
            return ()
        iso = next(
            (lower[k] for k in ("iso3", "adm0_a3", "iso_a3", "sovereign_iso3") if k in lower),
            [""] * len(geoms),
        )
        rank = next(
            (lower[k] for k in ("min_label", "min_zoom", "labelrank", "rank") if k in lower),
            [0.0] * len(geoms),
        )
        xy = shapely.get_coordinates(geoms)
        for (x, y), n, i, r in zip(xy, names, iso, rank, strict=False):
            if a <= x <= b and lat0 <= y <= lat1 and n:
                out.append(
                    CountryLabel(
                        str(n),
                        str(i or ""),
                        float(x + shift),
                        float(y),
                        float(r) if r is not None else 0.0,
                    )
                )
    return tuple(out)
