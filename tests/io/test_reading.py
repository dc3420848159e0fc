"""Reading hostile inputs: bombs, deep nesting, special files, duplicate keys, bad dates."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from trajgeo.errors import EventFileError, InputError

#: The classic "billion laughs" in YAML: 536 bytes that expand to 9**9 strings.
BOMB = "".join(
    f"{name}: &{name} [{', '.join([prev] * 9)}]\n"
    for name, prev in zip("abcdefghi", ['"lol"', *("*" + c for c in "abcdefgh")], strict=True)
)


def test_bomb_is_small():
    assert len(BOMB.encode()) < 600


def test_alias_bomb_is_refused_before_it_expands(tmp_path):
    from trajgeo.io.yamlfile import MAX_NODES, read_yaml

    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB + "title: *i\n")
    with pytest.raises(EventFileError, match=f"more than {MAX_NODES:,} values"):
        read_yaml(path)


def test_alias_bomb_through_the_cli_stays_in_bounded_memory(tmp_path):
    """A 536-byte bomb once exhausted memory while the error was built; 2 GiB is plenty."""
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB + "id: x\ntitle: *i\n")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))  # expanded: over 10 GiB

    out = subprocess.run(
        [sys.executable, "-m", "trajgeo", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit,
    )
    assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr
    assert "aliases expand" in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_many_aliases_and_self_reference_are_refused():
    from trajgeo.io.yamlfile import MAX_ALIASES, read_yaml

    many = "a: &a 1\nb: [" + ", ".join(["*a"] * (MAX_ALIASES + 1)) + "]\n"
    with pytest.raises(EventFileError, match="aliases"):
        read_yaml("x.yaml", many)
    with pytest.raises(EventFileError, match="refers to itself"):
        read_yaml("x.yaml", "a: &a [1, *a]\n")
    assert read_yaml("x.yaml", "a: &a [1, 2]\nb: *a\n") == {"a": [1, 2], "b": [1, 2]}


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
@pytest.mark.parametrize("depth", [65, 100_000])
def test_deep_nesting_is_refused_with_the_limit(suffix, depth):
    from trajgeo.io.yamlfile import MAX_DEPTH, read_yaml

    text = "[" * depth + "]" * depth
    with pytest.raises(EventFileError, match="nest") as info:
        read_yaml("x" + suffix, text)
    if depth == 65:
        assert f"deeper than {MAX_DEPTH} levels" in str(info.value)
    ok = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert read_yaml("x" + suffix, ok) is not None


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        ("x.yaml", "id: a\nid: b\n", "duplicate key 'id' at line 2"),
        ("x.yaml", "launch: {site: A, site: B}\n", "duplicate key 'site'"),
        ("x.json", '{"id": "a", "id": "b"}', "duplicate key 'id'"),
        ("x.json", '{"lat": NaN}', "NaN is not a JSON number"),
        ("x.yaml", "date: 2024-13-45\n", "'2024-13-45' is not a real date"),
        ("x.yaml", "date: 2024-02-30T25:00:00\n", "is not a real date or time"),
        ("x.yaml", "a: 1\n---\nb: 2\n", "malformed YAML"),
        ("x.yaml", "? [a, b]\n: 1\n", "malformed YAML"),
    ],
)
def test_malformed_documents_are_one_line_errors(name, text, words):
    from trajgeo.io.yamlfile import read_yaml

    with pytest.raises(EventFileError) as info:
        read_yaml(name, text)
    assert words in str(info.value) and "\n" not in str(info.value)


def test_merge_keys_are_not_duplicates():
    from trajgeo.io.yamlfile import read_yaml

    doc = read_yaml("x.yaml", "base: &b {x: 1}\nitem:\n  <<: *b\n  y: 2\n")
    assert doc["item"] == {"x": 1, "y": 2}


@pytest.mark.parametrize("special", ["/dev/zero", "fifo", "loop", "folder"])
def test_special_files_are_refused_without_reading(special, tmp_path):
    from trajgeo.io.yamlfile import read_yaml

    path = Path(special) if special.startswith("/") else tmp_path / f"{special}.yaml"
    if special == "fifo":
        os.mkfifo(path)
    elif special == "loop":
        os.symlink(path, path)
    elif special == "folder":
        path.mkdir()
    with pytest.raises(EventFileError) as info:
        read_yaml(path)  # a FIFO without a writer would hang an ordinary open()
    assert any(w in str(info.value) for w in ("not a regular file", "symbolic", "folder"))


def test_files_over_the_limit_are_refused(tmp_path):
    from trajgeo.io.reading import MAX_DOC_BYTES, read_input_bytes

    path = tmp_path / "big.yaml"
    with open(path, "wb") as fh:
        fh.truncate(MAX_DOC_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(InputError, match="larger than 8 MiB"):
        read_input_bytes(path)
    assert len(read_input_bytes(path, limit=MAX_DOC_BYTES + 1)) == MAX_DOC_BYTES + 1


def test_error_values_are_shown_bounded():
    err = InputError("bad", source="f", field="x", value="y" * 1_000_000)
    assert len(str(err)) < 300
    nested: list = [0]
    for _ in range(30):
        nested = [nested] * 9  # shared: 9**30 elements if expanded
    assert len(str(InputError("bad", value=nested))) < 300


# --------------------------------------------------------------------------- points CSV
def test_csv_field_over_the_limit_is_a_one_line_error(tmp_path):
    from trajgeo.io.points import MAX_FIELD_CHARS, read_points_csv

    path = tmp_path / "p.csv"
    path.write_text("lat,lon,name\n1,2," + "x" * (MAX_FIELD_CHARS + 1) + "\n")
    with pytest.raises(InputError, match="line 2.*field larger") as info:
        read_points_csv(str(path))
    assert len(str(info.value)) < 300


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_points_from_special_files_are_refused(special, tmp_path):
    from trajgeo.io.points import read_points_csv

    path = special if special.startswith("/") else str(tmp_path / "p.csv")
    if special == "fifo":
        os.mkfifo(path)
    with pytest.raises(InputError, match="not a regular file"):
        read_points_csv(path)


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1+2", "'+1+2"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("-12.5", "-12.5"),
        ("+3", "+3"),
        ("1e-5", "1e-5"),
        ("-.5E+3", "-.5E+3"),
        ("Japan", "Japan"),
        ("", ""),
    ],
)
def test_csv_cells_never_start_a_formula(cell, written):
    from trajgeo.io.points import safe_cell

    assert safe_cell(cell) == written


@pytest.mark.parametrize(
    "cell",
    # quoted (the csv-module path) and plain (the bulk path for unquoted files)
    ["\"=cmd|' /C calc'!A0\"", "=cmd|' /C calc'!A0", "@SUM(1)", "-x", "+cmd"],
)
def test_where_csv_neutralises_formulas_in_input_columns(tmp_path, cell):
    from tests.conftest import invoke

    path = tmp_path / "p.csv"
    path.write_text(f"lat,lon,note\n-3.5,140,{cell}\n-4.5,-140,-12.5\n")
    out = invoke("where", "--points", path, "-o", "-")
    assert out.returncode == 0, out.stderr
    row = out.stdout.splitlines()[1]
    assert row.startswith("-3.5,140,") and row[len("-3.5,140,") :].lstrip('"').startswith("'")
    assert out.stdout.splitlines()[2].startswith("-4.5,-140,-12.5,")  # numbers stay numbers
