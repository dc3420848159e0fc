"""``trajgeo map``: draw events as a static (PNG/SVG/PDF) or interactive (HTML) map."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click

from trajgeo.cli.options import (
    OnceCommand,
    load_cli_events,
    load_cli_zones,
    range_tolerance_option,
    refuse_unused,
    require_suffix,
)
from trajgeo.constants import HALF_MERIDIAN_KM

if TYPE_CHECKING:
    from trajgeo.maps.spec import MapSpec
    from trajgeo.maps.style import Size, Theme

__all__ = ["map_"]

_FORMATS = ("png", "svg", "pdf", "html")


def _check_output(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from pathlib import Path

    suffix = Path(value).suffix.lower().lstrip(".")
    if suffix not in _FORMATS:
        what = f"'.{suffix}' is not a map format" if suffix else "it has no extension"
        raise click.BadParameter(
            f"{value!r}: {what}; allowed: .png, .svg, .pdf or .html", ctx, param
        )
    return value


@click.command("map", cls=OnceCommand)
@click.argument(
    "events",
    nargs=-1,
    required=True,
    metavar="EVENT...",
    type=click.Path(path_type=str),
)
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="OUT.{png,svg,pdf,html}",
    callback=_check_output,
    help="Where to write the map; the extension picks the format.",
)
@click.option(
    "--theme",
    default="light",
    show_default=True,
    metavar="light|dark|FILE.yaml",
    help="Colour theme, or a house-style YAML file.",
)
@click.option(
    "--size",
    type=click.Choice(["web", "print"]),
    default="web",
    show_default=True,
    help="Size preset: web = 1200 px wide; print = 180 mm at 300 dpi.",
)
@click.option(
    "--width",
    type=click.IntRange(200, 10_000),
    default=None,
    metavar="PX",
    help="Image width in pixels (keeps the preset's aspect unless --height is given).",
)
@click.option(
    "--height",
    type=click.IntRange(200, 10_000),
    default=None,
    metavar="PX",
    help="Image height in pixels.",
)
@click.option(
    "--dpi",
    type=click.FloatRange(30, 1200),
    default=None,
    help="Resolution: how many pixels an inch of text and lines takes.",
)
@click.option(
    "--projection",
    default="auto",
    show_default=True,
    metavar="auto|azimuthal-equidistant|lambert-conformal|stereographic|"
    "orthographic|plate-carree|mercator",
    help="Map projection; auto centres an azimuthal equidistant map on the launch.",
)
@click.option(
    "--extent",
    nargs=4,
    type=float,
    default=None,
    metavar="LON0 LON1 LAT0 LAT1",
    help="Show this lon/lat box (LON1 < LON0 crosses 180°).",
)
@click.option(
    "--central-lon",
    type=click.FloatRange(-360, 360),
    default=None,
    help="Central longitude of the map (e.g. 180 for a Pacific view).",
)
@click.option(
    "--ring",
    "rings",
    multiple=True,
    type=click.FloatRange(min=0, min_open=True, max=HALF_MERIDIAN_KM),
    metavar="KM",
    help="Draw a range ring at this distance around each launch site (repeatable).",
)
@click.option(
    "--no-capability",
    is_flag=True,
    help="Leave out the capability rings of the event file's 'capability:' block "
    "(how far the missile could fly on a normal trajectory); the view then "
    "fits the flights.",
)
@click.option(
    "--zones",
    "zones_file",
    type=click.Path(dir_okay=False),
    default=None,
    metavar="FILE",
    help="Maritime zones file (default: the shipped data set).",
)
@click.option("--no-zones", is_flag=True, help="Draw no maritime zones and judge nothing.")
@click.option(
    "--worldview",
    default=None,
    metavar="ISO3",
    help="Draw and judge zones as this state claims them (e.g. JPN).",
)
@click.option(
    "--alt-text",
    "alt_text",
    default=None,
    metavar="FILE|-",
    help="Also write the plain-language description of the map ('-': stdout).",
)
@click.option("--title", default=None, help="Replace the title.")
@click.option("--subtitle", default=None, help="Replace the subtitle.")
@click.option("--no-inset", is_flag=True, help="Leave out the locator globe.")
@click.option(
    "--samples",
    is_flag=True,
    help="Also draw up to 2,000 simulated impacts of the fused estimate as dots (for analysts).",
)
@click.option("--embed", is_flag=True, help="HTML: write a fragment to embed in a page.")
@click.option(
    "--cdn",
    is_flag=True,
    help="HTML: link Leaflet from jsDelivr (with integrity hashes) instead of inlining it.",
)
@click.option(
    "--self-contained",
    is_flag=True,
    help="HTML: inline every script and style (the default; kept for compatibility).",
)
@click.option(
    "--tiles",
    default=None,
    metavar="NAME|URL",
    help="HTML: tile layer to use instead of the shipped vector basemap.",
)
@click.option(
    "--summary",
    is_flag=True,
    help="Map many events at once (files or folders): one marker per missile group, "
    "coloured by --colour-by; the HTML page filters by year or verdict.",
)
@click.option(
    "--colour-by",
    "colour_by",
    default="year",
    show_default=True,
    metavar="year|verdict",
    help="With --summary: colour each missile group by launch year or by how its claim fares.",
)
@range_tolerance_option
@click.pass_context
def map_(
    ctx: click.Context,
    events: tuple[str, ...],
    output: str,
    theme: str,
    size: str,
    width: int | None,
    height: int | None,
    dpi: float | None,
    projection: str,
    extent: tuple[float, float, float, float] | None,
    central_lon: float | None,
    rings: tuple[float, ...],
    no_capability: bool,
    zones_file: str | None,
    no_zones: bool,
    worldview: str | None,
    alt_text: str | None,
    title: str | None,
    subtitle: str | None,
    no_inset: bool,
    samples: bool,
    embed: bool,
    cdn: bool,
    self_contained: bool,
    tiles: str | None,
    summary: bool,
    colour_by: str,
    range_tolerance: float | None,
) -> None:
    """Draw a map of one or more events: arcs, impact areas, EEZ limits, labels.

    The format follows the extension of OUT: PNG, SVG (text kept as text) and
    PDF are drawn with cartopy from the shipped basemap, never downloading
    anything; HTML is an interactive map. The same content (title, labels,
    zones, alt text) goes into every format.

    Where a track crosses another state's land, that stretch is highlighted
    and labelled with its modelled altitude ("over Japan at about 700–790 km
    altitude"; not with --no-zones). An event file's capability: block adds a
    ring of how far the missile could fly on a normal trajectory, and the
    view grows to show it (--no-capability leaves it out).

    Over each source's own impact area, trajgeo's fused estimate of each
    missile is shaded in its colour: the 50 % likely impact region (darker,
    outlined) and the 95 % one; a badge in a corner says how each claim fares
    against it. --samples adds the simulated impacts as dots.

    \b
    Examples:
      trajgeo map examples/2024-03-18-pyongyang.yaml -o map.png
      trajgeo map EVENT.yaml -o map.svg --theme dark --ring 1000 --alt-text alt.txt
      trajgeo map EVENT.yaml -o map.pdf --size print --projection lambert-conformal
      trajgeo map examples/2023-02-18-hwasong-15.yaml -o flight.png --no-capability
      trajgeo map examples/catalogue --summary --colour-by verdict -o catalogue.png
    """
    from pathlib import Path

    from trajgeo.maps import make_spec
    from trajgeo.maps.style import resolve_size

    fmt = Path(output).suffix.lower().lstrip(".")
    if alt_text is not None:
        require_suffix(alt_text, (".txt",), "the alt text", field="--alt-text")
    th = _checked_options(fmt, worldview=worldview, projection=projection, theme=theme)
    if summary:
        _refuse_unused_with_summary(ctx)
        _summary(events, output, colour_by, title=title, theme=th, cdn=cdn)
        return
    refuse_unused(ctx, "colour_by", "only --summary maps are coloured by it", "add --summary")
    if fmt == "html":
        for name in ("size", "width", "height", "dpi"):
            refuse_unused(
                ctx, name, "an HTML map fills the page it is shown in", "a .png, .svg or .pdf -o"
            )
    if no_zones:
        for name in ("worldview", "zones_file"):
            refuse_unused(ctx, name, "--no-zones draws and judges no zones", "leave out --no-zones")
    _refuse_folders(events)
    sz = resolve_size(size, width=width, height=height, dpi=dpi)
    loaded = load_cli_events(events, range_tolerance)
    zone_set: Any = zones_file
    if not no_zones and (zones_file is not None or worldview is not None):
        # a bad --zones file or an unknown --worldview state: one usage error
        zone_set = load_cli_zones(zones_file, worldview=worldview)
    spec = make_spec(
        loaded,
        rings_km=rings,
        verdicts=None if no_zones else "auto",
        zones=zone_set,
        worldview=None if no_zones else worldview,
        title=title,
        subtitle=subtitle,
        projection=projection,
        central_lon=central_lon,
        extent=extent,
        capability=not no_capability,
        samples=samples,
    )
    html = _HtmlOptions(embed=embed, cdn=cdn, self_contained=self_contained, tiles=tiles)
    _write(spec, output, fmt, theme=th, size=sz, inset=not no_inset, html=html)
    if alt_text is not None:
        from trajgeo.io.atomic import write_text

        write_text(alt_text, spec.alt_text + "\n")
    if not ctx.find_root().obj.get("quiet"):
        click.echo(f"wrote {fmt.upper()} map of {len(loaded)} event(s) to {output}", err=True)


def _checked_options(fmt: str, *, worldview: str | None, projection: str, theme: str) -> Theme:
    """Check the options that need no event: the extra installed, --worldview, --projection.

    Returns the loaded ``--theme``. A bad value is a usage error naming the option.
    """
    from trajgeo._optional import require
    from trajgeo.errors import InputError
    from trajgeo.maps.spec import _parse_projection
    from trajgeo.maps.style import load_theme

    if fmt == "html":
        require("maps", ("folium", "xyzservices"), "HTML maps")
    elif fmt in ("png", "svg", "pdf"):
        require("maps", ("cartopy", "matplotlib"), "PNG, SVG and PDF maps")
    if worldview is not None and not (len(worldview) == 3 and worldview.isalpha()):
        raise click.BadParameter(
            f"{worldview!r} is not an ISO 3166-1 alpha-3 code (e.g. JPN)",
            param_hint="'--worldview'",
        )
    try:
        _parse_projection(projection)
    except InputError as exc:
        raise click.BadParameter(
            str(exc.message) + f" {projection!r}; allowed: " + str(exc.allowed),
            param_hint="'--projection'",
        ) from None
    try:
        return load_theme(theme)
    except InputError as exc:
        if exc.source is None:
            raise click.BadParameter(
                f"{theme!r}: {exc.message}; allowed: {exc.allowed}", param_hint="'--theme'"
            ) from None
        raise


#: the options a ``--summary`` map uses; any other given with it would be silently ignored
_SUMMARY_OPTIONS = frozenset({"events", "output", "theme", "summary", "colour_by", "title", "cdn"})


def _refuse_unused_with_summary(ctx: click.Context) -> None:
    """Stop on an option that ``--summary`` does not use (``--alt-text`` wrote nothing)."""
    from click.core import ParameterSource

    from trajgeo.errors import InputError

    for param in ctx.command.params:
        name = param.name or ""
        if name in _SUMMARY_OPTIONS or ctx.get_parameter_source(name) in (
            None,
            ParameterSource.DEFAULT,
        ):
            continue
        raise InputError(
            "not used with --summary",
            source="command line",
            field=max(param.opts, key=len),
            value=ctx.params.get(name),
            allowed="with --summary: -o, --theme, --colour-by, --title, --cdn",
        )


def _refuse_folders(events: tuple[str, ...]) -> None:
    """Stop on a folder among the events: only ``--summary`` maps a whole folder."""
    from pathlib import Path

    from trajgeo.errors import InputError

    folder = next((e for e in events if Path(e).is_dir()), None)
    if folder is not None:
        raise InputError(
            "a folder is mapped only as a catalogue",
            source="command line",
            field="EVENT",
            value=folder,
            allowed="event files, or add --summary to map every event in the folder",
        )


@dataclass(frozen=True)
class _HtmlOptions:
    """The options that apply to HTML output only."""

    embed: bool
    cdn: bool
    self_contained: bool
    tiles: str | None


def _write(
    spec: MapSpec,
    output: str,
    fmt: str,
    *,
    theme: Theme,
    size: Size,
    inset: bool,
    html: _HtmlOptions,
) -> None:
    """Write the map in the format ``fmt``; HTML-only options on an image are a usage error."""
    if fmt == "html":
        if html.cdn and html.self_contained:
            raise click.UsageError("--cdn and --self-contained contradict each other")
        _write_html(spec, output, embed=html.embed, cdn=html.cdn, tiles=html.tiles)
        return
    if html.embed or html.cdn or html.self_contained or html.tiles:
        raise click.UsageError(
            "--embed, --cdn, --self-contained and --tiles apply to .html output only"
        )
    from trajgeo.maps.static import write_map

    write_map(spec, output, theme=theme, size=size, inset=inset)


def _write_html(spec: MapSpec, output: str, *, embed: bool, cdn: bool, tiles: str | None) -> None:
    from trajgeo.maps import interactive

    interactive.write_html(spec, output, embed=embed, cdn=cdn, tiles=tiles)


def _summary(
    events: tuple[str, ...],
    output: str,
    colour_by: str,
    *,
    title: str | None,
    theme: object,
    cdn: bool,
) -> None:
    """``--summary``: one map of a catalogue; unreadable files are named and skipped.

    The exit code is then :data:`~trajgeo.cli.check_cmd.EXIT_SOME_FAILED`, as for
    ``trajgeo check`` over many files.
    """
    import sys

    from trajgeo.cli.check_cmd import EXIT_SOME_FAILED
    from trajgeo.errors import InputError
    from trajgeo.maps.catalogue import catalogue_map_command

    try:
        cat = catalogue_map_command(events, output, colour_by, title=title, theme=theme, cdn=cdn)
    except InputError as exc:  # every file refused: say why each was, then that nothing was drawn
        for note in getattr(exc, "__notes__", ()):
            for line in note.splitlines():
                click.echo(f"trajgeo: error: {line}", err=True)
        raise
    for _path, message in cat.skipped:
        click.echo(f"trajgeo: error: {message}", err=True)
    if cat.skipped:
        click.echo(
            f"trajgeo: {len(cat.skipped)} file(s) skipped (above); the map shows the others",
            err=True,
        )
        sys.exit(EXIT_SOME_FAILED)
