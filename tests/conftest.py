"""Shared fixtures: a small gazetteer, event builders, paths of shipped examples."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
#: The development-only reference data beside the repository (absent on users' machines).
SHARED_REFERENCE = REPO.parent / "shared" / "reference"


def pytest_configure(config: pytest.Config) -> None:
    """Keep the point-index and limit caches of this run out of the user's home.

    One folder per run (subprocesses inherit it through the environment), so the
    tests also exercise building the caches from nothing.
    """
    import shutil
    import tempfile

    if "TRAJGEO_CACHE_DIR" not in os.environ:
        folder = tempfile.mkdtemp(prefix="trajgeo-test-cache-")
        os.environ["TRAJGEO_CACHE_DIR"] = folder
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


@pytest.fixture(autouse=True)
def _no_user_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests always read the repository's own geodata."""
    monkeypatch.delenv("TRAJGEO_DATA_DIR", raising=False)


@pytest.fixture(scope="session")
def small_gazetteer():
    from trajgeo.events.gazetteer import Gazetteer, Place

    return Gazetteer.from_places(
        (
            Place(
                "pyongyang",
                "Pyongyang",
                125.7381,
                39.0194,
                "city",
                "PRK",
                15.0,
                ("P'yŏngyang",),
                "test",
            ),
            Place(
                "sohae",
                "Sohae",
                124.7053,
                39.6600,
                "launch_site",
                "PRK",
                0.0,
                ("Sŏhae", "Tongchang-ri", "Tongch'ang-ni"),
                "test",
            ),
            Place("oga", "Oga Peninsula", 139.75, 39.93, "peninsula", "JPN", 0.0, (), "test"),
        )
    )


@dataclass(frozen=True)
class CliResult:
    """What a ``trajgeo`` run gave: the exit code and the text of both streams."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def exit_code(self) -> int:
        return self.returncode

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def invoke(*args: object, input: str | None = None) -> CliResult:
    """Run ``trajgeo ARGS...`` in this process, through ``main`` as the console script does.

    ``main`` (not the click group) turns trajgeo's errors into one line and an exit
    code, so the result is the same as a subprocess's, in a fraction of the time.
    """
    from click.testing import CliRunner

    from trajgeo.cli.main import main

    with CliRunner().isolation(input=input) as (out, err, _):
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        return CliResult(code, out.getvalue().decode(), err.getvalue().decode())


@pytest.fixture()
def run_cli():
    """The in-process ``trajgeo`` command line (see :func:`invoke`)."""
    return invoke


def synthetic_catalogue():
    """Return ``examples/catalogue/generate.py`` as a module (synthetic events for load tests)."""
    import importlib.util

    path = EXAMPLES / "catalogue" / "generate.py"
    spec = importlib.util.spec_from_file_location("trajgeo_catalogue_generate", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def expected_rows(folder: Path) -> dict[str, int]:
    """Return, for each good event file in ``folder``, its id and how many rows it gives.

    One row per missile group: the shot lines that do not join another with ``same_as``.
    """
    import yaml

    out = {}
    for path in sorted(folder.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        if doc["id"] != "synthetic-bad":
            out[doc["id"]] = sum(1 for shot in doc["shots"] if "same_as" not in shot)
    return out


def example(name: str) -> Path:
    path = EXAMPLES / name
    if not path.exists():
        pytest.fail(f"shipped example missing: {path}")
    return path


@pytest.fixture()
def offline_render(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory):
    """No network and an empty cartopy data folder: any download attempt fails loudly."""
    import socket

    import cartopy

    empty = tmp_path_factory.mktemp("cartopy-data")
    monkeypatch.setitem(cartopy.config, "data_dir", str(empty))
    monkeypatch.setitem(cartopy.config, "pre_existing_data_dir", str(empty))

    def refuse(*args, **kwargs):
        raise OSError("network access during a render")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield
    assert not any(empty.iterdir()), "cartopy wrote into its data folder"


#: Largest RMS difference (0-255 per channel) accepted against a baseline image.
BASELINE_RMS = 6.0


def assert_matches_baseline(image: Path, baseline: Path, rms_max: float = BASELINE_RMS) -> None:
    """Compare a rendered PNG with its baseline, as pytest-mpl does.

    Baselines sit in a ``baseline/`` folder beside each test module. After an
    intended visual change, regenerate them with ``TRAJGEO_UPDATE_BASELINES=1``
    and look at the new images before committing them.
    """
    import numpy as np
    from PIL import Image

    if os.environ.get("TRAJGEO_UPDATE_BASELINES") == "1":
        baseline.parent.mkdir(exist_ok=True)
        baseline.write_bytes(image.read_bytes())
    assert baseline.exists(), f"missing baseline {baseline}; set TRAJGEO_UPDATE_BASELINES=1"
    a, b = (np.asarray(Image.open(p).convert("RGB")).astype(float) for p in (image, baseline))
    assert a.shape == b.shape, f"{image.name}: size {a.shape} against {b.shape}"
    rms = float(np.sqrt(np.mean((a - b) ** 2)))
    assert rms < rms_max, f"RMS {rms:.2f} against {baseline.name}"


def browser_required() -> bool:
    return os.environ.get("TRAJGEO_REQUIRE_BROWSER") == "1"
