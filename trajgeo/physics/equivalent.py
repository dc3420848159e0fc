"""The equivalent full range of a lofted test, as ``trajgeo range`` reports it.

:func:`equivalent_range` bundles the estimate
(:func:`~trajgeo.physics.ballistics.lofted_test_range`), the optional
flight-time check, the Earth's rotation, the rounding to the precision of the
reported figures, and the warnings and assumptions a reader must see.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from trajgeo.physics import ballistics as bal

__all__ = ["LABEL", "EquivalentRange", "equivalent_range"]

#: What the number is, in the words readers should see next to it.
LABEL = (
    "same-burnout-energy estimate; ignores the larger gravity loss of a near-vertical boost, "
    "so it runs low for ICBM-class tests"
)


def _km(x: float, ndigits: int | None = None) -> float | int | str:
    """Return a JSON-friendly range: "global" for inf, else a number (an int by default)."""
    if math.isinf(x):
        return "global"
    return int(round(x)) if ndigits is None else round(x, ndigits)


@dataclass(frozen=True)
class EquivalentRange:
    """Result of :func:`equivalent_range`.

    Attributes
    ----------
    estimate
        The non-rotating :class:`~trajgeo.physics.ballistics.LoftedEstimate`.
    nominal_km, low_km, high_km
        Equivalent range and the ends of the apogee band, unrounded (rotation
        included when asked for); ``math.inf`` where the speed is orbital.
    non_rotating_km
        The nominal range without the Earth's rotation.
    range_km, band_km, non_rotating_rounded_km
        The same, rounded to the precision of the inputs; the band low to high.
    sig_figs
        Significant figures used (never more than 2 from 9,500 km up).
    flight_time_min
        The reported total flight time, if any.
    warnings, assumptions, inputs
        What the reader must be told, and what went in.
    """

    estimate: bal.LoftedEstimate
    nominal_km: float
    low_km: float
    high_km: float
    non_rotating_km: float
    range_km: float
    band_km: tuple[float, float]
    non_rotating_rounded_km: float
    sig_figs: int
    flight_time_min: float | None
    warnings: tuple[str, ...] = ()
    assumptions: dict[str, Any] = field(default_factory=dict)
    inputs: dict[str, Any] = field(default_factory=dict)

    @property
    def implied_boost_min(self) -> float | None:
        """Reported flight time less the modelled free flight, minutes."""
        if self.flight_time_min is None:
            return None
        return self.flight_time_min - float(self.estimate.free_flight_time_min)

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON object ``trajgeo range --json`` prints."""
        est: Any = self.estimate
        boost = self.implied_boost_min
        return {
            "label": LABEL,
            "met_range_km": _km(self.range_km),
            "range_band_km": [_km(self.band_km[0]), _km(self.band_km[1])],
            "met_range_km_unrounded": _km(self.nominal_km, 1),
            "non_rotating_range_km": _km(self.non_rotating_rounded_km),
            "burnout_speed_km_s": round(est.burnout_speed_km_s, 3),
            "burnout_flight_path_angle_deg": round(est.burnout_flight_path_angle_deg, 2),
            "met_flight_path_angle_deg": round(est.met_flight_path_angle_deg, 2),
            "free_flight_time_min": round(est.free_flight_time_min, 1),
            "implied_boost_min": None if boost is None else round(boost, 1),
            "warnings": list(self.warnings),
            "assumptions": self.assumptions,
            "inputs": self.inputs,
        }


def equivalent_range(
    apogee_km: float,
    distance_km: float,
    *,
    flight_time_min: float | None = None,
    burnout_altitude_km: float = 0.0,
    powered_range_km: float = 0.0,
    band_pct: float = 5.0,
    rotation: tuple[float, float] | None = None,
    sig_figs: int = 2,
) -> EquivalentRange:
    """Return the equivalent minimum-energy range of a lofted test, ready to report.

    Parameters
    ----------
    apogee_km, distance_km
        The test's reported apogee and ground distance.
    flight_time_min
        Reported total flight time (boost included), checked against the model.
    burnout_altitude_km, powered_range_km
        Assumed burnout altitude and ground distance of the boost.
    band_pct
        The apogee is lowered and raised by this percentage for the band.
    rotation
        ``(launch latitude, bearing)`` in degrees to include the Earth's
        rotation for the full-range shot; ``None`` to ignore it.
    sig_figs
        Significant figures of the reported figures (ranges from 9,500 km up
        get at most 2).

    Examples
    --------
    >>> r = equivalent_range(4475, 950, flight_time_min=53)
    >>> r.range_km, r.band_km
    (10000.0, (9400.0, 11000.0))
    """
    ap, d, h_b, pr, band = apogee_km, distance_km, burnout_altitude_km, powered_range_km, band_pct
    est: Any = bal.lofted_test_range(
        ap, d, burnout_altitude_km=h_b, powered_range_km=pr, band_pct=band
    )
    warnings: list[str] = []
    if flight_time_min is not None:
        chk = bal.check_report(ap, d, flight_time_min, burnout_altitude_km=h_b, powered_range_km=pr)
        warnings.extend(chk.warnings)
    nominal, low, high = est.range_km, est.range_low_km, est.range_high_km
    non_rotating = nominal
    if rotation is not None:
        lat, az = rotation
        rot = bal.rotating_range(
            [est.burnout_speed_km_s, *_band_speeds(ap, d, h_b, pr, band)],
            az,
            lat,
            burnout_altitude_km=h_b,
            powered_range_km=pr,
            toward_bearing=True,
        )
        nominal, low, high = (float(x) for x in np.atleast_1d(rot.distance_km))

    def rounded(x: float) -> float:
        if math.isinf(x):
            return x
        return float(bal.round_significant(x, 2 if abs(x) >= 9_500 else sig_figs))

    # The band is always shown low to high. A lower apogee gives a *longer* range when the
    # shot was flown below its minimum-energy apogee (a depressed trajectory).
    r_lo, r_hi = sorted((rounded(low), rounded(high)))
    warnings += _sensitivity_warnings(nominal, low, high, band)
    return EquivalentRange(
        estimate=est,
        nominal_km=nominal,
        low_km=low,
        high_km=high,
        non_rotating_km=non_rotating,
        range_km=rounded(nominal),
        band_km=(r_lo, r_hi),
        non_rotating_rounded_km=rounded(non_rotating),
        sig_figs=sig_figs,
        flight_time_min=flight_time_min,
        warnings=tuple(warnings),
        assumptions=_assumptions(h_b, pr, band, rotation, sig_figs),
        inputs={
            "apogee_km": ap,
            "distance_km": d,
            "flight_time_min": flight_time_min,
            "burnout_altitude_km": h_b,
            "powered_range_km": pr,
            "band_pct": band,
            "rotating": rotation is not None,
            "lat_deg": None if rotation is None else rotation[0],
            "azimuth_deg": None if rotation is None else rotation[1],
        },
    )


def _sensitivity_warnings(nominal: float, low: float, high: float, band: float) -> list[str]:
    out = []
    for end, word in ((high, "higher"), (low, "lower")):
        if math.isinf(end) and not math.isinf(nominal):
            out.append(
                f"With the apogee {band:g} % {word} the same missile could reach any point on "
                "Earth: the estimate is very sensitive to the reported apogee here."
            )
    if math.isinf(nominal):
        out.append(
            "The implied burnout speed reaches orbital speed: on a minimum-energy path this "
            "missile could reach any point on Earth. Check the apogee and distance."
        )
    return out


def _assumptions(
    h_b: float, pr: float, band: float, rotation: tuple[float, float] | None, sig: int
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "model": (
            "vacuum Kepler free flight after burnout, spherical Earth, minimum-energy trajectory"
        ),
        "mu_km3_s2": bal.MU,
        "earth_radius_km": bal.EARTH_RADIUS_KM,
        "burnout_altitude_km": h_b,
        "powered_range_km": pr,
        "band_pct": band,
        "rotation_applied": rotation is not None,
        "test_inversion_rotation_corrected": False,
        "significant_figures": sig,
    }
    if rotation is not None:
        out["omega_rad_s"] = bal.OMEGA
        out["launch_latitude_deg"] = rotation[0]
        out["bearing_deg"] = rotation[1]
    return out


def _band_speeds(ap: float, d: float, h_b: float, pr: float, band: float) -> list[float]:
    """Burnout speeds at the low and high ends of the apogee band."""
    f = band / 100.0
    lo: Any = bal.lofted_test_range(
        ap * (1 - f), d, burnout_altitude_km=h_b, powered_range_km=pr, band_pct=0.0, sig_figs=2
    )
    hi: Any = bal.lofted_test_range(
        ap * (1 + f), d, burnout_altitude_km=h_b, powered_range_km=pr, band_pct=0.0, sig_figs=2
    )
    return [lo.burnout_speed_km_s, hi.burnout_speed_km_s]
