"""Options shared by several subcommands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

__all__ = [
    "event_args",
    "jobs_option",
    "parallel_options",
    "load_cli_events",
    "load_cli_zones",
    "range_tolerance_option",
    "zones_options",
]

F = Callable[..., Any]


def event_args(f: F) -> F:
    """``EVENT...``: one or more event files (YAML or JSON)."""
    return click.argument(
        "events",
        nargs=-1,
        required=True,
        metavar="EVENT...",
        type=click.Path(dir_okay=False, path_type=str),
    )(f)


def range_tolerance_option(f: F) -> F:
    """``--range-tolerance PCT``: tolerance put on single reported distances."""
    return click.option(
        "--range-tolerance",
        "range_tolerance",
        type=click.FloatRange(0, 100),
        default=None,
        metavar="PCT",
        help="Tolerance put on every single reported distance, in percent, instead of "
        "reading it by its rounding and wording (the default; recorded on every feature).",
    )(f)


def load_cli_events(paths: tuple[str, ...], range_tolerance: float | None = None) -> list:
    """Load event files with the CLI's options."""
    from trajgeo.events import Options, load_events

    return load_events(list(paths), options=Options(range_tolerance_pct=range_tolerance))


def zones_options(f: F) -> F:
    """``--zones FILE``, ``--worldview ISO3``, ``--zones-accuracy KM``."""
    f = click.option(
        "--zones-accuracy",
        type=click.FloatRange(min=0),
        default=None,
        metavar="KM",
        help="Boundary accuracy to state for a --zones file.",
    )(f)
    f = click.option(
        "--worldview",
        metavar="ISO3",
        default=None,
        help="Use zones as this state claims them (e.g. JPN): disputed "
        "bands it claims count as its EEZ.",
    )(f)
    return click.option(
        "--zones",
        type=click.Path(dir_okay=False),
        default=None,
        metavar="FILE",
        help="Maritime zones to use instead of the shipped "
        "data set (Marine Regions World EEZ GeoPackage/shapefile, or any "
        "polygon file with a name column).",
    )(f)


def load_cli_zones(
    path: str | None, *, worldview: str | None = None, accuracy_km: float | None = None
):
    """Load the zone set the CLI options ask for."""
    from trajgeo.errors import InputError
    from trajgeo.maritime.zoneset import load_zones

    try:
        return load_zones(path, worldview=worldview, accuracy_km=accuracy_km)
    except InputError as exc:
        if exc.source is None:
            field = "--" + exc.field if exc.field and not exc.field.startswith("-") else None
            raise (
                exc.located("command line", None)
                if field is None
                else InputError(
                    exc.message,
                    source="command line",
                    field=field,
                    value=exc.value,
                    allowed=exc.allowed,
                )
            ) from None
        raise


def parallel_options(jobs_help: str, scheduler_help: str) -> Callable[[F], F]:
    """``-j/--jobs N`` and ``--scheduler ADDRESS``: worker processes, or a Dask cluster."""

    def decorate(f: F) -> F:
        f = click.option("--scheduler", default=None, metavar="ADDRESS", help=scheduler_help)(f)
        return jobs_option(jobs_help)(f)

    return decorate


def jobs_option(jobs_help: str) -> Callable[[F], F]:
    """``-j/--jobs N``: worker processes (``None`` when not given: the command decides)."""
    return click.option(
        "-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N", help=jobs_help
    )


def require_suffix(path: str, allowed: tuple[str, ...], what: str, field: str = "-o") -> None:
    """Refuse an output file whose extension does not match what is written to it.

    ``"-"`` (standard output) is always allowed.

    Examples
    --------
    >>> require_suffix("draft.yaml", (".yaml", ".yml"), "YAML")
    >>> require_suffix("draft.png", (".yaml", ".yml"), "YAML")
    Traceback (most recent call last):
    ...
    trajgeo.errors.InputError: command line: -o: the extension does not match the output, YAML \
(got 'draft.png'); allowed: a file ending in .yaml or .yml, or '-' for standard output
    """
    from pathlib import Path

    from trajgeo.errors import InputError

    if path == "-" or Path(path).suffix.lower() in allowed:
        return
    raise InputError(
        f"the extension does not match the output, {what}",
        source="command line",
        field=field,
        value=path,
        allowed=f"a file ending in {' or '.join(allowed)}, or '-' for standard output",
    )


class OnceCommand(click.Command):
    """A command that refuses an option given twice: the last one had silently won.

    ``-o a.png -o b.png`` wrote only ``b.png``; ``--format csv --format json``
    wrote JSON. Options meant to repeat (``multiple``, counters) are let be.
    """

    def make_parser(self, ctx: click.Context) -> Any:
        parser = super().make_parser(ctx)
        parse = parser.parse_args

        def parse_args(args: list[str]) -> Any:
            opts, largs, order = parse(args=args)
            seen: set[str | None] = set()
            for param in order:
                if not isinstance(param, click.Option) or param.multiple or param.count:
                    continue
                if param.name in seen:
                    raise click.UsageError(
                        f"{param.get_error_hint(ctx)} is given more than once; give it once",
                        ctx,
                    )
                seen.add(param.name)
            return opts, largs, order

        parser.parse_args = parse_args  # type: ignore[method-assign]
        return parser


def refuse_unused(ctx: click.Context, name: str, why: str, allowed: str) -> None:
    """Stop on an option the user gave that this run would ignore, saying why.

    ``name`` is the parameter's name. An option left at its default is never refused.

    Examples
    --------
    >>> @click.command()
    ... @click.option("--samples", is_flag=True)
    ... @click.pass_context
    ... def cmd(ctx, samples):
    ...     refuse_unused(ctx, "samples", "only --json writes them", "add --json")
    >>> cmd.main(["--samples"], standalone_mode=False)
    Traceback (most recent call last):
    ...
    trajgeo.errors.InputError: command line: --samples: has no effect: only --json writes them \
(got True); allowed: add --json, or leave it out
    """
    from click.core import ParameterSource

    from trajgeo.errors import InputError

    if ctx.get_parameter_source(name) in (None, ParameterSource.DEFAULT):
        return
    param = next(p for p in ctx.command.params if p.name == name)
    raise InputError(
        f"has no effect: {why}",
        source="command line",
        field=max(param.opts, key=len),
        value=ctx.params.get(name),
        allowed=f"{allowed}, or leave it out",
    )
