"""To-scale side view of modelled trajectories (PNG, SVG, PDF).

The view is a slice through the Earth along each shot's ground track, with
the launch site at the origin and the Earth's centre straight below it:
a point at altitude h, a ground distance s downrange, is drawn at
x = (R + h) sin(s/R), y = (R + h) cos(s/R) − R. Both axes use the same
scale (equal aspect), so the reader sees true proportions: a lofted ICBM
test is a tall spike, an IRBM a long low arc that follows the curve of the
Earth.

Reference lines: the 100 km Kármán line (where space begins by convention)
and the orbit of the International Space Station (about 420 km). Each
shot's curve is labelled with its apogee and flight time; a legend row
under the drawing says which shot is which and whether a figure is
reported or modelled; the footer states the model.

Colours and fonts come from :mod:`trajgeo.maps.style` (the same themes as
the maps); output goes through :func:`trajgeo.maps.static.save_figure`
(atomic write, stable SVG/PDF: fixed hash salt, no dates, text kept as text).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from trajgeo._optional import require
from trajgeo.errors import InputError
from trajgeo.maps.side_view_layout import (
    REFERENCE_LINES,
    Apogee,
    Box,
    View,
    apogee_label_spot,
    nice_step,
    reference_label_spot,
    reference_labels,
    view_limits,
    with_label_boxes,
)
from trajgeo.maps.style import Size

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from trajgeo.events import Event
    from trajgeo.maps.style import Theme
    from trajgeo.physics.profile import ShotProfile

__all__ = [
    "DEFAULT_SIZE",
    "FORMATS",
    "REFERENCE_LINES",
    "profile_figure",
    "resolve_profile_size",
    "write_profile",
]

#: Output formats, picked by the file's extension.
FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
_MARGIN_IN = 0.16


#: 1200 × 800 px at 200 dpi (6 × 4 in): an article column.
DEFAULT_SIZE = Size("profile", 1200, 800, 200.0)


def resolve_profile_size(
    width: int | None = None, height: int | None = None, dpi: float | None = None
) -> Size:
    """Apply ``--width/--height/--dpi`` to :data:`DEFAULT_SIZE` (one side keeps the ratio).

    Raises
    ------
    InputError
        For a size outside 200–10,000 px or a dpi outside 30–1,200.
    """
    from trajgeo.maps.style import resolve_size

    # the dpi stays fixed unless given: a wider side view shows more, not bigger text
    return resolve_size(
        DEFAULT_SIZE, width=width, height=height, dpi=DEFAULT_SIZE.dpi if dpi is None else dpi
    )


# --------------------------------------------------------------------------- helpers
def _fmt_km(x: float) -> str:
    from trajgeo.physics.ballistics import round_significant

    return f"{float(round_significant(x, 3)):,.0f} km"


def _to_xy(s_km: np.ndarray, h_km: np.ndarray, R: float) -> tuple[np.ndarray, np.ndarray]:
    th = np.asarray(s_km, float) / R
    r = R + np.asarray(h_km, float)
    return r * np.sin(th), r * np.cos(th) - R


def _date_text(ev: Event) -> str:
    d = ev.date
    if d is None:
        return ""
    return d.date().isoformat() if hasattr(d, "date") and callable(d.date) else str(d)


class _Writer:
    """Places wrapped text measured with the real renderer (no guessing at widths)."""

    def __init__(self, fig: Any, w_in: float, h_in: float) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        self.fig, self.w_in, self.h_in = fig, w_in, h_in
        self.renderer = FigureCanvasAgg(fig).get_renderer()

    def text(
        self, x_in: float, y_in: float, text: str, width_in: float, *, va: str, **kw: Any
    ) -> tuple[Any, float]:
        """Write ``text`` wrapped to ``width_in``; return the artist and its height (in)."""
        size = kw.get("fontsize", 10.0)
        chars = max(16, int(width_in * 72.0 / (size * 0.45)))
        while True:
            body = "\n".join(textwrap.wrap(text, chars)) if text else ""
            art = self.fig.text(x_in / self.w_in, y_in / self.h_in, body, ha="left", va=va, **kw)
            bb = art.get_window_extent(self.renderer)
            if bb.width / self.fig.dpi <= width_in or chars <= 16:
                return art, bb.height / self.fig.dpi
            art.remove()
            chars = max(16, int(chars * min(0.95, width_in / (bb.width / self.fig.dpi))))


def _time_text(p: ShotProfile) -> str:
    """Flight time for a label: the reported one, else the model's free flight."""
    if p.reported_flight_time_min is not None:
        return f"{p.reported_flight_time_min:g} min"
    t = p.free_flight_time_min
    return f"about {t:.0f} min" if t >= 10 else f"about {t:.1f} min"


def _legend_text(p: ShotProfile, ev: Event, many_events: bool, equivalent: str | None) -> str:
    who = f"{ev.id}, shot {p.shot_number}" if many_events else f"Shot {p.shot_number}"
    what = p.label or "missile"
    if p.apogee_reported:
        apo = f"apogee {p.apogee_km:,.0f} km"
    else:
        apo = f"no apogee reported (model: {_fmt_km(p.apogee_km)}, minimum-energy path)"
    time = _time_text(p)
    if p.reported_flight_time_min is None:
        time += " (model)"
    text = f"{who} · {what}: {_fmt_km(p.ground_range_km)}, {apo}, {time}"
    if equivalent:
        text += f"; {equivalent}"
    src = ev.shots[p.shot_number - 1].source
    if src:
        text += f". Source: {src}"
    return text


def _equivalent(p: ShotProfile) -> str | None:
    """Same-energy range of a lofted shot, in words (None for other shots)."""
    if p.trajectory != "lofted":
        return None
    from trajgeo.physics import ballistics as bal

    est = bal.lofted_test_range(
        p.apogee_km,
        p.ground_range_km,
        burnout_altitude_km=p.burnout_altitude_km,
        powered_range_km=p.powered_range_km,
        band_pct=0.0,
    )
    if est.is_global:
        return "the same energy could reach any point on Earth on a normal trajectory*"
    return f"same energy ≈ {float(est.range_rounded_km):,.0f} km on a normal trajectory*"


def _halo_text(ax: Any, x: float, y: float, s: str, halo: str, width: float, **kw: Any) -> Any:
    """Text over a halo: the halo is a separate path-only layer, the text stays text in SVG."""
    import matplotlib.patheffects as pe

    gid = kw.pop("gid", None)
    h = ax.text(
        x,
        y,
        s,
        **{**kw, "color": halo, "zorder": kw.get("zorder", 5) - 0.01},
        path_effects=[pe.Stroke(linewidth=width, foreground=halo)],
    )
    h.set_gid("halo")
    t = ax.text(x, y, s, **kw)
    t.set_gid(gid)
    return t


# --------------------------------------------------------------------------- figure
_Item = tuple[int, "Event", "ShotProfile"]


def profile_figure(
    items: Sequence[tuple[Event, Sequence[ShotProfile]]],
    *,
    theme: str | Theme | None = None,
    size: Size = DEFAULT_SIZE,
    title: str | None = None,
) -> Figure:
    """Draw the to-scale side view of the shots of one or more events.

    Parameters
    ----------
    items
        ``(event, profiles)`` pairs, e.g. ``[(ev, event_profiles(ev))]``.
    theme
        ``"light"``, ``"dark"``, a house-style YAML file or a
        :class:`~trajgeo.maps.style.Theme`.
    size
        Output size (:func:`resolve_profile_size`).
    title
        Title; default the event's title (or a count of events).

    Returns
    -------
    matplotlib.figure.Figure
        Its drawing axes has ``gid="profile-axes"``; each shot's curve has
        ``gid="shot-<event index>-<shot number>"``, its apogee point
        ``gid="apogee-<event index>-<shot number>"``, and the reference arcs
        ``gid="ref-100km"`` / ``gid="ref-420km"``.

    Raises
    ------
    InputError
        When there is nothing to draw or the image is too small for its text.
    """
    require("maps", ("matplotlib",), "Side views")
    import matplotlib
    from matplotlib.figure import Figure

    from trajgeo.maps.static import RC
    from trajgeo.maps.style import load_theme

    th = load_theme(theme)
    profiles = [(i, ev, p) for i, (ev, ps) in enumerate(items) for p in ps]
    if not profiles:
        raise InputError("nothing to draw: no shots", field="events")
    R = profiles[0][2].earth_radius_km
    w_in, h_in = size.inches
    with matplotlib.rc_context(RC | {"font.family": [th.font_family, "DejaVu Sans"]}):  # type: ignore[arg-type]
        fig = Figure(figsize=(w_in, h_in), dpi=size.dpi, facecolor=th.colors.background)
        wr = _Writer(fig, w_in, h_in)
        top_in = _draw_title_block(wr, th, items, title)
        bottom_in = _draw_footer_and_legend(wr, th, profiles, many=len(items) > 1)
        if top_in - bottom_in < 1.0:
            raise InputError(
                "the image is too small for the title, legend and footer",
                source="command line",
                field="--height",
                value=size.height_px,
                allowed="a larger --height (or a smaller --dpi)",
            )

        xs = np.concatenate([p.x_km for _, _, p in profiles])
        ys = np.concatenate([p.y_km for _, _, p in profiles])
        ax, view = _add_drawing_axes(wr, th, (bottom_in, top_in), xs, ys)
        obstacles = np.column_stack([xs, ys])

        # curves first (every label must clear every curve), then apogee lines and labels
        apogees = _draw_earth_and_curves(ax, th, profiles, R)
        rects = _draw_apogee_labels(ax, th, apogees, view, obstacles, R)
        if rects:
            obstacles = with_label_boxes(obstacles, rects)
        _draw_reference_arcs(ax, th, view, obstacles, R)
        _draw_ground(ax, th, profiles, view, R)
    return fig


def _draw_title_block(
    wr: _Writer,
    th: Theme,
    items: Sequence[tuple[Event, Sequence[ShotProfile]]],
    title: str | None,
) -> float:
    """Write the title and subtitle from the top down; return the bottom of the block (in)."""
    many = len(items) > 1
    m = _MARGIN_IN
    text_w = wr.w_in - 2 * m
    col = th.colors
    if title is None:
        title = (
            items[0][0].title
            if not many
            else (f"Modelled trajectories of {len(items)} launch events")
        )
    bits = []
    if not many:
        ev0 = items[0][0]
        d = _date_text(ev0)
        bits.append(f"{d} · launch: {ev0.launch.name}" if d else f"launch: {ev0.launch.name}")
    bits.append("side view drawn to scale (heights and distances share one scale)")
    y = wr.h_in - m
    art, hgt = wr.text(
        m,
        y,
        title,
        text_w,
        va="top",
        fontsize=th.title_size,
        fontweight="bold",
        color=col.text,
        linespacing=1.15,
    )
    art.set_gid("title")
    y -= hgt + 0.05
    art, hgt = wr.text(
        m,
        y,
        " · ".join(bits),
        text_w,
        va="top",
        fontsize=th.subtitle_size,
        color=col.muted,
        linespacing=1.15,
    )
    art.set_gid("subtitle")
    return y - hgt - 0.08


def _footer_text(profiles: Sequence[_Item]) -> str:
    """Write the footer: the model, the burnout altitudes, and the notes the shots need."""
    any_lofted = any(p.trajectory == "lofted" for _, _, p in profiles)
    any_met = any(p.is_minimum_energy for _, _, p in profiles)
    hb = sorted({p.burnout_altitude_km for _, _, p in profiles})
    return (
        "Model: vacuum Kepler free flight over a spherical Earth (R = 6,371 km), no air "
        "drag, no Earth rotation; burnout at "
        + ", ".join(f"{h:g}" for h in hb)
        + " km altitude, boost not modelled. Curves pass through the reported apogee and "
        "distance"
        + ("; with no reported apogee, the minimum-energy trajectory is drawn" if any_met else "")
        + ". Dashed: the Kármán line (100 km), where space begins by convention, and the "
        "International Space Station's orbit (about 420 km)."
        + (
            " *Same-burnout-energy estimate: ignores the larger gravity loss of a "
            "near-vertical boost, so it runs low for ICBM-class tests."
            if any_lofted
            else ""
        )
        + " Made with trajgeo."
    )


def _draw_footer_and_legend(
    wr: _Writer, th: Theme, profiles: Sequence[_Item], *, many: bool
) -> float:
    """Write the footer and one legend row per shot from the bottom up; return their top (in)."""
    from matplotlib.lines import Line2D

    m = _MARGIN_IN
    text_w = wr.w_in - 2 * m
    col = th.colors
    art, hgt = wr.text(
        m,
        m,
        _footer_text(profiles),
        text_w,
        va="bottom",
        fontsize=th.small_size,
        color=col.muted,
        linespacing=1.2,
    )
    art.set_gid("footer")
    yb = m + hgt + 0.09
    swatch = 0.26
    for k in reversed(range(len(profiles))):
        _i, ev, p = profiles[k]
        art, hgt = wr.text(
            m + swatch + 0.08,
            yb,
            _legend_text(p, ev, many, _equivalent(p)),
            text_w - swatch - 0.08,
            va="bottom",
            fontsize=th.label_size,
            color=col.text,
            linespacing=1.2,
        )
        art.set_gid(f"legend-{k}")
        ymid = yb + hgt - th.label_size * 0.62 / 72.0
        wr.fig.add_artist(
            Line2D(
                [m / wr.w_in, (m + swatch) / wr.w_in],
                [ymid / wr.h_in, ymid / wr.h_in],
                color=col.shot(k),
                linewidth=th.arc_width * 1.3,
                solid_capstyle="butt",
            )
        )
        yb += hgt + 0.05
    return yb + 0.03


def _add_drawing_axes(
    wr: _Writer, th: Theme, band_in: tuple[float, float], xs: np.ndarray, ys: np.ndarray
) -> tuple[Any, View]:
    """Add the drawing axes between the legend and the title (``band_in``: bottom, top).

    Its limits hold every curve (``xs``, ``ys``) at one scale on both axes.
    """
    w_in, h_in = wr.w_in, wr.h_in
    m = _MARGIN_IN
    bottom_in, top_in = band_in
    ax_w, ax_h = w_in - 2 * m, top_in - bottom_in
    ax = wr.fig.add_axes((m / w_in, bottom_in / h_in, ax_w / w_in, ax_h / h_in))
    ax.set_gid("profile-axes")
    ax.set_axis_off()
    view = view_limits(xs, ys, ax_w, ax_h)
    ax.set_xlim(view.x0, view.x1)
    ax.set_ylim(view.y0, view.y1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_facecolor(th.colors.background)
    return ax, view


def _draw_earth_and_curves(ax: Any, th: Theme, profiles: Sequence[_Item], R: float) -> list[Apogee]:
    """Draw the Earth and each shot's curve and impact mark; return the apogees to label."""
    from matplotlib.patches import Circle

    col = th.colors
    ax.add_patch(
        Circle(
            (0.0, -R),
            R,
            facecolor=col.land,
            edgecolor=col.coastline,
            linewidth=0.8,
            zorder=1,
            gid="earth",
        )
    )
    apogees = []
    for k, (i, _ev, p) in enumerate(profiles):
        c = col.shot(k)
        ax.plot(
            p.x_km,
            p.y_km,
            color=c,
            linewidth=th.arc_width,
            zorder=5,
            solid_capstyle="round",
            gid=f"shot-{i}-{p.shot_number}",
        )
        ax.plot(
            [p.x_km[-1]],
            [p.y_km[-1]],
            marker="v",
            markersize=3.6,
            color=c,
            zorder=6,
            markeredgecolor=col.background,
            markeredgewidth=0.5,
        )
        th_a = p.apogee_downrange_km / R
        apogees.append(Apogee(i, p, c, th_a, math.sin(th_a), math.cos(th_a)))
    return apogees


def _apogee_text(p: ShotProfile) -> str:
    """Word an apogee label: the figures, short; the legend row says which are the model's."""
    time = _time_text(p)
    if p.apogee_reported:
        return f"apogee {p.apogee_km:,.0f} km · {time}"
    return f"≈{_fmt_km(p.apogee_km)} · {time.replace('about ', '~')} (model)"


def _draw_apogee_labels(
    ax: Any, th: Theme, apogees: Sequence[Apogee], view: View, obstacles: np.ndarray, R: float
) -> list[Box]:
    """Label each apogee and draw its dotted line from the ground; return the label boxes.

    A label with the same words as one already placed near it is left out (the
    legend tells the two shots apart); its dotted line is still drawn.
    """
    rects: list[Box] = []
    said: list[tuple[float, float, str]] = []
    pt = view.pt
    for a in apogees:
        i, p, c = a.i, a.p, a.color
        gx, gy = a.ground_xy(R)
        ax_, ay_ = a.top_xy(R)
        text = _apogee_text(p)
        if any(t == text and math.hypot(ax_ - qx, ay_ - qy) < 40 * pt for qx, qy, t in said):
            _dotted(ax, c, (gx, ax_), (gy, ay_), f"apogee-{i}-{p.shot_number}")
            continue
        said.append((ax_, ay_, text))
        bx = ax_ + 4 * pt * a.ux
        top = ay_
        spot = apogee_label_spot(a, text, th.label_size, view, obstacles, rects, R)
        if spot is not None:
            j, ha, by, rect = spot
            rects.append(rect)
            _halo_text(
                ax,
                bx,
                by,
                text,
                th.colors.halo,
                2.4,
                ha=ha,
                va="bottom",
                fontsize=th.label_size,
                color=c,
                fontweight="bold",
                zorder=7,
                gid=f"apogee-label-{i}-{p.shot_number}",
            )
            top = by if j > 0 else ay_
        # dotted line from the ground up to the apogee (and on to a raised label)
        _dotted(ax, c, (gx, bx if top != ay_ else ax_), (gy, top), f"apogee-{i}-{p.shot_number}")
    return rects


def _dotted(
    ax: Any, color: str, xs: tuple[float, float], ys: tuple[float, float], gid: str
) -> None:
    """Draw a thin dotted apogee line."""
    ax.plot(
        list(xs), list(ys), color=color, linewidth=0.7, linestyle=(0, (1, 2)), zorder=4, gid=gid
    )


def _draw_reference_arcs(ax: Any, th: Theme, view: View, obstacles: np.ndarray, R: float) -> None:
    """Draw the reference arcs, labelled along their tangent where no curve is in the way."""
    from matplotlib.patches import Circle

    col = th.colors
    labels = reference_labels(th.small_size * 1.1 * view.pt)
    for alt in sorted(labels):
        r = R + alt
        ax.add_patch(
            Circle(
                (0.0, -R),
                r,
                fill=False,
                edgecolor=col.muted,
                linewidth=0.6,
                linestyle=(0, (4, 3)),
                zorder=2,
                gid=f"ref-{alt:g}km",
            )
        )
        label = labels[alt]
        spot = reference_label_spot(label, r, th.small_size, view, obstacles, R) if label else None
        if spot is None:
            continue
        bx, by, phi = spot
        _halo_text(
            ax,
            bx,
            by,
            label,
            col.halo,
            2.0,
            ha="center",
            va="bottom",
            rotation=math.degrees(-phi),
            rotation_mode="anchor",
            fontsize=th.small_size,
            color=col.muted,
            zorder=3,
            gid=f"ref-{alt:g}km-label",
        )


def _draw_ground(ax: Any, th: Theme, profiles: Sequence[_Item], view: View, R: float) -> None:
    """Downrange ticks along the surface, far enough apart for their labels, and the launch site."""
    col = th.colors
    pt = view.pt
    smax = max(p.ground_range_km for _, _, p in profiles)
    step = nice_step(max(smax / 6.0, 0.85 * view.scale), 1)
    s = step
    while s <= smax * 1.0001:
        th_ = s / R
        ux, uy = math.sin(th_), math.cos(th_)
        px, py = R * ux, R * uy - R
        if view.x0 < px < view.x1 and view.y0 + 12 * pt < py < view.y1:
            ax.plot(
                [px, px - 4 * pt * ux],
                [py, py - 4 * pt * uy],
                color=col.coastline,
                linewidth=0.7,
                zorder=3,
            )
            ax.text(
                px - 6 * pt * ux,
                py - 6 * pt * uy,
                f"{s:,.0f} km",
                ha="center",
                va="top",
                fontsize=th.small_size,
                color=col.muted,
                zorder=3,
                rotation=-math.degrees(th_),
                rotation_mode="anchor",
                gid="downrange-tick",
            )
        s += step
    ax.plot(
        [0.0],
        [0.0],
        marker="^",
        markersize=5,
        color=col.launch,
        zorder=8,
        markeredgecolor=col.background,
        markeredgewidth=0.6,
        gid="launch",
    )
    ax.text(
        0.0,
        -7 * pt,
        "launch",
        ha="center",
        va="top",
        fontsize=th.small_size,
        color=col.text,
        zorder=8,
    )


# --------------------------------------------------------------------------- output
def write_profile(
    items: Sequence[tuple[Event, Sequence[ShotProfile]]],
    path: str | Path,
    *,
    theme: str | Theme | None = None,
    size: Size = DEFAULT_SIZE,
    title: str | None = None,
) -> Figure:
    """Draw the side view and write it to ``path`` (PNG, SVG or PDF by extension).

    The write is atomic (a failure leaves no file); SVG and PDF output is
    byte-for-byte stable for the same input. Returns the figure written.
    """
    from trajgeo.maps.static import save_figure

    suffix = Path(str(path)).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise InputError(
            "unknown image format",
            source="command line",
            field="--output",
            value=str(path),
            allowed=".png, .svg, .pdf",
        )
    fig = profile_figure(items, theme=theme, size=size, title=title)
    save_figure(fig, path)
    return fig
