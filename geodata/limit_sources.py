"""Read ``geodata/eez/limit_sources.yaml``: treaty lines and baselines from published coordinates.

Used by ``build_eez.py`` (zones split along treaty lines, baselines made coast, joint regimes
carved out as zones of their own) and ``build_limits.py`` (the lines shipped with their kind,
sides, source and error bound).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import shapely
import yaml
from pyproj import Geod, Transformer

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "eez" / "limit_sources.yaml"
GEOD = Geod(ellps="WGS84")
STEP_KM = 2.0  # lines are densified to this spacing (geodesic, rhumb or arc)
NM_M = 1852.0

_DMS = re.compile(r"""(\d+)°\s*(\d+(?:\.\d+)?)['′]\s*(?:(\d+(?:\.\d+)?)(?:"|″|''))?\s*([NSEW])""")


def parse_dms(text: str) -> tuple[float, float]:
    """``"32°57.0'N 127°41.1'E"`` -> (lon, lat) in decimal degrees."""
    vals = {}
    for d, m, s, h in _DMS.findall(text):
        v = float(d) + float(m) / 60.0 + (float(s) / 3600.0 if s else 0.0)
        vals["lat" if h in "NS" else "lon"] = -v if h in "SW" else v
    if set(vals) != {"lat", "lon"}:
        raise ValueError(f"cannot read coordinates {text!r}")
    return vals["lon"], vals["lat"]


def _to_wgs84(lon: np.ndarray, lat: np.ndarray, crs: str) -> tuple[np.ndarray, np.ndarray]:
    if crs in ("EPSG:4326", "WGS84"):
        return lon, lat
    tr = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    return tr.transform(lon, lat)


def _unwrap(lon: np.ndarray) -> np.ndarray:
    """Continuous longitudes (a line crossing 180 goes past it)."""
    return np.degrees(np.unwrap(np.radians(lon)))


def _geodesic(a: tuple[float, float], b: tuple[float, float]) -> np.ndarray:
    _, _, dist = GEOD.inv(a[0], a[1], b[0], b[1])
    n = max(0, int(dist / 1000.0 / STEP_KM))
    pts = GEOD.npts(a[0], a[1], b[0], b[1], n) if n else []
    return np.array([a, *pts, b], float)


def _rhumb(a: tuple[float, float], b: tuple[float, float]) -> np.ndarray:
    """Points on the rhumb line a -> b (straight in Mercator)."""
    lo0, lo1 = a[0], a[0] + ((b[0] - a[0] + 180.0) % 360.0 - 180.0)
    y0 = math.log(math.tan(math.pi / 4 + math.radians(a[1]) / 2))
    y1 = math.log(math.tan(math.pi / 4 + math.radians(b[1]) / 2))
    _, _, dist = GEOD.inv(a[0], a[1], b[0], b[1])
    n = max(2, int(dist / 1000.0 / STEP_KM) + 2)
    t = np.linspace(0.0, 1.0, n)
    lat = np.degrees(2 * np.arctan(np.exp(y0 + t * (y1 - y0))) - math.pi / 2)
    return np.column_stack([lo0 + t * (lo1 - lo0), lat])


def _arc(
    a: tuple[float, float], b: tuple[float, float], centre: tuple[float, float], radius_m: float
) -> np.ndarray:
    """Points on the geodesic circle around centre from a to b (the shorter way)."""
    az_a, _, _ = GEOD.inv(centre[0], centre[1], a[0], a[1])
    az_b, _, _ = GEOD.inv(centre[0], centre[1], b[0], b[1])
    d = (az_b - az_a + 180.0) % 360.0 - 180.0
    n = max(2, int(abs(math.radians(d)) * radius_m / 1000.0 / STEP_KM) + 2)
    az = az_a + np.linspace(0.0, d, n)
    lo, la, _ = GEOD.fwd(np.full(n, centre[0]), np.full(n, centre[1]), az, np.full(n, radius_m))
    out = np.column_stack([lo, la])
    out[0], out[-1] = a, b
    return out


def entry_coords(entry: dict) -> np.ndarray:
    """The densified WGS84 lon/lat line of one entry (longitudes continuous across 180)."""
    crs = entry.get("crs", "EPSG:4326")
    items = entry["points"]
    # printed points (and arc centres) converted to WGS84
    texts = [it for it in items if isinstance(it, str)]
    centres = [it["arc"]["center"] for it in items if isinstance(it, dict) and "arc" in it]
    xy = np.array([parse_dms(t) for t in texts + centres], float)
    lon, lat = _to_wgs84(xy[:, 0], xy[:, 1], crs)
    conv = dict(zip(texts + centres, zip(lon, lat, strict=False), strict=False))
    out: list[np.ndarray] = []
    prev, how = None, None
    for it in items:
        if isinstance(it, dict):
            how = it
            continue
        p = conv[it]
        if prev is not None:
            if how and "arc" in how:
                seg = _arc(
                    prev,
                    p,
                    conv[how["arc"]["center"]],
                    float(how["arc"].get("radius_nm", 200)) * NM_M,
                )
            elif how and how.get("rhumb"):
                seg = _rhumb(prev, p)
            else:
                seg = _geodesic(prev, p)
            out.append(seg if not out else seg[1:])
        prev, how = p, None
    coords = np.concatenate(out) if out else np.array([conv[texts[0]]])
    coords[:, 0] = _unwrap(coords[:, 0])
    return coords


def load(path: Path = SOURCES) -> dict:
    """The YAML document, with ``coords`` (n, 2) added to every line and baseline."""
    if not path.exists():
        return {"lines": [], "baselines": []}
    doc = yaml.safe_load(path.read_text()) or {}
    for group in ("lines", "baselines", "joint_regimes"):
        doc[group] = doc.get(group) or []
        for entry in doc[group]:
            entry["coords"] = entry_coords(entry)
    return doc


def joint_regime_key(entry: dict) -> str:
    """The zone key of a joint regime (``jr:<id>``)."""
    return f"jr:{entry['id']}"


def carve_joint_regime(zones: dict, meta: dict, entry: dict) -> float:
    """Make a joint regime a zone of its own, cut out of its states' zones.

    ``entry['coords']`` is the regime's boundary (closed or not; it must not cross 180°). Only
    the sea the listed ``states`` held inside it is taken (land and third states' zones stay
    as they are); ``zones`` and ``meta`` gain the key :func:`joint_regime_key`, stored with kind
    ``joint_regime``, both states as claimants and the first as ``sovereign_iso3``. Returns the
    area moved (deg²).
    """
    states = list(entry["states"])
    poly = shapely.make_valid(shapely.Polygon(np.asarray(entry["coords"], float)))
    if abs(np.ptp(np.asarray(entry["coords"])[:, 0])) > 180.0:
        raise ValueError(f"joint regime {entry['id']}: crosses 180 degrees (not supported)")
    taken = []
    for s in states:
        if s not in zones:
            raise ValueError(f"joint regime {entry['id']}: no zone {s}")
        taken.append(shapely.intersection(zones[s], poly, grid_size=1e-9))
        zones[s] = shapely.difference(zones[s], poly, grid_size=1e-9)
    key = joint_regime_key(entry)
    zones[key] = shapely.union_all(taken, grid_size=1e-9)
    name = " ".join(str(entry["name"]).split())
    meta[key] = {
        "name": name,
        "sov": states[0],
        "territory": name,
        "suffix": None,
        "claimants": ";".join(states),
        "kind": "joint_regime",
        "zone_id": "jr-" + "-".join(states) + "-" + str(entry["id"]),
    }
    return float(zones[key].area)


def fold(coords: np.ndarray) -> list[np.ndarray]:
    """Split a continuous-longitude line at the antimeridian into [-180, 180] pieces."""
    lon = coords[:, 0]
    k = np.floor((lon + 180.0) / 360.0)
    out = []
    start = 0
    for i in range(1, len(coords)):
        if k[i] != k[i - 1]:
            a, b = coords[i - 1], coords[i]
            edge = 180.0 + 360.0 * min(k[i], k[i - 1])
            t = (edge - a[0]) / (b[0] - a[0])
            mid = a + t * (b - a)
            piece = np.vstack([coords[start:i], mid])
            piece[:, 0] -= 360.0 * k[i - 1]
            out.append(piece)
            coords = coords.copy()
            coords[i - 1] = mid
            start = i - 1
    piece = coords[start:].copy()
    piece[:, 0] -= 360.0 * k[-1]
    out.append(piece)
    return [p for p in out if len(p) >= 2]
