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

import numpy as np

__all__ = ["pairs_text"]

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
    decimals = _HIGH[high + np.where(low == 0, 1000, 0)] | _LOW[low]
    words = np.empty((len(flat) // 2, 5), np.uint64)
    words[:, 0] = _X_INTEGER[signed[0::2]]
    words[:, 1] = decimals[0::2]
    words[:, 2] = _Y_INTEGER[signed[1::2]]
    words[:, 3] = decimals[1::2]
    words[:, 4] = _CLOSE
    raw = words.view(np.uint8).reshape(len(words), 40)
    kept = raw != 0
    ends = np.cumsum(kept.sum(axis=1)) - 1
    return raw[kept].tobytes()[:-1].decode("ascii"), ends
