"""The same app packaged one-per-VM versus one-per-container on one host."""

from __future__ import annotations

import html
import math
from dataclasses import asdict, dataclass

from vizlib.model import validate as v
from vizlib.model.systems import (
    EPS,
    PRODUCTS,
    App,
    ContainerRuntime,
    Host,
    Hypervisor,
    vcpus_for,
    vm_overhead_gib,
)
from vizlib.model.table import GUEST_OS, IMAGES, MIB, parameters
from vizlib.text.fmt import number

__all__ = ["Packaging", "Comparison", "STARTUP_PARTS", "compare"]

CONTAINER_HOST_OS = "ubuntu-server"
"""The host OS the container side of :func:`compare` runs on."""


@dataclass(frozen=True)
class Packaging:
    """Metrics of one way of packaging the app (``kind`` is "vm" or "container").

    ``count`` is the number of copies the metrics describe (``max_instances``
    unless :func:`compare` was given ``count``); ``fits`` says whether that
    many copies fit. ``guest_kernels`` counts one per VM (0 for containers);
    ``kernels`` every kernel the host runs (the guests' plus those beneath
    them: exactly 1 for containers). ``startup_parts`` lists what starting one
    more copy consists of, as ``(part, seconds)``; ``startup_seconds`` is their
    sum, each part counted once.
    """

    kind: str
    max_instances: int
    count: int
    fits: bool
    limited_by: str
    cpus_each: float
    memory_each_gib: float
    overhead_each_gib: float
    guest_kernels: int
    kernels: int
    memory_overhead_gib: float
    memory_for_apps_gib: float
    platform_memory_gib: float
    stranded_cpus: float
    startup_parts: tuple[tuple[str, float], ...]

    @property
    def startup_seconds(self) -> float:
        """Time to start one more copy: the sum of :attr:`startup_parts`."""
        return sum(s for _, s in self.startup_parts)

    def to_dict(self) -> dict:
        return asdict(self) | {"startup_seconds": self.startup_seconds}


STARTUP_PARTS = {
    "boot_to_init": "the hypervisor starts the VM and a minimal guest kernel boots to init",
    "boot_rest": "the rest of a general-purpose guest OS's boot (firmware, its kernel, its services)",
    "container_start": "the runtime creates namespaces and a cgroup and starts the container's process",
}
"""What each start-up part stands for (the keys of :attr:`Packaging.startup_parts`)."""


@dataclass(frozen=True)
class Comparison:
    """Result of :func:`compare`: ``.vm`` and ``.container`` side by side."""

    host: Host
    app: App
    hypervisor: str
    guest_os: str
    vm: Packaging
    container: Packaging
    product: str = "kvm"
    cpu_overcommit: float = 1.0

    @property
    def policy(self) -> str:
        """The admission policy the comparison assumes, in words."""
        if self.cpu_overcommit == 1:
            return "one core per vCPU (no overcommit); containers request exactly what their app uses"
        return (f"vCPUs and container requests may add up to {self.cpu_overcommit:g} times the cores; containers "
                "request exactly what their app uses")

    def to_dict(self) -> dict:
        return {
            "host": asdict(self.host), "app": asdict(self.app), "hypervisor": self.hypervisor,
            "product": self.product, "cpu_overcommit": self.cpu_overcommit,
            "guest_os": self.guest_os, "vm": self.vm.to_dict(), "container": self.container.to_dict(),
        }

    def _rows(self) -> list[tuple[str, str, str]]:
        vm, ct = self.vm, self.container
        return [
            ("copies that fit", str(vm.max_instances), str(ct.max_instances)),
            ("limited by", _RESOURCE[vm.limited_by], _RESOURCE[ct.limited_by]),
            ("reserved per copy", f"{vm.cpus_each:g} vCPU, {number(vm.memory_each_gib)} GiB",
             f"{number(ct.cpus_each)} CPU, {number(ct.memory_each_gib)} GiB"),
            ("overhead per copy (GiB)", number(vm.overhead_each_gib), number(ct.overhead_each_gib)),
            (f"at {vm.count} / {ct.count} copies:", "", ""),
            ("  guest kernels", str(vm.guest_kernels), str(ct.guest_kernels)),
            ("  kernels running in all", str(vm.kernels), str(ct.kernels)),
            ("  memory for apps (GiB)", number(vm.memory_for_apps_gib), number(ct.memory_for_apps_gib)),
            ("  memory overhead (GiB)", number(vm.memory_overhead_gib), number(ct.memory_overhead_gib)),
            ("  stranded CPU (cores)", number(vm.stranded_cpus), number(ct.stranded_cpus)),
            ("start one more (s)", number(vm.startup_seconds), number(ct.startup_seconds)),
        ]

    def reasons(self) -> list[str]:
        """Plain sentences explaining where the difference comes from."""
        os_ = GUEST_OS[self.guest_os]
        vm, ct = self.vm, self.container
        out = [
            f"Each VM boots its own {os_.label} guest OS, for which it must reserve the OS's sizing floor of "
            f"{number(os_.memory_gib)} GiB before the app gets any; the hypervisor reserves "
            f"{number(vm.overhead_each_gib - os_.memory_gib)} GiB more per VM.",
        ]
        if vm.cpus_each > self.app.cpus + EPS and self.cpu_overcommit == 1:
            out.append(
                f"A VM has whole vCPUs, and under this policy each reserves a whole core: the app needs "
                f"{number(self.app.cpus)} CPU but each VM reserves {vm.cpus_each:g}, so "
                f"{number(vm.cpus_each - self.app.cpus)} per VM is reserved and unused (stranded)."
            )
        elif vm.cpus_each > self.app.cpus + EPS:
            out.append(
                f"A VM has whole vCPUs ({vm.cpus_each:g} here for an app that needs {number(self.app.cpus)} CPU), but "
                f"with CPU overcommit {self.cpu_overcommit:g} each vCPU reserves only 1/{self.cpu_overcommit:g} of "
                "a core."
            )
        out.append(
            f"Containers share the host's one kernel and request only the app's own "
            f"{number(ct.cpus_each)} CPU and {number(self.app.memory_gib)} GiB, plus "
            f"{number(ct.overhead_each_gib)} GiB of runtime overhead."
        )
        for kind, p in (("VMs", vm), ("containers", ct)):
            if p.limited_by == "disk":
                out.append(
                    f"The {kind} run out of disk first: the host has {number(self.host.disk_gib)} GiB of disk and "
                    + (f"each VM's {os_.label} needs {number(os_.disk_gib)} GiB plus the app's "
                       f"{number(self.app.disk_gib)}."
                       if kind == "VMs" else f"each container stores the app's {number(self.app.disk_gib)} GiB.")
                )
        product = PRODUCTS[self.product]
        if product.host_os is not None:
            beneath = GUEST_OS[product.host_os]
            out.append(
                f"Beneath the VMs, {product.label} runs with {beneath.label}, which reserves its sizing floor of "
                f"{number(beneath.memory_gib)} GiB first, as the containers' host OS reserves "
                f"{number(GUEST_OS[CONTAINER_HOST_OS].memory_gib)} GiB."
            )
        return out

    def __repr__(self) -> str:
        h, a = self.host, self.app
        head = (
            f"App {a.name!r} ({number(a.cpus)} CPU, {number(a.memory_gib)} GiB) on {h.name} "
            f"({h.cpu_cores} cores, {number(h.memory_gib)} GiB); {PRODUCTS[self.product].label} "
            f"({PRODUCTS[self.product].kind_text}), {GUEST_OS[self.guest_os].label} guests"
        )
        rows = [("", "VMs", "containers"), *self._rows()]
        w0 = max(len(r[0]) for r in rows)
        w1 = max(len(r[1]) for r in rows)
        lines = [head, f"Admission policy: {self.policy}.", ""] + [f"{r[0]:<{w0}}  {r[1]:>{w1}}   {r[2]}" for r in rows]
        return "\n".join(lines + [""] + [f"- {s}" for s in self.reasons()])

    def _repr_html_(self) -> str:
        e = html.escape
        rows = "".join(
            f"<tr><td style='text-align:left'>{e(r[0])}</td><td>{e(r[1])}</td><td>{e(r[2])}</td></tr>"
            for r in self._rows()
        )
        reasons = "".join(f"<li>{e(s)}</li>" for s in self.reasons())
        h, a = self.host, self.app
        return (
            f"<p><b>{e(a.name)}</b> ({number(a.cpus)} CPU, {number(a.memory_gib)} GiB) on {e(h.name)} "
            f"({h.cpu_cores} cores, {number(h.memory_gib)} GiB), {e(PRODUCTS[self.product].label)} "
            f"({e(self.hypervisor)}), "
            f"{e(self.guest_os)} guests. Admission policy: {e(self.policy)}.</p>"
            f"<table><thead><tr><th></th><th>VMs</th><th>containers</th></tr></thead>"
            f"<tbody>{rows}</tbody></table><ul>{reasons}</ul>"
        )


_RESOURCE = {"cpu": "CPU", "memory": "memory", "disk": "disk"}


def _fit(free: dict[str, float], need: dict[str, float]) -> tuple[int, str]:
    """How many copies fit, and which resource runs out first."""
    cap = 10**9  # "unlimited" for a resource a copy barely uses
    counts = {
        r: math.floor(min((free[r] + EPS) / need[r], cap)) if need[r] > 0 else cap for r in ("cpu", "memory", "disk")
    }
    limit = min(counts, key=lambda r: counts[r])
    return max(0, counts[limit]), limit


def compare(
    host: Host,
    app: App,
    *,
    hypervisor: str | None = None,
    guest_os: str = "ubuntu-server",
    image: str = "alpine",
    count: int | None = None,
    product: str | None = None,
    cpu_overcommit: float = 1.0,
) -> Comparison:
    """Package ``app`` one-per-VM and one-per-container on ``host``; compare.

    A VM reserves ``ceil(app.cpus)`` whole vCPUs and guest RAM = the guest
    OS's sizing floor + app memory; a container requests exactly the app's
    CPU and memory. Both are admitted by the same rules as
    :class:`Hypervisor` and :class:`ContainerRuntime`, with no overcommit:
    this compares reservations, which is what decides how many copies a
    host is allowed to hold. ``cpu_overcommit`` lets both the vCPUs and the
    containers' CPU requests add up to that many times the cores (memory is
    never overcommitted here).

    Parameters
    ----------
    host : Host
    app : App
    hypervisor : {"type1", "type2"}, optional
        The hypervisor's kind (default: the product's, or type 1).
    guest_os : str
        Guest OS profile for the VMs (see :data:`vizlib.GUEST_OS`).
    image : str
        Container image (see :data:`vizlib.IMAGES`).
    count : int, optional
        Report the metrics at this many copies instead of at the maximum.
    product : str, optional
        A hypervisor product (see :data:`vizlib.PRODUCTS`); default KVM, or
        VirtualBox for type 2.
    cpu_overcommit : float, default 1.0
        The admission policy for CPU: 1 reserves a core per vCPU.

    Examples
    --------
    >>> import vizlib as vz
    >>> c = vz.compare(vz.Host(cpu_cores=16, memory_gib=64), vz.App("web", cpus=0.5, memory_gib=0.5))
    >>> c.container.max_instances > c.vm.max_instances
    True
    """
    if not isinstance(host, Host):
        raise TypeError(f"host must be a vizlib.Host, got {host!r} ({type(host).__name__})")
    if not isinstance(app, App):
        raise TypeError(f"app must be a vizlib.App, got {app!r} ({type(app).__name__})")
    os_ = GUEST_OS[v.choice("guest_os", guest_os, GUEST_OS)]
    v.choice("image", image, IMAGES)
    if count is not None:
        count = v.whole("count", count, minimum=0)
    hv = Hypervisor(host, kind=hypervisor, product=product, cpu_overcommit=cpu_overcommit)
    rt = ContainerRuntime(host, host_os=CONTAINER_HOST_OS, cpu_overcommit=cpu_overcommit)
    p = parameters()

    vcpus = vcpus_for(app.cpus)
    guest_ram = os_.memory_gib + app.memory_gib
    vm_over = vm_overhead_gib(guest_ram, vcpus)
    each = {"cpu": vcpus, "memory": guest_ram + vm_over, "disk": os_.disk_gib + app.disk_gib}
    vm_max, vm_limit = _fit(hv.free(), each)
    n = vm_max if count is None else count
    vm = Packaging(
        kind="vm", max_instances=vm_max, count=n, fits=n <= vm_max, limited_by=vm_limit,
        cpus_each=float(vcpus), memory_each_gib=guest_ram, overhead_each_gib=os_.memory_gib + vm_over,
        guest_kernels=n, kernels=n + hv.kernels_beneath,
        memory_overhead_gib=hv._platform_memory() + n * (os_.memory_gib + vm_over),
        memory_for_apps_gib=n * app.memory_gib, platform_memory_gib=hv._platform_memory(),
        stranded_cpus=n * (vcpus - app.cpus),
        startup_parts=(("boot_to_init", p.value("hypervisor.boot_to_init_seconds")),
                       ("boot_rest", os_.boot_rest_seconds)),
    )

    ct_over = p.value("runtime.per_container_mib") * MIB
    free = rt.free()
    free["disk"] -= IMAGES[image]  # the image is stored once, whatever the count
    ct_max, ct_limit = _fit(free, {"cpu": app.cpus, "memory": app.memory_gib + ct_over, "disk": app.disk_gib})
    if free["disk"] < -EPS:
        ct_max = 0
    n = ct_max if count is None else count
    container = Packaging(
        kind="container", max_instances=ct_max, count=n, fits=n <= ct_max, limited_by=ct_limit,
        cpus_each=app.cpus, memory_each_gib=app.memory_gib, overhead_each_gib=ct_over,
        guest_kernels=0, kernels=rt.kernels, memory_overhead_gib=rt._platform_memory() + n * ct_over,
        memory_for_apps_gib=n * app.memory_gib, platform_memory_gib=rt._platform_memory(),
        stranded_cpus=0.0, startup_parts=(("container_start", p.value("runtime.start_seconds")),),
    )
    return Comparison(host=host, app=app, hypervisor=hv.kind, guest_os=guest_os, vm=vm, container=container,
                      product=hv.product.key, cpu_overcommit=hv.cpu_overcommit)
