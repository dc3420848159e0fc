"""Catalogue runs over synthetic events: the small version of the 1,000-event benchmark."""

from __future__ import annotations

import collections
import csv

import pytest

from tests.conftest import expected_rows, synthetic_catalogue

N = 20


@pytest.fixture(scope="module")
def generate():
    return synthetic_catalogue().generate


def test_copies_are_seeded_varied_and_marked(generate, tmp_path):
    import yaml

    from trajgeo.events import load_events

    a = generate(40, tmp_path / "a", bad=True)
    b = generate(5, tmp_path / "b", seed=0)
    c = generate(5, tmp_path / "c", seed=1)
    # copy i depends only on the seed and i: a short run is the start of a long one
    assert [p.read_text() for p in b] == [p.read_text() for p in a[:5]]
    assert [p.read_text() for p in c] != [p.read_text() for p in b]
    good = [p for p in a if not p.name.endswith("-bad.yaml")]
    assert len(good) == 40 and len(a) == 41
    text = good[36].read_text()  # copy 36 is the second copy of the first real launch
    assert text.startswith("# SYNTHETIC event derived from examples/catalogue/2016-08-03-rodong")
    doc = yaml.safe_load(text)
    first = yaml.safe_load(good[0].read_text())
    assert doc["id"] == "synthetic-0036-2016-08-03-rodong-oga"
    assert "SYNTHETIC" in doc["notes"] and doc["title"].startswith("Synthetic copy 0036 of: ")
    assert doc["shots"] != first["shots"] or doc["launch"] != first["launch"]
    for path in good:  # every copy is a valid event file
        assert load_events(path)


def test_figures_keep_their_words():
    gen = synthetic_catalogue()
    assert gen.scale_figure("around 1,000", 1.05) == "around 1,050"
    assert gen.scale_figure("300-350", 0.9) == "270-315"
    assert gen.scale_figure([350, 380], 1.1) == [385, 418]
    assert gen.scale_figure(7.5, 1.1) == 8.2


def test_twenty_events_every_row_and_the_bad_file_reported(generate, tmp_path, run_cli):
    events = tmp_path / "events"
    generate(N, events, bad=True)
    out = tmp_path / "launches.csv"
    res = run_cli("check", events, "--format", "csv", "-o", out, "--sample-size", "500")
    assert res.exit_code == 3, res.output[-2000:]
    assert "synthetic-0010-bad.yaml: launch.site: unknown place 'Pyongyan'" in res.stderr
    assert f"1 of {N + 1} files failed (above); the other {N} were written" in res.stderr
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert collections.Counter(r["event_id"] for r in rows) == collections.Counter(
        expected_rows(events)
    )
    # rows in file order, the bad file's place skipped
    assert [r["event_id"] for r in rows] == sorted(r["event_id"] for r in rows)
    # --sample-size reaches every estimate (a `fell:` or a sea can keep fewer samples)
    assert max(int(r["samples"]) for r in rows) == 500
