"""Trajectory physics: free flight, lofted tests, Earth's rotation, profiles, capability.

Vacuum two-body flight over a spherical Earth. ``from trajgeo import physics``
gives the functions the old ``trajgeo.ballistics`` module held.
"""

from typing import TYPE_CHECKING

from trajgeo._lazy import attach

if TYPE_CHECKING:
    from trajgeo.physics.ballistics import (
        EARTH_RADIUS_KM,
        MU,
        OMEGA,
        CapabilityRing,
        FlightPathAngles,
        FreeFlight,
        LoftedEstimate,
        MinimumEnergyReach,
        MinimumEnergyTrajectory,
        ReportCheck,
        RotatingRange,
        TrajectoryProfile,
        capability_ring,
        check_report,
        flight_path_angles,
        free_flight,
        lofted_test_range,
        minimum_energy_reach,
        minimum_energy_trajectory,
        profile_from_burnout,
        rotating_range,
        round_significant,
        significant_figures,
        trajectory_profile,
    )
    from trajgeo.physics.capability import capability_rings
    from trajgeo.physics.profile import ShotProfile, event_profiles, shot_profile

#: Where each name lives (imported on first use: a check's flight profile loads neither
#: the rotating-Earth model nor the capability rings).
_HOME = {
    "EARTH_RADIUS_KM": "kepler",
    "MU": "kepler",
    "OMEGA": "kepler",
    "FlightPathAngles": "kepler",
    "FreeFlight": "kepler",
    "MinimumEnergyReach": "kepler",
    "MinimumEnergyTrajectory": "kepler",
    "flight_path_angles": "kepler",
    "free_flight": "kepler",
    "minimum_energy_reach": "kepler",
    "minimum_energy_trajectory": "kepler",
    "LoftedEstimate": "lofted",
    "ReportCheck": "lofted",
    "check_report": "lofted",
    "lofted_test_range": "lofted",
    "round_significant": "lofted",
    "significant_figures": "lofted",
    "CapabilityRing": "rotating",
    "RotatingRange": "rotating",
    "capability_ring": "rotating",
    "rotating_range": "rotating",
    "TrajectoryProfile": "trajectory",
    "profile_from_burnout": "trajectory",
    "trajectory_profile": "trajectory",
    "ShotProfile": "profile",
    "event_profiles": "profile",
    "shot_profile": "profile",
    "capability_rings": "capability",
}

__getattr__, __dir__ = attach(__name__, _HOME)

__all__ = [
    "CapabilityRing",
    "EARTH_RADIUS_KM",
    "FlightPathAngles",
    "FreeFlight",
    "LoftedEstimate",
    "MU",
    "MinimumEnergyReach",
    "MinimumEnergyTrajectory",
    "OMEGA",
    "ReportCheck",
    "RotatingRange",
    "ShotProfile",
    "TrajectoryProfile",
    "capability_ring",
    "capability_rings",
    "check_report",
    "event_profiles",
    "flight_path_angles",
    "free_flight",
    "lofted_test_range",
    "minimum_energy_reach",
    "minimum_energy_trajectory",
    "profile_from_burnout",
    "rotating_range",
    "round_significant",
    "shot_profile",
    "significant_figures",
    "trajectory_profile",
]
