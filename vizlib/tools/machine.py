"""Read-only inspection of the learner's own machine.

Where is this notebook really running? :func:`inspect_machine` reads what
Linux exposes in ``/proc`` and ``/sys``: the kernel release, how many CPUs
are visible and how many this process may use (CPU affinity and the cgroup
CPU quota), the memory limit from cgroups, the namespaces of this process
compared with those of PID 1, and the signs of running inside a container
or a virtual machine. Nothing is changed, nothing is sent anywhere.

On macOS and Windows there is no ``/proc``: the result says so in plain
words, fills in what Python itself can tell, and never raises. In the
browser (the course's JupyterLite site, where Python is Pyodide compiled to
WebAssembly) there is no kernel beneath Python at all: the result says that
the notebook runs in a WebAssembly sandbox inside a browser tab, one more
isolation boundary.

Every path is read below ``root``, so tests can point it at a fake tree.

What it says comes from the message catalogue: the summary, the table and
the signs found are shown in the current language (:func:`vizlib.set_language`),
even for a result inspected before the language changed.
"""

from __future__ import annotations

import html
import os
import platform
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vizlib.text.catalog import N_, t, tn, tp, verbatim
from vizlib.text.fmt import columns, pad

__all__ = ["MachineInfo", "Namespace", "NAMESPACES", "inspect_machine"]


class Said(str):
    """A catalogue message kept with its fields, so that it can be said again in another language.

    It is a ``str`` (the text as it read when it was made, so it compares, joins and prints like one), and
    :func:`said` renders it again in the current language. Mark the message where it is made:
    ``Said(N_("the cgroup path {path} names {word}"), path=..., word=...)``. Fields may be ``Said`` themselves;
    :meth:`joined` keeps several as one text.
    """

    _msgid: str | None
    _fields: dict[str, Any]
    _items: tuple[str, ...]
    _sep: str

    def __new__(cls, msgid: str, /, **fields: Any) -> Said:
        return cls._make(msgid, fields, (), "")

    @classmethod
    def joined(cls, items: Iterable[str], sep: str = " ") -> Said:
        """Several texts (``Said`` or plain) as one, joined by ``sep``."""
        return cls._make(None, {}, tuple(items), sep)

    @classmethod
    def _make(cls, msgid: str | None, fields: dict[str, Any], items: tuple[str, ...], sep: str) -> Said:
        obj = str.__new__(cls, _render(msgid, fields, items, sep))
        obj._msgid, obj._fields, obj._items, obj._sep = msgid, fields, items, sep
        return obj

    def now(self) -> str:
        """The text in the current language."""
        return _render(self._msgid, self._fields, self._items, self._sep)

    def __reduce__(self):
        return Said._make, (self._msgid, self._fields, self._items, self._sep)


def _render(msgid: str | None, fields: dict[str, Any], items: tuple[str, ...], sep: str) -> str:
    if msgid is None:
        return sep.join(said(i) for i in items)
    return t(msgid, **{k: said(v) if isinstance(v, Said) else v for k, v in fields.items()})


def said(text: str) -> str:
    """``text`` in the current language: a :class:`Said` is said again, a plain string stays as it is."""
    return text.now() if isinstance(text, Said) else str(text)

NAMESPACES = ("cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts")
"""Namespace types compared, as named in ``/proc/<pid>/ns``."""

# Inode numbers of the kernel's initial namespaces (linux include/linux/proc_ns.h,
# PROC_*_INIT_INO). A process whose namespace has another number was moved into a new one.
_INITIAL_INODES = {
    "ipc": 0xEFFFFFFF, "uts": 0xEFFFFFFE, "user": 0xEFFFFFFD, "pid": 0xEFFFFFFC, "cgroup": 0xEFFFFFFB,
    "time": 0xEFFFFFFA,
}
_UNLIMITED = 2**60  # cgroup v1 writes a huge number for "no limit"
_CONTAINER_CGROUP_WORDS = ("docker", "kubepods", "containerd", "libpod", "podman", "lxc", "crio", "garden")
_CONTAINER_ENV = {
    "KUBERNETES_SERVICE_HOST": N_("the KUBERNETES_SERVICE_HOST variable is set (a Kubernetes pod)"),
    "BINDER_LAUNCH_HOST": N_("the BINDER_LAUNCH_HOST variable is set (a Binder session, which runs in a container)"),
    "BINDER_REQUEST": N_("the BINDER_REQUEST variable is set (a Binder session, which runs in a container)"),
    "container": N_("the 'container' variable is set (set by container managers such as systemd-nspawn or Podman)"),
}
_GIB = 1024**3


@dataclass(frozen=True)
class Namespace:
    """One namespace of this process, compared with PID 1's.

    ``inode`` identifies the namespace (two processes share it when the
    numbers match); ``pid1_inode`` is ``None`` when PID 1 cannot be read
    (usually for lack of permission). ``initial`` says whether it is the
    kernel's first namespace of that type (``None`` when the kernel gives
    that type no fixed number).
    """

    name: str
    inode: int | None
    pid1_inode: int | None
    initial: bool | None

    @property
    def shared_with_pid1(self) -> bool | None:
        if self.inode is None or self.pid1_inode is None:
            return None
        return self.inode == self.pid1_inode


@dataclass(frozen=True)
class MachineInfo:
    """What :func:`inspect_machine` found. ``None`` means "could not be read".

    Attributes
    ----------
    supported : bool
        Whether live inspection works here (Linux).
    system : str
        ``"Linux"``, ``"Darwin"`` (macOS), ``"Windows"``, ...
    kernel_release : str or None
    os_name : str or None
    architecture : str or None
    cpu_count : int or None
        CPUs the kernel has online (what ``nproc --all`` would say).
    cpus_allowed : int or None
        CPUs this process may run on (its affinity).
    cpu_quota : float or None
        cgroup CPU limit in cores; ``None`` when there is none.
    memory_total_gib : float or None
    memory_limit_gib : float or None
        cgroup memory limit; ``None`` when there is none.
    cgroup_version : int or None
    cgroup_path : str or None
    namespaces : tuple of Namespace
    in_container : bool or None
        ``True`` when at least one sign of a container was found.
    container_signals : tuple of str
    in_vm : bool or None
        ``True`` when the CPU or firmware says a hypervisor is underneath.
    vm_signals : tuple of str
    notes : tuple of str
        Things that could not be read, and why.
    message : str
        On systems without ``/proc``, what was and was not inspected.

    The signs, notes and message that :func:`inspect_machine` finds are :class:`Said` strings: the summary and
    the displays say them in the current language.
    """

    supported: bool
    system: str
    kernel_release: str | None = None
    os_name: str | None = None
    architecture: str | None = None
    cpu_count: int | None = None
    cpus_allowed: int | None = None
    cpu_quota: float | None = None
    memory_total_gib: float | None = None
    memory_limit_gib: float | None = None
    cgroup_version: int | None = None
    cgroup_path: str | None = None
    namespaces: tuple[Namespace, ...] = ()
    in_container: bool | None = None
    container_signals: tuple[str, ...] = ()
    in_vm: bool | None = None
    vm_signals: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())
    message: str = ""

    @property
    def effective_cpus(self) -> float | None:
        """CPUs this process can really use: the smallest of visible, allowed and the quota."""
        known = [x for x in (self.cpu_count, self.cpus_allowed, self.cpu_quota) if x is not None]
        return float(min(known)) if known else None

    @property
    def effective_memory_gib(self) -> float | None:
        """Memory this process's group can really use: the smaller of total and the cgroup limit."""
        known = [x for x in (self.memory_total_gib, self.memory_limit_gib) if x is not None]
        return min(known) if known else None

    def _facts(self) -> list[tuple[str, str]]:
        def show(x, unit=None):
            if x is None:
                return t("unknown")
            if isinstance(x, float):
                x = f"{x:.2f}".rstrip("0").rstrip(".")
            if unit == "cores":
                return t("{amount} cores", amount=x)
            return f"{x} {unit}" if unit else str(x)

        none = tp("machine fact", "none")
        rows = [
            (tp("machine fact", "system"), self.system),
            (tp("machine fact", "kernel release"), show(self.kernel_release)),
            (tp("machine fact", "operating system"), show(self.os_name)),
            (tp("machine fact", "CPUs online"), show(self.cpu_count)),
            (tp("machine fact", "CPUs this process may use"), show(self.cpus_allowed)),
            (tp("machine fact", "cgroup CPU limit"),
             none if self.cgroup_version and self.cpu_quota is None else show(self.cpu_quota, "cores")),
            (tp("machine fact", "memory"), show(self.memory_total_gib, "GiB")),
            (tp("machine fact", "cgroup memory limit"),
             none if self.cgroup_version and self.memory_limit_gib is None else show(self.memory_limit_gib, "GiB")),
            (tp("machine fact", "cgroup version"), show(self.cgroup_version)),
        ]
        for ns in self.namespaces:
            inode = ns.inode if ns.inode is not None else t("unknown")
            rows.append((t("{name} namespace", name=ns.name),
                         t(_NAMESPACE_FACT[ns.shared_with_pid1, ns.initial], inode=inode)))
        return rows

    def summary(self) -> str:
        """A few plain sentences about where this notebook runs."""
        if not self.supported:
            return said(self.message)
        out = []
        if self.kernel_release:
            out.append(t("This notebook runs as a process on Linux kernel {release}.", release=self.kernel_release))
        else:
            out.append(t("This notebook runs as a process on a Linux kernel."))
        if self.in_vm:
            out.append(t("That kernel itself runs inside a virtual machine: {signs}.",
                         signs="; ".join(said(s) for s in self.vm_signals)))
        if self.os_name:
            if self.in_container:
                out.append(t("The notebook's files come from {os} (the container image's); the kernel is not part "
                             "of them.", os=self.os_name))
            else:
                out.append(t("The notebook's files come from {os} (the installed system's); the kernel is not part "
                             "of them.", os=self.os_name))
        cpu = self._cpu_sentence()
        if cpu:
            out.append(cpu)
        if self.memory_total_gib is not None:
            total = f"{self.memory_total_gib:.1f}"
            if self.memory_limit_gib is not None and self.memory_limit_gib < self.memory_total_gib:
                out.append(t("The machine has {total} GiB of memory, but a cgroup limits this notebook's group to "
                             "{limit} GiB.", total=total, limit=f"{self.memory_limit_gib:.2f}"))
            elif self.cgroup_version is not None:
                out.append(t("The machine has {total} GiB of memory and no cgroup memory limit applies.",
                             total=total))
            else:
                out.append(t("The machine has {total} GiB of memory.", total=total))
        known = [ns for ns in self.namespaces if ns.inode is not None]
        own = [ns.name for ns in known if ns.initial is False]
        if own:
            out.append(tn(
                "This process lives in its own {names} namespace, not the kernel's initial one: it sees its own "
                "isolated instance of those resources.",
                "This process lives in its own {names} namespaces, not the kernel's initial one: it sees its own "
                "isolated instance of those resources.", len(own), names=", ".join(own)))
        elif any(ns.initial for ns in known):
            out.append(t("Its namespaces whose origin can be told are the kernel's initial ones."))
        if known and all(ns.pid1_inode is None for ns in known):
            out.append(t("PID 1's namespaces are not readable without more privileges, so they were not compared."))
        elif any(ns.shared_with_pid1 is False for ns in known):
            diff = [ns.name for ns in known if ns.shared_with_pid1 is False]
            out.append(t("It does not share these namespaces with PID 1: {names}.", names=", ".join(diff)))
        elif known:
            out.append(t("It shares its namespaces with PID 1 (inside a container, PID 1 is the container's first "
                         "process, so this alone does not tell)."))
        if self.in_container:
            out.append(t("Signs of a container: {signs}.", signs="; ".join(said(s) for s in self.container_signals)))
            pid = next((ns for ns in known if ns.name == "pid"), None)
            if pid is not None and pid.initial:
                out.append(t("Yet the PID namespace is the kernel's initial one, so the isolation here may come from "
                             "a virtual machine or sandbox rather than from container namespaces."))
        elif self.in_container is False:
            out.append(t("No sign of a container was found."))
        return " ".join(out)

    def _cpu_sentence(self) -> str:
        """What the kernel and the cgroup say about CPUs, in one sentence ("" when nothing is known)."""
        online = self.cpu_count is not None
        allowed = self.cpus_allowed is not None and self.cpus_allowed != self.cpu_count
        limit = "quota" if self.cpu_quota is not None else "none" if self.cgroup_version is not None else ""
        message = _CPU_SENTENCE.get((online, allowed, limit))
        if message is None:
            return ""
        quota = f"{self.cpu_quota:g}" if self.cpu_quota is not None else ""
        return t(message, online=self.cpu_count, allowed=self.cpus_allowed, quota=quota)

    def __repr__(self) -> str:
        rows = self._facts()
        w = max(columns(k) for k, _ in rows)
        lines = [f"{pad(k, w)}  {val}" for k, val in rows]
        notes = [t("note: {note}", note=said(n)) for n in self.notes]
        return "\n".join(lines + ["", self.summary()] + notes)

    def _repr_html_(self) -> str:
        e = html.escape
        body = "".join(f"<tr><td style='text-align:left'>{e(k)}</td><td style='text-align:left'>{e(val)}</td></tr>"
                       for k, val in self._facts())
        notes = "".join(f"<li>{e(said(n))}</li>" for n in self.notes)
        heading = e(tp("machine notes", "could not read"))
        return (
            f"<p>{e(self.summary())}</p><table class='vz-machine'><tbody>{body}</tbody></table>"
            + (f"<details><summary>{heading}</summary><ul>{notes}</ul></details>" if notes else "")
        )


_NAMESPACE_FACT = {
    (True, True): N_("{inode} (same as PID 1, the kernel's initial one)"),
    (True, False): N_("{inode} (same as PID 1, not the kernel's initial one)"),
    (True, None): N_("{inode} (same as PID 1)"),
    (False, True): N_("{inode} (different from PID 1, the kernel's initial one)"),
    (False, False): N_("{inode} (different from PID 1, not the kernel's initial one)"),
    (False, None): N_("{inode} (different from PID 1)"),
    (None, True): N_("{inode} (PID 1 not readable, the kernel's initial one)"),
    (None, False): N_("{inode} (PID 1 not readable, not the kernel's initial one)"),
    (None, None): N_("{inode} (PID 1 not readable)"),
}
"""A namespace's row in the table: (shared with PID 1, the kernel's initial one) -> message."""

_CPU_SENTENCE = {
    # (CPUs online known, allowed CPUs differ, cgroup limit: "quota", "none" or "" for no cgroup) -> message
    (True, False, ""): N_("The kernel has {online} CPUs online."),
    (True, True, ""): N_("The kernel has {online} CPUs online; this process may run on {allowed} of them."),
    (True, False, "quota"): N_("The kernel has {online} CPUs online; this notebook's cgroup caps it at {quota} cores "
                               "of CPU time."),
    (True, True, "quota"): N_("The kernel has {online} CPUs online; this process may run on {allowed} of them; this "
                              "notebook's cgroup caps it at {quota} cores of CPU time."),
    (True, False, "none"): N_("The kernel has {online} CPUs online; no cgroup CPU limit applies."),
    (True, True, "none"): N_("The kernel has {online} CPUs online; this process may run on {allowed} of them; no "
                             "cgroup CPU limit applies."),
    (False, True, ""): N_("This process may run on {allowed} of them."),
    (False, True, "quota"): N_("This process may run on {allowed} of them; this notebook's cgroup caps it at {quota} "
                               "cores of CPU time."),
    (False, True, "none"): N_("This process may run on {allowed} of them; no cgroup CPU limit applies."),
    (False, False, "quota"): N_("This notebook's cgroup caps it at {quota} cores of CPU time."),
    (False, False, "none"): N_("No cgroup CPU limit applies."),
}



class _Reader:
    """Reads files below a root, collecting what failed instead of raising."""

    def __init__(self, root: Path):
        self.root = root
        self.notes: list[str] = []

    def path(self, p: str) -> Path:
        return self.root / p.lstrip("/")

    def text(self, p: str, *, quiet: bool = False) -> str | None:
        try:
            return self.path(p).read_text(encoding="utf-8", errors="replace")
        except (OSError, ValueError) as e:
            if not quiet:
                self.notes.append(f"{p}: {e.strerror if isinstance(e, OSError) and e.strerror else e}")
            return None

    def link(self, p: str) -> str | None:
        try:
            return os.readlink(self.path(p))
        except (OSError, ValueError):
            return None

    def exists(self, p: str) -> bool:
        try:
            return self.path(p).exists()
        except OSError:
            return False


def _cpu_list(text: str | None) -> int | None:
    """Count CPUs in a list such as ``0-3,8,10-11``."""
    if not text or not text.strip():
        return None
    n = 0
    try:
        for part in text.strip().split(","):
            if "-" in part:
                a, b = part.split("-")
                n += int(b) - int(a) + 1
            else:
                int(part)
                n += 1
    except ValueError:
        return None
    return n


def _os_release(text: str | None) -> str | None:
    if not text:
        return None
    fields = {}
    for line in text.splitlines():
        if "=" in line:
            k, _, val = line.partition("=")
            fields[k.strip()] = val.strip().strip('"').strip("'")
    return fields.get("PRETTY_NAME") or fields.get("NAME")


def _mounts(r: _Reader) -> list[tuple[str, str, str, str]]:
    """(root, mount point, fstype, super options) of each mount, from mountinfo."""
    text = r.text("/proc/self/mountinfo", quiet=True) or ""
    out = []
    for line in text.splitlines():
        left, sep, right = line.partition(" - ")
        if not sep:
            continue
        a, b = left.split(), right.split()
        if len(a) >= 5 and len(b) >= 3:
            out.append((a[3], a[4].replace("\\040", " "), b[0], b[2]))
    return out


def _cgroups(r: _Reader) -> tuple[int | None, str | None, dict[str, list[Path]]]:
    """cgroup version, this process's path, and per controller the directories from its cgroup up to the root."""
    text = r.text("/proc/self/cgroup")
    if text is None:
        return None, None, {}
    entries = []
    for line in text.splitlines():
        parts = line.split(":", 2)
        if len(parts) == 3:
            entries.append((parts[0], parts[1].split(",") if parts[1] else [], parts[2]))
    mounts = _mounts(r)
    v2_mount = next(((root, mp) for root, mp, fs, _ in mounts if fs == "cgroup2"), None)
    v1 = {c: p for _h, ctrls, p in entries for c in ctrls if c}
    dirs: dict[str, list[Path]] = {}

    def chain(mount_root: str, mount_point: str, path: str) -> list[Path]:
        rel = path
        if mount_root not in ("/", "") and path.startswith(mount_root):
            rel = path[len(mount_root):]
        base = r.path(mount_point)
        here = base / rel.lstrip("/")
        if not here.is_dir():  # a container often sees its own cgroup as the mount's root
            here = base
        out = [here]
        while here != base and base in here.parents:
            here = here.parent
            out.append(here)
        return out

    if "cpu" in v1 or "memory" in v1:
        for ctrl in ("cpu", "memory"):
            if ctrl not in v1:
                continue
            mount = next(((root, mp) for root, mp, fs, opts in mounts if fs == "cgroup" and ctrl in opts.split(",")),
                         (("/", f"/sys/fs/cgroup/{ctrl}")))
            dirs[ctrl] = chain(mount[0], mount[1], v1[ctrl])
        return 1, v1.get("memory") or v1.get("cpu"), dirs
    unified = next((p for h, ctrls, p in entries if h == "0" and not ctrls), None)
    if unified is None:
        return None, None, {}
    mount = v2_mount or ("/", "/sys/fs/cgroup")
    d = chain(mount[0], mount[1], unified)
    return 2, unified, {"cpu": d, "memory": d}


def _cpu_quota(r: _Reader, version: int | None, dirs: dict[str, list[Path]]) -> float | None:
    best = None
    for d in dirs.get("cpu", []):
        quota = None
        try:
            if version == 2:
                f = d / "cpu.max"
                parts = f.read_text().split() if f.exists() else []
                if parts and parts[0] != "max":
                    quota = int(parts[0]) / (int(parts[1]) if len(parts) > 1 else 100000)
            elif version == 1:
                fq, fp = d / "cpu.cfs_quota_us", d / "cpu.cfs_period_us"
                if fq.exists() and fp.exists():
                    q = int(fq.read_text().strip())
                    if q > 0:
                        quota = q / int(fp.read_text().strip())
        except (OSError, ValueError) as e:
            r.notes.append(f"{d}: {e}")
        if quota is not None:
            best = quota if best is None else min(best, quota)
    return best


def _memory_limit(r: _Reader, version: int | None, dirs: dict[str, list[Path]]) -> float | None:
    best = None
    name = "memory.max" if version == 2 else "memory.limit_in_bytes"
    for d in dirs.get("memory", []):
        try:
            f = d / name
            if not f.exists():
                continue
            text = f.read_text().strip()
            if text == "max":
                continue
            limit = int(text)
            if limit >= _UNLIMITED:
                continue
            best = limit if best is None else min(best, limit)
        except (OSError, ValueError) as e:
            r.notes.append(f"{d / name}: {e}")
    return None if best is None else best / _GIB


def _inode(link: str | None) -> int | None:
    if not link or "[" not in link:
        return None
    try:
        return int(link.split("[", 1)[1].rstrip("]"))
    except ValueError:
        return None


def _unsupported(system: str) -> MachineInfo:
    try:
        release = platform.release() or None
    except Exception:  # pragma: no cover - platform never raises in practice
        release = None
    names = {"Darwin": "macOS", "Windows": "Windows"}
    shown = names.get(system, system)
    count = os.cpu_count()
    release_shown = release or Said(N_("unknown"))
    if shown:
        sentences = [
            Said(N_("Live inspection reads Linux's /proc and /sys, which {system} does not have, so cgroup limits and "
                    "namespaces cannot be shown here."), system=shown),
            Said(N_("Python reports a {system} kernel release {release} and {count} CPUs."), system=shown,
                 release=release_shown, count=count) if count else
            Said(N_("Python reports a {system} kernel release {release} and an unknown number of CPUs."),
                 system=shown, release=release_shown),
            Said(N_("On {system}, Docker and similar tools run containers inside a small Linux virtual machine, "
                    "because containers need a Linux kernel to share."), system=shown),
        ]
    else:
        sentences = [
            Said(N_("Live inspection reads Linux's /proc and /sys, which this system does not have, so cgroup limits "
                    "and namespaces cannot be shown here.")),
            Said(N_("Python reports a this system kernel release {release} and {count} CPUs."),
                 release=release_shown, count=count) if count else
            Said(N_("Python reports a this system kernel release {release} and an unknown number of CPUs."),
                 release=release_shown),
            Said(N_("On this system, Docker and similar tools run containers inside a small Linux virtual machine, "
                    "because containers need a Linux kernel to share.")),
        ]
    sentences.append(Said(N_("Open the course on Binder or a Linux machine to see the real thing.")))
    return MachineInfo(
        supported=False, system=system or "unknown", kernel_release=release,
        os_name=platform.platform() if system else None, architecture=platform.machine() or None,
        cpu_count=count, message=Said.joined(sentences),
    )


def _browser_cpus() -> int | None:
    """Logical CPUs the browser reports to the page (``navigator.hardwareConcurrency``), under Pyodide."""
    try:
        import js  # Pyodide's bridge to the browser's JavaScript; absent elsewhere

        count = int(js.navigator.hardwareConcurrency)
    except Exception:
        return None
    return count if count > 0 else None


def _in_browser() -> MachineInfo:
    """The machine as Python sees it in the browser: Pyodide's Emscripten runtime, inside a WebAssembly sandbox."""
    count = _browser_cpus()
    sentences = [
        Said(N_("This notebook's Python runs inside your web browser, compiled to WebAssembly (Pyodide, in "
                "JupyterLite): no Linux kernel sits beneath it, so there is no /proc or /sys to read, and no cgroup "
                "limits or namespaces to show.")),
        Said(N_("The browser runs it in a WebAssembly sandbox inside this tab: the code reaches only the memory the "
                "browser gives it and what the page hands it, never your files, your other programs or your "
                "operating system directly.")),
        Said(N_("That sandbox is one more isolation boundary, beside the virtual machines and containers of this "
                "course; lesson 10 places sandboxes like it on the isolation spectrum.")),
    ]
    if count:
        sentences.append(Said(N_("The browser tells the page that this computer has {count} logical CPUs."),
                              count=count))
    sentences.append(Said(N_("Open the course in JupyterLab on Linux, or on Binder, to see a real kernel, its cgroups "
                             "and its namespaces.")))
    return MachineInfo(
        supported=False, system="Emscripten", os_name=platform.platform() or None, architecture="wasm32",
        cpu_count=count, message=Said.joined(sentences),
    )


def inspect_machine(
    root: str | os.PathLike = "/",
    *,
    environ: Mapping[str, str] | None = None,
    system: str | None = None,
) -> MachineInfo:
    """Inspect the machine this Python process runs on (read-only; never raises).

    Parameters
    ----------
    root : path, default "/"
        Where to find ``proc``, ``sys`` and ``etc``; tests point it at a fake tree.
        With the real root, Python's own calls (CPU affinity, ``uname``) fill gaps.
    environ : mapping, optional
        Environment variables to look at (default: ``os.environ``).
    system : str, optional
        Operating system name (default: ``platform.system()``; ``"Emscripten"`` in the browser).

    Returns
    -------
    MachineInfo
        With ``.summary()`` in plain words; displays as a table in a notebook.

    Examples
    --------
    >>> info = inspect_machine()
    >>> isinstance(info.summary(), str) and info.system != ""
    True
    """
    try:
        system = platform.system() if system is None else str(system)
        if system == "Emscripten":
            return _in_browser()
        if system != "Linux":
            return _unsupported(system)
        return _inspect_linux(Path(root), dict(os.environ if environ is None else environ))
    except Exception as e:  # the learner sees a sentence, never a traceback
        return MachineInfo(supported=False, system=str(system),
                           message=Said(N_("The machine could not be inspected: {error}"), error=str(e)),
                           notes=(repr(e),))


def _inspect_linux(root: Path, environ: dict[str, str]) -> MachineInfo:
    r = _Reader(root)
    live = root == Path("/")
    release = (r.text("/proc/sys/kernel/osrelease") or "").strip() or (platform.release() if live else None)
    os_name = _os_release(r.text("/etc/os-release", quiet=True) or r.text("/usr/lib/os-release", quiet=True))
    cpu_count = _cpu_list(r.text("/sys/devices/system/cpu/online"))
    if cpu_count is None and live:
        cpu_count = os.cpu_count()
    allowed = None
    status = r.text("/proc/self/status") or ""
    for line in status.splitlines():
        if line.startswith("Cpus_allowed_list:"):
            allowed = _cpu_list(line.split(":", 1)[1])
    if allowed is None and live and hasattr(os, "sched_getaffinity"):
        allowed = len(os.sched_getaffinity(0))
    total = None
    for line in (r.text("/proc/meminfo") or "").splitlines():
        if line.startswith("MemTotal:"):
            try:
                total = int(line.split()[1]) * 1024 / _GIB
            except (IndexError, ValueError):
                r.notes.append(Said(N_("/proc/meminfo: cannot read {line}"), line=repr(line)))
    version, path, dirs = _cgroups(r)
    quota = _cpu_quota(r, version, dirs)
    limit = _memory_limit(r, version, dirs)

    namespaces = []
    for name in NAMESPACES:
        mine = _inode(r.link(f"/proc/self/ns/{name}"))
        if mine is None:
            continue
        init = _INITIAL_INODES.get(name)
        namespaces.append(Namespace(name, mine, _inode(r.link(f"/proc/1/ns/{name}")),
                                    None if init is None else mine == init))

    signals = []
    if r.exists("/.dockerenv"):
        signals.append(Said(N_("/.dockerenv exists (Docker creates it)")))
    if r.exists("/run/.containerenv"):
        signals.append(Said(N_("/run/.containerenv exists (Podman creates it)")))
    if path:
        words = [w for w in _CONTAINER_CGROUP_WORDS if w in path.lower()]
        if words:
            signals.append(Said(N_("the cgroup path {path} names {word}"), path=repr(path), word=words[0]))
    for var, why in _CONTAINER_ENV.items():
        if environ.get(var):
            signals.append(Said(why))
    pid = next((ns for ns in namespaces if ns.name == "pid"), None)
    if pid is not None and pid.initial is False:
        signals.append(Said(N_("the PID namespace is not the kernel's initial one")))
    root_fs = next((fs for _root, mp, fs, _opts in _mounts(r) if mp == "/"), None)
    if root_fs == "overlay":
        signals.append(Said(N_("the root file system is an overlay (image layers)")))

    vm = []
    cpuinfo = r.text("/proc/cpuinfo", quiet=True) or ""
    for line in cpuinfo.splitlines():
        if line.startswith(("flags", "Features")) and " hypervisor" in f" {line.split(':', 1)[-1]} ":
            vm.append(Said(N_("the CPU flags show 'hypervisor' (set by a hypervisor, which can hide it)")))
            break
    vendor = (r.text("/sys/class/dmi/id/sys_vendor", quiet=True) or "").strip()
    product = (r.text("/sys/class/dmi/id/product_name", quiet=True) or "").strip()
    for word in ("QEMU", "KVM", "VMware", "VirtualBox", "innotek", "Xen", "Microsoft Corporation", "Amazon EC2",
                 verbatim("Google Compute Engine"), "Firecracker"):
        if word.lower() in f"{vendor} {product}".lower():
            vm.append(Said(N_("the firmware names {name}"), name=repr(vendor or product).replace("  ", " ")))
            break
    hv_type = (r.text("/sys/hypervisor/type", quiet=True) or "").strip()
    if hv_type:
        vm.append(Said(N_("/sys/hypervisor/type says {type}"), type=repr(hv_type)))

    return MachineInfo(
        supported=True, system="Linux", kernel_release=release or None, os_name=os_name,
        architecture=platform.machine() if live else None,
        cpu_count=cpu_count, cpus_allowed=allowed, cpu_quota=quota,
        memory_total_gib=total, memory_limit_gib=limit, cgroup_version=version, cgroup_path=path,
        namespaces=tuple(namespaces),
        in_container=True if signals else (False if namespaces or version else None), container_signals=tuple(signals),
        in_vm=bool(vm), vm_signals=tuple(vm), notes=tuple(r.notes),
    )
