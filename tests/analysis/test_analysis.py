"""analyse(): the one result that check, the maps and the API share."""

from __future__ import annotations

import json

import pytest

from tests.conftest import example
from trajgeo.analysis import analyse


@pytest.fixture(scope="module")
def zones():
    from trajgeo.maritime import load_zones

    return load_zones()


def test_verdicts_overflights_and_capability_in_one_result(zones):
    over = analyse(example("2022-10-04-hwasong-12-over-japan.yaml"), zones=zones)
    ea = over.events[0]
    assert ea.verdicts is not None and ea.verdicts.claims
    assert {o.sovereign_iso3 for o in ea.shot_overflights(1)} == {"JPN"}
    lofted = analyse(example("2023-02-18-hwasong-15.yaml"), zones=zones, verdicts=False)
    assert lofted.events[0].verdicts is None
    assert lofted.capability and lofted.capability[0].kind == "equivalent"


def test_check_json_is_the_analysis_as_a_dict(zones, run_cli):
    path = example("2022-10-04-hwasong-12-over-japan.yaml")
    res = run_cli("check", "--json", path)
    assert res.returncode == 0, res.stderr
    expected = analyse(path, zones=zones, capability=False).as_dict()
    assert json.loads(res.stdout) == json.loads(json.dumps(expected))


def test_without_verdicts_there_is_no_dict():
    result = analyse(example("2024-03-18-pyongyang.yaml"), verdicts=False, overflights=False)
    assert result.zones is None and result.overflights == []
    with pytest.raises(ValueError, match="verdicts=False"):
        result.as_dict()
