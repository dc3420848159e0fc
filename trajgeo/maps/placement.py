"""Placing a static map's labels so they collide with nothing (greedy, display space)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from trajgeo.maps.style import Theme

if TYPE_CHECKING:
    from matplotlib.figure import Figure

from trajgeo.maps.canvas import _Ctx, _halo_text, _project
from trajgeo.maps.drawing import _line_xy

__all__: list[str] = []


# --------------------------------------------------------------------------- labels
_OFFSETS_POINT = (
    (1, 0),
    (1, 1),
    (1, -1),
    (-1, 0),
    (-1, 1),
    (-1, -1),
    (0, 1.3),
    (0, -1.3),
    (2.2, 0),
    (-2.2, 0),
    (0, 2.4),
    (0, -2.4),
)


@dataclass(frozen=True)
class _Room:
    """What a label must keep clear of, in display pixels."""

    inner: Any  # the map's box, less a margin: labels stay inside
    arcs: Any  # flight paths: never covered
    soft: Any  # rings, limits, area outlines: crossed at a cost
    soft_own: Any  # the same without capability bands (a capability label may cross its own)
    pt: float  # display pixels per point


def _room(ctx: _Ctx) -> _Room:
    from shapely.geometry import LineString, MultiLineString
    from shapely.geometry import box as sbox

    ax, pt = ctx.ax, ctx.size.dpi / 72.0
    axb = ax.bbox
    inner = sbox(axb.x0 + 2 * pt, axb.y0 + 2 * pt, axb.x1 - 2 * pt, axb.y1 - 2 * pt)
    lines = [LineString(ax.transData.transform(o)) for o in ctx.obstacles if len(o) > 1]
    arcs = MultiLineString(lines) if lines else None
    return _Room(inner, arcs, _soft_lines(ctx), _soft_lines(ctx, capability=False), pt)


def _taken(ctx: _Ctx, reserved: list[Any], pt: float) -> list[Any]:
    """Return the boxes of the furniture, the badge and the markers (sites, impacts)."""
    from shapely.geometry import box as sbox

    placed: list[Any] = [sbox(b.x0, b.y0, b.x1, b.y1) for b in reserved if b.width > 0]
    for p, r in ctx.markers:
        d = ctx.ax.transData.transform(p)
        if np.all(np.isfinite(d)):
            placed.append(sbox(d[0] - r * pt, d[1] - r * pt, d[0] + r * pt, d[1] + r * pt))
    return placed


def _place_labels(fig: Figure, ctx: _Ctx, reserved: list[Any]) -> None:
    """Greedy label placement with box tests in display space.

    Labels go in priority order to their cheapest candidate spot; a label whose
    cheapest spot still covers a text, a marker, an arc or the map's edge is not
    drawn but named in ``ctx.unplaced`` (the footnote), never overprinted.
    """
    ax, th, spec = ctx.ax, ctx.theme, ctx.spec
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    room = _room(ctx)
    pt = room.pt
    placed = _taken(ctx, reserved, pt)
    ctx.placed_labels = []
    for lb in sorted(spec.labels, key=lambda lb: lb.priority):
        style = _label_style(lb, th, spec)
        probe = ax.text(0, 0, lb.text, transform=None, **style)
        ext = probe.get_window_extent(renderer)
        probe.remove()
        best = _best_spot(lb, ctx, room, placed, ext.width + 2 * pt, ext.height + 1 * pt)
        if best is None or best[0] >= 10:
            # no room that covers nothing and stays on the map: say so, never overprint
            if lb.text not in ctx.unplaced:
                ctx.unplaced.append(lb.text)
            continue
        _, cx, cy, bb, angle = best
        xy = fig.transFigure.inverted().transform((cx, cy))
        if angle:
            style = {**style, "rotation": angle, "rotation_mode": "anchor"}
        _halo_text(
            fig,
            xy[0],
            xy[1],
            lb.text,
            th,
            transform=fig.transFigure,
            ha="center",
            va="center",
            zorder=35,
            gid=f"label-{lb.role}",
            **style,
        )
        placed.append(bb.buffer(1.5 * pt))
        ctx.placed_labels.append((lb, bb))
    _country_labels(fig, ctx, placed, room.inner, room.arcs)


def _best_spot(
    lb: Any, ctx: _Ctx, room: _Room, placed: list[Any], w: float, h: float
) -> tuple[float, float, float, Any, float] | None:
    """Return ``(cost, x, y, box, angle)`` of a label's cheapest candidate, or ``None``.

    Cost: 100 off the map, 10 per text or marker covered, 20 over an arc, 3 across
    a soft line, then a little for a later anchor, a longer offset and a slant.
    """
    from shapely.geometry import box as sbox

    pt = room.pt
    # a capability label may cross its own band; an overflight label, with its
    # halo, the dashed lines around the stretch it names
    soft = {"capability": room.soft_own, "overflight": None}.get(lb.role, room.soft)
    best = None
    for k, (lon, lat) in enumerate(lb.anchors):
        p = _project(ctx.proj, ctx.src, np.array([lon]), np.array([lat]), ctx.frame)[0]
        d = ctx.ax.transData.transform(p)
        if not np.all(np.isfinite(d)):
            continue
        if lb.role in ("zone", "overlap") and not room.inner.buffer(-12 * pt).contains(
            sbox(d[0], d[1], d[0] + 1e-3, d[1] + 1e-3)
        ):
            continue
        for off in _candidates(lb, ctx, d, w, h):
            cx, cy = d[0] + off[0], d[1] + off[1]
            angle = off[2] if len(off) > 2 else 0.0
            bb = sbox(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            if angle:
                from shapely import affinity

                bb = affinity.rotate(bb, angle, origin=(cx, cy))
            cost = 0.0 if room.inner.contains(bb) else 100.0
            cost += sum(10 for q in placed if q.intersects(bb))
            cost += 20 if room.arcs is not None and room.arcs.intersects(bb) else 0
            cost += 3 if soft is not None and soft.intersects(bb) else 0
            cost += 0.02 * k + 0.001 * math.hypot(*off[:2]) / pt
            cost += 2.0 * abs(angle) / 90.0  # level text reads best
            if best is None or cost < best[0]:
                best = (cost, cx, cy, bb, angle)
            if cost < 1.0:
                return best
    return best


def _label_style(lb: Any, th: Theme, spec: Any = None) -> dict[str, Any]:
    c = th.colors
    if lb.role == "launch":
        return {"fontsize": th.label_size, "fontweight": "bold", "color": c.text}
    if lb.role == "distance":
        return {
            "fontsize": th.label_size,
            "fontweight": "bold",
            "color": c.shot(spec.colour_index(lb.shot or 0) if spec else lb.shot or 0),
        }
    if lb.role == "ring":
        return {"fontsize": th.small_size, "color": c.ring}
    if lb.role == "zone":
        return {"fontsize": th.small_size + 0.5, "fontstyle": "italic", "color": c.eez_label}
    if lb.role == "overlap":
        return {"fontsize": th.small_size, "fontstyle": "italic", "color": c.overlap}
    if lb.role in ("capability", "capability_note"):
        return {
            "fontsize": th.small_size + 0.5,
            "fontweight": "bold",
            "color": c.capability_label,
            "linespacing": 1.1,
            "multialignment": "center",
        }
    if lb.role == "overflight":
        return {"fontsize": th.small_size + 0.5, "fontweight": "bold", "color": c.text}
    return {"fontsize": th.small_size + 0.5, "color": c.text}


def _candidates(lb: Any, ctx: _Ctx, d: np.ndarray, w: float, h: float) -> list[tuple[float, ...]]:
    pt = ctx.size.dpi / 72.0
    gap = 5.0 * pt
    if lb.role in ("zone", "overlap"):
        return [(0.0, 0.0), (0.0, h), (0.0, -h), (w * 0.6, 0.0), (-w * 0.6, 0.0)]
    if lb.role == "ring":
        return [(0.0, 0.0)]
    if lb.role == "capability":
        return _along_ring(lb, ctx, d, h)
    if lb.role == "overflight" and lb.shot is not None:
        s = ctx.spec.shots[lb.shot]
        disp = ctx.ax.transData.transform(_line_xy(ctx, s.arc_lonlat))
        disp = disp[np.all(np.isfinite(disp), axis=1)]
        along = _along_line(disp, d, h, pt, None) if len(disp) >= 2 else []
        # beside the arc, level with it; failing that, level text off the arc
        return along + [
            tuple(off) + (0.0,) for off in _candidates(_ArcLabel("distance", lb.shot), ctx, d, w, h)
        ]
    if lb.role == "distance" and lb.shot is not None:
        s = ctx.spec.shots[lb.shot]
        xy = _line_xy(ctx, s.arc_lonlat)
        disp = ctx.ax.transData.transform(xy)
        ok = np.all(np.isfinite(disp), axis=1)
        disp = disp[ok]
        if len(disp) >= 2:
            i = int(np.argmin(np.hypot(*(disp - d).T)))
            j0, j1 = max(i - 2, 0), min(i + 2, len(disp) - 1)
            t = disp[j1] - disp[j0]
            n = np.array([-t[1], t[0]]) / (np.hypot(*t) or 1.0)
            out: list[tuple[float, ...]] = []
            for extra in (1.0, 2.5, 4.5):
                for sign in (1, -1):
                    # push the box off the line by its half-extent along the normal
                    reach = abs(n[0]) * w / 2 + abs(n[1]) * h / 2 + extra * gap
                    out.append((sign * n[0] * reach, sign * n[1] * reach))
            return out
    out = []
    gap = 8.0 * pt if lb.role in ("launch", "landmark") else gap
    for ox, oy in _OFFSETS_POINT:
        dx = ox * (w / 2 + gap) if ox else 0.0
        dy = oy * (h / 2 + gap * 0.7) if oy else 0.0
        out.append((dx, dy))
    return out


@dataclass(frozen=True)
class _ArcLabel:
    """The two fields :func:`_candidates` reads, to reuse its arc-normal offsets."""

    role: str
    shot: int | None


def _along_line(
    disp: np.ndarray, d: np.ndarray, h: float, pt: float, centre: np.ndarray | None
) -> list[tuple[float, ...]]:
    """Offsets and angles that set a label parallel to a display polyline near ``d``.

    With ``centre`` (a ring's centre), the side away from it comes first.
    """
    i = int(np.argmin(np.hypot(*(disp - d).T)))
    t = disp[min(i + 3, len(disp) - 1)] - disp[max(i - 3, 0)]
    if not np.hypot(*t):
        return []
    angle = math.degrees(math.atan2(t[1], t[0]))
    angle = (angle + 90.0) % 180.0 - 90.0  # keep text upright
    n = np.array([-t[1], t[0]]) / np.hypot(*t)
    if centre is not None and np.all(np.isfinite(centre)) and float(np.dot(n, d - centre)) < 0:
        n = -n  # outward first
    elif centre is None and n[1] < 0:
        n = -n  # above the line first
    reach = h / 2 + 4.0 * pt
    return [
        (n[0] * reach, n[1] * reach, angle),
        (-n[0] * reach, -n[1] * reach, angle),
        (n[0] * (reach + 4 * pt), n[1] * (reach + 4 * pt), angle),
        (-n[0] * (reach + 4 * pt), -n[1] * (reach + 4 * pt), angle),
    ]


def _along_ring(lb: Any, ctx: _Ctx, d: np.ndarray, h: float) -> list[tuple[float, ...]]:
    """Offsets and angles that set a label along a capability ring, outside it first."""
    pt = ctx.size.dpi / 72.0
    lines = ctx.capability_px.get(lb.layer, [])
    best = None
    for disp in lines:
        i = int(np.argmin(np.hypot(*(disp - d).T)))
        dist = float(np.hypot(*(disp[i] - d)))
        if best is None or dist < best[0]:
            best = (dist, disp, i)
    if best is None:
        return [(0.0, 0.0)]
    layer = ctx.spec.capability[lb.layer]
    centre = ctx.ax.transData.transform(
        _project(
            ctx.proj, ctx.src, np.array([layer.centre[0]]), np.array([layer.centre[1]]), ctx.frame
        )[0]
    )
    return _along_line(best[1], d, h, pt, centre)[:3] or [(0.0, 0.0)]


def _soft_lines(ctx: _Ctx, capability: bool = True) -> Any:
    """Rings and EEZ limits in display space: labels may cross them, at a cost."""
    import shapely
    from shapely.geometry import LineString, MultiLineString

    ax = ctx.ax
    lines = []
    for r in ctx.spec.rings:
        for part in getattr(r.geometry, "geoms", [r.geometry]):
            xy = ax.transData.transform(_line_xy(ctx, shapely.get_coordinates(part)))
            xy = xy[np.all(np.isfinite(xy), axis=1)]
            if len(xy) > 1:
                lines.append(LineString(xy))
    for polylines in ctx.capability_px.values() if capability else ():
        lines.extend(LineString(xy) for xy in polylines if len(xy) > 1)
    lon0, lon1, lat0, lat1 = ctx.clip
    for z in ctx.spec.zones:
        src = z.limit if z.limit is not None else z.geometry.boundary
        g = shapely.clip_by_rect(src, lon0, lat0, lon1, lat1)
        for line in getattr(g, "geoms", [g]):
            ll = shapely.get_coordinates(line)
            if len(ll) < 2:
                continue
            xy = ax.transData.transform(_line_xy(ctx, ll))
            xy = xy[np.all(np.isfinite(xy), axis=1)]
            if len(xy) > 1:
                lines.append(LineString(xy))
    for s in ctx.spec.shots:
        if s.impact_area is None:
            continue
        for poly in getattr(s.impact_area, "geoms", [s.impact_area]):
            xy = ax.transData.transform(_line_xy(ctx, shapely.get_coordinates(poly.exterior)))
            xy = xy[np.all(np.isfinite(xy), axis=1)]
            if len(xy) > 1:
                lines.append(LineString(xy))
    return MultiLineString(lines) if lines else None


def _country_labels(fig: Figure, ctx: _Ctx, placed: list[Any], inner: Any, arcs: Any) -> None:
    """Country names from the basemap, small and muted, only where they fit."""
    from shapely.geometry import box as sbox

    bm = ctx.basemap
    if bm is None:
        return
    ax, th = ctx.ax, ctx.theme
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    pt = ctx.size.dpi / 72.0
    style: dict[str, Any] = {
        "fontsize": th.small_size,
        "color": th.colors.muted,
        "fontweight": "normal",
    }
    max_rank = (
        7.0
        if ctx.width_km < 2000
        else 5.0
        if ctx.width_km < 6000
        else 4.0
        if ctx.width_km < 15_000
        else 2.0
    )
    for cl in sorted(bm.labels, key=lambda c: c.rank):
        if cl.rank > max_rank:
            continue
        p = _project(ctx.proj, ctx.src, np.array([cl.lon]), np.array([cl.lat]), ctx.frame)[0]
        d = ax.transData.transform(p)
        if not np.all(np.isfinite(d)):
            continue
        text = cl.name.upper()
        probe = ax.text(0, 0, text, transform=None, **style)
        ext = probe.get_window_extent(renderer)
        probe.remove()
        w, h = ext.width + 2 * pt, ext.height + pt
        bb = sbox(d[0] - w / 2, d[1] - h / 2, d[0] + w / 2, d[1] + h / 2)
        if not inner.contains(bb) or any(q.intersects(bb) for q in placed):
            continue
        if arcs is not None and arcs.intersects(bb):
            continue
        xy = fig.transFigure.inverted().transform(d)
        fig.text(
            xy[0], xy[1], text, ha="center", va="center", zorder=33, gid="label-country", **style
        )
        placed.append(bb.buffer(2 * pt))
