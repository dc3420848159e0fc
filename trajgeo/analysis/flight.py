"""Apogee and flight time as evidence of the distance flown (ballistic free flight).

A report's apogee and total flight time together bound the ground distance: a
ballistic free flight with that apogee covering that distance takes a time
fixed by Kepler's laws (:func:`trajgeo.physics.lofted.lofted_test_range`),
and the reported total is that free flight plus a boost of 0 to
:data:`MAX_BOOST_MIN` minutes (the bound :func:`trajgeo.physics.lofted.check_report`
uses). Every distance some apogee and some flight time in their worded bands
allow is kept; the band of those distances is trajgeo's, never the source's.

For a lofted shot the time is set mostly by the apogee, so the band is often
wide: the output says how much it narrowed the distance, if at all.
"""

from __future__ import annotations

import numpy as np

from trajgeo.events.figures import Figure

__all__ = ["MAX_BOOST_MIN", "range_from_flight"]

#: Longest boost phase allowed between launch and the free flight, minutes.
MAX_BOOST_MIN = 5.0
#: Ground distances tried, km (every ~1 %).
_DISTANCES = np.geomspace(5.0, 19_000.0, 830)


def _min(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def range_from_flight(apogee: Figure, flight_time: Figure) -> Figure | None:
    """Return the distance band an apogee and a total flight time allow (``None``: none).

    Parameters
    ----------
    apogee
        The reported apogee (km) as a band.
    flight_time
        The reported total flight time (minutes) as a band.

    Returns
    -------
    Figure or None
        Marked as derived by trajgeo; ``None`` when no ballistic flight fits
        both figures.

    Examples
    --------
    >>> from trajgeo.events.figures import read_figure
    >>> ap = read_figure("about 60", field="apogee_km")
    >>> t = read_figure("about 7", field="flight_time_min", unit="min")
    >>> band = range_from_flight(ap, t)
    >>> band is not None and band.low < 500 < band.high
    True
    """
    from trajgeo.physics.lofted import lofted_test_range

    heights = np.linspace(apogee.low, apogee.high, 9)
    h, d = np.meshgrid(heights, _DISTANCES, indexing="ij")
    est = lofted_test_range(h.ravel(), d.ravel(), band_pct=0.0, sig_figs=2)
    t = np.asarray(est.free_flight_time_min, dtype=float).reshape(h.shape)
    fits = (t <= flight_time.high) & (t >= flight_time.low - MAX_BOOST_MIN)
    fits &= np.isfinite(t)
    if not fits.any():
        return None
    cols = np.flatnonzero(fits.any(axis=0))
    # one grid step of slack each side: the true edge lies between two distances tried
    lo = float(_DISTANCES[max(cols[0] - 1, 0)]) if cols[0] > 0 else 0.0
    hi = float(_DISTANCES[min(cols[-1] + 1, len(_DISTANCES) - 1)])
    rule = (
        f"derived by trajgeo: a ballistic flight with an apogee of {apogee.low:,.0f}–"
        f"{apogee.high:,.0f} km and {_min(flight_time.low)}–{_min(flight_time.high)} min "
        "in the air "
        f"(0–{MAX_BOOST_MIN:g} min of it boost) covers {lo:,.0f}–{hi:,.0f} km"
    )
    return Figure(lo, hi, f"{lo:,.0f}–{hi:,.0f}", "derived", rule)
