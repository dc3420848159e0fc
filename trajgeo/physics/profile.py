"""Modelled trajectory of each shot: altitude and time against distance downrange.

For every shot line of an event this module samples the ballistic free
flight that matches what the report gives:

* a **range and an apogee** (or an impact point and an apogee): the arc that
  leaves the launch site, tops out at the reported apogee and comes down at
  the reported distance (a *lofted* test when the apogee is high, a
  *depressed* shot when it is low);
* a **range only**: the *minimum-energy* trajectory for that distance, the
  path a missile flies to reach that distance with the least energy. The
  apogee is then a model figure, not a reported one, and every label says so.

The physics is :mod:`trajgeo.physics.ballistics`: vacuum Kepler free flight over a
spherical Earth (R = 6,371 km), no air drag, no Earth rotation, and the
powered (boost) phase reduced to an assumed burnout altitude and powered
range (0 and 0 by default: the arc starts on the ground at the launch site).
These assumptions are fields of every :class:`ShotProfile`, so a caller can
print them beside the numbers.

Distances downrange are those of the shot's geometry: the nominal reported
range, or the WGS84 geodesic distance from the launch point to a reported
impact point. The model flies that same distance over its sphere, so a
point's *fraction* of the way along the ground track is the same in both;
:func:`altitude_at` works in that fraction.

Examples
--------
>>> from trajgeo.physics.profile import profile_from_figures
>>> p = profile_from_figures(950.0, apogee_km=4475.0)        # Hwasong-15, 2017
>>> p.trajectory, round(p.apogee_km), round(p.free_flight_time_min, 1)
('lofted', 4475, 50.3)
>>> round(float(p.altitude_at(fraction=0.5)))
4475
>>> profile_from_figures(1000.0).trajectory                  # no apogee reported
'minimum_energy'
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from trajgeo.errors import InputError

if TYPE_CHECKING:
    from trajgeo.events import Event, Shot
    from trajgeo.geo.impact import EventGeometry, ShotGeometry

__all__ = [
    "DEFAULT_SAMPLES",
    "MODEL",
    "ShotProfile",
    "altitude_at",
    "event_profiles",
    "profile_from_figures",
    "shot_ground_range_km",
    "shot_profile",
]

#: Points sampled along each trajectory.
DEFAULT_SAMPLES = 241
#: The model in one line, for footers and JSON.
MODEL = "vacuum Kepler free flight over a spherical Earth (no air drag, no Earth rotation)"

#: An apogee this many times the minimum-energy apogee (or more) makes a shot "lofted".
_LOFT_FACTOR = 1.15
#: An apogee below this fraction of the minimum-energy apogee makes it "depressed".
_DEPRESS_FACTOR = 0.85

Trajectory = Literal["lofted", "depressed", "near_minimum_energy", "minimum_energy"]


def _fmt_km(x: float) -> str:
    """Format a distance for a label: 3 significant figures, at most to the km."""
    if not math.isfinite(x):
        return "∞ km"
    from trajgeo.physics.ballistics import round_significant

    return f"{float(round_significant(x, 3)):,.0f} km"


def _fmt_min(x: float) -> str:
    return f"{x:.0f} min" if x >= 10 else f"{x:.1f} min"


@dataclass(frozen=True)
class ShotProfile:
    """The modelled trajectory of one shot line.

    Arrays run from the launch site (downrange 0) to the impact point; when
    a burnout altitude or powered range is assumed, the first point is the
    launch site and the second the burnout point, joined by a straight line
    (the boost is not modelled).

    Attributes
    ----------
    event_id, shot_number
        Which shot (1-based number) of which event.
    label
        The shot's short label (``"IRBM"``, ``"3 × SRBM"``).
    trajectory
        ``"lofted"``, ``"depressed"`` or ``"near_minimum_energy"`` for an arc
        through a reported apogee (compared with the minimum-energy apogee for
        the same distance, ±15 %); ``"minimum_energy"`` when no apogee was
        reported and the minimum-energy trajectory was assumed.
    ground_range_km
        Distance from launch to impact used by the model.
    range_source
        Where that distance comes from, in words.
    apogee_km
        Highest altitude of the modelled arc (the reported apogee, or the
        minimum-energy model's).
    apogee_downrange_km
        Distance downrange of the apogee.
    apogee_reported
        True when ``apogee_km`` is a reported figure.
    free_flight_time_min
        Modelled time from burnout to impact.
    reported_flight_time_min
        The report's total flight time, if any (boost included).
    minimum_energy_apogee_km
        Apogee of the minimum-energy trajectory for the same distance, for comparison.
    burnout_speed_km_s, burnout_flight_path_angle_deg
        Burnout state of the modelled arc.
    downrange_km, altitude_km
        The sampled arc.
    time_min
        Minutes since burnout at each sample (0 on the launch point too when
        a boost segment is drawn).
    x_km, y_km
        To-scale side-view coordinates: launch site at the origin, the
        Earth's centre at (0, −R): x = r sin θ, y = r cos θ − R.
    earth_radius_km, burnout_altitude_km, powered_range_km
        Model constants and assumptions.
    apogee_label, time_label
        Plain-words labels, e.g. ``"apogee 1,000 km (reported)"``.
    assumptions
        Every assumption made, one sentence each.
    warnings
        Inconsistencies between the reported figures (e.g. a flight time too
        short for the apogee and distance).
    """

    event_id: str
    shot_number: int
    label: str
    trajectory: Trajectory
    ground_range_km: float
    range_source: str
    apogee_km: float
    apogee_downrange_km: float
    apogee_reported: bool
    free_flight_time_min: float
    reported_flight_time_min: float | None
    minimum_energy_apogee_km: float
    burnout_speed_km_s: float
    burnout_flight_path_angle_deg: float
    downrange_km: npt.NDArray[np.float64] = field(repr=False)
    altitude_km: npt.NDArray[np.float64] = field(repr=False)
    time_min: npt.NDArray[np.float64] = field(repr=False)
    x_km: npt.NDArray[np.float64] = field(repr=False)
    y_km: npt.NDArray[np.float64] = field(repr=False)
    earth_radius_km: float
    burnout_altitude_km: float
    powered_range_km: float
    apogee_label: str
    time_label: str
    assumptions: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def is_minimum_energy(self) -> bool:
        """True when no apogee was reported and the minimum-energy path was assumed."""
        return self.trajectory == "minimum_energy"

    def altitude_at(
        self, downrange_km: Any = None, *, fraction: Any = None
    ) -> float | npt.NDArray[np.float64]:
        """Modelled altitude (km) at a distance downrange or a fraction of the way.

        Give exactly one of ``downrange_km`` (0 … ``ground_range_km``) and
        ``fraction`` (0 … 1). Scalars give a float, arrays an array. Values
        outside the flight are refused.
        """
        return altitude_at(self, downrange_km, fraction=fraction)

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready summary (no sample arrays)."""
        return {
            "event_id": self.event_id,
            "shot": self.shot_number,
            "label": self.label,
            "trajectory": self.trajectory,
            "ground_range_km": round(self.ground_range_km, 1),
            "range_source": self.range_source,
            "apogee_km": round(self.apogee_km, 1),
            "apogee_reported": self.apogee_reported,
            "apogee_downrange_km": round(self.apogee_downrange_km, 1),
            "free_flight_time_min": round(self.free_flight_time_min, 2),
            "reported_flight_time_min": self.reported_flight_time_min,
            "minimum_energy_apogee_km": round(self.minimum_energy_apogee_km, 1),
            "burnout_speed_km_s": round(self.burnout_speed_km_s, 3),
            "burnout_flight_path_angle_deg": round(self.burnout_flight_path_angle_deg, 2),
            "apogee_label": self.apogee_label,
            "time_label": self.time_label,
            "model": MODEL,
            "earth_radius_km": self.earth_radius_km,
            "burnout_altitude_km": self.burnout_altitude_km,
            "powered_range_km": self.powered_range_km,
            "assumptions": list(self.assumptions),
            "warnings": list(self.warnings),
        }


# --------------------------------------------------------------------------- building


def _check_figures(d: float, hb: float, pr: float, apogee_km: float | None) -> None:
    """Refuse a distance the model cannot fly, or an apogee below burnout."""
    from trajgeo.physics import kepler

    if not (math.isfinite(d) and pr < d < math.pi * kepler.EARTH_RADIUS_KM):
        raise InputError(
            "distance the model cannot fly",
            field="range_km",
            value=d,
            allowed=f"more than the powered range ({pr:g} km) and less than "
            f"{math.pi * kepler.EARTH_RADIUS_KM:,.0f} km",
        )
    if apogee_km is not None and not (math.isfinite(apogee_km) and apogee_km > hb):
        raise InputError(
            "apogee must be above the burnout altitude",
            field="apogee_km",
            value=apogee_km,
            allowed=f"more than {hb:g} km",
        )


def _burnout_from_figures(
    d: float,
    hb: float,
    pr: float,
    apogee_km: float | None,
    flight_time_min: float | None,
    met: Any,
    assumptions: list[str],
    warnings: list[str],
) -> tuple[float, float, Trajectory]:
    """Burnout speed and angle of the arc the figures describe, and what kind of arc it is."""
    from trajgeo.physics import lofted

    if apogee_km is None:
        speed, gamma = float(met.speed_km_s), float(met.flight_path_angle_deg)
        trajectory: Trajectory = "minimum_energy"
        assumptions.append(
            "no apogee reported: minimum-energy trajectory assumed (the lowest-energy path to "
            "that distance); its apogee and flight time are model figures"
        )
    else:
        est = lofted.lofted_test_range(
            apogee_km, d, burnout_altitude_km=hb, powered_range_km=pr, band_pct=0.0, sig_figs=2
        )
        speed, gamma = float(est.burnout_speed_km_s), float(est.burnout_flight_path_angle_deg)
        ratio = apogee_km / float(met.apogee_km)
        trajectory = (
            "lofted"
            if ratio >= _LOFT_FACTOR
            else "depressed"
            if ratio <= _DEPRESS_FACTOR
            else "near_minimum_energy"
        )
        assumptions.append(
            "arc through the reported apogee and distance (free flight fitted to both)"
        )
        if flight_time_min is not None:
            chk = lofted.check_report(
                apogee_km, d, flight_time_min, burnout_altitude_km=hb, powered_range_km=pr
            )
            warnings.extend(chk.warnings)
    return speed, gamma, trajectory


def _drawn_samples(
    prof: Any, d: float, hb: float, pr: float, assumptions: list[str]
) -> tuple[np.ndarray, ...]:
    """Downrange, altitude, time (min) and plane coordinates of the drawn profile."""
    dr = np.asarray(prof.downrange_km, dtype=float)
    alt = np.asarray(prof.altitude_km, dtype=float)
    t = np.asarray(prof.time_s, dtype=float) / 60.0
    x = np.asarray(prof.x_km, dtype=float)
    y = np.asarray(prof.y_km, dtype=float)
    # the model's end point is the exact distance asked for; remove round-off drift
    if dr[-1] > pr:
        dr = pr + (dr - pr) * ((d - pr) / (dr[-1] - pr))
    if hb > 0.0 or pr > 0.0:
        dr, alt, t = (np.concatenate([[0.0], a]) for a in (dr, alt, t))
        x, y = np.concatenate([[0.0], x]), np.concatenate([[0.0], y])
        assumptions.append("boost drawn as a straight line from the launch site to burnout")
    return dr, alt, t, x, y


def profile_from_figures(
    ground_range_km: float,
    apogee_km: float | None = None,
    *,
    flight_time_min: float | None = None,
    burnout_altitude_km: float = 0.0,
    powered_range_km: float = 0.0,
    samples: int = DEFAULT_SAMPLES,
    label: str = "",
    event_id: str = "",
    shot_number: int = 1,
    range_source: str = "given",
) -> ShotProfile:
    """Model a trajectory from plain figures: a distance and, if known, an apogee.

    Parameters
    ----------
    ground_range_km
        Distance from launch to impact, km (more than the powered range,
        less than 20,015 km).
    apogee_km
        Reported apogee, km; ``None`` models the minimum-energy trajectory.
    flight_time_min
        Reported total flight time (only compared, never fitted).
    burnout_altitude_km, powered_range_km
        Assumed end of the boost phase (see :mod:`trajgeo.physics.ballistics`).
    samples
        Points on the free-flight arc (≥ 2).
    label, event_id, shot_number, range_source
        Copied onto the result.

    Returns
    -------
    ShotProfile

    Raises
    ------
    InputError
        For a distance or apogee the model cannot fly (named field).
    """
    from trajgeo.physics import kepler
    from trajgeo.physics.trajectory import profile_from_burnout

    d = float(ground_range_km)
    hb = float(burnout_altitude_km)
    pr = float(powered_range_km)
    _check_figures(d, hb, pr, apogee_km)
    met = kepler.minimum_energy_trajectory(d, burnout_altitude_km=hb, powered_range_km=pr)
    assumptions = [
        f"model: {MODEL}, R = {kepler.EARTH_RADIUS_KM:,g} km",
        f"burnout at {hb:g} km altitude, {pr:g} km downrange; the boost itself is not modelled",
    ]
    warnings: list[str] = []
    speed, gamma, trajectory = _burnout_from_figures(
        d, hb, pr, apogee_km, flight_time_min, met, assumptions, warnings
    )
    prof = profile_from_burnout(
        speed,
        gamma,
        burnout_altitude_km=hb,
        powered_range_km=pr,
        samples=samples,
    )
    dr, alt, t, x, y = _drawn_samples(prof, d, hb, pr, assumptions)
    i_top = int(np.argmax(alt))
    top = float(alt[i_top])
    t_ff = float(t[-1])
    if apogee_km is not None:
        top = float(apogee_km)  # exact by construction; the samples may straddle it
        apogee_label = f"apogee {top:,.0f} km (reported)"  # as reported, not re-rounded
    else:
        apogee_label = f"apogee about {_fmt_km(top)} (minimum-energy model)"
    if flight_time_min is not None:
        time_label = f"flight time {flight_time_min:g} min (reported)"
    else:
        time_label = f"free flight about {_fmt_min(t_ff)} (model)"
    return ShotProfile(
        event_id=event_id,
        shot_number=shot_number,
        label=label,
        trajectory=trajectory,
        ground_range_km=d,
        range_source=range_source,
        apogee_km=top,
        apogee_downrange_km=float(dr[i_top]),
        apogee_reported=apogee_km is not None,
        free_flight_time_min=t_ff,
        reported_flight_time_min=None if flight_time_min is None else float(flight_time_min),
        minimum_energy_apogee_km=float(met.apogee_km),
        burnout_speed_km_s=speed,
        burnout_flight_path_angle_deg=gamma,
        downrange_km=dr,
        altitude_km=alt,
        time_min=t,
        x_km=x,
        y_km=y,
        earth_radius_km=float(kepler.EARTH_RADIUS_KM),
        burnout_altitude_km=hb,
        powered_range_km=pr,
        apogee_label=apogee_label,
        time_label=time_label,
        assumptions=tuple(assumptions),
        warnings=tuple(warnings),
    )


def shot_ground_range_km(shot: Shot | ShotGeometry) -> tuple[float, str]:
    """Distance from launch to impact that the model flies, and where it comes from.

    For a :class:`~trajgeo.geo.impact.ShotGeometry` this is its ``distance_km``
    (the nominal arc). For a bare :class:`~trajgeo.events.Shot`: the WGS84
    geodesic distance to a reported impact point, else the middle of the
    reported range band.

    Returns
    -------
    (float, str)
        Kilometres, and a short phrase saying where they come from.
    """
    from trajgeo._checks import instance
    from trajgeo.events.model import Shot
    from trajgeo.geo.impact import ShotGeometry

    instance(shot, (Shot, ShotGeometry), "shot", "a Shot or a ShotGeometry")
    sg: Any = shot if hasattr(shot, "distance_km") else None
    s: Any = sg.shot if sg is not None else shot
    if s.impact is not None:
        if sg is not None:
            d = float(sg.distance_km)
        else:
            from trajgeo.geo import geodesy

            _, _, m = geodesy.inverse(s.launch.lon, s.launch.lat, s.impact.lon, s.impact.lat)
            d = float(m) / 1000.0
        return d, f"launch site to the reported impact point ({_fmt_km(d)})"
    rng = s.range
    if rng is None:  # not possible for a parsed event; kept for hand-made shots
        raise InputError(
            "the shot has neither a range nor an impact point", field=f"shots[{s.index}]"
        )
    d = float(sg.distance_km) if sg is not None else float(rng.nominal_km)
    if math.isclose(rng.min_km, rng.max_km):
        return d, f"reported range {rng.describe()}"
    return d, f"middle of the reported range {rng.describe()} ({_fmt_km(d)})"


def shot_profile(
    shot: Shot | ShotGeometry,
    *,
    burnout_altitude_km: float = 0.0,
    powered_range_km: float = 0.0,
    samples: int = DEFAULT_SAMPLES,
    event_id: str | None = None,
) -> ShotProfile:
    """Model the trajectory of one shot line.

    Parameters
    ----------
    shot
        A :class:`~trajgeo.events.Shot` or its :class:`~trajgeo.geo.impact.ShotGeometry`
        (preferred: its distance is the one the maps draw).
    burnout_altitude_km, powered_range_km
        Assumed end of the boost phase.
    samples
        Points on the free-flight arc.
    event_id
        Copied onto the result (default: the shot geometry's).

    Returns
    -------
    ShotProfile
        The arc through the reported apogee, or the minimum-energy arc when
        the shot reports no apogee.

    Raises
    ------
    InputError
        When the figures cannot be flown (named ``shots[i].…`` field).
    """
    d, source = shot_ground_range_km(shot)
    s: Any = getattr(shot, "shot", shot)
    eid = event_id if event_id is not None else str(getattr(shot, "event_id", ""))
    try:
        return profile_from_figures(
            d,
            s.apogee_km,
            flight_time_min=s.flight_time_min,
            burnout_altitude_km=burnout_altitude_km,
            powered_range_km=powered_range_km,
            samples=samples,
            label=s.title,
            event_id=eid,
            shot_number=s.number,
            range_source=source,
        )
    except InputError as exc:
        raise exc.located(None, f"shots[{s.index}]") from None


def event_profiles(
    event: Event,
    *,
    event_geometry: EventGeometry | None = None,
    burnout_altitude_km: float | None = None,
    powered_range_km: float = 0.0,
    samples: int = DEFAULT_SAMPLES,
) -> tuple[ShotProfile, ...]:
    """Model every shot line of an event.

    Parameters
    ----------
    event
        The event.
    event_geometry
        Its geometry, if already built (distances then match the maps exactly).
    burnout_altitude_km
        Assumed burnout altitude; by default the event's
        ``capability.burnout_altitude_km`` (so that profile and capability
        rings share one assumption), else 0.
    powered_range_km, samples
        As in :func:`shot_profile`.

    Returns
    -------
    tuple of ShotProfile
        One per shot line, in file order.
    """
    if burnout_altitude_km is None:
        cap = event.capability
        burnout_altitude_km = cap.burnout_altitude_km if cap is not None else 0.0
    items: list[Any] = (
        list(event_geometry.shots) if event_geometry is not None else list(event.shots)
    )
    out = []
    for item in items:
        try:
            out.append(
                shot_profile(
                    item,
                    burnout_altitude_km=burnout_altitude_km,
                    powered_range_km=powered_range_km,
                    samples=samples,
                    event_id=event.id,
                )
            )
        except InputError as exc:
            if exc.source is None and event.path:
                raise exc.located(event.path) from None
            raise
    return tuple(out)


# --------------------------------------------------------------------------- lookup


def altitude_at(
    shot: ShotProfile | ShotGeometry | Shot,
    downrange_km: Any = None,
    *,
    fraction: Any = None,
    burnout_altitude_km: float = 0.0,
) -> float | npt.NDArray[np.float64]:
    """Modelled altitude at a point of a shot's ground track.

    Parameters
    ----------
    shot
        A :class:`ShotProfile`, or a shot (geometry) to model first with
        ``burnout_altitude_km``.
    downrange_km
        Distance from the launch site along the ground track, km, from 0 to
        the shot's ground range. For a point found on the WGS84 arc, pass the
        geodesic distance from the launch site.
    fraction
        Instead of ``downrange_km``: the fraction of the ground range, 0 to 1.
    burnout_altitude_km
        Used only when ``shot`` is not yet a profile.

    Returns
    -------
    float or numpy.ndarray
        Altitude in km (a float for scalar input).

    Raises
    ------
    InputError
        Without exactly one of the two positions, or for one outside the flight.

    Examples
    --------
    >>> p = profile_from_figures(4600.0, 1000.0)
    >>> round(float(altitude_at(p, 2300.0))), round(float(altitude_at(p, fraction=0.0)))
    (1000, 0)
    """
    prof = (
        shot
        if isinstance(shot, ShotProfile)
        else shot_profile(shot, burnout_altitude_km=burnout_altitude_km)
    )
    if (downrange_km is None) == (fraction is None):
        raise InputError(
            "give exactly one of downrange_km and fraction",
            field="downrange_km",
            allowed="a distance in km, or fraction= from 0 to 1",
        )
    d = prof.ground_range_km
    if fraction is not None:
        f = np.asarray(fraction, dtype=float)
        name, value = "fraction", f
    else:
        f = np.asarray(downrange_km, dtype=float) / d
        name, value = "downrange_km", np.asarray(downrange_km, dtype=float)
    tol = 1e-9
    bad = ~np.isfinite(f) | (f < -tol) | (f > 1.0 + tol)
    if np.any(bad):
        shown = value[bad].ravel()[0] if value.ndim else value
        raise InputError(
            "position outside the flight",
            field=name,
            value=float(shown),
            allowed="0 to 1" if name == "fraction" else f"0 to {d:,.1f} km",
        )
    s = np.clip(f, 0.0, 1.0) * d
    alt = _exact_altitude(prof, s)
    return float(alt) if np.ndim(alt) == 0 else alt


def _exact_altitude(prof: ShotProfile, s: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Altitude on the Kepler ellipse at ground distance ``s`` (exact, not interpolated).

    r(θ) = p / (1 + e cos(ν_b + θ)) with θ the angle travelled since burnout;
    the boost segment (before the powered range) is the straight line drawn.
    """
    from trajgeo.physics import kepler

    R = prof.earth_radius_km
    r_b = R + prof.burnout_altitude_km
    v, g = prof.burnout_speed_km_s, math.radians(prof.burnout_flight_path_angle_deg)
    q = r_b * v * v / kepler.MU
    p = r_b * q * math.cos(g) ** 2
    e = math.sqrt(max(1.0 + q * (q - 2.0) * math.cos(g) ** 2, 0.0))
    nu_b = math.atan2(q * math.sin(g) * math.cos(g), q * math.cos(g) ** 2 - 1.0)
    theta = (s - prof.powered_range_km) / R
    with np.errstate(divide="ignore", invalid="ignore"):
        r = p / (1.0 + e * np.cos(nu_b + np.maximum(theta, 0.0)))
        alt = np.maximum(r - R, 0.0)
        if prof.powered_range_km > 0.0 or prof.burnout_altitude_km > 0.0:
            boost = np.interp(
                s, [0.0, max(prof.powered_range_km, 1e-12)], [0.0, prof.burnout_altitude_km]
            )
            alt = np.where(s < prof.powered_range_km, boost, alt)
    # a vertical-ish shot whose arc is reached only at burnout: the line drawn from the site
    return np.where(s <= 0.0, 0.0, alt)
