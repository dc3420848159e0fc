"""Rule-based reading of a launch report into a draft event, with the words behind each field.

The reader works sentence by sentence. Each sentence is first given a
speaker (the source it attributes its content to: "…, the JCS said",
"according to Japan's Defense Ministry", or the previous sentence's speaker
when it carries on), then scanned for counts and missile classes, figures
with units (sorted into range, apogee and landmark-relative impact by the
words around them), bearings, flight times, launch places, EEZ claims and
the launch time. Everything found is kept per speaker ("account"); each
account becomes one shot line (or several when a speaker gives several
flights), linked to the first by ``same_as``.

Nothing is guessed: a figure is written only when its words are in the
text, and each filled field keeps the exact span it came from.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from trajgeo.extract import rules as R
from trajgeo.extract.text import Page, Sentence, html_to_text, split_sentences

__all__ = ["Draft", "Span", "extract", "invented_figures"]

PUBLICATION = "the publication"
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


@dataclass(frozen=True)
class Span:
    """The exact words a field came from: ``text == source[start:end]``.

    ``note`` says how the words were turned into the value when that took more
    than reading them (a unit conversion, a qualifier).
    """

    text: str
    start: int
    end: int
    note: str | None = None


@dataclass(frozen=True)
class Draft:
    """A draft event read from a report.

    Parameters
    ----------
    event
        The event mapping, in the event-file format (``id``, ``title``, ``date``,
        ``launch``, ``shots``, ``claims``, ``sources``).
    provenance
        Field path (``"shots[0].range_km"``) -> the spans it came from.
    missing
        What the report does not say (``"launch.site"``, ``"bearing"``, …).
    notes
        What was left empty and why, and every reading worth checking.
    text
        The text the spans point into (the visible text, for HTML).
    """

    event: Mapping[str, Any]
    provenance: Mapping[str, tuple[Span, ...]]
    missing: tuple[str, ...]
    notes: tuple[str, ...]
    text: str = field(repr=False, default="")

    def as_dict(self, *, with_notes: bool = True) -> dict[str, Any]:
        """Return the draft as an event-file mapping with ``provenance``, ``missing``, ``notes``."""
        doc = dict(self.event)
        if self.notes and with_notes:
            doc["notes"] = list(self.notes)
        prov: dict[str, Any] = {}
        for key, spans in self.provenance.items():
            texts = [s.text for s in spans]
            prov[key] = texts[0] if len(texts) == 1 else texts
        doc["provenance"] = prov
        doc["missing"] = list(self.missing)
        return doc

    def to_yaml(self) -> str:
        """Return the draft as YAML (an event file ``trajgeo check`` reads once reviewed)."""
        import yaml

        head = [
            "# Draft written by `trajgeo extract`: review every field against the report.",
            "# `provenance` gives the exact words behind each field; `missing` what the "
            "report does not say.",
        ]
        if self.notes:
            head.append("# Notes:")
            head.extend(f"#  - {n}" for n in self.notes)
        body = yaml.safe_dump(
            self.as_dict(with_notes=False),
            sort_keys=False,
            allow_unicode=True,
            width=100,
            default_flow_style=False,
        )
        return "\n".join(head) + "\n" + body

    def to_json(self) -> str:
        """Return the draft as JSON."""
        import json

        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2, default=str)


# --------------------------------------------------------------------------- accounts
@dataclass
class _Leg:
    range: tuple[Any, Span] | None = None
    apogee: tuple[Any, Span] | None = None
    impact: tuple[dict[str, Any], Span] | None = None


@dataclass
class _Account:
    source: str
    order: int
    via: str | None = None
    count: tuple[int, Span, str | None] | None = None
    missile: tuple[str, int, Span] | None = None
    name: tuple[str, Span] | None = None
    legs: list[_Leg] = field(default_factory=list)
    bearing: tuple[str, Span] | None = None
    flight_time: tuple[Any, Span] | None = None
    fell: tuple[str, Span] | None = None

    def has_figure(self) -> bool:
        return bool(
            self.bearing
            or self.flight_time
            or any(leg.range or leg.apogee or leg.impact for leg in self.legs)
        )

    def has_anything(self) -> bool:
        return bool(self.has_figure() or self.count or self.missile)


class _Reader:
    def __init__(self, text: str, date: dt.date | None, page: Page | None) -> None:
        self.text = text
        self.page = page
        self.arg_date = date
        # straight quotes for matching (same length, so offsets still point into `text`)
        self.sentences = split_sentences(text.translate(_QUOTES))
        self.notes: list[str] = []
        self.accounts: dict[str, _Account] = {}
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

    # ---------------------------------------------------------------- helpers
    def span(self, s: Sentence, a: int, b: int, note: str | None = None) -> Span:
        start, end = s.start + a, s.start + b
        return Span(self.text[start:end], start, end, note)

    def note(self, msg: str) -> None:
        if msg not in self.notes:
            self.notes.append(msg)

    def account(self, source: str) -> _Account:
        if source not in self.accounts:
            self.accounts[source] = _Account(source, len(self.accounts))
        return self.accounts[source]

    # ---------------------------------------------------------------- speakers
    def speaker_of(self, s: Sentence, previous: str | None) -> tuple[str | None, str | None]:
        """Return (speaker, via) for a sentence; ``None`` when it names none."""
        t = s.text
        found: list[tuple[int, int, str]] = []
        for name, pat in self._speaker_patterns:
            for m in pat.finditer(t):
                found.append((m.start(), m.end(), name))
        for m in R.BARE_MINISTRY.finditer(t):
            state = next(
                (n for p, n in R.MINISTRY_BY_STATE if p.search(t)), "Japan Ministry of Defense"
            )
            found.append((m.start(), m.end(), state))
        via = None
        for wire_pat, wire in R.WIRE_SERVICES.items():
            if re.search(wire_pat, t):
                via = wire
                break
        if not found:
            if (
                re.search(
                    r"\b(?:it|he|she|they|the (?:office|official|spokesman|minister))"
                    r" (?:said|says|added|adds|told)\b",
                    t,
                    re.I,
                )
                and previous
            ):
                return previous, via
            return None, via
        # a match inside a longer one ("Defense Ministry" in "South Korea's Defense
        # Ministry") is the longer one's
        found = [
            f
            for f in found
            if not any(
                g[0] <= f[0] and f[1] <= g[1] and (g[1] - g[0]) > (f[1] - f[0]) for g in found
            )
        ]
        # "the ministry" is the ministry last named
        last_ministry = next((n for n in reversed(self._speakers_seen) if "Ministry" in n), None)
        found = [
            (a, b, last_ministry if last_ministry and t[a:b].lower() == "the ministry" else name)
            for a, b, name in found
        ]
        names = {f[2] for f in found}
        if len(names) == 1:
            return found[0][2], via
        # several: the one attached to a speech verb wins ("according to X", "X said",
        # "citing X"); the cited source beats the carrier
        best: tuple[int, str] | None = None
        for a, b, name in found:
            before = t[max(0, a - 30) : a]
            after = t[b : b + 40]
            score = 0
            if re.search(r"\b(?:citing|quoting|according to)\s+(?:the\s+)?$", before, re.I):
                score = 4
            elif re.match(
                r"^[\w\s.,'’-]{0,25}?\b(?:said|says|told|announced|reported|stated|"
                r"confirmed|added|adds|protested|assessed|estimated)\b",
                after,
            ):
                score = 3
            elif re.search(r"\b(?:said|says|told)\s*(?:that\s*)?$", before):
                score = 3
            elif re.search(r"\b(?:said|says|told|announced|reported)\b", before):
                score = 1
            if name in ("experts",) and score < 3:
                score = 0
            if best is None or score > best[0]:
                best = (score, name)
        assert best is not None
        return best[1], via

    # ---------------------------------------------------------------- the read
    def read(self) -> None:
        self._article_date()
        previous: str | None = None
        for s in (c for sent in self.sentences for c in self._clauses(sent)):
            speaker, via = self.speaker_of(s, previous)
            if speaker is None and previous is not None:
                # attribution carries on until another source is named
                speaker = previous
            src = speaker or PUBLICATION
            if src not in ("experts",):
                acc = self.account(src)
                if via and acc.via is None and via != src:
                    acc.via = via
            self._sentence(s, src)
            if speaker is not None:
                previous = speaker
                self._speakers_seen.append(speaker)

    _CLAUSE_BREAK = re.compile(r";\s+|,\s+(?=(?:while|whereas|but|and)\s)")

    def _clauses(self, s: Sentence) -> list[Sentence]:
        """Split a sentence where each part names its own source ("…, while Japan said …")."""
        cuts = [0] + [m.end() for m in self._CLAUSE_BREAK.finditer(s.text)] + [len(s.text)]
        parts = [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if s.text[a:b].strip()]
        if len(parts) < 2:
            return [s]
        named = [
            self.speaker_of(
                Sentence(s.index, s.start + a, s.start + b, s.text[a:b], s.paragraph), None
            )[0]
            for a, b in parts
        ]
        if len({n for n in named if n is not None}) < 2:
            return [s]
        out: list[Sentence] = []
        for (a, b), name in zip(parts, named, strict=True):
            # a part without a source stays with the part before it
            if name is None and out:
                a = out.pop().start - s.start
            out.append(Sentence(s.index, s.start + a, s.start + b, s.text[a:b], s.paragraph))
        return out

    def _sentence(self, s: Sentence, src: str) -> None:
        if src == "experts":
            return
        acc = self.account(src)
        self._counts_and_classes(s, acc)
        self._figures(s, acc)
        self._bearing(s, acc)
        self._flight_time(s, acc)
        self._fell(s, acc)
        self._site(s)
        self._claims(s, src)
        self._time_and_day(s)

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

    def _counts_and_classes(self, s: Sentence, acc: _Account) -> None:
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
        for m in self._COUNT_RE.finditer(t):
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
                acc.count = (n, self.span(s, m.start(), m.end(), note), qual)
                if note:
                    self.note(
                        f"{acc.source}: {m.group(0).strip()!r}: count {n} written, "
                        f"the qualifier {qual!r} is only in the provenance"
                    )
        if acc.count is None:
            v = self._VAGUE_RE.search(t)
            if v:
                self.note(
                    f"{acc.source}: {v.group(0)!r} gives no number of missiles; count left empty"
                )
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
                    acc.missile = (cls, rank, self.span(s, m.start(), m.end()))
                break
        names = list(R.NAME_RE.finditer(t))
        if names and acc.name is None:
            distinct = {n.group(0) for n in names}
            if len(distinct) == 1:
                m = names[0]
                acc.name = (m.group(0), self.span(s, m.start(), m.end()))
            else:
                self.note(
                    f"{acc.source}: several missile names ({', '.join(sorted(distinct))}); "
                    "none written"
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

    def _figures(self, s: Sentence, acc: _Account) -> None:
        t = s.text
        hypothetical = bool(self._HYPOTHETICAL.search(t))
        for m in R.FIGURE_RE.finditer(t):
            before = t[: m.start()]
            after = t[m.end() :]
            # a conversion in brackets after another figure
            if re.search(r"(?:\(|\[|,\s*or)\s*$", before) and R.FIGURE_RE.search(before[-40:]):
                continue
            unit = m.group("unit").lower()
            value, val_note = self._value(m, unit)
            if value is None:
                continue
            span_start = m.start()
            kind = None
            if self._APOGEE_BEFORE.search(before[-40:]) or re.match(
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
                        self.note(
                            f"{acc.source}: launch place {t[m.start() : m.end() + rel.end()]!r}"
                            " is relative to a place; launch.site left empty"
                        )
                        continue
                    self._impact(s, acc, m, rel, value, val_note)
                    continue
                if re.match(r"^\s*(?:off|from)\b", after):
                    self.note(
                        f"{acc.source}: {t[m.start() : m.end() + 30].strip()!r}: "
                        "a distance off a coast, not a range; left out"
                    )
                    continue
                cue = None
                for c in self._RANGE_CUE.finditer(before[-60:]):
                    cue = c
                if cue is None and not re.match(r"^\s*(?:flight|range|distance)", after):
                    continue
                if hypothetical and re.search(
                    r"\b(?:could|capable|potential|enough|"
                    r"depending)\b",
                    t[max(0, m.start() - 80) : m.end() + 40],
                    re.I,
                ):
                    self.note(
                        f"{acc.source}: {t[m.start() : m.end()]!r} is a capability "
                        "estimate, not the flight; left out"
                    )
                    continue
                kind = "range"
                if cue is not None:
                    span_start = m.start() - (len(before[-60:]) - cue.start())
            sp = self.span(s, span_start, m.end(), val_note)
            self._put(acc, kind, value, sp)

    def _put(self, acc: _Account, kind: str, value: Any, sp: Span) -> None:
        if kind == "range":
            for leg in acc.legs:
                if leg.range is not None and _same(leg.range[0], value):
                    return
            free = next((g for g in acc.legs if g.range is None), None)
            if free is None:
                free = _Leg()
                acc.legs.append(free)
            free.range = (value, sp)
        else:
            for leg in acc.legs:
                if leg.apogee is not None and _same(leg.apogee[0], value):
                    return
            # the apogee of the last flight without one
            target = None
            for leg in reversed(acc.legs):
                if leg.apogee is None:
                    target = leg
                    break
                break
            if target is None:
                target = _Leg()
                acc.legs.append(target)
            target.apogee = (value, sp)

    def _value(self, m: re.Match[str], unit: str) -> tuple[Any, str | None]:
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
                return [_plain(lo), _plain(hi)], conv
            return [round(lo * factor), round(hi * factor)], conv
        post = (m.group("post") or "").strip().lower()
        if qual and qual not in ("estimated", "an estimated"):
            return f"{qual} {num(a)}" + (f" {post}" if post else ""), conv
        if post:
            return f"{num(a)} {post}", conv
        v = R.number_value(a)
        if factor != 1.0:
            return round(v * factor), conv
        return _plain(v), None

    def _impact(
        self,
        s: Sentence,
        acc: _Account,
        m: re.Match[str],
        rel: re.Match[str],
        value: Any,
        val_note: str | None,
    ) -> None:
        from trajgeo.events.compass import compass_azimuth

        place_text = rel.group("place")
        place = self._place(place_text)
        direction = rel.group("dir")
        bearing = _compass(direction) if compass_azimuth(direction) is not None else None
        end = m.end() + rel.end()
        words = s.text[m.start() : end]
        if place is None or bearing is None:
            self.note(f"{acc.source}: {words!r}: landmark not in the gazetteer; impact left out")
            return
        sp = self.span(s, m.start(), end, val_note)
        impact = {"from": place, "distance_km": value, "bearing": bearing}
        for leg in acc.legs:
            if leg.impact is None:
                leg.impact = (impact, sp)
                return
        acc.legs.append(_Leg(impact=(impact, sp)))

    # ---------------------------------------------------------------- places
    def _place(self, text: str) -> str | None:
        from trajgeo.events.gazetteer import gazetteer

        gaz = gazetteer()
        words = text.split()
        for n in range(len(words), 0, -1):
            cand = " ".join(words[:n])
            p = gaz.get(cand) or gaz.get(cand + " area")
            if p is not None:
                return p.name
        return None

    _LAUNCH_VERB = re.compile(
        r"\b(?:fire[sd]?|firing|launch(?:ed|es|ing)?|detected|"
        r"test-?fired|took off|were fired|was fired|came from)\b",
        re.I,
    )

    def _site(self, s: Sentence) -> None:
        t = s.text
        if not self._LAUNCH_VERB.search(t):
            return
        for m in re.finditer(r"\b(?:from|near|in the vicinity of|around)\s+", t):
            before = t[max(0, m.start() - 100) : m.start()]
            last_l = [c.end() for c in self._LAUNCH_VERB.finditer(before)]
            last_f = [c.end() for c in self._FALL_CUE.finditer(before)]
            if not last_l or (last_f and last_f[-1] > last_l[-1]):
                continue
            chunk = t[m.end() : m.end() + 90]
            chunk = re.split(
                r"[,;.]\s|\s(?:toward|towards|into|on|and|before|with)\s|"
                r"\sat\s(?!the\s+[A-Z])",
                chunk,
            )[0]
            if re.match(
                r"^(?:an?\s+|the\s+)?(?:site\s+|area\s+|point\s+)?(?:(?:about|some|around|"
                r"roughly|approximately)\s+)?(?:\d[\d,.]*\s*(?:km|kilomet\w+|miles?)\s+)?"
                r"(?:north|south|east|west)\w*\s+of\b",
                chunk,
            ):
                self.note(
                    f"launch place {t[m.start() : m.end() + len(chunk)]!r}: relative to a "
                    "place, not at it; launch.site left empty"
                )
                return
            if re.match(r"^(?:an?\s+)?inland\b|^(?:its|the North'?s)\s+west", chunk):
                self.note(
                    f"launch place {t[m.start() : m.end() + len(chunk)]!r} is not a "
                    "gazetteer place; launch.site left empty"
                )
                continue
            found = self._find_place(chunk)
            if found is not None:
                name, a, b = found
                if self.site is None:
                    sp = self.span(s, m.start(), m.end() + b)
                    self.site = (name, sp)
                elif self.site[0] != name:
                    self.note(
                        f"another launch place is named: {chunk[a:b]!r} ({name}); "
                        f"the draft keeps {self.site[0]}"
                    )
                return
            cap = re.match(
                r"^(?:the\s+)?(?:area\s+(?:around|of)\s+)?([A-Z][a-z]+(?:-[a-z]+)?)", chunk
            )
            if (
                cap
                and m.group(0).startswith("from")
                and cap.group(1) not in ("North", "South", "Japan", "The", "Korea")
            ):
                word = cap.group(1)
                close = _close_place(word)
                if close is not None and self.site is None:
                    a = cap.start(1)
                    self.site = (
                        close,
                        self.span(
                            s,
                            m.start(),
                            m.end() + a + len(word),
                            f"{word!r} read as the gazetteer's {close!r}",
                        ),
                    )
                    self.note(
                        f"launch place {word!r} read as the gazetteer's {close!r} "
                        "(a close spelling): check it"
                    )
                    return
                from trajgeo.events.gazetteer import gazetteer

                hint = gazetteer().suggest(word)
                self.note(
                    f"launch place {word!r} is not in the gazetteer; launch.site left "
                    "empty" + (f" (close names: {', '.join(hint)})" if hint else "")
                )

    def _find_place(self, chunk: str) -> tuple[str, int, int] | None:
        from trajgeo.events.gazetteer import gazetteer

        gaz = gazetteer()
        toks = list(re.finditer(r"[\w'’ŏŭ-]+", chunk))
        area: tuple[str, int, int] | None = None
        for i in range(len(toks)):
            for n in range(min(5, len(toks) - i), 0, -1):
                a, b = toks[i].start(), toks[i + n - 1].end()
                cand = chunk[a:b]
                if not cand[:1].isupper() and not cand.lower().startswith(("near", "east")):
                    continue
                if cand.lower() in ("north", "south", "korea", "the", "north korea"):
                    continue
                p = gaz.get(cand)
                if p is None and n == 1:
                    continue
                if p is not None and p.kind in ("launch_site", "city", "test_range", "landmark"):
                    return p.name, a, b
                if p is not None and p.kind == "area" and area is None:
                    area = (p.name, a, b)
        if area is not None:
            return area
        # "near North Korea's eastern coast" is an alias of the east-coast area
        for alias in (
            "near North Korea's eastern coast",
            "North Korea's east coast",
            "east coast of North Korea",
        ):
            if alias.lower() in chunk.lower():
                p = gaz.get(alias)
                if p is not None:
                    i = chunk.lower().index(alias.lower())
                    return p.name, i, i + len(alias)
        return None

    # ---------------------------------------------------------------- bearings, sea
    _DIR = (
        r"(?:north|south|east|west)(?:[- ]?(?:north|south|east|west))?"
        r"(?:[- ]?(?:north|south|east|west))?"
    )

    def _bearing(self, s: Sentence, acc: _Account) -> None:
        t = s.text
        pats = [
            rf"\b(?P<d>{self._DIR})wards?\b",
            rf"(?-i:\b(?:toward|towards|to)\s+the\s+(?P<d>{self._DIR})\b)(?!\s*(?:Sea|coast|China|"
            rf"Asia|Pacific|of|ern|Korea))",
            rf"\bin\s+an?\s+(?P<d>{self._DIR})(?:ern|erly)?\s+direction\b",
            rf"^\s*-?\s*Direction:\s*(?P<d>{self._DIR})\b",
            rf"\b(?:fired|launched|flew|fire|launch|headed)\s+(?:\w+\s+){{0,4}}?"
            rf"(?:missiles?|ICBMs?|SRBMs?|IRBMs?|projectiles?)\s+(?P<d>{self._DIR})\b"
            rf"(?!\s*(?:Sea|coast|of|Asia)|ern|erly|ward)",
        ]
        hits = [m for p in pats for m in [re.search(p, t, re.I)] if m is not None]
        for m in sorted(hits, key=lambda h: h.start()):
            if m:
                d = _compass(m.group("d"))
                if d is None:
                    continue
                if acc.bearing is None:
                    acc.bearing = (d, self.span(s, m.start(), m.end()))
                elif acc.bearing[0] != d:
                    self.note(
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
            self.note(
                f"{acc.source}: {sea.group(0)!r} names a sea, not a bearing; bearing left empty"
            )

    def _fell(self, s: Sentence, acc: _Account) -> None:
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
            r"(?:\w+\s+){0,4}?(?:the\s+)?(?:sea|waters|ocean|East Sea|Sea of Japan|"
            r"Yellow Sea|West Sea|Pacific(?: Ocean)?)\b",
            t,
        )
        for kind, m in (("land", land), ("sea", sea)):
            if m is None:
                continue
            if re.search(r"\b(?:not|never|no|nor|without)\b(?:\s+\w+){0,2}\s*$", t[: m.start()]):
                self.note(
                    f"{acc.source}: {t[max(0, m.start() - 12) : m.end()]!r} is a negation; "
                    "`fell` left empty"
                )
                return
            acc.fell = (kind, self.span(s, m.start(), m.end()))
            return

    def _flight_time(self, s: Sentence, acc: _Account) -> None:
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
        if not re.search(
            r"\b(?:fl[eyo]w|flight|in the air|airborne|flying|lasted|stayed)\b", t, re.I
        ):
            return
        if acc.flight_time is not None:
            return
        if re.search(r"\bhours?\s*(?:and\s*)?$", t[: m.start()], re.I):
            h = re.search(r"(?:an?|one|\d+)\s+hours?\s*(?:and\s*)?$", t[: m.start()], re.I)
            words = t[h.start() if h else m.start() : m.end()]
            self.note(
                f"{acc.source}: flight time {words!r} is in hours and minutes; "
                "left for you to write in minutes"
            )
            return
        q = (m.group("q") or "").strip().lower()
        n = m.group("n")
        value: Any = f"{q} {n}" if q else _plain(float(n))
        cue = None
        for c in re.finditer(r"\b(?:fl[eyo]w|flight|lasted|stayed|flying)\b", t[: m.start()]):
            cue = c
        start = cue.start() if cue is not None and m.start() - cue.start() < 40 else m.start()
        acc.flight_time = (value, self.span(s, start, m.end()))

    # ---------------------------------------------------------------- claims
    _ZONE = (
        r"(?:exclusive economic zones?|EEZs?|Exclusive Economic Zones?|territorial waters|"
        r"territorial seas?|territory)"
    )

    def _claims(self, s: Sentence, src: str) -> None:
        t = s.text
        for m in re.finditer(self._ZONE, t):
            kind = "eez"
            word = m.group(0).lower()
            if "territorial" in word:
                kind = "territorial_sea"
            elif word == "territory":
                kind = "land"
                if not re.search(
                    r"\b(?:fell|fall|land)\w*\s+(?:\w+\s+){0,3}(?:on|in|into)\s+"
                    r"(?:\w+\s+){0,2}territory",
                    t,
                ):
                    continue
            before = t[max(0, m.start() - 120) : m.start()]
            local = t[max(0, m.start() - 50) : m.start()]
            owner = re.search(
                r"(Japan|South Korea|Russia|China|the Philippines|Taiwan)(?:'s|’s)?"
                r"\s+(?:own\s+)?(?:\w+\s+(?:or|and)\s+)?(?:exclusive|territorial|"
                r"EEZ|Exclusive|territory)?\s*$",
                local,
            )
            owner2 = re.search(r"\b(Japan)\s+claims\s+as\s+its\s*$", local)
            zone = None
            if owner or owner2:
                c = (owner or owner2).group(1)  # type: ignore[union-attr]
                zone = {
                    "Japan": "JPN",
                    "South Korea": "KOR",
                    "Russia": "RUS",
                    "China": "CHN",
                    "the Philippines": "PHL",
                    "Taiwan": "TWN",
                }[c]
            elif re.search(r"\b(?:Japanese|Japan'?s?)\s*$", local):
                zone = "JPN"
            neg_out = re.search(
                r"\boutside\s+(?:of\s+)?(?:the\s+)?(?:[\w']+\s+)?(?:own\s+)?"
                r"(?:\w+\s+(?:or|and)\s+)?$",
                local,
            )
            neg_verb = re.search(r"\b(?:not|never|none|no)\b[^.;]*$", before)
            pos = re.search(
                r"\b(?:inside|within|in|into)\s+(?:waters\s+(?:that\s+)?)?"
                r"(?:[\w']+\s+){0,4}$",
                local,
            )
            if neg_out:
                inside = False
            elif neg_verb and re.search(r"\b(?:reach|fall|fell|land|enter)\w*\b", before):
                inside = False
            elif pos and re.search(
                r"\b(?:fell|fall|fallen|land|landed|landing|came|come|"
                r"coming|splash|plunged|dropped)\w*\b",
                before + " ",
            ):
                inside = True
            else:
                continue
            if zone is None:
                if src in ("Japan Ministry of Defense", "Japanese government", "Japan Coast Guard"):
                    zone = "JPN"
                    note = f"zone: {src} speaks of Japan's EEZ"
                    self.note(
                        f"{src}: {m.group(0)!r} names no state; read as Japan's, "
                        "the speaker's own zone"
                    )
                else:
                    self.note(
                        f"{src}: {t[max(0, m.start() - 40) : m.end()]!r} names no state's "
                        "zone; claim left out"
                    )
                    continue
            else:
                note = None
            cue = neg_out or pos or neg_verb
            start = cue.start() if cue is not None else 0
            start = (
                max(0, m.start() - 50) + start
                if (neg_out or pos)
                else max(0, m.start() - 120) + start
            )
            claim = {"zone": zone, "inside": inside, "source": src}
            if kind != "eez":
                claim = {"zone": zone, "kind": kind, "inside": inside, "source": src}
            if any(c == claim for c, _ in self.claims):
                continue
            self.claims.append((claim, self.span(s, start, m.end(), note)))

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

    def _find_dates(self, t: str) -> list[tuple[dt.date | tuple[int, int], int, int]]:
        out: list[tuple[Any, int, int]] = []
        for m in re.finditer(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b", t):
            try:
                out.append((dt.date(int(m["y"]), int(m["m"]), int(m["d"])), m.start(), m.end()))
            except ValueError:
                pass
        for m in re.finditer(
            self._MONTH_RE + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?"
            r"(?:,?\s+(?P<y>(?:19|20)\d\d))?\b",
            t,
        ):
            mon = self._MONTHS[m["mon"][:3].lower()]
            try:
                if m["y"]:
                    out.append((dt.date(int(m["y"]), mon, int(m["d"])), m.start(), m.end()))
                else:
                    out.append(((mon, int(m["d"])), m.start(), m.end()))
            except ValueError:
                pass
        for m in re.finditer(
            r"\b(?P<d>\d{1,2})\s+" + self._MONTH_RE + r",?\s+(?P<y>(?:19|20)\d\d)", t
        ):
            try:
                out.append(
                    (
                        dt.date(int(m["y"]), self._MONTHS[m["mon"][:3].lower()], int(m["d"])),
                        m.start(),
                        m.end(),
                    )
                )
            except ValueError:
                pass
        return out

    def _article_date(self) -> None:
        if self.arg_date is not None:
            self.article_date = (self.arg_date, None, "--date")
            return
        if self.page is not None and self.page.date:
            m = re.match(r"((?:19|20)\d\d)-(\d\d)-(\d\d)", self.page.date)
            if m:
                self.article_date = (
                    dt.date(*map(int, m.groups())),
                    None,
                    "the page's publication date",
                )
                return
        # a dateline or a date in the first lines
        partial = None
        for s in self.sentences[:6]:
            for d, a, b in self._find_dates(s.text):
                if isinstance(d, dt.date):
                    self.article_date = (d, self.span(s, a, b), "the article's date")
                    return
                if partial is None:
                    partial = (d, self.span(s, a, b))
        if partial is not None:
            self.note(f"the article's date {partial[1].text!r} has no year; give --date")

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
    _FALL_CUE = re.compile(
        r"\b(?:fell|fall(?:en|ing)?|landed|landing|lands?|came down|come down|"
        r"splash\w*|impact|Impact|announced|announcement|reported|said|"
        r"disappeared|later)\b",
        re.I,
    )

    def _time_and_day(self, s: Sentence) -> None:
        t = s.text
        launchy = self._LAUNCH_CUE.search(t)
        if not launchy:
            return
        if self.launch_time is None:
            for m in self._TIME_RE.finditer(t):
                ap = m.group("ap") or m.group("ap2")
                if not ap and not m.group("m"):
                    continue
                if not ap and not m.group("tz"):
                    # "10:15" alone: only with a.m./p.m. or a time zone
                    continue
                before = t[max(0, m.start() - 160) : m.start()]
                last_l = [c.end() for c in self._LAUNCH_CUE.finditer(before)]
                last_f = [c.end() for c in self._FALL_CUE.finditer(before)]
                if not last_l or (last_f and last_f[-1] > last_l[-1]):
                    after = t[m.end() : m.end() + 60]
                    nl = self._LAUNCH_CUE.search(after)
                    nf = self._FALL_CUE.search(after)
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
                self.launch_time = (h, minute, self.span(s, m.start(), m.end(), note), tz)
                if note:
                    self.note(note)
                break
        if self.day is None:
            self._day(s)

    def _day(self, s: Sentence) -> None:
        t = s.text
        m = re.search(r"\b(?:on|early|late)?\s*(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)\b", t)
        if m and re.search(r"\bon\s+the\s+\d", m.group(0)):
            self.day = (("nth", int(m["n"])), self.span(s, m.start(), m.end()))
            return
        m = re.search(
            r"\b(?:on\s+|early\s+|late\s+|last\s+)?(?P<w>Monday|Tuesday|Wednesday|"
            r"Thursday|Friday|Saturday|Sunday)\b",
            t,
        )
        if m:
            kind = "last weekday" if m.group(0).lower().startswith("last") else "weekday"
            self.day = (
                (kind, self._WEEKDAYS.index(m["w"].lower())),
                self.span(s, m.start(), m.end()),
            )
            return
        for d, a, b in self._find_dates(t):
            if isinstance(d, dt.date):
                self.day = (("date", d), self.span(s, a, b))
                return
            if re.search(r"\bon\s+$", t[:a]):
                self.day = (("month-day", d), self.span(s, a, b))
                return
        m = re.search(r"\b(?:today|this morning|this afternoon|this evening|tonight)\b", t, re.I)
        if m:
            self.day = (("today", 0), self.span(s, m.start(), m.end()))

    def event_date(self) -> tuple[str | None, list[Span], list[str]]:
        spans: list[Span] = []
        notes: list[str] = []
        day: dt.date | None = None
        ad = self.article_date
        if self.day is not None:
            (kind, val), sp = self.day
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
        if self.launch_time is None:
            return day.isoformat(), spans, notes
        h, minute, sp, tz = self.launch_time
        spans.append(sp)
        offset, why = self._utc_offset(tz)
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

    def _utc_offset(self, tz: str | None) -> tuple[str | None, str | None]:
        """Return the UTC offset of the launch time and how it was decided."""
        if (
            tz
            and tz.upper() in ("KST", "JST")
            or tz
            and re.match(r"(?i)(?:korea|korean|japan|japanese|seoul|tokyo|pyongyang)", tz)
        ):
            return "+09:00", None
        country = None
        if self.site is not None:
            from trajgeo.events.gazetteer import gazetteer

            place = gazetteer().get(self.site[0])
            country = place.country if place is not None else None
        if country is None and re.search(r"\bNorth Korea|\bPyongyang\b|\bDPRK\b", self.text):
            country = "PRK"
        offset = self._OFFSETS.get(country or "")
        if offset is None:
            return None, None
        return offset, (
            f"local time taken as UTC{offset} (the launch state's time, {country}); check it"
        )

    # ---------------------------------------------------------------- draft
    def draft(self) -> Draft:
        prov: dict[str, list[Span]] = {}
        missing: list[str] = []
        event: dict[str, Any] = {}
        date, dspans, dnotes = self.event_date()
        for n in dnotes:
            self.note(n)
        title = self._title()
        event["id"] = f"{(date or 'undated')[:10]}-draft"
        event["title"] = title
        if date is not None:
            event["date"] = date
            prov["date"] = dspans
        else:
            missing.append("date")
        if self.site is not None:
            event["launch"] = {"site": self.site[0]}
            prov["launch.site"] = [self.site[1]]
        else:
            missing.append("launch.site")
        accounts = [
            a
            for a in sorted(self.accounts.values(), key=lambda a: a.order)
            if a.has_anything() and a.source != "experts"
        ]
        official = [a for a in accounts if a.source != PUBLICATION]
        pub = next((a for a in accounts if a.source == PUBLICATION), None)
        if (
            pub is not None
            and official
            and not pub.has_figure()
            and (pub.count is None or any(a.count is not None for a in official))
        ):
            accounts.remove(pub)
            self.note(
                "the report's own unattributed words (count, class) were not turned "
                "into a shot line: the named sources' lines carry the figures"
            )
        if pub is not None and pub in accounts:
            self.note(
                "figures no source is named for are attributed to the publication "
                f"({self.publisher or 'the article'})"
            )
        shots: list[dict[str, Any]] = []
        first_lines: list[int] = []
        for acc_i, acc in enumerate(accounts):
            legs = acc.legs or [_Leg()]
            per_leg_count = len(legs) > 1 and acc.count is not None and acc.count[0] == len(legs)
            for j, leg in enumerate(legs):
                i = len(shots)
                key = f"shots[{i}]"
                shot: dict[str, Any] = {}
                if acc_i > 0 and first_lines:
                    shot["same_as"] = (
                        first_lines[j] if j < len(first_lines) else first_lines[0]
                    ) + 1
                if per_leg_count:
                    if j == 0:
                        words = acc.count[1].text  # type: ignore[index]
                        self.note(
                            f"{acc.source}: {words!r} over {len(legs)} separate "
                            "flights; count left for you to split"
                        )
                elif acc.count is not None and j == 0:
                    shot["count"] = acc.count[0]
                    prov[f"{key}.count"] = [acc.count[1]]
                if acc.missile is not None:
                    missile = acc.missile[0]
                    spans = [acc.missile[2]]
                    if acc.name is not None:
                        missile = f"{missile} ({acc.name[0]})"
                        spans.append(acc.name[1])
                    shot["missile"] = missile
                    prov[f"{key}.missile"] = spans
                elif acc.name is not None:
                    shot["missile"] = acc.name[0]
                    prov[f"{key}.missile"] = [acc.name[1]]
                for name, got in (
                    ("range_km", leg.range),
                    ("apogee_km", leg.apogee),
                    ("flight_time_min", acc.flight_time if j == 0 else None),
                    ("bearing", acc.bearing),
                    ("impact", leg.impact),
                    ("fell", acc.fell),
                ):
                    if got is not None:
                        shot[name] = dict(got[0]) if isinstance(got[0], dict) else got[0]
                        prov[f"{key}.{name}"] = [got[1]]
                src = acc.source if acc.source != PUBLICATION else (self.publisher or PUBLICATION)
                shot["source"] = src + (
                    f" (via {acc.via})"
                    if acc.via and acc.via != src and acc.source != PUBLICATION
                    else ""
                )
                shots.append(shot)
                if acc_i == 0:
                    first_lines.append(i)
        event["shots"] = shots
        for name in ("count", "missile", "range_km", "bearing", "apogee_km", "flight_time_min"):
            if not any(name in sh for sh in shots):
                missing.append(name)
        claims = []
        for j, (c, sp) in enumerate(self.claims):
            claims.append(dict(c))
            prov[f"claims[{j}]"] = [sp]
        event["claims"] = claims
        if not claims:
            missing.append("claims")
        src_entry: dict[str, Any] = {"title": title}
        if self.page is not None and self.page.url:
            src_entry["url"] = self.page.url
        if self.publisher:
            src_entry["publisher"] = self.publisher
        if self.article_date is not None:
            src_entry["date"] = self.article_date[0].isoformat()
        event["sources"] = [src_entry]
        return Draft(
            event=event,
            provenance={k: tuple(v) for k, v in prov.items()},
            missing=tuple(missing),
            notes=tuple(self.notes),
            text=self.text,
        )

    def _title(self) -> str:
        if self.page is not None and self.page.title:
            return self.page.title
        for s in self.sentences[:6]:
            t = self.text[s.start : s.end].strip()
            if (
                15 <= len(t) <= 120
                and not t.endswith(".")
                and re.search(r"[A-Za-z]{4}", t)
                and not re.match(r"^(?:Published|Written|\d{4}-\d\d-\d\d|\[)", t)
                and not re.search(
                    r"(?i)\b(?:access|main page|menu|skip to|cookie|"
                    r"sign in|subscribe|share)\b",
                    t,
                )
            ):
                return t
        first = self.sentences[0].text if self.sentences else "Launch report"
        return first[:100].rstrip() + ("…" if len(first) > 100 else "")

    def find_publisher(self) -> None:
        if self.page is not None and self.page.publisher:
            self.publisher = self.page.publisher
            return
        head = self.text[:400]
        for pat, name in (
            ("\\(Yonhap\\)", "Yonhap"),
            ("\\(Jiji Press\\)", "Jiji Press"),
            ("\\(AP\\)", "AP"),
            ("/TASS/", "TASS"),
            ("\\(Reuters\\)", "Reuters"),
            ("\\(Sputnik\\)", "Sputnik"),
            ("KBS WORLD|KBS World", "KBS World"),
            ("\\(AFP\\)", "AFP"),
            ("\\(Kyodo\\)", "Kyodo"),
        ):
            if re.search(pat, head):
                self.publisher = name
                return


def _close_place(word: str) -> str | None:
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


def _plain(v: float) -> int | float:
    return int(v) if float(v).is_integer() else v


def _same(a: Any, b: Any) -> bool:
    return re.sub(r"[^\d.\[\],]", "", str(a)).replace(",", "") == re.sub(
        r"[^\d.\[\],]", "", str(b)
    ).replace(",", "")


def _compass(words: str) -> str | None:
    from trajgeo.events.compass import compass_azimuth, compass_name

    w = re.sub(r"(?:wards?|ern|erly)$", "", words.strip().lower())
    w = " ".join(re.findall(r"north|south|east|west|by", w))
    az = compass_azimuth(w) if w else None
    if az is None:
        return None
    return compass_name(az)


def extract(text: str, date: dt.date | str | None = None, *, html: bool | None = None) -> Draft:
    """Read a launch report into a draft event, keeping the words behind every field.

    Parameters
    ----------
    text
        The report: plain text, or an HTML page (its visible text is read).
    date
        The article's date (``YYYY-MM-DD``), for "on Monday", "on the 18th";
        default: the date the page or its dateline gives, if any.
    html
        Whether ``text`` is HTML; default: guessed from a leading ``<``.

    Returns
    -------
    Draft
        The event mapping, provenance, what is missing, and notes.

    Examples
    --------
    >>> d = extract("North Korea fired two ballistic missiles that flew about 350 km, "
    ...             "the Joint Chiefs of Staff said.", date="2024-03-18")
    >>> d.event["shots"][0]["range_km"], d.event["shots"][0]["count"]
    ('about 350', 2)
    """
    from trajgeo.errors import InputError

    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            raise InputError("not a date", field="date", value=date, allowed="YYYY-MM-DD") from None
    page = None
    if html is None:
        html = bool(
            re.match(
                r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype|html|head|body|div|p)\b", text, re.I | re.S
            )
        )
    if html:
        page = html_to_text(text)
        text = page.text
    reader = _Reader(text, date, page)
    reader.find_publisher()
    reader.read()
    return reader.draft()


_FIGURE_FIELDS = ("count", "range_km", "apogee_km", "flight_time_min", "impact")


def invented_figures(draft: Draft) -> list[str]:
    """Return every figure of the draft that its provenance span does not contain.

    A figure converted from miles is checked against the span's original number.
    An empty list means nothing was invented.
    """
    out: list[str] = []
    for i, shot in enumerate(draft.event.get("shots", [])):
        for name in _FIGURE_FIELDS:
            if name not in shot:
                continue
            value = shot[name]
            spans = draft.provenance.get(f"shots[{i}].{name}", ())
            if not spans:
                out.append(f"shots[{i}].{name}: no provenance")
                continue
            for sp in spans:
                if draft.text[sp.start : sp.end] != sp.text:
                    out.append(f"shots[{i}].{name}: span not in the text")
            words = " ".join(sp.text for sp in spans)
            if isinstance(value, dict):
                value = value.get("distance_km")
            nums = _numbers(value)
            found = _span_numbers(words)
            converted = any(sp.note and "converted" in sp.note for sp in spans)
            for n in nums:
                if any(abs(n - f) < 1e-9 for f in found):
                    continue
                if converted and any(
                    abs(n - round(f * k)) <= 0.5 for f in found for k in (1.609344, 1.852)
                ):
                    continue
                out.append(f"shots[{i}].{name}: {n:g} is not in {words!r}")
    return out


def _numbers(value: Any) -> list[float]:
    if isinstance(value, bool):
        return []
    if isinstance(value, (int, float)):
        return [float(value)]
    if isinstance(value, (list, tuple)):
        return [float(v) for v in value]
    return [float(x.replace(",", "")) for x in re.findall(r"\d[\d,]*(?:\.\d+)?", str(value))]


def _span_numbers(words: str) -> list[float]:
    out = [float(x.replace(",", "")) for x in re.findall(r"\d[\d,]*(?:\.\d+)?", words)]
    for w, n in R.COUNT_WORDS.items():
        if re.search(rf"\b{re.escape(w)}\b", words, re.I):
            out.append(float(n))
    if re.search(r"\b(?:a|one) thousand\b", words, re.I):
        out.append(1000.0)
    return out
