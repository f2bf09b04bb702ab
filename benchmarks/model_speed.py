"""How fast the model and the figures answer, outside any widget.

- A hardware figure of a full 32-core, 128 GiB host with 30 VMs: median of 7 builds. Target: <= 50 ms.
- Placing 2,000 VMs of the default mix on a cluster, for each placement policy: best of 3. Target: <= 0.5 s.

Usage: python benchmarks/model_speed.py
Exit status is always 0; read the PASS/FAIL lines. (These used to be timed tests; a timing depends on the machine's
load, so it is a figure to read, not a test to pass.)
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import vizlib as vz  # noqa: E402
from vizlib.figures import hardware as F  # noqa: E402

FIGURE_MS = 50.0
PLACEMENT_S = 0.5


def timed(action, runs: int) -> list[float]:
    """Seconds each of ``runs`` calls of ``action`` took (after one warm-up call)."""
    action()
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        out.append(time.perf_counter() - start)
    return out


def main() -> int:
    s = vz.fill_vms(vz.Host(cpu_cores=32, memory_gib=128), count=30, vcpus=1, memory_gib=3,
                    app=vz.App("web", cpus=0.5, memory_gib=1))
    ms = statistics.median(timed(lambda: F.hardware_figure(s.system, s.refused), 7)) * 1000
    print(f"hardware figure, 30 VMs: median {ms:.1f} ms  {'PASS' if ms <= FIGURE_MS else 'FAIL'} (<= {FIGURE_MS:g} ms)")
    cluster = vz.Cluster(vz.Host(cpu_cores=32, memory_gib=128))
    apps = vz.workload(2000, seed=11)
    for policy in sorted(vz.PLACEMENT_POLICIES):
        best = min(timed(lambda p=policy: cluster.place(apps, packaging="vm", policy=p), 3))
        print(f"placing 2,000 VMs, {policy}: best {best:.3f} s  {'PASS' if best <= PLACEMENT_S else 'FAIL'} "
              f"(<= {PLACEMENT_S:g} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
