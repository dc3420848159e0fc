"""Validate the fused estimate on real launches with a government's published verdict.

Each file in this folder encodes, from public reports only, what each source
said about one North Korean launch and what Japan's government said about its
EEZ. trajgeo tests Japan's claim against the other evidence (a claim is never
evidence for itself) and this script prints the table the README quotes:
how many claims hold, how many are near the line or not settled (disputed
sea), and how many trajgeo would contradict (it must be none), for the tuning
set and the held-out set apart
(``holdout.txt`` lists the held-out events, fixed before any tuning).

Run::

    python examples/catalogue/validate.py            # the table, one row per claim
    python examples/catalogue/validate.py --markdown # the README's summary table
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
STATUSES = ("holds", "near_line", "not_settled", "contradicted", "unknown")


def run(folder: Path = HERE) -> list[dict]:
    """Analyse every event of the catalogue; one row per claim."""
    from trajgeo.analysis import analyse
    from trajgeo.events import load_events
    from trajgeo.maritime import load_zones

    held = set((folder / "holdout.txt").read_text(encoding="utf-8").split())
    zones = load_zones()
    rows = []
    for path in sorted(folder.glob("*.yaml")):
        t0 = time.perf_counter()
        # the fused estimate alone: each source's own area is not needed to judge a claim
        [ea] = analyse(
            load_events(path), zones=zones, capability=False, verdicts=False, overflights=False
        ).events
        seconds = time.perf_counter() - t0
        assert ea.fused is not None
        for cv in ea.fused.claims:
            rows.append(
                {
                    "id": ea.event.id,
                    "set": "held out" if ea.event.id in held else "tuning",
                    "said": "inside" if cv.inside else "outside",
                    # "not_settled" for a claim the data leave open: the area is disputed
                    "status": cv.verdict,
                    "probability": cv.probability,
                    "seconds": seconds,
                }
            )
    return rows


def summary(rows: list[dict]) -> dict[str, Counter]:
    """Count claim statuses per set (and for all)."""
    out: dict[str, Counter] = {"tuning": Counter(), "held out": Counter(), "all": Counter()}
    for r in rows:
        for key in (r["set"], "all"):
            out[key][r["status"]] += 1
            out[key][f"{r['said']} {r['status']}"] += 1
    return out


def markdown(rows: list[dict]) -> str:
    """The README's table: claims per status, tuning and held-out sets apart."""
    s = summary(rows)
    lines = [
        "| set | claims | holds | near the line | not settled | contradicted | cannot say |",
        "|---|---|---|---|---|---|---|",
    ]
    for key in ("tuning", "held out", "all"):
        c = s[key]
        n = sum(c[k] for k in STATUSES)
        lines.append(
            f"| {key} | {n} | {c['holds']} | {c['near_line']} | {c['not_settled']} "
            f"| {c['contradicted']} "
            f"| {c['unknown']} |"
        )
    lines.append("")
    lines.append(
        "| Japan said | claims | holds | near the line | not settled | contradicted | cannot say |"
    )
    lines.append("|---|---|---|---|---|---|---|")
    c = s["all"]
    for said in ("inside", "outside"):
        n = sum(c[f"{said} {k}"] for k in STATUSES)
        lines.append(
            f"| {said} | {n} | {c[f'{said} holds']} | {c[f'{said} near_line']} "
            f"| {c[f'{said} not_settled']} "
            f"| {c[f'{said} contradicted']} | {c[f'{said} unknown']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--markdown", action="store_true", help="print the summary tables only")
    args = parser.parse_args(argv)
    rows = run()
    if args.markdown:
        print(markdown(rows))
    else:
        for r in rows:
            p = "   -  " if r["probability"] is None else f"{r['probability']:6.3f}"
            print(
                f"{r['id']:40s} {r['set']:8s} Japan: {r['said']:7s} -> {r['status']:12s} "
                f"P={p}  ({r['seconds']:.1f} s)"
            )
        print()
        print(markdown(rows))
    return 1 if any(r["status"] == "contradicted" for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
