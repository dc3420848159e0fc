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


def _plain_folium_page(spec, basemap) -> str:
    """What a user would otherwise write: one folium map, a GeoJson layer per feature."""
    import folium
    import shapely

    layers = [*basemap.land, *basemap.coastline, *basemap.borders]
    layers += [z.geometry for z in spec.zones]
    layers += [s.arc for s in spec.shots]
    layers += [s.impact_area for s in spec.shots if s.impact_area is not None]
    layers += [g for e in spec.estimates for _, g in e.regions]
    m = folium.Map(
        location=[(spec.extent.lat0 + spec.extent.lat1) / 2, spec.central_lon],
        zoom_start=5,
        tiles=None,
    )
    for geom in layers:
        folium.GeoJson(shapely.geometry.mapping(geom)).add_to(m)
    for site in spec.launches:
        folium.Marker([site.lat, site.lon], tooltip=site.name).add_to(m)
    return m.get_root().render()


def test_bench_seed_html_vs_plain_folium(benchmark, seed_spec):
    """trajgeo's page (warm, spec built) against a plain folium page of the same features.

    The plain page draws the same basemap layers (read for the same box at the
    same resolution), zones, arcs, impact areas and estimate regions, without
    trajgeo's labels, legend, popups, styling or the quantisation that keeps
    its page small. Ratio in ``extra_info``.
    """
    import statistics
    import time

    from trajgeo.maps.basemap import choose_resolution, load_basemap
    from trajgeo.maps.interactive import _basemap_box, build_map, map_html

    spec, geoms, verdicts = seed_spec
    basemap = load_basemap(_basemap_box(spec), choose_resolution(spec.width_km), labels=False)

    def ours() -> str:
        return map_html(build_map(spec, geometries=geoms, verdicts=verdicts), spec=spec)

    ours_s, plain_s = [], []
    for _ in range(5):  # paired, alternating
        t0 = time.perf_counter()
        page = ours()
        ours_s.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        plain = _plain_folium_page(spec, basemap)
        plain_s.append(time.perf_counter() - t0)
    benchmark.pedantic(ours, rounds=1, iterations=1)
    benchmark.extra_info["trajgeo_s"] = round(statistics.median(ours_s), 3)
    benchmark.extra_info["plain_folium_s"] = round(statistics.median(plain_s), 3)
    benchmark.extra_info["ratio"] = round(statistics.median(ours_s) / statistics.median(plain_s), 2)
    benchmark.extra_info["trajgeo_bytes"] = len(page.encode())
    benchmark.extra_info["plain_folium_bytes"] = len(plain.encode())
    print("\nHTML vs plain folium:", benchmark.extra_info)
