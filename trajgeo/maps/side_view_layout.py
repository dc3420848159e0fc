"""Where things go on the to-scale side view: limits, label spots (pure geometry).

The side view (:mod:`trajgeo.maps.side_view`) draws; this module only
computes, in kilometres on the drawing plane (launch site at the origin,
the Earth's centre at (0, −R)): the view's limits at one scale, and a free
place for each apogee label and reference-arc label. No matplotlib here.

Examples
--------
>>> nice_step(730.0, 1)
1000.0
>>> is_free((0.0, 0.0, 1.0, 1.0, 0.0), np.array([[5.0, 5.0]]))
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from trajgeo.physics.profile import ShotProfile

__all__ = [
    "REFERENCE_LINES",
    "Apogee",
    "Box",
    "View",
    "apogee_label_spot",
    "is_free",
    "nice_step",
    "reference_label_spot",
    "reference_labels",
    "view_limits",
    "with_label_boxes",
]

#: Reference altitudes drawn as arcs: (km, label).
REFERENCE_LINES: tuple[tuple[float, str], ...] = (
    (100.0, "Kármán line, 100 km"),
    (420.0, "ISS orbit, ~420 km"),
)
_NICE = (1.0, 2.0, 2.5, 5.0)
#: A label's box on the drawing plane: (x0, y0, x1, y1), km.
Box = tuple[float, float, float, float]


def nice_step(span_km: float, target: int = 5) -> float:
    """Return a round step (1, 2, 2.5 or 5 × 10ⁿ km) that cuts ``span_km`` into about ``target``."""
    raw = span_km / max(target, 1)
    mag = 10.0 ** math.floor(math.log10(raw))
    for m in _NICE:
        if m * mag >= raw:
            return m * mag
    return 10.0 * mag


def is_free(box: tuple[float, float, float, float, float], pts: np.ndarray) -> bool:
    """Return True when no point lies in a rotated box (cx, cy, half-length, height, angle rad).

    The box extends ``half-length`` either side of (cx, cy) along the angle and
    ``height`` above it (the text's baseline is at (cx, cy)).
    """
    cx, cy, hl, hgt, ang = box
    d = pts - (cx, cy)
    u = d[:, 0] * math.cos(ang) + d[:, 1] * math.sin(ang)
    v = -d[:, 0] * math.sin(ang) + d[:, 1] * math.cos(ang)
    return not bool(np.any((np.abs(u) <= hl) & (v >= -0.15 * hgt) & (v <= 1.15 * hgt)))


@dataclass(frozen=True)
class View:
    """Data limits of the drawing axes (km) and its one scale (km per inch)."""

    x0: float
    x1: float
    y0: float
    y1: float
    scale: float

    @property
    def pt(self) -> float:
        """Kilometres per typographic point."""
        return self.scale / 72.0


@dataclass(frozen=True)
class Apogee:
    """One shot's curve as the apogee labelling needs it."""

    i: int
    p: ShotProfile
    color: str
    th_a: float
    ux: float
    uy: float

    def ground_xy(self, R: float) -> tuple[float, float]:
        """Return the point on the surface under the apogee (km)."""
        return R * self.ux, R * self.uy - R

    def top_xy(self, R: float) -> tuple[float, float]:
        """Return the apogee (km)."""
        r = R + self.p.apogee_km
        return r * self.ux, r * self.uy - R


def view_limits(xs: np.ndarray, ys: np.ndarray, ax_w: float, ax_h: float) -> View:
    """Limits that hold every curve and the reference arcs, at one scale on both axes."""
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
    return View(x0, x1, y0, y1, scale)


def apogee_label_spot(
    a: Apogee,
    text: str,
    label_size: float,
    view: View,
    obstacles: np.ndarray,
    rects: Sequence[Box],
    R: float,
) -> tuple[int, str, float, Box] | None:
    """First free place for an apogee label: (row, alignment, baseline, box), or None.

    Rows climb from just above the apogee; when the apogee is well downrange (the
    curve's visual top is to its left on a curved Earth) the label runs right first,
    where the curve falls away. A place must stay in the view and clear every curve
    and every label already placed.
    """
    pt = view.pt
    line_h = label_size * 1.35 * pt
    ax_, ay_ = a.top_xy(R)
    first = "left" if a.th_a > 0.08 else "center"
    wl = len(text) * label_size * 0.64 * pt
    bx = ax_ + 4 * pt * a.ux
    tries = [(j, h) for j in range(16) for h in (first, "right", "center", "left")]
    for j, ha in dict.fromkeys(tries):
        xl0 = bx - {"left": 0.0, "center": 0.5 * wl, "right": wl}[ha]
        by = ay_ + 4 * pt * a.uy + j * line_h
        rect = (xl0, by, xl0 + wl, by + line_h * 0.9)
        if rect[0] < view.x0 + 2 * pt or rect[2] > view.x1 - 2 * pt or rect[3] > view.y1:
            continue
        clear_curves = is_free((xl0 + 0.5 * wl, by, 0.5 * wl, line_h * 0.85, 0.0), obstacles)
        clear_labels = not any(
            rect[0] < q[2] and q[0] < rect[2] and rect[1] < q[3] and q[1] < rect[3] for q in rects
        )
        if clear_curves and clear_labels:
            return j, ha, by, rect
    return None


def with_label_boxes(obstacles: np.ndarray, rects: Sequence[Box]) -> np.ndarray:
    """Add to the obstacle points a 9 × 3 grid of points over each placed label box."""
    return np.vstack(
        [obstacles]
        + [
            np.array(
                [[x, y] for x in np.linspace(r[0], r[2], 9) for y in np.linspace(r[1], r[3], 3)]
            )
            for r in rects
        ]
    )


def reference_labels(hgt_l: float) -> dict[float, str]:
    """Label per reference altitude; arcs too close to label apart share one on the outer arc."""
    labels = {alt: text for alt, text in REFERENCE_LINES}
    alts = sorted(labels)
    if len(alts) == 2 and (alts[1] - alts[0]) < 1.8 * hgt_l:
        labels = {alts[0]: "", alts[1]: "Kármán line (100 km), ISS (~420 km)"}
    return labels


def reference_label_spot(
    label: str, r: float, small_size: float, view: View, obstacles: np.ndarray, R: float
) -> tuple[float, float, float] | None:
    """Where a reference arc's label sits along its tangent: (x, y, angle rad), or None.

    Left edge first, then right edge, then the rest; never steeper than 50°; the
    whole rotated box (not only its anchor) inside the view and clear of every curve.
    """
    pt = view.pt
    hgt_l = small_size * 1.1 * pt
    x0, x1, y0, y1 = view.x0, view.x1, view.y0, view.y1
    hl = 0.5 * len(label) * small_size * 0.56 * pt
    grid = np.linspace(x0 + hl + 8 * pt, x1 - hl - 8 * pt, 13)
    cands = [grid[0], grid[-1], *grid[1:-1]]
    for xc in cands:
        if abs(xc) >= r or abs(math.asin(xc / r)) > math.radians(50.0):
            continue
        phi = math.asin(xc / r)
        yc = r * math.cos(phi) - R
        bx, by = xc + 1.5 * pt * math.sin(phi), yc + 1.5 * pt * math.cos(phi)
        ca, sa = math.cos(-phi), math.sin(-phi)
        corners = [
            (bx + u * ca - v * sa, by + u * sa + v * ca) for u in (-hl, hl) for v in (0.0, hgt_l)
        ]
        if not all(
            x0 + 4 * pt < cx_ < x1 - 4 * pt and y0 + 4 * pt < cy_ < y1 - 4 * pt
            for cx_, cy_ in corners
        ):
            continue
        if is_free((bx, by, hl, hgt_l, -phi), obstacles):
            return bx, by, phi
    return None
