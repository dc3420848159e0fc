"""The cut zone pieces of a zone set, kept on disk between processes.

A zone set's point index (its zones cut into pieces of few vertices) takes
about a second to cut and a tenth of that to read back. It is kept in
``$TRAJGEO_CACHE_DIR`` (default ``$XDG_CACHE_HOME/trajgeo``, else
``~/.cache/trajgeo``), one file per zone-set file and version, named by a
hash of the file's path, size, time and zone ids. ``TRAJGEO_CACHE_DIR=""``
turns the cache off. A cache that cannot be read or written is ignored: it
only saves time.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["cache_dir", "load_arrays", "load_pieces", "save_arrays", "save_pieces"]


def cache_dir() -> Path | None:
    """Return the folder for trajgeo's caches, or ``None`` when turned off."""
    env = os.environ.get("TRAJGEO_CACHE_DIR")
    if env is not None:
        return Path(env) if env else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "trajgeo"


def load_pieces(key: str) -> tuple[list[Any], np.ndarray] | None:
    """Return the pieces and their zones saved under ``key``, or ``None``."""
    import shapely

    folder = cache_dir()
    if folder is None:
        return None
    try:
        with np.load(folder / f"pieces-{key}.npz") as data:
            blob, ends, owner = data["wkb"], data["ends"], data["owner"]
    except (OSError, ValueError, KeyError):
        return None
    raw = blob.tobytes()
    starts = np.r_[0, ends[:-1]]
    wkb = [raw[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)]
    return list(shapely.from_wkb(wkb)), owner.astype(np.int64)


def save_pieces(key: str, geoms: list[Any], owner: np.ndarray) -> None:
    """Save pieces under ``key`` (atomically; silently not at all if the folder is unwritable)."""
    import shapely

    folder = cache_dir()
    if folder is None:
        return
    wkb = shapely.to_wkb(np.asarray(geoms, dtype=object))
    ends = np.cumsum([len(w) for w in wkb])
    blob = np.frombuffer(b"".join(wkb), dtype=np.uint8)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".pieces-{key}.{os.getpid()}.npz"
        np.savez(tmp, wkb=blob, ends=ends, owner=owner)
        os.replace(tmp, folder / f"pieces-{key}.npz")
    except OSError:
        return


def load_arrays(name: str) -> dict[str, np.ndarray] | None:
    """Return the arrays saved under ``name`` by :func:`save_arrays`, or ``None``."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with np.load(folder / f"{name}.npz") as data:
            return {k: data[k] for k in data.files}
    except (OSError, ValueError):
        return None


def save_arrays(name: str, arrays: dict[str, np.ndarray]) -> None:
    """Save numeric arrays under ``name`` (atomically; not at all if the folder is unwritable)."""
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
