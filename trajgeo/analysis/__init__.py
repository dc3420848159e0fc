"""The analysis of events: one result that the command line, the maps and the API share.

:func:`analyse` turns events into an :class:`Analysis`: per event its
geometry, its verdicts against maritime zones, its overflights and its
capability rings.
"""

from trajgeo.analysis.core import Analysis, EventAnalysis, analyse, as_geometries

__all__ = ["Analysis", "EventAnalysis", "analyse", "as_geometries"]
