"""The HTML page or fragment of a map: assets, Content-Security-Policy, layout."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from trajgeo.maps.html import (
    asset_integrity,
    asset_manifest,
    asset_text,
    esc,
    inline_script,
    inline_style,
)

if TYPE_CHECKING:
    import folium

    from trajgeo.maps.spec import MapSpec
from trajgeo.maps.features import EMBED_HEIGHT, _theme, _tile_origin

__all__ = [
    "map_html",
]


#: Run first in a map's script: an earlier copy of the same fragment on the page (its map
#: already drawn) takes new ids, so this copy's ids, and Leaflet's lookup by id, are its own.
#: The styles select by ``data-trajgeo``, not by id, so every copy keeps them.
_UNIQUE_IDS_JS = """(function (mapId, wrapId) {
  var n = 0;
  document.querySelectorAll('[id=' + JSON.stringify(mapId) + ']').forEach(function (e) {
    if (!e._leaflet_id) { return; }
    while (document.getElementById(mapId + '-' + (++n))) {}
    e.id = mapId + '-' + n;
    if (e.parentNode && e.parentNode.id === wrapId) { e.parentNode.id = wrapId + '-' + n; }
  });
})(%r, %r);
"""

_CSS = """
{sel} {{ position: relative; width: 100%; height: {height};
  font: 13px/1.35 "DejaVu Sans", system-ui, -apple-system, "Segoe UI", sans-serif; }}
{sel} .folium-map {{ position: absolute; top: 0; bottom: 0; left: 0; right: 0;
  background: {sea}; }}
{sel} .leaflet-container {{ background: {sea}; font: inherit; }}
{sel} .trajgeo-box {{ background: {paper}; color: {text};
  padding: 6px 9px; border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,0.3);
  max-width: 340px; }}
{sel} .trajgeo-title h2 {{ font-size: 15px; margin: 0 0 2px 0; line-height: 1.25;
  display: inline; }}
{sel} details.trajgeo-fold > summary {{ cursor: pointer; }}
{sel} .trajgeo-legend details.trajgeo-fold > summary {{ font-weight: 600; }}
{sel} .trajgeo-narrow .trajgeo-title h2 {{ font-size: 13px; }}
{sel} .trajgeo-narrow .trajgeo-box {{ padding: 4px 7px; }}
{sel} .trajgeo-narrow .trajgeo-legend {{ max-height: 45vh; }}
{sel} .trajgeo-narrow .leaflet-control-attribution {{ font-size: 9px; line-height: 1.3;
  max-width: calc(100% - 110px); }}
{sel} .trajgeo-title p {{ margin: 0; color: {muted}; font-size: 12px; }}
{sel} .trajgeo-legend {{ font-size: 12px; max-height: 60vh; overflow-y: auto;
  overflow-x: hidden; }}
{sel} .trajgeo-legend ul {{ list-style: none; margin: 0; padding: 0; }}
{sel} .trajgeo-legend li {{ margin: 2px 0; padding-left: 24px; text-indent: -24px; }}
{sel} .trajgeo-legend details {{ margin-top: 4px; white-space: normal; color: {muted}; }}
{sel} .trajgeo-legend summary {{ cursor: pointer; color: {text}; }}
{sel} .trajgeo-sw {{ display: inline-block; width: 18px; height: 10px;
  margin-right: 6px; vertical-align: middle; box-sizing: border-box; }}
{sel} .trajgeo-credit {{ color: {muted}; margin-top: 4px; }}
{sel} .trajgeo-badge {{ font-size: 12px; border: 1px solid {muted}; }}
{sel} .trajgeo-badge ul {{ list-style: none; margin: 0; padding: 0; }}
{sel} .trajgeo-badge li {{ margin: 2px 0; }}
{sel} .trajgeo-label {{ color: {text}; font-size: 11px; font-weight: 600;
  white-space: nowrap; text-shadow: 0 0 2px {halo}, 0 0 2px {halo}, 0 0 3px {halo}; }}
{sel} .trajgeo-popup h3 {{ font-size: 14px; margin: 0 0 4px 0; }}
{sel} .trajgeo-popup h4 {{ font-size: 12px; margin: 6px 0 2px 0; }}
{sel} .trajgeo-popup table {{ border-collapse: collapse; font-size: 12px; }}
{sel} .trajgeo-popup th {{ text-align: left; padding: 1px 8px 1px 0; color: {muted};
  font-weight: normal; vertical-align: top; }}
{sel} .trajgeo-popup ul {{ margin: 0; padding-left: 16px; font-size: 12px; }}
{sel} .trajgeo-popup .st-outside {{ color: #1b7837; }}
{sel} .trajgeo-popup .st-inside {{ color: #b2182b; }}
{sel} .trajgeo-popup .st-straddles {{ color: #b35806; }}
{sel} .trajgeo-measure a {{ font-size: 16px; font-weight: bold; }}
{sel} .trajgeo-measure-on a {{ background: #ffe9a8; }}
{sel} .trajgeo-measure-out {{ background: {paper}; color: {text}; padding: 0 6px; font-size: 12px;
  white-space: nowrap; }}
{sel} .trajgeo-measure-out:empty {{ display: none; }}
{sel} .trajgeo-alt {{ position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }}
"""


# --------------------------------------------------------------------------- HTML output
def _translucent(colour: str, alpha: float) -> str:
    """Return a ``#RRGGBB`` colour as CSS ``rgba()`` with the given opacity.

    Examples
    --------
    >>> _translucent("#15191E", 0.92)
    'rgba(21,25,30,0.92)'
    """
    h = colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha:g})"


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
    tile_origin = _tile_origin(tiles) if tiles else None
    img = " ".join(["data:", *images, *([tile_origin] if tile_origin else [])])
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
        sel=f'.trajgeo-map[data-trajgeo="{map_id}"]',
        height=css_length(height) if height else (EMBED_HEIGHT if embed else "100%"),
        sea=th.colors.sea,
        text=th.colors.text,
        muted=th.colors.muted,
        # boxes and label halos in the theme's paper colour: white boxes were unreadable dark
        paper=_translucent(th.colors.background, 0.92),
        halo=th.colors.halo,
    )
    if not embed:
        css = "html, body { height: 100%; margin: 0; padding: 0; }\n" + css
    asset_html = "\n".join(_asset_html(k, u, not cdn) for k, u in assets)
    from markupsafe import Markup

    from trajgeo import __version__

    values = {
        # untrusted text: escaped by the template
        "title": title,
        "alt": alt,
        # trusted markup: trajgeo's own styles and scripts and folium's rendering
        "wrap": wrap,
        "map_id": map_id,
        "version": __version__,
        "style": Markup(inline_style(css)),
        "switches": Markup(inline_script("L_NO_TOUCH = false; L_DISABLE_3D = false;")),
        "assets": Markup(asset_html),
        "extra": Markup("\n".join(extra)),
        "body": Markup("".join(body)),
        "script": Markup(
            inline_script("(function () {\n" + _UNIQUE_IDS_JS % (map_id, wrap) + script + "\n})();")
        ),
    }
    if embed:
        return _templates().get_template("fragment.html.j2").render(values)
    page = _templates().get_template("page.html.j2")
    draft = page.render(values, csp="")  # the scripts, to hash them for the policy
    return page.render(values, csp=_csp(assets, cdn, tiles, draft))


@lru_cache(maxsize=1)
def _templates() -> Any:
    """Return the Jinja2 environment of the page templates (trusted files; autoescaped).

    Event text is only ever passed as a *variable* to these templates: it is
    never compiled as a template itself.
    """
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("trajgeo.maps", "templates"),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


#: A CSS length the page writes as given: a number and a unit, nothing else.
_CSS_LENGTH = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:px|%|vh|vw|em|rem)")


def css_length(value: Any) -> str:
    """Return a map height as a CSS length; refuse anything else (it is written into the CSS).

    A number is pixels. ``"banana"`` or ``"-5"`` had been written into the page's style.

    Examples
    --------
    >>> css_length(600), css_length("60vh")
    ('600px', '60vh')
    >>> css_length("1px; background: url(x)")
    Traceback (most recent call last):
    ...
    trajgeo.errors.InputError: height: not a CSS length (got '1px; background: url(x)'); \
allowed: pixels (a number above 0) or a length such as 600px, 80%, 60vh
    """
    from trajgeo.errors import InputError

    allowed = "pixels (a number above 0) or a length such as 600px, 80%, 60vh"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value > 0 and value == value and value != float("inf"):
            return f"{value:g}px"
        raise InputError("not a CSS length", field="height", value=value, allowed=allowed)
    if isinstance(value, str) and _CSS_LENGTH.fullmatch(value.strip()):
        return value.strip()
    raise InputError("not a CSS length", field="height", value=value, allowed=allowed)
