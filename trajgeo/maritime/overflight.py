"""Overflights: where a shot's ground track crosses land, whose land, and how high.

A missile "flying over Japan" is a claim about two things: its ground track
(the point on the Earth's surface directly below it) crossed Japanese land,
and it was at some altitude when it did. This module answers both for each
shot of an event:

* the nominal ground track is the shot's geodesic arc (WGS84), from
  :func:`trajgeo.geo.impact.event_geometry`;
* it is intersected with the land polygons of a zone set
  (:func:`trajgeo.maritime.zoneset.load_zones`, kind ``land``, one per state);
* each crossing gets its entry and exit points, their distance from the
  launch site along the track, and the **modelled** altitude there, from
  :mod:`trajgeo.physics.profile` (the arc through the reported apogee, or the
  minimum-energy arc when none is reported).

The land a track comes down on is left out (a landing, not an overflight), and
the launch state's own land unless ``include_launch_state=True``:
the climb-out over its own territory at the start of the track, and any
later stretch over its own land (a domestic test range such as Plesetsk to
Kura) are not overflights in the news sense. The launch state is the state
whose land holds the launch point, or lies within 5 km of it
(:data:`LAUNCH_SLACK_KM`); a launch at sea has none.

Accuracy: the track is the *nominal* arc (reported bearing and range, or
the reported impact point); a different bearing within the reported band
moves it. Land boundaries are those of the data set (see its
``accuracy_km``); altitudes are a vacuum, spherical-Earth model and carry
the assumptions listed on each result.

Python API::

    from trajgeo.maritime.zoneset import load_zones
    from trajgeo.maritime.overflight import overflights
    from trajgeo.geo.impact import event_geometry

    for o in overflights(event_geometry(event), load_zones()):
        print(o.describe())
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from trajgeo.geo.impact import EventGeometry, ShotGeometry
    from trajgeo.maritime.zoneset import MaritimeZone, ZoneSet
    from trajgeo.physics.profile import ShotProfile

__all__ = ["Overflight", "overflights", "shot_overflights", "whose_land"]

#: Crossings of one state closer together than this (km along the track) are merged.
MERGE_GAP_KM = 1.0
#: How far from the launch point the launch state's own land may start and still be skipped.
LAUNCH_SLACK_KM = 5.0
#: A crossing that ends within this distance (km) of the track's end is where it came down.
_END_KM = 0.01
#: Points sampled along each crossing to find its lowest and highest altitude.
_SAMPLES = 64


@dataclass(frozen=True)
class Overflight:
    """One crossing of a state's land by a shot's nominal ground track.

    Attributes
    ----------
    event_id, shot_number
        The shot (1-based number) of the event.
    sovereign_iso3, state
        The land's state: ISO 3166-1 alpha-3 code and short English name.
        Land several states claim has no one state: ``sovereign_iso3`` is
        empty and ``state`` names every claimant ("land claimed by Russia
        and Ukraine").
    zone_ids
        Land zones of the data set the crossing runs through.
    territory
        Territory name from the data set, when it gives one (e.g. an island group).
    entry_lon, entry_lat, exit_lon, exit_lat
        Where the track reaches and leaves the land, degrees (longitudes in
        [-180, 180]).
    entry_km, exit_km
        Distance from the launch site along the track (WGS84 geodesic), km.
    entry_altitude_km, exit_altitude_km
        Modelled altitude at entry and exit, km.
    min_altitude_km, max_altitude_km
        Lowest and highest modelled altitude over the land.
    is_launch_state
        True for the launch state's own land (kept only with ``include_launch_state``).
    geometry
        The crossing segment(s), a normalised LineString or MultiLineString.
    trajectory
        The profile's kind (``"lofted"``, ``"minimum_energy"``, …).
    apogee_reported
        Whether the altitude model went through a reported apogee.
    assumptions
        What the altitudes rest on.
    claimants
        Every state that claims the land (one for undisputed land).
    """

    event_id: str
    shot_number: int
    sovereign_iso3: str
    state: str
    zone_ids: tuple[str, ...]
    territory: str
    entry_lon: float
    entry_lat: float
    exit_lon: float
    exit_lat: float
    entry_km: float
    exit_km: float
    entry_altitude_km: float
    exit_altitude_km: float
    min_altitude_km: float
    max_altitude_km: float
    is_launch_state: bool
    geometry: BaseGeometry = field(repr=False)
    trajectory: str
    apogee_reported: bool
    assumptions: tuple[str, ...] = ()
    claimants: tuple[str, ...] = ()

    @property
    def length_km(self) -> float:
        """Length of track over the land, km."""
        return self.exit_km - self.entry_km

    def altitude_range_text(self) -> str:
        """Return the altitudes over land in words, rounded to 10 km: ``"about 700–780 km"``."""
        lo = 10.0 * round(self.min_altitude_km / 10.0)
        hi = 10.0 * round(self.max_altitude_km / 10.0)
        if lo == hi:
            return f"about {lo:,.0f} km"
        return f"about {lo:,.0f}–{hi:,.0f} km"

    def describe(self) -> str:
        """One sentence for a reader.

        E.g. ``"Shot 1 crossed Japan from 1,120 to 1,260 km downrange, at about
        700–780 km altitude (modelled)."``
        """
        where = self.state + (
            f" ({self.territory})" if self.territory and self.territory != self.state else ""
        )
        model = "modelled" if self.apogee_reported else "modelled, minimum-energy path assumed"
        return (
            f"Shot {self.shot_number} crossed {where} from {self.entry_km:,.0f} to "
            f"{self.exit_km:,.0f} km downrange, at {self.altitude_range_text()} altitude "
            f"({model})."
        )

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready summary (no geometry)."""
        r1 = lambda x: round(float(x), 1)  # noqa: E731
        return {
            "event_id": self.event_id,
            "shot": self.shot_number,
            "sovereign_iso3": self.sovereign_iso3 or None,
            "claimants": list(self.claimants),
            "state": self.state,
            "zone_ids": list(self.zone_ids),
            "territory": self.territory,
            "entry": [round(self.entry_lon, 5), round(self.entry_lat, 5)],
            "exit": [round(self.exit_lon, 5), round(self.exit_lat, 5)],
            "entry_km": r1(self.entry_km),
            "exit_km": r1(self.exit_km),
            "entry_altitude_km": r1(self.entry_altitude_km),
            "exit_altitude_km": r1(self.exit_altitude_km),
            "min_altitude_km": r1(self.min_altitude_km),
            "max_altitude_km": r1(self.max_altitude_km),
            "is_launch_state": self.is_launch_state,
            "trajectory": self.trajectory,
            "apogee_reported": self.apogee_reported,
            "text": self.describe(),
            "assumptions": list(self.assumptions),
        }


def whose_land(zone: MaritimeZone) -> str:
    """Say whose land a zone is, as a reader is told: land several states claim is all of theirs.

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> from trajgeo.maritime.zoneset import MaritimeZone
    >>> crimea = MaritimeZone("x", "Crimea", "RUS", "land", Point(0, 0), claimants=("RUS", "UKR"))
    >>> whose_land(crimea)
    'RUS;UKR'
    >>> whose_land(MaritimeZone("y", "Japan", "JPN", "land", Point(0, 0)))
    'JPN'
    """
    return ";".join(zone.claimants) if len(zone.claimants) > 1 else zone.sovereign_iso3


def _launch_state(sg: ShotGeometry, land: list[MaritimeZone]) -> str | None:
    """Whose land the launch point is on (or within the slack of), if anyone's.

    Whose, as :func:`whose_land` says it.

    Land several states claim is theirs together: a track from it over one
    claimant's land is reported, as is one from a claimant's own land over it.
    """
    pt = sg.launch_point
    for z in land:
        if z.geometry.covers(pt):
            return whose_land(z)
    from shapely.ops import nearest_points

    from trajgeo.geo import geodesy

    best, best_d = None, math.inf
    for z in land:
        q = nearest_points(pt, z.geometry)[1]
        _, _, d = geodesy.inverse(pt.x, pt.y, q.x, q.y)
        if float(d) / 1000.0 < best_d:
            best, best_d = whose_land(z), float(d) / 1000.0
    return best if best_d <= LAUNCH_SLACK_KM else None


def _pieces(arc: BaseGeometry, zone: MaritimeZone) -> list[Any]:
    inter = arc.intersection(zone.geometry)
    out = []
    for g in getattr(inter, "geoms", [inter]):
        if g.geom_type == "LineString" and not g.is_empty and g.length > 0:
            out.append(g)
    return out


def _merged_crossings(
    sg: ShotGeometry, land: list[MaritimeZone], merge_gap_km: float
) -> list[dict[str, Any]]:
    """Pieces of the track over land, in track order, one state's near pieces merged.

    Each is a dict: ``iso``, ``start``/``end`` (km along the track), ``a``/``b``
    (entry and exit lon/lat), ``zones``, ``pieces`` and ``territories``.
    """
    from trajgeo.geo import geodesy

    lon0, lat0 = sg.launch_point.x, sg.launch_point.y
    total = float(sg.distance_km)

    def dist_km(lon: float, lat: float) -> float:
        _, _, d = geodesy.inverse(lon0, lat0, lon, lat)
        return min(float(d) / 1000.0, total)

    # (state, start_km, end_km, start_pt, end_pt, zone_id, territory, piece)
    raw: list[tuple[str, float, float, tuple, tuple, str, str, Any]] = []
    for z in land:
        for piece in _pieces(sg.arc, z):
            a, b = piece.coords[0], piece.coords[-1]
            da, db = dist_km(*a), dist_km(*b)
            if db < da:
                a, b, da, db = b, a, db, da
            raw.append((whose_land(z), da, db, a, b, z.zone_id, z.territory, piece))
    raw.sort(key=lambda r: (r[1], r[0]))
    merged: list[dict[str, Any]] = []
    for iso, da, db, a, b, zid, terr, piece in raw:
        last = merged[-1] if merged else None
        if last is not None and last["iso"] == iso and da - last["end"] <= merge_gap_km:
            if db > last["end"]:
                last["end"], last["b"] = db, b
            last["zones"].add(zid)
            last["pieces"].append(piece)
            if terr and terr not in last["territories"]:
                last["territories"].append(terr)
            continue
        merged.append(
            {
                "iso": iso,
                "start": da,
                "end": db,
                "a": a,
                "b": b,
                "zones": {zid},
                "pieces": [piece],
                "territories": [terr] if terr else [],
            }
        )
    return merged


def shot_overflights(
    shot_geometry: ShotGeometry,
    zones: ZoneSet,
    *,
    profile: ShotProfile | None = None,
    include_launch_state: bool = False,
    burnout_altitude_km: float = 0.0,
    merge_gap_km: float = MERGE_GAP_KM,
) -> tuple[Overflight, ...]:
    """Land crossings of one shot's nominal ground track.

    Parameters
    ----------
    shot_geometry
        The shot's geometry (its ``arc`` is the ground track).
    zones
        A zone set with ``land`` zones (the shipped one has them).
    profile
        The shot's modelled trajectory; built with ``burnout_altitude_km`` if not given.
    include_launch_state
        Keep crossings of the launch state's own land.
    burnout_altitude_km
        Used only when ``profile`` is not given.
    merge_gap_km
        Consecutive crossings of one state less than this far apart along
        the track (a river mouth, a narrow bay) count as one.

    Returns
    -------
    tuple of Overflight
        In the order the track crosses them. Empty when the shot has no
        direction (no bearing and no impact point: there is no track).
    """
    import shapely

    from trajgeo._checks import number
    from trajgeo.physics.profile import altitude_at, shot_profile
    from trajgeo.wording import land_name

    # a negative or NaN gap had been used as given
    number(merge_gap_km, "merge_gap_km", low=0.0, allowed="0 or more km")
    number(burnout_altitude_km, "burnout_altitude_km", low=0.0, allowed="0 or more km")
    sg = shot_geometry
    if sg.arc.length == 0 or sg.distance_km <= 0:
        return ()
    prof = (
        profile
        if profile is not None
        else shot_profile(sg, burnout_altitude_km=burnout_altitude_km)
    )
    land = zones.query(sg.arc, kinds=["land"])
    if not land:
        return ()
    launch_iso = _launch_state(sg, land)
    total = float(sg.distance_km)
    merged = _merged_crossings(sg, land, merge_gap_km)
    out = []
    for m in merged:
        is_launch = launch_iso is not None and m["iso"] == launch_iso
        if is_launch and not include_launch_state:
            continue
        if m["end"] >= total - _END_KM:
            continue  # the land the track comes down on: a landing, not an overflight
        s = np.linspace(m["start"], m["end"], _SAMPLES)
        alt = np.asarray(altitude_at(prof, fraction=s / total), dtype=float)
        geom = (
            shapely.line_merge(
                shapely.MultiLineString([g for p in m["pieces"] for g in getattr(p, "geoms", [p])])
            )
            if len(m["pieces"]) > 1
            else m["pieces"][0]
        )
        a_lon, a_lat = m["a"]
        b_lon, b_lat = m["b"]
        claimants = tuple(m["iso"].split(";")) if m["iso"] else ()
        out.append(
            Overflight(
                event_id=sg.event_id,
                shot_number=sg.shot.number,
                sovereign_iso3=m["iso"] if len(claimants) == 1 else "",
                state=land_name(claimants),
                zone_ids=tuple(sorted(m["zones"])),
                territory="; ".join(m["territories"]),
                entry_lon=float(a_lon),
                entry_lat=float(a_lat),
                exit_lon=float(b_lon),
                exit_lat=float(b_lat),
                entry_km=float(m["start"]),
                exit_km=float(m["end"]),
                entry_altitude_km=float(alt[0]),
                exit_altitude_km=float(alt[-1]),
                min_altitude_km=float(alt.min()),
                max_altitude_km=float(alt.max()),
                is_launch_state=is_launch,
                geometry=geom,
                trajectory=prof.trajectory,
                apogee_reported=prof.apogee_reported,
                assumptions=(
                    "ground track: the shot's nominal geodesic arc (WGS84); another bearing within "
                    "the reported band moves it",
                    f"land: {zones.dataset.name} {zones.dataset.version}",
                    *prof.assumptions,
                ),
                claimants=claimants,
            )
        )
    return tuple(out)


def overflights(
    event_geometry: EventGeometry,
    zones: ZoneSet,
    *,
    include_launch_state: bool = False,
    burnout_altitude_km: float | None = None,
    merge_gap_km: float = MERGE_GAP_KM,
) -> tuple[Overflight, ...]:
    """Land crossings of every shot of an event, with modelled altitudes.

    Parameters
    ----------
    event_geometry
        From :func:`trajgeo.geo.impact.event_geometry`.
    zones
        A zone set with ``land`` zones, e.g. :func:`trajgeo.maritime.zoneset.load_zones`.
    include_launch_state
        Keep crossings of the launch state's own land (left out by default).
    burnout_altitude_km
        Assumed burnout altitude for the altitude model; default the event's
        ``capability.burnout_altitude_km``, else 0.
    merge_gap_km
        As in :func:`shot_overflights`.

    Returns
    -------
    tuple of Overflight
        Shot by shot, in track order within a shot.
    """
    from trajgeo.physics.profile import event_profiles

    profiles = event_profiles(
        event_geometry.event, event_geometry=event_geometry, burnout_altitude_km=burnout_altitude_km
    )
    out: list[Overflight] = []
    for sg, prof in zip(event_geometry.shots, profiles, strict=True):
        out.extend(
            shot_overflights(
                sg,
                zones,
                profile=prof,
                include_launch_state=include_launch_state,
                merge_gap_km=merge_gap_km,
            )
        )
    return tuple(out)
