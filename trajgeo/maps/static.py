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
  with box tests in display space (adjustText breaks with cartopy). A label
  with no free room is named in a footnote, never overprinted;
  :mod:`trajgeo.maps.collisions` measures every text the renderer drew.
* **Text stays text in SVG** (``svg.fonttype = "none"``); halos are drawn as a
  separate path layer beneath each label. SVG and PDF output is stable for a
  given input (fixed hash salt, no dates).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trajgeo._optional import require
from trajgeo.errors import InputError, RenderError
from trajgeo.maps.style import Size, Theme, load_theme, resolve_size
from trajgeo.wording import FOOTER_CUT, UNPLACED_LABELS

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from trajgeo.maps.spec import MapSpec
from trajgeo.maps.canvas import (
    _MARGIN_IN,
    FORMATS,
    RC,
    _cartopy_projection,
    _Ctx,
    _fit_view,
    _source_crs,
    _wrap,
)
from trajgeo.maps.drawing import _draw_basemap, _draw_content, _draw_zones
from trajgeo.maps.furniture import _badge_box, _draw_furniture, _legend, _ScaleBar
from trajgeo.maps.placement import _place_labels

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
    unplaced
        Labels that found no free room: named in the footnote, not drawn.
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
    unplaced: tuple[str, ...] = ()


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
    th = load_theme(theme)
    sz = resolve_size(size) if isinstance(size, str) else size
    fig, ctx, bar = _draw_once(spec, th, sz, inset, resolution, ())
    named: tuple[str, ...] = ()
    for _ in range(_FOOTNOTE_PASSES):
        # a label that found no free room is named in a footnote, never overprinted;
        # the footnote takes room from the map, so lay the map out again with it, until
        # the labels it names are the ones left without room
        if not ctx.unplaced or tuple(ctx.unplaced) == named:
            break
        named = tuple(ctx.unplaced)
        fig, ctx, bar = _draw_once(spec, th, sz, inset, resolution, named)
    if tuple(ctx.unplaced) != named:
        _set_footnote(fig, ctx)
    layout = MapLayout(
        map_axes=ctx.ax,
        projection=ctx.proj,
        source_crs=ctx.src,
        frame=ctx.frame,
        clip_box=ctx.clip,
        width_km=ctx.width_km,
        resolution=None if ctx.basemap is None else ctx.basemap.resolution,
        scale_km=bar.length_km,
        scale_px=bar.length_px,
        scale_centre=bar.centre,
        labels=tuple((lb.text, lb.role, bb.bounds) for lb, bb in ctx.placed_labels),
        arcs_px=tuple(ctx.ax.transData.transform(o) for o in ctx.obstacles),
        unplaced=tuple(ctx.unplaced),
    )
    return StaticMap(fig, layout)


def _draw_once(
    spec: MapSpec, th: Theme, sz: Size, inset: bool, resolution: str, unplaced: tuple[str, ...]
) -> tuple[Figure, _Ctx, _ScaleBar]:
    """One full render; ``unplaced``: labels to name in the footnote."""
    import matplotlib
    from matplotlib.figure import Figure

    proj = _cartopy_projection(spec)
    ctx = _Ctx(spec, th, sz, proj, _source_crs(spec), spec.central_lon)
    with matplotlib.rc_context(RC | {"font.family": [th.font_family, "DejaVu Sans"]}):  # type: ignore[arg-type]
        fig = Figure(figsize=sz.inches, dpi=sz.dpi, facecolor=th.colors.background)
        fig.set_canvas(_canvas(fig))
        _layout(fig, ctx, unplaced)
        _draw_basemap(ctx, resolution)
        _draw_zones(ctx)
        _draw_content(ctx)
        furniture = _draw_furniture(fig, ctx, inset)
        reserved = list(furniture.boxes)
        if spec.badges:
            # the answer first: the badge takes its corner, the labels keep clear of it
            reserved.append(_badge_box(fig, ctx, reserved))
        _place_labels(fig, ctx, reserved)
    return fig, ctx, furniture.scale_bar


def _canvas(fig: Figure) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    return FigureCanvasAgg(fig)


#: Layouts tried at most for the footnote to name exactly the labels left without room.
_FOOTNOTE_PASSES = 3
#: At most this many unplaced labels are named; the rest are counted.
_FOOTNOTE_MAX = 6


def _footnote(unplaced: tuple[str, ...] | list[str]) -> str:
    """Name the labels with no room (a second line, the source, in brackets)."""
    names = [t.replace("\n", " (", 1) + ")" if "\n" in t else t for t in unplaced]
    names = [t.replace("\n", " ") for t in names]
    if len(names) > _FOOTNOTE_MAX:
        names = names[: _FOOTNOTE_MAX - 1] + [f"{len(names) - _FOOTNOTE_MAX + 1} more"]
    return UNPLACED_LABELS.format(labels="; ".join(names)) if names else ""


def _set_footnote(fig: Figure, ctx: _Ctx) -> None:
    """Name the labels of the final layout that found no room (a rare second change)."""
    th = ctx.theme
    w_in = ctx.size.inches[0]
    for t in fig.texts:
        if t.get_gid() == "footnote":
            t.set_text(_wrap(_footnote(ctx.unplaced), w_in - 2 * _MARGIN_IN, th.small_size))


def _footer_text(ctx: _Ctx, text_w: float) -> str:
    """Wrap the methods footer, cut short so that it never takes over a fifth of the image."""
    th = ctx.theme
    footer = _wrap(ctx.spec.footer, text_w, th.small_size)
    max_lines = max(3, int(0.2 * ctx.size.inches[1] * 72.0 / (th.small_size * 1.28)))
    lines = footer.split("\n")
    if len(lines) <= max_lines:
        return footer
    kept = _wrap(" ".join(lines[: max_lines - 1]), text_w, th.small_size).split("\n")
    return "\n".join(kept[: max_lines - 1] + [_wrap(FOOTER_CUT, text_w, th.small_size)])


def _stack_text(fig: Figure, ctx: _Ctx, y_in: float, text: str, gid: str, **kw: Any) -> float:
    """Draw one block of the stack; return its height in inches, as the renderer measures it."""
    w_in, h_in = ctx.size.inches
    art = fig.text(_MARGIN_IN / w_in, y_in / h_in, text, ha="left", gid=gid, **kw)
    return float(art.get_window_extent(fig.canvas.get_renderer()).height) / ctx.size.dpi  # type: ignore[attr-defined]


def _layout(fig: Figure, ctx: _Ctx, unplaced: tuple[str, ...]) -> None:
    """Title block, map axes, legend row, footnote and footer, stacked in inches."""
    th, spec = ctx.theme, ctx.spec
    w_in, h_in = ctx.size.inches
    m = _MARGIN_IN
    text_w = w_in - 2 * m
    y = h_in - m
    top_kw: dict[str, Any] = {"va": "top", "color": th.colors.text, "linespacing": 1.15}
    title = _wrap(spec.title, text_w, th.title_size * 1.08)
    y -= _stack_text(
        fig, ctx, y, title, "title", fontsize=th.title_size, fontweight="bold", **top_kw
    )
    y -= 0.05
    sub = _wrap(spec.subtitle, text_w, th.subtitle_size)
    if sub:
        kw = top_kw | {"color": th.colors.muted, "linespacing": 1.2}
        y -= _stack_text(fig, ctx, y, sub, "subtitle", fontsize=th.subtitle_size, **kw) + 0.04
    top = y - 0.06
    yb = m
    small: dict[str, Any] = {"va": "bottom", "fontsize": th.small_size, "linespacing": 1.2}
    blocks = (
        (_footer_text(ctx, text_w), "footer", th.colors.muted, 0.03),
        (_wrap(_footnote(unplaced), text_w, th.small_size), "footnote", th.colors.text, 0.03),
        (_wrap(spec.credit, text_w, th.small_size), "credit", th.colors.text, 0.04),
    )
    for text, gid, colour, gap in blocks:
        if text:
            yb += _stack_text(fig, ctx, yb, text, gid, color=colour, **small) + gap
    # the legend (and a multi-event key) needs no map: lay it out first, then the map above it
    bottom = yb + _legend(fig, ctx, yb / h_in) + 0.06
    if top - bottom < 1.0:
        head = h_in - m - top  # the title and subtitle
        if head > h_in / 2:  # they alone take half the image: they are what is too long
            lines = title.count("\n") + 1 + (sub.count("\n") + 1 if sub else 0)
            raise InputError(
                f"the title and subtitle run to {lines} lines and leave no room for the map",
                field="title",
                value=f"{len(spec.title) + len(spec.subtitle or ''):,} characters",
                allowed="a shorter --title / --subtitle (or the event file's title), "
                "or a larger --height",
            )
        raise InputError(
            "the image is too small for the map and its texts",
            field="height",
            value=ctx.size.height_px,
            allowed="a larger --height or a smaller --dpi",
        )
    ax = fig.add_axes(  # type: ignore[call-overload]
        [m / w_in, bottom / h_in, text_w / w_in, (top - bottom) / h_in], projection=ctx.proj
    )
    ax.set_gid("map")
    ctx.ax = ax
    _fit_view(ctx)


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
    metas: dict[str, dict[str, Any]] = {
        "png": {"Software": "trajgeo"},
        "svg": {"Date": None, "Creator": "trajgeo"},
        "pdf": {"CreationDate": None, "ModDate": None, "Creator": "trajgeo", "Producer": "trajgeo"},
    }
    meta = metas[fmt]
    _plain_text(fig)
    with matplotlib.rc_context(RC), atomic_path(path) as tmp:  # type: ignore[arg-type]
        try:
            fig.savefig(
                tmp, format=fmt, dpi=dpi or fig.dpi, metadata=meta, facecolor=fig.get_facecolor()
            )
        except (OSError, ValueError, RuntimeError) as exc:
            raise RenderError(f"cannot write {path}: {exc}") from exc


def _plain_text(fig: Figure) -> None:
    """Remove control characters from every text ``fig`` draws (they make SVG invalid).

    An axis that is not drawn is not walked: asking it for its children makes its
    ticks, which took as long as the rest of this walk (``Figure.findobj`` did that).
    """
    from matplotlib.axis import Axis
    from matplotlib.text import Text

    from trajgeo.io.reading import plain_text

    todo: list[Any] = [fig]
    while todo:
        for child in todo.pop().get_children():
            if isinstance(child, Axis) and not (child.get_visible() and child.axes.axison):
                continue
            if isinstance(child, Text):
                raw = child.get_text()
                if not raw.isprintable():
                    child.set_text(plain_text(raw))
            todo.append(child)


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
