"""Lofted tests: the range a missile flown steeply would reach on a normal trajectory.

:func:`lofted_test_range` turns a reported apogee and ground distance into the
burnout speed and the equivalent minimum-energy range; :func:`check_report`
says whether a reported flight time fits them; :func:`round_significant` and
:func:`significant_figures` keep results to the precision of the reports.

Examples
--------
>>> est = lofted_test_range(4475.0, 950.0)   # Hwasong-15, 29 Nov 2017
>>> est.range_rounded_km, est.band_rounded_km
(10000.0, (9400.0, 11000.0))
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np
import numpy.typing as npt

from trajgeo.physics.kepler import (
    EARTH_RADIUS_KM,
    MU,
    BoolOrArray,
    FloatOrArray,
    _arrays,
    _blockwise,
    _check,
    _check_body,
    _check_powered_range,
    _met_gamma,
    _met_reach_angle,
    _out,
    _radii,
    _rise_fall_time,
)

__all__ = [
    "LoftedEstimate",
    "ReportCheck",
    "check_report",
    "lofted_test_range",
    "round_significant",
    "significant_figures",
]

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


def _lofted_speed(
    apogee_km: npt.NDArray[np.float64],
    psi: npt.NDArray[np.float64],
    r_b: npt.NDArray[np.float64],
    r_earth: float,
    mu: float,
) -> tuple[npt.NDArray[np.float64], ...]:
    """Burnout speed, semi-latus rectum, axis and eccentricity of the arcs through apogees.

    The first axis holds the three apogees.

    ``psi`` and ``r_b`` are shared by the three apogees and broadcast against
    them, so what depends on them alone (cos Ψ/2, 2/r_b) is computed once.
    """
    r_a = r_earth + apogee_km
    e = _lofted_orbit(r_a, psi, r_b, np.full_like(r_b, r_earth))
    a = r_a / (1.0 + e)
    p = r_a * (1.0 - e)
    return np.sqrt(np.maximum(mu * (2.0 / r_b - 1.0 / a), 0.0)), p, a, e


def _burnout_angle(
    v: npt.NDArray[np.float64], p: npt.NDArray[np.float64], r_b: npt.NDArray[np.float64], mu: float
) -> npt.NDArray[np.float64]:
    """Return the burnout flight-path angle (rad) of the arc of speed ``v`` and rectum ``p``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        cosg = np.clip(np.sqrt(mu * p) / (r_b * v), 0.0, 1.0)
    # the burnout is on the way up (the apogee lies between burnout and impact)
    return np.arccos(np.where(v > 0, cosg, 0.0))


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


def _significant_figures_of(x: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    """:func:`significant_figures` of every element of a float array, vectorised.

    Whole numbers are counted with integer arithmetic; the others by the
    shortest decimal that reads back as the same float (what ``repr`` writes).
    """
    shape = np.shape(x)
    x = np.asarray(x, dtype=float).ravel()
    out = np.ones(x.shape, dtype=np.int64)
    finite = np.isfinite(x)
    whole = finite & (np.floor(x) == x) & (np.abs(x) < 1e16)
    out[whole] = _digits_without_trailing_zeros(np.abs(x[whole]).astype(np.int64))
    rest = np.nonzero(finite & ~whole)[0]
    if len(rest):
        out[rest] = _shortest_digits(x[rest])
    return out.reshape(shape)


def _shortest_digits(x: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    """Digits in the shortest decimal that reads back as ``x`` (as ``repr`` writes it).

    A k-digit decimal that reads back means a (k+1)-digit one does too, so
    k is found by bisection between 0 and 17 (17 always reads back). The
    k-digit decimals either side of ``x`` are rebuilt as an integer times or
    over an exact power of ten, one correctly rounded operation, so the
    nearest double; where that cannot be exact Python counts instead.
    """
    with np.errstate(all="ignore"):
        lg = np.log10(np.abs(x))
        mag = np.floor(lg)
        lo = np.zeros(x.shape, dtype=np.int64)
        hi = np.full(x.shape, 17, dtype=np.int64)
        # log10 rounds (0.09999999999999999 gives -1): next to a power of ten, Python counts
        python = np.abs(lg - np.round(lg)) < 1e-9
        while True:
            todo = np.nonzero((hi - lo > 1) & ~python)[0]
            if not len(todo):
                break
            k = (lo[todo] + hi[todo]) // 2
            xs, e = x[todo], mag[todo] - k + 1
            p10 = 10.0 ** np.clip(np.abs(e), 0, 22)
            scaled = np.where(e >= 0, xs / p10, xs * p10)
            down, up = np.floor(scaled), np.ceil(scaled)
            python[todo] = (np.abs(e) > 22) | (np.maximum(np.abs(down), np.abs(up)) >= 2.0**53)
            back = (np.where(e >= 0, down * p10, down / p10) == xs) | (
                np.where(e >= 0, up * p10, up / p10) == xs
            )
            hi[todo] = np.where(back, k, hi[todo])
            lo[todo] = np.where(back, lo[todo], k)
    for i in np.nonzero(python)[0]:
        hi[i] = significant_figures(float(x[i]))
    return hi


def _digits_without_trailing_zeros(v: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    for _ in range(17):
        zero = (v % 10 == 0) & (v > 0)
        if not zero.any():
            break
        v = np.where(zero, v // 10, v)
    return 1 + sum((v >= 10**k).astype(np.int64) for k in range(1, 18))


def _check_sig_figs(s: Any) -> None:
    """Refuse a number of significant figures that is not a count (0 had read as 1)."""
    _check((s >= 1) & (s == np.floor(s)), "sig_figs", s, "a whole number ≥ 1", "not a count")


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
    # 0 or 2.5 figures had been read as 1 and 2.5
    _check_sig_figs(s)
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


def _checked_range_angle(
    ap: Any, d: Any, hb: Any, pr: Any, bp: Any, r_earth: float
) -> npt.NDArray[np.float64]:
    """Check :func:`lofted_test_range`'s inputs; return the free-flight range angle (rad)."""
    _radii(r_earth, hb)  # the burnout altitude, checked as everywhere else
    _check(
        np.isfinite(ap) & (ap > hb),
        "apogee_km",
        ap,
        "a finite number above the burnout altitude",
        "apogee must exceed the burnout altitude",
    )
    _check_powered_range(pr)
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
    return psi


def _same_energy_ranges(
    ap: Any, psi: Any, r_b: Any, r_i: Any, pr: Any, f: Any, r_earth: float, mu: float
) -> tuple[Any, ...]:
    """Burnout state and flight time of the nominal apogee; minimum-energy ranges of all three.

    The low and high apogee need only their speed and range; the angles are the
    nominal's alone.
    """
    v, p, a, e = _lofted_speed(np.stack([ap, ap * (1 - f), ap * (1 + f)]), psi, r_b, r_earth, mu)
    g = _burnout_angle(v[0], p[0], r_b, mu)
    met_psi, glob = _met_reach_angle(v, r_b, r_i, mu)  # r_b, r_i broadcast over the three
    met_g = _met_gamma(met_psi[0], glob[0], r_b, r_i)
    rng = np.where(glob, np.inf, r_earth * met_psi + pr)
    return v[0], g, rng, met_g, glob, _rise_fall_time(a[0], e[0], r_b, r_earth, mu)


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
    _check_body(mu, earth_radius_km)
    scalar, (ap, d, hb, pr, bp) = _arrays(
        apogee_km, distance_km, burnout_altitude_km, powered_range_km, band_pct
    )
    r_earth = earth_radius_km
    psi = _checked_range_angle(ap, d, hb, pr, bp, r_earth)

    def block(*args: npt.NDArray[np.float64]) -> tuple[npt.NDArray[Any], ...]:
        ap, psi, hb, pr, bp = args
        r_b = r_earth + hb
        r_i = np.full_like(r_b, r_earth)
        v, g, rng, met_g, glob, t = _same_energy_ranges(
            ap, psi, r_b, r_i, pr, bp / 100.0, r_earth, mu
        )
        return (*rng, *glob, v, np.degrees(g), np.degrees(met_g), t)

    rng0, rng1, rng2, glob0, glob1, glob2, v0, g0, met_g0, t = _blockwise(
        block, ap, psi, hb, pr, bp
    )
    if sig_figs is None:
        sig = np.clip(np.minimum(_significant_figures_of(ap), _significant_figures_of(d)), 2, 3)
        sig_out: Any = int(sig) if scalar else sig
    else:
        _check_sig_figs(np.asarray(sig_figs, dtype=float))
        sig_out = sig_figs
    return LoftedEstimate(
        range_km=_out(scalar, rng0),
        range_low_km=_out(scalar, rng1),
        range_high_km=_out(scalar, rng2),
        is_global=_out(scalar, glob0),
        low_is_global=_out(scalar, glob1),
        high_is_global=_out(scalar, glob2),
        burnout_speed_km_s=_out(scalar, v0),
        burnout_flight_path_angle_deg=_out(scalar, g0),
        met_flight_path_angle_deg=_out(scalar, met_g0),
        free_flight_time_s=_out(scalar, t),
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
    _check_body(mu, earth_radius_km)
    from trajgeo._checks import number

    max_boost_min = number(max_boost_min, "max_boost_min", low=0, allowed="minutes, 0 or more")
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
    out = [
        _report_warnings(a_, d_, t_, f_, b_, max_boost_min)
        for a_, d_, t_, f_, b_ in zip(
            ap.ravel(), d.ravel(), tt.ravel(), tff.ravel(), boost.ravel(), strict=True
        )
    ]
    return ReportCheck(
        free_flight_time_min=_out(scalar, tff),
        implied_boost_min=_out(scalar, boost),
        warnings=out[0] if scalar else out,
    )


def _report_warnings(
    apogee_km: float,
    distance_km: float,
    flight_time_min: float,
    free_flight_min: float,
    boost_min: float,
    max_boost_min: float,
) -> tuple[str, ...]:
    """Warn when one report's flight time leaves a negative or an over-long boost."""
    w: list[str] = []
    fig = f"an apogee of {_fmt(apogee_km, 0)} km and a distance of {_fmt(distance_km, 0)} km"
    if boost_min < 0:
        w.append(
            f"The reported flight time ({_fmt(flight_time_min)} min) is shorter than the "
            f"{_fmt(free_flight_min)} min that {fig} take in free fall alone, before counting "
            "any boost. One of the three figures is probably off (an apogee or flight time "
            "from a different source, rounding, or a flight time that stops when radar "
            "lost the missile); check them before using all three."
        )
    elif boost_min > max_boost_min:
        w.append(
            f"The reported flight time ({_fmt(flight_time_min)} min) leaves {_fmt(boost_min)} "
            f"min for the boost after the {_fmt(free_flight_min)} min of free flight that "
            f"{fig} imply; boosts last about 1-{_fmt(max_boost_min, 0)} min. The apogee may be "
            "understated, the flight time may include more than one flight phase, or the "
            "figures may come from different sources."
        )
    return tuple(w)
