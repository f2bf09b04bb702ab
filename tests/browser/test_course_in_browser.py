"""The course as a learner meets it: JupyterLab in headless Chromium, "Run all", then look and click.

One JupyterLab server and one Chromium serve the whole session (``conftest.py``); the start-here
lesson is opened and run once and shared by its tests. Screenshots: ``artifacts/browser/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jlab
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

pytestmark = pytest.mark.browser

START_HERE = "lessons/00_start_here.ipynb"
LESSONS = sorted(p.name for p in (jlab.ROOT / "lessons").glob("[0-9][0-9]_*.ipynb")) + sorted(
    f"ko/{p.name}" for p in (jlab.ROOT / "lessons" / "ko").glob("[0-9][0-9]_*.ipynb"))
"""Both editions: ``01_x.ipynb`` and ``ko/01_x.ipynb``."""
LOCALE_PLUGIN = "@jupyterlab/translation-extension:plugin"


def _check_clean_run(nb: jlab.LabNotebook, page_errors: list[str]) -> None:
    """What every lesson must satisfy after "Run all"."""
    assert nb.error_outputs() == [], "cells raised errors"
    assert nb.widget_errors() == [], "widgets failed to display"
    assert list(page_errors) == [], "uncaught JavaScript errors in the page"
    assert nb.stderr_outputs() == [], "cells wrote to stderr (warnings a learner would see)"
    expected = nb.expected_figure_count()
    sizes = nb.plot_sizes()
    assert len(sizes) == expected, f"{expected} plotly figures in the outputs, {len(sizes)} drawn: {sizes}"
    flat = [s for s in sizes if not (s["width"] > 0 and s["height"] > 0)]
    assert flat == [], "figures drawn without size"
    overlapping = [(s["index"], s["title"]) for s in sizes if s["title_overlaps_subtitle"]]
    assert overlapping == [], "figure titles drawn on top of their subtitles"


@pytest.fixture(scope="module")
def start_here(lab: jlab.JupyterLab, browser: Any, artifacts: Path) -> Iterator[tuple[jlab.LabNotebook, list[str]]]:
    """lessons/00_start_here.ipynb, opened and run once for this module's tests."""
    page, errors = jlab.open_page(browser)
    nb = jlab.LabNotebook(page, lab, START_HERE).open()
    nb.run_all()
    nb.full_screenshot(artifacts / "00_start_here_full.png")
    yield nb, errors
    try:
        nb.shutdown()
    finally:
        page.close()


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_runs_cleanly_in_jupyterlab(lesson: str, request: pytest.FixtureRequest, notebook, artifacts: Path):
    path = f"lessons/{lesson}"
    if path == START_HERE:
        nb, errors = request.getfixturevalue("start_here")
    else:
        nb, errors = notebook(path)
        nb.run_all()
        nb.full_screenshot(artifacts / f"{lesson.replace('/', '_').removesuffix('.ipynb')}_full.png")
    _check_clean_run(nb, errors)
    assert nb.missing_glyphs() == [], "figures draw characters no installed font has (boxes instead of letters)"
    if lesson.startswith("ko/"):  # a learner's first moves, in Korean: a slider, then a quiz
        stem = lesson.replace("/", "_").removesuffix(".ipynb")
        moved = nb.nudge_first_slider()
        if moved is not None:
            nb.plots().nth(moved).screenshot(path=str(artifacts / f"{stem}_slider_moved.png"))
        feedback = nb.answer_first_quiz("확인")
        assert feedback == "" or re.search("[가-힣]", feedback), f"quiz feedback is not Korean: {feedback[:200]!r}"
        if feedback:
            nb.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .vz-quiz").first.screenshot(
                path=str(artifacts / f"{stem}_quiz_answered.png"))


def test_start_here_draws_its_figures(start_here, artifacts: Path):
    nb, _ = start_here
    sizes = nb.plot_sizes()
    assert len(sizes) >= 1, "the start-here lesson shows no figure"
    for s in sizes:
        nb.plots().nth(s["index"]).screenshot(path=str(artifacts / f"00_figure_{s['index']}.png"))
        assert s["width"] >= 300 and s["height"] >= 200, f"figure too small to read: {s}"
        assert s["title"], f"figure without a title: {s}"


def test_start_here_play_runs_the_split_animation_to_its_last_frame(start_here, artifacts: Path):
    nb, _ = start_here
    animated = [p for p in nb.plot_info() if p["frames"] > 1 and True in p["play"]]
    assert animated, f"no figure with frames and a play button: {nb.plot_info()}"
    fig = animated[0]
    assert all(s["active"] < s["steps"] - 1 for s in fig["sliders"]), f"animation does not start at the start: {fig}"
    before = nb.svg_fingerprint(fig["index"])
    nb.click_play(fig["index"])
    end = nb.wait_animation_end(fig["index"])
    assert nb.svg_fingerprint(fig["index"]) != before, "Play ran but the drawing did not change"
    assert end["compared"] > 0 or end["sliders"], f"nothing checked the last frame: {end}"
    nb.plots().nth(fig["index"]).screenshot(path=str(artifacts / "00_animation_last_frame.png"))


def _allocation_dashboard_in_python():
    import vizlib as vz

    if not hasattr(vz, "allocation_dashboard"):
        pytest.fail("vizlib.allocation_dashboard does not exist (yet): the expected title comes from it")
    return vz.allocation_dashboard()


def test_start_here_vm_slider_by_keyboard_shows_the_models_title(start_here, artifacts: Path):
    nb, _ = start_here
    d = _allocation_dashboard_in_python()
    control = d.controls["vm_count"]
    shown = d.figures["hardware"].layout.title.text
    try:
        nb.wait_for_title(shown, timeout=10)
        found = True
    except Exception:  # playwright's TimeoutError
        found = False
    if not found:
        pytest.fail(f"no figure in the lesson shows the default dashboard's title {shown!r}; titles: {nb.titles()}")
    assert control.value + control.step <= control.max, f"VM slider starts at its maximum: {control}"
    control.value = control.value + control.step
    expected = d.figures["hardware"].layout.title.text
    assert expected != shown, "one more VM should change the hardware title"

    nb.press_on_slider(control.description, "ArrowRight")
    index = nb.wait_for_title(expected)
    readout = nb.widget_slider(control.description).locator(".widget-readout").text_content().strip()
    assert readout == str(control.value)
    nb.plots().nth(index).screenshot(path=str(artifacts / "00_hardware_after_arrow_right.png"))


# -- the harness itself: a scratch notebook with known answers -------------------------------------

_SCRATCH = [
    new_markdown_cell("# Harness check"),
    new_code_cell(
        "import ipywidgets as w\nimport plotly.graph_objects as go\n"
        "fig = go.FigureWidget(go.Bar(x=['a'], y=[3]), layout_title_text='value = 3')\n"
        "s = w.IntSlider(value=3, min=0, max=10, description='VMs')\n"
        "def on(change):\n    with fig.batch_update():\n        fig.data[0].y = [change['new']]\n"
        "        fig.layout.title.text = f\"value = {change['new']}\"\n"
        "s.observe(on, 'value')\nw.VBox([s, w.HBox([fig])])"
    ),
    new_code_cell(
        "frames = [go.Frame(data=[go.Bar(x=['a'], y=[i])], name=str(i)) for i in range(4)]\n"
        "go.Figure(go.Bar(x=['a'], y=[0]), frames=frames, layout=dict(title='anim', yaxis_range=[0, 4],\n"
        "  updatemenus=[dict(type='buttons', buttons=[dict(label='Go', method='animate',\n"
        "    args=[None, dict(frame=dict(duration=100, redraw=True), fromcurrent=True)])])],\n"
        "  sliders=[dict(steps=[dict(label=str(i), method='animate', args=[[str(i)]]) for i in range(4)])]))"
    ),
    new_code_cell("raise ValueError('harness check')"),
    new_code_cell("never = 'run'"),
]


def test_harness_measures_what_it_claims(lab: jlab.JupyterLab, lab_root: Path, notebook):
    nbformat.write(new_notebook(cells=_SCRATCH, metadata={"kernelspec": {"name": "python3", "language": "python",
                                                                          "display_name": "Python 3"}}),
                   lab_root / "scratch" / "harness.ipynb")
    nb, errors = notebook("scratch/harness.ipynb")
    nb.run_all()
    assert nb.error_outputs() == ["cell 3: ValueError: harness check"]  # and the run stopped there
    assert nb.expected_figure_count() == 2 and nb.plots().count() == 2
    assert nb.wait_for_title("value = 3") == 0
    nb.press_on_slider("VMs", "ArrowRight")
    assert nb.wait_for_title("value = 4") == 0
    assert nb.kernel_value("s.value") == "4"
    info = nb.plot_info()[1]
    assert info["frames"] == 4 and info["play"] == [True] and info["sliders"] == [{"active": 0, "steps": 4}]
    nb.click_play(1)
    end = nb.wait_animation_end(1)
    assert end["sliders"] == [[3, 4]] and end["compared"] == 2 and end["mismatched"] == []
    assert list(errors) == []


def test_harness_sees_widgets_that_fail_to_display(lab: jlab.JupyterLab, lab_root: Path, notebook):
    """A widget whose JavaScript model cannot load must be reported, as a learner would see it."""
    cell = new_code_cell(
        "import ipywidgets as w\nfrom traitlets import Unicode\n"
        "class Broken(w.DOMWidget):\n"
        "    _model_name = Unicode('BrokenModel').tag(sync=True)\n"
        "    _model_module = Unicode('no-such-module').tag(sync=True)\n"
        "    _model_module_version = Unicode('1.0.0').tag(sync=True)\n"
        "    _view_name = Unicode('BrokenView').tag(sync=True)\n"
        "    _view_module = Unicode('no-such-module').tag(sync=True)\n"
        "    _view_module_version = Unicode('1.0.0').tag(sync=True)\n"
        "Broken()"
    )
    nbformat.write(new_notebook(cells=[cell], metadata={"kernelspec": {"name": "python3", "language": "python",
                                                                        "display_name": "Python 3"}}),
                   lab_root / "scratch" / "broken_widget.ipynb")
    nb, _ = notebook("scratch/broken_widget.ipynb")
    nb.run_all()
    assert nb.error_outputs() == []
    found = nb.widget_errors()
    assert len(found) == 1, found


# -- lesson 04: every control of the migration dashboard, moved as a learner moves it -------------

def test_every_migration_control_redraws_the_models_figure(notebook, artifacts: Path):
    """Press keys on each slider (and click the cap) in JupyterLab; after each, the figure shows the title the same
    dashboard computes in Python for the same settings. Screenshots: ``04_migration_*.png``."""
    import vizlib as vz

    nb, errors = notebook("lessons/04_whole_machines.ipynb")
    nb.run_all()
    d = vz.migration_dashboard()
    title = d.figures["migration"].layout.title.text
    nb.wait_for_title(title)
    moves = [("dirty_mib_s", "ArrowRight", 3), ("memory_gib", "ArrowRight", 2), ("bandwidth_gbit_s", "ArrowLeft", 1),
             ("stop_mib", "ArrowRight", 4), ("dirty_mib_s", "End", 1)]
    for key, press, times in moves:
        control = d.controls[key]
        for _ in range(times):
            nb.press_on_slider(control.description, press)
            control.value = control.max if press == "End" else control.value + control.step * (
                1 if press == "ArrowRight" else -1)
        expected = d.figures["migration"].layout.title.text
        index = nb.wait_for_title(expected)
        nb.plots().nth(index).screenshot(path=str(artifacts / f"04_migration_{key}_{press}.png"))
    cap = d.controls["capped"]
    nb.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .widget-checkbox").filter(
        has_text=cap.description).locator("input").first.click()
    cap.value = False
    expected = d.figures["migration"].layout.title.text
    assert "does not converge" in expected, expected
    index = nb.wait_for_title(expected)
    nb.plots().nth(index).screenshot(path=str(artifacts / "04_migration_uncapped.png"))
    summary = nb.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .vizlib-dashboard").filter(
        has_text="Live migration by pre-copy").first
    summary.screenshot(path=str(artifacts / "04_migration_dashboard_uncapped.png"))
    assert "Not possible without a cap" in summary.text_content()
    assert list(errors) == [] and nb.error_outputs() == []


# -- the Korean edition in JupyterLab's Korean interface -------------------------------------------

def test_the_glyph_check_sees_a_box_where_no_font_has_the_character(lab: jlab.JupyterLab, lab_root: Path, notebook):
    """The harness's tofu detector on known answers: Hangul is drawn, an unassigned code point is a box."""
    nbformat.write(new_notebook(cells=[new_code_cell(
        "import plotly.graph_objects as go\n"
        "go.Figure(go.Bar(x=['\\u0378 missing', '가상화 drawn'], y=[1, 2]), layout_title_text='glyphs')")],
        metadata={"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}}),
        lab_root / "scratch" / "glyphs.ipynb")
    nb, _ = notebook("scratch/glyphs.ipynb")
    nb.run_all()
    chars = {g["char"] for g in nb.missing_glyphs()}
    assert "\u0378" in chars, "an unassigned code point should be reported as a box"
    assert not chars & set("가상화"), f"Hangul reported missing: {chars} (is a Korean font installed?)"


@pytest.fixture
def korean_interface(lab: jlab.JupyterLab) -> Iterator[None]:
    """JupyterLab's interface in Korean (the course's pinned language pack) for one test, English after."""
    lab.put_setting(LOCALE_PLUGIN, {"locale": "ko_KR"})
    try:
        yield
    finally:
        lab.put_setting(LOCALE_PLUGIN, {"locale": "default"})


def test_a_korean_lesson_in_the_korean_interface(korean_interface, notebook, artifacts: Path):
    """The Korean start page in JupyterLab's Korean interface: menus in Korean, figures drawn with Hangul, a slider
    moved by keyboard redraws the figure with the title Python computes in Korean, and a quiz answered gives its
    feedback in Korean. Screenshots: ``ko_ui_*.png``."""
    import vizlib as vz
    from vizlib.text.catalog import language

    nb, errors = notebook("lessons/ko/00_start_here.ipynb")
    labels = nb.menu_labels()
    assert {"파일", "편집", "실행", "커널", "설정"} <= set(labels), f"the menus are not Korean: {labels}"
    nb.run_all()
    _check_clean_run(nb, errors)
    assert nb.missing_glyphs() == []
    nb.full_screenshot(artifacts / "ko_ui_00_full.png")

    with language("ko"):
        d = vz.allocation_dashboard()
        control = d.controls["vm_count"]
        nb.wait_for_title(d.figures["hardware"].layout.title.text)
        control.value += control.step
        expected, label = d.figures["hardware"].layout.title.text, control.description
    nb.press_on_slider(label, "ArrowRight")
    index = nb.wait_for_title(expected)
    nb.plots().nth(index).screenshot(path=str(artifacts / "ko_ui_00_slider_moved.png"))

    quiz = nb.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .vz-quiz").first
    quiz.scroll_into_view_if_needed()
    quiz.locator(".widget-radio-box label").nth(1).click()
    quiz.locator("button").filter(has_text="확인").first.click()
    nb.page.wait_for_timeout(500)
    quiz.screenshot(path=str(artifacts / "ko_ui_00_quiz_answered.png"))
    text = quiz.text_content()
    assert "정답" in text, f"no Korean feedback after answering: {text[:300]!r}"
