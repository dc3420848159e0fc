"""Tests of ``trajgeo range``: the click group, and ``main`` as the console script runs it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from tests.conftest import invoke
from trajgeo.cli.main import cli, main
from trajgeo.errors import InputError

# Hwasong-15, 29 Nov 2017 and Hwasong-14, 28 Jul 2017 (Japanese MOD / KCNA figures)
HS15 = ["--apogee", "4475", "--distance", "950", "--flight-time", "53"]
HS14 = ["--apogee", "3700", "--distance", "1000", "--flight-time", "47"]


@pytest.fixture
def runner():
    return CliRunner()


def run_json(runner, args):
    result = runner.invoke(cli, ["range", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_hwasong15_json(runner):
    out = run_json(runner, HS15)
    # same-burnout-energy estimate ~10,000 km (UCS's booster-model figure, 13,000 km, is higher:
    # the label says this estimate runs low for ICBM-class tests)
    assert out["met_range_km"] == 10_000
    assert out["range_band_km"] == [9_400, 11_000]
    assert out["met_range_km_unrounded"] == pytest.approx(9983.3, abs=0.1)
    assert out["burnout_speed_km_s"] == pytest.approx(7.195, abs=0.001)
    assert out["free_flight_time_min"] == pytest.approx(50.3)
    assert out["implied_boost_min"] == pytest.approx(2.7)
    assert out["warnings"] == []
    assert "runs low for ICBM-class tests" in out["label"]
    a = out["assumptions"]
    assert a["mu_km3_s2"] == 398600.4418 and a["earth_radius_km"] == 6371.0
    assert (
        a["burnout_altitude_km"] == 0.0 and a["band_pct"] == 5.0 and a["rotation_applied"] is False
    )
    assert out["inputs"]["apogee_km"] == 4475.0 and out["inputs"]["flight_time_min"] == 53.0


def test_hwasong14_json(runner):
    out = run_json(runner, HS14)
    assert out["met_range_km"] == 8_000  # 7,961 km; "1000" carries 1 figure, floor of 2
    assert out["met_range_km_unrounded"] == pytest.approx(7961.2, abs=0.1)
    assert out["free_flight_time_min"] == pytest.approx(42.9)
    assert out["warnings"] == []


def test_burnout_altitude_and_band_options(runner):
    out = run_json(
        runner, [*HS14, "--burnout-altitude", "100", "--band-pct", "10", "--powered-range", "20"]
    )
    assert out["assumptions"]["burnout_altitude_km"] == 100.0
    assert out["assumptions"]["powered_range_km"] == 20.0
    lo, hi = out["range_band_km"]
    assert lo < out["met_range_km"] < hi


def test_precision_follows_inputs(runner):
    out = run_json(runner, ["--apogee", "3725", "--distance", "998"])
    assert out["met_range_km"] == 8_020  # three figures below 10,000 km
    assert out["assumptions"]["significant_figures"] == 3


def test_global_is_a_string(runner):
    out = run_json(runner, ["--apogee", "9000", "--distance", "1000"])
    assert out["met_range_km"] == "global"
    assert out["range_band_km"] == ["global", "global"]
    assert any("any point on Earth" in w for w in out["warnings"])


def test_band_reaching_global_warns(runner):
    out = run_json(runner, ["--apogee", "6200", "--distance", "950"])
    assert isinstance(out["met_range_km"], int)
    assert out["range_band_km"][1] == "global"
    assert any("very sensitive" in w for w in out["warnings"])


def test_flight_time_warning(runner):
    out = run_json(runner, ["--apogee", "4475", "--distance", "950", "--flight-time", "40"])
    assert len(out["warnings"]) == 1 and "shorter than" in out["warnings"][0]


def test_rotating(runner):
    base = run_json(runner, HS14)
    east = run_json(runner, [*HS14, "--rotating", "--lat", "40", "--azimuth", "90"])
    west = run_json(runner, [*HS14, "--rotating", "--lat", "40", "--azimuth", "270"])
    assert east["assumptions"]["rotation_applied"] is True
    assert east["assumptions"]["test_inversion_rotation_corrected"] is False
    assert east["met_range_km"] > base["met_range_km"] > west["met_range_km"]
    assert east["non_rotating_range_km"] == base["met_range_km"]


def test_text_output(runner):
    result = runner.invoke(cli, ["range", *HS15])
    assert result.exit_code == 0
    text = result.output
    assert "about 10,000 km" in text
    assert "9,400 km to 11,000 km" in text
    assert (
        "same-burnout-energy estimate; ignores the larger gravity loss of a near-vertical boost"
        in text
    )
    assert "Burnout speed: 7.20 km/s" in text
    assert "Free flight of the test: 50.3 min" in text
    assert "rotation ignored" in text


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--apogee", "-5", "--distance", "950"], "--apogee"),
        (["--apogee", "abc", "--distance", "950"], "--apogee"),
        # a free flight of 1.8 billion minutes had been printed; event files stop at 100,000 km
        (["--apogee", "1e9", "--distance", "950"], "--apogee"),
        (["--apogee", "500", "--distance", "0"], "--distance"),
        (["--apogee", "500", "--distance", "20005"], "--distance"),
        (["--apogee", "500", "--distance", "nan"], "--distance"),
        (["--apogee", "500", "--distance", "900", "--flight-time", "x"], "--flight-time"),
        (["--apogee", "500", "--distance", "900", "--band-pct", "60"], "--band-pct"),
        (["--apogee", "500", "--distance", "900", "--rotating", "--lat", "40"], "--azimuth"),
        (["--apogee", "500", "--distance", "900", "--lat", "40"], "--lat"),
        (
            ["--apogee", "500", "--distance", "900", "--rotating", "--lat", "95", "--azimuth", "0"],
            "--lat",
        ),
    ],
)
def test_bad_input_raises_input_error(runner, args, field):
    result = runner.invoke(cli, ["range", *args])
    assert isinstance(result.exception, InputError)
    assert result.exception.field == field
    assert result.exception.allowed


def test_bad_input_exit_code_in_process(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["range", "--apogee", "-5", "--distance", "950"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--apogee" in err and "allowed" in err


def _run(*args):
    return invoke("range", *args)


def test_main_json():
    proc = _run(*HS15, "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["met_range_km"] == 10_000 and out["burnout_speed_km_s"] == pytest.approx(
        7.195, abs=0.001
    )


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["--apogee", "-5", "--distance", "950"], "--apogee"),
        (["--apogee", "500", "--distance", "0"], "--distance"),
    ],
)
def test_main_bad_input_exit_2_one_line(args, flag):
    proc = _run(*args)
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    assert lines[0].startswith("trajgeo: error:") and flag in lines[0] and "allowed:" in lines[0]


def test_range_module_import_is_light():
    code = (
        "import sys, trajgeo.cli.range_cmd, trajgeo.cli.main;"
        "bad = [m for m in ('numpy', 'scipy', 'trajgeo.physics.ballistics') if m in sys.modules];"
        "print(','.join(bad))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.strip() == ""


def test_band_printed_low_to_high_for_depressed_shot(runner):
    # 50 km apogee over 400 km is below the minimum-energy apogee (~100 km): lowering the
    # apogee *raises* the equivalent range, so the per-apogee ends come out high-to-low.
    # Text and JSON must still show the band low to high.
    out = run_json(runner, ["--apogee", "50", "--distance", "400"])
    lo, hi = out["range_band_km"]
    assert lo < hi
    assert lo <= out["met_range_km"] <= hi
    text = runner.invoke(cli, ["range", "--apogee", "50", "--distance", "400"]).output
    line = next(ln for ln in text.splitlines() if "band for apogee" in ln)
    assert line.strip() == f"band for apogee ±5 %: {lo:,} km to {hi:,} km"
    for args in (HS15, HS14):  # lofted shots: already increasing, unchanged
        lo, hi = run_json(runner, args)["range_band_km"]
        assert lo < hi


@pytest.mark.parametrize("azimuth", [0, 90, 180, 270])
@pytest.mark.parametrize("args", [HS15, HS14, ["--apogee", "1000", "--distance", "300"]])
def test_rotating_central_value_lies_in_its_band(runner, args, azimuth):
    # issue 15: `range --rotating` printed a central value outside its own band
    out = run_json(runner, [*args, "--rotating", "--lat", "40", "--azimuth", str(azimuth)])
    lo, hi = out["range_band_km"]
    assert lo <= out["met_range_km"] <= hi


def test_distance_limit_the_message_states_is_the_one_enforced(runner):
    # the message once said "≤ 20,004" and refused 20004: it must state the exact limit
    result = runner.invoke(cli, ["range", "--apogee", "10000", "--distance", "20004"])
    assert isinstance(result.exception, InputError)
    allowed = result.exception.allowed
    assert "20,003.931" in allowed and "20,004" not in allowed
    limit = allowed.split("≤ ")[1].split(" ")[0].replace(",", "")
    ok = runner.invoke(cli, ["range", "--apogee", "10000", "--distance", limit, "--json"])
    assert ok.exit_code == 0, ok.output
