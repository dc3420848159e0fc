"""From a news report to a draft event file: ``trajgeo extract``.

:func:`extract` reads a launch report (plain text or HTML) with rules, offline
and deterministically, and returns a :class:`Draft`: the event mapping in the
event-file format, the exact words behind every field it filled
(``provenance``), what the report does not say (``missing``) and notes on
everything left empty or read with a caveat. Nothing is guessed: every figure
in a draft is in the text (see :func:`invented_figures`).

Examples
--------
>>> from trajgeo.extract import extract
>>> d = extract("Japan's Defense Ministry said the missile flew about 350 km "
...             "and fell outside Japan's exclusive economic zone.", date="2024-03-18")
>>> d.event["claims"]
[{'zone': 'JPN', 'inside': False, 'source': 'Japan Ministry of Defense'}]
"""

from trajgeo.extract.core import Draft, Span, extract, invented_figures

__all__ = ["Draft", "Span", "extract", "invented_figures"]
