"""A trajgeo PNG map against a minimal cartopy map of the same view, side by side.

Both draw the same shipped layers over the same extent at the same size; the
anchor (``minimal_cartopy_map.py``) draws nothing else. Two measurements, paired
runs, medians, the ratio printed:

* **cold CLI**: ``python -m trajgeo map EVENT -o x.png`` (import, event, analysis,
  zones, render) against ``python minimal_cartopy_map.py`` (import, read, draw);
* **warm render**: :func:`trajgeo.maps.static.draw` and save, the spec built
  beforehand, against the anchor's ``draw`` in the same process.

Run: ``python -m pytest tests/benchmarks/test_bench_map_vs_cartopy.py -o addopts="" -s``.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

pytest.importorskip("cartopy")

HERE = Path(__file__).parent
EVENTS = ("2024-03-18-pyongyang", "2022-04-20-sarmat-plesetsk-kura")
ROUNDS = 3


def _params(event: str, tmp: Path) -> Path:
    """The anchor's view: trajgeo's own projection centre, limits, box, resolution."""
    from trajgeo.maps import make_spec
    from trajgeo.maps.basemap import basemap_dir
    from trajgeo.maps.static import draw

    spec = make_spec(EXAMPLES / f"{event}.yaml")
    layout = draw(spec).layout
    ax = layout.map_axes
    p = spec.projection
    params = {
        "centre": [p.central_lon, p.central_lat],
        "xlim": list(ax.get_xlim()),
        "ylim": list(ax.get_ylim()),
        "clip": list(layout.clip_box),
        "resolution": layout.resolution,
        "inches": list(ax.figure.get_size_inches()),
        "dpi": ax.figure.dpi,
        "basemap_dir": str(basemap_dir()),
    }
    path = tmp / f"{event}.json"
    path.write_text(json.dumps(params))
    return path


def _cold(args: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, *args], check=True, capture_output=True)
    return time.perf_counter() - t


@pytest.mark.parametrize("event", EVENTS)
def test_cold_cli_against_minimal_cartopy(event, tmp_path):
    params = _params(event, tmp_path)
    ours, anchor = [], []
    for k in range(ROUNDS):  # paired, alternating
        ours.append(
            _cold(
                [
                    "-m",
                    "trajgeo",
                    "map",
                    str(EXAMPLES / f"{event}.yaml"),
                    "-o",
                    str(tmp_path / f"t{k}.png"),
                ]
            )
        )
        anchor.append(
            _cold([str(HERE / "minimal_cartopy_map.py"), str(params), str(tmp_path / f"c{k}.png")])
        )
    a, b = statistics.median(ours), statistics.median(anchor)
    print(
        f"\n{event} cold CLI: trajgeo map {a:.2f} s, minimal cartopy {b:.2f} s, ratio {a / b:.2f}"
    )


@pytest.mark.parametrize("event", EVENTS)
def test_warm_render_against_minimal_cartopy(event, tmp_path):
    sys.path.insert(0, str(HERE))
    from minimal_cartopy_map import draw as anchor_draw

    from trajgeo.maps import make_spec
    from trajgeo.maps.static import render, save_figure

    params = json.loads(_params(event, tmp_path).read_text())
    spec = make_spec(EXAMPLES / f"{event}.yaml")
    ours, anchor = [], []
    for k in range(ROUNDS + 1):
        t = time.perf_counter()
        save_figure(render(spec), tmp_path / f"t{k}.png")
        t1 = time.perf_counter()
        anchor_draw(params, str(tmp_path / f"c{k}.png"))
        t2 = time.perf_counter()
        if k:  # the first pair warms caches
            ours.append(t1 - t)
            anchor.append(t2 - t1)
    a, b = statistics.median(ours), statistics.median(anchor)
    print(f"\n{event} warm render: trajgeo {a:.2f} s, minimal cartopy {b:.2f} s, ratio {a / b:.2f}")
