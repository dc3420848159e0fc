"""The package stays readable at a glance: no function over 80 lines of code, no module over 600.

Lines of code are the lines that hold a Python token other than a comment:
blank lines, comment lines and docstrings do not count; a function counts
its body (nested functions included), not its signature or decorators.
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "trajgeo"
MAX_FUNCTION = 80
MAX_MODULE = 600

_NOT_CODE = {
    tokenize.COMMENT,
    tokenize.NL,
    tokenize.NEWLINE,
    tokenize.INDENT,
    tokenize.DEDENT,
    tokenize.ENCODING,
    tokenize.ENDMARKER,
}
_DEF = (ast.FunctionDef, ast.AsyncFunctionDef)


def _docstring_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, *_DEF)) and node.body:
            first = node.body[0]
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                lines.update(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    return lines


def code_lines(source: str) -> tuple[ast.Module, set[int]]:
    """Parse ``source``; return its tree and the numbers of its lines of code."""
    tree = ast.parse(source)
    lines: set[int] = set()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type not in _NOT_CODE:
            lines.update(range(tok.start[0], tok.end[0] + 1))
    return tree, lines - _docstring_lines(tree)


def function_sizes(source: str) -> list[tuple[str, int, int]]:
    """``(name, first line, lines of code of the body)`` of every function in ``source``."""
    tree, lines = code_lines(source)
    sizes = []
    for node in ast.walk(tree):
        if isinstance(node, _DEF):
            body = range(node.body[0].lineno, (node.end_lineno or node.lineno) + 1)
            sizes.append((node.name, node.lineno, sum(1 for n in body if n in lines)))
    return sizes


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_the_counter_counts_code_not_docs_comments_or_blank_lines():
    source = '''
def f(x):
    """Doc.

    More doc.
    """
    # a comment

    y = (x +
         1)
    return y
'''
    assert function_sizes(source) == [("f", 2, 3)]
    assert len(code_lines(source)[1]) == 4


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_or_function_is_too_long(path):
    source = path.read_text(encoding="utf-8")
    _, lines = code_lines(source)
    assert len(lines) <= MAX_MODULE, f"{path.name}: {len(lines)} lines of code"
    long = [(n, at, size) for n, at, size in function_sizes(source) if size > MAX_FUNCTION]
    assert not long, f"{path.name}: functions over {MAX_FUNCTION} lines of code: {long}"


def _readme_tree() -> dict[str, str]:
    """The README's architecture tree: entry (``events/``, ``wording.py``) -> its text."""
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("\ntrajgeo/\n", 1)[1].split("\n```", 1)[0]
    entries: dict[str, str] = {}
    name = ""
    for line in block.splitlines():
        if line.startswith(("├── ", "└── ")):
            name, _, text = line[4:].partition(" ")
            entries[name] = text
        else:
            entries[name] += " " + line.lstrip("│ ")
    return entries


def test_the_readme_tree_names_every_package_and_module():
    tree = _readme_tree()
    real = {p.name + "/" for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    real |= {p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py")}
    assert set(tree) == real
    for package in sorted(n for n in real if n.endswith("/") and n != "cli/"):
        modules = {p.stem for p in (PACKAGE / package).glob("*.py")} - {"__init__"}
        missing = sorted(m for m in modules if m not in tree[package])
        assert not missing, f"README architecture, {package}: {missing} not named"
