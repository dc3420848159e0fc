"""The state and helpers shared by the static-map modules: projections, text, the view."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from trajgeo.errors import InputError, RenderError
from trajgeo.maps.style import Size, Theme

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from trajgeo.maps.spec import MapSpec


__all__ = [
    "FORMATS",
    "RC",
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
    "text.parse_math": False,  # text from event files and options is never read as $math$
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
    # + 0.0 turns -0.0 into 0.0: PROJ refuses "+pm=-0.0" (issue 15)
    return ccrs.PlateCarree(central_longitude=spec.central_lon + 0.0)


def _source_crs(spec: MapSpec) -> Any:
    import cartopy.crs as ccrs

    # + 0.0 turns -0.0 into 0.0: PROJ refuses "+pm=-0.0" (issue 15)
    return ccrs.PlateCarree(central_longitude=spec.central_lon + 0.0)


def _to_src(geom: BaseGeometry, frame: float) -> BaseGeometry:
    import shapely

    return shapely.transform(geom, lambda xy: xy - (frame, 0.0))


def _project(proj: Any, src: Any, lon: np.ndarray, lat: np.ndarray, frame: float) -> np.ndarray:
    out = proj.transform_points(src, np.asarray(lon, float) - frame, np.asarray(lat, float))
    return out[:, :2]


# --------------------------------------------------------------------------- text helpers
#: A number and the unit after it stay on one line ("98 %", "350 km", "12 NM").
_NUMBER_UNIT = re.compile(r"(\d) (%|km\b|NM\b|min\b)")


def _wrap(text: str, width_in: float, size_pt: float) -> str:
    chars = max(20, int(width_in * 72.0 / (size_pt * 0.57)))
    if not text:
        return ""
    kept = _NUMBER_UNIT.sub("\\1\u00a0\\2", text)
    return "\n".join(textwrap.wrap(kept, chars)).replace("\u00a0", " ")


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
    """The state of one render, filled in step by step (private to the static-map modules)."""

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
    placed_labels: list[Any] = field(default_factory=list)
    #: texts of labels that found no free room (named in the footnote)
    unplaced: list[str] = field(default_factory=list)


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


def _in_map(ctx: _Ctx, geoms: Sequence[BaseGeometry]) -> list[BaseGeometry]:
    """Project lon/lat geometries into the map as cartopy's artist would at draw time.

    The same call cartopy makes (``project_geometry``, which follows edges
    and cuts at the projection's boundary), made once here: an area drawn as
    a fill and an outline is projected once, and artists given geometries in
    the map's own projection do not each work out the view's extent in
    lon/lat when they draw (a few ms each). Identical paths, identical pixels.
    """
    return [ctx.proj.project_geometry(g, ctx.src) for g in geoms]


def _outlines_in_map(
    ctx: _Ctx, geoms: Sequence[BaseGeometry], projected: Sequence[BaseGeometry]
) -> list[BaseGeometry]:
    """Return the outlines to draw of source-CRS polygons, given ``projected`` (:func:`_in_map`).

    An area round a pole is cut in lon/lat where the frame ends (±180° in the
    source CRS, where it goes on across) and closed along the pole's latitude
    (one point on the Earth). Those edges are no edge of the area: its
    outline is drawn without them. Any other polygon's outline is its
    projected polygon, unchanged.
    """
    out = []
    for g, pg in zip(geoms, projected, strict=True):
        lines = _open_cuts(g) if g.geom_type.endswith("Polygon") else None
        out.append(pg if lines is None else ctx.proj.project_geometry(lines, ctx.src))
    return out


def _open_cuts(geom: BaseGeometry) -> BaseGeometry | None:
    """Return a polygon's boundary without its cuts at ±180° and the poles, or ``None`` if none."""
    import shapely

    tol = 1e-7
    segments: list[np.ndarray] = []
    cut = False
    for ring in shapely.get_rings(shapely.get_parts(geom)):
        xy = shapely.get_coordinates(ring)
        a, b = xy[:-1], xy[1:]
        pole = (np.abs(a[:, 1]) >= 90.0 - tol) & (np.abs(b[:, 1]) >= 90.0 - tol)
        seam = (np.abs(np.abs(a[:, 0]) - 180.0) <= tol) & (np.abs(b[:, 0] - a[:, 0]) <= tol)
        if seam.any():
            # a cut only where the area goes on across, at the frame's other end
            y = (a[seam, 1] + b[seam, 1]) / 2.0
            seam[seam] = shapely.intersects_xy(geom, -np.sign(a[seam, 0]) * (180.0 - 1e-6), y)
        drop = pole | seam
        cut = cut or bool(drop.any())
        segments.extend(np.stack([a[~drop], b[~drop]], axis=1))
    if not cut:
        return None
    return shapely.line_merge(shapely.MultiLineString(segments))


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
