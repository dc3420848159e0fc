"""Write synthetic event files varied from the real launches of this folder.

For load tests of catalogue runs (``trajgeo check DIR --format csv``): copy
``i`` of ``N`` is the real launch ``i mod 36`` (files sorted by name) with its
figures varied within plausible bounds, so no two copies give the same
estimate:

- every distance, range, apogee and flight time of the event scaled by one
  factor drawn from 0.9 to 1.1 (the qualifier words, "about", "300-350", stay);
- a bearing in degrees turned by up to 10 degrees; a compass word moved to the
  next 16-point name in three copies out of ten;
- in half of the copies, the launch site replaced by a point up to 20 km from
  it (same radius), as a report giving coordinates would;
- the date moved by up to 180 days (never past the end of 2025).

Each file says, in a first-line comment, in its ``title`` and in its
``notes``, that it is synthetic and which real file it derives from; its
``id`` starts with ``synthetic-``. Copy ``i`` depends only on ``seed`` and
``i``, so the first 100 of a 1,000-file run are the files of a 100-file run.
With ``--bad``, one deliberately broken file (a misspelt launch site) sits in
the middle of the run.

Usage::

    python examples/catalogue/generate.py 1000 /tmp/events --bad
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from pathlib import Path
from typing import Any

import numpy as np
import yaml

HERE = Path(__file__).resolve().parent
#: Figures scaled together (a shot's and an impact's).
SCALED = ("range_km", "distance_km", "apogee_km", "flight_time_min")
#: A number in a reported figure: "1,000", "350", "7.5".
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
#: The last date a synthetic launch may carry.
LATEST = dt.date(2025, 12, 31)
#: The broken file: ``Pyongyan`` is not a gazetteer name (the README's example).
BAD_TEXT = (
    "# SYNTHETIC and deliberately broken: the launch site is misspelt.\n"
    "id: synthetic-bad\ntitle: A deliberately broken event file\n"
    "launch: {site: Pyongyan}\nshots: [{range_km: 350, bearing: E}]\n"
)


def real_events() -> list[Path]:
    """Return the real launches the copies derive from, sorted by name."""
    return sorted(HERE.glob("*.yaml"))


def _scale_number(match: re.Match[str], factor: float) -> str:
    value = float(match.group(0).replace(",", "")) * factor
    if value < 10:
        return f"{value:.1f}"
    return f"{round(value):,}" if "," in match.group(0) else str(round(value))


def scale_figure(value: Any, factor: float) -> Any:
    """Return a reported figure with its numbers scaled, its words kept.

    Examples
    --------
    >>> scale_figure("about 1,000", 1.05), scale_figure("300-350", 0.9), scale_figure(800, 1.1)
    ('about 1,050', '270-315', 880)
    >>> scale_figure([350, 380], 1.0), scale_figure(True, 2.0)
    ([350, 380], True)
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        scaled = value * factor
        return round(scaled, 1) if scaled < 10 else round(scaled)
    if isinstance(value, list):
        return [scale_figure(v, factor) for v in value]
    if isinstance(value, str):
        return _NUMBER.sub(lambda m: _scale_number(m, factor), value)
    return value


def vary_bearing(value: Any, rng: np.random.Generator) -> Any:
    """Return a bearing turned a little: degrees by up to 10, a compass word one step (30 %)."""
    from trajgeo.events.compass import compass_azimuth, compass_name

    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return round(float(value + rng.uniform(-10, 10)) % 360, 1)
    if isinstance(value, str) and (az := compass_azimuth(value)) is not None:
        if rng.random() < 0.3:
            return compass_name(az + float(rng.choice([-22.5, 22.5])))
    return value


def _vary_date(value: Any, rng: np.random.Generator) -> Any:
    if not isinstance(value, (dt.date, dt.datetime)):
        return value
    moved = value + dt.timedelta(days=int(rng.integers(-180, 181)))
    day = moved.date() if isinstance(moved, dt.datetime) else moved
    if day > LATEST:
        moved -= day - LATEST
    return moved


def _vary_launch(launch: dict[str, Any], rng: np.random.Generator) -> dict[str, Any]:
    from pyproj import Geod

    from trajgeo.events.gazetteer import lookup

    if "site" not in launch or rng.random() < 0.5:
        return launch
    place = lookup(launch["site"])
    lon, lat, _ = Geod(ellps="WGS84").fwd(
        place.lon, place.lat, float(rng.uniform(0, 360)), float(rng.uniform(0, 20_000))
    )
    return {
        "lat": round(lat, 4),
        "lon": round(lon, 4),
        "radius_km": place.radius_km,
        "name": f"near {place.name} (synthetic point)",
    }


def vary_event(doc: dict[str, Any], rng: np.random.Generator, label: str) -> dict[str, Any]:
    """Return a synthetic copy of one event document (a dict as read from YAML)."""
    out = dict(doc)
    factor = float(rng.uniform(0.9, 1.1))
    out["id"] = f"synthetic-{label}-{doc['id']}"[:120]
    out["title"] = f"Synthetic copy {label} of: {doc['title']}"
    out["date"] = _vary_date(doc.get("date"), rng)
    out["launch"] = _vary_launch(dict(doc["launch"]), rng)
    turned: dict[str, Any] = {}  # one bearing, said twice, is turned the same way twice

    def varied(part: dict[str, Any]) -> dict[str, Any]:
        new = {k: scale_figure(v, factor) if k in SCALED else v for k, v in part.items()}
        if "bearing" in new:
            key = repr(new["bearing"])
            new["bearing"] = turned.setdefault(key, vary_bearing(new["bearing"], rng))
        return new

    shots = []
    for raw in doc["shots"]:
        shot = varied(raw)
        if isinstance(shot.get("impact"), dict):
            shot["impact"] = varied(shot["impact"])
        shots.append(shot)
    out["shots"] = shots
    return out


def generate(n: int, folder: Path | str, *, seed: int = 0, bad: bool = False) -> list[Path]:
    """Write ``n`` synthetic event files (and one broken file with ``bad``) into ``folder``.

    Returns the paths written, sorted by name: what ``trajgeo check FOLDER``
    reads, in the same order. Copy ``i`` is named ``synthetic-IIII-<real id>.yaml``;
    the broken file, ``synthetic-MMMM-bad.yaml`` with ``MMMM = n // 2``, sorts
    after copy ``MMMM``.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    sources = real_events()
    width = max(4, len(str(n)))
    paths = []
    for i in range(n):
        src = sources[i % len(sources)]
        label = f"{i:0{width}d}"
        doc = vary_event(yaml.safe_load(src.read_text(encoding="utf-8")), _rng(seed, i), label)
        doc["notes"] = (
            f"SYNTHETIC: copy {label} of examples/catalogue/{src.name}, written by "
            f"examples/catalogue/generate.py (seed {seed}) with its figures varied; "
            "not a real launch."
        )
        path = folder / f"synthetic-{label}-{src.stem}.yaml"
        head = f"# SYNTHETIC event derived from examples/catalogue/{src.name}: not a real launch.\n"
        body = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)
        path.write_text(head + body, encoding="utf-8")
        paths.append(path)
    if bad:
        path = folder / f"synthetic-{n // 2:0{width}d}-bad.yaml"
        path.write_text(BAD_TEXT, encoding="utf-8")
        paths.append(path)
    return sorted(paths)


def _rng(seed: int, i: int) -> np.random.Generator:
    return np.random.default_rng([seed, i])


def main(argv: list[str] | None = None) -> None:
    """Command line: ``python generate.py N FOLDER [--seed S] [--bad]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="how many synthetic events")
    parser.add_argument("folder", help="where to write them (created if needed)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--bad", action="store_true", help="add one deliberately broken file")
    args = parser.parse_args(argv)
    paths = generate(args.n, args.folder, seed=args.seed, bad=args.bad)
    print(f"wrote {len(paths)} files into {args.folder}")


if __name__ == "__main__":
    main()
