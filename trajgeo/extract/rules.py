"""Vocabulary and patterns of launch reports: speakers, counts, missile classes, figures.

Everything here is a plain table or regular expression, so what the
extractor understands can be read (and extended) without reading its logic.
"""

from __future__ import annotations

import re

__all__ = [
    "CLASS_PATTERNS",
    "COUNT_WORDS",
    "FIGURE_RE",
    "KM_PER_UNIT",
    "QUALIFIERS",
    "SPEAKERS",
    "VAGUE_COUNTS",
    "WIRE_SERVICES",
    "number_value",
]

#: Number words a report uses for counts (and small figures).
COUNT_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "single": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "a pair of": 2,
    "a couple of": 2,
    "both": 2,
    "a thousand": 1000,
}
#: Words that say "more than one" without a number: no count, a note.
VAGUE_COUNTS = (
    "multiple",
    "several",
    "a number of",
    "a barrage of",
    "a salvo of",
    "a volley of",
    "a series of",
    "some",
    "a few",
    "numerous",
    "a flurry of",
)

#: Qualifiers kept with a figure, as worded; the value is the class used in scoring.
QUALIFIERS: dict[str, str] = {
    "about": "about",
    "approximately": "about",
    "approx.": "about",
    "around": "about",
    "some": "about",
    "roughly": "about",
    "an estimated": "about",
    "estimated": "about",
    "nearly": "nearly",
    "almost": "nearly",
    "close to": "nearly",
    "over": "over",
    "more than": "over",
    "above": "over",
    "in excess of": "over",
    "at least": "at least",
    "a minimum of": "at least",
    "up to": "up to",
    "at most": "up to",
    "less than": "less than",
    "under": "less than",
    "below": "less than",
    "fewer than": "less than",
}
_QUAL_ALT = "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True))

#: Length units a report uses, in km.
KM_PER_UNIT: dict[str, float] = {
    "km": 1.0,
    "kilometers": 1.0,
    "kilometres": 1.0,
    "kilometer": 1.0,
    "kilometre": 1.0,
    "miles": 1.609344,
    "mile": 1.609344,
    "mi": 1.609344,
    "nautical miles": 1.852,
    "nautical mile": 1.852,
    "nmi": 1.852,
    "nm": 1.852,
}
_UNIT_ALT = "nautical miles?|nmi|kilomet(?:er|re)s?|km|miles?|mi\\b"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|one thousand|a thousand|" + "|".join(
    w
    for w in (
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "twenty",
        "thirty",
        "fifty",
        "hundred",
    )
)

#: A figure with a unit: "about 350 km", "between 350 and 380 kilometers",
#: "500 to 600 kilometres", "over 6,000 km", "620 miles".
FIGURE_RE = re.compile(
    rf"(?P<qual>\b(?:{_QUAL_ALT})\s+)?"
    rf"(?:(?P<between>\bbetween\s+)(?P<lo>{_NUM})\s*(?:km\s+)?and\s+(?P<hi>{_NUM})"
    rf"|(?P<a>{_NUM})(?:\s*(?:-|–|to)\s*(?P<b>{_NUM}))?)"
    rf"\s*-?\s*(?P<unit>{_UNIT_ALT})"
    rf"(?P<post>\s+or\s+(?:more|so|less|longer|higher))?\b",
    re.IGNORECASE,
)

#: "(560 miles)" or ", or about 186 miles" right after a figure: a conversion, not a figure.
CONVERSION_AFTER = re.compile(
    rf"^\s*(?:\(|\[|,\s*or\s+)(?:{_QUAL_ALT}\s+)?(?:{_NUM})\s*"
    rf"(?:{_UNIT_ALT})",
    re.IGNORECASE,
)


def number_value(text: str) -> float:
    """Return the value of a figure as written (``"1,000"``, ``"6,248.5"``, ``"ten"``).

    Examples
    --------
    >>> number_value("1,000")
    1000.0
    >>> number_value("a thousand")
    1000.0
    """
    t = text.strip().lower()
    if t in ("one thousand", "a thousand"):
        return 1000.0
    if t in COUNT_WORDS:
        return float(COUNT_WORDS[t])
    words = {"fifty": 50, "hundred": 100}
    if t in words:
        return float(words[t])
    return float(t.replace(",", ""))


#: Missile classes, most specific first: (pattern, name in the draft, rank).
CLASS_PATTERNS: list[tuple[re.Pattern[str], str, int]] = [
    (re.compile(r"\bsubmarine[- ]launched ballistic missiles?\b|\bSLBMs?\b", re.I), "SLBM", 9),
    (
        re.compile(
            r"\bintercontinental(?:[- ]range)? ballistic missiles?\b|\bICBMs?\b|"
            r"\bICBM[- ]class\b",
            re.I,
        ),
        "ICBM",
        8,
    ),
    (
        re.compile(
            r"\bintermediate[- ]range(?: ballistic)? missiles?\b|\bIRBMs?\b|"
            r"\bintermediate[- ]range\b",
            re.I,
        ),
        "IRBM",
        7,
    ),
    (re.compile(r"\bmedium[- ]range(?: ballistic)? missiles?\b|\bMRBMs?\b", re.I), "MRBM", 6),
    (re.compile(r"\bshort[- ]range ballistic missiles?\b|\bSRBMs?\b", re.I), "SRBM", 5),
    (re.compile(r"\b(?:strategic )?cruise missiles?\b", re.I), "cruise missile", 4),
    (re.compile(r"\bhypersonic (?:ballistic )?missiles?\b", re.I), "hypersonic missile", 4),
    (re.compile(r"\blong[- ]range ballistic missiles?\b", re.I), "long-range ballistic missile", 3),
    (re.compile(r"\bshort[- ]range missiles?\b", re.I), "short-range missile", 2),
    (re.compile(r"\bballistic missiles?\b", re.I), "ballistic missile", 1),
]
#: Missile names: Hwasong-18, KN-23, Pukguksong-3 (Hwasal cruise missiles too).
NAME_RE = re.compile(
    r"\b(?:(?:Hwasong(?:pho)?|Hwasŏng|KN|Pukguksong|Hwasal|Haeil|Pulhwasal|"
    r"Chollima|DF|Dongfeng|JL|Fattah|Kheibar|Emad|Ghadr|Khorramshahr|RS|SS|"
    r"Zulfiqar|Burkan|Palestine)[- ]?\d+[A-Z]{0,2}|Sarmat|Avangard|Yars|Oreshnik|"
    r"Bulava|Topol(?:-M)?|Iskander(?:-M)?|Kinzhal|Zircon|Tsirkon|Sejjil|Shahab-\d)\b"
)

#: Who speaks: canonical name -> patterns naming it in an article.
SPEAKERS: dict[str, list[str]] = {
    "ROK Joint Chiefs of Staff": [
        r"Joint Chiefs of Staff",
        r"\bJCS\b",
        r"South Korea'?s? military",
        r"South Korean military",
        r"Seoul'?s military",
        r"\bthe South'?s military",
        r"\bour military\b",
        r"S\. Korea(?:n|'s)? military",
        r"Seoul'?s Joint Chiefs",
        r"South Korean (?:defen[cs]e )?officials",
        r"South Korean military spokesman",
        r"\bthe South Korean military",
        r"\b[Tt]he military\b(?= (?:said|says|added|told))",
    ],
    "Japan Ministry of Defense": [
        r"(?:Japan'?s |Japanese |the Japanese |Tokyo'?s )(?:Defen[cs]e Ministry|"
        r"defen[cs]e ministry|Ministry of Defen[cs]e)",
        r"Japan'?s? (?:Defen[cs]e|defen[cs]e) Minister(?: [A-Z][a-z]+)*",
        r"Japanese [Dd]efen[cs]e [Mm]inister(?: [A-Z][a-z]+)*",
        r"state minister for defen[cs]e",
        r"\bthe ministry\b",
        r"\bJapan(?:'s)? MOD\b",
        r"\b(?:Nobuo )?Kishi\b",
        r"\b(?:Yasukazu )?Hamada\b",
        r"\b(?:Taro )?Kono\b",
        r"\b(?:Gen )?Nakatani\b",
        r"\b(?:Minoru )?Kihara\b",
        r"\bMakoto Oniki\b",
    ],
    "Japanese government": [
        r"Japanese government",
        r"Japan'?s government",
        r"\bthe government\b",
        r"(?:Japanese |Japan'?s )?Prime Minister(?: [A-Z][a-z]+)*",
        r"\bKishida\b",
        r"\bShinzo Abe\b|\bAbe\b",
        r"\bTakaichi\b",
        r"\bIshiba\b",
        r"Chief Cabinet Secretary(?: [A-Z][a-z]+)*",
        r"\bMatsuno\b",
        r"\bHayashi\b",
        r"\bTokyo\b(?= (?:says|said|immediately|protested|lodged|confirmed|has))",
    ],
    "ROK Ministry of National Defense": [
        r"(?:South Korea'?s?|South Korean|Seoul'?s) (?:Defen[cs]e Ministry|defen[cs]e ministry|"
        r"Ministry of National Defen[cs]e|[Dd]efen[cs]e [Mm]inister(?: [A-Z][\w-]+)*)",
        r"Ministry of National Defen[cs]e(?! of China)",
    ],
    "China Ministry of National Defense": [
        r"(?:China'?s|Chinese|Beijing'?s) (?:Defen[cs]e Ministry|defen[cs]e ministry|"
        r"Ministry of National Defen[cs]e)"
    ],
    "Russia Ministry of Defence": [
        r"(?:Russia'?s|Russian|Moscow'?s) (?:Defen[cs]e Ministry|defen[cs]e ministry|"
        r"Ministry of Defen[cs]e)"
    ],
    "Japan Coast Guard": [r"(?:Japan(?:ese|'s)?|the) [Cc]oast [Gg]uard"],
    "US Department of Defense": [
        r"\bPentagon\b",
        r"Indo-Pacific Command",
        r"\bINDOPACOM\b",
        r"U\.?S\.? (?:Defen[cs]e Department|military)",
    ],
    "US official": [r"\bU\.?S\.? officials?\b"],
    "North Korean state media": [
        r"\bKCNA\b",
        r"Korean Central News Agency",
        r"North Korea(?:'s)?(?: \w+)? (?:said|says|claimed|announced)",
        r"state media",
        r"\bPyongyang(?: \w+)? said\b",
        r"Missile (?:General )?(?:Bureau|Administration)",
    ],
    "experts": [r"\b(?:some )?experts\b", r"\banalysts\b"],
    "ROK government": [
        r"South Korea'?s? presidential office",
        r"National Security Council",
        r"Seoul'?s National Security Council",
        r"\bSeoul\b(?= (?:said|says|confirmed|announced))",
    ],
}
#: A defence ministry named without its state: whose it is follows the state the
#: sentence names (Japan's when it names none, the usual case in launch reports).
BARE_MINISTRY = re.compile(
    r"(?:\bthe |\b)(?:Defen[cs]e Ministry|defen[cs]e ministry|"
    r"Ministry of Defen[cs]e|[Dd]efen[cs]e [Mm]inister(?: [A-Z][a-z]+)*)\b"
)
MINISTRY_BY_STATE: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bRussia|\bRussian|\bMoscow|\bKremlin"), "Russia Ministry of Defence"),
    (
        re.compile(r"\bChina\b|\bChinese\b|\bBeijing\b|\bPLA\b"),
        "China Ministry of National Defense",
    ),
    (re.compile(r"\bJapan|\bJapanese|\bTokyo"), "Japan Ministry of Defense"),
    (re.compile(r"\bSouth Korea|\bSeoul\b"), "ROK Ministry of National Defense"),
]

#: News agencies: cited as the carrier ("via"), not the source of a figure.
WIRE_SERVICES: dict[str, str] = {
    r"\bYonhap\b": "Yonhap",
    r"\bKyodo\b": "Kyodo",
    r"\bNHK\b": "NHK",
    r"\bJiji\b": "Jiji Press",
    r"Nihon Keizai Shimbun|\bNikkei\b": "Nikkei",
    r"\bReuters\b": "Reuters",
    r"\bAP\b": "AP",
    r"\bAFP\b": "AFP",
    r"\bTASS\b": "TASS",
    r"\bSputnik\b": "Sputnik",
    r"\bKBS\b": "KBS",
    r"\bYomiuri\b": "Yomiuri",
    r"\bAsahi\b": "Asahi",
    r"\blocal media\b": "local media",
    r"\bJapanese media\b": "Japanese media",
}

#: Words saying a speaker is speaking.
SPEECH = re.compile(
    r"\b(?:said|says|say|told|announced|announces|reported|reports|stated|"
    r"according to|citing|quoting|quoted|confirmed|added|adds|estimated|"
    r"assessed|detected|protested|noted|explained|believes|concluded)\b",
    re.I,
)
