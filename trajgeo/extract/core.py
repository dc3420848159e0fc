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
from typing import Any

from trajgeo.extract import claims as C
from trajgeo.extract import dates as D
from trajgeo.extract import figures as F
from trajgeo.extract import places as P
from trajgeo.extract import speakers as S
from trajgeo.extract.draft import Draft, Span, invented_figures
from trajgeo.extract.state import PUBLICATION, Account, Leg, Reader
from trajgeo.extract.text import Sentence, html_to_text

__all__ = ["Draft", "Span", "extract", "invented_figures"]


# ---------------------------------------------------------------- the read
def read(rd: Reader) -> None:
    D.article_date(rd)
    previous: str | None = None
    for s in (c for sent in rd.sentences for c in S.clauses(rd, sent)):
        speaker, via = S.speaker_of(rd, s, previous)
        if speaker is None and previous is not None:
            # attribution carries on until another source is named
            speaker = previous
        src = speaker or PUBLICATION
        if src not in ("experts",):
            acc = rd.account(src)
            if via and acc.via is None and via != src:
                acc.via = via
        _sentence(rd, s, src)
        if speaker is not None:
            previous = speaker
            rd._speakers_seen.append(speaker)


def _sentence(rd: Reader, s: Sentence, src: str) -> None:
    if src == "experts":
        return
    acc = rd.account(src)
    F.counts_and_classes(rd, s, acc)
    F.figures(rd, s, acc)
    F.bearing(rd, s, acc)
    F.flight_time(rd, s, acc)
    F.fell(rd, s, acc)
    P.site(rd, s)
    C.claims(rd, s, src)
    D.time_and_day(rd, s)


# ---------------------------------------------------------------- draft
def _accounts(rd: Reader) -> list[Account]:
    """Return the accounts that become shot lines, in the order their sources spoke."""
    accounts = [
        a
        for a in sorted(rd.accounts.values(), key=lambda a: a.order)
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
        rd.note(
            "the report's own unattributed words (count, class) were not turned "
            "into a shot line: the named sources' lines carry the figures"
        )
    if pub is not None and pub in accounts:
        rd.note(
            "figures no source is named for are attributed to the publication "
            f"({rd.publisher or 'the article'})"
        )
    return accounts


def _shots(
    rd: Reader, accounts: list[Account], prov: dict[str, list[Span]]
) -> list[dict[str, Any]]:
    """Return one shot line per flight of each account, recording each field's words."""
    shots: list[dict[str, Any]] = []
    first_lines: list[int] = []
    for acc_i, acc in enumerate(accounts):
        legs = acc.legs or [Leg()]
        per_leg_count = len(legs) > 1 and acc.count is not None and acc.count[0] == len(legs)
        for j, leg in enumerate(legs):
            i = len(shots)
            key = f"shots[{i}]"
            shot: dict[str, Any] = {}
            if acc_i > 0 and first_lines:
                shot["same_as"] = (first_lines[j] if j < len(first_lines) else first_lines[0]) + 1
            if per_leg_count:
                if j == 0:
                    words = acc.count[1].text  # type: ignore[index]
                    rd.note(
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
            src = acc.source if acc.source != PUBLICATION else (rd.publisher or PUBLICATION)
            shot["source"] = src + (
                f" (via {acc.via})"
                if acc.via and acc.via != src and acc.source != PUBLICATION
                else ""
            )
            shots.append(shot)
            if acc_i == 0:
                first_lines.append(i)
    return shots


def draft(rd: Reader) -> Draft:
    prov: dict[str, list[Span]] = {}
    missing: list[str] = []
    event: dict[str, Any] = {}
    date, dspans, dnotes = D.event_date(rd)
    for n in dnotes:
        rd.note(n)
    title = _title(rd)
    event["id"] = f"{(date or 'undated')[:10]}-draft"
    event["title"] = title
    if date is not None:
        event["date"] = date
        prov["date"] = dspans
    else:
        missing.append("date")
    if rd.site is not None:
        event["launch"] = {"site": rd.site[0]}
        prov["launch.site"] = [rd.site[1]]
    else:
        missing.append("launch.site")
    shots = _shots(rd, _accounts(rd), prov)
    event["shots"] = shots
    for name in ("count", "missile", "range_km", "bearing", "apogee_km", "flight_time_min"):
        if not any(name in sh for sh in shots):
            missing.append(name)
    claims = []
    for j, (c, sp) in enumerate(rd.claims):
        claims.append(dict(c))
        prov[f"claims[{j}]"] = [sp]
    event["claims"] = claims
    if not claims:
        missing.append("claims")
    src_entry: dict[str, Any] = {"title": title}
    if rd.page is not None and rd.page.url:
        src_entry["url"] = rd.page.url
    if rd.publisher:
        src_entry["publisher"] = rd.publisher
    if rd.article_date is not None:
        src_entry["date"] = rd.article_date[0].isoformat()
    event["sources"] = [src_entry]
    return Draft(
        event=event,
        provenance={k: tuple(v) for k, v in prov.items()},
        missing=tuple(missing),
        notes=tuple(rd.notes),
        text=rd.text,
    )


def _title(rd: Reader) -> str:
    if rd.page is not None and rd.page.title:
        return rd.page.title
    for s in rd.sentences[:6]:
        t = rd.text[s.start : s.end].strip()
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
    first = rd.sentences[0].text if rd.sentences else "Launch report"
    return first[:100].rstrip() + ("…" if len(first) > 100 else "")


def find_publisher(rd: Reader) -> None:
    if rd.page is not None and rd.page.publisher:
        rd.publisher = rd.page.publisher
        return
    head = rd.text[:400]
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
            rd.publisher = name
            return


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
    reader = Reader(text, date, page)
    find_publisher(reader)
    read(reader)
    return draft(reader)
