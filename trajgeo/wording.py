"""The sentences trajgeo shows to readers, in one place.

Commands, maps and alt text take their reader-facing words from here, so a
phrase is written once and reads the same in every output.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trajgeo.maritime.verdicts import Verdict
    from trajgeo.physics.equivalent import EquivalentRange

__all__ = [
    "CLAIM_MARKS",
    "LEGEND",
    "km_span",
    "km_text",
    "prose_km",
    "prose_km_span",
    "range_lines",
    "verdict_line",
    "verdict_sentence",
]

#: Legend entries of the maps; the static and the HTML map share these words.
LEGEND = {
    "launch_site": "Launch site",
    "launch_area": "Launch area",
    "arc": "Nominal flight path",
    "impact_area": "Possible impact area",
    "impact_point": "Impact point",
    "reported_impact": "Reported impact",
    "ring": "Range ring",
    "capability": "Range on a normal trajectory",
    "overflight": "Over land",
    "overflight_html": "Track over land (altitude modelled)",
    "eez": "EEZ limit",
    "overlap": "Overlapping claim",
    "overlap_html": "Overlapping claim / joint regime",
}

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


def km_span(a: float, b: float) -> str:
    """Say a span of km exactly, as ``trajgeo check`` does (negative ends count as 0).

    Examples
    --------
    >>> km_span(130.2, 169.8), km_span(5.2, 4.9)
    ('130–170 km', 'about 5 km')
    """
    a, b = max(a, 0.0), max(b, 0.0)
    if round(a) == round(b):
        return f"about {a:,.0f} km"
    return f"{a:,.0f}–{b:,.0f} km"


def prose_km(x: float) -> int:
    """Round a distance for prose: to 10 km from 100 km up, else to 5 km.

    Examples
    --------
    >>> prose_km(347.0), prose_km(42.0)
    (350, 40)
    """
    x = max(x, 0.0)
    step = 10 if x >= 100 else 5
    return int(step * round(x / step))


def prose_km_span(a: float, b: float) -> str:
    """Say a span of km in prose, rounded (:func:`prose_km`), low to high.

    Examples
    --------
    >>> prose_km_span(263.0, 477.0)
    '260 to 480 km'
    """
    lo, hi = sorted((prose_km(a), prose_km(b)))
    if lo == hi:
        return f"about {lo:,} km"
    return f"{lo:,} to {hi:,} km"


def verdict_line(v: Verdict) -> str:
    """Say the verdict in one line, as ``trajgeo check`` prints it."""
    lo, hi = v.margin_km
    label = v.zone.label
    if v.zone.kind == "land" and v.status == "inside":
        from trajgeo.maritime.names import state_name

        return (
            f"on land in {state_name(v.zone.sovereign_iso3)}, "
            f"{km_span(lo, hi)} from its coast or border"
        )
    if v.status == "outside":
        text = f"{km_span(-hi, -lo)} outside {label}"
    elif v.status == "inside":
        text = f"{km_span(lo, hi)} inside {label}"
    else:
        text = (
            f"straddles the limit of {label}: {v.share_inside:.0%} inside, "
            f"up to {hi:,.0f} km inside and {-lo:,.0f} km outside"
        )
    if v.status != "straddles":
        text += v.confidence_note()
    return text


def verdict_sentence(v: Verdict) -> str:
    """Say the verdict as alt text does: ``"fell 260 to 480 km outside Japan's EEZ"``."""
    lo, hi = v.margin_km
    label = v.zone.label
    if v.status == "outside":
        text = f"fell {prose_km_span(-hi, -lo)} outside {label}"
    elif v.status == "inside":
        text = f"fell inside {label}, {prose_km_span(lo, hi)} within its limit"
    else:
        text = (
            f"came down in an area that straddles the limit of {label} "
            f"(about {v.share_inside:.0%} of it inside)"
        )
    if v.status != "straddles":
        text += v.confidence_note(short=True)
    return text
