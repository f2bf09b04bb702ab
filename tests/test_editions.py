"""The English and Korean editions do not drift: every cell has a twin, the code is the same apart from its strings
(and the Korean edition's language line), numbers stated in English prose appear in the Korean, and both editions
navigate the same way."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
EN = ROOT / "lessons"
KO = EN / "ko"
EN_NAMES = sorted(p.name for p in EN.glob("[0-9][0-9]_*.ipynb"))
KO_NAMES = sorted(p.name for p in KO.glob("[0-9][0-9]_*.ipynb"))
LANGUAGE_LINE = 'vz.set_language("ko")'
NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?![\w])")
LINK = re.compile(r"\]\(([^)]*)\)")


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _masked(source: str, drop_language_line: bool = False) -> str:
    """The code's AST with every string constant replaced by a placeholder (comments are already gone)."""
    lines = source.splitlines()
    if drop_language_line:
        lines = [ln for ln in lines if ln.strip() != LANGUAGE_LINE]
    tree = ast.parse("\n".join("" if ln.lstrip().startswith(("%", "!")) else ln for ln in lines))

    class Mask(ast.NodeTransformer):
        def visit_Constant(self, node: ast.Constant) -> ast.AST:
            return ast.Constant("«str»") if isinstance(node.value, str) else node

        def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
            return ast.Constant("«str»")

    return ast.dump(Mask().visit(tree), include_attributes=False)


def _pairs() -> list[str]:
    return EN_NAMES


def test_every_english_lesson_has_a_korean_twin_and_back():
    assert EN_NAMES and KO_NAMES == EN_NAMES, (
        f"missing in lessons/ko: {sorted(set(EN_NAMES) - set(KO_NAMES))}; "
        f"without an English twin: {sorted(set(KO_NAMES) - set(EN_NAMES))}")


@pytest.mark.parametrize("name", _pairs())
def test_cells_pair_up_one_to_one(name):
    en, ko = _read(EN / name), _read(KO / name)
    assert [c.cell_type for c in ko.cells] == [c.cell_type for c in en.cells], "cell types differ, or one is missing"
    for i, (a, b) in enumerate(zip(en.cells, ko.cells, strict=True)):
        assert a.get("metadata", {}).get("tags") == b.get("metadata", {}).get("tags"), f"cell {i}: tags differ"
        folding = a.get("metadata", {}).get("jupyter"), b.get("metadata", {}).get("jupyter")
        assert folding[0] == folding[1], f"cell {i}: folding differs"


@pytest.mark.parametrize("name", _pairs())
def test_code_is_the_same_apart_from_strings_and_the_language_line(name):
    en, ko = _read(EN / name), _read(KO / name)
    code_en = [c.source for c in en.cells if c.cell_type == "code"]
    code_ko = [c.source for c in ko.cells if c.cell_type == "code"]
    assert LANGUAGE_LINE in code_ko[0].splitlines(), f"the first code cell must say {LANGUAGE_LINE}"
    differ = [i for i, (a, b) in enumerate(zip(code_en, code_ko, strict=True))
              if _masked(a) != _masked(b, drop_language_line=(i == 0))]
    assert differ == [], f"code cells {differ} differ in more than their strings"


@pytest.mark.parametrize("name", _pairs())
def test_numbers_in_english_prose_appear_in_the_korean(name):
    en, ko = _read(EN / name), _read(KO / name)
    stale = []
    for i, (a, b) in enumerate(zip(en.cells, ko.cells, strict=True)):
        if a.cell_type != "markdown":
            continue
        text_en = LINK.sub("]", a.source)
        numbers = set(NUMBER.findall(text_en))
        text_ko = b.source.replace(",", "")
        missing = [n for n in numbers if n not in b.source and n.replace(",", "") not in text_ko]
        if missing:
            stale.append((i, sorted(missing)))
    assert stale == [], f"numbers of the English prose missing from the Korean (stale translation?): {stale}"


@pytest.mark.parametrize("name", _pairs())
def test_navigation_links_are_the_same(name):
    def links(path: Path) -> list[str]:
        nav = _read(path).cells[-1]
        return [link for link in LINK.findall(nav.source)]

    en_links, ko_links = links(EN / name), links(KO / name)
    assert [link.split("#")[0] for link in ko_links] == [link.split("#")[0] for link in en_links]


def test_the_start_pages_link_each_other():
    en = "\n".join(c.source for c in _read(EN / EN_NAMES[0]).cells if c.cell_type == "markdown")
    ko = "\n".join(c.source for c in _read(KO / EN_NAMES[0]).cells if c.cell_type == "markdown")
    assert f"(ko/{EN_NAMES[0]})" in en, "the English start page must link the Korean edition"
    assert f"(../{EN_NAMES[0]})" in ko, "the Korean start page must link the English edition"
