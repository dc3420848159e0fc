"""Static maps (PNG, SVG, PDF) drawn with cartopy and matplotlib from a :class:`MapSpec`.

Design choices, each answering a known pitfall of the field:

* **No download, ever.** Land, coastlines and borders come from the shipped
  basemap (:mod:`trajgeo.maps.basemap`) through ``ax.add_geometries``;
  ``ax.coastlines()`` and ``cartopy.feature.NaturalEarthFeature`` are never
  used, so cartopy has nothing to fetch (cartopy#2017).
* **No inside-out fills.** Every polygon is clipped in lon/lat to the visible
  box (plus a margin) in the spec's frame before cartopy projects it, and
  moved into the frame so a Pacific map has no cut at 180° (cartopy#2103).
* **Exact arcs.** Geodesic arcs are densified by trajgeo (10 km) and projected
  point by point, not resampled by cartopy (cartopy#8, #1039).
* **A true scale bar**, measured with a WGS84 geodesic at the map's centre,
  not from projection units.
* **Labels that do not collide**: a greedy placement over candidate positions
  with box tests in display space (adjustText breaks with cartopy).
* **Text stays text in SVG** (``svg.fonttype = "none"``); halos are drawn as a
  separate path layer beneath each label. SVG and PDF output is stable for a
  given input (fixed hash salt, no dates).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from trajgeo._optional import require
from trajgeo.errors import InputError, RenderError
from trajgeo.maps.style import Size, Theme, load_theme, resolve_size
from trajgeo.wording import LEGEND

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from shapely.geometry.base import BaseGeometry

    from trajgeo.maps.spec import MapSpec

__all__ = [
    "FORMATS",
    "RC",
    "MapLayout",
    "StaticMap",
    "draw",
    "render",
    "save_figure",
    "write_map",
]

#: Output formats the static renderer writes.
FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
#: matplotlib settings used for every render (stable, text kept as text).
RC: dict[str, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "trajgeo",
    "pdf.fonttype": 42,
    "path.simplify": True,
    "axes.unicode_minus": False,
}
_NICE_KM = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000)
_MARGIN_IN = 0.16


# --------------------------------------------------------------------------- projection
def _cartopy_projection(spec: MapSpec) -> Any:
    import cartopy.crs as ccrs

    p = spec.projection
    lon = (p.central_lon + 180.0) % 360.0 - 180.0
    if p.kind == "azimuthal-equidistant":
        return ccrs.AzimuthalEquidistant(central_longitude=lon, central_latitude=p.central_lat)
    if p.kind == "lambert-conformal":
        par = p.standard_parallels or (p.central_lat - 5.0, p.central_lat + 5.0)
        if abs(p.central_lat) > 80:
            raise InputError(
                "a Lambert conformal map cannot be centred this near a pole",
                field="projection",
                value=p.kind,
                allowed="azimuthal-equidistant or stereographic",
            )
        return ccrs.LambertConformal(
            central_longitude=lon,
            central_latitude=p.central_lat,
            standard_parallels=par,
            cutoff=-30 if p.central_lat >= 0 else 30,
        )
    if p.kind == "stereographic":
        return ccrs.Stereographic(central_longitude=lon, central_latitude=p.central_lat)
    if p.kind == "orthographic":
        return ccrs.Orthographic(central_longitude=lon, central_latitude=p.central_lat)
    if p.kind == "mercator":
        return ccrs.Mercator(
            central_longitude=spec.central_lon % 360.0
            if spec.central_lon > 180
            else spec.central_lon
        )
    return ccrs.PlateCarree(central_longitude=spec.central_lon)


def _source_crs(spec: MapSpec) -> Any:
    import cartopy.crs as ccrs

    return ccrs.PlateCarree(central_longitude=spec.central_lon)


def _to_src(geom: BaseGeometry, frame: float) -> BaseGeometry:
    import shapely

    return shapely.transform(geom, lambda xy: xy - (frame, 0.0))


def _project(proj: Any, src: Any, lon: np.ndarray, lat: np.ndarray, frame: float) -> np.ndarray:
    out = proj.transform_points(src, np.asarray(lon, float) - frame, np.asarray(lat, float))
    return out[:, :2]


# --------------------------------------------------------------------------- text helpers
def _wrap(text: str, width_in: float, size_pt: float) -> str:
    chars = max(20, int(width_in * 72.0 / (size_pt * 0.57)))
    return "\n".join(textwrap.wrap(text, chars)) if text else ""


def _lines(text: str) -> int:
    return text.count("\n") + 1 if text else 0


def _halo_text(
    parent: Any,
    x: float,
    y: float,
    s: str,
    theme: Theme,
    *,
    width: float = 2.6,
    transform: Any = None,
    zorder: float = 20,
    **kw: Any,
) -> tuple[Any, Any]:
    """Draw ``s`` with a halo: a path-only layer beneath, real text above (text in SVG)."""
    import matplotlib.patheffects as pe

    tkw = dict(kw)
    if transform is not None:
        tkw["transform"] = transform
    halo = parent.text(
        x,
        y,
        s,
        zorder=zorder - 0.01,
        **{**tkw, "color": theme.colors.halo},
        path_effects=[pe.Stroke(linewidth=width, foreground=theme.colors.halo)],
    )
    text = parent.text(x, y, s, zorder=zorder, **tkw)
    halo.set_gid("halo")
    return halo, text


# --------------------------------------------------------------------------- render
@dataclass
class _Ctx:
    """The state of one render, filled in step by step (private to this module)."""

    spec: MapSpec
    theme: Theme
    size: Size
    proj: Any
    src: Any
    frame: float
    ax: Any = None
    clip: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    width_km: float = 0.0
    basemap: Any = None
    #: display-space polylines of the arcs, which labels must not cover
    obstacles: list[Any] = field(default_factory=list)
    #: projected points with a radius (pt), which labels must not cover
    markers: list[Any] = field(default_factory=list)
    #: capability layer index -> display polylines
    capability_px: dict[int, Any] = field(default_factory=dict)
    scale_km: float | None = None
    scale_px: float | None = None
    scale_centre: tuple[float, float] | None = None
    placed_labels: list[Any] = field(default_factory=list)


@dataclass(frozen=True)
class MapLayout:
    """Where a static map put things (display pixels, origin bottom left).

    Attributes
    ----------
    map_axes
        The cartopy GeoAxes of the map.
    projection, source_crs, frame
        The map's projection, the CRS of the spec's coordinates, and the
        central longitude of its frame.
    clip_box, width_km
        The visible box (frame lon/lat) and the map's width on the ground.
    resolution
        The basemap resolution drawn (``"10m"``, ``"50m"``, ``"110m"``).
    scale_km, scale_px, scale_centre
        The scale bar: its length on the ground and on screen, and where it
        is true.
    labels
        ``(text, role, (x0, y0, x1, y1))`` of every label placed.
    arcs_px
        Each arc as a display-space polyline.
    """

    map_axes: Any
    projection: Any
    source_crs: Any
    frame: float
    clip_box: tuple[float, float, float, float]
    width_km: float
    resolution: str | None
    scale_km: float | None
    scale_px: float | None
    scale_centre: tuple[float, float] | None
    labels: tuple[tuple[str, str, tuple[float, ...]], ...]
    arcs_px: tuple[Any, ...]


@dataclass(frozen=True)
class StaticMap:
    """A drawn static map: the matplotlib Figure and its :class:`MapLayout`."""

    figure: Figure
    layout: MapLayout


def render(
    spec: MapSpec,
    *,
    theme: str | Theme | None = None,
    size: str | Size = "web",
    inset: bool = True,
    resolution: str = "auto",
) -> Figure:
    """Draw a map from a spec and return the matplotlib Figure (not yet saved).

    Parameters
    ----------
    spec
        The map content (:func:`trajgeo.maps.spec.build_spec`).
    theme
        ``"light"``, ``"dark"``, a house-style YAML path or a :class:`Theme`.
    size
        ``"web"``, ``"print"`` or a :class:`Size` (see :func:`resolve_size`).
    inset
        Draw the locator globe.
    resolution
        Basemap resolution, ``"auto"`` to pick it from the map's width.

    Returns
    -------
    matplotlib.figure.Figure
        Use :func:`draw` for the figure together with where things were put.
    """
    return draw(spec, theme=theme, size=size, inset=inset, resolution=resolution).figure


def draw(
    spec: MapSpec,
    *,
    theme: str | Theme | None = None,
    size: str | Size = "web",
    inset: bool = True,
    resolution: str = "auto",
) -> StaticMap:
    """Draw a map from a spec: the Figure and its :class:`MapLayout` (see :func:`render`)."""
    require("maps", ("cartopy", "matplotlib"), "PNG, SVG and PDF maps")
    import matplotlib
    from matplotlib.figure import Figure

    th = load_theme(theme)
    sz = resolve_size(size) if isinstance(size, str) else size
    proj = _cartopy_projection(spec)
    ctx = _Ctx(spec, th, sz, proj, _source_crs(spec), spec.central_lon)
    with matplotlib.rc_context(RC | {"font.family": [th.font_family, "DejaVu Sans"]}):
        fig = Figure(figsize=sz.inches, dpi=sz.dpi, facecolor=th.colors.background)
        fig.set_canvas(_canvas(fig))
        _layout(fig, ctx)
        _draw_basemap(ctx, resolution)
        _draw_zones(ctx)
        _draw_content(ctx)
        reserved = _draw_furniture(fig, ctx, inset)
        _place_labels(fig, ctx, reserved)
    layout = MapLayout(
        map_axes=ctx.ax,
        projection=ctx.proj,
        source_crs=ctx.src,
        frame=ctx.frame,
        clip_box=ctx.clip,
        width_km=ctx.width_km,
        resolution=None if ctx.basemap is None else ctx.basemap.resolution,
        scale_km=ctx.scale_km,
        scale_px=ctx.scale_px,
        scale_centre=ctx.scale_centre,
        labels=tuple((lb.text, lb.role, bb.bounds) for lb, bb in ctx.placed_labels),
        arcs_px=tuple(ctx.ax.transData.transform(o) for o in ctx.obstacles),
    )
    return StaticMap(fig, layout)


def _canvas(fig: Figure) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    return FigureCanvasAgg(fig)


def _layout(fig: Figure, ctx: _Ctx) -> None:
    """Title block, map axes, legend row and footer, stacked in inches."""
    th, spec = ctx.theme, ctx.spec
    w_in, h_in = ctx.size.inches
    m = _MARGIN_IN
    text_w = w_in - 2 * m
    title = _wrap(spec.title, text_w, th.title_size * 1.08)
    sub = _wrap(spec.subtitle, text_w, th.subtitle_size)
    credit = _wrap(spec.credit, text_w, th.small_size)
    footer = _wrap(spec.footer, text_w, th.small_size)
    lh = 1.28 / 72.0
    y = h_in - m
    fig.text(
        m / w_in,
        y / h_in,
        title,
        ha="left",
        va="top",
        fontsize=th.title_size,
        fontweight="bold",
        color=th.colors.text,
        linespacing=1.15,
        gid="title",
    )
    y -= _lines(title) * th.title_size * lh + 0.05
    if sub:
        fig.text(
            m / w_in,
            y / h_in,
            sub,
            ha="left",
            va="top",
            fontsize=th.subtitle_size,
            color=th.colors.muted,
            linespacing=1.2,
            gid="subtitle",
        )
        y -= _lines(sub) * th.subtitle_size * lh + 0.02
    top = y - 0.06
    yb = m
    fig.text(
        m / w_in,
        yb / h_in,
        footer,
        ha="left",
        va="bottom",
        fontsize=th.small_size,
        color=th.colors.muted,
        linespacing=1.2,
        gid="footer",
    )
    yb += _lines(footer) * th.small_size * lh + 0.03
    fig.text(
        m / w_in,
        yb / h_in,
        credit,
        ha="left",
        va="bottom",
        fontsize=th.small_size,
        color=th.colors.text,
        linespacing=1.2,
        gid="credit",
    )
    yb += _lines(credit) * th.small_size * lh + 0.04
    legend_y = yb
    yb += th.small_size * 2.0 / 72.0 + 0.04
    bottom = yb
    if top - bottom < 1.0:
        raise InputError(
            "the image is too small for the map and its texts",
            field="height",
            value=ctx.size.height_px,
            allowed="a larger --height or a smaller --dpi",
        )
    ax = fig.add_axes(
        [m / w_in, bottom / h_in, text_w / w_in, (top - bottom) / h_in], projection=ctx.proj
    )
    ax.set_gid("map")
    ctx.ax = ax
    _fit_view(ctx)
    _legend(fig, ctx, legend_y / h_in)


def _fit_view(ctx: _Ctx) -> None:
    """Fit the axes to the spec's focus points, filling the axes' aspect ratio."""
    ax, spec = ctx.ax, ctx.spec
    xy = _project(ctx.proj, ctx.src, spec.focus[:, 0], spec.focus[:, 1], ctx.frame)
    xy = xy[np.all(np.isfinite(xy), axis=1)]
    if not len(xy):
        raise RenderError(
            "nothing to draw inside the projection's domain; "
            "try another --projection or --central-lon"
        )
    x0, y0 = xy.min(axis=0)
    x1, y1 = xy.max(axis=0)
    user = spec.projection.reason == "centred on the requested extent"
    pad = 0.0 if user else 0.09
    w, h = max(x1 - x0, 1e3), max(y1 - y0, 1e3)
    x0, x1 = x0 - pad * w, x1 + pad * w
    y0, y1 = y0 - pad * h, y1 + pad * h
    # at least 250 km across, so a short-range shot still shows its coasts
    min_m = 250e3 if ctx.proj.is_geodetic() is False else 2.5
    w, h = max(x1 - x0, min_m), max(y1 - y0, min_m)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    bbox = ax.get_position(original=True)
    fw, fh = ax.figure.get_size_inches()
    aspect = (bbox.height * fh) / (bbox.width * fw)
    if h / w > aspect:
        w = h / aspect
    else:
        h = w * aspect
    xl = (cx - w / 2, cx + w / 2)
    yl = (cy - h / 2, cy + h / 2)
    # keep within the projection's own domain
    bx0, bx1 = ctx.proj.x_limits
    by0, by1 = ctx.proj.y_limits
    xl = (max(xl[0], bx0), min(xl[1], bx1))
    yl = (max(yl[0], by0), min(yl[1], by1))
    ax.set_xlim(*xl)
    ax.set_ylim(*yl)
    ax.apply_aspect()
    xl, yl = ax.get_xlim(), ax.get_ylim()
    ctx.clip = _visible_box(ctx, xl, yl)
    ctx.width_km = _width_km(ctx, xl, yl)


def _visible_box(
    ctx: _Ctx, xl: tuple[float, float], yl: tuple[float, float]
) -> tuple[float, float, float, float]:
    """Lon/lat box (in the frame) that covers the axes rectangle, with a margin."""
    n = 60
    xs = np.concatenate(
        [np.linspace(*xl, n), np.full(n, xl[1]), np.linspace(*xl, n)[::-1], np.full(n, xl[0])]
    )
    ys = np.concatenate(
        [np.full(n, yl[0]), np.linspace(*yl, n), np.full(n, yl[1]), np.linspace(*yl, n)[::-1]]
    )
    gx, gy = np.meshgrid(np.linspace(*xl, 9), np.linspace(*yl, 9))
    xs = np.concatenate([xs, gx.ravel()])
    ys = np.concatenate([ys, gy.ravel()])
    ll = ctx.src.transform_points(ctx.proj, xs, ys)[:, :2]
    ok = np.all(np.isfinite(ll), axis=1)
    ll = ll[ok]
    if not len(ll):
        return (ctx.frame - 180.0, ctx.frame + 180.0, -90.0, 90.0)
    lon = ll[:, 0] + ctx.frame
    lat = ll[:, 1]
    lat0, lat1 = float(lat.min()), float(lat.max())
    # a pole inside the view: all longitudes
    poles = _project(
        ctx.proj, ctx.src, np.array([ctx.frame, ctx.frame]), np.array([90.0, -90.0]), ctx.frame
    )
    full = False
    for (px, py), pl in zip(poles, (90.0, -90.0), strict=False):
        if np.isfinite(px) and xl[0] <= px <= xl[1] and yl[0] <= py <= yl[1]:
            full = True
            lat0, lat1 = (lat0, 90.0) if pl > 0 else (-90.0, lat1)
    span = float(lon.max() - lon.min())
    if full or span > 300.0 or (ok.mean() < 1.0):
        return (ctx.frame - 180.0, ctx.frame + 180.0, max(lat0 - 2.0, -90.0), min(lat1 + 2.0, 90.0))
    mx = 0.08 * span + 1.0
    my = 0.08 * (lat1 - lat0) + 1.0
    return (
        max(float(lon.min()) - mx, ctx.frame - 180.0),
        min(float(lon.max()) + mx, ctx.frame + 180.0),
        max(lat0 - my, -90.0),
        min(lat1 + my, 90.0),
    )


def _width_km(ctx: _Ctx, xl: tuple[float, float], yl: tuple[float, float]) -> float:
    from trajgeo.geo import geodesy

    cy = (yl[0] + yl[1]) / 2
    ll = ctx.src.transform_points(ctx.proj, np.array([xl[0], xl[1]]), np.array([cy, cy]))[:, :2]
    if not np.all(np.isfinite(ll)):
        return (xl[1] - xl[0]) / 1000.0
    _, _, d = geodesy.inverse(ll[0, 0] + ctx.frame, ll[0, 1], ll[1, 0] + ctx.frame, ll[1, 1])
    # a view of most of the globe has its sides near the antipode: measure via the centre
    mid = ctx.src.transform_points(ctx.proj, np.array([(xl[0] + xl[1]) / 2]), np.array([cy]))[0, :2]
    if np.all(np.isfinite(mid)):
        _, _, d1 = geodesy.inverse(ll[0, 0] + ctx.frame, ll[0, 1], mid[0] + ctx.frame, mid[1])
        _, _, d2 = geodesy.inverse(mid[0] + ctx.frame, mid[1], ll[1, 0] + ctx.frame, ll[1, 1])
        if float(d1 + d2) > 1.2 * float(d):
            return float(d1 + d2) / 1000.0
    return float(d) / 1000.0


def _clip_geoms(
    geoms: Sequence[BaseGeometry], box: tuple[float, float, float, float], frame: float
) -> list[BaseGeometry]:
    import shapely

    lon0, lon1, lat0, lat1 = box
    arr = np.array(list(geoms), dtype=object)
    if not len(arr):
        return []
    clipped = shapely.clip_by_rect(arr, lon0, lat0, lon1, lat1)
    clipped = clipped[~shapely.is_empty(clipped)]
    return [_to_src(g, frame) for g in clipped]


def _pre_project(ctx: _Ctx, geoms: Sequence[BaseGeometry]) -> list[BaseGeometry]:
    """Project source-CRS geometries point by point into the map projection.

    The geometries are already clipped to the visible box (plus a margin) in
    lon/lat and densely sampled, so projecting their vertices is exact enough
    and much faster than cartopy's general polygon projection; it also cannot
    turn a polygon inside out. Parts that leave the projection's domain are
    dropped (rare: only for whole-hemisphere views).
    """
    import shapely

    def fwd(xy: np.ndarray) -> np.ndarray:
        return ctx.proj.transform_points(ctx.src, xy[:, 0], xy[:, 1])[:, :2]

    out = []
    for g in geoms:
        pg = shapely.transform(g, fwd)
        if not np.all(np.isfinite(shapely.get_coordinates(pg))):
            continue
        if pg.geom_type.endswith("Polygon") and not pg.is_valid:
            pg = shapely.make_valid(pg)
        out.append(pg)
    return out


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
                geoms,
                crs=ctx.src,
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
    import matplotlib.patheffects as pe
    import shapely

    ax, c, th, spec = ctx.ax, ctx.theme.colors, ctx.theme, ctx.spec
    ctx.obstacles = []  # display-space polylines (arcs)
    ctx.markers = []  # projected points with a radius (pt)
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
    _draw_capability(ctx)
    for site in spec.launches:
        if site.area is not None:
            geoms = _clip_geoms([site.area], ctx.clip, ctx.frame)
            ax.add_geometries(
                geoms,
                crs=ctx.src,
                facecolor="none",
                edgecolor=c.text,
                linewidth=0.6,
                linestyle=(0, (2, 1.5)),
                alpha=0.7,
                zorder=5,
            )
    for s in spec.shots:
        colour = c.shot(s.index)
        if s.impact_area is not None:
            geoms = _clip_geoms([s.impact_area], ctx.clip, ctx.frame)
            ax.add_geometries(
                geoms,
                crs=ctx.src,
                facecolor=colour,
                edgecolor="none",
                alpha=th.zone_alpha,
                zorder=5,
            )
            ax.add_geometries(
                geoms, crs=ctx.src, facecolor="none", edgecolor=colour, linewidth=0.7, zorder=5.1
            )
    _draw_overflights(ctx)
    halo = [pe.Stroke(linewidth=th.arc_width + 1.6, foreground=c.halo), pe.Normal()]
    for s in spec.shots:
        colour = c.shot(s.index)
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
            p = _project(
                ctx.proj, ctx.src, np.array([s.impact_lon]), np.array([s.impact_lat]), ctx.frame
            )[0]
            ax.plot(
                p[0],
                p[1],
                marker="X",
                markersize=6,
                color=c.impact,
                markeredgecolor=c.halo,
                markeredgewidth=0.8,
                zorder=7,
                gid="impact",
            )
            ctx.markers.append((p, 5.0))
    for lm in spec.landmarks if not spec.small_scale else ():
        p = _project(ctx.proj, ctx.src, np.array([lm.lon]), np.array([lm.lat]), ctx.frame)[0]
        ax.plot(
            p[0],
            p[1],
            marker="s",
            markersize=4,
            color=c.halo,
            markeredgecolor=c.text,
            markeredgewidth=0.8,
            zorder=7,
            gid="landmark",
        )
        ctx.markers.append((p, 4.0))
    for site in spec.launches:
        p = _project(ctx.proj, ctx.src, np.array([site.lon]), np.array([site.lat]), ctx.frame)[0]
        ax.plot(
            p[0],
            p[1],
            marker="^",
            markersize=7.5,
            color=c.launch,
            markeredgecolor=c.halo,
            markeredgewidth=0.9,
            zorder=8,
            gid="launch",
        )
        ctx.markers.append((p, 6.0))


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


def _legend(fig: Figure, ctx: _Ctx, y: float) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    c, th, spec = ctx.theme.colors, ctx.theme, ctx.spec
    handles = [
        Line2D(
            [],
            [],
            marker="^",
            linestyle="none",
            color=c.launch,
            markeredgecolor=c.halo,
            markersize=6,
            label=LEGEND["launch_site"],
        )
    ]
    if any(s.has_direction for s in spec.shots):
        handles.append(Line2D([], [], color=c.shot(0), linewidth=th.arc_width, label=LEGEND["arc"]))
    if any(s.impact_area is not None for s in spec.shots):
        handles.append(
            Patch(
                facecolor=c.shot(0),
                alpha=th.zone_alpha + 0.1,
                edgecolor=c.shot(0),
                label=LEGEND["impact_area"],
            )
        )
    if any(s.impact_reported for s in spec.shots):
        handles.append(
            Line2D(
                [],
                [],
                marker="X",
                linestyle="none",
                color=c.impact,
                markersize=5,
                label=LEGEND["reported_impact"],
            )
        )
    if any(z.kind == "eez" for z in spec.zones):
        handles.append(
            Line2D(
                [],
                [],
                color=c.eez,
                linewidth=th.eez_width,
                linestyle=(0, (5, 2.5)),
                label=LEGEND["eez"],
            )
        )
    if any(z.kind != "eez" for z in spec.zones):
        handles.append(
            Patch(facecolor="none", edgecolor=c.overlap, hatch="/////", label=LEGEND["overlap"])
        )
    if spec.rings:
        handles.append(
            Line2D(
                [], [], color=c.ring, linewidth=0.8, linestyle=(0, (1.2, 1.6)), label=LEGEND["ring"]
            )
        )
    if any(not k.is_global for k in spec.capability):
        handles.append(
            Line2D(
                [],
                [],
                color=c.capability,
                linewidth=1.4,
                linestyle=CAPABILITY_DASH,
                label=LEGEND["capability"],
            )
        )
    if spec.overflights:
        import matplotlib.patheffects as pe

        handles.append(
            Line2D(
                [],
                [],
                color=c.overflight,
                linewidth=th.arc_width + 2.5,
                solid_capstyle="butt",
                path_effects=[
                    pe.Stroke(linewidth=th.arc_width + 3.5, foreground=c.text),
                    pe.Normal(),
                ],
                label=LEGEND["overflight"],
            )
        )
    w_in = fig.get_size_inches()[0]
    leg = fig.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(_MARGIN_IN / w_in - 0.006, y),
        ncols=len(handles),
        frameon=False,
        fontsize=th.small_size,
        labelcolor=c.text,
        handlelength=1.6,
        handletextpad=0.4,
        columnspacing=1.0,
        borderaxespad=0.0,
        borderpad=0.0,
    )
    leg.set_gid("legend")
    renderer = fig.canvas.get_renderer()
    if leg.get_window_extent(renderer).width > fig.bbox.width * 0.98:
        leg.remove()
        leg = fig.legend(
            handles=handles,
            loc="lower left",
            bbox_to_anchor=(_MARGIN_IN / w_in - 0.006, y),
            ncols=math.ceil(len(handles) / 2),
            frameon=False,
            fontsize=th.small_size * 0.9,
            labelcolor=c.text,
            handlelength=1.4,
            handletextpad=0.3,
            columnspacing=0.8,
            borderaxespad=0.0,
            borderpad=0.0,
        )
        leg.set_gid("legend")


# --------------------------------------------------------------------------- furniture
def _nice_km(target: float) -> float:
    best = _NICE_KM[0]
    for v in _NICE_KM:
        if v <= target:
            best = v
    return float(best)


def _corner_load(ctx: _Ctx, frac_w: float, frac_h: float) -> dict[str, int]:
    """How many content points fall in each corner box (axes fractions)."""
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
    allp = allp[np.all(np.isfinite(allp), axis=1)]
    boxes = {
        "upper right": (1 - frac_w, 1 - frac_h, 1, 1),
        "upper left": (0, 1 - frac_h, frac_w, 1),
        "lower right": (1 - frac_w, 0, 1, frac_h),
        "lower left": (0, 0, frac_w, frac_h),
    }
    out = {}
    for k, (x0, y0, x1, y1) in boxes.items():
        inside = (allp[:, 0] >= x0) & (allp[:, 0] <= x1) & (allp[:, 1] >= y0) & (allp[:, 1] <= y1)
        out[k] = int(inside.sum())
    return out


def _draw_furniture(fig: Figure, ctx: _Ctx, inset: bool) -> list[Any]:
    """Scale bar and inset in the emptiest corners; returns their display boxes."""
    ax = ctx.ax
    reserved = []
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
    reserved.append(_scale_bar(fig, ctx, bar_corner))
    if inset_corner is not None:
        reserved.append(_inset(fig, ctx, inset_corner, fw_ax, fh_ax))
    return reserved


def _scale_bar(fig: Figure, ctx: _Ctx, corner: str) -> Any:
    """Draw a true scale bar (geodesic at the map's centre); return its display box."""
    from matplotlib.patches import Rectangle
    from matplotlib.transforms import Bbox

    from trajgeo.geo import geodesy

    ax, c, th = ctx.ax, ctx.theme.colors, ctx.theme
    xl, yl = ax.get_xlim(), ax.get_ylim()
    cx, cy = (xl[0] + xl[1]) / 2, (yl[0] + yl[1]) / 2
    ll = ctx.src.transform_points(ctx.proj, np.array([cx]), np.array([cy]))[0]
    lon, lat = float(ll[0]) + ctx.frame, float(ll[1])
    test_km = max(ctx.width_km / 10.0, 1.0)
    e_lon, e_lat = geodesy.destination(lon, lat, 90.0, test_km * 1000.0)
    p0 = ax.transData.transform((cx, cy))
    p1 = ax.transData.transform(
        _project(ctx.proj, ctx.src, np.array([float(e_lon)]), np.array([float(e_lat)]), ctx.frame)[
            0
        ]
    )
    px_per_km = float(np.hypot(*(p1 - p0))) / test_km
    if not math.isfinite(px_per_km) or px_per_km <= 0:
        return Bbox([[0, 0], [0, 0]])
    ax_w_px = ax.bbox.width
    length_km = _nice_km(0.22 * ax_w_px / px_per_km)
    length_px = length_km * px_per_km
    pad = 8.0 * ctx.size.dpi / 72.0
    bar_h = 3.2 * ctx.size.dpi / 72.0
    text_h = th.small_size * 1.3 * ctx.size.dpi / 72.0
    right = corner.endswith("right")
    top = corner.startswith("upper")
    x0 = ax.bbox.x1 - pad - length_px - 12 if right else ax.bbox.x0 + pad + 4
    y0 = ax.bbox.y1 - pad - bar_h - text_h if top else ax.bbox.y0 + pad
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
    ty = y0 + bar_h + 1.5
    for k, val in enumerate((0.0, length_km / 2, length_km)):
        if k == 1 and half < th.small_size * 7.0 * ctx.size.dpi / 72.0:
            continue  # a short bar: its middle figure would run into the others
        t = f"{val:,.0f}" if val != length_km else f"{val:,.0f} km"
        if k == 1 and length_km % 2:
            t = f"{val:,.1f}".rstrip("0").rstrip(".")
        pos = inv.transform((x0 + k * half, ty))
        _halo_text(
            fig,
            pos[0],
            pos[1],
            t,
            ctx.theme,
            transform=fig.transFigure,
            fontsize=th.small_size,
            color=c.text,
            ha="center" if k else "left",
            va="bottom",
            zorder=31,
            width=2.0,
        )
    note = ""
    if ctx.width_km > 2500:
        note = "scale true at the map's centre"
    if note:
        pos = inv.transform((x0, y0 - 1.5))
        if top:
            _halo_text(
                fig,
                pos[0],
                pos[1],
                note,
                ctx.theme,
                transform=fig.transFigure,
                fontsize=th.small_size * 0.85,
                color=c.muted,
                ha="left",
                va="top",
                zorder=31,
                width=2.0,
            )
    ctx.scale_km = length_km
    ctx.scale_px = length_px
    ctx.scale_centre = (lon, lat)
    return Bbox([[x0 - 4, y0 - 4], [x0 + length_px + 30, y0 + bar_h + text_h + 4]])


def _inset(fig: Figure, ctx: _Ctx, corner: str, fw_ax: float, fh_ax: float) -> Any:
    """Return a locator globe in a corner, with the main map's outline; return its display box."""
    import cartopy.crs as ccrs
    import shapely

    from trajgeo.geo.impact import disc
    from trajgeo.maps.basemap import load_basemap

    ax, c = ctx.ax, ctx.theme.colors
    xl, yl = ax.get_xlim(), ax.get_ylim()
    cx, cy = (xl[0] + xl[1]) / 2, (yl[0] + yl[1]) / 2
    ll = ctx.src.transform_points(ctx.proj, np.array([cx]), np.array([cy]))[0]
    lon, lat = float(ll[0]) + ctx.frame, float(ll[1])
    lat = max(min(lat, 70.0), -70.0) if ctx.width_km < 6000 else lat
    lon_n = (lon + 180.0) % 360.0 - 180.0
    ortho = ccrs.Orthographic(central_longitude=lon_n, central_latitude=lat)
    pos = ax.get_position(original=True)
    w, h = fw_ax * pos.width, fh_ax * pos.height
    padx = 0.012 * pos.width / pos.width
    pady = padx * pos.width / pos.height * (fig.get_size_inches()[0] / fig.get_size_inches()[1])
    x0 = pos.x1 - w - padx if corner.endswith("right") else pos.x0 + padx
    y0 = (
        pos.y1 - h - pady * pos.height if corner.startswith("upper") else pos.y0 + pady * pos.height
    )
    iax = fig.add_axes([x0, y0, w, h], projection=ortho, zorder=40)
    iax.set_gid("inset")
    iax.set_global()
    iax.set_facecolor(c.sea)
    iax.spines["geo"].set_edgecolor(c.muted)
    iax.spines["geo"].set_linewidth(0.6)
    # land on the visible hemisphere only (clipped in lon/lat: never inside out)
    hemi = disc(lon_n, lat, 9_800e3, max_segment_m=200e3)
    bm = load_basemap((-180.0, 180.0, -90.0, 90.0), "110m", labels=False)
    src0 = ccrs.PlateCarree()
    shapely.prepare(hemi)
    land = [g.intersection(hemi) for g in bm.land if g.intersects(hemi)]
    land = [g for g in land if not g.is_empty]
    if land:
        iax.add_geometries(land, crs=src0, facecolor=c.land, edgecolor=c.coastline, linewidth=0.25)
    # outline of the main map
    n = 40
    bx = np.concatenate(
        [
            np.linspace(*xl, n),
            np.full(n, xl[1]),
            np.linspace(*xl, n)[::-1],
            np.full(n, xl[0]),
            [xl[0]],
        ]
    )
    by = np.concatenate(
        [
            np.full(n, yl[0]),
            np.linspace(*yl, n),
            np.full(n, yl[1]),
            np.linspace(*yl, n)[::-1],
            [yl[0]],
        ]
    )
    pts = ortho.transform_points(ctx.proj, bx, by)[:, :2]
    pts[~np.all(np.isfinite(pts), axis=1)] = np.nan
    iax.plot(pts[:, 0], pts[:, 1], color=c.inset_frame, linewidth=1.0, zorder=5, gid="inset-frame")
    r = fig.canvas.get_renderer()
    return iax.get_window_extent(r)


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


def _place_labels(fig: Figure, ctx: _Ctx, reserved: list[Any]) -> None:
    """Greedy label placement with box tests in display space."""
    from shapely.geometry import LineString, MultiLineString
    from shapely.geometry import box as sbox

    ax, th, spec = ctx.ax, ctx.theme, ctx.spec
    renderer = fig.canvas.get_renderer()
    dpi = ctx.size.dpi
    pt = dpi / 72.0
    axb = ax.bbox
    inner = sbox(axb.x0 + 2 * pt, axb.y0 + 2 * pt, axb.x1 - 2 * pt, axb.y1 - 2 * pt)
    lines = [LineString(ax.transData.transform(o)) for o in ctx.obstacles if len(o) > 1]
    arcs = MultiLineString(lines) if lines else None
    soft = _soft_lines(ctx)
    soft_own = _soft_lines(ctx, capability=False)  # a capability label may cross its band
    placed: list[Any] = [sbox(b.x0, b.y0, b.x1, b.y1) for b in reserved if b.width > 0]
    hard_marks = []
    for p, r in ctx.markers:
        d = ax.transData.transform(p)
        if np.all(np.isfinite(d)):
            hard_marks.append(sbox(d[0] - r * pt, d[1] - r * pt, d[0] + r * pt, d[1] + r * pt))
    placed.extend(hard_marks)
    ctx.placed_labels = []
    labels = sorted(spec.labels, key=lambda lb: lb.priority)
    for lb in labels:
        style = _label_style(lb, th)
        probe = ax.text(0, 0, lb.text, transform=None, **style)
        ext = probe.get_window_extent(renderer)
        probe.remove()
        w, h = ext.width + 2 * pt, ext.height + 1 * pt
        best = None
        for k, (lon, lat) in enumerate(lb.anchors):
            p = _project(ctx.proj, ctx.src, np.array([lon]), np.array([lat]), ctx.frame)[0]
            d = ax.transData.transform(p)
            if not np.all(np.isfinite(d)):
                continue
            if lb.role in ("zone", "overlap") and not inner.buffer(-12 * pt).contains(
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
                hard = 0
                if not inner.contains(bb):
                    hard += 100
                hard += sum(10 for q in placed if q.intersects(bb))
                if arcs is not None and arcs.intersects(bb):
                    hard += 20
                # a capability label may cross its own band; an overflight label, with
                # its halo, the dashed lines around the stretch it names
                lines_near = (
                    soft_own
                    if lb.role == "capability"
                    else None
                    if lb.role == "overflight"
                    else soft
                )
                cost = (
                    hard
                    + (3 if lines_near is not None and lines_near.intersects(bb) else 0)
                    + 0.02 * k
                    + 0.001 * math.hypot(*off[:2]) / pt
                )
                cost += 2.0 * abs(angle) / 90.0  # level text reads best
                if best is None or cost < best[0]:
                    best = (cost, cx, cy, bb, angle)
                if cost < 1.0:
                    break
            if best is not None and best[0] < 1.0:
                break
        if best is None:
            continue
        cost, cx, cy, bb, angle = best
        if cost >= 10 and not lb.required:
            continue
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
    _country_labels(fig, ctx, placed, inner, arcs)


def _label_style(lb: Any, th: Theme) -> dict[str, Any]:
    c = th.colors
    if lb.role == "launch":
        return {"fontsize": th.label_size, "fontweight": "bold", "color": c.text}
    if lb.role == "distance":
        return {"fontsize": th.label_size, "fontweight": "bold", "color": c.shot(lb.shot or 0)}
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
            out = []
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
    renderer = fig.canvas.get_renderer()
    pt = ctx.size.dpi / 72.0
    style = {"fontsize": th.small_size, "color": th.colors.muted, "fontweight": "normal"}
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


# --------------------------------------------------------------------------- output
def _format(path: str | Path, fmt: str | None) -> str:
    fmt = (fmt or Path(str(path)).suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise InputError(
            "unknown image format", field="output", value=str(path), allowed=".png, .svg, .pdf"
        )
    return fmt


def save_figure(
    fig: Figure, path: str | Path, fmt: str | None = None, dpi: float | None = None
) -> None:
    """Write a figure atomically, with stable metadata (a failed save leaves no file).

    Parameters
    ----------
    fig
        A figure from :func:`render`.
    path
        Output path; its extension picks the format unless ``fmt`` is given.
    fmt
        ``png``, ``svg`` or ``pdf``.
    dpi
        Override the figure's own dpi (PNG only).
    """
    import matplotlib

    from trajgeo.io.atomic import atomic_path

    fmt = _format(path, fmt)
    meta: dict[str, Any] = {
        "png": {"Software": "trajgeo"},
        "svg": {"Date": None, "Creator": "trajgeo"},
        "pdf": {"CreationDate": None, "ModDate": None, "Creator": "trajgeo", "Producer": "trajgeo"},
    }[fmt]
    with matplotlib.rc_context(RC), atomic_path(path) as tmp:
        try:
            fig.savefig(
                tmp, format=fmt, dpi=dpi or fig.dpi, metadata=meta, facecolor=fig.get_facecolor()
            )
        except (OSError, ValueError, RuntimeError) as exc:
            raise RenderError(f"cannot write {path}: {exc}") from exc


def write_map(
    spec: MapSpec,
    path: str | Path,
    *,
    theme: str | Theme | None = None,
    size: str | Size = "web",
    inset: bool = True,
) -> Figure:
    """Render a spec and write it to ``path`` (PNG, SVG or PDF by extension).

    Returns
    -------
    matplotlib.figure.Figure
        The figure written.
    """
    _format(path, None)
    fig = render(spec, theme=theme, size=size, inset=inset)
    save_figure(fig, path)
    return fig
