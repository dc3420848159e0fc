"""`trajgeo data fetch`: opt-in downloads, tested against a local HTTP server only."""

from __future__ import annotations

import hashlib
import io
import json
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

ZONES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {
                "GEONAME": "Testland Exclusive Economic Zone",
                "POL_TYPE": "200NM",
                "ISO_SOV1": "TST",
                "TERRITORY1": "Testland",
            },
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[10, 10], [12, 10], [12, 12], [10, 12], [10, 10]]],
            },
        },
        {
            "type": "Feature",
            "properties": {
                "GEONAME": "Overlapping claim Testland / Otherland",
                "POL_TYPE": "Overlapping claim",
                "ISO_SOV1": "TST",
                "ISO_SOV2": "OTH",
                "TERRITORY1": "Testland",
            },
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[12, 10], [13, 10], [13, 12], [12, 12], [12, 10]]],
            },
        },
    ],
}


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("World_EEZ_test/eez_test.geojson", json.dumps(ZONES))
        zf.writestr("World_EEZ_test/README.txt", "licence text")
    return buf.getvalue()


class _Handler(BaseHTTPRequestHandler):
    payload = _zip_bytes()
    seen: list = []

    def do_GET(self):  # noqa: N802
        self.seen.append((urlparse(self.path), None))
        self._reply()

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length", 0))
        form = parse_qs(self.rfile.read(length).decode())
        self.seen.append((urlparse(self.path), form))
        self._reply()

    def _reply(self):
        if "missing" in self.path:
            self.send_error(404, "Not Found")
            return
        if "short" in self.path:  # the connection drops halfway through the file
            self.send_response(200)
            self.send_header("Content-Length", str(len(self.payload)))
            self.end_headers()
            self.wfile.write(self.payload[: len(self.payload) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(self.payload)))
        self.send_header("Content-Type", "application/zip")
        self.end_headers()
        self.wfile.write(self.payload)

    def log_message(self, *args):
        pass


@pytest.fixture()
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _Handler.seen.clear()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_fetch_url_unpacks_and_loads_as_zones(server, tmp_path):
    from trajgeo.io.fetch import fetch
    from trajgeo.maritime.zoneset import load_zones

    path = fetch(f"{server}/files/World_EEZ_test.zip", tmp_path, progress=False)
    assert path.name == "eez_test.geojson" and path.exists()
    zs = load_zones(path, include_land=False)
    assert zs.dataset.user_supplied and zs.dataset.accuracy_km is None
    kinds = sorted(z.kind for z in zs.zones)
    assert kinds == ["eez", "overlapping_claim"]
    band = next(z for z in zs.zones if z.kind == "overlapping_claim")
    assert band.claimants == ("TST", "OTH")
    assert [z.kind for z in zs.where(11.0, 11.0)] == ["eez"]
    assert [z.kind for z in zs.with_worldview("OTH").where(12.5, 11.0)] == ["eez"]


def test_named_source_posts_the_registration_form(server, tmp_path, monkeypatch):
    from trajgeo.cli.main import main

    monkeypatch.setenv("TRAJGEO_FETCH_BASE_URL", f"{server}/download_file.php")
    main(
        [
            "-q",
            "data",
            "fetch",
            "marineregions-eez-v12",
            "--dest",
            str(tmp_path),
            "--name",
            "A. Reporter",
            "--organisation",
            "Daily Paper",
            "--email",
            "desk@example.org",
        ]
    )
    url, form = _Handler.seen[-1]
    assert parse_qs(url.query)["name"] == ["World_EEZ_v12_20231025_gpkg.zip"]
    assert form["email"] == ["desk@example.org"] and form["agree"] == ["1"]
    assert (tmp_path / "World_EEZ_v12_20231025_gpkg.zip").exists()


def test_named_source_without_registration_is_a_usage_error(tmp_path, capsys):
    from trajgeo.cli.main import main

    with pytest.raises(SystemExit) as info:
        main(["data", "fetch", "marineregions-eez-v12", "--dest", str(tmp_path)])
    assert info.value.code == 2
    assert "--name" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_checksum_mismatch_deletes_the_download(server, tmp_path):
    from trajgeo.errors import DataError
    from trajgeo.io.fetch import fetch

    good = hashlib.sha256(_Handler.payload).hexdigest()
    assert fetch(f"{server}/a.zip", tmp_path / "ok", sha256=good, progress=False).exists()
    with pytest.raises(DataError, match="does not match its checksum"):
        fetch(f"{server}/b.zip", tmp_path / "bad", sha256="0" * 64, progress=False)
    assert not (tmp_path / "bad").exists()  # the folder it made for the download, too


def test_http_error_and_unknown_source(server, tmp_path):
    from trajgeo.errors import DataError, InputError
    from trajgeo.io.fetch import fetch

    with pytest.raises(DataError, match="404"):
        fetch(f"{server}/missing.zip", tmp_path, progress=False)
    with pytest.raises(InputError, match="unknown data set"):
        fetch("ftp://example.org/x.zip", tmp_path, progress=False)
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("tail", ["..", ".", "%2e%2e", "a%2fb.zip", "x;rm -rf.zip"])
def test_url_not_ending_in_a_file_name_is_refused_and_leaves_nothing(tail, tmp_path, capsys):
    from trajgeo.cli.main import main

    with pytest.raises(SystemExit) as info:
        main(["data", "fetch", f"http://127.0.0.1:9/files/{tail}", "--dest", str(tmp_path)])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "plain file name" in err and len(err.strip().splitlines()) == 1
    assert not any(tmp_path.iterdir())


def test_unusable_url_is_a_one_line_error(tmp_path, capsys):
    from trajgeo.cli.main import main

    with pytest.raises(SystemExit) as info:
        main(["data", "fetch", "http://[::1/x.zip", "--dest", str(tmp_path)])
    assert info.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_a_dropped_connection_leaves_nothing_and_says_so_in_one_line(server, tmp_path):
    from trajgeo.errors import DataError
    from trajgeo.io.fetch import fetch

    with pytest.raises(DataError, match="stopped sending before the end") as info:
        fetch(f"{server}/short.zip", tmp_path, progress=False)
    assert len(str(info.value).splitlines()) == 1
    assert not any(tmp_path.iterdir())


def test_no_server_is_a_one_line_error(tmp_path):
    from trajgeo.errors import DataError
    from trajgeo.io.fetch import fetch

    with pytest.raises(DataError, match=r"cannot reach .*\(\[Errno \d+\] ") as info:
        fetch("http://127.0.0.1:9/x.zip", tmp_path, progress=False, timeout=5)
    assert len(str(info.value).splitlines()) == 1
    assert not any(tmp_path.iterdir())


def test_a_new_download_follows_the_umask_and_a_second_fetch_uses_it(server, tmp_path, capfd):
    import os

    from trajgeo.io.fetch import fetch

    old = os.umask(0o027)
    try:
        path = fetch(f"{server}/files/again.zip", tmp_path, progress=False)
    finally:
        os.umask(old)
    zipped = tmp_path / "again.zip"
    assert (zipped.stat().st_mode & 0o777) == 0o640
    assert capfd.readouterr().err == ""  # no log lines from the download library
    before = len(_Handler.seen), zipped.stat().st_ino
    assert before[0] == 1
    assert fetch(f"{server}/files/again.zip", tmp_path, progress=False) == path
    assert (len(_Handler.seen), zipped.stat().st_ino) == before


def test_without_the_fetch_extra_the_command_says_what_to_install(tmp_path, monkeypatch, capsys):
    import sys

    from trajgeo.cli.main import main

    monkeypatch.setitem(sys.modules, "pooch", None)
    with pytest.raises(SystemExit) as info:
        main(["data", "fetch", "http://127.0.0.1:9/x.zip", "--dest", str(tmp_path)])
    assert info.value.code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "pooch" in err[0] and "pip install 'trajgeo[fetch]'" in err[0]
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("digest", ["xyz", "0" * 63, "g" * 64])
def test_a_malformed_checksum_is_refused_before_any_download(tmp_path, digest):
    # it was passed to the download and only then found wrong (after a long download)
    from trajgeo.errors import InputError
    from trajgeo.io.fetch import fetch

    with pytest.raises(InputError, match="--sha256: not a SHA-256 digest"):
        fetch("http://127.0.0.1:9/x.zip", tmp_path / "d", sha256=digest, progress=False)
    assert not (tmp_path / "d").exists()


def test_a_failed_download_removes_the_folders_it_made(tmp_path):
    # --dest /nonexist/deep/dir was created whole and left behind
    from trajgeo.errors import DataError
    from trajgeo.io.fetch import fetch

    (tmp_path / "keep").mkdir()
    dest = tmp_path / "keep" / "deep" / "dir"
    with pytest.raises(DataError):
        fetch("http://127.0.0.1:9/x.zip", dest, progress=False, timeout=5)
    assert [p.name for p in tmp_path.iterdir()] == ["keep"]
    assert not any((tmp_path / "keep").iterdir())


@pytest.mark.parametrize("dest", ["/dev/null", "FILE/deep"])
def test_a_dest_that_is_no_folder_is_a_one_line_usage_error(tmp_path, capsys, dest):
    # --dest /dev/null ended in a FileExistsError traceback
    from trajgeo.cli.main import main

    (tmp_path / "FILE").write_text("x")
    dest = dest.replace("FILE", str(tmp_path / "FILE"))
    with pytest.raises(SystemExit) as info:
        main(["data", "fetch", "http://127.0.0.1:9/x.zip", "--dest", dest])
    assert info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--dest: cannot use this folder" in err[0], err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["FILE"]
