"""Impact-zone construction speed (run: see the README's benchmark command)."""

from __future__ import annotations

import numpy as np

from tests.benchmarks.process_watch import run_child, run_watched
from trajgeo.events.compass import BearingBand
from trajgeo.geo.impact import impact_area


def _shots(n: int = 1000, seed: int = 7):
    rng = np.random.default_rng(seed)
    lon = rng.uniform(-180, 180, n)
    lat = rng.uniform(-70, 70, n)
    rmin = rng.uniform(100e3, 3000e3, n)
    width = rng.uniform(10e3, 200e3, n)
    az = rng.uniform(0, 360, n)
    return [
        (
            float(lon[i]),
            float(lat[i]),
            float(rmin[i]),
            float(rmin[i] + width[i]),
            BearingBand.around(float(az[i]), 11.25),
        )
        for i in range(n)
    ]


def test_impact_zones_1000_shots_exact_launch_point(benchmark):
    shots = _shots()

    def build():
        return [impact_area(lo, la, r0, r1, b) for lo, la, r0, r1, b in shots]

    zones = benchmark.pedantic(build, rounds=3, iterations=1)
    assert all(z.is_valid for z in zones)
    benchmark.extra_info["shots"] = len(shots)
    benchmark.extra_info["ms_per_shot"] = benchmark.stats.stats.mean / len(shots) * 1e3


def test_impact_zones_1000_shots_with_15km_launch_disc(benchmark):
    shots = _shots()

    def build():
        return [impact_area(lo, la, r0, r1, b, launch_radius_m=15e3) for lo, la, r0, r1, b in shots]

    zones = benchmark.pedantic(build, rounds=1, iterations=1)
    assert all(z.is_valid for z in zones)
    benchmark.extra_info["shots"] = len(shots)
    benchmark.extra_info["ms_per_shot"] = benchmark.stats.stats.mean / len(shots) * 1e3


def test_zones_cli_10000_shots_cold(tmp_path):
    """``trajgeo zones`` on catalogue events holding 10,000 shots, as a new process.

    The events are the seeded synthetic copies of ``examples/catalogue``
    (``generate.py``): real wording, launch discs, reported impact points and
    landmarks, any-direction lines. The command runs three times in each of
    two ways, in turn with the import floor (``python -c "import numpy,
    shapely, pyproj"``): by default (one worker process per CPU) and with
    ``--jobs 1``; the two files must be identical. Medians of wall time, CPU
    time and peak RSS are printed: for the default run, CPU and RSS are summed
    over the command and its workers (:func:`run_watched`). Aims (issue 12):
    10 s and 300 MB.
    """
    import statistics
    import sys

    from tests.conftest import synthetic_catalogue
    from trajgeo.events import load_events

    folder = tmp_path / "events"
    synthetic_catalogue().generate(5_000, folder)
    files, shots = [], 0
    for path in sorted(folder.glob("*.yaml")):
        if shots >= 10_000:
            break
        files.append(str(path))
        shots += sum(1 for s in load_events([path])[0].shots if s.places_impact)
    out = {name: tmp_path / f"{name}.geojson" for name in ("workers", "one process")}
    cli = [sys.executable, "-m", "trajgeo", "-q", "zones", *files, "-o"]
    commands = {
        "workers": (run_watched, [*cli, str(out["workers"])]),
        "one process": (run_child, [*cli, str(out["one process"]), "--jobs", "1"]),
        "floor": (run_child, [sys.executable, "-c", "import numpy, shapely, pyproj"]),
    }
    runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in commands}
    for _ in range(3):
        for name, (run, args) in commands.items():
            runs[name].append(run(args))
    assert out["workers"].stat().st_size > 0
    assert out["workers"].read_bytes() == out["one process"].read_bytes()
    for name, rows in runs.items():
        wall, cpu, rss = (statistics.median(col) for col in zip(*rows, strict=True))
        print(
            f"\n{name}: {len(files)} files, {shots} shots: wall {wall:.1f} s, "
            f"CPU {cpu:.1f} s, peak RSS {rss:.0f} MB"
        )
