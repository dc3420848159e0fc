"""Equivalent-range rings: how far a tested missile could fly on a normal trajectory.

A lofted test (a very high apogee over a short distance) says little on a
map by itself. The same burnout speed flown on a *minimum-energy*
trajectory reaches much farther; :func:`trajgeo.physics.ballistics.lofted_test_range`
computes that distance, and this module turns it into rings around the
launch site that a map can draw:

* one ring per shot named in the event's ``capability.from_shots`` (the shot
  must report an apogee and a distance), with a **band**: the same estimate
  for the apogee lowered and raised by ``band_pct`` percent;
* one ring per distance in ``capability.ranges_km`` (figures quoted by
  analysts or officials, drawn as given).

With ``rotating: false`` (the default) a ring is a geodesic circle on WGS84.
With ``rotating: true`` the Earth's rotation is included for the full-range
shot, so the ring is not a circle: range depends on direction (longer
eastward, shorter westward). A speed that reaches orbit, or a distance
beyond half the Earth's circumference, gives no ring: the result says
``is_global`` instead ("could reach any point on Earth").

The estimate is a *same-burnout-energy* figure: it ignores the larger
gravity loss of a near-vertical boost, so for ICBM-class tests it runs low
compared with analysts' booster-model figures. Every ring carries that
sentence among its ``assumptions``.

Python API (also used by the static and interactive maps)::

    from trajgeo.physics.capability import capability_rings
    rings = capability_rings(event)            # tuple[CapabilityRing, ...]
    for ring in rings:
        ring.geometry, ring.label, ring.band_geometries, ring.is_global
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from trajgeo.constants import HALF_MERIDIAN_KM
from trajgeo.errors import InputError

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from trajgeo.events import Capability, Event
    from trajgeo.geo.impact import EventGeometry

__all__ = [
    "LABEL_NOTE",
    "CapabilityRing",
    "capability_rings",
    "equivalent_ring",
    "explicit_ring",
]

#: What an equivalent range is, in the words readers should see next to it.
LABEL_NOTE = (
    "same-burnout-energy estimate; ignores the larger gravity loss of a near-vertical boost, "
    "so it runs low for ICBM-class tests"
)
#: Bearings sampled around a rotation-aware ring (0.5° apart; the last closes the ring).
ROTATING_AZIMUTHS = 721
#: Launch azimuths flown to trace a rotation-aware ring (0.25° apart).
_SWEEP_AZIMUTHS = 1441
#: Longest distance a ring can have: half the WGS84 meridian (farther is "global").
_MAX_RING_KM = HALF_MERIDIAN_KM


@dataclass(frozen=True)
class CapabilityRing:
    """One ring around a launch site: an equivalent range or a quoted range.

    Attributes
    ----------
    kind
        ``"equivalent"`` (converted from a lofted shot) or ``"quoted"`` (an
        explicit figure from ``capability.ranges_km`` or the caller).
    event_id
        The event it belongs to ("" when built from bare figures).
    from_shot
        1-based shot number it was converted from; ``None`` for quoted rings.
    launch_lon, launch_lat
        Centre of the ring (the shot's launch site).
    range_km
        Nominal distance, km (not rounded): for a rotation-aware ring the
        non-rotating distance of the same speed; ``math.inf`` when global.
    range_rounded_km
        ``range_km`` rounded to the precision of the reported figures (never
        more than 2 significant figures from 9,500 km up). Show this one.
    band_km
        ``(low, high)`` rounded, low ≤ high: the estimate for the apogee
        lowered and raised by ``band_pct`` percent; ``None`` for quoted
        rings or a zero band. Either end may be ``math.inf`` (global).
        Always the non-rotating figures (a rotation-aware band is drawn by
        ``band_geometries``; its distances depend on direction).
    band_pct
        The band's half-width in percent of the apogee.
    is_global
        True when the nominal speed reaches any point on Earth: there is no
        ring (``geometry`` is ``None``).
    partly_global
        For a rotation-aware ring: True when some directions reach orbit
        (the ring has gaps there).
    geometry
        The ring as a normalised lon/lat ``LineString`` or
        ``MultiLineString`` (longitudes in [-180, 180], split at the
        antimeridian), or ``None`` when global.
    band_geometries
        ``(low, high)`` rings of the band, each normalised like ``geometry``
        or ``None`` (global end, no band, or a quoted ring).
    distance_by_bearing_km
        For a rotation-aware ring, ``(bearings_deg, distances_km)`` arrays
        (``inf`` where global); ``None`` for circles.
    rotating
        Whether the Earth's rotation was included.
    label
        What to print beside the ring, e.g.
        ``"about 13,000 km if flown on a normal trajectory"``.
    note
        The caveat for the label (:data:`LABEL_NOTE` for equivalent rings).
    burnout_speed_km_s, burnout_altitude_km
        The speed behind an equivalent ring and the assumed burnout altitude.
    apogee_km, distance_km
        The test figures converted (equivalent rings).
    assumptions, warnings
        Everything assumed, and anything a reader should be told.
    """

    kind: Literal["equivalent", "quoted"]
    event_id: str
    from_shot: int | None
    launch_lon: float
    launch_lat: float
    range_km: float
    range_rounded_km: float
    band_km: tuple[float, float] | None
    band_pct: float
    is_global: bool
    partly_global: bool
    geometry: BaseGeometry | None = field(repr=False)
    band_geometries: tuple[BaseGeometry | None, BaseGeometry | None] = field(repr=False)
    distance_by_bearing_km: tuple[np.ndarray, np.ndarray] | None = field(repr=False)
    rotating: bool
    label: str
    note: str
    burnout_speed_km_s: float | None = None
    burnout_altitude_km: float = 0.0
    apogee_km: float | None = None
    distance_km: float | None = None
    assumptions: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready summary (no geometry); ``"global"`` stands for an infinite range."""

        def km(x: float | None) -> Any:
            if x is None:
                return None
            return "global" if math.isinf(x) else round(float(x), 1)

        return {
            "kind": self.kind,
            "event_id": self.event_id,
            "from_shot": self.from_shot,
            "launch": [self.launch_lon, self.launch_lat],
            "range_km": km(self.range_km),
            "range_rounded_km": km(self.range_rounded_km),
            "band_km": None if self.band_km is None else [km(b) for b in self.band_km],
            "band_pct": self.band_pct,
            "is_global": self.is_global,
            "partly_global": self.partly_global,
            "rotating": self.rotating,
            "label": self.label,
            "note": self.note,
            "burnout_speed_km_s": None
            if self.burnout_speed_km_s is None
            else round(self.burnout_speed_km_s, 3),
            "burnout_altitude_km": self.burnout_altitude_km,
            "apogee_km": self.apogee_km,
            "distance_km": km(self.distance_km),
            "assumptions": list(self.assumptions),
            "warnings": list(self.warnings),
        }


# --------------------------------------------------------------------------- geometry


def _show(x: float) -> str:
    return "any point on Earth" if math.isinf(x) else f"{x:,.0f} km"


def _circle(lon: float, lat: float, range_km: float, max_segment_m: float) -> BaseGeometry | None:
    """Geodesic circle, or ``None`` when the distance reaches everywhere."""
    if not math.isfinite(range_km) or range_km >= _MAX_RING_KM:
        return None
    from trajgeo.geo.impact import range_ring

    return range_ring(lon, lat, range_km * 1000.0, max_segment_m)


def _reach_by_bearing(
    lat: float, speed: float, burnout_altitude_km: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Farthest reach toward each bearing: bearings, distances (inf where global), global flags.

    The range-maximising shot is flown for :data:`_SWEEP_AZIMUTHS` launch azimuths (no
    aiming), which gives the impact curve as a smooth function of the launch azimuth;
    the reach toward a bearing is the farthest crossing of that curve with the bearing,
    read on :data:`ROTATING_AZIMUTHS` bearings. Aiming each bearing separately
    (fixed-point iteration) can land on different branches of the curve for
    neighbouring bearings, which drew the ring with notches. A bearing is global when
    a launch toward it could reach any range angle, or when no finite impact lies on it.
    """
    from trajgeo.physics import ballistics as bal

    az = np.linspace(0.0, 360.0, _SWEEP_AZIMUTHS)
    res = bal.rotating_range(
        speed, az, lat, burnout_altitude_km=burnout_altitude_km, toward_bearing=False
    )
    b = np.asarray(res.bearing_deg, dtype=float)
    d = np.asarray(res.distance_km, dtype=float)
    g = np.asarray(res.is_global, dtype=bool)
    grid = np.linspace(0.0, 360.0, ROTATING_AZIMUTHS)
    ok = ~g[:-1] & ~g[1:]
    b0, d0, d1 = b[:-1][ok], d[:-1][ok], d[1:][ok]
    delta = (b[1:][ok] - b0 + 180.0) % 360.0 - 180.0  # each step the short way round
    off = (grid[:, None] - b0[None, :] + 180.0) % 360.0 - 180.0
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(delta != 0.0, off / delta, np.where(off == 0.0, 0.0, np.nan))
    crossing = np.where((t >= 0.0) & (t <= 1.0), d0 + t * (d1 - d0), -np.inf)
    reach = crossing.max(axis=1) if crossing.size else np.full(grid.shape, -np.inf)
    glob = (np.interp(grid, az, g.astype(float)) > 0.0) | ~np.isfinite(reach)
    return grid, np.where(glob, np.inf, reach), glob


def _rotating(
    lon: float, lat: float, speed: float, burnout_altitude_km: float, max_segment_m: float
) -> tuple[BaseGeometry | None, np.ndarray, np.ndarray, bool, bool]:
    """Rotation-aware ring: geometry, bearings, distances, all-global, partly-global."""
    from trajgeo.geo import geodesy

    bearings, dist, glob = _reach_by_bearing(lat, speed, burnout_altitude_km)
    if glob.all():
        return None, bearings, dist, True, False
    # ring points sit 0.5° apart in bearing; fill each gap with points along the
    # bearing-interpolated curve so no chord is longer than max_segment_m
    runs: list[np.ndarray] = []
    finite = ~glob
    idx = np.flatnonzero(finite)
    breaks = np.flatnonzero(np.diff(idx) > 1)
    for run in np.split(idx, breaks + 1):
        if len(run) < 2:
            continue
        b0, b1 = bearings[run], dist[run]
        # circumference of the small circle at the largest distance of the run
        circ = 2.0 * math.pi * 6371.0 * abs(math.sin(min(float(b1.max()), 20_000.0) / 6371.0))
        step_deg = 360.0 / (ROTATING_AZIMUTHS - 1)
        per_step = max(1, math.ceil(circ * step_deg / 360.0 / (max_segment_m / 1000.0)))
        fine_b = np.interp(
            np.linspace(0, len(run) - 1, (len(run) - 1) * per_step + 1), np.arange(len(run)), b0
        )
        fine_d = np.interp(fine_b, b0, b1)
        lons, lats = geodesy.destination(lon, lat, fine_b, fine_d * 1000.0)
        pts = np.column_stack([geodesy.unwrap_lon(lons), lats])
        runs.append(pts)
    if not runs:
        return None, bearings, dist, True, True
    parts = [geodesy.split_line(p) for p in runs]
    if len(parts) == 1:
        geom = parts[0]
    else:
        from shapely.geometry import MultiLineString

        lines = [g for p in parts for g in getattr(p, "geoms", [p])]
        geom = MultiLineString(lines)
    return geom, bearings, dist, False, bool(glob.any())


# --------------------------------------------------------------------------- rings


def _equivalent_label(
    rounded: float,
    is_global: bool,
    partly: bool,
    rotating: bool,
    distances: Any,
    warnings: list[str],
) -> str:
    """Reader's label of an equivalent ring (a global reach also adds a warning)."""
    from trajgeo.physics import ballistics as bal

    if is_global:
        label = "could reach any point on Earth if flown on a normal trajectory"
        warnings.append(
            "The implied burnout speed reaches orbital speed: on a minimum-energy path this "
            "missile could reach any point on Earth. Check the apogee and distance."
        )
    else:
        label = f"about {rounded:,.0f} km if flown on a normal trajectory"
        if rotating and distances is not None:
            finite = distances[1][np.isfinite(distances[1])]
            lo_r = float(bal.round_significant(float(np.min(finite)), 2))
            hi_r = float(bal.round_significant(float(np.max(finite)), 2))
            span = f"{lo_r:,.0f}–{hi_r:,.0f} km" if lo_r != hi_r else f"{lo_r:,.0f} km"
            label = f"about {span} if flown on a normal trajectory, depending on direction" + (
                " (any point on Earth in some directions)" if partly else ""
            )
    return label


def _equivalent_geometry(
    lon: float,
    lat: float,
    est: Any,
    nominal: float,
    lo_hi: tuple[float, float],
    band_speeds: list[float],
    rotating: bool,
    burnout_altitude_km: float,
    max_segment_m: float,
    assumptions: list[str],
    warnings: list[str],
) -> tuple[Any, tuple[Any, ...], Any, bool, bool]:
    """Ring and band lines of an equivalent ring, with or without the Earth's rotation."""
    distances = None
    partly = False
    if rotating:
        assumptions.append(
            "Earth's rotation included for the full-range shot (not for the test): the range "
            "depends on direction"
        )
        geom, bearings, dist, is_global, partly = _rotating(
            lon, lat, float(est.burnout_speed_km_s), burnout_altitude_km, max_segment_m
        )
        distances = (bearings, dist)
        band_geoms = tuple(
            _rotating(lon, lat, s, burnout_altitude_km, max_segment_m)[0] for s in band_speeds
        )
        if partly:
            warnings.append(
                "In some directions (east, helped by the Earth's rotation) this speed reaches "
                "orbit: the ring has a gap there."
            )
    else:
        assumptions.append("Earth's rotation ignored: the ring is a circle (geodesic on WGS84)")
        is_global = bool(est.is_global)
        geom = _circle(lon, lat, nominal, max_segment_m)
        is_global = is_global or geom is None
        band_geoms = tuple(_circle(lon, lat, x, max_segment_m) for x in lo_hi)
    return geom, band_geoms, distances, is_global, partly


def _equivalent_assumptions(burnout_speed_km_s: float, burnout_altitude_km: float) -> list[str]:
    """List the model's assumptions, in the words an equivalent ring shows them."""
    from trajgeo.physics import ballistics as bal

    return [
        f"model: vacuum Kepler free flight over a spherical Earth (R = {bal.EARTH_RADIUS_KM:g} km)",
        f"same burnout speed ({burnout_speed_km_s:.2f} km/s) flown on a minimum-energy trajectory",
        f"burnout altitude {burnout_altitude_km:g} km on both the test and the full-range shot",
        LABEL_NOTE,
    ]


def _band_speeds(
    apogee_km: float, distance_km: float, burnout_altitude_km: float, band_pct: float
) -> list[float]:
    """Burnout speeds of the test with the apogee ``band_pct`` % lower and higher (none at 0)."""
    from trajgeo.physics import ballistics as bal

    if not band_pct > 0:
        return []
    f = band_pct / 100.0
    speeds = bal.lofted_test_range(
        np.array([apogee_km * (1 - f), apogee_km * (1 + f)]),
        distance_km,
        burnout_altitude_km=burnout_altitude_km,
        band_pct=0.0,
        sig_figs=2,
    ).burnout_speed_km_s
    return [float(s) for s in np.atleast_1d(speeds)]


def equivalent_ring(
    lon: float,
    lat: float,
    apogee_km: float,
    distance_km: float,
    *,
    burnout_altitude_km: float = 0.0,
    band_pct: float = 5.0,
    rotating: bool = False,
    event_id: str = "",
    from_shot: int | None = None,
    max_segment_m: float = 10_000.0,
) -> CapabilityRing:
    """Ring of the minimum-energy range equivalent to a lofted test, around a site.

    Parameters
    ----------
    lon, lat
        Launch site, degrees.
    apogee_km, distance_km
        The test's reported apogee and ground distance, km.
    burnout_altitude_km
        Assumed burnout altitude, the same for the test and the full-range shot.
    band_pct
        Half-width of the band, percent of the apogee (0 for none).
    rotating
        Include the Earth's rotation for the full-range shot (the ring then
        depends on direction); the test itself is inverted without rotation.
    event_id, from_shot
        Copied onto the result.
    max_segment_m
        Longest segment of the ring's line.

    Returns
    -------
    CapabilityRing

    Examples
    --------
    >>> r = equivalent_ring(125.6, 39.2, 4475.0, 950.0)      # Hwasong-15, 2017
    >>> r.label, r.band_km
    ('about 10,000 km if flown on a normal trajectory', (9400.0, 11000.0))
    """
    from trajgeo.physics import ballistics as bal

    est = bal.lofted_test_range(
        apogee_km, distance_km, burnout_altitude_km=burnout_altitude_km, band_pct=band_pct
    )
    nominal = float(est.range_km)
    lo_hi = (float(est.range_low_km), float(est.range_high_km))
    rounded = float(est.range_rounded_km)
    band_r = tuple(float(x) for x in est.band_rounded_km)
    # the band is shown low to high: for a depressed shot a lower apogee means a longer range
    order = (0, 1) if lo_hi[0] <= lo_hi[1] else (1, 0)
    band_km = (band_r[order[0]], band_r[order[1]]) if band_pct > 0 else None
    assumptions = _equivalent_assumptions(float(est.burnout_speed_km_s), burnout_altitude_km)
    warnings: list[str] = []
    band_speeds = _band_speeds(apogee_km, distance_km, burnout_altitude_km, band_pct)
    geom, band_geoms, distances, is_global, partly = _equivalent_geometry(
        lon,
        lat,
        est,
        nominal,
        lo_hi,
        band_speeds,
        rotating,
        burnout_altitude_km,
        max_segment_m,
        assumptions,
        warnings,
    )
    if band_geoms:
        band_geoms = (band_geoms[order[0]], band_geoms[order[1]])
    else:
        band_geoms = (None, None)
    label = _equivalent_label(rounded, is_global, partly, rotating, distances, warnings)
    if band_km is not None and math.isinf(band_km[1]) and not is_global:
        warnings.append(
            f"With the apogee {band_pct:g} % off the same missile could reach any point on "
            "Earth: the estimate is very sensitive to the reported apogee here."
        )
    return CapabilityRing(
        kind="equivalent",
        event_id=event_id,
        from_shot=from_shot,
        launch_lon=float(lon),
        launch_lat=float(lat),
        range_km=nominal,
        range_rounded_km=rounded,
        band_km=band_km,
        band_pct=float(band_pct),
        is_global=bool(is_global),
        partly_global=bool(partly),
        geometry=geom,
        band_geometries=band_geoms,  # type: ignore[arg-type]
        distance_by_bearing_km=distances,
        rotating=bool(rotating),
        label=label,
        note=LABEL_NOTE,
        burnout_speed_km_s=float(est.burnout_speed_km_s),
        burnout_altitude_km=float(burnout_altitude_km),
        apogee_km=float(apogee_km),
        distance_km=float(distance_km),
        assumptions=tuple(assumptions),
        warnings=tuple(warnings),
    )


def explicit_ring(
    lon: float,
    lat: float,
    range_km: float,
    *,
    label: str | None = None,
    event_id: str = "",
    max_segment_m: float = 10_000.0,
) -> CapabilityRing:
    """Ring at a quoted distance around a site (a geodesic circle on WGS84).

    Parameters
    ----------
    lon, lat
        Centre, degrees.
    range_km
        The quoted range, km (> 0). From half the Earth's circumference up
        (20,003.931 km) every point is in reach: no ring, ``is_global``.
    label
        Text for the ring; default ``"15,000 km"``.
    event_id, max_segment_m
        As in :func:`equivalent_ring`.

    Examples
    --------
    >>> explicit_ring(125.6, 39.2, 13_000.0).label
    '13,000 km'
    """
    if not (isinstance(range_km, (int, float)) and range_km > 0 and not math.isnan(range_km)):
        raise InputError(
            "a ring needs a positive distance",
            field="ranges_km",
            value=range_km,
            allowed="a number of km above 0",
        )
    r = float(range_km)
    geom = _circle(lon, lat, r, max_segment_m)
    is_global = geom is None
    text = label or (f"{r:,.0f} km" if not is_global else "any point on Earth")
    return CapabilityRing(
        kind="quoted",
        event_id=event_id,
        from_shot=None,
        launch_lon=float(lon),
        launch_lat=float(lat),
        range_km=math.inf if is_global else r,
        range_rounded_km=math.inf if is_global else r,
        band_km=None,
        band_pct=0.0,
        is_global=is_global,
        partly_global=False,
        geometry=geom,
        band_geometries=(None, None),
        distance_by_bearing_km=None,
        rotating=False,
        label=text,
        note="quoted figure, drawn as given (geodesic circle on WGS84)",
        assumptions=("quoted range drawn as a geodesic circle on WGS84 around the launch site",),
    )


def capability_rings(
    event: Event,
    event_geometry: EventGeometry | None = None,
    *,
    capability: Capability | None = None,
    max_segment_m: float | None = None,
) -> tuple[CapabilityRing, ...]:
    """Equivalent-range and quoted-range rings for an event.

    Parameters
    ----------
    event
        The event; its ``capability`` block says what to draw
        (``from_shots``, ``ranges_km``, ``burnout_altitude_km``,
        ``band_pct``, ``rotating``, ``label``). No block: no rings.
    event_geometry
        The event's geometry, if already built: the distance of a shot that
        reports an impact point is then the one the map draws.
    capability
        Use this block instead of the event's (explicit parameters).
    max_segment_m
        Longest segment of the ring lines (default: the geometry's, else 10 km).

    Returns
    -------
    tuple of CapabilityRing
        First one ring per ``from_shots`` shot (in that order), then one per
        ``ranges_km`` distance. A shot without both an apogee and a distance
        cannot be converted: :class:`~trajgeo.errors.InputError` naming
        ``capability.from_shots``.

    Examples
    --------
    >>> from trajgeo.events import parse_event
    >>> ev = parse_event({"id": "t", "title": "t", "launch": {"lat": 39.2, "lon": 125.6},
    ...     "shots": [{"range_km": 950, "apogee_km": 4475, "bearing": "E"}],
    ...     "capability": {"from_shots": [1], "ranges_km": [13000]}})
    >>> [r.label for r in capability_rings(ev)]
    ['about 10,000 km if flown on a normal trajectory', '13,000 km']
    """
    cap = capability if capability is not None else event.capability
    if cap is None:
        return ()
    seg = max_segment_m or (event_geometry.max_segment_m if event_geometry is not None else 1e4)
    out = [_shot_ring(event, event_geometry, cap, n, seg) for n in cap.from_shots]
    for r in cap.ranges_km:
        out.append(
            explicit_ring(
                event.launch.lon,
                event.launch.lat,
                r,
                label=(f"{r:,.0f} km ({cap.label})" if cap.label else None),
                event_id=event.id,
                max_segment_m=seg,
            )
        )
    return tuple(out)


def _shot_ring(
    event: Event,
    event_geometry: EventGeometry | None,
    cap: Capability,
    n: int,
    seg: float,
) -> CapabilityRing:
    """Return the equivalent-range ring of shot ``n`` (1-based) of ``event``.

    Raises
    ------
    InputError
        When the shot does not exist or reports no apogee, or the conversion
        fails (then naming the shot's line in the event file).
    """
    from trajgeo.physics.profile import shot_ground_range_km

    if not 1 <= n <= len(event.shots):
        raise InputError(
            "capability names a shot that does not exist",
            source=event.path,
            field="capability.from_shots",
            value=n,
            allowed=f"shot numbers 1 to {len(event.shots)}",
        )
    shot = event.shots[n - 1]
    item: Any = shot
    if event_geometry is not None:
        item = next((sg for sg in event_geometry.shots if sg.shot.number == n), shot)
    if shot.apogee_km is None:
        raise InputError(
            "the shot reports no apogee, so there is no lofted test to convert",
            source=event.path,
            field="capability.from_shots",
            value=n,
            allowed="shots with both apogee_km and a range or impact",
        )
    dist, _ = shot_ground_range_km(item)
    try:
        return equivalent_ring(
            shot.launch.lon,
            shot.launch.lat,
            shot.apogee_km,
            dist,
            burnout_altitude_km=cap.burnout_altitude_km,
            band_pct=cap.band_pct,
            rotating=cap.rotating,
            event_id=event.id,
            from_shot=n,
            max_segment_m=seg,
        )
    except InputError as exc:
        raise InputError(
            exc.message,
            source=event.path,
            field=f"shots[{n - 1}]",
            value=exc.value,
            allowed=exc.allowed,
        ) from None
