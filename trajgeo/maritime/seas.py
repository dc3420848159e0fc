"""Named seas: which sea a report's "fell into the East Sea" means, and its polygon.

The polygons (``geodata/seas/seas.npz``, built by ``geodata/build_seas.py``)
are trajgeo's reconstruction of the limits the International Hydrographic
Organization's *Limits of Oceans and Seas* (S-23, 3rd edition, 1953)
describes in words, closed across the straits between the named headlands,
with the coasts of trajgeo's shipped land layer. They are not an official
IHO data set.

Examples
--------
>>> sea_name("east sea")
'Sea of Japan'
>>> sea_name("Sea")
'sea'
>>> import numpy as np
>>> in_sea("Sea of Japan", np.array([[135.0, 40.0], [150.0, 35.0]])).tolist()
[True, False]
"""

from __future__ import annotations

import difflib
from functools import cache
from typing import Any

import numpy as np

from trajgeo.errors import InputError

__all__ = ["SEAS", "SEA_SOURCE", "in_sea", "sea_name", "sea_polygon"]

#: Each named sea and the other names reports use for it (matched case-insensitively).
SEAS: dict[str, tuple[str, ...]] = {
    "Sea of Japan": ("East Sea", "Japan Sea", "Korea East Sea", "Sea of Korea"),
    "Yellow Sea": ("West Sea", "Korea West Sea", "Hwang Hai"),
    "East China Sea": ("Eastern China Sea",),
    "Sea of Okhotsk": ("Okhotsk Sea",),
    "Seto Inland Sea": ("Inland Sea",),
    "Pacific Ocean": ("Pacific", "North Pacific", "North Pacific Ocean"),
}

#: How trajgeo describes where the polygons come from.
SEA_SOURCE = "IHO S-23 limits, reconstructed"

_LOOKUP = {n.casefold(): n for n in SEAS} | {
    a.casefold(): n for n, aliases in SEAS.items() for a in aliases
}


def sea_name(text: str) -> str:
    """Read a ``fell`` value: ``"sea"``, ``"land"`` or the canonical name of a sea.

    Raises
    ------
    InputError
        For a name trajgeo has no polygon for, with the nearest known name.
    """
    key = " ".join(str(text).split()).casefold().removeprefix("the ")
    if key in ("sea", "land"):
        return key
    if key in _LOOKUP:
        return _LOOKUP[key]
    near = difflib.get_close_matches(key, list(_LOOKUP), n=1, cutoff=0.5)
    hint = f": did you mean {_LOOKUP[near[0]]!r}?" if near else ""
    raise InputError(
        f"unknown sea {text!r}{hint}",
        field="fell",
        allowed="sea, land, or a named sea: " + ", ".join(SEAS) + " (or an alias)",
    )


@cache
def sea_polygon(name: str) -> Any:
    """Return the prepared shapely polygon of a named sea (canonical name or alias)."""
    import shapely

    from trajgeo.io.data import data_path
    from trajgeo.io.packed import read_layer

    canonical = sea_name(name)
    geoms, attrs, _meta = read_layer(data_path("seas", "seas.npz"))
    names = [str(n) for n in attrs["name"]]
    geom = geoms[names.index(canonical)]
    shapely.prepare(geom)
    return geom


def in_sea(name: str, points: np.ndarray) -> np.ndarray:
    """Whether each lon/lat point (``(n, 2)`` array) is inside the named sea's polygon."""
    import shapely

    pts = np.asarray(points, dtype=float).reshape(-1, 2)
    return np.asarray(shapely.contains_xy(sea_polygon(name), pts[:, 0], pts[:, 1]), dtype=bool)
