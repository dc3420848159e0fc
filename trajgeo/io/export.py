"""GeoJSON and GeoDataFrame export of event geometry.

Each feature carries ``kind`` (``launch_site``, ``arc``, ``impact_zone``,
``ring``, ``impact_point``), the event and shot it belongs to, and the
assumptions used to build it, as flat properties that any GIS can read.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from trajgeo.geo import geodesy

if TYPE_CHECKING:
    import geopandas
    from shapely.geometry.base import BaseGeometry

    from trajgeo.geo.impact import EventGeometry, ShotGeometry

__all__ = [
    "COORD_DECIMALS",
    "FEATURE_KINDS",
    "FORMATS",
    "GEOJSON_HEAD",
    "GEOJSON_TAIL",
    "feature_texts",
    "features",
    "iter_features",
    "to_geodataframe",
    "to_geojson",
    "write_features",
    "write_geojson",
    "write_geopackage",
]

#: Decimal places kept in exported coordinates: 1e-7° is about 1 cm.
COORD_DECIMALS = 7
#: The ``kind`` values features may have.
FEATURE_KINDS = ("launch_site", "launch_area", "arc", "impact_zone", "impact_point", "ring")
METHOD = "geodesic on WGS84 (pyproj Geod, GeographicLib algorithms)"


def _geometry(geom: BaseGeometry) -> dict[str, Any]:
    import shapely

    mapping = shapely.geometry.mapping(_as_written(geom))
    return {"type": mapping["type"], "coordinates": mapping["coordinates"]}


def _as_written(geom: BaseGeometry) -> BaseGeometry:
    """Return the geometry with its coordinates rounded as they are written.

    Rounding can make a valid area cross itself where it has a sliver or two
    vertices closer than the rounding (at the cuts of an area round a pole);
    such an area is snapped to the same grid by GEOS instead, which keeps it
    valid (the README promises valid geometry after the round trip).
    """
    import shapely

    rounded = shapely.transform(geom, _round_coords)
    if geom.geom_type.endswith("Polygon") and not rounded.is_valid:
        return shapely.set_precision(geom, 10.0**-COORD_DECIMALS)
    return rounded


def _round_coords(xy: np.ndarray) -> np.ndarray:
    """Round to :data:`COORD_DECIMALS` places exactly as Python's ``round`` does, vectorised.

    ``rint(x * 1e7) / 1e7`` gives Python's answer unless ``x * 1e7`` lies
    within rounding error of a half (where the product's own rounding can
    tip it); those few values are rounded by Python.
    """
    scale = 10.0**COORD_DECIMALS
    scaled = xy * scale
    out = np.rint(scaled) / scale
    frac = np.abs(scaled - np.floor(scaled) - 0.5)
    for idx in zip(*np.nonzero(frac < 1e-6), strict=True):
        out[idx] = round(float(xy[idx]), COORD_DECIMALS)
    return out


def _base(eg: EventGeometry, sg: ShotGeometry | None) -> dict[str, Any]:
    ev = eg.event
    props: dict[str, Any] = {
        "event_id": ev.id,
        "event_title": ev.title,
        "event_date": None if ev.date is None else ev.date.isoformat(),
    }
    if sg is None:
        props.update(shot=None, shot_label=None, count=None, missile=None)
    else:
        s = sg.shot
        props.update(shot=s.number, shot_label=s.title, count=s.count, missile=s.missile)
    return props


#: One feature before it is written: its geometry, ``kind`` and other properties.
_Part = tuple["BaseGeometry", str, dict[str, Any]]


def _feature(geom: BaseGeometry, kind: str, props: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "properties": {"kind": kind, **props}, "geometry": _geometry(geom)}


def _shot_features(eg: EventGeometry, sg: ShotGeometry) -> list[_Part]:
    s = sg.shot
    base = _base(eg, sg)
    assumptions = "; ".join(sg.assumptions)
    seg_km = eg.max_segment_m / 1000.0
    out: list[_Part] = []
    launch = s.launch
    if s.launch != eg.event.launch:
        out.append(
            (
                sg.launch_point,
                "launch_site",
                {
                    **base,
                    "name": launch.name,
                    "place_id": launch.place_id,
                    "radius_km": launch.radius_km,
                    "coordinates_source": launch.coordinates_source,
                },
            )
        )
    if sg.shot.bearing is not None or sg.shot.impact is not None:
        out.append(
            (
                sg.arc,
                "arc",
                {
                    **base,
                    "azimuth_deg": round(sg.azimuth_deg, 3),
                    "distance_km": round(sg.distance_km, 3),
                    "max_segment_km": seg_km,
                    "method": METHOD,
                    "assumptions": assumptions,
                },
            )
        )
    if sg.impact_area is not None and not sg.impact_area.is_empty:
        props: dict[str, Any] = {
            **base,
            "launch_radius_km": launch.radius_km,
            "max_segment_km": seg_km,
            "method": METHOD,
            "area_km2": round(geodesy.geodesic_area_m2(sg.impact_area) / 1e6, 1),
            "assumptions": assumptions,
        }
        origin: str | None
        rng, brg, origin = s.range, s.bearing, "launch"
        if s.impact is not None and s.impact.distance is not None:
            rng, brg, origin = s.impact.distance, s.impact.bearing, s.impact.landmark
        if rng is not None:
            props.update(range_min_km=rng.min_km, range_max_km=rng.max_km, range_text=rng.text)
        if brg is not None:
            props.update(
                bearing_start_deg=round(brg.start_deg, 4),
                bearing_end_deg=round(brg.end_deg, 4),
                bearing_text=brg.text,
            )
        props["measured_from"] = origin
        out.append((sg.impact_area, "impact_zone", props))
    if s.bearing is not None or s.impact is not None:
        out.append(
            (
                sg.impact_point,
                "impact_point",
                {
                    **base,
                    "reported": s.impact is not None,
                    "description": s.impact.text
                    if s.impact is not None
                    else f"middle of the reported bands ({sg.distance_km:,.0f} km at "
                    f"{sg.azimuth_deg:.0f}°)",
                },
            )
        )
    return out


def features(geometries: EventGeometry | Iterable[EventGeometry]) -> list[dict[str, Any]]:
    """Return GeoJSON Feature dicts for one or more :class:`~trajgeo.geo.EventGeometry`."""
    return list(iter_features(geometries))


def iter_features(geometries: EventGeometry | Iterable[EventGeometry]) -> Iterator[dict[str, Any]]:
    """Yield the features of :func:`features` one event at a time (for streaming output)."""
    for geom, kind, props in _iter_parts(geometries):
        yield _feature(geom, kind, props)


def _iter_parts(geometries: EventGeometry | Iterable[EventGeometry]) -> Iterator[_Part]:
    """Yield each feature's geometry, kind and properties, in the order they are written."""
    from trajgeo.geo.impact import EventGeometry

    if isinstance(geometries, EventGeometry):
        geometries = [geometries]
    if (
        geometries is None
        or isinstance(geometries, (str, bytes))
        or not hasattr(geometries, "__iter__")
    ):
        from trajgeo.errors import InputError

        raise InputError(
            "not event geometries",
            field="geometries",
            value=type(geometries).__name__,
            allowed="an EventGeometry or a list of them (trajgeo.geo.event_geometry(event))",
        )
    for eg in geometries:
        if not isinstance(eg, EventGeometry):
            from trajgeo.errors import InputError

            raise InputError(
                "not an event geometry",
                field="geometries",
                value=type(eg).__name__,
                allowed="EventGeometry items (trajgeo.geo.event_geometry(event))",
            )
        ev = eg.event
        base = _base(eg, None)
        yield (
            _point(ev.launch.lon, ev.launch.lat),
            "launch_site",
            {
                **base,
                "name": ev.launch.name,
                "place_id": ev.launch.place_id,
                "radius_km": ev.launch.radius_km,
                "coordinates_source": ev.launch.coordinates_source,
            },
        )
        for sg in eg.shots:
            if sg.launch_area is not None and sg.shot.index == 0:
                yield (
                    sg.launch_area,
                    "launch_area",
                    {**base, "radius_km": sg.shot.launch.radius_km, "method": METHOD},
                )
            yield from _shot_features(eg, sg)
        for radius_km, ring in eg.rings:
            yield (
                ring,
                "ring",
                {
                    **base,
                    "radius_km": radius_km,
                    "label": f"{radius_km:,.0f} km",
                    "method": METHOD,
                },
            )


def _point(lon: float, lat: float) -> BaseGeometry:
    from shapely.geometry import Point

    return Point(lon, lat)


def to_geojson(geometries: EventGeometry | Iterable[EventGeometry]) -> dict[str, Any]:
    """Return a GeoJSON FeatureCollection (RFC 7946: lon/lat, split at the antimeridian)."""
    return {"type": "FeatureCollection", "features": features(geometries)}


def write_geojson(geometries: EventGeometry | Iterable[EventGeometry], path: str) -> int:
    """Write a FeatureCollection to ``path`` atomically (``"-"``: standard output).

    The features are written as they are made, not held all at once; the
    text is the same as ``json.dumps`` of :func:`to_geojson` with compact
    separators. Returns the number of features written.
    """
    import sys

    from trajgeo.io.atomic import atomic_path

    if path == "-":
        return _stream_geojson(geometries, sys.stdout.buffer.write)
    with atomic_path(path) as tmp, open(tmp, "wb") as fh:
        return _stream_geojson(geometries, fh.write)


#: What a GeoJSON file written by :func:`write_geojson` starts and ends with.
GEOJSON_HEAD, GEOJSON_TAIL = b'{"type":"FeatureCollection","features":[', b"]}\n"


def _stream_geojson(geometries: EventGeometry | Iterable[EventGeometry], write: Any) -> int:
    write(GEOJSON_HEAD)
    n = 0
    for text in feature_texts(geometries):
        write((b"," if n else b"") + text)
        n += 1
    write(GEOJSON_TAIL)
    return n


def feature_texts(geometries: EventGeometry | Iterable[EventGeometry]) -> Iterator[bytes]:
    """Yield the UTF-8 text of each feature, as :func:`write_geojson` writes it.

    A feature's text depends on that feature alone, so texts made in several
    processes and joined with ``,`` in order are the file a single process
    writes (:func:`trajgeo.analysis.parallel.write_zones_parallel`).
    """
    encode = json.JSONEncoder(
        ensure_ascii=False, separators=(",", ":"), default=_json_default
    ).encode
    parts = _iter_parts(geometries)
    # features are made and written a batch at a time, their coordinates formatted together
    while batch := list(itertools.islice(parts, _BATCH)):
        texts = _geometry_texts([geom for geom, _, _ in batch], encode)
        for (_, kind, props), geometry in zip(batch, texts, strict=True):
            text = (
                '{"type":"Feature","properties":'
                + encode({"kind": kind, **props})
                + ',"geometry":'
                + geometry
                + "}"
            )
            yield text.encode("utf-8")


#: Features made and written together by the GeoJSON writer.
_BATCH = 64


def _geometry_text(geom: BaseGeometry, encode: Any) -> str:
    """Return the JSON text of :func:`_geometry`, written from the coordinate arrays.

    A coordinate is written as ``json`` writes a float (its ``repr``), so the
    text is the same as ``encode(_geometry(geom))``, without building the
    nested lists of tuples first.
    """
    if geom.is_empty or geom.geom_type not in _COORD_TEXT:
        return str(encode(_geometry(geom)))
    geom = _as_written(geom)  # rounded once, here; the writers below take it as it is
    kind = geom.geom_type
    return '{"type":"' + kind + '","coordinates":' + _coordinates_text(geom, kind) + "}"


def _coordinates_text(geom: BaseGeometry, kind: str) -> str:
    """Return the ``coordinates`` text of a rounded geometry, its rings formatted at once."""
    from trajgeo.io.coordtext import coordinates_texts

    text = coordinates_texts([geom])[0]
    return str(_COORD_TEXT[kind](geom)) if text is None else text


def _geometry_texts(geoms: list[BaseGeometry], encode: Any) -> list[str]:
    """Return :func:`_geometry_text` of many geometries, rounded and formatted together.

    The rounding and the formatting are elementwise, so doing them for a batch
    gives each geometry's own text; a polygon that rounding makes invalid, and
    what :func:`~trajgeo.io.coordtext.coordinates_texts` leaves out, are
    written one at a time by :func:`_geometry_text`.
    """
    import shapely

    from trajgeo.io.coordtext import coordinates_texts

    array = np.empty(len(geoms), dtype=object)
    array[:] = geoms
    rounded = shapely.transform(array, _round_coords)
    redo = np.isin(shapely.get_type_id(array), (3, 6))  # polygons, checked as rounded
    redo[redo] = ~shapely.is_valid(rounded[redo])
    rounded[redo] = None  # to be snapped by _as_written instead
    texts = coordinates_texts([shapely.Point() if r is None else r for r in rounded])
    return [
        _geometry_text(geom, encode)
        if text is None
        else '{"type":"' + r.geom_type + '","coordinates":' + text + "}"
        for geom, r, text in zip(geoms, rounded, texts, strict=True)
    ]


def _xy_text(geom: BaseGeometry) -> str:
    """``[[x,y],...]`` of a line or ring whose coordinates :func:`_as_written` rounded."""
    import shapely

    flat = shapely.get_coordinates(geom).ravel().tolist()
    return "[" + ("[%r,%r]," * (len(flat) // 2) % tuple(flat))[:-1] + "]"


def _polygon_text(geom: Any) -> str:
    return "[" + ",".join(_xy_text(r) for r in (geom.exterior, *geom.interiors)) + "]"


def _multi_text(part_text: Any) -> Any:
    return lambda geom: "[" + ",".join(part_text(g) for g in geom.geoms) + "]"


#: How each geometry type's ``coordinates`` are written (as ``shapely.geometry.mapping``).
_COORD_TEXT = {
    "Point": lambda geom: _xy_text(geom)[1:-1],
    "LineString": _xy_text,
    "Polygon": _polygon_text,
    "MultiLineString": _multi_text(_xy_text),
    "MultiPolygon": _multi_text(_polygon_text),
}


#: Output formats of :func:`write_features`, by file extension.
FORMATS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GeoPackage"}


def write_features(geometries: EventGeometry | Iterable[EventGeometry], path: str) -> int:
    """Write the features to ``path`` in the format its extension names, atomically.

    ``.geojson`` or ``.json`` (and ``"-"``, standard output) give GeoJSON text;
    ``.gpkg`` a GeoPackage with one layer, ``trajgeo`` (needs the ``geo``
    extra). Any other extension is refused.

    Raises
    ------
    InputError
        For an extension that names no supported format.
    MissingDependencyError
        For ``.gpkg`` without pyogrio installed.

    Returns
    -------
    int
        The number of features written.
    """
    from pathlib import Path

    from trajgeo.errors import InputError

    suffix = "" if path == "-" else Path(path).suffix.lower()
    if path == "-" or FORMATS.get(suffix) == "GeoJSON":
        return write_geojson(geometries, path)
    if suffix == ".gpkg":
        return write_geopackage(geometries, path)
    raise InputError(
        "unknown output format",
        field="path",
        value=path,
        allowed="a file name ending in " + ", ".join(FORMATS) + ", or - for standard output",
    )


def write_geopackage(geometries: EventGeometry | Iterable[EventGeometry], path: str) -> int:
    """Write the features as a GeoPackage (layer ``trajgeo``, EPSG:4326), atomically.

    Returns the number of features written.

    Lists in the properties (``assumptions``) are joined as in GeoJSON; each
    column holds numbers or text, empty where a feature has no such property.
    """
    from pathlib import Path

    import shapely

    from trajgeo._optional import require
    from trajgeo.errors import InputError
    from trajgeo.io.atomic import atomic_path

    if Path(path).suffix.lower() != ".gpkg":  # a GeoPackage had been written into x.txt
        raise InputError(
            "the extension does not match the output, a GeoPackage",
            field="path",
            value=str(path),
            allowed="a file ending in .gpkg",
        )
    require("geo", ("pyogrio",), "GeoPackage output")
    import pyogrio.raw

    feats = features(geometries)
    names: list[str] = []
    for f in feats:
        names.extend(k for k in f["properties"] if k not in names)
    columns = [_column([f["properties"].get(k) for f in feats]) for k in names]
    wkb = shapely.to_wkb([shapely.geometry.shape(f["geometry"]) for f in feats])
    with atomic_path(path) as tmp:
        tmp.unlink(missing_ok=True)  # GDAL creates the file itself
        pyogrio.raw.write(
            str(tmp),
            wkb,
            columns,
            names,
            driver="GPKG",
            layer="trajgeo",
            geometry_type="Unknown",
            crs="EPSG:4326",
        )
    return len(feats)


def _column(values: list[Any]) -> np.ndarray:
    """One attribute column: float64 for numbers (NaN where absent), else text."""
    present = [v for v in values if v is not None]
    if present and all(
        isinstance(v, (int, float, np.number)) and not isinstance(v, bool) for v in present
    ):
        return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)
    text = [
        None if v is None else (json.dumps(v) if isinstance(v, (list, dict)) else str(v))
        for v in values
    ]
    return np.array(text, dtype=object)


def _json_default(obj: Any) -> Any:
    if isinstance(obj, np.generic):
        return obj.item()
    raise TypeError(f"cannot serialise {type(obj).__name__}")


def to_geodataframe(geometries: EventGeometry | Iterable[EventGeometry]) -> geopandas.GeoDataFrame:
    """Return the features as a :class:`geopandas.GeoDataFrame` in EPSG:4326.

    Coordinates are those of the GeoJSON export (rounded to 1e-7°, about 1 cm).
    """
    from trajgeo._optional import require

    (geopandas,) = require("geo", ("geopandas",), "GeoDataFrames")

    feats = features(geometries)
    return geopandas.GeoDataFrame.from_features(feats, crs="EPSG:4326")
