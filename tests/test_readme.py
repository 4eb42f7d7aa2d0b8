"""The README's Python example runs, and each value its comments show is what it returns."""

from __future__ import annotations

import ast
import re

from tests.paths import ROOT

README = (ROOT / "README.md").read_text()
EXAMPLE = re.search(r"```python\n(.*?)```", README, re.S)


def test_readme_example_runs() -> None:
    assert EXAMPLE is not None
    exec(compile(EXAMPLE.group(1), "README.md", "exec"), {})


def test_readme_comments_show_results() -> None:
    assert EXAMPLE is not None
    namespace: dict[str, object] = {}
    checked = 0
    for line in EXAMPLE.group(1).splitlines():
        code, _, comment = line.partition("  #")
        exec(code, namespace)
        comment = comment.strip()
        try:
            expected_tree = ast.parse(comment, mode="eval")
        except SyntaxError:
            continue  # prose, not a value
        if not isinstance(ast.parse(code.strip() or "None").body[0], ast.Expr):
            continue
        expected = eval(compile(expected_tree, "README.md", "eval"), namespace)
        actual = eval(code.strip(), namespace)
        if isinstance(expected, str) and expected.startswith("..."):
            assert expected.strip(". ") in actual, line
        else:
            assert actual == expected, line
        checked += 1
    assert checked >= 8
