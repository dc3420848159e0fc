"""Interactive HTML maps: content, escaping, offline output, and real-browser checks.

Browser tests drive Debian's headless Chromium over the DevTools protocol on
a pipe (``--remote-debugging-pipe``: no port, no extra package) with no
network: a proxy that refuses everything. They skip where Chromium is absent
unless ``TRAJGEO_REQUIRE_BROWSER=1``, which makes them fail instead.
"""

from __future__ import annotations

import base64
import json
import os
import re
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import EXAMPLES, browser_required

folium = pytest.importorskip("folium")

CHROMIUM = "/usr/bin/chromium"
SHOTS_DIR = (
    Path(os.environ.get("TRAJGEO_SCREENSHOT_DIR", tempfile.gettempdir())) / "trajgeo-interactive"
)

HOSTILE_IMG = "<img src=x onerror=alert(1)>"
HOSTILE_SCRIPT = "</script><script>alert(2)</script>"
HOSTILE_TPL = "`${alert(3)}`"
HOSTILE_URL = "javascript:alert(4)"


# --------------------------------------------------------------------------- fixtures
def _event(**over):
    data = {
        "id": "test-salvo",
        "title": "Test salvo from Pyongyang",
        "date": "2024-03-18T07:44:00+09:00",
        "launch": {"site": "Pyongyang", "radius_km": 15},
        "shots": [
            {
                "count": 3,
                "missile": "SRBM",
                "range_km": [300, 350],
                "bearing": "NE",
                "source": "ROK JCS",
            }
        ],
        "claims": [{"zone": "JPN", "inside": False, "source": "Japan MOD"}],
        "sources": [
            {"title": "Report", "url": "https://example.org/report", "publisher": "Example News"}
        ],
    }
    data.update(over)
    return data


@pytest.fixture(scope="module")
def gaz():
    from trajgeo.events.gazetteer import Gazetteer, Place

    return Gazetteer.from_places(
        (
            Place("pyongyang", "Pyongyang", 125.7381, 39.0194, "city", "PRK", 15.0, (), "test"),
            Place("wenchang", "Wenchang", 110.95, 19.6, "launch_site", "CHN", 0.0, (), "test"),
        )
    )


def _spec_and_geoms(event_dict, gaz, rings_km=(), zones=True):
    from trajgeo.events import parse_event
    from trajgeo.geo.impact import event_geometry
    from trajgeo.maps.spec import build_spec

    ev = parse_event(event_dict, gazetteer=gaz)
    geoms = [event_geometry(ev, rings_km=rings_km)]
    verdicts, zs = None, None
    if zones:
        try:
            import shapely.ops  # noqa: F401  (spec.py uses shapely.ops)

            from trajgeo.maritime.verdicts import check_event
            from trajgeo.maritime.zoneset import load_zones

            zs = load_zones()
            verdicts = [check_event(geoms[0], zs)]
        except Exception:  # no shipped zones in this checkout: draw without verdicts
            verdicts, zs = None, None
    return build_spec(geoms, verdicts, zones=zs), geoms, verdicts


@pytest.fixture(scope="module")
def salvo(gaz):
    return _spec_and_geoms(_event(), gaz, rings_km=(500,))


@pytest.fixture(scope="module")
def pacific(gaz):
    return _spec_and_geoms(
        _event(
            id="pacific",
            title="Pacific flight",
            launch={"site": "Wenchang", "radius_km": 20},
            shots=[
                {
                    "count": 1,
                    "missile": "ICBM",
                    "impact": {"lat": -10.0, "lon": -150.0, "radius_km": 300},
                }
            ],
            claims=[],
        ),
        gaz,
        zones=False,
    )


@pytest.fixture(scope="module")
def hostile(gaz):
    return _spec_and_geoms(
        _event(
            id="hostile",
            title=f"Title {HOSTILE_IMG} {HOSTILE_SCRIPT} {HOSTILE_TPL}",
            summary=HOSTILE_SCRIPT,
            launch={"lat": 39.0, "lon": 125.7, "name": f"Site {HOSTILE_IMG}", "radius_km": 10},
            shots=[
                {
                    "count": 2,
                    "missile": f"M {HOSTILE_SCRIPT}",
                    "range_km": [300, 350],
                    "bearing": "NE",
                    "source": f"Src {HOSTILE_IMG}",
                    "note": HOSTILE_TPL,
                    "label": f"L {HOSTILE_IMG}",
                }
            ],
            claims=[{"zone": "JPN", "inside": False, "source": f"Claim {HOSTILE_SCRIPT}"}],
            sources=[
                {
                    "title": f"Bad link {HOSTILE_IMG}",
                    "url": HOSTILE_URL,
                    "publisher": HOSTILE_SCRIPT,
                },
                {"title": "Good link", "url": "https://example.org/ok?a=1&b=<2>"},
            ],
        ),
        gaz,
    )


def _html(spec_geoms, **kw):
    from trajgeo.maps.interactive import build_map, map_html

    spec, geoms, verdicts = spec_geoms
    tiles = kw.pop("tiles", None)
    m = build_map(spec, geometries=geoms, verdicts=verdicts, tiles=tiles)
    return map_html(m, spec=spec, tiles=tiles, **kw)


# --------------------------------------------------------------------------- escaping units
@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<b>x</b>", False),
        ("//example.org/x", False),
        ("https://", False),
        ("ftp://example.org", False),
        ("vbscript:x", False),
        (None, False),
        ("https://exa mple.org", False),
    ],
)
def test_safe_url_links_only_http(url, ok):
    from trajgeo.maps.html import link, safe_url

    assert (safe_url(url) is not None) is ok
    html = link("t", url)
    assert html.startswith("<a ") is ok


def test_js_json_cannot_close_a_script():
    from trajgeo.maps.html import js_json

    text = js_json({"a": HOSTILE_SCRIPT, "b": "\u2028&"})
    assert "</" not in text and "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": HOSTILE_SCRIPT, "b": "\u2028&"}


# --------------------------------------------------------------------------- map content
def test_build_map_returns_folium_map_with_every_layer(salvo):
    from trajgeo.maps.interactive import LAYER_NAMES, build_map

    spec, geoms, verdicts = salvo
    m = build_map(spec, geometries=geoms, verdicts=verdicts)
    assert isinstance(m, folium.Map)
    html = _html(salvo, cdn=True)  # the page's own content, without Leaflet's source
    for key in ("arcs", "impact_zones", "impacts", "launches", "rings", "launch_areas"):
        assert json.dumps(LAYER_NAMES[key]) in html, key
    # trajgeo draws geodesic polygons; Leaflet's Mercator circle is never used
    assert "L.circle(" not in html
    assert "tile" not in html.lower().replace("title", "")


def test_pacific_arc_is_one_continuous_line(pacific):
    html = _html(pacific)
    spec = pacific[0]
    assert spec.crosses_antimeridian
    data = _layer_data(html, "arcs")
    (feat,) = data["features"]
    assert feat["geometry"]["type"] == "LineString"
    lons = np.array(feat["geometry"]["coordinates"])[:, 0]
    assert np.abs(np.diff(lons)).max() < 5.0  # no jump across the world
    assert lons.min() < 180.0 < lons.max()  # runs on past 180° in the Pacific frame
    zone = _layer_data(html, "impact_zones")["features"][0]["geometry"]
    assert zone["type"] == "Polygon"  # rejoined, not split at 180°


def _layer_data(html, key):
    """The GeoJSON of a layer, decoded from the page's script."""
    from trajgeo.maps.interactive import LAYER_NAMES

    m = re.search(r"var (feature_group_\w+) = L\.featureGroup\([^;]*;", html)
    assert m
    groups = re.findall(r"var (feature_group_\w+) = L\.featureGroup", html)
    names = {
        g: n
        for g, n in re.findall(r'"([^"]+)" : (feature_group_\w+)', html)[::-1]
        for g, n in [(n, g)]
    }
    for g in groups:
        if names.get(g) == LAYER_NAMES[key]:
            call = re.search(r"trajgeoLeaflet\.layer\((\{.*?\}), " + g + r"\);", html)
            return json.loads(call.group(1))["data"]
    raise AssertionError(f"layer {key} not found")


def test_seed_example_html_is_under_500_kb():
    from trajgeo.maps import make_spec

    path = EXAMPLES / "seed-east-coast-srbm-salvo.yaml"
    if not path.exists():
        pytest.skip("seed example not shipped in this checkout")
    import shapely.ops  # noqa: F401

    from trajgeo.maps.interactive import build_map, map_html

    spec = make_spec(path)
    html = map_html(build_map(spec), spec=spec)
    assert len(html.encode()) < 500_000


def test_hostile_strings_are_escaped_in_the_source(hostile):
    html = _html(hostile)
    assert "<img src=x" not in html
    assert HOSTILE_SCRIPT not in html
    assert 'href="javascript' not in html.lower()
    assert "javascript:alert(4)" not in html  # the bad link is not kept at all
    # exactly the scripts trajgeo writes: the switches, Leaflet + 2 plugins, the map
    assert html.count("<script") == html.count("</script>")
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # shown as text (HTML-escaped)


def test_self_contained_has_no_external_reference(salvo):
    html = _html(salvo, self_contained=True)
    assert "<script src" not in html and "<link" not in html
    assert "Leaflet 1.9.3" in html
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "https:" not in csp and "http:" not in csp


def test_embed_fragments_have_unique_ids(salvo):
    a, b = _html(salvo, embed=True), _html(salvo, embed=True)
    assert "<html" not in a and "<body" not in a and "html, body" not in a
    ids_a = set(re.findall(r'id="([^"]+)"', a))
    ids_b = set(re.findall(r'id="([^"]+)"', b))
    assert ids_a and not ids_a & ids_b


def test_tiles_are_off_unless_asked(salvo):
    from trajgeo.errors import InputError

    assert "openstreetmap" not in _html(salvo).lower()
    with_tiles = _html(salvo, tiles="OpenStreetMap.Mapnik")
    assert "tile.openstreetmap.org" in with_tiles
    assert "https://tile.openstreetmap.org" in re.search(
        r'Content-Security-Policy" content="([^"]+)"', with_tiles
    ).group(1)
    with pytest.raises(InputError, match="unknown tile provider"):
        _html(salvo, tiles="No.Such.Provider")


def test_interactive_map_python_api(gaz):
    from trajgeo.events import parse_event
    from trajgeo.geo.impact import event_geometry
    from trajgeo.maps.interactive import interactive_map

    eg = event_geometry(parse_event(_event(), gazetteer=gaz), rings_km=(500,))
    m = interactive_map(eg, verdicts=None)
    assert isinstance(m, folium.Map)
    assert "srcdoc" in m._repr_html_()  # displays inline in Jupyter


def test_cli_writes_html(run_cli, tmp_path):

    path = EXAMPLES / "2024-03-18-pyongyang.yaml"
    if not path.exists():
        pytest.skip("example not shipped in this checkout")
    out = tmp_path / "map.html"
    res = run_cli("map", str(path), "-o", str(out), "--self-contained", "--no-zones")
    assert res.exit_code == 0, res.output
    text = out.read_text()
    assert text.startswith("<!DOCTYPE html>") and "<script src" not in text


# --------------------------------------------------------------------------- browser
class Browser:
    """Headless Chromium driven over the DevTools protocol on a pipe."""

    def __init__(self, proxy: str = "127.0.0.1:9") -> None:
        self.tmp = tempfile.mkdtemp(prefix="trajgeo-chromium-")
        r_in, self._w = os.pipe()
        self._r, w_out = os.pipe()

        def fds() -> None:  # runs in the child: the protocol wants fds 3 and 4
            a, b = os.dup(r_in), os.dup(w_out)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--disable-dev-shm-usage",
                f"--proxy-server={proxy}",
                "--proxy-bypass-list=<-loopback>",
                f"--user-data-dir={self.tmp}",
                "--remote-debugging-pipe",
                "--allow-file-access-from-files",
                "about:blank",
            ],
            pass_fds=(3, 4),
            preexec_fn=fds,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(r_in)
        os.close(w_out)
        self._buf = b""
        self._id = 0
        self.events: list[dict] = []
        targets = self.send("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.send("Target.attachToTarget", targetId=page["targetId"], flatten=True)[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.send(f"{domain}.enable", session=True)

    def send(self, method: str, session: bool = False, timeout: float = 30.0, **params):
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params}
        if session:
            msg["sessionId"] = self.session
        os.write(self._w, json.dumps(msg).encode() + b"\0")
        want = self._id
        end = time.time() + timeout
        while time.time() < end:
            for m in self._read(end - time.time()):
                if m.get("id") == want:
                    if "error" in m:
                        raise RuntimeError(f"{method}: {m['error']}")
                    return m.get("result", {})
                self._event(m)
        raise TimeoutError(method)

    def _read(self, timeout: float):
        ready, _, _ = select.select([self._r], [], [], max(timeout, 0.0))
        if ready:
            chunk = os.read(self._r, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self._buf += chunk
        out = []
        while b"\0" in self._buf:
            raw, self._buf = self._buf.split(b"\0", 1)
            out.append(json.loads(raw))
        return out

    def _event(self, m: dict) -> None:
        if "method" not in m:
            return
        self.events.append(m)
        if m["method"] == "Page.javascriptDialogOpening":
            msg = {
                "id": 10_000_000 + len(self.events),
                "method": "Page.handleJavaScriptDialog",
                "params": {"accept": True},
                "sessionId": self.session,
            }
            os.write(self._w, json.dumps(msg).encode() + b"\0")

    def pump(self, seconds: float) -> None:
        end = time.time() + seconds
        while time.time() < end:
            for m in self._read(end - time.time()):
                self._event(m)

    def open(self, path: Path, width: int = 1200, height: int = 800, settle: float = 1.5) -> None:
        self.send(
            "Emulation.setDeviceMetricsOverride",
            session=True,
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        self.events.clear()
        self.send("Page.navigate", session=True, url=path.resolve().as_uri())
        end = time.time() + 30
        while time.time() < end and not any(
            e["method"] == "Page.loadEventFired" for e in self.events
        ):
            self.pump(0.2)
        self.pump(settle)

    def js(self, expression: str):
        res = self.send(
            "Runtime.evaluate",
            session=True,
            expression=expression,
            returnByValue=True,
            awaitPromise=True,
        )
        if "exceptionDetails" in res:
            raise AssertionError(res["exceptionDetails"])
        self.pump(0.2)
        return res["result"].get("value")

    def screenshot(self, path: Path) -> Path:
        data = self.send("Page.captureScreenshot", session=True, format="png")["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    # what happened
    def errors(self) -> list[str]:
        out = []
        for e in self.events:
            p = e.get("params", {})
            if e["method"] == "Runtime.exceptionThrown":
                out.append(json.dumps(p["exceptionDetails"])[:300])
            elif e["method"] == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append(json.dumps(p.get("args"))[:300])
            elif e["method"] == "Log.entryAdded" and p["entry"]["level"] == "error":
                out.append(p["entry"].get("text", "") + " " + p["entry"].get("url", ""))
        return out

    def requests(self) -> list[str]:
        return [
            e["params"]["request"]["url"]
            for e in self.events
            if e["method"] == "Network.requestWillBeSent"
        ]

    def dialogs(self) -> list[str]:
        return [
            e["params"].get("message", "")
            for e in self.events
            if e["method"] == "Page.javascriptDialogOpening"
        ]

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._w)
        os.close(self._r)
        shutil.rmtree(self.tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        if browser_required():
            pytest.fail(f"{CHROMIUM} is missing and TRAJGEO_REQUIRE_BROWSER=1")
        pytest.skip(f"{CHROMIUM} not installed")
    b = Browser()
    yield b
    b.close()


def _serve_cdn_from_package(b: Browser) -> None:
    """Answer the page's CDN requests with the files trajgeo ships (the machine is offline)."""
    b.send("Fetch.enable", session=True, patterns=[{"urlPattern": "https://*"}])


def _pump_fetch(b: Browser, seconds: float) -> None:
    from trajgeo.maps.html import asset_bytes

    end = time.time() + seconds
    while time.time() < end:
        for m in b._read(end - time.time()):
            if m.get("method") == "Fetch.requestPaused":
                p = m["params"]
                url = p["request"]["url"]
                try:
                    body = asset_bytes(url)  # byte for byte, as jsDelivr serves it
                    ctype = "text/css" if url.endswith(".css") else "application/javascript"
                    msg = {
                        "method": "Fetch.fulfillRequest",
                        "params": {
                            "requestId": p["requestId"],
                            "responseCode": 200,
                            "responseHeaders": [
                                {"name": "Content-Type", "value": ctype},
                                {"name": "Access-Control-Allow-Origin", "value": "*"},
                            ],
                            "body": base64.b64encode(body).decode(),
                        },
                    }
                except Exception:
                    msg = {
                        "method": "Fetch.failRequest",
                        "params": {"requestId": p["requestId"], "errorReason": "Failed"},
                    }
                b._id += 1
                msg.update(id=b._id, sessionId=b.session)
                os.write(b._w, json.dumps(msg).encode() + b"\0")
            b._event(m)


_COUNT_JS = "document.querySelectorAll('path.leaflet-interactive').length"
_LEGEND_JS = "(document.querySelector('.trajgeo-legend')||{}).innerText||''"


def _arc_pixels(png: Path, colour: str) -> int:
    from PIL import Image

    target = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
    img = np.asarray(Image.open(png).convert("RGB")).astype(int)
    return int((np.abs(img - target).sum(axis=2) < 40).sum())


@pytest.mark.browser
def test_self_contained_map_renders_offline_without_requests(browser, salvo, tmp_path):
    from trajgeo.maps.style import LIGHT

    path = tmp_path / "salvo.html"
    path.write_text(_html(salvo, self_contained=True))
    browser.open(path)
    assert browser.errors() == []
    others = [
        u
        for u in browser.requests()
        if not u.startswith(("data:", "about:")) and u != path.resolve().as_uri()
    ]
    assert others == []
    assert browser.dialogs() == []
    n = browser.js(_COUNT_JS)
    # arc + impact zone + impact point + launch point + launch area + ring (+ EEZ lines)
    assert n >= 6
    legend = browser.js(_LEGEND_JS)
    assert "Possible impact area" in legend and "Range ring" in legend
    assert browser.js("document.querySelectorAll('.leaflet-control-layers').length") == 1
    assert browser.js("document.querySelectorAll('.leaflet-control-scale').length") == 1
    assert (
        browser.js(
            "document.querySelectorAll('.leaflet-control-zoom-fullscreen,.fullscreen-icon').length"
        )
        >= 1
    )
    # the distance tool: two clicks give a great-circle distance
    browser.js("document.querySelector('.trajgeo-measure a').click()")
    browser.js("""(() => { const m = Object.values(window.trajgeoLeaflet.maps)[0];
      m.fire('click', {latlng: L.latLng(39, 125)}); m.fire('click', {latlng: L.latLng(39, 135)});
    })()""")
    out = browser.js("document.querySelector('.trajgeo-measure-out').innerText")
    assert out.startswith("Great circle: 86") and "km" in out  # 864.8 km on the sphere
    browser.js("document.querySelector('.trajgeo-measure a').click()")
    # switching a layer off removes its paths
    before = n
    browser.js(
        "Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label'))"
        ".find(l => l.innerText.includes('Nominal flight paths'))"
        ".querySelector('input').click()"
    )
    assert browser.js(_COUNT_JS) == before - 1
    browser.js(
        "Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label'))"
        ".find(l => l.innerText.includes('Nominal flight paths'))"
        ".querySelector('input').click()"
    )
    shot = browser.screenshot(SHOTS_DIR / "salvo-self-contained.png")
    assert _arc_pixels(shot, LIGHT.colors.shot(0)) > 150


@pytest.mark.browser
def test_linked_map_loads_only_the_pinned_cdn_files(browser, pacific, tmp_path):
    """--cdn: the exact vendored files, each passing its integrity check in the browser."""
    from trajgeo.maps.html import ASSETS, asset_manifest
    from trajgeo.maps.style import LIGHT

    path = tmp_path / "pacific.html"
    page = _html(pacific, cdn=True)
    assert page.count('integrity="sha384-') == len(ASSETS)
    path.write_text(page)
    _serve_cdn_from_package(browser)
    try:
        browser.send(
            "Emulation.setDeviceMetricsOverride",
            session=True,
            width=1200,
            height=800,
            deviceScaleFactor=1,
            mobile=False,
        )
        browser.events.clear()
        browser.send("Page.navigate", session=True, url=path.resolve().as_uri())
        _pump_fetch(browser, 4.0)
    finally:
        browser.send("Fetch.disable", session=True)
    assert browser.errors() == []
    urls = {u for u in browser.requests() if u.startswith("http")}
    shipped = {
        e["cdn"] for pkg in asset_manifest()["packages"].values() for e in pkg["files"].values()
    }
    assert urls and {u for _, u in ASSETS.values()} <= urls <= shipped
    assert browser.js(_COUNT_JS) >= 4
    # the arc is one SVG path (not two halves split at 180°)
    shot = browser.screenshot(SHOTS_DIR / "pacific-linked.png")
    assert _arc_pixels(shot, LIGHT.colors.shot(0)) > 150


#: Opens every tooltip and popup, as a reader would, and returns all the text seen.
_OPEN_ALL_JS = """(() => {
      const m = Object.values(window.trajgeoLeaflet.maps)[0];
      const out = [];
      m.eachLayer(l => {
        if (l.getTooltip && l.getTooltip() && l.getLatLng) { l.openTooltip(); }
        if (l.getPopup && l.getPopup()) {
          const ll = l.getLatLng ? l.getLatLng() : l.getBounds().getCenter();
          l.openPopup(ll);
          const c = document.querySelector('.leaflet-popup-content');
          if (c) out.push(c.innerText);
        }
        if (l.getTooltip && l.getTooltip()) {
          l.openTooltip(l.getLatLng ? l.getLatLng() : l.getBounds().getCenter());
          const t = document.querySelector('.leaflet-tooltip');
          if (t) out.push(t.innerText);
        }
      });
      out.push(document.body.innerText);
      return out.join('\\n');
    })()"""


@pytest.mark.browser
def test_hostile_input_is_shown_as_text_and_never_runs(browser, hostile, tmp_path):
    path = tmp_path / "hostile.html"
    path.write_text(_html(hostile, self_contained=True))
    browser.open(path)
    # open every tooltip and popup, as a reader would
    texts = browser.js(_OPEN_ALL_JS)
    browser.pump(1.0)
    assert browser.dialogs() == []
    assert browser.errors() == []
    assert browser.js("document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert browser.js("document.querySelectorAll('script').length") == browser.js(
        "document.querySelectorAll('script:not([src])').length"
    )
    # every link is http(s), except Leaflet's own in-page buttons ("#")
    assert (
        browser.js(
            "Array.from(document.querySelectorAll('a[href]')).filter(a => "
            "!a.getAttribute('href').startsWith('#') && "
            "!/^https?:/.test(a.href)).length"
        )
        == 0
    )
    assert (
        browser.js("document.querySelectorAll('a[href^=\"https://example.org/ok\"]').length") >= 1
    )
    assert HOSTILE_IMG in texts  # shown to the reader as text
    assert "M " + HOSTILE_SCRIPT in texts
    assert HOSTILE_TPL in texts
    assert "Good link" in texts
    browser.screenshot(SHOTS_DIR / "hostile.png")


@pytest.mark.browser
def test_two_embedded_maps_share_a_page(browser, salvo, pacific, tmp_path):
    a = _html(salvo, embed=True, self_contained=True, height="420px")
    b = _html(pacific, embed=True, self_contained=True, height="420px")
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Two maps</title></head>"
        "<body><h1>Article</h1><p>First map:</p>"
        + a
        + "<p>Second map:</p>"
        + b
        + "<p>The end.</p></body></html>"
    )
    path = tmp_path / "two.html"
    path.write_text(page)
    browser.open(path, height=1100)
    assert browser.errors() == []
    assert browser.js("Object.keys(window.trajgeoLeaflet.maps).length") == 2
    counts = browser.js(
        "Array.from(document.querySelectorAll('.trajgeo-map')).map("
        "d => d.querySelectorAll('path.leaflet-interactive').length)"
    )
    assert len(counts) == 2 and all(c >= 4 for c in counts)
    assert browser.js("getComputedStyle(document.body).margin") != "0px"  # page untouched
    browser.screenshot(SHOTS_DIR / "two-embedded.png")


# ----------------------------------------------------------------- template text stays text
#: Jinja2 syntax in every kind of text an event file or the command line carries. The
#: last one calls into Python: if any text were compiled as a template, it would create
#: ``canary`` on disk.
def _template_payloads(canary: Path) -> dict[str, str]:
    return {
        "expr": "{{ 7*7 }}",
        "block": "{% for x in range(3) %}X{% endfor %}",
        "broken": "50{% of",
        "comment": "{# hidden",
        "rce": f"{{{{ cycler.__init__.__globals__.os.mkdir({str(canary)!r}) }}}}",
    }


def _template_event(p: dict[str, str]) -> dict:
    return _event(
        id="template-text",
        title=f"Title {p['expr']} {p['rce']}",
        summary=p["block"],
        launch={"lat": 39.0, "lon": 125.7, "name": f"Site {p['broken']}", "radius_km": 10},
        shots=[
            {
                "count": 2,
                "missile": f"M {p['block']}",
                "range_km": [300, 350],
                "bearing": "NE",
                "source": f"Src {p['comment']}",
                "note": p["rce"],
                "label": f"L {p['expr']}",
            }
        ],
        claims=[{"zone": "JPN", "inside": False, "source": f"Claim {p['rce']}"}],
        sources=[
            {
                "title": f"Story {p['block']}",
                "url": "https://example.org/{{7*7}}",
                "publisher": f"Pub {p['broken']}",
            }
        ],
    )


@pytest.fixture()
def template_page(run_cli, tmp_path):
    """An event file full of template syntax, mapped to HTML from the command line."""
    import yaml

    canary = tmp_path / "created-by-a-template"
    p = _template_payloads(canary)
    event = tmp_path / "template.yaml"
    event.write_text(yaml.safe_dump(_template_event(p)), encoding="utf-8")
    out = tmp_path / "template.html"
    res = run_cli(
        *[
            "map",
            str(event),
            "-o",
            str(out),
            "--self-contained",
            "--title",
            f"Headline {p['rce']} {p['expr']}",
            "--subtitle",
            p["broken"],
        ]
    )
    assert res.exit_code == 0, res.output
    return out, p, canary


def test_template_syntax_in_event_text_is_never_evaluated(template_page):
    out, p, canary = template_page
    assert not canary.exists(), "event text was run as a template"
    text = out.read_text(encoding="utf-8")
    for payload in (
        "{{ 7*7 }}",
        "{% for x in range(3) %}X{% endfor %}",
        "50{% of",
        "{# hidden",
        "os.mkdir",
    ):
        assert payload in text, payload


def test_template_syntax_in_python_api_title_is_never_evaluated(gaz, tmp_path):
    from trajgeo.maps.interactive import build_map, map_html
    from trajgeo.maps.spec import build_spec

    canary = tmp_path / "api-canary"
    p = _template_payloads(canary)
    spec, geoms, _ = _spec_and_geoms(_template_event(p), gaz, zones=False)
    page = map_html(build_map(spec, geometries=geoms), spec=spec, embed=True)
    assert not canary.exists()
    assert "{{ 7*7 }}" in page and "50{% of" in page
    # a folium map saved the usual way (Jupyter, m.save) is just as inert
    from trajgeo.maps.interactive import interactive_map

    m = interactive_map(build_spec(geoms, None), title=p["rce"])
    m.save(str(tmp_path / "saved.html"))
    assert not canary.exists()
    assert "os.mkdir" in (tmp_path / "saved.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "url",
    [
        "https://{s}.example.org/{{7*7}}/{z}/{x}/{y}.png",
        "https://example.org/{%print(1)%}/{z}/{x}/{y}.png",
        "https://example.org/{z}/{x}/{y}.png?k={#",
    ],
)
def test_tile_urls_with_template_syntax_are_refused(url):
    from trajgeo.errors import InputError
    from trajgeo.maps.interactive import _tile_layer

    with pytest.raises(InputError, match="braces"):
        _tile_layer(url)


@pytest.mark.browser
def test_template_syntax_is_shown_as_text_in_the_browser(browser, template_page):
    out, p, canary = template_page
    browser.open(out)
    assert browser.errors() == []
    assert browser.dialogs() == []
    texts = browser.js(_OPEN_ALL_JS)
    assert "Headline" in texts and "{{ 7*7 }}" in texts  # the --title, as typed
    assert "M {% for x in range(3) %}X{% endfor %}" in texts  # the missile, as written
    assert "XXX" not in texts and "Headline 49" not in texts
    assert "50{% of" in texts
    assert not canary.exists()
    browser.screenshot(SHOTS_DIR / "template-text.png")


def test_pages_are_self_contained_by_default_and_scripts_run_only_by_hash(salvo, run_cli, tmp_path):
    import re

    page = _html(salvo)
    assert "<script src" not in page and "<link rel" not in page
    import html as htmllib

    csp = htmllib.unescape(re.search(r'Content-Security-Policy" content="([^"]*)"', page).group(1))
    script_src = csp.split("script-src ")[1].split(";")[0].split()
    assert script_src and all(s.startswith("'sha256-") for s in script_src)
    assert len(script_src) == page.count("<script>")
    # leaflet.css's images travel inside the page
    assert "url(images/" not in page and "data:image/png;base64," in page
    # the command line: --self-contained is accepted and changes nothing
    out_a, out_b = tmp_path / "a.html", tmp_path / "b.html"
    event = str(EXAMPLES / "2024-03-18-pyongyang.yaml")
    assert run_cli("map", event, "--no-zones", "-o", out_a).returncode == 0
    assert run_cli("map", event, "--no-zones", "-o", out_b, "--self-contained").returncode == 0
    assert "<script src" not in out_a.read_text() and "<script src" not in out_b.read_text()


def test_vendored_leaflet_files_match_their_manifest_hashes():
    import base64
    import hashlib

    from trajgeo.maps.html import asset_bytes, asset_manifest

    packages = asset_manifest()["packages"]
    assert {p["version"] for p in packages.values()} == {"1.9.3", "3.0.0"}
    for pkg in packages.values():
        for entry in pkg["files"].values():
            digest = hashlib.sha384(asset_bytes(entry["cdn"])).digest()
            assert entry["integrity"] == "sha384-" + base64.b64encode(digest).decode()


@pytest.mark.browser
def test_fused_estimate_and_badge_show_in_the_browser(browser, tmp_path):
    """The regions are a layer of their own; the badge and the popups show as text."""
    from trajgeo.maps import make_spec
    from trajgeo.maps.interactive import write_html

    spec = make_spec(EXAMPLES / "2024-03-18-pyongyang.yaml", samples=True)
    assert spec.estimates and spec.badges
    path = tmp_path / "fused.html"
    write_html(spec, path)
    browser.open(path)
    assert browser.errors() == []
    badge = browser.js("(document.querySelector('.trajgeo-badge')||{}).innerText||''")
    assert spec.badges[0].mark in badge and spec.badges[0].text in badge
    legend = browser.js(_LEGEND_JS)
    assert "50 % likely impact region" in legend and "95 % likely impact region" in legend
    layers = browser.js(
        "Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label'))"
        ".map(l => l.innerText.trim())"
    )
    assert "Fused impact estimate" in layers and "Simulated impacts (fused estimate)" in layers
    # switching the estimate off removes its two regions
    before = browser.js(_COUNT_JS)
    toggle = (
        "Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label'))"
        ".find(l => l.innerText.includes('Fused impact estimate'))"
        ".querySelector('input').click()"
    )
    browser.js(toggle)
    assert browser.js(_COUNT_JS) == before - len(spec.estimates[0].regions)
    browser.js(toggle)
    # the popup names each zone's chance and marks the landmark as trajgeo's estimate
    popup = browser.js("""(() => {
      let text = '';
      Object.values(window.trajgeoLeaflet.maps)[0].eachLayer(l => {
        const p = l.getPopup && l.getPopup();
        const c = p && p.getContent();
        if (typeof c === 'string' && c.includes("trajgeo's estimate")) { text = c; }
      });
      return text;
    })()""")
    assert "Japan&#x27;s EEZ" in popup and "likely inside" in popup
    # the sample dots are drawn
    assert browser.js("document.querySelectorAll('path.leaflet-interactive').length") > 0
    assert browser.js("document.querySelectorAll('svg path').length") > before
    browser.screenshot(SHOTS_DIR / "fused.png")


def test_estimate_popup_and_badges_escape_event_text():
    """A missile name and a badge reach the page as text, whatever they hold."""
    from types import SimpleNamespace

    from trajgeo.maps.interactive import _badge_html, _estimate_popup
    from trajgeo.maps.layers import Badge, EstimateLayer

    est = EstimateLayer(
        0, "e", 1, f"Missile 1: 1 × {HOSTILE_IMG}{HOSTILE_TPL}", zones=((HOSTILE_SCRIPT, 0.5),)
    )
    popup = _estimate_popup(est)
    badges = _badge_html(SimpleNamespace(badges=(Badge("holds", "HOLDS", HOSTILE_IMG),)))
    for out in (popup, badges):
        assert "<img" not in out and "<script" not in out and "</script" not in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in popup and "{{" not in popup


# --------------------------------------------------------------------------- phone and desktop
_BOXES_JS = """(() => Array.from(document.querySelectorAll('.trajgeo-map')).map(wrap => {
  const rect = e => { const b = e.getBoundingClientRect();
    return [b.left, b.top, b.right, b.bottom]; };
  const map = rect(wrap.querySelector('.folium-map'));
  const controls = Array.from(wrap.querySelectorAll(
      '.leaflet-control, .leaflet-control-attribution'))
    .filter(e => e.getBoundingClientRect().width > 0)
    .map(e => [e.className.split(' ').filter(c => c.startsWith('trajgeo-') ||
      c.startsWith('leaflet-control-')).join(' '), rect(e)]);
  const labels = Array.from(wrap.querySelectorAll('.trajgeo-label'))
    .filter(e => e.style.visibility !== 'hidden').map(e => [e.innerText, rect(e)]);
  const legend = wrap.querySelector('.trajgeo-legend');
  return {map, controls, labels, legend: legend ? rect(legend) : null,
          paths: wrap.querySelectorAll('path.leaflet-interactive').length,
          attribution: wrap.querySelector('.leaflet-control-attribution').innerText};
}))()"""


def _overlap(a, b, tol=0.5):
    return min(a[2], b[2]) - max(a[0], b[0]) > tol and min(a[3], b[3]) - max(a[1], b[1]) > tol


def _area(r):
    return max(r[2] - r[0], 0) * max(r[3] - r[1], 0)


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1200])
@pytest.mark.parametrize("kind", ["page", "embed-twice"])
def test_layout_leaves_controls_labels_and_credit_clear(browser, salvo, tmp_path, width, kind):
    """At phone and desktop widths: no box covers another, the zoom buttons or a label.

    The legend (folded on a phone) takes at most a third of the map; the credit is
    whole; the same fragment pasted twice on one page works twice.
    """
    if kind == "page":
        path = tmp_path / "map.html"
        path.write_text(_html(salvo))
    else:
        frag = _html(salvo, embed=True, height="560px")
        path = tmp_path / "twice.html"
        path.write_text(
            "<!DOCTYPE html><html><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>Twice</title></head><body>{frag}<p>Between.</p>{frag}</body></html>"
        )
    browser.open(path, width=width, height=800, settle=2.0)
    assert browser.errors() == []
    maps = browser.js(_BOXES_JS)
    assert len(maps) == (1 if kind == "page" else 2)
    for m in maps:
        assert m["paths"] >= 4  # arcs, areas and zones drawn
        boxes = m["controls"] + m["labels"]
        for i, (name_a, a) in enumerate(boxes):
            for name_b, b in boxes[i + 1 :]:
                assert not _overlap(a, b), f"{name_a!r} covers {name_b!r} at {width} px"
        assert m["legend"] is not None
        assert _area(m["legend"]) <= _area(m["map"]) / 3
        assert m["attribution"].count("(") == m["attribution"].count(")")
        attribution = next(r for n, r in m["controls"] if "attribution" in n)
        assert m["map"][0] <= attribution[0] and attribution[2] <= m["map"][2] + 0.5
    browser.screenshot(SHOTS_DIR / f"layout-{kind}-{width}.png")
