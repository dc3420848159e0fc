"""Catalogue runs: many event files at once, one table row per missile.

:func:`collect_files` turns paths, globs, folders and lists of paths into the
event files to read; :func:`iter_catalogue` analyses them (in a process pool
by default, on a Dask cluster when given a scheduler) and yields one
:class:`FileResult` per file, in the order given; :func:`run_catalogue`
collects them into a :class:`Catalogue`, whose :meth:`Catalogue.records` are
the rows ``trajgeo check --format csv|json|table|geoparquet|gpkg`` writes.

A file that cannot be read or analysed is a failed :class:`FileResult` with a
one-line error; the others still run. Every estimate is seeded from its event
id, so a parallel run gives the same numbers as a serial one.
"""

from __future__ import annotations

import glob
import math
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trajgeo.errors import InputError, TrajgeoError

if TYPE_CHECKING:
    import geopandas
    import pandas

    from trajgeo.analysis.core import EventAnalysis
    from trajgeo.analysis.fused import MissileAnalysis
    from trajgeo.maritime.zoneset import ZoneSet

__all__ = [
    "EVENT_SUFFIXES",
    "Catalogue",
    "CatalogueOptions",
    "FileResult",
    "MissileRow",
    "MIN_FILES_FOR_POOL",
    "analyse_file",
    "collect_files",
    "iter_catalogue",
    "missile_rows",
    "read_path_list",
    "run_catalogue",
    "zone_column",
]

#: File name endings read from a folder.
EVENT_SUFFIXES = (".yaml", ".yml", ".json")

#: Without an explicit ``jobs``, runs of fewer files stay in this process:
#: starting the workers costs about as much as analysing a file or two.
MIN_FILES_FOR_POOL = 4


@dataclass(frozen=True)
class CatalogueOptions:
    """How every file of a catalogue run is analysed (the same in every worker).

    Parameters
    ----------
    zones, zones_accuracy
        A zone file of the user's (``--zones``) and its stated accuracy; by
        default the shipped data set.
    worldview
        Judge every zone as this state (ISO3) claims it.
    range_tolerance
        Tolerance put on every single reported distance, in percent.
    seed, holds_at, samples
        As :func:`trajgeo.analysis.analyse` takes them.
    full
        Keep the whole :class:`~trajgeo.analysis.core.EventAnalysis` (what
        ``check``'s text and ``--json`` print), with each shot line's own
        verdicts and overflights when ``accounts`` is set too; the table needs
        only the fused estimate.
    accounts
        With ``full``: judge each shot line (each source's account) on its own
        against every zone it touches, and find its overflights (what
        ``check --accounts`` and ``--json`` print; about half the cost of a
        file, and the text report without ``--accounts`` shows none of it).
    """

    zones: str | None = None
    zones_accuracy: float | None = None
    worldview: str | None = None
    range_tolerance: float | None = None
    seed: int | None = None
    holds_at: float = 0.95
    samples: int | None = None
    full: bool = False
    accounts: bool = True

    def __post_init__(self) -> None:
        # checked here, once, not in every worker after the files were read
        from trajgeo._checks import count, number
        from trajgeo.analysis.claims import check_holds_at
        from trajgeo.analysis.sampler import MIN_ACCEPTED  # fewer cannot tell accounts apart

        check_holds_at(self.holds_at)
        if self.seed is not None:  # (as analyse checks it; in a worker it named each file)
            count(self.seed, "seed", low=0, high=2**63 - 1)
        if self.samples is not None:
            count(self.samples, "samples", low=MIN_ACCEPTED)
        if self.range_tolerance is not None:
            number(self.range_tolerance, "range_tolerance", low=0, high=100)
        if self.zones_accuracy is not None:
            number(self.zones_accuracy, "zones_accuracy", low=0)


@dataclass(frozen=True)
class MissileRow:
    """One row of the catalogue table: one missile group of one event.

    ``p_inside`` holds ``((iso3, kind), probability)`` for every zone a
    claim of the event names; ``zones`` every zone the estimate reached with
    its probability; ``overflown`` every state whose land plausible tracks
    crossed (``None`` when the direction of flight is not known). See the
    README's column list for the meaning of each field.
    """

    event_id: str
    file: str
    date: str | None
    title: str
    launch_site: str
    missile: int
    label: str | None
    count: int | None
    missile_type: str | None
    accounts: str
    accounts_set_aside: str
    placed: bool
    impact_lon: float | None
    impact_lat: float | None
    impact_description: str | None
    region_95_km2: float | None
    claims: str
    verdict: str
    claim_probability: float | None
    p_inside: tuple[tuple[tuple[str, str], float | None], ...]
    zones: str
    overflown: str | None
    nearest_limit_km: float | None
    nearest_limit_zone: str | None
    nearest_limit_error_p95_km: float | None
    samples: int
    seed: int
    dataset: str
    dataset_version: str
    region_95: Any = field(default=None, repr=False, compare=False)

    def as_dict(self, zone_keys: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
        """Return the row as ``{column: value}``, one ``p_inside_ISO3_kind`` per ``zone_keys``.

        Zones this event's claims do not name get ``None``.
        """
        out: dict[str, Any] = {}
        for name in _COLUMNS_BEFORE:
            out[name] = getattr(self, name)
        known = dict(self.p_inside)
        for key in zone_keys:
            out[zone_column(key)] = known.get(key)
        for name in _COLUMNS_AFTER:
            out[name] = getattr(self, name)
        return out


_COLUMNS_BEFORE = (
    "event_id",
    "file",
    "date",
    "title",
    "launch_site",
    "missile",
    "label",
    "count",
    "missile_type",
    "accounts",
    "accounts_set_aside",
    "placed",
    "impact_lon",
    "impact_lat",
    "impact_description",
    "region_95_km2",
    "claims",
    "verdict",
    "claim_probability",
)
_COLUMNS_AFTER = (
    "zones",
    "overflown",
    "nearest_limit_km",
    "nearest_limit_zone",
    "nearest_limit_error_p95_km",
    "samples",
    "seed",
    "dataset",
    "dataset_version",
)


def zone_column(key: tuple[str, str]) -> str:
    """Name the column of one claimed zone's probability.

    Examples
    --------
    >>> zone_column(("JPN", "eez"))
    'p_inside_JPN_eez'
    """
    return f"p_inside_{key[0]}_{key[1]}"


@dataclass(frozen=True)
class FileResult:
    """What one event file gave: its rows, or the one-line error that stopped it.

    ``error_kind`` is ``"input"`` (the file cannot be read or is not a valid
    event file), ``"data"`` (a computation or data failure) or
    ``"internal"`` (a bug: please report it). ``analyses`` is filled only
    when :attr:`CatalogueOptions.full` is set.
    """

    path: str
    rows: tuple[MissileRow, ...] = ()
    analyses: tuple[EventAnalysis, ...] = ()
    dataset: dict[str, Any] | None = None
    error: str | None = None
    error_kind: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Whether the file ran."""
        return self.error is None


@dataclass(frozen=True)
class Catalogue:
    """The results of a catalogue run, file by file in the order given."""

    results: tuple[FileResult, ...]

    @property
    def rows(self) -> list[MissileRow]:
        """Every missile row, file by file."""
        return [r for res in self.results for r in res.rows]

    @property
    def failures(self) -> list[FileResult]:
        """The files that did not run."""
        return [res for res in self.results if not res.ok]

    @property
    def zone_keys(self) -> list[tuple[str, str]]:
        """Every ``(iso3, kind)`` a claim names, sorted: one probability column each."""
        return sorted({k for row in self.rows for k, _ in row.p_inside})

    def records(self) -> list[dict[str, Any]]:
        """Every row as a ``{column: value}`` dict, with the same columns for all."""
        keys = self.zone_keys
        return [row.as_dict(keys) for row in self.rows]

    def columns(self) -> list[str]:
        """Return the table's columns, in order."""
        return [*_COLUMNS_BEFORE, *(zone_column(k) for k in self.zone_keys), *_COLUMNS_AFTER]

    def frame(self) -> pandas.DataFrame:
        """Return the table as a pandas DataFrame (one row per missile)."""
        import pandas as pd

        return pd.DataFrame.from_records(self.records(), columns=self.columns())

    def geodataframe(self, geometry: str = "point") -> geopandas.GeoDataFrame:
        """Return the table as a GeoDataFrame (EPSG:4326; needs the ``geo`` extra).

        ``geometry="point"``: the estimate's central impact point;
        ``"region_95"``: the 95 % probability region. Missiles the estimate
        cannot place have an empty geometry.
        """
        from trajgeo._optional import require

        (gpd,) = require("geo", ("geopandas",), "GeoParquet and GeoPackage tables")
        from shapely.geometry import Point

        if geometry == "point":
            geoms = [
                None if r.impact_lon is None else Point(r.impact_lon, r.impact_lat)
                for r in self.rows
            ]
        elif geometry == "region_95":
            geoms = [r.region_95 for r in self.rows]
        else:
            raise ValueError(f"geometry must be 'point' or 'region_95', not {geometry!r}")
        return gpd.GeoDataFrame(self.frame(), geometry=geoms, crs="EPSG:4326")


# --------------------------------------------------------------------------- files


def collect_files(
    items: Iterable[str | Path], *, suffixes: Sequence[str] = EVENT_SUFFIXES
) -> tuple[list[str], list[FileResult]]:
    """Expand paths, globs and folders into event files, in the order given.

    A folder gives its files ending in ``suffixes`` (not its subfolders),
    sorted by name; a glob its matches, sorted; a file is kept as given. A
    file named twice, in any spelling (``a.yaml``, ``./a.yaml``, its absolute
    path, a link to it), is read once, as first named. A path that does not
    exist, or a glob or folder that holds no event file, is a failed
    :class:`FileResult`.

    Returns
    -------
    files, failures

    Examples
    --------
    >>> files, failed = collect_files(["examples/catalogue", "no/such.yaml"])
    >>> len(files), files[0], failed[0].error
    (36, 'examples/catalogue/2016-08-03-rodong-oga.yaml', 'no/such.yaml: no such file')
    """
    files: dict[str, None] = {}
    real: set[str] = set()
    failed: list[FileResult] = []
    for item in items:
        text = str(item)
        found: list[str]
        if os.path.isdir(text):
            found = sorted(
                str(p) for p in Path(text).iterdir() if p.is_file() and p.suffix.lower() in suffixes
            )
            what = f"no {'/'.join(s.lstrip('.') for s in suffixes)} file in this folder"
        elif os.path.exists(text):
            found = [text]
            what = ""
        elif glob.has_magic(text):
            found = sorted(p for p in glob.glob(text) if os.path.isfile(p))
            what = "no file matches this pattern"
        else:
            found, what = [], "no such file"
        if not found:
            failed.append(FileResult(text, error=f"{text}: {what}", error_kind="input"))
        for f in found:
            key = os.path.realpath(f)
            if key not in real:
                real.add(key)
                files.setdefault(_normal(text, f), None)
    return list(files), failed


def _normal(given: str, found: str) -> str:
    # keep the user's spelling of a path; join folder contents without "./"
    return found[2:] if found.startswith("./") and not given.startswith("./") else found


def read_path_list(text: str) -> list[str]:
    """Return the paths of a list, one a line; blank lines and ``#`` comments are skipped.

    Examples
    --------
    >>> read_path_list(chr(10).join(["a.yaml", "", "# old", "  b.yaml  "]))
    ['a.yaml', 'b.yaml']
    """
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


# --------------------------------------------------------------------------- rows


def _central(ma: MissileAnalysis) -> tuple[float, float] | None:
    import numpy as np

    est = ma.estimate
    if not est.placed or est.n == 0:
        return None
    lon = math.degrees(float(np.median(np.unwrap(np.radians(est.impacts[:, 0])))))
    lon = (lon + 180.0) % 360.0 - 180.0
    return round(lon, 5), round(float(np.median(est.impacts[:, 1])), 5)


def _who(ma: MissileAnalysis, lines: Iterable[int]) -> str:
    by_line = {
        a.line: a.source or f"line {a.line} (no source named)" for a in ma.estimate.missile.accounts
    }
    seen: dict[str, None] = {}
    for n in lines:
        seen.setdefault(f"{by_line.get(n, f'line {n}')} (line {n})", None)
    return "; ".join(seen)


def _claims_of(ea: EventAnalysis, ma: MissileAnalysis) -> tuple[str, str, float | None]:
    from trajgeo.wording import claim_label

    assert ea.fused is not None
    texts, verdicts, probs = [], [], []
    for cv in ea.fused.claims:
        side = next((s for s in cv.missiles if s.missile == ma.number), None)
        if side is None:
            continue
        who = f" ({cv.source})" if cv.source else ""
        texts.append(f"{'inside' if cv.inside else 'outside'} {claim_label(cv.zone, cv.kind)}{who}")
        verdicts.append(cv.verdict)
        probs.append(round(side.p_claimed_side, 4) if side.placed else None)
    return "; ".join(texts), "; ".join(verdicts), probs[0] if len(probs) == 1 else None


def _nearest_limit(ma: MissileAnalysis) -> tuple[float | None, str | None, float | None]:
    best = min(ma.zones, key=lambda z: abs(z.margin_km[1]), default=None)
    if best is None or not math.isfinite(best.margin_km[1]):
        return None, None, None
    return round(abs(best.margin_km[1]), 1), best.label, round(float(best.error.p95_km), 1)


def _zone_cell(z: Any) -> str:
    """One zone of the ``zones`` cell: ``"PRK eez 0.72 (land 0.72)"``, land said as check says it.

    Examples
    --------
    >>> from types import SimpleNamespace as Z
    >>> _zone_cell(Z(iso3="PRK", kind="eez", p_inside=0.7213, on_land=0.72))
    'PRK eez 0.72 (land 0.72)'
    >>> _zone_cell(Z(iso3="JPN", kind="eez", p_inside=0.66, on_land=0.0))
    'JPN eez 0.66'
    """
    from trajgeo.wording import ON_LAND_SAID

    land = f" (land {z.on_land:.2f})" if z.on_land >= ON_LAND_SAID else ""
    return f"{z.iso3} {z.kind} {z.p_inside:.2f}{land}"


def missile_rows(ea: EventAnalysis, file: str, zones: ZoneSet) -> list[MissileRow]:
    """Return one :class:`MissileRow` per missile group of an analysed event.

    ``ea`` must hold the fused estimate (``analyse(..., estimate=True)`` with zones).
    """
    if ea.fused is None:
        raise ValueError("no fused estimate: analyse() was called without zones or estimate")
    ev = ea.event
    ds = zones.with_worldview(None).dataset
    claimed = sorted({(c.zone, c.kind) for c in ev.claims})
    rows = []
    for ma in ea.fused.missiles:
        est = ma.estimate
        m = est.missile
        point = _central(ma)
        r95 = next((r for r in ma.regions if abs(r.level - 0.95) < 1e-9), None)
        claims, verdict, p_claim = _claims_of(ea, ma)
        known = {(z.iso3, z.kind): round(z.p_inside, 4) for z in ma.zones}
        # a territorial-sea or land claim's zone is judged with the claim, not among the zones
        for cv in ea.fused.claims:
            for side in cv.missiles:
                if side.missile == m.number and side.zone is not None:
                    known.setdefault((side.zone.iso3, side.zone.kind), round(side.zone.p_inside, 4))
        near_km, near_zone, near_err = _nearest_limit(ma)
        rows.append(
            MissileRow(
                event_id=ev.id,
                file=file,
                date=None if ev.date is None else ev.date.isoformat(),
                title=ev.title,
                launch_site=m.accounts[0].launch.name if m.accounts else "",
                missile=m.number,
                label=m.label,
                count=m.count if m.count_given else None,
                missile_type=m.missile,
                accounts=_who(ma, est.lines_used or m.lines),
                accounts_set_aside=_who(
                    ma, [n for n in m.lines if est.lines_used and n not in est.lines_used]
                ),
                placed=est.placed,
                impact_lon=None if point is None else point[0],
                impact_lat=None if point is None else point[1],
                impact_description=None if ma.landmark is None else ma.landmark.text,
                region_95_km2=None if r95 is None else round(r95.area_km2, 1),
                claims=claims,
                verdict=verdict,
                claim_probability=p_claim,
                p_inside=tuple((k, known.get(k)) for k in claimed),
                zones="; ".join(_zone_cell(z) for z in ma.zones),
                overflown=None
                if ma.overflights is None
                else "; ".join(
                    f"{'/'.join(o.claimants)} {o.probability:.2f}" for o in ma.overflights
                ),
                nearest_limit_km=near_km,
                nearest_limit_zone=near_zone,
                nearest_limit_error_p95_km=near_err,
                samples=est.n,
                seed=est.seed,
                dataset=ds.name,
                dataset_version=ds.version,
                region_95=None if r95 is None else r95.geometry,
            )
        )
    return rows


# --------------------------------------------------------------------------- running


def _zones(options: CatalogueOptions) -> ZoneSet:
    from trajgeo.analysis.parallel import worker_zones

    return worker_zones(options.zones, options.zones_accuracy)


def analyse_file(path: str, options: CatalogueOptions = CatalogueOptions()) -> FileResult:
    """Analyse one event file; never raises for a bad file, returns its error instead.

    This is the unit of work of a catalogue run, sent to each worker process
    or Dask worker.
    """
    import time

    t0 = time.perf_counter()
    try:
        return _analyse_file(path, options, t0)
    except InputError as exc:
        kind, text = "input", str(exc) if exc.source else f"{path}: {exc}"
    except TrajgeoError as exc:
        kind, text = "data", f"{path}: {exc}"
    except Exception as exc:  # a bug: keep the rest of the run, say what and where
        kind = "internal"
        text = f"{path}: internal error ({type(exc).__name__}: {exc}); please report it"
    return FileResult(
        path, error=" ".join(text.split()), error_kind=kind, seconds=time.perf_counter() - t0
    )


def _analyse_file(path: str, options: CatalogueOptions, t0: float) -> FileResult:
    import time

    from trajgeo.analysis.core import analyse
    from trajgeo.events import Options, load_events

    zones = _zones(options)
    events = load_events(path, options=Options(range_tolerance_pct=options.range_tolerance))
    result = analyse(
        events,
        zones=zones,
        worldview=options.worldview,
        verdicts=options.full and options.accounts,
        overflights=options.full and options.accounts,
        capability=False,
        seed=options.seed,
        holds_at=options.holds_at,
        samples=options.samples,
    )
    rows = tuple(r for ea in result.events for r in missile_rows(ea, path, zones))
    return FileResult(
        path,
        rows=rows,
        analyses=result.events if options.full else (),
        dataset=zones.with_worldview(options.worldview).dataset.as_dict(),
        seconds=time.perf_counter() - t0,
    )


def iter_catalogue(
    files: Sequence[str],
    options: CatalogueOptions = CatalogueOptions(),
    *,
    jobs: int | None = None,
    scheduler: Any = None,
    on_done: Callable[[FileResult], None] | None = None,
) -> Iterator[FileResult]:
    """Analyse event files and yield one :class:`FileResult` per file, in the order given.

    Parameters
    ----------
    files
        Event files (see :func:`collect_files`).
    options
        How each file is analysed.
    jobs
        Worker processes; ``1`` runs in this process; default one per CPU
        (for runs of :data:`MIN_FILES_FOR_POOL` files or more).
    scheduler
        A Dask scheduler address (``"tcp://host:8786"``) or a
        ``dask.distributed.Client``: run on that cluster instead (needs the
        ``dask`` extra).
    on_done
        Called with each result as it finishes (in any order): a progress bar.

    Yields
    ------
    FileResult
        In the order of ``files``, whatever order they finish in.
    """
    from trajgeo.analysis.parallel import ordered_map

    yield from ordered_map(
        analyse_file,
        files,
        jobs=jobs,
        scheduler=scheduler,
        on_done=on_done,
        min_items_for_pool=MIN_FILES_FOR_POOL,
        options=options,
    )


def run_catalogue(
    items: Iterable[str | Path],
    options: CatalogueOptions = CatalogueOptions(),
    *,
    jobs: int | None = None,
    scheduler: Any = None,
    on_done: Callable[[FileResult], None] | None = None,
) -> Catalogue:
    """Analyse every event file named by ``items`` (paths, globs, folders).

    Parameters are those of :func:`iter_catalogue`; paths that name no file
    are failed results, in the order given.

    Examples
    --------
    >>> from trajgeo.analysis.catalogue import CatalogueOptions, run_catalogue
    >>> cat = run_catalogue(
    ...     ["examples/catalogue/2017-05-14-hwasong-12.yaml"], CatalogueOptions(samples=500)
    ... )  # doctest: +SKIP
    >>> cat.rows[0].verdict, cat.frame().shape  # doctest: +SKIP
    ('holds', (1, 28))
    """
    if isinstance(items, (str, Path)):
        items = [items]  # one path, not its characters (each had been "no such file")
    if jobs is not None:
        from trajgeo._checks import count

        count(jobs, "jobs", low=1, high=4096)
    files, failed = collect_files(items)
    results = list(iter_catalogue(files, options, jobs=jobs, scheduler=scheduler, on_done=on_done))
    return Catalogue(tuple(failed + results))
