"""Reading points from a CSV file with ``lat`` and ``lon`` columns (``trajgeo where --points``)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from typing import Any, TextIO

from trajgeo.errors import InputError

__all__ = [
    "FORMULA_START",
    "MAX_FIELD_CHARS",
    "PointTable",
    "has_formula_cell",
    "read_points_csv",
    "safe_cell",
    "safe_csv_writer",
    "safe_text_column",
]

#: Longest CSV field read, in characters (Python's csv default).
MAX_FIELD_CHARS = 131_072

#: A plain decimal number (its digits), which a spreadsheet reads as a number, never as a
#: formula.
_DIGITS = r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER = re.compile(rf"^[+-]?{_DIGITS}$")
#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: A cell of comma-separated text that :func:`safe_cell` would change.
_FORMULA_CELL = re.compile(rf"(?:^|,)(?:[=@\t\r]|[+-](?!{_DIGITS}(?:,|$)))", re.M)

_LAT_NAMES = ("lat", "latitude", "y")
_LON_NAMES = ("lon", "lng", "long", "longitude", "x")


@dataclass(frozen=True)
class PointTable:
    """The rows of a points file, as read, and their coordinates.

    Attributes
    ----------
    header
        Column names, as in the file.
    rows
        The data rows, as text (kept for the output).
    lats, lons
        Coordinates of each row, decimal degrees (numpy arrays).
    """

    header: list[str]
    rows: list[list[str]]
    lats: Any
    lons: Any


def read_points_csv(path: str) -> PointTable:
    """Read a CSV of points, refusing bad rows with the line number.

    Raises
    ------
    InputError
        For a missing or unreadable file, no lat/lon columns, or a row whose
        coordinates are not numbers in range; the message names the line.
    """
    import numpy as np

    header, rows, ilat, ilon = _read_rows(path)
    lats = np.empty(len(rows))
    lons = np.empty(len(rows))
    for k, row in enumerate(rows):
        try:
            lats[k] = float(row[ilat])
            lons[k] = float(row[ilon])
        except (ValueError, IndexError):
            raise InputError(
                "not a number",
                source=path,
                field=f"line {k + 2}, column {header[ilat]}/{header[ilon]}",
                value=row[ilat : ilat + 1] + row[ilon : ilon + 1],
                allowed="decimal degrees",
            ) from None
        if not (-90 <= lats[k] <= 90 and -180 <= lons[k] <= 180):
            raise InputError(
                "coordinates out of range",
                source=path,
                field=f"line {k + 2}",
                value=(float(lats[k]), float(lons[k])),
                allowed="lat -90..90, lon -180..180",
            )
    return PointTable(header, rows, lats, lons)


def safe_cell(value: Any) -> str:
    """Return ``value`` as CSV text a spreadsheet shows as text, never runs as a formula.

    A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
    gets a leading ``'`` unless it is a plain number, which is kept as it is.

    Examples
    --------
    >>> safe_cell("=1+2"), safe_cell("-12.5"), safe_cell("@SUM(A1)")
    ("'=1+2", '-12.5', "'@SUM(A1)")
    """
    text = str(value)
    if text.startswith(FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text


def safe_text_column(values: Any) -> Any:
    """Return :func:`safe_cell` of every text in an array, at numpy speed.

    Examples
    --------
    >>> safe_text_column(["=1+2", "-12.5", "Japan", ""]).tolist()
    ["'=1+2", '-12.5', 'Japan', '']
    """
    import numpy as np
    import pandas as pd

    cells = pd.Series(np.asarray(values, dtype=object), dtype=object)
    risky = cells.str.startswith(FORMULA_START) & ~cells.str.match(_NUMBER.pattern)
    return np.where(risky.to_numpy(bool), "'" + cells.to_numpy(object), cells.to_numpy(object))


def has_formula_cell(text: str) -> bool:
    r"""Return whether a cell of unquoted comma-separated ``text`` needs :func:`safe_cell`.

    Cells starting with ``-`` or ``+`` are common (negative longitudes) and are
    fine when they are numbers; any other cell starting with a formula character
    is not.

    Examples
    --------
    >>> has_formula_cell("lat,lon\n35,-140.5\n-1e3,+2\n")
    False
    >>> has_formula_cell("lat,lon,name\n35,135,=1+2\n"), has_formula_cell("a,b\n1,-x\n")
    (True, True)
    """
    return _FORMULA_CELL.search(text) is not None


class _SafeWriter:
    """A :func:`csv.writer` whose cells pass through :func:`safe_cell`."""

    def __init__(self, stream: TextIO, **kwargs: Any) -> None:
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row: Any) -> Any:
        return self._writer.writerow([safe_cell(c) for c in row])


def safe_csv_writer(stream: TextIO, **kwargs: Any) -> _SafeWriter:
    """Return a CSV writer that neutralises formula cells (see :func:`safe_cell`)."""
    return _SafeWriter(stream, **kwargs)


def _read_rows(path: str) -> tuple[list[str], list[list[str]], int, int]:
    import io

    from trajgeo.io.reading import MAX_CSV_BYTES, read_input_text

    text = read_input_text(path, MAX_CSV_BYTES, encoding="utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise InputError(
            f"unreadable CSV at line {reader.line_num}: {_short(exc)}",
            source=path,
            allowed=f"fields of at most {MAX_FIELD_CHARS:,} characters",
        ) from None
    if not rows:
        raise InputError("the file is empty", source=path, allowed="a CSV with lat,lon columns")
    header = [h.strip() for h in rows[0]]
    lower = [h.lower() for h in header]
    twice = next((h for k, h in enumerate(header) if lower[k] in lower[:k]), None)
    if twice is not None:  # which of the two would be read, or written back, is anyone's guess
        raise InputError(
            "a column is named twice in the header",
            source=path,
            field="header",
            value=twice,
            allowed="each column name once",
        )
    for k, row in enumerate(rows[1:]):
        if len(row) != len(header):  # its cells would land under other columns
            raise InputError(
                f"{len(row)} fields where the header has {len(header)}",
                source=path,
                field=f"line {k + 2}",
                value=",".join(row)[:80],
                allowed=f"{len(header)} fields on every line, as in the header",
            )
    try:
        ilat = next(lower.index(n) for n in _LAT_NAMES if n in lower)
        ilon = next(lower.index(n) for n in _LON_NAMES if n in lower)
    except StopIteration:
        raise InputError(
            "no lat/lon columns in the header",
            source=path,
            field="header",
            value=header,
            allowed="columns named lat and lon",
        ) from None
    return header, rows[1:], ilat, ilon


def _short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) < 120 else text[:117] + "..."
