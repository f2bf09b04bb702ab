"""doctor(): environment checks that never raise, with fixed and machine-specific parts kept apart."""

from importlib import metadata

from vizlib.text.catalog import set_language
from vizlib.tools.environment import REQUIREMENTS, DoctorReport, doctor

GOOD = {"ipywidgets": "8.1.9", "jupyterlab_widgets": "3.0.17", "anywidget": "0.11.0", "plotly": "7.1.0",
        "networkx": "3.6.1", "numpy": "2.4.6", "jupyterlab": "4.6.6"}
EXT_OK = {"@jupyter-widgets/jupyterlab-manager": True, "anywidget": True}


def run(versions=None, environ=None, shell="ZMQInteractiveShell", ext=None, py=(3, 11, 7)):
    return doctor(versions=GOOD if versions is None else versions, environ=environ or {}, shell=shell,
                  labextensions=EXT_OK if ext is None else ext, python_version=py)


def test_all_good():
    r = run()
    assert isinstance(r, DoctorReport) and r.ok and r.fixes() == []
    assert r.verdict().startswith("All set")
    names = [c.name for c in r.checks]
    assert names[0] == "Python" and names[1:1 + len(REQUIREMENTS)] == [q.name for q in REQUIREMENTS]
    assert "ipywidgets and jupyterlab_widgets" in names
    assert "JupyterLab extension @jupyter-widgets/jupyterlab-manager" in names
    assert "How to fix" not in str(r)


def test_fixed_part_is_the_same_everywhere_and_comes_first():
    a = run()
    b = run(versions={}, environ={"VSCODE_PID": "1"}, shell=None, py=(3, 9, 0))
    assert a.requirements_text() == b.requirements_text() == DoctorReport.requirements_text()
    for r in (a, b):
        text = str(r)
        assert text.index("What the course needs (same everywhere)") < text.index("What this machine has")
        assert r.requirements_text() in text and r.machine_text() in text
    assert a.machine_text() != b.machine_text()
    assert "ipywidgets >=8.1" in a.requirements_text() and "jupyterlab_widgets >=3.0,<4" in a.requirements_text()


def test_missing_anywidget_says_how_to_fix():
    r = run(versions={**GOOD, "anywidget": None})
    assert not r.ok and r.verdict() == "Needs attention: anywidget."
    fixes = r.fixes()
    assert "make lab" in fixes[0] and "pip install -r binder/requirements.txt" in fixes[1]
    assert "pip install 'anywidget>=0.9'" in fixes and "restart the kernel" in fixes[-1]
    html = r._repr_html_()
    assert "How to fix" in html and "not installed" in html


def test_versions_that_do_not_pair_are_caught():
    r = run(versions={**GOOD, "ipywidgets": "7.8.1", "jupyterlab_widgets": "3.0.9"})
    status = {c.name: c.status for c in r.checks}
    assert status["ipywidgets"] == "too old" and status["ipywidgets and jupyterlab_widgets"] == "mismatch"
    r = run(versions={**GOOD, "jupyterlab_widgets": "4.0.0rc1"})
    assert {c.name: c.status for c in r.checks}["jupyterlab_widgets"] == "too new" and not r.ok
    r = run(versions={**GOOD, "plotly": "banana"})
    assert {c.name: c.status for c in r.checks}["plotly"] == "unknown" and not r.ok


def test_missing_lab_extension_and_optional_jupyterlab():
    r = run(ext={"@jupyter-widgets/jupyterlab-manager": False, "anywidget": True})
    bad = [c for c in r.checks if not c.ok]
    assert [c.name for c in bad] == ["JupyterLab extension @jupyter-widgets/jupyterlab-manager"]
    assert "jupyterlab_widgets" in bad[0].fix and not r.ok
    r = run(versions={**GOOD, "jupyterlab": None})
    assert r.ok and r.fixes() == ["optional: pip install 'jupyterlab>=4.2'"]
    assert not any(c.name.startswith("JupyterLab extension") for c in r.checks)


def test_old_python():
    r = run(py=(3, 10, 4))
    assert not r.ok and r.checks[0].status == "too old" and "3.11" in r.checks[0].fix


def test_front_ends():
    assert run(shell=None).frontend == "plain Python"
    assert "vz.check" in run(shell=None).frontend_note
    assert run(shell="TerminalInteractiveShell").frontend == "IPython in a terminal"
    assert run(environ={"VSCODE_PID": "123"}).frontend == "VS Code"
    assert run(environ={"BINDER_LAUNCH_HOST": "https://x"}).frontend == "JupyterLab or Jupyter Notebook on Binder"
    assert run(environ={"JUPYTERHUB_API_URL": "http://hub"}).frontend.endswith("on a JupyterHub")
    assert run(environ={"COLAB_RELEASE_TAG": "1"}).frontend == "Google Colab"
    assert run().frontend == "JupyterLab or Jupyter Notebook"


def test_never_raises():
    class Exploding(dict):
        def get(self, *a, **k):
            raise RuntimeError("boom")

    r = doctor(versions=Exploding(), environ={}, shell=None, labextensions={}, python_version=(3, 11))
    assert isinstance(r, DoctorReport) and not r.ok and r.verdict().startswith("The environment could not be checked")
    assert any("boom" in p for p in r.problems) and "boom" in str(r)
    assert r._repr_html_()


def test_this_environment():
    r = doctor()
    found = {c.name: c.found for c in r.checks}
    assert found["ipywidgets"] == metadata.version("ipywidgets")
    assert found["plotly"] == metadata.version("plotly")
    assert r.frontend == "plain Python"  # pytest is not a Jupyter kernel
    assert "<table>" in r._repr_html_()


# -- following vz.set_language (the `marked` fixture is in conftest.py) -------------------------------------


def test_the_report_is_said_in_the_current_language(marked):
    r = run(versions={**GOOD, "ipywidgets": "7.8.1", "anywidget": None}, shell=None,
            ext={"@jupyter-widgets/jupyterlab-manager": False, "anywidget": True})
    english = (str(r), r._repr_html_(), r.fixes())
    try:
        set_language("ko")
        text = str(r)
        assert text.startswith("«Needs attention: ipywidgets, anywidget, «ipywidgets and jupyterlab_widgets», "
                               "«JupyterLab extension @jupyter-widgets/jupyterlab-manager».»")
        assert "«What the course needs (same everywhere)»" in text and "«every figure»" in text
        assert "«front end: «plain Python».» «Widgets cannot be shown here;" in text  # made in English, said again
        assert "«[«TOO OLD»] ipywidgets: 7.8.1 (needs >=8.1)»" in text
        assert "«[«MISSING»] anywidget: «not installed» (needs >=0.9)»" in text
        fixes = r.fixes()
        assert fixes[0].startswith("«run `make lab`") and fixes[-1] == "«then restart the kernel and reload the " \
                                                                         "browser tab»"
        assert run(versions={**GOOD, "jupyterlab": None}).fixes() == ["«optional: pip install 'jupyterlab>=4.2'»"]
        html = r._repr_html_()
        assert "<b>«missing»</b>" in html and "<th style='text-align:left'>«package»</th>" in html
        assert r.frontend == "plain Python" and r.checks[-1].name.startswith("JupyterLab extension")  # keys stay
    finally:
        set_language("en")
    assert (str(r), r._repr_html_(), r.fixes()) == english
