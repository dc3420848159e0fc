"""Accounts: what each source said about one group of missiles.

An event file lists shot lines; a line marked ``same_as: N`` is another
source's account of line N's missiles. This module groups the lines into
:class:`Missile` objects, each holding the :class:`Account` of every source
that described it, with each figure read by :mod:`trajgeo.events.figures`
(so its tolerance and the reason for it travel with it). Accounts inherit
what they do not restate (the missile's name and count) from the line they
describe.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from trajgeo.events.figures import DirectionBand, Figure

__all__ = ["Account", "Missile", "Place", "accounts_from_event", "fell_said", "group_accounts"]


@dataclass(frozen=True)
class Place:
    """A named point with the radius of the area it stands for (0: a point)."""

    name: str
    lon: float
    lat: float
    radius_km: float = 0.0
    country: str = ""


@dataclass(frozen=True)
class Account:
    """One source's account of a group of missiles: only what that source said.

    Parameters
    ----------
    line
        The 1-based shot line of the event file.
    source
        Who said it, as the event file names them.
    launch
        The launch site (or area) this account names.
    count, missile
        How many and what, if the account says.
    range_km
        Distance flown from the launch site.
    bearing
        Direction from the launch site.
    landmark, landmark_distance_km, landmark_bearing
        An impact given relative to a landmark ("about 200 km W of
        Oshima-Oshima"); the bearing is from the landmark to the impact and
        may be missing.
    impact
        A reported impact point (its ``radius_km`` is the report's precision).
    apogee_km, flight_time_min
        Reported apogee and flight time.
    fell
        ``"sea"`` or ``"land"`` when the account says where it came down, or
        the name of a sea as the source gave it (``"East Sea"``; see
        :mod:`trajgeo.maritime.seas`).
    same_as
        The line this account describes again, if any.
    derived_range_km
        A distance band trajgeo derived from the apogee and flight time
        (:mod:`trajgeo.analysis.flight`), never said by the source.
    label
        The event file's own name for the line (``"MOD no. 4"``), if it gives one.
    """

    line: int
    source: str | None
    launch: Place
    count: int | None = None
    missile: str | None = None
    range_km: Figure | None = None
    bearing: DirectionBand | None = None
    landmark: Place | None = None
    landmark_distance_km: Figure | None = None
    landmark_bearing: DirectionBand | None = None
    impact: Place | None = None
    apogee_km: Figure | None = None
    flight_time_min: Figure | None = None
    fell: str | None = None
    same_as: int | None = None
    derived_range_km: Figure | None = None
    label: str | None = None

    @property
    def distance_km(self) -> Figure | None:
        """Return the distance band the estimate uses: the reported one, narrowed by a derived one.

        ``derived_range_km`` (trajgeo's, from the apogee and flight time) narrows
        the reported band where they overlap; where they do not, the source's
        own figure stands. It is never part of :meth:`said`.
        """
        r, d = self.range_km, self.derived_range_km
        if d is None or r is None:
            return r if d is None else d
        lo, hi = max(r.low, d.low), min(r.high, d.high)
        if lo > hi or (lo, hi) == (r.low, r.high):
            return r
        return Figure(lo, hi, r.text, r.qualifier, f"{r.rule}; narrowed by {d.rule}", r.value)

    @property
    def places_impact(self) -> bool:
        """True when the account says where the missiles came down (a distance or a point)."""
        return (
            self.distance_km is not None
            or self.impact is not None
            or (self.landmark is not None and self.landmark_distance_km is not None)
        )

    @property
    def who(self) -> str:
        """The source's name, or ``"line N"`` when the file names none."""
        return self.source or f"line {self.line}"

    def said(self) -> list[str]:
        """List what the source said, figure by figure, in its own terms (nothing derived)."""
        out = []
        if self.count is not None:
            out.append(f"{self.count} × {self.missile or 'missile'}")
        elif self.missile:
            out.append(self.missile)
        if self.range_km is not None:
            out.append(f"{self.range_km.text} km")
        if self.bearing is not None:
            out.append(self.bearing.text)
        if self.landmark is not None and self.landmark_distance_km is not None:
            where = f"{self.landmark_distance_km.text} km"
            if self.landmark_bearing is not None:
                where += f" {self.landmark_bearing.text}"
            out.append(f"{where} of {self.landmark.name}")
        if self.impact is not None:
            out.append(f"impact at {self.impact.name}")
        if self.apogee_km is not None:
            out.append(f"apogee {self.apogee_km.text} km")
        if self.flight_time_min is not None:
            out.append(f"{self.flight_time_min.text} min of flight")
        if self.fell is not None:
            out.append(fell_said(self.fell))
        return out


def fell_said(fell: str) -> str:
    """Say an account's ``fell`` the way the source did: "fell into the East Sea".

    >>> fell_said("land"), fell_said("sea"), fell_said("East Sea")
    ('fell on land', 'fell into the sea', 'fell into the East Sea')
    """
    if fell == "land":
        return "fell on land"
    if fell == "sea":
        return "fell into the sea"
    return "fell into the " + fell.removeprefix("the ").removeprefix("The ")


@dataclass(frozen=True)
class Missile:
    """One group of missiles that several accounts may describe.

    Parameters
    ----------
    number
        1-based position among the event's missile groups.
    accounts
        Every source's account, the first being the line that opened the group.
    """

    number: int
    accounts: tuple[Account, ...]
    lines: tuple[int, ...] = field(default=())

    @property
    def count(self) -> int:
        """How many missiles: the largest count any account gives (1 if none does)."""
        counts = [a.count for a in self.accounts if a.count is not None]
        return max(counts) if counts else 1

    @property
    def count_given(self) -> bool:
        """False when no account reported a count (``count`` is then 1 for the model only)."""
        return any(a.count is not None for a in self.accounts)

    @property
    def label(self) -> str | None:
        """The event file's name for the group: the first label any of its lines gives."""
        return next((a.label for a in self.accounts if a.label), None)

    @property
    def missile(self) -> str | None:
        """The missile's name or class, from the first account that gives one."""
        return next((a.missile for a in self.accounts if a.missile), None)

    @property
    def sources(self) -> tuple[str, ...]:
        """Who described this group, in file order, without repeats."""
        seen: dict[str, None] = {}
        for a in self.accounts:
            seen.setdefault(a.who, None)
        return tuple(seen)


def group_accounts(accounts: Sequence[Account]) -> tuple[Missile, ...]:
    """Group accounts into missiles: a line and every ``same_as`` line that describes it.

    Accounts that restate a line inherit its count and missile when they do not
    give their own.

    Examples
    --------
    >>> site = Place("Sunan", 125.67, 39.22, 3.0)
    >>> a = Account(1, "ROK JCS", site, count=3, missile="SRBM")
    >>> b = Account(2, "Japan MOD", site, same_as=1)
    >>> c = Account(3, "ROK JCS", site, count=1, missile="IRBM")
    >>> [(m.number, m.lines, m.count) for m in group_accounts([a, b, c])]
    [(1, (1, 2), 3), (2, (3,), 1)]
    >>> group_accounts([a, b, c])[0].accounts[1].missile
    'SRBM'
    """
    root: dict[int, int] = {}
    by_line = {a.line: a for a in accounts}
    for a in accounts:
        r = a.line
        seen = set()
        while by_line[r].same_as is not None and r not in seen:
            seen.add(r)
            r = by_line[r].same_as  # type: ignore[assignment]
        root[a.line] = r
    groups: dict[int, list[Account]] = {}
    for a in accounts:
        groups.setdefault(root[a.line], []).append(a)
    out = []
    for n, (first, members) in enumerate(sorted(groups.items()), start=1):
        head = by_line[first]
        filled = [members[0]] + [
            replace(
                a,
                count=a.count if a.count is not None else head.count,
                missile=a.missile or head.missile,
            )
            for a in members[1:]
        ]
        out.append(Missile(n, tuple(filled), tuple(a.line for a in filled)))
    return tuple(out)


def accounts_from_event(event: Any) -> tuple[Missile, ...]:
    """Group an event's shot lines into missiles, each with every source's account.

    Parameters
    ----------
    event
        A :class:`~trajgeo.events.Event`.

    Returns
    -------
    tuple of Missile
    """
    out = []
    for shot in event.shots:
        out.append(_account(shot))
    return group_accounts(out)


def _place(launch: Any) -> Place:
    return Place(
        launch.name,
        float(launch.lon),
        float(launch.lat),
        float(launch.radius_km),
        getattr(launch, "country", ""),
    )


def _figure(band: Any) -> Figure:
    text = band.text.removesuffix(" km")
    return Figure(float(band.min_km), float(band.max_km), text, "", band.assumption or "")


def _direction(band: Any) -> DirectionBand | None:
    if band is None or band.is_full_circle:
        return None
    return DirectionBand(
        float(band.start_deg), float(band.width_deg), band.text, band.assumption or "as reported"
    )


def _account(shot: Any) -> Account:
    imp = shot.impact
    landmark = dist = brg = point = None
    if imp is not None and imp.landmark is not None and imp.distance is not None:
        landmark = Place(
            imp.landmark,
            float(imp.landmark_lon),
            float(imp.landmark_lat),
            float(imp.landmark_radius_km),
        )
        dist = _figure(imp.distance)
        brg = _direction(imp.bearing)
    elif imp is not None:
        point = Place(imp.text, float(imp.lon), float(imp.lat), float(imp.radius_km))
    return Account(
        line=shot.number,
        source=shot.source,
        launch=_place(shot.launch),
        count=shot.count if shot.count_given else None,
        missile=shot.missile,
        range_km=_figure(shot.range) if shot.range is not None else None,
        bearing=_direction(shot.bearing),
        landmark=landmark,
        landmark_distance_km=dist,
        landmark_bearing=brg,
        impact=point,
        apogee_km=shot.apogee,
        flight_time_min=shot.flight_time,
        fell=shot.fell,
        same_as=shot.same_as,
        label=shot.label or None,
    )
