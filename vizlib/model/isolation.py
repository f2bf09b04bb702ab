"""The isolation spectrum, from a plain process to a full virtual machine.

Isolation is not a yes/no choice: between a process and a VM sit containers,
sandboxes with a kernel of their own written in user space (gVisor), and
microVMs that boot a real guest kernel in a fraction of a second (Kata
Containers, Firecracker, LightVM). :func:`spectrum` returns one
:class:`Isolation` row per technology, grouped by the mechanism that draws
the boundary (:data:`BOUNDARIES`, in that order: shared kernel, user-space
kernel, separate guest kernel), with start-up time and memory overhead taken
from the parameter table (each with its source and confidence; ``None`` where
the course has no published measurement).

The order of the groups follows the mechanism, not a measured ranking: the
sources compare particular things (a device model's size, the host system
calls a sandbox needs), and within a group the course ranks nothing.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field

from vizlib.model.table import parameters
from vizlib.text.catalog import N_, NP_, t, tp, verbatim
from vizlib.text.fmt import columns

__all__ = ["BOUNDARIES", "Isolation", "Spectrum", "VirtualizationKind", "VirtualizationKinds", "spectrum",
           "virtualization_kinds"]

_SHARED = N_("shared kernel")
_USER_SPACE = N_("user-space kernel")
_GUEST = N_("separate guest kernel")

BOUNDARIES = {
    _SHARED: N_("every instance makes system calls straight into the one host kernel"),
    _USER_SPACE: N_("system calls are served by a kernel written as a user-space program; it uses only a small part "
                    "of the host kernel"),
    _GUEST: N_("each instance boots its own kernel on virtual hardware; the hypervisor is the boundary"),
}
"""Where the isolation boundary lies, by mechanism: what an escaping program must get through. Keys and values are
English (the keys are also :attr:`Isolation.boundary`); show either with ``t(...)``."""


@dataclass(frozen=True)
class Isolation:
    """One step of the isolation spectrum.

    Attributes
    ----------
    key, label : str
    examples : str
        Technologies at this step.
    boundary : str
        One of :data:`BOUNDARIES`.
    own_kernel : bool
        Whether each instance runs its own (guest) kernel.
    start_seconds : float or None
        Time to start one instance; ``None`` where no measurement is cited.
    start_what : str
        What exactly the start-up number measures.
    start_source, start_confidence : str
    overhead_mib : float or None
        Memory the isolation machinery adds per instance (not counting a guest
        OS); ``None`` where no measurement is cited.
    overhead_max_mib : float or None
        Upper end when the sources give a range.
    overhead_what, overhead_source, overhead_confidence : str
    note : str
        One plain sentence about this step.
    note_source : str
        Source of any number in ``note``.
    fields, msgids : mapping
        For texts with numbers in them: the numbers by name, and the English message each text was filled from (by
        attribute name), so :meth:`text` can fill the same numbers into a translation.

    The texts (``label``, ``examples``, ``boundary``, ``start_what``, ``overhead_what``, ``note``,
    ``overhead_extra``) are English, as the course's sources and keys are; :meth:`text` gives each in the current
    language. ``boundary`` is also a key of :data:`BOUNDARIES`, and the sources stay as cited.
    """

    key: str
    label: str
    examples: str
    boundary: str
    own_kernel: bool
    start_seconds: float | None
    start_what: str
    start_source: str
    start_confidence: str
    overhead_mib: float | None
    overhead_max_mib: float | None
    overhead_what: str
    overhead_source: str
    overhead_confidence: str
    note: str
    note_source: str = ""
    overhead_extra: str = ""
    """What comes on top of the measured overhead, e.g. a full VM's guest OS."""
    fields: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
    msgids: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
    source_parts: Mapping[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)
    """The separate sources a ``*_source`` text joins (a figure derived from two studies), each translated alone."""

    def text(self, name: str) -> str:
        """The text attribute ``name`` ("label", "examples", "boundary", "note", "start_source", ...) in the current
        language. A source reads as cited; the course's own notes on it are translated.

        >>> row = spectrum()[1]
        >>> row.text("label"), row.text("boundary")
        ('container', 'shared kernel')
        >>> spectrum()[-1].text("start_source") == spectrum()[-1].start_source
        True
        """
        if name.endswith("_source"):
            return "; ".join(t(s) for s in self.source_parts.get(name, (getattr(self, name),)) if s)
        msgid = self.msgids.get(name, getattr(self, name))
        return t(msgid, **self.fields) if msgid else ""

    def start_text(self) -> str:
        """Start-up time in readable units ("2.3 ms", "0.16 s", "about 30 s"), or "no cited figure", in the current
        language."""
        s = self.start_seconds
        if s is None:
            return t("no cited figure")
        if s < 1:
            return f"{s * 1000:.3g} ms"
        return t("about {seconds} s", seconds=f"{s:.0f}") if self.start_confidence == "assumption" else f"{s:.3g} s"

    def overhead_text(self) -> str:
        """Memory overhead in readable units, or "no cited figure" where the course's sources give none, in the
        current language."""
        if self.overhead_mib is None:
            return t("no cited figure")
        if self.overhead_mib == 0:
            return t("none (baseline)")
        if self.overhead_max_mib is not None:
            amount = f"{self.overhead_mib:g}-{self.overhead_max_mib:g} MiB"
        else:
            amount = f"{self.overhead_mib:g} MiB"
        return f"{amount} {self.text('overhead_extra')}" if self.overhead_extra else amount


class Spectrum(tuple):
    """The rows of :func:`spectrum` (a tuple of :class:`Isolation`) that display as a table."""

    _HEAD = (NP_("spectrum table", "isolation"), NP_("spectrum table", "examples"),
             NP_("spectrum table", "boundary"), NP_("spectrum table", "start one"),
             NP_("spectrum table", "memory overhead"))

    def _head(self) -> tuple[str, ...]:
        return tuple(tp("spectrum table", h) for h in self._HEAD)

    def _cells(self, r: Isolation) -> tuple[str, ...]:
        return (r.text("label"), r.text("examples"), r.text("boundary"), r.start_text(), r.overhead_text())

    def __repr__(self) -> str:
        return _text_table(self._head(), [self._cells(r) for r in self])

    def sources(self) -> list[str]:
        """Distinct sources of the numbers shown, in order, as a learner reads them (citations as cited, the
        course's own notes in the current language)."""
        out = [part for r in self for name in ("start_source", "overhead_source", "note_source")
               for part in r.source_parts.get(name, (getattr(r, name),)) if part]
        return [t(s) for s in dict.fromkeys(out)]

    def _repr_html_(self) -> str:
        return _html_table(
            "vz-spectrum", self._head(), [self._cells(r) for r in self],
            t("Grouped by where the boundary lies: a shared kernel, a kernel in user space, a guest kernel of its own. "
              "Within a group the order ranks nothing. Start-up and overhead numbers come from different studies and "
              "setups; compare orders of magnitude, not small differences."))



def _text_table(head: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    rows = [head, *rows]
    widths = [max(columns(row[i]) for row in rows) for i in range(len(head))]
    return "\n".join("  ".join(c + " " * (w - columns(c)) for c, w in zip(row, widths, strict=True)).rstrip()
                     for row in rows)


def _html_table(cls: str, head: tuple[str, ...], rows: list[tuple[str, ...]], note: str) -> str:
    e = html.escape
    th = "".join(f"<th style='text-align:left'>{e(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td style='text-align:left'>{e(c)}</td>" for c in row) + "</tr>"
                   for row in rows)
    table = f"<table class='{cls}'><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"
    return f"{table}<p><small>{e(note)}</small></p>"


@dataclass(frozen=True)
class VirtualizationKind:
    """One kind of environment called a "virtual machine" or "virtualization", and what it actually virtualizes."""

    key: str
    label: str
    examples: str
    virtualizes: str
    guest: str
    how: str
    source: str

    def text(self, name: str) -> str:
        """The text attribute ``name`` ("label", "examples", "virtualizes", "guest", "how") in the current language
        (they are stored in English; product names and the source stay as they are)."""
        return t(getattr(self, name))


class VirtualizationKinds(tuple):
    """The rows of :func:`virtualization_kinds` (a tuple of :class:`VirtualizationKind`) that display as a table."""

    _HEAD = (NP_("kinds table", "kind"), NP_("kinds table", "examples"), NP_("kinds table", "what it virtualizes"),
             NP_("kinds table", "what runs inside"), NP_("kinds table", "how guest code runs"))

    def _head(self) -> tuple[str, ...]:
        return tuple(tp("kinds table", h) for h in self._HEAD)

    def _cells(self, r: VirtualizationKind) -> tuple[str, ...]:
        return tuple(r.text(name) for name in ("label", "examples", "virtualizes", "guest", "how"))

    def __repr__(self) -> str:
        return _text_table(self._head(), [self._cells(r) for r in self])

    def sources(self) -> list[str]:
        """Distinct sources, in order."""
        return list(dict.fromkeys(r.source for r in self))

    def _repr_html_(self) -> str:
        return _html_table("vz-kinds", self._head(), [self._cells(r) for r in self],
                           t("Four things called virtualization, by the interface each presents to what runs inside."))


def virtualization_kinds() -> VirtualizationKinds:
    """What each environment called a "virtual machine" presents to what runs inside it.

    A system VM presents a whole machine with the host's own instruction set; an emulator presents a machine,
    possibly of another CPU architecture, by translating every instruction in software; a container presents the
    host kernel's interface with its own view of the system; a language VM presents an instruction set designed for
    programs (bytecode), not any real CPU's.

    Examples
    --------
    >>> [k.key for k in virtualization_kinds()]
    ['system_vm', 'emulator', 'container', 'language_vm']
    """
    return VirtualizationKinds((
        VirtualizationKind(
            "system_vm", N_("system VM"), "KVM, VMware ESXi, Hyper-V, VirtualBox",
            N_("a whole machine: the host's own instruction set, memory and devices"),
            N_("a complete OS, unmodified (or adapted to call the hypervisor: paravirtualization)"),
            N_("directly on the CPU, the hypervisor stepping in on traps or VM exits"),
            verbatim("Popek & Goldberg, CACM 1974; Silberschatz et al., Operating System Concepts, 10th ed., ch. 18")),
        VirtualizationKind(
            "emulator", N_("emulator"), N_("QEMU without KVM (its TCG translator)"),
            N_("a whole machine, possibly with another CPU's instruction set"),
            N_("a complete OS, even for another CPU"),
            N_("translated into host code in software as it runs; can be an order of magnitude slower"),
            verbatim("QEMU documentation, 'Virtualisation Accelerators'; Silberschatz et al., 10th ed., §18.5.7")),
        VirtualizationKind(
            "container", N_("container"), "Docker, Podman",
            N_("the host kernel's interface, with its own view of processes, files and network"),
            N_("processes of one app, on the host's kernel"), N_("directly on the CPU, as ordinary processes"),
            verbatim("Linux man-pages, namespaces(7) and cgroups(7)")),
        VirtualizationKind(
            "language_vm", N_("language VM"), N_("Java virtual machine, .NET CLR, WebAssembly"),
            N_("an instruction set designed for programs (bytecode), not a real CPU's"), N_("programs compiled to it"),
            N_("interpreted, or compiled to the real CPU's code as it runs (JIT)"),
            verbatim("The Java Virtual Machine Specification, §1.2; WebAssembly Core Specification 1.0, §1.1.2; "
                     "Microsoft Learn, 'Managed execution process'")),
    ))


def _row(key, label, examples, boundary, start_key, start_what, over_key, over_max_key, over_what, note,
         note_key=None, **fields) -> Isolation:
    """One row with numbers from the parameter table; ``note`` may hold ``{fields}``, filled in English here."""
    p = parameters()
    start = p[start_key] if start_key else None
    over = p[over_key] if over_key else None
    return Isolation(
        key=key, label=label, examples=examples, boundary=boundary, own_kernel=boundary == _GUEST,
        start_seconds=start.value if start else None, start_what=start_what,
        start_source=start.source if start else "", start_confidence=start.confidence if start else "",
        overhead_mib=(over.value * (1024 if over.unit == "GiB" else 1)) if over else None,
        overhead_max_mib=p.value(over_max_key) if over_max_key else None, overhead_what=over_what,
        overhead_source=over.source if over else "", overhead_confidence=over.confidence if over else "",
        note=note.format(**fields), note_source=p[note_key].source if note_key else "",
        fields=fields, msgids={"note": note} if fields else {},
    )


def spectrum() -> Spectrum:
    """The isolation spectrum, grouped by mechanism: process to full VM.

    Returns
    -------
    Spectrum
        A tuple of :class:`Isolation` rows: process, container, gVisor
        sandbox, Kata container, Firecracker microVM, LightVM, full VM.

    Examples
    --------
    >>> rows = spectrum()
    >>> [r.key for r in rows]
    ['process', 'container', 'gvisor', 'kata', 'firecracker', 'lightvm', 'vm']
    >>> rows[5].start_text(), rows[5].own_kernel
    ('2.3 ms', True)
    """
    p = parameters()
    gv_calls = p.value("spectrum.gvisor.syscalls_implemented")
    all_calls = p.value("spectrum.linux.syscalls_amd64")
    worked = p.value("spectrum.container.exploits_succeeded")
    tried = p.value("spectrum.container.exploits_tried")
    to_init = p["hypervisor.boot_to_init_seconds"]
    rest = p["guest_os.ubuntu-server.boot_rest_seconds"]
    vm_start_what = N_("the hypervisor starts the VM and a minimal kernel reaches init ({to_init} s, measured), then "
                       "the rest of a general-purpose guest's boot ({rest} s, a course assumption: typically tens of "
                       "seconds)")
    vm_fields = {"to_init": f"{to_init.value:g}", "rest": f"{rest.value:g}"}
    rows = [
        Isolation(
            key="process", label=N_("process"), examples=N_("any program on the host"), boundary=_SHARED,
            own_kernel=False, start_seconds=None, start_what="", start_source="", start_confidence="",
            overhead_mib=0.0, overhead_max_mib=None,
            overhead_what=N_("the baseline: nothing beyond the process itself"), overhead_source="",
            overhead_confidence="",
            note=N_("The baseline: a process sees the whole machine's files, processes and network, limited only by "
                    "user permissions."),
        ),
        _row(
            "container", N_("container"), "Docker, Podman, containerd", _SHARED,
            "runtime.start_seconds", N_("starting one container with Docker"),
            "runtime.per_container_mib", None, N_("runtime bookkeeping per container (course assumption)"),
            N_("Namespaces give the process its own view of PIDs, mounts and network, and cgroups limit its resources; "
               "but it still calls the host kernel directly: {worked} of {tried} exploits tried could launch their "
               "attack from inside a container with Docker's default settings (Lin et al., ACSAC 2018)."),
            "spectrum.container.exploits_succeeded", worked=f"{worked:g}", tried=f"{tried:g}",
        ),
        _row(
            "gvisor", N_("gVisor sandbox"), "gVisor (runsc)", _USER_SPACE,
            "spectrum.gvisor.start_seconds", N_("starting one gVisor-sandboxed container"),
            None, None, "",
            N_("gVisor's user-space kernel answers the container's system calls itself ({implemented} of the {all} "
               "Linux amd64 system calls in gVisor's own table are implemented) and needs only {host} host system "
               "calls itself (gVisor blog, 2019)."),
            "spectrum.gvisor.host_syscalls", implemented=f"{gv_calls:g}", all=f"{all_calls:g}",
            host=f"{p.value('spectrum.gvisor.host_syscalls'):g}",
        ),
        _row(
            "kata", N_("Kata container"), N_("Kata Containers (on QEMU or Firecracker)"), _GUEST,
            "spectrum.kata.start_seconds", N_("starting one Kata container"),
            "spectrum.kata.fc_overhead_mib", "spectrum.kata.qemu_overhead_mib",
            N_("sandbox overhead (Firecracker to QEMU) declared for Kubernetes"),
            N_("Each container (pod) runs inside its own lightweight VM with its own guest kernel, yet is managed "
               "like a container."),
        ),
        _row(
            "firecracker", N_("Firecracker microVM"), "Firecracker (AWS Lambda, Fargate)", _GUEST,
            "spectrum.firecracker.boot_seconds", N_("boot, from the start call to the guest's init (median)"),
            "spectrum.firecracker.vmm_mib", None, N_("memory of the VMM process beyond guest RAM"),
            N_("A minimal virtual machine monitor with a handful of emulated devices (network, block, vsock, serial "
               "console, a stop button): about {kloc} thousand lines of Rust, where QEMU has well over {qemu_mloc} "
               "million lines of C (LWN, 2019): a smaller device model for an attacker to reach."),
            "spectrum.firecracker.kloc", kloc=f"{p.value('spectrum.firecracker.kloc'):g}",
            qemu_mloc=f"{p.value('spectrum.qemu.kloc') / 1000:g}",
        ),
        _row(
            "lightvm", "LightVM", N_("LightVM (Xen with unikernels or tiny Linux guests)"), _GUEST,
            "spectrum.lightvm.boot_seconds", N_("boot of a minimal guest"),
            None, None, "",
            N_("A redesigned Xen toolstack booting tiny guests: a VM that starts faster than a container."),
        ),
        Isolation(
            key="vm", label=N_("full VM"), examples="KVM/QEMU, VMware ESXi, Hyper-V, VirtualBox",
            boundary=_GUEST, own_kernel=True,
            start_seconds=to_init.value + rest.value,
            start_what=vm_start_what.format(**vm_fields),
            start_source=f"{rest.source}; {to_init.source}", start_confidence=rest.confidence,
            source_parts={"start_source": (rest.source, to_init.source)},
            overhead_mib=p.value("spectrum.qemu.vmm_mib_low"), overhead_max_mib=p.value("spectrum.qemu.vmm_mib_high"),
            overhead_what=N_("memory of the QEMU process beyond guest RAM; the guest OS needs its own memory on top"),
            overhead_source=p["spectrum.qemu.vmm_mib_low"].source,
            overhead_confidence=p["spectrum.qemu.vmm_mib_low"].confidence,
            note=N_("Emulated hardware and a complete guest operating system behind the hypervisor: the heaviest "
                    "row, with a separate guest kernel like the microVMs above it."),
            overhead_extra=N_("+ guest OS"), fields=vm_fields, msgids={"start_what": vm_start_what},
        ),
    ]
    return Spectrum(rows)
