"""Leaflet-side building blocks of the HTML map: folium elements, GeoJSON features, tiles."""

from __future__ import annotations

import logging
import math
import re
from typing import TYPE_CHECKING, Any

import numpy as np

from trajgeo.errors import InputError, RenderError
from trajgeo.maps.html import (
    esc,
    js_json,
)
from trajgeo.wording import LEGEND

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from trajgeo.maps.spec import MapSpec
    from trajgeo.maps.style import Theme


__all__ = [
    "LAYER_NAMES",
]


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
    "estimates": LEGEND["fused_layer"],
    "samples": "Simulated impacts (fused estimate)",
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
  // A narrow map (a phone): boxes leave the zoom buttons free, folded boxes start
  // closed, and the legend moves under the title so the bottom corners stay clear.
  narrow: function (map) { return map.getSize().x < 600; },
  control: function (map, position, html, className) {
    var narrow = window.trajgeoLeaflet.narrow(map);
    if (narrow) {
      L.DomUtil.addClass(map.getContainer(), 'trajgeo-narrow');
      if (className.indexOf('trajgeo-legend') >= 0) { position = 'topright'; }
    }
    var Box = L.Control.extend({
      onAdd: function () {
        var div = L.DomUtil.create('div', className);
        div.innerHTML = html;
        if (narrow) {
          div.style.maxWidth = Math.max(map.getSize().x - 70, 120) + 'px';
          div.querySelectorAll('details.trajgeo-fold').forEach(function (d) {
            d.removeAttribute('open');
          });
        }
        div.querySelectorAll('details').forEach(function (d) {
          d.addEventListener('toggle', function () { window.trajgeoLeaflet.declutter(map); });
        });
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
      }
    });
    return new Box({position: position}).addTo(map);
  },
  // Labels never overprint: in rank order (sites, then distances, then the rest),
  // each label takes the first free place beside its point (right, left, above,
  // below), else one farther out joined to its point by a leader line (see place);
  // one with no free place is hidden (its layer's tooltip still names it). Run again
  // after every zoom and pan.
  declutter: function (map) {
    var box = map.getContainer().getBoundingClientRect(), taken = [];
    map.getContainer().querySelectorAll(
      '.leaflet-control, .leaflet-control-attribution').forEach(function (c) {
      var r = c.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) { taken.push(r); }
    });
    var labels = Array.prototype.slice.call(
      map.getContainer().querySelectorAll('.trajgeo-label'));
    function rank(e) {  // rank 0 (the sites) is a rank, not a missing one
      var r = e.firstChild && e.firstChild.dataset ? e.firstChild.dataset.rank : undefined;
      return r === undefined || r === '' ? 9 : +r;
    }
    labels.sort(function (a, b) { return rank(a) - rank(b); });
    // every label's point, kept clear of the other labels (a 10 px square each)
    var points = labels.map(function (el) { return window.trajgeoLeaflet.point(el); });
    var state = {box: box, taken: taken, leaders: [], points: points};
    labels.forEach(function (el, i) { window.trajgeoLeaflet.place(el, state, i); });
  },
  // Reset a label to its first spot (right of its point); return the point (client px).
  point: function (el) {
    if (el._trajgeoBase === undefined) {
      el._trajgeoBase = [parseFloat(el.style.marginLeft) || 0, parseFloat(el.style.marginTop) || 0];
    }
    var base = el._trajgeoBase, old = el.querySelector('.trajgeo-leader');
    if (old) { old.parentNode.removeChild(old); }
    el.style.visibility = '';
    el.style.marginLeft = base[0] + 'px';
    el.style.marginTop = base[1] + 'px';
    var r0 = el.getBoundingClientRect();
    return [r0.left - base[0], r0.top - base[1]];
  },
  // Whether the segment a-b passes through rectangle r (sampled every few pixels).
  crosses: function (a, b, r) {
    for (var i = 0; i <= 24; i++) {
      var x = a[0] + (b[0] - a[0]) * i / 24, y = a[1] + (b[1] - a[1]) * i / 24;
      if (x > r.left + 1 && x < r.right - 1 && y > r.top + 1 && y < r.bottom - 1) { return true; }
    }
    return false;
  },
  // Places where a label's top left corner may go, from its point, nearest first;
  // the far ones (with a leader line) ring the point from 28 to 160 px out.
  spots: function (w, h) {
    var out = [[6, -8, 0], [-6 - w, -8, 0], [-w / 2, -h - 6, 0], [-w / 2, 6, 0]];
    [28, 52, 84, 120, 160].forEach(function (d) {
      var q = Math.round(d * 0.7);
      out.push([d, -h / 2, 1], [-d - w, -h / 2, 1], [-w / 2, -d - h, 1], [-w / 2, d, 1],
        [-6, -d - h, 1], [-6, d, 1], [6 - w, -d - h, 1], [6 - w, d, 1],
        [q, -q - h, 1], [-q - w, -q - h, 1], [q, q, 1], [-q - w, q, 1]);
    });
    return out;
  },
  // Put one label in the first free spot: clear of the map's edge, of the labels and
  // boxes already there and of their leader lines; a far spot's own leader must not
  // cross them either. No free spot: the label is hidden.
  place: function (el, state, k) {
    var T = window.trajgeoLeaflet, box = state.box;
    var r0 = el.getBoundingClientRect(), w = r0.width, h = r0.height;
    var ax = state.points[k][0], ay = state.points[k][1];  // the point the label names
    function hits(a, b) {
      return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    }
    var others = state.points.filter(function (p, j) {
      return j !== k && (p[0] !== ax || p[1] !== ay);
    }).map(function (p) {
      return {left: p[0] - 5, right: p[0] + 5, top: p[1] - 5, bottom: p[1] + 5};
    });
    var spots = T.spots(w, h);
    for (var i = 0; i < spots.length; i++) {
      var r = {left: ax + spots[i][0], top: ay + spots[i][1]}, far = spots[i][2];
      r.right = r.left + w; r.bottom = r.top + h;
      var end = [Math.min(Math.max(ax, r.left), r.right), Math.min(Math.max(ay, r.top), r.bottom)];
      if (r.left < box.left || r.right > box.right || r.top < box.top || r.bottom > box.bottom ||
          state.taken.some(function (t) { return hits(r, t); }) ||
          others.some(function (t) { return hits(r, t); }) ||
          state.leaders.some(function (l) { return T.crosses(l[0], l[1], r); }) ||
          (far && state.taken.some(function (t) { return T.crosses([ax, ay], end, t); }))) {
        continue;
      }
      el.style.marginLeft = spots[i][0] + 'px';
      el.style.marginTop = spots[i][1] + 'px';
      if (far) {
        T.leader(el, -spots[i][0], -spots[i][1], w, h);
        state.leaders.push([[ax, ay], end]);
      }
      state.taken.push(r);
      return;
    }
    el.style.visibility = 'hidden';
  },
  // A thin line from the point (x, y, in the label's own box) to the label's nearest edge.
  leader: function (el, x, y, w, h) {
    var ex = Math.min(Math.max(x, 0), w), ey = Math.min(Math.max(y, 0), h);
    var dx = ex - x, dy = ey - y, len = Math.sqrt(dx * dx + dy * dy);
    var line = document.createElement('span');
    line.className = 'trajgeo-leader';
    line.setAttribute('aria-hidden', 'true');
    line.style.cssText = 'position:absolute;left:' + x + 'px;top:' + y + 'px;width:' + len +
      'px;height:0;border-top:1px solid currentColor;opacity:0.7;pointer-events:none;' +
      'transform-origin:0 0;transform:rotate(' + Math.atan2(dy, dx) + 'rad)';
    el.appendChild(line);
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

        def render(self, **kwargs: Any) -> None:  # type: ignore[override]
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
