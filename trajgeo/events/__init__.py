"""Events: what a report says about a launch, checked and typed.

An event file (YAML or JSON) becomes an :class:`Event` of frozen dataclasses:
its launch, its shots (one line per source's account), its claims and its
sources. Place names resolve through the shipped gazetteer; compass words
through :mod:`trajgeo.events.compass`.
"""

from trajgeo.events.compass import COMPASS_POINTS, BearingBand, compass_azimuth, compass_name
from trajgeo.events.gazetteer import Gazetteer, Place, gazetteer, lookup
from trajgeo.events.load import (
    Capability,
    Claim,
    Event,
    ImpactReport,
    Launch,
    Options,
    RangeBand,
    Shot,
    Source,
    load_events,
    parse_bearing,
    parse_event,
    parse_range,
)

__all__ = [
    "COMPASS_POINTS",
    "BearingBand",
    "Capability",
    "Claim",
    "Event",
    "Gazetteer",
    "ImpactReport",
    "Launch",
    "Options",
    "Place",
    "RangeBand",
    "Shot",
    "Source",
    "compass_azimuth",
    "compass_name",
    "gazetteer",
    "load_events",
    "lookup",
    "parse_bearing",
    "parse_event",
    "parse_range",
]
