"""The hostile-input corpus: every crafted file ends with exit 0, 1 or 2, never a traceback.

Files in ``corpus/`` are named by what they feed:

- ``event-*``: event files, run through ``check`` and ``zones -o -``;
- ``text-*``: valid events whose text is a template, markup, math or control
  characters, run through ``check`` and drawn with ``profile`` to SVG (the
  SVG must parse as XML and show the text as written);
- ``zones-*``: zone files for ``where --zones``;
- ``style-*``: house styles for ``profile --theme``;
- ``points-*``: CSVs for ``where --points``.

Special files (``/dev/zero``, a FIFO, a symlink loop, files over the size
limit) are made at run time. Commands run in-process (``tests.conftest.invoke``)
under an alarm, so a hang fails the test instead of stopping the run.
"""

from __future__ import annotations

import os
import re
import signal
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import example, invoke

CORPUS = Path(__file__).with_name("corpus")
#: Longest a single command may take, in seconds (a hang fails, not stalls).
TIME_LIMIT_S = 60

#: Files whose outcome is known exactly: name -> (exit code, words the error must hold).
EXPECT: dict[str, tuple[int, str]] = {
    "event-alias-bomb.yaml": (2, "aliases expand"),
    "event-alias-bomb-in-title.yaml": (2, "aliases expand"),
    "event-self-alias.yaml": (2, "refers to itself"),
    # YAML reads 1e999 as text; read as a number it is infinite, and refused as such
    "event-range-text-number.yaml": (2, "range_km: not a finite number (got '1e999')"),
    "event-deep.json": (2, "nested deeper than 64 levels"),
    "event-deep.yaml": (2, "nest"),
    "event-deep-block.yaml": (2, "nested deeper than 64 levels"),
    "event-impossible-date.yaml": (2, "'2024-13-45' is not a real date"),
    "event-impossible-time.yaml": (2, "is not a real date or time"),
    "event-source-impossible-date.yaml": (2, "'2024-02-30' is not a real date"),
    "event-source-impossible-date.json": (2, "sources[0].date: not a real date"),
    # only the date had been checked: a time of 99:00 passed
    "event-source-impossible-time.yaml": (2, "sources[0].date: not a real date and time"),
    "event-year-only-date.yaml": (2, "date: not a calendar date"),
    "event-year-number-date.yaml": (2, "date: not a calendar date"),
    "event-duplicate-key.yaml": (2, "duplicate key 'title'"),
    "event-duplicate-key.json": (2, "duplicate key 'id'"),
    "event-nan.json": (2, "NaN is not a JSON number"),
    "event-python-tag.yaml": (2, "malformed YAML"),
    "event-not-utf8.yaml": (2, "not UTF-8"),
    "event-two-documents.yaml": (2, "malformed YAML"),
    "event-key-newline.yaml": (2, "bad\\nkey"),
    "points-formula.csv": (0, ""),
    "points-not-utf8.csv": (2, "not UTF-8"),
    "style-base-list.yaml": (2, "unknown base theme"),
    "style-font-zero.yaml": (2, "a number from 1 to 72"),
    "style-font-nan.yaml": (2, "a number from 1 to 72"),
    "style-unknown-font.yaml": (2, "font not installed"),
}


class _TookTooLong(Exception):
    pass


@contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    def alarm(_signum: int, _frame: object) -> None:
        raise _TookTooLong(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _run(*args: object):
    with _time_limit(TIME_LIMIT_S):
        result = invoke(*args)
    assert result.returncode in (0, 1, 2), (args, result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr, (args, result.stderr[-2000:])
    if result.returncode == 2:
        errors = [ln for ln in result.stderr.splitlines() if "error" in ln.lower()]
        assert len(errors) == 1, (args, result.stderr[-2000:])
        assert len(errors[0]) < 600, errors[0]
    return result


def _check_expected(name: str, result) -> None:
    if name in EXPECT:
        code, words = EXPECT[name]
        assert result.returncode == code, (name, result.stderr)
        assert words in result.stderr, (name, result.stderr)


def _files(prefix: str) -> list[str]:
    return sorted(p.name for p in CORPUS.iterdir() if p.name.startswith(prefix))


def test_the_corpus_is_there():
    for prefix in ("event-", "text-", "zones-", "style-", "points-"):
        assert _files(prefix), prefix


@pytest.mark.parametrize("name", _files("event-"))
def test_event_files(name, tmp_path):
    path = CORPUS / name
    _check_expected(name, _run("check", path))
    _check_expected(name, _run("zones", path, "-o", tmp_path / "out.geojson"))
    assert not Path("/tmp/trajgeo-pwned").exists()


@pytest.mark.parametrize("name", _files("text-"))
def test_text_is_never_interpreted(name, tmp_path):
    import yaml

    path = CORPUS / name
    assert _run("check", path).returncode == 0
    svg = tmp_path / "side.svg"
    assert _run("profile", path, "-o", svg).returncode == 0
    tree = ET.parse(svg)  # control characters would make this fail
    shown = "".join(tree.getroot().itertext())
    title = yaml.safe_load(path.read_text(encoding="utf-8"))["title"]
    # a terminal escape ("\x1b[31m") goes whole, not leaving "[31m" to be drawn
    escapes = re.findall(r"\x1b\[[0-9;?]*[ -/]*[@-~]", title)
    title = re.sub(r"\x1b\[[0-9;?]*[ -/]*[@-~]", "", title)
    printable = "".join(c for c in title if c.isprintable() or c == " ").strip()
    for word in printable.split():
        assert word in shown, (word, shown[:500])
    for esc in escapes:
        assert esc[1:] not in shown
    assert "49" not in shown.replace(" 49", "")  # {{ 7*7 }} was never evaluated


@pytest.mark.parametrize("name", _files("zones-"))
def test_zone_files(name, tmp_path):
    _check_expected(name, _run("where", "35.5", "135.5", "--zones", CORPUS / name))


@pytest.mark.parametrize("name", _files("style-"))
def test_style_files(name, tmp_path):
    result = _run(
        "profile", example("2024-03-18-pyongyang.yaml"), "--theme", CORPUS / name, "-o",
        tmp_path / "side.svg",
    )  # fmt: skip
    _check_expected(name, result)
    for secret in ("hunter2", "AKIAIOSFODNN7EXAMPLE"):
        assert secret not in result.stderr


@pytest.mark.parametrize("name", _files("points-"))
def test_points_files(name):
    result = _run("where", "--points", CORPUS / name, "-o", "-")
    _check_expected(name, result)
    if result.returncode == 0:
        for line in result.stdout.splitlines()[1:]:
            cells = line.split(",")
            assert not any(c.startswith(("=", "@")) for c in cells), line


# --------------------------------------------------------------------------- special files
@pytest.fixture()
def special(tmp_path: Path) -> dict[str, Path]:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop.name)
    big = tmp_path / "big.yaml"
    with open(big, "wb") as fh:
        fh.truncate(9 * 1024 * 1024)  # over the 8 MiB limit; sparse
    return {"zero": Path("/dev/zero"), "fifo": fifo, "loop": loop, "big": big}


@pytest.mark.parametrize("kind", ["zero", "fifo", "loop", "big"])
def test_special_files_as_every_input(kind, special, tmp_path):
    path = special[kind]
    ev = example("2024-03-18-pyongyang.yaml")
    for args in (
        ("check", path),
        ("profile", path, "-o", tmp_path / "p.svg"),
        ("where", "--points", path),
        ("profile", ev, "--theme", path, "-o", tmp_path / "p.svg"),
        ("where", "35", "135", "--zones", path),
    ):
        result = _run(*args)
        assert result.returncode == 2, (args, result.stderr)
    assert not (tmp_path / "p.svg").exists()


def test_a_csv_field_over_the_limit(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("lat,lon,note\n35,135," + "x" * 131_073 + "\n")
    assert "field larger" in _run("where", "--points", path).stderr


def test_a_huge_title_is_refused_or_kept_without_flooding_the_terminal(tmp_path):
    path = tmp_path / "huge.yaml"
    text = (CORPUS / "text-template.yaml").read_text().replace("{{ 7*7 }}", "x" * 2_000_000, 1)
    path.write_text(text)
    result = _run("zones", path, "-o", "-")
    assert len(result.stderr) < 2000


@pytest.mark.slow
def test_a_static_map_and_its_alt_text_show_hostile_text_as_written(tmp_path):
    """The one `map` run of the corpus (a map costs seconds): SVG and alt text land together."""
    svg, alt = tmp_path / "m.svg", tmp_path / "alt.txt"
    result = _run("map", CORPUS / "text-control.yaml", "-o", svg, "--alt-text", alt, "--no-inset")
    assert result.returncode == 0, result.stderr
    shown = "".join(ET.parse(svg).getroot().itertext())  # valid XML: no control characters
    assert "ctl" in shown and "bell" in shown and "end" in shown
    assert alt.read_text().strip() and not any(ord(c) < 32 and c != "\n" for c in alt.read_text())
    # math and templates are drawn as written
    result = _run("map", CORPUS / "text-math.yaml", "-o", svg, "--no-inset", "--no-zones")
    assert result.returncode == 0, result.stderr
    assert "$\\foo$ costs $5 and $x^2$" in "".join(ET.parse(svg).getroot().itertext())


def test_a_title_option_is_plain_text(tmp_path):
    svg = tmp_path / "side.svg"
    title = "$\\foo$ and {{ 7*7 }} <b>\x01\x1b"
    result = _run("profile", example("2024-03-18-pyongyang.yaml"), "--title", title, "-o", svg)
    assert result.returncode == 0, result.stderr
    shown = "".join(ET.parse(svg).getroot().itertext())
    assert "$\\foo$ and {{ 7*7 }} <b>" in shown


@pytest.mark.slow
def test_an_html_map_keeps_template_text_as_written(tmp_path):
    """The one HTML run of the corpus: template syntax in every text field stays text."""
    page = tmp_path / "m.html"
    result = _run("map", CORPUS / "text-template.yaml", "-o", page, "--no-zones")
    assert result.returncode == 0, result.stderr
    html = page.read_text(encoding="utf-8")
    assert "{{ 7*7 }} and {% for x in y %}" in html
    assert "49 and" not in html and "cycler.__init__.__globals__" in html
