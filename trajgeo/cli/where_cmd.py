"""``trajgeo where``: which maritime zones hold a point, or many points from a CSV."""

from __future__ import annotations

import csv
import io
import json
import sys

import click

from trajgeo.cli.options import zones_options
from trajgeo.errors import InputError

__all__ = ["where"]


@click.command("where", context_settings={"ignore_unknown_options": True})
@click.argument("coords", nargs=-1, metavar="[LAT LON]")
@click.option(
    "--points",
    "points_file",
    type=click.Path(dir_okay=False),
    default=None,
    metavar="FILE.csv",
    help="Classify every row of a CSV with lat,lon columns (other columns are passed through).",
)
@click.option(
    "--json", "as_json", is_flag=True, help="JSON output (one object per line with --points)."
)
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    help="Where to write --points results; '-' is standard output.",
)
@click.option(
    "--distance/--no-distance",
    default=None,
    help="Add the distance to the nearest zone limit (default: on for one point, "
    "off for --points, where it costs about a millisecond a point).",
)
@zones_options
def where(
    coords: tuple[str, ...],
    points_file: str | None,
    as_json: bool,
    output: str,
    distance: bool | None,
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
    zs = load_cli_zones(zones, worldview=worldview, accuracy_km=zones_accuracy)
    if points_file is None:
        lat, lon = (_coord(coords[0], "LAT", 90.0), _coord(coords[1], "LON", 180.0))
        _one(zs, lat, lon, as_json, distance is not False)
    else:
        _many(zs, points_file, as_json, output, bool(distance))


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


def _one(zs, lat: float, lon: float, as_json: bool, with_distance: bool) -> None:
    from trajgeo.maritime.limits import limit_distance_km

    found = zs.where(lon, lat)
    dist = limit_distance_km(zs, lon, lat, found) if with_distance else None
    doc = {
        "lat": lat,
        "lon": lon,
        "zones": [
            {
                "name": z.name,
                "label": z.label,
                "sovereign_iso3": z.sovereign_iso3,
                "kind": z.kind,
                "claimants": list(z.claimants),
            }
            for z in found
        ],
        "boundary_distance_km": None if dist is None else round(dist, 1),
        "dataset": zs.dataset.as_dict(),
    }
    if as_json:
        click.echo(json.dumps(doc, ensure_ascii=False))
        return
    click.echo(f"{lat:.4f}, {lon:.4f}:")
    if not found:
        click.echo("  in no zone of the data set (high seas)")
    for z in found:
        click.echo(f"  {z.label} [{z.kind}]")
    if dist is not None:
        click.echo(f"  nearest zone limit: {dist:,.1f} km")
    click.echo(f"  data: {zs.dataset.name} {zs.dataset.version} ({zs.dataset.describe_accuracy()})")


_LAT_NAMES = ("lat", "latitude", "y")
_LON_NAMES = ("lon", "lng", "long", "longitude", "x")


def _read_points(path: str) -> tuple[list[str], list[list[str]], int, int]:
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.reader(fh))
    except FileNotFoundError:
        raise InputError("file not found", source=path) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", source=path) from None
    if not rows:
        raise InputError("the file is empty", source=path, allowed="a CSV with lat,lon columns")
    header = [h.strip() for h in rows[0]]
    lower = [h.lower() for h in header]
    try:
        ilat = next(lower.index(n) for n in _LAT_NAMES if n in lower)
        ilon = next(lower.index(n) for n in _LON_NAMES if n in lower)
    except StopIteration:
        raise InputError(
            "no lat/lon columns in the header",
            source=path,
            field="header",
            value=header,
            allowed="columns named lat and lon",
        ) from None
    return header, rows[1:], ilat, ilon


def _many(zs, path: str, as_json: bool, output: str, with_distance: bool) -> None:
    import numpy as np

    from trajgeo.io.atomic import write_text

    header, rows, ilat, ilon = _read_points(path)
    lats = np.empty(len(rows))
    lons = np.empty(len(rows))
    for k, row in enumerate(rows):
        try:
            lats[k] = float(row[ilat])
            lons[k] = float(row[ilon])
        except (ValueError, IndexError):
            raise InputError(
                "not a number",
                source=path,
                field=f"line {k + 2}, column {header[ilat]}/{header[ilon]}",
                value=row[ilat : ilat + 1] + row[ilon : ilon + 1],
                allowed="decimal degrees",
            ) from None
        if not (-90 <= lats[k] <= 90 and -180 <= lons[k] <= 180):
            raise InputError(
                "coordinates out of range",
                source=path,
                field=f"line {k + 2}",
                value=(lats[k], lons[k]),
                allowed="lat -90..90, lon -180..180",
            )
    pi, zi = zs.classify(lons, lats)
    per_point: list[list[int]] = [[] for _ in rows]
    for p, z in zip(pi.tolist(), zi.tolist(), strict=False):
        per_point[p].append(z)
    dists = None
    if with_distance:
        from trajgeo.maritime.limits import limit_distance_km

        dists = [
            limit_distance_km(
                zs, float(lons[k]), float(lats[k]), [zs.zones[z] for z in per_point[k]]
            )
            for k in range(len(rows))
        ]
    buf = io.StringIO()
    if as_json:
        for k, row in enumerate(rows):
            rec = dict(zip(header, row, strict=False))
            rec.update(
                lat=float(lats[k]),
                lon=float(lons[k]),
                zones=[
                    {
                        "name": zs.zones[z].name,
                        "sovereign_iso3": zs.zones[z].sovereign_iso3,
                        "kind": zs.zones[z].kind,
                    }
                    for z in per_point[k]
                ],
            )
            if dists is not None:
                rec["boundary_distance_km"] = round(dists[k], 1)
            buf.write(json.dumps(rec, ensure_ascii=False) + "\n")
    else:
        w = csv.writer(buf, lineterminator="\n")
        extra = ["zones", "sovereigns", "kinds"] + (["boundary_distance_km"] if dists else [])
        w.writerow(header + extra)
        for k, row in enumerate(rows):
            zl = [zs.zones[z] for z in per_point[k]]
            out = row + [
                ";".join(z.name for z in zl),
                ";".join(z.sovereign_iso3 for z in zl),
                ";".join(z.kind for z in zl),
            ]
            if dists is not None:
                out.append(f"{dists[k]:.1f}")
            w.writerow(out)
    write_text(output, buf.getvalue())
    if output != "-":
        click.echo(f"classified {len(rows)} points into {output}", err=True)
    sys.stdout.flush()
