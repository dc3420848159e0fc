"""``trajgeo zones`` over many event files in worker processes, written as one process would.

Each worker reads a run of the files, builds their geometry and writes
their features (:func:`trajgeo.io.export.feature_texts`, joined by ``,``) to
a file of its own in a temporary folder beside the output; this process
copies those files into the output in file order
(:func:`~trajgeo.analysis.parallel.ordered_map`), in the kernel where it can
(``os.sendfile``), and deletes each once copied: the text (200 MB for 10,000
shots) never goes through a pipe or this process's memory.
A feature's text depends on that feature alone, so the file is byte for byte
the one a single process writes. A bad file, or an event id used twice, sends
the whole run back to one process, which stops with the error (and the file
it names) that a single-process run gives.

This process only copies files: the workers import the geometry and event
modules, so it stays small while they work (a run's peak memory is the sum).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from trajgeo.analysis.parallel import default_jobs, ordered_map

__all__ = ["MIN_FILES_FOR_POOL", "write_zones_geojson"]

#: Without an explicit ``jobs``, runs of fewer files stay in this process: starting
#: the workers costs about what building a hundred events' features does.
MIN_FILES_FOR_POOL = 100


#: What every worker imports to read, build and write (trajgeo imports them lazily): the
#: pool's server imports them once, and the workers start as copies of it.
WORKER_MODULES = (
    "numpy",
    "shapely",
    "pyproj",
    "yaml",
    "pydantic_core",
    "trajgeo.events.load",
    "trajgeo.events.schema",
    "trajgeo.io.yamlfile",
    "trajgeo.geo.impact",
    "trajgeo.io.export",
    "trajgeo.io.coordtext",
)


class _OneProcess(Exception):
    """A worker met a bad file, or two files share an event id: redo the run in one process."""


def _zones_chunk(
    files: tuple[str, ...],
    range_tolerance: float | None,
    rings_km: tuple[float, ...],
    max_segment_m: float,
    spool: str,
) -> tuple[list[str] | None, str, int]:
    """Write the features of ``files`` to a new file in ``spool``: return ids, path and count.

    The event ids read, the file's path and the number of features in it.

    The features' texts are joined by ``,``; no file (``""``) when there are
    none. ``None`` for the ids when a file cannot be read or built (the caller
    redoes the run in one process, which reports it as a single-process run does).
    """
    import os
    import tempfile

    from trajgeo.errors import TrajgeoError
    from trajgeo.events import Options, load_events
    from trajgeo.geo.impact import event_geometry
    from trajgeo.io.export import feature_texts

    try:
        events = load_events(list(files), options=Options(range_tolerance_pct=range_tolerance))
        geometries = (
            event_geometry(ev, rings_km=rings_km, max_segment_m=max_segment_m) for ev in events
        )
        fd, part = tempfile.mkstemp(suffix=".part", dir=spool)
        n = 0
        with os.fdopen(fd, "wb") as fh:
            for text in feature_texts(geometries):
                fh.write(b"," + text if n else text)
                n += 1
    except TrajgeoError:
        return None, "", 0
    return [ev.id for ev in events], part, n


def write_zones_geojson(
    files: Sequence[str],
    path: str,
    *,
    range_tolerance: float | None = None,
    rings_km: tuple[float, ...] = (),
    max_segment_m: float = 10_000.0,
    jobs: int | None = None,
    errors: list[Exception] | None = None,
) -> tuple[int, int]:
    """Write the features of ``trajgeo zones`` for event files to a GeoJSON file, atomically.

    Parameters
    ----------
    files
        Event files, in the order their features are written.
    path
        The GeoJSON file (``"-"``: standard output, from this process alone, so that
        nothing is written before every file has been read).
    range_tolerance, rings_km, max_segment_m
        As for :func:`trajgeo.events.load_events` (``Options.range_tolerance_pct``)
        and :func:`trajgeo.geo.impact.event_geometry`.
    jobs
        Worker processes; ``1`` runs in this process; default one per CPU for
        :data:`MIN_FILES_FOR_POOL` files or more. The file is the same either way.
    errors
        A list to collect bad event files in: each file that cannot be read is
        left out, its :class:`~trajgeo.errors.InputError` appended, and the others
        are written. Without it, the first bad file stops the run.

    Returns
    -------
    tuple of int
        The number of features written and of events read.

    Raises
    ------
    InputError
        For a bad event file, as :func:`trajgeo.events.load_events` raises it.
    """
    files = [str(f) for f in files]
    if jobs is None:
        jobs = default_jobs() if len(files) >= MIN_FILES_FOR_POOL else 1
    if jobs > 1 and path != "-":
        try:
            return _write_in_pool(files, path, (range_tolerance, rings_km, max_segment_m), jobs)
        except _OneProcess:
            pass  # the run below stops at the first bad file, as it always would
    from trajgeo.events import Options, load_events
    from trajgeo.geo.impact import event_geometry
    from trajgeo.io.export import write_geojson

    options = Options(range_tolerance_pct=range_tolerance)
    if errors is None:
        events = load_events(files, options=options)
    else:
        from trajgeo.errors import InputError

        events = []
        for f in files:  # a batch: one bad file is reported, the others still written
            try:
                events.extend(load_events([f], options=options))
            except InputError as exc:
                errors.append(exc)
        if not events:
            return 0, 0  # nothing could be read: nothing is written, not an empty collection
    geometries = (
        event_geometry(ev, rings_km=rings_km, max_segment_m=max_segment_m) for ev in events
    )
    return write_geojson(geometries, path), len(events)


def _write_in_pool(
    files: list[str], path: str, options: tuple[float | None, tuple[float, ...], float], jobs: int
) -> tuple[int, int]:
    import os
    import tempfile

    from trajgeo.io.atomic import atomic_path
    from trajgeo.io.export import GEOJSON_HEAD, GEOJSON_TAIL

    # small runs of files, so that the work spreads evenly and little waits on disk
    size = max(1, min(50, -(-len(files) // (8 * jobs))))
    chunks = [tuple(files[i : i + size]) for i in range(0, len(files), size)]
    seen: set[str] = set()
    n = 0
    tolerance, rings_km, max_segment_m = options
    with (
        atomic_path(path) as tmp,
        open(tmp, "wb", buffering=0) as fh,
        tempfile.TemporaryDirectory(prefix=".trajgeo-zones-", dir=tmp.parent) as spool,
    ):
        fh.write(GEOJSON_HEAD)
        for ids, part, count in ordered_map(
            _zones_chunk,
            chunks,
            jobs=jobs,
            range_tolerance=tolerance,
            rings_km=rings_km,
            max_segment_m=max_segment_m,
            spool=spool,
            preload=WORKER_MODULES,
        ):
            if ids is None or seen.intersection(ids) or len(set(ids)) != len(ids):
                raise _OneProcess
            seen.update(ids)
            if count:
                if n:
                    fh.write(b",")
                _append_file(fh, part)
                n += count
            if part:
                os.unlink(part)  # the parts on disk are those still waiting for their turn
        fh.write(GEOJSON_TAIL)
    return n, len(seen)


def _append_file(fh: Any, part: str) -> None:
    """Copy the file ``part`` to the end of the unbuffered file ``fh`` (in the kernel if it can)."""
    import errno
    import os
    import shutil

    with open(part, "rb") as src:
        size, done = os.fstat(src.fileno()).st_size, 0
        try:
            while done < size:
                sent = os.sendfile(fh.fileno(), src.fileno(), done, size - done)
                if sent == 0:
                    break
                done += sent
        except AttributeError:  # no sendfile on this system
            pass
        except OSError as exc:
            if exc.errno not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
                raise
        src.seek(done)
        shutil.copyfileobj(src, fh)
