"""Reading points from a CSV file with ``lat`` and ``lon`` columns (``trajgeo where --points``)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from typing import Any

from trajgeo.errors import InputError

__all__ = ["PointTable", "read_points_csv"]

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
                value=(lats[k], lons[k]),
                allowed="lat -90..90, lon -180..180",
            )
    return PointTable(header, rows, lats, lons)


def _read_rows(path: str) -> tuple[list[str], list[list[str]], int, int]:
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.reader(fh))
    except FileNotFoundError:
        raise InputError("file not found", source=path) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", source=path) from None
    if not rows:
        raise InputError("the file is empty", source=path, allowed="a CSV with lat,lon columns")
    header = [h.strip() for h in rows[0]]
    lower = [h.lower() for h in header]
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
