"""Drive JupyterLab in headless Chromium: the shared harness of the browser tests.

Used by ``tests/browser`` (through ``conftest.py``) and by ``benchmarks/widget_latency.py``.
Nothing here is specific to one lesson.

* :class:`JupyterLab` starts ``jupyter lab`` on 127.0.0.1, a free port and a random token, with
  throw-away config, settings, runtime and workspace directories (no news toast, no update check,
  no "build recommended" dialog, no autosave), and stops it again.
* :func:`launch_chromium` starts Debian's Chromium through Playwright (never a downloaded browser).
* :class:`LabNotebook` opens a notebook with ``?reset``, waits for an idle kernel, runs all cells
  through ``window.jupyterapp`` and answers questions about the result (error outputs, widget
  errors, plotly figures, values held by the kernel).

Typical use (what the tests do)::

    with JupyterLab(root) as lab, sync_playwright() as p:
        page, page_errors = open_page(launch_chromium(p))
        nb = LabNotebook(page, lab, "lessons/00_start_here.ipynb").open()
        nb.run_all()
        assert nb.error_outputs() == [] and nb.widget_errors() == []
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

__all__ = [
    "CHROMIUM", "CHROMIUM_ARGS", "CHROMIUM_MISSING", "JupyterLab", "LabNotebook", "LabError", "browser_unavailable",
    "ROOT", "VIEWPORT", "free_port", "launch_chromium", "open_page",
]

ROOT = Path(__file__).resolve().parents[2]
"""The repository's root."""
VIEWPORT = {"width": 1280, "height": 900}

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
CHROMIUM_MISSING = "Chromium not found at /usr/bin/chromium: install Debian's chromium (.ci/run does)"

# User settings written into the temporary JUPYTERLAB_SETTINGS_DIR.
_SETTINGS = {
    # No "Would you like to receive official Jupyter news?" toast, no update check.
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    # Never write the learner's notebook back to disk while a test clicks around in it.
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
}
# Page config read from JUPYTER_CONFIG_DIR/labconfig: no "build recommended" dialog, no announcements.
_PAGE_CONFIG = {
    "buildCheck": False,
    "buildAvailable": False,
    "disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True},
}


class LabError(RuntimeError):
    """JupyterLab or the notebook did not reach the state a test waited for."""


def browser_unavailable() -> str | None:
    """Why the browser tests cannot run here, or ``None`` when they can.

    Examples
    --------
    >>> browser_unavailable() in (None, CHROMIUM_MISSING) or browser_unavailable().startswith("playwright")
    True
    """
    if not os.access(CHROMIUM, os.X_OK):
        return CHROMIUM_MISSING
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as e:  # pragma: no cover - depends on the environment
        return f"playwright is not installed ({e}): pip install -r tests/requirements.txt"
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago.

    Examples
    --------
    >>> 1024 <= free_port() <= 65535
    True
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launch_chromium(playwright: Any, **kwargs: Any) -> Any:
    """Launch Debian's Chromium headless through a started ``sync_playwright()`` object."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, **kwargs)


def open_page(browser: Any, viewport: dict | None = None) -> tuple[Any, list[str]]:
    """A new page of ``browser`` and the list its uncaught JavaScript exceptions (``pageerror``) go to."""
    page = browser.new_page(viewport=viewport or VIEWPORT)
    page.set_default_timeout(60_000)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page, errors


class JupyterLab:
    """A JupyterLab server serving ``root_dir``, isolated from the user's Jupyter configuration.

    Parameters
    ----------
    root_dir : str or Path
        Directory the server serves; notebook paths are relative to it.
    python : str
        Interpreter whose ``jupyterlab`` runs the server (and whose ``python3`` kernel runs notebooks).
    startup_timeout : float
        Seconds to wait for the server to answer.

    Attributes
    ----------
    url : str
        Base URL, e.g. ``http://127.0.0.1:45123/``.
    token : str
        Random token the server requires.
    """

    def __init__(self, root_dir: str | Path, *, python: str = sys.executable, startup_timeout: float = 90.0):
        self.root_dir = Path(root_dir).resolve()
        if not self.root_dir.is_dir():
            raise ValueError(f"root_dir must be an existing directory, got {str(root_dir)!r}")
        self.python = python
        self.startup_timeout = startup_timeout
        self.token = secrets.token_hex(24)
        self.port = 0
        self.url = ""
        self._home: Path | None = None
        self._proc: subprocess.Popen | None = None
        self._log = None

    # -- lifecycle ------------------------------------------------------------------------------
    def __enter__(self) -> JupyterLab:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _write_config(self, home: Path) -> dict[str, str]:
        dirs = {name: home / name for name in ("config", "data", "runtime", "settings", "workspaces", "ipython")}
        for d in dirs.values():
            d.mkdir(parents=True)
        for plugin, values in _SETTINGS.items():
            f = dirs["settings"] / f"{plugin}.jupyterlab-settings"
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_text(json.dumps(values))
        (dirs["config"] / "labconfig").mkdir()
        (dirs["config"] / "labconfig" / "page_config.json").write_text(json.dumps(_PAGE_CONFIG))
        server = {"LabApp": {"news_url": None}, "LanguageServerManager": {"autodetect": False}}
        (dirs["config"] / "jupyter_server_config.json").write_text(json.dumps(server))
        env = dict(os.environ)
        env.update(
            JUPYTER_CONFIG_DIR=str(dirs["config"]), JUPYTER_DATA_DIR=str(dirs["data"]),
            JUPYTER_RUNTIME_DIR=str(dirs["runtime"]), JUPYTERLAB_SETTINGS_DIR=str(dirs["settings"]),
            JUPYTERLAB_WORKSPACES_DIR=str(dirs["workspaces"]), IPYTHONDIR=str(dirs["ipython"]),
            JUPYTER_PLATFORM_DIRS="1", PYTHONHASHSEED="0",
        )
        env.pop("JUPYTER_PATH", None)
        return env

    def start(self) -> JupyterLab:
        """Start the server and wait until ``/api/status`` answers; raise :class:`LabError` otherwise."""
        if self._proc is not None:
            return self
        self._home = Path(tempfile.mkdtemp(prefix="jlab-"))
        env = self._write_config(self._home)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        cmd = [
            self.python, "-m", "jupyterlab", "--no-browser", f"--ServerApp.root_dir={self.root_dir}",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
            f"--ServerApp.token={self.token}", "--ServerApp.password=", "--ServerApp.terminals_enabled=False",
            "--LabApp.expose_app_in_browser=True", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]
        if os.getuid() == 0:
            cmd.append("--allow-root")
        self._log = open(self._home / "server.log", "wb")  # noqa: SIM115 - closed in stop()
        self._proc = subprocess.Popen(
            cmd, cwd=self.root_dir, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                log = self.log_tail()
                self.stop()
                raise LabError(f"jupyter lab exited with status {self._proc.returncode}:\n{log}")
            if self._status_ok():
                return self
            time.sleep(0.25)
        log = self.log_tail()
        self.stop()
        raise LabError(f"jupyter lab did not answer within {self.startup_timeout:.0f} s:\n{log}")

    def _status_ok(self) -> bool:
        try:
            with urllib.request.urlopen(self.api_url("api/status"), timeout=2) as r:
                return r.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def stop(self, timeout: float = 20.0) -> None:
        """Shut the server down (kernels included); kill it if it does not leave within ``timeout``."""
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            try:
                req = urllib.request.Request(self.api_url("api/shutdown"), method="POST")
                urllib.request.urlopen(req, timeout=5).close()
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)  # the session we started: server and its kernels
                proc.wait(5)
        if self._log is not None:
            self._log.close()
            self._log = None
        if self._home is not None:
            shutil.rmtree(self._home, ignore_errors=True)
            self._home = None

    # -- helpers --------------------------------------------------------------------------------
    def api_url(self, path: str) -> str:
        """URL of a server API path with the token, e.g. ``api_url("api/sessions")``."""
        return f"{self.url}{path}?token={self.token}"

    def put_setting(self, plugin: str, values: dict) -> None:
        """Save user settings of a JupyterLab plugin through the settings API, as the Settings Editor does
        (e.g. ``put_setting("@jupyterlab/translation-extension:plugin", {"locale": "ko_KR"})``); pages opened
        afterwards use them."""
        body = json.dumps({"raw": json.dumps(values)}).encode()
        req = urllib.request.Request(self.api_url(f"lab/api/settings/{plugin}"), data=body, method="PUT",
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            if r.status not in (200, 204):
                raise LabError(f"saving settings of {plugin} answered {r.status}")

    def lab_url(self, path: str, *, reset: bool = True) -> str:
        """URL that opens ``path`` (relative to ``root_dir``) in JupyterLab, with a fresh workspace."""
        query = "reset&" if reset else ""
        return f"{self.url}lab/tree/{path}?{query}token={self.token}"

    def log_tail(self, lines: int = 40) -> str:
        """The last lines the server printed (for failure messages)."""
        if self._home is None:
            return ""
        if self._log is not None:
            self._log.flush()
        text = (self._home / "server.log").read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])


# JavaScript helpers run in the page. `nb(path)` finds the NotebookPanel of a path.
_JS_FIND = """
const nb = (path) => {
  const app = window.jupyterapp;
  if (!app) return null;
  for (const w of app.shell.widgets('main')) {
    if (w.context && w.context.path === path && w.content && w.sessionContext) return w;
  }
  return null;
};
"""

_JS_KERNEL_STATE = _JS_FIND + """
const w = nb(path);
if (!w) return {found: false};
const s = w.sessionContext;
const k = s.session ? s.session.kernel : null;
return {found: true, ready: w.context.isReady && s.isReady, kernel: k ? k.status : null,
        connection: k ? k.connectionStatus : null, dialog: document.querySelectorAll('.jp-Dialog').length};
"""

_JS_CELLS = _JS_FIND + """
const w = nb(path);
if (!w) return null;
const cells = [];
for (const c of w.content.widgets) {
  if (c.model.type !== 'code') continue;
  const prompt = c.node.querySelector('.jp-InputPrompt');
  let error = false;
  for (let i = 0; i < c.model.outputs.length; i++) error = error || c.model.outputs.get(i).type === 'error';
  cells.push({count: c.model.executionCount, state: c.model.executionState || null, error,
              prompt: prompt ? prompt.textContent.trim() : ''});
}
const k = w.sessionContext.session ? w.sessionContext.session.kernel : null;
return {cells, kernel: k ? k.status : null};
"""

_JS_OUTPUTS = _JS_FIND + """
const w = nb(path);
const out = [];
w.content.widgets.forEach((c, index) => {
  if (c.model.type !== 'code') return;
  const outputs = c.model.outputs;
  for (let i = 0; i < outputs.length; i++) {
    const o = outputs.get(i);
    const json = o.toJSON();
    out.push({cell: index, type: o.type, name: json.name || null, text: json.text || null,
              ename: json.ename || null, evalue: json.evalue || null, mimes: Object.keys(o.data || {}),
              model_id: (o.data && o.data['application/vnd.jupyter.widget-view+json'])
                        ? o.data['application/vnd.jupyter.widget-view+json'].model_id : null});
  }
});
return out;
"""

_JS_EXECUTE = _JS_FIND + """
const w = nb(path);
const kernel = w.sessionContext.session.kernel;
const future = kernel.requestExecute({code, silent: true, store_history: false, user_expressions: {r: expr}});
const reply = await future.done;
if (reply.content.status !== 'ok') return {error: reply.content.ename + ': ' + reply.content.evalue};
const r = reply.content.user_expressions.r;
if (r.status !== 'ok') return {error: r.ename + ': ' + r.evalue};
return {value: r.data['text/plain']};
"""

# Counts the plotly FigureWidgets reachable from each displayed widget (containers nest them in children).
_PY_COUNT_FIGURE_WIDGETS = """
def _jlab_count_figure_widgets(ids):
    import plotly.graph_objects as _go
    from ipywidgets.widgets.widget import _instances
    def count(w, seen):
        if id(w) in seen:
            return 0
        seen.add(id(w))
        n = int(isinstance(w, _go.FigureWidget))
        for child in getattr(w, 'children', ()) or ():
            n += count(child, seen)
        return n
    return [count(_instances[i], set()) if i in _instances else -1 for i in ids]
"""


_JS_MISSING_GLYPHS = r"""(gds) => {
    const canvas = document.createElement('canvas');
    canvas.width = 48; canvas.height = 48;
    const ctx = canvas.getContext('2d', {willReadFrequently: true});
    const draw = (ch, font) => {
      ctx.clearRect(0, 0, 48, 48);
      ctx.font = font; ctx.fillStyle = '#000'; ctx.textBaseline = 'top';
      ctx.fillText(ch, 4, 4);
      const d = ctx.getImageData(0, 0, 48, 48).data;
      let h = 0;
      for (let i = 3; i < d.length; i += 4) h = (h * 31 + d[i]) | 0;
      return h;
    };
    const found = [], checked = new Set();
    gds.forEach((gd, figure) => gd.querySelectorAll('svg text').forEach((el) => {
      const style = getComputedStyle(el);
      const font = `${style.fontWeight} 24px ${style.fontFamily}`;
      const tofu = draw('\u0378', font);
      for (const ch of new Set(el.textContent)) {
        if (ch.charCodeAt(0) < 128 || /\s/.test(ch) || checked.has(ch + font)) continue;
        checked.add(ch + font);
        if (draw(ch, font) === tofu) found.push({figure, char: ch, font: style.fontFamily});
      }
    }));
    return found;
}"""


class LabNotebook:
    """One notebook opened in a JupyterLab page.

    Parameters
    ----------
    page : playwright.sync_api.Page
        A page of a launched browser (see :func:`launch_chromium`).
    lab : JupyterLab
        The running server.
    path : str
        Notebook path relative to the server's root, with forward slashes.
    """

    def __init__(self, page: Any, lab: JupyterLab, path: str):
        self.page, self.lab, self.path = page, lab, path

    def _js(self, body: str, **args: Any) -> Any:
        names = ", ".join(args)
        return self.page.evaluate(f"async ({{{names}}}) => {{ {body} }}", args)

    def _poll(self, what: str, check: Any, timeout: float, interval: float = 0.1) -> Any:
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            last = check()
            if last and (not isinstance(last, tuple) or last[0]):
                return last
            self.page.wait_for_timeout(interval * 1000)
        raise LabError(f"{self.path}: timed out after {timeout:.0f} s waiting for {what} (last state: {last!r})")

    # -- open and run ---------------------------------------------------------------------------
    def open(self, timeout: float = 120.0) -> LabNotebook:
        """Open the notebook with ``?reset`` and wait until its kernel is connected and idle."""
        self.page.goto(self.lab.lab_url(self.path), wait_until="domcontentloaded", timeout=timeout * 1000)
        self.page.wait_for_function("() => window.jupyterapp && window.jupyterapp.started !== undefined",
                                    timeout=timeout * 1000)

        def state() -> tuple[bool, dict]:
            s = self._js(_JS_KERNEL_STATE, path=self.path)
            ok = bool(s.get("found") and s.get("ready") and s.get("kernel") == "idle"
                      and s.get("connection") == "connected" and not s.get("dialog"))
            return ok, s

        self._poll("a connected, idle kernel", state, timeout)
        return self

    def run_all(self, timeout: float = 300.0, settle_ms: int = 1000) -> float:
        """Run every cell through ``notebook:run-all-cells``; wait until all ran and outputs settled.

        Returns the seconds from the command to the last cell finishing.
        """
        start = time.monotonic()
        # Clear first: stored outputs carry execution counts, which would look like cells that already ran.
        self._js(_JS_FIND + """
            const w = nb(path);
            const app = window.jupyterapp;
            app.shell.activateById(w.id);
            await app.commands.execute('notebook:clear-all-cell-outputs');
            app.commands.execute('notebook:run-all-cells');  // resolves late; we poll instead
            return true;""", path=self.path)
        self.wait_executed(timeout)
        elapsed = time.monotonic() - start
        self.settle(quiet_ms=settle_ms, timeout=max(30.0, timeout / 5))
        return elapsed

    def wait_executed(self, timeout: float = 300.0) -> None:
        """Wait until the run is over: the kernel is idle, no cell shows ``[*]``, and every code cell has
        an execution count, or a cell failed (JupyterLab then stops; :meth:`error_outputs` says where)."""

        def done() -> tuple[bool, Any]:
            s = self._js(_JS_CELLS, path=self.path)
            if s is None:
                return False, "notebook closed"
            cells = s["cells"]
            idle = s["kernel"] == "idle" and not any(
                c["prompt"].startswith("[*]") or c["state"] == "running" for c in cells)
            ok = idle and (all(c["count"] is not None for c in cells) or any(c["error"] for c in cells))
            pending = [i for i, c in enumerate(cells) if c["count"] is None or c["prompt"].startswith("[*]")]
            return ok, {"kernel": s["kernel"], "pending_code_cells": pending}

        self._poll("every cell to finish", done, timeout, interval=0.2)

    def settle(self, quiet_ms: int = 1000, timeout: float = 30.0) -> None:
        """Wait until the notebook's DOM has not changed for ``quiet_ms`` milliseconds."""
        ok = self._js(_JS_FIND + """
            const w = nb(path);
            return await new Promise((resolve) => {
              let last = performance.now();
              const obs = new MutationObserver(() => { last = performance.now(); });
              obs.observe(w.node, {subtree: true, childList: true, attributes: true, characterData: true});
              const t0 = performance.now();
              const tick = () => {
                const now = performance.now();
                if (now - last >= quiet) { obs.disconnect(); resolve(true); }
                else if (now - t0 > limit) { obs.disconnect(); resolve(false); }
                else setTimeout(tick, 50);
              };
              tick();
            });""", path=self.path, quiet=quiet_ms, limit=timeout * 1000)
        if not ok:
            raise LabError(f"{self.path}: the page kept changing for {timeout:.0f} s after the run")

    # -- what the run produced ------------------------------------------------------------------
    def outputs(self) -> list[dict]:
        """Every output of every code cell, as JupyterLab's model holds it (type, name, mimes, ...)."""
        return self._js(_JS_OUTPUTS, path=self.path)

    def error_outputs(self) -> list[str]:
        """``"cell N: EName: evalue"`` for every error output."""
        return [f"cell {o['cell']}: {o['ename']}: {o['evalue']}" for o in self.outputs() if o["type"] == "error"]

    def stderr_outputs(self) -> list[str]:
        """``"cell N: text"`` for every stream output on stderr (warnings a learner would see)."""
        return [f"cell {o['cell']}: {o['text']}" for o in self.outputs()
                if o["type"] == "stream" and o["name"] == "stderr"]

    def widget_errors(self) -> list[str]:
        """Widgets that failed: outputs reading "Error displaying widget" (model not found) and ipywidgets'
        error views (``.jupyter-widgets-error-widget``, e.g. a model class that failed to load)."""
        return self._js(_JS_FIND + """
            const w = nb(path);
            const found = [];
            w.node.querySelectorAll('.jp-OutputArea-output').forEach((el) => {
              const text = el.textContent.replace(/\\s+/g, ' ').trim();
              if (text.includes('Error displaying widget') || el.querySelector('.jupyter-widgets-error-widget'))
                found.push(text.slice(0, 300) || 'error widget without text');
            });
            // anywhere else on the page (another panel); prose that merely quotes the message is not an error
            if (found.length === 0 && document.querySelector('.jupyter-widgets-error-widget'))
              found.push('outside the notebook: an ipywidgets error view');
            return found;""", path=self.path)

    def kernel_value(self, expr: str, code: str = "") -> str:
        """Run ``code`` silently in the notebook's kernel, then return ``repr(eval(expr))`` as text."""
        r = self._js(_JS_EXECUTE, path=self.path, code=code, expr=expr)
        if "error" in r:
            raise LabError(f"{self.path}: kernel raised {r['error']} for {expr!r}")
        return r["value"]

    def expected_figure_count(self) -> int:
        """How many plotly figures the outputs should show: plotly mime outputs plus FigureWidgets.

        FigureWidgets are counted by the kernel, walking the ``children`` of every displayed widget, so
        a dashboard with two figures counts two.
        """
        outs = self.outputs()
        n = sum("application/vnd.plotly.v1+json" in o["mimes"] for o in outs)
        ids = [o["model_id"] for o in outs if o["model_id"]]
        if ids:
            counts = json.loads(self.kernel_value(
                f"__import__('json').dumps(_jlab_count_figure_widgets({ids!r}))", _PY_COUNT_FIGURE_WIDGETS,
            ).strip("'\""))
            if -1 in counts:
                raise LabError(f"{self.path}: the kernel does not know displayed widget(s) {ids}: {counts}")
            n += sum(counts)
        return n

    def plots(self) -> Any:
        """Locator of the rendered plotly figures (``.js-plotly-plot``) inside this notebook."""
        return self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .js-plotly-plot")

    def plot_sizes(self) -> list[dict]:
        """For each rendered figure (scrolled into view first): its title, its main SVG's size and whether
        the drawn title runs into the drawn subtitle."""
        sizes = []
        plots = self.plots()
        for i in range(plots.count()):
            el = plots.nth(i)
            el.scroll_into_view_if_needed()
            sizes.append(el.evaluate("""(gd) => {
                const svg = gd.querySelector('svg.main-svg');
                const r = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
                const t = gd.querySelector('text.gtitle');
                const sub = gd.querySelector('text.gtitle-subtitle');
                const tb = t ? t.getBoundingClientRect() : null, sb = sub ? sub.getBoundingClientRect() : null;
                return {index: 0, width: r.width, height: r.height, title: t ? t.textContent : null,
                        traces: (gd.data || []).length,
                        title_overlaps_subtitle: !!(tb && sb && sb.height > 0 && tb.bottom > sb.top + 1)};
            }"""))
            sizes[-1]["index"] = i
        return sizes

    def shutdown(self) -> None:
        """Shut the notebook's kernel down (the page stays open)."""
        self._js(_JS_FIND + """
            const w = nb(path);
            if (w && w.sessionContext.session) await w.sessionContext.shutdown();
            return true;""", path=self.path)

    def full_screenshot(self, path: str | Path, max_height: int = 12000) -> None:
        """Screenshot of the whole notebook: the viewport is made as tall as the notebook, then restored."""
        size = self.page.viewport_size
        height = self._js(_JS_FIND + """
            const w = nb(path);
            window.jupyterapp.shell.collapseLeft();
            const n = w.content.node;
            const inner = w.content.viewportNode || n;
            return window.innerHeight - n.clientHeight + inner.scrollHeight + 40;""", path=self.path)
        self.page.set_viewport_size({"width": size["width"], "height": int(min(max(height, size["height"]),
                                                                                   max_height))})
        try:
            self._js(_JS_FIND + """
                const w = nb(path);
                w.content.activeCellIndex = 0;
                w.content.node.querySelectorAll('.jp-WindowedPanel-outer').forEach((o) => { o.scrollTop = 0; });
                w.content.node.scrollTop = 0;
                return true;""", path=self.path)
            self.page.wait_for_timeout(500)
            self.page.screenshot(path=str(path))
        finally:
            self.page.set_viewport_size(size)

    # -- interacting with figures and widgets ---------------------------------------------------
    def plot_info(self) -> list[dict]:
        """For each rendered figure: title (as plotly holds it), number of frames, slider positions and
        whether it has a button that plays the animation."""
        return self.plots().evaluate_all("""(gds) => gds.map((gd, index) => {
            const fl = gd._fullLayout || {};
            const td = gd._transitionData || {};
            const play = [];
            (fl.updatemenus || []).forEach((m) => (m.buttons || []).forEach((b) => {
              const all = b.args[0] === null || (Array.isArray(b.args[0]) && b.args[0].length > 1);
              play.push(b.method === 'animate' && all);
            }));
            return {index, title: fl.title ? fl.title.text : null, frames: (td._frames || []).length,
                    sliders: (fl.sliders || []).map((s) => ({active: s.active, steps: s.steps.length})),
                    play};
        })""")

    def click_play(self, index: int) -> None:
        """Click the figure's first button that plays its frames (whatever its label)."""
        info = self.plot_info()[index]
        if True not in info["play"]:
            raise LabError(f"{self.path}: figure {index} ({info['title']!r}) has no play button: {info}")
        plot = self.plots().nth(index)
        plot.scroll_into_view_if_needed()
        plot.locator("g.updatemenu-button").nth(info["play"].index(True)).click()

    def wait_animation_end(self, index: int, timeout: float = 60.0) -> dict:
        """Wait until figure ``index`` stopped at its last frame: no frame queued, every slider on its
        last step, and every trace the last frame sets showing that frame's data (compared where both
        are plain arrays or scalars). Returns what was compared."""
        plot = self.plots().nth(index)
        js = """(gd) => {
            const td = gd._transitionData || {};
            const frames = td._frames || [];
            const sliders = (gd._fullLayout.sliders || []).map((s) => [s.active, s.steps.length]);
            const last = frames[frames.length - 1];
            const plain = (v) => (v && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v))
                ? null : JSON.stringify(ArrayBuffer.isView(v) ? Array.from(v) : v);
            let compared = 0, mismatched = [];
            (last && last.data || []).forEach((t, j) => {
              const i = last.traces ? last.traces[j] : j;
              for (const key of ['x', 'y', 'z', 'text', 'values', 'labels', 'width', 'base']) {
                if (!(key in t)) continue;
                const want = plain(t[key]), have = plain(gd.data[i] ? gd.data[i][key] : undefined);
                if (want === null || have === null) continue;
                compared += 1;
                if (want !== have) mismatched.push([i, key]);
              }
            });
            const queued = (td._frameQueue || []).length;
            const done = queued === 0 && !td._currentFrame && sliders.every(([a, n]) => a === n - 1)
                         && mismatched.length === 0;
            return {done, queued, sliders, compared, mismatched, frames: frames.length};
        }"""
        deadline = time.monotonic() + timeout
        state = None
        while time.monotonic() < deadline:
            state = plot.evaluate(js)
            if state["done"]:
                return state
            self.page.wait_for_timeout(100)
        raise LabError(f"{self.path}: animation of figure {index} did not reach its last frame in {timeout:.0f} s:"
                       f" {state}")

    def svg_fingerprint(self, index: int) -> str:
        """The figure's drawn SVG (its ``main-svg`` markup): equal strings mean an identical drawing."""
        return self.plots().nth(index).evaluate(
            "(gd) => [...gd.querySelectorAll('svg.main-svg')].map((s) => s.innerHTML).join('')")

    def nudge_first_slider(self, timeout: float = 10.0) -> int | None:
        """Move the notebook's first slider by one step with the keyboard (right, or left at the end of its track) and
        return the index of the first figure whose drawing changed; ``None`` if the notebook has no slider."""
        handles = self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .widget-slider .noUi-handle")
        if handles.count() == 0:
            return None
        before = [self.svg_fingerprint(i) for i in range(self.plots().count())]
        handle = handles.first
        handle.scroll_into_view_if_needed()
        for key in ("ArrowRight", "ArrowLeft", "ArrowLeft"):
            handle.focus()
            self.page.keyboard.press(key)
            deadline = time.monotonic() + timeout / 3
            while time.monotonic() < deadline:
                now = [self.svg_fingerprint(i) for i in range(len(before))]
                changed = [i for i, (a, b) in enumerate(zip(before, now, strict=True)) if a != b]
                if changed:
                    return changed[0]
                self.page.wait_for_timeout(100)
        raise LabError(f"{self.path}: moving the first slider redrew no figure in {timeout:.0f} s")

    def answer_first_quiz(self, check_label: str) -> str:
        """Choose the first answer of the notebook's first quiz, press its ``check_label`` button and return the
        feedback it shows (empty if the notebook has no quiz)."""
        quizzes = self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .vz-quiz")
        if quizzes.count() == 0:
            return ""
        quiz = quizzes.first
        quiz.scroll_into_view_if_needed()
        quiz.locator(".widget-radio-box label").first.click()
        quiz.locator("button").filter(has_text=check_label).first.click()
        feedback = quiz.locator(".vz-feedback").first
        feedback.wait_for(state="visible", timeout=10_000)
        return feedback.text_content() or ""

    def widget_slider(self, description: str) -> Any:
        """Locator of the ipywidgets slider whose label reads exactly ``description``."""
        label = self.page.locator(".widget-label").filter(has_text=description)
        sliders = self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .widget-slider").filter(has=label)
        exact = [i for i in range(sliders.count())
                 if sliders.nth(i).locator(".widget-label").first.text_content().strip() == description]
        if len(exact) != 1:
            raise LabError(f"{self.path}: expected one slider labelled {description!r}, found {len(exact)}")
        return sliders.nth(exact[0])

    def press_on_slider(self, description: str, key: str = "ArrowRight") -> None:
        """Focus the slider's handle (as a keyboard user would with Tab) and press ``key``."""
        handle = self.widget_slider(description).locator(".noUi-handle").first
        handle.scroll_into_view_if_needed()
        handle.focus()
        self.page.keyboard.press(key)

    def wait_for_title(self, expected: str, timeout: float = 30.0) -> int:
        """Wait until a figure's title is exactly ``expected``, in plotly's layout and in the drawn SVG
        (compared without whitespace and tags, as SVG lines drop them); return that figure's index."""
        handle = self.page.wait_for_function("""([sel, want]) => {
            const strip = (s) => s.replace(/<[^>]*>/g, '').replace(/\\s+/g, '');
            const gds = [...document.querySelectorAll(sel)];
            for (let i = 0; i < gds.length; i++) {
              const gd = gds[i];
              const t = gd._fullLayout && gd._fullLayout.title ? gd._fullLayout.title.text : null;
              const drawn = gd.querySelector('.gtitle');
              if (t === want && drawn && strip(drawn.textContent) === strip(want)) return i + 1;
            }
            return 0;
        }""", arg=[".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .js-plotly-plot", expected],
            timeout=timeout * 1000, polling=50)
        return int(handle.json_value()) - 1

    def missing_glyphs(self) -> list[dict]:
        """Characters drawn in the figures that no installed font has: each non-ASCII character of every SVG
        text of every figure is drawn on a canvas in that text's own font, and compared with a character no font
        has (U+0378, unassigned), drawn the same way. Equal pixels mean the learner sees a box ("tofu")."""
        return self.plots().evaluate_all(_JS_MISSING_GLYPHS)

    def menu_labels(self) -> list[str]:
        """The labels of JupyterLab's main menu bar, as the interface language shows them."""
        return self.page.locator(".lm-MenuBar-itemLabel").all_text_contents()

    def titles(self) -> list[str | None]:
        """Every rendered figure's title as plotly holds it."""
        return [p["title"] for p in self.plot_info()]
