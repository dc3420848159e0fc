#!/usr/bin/env python
"""Render every shipped example to PNG + SVG + alt text in ``examples/output/``.

Run from the repository root::

    python examples/render_all.py            # all examples
    python examples/render_all.py 2024-03-18-pyongyang   # some, by id or file stem

Each event is judged against the shipped maritime zones (when present) and
drawn with the default (``auto``) projection, the ``web`` size and the light
theme; timings are printed per file.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "output"

#: Extra options per example (rings a reader would want, etc.).
OPTIONS: dict[str, dict] = {}


def main(argv: list[str]) -> int:
    from trajgeo.errors import DataError
    from trajgeo.io.atomic import write_text
    from trajgeo.maps import make_spec
    from trajgeo.maps.static import render, save_figure
    from trajgeo.maritime.zoneset import load_zones

    OUT.mkdir(exist_ok=True)
    files = sorted(HERE.glob("*.yaml"))
    if argv:
        files = [f for f in files if f.stem in argv]
    try:
        zones = load_zones()
    except DataError:
        zones = None
    for path in files:
        t0 = time.perf_counter()
        opts = OPTIONS.get(path.stem, {})
        spec = make_spec(path, zones=zones, verdicts="auto" if zones else None, **opts)
        fig = render(spec)
        for ext in ("png", "svg"):
            save_figure(fig, OUT / f"{path.stem}.{ext}")
        write_text(OUT / f"{path.stem}.txt", spec.alt_text + "\n")
        print(f"{path.stem}: {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
