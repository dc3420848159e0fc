"""``trajgeo check``: each missile's estimate and each claim, for one file or a catalogue.

Many files (paths, globs, folders, a list on standard input) run in parallel
and give one table row per missile (``--format table|csv|json|geoparquet|gpkg``).
A file that fails is reported on standard error and skipped; the exit code is
then :data:`EXIT_SOME_FAILED`.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

import click

from trajgeo.cli.options import (
    OnceCommand,
    parallel_options,
    range_tolerance_option,
    refuse_unused,
    zones_options,
)
from trajgeo.errors import InputError
from trajgeo.wording import claim_label, claim_mark, claim_sentence, missile_lines, view_line

if TYPE_CHECKING:
    from trajgeo.analysis import EventAnalysis
    from trajgeo.analysis.catalogue import CatalogueOptions, FileResult

__all__ = ["EXIT_SOME_FAILED", "check"]

#: Exit code when some files failed (each reported on stderr) and the others' output was written.
EXIT_SOME_FAILED = 3

FORMATS = ("text", "table", "csv", "json", "geoparquet", "gpkg")


@click.command("check", cls=OnceCommand)
@click.argument("events", nargs=-1, metavar="EVENT...", type=str)
@click.option(
    "--from-list",
    "from_list",
    type=click.File("r", encoding="utf-8"),
    default=None,
    metavar="FILE",
    help="Read event file paths from FILE, one a line ('-': standard input).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="text (default): the report per event; table (Markdown), csv, json, geoparquet, "
    "gpkg: one row per missile. Default with -o: the one its extension names.",
)
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    metavar="FILE",
    help="Where to write ('-': standard output); the extension must match --format.",
)
@click.option("--json", "as_json", is_flag=True, help="Print every detail as JSON (one document).")
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
    "--sample-size",
    type=click.IntRange(min=200),  # sampler.MIN_ACCEPTED: fewer cannot tell accounts apart
    default=None,
    metavar="N",
    help="At most N impact samples per missile (default 10,000: as many as ±1 point needs, "
    "2,000 first); fewer is faster and less precise.",
)
@click.option(
    "--samples", is_flag=True, help="With --json: include every impact sample of the estimate."
)
@click.option(
    "--accounts",
    is_flag=True,
    help="Also print each source's account on its own: its area against every zone it touches.",
)
@parallel_options(
    "Worker processes (default: one per CPU for 4 files or more; 1 runs in this process).",
    "Run on this Dask cluster (e.g. tcp://10.0.0.5:8786) instead; needs trajgeo[dask].",
)
@click.pass_context
def check(ctx: click.Context, events: tuple[str, ...], from_list: Any, fmt: str | None, output: str,
          as_json: bool, zones: str | None, worldview: str | None, zones_accuracy: float | None,
          range_tolerance: float | None, seed: int | None, holds_at: float,
          sample_size: int | None, samples: bool, accounts: bool, jobs: int | None,
          scheduler: str | None) -> None:  # fmt: skip
    """Say where each missile came down, as probabilities, and test each claim.

    Every source's account of the same missiles (shot lines joined by
    ``same_as``) is combined into one estimate. For each missile: the
    probability of having come down inside each maritime zone it may have
    reached (boundary error included), of having flown over each state's
    land, and the impact described from a landmark (trajgeo's own words).
    Then each claim: holds (at least --holds-at likely), contradicted (at
    most 1 - --holds-at), near the line, or cannot say.

    EVENT may be a file, a folder (its *.yaml, *.yml and *.json files), a
    quoted glob, or '-' for a list of paths on standard input. Files run in
    parallel. A file that fails is reported on standard error and skipped;
    the exit code is then 3 (2 or 1 if no file ran).

    \b
    Examples:
      trajgeo check examples/2024-03-18-pyongyang.yaml
      trajgeo check --json --worldview KOR examples/*.yaml
      trajgeo check examples/catalogue --format csv -o launches.csv
      find reports -name '*.yaml' | trajgeo check - --format table
    """
    from trajgeo.analysis.catalogue import CatalogueOptions, collect_files

    fmt = _format(fmt, output, as_json)
    if fmt != "detail":
        refuse_unused(ctx, "samples", "only --json writes the samples", "add --json")
    if fmt not in ("text", "detail"):
        refuse_unused(
            ctx, "accounts", f"--format {fmt} has no accounts", "the text report or --json"
        )
    if zones is None:
        refuse_unused(
            ctx, "zones_accuracy", "it states the accuracy of a --zones file", "add --zones FILE"
        )
    items = list(events)
    if "-" in items or from_list is not None:
        items = _with_lists(items, from_list)
    if not items:
        raise InputError(
            "no event file given",
            source="command line",
            field="EVENT...",
            allowed="event files, folders, globs, or '-' with paths on standard input",
        )
    try:
        options = CatalogueOptions(
            zones=zones,
            zones_accuracy=zones_accuracy,
            worldview=worldview,
            range_tolerance=range_tolerance,
            seed=seed,
            holds_at=holds_at,
            samples=sample_size,
            full=fmt in ("text", "detail"),
            accounts=fmt == "detail" or accounts,
        )
    except InputError as exc:  # named as the Python argument: say the option instead
        flag = _FLAGS.get(exc.field or "", exc.field)
        raise exc.located("command line") if flag is None else _as_option(exc, flag) from None
    if zones is not None or worldview is not None:
        _check_zones(options)
    files, failed = collect_files(items)
    if output != "-":
        from trajgeo.io.atomic import check_output

        # the command line named a folder, glob or list: the files it reached are inputs too
        check_output(output, forbid=files, field="--output", source="command line")
    for res in failed:
        _report(res)
    results = _run(files, options, jobs, scheduler, fmt, accounts, output, ctx)
    _finish(ctx, failed + results, fmt, output, samples)


#: CatalogueOptions' argument names, as the options that set them.
_FLAGS = {
    "seed": "--seed",
    "samples": "--sample-size",
    "holds_at": "--holds-at",
    "range_tolerance": "--range-tolerance",
    "zones_accuracy": "--zones-accuracy",
}


def _as_option(exc: InputError, flag: str) -> InputError:
    return InputError(
        exc.message, source="command line", field=flag, value=exc.value, allowed=exc.allowed
    )


def _format(fmt: str | None, output: str, as_json: bool) -> str:
    from trajgeo.io.table import check_extension, format_for_path

    if as_json:
        if fmt not in (None, "text"):
            raise InputError(
                "--json prints every detail; it does not go with --format",
                source="command line",
                field="--json",
                allowed="--json alone, or --format json for the table",
            )
        check_extension("json", output)
        return "detail"
    if fmt is None:
        fmt = "text" if output == "-" else format_for_path(output)
    check_extension(fmt, output)
    return fmt


def _with_lists(items: list[str], from_list: Any) -> list[str]:
    from trajgeo.analysis.catalogue import read_path_list

    out: list[str] = []
    for item in items:
        out.extend(read_path_list(sys.stdin.read()) if item == "-" else [item])
    if from_list is not None:
        out.extend(read_path_list(from_list.read()))
    return out


def _check_zones(options: CatalogueOptions) -> None:
    # a bad --zones file or --worldview is one usage error, not one failure per event file
    from trajgeo.analysis.parallel import worker_zones
    from trajgeo.cli.options import load_cli_zones

    zs = load_cli_zones(
        options.zones, worldview=options.worldview, accuracy_km=options.zones_accuracy
    )
    worker_zones(options.zones, options.zones_accuracy, options.worldview, preloaded=zs)


def _report(res: FileResult) -> None:
    click.echo(f"trajgeo: error: {res.error}", err=True)


def _run(
    files: list[str],
    options: CatalogueOptions,
    jobs: int | None,
    scheduler: str | None,
    fmt: str,
    accounts: bool,
    output: str,
    ctx: click.Context,
) -> list[FileResult]:
    from trajgeo.analysis.catalogue import iter_catalogue

    bar = _progress(len(files), ctx)
    stream = fmt == "text" and output == "-"
    results = []
    try:
        for res in iter_catalogue(
            files, options, jobs=jobs, scheduler=scheduler, on_done=bar.update if bar else None
        ):
            if not res.ok:
                _report_during(res, bar)
            elif stream:
                for ea in res.analyses:
                    _echo_lines(_event_lines(ea, res, accounts), bar)
            results.append(res if not stream else _lean(res))
    finally:
        if bar is not None:
            bar.close()
    if fmt == "text" and output != "-":
        from trajgeo.io.atomic import write_text

        lines = [ln for r in results for ea in r.analyses for ln in _event_lines(ea, r, accounts)]
        write_text(output, "".join(click.unstyle(ln) + "\n" for ln in lines))
    return results


def _lean(res: FileResult) -> FileResult:
    # printed already: drop the samples so a long run does not hold them all
    from dataclasses import replace

    return replace(res, analyses=())


class _Bar:
    def __init__(self, total: int) -> None:
        from tqdm import tqdm

        self.bar = tqdm(total=total, unit="file", file=sys.stderr, dynamic_ncols=True)

    def update(self, res: FileResult) -> None:
        self.bar.update(1)

    def write(self, text: str) -> None:
        self.bar.write(text, file=sys.stderr)

    def close(self) -> None:
        self.bar.close()


def _progress(total: int, ctx: click.Context) -> _Bar | None:
    # a bar on long runs only, only to a terminal, never with -q; quietly none without tqdm
    quiet = bool((ctx.find_root().obj or {}).get("quiet"))
    if total < 2 or quiet or not sys.stderr.isatty():
        return None
    try:
        return _Bar(total)
    except ImportError:
        return None


def _report_during(res: FileResult, bar: _Bar | None) -> None:
    if bar is not None:
        bar.write(f"trajgeo: error: {res.error}")
    else:
        _report(res)


def _echo_lines(lines: list[str], bar: _Bar | None) -> None:
    for ln in lines:
        if bar is not None:  # above the bar, which then redraws
            bar.bar.write(ln, file=sys.stdout)
        else:
            click.echo(ln)


def _finish(
    ctx: click.Context, results: list[FileResult], fmt: str, output: str, samples: bool
) -> None:
    from trajgeo.analysis.catalogue import Catalogue

    cat = Catalogue(tuple(results))
    ok = [r for r in results if r.ok]
    if ok and fmt == "detail":
        _write_detail(ok, output, samples)
    elif ok and fmt != "text":
        from trajgeo.io.table import write_table

        write_table(cat, fmt, output)
    failed = cat.failures
    if not failed:
        return
    if ok:
        from trajgeo.wording import batch_failed_text

        click.echo(batch_failed_text(len(failed), len(results), output), err=True)
        sys.exit(EXIT_SOME_FAILED)
    sys.exit(2 if all(r.error_kind == "input" for r in failed) else 1)


def _write_detail(ok: list[FileResult], output: str, samples: bool) -> None:
    from trajgeo.io.atomic import write_text

    events = []
    for r in ok:
        for ea in r.analyses:
            doc = ea.as_dict()
            if samples:
                assert ea.fused is not None
                doc["missiles"] = [m.as_dict(samples=True) for m in ea.fused.missiles]
            events.append(doc)
    doc = {"events": events, "dataset": ok[0].dataset}
    write_text(output, json.dumps(doc, ensure_ascii=False, indent=2) + "\n")


def _event_lines(ea: EventAnalysis, res: FileResult, accounts: bool) -> list[str]:
    from trajgeo.maritime.zoneset import Dataset

    assert ea.fused is not None and res.dataset is not None  # check always fuses
    ev = ea.geometry.event
    date = f" ({ev.date.isoformat()[:10]})" if ev.date else ""
    out = [click.style(f"{ev.id}{date}: {ev.title}", bold=True)]
    for ma in ea.fused.missiles:
        out.extend("  " + line for line in missile_lines(ma))
    if accounts:
        out.extend(_account_lines(ea))
    if ea.fused.claims:
        out.append("  claims:")
    for cv in ea.fused.claims:
        label = claim_label(cv.zone, cv.kind)
        out.append(f"    {claim_mark(cv):<14} {claim_sentence(cv, label)}")
    ds = Dataset(**res.dataset)  # the verdicts' own, as the worker saw it
    out.append(f"  data: {ds.name} {ds.version} ({ds.describe_accuracy()})")
    if ds.worldview:
        out.append(f"  {view_line(ds.worldview)}")
    return out


def _account_lines(ea: EventAnalysis) -> list[str]:
    from trajgeo.events.accounts import fell_said

    r = ea.verdicts
    assert r is not None  # check always judges
    out = ["  each account on its own:"]
    for sv in r.shots:
        shot = sv.geometry.shot
        what = []
        if shot.range is not None:
            what.append(shot.range.describe())
        if shot.bearing is not None:
            what.append(shot.bearing.describe())
        if shot.impact is not None:
            what.append(shot.impact.text)
        if shot.fell is not None:  # "fell into the Sea of Japan", as the source said it
            what.append(fell_said(shot.fell))
        out.append(
            f"    line {shot.number} ({shot.source or 'no source named'}): {shot.title} "
            f"from {shot.launch.name}" + (f" — {', '.join(what)}" if what else "")
        )
        if not sv.verdicts:
            out.append("      touches no zone in the data set (high seas)")
        for v in sv.verdicts:
            out.append(f"      {v.status.upper():<9} {v.describe()}")
        for o in ea.shot_overflights(shot.number):
            model = "modelled" if o.apogee_reported else "modelled, minimum-energy path"
            out.append(
                f"      {'OVER':<9} {o.state} from {o.entry_km:,.0f} to "
                f"{o.exit_km:,.0f} km downrange, at {o.altitude_range_text()} "
                f"altitude ({model})"
            )
    return out
