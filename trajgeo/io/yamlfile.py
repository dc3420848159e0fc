"""Read YAML and JSON files with errors that name the file, line and column.

Hostile files are refused before they cost memory or time:

- files over :data:`~trajgeo.io.reading.MAX_DOC_BYTES` and anything but a
  regular file (see :mod:`trajgeo.io.reading`);
- nesting deeper than :data:`MAX_DEPTH` levels, checked on the token stream
  before any tree is built (no ``RecursionError``);
- more than :data:`MAX_ALIASES` YAML aliases, or aliases that would expand to
  more than :data:`MAX_NODES` values (an "alias bomb"), checked on the
  composed graph where aliases are still shared, before anything expands;
- duplicate keys in a mapping (YAML or JSON), which would silently override;
- dates YAML reads by itself that do not exist (``2024-13-45``);
- ``NaN`` and ``Infinity`` in JSON, which are not JSON.

A plain YAML file (no alias, no repeated key, no deeper than the limit) is
parsed once: libyaml composes it and the checks run on that tree, which is
safe because libyaml (0.2.6 here) refuses nesting past 1,000 levels itself,
as :func:`_nesting_bounded` checks once at run time (without that, every file
is scanned first). Anything the checks would refuse, and any error, is read
again through the token-stream scan, so every message is the scan's.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from trajgeo.errors import EventFileError, InputError

__all__ = ["MAX_ALIASES", "MAX_DEPTH", "MAX_NODES", "read_yaml"]

#: Deepest nesting of lists and mappings accepted (an event file needs 5).
MAX_DEPTH = 64
#: Most YAML aliases (``*name``) accepted in one file.
MAX_ALIASES = 256
#: Most values a document may hold once its aliases are expanded.
MAX_NODES = 200_000


def read_yaml(path: str | Path, text: str | None = None) -> Any:
    r"""Parse a YAML (or, by extension ``.json``, JSON) document.

    Raises
    ------
    EventFileError
        When the file is missing, not a regular file, too large, unreadable,
        not UTF-8, malformed, too deeply nested, an alias bomb, or has a
        duplicate key or an impossible date; the message gives the line and
        column of the problem where there is one.

    Examples
    --------
    >>> read_yaml("x.yaml", "a: 1\nb: [2, 3]")
    {'a': 1, 'b': [2, 3]}
    >>> try:
    ...     read_yaml("x.yaml", "a: 1\na: 2")
    ... except EventFileError as exc:
    ...     print(exc)
    x.yaml: duplicate key 'a' at line 2, column 1
    """
    from trajgeo.io.reading import read_input_text

    path = Path(path)
    name = str(path)
    if text is None:
        try:
            text = read_input_text(path)
        except EventFileError:
            raise
        except InputError as exc:
            raise EventFileError(exc.message, source=name, allowed=exc.allowed) from None
    if path.suffix.lower() == ".json":
        return _read_json(text, name)
    return _read_yaml(text, name)


# --------------------------------------------------------------------------- JSON
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _json_depth_ok(text: str, name: str) -> None:
    depth = 0
    for m in _JSON_TOKENS.finditer(text):
        tok = m.group()
        if tok in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, m.start()) + 1
                raise EventFileError(
                    f"nested deeper than {MAX_DEPTH} levels at line {line}", source=name
                )
        elif tok in "]}":
            depth -= 1


def _read_json(text: str, name: str) -> Any:
    _json_depth_ok(text, name)

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise EventFileError(f"duplicate key {_short(key)}", source=name)
            out[key] = value
        return out

    def constant(word: str) -> Any:
        raise EventFileError(f"{word} is not a JSON number", source=name, allowed="numbers")

    try:
        return json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except json.JSONDecodeError as exc:
        raise EventFileError(
            f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", source=name
        ) from None
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise EventFileError(f"nested deeper than {MAX_DEPTH} levels", source=name) from None


def _short(value: Any, width: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= width else text[: width - 4] + "...'"


# --------------------------------------------------------------------------- YAML
@lru_cache(maxsize=1)
def _loader() -> Any:
    """Return a safe loader (libyaml when present) whose bad timestamps are YAML errors."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc, valid-type]
        pass

    def timestamp(loader: Any, node: Any) -> Any:
        try:
            return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
        except (ValueError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"{_short(node.value)} is not a real date or time ({exc})",
                node.start_mark,
            ) from None

    Loader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
    return Loader


def _at(mark: Any) -> str:
    return f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""


def _scan_events(text: str, loader: Any, name: str) -> tuple[int, EventFileError | None]:
    """Refuse deep nesting and too many aliases from the token stream (bounded memory).

    Returns the number of aliases, and the error for the first duplicate key
    of a mapping (raised by the caller once the document has been composed,
    as :func:`_check_graph` would). Keys are compared as the composed graph
    compares them: by resolved tag and text.
    """
    import yaml

    start, end = yaml.CollectionStartEvent, yaml.CollectionEndEvent
    depth = aliases = 0
    duplicate: EventFileError | None = None
    # per open collection: for a mapping, its keys so far and how many nodes it holds
    levels: list[tuple[set[tuple[str, str]], list[int]] | None] = []
    for ev in yaml.parse(text, Loader=loader):
        if isinstance(ev, end):
            depth -= 1
            levels.pop()
            continue
        level = levels[-1] if levels else None
        if level is not None and isinstance(ev, yaml.NodeEvent):
            level[1][0] += 1
            if level[1][0] % 2 == 1 and isinstance(ev, yaml.ScalarEvent) and duplicate is None:
                duplicate = _repeated_key(ev, level[0], name)
        if isinstance(ev, start):
            depth += 1
            if depth > MAX_DEPTH:
                raise EventFileError(
                    f"nested deeper than {MAX_DEPTH} levels{_at(ev.start_mark)}", source=name
                )
            levels.append((set(), [0]) if isinstance(ev, yaml.MappingStartEvent) else None)
        elif isinstance(ev, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                raise EventFileError(
                    f"more than {MAX_ALIASES} aliases (*name){_at(ev.start_mark)}",
                    source=name,
                    allowed="an event file without YAML aliases",
                )
    return aliases, duplicate


def _repeated_key(ev: Any, seen: set[tuple[str, str]], name: str) -> EventFileError | None:
    """Add a key to those of its mapping; return the error if it was there already."""
    tag = ev.tag
    if tag is None or tag == "!":
        tag = _plain_tag(ev.value) if ev.implicit[0] else "tag:yaml.org,2002:str"
    if tag == "tag:yaml.org,2002:merge":
        return None
    ident = (tag, ev.value)
    if ident in seen:
        return EventFileError(f"duplicate key {_short(ev.value)}{_at(ev.start_mark)}", source=name)
    seen.add(ident)
    return None


@lru_cache(maxsize=4096)
def _plain_tag(value: str) -> str:
    """Return the tag a plain (unquoted) scalar resolves to, as the composer resolves it."""
    import yaml

    return str(_resolver().resolve(yaml.ScalarNode, value, (True, False)))


@lru_cache(maxsize=1)
def _resolver() -> Any:
    """Return the resolver of the safe loaders (libyaml's and Python's share it)."""
    import yaml

    return yaml.resolver.Resolver()


def _check_graph(root: Any, name: str) -> None:
    """Refuse alias bombs, self-references and duplicate keys on the composed graph.

    Aliases are still shared nodes here, so the expanded size is counted
    without expanding anything.
    """
    import yaml

    size: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(root, False)]
    open_: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_.discard(key)
            total = 1 + sum(size[id(c)] for c in _children(node))
            if total > MAX_NODES:
                raise EventFileError(
                    f"aliases expand to more than {MAX_NODES:,} values{_at(node.start_mark)}",
                    source=name,
                    allowed="an event file without YAML aliases",
                )
            size[key] = total
            continue
        if key in size:
            continue
        if key in open_:
            raise EventFileError(f"an alias refers to itself{_at(node.start_mark)}", source=name)
        open_.add(key)
        if isinstance(node, yaml.MappingNode):
            _no_duplicate_keys(node, name)
        stack.append((node, True))
        stack.extend((c, False) for c in _children(node) if id(c) not in size)


def _children(node: Any) -> list[Any]:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _no_duplicate_keys(node: Any, name: str) -> None:
    import yaml

    seen: set[tuple[str, str]] = set()
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
            continue
        ident = (key.tag, key.value)
        if ident in seen:
            raise EventFileError(
                f"duplicate key {_short(key.value)}{_at(key.start_mark)}", source=name
            )
        seen.add(ident)


def _composed_once(text: str, loader: Any) -> tuple[Any, Any]:
    """Return a reader and the document's node when one parse is enough, else ``(None, None)``.

    The document is composed once, by libyaml, when libyaml itself bounds the
    nesting (:func:`_nesting_bounded`), and kept when it is a tree (no alias)
    no deeper than :data:`MAX_DEPTH` without a repeated key: what
    :func:`_scan_events` and :func:`_check_graph` would accept. Anything else,
    an error included, is read again by the scan, so that every refusal is
    the one the scan gives, found in the same order. An empty document gives
    ``(None, None)`` too.
    """
    if not _nesting_bounded():
        return None, None
    reader = loader(text)
    try:
        node = reader.get_single_node()
    except Exception:  # noqa: BLE001 - the scan reads it again and names the problem
        node = None
    if node is not None and _plain_tree(node):
        return reader, node
    reader.dispose()
    return None, None


@lru_cache(maxsize=1)
def _nesting_bounded() -> bool:
    """Whether the loader refuses deep nesting by itself (libyaml 0.2.6 does: 1,000 levels).

    Then composing any document recurses a bounded depth, and the scan on the
    token stream need not come first.
    """
    import yaml

    loader = _loader()
    if not (yaml.__with_libyaml__ and issubclass(loader, yaml.cyaml.CParser)):
        return False
    deep = 1_100
    reader = loader("[" * deep + "]" * deep)
    try:
        reader.get_single_node()
    except yaml.YAMLError:
        return True
    finally:
        reader.dispose()
    return False


def _plain_tree(root: Any) -> bool:
    """Whether a composed document is a tree no deeper than the limit, with no key repeated.

    Keys are compared by resolved tag and text, as :func:`_no_duplicate_keys`
    compares them; a node met twice is an alias.
    """
    import yaml

    seen: set[int] = set()
    stack: list[tuple[Any, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            return False
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            continue
        if depth >= MAX_DEPTH:
            return False
        if isinstance(node, yaml.MappingNode):
            keys: set[tuple[str, str]] = set()
            for key, _ in node.value:
                if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                    if (key.tag, key.value) in keys:
                        return False
                    keys.add((key.tag, key.value))
        stack.extend((c, depth + 1) for c in _children(node))
    return True


def _read_yaml(text: str, name: str) -> Any:
    import yaml

    loader = _loader()
    try:
        reader, node = _composed_once(text, loader)
        if reader is None:  # something for the checks to name: scan first, then compose
            return _read_scanned(text, loader, name)
        try:
            return reader.construct_document(node)
        finally:
            reader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise EventFileError(f"malformed YAML{_at(mark)}: {exc.problem}", source=name) from None
    except yaml.YAMLError as exc:
        raise EventFileError(f"malformed YAML: {_short(str(exc), 200)}", source=name) from None
    except (ValueError, OverflowError, TypeError, RecursionError) as exc:
        if isinstance(exc, InputError):
            raise
        raise EventFileError(f"unreadable YAML value ({type(exc).__name__})", source=name) from None


def _read_scanned(text: str, loader: Any, name: str) -> Any:
    """Parse a document after :func:`_scan_events` has refused what it refuses."""
    aliases, duplicate = _scan_events(text, loader, name)
    reader = loader(text)
    try:
        node = reader.get_single_node()
        if node is None:
            return None
        if aliases:  # shared nodes: count what they expand to, and look for loops
            _check_graph(node, name)
        elif duplicate is not None:  # a tree: the scan has compared its keys
            raise duplicate
        return reader.construct_document(node)
    finally:
        reader.dispose()
