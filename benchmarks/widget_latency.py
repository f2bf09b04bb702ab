"""How fast the dashboards answer a learner's change.

In the kernel (this Python process): for each dashboard (allocation, comparison, migration), at least 200 seeded
random control changes; each is timed from ``control.value = new`` until the observers return, by
which time the model is recomputed, the figures updated in place and the summary rewritten (the
dashboards update synchronously). Targets: median <= 10 ms, p95 <= 50 ms.

In the browser: JupyterLab in headless Chromium shows each dashboard in a scratch notebook (in a
temporary directory); a slider of each is focused and moved with the arrow keys (40 presses each, the
dashboards taking turns, so that a machine that slows down for a while slows them all). Each press
is timed from the ``keydown`` event to the last change of the figure's drawing, waiting each time
until the figure's title is exactly what the model predicts for the new value and the kernel traffic
has stopped. Target: median <= 60 ms. Also printed: how long plotly.js itself spent drawing the figure
(its ``plotly_beforeplot`` to ``plotly_afterplot``), and the messages and bytes each press sent to the
kernel and got back.

Both parts run once per language (English, then Korean: ``vz.set_language``), so words from the catalogue are
measured too.

Usage: python benchmarks/widget_latency.py [--changes 200] [--presses 40] [--seed 0] [--no-browser | --no-kernel]
       [--lang en ko]
Exit status is always 0; read the PASS/FAIL lines. To measure another checkout of vizlib on the same machine (say,
to see whether a change made the dashboards slower), put it first on ``PYTHONPATH``: the page's kernel inherits it.
A checkout from before the message catalogue is measured with ``--lang en``.
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

# Before the page loads: count the kernel traffic (WebSocket frames, both ways) from each key press on.
_JS_TRAFFIC = """(() => {
    const L = window.__latency = {
        keydown: null, last: {}, draws: {}, begin: {}, sent: [0, 0], received: [0, 0], wire: null,
    };
    const size = (d) => (d && (d.length || d.byteLength || d.size)) || 0;
    const Socket = window.WebSocket;
    window.WebSocket = class extends Socket {
        constructor(...args) {
            super(...args);
            this.addEventListener('message', (e) => {
                L.received[0] += 1; L.received[1] += size(e.data); L.wire = performance.now();
            });
        }
        send(data) {
            L.sent[0] += 1; L.sent[1] += size(data); L.wire = performance.now();
            return super.send(data);
        }
    };
    window.addEventListener('keydown', () => {
        Object.assign(L, {keydown: performance.now(), last: {}, draws: {}, begin: {}, sent: [0, 0], received: [0, 0]});
    }, true);
})()"""

# Once the figures are drawn: for each, the last change of its drawing, and how long plotly.js spent drawing it
# (from its 'plotly_beforeplot' to its 'plotly_afterplot' event).
_JS_WATCH = """(sel) => {
    const L = window.__latency;
    document.querySelectorAll(sel).forEach((gd, i) => {
        new MutationObserver(() => { if (L.keydown !== null) L.last[i] = performance.now(); })
            .observe(gd, {subtree: true, childList: true, attributes: true, characterData: true});
        gd.on('plotly_beforeplot', () => { L.begin[i] = performance.now(); });
        gd.on('plotly_afterplot', () => { if (L.begin[i] !== undefined) L.draws[i] = performance.now() - L.begin[i]; });
    });
    return true;
}"""

_JS_QUIET = """(i) => {  // the figure has changed, and neither it nor the kernel traffic has moved for 250 ms
    const L = window.__latency, now = performance.now();
    return L.last[i] !== undefined && now - L.last[i] > 250 && now - L.wire > 250;
}"""

_PLOTS = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .js-plotly-plot"


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


def _language_code(lang: str) -> str:
    """The notebook code that sets the language (nothing for English, so that a checkout from before
    :func:`vizlib.set_language` existed can be measured too)."""
    return "" if lang == "en" else f"vz.set_language({lang!r})\n"


def browser_latency(factories: dict[str, Callable[[], Any]], presses: int, lang: str = "en") -> list[dict]:
    """Time arrow-key presses on a slider of each dashboard in JupyterLab + Chromium, in language ``lang``.

    The dashboards take turns, one press each, so that a machine that slows down for a while slows them all.
    """
    import jlab
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="latency-") as tmp:
        cells = [new_code_cell(f"import vizlib as vz\n{_language_code(lang)}")] + [new_code_cell(
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
            page.add_init_script(_JS_TRAFFIC)
            nb = jlab.LabNotebook(page, lab, "latency.ipynb").open()
            nb.run_all()
            if nb.error_outputs():
                raise RuntimeError(f"the scratch notebook failed: {nb.error_outputs()}")
            runs = []
            for name, factory in factories.items():
                figure, candidates = BROWSER_PLAN[name]
                d = factory()
                key = next((k for k in candidates if k in d.controls and _choices(d.controls[k])), None)
                if key is None:
                    print(f"{name}: none of {candidates} is a slider; skipped")
                    continue
                index = nb.wait_for_title(d.figures[figure].layout.title.text)
                runs.append({"name": name, "dashboard": d, "figure": figure, "control": d.controls[key], "key": key,
                             "index": index, "plan": _plan_presses(d.controls[key], presses),
                             "times": [], "draws": [], "traffic": [], "unchanged": 0})
            page.evaluate(_JS_WATCH, _PLOTS)
            for i in range(presses):
                for run in runs:
                    arrow, value = run["plan"][i]
                    shown = run["dashboard"].figures[run["figure"]]
                    before = shown.layout.title.text
                    run["control"].value = value
                    run["unchanged"] += shown.layout.title.text == before
                    nb.press_on_slider(run["control"].description, arrow)
                    nb.wait_for_title(shown.layout.title.text)
                    page.wait_for_function(_JS_QUIET, arg=run["index"], polling=50)
                    r = page.evaluate(f"() => {{ const L = window.__latency, i = {run['index']}; return "
                                      "[L.last[i] - L.keydown, L.draws[i], L.sent, L.received]; }")
                    run["times"].append(r[0])
                    if r[1] is not None:
                        run["draws"].append(r[1])
                    run["traffic"].append((*r[2], *r[3]))
            page.close()
            browser.close()
    return [{"name": f"{run['name']} [{lang}]", "control": run["key"], "figure": run["figure"],
             "times": run["times"], "draws": run["draws"], "traffic": run["traffic"],
             "unchanged": run["unchanged"], "page_errors": list(errors)} for run in runs]


def report_browser(r: dict) -> None:
    med, p95 = statistics.median(r["times"]), percentile(r["times"], 95)
    print(f"{r['name']} dashboard, in JupyterLab + Chromium: {len(r['times'])} arrow keys on '{r['control']}', "
          f"watching '{r['figure']}'")
    if r["unchanged"]:
        print(f"    {r['unchanged']} presses did not change the title; those wait for any redraw")
    if r["page_errors"]:
        print(f"    JavaScript errors: {r['page_errors']}")
    if r["draws"]:
        print(f"    of which plotly.js drawing the figure: median {statistics.median(r['draws']):.0f} ms")
    sent, sent_bytes, received, received_bytes = (statistics.median(x) for x in zip(*r["traffic"], strict=True))
    print(f"    kernel traffic per press (median): {sent:.0f} messages ({sent_bytes / 1024:.1f} KiB) to the kernel, "
          f"{received:.0f} ({received_bytes / 1024:.1f} KiB) back")
    print(f"  {'PASS' if med <= BROWSER_MEDIAN_MS else 'FAIL'} median {med:.0f} ms <= {BROWSER_MEDIAN_MS:.0f} ms"
          f"   (p95 {p95:.0f} ms, max {max(r['times']):.0f} ms)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=200, help="timed control changes per dashboard (kernel)")
    parser.add_argument("--presses", type=int, default=40, help="arrow-key presses per dashboard (browser)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-browser", action="store_true", help="only the in-kernel measurement")
    parser.add_argument("--no-kernel", action="store_true", help="only the browser measurement")
    parser.add_argument("--lang", nargs="+", default=["en", "ko"], help="languages to measure (default: en ko)")
    args = parser.parse_args(argv)
    import vizlib as vz

    set_language = getattr(vz, "set_language", None)
    if set_language is None:  # a checkout from before the catalogue: English only
        if args.lang != ["en"]:
            parser.error(f"this vizlib ({vz.__file__}) speaks English only; use --lang en")
        set_language = lambda lang: None  # noqa: E731
    factories = dashboards()
    for lang in [] if args.no_kernel else args.lang:
        set_language(lang)
        for name, factory in factories.items():
            report_kernel(kernel_latency(f"{name} [{lang}]", factory, args.changes, args.seed))
    set_language("en")
    if args.no_browser:
        return 0
    import jlab

    reason = jlab.browser_unavailable()
    if reason:
        print(f"browser part SKIPPED: {reason}")
        return 0
    for lang in args.lang:
        set_language(lang)  # the expected titles come from the same catalogue the kernel in the page uses
        for r in browser_latency(factories, args.presses, lang):
            report_browser(r)
    set_language("en")
    return 0


if __name__ == "__main__":
    sys.exit(main())
