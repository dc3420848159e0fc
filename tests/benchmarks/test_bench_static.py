"""Render time of the seed example per format (run: pytest tests/benchmarks -p benchmark).

Aim: under 3 s for a PNG (spec built beforehand; verdicts are benchmarked elsewhere).
"""

from __future__ import annotations

import pytest

from tests.conftest import EXAMPLES

pytest.importorskip("cartopy")
pytest.importorskip("pytest_benchmark")

SEED = EXAMPLES / "2024-03-18-pyongyang.yaml"


@pytest.fixture(scope="module")
def spec():
    from trajgeo.maps import make_spec
    from trajgeo.maritime.zoneset import load_zones

    return make_spec(SEED, zones=load_zones())


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_bench_render_and_save(benchmark, spec, fmt, tmp_path):
    from trajgeo.maps.static import render, save_figure

    out = tmp_path / f"seed.{fmt}"

    def run() -> None:
        save_figure(render(spec), out)

    benchmark.pedantic(run, rounds=3, iterations=1, warmup_rounds=1)
    assert out.stat().st_size > 0
    if fmt == "png":
        assert benchmark.stats.stats.mean < 3.0


def test_bench_spec(benchmark):
    from trajgeo.maps import make_spec
    from trajgeo.maritime.zoneset import load_zones

    zones = load_zones()
    benchmark.pedantic(lambda: make_spec(SEED, zones=zones), rounds=2, iterations=1)
