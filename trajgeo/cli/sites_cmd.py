"""``trajgeo sites``: list and search the gazetteer."""

from __future__ import annotations

import json

import click

from trajgeo.cli.options import OnceCommand

__all__ = ["sites"]


@click.command("sites", cls=OnceCommand)
@click.argument("query", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option(
    "--kind",
    type=click.Choice(
        ["launch_site", "landmark", "city", "area", "test_range", "island", "cape", "peninsula"]
    ),
    help="Only places of this kind.",
)
@click.option("--country", metavar="ISO3", help="Only places in this state (ISO 3166-1 alpha-3).")
def sites(query: str | None, as_json: bool, kind: str | None, country: str | None) -> None:
    """List or search the gazetteer of launch sites and landmarks.

    QUERY matches any name or alias, ignoring case, accents and punctuation
    (`sohae` finds Sŏhae). With no match, close names are suggested and the
    exit code is 1.
    """
    from trajgeo.events.gazetteer import gazetteer

    if country is not None:
        _known_country(country)
    gaz = gazetteer()
    # only names that contain the query are results; a close name is offered, not printed
    # as a match (issue 15: `Samsok` listed Sado Island, `west coast` the east coast)
    hits = gaz.search(query, kind=kind, country=country, close=False)
    if as_json:
        click.echo(json.dumps([p.as_dict() for p in hits], ensure_ascii=False, indent=2))
    elif hits:
        _table(hits)
    if not hits:
        near = gaz.suggest(query, n=3) if query else []
        hint = "did you mean " + " or ".join(repr(n) for n in near) + "? " if near else ""
        click.echo(
            f"trajgeo: no place matches {_asked(query, kind, country)}; "
            f"{hint}see `trajgeo sites` for the list",
            err=True,
        )
        raise SystemExit(1)


def _known_country(country: str) -> None:
    """Stop on a ``--country`` that is no state or territory code (``XXX``, ``12``, ``Japan``)."""
    from trajgeo.errors import InputError
    from trajgeo.maritime.names import state_names

    if country.upper() not in state_names():
        raise InputError(
            "not a state or territory code",
            source="command line",
            field="--country",
            value=country,
            allowed="an ISO 3166-1 alpha-3 code, e.g. PRK, JPN, CHN",
        )


def _asked(query: str | None, kind: str | None, country: str | None) -> str:
    """Say what was asked for: the query (cut as error values are) and the filters given."""
    from trajgeo.errors import _bounded_repr

    filters = [f"--{k} {v}" for k, v in (("kind", kind), ("country", country)) if v]
    if not query:
        return " ".join(filters)
    return _bounded_repr(query) + (" with " + " ".join(filters) if filters else "")


def _table(places: list) -> None:
    from trajgeo.wording import SITES_STATE

    rows = [("NAME", "KIND", "STATE", "LAT", "LON", "RADIUS", "ALSO KNOWN AS")]
    for p in places:
        also = ", ".join(p.aliases)
        rows.append(
            (
                p.name,
                p.kind,
                p.country,
                f"{p.lat:.4f}",
                f"{p.lon:.4f}",
                f"{p.radius_km:g} km" if p.radius_km else "",
                also if len(also) <= 48 else also[:47] + "…",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    for r in rows:
        click.echo("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)) + "  " + r[-1])
    click.echo(SITES_STATE)
