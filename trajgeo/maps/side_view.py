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

#: Reference altitudes drawn as arcs: (km, label).
REFERENCE_LINES: tuple[tuple[float, str], ...] = (
    (100.0, "Kármán line, 100 km"),
    (420.0, "ISS orbit, ~420 km"),
)
#: Output formats, picked by the file's extension.
FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
_MARGIN_IN = 0.16
_NICE = (1.0, 2.0, 2.5, 5.0)


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


def _nice_step(span_km: float, target: int = 5) -> float:
    raw = span_km / max(target, 1)
    mag = 10.0 ** math.floor(math.log10(raw))
    for m in _NICE:
        if m * mag >= raw:
            return m * mag
    return 10.0 * mag


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


def _free(box: tuple[float, float, float, float, float], pts: np.ndarray) -> bool:
    """Return True when no point lies in a rotated box (cx, cy, half-length, height, angle rad).

    The box extends ``half-length`` either side of (cx, cy) along the angle and
    ``height`` above it (the text's baseline is at (cx, cy)).
    """
    cx, cy, hl, hgt, ang = box
    d = pts - (cx, cy)
    u = d[:, 0] * math.cos(ang) + d[:, 1] * math.sin(ang)
    v = -d[:, 0] * math.sin(ang) + d[:, 1] * math.cos(ang)
    return not bool(np.any((np.abs(u) <= hl) & (v >= -0.15 * hgt) & (v <= 1.15 * hgt)))


# --------------------------------------------------------------------------- figure
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
    from matplotlib.lines import Line2D
    from matplotlib.patches import Circle

    from trajgeo.maps.static import RC
    from trajgeo.maps.style import load_theme

    th = load_theme(theme)
    col = th.colors
    profiles = [(i, ev, p) for i, (ev, ps) in enumerate(items) for p in ps]
    if not profiles:
        raise InputError("nothing to draw: no shots", field="events")
    R = profiles[0][2].earth_radius_km
    many = len(items) > 1
    w_in, h_in = size.inches
    with matplotlib.rc_context(RC | {"font.family": [th.font_family, "DejaVu Sans"]}):  # type: ignore[arg-type]
        fig = Figure(figsize=(w_in, h_in), dpi=size.dpi, facecolor=col.background)
        wr = _Writer(fig, w_in, h_in)
        m = _MARGIN_IN
        text_w = w_in - 2 * m

        # ---- title block (top down)
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
        y = h_in - m
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
        top_in = y - hgt - 0.08

        # ---- footer and legend (bottom up)
        any_lofted = any(p.trajectory == "lofted" for _, _, p in profiles)
        any_met = any(p.is_minimum_energy for _, _, p in profiles)
        hb = sorted({p.burnout_altitude_km for _, _, p in profiles})
        footer = (
            "Model: vacuum Kepler free flight over a spherical Earth (R = 6,371 km), no air "
            "drag, no Earth rotation; burnout at "
            + ", ".join(f"{h:g}" for h in hb)
            + " km altitude, boost not modelled. Curves pass through the reported apogee and "
            "distance"
            + (
                "; with no reported apogee, the minimum-energy trajectory is drawn"
                if any_met
                else ""
            )
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
        art, hgt = wr.text(
            m,
            m,
            footer,
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
            i, ev, p = profiles[k]
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
            fig.add_artist(
                Line2D(
                    [m / w_in, (m + swatch) / w_in],
                    [ymid / h_in, ymid / h_in],
                    color=col.shot(k),
                    linewidth=th.arc_width * 1.3,
                    solid_capstyle="butt",
                )
            )
            yb += hgt + 0.05
        bottom_in = yb + 0.03
        if top_in - bottom_in < 1.0:
            raise InputError(
                "the image is too small for the title, legend and footer",
                source="command line",
                field="--height",
                value=size.height_px,
                allowed="a larger --height (or a smaller --dpi)",
            )

        # ---- drawing axes: limits chosen so that both axes have one scale
        ax_w, ax_h = text_w, top_in - bottom_in
        ax = fig.add_axes((m / w_in, bottom_in / h_in, ax_w / w_in, ax_h / h_in))
        ax.set_gid("profile-axes")
        ax.set_axis_off()
        xs = np.concatenate([p.x_km for _, _, p in profiles])
        ys = np.concatenate([p.y_km for _, _, p in profiles])
        ref_top = max(r for r, _ in REFERENCE_LINES)
        x0, x1 = min(float(xs.min()), 0.0), max(float(xs.max()), 1.0)
        y0, y1 = min(float(ys.min()), 0.0), max(float(ys.max()), ref_top)
        span = max(x1 - x0, y1 - y0)
        x0, x1 = x0 - 0.05 * span, x1 + 0.05 * span
        y0 = y0 - 0.10 * span  # ground below
        # room above the highest point for an apogee label (~24 pt), at the final scale
        top = y1
        y1 = top + 0.05 * span
        for _ in range(3):
            scale = max((x1 - x0) / ax_w, (y1 - y0) / ax_h)  # km per inch
            y1 = max(y1, top + 24.0 * scale / 72.0)
        scale = max((x1 - x0) / ax_w, (y1 - y0) / ax_h)
        cx = 0.5 * (x0 + x1)
        x0, x1 = cx - 0.5 * scale * ax_w, cx + 0.5 * scale * ax_w
        extra = scale * ax_h - (y1 - y0)
        y0 -= 0.3 * extra  # extra height: a little more ground, the rest is sky
        y1 = y0 + scale * ax_h
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal", adjustable="box")
        ax.set_facecolor(col.background)
        pt = scale / 72.0  # km per typographic point
        obstacles = np.column_stack([xs, ys])

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

        # curves first (every label must clear every curve), then apogee lines and labels
        geo = []
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
            ux, uy = math.sin(th_a), math.cos(th_a)
            geo.append((k, i, p, c, th_a, ux, uy))
        rects: list[tuple[float, float, float, float]] = []
        said: list[tuple[float, float, str]] = []
        line_h = th.label_size * 1.35 * pt
        for _k, i, p, c, th_a, ux, uy in geo:
            gx, gy = R * ux, R * uy - R
            ax_, ay_ = (R + p.apogee_km) * ux, (R + p.apogee_km) * uy - R
            time = _time_text(p)
            if p.apogee_reported:
                text = f"apogee {p.apogee_km:,.0f} km · {time}"
            else:  # short: the legend row spells out that both figures are the model's
                text = f"≈{_fmt_km(p.apogee_km)} · {time.replace('about ', '~')} (model)"
            if any(t == text and math.hypot(ax_ - qx, ay_ - qy) < 40 * pt for qx, qy, t in said):
                # the same words for a near-identical curve: one label; the legend tells them apart
                ax.plot(
                    [gx, ax_],
                    [gy, ay_],
                    color=c,
                    linewidth=0.7,
                    linestyle=(0, (1, 2)),
                    zorder=4,
                    gid=f"apogee-{i}-{p.shot_number}",
                )
                continue
            said.append((ax_, ay_, text))
            # above the apogee; when the apogee is well downrange (the curve's visual top is
            # to its left on a curved Earth) the label runs right, where the curve falls away
            first = "left" if th_a > 0.08 else "center"
            wl = len(text) * th.label_size * 0.64 * pt
            bx = ax_ + 4 * pt * ux
            top = ay_
            tries = [(j, h) for j in range(16) for h in (first, "right", "center", "left")]
            for j, ha in dict.fromkeys(tries):
                xl0 = bx - {"left": 0.0, "center": 0.5 * wl, "right": wl}[ha]
                by = ay_ + 4 * pt * uy + j * line_h
                rect = (xl0, by, xl0 + wl, by + line_h * 0.9)
                if rect[0] < x0 + 2 * pt or rect[2] > x1 - 2 * pt or rect[3] > y1:
                    continue
                clear_curves = _free((xl0 + 0.5 * wl, by, 0.5 * wl, line_h * 0.85, 0.0), obstacles)
                clear_labels = not any(
                    rect[0] < q[2] and q[0] < rect[2] and rect[1] < q[3] and q[1] < rect[3]
                    for q in rects
                )
                if clear_curves and clear_labels:
                    rects.append(rect)
                    _halo_text(
                        ax,
                        bx,
                        by,
                        text,
                        col.halo,
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
                    break
            # dotted line from the ground up to the apogee (and on to a raised label)
            ax.plot(
                [gx, bx if top != ay_ else ax_],
                [gy, top],
                color=c,
                linewidth=0.7,
                linestyle=(0, (1, 2)),
                zorder=4,
                gid=f"apogee-{i}-{p.shot_number}",
            )
        if rects:
            obstacles = np.vstack(
                [obstacles]
                + [
                    np.array(
                        [
                            [x, y]
                            for x in np.linspace(r[0], r[2], 9)
                            for y in np.linspace(r[1], r[3], 3)
                        ]
                    )
                    for r in rects
                ]
            )

        # reference arcs, labelled along their tangent where no curve is in the way; arcs
        # too close together at this scale to label apart share one label on the outer arc
        hgt_l = th.small_size * 1.1 * pt
        refs = list(REFERENCE_LINES)
        labels = {alt: text for alt, text in refs}
        alts = sorted(labels)
        if len(alts) == 2 and (alts[1] - alts[0]) < 1.8 * hgt_l:
            labels = {alts[0]: "", alts[1]: "Kármán line (100 km), ISS (~420 km)"}
        for alt in alts:
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
            if not label:
                continue
            hl = 0.5 * len(label) * th.small_size * 0.56 * pt
            grid = np.linspace(x0 + hl + 8 * pt, x1 - hl - 8 * pt, 13)
            # left edge first, then right edge, then the rest; never steeper than 50°
            cands = [grid[0], grid[-1], *grid[1:-1]]
            for xc in cands:
                if abs(xc) >= r or abs(math.asin(xc / r)) > math.radians(50.0):
                    continue
                phi = math.asin(xc / r)
                yc = r * math.cos(phi) - R
                bx, by = xc + 1.5 * pt * math.sin(phi), yc + 1.5 * pt * math.cos(phi)
                # the whole rotated box (not only its anchor) must lie inside the view
                ca, sa = math.cos(-phi), math.sin(-phi)
                corners = [
                    (bx + u * ca - v * sa, by + u * sa + v * ca)
                    for u in (-hl, hl)
                    for v in (0.0, hgt_l)
                ]
                if not all(
                    x0 + 4 * pt < cx_ < x1 - 4 * pt and y0 + 4 * pt < cy_ < y1 - 4 * pt
                    for cx_, cy_ in corners
                ):
                    continue
                if _free((bx, by, hl, hgt_l, -phi), obstacles):
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
                    break

        # downrange ticks along the surface, far enough apart for their labels
        smax = max(p.ground_range_km for _, _, p in profiles)
        step = _nice_step(max(smax / 6.0, 0.85 * scale), 1)
        s = step
        while s <= smax * 1.0001:
            th_ = s / R
            ux, uy = math.sin(th_), math.cos(th_)
            px, py = R * ux, R * uy - R
            if x0 < px < x1 and y0 + 12 * pt < py < y1:
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
    return fig


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
