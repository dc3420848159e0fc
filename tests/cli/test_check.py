"""``trajgeo check`` over many files: formats, a bad file in a batch, lists, Dask."""

from __future__ import annotations

import sys

import pytest
import yaml

from tests.analysis.test_catalogue import FAST, SMALL

QUICK = ("--sample-size", str(SMALL), "-j", "1")


@pytest.fixture()
def bad(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("id: x\ntitle: t\nlaunch: {site: Pyongyan}\nshots: [{range_km: 300}]\n")
    return path


def test_a_bad_file_is_reported_and_skipped(run_cli, tmp_path, bad):
    pd = pytest.importorskip("pandas")
    out = tmp_path / "t.csv"
    res = run_cli("check", FAST[0], bad, FAST[1], "-o", out, *QUICK)
    assert res.returncode == 3
    lines = res.stderr.strip().splitlines()
    assert lines[0].startswith(f"trajgeo: error: {bad}: launch.site: unknown place 'Pyongyan'")
    assert lines[1] == f"trajgeo: 1 of 3 files failed (above); the other 2 were written in {out}"
    assert len(lines) == 2
    assert list(pd.read_csv(out)["event_id"]) == [
        "2017-05-14-hwasong-12",
        "2021-09-15-rail-srbm-hegura",
    ]


def test_text_report_goes_on_past_a_bad_file(run_cli, bad):
    res = run_cli("check", bad, FAST[0], *QUICK)
    assert res.returncode == 3
    assert res.stdout.startswith("2017-05-14-hwasong-12 (2017-05-14):")
    assert "  claims:\n" in res.stdout and "unknown place 'Pyongyan'" in res.stderr


def test_only_bad_files_is_an_input_error(run_cli, bad, tmp_path):
    res = run_cli("check", bad, tmp_path / "missing.yaml", *QUICK)
    assert res.returncode == 2
    assert [ln.split(": ")[0] for ln in res.stderr.strip().splitlines()] == ["trajgeo"] * 2
    assert res.stdout == ""


@pytest.mark.parametrize(
    "args",
    [
        ("--format", "csv", "-o", "t.json"),
        ("-o", "t.xlsx"),
        ("--format", "gpkg"),
        ("--json", "--format", "csv"),
        ("--json", "-o", "t.csv"),
    ],
)
def test_usage_errors_are_one_line(run_cli, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    res = run_cli("check", FAST[0], *args, *QUICK)
    assert res.returncode == 2
    assert len(res.stderr.strip().splitlines()) == 1 and res.stderr.startswith("trajgeo: error:")
    assert not list(tmp_path.iterdir())


def test_paths_from_standard_input_and_from_a_list(run_cli, tmp_path):
    listing = "# the quick ones\n" + "\n".join(FAST) + "\n\n"
    res = run_cli("check", "-", "--format", "table", *QUICK, input=listing)
    assert res.returncode == 0, res.stderr
    assert [ln.split(" | ")[0] for ln in res.stdout.splitlines()[2:]] == [
        "| 2017-05-14-hwasong-12",
        "| 2021-09-15-rail-srbm-hegura",
    ]
    (tmp_path / "list.txt").write_text(FAST[1] + "\n")
    res = run_cli(
        "check", "--from-list", tmp_path / "list.txt", FAST[0], "--format", "json", *QUICK
    )
    assert res.returncode == 0, res.stderr
    import json

    assert [r["event_id"] for r in json.loads(res.stdout)] == [
        "2017-05-14-hwasong-12",
        "2021-09-15-rail-srbm-hegura",
    ]


def test_format_follows_the_extension(run_cli, tmp_path):
    res = run_cli("check", FAST[0], "-o", tmp_path / "r.txt", *QUICK)
    assert res.returncode == 0, res.stderr
    text = (tmp_path / "r.txt").read_text()
    assert text.startswith("2017-05-14-hwasong-12 (2017-05-14):") and "\x1b[" not in text
    res = run_cli("check", FAST[0], "-o", tmp_path / "r.md", *QUICK)
    assert (tmp_path / "r.md").read_text().startswith("| event_id | missile |")


def test_spreadsheet_formulas_in_event_text_are_defused(run_cli, tmp_path):
    pd = pytest.importorskip("pandas")
    doc = yaml.safe_load(open(FAST[0], encoding="utf-8"))
    doc["title"] = "=HYPERLINK(1)"
    doc["shots"][0]["missile"] = "@SUM(A1)"
    doc["shots"][0]["source"] = "+cmd"
    src = tmp_path / "evil.yaml"
    src.write_text(yaml.safe_dump(doc, allow_unicode=True))
    out = tmp_path / "evil.csv"
    res = run_cli("check", src, "-o", out, *QUICK)
    assert res.returncode == 0, res.stderr
    df = pd.read_csv(out)
    assert df.loc[0, "title"] == "'=HYPERLINK(1)" and df.loc[0, "missile_type"] == "'@SUM(A1)"
    assert df.loc[0, "accounts"].startswith("'+cmd")
    assert df.loc[0, "claim_probability"] > 0.9  # numbers stay numbers


def test_scheduler_runs_on_a_dask_cluster(run_cli, tmp_path):
    distributed = pytest.importorskip("distributed")
    pd = pytest.importorskip("pandas")
    out = tmp_path / "d.csv"
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        res = run_cli("check", *FAST, "--scheduler", cluster.scheduler_address, "-o", out,
                      "--sample-size", str(SMALL))  # fmt: skip
    assert res.returncode == 0, res.stderr
    serial = tmp_path / "s.csv"
    run_cli("check", *FAST, "-o", serial, *QUICK)
    pd.testing.assert_frame_equal(pd.read_csv(out), pd.read_csv(serial))


def test_scheduler_without_dask_says_what_to_install(run_cli, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    res = run_cli("check", FAST[0], "--scheduler", "tcp://127.0.0.1:1", "--format", "csv")
    assert res.returncode == 1
    (line,) = res.stderr.strip().splitlines()
    assert "pip install 'trajgeo[dask]'" in line


def test_a_count_not_reported_is_not_said_as_one(run_cli):
    # 2025-10-22: "multiple" missiles, count unset; the report said "1 × SRBM"
    from tests.conftest import EXAMPLES

    out = run_cli("check", str(EXAMPLES / "2025-10-22-south-of-pyongyang.yaml"))
    assert out.returncode == 0, out.stderr
    assert "missile 1: SRBM, number not reported — accounts:" in out.stdout
    assert "1 × SRBM" not in out.stdout


def test_a_count_not_reported_is_empty_in_json_and_csv(run_cli):
    # the model flies one missile, but no figure goes into a source's mouth: null / empty
    import csv
    import io
    import json

    from tests.conftest import EXAMPLES

    path = str(EXAMPLES / "2025-10-22-south-of-pyongyang.yaml")
    doc = json.loads(run_cli("check", path, "--json").stdout)
    assert doc["events"][0]["missiles"][0]["count"] is None
    assert all(s["count"] is None for s in doc["events"][0]["shots"])
    rows = list(csv.DictReader(io.StringIO(run_cli("check", path, "--format", "csv").stdout)))
    assert rows and rows[0]["count"] == ""


def test_text_report_judges_each_account_only_when_it_prints_them(run_cli):
    # the per-account verdicts are half the cost of a file: the plain report, which prints
    # none, does not compute them, and says the same as the report with --accounts does
    from trajgeo.analysis.catalogue import CatalogueOptions, analyse_file

    plain = run_cli("check", FAST[0], *QUICK)
    full = run_cli("check", "--accounts", FAST[0], *QUICK)
    assert plain.returncode == full.returncode == 0
    head, rest = full.stdout.split("  each account on its own:\n")
    assert plain.stdout == head + rest[rest.index("  claims:\n") :]
    lean = analyse_file(str(FAST[0]), CatalogueOptions(samples=SMALL, full=True, accounts=False))
    judged = analyse_file(str(FAST[0]), CatalogueOptions(samples=SMALL, full=True))
    assert lean.analyses[0].verdicts is None and judged.analyses[0].verdicts is not None
    assert lean.rows == judged.rows


def test_one_check_does_not_import_scipy():
    # an estimate's samples are close together: their nearest limits are found without
    # scipy's k-d tree, whose import alone cost more than every search of a check
    import subprocess
    from pathlib import Path

    args = ["-X", "importtime", "-m", "trajgeo", "check", "--sample-size", "500", str(FAST[0])]
    res = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=Path(__file__).parents[2]
    )
    assert res.returncode == 0, res.stderr
    imported = {ln.rsplit("|", 1)[-1].strip() for ln in res.stderr.splitlines() if "|" in ln}
    assert "trajgeo.maritime.lines" in imported  # the limits were searched
    assert not [m for m in imported if m.split(".")[0] == "scipy"]


def test_the_readme_catalogue_table_is_what_check_prints():
    # the README's table had drifted from the tool over rebuilds (24 of 39 rows): it is the
    # output of the command it names, number for number
    from tests.conftest import REPO, invoke

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- catalogue-table -->\n") + len("<!-- catalogue-table -->\n")
    shown = readme[start : readme.index("\n\n", start)]
    out = invoke("check", REPO / "examples" / "catalogue", "--format", "table")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == shown.strip()


def test_a_missile_is_named_as_the_source_numbered_it():
    # Japan's ministry numbered nine missiles; trajgeo groups the encoded ones in five, and
    # "missile 2" alone could not be matched to the ministry's "no. 4"
    import json

    from tests.conftest import EXAMPLES, invoke

    path = EXAMPLES / "2022-08-04-pla-missiles-japan-eez.yaml"
    out = invoke("check", path)
    assert out.returncode == 0, out.stderr
    assert "missile 2 (MOD no. 4): 1 × ballistic missile" in out.stdout
    doc = json.loads(invoke("check", path, "--json").stdout)
    missiles = doc["events"][0]["missiles"]
    assert [m["label"] for m in missiles][:2] == ["MOD no. 1", "MOD no. 4"]


def test_the_readme_example_of_a_claim_over_several_groups_is_what_check_gives():
    # the README explains how a claim over several missile groups combines with this example's
    # figures; they are the tool's own, not hand-copied ones that drift
    import json

    from tests.conftest import EXAMPLES, REPO, invoke

    out = invoke("check", EXAMPLES / "2022-08-04-pla-missiles-japan-eez.yaml", "--json")
    [event] = json.loads(out.stdout)["events"]
    [claim] = [c for c in event["claims"] if c["inside"]]
    groups = sorted(round(100 * m["p_claimed_side"]) for m in claim["missiles"])
    said = (
        f"{groups[0]}, {groups[1]} and {groups[2]} % likely inside each: the claim is "
        f"{round(100 * claim['probability'])} %"
    )
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert said in readme, said


def test_the_readme_example_of_an_estimate_on_land_is_what_check_prints():
    from tests.conftest import EXAMPLES, REPO, invoke

    out = invoke("check", EXAMPLES / "2025-10-22-south-of-pyongyang.yaml")
    [prk] = [ln for ln in out.stdout.splitlines() if "North Korea's EEZ or land" in ln]
    [chn] = [ln for ln in out.stdout.splitlines() if "China's EEZ or land" in ln]
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    shown = prk.split(": ", 1)[1].split(" (boundary error")[0]  # "71 % likely inside (72 % ...)"
    assert f"`{shown}`" in readme, shown
    assert f'"China\'s EEZ or land: {chn.split(": ", 1)[1].split(" likely")[0]}"' in readme


def _event_file(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_territory_counts_its_own_land_not_its_sovereigns(tmp_path):
    # Guam's and the Northern Mariana Islands' zones were each credited with all the United
    # States' land in the estimate (the land's owner code is the sovereign's)
    import json

    from tests.conftest import invoke

    path = _event_file(
        tmp_path,
        "guam.yaml",
        "id: guam\ntitle: t\ndate: 2024-03-18\nlaunch: {site: Pyongyang}\n"
        "shots:\n  - {count: 1, missile: IRBM, source: S,"
        " impact: {lat: 13.85, lon: 144.95, radius_km: 40}}\n"
        "claims:\n  - {zone: GUM, inside: true, source: S}\n"
        "  - {zone: MNP, inside: false, source: S}\n",
    )
    out = invoke("check", path, "--json")
    assert out.returncode == 0, out.stderr
    zones = {z["zone"]: z for z in json.loads(out.stdout)["events"][0]["missiles"][0]["zones"]}
    # Guam's land is a few per cent of a 40-km disc off its north tip; Rota's a fraction of one
    assert 0.01 < zones["GUM"]["share_on_land"] < 0.06
    assert zones["MNP"]["share_on_land"] < 0.01


def test_a_sea_claim_for_a_state_without_a_coast_is_refused(tmp_path):
    # "inside Mongolia's territorial sea" had held for a missile near Ulaanbaatar
    from tests.conftest import invoke

    path = _event_file(
        tmp_path,
        "mng.yaml",
        "id: mng\ntitle: t\ndate: 2024-03-18\nlaunch: {lat: 42.0, lon: 112.0}\n"
        "shots:\n  - {count: 1, source: S, impact: {lat: 47.9, lon: 106.9, radius_km: 20}}\n"
        "claims:\n  - {zone: MNG, kind: territorial_sea, inside: true, source: S}\n",
    )
    out = invoke("check", path)
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [
        f"trajgeo: error: {path}: claims[0].kind: Mongolia has no territorial sea in the zone "
        "data (got 'territorial_sea'); allowed: land (a state without a coast has neither an "
        "EEZ nor a territorial sea)"
    ]
    land = _event_file(
        tmp_path, "mng-land.yaml", path.read_text().replace("territorial_sea", "land")
    )
    out = invoke("check", land)
    assert out.returncode == 0, out.stderr
    # its edges are all land borders, measured to a few km: 300 km inside is certain
    assert "Mongolia (land): over 99 % likely inside" in out.stdout
    assert "Mongolia's EEZ" not in out.stdout


def test_a_label_on_another_account_of_a_missile_names_it():
    from trajgeo.events.accounts import Account, Place, group_accounts

    site = Place("Sunan", 125.67, 39.22, 3.0)
    a = Account(1, "A", site, count=2, missile="SRBM")
    b = Account(2, "B", site, same_as=1, label="JCS no. 2")
    assert group_accounts([a, b])[0].label == "JCS no. 2"


def test_the_table_names_each_missile_by_its_label_and_says_its_land_share(tmp_path):
    # the label (Japan MOD's numbering) and the share on land were in `check` and --json only
    import csv
    import json

    from tests.conftest import EXAMPLES, invoke

    out = tmp_path / "rows.csv"
    res = invoke(
        "check",
        EXAMPLES / "2022-08-04-pla-missiles-japan-eez.yaml",
        EXAMPLES / "2025-10-22-south-of-pyongyang.yaml",
        "--format",
        "csv",
        "-o",
        out,
    )
    assert res.returncode == 0, res.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    pla = [r["label"] for r in rows if r["event_id"].startswith("2022-08-04")]
    assert pla == ["MOD no. 1", "MOD no. 4", "MOD no. 5", "MOD nos. 6 and 8", "MOD nos. 7 and 9"]
    [dprk] = [r for r in rows if r["event_id"].startswith("2025-10-22")]
    assert dprk["label"] == ""
    doc = json.loads(
        invoke("check", EXAMPLES / "2025-10-22-south-of-pyongyang.yaml", "--json").stdout
    )
    for z in doc["events"][0]["missiles"][0]["zones"]:
        cell = f"{z['zone']} {z['kind']} {z['p_inside']:.2f}"
        if z["share_on_land"] >= 0.005:
            cell += f" (land {z['share_on_land']:.2f})"
        assert cell in dprk["zones"].split("; "), (cell, dprk["zones"])
    assert "(land " in dprk["zones"]


def test_a_land_or_territorial_sea_claims_column_is_filled(tmp_path):
    # p_inside_<ISO3>_land and _territorial_sea stayed empty: only the zones reached were read
    import csv
    import json

    from tests.conftest import invoke

    path = _event_file(
        tmp_path,
        "ts.yaml",
        "id: ts\ntitle: t\ndate: 2022-11-02\nlaunch: {site: Pyongyang}\n"
        "shots:\n  - {count: 1, source: S, impact: {lat: 38.05, lon: 129.3, radius_km: 20}}\n"
        "claims:\n  - {zone: KOR, kind: territorial_sea, inside: false, source: S}\n"
        "  - {zone: KOR, kind: land, inside: false, source: S}\n",
    )
    out = tmp_path / "rows.csv"
    assert invoke("check", path, "--format", "csv", "-o", out).returncode == 0
    [row] = list(csv.DictReader(out.open(encoding="utf-8")))
    doc = json.loads(invoke("check", path, "--json").stdout)
    for claim in doc["events"][0]["claims"]:
        zone = claim["missiles"][0]["zone"]
        assert float(row[f"p_inside_KOR_{claim['kind']}"]) == zone["p_inside"]
