"""Maritime zones (EEZ, territorial seas, overlapping claims) and which ones hold a point.

trajgeo ships its own global data set (``geodata/eez/zones.fgb``, built from
public-domain Natural Earth coastlines by ``geodata/build_eez.py``) together
with land polygons per state (``geodata/land/land.fgb``). Users with the
authoritative Marine Regions files, or any polygon file with a name column,
pass them with ``--zones FILE`` / ``load_zones(path)``.

Where sovereignty over land is contested, the shipped data marks the band
whose owner depends on the view as ``overlapping_claim`` with its
claimants. ``worldview="JPN"`` hands every band Japan claims to Japan, since
a government's "inside our EEZ" follows its own claim.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from trajgeo.errors import DataError, InputError
from trajgeo.io.packed import Record
from trajgeo.maritime.names import state_name
from trajgeo.maritime.pieces import PieceIndex, pieces_key, quad_split, side_boxes

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

__all__ = [
    "KINDS",
    "Dataset",
    "MaritimeZone",
    "ZoneSet",
    "load_zones",
    "state_name",
]

#: Kinds of area a zone set holds.
KINDS = ("eez", "territorial_sea", "overlapping_claim", "joint_regime", "land")

#: Marine Regions POL_TYPE values (v10–v12) and common synonyms → trajgeo kinds.
_POL_TYPES = {
    "200nm": "eez",
    "eez": "eez",
    "overlapping claim": "overlapping_claim",
    "disputed": "overlapping_claim",
    "overlapping_claim": "overlapping_claim",
    "joint regime": "joint_regime",
    "joint_regime": "joint_regime",
    "12nm": "territorial_sea",
    "territorial_sea": "territorial_sea",
    "territorial sea": "territorial_sea",
    "land": "land",
}
_NAME_COLUMNS = ("name", "geoname", "zone", "zone_name", "territory1", "sovereign1", "admin")
_ISO_COLUMNS = (
    "sovereign_iso3",
    "iso_sov1",
    "iso_sov",
    "iso_ter1",
    "iso_a3",
    "iso3",
    "adm0_a3",
    "sov_a3",
)
_KIND_COLUMNS = ("kind", "pol_type", "type")
_TERRITORY_COLUMNS = ("territory", "territory1", "territory_name")


@dataclass(frozen=True)
class Dataset:
    """Where a zone set came from, and how far its boundaries can be trusted.

    Parameters
    ----------
    name, version
        E.g. ``"trajgeo-eez"``, ``"2026.11-ne5.1.1"``.
    accuracy_km
        Typical boundary error (the median offset measured against an
        authoritative data set); a verdict closer to a limit than this says
        so. ``None`` when the data set states none.
    accuracy_p95_km
        The boundary error that 95 % of measured offsets stay under; a margin
        larger than this is a high-confidence verdict.
    attribution
        Credit line for maps.
    path
        File it was read from.
    user_supplied
        True for ``--zones FILE``.
    """

    name: str
    version: str
    accuracy_km: float | None
    attribution: str
    path: str
    user_supplied: bool = False
    description: str = ""
    worldview: str | None = None
    accuracy_p95_km: float | None = None

    @property
    def shipped(self) -> bool:
        """Whether this is the shipped data set, whose limit layer and per-class errors apply."""
        if self.user_supplied:
            return False
        from trajgeo.io.data import data_dir

        return self.path == str(data_dir() / "eez" / "zones.npz")

    def describe_accuracy(self) -> str:
        """``"typical boundary error 2.5 km; 95 % under 56 km"`` (or that none is stated)."""
        if self.accuracy_km is None and self.accuracy_p95_km is None:
            return "boundary accuracy not stated"
        parts = []
        if self.accuracy_km is not None:
            parts.append(f"typical boundary error {_km(self.accuracy_km)} km")
        if self.accuracy_p95_km is not None:
            parts.append(f"95 % under {_km(self.accuracy_p95_km)} km")
        return "; ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "name": self.name,
            "version": self.version,
            "accuracy_km": self.accuracy_km,
            "accuracy_p95_km": self.accuracy_p95_km,
            "attribution": self.attribution,
            "path": self.path,
            "user_supplied": self.user_supplied,
            "worldview": self.worldview,
        }


@dataclass(frozen=True)
class MaritimeZone:
    """One area of a zone set: a state's EEZ, territorial sea, land, or a shared band."""

    zone_id: str
    name: str
    sovereign_iso3: str
    kind: str
    geometry: BaseGeometry = field(repr=False, compare=False)
    territory: str = ""
    claimants: tuple[str, ...] = ()
    territory_iso3: str = ""

    @property
    def label(self) -> str:
        """How a map or a sentence names it: ``"Japan's EEZ"``."""
        if len(self.claimants) > 1 and self.kind in ("territorial_sea", "eez", "land"):
            states = " / ".join(state_name(c) for c in self.claimants)
            kinds = {"eez": "EEZ", "territorial_sea": "territorial sea", "land": "land"}
            return f"{kinds[self.kind].capitalize()} claimed by {states}"
        owner = state_name(self.sovereign_iso3) if self.sovereign_iso3 else self.name
        if self.territory and self.territory != owner:
            what = {"eez": "EEZ", "territorial_sea": "territorial sea"}.get(self.kind)
            if what:
                return f"{_possessive(self.territory)} {what} ({owner})"
            owner = f"{self.territory} ({owner})"
        if self.kind == "eez":
            return f"{_possessive(owner)} EEZ"
        if self.kind == "territorial_sea":
            return f"{_possessive(owner)} territorial sea"
        if self.kind == "land":
            return f"{owner} (land)"
        states = " / ".join(state_name(c) for c in self.claimants) or self.name
        what = "overlapping claim" if self.kind == "overlapping_claim" else "joint regime"
        return f"{what.capitalize()}: {states}"

    def __getstate__(self) -> dict[str, Any]:
        # a zone read lazily is pickled with its geometry made, not with its whole layer
        return {**self.__dict__, "geometry": self.geometry}

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (no geometry)."""
        return {
            "zone_id": self.zone_id,
            "name": self.name,
            "label": self.label,
            "sovereign_iso3": self.sovereign_iso3,
            "territory": self.territory,
            "territory_iso3": self.territory_iso3,
            "kind": self.kind,
            "claimants": list(self.claimants),
        }


class _Geometry:
    """``MaritimeZone.geometry``: the zone's geometry, made on first use if it is a Record.

    The shipped zones are read as records still to be made
    (:func:`trajgeo.maritime.shipped.load_shipped`); the first read of a
    zone's geometry makes it and keeps it, so every caller sees a geometry.
    """

    def __get__(self, zone: MaritimeZone | None, owner: type | None = None) -> Any:
        if zone is None:
            return self
        value = zone.__dict__["geometry"]
        if isinstance(value, Record):
            value = zone.__dict__["geometry"] = value.make()
        return value

    def __set__(self, zone: MaritimeZone, value: Any) -> None:
        zone.__dict__["geometry"] = value  # by the dataclass's __init__ only: it is frozen


setattr(MaritimeZone, "geometry", _Geometry())  # noqa: B010 (after @dataclass made the field)


def _km(x: float) -> str:
    return f"{x:.1f}" if x < 10 else f"{x:,.0f}"


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


@dataclass(frozen=True)
class ZoneSet:
    """A set of maritime zones (and land) with a spatial index.

    Build it with :func:`load_zones`. Geometries are normalised lon/lat
    (``[-180, 180]``, split at the antimeridian).
    """

    dataset: Dataset
    zones: tuple[MaritimeZone, ...]

    @cached_property
    def _tree(self) -> Any:
        import shapely

        return shapely.STRtree([z.geometry for z in self.zones])

    def __len__(self) -> int:
        return len(self.zones)

    def query(self, geom: BaseGeometry, kinds: Iterable[str] | None = None) -> list[MaritimeZone]:
        """Return the zones whose area intersects ``geom``."""
        idx = self._tree.query(geom, predicate="intersects")
        wanted = set(kinds) if kinds is not None else None
        return [
            self.zones[i] for i in sorted(idx) if wanted is None or self.zones[i].kind in wanted
        ]

    def where(self, lon: float, lat: float) -> list[MaritimeZone]:
        """Return the zones that hold the point (boundaries count as inside)."""
        from shapely.geometry import Point

        idx = self._tree.query(Point(lon, lat), predicate="covered_by")
        return [self.zones[i] for i in sorted(idx)]

    def classify(self, lons: np.ndarray, lats: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Vectorised point-in-zone test (boundaries count as inside).

        The zones are cut into small pieces (at most 128 vertices) once; a
        box query pairs points with candidate pieces, and each piece then
        tests all its candidate points in one vectorised call.

        Returns
        -------
        point_index, zone_index : numpy.ndarray
            Pairs, sorted: point ``point_index[k]`` lies in zone ``zone_index[k]``.
        """
        import shapely

        lons = np.asarray(lons, float)
        lats = np.asarray(lats, float)
        index = self._piece_index
        q_point, q_piece = index.query(shapely.points(lons, lats), ordered=False)
        if not len(q_piece):  # no point near any zone (the high seas, or no points at all)
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        order = np.argsort(q_piece, kind="stable")
        q_point, q_piece = q_point[order], q_piece[order]
        hit = np.zeros(len(q_point), dtype=bool)
        uniq, starts = np.unique(q_piece, return_index=True)
        ends = np.append(starts[1:], len(q_piece))
        pieces = index.take(uniq)
        for piece, s0, s1 in zip(pieces, starts, ends, strict=True):
            idx = q_point[s0:s1]
            hit[s0:s1] = shapely.intersects_xy(piece, lons[idx], lats[idx])
        pairs = np.column_stack([q_point[hit], index.owner[q_piece[hit]]])
        # a point on a cut between two pieces of one zone is found twice
        pairs = np.unique(pairs, axis=0) if len(pairs) else pairs.reshape(0, 2)
        return pairs[:, 0], pairs[:, 1]

    @cached_property
    def _piece_index(self) -> PieceIndex:
        """Zones cut into pieces of at most 128 vertices, in an index that makes them lazily.

        Cutting takes about a second; the pieces are kept in the user's cache
        folder (:mod:`trajgeo.maritime._piececache`), so the next process reads
        them, and makes only those its queries reach.
        """
        from trajgeo.maritime._piececache import load_pieces, save_pieces

        key = pieces_key(self)
        found = load_pieces(key) if key else None
        if found is not None:
            return PieceIndex.from_arrays(*found)
        parts = [quad_split(z.geometry) for z in self.zones]
        geoms = [p for part in parts for p in part]
        owner = np.repeat(np.arange(len(parts), dtype=np.int64), [len(p) for p in parts])
        if key:
            save_pieces(key, geoms, owner)
        return PieceIndex.from_geometries(geoms, owner)

    def piece_index(self, kind: str | None = None) -> PieceIndex:
        """Return the small pieces :meth:`classify` tests, in their spatial index.

        Parameters
        ----------
        kind : str, optional
            Only the pieces of zones of this kind (``"land"``, ``"eez"``, ...);
            they are the whole index's pieces, made once for both.

        Examples
        --------
        >>> import shapely
        >>> from trajgeo.maritime import load_zones
        >>> zs = load_zones()
        >>> land = zs.piece_index("land")
        >>> q, piece = land.query(shapely.points([125.75], [39.03]), predicate="intersects")
        >>> [zs.zones[i].sovereign_iso3 for i in land.owner[piece]]
        ['PRK']
        """
        whole = self._piece_index
        if kind is None:
            return whole
        key = f"piece_index:{kind}"
        if key not in self._memo:
            of_kind = np.array([z.kind == kind for z in self.zones], dtype=bool)
            self._memo[key] = whole.subset(np.flatnonzero(of_kind[whole.owner]))
        return self._memo[key]  # type: ignore[no-any-return]

    def pieces(self, kind: str | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Return the small pieces :meth:`classify` tests, and the index of each piece's zone.

        Every piece (of ``kind``) is made; :meth:`piece_index` makes only
        those a query reaches.

        Parameters
        ----------
        kind : str, optional
            Keep only the pieces of zones of this kind (``"land"``, ``"eez"``, ...).

        Examples
        --------
        >>> from trajgeo.maritime import load_zones
        >>> zs = load_zones()
        >>> geoms, zone = zs.pieces("land")
        >>> len(geoms) == len(zone) > 0, {zs.zones[i].kind for i in zone}
        (True, {'land'})
        """
        index = self.piece_index(kind)
        return index.geometries, index.owner

    def sovereign_of(self, code: str) -> str:
        """Return the state that holds ``code``'s zones: ``code`` itself, or a territory's.

        A territory (French Polynesia, ``PYF``) has zones of its own, but the
        lines that bound them belong to its sovereign (``FRA``). A code that is
        neither a sovereign nor one sovereign's territory is returned as given.

        Examples
        --------
        >>> from trajgeo.maritime import load_zones
        >>> zs = load_zones()
        >>> zs.sovereign_of("PYF"), zs.sovereign_of("JPN")
        ('FRA', 'JPN')
        """
        key = f"sovereign_of:{code}"
        if key not in self._memo:
            held = {z.sovereign_iso3 for z in self.zones if z.territory_iso3 == code}
            own = any(z.sovereign_iso3 == code for z in self.zones)
            held.discard("")
            self._memo[key] = code if own or len(held) != 1 else held.pop()
        return str(self._memo[key])

    def state_area(self, iso3: str, kind: str = "eez") -> MaritimeZone | None:
        """Return all of a state's zones of one kind as one zone (``None`` if it has none).

        A state's EEZ in trajgeo's data, as in Marine Regions', includes its
        territorial sea, so ``kind="eez"`` is its whole 200-NM zone.
        """
        iso3 = iso3.upper()
        key = f"state_area:{iso3}:{kind}"
        if key not in self._memo:
            # the union is kept: an event asks for the same state's zone for every shot
            self._memo[key] = self._state_area(iso3, kind)
        return self._memo[key]  # type: ignore[no-any-return]

    def _state_area(self, iso3: str, kind: str) -> MaritimeZone | None:
        import shapely

        # land or sea several states claim is none of theirs here (a claimant's own view
        # has given it to that claimant alone): not the first claimant's the data list
        mine = [z for z in self.zones if z.kind == kind and len(z.claimants) < 2]
        parts = [z for z in mine if z.sovereign_iso3 == iso3]
        # else a territory's own code, e.g. PYF for French Polynesia
        parts = parts or [z for z in mine if z.territory_iso3 == iso3]
        if not parts:
            return None
        territory = "" if parts[0].sovereign_iso3 == iso3 else parts[0].territory
        geom = (
            parts[0].geometry if len(parts) == 1 else shapely.union_all([z.geometry for z in parts])
        )
        sovereign = parts[0].sovereign_iso3 if territory else iso3
        return MaritimeZone(
            zone_id=f"{kind}-{iso3}-all",
            name=territory or state_name(iso3),
            sovereign_iso3=sovereign,
            kind=kind,
            geometry=geom,
            territory=territory,
            territory_iso3=iso3 if territory else "",
        )

    @cached_property
    def _memo(self) -> dict[str, Any]:
        """Indexes built on first use by the query helpers (e.g. the zone-limit stretches)."""
        return {}

    @cached_property
    def _land_cache(self) -> dict[tuple[tuple[float, float, float, float], ...], Any]:
        """Land clipped to search boxes, kept for the set's life (and its worldviews')."""
        return {}

    def land_near(self, geom: BaseGeometry, reach_deg: float = 0.0) -> BaseGeometry | None:
        """Land of every state within ``reach_deg`` of ``geom`` (to tell coasts from limits).

        The land is cut to the box around ``geom`` widened by ``reach_deg``, one box
        per side of 180° for a geometry split there (not one box round the whole
        latitude band). Answers are kept, so asking again for the same area is free;
        a zone set read from a file also keeps them in the user's cache
        (``landnear-*``, as WKB: the same coordinates), since merging the land near an
        impact area is about a tenth of a second that the next process asking
        about the same area need not pay.
        """
        boxes = side_boxes(geom, reach_deg)
        cache = self._land_cache
        if boxes not in cache:
            cache[boxes] = self._land_in_cached(boxes)
        return cache[boxes]

    def _land_in_cached(self, boxes: tuple[tuple[float, float, float, float], ...]) -> Any:
        """:meth:`_land_in`, read from the user's cache when it was merged before."""
        from trajgeo.maritime._piececache import (
            KEEP_LAND_NEAR,
            digest,
            load_geometry,
            save_geometry,
        )

        data_key = pieces_key(self)
        if not data_key:
            return self._land_in(boxes)
        # "land-v1": change it when _land_in's merge changes, so old files go unread
        name = digest("land-v1", data_key, *(repr(float(v)) for b in boxes for v in b))
        found = load_geometry(name, family="landnear")
        if found is not None:
            return found
        land = self._land_in(boxes)
        if land is not None:
            save_geometry(name, land, family="landnear", keep=KEEP_LAND_NEAR)
        return land

    def _land_in(self, boxes: tuple[tuple[float, float, float, float], ...]) -> Any:
        import shapely

        clipped = []
        for minx, miny, maxx, maxy in boxes:
            near = self.query(shapely.box(minx, miny, maxx, maxy), kinds=["land"])
            # clip to the window first: a continent's coast far away does not matter
            clipped.extend(shapely.clip_by_rect([z.geometry for z in near], minx, miny, maxx, maxy))
        if not clipped:
            return None
        return shapely.union_all(clipped)

    def to_geodataframe(self) -> Any:
        """Return the zones as a :class:`geopandas.GeoDataFrame` (EPSG:4326), one row per zone."""
        from trajgeo._optional import require

        (geopandas,) = require("geo", ("geopandas",), "GeoDataFrames")

        rows = [z.as_dict() for z in self.zones]
        for row in rows:
            row["claimants"] = ";".join(row["claimants"])
        return geopandas.GeoDataFrame(
            rows, geometry=[z.geometry for z in self.zones], crs="EPSG:4326"
        )

    def where_frame(self, lons: Any, lats: Any) -> Any:
        """Classify many points; one row per (point, zone) pair, points with no zone kept.

        Returns
        -------
        geopandas.GeoDataFrame
            Columns ``point`` (input position), ``zone_id``, ``name``,
            ``sovereign_iso3``, ``kind`` (empty strings on the high seas) and the
            point geometry.
        """
        from trajgeo._optional import require

        (geopandas,) = require("geo", ("geopandas",), "GeoDataFrames")

        lons = np.asarray(lons, float)
        lats = np.asarray(lats, float)
        pi, zi = self.classify(lons, lats)
        hit = np.zeros(len(lons), dtype=bool)
        hit[pi] = True
        miss = np.nonzero(~hit)[0]
        points = np.concatenate([pi, miss])
        zones = [self.zones[k] for k in zi]
        cols = {
            "point": points,
            "zone_id": [z.zone_id for z in zones] + [""] * len(miss),
            "name": [z.name for z in zones] + [""] * len(miss),
            "sovereign_iso3": [z.sovereign_iso3 for z in zones] + [""] * len(miss),
            "kind": [z.kind for z in zones] + [""] * len(miss),
        }
        frame = geopandas.GeoDataFrame(
            cols, geometry=geopandas.points_from_xy(lons[points], lats[points]), crs="EPSG:4326"
        )
        return frame.sort_values("point", kind="stable").reset_index(drop=True)

    def states(self) -> list[str]:
        """ISO3 codes of the states with zones in the set."""
        return sorted({z.sovereign_iso3 for z in self.zones if z.sovereign_iso3})

    @cached_property
    def codes(self) -> frozenset[str]:
        """Every code a claim or worldview may name: states, territories, bands' claimants."""
        found = {z.sovereign_iso3 for z in self.zones if z.sovereign_iso3}
        found |= {z.territory_iso3 for z in self.zones if z.territory_iso3}
        return frozenset(found | {c for z in self.zones for c in z.claimants})

    def with_worldview(self, iso3: str | None) -> ZoneSet:
        """Return the set as ``iso3`` claims it.

        Every area ``iso3`` claims with others (a disputed island's territorial
        sea, an overlapping-claim band) becomes its own: bands become its EEZ.
        """
        if not iso3:
            return self
        from trajgeo.maritime.names import require_known_code

        # a state the data does not know would change nothing, silently
        require_known_code(str(iso3), self, source=None, field="worldview", what="worldview state")
        iso3 = iso3.upper()

        def claim(z: MaritimeZone) -> MaritimeZone:
            if iso3 not in z.claimants or len(z.claimants) < 2:
                return z
            kind = "eez" if z.kind == "overlapping_claim" else z.kind
            return replace(
                z, kind=kind, sovereign_iso3=iso3, claimants=(iso3,), zone_id=f"{z.zone_id}@{iso3}"
            )

        zones = tuple(claim(z) for z in self.zones)
        viewed = ZoneSet(replace(self.dataset, worldview=iso3), zones)
        # a worldview changes owners, never shapes: the land found near an area is the same
        viewed.__dict__["_land_cache"] = self._land_cache
        return viewed


# --------------------------------------------------------------------------- reading files
def _read_layer(path: Path, bbox: Sequence[float] | None = None) -> tuple[list, dict, str]:
    """Read a vector file: geometries (shapely), attribute columns, CRS."""
    from trajgeo._optional import require

    require("geo", ("pyogrio",), "Zone files (--zones)")
    import pyogrio.raw

    try:
        with warnings.catch_warnings():
            # GDAL's warnings on odd files are reworded as one-line errors below
            warnings.simplefilter("ignore")
            meta, _fids, wkb, values = pyogrio.raw.read(
                str(path), bbox=tuple(bbox) if bbox else None
            )
    except pyogrio.errors.DataSourceError as exc:
        raise InputError(
            f"cannot read zones file ({str(exc).splitlines()[0]})", source=str(path)
        ) from None
    except (pyogrio.errors.DataLayerError, pyogrio.errors.FieldError) as exc:
        raise InputError(f"cannot read zones file ({exc})", source=str(path)) from None
    geoms = _from_wkb(wkb, path) if wkb is not None else []
    cols = {name.lower(): list(v) for name, v in zip(meta["fields"], values, strict=False)}
    return geoms, cols, meta.get("crs") or "EPSG:4326"


def _from_wkb(wkb: Any, path: Path) -> list:
    """Parse a file's geometries; a malformed one (e.g. a ring not closed) names its row."""
    import shapely

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return list(shapely.from_wkb(wkb))
    except shapely.errors.GEOSException:
        for i, one in enumerate(wkb):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    shapely.from_wkb(one)
            except shapely.errors.GEOSException as exc:
                raise InputError(
                    f"malformed geometry in row {i + 1} ({str(exc).splitlines()[0]})",
                    source=str(path),
                    allowed="polygons with closed rings (first point repeated as the last)",
                ) from None
        raise


def _check_coordinates(geoms: list, path: Path) -> None:
    """Refuse NaN/Inf coordinates and latitudes beyond ±90, naming the first bad row."""
    import shapely

    for i, g in enumerate(geoms):
        if g is None:
            continue
        xy = shapely.get_coordinates(g)
        if not np.isfinite(xy).all():
            raise InputError(
                f"row {i + 1} has a coordinate that is not a number (NaN or infinite)",
                source=str(path),
                allowed="finite longitude and latitude in degrees",
            )
        if len(xy) and ((xy[:, 0] < -180.0 - 1e-9) | (xy[:, 0] > 360.0 + 1e-9)).any():
            lon = float(xy[np.argmax(np.abs(xy[:, 0] - 90.0)), 0])
            raise InputError(
                f"row {i + 1} has longitude {lon:g}",
                source=str(path),
                allowed="longitudes from -180 to 180 (or 0 to 360)",
            )
        if len(xy) and (np.abs(xy[:, 1]) > 90.0 + 1e-9).any():
            lat = float(xy[np.argmax(np.abs(xy[:, 1])), 1])
            raise InputError(
                f"row {i + 1} has latitude {lat:g} (a projected file without its CRS?)",
                source=str(path),
                allowed="latitudes from -90 to 90, or a file whose CRS is declared",
            )


def _pick(cols: dict[str, list], names: Sequence[str]) -> str | None:
    return next((n for n in names if n in cols), None)


def _normalise_geometry(geom: BaseGeometry) -> BaseGeometry:
    """Fold longitudes past ±180 (some files run 0–360) and repair validity."""
    import shapely

    from trajgeo.geo.geodesy import _clean_polygonal, _fold

    if geom is None or geom.is_empty:
        return geom
    minx, _, maxx, _ = geom.bounds
    if minx < -180.0 - 1e-9 or maxx > 180.0 + 1e-9:
        geom = _fold(shapely.make_valid(geom))
    elif not geom.is_valid:
        geom = shapely.make_valid(geom)
    return _clean_polygonal(geom)


def _zones_from_columns(
    geoms: list, cols: dict[str, list], path: Path, default_kind: str
) -> list[MaritimeZone]:
    name_col = _pick(cols, _NAME_COLUMNS)
    if name_col is None:
        raise InputError(
            "no name column in the zones file",
            source=str(path),
            allowed="a column named one of: " + ", ".join(_NAME_COLUMNS),
        )
    iso_col = _pick(cols, _ISO_COLUMNS)
    kind_col = _pick(cols, _KIND_COLUMNS)
    ter_col = _pick(cols, _TERRITORY_COLUMNS)
    ter_iso_col = "iso_ter1" if "iso_ter1" in cols and iso_col != "iso_ter1" else None
    claim_cols = [c for c in ("claimants",) if c in cols]
    extra_iso = [c for c in ("iso_sov2", "iso_sov3") if c in cols]
    zones = []
    for i, geom in enumerate(geoms):
        if geom is None or geom.is_empty or not geom.geom_type.endswith("Polygon"):
            continue
        geom = _normalise_geometry(geom)
        if geom.is_empty:  # no area (every corner one point): it had measured "inf km"
            continue
        raw_kind = str(cols[kind_col][i] or "").strip().lower() if kind_col else default_kind
        kind = _POL_TYPES.get(raw_kind, default_kind if not kind_col else None)
        if kind is None:
            assert kind_col is not None  # only a named column can hold an unknown kind
            raise InputError(
                f"unknown zone kind {cols[kind_col][i]!r} in row {i + 1}",
                source=str(path),
                field=kind_col,
                allowed=", ".join(sorted(_POL_TYPES)),
            )
        if not str(cols[name_col][i] or "").strip():  # it had been written "'s EEZ"
            raise InputError(
                f"row {i + 1} has no name", source=str(path), field=name_col, allowed="a name"
            )
        iso = str(cols[iso_col][i] or "").upper() if iso_col else ""
        claimants: tuple[str, ...] = ()
        if claim_cols and cols["claimants"][i]:
            claimants = tuple(c for c in str(cols["claimants"][i]).upper().split(";") if c)
        elif extra_iso and kind in ("overlapping_claim", "joint_regime"):
            claimants = tuple(
                x
                for x in [iso] + [str(cols[c][i] or "").upper() for c in extra_iso]
                if x and x != "NONE"
            )
        zid = str(cols["zone_id"][i]) if "zone_id" in cols else f"{kind}-{iso or i}-{i}"
        zones.append(
            MaritimeZone(
                zone_id=zid,
                name=str(cols[name_col][i] or ""),
                sovereign_iso3=iso,
                kind=kind,
                geometry=geom,
                territory=str(cols[ter_col][i] or "") if ter_col else "",
                claimants=claimants,
                territory_iso3=str(cols[ter_iso_col][i] or "").upper() if ter_iso_col else "",
            )
        )
    if not zones:
        raise InputError("no polygons in the zones file", source=str(path))
    return zones


def _reproject(geoms: list, crs: str, path: Path | None = None) -> list:
    import shapely
    from pyproj import CRS, Transformer
    from pyproj.exceptions import CRSError, ProjError

    try:
        src = CRS.from_user_input(crs)
        if src.equals(CRS.from_epsg(4326)) or src.to_epsg() == 4326:
            return geoms
        tr = Transformer.from_crs(src, "EPSG:4326", always_xy=True)
    except (CRSError, ProjError) as exc:
        raise InputError(
            f"cannot convert the zones file's coordinates ({str(exc).splitlines()[0]})",
            source=str(path) if path else "zones file",
            allowed="a file in longitude/latitude or with a CRS that converts to it",
        ) from None
    return [
        shapely.transform(g, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1])))
        if g is not None
        else None
        for g in geoms
    ]


def load_zones(
    path: str | Path | None = None,
    *,
    worldview: str | None = None,
    accuracy_km: float | None = None,
    include_land: bool = True,
) -> ZoneSet:
    """Load maritime zones: the shipped global set, or a user file.

    Parameters
    ----------
    path
        ``None`` for the shipped data set; else a GeoPackage, shapefile,
        GeoJSON or FlatGeobuf of polygons with a name column. Marine Regions
        World EEZ v10–v12 columns (``GEONAME``, ``POL_TYPE``, ``ISO_SOV1``…)
        are understood.
    worldview
        ISO3 of a state: overlapping-claim bands it claims become its EEZ.
    accuracy_km
        Boundary accuracy to state for a user file (none is assumed).
    include_land
        Add the shipped land polygons (so a point on land is named).

    Returns
    -------
    ZoneSet
    """
    if worldview is not None and not (len(worldview) == 3 and worldview.isalpha()):
        raise InputError(
            "worldview must be a state's ISO 3166-1 alpha-3 code",
            field="worldview",
            value=worldview,
            allowed="e.g. JPN, KOR, CHN",
        )
    if accuracy_km is not None:  # -1, NaN or "fine" had been stated as the file's accuracy
        from trajgeo._checks import number

        number(accuracy_km, "accuracy_km", low=0.0, allowed="0 or more km")
    from trajgeo.maritime.shipped import load_shipped

    if path is None:
        zs = load_shipped(include_land)
    else:
        p = Path(path)
        if not p.exists():
            raise InputError("zones file not found", source=str(p))
        geoms, cols, crs = _read_layer(p)
        geoms = _reproject(geoms, crs, p)
        _check_coordinates(geoms, p)
        zones = _zones_from_columns(geoms, cols, p, "eez")
        if include_land:
            try:
                zones += [z for z in load_shipped(True).zones if z.kind == "land"]
            except DataError:
                pass
        zs = ZoneSet(
            Dataset(
                name=p.name,
                version="user file",
                accuracy_km=accuracy_km,
                attribution=f"maritime zones from {p.name} (user-supplied)",
                path=str(p),
                user_supplied=True,
            ),
            tuple(zones),
        )
    if worldview:  # a state the data does not know would change nothing, silently
        from trajgeo.maritime.names import require_known_code

        require_known_code(worldview, zs, source=None, field="worldview", what="worldview state")
    return zs.with_worldview(worldview)
