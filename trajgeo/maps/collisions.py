"""Where a drawn static map's texts sit, measured by the renderer, and which of them collide.

Every text of the figure counts: the labels, the country names, the legend, the
scale bar's figures, the badge box, the title block and the footer. A halo is a
path drawn beneath its own text, at the same place, and is not a text of its own.
Boxes are the renderer's own text extents in display pixels; a rotated label is
its rotated rectangle, not the upright box around it, so a slanted label beside
another is not a false alarm.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["TextBox", "overlapping_texts", "text_boxes"]

#: Overlaps smaller than this (display pixels, each way) are antialiasing, not a clash.
TOLERANCE_PX = 0.5


@dataclass(frozen=True)
class TextBox:
    """One text on a drawn map.

    Attributes
    ----------
    text
        The text, as drawn.
    gid
        Its role (``"label-zone"``, ``"legend"``, ``"badge"``, ``"scalebar"`` …), or ``""``.
    corners
        The four corners of its box in display pixels (origin bottom left).
    """

    text: str
    gid: str
    corners: tuple[tuple[float, float], ...]

    def polygon(self) -> Any:
        """Return the box as a shapely polygon."""
        from shapely.geometry import Polygon

        return Polygon(self.corners)


def _corners(text: Any, renderer: Any) -> tuple[tuple[float, float], ...]:
    """Return the rotated rectangle of a text (its upright extent turned about its anchor)."""
    patch = text.get_bbox_patch()
    angle = text.get_rotation()
    if patch is not None:
        bb = patch.get_window_extent(renderer)
    elif angle % 360.0 == 0.0:
        bb = text.get_window_extent(renderer)
    else:
        text.set_rotation(0.0)
        try:
            bb = text.get_window_extent(renderer)
        finally:
            text.set_rotation(angle)
    pts = ((bb.x0, bb.y0), (bb.x1, bb.y0), (bb.x1, bb.y1), (bb.x0, bb.y1))
    if patch is not None or angle % 360.0 == 0.0:
        return pts
    ox, oy = text.get_transform().transform(text.get_position())
    ca, sa = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    return tuple(
        (ox + (x - ox) * ca - (y - oy) * sa, oy + (x - ox) * sa + (y - oy) * ca) for x, y in pts
    )


def _owner_gid(text: Any) -> str:
    gid = text.get_gid()
    parent = text
    while not gid and getattr(parent, "axes", None) is not None and parent is not parent.axes:
        parent = parent.axes
        gid = parent.get_gid()
    if not gid:
        from matplotlib.legend import Legend

        for a in text.figure.legends if text.figure is not None else ():
            if isinstance(a, Legend) and text in a.get_texts():
                gid = a.get_gid()
    return str(gid or "")


def text_boxes(figure: Figure) -> list[TextBox]:
    """Return the box of every visible, non-empty text of a drawn figure.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from matplotlib.backends.backend_agg import FigureCanvasAgg
    >>> fig = Figure(figsize=(2, 1), dpi=100)
    >>> _ = FigureCanvasAgg(fig)
    >>> _ = fig.text(0.1, 0.5, "a label", gid="label-zone")
    >>> [(b.text, b.gid) for b in text_boxes(fig)]
    [('a label', 'label-zone')]
    """
    from matplotlib.text import Text

    figure.draw_without_rendering()  # the legend and the like find their places at draw time
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    out = []
    texts: list[Any] = figure.findobj(lambda a: isinstance(a, Text))
    for t in texts:
        if not t.get_visible() or not t.get_text().strip() or t.get_gid() == "halo":
            continue
        if t.axes is not None and not t.axes.get_visible():
            continue
        corners = _corners(t, renderer)
        xs = [x for x, _ in corners]
        if max(xs) - min(xs) <= 0:
            continue
        out.append(TextBox(t.get_text(), _owner_gid(t), corners))
    return out


def overlapping_texts(figure: Figure) -> list[tuple[TextBox, TextBox]]:
    """Return every pair of texts whose boxes overlap on a drawn figure.

    Two boxes collide when their intersection is wider and taller than
    :data:`TOLERANCE_PX` (the renderer's own extents, rotated labels as turned
    rectangles).
    """
    boxes = text_boxes(figure)
    polys = [b.polygon() for b in boxes]
    out = []
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            if not polys[i].intersects(polys[j]):
                continue
            inter = polys[i].intersection(polys[j])
            if inter.is_empty:
                continue
            x0, y0, x1, y1 = inter.bounds
            if x1 - x0 > TOLERANCE_PX and y1 - y0 > TOLERANCE_PX and inter.area > 1.0:
                out.append((boxes[i], boxes[j]))
    return out
