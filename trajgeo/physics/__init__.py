"""Trajectory physics: free flight, lofted tests, Earth's rotation, profiles, capability.

Vacuum two-body flight over a spherical Earth. ``from trajgeo import physics``
gives the functions the old ``trajgeo.ballistics`` module held.
"""

from trajgeo.physics.ballistics import *  # noqa: F403
from trajgeo.physics.ballistics import __all__ as _ballistics_all
from trajgeo.physics.capability import capability_rings
from trajgeo.physics.profile import ShotProfile, event_profiles, shot_profile

__all__ = [*_ballistics_all, "ShotProfile", "capability_rings", "event_profiles", "shot_profile"]
