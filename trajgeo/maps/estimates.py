"""The fused estimate on a map: probability regions, sample dots and claim badges.

:func:`_estimate_layers` turns each missile group of an
:class:`~trajgeo.analysis.Analysis` into an
:class:`~trajgeo.maps.layers.EstimateLayer` in the map's frame, and
:func:`_badges` each claim into a :class:`~trajgeo.maps.layers.Badge`; both
renderers draw from these.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from trajgeo.maps.frame import _to_frame
from trajgeo.maps.layers import Badge, EstimateLayer, ShotLayer
from trajgeo.wording import claim_label, claim_mark, claim_sentence, verdict_badge, zone_reach

if TYPE_CHECKING:
    from trajgeo.analysis import Analysis

__all__: list[str] = []

#: Most simulated impacts a map draws (all groups together).
MAX_SAMPLES = 2_000
#: Most badges a map carries; past it, the first ones and an ellipsis.
MAX_BADGES = 3


def _frame_points(xy: np.ndarray, frame: float) -> np.ndarray:
    out = np.array(xy, float, copy=True).reshape(-1, 2)
    lo = frame - 180.0
    out[:, 0] = (out[:, 0] - lo) % 360.0 + lo
    return out


def _estimate_layers(
    analysis: Analysis | None, shots: Sequence[ShotLayer], frame: float, samples: bool = False
) -> tuple[EstimateLayer, ...]:
    """Each placed missile group's regions (and, if asked, samples) in the frame."""
    if analysis is None:
        return ()
    groups = [
        (ea.geometry.event.id, ma)
        for ea in analysis.events
        if ea.fused is not None
        for ma in ea.fused.missiles
        if ma.estimate.placed and ma.regions
    ]
    per_group = MAX_SAMPLES // max(len(groups), 1)
    out: list[EstimateLayer] = []
    for event_id, ma in groups:
        m = ma.estimate.missile
        index = min(
            (s.index for s in shots if s.event_id == event_id and s.number in m.lines),
            default=len(out),
        )
        regions = tuple(
            (float(r.level), _to_frame(r.geometry, frame))
            for r in sorted(ma.regions, key=lambda r: -r.level)
            if r.geometry is not None and not r.geometry.is_empty
        )
        pts = np.empty((0, 2))
        if samples and len(ma.estimate.impacts):
            imp = np.asarray(ma.estimate.impacts, float)
            pick = np.linspace(0, len(imp) - 1, min(per_group, len(imp))).astype(int)
            pts = _frame_points(imp[pick], frame)
        what = f"{m.count} × {m.missile or 'missile'}"
        out.append(
            EstimateLayer(
                index=index,
                event_id=event_id,
                missile=m.number,
                title=f"Missile {m.number}" + (f" ({m.label})" if m.label else "") + f": {what}",
                regions=regions,
                zones=tuple((zone_reach(z), float(z.p_inside)) for z in ma.zones),
                landmark=None if ma.landmark is None else ma.landmark.text,
                samples=pts,
            )
        )
    return tuple(out)


def _badges(analysis: Analysis | None) -> tuple[Badge, ...]:
    """One badge per claim; past :data:`MAX_BADGES`, the first ones and ``…``."""
    if analysis is None:
        return ()
    out = [
        Badge(
            cv.status,
            claim_mark(cv),
            verdict_badge(cv, claim_label(cv.zone, cv.kind)),
        )
        for ea in analysis.events
        if ea.fused is not None
        for cv in ea.fused.claims
    ]
    if len(out) > MAX_BADGES:
        more = len(out) - (MAX_BADGES - 1)
        out = out[: MAX_BADGES - 1] + [
            Badge("more", "", f"… and {more} more claims (see trajgeo check)")
        ]
    return tuple(out)


def _estimate_sentences(analysis: Analysis | None) -> str:
    """Alt text: the regions, each group's landmark description and each claim's badge."""
    if analysis is None:
        return ""
    out: list[str] = []
    placed = [
        ma
        for ea in analysis.events
        if ea.fused is not None
        for ma in ea.fused.missiles
        if ma.estimate.placed and ma.regions
    ]
    if placed:
        out.append(
            "Shaded in each missile's colour: the areas where trajgeo's estimate, "
            "combining every source, puts the impact with 50 % and 95 % likelihood."
        )
    for ma in placed:
        if ma.landmark is not None:
            who = (
                "the missiles"
                if len(placed) == 1
                and (ma.estimate.missile.count > 1 or not ma.estimate.missile.count_given)
                else ("the missile" if len(placed) == 1 else f"missile {ma.number}")
            )
            out.append(f"By trajgeo's estimate, {who} came down {ma.landmark.text}.")
    # as check says it: which claim, whose, how likely and why (two claims about one zone,
    # inside and outside, read apart)
    out += [f"Reported claim, {text}." for *_, text in _claim_answers(analysis)]
    return " ".join(out)


def _claim_answers(analysis: Analysis | None) -> tuple[tuple[str, int, str, str], ...]:
    """Each claim's answer from the fused estimate: event id, place, status, sentence.

    What the alt text and the HTML popups say of each claim (``MapSpec.claim_answers``).
    """
    if analysis is None:
        return ()
    return tuple(
        (ea.geometry.event.id, j, cv.status, claim_sentence(cv, claim_label(cv.zone, cv.kind)))
        for ea in analysis.events
        if ea.fused is not None
        for j, cv in enumerate(ea.fused.claims)
    )
