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
    "Event": "trajgeo.events.load",
    "Launch": "trajgeo.events.load",
    "Shot": "trajgeo.events.load",
    "Claim": "trajgeo.events.load",
    "Source": "trajgeo.events.load",
    "RangeBand": "trajgeo.events.load",
    "BearingBand": "trajgeo.events.load",
    "ImpactReport": "trajgeo.events.load",
    "load_events": "trajgeo.events.load",
    "parse_event": "trajgeo.events.load",
    # gazetteer
    "Place": "trajgeo.events.gazetteer",
    "Gazetteer": "trajgeo.events.gazetteer",
    "lookup": "trajgeo.events.gazetteer",
    "gazetteer": "trajgeo.events.gazetteer",
    # geometry
    "ShotGeometry": "trajgeo.geo.impact_area",
    "EventGeometry": "trajgeo.geo.impact_area",
    "event_geometry": "trajgeo.geo.impact_area",
    "shot_geometry": "trajgeo.geo.impact_area",
    "impact_zone": "trajgeo.geo.impact_area",
    "range_ring": "trajgeo.geo.impact_area",
    "geodesic_arc": "trajgeo.geo.geodesy",
    "to_geojson": "trajgeo.io.export",
    "to_geodataframe": "trajgeo.io.export",
    # physics
    "ballistics": "trajgeo.physics.ballistics",
    # maps
    "plot": "trajgeo.maps",
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
