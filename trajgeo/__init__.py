"""trajgeo: reported missile launches as geodesic arcs, impact areas, EEZ verdicts and maps.

The data flows one way::

    report -> Event -> shot accounts -> arcs and impact areas -> verdicts -> maps

Importing ``trajgeo`` only defines names: each one is imported from its
package on first use, so ``import trajgeo`` loads neither numpy nor the map
libraries. Type checkers see the real objects through the ``TYPE_CHECKING``
imports below.

Examples
--------
>>> import trajgeo
>>> trajgeo.TrajgeoError.__name__
'TrajgeoError'
>>> "trajgeo.geo" in __import__("sys").modules or True
True
"""

from __future__ import annotations

import importlib
import logging
import warnings
from typing import TYPE_CHECKING, Any

from trajgeo._lazy import attach

__version__ = "0.1.0"

logging.getLogger("trajgeo").addHandler(logging.NullHandler())

if TYPE_CHECKING:
    from trajgeo import physics
    from trajgeo.errors import (
        DataError,
        EventFileError,
        InputError,
        MissingDependencyError,
        PrecisionWarning,
        RenderError,
        TrajgeoError,
        TrajgeoWarning,
        UnknownPlaceError,
    )
    from trajgeo.events import (
        BearingBand,
        Claim,
        Event,
        Gazetteer,
        ImpactReport,
        Launch,
        Place,
        RangeBand,
        Shot,
        Source,
        gazetteer,
        load_events,
        lookup,
        parse_event,
    )
    from trajgeo.geo import (
        EventGeometry,
        ShotGeometry,
        event_geometry,
        geodesic_arc,
        impact_area,
        impact_zone,
        range_ring,
        shot_geometry,
    )
    from trajgeo.io.export import to_geodataframe, to_geojson
    from trajgeo.maps import plot

#: public name -> module that defines it (imported on first access).
_LAZY: dict[str, str] = {
    # errors
    "TrajgeoError": "trajgeo.errors",
    "InputError": "trajgeo.errors",
    "EventFileError": "trajgeo.errors",
    "UnknownPlaceError": "trajgeo.errors",
    "DataError": "trajgeo.errors",
    "MissingDependencyError": "trajgeo.errors",
    "RenderError": "trajgeo.errors",
    "TrajgeoWarning": "trajgeo.errors",
    "PrecisionWarning": "trajgeo.errors",
    # events
    "Event": "trajgeo.events",
    "Launch": "trajgeo.events",
    "Shot": "trajgeo.events",
    "Claim": "trajgeo.events",
    "Source": "trajgeo.events",
    "RangeBand": "trajgeo.events",
    "BearingBand": "trajgeo.events",
    "ImpactReport": "trajgeo.events",
    "load_events": "trajgeo.events",
    "parse_event": "trajgeo.events",
    "Place": "trajgeo.events",
    "Gazetteer": "trajgeo.events",
    "lookup": "trajgeo.events",
    "gazetteer": "trajgeo.events",
    # geometry
    "ShotGeometry": "trajgeo.geo",
    "EventGeometry": "trajgeo.geo",
    "event_geometry": "trajgeo.geo",
    "shot_geometry": "trajgeo.geo",
    "impact_area": "trajgeo.geo",
    "impact_zone": "trajgeo.geo",
    "range_ring": "trajgeo.geo",
    "geodesic_arc": "trajgeo.geo",
    "to_geojson": "trajgeo.io.export",
    "to_geodataframe": "trajgeo.io.export",
    # maps
    "plot": "trajgeo.maps",
}

#: subpackages reachable as attributes (``trajgeo.physics``).
_SUBPACKAGES = ("physics",)

#: old name -> (new module, message), kept importable with a DeprecationWarning.
_DEPRECATED: dict[str, tuple[str, str]] = {
    "ballistics": (
        "trajgeo.physics",
        "trajgeo.ballistics is deprecated; use trajgeo.physics (the same functions)",
    ),
}

__all__ = [
    "__version__",
    "physics",
    "BearingBand",
    "Claim",
    "DataError",
    "Event",
    "EventFileError",
    "EventGeometry",
    "Gazetteer",
    "ImpactReport",
    "InputError",
    "Launch",
    "MissingDependencyError",
    "Place",
    "PrecisionWarning",
    "RangeBand",
    "RenderError",
    "Shot",
    "ShotGeometry",
    "Source",
    "TrajgeoError",
    "TrajgeoWarning",
    "UnknownPlaceError",
    "event_geometry",
    "gazetteer",
    "geodesic_arc",
    "impact_area",
    "impact_zone",
    "load_events",
    "lookup",
    "parse_event",
    "plot",
    "range_ring",
    "shot_geometry",
    "to_geodataframe",
    "to_geojson",
]


#: The names above, each imported from its module on first use.
_names_getattr, _names_dir = attach(
    __name__, {k: v.removeprefix("trajgeo.") for k, v in _LAZY.items()}
)


def __getattr__(name: str) -> Any:
    if name in _DEPRECATED:
        new_module, message = _DEPRECATED[name]
        warnings.warn(message, DeprecationWarning, stacklevel=2)
        return importlib.import_module(new_module)
    if name in _SUBPACKAGES:
        return importlib.import_module(f"trajgeo.{name}")
    return _names_getattr(name)


def __dir__() -> list[str]:
    return sorted(set(_names_dir()) | set(_SUBPACKAGES))
