"""Every lesson follows lessons/TEMPLATE.md, and runs top to bottom (twice) without error.

Each check is its own test, parametrized by lesson, so a failure names the lesson and the rule.
Runs on whatever ``lessons/NN_*.ipynb`` exist.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
LESSONS_DIR = ROOT / "lessons"
PATHS = sorted(LESSONS_DIR.glob("[0-9][0-9]_*.ipynb"))
EN_NAMES = [p.name for p in PATHS]
KO_NAMES = [f"ko/{p.name}" for p in sorted((LESSONS_DIR / "ko").glob("[0-9][0-9]_*.ipynb"))]
NAMES = EN_NAMES + KO_NAMES
"""Every lesson of both editions, relative to lessons/ (the Korean edition is lessons/ko/, same file names)."""
LIVE_MACHINE_PREFIX = "08_"  # the one lesson whose outputs depend on the learner's machine
MAX_BYTES = 1_000_000

# Level-2 headings every lesson has, in this order (other ## sections may sit between them).
REQUIRED_HEADINGS = ["Objectives", "Explore", "Predict, then check", "Exercises", "Summary", "Quiz", "Glossary",
                     "Sources"]
FORBIDDEN_IMPORTS = ("plotly", "matplotlib", "ipywidgets")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
KO_HEADINGS = {
    "Objectives": "학습 목표", "Explore": "직접 해 보기", "Predict, then check": "예측하고 확인하기",
    "Exercises": "연습 문제", "Summary": "요약", "Quiz": "퀴즈", "Glossary": "용어 정리",
    "Sources": "참고 문헌", "Course map": "전체 과정",
}
"""The template's headings in the Korean edition."""


def _korean(name: str) -> bool:
    return name.startswith("ko/")


def _h(name: str, heading: str) -> str:
    """``heading`` as the lesson's edition writes it."""
    return KO_HEADINGS[heading] if _korean(name) else heading


def _load_nav():
    spec = importlib.util.spec_from_file_location("course_nav", ROOT / "scripts" / "nav.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


nav = _load_nav()


def _read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(LESSONS_DIR / name, as_version=4)


def _src(cell) -> str:
    return cell.source if isinstance(cell.source, str) else "".join(cell.source)


def _code_cells(nb) -> list:
    return [c for c in nb.cells if c.cell_type == "code"]


def _python(source: str) -> str:
    """Cell source with IPython magics and shell escapes blanked, so ``ast`` can parse it."""
    return "\n".join("" if ln.lstrip().startswith(("%", "!")) else ln for ln in source.splitlines())


def _sections(nb) -> dict[str, list]:
    """Cells under each level-2 heading (the heading's own cell included), keyed by heading text."""
    sections: dict[str, list] = {}
    current = None
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for ln in _src(cell).splitlines():
                if ln.startswith("## "):
                    current = ln[3:].strip()
                    sections.setdefault(current, [])
        if current is not None:
            sections[current].append(cell)
    return sections


def _headings(nb) -> list[str]:
    return [ln[3:].strip() for c in nb.cells if c.cell_type == "markdown" for ln in _src(c).splitlines()
            if ln.startswith("## ")]


def _vz_calls(tree: ast.AST, name: str) -> list[ast.Call]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
            and n.func.attr == name and isinstance(n.func.value, ast.Name) and n.func.value.id == "vz"]


def _root_name(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


lesson = pytest.mark.parametrize("name", NAMES)


def test_lessons_are_numbered_consecutively_from_00():
    assert EN_NAMES, "no lessons/NN_*.ipynb found"
    assert [n[:2] for n in EN_NAMES] == [f"{i:02d}" for i in range(len(EN_NAMES))]
    assert EN_NAMES[0] == "00_start_here.ipynb"
    bad = [n for n in EN_NAMES if not re.fullmatch(r"\d\d_[a-z0-9]+(_[a-z0-9]+)*\.ipynb", n)]
    assert bad == [], "lesson file names must be NN_snake_case.ipynb"


@lesson
def test_title_cell_has_number_title_and_promise(name):
    cell = _read(name).cells[0]
    assert cell.cell_type == "markdown", "the first cell must be the markdown title cell"
    lines = [ln.strip() for ln in _src(cell).splitlines() if ln.strip()]
    number = Path(name).name[:2]
    assert re.fullmatch(rf"# {number} · \S.*", lines[0]), f"title line must be '# {number} · Title': {lines[0]!r}"
    promise = r"\*[^*]+\*" if _korean(name) else r"\*You will [^*]+\*"
    assert len(lines) > 1 and re.fullmatch(promise, lines[1]), (
        f"second line must be the promise in italics ('*You will ...*' in English): {lines[1:2]}")


@lesson
def test_objectives_list_and_time_estimate_come_before_any_code(name):
    nb = _read(name)
    first_code = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), len(nb.cells))
    heading = _h(name, "Objectives")
    cells = [c for c in nb.cells[:first_code] if c.cell_type == "markdown" and f"## {heading}" in _src(c)]
    assert cells, f"a '## {heading}' markdown cell must come before the first code cell"
    text = _src(cells[0])
    assert re.search(r"^\s*[-*] \S", text, re.M), "Objectives need a bullet list"
    time = r"^소요 시간: 약 \d+분\s*$" if _korean(name) else r"^Time: about \d+ minutes\s*$"
    assert re.search(time, text, re.M), "Objectives need a line 'Time: about N minutes' ('소요 시간: 약 N분')"


@lesson
def test_first_code_cell_imports_vizlib_and_shows_a_vz_result(name):
    nb = _read(name)
    code = _code_cells(nb)
    assert code, "the lesson has no code cell"
    first = code[0]
    tree = ast.parse(_python(_src(first)))
    imports = [a for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert any(a.name == "vizlib" and a.asname == "vz" for a in imports), "first code cell must `import vizlib as vz`"
    last = tree.body[-1] if tree.body else None
    displayed = isinstance(last, ast.Expr) and _root_name(last.value) == "vz"
    displayed |= any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "display"
                     and any(_root_name(a) == "vz" for a in n.args) for n in ast.walk(tree))
    assert displayed, "first code cell must end with a vz.... expression (or display(vz....)) so a visual shows"
    kinds = {o.output_type for o in first.get("outputs", [])}
    assert kinds & {"display_data", "execute_result"}, f"first code cell has no stored visual output: {kinds}"


@lesson
def test_required_sections_in_template_order(name):
    headings = _headings(_read(name))
    required = [_h(name, h) for h in REQUIRED_HEADINGS]
    missing = [h for h in required if h not in headings]
    assert missing == [], f"missing '## ' sections: {missing} (has {headings})"
    repeated = [h for h in required if headings.count(h) > 1]
    assert repeated == [], f"sections that appear twice: {repeated}"
    order = [h for h in headings if h in required]
    assert order == required, f"sections out of order: {order}"


@lesson
@pytest.mark.parametrize(("section", "call"), [("Predict, then check", "predict"), ("Exercises", "problem"),
                                               ("Quiz", "quiz")])
def test_section_uses_its_vizlib_call(name, section, call):
    cells = _sections(_read(name)).get(_h(name, section))
    assert cells is not None, f"no '## {_h(name, section)}' section"
    calls = [c for cell in cells if cell.cell_type == "code" for c in _vz_calls(ast.parse(_python(_src(cell))), call)]
    assert calls, f"'## {section}' must contain a vz.{call}(...) call"
    if call == "problem":
        unseeded = [ast.unparse(c) for c in calls
                    if not any(k.arg == "seed" and isinstance(k.value, ast.Constant) for k in c.keywords)]
        assert unseeded == [], "every vz.problem(...) needs an explicit seed=<number>"


@lesson
def test_explore_gives_numbered_tasks_and_a_widget(name):
    cells = _sections(_read(name)).get(_h(name, "Explore"))
    assert cells is not None, f"no '## {_h(name, 'Explore')}' section"
    text = "\n".join(_src(c) for c in cells if c.cell_type == "markdown")
    assert re.search(r"^\s*1\. \S", text, re.M) and re.search(r"^\s*2\. \S", text, re.M), (
        "Explore needs a numbered list of concrete tasks (1., 2., ...)")
    assert any(c.cell_type == "code" and "vz." in _src(c) for c in cells), "Explore needs a vz widget or dashboard"


@lesson
def test_summary_and_sources_are_lists_and_glossary_has_korean(name):
    sections = _sections(_read(name))
    for section in ("Summary", "Sources"):
        text = "\n".join(_src(c) for c in sections.get(_h(name, section), []) if c.cell_type == "markdown")
        assert re.search(r"^\s*[-*] \S", text, re.M), f"'## {_h(name, section)}' needs a bullet list"
    glossary = "\n".join(_src(c) for c in sections.get(_h(name, "Glossary"), []))
    if "vz.glossary(" not in glossary:  # a table written in markdown must carry the Korean terms itself
        assert HANGUL.search(glossary), "the Glossary must give Korean terms (a table, or vz.glossary([...]))"


@lesson
def test_no_plotting_or_widget_imports_in_code_cells(name):
    found = []
    for i, cell in enumerate(_read(name).cells):
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(_python(_src(cell)))):
            mods = ([a.name for a in node.names] if isinstance(node, ast.Import)
                    else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"cell {i}: {m}" for m in mods if m.split(".")[0] in FORBIDDEN_IMPORTS]
    assert found == [], "lessons get plots and widgets from vizlib only"


@lesson
def test_stored_outputs_come_from_one_clean_run(name):
    code = _code_cells(_read(name))
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(code) + 1)), (
        f"execution counts {counts}: re-run with `make lessons` (a fresh kernel, top to bottom)")
    errors = [f"cell {i}: {o.get('ename')}" for i, c in enumerate(code) for o in c.outputs if o.output_type == "error"]
    assert errors == [], "stored error outputs"
    stderr = [f"cell {i}: {o.get('text', '')[:120]!r}" for i, c in enumerate(code) for o in c.outputs
              if o.output_type == "stream" and o.get("name") == "stderr"]
    assert stderr == [], "stored stderr (warnings a learner would see)"


@lesson
def test_no_widget_state_and_small_file(name):
    path = LESSONS_DIR / name
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert "widgets" not in raw.get("metadata", {}), "notebook metadata stores widget state: run `make lessons`"
    assert "application/vnd.jupyter.widget-state+json" not in path.read_text(encoding="utf-8")
    assert path.stat().st_size < MAX_BYTES, f"{path.stat().st_size} bytes; a lesson must stay under 1 MB"


@lesson
def test_navigation_cell_is_last_and_current(name):
    path = LESSONS_DIR / name
    course = nav.lessons(path.parent)
    index = [lesson.path.name for lesson in course].index(path.name)
    nb = _read(name)
    want = nav.nav_cell(course, index)
    navs = [i for i, c in enumerate(nb.cells) if nav.NAV_TAG in c.get("metadata", {}).get("tags", [])]
    assert navs == [len(nb.cells) - 1], f"one nav-tagged cell, the last; found at {navs}: run `python scripts/nav.py`"
    last = nb.cells[-1]
    assert last.cell_type == "markdown" and _src(last) == want.source, "stale navigation: run `python scripts/nav.py`"


def _links(nb) -> list[str]:
    found = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found += re.findall(r"\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)", _src(cell))
            found += re.findall(r"""(?:href|src)=["']([^"']+)["']""", _src(cell))
    return found


def _anchors(nb) -> set[str]:
    return {nav.anchor(re.sub(r"^#+\s*", "", ln)) for c in nb.cells if c.cell_type == "markdown"
            for ln in _src(c).splitlines() if re.match(r"^#{1,6}\s", ln)}


@lesson
def test_local_links_point_to_existing_files_and_headings(name):
    nb = _read(name)
    broken = []
    for link in _links(nb):
        if re.match(r"^[a-z][a-z0-9+.-]*:", link, re.I):  # http:, https:, mailto: ...
            continue
        target, _, fragment = link.partition("#")
        path = ((LESSONS_DIR / name).parent / target).resolve() if target else LESSONS_DIR / name
        if not path.exists():
            broken.append(f"{link}: no such file")
        elif fragment and path.suffix == ".ipynb" and fragment not in _anchors(nbformat.read(path, as_version=4)):
            broken.append(f"{link}: no heading with that anchor")
    assert broken == []


@pytest.mark.parametrize("names", [n for n in (EN_NAMES, KO_NAMES) if n], ids=lambda n: n[0][:3])
def test_start_here_has_a_course_map_linking_every_lesson(names):
    nb = _read(names[0])
    heading = _h(names[0], "Course map")
    assert heading in _headings(nb), f"00 needs a '## {heading}' section"
    text = "\n".join(_src(c) for c in _sections(nb)[heading] if c.cell_type == "markdown")
    missing = [n for n in names[1:] if f"({Path(n).name})" not in text]
    assert missing == [], "the course map must link every lesson (`python scripts/nav.py` writes it)"


THEORY_WORDS = 170  # "about 150": a theory cell a learner reads in one go, before the next thing to run or look at
NOT_THEORY = ("Objectives", "Explore", "Summary", "Quiz", "Glossary", "Sources", "Course map")


@lesson
def test_theory_cells_are_short(name):
    """Prose is read in short cells; task lists, reference tables and the end matter are exempt."""
    long = []
    skip = {_h(name, h) for h in NOT_THEORY}
    for section, cells in _sections(_read(name)).items():
        if section in skip:
            continue
        for cell in cells:
            text = _src(cell)
            if cell.cell_type != "markdown" or "|---" in text:
                continue
            words = len(re.sub(r"<[^>]+>|\]\([^)]*\)", " ", text).split())
            if words > THEORY_WORDS:
                long.append((section, words, text[:50]))
    assert long == [], f"split these cells (more than {THEORY_WORDS} words): {long}"


@lesson
def test_live_cells_are_stored_without_the_build_machines_output(name):
    """A cell that shows the learner's own machine is stored empty: its output would be the build machine's."""
    live = [(i, c) for i, c in enumerate(_read(name).cells) if "live" in c.get("metadata", {}).get("tags", [])]
    if Path(name).name.startswith(LIVE_MACHINE_PREFIX):
        assert len(live) >= 3, "the live-machine lesson tags the cells that read this machine with 'live'"
        for i, c in live:
            assert c.cell_type == "code" and "NBVAL_IGNORE_OUTPUT" in _src(c), f"cell {i}"
            assert c.outputs == [], f"cell {i} stores the build machine's output: run `make lessons`"
    else:
        assert live == [], "only the live-machine lesson reads the learner's machine"


@lesson
def test_nbval_markers_only_where_the_machine_matters(name):
    markers = [(i, m) for i, c in enumerate(_read(name).cells) if c.cell_type == "code"
               for m in re.findall(r"#\s*(NBVAL_\w+)", _src(c))]
    if Path(name).name.startswith(LIVE_MACHINE_PREFIX):
        assert all(m == "NBVAL_IGNORE_OUTPUT" for _, m in markers), f"only NBVAL_IGNORE_OUTPUT is allowed: {markers}"
    else:
        assert markers == [], f"NBVAL markers belong only in the live-machine lesson ({LIVE_MACHINE_PREFIX}*)"


# -- running ----------------------------------------------------------------------------------------


@lesson
def test_lesson_runs_twice_in_one_kernel(name):
    """Run all code cells, then all of them again in the same kernel (a learner's "Run all" twice)."""
    from nbclient import NotebookClient

    nb = _read(name)
    code = [nbformat.v4.new_code_cell(_src(c)) for c in _code_cells(nb)]
    twice = nbformat.v4.new_notebook(cells=code + [nbformat.v4.new_code_cell(c.source) for c in code],
                                     metadata=nb.metadata)
    NotebookClient(twice, timeout=120, kernel_name="python3", allow_errors=False, store_widget_state=False,
                   resources={"metadata": {"path": str(LESSONS_DIR)}}).execute()


def test_readme_course_map_is_current():
    """The README lists every lesson with its title and promise, as scripts/nav.py writes it."""
    assert not nav.refresh_readme(write=False), "README.md's course map is stale: run python scripts/nav.py"
    readme = (ROOT / "README.md").read_text()
    for path in PATHS:
        assert f"(lessons/{path.name})" in readme
