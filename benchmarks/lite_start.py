"""How fast the in-browser course starts, and how big the site is (``make lite`` first).

Serves ``build/lite`` on 127.0.0.1, opens the start-here lesson in a fresh headless Chromium page (empty cache and
storage, nothing reachable but 127.0.0.1) and prints, from the moment the address is opened:

* JupyterLab ready: the site's JupyterLab has started;
* kernel idle: Pyodide has loaded, with the course and its packages, and waits for code;
* first figure: after "Run all" (outputs cleared first), the first plotly figure the kernel made is drawn;
* all cells run: the whole lesson has run;

then the site's size by part, what it weighs gzipped (as GitHub Pages sends it), and how many bytes the cold start
fetched. Targets: first figure within 20 s on the course's 2-core machine; site at most 80 MB.

Usage: python benchmarks/lite_start.py [--runs N] [--lesson lessons/ko/00_start_here.ipynb]
Exit status is always 0; read the PASS/FAIL lines. Timings depend on what else the machine is doing.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT / "scripts"))

import jlab  # noqa: E402
import jlite  # noqa: E402

FIRST_FIGURE_TARGET_S = 20.0
SITE_TARGET_MB = 80.0
PLOTS = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .js-plotly-plot"


def site_sizes(site: Path) -> dict[str, int]:
    """Bytes by part, as ``scripts/build_lite.py`` counts them."""
    import build_lite

    return build_lite.sizes(site)


def gzipped_bytes(site: Path) -> int:
    """What the site weighs when a server gzips text files and WebAssembly (wheels and zips are sent as they are)."""
    total = 0
    for f in site.rglob("*"):
        if f.is_file():
            data = f.read_bytes()
            total += len(gzip.compress(data, 6)) if f.suffix in jlite.serve_lite.COMPRESSED else len(data)
    return total


def wait_idle(nb: jlab.LabNotebook, timeout: float = 240.0) -> None:
    """Wait, without reloading, until the notebook's kernel is connected and idle (as :meth:`jlab.LabNotebook.open`)."""

    def state() -> tuple[bool, dict]:
        s = nb._js(jlab._JS_KERNEL_STATE, path=nb.path)
        return bool(s.get("found") and s.get("ready") and s.get("kernel") == "idle"
                    and s.get("connection") == "connected"), s

    nb._poll("a connected, idle kernel", state, timeout, interval=0.05)


def cold_start(browser, site, lesson: str) -> dict[str, float]:
    """One cold start of ``lesson`` in a fresh page; seconds from opening the address to each milestone."""
    page, errors = jlab.open_page(browser)
    tried: list[str] = []
    jlite.guard(page, tried)
    sent_before = site.bytes_sent
    try:
        t0 = time.monotonic()
        nb = jlab.LabNotebook(page, site, lesson)
        page.goto(site.lab_url(lesson), wait_until="domcontentloaded", timeout=240_000)
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.started !== undefined", timeout=240_000)
        page.evaluate("() => window.jupyterapp.started")
        ready = time.monotonic() - t0
        wait_idle(nb)
        idle = time.monotonic() - t0
        nb._js(jlab._JS_FIND + """
            const w = nb(path);
            window.jupyterapp.shell.activateById(w.id);
            await window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs');
            window.jupyterapp.commands.execute('notebook:run-all-cells');
            return true;""", path=lesson)
        page.wait_for_function(f"() => document.querySelectorAll({PLOTS!r}).length > 0", timeout=240_000, polling=50)
        first = time.monotonic() - t0
        nb.wait_executed(timeout=600)
        done = time.monotonic() - t0
        if nb.error_outputs() or errors or tried:
            print(f"  warning: errors {nb.error_outputs()} {list(errors)}; outside requests {tried}")
        return {"JupyterLab ready": ready, "kernel idle": idle, "first figure": first, "all cells run": done,
                "MB fetched": (site.bytes_sent - sent_before) / 1e6}
    finally:
        page.close()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=1, help="cold starts to time (the median is reported)")
    parser.add_argument("--lesson", default="lessons/00_start_here.ipynb")
    args = parser.parse_args(argv)
    missing = jlite.site_missing()
    if missing:
        print(missing)
        return 0
    from playwright.sync_api import sync_playwright

    runs = []
    with jlite.serve() as site, jlite.Outside() as outside, sync_playwright() as p:
        browser = jlite.launch(p, outside)
        for i in range(args.runs):
            r = cold_start(browser, site, args.lesson)
            runs.append(r)
            print(f"run {i + 1}: " + ", ".join(f"{k} {v:.1f}" + ("" if k.startswith("MB") else " s")
                                               for k, v in r.items()), flush=True)
        browser.close()
        leaked = outside.from_the_site()
    median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    parts = site_sizes(jlite.SITE)
    total = sum(parts.values()) / 1e6
    print(f"\n{args.lesson}, median of {len(runs)} cold start(s), seconds from opening the address:")
    print(f"  cold start -> JupyterLab ready {median['JupyterLab ready']:.1f} -> kernel idle "
          f"{median['kernel idle']:.1f} -> first figure {median['first figure']:.1f} -> all cells run "
          f"{median['all cells run']:.1f}   ({median['MB fetched']:.1f} MB fetched)")
    print(f"site: {total:.1f} MB (" + ", ".join(f"{k} {v / 1e6:.1f}" for k, v in parts.items())
          + f"); {gzipped_bytes(jlite.SITE) / 1e6:.1f} MB gzipped")
    if leaked:
        print(f"outside requests attempted: {leaked}")
    ok_first = median["first figure"] <= FIRST_FIGURE_TARGET_S
    print(f"{'PASS' if ok_first else 'FAIL'}: first figure {median['first figure']:.1f} s "
          f"(target <= {FIRST_FIGURE_TARGET_S:.0f} s)")
    print(f"{'PASS' if total <= SITE_TARGET_MB else 'FAIL'}: site {total:.1f} MB (target <= {SITE_TARGET_MB:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
