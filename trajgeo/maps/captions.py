"""The words around a map: title, subtitle, credit, methods footer and alt text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trajgeo.geo.impact import EventGeometry, ShotGeometry
    from trajgeo.maritime.verdicts import EventVerdicts, ShotVerdicts, Verdict
from trajgeo.maps.frame import (
    _format_date,
    _range_words,
    direction_words,
)
from trajgeo.maps.layers import METHOD, Projection, ShotLayer
from trajgeo.wording import (
    NUMBER_NOT_REPORTED,
    claimed_land,
    impact_words,
    land_words,
    number_word,
    verdict_sentence,
)

__all__ = [
    "alt_text",
]


# --------------------------------------------------------------------------- texts
def _title(events: Sequence[Any]) -> str:
    if len(events) == 1:
        return events[0].title
    return f"{len(events)} launch events"


def _subtitle(events: Sequence[Any], shots: Sequence[ShotLayer]) -> str:
    parts = []
    dates = [_format_date(e.date) for e in events if e.date is not None]
    if dates:
        parts.append(dates[0] if len(set(dates)) == 1 else f"{dates[0]} to {dates[-1]}")
    what = []
    for s in shots:
        if s.impact_reported:
            text = f"{s.title}, {s.distance_label}"
        elif not s.has_direction:
            text = f"{s.title}, {s.distance_label} in an unknown direction"
        else:
            text = f"{s.title}, {s.distance_label} {direction_words(s.azimuth_deg)}"
        if s.source and len(shots) > 1:
            text += f" ({_short_source(s.source)})"
        if text not in what:
            what.append(text)
    if what:
        parts.append("; ".join(what[:3]) + ("; …" if len(what) > 3 else ""))
    return " · ".join(parts)


def _short_source(text: str) -> str:
    return text.split(" (")[0].strip()


def _credit(events: Sequence[Any]) -> str:
    names: list[str] = []
    for e in events:
        for src in e.sources:
            name = src.publisher or src.title
            name = name.split(" (")[0].strip() if name else ""
            if name and name not in names:
                names.append(name)
    if not names:
        return "Source: event file" + ("s" if len(events) > 1 else "")
    return "Sources: " + ", ".join(names)


def _footer(
    geoms: Sequence[EventGeometry],
    proj: Projection,
    attributions: Sequence[str],
    extra: Sequence[str] = (),
) -> str:
    from trajgeo import __version__

    assumptions: list[str] = []
    for g in geoms:
        for sg in g.shots:
            for a in sg.assumptions:
                if a not in assumptions:
                    assumptions.append(a)
    text = (
        f"Method: nominal flight paths and possible impact areas, {METHOD} (trajgeo {__version__})."
    )
    if assumptions:
        text += " Assumed: " + "; ".join(assumptions) + "."
    for sentence in extra:
        text += " " + sentence
    text += f" Projection: {proj.describe()}. " + ". ".join(attributions) + "."
    return text


# --------------------------------------------------------------------------- alt text
def _pick_verdict(sv: Any, claimed: Sequence[tuple[str, Verdict]]) -> list[Verdict]:
    """Verdicts worth saying for a shot: claimed zones first, else zones it falls in."""
    out = [v for _, v in claimed]
    if out:
        return out
    if sv is None:
        return []
    # EEZs only: a deferred shot is then judged against nothing else
    eez = [v for v in sv.of_kind("eez") if v.status != "outside"]
    return eez[:2]


def _per_event(
    geometries: EventGeometry | Sequence[EventGeometry],
    verdicts: EventVerdicts | Sequence[EventVerdicts | None] | None,
) -> tuple[list[EventGeometry], list[Any]]:
    """Return the events as a list, and one verdict (or None) per event in their order."""
    from trajgeo.geo.impact import EventGeometry

    geoms = [geometries] if isinstance(geometries, EventGeometry) else list(geometries)
    if verdicts is None or not isinstance(verdicts, (list, tuple)):
        return geoms, [verdicts] + [None] * (len(geoms) - 1)
    return geoms, list(verdicts) + [None] * (len(geoms) - len(verdicts))


def alt_text(
    geometries: EventGeometry | Sequence[EventGeometry],
    verdicts: EventVerdicts | Sequence[EventVerdicts | None] | None = None,
    *,
    claims: bool = True,
) -> str:
    """Write a plain-language description of the map from geometry and verdicts.

    Examples of the sentences it writes: "Three missiles flew about 350 km
    north-east from the Pyongyang area and fell 130 to 170 km outside Japan's
    EEZ." Shot lines that come from different sources each get a sentence
    that names the source. Shaded areas, rings and a contradicted claim are
    mentioned at the end; ``claims=False`` leaves the claims to the fused
    estimate's sentences (one answer per claim, from every account).
    """
    geoms, vlist = _per_event(geometries, verdicts)
    sentences: list[str] = []
    any_zone = False
    for g, ev in zip(geoms, vlist, strict=False):
        if len(geoms) > 1:
            sentences.append(f"{g.event.title}.")
        claimed = _claimed_by_shot(ev)
        multi_source = len({sg.shot.source for sg in g.shots if sg.shot.source}) > 1
        # quoting several sources, the one launch site is said apart: a source quoted for
        # its distance may not have named the site
        origins = {_origin(sg) for sg in g.shots}
        apart = multi_source and len(origins) == 1
        if apart:
            many = g.event.missile_count > 1 or not g.event.count_given
            sentences.append(
                f"{'The missiles were' if many else 'The missile was'} launched from "
                f"{origins.pop()}."
            )
        for i, sg in enumerate(g.shots):
            sv = ev.shots[i] if ev is not None and i < len(ev.shots) else None
            mine = claimed.get(sg.shot.number, [])
            vs = _pick_verdict(sv, mine)
            any_zone = any_zone or bool(vs)
            sentences.append(
                _shot_sentence(
                    sg, sv, vs, multi_source=multi_source, with_origin=not apart, claimed=bool(mine)
                )
            )
        if claims:
            sentences += _claim_sentences(ev)
        if g.rings:
            ks = [f"{r:,.0f}" for r, _ in g.rings]
            joined = ks[0] if len(ks) == 1 else ", ".join(ks[:-1]) + " and " + ks[-1]
            sentences.append(f"Rings mark {joined} km from {g.event.launch.name}.")
    shaded = any(sg.impact_area is not None for g in geoms for sg in g.shots)
    if shaded:
        many = sum(g.event.missile_count for g in geoms) > 1 or not all(
            g.event.count_given for g in geoms
        )
        sentences.append(
            "Shaded areas show where the reported range and direction allow "
            f"the {'missiles' if many else 'missile'} to have come down."
        )
    if any_zone:
        sentences.append("Exclusive economic zone limits are drawn as thin lines.")
    return " ".join(sentences)


def _origin(sg: ShotGeometry) -> str:
    """Name a shot's launch site: ``"the Pyongyang area"`` for an area, else its name."""
    launch = sg.shot.launch
    return f"the {launch.name} area" if launch.radius_km > 0 else launch.name


def _flight_words(sg: ShotGeometry, with_origin: bool = True) -> str:
    """Say what the source said of a shot's flight: where it came down, or how far and which way.

    ``with_origin=False`` leaves the launch site out, for a sentence that quotes a source
    who may not have named it (the site is said once, apart: see :func:`alt_text`).
    """
    from trajgeo.events.accounts import fell_said

    s = sg.shot
    origin = f" from {_origin(sg)}" if with_origin else ""
    # where the source said it fell ("into the Sea of Japan") is its own words too
    fell = f" and {fell_said(s.fell)}" if s.fell is not None else ""
    if s.impact is not None:
        # only what the source said: where it came down, not a derived flight
        launched = f"launched{origin}, " if with_origin else ""
        return f"{launched}came down {impact_words(s.impact)}{fell}"
    if s.bearing is None:
        return f"flew {_range_words(s.range)}{origin} in a direction not reported{fell}"
    return f"flew {_range_words(s.range)} {direction_words(sg.azimuth_deg)}{origin}{fell}"


def _shot_sentence(
    sg: ShotGeometry,
    sv: ShotVerdicts | None,
    vs: Sequence[Verdict],
    *,
    multi_source: bool,
    with_origin: bool = True,
    claimed: bool = False,
) -> str:
    """One shot line in words, then what trajgeo reads from it (:func:`_readings`), as its own."""
    s = sg.shot
    n = s.count
    many = n != 1 or not s.count_given
    if not s.count_given:  # "multiple", "several": no number is said
        subject = f"Missiles ({NUMBER_NOT_REPORTED})"
    else:
        subject = f"{number_word(n, capital=True)} missiles" if n > 1 else "One missile"
    text = _flight_words(sg, with_origin)
    read = [] if sv is None else _readings(sg, sv, vs, claimed)
    derived = ""
    if read:
        pronoun = "they" if many else "it"
        derived = f" By trajgeo's reading of those figures, {pronoun} " + " and ".join(read) + "."
    if multi_source and s.source:
        text = f"According to {_short_source(s.source)}, {subject[0].lower()}{subject[1:]} {text}"
    else:
        text = f"{subject} {text}"
    return text + "." + derived


def _readings(
    sg: ShotGeometry, sv: ShotVerdicts, vs: Sequence[Verdict], claimed: bool
) -> list[str]:
    """Say what trajgeo reads from one account: whose land, areas several claim, then ``vs``.

    ``claimed``: ``vs`` are a claim's verdicts, each in its state's own view,
    whose EEZs hold their state's land (:func:`trajgeo.maritime.verdicts.check_event`).
    Where the account's area lies in land or sea several states claim, whether it
    is inside one claimant's zone is that claimant's claim, not a finding: the
    area is named by every claimant and no claimant's zone is said. An area
    wholly on a state's own land is said to be on land, not inside its EEZ; one
    partly on it is inside "the EEZ or land".
    """
    if sg.impact_area is None:
        here = [(z, "inside") for z in sv.impact_point_zones]
    else:  # (a rock's sliver of a wide area is not where it came down)
        here = [(v.zone, v.status) for v in sv.verdicts if v.share_inside >= _SLIVER]
    on_land = [z for z, st in here if z.kind == "land" and st == "inside"]
    # that the point is on land, and whose, is trajgeo's reading, never the source's
    read = [f"came down {land_words(on_land[0])}"] if on_land else []
    shared: dict[tuple[tuple[str, ...], bool], str] = {}
    for z, st in here:
        if len(z.claimants) > 1 and z.kind != "joint_regime":
            key = (z.claimants, z.kind == "land")
            shared[key] = "inside" if "inside" in (st, shared.get(key)) else st
    contested = {c for claimants, _ in shared for c in claimants}
    if claimed:
        states = {v.zone.sovereign_iso3 for v in vs}
        vs = [v for v in vs if v.zone.sovereign_iso3 not in contested]
        # the areas that leave a claim's state open (Wake Island is nothing to Japan's)
        for claimants in dict.fromkeys(c for c, _ in shared if states & set(c)):
            # "in sea and on land claimed by Argentina and the United Kingdom"
            parts = [
                f"{'' if st == 'inside' else 'partly '}{'on land' if is_land else 'in sea'}"
                for (c, is_land), st in shared.items()
                if c == claimants and not (is_land and st == "inside")  # said above
            ]
            if parts:
                whose = claimed_land(claimants, "").strip()
                read.append(f"came down {' and '.join(sorted(parts))} {whose}")
    # land several states claim is none of theirs here (the data list one of them first)
    land = [
        v.zone for v in sv.of_kind("land") if v.status != "outside" and len(v.zone.claimants) < 2
    ]
    whole = {z.sovereign_iso3 for z in on_land if len(z.claimants) < 2}
    if claimed:  # "inside Japan's EEZ, 350 km within its limit" for a point near Aomori
        vs = [v for v in vs if v.zone.kind != "eez" or v.zone.sovereign_iso3 not in whole]
    touched = {z.sovereign_iso3 for z in land}
    # two states' zones, each as its own state claims it, can both hold the point
    views = len({v.zone.sovereign_iso3 for v in vs[:2]}) > 1
    read += [
        verdict_sentence(
            v,
            as_claimed=views,
            or_land=claimed and v.zone.kind == "eez" and v.zone.sovereign_iso3 in touched,
        )
        for v in vs[:2]
    ]
    return read


#: Below this share of an account's area, a zone it touches is not said to hold it.
_SLIVER = 0.005


def _claim_sentences(ev: EventVerdicts | None) -> list[str]:
    """Write a sentence for each claim the verdicts contradict or cannot settle."""
    out: list[str] = []
    if ev is None:
        return out
    for cc in ev.claims:
        if cc.unsettled:
            side = "inside" if cc.claim.inside else "outside"
            who = f" by {cc.claim.source}" if cc.claim.source else ""
            label = cc.verdicts[0].zone.label if cc.verdicts else cc.claim.zone
            out.append(f"The reported claim{who}, {side} {label}, is not settled: {cc.dispute}.")
        elif cc.status == "contradicted":
            who = f" ({cc.claim.source})" if cc.claim.source else ""
            out.append(f"This contradicts the reported claim{who}.")
        elif cc.status == "inconclusive" and cc.verdicts:
            # which claim: two about one zone (five missiles inside, one outside) read the same
            side = "inside" if cc.claim.inside else "outside"
            who = f" by {cc.claim.source}" if cc.claim.source else ""
            out.append(
                f"The data cannot settle the reported claim{who}: {side} "
                f"{cc.verdicts[0].zone.label}."
            )
    return out


def _claimed_by_shot(ev: EventVerdicts | None) -> dict[int, list[tuple[str, Verdict]]]:
    out: dict[int, list[tuple[str, Verdict]]] = {}
    if ev is None:
        return out
    all_numbers = [sv.geometry.shot.number for sv in ev.shots]
    for cc in ev.claims:
        numbers = list(cc.claim.shots) or all_numbers
        if len(cc.verdicts) != len(numbers):
            continue
        for n, v in zip(numbers, cc.verdicts, strict=False):
            out.setdefault(n, []).append((cc.claim.zone, v))
    return out
