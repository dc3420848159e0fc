"""Trajectory profiles: altitude and ground range along a free-flight path."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from trajgeo.physics.kepler import (
    EARTH_RADIUS_KM,
    MU,
    _arrays,
    _check,
    _check_angle,
    _check_body,
    _kepler_core,
    _radii,
)
from trajgeo.physics.lofted import lofted_test_range

__all__ = [
    "TrajectoryProfile",
    "profile_from_burnout",
    "trajectory_profile",
]

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


#: The most points a profile is sampled at (a smooth curve needs a few hundred).
MAX_PROFILE_SAMPLES = 100_000


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
    >>> from trajgeo.physics.kepler import minimum_energy_trajectory
    >>> met = minimum_energy_trajectory(1000.0)
    >>> prof = profile_from_burnout(met.speed_km_s, met.flight_path_angle_deg, samples=5)
    >>> round(float(prof.altitude_km.max())), round(float(prof.downrange_km[-1]))
    (240, 1000)
    """
    _check_body(mu, earth_radius_km)
    _, (v, gdeg, hb, pr) = _arrays(
        speed_km_s, flight_path_angle_deg, burnout_altitude_km, powered_range_km
    )
    _check_angle(gdeg)
    from trajgeo._checks import count

    count(samples, "samples", low=2, high=MAX_PROFILE_SAMPLES)  # 10**9 had run for ever
    r_earth = earth_radius_km
    r_b, r_i = _radii(r_earth, hb, 0.0)
    r_i = np.broadcast_to(r_i, r_b.shape)
    c = _kepler_core(v, np.radians(gdeg), r_b, r_i, mu, want=frozenset({"t"}))
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
    _check_body(mu, earth_radius_km)
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
