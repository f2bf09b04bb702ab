"""Write the navigation cell at the end of every lesson, and print the course map.

Usage::

    python scripts/nav.py            # refresh the navigation cells and the README's course map
    python scripts/nav.py --check    # change nothing; exit 1 if a navigation cell or the map is stale
    python scripts/nav.py --map      # print the course map (links relative to the repository root)
    python scripts/nav.py --map --prefix ""   # the same, with links relative to lessons/ (for 00)

A lesson's title and promise come from its title cell (``# NN · Title`` and ``*You will ...*`` on the
next line). The navigation cell is the lesson's last cell, a markdown cell with id ``nav`` and the tag
``nav``; it links to the previous lesson, the course map in ``00_start_here.ipynb`` and the next lesson.
Running the script twice changes nothing the second time.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

__all__ = ["COURSE_MAP_HEADING", "Lesson", "NAV_TAG", "anchor", "course_map", "lessons", "nav_cell", "nav_source",
           "refresh"]

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "lessons"
NAV_TAG = "nav"
COURSE_MAP_HEADING = "Course map"
START_HERE = "00_start_here.ipynb"


@dataclass(frozen=True)
class Edition:
    """One language edition of the course: where its lessons live and the words its navigation uses."""

    code: str
    directory: Path
    course_map: str
    previous: str
    next: str
    readme: Path


EDITIONS = {
    "en": Edition("en", LESSONS, "Course map", "← Previous", "Next", ROOT / "README.md"),
    "ko": Edition("ko", LESSONS / "ko", "전체 과정", "← 이전", "다음", ROOT / "README.ko.md"),
}
"""The editions: English in ``lessons/``, Korean in ``lessons/ko/`` (same file names)."""


def edition_of(directory: Path) -> Edition:
    """The edition whose lessons are in ``directory`` (English for any other directory)."""
    for e in EDITIONS.values():
        if directory.resolve() == e.directory.resolve():
            return e
    return EDITIONS["en"]
MARKER = "<!-- navigation: written by scripts/nav.py; edit lesson titles, then run `python scripts/nav.py` -->"

_TITLE = re.compile(r"^#\s+(?:(\d\d)\s*·\s*)?(.+?)\s*$")
_PROMISE = re.compile(r"^\*(.+)\*$")


@dataclass(frozen=True)
class Lesson:
    """What the navigation needs to know about one lesson."""

    path: Path
    number: str
    title: str
    promise: str

    @property
    def label(self) -> str:
        """``NN · Title``, the lesson's name in links."""
        return f"{self.number} · {self.title}"


def anchor(heading: str) -> str:
    """The fragment JupyterLab gives a markdown heading (spaces become ``-``).

    Examples
    --------
    >>> anchor("Course map")
    'Course-map'
    """
    return re.sub(r"\s+", "-", heading.strip())


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def read_lesson(path: Path) -> Lesson:
    """Title and promise from the first cell; the number from the file name if the title lacks it."""
    nb = nbformat.read(path, as_version=4)
    number = path.name[:2]
    title, promise = path.stem[3:].replace("_", " ").capitalize(), ""
    if nb.cells and nb.cells[0].cell_type == "markdown":
        lines = [ln.strip() for ln in _source(nb.cells[0]).splitlines() if ln.strip()]
        if lines and (m := _TITLE.match(lines[0])):
            title = m.group(2)
        if len(lines) > 1 and (m := _PROMISE.match(lines[1])):
            promise = m.group(1).strip()
    return Lesson(path, number, title, promise)


def lessons(directory: Path = LESSONS) -> list[Lesson]:
    """Every ``NN_*.ipynb`` in ``directory``, in order."""
    return [read_lesson(p) for p in sorted(directory.glob("[0-9][0-9]_*.ipynb"))]


def _has_course_map(path: Path, heading: str = COURSE_MAP_HEADING) -> bool:
    if not path.exists():
        return False
    nb = nbformat.read(path, as_version=4)
    want = f"## {heading}"
    return any(ln.strip() == want for c in nb.cells if c.cell_type == "markdown" for ln in _source(c).splitlines())


def nav_source(course: list[Lesson], index: int) -> str:
    """Markdown of the navigation cell of ``course[index]``, in the words of its edition."""
    here = course[index]
    words = edition_of(here.path.parent)
    start = here.path.parent / START_HERE
    fragment = f"#{anchor(words.course_map)}" if _has_course_map(start, words.course_map) else ""
    parts = []
    if index > 0:
        prev = course[index - 1]
        parts.append(f"{words.previous}: [{prev.label}]({prev.path.name})")
    if here.path.name == START_HERE:
        parts.append(f"[{words.course_map}]({fragment or START_HERE})")
    else:
        parts.append(f"[{words.course_map}]({START_HERE}{fragment})")
    if index + 1 < len(course):
        nxt = course[index + 1]
        parts.append(f"{words.next}: [{nxt.label}]({nxt.path.name}) →")
    return f"{MARKER}\n\n---\n\n" + " · ".join(parts)


def nav_cell(course: list[Lesson], index: int) -> nbformat.NotebookNode:
    """The navigation cell of ``course[index]`` (markdown, id ``nav``, tag ``nav``)."""
    cell = nbformat.v4.new_markdown_cell(nav_source(course, index), metadata={"tags": [NAV_TAG]})
    cell["id"] = "nav"
    return cell


def _is_nav(cell: dict) -> bool:
    return NAV_TAG in cell.get("metadata", {}).get("tags", []) or _source(cell).startswith(MARKER)


def _same(a: dict, b: dict) -> bool:
    return (a.get("cell_type") == b.get("cell_type") and _source(a) == _source(b)
            and a.get("metadata", {}).get("tags") == b.get("metadata", {}).get("tags") and a.get("id") == b.get("id"))


def refresh_start_map(directory: Path = LESSONS, *, write: bool = True) -> bool:
    """Write the course map into the start page's map cell (its bullet lines); return whether it changed."""
    words = edition_of(directory)
    start = directory / START_HERE
    if not start.exists():
        return False
    nb = nbformat.read(start, as_version=4)
    for cell in nb.cells:
        src = _source(cell)
        if cell.cell_type == "markdown" and src.lstrip().startswith(f"## {words.course_map}"):
            lines = src.splitlines()
            first = next((i for i, ln in enumerate(lines) if ln.startswith("- [")), len(lines))
            last = max((i for i, ln in enumerate(lines) if ln.startswith("- [")), default=first - 1)
            new = "\n".join(lines[:first] + course_map(directory, "").splitlines() + lines[last + 1:])
            if new == src:
                return False
            cell.source = new
            if write:
                nbformat.write(nb, start)
            return True
    return False


def refresh(directory: Path = LESSONS, *, write: bool = True) -> list[Path]:
    """Put the right navigation cell last in every lesson; return the lessons that changed (or would)."""
    course = lessons(directory)
    changed = []
    if refresh_start_map(directory, write=write):
        changed.append(directory / START_HERE)
    for i, lesson in enumerate(course):
        nb = nbformat.read(lesson.path, as_version=4)
        want = nav_cell(course, i)
        if nb.cells and _same(nb.cells[-1], want) and sum(_is_nav(c) for c in nb.cells) == 1:
            continue
        ids = {c.get("id") for c in nb.cells if not _is_nav(c)}
        if "nav" in ids:
            raise ValueError(f"{lesson.path.name}: a cell that is not the navigation cell has the id 'nav'")
        nb.cells = [c for c in nb.cells if not _is_nav(c)] + [want]
        changed.append(lesson.path)
        if write:
            nbformat.write(nb, lesson.path)
    return changed


def course_map(directory: Path = LESSONS, prefix: str = "lessons/") -> str:
    """One markdown line per lesson: link (file), title and promise.

    Examples
    --------
    >>> course_map().splitlines()[0].startswith("- [00 · ")
    True
    """
    lines = []
    for lesson in lessons(directory):
        line = f"- [{lesson.label}]({prefix}{lesson.path.name})"
        lines.append(f"{line}: {lesson.promise}" if lesson.promise else line)
    return "\n".join(lines)


README = ROOT / "README.md"
README_START = "<!-- course map: written by scripts/nav.py from the lessons' title cells -->"
README_END = "<!-- end of course map -->"


def refresh_readme(readme: Path = README, directory: Path = LESSONS, *, write: bool = True) -> bool:
    """Put the current course map between the README's markers; return whether it changed (or would)."""
    text = readme.read_text()
    if README_START not in text or README_END not in text:
        raise ValueError(f"{readme.name} has no course map markers ({README_START!r} ... {README_END!r})")
    head, rest = text.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    prefix = directory.relative_to(ROOT).as_posix() + "/"
    new = f"{head}{README_START}\n{course_map(directory, prefix)}\n{README_END}{tail}"
    if new != text and write:
        readme.write_text(new)
    return new != text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a navigation cell is stale")
    parser.add_argument("--map", action="store_true", help="print the course map instead")
    parser.add_argument("--prefix", default="lessons/", help="path prefix of the map's links (default: lessons/)")
    parser.add_argument("--lessons", type=Path, default=LESSONS, help="lessons directory (default: lessons/)")
    args = parser.parse_args(argv)
    if args.map:
        print(course_map(args.lessons, args.prefix))
        return 0
    changed = []
    editions = [e for e in EDITIONS.values() if e.directory.exists()] if args.lessons == LESSONS \
        else [edition_of(args.lessons)]
    for e in editions:
        directory = e.directory if args.lessons == LESSONS else args.lessons
        for p in refresh(directory, write=not args.check):
            changed.append(p)
            print(f"{p.relative_to(ROOT) if p.is_relative_to(ROOT) else p}: navigation or map "
                  f"{'is stale' if args.check else 'written'}")
        if args.lessons == LESSONS and e.readme.exists() and refresh_readme(e.readme, e.directory,
                                                                              write=not args.check):
            changed.append(e.readme)
            print(f"{e.readme.name}: course map {'is stale' if args.check else 'written'}")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
