"""Counts, missile classes, figures with units, bearings, flight times and "fell" words."""

from __future__ import annotations

import re
from typing import Any

from trajgeo.extract import rules as R
from trajgeo.extract.draft import Span
from trajgeo.extract.places import place
from trajgeo.extract.state import Account, Leg, Reader, compass, plain, same
from trajgeo.extract.text import Sentence

# ---------------------------------------------------------------- counts, classes
_COUNT_RE = re.compile(
    r"(?P<qual>\bat least |\babout |\baround |\bsome |\bup to |\bmore than |\bover )?"
    r"(?P<n>(?<!\w)(?:a pair of|a couple of|an|a|one|single|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|fifteen|twenty|both)\b|(?<![-\w])\d{1,3}\b)"
    r"(?P<more> or more)?"
    r"(?P<adj>(?:\s+(?:new|more|other|further|additional|suspected|apparent|possible|"
    r"unidentified|unspecified|banned|of its|what (?:appears?|appeared) to be|"
    r"presumed|believed|new-type|solid-fuel|liquid-fuel|[A-Z][\w-]*-class|"
    r"short-range|medium-range|intermediate-range|long-range|intercontinental|"
    r"submarine-launched|hypersonic|strategic|cruise|ballistic|tactical|"
    r"\w+-\d+\w*))*)"
    r"\s+(?P<noun>missiles?|projectiles?|ICBMs?|IRBMs?|SRBMs?|MRBMs?|SLBMs?|rockets?)\b",
    re.I,
)
_VAGUE_RE = re.compile(
    r"\b(multiple|several|a number of|a barrage of|a salvo of|a volley "
    r"of|a series of|numerous|a flurry of)\b(?:\s+\w+){0,4}?\s+"
    r"(?:missiles|projectiles|ICBMs|IRBMs|SRBMs|rockets)\b",
    re.I,
)


def counts_and_classes(rd: Reader, s: Sentence, acc: Account) -> None:
    """Record the number of missiles, their class and name in a launch sentence."""
    t = s.text
    if (
        not re.search(
            r"\b(?:fire[sd]?|firing|launch(?:ed|es)?|test-?(?:fired|launched)|"
            r"detected|Number|sending|assessed|believed|presumed|launched)\b",
            t,
            re.I,
        )
        and not re.search(r"missile|[IS]RBM|[IS]LBM|ICBM|MRBM|projectile", t, re.I)
        and not R.NAME_RE.search(t)
    ):
        return
    for m in _COUNT_RE.finditer(t):
        word = m.group("n").lower()
        # "a ballistic missile" in "such as a ..." or "the second such ..." is not a count
        if word in ("a", "an") and re.search(
            r"\b(?:such as|like|of|than|with|been|"
            r"being|is|was|as)\s*$",
            t[: m.start()],
        ):
            continue
        if word in ("both",):
            continue
        if word.isdigit() and re.match(r"^\s*(?:km|kilomet)", t[m.end() :]):
            continue
        n = int(word) if word.isdigit() else R.COUNT_WORDS.get(word)
        if n is None:
            continue
        noun = m.group("noun").lower()
        if n == 1 and noun.endswith("s") and not noun.endswith("ss"):
            continue
        if noun.startswith("projectile") or noun.startswith("rocket"):
            pass
        qual = (m.group("qual") or "").strip() or None
        if m.group("more"):
            qual = "or more"
        if acc.count is None and not re.search(
            r"\b(?:last|previous|earlier|past|"
            r"another|second|first|fifth|latest)\s*$",
            t[: m.start()],
            re.I,
        ):
            note = None
            if qual:
                note = (
                    f"count {qual!r}: the count is {n} {qual}"
                    if qual == "or more"
                    else f"count {qual!r}: {qual} {n}"
                )
            acc.count = (n, rd.span(s, m.start(), m.end(), note), qual)
            if note:
                rd.note(
                    f"{acc.source}: {m.group(0).strip()!r}: count {n} written, "
                    f"the qualifier {qual!r} is only in the provenance"
                )
    if acc.count is None:
        v = _VAGUE_RE.search(t)
        if v:
            rd.note(f"{acc.source}: {v.group(0)!r} gives no number of missiles; count left empty")
    _class_and_name(rd, s, acc)


def _class_and_name(rd: Reader, s: Sentence, acc: Account) -> None:
    """Record the missile class (the highest-ranked named) and name a sentence gives."""
    t = s.text
    for pat, cls, rank in R.CLASS_PATTERNS:
        for m in pat.finditer(t):
            if re.search(
                r"\b(?:last|previous|earlier|other|such as|than)\s+(?:\w+\s+){0,3}$",
                t[max(0, m.start() - 40) : m.start()],
                re.I,
            ):
                continue
            if re.search(r"\b(?:test|tested|testing) of\s*$", t[: m.start()]):
                continue
            if acc.missile is None or rank > acc.missile[1]:
                acc.missile = (cls, rank, rd.span(s, m.start(), m.end()))
            break
    names = list(R.NAME_RE.finditer(t))
    if names and acc.name is None:
        distinct = {n.group(0) for n in names}
        if len(distinct) == 1:
            m = names[0]
            acc.name = (m.group(0), rd.span(s, m.start(), m.end()))
        else:
            rd.note(
                f"{acc.source}: several missile names ({', '.join(sorted(distinct))}); none written"
            )


# ---------------------------------------------------------------- figures
_APOGEE_BEFORE = re.compile(
    r"(?:altitude|apogee|height|peak)\w*(?:\s+\w+){0,3}\s*"
    r"(?:of|at|was|:)?\s*$",
    re.I,
)
_RANGE_CUE = re.compile(
    r"\b(?:fl[eyo]w|flown|flying|travel+(?:ed|ing)?|traveled|"
    r"covered|covering|distances?|ranges?|sending|went|range of|"
    r"flight)\b",
    re.I,
)
_HYPOTHETICAL = re.compile(
    r"\b(?:could|capable|potential|can reach|enough to|"
    r"long enough|depending)\b",
    re.I,
)


def figures(rd: Reader, s: Sentence, acc: Account) -> None:
    """Record ranges, apogees and landmark-relative impacts given with units."""
    t = s.text
    hypothetical = bool(_HYPOTHETICAL.search(t))
    for m in R.FIGURE_RE.finditer(t):
        before = t[: m.start()]
        after = t[m.end() :]
        # a conversion in brackets after another figure
        if re.search(r"(?:\(|\[|,\s*or)\s*$", before) and R.FIGURE_RE.search(before[-40:]):
            continue
        unit = m.group("unit").lower()
        value, val_note = _value(rd, m, unit)
        if value is None:
            continue
        span_start = m.start()
        kind = None
        if _APOGEE_BEFORE.search(before[-40:]) or re.match(
            r"^\s*(?:in\s+)?(?:altitude|high|above|into space)", after, re.I
        ):
            kind = "apogee"
            cue = re.search(
                r"(?:maximum |peak |max\. )?(?:altitude|apogee|height)\w*"
                r"(?:\s+\w+){0,3}\s*(?:of|at|was|:)?\s*$",
                before[-40:],
                re.I,
            )
            if cue:
                span_start = m.start() - (len(before[-40:]) - cue.start())
        else:
            rel = re.match(
                r"^\s*(?P<dir>(?:north|south|east|west)(?:[- ]?(?:north|south|east|west))?"
                r"(?:[- ]?(?:north|south|east|west))?)\s+of\s+(?:the\s+)?(?:island\s+of\s+)?"
                r"(?P<place>(?:[A-Z][\w'’-]*)(?:[\s-][A-Z][\w'’-]*){0,3}"
                r"(?:\s+(?:Island|island|Peninsula|peninsula|Cape))?)",
                after,
            )
            if rel:
                if re.search(
                    r"\bfrom\s+(?:a\s+|an\s+|the\s+)?(?:site|area|point|"
                    r"location|place)?\s*$",
                    before,
                    re.I,
                ):
                    rd.note(
                        f"{acc.source}: launch place {t[m.start() : m.end() + rel.end()]!r}"
                        " is relative to a place; launch.site left empty"
                    )
                    continue
                _impact(rd, s, acc, m, rel, value, val_note)
                continue
            if re.match(r"^\s*(?:off|from)\b", after):
                rd.note(
                    f"{acc.source}: {t[m.start() : m.end() + 30].strip()!r}: "
                    "a distance off a coast, not a range; left out"
                )
                continue
            cue = None
            for c in _RANGE_CUE.finditer(before[-60:]):
                cue = c
            if cue is None and not re.match(r"^\s*(?:flight|range|distance)", after):
                continue
            if hypothetical and re.search(
                r"\b(?:could|capable|potential|enough|"
                r"depending)\b",
                t[max(0, m.start() - 80) : m.end() + 40],
                re.I,
            ):
                rd.note(
                    f"{acc.source}: {t[m.start() : m.end()]!r} is a capability "
                    "estimate, not the flight; left out"
                )
                continue
            kind = "range"
            if cue is not None:
                span_start = m.start() - (len(before[-60:]) - cue.start())
        sp = rd.span(s, span_start, m.end(), val_note)
        _put(rd, acc, kind, value, sp)


def _put(rd: Reader, acc: Account, kind: str, value: Any, sp: Span) -> None:
    if kind == "range":
        for leg in acc.legs:
            if leg.range is not None and same(leg.range[0], value):
                return
        free = next((g for g in acc.legs if g.range is None), None)
        if free is None:
            free = Leg()
            acc.legs.append(free)
        free.range = (value, sp)
    else:
        for leg in acc.legs:
            if leg.apogee is not None and same(leg.apogee[0], value):
                return
        # the apogee of the last flight without one
        target = None
        for leg in reversed(acc.legs):
            if leg.apogee is None:
                target = leg
                break
            break
        if target is None:
            target = Leg()
            acc.legs.append(target)
        target.apogee = (value, sp)


def _value(rd: Reader, m: re.Match[str], unit: str) -> tuple[Any, str | None]:
    factor = R.KM_PER_UNIT.get(re.sub(r"\s+", " ", unit), R.KM_PER_UNIT.get(unit.rstrip("s")))
    if factor is None:
        return None, None
    qual = (m.group("qual") or "").strip().lower()
    conv = None
    if factor != 1.0:
        conv = f"converted from {unit} to km (× {factor:g}) and rounded to the km"

    def num(x: str) -> str:
        v = R.number_value(x)
        if factor == 1.0:
            return x if re.match(r"^[\d,.]+$", x) else f"{v:g}"
        return f"{round(v * factor):,}"

    if m.group("between"):
        text = f"between {num(m.group('lo'))} and {num(m.group('hi'))}"
        return text, conv
    a, b = m.group("a"), m.group("b")
    if b is not None:
        lo, hi = R.number_value(a), R.number_value(b)
        if lo >= hi:
            return None, None
        if factor == 1.0:
            return [plain(lo), plain(hi)], conv
        return [round(lo * factor), round(hi * factor)], conv
    post = (m.group("post") or "").strip().lower()
    if qual and qual not in ("estimated", "an estimated"):
        return f"{qual} {num(a)}" + (f" {post}" if post else ""), conv
    if post:
        return f"{num(a)} {post}", conv
    v = R.number_value(a)
    if factor != 1.0:
        return round(v * factor), conv
    return plain(v), None


def _impact(
    rd: Reader,
    s: Sentence,
    acc: Account,
    m: re.Match[str],
    rel: re.Match[str],
    value: Any,
    val_note: str | None,
) -> None:
    from trajgeo.events.compass import compass_azimuth

    place_text = rel.group("place")
    landmark = place(rd, place_text)
    direction = rel.group("dir")
    bearing = compass(direction) if compass_azimuth(direction) is not None else None
    end = m.end() + rel.end()
    words = s.text[m.start() : end]
    if landmark is None or bearing is None:
        rd.note(f"{acc.source}: {words!r}: landmark not in the gazetteer; impact left out")
        return
    sp = rd.span(s, m.start(), end, val_note)
    impact = {"from": landmark, "distance_km": value, "bearing": bearing}
    for leg in acc.legs:
        if leg.impact is None:
            leg.impact = (impact, sp)
            return
    acc.legs.append(Leg(impact=(impact, sp)))


# ---------------------------------------------------------------- bearings, sea
_DIR = (
    r"(?:north|south|east|west)(?:[- ]?(?:north|south|east|west))?"
    r"(?:[- ]?(?:north|south|east|west))?"
)


def bearing(rd: Reader, s: Sentence, acc: Account) -> None:
    """Record a flight direction ("eastward", "toward the northeast")."""
    t = s.text
    pats = [
        rf"\b(?P<d>{_DIR})wards?\b",
        rf"(?-i:\b(?:toward|towards|to)\s+the\s+(?P<d>{_DIR})\b)(?!\s*(?:Sea|coast|China|"
        rf"Asia|Pacific|of|ern|Korea))",
        rf"\bin\s+an?\s+(?P<d>{_DIR})(?:ern|erly)?\s+direction\b",
        rf"^\s*-?\s*Direction:\s*(?P<d>{_DIR})\b",
        rf"\b(?:fired|launched|flew|fire|launch|headed)\s+(?:\w+\s+){{0,4}}?"
        rf"(?:missiles?|ICBMs?|SRBMs?|IRBMs?|projectiles?)\s+(?P<d>{_DIR})\b"
        rf"(?!\s*(?:Sea|coast|of|Asia)|ern|erly|ward)",
    ]
    hits = [m for p in pats for m in [re.search(p, t, re.I)] if m is not None]
    for m in sorted(hits, key=lambda h: h.start()):
        if m:
            d = compass(m.group("d"))
            if d is None:
                continue
            if acc.bearing is None:
                acc.bearing = (d, rd.span(s, m.start(), m.end()))
            elif acc.bearing[0] != d:
                rd.note(
                    f"{acc.source}: a second direction {m.group(0)!r}; "
                    f"the draft keeps {acc.bearing[0]}"
                )
            return
    sea = re.search(
        r"\b(?:toward|towards|into)\s+(?:the\s+)?(?:East Sea|Sea of Japan|"
        r"Yellow Sea|West Sea|eastern waters|western waters)",
        t,
    )
    if sea:
        rd.note(f"{acc.source}: {sea.group(0)!r} names a sea, not a bearing; bearing left empty")


def fell(rd: Reader, s: Sentence, acc: Account) -> None:
    """Record whether the source says the missile fell at sea (naming the sea) or on land."""
    t = s.text
    if acc.fell is not None:
        return
    land = re.search(
        r"\b(?:fell|landed|crashed|impacted|hit)\s+(?:\w+\s+){0,3}?"
        r"(?:on land|inland|on the ground|on (?:its|North Korean|the North's) "
        r"(?:own )?(?:territory|soil))\b",
        t,
    )
    sea = re.search(
        r"\b(?:fell|falling|fall|fallen|land(?:ed|ing)?|splash(?:ed|ing)? down|"
        r"c(?:a|o)me down|coming down|plunged|into|toward|towards)\s+"
        r"(?:\w+\s+){0,4}?(?:the\s+)?(?:sea|waters|ocean|(?P<named>East Sea|Sea of Japan|"
        r"Yellow Sea|West Sea|East China Sea|Sea of Okhotsk|Pacific(?: Ocean)?))\b",
        t,
    )
    for kind, m in (("land", land), ("sea", sea)):
        if m is None:
            continue
        if re.search(r"\b(?:not|never|no|nor|without)\b(?:\s+\w+){0,2}\s*$", t[: m.start()]):
            rd.note(
                f"{acc.source}: {t[max(0, m.start() - 12) : m.end()]!r} is a negation; "
                "`fell` left empty"
            )
            return
        note = None
        if kind == "sea" and m.group("named"):
            kind = m.group("named")  # the source's own name for the sea (trajgeo.maritime.seas)
        if kind != "land" and re.match(r"towards?\b", m.group(0)):
            # "fired toward the East Sea" gives a direction; that it fell there is a reading
            note = "a direction toward the sea, read as where it fell"
            rd.note(
                f"{acc.source}: {m.group(0)!r} is a direction; `fell: {kind}` is trajgeo's "
                "reading of it: check it"
            )
        acc.fell = (kind, rd.span(s, m.start(), m.end(), note))
        return


def flight_time(rd: Reader, s: Sentence, acc: Account) -> None:
    """Record a flight time given in minutes."""
    t = s.text
    m = re.search(
        rf"(?P<q>\b(?:{'|'.join(re.escape(q) for q in R.QUALIFIERS)})\s+)?"
        r"(?P<n>\d+(?:\.\d+)?)[\s-]*minutes?\b(?!\s*(?:apart|later|after|earlier|"
        r"before|interval))",
        t,
        re.I,
    )
    if not m:
        return
    if not re.search(r"\b(?:fl[eyo]w|flight|in the air|airborne|flying|lasted|stayed)\b", t, re.I):
        return
    if acc.flight_time is not None:
        return
    if re.search(r"\bhours?\s*(?:and\s*)?$", t[: m.start()], re.I):
        h = re.search(r"(?:an?|one|\d+)\s+hours?\s*(?:and\s*)?$", t[: m.start()], re.I)
        words = t[h.start() if h else m.start() : m.end()]
        rd.note(
            f"{acc.source}: flight time {words!r} is in hours and minutes; "
            "left for you to write in minutes"
        )
        return
    q = (m.group("q") or "").strip().lower()
    n = m.group("n")
    value: Any = f"{q} {n}" if q else plain(float(n))
    cue = None
    for c in re.finditer(r"\b(?:fl[eyo]w|flight|lasted|stayed|flying)\b", t[: m.start()]):
        cue = c
    start = cue.start() if cue is not None and m.start() - cue.start() < 40 else m.start()
    acc.flight_time = (value, rd.span(s, start, m.end()))
