"""How well the shipped zone data knows a maritime limit, where it is.

The shipped limit lines (:mod:`trajgeo.maritime.lines`) each carry a 95 %
bound of their offset from the true limit, measured for their class of
boundary in their region (``geodata/measure_accuracy.py``); the measurement
also gives each class's median offset (``geodata/eez/accuracy.json``). This
module turns those into the error of the limit nearest a place:
:func:`limit_errors` for many points (what the fused estimate integrates),
:func:`local_error` for one (what ``trajgeo where`` and the verdicts report).

Examples
--------
>>> err = local_error(131.2, 38.6)   # the sea north-west of Ulleungdo
>>> err.kind, err.p95_km > err.median_km > 0
('disputed_band', True)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

__all__ = [
    "BORDER_BASIS",
    "BORDER_STAND_IN_BASIS",
    "COAST_BASIS",
    "EEZ_LIMITS",
    "INSTRUMENT_BASIS",
    "POOLED_BASIS",
    "SEGMENT_BASIS",
    "STAND_IN_BASIS",
    "UNMEASURED_KM",
    "LimitError",
    "basis_of",
    "border_errors",
    "class_stats",
    "coast_error",
    "error_reach",
    "limit_errors",
    "limit_errors_and_sources",
    "local_border",
    "local_error",
    "state_borders",
]

#: Where the figures come from, as the outputs say it.
SEGMENT_BASIS = "measured for this class of boundary in this region, geodata/eez/accuracy.json"
#: Where they come from for a line outside every tuned region of the measurement, or in one of
#: the regions held out to test the figures (``geodata/measure_accuracy.py``'s ``HELD_OUT``).
POOLED_BASIS = (
    "measured for this class of boundary in other regions: this one is unmeasured or kept "
    "out to test the figure, geodata/eez/accuracy.json"
)
#: Where they come from for a line the measurement could not match (see :data:`UNMEASURED_KM`).
STAND_IN_BASIS = (
    "not measured here as the reference has no such boundary near it: this class's figure "
    "over the measured regions stands in, geodata/eez/accuracy.json"
)
#: The bound the limit layer gives a line the measurement found no counterpart for
#: (``geodata/measure_accuracy.py``'s cap): how far it is from the truth was not measured.
UNMEASURED_KM = 500.0
#: Where a published line's bound comes from: the instrument's coordinates, not a measurement.
INSTRUMENT_BASIS = (
    "the bound stated with the line's published coordinates, geodata/eez/limit_sources.yaml"
)
#: Where a land border's figures come from, as the outputs say it.
BORDER_BASIS = (
    "measured for this stretch of land border against the WDBII borders, "
    "geodata/land/border_accuracy.json"
)
#: Where they come from for a border too short to measure alone, or one WDBII lacks.
BORDER_STAND_IN_BASIS = (
    "not measured for this land border alone as it is too short or the WDBII reference lacks "
    "it: the figure over all land borders stands in, geodata/land/border_accuracy.json"
)
#: Where a coast's figures come from, in a region of the measurement and elsewhere.
COAST_BASIS = (
    "measured for the coast in this region against the GSHHG shorelines, "
    "geodata/land/coast_accuracy.json"
)
COAST_WORLD_BASIS = (
    "measured for the coast over the world against the GSHHG shorelines (no region of the "
    "measurement holds this place), geodata/land/coast_accuracy.json"
)
#: Limit kinds that bound an EEZ (the 12-NM line does not).
EEZ_LIMITS = (
    "outer_limit_200nm",
    "median_line",
    "treaty",
    "court_ruling",
    "disputed_band",
    "joint_regime",
)


@dataclass(frozen=True)
class LimitError:
    """The EEZ limit nearest a place: its kind, how far it is and how well it is known.

    Attributes
    ----------
    kind
        The limit's class (``outer_limit_200nm``, ``median_line``, ``treaty``,
        ``court_ruling``, ``disputed_band``, ``joint_regime``).
    median_km, p95_km
        Its offset from the true limit: the median and the bound 95 % of
        offsets stay under, for its class in its region.
    distance_km
        Great-circle distance from the place to the line.
    basis
        Where the figures come from.
    source
        The instrument the line follows (a treaty, a court's judgment, or a
        treaty's rule drawn from the coastline), or ``""`` for a line trajgeo
        derived from the coastline alone.
    """

    kind: str
    median_km: float
    p95_km: float
    distance_km: float
    basis: str = SEGMENT_BASIS
    source: str = ""

    def describe(self) -> str:
        """Say it in words, e.g. ``"median line, 45 km away: error median 3.4 km, ..."``."""
        from trajgeo.wording import limit_error_text

        return limit_error_text(self)

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "kind": self.kind,
            "distance_km": round(self.distance_km, 1),
            "median_km": round(self.median_km, 1),
            "p95_km": round(self.p95_km, 1),
            "basis": self.basis,
            "source": self.source,
        }


@lru_cache(maxsize=1)
def class_stats() -> dict[str, tuple[float, float]]:
    """Median and 95th percentile offset per boundary class, from the shipped measurement.

    Both directions of the class-matched measurement are taken, the worse of
    each; points the measurement could not match at all are left out of
    these figures (they cap the layer's own ``error_km`` at 500 km).
    """
    import json

    from trajgeo.io.data import data_dir

    path = data_dir() / "eez" / "accuracy.json"
    if not path.exists():
        return {}
    doc = json.loads(path.read_text(encoding="utf-8"))
    out = {}
    for kind, sides in (doc.get("by_class", {}).get("tuned", {}) or {}).items():
        got = [v for v in sides.values() if isinstance(v, dict) and "median" in v]
        if got:
            out[kind] = (max(v["median"] for v in got), max(v["p95"] for v in got))
    return out


def _line_errors(lim: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each line's class, 95 % error, its class's cap of that error, and its class's median.

    The median is 0 where none was measured for the class, the cap infinite
    (see :func:`limit_errors`).
    """
    hit = _LINE_ERRORS.get(id(lim))
    if hit is not None and hit[0] is lim:
        return hit[1]
    kind = np.asarray(lim.attrs["kind"]).astype(str)
    stats = class_stats()
    names, which = np.unique(kind, return_inverse=True)
    table = np.array([stats.get(str(k), (0.0, np.inf)) for k in names], dtype=float)
    table = table.reshape(-1, 2)
    out = (kind.astype(object), lim.error_km, table[which.ravel(), 1], table[which.ravel(), 0])
    if len(_LINE_ERRORS) > 64:
        _LINE_ERRORS.clear()
    _LINE_ERRORS[id(lim)] = (lim, out)
    return out


_LINE_ERRORS: dict[int, tuple[Any, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]] = {}


def _quoted(p95: np.ndarray, class_p95: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the 95 % error to quote for each line, and whether its class's figure stands in.

    A line keeps the figure measured for its class in its region, even where
    that is worse than the class's figure over all measured regions: the
    local figure is the one to judge a margin by. Only a line the measurement
    could not match (:data:`UNMEASURED_KM`) takes its class's figure instead
    (never more than the marker itself).

    Examples
    --------
    >>> p, stand_in = _quoted(np.array([217.0, 500.0, 12.0]), np.array([190.0, 71.0, 62.0]))
    >>> p.tolist(), stand_in.tolist()
    ([217.0, 71.0, 12.0], [False, True, False])
    """
    stand_in = (p95 >= UNMEASURED_KM) & np.isfinite(class_p95)
    return np.where(stand_in, np.minimum(p95, class_p95), p95), stand_in


def limit_errors(
    pts: np.ndarray, iso3: str | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """Return the nearest EEZ limit's median and 95 % error, kind and distance (km).

    Parameters
    ----------
    pts
        ``(n, 2)`` lon/lat, degrees.
    iso3
        Only the limits of this state's zone (a band's claimants count);
        ``None`` for any state's.

    Returns
    -------
    (median_km, p95_km, kind, distance_km) or None
        Arrays of ``n``; ``None`` when the shipped limit layer is absent or
        has no such limit.
    """
    found = limit_errors_and_sources(pts, iso3)
    return None if found is None else found[1:5]


def limit_errors_and_sources(
    pts: np.ndarray, iso3: str | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """Return :func:`limit_errors` with each point's nearest limit's source and its bound's origin.

    First comes the source, the line's own text in the limit layer (``""``
    where no limit was found); last, where the line's bound comes from, as
    :func:`basis_of` takes it: ``"region"`` (measured for its class in its
    region), ``"tuned"`` (its class's figure over the tuned regions: the
    line lies outside them or in a held-out region) or ``"stand_in"`` (its
    class's figure stands in for an unmeasured line's own).
    """
    from trajgeo.errors import DataError
    from trajgeo.maritime.lines import nearest_limit

    try:
        lim, idx, dist = nearest_limit(pts[:, 0], pts[:, 1], iso3 or None, kinds=EEZ_LIMITS)
    except (DataError, FileNotFoundError):
        return None
    # each line's class looked up once per set of lines, not once a sample
    kinds, errors, caps, meds = _line_errors(lim)
    ok = idx >= 0
    p95 = np.full(len(idx), np.nan)
    p95[ok] = errors[idx[ok]]
    known = np.isfinite(p95)
    if not known.any():
        return None
    kind = np.full(len(idx), "", dtype=object)
    kind[ok] = kinds[idx[ok]]
    cap, med = np.full(len(idx), np.inf), np.zeros(len(idx))
    cap[ok], med[ok] = caps[idx[ok]], meds[idx[ok]]
    # where no error is known: the worst of the others
    p95, stand_in = _quoted(np.where(known, p95, float(np.max(p95[known]))), cap)
    # where no median was measured, keep the measured tail's shape: a tenth of the p95
    med = np.where(med > 0, med, p95 / 10.0)
    source = np.full(len(idx), "", dtype=object)
    source[ok] = np.asarray(lim.attrs["source"], dtype=object)[idx[ok]]
    origin = np.full(len(idx), "region", dtype=object)
    if "error_from" in lim.attrs:  # layers built before it was recorded: all regional
        pooled = np.asarray(lim.attrs["error_from"])[idx[ok]] == "tuned"
        origin[ok] = np.where(pooled, "tuned", "region")
    origin[stand_in] = "stand_in"
    return (
        source,
        np.minimum(med, p95 * 0.9),
        p95,
        kind,
        np.where(np.isfinite(dist), dist, np.inf),
        origin,
    )


def error_reach(lon: float, lat: float, radius_km: float, iso3: str | None = None) -> float:
    """Return how far from a disc a limit's error can still move a probability (km).

    A limit whose offset from the true limit has a 95 % bound ``e`` moves a
    point's probability of lying inside by under a quarter of a percent
    beyond about ``5 e`` (the offsets' log-normal tail,
    :func:`trajgeo.analysis.boundary_error.p_inside_arrays`). This is ``5 e``
    for the worst-known limit of the state that comes that close to the disc
    of ``radius_km`` around (``lon``, ``lat``), or 0 when none does: samples
    farther than this from every limit are on their side for certain, and
    nearer ones must be measured against their own stretch of limit.

    Parameters
    ----------
    lon, lat
        The disc's centre, degrees.
    radius_km
        Its radius (the farthest sample from the centre).
    iso3
        Only the limits of this state's zone; ``None`` for any state's.

    Examples
    --------
    >>> reach = error_reach(131.2, 38.6, 100.0, "JPN")   # a disputed band's edge nearby
    >>> reach == 5 * local_error(131.2, 38.6, "JPN").p95_km
    True
    >>> error_reach(-30.0, 0.0, 100.0, "JPN")           # the mid-Atlantic, far from Japan
    0.0
    """
    from trajgeo.errors import DataError
    from trajgeo.maritime.lines import _default_path, _haversine_km, _selected

    try:
        lim = _selected(str(_default_path()), iso3 or None, EEZ_LIMITS)
    except (DataError, FileNotFoundError):
        return 0.0
    if not len(lim):
        return 0.0
    errors = _line_errors(lim)
    p95 = _quoted(errors[1], errors[2])[0]
    known = np.isfinite(p95)
    if not known.any():
        return 0.0
    # a line whose error is not known takes the worst of the others (as limit_errors does)
    p95 = np.where(known, p95, float(np.max(p95[known])))
    xy, piece = lim.dense
    d = _haversine_km(
        np.full(len(xy), float(lon)), np.full(len(xy), float(lat)), xy[:, 0], xy[:, 1]
    )
    # each line's nearest approach to the disc's centre
    near = np.full(len(lim), np.inf)
    np.minimum.at(near, lim.line[piece], d)
    within = near - float(radius_km) <= 5.0 * p95
    return float(5.0 * p95[within].max()) if within.any() else 0.0


def local_error(lon: float, lat: float, iso3: str | None = None) -> LimitError | None:
    """Return the EEZ limit nearest a point, with its error there.

    Parameters
    ----------
    lon, lat
        The point, degrees.
    iso3
        Only the limits of this state's zone; ``None`` for any state's.

    Returns
    -------
    LimitError or None
        ``None`` when the shipped limit layer is absent or has no such limit.

    Examples
    --------
    >>> err = local_error(140.0, 30.0, "JPN")
    >>> err.kind, round(err.p95_km) == round(err.p95_km, 1)
    ('outer_limit_200nm', True)
    """
    got = limit_errors_and_sources(np.array([[float(lon), float(lat)]]), iso3)
    if got is None or not np.isfinite(got[2][0]) or not np.isfinite(got[4][0]):
        return None
    source, med, p95, kind, dist, origin = (x[0] for x in got)
    return LimitError(
        str(kind),
        float(med),
        float(p95),
        float(dist),
        basis=basis_of(str(kind), str(source), str(origin)),
        source=_instrument(str(kind), str(source)),
    )


def local_border(
    lon: float, lat: float, iso3: str, zone_id: str | None = None
) -> tuple[LimitError, str] | None:
    """Return a state's land border nearest a point, with its error, and the zone across it.

    Parameters
    ----------
    lon, lat
        The point, degrees.
    iso3
        The state (or territory) whose borders are searched.
    zone_id
        The land zone holding the point (``land-MAR``, a disputed area's
        ``land-oc-ESH-MAR-western-sahara``): only its own borders are
        searched, and the zone across is the other one. Without it, every
        border of ``iso3`` is, and the zone across is the side not named
        ``iso3`` (or not naming it alone).

    Returns
    -------
    (LimitError, str) or None
        The border's error there and distance, and the id of the land zone on
        its other side; ``None`` when there is no such border in the shipped
        data.

    Examples
    --------
    >>> err, across = local_border(128.18, 41.40, "PRK")   # Hyesan, on the Yalu
    >>> err.kind, err.distance_km < 10.0, err.p95_km < 5.0, across
    ('land_border', True, True, 'land-CHN')
    >>> local_border(-11.0, 28.0, "MAR", "land-MAR")[1]     # south Morocco
    'land-oc-ESH-MAR-western-sahara'
    """
    from trajgeo._checks import instance, lonlat
    from trajgeo.errors import InputError
    from trajgeo.maritime.lines import nearest_line
    from trajgeo.maritime.names import state_names

    lon, lat = lonlat(lon, lat)
    instance(iso3, str, "iso3", "a state or territory code such as 'PRK'")
    if iso3.strip().upper() not in state_names():
        raise InputError(
            "no state or territory of the shipped data has this code",
            field="iso3",
            value=iso3,
            allowed="an ISO 3166-1 alpha-3 code of the zone data, such as 'PRK'",
        )
    iso3 = iso3.strip().upper()
    borders = state_borders(iso3, zone_id)
    if borders is None:
        return None
    idx, dist = nearest_line(borders, np.array([lon]), np.array([lat]), BORDER_REFINE_KM)
    if idx[0] < 0:
        return None
    source, med, p95, kind, _, origin = (x[0] for x in _border_rows(borders, idx, dist))
    k = int(idx[0])
    a, b = (str(borders.attrs[f"zone_{s}"][k]) for s in ("a", "b"))
    if zone_id is not None:
        across = b if a == zone_id else a
    else:  # the side that is the state alone is its own; else the one naming it
        side_a, side_b = (str(borders.attrs[f"side_{s}"][k]) for s in ("a", "b"))
        mine_a = side_a == iso3 or (side_b != iso3 and iso3 in side_a.split(";"))
        across = b if mine_a else a
    err = LimitError(
        "land_border", float(med), float(p95), float(dist[0]), basis_of(kind, source, origin)
    )
    return err, across


def _instrument(kind: str, source: str) -> str:
    """Return the instrument a line follows, from its ``source``; ``""`` for a derived line."""
    from trajgeo.maritime.lines import DERIVED_SOURCE_PREFIXES

    if kind not in ("treaty", "court_ruling", "joint_regime", "median_line"):
        return ""
    return "" if source.startswith(DERIVED_SOURCE_PREFIXES) else source


def basis_of(kind: str, source: str, origin: str = "region") -> str:
    """Say where a limit's error bound comes from, given its class, source and origin.

    A line copied from an instrument's coordinates (a treaty, a court's
    ruling, a published joint regime) carries the bound stated with them; any
    other line, including one the build draws by a treaty's rule, the bound
    measured for its class in its region (``origin="region"``), or its
    class's figure over the tuned regions where no tuned region holds it
    (``"tuned"``: outside them, or in a region held out to test that figure);
    a line the measurement could not match (``"stand_in"``), its class's
    figure over the measured regions.

    Examples
    --------
    >>> basis_of("treaty", "Agreement between Japan and ...") == INSTRUMENT_BASIS
    True
    >>> basis_of("median_line", "unagreed equidistance line between ...") == SEGMENT_BASIS
    True
    >>> basis_of("median_line", "unagreed equidistance line ...", "tuned") == POOLED_BASIS
    True
    >>> basis_of("median_line", "unagreed equidistance line ...", "stand_in") == STAND_IN_BASIS
    True
    """
    if kind in ("treaty", "court_ruling", "joint_regime") and _instrument(kind, source):
        return INSTRUMENT_BASIS
    return {
        "tuned": POOLED_BASIS,
        "stand_in": STAND_IN_BASIS,
        "border": BORDER_BASIS,
        "border_stand_in": BORDER_STAND_IN_BASIS,
    }.get(origin, SEGMENT_BASIS)


@lru_cache(maxsize=1)
def _coast_doc() -> dict[str, Any] | None:
    import json

    from trajgeo.io.data import data_dir

    path = data_dir() / "land" / "coast_accuracy.json"
    if not path.exists():
        return None
    return dict(json.loads(path.read_text(encoding="utf-8")))


def coast_error(lon: float, lat: float) -> tuple[float, float, str] | None:
    """Return the median and 95 % bound (km) of the shipped coast's offset near a place.

    Measured by ``geodata/measure_coasts.py`` against GSHHG's full-resolution
    shorelines (from the World Vector Shoreline, independent of the World Data
    Bank II that Natural Earth's coast derives from), per region of the
    maritime measurement: the worst of the regions holding the place, else the
    world's. The bound includes the reference's own error at its scale. Also
    returns where the figures come from; ``None`` without the measurement.

    Examples
    --------
    >>> med, p95, basis = coast_error(129.8, 41.0)   # North Korea's east coast
    >>> med < 1.0 < p95 < 5.0, basis == COAST_BASIS
    (True, True)
    """
    doc = _coast_doc()
    if doc is None:
        return None
    allowance = float(doc.get("reference_allowance_km", 0.0))
    held = [
        v
        for v in doc["regions"].values()
        if "p95" in v and any(x0 <= lon <= x1 and y0 <= lat <= y1 for x0, y0, x1, y1 in v["boxes"])
    ]
    got, basis = (
        (max(held, key=lambda v: v["p95"]), COAST_BASIS)
        if held
        else (
            doc["world"],
            COAST_WORLD_BASIS,
        )
    )
    return float(got["median"]), round(float(got["p95"]) + allowance, 2), basis


def state_borders(iso3: str, zone_id: str | None = None) -> Any:
    """Return the shipped land borders with ``iso3`` on one side, or ``None`` if there are none.

    With ``zone_id`` (a land zone's id, ``land-MAR``), only that zone's own borders.
    The layer (``geodata/land/borders.npz``, :mod:`trajgeo.maritime.lines`'s format, kind
    ``land_border``) is built and measured by ``geodata/build_borders.py``: each border's
    offset from the WDBII borders, or the figure over all borders where it could not be
    measured alone. A disputed area's edge names its claimants on one side.

    Examples
    --------
    >>> prk = state_borders("PRK")
    >>> sorted(str(s) for s in set(prk.attrs["side_a"]) | set(prk.attrs["side_b"]))
    ['CHN', 'KOR', 'PRK', 'RUS']
    >>> state_borders("JPN") is None   # no land border
    True
    """
    from trajgeo.io.data import data_dir
    from trajgeo.maritime.lines import _selected

    path = data_dir() / "land" / "borders.npz"
    if not path.exists():
        return None
    lim = _selected(str(path), iso3, ("land_border",))
    if zone_id is not None:
        own = np.asarray((lim.attrs["zone_a"] == zone_id) | (lim.attrs["zone_b"] == zone_id))
        lim = lim.subset(own)
    return lim if len(lim) else None


#: Distances to land borders are measured exactly within this (km); see :func:`border_errors`.
BORDER_REFINE_KM = 30.0


def border_errors(
    pts: np.ndarray, borders: Any
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return :func:`limit_errors_and_sources`'s answer for the nearest of some land borders.

    ``borders`` are lines of :func:`state_borders` (or a subset); the origin is
    ``"border"`` where the border's own offset was measured, ``"border_stand_in"``
    where the figure over all borders stands in (see :func:`basis_of`).

    Examples
    --------
    >>> got = border_errors(np.array([[127.0, 41.8]]), state_borders("PRK"))  # by the Yalu
    >>> kind, dist, p95 = got[3][0], got[4][0], got[2][0]
    >>> str(kind), bool(dist < 20.0), bool(p95 < 5.0)
    ('land_border', True, True)
    """
    from trajgeo.maritime.lines import nearest_line

    # beyond 30 km a border's distance is taken from its first guess, at most 0.5 km short
    # (never long: no margin is overstated), which saves nine tenths of the cost: a sample
    # that far is on its side of a border known to a few km for certain, and a border known
    # worse has an error far above 0.5 km
    idx, dist = nearest_line(borders, pts[:, 0], pts[:, 1], refine_km=BORDER_REFINE_KM)
    return _border_rows(borders, idx, dist)


def _border_rows(
    borders: Any, idx: np.ndarray, dist: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`border_errors`'s answer for points whose nearest border (``idx``) is known."""
    ok = idx >= 0
    take = np.where(ok, idx, 0)
    attrs = borders.attrs
    p95 = np.where(ok, attrs["error_km"][take].astype(float), np.nan)
    med = np.where(ok, attrs["median_km"][take].astype(float), np.nan)
    measured = np.isin(attrs["error_from"][take], ("stretch", "pair"))
    return (
        np.where(ok, attrs["source"][take].astype(object), ""),
        np.minimum(med, p95 * 0.9),
        p95,
        np.where(ok, "land_border", "").astype(object),
        np.where(ok, dist, np.inf),
        np.where(measured, "border", "border_stand_in").astype(object),
    )
