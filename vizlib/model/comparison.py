"""The same app packaged one-per-VM versus one-per-container on one host."""

from __future__ import annotations

import html
import math
from dataclasses import asdict, dataclass

from vizlib.model import validate as v
from vizlib.model.systems import (
    DEFAULT_HOST_NAME,
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
from vizlib.text.catalog import N_, NP_, t, tp
from vizlib.text.fmt import columns, number, pad

__all__ = ["Packaging", "Comparison", "RESOURCE_WORDS", "STARTUP_PARTS", "compare", "resource_word", "startup_text"]

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
    "boot_to_init": N_("the hypervisor starts the VM and a minimal guest kernel boots to init"),
    "boot_rest": N_("the rest of a general-purpose guest OS's boot (firmware, its kernel, its services)"),
    "container_start": N_("the runtime creates namespaces and a cgroup and starts the container's process"),
}
"""What each start-up part stands for (the keys of :attr:`Packaging.startup_parts`), in English; show it with
:func:`startup_text`."""

RESOURCE_WORDS = {"cpu": NP_("resource", "CPU"), "memory": NP_("resource", "memory"), "disk": NP_("resource", "disk")}
"""The resource that runs out first (:attr:`Packaging.limited_by`), in words; show it with :func:`resource_word`."""


def startup_text(part: str) -> str:
    """What the start-up part ``part`` (a key of :data:`STARTUP_PARTS`) stands for, in the current language.

    >>> startup_text("container_start")
    "the runtime creates namespaces and a cgroup and starts the container's process"
    """
    return t(STARTUP_PARTS[part])


def resource_word(resource: str) -> str:
    """``"cpu"``, ``"memory"`` or ``"disk"`` as a learner reads it: "CPU", "memory", "disk" in English.

    >>> resource_word("cpu"), resource_word("disk")
    ('CPU', 'disk')
    """
    return tp("resource", RESOURCE_WORDS[resource])


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
            return t("one core per vCPU (no overcommit); containers request exactly what their app uses")
        return t("vCPUs and container requests may add up to {factor} times the cores; containers request exactly "
                 "what their app uses", factor=f"{self.cpu_overcommit:g}")

    def to_dict(self) -> dict:
        return {
            "host": asdict(self.host), "app": asdict(self.app), "hypervisor": self.hypervisor,
            "product": self.product, "cpu_overcommit": self.cpu_overcommit,
            "guest_os": self.guest_os, "vm": self.vm.to_dict(), "container": self.container.to_dict(),
        }

    def _rows(self) -> list[tuple[str, str, str]]:
        vm, ct = self.vm, self.container
        return [
            (t("copies that fit"), str(vm.max_instances), str(ct.max_instances)),
            (t("limited by"), resource_word(vm.limited_by), resource_word(ct.limited_by)),
            (t("reserved per copy"), f"{vm.cpus_each:g} vCPU, {number(vm.memory_each_gib)} GiB",
             f"{number(ct.cpus_each)} CPU, {number(ct.memory_each_gib)} GiB"),
            (t("overhead per copy (GiB)"), number(vm.overhead_each_gib), number(ct.overhead_each_gib)),
            (t("at {vms} / {containers} copies:", vms=vm.count, containers=ct.count), "", ""),
            ("  " + t("guest kernels"), str(vm.guest_kernels), str(ct.guest_kernels)),
            ("  " + t("kernels running in all"), str(vm.kernels), str(ct.kernels)),
            ("  " + t("memory for apps (GiB)"), number(vm.memory_for_apps_gib), number(ct.memory_for_apps_gib)),
            ("  " + t("memory overhead (GiB)"), number(vm.memory_overhead_gib), number(ct.memory_overhead_gib)),
            ("  " + t("stranded CPU (cores)"), number(vm.stranded_cpus), number(ct.stranded_cpus)),
            (t("start one more (s)"), number(vm.startup_seconds), number(ct.startup_seconds)),
        ]

    def reasons(self) -> list[str]:
        """Plain sentences explaining where the difference comes from."""
        os_ = GUEST_OS[self.guest_os]
        vm, ct = self.vm, self.container
        out = [
            t("Each VM boots its own {os} guest OS, for which it must reserve the OS's sizing floor of {floor} GiB "
              "before the app gets any; the hypervisor reserves {more} GiB more per VM.", os=os_.label,
              floor=number(os_.memory_gib), more=number(vm.overhead_each_gib - os_.memory_gib)),
        ]
        if vm.cpus_each > self.app.cpus + EPS and self.cpu_overcommit == 1:
            out.append(t(
                "A VM has whole vCPUs, and under this policy each reserves a whole core: the app needs {app_cpus} CPU "
                "but each VM reserves {vcpus}, so {stranded} per VM is reserved and unused (stranded).",
                app_cpus=number(self.app.cpus), vcpus=f"{vm.cpus_each:g}",
                stranded=number(vm.cpus_each - self.app.cpus)))
        elif vm.cpus_each > self.app.cpus + EPS:
            out.append(t(
                "A VM has whole vCPUs ({vcpus} here for an app that needs {app_cpus} CPU), but with CPU overcommit "
                "{factor} each vCPU reserves only 1/{factor} of a core.",
                vcpus=f"{vm.cpus_each:g}", app_cpus=number(self.app.cpus), factor=f"{self.cpu_overcommit:g}"))
        out.append(t(
            "Containers share the host's one kernel and request only the app's own {cpus} CPU and {memory} GiB, "
            "plus {overhead} GiB of runtime overhead.", cpus=number(ct.cpus_each), memory=number(self.app.memory_gib),
            overhead=number(ct.overhead_each_gib)))
        if vm.limited_by == "disk":
            out.append(t(
                "The VMs run out of disk first: the host has {disk} GiB of disk and each VM's {os} needs {os_disk} GiB "
                "plus the app's {app_disk}.", disk=number(self.host.disk_gib), os=os_.label,
                os_disk=number(os_.disk_gib), app_disk=number(self.app.disk_gib)))
        if ct.limited_by == "disk":
            out.append(t(
                "The containers run out of disk first: the host has {disk} GiB of disk and each container stores the "
                "app's {app_disk} GiB.", disk=number(self.host.disk_gib), app_disk=number(self.app.disk_gib)))
        product = PRODUCTS[self.product]
        if product.host_os is not None:
            beneath = GUEST_OS[product.host_os]
            out.append(t(
                "Beneath the VMs, {product} runs with {os}, which reserves its sizing floor of {floor} GiB first, as "
                "the containers' host OS reserves {host_floor} GiB.", product=product.label, os=beneath.label,
                floor=number(beneath.memory_gib), host_floor=number(GUEST_OS[CONTAINER_HOST_OS].memory_gib)))
        return out

    def __repr__(self) -> str:
        h, a = self.host, self.app
        product = PRODUCTS[self.product]
        head = t("App {app} ({cpus} CPU, {memory} GiB) on {host}; {product} ({kind}), {guest_os} guests",
                 app=repr(a.name), cpus=number(a.cpus), memory=number(a.memory_gib), host=_host_phrase(h),
                 product=product.label, kind=product.kind_text, guest_os=GUEST_OS[self.guest_os].label)
        rows = [("", tp("table column", "VMs"), tp("table column", "containers")), *self._rows()]
        w0 = max(columns(r[0]) for r in rows)
        w1 = max(columns(r[1]) for r in rows)
        lines = [head, t("Admission policy: {policy}.", policy=self.policy), ""]
        lines += [f"{pad(r[0], w0)}  {pad(r[1], w1, right=True)}   {r[2]}" for r in rows]
        return "\n".join(lines + [""] + [f"- {s}" for s in self.reasons()])

    def _repr_html_(self) -> str:
        e = html.escape
        rows = "".join(
            f"<tr><td style='text-align:left'>{e(r[0])}</td><td>{e(r[1])}</td><td>{e(r[2])}</td></tr>"
            for r in self._rows()
        )
        reasons = "".join(f"<li>{e(s)}</li>" for s in self.reasons())
        h, a = self.host, self.app
        product = PRODUCTS[self.product]
        head = t("<b>{app}</b> ({cpus} CPU, {memory} GiB) on {host}, {product} ({kind}), {guest_os} guests.",
                 app=e(a.name), cpus=number(a.cpus), memory=number(a.memory_gib), host=e(_host_phrase(h)),
                 product=e(product.label), kind=e(product.kind_text), guest_os=e(GUEST_OS[self.guest_os].label))
        return (
            f"<p>{head} {e(t('Admission policy: {policy}.', policy=self.policy))}</p>"
            f"<table><thead><tr><th></th><th>{e(tp('table column', 'VMs'))}</th>"
            f"<th>{e(tp('table column', 'containers'))}</th></tr></thead>"
            f"<tbody>{rows}</tbody></table><ul>{reasons}</ul>"
        )




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


def _host_phrase(h: Host) -> str:
    """The host as a heading names it: with its name and size, or only its size when it has the default name."""
    if h.name == DEFAULT_HOST_NAME:
        return t("a host of {cores} cores and {memory} GiB", cores=h.cpu_cores, memory=number(h.memory_gib))
    return t("{host} ({cores} cores, {memory} GiB)", host=h.name, cores=h.cpu_cores, memory=number(h.memory_gib))
