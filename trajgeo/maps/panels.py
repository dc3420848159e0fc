"""The words of the HTML map: popups, tooltips and the legend panel (all text escaped)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from trajgeo.maps.html import esc, safe_url
from trajgeo.maps.page import _templates
from trajgeo.wording import LEGEND, impact_words

if TYPE_CHECKING:
    from trajgeo.geo.impact import EventGeometry
    from trajgeo.maps.spec import MapSpec, ShotLayer
    from trajgeo.maritime.verdicts import EventVerdicts


__all__: list[str] = []


# --------------------------------------------------------------------------- texts
def _fmt_km(x: float) -> str:
    return f"{x:,.0f} km"


def _shot_lookup(
    spec: MapSpec,
    geometries: Sequence[EventGeometry] | None,
    verdicts: Sequence[EventVerdicts | None] | None,
) -> dict[tuple[str, int], tuple[Any, Any, Any, Any]]:
    """Map ``(event_id, shot number)`` to the shot's geometry and verdicts.

    The values are ``(EventGeometry, ShotGeometry, ShotVerdicts, EventVerdicts)``
    (the last two ``None`` without verdicts).
    """
    out: dict[tuple[str, int], tuple[Any, Any, Any, Any]] = {}
    vby = {}
    for v in verdicts or ():
        if v is not None:
            vby[v.geometry.event.id] = v
    for g in geometries or ():
        ev = vby.get(g.event.id)
        for i, sg in enumerate(g.shots):
            sv = ev.shots[i] if ev is not None and i < len(ev.shots) else None
            out[(g.event.id, sg.shot.number)] = (g, sg, sv, ev)
    return out


def _zone_item(v: Any) -> dict[str, str | None]:
    """One verdict of the popup's zone list: status, sentence and data set."""
    status = str(getattr(v, "status", ""))
    try:
        text = v.describe()
    except Exception:  # a foreign object: say what we can
        text = f"{status} {getattr(getattr(v, 'zone', None), 'label', '')}"
    return {
        "status": status,
        "text": text,
        "dataset": getattr(v.dataset, "name", None)
        if getattr(v, "dataset", None) is not None
        else None,
    }


def _claim_items(
    eg: Any, verdicts: Any, number: int | None, answers: dict[tuple[str, int], tuple[str, str]]
) -> list[dict[str, Any]]:
    """Return the claims of an event (of one shot when ``number`` is given), checked or not.

    A claim the fused estimate judged gets its answer (``answers``: the map's badges
    and ``check`` give the same); else the reading of the accounts one by one, said as such.
    """
    items = []
    checks = list(getattr(verdicts, "claims", ()) or ()) if verdicts is not None else []
    claims = [c.claim for c in checks] if checks else list(eg.event.claims)
    for i, claim in enumerate(claims):
        if number is not None and claim.shots and number not in claim.shots:
            continue
        kind = claim.kind.upper() if claim.kind == "eez" else claim.kind
        status, reason = answers.get((eg.event.id, i), (None, None))
        if status is None and checks:
            status = checks[i].status
            reason = f"each account apart (no estimate combining them): {checks[i].reason}"
        items.append(
            {
                "what": f"{claim.zone} {kind}: {'inside' if claim.inside else 'outside'}",
                "who": claim.source,
                "status": status,
                "reason": reason,
            }
        )
    return items


def _source_items(event: Any) -> list[dict[str, Any]]:
    return [
        {
            "title": s.title,
            "href": safe_url(s.url),
            "meta": ", ".join(str(x) for x in (s.publisher, s.date) if x),
        }
        for s in event.sources
    ]


def _sources_html(event: Any) -> str:
    """Return the escaped "Sources" list of an event (the legend's "About this map")."""
    macro = _templates().get_template("popup_parts.html.j2").module.sources  # type: ignore[attr-defined]
    return str(macro(_source_items(event)))


def _shot_rows(layer: ShotLayer, info: tuple[Any, Any, Any, Any] | None) -> list[tuple[str, str]]:
    """Return the popup's table: what the report says of the shot, and the nominal arc."""
    rows: list[tuple[str, str]] = []
    if info is None:
        rows.append(("Distance", layer.distance_label))
        if layer.has_direction:
            rows.append(
                ("Nominal arc", f"{_fmt_km(layer.distance_km)} at {layer.azimuth_deg:.0f}°")
            )
        if layer.source:
            rows.append(("Reported by", layer.source))
        return rows
    sg = info[1]
    s = sg.shot
    rows.append(("Count", str(s.count)))
    if s.missile:
        rows.append(("Missile", s.missile))
    within = f", within {s.launch.radius_km:g} km" if s.launch.radius_km else ""
    rows.append(("Launch", f"{s.launch.name} ({s.launch.lat:.3f}°, {s.launch.lon:.3f}°{within})"))
    if s.range is not None:
        rows.append(("Range", f"{s.range.describe()} (reported: {s.range.text})"))
    if s.bearing is not None:
        b = s.bearing
        rows.append(("Bearing", f"{b.text} ({b.start_deg:.1f}°–{b.end_deg:.1f}°)"))
    if s.impact is not None:
        rows.append(("Impact", impact_words(s.impact, at="")))
    if layer.has_direction:
        rows.append(("Nominal arc", f"{_fmt_km(sg.distance_km)} at {sg.azimuth_deg:.0f}°"))
    if s.apogee_km is not None:
        rows.append(("Apogee", _fmt_km(s.apogee_km)))
    if s.flight_time_min is not None:
        rows.append(("Flight time", f"{s.flight_time_min:g} min"))
    if s.source:
        rows.append(("Reported by", s.source))
    if s.note:
        rows.append(("Note", s.note))
    return rows


def _shot_popup(
    layer: ShotLayer,
    info: tuple[Any, Any, Any, Any] | None,
    answers: dict[tuple[str, int], tuple[str, str]] | None = None,
) -> str:
    """Return a shot's popup, from the autoescaped template ``templates/popup.html.j2``.

    ``answers``: the fused estimate's answer to each claim (``MapSpec.claim_answers``).
    """
    values: dict[str, Any] = {
        "head": f"Shot {layer.number}: {layer.title}",
        "subtitle": None,
        "rows": _shot_rows(layer, info),
        "zones": None,
        "claim_items": [],
        "assumptions": [],
        "source_items": [],
    }
    if info is not None:
        eg, sg, sv, ev_verdicts = info
        ev = eg.event
        date = ev.date.isoformat() if ev.date is not None else ""
        values["subtitle"] = f"{ev.title} · {date}" if date else ev.title
        if sv is not None:
            values["zones"] = [_zone_item(v) for v in sv.verdicts]
        values["claim_items"] = _claim_items(eg, ev_verdicts, sg.shot.number, answers or {})
        values["assumptions"] = list(sg.assumptions)
        values["source_items"] = _source_items(ev)
    return str(_templates().get_template("popup.html.j2").render(values))


def _shot_tooltip(layer: ShotLayer, info: tuple[Any, Any, Any, Any] | None, what: str) -> str:
    text = f"{what} — shot {layer.number}: {layer.title}, {layer.distance_label}"
    out = esc(text)
    if info is not None and info[2] is not None:
        vs = [v for v in info[2].verdicts if getattr(v.zone, "kind", "") == "eez"] or list(
            info[2].verdicts
        )
        if vs:
            out += "<br>" + "<br>".join(esc(v.describe()) for v in vs[:2])
    return out


def _swatch(kind: str, colour: str, dash: bool = False, fill_opacity: float = 0.3) -> str:
    if kind == "line":
        style = f"border-top:3px {'dashed' if dash else 'solid'} {colour};height:0;"
    elif kind == "dot":
        style = (
            f"background:{colour};border-radius:50%;width:10px;height:10px;"
            "border:2px solid #fff;box-shadow:0 0 0 1px #999;"
        )
    else:
        alpha = f"{int(round(fill_opacity * 255)):02x}"
        style = (
            f"background:{colour[:7]}{alpha};border:1px {'dashed' if dash else 'solid'} {colour};"
        )
    return f'<span class="trajgeo-sw" style="{esc(style)}"></span>'


def _account_alpha(spec: MapSpec, th: Any) -> float:
    """Fill opacity of each account's impact area: lighter under a fused estimate."""
    from trajgeo.maps.drawing import ACCOUNT_ALPHA

    return ACCOUNT_ALPHA if spec.estimates else float(th.zone_alpha)


def _legend_html(spec: MapSpec, groups: dict[str, Any], pal: Any, th: Any, lookup: dict) -> str:
    items: list[str] = []
    seen: set[str] = set()
    for s in spec.shots:
        key = f"{s.title}|{s.source}|{spec.colour_index(s.index) % len(pal.shots)}"
        if key in seen:
            continue
        seen.add(key)
        label = f"{s.title}, {s.distance_label}"
        if s.source and len({x.source for x in spec.shots}) > 1:
            label += f" ({s.source})"
        items.append(
            f"<li>{_swatch('line', pal.shot(spec.colour_index(s.index)))}{esc(label)}</li>"
        )
    if "impact_zones" in groups:
        items.append(
            f"<li>{_swatch('area', pal.shot(0), fill_opacity=_account_alpha(spec, th))}"
            f"{LEGEND['impact_area']}</li>"
        )
    if "estimates" in groups:
        colour = pal.shot(spec.estimates[0].index)
        items.append(f"<li>{_swatch('area', colour, fill_opacity=0.5)}{LEGEND['region_50']}</li>")
        items.append(f"<li>{_swatch('area', colour, fill_opacity=0.22)}{LEGEND['region_95']}</li>")
    if "samples" in groups:
        items.append(
            f"<li>{_swatch('dot', pal.shot(spec.estimates[0].index))}{LEGEND['samples']}</li>"
        )
    if "launches" in groups:
        items.append(f"<li>{_swatch('dot', pal.launch)}{LEGEND['launch_site']}</li>")
    if "launch_areas" in groups:
        coast = any(site.coast for site in spec.launches)
        fill, key = (0.25, "launch_coast") if coast else (0.06, "launch_area")
        items.append(f"<li>{_swatch('area', pal.launch, True, fill)}{LEGEND[key]}</li>")
    if "impacts" in groups:
        items.append(f"<li>{_swatch('dot', pal.impact)}{LEGEND['impact_point']}</li>")
    if "rings" in groups:
        items.append(f"<li>{_swatch('line', pal.ring, True)}{LEGEND['ring']}</li>")
    if "capability" in groups:
        items.append(f"<li>{_swatch('line', pal.capability, True)}{LEGEND['capability']}</li>")
    if "overflights" in groups:
        items.append(
            f"<li>{_swatch('area', pal.overflight, False, 0.9)}{LEGEND['overflight_html']}</li>"
        )
    if "zones" in groups:
        items.append(f"<li>{_swatch('line', pal.eez)}{LEGEND['eez']}</li>")
    if "overlaps" in groups:
        items.append(f"<li>{_swatch('area', pal.overlap, True, 0.25)}{LEGEND['overlap_html']}</li>")
    sources = []
    seen_ev: set[str] = set()
    for eg, *_ in lookup.values():
        if eg.event.id in seen_ev:
            continue
        seen_ev.add(eg.event.id)
        sources.append(_sources_html(eg.event))
    about = (
        f"<details><summary>About this map</summary><p>{esc(spec.footer)}</p>"
        + "".join(sources)
        + "</details>"
    )
    return (
        f'<details class="trajgeo-fold" open><summary>{LEGEND["legend"]}</summary><ul>'
        + "".join(items)
        + "</ul>"
        + f'<div class="trajgeo-credit">{esc(spec.credit)}</div>'
        + about
        + "</details>"
    )
