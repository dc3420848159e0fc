"""What a map shows, as frozen dataclasses: the layers of a :class:`MapSpec`.

Every coordinate is in the spec's frame (lon/lat with longitudes continuous
around :attr:`MapSpec.central_lon`); see :mod:`trajgeo.maps.spec`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry


__all__ = [
    "PROJECTIONS",
    "Badge",
    "CapabilityLayer",
    "EstimateLayer",
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
]


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
        """Return the box grown by ``frac`` of its size (at least ``min_deg``) on each side.

        Longitudes grow to a full turn at most (a box round a pole, already all the way
        round, had grown to 446°).

        Examples
        --------
        >>> Extent(10.0, 20.0, 30.0, 40.0).padded(0.1)
        Extent(lon0=9.0, lon1=21.0, lat0=29.0, lat1=41.0)
        >>> Extent(-0.5, 359.5, 63.0, 90.0).padded(0.12)
        Extent(lon0=-0.5, lon1=359.5, lat0=59.76, lat1=90.0)
        """
        span = self.lon1 - self.lon0
        dx = min(max(span * frac, min_deg), max(0.0, (360.0 - span) / 2.0))
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
    """A launch site: its marker, name and (optional) launch area.

    The area is the uncertainty disc, or for a site named after a coast the band of
    land along it (``coast`` names the coast; see :mod:`trajgeo.maps.sites`). The
    marker is on land for an area site.
    """

    name: str
    lon: float
    lat: float
    radius_km: float
    area: BaseGeometry | None = field(default=None, repr=False, compare=False)
    event_id: str = ""
    coast: str = ""


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
class EstimateLayer:
    """One missile group's fused impact estimate (:mod:`trajgeo.analysis.fused`).

    Attributes
    ----------
    index
        Colour index: the :attr:`ShotLayer.index` of the group's first shot line,
        so the estimate takes its accounts' colour.
    event_id, missile
        The event and the group's 1-based number in it.
    title
        How popups name the group, e.g. ``"Missile 1: 3 × SRBM"``.
    regions
        ``(level, geometry)`` pairs, widest first (95 % then 50 %), frame
        coordinates: one continuous shape where the region crosses 180°.
    zones
        ``(label, probability inside)`` of each zone the group may have reached.
    landmark
        The central impact described from a landmark (trajgeo's own words), or ``None``.
    samples
        ``(k, 2)`` frame lon/lat of a sample of the simulated impacts (empty unless
        the map was asked to show them).
    """

    index: int
    event_id: str
    missile: int
    title: str
    regions: tuple[tuple[float, BaseGeometry], ...] = field(default=(), repr=False, compare=False)
    zones: tuple[tuple[str, float], ...] = ()
    landmark: str | None = None
    samples: np.ndarray = field(default_factory=lambda: np.empty((0, 2)), repr=False, compare=False)


@dataclass(frozen=True)
class Badge:
    """One claim's verdict as a map shows it: the status word and the badge sentence."""

    status: str
    mark: str
    text: str

    @property
    def line(self) -> str:
        """The badge as one line: ``"HOLDS — Outside Japan's EEZ: 97 % likely"``."""
        return f"{self.mark} — {self.text}" if self.mark else self.text


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
    estimates
        The fused estimate of each missile group: its 50 % and 95 % regions,
        zone probabilities and landmark description (drawn over the impact areas).
    badges
        One badge per claim, at most three (the last ``…`` when more were left out).
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
    estimates: tuple[EstimateLayer, ...] = ()
    badges: tuple[Badge, ...] = ()
    #: The fused estimate's answer to each claim: (event id, claim's place in the event
    #: file, status, sentence as ``check`` says it); a popup gives these, not one account's.
    claim_answers: tuple[tuple[str, int, str, str], ...] = ()
    geometries: tuple[Any, ...] = field(default=(), repr=False, compare=False)
    verdicts: tuple[Any, ...] = field(default=(), repr=False, compare=False)

    def colour_index(self, shot_index: int) -> int:
        """Return the palette index of a shot: its event's on a map of several events.

        One event: each shot line its own colour (the sources' accounts apart).
        Several events: one colour per event, in event order, so the key names
        each event once and no two events share a colour (up to the palette's
        eight colour-blind-safe colours).
        """
        if len(self.event_ids) < 2 or not 0 <= shot_index < len(self.shots):
            return shot_index
        return self.event_ids.index(self.shots[shot_index].event_id)

    def event_key(self) -> tuple[tuple[int, str], ...]:
        """Return ``(palette index, "4 Oct 2022, Sunan")`` per event of a multi-event map."""
        if len(self.event_ids) < 2:
            return ()
        out = []
        for k, eid in enumerate(self.event_ids):
            ev = next((g.event for g in self.geometries if g.event.id == eid), None)
            label = eid
            if ev is not None:
                site = ev.launch.name if len(ev.launch.name) <= 24 else ev.launch.name[:23] + "…"
                day = ev.date.strftime("%-d %b %Y") if ev.date is not None else ""
                label = f"{day}, {site}" if day else site
            out.append((k, label))
        return tuple(out)

    def frame_lon(self, lon: float) -> float:
        """Move a longitude into the frame (``central_lon ± 180``)."""
        lo = self.central_lon - 180.0
        return (lon - lo) % 360.0 + lo

    def to_frame(self, geom: BaseGeometry) -> BaseGeometry:
        """Move a normalised geometry into the frame (rejoining parts cut at ±180)."""
        from trajgeo.geo.geodesy import shift_to_frame

        return shift_to_frame(geom, self.central_lon)
