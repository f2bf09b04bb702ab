"""The course in the browser, nothing installed: the JupyterLite site of ``make lite``, driven in Chromium offline.

The site is served on 127.0.0.1 and Chromium may reach nothing else: every other address goes to a proxy that
refuses and records it (:class:`jlite.Outside`), and each page aborts such requests too. Lesson 00 runs in each
edition (run all, play the animation, drag the VM slider and see the figure redrawn with the title Python computes);
lessons 03 and 07 run in each edition too. Screenshots: ``artifacts/lite/``.

The site must be built first (``make lite``; ``make test`` does it): without it these tests fail, they do not skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jlab
import jlite
import pytest

pytestmark = pytest.mark.browser

ARTIFACTS = jlab.ROOT / "artifacts" / "lite"
EDITIONS = {"en": "lessons", "ko": "lessons/ko"}
OPEN_TIMEOUT = 240.0
RUN_TIMEOUT = 600.0


@pytest.fixture(scope="module")
def site() -> Iterator[Any]:
    reason = jlab.browser_unavailable()
    if reason:
        pytest.skip(reason)
    missing = jlite.site_missing()
    if missing:
        pytest.fail(missing, pytrace=False)
    with jlite.serve() as server:
        yield server


@pytest.fixture(scope="module")
def outside() -> Iterator[jlite.Outside]:
    with jlite.Outside() as proxy:
        yield proxy


@pytest.fixture(scope="module")
def browser(site, outside: jlite.Outside, playwright: Any) -> Iterator[Any]:
    b = jlite.launch(playwright, outside)
    yield b
    b.close()


@pytest.fixture(scope="module")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def offline(outside: jlite.Outside) -> Iterator[list[str]]:
    """The outside requests one test's pages tried (checked after the test, with the proxy's record)."""
    tried: list[str] = []
    before = len(outside.attempts)
    yield tried
    assert tried == [], f"pages asked for addresses outside 127.0.0.1: {tried}"
    assert outside.from_the_site(before) == [], f"something tried to reach outside 127.0.0.1: {outside.attempts}"


@pytest.fixture
def opened(site, browser, offline: list[str]) -> Iterator[Any]:
    """Factory: ``opened("lessons/00_start_here.ipynb")`` opens a lesson in a fresh page (its own browser context,
    so nothing carries over) and waits for an idle kernel; returns the notebook and the page's JavaScript errors."""
    pages: list[Any] = []

    def factory(path: str) -> tuple[jlab.LabNotebook, list[str]]:
        page, errors = jlab.open_page(browser)
        pages.append(page)
        jlite.guard(page, offline)
        return jlab.LabNotebook(page, site, path).open(timeout=OPEN_TIMEOUT), errors

    yield factory
    for page in pages:
        page.close()


def _check_clean_run(nb: jlab.LabNotebook, page_errors: list[str]) -> None:
    """What every lesson must satisfy after "Run all", in the browser as in JupyterLab."""
    assert nb.error_outputs() == [], "cells raised errors"
    assert nb.widget_errors() == [], "widgets failed to display"
    assert list(page_errors) == [], "uncaught JavaScript errors in the page"
    assert nb.stderr_outputs() == [], "cells wrote to stderr (warnings a learner would see)"
    sizes = nb.plot_sizes()
    assert len(sizes) == jlite.expected_figure_count(nb), f"figures in the outputs and figures drawn differ: {sizes}"
    assert all(s["width"] > 0 and s["height"] > 0 for s in sizes), f"figures drawn without size: {sizes}"
    assert nb.missing_glyphs() == [], "figures draw characters no installed font has"


def _drag_slider(nb: jlab.LabNotebook, label: str, control: Any) -> int:
    """Drag the slider's handle one step to the right with the mouse, as a learner does; return the value it shows.

    (JupyterLite's JupyterLab 4.4 gives the keyboard focus back to the notebook on a key press, so arrow keys on a
    slider do nothing there; the mouse works.)"""
    slider = nb.widget_slider(label)
    handle = slider.locator(".noUi-handle").first
    handle.scroll_into_view_if_needed()
    track, box = slider.locator(".noUi-target").first.bounding_box(), handle.bounding_box()
    step_px = track["width"] * control.step / (control.max - control.min)
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    nb.page.mouse.move(x, y)
    nb.page.mouse.down()
    nb.page.mouse.move(x + step_px, y, steps=5)
    nb.page.mouse.up()
    readout = slider.locator(".widget-readout")
    nb.page.wait_for_function("([el, old]) => el.textContent.trim() !== old",
                              arg=[readout.element_handle(), str(control.value)], timeout=10_000)
    return type(control.value)(readout.text_content().strip())


def _shot(nb: jlab.LabNotebook, artifacts: Path, edition: str, lesson: str) -> None:
    nb.full_screenshot(artifacts / f"{edition}_{lesson.removesuffix('.ipynb')}.png")


_ASK_OUTSIDE = """async () => {
    try { await fetch('http://page.outside.test/x'); } catch (e) {}
    const code = "fetch('http://worker.outside.test/y').catch(() => {}).finally(() => postMessage(1));";
    const w = new Worker(URL.createObjectURL(new Blob([code], {type: 'text/javascript'})));
    await new Promise((resolve) => { w.onmessage = resolve; setTimeout(resolve, 10000); });
    w.terminate();
}"""


@pytest.mark.parametrize("guarded", [True, False], ids=["page-record", "proxy"])
def test_outside_requests_of_a_page_and_a_worker_are_caught(guarded: bool, site, browser, outside: jlite.Outside):
    """The harness on known answers: a page's fetch and a web worker's fetch of an outside address (the kernel runs
    in a worker, so this is where it would show) are aborted and recorded by the page's guard, and, without the
    guard, refused and recorded by the proxy; Chromium's own service calls are told apart from the site's."""
    page, _ = jlab.open_page(browser)
    tried: list[str] = []
    if guarded:
        jlite.guard(page, tried)
    before = len(outside.attempts)
    try:
        page.goto(site.url + "lab/index.html", wait_until="domcontentloaded")
        page.evaluate(_ASK_OUTSIDE)
        seen = " ".join(tried if guarded else outside.from_the_site(before))
        assert "page.outside.test" in seen and "worker.outside.test" in seen, (tried, outside.attempts)
        if guarded:
            assert outside.from_the_site(before) == [], "the guard let a request through to the network"
    finally:
        page.close()
        del outside.attempts[before:]
    assert jlite.Outside.host("CONNECT update.googleapis.com:443") in jlite.CHROMIUM_SERVICES
    assert jlite.Outside.host("GET http://page.outside.test/x") == "page.outside.test"


@pytest.mark.parametrize("edition", EDITIONS)
def test_start_here_runs_plays_and_redraws_in_the_browser(edition: str, opened, artifacts: Path):
    """Lesson 00 in JupyterLite: the run is clean, Play reaches the animation's last frame, and dragging the
    dashboard's VM slider redraws the hardware figure with the title the same dashboard computes in Python."""
    import vizlib as vz
    from vizlib.text.catalog import language

    nb, errors = opened(f"{EDITIONS[edition]}/00_start_here.ipynb")
    nb.run_all(timeout=RUN_TIMEOUT)
    _check_clean_run(nb, errors)
    _shot(nb, artifacts, edition, "00_start_here")

    animated = [p for p in nb.plot_info() if p["frames"] > 1 and True in p["play"]]
    assert animated, f"no figure with frames and a play button: {nb.plot_info()}"
    index = animated[0]["index"]
    before = nb.svg_fingerprint(index)
    nb.click_play(index)
    nb.wait_animation_end(index)
    assert nb.svg_fingerprint(index) != before, "Play ran but the drawing did not change"
    nb.plots().nth(index).screenshot(path=str(artifacts / f"{edition}_00_animation_last_frame.png"))

    with language(edition):
        d = vz.allocation_dashboard()
        control = d.controls["vm_count"]
        shown, label = d.figures["hardware"].layout.title.text, control.description
    index = nb.wait_for_title(shown)
    before = nb.svg_fingerprint(index)
    moved_to = _drag_slider(nb, label, control)
    assert moved_to != control.value, f"dragging the {label!r} slider did not move it"
    with language(edition):
        control.value = moved_to
        expected = d.figures["hardware"].layout.title.text
    assert nb.wait_for_title(expected, timeout=60) == index
    assert nb.svg_fingerprint(index) != before
    nb.plots().nth(index).screenshot(path=str(artifacts / f"{edition}_00_slider_moved.png"))
    assert list(errors) == []


@pytest.mark.parametrize("lesson", ["03_allocating_vms.ipynb", "07_vms_vs_containers.ipynb"])
@pytest.mark.parametrize("edition", EDITIONS)
def test_lesson_runs_cleanly_in_the_browser(edition: str, lesson: str, opened, artifacts: Path):
    nb, errors = opened(f"{EDITIONS[edition]}/{lesson}")
    nb.run_all(timeout=RUN_TIMEOUT)
    _check_clean_run(nb, errors)
    _shot(nb, artifacts, edition, lesson)


def test_the_site_is_self_contained():
    """What the build promises, read from the built files: no fallback to PyPI, Pyodide from the site itself,
    the course preloaded, and both editions of every lesson."""
    import json

    missing = jlite.site_missing()
    if missing:
        pytest.fail(missing, pytrace=False)
    config = json.loads((jlite.SITE / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["disablePyPIFallback"] is True and kernel["pyodideUrl"] == "./static/pyodide/pyodide.js"
    assert "virtualization-containers-course" in kernel["loadPyodideOptions"]["packages"]
    lock = json.loads((jlite.SITE / "static/pyodide/pyodide-lock.json").read_text())
    assert {"numpy", "plotly", "networkx", "ipywidgets", "anywidget", "virtualization-containers-course"} \
        <= set(lock["packages"])
    for edition in EDITIONS.values():
        here = sorted(p.name for p in (jlab.ROOT / edition).glob("[0-9][0-9]_*.ipynb"))
        built = sorted(p.name for p in (jlite.SITE / "files" / edition).glob("[0-9][0-9]_*.ipynb"))
        assert built == here and here, f"{edition}: the site has {built}, the repository {here}"
