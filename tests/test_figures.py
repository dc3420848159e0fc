"""Reported figures read with the precision they carry."""

from __future__ import annotations

import pytest

from trajgeo.errors import InputError
from trajgeo.events.figures import read_direction, read_figure, rounding_unit


@pytest.mark.parametrize(
    ("value", "low", "high"),
    [
        ("about 200", 175, 225),  # rounded to 50 km: not ±10 km
        ("some 1,000", 900, 1_100),  # ±10 % beats half a 100 km unit
        ("approximately 350", 315, 385),
        (380, 361, 399),  # a bare figure: ±5 %, at least half its unit
        (200, 175, 225),
        ("more than 250", 250, 325),
        ("over 4,000", 4_000, 5_200),
        ("at least 2,000", 2_000, 2_600),
        ("up to 300", 210, 300),
        ("less than 100", 70, 100),
        ("nearly 600", 540, 600),
        ("between 350 and 380", 345, 385),
        ("350-380", 345, 385),
        ([350, 380], 345, 385),
        ("about 200 km", 175, 225),
        (2.5, 2.375, 2.625),
    ],
)
def test_figure_bands(value, low, high):
    f = read_figure(value)
    assert f.low == pytest.approx(low) and f.high == pytest.approx(high)
    assert f.rule and str(round(f.low)) in f.rule.replace(",", "")


def test_the_reported_words_are_kept_and_the_rule_says_why():
    f = read_figure("about 200")
    assert f.text == "about 200" and f.qualifier == "about"
    assert "rounded to 50 km" in f.rule


def test_explicit_tolerance_replaces_the_rules():
    assert read_figure(350, tolerance_pct=5).low == pytest.approx(332.5)
    assert read_figure(350, tolerance=10).high == pytest.approx(360)


@pytest.mark.parametrize("bad", ["about", "two hundred", "", [1], [3, 2], "-5", True, float("nan")])
def test_bad_figures_are_refused_with_what_is_allowed(bad):
    with pytest.raises(InputError) as err:
        read_figure(bad, field="shots[0].range_km")
    assert "shots[0].range_km" in str(err.value)


@pytest.mark.parametrize(
    ("word", "start", "width"),
    [
        ("NE", 22.5, 45),
        ("northeast", 22.5, 45),
        ("north-east", 22.5, 45),
        ("North East", 22.5, 45),
        ("northeastward", 22.5, 45),
        ("eastward", 67.5, 45),
        ("to the east", 67.5, 45),
        ("E", 67.5, 45),
        ("westward", 247.5, 45),
        ("ENE", 56.25, 22.5),
        ("east-northeast", 56.25, 22.5),
        ("NNW", 326.25, 22.5),
        (45, 40, 10),
        ("90", 85, 10),
        ([350, 10], 350, 20),
    ],
)
def test_directions(word, start, width):
    b = read_direction(word)
    assert b.start_deg == pytest.approx(start) and b.width_deg == pytest.approx(width)


def test_direction_contains_wraps_through_north():
    b = read_direction("N")
    assert b.contains(350.0) and b.contains(10.0) and not b.contains(30.0)


@pytest.mark.parametrize("bad", ["toward the sea", "up", "400", [1, 2, 3]])
def test_bad_directions_are_refused(bad):
    with pytest.raises(InputError):
        read_direction(bad)


@pytest.mark.parametrize(
    ("x", "unit"),
    [(200, 50), (350, 50), (380, 10), (1_000, 100), (4_475, 25), (66, 1), (900, 100), (12, 1)],
)
def test_rounding_units(x, unit):
    assert rounding_unit(x) == unit
