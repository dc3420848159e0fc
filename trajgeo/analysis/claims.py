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
    #: Left open because the view judged in gives the area to none of its claimants.
    unsettled: bool = False

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
            "unsettled_in_view": self.unsettled,
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
    in_view = False  # left open because the view gives the area to none of its claimants
    if worldview and worldview.upper() != zone.upper():
        # also when the margin alone leaves it open: the area being no one's here is the
        # reason a reader needs
        unsettled = _unsettled_share(estimates, zones, zone.upper(), worldview.upper())
        if unsettled >= 1.0 - holds_at:
            from trajgeo.wording import unsettled_reason

            status, in_view = "near_line", True
            reason = unsettled_reason(unsettled, zone, worldview)
    return ClaimVerdict(
        zone, kind, inside, source, status, prob, tuple(sides), reason, holds_at, in_view
    )


def _unsettled_share(
    estimates: Sequence[ImpactEstimate], zones: ZoneSet, zone: str, view: str
) -> float:
    """Return the largest share of a missile's samples in areas ``zone`` claims with others.

    In the view of a state that is none of an area's claimants, the area is no
    one's (:func:`trajgeo.analysis.probability._owns`): the data cannot tell
    what that state holds there, so a claim decided by those samples is not
    decided. Of at most 2,000 evenly spread samples per missile.
    """
    from trajgeo.analysis.fused import _classified  # (the estimate's classification, kept)

    worst = 0.0
    for est in estimates:
        if not est.placed:
            continue
        pts, pi, zi = _classified(est, zones)
        hit = {
            int(p)
            for p, z in zip(pi, zi, strict=True)
            if len(c := zones.zones[int(z)].claimants) > 1 and zone in c and view not in c
        }
        worst = max(worst, len(hit) / len(pts))
    return worst


def _clear(zp: ZoneProbability, inside: bool) -> bool:
    """Tell whether 95 % of the samples lie beyond their own stretch's 95 % error on one side.

    Each sample is held to the error of the stretch of limit nearest it (the
    error measured for that stretch, else its class's), not to the single
    nearest stretch's.
    """
    return zp.beyond_error[0 if inside else 1] >= 0.95
