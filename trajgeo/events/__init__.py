"""Events: what a report says about a launch, checked and typed.

An event file (YAML or JSON) becomes an :class:`Event` of frozen dataclasses:
its launch, its shots (one line per source's account), its claims and its
sources. Place names resolve through the shipped gazetteer; compass words
through :mod:`trajgeo.events.compass`.
"""

from trajgeo.events.compass import COMPASS_POINTS, BearingBand, compass_azimuth, compass_name
from trajgeo.events.gazetteer import Gazetteer, Place, gazetteer, lookup
from trajgeo.events.load import load_events, parse_event
from trajgeo.events.model import (
    DEFAULT_BEARING_TOLERANCE_DEG,
    DEFAULT_RANGE_TOLERANCE_PCT,
    Capability,
    Claim,
    Event,
    ImpactReport,
    Launch,
    Options,
    RangeBand,
    Shot,
    Source,
    parse_bearing,
    parse_range,
)

__all__ = [
    "COMPASS_POINTS",
    "DEFAULT_BEARING_TOLERANCE_DEG",
    "DEFAULT_RANGE_TOLERANCE_PCT",
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
