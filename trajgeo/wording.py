"""The sentences trajgeo shows to readers, in one place.

Commands, maps and alt text take their reader-facing words from here, so a
phrase is written once and reads the same in every output.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trajgeo.physics.equivalent import EquivalentRange

__all__ = ["CLAIM_MARKS", "km_text", "range_lines"]

#: How ``trajgeo check`` marks each claim status.
CLAIM_MARKS = {"holds": "HOLDS", "contradicted": "CONTRADICTED", "inconclusive": "INCONCLUSIVE"}


def km_text(x: float) -> str:
    """Say a distance in km; infinity is "global".

    Examples
    --------
    >>> km_text(10000.0), km_text(math.inf)
    ('10,000 km', 'global (any point on Earth)')
    """
    return "global (any point on Earth)" if math.isinf(x) else f"{x:,.0f} km"


def range_lines(res: EquivalentRange) -> list[str]:
    """Return the lines ``trajgeo range`` prints for an equivalent-range result."""
    from trajgeo.physics import ballistics as bal
    from trajgeo.physics.equivalent import LABEL

    est, inp = res.estimate, res.inputs
    t_total, band = inp["flight_time_min"], inp["band_pct"]
    rotating = inp["rotating"]
    r_nom, (r_lo, r_hi) = res.range_km, res.band_km
    lines = [
        f"Lofted test: apogee {inp['apogee_km']:,.0f} km, distance {inp['distance_km']:,.0f} km"
        + (f", {t_total:g} min total flight time" if t_total is not None else ""),
        "Equivalent minimum-energy range: "
        + ("" if math.isinf(r_nom) else "about ")
        + km_text(r_nom),
        f"  band for apogee ±{band:g} %: {km_text(r_lo)} to {km_text(r_hi)}",
        f"  ({LABEL})",
    ]
    if rotating:
        lines.append(
            f"  toward bearing {inp['azimuth_deg']:g}° from {inp['lat_deg']:g}° latitude, "
            f"Earth's rotation included; without rotation: {km_text(res.non_rotating_rounded_km)}"
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
        f"mu = {bal.MU} km3/s2); burnout altitude {inp['burnout_altitude_km']:g} km; "
        f"powered range {inp['powered_range_km']:g} km; "
        + (
            "Earth's rotation included for the full-range shot, not for the test."
            if rotating
            else "Earth's rotation ignored."
        ),
        f"Ranges rounded to {res.sig_figs} significant figures, the precision of the inputs "
        "(never more than 2 above about 10,000 km).",
    ]
    lines += [f"Warning: {w}" for w in res.warnings]
    return lines
