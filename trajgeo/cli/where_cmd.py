"""``trajgeo where``: which maritime zones hold a point, or many points from a CSV."""

from __future__ import annotations

import io
import json
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click

from trajgeo.cli.options import OnceCommand, parallel_options, refuse_unused, zones_options
from trajgeo.errors import InputError

if TYPE_CHECKING:
    from trajgeo.maritime.zoneset import ZoneSet

__all__ = ["PARALLEL_FROM", "where"]

#: With --distance, --points files of this many points or more run in parallel by default.
PARALLEL_FROM = 2_000


@click.command("where", cls=OnceCommand, context_settings={"ignore_unknown_options": True})
@click.argument("coords", nargs=-1, metavar="[LAT LON]")
@click.option(
    "--points",
    "points_file",
    type=click.Path(dir_okay=False),
    default=None,
    metavar="FILE",
    help="Classify every row of a CSV with lat,lon columns, or every point of a GeoParquet "
    "file (.parquet, read piece by piece); other columns are passed through.",
)
@click.option(
    "--json", "as_json", is_flag=True, help="JSON output (one object per line with --points)."
)
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    help="Where to write the results (.csv, .json with --json, .txt for one point's "
    "report; .parquet for GeoParquet points); '-' is standard output.",
)
@click.option(
    "--distance/--no-distance",
    default=None,
    help="Add the distance to the nearest zone limit (default: on for one point, "
    "off for --points, where it costs a few milliseconds a point).",
)
@parallel_options(
    "Worker processes for --points (default: one per CPU with --distance and "
    f"{PARALLEL_FROM:,} points or more, else 1).",
    "Classify --points on this Dask cluster (e.g. tcp://10.0.0.5:8786); needs trajgeo[dask].",
)
@zones_options
def where(
    coords: tuple[str, ...],
    points_file: str | None,
    as_json: bool,
    output: str,
    distance: bool | None,
    jobs: int | None,
    scheduler: str | None,
    zones: str | None,
    worldview: str | None,
    zones_accuracy: float | None,
) -> None:
    """Say which maritime zones (EEZ, territorial sea, land, disputed bands) hold a point.

    \b
    Examples:
      trajgeo where 40.5 136.9
      trajgeo where -17.0 179.99 --json
      trajgeo where --points impacts.csv -o impacts-zones.csv
      trajgeo where --points tracks.csv --distance --jobs 2 -o tracks-zones.csv
      trajgeo where --points ais.parquet --scheduler tcp://10.0.0.5:8786 -o ais-zones.parquet
    """
    from trajgeo.cli.options import load_cli_zones

    if points_file is None and len(coords) != 2:
        raise InputError(
            "give LAT LON, or --points FILE.csv",
            source="command line",
            field="LAT LON",
            value=" ".join(coords) or ...,
            allowed="two numbers, e.g. `trajgeo where 40.5 136.9`",
        )
    if points_file is not None and coords:
        raise InputError(
            "give either LAT LON or --points, not both", source="command line", field="--points"
        )
    from trajgeo.analysis.points_stream import is_parquet

    _check_output(points_file, as_json, output)
    ctx = click.get_current_context()
    if zones is None:
        refuse_unused(
            ctx, "zones_accuracy", "it states the accuracy of a --zones file", "add --zones FILE"
        )
    if points_file is None:  # one point is answered in this process
        for name in ("jobs", "scheduler"):
            refuse_unused(ctx, name, "it spreads a --points file's rows", "add --points FILE")
    if (
        points_file is not None
        and is_parquet(points_file)
        and scheduler
        and not (zones or worldview or zones_accuracy)
    ):  # the shipped zones, loaded by the Dask workers only: not held here as well
        spread = _Spread(None, None, None, jobs, scheduler)
        _many_parquet(points_file, as_json, output, bool(distance), spread)
        return
    zs = load_cli_zones(zones, worldview=worldview, accuracy_km=zones_accuracy)
    if points_file is None:
        lat, lon = (_coord(coords[0], "LAT", 90.0), _coord(coords[1], "LON", 180.0))
        text = _one(zs, lat, lon, as_json, distance is not False)
        if output == "-":
            click.echo(text)
        else:
            from trajgeo.io.atomic import write_text

            write_text(output, text + "\n")
            click.echo(f"wrote the zones at {lat:.4f}, {lon:.4f} to {output}", err=True)
    else:
        from trajgeo.analysis.parallel import worker_zones

        worker_zones(zones, zones_accuracy, worldview, preloaded=zs)
        spread = _Spread(zones, zones_accuracy, worldview, jobs, scheduler)
        if is_parquet(points_file):
            _many_parquet(points_file, as_json, output, bool(distance), spread)
        else:
            _many(zs, points_file, as_json, output, bool(distance), spread)


def _coord(text: str, name: str, limit: float) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputError(
            "not a number",
            source="command line",
            field=name,
            value=text,
            allowed=f"decimal degrees from -{limit:g} to {limit:g}",
        ) from None
    if not -limit <= value <= limit:
        raise InputError(
            "out of range",
            source="command line",
            field=name,
            value=value,
            allowed=f"decimal degrees from -{limit:g} to {limit:g}",
        )
    return value


def _check_output(points_file: str | None, as_json: bool, output: str) -> None:
    """Refuse an output file whose extension does not match what would be written."""
    from trajgeo.analysis.points_stream import is_parquet
    from trajgeo.cli.options import require_suffix

    if points_file is not None and is_parquet(points_file):
        return  # GeoParquet points write GeoParquet or CSV by the extension (checked there)
    allowed: tuple[str, ...]
    if points_file is None:
        allowed, what = ((".json",), "JSON") if as_json else ((".txt",), "the text report")
    else:
        allowed, what = ((".json", ".jsonl"), "JSON lines") if as_json else ((".csv",), "CSV")
    require_suffix(output, allowed, what)


def _one(zs: ZoneSet, lat: float, lon: float, as_json: bool, with_distance: bool) -> str:
    """Return one point's report: its zones, nearest limits and the data set (or JSON)."""
    from trajgeo.maritime.where import where_point

    res = where_point(zs, lon, lat, distance=with_distance)
    if as_json:
        return json.dumps(res.as_dict(zs), ensure_ascii=False)
    lines = [f"{lat:.4f}, {lon:.4f}:"]
    if not res.zones:
        lines.append(f"  {res.no_zone_text(zs)}")
    for z in res.zones:
        # a disputed band's label names its claimants, not the feature they dispute
        shared = len(z.claimants) > 1 or z.kind in ("overlapping_claim", "joint_regime")
        what = f": {z.name}" if shared and z.name and z.name not in z.label else ""
        lines.append(f"  {z.label} [{z.kind}]{what}")
    if res.boundary_distance_km is not None:
        lines.append(f"  nearest zone limit: {res.boundary_distance_km:,.1f} km")
    if res.limit_error is not None:
        lines.append(f"  nearest EEZ limit: {res.limit_error.describe()}")
    if res.border_error is not None:
        from trajgeo.wording import border_text

        lines.append(f"  nearest land border: {border_text(res.border_error, res.border_with)}")
    lines.append(
        f"  data: {zs.dataset.name} {zs.dataset.version} ({zs.dataset.describe_accuracy()})"
    )
    return "\n".join(lines)


@dataclass(frozen=True)
class _Spread:
    """Where --points runs: the zone options workers reload, and how many workers."""

    zones: str | None
    zones_accuracy: float | None
    worldview: str | None
    jobs: int | None
    scheduler: str | None

    def serial(self, n_points: int, with_distance: bool) -> bool:
        if self.scheduler is not None:
            return False
        if self.jobs is not None:
            return self.jobs == 1
        return not (with_distance and n_points >= PARALLEL_FROM)


def _many(
    zs: ZoneSet, path: str, as_json: bool, output: str, with_distance: bool, spread: _Spread
) -> None:
    from trajgeo.io.atomic import write_text
    from trajgeo.io.points import read_points_csv, safe_csv_writer
    from trajgeo.maritime.where import where_points

    simple = None if as_json else _read_simple(path)
    if simple is not None:
        text = _simple_csv(zs, *simple, with_distance)
        write_text(output, text)
        if output != "-":
            click.echo(f"classified {len(simple[1])} points into {output}", err=True)
        sys.stdout.flush()
        return
    table = read_points_csv(path)
    header, rows = table.header, table.rows
    if spread.serial(len(rows), with_distance):
        found = where_points(zs, table.lons, table.lats, distance=with_distance)
    else:
        from trajgeo.analysis.parallel import where_points_parallel

        found = where_points_parallel(
            table.lons,
            table.lats,
            zones=spread.zones,
            zones_accuracy=spread.zones_accuracy,
            worldview=spread.worldview,
            distance=with_distance,
            jobs=spread.jobs,
            scheduler=spread.scheduler,
        )
    buf = io.StringIO()
    if as_json:
        for row, res in zip(rows, found, strict=True):
            rec: dict[str, Any] = dict(zip(header, row, strict=False))
            rec.update(
                lat=res.lat,
                lon=res.lon,
                zones=[
                    {
                        "name": z.name,
                        "sovereign_iso3": z.sovereign_iso3,
                        "claimants": list(z.claimants),
                        "kind": z.kind,
                    }
                    for z in res.zones
                ],
            )
            if res.boundary_distance_km is not None:
                rec["boundary_distance_km"] = round(res.boundary_distance_km, 1)
            buf.write(json.dumps(rec, ensure_ascii=False) + "\n")
    else:
        w = safe_csv_writer(buf, lineterminator="\n")  # no spreadsheet formulas
        extra = ["zones", "sovereigns", "kinds"]
        w.writerow(header + extra + (["boundary_distance_km"] if with_distance and rows else []))
        for row, res in zip(rows, found, strict=True):
            out = row + [
                ";".join(z.name for z in res.zones),
                ";".join(_owners(z) for z in res.zones),
                ";".join(z.kind for z in res.zones),
            ]
            if res.boundary_distance_km is not None:
                out.append(f"{res.boundary_distance_km:.1f}")
            w.writerow(out)
    write_text(output, buf.getvalue())
    if output != "-":
        click.echo(f"classified {len(rows)} points into {output}", err=True)
    sys.stdout.flush()


def _many_parquet(
    path: str, as_json: bool, output: str, with_distance: bool, spread: _Spread
) -> None:
    """Classify a GeoParquet file of points piece by piece (bounded memory)."""
    from trajgeo.analysis.parallel import default_jobs
    from trajgeo.analysis.points_stream import ZoneOptions, open_parquet, where_parquet

    if as_json:
        raise InputError(
            "--json is not written for GeoParquet points",
            source="command line",
            field="--json",
            allowed="-o FILE.parquet (GeoParquet) or -o FILE.csv",
        )
    n_points = open_parquet(path).metadata.num_rows
    jobs = 1 if spread.serial(n_points, with_distance) else (spread.jobs or default_jobs())
    opts = ZoneOptions(spread.zones, spread.zones_accuracy, spread.worldview, with_distance)
    n = where_parquet(path, output, opts, jobs=jobs, scheduler=spread.scheduler)
    if output != "-":
        click.echo(f"classified {n} points into {output}", err=True)
    sys.stdout.flush()


def _read_simple(path: str) -> tuple[list[str], list[str], Any, Any] | None:
    """Read a plain points CSV fast: header, raw data lines, lats, lons.

    Plain means no quotes, no carriage returns, no blank lines and good
    coordinates: then each data line, written back as it was, is what the
    csv module would write for its fields. Anything else returns ``None``
    and goes through :func:`trajgeo.io.points.read_points_csv`, which reads
    every case and names the line of a bad row.
    """
    import numpy as np

    from trajgeo.io.points import _LAT_NAMES, _LON_NAMES, MAX_FIELD_CHARS, has_formula_cell

    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError):
        return None
    if '"' in text or "\r" in text or has_formula_cell(text):
        return None
    if max(map(len, text.split("\n"))) > MAX_FIELD_CHARS:
        return None  # the csv-module path names the over-long field
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    if len(lines) < 2 or "" in lines:
        return None
    header = [h.strip() for h in lines[0].split(",")]
    lower = [h.lower() for h in header]
    if len(set(lower)) != len(lower):
        return None  # the csv-module path names the column given twice
    ilat = next((lower.index(n) for n in _LAT_NAMES if n in lower), None)
    ilon = next((lower.index(n) for n in _LON_NAMES if n in lower), None)
    if ilat is None or ilon is None:
        return None
    body = lines[1:]
    commas = len(header) - 1
    if any(line.count(",") != commas for line in body):
        return None
    # one flat list of cells (a list per row costs more in allocation than in parsing)
    cells = ",".join(body).split(",")
    try:
        lats = np.fromiter(map(float, cells[ilat :: commas + 1]), float, count=len(body))
        lons = np.fromiter(map(float, cells[ilon :: commas + 1]), float, count=len(body))
    except ValueError:
        return None
    ok = (lats >= -90) & (lats <= 90) & (lons >= -180) & (lons <= 180)
    return (header, body, lats, lons) if bool(ok.all()) else None


def _simple_csv(
    zs: ZoneSet, header: list[str], body: list[str], lats: Any, lons: Any, with_distance: bool
) -> str:
    """Return the ``--points`` CSV for plain input, as the csv module would write it."""
    import numpy as np

    from trajgeo.maritime.limits import limit_distance_km, prepare_limit_index
    from trajgeo.maritime.where import MANY_POINTS

    pi, zi = zs.classify(lons, lats)
    starts = np.searchsorted(pi, np.arange(len(body) + 1))
    count = np.diff(starts)
    # most points are in no zone or one: their cells are looked up, not built
    one = [_zone_cells([zs.zones[z]]) for z in range(len(zs.zones))]
    extra = np.full(len(body), ",,", dtype=object)
    single = np.nonzero(count == 1)[0]
    extra[single] = np.asarray(one, dtype=object)[zi[starts[single]]]
    for k in np.nonzero(count > 1)[0].tolist():
        extra[k] = _zone_cells([zs.zones[z] for z in zi[starts[k] : starts[k + 1]].tolist()])
    if with_distance:
        if len(body) >= MANY_POINTS:
            prepare_limit_index(zs)
        for k in range(len(body)):
            found = [zs.zones[z] for z in zi[starts[k] : starts[k + 1]].tolist()]
            d = limit_distance_km(zs, float(lons[k]), float(lats[k]), found)
            extra[k] += f",{d:.1f}"
    top = (
        header
        + ["zones", "sovereigns", "kinds"]
        + (["boundary_distance_km"] if with_distance else [])
    )
    out = [_csv_line(top)]
    out.extend(f"{line},{cell}" for line, cell in zip(body, extra, strict=True))
    return "\n".join(out) + "\n"


def _zone_cells(found: list[Any]) -> str:
    """Return the zones, sovereigns and kinds cells of one point, as ``csv.writer`` writes them."""
    return _csv_line(
        [
            ";".join(z.name for z in found),
            ";".join(_owners(z) for z in found),
            ";".join(z.kind for z in found),
        ]
    )


def _owners(zone: Any) -> str:
    """Return one zone's sovereigns cell: every claimant of a disputed band (``CHN/TWN``)."""
    return "/".join(zone.claimants) if len(zone.claimants) > 1 else zone.sovereign_iso3


def _csv_line(fields: list[str]) -> str:
    """Return one row as the formula-safe writer writes it, without the newline."""
    from trajgeo.io.points import safe_csv_writer

    buf = io.StringIO()
    safe_csv_writer(buf, lineterminator="\n").writerow(fields)
    return buf.getvalue()[:-1]
