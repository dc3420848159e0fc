"""Who says what: the source each sentence (or clause) attributes its content to."""

from __future__ import annotations

import re

from trajgeo.extract import rules as R
from trajgeo.extract.state import Reader
from trajgeo.extract.text import Sentence


# ---------------------------------------------------------------- speakers
def speaker_of(rd: Reader, s: Sentence, previous: str | None) -> tuple[str | None, str | None]:
    """Return (speaker, via) for a sentence; ``None`` when it names none."""
    t = s.text
    found: list[tuple[int, int, str]] = []
    for name, pat in rd._speaker_patterns:
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
        if not any(g[0] <= f[0] and f[1] <= g[1] and (g[1] - g[0]) > (f[1] - f[0]) for g in found)
    ]
    # "the ministry" is the ministry last named
    last_ministry = next((n for n in reversed(rd._speakers_seen) if "Ministry" in n), None)
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


_CLAUSE_BREAK = re.compile(r";\s+|,\s+(?=(?:while|whereas|but|and)\s)")


def clauses(rd: Reader, s: Sentence) -> list[Sentence]:
    """Split a sentence where each part names its own source ("…, while Japan said …")."""
    cuts = [0] + [m.end() for m in _CLAUSE_BREAK.finditer(s.text)] + [len(s.text)]
    parts = [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if s.text[a:b].strip()]
    if len(parts) < 2:
        return [s]
    named = [
        speaker_of(rd, Sentence(s.index, s.start + a, s.start + b, s.text[a:b], s.paragraph), None)[
            0
        ]
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
