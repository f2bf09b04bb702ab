"""``doctor()``: is this environment ready for the course's widgets?

Checks that ipywidgets, anywidget, plotly and JupyterLab's widget manager
are installed in versions that work together, guesses which front end runs
the code (JupyterLab / Notebook, JupyterLite in the browser, VS Code,
Colab, a terminal, plain Python) and says how to fix what is wrong. It
never raises: anything that cannot be checked becomes a line in the report.

The report keeps two parts apart: what the course needs (the same on every
machine) and what this machine has. Its words come from the message
catalogue and are said in the current language whenever the report is shown.
"""

from __future__ import annotations

import html
import os
import platform
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from vizlib.text.catalog import N_, NP_, t, tp, verbatim
from vizlib.tools.machine import Said, said

__all__ = ["Check", "DoctorReport", "REQUIREMENTS", "Requirement", "doctor"]

MAKE_LAB = N_("run `make lab` in the course folder (it installs the pinned versions into .venv and starts JupyterLab)")
PIP_ALL = N_("or, in your own environment: pip install -r binder/requirements.txt")
RESTART = N_("then restart the kernel and reload the browser tab")
RELOAD_SITE = N_("reload the page: the course's Python starts again with every package the site carries")
SITE_INCOMPLETE = N_("if this stays, the site was built without a package the course needs: open the course in "
                     "JupyterLab instead (make lab, or Binder) and tell the course's maintainers")


@dataclass(frozen=True)
class Requirement:
    """A package the course needs: ``minimum`` <= version < ``below`` (``below`` optional). ``purpose`` is
    English, marked for the catalogue; the report shows it in the current language."""

    name: str
    minimum: tuple[int, ...]
    purpose: str
    below: tuple[int, ...] | None = None
    required: bool = True

    @property
    def spec(self) -> str:
        s = f">={_vstr(self.minimum)}"
        return s + (f",<{_vstr(self.below)}" if self.below else "")

    def pip(self) -> str:
        return f"pip install '{self.name}{self.spec}'"


REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement("ipywidgets", (8, 1), N_("the course's sliders, buttons and quizzes")),
    Requirement("jupyterlab_widgets", (3, 0), N_("JupyterLab's widget manager, which draws ipywidgets in the "
                                                 "browser; version 3 pairs with ipywidgets 8"), below=(4,)),
    Requirement("anywidget", (0, 9), N_("lets plotly's FigureWidget run in the notebook (plotly 6+ needs it)")),
    Requirement("plotly", (6, 0), N_("every figure")),
    Requirement("networkx", (3, 4), N_("the layer stacks and cluster graphs")),
    Requirement("numpy", (1, 26), N_("fast placement and layouts")),
    Requirement("jupyterlab", (4, 2), N_("the recommended front end"), required=False),
)
"""What the course needs (mirrors ``pyproject.toml`` and ``binder/requirements.txt``)."""

PYTHON_MINIMUM = (3, 11)

_STATUS = {
    "ok": NP_("check status", "ok"), "missing": NP_("check status", "missing"),
    "too old": NP_("check status", "too old"), "too new": NP_("check status", "too new"),
    "mismatch": NP_("check status", "mismatch"), "unknown": NP_("check status", "unknown"),
}
"""How the report names each status (the statuses themselves are keys)."""
_STATUS_MARK = {
    "missing": NP_("check status, in capitals", "MISSING"), "too old": NP_("check status, in capitals", "TOO OLD"),
    "too new": NP_("check status, in capitals", "TOO NEW"), "mismatch": NP_("check status, in capitals", "MISMATCH"),
    "unknown": NP_("check status, in capitals", "UNKNOWN"),
}
"""The marks of the plain-text report, where a problem stands out in capitals."""


def _status(status: str) -> str:
    return tp("check status", _STATUS[status]) if status in _STATUS else status


def _mark(status: str) -> str:
    if status == "ok":
        return tp("check status", "ok")
    return tp("check status, in capitals", _STATUS_MARK[status]) if status in _STATUS_MARK else status.upper()


def _vstr(v: tuple[int, ...]) -> str:
    return ".".join(str(x) for x in v)


def _parse(version: str) -> tuple[int, ...]:
    """Leading numeric parts of a version string: ``"4.0.0rc1"`` -> ``(4, 0, 0)``."""
    out = []
    for part in str(version).split("."):
        digits = ""
        for ch in part:
            if not ch.isdigit():
                break
            digits += ch
        if not digits:
            break
        out.append(int(digits))
        if len(digits) != len(part):
            break
    return tuple(out)


@dataclass(frozen=True)
class Check:
    """One line of the report.

    ``status`` is ``"ok"``, ``"missing"``, ``"too old"``, ``"too new"``,
    ``"mismatch"`` or ``"unknown"``; ``fix`` says what to do ("" when ok).
    ``name`` identifies the check (a package name, for most); ``label`` is
    what the report calls it ("" for the name itself). Texts made by
    :func:`doctor` are :class:`~vizlib.tools.machine.Said` strings, shown
    in the current language.
    """

    name: str
    status: str
    found: str | None
    required: str
    purpose: str
    fix: str = ""
    label: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def shown_name(self) -> str:
        """What the report calls this check, in the current language."""
        return said(self.label) if self.label else self.name


@dataclass(frozen=True)
class DoctorReport:
    """Result of :func:`doctor`.

    Attributes
    ----------
    checks : tuple of Check
        Python and every package in :data:`REQUIREMENTS`, then compatibility checks.
    frontend : str
        Where the code seems to run ("JupyterLab or Jupyter Notebook", "VS Code", ...).
    frontend_note : str
        What that means for the widgets.
    python, platform : str
    problems : tuple of str
        Anything that could not be checked.
    in_browser : bool
        Python runs in the browser (Pyodide in JupyterLite), where the course comes with the web page.
    """

    checks: tuple[Check, ...]
    frontend: str
    frontend_note: str
    python: str
    platform: str
    problems: tuple[str, ...] = ()
    in_browser: bool = False

    @property
    def ok(self) -> bool:
        """True when every required check passed."""
        optional = {r.name for r in REQUIREMENTS if not r.required}
        return bool(self.checks) and all(c.ok for c in self.checks if c.name not in optional)

    def fixes(self) -> list[str]:
        """What to do, most useful first (empty when all is well)."""
        optional = {r.name for r in REQUIREMENTS if not r.required}
        bad = [c for c in self.checks if not c.ok and c.fix and c.name not in optional]
        extra = [t("optional: {fix}", fix=said(c.fix)) for c in self.checks
                 if not c.ok and c.fix and c.name in optional]
        if not bad:
            return extra
        if self.in_browser:  # nothing to install: the site carries every package
            return [t(RELOAD_SITE), t(SITE_INCOMPLETE)]
        steps = [t(MAKE_LAB), t(PIP_ALL), *(said(c.fix) for c in bad), *extra, t(RESTART)]
        return list(dict.fromkeys(steps))

    @staticmethod
    def requirements_text() -> str:
        """What the course needs: the same text on every machine."""
        lines = [f"Python >= {_vstr(PYTHON_MINIMUM)}"]
        for r in REQUIREMENTS:
            if r.required:
                lines.append(f"{r.name} {r.spec}: {t(r.purpose)}")
            else:
                lines.append(t("{name} {spec}: {purpose} (optional)", name=r.name, spec=r.spec, purpose=t(r.purpose)))
        return "\n".join(lines)

    def machine_text(self) -> str:
        """What this machine has (differs between machines)."""
        lines = [f"{t('front end: {frontend}.', frontend=said(self.frontend))} {said(self.frontend_note)}",
                 t("Python {python} on {platform}", python=self.python, platform=self.platform)]
        for c in self.checks:
            lines.append(t("[{mark}] {name}: {found} (needs {required})", mark=_mark(c.status), name=c.shown_name,
                           found=said(c.found) if c.found else t("not installed"), required=said(c.required)))
        lines += [t("could not check: {problem}", problem=said(p)) for p in self.problems]
        return "\n".join(lines)

    def verdict(self) -> str:
        if not self.checks:
            return t("The environment could not be checked; {problems}",
                     problems="; ".join(said(p) for p in self.problems))
        if self.ok:
            return t("All set: the course's widgets and figures should work here.")
        bad = ", ".join(c.shown_name for c in self.checks if not c.ok and c.name not in {
            r.name for r in REQUIREMENTS if not r.required})
        return t("Needs attention: {checks}.", checks=bad)

    def __str__(self) -> str:
        parts = [
            self.verdict(),
            "",
            t("What the course needs (same everywhere)"),
            self.requirements_text(),
            "",
            t("What this machine has"),
            self.machine_text(),
        ]
        fixes = self.fixes()
        if fixes:
            parts += ["", t("How to fix")] + [f"- {f}" for f in fixes]
        return "\n".join(parts)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        e = html.escape
        colour = "var(--jp-success-color1, #009E73)" if self.ok else "var(--jp-error-color1, #D55E00)"
        mark = "\u2713" if self.ok else "\u2717"
        left = "style='text-align:left'"
        rows = "".join(
            f"<tr><td {left}>{e(c.shown_name)}</td><td {left}>{e(said(c.found) if c.found else t('not installed'))}"
            f"</td><td {left}>{e(said(c.required))}</td><td {left}><b>{e(_status(c.status))}</b></td></tr>"
            for c in self.checks
        )
        req = "".join(f"<li>{e(line)}</li>" for line in self.requirements_text().split("\n"))
        fixes = "".join(f"<li>{e(f)}</li>" for f in self.fixes())
        problems = "".join(f"<li>{e(t('could not check: {problem}', problem=said(p)))}</li>" for p in self.problems)
        here = t("{frontend}. {note} Python {python} on {platform}.", frontend=said(self.frontend),
                 note=said(self.frontend_note), python=self.python, platform=self.platform)
        heads = (tp("doctor table", "package"), tp("doctor table", "found"), tp("doctor table", "needs"),
                 tp("doctor table", "status"))
        return (
            f"<div class='vz-doctor'><p style='border-left:4px solid {colour};padding-left:6px'>"
            f"<b style='color:{colour}'>{mark}</b> {e(self.verdict())}</p>"
            f"<p><b>{e(tp('doctor report', 'This machine'))}</b>: {e(here)}</p>"
            "<table><thead><tr>" + "".join(f"<th {left}>{e(h)}</th>" for h in heads)
            + "</tr></thead>"
            + f"<tbody>{rows}</tbody></table>"
            + (f"<ul>{problems}</ul>" if problems else "")
            + (f"<p><b>{e(t('How to fix'))}</b></p><ol>{fixes}</ol>" if fixes else "")
            + f"<details><summary>{e(t('What the course needs (same everywhere)'))}</summary><ul>{req}</ul></details>"
            "</div>"
        )


def _installed_versions(names: list[str], problems: list[str]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    try:
        from importlib import metadata
    except Exception as e:  # pragma: no cover - stdlib since 3.8
        problems.append(f"importlib.metadata: {e}")
        return dict.fromkeys(names)
    for n in names:
        try:
            out[n] = metadata.version(n)
        except metadata.PackageNotFoundError:
            out[n] = None
        except Exception as e:
            problems.append(f"{n}: {e}")
            out[n] = None
    return out


def _labextension_dirs() -> list[Path]:
    dirs = []
    try:
        from jupyter_core.paths import jupyter_path

        dirs = [Path(p) for p in jupyter_path("labextensions")]
    except Exception:
        pass
    dirs.append(Path(sys.prefix) / "share" / "jupyter" / "labextensions")
    return list(dict.fromkeys(dirs))


def _has_labextension(name: str, dirs: list[Path]) -> bool:
    return any((d / name / "package.json").is_file() for d in dirs)


def _shell_name() -> str | None:
    ip = sys.modules.get("IPython")
    if ip is None:
        return None
    try:
        shell = ip.get_ipython()
    except Exception:
        return None
    return None if shell is None else type(shell).__name__


def _frontend(shell: str | None, environ: Mapping[str, str], in_browser: bool = False) -> tuple[str, str]:
    if in_browser:
        where = Said(N_("JupyterLite: JupyterLab with Python (Pyodide, compiled to WebAssembly) in this browser tab"))
        return where, Said(N_(
            "Nothing is installed on this computer: the course, its widgets and its figures come with the web page, "
            "and the page draws the widgets itself. Your changes are kept in this browser's storage only; download "
            "a notebook (File menu) to keep a copy."))
    if "COLAB_RELEASE_TAG" in environ or "google.colab" in sys.modules:
        return "Google Colab", Said(N_("Colab draws ipywidgets itself; plotly FigureWidgets may need its custom "
                                      "widget manager."))
    if shell is None:
        return Said(N_("plain Python")), Said(N_(
            "Widgets cannot be shown here; figures and quizzes still work as text (use vz.check for quizzes). "
            "Open the lessons in JupyterLab to see them."
        ))
    if shell == "TerminalInteractiveShell":
        return Said(N_("IPython in a terminal")), Said(N_("Widgets cannot be shown in a terminal; open the lessons "
                                                          "in JupyterLab."))
    if shell != "ZMQInteractiveShell":
        return Said(N_("an IPython shell ({shell})"), shell=shell), Said(N_("Widgets may not render here."))
    if any(k in environ for k in ("VSCODE_PID", "VSCODE_CWD", "VSCODE_IPC_HOOK_CLI")):
        return "VS Code", Said(N_("VS Code draws ipywidgets with its own widget support; install the Jupyter "
                                  "extension."))
    if "BINDER_LAUNCH_HOST" in environ or "BINDER_REQUEST" in environ:
        where = Said(N_("JupyterLab or Jupyter Notebook on Binder"))
    elif "JUPYTERHUB_API_URL" in environ or "JUPYTERHUB_SERVICE_PREFIX" in environ:
        where = Said(N_("JupyterLab or Jupyter Notebook on a JupyterHub"))
    else:
        where = Said(N_("JupyterLab or Jupyter Notebook"))
    return where, Said(N_("The browser draws the widgets with JupyterLab's widget manager (checked below)."))


def doctor(
    *,
    versions: Mapping[str, str | None] | None = None,
    environ: Mapping[str, str] | None = None,
    shell: str | None | bool = True,
    labextensions: Mapping[str, bool] | None = None,
    python_version: tuple[int, ...] | None = None,
    browser: bool | None = None,
) -> DoctorReport:
    """Check this environment for the course; returns a report and never raises.

    All parameters exist for tests; leave them out to check the real environment.

    Parameters
    ----------
    versions : mapping, optional
        Package name -> installed version (``None`` = not installed).
    environ : mapping, optional
        Environment variables (default ``os.environ``).
    shell : str or None, optional
        IPython shell class name (``"ZMQInteractiveShell"`` in a Jupyter kernel,
        ``None`` for plain Python); default: detect.
    labextensions : mapping, optional
        ``{"@jupyter-widgets/jupyterlab-manager": bool, "anywidget": bool}``; default: look on disk.
    python_version : tuple, optional
        Default ``sys.version_info``.
    browser : bool, optional
        Whether Python runs in the browser (Pyodide, as in the course's JupyterLite site); default:
        ``sys.platform == "emscripten"``. There the page itself is JupyterLab and its extensions, so they are not
        looked for on disk, and nothing is to be installed.

    Examples
    --------
    >>> report = doctor(versions={"ipywidgets": "7.8.1", "jupyterlab_widgets": "3.0.9", "anywidget": None,
    ...                           "plotly": "6.0.1", "networkx": "3.4", "numpy": "2.0", "jupyterlab": "4.2.0"},
    ...                 environ={}, shell=None, labextensions={}, python_version=(3, 11, 9))
    >>> report.ok, [c.name for c in report.checks if not c.ok]
    (False, ['ipywidgets', 'anywidget', 'ipywidgets and jupyterlab_widgets'])
    >>> lite = doctor(versions={"ipywidgets": "8.1.9", "jupyterlab_widgets": "3.0.17", "anywidget": "0.11.0",
    ...                         "plotly": "7.1.0", "networkx": "3.6.1", "numpy": "2.0.2", "jupyterlab": None},
    ...               environ={}, shell="Interpreter", python_version=(3, 12, 7), browser=True)
    >>> lite.ok, lite.in_browser, lite.frontend.startswith("JupyterLite")
    (True, True, True)
    """
    problems: list[str] = []
    try:
        return _doctor(versions, environ, shell, labextensions, python_version, browser, problems)
    except Exception as e:  # never raise: report it
        problems.append(Said(N_("the check itself failed: {error}"), error=repr(e)))
        return DoctorReport((), Said(N_("unknown")), "", platform.python_version(), sys.platform, tuple(problems))


def _doctor(versions, environ, shell, labextensions, python_version, browser, problems) -> DoctorReport:
    env = dict(os.environ if environ is None else environ)
    in_browser = sys.platform == "emscripten" if browser is None else bool(browser)
    names = [r.name for r in REQUIREMENTS]
    found = _installed_versions(names, problems) if versions is None else {n: versions.get(n) for n in names}
    pyv = tuple(sys.version_info[:3]) if python_version is None else tuple(python_version)
    checks = [
        Check(
            "Python", "ok" if pyv >= PYTHON_MINIMUM else "too old", _vstr(pyv), f">={_vstr(PYTHON_MINIMUM)}",
            Said(N_("runs the course")),
            "" if pyv >= PYTHON_MINIMUM else Said(N_("install Python {version} or newer"),
                                                  version=_vstr(PYTHON_MINIMUM)),
        )
    ]
    for r in REQUIREMENTS:
        v = found.get(r.name)
        if in_browser and r.name == "jupyterlab":  # the page is JupyterLab; its Python package is not in the kernel
            checks.append(Check(r.name, "ok", Said(N_("JupyterLite, this page")), r.spec, Said(r.purpose)))
            continue
        if v is None:
            status = "missing"
        else:
            t = _parse(v)
            if not t:
                status = "unknown"
            elif t < r.minimum:
                status = "too old"
            elif r.below and t >= r.below:
                status = "too new"
            else:
                status = "ok"
        checks.append(Check(r.name, status, v, r.spec, Said(r.purpose), "" if status == "ok" else r.pip()))

    # versions that must pair with each other
    ipw, jlw = _parse(found.get("ipywidgets") or ""), _parse(found.get("jupyterlab_widgets") or "")
    if ipw and jlw:
        expected = {8: 3, 7: 1}.get(ipw[0])
        ok = expected is None or jlw[0] == expected
        checks.append(Check(
            verbatim("ipywidgets and jupyterlab_widgets"), "ok" if ok else "mismatch",
            Said(N_("{ipywidgets} with {jupyterlab_widgets}"), ipywidgets=found["ipywidgets"],
                 jupyterlab_widgets=found["jupyterlab_widgets"]),
            Said(N_("jupyterlab_widgets {expected}.x with ipywidgets {major}.x"), expected=expected, major=ipw[0])
            if expected else Said(N_("a matching pair")),
            Said(N_("the Python side and the browser side of widgets must speak the same protocol")),
            "" if ok else "pip install 'ipywidgets>=8.1,<9' 'jupyterlab_widgets>=3,<4'",
            label=Said(N_("ipywidgets and jupyterlab_widgets")),
        ))

    # the browser halves, where JupyterLab is installed (in the browser, the site carries them)
    if found.get("jupyterlab") is not None and not in_browser:
        if labextensions is None:
            dirs = _labextension_dirs()
            labextensions = {
                n: _has_labextension(n, dirs) for n in ("@jupyter-widgets/jupyterlab-manager", "anywidget")
            }
        for ext, pkg in (("@jupyter-widgets/jupyterlab-manager", "jupyterlab_widgets"), ("anywidget", "anywidget")):
            if ext in labextensions:
                have = bool(labextensions[ext])
                checks.append(Check(
                    f"JupyterLab extension {ext}", "ok" if have else "missing", Said(N_("installed")) if have else None,
                    Said(N_("installed with {package}"), package=pkg), Said(N_("the browser half of the widgets")),
                    "" if have else Said(N_("pip install --force-reinstall '{package}' (installs the extension), then "
                                            "restart JupyterLab"), package=pkg),
                    label=Said(N_("JupyterLab extension {extension}"), extension=ext),
                ))

    shell_name = _shell_name() if shell is True else (shell or None)
    frontend, note = _frontend(shell_name, env, in_browser)
    return DoctorReport(tuple(checks), frontend, note, _vstr(pyv), f"{platform.system() or sys.platform}",
                        tuple(problems), in_browser)
