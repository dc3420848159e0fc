"""``trajgeo check``: verdicts of each shot against maritime zones, and of each claim."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from trajgeo.cli.options import event_args, load_cli_events, range_tolerance_option, zones_options
from trajgeo.wording import CLAIM_MARKS, claim_label, claim_sentence, missile_lines

if TYPE_CHECKING:
    from trajgeo.analysis import EventAnalysis

__all__ = ["check"]


@click.command("check")
@event_args
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@zones_options
@range_tolerance_option
@click.option(
    "--seed",
    type=int,
    default=None,
    help="Seed of the estimate's sampling (default: derived from each event's id).",
)
@click.option(
    "--holds-at",
    type=click.FloatRange(0.5, 1.0, min_open=True, max_open=True),
    default=0.95,
    show_default=True,
    metavar="P",
    help="Probability at which a claim holds (it is contradicted at 1 - P).",
)
@click.option(
    "--samples", is_flag=True, help="With --json: include every impact sample of the estimate."
)
@click.option(
    "--accounts",
    is_flag=True,
    help="Also print each source's account on its own: its area against every zone it touches.",
)
def check(
    events: tuple[str, ...],
    as_json: bool,
    zones: str | None,
    worldview: str | None,
    zones_accuracy: float | None,
    range_tolerance: float | None,
    seed: int | None,
    holds_at: float,
    samples: bool,
    accounts: bool,
) -> None:
    """Say where each missile came down, as probabilities, and test each claim.

    Every source's account of the same missiles (shot lines joined by
    ``same_as``) is combined into one estimate. For each missile: the
    probability of having come down inside each maritime zone it may have
    reached (boundary error included), of having flown over each state's
    land, and the impact described from a landmark (trajgeo's own words).
    Then each claim: holds (at least --holds-at likely), contradicted (at
    most 1 - --holds-at), near the line, or cannot say.

    \b
    Example:
      trajgeo check examples/2024-03-18-pyongyang.yaml
      trajgeo check --json --worldview KOR examples/*.yaml
    """
    from trajgeo.analysis import analyse
    from trajgeo.cli.options import load_cli_zones

    loaded = load_cli_events(events, range_tolerance)
    zs = load_cli_zones(zones, worldview=None, accuracy_km=zones_accuracy)
    result = analyse(
        loaded, zones=zs, worldview=worldview, capability=False, seed=seed, holds_at=holds_at
    )
    if as_json:
        doc = result.as_dict()
        if samples:
            for ea, ev_doc in zip(result.events, doc["events"], strict=True):
                assert ea.fused is not None
                ev_doc["missiles"] = [m.as_dict(samples=True) for m in ea.fused.missiles]
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    for ea in result.events:
        _print_event(ea, accounts)


def _print_event(ea: EventAnalysis, accounts: bool) -> None:
    r = ea.verdicts
    assert r is not None and ea.fused is not None  # check always judges
    ev = r.event
    date = f" ({ev.date.isoformat()[:10]})" if ev.date else ""
    click.echo(click.style(f"{ev.id}{date}: {ev.title}", bold=True))
    for ma in ea.fused.missiles:
        for line in missile_lines(ma):
            click.echo("  " + line)
    if accounts:
        _print_accounts(ea)
    if ea.fused.claims:
        click.echo("  claims:")
    for cv in ea.fused.claims:
        label = claim_label(cv.zone, cv.kind)
        click.echo(f"    {CLAIM_MARKS[cv.status]:<14} {claim_sentence(cv, label)}")
    ds = r.dataset
    click.echo(f"  data: {ds.name} {ds.version} ({ds.describe_accuracy()})")


def _print_accounts(ea: EventAnalysis) -> None:
    r = ea.verdicts
    assert r is not None  # check always judges
    click.echo("  each account on its own:")
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
            f"    line {shot.number} ({shot.source or 'no source named'}): {shot.title} "
            f"from {shot.launch.name}" + (f" — {', '.join(what)}" if what else "")
        )
        if not sv.verdicts:
            click.echo("      touches no zone in the data set (high seas)")
        for v in sv.verdicts:
            click.echo(f"      {v.status.upper():<9} {v.describe()}")
        for o in ea.shot_overflights(shot.number):
            model = "modelled" if o.apogee_reported else "modelled, minimum-energy path"
            click.echo(
                f"      {'OVER':<9} {o.state} from {o.entry_km:,.0f} to "
                f"{o.exit_km:,.0f} km downrange, at {o.altitude_range_text()} "
                f"altitude ({model})"
            )
