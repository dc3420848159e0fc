"""Entry point of the ``trajgeo`` command.

Subcommands live in their own modules and are imported only when invoked,
so ``trajgeo --help`` and ``trajgeo sites`` start without loading cartopy,
folium or geopandas.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import importlib
import importlib.util
import logging
import math
import os
import signal
import sys
import warnings
from typing import Any

import click

from trajgeo import __version__
from trajgeo.errors import DataError, InputError, TrajgeoError

__all__ = ["cli", "entry", "main"]

#: subcommand name -> "module:attribute" of its click command.
COMMANDS: dict[str, str] = {
    "zones": "trajgeo.cli.zones_cmd:zones",
    "sites": "trajgeo.cli.sites_cmd:sites",
    "check": "trajgeo.cli.check_cmd:check",
    "where": "trajgeo.cli.where_cmd:where",
    "map": "trajgeo.cli.map_cmd:map_",
    "range": "trajgeo.cli.range_cmd:range_",
    "profile": "trajgeo.cli.profile_cmd:profile",
    "data": "trajgeo.cli.data_cmd:data",
    "extract": "trajgeo.cli.extract_cmd:extract",
}

#: One-line summaries, so ``trajgeo --help`` need not import every module.
SUMMARIES: dict[str, str] = {
    "zones": "Write launch sites, arcs, impact areas and rings as GeoJSON.",
    "sites": "List or search the gazetteer of launch sites and landmarks.",
    "check": "Say where each missile came down, as probabilities, and test the claims.",
    "where": "Say which maritime zones contain a point or many points.",
    "map": "Draw a static (PNG/SVG/PDF) or interactive (HTML) map of events.",
    "range": "Equivalent full range of a lofted test from apogee and distance.",
    "profile": "Draw a to-scale side view of each shot's trajectory.",
    "data": "Inspect or fetch maritime-zone data sets.",
    "extract": "Draft an event file from a news report, with the words behind each field.",
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self._available(name))

    @staticmethod
    def _available(name: str) -> bool:
        module = COMMANDS[name].split(":")[0]
        return importlib.util.find_spec(module) is not None

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None or not self._available(cmd_name):
            return None
        module_name, attr = target.split(":")
        return _guarded(getattr(importlib.import_module(module_name), attr))

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, SUMMARIES.get(name, "")) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


#: Parameters that name files a command writes; every other existing file it names is an input.
OUTPUT_PARAMS = ("output", "alt_text")
#: Parameters whose text is drawn; control characters are removed from them.
TEXT_PARAMS = ("title", "subtitle")
#: Parameters that name files a command reads (when the value names an existing path).
INPUT_PARAMS = ("events", "points_file", "zones", "zones_file", "theme", "article")


def _guarded(cmd: click.Command) -> click.Command:
    """Return ``cmd`` made safe for writing (see :func:`_run_guarded`); groups stay as they are."""
    if isinstance(cmd, click.Group) or cmd.callback is None:
        return cmd
    safe = copy.copy(cmd)
    callback = cmd.callback

    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> Any:
        return _run_guarded(callback, args, kwargs)

    safe.callback = run
    return safe


def _inputs_outputs(params: dict[str, Any]) -> tuple[list[str], list[tuple[str, str]]]:
    """Split a command's parameters into the files it reads and the files it writes."""
    outputs = [(k, str(params[k])) for k in OUTPUT_PARAMS if params.get(k) not in (None, "-")]
    inputs: list[str] = []
    for key, value in params.items():
        values = value if isinstance(value, (tuple, list)) else (value,)
        if key in INPUT_PARAMS:
            inputs.extend(str(v) for v in values if isinstance(v, str) and os.path.lexists(v))
    return inputs, outputs


def _flag(name: str) -> str:
    """Return the option a parameter comes from, as typed (``rings`` -> ``--ring``)."""
    ctx = click.get_current_context(silent=True)
    for param in ctx.command.params if ctx is not None else ():
        if param.name == name and param.opts:
            return max(param.opts, key=len)
    return "--" + name.replace("_", "-")


def _finite_numbers(params: dict[str, Any]) -> None:
    """Refuse ``nan`` and ``inf`` in number options (click's ranges let NaN through)."""
    for key, value in params.items():
        values = value if isinstance(value, (tuple, list)) else (value,)
        for v in values:
            if isinstance(v, float) and not math.isfinite(v):
                raise InputError(
                    "not a finite number",
                    source="command line",
                    field=_flag(key),
                    value=v,
                    allowed="a number such as 10 or 2.5",
                )


def _run_guarded(callback: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """Check the outputs before any work, then let all of them land together or none."""
    from trajgeo.io.atomic import check_output, output_group
    from trajgeo.io.reading import check_input, plain_text

    _finite_numbers(kwargs)
    for key in TEXT_PARAMS:  # no control characters in text drawn on a map
        if isinstance(kwargs.get(key), str):
            kwargs[key] = plain_text(kwargs[key])
    inputs, outputs = _inputs_outputs(kwargs)
    for path in inputs:
        if not os.path.isdir(path):
            check_input(path)  # a device, FIFO or symlink loop: refused before it can hang
    seen: set[str] = set()
    for key, out in outputs:
        field = _flag(key)
        real = str(check_output(out, forbid=inputs, field=field, source="command line"))
        if real in seen:
            raise InputError(
                "names the same file as another output",
                source="command line",
                field=field,
                value=out,
                allowed="a different file name for each output",
            )
        seen.add(real)
    with output_group():
        return callback(*args, **kwargs)


def _on_sigterm(signum: int, _frame: Any) -> None:
    """Turn SIGTERM into an exception so that temporary files are removed on the way out."""
    raise SystemExit(128 + signum)


def _show_versions(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from trajgeo._versions import show_versions

    show_versions()
    ctx.exit(0)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="trajgeo")
@click.option(
    "--show-versions",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_versions,
    help="Print the versions of trajgeo, its dependencies and data sets, then exit.",
)
@click.option("-v", "--verbose", count=True, help="Say more (repeat for debug output).")
@click.option("-q", "--quiet", count=True, help="Say less (only errors).")
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: int) -> None:
    """Turn reported missile launches into geodesic arcs, impact areas, EEZ verdicts and maps.

    Every command reads event files (YAML or JSON) that describe what a report
    says: launch site, bearing, range, apogee, flight time, with their
    uncertainty. Run `trajgeo COMMAND --help` for each command.
    """
    level = max(logging.DEBUG, logging.WARNING - 10 * verbose + 10 * quiet)
    logging.basicConfig(level=level, format="trajgeo: %(levelname)s: %(message)s")
    logging.getLogger("trajgeo").setLevel(level)
    ctx.ensure_object(dict)
    ctx.obj["quiet"] = quiet > 0


_SHOWN: set[str] = set()


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    """Show a warning as one line, once, in the reader's terms (no file, line or source)."""
    from trajgeo.wording import warning_text

    text = warning_text(str(message))
    if text not in _SHOWN:
        _SHOWN.add(text)
        click.echo(f"trajgeo: warning: {text}", err=True)


def main(argv: list[str] | None = None) -> Any:
    """Run the command line; turn trajgeo errors into a message and an exit code.

    Input and usage errors exit with 2, data and rendering failures with 1.
    A traceback is shown only with ``-vv`` (debug).
    """
    previous = None
    with contextlib.suppress(ValueError):  # not the main thread: leave signals alone
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    shown, warnings.showwarning = warnings.showwarning, _show_warning
    try:
        return _main(argv)
    finally:
        warnings.showwarning = shown
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


#: Container objects allocated (net) between two young collections (Python's default: 700).
_YOUNG_GC_AFTER = 200_000
#: Collections of the middle generation between two full ones (Python's default: 10).
_FULL_GC_EVERY = 100


def entry() -> None:
    """Run the ``trajgeo`` command (:func:`main`), then end the process at once.

    A finished command has nothing left to do but free its memory, and the
    operating system takes that back anyway: tearing down the interpreter (tens
    of thousands of zone pieces, geometries and arrays, object by object) cost
    a cold ``trajgeo check`` about a sixth of its CPU time. So once the output
    is flushed and the exit handlers (``atexit``: logging, process pools) have
    run, the process ends with :func:`os._exit`. Whenever that could lose
    anything (another thread still running, an exit status that is not a
    number, output that cannot be flushed, a profiler or coverage tracer that
    writes its report when the interpreter ends), it ends the ordinary way.

    While it runs, the cyclic garbage collector waits for
    :data:`_YOUNG_GC_AFTER` new objects, not 700, before it looks at the
    young ones, and makes a full pass (every object the process holds:
    modules, the zone set, matplotlib's figure) ten times less often than
    Python's default. Nearly everything a command frees has no cycles and
    goes at once anyway; what the collector spent was looking at the objects
    that stay (modules imported, zones read): about 25 ms of a cold ``trajgeo
    check``, which now ends before its first young collection, and a
    twentieth of a map's CPU time in full passes. A long command still
    collects, in fewer and larger passes. (mypy sets its collector's first
    threshold the same, for the same reason.)
    """
    import gc

    _, middle, _ = gc.get_threshold()
    gc.set_threshold(_YOUNG_GC_AFTER, middle, _FULL_GC_EVERY)
    try:
        code = main()
    except SystemExit as exc:
        code = exc.code
    _exit_now(code)


def _exit_now(code: Any) -> None:
    import atexit
    import threading

    if code is None:
        code = 0
    if (
        isinstance(code, bool)
        or not isinstance(code, int)
        or threading.active_count() > 1
        or sys.getprofile() is not None
        or sys.gettrace() is not None
    ):
        sys.exit(code)
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        sys.exit(code)  # as before: the interpreter reports what it cannot write
    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)


def _main(argv: list[str] | None) -> Any:
    try:
        return cli.main(args=argv, prog_name="trajgeo", standalone_mode=False)
    except KeyboardInterrupt:
        click.echo("trajgeo: interrupted; nothing was written", err=True)
        sys.exit(130)
    except click.exceptions.Exit as exc:
        return sys.exit(exc.exit_code)
    except click.Abort:  # click turns Ctrl-C into Abort
        click.echo("trajgeo: aborted; nothing was written", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        # one line, as every other input error: what is wrong, then where to look
        message = " ".join(exc.format_message().split()).rstrip(".")
        ctx = getattr(exc, "ctx", None)
        if isinstance(exc, click.UsageError) and ctx is not None:
            message += f"; see '{ctx.command_path} --help'"
        click.echo(f"trajgeo: error: command line: {message}", err=True)
        sys.exit(exc.exit_code)
    except InputError as exc:
        _debug_traceback()
        click.echo(f"trajgeo: error: {exc}", err=True)
        sys.exit(2)
    except (DataError, TrajgeoError) as exc:
        _debug_traceback()
        click.echo(f"trajgeo: error: {exc}", err=True)
        sys.exit(1)
    except BrokenPipeError:
        sys.exit(0)


def _debug_traceback() -> None:
    if logging.getLogger("trajgeo").isEnabledFor(logging.DEBUG):
        logging.getLogger("trajgeo").exception("traceback")
