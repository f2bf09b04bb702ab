"""Serve the built in-browser site (``make lite``) on 127.0.0.1 for a local look: ``make lite-serve``.

Usage: python scripts/serve_lite.py [--port 8000] [--dir build/lite] [--no-gzip]

Open the printed address in a browser: JupyterLab starts with the start-here lesson, and the Python kernel runs in
the page. Only this machine can connect (127.0.0.1); stop with Ctrl-C.

:class:`SiteServer` is the same server for the browser test (``tests/browser/test_lite.py``) and the start-up
benchmark (``benchmarks/lite_start.py``): a static file server in a background thread that sends WebAssembly and
wheels with the right types, compresses text files with gzip when the browser accepts it (as GitHub Pages does),
and can answer some paths with changed content (the tests expose JupyterLab's application object that way,
without changing the site).
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import io
import sys
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "build" / "lite"
START = "lab/index.html?path=lessons/00_start_here.ipynb"
"""Where a learner starts: the start-here lesson, opened in JupyterLab."""

TYPES = {".wasm": "application/wasm", ".whl": "application/zip", ".zip": "application/zip", ".mjs": "text/javascript",
         ".js": "text/javascript", ".json": "application/json", ".ipynb": "application/json",
         ".webmanifest": "application/manifest+json", ".svg": "image/svg+xml", ".woff2": "font/woff2"}
COMPRESSED = (".js", ".mjs", ".json", ".ipynb", ".css", ".html", ".svg", ".wasm", ".map", ".txt", ".md")
"""Files sent with gzip when the browser accepts it (wheels and zips are compressed already)."""


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}

    def __init__(self, *args, site: SiteServer, **kwargs):
        self.site = site
        super().__init__(*args, directory=str(site.directory), **kwargs)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        if self.site.verbose:
            super().log_message(format, *args)

    def send_head(self):
        rel = self.path.split("?", 1)[0].split("#", 1)[0].lstrip("/")
        patch = self.site.patches.get(rel)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            return super().send_head()  # redirects and index.html as usual
        if not path.is_file():
            self.send_error(404, "File not found")
            return None
        body = path.read_bytes()
        if patch is not None:
            body = patch(body)
        ctype = self.guess_type(str(path))
        encoding = None
        if self.site.gzip and path.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", ""):
            body, encoding = self.site.compressed(rel, body, patched=patch is not None), "gzip"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.end_headers()
        self.site.count(len(body))
        return io.BytesIO(body)


class SiteServer:
    """The site in ``directory`` served on ``http://127.0.0.1:<port>/`` from a background thread.

    Parameters
    ----------
    directory : Path
        The built site (``build/lite``).
    port : int
        0 (the default) picks a free port.
    gzip : bool
        Compress text files and WebAssembly for browsers that accept gzip.
    patches : dict
        ``{path inside the site: function(bytes) -> bytes}``: paths answered with changed content.

    Use as a context manager; :attr:`url` is the address, :attr:`bytes_sent` what went out so far.
    """

    def __init__(self, directory: str | Path = SITE, *, port: int = 0, gzip: bool = True,
                 patches: dict[str, Callable[[bytes], bytes]] | None = None, verbose: bool = False):
        self.directory = Path(directory).resolve()
        if not (self.directory / "jupyter-lite.json").is_file():
            raise FileNotFoundError(f"no JupyterLite site in {self.directory}: run `make lite` first")
        self.gzip, self.patches, self.verbose = gzip, dict(patches or {}), verbose
        self.bytes_sent = 0
        self._lock = threading.Lock()
        self._gz: dict[str, bytes] = {}
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", port), partial(_Handler, site=self))
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self._thread: threading.Thread | None = None

    def compressed(self, rel: str, body: bytes, *, patched: bool) -> bytes:
        """``body`` gzipped (kept for the next request unless it was patched)."""
        if patched:
            return gzip.compress(body, compresslevel=6, mtime=0)
        with self._lock:
            if rel not in self._gz:
                self._gz[rel] = gzip.compress(body, compresslevel=6, mtime=0)
            return self._gz[rel]

    def count(self, n: int) -> None:
        with self._lock:
            self.bytes_sent += n

    def start(self) -> SiteServer:
        self._thread = threading.Thread(target=self._server.serve_forever, name="lite-site", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def lab_url(self, path: str) -> str:
        """The address that opens ``path`` (e.g. ``lessons/ko/00_start_here.ipynb``) in the site's JupyterLab."""
        return f"{self.url}lab/index.html?path={path}"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--dir", type=Path, default=SITE, help="the built site (default build/lite)")
    parser.add_argument("--no-gzip", action="store_true", help="send every file as it is")
    args = parser.parse_args(argv)
    try:
        server = SiteServer(args.dir, port=args.port, gzip=not args.no_gzip, verbose=True)
    except (FileNotFoundError, OSError) as e:
        print(e, file=sys.stderr)
        return 1
    print(f"Serving {args.dir} at {server.url}\nOpen {server.url}{START}\n(Ctrl-C stops)", flush=True)
    try:
        server._server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server._server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
