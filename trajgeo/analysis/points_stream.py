"""``trajgeo where --points FILE.parquet``: GeoParquet point sets classified piece by piece.

A GeoParquet file of points (AIS tracks, impact samples) can be larger than
memory. It is read one piece at a time (a row group, or a dask-geopandas
partition), each piece's points are classified against the zones, and the
piece is written out before more than a few pieces are in memory at once:

- in this process (``jobs=1``);
- in worker processes, each reading its own row groups from the file
  (``jobs=N``);
- on a Dask cluster (``scheduler``): :func:`dask_geopandas.read_parquet`
  cuts the file into partitions, the workers classify them, and at most
  one partition per worker, and one more, is in flight at once.

Whatever the path, the output (GeoParquet or CSV) has the rows of the input,
in order, with three more columns (``zones``, ``sovereigns``, ``kinds``; and
``boundary_distance_km`` with ``distance``): the answers of
:func:`trajgeo.maritime.where.where_points` on the same points.
"""

from __future__ import annotations

import collections
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from trajgeo.errors import InputError

__all__ = [
    "PARQUET_SUFFIXES",
    "ZoneOptions",
    "is_parquet",
    "open_parquet",
    "where_parquet",
    "zone_columns",
]

#: File name endings read (and written) as GeoParquet.
PARQUET_SUFFIXES = (".parquet", ".geoparquet", ".pq")
#: The columns every output row gains.
ZONE_COLUMNS = ("zones", "sovereigns", "kinds")
#: Pieces in flight: one per worker, and one more, ready when the oldest is written.
#: On the 10-million-point benchmark (2 workers): 40 s and a 1.70 GB peak; one per
#: worker, 57 s and 1.58 GB; two per worker, 37 to 47 s and 1.79 to 1.83 GB.
EXTRA_IN_FLIGHT = 1


def is_parquet(path: str) -> bool:
    """Return whether a ``--points`` or ``-o`` name is read or written as GeoParquet.

    Examples
    --------
    >>> is_parquet("tracks.parquet"), is_parquet("TRACKS.GeoParquet"), is_parquet("pts.csv")
    (True, True, False)
    """
    return path.lower().endswith(PARQUET_SUFFIXES)


@dataclass(frozen=True)
class ZoneOptions:
    """The zone set a worker loads (see :func:`~trajgeo.analysis.parallel.worker_zones`)."""

    zones: str | None = None
    zones_accuracy: float | None = None
    worldview: str | None = None
    distance: bool = False


def zone_columns(lons: Any, lats: Any, opts: ZoneOptions) -> dict[str, Any]:
    """Return the zone cells of many points: ``zones``, ``sovereigns``, ``kinds`` (text).

    Each is a numpy array of ``;``-separated names, empty for a point in no
    zone; with ``opts.distance``, ``boundary_distance_km`` too (rounded to
    0.1 km, as the CSV path writes it).

    Examples
    --------
    >>> zone_columns([136.9, -150.0], [40.5, -40.0], ZoneOptions())["sovereigns"].tolist()
    ['JPN', '']
    """
    import numpy as np

    from trajgeo.analysis.parallel import worker_zones
    from trajgeo.maritime.limits import limit_distance_km, prepare_limit_index
    from trajgeo.maritime.where import MANY_POINTS

    zs = worker_zones(opts.zones, opts.zones_accuracy, opts.worldview)
    lons = np.asarray(lons, float)
    lats = np.asarray(lats, float)
    pi, zi = zs.classify(lons, lats)
    starts = np.searchsorted(pi, np.arange(len(lons) + 1))
    count = np.diff(starts)
    names = {
        "zones": [z.name for z in zs.zones],
        "sovereigns": [z.sovereign_iso3 for z in zs.zones],
        "kinds": [z.kind for z in zs.zones],
    }
    out: dict[str, Any] = {}
    single = np.nonzero(count == 1)[0]
    several = np.nonzero(count > 1)[0].tolist()
    for col, per_zone in names.items():
        cells = np.full(len(lons), "", dtype=object)
        # most points are in no zone or one: their cells are looked up, not built
        cells[single] = np.asarray(per_zone, dtype=object)[zi[starts[single]]]
        for k in several:
            cells[k] = ";".join(per_zone[z] for z in zi[starts[k] : starts[k + 1]].tolist())
        out[col] = cells
    if opts.distance:
        if len(lons) >= MANY_POINTS:
            prepare_limit_index(zs)
        dist = np.empty(len(lons))
        for k in range(len(lons)):
            found = [zs.zones[z] for z in zi[starts[k] : starts[k + 1]].tolist()]
            dist[k] = round(limit_distance_km(zs, float(lons[k]), float(lats[k]), found), 1)
        out["boundary_distance_km"] = dist
    return out


@dataclass(frozen=True)
class _Layout:
    """What the pieces of one input share: its geometry column and the output schema."""

    path: str
    geometry: str
    geo_metadata: bytes
    schema: Any  # pyarrow.Schema of the output rows


def _layout(path: str, opts: ZoneOptions) -> tuple[_Layout, Any]:
    """Read the file's GeoParquet metadata; refuse what is not a WKB lon/lat point column."""
    import pyarrow as pa

    pf = open_parquet(path)
    raw = (pf.schema_arrow.metadata or {}).get(b"geo")
    if raw is None:
        raise InputError(
            "no GeoParquet metadata (no `geo` key)",
            source=path,
            allowed="a GeoParquet file of points, e.g. written by GeoDataFrame.to_parquet",
        )
    geo = json.loads(raw)
    name = geo["primary_column"]
    col = geo["columns"][name]
    types = set(col.get("geometry_types") or [])
    if col.get("encoding", "WKB").upper() != "WKB" or not types <= {"Point", "Point Z"}:
        raise InputError(
            "its geometry is not WKB points",
            source=path,
            field=name,
            value=f"{col.get('encoding')} {sorted(types)}",
            allowed="Point geometries, WKB-encoded (GeoDataFrame.to_parquet writes them so)",
        )
    _check_lonlat(path, col.get("crs", "OGC:CRS84"))
    for c in (*ZONE_COLUMNS, "boundary_distance_km"):
        if c in pf.schema_arrow.names:
            raise InputError(
                f"it already has a column named {c!r}",
                source=path,
                allowed="rename that column; trajgeo adds it",
            )
    col.pop("bbox", None)  # the output's pieces are written one by one: no bbox known
    fields = [pa.field(c, pa.string()) for c in ZONE_COLUMNS]
    if opts.distance:
        fields.append(pa.field("boundary_distance_km", pa.float64()))
    schema = pa.schema(list(pf.schema_arrow) + fields)
    return _Layout(path, name, json.dumps(geo).encode(), schema), pf


def open_parquet(path: str) -> Any:
    """Return a ``pyarrow.parquet.ParquetFile``, or a one-line error naming the file."""
    from trajgeo._optional import require

    pa, pq = require("geo", ("pyarrow", "pyarrow.parquet"), "GeoParquet --points files")

    try:
        return pq.ParquetFile(path)
    except (OSError, pa.ArrowInvalid) as exc:
        raise InputError(
            f"cannot read it as Parquet ({str(exc)[:100]})",
            source=path,
            allowed="a GeoParquet file",
        ) from None


def _check_lonlat(path: str, crs: Any) -> None:
    if crs is None:
        return  # GeoParquet: a null crs is "unknown"; taken as lon/lat, as the spec's default
    from pyproj import CRS

    given = CRS.from_user_input(crs)
    if not given.equals(CRS("OGC:CRS84"), ignore_axis_order=True):
        raise InputError(
            "its points are not in longitude/latitude",
            source=path,
            field="crs",
            value=given.to_string(),
            allowed="EPSG:4326 or OGC:CRS84 (reproject with GeoDataFrame.to_crs(4326))",
        )


def _coordinates(wkb: Any, where: str, geoms: Any = None) -> tuple[Any, Any]:
    """Return the longitudes and latitudes of WKB points; refuse empty or out-of-range ones.

    ``geoms``: the same points already as shapely geometries (then ``wkb`` is not read).
    """
    import numpy as np
    import shapely

    if geoms is None:
        geoms = shapely.from_wkb(wkb)
    point = (shapely.get_type_id(geoms) == 0) & ~shapely.is_empty(geoms)  # missing: type -1
    lons = np.full(len(geoms), np.nan)
    lats = np.full(len(geoms), np.nan)
    lons[point], lats[point] = shapely.get_x(geoms[point]), shapely.get_y(geoms[point])
    bad = ~(np.isfinite(lons) & np.isfinite(lats) & (np.abs(lats) <= 90) & (np.abs(lons) <= 180))
    if bad.any():
        k = int(np.argmax(bad))
        raise ValueError(
            f"{where}, row {k + 1}: a point with no coordinates or out of range "
            f"({lons[k]}, {lats[k]}); every row needs a lon/lat point"
        )
    return lons, lats


def _with_zones(
    table: Any, layout: _Layout, opts: ZoneOptions, where: str, geoms: Any = None
) -> Any:
    """Return a pyarrow table of input rows with the zone columns appended."""
    import pyarrow as pa

    wkb = None if geoms is not None else table.column(layout.geometry)
    lons, lats = _coordinates(
        None if wkb is None else wkb.to_numpy(zero_copy_only=False), where, geoms
    )
    cells = zone_columns(lons, lats, opts)
    for name, values in cells.items():
        table = table.append_column(name, pa.array(values, type=layout.schema.field(name).type))
    return table.cast(layout.schema)


def _row_groups_piece(groups: list[int], layout: _Layout, opts: ZoneOptions) -> Any:
    # a local worker reads its own row groups: nothing large crosses the pipe on the way in
    import pyarrow.parquet as pq

    table = pq.ParquetFile(layout.path).read_row_groups(groups)
    return _with_zones(table, layout, opts, f"row groups {groups[0] + 1}-{groups[-1] + 1}")


def _partition_piece(part: Any, k: int, layout: _Layout, opts: ZoneOptions) -> Any:
    # a Dask worker gets a GeoDataFrame partition from dask-geopandas
    import numpy as np
    import pyarrow as pa

    geoms = np.asarray(part.geometry.values, dtype=object)  # no WKB round trip for the points
    table = pa.Table.from_pandas(part.to_wkb(), preserve_index=False)
    return _with_zones(table, layout, opts, f"partition {k + 1}", geoms)


def _in_order(submit: Callable[[Any], Any], items: list[Any], window: int) -> Iterator[Any]:
    """Yield the results of ``submit(item).result()`` in order, at most ``window`` at once."""
    pending: collections.deque[Any] = collections.deque()
    queue = iter(items)
    for item in queue:
        pending.append(submit(item))
        if len(pending) >= window:
            break
    while pending:
        res = pending.popleft().result()
        nxt = next(queue, None)
        if nxt is not None:
            pending.append(submit(nxt))
        yield res


def _local_pieces(
    layout: _Layout, pf: Any, opts: ZoneOptions, jobs: int, rows_per_piece: int
) -> Iterator[Any]:
    from trajgeo.analysis.parallel import process_pool

    groups: list[list[int]] = [[]]
    rows = 0
    for g in range(pf.metadata.num_row_groups):
        if rows >= rows_per_piece:
            groups.append([])
            rows = 0
        groups[-1].append(g)
        rows += pf.metadata.row_group(g).num_rows
    groups = [group for group in groups if group]
    if jobs <= 1 or len(groups) <= 1:
        for group in groups:
            yield _row_groups_piece(group, layout, opts)
        return
    with process_pool(jobs, _row_groups_piece) as pool:
        yield from _in_order(
            lambda group: pool.submit(_row_groups_piece, group, layout, opts),
            groups,
            jobs + EXTRA_IN_FLIGHT,
        )


def _dask_pieces(layout: _Layout, opts: ZoneOptions, scheduler: Any) -> Iterator[Any]:
    from trajgeo._optional import require
    from trajgeo.analysis.parallel import dask_client

    dask_geopandas, dask = require(
        "dask", ("dask_geopandas", "dask"), "GeoParquet --points on Dask (--scheduler)"
    )
    # one partition per row group: the file's writer chose their size
    ddf = dask_geopandas.read_parquet(layout.path, split_row_groups=True)
    parts = ddf.to_delayed()
    with dask_client(scheduler) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        piece = dask.delayed(_partition_piece, pure=True)
        yield from _in_order(
            lambda k: client.compute(piece(parts[k], k, layout, opts)),
            list(range(len(parts))),
            workers + EXTRA_IN_FLIGHT,
        )


def where_parquet(
    path: str,
    output: str,
    opts: ZoneOptions,
    *,
    jobs: int = 1,
    scheduler: Any = None,
    rows_per_piece: int = 250_000,
) -> int:
    """Classify every point of a GeoParquet file, piece by piece; return how many.

    Parameters
    ----------
    path
        A GeoParquet file whose primary geometry is WKB points in lon/lat.
    output
        ``FILE.parquet`` (GeoParquet: the input's columns and geometry, plus
        the zone columns), any other name for CSV (the input's columns with
        ``lat`` and ``lon`` in place of the geometry, plus the zone columns),
        ``-`` for CSV on standard output.
    opts
        The zone set, and whether to add the distance to the nearest limit.
    jobs
        Worker processes (each reads its own row groups); 1 runs here.
    scheduler
        A Dask scheduler address or ``distributed.Client``: run there, in
        dask-geopandas partitions (one per row group).
    rows_per_piece
        Local runs: row groups are taken together up to this many rows.

    Examples
    --------
    >>> import geopandas, shapely, tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> where = shapely.points([136.9, 0], [40.5, 0])
    >>> geopandas.GeoDataFrame({"id": [1, 2]}, geometry=where, crs=4326).to_parquet(d / "p.parquet")
    >>> where_parquet(str(d / "p.parquet"), str(d / "z.csv"), ZoneOptions())
    2
    >>> print((d / "z.csv").read_text().splitlines()[1])
    1,40.5,136.9,Japan,JPN,eez
    """
    layout, pf = _layout(path, opts)
    pieces = (
        _dask_pieces(layout, opts, scheduler)
        if scheduler is not None
        else _local_pieces(layout, pf, opts, jobs, rows_per_piece)
    )
    try:
        if is_parquet(output):
            return _write_parquet(pieces, layout, output)
        return _write_csv(pieces, layout, output)
    except ValueError as exc:  # a bad point, raised in a worker and carried back as text
        if isinstance(exc, InputError):
            raise
        raise InputError(str(exc).split("\n")[0], source=path) from None


def _write_parquet(pieces: Iterator[Any], layout: _Layout, output: str) -> int:
    import pyarrow.parquet as pq

    from trajgeo.io.atomic import atomic_path

    schema = layout.schema.with_metadata({b"geo": layout.geo_metadata})
    n = 0
    with atomic_path(output, forbid=[layout.path]) as tmp:
        with pq.ParquetWriter(tmp, schema) as writer:
            for table in pieces:
                writer.write_table(table.replace_schema_metadata(schema.metadata))
                n += table.num_rows
    return n


def _write_csv(pieces: Iterator[Any], layout: _Layout, output: str) -> int:
    from trajgeo.io.atomic import atomic_path

    n = 0
    if output == "-":
        for table in pieces:
            _csv_piece(table, layout, sys.stdout, header=n == 0)
            n += table.num_rows
        return n
    with atomic_path(output, forbid=[layout.path]) as tmp, open(tmp, "w", encoding="utf-8") as fh:
        for table in pieces:
            _csv_piece(table, layout, fh, header=n == 0)
            n += table.num_rows
    return n


def _csv_piece(table: Any, layout: _Layout, fh: Any, *, header: bool) -> None:
    """Write one piece as CSV: the geometry as lat, lon; text cells formula-safe."""
    import pandas as pd

    from trajgeo.io.points import safe_text_column

    lons, lats = _coordinates(table.column(layout.geometry).to_numpy(zero_copy_only=False), "")
    names = table.column_names
    at = names.index(layout.geometry)
    frame = table.drop_columns([layout.geometry]).to_pandas()
    if "lat" not in names and "lon" not in names:
        frame.insert(at, "lon", lons)
        frame.insert(at, "lat", lats)
    for col in frame.columns:
        if frame[col].dtype == object or pd.api.types.is_string_dtype(frame[col]):
            frame[col] = safe_text_column(frame[col].fillna("").astype(str).to_numpy(object))
    frame.to_csv(fh, index=False, header=header, lineterminator="\n")
