"""``trajgeo range``: equivalent full range of a lofted test.

numpy and :mod:`trajgeo.physics.ballistics` are imported inside the command, so that
``trajgeo --help`` does not load them.
"""

from __future__ import annotations

import json
import math

import click

from trajgeo.cli.options import OnceCommand
from trajgeo.constants import HALF_MERIDIAN_KM, HALF_MERIDIAN_KM_TEXT
from trajgeo.errors import InputError

__all__ = ["range_"]

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


@click.command(name="range", cls=OnceCommand)
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
        apogee,
        "--apogee",
        f"more than {h_b:g} km (the burnout altitude) and at most 100,000 km (as in event files)",
        low=h_b,
        high=100_000.0,
        low_open=True,
    )
    pr = _number(powered_range, "--powered-range", "0 ≤ km < distance", low=0.0)
    assert pr is not None
    d = _number(
        distance,
        "--distance",
        f"{max(pr, 0):g} < km ≤ {HALF_MERIDIAN_KM_TEXT} (more than the powered range; "
        "at most half a meridian)",
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

    from trajgeo.physics.ballistics import significant_figures
    from trajgeo.physics.equivalent import equivalent_range
    from trajgeo.wording import range_lines

    sig = max(2, min(3, significant_figures(apogee), significant_figures(distance)))
    res = equivalent_range(
        ap,
        d,
        flight_time_min=t_total,
        burnout_altitude_km=h_b,
        powered_range_km=pr,
        band_pct=band,
        rotation=(lat_v, az_v) if rotating and lat_v is not None and az_v is not None else None,
        sig_figs=sig,
    )
    if as_json:
        click.echo(json.dumps(res.as_dict(), indent=2, ensure_ascii=False))
        return
    click.echo("\n".join(range_lines(res)))
