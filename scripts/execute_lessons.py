"""Execute lessons in a fresh kernel and store their outputs without widget state.

Usage: python scripts/execute_lessons.py [lessons/NN_topic.ipynb ...]
(no arguments: every lesson of both editions). Cells run with PYTHONHASHSEED=0 so stored
outputs are identical from run to run; nbval then compares against them.
Cells tagged ``live`` show the learner's own machine: they run, but are
stored without output (it would show the machine the course was built on).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
LIVE_TAG = "live"


def execute(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("widgets", None)
    os.environ["PYTHONHASHSEED"] = "0"
    start = time.perf_counter()
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=False,
    ).execute()
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:  # execution timestamps would make every run a diff
        cell.get("metadata", {}).pop("execution", None)
        if LIVE_TAG in cell.get("metadata", {}).get("tags", []):
            cell.outputs = []
    nbformat.write(nb, path)
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    lessons = ROOT / "lessons"
    paths = [Path(a) for a in argv] or sorted(lessons.glob("[0-9][0-9]_*.ipynb")) + sorted(
        (lessons / "ko").glob("[0-9][0-9]_*.ipynb"))
    for p in paths:
        print(f"{p.name}: {execute(p):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
