"""Launch places: the site a sentence names, matched against the gazetteer."""

from __future__ import annotations

import re

from trajgeo.extract.dates import FALL_CUE
from trajgeo.extract.state import Reader, close_place
from trajgeo.extract.text import Sentence


# ---------------------------------------------------------------- places
def place(rd: Reader, text: str) -> str | None:
    """Return the gazetteer name of the longest leading part of ``text``, if any."""
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


def site(rd: Reader, s: Sentence) -> None:
    """Record the launch place a launch sentence names, if it is in the gazetteer."""
    t = s.text
    if not _LAUNCH_VERB.search(t):
        return
    for m in re.finditer(r"\b(?:from|near|in the vicinity of|around)\s+", t):
        before = t[max(0, m.start() - 100) : m.start()]
        last_l = [c.end() for c in _LAUNCH_VERB.finditer(before)]
        last_f = [c.end() for c in FALL_CUE.finditer(before)]
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
            rd.note(
                f"launch place {t[m.start() : m.end() + len(chunk)]!r}: relative to a "
                "place, not at it; launch.site left empty"
            )
            return
        if re.match(r"^(?:an?\s+)?inland\b|^(?:its|the North'?s)\s+west", chunk):
            rd.note(
                f"launch place {t[m.start() : m.end() + len(chunk)]!r} is not a "
                "gazetteer place; launch.site left empty"
            )
            continue
        found = _find_place(rd, chunk)
        if found is not None:
            name, a, b = found
            if rd.site is None:
                sp = rd.span(s, m.start(), m.end() + b)
                rd.site = (name, sp)
            elif rd.site[0] != name:
                rd.note(
                    f"another launch place is named: {chunk[a:b]!r} ({name}); "
                    f"the draft keeps {rd.site[0]}"
                )
            return
        cap = re.match(r"^(?:the\s+)?(?:area\s+(?:around|of)\s+)?([A-Z][a-z]+(?:-[a-z]+)?)", chunk)
        if (
            cap
            and m.group(0).startswith("from")
            and cap.group(1) not in ("North", "South", "Japan", "The", "Korea")
        ):
            word = cap.group(1)
            close = close_place(word)
            if close is not None and rd.site is None:
                a = cap.start(1)
                rd.site = (
                    close,
                    rd.span(
                        s,
                        m.start(),
                        m.end() + a + len(word),
                        f"{word!r} read as the gazetteer's {close!r}",
                    ),
                )
                rd.note(
                    f"launch place {word!r} read as the gazetteer's {close!r} "
                    "(a close spelling): check it"
                )
                return
            from trajgeo.events.gazetteer import gazetteer

            hint = gazetteer().suggest(word)
            rd.note(
                f"launch place {word!r} is not in the gazetteer; launch.site left "
                "empty" + (f" (close names: {', '.join(hint)})" if hint else "")
            )


def _find_place(rd: Reader, chunk: str) -> tuple[str, int, int] | None:
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
