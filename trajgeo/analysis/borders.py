"""Land in an estimate's measurement: which samples lie ashore, and which land borders bound a zone.

Inland, a state's zone ends at its land borders, each stretch graded by its own
measured offset (``geodata/land/border_accuracy.json``), and no sea limit
reaches a sample on land, whatever that limit's error. Used by
:mod:`trajgeo.analysis.probability`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from trajgeo.analysis.boundary_error import BoundaryError
from trajgeo.maritime import accuracy as _accuracy
from trajgeo.maritime.accuracy import basis_of

if TYPE_CHECKING:
    from trajgeo.analysis.probability import _Region
    from trajgeo.maritime import ZoneSet

__all__ = ["ashore", "ashore_far", "border_samples", "edge_borders", "nearer_border"]


def ashore(pts: np.ndarray, zones: ZoneSet) -> np.ndarray:
    """Tell which samples lie on land, whoever's (the land is the same in every view)."""
    from trajgeo.analysis.tracks import _land_owner

    on = np.zeros(len(pts), dtype=bool)
    if len(pts):
        on[_land_owner(zones, pts[:, 0], pts[:, 1])[0]] = True
    return on


def ashore_far(measured: _Measured, on_land: np.ndarray) -> _Measured:
    """Put the samples ashore beyond every sea limit (a land border may still be nearer)."""
    if not on_land.any():
        return measured
    source, med, p95, kind, dist, origin = measured
    return source, med, p95, kind, np.where(on_land, np.inf, dist), origin


def nearer_border(
    measured: _Measured,
    pts: np.ndarray,
    borders: Any,
    on_land: np.ndarray | None = None,
    reach: float = math.inf,
) -> _Measured:
    """Take each sample's land border instead of its sea limit where the border is nearer.

    Samples ``on_land`` take their border within ``reach`` km (no sea limit reaches
    them); beyond it they are beyond every limit.
    """
    if borders is None:
        return measured
    got = _accuracy.border_errors(pts, borders)
    use = got[4] < measured[4]
    if on_land is not None:
        use = (use & ~on_land) | (on_land & (got[4] <= reach))
    if not use.any():
        return measured
    source, med, p95, kind, dist, origin = (
        np.where(use, b, m) for m, b in zip(measured, got, strict=True)
    )
    return source, med, p95, kind, dist, origin


#: What :func:`~trajgeo.maritime.accuracy.limit_errors_and_sources` and
#: :func:`~trajgeo.maritime.accuracy.border_errors` return.
_Measured = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]

#: A sample is measured against a land border when the border is its nearest edge: within
#: this share, and :data:`_BORDER_SLACK_KM`, of its distance to any edge (the two are measured
#: differently, and borders are derived with outlines within about 550 m taken as meeting).
_BORDER_SLACK = 0.02
_BORDER_SLACK_KM = 0.75


def border_samples(
    pts: np.ndarray,
    near: np.ndarray,
    signed: np.ndarray,
    region: _Region,
    iso3: str,
    zones: ZoneSet,
    view: str,
    kinds: tuple[str, ...],
) -> dict[int, BoundaryError]:
    """Find the samples whose nearest edge of a territorial sea or land is a land border.

    Returns each such sample's index and that border's error.

    Those edges are not the data set's coast or 12-NM line, whose accuracy is
    only stated: each border's offset was measured
    (:func:`trajgeo.maritime.accuracy.border_errors`).
    """
    from trajgeo.analysis.probability import _rounded_km as rounded_km

    if "land" not in kinds or getattr(zones.dataset, "user_supplied", False) or not len(near):
        return {}
    borders = edge_borders(region, iso3, zones, view)
    if borders is None:
        return {}
    source, med, p95, _, dist, origin = _accuracy.border_errors(pts[near], borders)
    d = np.abs(signed[near])
    use = np.flatnonzero(np.isfinite(d) & (dist <= d * (1.0 + _BORDER_SLACK) + _BORDER_SLACK_KM))
    return {
        int(near[j]): BoundaryError(
            "land_border",
            float(med[j]),
            rounded_km(float(p95[j])),
            basis_of("land_border", str(source[j]), str(origin[j])),
        )
        for j in use
    }


def _own_both_sides(lim: Any, iso3: str, zones: ZoneSet, view: str) -> np.ndarray:
    """Which borders have the state's own land on both sides, as ``view`` draws it."""
    from trajgeo.analysis.probability import _owns, _viewed

    own = {
        z.zone_id.split("@")[0]
        for z in _viewed(zones, view).zones
        if z.kind == "land" and _owns(z, iso3)
    }
    return np.isin(lim.attrs["zone_a"], list(own)) & np.isin(lim.attrs["zone_b"], list(own))


#: The land borders on each region's edge (see :func:`_edge_borders`).
_EDGE_BORDERS: dict[int, tuple[_Region, Any]] = {}
#: A region's edge is simplified within this (degrees, about 2 km): see
#: :mod:`trajgeo.analysis.probability`, which measures its rough distances by it.
EDGE_TOL_DEG = 0.02
#: A border's points this near (degrees) a region's edge, simplified within
#: :data:`EDGE_TOL_DEG`, lie on it.
_ON_EDGE_DEG = 1.5 * EDGE_TOL_DEG


def edge_borders(region: _Region, iso3: str, zones: ZoneSet, view: str) -> Any:
    """Return the state's land borders that bound ``region`` (``None``: none).

    A state's borders include some inside its zone as ``view`` draws it (the
    edge of a disputed area it holds in that view, a territory's own border):
    only those with land of another on one side, and along which the region's
    edge runs (half their points or more), limit it.
    """
    import shapely

    hit = _EDGE_BORDERS.get(id(region))
    if hit is not None and hit[0] is region:
        return hit[1]
    lim = _accuracy.state_borders(iso3) if region.edge is not None else None
    found = None
    if lim is not None:
        xy, piece = lim.dense
        x0, y0, x1, y1 = region.geometry.bounds
        box = (xy[:, 0] >= x0) & (xy[:, 0] <= x1) & (xy[:, 1] >= y0) & (xy[:, 1] <= y1)
        on = np.zeros(len(xy), dtype=bool)
        on[box] = shapely.dwithin(region.edge, shapely.points(xy[box]), _ON_EDGE_DEG)
        line = lim.line[piece]
        total = np.bincount(line[box], minlength=len(lim))
        keep = (total > 0) & (np.bincount(line[on], minlength=len(lim)) >= 0.5 * total)
        keep &= ~_own_both_sides(lim, iso3, zones, view)
        found = lim.subset(keep) if keep.any() else None
    if len(_EDGE_BORDERS) > 64:
        _EDGE_BORDERS.clear()
    _EDGE_BORDERS[id(region)] = (region, found)
    return found
