"""Bounded reading of input files: regular files only, never more than a set size.

A device (``/dev/zero``), a FIFO, a socket or a symlink loop given as an input
gets a one-line :class:`~trajgeo.errors.InputError` instead of a hang or a
``MemoryError``; so does a file larger than the limit for its kind.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from trajgeo.errors import InputError

__all__ = [
    "MAX_CSV_BYTES",
    "MAX_DOC_BYTES",
    "check_input",
    "plain_text",
    "read_input_bytes",
    "read_input_text",
]

#: Largest event, style or JSON file read, in bytes (8 MiB; a real event file is a few kB).
MAX_DOC_BYTES = 8 * 1024 * 1024
#: Largest points CSV read, in bytes (256 MiB: several million points).
MAX_CSV_BYTES = 256 * 1024 * 1024


#: Control characters (nothing drawn or written needs them, and most make XML (SVG) invalid),
#: and the bidirectional overrides, embeddings and isolates that can make text read otherwise
#: than it is ("\u202egnp.exe" drawn as "exe.png").
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
#: A terminal escape sequence (colour, cursor): removed whole, not left as "[31m".
_ESCAPE = re.compile("\x1b\\[[0-9;?]*[ -/]*[@-~]")


def plain_text(text: str) -> str:
    r"""Return ``text`` without control characters; a tab becomes a space, newlines stay.

    Examples
    --------
    >>> plain_text("Launch\x1b[31m\x07\tnow\n")
    'Launch now\n'
    >>> plain_text("\u202egnp.exe")
    'gnp.exe'
    """
    if text.isprintable():
        return text
    return _CONTROL.sub("", _ESCAPE.sub("", text.replace("\t", " ")))


def _error(message: str, path: str, allowed: str | None = None) -> InputError:
    return InputError(message, source=path, allowed=allowed)


def check_input(path: str | Path) -> os.stat_result:
    """Return the ``stat`` of an input file, refusing anything but a regular file.

    Raises
    ------
    InputError
        For a missing file, a folder, a device, a FIFO, a socket, a symlink
        loop or a file that cannot be read.

    Examples
    --------
    >>> try:
    ...     check_input("/dev/zero")
    ... except InputError as exc:
    ...     print(exc)
    /dev/zero: not a regular file (a device, FIFO or socket); allowed: a file
    """
    name = str(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise _error("file not found", name) from None
    except OSError as exc:  # ELOOP, ENAMETOOLONG, ENOTDIR, EACCES
        raise _error(f"cannot read file ({exc.strerror})", name) from None
    if stat.S_ISDIR(st.st_mode):
        raise _error("is a folder, not a file", name)
    if not stat.S_ISREG(st.st_mode):
        raise _error("not a regular file (a device, FIFO or socket)", name, "a file")
    return st


def read_input_bytes(path: str | Path, limit: int = MAX_DOC_BYTES) -> bytes:
    """Read a regular file of at most ``limit`` bytes.

    The file is opened without blocking (a FIFO swapped in after the check
    cannot hang the read) and never more than ``limit + 1`` bytes are read.

    Raises
    ------
    InputError
        See :func:`check_input`; also for a file over ``limit`` bytes.
    """
    name = str(path)
    check_input(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise _error(f"cannot read file ({exc.strerror})", name) from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _error("not a regular file (a device, FIFO or socket)", name, "a file")
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise _error(f"cannot read file ({exc.strerror})", name) from None
    if len(data) > limit:
        raise _error(f"the file is larger than {_size(limit)}", name, f"files up to {_size(limit)}")
    return data


def read_input_text(path: str | Path, limit: int = MAX_DOC_BYTES, encoding: str = "utf-8") -> str:
    """Read a UTF-8 text file of at most ``limit`` bytes (see :func:`read_input_bytes`)."""
    data = read_input_bytes(path, limit)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise _error(f"not UTF-8 text ({exc.reason} at byte {exc.start})", str(path)) from None


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:g} MiB"
