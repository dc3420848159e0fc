"""Benchmarks of the interactive map: time to build and render the seed example, and its size.

Run with ``pytest tests/benchmarks/test_bench_interactive.py`` (benchmarks are
not part of the default test run). The HTML sizes are recorded in the
benchmark's ``extra_info`` and checked against the 500 KB budget.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parents[2] / "examples" / "seed-east-coast-srbm-salvo.yaml"
BUDGET_BYTES = 500_000


@pytest.fixture(scope="module")
def seed_spec():
    if not SEED.exists():
        pytest.skip("seed example not shipped in this checkout")
    import shapely.ops  # noqa: F401  (spec building uses it)

    from trajgeo.events import load_events
    from trajgeo.geo.impact import event_geometry
    from trajgeo.maps.spec import build_spec

    geoms = [event_geometry(e) for e in load_events(SEED)]
    verdicts, zones = None, None
    try:
        from trajgeo.maritime.verdicts import check_event
        from trajgeo.maritime.zoneset import load_zones

        zones = load_zones()
        verdicts = [check_event(g, zones) for g in geoms]
    except Exception:  # no shipped zones: benchmark the map without them
        pass
    return build_spec(geoms, verdicts, zones=zones), geoms, verdicts


def test_bench_seed_html(benchmark, seed_spec):
    from trajgeo.maps.interactive import build_map, map_html

    spec, geoms, verdicts = seed_spec

    def run() -> str:
        return map_html(build_map(spec, geometries=geoms, verdicts=verdicts), spec=spec)

    html = benchmark(run)
    size = len(html.encode())
    benchmark.extra_info["html_bytes"] = size
    assert size < BUDGET_BYTES


def test_bench_seed_self_contained(benchmark, seed_spec):
    from trajgeo.maps.interactive import build_map, map_html

    spec, geoms, verdicts = seed_spec
    m = build_map(spec, geometries=geoms, verdicts=verdicts)
    html = benchmark(map_html, m, spec=spec, self_contained=True)
    benchmark.extra_info["html_bytes"] = len(html.encode())
    assert "<script src" not in html
