"""The HTML catalogue map: one Leaflet layer per year (or verdict), filtered by the layer control.

The page is self-contained by default: the vendored Leaflet is inlined
(:func:`trajgeo.maps.html.asset_text`) and the basemap is the shipped Natural
Earth layers, so it works offline and makes no request. Everything that
comes from an event file travels as JSON in a ``<script type="application/json">``
data block (:func:`trajgeo.maps.html.js_json`), and the page's one script
(``templates/catalogue.js``, trusted and static) puts it on the map through
``textContent`` only. The Content-Security-Policy allows just that script and
Leaflet by their hashes.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from trajgeo.maps.catalogue import (
    BASEMAP_CREDIT,
    ESTIMATE_NOTE,
    VERDICTS,
    Catalogue,
    CatalogueEntry,
    _colours,
    _extent,
    _geo_lines,
    _subtitle,
    _title,
    _to_frame,
    parse_colour_by,
)
from trajgeo.maps.html import (
    ASSETS,
    asset_integrity,
    asset_text,
    esc,
    inline_script,
    inline_style,
    js_json,
)

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

__all__ = ["catalogue_html", "write_catalogue_html"]

_CSS = """
html, body { height: 100%; margin: 0; padding: 0; }
#trajgeo-catalogue { position: absolute; top: 0; bottom: 0; left: 0; right: 0;
  font: 13px/1.35 "DejaVu Sans", system-ui, -apple-system, "Segoe UI", sans-serif; }
#trajgeo-catalogue-map { position: absolute; top: 0; bottom: 0; left: 0; right: 0; }
#trajgeo-catalogue .leaflet-container { background: @sea@; font: inherit; }
.trajgeo-box { background: @bg@; color: @text@; padding: 6px 9px;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,0.3); max-width: 360px; }
.trajgeo-title h2 { font-size: 15px; margin: 0 0 2px 0; line-height: 1.25; }
.trajgeo-title p, .trajgeo-foot p { margin: 0; color: @muted@; font-size: 12px; }
.trajgeo-sw { display: inline-block; width: 12px; height: 12px; margin: 0 6px 0 2px;
  vertical-align: -2px; border: 1px solid @text@; border-radius: 6px; }
.trajgeo-popup h3 { font-size: 14px; margin: 0 0 4px 0; }
.trajgeo-popup h4 { font-size: 12px; margin: 6px 0 2px 0; }
.trajgeo-popup table { border-collapse: collapse; font-size: 12px; }
.trajgeo-popup th { text-align: left; padding: 1px 8px 1px 0; color: @muted@;
  font-weight: normal; vertical-align: top; }
.trajgeo-popup ul { margin: 0; padding-left: 16px; font-size: 12px; }
.trajgeo-note { color: @muted@; font-size: 11px; margin: 6px 0 0 0; }
.trajgeo-alt { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
"""
_TOLERANCE_DEG = 0.01


def _round(geom: BaseGeometry, decimals: int = 4) -> dict[str, Any] | None:
    import shapely

    if geom is None or geom.is_empty:
        return None
    return dict(shapely.geometry.mapping(shapely.set_precision(geom, 10.0**-decimals)))


def _in_frame(lon: float, lon_ref: float) -> float:
    return lon_ref + ((lon - lon_ref + 180.0) % 360.0 - 180.0)


def _basemap(box: tuple[float, float, float, float]) -> dict[str, Any]:
    """Return the shipped land, coast and borders in the box, simplified, as GeoJSON collections."""
    import shapely

    from trajgeo.maps.basemap import load_basemap

    lon0, lon1, lat0, lat1 = box
    dx, dy = (lon1 - lon0) / 2.0, (lat1 - lat0) / 2.0  # room to pan around the data
    wide = (lon0 - dx, lon1 + dx, max(-85.0, lat0 - dy), min(85.0, lat1 + dy))
    bm = load_basemap(wide, "auto", labels=False)

    def coll(geoms: Sequence[BaseGeometry]) -> dict[str, Any]:
        feats = []
        for g in geoms:
            doc = _round(shapely.simplify(g, _TOLERANCE_DEG, preserve_topology=True), 3)
            if doc is not None:
                feats.append({"type": "Feature", "properties": {}, "geometry": doc})
        return {"type": "FeatureCollection", "features": feats}

    return {"land": coll(bm.land), "coast": coll(bm.coastline), "borders": coll(bm.borders)}


def _zones(cat: Catalogue, box: tuple[float, float, float, float]) -> dict[str, Any]:
    import shapely

    lon0, lon1, lat0, lat1 = box
    dx, dy = (lon1 - lon0) / 2.0, (lat1 - lat0) / 2.0
    feats = []
    for _label, geom in cat.zones:
        outline = _to_frame(geom, (lon0 + lon1) / 2.0).boundary
        g = shapely.clip_by_rect(outline, lon0 - dx, lat0 - dy, lon1 + dx, lat1 + dy)
        doc = _round(shapely.simplify(g, _TOLERANCE_DEG), 3)
        if doc is not None:
            feats.append({"type": "Feature", "properties": {}, "geometry": doc})
    return {"type": "FeatureCollection", "features": feats}


def _rows(e: CatalogueEntry) -> list[list[str]]:
    from trajgeo.wording import percent

    claim = None
    if e.zone is not None:
        side = "Inside" if e.claim_inside else "Outside"
        claim = f"{side} {e.zone}" + (f" ({e.claim_source})" if e.claim_source else "")
    impact = None
    if e.impact is not None:
        lon, lat = e.impact
        ns, ew = "N" if lat >= 0 else "S", "E" if lon >= 0 else "W"
        impact = f"{abs(lat):.2f}° {ns}, {abs(lon):.2f}° {ew}"
    rows = [
        ["Date", e.date.isoformat() if e.date else "not given"],
        ["Missile", e.name or ""],
        ["Missiles in the group", str(e.count) if e.count != 1 else ""],
        ["Claim", claim or "none about this missile"],
        ["Verdict", VERDICTS[e.verdict][0]],
        ["Claim true", percent(e.probability) if e.probability is not None else ""],
        [
            f"Inside {e.zone}" if e.zone else "",
            percent(e.p_inside) if e.p_inside is not None else "",
        ],
        ["Impact (trajgeo's estimate)", impact or ""],
    ]
    return [r for r in rows if r[0] and r[1]]


def _shown(cat: Catalogue) -> list[CatalogueEntry]:
    """Return the entries the page shows: with a marker, or (no direction) a region only."""
    return [e for e in cat.entries if e.impact is not None or e.region_95 is not None]


def _groups(cat: Catalogue, colour_by: str) -> tuple[list[dict[str, str]], list[int], list[str]]:
    """Layers (label, colour), each shown entry's layer index, and its colour."""
    placed = _shown(cat)
    colours_all, _ = _colours(cat, colour_by)
    colour_of = {id(e): c for e, c in zip(cat.entries, colours_all, strict=True)}
    if colour_by == "verdict":
        keys: list[Any] = [k for k in VERDICTS if any(e.verdict == k for e in placed)]
        key_of: list[Any] = [e.verdict for e in placed]
        label = {k: VERDICTS[k][0] for k in keys}
        colour = {k: VERDICTS[k][1] for k in keys}
    else:
        keys = sorted({e.year for e in placed}, key=lambda y: (y is None, y or 0))
        key_of = [e.year for e in placed]
        label = {k: "date not given" if k is None else str(k) for k in keys}
        colour = {k: colour_of[id(next(e for e in placed if e.year == k))] for k in keys}
    counts = {k: key_of.count(k) for k in keys}
    groups = [{"label": f"{label[k]} ({counts[k]})", "colour": colour[k]} for k in keys]
    return groups, [keys.index(k) for k in key_of], [colour_of[id(e)] for e in placed]


def catalogue_data(cat: Catalogue, colour_by: str = "year", title: str | None = None) -> dict:
    """Return everything the HTML page shows, as JSON-ready data (no markup).

    Examples
    --------
    >>> from trajgeo.maps.catalogue import Catalogue, CatalogueEntry
    >>> e = CatalogueEntry("x", "<b>t</b>", None, 1, 1, None, (125.7, 39.0), (131.0, 40.0),
    ...                    None, "no_claim")
    >>> d = catalogue_data(Catalogue((e,)))
    >>> d["entries"][0]["title"], d["groups"][0]["label"]
    ('<b>t</b>', 'date not given (1)')
    """
    from trajgeo.maps.style import load_theme

    colour_by = parse_colour_by(colour_by)
    pal = load_theme(None).colors
    lon_ref = float(np.median([e.launch[0] for e in cat.entries]))
    box = _extent(cat, lon_ref)
    groups, which, colours = _groups(cat, colour_by)
    entries = []
    lines = iter(_geo_lines(cat))  # one per entry with a marker, in order
    for e, g, col in zip(_shown(cat), which, colours, strict=True):
        impact = track = None
        if e.impact is not None:
            impact = [round(_in_frame(e.impact[0], lon_ref), 4), round(e.impact[1], 4)]
            track = [
                [round(float(lat), 4), round(_in_frame(float(lon), lon_ref), 4)]
                for lon, lat in next(lines)
            ]
        region = None if e.region_95 is None else _round(_to_frame(e.region_95, lon_ref))
        label = (e.date.isoformat() if e.date else "no date") + " · " + VERDICTS[e.verdict][0]
        entries.append(
            {
                "id": e.event_id,
                "title": e.title,
                "label": label,
                "group": g,
                "colour": col,
                "impact": impact,
                "track": track,
                "region": region,
                "rows": _rows(e),
                "sources": [{"name": n or "source", "url": _url(u)} for n, u in e.sources],
            }
        )
    sites = np.unique(np.round([e.launch for e in cat.entries], 3), axis=0)
    credits = [BASEMAP_CREDIT] + ([cat.zone_credit] if cat.zone_credit else [])
    return {
        "entries": entries,
        "groups": groups,
        "launches": [[_in_frame(float(lon), lon_ref), float(lat)] for lon, lat in sites],
        "bounds": [[box[2], box[0]], [box[3], box[1]]],
        "colours": {
            "land": pal.land,
            "coast": pal.coastline,
            "border": pal.border,
            "eez": pal.eez,
            "launch": pal.launch,
            "halo": pal.halo,
            "text": pal.text,
        },
        # shown by Leaflet as markup: escaped here
        "credits": [esc(c) for c in credits],
        "words": {
            "title": title or _title(cat),
            "subtitle": _subtitle(cat, colour_by),
            "note": ESTIMATE_NOTE,
            "sources": "Sources",
            "launches": "Launch sites",
        },
        **_basemap(box),
        "zones": _zones(cat, box),
    }


def _url(url: str | None) -> str | None:
    from trajgeo.maps.html import safe_url

    return safe_url(url)


@lru_cache(maxsize=1)
def _templates() -> Any:
    """Return the Jinja2 environment of the page template (a trusted file; autoescaped).

    Event text is only ever passed to it as a *variable*, never compiled as a template.
    """
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("trajgeo.maps", "templates"),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def _script_source() -> str:
    from importlib.resources import files

    return files("trajgeo.maps").joinpath("templates", "catalogue.js").read_text(encoding="utf-8")


def _script(code: str) -> tuple[str, str]:
    """Return a ``<script>`` element of trusted code and its CSP hash source."""
    element = inline_script(code)
    inner = element[len("<script>") : -len("</script>")]
    digest = base64.b64encode(hashlib.sha256(inner.encode("utf-8")).digest()).decode()
    return element, f"'sha256-{digest}'"


def catalogue_html(
    cat: Catalogue,
    *,
    colour_by: str = "year",
    title: str | None = None,
    theme: Any = None,
    cdn: bool = False,
) -> str:
    """Return the catalogue as one HTML page with a Leaflet map.

    Parameters
    ----------
    cat
        The catalogue (:func:`trajgeo.maps.catalogue.build_catalogue`).
    colour_by
        ``"year"``: one layer per year (cividis colours); ``"verdict"``: one
        layer per verdict (Okabe–Ito colours). The layer control filters them.
    title
        Replaces the default title.
    theme
        Page colours (a theme name, file or :class:`~trajgeo.maps.style.Theme`).
    cdn
        Link Leaflet from jsDelivr with its integrity hash instead of inlining
        the copy trajgeo ships (the page then needs the network).
    """
    from markupsafe import Markup

    from trajgeo import __version__
    from trajgeo.maps.style import load_theme

    pal = load_theme(theme).colors
    data = catalogue_data(cat, colour_by, title)
    data["colours"].update(land=pal.land, coast=pal.coastline, border=pal.border, eez=pal.eez)
    js_url, css_url = ASSETS["leaflet"][1], ASSETS["leaflet_css"][1]
    own, own_hash = _script(_script_source())
    scripts = [own_hash]
    if cdn:
        assets = (
            f'<link rel="stylesheet" href="{esc(css_url)}" integrity="{asset_integrity(css_url)}"'
            ' crossorigin="anonymous">\n'
            f'<script src="{esc(js_url)}" integrity="{asset_integrity(js_url)}"'
            ' crossorigin="anonymous"></script>'
        )
        scripts.append(js_url)
        style_src = f"'unsafe-inline' {css_url}"
    else:
        leaflet, leaflet_hash = _script(asset_text(js_url))
        assets = inline_style(asset_text(css_url)) + "\n" + leaflet
        scripts.insert(0, leaflet_hash)
        style_src = "'unsafe-inline'"
    csp = (
        f"default-src 'none'; script-src {' '.join(scripts)}; style-src {style_src}; "
        "img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
    )
    css = _CSS
    for key, value in {"sea": pal.sea, "text": pal.text, "muted": pal.muted}.items():
        css = css.replace(f"@{key}@", value)
    css = css.replace("@bg@", pal.background + "EB")  # 92 % opaque
    alt = (
        f"{data['words']['title']}. {data['words']['subtitle']}. {len(cat.placed)} markers"
        f" and {len(cat.region_only)} regions without a marker. {ESTIMATE_NOTE}"
    )
    return str(
        _templates()
        .get_template("catalogue.html.j2")
        .render(
            title=data["words"]["title"],
            alt=alt,
            version=__version__,
            csp=csp,
            assets=Markup(assets),
            style=Markup(inline_style(css)),
            data=Markup(js_json(data)),
            script=Markup(own),
        )
    )


def write_catalogue_html(
    cat: Catalogue,
    path: str | Path,
    *,
    colour_by: str = "year",
    title: str | None = None,
    theme: Any = None,
    cdn: bool = False,
) -> Path:
    """Write :func:`catalogue_html` to ``path`` atomically (``"-"``: standard output)."""
    from trajgeo.io.atomic import write_text

    write_text(path, catalogue_html(cat, colour_by=colour_by, title=title, theme=theme, cdn=cdn))
    return Path(path)
