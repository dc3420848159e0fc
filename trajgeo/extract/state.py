"""The reader's state: what each source ("account") said so far, and shared helpers.

The reading itself lives in :mod:`~trajgeo.extract.speakers`,
:mod:`~trajgeo.extract.figures`, :mod:`~trajgeo.extract.places`,
:mod:`~trajgeo.extract.claims` and :mod:`~trajgeo.extract.dates`; each takes the
:class:`Reader` and one sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from trajgeo.extract import rules as R
from trajgeo.extract.draft import Span
from trajgeo.extract.text import Page, Sentence, split_sentences

PUBLICATION = "the publication"
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


@dataclass
class Leg:
    """One flight a source describes: its range, apogee and impact, with their words."""

    range: tuple[Any, Span] | None = None
    apogee: tuple[Any, Span] | None = None
    impact: tuple[dict[str, Any], Span] | None = None


@dataclass
class Account:
    """What one source said: count, class, flights, bearing, flight time, where it fell."""

    source: str
    order: int
    via: str | None = None
    count: tuple[int, Span, str | None] | None = None
    missile: tuple[str, int, Span] | None = None
    name: tuple[str, Span] | None = None
    legs: list[Leg] = field(default_factory=list)
    bearing: tuple[str, Span] | None = None
    flight_time: tuple[Any, Span] | None = None
    fell: tuple[str, Span] | None = None

    def has_figure(self) -> bool:
        """Whether this source gave any figure, bearing or flight time."""
        return bool(
            self.bearing
            or self.flight_time
            or any(leg.range or leg.apogee or leg.impact for leg in self.legs)
        )

    def has_anything(self) -> bool:
        """Whether this source gave a figure, a count or a missile class."""
        return bool(self.has_figure() or self.count or self.missile)


class Reader:
    """What has been read so far: accounts per source, claims, site, dates, notes."""

    def __init__(self, text: str, date: dt.date | None, page: Page | None) -> None:
        self.text = text
        self.page = page
        self.arg_date = date
        # straight quotes for matching (same length, so offsets still point into `text`)
        self.sentences = split_sentences(text.translate(_QUOTES))
        self.notes: list[str] = []
        self.accounts: dict[str, Account] = {}
        self.claims: list[tuple[dict[str, Any], Span]] = []
        self.site: tuple[str, Span] | None = None
        self.launch_time: tuple[int, int, Span, str | None] | None = None
        self.day: tuple[Any, Span] | None = None
        self.article_date: tuple[dt.date, Span | None, str] | None = None
        self.publisher: str | None = None
        self._speakers_seen: list[str] = []
        self._speaker_patterns = [
            (name, re.compile("|".join(f"(?:{p})" for p in pats)))
            for name, pats in R.SPEAKERS.items()
        ]

    def span(self, s: Sentence, a: int, b: int, note: str | None = None) -> Span:
        """Return the span of ``s.text[a:b]`` in the whole text."""
        start, end = s.start + a, s.start + b
        return Span(self.text[start:end], start, end, note)

    def note(self, msg: str) -> None:
        """Add a note once."""
        if msg not in self.notes:
            self.notes.append(msg)

    def account(self, source: str) -> Account:
        """Return the account of ``source``, started on first use."""
        if source not in self.accounts:
            self.accounts[source] = Account(source, len(self.accounts))
        return self.accounts[source]


def close_place(word: str) -> str | None:
    """Return the one gazetteer name spelt almost like ``word`` (ratio >= 0.9), if any."""
    import difflib

    from trajgeo.events.gazetteer import gazetteer, normalise_name

    key = normalise_name(word)
    if len(key) < 6:
        return None
    gaz = gazetteer()
    scored = []
    for place in gaz:
        if place.kind not in ("launch_site", "city", "test_range"):
            continue
        best = max(
            difflib.SequenceMatcher(None, key, normalise_name(n)).ratio()
            for n in (place.name, *place.aliases)
        )
        if best >= 0.9:
            scored.append((best, place.name))
    names = {n for _, n in scored}
    return next(iter(names)) if len(names) == 1 else None


def plain(v: float) -> int | float:
    """Return ``v`` as an int when it is whole."""
    return int(v) if float(v).is_integer() else v


def same(a: Any, b: Any) -> bool:
    """Return whether two figures carry the same digits (``'about 350'`` and ``350``)."""
    return re.sub(r"[^\d.\[\],]", "", str(a)).replace(",", "") == re.sub(
        r"[^\d.\[\],]", "", str(b)
    ).replace(",", "")


def compass(words: str) -> str | None:
    """Return the compass point a direction word names (``'eastward'`` -> ``'E'``)."""
    from trajgeo.events.compass import compass_azimuth, compass_name

    w = re.sub(r"(?:wards?|ern|erly)$", "", words.strip().lower())
    w = " ".join(re.findall(r"north|south|east|west|by", w))
    az = compass_azimuth(w) if w else None
    if az is None:
        return None
    return compass_name(az)
