"""``trajgeo check``: verdicts of each shot against maritime zones, and of each claim."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from trajgeo.cli.options import event_args, load_cli_events, range_tolerance_option, zones_options
from trajgeo.wording import CLAIM_MARKS

if TYPE_CHECKING:
    from trajgeo.analysis import EventAnalysis

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
    from trajgeo.analysis import analyse
    from trajgeo.cli.options import load_cli_zones

    loaded = load_cli_events(events, range_tolerance)
    zs = load_cli_zones(zones, worldview=None, accuracy_km=zones_accuracy)
    result = analyse(loaded, zones=zs, worldview=worldview, capability=False)
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return
    for ea in result.events:
        _print_event(ea)


def _print_event(ea: EventAnalysis) -> None:
    r = ea.verdicts
    assert r is not None  # check always judges
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
        for o in ea.shot_overflights(shot.number):
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
        click.echo(f"    {CLAIM_MARKS[c.status]:<12} {c.reason}{src}")
    ds = r.dataset
    click.echo(f"  data: {ds.name} {ds.version} ({ds.describe_accuracy()})")
