"""The fused estimate of an event: one answer per missile, and each claim as a probability.

:func:`fuse_event` groups an event's shot lines into missiles
(:func:`~trajgeo.events.accounts.accounts_from_event`), estimates where each
came down from all its accounts (:mod:`trajgeo.analysis.estimate`), gives the
probability of each zone it may have reached and of each state it may have
overflown, and tests every claim of the event against the estimates
(:mod:`trajgeo.analysis.probability`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from trajgeo.analysis.claims import HOLDS_AT, ClaimVerdict, judge_claim
from trajgeo.analysis.estimate import TARGET_SAMPLES, ImpactEstimate, missile_estimator
from trajgeo.analysis.landmarks import LandmarkDescription, describe_impact
from trajgeo.analysis.probability import (
    HALF_WIDTH,
    ZoneProbability,
    sample_variance,
    zone_probability,
)
from trajgeo.analysis.regions import ProbabilityRegion, probability_regions
from trajgeo.analysis.tracks import (
    OverflightChance,
    _land_owner,
    land_owners_near,
    overflight_chances,
)
from trajgeo.maritime.names import has_sea, require_known_code, require_sea

if TYPE_CHECKING:
    from trajgeo.events import Event
    from trajgeo.maritime.zoneset import ZoneSet

__all__ = ["FusedEvent", "MissileAnalysis", "fuse_event"]

#: A zone is listed for a missile when at least this share of its samples fall in it.
_MIN_SHARE = 0.01
#: Samples of the first estimate of each missile; more are drawn only where a zone's
#: probability is not yet within ±1 point (see :func:`_to_precision`).
FIRST_SAMPLES = 2_000


@dataclass(frozen=True)
class MissileAnalysis:
    """Everything trajgeo says about one group of missiles.

    Attributes
    ----------
    estimate
        Where it came down: the samples, the evidence used and set aside.
    zones
        The probability of having come down in each zone it may have reached
        (and each zone a claim names).
    overflights
        The probability of having flown over each state's land, or ``None``
        when the accounts do not fix the direction of flight.
    regions
        The 50 % and 95 % probability regions.
    landmark
        The central impact described from a landmark (derived by trajgeo).
    """

    estimate: ImpactEstimate
    zones: tuple[ZoneProbability, ...]
    overflights: tuple[OverflightChance, ...] | None
    regions: tuple[ProbabilityRegion, ...]
    landmark: LandmarkDescription | None

    @property
    def number(self) -> int:
        """The group's 1-based number in its event."""
        return self.estimate.missile.number

    def as_dict(self, samples: bool = False) -> dict[str, Any]:
        """Return a JSON-ready dict (``samples``: include every impact sample)."""
        est = self.estimate
        m = est.missile
        doc: dict[str, Any] = {
            "missile": m.number,
            "label": m.label,  # the event file's name for the group, if it gives one
            "count": m.count if m.count_given else None,  # None: no source gave a number
            "name": m.missile,
            "lines": list(m.lines),
            "sources": list(m.sources),
            "placed": est.placed,
            "reason": est.reason or None,
            "evidence": [e.as_dict() for e in est.evidence],
            "lines_used": list(est.lines_used),
            "conflicts": [c.as_dict() for c in est.conflicts],
            "not_used": list(est.unused),
            "seed": est.seed,
            "samples": est.n,
            "drawn": est.drawn,
            "zones": [z.as_dict() for z in self.zones],
            "overflights": None
            if self.overflights is None
            else [o.as_dict() for o in self.overflights],
            "direction_known": est.direction_known,
            "impact_description": None if self.landmark is None else self.landmark.as_dict(),
            "regions": [r.as_dict() for r in self.regions],
        }
        if samples:
            doc["impact_samples"] = np.round(est.impacts, 5).tolist()
        return doc


@dataclass(frozen=True)
class FusedEvent:
    """The fused estimate of one event: its missiles and its claims."""

    missiles: tuple[MissileAnalysis, ...]
    claims: tuple[ClaimVerdict, ...]
    holds_at: float = HOLDS_AT

    def as_dict(self, samples: bool = False) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "missiles": [m.as_dict(samples) for m in self.missiles],
            "claims": [c.as_dict() for c in self.claims],
            "holds_at": self.holds_at,
        }


#: The last few estimates' samples as classified (:func:`_classified`).
_CLASSIFIED: dict[tuple[int, bytes], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}


def _classified(est: ImpactEstimate, zones: ZoneSet) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return an estimate's 2,000 or fewer evenly spread samples and the zones holding them.

    The zones reached and the shares on land read the same classification: it is
    made once per estimate, not once for each.
    """
    key = (id(zones), est.impacts.tobytes())
    found = _CLASSIFIED.get(key)
    if found is None:
        pts = est.impacts[:: max(1, est.n // 2_000)]
        found = (pts, *zones.classify(pts[:, 0], pts[:, 1]))
        _CLASSIFIED[key] = found
        for old in list(_CLASSIFIED)[:-4]:  # keep the last four (a snapshot: safe beside threads)
            _CLASSIFIED.pop(old, None)
    return found


def _classified_land(
    est: ImpactEstimate, zones: ZoneSet
) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Return :func:`_classified`'s samples, and each (sample, land zone) pair among them."""
    pts, pi, zi = _classified(est, zones)
    pairs = [(int(p), int(z)) for p, z in zip(pi, zi, strict=True)]
    return pts, [(p, z) for p, z in pairs if zones.zones[z].kind == "land"]


def _zones_reached(est: ImpactEstimate, zones: ZoneSet) -> list[str]:
    """ISO3 of every state whose EEZ, territorial sea or land holds at least 1 % of the samples.

    A disputed band, and disputed land, count for each of their claimants, who each
    hold them as their own.

    Land counts: an estimate that reaches inland into a neighbour (a north-easterly
    flight from south of Pyongyang that "did not land in the sea") says how much of it
    lies in that state, not only in the zones at sea.
    """
    if not est.placed:
        return []
    pts, pi, zi = _classified(est, zones)
    counts: dict[str, int] = {}
    for z in zi:
        zone = zones.zones[z]
        if zone.kind == "overlapping_claim" or (
            zone.kind in ("eez", "territorial_sea", "land") and len(zone.claimants) > 1
        ):
            # land or sea every claimant holds as its own: each one's zone is reached (not
            # only the one the data list first: Crimea had listed Russia's zone alone)
            for c in set(zone.claimants):
                counts[c] = counts.get(c, 0) + 1
        elif zone.kind in ("eez", "territorial_sea", "land") and zone.sovereign_iso3:
            counts[zone.sovereign_iso3] = counts.get(zone.sovereign_iso3, 0) + 1
    return sorted(k for k, v in counts.items() if v >= _MIN_SHARE * len(pts))


#: Limits a state's zone ends at, for :func:`_zones_near` (territorial seas' are inside it).
_ZONE_LIMITS = ("outer_limit_200nm", "median_line", "treaty", "court_ruling", "disputed_band")


def _zones_near(est: ImpactEstimate, zones: ZoneSet) -> list[str]:
    """ISO3 of the states whose zone's limit lies within its own 95 % error of the samples.

    Of up to 200 of the samples (those at sea: no sea limit reaches one ashore),
    against each state with a limit within :data:`_NEAR_DEG` of them (a state's nearest
    limit, not only the nearest of all: a disputed band's edge, known to 217 km, can lie
    beyond a nearer line). A zone no sample lies in can still be likely. These zones,
    with those reached (:func:`_zones_reached`), are the ones an estimate gives
    probabilities for and draws enough samples to know to about a point, whatever the
    claims name, so a claim changes nothing in the estimate.
    """
    if not est.placed or getattr(zones.dataset, "user_supplied", False):
        return []
    from trajgeo.maritime.lines import limit_lines, nearest_limit

    pts, land = _classified_land(est, zones)
    on_land = np.zeros(len(pts), dtype=bool)  # no sea limit reaches a sample ashore
    on_land[[p for p, _ in land]] = True
    step = max(1, len(pts) // 200)
    probe = pts[::step][~on_land[::step]]
    if not len(probe):
        return []
    lon, lat = probe[:, 0], probe[:, 1]
    every = limit_lines(kinds=_ZONE_LIMITS)
    b = every.bounds
    pad_lat = _NEAR_DEG
    pad_lon = min(
        180.0, _NEAR_DEG / max(0.05, math.cos(math.radians(min(85.0, np.abs(lat).max()))))
    )
    near_box = np.ones(len(b), dtype=bool)
    if float(np.ptp(lon)) < 180.0:  # (an estimate across 180° tests every limit)
        near_box = (b[:, 0] <= lon.max() + pad_lon) & (b[:, 2] >= lon.min() - pad_lon)
    near_box &= (b[:, 1] <= lat.max() + pad_lat) & (b[:, 3] >= lat.min() - pad_lat)
    lines = np.unique(every.line[near_box])
    cands = {
        c
        for side in ("side_a", "side_b")
        for label in set(every.attrs[side][lines].astype(str))
        for c in label.split(";")
        if c
    } & set(zones.states())
    near = []
    for iso in sorted(cands):
        lim, idx, dist = nearest_limit(lon, lat, iso, kinds=_ZONE_LIMITS)
        ok = idx >= 0
        if np.any(dist[ok] <= lim.error_km[idx[ok]]):
            near.append(iso)
    return near


#: How far (degrees of latitude) a state's limit may lie from an estimate's samples to be
#: tested by :func:`_zones_near`: beyond the largest 95 % error of any limit (371 km).
_NEAR_DEG = 4.0


def _with_land_shares(
    zps: tuple[ZoneProbability, ...], est: ImpactEstimate, zones: ZoneSet
) -> tuple[tuple[ZoneProbability, ...], float]:
    """Each zone's probability with the share of the samples on its own land; the land share.

    A zone's land is what its probability counts as inside: a state's includes its
    territories' (the United States' has Guam's), a territory's only its own. Shares
    are of the same 2,000 or fewer evenly spread samples that find the zones reached
    (:func:`_zones_reached`), within about a point of all of them.
    """
    from dataclasses import replace

    from trajgeo.analysis.probability import _owns, _viewed

    pts, land = _classified_land(est, zones)
    out = []
    for zp in zps:
        if zp.kind == "land":
            out.append(zp)
            continue
        # the land as the zone's own probability draws it (its worldview: Crimea is Russia's
        # land in Russia's view, Ukraine's in Ukraine's, no one's in a third party's)
        viewed = _viewed(zones, zp.worldview or zp.iso3).zones
        hit = {p for p, z in land if _owns(viewed[z], zp.iso3)}
        out.append(replace(zp, on_land=len(hit) / len(pts)))
    return tuple(out), len({p for p, _ in land}) / len(pts)


def _half_width(zp: ZoneProbability) -> float:
    """Half-width of a zone probability's 95 % interval (the unclipped side)."""
    lo, hi = zp.interval
    return max(hi - zp.p_inside, zp.p_inside - lo)


def _to_precision(
    estimate: Callable[[int], ImpactEstimate],
    zones: ZoneSet,
    claimed: list[str],
    worldview: str | None,
    samples: int,
) -> tuple[ImpactEstimate, tuple[ZoneProbability, ...]]:
    """Estimate with as many samples as every zone's probability needs for ±1 point.

    The zones are those the samples reach or lie within a limit's error of
    (:func:`_zones_near`), never those a claim names: a claim changes nothing in the
    estimate, not even how many samples it draws. A claimed zone beyond that reach
    is given its probability (certain either way) all the same.

    A first estimate of :data:`FIRST_SAMPLES` samples tells, from a few
    hundred of them measured against each zone's limit, how widely their
    probabilities of lying inside spread, and so how many samples ±1 point
    needs; the estimate grows to that (keeping what it drew), up to
    ``samples``. Where an interval still comes out wider than ±1 point, it
    grows again (the interval shrinks as one over the square root of the
    samples).
    """
    seen: dict[bytes, list[str]] = {}

    def reached(est: ImpactEstimate) -> list[str]:
        # the estimate often stays at its first samples: classify them once
        key = est.impacts.tobytes()
        if key not in seen:
            seen[key] = sorted(set(_zones_reached(est, zones)) | set(_zones_near(est, zones)))
        return seen[key]

    def zone_probabilities(est: ImpactEstimate) -> tuple[ZoneProbability, ...]:
        if not est.placed:
            return ()
        # a state the data gives no sea (a land-locked one) is reached on its land alone
        # a claimed zone beyond every sample's reach is certain either way (0 or 1): it is
        # listed, and needs no samples
        return tuple(
            zone_probability(est, zones, iso, "eez" if has_sea(zones, iso) else "land", worldview)
            for iso in sorted(set(reached(est)) | set(claimed))
        )

    est = estimate(min(samples, FIRST_SAMPLES))
    target = est.n
    if est.placed and est.n < samples:
        # how many samples ±1 point needs, from the spread of a few hundred of them
        isos = reached(est)
        spread = max(
            (sample_variance(est, zones, iso, worldview=worldview) for iso in isos), default=0.0
        )
        target = min(samples, max(est.n, math.ceil(1.15 * spread / (HALF_WIDTH / 1.96) ** 2)))
    while True:
        est = estimate(target)
        zps = zone_probabilities(est)
        wide = max((_half_width(z) for z in zps if z.iso3 in reached(est)), default=0.0)
        if wide <= HALF_WIDTH or est.n < 0.99 * target or target >= samples:
            return est, zps  # precise enough, or as precise as the accounts allow
        need = math.ceil(1.15 * est.n * (wide / HALF_WIDTH) ** 2)
        target = min(samples, max(need, 2 * est.n))


def fuse_event(
    event: Event,
    zones: ZoneSet,
    *,
    seed: int | None = None,
    holds_at: float = HOLDS_AT,
    gazetteer: Any = None,
    worldview: str | None = None,
    samples: int = TARGET_SAMPLES,
) -> FusedEvent:
    """Estimate where each missile of an event came down and test its claims.

    Parameters
    ----------
    event
        The event.
    zones
        Maritime zones with land (the shipped set has it).
    seed
        A seed of your own (default: derived from the event id, so a run is
        reproducible).
    holds_at
        The probability at which a claim holds; it is contradicted at ``1 - holds_at``.
    gazetteer
        Landmarks to describe the impact from (default the shipped gazetteer).
    worldview
        Judge every zone as this state (ISO3) claims it; by default each zone
        follows its own state's claim.
    samples
        At most this many accepted impact samples per missile: each missile
        gets as many as its zone probabilities need to be within ±1 point
        (:data:`FIRST_SAMPLES` first, more where needed). Fewer: faster,
        wider Monte Carlo intervals.

    Returns
    -------
    FusedEvent
    """
    from trajgeo.events.accounts import accounts_from_event

    for j, c in enumerate(event.claims):  # before any estimate views the zones as claimed
        require_known_code(c.zone, zones, source=event.path, field=f"claims[{j}].zone")
        require_sea(c.zone, c.kind, zones, source=event.path, field=f"claims[{j}].kind")

    if gazetteer is None:
        from trajgeo.events.gazetteer import gazetteer as shipped

        gazetteer = shipped()

    def land_owner(pts: np.ndarray) -> np.ndarray:
        idx, owners = _land_owner(zones, pts[:, 0], pts[:, 1])
        out = np.full(len(pts), "", dtype=object)
        out[idx] = owners
        return out

    land_owner.cache_key = zones  # type: ignore[attr-defined]  # launch pools are shared
    land_owner.owners_near = partial(land_owners_near, zones)  # type: ignore[attr-defined]

    claimed = sorted({c.zone for c in event.claims if len(c.zone) == 3})
    missiles = []
    for m in accounts_from_event(event):
        estimate = missile_estimator(m, event_id=event.id, land_owner=land_owner, seed=seed)
        est, zps = _to_precision(estimate, zones, claimed, worldview, samples)
        inland = False
        if est.placed and len(est.impacts):
            zps, on_land = _with_land_shares(zps, est, zones)
            inland = on_land >= 0.5
        missiles.append(
            MissileAnalysis(
                est,
                zps,
                overflight_chances(est, zones),
                probability_regions(est),
                describe_impact(est, list(gazetteer), inland=inland),
            )
        )
    claims = []
    for c in event.claims:
        lines = set(c.shots) or {s.number for s in event.shots}
        covered = [ma for ma in missiles if lines & set(ma.estimate.missile.lines)]
        known = [
            next((z for z in ma.zones if (z.iso3, z.kind) == (c.zone, c.kind)), None)
            for ma in covered
        ]
        claims.append(
            judge_claim(
                c.zone,
                c.kind,
                c.inside,
                c.source,
                [ma.estimate for ma in covered],
                zones,
                holds_at=holds_at,
                known=known,
                worldview=worldview,  # a territorial-sea or land claim is judged afresh
            )
        )
    return FusedEvent(tuple(missiles), tuple(claims), holds_at)
