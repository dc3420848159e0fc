"""Named seas: trajgeo's reconstruction of IHO S-23 limits, and "fell into the East Sea"."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from trajgeo.errors import EventFileError, InputError
from trajgeo.maritime.seas import SEAS, in_sea, sea_name

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "2024-03-18-pyongyang.yaml"

# one point well inside each sea
INSIDE = {
    "Sea of Japan": (134.0, 39.0),
    "Yellow Sea": (123.5, 36.0),
    "East China Sea": (125.0, 29.0),
    "Sea of Okhotsk": (148.0, 52.0),
    "Seto Inland Sea": (133.0, 34.2),
    "Pacific Ocean": (145.0, 36.0),  # east of Honshu
}


@pytest.mark.parametrize("name", list(SEAS))
def test_a_point_in_each_sea_is_in_that_sea_and_no_other(name):
    pt = np.array([INSIDE[name]])
    assert [bool(in_sea(other, pt)[0]) for other in SEAS] == [other == name for other in SEAS]


def test_land_is_in_no_sea():
    tokyo, pyongyang = (139.7, 35.7), (125.75, 39.03)
    for sea in SEAS:
        assert not in_sea(sea, np.array([tokyo, pyongyang])).any()


def test_pacific_east_of_honshu_is_not_the_sea_of_japan():
    off_sendai = np.array([[142.5, 38.2], [141.8, 36.5]])
    assert not in_sea("Sea of Japan", off_sendai).any()
    assert in_sea("Pacific", off_sendai).all()


def test_tsugaru_closing_line_splits_the_strait():
    # Shiriya-zaki (141.47 E) to Esan-misaki (41.80 N): west of the line is the Sea of Japan
    west, east = np.array([[140.6, 41.5]]), np.array([[141.6, 41.65]])
    assert in_sea("Sea of Japan", west)[0] and not in_sea("Sea of Japan", east)[0]
    assert in_sea("Pacific Ocean", east)[0]


def test_korea_strait_is_the_sea_of_japan_and_south_of_goto_is_the_east_china_sea():
    tsushima_strait = np.array([[129.5, 34.0], [129.0, 34.9]])  # east and west of Tsushima
    assert in_sea("Sea of Japan", tsushima_strait).all()
    south_of_the_line = np.array([[128.5, 32.0]])  # south of Goto - Jeju
    assert in_sea("East China Sea", south_of_the_line)[0]
    west_of_jeju_line = np.array([[125.5, 34.0]])  # west of Jeju - Jindo
    assert in_sea("Yellow Sea", west_of_jeju_line)[0]


def test_names_and_aliases_any_case():
    assert sea_name("EAST SEA") == sea_name("Sea of Japan") == sea_name("the Japan Sea")
    assert sea_name("west sea") == "Yellow Sea"
    assert (sea_name("Sea"), sea_name("LAND")) == ("sea", "land")


def test_an_unknown_sea_says_what_it_might_be():
    with pytest.raises(InputError, match="did you mean 'Sea of Japan'"):
        sea_name("Sea of Japn")


def _event(tmp_path, jcs_fell, keep_mod=True):
    from trajgeo.events.load import load_events

    text = EXAMPLE.read_text().replace("fell: sea ", f"fell: {jcs_fell} ")
    if not keep_mod:  # the JCS account alone: about 300 km, no direction
        text = text.replace("same_as: 1 ", "note: x ")
    path = tmp_path / "event.yaml"
    path.write_text(text)
    return load_events(path)[0], path


def test_an_unknown_sea_in_an_event_file_is_one_line_naming_file_and_field(tmp_path):
    with pytest.raises(EventFileError) as err:
        _event(tmp_path, "Sea of Japn")
    msg = str(err.value)
    assert "\n" not in msg and "fell" in msg and "event.yaml" in msg
    assert "did you mean 'Sea of Japan'" in msg and "Yellow Sea" in msg


@pytest.fixture(scope="module")
def zones():
    from trajgeo.maritime import load_zones

    return load_zones()


def _jcs_estimate(event, zones):
    """The estimate of the missiles the ROK JCS described, through the public API."""
    from trajgeo.analysis.fused import fuse_event

    fused = fuse_event(event, zones, samples=2_000)
    return next(
        m.estimate
        for m in fused.missiles
        if any("Joint Chiefs" in a.who for a in m.estimate.missile.accounts)
    )


def test_east_sea_keeps_every_sample_in_the_sea_of_japan(tmp_path, zones):
    # ROK JCS, 2024-03-18: "about 300 km ... landing in eastern waters", no direction
    plain = _jcs_estimate(_event(tmp_path, "sea", keep_mod=False)[0], zones)
    named = _jcs_estimate(_event(tmp_path, "East Sea", keep_mod=False)[0], zones)
    assert plain.placed and named.placed
    # "the sea" alone lets it fall west of Pyongyang too (into the Yellow Sea) ...
    assert in_sea("Yellow Sea", plain.impacts).mean() > 0.2
    # ... the East Sea does not
    assert in_sea("Sea of Japan", named.impacts).all()
    ev = next(e for e in named.evidence if e.kind == "named_sea")
    assert ev.said == "fell into the East Sea"
    assert ev.reading == "inside trajgeo's Sea of Japan polygon (IHO S-23 limits, reconstructed)"


def test_a_sea_that_contradicts_the_other_account_is_a_conflict(tmp_path, zones):
    # Japan's ministry: about 350 km north-east; the JCS now said the Yellow Sea (west)
    event, _ = _event(tmp_path, "West Sea")
    est = _jcs_estimate(event, zones)
    assert len(est.conflicts) == 1
    assert "cannot both hold" in est.conflicts[0].sentence
