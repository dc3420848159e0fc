"""Benchmarks time trajgeo as it is installed: its modules compiled to bytecode.

``pip install`` compiles a package's modules; a checkout run with
``PYTHONDONTWRITEBYTECODE=1`` (as some shells and CI images set) compiles
trajgeo's every module again in every process, about 30 ms a command that no
installed copy pays, while the libraries it is compared with come compiled.
The cold-start benchmarks therefore compile trajgeo once before they run (the
``__pycache__`` folders are git-ignored).
"""

from __future__ import annotations

import compileall
from pathlib import Path

import pytest


@pytest.fixture(scope="session", autouse=True)
def compiled_trajgeo() -> None:
    """Compile trajgeo's modules to bytecode once, as an install would."""
    import trajgeo

    compileall.compile_dir(str(Path(trajgeo.__file__).parent), quiet=1)
