"""Interactive HTML maps (Leaflet through folium): offline-capable, embeddable, safe.

The map draws the same content as the static map, from the same
:class:`~trajgeo.maps.spec.MapSpec`: launch sites, geodesic arcs, impact areas
and points, range rings, EEZ limits and overlapping-claim bands, each as a
layer that can be switched off, with a legend, a title box and the methods
footer. Everything is drawn as vectors computed by trajgeo: impact areas and
rings are true geodesic polygons (never Leaflet's Mercator ``L.circle``), and
all coordinates are in the spec's continuous frame, so a flight across the
Pacific is one line (Leaflet draws longitudes past 180° as they are).

The basemap is the shipped Natural Earth land, coastline and border layers,
clipped to the map and simplified to the zoom levels the map offers; tile
layers are used only when asked for (``tiles=``), and then no tile is
requested unless asked.

Output forms (:func:`write_html`):

* a full page with every script and style inlined (the default): Leaflet and
  its full-screen plugin come from the files trajgeo ships
  (``trajgeo/maps/assets``), so the page works offline and makes no request;
* ``cdn=True``: the same files linked from jsDelivr, each with its
  Subresource Integrity hash (a smaller page);
* ``embed=True``: an HTML fragment (no ``<html>``/``<head>``) with unique
  element ids, to paste into a page beside other maps.

Safety: every string from an event file is HTML-escaped, only ``http(s)``
addresses are linked, and data reach the page's script only as JSON with
``<``, ``>`` and ``&`` escaped (see :mod:`trajgeo.maps.html`). Full pages
carry a Content-Security-Policy that allows only the page's own inline
scripts (by their SHA-256 hashes) and, with ``cdn=True``, the exact CDN files.

Coordinates are ``(lon, lat)`` everywhere in trajgeo; only the few folium
calls below take ``(lat, lon)``.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from trajgeo._optional import require
from trajgeo.errors import DataError, InputError, RenderError
from trajgeo.maps.html import (
    ASSETS,
    asset_integrity,
    asset_manifest,
    asset_text,
    esc,
    inline_script,
    inline_style,
    js_json,
    link,
)
from trajgeo.wording import LEGEND

if TYPE_CHECKING:
    import folium
    from shapely.geometry.base import BaseGeometry

    from trajgeo.geo.impact import EventGeometry
    from trajgeo.maps.spec import MapSpec, ShotLayer
    from trajgeo.maps.style import Theme
    from trajgeo.maritime.verdicts import EventVerdicts

__all__ = ["LAYER_NAMES", "build_map", "interactive_map", "map_html", "write_html"]

log = logging.getLogger("trajgeo")

#: Layer keys and the names the layer control shows, drawing order (bottom first).
LAYER_NAMES: dict[str, str] = {
    "land": "Land (Natural Earth)",
    "borders": "Coastlines and borders",
    "zones": "EEZ limits",
    "overlaps": "Overlapping claims and joint regimes",
    "rings": "Range rings",
    "capability": LEGEND["capability"],
    "launch_areas": "Launch areas",
    "impact_zones": "Possible impact areas",
    "overflights": "Track over land",
    "arcs": "Nominal flight paths",
    "launches": "Launch sites",
    "impacts": "Impact points",
    "labels": "Labels",
}
#: Decimal places of content coordinates: 1e-5° is about 1 m.
COORD_DECIMALS = 5
#: Default height of an embedded map.
EMBED_HEIGHT = "600px"
#: Most zoom levels offered past the one that fits the map's extent.
_ZOOM_IN_LEVELS = 3
#: Coarsest detail kept per basemap resolution (degrees): finer is not in the data.
_RES_TOLERANCE_DEG = {"10m": 0.004, "50m": 0.02, "110m": 0.08}
#: Assumed map width for choosing zoom levels (pixels).
_NOMINAL_WIDTH_PX = 900

_RUNTIME_JS = r"""
window.trajgeoLeaflet = window.trajgeoLeaflet || {
  maps: {},
  // basemap geometry comes quantised: flat integer deltas of lon/lat times spec.scale
  dequantise: function (g, k) {
    function line(a) {
      var out = [], x = 0, y = 0;
      for (var i = 0; i < a.length; i += 2) { x += a[i]; y += a[i + 1]; out.push([x / k, y / k]); }
      return out;
    }
    function walk(c, depth) {
      return depth === 0 ? line(c) : c.map(function (e) { return walk(e, depth - 1); });
    }
    var depth = {LineString: 0, MultiLineString: 1, Polygon: 1, MultiPolygon: 2}[g.type];
    return {type: g.type, coordinates: walk(g.q, depth)};
  },
  layer: function (spec, group) {
    if (spec.scale) {
      spec.data.features.forEach(function (f) {
        if (f.geometry.q) { f.geometry = window.trajgeoLeaflet.dequantise(f.geometry, spec.scale); }
      });
    }
    function style(f) {
      return Object.assign({}, spec.style, (f && f.properties && f.properties.style) || {});
    }
    var layer = L.geoJSON(spec.data, {
      interactive: spec.interactive,
      style: style,
      pointToLayer: function (f, ll) {
        var p = f.properties || {};
        if (p.label) {
          return L.marker(ll, {interactive: false, keyboard: false, icon: L.divIcon({
            className: 'trajgeo-label', html: p.label, iconSize: null,
            iconAnchor: [-6, 8]})});
        }
        return L.circleMarker(ll, style(f));
      },
      onEachFeature: function (f, l) {
        var p = f.properties || {};
        if (p.tooltip) { l.bindTooltip(p.tooltip, {sticky: true, className: 'trajgeo-tip'}); }
        if (p.popup) { l.bindPopup(p.popup, {maxWidth: 380, className: 'trajgeo-popup'}); }
      }
    });
    layer.addTo(group);
    return layer;
  },
  control: function (map, position, html, className) {
    var Box = L.Control.extend({
      onAdd: function () {
        var div = L.DomUtil.create('div', className);
        div.innerHTML = html;
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
      }
    });
    return new Box({position: position}).addTo(map);
  },
  // Distance tool: draws the great circle between clicks (never a straight Mercator
  // line, which would be a rhumb line) and sums great-circle distances on the sphere.
  measure: function (map) {
    var R = 6371.0088, pts = [], on = false, layer = L.layerGroup().addTo(map);
    var rad = Math.PI / 180;
    function dist(a, b) {
      var p1 = a.lat * rad, p2 = b.lat * rad, dl = (b.lng - a.lng) * rad;
      var h = Math.pow(Math.sin((p2 - p1) / 2), 2) +
        Math.cos(p1) * Math.cos(p2) * Math.pow(Math.sin(dl / 2), 2);
      return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
    }
    function arc(a, b) {
      var d = dist(a, b), D = d / R, n = Math.max(1, Math.ceil(d / 25)), out = [a];
      var p1 = a.lat * rad, l1 = a.lng * rad, p2 = b.lat * rad, l2 = b.lng * rad;
      if (D < 1e-9 || Math.abs(Math.sin(D)) < 1e-9) { return [a, b]; }
      for (var i = 1; i <= n; i++) {
        var f = i / n, A = Math.sin((1 - f) * D) / Math.sin(D), B = Math.sin(f * D) / Math.sin(D);
        var x = A * Math.cos(p1) * Math.cos(l1) + B * Math.cos(p2) * Math.cos(l2);
        var y = A * Math.cos(p1) * Math.sin(l1) + B * Math.cos(p2) * Math.sin(l2);
        var z = A * Math.sin(p1) + B * Math.sin(p2);
        var lat = Math.atan2(z, Math.sqrt(x * x + y * y)) / rad, lng = Math.atan2(y, x) / rad;
        var prev = out[out.length - 1].lng;
        while (lng - prev > 180) { lng -= 360; }
        while (lng - prev < -180) { lng += 360; }
        out.push(L.latLng(lat, lng));
      }
      return out;
    }
    var Tool = L.Control.extend({
      onAdd: function () {
        var div = L.DomUtil.create('div', 'leaflet-bar trajgeo-measure');
        var btn = L.DomUtil.create('a', '', div);
        btn.href = '#'; btn.role = 'button'; btn.title = 'Measure a great-circle distance';
        btn.setAttribute('aria-label', btn.title); btn.innerHTML = '&#8596;';
        var out = L.DomUtil.create('div', 'trajgeo-measure-out', div);
        function redraw() {
          layer.clearLayers();
          var total = 0, line = [];
          for (var i = 0; i < pts.length; i++) {
            L.circleMarker(pts[i], {radius: 3, color: '#222', weight: 1, fillOpacity: 1,
                                    interactive: false}).addTo(layer);
            if (i > 0) {
              total += dist(pts[i - 1], pts[i]);
              line = line.concat(arc(pts[i - 1], pts[i]));
            }
          }
          if (line.length) { L.polyline(line, {color: '#222', weight: 2, dashArray: '5 4',
                                               interactive: false}).addTo(layer); }
          out.textContent = on ? (pts.length < 2 ? 'Click points on the map' :
            'Great circle: ' + Math.round(total).toLocaleString('en') + ' km (' +
            Math.round(total / 1.852).toLocaleString('en') + ' nmi)') : '';
        }
        function click(e) { pts.push(e.latlng); redraw(); }
        L.DomEvent.on(btn, 'click', function (e) {
          L.DomEvent.stop(e); on = !on; pts = [];
          L.DomUtil[on ? 'addClass' : 'removeClass'](div, 'trajgeo-measure-on');
          map[on ? 'on' : 'off']('click', click);
          map.getContainer().style.cursor = on ? 'crosshair' : '';
          redraw();
        });
        L.DomEvent.disableClickPropagation(div);
        return div;
      }
    });
    return new Tool({position: 'topleft'}).addTo(map);
  }
};
"""

_CSS = """
#{wrap} {{ position: relative; width: 100%; height: {height};
  font: 13px/1.35 "DejaVu Sans", system-ui, -apple-system, "Segoe UI", sans-serif; }}
#{wrap} .folium-map {{ position: absolute; top: 0; bottom: 0; left: 0; right: 0;
  background: {sea}; }}
#{wrap} .leaflet-container {{ background: {sea}; font: inherit; }}
#{wrap} .trajgeo-box {{ background: rgba(255,255,255,0.92); color: {text};
  padding: 6px 9px; border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,0.3);
  max-width: 340px; }}
#{wrap} .trajgeo-title h2 {{ font-size: 15px; margin: 0 0 2px 0; line-height: 1.25; }}
#{wrap} .trajgeo-title p {{ margin: 0; color: {muted}; font-size: 12px; }}
#{wrap} .trajgeo-legend {{ font-size: 12px; max-height: 60vh; overflow-y: auto;
  overflow-x: hidden; }}
#{wrap} .trajgeo-legend ul {{ list-style: none; margin: 0; padding: 0; }}
#{wrap} .trajgeo-legend li {{ margin: 2px 0; padding-left: 24px; text-indent: -24px; }}
#{wrap} .trajgeo-legend details {{ margin-top: 4px; white-space: normal; color: {muted}; }}
#{wrap} .trajgeo-legend summary {{ cursor: pointer; color: {text}; }}
#{wrap} .trajgeo-sw {{ display: inline-block; width: 18px; height: 10px;
  margin-right: 6px; vertical-align: middle; box-sizing: border-box; }}
#{wrap} .trajgeo-credit {{ color: {muted}; margin-top: 4px; }}
#{wrap} .trajgeo-label {{ color: {text}; font-size: 11px; font-weight: 600;
  white-space: nowrap; text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }}
#{wrap} .trajgeo-popup h3 {{ font-size: 14px; margin: 0 0 4px 0; }}
#{wrap} .trajgeo-popup h4 {{ font-size: 12px; margin: 6px 0 2px 0; }}
#{wrap} .trajgeo-popup table {{ border-collapse: collapse; font-size: 12px; }}
#{wrap} .trajgeo-popup th {{ text-align: left; padding: 1px 8px 1px 0; color: {muted};
  font-weight: normal; vertical-align: top; }}
#{wrap} .trajgeo-popup ul {{ margin: 0; padding-left: 16px; font-size: 12px; }}
#{wrap} .trajgeo-popup .st-outside {{ color: #1b7837; }}
#{wrap} .trajgeo-popup .st-inside {{ color: #b2182b; }}
#{wrap} .trajgeo-popup .st-straddles {{ color: #b35806; }}
#{wrap} .trajgeo-measure a {{ font-size: 16px; font-weight: bold; }}
#{wrap} .trajgeo-measure-on a {{ background: #ffe9a8; }}
#{wrap} .trajgeo-measure-out {{ background: #fff; padding: 0 6px; font-size: 12px;
  white-space: nowrap; }}
#{wrap} .trajgeo-measure-out:empty {{ display: none; }}
#{wrap} .trajgeo-alt {{ position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }}
"""


# --------------------------------------------------------------------------- folium elements
def _elements() -> tuple[type, type]:
    """Build the two folium element classes (folium is imported only here).

    branca renders each element's template and then wraps the *output* in a new
    ``Element``, whose constructor compiles that text as a Jinja2 template again.
    A call's script carries text from event files, so it must never take that
    path: :class:`Call` adds its script to the figure as :class:`RawScript`, an
    element whose output is its text, verbatim.
    """
    from branca.element import Element, Figure, MacroElement
    from folium.template import Template

    class RawScript(Element):
        """Script text that is emitted as it is, never compiled or evaluated as a template."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self._text = text

        def render(self, **kwargs: Any) -> str:
            return self._text

    class Runtime(MacroElement):
        """Defines ``window.trajgeoLeaflet`` (layer and control helpers) once."""

        _template = Template("{% macro script(this, kwargs) %}" + _RUNTIME_JS + "{% endmacro %}")

        def __init__(self) -> None:
            super().__init__()
            self._name = "TrajgeoRuntime"

    class Call(MacroElement):
        """One call of the runtime, with a JSON payload made safe for a script."""

        def __init__(self, code: str) -> None:
            super().__init__()
            self._name = "TrajgeoCall"
            self.code = code

        def render(self, **kwargs: Any) -> None:
            figure = self.get_root()
            if not isinstance(figure, Figure):
                raise RenderError("a trajgeo map element was rendered outside a figure")
            figure.script.add_child(RawScript(self.code), name=self.get_name())

    return Runtime, Call


def _layer_call(
    group: Any,
    call_cls: type,
    data: dict[str, Any],
    style: dict[str, Any],
    interactive: bool,
    scale: int | None = None,
) -> Any:
    spec: dict[str, Any] = {"data": data, "style": style, "interactive": interactive}
    if scale:
        spec["scale"] = scale
    payload = js_json(spec)
    return call_cls(f"trajgeoLeaflet.layer({payload}, {group.get_name()});")


# --------------------------------------------------------------------------- geometry
def _round(geom: BaseGeometry, decimals: int) -> BaseGeometry:
    import shapely

    return shapely.transform(geom, lambda xy: np.round(xy, decimals))


def _geojson(
    geom: BaseGeometry, decimals: int = COORD_DECIMALS, tolerance: float = 0.0
) -> dict[str, Any] | None:
    import shapely

    if geom is None or geom.is_empty:
        return None
    if tolerance > 0:
        geom = shapely.simplify(geom, tolerance, preserve_topology=True)
    geom = _round(geom, decimals)
    if geom.is_empty:
        return None
    mapping = shapely.geometry.mapping(geom)

    def plain(c: Any) -> Any:
        if isinstance(c, (list, tuple)):
            if c and isinstance(c[0], (int, float)):
                return [float(v) for v in c]
            return [plain(x) for x in c]
        return c

    return {"type": mapping["type"], "coordinates": plain(mapping["coordinates"])}


def _feature(
    geom: BaseGeometry | dict | None,
    decimals: int = COORD_DECIMALS,
    tolerance: float = 0.0,
    **props: Any,
) -> dict[str, Any] | None:
    g = geom if isinstance(geom, dict) else _geojson(geom, decimals, tolerance)
    if g is None:
        return None
    return {
        "type": "Feature",
        "geometry": g,
        "properties": {k: v for k, v in props.items() if v is not None},
    }


def _quantised(geom: BaseGeometry, decimals: int, **props: Any) -> dict[str, Any] | None:
    """Return a feature whose coordinates are integer deltas of ``10**decimals`` × lon/lat.

    About three times smaller than plain GeoJSON for dense basemap lines; the page's
    script turns it back into GeoJSON (``trajgeoLeaflet.dequantise``).
    """
    g = _geojson(geom, decimals)
    if g is None:
        return None
    k = 10**decimals

    def enc(c: Any) -> Any:
        if c and isinstance(c[0][0], float):
            q = np.rint(np.asarray(c, float) * k).astype(np.int64)
            d = np.diff(q, axis=0, prepend=np.zeros((1, 2), np.int64))
            return d.ravel().tolist()
        return [enc(x) for x in c]

    return {
        "type": "Feature",
        "geometry": {"type": g["type"], "q": enc(g["coordinates"])},
        "properties": {k2: v for k2, v in props.items() if v is not None},
    }


def _point(lon: float, lat: float) -> dict[str, Any]:
    return {
        "type": "Point",
        "coordinates": [round(float(lon), COORD_DECIMALS), round(float(lat), COORD_DECIMALS)],
    }


def _line(xy: np.ndarray, tolerance: float = 0.0) -> dict[str, Any] | None:
    """Return a continuous frame line (``(n, 2)``) as a GeoJSON LineString."""
    from shapely.geometry import LineString

    xy = np.asarray(xy, float)
    if len(xy) < 2 or np.allclose(xy[0], xy[1:]):
        return None
    return _geojson(LineString(xy), COORD_DECIMALS, tolerance)


def _zoom_range(spec: MapSpec) -> tuple[int, int, int]:
    """Zoom that fits the extent, and the lowest and highest zoom offered."""
    ext = spec.extent
    dlon = max(ext.lon1 - ext.lon0, 1e-3)
    y0, y1 = (
        math.log(math.tan(math.pi / 4 + math.radians(max(min(v, 85.0), -85.0)) / 2))
        for v in (ext.lat0, ext.lat1)
    )
    dlon_equiv = max(dlon, math.degrees(abs(y1 - y0)) * 1.4)
    fit = int(math.floor(math.log2(_NOMINAL_WIDTH_PX * 360.0 / (256.0 * dlon_equiv))))
    fit = max(1, min(fit, 12))
    return fit, max(1, fit - 1), min(fit + _ZOOM_IN_LEVELS, 13)


def _pixel_deg(zoom: int, lat: float) -> float:
    """Size of one screen pixel in degrees at ``zoom`` and ``lat``."""
    return 360.0 / (256.0 * 2**zoom) * max(math.cos(math.radians(min(abs(lat), 85.0))), 0.1)


def _decimals(tolerance: float) -> int:
    return int(min(COORD_DECIMALS, max(2, math.ceil(-math.log10(max(tolerance, 1e-9))) + 1)))


def _without_box_edges(geom: BaseGeometry, box: Any) -> BaseGeometry:
    """Return the boundary of a clipped polygon, less the stretches along the clip box."""
    import shapely
    from shapely.geometry import box as sbox

    b = sbox(box.lon0, box.lat0, box.lon1, box.lat1)
    edge = b.exterior.buffer(max(box.lon1 - box.lon0, box.lat1 - box.lat0) * 1e-6)
    return shapely.line_merge(shapely.difference(geom.boundary, edge))


# --------------------------------------------------------------------------- texts
def _fmt_km(x: float) -> str:
    return f"{x:,.0f} km"


def _shot_lookup(
    spec: MapSpec,
    geometries: Sequence[EventGeometry] | None,
    verdicts: Sequence[EventVerdicts | None] | None,
) -> dict[tuple[str, int], tuple[Any, Any, Any, Any]]:
    """Map ``(event_id, shot number)`` to the shot's geometry and verdicts.

    The values are ``(EventGeometry, ShotGeometry, ShotVerdicts, EventVerdicts)``
    (the last two ``None`` without verdicts).
    """
    out: dict[tuple[str, int], tuple[Any, Any, Any, Any]] = {}
    vby = {}
    for v in verdicts or ():
        if v is not None:
            vby[v.geometry.event.id] = v
    for g in geometries or ():
        ev = vby.get(g.event.id)
        for i, sg in enumerate(g.shots):
            sv = ev.shots[i] if ev is not None and i < len(ev.shots) else None
            out[(g.event.id, sg.shot.number)] = (g, sg, sv, ev)
    return out


def _verdict_line(v: Any) -> str:
    status = str(getattr(v, "status", ""))
    try:
        text = v.describe()
    except Exception:  # a foreign object: say what we can
        text = f"{status} {getattr(getattr(v, 'zone', None), 'label', '')}"
    ds = getattr(getattr(v, "dataset", None), "name", None)
    extra = f" <small>({esc(ds)})</small>" if ds else ""
    return f'<li class="st-{esc(status)}">{esc(text)}{extra}</li>'


def _claims_html(eg: Any, verdicts: Any, number: int | None) -> str:
    items = []
    checks = list(getattr(verdicts, "claims", ()) or ()) if verdicts is not None else []
    claims = [c.claim for c in checks] if checks else list(eg.event.claims)
    for i, claim in enumerate(claims):
        if number is not None and claim.shots and number not in claim.shots:
            continue
        what = (
            f"{claim.zone} {claim.kind.upper() if claim.kind == 'eez' else claim.kind}: "
            f"{'inside' if claim.inside else 'outside'}"
        )
        who = f" ({esc(claim.source)})" if claim.source else ""
        if checks:
            cc = checks[i]
            items.append(
                f'<li>{esc(what)}{who}: <b class="cl-{esc(cc.status)}">'
                f"{esc(cc.status)}</b> — {esc(cc.reason)}</li>"
            )
        else:
            items.append(f"<li>{esc(what)}{who}: not checked</li>")
    return ("<h4>Reported claims</h4><ul>" + "".join(items) + "</ul>") if items else ""


def _sources_html(event: Any) -> str:
    items = []
    for s in event.sources:
        meta = ", ".join(esc(x) for x in (s.publisher, s.date) if x)
        items.append(f"<li>{link(s.title, s.url)}{' — ' + meta if meta else ''}</li>")
    return ("<h4>Sources</h4><ul>" + "".join(items) + "</ul>") if items else ""


def _shot_popup(layer: ShotLayer, info: tuple[Any, Any, Any, Any] | None) -> str:
    rows: list[tuple[str, str]] = []
    head = f"Shot {layer.number}: {layer.title}"
    parts = [f"<h3>{esc(head)}</h3>"]
    if info is None:
        rows.append(("Distance", layer.distance_label))
        if layer.has_direction:
            rows.append(
                ("Nominal arc", f"{_fmt_km(layer.distance_km)} at {layer.azimuth_deg:.0f}°")
            )
        if layer.source:
            rows.append(("Reported by", layer.source))
    else:
        eg, sg, sv, _ = info
        s = sg.shot
        ev = eg.event
        date = ev.date.isoformat() if ev.date is not None else ""
        parts.append(f"<p>{esc(ev.title)}{' · ' + esc(date) if date else ''}</p>")
        rows.append(("Count", str(s.count)))
        if s.missile:
            rows.append(("Missile", s.missile))
        rows.append(
            (
                "Launch",
                f"{s.launch.name} ({s.launch.lat:.3f}°, {s.launch.lon:.3f}°"
                + (f", within {s.launch.radius_km:g} km" if s.launch.radius_km else "")
                + ")",
            )
        )
        if s.range is not None:
            rows.append(("Range", f"{s.range.describe()} (reported: {s.range.text})"))
        if s.bearing is not None:
            rows.append(
                (
                    "Bearing",
                    f"{s.bearing.text} ({s.bearing.start_deg:.1f}°–{s.bearing.end_deg:.1f}°)",
                )
            )
        if s.impact is not None:
            rows.append(("Impact", s.impact.text))
        if layer.has_direction:
            rows.append(("Nominal arc", f"{_fmt_km(sg.distance_km)} at {sg.azimuth_deg:.0f}°"))
        if s.apogee_km is not None:
            rows.append(("Apogee", _fmt_km(s.apogee_km)))
        if s.flight_time_min is not None:
            rows.append(("Flight time", f"{s.flight_time_min:g} min"))
        if s.source:
            rows.append(("Reported by", s.source))
        if s.note:
            rows.append(("Note", s.note))
    parts.append(
        "<table>"
        + "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows)
        + "</table>"
    )
    if info is not None:
        eg, sg, sv, ev_verdicts = info
        if sv is not None:
            lines = [_verdict_line(v) for v in sv.verdicts]
            parts.append(
                "<h4>Maritime zones</h4><ul>"
                + ("".join(lines) or "<li>outside every zone in the data set</li>")
                + "</ul>"
            )
        parts.append(_claims_html(eg, ev_verdicts, sg.shot.number))
        if sg.assumptions:
            parts.append(
                "<h4>Assumptions</h4><ul>"
                + "".join(f"<li>{esc(a)}</li>" for a in sg.assumptions)
                + "</ul>"
            )
        parts.append(_sources_html(eg.event))
    return "".join(parts)


def _shot_tooltip(layer: ShotLayer, info: tuple[Any, Any, Any, Any] | None, what: str) -> str:
    text = f"{what} — shot {layer.number}: {layer.title}, {layer.distance_label}"
    out = esc(text)
    if info is not None and info[2] is not None:
        vs = [v for v in info[2].verdicts if getattr(v.zone, "kind", "") == "eez"] or list(
            info[2].verdicts
        )
        if vs:
            out += "<br>" + "<br>".join(esc(v.describe()) for v in vs[:2])
    return out


# --------------------------------------------------------------------------- the map
def _theme(theme: Any) -> Theme:
    from trajgeo.maps.style import load_theme

    return load_theme(theme)


def _tile_layer(tiles: str) -> Any:
    """Return a folium TileLayer for an xyzservices provider name or an http(s) URL."""
    import folium

    from trajgeo.maps.html import safe_url

    name = str(tiles).strip()
    if "{z}" in name and "{x}" in name and "{y}" in name:
        # folium renders a tile URL through a template: only Leaflet's own
        # placeholders may stand in braces, so no template syntax gets through
        bare = re.sub(r"\{[sxyzr]\}", "", name)
        if "{" in bare or "}" in bare:
            raise InputError(
                "tile URL has braces other than Leaflet's placeholders",
                field="tiles",
                value=name,
                allowed="an http(s) URL whose only {...} are {s}, {x}, {y}, {z} and {r}",
            )
        if safe_url(bare) is None:
            raise InputError("tile URL must be http(s)", field="tiles", value=name)
        from urllib.parse import urlsplit

        host = urlsplit(name.replace("{s}", "a")).netloc
        return folium.TileLayer(
            tiles=name, attr=esc(host), name=esc(host), overlay=False, control=True
        )
    import xyzservices

    try:
        provider = xyzservices.providers.query_name(name)
    except ValueError:
        examples = "OpenStreetMap.Mapnik, CartoDB.Positron, Esri.WorldImagery"
        raise InputError(
            "unknown tile provider",
            field="tiles",
            value=name,
            allowed=f"an xyzservices provider name (e.g. {examples}) or an "
            "http(s) URL with {z}/{x}/{y}",
        ) from None
    if getattr(provider, "requires_token", lambda: False)():
        raise InputError(
            "this tile provider needs an API key",
            field="tiles",
            value=name,
            allowed="a provider that needs no key, e.g. OpenStreetMap.Mapnik",
        )
    return folium.TileLayer(tiles=provider, name=esc(provider.name), overlay=False, control=True)


def _tile_origin(tiles: str | None) -> str | None:
    if not tiles:
        return None
    from urllib.parse import urlsplit

    name = str(tiles).strip()
    if "{z}" not in name:
        import xyzservices

        try:
            name = xyzservices.providers.query_name(name).build_url()
        except Exception:
            return "https:"
    parts = urlsplit(name.replace("{s}", "SUB"))
    host = parts.netloc.replace("SUB", "*")
    if "{" in host or not parts.scheme:
        return "https:"
    return f"{parts.scheme}://{host}"


def build_map(
    spec: MapSpec,
    *,
    tiles: str | None = None,
    theme: Any = None,
    geometries: Sequence[EventGeometry] | None = None,
    verdicts: Sequence[EventVerdicts | None] | None = None,
    height: str | int = "100%",
    basemap: bool = True,
) -> folium.Map:
    """Build the folium map of a :class:`~trajgeo.maps.spec.MapSpec`.

    Parameters
    ----------
    spec
        What the map shows (:func:`trajgeo.maps.make_spec`).
    tiles
        ``None`` (default): no tiles, the shipped vector basemap only, and no
        request for any tile. Otherwise an xyzservices provider name (e.g.
        ``"OpenStreetMap.Mapnik"``, ``"CartoDB.Positron"``) or an ``http(s)``
        URL template with ``{z}/{x}/{y}``.
    theme
        ``"light"`` (default), ``"dark"``, a house-style file or a Theme.
    geometries, verdicts
        The :class:`~trajgeo.geo.impact.EventGeometry` and
        :class:`~trajgeo.maritime.verdicts.EventVerdicts` the spec was built from, for
        the shot details, verdicts, claims and sources shown in popups.
        Default: ``spec.geometries`` / ``spec.verdicts`` if the spec has them.
    height
        CSS height of the map element.
    basemap
        Draw the shipped land and border layers.

    Returns
    -------
    folium.Map
        Add further folium layers to it as usual.
    """
    require("maps", ("folium", "xyzservices"), "HTML maps")
    try:
        import folium
        from folium import plugins
    except ImportError:  # pragma: no cover - folium is a dependency
        raise RenderError("interactive maps need folium: pip install folium") from None

    th = _theme(theme)
    pal = th.colors
    if geometries is None:
        geometries = getattr(spec, "geometries", None)
    if verdicts is None:
        verdicts = getattr(spec, "verdicts", None)
    if verdicts is not None and not isinstance(verdicts, (list, tuple)):
        verdicts = [verdicts]
    lookup = _shot_lookup(spec, geometries, verdicts)

    fit, zmin, zmax = _zoom_range(spec)
    if getattr(spec, "small_scale", False):
        zmax = min(fit + 6, 13)  # a capability ring sets the view: let readers zoom to the flight
    ext = spec.extent
    m = folium.Map(
        location=[(ext.lat0 + ext.lat1) / 2.0, (ext.lon0 + ext.lon1) / 2.0],
        zoom_start=fit,
        tiles=None,
        min_zoom=zmin,
        max_zoom=zmax,
        control_scale=True,
        prefer_canvas=False,
        height=height,
        world_copy_jump=False,
        zoom_snap=0.5,
    )
    # Load Leaflet only (folium's defaults add jQuery, Bootstrap and icon fonts we do not use).
    m.default_js = [("leaflet", ASSETS["leaflet"][1])]
    m.default_css = [("leaflet_css", ASSETS["leaflet_css"][1])]
    m.fit_bounds([[ext.lat0, ext.lon0], [ext.lat1, ext.lon1]])
    Runtime, Call = _elements()
    Runtime().add_to(m)

    if tiles:
        _tile_layer(tiles).add_to(m)

    groups: dict[str, Any] = {}

    def group(key: str, show: bool = True) -> Any:
        if key not in groups:
            groups[key] = folium.FeatureGroup(name=esc(LAYER_NAMES[key]), show=show)
        return groups[key]

    def add(
        key: str,
        feats: Iterable[dict | None],
        style: dict[str, Any],
        interactive: bool = True,
        scale: int | None = None,
    ) -> None:
        feats = [f for f in feats if f is not None]
        if not feats:
            return
        g = group(key)
        _layer_call(
            g, Call, {"type": "FeatureCollection", "features": feats}, style, interactive, scale
        ).add_to(g)

    lat_ref = max(abs(ext.lat0), abs(ext.lat1))
    content_tol = _pixel_deg(zmax, lat_ref) * 0.25

    # ---- basemap
    if basemap:
        _add_basemap(spec, add, pal, th, zmax, lat_ref)

    # ---- zones
    for z in spec.zones:
        tip = esc(z.label)
        pop = (
            f"<h3>{esc(z.label)}</h3><table><tr><th>Kind</th><td>"
            f"{esc(z.kind.replace('_', ' '))}</td></tr>"
            + (
                f"<tr><th>Claimants</th><td>{esc(', '.join(z.claimants))}</td></tr>"
                if z.claimants
                else ""
            )
            + f"<tr><th>Zone id</th><td>{esc(z.zone_id)}</td></tr></table>"
            + "".join(
                f"<p><small>{esc(a)}</small></p>"
                for a in spec.attributions
                if a.lower().startswith("maritime")
            )
        )
        if z.kind == "eez":
            line = _without_box_edges(z.geometry, spec.clip_box)
            add(
                "zones",
                [_feature(line, tolerance=content_tol, tooltip=tip, popup=pop)],
                {
                    "color": pal.eez,
                    "weight": max(th.eez_width * 1.6, 1.0),
                    "opacity": 0.9,
                    "fill": False,
                },
            )
        else:
            add(
                "overlaps",
                [_feature(z.geometry, tolerance=content_tol, tooltip=tip, popup=pop)],
                {
                    "color": pal.overlap,
                    "weight": 1,
                    "opacity": 0.9,
                    "dashArray": "4 3",
                    "fillColor": pal.overlap,
                    "fillOpacity": 0.25,
                },
            )

    # ---- rings
    add(
        "rings",
        [_feature(r.geometry, tooltip=esc(f"{r.label} from the launch site")) for r in spec.rings],
        {
            "color": pal.ring,
            "weight": 1.2,
            "opacity": 0.9,
            "dashArray": "6 4",
            "smoothFactor": 0.5,
            "fill": False,
        },
    )

    # ---- capability rings (how far the tested missile could fly on a normal trajectory)
    cap_feats = []
    for k in spec.capability:
        if k.is_global:
            continue
        tip = esc(k.label) + "<br><small>" + esc(k.note) + "</small>"
        for w in k.warnings:
            tip += "<br>" + esc(w)
        for b, which in zip(k.band, ("low", "high"), strict=False):
            if b is not None and k.band_km is not None:
                end = k.band_km[0 if which == "low" else 1]
                band_tip = esc(
                    f"{which} end of the band: about {end:,.0f} km (apogee ±{k.ring.band_pct:g} %)"
                )
                cap_feats.append(
                    _feature(
                        b,
                        tooltip=band_tip,
                        style={"weight": 0.8, "opacity": 0.7, "dashArray": None},
                    )
                )
        cap_feats.append(_feature(k.geometry, tooltip=tip))
    add(
        "capability",
        cap_feats,
        {
            "color": pal.capability,
            "weight": 2.0,
            "opacity": 0.95,
            "dashArray": "10 4 2 4",
            "fill": False,
        },
    )

    # ---- launch areas and sites
    add(
        "launch_areas",
        [
            _feature(
                site.area,
                tolerance=content_tol,
                tooltip=esc(f"{site.name}: launch within {site.radius_km:g} km"),
            )
            for site in spec.launches
            if site.area is not None
        ],
        {
            "color": pal.launch,
            "weight": 1,
            "opacity": 0.6,
            "dashArray": "2 3",
            "fillColor": pal.launch,
            "fillOpacity": 0.06,
        },
    )
    site_feats = []
    for site in spec.launches:
        pop = (
            f"<h3>{esc(site.name)}</h3><table><tr><th>Position</th><td>"
            f"{site.lat:.4f}°, {(site.lon + 180.0) % 360.0 - 180.0:.4f}°</td></tr>"
            + (
                f"<tr><th>Uncertainty</th><td>within {site.radius_km:g} km</td></tr>"
                if site.radius_km
                else ""
            )
            + "</table>"
        )
        site_feats.append(_feature(_point(site.lon, site.lat), tooltip=esc(site.name), popup=pop))
    add(
        "launches",
        site_feats,
        {"radius": 6, "color": "#FFFFFF", "weight": 2, "fillColor": pal.launch, "fillOpacity": 1.0},
    )

    # ---- shots
    zone_feats, arc_feats, impact_feats = [], [], []
    for s in spec.shots:
        info = lookup.get((s.event_id, s.number))
        colour = pal.shot(s.index)
        popup = _shot_popup(s, info)
        if s.impact_area is not None and not s.impact_area.is_empty:
            zone_feats.append(
                _feature(
                    s.impact_area,
                    tolerance=content_tol,
                    tooltip=_shot_tooltip(s, info, LEGEND["impact_area"]),
                    popup=popup,
                    style={"color": colour, "fillColor": colour},
                )
            )
        if s.has_direction:
            arc_feats.append(
                _feature(
                    _line(s.arc_lonlat),
                    tooltip=_shot_tooltip(s, info, LEGEND["arc"]),
                    popup=popup,
                    style={"color": colour},
                )
            )
            impact_feats.append(
                _feature(
                    _point(s.impact_lon, s.impact_lat),
                    tooltip=_shot_tooltip(
                        s,
                        info,
                        "Reported impact point" if s.impact_reported else "Nominal impact point",
                    ),
                    popup=popup,
                    style={"fillColor": colour},
                )
            )
    add(
        "impact_zones",
        zone_feats,
        {"weight": 1.2, "opacity": 0.9, "smoothFactor": 0.5, "fillOpacity": th.zone_alpha},
    )
    add(
        "overflights",
        [_feature(o.geometry, tooltip=esc(o.text)) for o in spec.overflights],
        {
            "color": pal.overflight,
            "weight": max(th.arc_width * 1.5, 2.0) + 7,
            "opacity": 0.95,
            "fill": False,
            "lineCap": "butt",
        },
    )
    add(
        "arcs",
        arc_feats,
        {"weight": max(th.arc_width * 1.5, 2.0), "opacity": 1.0, "fill": False, "lineCap": "round"},
    )
    add(
        "impacts",
        impact_feats,
        {"radius": 4, "color": pal.impact, "weight": 1.5, "fillOpacity": 1.0},
    )

    # ---- labels (launch sites and distances; zone names are in tooltips)
    label_feats = []
    for lab in spec.labels:
        if (
            lab.role
            not in ("launch", "distance", "landmark", "overflight", "capability", "capability_note")
            or not lab.anchors
        ):
            continue
        # a Mercator map shows no pole: put a ring's label where the map has it
        lon, lat = next((a for a in lab.anchors if abs(a[1]) < 70.0), lab.anchors[0])
        label_feats.append(_feature(_point(lon, lat), label=esc(lab.text).replace("\n", "<br>")))
    add("labels", label_feats, {}, interactive=False)

    for key in LAYER_NAMES:
        if key in groups:
            groups[key].add_to(m)

    # ---- controls
    fullscreen = plugins.Fullscreen(
        position="topleft", title="Full screen", title_cancel="Leave full screen"
    )
    fullscreen.add_to(m)
    # pin the plugin files to the ones trajgeo ships (trajgeo/maps/assets)
    fullscreen.default_js = [("Control.Fullscreen.js", ASSETS["Control.Fullscreen.js"][1])]
    fullscreen.default_css = [("Control.FullScreen.css", ASSETS["Control.FullScreen.css"][1])]
    Call(f"trajgeoLeaflet.measure({m.get_name()});").add_to(m)
    title_html = f"<h2>{esc(spec.title)}</h2>" + (
        f"<p>{esc(spec.subtitle)}</p>" if spec.subtitle else ""
    )
    Call(
        f"trajgeoLeaflet.control({m.get_name()}, 'topright', {js_json(title_html)}, "
        "'trajgeo-box trajgeo-title');"
    ).add_to(m)
    folium.LayerControl(position="topright", collapsed=True).add_to(m)
    legend = _legend_html(spec, groups, pal, th, lookup)
    Call(
        f"trajgeoLeaflet.control({m.get_name()}, 'bottomright', {js_json(legend)}, "
        "'trajgeo-box trajgeo-legend');"
    ).add_to(m)
    # short credits on the map; the full ones are in the legend's "About this map"
    attributions = [a.split(";")[0].strip() for a in spec.attributions if a]
    if tiles:
        attributions.append("Tiles: see the tile layer's credit")
    attr_js = "".join(
        f"{m.get_name()}.attributionControl.addAttribution({js_json(esc(a))});"
        for a in attributions
    )
    b_lon0, b_lon1, b_lat0, b_lat1 = _basemap_box(spec)
    bounds = js_json([[b_lat0, b_lon0], [b_lat1, b_lon1]])
    Call(
        attr_js + f"{m.get_name()}.options.maxBoundsViscosity = 0.9;"
        f"{m.get_name()}.setMaxBounds({bounds});"
        f"trajgeoLeaflet.maps[{js_json(m.get_name())}] = {m.get_name()};"
    ).add_to(m)
    return m


def _basemap_box(spec: MapSpec) -> tuple[float, float, float, float]:
    """Return the box the map can be panned and zoomed out over: three times the extent."""
    box = spec.extent.padded(1.0, min_deg=5.0)
    lon0, lon1 = box.lon0, box.lon1
    if lon1 - lon0 > 360.0:
        mid = (lon0 + lon1) / 2.0
        lon0, lon1 = mid - 180.0, mid + 180.0
    return lon0, lon1, box.lat0, box.lat1


def _add_basemap(spec: MapSpec, add: Any, pal: Any, th: Any, zmax: int, lat_ref: float) -> None:
    from trajgeo.maps.basemap import RESOLUTIONS, choose_resolution, load_basemap

    first = choose_resolution(spec.width_km)
    bm = None
    for res in RESOLUTIONS[RESOLUTIONS.index(first) :]:  # a coarser one if a file is missing
        try:
            bm = load_basemap(_basemap_box(spec), res, labels=False)
            break
        except DataError as exc:
            log.warning("basemap %s unavailable for the interactive map: %s", res, exc)
    if bm is None:
        log.warning("interactive map drawn without the shipped basemap")
        return
    tol = max(_pixel_deg(zmax, lat_ref) * 0.5, _RES_TOLERANCE_DEG.get(bm.resolution, 0.01))
    dec = _decimals(tol) - 1  # a vertex every ~tol degrees needs no finer grid than tol/2
    lon0, lon1, lat0, lat1 = bm.bbox
    from types import SimpleNamespace

    import shapely

    box = SimpleNamespace(lon0=lon0, lon1=lon1, lat0=lat0, lat1=lat1)
    land = [shapely.simplify(g, tol, preserve_topology=True) for g in bm.land]
    # Land is filled without a stroke, and outlined by its own boundary less the stretches
    # along the clip box, so no straight line shows where the basemap ends.
    scale = 10**dec
    add(
        "land",
        [_quantised(g, dec) for g in land],
        {"stroke": False, "fillColor": pal.land, "fillOpacity": 1.0},
        interactive=False,
        scale=scale,
    )
    # one feature per layer: fewer, longer lines are smaller and faster to draw
    coast = (
        shapely.line_merge(shapely.union_all([_without_box_edges(g, box) for g in land]))
        if land
        else None
    )
    add(
        "borders",
        [_quantised(coast, dec) if coast is not None else None],
        {
            "color": pal.coastline,
            "weight": max(th.coast_width * 1.6, 0.8),
            "opacity": 1.0,
            "fill": False,
        },
        interactive=False,
        scale=scale,
    )
    borders = (
        shapely.line_merge(shapely.union_all([shapely.simplify(g, tol) for g in bm.borders]))
        if bm.borders
        else None
    )
    add(
        "borders",
        [_quantised(borders, dec) if borders is not None else None],
        {
            "color": pal.border,
            "dashArray": "3 2",
            "weight": max(th.border_width * 1.6, 0.8),
            "opacity": 1.0,
            "fill": False,
        },
        interactive=False,
        scale=scale,
    )


def _swatch(kind: str, colour: str, dash: bool = False, fill_opacity: float = 0.3) -> str:
    if kind == "line":
        style = f"border-top:3px {'dashed' if dash else 'solid'} {colour};height:0;"
    elif kind == "dot":
        style = (
            f"background:{colour};border-radius:50%;width:10px;height:10px;"
            "border:2px solid #fff;box-shadow:0 0 0 1px #999;"
        )
    else:
        alpha = f"{int(round(fill_opacity * 255)):02x}"
        style = (
            f"background:{colour[:7]}{alpha};border:1px {'dashed' if dash else 'solid'} {colour};"
        )
    return f'<span class="trajgeo-sw" style="{esc(style)}"></span>'


def _legend_html(spec: MapSpec, groups: dict[str, Any], pal: Any, th: Any, lookup: dict) -> str:
    items: list[str] = []
    seen: set[str] = set()
    for s in spec.shots:
        key = f"{s.title}|{s.source}|{s.index % len(pal.shots)}"
        if key in seen:
            continue
        seen.add(key)
        label = f"{s.title}, {s.distance_label}"
        if s.source and len({x.source for x in spec.shots}) > 1:
            label += f" ({s.source})"
        items.append(f"<li>{_swatch('line', pal.shot(s.index))}{esc(label)}</li>")
    if "impact_zones" in groups:
        items.append(
            f"<li>{_swatch('area', pal.shot(0), fill_opacity=th.zone_alpha)}"
            f"{LEGEND['impact_area']}</li>"
        )
    if "launches" in groups:
        items.append(f"<li>{_swatch('dot', pal.launch)}{LEGEND['launch_site']}</li>")
    if "launch_areas" in groups:
        items.append(f"<li>{_swatch('area', pal.launch, True, 0.06)}{LEGEND['launch_area']}</li>")
    if "impacts" in groups:
        items.append(f"<li>{_swatch('dot', pal.impact)}{LEGEND['impact_point']}</li>")
    if "rings" in groups:
        items.append(f"<li>{_swatch('line', pal.ring, True)}{LEGEND['ring']}</li>")
    if "capability" in groups:
        items.append(f"<li>{_swatch('line', pal.capability, True)}{LEGEND['capability']}</li>")
    if "overflights" in groups:
        items.append(
            f"<li>{_swatch('area', pal.overflight, False, 0.9)}{LEGEND['overflight_html']}</li>"
        )
    if "zones" in groups:
        items.append(f"<li>{_swatch('line', pal.eez)}{LEGEND['eez']}</li>")
    if "overlaps" in groups:
        items.append(f"<li>{_swatch('area', pal.overlap, True, 0.25)}{LEGEND['overlap_html']}</li>")
    sources = []
    seen_ev: set[str] = set()
    for eg, *_ in lookup.values():
        if eg.event.id in seen_ev:
            continue
        seen_ev.add(eg.event.id)
        sources.append(_sources_html(eg.event))
    about = (
        f"<details><summary>About this map</summary><p>{esc(spec.footer)}</p>"
        + "".join(sources)
        + "</details>"
    )
    return (
        "<ul>"
        + "".join(items)
        + "</ul>"
        + f'<div class="trajgeo-credit">{esc(spec.credit)}</div>'
        + about
    )


# --------------------------------------------------------------------------- HTML output
def _parts(m: Any) -> tuple[list[tuple[str, str]], list[str], list[str], str]:
    """Render a map's figure and split it into assets, extra header, body pieces, script."""
    from branca.element import CssLink, Figure, JavascriptLink

    fig = m.get_root()
    if not isinstance(fig, Figure):
        fig = Figure()
        fig.add_child(m)
    fig.render()
    assets: list[tuple[str, str]] = []
    extra: list[str] = []
    for name, child in fig.header._children.items():
        if isinstance(child, JavascriptLink):
            assets.append(("js", child.url))
        elif isinstance(child, CssLink):
            assets.append(("css", child.url))
        elif name in ("meta_http", m.get_name()):
            continue
        else:
            extra.append(child.render())
    body = [child.render() for name, child in fig.html._children.items() if name != m.get_name()]
    return assets, extra, body, fig.script.render()


def _asset_html(kind: str, url: str, inline: bool) -> str:
    if inline:
        text = asset_text(url)
        return inline_script(text) if kind == "js" else inline_style(text)
    sri = f'integrity="{asset_integrity(url)}" crossorigin="anonymous"'
    if kind == "js":
        return f'<script src="{esc(url)}" {sri}></script>'
    return f'<link rel="stylesheet" href="{esc(url)}" {sri}>'


_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def _script_hashes(page: str) -> list[str]:
    """Return the CSP source of each inline script of ``page``: ``'sha256-…'``."""
    import base64
    import hashlib

    out = []
    for code in _INLINE_SCRIPT.findall(page):
        digest = base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode()
        if f"'sha256-{digest}'" not in out:
            out.append(f"'sha256-{digest}'")
    return out


def _csp(assets: Sequence[tuple[str, str]], cdn: bool, tiles: str | None, page: str) -> str:
    """Content-Security-Policy: the page's own scripts by hash, and the exact CDN files."""
    js = [u for k, u in assets if k == "js"] if cdn else []
    css = [u for k, u in assets if k == "css"] if cdn else []
    images = (
        [
            entry["cdn"]
            for pkg in asset_manifest()["packages"].values()
            for rel, entry in pkg["files"].items()
            if rel.endswith((".png", ".svg"))
        ]
        if cdn
        else []
    )
    scripts = " ".join([*_script_hashes(page), *js])
    img = " ".join(["data:", *images, *([_tile_origin(tiles)] if tiles else [])])
    return (
        f"default-src 'none'; script-src {scripts}; "
        + f"style-src 'unsafe-inline' {' '.join(css)}".rstrip()
        + f"; img-src {img}; font-src data:; base-uri 'none'; form-action 'none'"
    )


def map_html(
    m: folium.Map,
    *,
    spec: MapSpec | None = None,
    theme: Any = None,
    tiles: str | None = None,
    embed: bool = False,
    cdn: bool = False,
    self_contained: bool | None = None,
    height: str | None = None,
) -> str:
    """Return a map built by :func:`build_map` as an HTML page or fragment.

    Parameters
    ----------
    m
        The map.
    spec, theme, tiles
        What :func:`build_map` was given: the spec supplies the page title and
        alt text, the theme the page colours, ``tiles`` the tile credit and
        the Content-Security-Policy for tile images.
    embed
        Return a fragment (a ``<div>`` with its styles and scripts) to paste
        into a page; its element ids are unique, so several maps can share a page.
    cdn
        Link Leaflet and its plugin from jsDelivr (with their integrity
        hashes) instead of inlining the copies trajgeo ships.
    self_contained
        Kept for compatibility: ``True`` is the default, ``False`` means ``cdn=True``.
    height
        CSS height of the map; default the window's for a page, 600px embedded.
    """
    th = _theme(theme)
    if self_contained is not None:
        cdn = not self_contained
    title = spec.title if spec is not None else "Map"
    alt = spec.alt_text if spec is not None else ""
    assets, extra, body, script = _parts(m)
    map_id = m.get_name()
    wrap = f"trajgeo-{map_id}"
    css = _CSS.format(
        wrap=wrap,
        height=height or (EMBED_HEIGHT if embed else "100%"),
        sea=th.colors.sea,
        text=th.colors.text,
        muted=th.colors.muted,
    )
    if not embed:
        css = "html, body { height: 100%; margin: 0; padding: 0; }\n" + css
    asset_html = "\n".join(_asset_html(k, u, not cdn) for k, u in assets)
    label = esc(f"Interactive map: {title}")
    div = (
        f'<div class="trajgeo-map" id="{wrap}">\n'
        f'<div class="folium-map" id="{map_id}" role="region" aria-label="{label}"></div>\n'
        + (f'<p class="trajgeo-alt">{esc(alt)}</p>\n' if alt else "")
        + "".join(body)
        + "</div>"
    )
    js = "(function () {\n" + script + "\n})();"
    switches = inline_script("L_NO_TOUCH = false; L_DISABLE_3D = false;")
    if embed:
        return (
            f"<!-- trajgeo interactive map: {esc(title)} -->\n"
            + inline_style(css)
            + "\n"
            + switches
            + "\n"
            + asset_html
            + "\n"
            + "\n".join(extra)
            + "\n"
            + div
            + "\n"
            + inline_script(js)
            + "\n"
        )
    from trajgeo import __version__

    rest = (
        f"<title>{esc(title)}</title>\n"
        + (f'<meta name="description" content="{esc(alt)}">\n' if alt else "")
        + f'<meta name="generator" content="trajgeo {esc(__version__)}">\n'
        + switches
        + "\n"
        + asset_html
        + "\n"
        + inline_style(css)
        + "\n"
        + "\n".join(extra)
        + "\n</head>\n<body>\n"
        + div
        + "\n"
        + inline_script(js)
        + "\n</body>\n</html>\n"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" '
        f'content="{esc(_csp(assets, cdn, tiles, rest))}">\n' + rest
    )


def write_html(
    spec: MapSpec,
    path: str | Path,
    *,
    embed: bool = False,
    cdn: bool = False,
    self_contained: bool | None = None,
    tiles: str | None = None,
    theme: Any = None,
    geometries: Sequence[EventGeometry] | None = None,
    verdicts: Sequence[EventVerdicts | None] | None = None,
    height: str | None = None,
) -> None:
    """Write the interactive map of a spec to ``path`` (``"-"``: standard output).

    Parameters
    ----------
    spec
        What the map shows.
    path
        Output file; written atomically.
    embed
        Write an HTML fragment for a page instead of a whole page.
    cdn
        Link Leaflet from jsDelivr (with integrity hashes) instead of inlining
        it; by default every script and style is inlined, so the file works
        offline and makes no request (unless ``tiles`` asks for tiles).
    self_contained
        Kept for compatibility (see :func:`map_html`).
    tiles
        Tile provider (see :func:`build_map`); off by default.
    theme, geometries, verdicts, height
        See :func:`build_map` and :func:`map_html`.
    """
    from trajgeo.io.atomic import write_text

    m = build_map(spec, tiles=tiles, theme=theme, geometries=geometries, verdicts=verdicts)
    page = map_html(
        m,
        spec=spec,
        theme=theme,
        tiles=tiles,
        embed=embed,
        cdn=cdn,
        self_contained=self_contained,
        height=height,
    )
    write_text(path, page)


def interactive_map(
    events: Any,
    *,
    tiles: str | None = None,
    theme: Any = None,
    rings_km: Sequence[float] = (),
    verdicts: Any = "auto",
    zones: Any = None,
    worldview: str | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    central_lon: float | None = None,
    extent: Sequence[float] | None = None,
    height: int | str = 600,
    capability: bool = True,
    overflights: bool = True,
) -> folium.Map:
    """Return an interactive map of events (shown inline in Jupyter).

    Parameters
    ----------
    events
        Event file paths, :class:`~trajgeo.events.Event` or
        :class:`~trajgeo.geo.impact.EventGeometry` objects (one or many), or a
        ready :class:`~trajgeo.maps.spec.MapSpec`.
    tiles, theme
        See :func:`build_map`.
    rings_km, verdicts, zones, worldview, title, subtitle, central_lon, extent
        See :func:`trajgeo.maps.make_spec`.
    capability, overflights
        Draw capability rings and the stretches of track over land (see
        :func:`trajgeo.maps.make_spec`).
    height
        Height of the map in a notebook (pixels or CSS).

    Returns
    -------
    folium.Map
        Save it with ``m.save("map.html")`` or, for trajgeo's safe page or
        fragment, ``trajgeo.maps.interactive.map_html(m, ...)``.

    Examples
    --------
    >>> m = interactive_map("examples/2024-03-18-pyongyang.yaml", rings_km=[500])  # doctest: +SKIP
    >>> m  # doctest: +SKIP
    """
    from trajgeo.maps import make_spec
    from trajgeo.maps.spec import MapSpec

    h = f"{height}px" if isinstance(height, (int, float)) else height
    spec = (
        events
        if isinstance(events, MapSpec)
        else make_spec(
            events,
            rings_km=rings_km,
            verdicts=verdicts,
            zones=zones,
            worldview=worldview,
            title=title,
            subtitle=subtitle,
            central_lon=central_lon,
            extent=extent,
            capability=capability,
            overflights=overflights,
        )
    )
    m = build_map(spec, tiles=tiles, theme=theme, height=h)
    # folium's own page (Jupyter, m.save) links folium's usual assets too, so that
    # folium layers added later (icons, plugins) work as in any folium map.
    m.default_js = list(type(m).default_js)
    m.default_css = list(type(m).default_css)
    return m
