"""Maritime zones: zone sets, verdicts against them, limits and overflights.

A :class:`ZoneSet` holds EEZs, territorial seas, overlapping-claim bands and
land, from the shipped trajgeo-eez data set or a user's file. Verdicts say
whether an impact area lies inside, outside or across a zone, with margins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trajgeo._lazy import attach

if TYPE_CHECKING:
    from trajgeo.maritime.limits import limit_distance_km
    from trajgeo.maritime.names import state_name
    from trajgeo.maritime.overflight import Overflight, overflights, shot_overflights
    from trajgeo.maritime.verdicts import (
        ClaimCheck,
        EventVerdicts,
        ShotVerdicts,
        Verdict,
        check_event,
        check_events,
        judge,
        signed_margin_km,
        verdicts_frame,
    )
    from trajgeo.maritime.where import PointZones, where_point, where_points
    from trajgeo.maritime.zoneset import KINDS, Dataset, MaritimeZone, ZoneSet, load_zones

#: Where each name lives: a name's module is imported on first use, so `trajgeo where`
#: does not load the verdicts (and the event model they pull in) to answer one point.
_HOME = {
    "limit_distance_km": "limits",
    "state_name": "names",
    "Overflight": "overflight",
    "overflights": "overflight",
    "shot_overflights": "overflight",
    "ClaimCheck": "verdicts",
    "EventVerdicts": "verdicts",
    "ShotVerdicts": "verdicts",
    "Verdict": "verdicts",
    "check_event": "verdicts",
    "check_events": "verdicts",
    "judge": "verdicts",
    "signed_margin_km": "verdicts",
    "verdicts_frame": "verdicts",
    "PointZones": "where",
    "where_point": "where",
    "where_points": "where",
    "KINDS": "zoneset",
    "Dataset": "zoneset",
    "MaritimeZone": "zoneset",
    "ZoneSet": "zoneset",
    "load_zones": "zoneset",
}


__getattr__, __dir__ = attach(__name__, _HOME)

__all__ = [
    "KINDS",
    "ClaimCheck",
    "Dataset",
    "EventVerdicts",
    "MaritimeZone",
    "Overflight",
    "PointZones",
    "ShotVerdicts",
    "Verdict",
    "ZoneSet",
    "check_event",
    "check_events",
    "judge",
    "limit_distance_km",
    "load_zones",
    "overflights",
    "shot_overflights",
    "signed_margin_km",
    "state_name",
    "verdicts_frame",
    "where_point",
    "where_points",
]
