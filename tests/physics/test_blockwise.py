"""Large batches run block by block: the same answers as small batches, element for element."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from trajgeo.physics import ballistics as bal
from trajgeo.physics.kepler import BLOCK

N = 3 * BLOCK + 17  # three whole blocks and a short one


@pytest.fixture(scope="module")
def states():
    rng = np.random.default_rng(12)
    hb = rng.uniform(0.0, 400.0, N)
    return {
        # suborbital, orbital and escaping states mixed, some in every block
        "v": rng.uniform(0.0, 12.0, N),
        "g": rng.uniform(-90.0, 90.0, N),
        "hb": hb,
        "hi": hb * rng.uniform(0.0, 1.0, N),
        "pr": rng.uniform(0.0, 300.0, N),
        "range": rng.uniform(400.0, 20_000.0, N),
        "apogee": rng.uniform(500.0, 9_000.0, N),
        "distance": rng.uniform(300.0, 3_000.0, N),
    }


CALLS = {
    "free_flight": lambda s, k: bal.free_flight(
        s["v"][k],
        s["g"][k],
        burnout_altitude_km=s["hb"][k],
        impact_altitude_km=s["hi"][k],
        powered_range_km=s["pr"][k],
    ),
    "minimum_energy_trajectory": lambda s, k: bal.minimum_energy_trajectory(
        s["range"][k], burnout_altitude_km=s["hb"][k] / 4, powered_range_km=s["pr"][k]
    ),
    "lofted_test_range": lambda s, k: bal.lofted_test_range(
        s["apogee"][k] + s["hb"][k],
        s["distance"][k],
        burnout_altitude_km=s["hb"][k],
        powered_range_km=s["pr"][k] / 4,
        sig_figs=2,
    ),
}


@pytest.mark.parametrize("name", CALLS)
def test_a_batch_of_several_blocks_gives_what_small_batches_give(states, name):
    whole = CALLS[name](states, slice(None))
    pieces = [CALLS[name](states, slice(i, i + 1_000)) for i in range(0, N, 1_000)]
    for field in dataclasses.fields(whole):
        got = getattr(whole, field.name)
        if np.ndim(got) == 0:
            continue
        want = np.concatenate([np.atleast_1d(getattr(p, field.name)) for p in pieces])
        assert got.shape == (N,) and np.array_equal(got, want, equal_nan=True), field.name
    if name == "free_flight":
        assert 0 < np.count_nonzero(whole.is_orbital) < N  # both kinds of state were there
