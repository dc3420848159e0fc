"""Opt-in download of authoritative maritime-zone data (Marine Regions).

Nothing in trajgeo downloads on its own: this module runs only when a user
asks for a data set by name (``trajgeo data fetch``). Marine Regions asks
that its files not be rehosted and that each download be registered with
the user's name, organisation and e-mail, so trajgeo sends the request
from the user's machine with the details the user gives, and keeps the file
on that machine.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from trajgeo.errors import DataError, InputError

__all__ = ["SOURCES", "FetchSource", "fetch"]


@dataclass(frozen=True)
class FetchSource:
    """A named data set that ``trajgeo data fetch`` knows how to download."""

    name: str
    filename: str
    description: str
    licence: str
    citation: str
    needs_registration: bool = True

    @property
    def url(self) -> str:
        """Download address (``TRAJGEO_FETCH_BASE_URL`` replaces the host, for testing)."""
        base = os.environ.get(
            "TRAJGEO_FETCH_BASE_URL", "https://www.marineregions.org/download_file.php"
        )
        return base + "?" + urllib.parse.urlencode({"name": self.filename})


_MR_LICENCE = (
    "CC-BY 4.0; Marine Regions asks users not to redistribute its files and to "
    "cite marineregions.org. The data have no legal value."
)

#: Data sets known by name.
SOURCES: dict[str, FetchSource] = {
    "marineregions-eez-v12": FetchSource(
        "marineregions-eez-v12",
        "World_EEZ_v12_20231025_gpkg.zip",
        "Marine Regions World EEZ v12 (2023), GeoPackage: 200-NM zones, overlapping "
        "claims and joint regimes",
        _MR_LICENCE,
        "Flanders Marine Institute (2023). Maritime Boundaries Geodatabase: Maritime "
        "Boundaries and Exclusive Economic Zones (200NM), version 12. "
        "https://doi.org/10.14284/632",
    ),
    "marineregions-12nm-v4": FetchSource(
        "marineregions-12nm-v4",
        "World_12NM_v4_20231025_gpkg.zip",
        "Marine Regions territorial seas (12 NM) v4 (2023), GeoPackage",
        _MR_LICENCE,
        "Flanders Marine Institute (2023). Maritime Boundaries Geodatabase: Territorial "
        "Seas (12NM), version 4. https://doi.org/10.14284/633",
    ),
}

_VECTOR_SUFFIXES = (".gpkg", ".shp", ".geojson", ".json", ".fgb")


def fetch(
    source: str,
    dest: str | Path,
    *,
    form: Mapping[str, str] | None = None,
    sha256: str | None = None,
    progress: bool = True,
    timeout: float = 60.0,
) -> Path:
    """Download a data set into ``dest`` and return the vector file to pass as ``--zones``.

    Parameters
    ----------
    source
        A name from :data:`SOURCES` or an ``http(s)://`` URL.
    dest
        Folder to keep the download in (created if missing).
    form
        Registration details posted with the request (Marine Regions asks
        for ``name``, ``organisation``, ``email``, ``country``).
    sha256
        Expected checksum of the downloaded file; a mismatch deletes it.
    progress
        Show a progress bar on standard error.

    Returns
    -------
    pathlib.Path
        The GeoPackage/shapefile/GeoJSON found in the download.
    """
    named = SOURCES.get(source)
    if named is None:
        try:
            scheme = urllib.parse.urlsplit(source).scheme
        except ValueError as exc:
            raise _bad_url(source, exc) from None
        if scheme not in ("http", "https"):
            raise InputError(
                "unknown data set",
                source="command line",
                field="SOURCE",
                value=source,
                allowed=", ".join(SOURCES) + ", or an http(s) URL",
            )
        url, filename = source, _file_name(source)
    else:
        url, filename = named.url, named.filename
        missing = [k for k in ("name", "organisation", "email") if not (form or {}).get(k)]
        if named.needs_registration and missing:
            raise InputError(
                "Marine Regions asks who downloads its data",
                source="command line",
                field="--" + missing[0],
                allowed="give --name, --organisation and --email",
            )
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    target = dest / filename
    data = urllib.parse.urlencode(dict(form)).encode() if form else None
    try:
        request = urllib.request.Request(url, data=data, headers={"User-Agent": "trajgeo"})
    except ValueError as exc:
        raise _bad_url(source, exc) from None
    part = target.with_name(target.name + ".part")
    digest = hashlib.sha256()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp, open(part, "wb") as out:
            total = int(resp.headers.get("Content-Length") or 0) or None
            bar = _bar(total, filename, progress)
            while chunk := resp.read(1 << 16):
                out.write(chunk)
                digest.update(chunk)
                bar.update(len(chunk))
            bar.close()
    except urllib.error.HTTPError as exc:
        part.unlink(missing_ok=True)
        raise DataError(f"download failed: {url} answered {exc.code} {exc.reason}") from None
    except ValueError as exc:  # http.client.InvalidURL: spaces or control characters
        part.unlink(missing_ok=True)
        raise _bad_url(source, exc) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        part.unlink(missing_ok=True)
        reason = getattr(exc, "reason", exc)
        raise DataError(f"download failed: cannot reach {url} ({reason})") from None
    if sha256 and digest.hexdigest() != sha256.lower():
        part.unlink(missing_ok=True)
        raise DataError(
            f"download of {filename} does not match its checksum "
            f"(got {digest.hexdigest()}, expected {sha256})"
        )
    try:
        os.replace(part, target)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise DataError(f"cannot keep the download as {target} ({exc.strerror})") from None
    return _vector_file(target)


def _bad_url(url: str, exc: Exception) -> InputError:
    reason = str(exc).split(".")[0][:80]
    return InputError(
        f"not a usable URL ({reason})", source="command line", field="SOURCE", value=url[-80:]
    )


#: A file name safe to create in the download folder.
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")


def _file_name(url: str) -> str:
    """Return the file name a URL's path ends in (``download`` when it ends in ``/``).

    Raises
    ------
    InputError
        When the last part is ``.``, ``..`` or not a plain file name.

    Examples
    --------
    >>> _file_name("https://example.org/a/eez.zip"), _file_name("https://example.org/a/")
    ('eez.zip', 'download')
    """
    name = urllib.parse.unquote(urllib.parse.urlsplit(url).path.rsplit("/", 1)[-1])
    if not name:
        return "download"
    if not _SAFE_NAME.match(name) or set(name) == {"."}:
        raise InputError(
            "the URL does not end in a plain file name",
            source="command line",
            field="SOURCE",
            value=url[-80:],
            allowed="a URL whose path ends in a name such as eez.zip (letters, digits, . _ -)",
        )
    return name


def _bar(total: int | None, name: str, show: bool):  # noqa: ANN202 - tqdm type
    from trajgeo._optional import require

    (tqdm_module,) = require("fetch", ("tqdm",), "Downloads (trajgeo data fetch)")
    return tqdm_module.tqdm(
        total=total, unit="B", unit_scale=True, desc=name, disable=not show, leave=False
    )


def _vector_file(path: Path) -> Path:
    """Unpack a zip beside itself and return the first vector data file in it."""
    if zipfile.is_zipfile(path):
        folder = path.with_suffix("")
        tmp = folder.with_name(folder.name + ".unpacking")
        shutil.rmtree(tmp, ignore_errors=True)
        with zipfile.ZipFile(path) as zf:
            for member in zf.namelist():
                resolved = (tmp / member).resolve()
                if not resolved.is_relative_to(tmp.resolve()):
                    raise DataError(f"{path}: unsafe path in archive: {member}")
            zf.extractall(tmp)
        shutil.rmtree(folder, ignore_errors=True)
        os.replace(tmp, folder)
        found = sorted(p for p in folder.rglob("*") if p.suffix.lower() in _VECTOR_SUFFIXES)
        if not found:
            raise DataError(f"{path}: no vector data file in the archive")
        return found[0]
    if path.suffix.lower() in _VECTOR_SUFFIXES:
        return path
    raise DataError(f"{path}: downloaded file is neither a zip nor a vector data file")
