"""The furniture of a static map: legend, scale bar and locator globe."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from trajgeo.wording import LEGEND, SCALE_TRUE_AT_CENTRE

if TYPE_CHECKING:
    from matplotlib.figure import Figure

from trajgeo.maps.canvas import _MARGIN_IN, _NICE_KM, _Ctx, _halo_text, _project
from trajgeo.maps.drawing import ACCOUNT_ALPHA, CAPABILITY_DASH, REGION_ALPHA

__all__: list[str] = []


@dataclass(frozen=True)
class _ScaleBar:
    """Where the scale bar went.

    Its display box, its length on the ground and on screen, and the point
    where it is true (``None`` when the map has no scale).
    """

    box: Any
    length_km: float | None = None
    length_px: float | None = None
    centre: tuple[float, float] | None = None


@dataclass(frozen=True)
class _Furniture:
    """The display boxes the scale bar and the inset take, and the scale bar drawn."""

    boxes: tuple[Any, ...]
    scale_bar: _ScaleBar


def _legend(fig: Figure, ctx: _Ctx, y: float) -> float:
    """Draw the legend row(s) with their lower edge at ``y`` (figure fraction).

    On a map of several events, a key first: one line per event, in its colour.
    The legend takes one row if it fits the width, else two, else three, at a
    slightly smaller size. Returns its height in inches, for the stack above it.
    """
    th = ctx.theme
    handles = _event_key(ctx) + _legend_handles(ctx)
    w_in = fig.get_size_inches()[0]
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    leg = None
    for rows in (1, 2, 3, 4, 5, 6):
        if leg is not None:
            leg.remove()
        small = rows > 1
        leg = fig.legend(
            handles=handles,
            loc="lower left",
            bbox_to_anchor=(_MARGIN_IN / w_in - 0.006, y),
            ncols=math.ceil(len(handles) / rows),
            frameon=False,
            fontsize=th.small_size * (0.9 if small else 1.0),
            labelcolor=th.colors.text,
            handlelength=1.4 if small else 1.6,
            handletextpad=0.3 if small else 0.4,
            columnspacing=0.8 if small else 1.0,
            borderaxespad=0.0,
            borderpad=0.0,
        )
        leg.set_gid("legend")
        if leg.get_window_extent(renderer).width <= fig.bbox.width * 0.98:
            break
    return float(leg.get_window_extent(renderer).height) / fig.dpi if leg is not None else 0.0


def _event_key(ctx: _Ctx) -> list[Any]:
    """One line per event of a multi-event map, in the event's colour."""
    from matplotlib.lines import Line2D

    c, th = ctx.theme.colors, ctx.theme
    return [
        Line2D([], [], color=c.shot(k), linewidth=th.arc_width + 1.0, label=label)
        for k, label in ctx.spec.event_key()
    ]


def _legend_handles(ctx: _Ctx) -> list[Any]:
    """Return the legend's entries for what the map draws (one colour for all shots)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    c, th, spec = ctx.theme.colors, ctx.theme, ctx.spec
    first = c.shot(0)

    def line(label: str, **kw: Any) -> Any:
        return Line2D([], [], label=LEGEND[label], **kw)

    handles: list[Any] = [
        line(
            "launch_site",
            marker="^",
            linestyle="none",
            color=c.launch,
            markeredgecolor=c.halo,
            markersize=6,
        )
    ]
    if any(site.coast and site.area is not None for site in spec.launches):
        handles.append(
            Patch(
                facecolor=c.text,
                alpha=0.3,
                edgecolor=c.text,
                linestyle="--",
                linewidth=0.6,
                label=LEGEND["launch_coast"],
            )
        )
    if any(s.has_direction for s in spec.shots):
        handles.append(line("arc", color=first, linewidth=th.arc_width))
    if any(s.impact_area is not None for s in spec.shots):
        fused = bool(spec.estimates)
        handles.append(
            Patch(
                facecolor=first,
                alpha=ACCOUNT_ALPHA + 0.05 if fused else th.zone_alpha + 0.1,
                edgecolor=first,
                linewidth=0.45 if fused else None,
                label=LEGEND["impact_area"],
            )
        )
    handles.extend(_estimate_handles(ctx))
    if any(s.impact_reported for s in spec.shots):
        handles.append(line("reported_impact", marker="X", linestyle="none", color=c.impact))
        handles[-1].set_markersize(5)
    if spec.landmarks and not spec.small_scale:
        handles.append(
            line(
                "landmark",
                marker="s",
                linestyle="none",
                color=c.halo,
                markeredgecolor=c.text,
                markeredgewidth=0.8,
                markersize=4,
            )
        )
    if any(z.kind == "eez" for z in spec.zones):
        handles.append(line("eez", color=c.eez, linewidth=th.eez_width, linestyle=(0, (5, 2.5))))
    if any(z.kind != "eez" for z in spec.zones):
        handles.append(
            Patch(facecolor="none", edgecolor=c.overlap, hatch="/////", label=LEGEND["overlap"])
        )
    if spec.rings:
        handles.append(line("ring", color=c.ring, linewidth=0.8, linestyle=(0, (1.2, 1.6))))
    if any(not k.is_global for k in spec.capability):
        handles.append(
            line("capability", color=c.capability, linewidth=1.4, linestyle=CAPABILITY_DASH)
        )
    if spec.overflights:
        handles.append(_overflight_handle(ctx))
    return handles


def _estimate_handles(ctx: _Ctx) -> list[Any]:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    c, spec = ctx.theme.colors, ctx.spec
    if not spec.estimates:
        return []
    colour = c.shot(spec.colour_index(spec.estimates[0].index))
    out: list[Any] = [
        Patch(
            facecolor=_blend(colour, REGION_ALPHA[0.5], c.sea),
            edgecolor=colour,
            linewidth=1.3,
            label=LEGEND["region_50"],
        ),
        Patch(
            facecolor=_blend(colour, REGION_ALPHA[0.95], c.sea),
            edgecolor="none",
            label=LEGEND["region_95"],
        ),
    ]
    if any(len(e.samples) for e in spec.estimates):
        out.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="none",
                color=colour,
                markersize=2,
                label=LEGEND["samples"],
            )
        )
    return out


def _overflight_handle(ctx: _Ctx) -> Any:
    import matplotlib.patheffects as pe
    from matplotlib.lines import Line2D

    c, th = ctx.theme.colors, ctx.theme
    return Line2D(
        [],
        [],
        color=c.overflight,
        linewidth=th.arc_width + 2.5,
        solid_capstyle="butt",
        path_effects=[pe.Stroke(linewidth=th.arc_width + 3.5, foreground=c.text), pe.Normal()],
        label=LEGEND["overflight"],
    )


def _blend(colour: str, alpha: float, under: str) -> tuple[float, float, float]:
    """Return the colour a fill of ``colour`` at ``alpha`` shows over ``under``."""
    from matplotlib.colors import to_rgb

    a, b = np.array(to_rgb(colour)), np.array(to_rgb(under))
    r, g, bl = alpha * a + (1.0 - alpha) * b
    return float(r), float(g), float(bl)


# --------------------------------------------------------------------------- furniture
def _nice_km(target: float) -> float:
    best = _NICE_KM[0]
    for v in _NICE_KM:
        if v <= target:
            best = v
    return float(best)


def _corner_load(ctx: _Ctx, frac_w: float, frac_h: float) -> dict[str, int]:
    """How many content points fall in each corner box (axes fractions)."""
    allp = _content_points(ctx)
    boxes = {
        "upper right": (1 - frac_w, 1 - frac_h, 1, 1),
        "upper left": (0, 1 - frac_h, frac_w, 1),
        "lower right": (1 - frac_w, 0, 1, frac_h),
        "lower left": (0, 0, frac_w, frac_h),
    }
    return {k: _load(allp, box) for k, box in boxes.items()}


def _load(allp: np.ndarray, box: tuple[float, float, float, float]) -> int:
    x0, y0, x1, y1 = box
    inside = (allp[:, 0] >= x0) & (allp[:, 0] <= x1) & (allp[:, 1] >= y0) & (allp[:, 1] <= y1)
    return int(inside.sum())


def _content_points(ctx: _Ctx) -> np.ndarray:
    """Points of the map's content (arcs, impact areas, launch sites) in axes fractions."""
    ax = ctx.ax
    pts = [ctx.ax.transAxes.inverted().transform(ax.transData.transform(o)) for o in ctx.obstacles]
    spec = ctx.spec
    for s in spec.shots:
        if s.impact_area is not None:
            import shapely

            ll = shapely.get_coordinates(s.impact_area)
            xy = _project(ctx.proj, ctx.src, ll[:, 0], ll[:, 1], ctx.frame)
            pts.append(ax.transAxes.inverted().transform(ax.transData.transform(xy)))
    for site in spec.launches:
        xy = _project(ctx.proj, ctx.src, np.array([site.lon]), np.array([site.lat]), ctx.frame)
        pts.append(
            np.repeat(ax.transAxes.inverted().transform(ax.transData.transform(xy)), 40, axis=0)
        )
    allp = np.concatenate(pts) if pts else np.empty((0, 2))
    return allp[np.all(np.isfinite(allp), axis=1)]


def _draw_furniture(fig: Figure, ctx: _Ctx, inset: bool) -> _Furniture:
    """Scale bar and inset in the emptiest corners; returns their display boxes and the bar."""
    ax = ctx.ax
    if ctx.clip[1] - ctx.clip[0] >= 359.9 and ctx.width_km > 15_000:
        inset = False  # the map shows most of the globe: a locator adds nothing
    pos = ax.get_position(original=True)
    fw, fh = fig.get_size_inches()
    inset_in = min(1.25, 0.26 * pos.width * fw, 0.36 * pos.height * fh)
    fw_ax = inset_in / (pos.width * fw)
    fh_ax = inset_in / (pos.height * fh)
    load = _corner_load(ctx, max(fw_ax, 0.3), max(fh_ax, 0.12))
    order = ["upper right", "upper left", "lower right", "lower left"]
    corners = sorted(order, key=lambda k: (load[k], order.index(k)))
    inset_corner = corners[0] if inset else None
    bar_load = _corner_load(ctx, 0.3, 0.1)
    bar_order = ["lower left", "lower right", "upper left", "upper right"]
    bar_corner = min(
        (k for k in bar_order if k != inset_corner), key=lambda k: (bar_load[k], bar_order.index(k))
    )
    bar = _scale_bar(fig, ctx, bar_corner)
    reserved = [bar.box]
    if inset_corner is not None:
        reserved.append(_inset(fig, ctx, inset_corner, fw_ax, fh_ax))
    return _Furniture(tuple(reserved), bar)


#: Where a badge box may go, in order of preference: the corners, then along the top and
#: bottom edges (the share of the free width to the box's left).
_BADGE_SPOTS = tuple(
    (vert, t)
    for t in (0.0, 1.0, 0.125, 0.875, 0.25, 0.75, 0.375, 0.625, 0.5)
    for vert in ("upper", "lower")
)


def _badge_box(fig: Figure, ctx: _Ctx, reserved: list[Any]) -> Any:
    """Draw the claims' verdict badges in a box in a map corner; return its display box.

    Drawn before the labels, which then keep clear of it: the spot chosen never
    covers the scale bar or the inset (``reserved``), and covers as little of
    the content as it can. Colour-neutral (the theme's text and background), so
    the status word, not a red or a green, says how each claim fares.
    """
    from matplotlib.transforms import Bbox

    from trajgeo.maps.canvas import _wrap

    ax, c, th = ctx.ax, ctx.theme.colors, ctx.theme
    pos = ax.get_position(original=True)
    fw, fh = fig.get_size_inches()
    size = th.small_size
    width_in = 0.36 * pos.width * fw
    lines = [_wrap(b.line, width_in, size) for b in ctx.spec.badges]
    pad_in = 0.1
    text = fig.text(
        0.0,
        0.0,
        "\n".join(lines),
        multialignment="left",
        fontsize=size,
        color=c.text,
        linespacing=1.3,
        zorder=45,
        gid="badge",
        bbox={
            "boxstyle": "round,pad=0.45,rounding_size=0.2",
            "facecolor": c.background,
            "edgecolor": c.muted,
            "linewidth": 0.7,
            "alpha": 0.94,
        },
    )
    r = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    box_pad = 0.6 * size * ctx.size.dpi / 72.0  # the round box's pad, and a little air
    ext = text.get_window_extent(r)
    w, h = ext.width + 2 * box_pad, ext.height + 2 * box_pad
    # the space laid out for the map (a globe view draws a disc inside it): its corners
    ab = pos.transformed(fig.transFigure)
    pad = pad_in * ctx.size.dpi
    allp = ax.transAxes.transform(_content_points(ctx)).reshape(-1, 2)  # display pixels

    def spot_box(spot: tuple[str, float]) -> tuple[float, float, float, float]:
        vert, t = spot
        x0 = ab.x0 + pad + t * max(ab.width - 2 * pad - w, 0.0)
        y0 = ab.y1 - pad - h if vert == "upper" else ab.y0 + pad
        return x0, y0, x0 + w, y0 + h

    def cost(spot: tuple[str, float]) -> tuple[int, int, int, int]:
        x0, y0, x1, y1 = spot_box(spot)

        def hit(b: Any) -> bool:
            return bool(b.width > 0 and x0 < b.x1 and b.x0 < x1 and y0 < b.y1 and b.y0 < y1)

        clash = sum(hit(b) for b in reserved)
        # covering a zone's name costs less than covering a site, distance or ring label
        covered = sum(
            (1 if lb.role in ("zone", "overlap") else 4) * hit(Bbox.from_extents(*bb.bounds))
            for lb, bb in ctx.placed_labels
        )
        return clash, covered, _load(allp, (x0, y0, x1, y1)), _BADGE_SPOTS.index(spot)

    x0, y0, x1, y1 = spot_box(min(_BADGE_SPOTS, key=cost))
    inv = fig.transFigure.inverted()
    text.set_position(tuple(inv.transform((x0 + box_pad, y0 + box_pad))))
    text.set_horizontalalignment("left")
    text.set_verticalalignment("bottom")
    return Bbox([[x0, y0], [x1, y1]])


def _scale_bar(fig: Figure, ctx: _Ctx, corner: str) -> _ScaleBar:
    """Draw a true scale bar (geodesic at the map's centre); return where it went."""
    from matplotlib.transforms import Bbox

    ax, th = ctx.ax, ctx.theme
    px_per_km, lon, lat = _px_per_km_at_centre(ctx)
    if not math.isfinite(px_per_km) or px_per_km <= 0:
        return _ScaleBar(Bbox([[0, 0], [0, 0]]))
    length_km = _nice_km(0.22 * ax.bbox.width / px_per_km)
    length_px = length_km * px_per_km
    pad = 8.0 * ctx.size.dpi / 72.0
    bar_h = 3.2 * ctx.size.dpi / 72.0
    text_h = th.small_size * 1.3 * ctx.size.dpi / 72.0
    right = corner.endswith("right")
    top = corner.startswith("upper")
    x0 = ax.bbox.x1 - pad - length_px - 12 if right else ax.bbox.x0 + pad + 4
    y0 = ax.bbox.y1 - pad - bar_h - text_h if top else ax.bbox.y0 + pad
    _draw_scale_blocks(fig, ctx, (x0, y0), length_px, bar_h)
    _draw_scale_figures(fig, ctx, (x0, y0 + bar_h + 1.5), length_km, length_px)
    if ctx.width_km > 2500 and top:
        pos = fig.transFigure.inverted().transform((x0, y0 - 1.5))
        _halo_text(
            fig,
            pos[0],
            pos[1],
            SCALE_TRUE_AT_CENTRE,
            ctx.theme,
            transform=fig.transFigure,
            fontsize=th.small_size * 0.85,
            color=th.colors.muted,
            ha="left",
            va="top",
            zorder=31,
            width=2.0,
        )
    box = Bbox([[x0 - 4, y0 - 4], [x0 + length_px + 30, y0 + bar_h + text_h + 4]])
    return _ScaleBar(box, length_km, length_px, (lon, lat))


def _px_per_km_at_centre(ctx: _Ctx) -> tuple[float, float, float]:
    """Measure display pixels per km eastward at the map's centre: (px/km, lon, lat)."""
    from trajgeo.geo import geodesy

    ax = ctx.ax
    xl, yl = ax.get_xlim(), ax.get_ylim()
    cx, cy = (xl[0] + xl[1]) / 2, (yl[0] + yl[1]) / 2
    ll = ctx.src.transform_points(ctx.proj, np.array([cx]), np.array([cy]))[0]
    lon, lat = float(ll[0]) + ctx.frame, float(ll[1])
    test_km = max(ctx.width_km / 10.0, 1.0)
    e_lon, e_lat = geodesy.destination(lon, lat, 90.0, test_km * 1000.0)
    p0 = ax.transData.transform((cx, cy))
    east = _project(
        ctx.proj, ctx.src, np.array([float(e_lon)]), np.array([float(e_lat)]), ctx.frame
    )
    p1 = ax.transData.transform(east[0])
    return float(np.hypot(*(p1 - p0))) / test_km, lon, lat


def _draw_scale_blocks(
    fig: Figure, ctx: _Ctx, origin_px: tuple[float, float], length_px: float, bar_h: float
) -> None:
    """Draw the bar's two halves, dark then light, from ``origin_px`` (display pixels)."""
    from matplotlib.patches import Rectangle

    c = ctx.theme.colors
    x0, y0 = origin_px
    inv = fig.transFigure.inverted()
    half = length_px / 2
    for k, colour in enumerate((c.text, c.halo)):
        a = inv.transform((x0 + k * half, y0))
        b = inv.transform((x0 + (k + 1) * half, y0 + bar_h))
        rect = Rectangle(
            tuple(a),
            b[0] - a[0],
            b[1] - a[1],
            transform=fig.transFigure,
            facecolor=colour,
            edgecolor=c.text,
            linewidth=0.6,
            zorder=30,
        )
        rect.set_gid("scalebar")
        fig.add_artist(rect)


def _scale_figure(k: int, val: float, length_km: float) -> str:
    """Word the figure at the bar's start (k=0), middle (1) or end (2, with its unit).

    >>> [_scale_figure(k, v, 5.0) for k, v in enumerate((0.0, 2.5, 5.0))]
    ['0', '2.5', '5 km']
    """
    t = f"{val:,.0f}" if val != length_km else f"{val:,.0f} km"
    if k == 1 and length_km % 2:
        t = f"{val:,.1f}".rstrip("0").rstrip(".")
    return t


def _draw_scale_figures(
    fig: Figure, ctx: _Ctx, base_px: tuple[float, float], length_km: float, length_px: float
) -> None:
    """Write the figures above the bar (``base_px``: its start, just above the bar)."""
    th = ctx.theme
    x0, ty = base_px
    inv = fig.transFigure.inverted()
    half = length_px / 2
    figures = []
    for k, val in enumerate((0.0, length_km / 2, length_km)):
        if k == 1 and half < th.small_size * 7.0 * ctx.size.dpi / 72.0:
            continue  # a short bar: its middle figure would run into the others
        pos = inv.transform((x0 + k * half, ty))
        figures.append(
            _halo_text(
                fig,
                pos[0],
                pos[1],
                _scale_figure(k, val, length_km),
                ctx.theme,
                transform=fig.transFigure,
                fontsize=th.small_size,
                color=th.colors.text,
                ha="center" if k else "left",
                va="bottom",
                zorder=31,
                width=2.0,
            )
        )
    _drop_crowded_figures(fig, figures)


def _drop_crowded_figures(fig: Figure, figures: list[tuple[Any, Any]]) -> None:
    """On a bar too short for its figures, keep the length ("2,000 km"), drop the others."""
    r = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    last = figures[-1][1].get_window_extent(r)
    for halo, text in figures[:-1]:
        if text.get_window_extent(r).x1 + 2.0 > last.x0:
            halo.remove()
            text.remove()


@lru_cache(maxsize=16)
def _globe_land(lon: float, lat: float) -> tuple[Any, ...]:
    """Return the locator globe's land, already in its orthographic projection (cached).

    Land on the visible hemisphere only, clipped in lon/lat (never inside out),
    then projected vertex by vertex: cartopy's general projection of the same
    polygons at draw time took a quarter of a map's render.
    """
    import cartopy.crs as ccrs
    import shapely

    from trajgeo.geo.impact import disc
    from trajgeo.maps.basemap import load_basemap

    ortho = ccrs.Orthographic(central_longitude=lon, central_latitude=lat)
    src = ccrs.PlateCarree()
    hemi = disc(lon, lat, 9_800e3, max_segment_m=200e3)
    bm = load_basemap((-180.0, 180.0, -90.0, 90.0), "110m", labels=False)
    shapely.prepare(hemi)
    land = [g.intersection(hemi) for g in bm.land if g.intersects(hemi)]

    def fwd(xy: np.ndarray) -> np.ndarray:
        return ortho.transform_points(src, xy[:, 0], xy[:, 1])[:, :2]

    out = []
    for g in land:
        if g.is_empty:
            continue
        pg = shapely.transform(g, fwd)
        if np.all(np.isfinite(shapely.get_coordinates(pg))):
            out.append(pg if pg.is_valid else shapely.make_valid(pg))
    return tuple(out)


def _inset(fig: Figure, ctx: _Ctx, corner: str, fw_ax: float, fh_ax: float) -> Any:
    """Return a locator globe in a corner, with the main map's outline; return its display box."""
    import cartopy.crs as ccrs

    ax, c = ctx.ax, ctx.theme.colors
    xl, yl = ax.get_xlim(), ax.get_ylim()
    cx, cy = (xl[0] + xl[1]) / 2, (yl[0] + yl[1]) / 2
    ll = ctx.src.transform_points(ctx.proj, np.array([cx]), np.array([cy]))[0]
    lon, lat = float(ll[0]) + ctx.frame, float(ll[1])
    lat = max(min(lat, 70.0), -70.0) if ctx.width_km < 6000 else lat
    lon_n = (lon + 180.0) % 360.0 - 180.0
    lon_n, lat = round(lon_n, 1), round(lat, 1)
    ortho = ccrs.Orthographic(central_longitude=lon_n, central_latitude=lat)
    pos = ax.get_position(original=True)
    w, h = fw_ax * pos.width, fh_ax * pos.height
    padx = 0.012 * pos.width / pos.width
    pady = padx * pos.width / pos.height * (fig.get_size_inches()[0] / fig.get_size_inches()[1])
    x0 = pos.x1 - w - padx if corner.endswith("right") else pos.x0 + padx
    y0 = (
        pos.y1 - h - pady * pos.height if corner.startswith("upper") else pos.y0 + pady * pos.height
    )
    iax = fig.add_axes([x0, y0, w, h], projection=ortho, zorder=40)  # type: ignore[call-overload]
    iax.set_gid("inset")
    iax.set_global()
    iax.set_facecolor(c.sea)
    iax.spines["geo"].set_edgecolor(c.muted)
    iax.spines["geo"].set_linewidth(0.6)
    land = _globe_land(round(lon_n, 1), round(lat, 1))
    if land:
        iax.add_geometries(land, crs=ortho, facecolor=c.land, edgecolor=c.coastline, linewidth=0.25)
    # outline of the main map
    n = 40
    bx = np.concatenate(
        [
            np.linspace(*xl, n),  # type: ignore[call-overload]
            np.full(n, xl[1]),
            np.linspace(*xl, n)[::-1],  # type: ignore[call-overload]
            np.full(n, xl[0]),
            [xl[0]],
        ]
    )
    by = np.concatenate(
        [
            np.full(n, yl[0]),
            np.linspace(*yl, n),  # type: ignore[call-overload]
            np.full(n, yl[1]),
            np.linspace(*yl, n)[::-1],  # type: ignore[call-overload]
            [yl[0]],
        ]
    )
    pts = ortho.transform_points(ctx.proj, bx, by)[:, :2]
    pts[~np.all(np.isfinite(pts), axis=1)] = np.nan
    iax.plot(pts[:, 0], pts[:, 1], color=c.inset_frame, linewidth=1.0, zorder=5, gid="inset-frame")
    r = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    return iax.get_window_extent(r)
