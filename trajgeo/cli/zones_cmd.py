"""``trajgeo zones``: event files in, GeoJSON of sites, arcs, impact areas and rings out."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from trajgeo.cli.options import (
    OnceCommand,
    event_args,
    jobs_option,
    load_cli_events,
    range_tolerance_option,
)
from trajgeo.constants import HALF_MERIDIAN_KM
from trajgeo.errors import InputError

__all__ = ["zones"]


@click.command("zones", cls=OnceCommand)
@event_args
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    metavar="OUT.geojson|gpkg",
    help="Where to write the features: GeoJSON (.geojson, .json; '-' is standard output) "
    "or a GeoPackage (.gpkg).",
)
@click.option(
    "--ring",
    "rings",
    multiple=True,
    type=click.FloatRange(min=0, min_open=True, max=HALF_MERIDIAN_KM),
    metavar="KM",
    help="Add a range ring at this distance around each launch site (repeatable).",
)
@click.option(
    "--max-segment-km",
    type=click.FloatRange(0.1, 1000),
    default=10.0,
    show_default=True,
    help="Longest segment of a densified arc or boundary.",
)
@range_tolerance_option
@jobs_option(
    "Worker processes building a GeoJSON file (default one per CPU from "
    "100 event files on; 1: this process alone). The file is the same either way."
)
@click.pass_context
def zones(
    ctx: click.Context,
    events: tuple[str, ...],
    output: str,
    rings: tuple[float, ...],
    max_segment_km: float,
    range_tolerance: float | None,
    jobs: int | None,
) -> None:
    """Write launch sites, nominal arcs, impact areas and range rings as GeoJSON.

    Each feature's properties say its `kind` (launch_site, launch_area, arc,
    impact_zone, impact_point, ring), the event and shot it belongs to, and
    the assumptions used (tolerances, compass sectors). Geometry is geodesic
    on WGS84, split at the antimeridian (RFC 7946).

    \b
    Example:
      trajgeo zones examples/2024-03-18-pyongyang.yaml -o zones.geojson
      trajgeo zones events/*.yaml --jobs 2 -o zones.geojson
    """
    from trajgeo.cli.options import require_suffix
    from trajgeo.io.export import FORMATS

    require_suffix(output, tuple(FORMATS), "GeoJSON or GeoPackage", field="--output")
    bad: list[Exception] = []
    if output == "-" or FORMATS.get(Path(output).suffix.lower()) == "GeoJSON":
        from trajgeo.analysis.zone_files import write_zones_geojson

        n, n_events = write_zones_geojson(
            events,
            output,
            range_tolerance=range_tolerance,
            rings_km=tuple(rings),
            max_segment_m=max_segment_km * 1000,
            jobs=jobs,
            errors=bad if len(events) > 1 else None,
        )
    else:
        from trajgeo.geo.impact import event_geometry
        from trajgeo.io.export import write_features

        loaded = []
        for path in events if len(events) > 1 else ():
            try:  # a batch: one bad file is reported, the others still written
                loaded.extend(load_cli_events((path,), range_tolerance))
            except InputError as exc:
                bad.append(exc)
        if len(events) <= 1:
            loaded = load_cli_events(events, range_tolerance)
        # built one event at a time as the features are written, never all held at once
        geoms = (
            event_geometry(ev, rings_km=tuple(rings), max_segment_m=max_segment_km * 1000)
            for ev in loaded
        )
        n, n_events = write_features(geoms, output), len(loaded)
    for failure in bad:
        click.echo(f"trajgeo: error: {failure}", err=True)
    if bad and not n_events:  # nothing could be read: an input error, as for one bad file
        click.echo(
            f"trajgeo: none of the {len(events)} files could be read; nothing was written", err=True
        )
        sys.exit(2)
    if output != "-" and not ctx.find_root().obj.get("quiet"):
        click.echo(f"wrote {n} features for {n_events} event(s) to {output}", err=True)
    if bad:
        from trajgeo.cli.check_cmd import EXIT_SOME_FAILED
        from trajgeo.wording import batch_failed_text

        click.echo(batch_failed_text(len(bad), len(events), output), err=True)
        sys.exit(EXIT_SOME_FAILED)
