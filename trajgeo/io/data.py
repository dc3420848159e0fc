"""Locate the data files trajgeo ships (the ``geodata/`` folder).

In a wheel the folder is installed as ``trajgeo/_geodata``; in a source
checkout (editable install) it is the top-level ``geodata/`` beside the
package. ``TRAJGEO_DATA_DIR`` overrides both.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from trajgeo.errors import DataError

__all__ = ["data_dir", "data_path"]


@lru_cache(maxsize=1)
def data_dir() -> Path:
    """Return the folder that holds trajgeo's shipped geodata."""
    env = os.environ.get("TRAJGEO_DATA_DIR")
    here = Path(__file__).resolve().parent.parent
    candidates = [Path(env)] if env else []
    candidates += [here / "_geodata", here.parent / "geodata"]
    for cand in candidates:
        if (cand / "gazetteer.yaml").is_file():
            return cand
    raise DataError(
        "trajgeo's geodata folder was not found (looked in "
        + ", ".join(str(c) for c in candidates)
        + "); reinstall trajgeo or set TRAJGEO_DATA_DIR"
    )


def data_path(*parts: str) -> Path:
    """Return the path of a shipped data file, raising :class:`DataError` if absent."""
    path = data_dir().joinpath(*parts)
    if not path.exists():
        raise DataError(f"shipped data file missing: {path}; reinstall trajgeo")
    return path
