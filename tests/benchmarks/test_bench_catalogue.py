"""Benchmarks of catalogue runs: cost per event at 10 and 100 events, pool beside a plain loop.

Run with::

    python -m pytest tests/benchmarks/test_bench_catalogue.py -o addopts="" --benchmark-only -s

The events are generated from the 36 real launches of ``examples/catalogue``:
each copy gets its own id (so its own seed) and its numeric ranges scaled by
a factor between 0.9 and 1.1, so no two runs are the same. One file in each
run is deliberately broken and must be reported without stopping the run.

``catalogue`` is :func:`trajgeo.analysis.catalogue.run_catalogue` with its
default process pool; ``loop`` is what a user would otherwise write: a
serial loop of :func:`trajgeo.analysis.analyse` over the files, without the
table. Both use 2,000 samples per missile to keep the run short. The
per-event cost (``extra_info["per_event_s"]``) is printed: linear growth
means it stays flat from 10 to 100 events.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
CATALOGUE = REPO / "examples" / "catalogue"
SAMPLES = 2_000


def _scaled(value, factor):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return round(value * factor, 1)
    if isinstance(value, list) and all(isinstance(v, (int, float)) for v in value):
        return [round(v * factor, 1) for v in value]
    return value  # worded figures ("about 1,000") stay as the source said them


def make_events(n: int, folder: Path) -> list[Path]:
    """Write ``n`` event files varied from the catalogue, and one broken file among them."""
    import numpy as np

    sources = sorted(CATALOGUE.glob("*.yaml"))
    rng = np.random.default_rng(n)
    paths = []
    for i in range(n):
        doc = yaml.safe_load(sources[i % len(sources)].read_text(encoding="utf-8"))
        doc["id"] = f"{doc['id']}-v{i:04d}"
        factor = float(rng.uniform(0.9, 1.1))
        for shot in doc.get("shots", []):
            if "range_km" in shot:
                shot["range_km"] = _scaled(shot["range_km"], factor)
        path = folder / f"{i:04d}.yaml"
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")
        paths.append(path)
    broken = folder / f"{n // 2:04d}-broken.yaml"
    broken.write_text(
        "id: broken\ntitle: t\nlaunch: {site: Nowhere-at-all}\nshots: [{range_km: 1}]\n"
    )
    paths.insert(n // 2, broken)
    return paths


@pytest.mark.parametrize("n", [10, 100])
def test_bench_catalogue_pool(benchmark, tmp_path, n):
    from trajgeo.analysis.catalogue import CatalogueOptions, run_catalogue

    paths = make_events(n, tmp_path)
    t0 = time.perf_counter()
    cat = benchmark.pedantic(
        run_catalogue, args=(paths, CatalogueOptions(samples=SAMPLES)), rounds=1, iterations=1
    )
    seconds = time.perf_counter() - t0
    assert len(cat.failures) == 1 and "Nowhere-at-all" in cat.failures[0].error
    assert {r.event_id.rsplit("-v", 1)[1] for r in cat.rows} == {f"{i:04d}" for i in range(n)}
    benchmark.extra_info["per_event_s"] = round(seconds / n, 3)
    print(f"\ncatalogue, {n} events: {seconds:.1f} s, {seconds / n:.2f} s per event")


@pytest.mark.parametrize("n", [10, 100])
def test_bench_plain_loop(benchmark, tmp_path, n):
    from trajgeo.analysis import analyse
    from trajgeo.errors import TrajgeoError
    from trajgeo.maritime import load_zones

    paths = make_events(n, tmp_path)

    def loop():
        zones = load_zones()
        done = 0
        for p in paths:
            try:
                analyse(p, zones=zones, verdicts=False, overflights=False, capability=False,
                        samples=SAMPLES)  # fmt: skip
                done += 1
            except TrajgeoError:
                pass
        return done

    t0 = time.perf_counter()
    done = benchmark.pedantic(loop, rounds=1, iterations=1)
    seconds = time.perf_counter() - t0
    assert done == n
    benchmark.extra_info["per_event_s"] = round(seconds / n, 3)
    print(f"\nplain loop, {n} events: {seconds:.1f} s, {seconds / n:.2f} s per event")
