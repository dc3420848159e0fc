"""Drawing a static map's layers: basemap, zones, arcs, impact areas, rings, overflights."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    pass
from trajgeo.maps.canvas import (
    _clip_geoms,
    _Ctx,
    _in_map,
    _outlines_in_map,
    _pre_project,
    _project,
    _to_src,
)

__all__: list[str] = []


def _draw_basemap(ctx: _Ctx, resolution: str) -> None:
    from trajgeo.maps.basemap import load_basemap

    ax, c = ctx.ax, ctx.theme.colors
    ax.set_facecolor(c.sea)
    ax.spines["geo"].set_edgecolor(c.muted)
    ax.spines["geo"].set_linewidth(0.6)
    bm = load_basemap(ctx.clip, resolution, width_km=ctx.width_km)
    ctx.basemap = bm
    th = ctx.theme
    if bm.land:
        ax.add_geometries(
            _pre_project(ctx, [_to_src(g, ctx.frame) for g in bm.land]),
            crs=ctx.proj,
            facecolor=c.land,
            edgecolor="none",
            zorder=1,
        )
    if bm.borders:
        ax.add_geometries(
            _pre_project(ctx, [_to_src(g, ctx.frame) for g in bm.borders]),
            crs=ctx.proj,
            facecolor="none",
            edgecolor=c.border,
            linewidth=th.border_width,
            zorder=2,
        )
    if bm.coastline:
        ax.add_geometries(
            _pre_project(ctx, [_to_src(g, ctx.frame) for g in bm.coastline]),
            crs=ctx.proj,
            facecolor="none",
            edgecolor=c.coastline,
            linewidth=th.coast_width,
            zorder=2,
        )


def _draw_zones(ctx: _Ctx) -> None:
    ax, c, th = ctx.ax, ctx.theme.colors, ctx.theme
    for z in ctx.spec.zones:
        geoms = _clip_geoms([z.geometry], ctx.clip, ctx.frame)
        if not geoms:
            continue
        if z.kind == "eez":
            ax.add_geometries(
                _pre_project(ctx, geoms),
                crs=ctx.proj,
                facecolor=c.eez,
                edgecolor="none",
                alpha=0.06,
                zorder=2.5,
            )
            lim = _clip_geoms([z.limit], ctx.clip, ctx.frame) if z.limit is not None else []
            if lim:
                ax.add_geometries(
                    _pre_project(ctx, lim),
                    crs=ctx.proj,
                    facecolor="none",
                    edgecolor=c.eez,
                    linewidth=th.eez_width,
                    linestyle=(0, (5, 2.5)),
                    zorder=3,
                )
        else:
            ax.add_geometries(
                _in_map(ctx, geoms),
                crs=ctx.proj,
                facecolor="none",
                edgecolor=c.overlap,
                linewidth=0.5,
                hatch="/////",
                alpha=0.8,
                zorder=3,
            )


def _line_xy(ctx: _Ctx, lonlat: np.ndarray) -> np.ndarray:
    xy = _project(ctx.proj, ctx.src, lonlat[:, 0], lonlat[:, 1], ctx.frame)
    return xy


def _draw_content(ctx: _Ctx) -> None:
    """Draw rings, capability bands, launch and impact areas, estimates, arcs and markers."""
    ctx.obstacles = []  # display-space polylines (arcs)
    ctx.markers = []  # projected points with a radius (pt)
    _draw_rings(ctx)
    _draw_capability(ctx)
    _draw_areas(ctx)
    _draw_estimates(ctx)
    _draw_overflights(ctx)
    _draw_arcs_and_markers(ctx)


def _draw_rings(ctx: _Ctx) -> None:
    import shapely

    ax, c, spec = ctx.ax, ctx.theme.colors, ctx.spec
    for r in spec.rings:
        for part in getattr(r.geometry, "geoms", [r.geometry]):
            xy = _line_xy(ctx, shapely.get_coordinates(part))
            ax.plot(
                xy[:, 0],
                xy[:, 1],
                color=c.ring,
                linewidth=0.7,
                linestyle=(0, (1.2, 1.6)),
                zorder=4,
                gid="ring",
            )


def _draw_areas(ctx: _Ctx) -> None:
    """Launch areas (dashed outlines) and each account's possible impact area."""
    ax, c, th, spec = ctx.ax, ctx.theme.colors, ctx.theme, ctx.spec
    for site in spec.launches:
        if site.area is not None:
            src = _clip_geoms([site.area], ctx.clip, ctx.frame)
            geoms = _in_map(ctx, src)
            if site.coast:  # a band of land along a coast: shaded, so it reads as an area
                ax.add_geometries(
                    geoms, crs=ctx.proj, facecolor=c.text, edgecolor="none", alpha=0.14, zorder=5
                )
            ax.add_geometries(
                _outlines_in_map(ctx, src, geoms),
                crs=ctx.proj,
                facecolor="none",
                edgecolor=c.text,
                linewidth=0.6,
                linestyle=(0, (2, 1.5)),
                alpha=0.7,
                zorder=5,
            )
    # with a fused estimate, each account's own area steps back: the estimate reads first
    fused = bool(spec.estimates)
    for s in spec.shots:
        colour = c.shot(spec.colour_index(s.index))
        if s.impact_area is not None:
            src = _clip_geoms([s.impact_area], ctx.clip, ctx.frame)
            geoms = _in_map(ctx, src)
            ax.add_geometries(
                geoms,
                crs=ctx.proj,
                facecolor=colour,
                edgecolor="none",
                alpha=ACCOUNT_ALPHA if fused else th.zone_alpha,
                zorder=5,
            )
            ax.add_geometries(
                _outlines_in_map(ctx, src, geoms),
                crs=ctx.proj,
                facecolor="none",
                edgecolor=colour,
                linewidth=0.45 if fused else 0.7,
                alpha=0.8 if fused else 1.0,
                zorder=5.1,
            )


def _draw_arcs_and_markers(ctx: _Ctx) -> None:
    """Arcs with arrowheads, reported impacts, landmarks and launch sites (kept clear of labels)."""
    import matplotlib.patheffects as pe

    ax, c, th, spec = ctx.ax, ctx.theme.colors, ctx.theme, ctx.spec
    halo = [pe.Stroke(linewidth=th.arc_width + 1.6, foreground=c.halo), pe.Normal()]
    for s in spec.shots:
        colour = c.shot(spec.colour_index(s.index))
        if not s.has_direction or len(s.arc_lonlat) < 2:
            continue
        xy = _line_xy(ctx, s.arc_lonlat)
        ok = np.all(np.isfinite(xy), axis=1)
        xy = xy[ok]
        if len(xy) < 2:
            continue
        ax.plot(
            xy[:, 0],
            xy[:, 1],
            color=colour,
            linewidth=th.arc_width,
            solid_capstyle="round",
            path_effects=halo,
            zorder=6,
            gid="arc",
        )
        _arrowhead(ctx, xy, colour)
        ctx.obstacles.append(xy)
    for s in spec.shots:
        if s.impact_reported:
            impact = {"marker": "X", "markersize": 6, "color": c.impact, "gid": "impact"}
            _marker(ctx, s.impact_lon, s.impact_lat, 5.0, impact | {"markeredgecolor": c.halo})
    for lm in spec.landmarks if not spec.small_scale else ():
        square = {"marker": "s", "markersize": 4, "color": c.halo, "gid": "landmark"}
        _marker(ctx, lm.lon, lm.lat, 4.0, square | {"markeredgecolor": c.text})
    for site in spec.launches:
        launch = {"marker": "^", "markersize": 7.5, "color": c.launch, "gid": "launch"}
        style = launch | {"markeredgecolor": c.halo, "markeredgewidth": 0.9, "zorder": 8}
        _marker(ctx, site.lon, site.lat, 6.0, style)


def _marker(ctx: _Ctx, lon: float, lat: float, radius_pt: float, style: dict[str, Any]) -> None:
    """Draw one point marker and keep ``radius_pt`` round it clear of labels."""
    p = _project(ctx.proj, ctx.src, np.array([lon]), np.array([lat]), ctx.frame)[0]
    ctx.ax.plot(p[0], p[1], **({"markeredgewidth": 0.8, "zorder": 7} | style))
    ctx.markers.append((p, radius_pt))


#: Fill opacity of each account's impact area when a fused estimate is drawn over it.
ACCOUNT_ALPHA = 0.07
#: Fill opacity of the fused estimate's regions, by level.
REGION_ALPHA = {0.95: 0.22, 0.5: 0.5}


def _draw_estimates(ctx: _Ctx) -> None:
    """Draw the fused estimate: the 95 % region filled, the 50 % darker and outlined; dots."""
    ax, c = ctx.ax, ctx.theme.colors
    for e in ctx.spec.estimates:
        colour = c.shot(ctx.spec.colour_index(e.index))
        for level, region in e.regions:
            src = _clip_geoms([region], ctx.clip, ctx.frame)
            geoms = _in_map(ctx, src)
            if not geoms:
                continue
            inner = level <= 0.5
            ax.add_geometries(
                geoms,
                crs=ctx.proj,
                facecolor=colour,
                edgecolor="none",
                alpha=REGION_ALPHA.get(level, 0.3),
                zorder=5.3 if inner else 5.2,
                gid=f"region-{round(level * 100)}",
            )
            if inner:
                ax.add_geometries(
                    _outlines_in_map(ctx, src, geoms),
                    crs=ctx.proj,
                    facecolor="none",
                    edgecolor=colour,
                    linewidth=1.3,
                    zorder=5.31,
                    gid="region-50-outline",
                )
        if len(e.samples):
            xy = _project(ctx.proj, ctx.src, e.samples[:, 0], e.samples[:, 1], ctx.frame)
            xy = xy[np.all(np.isfinite(xy), axis=1)]
            ax.scatter(
                xy[:, 0],
                xy[:, 1],
                s=1.2,
                color=colour,
                edgecolors="none",
                alpha=0.6,
                zorder=5.4,
                gid="samples",
            )


#: Dash pattern of capability rings (long dash, dot): unlike range rings (dotted) and EEZ
#: limits (dashed), so the three read apart without colour.
CAPABILITY_DASH = (0, (7.0, 2.2, 1.4, 2.2))


def _split_path(ctx: _Ctx, xy: np.ndarray) -> list[np.ndarray]:
    """Cut a projected polyline where it leaves the domain or jumps across the map."""
    ok = np.all(np.isfinite(xy), axis=1)
    x0, x1 = ctx.proj.x_limits
    limit = 0.25 * abs(x1 - x0)
    step = np.hypot(*np.diff(xy, axis=0).T) if len(xy) > 1 else np.empty(0)
    cut = np.zeros(len(xy), bool)
    cut[1:] = ~(step < limit)  # also True where a neighbour is not finite
    out: list[np.ndarray] = []
    start = 0
    for i in range(1, len(xy) + 1):
        if i == len(xy) or cut[i] or not ok[i]:
            run = xy[start:i]
            run = run[np.all(np.isfinite(run), axis=1)]
            if len(run) > 1:
                out.append(run)
            start = i
    return out


def _projected_paths(ctx: _Ctx, paths: Sequence[np.ndarray]) -> list[np.ndarray]:
    out = []
    for p in paths:
        out.extend(_split_path(ctx, _line_xy(ctx, p)))
    return out


def _annulus(inner: list[np.ndarray], outer: list[np.ndarray]) -> Any:
    """Return the band between two projected closed rings as one polygon, or ``None``.

    Only when each ring is one closed, simple line and the inner lies inside the
    outer (true on an azimuthal map centred on the site); otherwise the band is
    drawn as two lines.
    """
    from shapely.geometry import LinearRing, Polygon

    if len(inner) != 1 or len(outer) != 1:
        return None
    a, b = inner[0], outer[0]
    scale = max(np.ptp(b[:, 0]), np.ptp(b[:, 1]), 1.0)
    if any(np.hypot(*(p[0] - p[-1])) > 1e-3 * scale or len(p) < 4 for p in (a, b)):
        return None
    ra, rb = LinearRing(a), LinearRing(b)
    if not (ra.is_simple and rb.is_simple):
        return None
    outer_poly, inner_poly = Polygon(rb), Polygon(ra)
    if not outer_poly.contains(inner_poly):
        return None
    return Polygon(rb, [ra])


def _draw_capability(ctx: _Ctx) -> None:
    """Capability rings: the band shaded (or two thin lines), the ring dash-dotted."""
    ax, c = ctx.ax, ctx.theme.colors
    ctx.capability_px = {}  # layer index -> display polylines
    for layer in ctx.spec.capability:
        if layer.is_global or not layer.paths:
            continue
        low = _projected_paths(ctx, layer.band_paths[0])
        high = _projected_paths(ctx, layer.band_paths[1])
        band = _annulus(low, high) if low and high else None
        if band is not None:
            from matplotlib.patches import PathPatch
            from matplotlib.path import Path as MPath
            from shapely.geometry.polygon import orient

            band = orient(band, 1.0)  # outer ring counter-clockwise, hole clockwise
            path = MPath.make_compound_path(
                MPath(np.asarray(band.exterior.coords), closed=True),
                MPath(np.asarray(band.interiors[0].coords), closed=True),
            )
            patch = PathPatch(
                path,
                facecolor=c.capability,
                edgecolor="none",
                alpha=0.12,
                zorder=3.6,
                transform=ax.transData,
            )
            patch.set_gid("capability-band")
            ax.add_patch(patch)
        for xy in low + high:
            ax.plot(
                xy[:, 0],
                xy[:, 1],
                color=c.capability,
                linewidth=0.5,
                alpha=0.8,
                zorder=3.7,
                gid="capability-band",
            )
        ring = _projected_paths(ctx, layer.paths)
        for xy in ring:
            ax.plot(
                xy[:, 0],
                xy[:, 1],
                color=c.capability,
                linewidth=1.4,
                linestyle=CAPABILITY_DASH,
                zorder=3.8,
                gid="capability",
            )
        ctx.capability_px[layer.index] = [ax.transData.transform(xy) for xy in ring]


def _draw_overflights(ctx: _Ctx) -> None:
    """Highlight each stretch of track over another state's land (beneath the arc)."""
    import matplotlib.patheffects as pe

    ax, c, th = ctx.ax, ctx.theme.colors, ctx.theme
    width = th.arc_width + 4.2
    effects = [pe.Stroke(linewidth=width + 1.2, foreground=c.text), pe.Normal()]
    for o in ctx.spec.overflights:
        for xy in _projected_paths(ctx, o.paths):
            ax.plot(
                xy[:, 0],
                xy[:, 1],
                color=c.overflight,
                linewidth=width,
                solid_capstyle="butt",
                path_effects=effects,
                zorder=5.8,
                gid="overflight",
            )


def _arrowhead(ctx: _Ctx, xy: np.ndarray, colour: str) -> None:
    from matplotlib.patches import FancyArrowPatch

    ax = ctx.ax
    disp = ax.transData.transform(xy)
    end = disp[-1]
    seg = np.hypot(*(disp - end).T)
    back = np.nonzero(seg >= 9.0 * ctx.size.dpi / 72.0)[0]
    i = int(back[-1]) if len(back) else 0
    if np.allclose(xy[i], xy[-1]):
        return
    arrow = FancyArrowPatch(
        posA=tuple(xy[i]),
        posB=tuple(xy[-1]),
        arrowstyle="-|>",
        mutation_scale=10.0,
        color=colour,
        linewidth=0.0,
        zorder=6.5,
        shrinkA=0,
        shrinkB=0,
        transform=ax.transData,
    )
    arrow.set_gid("arrow")
    ax.add_patch(arrow)
