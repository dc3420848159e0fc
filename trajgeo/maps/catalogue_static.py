"""The static catalogue map: every missile's estimated impact on one cartopy map.

The markers carry no per-event text, so that 50 events stay legible: the key
(a year colour bar, or a verdict legend with counts) and the HTML page's
tooltips (:mod:`trajgeo.maps.catalogue_html`) say which is which.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from trajgeo.errors import InputError
from trajgeo.maps.catalogue import (
    _SHAPES,
    _STATIC_SUFFIXES,
    _YEAR_CMAP,
    VERDICTS,
    Catalogue,
    _colours,
    _extent,
    _footer,
    _geo_lines,
    _subtitle,
    _title,
    _to_frame,
    parse_colour_by,
)

if TYPE_CHECKING:
    pass

__all__ = ["catalogue_figure", "catalogue_map"]


def _projection(box: tuple[float, float, float, float]) -> Any:
    import cartopy.crs as ccrs

    lon0, lon1, lat0, lat1 = box
    span = lat1 - lat0
    parallels = (lat0 + span / 6.0, lat1 - span / 6.0)
    if (lat0 + lat1) / 2.0 < 0:
        parallels = (min(parallels), max(parallels))
    return ccrs.LambertConformal(
        central_longitude=(lon0 + lon1) / 2.0,
        central_latitude=(lat0 + lat1) / 2.0,
        standard_parallels=parallels,
        cutoff=-80 if (lat0 + lat1) / 2.0 >= 0 else 80,
    )


def _projector(proj: Any) -> Any:
    """Return ``f(geometry or (n, 2) array)`` projecting lon/lat into ``proj``, point by point."""
    import cartopy.crs as ccrs
    import shapely

    src = ccrs.Geodetic()

    def xy(arr: np.ndarray) -> np.ndarray:
        arr = np.asarray(arr, dtype=float)
        if not len(arr):
            return arr.reshape(0, 2)
        return np.asarray(proj.transform_points(src, arr[:, 0], arr[:, 1])[:, :2])

    def project(obj: Any) -> Any:
        if isinstance(obj, np.ndarray):
            return xy(obj)
        return shapely.transform(obj, xy)

    return project


def _box_xy(project: Any, box: tuple[float, float, float, float]) -> tuple[float, ...]:
    lon0, lon1, lat0, lat1 = box
    t = np.linspace(0.0, 1.0, 40)
    edge = np.concatenate(
        [
            np.c_[lon0 + (lon1 - lon0) * t, np.full_like(t, lat0)],
            np.c_[lon0 + (lon1 - lon0) * t, np.full_like(t, lat1)],
            np.c_[np.full_like(t, lon0), lat0 + (lat1 - lat0) * t],
            np.c_[np.full_like(t, lon1), lat0 + (lat1 - lat0) * t],
        ]
    )
    p = project(edge)
    return float(p[:, 0].min()), float(p[:, 0].max()), float(p[:, 1].min()), float(p[:, 1].max())


def _view_box(
    proj: Any, rect: Sequence[float], lon_ref: float
) -> tuple[float, float, float, float]:
    """Return the lon/lat box (in a frame around ``lon_ref``) that covers the map's rectangle."""
    import cartopy.crs as ccrs

    x0, x1, y0, y1 = rect
    t = np.linspace(0.0, 1.0, 60)
    xs = np.concatenate(
        [x0 + (x1 - x0) * t, x0 + (x1 - x0) * t, np.full_like(t, x0), np.full_like(t, x1)]
    )
    ys = np.concatenate(
        [np.full_like(t, y0), np.full_like(t, y1), y0 + (y1 - y0) * t, y0 + (y1 - y0) * t]
    )
    ll = ccrs.Geodetic().transform_points(proj, xs, ys)
    ok = np.isfinite(ll[:, 0]) & np.isfinite(ll[:, 1])
    lons = lon_ref + ((ll[ok, 0] - lon_ref + 180.0) % 360.0 - 180.0)
    lats = ll[ok, 1]
    return (
        float(lons.min()) - 1.0,
        float(lons.max()) + 1.0,
        max(-90.0, float(lats.min()) - 1.0),
        min(90.0, float(lats.max()) + 1.0),
    )


def _wrap(text: str, width_in: float, size_pt: float) -> str:
    import textwrap

    chars = max(20, int(width_in * 72.0 / (0.52 * size_pt)))
    return "\n".join(textwrap.wrap(text, chars))


def _draw_base(ax: Any, cat: Catalogue, box: Any, project: Any, th: Any) -> list[Any]:
    """Land, coast, borders and the claimed zones' limits; return legend handles."""
    import shapely
    from matplotlib.lines import Line2D

    from trajgeo.maps.basemap import load_basemap

    pal = th.colors
    bm = load_basemap(box, "auto", labels=False)
    land = [project(g) for g in bm.land]
    ax.add_geometries(land, crs=ax.projection, facecolor=pal.land, edgecolor="none", zorder=1)
    lines = [project(g) for g in (*bm.coastline,)]
    ax.add_geometries(
        lines,
        crs=ax.projection,
        facecolor="none",
        edgecolor=pal.coastline,
        linewidth=th.coast_width,
        zorder=1.2,
    )
    ax.add_geometries(
        [project(g) for g in bm.borders],
        crs=ax.projection,
        facecolor="none",
        edgecolor=pal.border,
        linewidth=th.border_width,
        linestyle=(0, (3, 2)),
        zorder=1.2,
    )
    handles: list[Any] = []
    lon0, lon1, lat0, lat1 = box
    land_union = shapely.union_all(list(bm.land)) if bm.land else None
    for label, geom in cat.zones:
        # the outline clipped (not the clipped polygon's outline: no line along the clip box)
        outline = _to_frame(geom, (lon0 + lon1) / 2.0).boundary
        limit = shapely.clip_by_rect(outline, lon0, lat0, lon1, lat1)
        if land_union is not None:  # the zone's coast is drawn already: only its sea limit
            limit = limit.difference(land_union.buffer(0.05))
        # drop the bits around islets the basemap does not draw (shorter than ~30 km)
        parts = [g for g in getattr(limit, "geoms", [limit]) if g.length > 0.3]
        if not parts:
            continue
        limit = shapely.MultiLineString(parts)
        ax.add_geometries(
            [project(shapely.segmentize(limit, 0.25))],
            crs=ax.projection,
            facecolor="none",
            edgecolor=pal.eez,
            linewidth=th.eez_width,
            linestyle=(0, (4, 2)),
            zorder=1.5,
        )
        handles.append(
            Line2D([], [], color=pal.eez, lw=th.eez_width, ls=(0, (4, 2)), label=f"{label} limit")
        )
    return handles


def _draw_entries(
    ax: Any, cat: Catalogue, colours: Sequence[str], project: Any, th: Any, colour_by: str
) -> None:
    """Draw the 95 % regions, launch-to-impact lines, launch sites and impact markers."""
    from matplotlib.collections import LineCollection

    pal = th.colors
    from matplotlib.colors import to_rgba

    placed = [i for i, e in enumerate(cat.entries) if e.impact is not None]
    for i, e in enumerate(cat.entries):
        if e.region_95 is None:
            continue
        ring = e.impact is None  # no direction: the region alone, dashed
        ax.add_geometries(
            [project(e.region_95)],
            crs=ax.projection,
            # faint: 50 overlapping regions must not hide the sea
            facecolor=to_rgba(colours[i], 0.0 if ring else 0.05),
            edgecolor=to_rgba(colours[i], 0.6 if ring else 0.35),
            linewidth=0.6 if ring else 0.4,
            linestyle=(0, (3, 2)) if ring else "-",
            zorder=2,
            gid="region-only" if ring else "region",
        )
    segs = [project(line) for line in _geo_lines(cat)]
    ax.add_collection(
        LineCollection(
            segs,
            colors=[colours[i] for i in placed],
            linewidths=0.5,
            alpha=0.6,
            zorder=3,
            gid="tracks",
        )
    )
    sites = np.unique(np.round([e.launch for e in cat.entries], 3), axis=0)
    s = project(sites)
    ax.scatter(
        s[:, 0],
        s[:, 1],
        marker="^",
        s=16,
        facecolor=pal.launch,
        edgecolor=pal.halo,
        linewidth=0.4,
        zorder=4,
        gid="launches",
    )
    groups: dict[str, list[int]] = {}
    for i in placed:
        key: str = cat.entries[i].verdict if colour_by == "verdict" else "all"
        groups.setdefault(key, []).append(i)
    for key, idx in groups.items():
        xy = project(np.array([cat.entries[i].impact for i in idx]))
        ax.scatter(
            xy[:, 0],
            xy[:, 1],
            s=26,
            marker=_SHAPES.get(key, "o"),
            c=[colours[i] for i in idx],
            edgecolor=pal.text,
            linewidth=0.45,
            zorder=5,
            gid=f"impacts-{key}",
        )


_LEGEND = {"frameon": False, "handletextpad": 0.4, "borderaxespad": 0.0, "borderpad": 0.0}


def _symbols(cat: Catalogue, pal: Any, extra: list[Any]) -> list[Any]:
    """Return the legend handles of the launch sites, regions and zone limits."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    out: list[Any] = [
        Line2D(
            [], [], ls="", marker="^", ms=4.5, mfc=pal.launch, mec=pal.halo, label="Launch site"
        ),
        Patch(facecolor="#777777", alpha=0.25, edgecolor="#777777", label="95 % region"),
    ]
    if cat.region_only:
        out.append(
            Patch(
                facecolor="none",
                edgecolor="#555555",
                linestyle=(0, (3, 2)),
                label="95 % region, no direction reported",
            )
        )
    return out + extra


def _verdict_legend(
    fig: Any, rect: Sequence[float], cat: Catalogue, th: Any, symbols: list[Any]
) -> None:
    """Draw the verdicts (shape, colour, count) and the symbols in one legend."""
    from matplotlib.lines import Line2D

    x, y, _w, h = rect
    shown = cat.placed + cat.region_only
    counts = {k: sum(1 for e in shown if e.verdict == k) for k in VERDICTS}
    handles = [
        Line2D(
            [],
            [],
            ls="",
            marker=_SHAPES[k],
            ms=5.5,
            mfc=VERDICTS[k][1],
            mec=th.colors.text,
            mew=0.45,
            label=f"{VERDICTS[k][0]} ({n})",
        )
        for k, n in counts.items()
        if n
    ]
    leg = fig.legend(
        handles=handles + symbols,
        loc="upper left",
        bbox_to_anchor=(x, y + h),
        ncol=3,
        fontsize=th.small_size + 0.5,
        columnspacing=1.2,
        **_LEGEND,
    )
    for t in leg.get_texts():
        t.set_color(th.colors.text)


def _year_key(
    fig: Any, rect: Sequence[float], cat: Catalogue, norm: Any, th: Any, symbols: list[Any]
) -> None:
    """Draw the year colour bar, and the symbols' legend beside it."""
    import matplotlib as mpl

    pal = th.colors
    x, y, w, h = rect
    fs = th.small_size + 0.5
    cax = fig.add_axes([x, y + h * 0.55, w * 0.5, h * 0.18])
    y0, y1 = cat.years or (2000, 2000)
    step = 1 if y1 - y0 <= 12 else 2 if y1 - y0 <= 24 else 5
    cb = fig.colorbar(
        mpl.cm.ScalarMappable(norm=norm, cmap=_YEAR_CMAP),
        cax=cax,
        orientation="horizontal",
        ticks=list(range(y0, y1 + 1, step)),
    )
    cb.ax.tick_params(labelsize=fs, length=2, colors=pal.text)
    cb.ax.xaxis.set_major_formatter(mpl.ticker.FormatStrFormatter("%d"))
    cb.ax.minorticks_off()
    cb.outline.set_linewidth(0.4)
    cb.set_label("Year of launch", fontsize=fs, color=pal.text, labelpad=2)
    leg = fig.legend(
        handles=symbols,
        loc="upper right",
        bbox_to_anchor=(x + w, y + h),
        ncol=1,
        fontsize=fs,
        **_LEGEND,
    )
    for t in leg.get_texts():
        t.set_color(pal.text)


def _texts(
    fig: Any,
    cat: Catalogue,
    colour_by: str,
    title: str | None,
    th: Any,
    footer: str,
    where: tuple[float, float, float, float],
) -> None:
    """Write the title, the subtitle and the footer (``where``: x, top, footer top, height; in)."""
    x_in, top, foot_top, h = where
    w = fig.get_figwidth()
    pal = th.colors
    common = {"ha": "left", "va": "top"}
    fig.text(
        x_in / w,
        1 - top / h,
        title or _title(cat),
        fontsize=th.title_size,
        fontweight="bold",
        color=pal.text,
        gid="title",
        **common,
    )
    fig.text(
        x_in / w,
        1 - (top + th.title_size * 1.5 / 72.0) / h,
        _subtitle(cat, colour_by),
        fontsize=th.subtitle_size,
        color=pal.muted,
        gid="subtitle",
        **common,
    )
    fig.text(
        x_in / w,
        foot_top / h,
        footer,
        fontsize=th.small_size,
        color=pal.muted,
        linespacing=1.35,
        gid="footer",
        **common,
    )


def _key_height(cat: Catalogue, colour_by: str, th: Any) -> float:
    """Return the height (inches) the key needs."""
    if colour_by != "verdict":
        return 0.7
    shown = cat.placed + cat.region_only
    rows = math.ceil((len({e.verdict for e in shown}) + 3 + bool(cat.zones)) / 3)
    return rows * (th.small_size + 0.5) * 1.9 / 72.0


def catalogue_figure(
    cat: Catalogue,
    *,
    colour_by: str = "year",
    theme: Any = None,
    title: str | None = None,
    width_in: float = 7.0,
    dpi: float = 200.0,
) -> Any:
    """Draw a catalogue on a static map and return the matplotlib figure.

    Parameters
    ----------
    cat
        The catalogue (:func:`build_catalogue`).
    colour_by
        ``"year"`` (cividis, colour-blind safe) or ``"verdict"`` (Okabe–Ito).
    theme
        A theme name, file or :class:`~trajgeo.maps.style.Theme`.
    title
        Replaces the default title.
    width_in, dpi
        Figure width in inches and resolution.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from trajgeo.maps.style import load_theme

    colour_by = parse_colour_by(colour_by)
    if not cat.entries:
        raise InputError("the catalogue has no missile to map", field="events")
    th = load_theme(theme)
    pal = th.colors
    lon_ref = float(np.median([e.launch[0] for e in cat.entries]))
    box = _extent(cat, lon_ref)
    proj = _projection(box)
    project = _projector(proj)
    x0, x1, y0, y1 = _box_xy(project, box)
    m = 0.3
    map_w = width_in - 2 * m
    map_h = min(map_w * (y1 - y0) / (x1 - x0), 1.15 * map_w)
    footer = _wrap(_footer(cat), map_w, th.small_size)
    foot_h = (footer.count("\n") + 1) * th.small_size * 1.35 / 72.0
    key_h = _key_height(cat, colour_by, th)
    head_h = (th.title_size + th.subtitle_size) * 1.5 / 72.0 + 0.12
    h = m + head_h + map_h + 0.12 + key_h + 0.1 + foot_h + m * 0.7
    fig = plt.figure(figsize=(width_in, h), dpi=dpi, facecolor=pal.background)
    ax = fig.add_axes(  # type: ignore[call-overload]
        [m / width_in, (h - m - head_h - map_h) / h, map_w / width_in, map_h / h], projection=proj
    )
    yc, half = (y0 + y1) / 2.0, map_h / map_w * (x1 - x0) / 2.0
    ax.set_xlim(x0, x1)
    ax.set_ylim(yc - half, yc + half)
    ax.set_facecolor(pal.sea)
    ax.spines["geo"].set_linewidth(0.5)
    ax.spines["geo"].set_edgecolor(pal.muted)
    view = _view_box(proj, (x0, x1, yc - half, yc + half), lon_ref)
    symbols = _symbols(cat, pal, _draw_base(ax, cat, view, project, th))
    colours, norm = _colours(cat, colour_by)
    _draw_entries(ax, cat, colours, project, th, colour_by)
    key_top = h - m - head_h - map_h - 0.12
    rect = [m / width_in, (key_top - key_h) / h, map_w / width_in, key_h / h]
    if colour_by == "verdict":
        _verdict_legend(fig, rect, cat, th, symbols)
    else:
        _year_key(fig, rect, cat, norm, th, symbols)
    _texts(fig, cat, colour_by, title, th, footer, (m, m, key_top - key_h - 0.1, h))
    return fig


def catalogue_map(
    cat: Catalogue,
    path: str | Path,
    *,
    colour_by: str = "year",
    theme: Any = None,
    title: str | None = None,
) -> Path:
    """Write the static catalogue map to ``path`` (PNG, SVG or PDF, by its extension).

    See :func:`catalogue_figure` for the parameters. The file is written atomically.
    """
    import matplotlib.pyplot as plt

    from trajgeo.io.atomic import atomic_path

    path = Path(path)
    if path.suffix.lower() not in _STATIC_SUFFIXES:
        raise InputError(
            "unknown map format",
            source="command line",
            field="output",
            value=str(path),
            allowed="a .png, .svg, .pdf or .html file",
        )
    fig = catalogue_figure(cat, colour_by=colour_by, theme=theme, title=title)
    try:
        with atomic_path(path) as tmp:
            fig.savefig(
                tmp,
                dpi=fig.dpi,
                facecolor=fig.get_facecolor(),
                metadata=_metadata(path, title or _title(cat)),
            )
    finally:
        plt.close(fig)
    return path


def _metadata(path: Path, title: str) -> dict[str, str]:
    from trajgeo import __version__

    meta = {"Title": title}
    if path.suffix.lower() == ".svg":
        return meta
    meta["Software" if path.suffix.lower() == ".png" else "Creator"] = f"trajgeo {__version__}"
    return meta
