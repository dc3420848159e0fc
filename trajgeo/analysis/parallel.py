"""Run one function over many items: in this process, in a process pool, or on Dask.

:func:`ordered_map` is what catalogue runs (:mod:`trajgeo.analysis.catalogue`)
and ``trajgeo where --points`` share: results come back in the order of the
items whatever order they finish in, so a parallel run prints exactly what a
serial one does. Workers load the zone set once each (:func:`worker_zones`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from trajgeo.errors import DataError, InputError

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from trajgeo.maritime.zoneset import ZoneSet

__all__ = [
    "dask_client",
    "default_jobs",
    "ordered_map",
    "process_pool",
    "where_points_parallel",
    "worker_zones",
]

T = TypeVar("T")
R = TypeVar("R")

_ZONES: dict[tuple[str | None, float | None, str | None], ZoneSet] = {}


def worker_zones(
    path: str | None = None,
    accuracy_km: float | None = None,
    worldview: str | None = None,
    *,
    preloaded: ZoneSet | None = None,
) -> ZoneSet:
    """Return the zone set for these options, loaded once per process (or thread).

    ``preloaded``: a zone set the caller already loaded for the same options
    (the command line does, to report a bad ``--zones`` file once).
    """
    key = (path, accuracy_km, worldview)
    if preloaded is not None:
        _ZONES[key] = preloaded
    if key not in _ZONES:
        from trajgeo.maritime.zoneset import load_zones

        _ZONES[key] = load_zones(path, accuracy_km=accuracy_km, worldview=worldview)
    return _ZONES[key]


def default_jobs() -> int:
    """Return the number of worker processes by default: the CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def ordered_map(
    func: Callable[..., R],
    items: Sequence[Any],
    *,
    jobs: int | None = None,
    scheduler: Any = None,
    on_done: Callable[[R], None] | None = None,
    min_items_for_pool: int = 2,
    preload: Sequence[str] = (),
    **kwargs: Any,
) -> Iterator[R]:
    """Yield ``func(item, **kwargs)`` for every item, in the order of ``items``.

    Parameters
    ----------
    func
        A module-level function (workers import it by name).
    items
        What to call it on.
    jobs
        Worker processes; ``1`` runs in this process; default one per CPU
        when there are at least ``min_items_for_pool`` items.
    scheduler
        A Dask scheduler address (``"tcp://host:8786"``) or a
        ``dask.distributed.Client``: run on that cluster (the ``dask`` extra).
    on_done
        Called with each result as it finishes, in any order (a progress bar).
    preload
        Modules for the pool's server process to import, besides ``func``'s
        own, before it starts the workers, which then begin with them loaded
        (:func:`process_pool`).
    **kwargs
        Passed to every call; must pickle.

    Examples
    --------
    >>> from trajgeo.analysis.parallel import ordered_map
    >>> list(ordered_map(abs, [-2, 3, -1], jobs=1))
    [2, 3, 1]
    """
    if scheduler is not None:
        yield from _ordered(_on_dask(func, items, kwargs, scheduler), len(items), on_done)
        return
    if jobs is None:
        n = default_jobs() if len(items) >= min_items_for_pool else 1
    else:
        n = max(1, int(jobs))
    if min(n, len(items)) <= 1:
        for item in items:
            res = func(item, **kwargs)
            if on_done is not None:
                on_done(res)
            yield res
        return
    pool = _in_pool(func, items, kwargs, min(n, len(items)), preload)
    yield from _ordered(pool, len(items), on_done)


def _ordered(
    done: Iterator[tuple[int, R]], total: int, on_done: Callable[[R], None] | None
) -> Iterator[R]:
    # results arrive as they finish; hand them on in input order
    waiting: dict[int, R] = {}
    nxt = 0
    for i, res in done:
        if on_done is not None:
            on_done(res)
        waiting[i] = res
        while nxt in waiting:
            yield waiting.pop(nxt)
            nxt += 1
    if nxt != total:  # pragma: no cover - every submitted item comes back
        raise RuntimeError(f"a parallel run lost {total - nxt} results")


def _in_pool(
    func: Callable[..., R],
    items: Sequence[Any],
    kwargs: dict[str, Any],
    n: int,
    preload: Sequence[str] = (),
) -> Iterator[tuple[int, R]]:
    from concurrent.futures import as_completed

    with process_pool(n, func, preload) as pool:
        futures = {pool.submit(func, item, **kwargs): i for i, item in enumerate(items)}
        try:
            for fut in as_completed(futures):
                # dropped once handed on: a result is held here only until it is used
                yield futures.pop(fut), fut.result()
        finally:
            for fut in futures:  # stopped early (Ctrl-C, an error): drop what has not started
                fut.cancel()


@contextlib.contextmanager
def process_pool(
    n: int, func: Callable[..., Any], preload: Sequence[str] = ()
) -> Iterator[ProcessPoolExecutor]:
    """Yield a pool of ``n`` fresh worker processes that have imported ``func``'s module.

    With the forkserver start method, the server imports it and the
    ``preload`` modules once and each worker is a fork of it: the workers
    start with them loaded instead of importing them each (a module whose
    imports are lazy, as trajgeo's are, can name here the ones its work needs).

    A worker that stops (out of memory, killed) becomes a one-line
    :class:`~trajgeo.errors.DataError`.
    """
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # forkserver (or spawn): a fresh interpreter per worker, safe beside threads
    methods = mp.get_all_start_methods()
    ctx = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
    if ctx.get_start_method() == "forkserver":
        # import the analysis once in the server; each worker forks from it
        ctx.set_forkserver_preload([func.__module__, "trajgeo.maritime.zoneset", *preload])
    with ProcessPoolExecutor(max_workers=n, mp_context=ctx) as pool:
        try:
            yield pool
        except BrokenProcessPool:
            raise DataError(
                "a worker process stopped (out of memory, or killed); run again with "
                "--jobs 1, or in a script call this under `if __name__ == '__main__':`"
            ) from None


def _on_dask(
    func: Callable[..., R], items: Sequence[Any], kwargs: dict[str, Any], scheduler: Any
) -> Iterator[tuple[int, R]]:
    with dask_client(scheduler) as client:  # says what to install when Dask is missing
        from distributed import as_completed as dask_completed

        futures = client.map(func, list(items), pure=False, **kwargs)
        index = {f.key: i for i, f in enumerate(futures)}
        for fut in dask_completed(futures):
            yield index[fut.key], fut.result()


@contextlib.contextmanager
def dask_client(scheduler: Any) -> Iterator[Any]:
    """Yield a ``distributed.Client`` for a scheduler address (closed after) or a client.

    Raises
    ------
    MissingDependencyError
        Without the ``dask`` extra.
    InputError
        When no scheduler answers at that address.
    """
    from trajgeo._optional import require

    (distributed,) = require("dask", ("distributed",), "Dask runs (--scheduler)")
    if not isinstance(scheduler, str):
        yield scheduler
        return
    try:
        client = distributed.Client(scheduler, timeout="10s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(
            "cannot reach the Dask scheduler",
            source="command line",
            field="--scheduler",
            value=scheduler,
            allowed=f"the address of a running scheduler, e.g. tcp://host:8786 ({exc})",
        ) from None
    try:
        yield client
    finally:
        client.close()


def _where_chunk(
    chunk: tuple[Any, Any],
    zones: str | None,
    zones_accuracy: float | None,
    worldview: str | None,
    distance: bool,
) -> tuple[list[tuple[int, ...]], list[float | None]]:
    # what one worker sends back: zone indices, not zone objects (they hold polygons)
    from trajgeo.maritime.where import where_points

    zs = worker_zones(zones, zones_accuracy, worldview)
    index = {id(z): i for i, z in enumerate(zs.zones)}
    found = where_points(zs, chunk[0], chunk[1], distance=distance)
    return (
        [tuple(index[id(z)] for z in p.zones) for p in found],
        [p.boundary_distance_km for p in found],
    )


def where_points_parallel(
    lons: Any,
    lats: Any,
    *,
    zones: str | None = None,
    zones_accuracy: float | None = None,
    worldview: str | None = None,
    distance: bool = False,
    jobs: int | None = None,
    scheduler: Any = None,
    chunk_size: int | None = None,
) -> list[Any]:
    """Classify many points like :func:`~trajgeo.maritime.where.where_points`, in parallel.

    The points are cut into chunks, classified by worker processes (or Dask
    workers, with ``scheduler``) that each load the zone set named by
    ``zones``, ``zones_accuracy`` and ``worldview`` (default the shipped one),
    and put back together in order: the answers are those of a serial run.

    Returns
    -------
    list of PointZones
        One per point, in order, holding this process's zone objects.

    Examples
    --------
    >>> from trajgeo.analysis.parallel import where_points_parallel
    >>> [p.zones[0].sovereign_iso3 for p in where_points_parallel([136.9], [40.5], jobs=1)]
    ['JPN']
    """
    import numpy as np

    from trajgeo.maritime.where import PointZones

    lons = np.asarray(lons, float)
    lats = np.asarray(lats, float)
    n_jobs = default_jobs() if jobs is None else max(1, int(jobs))
    size = chunk_size or max(1_000, -(-len(lons) // (4 * n_jobs)))
    chunks = [(lons[i : i + size], lats[i : i + size]) for i in range(0, len(lons), size)]
    zs = worker_zones(zones, zones_accuracy, worldview)
    out: list[Any] = []
    for idx, dist in ordered_map(
        _where_chunk,
        chunks,
        jobs=jobs,
        scheduler=scheduler,
        zones=zones,
        zones_accuracy=zones_accuracy,
        worldview=worldview,
        distance=distance,
    ):
        for k, d in zip(idx, dist, strict=True):
            i = len(out)
            out.append(PointZones(float(lons[i]), float(lats[i]), tuple(zs.zones[z] for z in k), d))
    return out
