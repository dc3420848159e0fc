"""Whether a report's claim holds, as a probability.

A claim ("fell outside Japan's EEZ") is judged on the zone probabilities of
the missiles it covers (:func:`trajgeo.analysis.probability.zone_probability`),
never on itself. It **holds** when its probability is at least 95 %, is
**contradicted** at 5 % or less, and is otherwise **near the line**; either
firm answer also needs the decisive margin to exceed the boundary's local
error, so no claim is ever confirmed or contradicted on a margin smaller than
the data's error.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from trajgeo.analysis.probability import ZoneProbability, zone_probability

if TYPE_CHECKING:
    from trajgeo.analysis.estimate import ImpactEstimate
    from trajgeo.maritime import ZoneSet

__all__ = ["HOLDS_AT", "ClaimVerdict", "MissileSide", "check_holds_at", "judge_claim"]

#: A claim holds at this probability or above, and is contradicted at 1 - this or below.
HOLDS_AT = 0.95


def check_holds_at(value: Any) -> float:
    """Return a claim's threshold if it lies above 0.5 and below 1, else raise InputError.

    Examples
    --------
    >>> check_holds_at(0.95)
    0.95
    """
    from trajgeo._checks import number

    return number(value, "holds_at", low=0.5, high=1.0, above=True, below=True)


@dataclass(frozen=True)
class MissileSide:
    """One missile group's probability of being on the side a claim says."""

    missile: int
    lines: tuple[int, ...]
    p_claimed_side: float
    zone: ZoneProbability | None
    placed: bool
    reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "missile": self.missile,
            "lines": list(self.lines),
            "p_claimed_side": None if not self.placed else round(self.p_claimed_side, 4),
            "zone": self.zone.as_dict() if self.zone else None,
            "placed": self.placed,
            "reason": self.reason,
        }


Status = Literal["holds", "contradicted", "near_line", "unknown"]


@dataclass(frozen=True)
class ClaimVerdict:
    """Whether a report's claim about a zone holds, as a probability.

    ``probability`` is that of the claim being true: every missile it covers
    on the side it says (missile groups are independent estimates).
    """

    zone: str
    kind: str
    inside: bool
    source: str | None
    status: Status
    probability: float | None
    missiles: tuple[MissileSide, ...] = field(default=())
    reason: str = ""
    holds_at: float = HOLDS_AT
    #: Left open because the estimate lies in land or sea that several states claim: in
    #: the view judged in that area is none of its claimants' (``in_view``), or, in the
    #: claimant's own view, whose it is depends on whose claim is taken.
    unsettled: bool = False
    in_view: bool = False

    @property
    def verdict(self) -> str:
        """Give the claim's answer as tables and catalogue maps list it.

        ``not_settled`` for a claim left open because its area is disputed, else ``status``.
        """
        return "not_settled" if self.unsettled else self.status

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "zone": self.zone,
            "kind": self.kind,
            "inside": self.inside,
            "source": self.source,
            "status": self.status,
            "probability": None if self.probability is None else round(self.probability, 4),
            "missiles": [m.as_dict() for m in self.missiles],
            "reason": self.reason,
            "holds_at": self.holds_at,
            "unsettled": self.unsettled,
            "unsettled_in_view": self.in_view,
        }


def judge_claim(
    zone: str,
    kind: str,
    inside: bool,
    source: str | None,
    estimates: Sequence[ImpactEstimate],
    zones: ZoneSet,
    holds_at: float = HOLDS_AT,
    known: Sequence[ZoneProbability | None] = (),
    worldview: str | None = None,
) -> ClaimVerdict:
    """Test a claim ("fell outside Japan's EEZ") against the missiles' impact estimates.

    Parameters
    ----------
    zone, kind, inside, source
        The claim: the zone's state (ISO3), its kind, which side, and who said it.
    estimates
        The estimates of the missiles the claim covers. None of them may use
        the claim itself (claims are never inputs to an estimate).
    zones
        The maritime zones.
    holds_at
        The probability at which a claim holds (and ``1 - holds_at`` at which it
        is contradicted).
    known
        Zone probabilities already computed for these estimates (same order),
        reused when they are of the claim's zone and kind.
    worldview
        Judge the zone as this state claims it (default: the zone's own state).
    """
    sides = []
    reuse = list(known) + [None] * (len(estimates) - len(known))
    for est, done in zip(estimates, reuse, strict=True):
        if not est.placed:
            sides.append(
                MissileSide(
                    est.missile.number, est.missile.lines, math.nan, None, False, est.reason
                )
            )
            continue
        zp = (
            done
            if done is not None and (done.iso3, done.kind) == (zone.upper(), kind)
            else zone_probability(est, zones, zone, kind, worldview=worldview)
        )
        p = zp.p_inside if inside else 1.0 - zp.p_inside
        sides.append(MissileSide(est.missile.number, est.missile.lines, p, zp, True))
    if not sides or not all(s.placed for s in sides):
        why = next((s.reason for s in sides if not s.placed), "no missile to judge")
        return ClaimVerdict(
            zone, kind, inside, source, "unknown", None, tuple(sides), why, holds_at
        )
    prob = float(np.prod([s.p_claimed_side for s in sides]))
    status: Status = "near_line"
    reason = ""
    if prob >= holds_at:
        short = [s.zone for s in sides if s.zone and not _clear(s.zone, inside)]
        if short:
            reason = (
                f"{prob:.0%} likely, but the margin is within the boundary's own error "
                f"({short[0].error.describe()})"
            )
        else:
            status = "holds"
    elif min(s.p_claimed_side for s in sides) <= 1.0 - holds_at:
        worst = min(sides, key=lambda s: s.p_claimed_side)
        if worst.zone is not None and _clear(worst.zone, not inside):
            status = "contradicted"
        else:
            reason = (
                "unlikely as said, but the margin is within the boundary's own error "
                f"({worst.zone.error.describe() if worst.zone else ''})"
            )
    # also when the margin alone leaves it open: that the area is disputed is the reason a
    # reader needs
    open_, in_view = False, False
    if worldview and worldview.upper() != zone.upper():
        # the view gives the area to none of its claimants
        share, _ = _shared(estimates, zones, zone.upper(), worldview.upper())
        if share >= 1.0 - holds_at:
            from trajgeo.wording import unsettled_reason

            status, open_, in_view = "near_line", True, True
            reason = unsettled_reason(share, zone, worldview)
    else:
        # the claimant's own view gives it the area, but that is its claim, not a finding:
        # "outside Argentina's EEZ" off Stanley is true as the United Kingdom draws the
        # zones and false as Argentina does
        # (where the margin alone leaves it open, the dispute is said when it holds most of
        # the estimate; a sliver of a band beside "too close to the line" is not the reason)
        share, others = _shared(estimates, zones, zone.upper(), None)
        if share >= (1.0 - holds_at if status != "near_line" else 0.5):
            from trajgeo.wording import disputed_reason

            status, open_ = "near_line", True
            reason = disputed_reason(share, zone, others)
    return ClaimVerdict(
        zone, kind, inside, source, status, prob, tuple(sides), reason, holds_at, open_, in_view
    )


def _shared(
    estimates: Sequence[ImpactEstimate], zones: ZoneSet, zone: str, view: str | None
) -> tuple[float, tuple[str, ...]]:
    """Return the largest share of a missile's samples in areas ``zone`` claims with others.

    With a ``view`` (a state that is none of an area's claimants) only the
    areas that view leaves to no one count (:func:`trajgeo.analysis.probability._owns`):
    the data cannot tell what that state holds there. Without one, every area
    ``zone`` claims with others counts: the claimant's own view gives it the
    area, which is its claim, not a finding. Either way a claim decided by
    those samples is not decided. Also returns the other claimants met. Of at
    most 2,000 evenly spread samples per missile.
    """
    from trajgeo.analysis.fused import _classified  # (the estimate's classification, kept)
    from trajgeo.maritime.verdicts import shared_by

    worst, others = 0.0, set[str]()
    for est in estimates:
        if not est.placed:
            continue
        pts, pi, zi = _classified(est, zones)
        hit = set()
        for p, z in zip(pi, zi, strict=True):
            area = zones.zones[int(z)]
            if shared_by(area, zone, view):
                hit.add(int(p))
                others.update(area.claimants)
        worst = max(worst, len(hit) / len(pts))
    others.discard(zone)
    return worst, tuple(sorted(others))


def _clear(zp: ZoneProbability, inside: bool) -> bool:
    """Tell whether 95 % of the samples lie beyond their own stretch's 95 % error on one side.

    Each sample is held to the error of the stretch of limit nearest it (the
    error measured for that stretch, else its class's), not to the single
    nearest stretch's.
    """
    return zp.beyond_error[0 if inside else 1] >= 0.95
