"""``trajgeo range``: equivalent full range of a lofted test.

numpy and :mod:`trajgeo.physics.ballistics` are imported inside the command, so that
``trajgeo --help`` does not load them.
"""

from __future__ import annotations

import json
import math
from typing import Any

import click

from trajgeo.constants import HALF_MERIDIAN_KM
from trajgeo.errors import InputError

__all__ = ["range_"]

#: What the number is, in the words readers should see next to it.
LABEL = (
    "same-burnout-energy estimate; ignores the larger gravity loss of a near-vertical boost, "
    "so it runs low for ICBM-class tests"
)

#: Longest ground distance accepted (half the WGS84 meridian, km).
MAX_DISTANCE_KM = HALF_MERIDIAN_KM


def _number(
    text: str | None,
    flag: str,
    allowed: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> float | None:
    """Parse one option value, raising :class:`InputError` that names ``flag``."""
    if text is None:
        return None
    try:
        value = float(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise InputError(
            "not a number", source="command line", field=flag, value=text, allowed=allowed
        ) from None
    if not math.isfinite(value):
        raise InputError(
            "not a finite number", source="command line", field=flag, value=text, allowed=allowed
        )
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and (value >= high if high_open else value > high)
    if too_low or too_high:
        raise InputError(
            "out of range", source="command line", field=flag, value=value, allowed=allowed
        )
    return value


def _km(x: float, ndigits: int | None = None) -> float | int | str:
    """Return a JSON-friendly range: "global" for inf, else a number (an int by default)."""
    if math.isinf(x):
        return "global"
    return int(round(x)) if ndigits is None else round(x, ndigits)


def _show_km(x: float) -> str:
    return "global (any point on Earth)" if math.isinf(x) else f"{x:,.0f} km"


@click.command(name="range")
@click.option(
    "--apogee", "apogee", metavar="KM", required=True, help="Reported apogee altitude, km."
)
@click.option(
    "--distance",
    "distance",
    metavar="KM",
    required=True,
    help="Reported ground distance flown, km.",
)
@click.option(
    "--flight-time",
    "flight_time",
    metavar="MIN",
    help="Reported total flight time, minutes (boost included).",
)
@click.option(
    "--burnout-altitude",
    "burnout_altitude",
    metavar="KM",
    default="0",
    show_default=True,
    help="Assumed burnout altitude, km (same on the test and the full-range shot).",
)
@click.option(
    "--powered-range",
    "powered_range",
    metavar="KM",
    default="0",
    show_default=True,
    help="Assumed ground distance covered during the boost, km.",
)
@click.option(
    "--band-pct",
    "band_pct",
    metavar="PCT",
    default="5",
    show_default=True,
    help="Sensitivity band: the estimate for the apogee lowered and raised by this percentage.",
)
@click.option(
    "--rotating",
    is_flag=True,
    help="Include the Earth's rotation for the full-range shot (needs --lat and --azimuth).",
)
@click.option("--lat", "lat", metavar="DEG", help="Launch latitude, degrees (with --rotating).")
@click.option(
    "--azimuth",
    "azimuth",
    metavar="DEG",
    help="Bearing of the full-range shot, degrees from north (with --rotating).",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object instead of text.")
def range_(
    apogee: str,
    distance: str,
    flight_time: str | None,
    burnout_altitude: str,
    powered_range: str,
    band_pct: str,
    rotating: bool,
    lat: str | None,
    azimuth: str | None,
    as_json: bool,
) -> None:
    """Equivalent full range of a lofted test from its apogee and distance.

    The test's apogee and distance give its burnout speed (vacuum Kepler
    flight over a spherical Earth); the same speed on a minimum-energy path
    gives the equivalent range. This is a same-burnout-energy estimate: it
    ignores the larger gravity loss of a near-vertical boost, so it runs low
    for ICBM-class tests compared with analysts' booster models.

    Example (Hwasong-15, 29 Nov 2017):

        trajgeo range --apogee 4475 --distance 950 --flight-time 53
    """
    h_b = _number(burnout_altitude, "--burnout-altitude", "0 ≤ km < apogee", low=0.0)
    assert h_b is not None
    ap = _number(
        apogee, "--apogee", f"more than {h_b:g} km (the burnout altitude)", low=h_b, low_open=True
    )
    pr = _number(powered_range, "--powered-range", "0 ≤ km < distance", low=0.0)
    assert pr is not None
    d = _number(
        distance,
        "--distance",
        f"{max(pr, 0):g} < km ≤ {MAX_DISTANCE_KM:,.0f} (more than the powered range)",
        low=pr,
        high=MAX_DISTANCE_KM,
        low_open=True,
    )
    band = _number(band_pct, "--band-pct", "0 ≤ percent < 50", low=0.0, high=50.0, high_open=True)
    t_total = _number(
        flight_time, "--flight-time", "0 < minutes ≤ 1,000", low=0.0, high=1000.0, low_open=True
    )
    lat_v = _number(lat, "--lat", "-90 to 90 degrees", low=-90.0, high=90.0)
    az_v = _number(azimuth, "--azimuth", "-360 to 360 degrees", low=-360.0, high=360.0)
    if rotating and (lat_v is None or az_v is None):
        missing = "--lat" if lat_v is None else "--azimuth"
        raise InputError(
            "--rotating needs the launch latitude and the bearing of the shot",
            source="command line",
            field=missing,
            allowed="--rotating --lat DEG --azimuth DEG",
        )
    if not rotating and (lat_v is not None or az_v is not None):
        flag = "--lat" if lat_v is not None else "--azimuth"
        raise InputError(
            "only used with --rotating",
            source="command line",
            field=flag,
            value=lat if lat_v is not None else azimuth,
            allowed="add --rotating, or drop the option",
        )
    assert ap is not None and d is not None and band is not None
    if ap * (1.0 - band / 100.0) <= h_b:
        raise InputError(
            "the low end of the band falls below the burnout altitude",
            source="command line",
            field="--band-pct",
            value=band,
            allowed=f"less than {100.0 * (1.0 - h_b / ap):.3g} for this apogee and burnout",
        )

    from trajgeo.physics import ballistics as bal
    from trajgeo.physics.ballistics import round_significant, significant_figures

    est = bal.lofted_test_range(ap, d, burnout_altitude_km=h_b, powered_range_km=pr, band_pct=band)
    sig = max(2, min(3, significant_figures(apogee), significant_figures(distance)))
    warnings: list[str] = []
    if t_total is not None:
        chk = bal.check_report(ap, d, t_total, burnout_altitude_km=h_b, powered_range_km=pr)
        warnings.extend(chk.warnings)

    nominal, low, high = est.range_km, est.range_low_km, est.range_high_km
    non_rotating = nominal
    if rotating:
        assert lat_v is not None and az_v is not None
        rot = bal.rotating_range(
            [est.burnout_speed_km_s, *_band_speeds(bal, ap, d, h_b, pr, band)],
            az_v,
            lat_v,
            burnout_altitude_km=h_b,
            powered_range_km=pr,
            toward_bearing=True,
        )
        nominal, low, high = (float(x) for x in rot.distance_km)

    def rounded(x: float) -> float:
        return x if math.isinf(x) else float(round_significant(x, 2 if abs(x) >= 9_500 else sig))

    r_nom = rounded(nominal)
    # The band is always shown low to high. A lower apogee gives a *longer* range when the
    # shot was flown below its minimum-energy apogee (a depressed trajectory).
    r_lo, r_hi = sorted((rounded(low), rounded(high)))
    for end, word in ((high, "higher"), (low, "lower")):
        if math.isinf(end) and not math.isinf(nominal):
            warnings.append(
                f"With the apogee {band:g} % {word} the same missile could reach any point on "
                "Earth: the estimate is very sensitive to the reported apogee here."
            )
    if math.isinf(nominal):
        warnings.append(
            "The implied burnout speed reaches orbital speed: on a minimum-energy path this "
            "missile could reach any point on Earth. Check the apogee and distance."
        )

    assumptions: dict[str, Any] = {
        "model": (
            "vacuum Kepler free flight after burnout, spherical Earth, minimum-energy trajectory"
        ),
        "mu_km3_s2": bal.MU,
        "earth_radius_km": bal.EARTH_RADIUS_KM,
        "burnout_altitude_km": h_b,
        "powered_range_km": pr,
        "band_pct": band,
        "rotation_applied": rotating,
        "test_inversion_rotation_corrected": False,
        "significant_figures": sig,
    }
    if rotating:
        assumptions["omega_rad_s"] = bal.OMEGA
        assumptions["launch_latitude_deg"] = lat_v
        assumptions["bearing_deg"] = az_v
    inputs = {
        "apogee_km": ap,
        "distance_km": d,
        "flight_time_min": t_total,
        "burnout_altitude_km": h_b,
        "powered_range_km": pr,
        "band_pct": band,
        "rotating": rotating,
        "lat_deg": lat_v,
        "azimuth_deg": az_v,
    }
    if as_json:
        out = {
            "label": LABEL,
            "met_range_km": _km(r_nom),
            "range_band_km": [_km(r_lo), _km(r_hi)],
            "met_range_km_unrounded": _km(nominal, 1),
            "non_rotating_range_km": _km(rounded(non_rotating)),
            "burnout_speed_km_s": round(est.burnout_speed_km_s, 3),
            "burnout_flight_path_angle_deg": round(est.burnout_flight_path_angle_deg, 2),
            "met_flight_path_angle_deg": round(est.met_flight_path_angle_deg, 2),
            "free_flight_time_min": round(est.free_flight_time_min, 1),
            "implied_boost_min": None
            if t_total is None
            else round(t_total - est.free_flight_time_min, 1),
            "warnings": warnings,
            "assumptions": assumptions,
            "inputs": inputs,
        }
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return

    lines = [
        f"Lofted test: apogee {ap:,.0f} km, distance {d:,.0f} km"
        + (f", {t_total:g} min total flight time" if t_total is not None else ""),
        "Equivalent minimum-energy range: "
        + ("" if math.isinf(r_nom) else "about ")
        + _show_km(r_nom),
        f"  band for apogee ±{band:g} %: {_show_km(r_lo)} to {_show_km(r_hi)}",
        f"  ({LABEL})",
    ]
    if rotating:
        lines.append(
            f"  toward bearing {az_v:g}° from {lat_v:g}° latitude, Earth's rotation included; "
            f"without rotation: {_show_km(rounded(non_rotating))}"
        )
    lines += [
        f"Burnout speed: {est.burnout_speed_km_s:.2f} km/s "
        f"(test flown at {est.burnout_flight_path_angle_deg:.0f}° above the horizon)",
        f"Free flight of the test: {est.free_flight_time_min:.1f} min"
        + (
            ""
            if t_total is None
            else f"; implied boost {t_total - est.free_flight_time_min:.1f} min"
            if t_total >= est.free_flight_time_min
            else "; longer than the reported total (see warning)"
        ),
        f"Assumptions: vacuum free flight over a spherical Earth (R = {bal.EARTH_RADIUS_KM:g} km, "
        f"mu = {bal.MU} km3/s2); burnout altitude {h_b:g} km; powered range {pr:g} km; "
        + (
            "Earth's rotation included for the full-range shot, not for the test."
            if rotating
            else "Earth's rotation ignored."
        ),
        f"Ranges rounded to {sig} significant figures, the precision of the inputs "
        "(never more than 2 above about 10,000 km).",
    ]
    for w in warnings:
        lines.append(f"Warning: {w}")
    click.echo("\n".join(lines))


def _band_speeds(bal: Any, ap: float, d: float, h_b: float, pr: float, band: float) -> list[float]:
    """Burnout speeds at the low and high ends of the apogee band."""
    f = band / 100.0
    lo = bal.lofted_test_range(
        ap * (1 - f), d, burnout_altitude_km=h_b, powered_range_km=pr, band_pct=0.0, sig_figs=2
    )
    hi = bal.lofted_test_range(
        ap * (1 + f), d, burnout_altitude_km=h_b, powered_range_km=pr, band_pct=0.0, sig_figs=2
    )
    return [lo.burnout_speed_km_s, hi.burnout_speed_km_s]
