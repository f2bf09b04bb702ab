"""How fast the dashboards answer a learner's change.

In the kernel (this Python process): for each dashboard (allocation, comparison, migration), at least 200 seeded
random control changes; each is timed from ``control.value = new`` until the observers return, by
which time the model is recomputed, the figures updated in place and the summary rewritten (the
dashboards update synchronously). Targets: median <= 10 ms, p95 <= 50 ms.

In the browser: JupyterLab in headless Chromium shows each dashboard in a scratch notebook (in a
temporary directory); a slider is focused and moved with the arrow keys (>= 20 presses). Each press
is timed from the ``keydown`` event to the last change of the figure's drawing, waiting each time
until the figure's title is exactly what the model predicts for the new value. Target: median <= 60 ms.

Both parts run once per language (English, then Korean: ``vz.set_language``), so words from the catalogue are
measured too.

Usage: python benchmarks/widget_latency.py [--changes 200] [--presses 20] [--seed 0] [--no-browser] [--lang en ko]
Exit status is always 0; read the PASS/FAIL lines.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))  # the browser harness shared with the tests

KERNEL_MEDIAN_MS, KERNEL_P95_MS, BROWSER_MEDIAN_MS = 10.0, 50.0, 60.0
# Which slider the browser part moves, and which figure it watches.
BROWSER_PLAN = {
    "allocation": ("hardware", ["vm_count"]),
    "comparison": ("efficiency", ["host_cores", "app_memory_gib", "app_cpus", "host_memory_gib"]),
    "migration": ("migration", ["dirty_mib_s"]),
}


def dashboards() -> dict[str, Callable[[], Any]]:
    """``{"allocation": factory, ...}``: every dashboard the course has, by the name in :data:`BROWSER_PLAN`."""
    import vizlib as vz

    return {name: getattr(vz, f"{name}_dashboard") for name in BROWSER_PLAN}


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0-100), linear interpolation between closest ranks.

    Examples
    --------
    >>> percentile([1.0, 2.0, 3.0, 4.0, 5.0], 50)
    3.0
    >>> percentile([1.0, 2.0, 3.0, 4.0, 5.0], 95)
    4.8
    """
    xs = sorted(values)
    k = (len(xs) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def _choices(control: Any) -> list[Any] | None:
    """Values a learner can give ``control``: a slider's grid, a selection's options, a checkbox's two."""
    values = getattr(control, "_options_values", None)
    if values is not None:
        return list(values)
    if isinstance(getattr(control, "value", None), bool):
        return [False, True]
    lo, hi, step = (getattr(control, a, None) for a in ("min", "max", "step"))
    if None in (lo, hi, step) or step <= 0:
        return None
    n = int(round((hi - lo) / step))
    grid = [lo + i * step for i in range(n + 1)]
    return [int(round(x)) for x in grid] if isinstance(control.value, int) else [round(x, 10) for x in grid]


def _fingerprint(d: Any) -> tuple:
    return (d.summary.value, *(f.layout.title.text for f in d.figures.values()))


def kernel_latency(name: str, factory: Callable[[], Any], changes: int, seed: int) -> dict:
    """Time ``changes`` random control changes (after 5 untimed warm-up changes)."""
    rng = random.Random(seed)
    d = factory()
    options = {k: c for k, c in ((k, _choices(c)) for k, c in d.controls.items()) if c and len(c) > 1}
    skipped = sorted(set(d.controls) - set(options))
    times: list[float] = []
    per_control: dict[str, list[float]] = defaultdict(list)
    visible = 0
    for i in range(changes + 5):
        key = rng.choice(sorted(options))
        control = d.controls[key]
        new = rng.choice([v for v in options[key] if v != control.value])
        before = _fingerprint(d)
        t0 = time.perf_counter()
        control.value = new
        dt = (time.perf_counter() - t0) * 1000
        if i < 5:
            continue
        times.append(dt)
        per_control[key].append(dt)
        visible += _fingerprint(d) != before
    return {"name": name, "times": times, "per_control": per_control, "skipped": skipped, "visible": visible}


def report_kernel(r: dict) -> None:
    med, p95 = statistics.median(r["times"]), percentile(r["times"], 95)
    print(f"{r['name']} dashboard, in the kernel: {len(r['times'])} changes "
          f"({r['visible']} changed the summary or a figure title)")
    for key, ts in sorted(r["per_control"].items()):
        print(f"    {key:<20} n={len(ts):<4} median {statistics.median(ts):6.1f} ms   max {max(ts):6.1f} ms")
    if r["skipped"]:
        print(f"    not varied (no discrete values found): {', '.join(r['skipped'])}")
    print(f"  {'PASS' if med <= KERNEL_MEDIAN_MS else 'FAIL'} median {med:.1f} ms <= {KERNEL_MEDIAN_MS:.0f} ms")
    print(f"  {'PASS' if p95 <= KERNEL_P95_MS else 'FAIL'} p95 {p95:.1f} ms <= {KERNEL_P95_MS:.0f} ms")


# -- browser -----------------------------------------------------------------------------------------

_JS_WATCH = """([index, sel]) => {
    const gd = document.querySelectorAll(sel)[index];
    const L = window.__latency = {keydown: null, last: null};
    window.addEventListener('keydown', () => { L.keydown = performance.now(); L.last = null; }, true);
    new MutationObserver(() => { if (L.keydown !== null) L.last = performance.now(); })
        .observe(gd, {subtree: true, childList: true, attributes: true, characterData: true});
    return true;
}"""


def _plan_presses(control: Any, presses: int) -> list[tuple[str, Any]]:
    """Arrow keys that stay inside the slider's range, with the value each one leads to."""
    value, step, lo, hi = control.value, control.step, control.min, control.max
    keys, direction = [], 1
    for _ in range(presses):
        if not lo <= value + direction * step <= hi:
            direction = -direction
        value = value + direction * step
        value = int(value) if isinstance(control.value, int) else round(value, 10)
        keys.append(("ArrowRight" if direction > 0 else "ArrowLeft", value))
    return keys


def browser_latency(factories: dict[str, Callable[[], Any]], presses: int, lang: str = "en") -> list[dict]:
    """Time arrow-key presses on a slider of each dashboard in JupyterLab + Chromium, in language ``lang``."""
    import jlab
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook
    from playwright.sync_api import sync_playwright

    results = []
    with tempfile.TemporaryDirectory(prefix="latency-") as tmp:
        cells = [new_code_cell(f"import vizlib as vz\nvz.set_language({lang!r})")] + [new_code_cell(
            f"import vizlib as vz\nfrom _latency_factory import factory\n{name}_dashboard = factory({name!r})\n"
            f"{name}_dashboard") for name in factories]
        (Path(tmp) / "_latency_factory.py").write_text(
            "import vizlib as vz\n"
            "def factory(name):\n"
            "    return getattr(vz, f'{name}_dashboard')()\n")
        nbformat.write(new_notebook(cells=cells, metadata={"kernelspec": {
            "name": "python3", "language": "python", "display_name": "Python 3"}}), Path(tmp) / "latency.ipynb")
        with jlab.JupyterLab(tmp) as lab, sync_playwright() as p:
            browser = jlab.launch_chromium(p)
            page, errors = jlab.open_page(browser)
            nb = jlab.LabNotebook(page, lab, "latency.ipynb").open()
            nb.run_all()
            if nb.error_outputs():
                raise RuntimeError(f"the scratch notebook failed: {nb.error_outputs()}")
            for name, factory in factories.items():
                figure, candidates = BROWSER_PLAN[name]
                d = factory()
                key = next((k for k in candidates if k in d.controls and _choices(d.controls[k])), None)
                if key is None:
                    print(f"{name}: none of {candidates} is a slider; skipped")
                    continue
                control = d.controls[key]
                index = nb.wait_for_title(d.figures[figure].layout.title.text)
                page.evaluate(_JS_WATCH, [index, ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .js-plotly-plot"])
                times, unchanged = [], 0
                for arrow, value in _plan_presses(control, presses):
                    before = d.figures[figure].layout.title.text
                    control.value = value
                    expected = d.figures[figure].layout.title.text
                    unchanged += expected == before
                    nb.press_on_slider(control.description, arrow)
                    nb.wait_for_title(expected)
                    page.wait_for_function(  # the drawing has been still for 250 ms: the redraw is over
                        "() => window.__latency.last !== null && performance.now() - window.__latency.last > 250",
                        polling=50)
                    lat = page.evaluate("() => window.__latency.last - window.__latency.keydown")
                    times.append(lat)
                results.append({"name": f"{name} [{lang}]", "control": key, "figure": figure, "times": times,
                                "unchanged": unchanged, "page_errors": list(errors)})
            page.close()
            browser.close()
    return results


def report_browser(r: dict) -> None:
    med, p95 = statistics.median(r["times"]), percentile(r["times"], 95)
    print(f"{r['name']} dashboard, in JupyterLab + Chromium: {len(r['times'])} arrow keys on '{r['control']}', "
          f"watching '{r['figure']}'")
    if r["unchanged"]:
        print(f"    {r['unchanged']} presses did not change the title; those wait for any redraw")
    if r["page_errors"]:
        print(f"    JavaScript errors: {r['page_errors']}")
    print(f"  {'PASS' if med <= BROWSER_MEDIAN_MS else 'FAIL'} median {med:.0f} ms <= {BROWSER_MEDIAN_MS:.0f} ms"
          f"   (p95 {p95:.0f} ms, max {max(r['times']):.0f} ms)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=200, help="timed control changes per dashboard (kernel)")
    parser.add_argument("--presses", type=int, default=20, help="arrow-key presses per dashboard (browser)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-browser", action="store_true", help="only the in-kernel measurement")
    parser.add_argument("--lang", nargs="+", default=["en", "ko"], help="languages to measure (default: en ko)")
    args = parser.parse_args(argv)
    import vizlib as vz

    factories = dashboards()
    for lang in args.lang:
        vz.set_language(lang)
        for name, factory in factories.items():
            report_kernel(kernel_latency(f"{name} [{lang}]", factory, args.changes, args.seed))
    vz.set_language("en")
    if args.no_browser:
        return 0
    import jlab

    reason = jlab.browser_unavailable()
    if reason:
        print(f"browser part SKIPPED: {reason}")
        return 0
    for lang in args.lang:
        vz.set_language(lang)  # the expected titles come from the same catalogue the kernel in the page uses
        for r in browser_latency(factories, args.presses, lang):
            report_browser(r)
    vz.set_language("en")
    return 0


if __name__ == "__main__":
    sys.exit(main())
