"""Reported figures read with the precision they carry.

A report rarely gives a measurement. "About 200 km" was rounded to the
nearest 50 km, "more than 250 km" bounds only one side, and "north-east"
names one of eight directions. This module turns each such figure into the
band of values the words allow, and records the rule that chose the band,
so every output can say what tolerance a figure got and why.

The rules (the README's table is made from :data:`RULES`):

- **Rounding.** A single figure was rounded by its source; the rounding unit
  is the largest of 1, 5, 10, 50, 100, 500, 1,000 … that divides the figure
  and is at most a quarter of it (200 -> 50, 350 -> 50, 380 -> 10,
  1,000 -> 100). The band is the figure ± half that unit, and never narrower
  than the qualifier's relative tolerance: ± 10 % for "about", "some",
  "around", "approximately", "roughly"; ± 5 % for a bare figure.
- **One-sided words.** "More than", "over", "at least", "exceeding": from
  the figure up by 30 % (or one rounding unit, if larger). "Up to", "less
  than", "under", "below": from 30 % below the figure up to it. "Nearly",
  "almost", "close to": from 10 % (or half a unit) below up to the figure.
- **Bands** ("between 350 and 380", ``[350, 380]``, "350-380") keep their
  ends, widened by half the unit both ends were rounded to.
- **Directions.** An 8-point word (N, NE, "east", "north-eastward") is the
  45° sector it rounds to, ± 22.5°; a 16-point word (NNE, "east-northeast")
  ± 11.25°; a number of degrees ± 5°.

Every rule can be overridden per figure in an event file
(``range_tolerance_pct``, ``bearing_tolerance_deg`` …).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from trajgeo.errors import InputError
from trajgeo.events.compass import COMPASS_POINTS

__all__ = [
    "RULES",
    "DirectionBand",
    "Figure",
    "read_direction",
    "read_figure",
    "rounding_unit",
]

#: Relative tolerance of a single figure, by the word that qualifies it.
_ABOUT = (
    "about",
    "around",
    "approximately",
    "approx.",
    "approx",
    "some",
    "roughly",
    "an estimated",
    "estimated",
    "circa",
    "ca.",
    "c.",
    "almost exactly",
)
_MORE = (
    "more than",
    "over",
    "at least",
    "exceeding",
    "in excess of",
    "greater than",
    "above",
    "upwards of",
    "no less than",
    "not less than",
)
_LESS = (
    "up to",
    "less than",
    "under",
    "below",
    "at most",
    "no more than",
    "not more than",
    "within",
)
_NEARLY = ("nearly", "almost", "close to", "just under", "just below")
_UNITS = (1, 5, 10, 50, 100, 500, 1_000, 5_000, 10_000, 50_000, 100_000)

ABOUT_PCT = 10.0
BARE_PCT = 5.0
ONE_SIDED_PCT = 30.0
NEARLY_PCT = 10.0

#: The rules, as (what the report says, the band trajgeo reads, example) rows.
RULES: tuple[tuple[str, str, str], ...] = (
    (
        'a bare figure: "flew 380 km"',
        f"± half its rounding unit, at least ± {BARE_PCT:g} %",
        "380 -> 361–399 km",
    ),
    (
        '"about", "some", "around", "approximately", "roughly"',
        f"± half its rounding unit, at least ± {ABOUT_PCT:g} %",
        "about 200 -> 175–225 km; some 1,000 -> 900–1,100 km",
    ),
    (
        '"more than", "over", "at least", "exceeding"',
        f"the figure to {ONE_SIDED_PCT:g} % (or one unit) above it",
        "over 4,000 -> 4,000–5,200 km",
    ),
    (
        '"up to", "less than", "under", "below"',
        f"{ONE_SIDED_PCT:g} % (or one unit) below the figure up to it",
        "up to 300 -> 210–300 km",
    ),
    (
        '"nearly", "almost", "close to"',
        f"{NEARLY_PCT:g} % (or half a unit) below the figure up to it",
        "nearly 600 -> 540–600 km",
    ),
    (
        'a band: "between 350 and 380", [350, 380]',
        "its ends, each widened by half the unit both were rounded to",
        "350–380 -> 345–385 km",
    ),
    (
        'an 8-point direction: N, NE, "east", "north-eastward"',
        "the 45° sector it rounds to (± 22.5°)",
        "NE -> 22.5°–67.5°",
    ),
    (
        'a 16-point direction: NNE, "east-northeast"',
        "its 22.5° sector (± 11.25°)",
        "ENE -> 56.25°–78.75°",
    ),
    ("a number of degrees", "± 5°", "45 -> 40°–50°"),
)


@dataclass(frozen=True)
class Figure:
    """A reported figure as the band of values its words allow.

    Parameters
    ----------
    low, high
        The band, in the figure's unit.
    text
        The figure as reported, e.g. ``"about 200"``.
    qualifier
        The qualifying word (``"about"``, ``"more than"`` …; ``""`` for none,
        ``"between"`` for a band).
    rule
        Why the band is what it is, in words.
    value
        The single reported number, if there was one.
    """

    low: float
    high: float
    text: str
    qualifier: str
    rule: str
    value: float | None = None

    @property
    def nominal(self) -> float:
        """The middle of the band."""
        return (self.low + self.high) / 2.0

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "reported": self.text,
            "low": self.low,
            "high": self.high,
            "qualifier": self.qualifier,
            "rule": self.rule,
        }


@dataclass(frozen=True)
class DirectionBand:
    """A reported direction as a clockwise sector of azimuths.

    Parameters
    ----------
    start_deg, width_deg
        The sector: from ``start_deg`` clockwise over ``width_deg`` (360: any).
    text
        The direction as reported.
    rule
        Why the sector is what it is, in words.
    """

    start_deg: float
    width_deg: float
    text: str
    rule: str

    @property
    def centre_deg(self) -> float:
        """The middle of the sector."""
        return (self.start_deg + self.width_deg / 2.0) % 360.0

    def contains(self, azimuth_deg: Any) -> Any:
        """Tell where ``azimuth_deg`` (scalar or array) lies in the sector."""
        import numpy as np

        if self.width_deg >= 360.0:
            return np.ones_like(np.asarray(azimuth_deg, float), dtype=bool)
        return ((np.asarray(azimuth_deg, float) - self.start_deg) % 360.0) <= self.width_deg


def rounding_unit(x: float) -> float:
    """Return the unit a reported figure was most likely rounded to.

    The largest of 1, 5, 10, 25, 50, 100, 500 … that divides ``x`` and is at most a
    quarter of it; a figure with decimals was rounded to its last decimal.

    Examples
    --------
    >>> rounding_unit(200), rounding_unit(350), rounding_unit(380), rounding_unit(1000)
    (50, 50, 10, 100)
    >>> rounding_unit(4475), rounding_unit(7), rounding_unit(2.5)
    (25, 1, 0.1)
    """
    if x != math.floor(x):
        text = f"{x:.6f}".rstrip("0")
        return 10.0 ** -(len(text.split(".")[1]))
    n = int(round(abs(x)))
    best = 1
    for unit in (*_UNITS, 25):
        if unit <= max(n / 4.0, 1) and n % unit == 0 and unit > best:
            best = unit
    return best


# digits, grouped by thousands ("1,000") or as in South Asia ("1,00,000"), or not at all:
# "1,00,0" is no number (it had read as 1,000)
_WHOLE = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}|[0-9]+)"
_NUMBER = rf"{_WHOLE}(?:\.[0-9]+)?(?:[eE][+]?[0-9]+)?"  # YAML reads 1e3 as text
_BAND_RE = re.compile(rf"^(?:between\s+|from\s+)?({_NUMBER})\s*(?:-|–|—|to|and)\s*({_NUMBER})$")


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def _split_qualifier(text: str) -> tuple[str, str]:
    low = text.lower().strip()
    for words in _QUALIFIERS:
        for w in words:
            if low.startswith(w + " ") or low == w:
                return w, low[len(w) :].strip()
    return "", low


#: The qualifier words in the order they are tried: each kind, longest first (sorted once).
_QUALIFIERS = tuple(
    tuple(sorted(words, key=len, reverse=True)) for words in (_MORE, _LESS, _NEARLY, _ABOUT)
)


def read_figure(
    value: Any,
    *,
    field: str = "range_km",
    unit: str = "km",
    minimum: float = 0.0,
    maximum: float = math.inf,
    tolerance_pct: float | None = None,
    tolerance: float | None = None,
    allowed: str | None = None,
) -> Figure:
    """Read a reported figure: a number, ``[min, max]``, or words such as ``"about 200"``.

    Parameters
    ----------
    value
        ``200``, ``[350, 380]``, ``"about 200"``, ``"more than 250"``,
        ``"between 350 and 380"``, ``"1,000"``.
    field
        Field name for error messages.
    unit
        The unit of the figure, for messages (``"km"``, ``"min"``).
    minimum, maximum
        Allowed values; the band is clipped to them.
    tolerance_pct, tolerance
        An explicit tolerance for a single figure (percent, or in the unit),
        which replaces the rounding rules.
    allowed
        What an error message says is allowed, instead of the generic wording.

    Returns
    -------
    Figure

    Examples
    --------
    >>> f = read_figure("about 200")
    >>> f.low, f.high
    (175.0, 225.0)
    >>> read_figure("some 1,000").high
    1100.0
    >>> read_figure("between 350 and 380").low
    345.0
    >>> f = read_figure("more than 250"); (f.low, f.high)
    (250.0, 325.0)
    >>> read_figure(380).rule
    'bare figure 380 km: rounded to 10 km; read as ± 5 % (361–399 km)'
    """
    allowed = allowed or (
        f'a number of {unit}, [min, max], or words such as "about 200", '
        '"more than 250", "between 350 and 380"'
        + (f" (at most {_limit(maximum)} {unit})" if math.isfinite(maximum) else "")
    )
    text = _as_text(value)
    if isinstance(value, bool):
        raise InputError("not a figure", field=field, value=value, allowed=allowed)
    if isinstance(value, (list, tuple)):
        if len(value) != 2:
            raise InputError(
                "a band needs exactly two numbers", field=field, value=list(value), allowed=allowed
            )
        lo, hi = (_finite(v, field, allowed) for v in value)
        return _band(lo, hi, text, field, unit, minimum, maximum, allowed)
    if isinstance(value, (int, float)):
        x = _finite(value, field, allowed)
        return _single(
            x, "", text, field, unit, minimum, maximum, allowed, tolerance_pct, tolerance
        )
    if not isinstance(value, str):
        raise InputError("not a figure", field=field, value=value, allowed=allowed)
    word, rest = _split_qualifier(value)
    rest = re.sub(rf"\s*{re.escape(unit)}\.?$", "", rest.strip()).strip()
    # the unit is said by whoever shows the figure ("about 350 km", never "350 km km")
    text = re.sub(rf"\s*{re.escape(unit)}\.?$", "", text.strip()).strip()
    m = _BAND_RE.match(rest)
    if m and not word:
        lo, hi = (_finite(g, field, allowed) for g in m.groups())
        return _band(lo, hi, text, field, unit, minimum, maximum, allowed)
    if not re.fullmatch(_NUMBER, rest):
        raise InputError("not a figure", field=field, value=value, allowed=allowed)
    x = _finite(rest, field, allowed)  # "1e999" is a number, and not a finite one
    return _single(x, word, text, field, unit, minimum, maximum, allowed, tolerance_pct, tolerance)


def _as_text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "–".join(f"{v:,g}" if isinstance(v, (int, float)) else str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return f"{value:,.0f}"
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def _finite(v: Any, field: str, allowed: str) -> float:
    if isinstance(v, bool):
        raise InputError("not a number", field=field, value=v, allowed=allowed)
    try:
        x = _num(v) if isinstance(v, str) else float(v)
    except (TypeError, ValueError):
        raise InputError("not a number", field=field, value=v, allowed=allowed) from None
    if not math.isfinite(x):
        raise InputError("not a finite number", field=field, value=v, allowed=allowed)
    return x


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 10 or x == int(x) else f"{x:,.2g}"


def _limit(x: float) -> str:
    """Say a limit exactly as it is enforced (to the metre for km), never rounded up."""
    return f"{x:,.3f}".rstrip("0").rstrip(".")


def _single(
    x: float,
    word: str,
    text: str,
    field: str,
    unit: str,
    minimum: float,
    maximum: float,
    allowed: str,
    tolerance_pct: float | None,
    tolerance: float | None,
) -> Figure:
    if x <= minimum and not (x == minimum == 0 and word in _MORE):
        why = "is negative" if x < 0 <= minimum else f"must be above {minimum:g}"
        raise InputError(why, field=field, value=text, allowed=allowed)
    u = rounding_unit(x)
    shown = f"{word} {_fmt(x)}".strip()
    if tolerance is not None or tolerance_pct is not None:
        pct_given = 0.0 if tolerance_pct is None else float(tolerance_pct)
        tol = tolerance if tolerance is not None else x * pct_given / 100.0
        lo, hi = x - tol, x + tol
        why = (
            f"{shown} {unit}: ± {_fmt(tol)} {unit} as the event file says"
            if tolerance is not None
            else f"{shown} {unit}: ± {tolerance_pct:g} % as the event file says"
        )
        qual = word
    elif word in _MORE:
        lo, hi = x, x + max(u, x * ONE_SIDED_PCT / 100.0)
        why = f'"{shown} {unit}": from {_fmt(x)} up to {ONE_SIDED_PCT:g} % more'
        qual = word
    elif word in _LESS:
        lo, hi = x - max(u, x * ONE_SIDED_PCT / 100.0), x
        why = f'"{shown} {unit}": up to {ONE_SIDED_PCT:g} % below {_fmt(x)}'
        qual = word
    elif word in _NEARLY:
        lo, hi = x - max(u / 2.0, x * NEARLY_PCT / 100.0), x
        why = f'"{shown} {unit}": up to {NEARLY_PCT:g} % below {_fmt(x)}'
        qual = word
    else:
        pct = ABOUT_PCT if word else BARE_PCT
        tol = max(u / 2.0, x * pct / 100.0)
        lo, hi = x - tol, x + tol
        kind = f'"{shown} {unit}"' if word else f"bare figure {_fmt(x)} {unit}"
        why = (
            f"{kind}: rounded to {_fmt(u)} {unit}; read as ± {pct:g} %"
            if tol > u / 2.0
            else f"{kind}: rounded to {_fmt(u)} {unit}; read as ± {_fmt(u / 2)} {unit}"
        )
        qual = word
    lo, hi = max(lo, minimum), min(hi, maximum)
    if x > maximum:
        raise InputError(
            f"above the largest possible value ({_limit(maximum)} {unit})",
            field=field,
            value=text,
            allowed=allowed,
        )
    why += f" ({_fmt(lo)}–{_fmt(hi)} {unit})"
    return Figure(float(lo), float(hi), text, qual, why, float(x))


def _band(
    lo: float,
    hi: float,
    text: str,
    field: str,
    unit: str,
    minimum: float,
    maximum: float,
    allowed: str,
) -> Figure:
    if lo > hi:
        raise InputError(
            "band minimum is above its maximum",
            field=field,
            value=text,
            allowed="[min, max] with min <= max",
        )
    if lo < minimum or hi <= minimum:
        why = "is negative" if lo < 0 <= minimum else f"must be above {minimum:g}"
        raise InputError(why, field=field, value=text, allowed=allowed)
    if hi > maximum:
        raise InputError(
            f"above the largest possible value ({_limit(maximum)} {unit})",
            field=field,
            value=text,
            allowed=allowed,
        )
    width = hi - lo
    u = 1.0
    for unit_ in sorted((*_UNITS, 25), reverse=True):
        if width > 0 and unit_ <= width / 2.0 and lo % unit_ == 0 and hi % unit_ == 0:
            u = unit_
            break
    if lo != math.floor(lo) or hi != math.floor(hi):
        u = min(rounding_unit(lo), rounding_unit(hi))
    a, b = max(lo - u / 2.0, minimum), min(hi + u / 2.0, maximum)
    why = (
        f"band {_fmt(lo)}–{_fmt(hi)} {unit}: ends rounded to {_fmt(u)} {unit}; "
        f"read as {_fmt(a)}–{_fmt(b)} {unit}"
    )
    return Figure(float(a), float(b), text, "between", why)


# --------------------------------------------------------------------------- directions
_EIGHT = COMPASS_POINTS[::2]
_SIXTEEN = COMPASS_POINTS
_DIR_WORDS = {
    "NORTH": "N",
    "SOUTH": "S",
    "EAST": "E",
    "WEST": "W",
    "NORTHERLY": "N",
    "SOUTHERLY": "S",
    "EASTERLY": "E",
    "WESTERLY": "W",
}
_DEGREES_TOL = 5.0


def _direction_key(text: str) -> str | None:
    t = text.strip().upper()
    t = re.sub(r"^(TO(WARDS?)?\s+THE\s+|TO\s+|IN\s+AN?\s+|IN\s+THE\s+)", "", t)
    t = re.sub(r"(WARDS?|\s+DIRECTION|ERN)$", "", t)
    t = re.sub(r"(WARDS?|ERN)(?=[\s\-_/])", "", t)
    parts = [p for p in re.split(r"[\s\-_/]+", t) if p and p != "BY"]
    out = ""
    for p in parts:
        if p in _DIR_WORDS:
            out += _DIR_WORDS[p]
        elif re.fullmatch(r"(NORTH|SOUTH|EAST|WEST)+", p):
            out += "".join(_DIR_WORDS[w] for w in re.findall(r"NORTH|SOUTH|EAST|WEST", p))
        elif re.fullmatch(r"[NESW]{1,3}", p):
            out += p
        else:
            return None
    return out if out in _SIXTEEN else None


def read_direction(
    value: Any, *, field: str = "bearing", tolerance_deg: float | None = None
) -> DirectionBand:
    """Read a reported direction: a compass word, degrees, or ``[min_deg, max_deg]``.

    Examples
    --------
    >>> b = read_direction("northeast"); (b.start_deg, b.width_deg)
    (22.5, 45.0)
    >>> read_direction("eastward").centre_deg
    90.0
    >>> b = read_direction("ENE"); (b.start_deg, b.width_deg)
    (56.25, 22.5)
    >>> read_direction(45).start_deg
    40.0
    """
    allowed = (
        "a compass word (N, NE, north-east, eastward, ENE …), degrees from 0 to 360, "
        "or [min_deg, max_deg] clockwise"
    )
    if isinstance(value, (list, tuple)):
        if len(value) != 2:
            raise InputError(
                "a direction band needs exactly two numbers",
                field=field,
                value=list(value),
                allowed=allowed,
            )
        lo, hi = (_finite(v, field, allowed) for v in value)
        for v in (lo, hi):
            if not 0.0 <= v <= 360.0:
                raise InputError(
                    "direction out of range", field=field, value=list(value), allowed=allowed
                )
        width = (hi - lo) % 360.0 or (360.0 if hi != lo else 0.0)
        return DirectionBand(
            lo % 360.0, width, f"{lo:g}°–{hi:g}°", f"band {lo:g}°–{hi:g}° as reported"
        )
    if isinstance(value, str):
        key = _direction_key(value)
        if key is not None:
            az = _SIXTEEN.index(key) * 22.5
            half = 22.5 if key in _EIGHT else 11.25
            kind = "8-point" if key in _EIGHT else "16-point"
            article = "an" if key in _EIGHT else "a"
            if tolerance_deg is not None:
                half = float(tolerance_deg)
                why = f'"{value.strip()}" = {az:g}° ± {half:g}° as the event file says'
            else:
                why = (
                    f'"{value.strip()}" is {article} {kind} direction: {az:g}° ± {half:g}° '
                    f"({(az - half) % 360:g}°–{(az + half) % 360:g}°)"
                )
            return DirectionBand((az - half) % 360.0, min(2 * half, 360.0), value.strip(), why)
        try:
            value = _num(value)
        except ValueError:
            raise InputError(
                "not a compass point or a number of degrees",
                field=field,
                value=value,
                allowed=allowed,
            ) from None
    x = _finite(value, field, allowed)
    if not 0.0 <= x <= 360.0:
        raise InputError("direction out of range", field=field, value=value, allowed=allowed)
    half = _DEGREES_TOL if tolerance_deg is None else float(tolerance_deg)
    origin = "default" if tolerance_deg is None else "as the event file says"
    return DirectionBand(
        (x - half) % 360.0, min(2 * half, 360.0), f"{x:g}°", f"{x:g}° ± {half:g}° ({origin})"
    )
