"""Maps of launch events: a renderer-neutral spec, and static and interactive renderers.

* :mod:`trajgeo.maps.spec` builds a :class:`~trajgeo.maps.spec.MapSpec`
  (what a map shows) from event geometry and verdicts;
* :mod:`trajgeo.maps.static` draws it with cartopy to PNG, SVG or PDF;
* :mod:`trajgeo.maps.interactive` writes it as an HTML map;
* :mod:`trajgeo.maps.style` holds themes and size presets and
  :mod:`trajgeo.maps.basemap` the shipped Natural Earth layers.

Nothing heavy is imported until a function is called.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from trajgeo.events import Event
    from trajgeo.geo.impact import EventGeometry
    from trajgeo.maps.spec import MapSpec

__all__ = ["make_spec", "plot"]


def make_spec(
    events: str | Path | Event | EventGeometry | Iterable[Any],
    *,
    rings_km: Sequence[float] = (),
    verdicts: Any = "auto",
    zones: Any = None,
    worldview: str | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    projection: str | None = None,
    central_lon: float | None = None,
    extent: Sequence[float] | None = None,
    capability: bool = True,
    overflights: bool = True,
    samples: bool = False,
) -> MapSpec:
    """Build a :class:`~trajgeo.maps.spec.MapSpec` from events, files or geometry.

    Parameters
    ----------
    events
        Event file paths, :class:`~trajgeo.events.Event` or
        :class:`~trajgeo.geo.impact.EventGeometry` objects (one or many).
    rings_km
        Range rings around each launch site (ignored for EventGeometry input,
        which carries its own).
    verdicts
        ``"auto"``: judge the shots against ``zones`` (default: the shipped
        maritime zones; skipped with a log message if they are unavailable);
        ``None``: no verdicts; or a list of :class:`~trajgeo.maritime.verdicts.EventVerdicts`.
    zones
        A :class:`~trajgeo.maritime.zoneset.ZoneSet` or a path to a zones file.
    worldview
        Judge and draw zones as this state (ISO3) claims them.
    title, subtitle, projection, central_lon, extent, capability, overflights
        Passed to :func:`~trajgeo.maps.spec.build_spec`: ``capability=False``
        leaves out the capability rings of the events' ``capability:`` blocks,
        ``overflights=False`` the stretches of track over land (drawn only when
        there are zones); ``samples=True`` carries up to 2,000 simulated
        impacts of the fused estimate, drawn as dots.
    """
    import logging

    from trajgeo.analysis import analyse, as_geometries
    from trajgeo.errors import DataError
    from trajgeo.maps.spec import build_spec

    if central_lon is not None:  # "east" had failed comparing a str with a float
        from trajgeo._checks import number

        number(central_lon, "central_lon", low=-180.0, high=180.0, allowed="degrees, -180 to 180")
    geoms = as_geometries(events, rings_km)
    zs = zones
    if isinstance(zones, (str, Path)) or (zones is None and worldview is not None):
        from trajgeo.maritime.zoneset import load_zones

        zs = load_zones(zones, worldview=worldview)
    elif zones is not None and worldview is not None:
        zs = zones.with_worldview(worldview)
    judge = isinstance(verdicts, str) and verdicts == "auto"
    try:
        result = analyse(
            geoms,
            zones=zs,
            worldview=worldview,
            verdicts=judge,
            overflights=overflights,
            capability=capability,
            # each account's own verdicts are read only where the map shows them (the
            # alt text of a shot no claim names, the HTML panels): judged then
            defer_accounts=True,
        )
    except DataError as exc:
        if not judge:
            raise
        logging.getLogger("trajgeo").warning("map drawn without EEZ verdicts: %s", exc)
        result = analyse(geoms, verdicts=False, overflights=False, capability=capability)
    vlist = result.verdicts if judge else verdicts
    return build_spec(
        result.geometries,
        vlist,
        zones=result.zones,
        analysis=result,
        title=title,
        subtitle=subtitle,
        projection=projection,
        central_lon=central_lon,
        extent=extent,
        capability=capability,
        overflights=overflights,
        samples=samples,
    )


def plot(
    events: Any,
    *,
    theme: Any = None,
    size: Any = "web",
    width: int | None = None,
    height: int | None = None,
    dpi: float | None = None,
    inset: bool = True,
    **spec_options: Any,
) -> Figure:
    """Draw a static map of events and return the matplotlib Figure.

    Parameters
    ----------
    events
        Event files, :class:`~trajgeo.events.Event` or
        :class:`~trajgeo.geo.EventGeometry` objects, or a ready :class:`~trajgeo.maps.spec.MapSpec`.
    theme
        ``"light"``, ``"dark"``, a house-style YAML path or a Theme.
    size, width, height, dpi
        Size preset (``"web"``, ``"print"``) and overrides in pixels and dpi.
    inset
        Draw the locator globe.
    **spec_options
        ``rings_km``, ``verdicts``, ``zones``, ``worldview``, ``title``,
        ``subtitle``, ``projection``, ``central_lon``, ``extent``,
        ``capability``, ``overflights``, ``samples`` (see :func:`make_spec`).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = trajgeo.plot("examples/2024-03-18-pyongyang.yaml", rings_km=[500])  # doctest: +SKIP
    >>> fig.savefig("map.png")  # doctest: +SKIP
    """
    from trajgeo.maps.spec import MapSpec
    from trajgeo.maps.static import render
    from trajgeo.maps.style import Size, resolve_size

    spec = events if isinstance(events, MapSpec) else make_spec(events, **spec_options)
    sz = size if isinstance(size, Size) else resolve_size(size, width=width, height=height, dpi=dpi)
    return render(spec, theme=theme, size=sz, inset=inset)
