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
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from trajgeo.errors import InputError

if TYPE_CHECKING:
    from trajgeo.analysis import Analysis
    from trajgeo.geo.impact import EventGeometry
    from trajgeo.maritime.verdicts import EventVerdicts
    from trajgeo.maritime.zoneset import ZoneSet
from trajgeo.maps import layers as _layers
from trajgeo.maps.captions import _credit, _footer, _per_event, _subtitle, _title, alt_text
from trajgeo.maps.estimates import (
    _badges,
    _claim_answers,
    _estimate_layers,
    _estimate_sentences,
)
from trajgeo.maps.frame import (
    _box,
    _centre,
    _check_extent,
    _crosses,
    _frame,
    _geom_points,
    _parse_projection,
    _shift_points,
    _shot_layer,
    _to_frame,
)
from trajgeo.maps.labels import _labels
from trajgeo.maps.layers import (  # noqa: F401
    PROJECTIONS,
    Badge,
    CapabilityLayer,
    EstimateLayer,
    Extent,
    LandmarkLayer,
    LaunchLayer,
    MapLabel,
    MapSpec,
    OverflightLayer,
    Projection,
    RingLayer,
    ShotLayer,
    ZoneLayer,
)
from trajgeo.maps.overflights import (
    _find_overflights,
    _overflight_labels,
    _overflight_layers,
    _overflight_notes,
    _overflight_sentences,
)
from trajgeo.maps.rings import (
    _cap_reach,
    _capability_labels,
    _capability_layer,
    _capability_notes,
    _capability_sentences,
)
from trajgeo.maps.sites import site_shape
from trajgeo.maps.zones import _clip_zone, _zone_layers

#: The layer types (re-exported from :mod:`trajgeo.maps.layers`), and what this module adds.
__all__ = [*_layers.__all__, "alt_text", "build_spec"]


def _content_focus(
    launches_xy: np.ndarray,
    shots: Sequence[ShotLayer],
    rings: Sequence[RingLayer],
    landmarks: dict[str, LandmarkLayer],
    estimates: Sequence[Any],
) -> np.ndarray:
    """Return the frame points the view must show: sites, arcs, areas, rings, landmarks, regions."""
    focus = [launches_xy]
    for s in shots:
        focus.append(s.arc_lonlat)
        focus.append(_geom_points(s.impact_area))
    for r in rings:
        focus.append(_geom_points(r.geometry))
    for lm in landmarks.values():
        focus.append(np.array([[lm.lon, lm.lat]]))
    for e in estimates:
        for _, region in e.regions:
            focus.append(_geom_points(region))
    return np.concatenate([f for f in focus if len(f)])


def _projection(kind: str, c_lon: float, c_lat: float, reason: str, ext: Extent) -> Projection:
    """Return the map's projection: azimuthal equidistant on the centre unless one was asked for."""
    if kind == "auto":
        return Projection("azimuthal-equidistant", c_lon, c_lat, reason=reason)
    parallels = None
    if kind == "lambert-conformal":
        span = ext.lat1 - ext.lat0
        parallels = (ext.lat0 + span / 6.0, ext.lat1 - span / 6.0)
        if c_lat < 0:
            parallels = (min(parallels), max(parallels))
    return Projection(kind, c_lon, c_lat, parallels, reason="requested")


def _attributions(dataset: Any) -> list[str]:
    """Return the data credits: the basemap's, and the maritime zones' when drawn."""
    out = ["Basemap: Natural Earth (public domain)"]
    if dataset is not None:
        out.append(
            f"Maritime zones: {dataset.name} {dataset.version} "
            f"({dataset.describe_accuracy()}); {dataset.attribution}"
        )
    return out


def _capability_rings(geoms: Sequence[EventGeometry], analysis: Any, wanted: bool) -> list[Any]:
    """Return the capability rings of the events (from the analysis when there is one)."""
    if not wanted:
        return []
    if analysis is not None:
        return list(analysis.capability)
    from trajgeo.physics.capability import capability_rings

    return [r for g in geoms for r in capability_rings(g.event, g)]


def _view_centre(
    geoms: Sequence[EventGeometry],
    launches_xy: np.ndarray,
    biggest: Any,
    reach_km: float,
    user_extent: tuple[float, float, float, float] | None,
    central_lon: float | None,
) -> tuple[float, float, str]:
    """Return the view's centre (lon, lat) and why it was chosen (for the footer)."""
    content = [launches_xy]
    for g in geoms:
        for sg in g.shots:
            content.append(sg.arc_lonlat)
            content.append(_geom_points(sg.impact_area))
        for _, ring in g.rings:
            content.append(_geom_points(ring))
    one_site = bool(np.all(np.abs(launches_xy - launches_xy[0]) < 1.0))
    if user_extent is not None:
        lon0, lon1, lat0, lat1 = user_extent
        c_lon, c_lat = (lon0 + lon1) / 2.0, (lat0 + lat1) / 2.0
        reason = "centred on the requested extent"
    elif biggest is not None and _cap_reach(biggest) >= reach_km:
        # the ring sets the view; the mean of its points would be no centre at all
        # (past a quarter of the globe it points at the antipode)
        c_lon, c_lat = biggest.launch_lon, biggest.launch_lat
        reason = "centred on the launch site: capability rings are circles"
    elif one_site and reach_km < 3_000.0:
        c_lon, c_lat = float(launches_xy[0, 0]), float(launches_xy[0, 1])
        reason = "centred on the launch site: range rings are circles, arcs straight lines"
    else:
        c_lon, c_lat = _centre(np.concatenate([c for c in content if len(c)]))
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
    crosses = any(_crosses(sg.arc) or _crosses(sg.impact_area) for g in geoms for sg in g.shots)
    if crosses and central_lon is None and user_extent is None:
        reason += "; Pacific-centred (the flight crosses 180°)"
    return float(c_lon), float(c_lat), reason


def _content_layers(
    geoms: Sequence[EventGeometry], frame: float
) -> tuple[list[LaunchLayer], dict[str, LandmarkLayer], list[ShotLayer], list[RingLayer]]:
    """Return the launch sites (once each), landmarks, shot lines and range rings, in the frame."""
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
            shape = site_shape(launch)  # a coast as a band of land; the marker on land
            area = shape.area if shape.area is not None else area
            launches.append(
                LaunchLayer(
                    launch.name,
                    _frame(shape.lon, frame),
                    shape.lat,
                    launch.radius_km,
                    None if area is None else _to_frame(area, frame),
                    ev.id,
                    shape.coast,
                )
            )
        for sg in g.shots:
            shots.append(_shot_layer(sg, len(shots), frame))
            imp = sg.shot.impact
            if imp is not None and imp.landmark and imp.landmark_lon is not None:
                landmarks.setdefault(
                    imp.landmark,
                    LandmarkLayer(
                        imp.landmark,
                        _frame(imp.landmark_lon, frame),
                        float(imp.landmark_lat),  # type: ignore[arg-type]
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
    return launches, landmarks, shots, rings


@dataclass(frozen=True)
class _Centre:
    """Where the map is centred and why, and the capability rings that took part."""

    lon: float
    lat: float
    reason: str
    crosses: bool
    launches_xy: np.ndarray
    cap_rings: tuple[Any, ...]
    #: a ring far larger than the flights makes them small: label them briefly
    compact: bool


@dataclass(frozen=True)
class _Content:
    """Every layer of the map in the frame's longitudes, and the points the view must show."""

    launches: tuple[LaunchLayer, ...]
    landmarks: dict[str, LandmarkLayer]
    shots: tuple[ShotLayer, ...]
    rings: tuple[RingLayer, ...]
    capability: tuple[CapabilityLayer, ...]
    estimates: tuple[EstimateLayer, ...]
    zones: tuple[ZoneLayer, ...]
    overflights: tuple[OverflightLayer, ...]
    dataset: Any
    focus_xy: np.ndarray


def _events_and_verdicts(
    geometries: EventGeometry | Sequence[EventGeometry],
    verdicts: EventVerdicts | Sequence[EventVerdicts | None] | None,
) -> tuple[list[EventGeometry], list[Any]]:
    """Return the events as a list, and one verdict (or None) per event in their order."""
    geoms, vlist = _per_event(geometries, verdicts)
    if not geoms:
        raise InputError("no events to map", field="events")
    return geoms, vlist


def _map_centre(
    geoms: Sequence[EventGeometry],
    analysis: Analysis | None,
    capability: bool,
    user_extent: tuple[float, float, float, float] | None,
    central_lon: float | None,
) -> _Centre:
    """Centre the map on the flights, or on a launch site whose capability ring dwarfs them."""
    launches_xy = np.array([[g.event.launch.lon, g.event.launch.lat] for g in geoms])
    longest = max((sg.distance_km for g in geoms for sg in g.shots), default=0.0)
    ring_max = max((r for g in geoms for r, _ in g.rings), default=0.0)
    # a map of several events is about where they came down: one event's capability
    # ring (thousands of km) would set the view for all of them
    cap_rings = _capability_rings(geoms, analysis, capability and len(geoms) == 1)
    drawn = [r for r in cap_rings if r.geometry is not None]
    biggest = max(drawn, key=_cap_reach, default=None)
    c_lon, c_lat, reason = _view_centre(
        geoms, launches_xy, biggest, max(longest, ring_max), user_extent, central_lon
    )
    crosses = any(_crosses(sg.arc) or _crosses(sg.impact_area) for g in geoms for sg in g.shots)
    compact = biggest is not None and _cap_reach(biggest) > 4.0 * max(longest, ring_max, 1.0)
    return _Centre(c_lon, c_lat, reason, crosses, launches_xy, tuple(cap_rings), compact)


def _content(
    geoms: Sequence[EventGeometry],
    vlist: Sequence[EventVerdicts | None],
    zones: ZoneSet | None,
    centre: _Centre,
    analysis: Analysis | None,
    *,
    overflights: bool,
    samples: bool,
) -> _Content:
    """Build every layer in the frame's longitudes, and the points the view must show."""
    frame = float(centre.lon)
    launches, landmarks, shots, rings = _content_layers(geoms, frame)
    cap_layers = tuple(_capability_layer(r, i, frame) for i, r in enumerate(centre.cap_rings))
    estimates = _estimate_layers(analysis, shots, frame, samples)
    launches_xy = _shift_points(centre.launches_xy, frame)
    focus_xy = _content_focus(launches_xy, shots, rings, landmarks, estimates)
    # zones need a first extent to clip to: the flights', not the capability rings'
    zone_layers, zone_focus, dataset, zone_set = _zone_layers(
        geoms, vlist, zones, frame, _box(focus_xy), shots
    )
    if len(zone_focus):
        focus_xy = np.concatenate([focus_xy, zone_focus])
    # the ring must show; its band may run off the map
    cap_focus = [_geom_points(c.geometry) for c in cap_layers if c.geometry is not None]
    if cap_focus:
        focus_xy = np.concatenate([focus_xy, *cap_focus])
    # overflights: over the land of the zone set the verdicts were judged with
    over_layers: tuple[OverflightLayer, ...] = ()
    if overflights and zone_set is not None:
        found = (
            analysis.overflights
            if analysis is not None and analysis.zones is zone_set
            else _find_overflights(geoms, zone_set)
        )
        over_layers = _overflight_layers(found, shots, frame)
    return _Content(
        tuple(launches),
        landmarks,
        tuple(shots),
        tuple(rings),
        cap_layers,
        estimates,
        zone_layers,
        over_layers,
        dataset,
        focus_xy,
    )


def _view_extent(
    content: _Content, user_extent: tuple[float, float, float, float] | None, frame: float
) -> tuple[Extent, np.ndarray]:
    """Return the map's extent and the points it must show (the user's box corners, if given)."""
    focus_xy = content.focus_xy
    if user_extent is None:
        return _box(focus_xy).padded(0.12, min_deg=1.0), focus_xy
    lon0, lon1, lat0, lat1 = user_extent
    lon0 = (lon0 - (frame - 180.0)) % 360.0 + frame - 180.0
    lon1 = lon0 + ((user_extent[1] - user_extent[0]) % 360.0 or 360.0)
    # the user's box is the view: its corners are what must show
    lons = np.linspace(lon0, lon1, 9)
    lats = np.linspace(lat0, lat1, 9)
    return Extent(lon0, lon1, lat0, lat1), np.array([[x, y] for x in lons for y in lats])


def _width_km(ext: Extent) -> float:
    """Width of the extent at its middle latitude, km (at least its height, at most 40,000)."""
    mid_lat = math.radians((ext.lat0 + ext.lat1) / 2.0)
    width_km = min((ext.lon1 - ext.lon0) * 111.32 * max(math.cos(mid_lat), 0.1), 40_000.0)
    return max(width_km, (ext.lat1 - ext.lat0) * 111.0)


def _assemble(
    geoms: Sequence[EventGeometry],
    vlist: Sequence[EventVerdicts | None],
    centre: _Centre,
    content: _Content,
    view: tuple[Projection, Extent, np.ndarray],
    texts: tuple[str | None, str | None],
    analysis: Analysis | None,
) -> MapSpec:
    """Put the map together: clipped zones, labels, title, footer and alt text."""
    proj, ext, focus_xy = view
    clip = ext.padded(0.6, min_deg=4.0)
    zone_layers = tuple(_clip_zone(z, clip) for z in content.zones)
    zone_layers = tuple(z for z in zone_layers if not z.geometry.is_empty)
    compact = centre.compact
    cap_layers, over_layers = content.capability, content.overflights
    labels = (
        _labels(
            content.launches,
            content.shots,
            content.rings,
            zone_layers,
            content.landmarks,
            ext,
            compact=compact,
        )
        + _overflight_labels(over_layers)
        + _capability_labels(cap_layers)
    )
    events = [g.event for g in geoms]
    attributions = _attributions(content.dataset)
    title, subtitle = texts
    footer = _footer(
        geoms,
        proj,
        attributions,
        extra=_capability_notes(cap_layers) + _overflight_notes(over_layers),
    )
    answers = _claim_answers(analysis)
    alt = " ".join(
        x
        for x in (
            # where the fused estimate judged the claims, it alone speaks for them
            alt_text(geoms, vlist, claims=not answers),
            _overflight_sentences(over_layers),
            _capability_sentences(cap_layers, geoms),
            _estimate_sentences(analysis),
        )
        if x
    )
    return MapSpec(
        title=title if title is not None else _title(events),
        subtitle=subtitle if subtitle is not None else _subtitle(events, content.shots),
        credit=_credit(events),
        footer=footer,
        alt_text=alt,
        central_lon=float(centre.lon),
        crosses_antimeridian=centre.crosses,
        projection=proj,
        extent=ext,
        clip_box=clip,
        focus=focus_xy,
        launches=content.launches,
        shots=content.shots,
        rings=content.rings,
        zones=zone_layers,
        landmarks=tuple(content.landmarks.values()),
        labels=labels,
        capability=cap_layers,
        overflights=over_layers,
        small_scale=compact,
        attributions=tuple(attributions),
        event_ids=tuple(e.id for e in events),
        width_km=float(_width_km(ext)),
        estimates=content.estimates,
        badges=_badges(analysis),
        claim_answers=answers,
        geometries=tuple(geoms),
        verdicts=tuple(vlist),
    )


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
    samples: bool = False,
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
        A map of several events draws none (one ring would set everyone's view).
    overflights
        Highlight the stretches of each track over other states' land, with
        their modelled altitudes (:func:`trajgeo.maritime.overflight.overflights`), from
        the land of the zone set (``zones``, or the verdicts' one). Without
        zones and verdicts there are none.
    analysis
        The :class:`~trajgeo.analysis.Analysis` of the same events
        (:func:`trajgeo.maps.make_spec` passes it): its capability rings and,
        when it has zones, its overflights are drawn instead of being computed
        again. Its fused estimates give the probability regions and the
        claim badges.
    samples
        Also carry up to 2,000 of the estimates' simulated impacts, for a map
        that shows them as dots (for analysts; off by default).

    Returns
    -------
    MapSpec

    Raises
    ------
    InputError
        For a bad projection name or extent, or a ``capability:`` block that
        names a shot without an apogee and a distance.
    """
    geoms, vlist = _events_and_verdicts(geometries, verdicts)
    kind = _parse_projection(projection)
    user_extent = _check_extent(extent) if extent is not None else None
    centre = _map_centre(geoms, analysis, capability, user_extent, central_lon)
    content = _content(
        geoms, vlist, zones, centre, analysis, overflights=overflights, samples=samples
    )
    ext, focus_xy = _view_extent(content, user_extent, float(centre.lon))
    proj = _projection(kind, centre.lon, centre.lat, centre.reason, ext)
    return _assemble(
        geoms, vlist, centre, content, (proj, ext, focus_xy), (title, subtitle), analysis
    )
