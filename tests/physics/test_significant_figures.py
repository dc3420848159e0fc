"""Significant figures counted for whole arrays equal the per-number count, and are fast."""

from __future__ import annotations

import numpy as np


def _values():
    rng = np.random.default_rng(0)
    powers = 10.0 ** np.arange(-20, 25)
    return np.concatenate(
        [
            rng.uniform(-1e4, 1e4, 50_000),
            np.round(rng.uniform(0, 1e6, 5_000), 2),
            np.round(rng.uniform(0, 1e6, 5_000)),
            np.round(rng.uniform(0, 1e6, 500), -3),
            [0.0, -0.0, 1e16, 1e16 + 2, 1.5e20, 1e-5, 0.00123, np.inf, -np.inf, np.nan],
            [950.0, 4475.0, 1000.0, 9.999e15, 0.09999999999999999, 9.999999999999999e-06],
            [5e-324, 1.7976931348623157e308, 2.2250738585072014e-308],
            powers,
            np.nextafter(powers, 0),
            np.nextafter(powers, np.inf),
            rng.standard_normal(5_000) * 10.0 ** rng.integers(-30, 30, 5_000),
            [
                round(v, int(k))
                for v, k in zip(rng.uniform(0, 10, 5_000), rng.integers(0, 15, 5_000), strict=True)
            ],
        ]
    )


def test_array_count_is_the_scalar_count():
    from trajgeo.physics.lofted import _significant_figures_of, significant_figures

    x = _values()
    expected = np.array([significant_figures(float(v)) for v in x])
    assert np.array_equal(_significant_figures_of(x), expected)


def test_lofted_default_sig_figs_follow_the_inputs():
    from trajgeo.physics.lofted import lofted_test_range

    est = lofted_test_range(np.array([4475.0, 4500.0, 4475.5]), np.array([950.0, 950.0, 1000.25]))
    assert est.sig_figs.tolist() == [2, 2, 3]
