"""Options shared by several subcommands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

__all__ = ["event_args", "load_cli_events", "range_tolerance_option"]

F = Callable[..., Any]


def event_args(f: F) -> F:
    """``EVENT...``: one or more event files (YAML or JSON)."""
    return click.argument("events", nargs=-1, required=True, metavar="EVENT...",
                          type=click.Path(dir_okay=False, path_type=str))(f)


def range_tolerance_option(f: F) -> F:
    """``--range-tolerance PCT``: tolerance put on single reported distances."""
    return click.option(
        "--range-tolerance", "range_tolerance", type=click.FloatRange(0, 100),
        default=None, metavar="PCT",
        help="Tolerance put on a single reported distance, in percent "
             "(default 5; recorded on every feature).")(f)


def load_cli_events(paths: tuple[str, ...], range_tolerance: float | None = None) -> list:
    """Load event files with the CLI's options."""
    from trajgeo.event import DEFAULT_RANGE_TOLERANCE_PCT, Options, load_events

    pct = DEFAULT_RANGE_TOLERANCE_PCT if range_tolerance is None else range_tolerance
    return load_events(list(paths), options=Options(range_tolerance_pct=pct))
