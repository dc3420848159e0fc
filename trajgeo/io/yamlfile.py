"""Read YAML and JSON files with errors that name the file, line and column."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from trajgeo.errors import EventFileError

__all__ = ["read_yaml"]


def read_yaml(path: str | Path, text: str | None = None) -> Any:
    """Parse a YAML (or, by extension ``.json``, JSON) document.

    Raises
    ------
    EventFileError
        When the file is missing, unreadable, not UTF-8 or malformed; the
        message gives the line and column of the problem.
    """
    import yaml

    path = Path(path)
    name = str(path)
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise EventFileError("file not found", source=name) from None
        except IsADirectoryError:
            raise EventFileError("is a folder, not a file", source=name) from None
        except UnicodeDecodeError as exc:
            raise EventFileError(
                f"not UTF-8 text ({exc.reason} at byte {exc.start})", source=name
            ) from None
        except OSError as exc:
            raise EventFileError(f"cannot read file ({exc.strerror})", source=name) from None
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise EventFileError(
                f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", source=name
            ) from None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise EventFileError(f"malformed YAML{at}: {exc.problem}", source=name) from None
    except yaml.YAMLError as exc:
        raise EventFileError(f"malformed YAML: {exc}", source=name) from None
