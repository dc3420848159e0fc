"""Optional dependencies: import them on use, or say in one line what to install.

The core (events, geometry, maritime verdicts, physics) needs only numpy,
shapely, pyproj, click, pyyaml, pydantic-core and scipy. Maps need the ``maps``
extra, GeoDataFrames the ``geo`` extra, ``trajgeo data fetch`` the ``fetch``
extra, ``trajgeo check --scheduler`` the ``dask`` extra.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from trajgeo.errors import MissingDependencyError

__all__ = ["EXTRAS", "require"]

#: extra -> the import names it provides (as pip installs them).
EXTRAS: dict[str, tuple[str, ...]] = {
    "maps": ("cartopy", "matplotlib", "folium", "xyzservices", "jinja2"),
    "geo": ("geopandas",),
    "fetch": ("pooch",),
    "dask": ("dask", "distributed", "dask_geopandas"),
}


def require(extra: str, modules: tuple[str, ...], purpose: str) -> list[ModuleType]:
    """Import ``modules``, or raise :class:`MissingDependencyError` naming ``extra``.

    Parameters
    ----------
    extra
        The extra of trajgeo that installs them (``"maps"``, ``"geo"``, ``"fetch"``).
    modules
        Import names to load, e.g. ``("cartopy", "matplotlib")``.
    purpose
        What needs them, for the message: ``"PNG, SVG and PDF maps"``.

    Examples
    --------
    >>> [m.__name__ for m in require("maps", ("json",), "a test")]
    ['json']
    >>> require("maps", ("no_such_module_here",), "static maps")
    Traceback (most recent call last):
    ...
    trajgeo.errors.MissingDependencyError: static maps need no_such_module_here, which is \
not installed; install it with: pip install 'trajgeo[maps]'
    """
    loaded, missing = [], []
    for name in modules:
        try:
            loaded.append(importlib.import_module(name))
        except ImportError:
            missing.append(name)
    if missing:
        names = " and ".join(missing)
        raise MissingDependencyError(
            f"{purpose} need {names}, which {'is' if len(missing) == 1 else 'are'} not "
            f"installed; install {'it' if len(missing) == 1 else 'them'} with: "
            f"pip install 'trajgeo[{extra}]'"
        )
    return loaded
