"""Ballistic free flight over a spherical Earth: ranges, apogees, flight times.

This module does the trajectory physics that newsrooms otherwise copy by
hand: how far a missile flies from a burnout state, the minimum-energy
trajectory (MET) for a range, and the conversion of a *lofted* test (reported
apogee and ground distance) into the range the same missile would reach on a
minimum-energy path.

The model is vacuum Kepler free flight after burnout, over a spherical Earth
of radius :data:`EARTH_RADIUS_KM` with gravitational parameter :data:`MU`.
It ignores air drag, the powered flight itself (burnout altitude and powered
range are explicit assumptions) and, unless asked, the Earth's rotation.

Every public function is vectorized: arguments may be scalars or numpy arrays
that broadcast against each other, and results hold Python floats for scalar
input and arrays otherwise. Orbital or escaping states never give NaN: their
range, distance and time are ``inf`` and a boolean flag says so.

Units are in the names: kilometres (``_km``), km/s (``_km_s``), degrees
(``_deg``), seconds (``_s``) and minutes (``_min``). Formulas and check
values: Bate, Mueller & White, *Fundamentals of Astrodynamics* (1971), ch. 6;
Wheelon (1959); Battin (1987) for the minimum-energy (Lambert) ellipse.

Examples
--------
>>> from trajgeo.physics import ballistics as bal
>>> met = bal.minimum_energy_trajectory(10_000.0)
>>> round(met.speed_km_s, 3), round(met.apogee_km)
(7.198, 1319)
>>> est = bal.lofted_test_range(4475.0, 950.0)   # Hwasong-15, 29 Nov 2017
>>> est.range_rounded_km, est.band_rounded_km
(10000.0, (9400.0, 11000.0))
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from trajgeo.errors import InputError

__all__ = [
    "EARTH_RADIUS_KM",
    "MU",
    "OMEGA",
    "CapabilityRing",
    "FlightPathAngles",
    "FreeFlight",
    "LoftedEstimate",
    "MinimumEnergyReach",
    "MinimumEnergyTrajectory",
    "ReportCheck",
    "RotatingRange",
    "TrajectoryProfile",
    "capability_ring",
    "check_report",
    "flight_path_angles",
    "free_flight",
    "lofted_test_range",
    "minimum_energy_reach",
    "minimum_energy_trajectory",
    "profile_from_burnout",
    "rotating_range",
    "round_significant",
    "significant_figures",
    "trajectory_profile",
]

#: Earth's gravitational parameter, km³/s² (WGS84 / EGM96 value).
MU: float = 398600.4418
#: Mean Earth radius, km (using 6378.137 changes equivalent ranges by ≤ 3 km).
EARTH_RADIUS_KM: float = 6371.0
#: Earth's sidereal rotation rate, rad/s.
OMEGA: float = 7.2921159e-5

#: A float for scalar input, a float array otherwise.
FloatOrArray = float | npt.NDArray[np.float64]
#: A bool for scalar input, a bool array otherwise.
BoolOrArray = bool | npt.NDArray[np.bool_]

_TWO_PI = 2.0 * math.pi
_GOLDEN = (math.sqrt(5.0) - 1.0) / 2.0


# --------------------------------------------------------------------------- helpers


def _arrays(*values: Any) -> tuple[bool, list[npt.NDArray[np.float64]]]:
    """Broadcast the arguments to float arrays; say whether all were scalars."""
    scalar = all(np.ndim(v) == 0 for v in values)
    arrs = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in values))
    return scalar, [np.asarray(a, dtype=float) for a in arrs]


def _out(scalar: bool, x: Any) -> Any:
    """Return ``x`` as a Python scalar when the input was scalar."""
    if not scalar:
        return x
    x = np.asarray(x)
    return bool(x) if x.dtype == np.bool_ else float(x)


def _check(
    ok: npt.NDArray[np.bool_] | bool, field: str, value: Any, allowed: str, msg: str
) -> None:
    """Raise :class:`InputError` naming ``field`` unless every element of ``ok`` holds."""
    ok = np.asarray(ok)
    if not np.all(ok):
        bad = np.asarray(value)
        shown = bad[~ok].ravel()[0] if bad.shape == ok.shape and bad.ndim else bad
        shown = float(shown) if np.ndim(shown) == 0 else shown
        raise InputError(msg, field=field, value=shown, allowed=allowed)


def _radii(
    r_earth: float,
    burnout_altitude_km: Any,
    impact_altitude_km: Any = 0.0,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    hb = np.asarray(burnout_altitude_km, dtype=float)
    hi = np.asarray(impact_altitude_km, dtype=float)
    _check(
        np.isfinite(hb) & (hb >= 0),
        "burnout_altitude_km",
        hb,
        "a finite number ≥ 0",
        "burnout altitude must be ≥ 0 km",
    )
    _check(
        np.isfinite(hi) & (hi >= 0),
        "impact_altitude_km",
        hi,
        "a finite number ≥ 0",
        "impact altitude must be ≥ 0 km",
    )
    _check(
        hi <= hb,
        "impact_altitude_km",
        hi,
        "at most the burnout altitude",
        "impact altitude above burnout altitude",
    )
    return r_earth + hb, r_earth + hi


def _kepler_core(
    v: npt.NDArray[np.float64],
    gamma: npt.NDArray[np.float64],
    r_b: npt.NDArray[np.float64],
    r_i: npt.NDArray[np.float64],
    mu: float,
) -> dict[str, npt.NDArray[Any]]:
    """Free flight from burnout radius ``r_b`` to the descending crossing of ``r_i``.

    All quantities are arrays of one shape; ``gamma`` is in radians. Uses only
    atan2 forms and squared sines written without cancellation, so that
    near-vertical (e → 1) and grazing states stay finite.
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        cg = np.cos(gamma)
        sg = np.sin(gamma)
        q = r_b * v * v / mu  # (v / v_circ)^2, BMW 6.2-1
        qc2 = q * cg * cg
        e2 = np.maximum(1.0 + q * (q - 2.0) * cg * cg, 0.0)  # BMW 6.2-11
        e = np.sqrt(e2)
        p = r_b * qc2  # semi-latus rectum
        escape = q >= 2.0
        r_p = p / (1.0 + e)
        # perigee at or above the impact radius (relative slack for the grazing case)
        orbital = escape | (r_p >= r_i * (1.0 - 1e-12))

        # true anomaly at burnout (0..2π) and at the descending crossing of r_i (π..2π)
        nu_b = np.arctan2(q * sg * cg, qc2 - 1.0)
        nu_b = np.where(nu_b < 0.0, nu_b + _TWO_PI, nu_b)
        k = r_b / r_i
        # (e sin ν_i)^2 / cos^2γ, expanded so that e ≈ 1 does not cancel
        disc = np.maximum(q * (q - 2.0) + 2.0 * q * k - q * q * cg * cg * k * k, 0.0)
        esin_i = -np.abs(cg) * np.sqrt(disc)
        nu_i = _TWO_PI + np.arctan2(-np.abs(esin_i), k * qc2 - 1.0)
        psi = nu_i - nu_b

        # apogee: on the path only for an ascending burnout
        a = r_b / (2.0 - q)
        r_apo = np.where(escape, np.inf, a * (1.0 + e))
        r_top = np.maximum(np.where(gamma >= 0.0, r_apo, r_b), r_b)

        # time of flight from Kepler's equation, eccentric anomaly from r and r·ṙ
        a_safe = np.where(escape, 1.0, a)
        sqrt_mua = np.sqrt(mu * a_safe)
        ecos_b = 1.0 - r_b / a_safe
        esin_b = r_b * v * sg / sqrt_mua
        ecos_i = 1.0 - r_i / a_safe
        esin_i2 = np.maximum((2.0 * r_i - p - r_i * r_i / a_safe) / a_safe, 0.0)
        esin_iE = -np.sqrt(esin_i2)
        E_b = np.arctan2(esin_b, ecos_b)
        E_b = np.where(E_b < 0.0, E_b + _TWO_PI, E_b)
        E_i = _TWO_PI + np.arctan2(-np.abs(esin_iE), ecos_i)
        E_i = np.maximum(E_i, E_b)
        n = np.sqrt(mu / a_safe**3)
        t = ((E_i - esin_iE) - (E_b - esin_b)) / n

        psi = np.where(orbital, np.inf, np.maximum(psi, 0.0))
        t = np.where(orbital, np.inf, np.maximum(t, 0.0))
    return {
        "psi": psi,
        "t": t,
        "r_top": r_top,
        "orbital": orbital,
        "e": e,
        "a": a,
        "p": p,
        "nu_b": nu_b,
        "E_b": E_b,
        "E_i": E_i,
        "esin_b": esin_b,
        "n": n,
    }


def _surface_distance(angle: npt.NDArray[np.float64], r_earth: float) -> npt.NDArray[np.float64]:
    """Great-circle distance for a travelled angle (saturates at πR; inf stays inf)."""
    with np.errstate(invalid="ignore"):
        wrapped = np.mod(angle, _TWO_PI)
        d = r_earth * np.minimum(wrapped, _TWO_PI - wrapped)
    return np.where(np.isinf(angle), np.inf, d)


# --------------------------------------------------------------------------- free flight


@dataclass(frozen=True)
class FreeFlight:
    """Result of :func:`free_flight`.

    Attributes
    ----------
    range_angle_deg
        Free-flight range angle Ψ at the Earth's centre, degrees (may exceed
        180°; ``inf`` when orbital).
    ground_range_km
        Distance flown over the ground, R·Ψ plus the powered range (``inf``
        when orbital).
    distance_km
        Great-circle distance from launch to impact, at most πR = 20,015 km.
    apogee_km
        Highest altitude reached on the path (the burnout altitude for a
        descending burnout; ``inf`` when escaping).
    time_s
        Free-flight time from burnout to impact, s (``inf`` when orbital).
    is_orbital
        True when the vehicle never comes back down to the impact altitude.
    eccentricity, semi_major_axis_km
        Orbit elements of the free-flight ellipse.
    """

    range_angle_deg: FloatOrArray
    ground_range_km: FloatOrArray
    distance_km: FloatOrArray
    apogee_km: FloatOrArray
    time_s: FloatOrArray
    is_orbital: BoolOrArray
    eccentricity: FloatOrArray
    semi_major_axis_km: FloatOrArray

    @property
    def time_min(self) -> FloatOrArray:
        """Free-flight time in minutes."""
        return self.time_s / 60.0


def free_flight(
    speed_km_s: Any,
    flight_path_angle_deg: Any,
    *,
    burnout_altitude_km: Any = 0.0,
    impact_altitude_km: Any = 0.0,
    powered_range_km: Any = 0.0,
    mu: float = MU,
    earth_radius_km: float = EARTH_RADIUS_KM,
) -> FreeFlight:
    """Range, apogee and time of the vacuum free flight from a burnout state.

    Parameters
    ----------
    speed_km_s
        Burnout speed relative to a non-rotating Earth, km/s.
    flight_path_angle_deg
        Flight-path angle γ above the local horizontal at burnout, degrees,
        in [-90, 90].
    burnout_altitude_km, impact_altitude_km
        Altitudes of burnout and of the end of the free flight (re-entry or
        impact), km; the impact altitude may not exceed the burnout altitude.
    powered_range_km
        Ground distance covered before burnout, added to the ranges.
    mu, earth_radius_km
        Gravitational parameter (km³/s²) and radius (km) of the sphere.

    Returns
    -------
    FreeFlight
        Range angle, ground range, great-circle distance, apogee, time and an
        orbital flag. Orbital or escaping states give ``inf``, never NaN.

    Notes
    -----
    The true anomalies come from ``atan2`` (e cos ν_b = Q cos²γ − 1,
    e sin ν_b = Q sin γ cos γ); the impact is the descending crossing of the
    impact radius, so range angles beyond 180° are correct. Time comes from
    Kepler's equation with the eccentric anomaly from r and r·ṙ, which stays
    finite for a vertical shot (rectilinear orbit, e = 1).

    Examples
    --------
    >>> ff = free_flight(3.016, 42.75)
    >>> round(ff.ground_range_km), round(ff.apogee_km), round(ff.time_min, 1)
    (1000, 240, 7.9)
    >>> free_flight(8.0, 0.0, burnout_altitude_km=200.0).is_orbital
    True
    """
    scalar, (v, gdeg, hb, hi, pr) = _arrays(
        speed_km_s, flight_path_angle_deg, burnout_altitude_km, impact_altitude_km, powered_range_km
    )
    _check(v >= 0, "speed_km_s", v, "a number ≥ 0 (inf allowed)", "speed must be ≥ 0 km/s")
    _check(
        np.abs(gdeg) <= 90.0,
        "flight_path_angle_deg",
        gdeg,
        "-90 to 90 degrees",
        "flight-path angle out of range",
    )
    _check(
        np.isfinite(pr) & (pr >= 0),
        "powered_range_km",
        pr,
        "a finite number ≥ 0",
        "powered range must be ≥ 0 km",
    )
    r_b, r_i = _radii(earth_radius_km, hb, hi)
    c = _kepler_core(v, np.radians(gdeg), r_b, r_i, mu)
    total = c["psi"] + pr / earth_radius_km
    return FreeFlight(
        range_angle_deg=_out(scalar, np.degrees(c["psi"])),
        ground_range_km=_out(scalar, earth_radius_km * total),
        distance_km=_out(scalar, _surface_distance(total, earth_radius_km)),
        apogee_km=_out(scalar, c["r_top"] - earth_radius_km),
        time_s=_out(scalar, c["t"]),
        is_orbital=_out(scalar, c["orbital"]),
        eccentricity=_out(scalar, c["e"]),
        semi_major_axis_km=_out(scalar, c["a"]),
    )


@dataclass(frozen=True)
class FlightPathAngles:
    """Result of :func:`flight_path_angles`: the two burnout angles that hit a range.

    Attributes
    ----------
    low_deg, high_deg
        Depressed and lofted solutions, degrees; NaN where that solution does
        not exist (see ``reachable`` and ``n_solutions``).
    reachable
        True when at least one solution exists.
    n_solutions
        0, 1 or 2.
    """

    low_deg: FloatOrArray
    high_deg: FloatOrArray
    reachable: BoolOrArray
    n_solutions: FloatOrArray


def flight_path_angles(
    speed_km_s: Any,
    range_km: Any,
    *,
    burnout_altitude_km: Any = 0.0,
    impact_altitude_km: Any = 0.0,
    powered_range_km: Any = 0.0,
    mu: float = MU,
    earth_radius_km: float = EARTH_RADIUS_KM,
) -> FlightPathAngles:
    """Burnout flight-path angles that carry a given speed to a given ground range.

    Solves the hit equation r_b/r_i = (1 − cos Ψ)/(Q cos²γ) + cos Ψ − tan γ sin Ψ,
    a quadratic in tan γ, and keeps the roots whose forward free flight really
    ends at Ψ (for Q > 1 one root passes below the impact radius first).

    Parameters
    ----------
    speed_km_s
        Burnout speed, km/s.
    range_km
        Ground range including ``powered_range_km``, km.
    burnout_altitude_km, impact_altitude_km, powered_range_km, mu, earth_radius_km
        As in :func:`free_flight`.

    Returns
    -------
    FlightPathAngles

    Examples
    --------
    >>> sol = flight_path_angles(3.2, 1000.0)
    >>> round(sol.low_deg, 1), round(sol.high_deg, 1)
    (28.6, 57.0)
    """
    scalar, (v, d, hb, hi, pr) = _arrays(
        speed_km_s, range_km, burnout_altitude_km, impact_altitude_km, powered_range_km
    )
    r_b, r_i = _radii(earth_radius_km, hb, hi)
    psi = (d - pr) / earth_radius_km
    _check(
        (psi > 0) & (psi < _TWO_PI),
        "range_km",
        d,
        "more than the powered range",
        "range out of domain",
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        q = r_b * v * v / mu
        aa = (1.0 - np.cos(psi)) / q
        bb = -np.sin(psi)
        cc = aa + np.cos(psi) - r_b / r_i
        disc = bb * bb - 4.0 * aa * cc
        root = np.sqrt(np.maximum(disc, 0.0))
        t_hi = (-bb + root) / (2.0 * aa)
        t_lo = (-bb - root) / (2.0 * aa)
        g_hi = np.degrees(np.arctan(t_hi))
        g_lo = np.degrees(np.arctan(t_lo))
        ok = (disc >= 0) & (q > 0)

        def valid(g: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
            gg = np.where(ok & np.isfinite(g), g, 0.0)
            c = _kepler_core(v, np.radians(gg), r_b, r_i, mu)
            return ok & np.isfinite(g) & (np.abs(c["psi"] - psi) < 1e-6)

        ok_hi, ok_lo = valid(g_hi), valid(g_lo)
    low = np.where(ok_lo, g_lo, np.where(ok_hi, g_hi, np.nan))
    high = np.where(ok_hi, g_hi, np.where(ok_lo, g_lo, np.nan))
    n = (
        ok_hi.astype(float)
        + ok_lo.astype(float)
        - (ok_hi & ok_lo & np.isclose(g_hi, g_lo)).astype(float)
    )
    return FlightPathAngles(
        low_deg=_out(scalar, low),
        high_deg=_out(scalar, high),
        reachable=_out(scalar, ok_hi | ok_lo),
        n_solutions=_out(scalar, n),
    )


# --------------------------------------------------------------------------- minimum energy


@dataclass(frozen=True)
class MinimumEnergyTrajectory:
    """Result of :func:`minimum_energy_trajectory`.

    Attributes
    ----------
    range_km
        The ground range asked for (including powered range), km.
    flight_path_angle_deg
        Optimum burnout flight-path angle γ*, degrees.
    speed_km_s
        Minimum burnout speed that reaches the range, km/s.
    apogee_km
        Apogee altitude of that trajectory, km.
    time_s
        Free-flight time, s.
    semi_major_axis_km, eccentricity
        Elements of the minimum-energy (Lambert) ellipse.
    """

    range_km: FloatOrArray
    flight_path_angle_deg: FloatOrArray
    speed_km_s: FloatOrArray
    apogee_km: FloatOrArray
    time_s: FloatOrArray
    semi_major_axis_km: FloatOrArray
    eccentricity: FloatOrArray

    @property
    def time_min(self) -> FloatOrArray:
        """Free-flight time in minutes."""
        return self.time_s / 60.0


def minimum_energy_trajectory(
    range_km: Any,
    *,
    burnout_altitude_km: Any = 0.0,
    impact_altitude_km: Any = 0.0,
    powered_range_km: Any = 0.0,
    mu: float = MU,
    earth_radius_km: float = EARTH_RADIUS_KM,
) -> MinimumEnergyTrajectory:
    """Compute the minimum-energy trajectory (MET) for a ground range.

    Lambert's minimum-energy ellipse between the burnout point (radius r_b)
    and the impact point (radius r_i) separated by Ψ = (range − powered)/R:
    c² = r_b² + r_i² − 2 r_b r_i cos Ψ, a* = (r_b + r_i + c)/4,
    v*² = μ(2/r_b − 1/a*), tan 2γ* = r_i sin Ψ / (r_b − r_i cos Ψ).
    From the surface this is γ* = 45° − Ψ/4 (BMW 6.2-18…20).

    Parameters
    ----------
    range_km
        Ground range, km: more than the powered range, at most πR (20,015 km).
    burnout_altitude_km, impact_altitude_km, powered_range_km, mu, earth_radius_km
        As in :func:`free_flight`.

    Returns
    -------
    MinimumEnergyTrajectory

    Examples
    --------
    >>> met = minimum_energy_trajectory(1000.0)
    >>> round(met.flight_path_angle_deg, 2), round(met.speed_km_s, 3), round(met.apogee_km)
    (42.75, 3.016, 240)
    >>> round(minimum_energy_trajectory(1000.0, burnout_altitude_km=300.0).flight_path_angle_deg, 2)
    34.6
    """
    scalar, (d, hb, hi, pr) = _arrays(
        range_km, burnout_altitude_km, impact_altitude_km, powered_range_km
    )
    r_b, r_i = _radii(earth_radius_km, hb, hi)
    psi = (d - pr) / earth_radius_km
    _check(
        np.isfinite(psi) & (psi > 0) & (psi <= math.pi + 1e-12),
        "range_km",
        d,
        f"more than the powered range and at most {math.pi * earth_radius_km:,.0f} km",
        "range out of domain",
    )
    c = np.sqrt(r_b * r_b + r_i * r_i - 2.0 * r_b * r_i * np.cos(psi))
    a = (r_b + r_i + c) / 4.0
    v = np.sqrt(np.maximum(mu * (2.0 / r_b - 1.0 / a), 0.0))
    gamma = 0.5 * np.arctan2(r_i * np.sin(psi), r_b - r_i * np.cos(psi))
    core = _kepler_core(v, gamma, r_b, r_i, mu)
    return MinimumEnergyTrajectory(
        range_km=_out(scalar, d),
        flight_path_angle_deg=_out(scalar, np.degrees(gamma)),
        speed_km_s=_out(scalar, v),
        apogee_km=_out(scalar, core["r_top"] - earth_radius_km),
        time_s=_out(scalar, core["t"]),
        semi_major_axis_km=_out(scalar, a),
        eccentricity=_out(scalar, core["e"]),
    )


@dataclass(frozen=True)
class MinimumEnergyReach:
    """Result of :func:`minimum_energy_reach`.

    Attributes
    ----------
    range_km
        Maximum ground range (at the optimum angle), km; ``math.inf`` when
        global.
    range_angle_deg
        Free-flight range angle, degrees (``inf`` when global).
    flight_path_angle_deg
        The optimum burnout angle γ*, degrees (0 when global).
    is_global
        True when the speed reaches any point on Earth (circular speed or
        more, for a burnout at the impact radius).
    """

    range_km: FloatOrArray
    range_angle_deg: FloatOrArray
    flight_path_angle_deg: FloatOrArray
    is_global: BoolOrArray


def _met_reach(
    v: npt.NDArray[np.float64],
    r_b: npt.NDArray[np.float64],
    r_i: npt.NDArray[np.float64],
    mu: float,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """Range angle, γ* and global flag of the MET reachable with speed ``v``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        inv_a = 2.0 / r_b - v * v / mu
        a = np.where(inv_a > 0, 1.0 / np.where(inv_a > 0, inv_a, 1.0), np.inf)
        c = 4.0 * a - r_b - r_i
        glob = (inv_a <= 0) | (c >= r_b + r_i)
        c = np.where(glob, r_b + r_i, c)
        s = np.sqrt(np.maximum(c * c - (r_b - r_i) ** 2, 0.0))  # 2 sqrt(r_b r_i) sin(Ψ/2)
        co = np.sqrt(np.maximum((r_b + r_i) ** 2 - c * c, 0.0))  # 2 sqrt(r_b r_i) cos(Ψ/2)
        psi = 2.0 * np.arctan2(s, co)
        gamma = 0.5 * np.arctan2(r_i * np.sin(psi), r_b - r_i * np.cos(psi))
    return np.where(glob, np.inf, psi), np.where(glob, 0.0, gamma), glob


def minimum_energy_reach(
    speed_km_s: Any,
    *,
    burnout_altitude_km: Any = 0.0,
    impact_altitude_km: Any = 0.0,
    powered_range_km: Any = 0.0,
    mu: float = MU,
    earth_radius_km: float = EARTH_RADIUS_KM,
) -> MinimumEnergyReach:
    """Maximum range of a burnout speed on the minimum-energy trajectory.

    The inverse of :func:`minimum_energy_trajectory`: a = 1/(2/r_b − v²/μ),
    c = 4a − r_b − r_i, cos Ψ = (r_b² + r_i² − c²)/(2 r_b r_i). When
    c ≥ r_b + r_i (from the surface: v ≥ circular speed) every point on Earth
    is reachable: the range is ``math.inf`` and ``is_global`` is True.

    Parameters
    ----------
    speed_km_s
        Burnout speed, km/s.
    burnout_altitude_km, impact_altitude_km, powered_range_km, mu, earth_radius_km
        As in :func:`free_flight`.

    Returns
    -------
    MinimumEnergyReach

    Examples
    --------
    >>> round(minimum_energy_reach(7.198).range_km, -1)
    10000.0
    >>> minimum_energy_reach(8.0).is_global
    True
    """
    scalar, (v, hb, hi, pr) = _arrays(
        speed_km_s, burnout_altitude_km, impact_altitude_km, powered_range_km
    )
    _check(v >= 0, "speed_km_s", v, "a number ≥ 0 (inf allowed)", "speed must be ≥ 0 km/s")
    r_b, r_i = _radii(earth_radius_km, hb, hi)
    psi, gamma, glob = _met_reach(v, r_b, r_i, mu)
    return MinimumEnergyReach(
        range_km=_out(scalar, np.where(glob, np.inf, earth_radius_km * psi + pr)),
        range_angle_deg=_out(scalar, np.degrees(psi)),
        flight_path_angle_deg=_out(scalar, np.degrees(gamma)),
        is_global=_out(scalar, glob),
    )


# --------------------------------------------------------------------------- lofted tests


def _lofted_orbit(
    r_a: npt.NDArray[np.float64],
    psi: npt.NDArray[np.float64],
    r_b: npt.NDArray[np.float64],
    r_i: npt.NDArray[np.float64],
    iterations: int = 64,
) -> npt.NDArray[np.float64]:
    """Eccentricity of the ellipse with apocentre ``r_a`` through r_b and r_i, Ψ apart.

    Closed form when r_b = r_i; otherwise an elementwise bisection of
    arccos((1 − p/r_i)/e) + arccos((1 − p/r_b)/e) = Ψ with p = r_a(1 − e),
    monotonic on e ∈ ((r_a − r_min)/(r_a + r_min), 1).
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        e_sym = (r_a - r_i) / (r_a - r_i * np.cos(psi / 2.0))
    asym = r_b != r_i
    if not np.any(asym):
        return e_sym
    r_min = np.minimum(r_b, r_i)
    lo = (r_a - r_min) / (r_a + r_min)
    hi = np.ones_like(lo)

    def f(e: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        p = r_a * (1.0 - e)
        return (
            np.arccos(np.clip((1.0 - p / r_i) / e, -1.0, 1.0))
            + np.arccos(np.clip((1.0 - p / r_b) / e, -1.0, 1.0))
            - psi
        )

    with np.errstate(divide="ignore", invalid="ignore"):
        for _ in range(iterations):
            mid = 0.5 * (lo + hi)
            pos = f(mid) > 0.0
            lo = np.where(pos, mid, lo)
            hi = np.where(pos, hi, mid)
    return np.where(asym, 0.5 * (lo + hi), e_sym)


def _lofted_state(
    apogee_km: npt.NDArray[np.float64],
    psi: npt.NDArray[np.float64],
    r_b: npt.NDArray[np.float64],
    r_earth: float,
    mu: float,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Burnout speed and flight-path angle (rad) of the arc through an apogee."""
    r_a = r_earth + apogee_km
    r_i = np.full_like(r_b, r_earth)
    e = _lofted_orbit(r_a, psi, r_b, r_i)
    a = r_a / (1.0 + e)
    p = r_a * (1.0 - e)
    v = np.sqrt(np.maximum(mu * (2.0 / r_b - 1.0 / a), 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        cosg = np.clip(np.sqrt(mu * p) / (r_b * v), 0.0, 1.0)
    # the burnout is on the way up (the apogee lies between burnout and impact)
    return v, np.arccos(np.where(v > 0, cosg, 0.0))


def significant_figures(value: Any) -> int:
    """Count the significant figures a number carries, as written.

    Trailing zeros of a whole number are not counted (``"950"`` → 2,
    ``"1000"`` → 1); a decimal point makes them count (``"950."`` → 3).
    Floats are read through their shortest ``repr``, whole floats as whole
    numbers.

    Parameters
    ----------
    value
        A string as typed by a user, or a number.

    Returns
    -------
    int
        At least 1.

    Examples
    --------
    >>> significant_figures("4475"), significant_figures(950.0), significant_figures("3.70e3")
    (4, 2, 3)
    """
    if isinstance(value, str):
        text = value.strip().lower().replace("_", "").replace(",", "")
    else:
        x = float(value)
        if not math.isfinite(x):
            return 1
        text = str(int(x)) if x.is_integer() and abs(x) < 1e16 else repr(x)
    try:
        dec = Decimal(text)
    except InvalidOperation:
        return 1
    mantissa = text.split("e")[0].lstrip("+-")
    digits = dec.as_tuple().digits
    n = len(digits)
    # strip leading zeros (Decimal keeps none, except the value 0 itself)
    while n > 1 and digits[len(digits) - n] == 0:
        n -= 1
    if "." not in mantissa:
        stripped = mantissa.rstrip("0")
        n -= len(mantissa) - len(stripped) if stripped else 0
    return max(n, 1)


def round_significant(value: Any, sig_figs: Any) -> FloatOrArray:
    """Round to a number of significant figures, elementwise; ``inf`` stays ``inf``.

    Parameters
    ----------
    value
        Numbers to round.
    sig_figs
        Significant figures to keep (≥ 1), broadcast against ``value``.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> round_significant(12_873.4, 2), round_significant(7961.2, 3)
    (13000.0, 7960.0)
    """
    scalar, (x, s) = _arrays(value, sig_figs)
    with np.errstate(divide="ignore", invalid="ignore"):
        finite = np.isfinite(x) & (x != 0)
        mag = np.floor(np.log10(np.where(finite, np.abs(x), 1.0)))
        step = 10.0 ** (mag - np.maximum(s, 1) + 1)
        r = np.where(finite, np.round(x / step) * step, x)
    return _out(scalar, r)


@dataclass(frozen=True)
class LoftedEstimate:
    """Result of :func:`lofted_test_range`: a same-burnout-energy range estimate.

    Attributes
    ----------
    range_km
        Equivalent minimum-energy range, km (``math.inf`` when global). Not
        rounded: show :attr:`range_rounded_km` to readers.
    range_low_km, range_high_km
        The sensitivity band: the same estimate for the apogee lowered and
        raised by ``band_pct`` percent.
    is_global, low_is_global, high_is_global
        True when that speed reaches any point on Earth.
    burnout_speed_km_s
        Burnout speed implied by the test's apogee and distance.
    burnout_flight_path_angle_deg
        Flight-path angle of the test at burnout, degrees.
    met_flight_path_angle_deg
        γ* of the equivalent minimum-energy shot.
    free_flight_time_s
        Free-flight time of the test itself, s.
    sig_figs
        Significant figures used by the ``*_rounded_km`` values.
    apogee_km, distance_km, burnout_altitude_km, powered_range_km, band_pct
        The inputs, for the record.
    """

    range_km: FloatOrArray
    range_low_km: FloatOrArray
    range_high_km: FloatOrArray
    is_global: BoolOrArray
    low_is_global: BoolOrArray
    high_is_global: BoolOrArray
    burnout_speed_km_s: FloatOrArray
    burnout_flight_path_angle_deg: FloatOrArray
    met_flight_path_angle_deg: FloatOrArray
    free_flight_time_s: FloatOrArray
    sig_figs: Any
    apogee_km: FloatOrArray
    distance_km: FloatOrArray
    burnout_altitude_km: FloatOrArray
    powered_range_km: FloatOrArray
    band_pct: FloatOrArray

    @property
    def free_flight_time_min(self) -> FloatOrArray:
        """Free-flight time of the test in minutes."""
        return self.free_flight_time_s / 60.0

    def _rounded(self, x: FloatOrArray) -> FloatOrArray:
        with np.errstate(invalid="ignore"):
            sig = np.where(np.abs(x) >= 9_500.0, np.minimum(self.sig_figs, 2), self.sig_figs)
        return round_significant(x, sig if np.ndim(sig) else int(sig))

    @property
    def range_rounded_km(self) -> FloatOrArray:
        """:attr:`range_km` rounded to the precision the inputs carry."""
        return self._rounded(self.range_km)

    @property
    def band_rounded_km(self) -> tuple[FloatOrArray, FloatOrArray]:
        """The sensitivity band rounded like :attr:`range_rounded_km`."""
        return self._rounded(self.range_low_km), self._rounded(self.range_high_km)


def lofted_test_range(
    apogee_km: Any,
    distance_km: Any,
    *,
    burnout_altitude_km: Any = 0.0,
    powered_range_km: Any = 0.0,
    band_pct: Any = 5.0,
    sig_figs: Any = None,
    mu: float = MU,
    earth_radius_km: float = EARTH_RADIUS_KM,
) -> LoftedEstimate:
    """Equivalent minimum-energy range of a lofted test ("same-burnout-energy estimate").

    The test's apogee and ground distance fix its free-flight ellipse, hence
    the burnout speed at the assumed burnout altitude; the same speed at the
    same altitude, on a minimum-energy path, reaches the returned range.

    Parameters
    ----------
    apogee_km
        Reported apogee altitude, km (more than the burnout altitude).
    distance_km
        Reported ground distance from launch to impact, km (more than the
        powered range, less than 20,015 km).
    burnout_altitude_km
        Assumed burnout altitude, km, used on both the test and the
        minimum-energy leg (0 = symmetric closed form).
    powered_range_km
        Assumed ground distance covered before burnout, km, on both legs.
    band_pct
        Half-width of the sensitivity band, percent of the apogee.
    sig_figs
        Significant figures for the rounded values. By default the smaller
        of those carried by ``apogee_km`` and ``distance_km`` (see
        :func:`significant_figures`), kept between 2 and 3; ranges from
        9,500 km up always get at most 2.
    mu, earth_radius_km
        As in :func:`free_flight`.

    Returns
    -------
    LoftedEstimate

    Notes
    -----
    Same burnout speed means same burnout energy, but a near-vertical test
    boost loses more speed to gravity than a minimum-energy boost, so for
    ICBM-class tests this estimate runs *low* compared with analysts'
    booster-model figures. It also ignores the Earth's rotation and the
    payload, which analysts cannot see either.

    Examples
    --------
    >>> est = lofted_test_range(4475.0, 950.0)   # Hwasong-15, 29 Nov 2017
    >>> round(est.burnout_speed_km_s, 3), round(est.range_km), est.range_rounded_km
    (7.195, 9983, 10000.0)
    >>> est.band_rounded_km
    (9400.0, 11000.0)
    """
    scalar, (ap, d, hb, pr, bp) = _arrays(
        apogee_km, distance_km, burnout_altitude_km, powered_range_km, band_pct
    )
    r_earth = earth_radius_km
    _check(
        np.isfinite(hb) & (hb >= 0),
        "burnout_altitude_km",
        hb,
        "a finite number ≥ 0",
        "burnout altitude must be ≥ 0 km",
    )
    _check(
        np.isfinite(ap) & (ap > hb),
        "apogee_km",
        ap,
        "a finite number above the burnout altitude",
        "apogee must exceed the burnout altitude",
    )
    _check(
        np.isfinite(pr) & (pr >= 0),
        "powered_range_km",
        pr,
        "a finite number ≥ 0",
        "powered range must be ≥ 0 km",
    )
    psi = (d - pr) / r_earth
    _check(
        np.isfinite(psi) & (psi > 0) & (psi < math.pi),
        "distance_km",
        d,
        f"more than the powered range and less than {math.pi * r_earth:,.0f} km",
        "distance out of domain",
    )
    _check(
        np.isfinite(bp) & (bp >= 0) & (bp < 100),
        "band_pct",
        bp,
        "0 to 100 (exclusive)",
        "band out of range",
    )
    r_b = r_earth + hb
    r_i = np.full_like(r_b, r_earth)
    f = bp / 100.0
    # one vectorized pass over nominal, low and high apogee
    v, g = _lofted_state(
        np.stack([ap, ap * (1 - f), ap * (1 + f)]),
        np.stack([psi] * 3),
        np.stack([r_b] * 3),
        r_earth,
        mu,
    )
    rb3, ri3 = np.stack([r_b] * 3), np.stack([r_i] * 3)
    met_psi, met_g, glob = _met_reach(v, rb3, ri3, mu)
    rng = np.where(glob, np.inf, r_earth * met_psi + pr)
    core = _kepler_core(v[0], g[0], r_b, r_i, mu)
    if sig_figs is None:
        sig = np.vectorize(
            lambda a, b: min(significant_figures(a), significant_figures(b)), otypes=[int]
        )(ap, d)
        sig = np.clip(sig, 2, 3)
        sig_out: Any = int(sig) if scalar else sig
    else:
        sig_out = sig_figs
    return LoftedEstimate(
        range_km=_out(scalar, rng[0]),
        range_low_km=_out(scalar, rng[1]),
        range_high_km=_out(scalar, rng[2]),
        is_global=_out(scalar, glob[0]),
        low_is_global=_out(scalar, glob[1]),
        high_is_global=_out(scalar, glob[2]),
        burnout_speed_km_s=_out(scalar, v[0]),
        burnout_flight_path_angle_deg=_out(scalar, np.degrees(g[0])),
        met_flight_path_angle_deg=_out(scalar, np.degrees(met_g[0])),
        free_flight_time_s=_out(scalar, core["t"]),
        sig_figs=sig_out,
        apogee_km=_out(scalar, ap),
        distance_km=_out(scalar, d),
        burnout_altitude_km=_out(scalar, hb),
        powered_range_km=_out(scalar, pr),
        band_pct=_out(scalar, bp),
    )


@dataclass(frozen=True)
class ReportCheck:
    """Result of :func:`check_report`.

    Attributes
    ----------
    free_flight_time_min
        Vacuum free-flight time of the reported apogee and distance, minutes.
    implied_boost_min
        Reported total flight time minus the free flight, minutes.
    warnings
        Plain-language warnings: a tuple of strings for scalar input, a list
        of tuples for array input. Empty when the figures agree.
    """

    free_flight_time_min: FloatOrArray
    implied_boost_min: FloatOrArray
    warnings: Any


def _fmt(x: float, nd: int = 1) -> str:
    return f"{x:,.{nd}f}"


def check_report(
    apogee_km: Any,
    distance_km: Any,
    flight_time_min: Any,
    *,
    burnout_altitude_km: Any = 0.0,
    powered_range_km: Any = 0.0,
    max_boost_min: float = 5.0,
    mu: float = MU,
    earth_radius_km: float = EARTH_RADIUS_KM,
) -> ReportCheck:
    """Check that a report's apogee, distance and total flight time fit together.

    The apogee and distance fix the free-flight time. A reported total flight
    time (boost + free flight) shorter than that, or longer by more than
    ``max_boost_min``, means one of the three figures is off or they describe
    different things.

    Parameters
    ----------
    apogee_km, distance_km
        Reported apogee altitude and ground distance, km.
    flight_time_min
        Reported total flight time, minutes.
    burnout_altitude_km, powered_range_km, mu, earth_radius_km
        As in :func:`lofted_test_range`.
    max_boost_min
        Longest plausible boost phase, minutes.

    Returns
    -------
    ReportCheck

    Examples
    --------
    >>> chk = check_report(2800.0, 950.0, 20.0)
    >>> round(chk.free_flight_time_min, 1), len(chk.warnings)
    (34.4, 1)
    """
    scalar, (ap, d, tt, hb, pr) = _arrays(
        apogee_km, distance_km, flight_time_min, burnout_altitude_km, powered_range_km
    )
    _check(
        np.isfinite(tt) & (tt > 0),
        "flight_time_min",
        tt,
        "a positive number of minutes",
        "flight time must be positive",
    )
    est = lofted_test_range(
        ap,
        d,
        burnout_altitude_km=hb,
        powered_range_km=pr,
        band_pct=0.0,
        sig_figs=2,
        mu=mu,
        earth_radius_km=earth_radius_km,
    )
    tff = np.asarray(est.free_flight_time_s, dtype=float) / 60.0
    boost = tt - tff
    out: list[tuple[str, ...]] = []
    for a_, d_, t_, f_, b_ in zip(
        ap.ravel(), d.ravel(), tt.ravel(), tff.ravel(), boost.ravel(), strict=True
    ):
        w: list[str] = []
        fig = f"an apogee of {_fmt(a_, 0)} km and a distance of {_fmt(d_, 0)} km"
        if b_ < 0:
            w.append(
                f"The reported flight time ({_fmt(t_)} min) is shorter than the "
                f"{_fmt(f_)} min that {fig} take in free fall alone, before counting any "
                "boost. One of the three figures is probably off (an apogee or flight time "
                "from a different source, rounding, or a flight time that stops when radar "
                "lost the missile); check them before using all three."
            )
        elif b_ > max_boost_min:
            w.append(
                f"The reported flight time ({_fmt(t_)} min) leaves {_fmt(b_)} min for the "
                f"boost after the {_fmt(f_)} min of free flight that {fig} imply; boosts "
                f"last about 1-{_fmt(max_boost_min, 0)} min. The apogee may be understated, "
                "the flight time may include more than one flight phase, or the figures may "
                "come from different sources."
            )
        out.append(tuple(w))
    return ReportCheck(
        free_flight_time_min=_out(scalar, tff),
        implied_boost_min=_out(scalar, boost),
        warnings=out[0] if scalar else out,
    )


# --------------------------------------------------------------------------- profile


@dataclass(frozen=True)
class TrajectoryProfile:
    """Result of :func:`profile_from_burnout` and :func:`trajectory_profile`.

    Arrays have the broadcast shape of the inputs plus a last axis of
    ``samples`` points, from burnout to impact.

    Attributes
    ----------
    downrange_km
        Arc length over the ground from the launch site (powered range included).
    altitude_km
        Altitude above the sphere.
    time_s
        Time since burnout.
    x_km, y_km
        To-scale coordinates with the launch site at the origin and the
        Earth's centre at (0, −R): x = r sin θ, y = r cos θ − R.
    earth_radius_km
        The sphere used, to draw the Earth's surface y = √(R² − x²) − R.
    """

    downrange_km: npt.NDArray[np.float64]
    altitude_km: npt.NDArray[np.float64]
    time_s: npt.NDArray[np.float64]
    x_km: npt.NDArray[np.float64]
    y_km: npt.NDArray[np.float64]
    earth_radius_km: float


def profile_from_burnout(
    speed_km_s: Any,
    flight_path_angle_deg: Any,
    *,
    burnout_altitude_km: Any = 0.0,
    powered_range_km: Any = 0.0,
    samples: int = 181,
    mu: float = MU,
    earth_radius_km: float = EARTH_RADIUS_KM,
) -> TrajectoryProfile:
    """Sample the free-flight arc from a burnout state, for plotting.

    Samples are evenly spaced in eccentric anomaly (denser in time than in
    downrange near the apogee), which stays well defined up to a vertical shot.

    Parameters
    ----------
    speed_km_s, flight_path_angle_deg, burnout_altitude_km, powered_range_km, mu, earth_radius_km
        As in :func:`free_flight` (impact at the surface).
    samples
        Points per trajectory, ≥ 2.

    Returns
    -------
    TrajectoryProfile

    Raises
    ------
    InputError
        If a state is orbital (it never comes down).

    Examples
    --------
    >>> met = minimum_energy_trajectory(1000.0)
    >>> prof = profile_from_burnout(met.speed_km_s, met.flight_path_angle_deg, samples=5)
    >>> round(float(prof.altitude_km.max())), round(float(prof.downrange_km[-1]))
    (240, 1000)
    """
    _, (v, gdeg, hb, pr) = _arrays(
        speed_km_s, flight_path_angle_deg, burnout_altitude_km, powered_range_km
    )
    if samples < 2:
        raise InputError(
            "need at least two samples", field="samples", value=samples, allowed="an integer ≥ 2"
        )
    r_earth = earth_radius_km
    r_b, r_i = _radii(r_earth, hb, 0.0)
    r_i = np.broadcast_to(r_i, r_b.shape)
    c = _kepler_core(v, np.radians(gdeg), r_b, r_i, mu)
    _check(
        ~c["orbital"],
        "speed_km_s",
        v,
        "a sub-orbital burnout state",
        "orbital state: the vehicle never comes down",
    )
    e, a = c["e"][..., None], c["a"][..., None]
    u = np.linspace(0.0, 1.0, samples)
    E = c["E_b"][..., None] + (c["E_i"] - c["E_b"])[..., None] * u
    r = a * (1.0 - e * np.cos(E))

    def true_anomaly(
        ecc: npt.NDArray[np.float64], ea: npt.NDArray[np.float64]
    ) -> npt.NDArray[np.float64]:
        # continuous on E ∈ [0, 2π]; sin(E/2) ≥ 0 there
        return 2.0 * np.arctan2(
            np.sqrt(1.0 + ecc) * np.sin(ea / 2.0),
            np.sqrt(np.maximum(1.0 - ecc, 0.0)) * np.cos(ea / 2.0),
        )

    theta = true_anomaly(e, E) - true_anomaly(e, c["E_b"][..., None])
    theta = np.maximum(theta, 0.0) + (pr / r_earth)[..., None]
    m_b = c["E_b"] - c["esin_b"]
    t = (E - e * np.sin(E) - m_b[..., None]) / c["n"][..., None]
    # pin the ends exactly
    r[..., 0] = r_b
    r[..., -1] = r_i
    t[..., 0] = 0.0
    return TrajectoryProfile(
        downrange_km=r_earth * theta,
        altitude_km=r - r_earth,
        time_s=t,
        x_km=r * np.sin(theta),
        y_km=r * np.cos(theta) - r_earth,
        earth_radius_km=r_earth,
    )


def trajectory_profile(
    ground_range_km: Any,
    apogee_km: Any,
    *,
    burnout_altitude_km: Any = 0.0,
    powered_range_km: Any = 0.0,
    samples: int = 181,
    mu: float = MU,
    earth_radius_km: float = EARTH_RADIUS_KM,
) -> TrajectoryProfile:
    """Altitude against downrange (and time) of the arc through a reported apogee.

    Plain numbers in, arrays out: the ballistic arc that leaves the burnout
    point, tops out at ``apogee_km`` and lands ``ground_range_km`` from the
    launch site. Use it for a to-scale side view of a reported shot.

    Parameters
    ----------
    ground_range_km
        Distance from launch to impact, km.
    apogee_km
        Apogee altitude, km.
    burnout_altitude_km, powered_range_km, samples, mu, earth_radius_km
        As in :func:`profile_from_burnout`; the powered flight itself is not
        sampled (draw a line from (0, 0) to the first point).

    Returns
    -------
    TrajectoryProfile

    Examples
    --------
    >>> prof = trajectory_profile(950.0, 4475.0, samples=101)
    >>> round(float(prof.altitude_km.max())), round(float(prof.time_s[-1] / 60), 1)
    (4475, 50.3)
    """
    _, (d, ap, hb, pr) = _arrays(ground_range_km, apogee_km, burnout_altitude_km, powered_range_km)
    est = lofted_test_range(
        ap,
        d,
        burnout_altitude_km=hb,
        powered_range_km=pr,
        band_pct=0.0,
        sig_figs=2,
        mu=mu,
        earth_radius_km=earth_radius_km,
    )
    return profile_from_burnout(
        est.burnout_speed_km_s,
        est.burnout_flight_path_angle_deg,
        burnout_altitude_km=hb,
        powered_range_km=pr,
        samples=samples,
        mu=mu,
        earth_radius_km=earth_radius_km,
    )


# --------------------------------------------------------------------------- Earth rotation


@dataclass(frozen=True)
class RotatingRange:
    """Result of :func:`rotating_range`.

    Attributes
    ----------
    distance_km
        Great-circle distance from the launch site to the Earth-fixed impact
        point, km (``inf`` when orbital).
    bearing_deg
        Initial bearing of that great circle from the launch site, degrees
        clockwise from north.
    impact_lat_deg, impact_dlon_deg
        Impact latitude and longitude east of the launch site, degrees (sphere).
    launch_azimuth_deg
        Direction of the ground-relative burnout velocity, degrees.
    flight_path_angle_deg
        Burnout angle used (the range-maximising one unless given).
    time_s
        Free-flight time, s.
    is_global
        True when the inertial burnout speed could reach any point on Earth
        (at or above circular speed for a surface burnout); the distance is
        then ``inf``.
    rotation_applied
        Whether the Earth's rotation was included.
    """

    distance_km: FloatOrArray
    bearing_deg: FloatOrArray
    impact_lat_deg: FloatOrArray
    impact_dlon_deg: FloatOrArray
    launch_azimuth_deg: FloatOrArray
    flight_path_angle_deg: FloatOrArray
    time_s: FloatOrArray
    is_global: BoolOrArray
    rotation_applied: bool


def _rotating_eval(
    v: npt.NDArray[np.float64],
    az: npt.NDArray[np.float64],
    lat: npt.NDArray[np.float64],
    gamma: npt.NDArray[np.float64],
    r_b: npt.NDArray[np.float64],
    r_i: npt.NDArray[np.float64],
    mu: float,
    omega: float,
) -> dict[str, npt.NDArray[Any]]:
    """Earth-fixed impact of an Earth-relative burnout state (angles in radians)."""
    cl, sl = np.cos(lat), np.sin(lat)
    cg, sg = np.cos(gamma), np.sin(gamma)
    # local frame at the launch site (longitude 0): up, east, north
    up = np.stack([cl, np.zeros_like(cl), sl])
    east = np.stack([np.zeros_like(cl), np.ones_like(cl), np.zeros_like(cl)])
    north = np.stack([-sl, np.zeros_like(cl), cl])
    v_e = v * cg * np.sin(az) + omega * r_b * cl  # ω × r adds eastward speed
    v_n = v * cg * np.cos(az)
    v_u = v * sg
    v_h = np.hypot(v_e, v_n)
    speed_i = np.hypot(v_h, v_u)
    gamma_i = np.arctan2(v_u, v_h)
    core = _kepler_core(speed_i, gamma_i, r_b, r_i, mu)
    # global: this inertial speed could reach any range angle at some elevation
    met_global = _met_reach(speed_i, r_b, r_i, mu)[2]
    psi = np.where(core["orbital"], 0.0, core["psi"])
    t = np.where(core["orbital"], 0.0, core["t"])
    with np.errstate(invalid="ignore", divide="ignore"):
        # horizontal direction of travel (falls back to the launch azimuth when vertical)
        fe = np.where(v_h > 0, v_e / np.where(v_h > 0, v_h, 1.0), np.sin(az))
        fn = np.where(v_h > 0, v_n / np.where(v_h > 0, v_h, 1.0), np.cos(az))
    h_hat = fe * east + fn * north
    imp = np.cos(psi) * up + np.sin(psi) * h_hat
    rot = -omega * t  # the Earth turns east under the flight
    x = imp[0] * np.cos(rot) - imp[1] * np.sin(rot)
    y = imp[0] * np.sin(rot) + imp[1] * np.cos(rot)
    z = imp[2]
    imp_f = np.stack([x, y, z])
    cosd = np.sum(imp_f * up, axis=0)
    sind = np.linalg.norm(np.cross(up, imp_f, axis=0), axis=0)
    dist = np.arctan2(sind, cosd)
    bearing = (
        np.degrees(np.arctan2(np.sum(imp_f * east, axis=0), np.sum(imp_f * north, axis=0))) % 360.0
    )
    return {
        "dist": np.where(core["orbital"], np.inf, dist),
        "global": core["orbital"] | met_global,
        "bearing": bearing,
        "lat": np.degrees(np.arcsin(np.clip(z, -1.0, 1.0))),
        "dlon": np.degrees(np.arctan2(y, x)),
        "t": np.where(core["orbital"], np.inf, t),
        "orbital": core["orbital"],
    }


def _golden_max(
    f: Callable[[npt.NDArray[np.float64]], npt.NDArray[np.float64]],
    lo: npt.NDArray[np.float64],
    hi: npt.NDArray[np.float64],
    iterations: int = 60,
) -> npt.NDArray[np.float64]:
    """Elementwise golden-section search for the maximum of a unimodal ``f``."""
    a, b = lo.copy(), hi.copy()
    c = b - _GOLDEN * (b - a)
    d = a + _GOLDEN * (b - a)
    fc, fd = f(c), f(d)
    for _ in range(iterations):
        left = fc >= fd
        a = np.where(left, a, c)
        b = np.where(left, d, b)
        new = np.where(left, b - _GOLDEN * (b - a), a + _GOLDEN * (b - a))
        fn = f(new)
        c, d, fc, fd = (
            np.where(left, new, d),
            np.where(left, c, new),
            np.where(left, fn, fd),
            np.where(left, fc, fn),
        )
    return 0.5 * (a + b)


def rotating_range(
    speed_km_s: Any,
    azimuth_deg: Any,
    latitude_deg: Any,
    *,
    flight_path_angle_deg: Any = None,
    burnout_altitude_km: Any = 0.0,
    powered_range_km: Any = 0.0,
    toward_bearing: bool = False,
    rotating: bool = True,
    mu: float = MU,
    earth_radius_km: float = EARTH_RADIUS_KM,
    omega: float = OMEGA,
) -> RotatingRange:
    """Range of a burnout speed in a launch direction, over a rotating Earth.

    The burnout speed is relative to the ground, so the inertial velocity is
    v_rel + ω × r (up to 465 m/s eastward at the equator). The Kepler arc is
    flown in the inertial frame; the impact point is then turned back by
    −ω·t_ff (the target moved east during the flight) and the great-circle
    distance and bearing are measured from the launch site, on the sphere.

    Parameters
    ----------
    speed_km_s
        Burnout speed relative to the rotating Earth, km/s.
    azimuth_deg
        Degrees clockwise from north: the launch azimuth (direction of the
        ground-relative velocity), or with ``toward_bearing`` the bearing of
        the target from the launch site.
    latitude_deg
        Launch latitude, degrees, taken as geocentric on the sphere (the
        geodetic/geocentric difference is < 0.2°).
    flight_path_angle_deg
        Burnout flight-path angle; by default the angle that maximises the
        distance (found by golden-section search, per element).
    burnout_altitude_km
        Burnout altitude, km; burnout is taken above the launch site.
    powered_range_km
        Added to the distance along the same bearing.
    toward_bearing
        If True, find the launch azimuth whose Earth-fixed impact lies on the
        great circle of bearing ``azimuth_deg`` ("range toward a target"),
        by fixed-point iteration on the azimuth. Without rotation the two
        readings agree.
    rotating
        Set False to get the non-rotating answer (ω = 0) from the same code.
    mu, earth_radius_km, omega
        Sphere and rotation rate (rad/s).

    Returns
    -------
    RotatingRange

    Examples
    --------
    From 40.6° N, with the speed that reaches 10,400 km on a non-rotating Earth:

    >>> v = minimum_energy_trajectory(10_400.0).speed_km_s
    >>> r = rotating_range(v, [90.0, 0.0, 270.0], 40.6, toward_bearing=True)
    >>> [round(float(d), -1) for d in r.distance_km]
    [12350.0, 10180.0, 9280.0]
    """
    scalar, (v, az, lat, hb, pr) = _arrays(
        speed_km_s, azimuth_deg, latitude_deg, burnout_altitude_km, powered_range_km
    )
    _check(v >= 0, "speed_km_s", v, "a number ≥ 0 (inf allowed)", "speed must be ≥ 0 km/s")
    _check(np.abs(lat) <= 90.0, "latitude_deg", lat, "-90 to 90 degrees", "latitude out of range")
    _check(
        np.isfinite(az), "azimuth_deg", az, "a finite number of degrees", "azimuth must be finite"
    )
    r_b, r_i = _radii(earth_radius_km, hb, 0.0)
    r_i = np.broadcast_to(r_i, r_b.shape)
    w = omega if rotating else 0.0
    latr = np.radians(lat)
    target = np.mod(az, 360.0)

    def solve(az_deg: npt.NDArray[np.float64]) -> tuple[npt.NDArray[np.float64], dict[str, Any]]:
        azr = np.radians(az_deg)
        if flight_path_angle_deg is None:

            def score(g: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
                return _rotating_eval(v, azr, latr, g, r_b, r_i, mu, w)["dist"]

            gamma = _golden_max(
                score, np.full_like(v, np.radians(0.01)), np.full_like(v, np.radians(89.9))
            )
        else:
            gamma = np.radians(
                np.broadcast_to(np.asarray(flight_path_angle_deg, dtype=float), v.shape)
            )
        return gamma, _rotating_eval(v, azr, latr, gamma, r_b, r_i, mu, w)

    launch = target.copy()
    gamma, res = solve(launch)
    if toward_bearing and w != 0.0:
        for _ in range(25):
            miss = np.where(res["orbital"], 0.0, (res["bearing"] - target + 180.0) % 360.0 - 180.0)
            if np.all(np.abs(miss) < 1e-7):
                break
            launch = launch - miss
            gamma, res = solve(launch)
    glob = res["global"]
    dist = np.where(glob, np.inf, earth_radius_km * res["dist"] + pr)
    return RotatingRange(
        distance_km=_out(scalar, dist),
        bearing_deg=_out(scalar, res["bearing"]),
        impact_lat_deg=_out(scalar, res["lat"]),
        impact_dlon_deg=_out(scalar, res["dlon"]),
        launch_azimuth_deg=_out(scalar, np.mod(launch, 360.0)),
        flight_path_angle_deg=_out(scalar, np.degrees(gamma)),
        time_s=_out(scalar, res["t"]),
        is_global=_out(scalar, glob),
        rotation_applied=bool(rotating),
    )


@dataclass(frozen=True)
class CapabilityRing:
    """Result of :func:`capability_ring`: the reach of a burnout speed from a site.

    Attributes
    ----------
    lon_deg, lat_deg
        Ring points, one per launch azimuth (NaN where ``is_global``).
    distance_km, bearing_deg
        Great-circle distance and bearing of each point from the site.
    azimuth_deg
        Bearings (or launch azimuths, see ``toward_bearing``), 0..360; the
        last point closes the ring.
    is_global
        Per point: the speed is orbital in that direction.
    rotation_applied
        Whether the Earth's rotation was included.
    placement
        How distance and bearing were turned into lon/lat: ``"wgs84"``
        (pyproj ``Geod(ellps="WGS84").fwd``) or ``"sphere"``.
    """

    lon_deg: npt.NDArray[np.float64]
    lat_deg: npt.NDArray[np.float64]
    distance_km: npt.NDArray[np.float64]
    bearing_deg: npt.NDArray[np.float64]
    azimuth_deg: npt.NDArray[np.float64]
    is_global: npt.NDArray[np.bool_]
    rotation_applied: bool
    placement: str


def capability_ring(
    lon_deg: float,
    lat_deg: float,
    speed_km_s: float,
    *,
    n_azimuths: int = 73,
    burnout_altitude_km: float = 0.0,
    toward_bearing: bool = True,
    rotating: bool = True,
    placement: Literal["wgs84", "sphere"] = "wgs84",
    mu: float = MU,
    earth_radius_km: float = EARTH_RADIUS_KM,
    omega: float = OMEGA,
) -> CapabilityRing:
    """Ring of maximum-range impact points around a launch site.

    For each bearing from 0 to 360° the range-maximising shot toward that
    bearing is flown with :func:`rotating_range`. With rotation the ring is
    not a circle: it bulges east and shrinks west.

    Parameters
    ----------
    lon_deg, lat_deg
        Launch site, degrees.
    speed_km_s
        Burnout speed relative to the ground, km/s.
    n_azimuths
        Number of ring points, including the closing point (≥ 4).
    burnout_altitude_km, toward_bearing, rotating, mu, earth_radius_km, omega
        As in :func:`rotating_range`; with ``toward_bearing`` (default) the
        points are evenly spaced in bearing, otherwise in launch azimuth.
    placement
        ``"wgs84"`` (default) places each point at the spherical distance and
        bearing along a WGS84 geodesic with pyproj, like trajgeo's range
        rings; ``"sphere"`` returns the spherical impact point itself.

    Returns
    -------
    CapabilityRing

    Examples
    --------
    >>> v = minimum_energy_trajectory(10_400.0).speed_km_s
    >>> ring = capability_ring(124.7, 40.0, v, n_azimuths=9)
    >>> ring.lon_deg.shape, bool(ring.distance_km[2] > ring.distance_km[6])
    ((9,), True)
    """
    if n_azimuths < 4:
        raise InputError(
            "a ring needs at least 4 points",
            field="n_azimuths",
            value=n_azimuths,
            allowed="an integer ≥ 4",
        )
    if placement not in ("wgs84", "sphere"):
        raise InputError(
            "unknown placement", field="placement", value=placement, allowed=("wgs84", "sphere")
        )
    az = np.linspace(0.0, 360.0, n_azimuths)
    res = rotating_range(
        speed_km_s,
        az,
        lat_deg,
        burnout_altitude_km=burnout_altitude_km,
        toward_bearing=toward_bearing,
        rotating=rotating,
        mu=mu,
        earth_radius_km=earth_radius_km,
        omega=omega,
    )
    dist = np.asarray(res.distance_km, dtype=float)
    brg = np.asarray(res.bearing_deg, dtype=float)
    glob = np.asarray(res.is_global, dtype=bool)
    if placement == "sphere":
        lon = (lon_deg + np.asarray(res.impact_dlon_deg) + 180.0) % 360.0 - 180.0
        lat = np.asarray(res.impact_lat_deg, dtype=float).copy()
    else:
        from pyproj import Geod

        finite = np.where(glob, 0.0, dist)
        lon, lat, _ = Geod(ellps="WGS84").fwd(
            np.full_like(dist, lon_deg), np.full_like(dist, lat_deg), brg, finite * 1000.0
        )
        lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    lon = np.where(glob, np.nan, lon)
    lat = np.where(glob, np.nan, lat)
    return CapabilityRing(
        lon_deg=lon,
        lat_deg=lat,
        distance_km=dist,
        bearing_deg=brg,
        azimuth_deg=az,
        is_global=glob,
        rotation_applied=bool(rotating),
        placement=placement,
    )
