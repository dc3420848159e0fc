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


@pytest.fixture()
def cli_runner():
    from click.testing import CliRunner

    return CliRunner()


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


def browser_required() -> bool:
    return os.environ.get("TRAJGEO_REQUIRE_BROWSER") == "1"
