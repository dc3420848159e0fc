"""Names of states and territories, from the shipped Natural Earth-based data set.

trajgeo's zone data carries each state's and territory's Natural Earth name;
:func:`state_name` reads them once, so a claim about ``CHL`` reads "Chile's
EEZ", and a territory code such as ``PYF`` reads "French Polynesia".
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trajgeo.maritime.zoneset import ZoneSet

__all__ = ["has_sea", "require_known_code", "require_sea", "state_name", "state_names"]


@cache
def state_names() -> dict[str, str]:
    """Return ISO 3166-1 alpha-3 code -> English name for every state and territory shipped.

    A state's own zones (``eez-CHL``, ``land-CHL``) give its name; a territory's
    zones (``eez-FRA-PYF``) give the territory's; a code that has no zone of its
    own and claims one disputed area (``land-oc-ESH-MAR-western-sahara``) takes
    that area's name. Empty when the shipped data cannot be read.

    Examples
    --------
    >>> names = state_names()
    >>> names["CHL"], names["JPN"], names["PYF"], names["ESH"]
    ('Chile', 'Japan', 'French Polynesia', 'Western Sahara')
    """
    import numpy as np

    from trajgeo.errors import DataError
    from trajgeo.io.data import data_path

    states: dict[str, str] = {}
    territories: dict[str, str] = {}
    own: dict[str, str] = {}
    areas: dict[str, set[str]] = {}
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
                if parts[1] == "oc":  # a disputed area: its claimants' codes, then its slug
                    for code in (p for p in parts[2:] if len(p) == 3 and p.isupper()):
                        areas.setdefault(code, set()).add(str(name))
                elif len(parts) == 2:
                    states.setdefault(parts[1], str(name))
                elif len(parts) == 3 and str(territory):
                    territories.setdefault(parts[2], str(territory))
                    if str(name) == f"{territory} ({territory})":  # a state shown as its own part
                        own.setdefault(parts[1], str(territory))
    alone = {c: next(iter(n)) for c, n in areas.items() if len(n) == 1}
    return {**alone, **territories, **own, **states}


def state_name(iso3: str) -> str:
    """Return the English name of a state or territory code (the code itself if unknown).

    Examples
    --------
    >>> state_name("chl"), state_name("KOR"), state_name("XXX")
    ('Chile', 'South Korea', 'XXX')
    """
    from trajgeo._checks import instance

    instance(iso3, str, "iso3", "a state or territory code such as 'JPN'")
    code = iso3.upper()
    return state_names().get(code, code)


def require_known_code(
    code: str, zones: ZoneSet, *, source: str | None, field: str, what: str = "zone code"
) -> None:
    """Stop on a code that names no state or territory of the zone data ("Japan", "JP", "XXX").

    A claim about such a zone was judged as "no EEZ of JAPAN" and passed silently, or was
    contradicted with confidence; a worldview of such a state changed nothing. Raises
    :class:`~trajgeo.errors.EventFileError` for an event file's code (``source`` given),
    else :class:`~trajgeo.errors.InputError`, with the closest codes. A band's claimant
    with no zone of its own is a known code.

    Examples
    --------
    >>> from trajgeo.maritime.zoneset import load_zones
    >>> zs = load_zones()
    >>> require_known_code("JPN", zs, source=None, field="claims[0].zone")  # known: silent
    >>> try:
    ...     require_known_code("Japan", zs, source=None, field="claims[0].zone")
    ... except Exception as exc:
    ...     print(exc.allowed.split("; ")[-1])
    did you mean JPN?
    """
    import difflib

    from trajgeo.errors import EventFileError, InputError

    code = str(code)
    codes = zones.codes  # found once per zone set, not at every claim and worldview
    if code.upper() in codes:
        return
    names = {n.casefold(): c for c, n in state_names().items() if c in codes}
    guess = [names[n] for n in difflib.get_close_matches(code.casefold(), list(names), 2, 0.75)]
    guess += sorted(c for c in codes if len(code) < 3 and c.startswith(code.upper()))[:3]
    hint = "did you mean " + " or ".join(dict.fromkeys(guess)) + "?" if guess else ""
    error = EventFileError if source is not None else InputError  # an event file's, or a caller's
    raise error(
        f"unknown {what}",
        source=source,
        field=field,
        value=code,
        allowed="a state's or territory's ISO 3166-1 alpha-3 code in the zone data"
        + (f"; {hint}" if hint else ""),
    )


def has_sea(zones: ZoneSet, code: str) -> bool:
    """Whether the zone data gives a state or territory any sea (an EEZ or a territorial sea).

    Examples
    --------
    >>> from trajgeo.maritime.zoneset import load_zones
    >>> zs = load_zones()
    >>> has_sea(zs, "JPN"), has_sea(zs, "MNG")
    (True, False)
    """
    code = code.upper()
    return any(
        z.kind in ("eez", "territorial_sea") and code in (z.sovereign_iso3, z.territory_iso3)
        for z in zones.zones
    )


def require_sea(code: str, kind: str, zones: ZoneSet, *, source: str | None, field: str) -> None:
    """Stop on a claim about the EEZ or territorial sea of a state the data gives no sea.

    "Inside Mongolia's territorial sea" had held for a missile that fell near Ulaanbaatar:
    such a zone counts the state's land as inside, and Mongolia has nothing else.
    """
    if kind not in ("eez", "territorial_sea") or has_sea(zones, code):
        return
    from trajgeo.errors import EventFileError, InputError

    what = "EEZ" if kind == "eez" else "territorial sea"
    error = EventFileError if source is not None else InputError
    raise error(
        f"{state_name(code)} has no {what} in the zone data",
        source=source,
        field=field,
        value=kind,
        allowed="land (a state without a coast has neither an EEZ nor a territorial sea)",
    )
