"""The simulation model: hosts, hypervisors, virtual machines, container
runtimes and containers, with allocation, overcommit and usage breakdowns.

Pure Python: no plotting or widget imports. Every number the course shows
comes from here, with defaults from :func:`vizlib.parameters`.

Accounting rules
----------------
* A **VM** reserves whole ``vcpus`` and ``memory_gib`` of guest RAM. Inside
  it, the guest OS takes its profile's memory, the app takes its own needs,
  and whatever is left is *stranded* (reserved, but used by nobody). Outside
  guest RAM, the hypervisor pays a per-VM overhead (KVM/QEMU sizing rule).
* A **container** reserves ``cpus`` (fractions allowed) and ``memory_gib``
  (like Kubernetes requests); its app uses part of that, the rest is
  stranded. The runtime adds a small per-container overhead. All containers
  share the host's one kernel.
* The platform itself takes memory first: a type 1 hypervisor its own
  footprint; a type 2 hypervisor a host OS plus the hypervisor application;
  a container runtime a host OS plus its daemons.
* Overcommit lets reservations exceed what is physically there, by the given
  factor. Apps then compete: the CPU slowdown is demand / cores when demand
  exceeds the cores.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from . import _validate as v
from .parameters import GUEST_OS, IMAGES, MIB, GuestOS, parameters

__all__ = [
    "AllocationError",
    "Host",
    "App",
    "VirtualMachine",
    "Container",
    "Breakdown",
    "Usage",
    "Hypervisor",
    "ContainerRuntime",
    "LAYERS",
    "HYPERVISOR_KINDS",
    "vm_overhead_gib",
]

EPS = 1e-9
LAYERS = ("hypervisor", "host_os", "guest_os", "runtime", "apps", "stranded", "free")
"""Usage layers, bottom to top, in the order every breakdown lists them."""

HYPERVISOR_KINDS = {
    "type1": "bare metal (ESXi, KVM, Hyper-V, Xen)",
    "type2": "hosted on an OS (VirtualBox, VMware Workstation)",
}


class AllocationError(ValueError):
    """An instance does not fit on the host and overcommit does not allow it.

    Attributes
    ----------
    instance : str
        Name of the instance that was refused.
    resource : str
        ``"cpu"``, ``"memory"`` or ``"disk"``.
    requested, free : float
        What the instance needs and what is still available, in the
        resource's unit (cores or GiB).
    """

    def __init__(self, instance: str, resource: str, requested: float, free: float, unit: str, kind: str = "VM"):
        self.instance, self.resource, self.requested, self.free, self.unit = (
            instance, resource, requested, free, unit,
        )
        super().__init__(
            f"{kind} {instance!r} does not fit: {resource} needs {_amount(requested, unit)}, "
            f"{_amount(max(free, 0.0), unit)} free"
        )


def _amount(x: float, unit: str) -> str:
    """``1 core``, ``2 cores``, ``1.5 GiB``."""
    text = _fmt(x)
    return f"{text} {unit[:-1]}" if unit == "cores" and text == "1" else f"{text} {unit}"


def _fmt(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".") if x != int(x) else f"{int(x)}"


@dataclass(frozen=True)
class Host:
    """A physical server.

    Parameters
    ----------
    cpu_cores : int
        Physical CPU cores (whole number, >= 1).
    memory_gib : float
        Physical memory in GiB (> 0).
    disk_gib : float, default 1000
        Local disk in GiB (> 0).
    name : str, default "host"
    """

    cpu_cores: int
    memory_gib: float
    disk_gib: float = 1000.0
    name: str = "host"

    def __post_init__(self) -> None:
        object.__setattr__(self, "cpu_cores", v.whole("cpu_cores", self.cpu_cores))
        object.__setattr__(self, "memory_gib", v.number("memory_gib", self.memory_gib))
        object.__setattr__(self, "disk_gib", v.number("disk_gib", self.disk_gib))
        object.__setattr__(self, "name", v.name("name", self.name))


@dataclass(frozen=True)
class App:
    """A workload's own needs, independent of how it is packaged.

    Parameters
    ----------
    name : str
    cpus : float
        CPU cores the app keeps busy (fractions allowed, > 0).
    memory_gib : float
        Memory the app itself uses, in GiB (> 0).
    disk_gib : float, default 1
        The app's code and data on disk, in GiB (>= 0).
    """

    name: str
    cpus: float
    memory_gib: float
    disk_gib: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", v.name("name", self.name))
        object.__setattr__(self, "cpus", v.number("cpus", self.cpus))
        object.__setattr__(self, "memory_gib", v.number("memory_gib", self.memory_gib))
        object.__setattr__(self, "disk_gib", v.number("disk_gib", self.disk_gib, inclusive=True))


def vm_overhead_gib(memory_gib: float, vcpus: int) -> float:
    """Hypervisor memory outside guest RAM for one VM (KVM/QEMU sizing rule)."""
    p = parameters()
    return (
        p.value("hypervisor.per_vm.guest_ram_fraction") * memory_gib
        + (p.value("hypervisor.per_vm.base_mib") + p.value("hypervisor.per_vm.per_vcpu_mib") * vcpus) * MIB
    )


class _Instance:
    """What a VM and a container have in common: a reservation, the part its app uses, and host memory.

    A plain mixin (no fields, no state) for the frozen dataclasses :class:`VirtualMachine` and
    :class:`Container`, which provide ``cpus``, ``memory_gib``, ``app`` and ``overhead_memory_gib``.
    """

    @property
    def app_cpus(self) -> float:
        """CPU the app keeps busy (0 without an app)."""
        return self.app.cpus if self.app else 0.0

    @property
    def app_memory_gib(self) -> float:
        """Memory the app uses, in GiB (0 without an app)."""
        return self.app.memory_gib if self.app else 0.0

    @property
    def stranded_cpus(self) -> float:
        """CPU reserved for this instance that its app does not use."""
        return self.cpus - self.app_cpus

    @property
    def stranded_memory_gib(self) -> float:
        """Reserved memory its app does not use (a VM also subtracts its guest OS)."""
        return self.memory_gib - self.app_memory_gib

    @property
    def footprint_gib(self) -> float:
        """Host memory this instance takes: its reservation plus per-instance overhead."""
        return self.memory_gib + self.overhead_memory_gib


@dataclass(frozen=True)
class VirtualMachine(_Instance):
    """A VM as placed by a :class:`Hypervisor` (read-only record)."""

    name: str
    vcpus: int
    memory_gib: float
    guest_os: GuestOS
    app: App | None
    overhead_memory_gib: float
    disk_gib: float

    kind = "VM"

    @property
    def cpus(self) -> float:
        """CPU reserved (whole vCPUs)."""
        return float(self.vcpus)

    @property
    def stranded_memory_gib(self) -> float:
        """Guest RAM used by neither the guest OS nor the app (unlike a container, the guest OS takes its share)."""
        return self.memory_gib - self.guest_os.memory_gib - self.app_memory_gib


@dataclass(frozen=True)
class Container(_Instance):
    """A container as started by a :class:`ContainerRuntime` (read-only record)."""

    name: str
    cpus: float
    memory_gib: float
    image: str
    app: App | None
    overhead_memory_gib: float
    disk_gib: float

    kind = "container"


@dataclass(frozen=True)
class Breakdown:
    """How one resource of the host is divided among the layers.

    ``layers`` maps each name in :data:`LAYERS` to an amount (cores or GiB).
    Invariant: ``sum(layers.values()) - excess == capacity``. Without
    overcommit ``excess`` is 0 and the layers sum exactly to ``capacity``.
    """

    resource: str
    unit: str
    capacity: float
    layers: Mapping[str, float]
    excess: float
    demand: float
    per_instance: Mapping[str, Mapping[str, float]] = field(default_factory=dict)

    @property
    def allocated(self) -> float:
        """Everything reserved (all layers but ``free``)."""
        return sum(a for k, a in self.layers.items() if k != "free")

    @property
    def utilisation(self) -> float:
        """Share of capacity doing app work (0..1, can exceed 1 when overcommitted)."""
        return self.layers["apps"] / self.capacity

    @property
    def overhead(self) -> float:
        """Everything reserved that is not the apps (platform, OS, runtime, stranded)."""
        return self.allocated - self.layers["apps"]

    @property
    def pressure(self) -> float:
        """Demand (what is really busy or touched) over capacity; > 1 means contention."""
        return self.demand / self.capacity

    @property
    def slowdown(self) -> float:
        """How much slower work runs under contention (1.0 when demand fits)."""
        return max(1.0, self.pressure)


@dataclass(frozen=True)
class Usage:
    """Usage of a host by a system: one :class:`Breakdown` per resource."""

    cpu: Breakdown
    memory: Breakdown
    disk: Breakdown
    kernels: int
    instances: int

    @property
    def cpu_slowdown(self) -> float:
        """Factor by which apps run slower because CPU demand exceeds the cores."""
        return self.cpu.slowdown

    def to_dict(self) -> dict:
        return {
            r.resource: {**r.layers, "excess": r.excess, "capacity": r.capacity}
            for r in (self.cpu, self.memory, self.disk)
        } | {"kernels": self.kernels, "instances": self.instances}


class _System:
    """Shared machinery of :class:`Hypervisor` and :class:`ContainerRuntime`."""

    instance_kind = "instance"

    def __init__(self, host: Host, cpu_overcommit: float, memory_overcommit: float):
        if not isinstance(host, Host):
            raise TypeError(f"host must be a vizlib.Host, got {host!r} ({type(host).__name__})")
        self.host = host
        self.cpu_overcommit = v.number("cpu_overcommit", cpu_overcommit, minimum=1.0, inclusive=True)
        self.memory_overcommit = v.number("memory_overcommit", memory_overcommit, minimum=1.0, inclusive=True)
        self._instances: dict[str, VirtualMachine | Container] = {}
        reserved = self._platform_memory()
        if reserved > host.memory_gib + EPS:
            raise AllocationError(self._platform_label(), "memory", reserved, host.memory_gib, "GiB", kind="platform")
        if self._platform_disk() > host.disk_gib + EPS:
            raise AllocationError(
                self._platform_label(), "disk", self._platform_disk(), host.disk_gib, "GiB", kind="platform"
            )

    # -- what subclasses define -------------------------------------------
    def _platform_label(self) -> str:
        raise NotImplementedError

    def _platform_layers(self) -> dict[str, float]:
        """Memory taken by the platform itself, by layer."""
        raise NotImplementedError

    def _platform_disk(self) -> float:
        raise NotImplementedError

    def _instance_disk(self, instances: list) -> float:
        return sum(i.disk_gib for i in instances)

    def _kernels(self) -> int:
        raise NotImplementedError

    # -- shared -----------------------------------------------------------
    def _platform_memory(self) -> float:
        return sum(self._platform_layers().values())

    @property
    def cpu_limit(self) -> float:
        """Cores that instances may reserve in total (cores x cpu_overcommit)."""
        return self.host.cpu_cores * self.cpu_overcommit

    @property
    def memory_limit_gib(self) -> float:
        """Memory instances may reserve in total, overhead included."""
        return (self.host.memory_gib - self._platform_memory()) * self.memory_overcommit

    def free(self) -> dict[str, float]:
        """What a new instance may still reserve: cores, GiB of memory and disk."""
        inst = list(self._instances.values())
        return {
            "cpu": self.cpu_limit - sum(i.cpus for i in inst),
            "memory": self.memory_limit_gib - sum(i.footprint_gib for i in inst),
            "disk": self.host.disk_gib - self._platform_disk() - self._instance_disk(inst),
        }

    def _admit(self, new: VirtualMachine | Container) -> None:
        """Check that ``new`` fits, then add it; on failure nothing changes."""
        if new.name in self._instances:
            raise ValueError(
                f"name {new.name!r} is already used by a {self._instances[new.name].kind} on this host; "
                "choose another name"
            )
        free = self.free()
        inst = list(self._instances.values())
        needs = {
            "cpu": new.cpus,
            "memory": new.footprint_gib,
            "disk": self._instance_disk(inst + [new]) - self._instance_disk(inst),
        }
        for resource, unit in (("cpu", "cores"), ("memory", "GiB"), ("disk", "GiB")):
            if needs[resource] > free[resource] + EPS:
                raise AllocationError(new.name, resource, needs[resource], free[resource], unit, new.kind)
        self._instances[new.name] = new

    def _remove(self, name: str) -> None:
        if name not in self._instances:
            known = ", ".join(repr(n) for n in self._instances) or "none"
            raise ValueError(f"no {self.instance_kind} named {name!r}; running: {known}")
        del self._instances[name]

    @property
    def kernels(self) -> int:
        """OS kernels running on this host for this system."""
        return self._kernels()

    def usage(self) -> Usage:
        """Memory, CPU and disk of the host by layer; see :class:`Breakdown`."""
        inst = list(self._instances.values())
        is_vm = [isinstance(i, VirtualMachine) for i in inst]
        # memory
        mem = dict.fromkeys(LAYERS, 0.0)
        for k, a in self._platform_layers().items():
            mem[k] += a
        per_mem = {}
        for i, vm in zip(inst, is_vm, strict=True):
            guest = i.guest_os.memory_gib if vm else 0.0
            mem["hypervisor" if vm else "runtime"] += i.overhead_memory_gib
            mem["guest_os"] += guest
            mem["apps"] += i.app_memory_gib
            mem["stranded"] += i.stranded_memory_gib
            per_mem[i.name] = {
                "overhead": i.overhead_memory_gib, "guest_os": guest,
                "apps": i.app_memory_gib, "stranded": i.stranded_memory_gib,
            }
        # cpu: OS layers are idle in this model; reservations go to apps or stranded
        cpu = dict.fromkeys(LAYERS, 0.0)
        per_cpu = {}
        for i in inst:
            cpu["apps"] += i.app_cpus
            cpu["stranded"] += i.stranded_cpus
            per_cpu[i.name] = {"overhead": 0.0, "guest_os": 0.0, "apps": i.app_cpus, "stranded": i.stranded_cpus}
        # disk
        disk = dict.fromkeys(LAYERS, 0.0)
        disk["host_os"] += self._platform_disk()  # only a host OS takes disk (a type 1 platform takes none)
        per_disk = {}
        for i, vm in zip(inst, is_vm, strict=True):
            guest = i.guest_os.disk_gib if vm else 0.0
            app = i.app.disk_gib if i.app else 0.0
            disk["guest_os"] += guest
            disk["apps"] += app
            per_disk[i.name] = {"overhead": 0.0, "guest_os": guest, "apps": app, "stranded": 0.0}
        if not all(is_vm):  # shared image layers are stored once
            disk["runtime"] += self._instance_disk(inst) - sum(per["apps"] for per in per_disk.values())

        def breakdown(resource, unit, capacity, layers, demand, per):
            allocated = sum(layers.values())
            layers["free"] = max(0.0, capacity - allocated)
            excess = max(0.0, allocated - capacity)
            return Breakdown(resource, unit, capacity, MappingProxyType(layers), excess, demand,
                             MappingProxyType(per))

        mem_demand = sum(a for k, a in mem.items() if k not in ("stranded", "free"))
        return Usage(
            cpu=breakdown("cpu", "cores", float(self.host.cpu_cores), cpu, cpu["apps"], per_cpu),
            memory=breakdown("memory", "GiB", self.host.memory_gib, mem, mem_demand, per_mem),
            disk=breakdown("disk", "GiB", self.host.disk_gib, disk, sum(disk.values()), per_disk),
            kernels=self.kernels,
            instances=len(inst),
        )

    def _check_app(self, app: App | None, cpus: float, memory_gib: float, what: str) -> None:
        if app is None:
            return
        if not isinstance(app, App):
            raise TypeError(f"app must be a vizlib.App or None, got {app!r} ({type(app).__name__})")
        if app.cpus > cpus + EPS:
            raise ValueError(f"app {app.name!r} needs {_fmt(app.cpus)} CPU but the {what} has {_fmt(cpus)}")
        if app.memory_gib > memory_gib + EPS:
            raise ValueError(
                f"app {app.name!r} needs {_fmt(app.memory_gib)} GiB but the {what} leaves it {_fmt(memory_gib)} GiB"
            )


class Hypervisor(_System):
    """A hypervisor on a host: it creates VMs and gives each its share.

    Parameters
    ----------
    host : Host
    kind : {"type1", "type2"}
        ``"type1"`` runs on bare metal (ESXi, KVM, Hyper-V, Xen);
        ``"type2"`` runs as an application on a host OS (VirtualBox, VMware
        Workstation), which itself takes memory and runs a kernel.
    cpu_overcommit, memory_overcommit : float, default 1.0
        How far reservations may exceed the physical cores / memory (>= 1).
    host_os : str, optional
        Type 2 only: the host OS profile (default ``"windows-desktop"``).

    Examples
    --------
    >>> import vizlib as vz
    >>> hv = vz.Hypervisor(vz.Host(cpu_cores=8, memory_gib=32))
    >>> vm = hv.create_vm("web", vcpus=2, memory_gib=4)
    >>> hv.kernels
    1
    """

    instance_kind = "VM"

    def __init__(
        self,
        host: Host,
        kind: Literal["type1", "type2"] = "type1",
        cpu_overcommit: float = 1.0,
        memory_overcommit: float = 1.0,
        host_os: str | None = None,
    ):
        self.kind = v.choice("kind", kind, HYPERVISOR_KINDS)
        if kind == "type1" and host_os is not None:
            raise ValueError(f"host_os={host_os!r} applies only to kind='type2' (a type 1 hypervisor has no host OS)")
        self.host_os = (
            GUEST_OS[v.choice("host_os", host_os or "windows-desktop", GUEST_OS)] if kind == "type2" else None
        )
        super().__init__(host, cpu_overcommit, memory_overcommit)

    def _platform_label(self) -> str:
        return f"{self.kind} hypervisor"

    def _platform_layers(self) -> dict[str, float]:
        p = parameters()
        if self.kind == "type1":
            return {"hypervisor": p.value("hypervisor.type1.memory_gib")}
        return {"host_os": self.host_os.memory_gib, "hypervisor": p.value("hypervisor.type2.memory_gib")}

    def _platform_disk(self) -> float:
        return self.host_os.disk_gib if self.host_os else 0.0

    def _kernels(self) -> int:
        return len(self._instances) + (1 if self.kind == "type2" else 0)

    @property
    def vms(self) -> tuple[VirtualMachine, ...]:
        """The VMs, in creation order."""
        return tuple(self._instances.values())

    def create_vm(
        self,
        name: str,
        vcpus: int,
        memory_gib: float,
        guest_os: str = "ubuntu-server",
        app: App | None = None,
    ) -> VirtualMachine:
        """Create a VM with ``vcpus`` whole virtual CPUs and ``memory_gib`` of guest RAM.

        The guest OS takes its profile's memory inside the VM; ``app`` (if
        given) must fit in what is left. Raises :class:`AllocationError` if
        the host cannot hold the VM; the hypervisor is then unchanged.
        """
        name = v.name("name", name)
        vcpus = v.whole("vcpus", vcpus)
        memory_gib = v.number("memory_gib", memory_gib)
        os_ = GUEST_OS[v.choice("guest_os", guest_os, GUEST_OS)]
        if memory_gib < os_.memory_gib - EPS:
            raise ValueError(
                f"memory_gib={_fmt(memory_gib)} is less than guest OS {guest_os!r} needs "
                f"({_fmt(os_.memory_gib)} GiB); give the VM at least that"
            )
        self._check_app(app, vcpus, memory_gib - os_.memory_gib, f"VM (after its {os_.label} guest OS)")
        vm = VirtualMachine(
            name=name, vcpus=vcpus, memory_gib=memory_gib, guest_os=os_, app=app,
            overhead_memory_gib=vm_overhead_gib(memory_gib, vcpus),
            disk_gib=os_.disk_gib + (app.disk_gib if app else 0.0),
        )
        self._admit(vm)
        return vm

    def remove_vm(self, name: str) -> None:
        """Shut down and delete the VM called ``name``."""
        self._remove(name)

    def __repr__(self) -> str:
        return (
            f"Hypervisor({self.kind}, host={self.host.cpu_cores} cores/{_fmt(self.host.memory_gib)} GiB, "
            f"{len(self._instances)} VMs)"
        )


class ContainerRuntime(_System):
    """A container runtime on a host OS: containers share that OS's one kernel.

    Parameters
    ----------
    host : Host
    cpu_overcommit, memory_overcommit : float, default 1.0
    host_os : str, default "ubuntu-server"
        The host OS profile whose kernel all containers share.

    Examples
    --------
    >>> import vizlib as vz
    >>> rt = vz.ContainerRuntime(vz.Host(cpu_cores=8, memory_gib=32))
    >>> c = rt.run("web", cpus=0.5, memory_gib=0.5)
    >>> rt.kernels
    1
    """

    instance_kind = "container"

    def __init__(
        self,
        host: Host,
        cpu_overcommit: float = 1.0,
        memory_overcommit: float = 1.0,
        host_os: str = "ubuntu-server",
    ):
        self.host_os = GUEST_OS[v.choice("host_os", host_os, GUEST_OS)]
        super().__init__(host, cpu_overcommit, memory_overcommit)

    def _platform_label(self) -> str:
        return "container runtime"

    def _platform_layers(self) -> dict[str, float]:
        return {"host_os": self.host_os.memory_gib, "runtime": parameters().value("runtime.memory_gib")}

    def _platform_disk(self) -> float:
        return self.host_os.disk_gib

    def _instance_disk(self, instances: list) -> float:
        images = {i.image for i in instances}
        return sum(IMAGES[im] for im in images) + sum(i.app.disk_gib for i in instances if i.app)

    def _kernels(self) -> int:
        return 1

    @property
    def containers(self) -> tuple[Container, ...]:
        """The running containers, in start order."""
        return tuple(self._instances.values())

    def run(
        self,
        name: str,
        cpus: float,
        memory_gib: float,
        image: str = "alpine",
        app: App | None = None,
    ) -> Container:
        """Start a container limited to ``cpus`` (fractions allowed) and ``memory_gib``.

        Raises :class:`AllocationError` if the host cannot hold it; the
        runtime is then unchanged.
        """
        name = v.name("name", name)
        cpus = v.number("cpus", cpus)
        memory_gib = v.number("memory_gib", memory_gib)
        image = v.choice("image", image, IMAGES)
        self._check_app(app, cpus, memory_gib, "container")
        c = Container(
            name=name, cpus=cpus, memory_gib=memory_gib, image=image, app=app,
            overhead_memory_gib=parameters().value("runtime.per_container_mib") * MIB,
            disk_gib=IMAGES[image] + (app.disk_gib if app else 0.0),
        )
        self._admit(c)
        return c

    def stop(self, name: str) -> None:
        """Stop and remove the container called ``name``."""
        self._remove(name)

    def __repr__(self) -> str:
        return (
            f"ContainerRuntime(host={self.host.cpu_cores} cores/{_fmt(self.host.memory_gib)} GiB, "
            f"{len(self._instances)} containers)"
        )


def _ceil_vcpus(cpus: float) -> int:
    return max(1, math.ceil(cpus - EPS))
