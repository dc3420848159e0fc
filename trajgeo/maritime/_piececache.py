"""The cut zone pieces of a zone set, kept on disk between processes.

A zone set's point index (its zones cut into pieces of few vertices) takes
about a second to cut; read back, it is mapped from the file, and only the
pieces a query reaches are made into geometries. It is kept in
``$TRAJGEO_CACHE_DIR`` (default ``$XDG_CACHE_HOME/trajgeo``, else
``~/.cache/trajgeo``), one file per zone-set file and version, named by a
hash of the file's path, size, time and zone ids. ``TRAJGEO_CACHE_DIR=""``
turns the cache off. A cache that cannot be read or written is ignored: it
only saves time. Each family of files (``pieces-*``, ``limits-v1-*``) keeps
its :data:`KEEP` most recently used; older ones (other installs, other
versions of the data, other zone files) are removed when a new one is saved.
A few geometries that take long to merge (a state's whole zone, see
:func:`load_geometry`; the land near an impact area, ``landnear-*``) are kept
as WKB (:data:`KEEP_GEOMETRIES` and :data:`KEEP_LAND_NEAR` of them), and
the shipped compressed layers are kept decompressed (:func:`load_npz`), and
each whole layer as the ragged arrays of its records (``layer-v1-*``, see
:func:`trajgeo.io.packed.read_layer`).
Maps keep the shipped basemap layers there too, as GDAL reads them
(``basemap-v1-*``, see :mod:`trajgeo.maps.basemap`) and each state's merged
layer in a map's view (``maplayer-*``, see :mod:`trajgeo.maps.zones`).
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "KEEP",
    "KEEP_GEOMETRIES",
    "KEEP_LAND_NEAR",
    "KEEP_UNPACKED",
    "cache_dir",
    "content_key",
    "digest",
    "load_arrays",
    "load_geometries",
    "load_geometry",
    "load_npz",
    "load_pieces",
    "save_arrays",
    "save_geometries",
    "save_geometry",
    "save_pieces",
]

#: How many files of one family the cache keeps (a point index is about 15 MB, stretches 24 MB).
KEEP = 4
#: How many merged geometries (``geom-*``, one state's zone each, up to a few MB) it keeps.
KEEP_GEOMETRIES = 64
#: How many land-near-an-area geometries (``landnear-*``, about 0.15 MB each) it keeps: a check
#: of the 36-event catalogue makes 66, which should not push out the examples' own.
KEEP_LAND_NEAR = 256
#: How many decompressed layers (``unpacked-*``, zones, land, limit lines: 3-8 MB each) it keeps,
#: and how many whole layers as their records' arrays (``layer-v1-*``, 4-8 MB each).
KEEP_UNPACKED = 8


def cache_dir() -> Path | None:
    """Return the folder for trajgeo's caches, or ``None`` when turned off."""
    env = os.environ.get("TRAJGEO_CACHE_DIR")
    if env is not None:
        return Path(env) if env else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "trajgeo"


#: Pieces as :func:`load_pieces` returns them: coordinates, (ring, polygon) offsets, zones, bounds.
SavedPieces = tuple[np.ndarray, tuple[np.ndarray, np.ndarray], np.ndarray, np.ndarray]


#: The arrays a pieces file holds (polygons: two levels of offsets).
_PIECE_ARRAYS = {"type", "coords", "owner", "bounds", "offsets0", "offsets1"}


def load_pieces(key: str) -> SavedPieces | None:
    """Return the pieces saved under ``key`` as arrays, or ``None``.

    The pieces come back as shapely's ragged arrays (coordinates, then ring and
    polygon offsets), with the zone and the bounds of each piece: a
    :class:`trajgeo.maritime.pieces.PieceIndex` makes geometries of only those
    a query reaches. ``None`` when nothing is saved under ``key``, or it was
    saved in an earlier form (WKB, or without bounds): the caller cuts the
    pieces again.
    """
    import shapely

    data = load_arrays(f"pieces-{key}")
    if data is None or not _PIECE_ARRAYS <= data.keys():
        return None
    if int(data["type"]) != shapely.GeometryType.POLYGON:
        return None
    offsets = (data["offsets0"], data["offsets1"])
    return data["coords"], offsets, data["owner"].astype(np.int64), data["bounds"]


def save_pieces(key: str, geoms: list[Any], owner: np.ndarray) -> None:
    """Save polygon pieces under ``key`` (atomically; not at all if the folder is unwritable).

    They are kept as shapely's ragged arrays (coordinates and offsets), which
    read back four times faster than WKB, the same coordinates bit for bit,
    with each piece's bounds, so that an index of them needs none made.
    """
    import shapely

    if cache_dir() is None:
        return
    arr = np.asarray(geoms, dtype=object)
    kind, coords, offsets = shapely.to_ragged_array(arr)
    arrays = {
        "type": np.array(int(kind)),
        "coords": coords,
        "owner": owner,
        "bounds": shapely.bounds(arr),
    }
    arrays.update({f"offsets{k}": off for k, off in enumerate(offsets)})
    save_arrays(f"pieces-{key}", arrays)


def load_npz(path: str | Path) -> dict[str, np.ndarray]:
    """Return every array of an ``.npz`` file, from a decompressed copy when it is compressed.

    Decompressing the shipped zones, land and limit lines takes about 0.09 s
    of CPU in every process; the copy, named by the CRC and size of each
    member (its content, wherever the file lies), reads in a tenth of that.
    Errors reading ``path`` itself are numpy's, as with :func:`numpy.load`.
    """
    sig, compressed = _members(path)
    name = ""
    if compressed:
        name = f"unpacked-{digest(sig)}"
        found = load_arrays(name)
        if found is not None:
            return found
    with np.load(path, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    if name:
        save_arrays(name, arrays, keep=KEEP_UNPACKED)
    return arrays


def content_key(path: str | Path) -> str:
    """Name an ``.npz`` file by its content (its members' names, CRCs and sizes), or ``""``.

    ``""`` when the file cannot be read as a zip: the caller reads it as
    usual, and numpy's error says why.
    """
    sig, _ = _members(path)
    return digest(sig) if sig else ""


def _members(path: str | Path) -> tuple[str, bool]:
    """Return the signature of an ``.npz`` file's members, and whether any is compressed."""
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
    except (OSError, zipfile.BadZipFile):
        return "", False
    sig = "|".join(f"{m.filename}:{m.CRC}:{m.file_size}" for m in members)
    return sig, any(m.compress_type != zipfile.ZIP_STORED for m in members)


def digest(*parts: str) -> str:
    """Name a cache file by what it depends on: 24 hex digits of the parts' SHA-256.

    The parts are joined by ``|``; any change in one (a data file's size or
    date, a version tag, a box) gives another name, so a stale file is never read.
    """
    import hashlib

    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:24]


def load_geometries(key: str, names: tuple[str, ...], family: str) -> tuple[Any, ...] | None:
    """Return the geometries ``names`` saved under ``key`` by :func:`save_geometries`.

    ``None`` when the file is missing, lacks one of them or is damaged (the
    caller builds them again).
    """
    import shapely

    data = load_arrays(f"{family}-{key}")
    if data is None or not set(names) <= data.keys():
        return None
    try:
        return tuple(shapely.from_wkb(data[n].tobytes()) for n in names)
    except shapely.errors.GEOSException:
        return None


def save_geometries(key: str, geoms: dict[str, Any], family: str, keep: int) -> None:
    """Save geometries by name under ``key`` as WKB (the same coordinates bit for bit).

    ``family`` names the files (``geom-*``, a state's merged zone; ``landnear-*``,
    the land near an impact area; ``maplayer-*``, a state's layers in a map's
    view), each family keeping its ``keep`` latest.
    """
    import shapely

    if cache_dir() is None:
        return
    arrays = {n: np.frombuffer(shapely.to_wkb(g), dtype=np.uint8) for n, g in geoms.items()}
    save_arrays(f"{family}-{key}", arrays, keep=keep)


def load_geometry(key: str, family: str = "geom") -> Any | None:
    """Return the one geometry saved under ``key`` by :func:`save_geometry`, or ``None``."""
    got = load_geometries(key, ("wkb",), family)
    return None if got is None else got[0]


def save_geometry(key: str, geom: Any, family: str = "geom", keep: int = KEEP_GEOMETRIES) -> None:
    """Save one geometry under ``key`` (see :func:`save_geometries`)."""
    save_geometries(key, {"wkb": geom}, family, keep)


def load_arrays(name: str) -> dict[str, np.ndarray] | None:
    """Return the arrays saved under ``name`` by :func:`save_arrays`, or ``None``."""
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / f"{name}.npz"
    try:
        arrays = _mapped(path)
        if arrays is None:  # not as save_arrays writes them: read it the usual way
            with np.load(path) as data:
                arrays = {k: data[k] for k in data.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile):
        return None  # missing, or damaged: the caller builds it again
    _touch(path)
    return arrays


def _mapped(path: Path) -> dict[str, np.ndarray] | None:
    """Return the arrays of an uncompressed ``.npz`` as read-only views of the file, mapped.

    Reading every array of the cache's files (up to 24 MB each) was about a
    tenth of a cold ``check``; mapped, a command reads only the pages it
    touches. ``None`` when a member is compressed or holds Python objects.
    A member whose header or length does not add up raises ``ValueError``:
    the file is damaged.
    """
    import io
    import mmap
    import struct

    with zipfile.ZipFile(path) as zf:
        members = zf.infolist()
    if not members:
        return None
    with open(path, "rb") as fh:
        buf = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    readers = {
        (1, 0): np.lib.format.read_array_header_1_0,
        (2, 0): np.lib.format.read_array_header_2_0,
    }
    arrays = {}
    for m in members:
        if m.compress_type != zipfile.ZIP_STORED or not m.filename.endswith(".npy"):
            return None
        head = buf[m.header_offset : m.header_offset + 30]
        if len(head) < 30 or head[:4] != b"PK\x03\x04":
            raise ValueError(f"damaged member {m.filename}")
        name_len, extra_len = struct.unpack("<HH", head[26:30])
        start = m.header_offset + 30 + name_len + extra_len
        fp = io.BytesIO(buf[start : start + min(m.file_size, 65536)])
        read_header = readers.get(np.lib.format.read_magic(fp))
        if read_header is None:
            return None  # a header version numpy writes only for unusual dtypes
        shape, fortran, dtype = read_header(fp)
        if dtype.hasobject:
            return None
        count = int(np.prod(shape, dtype=np.int64))
        if fp.tell() + count * dtype.itemsize != m.file_size:
            raise ValueError(f"damaged member {m.filename}")
        data = np.frombuffer(buf, dtype=dtype, count=count, offset=start + fp.tell())
        arrays[m.filename[:-4]] = data.reshape(shape, order="F" if fortran else "C")
    return arrays


def save_arrays(name: str, arrays: dict[str, np.ndarray], keep: int = KEEP) -> None:
    """Save numeric arrays under ``name`` (atomically; not at all if the folder is unwritable).

    The family of ``name`` (all before its last ``-``) keeps its ``keep`` most
    recently used files.
    """
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{name}.{os.getpid()}.npz"
        np.savez(tmp, **arrays)  # type: ignore[arg-type]
        os.replace(tmp, folder / f"{name}.npz")
    except OSError:
        return
    _prune(folder, name.rsplit("-", 1)[0] + "-", keep)


def _touch(path: Path) -> None:
    """Mark a cache file as just used (its time decides what :func:`_prune` keeps)."""
    try:
        os.utime(path)
    except OSError:
        pass


def _prune(folder: Path, family: str, keep: int = KEEP) -> None:
    """Remove all but the ``keep`` most recently used files of one family."""
    try:
        files = [(p.stat().st_mtime_ns, p) for p in folder.glob(f"{family}*.npz")]
    except OSError:
        return
    for _, old in sorted(files, reverse=True)[keep:]:
        try:
            old.unlink()
        except OSError:
            pass
