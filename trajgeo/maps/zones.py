"""The maritime zones a map draws: the states involved and the shared bands near them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from trajgeo.geo.impact import EventGeometry
    from trajgeo.maritime.verdicts import EventVerdicts
    from trajgeo.maritime.zoneset import ZoneSet
from trajgeo.maps.frame import _to_frame
from trajgeo.maps.layers import Extent, ShotLayer, ZoneLayer

__all__: list[str] = []


# --------------------------------------------------------------------------- zones
def _claimed_states(geoms: Sequence[EventGeometry]) -> list[str]:
    """Return the states a claim names (ISO3), in order."""
    states: list[str] = []
    for g in geoms:
        for c in g.event.claims:
            if len(c.zone) == 3 and c.zone.upper() not in states:
                states.append(c.zone.upper())
    return states


def _involved_states(geoms: Sequence[EventGeometry], zones: ZoneSet) -> list[str]:
    """States named in a claim, then those whose sea areas an impact area touches."""
    states = _claimed_states(geoms)
    for g in geoms:
        for sg in g.shots:
            subject = (
                sg.impact_area
                if sg.impact_area is not None and not sg.impact_area.is_empty
                else sg.impact_point
            )
            for z in zones.query(subject, kinds=("eez", "territorial_sea")):
                if z.sovereign_iso3 and z.sovereign_iso3 not in states:
                    states.append(z.sovereign_iso3)
    return states


def _clipped_pieces(parts: Sequence[Any], frame: float, box: Extent) -> np.ndarray:
    """Return the zones in the frame, clipped to the box and snapped to 1e-6 degree."""
    import shapely

    pieces = []
    for z in parts:
        g = _to_frame(z.geometry, frame)
        g = shapely.clip_by_rect(g, box.lon0, box.lat0, box.lon1, box.lat1)
        if not g.is_empty:
            pieces.append(g)
    return shapely.set_precision(np.array(pieces, dtype=object), 1e-6)


def _clipped_union(parts: Sequence[Any], frame: float, box: Extent) -> BaseGeometry:
    import shapely

    snapped = _clipped_pieces(parts, frame, box)
    if not len(snapped):
        return shapely.Polygon()
    # set_precision's output is valid: one piece needs no union (GEOS's union of a
    # single polygon only re-nodes it, about 40 ms for a state's land)
    return snapped[0] if len(snapped) == 1 else shapely.union_all(snapped)


def _zone_layers(
    geoms: Sequence[EventGeometry],
    vlist: Sequence[EventVerdicts | None],
    zones: ZoneSet | None,
    frame: float,
    box: Extent,
    shots: Sequence[ShotLayer],
) -> tuple[tuple[ZoneLayer, ...], np.ndarray, Any, ZoneSet | None]:
    """Return the EEZs of the states involved and the shared bands near them.

    Zones are clipped to a generous box around the content before any union,
    so a state with a long coast (Japan, France) costs little.
    """
    import shapely
    from shapely.ops import nearest_points

    have_verdicts = any(v is not None for v in vlist)
    if zones is None and not have_verdicts:
        return (), np.empty((0, 2)), None, None
    if zones is None:
        from trajgeo.maritime.zoneset import load_zones

        first = next(v for v in vlist if v is not None)
        zones = load_zones(
            None if not first.dataset.user_supplied else first.dataset.path,
            worldview=first.dataset.worldview,
        )
    states = _involved_states(geoms, zones)
    wide = box.padded(0.4, min_deg=6.0)
    # the zones near the map, once, in the frame
    near = zones.query(_to_normalised_box(wide))
    layers: list[ZoneLayer] = []
    focus: list[np.ndarray] = []
    impacts = [
        s.impact_area if s.impact_area is not None else shapely.Point(s.impact_lon, s.impact_lat)
        for s in shots
    ]
    impact_union = shapely.union_all(impacts) if impacts else None
    for iso in states:
        sea_parts = [
            z for z in near if z.sovereign_iso3 == iso and z.kind in ("eez", "territorial_sea")
        ]
        if not sea_parts:
            continue
        sea, limit, whole = _state_layer(zones, iso, near, frame, wide)
        label = _eez_label(iso)
        layers.append(ZoneLayer(f"eez-{iso}", label, "eez", iso, (iso,), sea, limit))
        if impact_union is not None and not impact_union.is_empty and not limit.is_empty:
            if not whole.covers(impact_union):
                # bring the nearest stretch of the limit into view
                p = nearest_points(impact_union, limit)[1]
                span = max(box.lon1 - box.lon0, box.lat1 - box.lat0)
                if impact_union.distance(p) < 1.5 * span + 3.0:
                    focus.append(np.array([[p.x, p.y]]))
    # shared bands that touch the view and involve a state drawn
    for z in near:
        if z.kind not in ("overlapping_claim", "joint_regime"):
            continue
        if states and not (set(z.claimants) & set(states)) and z.sovereign_iso3 not in states:
            continue
        geom = _clipped_union([z], frame, wide)
        if geom.is_empty:
            continue
        layers.append(
            ZoneLayer(z.zone_id, z.label, z.kind, z.sovereign_iso3, tuple(z.claimants), geom)
        )
    focus.extend(_claimed_coasts(geoms, zones, frame, box, impact_union))
    out = np.concatenate(focus) if focus else np.empty((0, 2))
    return tuple(layers), out, zones.dataset, zones


#: How many states' map layers (``maplayer-*``, one state in one view each) the cache keeps.
KEEP_MAP_LAYERS = 32


def _state_layer(
    zones: ZoneSet, iso: str, near: Sequence[Any], frame: float, wide: Extent
) -> tuple[BaseGeometry, BaseGeometry, BaseGeometry]:
    """Return a state's sea, its maritime limit and its sea with its land, in the view.

    Merging a state's sea with its own land (GEOS falls back to its slower
    noders on their shared coast) is most of a map's zone work, about 0.17 s;
    the result depends only on the zone data, the worldview, the state and the
    view (frame and box), so a zone set read from a file keeps it in the user's
    cache (:mod:`trajgeo.maritime._piececache`), as WKB: the same coordinates
    bit for bit, the same picture.
    """
    from trajgeo.maritime._piececache import digest, load_geometries, save_geometries
    from trajgeo.maritime.pieces import pieces_key

    data_key = pieces_key(zones)
    name = ""
    if data_key:
        # "v1": change it when the merge in _merged_state_layer changes, so old files go unread
        name = digest(
            "v1",
            data_key,
            str(zones.dataset.worldview),
            iso,
            repr(frame),
            *(repr(float(v)) for v in (wide.lon0, wide.lat0, wide.lon1, wide.lat1)),
        )
        found = load_geometries(name, ("sea", "limit", "whole"), "maplayer")
        if found is not None:
            return found[0], found[1], found[2]
    sea, limit, whole = _merged_state_layer(iso, near, frame, wide)
    if name:
        layers = {"sea": sea, "limit": limit, "whole": whole}
        save_geometries(name, layers, "maplayer", KEEP_MAP_LAYERS)
    return sea, limit, whole


def _merged_state_layer(
    iso: str, near: Sequence[Any], frame: float, wide: Extent
) -> tuple[BaseGeometry, BaseGeometry, BaseGeometry]:
    """Merge a state's sea areas, and with its land, and outline its maritime limit."""
    import shapely
    from shapely.geometry import box as sbox

    sea_parts = [
        z for z in near if z.sovereign_iso3 == iso and z.kind in ("eez", "territorial_sea")
    ]
    sea = _clipped_union(sea_parts, frame, wide)
    own_land = _clipped_union(
        [z for z in near if z.sovereign_iso3 == iso and z.kind == "land"], frame, wide
    )
    whole = shapely.union_all([sea, own_land]) if not own_land.is_empty else sea
    whole = shapely.set_precision(whole, 1e-6)
    limit = whole.boundary
    if not own_land.is_empty:
        # land borders are not maritime limits: drop the boundary along own land
        limit = limit.difference(shapely.set_precision(own_land, 1e-6))
    # edges of the clipping box are not limits
    limit = limit.difference(sbox(wide.lon0, wide.lat0, wide.lon1, wide.lat1).exterior.buffer(1e-4))
    return sea, limit, whole


#: A named state's coast is brought into view when it is nearer the impact than this (degrees).
_COAST_REACH_DEG = 20.0


def _claimed_coasts(
    geoms: Sequence[EventGeometry],
    zones: ZoneSet,
    frame: float,
    box: Extent,
    impact_union: BaseGeometry | None,
) -> list[np.ndarray]:
    """Points that frame the coast nearest the impact of each state a claim names.

    "Did it fall in Japan's EEZ?" is read against Japan: its nearest land (and
    a margin round it) is in the view, so the reader sees whose zone it is.
    """
    import shapely
    from shapely.ops import nearest_points

    if impact_union is None or impact_union.is_empty:
        return []
    far = box.padded(1.0, min_deg=_COAST_REACH_DEG)
    near = [z for z in zones.query(_to_normalised_box(far)) if z.kind == "land"]
    out = []
    for iso in _claimed_states(geoms):
        # the nearest point of the pieces is their union's (no union needed: about 60 ms)
        pieces = _clipped_pieces([z for z in near if z.sovereign_iso3 == iso], frame, far)
        if not len(pieces) or shapely.intersects(pieces, impact_union).any():
            continue
        p = nearest_points(impact_union, shapely.GeometryCollection(list(pieces)))[1]
        if impact_union.distance(p) > _COAST_REACH_DEG:
            continue
        # the coast and a little of the land behind it, not a single point on the edge
        ring = [[p.x + dx, p.y + dy] for dx in (-0.6, 0.6) for dy in (-0.4, 0.4)]
        out.append(np.array([[p.x, p.y], *ring]))
    return out


def _eez_label(iso3: str) -> str:
    """``"Japan's EEZ"``, ``"Philippines' EEZ"``."""
    from trajgeo.maritime.names import state_name

    name = state_name(iso3)
    return f"{name}' EEZ" if name.endswith("s") else f"{name}'s EEZ"


def _to_normalised_box(ext: Extent) -> BaseGeometry:
    """Return the frame box as a normalised (possibly two-part) lon/lat polygon."""
    import shapely
    from shapely.geometry import box as sbox

    parts = []
    for k in (-360.0, 0.0, 360.0):
        a, b = max(ext.lon0 + k, -180.0), min(ext.lon1 + k, 180.0)
        if b > a:
            parts.append(sbox(a, ext.lat0, b, ext.lat1))
    return shapely.union_all(parts) if parts else sbox(0, 0, 0, 0)


def _clip_zone(z: ZoneLayer, clip: Extent) -> ZoneLayer:
    from dataclasses import replace

    import shapely

    g = shapely.clip_by_rect(z.geometry, clip.lon0, clip.lat0, clip.lon1, clip.lat1)
    lim = (
        None
        if z.limit is None
        else shapely.clip_by_rect(z.limit, clip.lon0, clip.lat0, clip.lon1, clip.lat1)
    )
    return replace(z, geometry=g, limit=lim)
