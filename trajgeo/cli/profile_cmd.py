"""``trajgeo profile``: a to-scale side view of each shot's modelled trajectory.

matplotlib and the physics modules are imported inside the command, so that
``trajgeo --help`` does not load them.
"""

from __future__ import annotations

from pathlib import Path

import click

from trajgeo._optional import require
from trajgeo.cli.options import OnceCommand, event_args, load_cli_events, range_tolerance_option
from trajgeo.errors import InputError

__all__ = ["profile"]

_KIND = {
    "lofted": "lofted",
    "depressed": "depressed",
    "near_minimum_energy": "near-minimum-energy",
    "minimum_energy": "minimum-energy",
}


def _check_output(path: str) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in ("png", "svg", "pdf"):
        raise InputError(
            "unknown image format",
            source="command line",
            field="--output",
            value=path,
            allowed="a file name ending in .png, .svg or .pdf",
        )
    return suffix


@click.command("profile", cls=OnceCommand)
@event_args
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="OUT.png|svg|pdf",
    help="Image to write; the extension picks the format.",
)
@click.option(
    "--width",
    type=int,
    default=None,
    metavar="PX",
    help="Image width in pixels (default 1200; alone, keeps the 3:2 shape).",
)
@click.option(
    "--height", type=int, default=None, metavar="PX", help="Image height in pixels (default 800)."
)
@click.option(
    "--dpi",
    type=float,
    default=None,
    metavar="DPI",
    help="Resolution (default 200): more dpi, larger text for the same pixels.",
)
@click.option(
    "--theme",
    default="light",
    show_default=True,
    metavar="light|dark|FILE",
    help="Colour theme, or a house-style YAML file (as for `trajgeo map`).",
)
@click.option("--title", default=None, help="Title (default: the event's title).")
@click.option(
    "--burnout-altitude",
    "burnout_altitude",
    type=float,
    default=None,
    metavar="KM",
    help="Assumed burnout altitude, km (default: the event's "
    "capability.burnout_altitude_km, else 0).",
)
@range_tolerance_option
@click.pass_context
def profile(
    ctx: click.Context,
    events: tuple[str, ...],
    output: str,
    width: int | None,
    height: int | None,
    dpi: float | None,
    theme: str,
    title: str | None,
    burnout_altitude: float | None,
    range_tolerance: float | None,
) -> None:
    """Draw a to-scale side view of each shot's modelled trajectory.

    One curve per shot line: through the reported apogee and distance, or,
    when no apogee is reported, along the minimum-energy trajectory (said on
    the image). Heights and distances share one scale over a curved Earth,
    with the 100 km Kármán line and the International Space Station's orbit
    for reference. The model is vacuum free flight over a spherical Earth
    (see the image's footer). A summary of each shot is printed.

    \b
    Example:
      trajgeo profile examples/2023-02-18-hwasong-15.yaml -o profile.png
    """
    fmt = _check_output(output)
    require("maps", ("matplotlib",), "Side views")
    if burnout_altitude is not None and not 0.0 <= burnout_altitude <= 1000.0:
        raise InputError(
            "out of range",
            source="command line",
            field="--burnout-altitude",
            value=burnout_altitude,
            allowed="0 to 1000 km",
        )
    from trajgeo.errors import InputError as _IE
    from trajgeo.maps.side_view import resolve_profile_size, write_profile
    from trajgeo.maps.style import load_theme
    from trajgeo.physics.profile import event_profiles

    try:
        size = resolve_profile_size(width, height, dpi)
        th = load_theme(theme)
    except _IE as exc:
        if exc.source is None:
            field = exc.field if (exc.field or "").startswith("-") else f"--{exc.field}"
            raise _IE(
                exc.message,
                source="command line",
                field=field,
                value=exc.value,
                allowed=exc.allowed,
            ) from None
        raise
    loaded = load_cli_events(events, range_tolerance)
    items = [(ev, event_profiles(ev, burnout_altitude_km=burnout_altitude)) for ev in loaded]
    write_profile(items, output, theme=th, size=size, title=title)
    lines = []
    for ev, profs in items:
        for p in profs:
            lines.append(
                f"{ev.id} shot {p.shot_number} ({p.label or 'missile'}): "
                f"{p.ground_range_km:,.0f} km, {p.apogee_label}, "
                f"free flight {p.free_flight_time_min:.1f} min (model)"
                + (
                    f", flight time {p.reported_flight_time_min:g} min (reported)"
                    if p.reported_flight_time_min is not None
                    else ""
                )
                + (
                    "; minimum-energy trajectory assumed"
                    if p.is_minimum_energy
                    else f"; {_KIND[p.trajectory]} trajectory"
                )
            )
            for w in p.warnings:
                lines.append(f"  warning: {w}")
    click.echo("\n".join(lines))
    if not (ctx.find_root().obj or {}).get("quiet"):
        n = sum(len(p) for _, p in items)
        click.echo(f"wrote {fmt.upper()} side view of {n} shot(s) to {output}", err=True)
