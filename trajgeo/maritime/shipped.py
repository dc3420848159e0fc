"""The zone set trajgeo ships: its zones and land, read from ``geodata`` once a process.

A zone's outline is made into a geometry only when something asks for it
(:class:`~trajgeo.io.packed.Record`): a check whose pieces and nearby land are
in the user's cache reads no whole zone at all, and making all 700 of them
(740,000 vertices) was about 20 ms of every cold command that reads zones.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from trajgeo.errors import DataError
from trajgeo.io.packed import Record, Records
from trajgeo.maritime.zoneset import Dataset, MaritimeZone, ZoneSet

__all__ = ["load_shipped", "shipped_manifest"]


def shipped_manifest() -> dict[str, Any]:
    """Return the shipped data set's manifest (``geodata/eez/manifest.json``), ``{}`` if absent."""
    from trajgeo.io.data import data_dir

    path = data_dir() / "eez" / "manifest.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise DataError(f"{path}: unreadable data-set manifest ({exc})") from None


@lru_cache(maxsize=4)
def load_shipped(include_land: bool) -> ZoneSet:
    """Return the shipped zones (and land, with ``include_land``): once a process.

    What :func:`trajgeo.maritime.load_zones` returns without a path. Each
    zone's geometry is made when first used.
    """
    from trajgeo.io.data import data_dir
    from trajgeo.io.packed import read_records

    root = data_dir()
    path = root / "eez" / "zones.npz"
    if not path.exists():
        raise DataError(f"shipped zone data missing: {path}; reinstall trajgeo")
    zones = _packed_zones(*read_records(path)[:2], default_kind="eez")
    land_path = root / "land" / "land.npz"
    if include_land and land_path.exists():
        zones += _packed_zones(*read_records(land_path)[:2], default_kind="land")
    man = shipped_manifest()
    offsets = (man.get("accuracy") or {}).get("boundary_offset_km", {}).get("all", {})
    dataset = Dataset(
        name=str(man.get("dataset", man.get("name", "trajgeo-eez"))),
        version=str(man.get("version", "unknown")),
        accuracy_km=_float_or_none(offsets.get("median", man.get("accuracy_km"))),
        accuracy_p95_km=_float_or_none(offsets.get("p95", man.get("accuracy_km"))),
        attribution=str(
            man.get(
                "attribution", "trajgeo-eez, built from Natural Earth (public domain) by trajgeo"
            )
        ),
        path=str(path),
        description=_summary(man),
    )
    return ZoneSet(dataset, tuple(zones))


def _territory_code(zone_id: str, sovereign: str) -> str:
    """``eez-FRA-PYF`` -> ``PYF``; a state's own zone has none."""
    parts = zone_id.split("-")
    if len(parts) == 3 and parts[1] == sovereign and len(parts[2]) == 3 and parts[2].isalpha():
        return parts[2]
    return ""


def _summary(man: dict[str, Any]) -> str:
    method = man.get("method")
    if isinstance(method, dict):
        return str(method.get("summary", ""))
    return str(method or man.get("method_summary", ""))


def _packed_zones(records: Records, attrs: dict[str, Any], default_kind: str) -> list[MaritimeZone]:
    n = len(records)

    def col(name: str, default: str = "") -> list[str]:
        return [str(v) for v in attrs[name]] if name in attrs else [default] * n

    claimants = col("claimants")
    return [
        MaritimeZone(
            zone_id=zid,
            name=name,
            sovereign_iso3=iso,
            kind=kind or default_kind,
            geometry=Record(records, k),
            territory=ter,
            claimants=tuple(c for c in cl.split(";") if c),
            territory_iso3=_territory_code(zid, iso),
        )
        for k, (zid, name, iso, kind, ter, cl) in enumerate(
            zip(
                col("zone_id"),
                col("name"),
                col("sovereign_iso3"),
                col("kind", default_kind),
                col("territory"),
                claimants,
                strict=True,
            )
        )
    ]


def _float_or_none(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None
