"""The labels a map places: sites, shots, rings, zones, with their anchors and priorities."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

from trajgeo.maps.captions import _short_source
from trajgeo.maps.layers import (
    Extent,
    LandmarkLayer,
    LaunchLayer,
    MapLabel,
    RingLayer,
    ShotLayer,
    ZoneLayer,
)

__all__: list[str] = []


# --------------------------------------------------------------------------- labels
def _labels(
    launches: Sequence[LaunchLayer],
    shots: Sequence[ShotLayer],
    rings: Sequence[RingLayer],
    zones: Sequence[ZoneLayer],
    landmarks: dict[str, LandmarkLayer],
    ext: Extent,
    *,
    compact: bool = False,
) -> tuple[MapLabel, ...]:
    """Every label of the map; ``compact``: launch sites and rings only (a small-scale view)."""
    import shapely

    out: list[MapLabel] = []
    for site in launches:
        out.append(MapLabel(site.name, ((site.lon, site.lat),), "launch", 0))
    seen: set[tuple[str, int, int]] = set()
    sources = {s.source for s in shots if s.source} if not compact else set()
    if compact:
        landmarks = {}
        # the subtitle gives the distances; beside a tiny arc or zone a label floats
        shots, zones = (), ()
    for s in shots:
        if not s.has_direction or len(s.arc_lonlat) < 2:
            continue
        key = (
            s.distance_label,
            round(s.azimuth_deg) if not compact else 0,
            round(s.arc_lonlat[0, 0]),
        )
        if key in seen:
            continue
        seen.add(key)
        n = len(s.arc_lonlat)
        anchors = tuple(
            (float(s.arc_lonlat[i, 0]), float(s.arc_lonlat[i, 1]))
            for i in sorted(
                {n // 2, (2 * n) // 5, (3 * n) // 5, n // 3, (2 * n) // 3},
                key=lambda i: abs(i - n / 2),
            )
        )
        # the arc's far end first, then along it
        end = (float(s.arc_lonlat[-1, 0]), float(s.arc_lonlat[-1, 1]))
        near_end = (float(s.arc_lonlat[(4 * n) // 5, 0]), float(s.arc_lonlat[(4 * n) // 5, 1]))
        text = s.distance_label
        if len(sources) > 1 and s.source:
            text += f"\n{_short_source(s.source)}"
        out.append(MapLabel(text, (near_end, end) + anchors, "distance", 1, shot=s.index))
    for lm in landmarks.values():
        out.append(MapLabel(lm.name, ((lm.lon, lm.lat),), "landmark", 2))
    for r in rings:
        pts = shapely.get_coordinates(r.geometry)
        if not len(pts):
            continue
        # candidates round the ring, south-east first (clear of most arcs)
        order = np.argsort(np.abs((np.arange(len(pts)) / len(pts) * 360.0) - 150.0))
        idx = order[:: max(1, len(pts) // 24)]
        anchors = tuple((float(pts[i, 0]), float(pts[i, 1])) for i in idx)
        out.append(MapLabel(r.label, anchors, "ring", 3, required=False))
    for z in zones:
        anchors = _zone_anchors(z.geometry, ext.padded(0.35), shots)
        if anchors:
            out.append(
                MapLabel(
                    z.label,
                    anchors,
                    "zone" if z.kind == "eez" else "overlap",
                    4 if z.kind == "eez" else 5,
                    required=False,
                )
            )
    return tuple(out)


def _zone_anchors(
    geom: BaseGeometry, ext: Extent, shots: Sequence[ShotLayer]
) -> tuple[tuple[float, float], ...]:
    """Points inside a zone's visible part, nearest the action first."""
    import shapely

    inner = ext.padded(-0.08)
    vis = shapely.clip_by_rect(geom, inner.lon0, inner.lat0, inner.lon1, inner.lat1)
    if vis.is_empty or vis.area <= 0:
        return ()
    xs = np.linspace(inner.lon0, inner.lon1, 13)
    ys = np.linspace(inner.lat0, inner.lat1, 11)
    gx, gy = np.meshgrid(xs, ys)
    pts = shapely.points(gx.ravel(), gy.ravel())
    shapely.prepare(vis)
    ok = shapely.contains(vis, pts)
    if not ok.any():
        p = vis.representative_point()
        return ((float(p.x), float(p.y)),)
    cand = np.column_stack([gx.ravel()[ok], gy.ravel()[ok]])
    # keep points a little inside the limit, and near the impacts
    dist_edge = shapely.distance(vis.boundary, shapely.points(cand))
    targets = np.array([[s.impact_lon, s.impact_lat] for s in shots]) if shots else cand[:1]
    d_imp = np.min(
        np.hypot(cand[:, None, 0] - targets[None, :, 0], cand[:, None, 1] - targets[None, :, 1]),
        axis=1,
    )
    span = max(inner.lon1 - inner.lon0, inner.lat1 - inner.lat0)
    score = d_imp + np.where(dist_edge < 0.02 * span, span, 0.0)
    order = np.argsort(score)
    return tuple((float(cand[i, 0]), float(cand[i, 1])) for i in order[:30])
