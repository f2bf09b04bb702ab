"""The one table of defaults behind every number in the course.

Each row carries its value, unit, what it means, where it comes from and how
sure we are of it. ``confidence`` is one of:

``read``
    taken from the primary document or the authors' published data;
``secondary``
    quoted by another source, treat as approximate;
``assumption``
    the course's own illustrative choice where no single measurement exists.
    Lessons say so when they show such a value.

Profiles used by the model (guest operating systems, container images) are
built from this table, so changing a row here changes the whole course.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = [
    "Parameter",
    "ParameterTable",
    "GuestOS",
    "parameters",
    "GUEST_OS",
    "IMAGES",
    "MIB",
]

MIB = 1 / 1024  # GiB per MiB
GB_PER_GIB = 1.073741824

FELTER = (
    "Felter, Ferreira, Rajamony, Rubio, 'An Updated Performance Comparison of "
    "Virtual Machines and Linux Containers', ISPASS 2015"
)
OPENSHIFT = (
    "Red Hat OpenShift Virtualization documentation, 'cluster resource "
    "requirements' (KVM/QEMU per-VM overhead: 0.002 x guest RAM + 218 MiB + "
    "8 MiB per vCPU)"
)
UBUNTU = "Ubuntu Server documentation, 'System requirements' (24.04 LTS)"
WINDOWS = "Microsoft Learn, 'Hardware requirements for Windows Server'"
DOCKER_IMAGES = "Docker official images (docker-library README for alpine and ubuntu)"
VAN_RIJN = (
    "van Rijn & Rellermeyer, 'A fresh look at the architecture and performance "
    "of contemporary isolation platforms', Middleware 2021"
)
COURSE = "course assumption (no single published measurement)"


@dataclass(frozen=True)
class Parameter:
    """One default: ``key`` is dotted (``guest_os.ubuntu-server.memory_gib``)."""

    key: str
    value: float
    unit: str
    description: str
    source: str
    confidence: str


class ParameterTable(Mapping[str, Parameter]):
    """Read-only table of :class:`Parameter` rows, keyed by ``key``."""

    def __init__(self, rows: list[Parameter]):
        self._rows = MappingProxyType({r.key: r for r in rows})

    def __getitem__(self, key: str) -> Parameter:
        try:
            return self._rows[key]
        except KeyError:
            raise KeyError(f"unknown parameter {key!r}; known: {', '.join(self._rows)}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def value(self, key: str) -> float:
        """The value of the row ``key``."""
        return self[key].value

    def sources(self) -> list[str]:
        """Distinct sources, in table order."""
        return list(dict.fromkeys(r.source for r in self._rows.values()))

    def __repr__(self) -> str:
        width = max(len(k) for k in self._rows)
        lines = [f"{'parameter':<{width}}  {'value':>9}  unit      confidence  description"]
        for r in self._rows.values():
            lines.append(
                f"{r.key:<{width}}  {r.value:>9g}  {r.unit:<8}  {r.confidence:<10}  {r.description}"
            )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = "".join(
            f"<th>{h}</th>" for h in ("parameter", "value", "unit", "meaning", "source", "confidence")
        )
        body = "".join(
            "<tr>"
            + "".join(
                f"<td>{html.escape(str(c))}</td>"
                for c in (r.key, f"{r.value:g}", r.unit, r.description, r.source, r.confidence)
            )
            + "</tr>"
            for r in self._rows.values()
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _guest(key: str, label: str, memory: float, disk: float, boot: float, source: str, note: str) -> list[Parameter]:
    p = f"guest_os.{key}."
    return [
        Parameter(p + "memory_gib", memory, "GiB", f"{label}: minimum memory{note}", source, "read"),
        Parameter(p + "disk_gib", disk, "GiB", f"{label}: minimum disk", source, "read"),
        Parameter(
            p + "boot_seconds", boot, "s",
            f"{label}: time from power-on to a running service (full VMs typically "
            "take tens of seconds, varying widely with OS and hardware)",
            COURSE, "assumption",
        ),
    ]


_ROWS: list[Parameter] = [
    *_guest("ubuntu-server", "Ubuntu Server 24.04", 1.5, 5.0, 30.0, UBUNTU, " (1.5 GB)"),
    *_guest("ubuntu-cloud", "Ubuntu Server 24.04 cloud image", 1.0, 4.0, 20.0, UBUNTU, " (1 GB)"),
    *_guest("windows-core", "Windows Server (Server Core)", 0.5, 32.0, 45.0, WINDOWS, " (512 MB)"),
    *_guest("windows-desktop", "Windows Server (Desktop Experience)", 2.0, 32.0, 60.0, WINDOWS, " (2 GB)"),
    Parameter(
        "hypervisor.type1.memory_gib", 0.5, "GiB",
        "type 1 (bare-metal) hypervisor's own footprint", COURSE, "assumption",
    ),
    Parameter(
        "hypervisor.type2.memory_gib", 0.25, "GiB",
        "type 2 (hosted) hypervisor application's own footprint, on top of its host OS",
        COURSE, "assumption",
    ),
    Parameter(
        "hypervisor.per_vm.base_mib", 218.0, "MiB",
        "per-VM overhead outside guest RAM: fixed part (QEMU process, device emulation)",
        OPENSHIFT, "read",
    ),
    Parameter(
        "hypervisor.per_vm.per_vcpu_mib", 8.0, "MiB",
        "per-VM overhead outside guest RAM: per vCPU", OPENSHIFT, "read",
    ),
    Parameter(
        "hypervisor.per_vm.guest_ram_fraction", 0.002, "1",
        "per-VM overhead outside guest RAM: fraction of guest RAM (page tables)",
        OPENSHIFT, "read",
    ),
    Parameter(
        "hypervisor.vm_create_seconds", 0.25, "s",
        "starting a VM's monitor up to its guest's first process, with a minimal guest kernel (QEMU: 214-244 ms)",
        "Agache et al., 'Firecracker: Lightweight Virtualization for Serverless "
        "Applications', NSDI 2020 (published data)",
        "derived",
    ),
    Parameter(
        "runtime.memory_gib", 0.1, "GiB",
        "container runtime daemons (containerd, dockerd) on the host", COURSE, "assumption",
    ),
    Parameter(
        "runtime.per_container_mib", 10.0, "MiB",
        "per-container runtime overhead (shim process, cgroup and namespace bookkeeping)",
        COURSE, "assumption",
    ),
    Parameter(
        "runtime.start_seconds", 0.1, "s",
        "starting one container with Docker (about 100 ms)", VAN_RIJN, "secondary",
    ),
    Parameter("image.alpine.disk_gib", 5.6 / GB_PER_GIB / 1000, "GiB", "alpine image (~5.6 MB)", DOCKER_IMAGES, "read"),
    Parameter("image.ubuntu.disk_gib", 64 / GB_PER_GIB / 1000, "GiB", "ubuntu image (~64 MB)", DOCKER_IMAGES, "read"),
    Parameter(
        "performance.kvm_linpack_untuned", 0.45, "x native",
        "Linpack throughput in an untuned KVM guest", FELTER, "read",
    ),
    Parameter(
        "performance.kvm_linpack_tuned", 0.977, "x native",
        "Linpack throughput in a tuned KVM guest (pinned vCPUs, host topology)", FELTER, "read",
    ),
    Parameter(
        "performance.docker_linpack", 1.0, "x native",
        "Linpack throughput in a Docker container (290.9 vs 290.8 GFLOPS)", FELTER, "read",
    ),
    Parameter(
        "performance.native_rtt_us", 37.6, "us", "network round trip (netperf TCP_RR), native", FELTER, "read",
    ),
    Parameter(
        "performance.kvm_rtt_us", 67.9, "us", "network round trip (netperf TCP_RR), KVM", FELTER, "read",
    ),
    # -- the isolation spectrum (vizlib.spectrum) --------------------------------
    Parameter(
        "spectrum.gvisor.start_seconds", 0.19, "s",
        "starting one gVisor-sandboxed container (about 190 ms)", VAN_RIJN, "secondary",
    ),
    Parameter(
        "spectrum.gvisor.syscalls_implemented", 274.0, "syscalls",
        "Linux system calls gVisor implements on amd64",
        "gVisor documentation, 'Linux/amd64 syscall compatibility'", "read",
    ),
    Parameter(
        "spectrum.linux.syscalls_amd64", 350.0, "syscalls",
        "Linux system calls on amd64 that gVisor's compatibility table lists",
        "gVisor documentation, 'Linux/amd64 syscall compatibility'", "read",
    ),
    Parameter(
        "spectrum.kata.start_seconds", 0.6, "s",
        "starting one Kata container (a container inside a lightweight VM; about 600 ms)", VAN_RIJN, "secondary",
    ),
    Parameter(
        "spectrum.kata.qemu_overhead_mib", 160.0, "MiB",
        "memory overhead of one Kata sandbox on QEMU (kata-qemu RuntimeClass pod overhead)",
        "Kata Containers, kata-deploy RuntimeClass definitions", "read",
    ),
    Parameter(
        "spectrum.kata.fc_overhead_mib", 130.0, "MiB",
        "memory overhead of one Kata sandbox on Firecracker (kata-fc RuntimeClass pod overhead)",
        "Kata Containers, kata-deploy RuntimeClass definitions", "read",
    ),
    Parameter(
        "spectrum.kata.overhead_cpus", 0.25, "cores",
        "CPU overhead of one Kata sandbox (RuntimeClass pod overhead)",
        "Kata Containers, kata-deploy RuntimeClass definitions", "read",
    ),
    Parameter(
        "spectrum.firecracker.boot_seconds", 0.161, "s",
        "Firecracker microVM boot, start call to guest init (median of published measurements)",
        "Agache et al., 'Firecracker: Lightweight Virtualization for Serverless "
        "Applications', NSDI 2020 (published data)",
        "derived",
    ),
    Parameter(
        "spectrum.firecracker.boot_spec_seconds", 0.125, "s",
        "Firecracker's specified upper bound for booting a microVM to guest init",
        "Firecracker SPECIFICATION (firecracker-microvm/firecracker)", "read",
    ),
    Parameter(
        "spectrum.firecracker.vmm_mib", 2.5, "MiB",
        "memory of the Firecracker VMM process beyond guest RAM",
        "Agache et al., 'Firecracker: Lightweight Virtualization for Serverless "
        "Applications', NSDI 2020 (published data)",
        "derived",
    ),
    Parameter(
        "spectrum.qemu.vmm_mib_low", 131.0, "MiB",
        "memory of a QEMU VMM process beyond guest RAM, low end of measurements",
        "Agache et al., 'Firecracker: Lightweight Virtualization for Serverless "
        "Applications', NSDI 2020 (published data)",
        "derived",
    ),
    Parameter(
        "spectrum.qemu.vmm_mib_high", 148.0, "MiB",
        "memory of a QEMU VMM process beyond guest RAM, high end of measurements",
        "Agache et al., 'Firecracker: Lightweight Virtualization for Serverless "
        "Applications', NSDI 2020 (published data)",
        "derived",
    ),
    Parameter(
        "spectrum.lightvm.boot_seconds", 0.0023, "s",
        "LightVM booting a minimal guest (2.3 ms)",
        "Manco et al., 'My VM is Lighter (and Safer) than your Container', SOSP 2017", "read",
    ),
    Parameter(
        "spectrum.container.escape_exploits_worked", 50.0, "exploits",
        "kernel exploits (of those tried) that worked from inside a default Docker container",
        "Lin et al., 'A Measurement Study on Linux Container Security: Attacks and "
        "Countermeasures', ACSAC 2018", "secondary",
    ),
    Parameter(
        "spectrum.container.escape_exploits_tried", 88.0, "exploits",
        "kernel exploits tried from inside a default Docker container",
        "Lin et al., 'A Measurement Study on Linux Container Security: Attacks and "
        "Countermeasures', ACSAC 2018", "secondary",
    ),
    # -- cloud scale (vizlib.cluster) ---------------------------------------------
    Parameter(
        "cluster.host_cost_per_hour", 1.0, "USD/h",
        "illustrative price of running one host for an hour", COURSE, "assumption",
    ),
    Parameter(
        "cluster.host_idle_watts", 100.0, "W",
        "illustrative power of one idle, powered-on host", COURSE, "assumption",
    ),
    Parameter(
        "cluster.host_peak_watts", 300.0, "W",
        "illustrative power of one host at full CPU load", COURSE, "assumption",
    ),
]

_TABLE = ParameterTable(_ROWS)


def parameters() -> ParameterTable:
    """The defaults table: every value the model uses, each with its source.

    Examples
    --------
    >>> import vizlib as vz
    >>> vz.parameters().value("guest_os.ubuntu-server.memory_gib")
    1.5
    """
    return _TABLE


@dataclass(frozen=True)
class GuestOS:
    """An operating system profile (as a guest in a VM, or as a host OS)."""

    key: str
    label: str
    memory_gib: float
    disk_gib: float
    boot_seconds: float


def _guest_profiles() -> Mapping[str, GuestOS]:
    out = {}
    for key in dict.fromkeys(k.split(".")[1] for k in _TABLE if k.startswith("guest_os.")):
        row = _TABLE[f"guest_os.{key}.memory_gib"]
        out[key] = GuestOS(
            key=key,
            label=row.description.split(":")[0],
            memory_gib=row.value,
            disk_gib=_TABLE.value(f"guest_os.{key}.disk_gib"),
            boot_seconds=_TABLE.value(f"guest_os.{key}.boot_seconds"),
        )
    return MappingProxyType(out)


GUEST_OS: Mapping[str, GuestOS] = _guest_profiles()
"""Known guest OS profiles, keyed by name (``"ubuntu-server"``, ...)."""

IMAGES: Mapping[str, float] = MappingProxyType(
    {k.split(".")[1]: _TABLE.value(k) for k in _TABLE if k.startswith("image.")}
)
"""Known container images and their size in GiB."""
