"""Opt-in download of authoritative maritime-zone data (Marine Regions).

Nothing in trajgeo downloads on its own: this module runs only when a user
asks for a data set by name (``trajgeo data fetch``). Marine Regions asks
that its files not be rehosted and that each download be registered with
the user's name, organisation and e-mail, so trajgeo sends the request
from the user's machine with the details the user gives, and keeps the file
on that machine.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import stat
import urllib.parse
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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

    The download itself is pooch's: the file arrives under a temporary name
    in ``dest``, is checked against ``sha256`` and only then moved into
    place, so an interrupted or wrong download leaves nothing behind. A file
    already in ``dest`` under that name is used as it is (pooch's cache; with
    ``sha256``, only if it matches): delete it to download again.

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
    timeout
        Seconds to wait for the server to answer or send more.

    Returns
    -------
    pathlib.Path
        The GeoPackage/shapefile/GeoJSON found in the download.
    """
    url, filename = _resolve(source, form)
    if sha256 is not None and not re.fullmatch(r"[0-9a-fA-F]{64}", sha256):
        raise InputError(  # checked before anything is downloaded
            "not a SHA-256 digest",
            source="command line",
            field="--sha256",
            value=sha256,
            allowed="64 hexadecimal digits",
        )
    from trajgeo._optional import require

    pooch, _ = require("fetch", ("pooch", "tqdm"), "Downloads (trajgeo data fetch)")
    dest = Path(dest)
    made = _missing_parents(dest)
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a file (/dev/null), or a folder that cannot be made
        _remove_empty(made)
        reason = "not a folder" if isinstance(exc, FileExistsError) else exc.strerror
        raise InputError(
            f"cannot use this folder ({reason})",
            source="command line",
            field="--dest",
            value=str(dest),
            allowed="a folder that exists or can be made",
        ) from None
    target = dest / filename
    before = _stat(target)
    if form:
        downloader: Any = _FormPost(dict(form), progress, timeout)
    else:
        downloader = pooch.HTTPDownloader(
            progressbar=progress, timeout=timeout, headers={"User-Agent": "trajgeo"}
        )
    known = f"sha256:{sha256.lower()}" if sha256 else None
    try:
        with _pooch_quiet(pooch):
            pooch.retrieve(url, known_hash=known, fname=filename, path=dest, downloader=downloader)
    except Exception as exc:  # every failure becomes one line (or is re-raised as it is)
        _remove_empty(made)  # the folders this call made for nothing
        raise _download_error(exc, source, url, target, sha256) from None
    _keep_mode(target, before)
    return _vector_file(target)


def _missing_parents(folder: Path) -> list[Path]:
    """Return ``folder`` and those of its parents that do not exist yet, deepest first."""
    out = []
    for p in (folder, *folder.parents):
        if p.exists():
            break
        out.append(p)
    return out


def _remove_empty(folders: list[Path]) -> None:
    """Remove the folders a failed download made, if they are still empty (deepest first)."""
    for p in folders:
        try:
            p.rmdir()
        except OSError:
            return  # not empty (or not ours to remove): leave it and its parents


def _resolve(source: str, form: Mapping[str, str] | None) -> tuple[str, str]:
    """Return the URL and file name of a named data set or a URL, checked before any download."""
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
        return source, _file_name(source)
    missing = [k for k in ("name", "organisation", "email") if not (form or {}).get(k)]
    if named.needs_registration and missing:
        raise InputError(
            "Marine Regions asks who downloads its data",
            source="command line",
            field="--" + missing[0],
            allowed="give --name, --organisation and --email",
        )
    return named.url, named.filename


class _FormPost:
    """A pooch downloader that posts a registration form and saves the answer.

    pooch's :class:`pooch.HTTPDownloader` only sends GET requests; Marine
    Regions registers a download from a form sent by POST.
    """

    def __init__(self, form: dict[str, str], progress: bool, timeout: float) -> None:
        self.form, self.progress, self.timeout = form, progress, timeout

    def __call__(self, url: str, output_file: str, pooch: Any, check_only: bool = False) -> None:
        import requests
        from tqdm import tqdm

        headers = {"User-Agent": "trajgeo"}
        with requests.post(
            url, data=self.form, headers=headers, stream=True, timeout=self.timeout
        ) as resp:
            resp.raise_for_status()
            total = int(resp.headers.get("Content-Length") or 0) or None
            bar = tqdm(total=total, unit="B", unit_scale=True, disable=not self.progress)
            with open(output_file, "wb") as out:
                for chunk in resp.iter_content(chunk_size=1 << 16):
                    out.write(chunk)
                    bar.update(len(chunk))
            bar.close()


@contextlib.contextmanager
def _pooch_quiet(pooch: Any) -> Iterator[None]:
    """Keep pooch's own log lines (download paths, a hint to its API) off standard error."""
    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def _download_error(
    exc: Exception, source: str, url: str, target: Path, sha256: str | None
) -> Exception:
    """Say in one line why a download failed (pooch has removed its temporary file)."""
    import requests

    if isinstance(exc, requests.exceptions.HTTPError) and exc.response is not None:
        resp = exc.response
        return DataError(f"download failed: {url} answered {resp.status_code} {resp.reason}")
    if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema)):
        return _bad_url(source, exc)
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return DataError(f"download failed: {url} stopped sending before the end of the file")
    if isinstance(exc, requests.exceptions.RequestException):
        return DataError(f"download failed: cannot reach {url} ({_reason(exc)})")
    got = re.search(r"does not match the known hash: .* but got (\w+)", str(exc))
    if isinstance(exc, ValueError) and got:
        return DataError(
            f"download of {target.name} does not match its checksum "
            f"(got {got.group(1)}, expected {sha256})"
        )
    if isinstance(exc, OSError):
        return DataError(f"cannot keep the download as {target} ({exc.strerror or exc})")
    return exc


def _reason(exc: BaseException) -> str:
    """Name the innermost cause of a failed request, in a few words on one line."""
    while True:
        inner = exc.args[0] if exc.args else None
        inner = inner if isinstance(inner, BaseException) else getattr(exc, "reason", None)
        if not isinstance(inner, BaseException):
            break
        exc = inner
    text = str(exc)
    errno_text = re.search(r"\[Errno -?\d+\][^'\")]*", text)
    if errno_text:
        return errno_text.group(0).strip()
    if "timed out" in text:
        return "timed out"
    return (text.splitlines() or [type(exc).__name__])[0][:100]


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except OSError:
        return None


def _keep_mode(target: Path, before: os.stat_result | None) -> None:
    """Give a newly placed download the mode the old file had, or the umask's.

    pooch's temporary file is created private (0600); trajgeo's files follow the umask.
    """
    now = _stat(target)
    if now is None or (before is not None and before.st_ino == now.st_ino):
        return  # nothing placed: the file in dest was used as it was
    if before is not None:
        mode = stat.S_IMODE(before.st_mode)
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(target, mode)


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
