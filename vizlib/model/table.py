"""The one table of defaults behind every number in the course.

Each row carries its value, unit, what it means, where it comes from and how
sure we are of it. ``confidence`` is one of:

``read``
    taken from the primary document or the authors' published data;
``derived``
    computed from a source's published data (a midpoint, a ratio);
``measured``
    measured for this course by a script in ``benchmarks/`` that anyone can
    run again (its notes say on what machine, and how);
``secondary``
    quoted by another source, treat as approximate;
``assumption``
    the course's own illustrative choice where no single measurement exists.
    Lessons say so when they show such a value.

Profiles used by the model (operating systems, container images) are read
from this table, so changing a row here changes the whole course, and
:func:`parameters_overridden` changes it for the length of a ``with`` block.
"""

from __future__ import annotations

import difflib
import html
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from vizlib.text.catalog import N_, NP_, t, tp, verbatim
from vizlib.text.fmt import pad

__all__ = [
    "Parameter",
    "ParameterTable",
    "GuestOS",
    "parameters",
    "GUEST_OS",
    "IMAGES",
    "parameters_overridden",
    "parameters_read",
    "MIB",
]

MIB = 1 / 1024  # GiB per MiB
GB_PER_GIB = 1.073741824

FELTER = verbatim(
    "Felter, Ferreira, Rajamony, Rubio, 'An Updated Performance Comparison of "
    "Virtual Machines and Linux Containers', ISPASS 2015"
)
OPENSHIFT = verbatim(
    "Red Hat OpenShift Virtualization documentation, 'cluster resource "
    "requirements' (KVM/QEMU per-VM overhead: 0.002 x guest RAM + 218 MiB + "
    "8 MiB per vCPU)"
)
UBUNTU = verbatim("Ubuntu Server documentation, 'System requirements' (24.04 LTS)")
WINDOWS = verbatim("Microsoft Learn, 'Hardware requirements for Windows Server'")
DOCKER_IMAGES = verbatim("Docker official images (docker-library README for alpine and ubuntu)")
VAN_RIJN = verbatim(
    "van Rijn & Rellermeyer, 'A fresh look at the architecture and performance "
    "of contemporary isolation platforms', Middleware 2021"
)
WINDOWS_11 = verbatim("Microsoft, 'Windows 11 specifications and system requirements'")
AGACHE = N_("Agache et al., 'Firecracker: Lightweight Virtualization for Serverless Applications', NSDI 2020 "
            "(published data)")
GUEST_VM = N_("measured for this course: benchmarks/guest_vm.py (a Debian 12 guest under QEMU's software emulator; "
              "see its notes)")
KVM_DOCS = verbatim("Red Hat, 'What is KVM?', and Kivity et al., 'kvm: the Linux Virtual Machine Monitor', OLS 2007")
ESXI_DOCS = N_("VMware, 'The Architecture of VMware ESXi' (technical paper) and vSphere documentation on the "
               "VMkernel")
XEN_DOCS = N_("Xen Project documentation, admin guide 'Introduction' (Xen on bare metal; dom0 starts with it)")
HYPERV_DOCS = N_("Microsoft Learn, 'Hypervisor Top-Level Functional Specification' (root partition running Windows)")
VBOX_DOCS = N_("Oracle VM VirtualBox User Manual (the vboxdrv kernel module in the host OS)")
VMWARE_WS_DOCS = N_("VMware Workstation documentation (the vmmon and vmnet modules in the host OS)")
OPENSTACK = verbatim(
    "OpenStack Nova configuration reference: initial_cpu_allocation_ratio, "
    "initial_ram_allocation_ratio"
)
REDHAT_OVERCOMMIT = verbatim(
    "Red Hat Enterprise Linux 7 Virtualization Deployment and Administration Guide, 'Overcommitting with KVM'"
)
GOOGLE_MACHINES = N_("Google Cloud documentation, 'Machine families resource and comparison guide' (n2-standard-4: "
                     "4 vCPUs, 16 GB) and 'VM instance pricing' (1 GB = 2^30 bytes)")
GOOGLE_CPU = N_("Google Cloud documentation, 'CPU platforms' (each vCPU is one hardware thread on most x86 series)")
LWN_FIRECRACKER = verbatim("LWN.net, 'The Firecracker virtual machine monitor', January 2019")
COURSE = N_("course assumption (no single published measurement)")

LINUX_IDLE_GIB = round(360 / 1024, 3)  # benchmarks/results/guest_vm.md: median guest RAM backed, 3 runs


def _unknown(key: object, known: Iterable[str]) -> str:
    """An error message for an unknown key, with the closest known ones."""
    known = list(known)
    close = difflib.get_close_matches(str(key), known, n=3, cutoff=0.6)
    hint = verbatim(f"did you mean {', '.join(repr(k) for k in close)}? ") if close else ""
    return f"unknown parameter {key!r}; {hint}vizlib.parameters() lists all {len(known)}"


# Words shown for a row's confidence and unit (the stored keys stay as they are: code compares those).
CONFIDENCE_LABELS = {
    "read": NP_("confidence", "read"),
    "derived": NP_("confidence", "derived"),
    "measured": NP_("confidence", "measured"),
    "secondary": NP_("confidence", "secondary"),
    "assumption": NP_("confidence", "assumption"),
}
UNIT_LABELS = {  # units that are English words; GiB, MiB, s, ms, µs, W, USD/h and 1 are shown as they are
    "kernels": NP_("unit", "kernels"),
    "vCPU per core": NP_("unit", "vCPU per core"),
    "vCPUs": NP_("unit", "vCPUs"),
    "hardware threads": NP_("unit", "hardware threads"),
    "cores": NP_("unit", "cores"),
    "x native": NP_("unit", "x native"),
    "x memory": NP_("unit", "x memory"),
    "syscalls": NP_("unit", "syscalls"),
    "thousand lines": NP_("unit", "thousand lines"),
    "exploits": NP_("unit", "exploits"),
    "rounds": NP_("unit", "rounds"),
}


@dataclass(frozen=True)
class Parameter:
    """One default: ``key`` is dotted (``guest_os.ubuntu-server.memory_gib``).

    ``template`` is the English description, a catalogue message whose ``{fields}`` are filled from ``fields``
    (a field may itself be a :class:`Parameter`, which contributes its description); :attr:`description` gives it
    in the current language. ``confidence`` and ``unit`` are keys: :attr:`confidence_label` and
    :attr:`unit_label` are what a learner reads.

    Examples
    --------
    >>> row = parameters()["guest_os.ubuntu-server.disk_gib"]
    >>> row.template, dict(row.fields)
    ("{os}: the vendor's minimum disk", {'os': 'Ubuntu Server 24.04'})
    >>> row.description, row.confidence_label
    ("Ubuntu Server 24.04: the vendor's minimum disk", 'read')
    """

    key: str
    value: float
    unit: str
    template: str
    source: str
    confidence: str
    fields: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", MappingProxyType(dict(self.fields)))

    @property
    def description(self) -> str:
        """What the value means, in the current language."""
        fields = {k: v.description if isinstance(v, Parameter) else v for k, v in self.fields.items()}
        return t(self.template, **fields)

    @property
    def source_text(self) -> str:
        """The source as a learner reads it: a citation as written, the course's own sources in the current language."""
        return t(self.source)

    @property
    def confidence_label(self) -> str:
        """The confidence word, in the current language (``read``, ``derived``, ...)."""
        label = CONFIDENCE_LABELS.get(self.confidence)
        return tp("confidence", label) if label else self.confidence

    @property
    def unit_label(self) -> str:
        """The unit as a learner reads it, in the current language (symbols such as ``GiB`` stay as they are)."""
        if self.unit == "1":  # a plain number: no unit to name
            return ""
        label = UNIT_LABELS.get(self.unit)
        return tp("unit", label) if label else self.unit




class ParameterTable(Mapping[str, Parameter]):
    """Read-only table of :class:`Parameter` rows, keyed by ``key``."""

    def __init__(self, rows: list[Parameter]):
        self._rows = MappingProxyType({r.key: r for r in rows})

    def __getitem__(self, key: str) -> Parameter:
        try:
            row = self._rows[key]
        except KeyError:
            raise KeyError(_unknown(key, self._rows)) from None
        for reads in _READERS:
            reads.add(key)
        return row

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def value(self, key: str) -> float:
        """The value of the row ``key``."""
        return self[key].value

    def sources(self) -> list[str]:
        """Distinct sources, in table order, as shown to a learner (citations as written; the course's own sources in
        the current language)."""
        return list(dict.fromkeys(r.source_text for r in self._rows.values()))

    def __repr__(self) -> str:
        width = max(len(k) for k in self._rows)
        head = (pad(tp("parameter table", "parameter"), width), pad(tp("parameter table", "value"), 9, right=True),
                pad(tp("parameter table", "unit"), 8), pad(tp("parameter table", "confidence"), 10),
                tp("parameter table", "description"))
        lines = ["  ".join(head)]
        for r in self._rows.values():
            lines.append(
                f"{r.key:<{width}}  {r.value:>9g}  {pad(r.unit_label, 8)}  {pad(r.confidence_label, 10)}  "
                f"{r.description}"
            )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = "".join(
            f"<th>{html.escape(tp('parameter table', h))}</th>"
            for h in (NP_("parameter table", "parameter"), NP_("parameter table", "value"),
                      NP_("parameter table", "unit"), NP_("parameter table", "meaning"),
                      NP_("parameter table", "source"), NP_("parameter table", "confidence"))
        )
        body = "".join(
            "<tr>"
            + "".join(
                f"<td>{html.escape(str(c))}</td>"
                for c in (r.key, f"{r.value:g}", r.unit_label, r.description, r.source_text, r.confidence_label)
            )
            + "</tr>"
            for r in self._rows.values()
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _os(key: str, label: str, floor: float, disk: float, idle: Parameter, boot: float, source: str,
        stated: str) -> list[Parameter]:
    """Rows of one operating-system profile: sizing floor, disk, idle footprint and the rest of its boot.

    ``label`` is the profile's name: a product name, or a descriptive one marked with ``N_`` that
    :attr:`GuestOS.label` translates; ``stated`` is the vendor's own
    figure for the floor, as the vendor writes it (``"1.5 GB"``).
    """
    p = f"guest_os.{key}."
    return [
        Parameter(p + "memory_gib", floor, "GiB",
                  N_("{os}: the vendor's minimum memory ({stated}), a sizing floor (what you must reserve, not "
                     "what it uses)"), source, "read", {"os": label, "stated": stated}),
        Parameter(p + "disk_gib", disk, "GiB", N_("{os}: the vendor's minimum disk"), source, "read", {"os": label}),
        Parameter(p + "idle_memory_gib", idle.value, "GiB",
                  N_("{os}: memory an idle, freshly booted system actually touches ({idle})"),
                  idle.source, idle.confidence, {"os": label, "idle": idle}),
        Parameter(
            p + "boot_rest_seconds", boot, "s",
            N_("{os}: what a general-purpose boot adds after the point a minimal guest kernel reaches init: "
               "firmware, the distribution's larger kernel and initramfs, and its services (a rough figure; a "
               "full VM's start varies widely with OS, image and hardware)"),
            COURSE, "assumption", {"os": label},
        ),
    ]


def _idle(value: float, template: str, source: str = "", confidence: str = "assumption") -> Parameter:
    """The idle-footprint part of an OS profile (completed by :func:`_os`); ``template`` is marked with ``N_``."""
    return Parameter("", value, "GiB", template, source or COURSE, confidence)


# Idle footprint of a Linux server guest: measured for this course (benchmarks/guest_vm.py); see its notes.
_LINUX_IDLE = _idle(
    LINUX_IDLE_GIB,
    N_("proxy: a minimal Debian 12 server guest, 60 s after boot, of whose 2 GiB the host backed 360 MiB (run under "
       "QEMU's software emulator, TCG, as the build machine had no usable KVM: the guest memory figure carries "
       "over, the timings do not; no published figure for Ubuntu, which would touch more)"),
    GUEST_VM, "measured",
)
_ROWS: list[Parameter] = [
    *_os("ubuntu-server", "Ubuntu Server 24.04", 1.5, 5.0, _LINUX_IDLE, 30.0, UBUNTU, "1.5 GB"),
    *_os("ubuntu-cloud", N_("Ubuntu Server 24.04 cloud image"), 1.0, 4.0, _LINUX_IDLE, 20.0, UBUNTU, "1 GB"),
    *_os("windows-core", "Windows Server (Server Core)", 0.5, 32.0,
         _idle(0.5, N_("no published measurement found: the course assumes it touches its whole floor")),
         45.0, WINDOWS, "512 MB"),
    *_os("windows-desktop", "Windows Server (Desktop Experience)", 2.0, 32.0,
         _idle(1.5, N_("no published measurement found: a course assumption")), 60.0, WINDOWS, "2 GB"),
    *_os("windows-11", "Windows 11", 4.0, 64.0,
         _idle(2.5, N_("no published measurement found: a course assumption")), 60.0, WINDOWS_11, "4 GB"),
    Parameter(
        "hypervisor.type1.memory_gib", 0.5, "GiB",
        N_("a type 1 hypervisor's own footprint, beside the OS it runs beneath its guests (if any: KVM's host "
           "Linux, Xen's dom0, Hyper-V's root partition, which reserve their own sizing floors)"), COURSE, "assumption",
    ),
    Parameter(
        "hypervisor.type2.memory_gib", 0.25, "GiB",
        N_("type 2 (hosted) hypervisor application's own footprint, on top of its host OS"),
        COURSE, "assumption",
    ),
    # -- what runs beneath the guests, by product (vizlib.model.PRODUCTS) -------------
    Parameter("hypervisor.kvm.kernels_beneath", 1.0, "kernels",
              N_("KVM: the host's Linux kernel, of which KVM is a module"), KVM_DOCS, "read"),
    Parameter("hypervisor.esxi.kernels_beneath", 1.0, "kernels",
              N_("VMware ESXi: its own kernel, the VMkernel"), ESXI_DOCS, "read"),
    Parameter("hypervisor.xen.kernels_beneath", 2.0, "kernels",
              N_("Xen: the Xen hypervisor, plus the Linux kernel of dom0, the control domain it starts"),
              XEN_DOCS, "read"),
    Parameter("hypervisor.hyper-v.kernels_beneath", 2.0, "kernels",
              N_("Hyper-V: the hypervisor, plus the Windows kernel of its root partition"), HYPERV_DOCS, "read"),
    Parameter("hypervisor.virtualbox.kernels_beneath", 1.0, "kernels",
              N_("VirtualBox: the host OS's kernel, into which it loads its driver"), VBOX_DOCS, "read"),
    Parameter("hypervisor.vmware-workstation.kernels_beneath", 1.0, "kernels",
              N_("VMware Workstation: the host OS's kernel, into which it loads its modules"), VMWARE_WS_DOCS, "read"),
    # -- per-VM overhead: what is reserved for it, and what it is measured to use ---------
    Parameter(
        "hypervisor.per_vm.base_mib", 218.0, "MiB",
        N_("per-VM overhead reserved outside guest RAM: fixed part (QEMU process, device emulation)"),
        OPENSHIFT, "read",
    ),
    Parameter(
        "hypervisor.per_vm.per_vcpu_mib", 8.0, "MiB",
        N_("per-VM overhead reserved outside guest RAM: per vCPU"), OPENSHIFT, "read",
    ),
    Parameter(
        "hypervisor.per_vm.guest_ram_fraction", 0.002, "1",
        N_("per-VM overhead reserved outside guest RAM: fraction of guest RAM (page tables)"),
        OPENSHIFT, "read",
    ),
    Parameter(
        "hypervisor.per_vm.used_mib", 139.5, "MiB",
        N_("memory a QEMU process was measured to use beyond guest RAM (midpoint of 131-148 MiB)"),
        AGACHE, "derived",
    ),
    Parameter(
        "hypervisor.cpu_overhead_fraction", round(1 / 0.977 - 1, 4), "1",
        N_("extra CPU a VM burns for the same compute-bound work: a rough proxy, tuned KVM's Linpack throughput "
           "loss (97.7% of native, 1 / 0.977 - 1) read as CPU cost; an untuned guest or I/O-heavy work costs more"),
        FELTER, "derived",
    ),
    Parameter(
        "hypervisor.boot_to_init_seconds", 0.25, "s",
        N_("from the start call until a minimal guest kernel has booted and run init, on QEMU/KVM "
           "(measured 214-244 ms); a general-purpose guest then needs the rest of its boot"),
        AGACHE, "derived",
    ),
    # -- admission policies (what a management layer lets reservations add up to) ------
    Parameter(
        "policy.openstack.cpu_allocation_ratio", 4.0, "vCPU per core",
        N_("OpenStack Nova's default ratio of vCPUs to physical cores a host may be given"),
        OPENSTACK, "read",
    ),
    Parameter(
        "policy.openstack.ram_allocation_ratio", 1.0, "1",
        N_("OpenStack Nova's default ratio of guest RAM to physical memory a host may be given"),
        OPENSTACK, "read",
    ),
    Parameter(
        "policy.kvm.max_vcpus_per_core", 10.0, "vCPU per core",
        N_("Red Hat's advice: no more than 10 vCPUs allocated per physical core (KVM itself sets no limit)"),
        REDHAT_OVERCOMMIT, "read",
    ),
    # -- a cloud instance shape (a reservation you rent) ----------------------------------
    Parameter("cloud.gce.n2_standard_4.vcpus", 4.0, "vCPUs",
              N_("Google Compute Engine n2-standard-4: vCPUs"), GOOGLE_MACHINES, "read"),
    Parameter("cloud.gce.n2_standard_4.memory_gib", 16.0, "GiB",
              N_("Google Compute Engine n2-standard-4: memory (Google's 16 GB, where 1 GB is 2^30 bytes)"),
              GOOGLE_MACHINES, "read"),
    Parameter("cloud.x86.threads_per_core", 2.0, "hardware threads",
              N_("hardware threads per core with SMT (Hyper-Threading) on, the default for cloud x86 instances; 1 "
                 "turns SMT off"),
              verbatim("Amazon EC2 API reference, CpuOptionsRequest: ThreadsPerCore (default 2)"), "read"),
    Parameter("cloud.gce.threads_per_vcpu", 1.0, "hardware threads",
              N_("Google Compute Engine: each vCPU is one hardware thread of a core (most x86 series)"),
              GOOGLE_CPU, "read"),
    Parameter(
        "runtime.memory_gib", 0.1, "GiB",
        N_("container runtime daemons (containerd, dockerd) on the host"), COURSE, "assumption",
    ),
    Parameter(
        "runtime.per_container_mib", 10.0, "MiB",
        N_("per-container runtime overhead (shim process, cgroup and namespace bookkeeping)"),
        COURSE, "assumption",
    ),
    Parameter(
        "runtime.start_seconds", 0.1, "s",
        N_("starting one container with Docker (about 100 ms)"), VAN_RIJN, "secondary",
    ),
    Parameter("image.alpine.disk_gib", 5.6 / GB_PER_GIB / 1000, "GiB", N_("alpine image (~5.6 MB)"),
              DOCKER_IMAGES, "read"),
    Parameter("image.ubuntu.disk_gib", 64 / GB_PER_GIB / 1000, "GiB", N_("ubuntu image (~64 MB)"),
              DOCKER_IMAGES, "read"),
    Parameter(
        "performance.kvm_linpack_untuned", 0.448, "x native",
        N_("Linpack throughput in an untuned KVM guest (130.3 vs 290.8 GFLOPS native, means of the authors' runs)"),
        N_("Felter, Ferreira, Rajamony, Rubio, 'An Updated Performance Comparison of Virtual Machines and Linux "
           "Containers', ISPASS 2015 (published data)"), "derived",
    ),
    Parameter(
        "performance.kvm_linpack_tuned", 0.977, "x native",
        N_("Linpack throughput in a tuned KVM guest (pinned vCPUs, host topology)"), FELTER, "read",
    ),
    Parameter(
        "performance.docker_linpack", 1.0, "x native",
        N_("Linpack throughput in a Docker container (290.9 vs 290.8 GFLOPS)"), FELTER, "read",
    ),
    Parameter(
        "performance.native_rtt_us", 37.6, "µs", N_("network round trip (netperf TCP_RR), native"), FELTER, "read",
    ),
    Parameter(
        "performance.kvm_rtt_us", 67.9, "µs", N_("network round trip (netperf TCP_RR), KVM"), FELTER, "read",
    ),
    # -- the isolation spectrum (vizlib.spectrum) --------------------------------
    Parameter(
        "spectrum.gvisor.start_seconds", 0.19, "s",
        N_("starting one gVisor-sandboxed container (about 190 ms)"), VAN_RIJN, "secondary",
    ),
    Parameter(
        "spectrum.gvisor.syscalls_implemented", 274.0, "syscalls",
        N_("Linux system calls gVisor implements on amd64"),
        verbatim("gVisor documentation, 'Linux/amd64 syscall compatibility'"), "read",
    ),
    Parameter(
        "spectrum.linux.syscalls_amd64", 350.0, "syscalls",
        N_("Linux system calls on amd64, as gVisor's compatibility table lists them (the table, not Linux's own "
           "count)"),
        verbatim("gVisor documentation, 'Linux/amd64 syscall compatibility'"), "read",
    ),
    Parameter(
        "spectrum.kata.start_seconds", 0.6, "s",
        N_("starting one Kata container (a container inside a lightweight VM; about 600 ms)"), VAN_RIJN, "secondary",
    ),
    Parameter(
        "spectrum.kata.qemu_overhead_mib", 160.0, "MiB",
        N_("memory overhead of one Kata sandbox on QEMU (kata-qemu RuntimeClass pod overhead)"),
        verbatim("Kata Containers, kata-deploy RuntimeClass definitions"), "read",
    ),
    Parameter(
        "spectrum.kata.fc_overhead_mib", 130.0, "MiB",
        N_("memory overhead of one Kata sandbox on Firecracker (kata-fc RuntimeClass pod overhead)"),
        verbatim("Kata Containers, kata-deploy RuntimeClass definitions"), "read",
    ),
    Parameter(
        "spectrum.kata.overhead_cpus", 0.25, "cores",
        N_("CPU overhead of one Kata sandbox (RuntimeClass pod overhead)"),
        verbatim("Kata Containers, kata-deploy RuntimeClass definitions"), "read",
    ),
    Parameter(
        "spectrum.firecracker.boot_seconds", 0.161, "s",
        N_("Firecracker microVM boot, start call to guest init (median of published measurements)"),
        AGACHE,
        "derived",
    ),
    Parameter(
        "spectrum.firecracker.boot_spec_seconds", 0.125, "s",
        N_("Firecracker's specified upper bound for booting a microVM to guest init"),
        verbatim("Firecracker SPECIFICATION (firecracker-microvm/firecracker)"), "read",
    ),
    Parameter(
        "spectrum.firecracker.vmm_mib", 2.5, "MiB",
        N_("memory of the Firecracker VMM process beyond guest RAM"),
        AGACHE,
        "derived",
    ),
    Parameter(
        "spectrum.qemu.vmm_mib_low", 131.0, "MiB",
        N_("memory of a QEMU VMM process beyond guest RAM, low end of measurements"),
        AGACHE,
        "derived",
    ),
    Parameter(
        "spectrum.qemu.vmm_mib_high", 148.0, "MiB",
        N_("memory of a QEMU VMM process beyond guest RAM, high end of measurements"),
        AGACHE,
        "derived",
    ),
    Parameter(
        "spectrum.firecracker.kloc", 50.0, "thousand lines",
        N_("size of Firecracker's code (Rust), a measure of the device model an attacker can reach"),
        LWN_FIRECRACKER, "secondary",
    ),
    Parameter(
        "spectrum.qemu.kloc", 1000.0, "thousand lines",
        N_("size of QEMU's code (C): 'well over one million lines', supporting far more than KVM guests"),
        LWN_FIRECRACKER, "secondary",
    ),
    Parameter(
        "spectrum.gvisor.host_syscalls", 68.0, "syscalls",
        N_("host system calls gVisor's Sentry needs (53, plus 15 with networking), in 2019"),
        verbatim("Spradlin & Koopmans, 'gVisor Security Basics - Part 1', gVisor blog, 2019"), "read",
    ),
    Parameter(
        "spectrum.lightvm.boot_seconds", 0.0023, "s",
        N_("LightVM booting a minimal guest (2.3 ms)"),
        verbatim("Manco et al., 'My VM is Lighter (and Safer) than your Container', SOSP 2017"), "read",
    ),
    Parameter(
        "spectrum.container.exploits_succeeded", 50.0, "exploits",
        N_("exploits (of those tried) that could still launch their attack from inside a container with Docker's "
           "default configuration; some were privilege escalations that then switch the container's protection off"),
        N_("Lin et al., 'A Measurement Study on Linux Container Security: Attacks and Countermeasures', ACSAC 2018 "
           "(abstract)"), "read",
    ),
    Parameter(
        "spectrum.container.exploits_tried", 88.0, "exploits",
        N_("exploits tried, from inside a container with Docker's default configuration"),
        N_("Lin et al., 'A Measurement Study on Linux Container Security: Attacks and Countermeasures', ACSAC 2018 "
           "(abstract)"), "read",
    ),
    # -- cloud scale (vizlib.cluster) ---------------------------------------------
    Parameter(
        "cluster.host_cost_per_hour", 1.0, "USD/h",
        N_("illustrative price of running one host for an hour"), COURSE, "assumption",
    ),
    Parameter(
        "cluster.host_idle_watts", 100.0, "W",
        N_("illustrative power of one idle, powered-on host"), COURSE, "assumption",
    ),
    Parameter(
        "cluster.host_peak_watts", 300.0, "W",
        N_("illustrative power of one host at full CPU load"), COURSE, "assumption",
    ),
    # -- live migration (vizlib.migrate) --------------------------------------------
    Parameter(
        "migration.stop_mib", 64.0, "MiB",
        N_("pre-copy stops and the VM pauses once at most this much is left to send (the course's default; Xen used "
           "about 50 pages, QEMU a time limit instead)"), COURSE, "assumption",
    ),
    Parameter(
        "migration.xen_max_rounds", 30.0, "rounds",
        N_("Xen's cap on pre-copy rounds (DEF_MAX_ITERS 29: 'limit us to 30 times round loop')"),
        verbatim("Xen source, tools/libxc/xc_linux_save.c (2005 era)"), "read",
    ),
    Parameter(
        "migration.xen_max_factor", 3.0, "x memory",
        N_("Xen's cap on what pre-copy sends (DEF_MAX_FACTOR 3: 'never send more than 3x nr_pfns')"),
        verbatim("Xen source, tools/libxc/xc_linux_save.c (2005 era)"), "read",
    ),
    Parameter(
        "migration.qemu_downtime_limit_ms", 300.0, "ms",
        N_("the pause QEMU accepts by default before it stops pre-copying (DEFAULT_MIGRATE_SET_DOWNTIME)"),
        verbatim("QEMU source, migration/options.c"), "read",
    ),
]

_DEFAULT = ParameterTable(_ROWS)
_TABLE = _DEFAULT


def parameters() -> ParameterTable:
    """The defaults table: every value the model uses, each with its source.

    Examples
    --------
    >>> import vizlib as vz
    >>> vz.parameters().value("guest_os.ubuntu-server.memory_gib")
    1.5
    """
    return _TABLE


@contextmanager
def parameters_overridden(**values: float) -> Iterator[ParameterTable]:
    """Temporarily change some values of the table.

    Meant for what-if questions and for tests that check what an answer depends
    on: every number the model computes inside the ``with`` block uses the new
    values, and the table is restored afterwards, even on an error.

    Parameters
    ----------
    **values : float
        New values by key. Because keys contain dots, pass them as a dict:
        ``parameters_overridden(**{"runtime.start_seconds": 0.2})``.

    Examples
    --------
    >>> with parameters_overridden(**{"guest_os.ubuntu-server.memory_gib": 2.0}):
    ...     GUEST_OS["ubuntu-server"].memory_gib
    2.0
    >>> GUEST_OS["ubuntu-server"].memory_gib
    1.5
    """
    global _TABLE
    unknown = [k for k in values if k not in _TABLE]
    if unknown:
        raise KeyError(_unknown(unknown[0], _TABLE))
    for key, value in values.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"{key} must be a number, got {value!r} ({type(value).__name__})")
    before = _TABLE
    rows = [replace(r, value=float(values[r.key])) if r.key in values else r for r in before.values()]
    _TABLE = ParameterTable(rows)
    try:
        yield _TABLE
    finally:
        _TABLE = before


_READERS: list[set[str]] = []


@contextmanager
def parameters_read() -> Iterator[set[str]]:
    """Collect the keys of every parameter the model reads inside the ``with`` block.

    Answers "which published numbers does this result depend on?". The
    operating-system profiles are re-read inside the block, so their rows
    show up too.

    Examples
    --------
    >>> import vizlib as vz
    >>> with parameters_read() as keys:
    ...     _ = vz.vm_overhead_gib(4, 2)
    >>> sorted(keys)[0]
    'hypervisor.per_vm.base_mib'
    """
    reads: set[str] = set()
    _READERS.append(reads)
    _PROFILES._cache = _IMAGES._cache = None  # profiles are cached: read them afresh so their rows are seen
    try:
        yield reads
    finally:
        _READERS.remove(reads)


@dataclass(frozen=True)
class GuestOS:
    """An operating-system profile (as a guest in a VM, or as a host OS).

    ``memory_gib`` is the vendor's minimum, a *sizing floor*: what must be
    reserved for it. ``idle_memory_gib`` is what an idle system actually
    touches, which is what the host backs (see ``usage(view="used")``).
    """

    key: str
    name: str
    """The OS's name as published (``Ubuntu Server 24.04``); a descriptive one is a catalogue message."""
    memory_gib: float
    disk_gib: float
    idle_memory_gib: float
    boot_rest_seconds: float

    @property
    def label(self) -> str:
        """The name as a learner reads it: product names as they are, descriptive words in the current language."""
        return t(self.name)


class _Profiles(Mapping[str, GuestOS]):
    """Operating-system profiles read from the current table (so :func:`parameters_overridden` reaches them)."""

    def __init__(self) -> None:
        self._cache: tuple[ParameterTable, dict[str, GuestOS]] | None = None

    def _all(self) -> dict[str, GuestOS]:
        if self._cache is None or self._cache[0] is not _TABLE:
            out = {}
            for key in dict.fromkeys(k.split(".")[1] for k in _TABLE if k.startswith("guest_os.")):
                p = f"guest_os.{key}."
                out[key] = GuestOS(
                    key=key,
                    name=_TABLE[p + "memory_gib"].fields["os"],
                    memory_gib=_TABLE.value(p + "memory_gib"),
                    disk_gib=_TABLE.value(p + "disk_gib"),
                    idle_memory_gib=_TABLE.value(p + "idle_memory_gib"),
                    boot_rest_seconds=_TABLE.value(p + "boot_rest_seconds"),
                )
            self._cache = (_TABLE, out)
        return self._cache[1]

    def __getitem__(self, key: str) -> GuestOS:
        return self._all()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def __repr__(self) -> str:
        return f"GUEST_OS({', '.join(self)})"


class _Images(Mapping[str, float]):
    """Container image sizes in GiB, read from the current table."""

    def __init__(self) -> None:
        self._cache: tuple[ParameterTable, dict[str, float]] | None = None

    def _all(self) -> dict[str, float]:
        if self._cache is None or self._cache[0] is not _TABLE:
            self._cache = (_TABLE, {k.split(".")[1]: _TABLE.value(k) for k in _TABLE if k.startswith("image.")})
        return self._cache[1]

    def __getitem__(self, key: str) -> float:
        return self._all()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def __repr__(self) -> str:
        return f"IMAGES({', '.join(self)})"


_PROFILES = _Profiles()
GUEST_OS: Mapping[str, GuestOS] = _PROFILES
"""Known operating-system profiles, keyed by name (``"ubuntu-server"``, ...)."""

_IMAGES = _Images()
IMAGES: Mapping[str, float] = _IMAGES
"""Known container images and their size in GiB."""
