"""Shared fixtures: a small gazetteer, event builders, paths of shipped examples."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
#: The development-only reference data beside the repository (absent on users' machines).
SHARED_REFERENCE = REPO.parent / "shared" / "reference"


@pytest.fixture(autouse=True)
def _no_user_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests always read the repository's own geodata."""
    monkeypatch.delenv("TRAJGEO_DATA_DIR", raising=False)


@pytest.fixture(scope="session")
def small_gazetteer():
    from trajgeo.gazetteer import Gazetteer, Place

    return Gazetteer.from_places((
        Place("pyongyang", "Pyongyang", 125.7381, 39.0194, "city", "PRK", 15.0,
              ("P'yŏngyang",), "test"),
        Place("sohae", "Sohae", 124.7053, 39.6600, "launch_site", "PRK", 0.0,
              ("Sŏhae", "Tongchang-ri", "Tongch'ang-ni"), "test"),
        Place("oga", "Oga Peninsula", 139.75, 39.93, "peninsula", "JPN", 0.0, (), "test"),
    ))


@pytest.fixture()
def cli_runner():
    from click.testing import CliRunner

    return CliRunner()


def example(name: str) -> Path:
    path = EXAMPLES / name
    if not path.exists():
        pytest.fail(f"shipped example missing: {path}")
    return path


def browser_required() -> bool:
    return os.environ.get("TRAJGEO_REQUIRE_BROWSER") == "1"
