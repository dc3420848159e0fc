"""The side view (trajgeo profile) against its baseline image."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import EXAMPLES, assert_matches_baseline

BASELINE_DIR = Path(__file__).parent / "baseline"


def test_side_view_baseline(tmp_path):
    from trajgeo.events import load_events
    from trajgeo.maps.side_view import write_profile
    from trajgeo.physics.profile import event_profiles

    event = load_events(EXAMPLES / "2022-10-04-hwasong-12-over-japan.yaml")[0]
    out = tmp_path / "side.png"
    write_profile([(event, event_profiles(event))], out)
    assert_matches_baseline(out, BASELINE_DIR / "2022-10-04-hwasong-12-profile.png")
