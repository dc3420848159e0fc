"""What ``trajgeo extract`` returns: a draft event and the words behind each field."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from trajgeo.extract import rules as R

__all__ = ["Draft", "Span", "invented_figures"]


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
