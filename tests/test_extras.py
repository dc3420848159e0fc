"""The core installs and runs without the map libraries; map commands say what to install."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES

SEED = EXAMPLES / "2024-03-18-pyongyang.yaml"
#: What the core must run without: the ``maps``, ``geo`` and ``fetch`` extras.
OPTIONAL = (
    "cartopy",
    "matplotlib",
    "folium",
    "xyzservices",
    "geopandas",
    "pyogrio",
    "tqdm",
    "pooch",
)


def test_core_commands_run_without_the_optional_packages(tmp_path):
    code = f"""
import sys
for name in {OPTIONAL!r}:
    sys.modules[name] = None  # importing it now raises ImportError, as if not installed
from trajgeo.cli.main import main
runs = [
    ["check", "--json", {str(SEED)!r}],
    ["where", "37.24", "131.87"],
    ["zones", {str(SEED)!r}, "-o", {str(tmp_path / "z.geojson")!r}],
    ["range", "--apogee", "4475", "--distance", "950"],
    ["sites", "Sohae"],
]
for args in runs:
    try:
        main(args)
    except SystemExit as exc:
        assert not exc.code, (args, exc.code)
print("CORE-OK")
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.rstrip().endswith("CORE-OK")


@pytest.mark.parametrize(
    ("missing", "args"),
    [
        ("cartopy", ["map", str(SEED), "-o", "m.png"]),
        ("matplotlib", ["map", str(SEED), "-o", "m.svg"]),
        ("folium", ["map", str(SEED), "-o", "m.html"]),
        ("matplotlib", ["profile", str(SEED), "-o", "p.png"]),
    ],
)
def test_map_commands_without_the_maps_extra_say_what_to_install(
    run_cli, monkeypatch, tmp_path, missing, args
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, missing, None)
    res = run_cli(*args)
    assert res.returncode == 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert missing in lines[0] and "pip install 'trajgeo[maps]'" in lines[0]
    assert not any(tmp_path.iterdir())


def test_geodataframes_without_the_geo_extra_say_what_to_install(monkeypatch):
    from trajgeo.errors import MissingDependencyError
    from trajgeo.events import load_events
    from trajgeo.geo import event_geometry
    from trajgeo.io.export import to_geodataframe

    geom = event_geometry(load_events(SEED)[0])
    monkeypatch.setitem(sys.modules, "geopandas", None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'trajgeo\[geo\]'"):
        to_geodataframe(geom)


def test_the_fused_estimate_runs_without_build_or_test_packages():
    """A user's check needs none of the test-only packages (scipy is core: the limit index)."""
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    code = (
        "import sys; sys.modules.update(dict.fromkeys(['geographiclib', 'hypothesis', 'PIL'])); "
        "from trajgeo.analysis import analyse; "
        "r = analyse('examples/2023-02-18-hwasong-15.yaml', capability=False); "
        "print(r.events[0].fused.claims[0].status)"
    )
    res = subprocess.run(
        [sys.executable, "-c", code], cwd=repo, capture_output=True, text=True, timeout=300
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() in {"holds", "near_line", "contradicted", "unknown"}
