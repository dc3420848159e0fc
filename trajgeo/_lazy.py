"""Names of a package imported from their modules on first use (PEP 562).

A command that needs one module of a package then loads only that module:
``trajgeo where`` reads the zone set without loading the verdicts and the event
model they pull in. Type checkers see the real objects through each package's
``TYPE_CHECKING`` imports.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any


def attach(
    package: str, home: dict[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Return a package's ``__getattr__`` and ``__dir__`` for names living in its modules.

    Parameters
    ----------
    package
        The package's ``__name__``.
    home
        Each public name and the module (relative to the package) that defines it.

    Examples
    --------
    >>> getattr_, dir_ = attach("trajgeo.geo", {"inverse": "geodesy"})
    >>> getattr_("inverse").__module__
    'trajgeo.geo.geodesy'
    >>> "inverse" in dir_()
    True
    """

    def __getattr__(name: str) -> Any:
        if name not in home:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{home[name]}"), name)
        setattr(sys.modules[package], name, value)  # later lookups skip this function
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(home))

    return __getattr__, __dir__
