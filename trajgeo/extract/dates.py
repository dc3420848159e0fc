"""Dates and launch times: the article's date, the launch day and its UTC offset."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from trajgeo.extract.draft import Span
from trajgeo.extract.state import Reader
from trajgeo.extract.text import Sentence

# ---------------------------------------------------------------- dates, times
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_MONTH_RE = (
    r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|"
    r"July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def find_dates(t: str) -> list[tuple[dt.date | tuple[int, int], int, int]]:
    """Return every date in ``t`` (a full date, or (month, day) without a year) and its offsets."""
    out: list[tuple[Any, int, int]] = []
    for m in re.finditer(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b", t):
        try:
            out.append((dt.date(int(m["y"]), int(m["m"]), int(m["d"])), m.start(), m.end()))
        except ValueError:
            pass
    for m in re.finditer(
        _MONTH_RE + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?"
        r"(?:,?\s+(?P<y>(?:19|20)\d\d))?\b",
        t,
    ):
        mon = _MONTHS[m["mon"][:3].lower()]
        try:
            if m["y"]:
                out.append((dt.date(int(m["y"]), mon, int(m["d"])), m.start(), m.end()))
            else:
                out.append(((mon, int(m["d"])), m.start(), m.end()))
        except ValueError:
            pass
    for m in re.finditer(r"\b(?P<d>\d{1,2})\s+" + _MONTH_RE + r",?\s+(?P<y>(?:19|20)\d\d)", t):
        try:
            out.append(
                (
                    dt.date(int(m["y"]), _MONTHS[m["mon"][:3].lower()], int(m["d"])),
                    m.start(),
                    m.end(),
                )
            )
        except ValueError:
            pass
    return out


def article_date(rd: Reader) -> None:
    """Set the article's date from ``--date``, the page's metadata or a dateline."""
    if rd.arg_date is not None:
        rd.article_date = (rd.arg_date, None, "--date")
        return
    if rd.page is not None and rd.page.date:
        m = re.match(r"((?:19|20)\d\d)-(\d\d)-(\d\d)", rd.page.date)
        if m:
            rd.article_date = (
                dt.date(*map(int, m.groups())),
                None,
                "the page's publication date",
            )
            return
    # a dateline or a date in the first lines
    partial = None
    for s in rd.sentences[:6]:
        for d, a, b in find_dates(s.text):
            if isinstance(d, dt.date):
                rd.article_date = (d, rd.span(s, a, b), "the article's date")
                return
            if partial is None:
                partial = (d, rd.span(s, a, b))
    if partial is not None:
        rd.note(f"the article's date {partial[1].text!r} has no year; give --date")


_TIME_RE = re.compile(
    r"(?P<between>\bbetween\s+)?(?<![\d,.:])(?P<h>\d{1,2})(?![\d,])"
    r"(?::(?P<m>\d{2}))?\s*"
    r"(?P<ap>a\.m\.?|p\.m\.?|am\b|pm\b|AM\b|PM\b)?"
    r"(?:\s*(?:and|to|-|–)\s*(?P<h2>\d{1,2})(?::(?P<m2>\d{2}))?\s*"
    r"(?P<ap2>a\.m\.?|p\.m\.?|am\b|pm\b))?"
    r"(?:\s*(?P<tz>KST|JST|local time|Pyongyang time|Seoul time|"
    r"Tokyo time|Korea time|Japan time|Korean time|Japanese time))?"
)
_LAUNCH_CUE = re.compile(
    r"\b(?:fire[sd]?|firing|launch(?:ed|es)|detected|Launch time|"
    r"took place|test-?fired|test-?launched)\b",
    re.I,
)
FALL_CUE = re.compile(
    r"\b(?:fell|fall(?:en|ing)?|landed|landing|lands?|came down|come down|"
    r"splash\w*|impact|Impact|announced|announcement|reported|said|"
    r"disappeared|later)\b",
    re.I,
)


def time_and_day(rd: Reader, s: Sentence) -> None:
    """Record the launch time and day a launch sentence gives, if not yet known."""
    t = s.text
    launchy = _LAUNCH_CUE.search(t)
    if not launchy:
        return
    if rd.launch_time is None:
        for m in _TIME_RE.finditer(t):
            ap = m.group("ap") or m.group("ap2")
            if not ap and not m.group("m"):
                continue
            if not ap and not m.group("tz"):
                # "10:15" alone: only with a.m./p.m. or a time zone
                continue
            before = t[max(0, m.start() - 160) : m.start()]
            last_l = [c.end() for c in _LAUNCH_CUE.finditer(before)]
            last_f = [c.end() for c in FALL_CUE.finditer(before)]
            if not last_l or (last_f and last_f[-1] > last_l[-1]):
                after = t[m.end() : m.end() + 60]
                nl = _LAUNCH_CUE.search(after)
                nf = FALL_CUE.search(after)
                if nl is None or (nf is not None and nf.start() < nl.start()):
                    continue
            h = int(m.group("h"))
            minute = int(m.group("m") or 0)
            if h > 12 or minute > 59:
                continue
            ap_l = ap.lower()
            if ap_l.startswith("p") and h != 12:
                h += 12
            if ap_l.startswith("a") and h == 12:
                h = 0
            note = None
            if m.group("h2"):
                note = f"{m.group(0).strip()!r}: a window; the draft keeps its start"
            tz = m.group("tz")
            rd.launch_time = (h, minute, rd.span(s, m.start(), m.end(), note), tz)
            if note:
                rd.note(note)
            break
    if rd.day is None:
        _day(rd, s)


def _day(rd: Reader, s: Sentence) -> None:
    t = s.text
    m = re.search(r"\b(?:on|early|late)?\s*(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)\b", t)
    if m and re.search(r"\bon\s+the\s+\d", m.group(0)):
        rd.day = (("nth", int(m["n"])), rd.span(s, m.start(), m.end()))
        return
    m = re.search(
        r"\b(?:on\s+|early\s+|late\s+|last\s+)?(?P<w>Monday|Tuesday|Wednesday|"
        r"Thursday|Friday|Saturday|Sunday)\b",
        t,
    )
    if m:
        kind = "last weekday" if m.group(0).lower().startswith("last") else "weekday"
        rd.day = (
            (kind, _WEEKDAYS.index(m["w"].lower())),
            rd.span(s, m.start(), m.end()),
        )
        return
    for d, a, b in find_dates(t):
        if isinstance(d, dt.date):
            rd.day = (("date", d), rd.span(s, a, b))
            return
        if re.search(r"\bon\s+$", t[:a]):
            rd.day = (("month-day", d), rd.span(s, a, b))
            return
    m = re.search(r"\b(?:today|this morning|this afternoon|this evening|tonight)\b", t, re.I)
    if m:
        rd.day = (("today", 0), rd.span(s, m.start(), m.end()))


def event_date(rd: Reader) -> tuple[str | None, list[Span], list[str]]:
    """Return the launch date (and time with its UTC offset), its spans and notes."""
    spans: list[Span] = []
    notes: list[str] = []
    day: dt.date | None = None
    ad = rd.article_date
    if rd.day is not None:
        (kind, val), sp = rd.day
        if kind == "date":
            day = val
            spans.append(sp)
        elif ad is None:
            notes.append(f"{sp.text!r} without the article's date: give --date")
        else:
            base = ad[0]
            if kind == "today":
                day = base
            elif kind in ("weekday", "last weekday"):
                delta = (base.weekday() - val) % 7
                if kind == "last weekday" and delta == 0:
                    delta = 7
                day = base - dt.timedelta(days=delta)
            elif kind == "month-day":
                mon, dd = val
                year = base.year if (mon, dd) <= (base.month, base.day) else base.year - 1
                try:
                    day = dt.date(year, mon, dd)
                except ValueError:
                    day = None
            elif kind == "nth":
                if val <= base.day:
                    day = base.replace(day=val)
                else:
                    prev = base.replace(day=1) - dt.timedelta(days=1)
                    try:
                        day = prev.replace(day=val)
                    except ValueError:
                        day = None
            spans.append(sp)
            if ad[1] is not None:
                spans.append(ad[1])
            if day is not None:
                notes.append(f"date: {sp.text!r} read against {ad[2]} {base.isoformat()}")
    elif ad is not None:
        day = ad[0]
        if ad[1] is not None:
            spans.append(ad[1])
        notes.append(f"date: the report names no day; {ad[2]} {day.isoformat()} used")
    if day is None:
        return None, spans, notes
    if rd.launch_time is None:
        return day.isoformat(), spans, notes
    h, minute, sp, tz = rd.launch_time
    spans.append(sp)
    offset, why = _utc_offset(rd, tz)
    if offset is None:
        notes.append(
            f"time: {sp.text!r} is local time in a place whose UTC offset the "
            "report does not settle; only the date is written"
        )
        return day.isoformat(), spans[:-1], notes
    if why:
        notes.append(f"time: {why}")
    return f"{day.isoformat()}T{h:02d}:{minute:02d}:00{offset}", spans, notes


#: UTC offsets of the states whose launches trajgeo's gazetteer covers (no daylight
#: saving in any of them); a state with several zones (Russia, the USA) is absent.
_OFFSETS = {
    "PRK": "+09:00",
    "KOR": "+09:00",
    "JPN": "+09:00",
    "CHN": "+08:00",
    "TWN": "+08:00",
    "IRN": "+03:30",
    "YEM": "+03:00",
}


def _utc_offset(rd: Reader, tz: str | None) -> tuple[str | None, str | None]:
    """Return the UTC offset of the launch time and how it was decided."""
    if (
        tz
        and tz.upper() in ("KST", "JST")
        or tz
        and re.match(r"(?i)(?:korea|korean|japan|japanese|seoul|tokyo|pyongyang)", tz)
    ):
        return "+09:00", None
    country = None
    if rd.site is not None:
        from trajgeo.events.gazetteer import gazetteer

        place = gazetteer().get(rd.site[0])
        country = place.country if place is not None else None
    if country is None and re.search(r"\bNorth Korea|\bPyongyang\b|\bDPRK\b", rd.text):
        country = "PRK"
    offset = _OFFSETS.get(country or "")
    if offset is None:
        return None, None
    return offset, (
        f"local time taken as UTC{offset} (the launch state's time, {country}); check it"
    )
