"""The renderer-neutral content of a map: one spec, twin outputs.

:func:`build_spec` turns event geometry (and, if given, EEZ verdicts) into a
:class:`MapSpec`: plain frozen dataclasses that say *what* a map shows: the
title, subtitle, credit line and methods footer, the launch sites, each shot's
arc and impact area, range rings, the maritime zones of the states involved,
the labels to place, the extent and a recommended projection, and a
plain-language alt text. The static renderer (:mod:`trajgeo.maps.static`,
cartopy) and the interactive one (:mod:`trajgeo.maps.interactive`, Leaflet)
both draw from it, so a PNG and an HTML map of one event say the same thing.

Coordinates
-----------
Every geometry and coordinate in a spec is in the spec's **frame**: WGS84
lon/lat degrees with longitudes made continuous around
:attr:`MapSpec.central_lon`, i.e. inside ``central_lon ± 180``. A Pacific
flight centred on 180° therefore runs from 120° to 250° without a cut
(Leaflet draws such longitudes as they are; cartopy reads them with
``PlateCarree(central_longitude=central_lon)`` after subtracting
``central_lon``). Geometries of maritime zones are clipped to
:attr:`MapSpec.clip_box` (the extent with a wide margin) to keep them small.

Colours are not in the spec: each layer says its *role* (``shot`` with an
index, ``eez``, ``overlap``, ``ring``...) and the renderer maps roles to a
:class:`~trajgeo.maps.style.Theme`.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from trajgeo.errors import InputError

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from trajgeo.analysis import Analysis
    from trajgeo.geo.impact import EventGeometry, ShotGeometry
    from trajgeo.maritime.overflight import Overflight
    from trajgeo.maritime.verdicts import EventVerdicts, Verdict
    from trajgeo.maritime.zoneset import ZoneSet

__all__ = [
    "PROJECTIONS",
    "CapabilityLayer",
    "Extent",
    "LandmarkLayer",
    "LaunchLayer",
    "MapLabel",
    "MapSpec",
    "OverflightLayer",
    "Projection",
    "RingLayer",
    "ShotLayer",
    "ZoneLayer",
    "alt_text",
    "build_spec",
]

#: Projection kinds a spec can recommend (CLI spelling).
PROJECTIONS: tuple[str, ...] = (
    "auto",
    "azimuthal-equidistant",
    "lambert-conformal",
    "stereographic",
    "orthographic",
    "plate-carree",
    "mercator",
)
_PROJ_ALIASES = {
    "aeqd": "azimuthal-equidistant",
    "lcc": "lambert-conformal",
    "stere": "stereographic",
    "ortho": "orthographic",
    "platecarree": "plate-carree",
    "eqc": "plate-carree",
    "merc": "mercator",
}

METHOD = "geodesic on WGS84"
_NUMBER_WORDS = (
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)
_POINT_WORDS = {"N": "north", "E": "east", "S": "south", "W": "west"}


# --------------------------------------------------------------------------- the spec
@dataclass(frozen=True)
class Projection:
    """A recommended map projection, renderer-neutral.

    Attributes
    ----------
    kind
        One of :data:`PROJECTIONS` except ``auto``.
    central_lon, central_lat
        Centre (degrees).
    standard_parallels
        For ``lambert-conformal``.
    reason
        Why it was chosen (for the methods footer and logs).
    """

    kind: str
    central_lon: float
    central_lat: float
    standard_parallels: tuple[float, float] | None = None
    reason: str = ""

    def describe(self) -> str:
        """Say it in words: ``'azimuthal equidistant centred on 39.0°N 125.7°E'``."""
        ns = "N" if self.central_lat >= 0 else "S"
        lon = (self.central_lon + 180.0) % 360.0 - 180.0
        ew = "E" if lon >= 0 else "W"
        name = self.kind.replace("-", " ")
        return f"{name} centred on {abs(self.central_lat):.1f}°{ns} {abs(lon):.1f}°{ew}"


@dataclass(frozen=True)
class Extent:
    """A lon/lat box in the spec's frame (``lon0 < lon1``; may pass ±180)."""

    lon0: float
    lon1: float
    lat0: float
    lat1: float

    def as_tuple(self) -> tuple[float, float, float, float]:
        """``(lon0, lon1, lat0, lat1)``."""
        return (self.lon0, self.lon1, self.lat0, self.lat1)

    def padded(self, frac: float, min_deg: float = 0.0) -> Extent:
        """Return the box grown by ``frac`` of its size (at least ``min_deg``) on each side."""
        dx = max((self.lon1 - self.lon0) * frac, min_deg)
        dy = max((self.lat1 - self.lat0) * frac, min_deg)
        return Extent(
            self.lon0 - dx, self.lon1 + dx, max(self.lat0 - dy, -90.0), min(self.lat1 + dy, 90.0)
        )


@dataclass(frozen=True)
class MapLabel:
    """A label to place: its text and candidate anchor points, best first.

    Renderers try the anchors (and offsets around them) in order and keep
    the first position that collides with nothing already placed; a label
    that is not ``required`` is dropped when none fits.

    Attributes
    ----------
    text
        The label.
    anchors
        Candidate ``(lon, lat)`` points in the frame.
    role
        ``launch``, ``distance``, ``ring``, ``zone``, ``overlap``, ``landmark``,
        ``capability`` (a capability ring's label: anchors lie on the ring, best
        first; a renderer sets it along the line), ``capability_note`` (a
        capability that reaches any point on Earth: a note by the launch site) or
        ``overflight`` (beside the highlighted stretch of a shot's track).
    priority
        Lower is placed first.
    shot
        Index of the shot layer a ``distance`` or ``overflight`` label belongs to
        (for its colour and the arc it sits beside).
    required
        Whether it must be drawn even when every position collides.
    layer
        Index of the :class:`CapabilityLayer` a ``capability`` label belongs to.
    """

    text: str
    anchors: tuple[tuple[float, float], ...]
    role: str
    priority: int
    shot: int | None = None
    required: bool = True
    layer: int | None = None


@dataclass(frozen=True)
class LaunchLayer:
    """A launch site: its marker, name and (optional) uncertainty disc."""

    name: str
    lon: float
    lat: float
    radius_km: float
    area: BaseGeometry | None = field(default=None, repr=False, compare=False)
    event_id: str = ""


@dataclass(frozen=True)
class LandmarkLayer:
    """A landmark an impact was reported from (e.g. ``"200 km W of Oga"``)."""

    name: str
    lon: float
    lat: float


@dataclass(frozen=True)
class ShotLayer:
    """One shot line: nominal arc, impact area, impact point and labels.

    Attributes
    ----------
    index
        Position among all shots of the spec (0-based; picks the colour).
    event_id, number, title
        The shot's event, its 1-based number there, and ``"3 × SRBM"``.
    arc
        Nominal geodesic, frame coordinates, a (Multi)LineString.
    arc_lonlat
        The same arc as an ``(n, 2)`` array in the frame (continuous).
    has_direction
        False when the report gives no bearing (no arc is drawn, only the ring).
    impact_lon, impact_lat
        Nominal impact point.
    impact_reported
        Whether the report gave the point (or a landmark-relative position).
    impact_area
        Possible impact area (frame), or ``None``.
    distance_km, azimuth_deg
        Of the nominal arc.
    distance_label
        ``"about 350 km"``, ``"300–350 km"``.
    source
        Who reported this shot line, if the file says.
    """

    index: int
    event_id: str
    number: int
    title: str
    arc: BaseGeometry = field(repr=False, compare=False)
    arc_lonlat: np.ndarray = field(repr=False, compare=False)
    has_direction: bool
    impact_lon: float
    impact_lat: float
    impact_reported: bool
    impact_area: BaseGeometry | None = field(repr=False, compare=False)
    distance_km: float
    azimuth_deg: float
    distance_label: str
    source: str | None = None

    @property
    def impact_zone(self) -> BaseGeometry | None:
        """Deprecated name of :attr:`impact_area` (kept for code written before 0.2)."""
        warnings.warn(
            "ShotLayer.impact_zone is deprecated; use ShotLayer.impact_area",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.impact_area


@dataclass(frozen=True)
class RingLayer:
    """A range ring around a launch site."""

    radius_km: float
    centre: tuple[float, float]
    geometry: BaseGeometry = field(repr=False, compare=False)
    label: str


@dataclass(frozen=True)
class CapabilityLayer:
    """A capability ring: how far a tested missile could fly on a normal trajectory.

    Built from an event file's ``capability:`` block by
    :func:`trajgeo.physics.capability.capability_rings`.

    Attributes
    ----------
    index
        Position among the spec's capability layers (0-based).
    event_id, kind, from_shot
        The event; ``"equivalent"`` (converted from a lofted shot, whose
        1-based number is ``from_shot``) or ``"quoted"`` (a figure drawn as given).
    centre
        The launch site, frame coordinates.
    range_km, band_km
        The rounded range and its ``(low, high)`` band (``None`` without a
        band; an end may be ``inf``).
    is_global
        The capability reaches any point on Earth: there is no ring, only a
        note (``geometry`` is ``None``).
    geometry
        The ring, frame coordinates (a (Multi)LineString), or ``None``.
    paths
        The same ring as continuous ``(n, 2)`` lon/lat polylines whose
        longitudes may leave the frame (a ring round a pole is one closed
        line here), for renderers that project point by point.
    band
        ``(low, high)`` band rings, frame coordinates, each ``None`` where
        there is none (a global end, no band).
    band_paths
        The band rings as continuous polylines (as ``paths``), ``()`` when absent.
    label
        ``"about 14,000 km if flown on a normal trajectory"``.
    note
        The caveat that goes with the label.
    warnings
        Anything a reader should be told (from the ring).
    ring
        The :class:`~trajgeo.physics.capability.CapabilityRing` itself.
    """

    index: int
    event_id: str
    kind: str
    from_shot: int | None
    centre: tuple[float, float]
    range_km: float
    band_km: tuple[float, float] | None
    is_global: bool
    geometry: BaseGeometry | None = field(repr=False, compare=False)
    paths: tuple[np.ndarray, ...] = field(default=(), repr=False, compare=False)
    band: tuple[BaseGeometry | None, BaseGeometry | None] = field(
        default=(None, None), repr=False, compare=False
    )
    band_paths: tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...]] = field(
        default=((), ()), repr=False, compare=False
    )
    label: str = ""
    note: str = ""
    warnings: tuple[str, ...] = ()
    ring: Any = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class OverflightLayer:
    """A stretch of a shot's nominal ground track over another state's land.

    Built with :func:`trajgeo.maritime.overflight.overflights` from the land zones of
    the zone set the map is judged with.

    Attributes
    ----------
    shot
        Index of the :class:`ShotLayer` it belongs to.
    event_id, shot_number
        The shot.
    sovereign_iso3, state
        Whose land (``"JPN"``, ``"Japan"``).
    geometry
        The stretch over land, frame coordinates (a (Multi)LineString).
    paths
        The same as ``(n, 2)`` frame polylines.
    entry_km, exit_km
        Distance from the launch site along the track, km.
    min_altitude_km, max_altitude_km
        Modelled altitude over the land, km.
    label
        ``"over Japan at about 710–790 km altitude"``; shot lines that are
        one missile's alternative descriptions and cross the same land share
        one label (on the first of them; the others have ``label == ""``).
    text
        The full sentence (:meth:`~trajgeo.maritime.overflight.Overflight.describe`).
    overflight
        The :class:`~trajgeo.maritime.overflight.Overflight` itself.
    """

    shot: int
    event_id: str
    shot_number: int
    sovereign_iso3: str
    state: str
    geometry: BaseGeometry = field(repr=False, compare=False)
    paths: tuple[np.ndarray, ...] = field(default=(), repr=False, compare=False)
    entry_km: float = 0.0
    exit_km: float = 0.0
    min_altitude_km: float = 0.0
    max_altitude_km: float = 0.0
    label: str = ""
    text: str = ""
    overflight: Any = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class ZoneLayer:
    """A maritime zone to draw lightly: a state's EEZ limit or a shared band.

    Attributes
    ----------
    zone_id, label, kind
        ``kind`` is ``eez`` (draw the outline) or ``overlapping_claim`` /
        ``joint_regime`` (draw a hatched band).
    sovereign_iso3, claimants
        Who holds or claims it.
    geometry
        The zone's sea area (land left out), frame coordinates, clipped to
        :attr:`MapSpec.clip_box`: tint it lightly and place its label inside.
    limit
        For ``eez``: the zone's limit as lines (the 200-NM line and the
        boundaries with neighbours at sea; coasts and land borders left out).
        ``None`` for shared bands (draw their outline).
    """

    zone_id: str
    label: str
    kind: str
    sovereign_iso3: str
    claimants: tuple[str, ...]
    geometry: BaseGeometry = field(repr=False, compare=False)
    limit: BaseGeometry | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class MapSpec:
    """Everything a map shows, for any renderer. Build it with :func:`build_spec`.

    Attributes
    ----------
    title, subtitle, credit, footer
        Texts above and below the map. ``credit`` names the sources;
        ``footer`` states the method, the assumptions and the data attributions.
    alt_text
        Plain-language description of the map, from geometry and verdicts.
    central_lon
        The frame's central longitude (see the module docstring).
    crosses_antimeridian
        Whether any arc or zone crosses ±180.
    projection
        Recommended projection.
    extent
        What the map should show (padded content box), frame coordinates.
    clip_box
        Zone geometries are clipped to it (``extent`` with a wide margin).
    focus
        ``(n, 2)`` frame points that must be visible (sites, arcs, zones,
        rings); a renderer fits its view to them in its own projection.
    launches, shots, rings, zones, landmarks, labels
        The layers.
    capability
        Capability rings (and global-capability notes) from the events'
        ``capability:`` blocks; the extent includes them.
    overflights
        Stretches of the shots' tracks over other states' land, with their
        modelled altitudes (none when the map is drawn without zones).
    small_scale
        A capability ring far larger than the flights sets the view: the
        flights are small, so the labels leave out distances, sources and
        landmarks, and a static renderer may leave out landmark markers.
    attributions
        Data credits (basemap, maritime zones).
    method
        How the geometry was built, one sentence.
    event_ids
        The events drawn.
    width_km
        About how wide the map is, for choosing a basemap resolution.
    geometries, verdicts
        The :class:`~trajgeo.geo.impact.EventGeometry` and
        :class:`~trajgeo.maritime.verdicts.EventVerdicts` (or ``None``) the spec was
        built from, in event order, for renderers that show details on
        demand (the interactive map's popups).
    """

    title: str
    subtitle: str
    credit: str
    footer: str
    alt_text: str
    central_lon: float
    crosses_antimeridian: bool
    projection: Projection
    extent: Extent
    clip_box: Extent
    focus: np.ndarray = field(repr=False, compare=False)
    launches: tuple[LaunchLayer, ...] = ()
    shots: tuple[ShotLayer, ...] = ()
    rings: tuple[RingLayer, ...] = ()
    zones: tuple[ZoneLayer, ...] = ()
    landmarks: tuple[LandmarkLayer, ...] = ()
    labels: tuple[MapLabel, ...] = ()
    capability: tuple[CapabilityLayer, ...] = ()
    overflights: tuple[OverflightLayer, ...] = ()
    small_scale: bool = False
    attributions: tuple[str, ...] = ()
    method: str = METHOD
    event_ids: tuple[str, ...] = ()
    width_km: float = 0.0
    geometries: tuple[Any, ...] = field(default=(), repr=False, compare=False)
    verdicts: tuple[Any, ...] = field(default=(), repr=False, compare=False)

    def frame_lon(self, lon: float) -> float:
        """Move a longitude into the frame (``central_lon ± 180``)."""
        lo = self.central_lon - 180.0
        return (lon - lo) % 360.0 + lo

    def to_frame(self, geom: BaseGeometry) -> BaseGeometry:
        """Move a normalised geometry into the frame (rejoining parts cut at ±180)."""
        from trajgeo.geo.geodesy import shift_to_frame

        return shift_to_frame(geom, self.central_lon)


# --------------------------------------------------------------------------- helpers
def _number_word(n: int, capital: bool = False) -> str:
    word = _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else f"{n:,}"
    return word[:1].upper() + word[1:] if capital else word


def direction_words(azimuth_deg: float) -> str:
    """Say an azimuth as a 16-point compass direction in words.

    Examples
    --------
    >>> direction_words(45.0), direction_words(292.0)
    ('north-east', 'west-north-west')
    """
    from trajgeo.events.compass import compass_name

    name = compass_name(azimuth_deg % 360.0)
    words = [_POINT_WORDS[c] for c in name]
    if len(words) == 3:
        return f"{words[0]}-{words[1]}-{words[2]}"
    return "".join(words[:1]) + ("-" + words[1] if len(words) == 2 else "")


def _round_km(x: float) -> int:
    x = max(x, 0.0)
    step = 10 if x >= 100 else 5
    return int(step * round(x / step))


def _range_words(band: Any, *, prose: bool = True) -> str:
    """Say the distance in the source's words: ``"about 4,600 km"``, ``"300 to 350 km"``."""
    text = band.text or band.describe()
    return text.replace("–", " to ") if prose else text


def _km_span(a: float, b: float) -> str:
    lo, hi = sorted((_round_km(a), _round_km(b)))
    if lo == hi:
        return f"about {lo:,} km"
    return f"{lo:,} to {hi:,} km"


def _unit_vectors(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    lo, la = np.radians(lon), np.radians(lat)
    return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])


def _centre(points: np.ndarray) -> tuple[float, float]:
    """Spherical centre of lon/lat points (mean unit vector)."""
    v = _unit_vectors(points[:, 0], points[:, 1]).mean(axis=0)
    n = float(np.linalg.norm(v))
    if n < 1e-9:
        return float(points[0, 0]), float(points[0, 1])
    v /= n
    return (
        math.degrees(math.atan2(v[1], v[0])),
        math.degrees(math.asin(max(-1.0, min(1.0, v[2])))),
    )


def _shift_points(xy: np.ndarray, central_lon: float) -> np.ndarray:
    out = np.array(xy, float, copy=True)
    if out.size == 0:
        return out.reshape(-1, 2)
    lo = central_lon - 180.0
    # keep a continuous line continuous: shift by whole turns chosen from its first point
    shift = ((out[0, 0] - lo) % 360.0 + lo) - out[0, 0]
    out[:, 0] += shift
    return out


def _geom_points(geom: BaseGeometry | None, limit: int = 400) -> np.ndarray:
    import shapely

    if geom is None or geom.is_empty:
        return np.empty((0, 2))
    xy = shapely.get_coordinates(geom)
    if len(xy) > limit:
        xy = xy[np.linspace(0, len(xy) - 1, limit).astype(int)]
    return xy


def _crosses(geom: BaseGeometry | None) -> bool:
    if geom is None or geom.is_empty:
        return False
    parts = getattr(geom, "geoms", [geom])
    if len(parts) < 2:
        return False
    xs = [(p.bounds[0], p.bounds[2]) for p in parts]
    return any(
        abs(a - 180.0) < 1e-6
        or abs(b - 180.0) < 1e-6
        or abs(a + 180.0) < 1e-6
        or abs(b + 180.0) < 1e-6
        for a, b in xs
    )


def _parse_projection(name: str | None) -> str:
    if name is None:
        return "auto"
    key = str(name).strip().lower().replace("_", "-")
    key = _PROJ_ALIASES.get(key.replace("-", ""), _PROJ_ALIASES.get(key, key))
    if key not in PROJECTIONS:
        raise InputError(
            "unknown projection", field="projection", value=name, allowed=", ".join(PROJECTIONS)
        )
    return key


def _format_date(date: Any) -> str:
    if date is None:
        return ""
    return f"{date.day} {date.strftime('%B %Y')}"


# --------------------------------------------------------------------------- build
def build_spec(
    geometries: EventGeometry | Sequence[EventGeometry],
    verdicts: EventVerdicts | Sequence[EventVerdicts | None] | None = None,
    *,
    zones: ZoneSet | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    projection: str | None = None,
    central_lon: float | None = None,
    extent: Sequence[float] | None = None,
    capability: bool = True,
    overflights: bool = True,
    analysis: Analysis | None = None,
) -> MapSpec:
    """Build the content of a map from event geometry and optional verdicts.

    Parameters
    ----------
    geometries
        One or more :class:`~trajgeo.geo.impact.EventGeometry` (rings included).
    verdicts
        :class:`~trajgeo.maritime.verdicts.EventVerdicts` per event (same order), or
        ``None``: the map then shows no verdict, and draws zones only if
        ``zones`` is given.
    zones
        The :class:`~trajgeo.maritime.zoneset.ZoneSet` to draw zones from; default the
        one the verdicts were judged with (the shipped set).
    title, subtitle
        Overrides.
    projection
        One of :data:`PROJECTIONS`; ``auto`` (default) picks an azimuthal
        equidistant projection centred on the launch site (on the flight's
        middle for long flights), so range rings are true circles and arcs
        from the site are straight.
    central_lon
        Override the frame's and projection's central longitude.
    extent
        ``(lon0, lon1, lat0, lat1)`` override; ``lon1 < lon0`` means the box
        crosses 180°.
    capability
        Draw the capability rings of events that have a ``capability:`` block
        (:func:`trajgeo.physics.capability.capability_rings`). The view grows to show
        them; a ring larger than the flight centres the map on its launch site.
    overflights
        Highlight the stretches of each track over other states' land, with
        their modelled altitudes (:func:`trajgeo.maritime.overflight.overflights`), from
        the land of the zone set (``zones``, or the verdicts' one). Without
        zones and verdicts there are none.
    analysis
        The :class:`~trajgeo.analysis.Analysis` of the same events
        (:func:`trajgeo.maps.make_spec` passes it): its capability rings and,
        when it has zones, its overflights are drawn instead of being computed
        again.

    Returns
    -------
    MapSpec

    Raises
    ------
    InputError
        For a bad projection name or extent, or a ``capability:`` block that
        names a shot without an apogee and a distance.
    """
    from trajgeo.geo.impact import EventGeometry

    geoms = [geometries] if isinstance(geometries, EventGeometry) else list(geometries)
    if not geoms:
        raise InputError("no events to map", field="events")
    if verdicts is None or not isinstance(verdicts, (list, tuple)):
        vlist: list[EventVerdicts | None] = [verdicts] + [None] * (len(geoms) - 1)
    else:
        vlist = list(verdicts) + [None] * (len(geoms) - len(verdicts))
    kind = _parse_projection(projection)
    user_extent = _check_extent(extent) if extent is not None else None

    # ---- centre and frame
    launches_xy = np.array([[g.event.launch.lon, g.event.launch.lat] for g in geoms])
    content = [launches_xy]
    for g in geoms:
        for sg in g.shots:
            content.append(sg.arc_lonlat)
            content.append(_geom_points(sg.impact_area))
        for _, ring in g.rings:
            content.append(_geom_points(ring))
    allpts = np.concatenate([c for c in content if len(c)])
    longest = max((sg.distance_km for g in geoms for sg in g.shots), default=0.0)
    ring_max = max((r for g in geoms for r, _ in g.rings), default=0.0)
    one_site = bool(np.all(np.abs(launches_xy - launches_xy[0]) < 1.0))
    cap_rings: list[Any] = []
    if capability and analysis is not None:
        cap_rings = analysis.capability
    elif capability:
        from trajgeo.physics.capability import capability_rings

        for g in geoms:
            cap_rings.extend(capability_rings(g.event, g))
    drawn = [r for r in cap_rings if r.geometry is not None]
    biggest = max(drawn, key=_cap_reach, default=None)
    if user_extent is not None:
        lon0, lon1, lat0, lat1 = user_extent
        c_lon, c_lat = (lon0 + lon1) / 2.0, (lat0 + lat1) / 2.0
        reason = "centred on the requested extent"
    elif biggest is not None and _cap_reach(biggest) >= max(longest, ring_max):
        # the ring sets the view; the mean of its points would be no centre at all
        # (past a quarter of the globe it points at the antipode)
        c_lon, c_lat = biggest.launch_lon, biggest.launch_lat
        reason = "centred on the launch site: capability rings are circles"
    elif one_site and max(longest, ring_max) < 3_000.0:
        c_lon, c_lat = float(launches_xy[0, 0]), float(launches_xy[0, 1])
        reason = "centred on the launch site: range rings are circles, arcs straight lines"
    else:
        c_lon, c_lat = _centre(allpts)
        reason = "centred on the flights"
    if central_lon is not None:
        if not -360.0 <= central_lon <= 360.0:
            raise InputError(
                "central longitude out of range",
                field="central_lon",
                value=central_lon,
                allowed="-360 to 360",
            )
        c_lon = float(central_lon)
    frame = float(c_lon)
    crosses = any(_crosses(sg.arc) or _crosses(sg.impact_area) for g in geoms for sg in g.shots)
    if crosses and central_lon is None and user_extent is None:
        reason += "; Pacific-centred (the flight crosses 180°)"

    # ---- layers
    launches: list[LaunchLayer] = []
    landmarks: dict[str, LandmarkLayer] = {}
    shots: list[ShotLayer] = []
    rings: list[RingLayer] = []
    seen_sites: set[tuple[str, float, float]] = set()
    for g in geoms:
        ev = g.event
        sites = [(ev.launch, None)] + [(sg.shot.launch, sg.launch_area) for sg in g.shots]
        for launch, area in sites:
            key = (launch.name, round(launch.lon, 4), round(launch.lat, 4))
            if key in seen_sites:
                continue
            seen_sites.add(key)
            if area is None and launch.radius_km > 0:
                area = next(
                    (
                        sg.launch_area
                        for sg in g.shots
                        if sg.shot.launch == launch and sg.launch_area is not None
                    ),
                    None,
                )
            launches.append(
                LaunchLayer(
                    launch.name,
                    _frame(launch.lon, frame),
                    launch.lat,
                    launch.radius_km,
                    None if area is None else _to_frame(area, frame),
                    ev.id,
                )
            )
        for sg in g.shots:
            shots.append(_shot_layer(sg, len(shots), frame))
            imp = sg.shot.impact
            if imp is not None and imp.landmark and imp.landmark_lon is not None:
                landmarks.setdefault(
                    imp.landmark,
                    LandmarkLayer(
                        imp.landmark, _frame(imp.landmark_lon, frame), float(imp.landmark_lat)
                    ),
                )
        for radius_km, ring in g.rings:
            rings.append(
                RingLayer(
                    radius_km,
                    (_frame(ev.launch.lon, frame), ev.launch.lat),
                    _to_frame(ring, frame),
                    f"{radius_km:,.0f} km",
                )
            )
    cap_layers = tuple(_capability_layer(r, i, frame) for i, r in enumerate(cap_rings))

    # ---- extent
    focus = [_shift_points(launches_xy, frame)]
    for s in shots:
        focus.append(s.arc_lonlat)
        focus.append(_geom_points(s.impact_area))
    for r in rings:
        focus.append(_geom_points(r.geometry))
    for lm in landmarks.values():
        focus.append(np.array([[lm.lon, lm.lat]]))
    focus_xy = np.concatenate([f for f in focus if len(f)])
    # ---- zones (needs a first extent to clip to: the flights', not the capability rings')
    base_box = _box(focus_xy)
    zone_layers, zone_focus, dataset, zone_set = _zone_layers(
        geoms, vlist, zones, frame, base_box, shots
    )
    if len(zone_focus):
        focus_xy = np.concatenate([focus_xy, zone_focus])
    # the ring must show; its band may run off the map
    cap_focus = [_geom_points(c.geometry) for c in cap_layers if c.geometry is not None]
    # a ring far larger than the flights makes them small: label them briefly
    compact = biggest is not None and _cap_reach(biggest) > 4.0 * max(longest, ring_max, 1.0)
    if cap_focus:
        focus_xy = np.concatenate([focus_xy, *cap_focus])
    # ---- overflights (the land of the zone set the verdicts were judged with)
    over_layers: tuple[OverflightLayer, ...] = ()
    if overflights and zone_set is not None:
        found = (
            analysis.overflights
            if analysis is not None and analysis.zones is zone_set
            else _find_overflights(geoms, zone_set)
        )
        over_layers = _overflight_layers(found, shots, frame)
    content_box = _box(focus_xy)
    if user_extent is not None:
        lon0, lon1, lat0, lat1 = user_extent
        lon0 = (lon0 - (frame - 180.0)) % 360.0 + frame - 180.0
        lon1 = lon0 + ((user_extent[1] - user_extent[0]) % 360.0 or 360.0)
        ext = Extent(lon0, lon1, lat0, lat1)
        # the user's box is the view: its corners are what must show
        lons = np.linspace(lon0, lon1, 9)
        lats = np.linspace(lat0, lat1, 9)
        focus_xy = np.array([[x, y] for x in lons for y in lats])
    else:
        ext = content_box.padded(0.12, min_deg=1.0)
    clip = ext.padded(0.6, min_deg=4.0)
    zone_layers = tuple(_clip_zone(z, clip) for z in zone_layers)
    zone_layers = tuple(z for z in zone_layers if not z.geometry.is_empty)
    mid_lat = math.radians((ext.lat0 + ext.lat1) / 2.0)
    width_km = min((ext.lon1 - ext.lon0) * 111.32 * max(math.cos(mid_lat), 0.1), 40_000.0)
    width_km = max(width_km, (ext.lat1 - ext.lat0) * 111.0)

    # ---- projection
    if kind == "auto":
        proj = Projection("azimuthal-equidistant", c_lon, c_lat, reason=reason)
    else:
        parallels = None
        if kind == "lambert-conformal":
            span = ext.lat1 - ext.lat0
            parallels = (ext.lat0 + span / 6.0, ext.lat1 - span / 6.0)
            if c_lat < 0:
                parallels = (min(parallels), max(parallels))
        proj = Projection(kind, c_lon, c_lat, parallels, reason="requested")

    # ---- labels
    labels = (
        _labels(launches, shots, rings, zone_layers, landmarks, ext, compact=compact)
        + _overflight_labels(over_layers)
        + _capability_labels(cap_layers)
    )

    # ---- texts
    events = [g.event for g in geoms]
    attributions = ["Basemap: Natural Earth (public domain)"]
    if dataset is not None:
        attributions.append(
            f"Maritime zones: {dataset.name} {dataset.version} "
            f"({dataset.describe_accuracy()}); {dataset.attribution}"
        )
    spec_title = title if title is not None else _title(events)
    spec_sub = subtitle if subtitle is not None else _subtitle(events, shots)
    credit = _credit(events)
    footer = _footer(
        geoms,
        proj,
        attributions,
        extra=_capability_notes(cap_layers) + _overflight_notes(over_layers),
    )
    spec = MapSpec(
        title=spec_title,
        subtitle=spec_sub,
        credit=credit,
        footer=footer,
        alt_text="",
        central_lon=frame,
        crosses_antimeridian=crosses,
        projection=proj,
        extent=ext,
        clip_box=clip,
        focus=focus_xy,
        launches=tuple(launches),
        shots=tuple(shots),
        rings=tuple(rings),
        zones=zone_layers,
        landmarks=tuple(landmarks.values()),
        labels=labels,
        capability=cap_layers,
        overflights=over_layers,
        small_scale=compact,
        attributions=tuple(attributions),
        event_ids=tuple(e.id for e in events),
        width_km=float(width_km),
    )
    from dataclasses import replace

    alt = " ".join(
        x
        for x in (
            alt_text(geoms, vlist),
            _overflight_sentences(over_layers),
            _capability_sentences(cap_layers, geoms),
        )
        if x
    )
    return replace(spec, alt_text=alt, geometries=tuple(geoms), verdicts=tuple(vlist))


def _check_extent(extent: Sequence[float]) -> tuple[float, float, float, float]:
    vals = list(extent)
    if len(vals) != 4:
        raise InputError(
            "an extent needs four numbers",
            field="extent",
            value=vals,
            allowed="lon0 lon1 lat0 lat1",
        )
    lon0, lon1, lat0, lat1 = (float(v) for v in vals)
    if not all(math.isfinite(v) for v in (lon0, lon1, lat0, lat1)):
        raise InputError("extent values must be finite", field="extent", value=vals)
    if not (-90 <= lat0 < lat1 <= 90):
        raise InputError(
            "bad latitudes in extent",
            field="extent",
            value=vals,
            allowed="-90 <= lat0 < lat1 <= 90",
        )
    if not (-360 <= lon0 <= 360 and -360 <= lon1 <= 360) or lon0 == lon1:
        raise InputError(
            "bad longitudes in extent",
            field="extent",
            value=vals,
            allowed="lon0 != lon1 within -360..360 (lon1 < lon0 crosses 180°)",
        )
    return lon0, lon1, lat0, lat1


def _frame(lon: float, frame: float) -> float:
    lo = frame - 180.0
    return float((lon - lo) % 360.0 + lo)


def _to_frame(geom: BaseGeometry, frame: float) -> BaseGeometry:
    from trajgeo.geo.geodesy import shift_to_frame

    return shift_to_frame(geom, frame)


def _box(xy: np.ndarray) -> Extent:
    lon0, lat0 = np.min(xy, axis=0)
    lon1, lat1 = np.max(xy, axis=0)
    if lat1 > 84.0 or lat0 < -84.0:
        # near a pole a lon/lat box is meaningless: take all longitudes
        mid = (lon0 + lon1) / 2.0
        lon0, lon1 = mid - 180.0, mid + 180.0
        lat1 = 90.0 if lat1 > 84.0 else lat1
        lat0 = -90.0 if lat0 < -84.0 else lat0
    return Extent(float(lon0), float(lon1), float(lat0), float(lat1))


def _shot_layer(sg: ShotGeometry, index: int, frame: float) -> ShotLayer:
    s = sg.shot
    if s.range is not None and s.impact is None:
        label = _range_words(s.range, prose=False)
    elif s.impact is not None:
        label = s.impact.text  # as the source placed it, e.g. "about 200 km W of Oshima-Oshima"
    else:
        label = f"about {_round_km(sg.distance_km):,} km"
    has_dir = s.bearing is not None or s.impact is not None
    zone = (
        None
        if sg.impact_area is None or sg.impact_area.is_empty
        else _to_frame(sg.impact_area, frame)
    )
    return ShotLayer(
        index=index,
        event_id=sg.event_id,
        number=s.number,
        title=s.title,
        arc=_to_frame(sg.arc, frame),
        arc_lonlat=_shift_points(sg.arc_lonlat, frame),
        has_direction=has_dir,
        impact_lon=_frame(sg.impact_point.x, frame),
        impact_lat=float(sg.impact_point.y),
        impact_reported=s.impact is not None,
        impact_area=zone,
        distance_km=float(sg.distance_km),
        azimuth_deg=float(sg.azimuth_deg),
        distance_label=label,
        source=s.source,
    )


# --------------------------------------------------------------------------- zones
def _involved_states(geoms: Sequence[EventGeometry], zones: ZoneSet) -> list[str]:
    """States named in a claim, then those whose sea areas an impact area touches."""
    states: list[str] = []
    for g in geoms:
        for c in g.event.claims:
            if len(c.zone) == 3 and c.zone.upper() not in states:
                states.append(c.zone.upper())
    for g in geoms:
        for sg in g.shots:
            subject = (
                sg.impact_area
                if sg.impact_area is not None and not sg.impact_area.is_empty
                else sg.impact_point
            )
            for z in zones.query(subject, kinds=("eez", "territorial_sea")):
                if z.sovereign_iso3 and z.sovereign_iso3 not in states:
                    states.append(z.sovereign_iso3)
    return states


def _clipped_union(parts: Sequence[Any], frame: float, box: Extent) -> BaseGeometry:
    import shapely

    pieces = []
    for z in parts:
        g = _to_frame(z.geometry, frame)
        g = shapely.clip_by_rect(g, box.lon0, box.lat0, box.lon1, box.lat1)
        if not g.is_empty:
            pieces.append(g)
    if not pieces:
        return shapely.Polygon()
    return shapely.union_all(shapely.set_precision(np.array(pieces, dtype=object), 1e-6))


def _zone_layers(
    geoms: Sequence[EventGeometry],
    vlist: Sequence[EventVerdicts | None],
    zones: ZoneSet | None,
    frame: float,
    box: Extent,
    shots: Sequence[ShotLayer],
) -> tuple[tuple[ZoneLayer, ...], np.ndarray, Any, ZoneSet | None]:
    """Return the EEZs of the states involved and the shared bands near them.

    Zones are clipped to a generous box around the content before any union,
    so a state with a long coast (Japan, France) costs little.
    """
    import shapely
    from shapely.geometry import box as sbox
    from shapely.ops import nearest_points

    have_verdicts = any(v is not None for v in vlist)
    if zones is None and not have_verdicts:
        return (), np.empty((0, 2)), None, None
    if zones is None:
        from trajgeo.maritime.zoneset import load_zones

        first = next(v for v in vlist if v is not None)
        zones = load_zones(
            None if not first.dataset.user_supplied else first.dataset.path,
            worldview=first.dataset.worldview,
        )
    states = _involved_states(geoms, zones)
    wide = box.padded(0.4, min_deg=6.0)
    # the zones near the map, once, in the frame
    near = zones.query(_to_normalised_box(wide))
    layers: list[ZoneLayer] = []
    focus: list[np.ndarray] = []
    impacts = [
        s.impact_area if s.impact_area is not None else shapely.Point(s.impact_lon, s.impact_lat)
        for s in shots
    ]
    impact_union = shapely.union_all(impacts) if impacts else None
    for iso in states:
        sea_parts = [
            z for z in near if z.sovereign_iso3 == iso and z.kind in ("eez", "territorial_sea")
        ]
        if not sea_parts:
            continue
        sea = _clipped_union(sea_parts, frame, wide)
        own_land = _clipped_union(
            [z for z in near if z.sovereign_iso3 == iso and z.kind == "land"], frame, wide
        )
        whole = shapely.union_all([sea, own_land]) if not own_land.is_empty else sea
        whole = shapely.set_precision(whole, 1e-6)
        limit = whole.boundary
        if not own_land.is_empty:
            # land borders are not maritime limits: drop the boundary along own land
            limit = limit.difference(shapely.set_precision(own_land, 1e-6))
        # edges of the clipping box are not limits
        limit = limit.difference(
            sbox(wide.lon0, wide.lat0, wide.lon1, wide.lat1).exterior.buffer(1e-4)
        )
        label = _eez_label(iso)
        layers.append(ZoneLayer(f"eez-{iso}", label, "eez", iso, (iso,), sea, limit))
        if impact_union is not None and not impact_union.is_empty and not limit.is_empty:
            if not whole.covers(impact_union):
                # bring the nearest stretch of the limit into view
                p = nearest_points(impact_union, limit)[1]
                span = max(box.lon1 - box.lon0, box.lat1 - box.lat0)
                if impact_union.distance(p) < 1.5 * span + 3.0:
                    focus.append(np.array([[p.x, p.y]]))
    # shared bands that touch the view and involve a state drawn
    for z in near:
        if z.kind not in ("overlapping_claim", "joint_regime"):
            continue
        if states and not (set(z.claimants) & set(states)) and z.sovereign_iso3 not in states:
            continue
        geom = _clipped_union([z], frame, wide)
        if geom.is_empty:
            continue
        layers.append(
            ZoneLayer(z.zone_id, z.label, z.kind, z.sovereign_iso3, tuple(z.claimants), geom)
        )
    out = np.concatenate(focus) if focus else np.empty((0, 2))
    return tuple(layers), out, zones.dataset, zones


def _eez_label(iso3: str) -> str:
    """``"Japan's EEZ"``, ``"Philippines' EEZ"``."""
    from trajgeo.maritime.names import state_name

    name = state_name(iso3)
    return f"{name}' EEZ" if name.endswith("s") else f"{name}'s EEZ"


def _to_normalised_box(ext: Extent) -> BaseGeometry:
    """Return the frame box as a normalised (possibly two-part) lon/lat polygon."""
    import shapely
    from shapely.geometry import box as sbox

    parts = []
    for k in (-360.0, 0.0, 360.0):
        a, b = max(ext.lon0 + k, -180.0), min(ext.lon1 + k, 180.0)
        if b > a:
            parts.append(sbox(a, ext.lat0, b, ext.lat1))
    return shapely.union_all(parts) if parts else sbox(0, 0, 0, 0)


def _clip_zone(z: ZoneLayer, clip: Extent) -> ZoneLayer:
    from dataclasses import replace

    import shapely

    g = shapely.clip_by_rect(z.geometry, clip.lon0, clip.lat0, clip.lon1, clip.lat1)
    lim = (
        None
        if z.limit is None
        else shapely.clip_by_rect(z.limit, clip.lon0, clip.lat0, clip.lon1, clip.lat1)
    )
    return replace(z, geometry=g, limit=lim)


# --------------------------------------------------------------------------- capability
#: Bearings (degrees from the launch site) tried for a capability ring's label, best first:
#: below and above the site, where an azimuthal map sets the text level.
_CAP_LABEL_BEARINGS = (
    180.0,
    0.0,
    160.0,
    200.0,
    20.0,
    340.0,
    135.0,
    225.0,
    45.0,
    315.0,
    110.0,
    250.0,
    70.0,
    290.0,
    90.0,
    270.0,
)


def _cap_reach(ring: Any) -> float:
    """Farthest finite distance a capability ring draws (its band's outer line included)."""
    vals = [ring.range_km]
    if ring.band_km is not None and ring.band_geometries[1] is not None:
        vals.append(ring.band_km[1])
    if ring.distance_by_bearing_km is not None:
        d = ring.distance_by_bearing_km[1]
        vals.extend(d[np.isfinite(d)].tolist())
    vals = [float(v) for v in vals if math.isfinite(v)]
    return max(vals, default=0.0)


def _joins(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two lon/lat points are the same point (longitudes modulo 360)."""
    return bool(abs(a[1] - b[1]) < 1e-7 and abs((a[0] - b[0] + 180.0) % 360.0 - 180.0) < 1e-7)


def _continuous_paths(geom: BaseGeometry | None, frame: float) -> tuple[np.ndarray, ...]:
    """Return a normalised line (split at ±180) as continuous polylines, starting in the frame.

    Parts that meet (at the antimeridian, or where a ring closes) are joined, so a
    ring round a pole comes back as one closed line whose longitudes run on past
    the frame's edge: project it point by point.
    """
    if geom is None or geom.is_empty:
        return ()
    from trajgeo.geo.geodesy import unwrap_lon

    parts = [
        np.asarray(p.coords, float)[:, :2]
        for p in getattr(geom, "geoms", [geom])
        if len(p.coords) >= 2
    ]
    runs: list[np.ndarray] = []
    for xy in parts:
        if runs and _joins(runs[-1][-1], xy[0]):
            runs[-1] = np.vstack([runs[-1], xy[1:]])
        else:
            runs.append(xy.copy())
    if len(runs) > 1 and _joins(runs[-1][-1], runs[0][0]):
        runs[0] = np.vstack([runs.pop(), runs[0][1:]])
    out = []
    for r in runs:
        r[:, 0] = unwrap_lon(r[:, 0])
        out.append(_shift_points(r, frame))
    return tuple(out)


def _capability_layer(ring: Any, index: int, frame: float) -> CapabilityLayer:
    band = tuple(None if b is None else _to_frame(b, frame) for b in ring.band_geometries)
    return CapabilityLayer(
        index=index,
        event_id=ring.event_id,
        kind=ring.kind,
        from_shot=ring.from_shot,
        centre=(_frame(ring.launch_lon, frame), float(ring.launch_lat)),
        range_km=float(ring.range_rounded_km),
        band_km=ring.band_km,
        is_global=bool(ring.is_global),
        geometry=None if ring.geometry is None else _to_frame(ring.geometry, frame),
        paths=_continuous_paths(ring.geometry, frame),
        band=(band[0], band[1]),
        band_paths=(
            _continuous_paths(ring.band_geometries[0], frame),
            _continuous_paths(ring.band_geometries[1], frame),
        ),
        label=ring.label,
        note=ring.note,
        warnings=tuple(ring.warnings),
        ring=ring,
    )


def _label_lines(text: str) -> str:
    """Break a capability label before its 'if flown …' clause (or at about 34 characters)."""
    import textwrap

    if " if flown" in text:
        head, tail = text.split(" if flown", 1)
        return f"{head}\nif flown{tail}"
    return "\n".join(textwrap.wrap(text, 34)) or text


def _capability_labels(layers: Sequence[CapabilityLayer]) -> tuple[MapLabel, ...]:
    from trajgeo.geo import geodesy

    out: list[MapLabel] = []
    seen: set[str] = set()
    for c in layers:
        if c.is_global:
            text = _label_lines(c.label[:1].upper() + c.label[1:])
            if text not in seen:
                seen.add(text)
                out.append(MapLabel(text, (c.centre,), "capability_note", 1))
            continue
        pts = np.concatenate(c.paths) if c.paths else np.empty((0, 2))
        if not len(pts):
            continue
        az, _, _ = geodesy.inverse(
            np.full(len(pts), c.centre[0]), np.full(len(pts), c.centre[1]), pts[:, 0], pts[:, 1]
        )
        az = np.asarray(az, float) % 360.0
        anchors = []
        for b in _CAP_LABEL_BEARINGS:
            i = int(np.argmin(np.abs((az - b + 180.0) % 360.0 - 180.0)))
            anchors.append((float(pts[i, 0]), float(pts[i, 1])))
        out.append(
            MapLabel(
                _label_lines(c.label),
                tuple(dict.fromkeys(anchors)),
                "capability",
                3,
                required=True,
                layer=c.index,
            )
        )
    return tuple(out)


def _capability_notes(layers: Sequence[CapabilityLayer]) -> list[str]:
    """Footer sentences: what each capability ring is and what it leaves out."""
    out: list[str] = []
    for c in layers:
        r = c.ring
        if c.kind == "equivalent":
            band = f"; band: apogee ±{r.band_pct:g} %" if c.band_km is not None else ""
            text = (
                f"Capability ring: the burnout speed implied by shot {c.from_shot}'s "
                f"apogee ({r.apogee_km:,.0f} km) and distance ({r.distance_km:,.0f} km), "
                "flown on a minimum-energy trajectory (burnout altitude "
                f"{r.burnout_altitude_km:g} km{band}"
                + ("; Earth's rotation included" if r.rotating else "")
                + f"): a {c.note}."
            )
        else:
            text = f"Capability ring: {c.label}, a quoted figure drawn as given."
        if text not in out:
            out.append(text)
    return out


def _capability_sentences(layers: Sequence[CapabilityLayer], geoms: Sequence[EventGeometry]) -> str:
    sites = {g.event.id: g.event.launch.name for g in geoms}
    out: list[str] = []
    for c in layers:
        site = sites.get(c.event_id, "the launch site")
        if c.is_global:
            text = (
                "Flown on a normal trajectory, the missile could reach any point on "
                "Earth (a same-burnout-energy estimate)."
            )
        elif c.kind == "equivalent":
            text = (
                f"A ring marks {c.label.split(' if ')[0]} from {site}: how far the same "
                "missile could fly on a normal trajectory (a same-burnout-energy "
                "estimate, which runs low for ICBM-class tests)."
            )
        else:
            text = f"A ring marks {c.label} from {site}."
        if text not in out:
            out.append(text)
    return " ".join(out)


# --------------------------------------------------------------------------- overflights
def _altitude_words(lo_km: float, hi_km: float) -> str:
    lo, hi = 10.0 * round(lo_km / 10.0), 10.0 * round(hi_km / 10.0)
    return f"about {lo:,.0f} km" if lo == hi else f"about {lo:,.0f}–{hi:,.0f} km"


def _find_overflights(geoms: Sequence[EventGeometry], zones: ZoneSet) -> list[Overflight]:
    from trajgeo.maritime.overflight import overflights

    return [o for g in geoms for o in overflights(g, zones)]


def _overflight_layers(
    found: Sequence[Overflight], shots: Sequence[ShotLayer], frame: float
) -> tuple[OverflightLayer, ...]:
    """Land crossings of every shot, one label per state crossed at one stretch of track."""
    index = {(s.event_id, s.number): s.index for s in shots}
    # shot lines that describe one missile (or a salvo on one track) cross the same land
    # at the same stretch: they share one label with the combined altitude range
    groups: list[list[Any]] = []
    for o in found:
        for grp in groups:
            h = grp[0]
            if (
                h.event_id == o.event_id
                and h.sovereign_iso3 == o.sovereign_iso3
                and o.entry_km <= max(x.exit_km for x in grp) + 50.0
                and o.exit_km >= min(x.entry_km for x in grp) - 50.0
            ):
                grp.append(o)
                break
        else:
            groups.append([o])
    out: list[OverflightLayer] = []
    for grp in groups:
        lo = min(o.min_altitude_km for o in grp)
        hi = max(o.max_altitude_km for o in grp)
        label = f"over {grp[0].state} at {_altitude_words(lo, hi)} altitude"
        for k, o in enumerate(grp):
            out.append(
                OverflightLayer(
                    shot=index.get((o.event_id, o.shot_number), 0),
                    event_id=o.event_id,
                    shot_number=o.shot_number,
                    sovereign_iso3=o.sovereign_iso3,
                    state=o.state,
                    geometry=_to_frame(o.geometry, frame),
                    paths=_continuous_paths(o.geometry, frame),
                    entry_km=o.entry_km,
                    exit_km=o.exit_km,
                    min_altitude_km=o.min_altitude_km,
                    max_altitude_km=o.max_altitude_km,
                    label=label if k == 0 else "",
                    text=o.describe(),
                    overflight=o,
                )
            )
    out.sort(key=lambda x: (x.shot, x.entry_km))
    return tuple(out)


def _overflight_labels(layers: Sequence[OverflightLayer]) -> tuple[MapLabel, ...]:
    out = []
    for o in layers:
        if not o.label or not o.paths:
            continue
        pts = max(o.paths, key=len)
        n = len(pts)
        order = sorted(range(n), key=lambda i: abs(i - (n - 1) / 2.0))
        step = max(1, n // 6)
        idx = [i for k, i in enumerate(order) if k % step == 0][:7]
        anchors = tuple((float(pts[i, 0]), float(pts[i, 1])) for i in idx)
        text = o.label.replace(" at about", "\nat about", 1)
        out.append(MapLabel(text, anchors, "overflight", 1, shot=o.shot))
    return tuple(out)


def _overflight_notes(layers: Sequence[OverflightLayer]) -> list[str]:
    if not layers:
        return []
    o = layers[0].overflight
    basis = (
        "through the reported apogee"
        if o.apogee_reported
        else "on a minimum-energy path (no apogee reported)"
    )
    return [
        f"Over land: the nominal track's stretch over another state's land, altitude "
        f"modelled {basis} (vacuum, spherical Earth)."
    ]


def _overflight_sentences(layers: Sequence[OverflightLayer]) -> str:
    out = []
    for o in layers:
        if o.label:
            text = f"The nominal track passed {o.label} (modelled)."
            if text not in out:
                out.append(text)
    return " ".join(out)


# --------------------------------------------------------------------------- labels
def _labels(
    launches: Sequence[LaunchLayer],
    shots: Sequence[ShotLayer],
    rings: Sequence[RingLayer],
    zones: Sequence[ZoneLayer],
    landmarks: dict[str, LandmarkLayer],
    ext: Extent,
    *,
    compact: bool = False,
) -> tuple[MapLabel, ...]:
    """Every label of the map; ``compact``: launch sites and rings only (a small-scale view)."""
    import shapely

    out: list[MapLabel] = []
    for site in launches:
        out.append(MapLabel(site.name, ((site.lon, site.lat),), "launch", 0))
    seen: set[tuple[str, int, int]] = set()
    sources = {s.source for s in shots if s.source} if not compact else set()
    if compact:
        landmarks = {}
        # the subtitle gives the distances; beside a tiny arc or zone a label floats
        shots, zones = (), ()
    for s in shots:
        if not s.has_direction or len(s.arc_lonlat) < 2:
            continue
        key = (
            s.distance_label,
            round(s.azimuth_deg) if not compact else 0,
            round(s.arc_lonlat[0, 0]),
        )
        if key in seen:
            continue
        seen.add(key)
        n = len(s.arc_lonlat)
        anchors = tuple(
            (float(s.arc_lonlat[i, 0]), float(s.arc_lonlat[i, 1]))
            for i in sorted(
                {n // 2, (2 * n) // 5, (3 * n) // 5, n // 3, (2 * n) // 3},
                key=lambda i: abs(i - n / 2),
            )
        )
        # the arc's far end first, then along it
        end = (float(s.arc_lonlat[-1, 0]), float(s.arc_lonlat[-1, 1]))
        near_end = (float(s.arc_lonlat[(4 * n) // 5, 0]), float(s.arc_lonlat[(4 * n) // 5, 1]))
        text = s.distance_label
        if len(sources) > 1 and s.source:
            text += f"\n{_short_source(s.source)}"
        out.append(MapLabel(text, (near_end, end) + anchors, "distance", 1, shot=s.index))
    for lm in landmarks.values():
        out.append(MapLabel(lm.name, ((lm.lon, lm.lat),), "landmark", 2))
    for r in rings:
        pts = shapely.get_coordinates(r.geometry)
        if not len(pts):
            continue
        # candidates round the ring, south-east first (clear of most arcs)
        order = np.argsort(np.abs((np.arange(len(pts)) / len(pts) * 360.0) - 150.0))
        idx = order[:: max(1, len(pts) // 24)]
        anchors = tuple((float(pts[i, 0]), float(pts[i, 1])) for i in idx)
        out.append(MapLabel(r.label, anchors, "ring", 3, required=False))
    for z in zones:
        anchors = _zone_anchors(z.geometry, ext.padded(0.35), shots)
        if anchors:
            out.append(
                MapLabel(
                    z.label,
                    anchors,
                    "zone" if z.kind == "eez" else "overlap",
                    4 if z.kind == "eez" else 5,
                    required=False,
                )
            )
    return tuple(out)


def _zone_anchors(
    geom: BaseGeometry, ext: Extent, shots: Sequence[ShotLayer]
) -> tuple[tuple[float, float], ...]:
    """Points inside a zone's visible part, nearest the action first."""
    import shapely

    inner = ext.padded(-0.08)
    vis = shapely.clip_by_rect(geom, inner.lon0, inner.lat0, inner.lon1, inner.lat1)
    if vis.is_empty or vis.area <= 0:
        return ()
    xs = np.linspace(inner.lon0, inner.lon1, 13)
    ys = np.linspace(inner.lat0, inner.lat1, 11)
    gx, gy = np.meshgrid(xs, ys)
    pts = shapely.points(gx.ravel(), gy.ravel())
    shapely.prepare(vis)
    ok = shapely.contains(vis, pts)
    if not ok.any():
        p = vis.representative_point()
        return ((float(p.x), float(p.y)),)
    cand = np.column_stack([gx.ravel()[ok], gy.ravel()[ok]])
    # keep points a little inside the limit, and near the impacts
    dist_edge = shapely.distance(vis.boundary, shapely.points(cand))
    targets = np.array([[s.impact_lon, s.impact_lat] for s in shots]) if shots else cand[:1]
    d_imp = np.min(
        np.hypot(cand[:, None, 0] - targets[None, :, 0], cand[:, None, 1] - targets[None, :, 1]),
        axis=1,
    )
    span = max(inner.lon1 - inner.lon0, inner.lat1 - inner.lat0)
    score = d_imp + np.where(dist_edge < 0.02 * span, span, 0.0)
    order = np.argsort(score)
    return tuple((float(cand[i, 0]), float(cand[i, 1])) for i in order[:30])


# --------------------------------------------------------------------------- texts
def _title(events: Sequence[Any]) -> str:
    if len(events) == 1:
        return events[0].title
    return f"{len(events)} launch events"


def _subtitle(events: Sequence[Any], shots: Sequence[ShotLayer]) -> str:
    parts = []
    dates = [_format_date(e.date) for e in events if e.date is not None]
    if dates:
        parts.append(dates[0] if len(set(dates)) == 1 else f"{dates[0]} to {dates[-1]}")
    what = []
    for s in shots:
        if s.impact_reported:
            text = f"{s.title}, {s.distance_label}"
        elif not s.has_direction:
            text = f"{s.title}, {s.distance_label} in an unknown direction"
        else:
            text = f"{s.title}, {s.distance_label} {direction_words(s.azimuth_deg)}"
        if s.source and len(shots) > 1:
            text += f" ({_short_source(s.source)})"
        if text not in what:
            what.append(text)
    if what:
        parts.append("; ".join(what[:3]) + ("; …" if len(what) > 3 else ""))
    return " · ".join(parts)


def _short_source(text: str) -> str:
    return text.split(" (")[0].strip()


def _credit(events: Sequence[Any]) -> str:
    names: list[str] = []
    for e in events:
        for src in e.sources:
            name = src.publisher or src.title
            name = name.split(" (")[0].strip() if name else ""
            if name and name not in names:
                names.append(name)
    if not names:
        return "Source: event file" + ("s" if len(events) > 1 else "")
    return "Sources: " + ", ".join(names)


def _footer(
    geoms: Sequence[EventGeometry],
    proj: Projection,
    attributions: Sequence[str],
    extra: Sequence[str] = (),
) -> str:
    from trajgeo import __version__

    assumptions: list[str] = []
    for g in geoms:
        for sg in g.shots:
            for a in sg.assumptions:
                if a not in assumptions:
                    assumptions.append(a)
    text = (
        f"Method: nominal flight paths and possible impact areas, {METHOD} (trajgeo {__version__})."
    )
    if assumptions:
        text += " Assumed: " + "; ".join(assumptions) + "."
    for sentence in extra:
        text += " " + sentence
    text += f" Projection: {proj.describe()}. " + ". ".join(attributions) + "."
    return text


# --------------------------------------------------------------------------- alt text
def _pick_verdict(sv: Any, claimed: Sequence[tuple[str, Verdict]]) -> list[Verdict]:
    """Verdicts worth saying for a shot: claimed zones first, else zones it falls in."""
    out = [v for _, v in claimed]
    if out:
        return out
    if sv is None:
        return []
    eez = [v for v in sv.verdicts if v.zone.kind == "eez" and v.status != "outside"]
    return eez[:2]


def _verdict_phrase(v: Verdict, missiles: int) -> str:
    lo, hi = v.margin_km
    label = v.zone.label
    if v.status == "outside":
        text = f"fell {_km_span(-hi, -lo)} outside {label}"
    elif v.status == "inside":
        text = f"fell inside {label}, {_km_span(lo, hi)} within its limit"
    else:
        text = (
            f"came down in an area that straddles the limit of {label} "
            f"(about {v.share_inside:.0%} of it inside)"
        )
    if v.status != "straddles":
        text += v.confidence_note(short=True)
    return text


def alt_text(
    geometries: EventGeometry | Sequence[EventGeometry],
    verdicts: EventVerdicts | Sequence[EventVerdicts | None] | None = None,
) -> str:
    """Write a plain-language description of the map from geometry and verdicts.

    Examples of the sentences it writes: "Three missiles flew about 350 km
    north-east from the Pyongyang area and fell 130 to 170 km outside Japan's
    EEZ." Shot lines that come from different sources each get a sentence
    that names the source. Shaded areas, rings and a contradicted claim are
    mentioned at the end.
    """
    from trajgeo.geo.impact import EventGeometry

    geoms = [geometries] if isinstance(geometries, EventGeometry) else list(geometries)
    if verdicts is None or not isinstance(verdicts, (list, tuple)):
        vlist = [verdicts] + [None] * (len(geoms) - 1)
    else:
        vlist = list(verdicts) + [None] * (len(geoms) - len(verdicts))
    sentences: list[str] = []
    any_zone = False
    for g, ev in zip(geoms, vlist, strict=False):
        event = g.event
        if len(geoms) > 1:
            sentences.append(f"{event.title}.")
        claimed = _claimed_by_shot(ev)
        multi_source = len({sg.shot.source for sg in g.shots if sg.shot.source}) > 1
        for i, sg in enumerate(g.shots):
            s = sg.shot
            n = s.count
            what = "missiles" if n != 1 else "missile"
            subject = f"{_number_word(n, capital=True)} {what}" if n > 1 else "One missile"
            launch = s.launch
            origin = f"the {launch.name} area" if launch.radius_km > 0 else launch.name
            if s.impact is not None:
                # only what the source said: where it came down, not a derived flight
                where = s.impact.text if s.impact.landmark else f"at {s.impact.text}"
                flight = f"launched from {origin}, came down {where}"
            elif s.bearing is None:
                flight = f"flew {_range_words(s.range)} from {origin} in a direction not reported"
            else:
                flight = (
                    f"flew {_range_words(s.range)} {direction_words(sg.azimuth_deg)} from {origin}"
                )
            sv = ev.shots[i] if ev is not None and i < len(ev.shots) else None
            vs = _pick_verdict(sv, claimed.get(s.number, []))
            text = flight
            on_land = (
                []
                if sv is None or sg.impact_area is not None
                else [z for z in sv.impact_point_zones if z.kind == "land"]
            )
            if on_land:
                from trajgeo.maritime.names import state_name

                text += f" and came down on land in {state_name(on_land[0].sovereign_iso3)}"
            elif vs:
                any_zone = True
                joiner = "; it" if "came down" in text else " and"
                text += joiner + " " + " and ".join(_verdict_phrase(v, n) for v in vs[:2])
            if multi_source and s.source:
                text = (
                    f"According to {_short_source(s.source)}, {subject[0].lower()}"
                    f"{subject[1:]} {text}"
                )
            else:
                text = f"{subject} {text}"
            sentences.append(text + ".")
        if ev is not None:
            for cc in ev.claims:
                if cc.status == "contradicted":
                    who = f" ({cc.claim.source})" if cc.claim.source else ""
                    sentences.append(f"This contradicts the reported claim{who}.")
                elif cc.status == "inconclusive" and cc.verdicts:
                    sentences.append(
                        "The data cannot settle the reported claim about "
                        f"{cc.verdicts[0].zone.label}."
                    )
        if g.rings:
            ks = [f"{r:,.0f}" for r, _ in g.rings]
            joined = ks[0] if len(ks) == 1 else ", ".join(ks[:-1]) + " and " + ks[-1]
            sentences.append(f"Rings mark {joined} km from {event.launch.name}.")
    shaded = any(sg.impact_area is not None for g in geoms for sg in g.shots)
    if shaded:
        many = sum(g.event.missile_count for g in geoms) > 1
        sentences.append(
            "Shaded areas show where the reported range and direction allow "
            f"the {'missiles' if many else 'missile'} to have come down."
        )
    if any_zone:
        sentences.append("Exclusive economic zone limits are drawn as thin lines.")
    return " ".join(sentences)


def _claimed_by_shot(ev: EventVerdicts | None) -> dict[int, list[tuple[str, Verdict]]]:
    out: dict[int, list[tuple[str, Verdict]]] = {}
    if ev is None:
        return out
    all_numbers = [sv.geometry.shot.number for sv in ev.shots]
    for cc in ev.claims:
        numbers = list(cc.claim.shots) or all_numbers
        if len(cc.verdicts) != len(numbers):
            continue
        for n, v in zip(numbers, cc.verdicts, strict=False):
            out.setdefault(n, []).append((cc.claim.zone, v))
    return out
