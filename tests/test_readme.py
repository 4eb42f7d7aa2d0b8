"""The README's Python examples run, and each value their comments show is what they return."""

from __future__ import annotations

import ast
import re

import pytest

from tests.paths import ROOT

README = (ROOT / "README.md").read_text()
EXAMPLES = re.findall(r"```python\n(.*?)```", README, re.S)


def test_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 2


@pytest.mark.parametrize("index", range(len(EXAMPLES)))
def test_readme_example_runs(index: int) -> None:
    exec(compile(EXAMPLES[index], "README.md", "exec"), {})


@pytest.mark.parametrize("index", range(len(EXAMPLES)))
def test_readme_comments_show_results(index: int) -> None:
    lines = EXAMPLES[index].splitlines()
    namespace: dict[str, object] = {}
    checked = 0
    for statement in ast.parse(EXAMPLES[index]).body:
        exec(compile(ast.Module([statement], []), "README.md", "exec"), namespace)
        if not isinstance(statement, ast.Expr) or statement.end_lineno != statement.lineno:
            continue
        comment = lines[statement.lineno - 1].partition("  #")[2].strip()
        try:
            expected_tree = ast.parse(comment, mode="eval")
        except SyntaxError:
            continue  # prose, not a value
        expected = eval(compile(expected_tree, "README.md", "eval"), namespace)
        actual = eval(compile(ast.Expression(statement.value), "README.md", "eval"), namespace)
        line = lines[statement.lineno - 1]
        if isinstance(expected, str) and expected.startswith("..."):
            assert expected.strip(". ") in actual, line
        else:
            assert actual == expected, line
        checked += 1
    assert checked >= 5
