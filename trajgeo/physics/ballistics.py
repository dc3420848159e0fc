"""Ballistic free flight over a spherical Earth: ranges, apogees, flight times.

trajgeo.physics does the trajectory physics that newsrooms otherwise copy by
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

from trajgeo.physics.kepler import (
    EARTH_RADIUS_KM,
    MU,
    OMEGA,
    FlightPathAngles,
    FreeFlight,
    MinimumEnergyReach,
    MinimumEnergyTrajectory,
    flight_path_angles,
    free_flight,
    minimum_energy_reach,
    minimum_energy_trajectory,
)
from trajgeo.physics.lofted import (
    LoftedEstimate,
    ReportCheck,
    check_report,
    lofted_test_range,
    round_significant,
    significant_figures,
)
from trajgeo.physics.rotating import (
    CapabilityRing,
    RotatingRange,
    capability_ring,
    rotating_range,
)
from trajgeo.physics.trajectory import (
    TrajectoryProfile,
    profile_from_burnout,
    trajectory_profile,
)

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
