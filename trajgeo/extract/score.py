"""Field-level precision and recall of :func:`trajgeo.extract.extract` on report texts.

Each text ``NN-slug.txt`` (or ``.html``) in a folder has an expected-fields
file ``NN-slug.expected.yaml``; ``holdout.txt`` lists the numbers kept out of
tuning. Run::

    python -m trajgeo.extract.score [tests/data/reports]

A field is compared as (speaker, value) pairs, so a right figure given to
the wrong source counts as both a false positive and a miss. Invented
figures (a figure whose words are not in its provenance span) are counted
separately and must be zero.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trajgeo.extract import rules as R

__all__ = ["FIELDS", "Score", "load_case", "main", "read_report", "score_case", "score_folder"]

#: The fields scored, in the order of the table.
FIELDS = (
    "count",
    "missile",
    "range",
    "apogee",
    "bearing",
    "site",
    "impact",
    "flight time",
    "date",
    "claims",
)
_SHOT_FIELDS = {
    "count": "count",
    "missile": "missile",
    "range": "range_km",
    "apogee": "apogee_km",
    "bearing": "bearing",
    "flight time": "flight_time_min",
}
_KNOWN = set(R.SPEAKERS)


@dataclass
class Score:
    """True positives, false positives and misses per field, and invented figures."""

    tp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    fp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    fn: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    invented: int = 0
    texts: int = 0

    def add(self, other: Score) -> None:
        """Add another score to this one."""
        for f in FIELDS:
            self.tp[f] += other.tp[f]
            self.fp[f] += other.fp[f]
            self.fn[f] += other.fn[f]
        self.invented += other.invented
        self.texts += other.texts

    def precision(self, f: str | None = None) -> float:
        """Precision of one field, or of all fields together."""
        tp = self.tp[f] if f else sum(self.tp.values())
        fp = self.fp[f] if f else sum(self.fp.values())
        return tp / (tp + fp) if tp + fp else 1.0

    def recall(self, f: str | None = None) -> float:
        """Recall of one field, or of all fields together."""
        tp = self.tp[f] if f else sum(self.tp.values())
        fn = self.fn[f] if f else sum(self.fn.values())
        return tp / (tp + fn) if tp + fn else 1.0


def read_report(path: Path) -> str:
    """Read a test text without its ``# facts:`` header line."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("# facts:"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
    return text


def load_case(path: Path) -> tuple[str, dict[str, Any]]:
    """Return a text and its expected fields."""
    import yaml

    base = re.sub(r"\.(txt|html)$", "", path.name)
    expected = yaml.safe_load((path.parent / f"{base}.expected.yaml").read_text("utf-8"))
    return read_report(path), expected or {}


def _norm_value(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, tuple)):
        return "-".join(_norm_value(x) for x in v)
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, (int, float)):
        return f"{float(v):g}"
    t = str(v).strip().lower().replace(",", "")
    m = re.match(r"^between\s+([\d.]+)\s+and\s+([\d.]+)$", t)
    if m:
        return f"{float(m[1]):g}-{float(m[2]):g}"
    for q in sorted(R.QUALIFIERS, key=len, reverse=True):
        if t.startswith(q + " "):
            rest = t[len(q) + 1 :]
            try:
                return f"{R.QUALIFIERS[q]} {float(rest):g}"
            except ValueError:
                return f"{R.QUALIFIERS[q]} {rest}"
    try:
        return f"{float(t):g}"
    except ValueError:
        return t


def _count(v: Any) -> str:
    if v is None:
        return ""
    m = re.search(r"\d+", str(v))
    return m.group(0) if m else str(v)


def _speaker(src: Any) -> str:
    s = re.sub(r"\s*\(via [^)]*\)$", "", str(src or "")).strip()
    return s if s in _KNOWN else "the publication"


def _date(v: Any) -> str:
    s = str(v or "")
    return s[:16] if "T" in s else s[:10]


def _tuples(doc: dict[str, Any]) -> dict[str, set[tuple[Any, ...]]]:
    out: dict[str, set[tuple[Any, ...]]] = {f: set() for f in FIELDS}
    for shot in doc.get("shots") or []:
        src = _speaker(shot.get("source"))
        for f, key in _SHOT_FIELDS.items():
            if shot.get(key) is None:
                continue
            val = _count(shot[key]) if f == "count" else _norm_value(shot[key])
            out[f].add((src, val))
        imp = shot.get("impact")
        if imp:
            out["impact"].add(
                (
                    src,
                    str(imp.get("from")),
                    _norm_value(imp.get("distance_km")),
                    str(imp.get("bearing")),
                )
            )
    site = doc.get("site") or (doc.get("launch") or {}).get("site")
    if site:
        out["site"].add((site,))
    if doc.get("date"):
        out["date"].add((_date(doc["date"]),))
    for c in doc.get("claims") or []:
        out["claims"].add(
            (c.get("zone"), c.get("kind", "eez"), bool(c.get("inside")), _speaker(c.get("source")))
        )
    return out


def score_case(path: Path) -> tuple[Score, list[str]]:
    """Score one text; return the score and a list of differences (for reading)."""
    from trajgeo.extract import extract, invented_figures

    text, expected = load_case(path)
    args = expected.get("args") or {}
    draft = extract(
        text, date=str(args["date"]) if args.get("date") else None, html=path.suffix == ".html"
    )
    got = _tuples(dict(draft.event))
    want = _tuples(expected)
    if expected.get("date") is not None:
        exp_date = _date(expected["date"])
        want["date"] = {(exp_date,)}
    sc = Score(texts=1)
    diffs: list[str] = []
    for f in FIELDS:
        sc.tp[f] = len(got[f] & want[f])
        sc.fp[f] = len(got[f] - want[f])
        sc.fn[f] = len(want[f] - got[f])
        for t in sorted(got[f] - want[f], key=str):
            diffs.append(f"  + {f}: {t}")
        for t in sorted(want[f] - got[f], key=str):
            diffs.append(f"  - {f}: {t}")
    inv = invented_figures(draft)
    sc.invented = len(inv)
    diffs.extend(f"  ! invented: {x}" for x in inv)
    return sc, diffs


def cases(folder: Path) -> list[Path]:
    """Return the report texts in ``folder`` that have an expected-fields file."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix in (".txt", ".html") and (folder / f"{p.stem}.expected.yaml").exists()
    )


def holdout(folder: Path) -> set[str]:
    """Return the numbers (``"03"``) of the texts kept out of tuning."""
    path = folder / "holdout.txt"
    if not path.exists():
        return set()
    return {
        ln.strip() for ln in path.read_text().splitlines() if ln.strip() and not ln.startswith("#")
    }


def score_folder(folder: Path, which: str = "all") -> tuple[Score, dict[str, list[str]]]:
    """Score the tuning texts (``"tuning"``), the held-out ones (``"holdout"``) or all."""
    held = holdout(folder)
    total = Score()
    diffs: dict[str, list[str]] = {}
    for p in cases(folder):
        is_held = p.name[:2] in held
        if (which == "tuning" and is_held) or (which == "holdout" and not is_held):
            continue
        sc, d = score_case(p)
        total.add(sc)
        diffs[p.name] = d
    return total, diffs


def table(rows: Iterable[tuple[str, Score]]) -> str:
    """Return a Markdown table: precision / recall per field for each named set."""
    rows = list(rows)
    head = "| field | " + " | ".join(f"{n} P | {n} R" for n, _ in rows) + " |"
    sep = "|---|" + "---:|" * (2 * len(rows))
    lines = [head, sep]
    for f in (*FIELDS, None):
        name = f or "**all fields**"
        cells = []
        for _, sc in rows:
            cells.append(f"{sc.precision(f):.2f}")
            cells.append(f"{sc.recall(f):.2f}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("| invented figures | " + " | ".join(f"{sc.invented} | " for _, sc in rows) + "|")
    lines.append("| texts | " + " | ".join(f"{sc.texts} | " for _, sc in rows) + "|")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the score table; ``-v`` also prints each tuning text's differences."""
    args = list(sys.argv[1:] if argv is None else argv)
    verbose = "-v" in args
    tuning_only = "--tuning-only" in args
    args = [a for a in args if a not in ("-v", "--tuning-only")]
    folder = Path(args[0]) if args else Path("tests/data/reports")
    tuning, dt_ = score_folder(folder, "tuning")
    if verbose:
        for name, d in dt_.items():
            if d:
                print(name)
                print("\n".join(d))
    if tuning_only:
        print(table([("tuning", tuning)]))
        return 0
    held, _ = score_folder(folder, "holdout")
    print(table([("tuning", tuning), ("held-out", held)]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
