"""How long the course takes to run, and how much memory its kernel needs.

Runs each lesson top to bottom in a fresh kernel (nbclient, as ``make lessons`` does, without
writing anything) and prints, per lesson, the kernel start time, the time to run all cells and the
kernel's peak resident memory; then the totals against the course's targets:

* the whole course (kernel starts included) runs in at most 90 s;
* no lesson's kernel needs more than 500 MB at its peak.

Peak memory is the kernel process's high-water mark (``VmHWM`` in ``/proc/<pid>/status``, Linux);
elsewhere it falls back to the largest resident size sampled after each cell (psutil).

Usage: python benchmarks/course_time.py [lessons/NN_topic.ipynb ...]   (no arguments: every lesson of both editions,
English and Korean; the 90 s target is for the whole run, and each edition's own total is printed too)
Exit status is always 0; read the PASS/FAIL lines.
"""

from __future__ import annotations

import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[1]
COURSE_TARGET_S = 90.0
MEMORY_TARGET_MB = 500.0


@dataclass
class Run:
    name: str
    start_s: float = 0.0
    cells_s: float = 0.0
    peak_mb: float = float("nan")
    memory_source: str = ""
    error: str = ""

    @property
    def total_s(self) -> float:
        return self.start_s + self.cells_s


def peak_rss_mb(pid: int) -> tuple[float, str]:
    """Peak resident memory of process ``pid`` so far, in MB (10**6 bytes), and how it was read."""
    status = Path(f"/proc/{pid}/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e6, "VmHWM"
    try:
        import psutil
    except ImportError:
        return float("nan"), "unavailable"
    return psutil.Process(pid).memory_info().rss / 1e6, "sampled RSS"


def run_lesson(path: Path, timeout: int = 300) -> Run:
    """Execute ``path`` in a fresh kernel; time it and track the kernel's peak memory."""
    run = Run(f"{path.parent.name}/{path.name}" if path.parent.name != "lessons" else path.name)
    nb = nbformat.read(path, as_version=4)
    marks: dict[str, float] = {}

    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=False,
                            resources={"metadata": {"path": str(path.parent)}})

    def sample(**_: object) -> None:
        pid = client.km.provisioner.pid if client.km and client.km.provisioner else None
        if pid:
            mb, source = peak_rss_mb(pid)
            if not run.peak_mb >= mb:  # also replaces the initial NaN
                run.peak_mb, run.memory_source = mb, source
        marks["last"] = time.perf_counter()

    def started(**_: object) -> None:
        marks["first"] = time.perf_counter()

    client.on_notebook_start = started
    client.on_cell_executed = sample
    os.environ["PYTHONHASHSEED"] = "0"
    t0 = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as e:
        run.error = re.sub(r"\x1b\[[0-9;]*m", "", str(e)).strip().splitlines()[-1][:200]
    except Exception as e:  # a kernel that died or timed out is a result too
        run.error = f"{type(e).__name__}: {e}"[:200]
    end = marks.get("last", time.perf_counter())
    first = marks.get("first", t0)
    run.start_s, run.cells_s = first - t0, max(0.0, end - first)
    return run


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main(argv: list[str]) -> int:
    lessons = ROOT / "lessons"
    paths = [Path(a).resolve() for a in argv] or (sorted(lessons.glob("[0-9][0-9]_*.ipynb"))
                                                  + sorted((lessons / "ko").glob("[0-9][0-9]_*.ipynb")))
    if not paths:
        print("no lessons found")
        return 0
    print(f"{'lesson':<39}{'kernel start s':>15}{'run all s':>11}{'peak MB':>10}")
    runs = []
    for path in paths:
        r = run_lesson(path)
        runs.append(r)
        note = f"  ERROR {r.error}" if r.error else ""
        print(f"{r.name:<39}{r.start_s:>15.1f}{r.cells_s:>11.1f}{r.peak_mb:>10.0f}{note}", flush=True)
    total = sum(r.total_s for r in runs)
    cells = sum(r.cells_s for r in runs)
    peak = max(runs, key=lambda r: r.peak_mb if r.peak_mb == r.peak_mb else -1.0)
    sources = sorted({r.memory_source for r in runs if r.memory_source})
    print(f"{'total':<39}{sum(r.start_s for r in runs):>15.1f}{cells:>11.1f}{peak.peak_mb:>10.0f}")
    for edition in sorted({r.name.split("/")[0] if "/" in r.name else "en" for r in runs}):
        mine = [r for r in runs if (r.name.split("/")[0] if "/" in r.name else "en") == edition]
        print(f"  edition {edition}: {len(mine)} lessons, {sum(r.total_s for r in mine):.1f} s")
    failed = [r.name for r in runs if r.error]
    print()
    print(f"{verdict(total <= COURSE_TARGET_S and not failed)} whole run: {total:.1f} s "
          f"(kernel starts included; {cells:.1f} s running cells) <= {COURSE_TARGET_S:.0f} s"
          + (f"; lessons that failed: {', '.join(failed)}" if failed else ""))
    print(f"{verdict(peak.peak_mb <= MEMORY_TARGET_MB)} peak kernel memory: {peak.peak_mb:.0f} MB ({peak.name}, "
          f"{'/'.join(sources) or 'not measured'}) <= {MEMORY_TARGET_MB:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
