"""The trajgeo exception hierarchy.

Every error a user can cause derives from :class:`InputError`, which the
command line turns into a one-line message and exit code 2. Messages name the
file, the field, the value that was given and what is allowed, so that a
reader can fix the input without reading code.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = [
    "DataError",
    "EventFileError",
    "InputError",
    "MissingDependencyError",
    "PrecisionWarning",
    "RenderError",
    "TrajgeoError",
    "TrajgeoWarning",
    "UnknownPlaceError",
]


class TrajgeoError(Exception):
    """Root of every exception trajgeo raises on purpose."""


class InputError(TrajgeoError, ValueError):
    """A value supplied by the user is malformed or out of range.

    Parameters
    ----------
    message
        What is wrong, in plain words.
    source
        The file (or ``"command line"``) the value came from.
    field
        Dotted path of the field inside that source, e.g. ``shots[1].range_km``.
    value
        The offending value, shown with ``repr``.
    allowed
        What would have been accepted: a sentence or a list of choices.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        field: str | None = None,
        value: Any = ...,
        allowed: str | Iterable[str] | None = None,
    ) -> None:
        self.message = message
        self.source = source
        self.field = field
        self.value = value
        if allowed is not None and not isinstance(allowed, str):
            allowed = ", ".join(str(a) for a in allowed)
        self.allowed = allowed
        super().__init__(self._format())

    def _format(self) -> str:
        where = ": ".join(p for p in (self.source, self.field) if p)
        text = f"{where}: {self.message}" if where else self.message
        if self.value is not ...:
            text += f" (got {_bounded_repr(self.value)})"
        if self.allowed:
            text += f"; allowed: {self.allowed}"
        return _one_line(text)

    def located(self, source: str | None = None, prefix: str | None = None) -> InputError:
        """Return a copy that names ``source`` and nests ``field`` under ``prefix``."""
        field = self.field
        if prefix:
            field = f"{prefix}.{field}" if field else prefix
        new = type(self).__new__(type(self))
        new.__dict__.update(self.__dict__)
        new.source = source or self.source
        new.field = field
        Exception.__init__(new, new._format())
        return new


def _one_line(text: str) -> str:
    r"""Show control characters (a newline in a file name or a key) as escapes.

    >>> print(_one_line("a\nb.yaml: title"))
    a\nb.yaml: title
    """
    import unicodedata

    if text.isprintable():
        return text
    return "".join(repr(c)[1:-1] if unicodedata.category(c).startswith("C") else c for c in text)


def _bounded_repr(value: Any) -> str:
    """``repr`` cut to a few hundred characters, whatever the value holds.

    A value from a hostile file (a shared-alias structure, a megabyte string)
    must not cost memory or flood the terminal when an error is shown.
    """
    import reprlib

    short = reprlib.Repr()
    short.maxstring = short.maxother = 160
    short.maxlevel = 2
    short.maxlist = short.maxtuple = short.maxdict = short.maxset = 6
    text = short.repr(value)
    return text if len(text) <= 240 else text[:237] + "..."


class EventFileError(InputError):
    """An event file cannot be read or holds an invalid field."""


class UnknownPlaceError(InputError, LookupError):
    """A site or landmark name is not in the gazetteer.

    ``suggestions`` holds close names, best first.
    """

    def __init__(self, name: str, suggestions: Iterable[str] = (), **kwargs: Any) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        hint = (
            "did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
            if self.suggestions
            else "see `trajgeo sites` for the list, or give lat/lon"
        )
        kwargs.setdefault("allowed", hint)
        super().__init__(f"unknown place {name!r}", **kwargs)


class DataError(TrajgeoError, OSError):
    """Shipped or user-supplied geographic data is missing or unreadable."""


class MissingDependencyError(TrajgeoError, ImportError):
    """An optional package a feature needs is not installed.

    The message names the feature, the packages and the ``pip install``
    command that adds them, e.g. ``pip install 'trajgeo[maps]'``.
    """


class RenderError(TrajgeoError, RuntimeError):
    """A map or figure could not be drawn or written."""


class TrajgeoWarning(UserWarning):
    """Base class of trajgeo's warnings."""


class PrecisionWarning(TrajgeoWarning):
    """A result is closer to a boundary than the data set's stated accuracy."""
