"""Build a whole system from a few settings, collecting what does not fit.

Dashboards call these instead of handling exceptions themselves: a setting
that cannot be placed becomes a :class:`Refusal` with a plain reason, so a
learner reads an explanation instead of a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

from vizlib.model.systems import AllocationError, App, ContainerRuntime, Host, Hypervisor, Refused

__all__ = ["Refusal", "Scenario", "fill_vms", "fill_containers"]


@dataclass(frozen=True)
class Refusal:
    """An instance that was asked for but not placed, and why: ``error`` is the model's structured refusal
    (:class:`~vizlib.model.systems.Refused`); ``reason`` renders it in the current language. ``kind`` is ``"vm"``
    or ``"container"``: what was asked for."""

    name: str
    error: ValueError
    cpus: float
    memory_gib: float
    kind: str = "vm"

    def __post_init__(self) -> None:
        if self.kind not in ("vm", "container"):
            raise ValueError(f"kind must be 'vm' or 'container', got {self.kind!r}")

    @property
    def reason(self) -> str:
        return str(self.error)


@dataclass(frozen=True)
class Scenario:
    """A system built from settings: ``system`` is a Hypervisor or
    ContainerRuntime, or the bare ``Host`` when even the platform does not fit."""

    system: Hypervisor | ContainerRuntime | Host
    requested: int
    refused: tuple[Refusal, ...]

    @property
    def placed(self) -> int:
        return self.requested - len(self.refused)

    @property
    def host(self) -> Host:
        return self.system if isinstance(self.system, Host) else self.system.host


def fill_vms(
    host: Host,
    count: int,
    vcpus: int,
    memory_gib: float,
    *,
    guest_os: str = "ubuntu-server",
    kind: str | None = None,
    cpu_overcommit: float = 1.0,
    memory_overcommit: float = 1.0,
    app: App | None = None,
    product: str | None = None,
    host_os: str | None = None,
) -> Scenario:
    """Ask a hypervisor for ``count`` identical VMs named ``vm1``, ``vm2``, ...

    Each VM runs ``app`` if given. VMs that cannot be created are returned
    as refusals with the model's reason; the others are placed. ``kind``,
    ``product`` and ``host_os`` choose the hypervisor as in
    :class:`~vizlib.Hypervisor`.

    Examples
    --------
    >>> import vizlib as vz
    >>> s = vz.fill_vms(vz.Host(cpu_cores=4, memory_gib=16), count=5, vcpus=1, memory_gib=2)
    >>> s.placed, s.refused[0].reason
    (4, "VM 'vm5' does not fit: cpu needs 1 core, 0 cores free")
    """
    try:
        hv = Hypervisor(host, kind=kind, cpu_overcommit=cpu_overcommit, memory_overcommit=memory_overcommit,
                        host_os=host_os, product=product)
    except AllocationError as e:
        names = [f"vm{i + 1}" for i in range(count)]
        return Scenario(host, count, tuple(Refusal(n, e, vcpus, memory_gib) for n in names))
    return Scenario(hv, count, _place(count, "vm", lambda n: hv.create_vm(n, vcpus, memory_gib, guest_os, app),
                                      vcpus, memory_gib))


def fill_containers(
    host: Host,
    count: int,
    cpus: float,
    memory_gib: float,
    *,
    image: str = "alpine",
    cpu_overcommit: float = 1.0,
    memory_overcommit: float = 1.0,
    app: App | None = None,
    limit_cpus: float | None = None,
    limit_memory_gib: float | None = None,
) -> Scenario:
    """Ask a container runtime for ``count`` identical containers ``c1``, ``c2``, ...

    Each requests ``cpus`` and ``memory_gib`` (what admission counts), with
    optional limits, as :meth:`vizlib.ContainerRuntime.run`.
    """
    try:
        rt = ContainerRuntime(host, cpu_overcommit=cpu_overcommit, memory_overcommit=memory_overcommit)
    except AllocationError as e:
        return Scenario(host, count, tuple(Refusal(f"c{i + 1}", e, cpus, memory_gib, "container")
                                            for i in range(count)))
    def start(name: str) -> None:
        rt.run(name, cpus, memory_gib, image, app, limit_cpus=limit_cpus, limit_memory_gib=limit_memory_gib)

    return Scenario(rt, count, _place(count, "c", start, cpus, memory_gib, "container"))


def _place(count, prefix, create, cpus, memory_gib, kind="vm") -> tuple[Refusal, ...]:
    refused = []
    for i in range(count):
        name = f"{prefix}{i + 1}"
        try:
            create(name)
        except Refused as e:  # did not fit, or settings the model refuses; other errors are the caller's
            refused.append(Refusal(name, e, cpus, memory_gib, kind))
    return tuple(refused)
