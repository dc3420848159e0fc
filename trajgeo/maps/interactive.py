"""Interactive HTML maps (Leaflet through folium): offline-capable, embeddable, safe.

The map draws the same content as the static map, from the same
:class:`~trajgeo.maps.spec.MapSpec`: launch sites, geodesic arcs, impact areas
and points, range rings, EEZ limits and overlapping-claim bands, each as a
layer that can be switched off, with a legend, a title box and the methods
footer; the fused estimate's regions are one layer, and the claims' verdict
badges a box of their own. Everything is drawn as vectors computed by trajgeo:
impact areas and rings are true geodesic polygons (never Leaflet's Mercator ``L.circle``), and
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

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from trajgeo._optional import require
from trajgeo.errors import DataError, RenderError
from trajgeo.maps.html import (
    ASSETS,
    esc,
    js_json,
)
from trajgeo.wording import LAUNCH_AREA, LAUNCH_COAST, LEGEND, percent

if TYPE_CHECKING:
    import folium

    from trajgeo.geo.impact import EventGeometry
    from trajgeo.maps.layers import EstimateLayer
    from trajgeo.maps.spec import MapSpec
    from trajgeo.maritime.verdicts import EventVerdicts
from trajgeo.maps.drawing import ACCOUNT_ALPHA, REGION_ALPHA
from trajgeo.maps.features import (
    _RES_TOLERANCE_DEG,
    LAYER_NAMES,
    _decimals,
    _elements,
    _feature,
    _layer_call,
    _line,
    _pixel_deg,
    _point,
    _quantised,
    _theme,
    _tile_layer,
    _without_box_edges,
    _zoom_range,
    log,
)
from trajgeo.maps.page import map_html
from trajgeo.maps.panels import _legend_html, _shot_lookup, _shot_popup, _shot_tooltip

__all__ = [
    "LAYER_NAMES",
    "build_map",
    "interactive_map",
    "map_html",
    "write_html",
]


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
    except ImportError:  # pragma: no cover - folium is a dependency
        raise RenderError("interactive maps need folium: pip install folium") from None

    th = _theme(theme)
    pal = th.colors
    if geometries is None:
        geometries = getattr(spec, "geometries", None)
    if verdicts is None:
        verdicts = getattr(spec, "verdicts", None)
    if verdicts is not None and not isinstance(verdicts, (list, tuple)):
        verdicts = [verdicts]  # type: ignore[list-item]
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

    _add_zones(spec, add, pal, th, content_tol)
    _add_rings(spec, add, pal)
    _add_capability(spec, add, pal)
    _add_sites(spec, add, pal, content_tol)
    _add_shots(spec, add, pal, th, content_tol, lookup)
    _add_labels(spec, add)
    for key in LAYER_NAMES:
        if key in groups:
            groups[key].add_to(m)

    _add_controls(m, spec, groups, pal, th, lookup, tiles)
    return m


def _add_zones(spec: MapSpec, add: Any, pal: Any, th: Any, tol: float) -> None:
    """Add the EEZ limits and the shared bands, each with its tooltip and popup."""
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
                [_feature(line, tolerance=tol, tooltip=tip, popup=pop)],
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
                [_feature(z.geometry, tolerance=tol, tooltip=tip, popup=pop)],
                {
                    "color": pal.overlap,
                    "weight": 1,
                    "opacity": 0.9,
                    "dashArray": "4 3",
                    "fillColor": pal.overlap,
                    "fillOpacity": 0.25,
                },
            )


def _add_rings(spec: MapSpec, add: Any, pal: Any) -> None:
    """Add the range rings (true geodesic circles, never Leaflet circles)."""
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


def _add_capability(spec: MapSpec, add: Any, pal: Any) -> None:
    """Add the capability rings: how far the tested missile could fly on a normal trajectory."""
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


def _add_sites(spec: MapSpec, add: Any, pal: Any, tol: float) -> None:
    """Add the launch areas and the launch-site markers."""
    add(
        "launch_areas",
        [
            _feature(
                site.area,
                tolerance=tol,
                tooltip=esc(
                    (LAUNCH_COAST if site.coast else LAUNCH_AREA).format(
                        name=site.name, radius=site.radius_km, coast=site.coast
                    )
                ),
                # a band of land along a coast is shaded, so it reads as an area
                style={"fillOpacity": 0.25} if site.coast else None,
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


def _add_shots(spec: MapSpec, add: Any, pal: Any, th: Any, tol: float, lookup: dict) -> None:
    """Add each shot's impact area, arc and impact point, the fused estimate and the overflights."""
    zone_feats, arc_feats, impact_feats = [], [], []
    answers = {(e, j): (st, text) for e, j, st, text in spec.claim_answers}
    for s in spec.shots:
        info = lookup.get((s.event_id, s.number))
        colour = pal.shot(spec.colour_index(s.index))
        popup = _shot_popup(s, info, answers)
        if s.impact_area is not None and not s.impact_area.is_empty:
            zone_feats.append(
                _feature(
                    s.impact_area,
                    tolerance=tol,
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
    # with a fused estimate, each account's own area steps back: the estimate reads first
    fused = bool(spec.estimates)
    add(
        "impact_zones",
        zone_feats,
        {
            "weight": 0.8 if fused else 1.2,
            "opacity": 0.8 if fused else 0.9,
            "smoothFactor": 0.5,
            "fillOpacity": ACCOUNT_ALPHA if fused else th.zone_alpha,
        },
    )
    _add_estimates(spec, add, pal, tol)
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


def _add_labels(spec: MapSpec, add: Any) -> None:
    """Add the labels drawn on the map (sites, distances, landmarks, overflights, capability)."""
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
        html = esc(lab.text).replace("\n", "<br>")
        # the rank orders the page's declutter pass (trajgeoLeaflet.declutter)
        label_feats.append(
            _feature(_point(lon, lat), label=f'<span data-rank="{lab.priority}">{html}</span>')
        )
    add("labels", label_feats, {}, interactive=False)


def _add_controls(
    m: Any, spec: MapSpec, groups: dict, pal: Any, th: Any, lookup: dict, tiles: str | None
) -> None:
    """Add the controls: full screen, distance tool, title, layers, badges, legend, credits."""
    import folium
    from folium import plugins

    _, Call = _elements()
    fullscreen = plugins.Fullscreen(
        position="topleft", title="Full screen", title_cancel="Leave full screen"
    )
    fullscreen.add_to(m)
    # pin the plugin files to the ones trajgeo ships (trajgeo/maps/assets)
    fullscreen.default_js = [("Control.Fullscreen.js", ASSETS["Control.Fullscreen.js"][1])]
    fullscreen.default_css = [("Control.FullScreen.css", ASSETS["Control.FullScreen.css"][1])]
    Call(f"trajgeoLeaflet.measure({m.get_name()});").add_to(m)
    # folded on a phone to its title line (trajgeoLeaflet.control), open elsewhere
    title_html = (
        f'<details class="trajgeo-fold" open><summary><h2>{esc(spec.title)}</h2></summary>'
        + (f"<p>{esc(spec.subtitle)}</p>" if spec.subtitle else "")
        + "</details>"
    )
    Call(
        f"trajgeoLeaflet.control({m.get_name()}, 'topright', {js_json(title_html)}, "
        "'trajgeo-box trajgeo-title');"
    ).add_to(m)
    folium.LayerControl(position="topright", collapsed=True).add_to(m)
    if spec.badges:
        Call(
            f"trajgeoLeaflet.control({m.get_name()}, 'bottomleft', "
            f"{js_json(_badge_html(spec))}, 'trajgeo-box trajgeo-badge');"
        ).add_to(m)
    legend = _legend_html(spec, groups, pal, th, lookup)
    Call(
        f"trajgeoLeaflet.control({m.get_name()}, 'bottomright', {js_json(legend)}, "
        "'trajgeo-box trajgeo-legend');"
    ).add_to(m)
    # short credits on the map; the full ones are in the legend's "About this map"
    attributions = [_short_credit(a) for a in spec.attributions if a]
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
        # a fragment pasted twice registers twice, under two keys
        f"(function (k, n) {{ while (trajgeoLeaflet.maps[k]) {{ k = {js_json(m.get_name())} "
        f"+ '-' + (++n); }} trajgeoLeaflet.maps[k] = {m.get_name()}; }})"
        f"({js_json(m.get_name())}, 1);"
        f"{m.get_name()}.on('zoomend moveend overlayadd overlayremove resize', function () "
        f"{{ trajgeoLeaflet.declutter({m.get_name()}); }});"
        f"setTimeout(function () {{ trajgeoLeaflet.declutter({m.get_name()}); }}, 0);"
    ).add_to(m)


def _estimate_popup(e: EstimateLayer) -> str:
    """Say in a popup how likely each zone is, and where trajgeo puts the impact."""
    rows = "".join(
        f"<tr><th>{esc(label)}</th><td>{esc(percent(p))} likely inside</td></tr>"
        for label, p in e.zones
    )
    out = f"<h3>{esc(e.title)}</h3><p>Estimate combining every source's account.</p>"
    if e.landmark:
        out += f"<p>Impact: {esc(e.landmark)} <em>(trajgeo's estimate)</em></p>"
    if rows:
        out += f"<table>{rows}</table>"
    return out


def _add_estimates(spec: MapSpec, add: Any, pal: Any, tol: float) -> None:
    """Each missile's 95 % and 50 % regions (one toggled layer), and the sample dots."""
    feats = []
    for e in spec.estimates:
        colour = pal.shot(spec.colour_index(e.index))
        popup = _estimate_popup(e)
        for level, region in e.regions:
            inner = level <= 0.5
            key = "region_50" if inner else "region_95"
            feats.append(
                _feature(
                    region,
                    tolerance=tol,
                    tooltip=esc(f"{e.title}: {LEGEND[key]}"),
                    popup=popup,
                    style={
                        "color": colour,
                        "fillColor": colour,
                        "weight": 2.0 if inner else 0.0,
                        "stroke": inner,
                        "fillOpacity": REGION_ALPHA.get(level, 0.3),
                    },
                )
            )
    add("estimates", feats, {"opacity": 1.0, "smoothFactor": 0.5})
    dots = [
        _feature(
            {"type": "MultiPoint", "coordinates": np.round(e.samples, 4).tolist()},
            style={"fillColor": pal.shot(spec.colour_index(e.index))},
        )
        for e in spec.estimates
        if len(e.samples)
    ]
    add(
        "samples",
        dots,
        {"radius": 1.5, "stroke": False, "fillOpacity": 0.6},
        interactive=False,
    )


def _short_credit(text: str) -> str:
    """Return a credit up to its first ``;``, with its bracket closed."""
    short = text.split(";")[0].strip()
    return short + ")" * max(short.count("(") - short.count(")"), 0)


def _badge_html(spec: MapSpec) -> str:
    """Return the claims' badges as an escaped HTML list (status word in bold)."""
    items = "".join(
        f'<li data-status="{esc(b.status)}">'
        + (f"<b>{esc(b.mark)}</b> — " if b.mark else "")
        + f"{esc(b.text)}</li>"
        for b in spec.badges
    )
    return f"<ul>{items}</ul>"


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
    samples: bool = False,
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
    capability, overflights, samples
        Draw capability rings, the stretches of track over land and the fused
        estimate's simulated impacts (see :func:`trajgeo.maps.make_spec`).
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
    from trajgeo.maps.page import css_length
    from trajgeo.maps.spec import MapSpec

    h = css_length(height)
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
            samples=samples,
        )
    )
    m = build_map(spec, tiles=tiles, theme=theme, height=h)
    # folium's own page (Jupyter, m.save) links folium's usual assets too, so that
    # folium layers added later (icons, plugins) work as in any folium map.
    m.default_js = list(type(m).default_js)
    m.default_css = list(type(m).default_css)
    return m
