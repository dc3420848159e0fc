"""Stretches of track over land on a map: layers, labels, footer notes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trajgeo.geo.impact import EventGeometry
    from trajgeo.maritime.overflight import Overflight
    from trajgeo.maritime.zoneset import ZoneSet
from trajgeo.maps.frame import _to_frame
from trajgeo.maps.layers import MapLabel, OverflightLayer, ShotLayer
from trajgeo.maps.rings import _continuous_paths
from trajgeo.wording import the_state

__all__: list[str] = []


# --------------------------------------------------------------------------- overflights
def _altitude_words(lo_km: float, hi_km: float) -> str:
    lo, hi = 10.0 * round(lo_km / 10.0), 10.0 * round(hi_km / 10.0)
    return f"about {lo:,.0f} km" if lo == hi else f"about {lo:,.0f}–{hi:,.0f} km"


def _find_overflights(geoms: Sequence[EventGeometry], zones: ZoneSet) -> list[Overflight]:
    from trajgeo.maritime.overflight import overflights

    return [o for g in geoms for o in overflights(g, zones)]


def _overflight_layers(
    found: Sequence[Overflight], shots: Sequence[ShotLayer], frame: float
) -> tuple[OverflightLayer, ...]:
    """Land crossings of every shot, one label per state crossed at one stretch of track."""
    index = {(s.event_id, s.number): s.index for s in shots}
    # shot lines that describe one missile (or a salvo on one track) cross the same land
    # at the same stretch: they share one label with the combined altitude range
    groups: list[list[Any]] = []
    for o in found:
        for grp in groups:
            h = grp[0]
            if (
                h.event_id == o.event_id
                and h.state == o.state
                and o.entry_km <= max(x.exit_km for x in grp) + 50.0
                and o.exit_km >= min(x.entry_km for x in grp) - 50.0
            ):
                grp.append(o)
                break
        else:
            groups.append([o])
    out: list[OverflightLayer] = []
    for grp in groups:
        lo = min(o.min_altitude_km for o in grp)
        hi = max(o.max_altitude_km for o in grp)
        label = f"over {the_state(grp[0].state)} at {_altitude_words(lo, hi)} altitude"
        for k, o in enumerate(grp):
            out.append(
                OverflightLayer(
                    shot=index.get((o.event_id, o.shot_number), 0),
                    event_id=o.event_id,
                    shot_number=o.shot_number,
                    sovereign_iso3=o.sovereign_iso3,
                    state=o.state,
                    geometry=_to_frame(o.geometry, frame),
                    paths=_continuous_paths(o.geometry, frame),
                    entry_km=o.entry_km,
                    exit_km=o.exit_km,
                    min_altitude_km=o.min_altitude_km,
                    max_altitude_km=o.max_altitude_km,
                    label=label if k == 0 else "",
                    text=o.describe(),
                    overflight=o,
                )
            )
    out.sort(key=lambda x: (x.shot, x.entry_km))
    return tuple(out)


def _overflight_labels(layers: Sequence[OverflightLayer]) -> tuple[MapLabel, ...]:
    out = []
    for o in layers:
        if not o.label or not o.paths:
            continue
        pts = max(o.paths, key=len)
        n = len(pts)
        order = sorted(range(n), key=lambda i: abs(i - (n - 1) / 2.0))
        step = max(1, n // 6)
        idx = [i for k, i in enumerate(order) if k % step == 0][:7]
        anchors = tuple((float(pts[i, 0]), float(pts[i, 1])) for i in idx)
        text = o.label.replace(" at about", "\nat about", 1)
        out.append(MapLabel(text, anchors, "overflight", 1, shot=o.shot))
    return tuple(out)


def _overflight_notes(layers: Sequence[OverflightLayer]) -> list[str]:
    if not layers:
        return []
    o = layers[0].overflight
    basis = (
        "through the reported apogee"
        if o.apogee_reported
        else "on a minimum-energy path (no apogee reported)"
    )
    return [
        f"Over land: the nominal track's stretch over another state's land, altitude "
        f"modelled {basis} (vacuum, spherical Earth)."
    ]


def _overflight_sentences(layers: Sequence[OverflightLayer]) -> str:
    out = []
    for o in layers:
        if o.label:
            text = f"The nominal track passed {o.label} (modelled)."
            if text not in out:
                out.append(text)
    return " ".join(out)
