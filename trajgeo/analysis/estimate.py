"""One impact estimate per missile, from every account of it (Monte Carlo).

Each source's account of a missile constrains where it came down: a distance
and direction from the launch site, a distance (and perhaps a direction)
from a landmark, a reported point, "fell into the sea". Each figure is a
band (see :mod:`trajgeo.events.figures`), so each account allows a region;
the missile came down where all the accounts allow at once.

:func:`estimate_missile` samples that joint region. It draws candidate
launch and impact points from the most precise account (the *anchor*):
launch points uniformly over the launch area, then the anchor's distance
and direction uniformly over their bands. Every other account keeps the
candidates it allows (a landmark's own extent is sampled too). What is left
is a sample of impact points, uniform in the anchor's distance and
direction, that every account allows; its size sets the standard error of
every probability computed from it.

Accounts that cannot all hold leave no sample. The estimate then keeps the
largest sets of accounts that can (all such sets equally, when several tie)
and reports each account it set aside, with how far apart the accounts are.

A claim about a maritime zone is never an input here: claims are tested
against this estimate (:mod:`trajgeo.analysis.probability`), never used to
make it.
"""

from __future__ import annotations

import itertools
import math
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from trajgeo.analysis.flight import range_from_flight
from trajgeo.analysis.sampler import _DIST_SLACK, MIN_ACCEPTED, Sampler, _geod, _inv, _sphere
from trajgeo.events.accounts import Account, Missile, fell_said
from trajgeo.events.figures import Figure
from trajgeo.wording import reported_km, with_article

__all__ = [
    "CLASS_MAX_RANGE_KM",
    "Conflict",
    "Evidence",
    "ImpactEstimate",
    "estimate_missile",
    "missile_estimator",
]

#: Upper bounds of flight distance implied by a missile's class (US DoD classes by
#: maximum range). Used only when no account gives a distance, and said so.
CLASS_MAX_RANGE_KM: dict[str, float] = {
    "SRBM": 1_000.0,
    "CRBM": 300.0,
    "MRBM": 3_000.0,
    "IRBM": 5_500.0,
}

#: Accepted samples aimed for at most; the standard error of a probability is then
#: at most 0.5 point (its 95 % interval within ±1 point). The fused estimate
#: (:mod:`trajgeo.analysis.fused`) draws only as many as that precision needs.
TARGET_SAMPLES = 10_000
#: Apogee below which a flight is not modelled as a vacuum free flight (km): lower
#: trajectories spend most of their flight in the atmosphere, where the model does not
#: hold (the catalogue's 50-km-apogee SRBMs would come out 2,000 km long).
MIN_APOGEE_KM = 100.0


@dataclass(frozen=True)
class Evidence:
    """One thing an account said that constrains the impact, and how it was read.

    ``said`` is the source's own figure; ``reading`` is what trajgeo derived
    from it (the band and the rule behind it).
    """

    line: int
    source: str
    kind: str
    said: str
    reading: str

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "line": self.line,
            "source": self.source,
            "kind": self.kind,
            "said": self.said,
            "reading": self.reading,
        }


@dataclass(frozen=True)
class Conflict:
    """An account set aside because it cannot hold together with the others."""

    line: int
    source: str
    against: tuple[int, ...]
    gap_km: float
    sentence: str

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "line": self.line,
            "source": self.source,
            "against_lines": list(self.against),
            "gap_km": round(self.gap_km, 1),
            "reason": self.sentence,
        }


@dataclass(frozen=True)
class ImpactEstimate:
    """The joint estimate of where one group of missiles came down.

    Parameters
    ----------
    missile
        The group and its accounts.
    impacts, launches
        Accepted samples, ``(n, 2)`` arrays of lon/lat (one launch per impact).
    evidence
        What was used, account by account.
    conflicts
        Accounts set aside, and why.
    unused
        Things said that do not constrain the impact here, and why.
    seed, drawn
        The random seed and how many candidates were drawn.
    placed
        False when nothing said places the impact (then ``reason`` says why).
    """

    missile: Missile
    impacts: np.ndarray = field(repr=False)
    launches: np.ndarray = field(repr=False)
    evidence: tuple[Evidence, ...]
    conflicts: tuple[Conflict, ...]
    unused: tuple[str, ...]
    seed: int
    drawn: int
    placed: bool
    reason: str = ""
    lines_used: tuple[int, ...] = ()

    @property
    def n(self) -> int:
        """Number of accepted samples."""
        return int(len(self.impacts))

    @property
    def acceptance(self) -> float:
        """Share of drawn candidates that every kept account allows."""
        return self.n / self.drawn if self.drawn else 0.0

    def azimuth_spread_deg(self) -> float:
        """Width of the central 95 % of launch-to-impact azimuths (360: unknown direction)."""
        if self.n == 0:
            return 360.0
        az, _, _ = _geod().inv(
            self.launches[:, 0], self.launches[:, 1], self.impacts[:, 0], self.impacts[:, 1]
        )
        return _spread(np.asarray(az) % 360.0)[0]

    @property
    def direction_known(self) -> bool:
        """True when the accounts fix the direction of flight to within 90°."""
        if not self.placed or self.n == 0:
            return False
        # on lines up to 12,000 km spherical azimuths are within 0.2° of the ellipsoid's
        # (measured on 400,000 random lines), so quantiles and gaps within 0.4°: a
        # spherical spread farther than _AZ_MARGIN_DEG from 90° answers as the exact one
        az, dist = _sphere(self.launches, self.impacts)
        if float(dist.max()) <= 12_000.0:
            spread, lead = _spread(az)
            if abs(spread - 90.0) > _AZ_MARGIN_DEG and lead > _AZ_MARGIN_DEG:
                return spread < 90.0
        return self.azimuth_spread_deg() < 90.0

    def samples_frame(self) -> Any:
        """Return the samples as a :class:`geopandas.GeoDataFrame` of impact points (EPSG:4326)."""
        import geopandas

        return geopandas.GeoDataFrame(
            {
                "missile": self.missile.number,
                "launch_lon": self.launches[:, 0],
                "launch_lat": self.launches[:, 1],
            },
            geometry=geopandas.points_from_xy(self.impacts[:, 0], self.impacts[:, 1]),
            crs="EPSG:4326",
        )


# --------------------------------------------------------------------------- helpers
#: How far a spread on the sphere must be from 90° (and the largest gap between azimuths
#: ahead of the next) for :attr:`ImpactEstimate.direction_known` to skip the ellipsoid.
_AZ_MARGIN_DEG = 2.0


def _spread(az: np.ndarray) -> tuple[float, float]:
    """Width of the central 95 % of azimuths (degrees), and the largest gap's lead on the next.

    Circular: the azimuths are rotated so the largest gap sits at the cut.
    """
    s = np.sort(az)
    gaps = np.diff(np.concatenate([s, s[:1] + 360.0]))
    k = int(np.argmax(gaps))
    lead = float(gaps[k] - np.max(np.delete(gaps, k), initial=0.0))
    rel = (az - s[(k + 1) % len(s)]) % 360.0
    lo, hi = np.quantile(rel, [0.025, 0.975])
    return float(hi - lo), lead


def _class_bound(missile: str | None) -> tuple[str, float] | None:
    if not missile:
        return None
    text = missile.upper()
    for name, km in CLASS_MAX_RANGE_KM.items():
        if name in text.replace("-", ""):
            return name, km
    return None


# --------------------------------------------------------------------------- evidence
def _evidence(a: Account) -> list[Evidence]:
    who = a.who
    out = []
    if a.range_km is not None:
        # the launch site may come from another source: it is part of the reading, not said
        reading = f"{a.range_km.rule}; flown from {a.launch.name} (the event file's launch site)"
        out.append(Evidence(a.line, who, "range", f"{a.range_km.text} km", reading))
    if a.bearing is not None:
        out.append(Evidence(a.line, who, "bearing", a.bearing.text, a.bearing.rule))
    if a.landmark is not None and a.landmark_distance_km is not None:
        said = f"{a.landmark_distance_km.text} km"
        # "200 km NE of Okushiri", or without a direction "200 km from Okushiri"
        if a.landmark_bearing is not None:
            said += f" {a.landmark_bearing.text} of {a.landmark.name}"
        else:
            said += f" from {a.landmark.name}"
        reading = a.landmark_distance_km.rule
        reading += (
            "; " + a.landmark_bearing.rule
            if a.landmark_bearing is not None
            else "; no direction from the landmark was given: any direction"
        )
        if a.landmark.radius_km > 0:
            reading += f"; {a.landmark.name} taken as an area of {a.landmark.radius_km:g} km radius"
        out.append(Evidence(a.line, who, "landmark", said, reading))
    if a.impact is not None:
        out.append(
            Evidence(
                a.line,
                who,
                "point",
                a.impact.name,
                f"within {max(a.impact.radius_km, 1.0):g} km of the reported point",
            )
        )
    if a.fell is not None:
        out.append(
            Evidence(a.line, who, _fell_kind(a.fell), fell_said(a.fell), _fell_reading(a.fell))
        )
    return out


def _fell_kind(fell: str) -> str:
    return fell if fell in ("sea", "land") else "named_sea"


def _fell_reading(fell: str) -> str:
    """Say trajgeo's reading of a "fell ..." account (a named sea is its polygon)."""
    if fell == "land":
        return "impact on land"
    if fell == "sea":
        return "impact at sea (not on any land in trajgeo's land layer)"
    from trajgeo.maritime.seas import SEA_SOURCE, sea_name

    return f"inside trajgeo's {sea_name(fell)} polygon ({SEA_SOURCE})"


def _unused(a: Account) -> list[str]:
    out = []
    both = a.apogee_km is not None and a.flight_time_min is not None
    if (a.apogee_km is not None or a.flight_time_min is not None) and not both:
        if not a.places_impact:
            out.append(
                f"{a.who} (line {a.line}): an apogee or a flight time alone does not fix "
                "the distance, so it does not place the impact"
            )
    elif both and a.derived_range_km is None and a.apogee_km is not None:
        out.append(
            f"{a.who} (line {a.line}): apogee {a.apogee_km.text} km is too low for a "
            "free flight above the atmosphere, the model trajgeo's physics rests on, "
            f"so the apogee and flight time were not used (below {MIN_APOGEE_KM:g} km)"
            if a.apogee_km.low < MIN_APOGEE_KM
            else f"{a.who} (line {a.line}): no ballistic flight fits apogee "
            f"{a.apogee_km.text} km and {a.flight_time_min.text} min together: not used"  # type: ignore[union-attr]
        )
    return out


def _with_flight(a: Account) -> Account:
    """Add the distance band an account's apogee and flight time allow (trajgeo's, not said)."""
    if a.apogee_km is None or a.flight_time_min is None or a.apogee_km.low < MIN_APOGEE_KM:
        return a
    band = range_from_flight(a.apogee_km, a.flight_time_min)
    return a if band is None else replace(a, derived_range_km=band)


def _flight_evidence(a: Account) -> list[Evidence]:
    """Say what the apogee and flight time contributed to the distance."""
    d = a.derived_range_km
    if d is None or a.apogee_km is None or a.flight_time_min is None:
        return []
    r = a.range_km
    if r is None:
        effect = "used as the distance, as no distance was given"
    elif a.distance_km is r and (d.low > r.high or d.high < r.low):
        effect = f"it does not meet {reported_km(r.text)}, which stands"
    elif a.distance_km is r:
        effect = f"it does not narrow {reported_km(r.text)}"
    else:
        dk = a.distance_km
        assert dk is not None
        effect = f"it narrows {reported_km(r.text)} to {dk.low:,.0f}–{dk.high:,.0f} km"
    said = f"apogee {a.apogee_km.text} km; {a.flight_time_min.text} min of flight"
    return [Evidence(a.line, a.who, "apogee_flight_time", said, f"{d.rule}; {effect}")]


#: Samples of each account alone between which the gap of a conflict is measured.
_GAP_SAMPLES = 300


def _gap_km(a: np.ndarray, b: np.ndarray, k: int = _GAP_SAMPLES) -> float:
    """Smallest distance between two sample clouds (on subsamples of ``k`` points)."""
    if len(a) == 0 or len(b) == 0:
        return math.nan
    sa = a[np.linspace(0, len(a) - 1, min(k, len(a))).astype(int)]
    sb = b[np.linspace(0, len(b) - 1, min(k, len(b))).astype(int)]
    aa = np.repeat(sa, len(sb), axis=0)
    bb = np.tile(sb, (len(sa), 1))
    # on the sphere first: only the pairs that can be the nearest on the ellipsoid are
    # measured there (a spherical length is within _DIST_SLACK of it, + 0.5 km)
    _, sphere = _sphere(aa, bb)
    best = float((sphere * (1.0 + _DIST_SLACK) + 0.5).min())
    near = np.flatnonzero(sphere * (1.0 - _DIST_SLACK) - 0.5 <= best)
    _, dist = _inv(aa[near], bb[near])
    return float(dist.min())


def _seed(event_id: str, number: int, seed: int | None) -> int:
    if seed is not None:
        return int(seed) + number
    return zlib.crc32(f"{event_id}:{number}".encode())


def _class_range(missile: Missile, accounts: list[Account]) -> Figure | None:
    """Return the distance band a missile's class allows when no account gives one."""
    if any(a.places_impact for a in accounts):
        return None
    cls = _class_bound(missile.missile)
    if cls is None or not any(a.bearing is not None for a in accounts):
        return None
    return Figure(
        0.0,
        cls[1],
        f"{cls[0]} class",
        "class",
        f"derived by trajgeo: {with_article(cls[0])} flies at most {cls[1]:,.0f} km (its class's "
        "maximum range); no source gave a distance",
    )


def estimate_missile(
    missile: Missile,
    *,
    event_id: str = "",
    land_owner: Callable[[np.ndarray], np.ndarray] | None = None,
    seed: int | None = None,
    target: int = TARGET_SAMPLES,
) -> ImpactEstimate:
    """Combine every account of one group of missiles into one impact estimate.

    Parameters
    ----------
    missile
        The group and its accounts (:func:`trajgeo.events.accounts.group_accounts`).
    event_id
        Used with the group's number to derive the default seed, so a run is
        reproducible.
    land_owner
        ``f(points) -> str array``: whose land each lon/lat point is on (``""``
        at sea); needed for accounts that say the missile fell into the sea (or
        on land), and to keep a launch area on its own state's land.
    seed
        A seed of your own instead of the default.
    target
        Accepted samples to aim for.

    Returns
    -------
    ImpactEstimate
    """
    return missile_estimator(missile, event_id=event_id, land_owner=land_owner, seed=seed)(target)


def missile_estimator(
    missile: Missile,
    *,
    event_id: str = "",
    land_owner: Callable[[np.ndarray], np.ndarray] | None = None,
    seed: int | None = None,
) -> Callable[[int], ImpactEstimate]:
    """Return ``f(target) -> ImpactEstimate`` for one group, drawing only what is still needed.

    The parameters are those of :func:`estimate_missile`. Each call keeps the
    candidates drawn by the earlier ones and draws only what a larger
    ``target`` still needs, so an estimate can grow until it is precise
    enough without starting again. Calls in the same order give the same
    estimates.
    """
    s = _seed(event_id, missile.number, seed)
    rng = np.random.default_rng(s)
    accounts = [_with_flight(a) for a in missile.accounts]
    evidence = tuple(e for a in accounts for e in _evidence(a) + _flight_evidence(a))
    unused = [u for a in accounts for u in _unused(a)]
    bound = _class_range(missile, accounts)
    if bound is not None:
        said = missile.missile or bound.text.split()[0]
        evidence += (Evidence(accounts[0].line, "trajgeo (derived)", "class", said, bound.rule),)
    relevant = [
        a for a in accounts if a.places_impact or a.bearing is not None or a.fell is not None
    ]
    if not any(a.places_impact for a in relevant) and bound is None:
        unplaced = ImpactEstimate(
            missile,
            np.empty((0, 2)),
            np.empty((0, 2)),
            evidence,
            (),
            tuple(unused),
            s,
            0,
            False,
            "no source gave a distance or an impact point for these "
            "missiles, so trajgeo cannot place where they came down",
        )
        return lambda target: unplaced
    sampler = Sampler(relevant, rng, land_owner, bound)

    def estimate(target: int) -> ImpactEstimate:
        run = sampler.run(relevant, target)
        if run is not None and len(run.impacts) >= MIN_ACCEPTED:
            return ImpactEstimate(
                missile,
                run.impacts,
                run.launches,
                evidence,
                (),
                tuple(unused),
                s,
                sampler.drawn,
                True,
                lines_used=tuple(a.line for a in relevant),
            )
        return _with_conflicts(missile, relevant, sampler, target, evidence, unused, s)

    return estimate


def _conflicts(
    relevant: list[Account], kept: list[int], together: set[tuple[int, int]], sampler: Sampler
) -> list[Conflict]:
    """Describe every pair of accounts that no kept set holds together, with their gap."""
    alone: dict[int, np.ndarray] = {}

    def cloud(a: Account) -> np.ndarray:
        if a.line not in alone:
            run = sampler.run([a], _GAP_SAMPLES)
            alone[a.line] = run.impacts if run is not None else np.empty((0, 2))
        return alone[a.line]

    conflicts = []
    for a, b in itertools.combinations(relevant, 2):
        if (a.line, b.line) in together:
            continue
        gap = _gap_km(cloud(a), cloud(b))
        dropped = [x for x in (a, b) if x.line not in kept]
        if dropped:
            x = dropped[0]
            y = b if x is a else a
            keeps = f"the estimate sets aside {x.who}'s account (line {x.line})"
        else:
            x, y = b, a
            keeps = "the estimate weighs both equally"
        sentence = (
            f"{x.who}'s account ({'; '.join(x.said()) or 'line ' + str(x.line)}) "
            f"and {y.who}'s ({'; '.join(y.said()) or 'line ' + str(y.line)}) "
            "cannot both hold within their tolerances"
            + (f": {gap:,.0f} km apart" if math.isfinite(gap) else "")
            + f"; {keeps}"
        )
        conflicts.append(Conflict(x.line, x.who, (y.line,), gap, sentence))
    return conflicts


def _with_conflicts(
    missile: Missile,
    relevant: list[Account],
    sampler: Sampler,
    target: int,
    evidence: tuple[Evidence, ...],
    unused: list[str],
    s: int,
) -> ImpactEstimate:
    """Keep the largest sets of accounts that can hold together, and report the rest.

    When several sets of the same size fit, the estimate weighs each equally,
    and every pair of accounts that no kept set holds together is reported.
    Every set is first tested on the candidates already drawn for its anchor
    (a few hundred accepted samples say it can hold); only the sets kept are
    then sampled to their share of the target.
    """
    for size in range(len(relevant) - 1, 0, -1):
        fits = []
        for subset in itertools.combinations(relevant, size):
            run = sampler.run(subset, MIN_ACCEPTED)
            if run is not None and len(run.impacts) >= MIN_ACCEPTED:
                fits.append(subset)
        if not fits:
            continue
        per = max(1, target // len(fits))
        runs = [(subset, sampler.run(subset, per)) for subset in fits]
        impacts = np.concatenate([r.impacts[:per] for _, r in runs if r is not None])
        launches = np.concatenate([r.launches[:per] for _, r in runs if r is not None])
        together = {(a.line, b.line) for subset in fits for a in subset for b in subset}
        kept = sorted({a.line for subset in fits for a in subset})
        conflicts = _conflicts(relevant, kept, together, sampler)
        return ImpactEstimate(
            missile,
            impacts,
            launches,
            evidence,
            tuple(conflicts),
            tuple(unused),
            s,
            sampler.drawn,
            True,
            lines_used=tuple(kept),
        )
    return ImpactEstimate(
        missile,
        np.empty((0, 2)),
        np.empty((0, 2)),
        evidence,
        (),
        tuple(unused),
        s,
        sampler.drawn,
        False,
        "no account places the impact on its own within its tolerances",
    )
