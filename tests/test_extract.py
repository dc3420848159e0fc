"""`trajgeo extract`: report texts to draft events, with the words behind every figure."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from trajgeo.extract import Draft, extract, invented_figures
from trajgeo.extract.score import (
    FIELDS,
    _tuples,
    cases,
    holdout,
    load_case,
    score_case,
    score_folder,
)

REPORTS = Path(__file__).parent / "data" / "reports"
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
HELD = holdout(REPORTS)
ALL = cases(REPORTS)
TUNING = [p for p in ALL if p.name[:2] not in HELD]


def _draft(path: Path) -> Draft:
    text, expected = load_case(path)
    args = expected.get("args") or {}
    return extract(
        text, date=str(args["date"]) if args.get("date") else None, html=path.suffix == ".html"
    )


# --------------------------------------------------------------------------- the test texts
def test_enough_texts_and_a_third_held_out():
    assert len(ALL) >= 36
    assert len({p.name[:2] for p in ALL} & HELD) >= len(ALL) // 3
    assert sum(p.suffix == ".html" for p in ALL) >= 3
    for p in ALL:
        first = p.read_text(encoding="utf-8").splitlines()[0]
        assert re.match(r"^(?:# |<!-- )facts: https?://", first), p.name


@pytest.mark.parametrize("path", TUNING, ids=lambda p: p.stem)
def test_tuning_text_gives_its_expected_fields(path):
    score, diffs = score_case(path)
    assert not diffs, "\n".join(diffs)
    assert score.invented == 0


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_no_invented_figure_and_every_span_is_verbatim(path):
    draft = _draft(path)
    assert invented_figures(draft) == []
    text = draft.text
    for key, spans in draft.provenance.items():
        for sp in spans:
            assert text[sp.start : sp.end] == sp.text, key
            assert sp.text in text
    # every filled figure field has a provenance entry
    for i, shot in enumerate(draft.event["shots"]):
        for name in (
            "count",
            "missile",
            "range_km",
            "apogee_km",
            "flight_time_min",
            "bearing",
            "impact",
        ):
            if name in shot:
                assert f"shots[{i}].{name}" in draft.provenance
    yaml.safe_load(draft.to_yaml())


def test_score_table_has_every_field_and_zero_invented():
    tuning, _ = score_folder(REPORTS, "tuning")
    held, _ = score_folder(REPORTS, "holdout")
    assert tuning.invented == 0 and held.invented == 0
    assert tuning.texts + held.texts == len(ALL)
    assert tuning.precision() == 1.0 and tuning.recall() == 1.0
    assert set(FIELDS) == {
        "count",
        "missile",
        "range",
        "apogee",
        "bearing",
        "site",
        "impact",
        "flight time",
        "date",
        "claims",
    }


def test_extract_is_fast_and_deterministic():
    text, _ = load_case(REPORTS / "28-tass-two-accounts-350-800.txt")
    extract(text)
    t0 = time.perf_counter()
    a = extract(text)
    assert time.perf_counter() - t0 < 1.0
    assert a.to_yaml() == extract(text).to_yaml()


# --------------------------------------------------------------------------- readings
def _one(text: str, **kw):
    return extract(text, date="2024-03-18", **kw)


@pytest.mark.parametrize(
    "phrase,value",
    [
        ("flew about 350 kilometers", "about 350"),
        ("flew some 1,000 km", "some 1,000"),
        ("flew more than 250 km", "more than 250"),
        ("flew over 250 km", "over 250"),
        ("flew at least 250 km", "at least 250"),
        ("flew up to 300 km", "up to 300"),
        ("flew less than 100 km", "less than 100"),
        ("flew nearly 600 km", "nearly 600"),
        ("flew between 350 and 380 kilometres", "between 350 and 380"),
        ("flew 500 to 600 km", [500, 600]),
        ("flew 620 kilometers", 620),
        ("flew about 620 miles", "about 998"),
        ("flew 100 nautical miles", 185),
        ("reached a distance of 6,000 km or more in flight", "6,000 or more"),
        ("was estimated to have flown about 1,000km", "about 1,000"),
    ],
)
def test_distances_keep_their_qualifier(phrase, value):
    d = _one(f"North Korea fired a ballistic missile that {phrase}, the JCS said.")
    shot = d.event["shots"][0]
    assert shot["range_km"] == value
    assert invented_figures(d) == []
    span = d.provenance["shots[0].range_km"][0]
    if "mile" in phrase:
        assert "converted" in span.note


@pytest.mark.parametrize(
    "phrase,count,noted",
    [
        ("fired three ballistic missiles", 3, False),
        ("fired at least three ballistic missiles", 3, True),
        ("fired two or more ballistic missiles", 2, True),
        ("fired a ballistic missile", 1, False),
        ("fired multiple ballistic missiles", None, True),
        ("fired several short-range ballistic missiles", None, True),
    ],
)
def test_counts_in_words(phrase, count, noted):
    d = _one(f"North Korea {phrase} that flew about 300 km, the JCS said.")
    shot = d.event["shots"][0]
    assert shot.get("count") == count
    if noted:
        assert d.notes


@pytest.mark.parametrize(
    "words,cls",
    [
        ("a short-range ballistic missile", "SRBM"),
        ("an IRBM", "IRBM"),
        ("an intercontinental ballistic missile", "ICBM"),
        ("a medium-range ballistic missile", "MRBM"),
        ("a submarine-launched ballistic missile", "SLBM"),
        ("a cruise missile", "cruise missile"),
        ("a hypersonic missile", "hypersonic missile"),
        ("a Hwasong-18 intercontinental ballistic missile", "ICBM (Hwasong-18)"),
        ("a KN-23 short-range ballistic missile", "SRBM (KN-23)"),
        ("a Sarmat intercontinental ballistic missile", "ICBM (Sarmat)"),
    ],
)
def test_missile_classes_and_names(words, cls):
    d = _one(f"North Korea fired {words} that flew about 300 km, the JCS said.")
    assert d.event["shots"][0]["missile"] == cls


@pytest.mark.parametrize(
    "phrase,bearing",
    [
        ("fired three ballistic missiles northeast", "NE"),
        ("fired three ballistic missiles toward the north-east", "NE"),
        ("fired three ballistic missiles eastward", "E"),
        ("fired three ballistic missiles in a northeastern direction", "NE"),
    ],
)
def test_bearings(phrase, bearing):
    d = _one(f"North Korea {phrase}; they flew about 300 km, the JCS said.")
    assert d.event["shots"][0]["bearing"] == bearing


@pytest.mark.parametrize(
    "sentence,fell",
    [
        ("The missiles did not land in the sea, the JCS said.", None),
        ("The missile fell on land in North Hamgyong Province, the JCS said.", "land"),
        ("The missile fell into the sea, the JCS said.", "sea"),
        ("The missile fell into the Yellow Sea, the JCS said.", "Yellow Sea"),
    ],
)
def test_fell_only_if_said(sentence, fell):
    d = _one(
        "The JCS said North Korea fired a ballistic missile that flew about 350 km. " + sentence
    )
    assert d.event["shots"][0].get("fell") == fell


def test_a_sea_is_not_a_bearing():
    d = _one(
        "North Korea fired a ballistic missile toward the East Sea that flew about 300 km, "
        "the JCS said."
    )
    shot = d.event["shots"][0]
    assert "bearing" not in shot and shot["fell"] == "East Sea"  # the sea as the source named it
    assert any("names a sea, not a bearing" in n for n in d.notes)
    assert "bearing" in d.missing


@pytest.mark.parametrize(
    "where,site",
    [
        ("from the Sunan area of Pyongyang", "Sunan"),
        ("from Tongchang-ri", "Sohae Satellite Launching Station"),
        ("from near the east coast city of Wonsan", "Wonsan"),
        ("from sites near North Korea's eastern coast", "North Korea east coast (Wonsan–Hamhung)"),
    ],
)
def test_launch_places_from_the_gazetteer(where, site):
    d = _one(f"North Korea fired a ballistic missile {where}; it flew about 300 km, the JCS said.")
    assert d.event["launch"]["site"] == site


def test_inland_and_unknown_places_are_left_empty_with_a_note():
    d = _one(
        "North Korea fired a ballistic missile from inland; it flew about 300 km, the JCS said."
    )
    assert "launch" not in d.event and "launch.site" in d.missing
    d = _one("North Korea fired a ballistic missile from Nowhereville; it flew about 300 km.")
    assert "launch" not in d.event
    assert any("Nowhereville" in n for n in d.notes)


def test_place_spellings_fuzzy_but_safe():
    d = _one("North Korea fired a missile from Pyongyan, the JCS said. It flew 400 km.")
    assert d.event["launch"]["site"] == "Pyongyang"
    assert any("close spelling" in n for n in d.notes)
    # several gazetteer names are close: none is taken, they are suggested
    d = _one("North Korea fired a missile from Taechon, the JCS said. It flew 400 km.")
    assert "launch" not in d.event
    assert any("close names" in n for n in d.notes)


def test_landmark_relative_impact_and_flight_time():
    d = _one(
        "The missile flew for about 66 minutes and fell about 200 km west of Okushiri "
        "Island, Japan's Defense Ministry said."
    )
    shot = d.event["shots"][0]
    assert shot["impact"] == {"from": "Okushiri Island", "distance_km": "about 200", "bearing": "W"}
    assert shot["flight_time_min"] == "about 66"
    assert shot["source"] == "Japan Ministry of Defense"


@pytest.mark.parametrize(
    "sentence,inside,source",
    [
        (
            "It fell outside Japan's exclusive economic zone, the ministry said.",
            False,
            "Japan Ministry of Defense",
        ),
        (
            "The missile landed inside Japan's EEZ, Prime Minister Fumio Kishida said.",
            True,
            "Japanese government",
        ),
        (
            "The missile did not fall within Japan's exclusive economic zone, the Defense Ministry "
            "said.",
            False,
            "Japan Ministry of Defense",
        ),
    ],
)
def test_claims_with_negation_and_speaker(sentence, inside, source):
    d = _one("Japan's Defense Ministry said North Korea fired a ballistic missile. " + sentence)
    assert {"zone": "JPN", "inside": inside, "source": source} in d.event["claims"]


def test_several_sources_are_separate_accounts_linked_by_same_as():
    d = _one(
        "South Korea's Joint Chiefs of Staff said the missiles flew about 300 km. "
        "Japan's Defense Ministry said they flew about 350 km with a maximum altitude "
        "of about 50 km."
    )
    a, b = d.event["shots"]
    assert a["source"] == "ROK Joint Chiefs of Staff" and a["range_km"] == "about 300"
    assert b["source"] == "Japan Ministry of Defense" and b["same_as"] == 1
    assert b["range_km"] == "about 350" and b["apogee_km"] == "about 50"


@pytest.mark.parametrize(
    "text,source",
    [
        (
            "South Korea's Defense Ministry said the missile flew about 300 km.",
            "ROK Ministry of National Defense",
        ),
        (
            "Japan's Defense Ministry said the missile flew about 300 km.",
            "Japan Ministry of Defense",
        ),
        (
            "N. Korea fires SRBM: S. Korean military said it flew some 400 km.",
            "ROK Joint Chiefs of Staff",
        ),
        (
            "Yonhap, citing the Joint Chiefs of Staff, said the missile flew about 300 km.",
            "ROK Joint Chiefs of Staff (via Yonhap)",
        ),
        (
            "The missile flew about 300 km, Defense Minister Yasukazu Hamada told reporters.",
            "Japan Ministry of Defense",
        ),
        # a ministry named without its state is the one of the state the sentence names
        (
            "Russia test-fired a missile that flew 6,000 km, the Defence Ministry said.",
            "Russia Ministry of Defence",
        ),
        (
            "The Defense Ministry said the missile flew 300 km and fell outside Japan's EEZ.",
            "Japan Ministry of Defense",
        ),
        (
            "Chinese Defense Minister Dong Jun said the missile flew 11,000 km.",
            "China Ministry of National Defense",
        ),
        (
            "North Korea's Missile Administration said the missile flew 1,000 km.",
            "North Korean state media",
        ),
        ("Japan's Coast Guard said the missile flew some 400 km.", "Japan Coast Guard"),
    ],
)
def test_speakers(text, source):
    assert _one(text).event["shots"][0]["source"] == source


def test_the_ministry_is_the_ministry_last_named():
    d = _one(
        "Japan's Defense Ministry said one flew 350 km. South Korea's Ministry of National "
        "Defense said the missile flew about 300 km. The ministry said it had a maximum "
        "altitude of about 50 km."
    )
    rok = [s for s in d.event["shots"] if s["source"] == "ROK Ministry of National Defense"]
    assert rok[0]["apogee_km"] == "about 50"


def test_a_launch_place_relative_to_a_town_is_neither_site_nor_impact():
    d = _one(
        "North Korea fired a missile from a site about 50 km north of Pyongyang, the JCS "
        "said. It flew 400 km."
    )
    assert "launch" not in d.event and "impact" not in d.event["shots"][0]
    assert any("relative to a place" in n for n in d.notes)


def test_hours_and_minutes_are_left_for_the_user():
    d = _one("The missile flew for an hour and 6 minutes, Japan's Defense Ministry said.")
    assert all("flight_time_min" not in s for s in d.event["shots"])
    assert any("hours and minutes" in n for n in d.notes)


def test_two_sources_in_one_sentence():
    d = _one(
        "South Korea's Joint Chiefs of Staff said the missile flew about 350 km, while "
        "Japan's Defense Ministry said it flew about 400 km and reached an altitude of "
        "50 km."
    )
    a, b = d.event["shots"]
    assert (a["source"], a["range_km"]) == ("ROK Joint Chiefs of Staff", "about 350")
    assert (b["source"], b["range_km"], b["apogee_km"]) == (
        "Japan Ministry of Defense",
        "about 400",
        50,
    )


def test_unattributed_figures_belong_to_the_publication():
    d = extract(
        "SEOUL, March 18, 2024 (Yonhap) -- North Korea fired two missiles that flew about 300 km."
    )
    shot = d.event["shots"][0]
    assert shot["source"] == "Yonhap"
    assert any("attributed to the publication" in n for n in d.notes)


@pytest.mark.parametrize(
    "text,date",
    [
        (
            "On the 18th, the JCS said North Korea fired a missile at 7:44 a.m.",
            "2024-03-18T07:44:00+09:00",
        ),
        (
            "North Korea fired a missile on Sunday between 7 and 8 a.m. KST, the JCS said.",
            "2024-03-17T07:00:00+09:00",
        ),
        (
            "North Korea fired a missile at around 3 p.m. today, the JCS said.",
            "2024-03-18T15:00:00+09:00",
        ),
        (
            "North Korea fired a missile on March 16 at 7:10 a.m. Korea time, the JCS said.",
            "2024-03-16T07:10:00+09:00",
        ),
        ("North Korea fired a missile last Monday, the JCS said.", "2024-03-11"),
        # the launch state's UTC offset, or no time where the state has several
        (
            "Yemen's Houthis fired a ballistic missile from Sanaa at 3 a.m. on Monday.",
            "2024-03-18T03:00:00+03:00",
        ),
        (
            "Iran launched missiles from Tabriz at 9:30 p.m. on Monday, state media said.",
            "2024-03-18T21:30:00+03:30",
        ),
        ("Russia fired a missile from Plesetsk at 10:12 a.m. on Monday.", "2024-03-18"),
    ],
)
def test_local_dates_and_times(text, date):
    assert _one(text).event["date"] == date


def test_no_article_date_means_no_date_and_a_note():
    d = extract("North Korea fired a missile on the 18th, the JCS said.")
    assert "date" not in d.event and "date" in d.missing
    assert any("--date" in n for n in d.notes)


def test_html_visible_text_only():
    html = (
        "<html><head><title>T</title><link rel='canonical' href='https://example.org/a'>"
        "<script>var x = '900 km';</script></head><body>"
        "<nav>Menu 500 km</nav><p>North Korea fired a ballistic missile that flew about "
        "300 km, the JCS said.</p></body></html>"
    )
    d = extract(html, date="2024-03-18")
    assert d.event["shots"][0]["range_km"] == "about 300"
    assert "900" not in d.text and "500" not in d.text
    assert d.event["sources"][0] == {
        "title": "T",
        "url": "https://example.org/a",
        "date": "2024-03-18",
    }


def test_a_report_without_range_gives_a_valid_draft():
    d = _one(
        "North Korea fired a ballistic missile from the Pyongyang area at 6:53 a.m. "
        "on Tuesday, the JCS said. It fell outside Japan's exclusive economic zone, "
        "the Japanese government said."
    )
    doc = yaml.safe_load(d.to_yaml())
    assert doc["launch"]["site"] == "Pyongyang"
    assert "range_km" in doc["missing"]
    assert doc["claims"][0]["inside"] is False


# --------------------------------------------------------------------------- the seed reports
def _seed(name: str) -> Path:
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"seed report {name} not available")
    return path


def test_seed_trump_visit_srbm():
    path = _seed("report-trump-visit-srbm.txt")
    d = extract(path.read_text(encoding="utf-8"))
    doc = yaml.safe_load(d.to_yaml())
    shot = doc["shots"][0]
    assert shot["range_km"] == "between 350 and 380"
    assert shot["count"] == 3 and shot["missile"] == "SRBM"
    assert "at least three" in doc["provenance"]["shots[0].count"]
    assert shot["source"].startswith("ROK Joint Chiefs of Staff")
    assert {"zone": "JPN", "inside": False, "source": "ROK Joint Chiefs of Staff"} in doc["claims"]
    assert invented_figures(d) == []


def test_seed_after_putin_election():
    path = _seed("report-after-putin-election.txt")
    d = extract(path.read_text(encoding="utf-8"), date="2024-03-18")
    doc = yaml.safe_load(d.to_yaml())
    shot = doc["shots"][0]
    assert shot["count"] == 3 and shot["missile"] == "ballistic missile"
    assert shot["bearing"] == "NE"
    assert shot["source"] == "Japan Ministry of Defense (via Nikkei)"
    assert {"zone": "JPN", "inside": False, "source": "Japan Ministry of Defense"} in doc["claims"]
    assert str(doc["date"]).startswith("2024-03-18T07:00")
    assert doc["provenance"]["date"][:2] == ["on the 18th", "between 7 and 8 a.m."]
    assert "launch.site" in doc["missing"] and "range_km" in doc["missing"]
    assert invented_figures(d) == []


# --------------------------------------------------------------------------- command line
def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "trajgeo", "extract", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_writes_yaml_atomically_and_json(tmp_path):
    src = REPORTS / "16-jiji-icbm-oshima.txt"
    out = tmp_path / "draft.yaml"
    r = _run(str(src), "-o", str(out))
    assert r.returncode == 0, r.stderr
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert doc["shots"][0]["source"].startswith("Japan Ministry of Defense")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    r = _run(str(src), "--json")
    assert r.returncode == 0
    assert json.loads(r.stdout)["provenance"]


def test_cli_reads_stdin_and_html(tmp_path):
    r = _run(
        "-",
        "--date",
        "2024-03-18",
        stdin="North Korea fired two missiles that flew about 300 km, the JCS said.\n",
    )
    assert r.returncode == 0, r.stderr
    assert "about 300" in r.stdout
    r = _run(str(REPORTS / "31-blog-mupyong-icbm-miles.html"))
    assert r.returncode == 0, r.stderr
    assert "site: Chagang Province" in r.stdout


@pytest.mark.parametrize(
    "args,needle",
    [
        (["missing.txt"], "missing.txt: no such file"),
        ([str(REPORTS)], "not a file"),
        ([str(REPORTS / "16-jiji-icbm-oshima.txt"), "--date", "18/3/2024"], "--date"),
    ],
)
def test_cli_errors_are_one_line_exit_2(args, needle):
    r = _run(*args)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0]


def test_expected_files_use_only_scored_keys():
    for p in ALL:
        _, expected = load_case(p)
        assert set(expected) <= {"args", "date", "site", "shots", "claims"}, p.name
        _tuples(expected)


@pytest.mark.parametrize(
    "name,date",
    [
        ("report-trump-visit-srbm.txt", "2025-10-28"),
        ("report-after-putin-election.txt", "2024-03-18"),
    ],
)
def test_seed_drafts_are_checked_and_mapped(tmp_path, run_cli, name, date):
    """A reviewed draft (the user adds the site it lacks) is an event file check and map read."""
    from trajgeo.events import load_events

    d = extract(_seed(name).read_text(encoding="utf-8"), date=date)
    doc = yaml.safe_load(d.to_yaml())
    doc.setdefault("launch", {"site": "Pyongyang", "radius_km": 60})  # the review step
    out = tmp_path / "draft.yaml"
    out.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    events = load_events(out)
    assert events[0].shots[0].count == 3
    res = run_cli("check", "--json", out)
    assert res.exit_code == 0, res.output
    claims = json.loads(res.stdout)["events"][0]["claims"]
    assert claims and all(c["status"] != "contradicted" for c in claims)
    pytest.importorskip("cartopy")
    png = tmp_path / "draft.png"
    res = run_cli("map", out, "-o", png)
    assert res.exit_code == 0, res.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("via", ["file", "stdin"])
def test_an_article_over_1_mib_is_refused_at_once(tmp_path, run_cli, via):
    # 14 MB of text had run for minutes (about 14 s a MiB)
    text = "North Korea fired a missile 300 km. " * 30_000  # 1.08 MB
    path = tmp_path / "big.txt"
    path.write_text(text)
    t0 = time.perf_counter()
    res = run_cli("extract", path) if via == "file" else run_cli("extract", "-", input=text)
    assert res.exit_code == 2 and "larger than 1 MiB" in res.stderr, res.stderr
    assert time.perf_counter() - t0 < 5
    assert run_cli("extract", "-", input=text[:100_000]).exit_code == 0
