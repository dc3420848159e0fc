"""One analysis of events: geometry, verdicts, overflights and capability rings.

The command line (``trajgeo check``), the maps (:func:`trajgeo.maps.make_spec`)
and the Python API all call :func:`analyse`, so a verdict, an overflight or a
capability ring is computed in one place and reads the same everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trajgeo.errors import InputError

if TYPE_CHECKING:
    from trajgeo.analysis.fused import FusedEvent
    from trajgeo.events import Event
    from trajgeo.geo.impact import EventGeometry
    from trajgeo.maritime.overflight import Overflight
    from trajgeo.maritime.verdicts import EventVerdicts
    from trajgeo.maritime.zoneset import ZoneSet
    from trajgeo.physics.capability import CapabilityRing

__all__ = ["Analysis", "EventAnalysis", "analyse", "as_geometries"]


@dataclass(frozen=True)
class EventAnalysis:
    """Everything trajgeo says about one event.

    Attributes
    ----------
    geometry
        Arcs, impact areas and rings (:class:`~trajgeo.geo.impact.EventGeometry`).
    verdicts
        Each shot against the maritime zones and each claim checked, or
        ``None`` when verdicts were not asked for.
    overflights
        Stretches of each shot's nominal track over other states' land, in
        shot order (empty without zones).
    capability
        The capability rings of the event's ``capability:`` block.
    fused
        One estimate per missile from every account of it, each zone's and
        each overflown state's probability, and each claim tested as a
        probability (:mod:`trajgeo.analysis.fused`).
    """

    geometry: EventGeometry
    verdicts: EventVerdicts | None = None
    overflights: tuple[Overflight, ...] = ()
    capability: tuple[CapabilityRing, ...] = ()
    fused: FusedEvent | None = None

    @property
    def event(self) -> Event:
        """The event analysed."""
        return self.geometry.event

    def shot_overflights(self, shot_number: int) -> tuple[Overflight, ...]:
        """Return the overflights of one shot line (1-based number)."""
        return tuple(o for o in self.overflights if o.shot_number == shot_number)

    def as_dict(self) -> dict[str, Any]:
        """Return the verdicts as a JSON-ready dict, each shot with its overflights."""
        if self.verdicts is None:
            raise ValueError("no verdicts: analyse() was called with verdicts=False")
        doc = self.verdicts.as_dict()
        for shot in doc.get("shots", []):
            shot["overflights"] = [o.as_dict() for o in self.shot_overflights(shot["shot"])]
        if self.fused is not None:
            # the claims are judged on the fused estimate; each shot line's own area
            # stays under "shots" (what that one account alone allows)
            doc["claims"] = [c.as_dict() for c in self.fused.claims]
            doc["missiles"] = [m.as_dict() for m in self.fused.missiles]
            doc["holds_at"] = self.fused.holds_at
        return doc


@dataclass(frozen=True)
class Analysis:
    """The analysis of several events against one zone set (see :func:`analyse`)."""

    events: tuple[EventAnalysis, ...]
    zones: ZoneSet | None = None
    worldview: str | None = None

    @property
    def geometries(self) -> list[EventGeometry]:
        """The events' geometry, in order."""
        return [e.geometry for e in self.events]

    @property
    def verdicts(self) -> list[EventVerdicts | None]:
        """The events' verdicts, in order (``None`` where not judged)."""
        return [e.verdicts for e in self.events]

    @property
    def overflights(self) -> list[Overflight]:
        """Every overflight, event by event."""
        return [o for e in self.events for o in e.overflights]

    @property
    def capability(self) -> list[CapabilityRing]:
        """Every capability ring, event by event."""
        return [r for e in self.events for r in e.capability]

    def as_dict(self) -> dict[str, Any]:
        """Return ``{"events": [...], "dataset": {...}}``, as ``trajgeo check --json`` prints."""
        if self.zones is None:
            raise ValueError("no zones: analyse() was called with verdicts=False")
        return {
            "events": [e.as_dict() for e in self.events],
            "dataset": self.zones.with_worldview(self.worldview).dataset.as_dict(),
        }


def as_geometries(items: Any, rings_km: Sequence[float] = ()) -> list[EventGeometry]:
    """Return event geometry for event files, :class:`Event` or ``EventGeometry`` objects.

    ``EventGeometry`` input is kept as it is (with its own rings).
    """
    from trajgeo.events import Event, load_events
    from trajgeo.geo.impact import EventGeometry, event_geometry

    if isinstance(items, (str, Path, Event, EventGeometry)):
        items = [items]
    out: list[EventGeometry] = []
    for item in items:
        if isinstance(item, EventGeometry):
            out.append(item)
        elif isinstance(item, Event):
            out.append(event_geometry(item, rings_km=tuple(rings_km)))
        elif isinstance(item, (str, Path)):
            out.extend(event_geometry(e, rings_km=tuple(rings_km)) for e in load_events(item))
        else:
            raise InputError(
                "cannot map this object",
                field="events",
                value=type(item).__name__,
                allowed="event files, Event or EventGeometry objects",
            )
    return out


def analyse(
    events: str | Path | Event | EventGeometry | Iterable[Any],
    *,
    zones: ZoneSet | None = None,
    worldview: str | None = None,
    rings_km: Sequence[float] = (),
    verdicts: bool = True,
    overflights: bool = True,
    capability: bool = True,
    estimate: bool = True,
    seed: int | None = None,
    holds_at: float = 0.95,
    samples: int | None = None,
    defer_accounts: bool = False,
) -> Analysis:
    """Analyse events: geometry, verdicts against maritime zones, overflights, capability.

    Parameters
    ----------
    events
        Event files, :class:`~trajgeo.events.Event` or
        :class:`~trajgeo.geo.impact.EventGeometry` objects (one or many).
    zones
        The :class:`~trajgeo.maritime.zoneset.ZoneSet` to judge against and to
        take land from; default the shipped data set when verdicts are asked for.
    worldview
        Judge every zone as this state (ISO3) claims it.
    rings_km
        Range rings around each launch site (not for ``EventGeometry`` input).
    verdicts
        Judge each shot and check each claim.
    overflights
        Find where each nominal track crosses other states' land (needs zones:
        given, or loaded for the verdicts).
    capability
        Build the rings of each event's ``capability:`` block.
    estimate
        Fuse every account of each missile into one estimate and judge the
        claims on it as probabilities (needs zones: given, or loaded for the
        verdicts).
    seed
        Seed of the estimate's sampling (default: derived from each event's id).
    holds_at
        Probability at which a claim holds (contradicted at ``1 - holds_at``).
    samples
        At most this many accepted impact samples per missile (default
        10,000); each missile gets as many as its zone probabilities need to
        be within about ±1 point (2,000 first).
    defer_accounts
        Judge each shot line (each source's account) against every zone it
        touches only when its verdicts are first read (see
        :func:`~trajgeo.maritime.verdicts.check_event`); the claims are
        checked at once. A static map reads them only for a shot no claim
        names.

    Returns
    -------
    Analysis

    Raises
    ------
    InputError
        For bad event files or a ``capability:`` block naming a shot without
        an apogee and a distance.
    DataError
        When the shipped zone data cannot be read.

    Examples
    --------
    >>> from trajgeo.analysis import analyse
    >>> result = analyse("examples/2024-03-18-pyongyang.yaml")  # doctest: +SKIP
    >>> [c.status for c in result.events[0].fused.claims]  # doctest: +SKIP
    ['holds']
    """
    _check_options(zones, holds_at, samples, seed)
    geoms = as_geometries(events, rings_km)
    zs = zones
    if verdicts and zs is None:
        from trajgeo.maritime.zoneset import load_zones

        zs = load_zones()
    if worldview and zs is not None:  # an unknown state had replaced the claimant's own view
        from trajgeo.maritime.names import require_known_code

        require_known_code(worldview, zs, source=None, field="worldview", what="worldview state")
    out = []
    for g in geoms:
        out.append(
            EventAnalysis(
                geometry=g,
                verdicts=_verdicts(g, zs, worldview, defer_accounts) if verdicts else None,
                overflights=_overflights(g, zs) if overflights and zs is not None else (),
                capability=_capability(g) if capability else (),
                fused=_fused(g, zs, seed, holds_at, worldview, samples)
                if estimate and zs is not None
                else None,
            )
        )
    return Analysis(tuple(out), zs, worldview)


def _check_options(zones: Any, holds_at: Any, samples: Any, seed: Any) -> None:
    """Check :func:`analyse`'s options: each had been used as given, however wrong."""
    from trajgeo._checks import count, require_zone_set
    from trajgeo.analysis.claims import check_holds_at
    from trajgeo.analysis.sampler import MIN_ACCEPTED  # fewer cannot tell accounts apart

    require_zone_set(zones, optional=True)
    check_holds_at(holds_at)
    if samples is not None:
        count(samples, "samples", low=MIN_ACCEPTED, high=10_000_000)
    if seed is not None:
        count(seed, "seed", low=0, high=2**63 - 1)


def _fused(
    g: EventGeometry,
    zones: ZoneSet,
    seed: int | None,
    holds_at: float,
    worldview: str | None,
    samples: int | None,
) -> FusedEvent:
    from trajgeo.analysis.fused import fuse_event

    extra = {} if samples is None else {"samples": samples}
    return fuse_event(g.event, zones, seed=seed, holds_at=holds_at, worldview=worldview, **extra)


def _verdicts(
    g: EventGeometry, zones: ZoneSet | None, worldview: str | None, defer: bool
) -> EventVerdicts:
    from trajgeo.maritime.verdicts import check_event

    return check_event(g, zones, worldview=worldview, defer=defer)


def _overflights(g: EventGeometry, zones: ZoneSet) -> tuple[Overflight, ...]:
    from trajgeo.maritime.overflight import overflights

    return tuple(overflights(g, zones))


def _capability(g: EventGeometry) -> tuple[CapabilityRing, ...]:
    from trajgeo.physics.capability import capability_rings

    return tuple(capability_rings(g.event, g))
