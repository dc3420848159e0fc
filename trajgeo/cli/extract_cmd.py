"""``trajgeo extract``: a draft event file from a news report, with the words behind each field."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from trajgeo.cli.options import OnceCommand
from trajgeo.errors import InputError

#: The longest article read: a news report is tens of kB; reading takes about 14 s a MiB,
#: so a 14 MB file had run for minutes.
MAX_ARTICLE_BYTES = 1024 * 1024


def _read(article: str) -> tuple[str, bool]:
    """Return the article's text and whether it is HTML; errors name the file."""
    if article == "-":
        data = sys.stdin.buffer.read(MAX_ARTICLE_BYTES + 1)
        name = "<stdin>"
        html: bool | None = None
    else:
        from trajgeo.io.reading import read_input_bytes

        path = Path(article)
        name = article
        if not path.exists():
            raise InputError("no such file", source=name)
        if not path.is_file():
            raise InputError("not a file", source=name, allowed="a .txt or .html file, or -")
        data = read_input_bytes(path, limit=MAX_ARTICLE_BYTES)
        html = path.suffix.lower() in (".html", ".htm") or None
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(
            "the article is larger than 1 MiB", source=name, allowed="articles up to 1 MiB"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(
            "not UTF-8 text", source=name, allowed="a UTF-8 .txt or .html file"
        ) from None
    if not text.strip():
        raise InputError("the article is empty", source=name)
    import re

    if html is None:
        html = bool(
            re.match(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype|html|head|body)\b", text, re.I | re.S)
        )
    return text, bool(html)


@click.command("extract", cls=OnceCommand)
@click.argument("article", metavar="ARTICLE", type=str)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default="-",
    metavar="FILE",
    help="Write the draft here (default: standard output).",
)
@click.option(
    "--date",
    "date_",
    metavar="YYYY-MM-DD",
    default=None,
    help="The article's date, for 'on Monday' or 'on the 18th' "
    "(default: the date the page or its dateline gives).",
)
@click.option("--json", "as_json", is_flag=True, help="Write JSON instead of YAML.")
def extract(article: str, output: str, date_: str | None, as_json: bool) -> None:
    """Read a launch report (.txt, .html or - for stdin) into a draft event file.

    Every field filled comes with the exact words it was read from
    (`provenance`), and `missing` lists what the report does not say. Nothing
    is guessed: review the draft, add what is missing, then run
    `trajgeo check` and `trajgeo map` on it.

    \b
    Example:
      trajgeo extract report.txt --date 2024-03-18 -o draft.yaml
      curl -s URL | trajgeo extract - -o draft.yaml
    """
    from trajgeo.cli.options import require_suffix
    from trajgeo.extract import extract as run
    from trajgeo.io.atomic import write_text

    if as_json:
        require_suffix(output, (".json",), "JSON")
    else:
        require_suffix(output, (".yaml", ".yml"), "a YAML event file")
    date = None
    if date_ is not None:
        try:
            date = dt.date.fromisoformat(date_)
        except ValueError:
            raise InputError(
                "not a date",
                source="command line",
                field="--date",
                value=date_,
                allowed="YYYY-MM-DD",
            ) from None
    text, html = _read(article)
    draft = run(text, date=date, html=html)
    out = draft.to_json() + "\n" if as_json else draft.to_yaml()
    write_text(output, out)
