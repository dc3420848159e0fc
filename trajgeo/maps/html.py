"""Safe HTML and script text for the interactive maps: escaping, links, inlined assets.

Every string that comes from an event file or a report goes through
:func:`esc` before it becomes HTML, is linked only through :func:`link`
(``http``/``https`` only), and reaches a ``<script>`` only through
:func:`js_json`, which escapes ``<``, ``>``, ``&`` and the two JavaScript line
separators so that no ``</script>`` can close the script early.

Leaflet 1.9.3 and leaflet.fullscreen 3.0.0 ship inside trajgeo
(``trajgeo/maps/assets/``, unchanged from their npm packages, with their
licences and a ``manifest.json`` of Subresource Integrity hashes). Pages
inline them by default; with ``--cdn`` they link the identical jsDelivr files
with their ``integrity`` hash. Nothing is ever downloaded at run time.
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
    "asset_bytes",
    "asset_integrity",
    "asset_manifest",
    "asset_text",
    "esc",
    "inline_script",
    "inline_style",
    "js_json",
    "link",
    "safe_url",
]

#: Leaflet and plugin files the maps use: name -> (kind, jsDelivr address of the
#: vendored file). jsDelivr serves exactly the npm file at that address (the
#: plugin's non-minified script: a ``.min.js`` there is generated on the fly).
ASSETS: dict[str, tuple[str, str]] = {
    "leaflet_css": ("css", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"),
    "leaflet": ("js", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"),
    "Control.FullScreen.css": (
        "css",
        "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css",
    ),
    "Control.Fullscreen.js": (
        "js",
        "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.js",
    ),
}
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+?)['\"]?\s*\)")
_MEDIA_TYPES = {".png": "image/png", ".svg": "image/svg+xml"}
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
def asset_manifest() -> dict[str, Any]:
    """Return ``trajgeo/maps/assets/manifest.json``: each vendored file's hash and origin."""
    return dict(json.loads(_assets().joinpath("manifest.json").read_text(encoding="utf-8")))


def _assets() -> Any:
    from importlib.resources import files

    return files("trajgeo.maps").joinpath("assets")


def _vendored(url: str) -> tuple[str, str, dict[str, Any]]:
    """Return (package folder, file path, manifest entry) of the vendored copy of ``url``."""
    for folder, pkg in asset_manifest()["packages"].items():
        for rel, entry in pkg["files"].items():
            if entry["cdn"] == url:
                return folder, rel, entry
    raise RenderError(f"{url} is not one of the Leaflet files trajgeo ships")


def asset_bytes(url: str) -> bytes:
    r"""Return the vendored file served at ``url``, byte for byte.

    Examples
    --------
    >>> asset_bytes(ASSETS["leaflet"][1])[:20]
    b'/* @preserve\n * Leaf'
    """
    folder, rel, _ = _vendored(url)
    return bytes(_assets().joinpath(folder, *rel.split("/")).read_bytes())


def asset_integrity(url: str) -> str:
    """Return the Subresource Integrity value (``sha384-…``) of the file at ``url``."""
    return str(_vendored(url)[2]["integrity"])


def asset_text(url: str) -> str:
    """Return the text of a vendored asset for inlining into a page.

    Images a stylesheet refers to (``url(images/layers.png)``) become
    ``data:`` URIs of the vendored images, so an inlined page needs no file
    beside it.

    Raises
    ------
    RenderError
        When ``url`` is not one of the vendored files.
    """
    import base64

    folder, rel, _ = _vendored(url)
    text = asset_bytes(url).decode("utf-8")
    if rel.endswith(".css"):
        base = rel.rsplit("/", 1)[0] + "/" if "/" in rel else ""

        def data_uri(m: re.Match[str]) -> str:
            ref = m.group(1)
            if ref.startswith(("data:", "http:", "https:", "#")):
                return m.group(0)
            path = _assets().joinpath(folder, *(base + ref).split("/"))
            kind = _MEDIA_TYPES.get(
                "." + ref.rsplit(".", 1)[-1].lower(), "application/octet-stream"
            )
            return f"url(data:{kind};base64,{base64.b64encode(path.read_bytes()).decode()})"

        text = _CSS_URL.sub(data_uri, text)
    return text.strip() + "\n"
