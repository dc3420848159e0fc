"""One parse of a plain event file gives what the scan-then-compose reading gives.

:func:`trajgeo.io.yamlfile._read_yaml` composes a document once when libyaml
bounds the nesting, and reads it again through the token-stream scan when it
holds anything the checks refuse. Every hostile and example file, and the
edge cases of each check, must come out the same both ways: the same value,
or the same error message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from trajgeo.errors import EventFileError
from trajgeo.io import yamlfile

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(
    [
        *(ROOT / "tests" / "hostile" / "corpus").glob("*.yaml"),
        *(ROOT / "examples").rglob("*.yaml"),
    ]
)

EDGES = {
    "depth 64": "[" * 64 + "]" * 64,
    "depth 65": "[" * 65 + "]" * 65,
    "block depth 65": "".join(" " * i + "k:\n" for i in range(65)) + " " * 65 + "v\n",
    "repeated key": "a: 1\nb: {c: 1, c: 2}\n",
    "same text, other tag": "a: {1: x, '1': y}\n",
    "merge keys": "a: &x {p: 1}\nb: {<<: *x, <<: *x}\n",
    "alias": "a: &x [1]\nb: *x\n",
    "unused anchor": "a: &x [1]\n",
    "self alias": "a: &a [1, *a]\n",
    "bad date": "d: 2024-13-45\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "empty": "",
    "comment": "# nothing\n",
    "malformed": "a: [1, 2\n",
    "undefined alias": "a: *nowhere\n",
    "mapping key": "? [1, 2]\n: x\n",
}


def _outcome(read, text: str) -> tuple[str, object]:
    try:
        return "value", read(text)
    except EventFileError as exc:
        return "error", str(exc)


def _both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    """Read ``text`` as it is read, then with every document scanned first."""
    once = _outcome(lambda t: yamlfile._read_yaml(t, "x.yaml"), text)
    with monkeypatch.context() as m:
        m.setattr(yamlfile, "_composed_once", lambda text, loader: (None, None))
        scanned = _outcome(lambda t: yamlfile._read_yaml(t, "x.yaml"), text)
    return once, scanned


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_files_read_the_same_both_ways(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_bytes().decode("utf-8", errors="replace")
    once, scanned = _both(text, monkeypatch)
    assert once == scanned


@pytest.mark.parametrize("name", sorted(EDGES))
def test_edge_cases_read_the_same_both_ways(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    once, scanned = _both(EDGES[name], monkeypatch)
    assert once == scanned


def test_a_plain_event_file_is_composed_once() -> None:
    """The fast path is taken where libyaml bounds nesting (else this test says so)."""
    if not yamlfile._nesting_bounded():
        pytest.skip("this libyaml does not bound nesting: every file is scanned first")
    text = (ROOT / "examples" / "catalogue").glob("*.yaml").__next__().read_text()
    reader, node = yamlfile._composed_once(text, yamlfile._loader())
    assert reader is not None and node is not None
    assert yamlfile._composed_once(EDGES["repeated key"], yamlfile._loader()) == (None, None)
    assert yamlfile._composed_once(EDGES["depth 65"], yamlfile._loader()) == (None, None)
    assert yamlfile._composed_once(EDGES["alias"], yamlfile._loader()) == (None, None)
