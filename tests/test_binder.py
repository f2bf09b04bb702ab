"""Binder runs exactly what CI tested: every dependency pinned and installed at that pin."""

import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)$")


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or line.startswith("-r ") or line == "-e .":
            continue
        m = PIN.match(line)
        assert m, f"{path.name}: {line!r} is not pinned with =="
        pins[m.group(1)] = m.group(2)
    return pins


def test_binder_requirements_pin_everything_and_install_the_course():
    text = (ROOT / "binder/requirements.txt").read_text().splitlines()
    assert "-e ." in text
    pins = _pins(ROOT / "binder/requirements.txt")
    for needed in ("jupyterlab", "plotly", "ipywidgets", "anywidget", "networkx", "numpy"):
        assert needed in pins, f"{needed} is not pinned in binder/requirements.txt"
    assert re.fullmatch(r"python-3\.\d+\n?", (ROOT / "binder/runtime.txt").read_text())


def test_installed_versions_are_the_pinned_ones():
    pins = _pins(ROOT / "binder/requirements.txt") | _pins(ROOT / "tests/requirements.txt")
    wrong = {}
    for name, pinned in pins.items():
        try:
            got = version(name)
        except PackageNotFoundError:
            got = "missing"
        if got != pinned:
            wrong[name] = (pinned, got)
    assert not wrong, f"installed versions differ from the pins (pinned, installed): {wrong}"
