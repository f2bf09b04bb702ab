"""Fixtures for the browser tests: one JupyterLab server and one Chromium for the whole session.

The server serves a temporary copy of ``lessons/``, so nothing a test does in the browser can write
to the repository. Screenshots go to ``artifacts/browser/`` (git-ignored).
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # works in every pytest import mode

import jlab  # noqa: E402

ROOT = jlab.ROOT
ARTIFACTS = ROOT / "artifacts" / "browser"


def _require_browser() -> None:
    reason = jlab.browser_unavailable()
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def lab_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Directory the server serves: a copy of ``lessons/`` (plus room for scratch notebooks)."""
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "lessons", root / "lessons", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (root / "scratch").mkdir()
    return root


@pytest.fixture(scope="session")
def lab(lab_root: Path) -> Iterator[jlab.JupyterLab]:
    _require_browser()
    with jlab.JupyterLab(lab_root) as server:
        yield server


@pytest.fixture(scope="session")
def playwright() -> Iterator[Any]:
    """One Playwright for the whole session: its sync API runs an event loop, and a second one started while the
    first is alive fails, so every browser of every module is launched from this one."""
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Any) -> Iterator[Any]:
    b = jlab.launch_chromium(playwright)
    yield b
    b.close()


@pytest.fixture
def notebook(lab: jlab.JupyterLab, browser: Any) -> Iterator[Callable[[str], tuple[jlab.LabNotebook, list[str]]]]:
    """Factory: ``notebook("lessons/01_x.ipynb")`` opens it in a new page (closed, kernel shut down, after
    the test) and returns the :class:`jlab.LabNotebook` and the page's uncaught JavaScript errors."""
    opened: list[jlab.LabNotebook] = []

    def factory(path: str) -> tuple[jlab.LabNotebook, list[str]]:
        page, errors = jlab.open_page(browser)
        nb = jlab.LabNotebook(page, lab, path)
        opened.append(nb)
        return nb.open(), errors

    yield factory
    for nb in opened:
        try:
            nb.shutdown()
        finally:
            nb.page.close()
