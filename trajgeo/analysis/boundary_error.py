"""The error of a maritime zone's limit, as a probability of being on one side of it.

A boundary's error follows its class (:class:`BoundaryError`): an outer
200-NM limit is better known than a line between two states. The errors come
from the data set's measured accuracy (``geodata/measure_accuracy.py``); where
nothing was measured, a conservative default applies and says so.
:mod:`trajgeo.analysis.probability` integrates them over an impact estimate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["BoundaryError", "boundary_errors", "p_inside_arrays"]

#: The measured class that stands for each kind of a zone's limit where no line is known.
_CLASS_OF = {"outer_limit": "outer_limit_200nm", "between_states": "median_line"}
#: Where nothing was measured (no accuracy file): a conservative default for any boundary.
_UNMEASURED = (10.0, 150.0)
#: What the class figures are, as the outputs say it.
CLASS_BASIS = "measured for this class of boundary, geodata/eez/accuracy.json"


@dataclass(frozen=True)
class BoundaryError:
    """The error of a stretch of zone limit, as the median and 95th percentile of its offset.

    The offset's size is modelled as log-normal through both figures, which
    keeps the heavy tail the measurements show.

    Examples
    --------
    >>> e = BoundaryError("between_states", 5.7, 71.0, "measured")
    >>> round(float(e.p_inside(np.array([71.0]))[0]), 3)   # 71 km inside: 97.5 %
    0.975
    >>> float(e.p_inside(np.array([0.0]))[0])
    0.5
    """

    kind: str
    median_km: float
    p95_km: float
    basis: str

    def p_inside(self, signed_km: np.ndarray) -> np.ndarray:
        """Return the probability that a point ``signed_km`` from the limit (+ inside) is inside."""
        signed = np.asarray(signed_km, float)
        if self.p95_km <= 0:  # an exact line: the side alone decides
            half = 0.5 * (signed == 0)
            return np.where(signed >= 0, 1.0 - half, half)
        return p_inside_arrays(signed, np.asarray(self.median_km), np.asarray(self.p95_km))

    def describe(self) -> str:
        """Say the error in words, e.g. ``"median 5.7 km, 95 % under 71 km; measured"``."""
        if self.p95_km <= 0:
            return "treated as exact (no accuracy stated)"
        return f"median {self.median_km:g} km, 95 % under {self.p95_km:g} km; {self.basis}"

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "kind": self.kind,
            "median_km": self.median_km,
            "p95_km": self.p95_km,
            "basis": self.basis,
        }


_erf_u = np.frompyfunc(math.erfc, 1, 1)


def _erfc(x: np.ndarray) -> np.ndarray:
    return np.asarray(_erf_u(np.asarray(x, float)), float)


def p_inside_arrays(signed_km: np.ndarray, median_km: np.ndarray, p95_km: np.ndarray) -> np.ndarray:
    """Vectorised :meth:`BoundaryError.p_inside` with a median and p95 per point."""
    d = np.abs(signed_km)
    sigma = np.maximum(np.log(p95_km / median_km) / 1.6448536, 1e-6)
    with np.errstate(divide="ignore"):
        z = (np.log(np.maximum(d, 1e-9)) - np.log(median_km)) / sigma
    half = 0.25 * _erfc(z / math.sqrt(2.0))
    return np.where(signed_km >= 0, 1.0 - half, half)


def boundary_errors(lon: float, lat: float, dataset: Any) -> dict[str, BoundaryError]:
    """Return the boundary error model by class at a place, for a zone data set.

    For trajgeo's own data, each kind of limit takes the figures measured for
    its class (``geodata/eez/accuracy.json``; the 200-NM limit, and the median
    line for a limit between states); a stretch of limit near a place has its
    own (:func:`trajgeo.maritime.accuracy.limit_errors`), which the estimate
    prefers. For a user's
    file, the accuracy it states.

    Parameters
    ----------
    lon, lat
        Where (the centre of an impact estimate); kept for data whose error
        varies by place.
    dataset
        The :class:`~trajgeo.maritime.Dataset` of the zones.
    """
    if getattr(dataset, "user_supplied", False):
        p95 = getattr(dataset, "accuracy_p95_km", None) or getattr(dataset, "accuracy_km", None)
        if p95:
            e = BoundaryError("any", max(p95 / 4.0, 0.01), float(p95), "as stated for the file")
        else:
            e = BoundaryError("any", 0.0, 0.0, "no accuracy stated for the file")
        return {"outer_limit": e, "between_states": e}
    from trajgeo.maritime.accuracy import class_stats

    stats = class_stats()
    out = {}
    for k, cls in _CLASS_OF.items():
        if cls in stats:
            out[k] = BoundaryError(k, *stats[cls], CLASS_BASIS)
        else:
            out[k] = BoundaryError(k, *_UNMEASURED, "not measured: conservative default")
    return out
