"""``trajgeo --show-versions``: what a bug report needs."""

from __future__ import annotations

import platform
import sys
from importlib import metadata

__all__ = ["show_versions"]

_PACKAGES = (
    "trajgeo",
    "numpy",
    "shapely",
    "pyproj",
    "geopandas",
    "pyogrio",
    "folium",
    "cartopy",
    "matplotlib",
    "click",
    "PyYAML",
    "pydantic-core",
    "tqdm",
)


def show_versions() -> None:
    """Print the versions of Python, trajgeo's dependencies and PROJ/GEOS."""
    width = max(len(name) for name in _PACKAGES) + 2  # the values in one column
    print(f"{'python:':<{width}}{sys.version.split()[0]} ({platform.platform()})")
    for name in _PACKAGES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "not installed"
        print(f"{name + ':':<{width}}{version}")
    try:
        import pyproj
        import shapely

        print(f"{'PROJ:':<{width}}{pyproj.proj_version_str}")
        print(f"{'GEOS:':<{width}}{shapely.geos_version_string}")
    except ImportError:  # pragma: no cover - both are hard dependencies
        pass
