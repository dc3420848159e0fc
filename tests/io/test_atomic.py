"""Writing outputs: never over an input, a link's target not the link, all or nothing."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import example, invoke

EVENT = "2024-03-18-pyongyang.yaml"


@pytest.fixture()
def event(tmp_path: Path) -> Path:
    path = tmp_path / "ev.yaml"
    shutil.copy(example(EVENT), path)
    return path


def _one_line_error(result, code: int = 2) -> str:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def _no_temps(folder: Path) -> None:
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".trajgeo-part-")]


# --------------------------------------------------------------------------- inputs
def test_zones_refuses_to_write_over_its_event_file(event):
    before = event.read_bytes()
    line = _one_line_error(invoke("zones", event, "-o", event))
    assert "would overwrite an input" in line
    assert event.read_bytes() == before


@pytest.mark.parametrize("how", ["folder", "glob", "stdin", "list"])
def test_check_refuses_to_write_over_an_event_file_its_folder_glob_or_list_reached(tmp_path, how):
    # named directly it was refused; reached through a folder, a glob or a list of paths it
    # had been overwritten by the report, and the next run could not read it
    folder = tmp_path / "events"
    folder.mkdir()
    event = folder / "e.json"
    event.write_text(
        '{"id": "t1", "title": "x", "launch": {"site": "Pyongyang"},'
        ' "shots": [{"count": 1, "range_km": 300, "bearing": "NE"}]}'
    )
    before = event.read_bytes()
    (tmp_path / "list.txt").write_text(f"{event}\n")
    args, stdin = {
        "folder": ([folder], None),
        "glob": ([f"{folder}/*.json"], None),
        "stdin": (["-"], f"{event}\n"),
        "list": (["--from-list", tmp_path / "list.txt"], None),
    }[how]
    line = _one_line_error(invoke("check", *args, "--json", "-o", event, input=stdin))
    assert "--output: would overwrite an input" in line
    assert event.read_bytes() == before
    _no_temps(folder)


def test_check_reads_a_file_named_twice_in_two_spellings_once(event, tmp_path):
    out = tmp_path / "t.csv"
    res = invoke("check", event, f"{event.parent}/./{event.name}", "--format", "csv", "-o", out)
    assert res.returncode == 0, res.stderr
    assert len(out.read_text().splitlines()) == 2  # the header and one event


def test_where_refuses_to_write_over_its_points_file(tmp_path):
    points = tmp_path / "p.csv"
    points.write_text("lat,lon\n35,135\n")
    line = _one_line_error(invoke("where", "--points", points, "-o", points))
    assert "would overwrite an input" in line
    assert points.read_text() == "lat,lon\n35,135\n"


def test_map_refuses_alt_text_over_its_event_file_before_drawing(event, tmp_path):
    before = event.read_bytes()
    t0 = time.perf_counter()
    line = _one_line_error(invoke("map", event, "-o", tmp_path / "m.png", "--alt-text", event))
    assert "--alt-text: would overwrite an input" in line
    assert time.perf_counter() - t0 < 20  # refused before any map is drawn
    assert event.read_bytes() == before
    assert not (tmp_path / "m.png").exists()


def test_two_outputs_naming_one_file_are_refused(event, tmp_path):
    line = _one_line_error(
        invoke("map", event, "-o", tmp_path / "m.png", "--alt-text", f"{tmp_path}/./m.png")
    )
    assert "--alt-text: names the same file as another output" in line
    assert list(tmp_path.iterdir()) == [event]


def test_an_input_reached_through_a_symlink_is_still_protected(event, tmp_path):
    link = tmp_path / "link.geojson"
    link.symlink_to(event)
    _one_line_error(invoke("zones", event, "-o", link))
    assert link.is_symlink()


# --------------------------------------------------------------------------- targets
def test_symlink_target_is_written_and_the_link_kept(event, tmp_path):
    target = tmp_path / "real.geojson"
    target.write_text("old")
    link = tmp_path / "link.geojson"
    link.symlink_to(target.name)
    assert invoke("zones", event, "-o", link).returncode == 0
    assert link.is_symlink() and target.read_text().startswith('{"type":"FeatureCollection"')


def test_hard_links_keep_sharing_the_new_content(event, tmp_path):
    a, b = tmp_path / "a.geojson", tmp_path / "b.geojson"
    a.write_text("old")
    os.link(a, b)
    assert invoke("zones", event, "-o", b).returncode == 0
    assert os.stat(a).st_ino == os.stat(b).st_ino and os.stat(a).st_nlink == 2
    assert a.read_text() == b.read_text() != "old"


@pytest.mark.parametrize("kind", ["device", "fifo", "folder"])
def test_special_targets_are_refused_and_left_as_they_are(event, tmp_path, kind):
    if kind == "device":
        target = Path("/dev/null")
    elif kind == "fifo":
        target = tmp_path / "f.geojson"
        os.mkfifo(target)
    else:
        target = tmp_path / "folder.geojson"
        target.mkdir()
    mode = os.stat(target).st_mode
    line = _one_line_error(invoke("zones", event, "-o", target))
    assert "not a regular file" in line or "is a folder" in line
    assert os.stat(target).st_mode == mode


def test_read_only_file_is_refused_even_for_root(event, tmp_path):
    target = tmp_path / "ro.geojson"
    target.write_text("keep")
    target.chmod(0o444)
    assert "read-only" in _one_line_error(invoke("zones", event, "-o", target))
    assert target.read_text() == "keep"


@pytest.mark.parametrize("command", ["zones", "map", "profile"])
def test_read_only_folder_is_refused_even_for_root(event, tmp_path, command):
    # root may write into a folder marked read-only: as root the file had been written
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    name = {"zones": "a.geojson", "map": "a.png", "profile": "a.png"}[command]
    try:
        line = _one_line_error(invoke(command, event, "-o", folder / name))
    finally:
        folder.chmod(0o755)
    assert "the output folder is not writable" in line
    assert not any(folder.iterdir())


def test_new_file_honours_the_umask_and_existing_mode_is_kept(event, tmp_path):
    old = os.umask(0o077)
    try:
        assert invoke("zones", event, "-o", tmp_path / "new.geojson").returncode == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "new.geojson").st_mode) == 0o600
    kept = tmp_path / "kept.geojson"
    kept.write_text("old")
    kept.chmod(0o640)
    assert invoke("zones", event, "-o", kept).returncode == 0
    assert stat.S_IMODE(os.stat(kept).st_mode) == 0o640


def test_long_names_and_symlink_loops_are_one_line_errors(event, tmp_path):
    ok = tmp_path / ("a" * 250 + ".json")  # 255 bytes: the longest name allowed
    assert invoke("zones", event, "-o", ok).returncode == 0 and ok.exists()
    assert "too long" in _one_line_error(invoke("zones", event, "-o", tmp_path / ("a" * 256)))
    (tmp_path / "l1.json").symlink_to("l2.json")
    (tmp_path / "l2.json").symlink_to("l1.json")
    assert "symbolic links" in _one_line_error(invoke("zones", event, "-o", tmp_path / "l1.json"))
    assert "does not exist" in _one_line_error(
        invoke("zones", event, "-o", tmp_path / "nope" / "x.json")
    )
    _no_temps(tmp_path)


@pytest.mark.parametrize(
    "command, name",
    [("zones", "out.geojson"), ("zones", "out.gpkg"), ("check", "out.gpkg")],
)
def test_full_disk_is_a_one_line_error_and_leaves_nothing(event, tmp_path, command, name):
    """A real EFBIG from the kernel (a file-size limit), as a full disk gives ENOSPC.

    GDAL (GeoPackage) reports it as its own error, which had ended in a traceback.
    """

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    out = subprocess.run(
        [sys.executable, "-m", "trajgeo", command, str(event), "-o", name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    line = _one_line_error(out, code=1)
    assert "nothing was written" in line and "CREATE TABLE" not in line
    assert not (tmp_path / name).exists()
    _no_temps(tmp_path)


# --------------------------------------------------------------------------- all or nothing
def test_outputs_of_one_group_land_together_or_not_at_all(tmp_path):
    from trajgeo.errors import InputError
    from trajgeo.io.atomic import output_group, write_text

    with pytest.raises(InputError):
        with output_group():
            write_text(tmp_path / "map.svg", "<svg/>")
            write_text(tmp_path / "missing" / "alt.txt", "alt")
    assert list(tmp_path.iterdir()) == []
    with output_group():
        write_text(tmp_path / "map.svg", "<svg/>")
        assert not (tmp_path / "map.svg").exists()  # not before the group ends
        write_text(tmp_path / "alt.txt", "alt")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alt.txt", "map.svg"]


def test_stale_temporary_files_are_removed_by_a_later_run(event, tmp_path):
    dead = tmp_path / ".trajgeo-part-4194400-deadbeef.geojson"  # above Linux's pid_max
    dead.write_text("half")
    alive = tmp_path / f".trajgeo-part-{os.getppid()}-cafe.geojson"
    alive.write_text("someone is writing")
    assert invoke("zones", event, "-o", tmp_path / "out.geojson").returncode == 0
    assert not dead.exists() and alive.exists()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_during_a_write_removes_the_temporary_file(tmp_path, signum):
    script = textwrap.dedent(
        f"""
        import signal, sys, time
        from trajgeo.cli.main import _on_sigterm
        from trajgeo.io.atomic import atomic_path
        signal.signal(signal.SIGTERM, _on_sigterm)
        # Ctrl-C as a terminal delivers it: a suite run as a background job would
        # otherwise hand this process SIGINT ignored
        signal.signal(signal.SIGINT, signal.default_int_handler)
        with atomic_path({str(tmp_path / "out.png")!r}) as tmp:
            tmp.write_bytes(b"half a picture")
            print("ready", flush=True)
            time.sleep(60)
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=tmp_path,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".trajgeo-part-")]
    proc.send_signal(signum)
    code = proc.wait(timeout=30)
    assert code == (128 + signum if signum == signal.SIGTERM else -signal.SIGINT)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (("zones", "EV", "--max-segment-km", "nan", "-o", "-"), "--max-segment-km"),
        (("zones", "EV", "--ring", "nan", "-o", "-"), "--ring"),
        (("profile", "EV", "--burnout-altitude", "-inf", "-o", "OUT.svg"), "--burnout-altitude"),
    ],
)
def test_non_finite_numbers_on_the_command_line_are_refused(args, flag, event, tmp_path):
    args = [event if a == "EV" else tmp_path / a if a == "OUT.svg" else a for a in args]
    line = _one_line_error(invoke(*args))
    assert f"{flag}: not a finite number" in line


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs Linux's /proc")
def test_a_folder_where_no_file_can_be_made_is_one_line(tmp_path):
    # /proc lets nothing be created: the temporary file's FileNotFoundError was a traceback
    event = example("2024-03-18-pyongyang.yaml")
    for args in (["where", "40", "130", "-o", "/proc/w.txt"], ["map", event, "-o", "/proc/m.png"]):
        line = _one_line_error(invoke(*args))
        # (/proc is marked read-only: refused as such, for root too, before any file is tried)
        assert "the output folder is not writable" in line and "/proc/" in line
