"""``trajgeo data``: the shipped zone data set, and opt-in downloads."""

from __future__ import annotations

import json

import click

from trajgeo.cli.options import OnceCommand

__all__ = ["data"]


@click.group("data")
def data() -> None:
    """Inspect the shipped maritime-zone data set or fetch an authoritative one."""


@data.command("info", cls=OnceCommand)
@click.option("--json", "as_json", is_flag=True, help="Print the full manifest as JSON.")
def info(as_json: bool) -> None:
    """Show the shipped data set: version, sources, method and measured accuracy."""
    from trajgeo.maritime.shipped import shipped_manifest
    from trajgeo.maritime.zoneset import load_zones

    man = shipped_manifest()
    if as_json:
        click.echo(json.dumps(man, ensure_ascii=False, indent=2))
        return
    ds = load_zones().dataset
    click.echo(f"{ds.name} {ds.version}")
    click.echo(f"  file: {ds.path}")
    click.echo(f"  accuracy: {ds.describe_accuracy()} (measured; see the README)")
    click.echo(f"  attribution: {ds.attribution}")
    if ds.description:
        click.echo(f"  method: {ds.description}")


@data.command("fetch", cls=OnceCommand)
@click.argument("source", metavar="SOURCE")
@click.option(
    "--dest",
    type=click.Path(file_okay=False),
    default="trajgeo-data",
    show_default=True,
    help="Folder to keep the download in.",
)
@click.option("--name", help="Your name (Marine Regions registers each download).")
@click.option("--organisation", help="Your organisation.")
@click.option("--email", help="Your e-mail address.")
@click.option("--country", default="", help="Your country.")
@click.option("--sha256", help="Expected SHA-256 of the file; a mismatch deletes it.")
@click.pass_context
def fetch_cmd(
    ctx: click.Context,
    source: str,
    dest: str,
    name: str | None,
    organisation: str | None,
    email: str | None,
    country: str,
    sha256: str | None,
) -> None:
    """Download maritime-zone data on request (the only command that uses the network).

    SOURCE is a known data set (marineregions-eez-v12, marineregions-12nm-v4)
    or an http(s) URL of a zip or vector file. The file stays on your
    machine; pass the printed path to `--zones` of check, where and map.
    A file already in --dest under the same name is used again (with
    --sha256, only if it matches); delete it to download afresh.

    \b
    Example:
      trajgeo data fetch marineregions-eez-v12 --name "A. Reporter" \\
        --organisation "Daily Paper" --email desk@example.org
    """
    from trajgeo.io.fetch import SOURCES, fetch

    form = None
    if source in SOURCES:
        form = {
            "name": name or "",
            "organisation": organisation or "",
            "email": email or "",
            "country": country,
            "user_category": "other",
            "purpose_category": "other",
            "agree": "1",
        }
    quiet = bool(ctx.find_root().obj.get("quiet"))
    path = fetch(source, dest, form=form, sha256=sha256, progress=not quiet)
    if source in SOURCES and not quiet:
        src = SOURCES[source]
        click.echo(f"licence: {src.licence}", err=True)
        click.echo(f"cite: {src.citation}", err=True)
    click.echo(str(path))
