"""Zone claims: "fell inside / outside Japan's exclusive economic zone", per source."""

from __future__ import annotations

import re

from trajgeo.extract.state import Reader
from trajgeo.extract.text import Sentence

# ---------------------------------------------------------------- claims
_ZONE = (
    r"(?:exclusive economic zones?|EEZs?|Exclusive Economic Zones?|territorial waters|"
    r"territorial seas?|territory)"
)


def _owner(local: str) -> str | None:
    """ISO3 of the state whose zone the words just before the zone's name give, if any."""
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
    return zone


def claims(rd: Reader, s: Sentence, src: str) -> None:
    """Record each zone claim the sentence makes, with its owner and whether inside."""
    t = s.text
    for m in re.finditer(_ZONE, t):
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
        zone = _owner(local)
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
                rd.note(
                    f"{src}: {m.group(0)!r} names no state; read as Japan's, the speaker's own zone"
                )
            else:
                rd.note(
                    f"{src}: {t[max(0, m.start() - 40) : m.end()]!r} names no state's "
                    "zone; claim left out"
                )
                continue
        else:
            note = None
        cue = neg_out or pos or neg_verb
        start = cue.start() if cue is not None else 0
        start = (
            max(0, m.start() - 50) + start if (neg_out or pos) else max(0, m.start() - 120) + start
        )
        claim = {"zone": zone, "inside": inside, "source": src}
        if kind != "eez":
            claim = {"zone": zone, "kind": kind, "inside": inside, "source": src}
        if any(c == claim for c, _ in rd.claims):
            continue
        rd.claims.append((claim, rd.span(s, start, m.end(), note)))
