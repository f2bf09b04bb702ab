"""The simulation model: hosts, hypervisors, virtual machines, container
runtimes and containers, with admission, overcommit and two views of usage.

Pure Python: no plotting or widget imports. Every number the course shows
comes from here, with defaults from :func:`vizlib.parameters`.

Two views of one host
---------------------
What admission control counts and a customer pays for is not what the
machine does. :meth:`Hypervisor.usage` and :meth:`ContainerRuntime.usage`
give both, as the same kind of :class:`Breakdown`:

``view="reserved"`` (the default)
    Reservations. A VM reserves whole ``vcpus`` and ``memory_gib`` of guest
    RAM; inside it the guest OS takes its *sizing floor* (the vendor's
    minimum), the app its own needs, and the rest is *stranded*: reserved,
    unused, and, under this admission policy, not given to anyone else.
    Outside guest RAM the hypervisor reserves a per-VM overhead (KVM/QEMU
    sizing rule). A container reserves its *request* (Kubernetes' word); what
    its app does not use of it is stranded.
``view="used"``
    What the host actually backs and burns. A vCPU is a thread the host
    schedules: an idle vCPU takes no core, so nothing is stranded, and the
    app's work costs a little extra CPU in a VM. Guest RAM that is never
    touched is never backed: an idle guest OS takes its measured idle
    footprint, not its floor, and the VMM process its measured size.

Admission (whether a new VM or container may start) always counts
reservations, against the cores and memory times the overcommit factors: a
management layer's policy, not a law of hypervisors. The CPU slowdown under
contention is the used CPU over the cores, when it exceeds them.

Kernels
-------
Every VM boots one guest kernel (:attr:`Hypervisor.guest_kernels`). Beneath
the guests run the kernels of the platform, which depend on the product
(:data:`PRODUCTS`): KVM is a module of the host's Linux kernel, ESXi runs
its VMkernel, Xen runs the Xen hypervisor and a dom0 Linux kernel, Hyper-V
its hypervisor and the Windows kernel of its root partition, and a type 2
hypervisor the host OS's kernel. :attr:`Hypervisor.kernels` counts them all.
Containers run no guest kernel: all of them share the host's one kernel.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from vizlib.model import validate as v
from vizlib.model.table import GUEST_OS, IMAGES, MIB, GuestOS, parameters
from vizlib.text.catalog import N_, NP_, t, tn, tp
from vizlib.text.fmt import number

__all__ = [
    "AllocationError",
    "LimitBelowRequest",
    "BelowSizingFloor",
    "AppTooBig",
    "Refused",
    "Host",
    "App",
    "VirtualMachine",
    "Container",
    "Breakdown",
    "Usage",
    "Hypervisor",
    "ContainerRuntime",
    "HypervisorProduct",
    "LAYERS",
    "HYPERVISOR_KINDS",
    "PRODUCTS",
    "DEFAULT_PRODUCT",
    "VIEWS",
    "vm_overhead_gib",
]

EPS = 1e-9
LAYERS = ("hypervisor", "host_os", "guest_os", "runtime", "apps", "stranded", "free")
"""Usage layers, bottom to top, in the order every breakdown lists them."""

VIEWS = ("reserved", "used")
"""The two views of usage: what is reserved (admission, billing) and what the host actually uses."""

HYPERVISOR_KINDS = {
    "type1": N_("bare metal (KVM, ESXi, Xen, Hyper-V)"),
    "type2": N_("hosted on an OS (VirtualBox, VMware Workstation)"),
}
"""The two kinds of hypervisor, in words (in English: show one with ``t(HYPERVISOR_KINDS[kind])``)."""


@dataclass(frozen=True)
class HypervisorProduct:
    """A hypervisor product: its type and what runs beneath its guests.

    ``beneath`` names, bottom first, every kernel that runs beneath the
    guests (keys such as ``"vmkernel"``); how many there are is also a row of
    :func:`vizlib.parameters` with the vendor's documentation as its source.
    """

    key: str
    label: str
    kind: str
    beneath: tuple[str, ...]
    host_os: str | None = None
    """The OS that runs beneath the guests by default (KVM's host Linux, Xen's dom0, Hyper-V's root partition,
    a type 2 host), a key of :data:`vizlib.GUEST_OS`; ``None`` when there is none (ESXi)."""
    disputed: bool = False
    """Whether sources disagree about the kind (KVM: Red Hat and Silberschatz say type 1, Nance et al. type 2)."""

    @property
    def kind_text(self) -> str:
        """The kind in words, hedged where sources disagree: "type 1", or "usually classed as type 1".

        >>> PRODUCTS["esxi"].kind_text, PRODUCTS["kvm"].kind_text
        ('type 1', 'usually classed as type 1')
        """
        if self.kind == "type1":
            return t("usually classed as type 1") if self.disputed else tp("hypervisor kind", "type 1")
        return t("usually classed as type 2") if self.disputed else tp("hypervisor kind", "type 2")

    @property
    def kind_short(self) -> str:
        """The kind for titles: "type 1", or "usually type 1" where sources disagree.

        >>> PRODUCTS["kvm"].kind_short
        'usually type 1'
        """
        if self.kind == "type1":
            return t("usually type 1") if self.disputed else tp("hypervisor kind", "type 1")
        return t("usually type 2") if self.disputed else tp("hypervisor kind", "type 2")

    @property
    def kernels_beneath(self) -> int:
        """Kernels running beneath the guests (from the parameter table)."""
        return int(parameters().value(f"hypervisor.{self.key}.kernels_beneath"))


PRODUCTS: Mapping[str, HypervisorProduct] = MappingProxyType({
    "kvm": HypervisorProduct("kvm", "KVM", "type1", ("linux_kvm",), "ubuntu-server", disputed=True),
    "esxi": HypervisorProduct("esxi", "VMware ESXi", "type1", ("vmkernel",), None),
    "xen": HypervisorProduct("xen", "Xen", "type1", ("xen", "dom0"), "ubuntu-server"),
    "hyper-v": HypervisorProduct("hyper-v", "Microsoft Hyper-V", "type1", ("hyperv", "root_partition"),
                                 "windows-core"),
    "virtualbox": HypervisorProduct("virtualbox", "Oracle VirtualBox", "type2", ("host_kernel",), "windows-11"),
    "vmware-workstation": HypervisorProduct("vmware-workstation", "VMware Workstation", "type2", ("host_kernel",),
                                            "windows-11"),
})
"""Hypervisor products the model knows, type 1 first."""

DEFAULT_PRODUCT = MappingProxyType({"type1": "kvm", "type2": "virtualbox"})
"""The product used for a kind when none is named: KVM (what Google Cloud runs) and VirtualBox."""



class Refused(ValueError):
    """A refusal a learner sees: a structured record (what, which resource, how much) whose message is rendered from
    the catalogue in the current language each time it is shown. Errors aimed at programmers stay plain
    ``ValueError``s with English messages."""

    def message(self) -> str:
        raise NotImplementedError

    def __str__(self) -> str:
        return self.message()


def _amount(x: float, unit: str) -> str:
    """``1 core``, ``2 cores``, ``1.5 GiB``, in the current language."""
    if unit == "cores":
        return tn("{amount} core", "{amount} cores", 1 if number(x) == "1" else 2, amount=number(x))
    return f"{number(x)} {unit}"


_RESOURCE = {"cpu": NP_("resource", "cpu"), "memory": NP_("resource", "memory"), "disk": NP_("resource", "disk")}
_PLATFORM = {"type1": N_("type 1 hypervisor"), "type2": N_("type 2 hypervisor"), "containers": N_("container runtime")}


class AllocationError(Refused):
    """An instance does not fit on the host under the admission policy (reservations and overcommit).

    Attributes
    ----------
    instance : str
        Name of the instance that was refused (for ``kind="platform"``, the platform's product key or
        ``"containers"``).
    resource : str
        ``"cpu"``, ``"memory"`` or ``"disk"``.
    requested, free : float
        What the instance needs and what is still available, in the
        resource's unit (cores or GiB).
    kind : str
        ``"VM"``, ``"container"`` or ``"platform"``.
    """

    def __init__(self, instance: str, resource: str, requested: float, free: float, unit: str, kind: str = "VM"):
        self.instance, self.resource, self.requested, self.free, self.unit, self.kind = (
            instance, resource, requested, free, unit, kind,
        )
        super().__init__(instance, resource, requested, free, unit, kind)

    def message(self) -> str:
        fields = dict(name=self.instance, resource=tp("resource", _RESOURCE[self.resource]),
                      need=_amount(self.requested, self.unit), free=_amount(max(self.free, 0.0), self.unit))
        if self.kind == "platform":
            fields["name"] = t(_PLATFORM[self.instance]) if self.instance in _PLATFORM else self.instance
            return t("the platform ({name}) does not fit: {resource} needs {need}, {free} available", **fields)
        if self.kind == "container":
            return t("container '{name}' does not fit: {resource} needs {need}, {free} free", **fields)
        return t("VM '{name}' does not fit: {resource} needs {need}, {free} free", **fields)


class AppTooBig(Refused):
    """An app needs more than what runs it can give: a VM (after its guest OS), a container's limit, or the host."""

    def __init__(self, app: str, within: str, resource: str, need: float, has: float, guest_os: str = ""):
        self.app, self.within, self.resource, self.need, self.has, self.guest_os = (
            app, within, resource, need, has, guest_os)
        super().__init__(app, within, resource, need, has, guest_os)

    def message(self) -> str:
        f = dict(app=self.app, need=number(self.need), has=number(self.has), guest_os=self.guest_os)
        if self.resource == "cpu":
            if self.within == "vm":
                return t("app '{app}' needs {need} CPU but the VM has {has}", **f)
            if self.within == "limit":
                return t("app '{app}' needs {need} CPU but the container's limit has {has}", **f)
            return t("app '{app}' needs {need} CPU but the host has {has}", **f)
        if self.within == "vm":
            return t("app '{app}' needs {need} GiB but the VM (after its {guest_os} guest OS) leaves it {has} GiB", **f)
        if self.within == "limit":
            return t("app '{app}' needs {need} GiB but the container's limit leaves it {has} GiB", **f)
        return t("app '{app}' needs {need} GiB but the host leaves it {has} GiB", **f)


class BelowSizingFloor(Refused):
    """A VM given less memory than its guest OS's sizing floor."""

    def __init__(self, memory_gib: float, guest_os: str, floor_gib: float):
        self.memory_gib, self.guest_os, self.floor_gib = memory_gib, guest_os, floor_gib
        super().__init__(memory_gib, guest_os, floor_gib)

    def message(self) -> str:
        return t("a VM of {memory} GiB is smaller than {os} needs ({floor} GiB, its sizing floor); give the VM at "
                 "least that", memory=number(self.memory_gib), os=self.guest_os, floor=number(self.floor_gib))


class LimitBelowRequest(Refused):
    """A container limit set below its request."""

    def __init__(self, param: str, value: float, request: float, unit: str):
        self.param, self.value, self.request, self.unit = param, value, request, unit
        super().__init__(param, value, request, unit)

    def message(self) -> str:
        req = "cpus" if self.param == "limit_cpus" else "memory_gib"
        return t("{param}={value} is below the request {req}={request}; a limit must be at least its request "
                 "({request} {unit} or more), or None for no limit", param=self.param, value=number(self.value),
                 req=req, request=number(self.request), unit=self.unit)




DEFAULT_HOST_NAME = "host"
"""The name a :class:`Host` gets when none is given (headings then name the host by its size alone)."""


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
    name: str = DEFAULT_HOST_NAME

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
    """Hypervisor memory reserved outside guest RAM for one VM (KVM/QEMU sizing rule)."""
    p = parameters()
    return (
        p.value("hypervisor.per_vm.guest_ram_fraction") * memory_gib
        + (p.value("hypervisor.per_vm.base_mib") + p.value("hypervisor.per_vm.per_vcpu_mib") * vcpus) * MIB
    )


def _view(view: object) -> str:
    return v.choice("view", view, VIEWS)


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
        """CPU reserved for this instance that its app does not use (the reserved view)."""
        return self.cpu_layers("reserved")["stranded"]

    @property
    def stranded_memory_gib(self) -> float:
        """Reserved memory used by neither its app nor (for a VM) its guest OS's floor (the reserved view)."""
        return self.memory_layers("reserved")["stranded"]

    @property
    def footprint_gib(self) -> float:
        """Host memory this instance reserves: its reservation plus per-instance overhead."""
        return self.memory_gib + self.overhead_memory_gib


@dataclass(frozen=True)
class VirtualMachine(_Instance):
    """A VM as placed by a :class:`Hypervisor` (read-only record).

    ``overhead_memory_gib`` is what the hypervisor reserves outside guest RAM
    (a sizing rule); ``used_overhead_memory_gib`` is what its VMM process was
    measured to use.
    """

    name: str
    vcpus: int
    memory_gib: float
    guest_os: GuestOS
    app: App | None
    overhead_memory_gib: float
    disk_gib: float
    used_overhead_memory_gib: float = 0.0
    cpu_overhead_fraction: float = 0.0

    kind = "VM"

    @property
    def cpus(self) -> float:
        """CPU reserved (whole vCPUs)."""
        return float(self.vcpus)

    def cpu_layers(self, view: str = "reserved") -> dict[str, float]:
        """Cores by layer (``overhead``, ``guest_os``, ``apps``, ``stranded``) in ``view``.

        Reserved: the vCPUs, split into what the app keeps busy and the
        stranded rest. Used: the app's work plus the extra CPU virtualization
        costs for it; an idle vCPU takes no core, so nothing is stranded. A
        VM's vCPU threads can burn at most its vCPUs, so an app that fills
        them pays the extra as slower work, not as more CPU. The idle guest
        OS's own CPU time is left out in both views.
        """
        if _view(view) == "reserved":
            return {"overhead": 0.0, "guest_os": 0.0, "apps": self.app_cpus, "stranded": self.vcpus - self.app_cpus}
        extra = min(self.app_cpus * self.cpu_overhead_fraction, self.vcpus - self.app_cpus)
        return {"overhead": extra, "guest_os": 0.0, "apps": self.app_cpus, "stranded": 0.0}

    def memory_layers(self, view: str = "reserved") -> dict[str, float]:
        """GiB by layer (``overhead``, ``guest_os``, ``apps``, ``stranded``) in ``view``.

        Reserved: the per-VM overhead by the sizing rule, and the guest RAM
        split into the guest OS's sizing floor, the app and the stranded rest.
        Used: the VMM process as measured, the guest OS's idle footprint and
        the app; guest RAM nobody touched is not backed, so nothing is stranded.
        """
        if _view(view) == "reserved":
            return {"overhead": self.overhead_memory_gib, "guest_os": self.guest_os.memory_gib,
                    "apps": self.app_memory_gib,
                    "stranded": self.memory_gib - self.guest_os.memory_gib - self.app_memory_gib}
        return {"overhead": self.used_overhead_memory_gib, "guest_os": self.guest_os.idle_memory_gib,
                "apps": self.app_memory_gib, "stranded": 0.0}


@dataclass(frozen=True)
class Container(_Instance):
    """A container as started by a :class:`ContainerRuntime` (read-only record).

    ``cpus`` and ``memory_gib`` are its *requests*: what is reserved for it
    and what admission counts. ``limit_cpus`` and ``limit_memory_gib`` are
    caps the kernel enforces (``None``: no limit).
    """

    name: str
    cpus: float
    memory_gib: float
    image: str
    app: App | None
    overhead_memory_gib: float
    disk_gib: float
    limit_cpus: float | None = None
    limit_memory_gib: float | None = None

    kind = "container"

    def cpu_layers(self, view: str = "reserved") -> dict[str, float]:
        """Cores by layer in ``view``: reserved, the request split into the app's use (up to the request)
        and the stranded rest; used, what the app burns."""
        if _view(view) == "reserved":
            used = min(self.app_cpus, self.cpus)
            return {"overhead": 0.0, "guest_os": 0.0, "apps": used, "stranded": self.cpus - used}
        return {"overhead": 0.0, "guest_os": 0.0, "apps": self.app_cpus, "stranded": 0.0}

    def memory_layers(self, view: str = "reserved") -> dict[str, float]:
        """GiB by layer in ``view``: the runtime's per-container overhead, then (reserved) the request split
        into the app's use and the stranded rest, or (used) what the app uses."""
        if _view(view) == "reserved":
            used = min(self.app_memory_gib, self.memory_gib)
            return {"overhead": self.overhead_memory_gib, "guest_os": 0.0, "apps": used,
                    "stranded": self.memory_gib - used}
        return {"overhead": self.overhead_memory_gib, "guest_os": 0.0, "apps": self.app_memory_gib, "stranded": 0.0}


@dataclass(frozen=True)
class Breakdown:
    """How one resource of the host is divided among the layers, in one view.

    ``layers`` maps each name in :data:`LAYERS` to an amount (cores or GiB).
    Invariant: ``sum(layers.values()) - excess == capacity``. When the layers
    fit in the capacity ``excess`` is 0 and they sum exactly to ``capacity``.
    ``demand`` is what the host actually uses (the used view's total), in
    either view, so that ``pressure`` and ``slowdown`` mean the same in both.
    """

    resource: str
    unit: str
    capacity: float
    layers: Mapping[str, float]
    excess: float
    demand: float
    per_instance: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    view: str = "reserved"

    @property
    def allocated(self) -> float:
        """Everything taken (all layers but ``free``): reserved, or used, by the view."""
        return sum(a for k, a in self.layers.items() if k != "free")

    @property
    def utilisation(self) -> float:
        """Share of capacity doing app work (0..1, can exceed 1 when overcommitted)."""
        return self.layers["apps"] / self.capacity

    @property
    def overhead(self) -> float:
        """Everything taken that is not the apps (platform, OS, runtime, stranded)."""
        return self.allocated - self.layers["apps"]

    @property
    def pressure(self) -> float:
        """Demand (what the host really uses) over capacity; > 1 means contention."""
        return self.demand / self.capacity

    @property
    def slowdown(self) -> float:
        """How much slower work runs under contention (1.0 when demand fits)."""
        return max(1.0, self.pressure)


@dataclass(frozen=True)
class Usage:
    """Usage of a host by a system in one view: one :class:`Breakdown` per resource."""

    cpu: Breakdown
    memory: Breakdown
    disk: Breakdown
    kernels: int
    instances: int
    view: str = "reserved"
    guest_kernels: int = 0

    @property
    def cpu_slowdown(self) -> float:
        """Factor by which apps run slower because CPU demand exceeds the cores."""
        return self.cpu.slowdown

    def to_dict(self) -> dict:
        return {
            r.resource: {**r.layers, "excess": r.excess, "capacity": r.capacity}
            for r in (self.cpu, self.memory, self.disk)
        } | {"kernels": self.kernels, "guest_kernels": self.guest_kernels, "instances": self.instances,
             "view": self.view}


class _System:
    """Shared machinery of :class:`Hypervisor` and :class:`ContainerRuntime`."""

    instance_kind = "instance"
    _overhead_layer = "hypervisor"

    def __init__(self, host: Host, cpu_overcommit: float, memory_overcommit: float):
        if not isinstance(host, Host):
            raise TypeError(f"host must be a vizlib.Host, got {host!r} ({type(host).__name__})")
        self.host = host
        self.cpu_overcommit = v.number("cpu_overcommit", cpu_overcommit, minimum=1.0, inclusive=True)
        self.memory_overcommit = v.number("memory_overcommit", memory_overcommit, minimum=1.0, inclusive=True)
        self._instances: dict[str, VirtualMachine | Container] = {}
        self._totals = {"cpu": 0.0, "memory": 0.0, "disk": 0.0}  # reserved by the instances, kept as they change
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

    def _platform_layers(self, view: str = "reserved") -> dict[str, float]:
        """Memory taken by the platform itself, by layer, in ``view``."""
        raise NotImplementedError

    def _platform_disk(self) -> float:
        raise NotImplementedError

    def _instance_disk(self, instances: list) -> float:
        return sum(i.disk_gib for i in instances)

    def _extra_disk(self, new: VirtualMachine | Container) -> float:
        """Disk ``new`` adds to what the instances already take."""
        return new.disk_gib

    @property
    def kernels_beneath(self) -> int:
        """Kernels the platform runs beneath any guests."""
        raise NotImplementedError

    @property
    def guest_kernels(self) -> int:
        """Guest kernels: one per VM; containers boot none."""
        raise NotImplementedError

    # -- shared -----------------------------------------------------------
    @property
    def kernels(self) -> int:
        """Every kernel the host runs for this system: the guests' plus those beneath them."""
        return self.guest_kernels + self.kernels_beneath

    def _platform_memory(self) -> float:
        """Memory the platform reserves (admission counts it)."""
        return sum(self._platform_layers("reserved").values())

    @property
    def platform_memory_gib(self) -> float:
        """Memory the platform itself reserves before any instance: hypervisor, host OS, runtime."""
        return self._platform_memory()

    @property
    def cpu_limit(self) -> float:
        """Cores that instances may reserve in total (cores x cpu_overcommit)."""
        return self.host.cpu_cores * self.cpu_overcommit

    @property
    def memory_limit_gib(self) -> float:
        """Memory instances may reserve in total, overhead included."""
        return (self.host.memory_gib - self._platform_memory()) * self.memory_overcommit

    def free(self) -> dict[str, float]:
        """What a new instance may still reserve under the admission policy: cores, GiB of memory and disk."""
        t = self._totals
        return {
            "cpu": self.cpu_limit - t["cpu"],
            "memory": self.memory_limit_gib - t["memory"],
            "disk": self.host.disk_gib - self._platform_disk() - t["disk"],
        }

    def _admit(self, new: VirtualMachine | Container) -> None:
        """Check that ``new`` fits the admission policy, then add it; on failure nothing changes."""
        self._check_fits(new)
        disk = self._extra_disk(new)
        self._instances[new.name] = new
        self._totals["cpu"] += new.cpus
        self._totals["memory"] += new.footprint_gib
        self._totals["disk"] += disk

    def _check_fits(self, new: VirtualMachine | Container) -> None:
        """Raise if ``new`` may not start: a name in use, or reservations the policy does not allow."""
        if new.name in self._instances:
            raise ValueError(
                f"name {new.name!r} is already used by a {self._instances[new.name].kind} on this host; "
                "choose another name"
            )
        free = self.free()
        needs = {"cpu": new.cpus, "memory": new.footprint_gib, "disk": self._extra_disk(new)}
        for resource, unit in (("cpu", "cores"), ("memory", "GiB"), ("disk", "GiB")):
            if needs[resource] > free[resource] + EPS:
                raise AllocationError(new.name, resource, needs[resource], free[resource], unit, new.kind)

    def _remove(self, name: str) -> None:
        if name not in self._instances:
            known = ", ".join(repr(n) for n in self._instances) or "none"
            raise ValueError(f"no {self.instance_kind} named {name!r}; running: {known}")
        del self._instances[name]
        inst = list(self._instances.values())  # recount from scratch: no rounding drift from subtracting
        self._totals = {"cpu": sum(i.cpus for i in inst), "memory": sum(i.footprint_gib for i in inst),
                        "disk": self._instance_disk(inst)}

    def _layers(self, resource: str, view: str) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
        """Amounts by layer of ``resource`` ("cpu" or "memory") in ``view``, and per instance."""
        out = dict.fromkeys(LAYERS, 0.0)
        if resource == "memory":
            for k, a in self._platform_layers(view).items():
                out[k] += a
        per = {}
        for i in self._instances.values():
            mine = i.cpu_layers(view) if resource == "cpu" else i.memory_layers(view)
            out[self._overhead_layer] += mine["overhead"]
            for k in ("guest_os", "apps", "stranded"):
                out[k] += mine[k]
            per[i.name] = mine
        return out, per

    def usage(self, view: str = "reserved") -> Usage:
        """CPU, memory and disk of the host by layer, in ``view``; see :class:`Breakdown`.

        Parameters
        ----------
        view : {"reserved", "used"}
            ``"reserved"`` (default): what admission control counts and a
            customer pays for. ``"used"``: what the host actually backs and
            burns. Disk is counted the same in both views.

        Examples
        --------
        >>> import vizlib as vz
        >>> hv = vz.Hypervisor(vz.Host(cpu_cores=8, memory_gib=32))
        >>> _ = hv.create_vm("web", vcpus=1, memory_gib=2, app=vz.App("web", cpus=0.5, memory_gib=0.5))
        >>> hv.usage().cpu.layers["stranded"], hv.usage("used").cpu.layers["stranded"]
        (0.5, 0.0)
        """
        view = _view(view)
        inst = list(self._instances.values())
        cpu, per_cpu = self._layers("cpu", view)
        mem, per_mem = self._layers("memory", view)
        used_cpu, _ = self._layers("cpu", "used") if view == "reserved" else (cpu, None)
        used_mem, _ = self._layers("memory", "used") if view == "reserved" else (mem, None)
        # disk: the same in both views
        disk = dict.fromkeys(LAYERS, 0.0)
        disk["host_os"] += self._platform_disk()  # only a host OS takes disk (ESXi's platform takes none here)
        per_disk = {}
        for i in inst:
            guest = i.guest_os.disk_gib if isinstance(i, VirtualMachine) else 0.0
            app = i.app.disk_gib if i.app else 0.0
            disk["guest_os"] += guest
            disk["apps"] += app
            per_disk[i.name] = {"overhead": 0.0, "guest_os": guest, "apps": app, "stranded": 0.0}
        if inst and not isinstance(inst[0], VirtualMachine):  # shared image layers are stored once
            disk["runtime"] += self._instance_disk(inst) - sum(per["apps"] for per in per_disk.values())

        def breakdown(resource, unit, capacity, layers, demand, per):
            allocated = sum(layers.values())
            layers["free"] = max(0.0, capacity - allocated)
            excess = max(0.0, allocated - capacity)
            return Breakdown(resource, unit, capacity, MappingProxyType(layers), excess, demand,
                             MappingProxyType(per), view)

        return Usage(
            cpu=breakdown("cpu", "cores", float(self.host.cpu_cores), cpu, sum(used_cpu.values()), per_cpu),
            memory=breakdown("memory", "GiB", self.host.memory_gib, mem, sum(used_mem.values()), per_mem),
            disk=breakdown("disk", "GiB", self.host.disk_gib, disk, sum(disk.values()), per_disk),
            kernels=self.kernels,
            instances=len(inst),
            view=view,
            guest_kernels=self.guest_kernels,
        )

    def _check_app(self, app: App | None, cpus: float, memory_gib: float, what: str, guest_os: str = "") -> None:
        if app is None:
            return
        if not isinstance(app, App):
            raise TypeError(f"app must be a vizlib.App or None, got {app!r} ({type(app).__name__})")
        if app.cpus > cpus + EPS:
            raise AppTooBig(app.name, what, "cpu", app.cpus, cpus, guest_os)
        if app.memory_gib > memory_gib + EPS:
            raise AppTooBig(app.name, what, "memory", app.memory_gib, memory_gib, guest_os)


def _product(kind: object, product: object) -> HypervisorProduct:
    """The product meant by ``kind`` and ``product`` (validated; see :class:`Hypervisor`)."""
    if kind is not None:
        v.choice("kind", kind, HYPERVISOR_KINDS)
    if product is None:
        return PRODUCTS[DEFAULT_PRODUCT[kind or "type1"]]
    p = PRODUCTS[v.choice("product", product, PRODUCTS)]
    if kind is not None and kind != p.kind:
        same = ", ".join(repr(k) for k, q in PRODUCTS.items() if q.kind == kind)
        raise ValueError(
            f"product={product!r} is a {p.kind} hypervisor, but kind={kind!r}; "
            f"leave kind out, or choose a {kind} product: {same}"
        )
    return p


class Hypervisor(_System):
    """A hypervisor on a host: it creates VMs and gives each its share.

    Parameters
    ----------
    host : Host
    kind : {"type1", "type2"}, optional
        ``"type1"`` runs on bare metal (KVM, ESXi, Xen, Hyper-V); ``"type2"``
        runs as an application on a host OS (VirtualBox, VMware Workstation),
        which itself takes memory. Follows from ``product`` when that is given;
        ``"type1"`` when neither is.
    cpu_overcommit, memory_overcommit : float, default 1.0
        The admission policy: how far reservations may exceed the physical
        cores / memory (>= 1). 1 is "no overcommit", as when a cloud sells
        dedicated vCPUs; hypervisors themselves set no such limit.
    host_os : str, optional
        The OS the product runs beneath its guests (a key of
        :data:`vizlib.GUEST_OS`): KVM's host Linux (default
        ``"ubuntu-server"``), Xen's dom0 (``"ubuntu-server"``), Hyper-V's
        root partition (``"windows-core"``), a type 2 host OS
        (``"windows-11"``). ESXi runs none, so it takes no ``host_os``.
    product : str, optional
        One of :data:`PRODUCTS` (default: ``"kvm"`` for type 1,
        ``"virtualbox"`` for type 2). A product of the other kind is a
        ``ValueError``.

    Examples
    --------
    >>> import vizlib as vz
    >>> hv = vz.Hypervisor(vz.Host(cpu_cores=8, memory_gib=32))
    >>> vm = hv.create_vm("web", vcpus=2, memory_gib=4)
    >>> hv.product.label, hv.guest_kernels, hv.kernels
    ('KVM', 1, 2)
    >>> vz.Hypervisor(vz.Host(cpu_cores=8, memory_gib=32), product="xen").kernels_beneath
    2
    """

    instance_kind = "VM"

    def __init__(
        self,
        host: Host,
        kind: Literal["type1", "type2"] | None = None,
        cpu_overcommit: float = 1.0,
        memory_overcommit: float = 1.0,
        host_os: str | None = None,
        product: str | None = None,
    ):
        self.product = _product(kind, product)
        self.kind = self.product.kind
        if self.product.host_os is None and host_os is not None:
            raise ValueError(f"host_os={host_os!r} does not apply to {self.product.label}, which runs no host OS "
                             "beneath its guests")
        default = self.product.host_os
        self.host_os = GUEST_OS[v.choice("host_os", host_os or default, GUEST_OS)] if default else None
        super().__init__(host, cpu_overcommit, memory_overcommit)

    def _platform_label(self) -> str:
        return self.kind

    def _platform_layers(self, view: str = "reserved") -> dict[str, float]:
        own = parameters().value(f"hypervisor.{self.kind}.memory_gib")
        if self.host_os is None:
            return {"hypervisor": own}
        host = self.host_os.memory_gib if _view(view) == "reserved" else self.host_os.idle_memory_gib
        return {"host_os": host, "hypervisor": own}

    def _platform_disk(self) -> float:
        return self.host_os.disk_gib if self.host_os else 0.0

    @property
    def kernels_beneath(self) -> int:
        """Kernels beneath the guests, by product: 1 for KVM, ESXi and type 2, 2 for Xen and Hyper-V."""
        return self.product.kernels_beneath

    @property
    def guest_kernels(self) -> int:
        """One guest kernel per VM."""
        return len(self._instances)

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

        The guest OS's sizing floor must fit in the guest RAM, and ``app``
        (if given) in what is left. Raises :class:`AllocationError` if the
        admission policy does not let the VM in; the hypervisor is then
        unchanged.
        """
        name = v.name("name", name)
        vcpus = v.whole("vcpus", vcpus)
        memory_gib = v.number("memory_gib", memory_gib)
        os_ = GUEST_OS[v.choice("guest_os", guest_os, GUEST_OS)]
        if memory_gib < os_.memory_gib - EPS:
            raise BelowSizingFloor(memory_gib, os_.label, os_.memory_gib)
        self._check_app(app, vcpus, memory_gib - os_.memory_gib, "vm", os_.label)
        p = parameters()
        vm = VirtualMachine(
            name=name, vcpus=vcpus, memory_gib=memory_gib, guest_os=os_, app=app,
            overhead_memory_gib=vm_overhead_gib(memory_gib, vcpus),
            disk_gib=os_.disk_gib + (app.disk_gib if app else 0.0),
            used_overhead_memory_gib=p.value("hypervisor.per_vm.used_mib") * MIB,
            cpu_overhead_fraction=p.value("hypervisor.cpu_overhead_fraction"),
        )
        self._admit(vm)
        return vm

    def remove_vm(self, name: str) -> None:
        """Shut down and delete the VM called ``name``."""
        self._remove(name)

    def __repr__(self) -> str:
        return (
            f"Hypervisor({self.product.key}, {self.kind}, host={self.host.cpu_cores} cores/"
            f"{number(self.host.memory_gib)} GiB, {len(self._instances)} VMs)"
        )


class ContainerRuntime(_System):
    """A container runtime on a host OS: containers share that OS's one kernel.

    Parameters
    ----------
    host : Host
    cpu_overcommit, memory_overcommit : float, default 1.0
        How far the requests may add up beyond the cores / memory.
    host_os : str, default "ubuntu-server"
        The host OS profile whose kernel all containers share.

    Examples
    --------
    >>> import vizlib as vz
    >>> rt = vz.ContainerRuntime(vz.Host(cpu_cores=8, memory_gib=32))
    >>> c = rt.run("web", cpus=0.5, memory_gib=0.5, limit_cpus=1)
    >>> rt.guest_kernels, rt.kernels
    (0, 1)
    """

    instance_kind = "container"
    _overhead_layer = "runtime"

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
        return "containers"

    def _platform_layers(self, view: str = "reserved") -> dict[str, float]:
        host = self.host_os.memory_gib if _view(view) == "reserved" else self.host_os.idle_memory_gib
        return {"host_os": host, "runtime": parameters().value("runtime.memory_gib")}

    def _platform_disk(self) -> float:
        return self.host_os.disk_gib

    def _instance_disk(self, instances: list) -> float:
        images = {i.image for i in instances}
        return sum(IMAGES[im] for im in images) + sum(i.app.disk_gib for i in instances if i.app)

    def _extra_disk(self, new: Container) -> float:
        """The app's files, and the image's only if no running container uses it yet (stored once)."""
        shared = any(c.image == new.image for c in self._instances.values())
        return (0.0 if shared else IMAGES[new.image]) + (new.app.disk_gib if new.app else 0.0)

    @property
    def kernels_beneath(self) -> int:
        """The host's one kernel, shared by every container."""
        return 1

    @property
    def guest_kernels(self) -> int:
        """Containers boot no kernel of their own."""
        return 0

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
        *,
        limit_cpus: float | None = None,
        limit_memory_gib: float | None = None,
    ) -> Container:
        """Start a container that requests ``cpus`` (fractions allowed) and ``memory_gib``.

        As in Kubernetes, the *request* is reserved (admission counts it) and a
        *limit* is a cap the kernel enforces: CPU beyond it is throttled,
        memory beyond it gets a process killed. With no limit the app may use
        more than it requested, up to the host's size. The model refuses an
        app bigger than its limit (a real kernel would throttle or kill it).
        Raises :class:`AllocationError` if the requests do not fit; the
        runtime is then unchanged.
        """
        name = v.name("name", name)
        cpus = v.number("cpus", cpus)
        memory_gib = v.number("memory_gib", memory_gib)
        image = v.choice("image", image, IMAGES)
        limits = {}
        for param, value, request, unit in (("limit_cpus", limit_cpus, cpus, "CPU"),
                                            ("limit_memory_gib", limit_memory_gib, memory_gib, "GiB")):
            if value is not None:
                value = v.number(param, value)
                if value < request - EPS:
                    raise LimitBelowRequest(param, value, request, unit)
            limits[param] = value
        limited = limits["limit_cpus"] is not None or limits["limit_memory_gib"] is not None
        if limited:
            self._check_app(app, limits["limit_cpus"] or math.inf, limits["limit_memory_gib"] or math.inf,
                            "limit")
        c = Container(
            name=name, cpus=cpus, memory_gib=memory_gib, image=image, app=app,
            overhead_memory_gib=parameters().value("runtime.per_container_mib") * MIB,
            disk_gib=IMAGES[image] + (app.disk_gib if app else 0.0),
            limit_cpus=limits["limit_cpus"], limit_memory_gib=limits["limit_memory_gib"],
        )
        self._check_fits(c)
        self._check_app(app, float(self.host.cpu_cores), self.host.memory_gib, "host")  # the host caps it
        self._admit(c)
        return c

    def stop(self, name: str) -> None:
        """Stop and remove the container called ``name``."""
        self._remove(name)

    def __repr__(self) -> str:
        return (
            f"ContainerRuntime(host={self.host.cpu_cores} cores/{number(self.host.memory_gib)} GiB, "
            f"{len(self._instances)} containers)"
        )


def vcpus_for(cpus: float) -> int:
    """Whole vCPUs a VM needs for ``cpus`` of work: at least 1, rounded up (a hair over a whole number does not add
    one)."""
    return max(1, math.ceil(cpus - EPS))
