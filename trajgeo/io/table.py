"""Writers of the catalogue table: CSV, JSON, Markdown, GeoParquet and GeoPackage.

Each writer takes a :class:`~trajgeo.analysis.catalogue.Catalogue` and a path
(``"-"`` is standard output for the text formats) and writes atomically. The
format must match the file's extension (:func:`check_extension`).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trajgeo.errors import InputError

if TYPE_CHECKING:
    from trajgeo.analysis.catalogue import Catalogue

__all__ = [
    "EXTENSIONS",
    "MARKDOWN_COLUMNS",
    "TABLE_FORMATS",
    "check_extension",
    "csv_cell",
    "format_for_path",
    "to_csv",
    "to_json",
    "to_markdown",
    "write_table",
]

#: format -> the file extensions it may be written to (first: the usual one).
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "text": (".txt",),
    "table": (".md", ".txt"),
    "csv": (".csv",),
    "json": (".json",),
    "geoparquet": (".parquet", ".geoparquet"),
    "gpkg": (".gpkg",),
}

#: The formats that write the catalogue table (``text`` is ``check``'s report).
TABLE_FORMATS = ("table", "csv", "json", "geoparquet", "gpkg")

#: Formats that cannot go to standard output.
BINARY_FORMATS = ("geoparquet", "gpkg")

#: The columns of the Markdown table (the rest are in CSV, JSON and the geo formats).
MARKDOWN_COLUMNS = (
    "event_id",
    "missile",
    "launch_site",
    "claims",
    "verdict",
    "claim_probability",
    "nearest_limit_km",
    "overflown",
)


def format_for_path(path: str) -> str:
    """Return the table format an output file's extension implies.

    Examples
    --------
    >>> format_for_path("launches.csv"), format_for_path("out.PARQUET")
    ('csv', 'geoparquet')
    >>> format_for_path("out.xlsx")
    Traceback (most recent call last):
    ...
    trajgeo.errors.InputError: command line: -o: no table format writes this extension \
(got 'out.xlsx'); allowed: .txt, .md, .csv, .json, .parquet, .geoparquet, .gpkg
    """
    suffix = Path(path).suffix.lower()
    for fmt in ("csv", "json", "geoparquet", "gpkg", "table", "text"):
        if suffix in EXTENSIONS[fmt]:
            return "text" if suffix == ".txt" else fmt
    raise InputError(
        "no table format writes this extension",
        source="command line",
        field="-o",
        value=path,
        allowed=", ".join(dict.fromkeys(e for exts in EXTENSIONS.values() for e in exts)),
    )


def check_extension(fmt: str, path: str) -> None:
    """Refuse an output file whose extension does not match the format.

    Examples
    --------
    >>> check_extension("csv", "out.csv")
    >>> check_extension("csv", "out.json")
    Traceback (most recent call last):
    ...
    trajgeo.errors.InputError: command line: -o: the extension does not match --format csv \
(got 'out.json'); allowed: a file ending in .csv
    """
    if path == "-":
        if fmt in BINARY_FORMATS:
            raise InputError(
                f"--format {fmt} writes a binary file, not standard output",
                source="command line",
                field="-o",
                value=path,
                allowed=f"a file ending in {' or '.join(EXTENSIONS[fmt])}",
            )
        return
    if Path(path).suffix.lower() not in EXTENSIONS[fmt]:
        raise InputError(
            f"the extension does not match --format {fmt}",
            source="command line",
            field="-o",
            value=path,
            allowed=f"a file ending in {' or '.join(EXTENSIONS[fmt])}",
        )


def csv_cell(value: Any) -> Any:
    """Return a value safe for a spreadsheet: text that a spreadsheet would run is quoted.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
    gets a leading apostrophe (OWASP's advice against CSV formula
    injection); numbers stay numbers, ``None`` and NaN become empty cells.

    Examples
    --------
    >>> csv_cell("=HYPERLINK(1)"), csv_cell("-12 km"), csv_cell(-12.5), csv_cell(None)
    ("'=HYPERLINK(1)", "'-12 km", -12.5, '')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    from trajgeo.io.points import FORMULA_START

    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(cat: Catalogue) -> str:
    """Return the table as CSV text (a header, then one line per missile)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    columns = cat.columns()
    w.writerow(columns)
    for rec in cat.records():
        w.writerow([csv_cell(rec[c]) for c in columns])
    return buf.getvalue()


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def to_json(cat: Catalogue) -> str:
    """Return the table as a JSON array of row objects (``pandas.read_json`` reads it)."""
    records = [{k: _json_value(v) for k, v in rec.items()} for rec in cat.records()]
    return json.dumps(records, ensure_ascii=False, indent=1) + "\n"


def _md_cell(value: Any, column: str = "") -> str:
    if value is None or value == "":
        # an empty overflight list is a finding (no land crossed); None is "not judged"
        return "none" if column == "overflown" and value == "" else "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and (column.startswith("p_") or column.endswith("probability")):
        return f"{100 * value:.0f} %"
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".") if abs(value) < 1 else f"{value:,.0f}"
    text = str(value).replace("|", "\\|").replace("\n", " ")
    return text.replace("near_line", "near the line").replace("not_settled", "not settled")


def to_markdown(cat: Catalogue, columns: Sequence[str] = MARKDOWN_COLUMNS) -> str:
    """Return the main columns as a Markdown (GitHub) table, one line per missile."""
    cols = [c for c in columns if c in cat.columns()]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for rec in cat.records():
        lines.append("| " + " | ".join(_md_cell(rec[c], c) for c in cols) + " |")
    return "\n".join(lines) + "\n"


def _write_geo(cat: Catalogue, path: str, fmt: str) -> None:
    from trajgeo.io.atomic import atomic_path

    points = cat.geodataframe("point")
    with atomic_path(path) as tmp:
        if fmt == "geoparquet":
            # the 95 % region rides along as a second geometry column
            regions = cat.geodataframe("region_95").geometry
            points["region_95"] = regions.values
            points.to_parquet(tmp, index=False)
        else:
            tmp.unlink()  # GDAL creates the GeoPackage itself
            points.to_file(tmp, layer="missiles", driver="GPKG", engine="pyogrio")
            regions = cat.geodataframe("region_95")
            keep = ["event_id", "missile", "region_95_km2", "geometry"]
            regions[keep].to_file(tmp, layer="regions_95", driver="GPKG", engine="pyogrio")


def write_table(cat: Catalogue, fmt: str, path: str = "-") -> None:
    """Write the catalogue table in ``fmt`` to ``path`` (``"-"``: standard output).

    Raises
    ------
    InputError
        When the extension does not match the format, or a binary format
        would go to standard output.
    MissingDependencyError
        For ``geoparquet`` and ``gpkg`` without the ``geo`` extra (geopandas,
        pyogrio; pyarrow for GeoParquet).
    """
    from trajgeo.io.atomic import write_text

    check_extension(fmt, path)
    if fmt in BINARY_FORMATS:
        from trajgeo._optional import require

        mods = ("geopandas", "pyarrow") if fmt == "geoparquet" else ("geopandas", "pyogrio")
        require("geo", mods, "GeoParquet and GeoPackage tables")
        _write_geo(cat, path, fmt)
        return
    writers = {"csv": to_csv, "json": to_json, "table": to_markdown}
    write_text(path, writers[fmt](cat))
