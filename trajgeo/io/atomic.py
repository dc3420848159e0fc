"""Safe file output: a failed write never leaves a half-written or wrong file behind.

Every file trajgeo writes goes through :func:`atomic_path`, which

- refuses a target that is one of the command's own inputs (``forbid``), a
  folder, a device, a FIFO, a socket, a read-only file, a symlink loop or a
  name longer than the file system allows, with a one-line
  :class:`~trajgeo.errors.InputError`;
- writes to a temporary file beside the target, named
  ``.trajgeo-part-<pid>-<token><suffix>``, and moves it into place only when
  the write succeeded; a later run in the same folder removes such files left
  by a process that no longer runs;
- writes a symlink's target (the link stays a link) and, for a file with
  several hard links, copies the finished bytes into the existing file so
  every link keeps seeing it;
- gives a new file the mode the umask allows and keeps an existing file's mode;
- inside :func:`output_group`, moves all the files of one command into place
  together at the end, or none of them when anything failed.

A full disk, a quota or a file-size limit becomes a one-line
:class:`~trajgeo.errors.RenderError` (exit code 1).
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import os
import secrets
import shutil
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from trajgeo.errors import InputError, RenderError

__all__ = [
    "TEMP_PREFIX",
    "atomic_path",
    "check_output",
    "discard_live_temps",
    "output_group",
    "remove_stale_temps",
    "write_bytes",
    "write_text",
]

#: Start of the name of every temporary file trajgeo writes beside a target.
TEMP_PREFIX = ".trajgeo-part-"

#: errno values that mean "the disk (or a limit) would not take the file": exit 1.
_SPACE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS}

#: Pending moves of the current :func:`output_group`, or None outside one.
_GROUP: contextvars.ContextVar[list[tuple[Path, Path]] | None] = contextvars.ContextVar(
    "trajgeo_output_group", default=None
)
#: Temporary files not yet moved into place (removed on exit and on SIGTERM).
_LIVE: set[Path] = set()


def _refuse(
    message: str,
    path: str | Path,
    allowed: str | None = None,
    field: str = "path",
    source: str | None = None,
) -> InputError:
    return InputError(message, source=source, field=field, value=str(path), allowed=allowed)


def _same_file(a: str | Path, b: str | Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def check_output(
    path: str | Path,
    forbid: Iterable[str | Path] = (),
    field: str = "path",
    source: str | None = None,
) -> Path:
    """Check that ``path`` may be written and return the file to write.

    A symlink is followed: the returned path is its target.

    Parameters
    ----------
    path
        The output the user named.
    forbid
        Inputs of the same command; writing over one of them is refused.
    field, source
        The argument named in errors: the Python argument (``path``) by default; the
        command line's option (``--alt-text``, source ``"command line"``) for the CLI.

    Raises
    ------
    InputError
        For a folder, device, FIFO, socket, read-only file, symlink loop,
        missing or read-only folder, a name too long, or one of ``forbid``.

    Examples
    --------
    >>> try:
    ...     check_output("/dev/null")
    ... except InputError as exc:
    ...     print(exc.message)
    not a regular file (a device, FIFO or socket)
    """
    path = Path(path)
    for item in forbid:
        if str(item) not in ("", "-") and _same_file(path, item):
            raise _refuse(
                "would overwrite an input of the same command",
                path,
                "a different file name",
                field,
                source,
            )
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:  # ELOOP, ENAMETOOLONG, ENOTDIR, EACCES
        raise _refuse(f"cannot use this path ({exc.strerror})", path, None, field, source) from None
    real = Path(os.path.realpath(path))
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise _refuse("is a folder", path, "a file name inside the folder", field, source)
        if not stat.S_ISREG(st.st_mode):
            raise _refuse(
                "not a regular file (a device, FIFO or socket)", path, None, field, source
            )
        if not st.st_mode & 0o222 or not os.access(real, os.W_OK):
            raise _refuse(
                "the file is read-only", path, "a writable file or a new name", field, source
            )
    folder = real.parent
    if not folder.is_dir():
        raise _refuse("the output folder does not exist", path, None, field, source)
    # (the mode too, as for a file: root may write into a folder marked read-only)
    if not folder.stat().st_mode & 0o222 or not os.access(folder, os.W_OK | os.X_OK):
        raise _refuse("the output folder is not writable", path, None, field, source)
    limit = _name_max(folder)
    if len(real.name.encode("utf-8", "surrogateescape")) > limit:
        raise _refuse("the file name is too long", path, f"at most {limit} bytes", field, source)
    return real


def _name_max(folder: Path) -> int:
    try:
        return int(os.pathconf(folder, "PC_NAME_MAX"))
    except (OSError, ValueError):
        return 255


def remove_stale_temps(folder: str | Path) -> list[Path]:
    """Remove temporary files left in ``folder`` by trajgeo runs that no longer run.

    Returns the paths removed. A file whose process still runs is kept.
    """
    removed: list[Path] = []
    try:
        names = [n for n in os.listdir(folder) if n.startswith(TEMP_PREFIX)]
    except OSError:
        return removed
    for name in names:
        pid_text = name[len(TEMP_PREFIX) :].split("-", 1)[0]
        if not pid_text.isdigit() or _alive(int(pid_text)):
            continue
        with contextlib.suppress(OSError):
            (Path(folder) / name).unlink()
            removed.append(Path(folder) / name)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _new_temp(real: Path) -> Path:
    """Create an empty temporary file beside ``real`` with the umask's mode."""
    remove_stale_temps(real.parent)
    for _ in range(10):
        tmp = real.parent / f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}{real.suffix}"
        if len(tmp.name) > _name_max(real.parent):
            tmp = tmp.with_name(tmp.name[: len(TEMP_PREFIX) + 20])
        try:
            fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
        except FileExistsError:
            continue
        except PermissionError:
            raise _refuse("the output folder is not writable", real) from None
        except OSError as exc:  # /proc, a read-only or full file system, ...
            reason = exc.strerror or type(exc).__name__
            raise _refuse(f"no file can be made in the output folder ({reason})", real) from None
        os.close(fd)
        _LIVE.add(tmp)
        return tmp
    raise _refuse("cannot create a temporary file", real)  # pragma: no cover


def _write_failed(path: Path, exc: OSError) -> RenderError:
    return RenderError(f"cannot write {path}: {exc.strerror or exc}; nothing was written")


def _commit(tmp: Path, real: Path) -> None:
    """Move ``tmp`` onto ``real``, keeping an existing file's mode and hard links."""
    try:
        st = os.stat(real)
    except FileNotFoundError:
        st = None
    try:
        if st is not None and st.st_nlink > 1:
            with open(tmp, "rb") as src, open(real, "r+b") as dst:
                dst.truncate(0)
                shutil.copyfileobj(src, dst)
            tmp.unlink()
        else:
            if st is not None:
                os.chmod(tmp, stat.S_IMODE(st.st_mode))
                with contextlib.suppress(OSError):
                    os.chown(tmp, st.st_uid, st.st_gid)
            os.replace(tmp, real)
    except OSError as exc:
        raise _write_failed(real, exc) from None
    finally:
        _LIVE.discard(tmp)


def _discard(tmp: Path) -> None:
    _LIVE.discard(tmp)
    with contextlib.suppress(OSError):
        tmp.unlink()


@contextlib.contextmanager
def atomic_path(path: str | Path, forbid: Iterable[str | Path] = ()) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it into place only on success.

    The temporary file keeps ``path``'s suffix, so libraries that pick a
    format from the extension (matplotlib, pyogrio) still do the right thing.
    Inside :func:`output_group` the move waits for the group's end.

    Parameters
    ----------
    path
        The file to write (a symlink: its target is written).
    forbid
        Inputs of the same command, never written over.

    Raises
    ------
    InputError
        When the target cannot be written (see :func:`check_output`).
    RenderError
        When the disk is full or refuses the file.
    """
    real = check_output(path, forbid)
    tmp = _new_temp(real)
    group = _GROUP.get()
    try:
        yield tmp
    except OSError as exc:
        _discard(tmp)
        if exc.errno in _SPACE_ERRORS:
            raise _write_failed(real, exc) from None
        raise
    except BaseException as exc:
        _discard(tmp)
        if type(exc).__module__ == "pyogrio.errors":  # GDAL could not write (a full disk...)
            # its message quotes the SQL it ran; the reason is what follows "failed: "
            reason = str(exc).rsplit(" failed: ", 1)[-1]
            raise RenderError(f"cannot write {real}: {reason}; nothing was written") from None
        raise
    if not tmp.exists():
        raise RenderError(f"cannot write {real}: the writer left no file; nothing was written")
    if group is None:
        _commit(tmp, real)
    else:
        group.append((tmp, real))


@contextlib.contextmanager
def output_group() -> Iterator[None]:
    """Make every file written inside land together at the end, or none of them.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> try:
    ...     with output_group():
    ...         write_text(d / "map.txt", "map")
    ...         raise ValueError("the second output failed")
    ... except ValueError:
    ...     pass
    >>> sorted(p.name for p in d.iterdir())
    []
    """
    if _GROUP.get() is not None:  # nested: the outer group commits
        yield
        return
    pending: list[tuple[Path, Path]] = []
    token = _GROUP.set(pending)
    try:
        yield
    except BaseException as exc:
        if not _keeps_outputs(exc):
            for tmp, _ in pending:
                _discard(tmp)
            raise
        _GROUP.reset(token)
        _commit_all(pending)
        raise
    finally:
        if _GROUP.get() is pending:
            _GROUP.reset(token)
    _commit_all(pending)


#: Exit codes after which what a command wrote is complete and kept: 0, and 3 (some
#: input files of a batch failed and were reported; the outputs hold all the others).
KEEP_EXIT_CODES = frozenset({0, 3})


def _keeps_outputs(exc: BaseException) -> bool:
    """Whether an exit raised inside :func:`output_group` still lands its outputs."""
    code = getattr(exc, "exit_code", getattr(exc, "code", None)) if _is_exit(exc) else None
    return code in KEEP_EXIT_CODES or (code is None and isinstance(exc, SystemExit))


def _is_exit(exc: BaseException) -> bool:
    """Return whether ``exc`` is an orderly exit (``sys.exit``, click's ``ctx.exit``)."""
    from click.exceptions import Exit

    return isinstance(exc, (SystemExit, Exit))


def _commit_all(pending: list[tuple[Path, Path]]) -> None:
    """Move every pending file into place; on a failure, discard the rest."""
    for k, (tmp, real) in enumerate(pending):
        try:
            _commit(tmp, real)
        except BaseException:
            for rest, _ in pending[k + 1 :]:
                _discard(rest)
            raise


def discard_live_temps() -> None:
    """Remove every temporary file not yet moved into place (for signal handlers)."""
    for tmp in list(_LIVE):
        _discard(tmp)


def write_bytes(path: str | Path, data: bytes, forbid: Iterable[str | Path] = ()) -> None:
    """Write ``data`` to ``path`` atomically; ``"-"`` writes to standard output."""
    if str(path) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    with atomic_path(path, forbid) as tmp:
        tmp.write_bytes(data)


def write_text(path: str | Path, text: str, forbid: Iterable[str | Path] = ()) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically; ``"-"`` writes to standard output."""
    write_bytes(path, text.encode("utf-8"), forbid)
