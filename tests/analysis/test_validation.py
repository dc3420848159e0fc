"""The validation catalogue: real launches with Japan's published EEZ verdict.

The fused estimate must never contradict a government's own claim on this
set: each claim is tested against the other evidence, with the boundary's
measured error, and the honest answer for most of them is "near the line".
"""

from __future__ import annotations

import sys

import pytest

from tests.conftest import EXAMPLES


@pytest.mark.slow
def test_no_claim_in_the_catalogue_is_contradicted():
    sys.path.insert(0, str(EXAMPLES / "catalogue"))
    try:
        import validate
    finally:
        sys.path.pop(0)
    rows = validate.run()
    assert len(rows) >= 30 and len({r["id"] for r in rows}) >= 30
    assert {r["status"] for r in rows} <= set(validate.STATUSES)
    assert not [r["id"] for r in rows if r["status"] == "contradicted"]
    # the held-out set is there and judged like the rest
    assert sum(r["set"] == "held out" for r in rows) >= 10
    table = validate.markdown(rows)
    assert "| all | " in table and "| inside |" in table
