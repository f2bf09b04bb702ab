"""Drive the course's JupyterLite site (``make lite``) in Chromium with nothing but 127.0.0.1 reachable.

Used by ``tests/browser/test_lite.py`` and ``benchmarks/lite_start.py``; built on :mod:`jlab` (the JupyterLab
harness), whose :class:`jlab.LabNotebook` works unchanged on the site's JupyterLab.

* :func:`serve` serves ``build/lite`` on 127.0.0.1 (``scripts/serve_lite.py``), answering ``jupyter-lite.json``
  with ``exposeAppInBrowser`` set so that the harness can reach ``window.jupyterapp`` (the site stays as built).
* :class:`Outside` is a proxy on 127.0.0.1 that Chromium must use for every other address: it refuses each request
  and records it, whoever made it (the page, a web worker such as Pyodide's, a service worker or Chromium itself;
  Chromium's calls to its own services, which happen whatever the page does, are told apart by host).
* :func:`launch` starts Debian's Chromium with that proxy; :func:`guard` also aborts and records, in the page,
  any request for another host before it reaches the network.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jlab

sys.path.insert(0, str(jlab.ROOT / "scripts"))

import serve_lite  # noqa: E402

SITE = jlab.ROOT / "build" / "lite"
NOT_BUILT = (f"the JupyterLite site is not built ({SITE.relative_to(jlab.ROOT)}/sources.json is missing): "
             "run `make lite`")
LOCAL = "127.0.0.1"


def site_missing() -> str | None:
    """Why the site cannot be served, or ``None``. ``sources.json`` is the last file a successful build writes."""
    return None if (SITE / "sources.json").is_file() and (SITE / "jupyter-lite.json").is_file() else NOT_BUILT


def _expose_app(body: bytes) -> bytes:
    config = json.loads(body)
    config.setdefault("jupyter-config-data", {})["exposeAppInBrowser"] = True
    return json.dumps(config).encode()


def serve(site: Path = SITE) -> serve_lite.SiteServer:
    """A started-on-enter server of ``site`` whose JupyterLab exposes ``window.jupyterapp`` to the harness.
    Served without gzip: on loopback, compressing costs more time than it saves."""
    return serve_lite.SiteServer(site, gzip=False, patches={"jupyter-lite.json": _expose_app})


class Outside:
    """A proxy on 127.0.0.1 that refuses every request (``403``) and records it as ``"METHOD target"``.

    Chromium is started with it as its proxy for everything but 127.0.0.1 (:func:`launch`), so any attempt to reach
    another address, by any part of the browser, shows up in :attr:`attempts`.
    """

    def __init__(self) -> None:
        self.attempts: list[str] = []
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((LOCAL, 0))
        self._sock.listen(16)
        self._sock.settimeout(0.5)
        self.port = self._sock.getsockname()[1]
        self.url = f"http://{LOCAL}:{self.port}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="outside-proxy", daemon=True)

    @staticmethod
    def host(attempt: str) -> str:
        """The host an attempt was for: ``"CONNECT a.b:443"`` and ``"GET http://a.b/x"`` give ``"a.b"``."""
        target = attempt.split(" ", 1)[-1]
        return (urlsplit(target).hostname if "//" in target else target.rsplit(":", 1)[0]) or target

    def from_the_site(self, since: int = 0) -> list[str]:
        """The attempts (from index ``since`` on) that were not Chromium's own service calls."""
        return [a for a in self.attempts[since:] if self.host(a) not in CHROMIUM_SERVICES]

    def __enter__(self) -> Outside:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)
        self._sock.close()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._refuse, args=(conn,), daemon=True).start()

    def _refuse(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            try:
                head = conn.recv(4096).split(b"\r\n", 1)[0].decode("latin-1").strip()
            except OSError:
                head = ""
            self.attempts.append(" ".join(head.split(" ")[:2]) or "(a connection that sent nothing)")
            try:
                conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            except OSError:
                pass


# Chromium calls these services of its own, whatever the page does (account check, component updates, form
# autofill, clock). The proxy refuses them like everything else; :meth:`Outside.from_the_site` leaves them out.
CHROMIUM_SERVICES = frozenset({
    "accounts.google.com", "update.googleapis.com", "content-autofill.googleapis.com", "clients2.google.com",
    "clientservices.googleapis.com", "optimizationguide-pa.googleapis.com", "safebrowsing.googleapis.com",
    "redirector.gvt1.com", "edgedl.me.gvt1.com",
})


def launch(playwright: Any, outside: Outside) -> Any:
    """Debian's Chromium (:func:`jlab.launch_chromium`) sending everything but 127.0.0.1 to ``outside``."""
    return jlab.launch_chromium(playwright, proxy={"server": outside.url, "bypass": LOCAL})


_JS_PRINTED = jlab._JS_FIND + """
const w = nb(path);
const kernel = w.sessionContext.session.kernel;
let text = '';
const future = kernel.requestExecute({code, silent: false, store_history: false});
future.onIOPub = (msg) => { if (msg.header.msg_type === 'stream') text += msg.content.text; };
const reply = await future.done;
if (reply.content.status !== 'ok') return {error: reply.content.ename + ': ' + reply.content.evalue};
return {text};
"""


def printed(nb: jlab.LabNotebook, code: str) -> str:
    """What ``code`` prints when run in the notebook's kernel (outside its cells). The Pyodide kernel has no
    ``user_expressions``, which :meth:`jlab.LabNotebook.kernel_value` needs."""
    r = nb._js(_JS_PRINTED, path=nb.path, code=code)
    if "error" in r:
        raise jlab.LabError(f"{nb.path}: kernel raised {r['error']}")
    return r["text"]


def expected_figure_count(nb: jlab.LabNotebook) -> int:
    """:meth:`jlab.LabNotebook.expected_figure_count` for the Pyodide kernel: plotly outputs plus the FigureWidgets
    inside every displayed widget, counted by the kernel."""
    outs = nb.outputs()
    n = sum("application/vnd.plotly.v1+json" in o["mimes"] for o in outs)
    ids = [o["model_id"] for o in outs if o["model_id"]]
    if ids:
        counts = json.loads(printed(nb, jlab._PY_COUNT_FIGURE_WIDGETS
                                    + f"\nprint(__import__('json').dumps(_jlab_count_figure_widgets({ids!r})))"))
        if -1 in counts:
            raise jlab.LabError(f"{nb.path}: the kernel does not know displayed widget(s) {ids}: {counts}")
        n += sum(counts)
    return n


def guard(page: Any, record: list[str]) -> None:
    """Abort, and add to ``record``, every request of ``page`` for a host other than 127.0.0.1."""

    def route(r: Any) -> None:
        if urlsplit(r.request.url).hostname != LOCAL:
            record.append(r.request.url)
            r.abort()
        else:
            r.continue_()

    page.route("**/*", route)
    page.on("request", lambda req: record.append(req.url) if urlsplit(req.url).scheme in ("http", "https", "ws", "wss")
            and urlsplit(req.url).hostname != LOCAL and req.url not in record else None)
