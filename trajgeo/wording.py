"""The sentences trajgeo shows to readers, in one place.

Commands, maps and alt text take their reader-facing words from here, so a
phrase is written once and reads the same in every output.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from trajgeo.analysis.claims import ClaimVerdict
    from trajgeo.analysis.fused import MissileAnalysis
    from trajgeo.analysis.probability import ZoneProbability
    from trajgeo.events.model import ImpactReport
    from trajgeo.maritime.accuracy import LimitError
    from trajgeo.maritime.verdicts import Verdict
    from trajgeo.maritime.zoneset import MaritimeZone
    from trajgeo.physics.equivalent import EquivalentRange

__all__ = [
    "CLAIM_MARKS",
    "FOOTER_CUT",
    "LAUNCH_AREA",
    "LAUNCH_COAST",
    "LEGEND",
    "ON_LAND_SAID",
    "NUMBER_NOT_REPORTED",
    "NUMBER_WORDS",
    "POINT_WORDS",
    "SCALE_TRUE_AT_CENTRE",
    "SITES_STATE",
    "UNPLACED_LABELS",
    "claim_label",
    "claim_mark",
    "claimed_land",
    "land_name",
    "disputed_reason",
    "claim_sentence",
    "impact_words",
    "km_span",
    "km_text",
    "LIMIT_KINDS",
    "limit_error_text",
    "missile_group",
    "missile_lines",
    "number_word",
    "percent",
    "prose_km",
    "prose_km_span",
    "range_lines",
    "reported_km",
    "verdict_badge",
    "verdict_line",
    "batch_failed_text",
    "verdict_sentence",
    "view_line",
    "warning_text",
    "zone_reach",
    "the_state",
    "with_article",
]

#: Legend entries of the maps; the static and the HTML map share these words.
LEGEND = {
    "launch_site": "Launch site",
    "launch_area": "Launch area",
    "launch_coast": "Launch area (land along the coast)",
    "arc": "Nominal flight path",
    "impact_area": "Possible impact area",
    "impact_point": "Impact point",
    "reported_impact": "Reported impact",
    "landmark": "Place named in a report",
    "ring": "Range ring",
    "capability": "Range on a normal trajectory",
    "overflight": "Over land",
    "overflight_html": "Track over land (altitude modelled)",
    "eez": "EEZ limit",
    "overlap": "Overlapping claim",
    "overlap_html": "Overlapping claim / joint regime",
    "region_50": "50 % likely impact region",
    "region_95": "95 % likely impact region",
    "samples": "Simulated impacts (sample)",
    "fused_layer": "Fused impact estimate",
    "legend": "Legend",
}

#: Under a scale bar at the top of a wide map, where the scale changes across the map.
SCALE_TRUE_AT_CENTRE = "scale true at the map's centre"

#: Tooltip of a launch area: a disc, or a band of land along a named coast.
LAUNCH_AREA = "{name}: launch within {radius:g} km"
LAUNCH_COAST = (
    "{name}: launch from land along the {coast} coast (the estimate allows anywhere "
    "within {radius:g} km)"
)

#: The static map's footnote for labels it could not place without covering another text.
UNPLACED_LABELS = "Not labelled on the map for lack of room: {labels}."

#: ``trajgeo where`` on a point no zone holds.
NO_ZONE = "in no zone of the data set (high seas)"
#: The same south of 60° S, where the shipped data set models neither zones nor land.
NO_ZONE_ANTARCTIC = (
    "in no zone of the data set: south of 60° S (the Antarctic Treaty area) it models no "
    "zone and no land, so this may be Antarctica's land or ice shelf, not the high seas"
)
#: The same for a point within about a kilometre of zones that leave it out: the data set
#: simplifies each zone on its own, so neighbours' shared edges can be that far apart.
NO_ZONE_GAP = (
    "in no zone of the data set, in a gap between {zones} (each within {km:g} km): the data "
    "set simplifies each zone on its own, so neighbouring zones' shared edges can lie this "
    "far apart; the point is in one of them"
)
#: The same in the Caspian Sea, an inland sea the data set divides into no zones.
NO_ZONE_CASPIAN = (
    "in no zone of the data set: the Caspian Sea, an inland sea that the law of the sea's "
    "zones do not cover and the data set does not divide (not the high seas)"
)
#: The end of a static map's methods footer cut short to leave room for the map.
FOOTER_CUT = '… (the full method is under "About this map" on the HTML map)'

#: Counts up to twelve are written as words on maps and in alt text ("Three missiles").
NUMBER_WORDS = tuple("no one two three four five six seven eight nine ten eleven twelve".split())
#: The words of the compass points in a direction written out ("north-north-east").
POINT_WORDS = {"N": "north", "E": "east", "S": "south", "W": "west"}

#: How ``trajgeo check`` marks each claim status.
CLAIM_MARKS = {
    "holds": "HOLDS",
    "contradicted": "CONTRADICTED",
    "inconclusive": "INCONCLUSIVE",
    "near_line": "NEAR THE LINE",
    "unknown": "CANNOT SAY",
}


def claim_mark(cv: ClaimVerdict) -> str:
    """Give a claim's status word, as ``check`` lists it and a badge leads with it.

    A claim left open because the area is disputed is "NOT SETTLED", whatever
    its status (``near_line``) says.
    """
    return "NOT SETTLED" if cv.unsettled else CLAIM_MARKS[cv.status]


#: Under ``trajgeo sites``' table: what its STATE column is (the places' notes say who
#: else claims a disputed one: Liancourt Rocks, the Southern Kurils).
SITES_STATE = (
    "STATE is the state that administers the place, not a judgement on sovereignty; "
    "`--json` notes who else claims a disputed one."
)


#: Said where a report gave no count ("multiple", "several"): never a guessed number.
NUMBER_NOT_REPORTED = "number not reported"


def missile_group(count: int, name: str | None, given: bool = True) -> str:
    """Say a group of missiles: ``"3 × SRBM"``, or its class alone when no count was reported.

    Examples
    --------
    >>> missile_group(3, "SRBM"), missile_group(1, None), missile_group(1, "SRBM", given=False)
    ('3 × SRBM', '1 × missile', 'SRBM, number not reported')
    """
    what = name or "missile"
    return f"{count} × {what}" if given else f"{what}, {NUMBER_NOT_REPORTED}"


def number_word(n: int, capital: bool = False) -> str:
    """Write a count as a word up to twelve, as a figure above.

    Examples
    --------
    >>> number_word(3, capital=True), number_word(12), number_word(1500)
    ('Three', 'twelve', '1,500')
    """
    word = NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else f"{n:,}"
    return word[:1].upper() + word[1:] if capital else word


def reported_km(words: str) -> str:
    """Name a reported distance inside a sentence, whatever words the source used.

    The figure keeps its own qualifier and article ("an estimated 900"), so it is
    never put straight after "the reported".

    Examples
    --------
    >>> for w in ("about 200", "an estimated 900", "more than 250", "between 350 and 380", "900"):
    ...     print(f"it does not narrow {reported_km(w)}")
    it does not narrow the reported distance of about 200 km
    it does not narrow the reported distance of an estimated 900 km
    it does not narrow the reported distance of more than 250 km
    it does not narrow the reported distance of between 350 and 380 km
    it does not narrow the reported distance of 900 km
    """
    return f"the reported distance of {words} km"


#: Initial letters said with a vowel sound ("an SRBM", "an MRBM", but "a CRBM").
_VOWEL_SOUND_LETTERS = frozenset("AEFHILMNORSX")


def with_article(word: str) -> str:
    """Put "a" or "an" before a word or an initialism, as it is said.

    Examples
    --------
    >>> with_article("SRBM"), with_article("CRBM"), with_article("ICBM"), with_article("missile")
    ('an SRBM', 'a CRBM', 'an ICBM', 'a missile')
    """
    if word.isupper() and len(word) > 1:
        vowel = word[0] in _VOWEL_SOUND_LETTERS
    else:
        vowel = word[:1].lower() in "aeiou"
    return f"{'an' if vowel else 'a'} {word}"


#: State names said with "the" ("over the Philippines"), beyond the patterns in :func:`the_state`.
_WITH_THE = frozenset({"Philippines", "Netherlands", "Bahamas", "Maldives", "Gambia", "Comoros"})


def the_state(name: str) -> str:
    """Put "the" before a state's name where English does: "the Philippines", "Japan".

    Examples
    --------
    >>> the_state("Philippines"), the_state("United States"), the_state("Japan")
    ('the Philippines', 'the United States', 'Japan')
    >>> the_state("Solomon Islands"), the_state("Dominican Republic")
    ('the Solomon Islands', 'the Dominican Republic')
    """
    plural = name.endswith((" Islands", " Republic", " Emirates", " Territories"))
    if name in _WITH_THE or name.startswith(("United ", "Republic of ")) or plural:
        return f"the {name}"
    return name


def sampling_range(p: float, interval: tuple[float, float]) -> str:
    """Say the sampling range of a share, unless the share is said as under 1 % or over 99 %.

    Examples
    --------
    >>> sampling_range(0.113, (0.095, 0.134)), sampling_range(0.997, (0.991, 0.999))
    (' (9–14 % allowing for sampling)', '')
    >>> sampling_range(0.02, (0.012, 0.031))
    ' (1–4 % allowing for sampling)'
    """
    if p > 0.995 or p < 0.005:
        return ""
    lo = min(99, max(1, math.floor(100 * interval[0])))
    hi = min(99, max(1, math.ceil(100 * interval[1])))
    return f" ({lo}–{hi} % allowing for sampling)"


def percent(p: float) -> str:
    """Say a probability as a whole percentage, never 0 % or 100 %.

    Examples
    --------
    >>> percent(0.971), percent(0.9996), percent(0.0002), percent(0.5)
    ('97 %', 'over 99 %', 'under 1 %', '50 %')
    """
    if p > 0.995:
        return "over 99 %"
    if p < 0.005:
        return "under 1 %"
    return f"{round(100 * p):d} %"


def _side(inside: bool, label: str) -> str:
    return f"{'Inside' if inside else 'Outside'} {label}"


def claim_label(zone: str, kind: str) -> str:
    """Name the zone a claim is about, as badges and ``trajgeo check`` say it.

    Examples
    --------
    >>> claim_label("JPN", "eez"), claim_label("JPN", "land"), claim_label("PHL", "land")
    ("Japan's EEZ", "Japan's land", "Philippines' land")
    """
    from trajgeo.maritime.names import state_name

    owner = _possessive(state_name(zone))
    return {
        "eez": f"{owner} EEZ",
        "territorial_sea": f"{owner} territorial sea",
        "land": f"{owner} land",
    }[kind]


def view_line(worldview: str) -> str:
    """Say which view a check's answers are in, as ``trajgeo check --worldview`` prints it.

    Examples
    --------
    >>> view_line("USA")
    "view: the United States' (--worldview USA): disputed sea and land it claims count as its own, the rest as none of the claimants'; each zone is measured against its own state's limits"
    """  # noqa: E501
    from trajgeo.maritime.names import state_name

    return (
        f"view: {_possessive(the_state(state_name(worldview)))} (--worldview {worldview}): "
        "disputed sea and land it claims count as its own, the rest as none of the claimants'; "
        "each zone is measured against its own state's limits"
    )


def unsettled_reason(share: float, zone: str, view: str, of: str = "the estimate") -> str:
    """Say why a claim is not settled in the view of a state that claims none of the area.

    Examples
    --------
    >>> print(unsettled_reason(1.0, "UKR", "USA"))  # doctest: +NORMALIZE_WHITESPACE
    over 99 % of the estimate lies in land or sea that Ukraine and others claim, which the
    United States' view, as the data draw it, gives to none of them: the data cannot say
    whose it is in that view
    """
    from trajgeo.maritime.names import state_name

    return (
        f"{percent(share)} of {of} lies in land or sea that {state_name(zone)} and "
        f"others claim, which {_possessive(the_state(state_name(view)))} view, as the data "
        "draw it, gives to none of them: the data cannot say whose it is in that view"
    )


def disputed_reason(
    share: float, zone: str, others: Sequence[str], of: str = "the estimate"
) -> str:
    """Say why a claim is not settled where its state claims the area with others.

    Examples
    --------
    >>> print(disputed_reason(1.0, "ARG", ["GBR"]))  # doctest: +NORMALIZE_WHITESPACE
    over 99 % of the estimate lies in land or sea that Argentina and the United Kingdom both
    claim: whose it is there depends on whose claim is taken, which the data cannot settle
    """
    from trajgeo.maritime.names import state_name

    names = [the_state(state_name(c)) for c in (zone, *others)]
    both = "both" if len(names) == 2 else "all"
    return (
        f"{percent(share)} of {of} lies in land or sea that "
        f"{', '.join(names[:-1])} and {names[-1]} {both} claim: whose it is there depends "
        "on whose claim is taken, which the data cannot settle"
    )


def _possessive(name: str) -> str:
    """``"Japan's"``, ``"the Philippines'"``."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def verdict_badge(cv: ClaimVerdict, label: str) -> str:
    """Give the one line a map or a headline carries for a claim.

    Examples: "Outside Japan's EEZ: 97 % likely"; "Too close to the line to
    say: 55 % inside Japan's EEZ"; "Cannot say: no distance was reported".
    """
    if cv.status == "unknown" or cv.probability is None:
        return f"{_side(cv.inside, label)}? Cannot say: nothing reported places the impact"
    if cv.unsettled:  # the view gives the area to none of the states that claim it
        return f"{_side(cv.inside, label)}? Not settled: several states claim the area"
    p = cv.probability
    if cv.status in ("holds", "contradicted"):
        likely = p if cv.status == "holds" else 1.0 - p
        return (
            f"{_side(cv.inside if cv.status == 'holds' else not cv.inside, label)}: "
            f"{percent(likely)} likely"
        )
    if p >= cv.holds_at or p <= 1.0 - cv.holds_at:
        # likely one way, but the margin is within the boundary's own error
        side = cv.inside if p >= 0.5 else not cv.inside
        return (
            f"Likely {'inside' if side else 'outside'} {label} ({percent(max(p, 1.0 - p))}), "
            "but within the data's boundary error"
        )
    p_in = p if cv.inside else 1.0 - p
    return f"Too close to the line to say: {percent(p_in)} inside {label}"


def claim_sentence(cv: ClaimVerdict, label: str) -> str:
    """Say how a claim fares against the fused estimate, and why, in one sentence."""
    said = f"{'inside' if cv.inside else 'outside'} {label}"
    who = f" ({cv.source})" if cv.source else ""
    if cv.status == "unknown" or cv.probability is None:
        return f"{said}{who}: cannot say: {cv.reason}"
    if cv.unsettled:  # the area is disputed: no probability answers whose it is
        return f"{said}{who}: not settled — {cv.reason}"
    p = cv.probability
    text = f"{said}{who}: {percent(p)} likely"
    if cv.status == "holds":
        return text + ", as claimed" + _read_with_land(cv)
    if cv.status == "contradicted":
        return text + ": the reported figures put it on the other side" + _read_with_land(cv)
    if cv.reason:
        return text + f" — not confirmed: {cv.reason.split(', but ', 1)[-1]}"
    return text + " — too close to the line to say" + _read_with_land(cv)


def _read_with_land(cv: ClaimVerdict) -> str:
    """Say that an EEZ claim was read with its state's land, where the estimate reaches it.

    An EEZ is tested as its state holds it, land included (:func:`zone_reach`):
    "inside North Korea's EEZ" for missiles that came down inland holds, and says why.
    """
    from trajgeo.maritime.names import state_name

    land = max((s.zone.on_land for s in cv.missiles if s.zone is not None), default=0.0)
    if cv.kind != "eez" or land < ON_LAND_SAID:
        return ""
    owner = _possessive(the_state(state_name(cv.zone)))
    return f" (read with {owner} land, where {percent(land)} of the estimate lies)"


#: Below this share of samples on a state's land, its zone is named as the sea alone.
ON_LAND_SAID = 0.005


def zone_reach(z: ZoneProbability) -> str:
    """Name a zone a missile may have reached: "North Korea's EEZ or land" when land counts.

    An EEZ's probability counts the state's own land as inside (the zone as the
    state claims it); when some of the estimate lies on that land, the name says so.

    Examples
    --------
    >>> from trajgeo.analysis.boundary_error import BoundaryError
    >>> from trajgeo.analysis.probability import ZoneProbability
    >>> e = BoundaryError("median_line", 3.4, 51.0, "measured")
    >>> z = ZoneProbability("PRK", "eez", "North Korea's EEZ", 0.71, (0.7, 0.72), 0.7,
    ...                     (-5.0, 20.0, 60.0), e, on_land=0.7)
    >>> zone_reach(z), _on_land(z)
    ("North Korea's EEZ or land", ' (70 % of the estimate on its land)')
    """
    return f"{z.label} or land" if z.on_land >= ON_LAND_SAID else z.label


def _on_land(z: ZoneProbability) -> str:
    return (
        f" ({percent(z.on_land)} of the estimate on its land)" if z.on_land >= ON_LAND_SAID else ""
    )


#: Said where one missile's zone probabilities add up to more than 100 %.
ZONES_OVERLAP = (
    "these add up to more than 100 %: each zone is as its own state claims it, so zones "
    "overlap where states claim the same sea or land, and each is measured with the error "
    "of its own limit"
)


#: Said instead of :data:`ZONES_OVERLAP` when every zone is judged in one view.
ERRORS_OVERLAP = (
    "these add up to more than 100 %: each zone is measured with the error of its own limit"
)


def missile_lines(ma: MissileAnalysis) -> list[str]:
    """Lines that ``trajgeo check`` prints for one missile group (indent added by the caller)."""
    est = ma.estimate
    m = est.missile
    what = missile_group(m.count, m.missile, m.count_given)
    named = f" ({m.label})" if m.label else ""
    out = [
        f"missile {m.number}{named}: {what} — accounts: "
        + "; ".join(f"{a.who} (line {a.line})" for a in m.accounts)
    ]
    if not est.placed:
        out.append(f"  cannot place the impact: {est.reason}")
        return out
    if ma.landmark is not None:
        lm = ma.landmark
        out.append(
            f"  impact (trajgeo's estimate): {lm.text}; 90 % within "
            f"{lm.low_km:,.0f}–{lm.high_km:,.0f} km of {lm.landmark}"
        )
    for z in ma.zones:
        out.append(
            f"  {zone_reach(z)}: {percent(z.p_inside)} likely inside{_on_land(z)} "
            f"(boundary error: {z.error.describe()})"
        )
    # a territory's zone lies inside its sovereign's: the two overlap by construction
    listed = {(z.iso3, z.kind) for z in ma.zones}
    if sum(z.p_inside for z in ma.zones if (z.part_of, z.kind) not in listed) > 1.02:
        # in one view (--worldview) the zones do not overlap: only their errors add up
        one_view = len({z.worldview for z in ma.zones}) == 1 and len(ma.zones) > 1
        out.append(f"  ({ERRORS_OVERLAP if one_view else ZONES_OVERLAP})")
    if ma.overflights is None:
        out.append("  overflight: direction of flight not reported, so none is judged")
    for o in ma.overflights or ():
        alt = ""
        if o.altitude_km is not None:
            lo, hi = (round(v) for v in o.altitude_km)
            span = f"{lo:,}" if lo == hi else f"{lo:,}–{hi:,}"
            alt = f", at about {span} km altitude (modelled)"
        out.append(
            f"  over {the_state(o.name)}: {percent(o.probability)} of plausible tracks"
            f"{sampling_range(o.probability, o.interval)}{alt}"
        )
    for c in est.conflicts:
        out.append(f"  conflict: {c.sentence}")
    for u in est.unused:
        out.append(f"  not used: {u}")
    return out


def impact_words(impact: ImpactReport, at: str = "at ") -> str:
    """Say where a report put an impact: its own words, a landmark, or a point and its radius.

    ``at`` leads a bare point in a sentence ("came down at 40.50°, 136.90°"); maps
    label the point without it.

    Examples
    --------
    >>> from trajgeo.events.model import ImpactReport
    >>> impact_words(ImpactReport(136.9, 40.5, "40.50°, 136.90°", radius_km=1234.567))
    'within 1,235 km of 40.50°, 136.90°'
    >>> impact_words(ImpactReport(136.9, 40.5, "40.50°, 136.90°", radius_km=2.5), at="")
    'within 2.5 km of 40.50°, 136.90°'
    >>> impact_words(ImpactReport(136.9, 40.5, "40.50°, 136.90°"), at="")
    '40.50°, 136.90°'
    """
    if impact.landmark or impact.described:
        return impact.text
    r = impact.radius_km
    if r >= 0.05:  # a radius under 50 m is a point as far as any map can show
        size = f"{r:,.0f}" if r >= 10 else f"{r:.1f}".rstrip("0").rstrip(".")
        return f"within {size} km of {impact.text}"
    return f"{at}{impact.text}"


def km_text(x: float) -> str:
    """Say a distance in km; infinity is "global".

    Examples
    --------
    >>> km_text(10000.0), km_text(math.inf)
    ('10,000 km', 'global (any point on Earth)')
    """
    return "global (any point on Earth)" if math.isinf(x) else f"{x:,.0f} km"


def range_lines(res: EquivalentRange) -> list[str]:
    """Return the lines ``trajgeo range`` prints for an equivalent-range result."""
    from trajgeo.physics import ballistics as bal
    from trajgeo.physics.equivalent import LABEL

    est, inp = res.estimate, res.inputs
    t_total, band = inp["flight_time_min"], inp["band_pct"]
    rotating = inp["rotating"]
    r_nom, (r_lo, r_hi) = res.range_km, res.band_km
    lines = [
        f"Lofted test: apogee {inp['apogee_km']:,.0f} km, distance {inp['distance_km']:,.0f} km"
        + (f", {t_total:g} min total flight time" if t_total is not None else ""),
        "Equivalent minimum-energy range: "
        + ("" if math.isinf(r_nom) else "about ")
        + km_text(r_nom),
        f"  band for apogee ±{band:g} %: {km_text(r_lo)} to {km_text(r_hi)}",
        f"  ({LABEL})",
    ]
    if rotating:
        lines.append(
            f"  toward bearing {inp['azimuth_deg']:g}° from {inp['lat_deg']:g}° latitude, "
            f"Earth's rotation included; without rotation: {km_text(res.non_rotating_rounded_km)}"
        )
    lines += [
        f"Burnout speed: {est.burnout_speed_km_s:.2f} km/s "
        f"(test flown at {est.burnout_flight_path_angle_deg:.0f}° above the horizon)",
        f"Free flight of the test: {est.free_flight_time_min:.1f} min"
        + (
            ""
            if t_total is None
            else f"; implied boost {t_total - est.free_flight_time_min:.1f} min"
            if t_total >= est.free_flight_time_min
            else "; longer than the reported total (see warning)"
        ),
        f"Assumptions: vacuum free flight over a spherical Earth (R = {bal.EARTH_RADIUS_KM:g} km, "
        f"mu = {bal.MU} km3/s2); burnout altitude {inp['burnout_altitude_km']:g} km; "
        f"powered range {inp['powered_range_km']:g} km; "
        + (
            "Earth's rotation included for the full-range shot, not for the test."
            if rotating
            else "Earth's rotation ignored."
        ),
        f"Ranges rounded to {res.sig_figs} significant figures, the precision of the inputs "
        "(never more than 2 above about 10,000 km).",
    ]
    lines += [f"Warning: {w}" for w in res.warnings]
    return lines


def km_span(a: float, b: float) -> str:
    """Say a span of km exactly, as ``trajgeo check`` does (negative ends count as 0).

    Examples
    --------
    >>> km_span(130.2, 169.8), km_span(5.2, 4.9)
    ('130–170 km', 'about 5 km')
    """
    a, b = max(a, 0.0), max(b, 0.0)
    if round(a) == round(b):
        return f"about {a:,.0f} km"
    return f"{a:,.0f}–{b:,.0f} km"


def prose_km(x: float) -> int:
    """Round a distance for prose: to 10 km from 100 km up, else to 5 km.

    Examples
    --------
    >>> prose_km(347.0), prose_km(42.0)
    (350, 40)
    """
    x = max(x, 0.0)
    step = 10 if x >= 100 else 5
    return int(step * round(x / step))


def prose_km_span(a: float, b: float) -> str:
    """Say a span of km in prose, rounded (:func:`prose_km`), low to high.

    Examples
    --------
    >>> prose_km_span(263.0, 477.0)
    '260 to 480 km'
    """
    lo, hi = sorted((prose_km(a), prose_km(b)))
    if lo == hi:
        return f"about {lo:,} km"
    return f"{lo:,} to {hi:,} km"


def claimed_land(claimants: Sequence[str], what: str = "land") -> str:
    """Name land (or sea) several states claim by every claimant, none first as its owner.

    Examples
    --------
    >>> claimed_land(("RUS", "UKR"))
    'land claimed by Russia and Ukraine'
    >>> claimed_land(("CHN", "JPN", "TWN"), "sea")
    'sea claimed by China, Japan and Taiwan'
    """
    from trajgeo.maritime.names import state_name

    names = [the_state(state_name(c)) for c in claimants]
    return f"{what} claimed by {', '.join(names[:-1])} and {names[-1]}"


def land_name(claimants: Sequence[str]) -> str:
    """Name whose land it is: the state, or every claimant of land several states claim.

    Examples
    --------
    >>> land_name(("JPN",)), land_name(("RUS", "UKR")), land_name(())
    ('Japan', 'land claimed by Russia and Ukraine', 'unnamed land')
    """
    from trajgeo.maritime.names import state_name

    if len(claimants) > 1:
        return claimed_land(claimants)
    return state_name(claimants[0]) if claimants else "unnamed land"


def land_words(zone: MaritimeZone) -> str:
    """Say whose land a point is on: ``"on land in Japan"``; disputed land names every claimant.

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> from trajgeo.maritime.zoneset import MaritimeZone
    >>> crimea = MaritimeZone("x", "Crimea", "RUS", "land", Point(0, 0), claimants=("RUS", "UKR"))
    >>> land_words(crimea)
    'on land claimed by Russia and Ukraine'
    """
    from trajgeo.maritime.names import state_name

    if len(zone.claimants) > 1:
        return f"on {claimed_land(zone.claimants)}"
    return f"on land in {state_name(zone.sovereign_iso3)}"


def _share(p: float) -> str:
    """Say a share of an area as verdict lines give it: ``"74%"``, ``"under 1%"``."""
    return f"{p:.0%}" if p >= 0.005 else "under 1%"


def verdict_line(v: Verdict) -> str:
    """Say the verdict in one line, as ``trajgeo check`` prints it."""
    lo, hi = v.margin_km
    label = v.zone.label
    if v.zone.kind == "land" and v.status == "inside":
        return f"{land_words(v.zone)}, {km_span(lo, hi)} from its coast or border"
    if v.status == "outside":
        text = f"{km_span(-hi, -lo)} outside {label}"
    elif v.status == "inside":
        text = f"{km_span(lo, hi)} inside {label}"
    elif v.share_ashore:
        # the margins are of the part at sea; the coast is no limit of a sea zone
        # (the land and sea layers' coasts differ by a little: "the rest" where no part at
        # sea lies outside, not two shares past 100 %)
        ashore = f"{_share(v.share_ashore)} on land" if lo < 0 else "the rest on land"
        text = (
            f"straddles the limit of {label}: {v.share_inside:.0%} inside, {ashore}; "
            f"at sea up to {hi:,.0f} km inside" + (f" and {-lo:,.0f} km outside" if lo < 0 else "")
        )
    else:
        text = (
            f"straddles the limit of {label}: {v.share_inside:.0%} inside, "
            f"up to {hi:,.0f} km inside and {-lo:,.0f} km outside"
        )
    if v.status == "outside" and v.share_ashore:
        text += f" (the part at sea; {_share(v.share_ashore)} of the area is on land)"
    if v.status != "straddles":
        text += v.confidence_note()
    return text


def verdict_sentence(v: Verdict, *, as_claimed: bool = False, or_land: bool = False) -> str:
    """Say the verdict as alt text does: ``"fell 260 to 480 km outside Japan's EEZ"``.

    ``as_claimed`` names the view the zone is drawn in ("inside Japan's EEZ as
    Japan claims it"), for sentences that read two states' zones, each in its
    own view, side by side: where they claim the same sea both can hold.
    ``or_land`` names an EEZ read with its state's land, where the area reaches
    that land, as ``check`` does ("Japan's EEZ or land").
    """
    from trajgeo.maritime.names import state_name

    lo, hi = v.margin_km
    label = f"{v.zone.label} or land" if or_land else v.zone.label
    if as_claimed and v.zone.sovereign_iso3:
        label = f"{label} as {the_state(state_name(v.zone.sovereign_iso3))} claims it"
    if v.status == "outside":
        text = f"fell {prose_km_span(-hi, -lo)} outside {label}"
    elif v.status == "inside":
        text = f"fell inside {label}, {prose_km_span(lo, hi)} within its limit"
    else:
        text = (
            f"came down in an area that straddles the limit of {label} "
            f"(about {v.share_inside:.0%} of it inside)"
        )
    if v.status != "straddles":
        text += v.confidence_note(short=True)
    return text


#: What each class of maritime limit is, in words.
LIMIT_KINDS = {
    "outer_limit_200nm": "the 200-NM limit",
    "median_line": "a median line between two states",
    "treaty": "a treaty line",
    "court_ruling": "a court-ruled line",
    "disputed_band": "the edge of a disputed band",
    "joint_regime": "the edge of a joint regime",
    "land_border": "a land border",
    "coast": "the coast",
}


def limit_error_text(e: LimitError) -> str:
    """Say which limit is nearest and how well it is known there.

    Examples
    --------
    >>> from trajgeo.maritime.accuracy import LimitError
    >>> print(limit_error_text(LimitError("median_line", 3.4, 77.0, 45.2)))
    ... # doctest: +NORMALIZE_WHITESPACE
    a median line between two states, 45 km away; its error here: median 3.4 km,
    95 % under 77 km (measured for this class of boundary in this region)
    """
    what = LIMIT_KINDS.get(e.kind, e.kind.replace("_", " "))
    if e.source:
        # the instrument, up to its date and place: "Agreement between Japan and ..."
        name = e.source.split(" (")[0].split(";")[0].strip()
        if e.kind == "median_line":  # a treaty's rule (a median line, belts) drawn by trajgeo
            what = f"a line drawn from the coastline by the rule of the {name}"
        else:
            what = f"{what}: the {name}"
    return f"{what}, {e.distance_km:,.0f} km away; {_error_here(e)}"


def _error_here(e: LimitError) -> str:
    """Say a limit's error where it is: ``its error here: median ..., 95 % under ... (...)``."""
    return (
        f"its error here: median {e.median_km:.2g} km, 95 % under {_km_figure(e.p95_km)} km "
        f"({e.basis.split(',')[0]})"
    )


def _km_figure(km: float) -> str:
    """Say a distance to 0.1 km under 10 km, else to the km: ``"4.4"``, ``"1,235"``."""
    return f"{km:.1f}" if km < 10.0 else f"{km:,.0f}"


def border_text(e: LimitError, across: str) -> str:
    """Say which land border is nearest, with whom, and how well it is known there.

    Examples
    --------
    >>> from trajgeo.maritime.accuracy import BORDER_BASIS, LimitError
    >>> print(border_text(LimitError("land_border", 0.35, 2.5, 4.36, BORDER_BASIS), "China"))
    ... # doctest: +NORMALIZE_WHITESPACE
    with China, 4.4 km away; its error here: median 0.35 km, 95 % under 2.5 km
    (measured for this stretch of land border against the WDBII borders)
    """
    return f"with {across}, {_km_figure(e.distance_km)} km away; {_error_here(e)}"


def warning_text(message: str) -> str:
    """Say a library's warning in the reader's terms (one line), where trajgeo knows what it means.

    Examples
    --------
    >>> msg = "Glyph 120088 (" + chr(92) + "N{MATHEMATICAL FRAKTUR CAPITAL U}) missing from "
    >>> warning_text(msg + "font(s) DejaVu Sans, DejaVu Sans.").split(":")[0]
    "the map's font (DejaVu Sans) has no 𝔘 (mathematical fraktur capital u)"
    >>> warning_text("something else")
    'something else'
    """
    import re

    m = re.fullmatch(r"Glyph (\d+) \((.*?)\) missing from font\(s\) (.*?)\.?", message.strip())
    if not m:
        return " ".join(message.split())
    char = chr(int(m.group(1)))
    name = m.group(2).removeprefix("\\N{").removesuffix("}").lower()
    fonts = ", ".join(dict.fromkeys(f.strip() for f in m.group(3).split(",")))
    return (
        f"the map's font ({fonts}) has no {char} ({name}): it is drawn as an empty box; "
        "a --theme with a font that has it draws it"
    )


def batch_failed_text(failed: int, total: int, output: str) -> str:
    """Say how a run over many files ended when some failed and the others were written.

    Examples
    --------
    >>> batch_failed_text(1, 37, "launches.csv")
    'trajgeo: 1 of 37 files failed (above); the other 36 were written in launches.csv'
    """
    where = "" if output == "-" else f" in {output}"
    return (
        f"trajgeo: {failed} of {total} files failed (above); the other {total - failed} "
        f"were written{where}"
    )
