"""trajgeo: reported missile launches as geodesic arcs, impact zones, EEZ verdicts and maps.

The data flows one way::

    event file -> Event -> Shot -> arcs and impact zones -> verdicts -> maps

Importing ``trajgeo`` only defines names: the heavy modules (geopandas,
cartopy, folium) load when one of their functions is first used.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

__version__ = "0.1.0"

logging.getLogger("trajgeo").addHandler(logging.NullHandler())

#: public name -> module that defines it (imported on first access).
_LAZY: dict[str, str] = {
    # errors
    "TrajgeoError": "trajgeo.errors",
    "InputError": "trajgeo.errors",
    "EventFileError": "trajgeo.errors",
    "UnknownPlaceError": "trajgeo.errors",
    "DataError": "trajgeo.errors",
    "RenderError": "trajgeo.errors",
    "TrajgeoWarning": "trajgeo.errors",
    "PrecisionWarning": "trajgeo.errors",
    # events
    "Event": "trajgeo.event",
    "Launch": "trajgeo.event",
    "Shot": "trajgeo.event",
    "Claim": "trajgeo.event",
    "Source": "trajgeo.event",
    "RangeBand": "trajgeo.event",
    "BearingBand": "trajgeo.event",
    "ImpactReport": "trajgeo.event",
    "load_events": "trajgeo.event",
    "parse_event": "trajgeo.event",
    # gazetteer
    "Place": "trajgeo.gazetteer",
    "Gazetteer": "trajgeo.gazetteer",
    "lookup": "trajgeo.gazetteer",
    "gazetteer": "trajgeo.gazetteer",
    # geometry
    "ShotGeometry": "trajgeo.zones",
    "EventGeometry": "trajgeo.zones",
    "event_geometry": "trajgeo.zones",
    "shot_geometry": "trajgeo.zones",
    "impact_zone": "trajgeo.zones",
    "range_ring": "trajgeo.zones",
    "geodesic_arc": "trajgeo.geodesy",
    "to_geojson": "trajgeo.export",
    "to_geodataframe": "trajgeo.export",
    # physics
    "ballistics": "trajgeo.ballistics",
    # maps
    "plot": "trajgeo.render",
}

__all__ = ["__version__", *sorted(_LAZY)]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'trajgeo' has no attribute {name!r}")
    mod = importlib.import_module(module)
    value = mod if module.endswith("." + name) else getattr(mod, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
