"""Safe HTML and script text for the interactive maps: escaping, links, inlined assets.

Every string that comes from an event file or a report goes through
:func:`esc` before it becomes HTML, is linked only through :func:`link`
(``http``/``https`` only), and reaches a ``<script>`` only through
:func:`js_json`, which escapes ``<``, ``>``, ``&`` and the two JavaScript line
separators so that no ``</script>`` can close the script early.

Assets for ``--self-contained`` output come from the PyPI package
``folium-offline`` (import name ``offlinefolium``), which ships the exact
Leaflet and Leaflet-plugin files folium links to, keyed by their CDN address;
nothing is ever downloaded at run time.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from trajgeo.errors import RenderError

__all__ = [
    "ASSETS",
    "asset_text",
    "esc",
    "inline_script",
    "inline_style",
    "js_json",
    "link",
    "safe_url",
]

#: Leaflet and plugin files the maps use: name -> (kind, CDN address folium links to).
#: The same address is the key under which ``folium-offline`` ships the file.
ASSETS: dict[str, tuple[str, str]] = {
    "leaflet_css": ("css", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"),
    "leaflet": ("js", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"),
    "Control.FullScreen.css": (
        "css",
        "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css",
    ),
    "Control.Fullscreen.js": (
        "js",
        "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js",
    ),
}

_INSTALL_HINT = (
    "--self-contained needs the 'folium-offline' package (it ships Leaflet and "
    "its plugins); install it with: pip install folium-offline"
)
_JS_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JS_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def esc(text: Any) -> str:
    """Return ``text`` as HTML-escaped text (``None`` gives ``""``).

    Examples
    --------
    >>> esc('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    """
    if text is None:
        return ""
    return html.escape(str(text), quote=True)


def safe_url(url: Any) -> str | None:
    r"""Return ``url`` if it is an absolute ``http(s)`` address with a host, else ``None``.

    Control characters and spaces anywhere in the address make it unsafe
    (browsers strip them, which is how ``java\tscript:`` tricks work).

    Examples
    --------
    >>> safe_url("https://example.org/a?b=1"), safe_url("javascript:alert(1)")
    ('https://example.org/a?b=1', None)
    """
    if not isinstance(url, str):
        return None
    text = url.strip()
    if not text or _CONTROL.search(text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return text


def link(text: Any, url: Any) -> str:
    """Return escaped ``text``, linked to ``url`` only when :func:`safe_url` accepts it.

    Examples
    --------
    >>> link("<b>FAS</b>", "javascript:alert(1)")
    '&lt;b&gt;FAS&lt;/b&gt;'
    """
    href = safe_url(url)
    if href is None:
        return esc(text)
    return (
        f'<a href="{esc(href)}" target="_blank" rel="noopener noreferrer nofollow">{esc(text)}</a>'
    )


def js_json(value: Any) -> str:
    r"""Encode ``value`` as JSON that is safe inside an HTML ``<script>`` element.

    Examples
    --------
    >>> js_json({"t": "</script><script>alert(1)</script>"})
    '{"t":"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JS_ESCAPE_RE.sub(lambda m: _JS_ESCAPES[m.group(0)], text)


def inline_script(code: str) -> str:
    """Wrap trusted JavaScript in a ``<script>`` element (``</script`` escaped)."""
    return "<script>" + re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE) + "</script>"


def inline_style(css: str) -> str:
    """Wrap trusted CSS in a ``<style>`` element (``</style`` escaped)."""
    return "<style>" + re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE) + "</style>"


@lru_cache(maxsize=1)
def _offline_resources() -> dict[str, str]:
    try:
        from offlinefolium import elements
    except ImportError:
        raise RenderError(_INSTALL_HINT) from None
    res = getattr(elements, "_res", None)
    if not isinstance(res, dict):
        raise RenderError(
            "the installed 'folium-offline' has no embedded resources; "
            "reinstall it: pip install 'folium-offline>=0.20.0.2,<0.21'"
        )
    return res


def asset_text(url: str) -> str:
    """Return the text of a Leaflet asset from the installed ``folium-offline`` package.

    Parameters
    ----------
    url
        The CDN address folium links to (the key ``folium-offline`` uses).

    Raises
    ------
    RenderError
        When ``folium-offline`` is not installed or lacks that file.
    """
    res = _offline_resources()
    if url not in res:
        raise RenderError(
            f"cannot inline {url}: the installed 'folium-offline' does not "
            "ship it; use the default (linked) output or update folium-offline"
        )
    return res[url].strip() + "\n"
