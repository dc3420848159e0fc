"""Zones cut into pieces of few vertices, for fast point tests and area look-ups.

A zone's polygon can hold tens of thousands of vertices; a point test against
it is slow. Cut into pieces of at most 128 vertices (on multiples of 0.5°,
so neighbouring zones' pieces line up), the pieces go into a spatial index
and each test touches only a few short rings.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from trajgeo.maritime.zoneset import ZoneSet

__all__ = ["Made", "cached_pieces", "cached_pieces_of", "pieces_key", "quad_split", "side_boxes"]

#: Pieces read for one kind's zones, by span of zones ``(start, stop)``.
Made = dict[tuple[int, int], tuple[Any, np.ndarray]]


def side_boxes(
    geom: BaseGeometry, reach_deg: float
) -> tuple[tuple[float, float, float, float], ...]:
    """Boxes round ``geom`` widened by ``reach_deg``: one per side of 180° if it is split there.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> side_boxes(box(10, 20, 11, 21), 1.0)
    ((9.0, 19.0, 12.0, 22.0),)
    """
    import shapely

    minx, _, maxx, _ = geom.bounds
    if minx <= -180.0 + 1e-9 and maxx >= 180.0 - 1e-9:
        parts = shapely.get_parts(geom)
        bounds = shapely.bounds(parts)
        west = (bounds[:, 0] + bounds[:, 2]) < 0.0
        groups = [bounds[west], bounds[~west]]
    else:
        groups = [np.asarray([geom.bounds])]
    out = []
    for b in groups:
        if len(b):
            out.append(
                (
                    max(-180.0, float(b[:, 0].min()) - reach_deg),
                    max(-90.0, float(b[:, 1].min()) - reach_deg),
                    min(180.0, float(b[:, 2].max()) + reach_deg),
                    min(90.0, float(b[:, 3].max()) + reach_deg),
                )
            )
    return tuple(out)


def pieces_key(zs: ZoneSet) -> str:
    """Name the piece index of a zone set read from a file (empty if it has no file)."""
    from trajgeo.maritime._piececache import digest

    try:
        stat = Path(zs.dataset.path).stat()
    except (OSError, ValueError):
        return ""
    return digest(
        zs.dataset.path,
        str(stat.st_size),
        str(stat.st_mtime_ns),
        "128",
        *(z.zone_id for z in zs.zones),
    )


def cached_pieces_of(zs: ZoneSet, kind: str, made: Made) -> tuple[np.ndarray, np.ndarray] | None:
    """One kind's pieces from the user's cache, when its zones' pieces lie together there.

    They are kept in ``made``, for :func:`cached_pieces` to reuse.
    """
    from trajgeo.maritime._piececache import load_pieces

    key = pieces_key(zs)
    wanted = np.flatnonzero(np.array([z.kind == kind for z in zs.zones]))
    if not key or not len(wanted) or wanted[-1] - wanted[0] + 1 != len(wanted):
        return None
    span = (int(wanted[0]), int(wanted[-1]) + 1)
    if span not in made:
        found = load_pieces(key, zones=span)
        if found is None:
            return None
        made[span] = (np.asarray(found[0], dtype=object), found[1])
    return made[span]


def cached_pieces(zs: ZoneSet, key: str, made: Made) -> tuple[list[Any], np.ndarray] | None:
    """Every zone's pieces from the user's cache, keeping those ``made`` holds already.

    A check tests land first (the launch area's samples), then classifies
    against every zone: the land pieces (about 10,000) are made once, not twice.
    """
    from trajgeo.maritime._piececache import load_piece_spans, load_pieces

    if not made:
        return load_pieces(key)
    bounds = [0] + [b for span in sorted(made) for b in span] + [len(zs.zones)]
    gaps = [(a, b) for a, b in zip(bounds[::2], bounds[1::2], strict=True) if b > a]
    found = load_piece_spans(key, gaps) if gaps else []
    if found is None:
        return load_pieces(key)
    parts = sorted(
        [(span, made[span]) for span in made] + list(zip(gaps, found, strict=True)),
        key=lambda item: item[0],
    )
    geoms = [g for _, (pieces, _) in parts for g in pieces]
    return geoms, np.concatenate([owner for _, (_, owner) in parts])


def quad_split(geom: BaseGeometry, max_vertices: int = 128) -> list[BaseGeometry]:
    """Cut a polygon in halves, recursively, until each piece has few vertices.

    Cuts fall on multiples of 0.5° where the piece is large, so pieces of
    neighbouring zones line up. Used only for fast point tests.

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> disc = Point(0, 0).buffer(2.0, quad_segs=64)   # 257 vertices
    >>> pieces = quad_split(disc)
    >>> len(pieces) > 1, round(sum(p.area for p in pieces) / disc.area, 9)
    (True, 1.0)
    """
    import shapely

    out: list[BaseGeometry] = []
    stack = [geom]
    while stack:
        g = stack.pop()
        if g.is_empty:
            continue
        if shapely.get_num_coordinates(g) <= max_vertices:
            out.extend(
                p for p in getattr(g, "geoms", [g]) if p.geom_type == "Polygon" and not p.is_empty
            )
            continue
        minx, miny, maxx, maxy = g.bounds
        if maxx - minx >= maxy - miny:
            m = _cut(minx, maxx)
            stack += [
                shapely.clip_by_rect(g, minx, miny, m, maxy),
                shapely.clip_by_rect(g, m, miny, maxx, maxy),
            ]
        else:
            m = _cut(miny, maxy)
            stack += [
                shapely.clip_by_rect(g, minx, miny, maxx, m),
                shapely.clip_by_rect(g, minx, m, maxx, maxy),
            ]
    return out


def _cut(lo: float, hi: float) -> float:
    mid = (lo + hi) / 2.0
    if hi - lo > 1.0:
        mid = round(mid * 2.0) / 2.0
    return mid
