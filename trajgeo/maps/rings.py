"""Capability rings on a map: layers, labels along the ring, footer notes."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from trajgeo.geo.impact import EventGeometry
from trajgeo.maps.frame import _frame, _shift_points, _to_frame
from trajgeo.maps.layers import CapabilityLayer, MapLabel

__all__: list[str] = []


# --------------------------------------------------------------------------- capability
#: Bearings (degrees from the launch site) tried for a capability ring's label, best first:
#: below and above the site, where an azimuthal map sets the text level.
_CAP_LABEL_BEARINGS = (
    180.0,
    0.0,
    160.0,
    200.0,
    20.0,
    340.0,
    135.0,
    225.0,
    45.0,
    315.0,
    110.0,
    250.0,
    70.0,
    290.0,
    90.0,
    270.0,
)


def _cap_reach(ring: Any) -> float:
    """Farthest finite distance a capability ring draws (its band's outer line included)."""
    vals = [ring.range_km]
    if ring.band_km is not None and ring.band_geometries[1] is not None:
        vals.append(ring.band_km[1])
    if ring.distance_by_bearing_km is not None:
        d = ring.distance_by_bearing_km[1]
        vals.extend(d[np.isfinite(d)].tolist())
    vals = [float(v) for v in vals if math.isfinite(v)]
    return max(vals, default=0.0)


def _joins(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two lon/lat points are the same point (longitudes modulo 360)."""
    return bool(abs(a[1] - b[1]) < 1e-7 and abs((a[0] - b[0] + 180.0) % 360.0 - 180.0) < 1e-7)


def _continuous_paths(geom: BaseGeometry | None, frame: float) -> tuple[np.ndarray, ...]:
    """Return a normalised line (split at ±180) as continuous polylines, starting in the frame.

    Parts that meet (at the antimeridian, or where a ring closes) are joined, so a
    ring round a pole comes back as one closed line whose longitudes run on past
    the frame's edge: project it point by point.
    """
    if geom is None or geom.is_empty:
        return ()
    from trajgeo.geo.geodesy import unwrap_lon

    parts = [
        np.asarray(p.coords, float)[:, :2]
        for p in getattr(geom, "geoms", [geom])
        if len(p.coords) >= 2
    ]
    runs: list[np.ndarray] = []
    for xy in parts:
        if runs and _joins(runs[-1][-1], xy[0]):
            runs[-1] = np.vstack([runs[-1], xy[1:]])
        else:
            runs.append(xy.copy())
    if len(runs) > 1 and _joins(runs[-1][-1], runs[0][0]):
        runs[0] = np.vstack([runs.pop(), runs[0][1:]])
    out = []
    for r in runs:
        r[:, 0] = unwrap_lon(r[:, 0])
        out.append(_shift_points(r, frame))
    return tuple(out)


def _capability_layer(ring: Any, index: int, frame: float) -> CapabilityLayer:
    band = tuple(None if b is None else _to_frame(b, frame) for b in ring.band_geometries)
    return CapabilityLayer(
        index=index,
        event_id=ring.event_id,
        kind=ring.kind,
        from_shot=ring.from_shot,
        centre=(_frame(ring.launch_lon, frame), float(ring.launch_lat)),
        range_km=float(ring.range_rounded_km),
        band_km=ring.band_km,
        is_global=bool(ring.is_global),
        geometry=None if ring.geometry is None else _to_frame(ring.geometry, frame),
        paths=_continuous_paths(ring.geometry, frame),
        band=(band[0], band[1]),
        band_paths=(
            _continuous_paths(ring.band_geometries[0], frame),
            _continuous_paths(ring.band_geometries[1], frame),
        ),
        label=ring.label,
        note=ring.note,
        warnings=tuple(ring.warnings),
        ring=ring,
    )


def _label_lines(text: str) -> str:
    """Break a capability label before its 'if flown …' clause (or at about 34 characters)."""
    import textwrap

    if " if flown" in text:
        head, tail = text.split(" if flown", 1)
        return f"{head}\nif flown{tail}"
    return "\n".join(textwrap.wrap(text, 34)) or text


def _capability_labels(layers: Sequence[CapabilityLayer]) -> tuple[MapLabel, ...]:
    from trajgeo.geo import geodesy

    out: list[MapLabel] = []
    seen: set[str] = set()
    for c in layers:
        if c.is_global:
            text = _label_lines(c.label[:1].upper() + c.label[1:])
            if text not in seen:
                seen.add(text)
                out.append(MapLabel(text, (c.centre,), "capability_note", 1))
            continue
        pts = np.concatenate(c.paths) if c.paths else np.empty((0, 2))
        if not len(pts):
            continue
        az, _, _ = geodesy.inverse(
            np.full(len(pts), c.centre[0]), np.full(len(pts), c.centre[1]), pts[:, 0], pts[:, 1]
        )
        az = np.asarray(az, float) % 360.0
        anchors = []
        for b in _CAP_LABEL_BEARINGS:
            i = int(np.argmin(np.abs((az - b + 180.0) % 360.0 - 180.0)))
            anchors.append((float(pts[i, 0]), float(pts[i, 1])))
        out.append(
            MapLabel(
                _label_lines(c.label),
                tuple(dict.fromkeys(anchors)),
                "capability",
                3,
                required=True,
                layer=c.index,
            )
        )
    return tuple(out)


def _capability_notes(layers: Sequence[CapabilityLayer]) -> list[str]:
    """Footer sentences: what each capability ring is and what it leaves out."""
    out: list[str] = []
    for c in layers:
        r = c.ring
        if c.kind == "equivalent":
            band = f"; band: apogee ±{r.band_pct:g} %" if c.band_km is not None else ""
            text = (
                f"Capability ring: the burnout speed implied by shot {c.from_shot}'s "
                f"apogee ({r.apogee_km:,.0f} km) and distance ({r.distance_km:,.0f} km), "
                "flown on a minimum-energy trajectory (burnout altitude "
                f"{r.burnout_altitude_km:g} km{band}"
                + ("; Earth's rotation included" if r.rotating else "")
                + f"): a {c.note}."
            )
        else:
            text = f"Capability ring: {c.label}, a quoted figure drawn as given."
        if text not in out:
            out.append(text)
    return out


def _capability_sentences(layers: Sequence[CapabilityLayer], geoms: Sequence[EventGeometry]) -> str:
    sites = {g.event.id: g.event.launch.name for g in geoms}
    out: list[str] = []
    for c in layers:
        site = sites.get(c.event_id, "the launch site")
        if c.is_global:
            text = (
                "Flown on a normal trajectory, the missile could reach any point on "
                "Earth (a same-burnout-energy estimate)."
            )
        elif c.kind == "equivalent":
            text = (
                f"A ring marks {c.label.split(' if ')[0]} from {site}: how far the same "
                "missile could fly on a normal trajectory (a same-burnout-energy "
                "estimate, which runs low for ICBM-class tests)."
            )
        else:
            text = f"A ring marks {c.label} from {site}."
        if text not in out:
            out.append(text)
    return " ".join(out)
