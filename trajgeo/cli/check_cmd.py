"""``trajgeo check``: verdicts of each shot against maritime zones, and of each claim."""

from __future__ import annotations

import json

import click

from trajgeo.cli.options import event_args, load_cli_events, range_tolerance_option, zones_options

__all__ = ["check"]


@click.command("check")
@event_args
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@zones_options
@range_tolerance_option
def check(
    events: tuple[str, ...],
    as_json: bool,
    zones: str | None,
    worldview: str | None,
    zones_accuracy: float | None,
    range_tolerance: float | None,
) -> None:
    """Judge each shot's impact area against maritime zones (EEZ) and check the claims.

    For each shot and each zone its impact area touches (or a claim names):
    inside, outside or straddles, the share of the impact area inside, and
    the margin in km from the zone's limit; where the shot's nominal track
    crosses another state's land, and at what modelled altitude (from the
    land of the same zone set); then whether each claim in the event file
    holds, is contradicted, or cannot be settled by the data.

    \b
    Example:
      trajgeo check examples/2024-03-18-pyongyang.yaml
      trajgeo check --json --worldview KOR examples/*.yaml
    """
    from trajgeo.cli.options import load_cli_zones
    from trajgeo.geo.impact import event_geometry
    from trajgeo.maritime.overflight import overflights
    from trajgeo.maritime.verdicts import check_events

    loaded = load_cli_events(events, range_tolerance)
    zs = load_cli_zones(zones, worldview=None, accuracy_km=zones_accuracy)
    geoms = [event_geometry(ev) for ev in loaded]
    results = check_events(geoms, zs, worldview=worldview)
    # land crossings per (event, shot), from the land of the same zone set
    over: dict[tuple[str, int], list] = {}
    for g in geoms:
        for o in overflights(g, zs):
            over.setdefault((o.event_id, o.shot_number), []).append(o)
    if as_json:
        docs = []
        for r in results:
            d = r.as_dict()
            for shot in d.get("shots", []):
                shot["overflights"] = [
                    o.as_dict() for o in over.get((r.event.id, shot["shot"]), [])
                ]
            docs.append(d)
        doc = {"events": docs, "dataset": zs.with_worldview(worldview).dataset.as_dict()}
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    for r in results:
        _print_event(r, over)


_MARK = {"holds": "HOLDS", "contradicted": "CONTRADICTED", "inconclusive": "INCONCLUSIVE"}


def _print_event(r, over: dict[tuple[str, int], list] | None = None) -> None:
    ev = r.event
    date = f" ({ev.date.isoformat()[:10]})" if ev.date else ""
    click.echo(click.style(f"{ev.id}{date}: {ev.title}", bold=True))
    for sv in r.shots:
        sg = sv.geometry
        shot = sg.shot
        what = []
        if shot.range is not None:
            what.append(shot.range.describe())
        if shot.bearing is not None:
            what.append(shot.bearing.describe())
        if shot.impact is not None:
            what.append(shot.impact.text)
        click.echo(
            f"  shot {shot.number}: {shot.title} from {shot.launch.name}"
            + (f" — {', '.join(what)}" if what else "")
        )
        if not sv.verdicts:
            click.echo("    touches no zone in the data set (high seas)")
        for v in sv.verdicts:
            click.echo(f"    {v.status.upper():<9} {v.describe()}")
        for o in (over or {}).get((ev.id, shot.number), []):
            model = "modelled" if o.apogee_reported else "modelled, minimum-energy path"
            click.echo(
                f"    {'OVER':<9} {o.state} from {o.entry_km:,.0f} to "
                f"{o.exit_km:,.0f} km downrange, at {o.altitude_range_text()} "
                f"altitude ({model})"
            )
    if r.claims:
        click.echo("  claims:")
    for c in r.claims:
        src = f" [{c.claim.source}]" if c.claim.source else ""
        click.echo(f"    {_MARK[c.status]:<12} {c.reason}{src}")
    ds = r.dataset
    click.echo(f"  data: {ds.name} {ds.version} ({ds.describe_accuracy()})")
