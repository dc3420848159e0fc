"""Vacuum Kepler free flight over a spherical Earth: the building blocks.

Free flight from a burnout state (:func:`free_flight`), the flight-path
angles that join two points (:func:`flight_path_angles`) and the
minimum-energy trajectory for a range (:func:`minimum_energy_trajectory`,
:func:`minimum_energy_reach`).

The model is vacuum Kepler free flight after burnout, over a spherical Earth
of radius :data:`EARTH_RADIUS_KM` with gravitational parameter :data:`MU`.
Every public function is vectorized: arguments may be scalars or numpy arrays
that broadcast against each other, and results hold Python floats for scalar
input and arrays otherwise. Orbital or escaping states never give NaN: their
range, distance and time are ``inf`` and a boolean flag says so. Units are in
the names (``_km``, ``_km_s``, ``_deg``, ``_s``, ``_min``). Formulas and check
values: Bate, Mueller & White, *Fundamentals of Astrodynamics* (1971), ch. 6;
Wheelon (1959); Battin (1987) for the minimum-energy (Lambert) ellipse.

Examples
--------
>>> met = minimum_energy_trajectory(10_000.0)
>>> round(met.speed_km_s, 3), round(met.apogee_km)
(7.198, 1319)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from trajgeo.errors import InputError

__all__ = [
    "EARTH_RADIUS_KM",
    "MU",
    "OMEGA",
    "FlightPathAngles",
    "FreeFlight",
    "MinimumEnergyReach",
    "MinimumEnergyTrajectory",
    "flight_path_angles",
    "free_flight",
    "minimum_energy_reach",
    "minimum_energy_trajectory",
]

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


#: Elements per block of :func:`_blockwise`: its temporaries stay in the CPU's cache.
BLOCK = 16_384


def _blockwise(
    fn: Callable[..., tuple[npt.NDArray[Any], ...]], *arrays: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[Any], ...]:
    """Run the elementwise ``fn`` on blocks of the same-shape ``arrays``; join its outputs.

    A closed form over a million elements makes dozens of million-element
    temporaries, each a fresh allocation that misses the cache; on blocks of
    :data:`BLOCK` elements the same arithmetic runs about a third faster, with
    bit-for-bit the same results (every step is elementwise).
    """
    shape = arrays[0].shape
    flat = [a.reshape(-1) for a in arrays]
    n = flat[0].size
    if n <= BLOCK:
        return tuple(np.reshape(x, shape) for x in fn(*flat))
    first = fn(*(a[:BLOCK] for a in flat))
    outs = [np.empty(n, dtype=x.dtype) for x in first]
    for out, x in zip(outs, first, strict=True):
        out[:BLOCK] = x
    for start in range(BLOCK, n, BLOCK):
        part = slice(start, start + BLOCK)
        for out, x in zip(outs, fn(*(a[part] for a in flat)), strict=True):
            out[part] = x
    return tuple(out.reshape(shape) for out in outs)


def _where(mask: npt.NDArray[np.bool_], x: Any, y: Any) -> npt.NDArray[Any]:
    """``np.where(mask, x, y)``, without its pass over the data when ``mask`` is uniform.

    Most states in a batch are alike (none orbital, none escaping): then one
    operand is the answer as it stands, the same values ``np.where`` would copy.
    """
    if isinstance(y, np.ndarray) and y.shape == mask.shape and not mask.any():
        return y
    if isinstance(x, np.ndarray) and x.shape == mask.shape and mask.all():
        return x
    return np.where(mask, x, y)


def _turn_negative(angle: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Angles from atan2 (-π..π) as 0..2π: 2π added to the negative ones only."""
    negative = angle < 0.0
    return np.where(negative, angle + _TWO_PI, angle) if negative.any() else angle


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


def _check_body(mu: Any, earth_radius_km: Any) -> None:
    """Refuse a gravitational parameter or Earth radius that is not a positive finite number.

    ``mu=0`` had given infinite ranges and a negative radius negative ones.
    """
    from trajgeo._checks import number

    number(mu, "mu", low=0.0, above=True, allowed="km³/s², above 0 (Earth: 398,600.4418)")
    number(earth_radius_km, "earth_radius_km", low=0.0, above=True, allowed="km, above 0")


def _check_angle(gdeg: npt.NDArray[np.float64]) -> None:
    """Refuse a flight-path angle beyond ±90 degrees."""
    _check(
        np.abs(gdeg) <= 90.0,
        "flight_path_angle_deg",
        gdeg,
        "-90 to 90 degrees",
        "flight-path angle out of range",
    )


def _check_powered_range(pr: Any) -> None:
    """Refuse a powered range that is not a finite number ≥ 0 km."""
    _check(
        np.isfinite(pr) & (pr >= 0),
        "powered_range_km",
        pr,
        "a finite number ≥ 0",
        "powered range must be ≥ 0 km",
    )


def _radii(
    r_earth: float,
    burnout_altitude_km: Any,
    impact_altitude_km: Any = 0.0,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    hb = np.asarray(burnout_altitude_km, dtype=float)
    hi = np.asarray(impact_altitude_km, dtype=float)
    _check_altitudes(hb, hi)
    return r_earth + hb, r_earth + hi


def _check_altitudes(hb: npt.NDArray[np.float64], hi: npt.NDArray[np.float64]) -> None:
    """Refuse burnout and impact altitudes below 0 km, not finite, or impact above burnout."""
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


#: What :func:`_kepler_core` can return, by the part of the computation each needs.
_ANGLE_KEYS = frozenset({"psi", "nu_b"})
_TIME_KEYS = frozenset({"t", "E_b", "E_i", "esin_b", "n"})
_APOGEE_KEYS = frozenset({"r_top"})


def _kepler_core(
    v: npt.NDArray[np.float64],
    gamma: npt.NDArray[np.float64],
    r_b: npt.NDArray[np.float64],
    r_i: npt.NDArray[np.float64],
    mu: float,
    want: frozenset[str] | None = None,
) -> dict[str, npt.NDArray[Any]]:
    """Free flight from burnout radius ``r_b`` to the descending crossing of ``r_i``.

    All quantities are arrays of one shape; ``gamma`` is in radians. Uses only
    atan2 forms and squared sines written without cancellation, so that
    near-vertical (e → 1) and grazing states stay finite. ``want`` names the
    outputs needed (default all); the parts of the computation that none of
    them needs are skipped, with the same arithmetic for the rest.
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
        a = r_b / (2.0 - q)
        out: dict[str, npt.NDArray[Any]] = {"orbital": orbital, "e": e, "a": a, "p": p}
        if want is None or want & _ANGLE_KEYS:
            out.update(_kepler_angle(q, cg, sg, qc2, r_b, r_i, orbital))
        if want is None or want & _APOGEE_KEYS:
            # apogee: on the path only for an ascending burnout
            r_apo = _where(escape, np.inf, a * (1.0 + e))
            out["r_top"] = np.maximum(_where(gamma >= 0.0, r_apo, r_b), r_b)
        if want is None or want & _TIME_KEYS:
            out.update(_kepler_time(v, sg, r_b, r_i, p, a, escape, orbital, mu))
    return out


def _kepler_angle(
    q: Any, cg: Any, sg: Any, qc2: Any, r_b: Any, r_i: Any, orbital: Any
) -> dict[str, npt.NDArray[Any]]:
    """Range angle ψ of :func:`_kepler_core`: true anomaly at burnout and at impact."""
    # true anomaly at burnout (0..2π) and at the descending crossing of r_i (π..2π)
    nu_b = np.arctan2(q * sg * cg, qc2 - 1.0)
    nu_b = _turn_negative(nu_b)
    k = r_b / r_i
    # (e sin ν_i)^2 / cos^2γ, expanded so that e ≈ 1 does not cancel
    disc = np.maximum(q * (q - 2.0) + 2.0 * q * k - q * q * cg * cg * k * k, 0.0)
    esin_i = -np.abs(cg) * np.sqrt(disc)
    nu_i = _TWO_PI + np.arctan2(-np.abs(esin_i), k * qc2 - 1.0)
    psi = nu_i - nu_b
    return {"psi": _where(orbital, np.inf, np.maximum(psi, 0.0)), "nu_b": nu_b}


def _kepler_time(
    v: Any, sg: Any, r_b: Any, r_i: Any, p: Any, a: Any, escape: Any, orbital: Any, mu: float
) -> dict[str, npt.NDArray[Any]]:
    """Time of flight of :func:`_kepler_core`, from Kepler's equation."""
    # eccentric anomaly from r and r·ṙ
    a_safe = _where(escape, 1.0, a)
    sqrt_mua = np.sqrt(mu * a_safe)
    ecos_b = 1.0 - r_b / a_safe
    esin_b = r_b * v * sg / sqrt_mua
    ecos_i = 1.0 - r_i / a_safe
    esin_i2 = np.maximum((2.0 * r_i - p - r_i * r_i / a_safe) / a_safe, 0.0)
    esin_iE = -np.sqrt(esin_i2)
    E_b = np.arctan2(esin_b, ecos_b)
    E_b = _turn_negative(E_b)
    E_i = _TWO_PI + np.arctan2(-np.abs(esin_iE), ecos_i)
    E_i = np.maximum(E_i, E_b)
    n = np.sqrt(mu / a_safe**3)
    t = ((E_i - esin_iE) - (E_b - esin_b)) / n
    t = _where(orbital, np.inf, np.maximum(t, 0.0))
    return {"t": t, "E_b": E_b, "E_i": E_i, "esin_b": esin_b, "n": n}


def _surface_distance(angle: npt.NDArray[np.float64], r_earth: float) -> npt.NDArray[np.float64]:
    """Great-circle distance for a travelled angle (saturates at πR; inf stays inf)."""
    with np.errstate(invalid="ignore"):
        wrapped = np.mod(angle, _TWO_PI)
        d = r_earth * np.minimum(wrapped, _TWO_PI - wrapped)
    return _where(np.isinf(angle), np.inf, d)


# --------------------------------------------------------------------------- free flight


class _FlightTime:
    """Gives a result with ``time_s`` its :attr:`time_min`."""

    time_s: FloatOrArray

    @property
    def time_min(self) -> FloatOrArray:
        """Free-flight time in minutes."""
        return self.time_s / 60.0


@dataclass(frozen=True)
class FreeFlight(_FlightTime):
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
    _check_body(mu, earth_radius_km)
    scalar, (v, gdeg, hb, hi, pr) = _arrays(
        speed_km_s, flight_path_angle_deg, burnout_altitude_km, impact_altitude_km, powered_range_km
    )
    _check(v >= 0, "speed_km_s", v, "a number ≥ 0 (inf allowed)", "speed must be ≥ 0 km/s")
    _check_angle(gdeg)
    _check_powered_range(pr)
    _check_altitudes(hb, hi)

    def block(*args: npt.NDArray[np.float64]) -> tuple[npt.NDArray[Any], ...]:
        v, gdeg, hb, hi, pr = args
        r_earth = earth_radius_km
        c = _kepler_core(v, np.radians(gdeg), r_earth + hb, r_earth + hi, mu)
        total = c["psi"] + pr / r_earth
        return (
            np.degrees(c["psi"]),
            r_earth * total,
            _surface_distance(total, r_earth),
            c["r_top"] - r_earth,
            c["t"],
            c["orbital"],
            c["e"],
            c["a"],
        )

    out = [_out(scalar, x) for x in _blockwise(block, v, gdeg, hb, hi, pr)]
    return FreeFlight(*out)


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
    _check_body(mu, earth_radius_km)
    scalar, (v, d, hb, hi, pr) = _arrays(
        speed_km_s, range_km, burnout_altitude_km, impact_altitude_km, powered_range_km
    )
    # a negative or NaN speed had given NaN angles, "unreachable", with no error
    _check(v >= 0, "speed_km_s", v, "a number ≥ 0 (inf allowed)", "speed must be ≥ 0 km/s")
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
            c = _kepler_core(v, np.radians(gg), r_b, r_i, mu, want=_ANGLE_KEYS)
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
class MinimumEnergyTrajectory(_FlightTime):
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
    _check_body(mu, earth_radius_km)
    scalar, (d, hb, hi, pr) = _arrays(
        range_km, burnout_altitude_km, impact_altitude_km, powered_range_km
    )
    _check_altitudes(hb, hi)
    psi = (d - pr) / earth_radius_km
    _check(
        np.isfinite(psi) & (psi > 0) & (psi <= math.pi + 1e-12),
        "range_km",
        d,
        f"more than the powered range and at most {math.pi * earth_radius_km:,.0f} km",
        "range out of domain",
    )

    def block(*args: npt.NDArray[np.float64]) -> tuple[npt.NDArray[Any], ...]:
        psi, hb, hi = args
        return _met_block(psi, hb, hi, mu, earth_radius_km)

    gamma_deg, v, apogee, t, a, e = _blockwise(block, psi, hb, hi)
    return MinimumEnergyTrajectory(
        range_km=_out(scalar, d),
        flight_path_angle_deg=_out(scalar, gamma_deg),
        speed_km_s=_out(scalar, v),
        apogee_km=_out(scalar, apogee),
        time_s=_out(scalar, t),
        semi_major_axis_km=_out(scalar, a),
        eccentricity=_out(scalar, e),
    )


def _met_block(
    psi: npt.NDArray[np.float64],
    hb: npt.NDArray[np.float64],
    hi: npt.NDArray[np.float64],
    mu: float,
    r_earth: float,
) -> tuple[npt.NDArray[Any], ...]:
    """γ*, speed, apogee radius less R, time, a and e of the minimum-energy ellipse.

    The ellipse is fixed by its two ends, so it needs no general free-flight
    solution: with x = r_b − r_i cos Ψ and y = r_i sin Ψ the chord is
    c = √(x² + y²), tan 2γ* = y/x, p = r_b r_i (1 − cos Ψ)/c and
    e² = 1 − p/a (Battin 1987, §7.4); the time is :func:`_rise_fall_time`,
    from burnout to the descending crossing of r_i. The
    ellipse meets r_i by construction, so the time is always finite; at Ψ = π
    the impact is the perigee (or, from the surface, the ellipse a circle) and
    the time is the limit of the times before it.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        r_b, r_i = r_earth + hb, r_earth + hi
        cos_psi = np.cos(psi)
        x = r_b - r_i * cos_psi
        y = r_i * np.sin(psi)
        c = np.sqrt(x * x + y * y)
        a = (r_b + r_i + c) * 0.25
        v = np.sqrt(np.maximum(mu * (2.0 / r_b - 1.0 / a), 0.0))
        gamma = 0.5 * np.arctan2(y, x)
        p = r_b * r_i * (1.0 - cos_psi) / c
        e = np.sqrt(np.maximum(1.0 - p / a, 0.0))
        # a circle (surface to antipode) has no eccentric anomaly: Ψ/n
        t = _where(e > 0.0, _rise_fall_time(a, e, r_b, r_i, mu), psi * a * np.sqrt(a / mu))
        apogee = np.maximum(a * (1.0 + e), r_b) - r_earth
    return np.degrees(gamma), v, apogee, t, a, e


def _rise_fall_time(
    a: npt.NDArray[np.float64],
    e: npt.NDArray[np.float64],
    r_b: Any,
    r_i: Any,
    mu: float,
) -> npt.NDArray[np.float64]:
    """Return the time (s) on the ellipse (``a``, ``e`` > 0) from ``r_b`` rising to ``r_i`` falling.

    With the apogee between the two ends, Kepler's equation needs only cos E
    at each: cos E = (1 − r/a)/e, E_b in [0, π] and E_i in [π, 2π]. For the
    minimum-energy ellipse and a lofted test's, both known from their ends.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        cos_b = np.clip((1.0 - r_b / a) / e, -1.0, 1.0)
        cos_i = np.clip((1.0 - r_i / a) / e, -1.0, 1.0)
        esin_b = e * np.sqrt(1.0 - cos_b * cos_b)
        esin_i = e * np.sqrt(1.0 - cos_i * cos_i)
        turn = (_TWO_PI - np.arccos(cos_i) + esin_i) - (np.arccos(cos_b) - esin_b)
        return np.maximum(turn * a * np.sqrt(a / mu), 0.0)


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


def _met_reach_angle(
    v: npt.NDArray[np.float64],
    r_b: npt.NDArray[np.float64],
    r_i: npt.NDArray[np.float64],
    mu: float,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """Range angle (rad, before the global ones are set to inf) and global flag of the MET."""
    with np.errstate(divide="ignore", invalid="ignore"):
        inv_a = 2.0 / r_b - v * v / mu
        a = np.where(inv_a > 0, 1.0 / np.where(inv_a > 0, inv_a, 1.0), np.inf)
        c = 4.0 * a - r_b - r_i
        glob = (inv_a <= 0) | (c >= r_b + r_i)
        c = np.where(glob, r_b + r_i, c)
        s = np.sqrt(np.maximum(c * c - (r_b - r_i) ** 2, 0.0))  # 2 sqrt(r_b r_i) sin(Ψ/2)
        co = np.sqrt(np.maximum((r_b + r_i) ** 2 - c * c, 0.0))  # 2 sqrt(r_b r_i) cos(Ψ/2)
        psi = 2.0 * np.arctan2(s, co)
    return psi, glob


def _met_reach(
    v: npt.NDArray[np.float64],
    r_b: npt.NDArray[np.float64],
    r_i: npt.NDArray[np.float64],
    mu: float,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """Range angle, γ* and global flag of the MET reachable with speed ``v``."""
    psi, glob = _met_reach_angle(v, r_b, r_i, mu)
    gamma = _met_gamma(psi, glob, r_b, r_i)
    return np.where(glob, np.inf, psi), gamma, glob


def _met_gamma(
    psi: npt.NDArray[np.float64],
    glob: npt.NDArray[np.bool_],
    r_b: npt.NDArray[np.float64],
    r_i: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """Return the optimum burnout angle γ* (rad) for a range angle; 0 when global."""
    with np.errstate(divide="ignore", invalid="ignore"):
        gamma = 0.5 * np.arctan2(r_i * np.sin(psi), r_b - r_i * np.cos(psi))
    return np.where(glob, 0.0, gamma)


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
    _check_body(mu, earth_radius_km)
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
