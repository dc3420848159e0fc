"""Verdicts: whether each shot came down inside, outside, or across a maritime zone.

For every shot's impact area (or reported point) and every zone it touches
or a claim names, a :class:`Verdict` gives

* ``status``: ``inside``, ``outside`` or ``straddles``;
* ``share_inside``: the share of the impact area's area inside (equal-area,
  on the ellipsoid);
* ``margin_km``: the signed geodesic distance from the zone's limit of the
  impact area's least and most favourable points, ``(min, max)``: positive
  inside, negative outside. ``(-170, -130)`` reads "130 to 170 km outside";
* ``within_accuracy``: whether the closest approach to the limit is smaller
  than the limit's typical (median) error, in which case the answer depends
  on the data and says so;
* ``confidence``: ``high`` when the margin exceeds the error that 95 % of
  the limit's measured offsets stay under, ``medium`` when it exceeds only
  the typical error, ``low`` below that or when the impact area straddles
  the limit (``unrated`` for data with no stated accuracy). For the shipped
  data, an EEZ's or shared band's limit is graded by its own error where the
  impact area is (``limit_error``, :func:`trajgeo.maritime.accuracy.local_error`:
  a disputed band's edge is known far less well than a 200-NM limit);
  otherwise, and for other zone data, by the data set's stated accuracy;
* the zone (name, sovereign, kind) and the data set.

Each claim of the event gets ``holds``, ``contradicted`` or ``inconclusive``
with the reason in words.

How margins are measured: the impact area's boundary (densified to 2 km)
and a grid of interior points are measured against the zone's limit cut into
short segments, on the sphere (:mod:`trajgeo.geo.segments`), skipping the
samples that provably cannot hold an extreme; the extreme samples are
measured again as exact WGS84 geodesics (:mod:`trajgeo.maritime.margins`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from trajgeo._checks import require_zone_set
from trajgeo.geo import geodesy
from trajgeo.maritime.margins import signed_margin_km
from trajgeo.maritime.names import require_known_code
from trajgeo.maritime.zoneset import (
    Dataset,
    MaritimeZone,
    ZoneSet,
    load_zones,
)

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from trajgeo.events import Claim, Event
    from trajgeo.geo.impact import EventGeometry, ShotGeometry
    from trajgeo.maritime.accuracy import LimitError

__all__ = [
    "ClaimCheck",
    "EventVerdicts",
    "ShotVerdicts",
    "Verdict",
    "check_event",
    "check_events",
    "verdicts_frame",
    "judge",
    "signed_margin_km",
]

#: How far round an impact area (degrees) land is looked for, to tell coasts from limits.
_REACH_DEG = 8.0


@dataclass(frozen=True)
class Verdict:
    """How one impact area (or point) lies with respect to one maritime zone."""

    zone: MaritimeZone
    status: str
    share_inside: float
    margin_km: tuple[float, float]
    within_accuracy: bool
    dataset: Dataset
    subject: str = "impact zone"
    confidence: str = "unrated"
    limit_error: LimitError | None = None
    share_ashore: float = 0.0

    @property
    def closest_km(self) -> float:
        """Distance of the impact area's point nearest the limit (always >= 0)."""
        lo, hi = self.margin_km
        if self.status == "inside":
            return lo
        if self.status == "outside":
            return -hi
        return 0.0

    def describe(self) -> str:
        """One sentence: ``"130–170 km outside Japan's EEZ"`` (see :mod:`trajgeo.wording`)."""
        from trajgeo.wording import verdict_line

        return verdict_line(self)

    def confidence_note(self, short: bool = False) -> str:
        """``" (low confidence: ...)"``, ``" (medium confidence: ...)"`` or ``""``.

        ``short`` gives just the grade, for captions and alt text.
        """
        if short:
            return (
                f" ({self.confidence} confidence)" if self.confidence in ("low", "medium") else ""
            )
        return _confidence_note(self.confidence, self.dataset, self.limit_error)

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "zone": self.zone.as_dict(),
            "status": self.status,
            "share_inside": round(self.share_inside, 4),
            "share_ashore": round(self.share_ashore, 4),
            "margin_km": [round(self.margin_km[0], 1), round(self.margin_km[1], 1)],
            "closest_km": round(self.closest_km, 1),
            "within_accuracy": self.within_accuracy,
            "confidence": self.confidence,
            "limit_error": None if self.limit_error is None else self.limit_error.as_dict(),
            "subject": self.subject,
            "description": self.describe(),
            "dataset": self.dataset.name,
        }


def _error_figures(dataset: Dataset, local: LimitError | None) -> tuple[float | None, ...]:
    """Return the typical and 95 % error a margin is graded by: the limit's own, if known."""
    if local is not None:
        return local.median_km, local.p95_km
    return dataset.accuracy_km, dataset.accuracy_p95_km


def _confidence_note(confidence: str, dataset: Dataset, local: LimitError | None = None) -> str:
    from trajgeo.maritime.zoneset import _km

    typical, p95 = _error_figures(dataset, local)
    whose = "this limit's" if local is not None else "the data's"
    if confidence == "low" and typical is not None:
        return (
            f" (low confidence: the margin is under {whose} typical boundary error "
            f"of {_km(typical)} km)"
        )
    if confidence == "medium" and p95 is not None:
        return (
            f" (medium confidence: the margin is above {whose} typical boundary error"
            + (f" of {_km(typical)} km" if typical is not None else "")
            + f" but under the {_km(p95)} km that 95 % of its errors stay under; "
            "confirm with authoritative data)"
        )
    return ""


def _grade(status: str, closest: float, dataset: Dataset, local: LimitError | None = None) -> str:
    """``high``, ``medium``, ``low`` or ``unrated`` (see the module docstring)."""
    if status == "straddles":
        return "low"
    typical, p95 = _error_figures(dataset, local)
    if typical is None and p95 is None:
        return "unrated"
    if closest < (typical if typical is not None else p95):  # type: ignore[operator]
        return "low"
    if p95 is not None and closest < p95:
        return "medium"
    return "high"


def _local_error(subject: BaseGeometry, zone: MaritimeZone, dataset: Dataset) -> LimitError | None:
    """Return the error of the zone's limit near the subject (shipped data; EEZs, shared bands)."""
    if not dataset.shipped or zone.kind not in ("eez", "overlapping_claim", "joint_regime"):
        return None
    from trajgeo.maritime.accuracy import local_error

    p = subject.representative_point() if subject.geom_type != "Point" else subject
    return local_error(p.x, p.y, zone.sovereign_iso3)


def _border_error(
    subject: BaseGeometry, zone: MaritimeZone, dataset: Dataset, closest_km: float
) -> LimitError | None:
    """Return the error of a land border that is a land zone's nearest edge to the subject.

    A land zone's edges are its coast, graded by the data set's stated
    accuracy, and its land borders, each stretch with its own measured error
    (:func:`trajgeo.maritime.accuracy.border_errors`): the border's is used when
    it is the edge the margin was measured to (within 1 km).
    """
    if not dataset.shipped or zone.kind != "land" or not zone.sovereign_iso3:
        return None
    import numpy as np
    import shapely

    from trajgeo.maritime.accuracy import LimitError, basis_of, border_errors, state_borders

    zone_id = zone.zone_id.split("@")[0]  # (a worldview's copy)
    borders = state_borders(zone.territory_iso3 or zone.sovereign_iso3, zone_id)
    if borders is None:
        return None
    pts = shapely.get_coordinates(shapely.segmentize(subject.boundary, 0.05))
    if not len(pts):
        pts = shapely.get_coordinates(subject)
    source, med, p95, kind, dist, origin = border_errors(pts, borders)
    k = int(np.argmin(dist))
    if not np.isfinite(dist[k]) or dist[k] > abs(closest_km) + 1.0:
        return None
    basis = basis_of(str(kind[k]), str(source[k]), str(origin[k]))
    return LimitError("land_border", float(med[k]), float(p95[k]), float(dist[k]), basis)


def _coast_error(
    subject: BaseGeometry, zone: MaritimeZone, dataset: Dataset, closest_km: float
) -> LimitError | None:
    """Return the coast's measured error near the subject, for a land zone's margin."""
    if not dataset.shipped or zone.kind != "land":
        return None
    from trajgeo.maritime.accuracy import LimitError, coast_error

    p = subject.representative_point() if subject.geom_type != "Point" else subject
    got = coast_error(p.x, p.y)
    if got is None:
        return None
    return LimitError("coast", got[0], got[1], abs(closest_km), got[2])


_CONFIDENCE_ORDER = {"low": 0, "unrated": 1, "medium": 2, "high": 3}


@dataclass(frozen=True)
class ClaimCheck:
    """Whether a report's claim about a zone holds, with the reason."""

    claim: Claim
    status: str
    reason: str
    verdicts: tuple[Verdict, ...] = ()
    confidence: str = "unrated"
    #: why the claim is not settled, where its state claims the area with others
    dispute: str = ""

    @property
    def unsettled(self) -> bool:
        """Whether the claim is left open because its area is disputed (``dispute`` says why)."""
        return bool(self.dispute)

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        c = self.claim
        return {
            "zone": c.zone,
            "kind": c.kind,
            "inside": c.inside,
            "source": c.source,
            "shots": list(c.shots),
            "status": self.status,
            "confidence": self.confidence,
            "reason": self.reason,
            "unsettled": self.unsettled,
        }


@dataclass(frozen=True)
class ShotVerdicts:
    """Every verdict for one shot line.

    From ``check_event(..., defer=True)`` the shot is judged against its
    zones when ``verdicts`` is first read (then kept): a static map whose
    claims name every shot never reads them.
    """

    geometry: ShotGeometry
    verdicts: tuple[Verdict, ...]
    impact_point_zones: tuple[MaritimeZone, ...]

    if not TYPE_CHECKING:  # hidden from mypy, which would then accept any attribute

        def __getattr__(self, name: str) -> Any:
            # reached only while a deferred shot's ``verdicts`` is not yet judged
            pending = self.__dict__.get("_pending")
            if name != "verdicts" or pending is None:
                raise AttributeError(name)
            verdicts = pending()
            object.__setattr__(self, "verdicts", verdicts)
            del self.__dict__["_pending"]
            return verdicts

    def of_kind(self, *kinds: str) -> tuple[Verdict, ...]:
        """Return the verdicts against areas of these kinds (``"eez"``, ``"land"``...), in order.

        A deferred shot not yet judged in full is judged against those areas only.
        """
        from trajgeo.maritime.zoneset import KINDS

        unknown = [k for k in kinds if k not in KINDS]
        if unknown:  # "EEZ" or "airspace" had matched nothing, silently
            from trajgeo.errors import InputError

            raise InputError(
                "unknown kind of area",
                field="kinds",
                value=unknown[0],
                allowed=", ".join(KINDS),
            )
        pending = self.__dict__.get("_pending")
        if pending is not None:
            return pending(kinds)  # type: ignore[no-any-return]
        return tuple(v for v in self.verdicts if v.zone.kind in kinds)

    def __getstate__(self) -> dict[str, Any]:
        # a pickled copy carries the verdicts, not the judging closure
        _ = self.verdicts
        return dict(self.__dict__)

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        s = self.geometry.shot
        return {
            "shot": s.number,
            "label": s.title,
            "count": s.count if s.count_given else None,  # None: the report gave no number
            "missile": s.missile,
            "subject": "impact point" if self.geometry.impact_area is None else "impact zone",
            "impact_point": {
                "lon": round(self.geometry.impact_point.x, 5),
                "lat": round(self.geometry.impact_point.y, 5),
                "zones": [z.as_dict() for z in self.impact_point_zones],
            },
            "assumptions": list(self.geometry.assumptions),
            "verdicts": [v.as_dict() for v in self.verdicts],
        }


@dataclass(frozen=True)
class EventVerdicts:
    """Verdicts for every shot of an event, and the check of each claim."""

    geometry: EventGeometry
    shots: tuple[ShotVerdicts, ...]
    claims: tuple[ClaimCheck, ...]
    dataset: Dataset

    @property
    def event(self) -> Event:
        """The event judged."""
        return self.geometry.event

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        ev = self.event
        return {
            "id": ev.id,
            "title": ev.title,
            "date": None if ev.date is None else ev.date.isoformat(),
            "shots": [s.as_dict() for s in self.shots],
            "claims": [c.as_dict() for c in self.claims],
            "dataset": self.dataset.as_dict(),
        }


def _area_m2(subject: BaseGeometry) -> float:
    """Return the subject's geodesic area, kept for the last one (judged against many zones)."""
    last = _LAST_AREA.get("subject")
    if last is None or last[0] is not subject:
        _LAST_AREA["subject"] = (subject, geodesy.geodesic_area_m2(subject))
    return float(_LAST_AREA["subject"][1])


_LAST_AREA: dict[str, tuple[Any, float]] = {}


def judge(
    subject: BaseGeometry,
    zone: MaritimeZone,
    dataset: Dataset,
    centre: tuple[float, float] | None = None,
    coast: BaseGeometry | None = None,
) -> Verdict:
    """Judge one impact area (or point) against one maritime zone.

    Examples
    --------
    >>> from shapely.geometry import Point, box
    >>> from trajgeo.maritime.zoneset import Dataset, MaritimeZone
    >>> ds = Dataset("demo", "1", 5.0, "", "")
    >>> zone = MaritimeZone("z", "Demo", "JPN", "eez", box(0, 0, 10, 10))
    >>> v = judge(Point(5, 5), zone, ds)
    >>> v.status, round(v.margin_km[0])
    ('inside', 553)
    """
    ashore, land = 0.0, None
    if coast is not None and zone.kind != "land" and subject.geom_type != "Point":
        # a sea zone's margin is measured over the area's part at sea: inland, the coast
        # is not its limit, and its sea limits lie across the water
        ashore = _share_ashore(subject, coast)
        land = coast if ashore else None
    lo, hi = signed_margin_km(
        subject, zone.geometry, centre, coast if zone.kind != "land" else None, ashore=land
    )
    if subject.geom_type == "Point":
        share = 1.0 if lo >= 0 else 0.0
    else:
        inter = subject.intersection(zone.geometry)
        total = _area_m2(subject)
        share = geodesy.geodesic_area_m2(inter) / total if total > 0 else 0.0
        share = min(1.0, max(0.0, share))
    if lo >= 0.0 and share > 0.9999:
        status = "inside"
    elif hi <= 0.0 and share < 1e-4:
        status = "outside"
    else:
        status = "straddles"
    closest = lo if status == "inside" else -hi if status == "outside" else 0.0
    local = (
        _local_error(subject, zone, dataset)
        or _border_error(subject, zone, dataset, closest)
        or _coast_error(subject, zone, dataset, closest)
    )
    acc = _error_figures(dataset, local)[0]
    within = status == "straddles" or (acc is not None and closest < acc)
    return Verdict(
        zone=zone,
        status=status,
        share_inside=share,
        margin_km=(lo, hi),
        within_accuracy=within,
        dataset=dataset,
        subject="impact point" if subject.geom_type == "Point" else "impact zone",
        confidence=_grade(status, closest, dataset, local),
        limit_error=local,
        share_ashore=ashore,
    )


def _share_ashore(subject: BaseGeometry, coast: BaseGeometry) -> float:
    """Return the share of the subject's area on land, kept for the last subject and coast.

    0 when under 0.05 % of it is on land or all of it is (it is then measured whole).
    """
    key = (id(subject), id(coast))
    last = _LAST_ASHORE.get("subject")
    if last is not None and last[0] == key and last[1] is subject and last[2] is coast:
        return float(last[3])
    share = 0.0
    total = _area_m2(subject)
    if total > 0 and subject.intersects(coast):
        share = geodesy.geodesic_area_m2(subject.intersection(coast)) / total
        share = min(1.0, share) if 0.0005 <= share < 0.9995 else 0.0
    _LAST_ASHORE["subject"] = (key, subject, coast, share)
    return share


_LAST_ASHORE: dict[str, tuple[Any, ...]] = {}


# --------------------------------------------------------------------------- events
def _subject(sg: ShotGeometry) -> BaseGeometry:
    if sg.impact_area is not None and not sg.impact_area.is_empty:
        return sg.impact_area
    return sg.impact_point


def _touched_areas(zones: ZoneSet, subject: BaseGeometry) -> list[MaritimeZone]:
    """Return the areas a subject touches, merged the way a reader names them.

    A state's EEZ pieces (territories apart) become one area; its territorial
    sea and land are listed too when touched; shared bands stay as they are.
    """
    out: list[MaritimeZone] = []
    seen: set[tuple[str, str]] = set()
    for z in zones.query(subject):
        if z.kind in ("eez", "territorial_sea", "land") and len(z.claimants) < 2:
            code = z.territory_iso3 or z.sovereign_iso3
            key = (code or z.zone_id, z.kind)
            if key in seen:
                continue
            seen.add(key)
            area = zones.state_area(code, z.kind) if code else None
            out.append(area or z)
        elif (z.zone_id, z.kind) not in seen:
            seen.add((z.zone_id, z.kind))
            out.append(z)
    order = {"eez": 0, "overlapping_claim": 1, "joint_regime": 2, "territorial_sea": 3, "land": 4}
    return sorted(out, key=lambda z: order.get(z.kind, 9))


def _judge_all(
    subject: BaseGeometry,
    areas: list[MaritimeZone],
    dataset: Dataset,
    centre: tuple[float, float],
    coast: BaseGeometry | None,
) -> tuple[Verdict, ...]:
    """:func:`judge` for many areas, their limits prepared a batch at a time against the coast."""
    from trajgeo.maritime.margins import prepare_limits

    out: list[Verdict] = []
    for k in range(0, len(areas), _BATCH):
        batch = areas[k : k + _BATCH]
        prepare_limits([a.geometry for a in batch if a.kind != "land"], coast)
        out.extend(judge(subject, a, dataset, centre, coast) for a in batch)
    return tuple(out)


#: Areas whose limits are prepared together (fewer than the margins module keeps).
_BATCH = 64


def _check_claim(
    claim: Claim,
    shot_verdicts: list[tuple[int, Verdict | None]],
    dataset: Dataset,
    worldview: str,
    shared: tuple[float, tuple[str, ...], str] = (0.0, (), ""),
) -> ClaimCheck:
    from trajgeo.maritime.names import state_name

    what = {"eez": "EEZ", "territorial_sea": "territorial sea", "land": "land"}[claim.kind]
    owner = found_name = state_name(claim.zone)
    for _, v in shot_verdicts:
        if v is not None and v.zone.territory:
            found_name = v.zone.territory
            break
    owner = found_name or owner
    said = f"{'inside' if claim.inside else 'outside'} {owner}'s {what}"
    view = f"as {state_name(worldview)} claims it" if worldview else ""
    found = [(n, v) for n, v in shot_verdicts if v is not None]
    if not found:
        return ClaimCheck(
            claim,
            "inconclusive",
            f'the data set has no {what} for {claim.zone}; the claim "{said}" cannot be checked',
        )
    contradicted, unsure, details = [], [], []
    for n, v in found:
        details.append(f"shot {n}: {v.describe()}")
        if v.confidence in ("low", "medium"):
            # a margin under the error 95 % of this stretch's offsets stay within settles
            # nothing, either way
            unsure.append(n)
        elif (v.status == "inside") != claim.inside:
            contradicted.append(n)
    confidence = min((v.confidence for _, v in found), key=_CONFIDENCE_ORDER.__getitem__)
    src = f" ({dataset.name} {dataset.version}{', ' + view if view else ''})"
    if contradicted:
        status = "contradicted"
        head = f"the report says {said}, but " + (
            "; ".join(d for (n, _), d in zip(found, details, strict=False) if n in contradicted)
        )
    elif unsure:
        status = "inconclusive"
        head = f"the report says {said}; the data cannot settle it: " + "; ".join(
            d for (n, _), d in zip(found, details, strict=False) if n in unsure
        )
    else:
        status = "holds"
        head = f"{said}, as reported: " + "; ".join(details)
    # as the fused estimate's claims: an area the claim's state claims with others decides
    # nothing (its own view gives it the area, which is its claim, not a finding)
    share, others, view_of = shared
    if share >= (0.05 if status != "inconclusive" or view_of else 0.5):
        from trajgeo.wording import disputed_reason, unsettled_reason

        why = (
            unsettled_reason(share, claim.zone, view_of, of="the impact area")
            if view_of
            else disputed_reason(share, claim.zone, others, of="the impact area")
        )
        return ClaimCheck(
            claim,
            "inconclusive",
            f"the report says {said}; not settled — {why}{src}",
            tuple(v for _, v in found),
            "low",
            dispute=why,
        )
    return ClaimCheck(claim, status, head + src, tuple(v for _, v in found), confidence)


def shared_by(zone: MaritimeZone, iso3: str, view: str | None = None) -> bool:
    """Tell whether ``iso3`` claims an area with other states.

    With a ``view``, only an area that view leaves to no one counts (the view is
    none of its claimants): what a claim there says the data cannot settle.

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> both = ("RUS", "UKR")
    >>> crimea = MaritimeZone("x", "Crimea", "RUS", "land", Point(0, 0), claimants=both)
    >>> shared_by(crimea, "UKR"), shared_by(crimea, "UKR", "USA"), shared_by(crimea, "UKR", "RUS")
    (True, True, False)
    """
    c = zone.claimants
    return len(c) > 1 and iso3 in c and (view is None or view not in c)


def _shared_share(
    zones: ZoneSet, subjects: list[BaseGeometry], zone: str, view: str | None
) -> tuple[float, tuple[str, ...], str]:
    """Return the largest share of an impact area in areas ``zone`` claims with others.

    As :func:`trajgeo.analysis.claims._shared` reads an estimate's samples: with a
    ``view`` that is none of an area's claimants, only the areas that view leaves
    to no one count. Also returns the other claimants met, and the view that
    gives the areas to none ("" when it is the claimant's own).
    """
    worst, others = 0.0, set[str]()
    for subject in subjects:
        total = _area_m2(subject) if subject.geom_type != "Point" else 0.0
        got = 0.0
        for z in zones.query(subject):
            if not shared_by(z, zone, view):
                continue
            if total:
                part = geodesy.geodesic_area_m2(subject.intersection(z.geometry)) / total
            else:
                part = 1.0 if z.geometry.intersects(subject) else 0.0
            if part > 0.0:  # (a query's candidate by its bounds need not reach the subject)
                got += part
                others.update(z.claimants)
        worst = max(worst, min(1.0, got))
    others.discard(zone)
    return worst, tuple(sorted(others)), view or ""


def _judge_shot(
    sg: ShotGeometry,
    zones: ZoneSet,
    kinds: Collection[str] | None = None,
    judged: dict[int, Verdict] | None = None,
) -> tuple[Verdict, ...]:
    """Judge one shot line's impact area (or point) against every area it touches.

    ``kinds`` keeps the areas of those kinds only (each verdict is the same
    judged alone); ``judged`` keeps verdicts by the area's place in the list,
    so a shot read first for its EEZs and then in full is judged once.
    """
    judged = {} if judged is None else judged
    subject = _subject(sg)
    areas = _touched_areas(zones, subject)
    wanted = [i for i, a in enumerate(areas) if kinds is None or a.kind in kinds]
    todo = [i for i in wanted if i not in judged]
    if todo:
        centre = (sg.impact_point.x, sg.impact_point.y)
        coast = zones.land_near(subject, _REACH_DEG)
        found = _judge_all(subject, [areas[i] for i in todo], zones.dataset, centre, coast)
        judged.update(zip(todo, found, strict=True))
    return tuple(judged[i] for i in wanted)


def _deferred(
    sg: ShotGeometry, point_zones: tuple[MaritimeZone, ...], zones: ZoneSet
) -> ShotVerdicts:
    """Return a :class:`ShotVerdicts` whose ``verdicts`` are judged when first read."""
    sv = object.__new__(ShotVerdicts)
    for name, value in (("geometry", sg), ("impact_point_zones", point_zones)):
        object.__setattr__(sv, name, value)
    judged: dict[int, Verdict] = {}

    def pending(kinds: Collection[str] | None = None) -> tuple[Verdict, ...]:
        return _judge_shot(sg, zones, kinds, judged)

    object.__setattr__(sv, "_pending", pending)
    return sv


def check_event(
    geometry: EventGeometry | Event,
    zones: ZoneSet | None = None,
    *,
    worldview: str | None = None,
    defer: bool = False,
) -> EventVerdicts:
    """Judge every shot of an event against the maritime zones, and check its claims.

    Parameters
    ----------
    geometry
        An :class:`~trajgeo.geo.EventGeometry` (or an :class:`~trajgeo.events.Event`,
        whose geometry is then built with defaults).
    zones
        A :class:`~trajgeo.maritime.zoneset.ZoneSet`; default the shipped data set.
    worldview
        Judge everything as this state claims its zones. Without it, verdicts
        use the neutral set (disputed bands are their own zones) and each
        claim is checked as the state it names claims its zone, since "inside
        our EEZ" follows the speaker's own claim.
    defer
        Judge each shot line against every zone it touches only when its
        :attr:`ShotVerdicts.verdicts` are first read (the same verdicts; a
        static map's alt text reads them only for a shot no claim names).
        The claims are checked at once either way.

    Returns
    -------
    EventVerdicts
    """
    from trajgeo.geo.impact import EventGeometry, event_geometry

    if not isinstance(geometry, EventGeometry):
        geometry = event_geometry(geometry)
    require_zone_set(zones, optional=True)
    base = zones if zones is not None else load_zones()
    if worldview:
        base = base.with_worldview(worldview)
    shots = []
    for sg in geometry.shots:
        point_zones = tuple(base.where(sg.impact_point.x, sg.impact_point.y))
        if defer:
            shots.append(_deferred(sg, point_zones, base))
        else:
            shots.append(ShotVerdicts(sg, _judge_shot(sg, base), point_zones))
    neutral = base if not worldview else (zones if zones is not None else load_zones())
    claims = []
    for j, claim in enumerate(geometry.event.claims):
        require_known_code(claim.zone, base, source=geometry.event.path, field=f"claims[{j}].zone")
        sovereign_codes = set(base.states())
        # as the fused estimate reads a claim: in the claimant's own view of what is its own
        view = worldview or (claim.zone if claim.zone in sovereign_codes else "")
        zs = base if worldview else base.with_worldview(view or None)
        area = _claimed_area(zs, claim) if len(claim.zone) == 3 else None
        numbers = claim.shots or tuple(s.shot.number for s in geometry.shots)
        judged: list[tuple[int, Verdict | None]] = []
        for sv in shots:
            if sv.geometry.shot.number not in numbers:
                continue
            sg = sv.geometry
            subject = _subject(sg)
            judged.append(
                (
                    sg.shot.number,
                    None
                    if area is None
                    else judge(
                        subject,
                        area,
                        zs.dataset,
                        (sg.impact_point.x, sg.impact_point.y),
                        # an EEZ with its land ends at sea limits and land borders: no coast
                        None if claim.kind == "eez" else zs.land_near(subject, _REACH_DEG),
                    ),
                )
            )
        third = (worldview or "").upper() not in ("", claim.zone.upper())
        shared = _shared_share(
            base if third else neutral,
            [_subject(sv.geometry) for sv in shots if sv.geometry.shot.number in numbers],
            claim.zone.upper(),
            (worldview or "").upper() if third else None,
        )
        claims.append(_check_claim(claim, judged, zs.dataset, view, shared))
    return EventVerdicts(geometry, tuple(shots), tuple(claims), base.dataset)


def _claimed_area(zs: ZoneSet, claim: Claim) -> MaritimeZone | None:
    """Return the area a claim is about: an EEZ with its land, as the fused estimate reads it.

    A missile that came down inland did not come down outside the state's EEZ in the
    report's sense: the zone a state holds runs from its sea limits to its land borders.
    """
    from dataclasses import replace

    import shapely

    area = zs.state_area(claim.zone, claim.kind)
    if area is None or claim.kind != "eez":
        return area
    land = zs.state_area(claim.zone, "land")
    if land is None:
        return area
    return replace(area, geometry=shapely.union_all([area.geometry, land.geometry]))


def check_events(
    geometries: list[EventGeometry], zones: ZoneSet | None = None, *, worldview: str | None = None
) -> list[EventVerdicts]:
    """:func:`check_event` for several events, loading the zone set once."""
    zs = zones if zones is not None else load_zones()
    return [check_event(g, zs, worldview=worldview) for g in geometries]


def verdicts_frame(results: EventVerdicts | list[EventVerdicts]) -> Any:
    """One row per (event, shot, zone) verdict, with the impact area as geometry.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``event_id``, ``shot``, ``zone_id``, ``zone``, ``sovereign_iso3``,
        ``kind``, ``status``, ``share_inside``, ``margin_min_km``,
        ``margin_max_km``, ``confidence``, ``dataset``; EPSG:4326.
    """
    from trajgeo._optional import require

    (geopandas,) = require("geo", ("geopandas",), "GeoDataFrames")

    from trajgeo._checks import instance

    if isinstance(results, EventVerdicts):
        results = [results]
    instance(results, (list, tuple), "results", "an EventVerdicts or a list of them")
    for k, r in enumerate(results):
        instance(r, EventVerdicts, f"results[{k}]", "an EventVerdicts (from check_event)")
    rows, geoms = [], []
    for r in results:
        for sv in r.shots:
            for v in sv.verdicts:
                rows.append(
                    {
                        "event_id": r.event.id,
                        "shot": sv.geometry.shot.number,
                        "zone_id": v.zone.zone_id,
                        "zone": v.zone.label,
                        "sovereign_iso3": v.zone.sovereign_iso3,
                        "kind": v.zone.kind,
                        "status": v.status,
                        "share_inside": v.share_inside,
                        "margin_min_km": v.margin_km[0],
                        "margin_max_km": v.margin_km[1],
                        "confidence": v.confidence,
                        "dataset": v.dataset.name,
                    }
                )
                geoms.append(_subject(sv.geometry))
    return geopandas.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")
