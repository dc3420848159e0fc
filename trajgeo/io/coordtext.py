"""Coordinates rounded to 7 decimals, written as JSON text from whole arrays at once.

Python writes a float as its ``repr``: the shortest decimal that reads back
as the same float. A coordinate rounded to 7 decimals is the float nearest
``k / 10**7`` for an integer ``k``; for ``1e-4 <= |x| < 1000`` its ``repr``
is the decimal digits of ``k`` with the point put back and the trailing
zeros dropped (one kept after the point): every shorter decimal lies at
least 1e-7 away, far more than the float's own spacing (under 1e-13 there),
so it reads back as another float. :func:`pairs_text` writes that text for
every coordinate with a few array operations instead of one ``repr`` each,
and says ``None`` for an array holding any other value (zero, a tiny or a
huge number), which the caller writes as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

__all__ = ["coordinates_texts", "pairs_text"]

_SCALE = 10.0**7


def _words(texts: list[str]) -> np.ndarray:
    """Pack ASCII texts of at most 8 bytes into little-endian uint64 words, NUL-padded."""
    raw = b"".join(t.encode("ascii").ljust(8, b"\0") for t in texts)
    return np.frombuffer(raw, dtype="<u8").copy()


def _integer_words(prefix: str) -> np.ndarray:
    """``prefix`` and the integer part of 0..999, then of -0..-999 (the index + 1000)."""
    return _words([prefix + sign + str(i) for sign in ("", "-") for i in range(1000)])


#: Each pair's parts, as words whose NUL bytes are dropped: ``[`` and x's integer part,
_X_INTEGER = _integer_words("[")
#: ``,`` and y's integer part,
_Y_INTEGER = _integer_words(",")
#: the point and the first three decimals (index + 1000: when the last four are zeros,
#: with its own trailing zeros dropped, one decimal kept),
_HIGH = _words(
    [f".{i:03d}" for i in range(1000)]
    + ["." + (f"{i:03d}".rstrip("0") or "0") for i in range(1000)]
)
#: the last four decimals without their trailing zeros (none for 0), in the high half,
_LOW = _words([f"{i:04d}".rstrip("0") for i in range(10000)]) << np.uint64(32)
#: and ``],`` after the pair.
_CLOSE = _words(["],"])[0]


def _lengths(words: np.ndarray) -> np.ndarray:
    """How many bytes of each word are written (not NUL)."""
    return np.count_nonzero(words.view(np.uint8).reshape(-1, 8), axis=1)


_INTEGER_LEN, _HIGH_LEN, _LOW_LEN = (_lengths(w) for w in (_X_INTEGER, _HIGH, _LOW))


def pairs_text(xy: np.ndarray) -> tuple[str, np.ndarray] | None:
    """Return ``[x,y],[x,y],...`` for an ``(n, 2)`` array, and where each pair's text ends.

    The text is what ``json`` writes for each pair of floats (their ``repr``)
    when every value was rounded to 7 decimals and lies in
    ``1e-4 <= |x| < 1000``; otherwise ``None``. ``ends[i]`` is the offset
    just after pair ``i``'s closing ``]``, so pairs ``a`` to ``b`` are
    ``text[(ends[a - 1] + 1 if a else 0) : ends[b]]``.

    Examples
    --------
    >>> import numpy as np
    >>> pairs_text(np.array([[125.75, 39.0300001], [-0.5, 180.0]]))
    ('[125.75,39.0300001],[-0.5,180.0]', array([19, 32]))
    >>> pairs_text(np.array([[0.0, 1.0]])) is None  # zero is written as before
    True
    """
    flat = np.asarray(xy, dtype=float).ravel()
    k = np.rint(flat * _SCALE)
    mag = np.abs(k)
    if not (np.all(k / _SCALE == flat) and np.all(mag >= 1000.0) and np.all(mag < 1e10)):
        return None
    whole = mag.astype(np.int64)
    integer = whole // 10**7
    high, low = np.divmod(whole - integer * 10**7, 10**4)
    signed = integer + np.where(k < 0, 1000, 0)
    high += np.where(low == 0, 1000, 0)
    decimals = _HIGH[high] | _LOW[low]
    length = _INTEGER_LEN[signed] + _HIGH_LEN[high] + _LOW_LEN[low]
    words = np.empty((len(flat) // 2, 5), np.uint64)
    words[:, 0] = _X_INTEGER[signed[0::2]]
    words[:, 1] = decimals[0::2]
    words[:, 2] = _Y_INTEGER[signed[1::2]]
    words[:, 3] = decimals[1::2]
    words[:, 4] = _CLOSE
    ends = np.cumsum(length[0::2] + length[1::2] + 2) - 1
    return words.tobytes().translate(None, b"\0")[:-1].decode("ascii"), ends


def coordinates_texts(geoms: Sequence[BaseGeometry]) -> list[str | None]:
    """Return the GeoJSON ``coordinates`` text of each rounded geometry, formatted at once.

    Points, lines and polygons (lines and polygons single or multi) get the
    text ``json`` writes for ``shapely.geometry.mapping(geom)["coordinates"]``;
    multipoints, empty geometries (or parts) and values :func:`pairs_text`
    does not write get ``None``, for the caller to write one ``repr`` at a time.

    Examples
    --------
    >>> from shapely.geometry import LineString, Polygon
    >>> from shapely.geometry import Point
    >>> coordinates_texts([LineString([(1.5, 2.5), (3.5, 4.5)]), Polygon(), Point(-1.5, 2.25)])
    ['[[1.5,2.5],[3.5,4.5]]', None, '[-1.5,2.25]']
    """
    import shapely

    array = np.empty(len(geoms), dtype=object)
    array[:] = list(geoms)
    types = shapely.get_type_id(array)
    out: list[str | None] = [None] * len(array)
    for wanted, polygonal in (((0,), None), ((1, 5), False), ((3, 6), True)):
        idx = np.nonzero(np.isin(types, wanted) & ~shapely.is_empty(array))[0]
        if len(idx):
            texts = (
                _point_texts(array[idx])
                if polygonal is None
                else _group_texts(array[idx], types[idx] >= 5, polygonal)
            )
            for i, text in zip(idx.tolist(), texts, strict=True):
                out[i] = text
    return out


def _point_texts(points: np.ndarray) -> list[str | None]:
    """:func:`coordinates_texts` of points: ``[x,y]`` each (``None`` where it cannot)."""
    import shapely

    formatted = pairs_text(shapely.get_coordinates(points))
    if formatted is None:  # one at a time, so only the one that cannot is left out
        if len(points) == 1:
            return [None]
        return [_point_texts(points[i : i + 1])[0] for i in range(len(points))]
    text, ends = formatted
    stops = ends.tolist()
    starts = [0, *(stop + 1 for stop in stops[:-1])]
    return [text[a:b] for a, b in zip(starts, stops, strict=True)]


def _group_texts(geoms: np.ndarray, multi: np.ndarray, polygonal: bool) -> list[str | None]:
    """:func:`coordinates_texts` of geometries of one family (lines, or polygons)."""
    import shapely

    parts, part_of = shapely.get_parts(geoms, return_index=True)
    lines, line_of = (
        shapely.get_rings(parts, return_index=True) if polygonal else (parts, np.arange(len(parts)))
    )
    counts = shapely.get_num_coordinates(lines)
    usable = len(lines) > 0 and counts.min() > 0 and not shapely.is_empty(parts).any()
    formatted = pairs_text(shapely.get_coordinates(lines)) if usable else None
    if formatted is None:  # one geometry at a time, so only the one that cannot is left out
        if len(geoms) == 1:
            return [None]
        return [
            _group_texts(geoms[i : i + 1], multi[i : i + 1], polygonal)[0]
            for i in range(len(geoms))
        ]
    text, ends = formatted
    stops = ends[np.cumsum(counts) - 1].tolist()
    starts = [0, *(stop + 1 for stop in stops[:-1])]
    line_texts = ["[" + text[a:b] + "]" for a, b in zip(starts, stops, strict=True)]
    part_texts = _joined(line_texts, line_of, len(parts)) if polygonal else line_texts
    first_part = np.searchsorted(part_of, np.arange(len(geoms))).tolist()
    multi_texts = _joined(part_texts, part_of, len(geoms))
    return [
        multi_texts[i] if is_multi else part_texts[first_part[i]]
        for i, is_multi in enumerate(multi.tolist())
    ]


def _joined(texts: list[str], owner: np.ndarray, n: int) -> list[str]:
    """``[a,b,...]`` of the texts each of ``n`` owners holds (owners in order)."""
    bounds = np.searchsorted(owner, np.arange(n + 1)).tolist()
    return ["[" + ",".join(texts[bounds[i] : bounds[i + 1]]) + "]" for i in range(n)]
