"""A catalogue of launches on one map: every missile's estimated impact, by year or verdict.

:func:`build_catalogue` runs the fused estimate (:func:`trajgeo.analysis.analyse`)
over many events and keeps one :class:`CatalogueEntry` per missile group: the
launch point, the median of the impact samples, the 95 % region, and how the
claim that covers the missile fares (holds, near the line, contradicted,
cannot say, or no claim). :mod:`trajgeo.maps.catalogue_static` draws them on a
static map (PNG, SVG or PDF) with no per-event text, so that 50 events stay
legible; :mod:`trajgeo.maps.catalogue_html` writes the same entries as a
filterable HTML page. :func:`catalogue_map_command` is what
``trajgeo map --summary`` calls.

Every position on these maps is trajgeo's estimate from reports, not an
observed impact, and the footer says so.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from trajgeo.errors import InputError

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from trajgeo.analysis.core import Analysis
    from trajgeo.analysis.fused import FusedEvent, MissileAnalysis
    from trajgeo.events import Event
    from trajgeo.maritime.zoneset import ZoneSet

__all__ = [
    "COLOUR_BY",
    "VERDICTS",
    "Catalogue",
    "CatalogueEntry",
    "build_catalogue",
    "catalogue_from_analysis",
    "catalogue_from_fused",
    "event_entries",
    "catalogue_map_command",
    "parse_colour_by",
]

log = logging.getLogger(__name__)

Verdict = Literal["holds", "near_line", "not_settled", "contradicted", "unknown", "no_claim"]
#: What the markers can be coloured by.
COLOUR_BY = ("year", "verdict")
#: Each verdict's legend words and Okabe–Ito colour, in legend order.
VERDICTS: dict[str, tuple[str, str]] = {
    "holds": ("Claim holds", "#009E73"),
    "near_line": ("Too near the line to say", "#E69F00"),
    "not_settled": ("Not settled: in disputed land or sea", "#0072B2"),
    "contradicted": ("Claim contradicted", "#D55E00"),
    "unknown": ("Cannot say (not placed)", "#CC79A7"),
    "no_claim": ("No claim about this missile", "#999999"),
}
#: Marker shapes by verdict: shape and colour both tell the verdict apart.
_SHAPES = {
    "holds": "o",
    "near_line": "D",
    "not_settled": "P",
    "contradicted": "X",
    "unknown": "s",
    "no_claim": "v",
}
#: The sentence every catalogue map carries.
ESTIMATE_NOTE = (
    "Positions are trajgeo's estimates from published reports, not observed impacts: "
    "each marker is the median of one missile group's fused estimate, the shaded area "
    "its 95 % region, the thin line runs from the launch site."
)
BASEMAP_CREDIT = "Basemap: Natural Earth (public domain)"
_YEAR_CMAP = "cividis"
#: A 95 % region wider or taller than this (degrees) does not set the map's extent.
_EXTENT_REGION_DEG = 15.0
_STATIC_SUFFIXES = (".png", ".svg", ".pdf")


@dataclass(frozen=True)
class CatalogueEntry:
    """One missile group of one event, as the catalogue map shows it.

    Attributes
    ----------
    event_id, title, date
        The event's id, title and date (``None`` when the file gives none).
    missile, count, name
        The group's 1-based number in its event, how many missiles it holds,
        and the missile's name or class as reported.
    launch
        ``(lon, lat)`` of the launch site as the event file gives it.
    impact
        ``(lon, lat)`` median of the impact samples (trajgeo's estimate), or
        ``None`` when the accounts do not place the impact or do not fix the
        direction of flight (the median of a ring of possible impacts would be
        a point nobody reported: such a group is shown by its region only).
    region_95
        The 95 % region (lon/lat polygon), or ``None``.
    verdict
        How the claim covering this group fares: ``holds``, ``near_line``,
        ``not_settled`` (the area is disputed and that decides the claim),
        ``contradicted``, ``unknown`` (cannot say) or ``no_claim``.
    probability
        The probability that the claim is true for this group (``None`` without one).
    p_inside
        The probability that the group came down inside the claim's zone.
    zone
        The claim's zone as a reader names it (``"Japan's EEZ"``), or ``None``.
    claim_inside
        Whether the claim said inside (``None`` without a claim).
    claim_source
        Who made the claim.
    sources
        ``(publisher or title, url)`` of each of the event's sources.
    """

    event_id: str
    title: str
    date: dt.date | None
    missile: int
    count: int
    name: str | None
    launch: tuple[float, float]
    impact: tuple[float, float] | None
    region_95: BaseGeometry | None
    verdict: Verdict
    probability: float | None = None
    p_inside: float | None = None
    zone: str | None = None
    claim_inside: bool | None = None
    claim_source: str | None = None
    sources: tuple[tuple[str, str | None], ...] = ()

    @property
    def year(self) -> int | None:
        """The launch year, or ``None``."""
        return None if self.date is None else self.date.year


@dataclass(frozen=True)
class Catalogue:
    """Every entry of a catalogue run, the claimed zones' outlines and the credits.

    Attributes
    ----------
    entries
        One per missile group, by date then event then group.
    zones
        ``(label, lon/lat geometry)`` of each zone a claim names.
    zone_credit
        Credit line of the maritime zone data set (empty without zones).
    skipped
        ``(file, one-line error)`` of each file that could not be read.
    """

    entries: tuple[CatalogueEntry, ...]
    zones: tuple[tuple[str, BaseGeometry], ...] = ()
    zone_credit: str = ""
    skipped: tuple[tuple[str, str], ...] = ()

    @property
    def n_events(self) -> int:
        """Number of distinct events."""
        return len({e.event_id for e in self.entries})

    @property
    def placed(self) -> tuple[CatalogueEntry, ...]:
        """The entries with an estimated impact point (a marker)."""
        return tuple(e for e in self.entries if e.impact is not None)

    @property
    def region_only(self) -> tuple[CatalogueEntry, ...]:
        """The entries with a 95 % region but no impact point (direction not known)."""
        return tuple(e for e in self.entries if e.impact is None and e.region_95 is not None)

    @property
    def years(self) -> tuple[int, int] | None:
        """First and last launch year, or ``None`` when no entry is dated."""
        ys = [e.year for e in self.entries if e.year is not None]
        return (min(ys), max(ys)) if ys else None

    @property
    def n_sources(self) -> int:
        """Number of distinct sources over all events."""
        return len({s for e in self.entries for s in e.sources})


# --------------------------------------------------------------------------- data
def parse_colour_by(value: str) -> str:
    """Return ``value`` checked against :data:`COLOUR_BY`.

    Raises
    ------
    InputError
        For anything else.

    Examples
    --------
    >>> parse_colour_by("Verdict")
    'verdict'
    """
    v = str(value).strip().lower()
    if v not in COLOUR_BY:
        raise InputError(
            "unknown colouring",
            source="command line",
            field="colour-by",
            value=value,
            allowed=COLOUR_BY,
        )
    return v


def _median_impact(ma: MissileAnalysis, launch_lon: float) -> tuple[float, float] | None:
    est = ma.estimate
    if not est.placed or est.n == 0 or not est.direction_known:
        return None
    pts = np.asarray(est.impacts, dtype=float)
    # longitudes relative to the launch, so a cloud across ±180° has a true median
    rel = (pts[:, 0] - launch_lon + 180.0) % 360.0 - 180.0
    lon = (launch_lon + float(np.median(rel)) + 180.0) % 360.0 - 180.0
    return lon, float(np.median(pts[:, 1]))


def _claim_for(fused: FusedEvent, number: int) -> tuple[Any, Any] | None:
    """Return the first claim covering missile group ``number``, and its side for the group."""
    for cv in fused.claims:
        side = next((s for s in cv.missiles if s.missile == number), None)
        if side is not None:
            return cv, side
    return None


def _date(event: Event) -> dt.date | None:
    d = event.date
    if isinstance(d, dt.datetime):
        return d.date()
    return d


def _sources(event: Event) -> tuple[tuple[str, str | None], ...]:
    return tuple(((s.publisher or s.title or "").strip(), s.url) for s in event.sources)


def event_entries(event: Event, fused: FusedEvent) -> list[CatalogueEntry]:
    """Return one :class:`CatalogueEntry` per missile group of a fused event."""
    from trajgeo.wording import claim_label

    out = []
    for ma in fused.missiles:
        region = next((r.geometry for r in ma.regions if abs(r.level - 0.95) < 1e-9), None)
        verdict: Verdict = "no_claim"
        prob = p_in = None
        zone = source = None
        inside = None
        found = _claim_for(fused, ma.number)
        if found is not None:
            cv, side = found
            # a claim left open by a dispute is not "too near the line"
            verdict = cv.verdict
            zone, source, inside = claim_label(cv.zone, cv.kind), cv.source, cv.inside
            if side.placed and cv.status != "unknown":
                prob = side.p_claimed_side
                p_in = prob if cv.inside else 1.0 - prob
        m = ma.estimate.missile
        out.append(
            CatalogueEntry(
                event_id=event.id,
                title=event.title,
                date=_date(event),
                missile=ma.number,
                count=m.count,
                name=m.missile,
                launch=(event.launch.lon, event.launch.lat),
                impact=_median_impact(ma, event.launch.lon),
                region_95=None if region is None or region.is_empty else region,
                verdict=verdict,
                probability=prob,
                p_inside=p_in,
                zone=zone,
                claim_inside=inside,
                claim_source=source,
                sources=_sources(event),
            )
        )
    return out


def _zone_outlines(
    events: Sequence[Event], zones: ZoneSet | None
) -> tuple[tuple[str, BaseGeometry], ...]:
    if zones is None:
        return ()
    out = []
    for iso3 in sorted({c.zone.upper() for e in events for c in e.claims if len(c.zone) == 3}):
        z = zones.state_area(iso3, "eez")
        if z is not None:
            out.append((z.label, z.geometry))
    return tuple(out)


def _zone_credit(zones: ZoneSet | None) -> str:
    if zones is None:
        return ""
    ds = zones.dataset
    return f"Maritime zones: {ds.name} {ds.version}; {ds.attribution}"


def catalogue_from_analysis(
    analysis: Analysis, skipped: Sequence[tuple[str, str]] = ()
) -> Catalogue:
    """Return the :class:`Catalogue` of an :class:`~trajgeo.analysis.core.Analysis`.

    The analysis must carry the fused estimate (``analyse(..., estimate=True)``).
    """
    pairs = [(ea.event, ea.fused) for ea in analysis.events if ea.fused is not None]
    return catalogue_from_fused(pairs, analysis.zones, skipped)


def catalogue_from_fused(
    pairs: Iterable[tuple[Event, FusedEvent]],
    zones: ZoneSet | None = None,
    skipped: Sequence[tuple[str, str]] = (),
) -> Catalogue:
    """Return the :class:`Catalogue` of ``(event, fused estimate)`` pairs."""
    pairs = list(pairs)
    entries = [en for ev, fu in pairs for en in event_entries(ev, fu)]
    entries.sort(key=lambda e: (e.date or dt.date.max, e.event_id, e.missile))
    return Catalogue(
        tuple(entries),
        _zone_outlines([ev for ev, _ in pairs], zones),
        _zone_credit(zones),
        tuple(skipped),
    )


def _event_files(paths: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            files.extend(sorted(q for q in p.iterdir() if q.suffix.lower() in (".yaml", ".yml")))
        elif p.exists():
            files.append(p)
        else:
            raise InputError("no such event file or folder", source="command line", value=str(p))
    return files


def build_catalogue(
    items: str | Path | Iterable[Any],
    *,
    zones: ZoneSet | None = None,
    seed: int | None = None,
) -> Catalogue:
    """Analyse event files (or folders of them, or :class:`Event` objects) into a catalogue.

    A file that cannot be read is skipped and listed in
    :attr:`Catalogue.skipped` with its one-line error; the others are mapped.

    Parameters
    ----------
    items
        Event files, folders of ``.yaml`` files, or :class:`~trajgeo.events.Event` objects.
    zones
        The zone set to judge claims against (default the shipped one).
    seed
        Seed of the estimate's sampling (default: derived from each event's id).

    Returns
    -------
    Catalogue

    Raises
    ------
    InputError
        When no event could be read.

    Examples
    --------
    >>> path = "examples/catalogue/2024-05-30-srbm-salvo-sunan.yaml"
    >>> cat = build_catalogue(path)  # doctest: +SKIP
    >>> cat.entries[0].verdict  # doctest: +SKIP
    'near_line'
    """
    from trajgeo.analysis import analyse
    from trajgeo.errors import TrajgeoError
    from trajgeo.events import Event, load_events

    if isinstance(items, (str, Path, Event)):
        items = [items]
    events: list[Event] = []
    skipped: list[tuple[str, str]] = []
    paths = [i for i in items if not isinstance(i, Event)]
    events.extend(i for i in items if isinstance(i, Event))  # type: ignore[union-attr]
    for f in _event_files(paths):
        try:
            events.extend(load_events(f))
        except TrajgeoError as exc:
            log.info("skipped %s: %s", f, exc)
            skipped.append((str(f), str(exc)))
    if not events:
        none_read = InputError(
            f"no event could be read ({len(skipped)} file(s) refused)"
            if skipped
            else "no event file found",
            source="command line",
            value=", ".join(str(p) for p in paths),
        )
        none_read.add_note("\n".join(message for _, message in skipped))  # each file's own error
        raise none_read
    if zones is None:
        from trajgeo.maritime.zoneset import load_zones

        zones = load_zones()
    # only the fused estimate: each shot line's own verdict is not on this map
    result = analyse(
        events, zones=zones, verdicts=False, overflights=False, capability=False, seed=seed
    )
    return catalogue_from_analysis(result, skipped)


# --------------------------------------------------------------------------- static map
def _extent(cat: Catalogue, lon_ref: float) -> tuple[float, float, float, float]:
    """Box around the launches, impact points and their 95 % regions, in a frame near ``lon_ref``.

    A region wider than :data:`_EXTENT_REGION_DEG`, and the region of a group
    with no impact point (a ring when no direction was reported), do not set
    the box: one such ring would shrink every other event to a dot. They are
    drawn as far as they fall on the map.
    """
    lons: list[float] = []
    lats: list[float] = []
    markers = bool(cat.placed)
    for e in cat.entries:
        pts = [e.launch] + ([e.impact] if e.impact else [])
        if e.region_95 is not None and (e.impact is not None or not markers):
            b = _to_frame(e.region_95, lon_ref).bounds
            if not markers or max(b[2] - b[0], b[3] - b[1]) <= _EXTENT_REGION_DEG:
                pts += [(b[0], b[1]), (b[2], b[3])]
        for lon, lat in pts:
            lons.append(lon_ref + ((lon - lon_ref + 180.0) % 360.0 - 180.0))
            lats.append(lat)
    lon0, lon1, lat0, lat1 = min(lons), max(lons), min(lats), max(lats)
    pad_x = max(1.0, 0.08 * (lon1 - lon0))
    pad_y = max(1.0, 0.08 * (lat1 - lat0))
    return lon0 - pad_x, lon1 + pad_x, max(-89.0, lat0 - pad_y), min(89.0, lat1 + pad_y)


def _title(cat: Catalogue) -> str:
    years = cat.years
    span = "" if years is None else f", {years[0]}–{years[1]}" if years[0] != years[1] else ""
    n = cat.n_events
    return f"{n} launch{'es' if n != 1 else ''}{span}: where trajgeo puts each impact"


def _subtitle(cat: Catalogue, colour_by: str) -> str:
    groups = len(cat.entries)
    text = f"{groups} missile group{'s' if groups != 1 else ''}, coloured by "
    if colour_by == "year":
        return text + "year of launch"
    zones = sorted({e.zone for e in cat.entries if e.zone})
    about = f" ({', '.join(zones)})" if zones else ""
    return text + f"how the reported claim{about} fares against trajgeo's estimate"


def _footer(cat: Catalogue) -> str:
    from trajgeo import __version__

    ring = len(cat.region_only)
    missing = len(cat.entries) - len(cat.placed) - ring
    parts = [ESTIMATE_NOTE]
    if ring:
        parts.append(
            f"{ring} missile group{'s' if ring != 1 else ''} with no reported direction "
            "{} shown by {} 95 % region only (dashed).".format(
                "is" if ring == 1 else "are", "its" if ring == 1 else "their"
            )
        )
    if missing:
        parts.append(
            f"{missing} missile group{'s' if missing != 1 else ''} could not be placed "
            "from the reports and {} not shown.".format("is" if missing == 1 else "are")
        )
    n = cat.n_sources
    parts.append(
        f"Reports: {n} source{'s' if n != 1 else ''}, listed in each event file. {BASEMAP_CREDIT}."
    )
    if cat.zone_credit:
        parts.append(cat.zone_credit + ".")
    parts.append(f"Made with trajgeo {__version__}.")
    return " ".join(parts)


def _colours(cat: Catalogue, colour_by: str) -> tuple[list[str], Any]:
    """Each entry's marker colour, and the year norm (``None`` by verdict)."""
    import matplotlib as mpl
    from matplotlib.colors import BoundaryNorm, to_hex

    if colour_by == "verdict":
        return [VERDICTS[e.verdict][1] for e in cat.entries], None
    y0, y1 = cat.years or (2000, 2000)
    cmap = mpl.colormaps[_YEAR_CMAP]
    norm = BoundaryNorm(np.arange(y0 - 0.5, y1 + 1.5), cmap.N)
    return [
        to_hex(cmap(norm(e.year))) if e.year is not None else "#999999" for e in cat.entries
    ], norm


def _to_frame(geom: BaseGeometry, lon_ref: float) -> BaseGeometry:
    """Shift a lon/lat geometry's longitudes into ``lon_ref ± 180``."""
    import shapely

    def shift(a: np.ndarray) -> np.ndarray:
        out = a.copy()
        out[:, 0] = lon_ref + ((a[:, 0] - lon_ref + 180.0) % 360.0 - 180.0)
        return out

    return shapely.transform(geom, shift)


def _geo_lines(cat: Catalogue) -> list[Any]:
    """Launch-to-impact great-circle lines (lon/lat, densified) of the placed entries."""
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    out = []
    for e in cat.placed:
        assert e.impact is not None
        (lon0, lat0), (lon1, lat1) = e.launch, e.impact
        mid = geod.npts(lon0, lat0, lon1, lat1, 16)
        pts = [(lon0, lat0), *mid, (lon1, lat1)]
        out.append(np.array(pts))
    return out


# --------------------------------------------------------------------------- command line
def catalogue_map_command(
    paths: Sequence[str | Path],
    output: str | Path,
    colour_by: str = "year",
    *,
    title: str | None = None,
    theme: Any = None,
    seed: int | None = None,
    cdn: bool = False,
) -> Catalogue:
    """Map a catalogue of event files, as ``trajgeo map --summary`` does.

    The output's extension picks the map: ``.html`` writes the filterable
    HTML page, ``.png``, ``.svg`` or ``.pdf`` the static map. Files that
    cannot be read are skipped (each is logged with its one-line error).

    Parameters
    ----------
    paths
        Event files or folders of them.
    output
        The map file.
    colour_by
        ``"year"`` or ``"verdict"``.
    title, theme, seed, cdn
        A title of your own, the theme, the estimate's seed, and (HTML) link
        Leaflet from jsDelivr instead of inlining it.

    Returns
    -------
    Catalogue
        What was mapped (and what was skipped).

    Raises
    ------
    InputError
        For an unknown ``colour_by`` or output format, or when no file could be read.
    """
    colour_by = parse_colour_by(colour_by)
    suffix = Path(output).suffix.lower()
    if suffix not in (*_STATIC_SUFFIXES, ".html", ".htm"):
        raise InputError(
            "unknown map format",
            source="command line",
            field="output",
            value=str(output),
            allowed="a .png, .svg, .pdf or .html file",
        )
    cat = build_catalogue(list(paths), seed=seed)
    if suffix in (".html", ".htm"):
        from trajgeo.maps.catalogue_html import write_catalogue_html

        write_catalogue_html(cat, output, colour_by=colour_by, title=title, theme=theme, cdn=cdn)
    else:
        from trajgeo.maps.catalogue_static import catalogue_map

        catalogue_map(cat, output, colour_by=colour_by, theme=theme, title=title)
    return cat
