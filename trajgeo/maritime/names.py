"""Names of states and territories, from the shipped Natural Earth-based data set.

trajgeo's zone data carries each state's and territory's Natural Earth name;
:func:`state_name` reads them once, so a claim about ``CHL`` reads "Chile's
EEZ", and a territory code such as ``PYF`` reads "French Polynesia".
"""

from __future__ import annotations

from functools import cache

__all__ = ["state_name", "state_names"]


@cache
def state_names() -> dict[str, str]:
    """Return ISO 3166-1 alpha-3 code -> English name for every state and territory shipped.

    A state's own zones (``eez-CHL``, ``land-CHL``) give its name; a territory's
    zones (``eez-FRA-PYF``) give the territory's. Empty when the shipped data
    cannot be read.

    Examples
    --------
    >>> names = state_names()
    >>> names["CHL"], names["JPN"], names["PYF"]
    ('Chile', 'Japan', 'French Polynesia')
    """
    import numpy as np

    from trajgeo.errors import DataError
    from trajgeo.io.data import data_path

    states: dict[str, str] = {}
    territories: dict[str, str] = {}
    own: dict[str, str] = {}
    try:
        paths = [data_path("eez", "zones.npz"), data_path("land", "land.npz")]
    except DataError:
        return {}
    for path in paths:
        with np.load(path, allow_pickle=False) as z:
            columns = (z["attr_zone_id"], z["attr_name"], z["attr_territory"])
            for zone_id, name, territory in zip(*columns, strict=True):
                parts = str(zone_id).split("-")
                if parts[0] not in ("eez", "land"):
                    continue
                if len(parts) == 2:
                    states.setdefault(parts[1], str(name))
                elif len(parts) == 3 and str(territory):
                    territories.setdefault(parts[2], str(territory))
                    if str(name) == f"{territory} ({territory})":  # a state shown as its own part
                        own.setdefault(parts[1], str(territory))
    return {**territories, **own, **states}


def state_name(iso3: str) -> str:
    """Return the English name of a state or territory code (the code itself if unknown).

    Examples
    --------
    >>> state_name("chl"), state_name("KOR"), state_name("XXX")
    ('Chile', 'South Korea', 'XXX')
    """
    code = iso3.upper()
    return state_names().get(code, code)
